//! The `f32` steps of the sequence layers against their `f64` steps on the same parameters
//! (issue 20): where the CPU has AVX2 and FMA, `f32` takes the fused steps of LSTM and GRU and
//! the compile-time-sized product of the convolution (`kernels::fixed`), `f64` the portable
//! code, so a wrong gate block, bias, tail or overlapping last group in the fused code shows as a
//! difference far above `f32` rounding. Every width from 4 units (where the fused step starts)
//! to 20, and 24, 31, 32, 33, 47, 64; one, three, eight and twenty inputs; 30 steps, so that the state
//! (h, and c for the LSTM) feeds back through W_hh. The `f64` steps are in turn checked against
//! the equations written out in this file.
//!
//! In builds for AVX-512 F the same steps take the wide code instead (the LSTM and GRU cells
//! in blocks of 16 units from 16 units, in `f32` and `f64`, hence the check against the
//! equations; the `f32` convolution's window by permutes, `kernels::fixed::interleave`), so
//! these tests check that code too when run as
//!
//! ```sh
//! RUSTFLAGS="-C target-cpu=native" cargo test -p typenet-runtime --test recurrent_fused
//! ```
//!
//! on a CPU with AVX-512 (`.ci/run` does where the CPU has it); in other builds they check the
//! AVX2 code, and the wide code is not compiled.

use typenet_runtime::nalgebra::SVector;
use typenet_runtime::{
    Conv1d, Conv1dState, Flat, Gru, GruState, GruTrace, Lstm, LstmState, LstmTrace, Scalar,
};

const STEPS: usize = 30;

/// tanh as the `f32` step computes it: the fused flavour where the CPU has AVX2 and FMA (the
/// fused step's σ and tanh are), the plain one elsewhere.
fn step_tanh(x: f32) -> f32 {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
        return x.act_tanh_fused();
    }
    x.act_tanh()
}

/// Deterministic values in (−0.5, 0.5).
fn pseudo(k: usize, salt: u64) -> f64 {
    let mut z = (k as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ salt;
    z = (z ^ (z >> 31)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    (z >> 11) as f64 / (1u64 << 53) as f64 - 0.5
}

/// A layer with parameters in (−1.5/√n, 1.5/√n) for n summed terms (1.5 × PyTorch's bound: the
/// gates leave their linear range, while the recurrence stays contractive enough that `f32`
/// rounding does not grow over the steps), as `T`, from the same `f64` values for `f32` and
/// `f64`.
fn filled<L: Flat<T>, T: Scalar>(n: usize, salt: u64) -> L {
    let mut l = L::zeros();
    let scale = 3.0 / (n as f64).sqrt();
    for (k, v) in l.as_mut_slice().iter_mut().enumerate() {
        *v = T::lit(scale * pseudo(k, salt));
    }
    l
}

fn input<T: Scalar, const N: usize>(t: usize) -> SVector<T, N> {
    SVector::from_fn(|i, _| T::lit(2.0 * pseudo(t * N + i, 77)))
}

/// `f32` against `f64`, to a few `f32` roundings of values that stay within a few units.
fn close<const N: usize>(what: &str, t: usize, a: &SVector<f32, N>, b: &SVector<f64, N>) {
    for j in 0..N {
        let err = (a[j] as f64 - b[j]).abs();
        assert!(
            err <= 1e-5 * b[j].abs().max(1.0),
            "{what} step {t} [{j}]: f32 {} against f64 {}",
            a[j],
            b[j]
        );
    }
}

/// The `f64` steps against the equations written out here (`std`'s exp and tanh, plain loops
/// over PyTorch's layout), to 1e-9: the `f32` and `f64` steps share the cell code (its blocks of
/// 8 or 16 units), which a comparison between the two alone would not check.
fn exact<const N: usize>(what: &str, t: usize, a: &SVector<f64, N>, b: &[f64]) {
    for j in 0..N {
        assert!(
            (a[j] - b[j]).abs() <= 1e-9 * b[j].abs().max(1.0),
            "{what} step {t} [{j}]: {} against the equations' {}",
            a[j],
            b[j]
        );
    }
}

fn sigma(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// W_ih x + b_ih and W_hh h + b_hh, gate row by gate row.
fn rows<const I: usize, const H: usize, const G: usize>(
    w_ih: &typenet_runtime::nalgebra::SMatrix<f64, I, G>,
    w_hh: &typenet_runtime::nalgebra::SMatrix<f64, H, G>,
    b: (&SVector<f64, G>, &SVector<f64, G>),
    x: &SVector<f64, I>,
    h: &[f64],
) -> (Vec<f64>, Vec<f64>) {
    let gi = (0..G)
        .map(|j| b.0[j] + (0..I).map(|p| w_ih[(p, j)] * x[p]).sum::<f64>())
        .collect();
    let gh = (0..G)
        .map(|j| b.1[j] + (0..H).map(|p| w_hh[(p, j)] * h[p]).sum::<f64>())
        .collect();
    (gi, gh)
}

fn lstm<const I: usize, const H: usize, const G: usize>() {
    let (l32, l64): (Lstm<f32, I, H, G>, Lstm<f64, I, H, G>) = (filled(H, 5), filled(H, 5));
    let (mut s32, mut s64, mut st) = (LstmState::zeros(), LstmState::zeros(), LstmState::zeros());
    let mut tr = LstmTrace::zeros();
    let (mut h, mut c) = (vec![0.0; H], vec![0.0; H]);
    for t in 0..STEPS {
        let y32 = l32.step(&mut s32, &input::<f32, I>(t));
        let y64 = l64.step(&mut s64, &input::<f64, I>(t));
        let what = format!("LSTM({I} → {H})");
        close(&what, t, &y32, &y64);
        close(&what, t, &s32.c, &s64.c);
        let (gi, gh) = rows(
            &l64.weight_ih,
            &l64.weight_hh,
            (&l64.bias_ih, &l64.bias_hh),
            &input::<f64, I>(t),
            &h,
        );
        let a: Vec<f64> = gi.iter().zip(&gh).map(|(p, q)| p + q).collect();
        for j in 0..H {
            c[j] = sigma(a[H + j]) * c[j] + sigma(a[j]) * a[2 * H + j].tanh();
            h[j] = sigma(a[3 * H + j]) * c[j].tanh();
        }
        exact(&what, t, &y64, &h);
        exact(&what, t, &s64.c, &c);
        // The traced step: the same bits, and a trace of the step's values.
        let h0 = st.h;
        assert_eq!(
            l32.step_traced(&mut st, &input::<f32, I>(t), &mut tr),
            y32,
            "{what}"
        );
        assert_eq!(st, s32, "{what}");
        assert_eq!(tr.h, h0, "{what}");
        for j in 0..H {
            assert_eq!(tr.tc[j], step_tanh(s32.c[j]), "{what} tanh c[{j}]");
            assert_eq!(tr.o[j] * tr.tc[j], y32[j], "{what} o·tanh c[{j}]");
        }
    }
}

fn gru<const I: usize, const H: usize, const G: usize>() {
    let (l32, l64): (Gru<f32, I, H, G>, Gru<f64, I, H, G>) = (filled(H, 6), filled(H, 6));
    let (mut s32, mut s64, mut st) = (GruState::zeros(), GruState::zeros(), GruState::zeros());
    let mut tr = GruTrace::zeros();
    let mut h = vec![0.0; H];
    for t in 0..STEPS {
        let y32 = l32.step(&mut s32, &input::<f32, I>(t));
        let y64 = l64.step(&mut s64, &input::<f64, I>(t));
        let what = format!("GRU({I} → {H})");
        close(&what, t, &y32, &y64);
        let (gi, gh) = rows(
            &l64.weight_ih,
            &l64.weight_hh,
            (&l64.bias_ih, &l64.bias_hh),
            &input::<f64, I>(t),
            &h,
        );
        for j in 0..H {
            let r = sigma(gi[j] + gh[j]);
            let z = sigma(gi[H + j] + gh[H + j]);
            let n = (gi[2 * H + j] + r * gh[2 * H + j]).tanh();
            h[j] = (1.0 - z) * n + z * h[j];
        }
        exact(&what, t, &y64, &h);
        let h0 = st.h;
        assert_eq!(
            l32.step_traced(&mut st, &input::<f32, I>(t), &mut tr),
            y32,
            "{what}"
        );
        assert_eq!(st, s32, "{what}");
        assert_eq!(tr.h, h0, "{what}");
        for j in 0..H {
            let h = (1.0 - tr.z[j]) * tr.n[j] + tr.z[j] * h0[j];
            assert_eq!(h, y32[j], "{what} (1 − z)·n + z·h [{j}]");
        }
    }
}

fn conv<
    const CIN: usize,
    const COUT: usize,
    const K: usize,
    const D: usize,
    const CK: usize,
    const R: usize,
>() {
    let l32: Conv1d<f32, CIN, COUT, K, D, CK, R> = filled(CK, 7);
    let l64: Conv1d<f64, CIN, COUT, K, D, CK, R> = filled(CK, 7);
    let (mut s32, mut s64) = (Conv1dState::zeros(), Conv1dState::zeros());
    for t in 0..STEPS {
        let y32 = l32.step(&mut s32, &input::<f32, CIN>(t));
        let y64 = l64.step(&mut s64, &input::<f64, CIN>(t));
        close(&format!("Conv1d({CIN} → {COUT}, {K}, {D})"), t, &y32, &y64);
    }
}

#[test]
fn fused_lstm_steps_match_the_f64_steps_at_every_width() {
    macro_rules! hs {
        ($i:literal: $($h:literal)*) => {$( lstm::<$i, $h, { 4 * $h }>(); )*};
    }
    hs!(1: 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 24 31 32 33 47 64);
    hs!(3: 4 5 8 12 16 33);
    hs!(8: 4 8 16 20);
    hs!(20: 5 16 33);
}

#[test]
fn fused_gru_steps_match_the_f64_steps_at_every_width() {
    macro_rules! hs {
        ($i:literal: $($h:literal)*) => {$( gru::<$i, $h, { 3 * $h }>(); )*};
    }
    hs!(1: 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 24 31 32 33 47 64);
    hs!(3: 4 5 8 12 16 33);
    hs!(8: 4 8 16 20);
    hs!(20: 5 16 33);
}

#[test]
fn fixed_size_convolution_products_match_the_f64_steps() {
    conv::<1, 16, 3, 1, 3, 3>();
    conv::<16, 16, 3, 2, 48, 5>();
    conv::<16, 16, 3, 8, 48, 17>();
    conv::<3, 8, 4, 3, 12, 10>();
    conv::<5, 13, 3, 1, 15, 3>();
    conv::<2, 3, 3, 2, 6, 5>();
    // Windows of part of a ZMM, of several and of a masked last one, and one tap (no
    // interleaving), for the builds for AVX-512.
    conv::<16, 16, 3, 4, 48, 9>();
    conv::<7, 5, 5, 1, 35, 5>();
    conv::<33, 4, 2, 3, 66, 4>();
    conv::<1, 16, 5, 2, 5, 9>();
    conv::<6, 17, 3, 1, 18, 3>();
    conv::<16, 16, 1, 1, 16, 1>();
}
