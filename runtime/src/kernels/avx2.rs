//! AVX2 + FMA registers for the kernels ([`F32x8`], [`F64x4`]) and the AVX2 one-column
//! forward product: compiled only on x86-64 with `std` (chosen at run time) or in a build for
//! AVX2 and FMA. Everything here is `#[inline(always)]`, so that it takes the target features of
//! the `#[target_feature]` function it is inlined into (see `cpu.rs`).
// The tile loops index several arrays by the same (row, column), as the maths reads.
#![allow(clippy::needless_range_loop)]

use core::arch::x86_64::*;

use super::simd::Simd;
use crate::Scalar;

/// Eight `f32` in a YMM register.
#[derive(Clone, Copy)]
pub(super) struct F32x8(__m256);
/// Four `f64` in a YMM register.
#[derive(Clone, Copy)]
pub(super) struct F64x4(__m256d);

// SAFETY (every intrinsic below): these types are only used inside functions compiled with
// `avx2,fma`, called after `is_x86_feature_detected!` said yes; pointers are in bounds by the
// kernels' contracts (unaligned loads and stores).
/// Eight neurons' dot products with x, one YMM accumulator each (k a multiple of 8 here).
///
/// # Safety
/// AVX2 and FMA; `a` holds 8 columns of at least `kv` values at stride `lda`, `x` `kv` values.
#[inline(always)]
unsafe fn dots8_f32(kv: usize, a: *const f32, lda: usize, x: *const f32) -> __m256 {
    unsafe {
        let mut acc = [_mm256_setzero_ps(); 8];
        let mut p = 0;
        while p < kv {
            let xv = _mm256_loadu_ps(x.add(p));
            for (r, acc) in acc.iter_mut().enumerate() {
                *acc = _mm256_fmadd_ps(_mm256_loadu_ps(a.add(r * lda + p)), xv, *acc);
            }
            p += 8;
        }
        // [a0+a1, a2+a3, b0+b1, b2+b3 | a4+a5, …] twice: u0 holds the sums of each half of
        // accumulators 0–3, u1 of 4–7; adding the halves leaves the 8 sums in order.
        let t0 = _mm256_hadd_ps(acc[0], acc[1]);
        let t1 = _mm256_hadd_ps(acc[2], acc[3]);
        let t2 = _mm256_hadd_ps(acc[4], acc[5]);
        let t3 = _mm256_hadd_ps(acc[6], acc[7]);
        let u0 = _mm256_hadd_ps(t0, t1);
        let u1 = _mm256_hadd_ps(t2, t3);
        _mm256_add_ps(
            _mm256_permute2f128_ps::<0x20>(u0, u1),
            _mm256_permute2f128_ps::<0x31>(u0, u1),
        )
    }
}

/// Four neurons' dot products with x in `f64` (k a multiple of 4 here).
///
/// # Safety
/// AVX2 and FMA; `a` holds 4 columns of at least `kv` values at stride `lda`, `x` `kv` values.
#[inline(always)]
unsafe fn dots4_f64(kv: usize, a: *const f64, lda: usize, x: *const f64) -> __m256d {
    unsafe {
        let mut acc = [_mm256_setzero_pd(); 4];
        let mut p = 0;
        while p < kv {
            let xv = _mm256_loadu_pd(x.add(p));
            for (r, acc) in acc.iter_mut().enumerate() {
                *acc = _mm256_fmadd_pd(_mm256_loadu_pd(a.add(r * lda + p)), xv, *acc);
            }
            p += 4;
        }
        // [a0+a1, b0+b1, a2+a3, b2+b3]: the halves of t0 and t1 add up to the 4 sums.
        let t0 = _mm256_hadd_pd(acc[0], acc[1]);
        let t1 = _mm256_hadd_pd(acc[2], acc[3]);
        _mm256_add_pd(
            _mm256_permute2f128_pd::<0x20>(t0, t1),
            _mm256_permute2f128_pd::<0x31>(t0, t1),
        )
    }
}

/// A register whose lanes take the dot products of as many neurons at once.
pub(super) trait Dots: Simd {
    /// The dot products of `L` columns of `a` (stride `lda`) with x over their first `kv`
    /// values (a multiple of `L`), one per lane.
    ///
    /// # Safety
    /// AVX2 and FMA; the columns and x hold `kv` values.
    unsafe fn dots(kv: usize, a: *const Self::E, lda: usize, x: *const Self::E) -> Self;

    /// Adds the tail q = `kv`‥k of the same `L` dot products to `self`, lane r +=
    /// `a[r·lda + q]` · `x[q]` for each q in order, a multiply then an add as the one-neuron
    /// tail (so the same bits), but all `L` neurons at once with a gather per q. `None` when the
    /// column offsets do not fit the gather's `i32` indices (the caller then adds the tails one
    /// neuron at a time).
    ///
    /// # Safety
    /// AVX2 and FMA; the columns and x hold k values.
    unsafe fn tail(
        self,
        kv_k: (usize, usize),
        a: *const Self::E,
        lda: usize,
        x: *const Self::E,
    ) -> Option<Self>;
}

/// The gather indices 0, lda, 2·lda, … of `L` columns, if 8·lda fits an `i32`.
#[inline(always)]
fn column_offsets(lda: usize) -> Option<i32> {
    i32::try_from(lda)
        .ok()
        .filter(|l| l.checked_mul(8).is_some())
}

impl Dots for F32x8 {
    #[inline(always)]
    unsafe fn dots(kv: usize, a: *const f32, lda: usize, x: *const f32) -> Self {
        // SAFETY: forwarded from the caller.
        unsafe { F32x8(dots8_f32(kv, a, lda, x)) }
    }
    #[inline(always)]
    unsafe fn tail(
        self,
        (kv, k): (usize, usize),
        a: *const f32,
        lda: usize,
        x: *const f32,
    ) -> Option<Self> {
        let l = column_offsets(lda)?;
        // SAFETY: forwarded from the caller; lane r reads a[r·lda + q], in column r.
        unsafe {
            let idx = _mm256_setr_epi32(0, l, 2 * l, 3 * l, 4 * l, 5 * l, 6 * l, 7 * l);
            let mut v = self.0;
            for q in kv..k {
                let col = _mm256_i32gather_ps::<4>(a.add(q), idx);
                v = _mm256_add_ps(v, _mm256_mul_ps(col, _mm256_set1_ps(*x.add(q))));
            }
            Some(F32x8(v))
        }
    }
}

impl Dots for F64x4 {
    #[inline(always)]
    unsafe fn dots(kv: usize, a: *const f64, lda: usize, x: *const f64) -> Self {
        // SAFETY: forwarded from the caller.
        unsafe { F64x4(dots4_f64(kv, a, lda, x)) }
    }
    #[inline(always)]
    unsafe fn tail(
        self,
        (kv, k): (usize, usize),
        a: *const f64,
        lda: usize,
        x: *const f64,
    ) -> Option<Self> {
        let l = column_offsets(lda)?;
        // SAFETY: forwarded from the caller; lane r reads a[r·lda + q], in column r.
        unsafe {
            let idx = _mm_setr_epi32(0, l, 2 * l, 3 * l);
            let mut v = self.0;
            for q in kv..k {
                let col = _mm256_i32gather_pd::<8>(a.add(q), idx);
                v = _mm256_add_pd(v, _mm256_mul_pd(col, _mm256_set1_pd(*x.add(q))));
            }
            Some(F64x4(v))
        }
    }
}

/// [`super::gemv_tn`] in AVX2 + FMA: groups of `V::L` neurons (eight in `f32`, four in
/// `f64`), then one at a time; the k mod `V::L` tail of each dot product is added after the
/// vector part.
///
/// # Safety
/// As for [`super::gemv_tn`], and the CPU has AVX2 and FMA.
#[target_feature(enable = "avx2,fma")]
pub(super) unsafe fn gemv_tn<V: Dots>(
    m: usize,
    k: usize,
    a: *const V::E,
    lda: usize,
    x: *const V::E,
    y: *mut V::E,
) {
    let kv = k / V::L * V::L;
    // SAFETY: every column read is one of the m columns, every row < k, as vouched for.
    unsafe {
        // NOTE: a function, not a closure (see `gemm_tn_body`).
        #[inline(always)]
        unsafe fn tail<E: Scalar>(
            (kv, k): (usize, usize),
            a: *const E,
            x: *const E,
            mut v: E,
        ) -> E {
            for q in kv..k {
                // SAFETY: the caller's column a and x hold k values.
                v += unsafe { *a.add(q) * *x.add(q) };
            }
            v
        }
        let mut j = 0;
        while j + V::L <= m {
            let d = V::dots(kv, a.add(j * lda), lda, x);
            // NOTE: the tails of the L neurons together (issue 20: at k = 12, LSTM(12)'s
            // recurrent product, the one-neuron tails were 60 % of the product's instructions).
            if kv == k {
                d.store(y.add(j));
            } else if let Some(d) = d.tail((kv, k), a.add(j * lda), lda, x) {
                d.store(y.add(j));
            } else {
                let mut sums = [<V::E as Scalar>::lit(0.0); 8];
                d.store(sums.as_mut_ptr());
                for (r, v) in sums.into_iter().take(V::L).enumerate() {
                    *y.add(j + r) = tail((kv, k), a.add((j + r) * lda), x, v);
                }
            }
            j += V::L;
        }
        while j < m {
            let mut acc = V::zero();
            let mut p = 0;
            while p < kv {
                acc = acc.fmadd(V::load(a.add(j * lda + p)), V::load(x.add(p)));
                p += V::L;
            }
            *y.add(j) = tail((kv, k), a.add(j * lda), x, acc.sum());
            j += 1;
        }
    }
}

impl Simd for F32x8 {
    type E = f32;
    const L: usize = 8;
    #[inline(always)]
    unsafe fn zero() -> Self {
        unsafe { F32x8(_mm256_setzero_ps()) }
    }
    #[inline(always)]
    unsafe fn splat(x: f32) -> Self {
        unsafe { F32x8(_mm256_set1_ps(x)) }
    }
    #[inline(always)]
    unsafe fn load(p: *const f32) -> Self {
        unsafe { F32x8(_mm256_loadu_ps(p)) }
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut f32) {
        unsafe { _mm256_storeu_ps(p, self.0) }
    }
    #[inline(always)]
    unsafe fn fmadd(self, a: Self, b: Self) -> Self {
        unsafe { F32x8(_mm256_fmadd_ps(a.0, b.0, self.0)) }
    }
    #[inline(always)]
    unsafe fn add(self, b: Self) -> Self {
        unsafe { F32x8(_mm256_add_ps(self.0, b.0)) }
    }
    #[inline(always)]
    unsafe fn sub(self, b: Self) -> Self {
        unsafe { F32x8(_mm256_sub_ps(self.0, b.0)) }
    }
    #[inline(always)]
    unsafe fn mul(self, b: Self) -> Self {
        unsafe { F32x8(_mm256_mul_ps(self.0, b.0)) }
    }
    #[inline(always)]
    unsafe fn sum(self) -> f32 {
        unsafe {
            let q = _mm_add_ps(
                _mm256_castps256_ps128(self.0),
                _mm256_extractf128_ps(self.0, 1),
            );
            let d = _mm_add_ps(q, _mm_movehl_ps(q, q));
            _mm_cvtss_f32(_mm_add_ss(d, _mm_shuffle_ps(d, d, 1)))
        }
    }
}

impl Simd for F64x4 {
    type E = f64;
    const L: usize = 4;
    #[inline(always)]
    unsafe fn zero() -> Self {
        unsafe { F64x4(_mm256_setzero_pd()) }
    }
    #[inline(always)]
    unsafe fn splat(x: f64) -> Self {
        unsafe { F64x4(_mm256_set1_pd(x)) }
    }
    #[inline(always)]
    unsafe fn load(p: *const f64) -> Self {
        unsafe { F64x4(_mm256_loadu_pd(p)) }
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut f64) {
        unsafe { _mm256_storeu_pd(p, self.0) }
    }
    #[inline(always)]
    unsafe fn fmadd(self, a: Self, b: Self) -> Self {
        unsafe { F64x4(_mm256_fmadd_pd(a.0, b.0, self.0)) }
    }
    #[inline(always)]
    unsafe fn add(self, b: Self) -> Self {
        unsafe { F64x4(_mm256_add_pd(self.0, b.0)) }
    }
    #[inline(always)]
    unsafe fn sub(self, b: Self) -> Self {
        unsafe { F64x4(_mm256_sub_pd(self.0, b.0)) }
    }
    #[inline(always)]
    unsafe fn mul(self, b: Self) -> Self {
        unsafe { F64x4(_mm256_mul_pd(self.0, b.0)) }
    }
    #[inline(always)]
    unsafe fn sum(self) -> f64 {
        unsafe {
            let q = _mm_add_pd(
                _mm256_castpd256_pd128(self.0),
                _mm256_extractf128_pd(self.0, 1),
            );
            _mm_cvtsd_f64(_mm_add_sd(q, _mm_unpackhi_pd(q, q)))
        }
    }
}
