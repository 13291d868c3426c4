//! The generated `forward` of a network with a stage of 8 values or more is one body compiled
//! up to three times on x86-64: for the build's baseline, for AVX2 + FMA and for AVX-512 F,
//! chosen once per call by what the CPU has (issue 17). The copies must give the same bits: the
//! generated multiply-adds are never fused, the element-wise maps work lane by lane whatever the
//! register width, and the runtime's kernels choose their own instantiation in every copy. Here
//! every copy this CPU can run against the baseline, bit for bit, on networks with every
//! activation, unrolled and kernel products, residual blocks, `f32` and `f64`.
#![cfg(target_arch = "x86_64")]

use typenet::Scalar;
use typenet::nalgebra::SVector;
use typenet::prelude::*;

network! {
    /// Tanh and σ around an unrolled 8-wide stage (the shape of RTNeural's N2).
    pub struct Small: 2 => Dense(8, Tanh) => Dense(1, Sigmoid)
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

/// Checks every copy of `$net`'s forward against the baseline copy, in `$t`, on 200 inputs.
macro_rules! check {
    ($net:ident, $t:ty, $n_in:expr) => {{
        let mut net = $net::<$t>::zeros();
        for (i, p) in net.params_mut().iter_mut().enumerate() {
            *p = value(7, i) as $t * 0.5;
        }
        let mut copies = 0;
        for s in 0..200u64 {
            let x = SVector::<$t, { $n_in }>::from_fn(|i, _| value(s, i) as $t);
            let base = net.__forward(&x);
            assert_eq!(
                bits(&net.forward(&x)),
                bits(&base),
                "{} forward",
                stringify!($net)
            );
            if avx2_fma() {
                // SAFETY: the CPU has AVX2 and FMA (asked just above).
                let y = unsafe { net.__forward_avx2_fma(&x) };
                assert_eq!(
                    bits(&y),
                    bits(&base),
                    "{} AVX2 + FMA copy",
                    stringify!($net)
                );
                copies = copies.max(1);
            }
            if std::is_x86_feature_detected!("avx512f") {
                // SAFETY: the CPU has AVX-512 F (asked just above).
                let y = unsafe { net.__forward_avx512(&x) };
                assert_eq!(bits(&y), bits(&base), "{} AVX-512 copy", stringify!($net));
                copies = 2;
            }
        }
        copies
    }};
}

#[test]
fn every_copy_of_forward_gives_the_baselines_bits() {
    let mut copies = 0;
    copies = copies.max(check!(Small, f32, 2));
    copies = copies.max(check!(Small, f64, 2));
    copies = copies.max(check!(Mid, f32, 16));
    copies = copies.max(check!(Mid, f64, 16));
    copies = copies.max(check!(Mixed, f32, 12));
    copies = copies.max(check!(Res, f32, 8));
    copies = copies.max(check!(Res, f64, 8));
    copies = copies.max(check!(Wide, f32, 40));
    // Say which copies ran: on a CPU without AVX2 there is nothing to compare.
    eprintln!(
        "copies checked against the baseline: {}",
        ["none", "AVX2 + FMA", "AVX2 + FMA and AVX-512 F"][copies]
    );
}
