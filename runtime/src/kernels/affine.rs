//! The one-sample affine map of a dense layer, z = Wᵀx (+ b): in `f32` with AVX2 + FMA,
//! [`affine_fixed`] (compile-time sizes, eight neurons reduced together); otherwise
//! [`affine_kernel`] for small layers (four neurons at a time, [`LANES`] partial sums each) and
//! [`gemv`] through the one-column kernel for layers of [`GEMV_MIN_WEIGHTS`] weights or more.
// The tile loops index several arrays by the same (row, column), as the maths reads.
#![allow(clippy::needless_range_loop)]

use nalgebra::{SMatrix, SVector};

use crate::Scalar;

/// Partial sums per neuron in [`affine_kernel`]: one SSE vector of `f32` is 4, one AVX vector 8.
pub(crate) const LANES: usize = 8;

/// a·b + c: fused where the target has FMA (one instruction, one rounding), otherwise a
/// multiply and an add (a software `fma` would be far slower).
#[inline(always)]
pub(crate) fn mul_add<T: Scalar>(a: T, b: T, c: T) -> T {
    #[cfg(all(feature = "std", target_feature = "fma"))]
    {
        a.mul_add(b, c)
    }
    #[cfg(not(all(feature = "std", target_feature = "fma")))]
    {
        a * b + c
    }
}

/// Layers with at least this many weights compute Wᵀx with `kernels::gemv_tn` (AVX2 + FMA chosen
/// at run time with `std`; otherwise the batched kernels' dot-product tiles with one column):
/// the tiles measured 2.5–3× faster than [`affine_kernel`] on 784 → 128 and 1.7× on
/// 16 → 32 → 32 → 4 (4,096 and 256 tried, 256 kept), and `gemv_tn` another 1.2–1.4× and 2×
/// (`BENCHMARKS.md`, issue 7).
pub(crate) const GEMV_MIN_WEIGHTS: usize = 256;

/// Wᵀx through the one-column kernel.
#[inline]
pub(crate) fn gemv<T: Scalar, const I: usize, const O: usize>(
    w: &SMatrix<T, I, O>,
    x: &SVector<T, I>,
) -> SVector<T, O> {
    let mut z = SVector::<T, O>::zeros();
    // SAFETY: W is I × O contiguous (column stride I), x is I contiguous values, z is O values
    // owned here, so it overlaps neither; every stride equals its block's row count.
    unsafe {
        super::gemv::gemv_tn(O, I, w.as_ptr(), I, x.as_ptr(), z.as_mut_ptr());
    }
    z
}

/// z_j = Σ_i w[j][i]·x[i] (+ b_j) for every neuron j: the forward product of a layer whose
/// weights are stored one neuron after another (`[[T; I]; O]`, PyTorch's layout).
///
/// Four neurons at a time share each load of x, and each keeps [`LANES`] independent partial
/// sums, so the loop runs on vector registers with 8 independent accumulation chains instead of
/// one dependent chain of I additions per neuron; the lanes are summed pairwise at the end. The
/// sum is therefore in a different order from a left-to-right loop (a few ulp of the sum).
#[inline]
pub(crate) fn affine_kernel<T: Scalar, const I: usize, const O: usize>(
    w: &[[T; I]; O],
    x: &[T; I],
    bias: Option<&[T; O]>,
) -> [T; O] {
    let mut z = [T::zero(); O];
    let (xc, xr) = x.as_chunks::<LANES>();
    let (wq, wr) = w.as_chunks::<4>();
    let (zq, zr) = z.as_chunks_mut::<4>();
    for (zs, cols) in zq.iter_mut().zip(wq) {
        let mut acc = [[T::zero(); LANES]; 4];
        for (c, xs) in xc.iter().enumerate() {
            for (a, col) in acc.iter_mut().zip(cols) {
                let ws = &col.as_chunks::<LANES>().0[c];
                for l in 0..LANES {
                    a[l] = mul_add(ws[l], xs[l], a[l]);
                }
            }
        }
        for ((zj, a), col) in zs.iter_mut().zip(&acc).zip(cols) {
            *zj = reduce_lanes(a, col.as_chunks::<LANES>().1, xr);
        }
    }
    for (zj, col) in zr.iter_mut().zip(wr) {
        let (wc, wrem) = col.as_chunks::<LANES>();
        let mut a = [T::zero(); LANES];
        for (ws, xs) in wc.iter().zip(xc) {
            for l in 0..LANES {
                a[l] = mul_add(ws[l], xs[l], a[l]);
            }
        }
        *zj = reduce_lanes(&a, wrem, xr);
    }
    if let Some(b) = bias {
        for (zj, bj) in z.iter_mut().zip(b) {
            *zj += *bj;
        }
    }
    z
}

/// The pairwise sum of the lanes plus the tail of the dot product (I mod [`LANES`] terms).
#[inline(always)]
pub(super) fn reduce_lanes<T: Scalar>(a: &[T; LANES], w: &[T], x: &[T]) -> T {
    let tail = w
        .iter()
        .zip(x)
        .fold(T::zero(), |s, (wi, xi)| mul_add(*wi, *xi, s));
    sum_lanes(a) + tail
}

/// The [`LANES`] partial sums added pairwise, as a vector register's halves are.
#[inline(always)]
pub(crate) fn sum_lanes<T: Scalar>(a: &[T; LANES]) -> T {
    ((a[0] + a[4]) + (a[2] + a[6])) + ((a[1] + a[5]) + (a[3] + a[7]))
}

/// Layers of at most this many weights (784 → 128 has 100,352) compute their `f32` forward
/// product z = Wᵀx (+ b) with [`affine_fixed`] where the CPU has AVX2 and FMA, whatever their
/// shape; larger ones keep [`gemv`]. Measured against [`gemv`] (callgrind, x86-64-v3 build,
/// `benches/profiles`, one forward pass): 16 → 32 → 32 → 4 from 1,741 to 895 instructions,
/// 784 → 128 → 10 from 23,566 to 17,444 (and 3.76–3.87 against 3.89–3.98 µs, five runs each
/// in turns).
#[cfg(all(
    target_arch = "x86_64",
    any(feature = "std", all(target_feature = "avx2", target_feature = "fma"))
))]
pub(crate) const FIXED_MAX_WEIGHTS: usize = 1 << 17;

/// z = Wᵀx (+ b) for `f32` layers of at most [`FIXED_MAX_WEIGHTS`] weights in an AVX2 + FMA
/// instantiation whose loops all have compile-time trip counts (so LLVM unrolls them and folds
/// the weight loads into the FMAs), where the CPU has AVX2 and FMA (always in a build for them,
/// else asked once with `std`). Returns `false`, having done nothing, otherwise; the caller then
/// runs its portable product.
///
/// The product is `kernels::fixed`'s (also the sequence layers'): eight neurons at a time, each
/// with one 8-lane accumulator along its weights (the last I mod 8 weights through a masked
/// load, so no load crosses the layer's end), the eight accumulators reduced together by a tree
/// of horizontal additions; so neuron j's sum is
/// z_j = ((s₀ + s₁) + (s₂ + s₃)) + ((s₄ + s₅) + (s₆ + s₇)) (+ b_j), with s_l = Σ_c w_j[8c+l]·x[8c+l]
/// accumulated with one rounding per term (FMA), c in order. The last O mod 8 neurons go as a
/// group of that many. With one input, z_j = fma(w_j, x, b_j), one rounding.
#[inline(always)]
pub(crate) fn affine_fixed<T: Scalar, const I: usize, const O: usize>(
    w: &[[T; I]; O],
    x: &[T; I],
    bias: Option<&[T; O]>,
    z: &mut [T; O],
) -> bool {
    #[cfg(all(
        target_arch = "x86_64",
        any(feature = "std", all(target_feature = "avx2", target_feature = "fma"))
    ))]
    {
        super::if_cpu_has!(
            avx2_fma && I * O <= FIXED_MAX_WEIGHTS && I > 0 && super::same::<T, f32>(),
            {
                // SAFETY: the CPU has AVX2 and FMA; `T` is `f32` (checked), so the casts
                // change nothing; `w` holds O rows of I values, `x` I, `bias` and `z` O, and `z`
                // is a unique borrow, so it overlaps none of them.
                unsafe {
                    super::fixed::affine_f32::<I, O>(
                        &*(w as *const [[T; I]; O]).cast(),
                        &*(x as *const [T; I]).cast(),
                        bias.map(|b| &*(b as *const [T; O]).cast()),
                        &mut *(z as *mut [T; O]).cast(),
                    );
                }
                return true;
            }
        );
    }
    let _ = (w, x, bias, z);
    false
}

#[cfg(test)]
mod fixed_tests {
    use super::affine_fixed;

    /// A deterministic value in [−1, 1) for index `i`.
    fn value(i: usize) -> f32 {
        let h = (i as u64 + 7).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 40;
        (h as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
    }

    /// The documented order of [`affine_fixed`], one value at a time: eight lane sums with one
    /// rounding per term, added as a vector register's halves are, then the bias (one FMA with
    /// one input).
    fn expected<const I: usize, const O: usize>(
        w: &[[f32; I]; O],
        x: &[f32; I],
        b: Option<&[f32; O]>,
    ) -> [f32; O] {
        core::array::from_fn(|j| {
            let mut s = [0.0f32; 8];
            for (i, (wi, xi)) in w[j].iter().zip(x).enumerate() {
                s[i % 8] = wi.mul_add(*xi, s[i % 8]);
            }
            if I == 1 {
                return w[j][0].mul_add(x[0], b.map_or(0.0, |b| b[j]));
            }
            let sum = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
            b.map_or(sum, |b| sum + b[j])
        })
    }

    /// Bit for bit the documented sums, with and without bias, and within 1e-5 of an `f64`
    /// product; `z` holds NaN first, so a neuron left unwritten fails too.
    fn check<const I: usize, const O: usize>() {
        let w: [[f32; I]; O] = core::array::from_fn(|j| core::array::from_fn(|i| value(j * I + i)));
        let x: [f32; I] = core::array::from_fn(|i| value(10_000 + i));
        let b: [f32; O] = core::array::from_fn(|j| value(20_000 + j));
        for bias in [Some(&b), None] {
            let mut z = [f32::NAN; O];
            if !affine_fixed(&w, &x, bias, &mut z) {
                // No AVX2 + FMA on this CPU (or a build without them and without std).
                return;
            }
            let want = expected(&w, &x, bias);
            for j in 0..O {
                assert_eq!(
                    z[j].to_bits(),
                    want[j].to_bits(),
                    "{I}x{O} ({j}): {} vs {}",
                    z[j],
                    want[j]
                );
                let exact = w[j]
                    .iter()
                    .zip(&x)
                    .map(|(a, c)| f64::from(*a) * f64::from(*c))
                    .sum::<f64>()
                    + bias.map_or(0.0, |b| f64::from(b[j]));
                assert!((f64::from(z[j]) - exact).abs() < 1e-5, "{I}x{O} ({j})");
            }
        }
    }

    macro_rules! sizes {
        ($($i:literal),*; $o:tt) => { $(sizes!(@one $i; $o);)* };
        (@one $i:literal; [$($o:literal),*]) => { $(check::<$i, $o>();)* };
    }

    #[test]
    fn affine_fixed_is_the_documented_sum_bit_for_bit() {
        // Every input width 1..=20, 32, 33 against a few output widths, and the reverse.
        sizes!(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 32, 33; [1, 8, 9]);
        sizes!(3, 16; [2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 32, 33]);
        // The issue-17 shapes and a layer of 4,096 weights.
        sizes!(2, 16, 32; [32, 4]);
        sizes!(64; [64]);
    }

    #[test]
    fn affine_fixed_declines_f64_and_large_layers() {
        let (w, x) = ([[1.0f64; 4]; 4], [1.0f64; 4]);
        assert!(!affine_fixed(&w, &x, None, &mut [0.0; 4]));
        // One weight over the bound, on the heap.
        const I: usize = super::FIXED_MAX_WEIGHTS + 1;
        let w: Box<[f32; I]> = vec![0.5f32; I].into_boxed_slice().try_into().unwrap();
        let x: Box<[f32; I]> = vec![1.0f32; I].into_boxed_slice().try_into().unwrap();
        assert!(!affine_fixed(
            core::array::from_ref(&*w),
            &x,
            None,
            &mut [0.0; 1]
        ));
    }
}
