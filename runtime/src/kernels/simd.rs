//! The small SIMD interface the kernels are written on (load, broadcast, multiply-add, lane
//! sum), and its one-lane implementation [`One`], usable on every target. The registers of an
//! instruction set implement it in that set's file (`sse2.rs`, `avx2.rs`).
// The tile loops index several arrays by the same (row, column), as the maths reads.
#![allow(clippy::needless_range_loop)]

use crate::Scalar;

#[inline(always)]
pub(super) fn zero<T: Scalar>() -> T {
    T::zero()
}

/// A SIMD register of `L` lanes of `E`, as the kernels use it.
///
/// # Safety
/// Implementations for an instruction-set extension may only be used where the CPU has it.
pub(super) trait Simd: Copy {
    type E: Scalar;
    const L: usize;
    unsafe fn zero() -> Self;
    unsafe fn splat(x: Self::E) -> Self;
    unsafe fn load(p: *const Self::E) -> Self;
    unsafe fn store(self, p: *mut Self::E);
    /// a·b + self.
    unsafe fn fmadd(self, a: Self, b: Self) -> Self;
    unsafe fn add(self, b: Self) -> Self;
    unsafe fn sub(self, b: Self) -> Self;
    unsafe fn mul(self, b: Self) -> Self;
    /// Σ of the lanes.
    unsafe fn sum(self) -> Self::E;
}

/// The portable register: one lane, whatever the target (LLVM may still vectorise loops of
/// these). Multiply and add stay separate (unfused), as in the one-sample code.
#[derive(Clone, Copy)]
pub(super) struct One<T>(pub(super) T);

impl<T: Scalar> Simd for One<T> {
    type E = T;
    const L: usize = 1;
    #[inline(always)]
    unsafe fn zero() -> Self {
        One(T::zero())
    }
    #[inline(always)]
    unsafe fn splat(x: T) -> Self {
        One(x)
    }
    #[inline(always)]
    unsafe fn load(p: *const T) -> Self {
        // SAFETY: the caller's pointer is in bounds.
        One(unsafe { *p })
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut T) {
        // SAFETY: the caller's pointer is in bounds.
        unsafe { *p = self.0 }
    }
    #[inline(always)]
    unsafe fn fmadd(self, a: Self, b: Self) -> Self {
        One(a.0 * b.0 + self.0)
    }
    #[inline(always)]
    unsafe fn add(self, b: Self) -> Self {
        One(self.0 + b.0)
    }
    #[inline(always)]
    unsafe fn sub(self, b: Self) -> Self {
        One(self.0 - b.0)
    }
    #[inline(always)]
    unsafe fn mul(self, b: Self) -> Self {
        One(self.0 * b.0)
    }
    #[inline(always)]
    unsafe fn sum(self) -> T {
        self.0
    }
}
