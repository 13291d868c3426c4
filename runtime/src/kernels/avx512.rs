//! The AVX-512 F registers the batched products use in builds for AVX-512
//! (`-C target-cpu=native` on a CPU that has it, or `-C target-feature=+avx512f`): the kernels
//! pick them only when the build targets the extension, so nothing is chosen at run time and
//! no `#[target_feature]` function is needed (the whole crate is built for it). The unit tests
//! also compile them into `#[target_feature(enable = "avx512f")]` wrappers, run where the CPU
//! has AVX-512 F, so that the default build's tests check these tiles too.
// In builds for AVX-512 the intrinsics are safe to call and the `unsafe` blocks (needed in the
// tests' build) are unused.
#![allow(unused_unsafe)]

use core::arch::x86_64::*;

use super::simd::Simd;

/// Sixteen `f32` lanes.
#[derive(Clone, Copy)]
pub(super) struct F32x16(__m512);

/// Eight `f64` lanes.
#[derive(Clone, Copy)]
pub(super) struct F64x8(__m512d);

impl Simd for F32x16 {
    type E = f32;
    const L: usize = 16;
    #[inline(always)]
    unsafe fn zero() -> Self {
        unsafe { F32x16(_mm512_setzero_ps()) }
    }
    #[inline(always)]
    unsafe fn splat(x: f32) -> Self {
        unsafe { F32x16(_mm512_set1_ps(x)) }
    }
    #[inline(always)]
    unsafe fn load(p: *const f32) -> Self {
        // SAFETY: the caller's 16 values are in bounds.
        unsafe { F32x16(_mm512_loadu_ps(p)) }
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut f32) {
        // SAFETY: the caller's 16 values are in bounds.
        unsafe { _mm512_storeu_ps(p, self.0) }
    }
    #[inline(always)]
    unsafe fn fmadd(self, a: Self, b: Self) -> Self {
        unsafe { F32x16(_mm512_fmadd_ps(a.0, b.0, self.0)) }
    }
    #[inline(always)]
    unsafe fn add(self, b: Self) -> Self {
        unsafe { F32x16(_mm512_add_ps(self.0, b.0)) }
    }
    #[inline(always)]
    unsafe fn sub(self, b: Self) -> Self {
        unsafe { F32x16(_mm512_sub_ps(self.0, b.0)) }
    }
    #[inline(always)]
    unsafe fn mul(self, b: Self) -> Self {
        unsafe { F32x16(_mm512_mul_ps(self.0, b.0)) }
    }
    #[inline(always)]
    unsafe fn sum(self) -> f32 {
        unsafe { _mm512_reduce_add_ps(self.0) }
    }
}

impl Simd for F64x8 {
    type E = f64;
    const L: usize = 8;
    #[inline(always)]
    unsafe fn zero() -> Self {
        unsafe { F64x8(_mm512_setzero_pd()) }
    }
    #[inline(always)]
    unsafe fn splat(x: f64) -> Self {
        unsafe { F64x8(_mm512_set1_pd(x)) }
    }
    #[inline(always)]
    unsafe fn load(p: *const f64) -> Self {
        // SAFETY: the caller's 8 values are in bounds.
        unsafe { F64x8(_mm512_loadu_pd(p)) }
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut f64) {
        // SAFETY: the caller's 8 values are in bounds.
        unsafe { _mm512_storeu_pd(p, self.0) }
    }
    #[inline(always)]
    unsafe fn fmadd(self, a: Self, b: Self) -> Self {
        unsafe { F64x8(_mm512_fmadd_pd(a.0, b.0, self.0)) }
    }
    #[inline(always)]
    unsafe fn add(self, b: Self) -> Self {
        unsafe { F64x8(_mm512_add_pd(self.0, b.0)) }
    }
    #[inline(always)]
    unsafe fn sub(self, b: Self) -> Self {
        unsafe { F64x8(_mm512_sub_pd(self.0, b.0)) }
    }
    #[inline(always)]
    unsafe fn mul(self, b: Self) -> Self {
        unsafe { F64x8(_mm512_mul_pd(self.0, b.0)) }
    }
    #[inline(always)]
    unsafe fn sum(self) -> f64 {
        unsafe { _mm512_reduce_add_pd(self.0) }
    }
}
