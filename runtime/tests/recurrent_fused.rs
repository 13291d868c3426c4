//! The `f32` steps of the sequence layers against their `f64` steps on the same parameters
//! (issue 20): where the CPU has AVX2 and FMA, `f32` takes the fused steps of LSTM and GRU and
//! the compile-time-sized product of the convolution (`kernels::fixed`), `f64` the portable
//! code, so a wrong gate block, bias, tail or overlapping last group in the fused code shows as a
//! difference far above `f32` rounding. Every width from 4 units (where the fused step starts)
//! to 20, and 32, 33, 64; one, three, eight and twenty inputs; 30 steps, so that the state
//! (h, and c for the LSTM) feeds back through W_hh.

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

fn lstm<const I: usize, const H: usize, const G: usize>() {
    let (l32, l64): (Lstm<f32, I, H, G>, Lstm<f64, I, H, G>) = (filled(H, 5), filled(H, 5));
    let (mut s32, mut s64, mut st) = (LstmState::zeros(), LstmState::zeros(), LstmState::zeros());
    let mut tr = LstmTrace::zeros();
    for t in 0..STEPS {
        let y32 = l32.step(&mut s32, &input::<f32, I>(t));
        let y64 = l64.step(&mut s64, &input::<f64, I>(t));
        let what = format!("LSTM({I} → {H})");
        close(&what, t, &y32, &y64);
        close(&what, t, &s32.c, &s64.c);
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
    for t in 0..STEPS {
        let y32 = l32.step(&mut s32, &input::<f32, I>(t));
        let y64 = l64.step(&mut s64, &input::<f64, I>(t));
        let what = format!("GRU({I} → {H})");
        close(&what, t, &y32, &y64);
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
    hs!(1: 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 32 33 64);
    hs!(3: 4 5 8 12 16 33);
    hs!(8: 4 8 16 20);
    hs!(20: 5 16 33);
}

#[test]
fn fused_gru_steps_match_the_f64_steps_at_every_width() {
    macro_rules! hs {
        ($i:literal: $($h:literal)*) => {$( gru::<$i, $h, { 3 * $h }>(); )*};
    }
    hs!(1: 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 32 33 64);
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
}
