//! The AVX-512 F registers of the batched products' larger tiles, chosen at run time where the
//! CPU has AVX-512 F (with `std`; `gemm`'s `*_avx512` functions are compiled for it) and at
//! compile time in builds for it (`-C target-cpu=native` on such a CPU, or `-C
//! target-feature=+avx512f`). On Zen 4 a 512-bit operation runs as two 256-bit halves, so the
//! gain is fewer instructions and twice the registers (larger tiles, fewer loads per FMA), not
//! more FMAs per cycle.
// In builds for AVX-512 the intrinsics are safe to call and the `unsafe` blocks are unused.
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
