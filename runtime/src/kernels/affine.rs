//! The one-sample affine map of a dense layer, z = Wᵀx (+ b): [`affine_kernel`] for small
//! layers (four neurons at a time, [`LANES`] partial sums each), [`gemv`] through the
//! one-column kernel for layers of [`GEMV_MIN_WEIGHTS`] weights or more.
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
