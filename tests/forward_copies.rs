//! The generated `forward` of a network with a stage of 8 values or more is one body,
//! `__forward::<__ISA>`, compiled up to three times on x86-64: for the build's baseline
//! (`__ISA` 0), for AVX2 + FMA (1) and, with a stage of 16 values or more, for AVX-512 F (2),
//! chosen once per call by what the CPU has (issue 17). The AVX2 + FMA and AVX-512 copies compute what a build for those extensions
//! does (the AVX2 sums of unrolled 2-, 4- and 8-input layers, the fused σ/tanh of narrow layers),
//! so they must give the same bits as each other: the element-wise maps work lane by lane
//! whatever the register width, and the runtime's kernels choose their own instantiation in
//! every copy. The baseline copy keeps the build's baseline bits, which may differ from theirs in
//! the last bits (σ/tanh fused or not); it is checked against a plain `f64` reference of the
//! network within a tolerance, and so are the copies. Networks with every activation, unrolled
//! and kernel products, residual blocks, `f32` and `f64`.
#![cfg(target_arch = "x86_64")]

use typenet::Scalar;
use typenet::nalgebra::SVector;
use typenet::prelude::*;

network! {
    /// Tanh and σ around an unrolled 8-wide stage (the shape of RTNeural's N2).
    pub struct Small: 2 => Dense(8, Tanh) => Dense(1, Sigmoid)
    /// Unrolled 4- and 8-input layers, narrow σ of 3 to 8 neurons.
    pub struct Narrow: 4 => Dense(8, Sigmoid) => Dense(4, Tanh) => Dense(3, Sigmoid)
    /// Wide σ/tanh layers (the fused maps from 16 neurons) and a kernel product.
    pub struct Mid: 16 => Dense(32, Tanh) => Dense(32, Sigmoid) => Dense(4)
    /// The other activations, narrow and wide.
    pub struct Mixed: 12 => Dense(24, Softplus) => Dense(17, Swish) => Dense(9, Mish)
        => Dense(20, ELU(0.5)) => Dense(16, LogSigmoid) => Dense(8, Softsign) => Dense(3, Softmax)
    /// Residual blocks and activation stages.
    pub struct Res: 8 => Residual(Dense(16, Tanh) => Dense(8)) => Swish
        => Residual(Dense(8, LeakyReLU(0.1)) => Dense(8), Sigmoid) => Dense(5, Softmax)
    /// A wide layer past the unrolling threshold (the runtime's one-sample kernel).
    pub struct Wide: 40 => Dense(64, ReLU) => Dense(10); unroll = 0
}

/// A deterministic pseudo-random value in [-3, 3) for (seed, i): wide enough to reach every
/// range of σ, tanh and the others.
fn value(seed: u64, i: usize) -> f64 {
    let mut h = seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    h ^= h >> 29;
    h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h ^= h >> 32;
    (h >> 11) as f64 / (1u64 << 53) as f64 * 6.0 - 3.0
}

/// The bits of each value (as `f64`: exact for `f32`).
fn bits<T: Scalar, const N: usize>(y: &SVector<T, N>) -> Vec<u64> {
    y.iter().map(|v| v.to_f64().to_bits()).collect()
}

/// The CPU has AVX2 and FMA.
fn avx2_fma() -> bool {
    std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma")
}

/// `y` within `tol` (absolute, plus relative to the value) of the reference `want`.
fn close<T: Scalar, const N: usize>(y: &SVector<T, N>, want: &SVector<f64, N>, tol: f64) -> bool {
    y.iter()
        .zip(want.iter())
        .all(|(y, w)| (y.to_f64() - w).abs() <= tol * (1.0 + w.abs()))
}

/// Checks `$net`'s forward copies in `$t` on 200 inputs (2 under Miri): `forward` is the copy this CPU runs,
/// the AVX2 + FMA and AVX-512 copies (where the CPU has them) agree bit for bit, and every copy
/// is within `$tol` of the same network in `f64`'s baseline copy (the plain reference).
/// Returns which copies ran. `narrow` marks a network without a stage of 16 values, which has
/// no AVX-512 copy: there `forward` must run the AVX2 + FMA copy where the build lacks AVX2.
macro_rules! check {
    ($net:ident, $t:ty, $n_in:expr, $tol:expr) => {
        check!(@ $net, $t, $n_in, $tol, { avx512 })
    };
    ($net:ident, $t:ty, $n_in:expr, $tol:expr, narrow) => {
        check!(@ $net, $t, $n_in, $tol, {})
    };
    (@ $net:ident, $t:ty, $n_in:expr, $tol:expr, { $($avx512:ident)? }) => {{
        let mut net = $net::<$t>::zeros();
        let mut reference = $net::<f64>::zeros();
        for (i, p) in net.params_mut().iter_mut().enumerate() {
            *p = value(7, i) as $t * 0.5;
        }
        for (p, q) in reference
            .params_mut()
            .iter_mut()
            .zip(net.params_mut().iter())
        {
            *p = q.to_f64();
        }
        let mut copies = 0;
        for s in 0..if cfg!(miri) { 2 } else { 200u64 } {
            let x = SVector::<$t, { $n_in }>::from_fn(|i, _| value(s, i) as $t);
            let x64 = x.map(|v| v.to_f64());
            // SAFETY: instruction set 0 asks nothing.
            let want = unsafe { reference.__forward::<0>(&x64) };
            // SAFETY: as above.
            let base = unsafe { net.__forward::<0>(&x) };
            assert!(
                close(&base, &want, $tol),
                "{} baseline copy",
                stringify!($net)
            );
            let y = net.forward(&x);
            assert!(close(&y, &want, $tol), "{} forward", stringify!($net));
            let mut avx2 = None;
            if avx2_fma() {
                // SAFETY: the CPU has AVX2 and FMA (asked just above).
                let y = unsafe { net.__forward_avx2_fma(&x) };
                assert!(
                    close(&y, &want, $tol),
                    "{} AVX2 + FMA copy",
                    stringify!($net)
                );
                avx2 = Some(bits(&y));
                copies = copies.max(1);
            }
            if stringify!($($avx512)?).is_empty() {
                #[cfg(not(all(target_feature = "avx2", target_feature = "fma")))]
                if let Some(avx2) = &avx2 {
                    assert_eq!(
                        &bits(&net.forward(&x)),
                        avx2,
                        "{} forward against the AVX2 + FMA copy",
                        stringify!($net)
                    );
                }
            }
            $(if std::is_x86_feature_detected!("avx512f") {
                let _ = stringify!($avx512);
                // SAFETY: the CPU has AVX-512 F (asked just above).
                let y = unsafe { net.__forward_avx512(&x) };
                assert_eq!(
                    Some(bits(&y)),
                    avx2,
                    "{} AVX-512 copy against the AVX2 + FMA copy",
                    stringify!($net)
                );
                assert_eq!(
                    bits(&net.forward(&x)),
                    bits(&y),
                    "{} forward",
                    stringify!($net)
                );
                copies = 2;
            })?
        }
        check_columns!(net, $net, $t, $n_in);
        copies
    }};
}

/// Checks `$net`'s per-column `forward_batch` (every network here has fewer than 32,768
/// parameters): each copy of its loop (`__forward_columns::<0>`, `_avx2_fma`, `_avx512`, where
/// the CPU has them) gives the bits of the same copy of `forward` column by column, and
/// `forward_batch` those of `forward`, on 0, 1 and 37 (Miri: 3) columns read through a view whose column
/// stride is not the row count.
macro_rules! check_columns {
    ($v:ident, $net:ident, $t:ty, $n_in:expr) => {{
        use typenet::nalgebra::{Const, DMatrix, Dyn, OMatrix};
        type Y<T> = OMatrix<T, Const<{ $net::<f64>::OUTPUTS }>, Dyn>;
        for b in [0usize, 1, if cfg!(miri) { 3 } else { 37 }] {
            let big = DMatrix::<$t>::from_fn($n_in + 3, b, |i, s| value(90 + s as u64, i) as $t);
            let x = big.fixed_rows::<{ $n_in }>(2);
            let column = |s: usize| -> SVector<$t, { $n_in }> { x.column(s).into_owned() };
            let per_column = |f: &dyn Fn(&SVector<$t, { $n_in }>) -> Vec<u64>| {
                (0..b).flat_map(|s| f(&column(s))).collect::<Vec<_>>()
            };
            let all = |y: &Y<$t>| y.iter().map(|v| v.to_f64().to_bits()).collect::<Vec<_>>();
            let mut y = Y::<$t>::zeros_generic(Const, Dyn(b));
            let mut scratch = vec![0.0 as $t; $net::<$t>::batch_scratch_len(b)];
            $v.forward_batch(&x, &mut y, &mut scratch).unwrap();
            assert_eq!(
                all(&y),
                per_column(&|x| bits(&$v.forward(x))),
                "{} forward_batch({b})",
                stringify!($net)
            );
            // SAFETY: instruction set 0 asks nothing.
            unsafe { $v.__forward_columns::<0, _, _, _, _>(&x, &mut y) };
            assert_eq!(
                all(&y),
                // SAFETY: as above.
                per_column(&|x| bits(&unsafe { $v.__forward::<0>(x) })),
                "{} baseline loop ({b} columns)",
                stringify!($net)
            );
            if avx2_fma() {
                // SAFETY: the CPU has AVX2 and FMA (asked just above).
                unsafe { $v.__forward_columns_avx2_fma(&x, &mut y) };
                assert_eq!(
                    all(&y),
                    // SAFETY: as above.
                    per_column(&|x| bits(&unsafe { $v.__forward_avx2_fma(x) })),
                    "{} AVX2 + FMA loop ({b} columns)",
                    stringify!($net)
                );
            }
            if std::is_x86_feature_detected!("avx512f") {
                // SAFETY: the CPU has AVX-512 F (asked just above).
                unsafe { $v.__forward_columns_avx512(&x, &mut y) };
                assert_eq!(
                    all(&y),
                    // NOTE: against the AVX2 + FMA copy of `forward`, whose bits `check!`
                    // asserts are the AVX-512 copy's: networks without a 16-value stage have
                    // no `__forward_avx512`.
                    // SAFETY: the CPU has AVX-512 F, which implies AVX2 and FMA.
                    per_column(&|x| bits(&unsafe { $v.__forward_avx2_fma(x) })),
                    "{} AVX-512 loop ({b} columns)",
                    stringify!($net)
                );
            }
        }
    }};
}

#[test]
fn the_fast_copies_of_forward_agree_and_every_copy_is_close_to_f64() {
    let mut copies = 0;
    copies = copies.max(check!(Small, f32, 2, 1e-6, narrow));
    copies = copies.max(check!(Small, f64, 2, 1e-14, narrow));
    copies = copies.max(check!(Narrow, f32, 4, 1e-6, narrow));
    copies = copies.max(check!(Mid, f32, 16, 1e-5));
    copies = copies.max(check!(Mid, f64, 16, 1e-13));
    copies = copies.max(check!(Mixed, f32, 12, 1e-5));
    copies = copies.max(check!(Res, f32, 8, 1e-5));
    copies = copies.max(check!(Res, f64, 8, 1e-13));
    copies = copies.max(check!(Wide, f32, 40, 1e-5));
    // Say which copies ran: on a CPU without AVX2 there is nothing to compare.
    eprintln!(
        "copies checked: {}",
        [
            "baseline only",
            "baseline and AVX2 + FMA",
            "baseline, AVX2 + FMA and AVX-512 F"
        ][copies]
    );
}
