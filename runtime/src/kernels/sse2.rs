//! SSE2 registers for the kernels ([`F32x4`], [`F64x2`]): part of every x86-64 CPU, so the
//! baseline instantiation there (multiply and add unfused, as without FMA they must be).
// The tile loops index several arrays by the same (row, column), as the maths reads.
#![allow(clippy::needless_range_loop)]

use core::arch::x86_64::*;

use super::simd::Simd;

/// Four `f32` in an XMM register.
#[derive(Clone, Copy)]
pub(super) struct F32x4(__m128);
/// Two `f64` in an XMM register.
#[derive(Clone, Copy)]
pub(super) struct F64x2(__m128d);

// SAFETY (every intrinsic below): SSE2 is part of the x86-64 baseline; pointers are in
// bounds by the kernels' contracts (unaligned loads and stores).
impl Simd for F32x4 {
    type E = f32;
    const L: usize = 4;
    #[inline(always)]
    unsafe fn zero() -> Self {
        unsafe { F32x4(_mm_setzero_ps()) }
    }
    #[inline(always)]
    unsafe fn splat(x: f32) -> Self {
        unsafe { F32x4(_mm_set1_ps(x)) }
    }
    #[inline(always)]
    unsafe fn load(p: *const f32) -> Self {
        unsafe { F32x4(_mm_loadu_ps(p)) }
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut f32) {
        unsafe { _mm_storeu_ps(p, self.0) }
    }
    #[inline(always)]
    unsafe fn fmadd(self, a: Self, b: Self) -> Self {
        unsafe { F32x4(_mm_add_ps(_mm_mul_ps(a.0, b.0), self.0)) }
    }
    #[inline(always)]
    unsafe fn add(self, b: Self) -> Self {
        unsafe { F32x4(_mm_add_ps(self.0, b.0)) }
    }
    #[inline(always)]
    unsafe fn sub(self, b: Self) -> Self {
        unsafe { F32x4(_mm_sub_ps(self.0, b.0)) }
    }
    #[inline(always)]
    unsafe fn mul(self, b: Self) -> Self {
        unsafe { F32x4(_mm_mul_ps(self.0, b.0)) }
    }
    #[inline(always)]
    unsafe fn sum(self) -> f32 {
        unsafe {
            let d = _mm_add_ps(self.0, _mm_movehl_ps(self.0, self.0));
            _mm_cvtss_f32(_mm_add_ss(d, _mm_shuffle_ps(d, d, 1)))
        }
    }
}

impl Simd for F64x2 {
    type E = f64;
    const L: usize = 2;
    #[inline(always)]
    unsafe fn zero() -> Self {
        unsafe { F64x2(_mm_setzero_pd()) }
    }
    #[inline(always)]
    unsafe fn splat(x: f64) -> Self {
        unsafe { F64x2(_mm_set1_pd(x)) }
    }
    #[inline(always)]
    unsafe fn load(p: *const f64) -> Self {
        unsafe { F64x2(_mm_loadu_pd(p)) }
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut f64) {
        unsafe { _mm_storeu_pd(p, self.0) }
    }
    #[inline(always)]
    unsafe fn fmadd(self, a: Self, b: Self) -> Self {
        unsafe { F64x2(_mm_add_pd(_mm_mul_pd(a.0, b.0), self.0)) }
    }
    #[inline(always)]
    unsafe fn add(self, b: Self) -> Self {
        unsafe { F64x2(_mm_add_pd(self.0, b.0)) }
    }
    #[inline(always)]
    unsafe fn sub(self, b: Self) -> Self {
        unsafe { F64x2(_mm_sub_pd(self.0, b.0)) }
    }
    #[inline(always)]
    unsafe fn mul(self, b: Self) -> Self {
        unsafe { F64x2(_mm_mul_pd(self.0, b.0)) }
    }
    #[inline(always)]
    unsafe fn sum(self) -> f64 {
        unsafe { _mm_cvtsd_f64(_mm_add_sd(self.0, _mm_unpackhi_pd(self.0, self.0))) }
    }
}
