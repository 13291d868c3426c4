//! Matrix-vector products of one sample: [`gemv_tn`] (y = Aᵀ·x, the forward product of layers
//! of 256 weights or more) and [`gemv_n`] (y = A·x, the input gradient W·δ), each with an AVX2 +
//! FMA instantiation chosen at run time.
// The tile loops index several arrays by the same (row, column), as the maths reads.
#![allow(clippy::needless_range_loop)]

use super::gemm::gemm_tn;
#[cfg(all(
    target_arch = "x86_64",
    any(feature = "std", all(target_feature = "avx2", target_feature = "fma"))
))]
use super::{
    avx2, same,
    simd::{One, Simd},
};
use crate::Scalar;

/// y = Aᵀ·x for one column: y[j] = Σ_p A[p + j·lda]·x[p] for j < m, p < k (A's columns are the
/// neurons' contiguous weights). The one-sample forward product of layers of 256 weights or more.
///
/// With AVX2 + FMA (chosen at run time with `std`): eight neurons at a time, one vector
/// accumulator each along k, and the eight accumulators reduced together by a tree of
/// horizontal additions (about a dozen instructions for the eight sums, against half a dozen per
/// sum one at a time). On the short dot products of small layers (16 → 32 → 32 → 4) the
/// reductions were most of the work: this kernel needs a fifth of [`gemm_tn`]'s instructions
/// there (`BENCHMARKS.md`, issue 7). Otherwise [`gemm_tn`] with one column.
///
/// # Safety
/// A (k × m, column stride `lda` ≥ k), x (k values) and y (m values) are in bounds; y does not
/// overlap A or x.
pub(crate) unsafe fn gemv_tn<T: Scalar>(
    m: usize,
    k: usize,
    a: *const T,
    lda: usize,
    x: *const T,
    y: *mut T,
) {
    dispatch_avx2!(avx2_fma, T, |V| {
        // SAFETY: the CPU has AVX2 and FMA; `T` is `V`'s lane type (checked), so the casts
        // change nothing; the blocks as the caller vouches.
        unsafe { avx2::gemv_tn::<V>(m, k, a.cast(), lda, x.cast(), y.cast()) }
    });
    // SAFETY: the blocks as the caller vouches (C = y with one column of stride m).
    unsafe { gemm_tn(m, 1, k, a, lda, x, k, y, m) }
}

/// y = A·x in AVX2 + FMA: y[i] = Σ_j A[i + j·lda]·x[j] for i < m, j < k, one column of A after
/// another (each a `V`-wide multiply-add into accumulators that stay in registers). Rows go in
/// blocks of four vectors, then one vector, then one value.
///
/// # Safety
/// As for [`gemv_n`], and the CPU has AVX2 and FMA.
#[cfg(all(
    target_arch = "x86_64",
    any(feature = "std", all(target_feature = "avx2", target_feature = "fma"))
))]
#[target_feature(enable = "avx2,fma")]
pub(super) unsafe fn gemv_n_avx2<V: Simd>(
    m: usize,
    k: usize,
    a: *const V::E,
    lda: usize,
    x: *const V::E,
    y: *mut V::E,
) {
    const R: usize = 4;
    // SAFETY: every row read is < m and every column < k, as the caller vouches.
    unsafe {
        let mut i = 0;
        while i + R * V::L <= m {
            let mut acc = [V::zero(); R];
            for j in 0..k {
                let d = V::splat(*x.add(j));
                let col = a.add(j * lda + i);
                for (r, acc) in acc.iter_mut().enumerate() {
                    *acc = acc.fmadd(V::load(col.add(r * V::L)), d);
                }
            }
            for (r, acc) in acc.iter().enumerate() {
                acc.store(y.add(i + r * V::L));
            }
            i += R * V::L;
        }
        while i < m {
            let l = if i + V::L <= m { V::L } else { 1 };
            if l == V::L {
                let mut acc = V::zero();
                for j in 0..k {
                    acc = acc.fmadd(V::load(a.add(j * lda + i)), V::splat(*x.add(j)));
                }
                acc.store(y.add(i));
            } else {
                let mut acc = One::<V::E>::zero();
                for j in 0..k {
                    acc = acc.fmadd(One(*a.add(j * lda + i)), One(*x.add(j)));
                }
                acc.store(y.add(i));
            }
            i += l;
        }
    }
}

/// y = A·x for A (m × k, column stride `lda` ≥ m) in AVX2 + FMA, if the CPU has them (chosen
/// at run time with `std`): the one-sample back-propagation product W·∂E/∂z of layers of 256
/// weights or more, as a sum of A's columns scaled by x. Returns `false`, having done nothing,
/// where the CPU lacks them: the caller's portable product (nalgebra's, which the compiler
/// vectorises for the baseline target) is then the faster one. On 16 → 32 → 32 → 4 it took the
/// training step from 5,341 to 4,720 instructions (`BENCHMARKS.md`, issue 7).
///
/// # Safety
/// A (m × k, column stride `lda` ≥ m), x (k values) and y (m values) are in bounds; y does not
/// overlap A or x.
#[allow(unused_variables)]
pub(crate) unsafe fn gemv_n<T: Scalar>(
    m: usize,
    k: usize,
    a: *const T,
    lda: usize,
    x: *const T,
    y: *mut T,
) -> bool {
    dispatch_avx2!(
        avx2_fma,
        T,
        |V| {
            // SAFETY: the CPU has AVX2 and FMA; `T` is `V`'s lane type (checked), so the casts
            // change nothing; the blocks as the caller vouches.
            unsafe { gemv_n_avx2::<V>(m, k, a.cast(), lda, x.cast(), y.cast()) }
        },
        true
    );
    false
}
