//! The matrix products of batched training, as register-blocked kernels on column-major blocks.
//!
//! Two shapes cover every product a dense layer needs over a batch (one sample per column):
//! - [`gemm_tn`], C = Aᵀ·B with A and B both contiguous along the summed dimension: the forward
//!   pass Z = Wᵀ·X (W is stored in × out, so each neuron's weights are one contiguous column, and
//!   so is each sample). A tile of MR × NR dot products is accumulated in SIMD lanes along the
//!   summed dimension and reduced at the end; nothing is packed.
//! - [`gemm_nx`], C (+)= A·B with A contiguous along the rows of C and B read one scalar at a
//!   time at any strides: the input gradient W·δ (B = δ) and the weight gradient X·δᵀ (B = δᵀ,
//!   a strided view of δ). A tile of (MV·L) × NR outer products; nothing is packed either.
//!
//! Neither kernel allocates: the operands are used in the layout the layers already have, which
//! is what lets the batched methods run without a heap.
//!
//! # Instruction sets
//! The kernels are written once, on a small SIMD trait (load, broadcast, multiply-add, lane
//! sum), and instantiated for the build's baseline (SSE2 registers on x86-64, one lane elsewhere,
//! e.g. on a Cortex-M) and, on x86-64, for AVX2 with FMA: chosen at run time by
//! `is_x86_feature_detected!` with `std`, or always when the build targets AVX2 and FMA
//! (`-C target-cpu=…`, also without `std`). Only the FMA code fuses multiply and add, so results
//! differ between the two in the last bits; both sum each dot product lane by lane, then across
//! the lanes, then the tail (not in the one-sample code's order), which the tests bound.

// The tile loops index several arrays by the same (row, column), as the maths reads.
#![allow(clippy::needless_range_loop)]

use crate::Scalar;

#[inline(always)]
fn zero<T: Scalar>() -> T {
    T::zero()
}

/// A SIMD register of `L` lanes of `E`, as the kernels use it.
///
/// # Safety
/// Implementations for an instruction-set extension may only be used where the CPU has it.
trait Simd: Copy {
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
struct One<T>(T);

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

#[cfg(all(
    target_arch = "x86_64",
    any(feature = "std", all(target_feature = "avx2", target_feature = "fma"))
))]
mod avx2 {
    use core::arch::x86_64::*;

    use super::Simd;
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
    }

    impl Dots for F32x8 {
        #[inline(always)]
        unsafe fn dots(kv: usize, a: *const f32, lda: usize, x: *const f32) -> Self {
            // SAFETY: forwarded from the caller.
            unsafe { F32x8(dots8_f32(kv, a, lda, x)) }
        }
    }

    impl Dots for F64x4 {
        #[inline(always)]
        unsafe fn dots(kv: usize, a: *const f64, lda: usize, x: *const f64) -> Self {
            // SAFETY: forwarded from the caller.
            unsafe { F64x4(dots4_f64(kv, a, lda, x)) }
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
                let mut sums = [<V::E as Scalar>::lit(0.0); 8];
                V::dots(kv, a.add(j * lda), lda, x).store(sums.as_mut_ptr());
                for (r, v) in sums.into_iter().take(V::L).enumerate() {
                    *y.add(j + r) = tail((kv, k), a.add((j + r) * lda), x, v);
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
}

/// SSE2, part of every x86-64 CPU: the baseline instantiation there (multiply and add
/// unfused, as without FMA they must be).
#[cfg(target_arch = "x86_64")]
mod sse2 {
    use core::arch::x86_64::*;

    use super::Simd;

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
}

/// One MR × NR tile of C = Aᵀ·B: C[r, s] = Σ_p A[p, r]·B[p, s], the sums in SIMD lanes along
/// p, then across the lanes, then the tail of p in scalar steps.
///
/// # Safety
/// A has MR columns of length `k` at stride `lda`, B has NR columns of length `k` at stride
/// `ldb`, C has MR rows and NR columns at column stride `ldc`; all in bounds. `V` is usable on
/// this CPU.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn tile_tn<V: Simd, const MR: usize, const NR: usize>(
    k: usize,
    a: *const V::E,
    lda: usize,
    b: *const V::E,
    ldb: usize,
    c: *mut V::E,
    ldc: usize,
) {
    // SAFETY (every pointer and intrinsic below): inside the blocks the caller vouches for.
    unsafe {
        let mut acc = [[V::zero(); NR]; MR];
        let kv = k / V::L * V::L;
        let mut p = 0;
        while p < kv {
            let mut av = [V::zero(); MR];
            for (r, v) in av.iter_mut().enumerate() {
                *v = V::load(a.add(r * lda + p));
            }
            for s in 0..NR {
                let bv = V::load(b.add(s * ldb + p));
                for r in 0..MR {
                    acc[r][s] = acc[r][s].fmadd(av[r], bv);
                }
            }
            p += V::L;
        }
        for r in 0..MR {
            for s in 0..NR {
                let mut sum = acc[r][s].sum();
                for q in kv..k {
                    sum = One(sum)
                        .fmadd(One(*a.add(r * lda + q)), One(*b.add(s * ldb + q)))
                        .0;
                }
                *c.add(r + s * ldc) = sum;
            }
        }
    }
}

/// The whole of C = Aᵀ·B in MR × NR tiles, edges in thinner tiles.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn gemm_tn_body<V: Simd>(
    m: usize,
    n: usize,
    k: usize,
    a: *const V::E,
    lda: usize,
    b: *const V::E,
    ldb: usize,
    c: *mut V::E,
    ldc: usize,
) {
    const MR: usize = 3;
    const NR: usize = 4;
    let (m_full, n_full) = (m / MR * MR, n / NR * NR);
    // SAFETY: every tile lies inside the m × n result and reads k rows of its columns.
    unsafe {
        let mut r = 0;
        while r < m {
            let mr = if r < m_full { MR } else { 1 };
            let mut s = 0;
            while s < n {
                let nr = if s < n_full { NR } else { 1 };
                // NOTE: written out, not a closure: a closure is compiled without the
                // `#[target_feature]`s of the function it is inlined into (only of the function
                // that defines it), and whether LLVM inlines it depends on the build profile.
                // With `codegen-units = 1` it did not, and each `_mm256_fmadd_ps` became a call:
                // 784 → 128 → 10 `forward_batch` 70× slower (issue 17, BENCHMARKS.md).
                let (a, b, c) = (a.add(r * lda), b.add(s * ldb), c.add(r + s * ldc));
                match (mr, nr) {
                    (MR, NR) => tile_tn::<V, MR, NR>(k, a, lda, b, ldb, c, ldc),
                    (MR, _) => tile_tn::<V, MR, 1>(k, a, lda, b, ldb, c, ldc),
                    (_, NR) => tile_tn::<V, 1, NR>(k, a, lda, b, ldb, c, ldc),
                    _ => tile_tn::<V, 1, 1>(k, a, lda, b, ldb, c, ldc),
                }
                s += nr;
            }
            r += mr;
        }
    }
}

/// One (MV·L) × NR tile of C (+)= A·B: C[i, j] (+)= Σ_p A[i, p]·B[p, j], as outer products of
/// A's column segments and broadcast entries of B.
///
/// # Safety
/// A has MV·L contiguous rows in each of `k` columns at stride `lda`; B[p, j] is at
/// `p·rsb + j·csb` for p < k, j < NR; C has MV·L rows and NR columns at column stride `ldc`.
/// `V` is usable on this CPU.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn tile_nx<V: Simd, const MV: usize, const NR: usize>(
    k: usize,
    a: *const V::E,
    lda: usize,
    b: *const V::E,
    rsb: usize,
    csb: usize,
    c: *mut V::E,
    ldc: usize,
    accumulate: bool,
) {
    // SAFETY (every pointer and intrinsic below): inside the blocks the caller vouches for.
    unsafe {
        let mut acc = [[V::zero(); MV]; NR];
        for p in 0..k {
            let mut av = [V::zero(); MV];
            for (v, e) in av.iter_mut().enumerate() {
                *e = V::load(a.add(p * lda + v * V::L));
            }
            for (j, accj) in acc.iter_mut().enumerate() {
                let bj = V::splat(*b.add(p * rsb + j * csb));
                for v in 0..MV {
                    accj[v] = accj[v].fmadd(av[v], bj);
                }
            }
        }
        for (j, accj) in acc.iter().enumerate() {
            for (v, e) in accj.iter().enumerate() {
                let dst = c.add(j * ldc + v * V::L);
                let out = if accumulate { e.add(V::load(dst)) } else { *e };
                out.store(dst);
            }
        }
    }
}

/// Columns of B packed at a time (a multiple of the tile width) and rows of B (the summed
/// dimension) per pass: the packed panel, `KC·NC` values, lives on the stack: 12 kB in `f32` on
/// 64-bit targets, where it fits the L1 cache beside the tile of A; 768 bytes on smaller
/// targets (a Cortex-M's whole stack may be a few kilobytes).
#[cfg(target_pointer_width = "64")]
const NC: usize = 48;
#[cfg(target_pointer_width = "64")]
const KC: usize = 64;
#[cfg(not(target_pointer_width = "64"))]
const NC: usize = 12;
#[cfg(not(target_pointer_width = "64"))]
const KC: usize = 16;

/// The whole of C (+)= A·B in (MV·L) × NR tiles, edges in thinner tiles (the last rows one
/// scalar at a time).
///
/// B is first copied, `KC` rows × `NC` columns at a time, into a stack panel in the order the
/// tiles read it (`NR` entries per row, contiguous): B may be any strided view (δᵀ is), and
/// reading it in place would walk a power-of-two stride that keeps missing the cache. Each
/// tile of A is then reused across the panel's columns.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn gemm_nx_body<V: Simd>(
    m: usize,
    n: usize,
    k: usize,
    a: *const V::E,
    lda: usize,
    b: *const V::E,
    rsb: usize,
    csb: usize,
    c: *mut V::E,
    ldc: usize,
    accumulate: bool,
) {
    const MV: usize = 2;
    const NR: usize = 6;
    let mr = MV * V::L;
    let (m_full, m_lanes) = (m / mr * mr, m / V::L * V::L);
    let mut panel = [zero::<V::E>(); KC * NC];
    // SAFETY: every tile lies inside the m × n result, reads its rows of A and its packed
    // columns of B; the packing reads B[p, j] for p < k, j < n only.
    unsafe {
        let mut k0 = 0;
        while k0 < k || (k == 0 && k0 == 0) {
            let kc = KC.min(k - k0);
            let acc = accumulate || k0 > 0;
            let mut n0 = 0;
            while n0 < n {
                let nc = NC.min(n - n0);
                // Pack: panel q holds columns n0 + q·NR … (+NR) as kc rows of NR (the last
                // panel may be narrower; its width is `w`).
                let mut q0 = 0;
                while q0 < nc {
                    let w = NR.min(nc - q0);
                    let dst = panel.as_mut_ptr().add(q0 * kc);
                    for p in 0..kc {
                        for jj in 0..w {
                            *dst.add(p * w + jj) = *b.add((k0 + p) * rsb + (n0 + q0 + jj) * csb);
                        }
                    }
                    q0 += w;
                }
                let mut i = 0;
                while i < m {
                    let (ai, step) = (
                        a.add(i + k0 * lda),
                        if i < m_full {
                            mr
                        } else if i < m_lanes {
                            V::L
                        } else {
                            1
                        },
                    );
                    let mut q0 = 0;
                    while q0 < nc {
                        let w = NR.min(nc - q0);
                        let bp = panel.as_ptr().add(q0 * kc);
                        let ci = c.add(i + (n0 + q0) * ldc);
                        match (step == mr, step == V::L, w == NR) {
                            (true, _, true) => {
                                tile_nx::<V, MV, NR>(kc, ai, lda, bp, w, 1, ci, ldc, acc)
                            }
                            (true, _, false) => {
                                tile_nx_narrow::<V, MV>(w, kc, ai, lda, bp, ci, ldc, acc)
                            }
                            (false, true, true) => {
                                tile_nx::<V, 1, NR>(kc, ai, lda, bp, w, 1, ci, ldc, acc)
                            }
                            (false, true, false) => {
                                tile_nx_narrow::<V, 1>(w, kc, ai, lda, bp, ci, ldc, acc)
                            }
                            (false, false, true) => {
                                tile_nx::<One<V::E>, 1, NR>(kc, ai, lda, bp, w, 1, ci, ldc, acc)
                            }
                            (false, false, false) => {
                                tile_nx_narrow::<One<V::E>, 1>(w, kc, ai, lda, bp, ci, ldc, acc)
                            }
                        }
                        q0 += w;
                    }
                    i += step;
                }
                n0 += nc;
            }
            if k == 0 {
                break;
            }
            k0 += kc;
        }
    }
}

/// A tile of fewer than the full `NR` columns (`w` of them), one column at a time.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn tile_nx_narrow<V: Simd, const MV: usize>(
    w: usize,
    k: usize,
    a: *const V::E,
    lda: usize,
    bp: *const V::E,
    c: *mut V::E,
    ldc: usize,
    accumulate: bool,
) {
    for jj in 0..w {
        // SAFETY: column jj of the packed panel (stride w) and of C, as the caller vouches.
        unsafe {
            tile_nx::<V, MV, 1>(
                k,
                a,
                lda,
                bp.add(jj),
                w,
                1,
                c.add(jj * ldc),
                ldc,
                accumulate,
            )
        };
    }
}

/// The portable instantiation.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
unsafe fn gemm_tn_base<T: Scalar>(
    m: usize,
    n: usize,
    k: usize,
    a: *const T,
    lda: usize,
    b: *const T,
    ldb: usize,
    c: *mut T,
    ldc: usize,
) {
    // SAFETY: forwarded from the caller; on x86-64, `T` is the lane type where cast (checked).
    unsafe {
        #[cfg(target_arch = "x86_64")]
        {
            if same::<T, f32>() {
                return gemm_tn_body::<sse2::F32x4>(
                    m,
                    n,
                    k,
                    a.cast(),
                    lda,
                    b.cast(),
                    ldb,
                    c.cast(),
                    ldc,
                );
            }
            if same::<T, f64>() {
                return gemm_tn_body::<sse2::F64x2>(
                    m,
                    n,
                    k,
                    a.cast(),
                    lda,
                    b.cast(),
                    ldb,
                    c.cast(),
                    ldc,
                );
            }
        }
        gemm_tn_body::<One<T>>(m, n, k, a, lda, b, ldb, c, ldc)
    }
}

/// The portable instantiation.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
unsafe fn gemm_nx_base<T: Scalar>(
    m: usize,
    n: usize,
    k: usize,
    a: *const T,
    lda: usize,
    b: *const T,
    rsb: usize,
    csb: usize,
    c: *mut T,
    ldc: usize,
    accumulate: bool,
) {
    // SAFETY: forwarded from the caller; on x86-64, `T` is the lane type where cast (checked).
    unsafe {
        #[cfg(target_arch = "x86_64")]
        {
            if same::<T, f32>() {
                return gemm_nx_body::<sse2::F32x4>(
                    m,
                    n,
                    k,
                    a.cast(),
                    lda,
                    b.cast(),
                    rsb,
                    csb,
                    c.cast(),
                    ldc,
                    accumulate,
                );
            }
            if same::<T, f64>() {
                return gemm_nx_body::<sse2::F64x2>(
                    m,
                    n,
                    k,
                    a.cast(),
                    lda,
                    b.cast(),
                    rsb,
                    csb,
                    c.cast(),
                    ldc,
                    accumulate,
                );
            }
        }
        gemm_nx_body::<One<T>>(m, n, k, a, lda, b, rsb, csb, c, ldc, accumulate)
    }
}

/// The AVX2 + FMA instantiation for `V` (`F32x8` or `F64x4`).
///
/// # Safety
/// As for [`gemm_tn`], and the CPU has AVX2 and FMA.
#[cfg(all(
    target_arch = "x86_64",
    any(feature = "std", all(target_feature = "avx2", target_feature = "fma"))
))]
#[target_feature(enable = "avx2,fma")]
#[allow(clippy::too_many_arguments)]
unsafe fn gemm_tn_avx2<V: Simd>(
    m: usize,
    n: usize,
    k: usize,
    a: *const V::E,
    lda: usize,
    b: *const V::E,
    ldb: usize,
    c: *mut V::E,
    ldc: usize,
) {
    // SAFETY: forwarded from the caller.
    unsafe { gemm_tn_body::<V>(m, n, k, a, lda, b, ldb, c, ldc) }
}

/// The AVX2 + FMA instantiation for `V` (`F32x8` or `F64x4`).
///
/// # Safety
/// As for [`gemm_nx`], and the CPU has AVX2 and FMA.
#[cfg(all(
    target_arch = "x86_64",
    any(feature = "std", all(target_feature = "avx2", target_feature = "fma"))
))]
#[target_feature(enable = "avx2,fma")]
#[allow(clippy::too_many_arguments)]
unsafe fn gemm_nx_avx2<V: Simd>(
    m: usize,
    n: usize,
    k: usize,
    a: *const V::E,
    lda: usize,
    b: *const V::E,
    rsb: usize,
    csb: usize,
    c: *mut V::E,
    ldc: usize,
    accumulate: bool,
) {
    // SAFETY: forwarded from the caller.
    unsafe { gemm_nx_body::<V>(m, n, k, a, lda, b, rsb, csb, c, ldc, accumulate) }
}

/// Whether `T` is `U` (then a pointer cast between them changes nothing).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn same<T: 'static, U: 'static>() -> bool {
    core::any::TypeId::of::<T>() == core::any::TypeId::of::<U>()
}

/// The run-time choice of an AVX2 kernel: if `cpu::$query()` (`use_avx2` or `use_avx2_fma`) and
/// `$t` is `f32` or `f64`, runs `$run` with `$v` naming the AVX2 register of `$t`'s lanes
/// ([`avx2::F32x8`] or [`avx2::F64x4`]), then returns `$ret` (or nothing) from the enclosing function;
/// otherwise does nothing, and the caller goes on to its portable code. Expands to nothing where
/// the kernels do not exist (not x86-64, or neither `std` nor AVX2 + FMA at compile time).
macro_rules! dispatch_avx2 {
    ($query:ident, $t:ty, |$v:ident| $run:block $(, $ret:expr)?) => {
        #[cfg(all(
            target_arch = "x86_64",
            any(feature = "std", all(target_feature = "avx2", target_feature = "fma"))
        ))]
        if crate::cpu::$query() {
            if same::<$t, f32>() {
                type $v = avx2::F32x8;
                $run;
                return $($ret)?;
            }
            if same::<$t, f64>() {
                type $v = avx2::F64x4;
                $run;
                return $($ret)?;
            }
        }
    };
}

/// C = Aᵀ·B: C (m × n, column stride `ldc`), A (k × m, column stride `lda`), B (k × n, column
/// stride `ldb`), all with unit row stride.
///
/// # Safety
/// The three blocks are in bounds of their allocations, C does not overlap A or B, and every
/// stride is at least the block's row count (so columns do not overlap).
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn gemm_tn<T: Scalar>(
    m: usize,
    n: usize,
    k: usize,
    a: *const T,
    lda: usize,
    b: *const T,
    ldb: usize,
    c: *mut T,
    ldc: usize,
) {
    dispatch_avx2!(use_avx2_fma, T, |V| {
        // SAFETY: the CPU has AVX2 and FMA; `T` is `V`'s lane type (checked), so the casts
        // change nothing; the blocks as the caller vouches.
        unsafe { gemm_tn_avx2::<V>(m, n, k, a.cast(), lda, b.cast(), ldb, c.cast(), ldc) }
    });
    // SAFETY: the blocks as the caller vouches.
    unsafe { gemm_tn_base(m, n, k, a, lda, b, ldb, c, ldc) }
}

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
    dispatch_avx2!(use_avx2_fma, T, |V| {
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
unsafe fn gemv_n_avx2<V: Simd>(
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
        use_avx2_fma,
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

/// The step skips zero columns (see [`rank1_body`]) only when they have at least this many
/// values. The test and branch per column cost 16 → 32 → 32 → 4 (tanh: nothing to skip) 4,605 →
/// 4,856 instructions per training step when every column had them; on 784 → 128 → 10 the skip
/// took the step from 118,108 to 69,817 instructions and its fastest of 20 runs from 15.3 to
/// 10.1–10.3 µs (52 of its 128 neurons active). A column of 64 `f32` is eight AVX2 vectors, about what a mispredicted branch costs
/// (in training the pattern of off neurons changes with every sample); 64 was not tuned further.
const SKIP_MIN_INPUTS: usize = 64;

/// w_j ← w_j − lr·(x·d_j) (`lr` given) or w_j ← w_j + x·d_j for each column j of `w` (columns of
/// `K` values, one per dz entry), `V::L` values at a time: a multiply per product and one for
/// lr, no FMA, so each value is rounded as in the scalar expression.
///
/// With `lr` and at least [`SKIP_MIN_INPUTS`] values per column, a column whose d_j is ±0 is
/// not touched: its step lr·(x·0) is ±0 for finite x (which the training step has established
/// before it calls this), so the column keeps its values; only a −0 weight keeps its sign
/// where w − (−0) would have made it +0. A ReLU neuron that is off has d_j = 0, so this skips
/// reading and writing back about half of a ReLU layer's weights (`BENCHMARKS.md`, issue 7).
/// Not without `lr`: there a gradient of ∞·0 = NaN must stay NaN.
///
/// The column length is a constant (a layer's input count) so that short columns unroll
/// completely: on 16 → 32 → 32 → 4 that took the training step from 6,169 to 5,341
/// instructions (callgrind) and its fastest of 20 runs from 534 to 480 ns (`BENCHMARKS.md`).
///
/// # Safety
/// `V` is usable on this CPU.
#[inline(always)]
unsafe fn rank1_body<V: Simd, const K: usize>(
    w: &mut [V::E],
    x: &[V::E],
    dz: &[V::E],
    lr: Option<V::E>,
) {
    use core::mem::{MaybeUninit, size_of};
    let x = &x[..K];
    // Where every column starts at the same offset from a 32-byte boundary (K values make a
    // multiple of 32 bytes), x is copied to where it shares that offset, and each column's
    // first `peel` values are done one at a time: then every vector load and store of both
    // streams is aligned. (On 784 → 128, a probe measured the update 15–20 % slower with x or
    // the weights off 32-byte alignment, BENCHMARKS.md.) Only for columns of at least
    // `SKIP_MIN_INPUTS` values: on shorter ones the copy and the heads weigh more; that bound
    // was measured for the skip and reused here, not tuned for the alignment.
    if V::L > 1 && K >= SKIP_MIN_INPUTS && (K * size_of::<V::E>()).is_multiple_of(32) {
        let mut buf: [[MaybeUninit<V::E>; K]; 2] =
            [const { [const { MaybeUninit::uninit() }; K] }; 2];
        let e = size_of::<V::E>();
        let base = buf.as_mut_ptr().cast::<V::E>();
        let off = w.as_ptr() as usize % 32;
        // Both addresses are multiples of e, so the shift is a whole number of values, below
        // 32 / e ≤ K: the copy fits in the 2K values of `buf`.
        let shift = (off + 32 - base as usize % 32) % 32 / e;
        // SAFETY: `shift + K ≤ 2K` values of `buf`, written here before they are read; `V`
        // as the caller vouches.
        unsafe {
            let dst = base.add(shift);
            core::ptr::copy_nonoverlapping(x.as_ptr(), dst, K);
            let xa = core::slice::from_raw_parts(dst, K);
            rank1_columns::<V, K>(w, xa, dz, lr, (32 - off) % 32 / e);
        }
    } else {
        // SAFETY: `V` as the caller vouches.
        unsafe { rank1_columns::<V, K>(w, x, dz, lr, 0) };
    }
}

/// [`rank1_body`]'s loop over the columns, with x (K values) and the number of values done one
/// at a time at the head of each column (`peel` < K).
///
/// # Safety
/// `V` is usable on this CPU.
#[inline(always)]
unsafe fn rank1_columns<V: Simd, const K: usize>(
    w: &mut [V::E],
    x: &[V::E],
    dz: &[V::E],
    lr: Option<V::E>,
    peel: usize,
) {
    let k = K;
    let kv = peel + (k - peel) / V::L * V::L;
    for (col, &d) in w.chunks_exact_mut(k).zip(dz) {
        if K >= SKIP_MIN_INPUTS && lr.is_some() && d == <V::E as Scalar>::lit(0.0) {
            continue;
        }
        for (w, xi) in col[..peel].iter_mut().zip(&x[..peel]) {
            match lr {
                Some(lr) => *w -= lr * (*xi * d),
                None => *w += *xi * d,
            }
        }
        // SAFETY: p + L ≤ kv ≤ k = col.len() = x.len(); `V` as the caller vouches.
        unsafe {
            let dv = V::splat(d);
            let mut p = peel;
            while p < kv {
                let g = V::load(x.as_ptr().add(p)).mul(dv);
                let c = col.as_mut_ptr().add(p);
                let w = V::load(c);
                match lr {
                    Some(lr) => w.sub(V::splat(lr).mul(g)),
                    None => w.add(g),
                }
                .store(c);
                p += V::L;
            }
        }
        for (w, xi) in col[kv..].iter_mut().zip(&x[kv..]) {
            match lr {
                Some(lr) => *w -= lr * (*xi * d),
                None => *w += *xi * d,
            }
        }
    }
}

/// [`rank1_body`] compiled for AVX2.
///
/// # Safety
/// The CPU has AVX2.
#[cfg(all(
    target_arch = "x86_64",
    any(feature = "std", all(target_feature = "avx2", target_feature = "fma"))
))]
#[target_feature(enable = "avx2")]
unsafe fn rank1_avx2_v<V: Simd, const K: usize>(
    w: &mut [V::E],
    x: &[V::E],
    dz: &[V::E],
    lr: Option<V::E>,
) {
    // SAFETY: the CPU has AVX2, which is all `V`'s multiply, add, subtract, load and store use.
    unsafe { rank1_body::<V, K>(w, x, dz, lr) }
}

/// The rank-one update of a weight matrix `w` (dz.len() columns of `K` values):
/// w_j ← w_j − lr·(x·d_j) with `lr` (the gradient step), or w_j ← w_j + x·d_j without
/// (accumulating the gradient). In AVX2 where the CPU has it, else one lane at a time; no FMA in
/// either, so both give the scalar expressions' bits, except that the step leaves a column
/// with d_j = ±0 as it is (see [`rank1_body`]). On a 784 → 128 layer AVX2 took the
/// one-sample training step from 29–32 µs to 17–23 µs (`BENCHMARKS.md`, issue 7).
#[inline]
pub(crate) fn rank1<T: Scalar, const K: usize>(w: &mut [T], x: &[T; K], dz: &[T], lr: Option<T>) {
    dispatch_avx2!(use_avx2, T, |V| {
        use core::slice::{from_raw_parts, from_raw_parts_mut};
        // SAFETY: the CPU has AVX2; `T` is `V`'s lane type (checked), so each cast is the same
        // slice with the same type.
        unsafe {
            rank1_avx2_v::<V, K>(
                from_raw_parts_mut(w.as_mut_ptr().cast(), w.len()),
                from_raw_parts(x.as_ptr().cast(), x.len()),
                from_raw_parts(dz.as_ptr().cast(), dz.len()),
                lr.map(|l| <<V as Simd>::E as Scalar>::lit(l.to_f64())),
            )
        }
    });
    // SAFETY: `One` is usable everywhere.
    unsafe { rank1_body::<One<T>, K>(w, x, dz, lr) }
}

/// C = A·B (or C += A·B with `accumulate`): C (m × n, column stride `ldc`, unit row stride),
/// A (m × k, column stride `lda`, unit row stride), B (k × n) with element (p, j) at
/// `b + p·rsb + j·csb`.
///
/// # Safety
/// As for [`gemm_tn`]; B's strides may be anything that keeps it in bounds.
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn gemm_nx<T: Scalar>(
    m: usize,
    n: usize,
    k: usize,
    a: *const T,
    lda: usize,
    b: *const T,
    rsb: usize,
    csb: usize,
    c: *mut T,
    ldc: usize,
    accumulate: bool,
) {
    dispatch_avx2!(use_avx2_fma, T, |V| {
        // SAFETY: as in `gemm_tn`.
        unsafe {
            gemm_nx_avx2::<V>(
                m,
                n,
                k,
                a.cast(),
                lda,
                b.cast(),
                rsb,
                csb,
                c.cast(),
                ldc,
                accumulate,
            )
        }
    });
    // SAFETY: the blocks as the caller vouches.
    unsafe { gemm_nx_base(m, n, k, a, lda, b, rsb, csb, c, ldc, accumulate) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(i: usize) -> f64 {
        let h = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 11;
        h as f64 / (1u64 << 53) as f64 - 0.5
    }

    /// Both instantiations of both kernels against a triple loop, over shapes that hit every
    /// tile and edge (and the `KC` chunking of the summed dimension), with padded strides.
    fn check<T: Scalar>(tol: f64) {
        for &(m, n, k) in &[
            (1, 1, 1),
            (3, 4, 8),
            (5, 7, 3),
            (17, 13, 9),
            (33, 50, 65),
            (40, 6, 130),
        ] {
            let (lda, ldb, ldc) = (k + 3, k + 1, m + 2);
            let a: Vec<T> = (0..lda * m).map(|i| T::lit(value(i))).collect();
            let b: Vec<T> = (0..ldb * n).map(|i| T::lit(value(i + 7_777))).collect();
            // C = Aᵀ·B.
            let reference = |r: usize, s: usize| -> f64 {
                (0..k)
                    .map(|p| a[r * lda + p].to_f64() * b[s * ldb + p].to_f64())
                    .sum()
            };
            let run_tn = |portable: bool| {
                let mut c = vec![T::lit(f64::NAN); ldc * n];
                unsafe {
                    if portable {
                        gemm_tn_base(
                            m,
                            n,
                            k,
                            a.as_ptr(),
                            lda,
                            b.as_ptr(),
                            ldb,
                            c.as_mut_ptr(),
                            ldc,
                        )
                    } else {
                        gemm_tn(
                            m,
                            n,
                            k,
                            a.as_ptr(),
                            lda,
                            b.as_ptr(),
                            ldb,
                            c.as_mut_ptr(),
                            ldc,
                        )
                    }
                }
                c
            };
            for portable in [true, false] {
                let c = run_tn(portable);
                for r in 0..m {
                    for s in 0..n {
                        let (got, want) = (c[r + s * ldc].to_f64(), reference(r, s));
                        assert!(
                            (got - want).abs() <= tol * k as f64,
                            "tn {m}x{n}x{k} ({r},{s}): {got} vs {want}"
                        );
                    }
                }
            }
            // C (+)= A'·B' with A' = the m × k block of `a` at column stride `lda2` and
            // B'[p, j] = b[p·ldb2 + j] (a transposed view, as δᵀ is).
            let (lda2, ldb2) = (m + 1, n + 2);
            let a2: Vec<T> = (0..lda2 * k).map(|i| T::lit(value(i + 99))).collect();
            let b2: Vec<T> = (0..ldb2 * k).map(|i| T::lit(value(i + 5_555))).collect();
            let reference = |i: usize, j: usize| -> f64 {
                (0..k)
                    .map(|p| a2[i + p * lda2].to_f64() * b2[p * ldb2 + j].to_f64())
                    .sum()
            };
            for variant in 0..3u8 {
                for accumulate in [false, true] {
                    let mut c = vec![T::lit(if accumulate { 1.5 } else { f64::NAN }); ldc * n];
                    unsafe {
                        let args = (a2.as_ptr(), b2.as_ptr(), c.as_mut_ptr());
                        let (m, n, k, acc) = (m, n, k, accumulate);
                        match variant {
                            0 => gemm_nx_body::<One<T>>(
                                m, n, k, args.0, lda2, args.1, ldb2, 1, args.2, ldc, acc,
                            ),
                            1 => gemm_nx_base(
                                m, n, k, args.0, lda2, args.1, ldb2, 1, args.2, ldc, acc,
                            ),
                            _ => gemm_nx(m, n, k, args.0, lda2, args.1, ldb2, 1, args.2, ldc, acc),
                        }
                    }
                    for i in 0..m {
                        for j in 0..n {
                            let want = reference(i, j) + if accumulate { 1.5 } else { 0.0 };
                            let got = c[i + j * ldc].to_f64();
                            assert!(
                                (got - want).abs() <= tol * k as f64,
                                "nx {m}x{n}x{k} ({i},{j}): {got} vs {want}"
                            );
                        }
                        // The padding between columns is untouched.
                        if accumulate {
                            for j in 0..n {
                                for pad in m..ldc {
                                    assert_eq!(c[pad + j * ldc].to_f64(), 1.5);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// `gemv_tn` (the AVX2 + FMA eight- and four-neuron groups where the CPU has them) against a
    /// plain loop, over neuron counts and lengths around every group size and tail, with a
    /// padded stride; y's neighbours are untouched.
    fn check_gemv<T: Scalar>(tol: f64) {
        for m in [1, 3, 4, 7, 8, 9, 12, 16, 17, 31, 33] {
            for k in [1, 3, 4, 5, 8, 9, 15, 16, 17, 32, 100] {
                let lda = k + 2;
                let a: Vec<T> = (0..lda * m).map(|i| T::lit(value(i + 3))).collect();
                let x: Vec<T> = (0..k).map(|i| T::lit(value(i + 4_242))).collect();
                let mut y = vec![T::lit(7.0); m + 2];
                unsafe { gemv_tn(m, k, a.as_ptr(), lda, x.as_ptr(), y[1..].as_mut_ptr()) };
                assert_eq!((y[0].to_f64(), y[m + 1].to_f64()), (7.0, 7.0), "{m}x{k}");
                for j in 0..m {
                    let want: f64 = (0..k)
                        .map(|p| a[j * lda + p].to_f64() * x[p].to_f64())
                        .sum();
                    let got = y[1 + j].to_f64();
                    assert!(
                        (got - want).abs() <= tol * k as f64,
                        "gemv {m}x{k} ({j}): {got} vs {want}"
                    );
                }
            }
        }
    }

    /// The AVX2 column-sum product against a plain loop, for every block and tail size; the
    /// rows beyond m stay untouched.
    #[test]
    fn gemv_n_matches_a_plain_loop() {
        fn check<T: Scalar>(tol: f64) {
            for m in (1..=41).chain([63, 64, 65, 100]) {
                for k in [1, 2, 3, 7, 10, 33] {
                    let lda = m + 3;
                    let a: Vec<T> = (0..lda * k).map(|i| T::lit(value(i + 5))).collect();
                    let x: Vec<T> = (0..k).map(|i| T::lit(value(i + 77))).collect();
                    let mut y = vec![T::lit(7.0); m + 2];
                    let done =
                        unsafe { gemv_n(m, k, a.as_ptr(), lda, x.as_ptr(), y[1..].as_mut_ptr()) };
                    if !done {
                        assert!(y.iter().all(|v| v.to_f64() == 7.0), "touched y");
                        continue;
                    }
                    assert_eq!((y[0].to_f64(), y[m + 1].to_f64()), (7.0, 7.0), "{m}x{k}");
                    for i in 0..m {
                        let want: f64 = (0..k)
                            .map(|j| a[i + j * lda].to_f64() * x[j].to_f64())
                            .sum();
                        let got = y[1 + i].to_f64();
                        assert!(
                            (got - want).abs() <= tol * k as f64,
                            "gemv_n {m}x{k} ({i}): {got} vs {want}"
                        );
                    }
                }
            }
        }
        check::<f32>(1e-6);
        check::<f64>(1e-15);
    }

    /// The AVX2 rank-one update gives the scalar expressions' bits, for every tail length.
    fn check_rank1<T: Scalar>() {
        check_rank1_k::<T, 1>();
        check_rank1_k::<T, 3>();
        check_rank1_k::<T, 4>();
        check_rank1_k::<T, 5>();
        check_rank1_k::<T, 8>();
        check_rank1_k::<T, 9>();
        check_rank1_k::<T, 15>();
        check_rank1_k::<T, 16>();
        check_rank1_k::<T, 17>();
        check_rank1_k::<T, 33>();
        check_rank1_k::<T, 63>();
        check_rank1_k::<T, SKIP_MIN_INPUTS>();
        check_rank1_k::<T, 71>();
    }

    fn check_rank1_k<T: Scalar, const K: usize>() {
        {
            let (k, m) = (K, 5);
            let x: [T; K] = core::array::from_fn(|i| T::lit(value(i + 11)));
            // Columns 1 and 3 have d = +0 and −0 (an inactive ReLU neuron), with a −0 weight
            // in each, and x has negative values: w − lr·(x·d) would turn some −0 into +0.
            let mut dz: Vec<T> = (0..m).map(|i| T::lit(value(i + 333))).collect();
            (dz[1], dz[3]) = (T::lit(0.0), T::lit(-0.0));
            let mut w0: Vec<T> = (0..k * m).map(|i| T::lit(value(i + 9_000))).collect();
            let neg = x.iter().position(|v| v.to_f64() < 0.0);
            let pos = x.iter().position(|v| v.to_f64() > 0.0);
            if let (Some(n), Some(p)) = (neg, pos) {
                (w0[k + n], w0[3 * k + p]) = (T::lit(-0.0), T::lit(-0.0));
            }
            // Every offset of the weights from a 32-byte boundary (the copy of x follows it).
            for (portable, lr, at) in [false, true]
                .into_iter()
                .flat_map(|p| [(p, Some(T::lit(0.37))), (p, None)])
                .flat_map(|(p, lr)| (0..8).map(move |at| (p, lr, at)))
            {
                let mut store = vec![T::lit(7.0); k * m + 8];
                store[at..at + k * m].copy_from_slice(&w0);
                let w = &mut store[at..at + k * m];
                let mut sign_kept = 0;
                if portable {
                    unsafe { rank1_body::<One<T>, K>(w, &x, &dz, lr) };
                } else {
                    rank1(w, &x, &dz, lr);
                }
                for j in 0..m {
                    for p in 0..k {
                        let (old, g) = (w0[j * k + p], x[p] * dz[j]);
                        let want = match lr {
                            // The step skips a column with d = ±0: every value keeps its bits.
                            Some(_) if K >= SKIP_MIN_INPUTS && dz[j] == T::lit(0.0) => old,
                            Some(lr) => old - lr * g,
                            None => old + g,
                        };
                        let got = w[j * k + p];
                        assert_eq!(got.to_f64().to_bits(), want.to_f64().to_bits(), "k {k}");
                        if let Some(lr) = lr {
                            let full = old - lr * g;
                            sign_kept +=
                                usize::from(full.to_f64().to_bits() != got.to_f64().to_bits());
                        }
                    }
                }
                // Exactly the two −0 weights differ from the full expression, where columns
                // are skipped (and x has values of both signs).
                let skips = K >= SKIP_MIN_INPUTS && lr.is_some();
                let want = if skips && neg.is_some() && pos.is_some() {
                    2
                } else {
                    0
                };
                assert_eq!(sign_kept, want, "k {k}");
                // Nothing outside the weights was written.
                let outside = store[..at].iter().chain(&store[at + k * m..]);
                assert!(outside.into_iter().all(|v| *v == T::lit(7.0)), "k {k}");
            }
        }
    }

    #[test]
    fn rank1_is_the_scalar_expression_bit_for_bit() {
        check_rank1::<f32>();
        check_rank1::<f64>();
    }

    #[test]
    fn gemv_matches_a_plain_loop() {
        check_gemv::<f32>(1e-6);
        check_gemv::<f64>(1e-15);
    }

    #[test]
    fn kernels_match_a_triple_loop_f64() {
        check::<f64>(1e-15);
    }

    #[test]
    fn kernels_match_a_triple_loop_f32() {
        check::<f32>(1e-6);
    }
}
