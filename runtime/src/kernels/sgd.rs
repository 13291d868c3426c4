//! The plain gradient step θ ← θ − lr·g, all or nothing: [`sgd_update`], with an AVX2
//! instantiation of the same loops (the same bits) for long slices.
// The tile loops index several arrays by the same (row, column), as the maths reads.
#![allow(clippy::needless_range_loop)]

#[cfg(all(target_arch = "x86_64", any(feature = "std", target_feature = "avx2")))]
use super::affine::GEMV_MIN_WEIGHTS;
use crate::Scalar;
use crate::error::NonFiniteError;

/// θ ← θ − lr·g, all or nothing: refuses (leaving θ unchanged) if a gradient entry or an updated
/// value is not finite.
///
/// The check is one branch-free pass that the compiler vectorises; only when it fails does a
/// second scan find the index to report.
///
/// With `std` on x86-64, slices of at least 256 values run an AVX2 instantiation of the same
/// loops, chosen at run time (the same bits: no FMA).
pub fn sgd_update<T: Scalar>(params: &mut [T], grads: &[T], lr: T) -> Result<(), NonFiniteError> {
    debug_assert_eq!(params.len(), grads.len());
    let n = params.len().min(grads.len());
    let (params, grads) = (&mut params[..n], &grads[..n]);
    super::if_cpu_has!(avx2 && n >= GEMV_MIN_WEIGHTS, {
        // SAFETY: the CPU has AVX2 (asked above).
        return unsafe { sgd_update_avx2(params, grads, lr) };
    });
    sgd_update_body(params, grads, lr)
}

/// [`sgd_update`] compiled for AVX2.
///
/// # Safety
/// The CPU has AVX2.
#[cfg(all(target_arch = "x86_64", any(feature = "std", target_feature = "avx2")))]
#[target_feature(enable = "avx2")]
pub(super) unsafe fn sgd_update_avx2<T: Scalar>(
    params: &mut [T],
    grads: &[T],
    lr: T,
) -> Result<(), NonFiniteError> {
    sgd_update_body(params, grads, lr)
}

#[inline(always)]
pub(super) fn sgd_update_body<T: Scalar>(
    params: &mut [T],
    grads: &[T],
    lr: T,
) -> Result<(), NonFiniteError> {
    // NOTE: a non-finite gradient makes the updated value non-finite too (lr·∞ = ±∞, 0·∞ = NaN,
    // NaN propagates), so checking the updated values alone decides; the `&` (not `&&`) keeps
    // the loop branch-free.
    // NOTE: a `for` loop, not `fold` with a closure: this body is compiled into
    // `sgd_update_avx2`, and a closure is compiled without its caller's AVX2 wherever LLVM
    // does not inline it, which depends on the build profile (issue 17).
    let mut all_finite = true;
    for (p, g) in params.iter().zip(grads) {
        all_finite &= (*p - lr * *g).is_finite();
    }
    if !all_finite {
        for (index, (p, g)) in params.iter().zip(grads).enumerate() {
            if !g.is_finite() {
                return Err(NonFiniteError::Gradient { index });
            }
            if !(*p - lr * *g).is_finite() {
                return Err(NonFiniteError::Parameter { index });
            }
        }
    }
    for (p, g) in params.iter_mut().zip(grads) {
        *p -= lr * *g;
    }
    Ok(())
}
