//! The matrix-matrix products of batched training, as register-blocked tiles on column-major
//! blocks (the shapes are described in [the module above](super)): [`gemm_tn`] (C = Aᵀ·B, the
//! forward pass) and [`gemm_nx`] (C (+)= A·B, the input and weight gradients), each with its
//! portable instantiation, its AVX2 + FMA one, and an AVX-512 F one with larger tiles where the
//! CPU has AVX-512 F (issue 17).
// The tile loops index several arrays by the same (row, column), as the maths reads.
#![allow(clippy::needless_range_loop)]

#[cfg(all(
    target_arch = "x86_64",
    any(feature = "std", all(target_feature = "avx2", target_feature = "fma"))
))]
use super::avx2;
#[cfg(all(
    target_arch = "x86_64",
    any(feature = "std", target_feature = "avx512f")
))]
use super::avx512;
use super::simd::{One, Simd, zero};
#[cfg(target_arch = "x86_64")]
use super::{same, sse2};
use crate::Scalar;

/// One MR × NR tile of C = Aᵀ·B: C[r, s] = Σ_p A[p, r]·B[p, s], the sums in SIMD lanes along
/// p, then across the lanes, then the tail of p in scalar steps.
///
/// # Safety
/// A has MR columns of length `k` at stride `lda`, B has NR columns of length `k` at stride
/// `ldb`, C has MR rows and NR columns at column stride `ldc`; all in bounds. `V` is usable on
/// this CPU.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(super) unsafe fn tile_tn<V: Simd, const MR: usize, const NR: usize>(
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

/// The whole of C = Aᵀ·B in 3 × 4 tiles, edges in thinner tiles.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(super) unsafe fn gemm_tn_body<V: Simd>(
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
    unsafe { gemm_tn_tiled::<V, 3, 4>(m, n, k, a, lda, b, ldb, c, ldc) }
}

/// The whole of C = Aᵀ·B in MR × NR tiles; the last rows in 1-row tiles; the last columns in
/// 4-column tiles while 4 remain (when NR > 4), then 1-column tiles.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(super) unsafe fn gemm_tn_tiled<V: Simd, const MR: usize, const NR: usize>(
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
    let (m_full, n_full) = (m / MR * MR, n / NR * NR);
    // SAFETY: every tile lies inside the m × n result and reads k rows of its columns.
    unsafe {
        let mut r = 0;
        while r < m {
            let mr = if r < m_full { MR } else { 1 };
            let mut s = 0;
            while s < n {
                let nr = if s < n_full {
                    NR
                } else if NR > 4 && s + 4 <= n {
                    4
                } else {
                    1
                };
                // NOTE: written out, not a closure: a closure is compiled without the
                // `#[target_feature]`s of the function it is inlined into (only of the function
                // that defines it), and whether LLVM inlines it depends on the build profile.
                // With `codegen-units = 1` it did not, and each `_mm256_fmadd_ps` became a call:
                // 784 → 128 → 10 `forward_batch` 70× slower (issue 17, BENCHMARKS.md).
                let (a, b, c) = (a.add(r * lda), b.add(s * ldb), c.add(r + s * ldc));
                if mr == MR {
                    if nr == NR {
                        tile_tn::<V, MR, NR>(k, a, lda, b, ldb, c, ldc)
                    } else if nr == 4 {
                        tile_tn::<V, MR, 4>(k, a, lda, b, ldb, c, ldc)
                    } else {
                        tile_tn::<V, MR, 1>(k, a, lda, b, ldb, c, ldc)
                    }
                } else if nr == NR {
                    tile_tn::<V, 1, NR>(k, a, lda, b, ldb, c, ldc)
                } else if nr == 4 {
                    tile_tn::<V, 1, 4>(k, a, lda, b, ldb, c, ldc)
                } else {
                    tile_tn::<V, 1, 1>(k, a, lda, b, ldb, c, ldc)
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
pub(super) unsafe fn tile_nx<V: Simd, const MV: usize, const NR: usize>(
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
pub(super) const NC: usize = 48;
#[cfg(target_pointer_width = "64")]
pub(super) const KC: usize = 64;
#[cfg(not(target_pointer_width = "64"))]
pub(super) const NC: usize = 12;
#[cfg(not(target_pointer_width = "64"))]
pub(super) const KC: usize = 16;

/// The whole of C (+)= A·B in (2·L) × 6 tiles (see [`gemm_nx_tiled`]).
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(super) unsafe fn gemm_nx_body<V: Simd>(
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
    unsafe { gemm_nx_tiled::<V, 2, 6>(m, n, k, a, lda, b, rsb, csb, c, ldc, accumulate) }
}

/// The whole of C (+)= A·B in (MV·L) × NR tiles, edges in thinner tiles (the last rows one
/// scalar at a time).
///
/// B is first copied, `KC` rows × `NC` columns at a time, into a stack panel in the order the
/// tiles read it (`NR` entries per row, contiguous): B may be any strided view (δᵀ is), and
/// reading it in place would walk a power-of-two stride that keeps missing the cache. Each
/// tile of A is then reused across the panel's columns.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(super) unsafe fn gemm_nx_tiled<V: Simd, const MV: usize, const NR: usize>(
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
pub(super) unsafe fn tile_nx_narrow<V: Simd, const MV: usize>(
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
pub(super) unsafe fn gemm_tn_base<T: Scalar>(
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
pub(super) unsafe fn gemm_nx_base<T: Scalar>(
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
pub(super) unsafe fn gemm_tn_avx2<V: Simd>(
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
pub(super) unsafe fn gemm_nx_avx2<V: Simd>(
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

/// The AVX-512 F instantiation of [`gemm_tn`] for `V` (`F32x16` or `F64x8`): 4 × 6 tiles (32
/// registers of 16 `f32`).
///
/// # Safety
/// As for [`gemm_tn`], and the CPU has AVX-512 F.
#[cfg(all(
    target_arch = "x86_64",
    any(feature = "std", target_feature = "avx512f")
))]
#[target_feature(enable = "avx512f")]
#[allow(clippy::too_many_arguments)]
pub(super) unsafe fn gemm_tn_avx512<V: Simd>(
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
    unsafe { gemm_tn_tiled::<V, 4, 6>(m, n, k, a, lda, b, ldb, c, ldc) }
}

/// The AVX-512 F instantiation of [`gemm_nx`] for `V` (`F32x16` or `F64x8`): (2·16) × 8 tiles
/// of `f32` (16 accumulators; the panel's 48 columns are 6 tiles).
///
/// # Safety
/// As for [`gemm_nx`], and the CPU has AVX-512 F.
#[cfg(all(
    target_arch = "x86_64",
    any(feature = "std", target_feature = "avx512f")
))]
#[target_feature(enable = "avx512f")]
#[allow(clippy::too_many_arguments)]
pub(super) unsafe fn gemm_nx_avx512<V: Simd>(
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
    unsafe { gemm_nx_tiled::<V, 2, 8>(m, n, k, a, lda, b, rsb, csb, c, ldc, accumulate) }
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
    dispatch_avx512!(T, |V| {
        // SAFETY: the CPU has AVX-512 F; `T` is `V`'s lane type (checked), so the casts change
        // nothing; the blocks as the caller vouches.
        unsafe { gemm_tn_avx512::<V>(m, n, k, a.cast(), lda, b.cast(), ldb, c.cast(), ldc) }
    });
    dispatch_avx2!(avx2_fma, T, |V| {
        // SAFETY: the CPU has AVX2 and FMA; `T` is `V`'s lane type (checked), so the casts
        // change nothing; the blocks as the caller vouches.
        unsafe { gemm_tn_avx2::<V>(m, n, k, a.cast(), lda, b.cast(), ldb, c.cast(), ldc) }
    });
    // SAFETY: the blocks as the caller vouches.
    unsafe { gemm_tn_base(m, n, k, a, lda, b, ldb, c, ldc) }
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
    dispatch_avx512!(T, |V| {
        // SAFETY: as in `gemm_tn`.
        unsafe {
            gemm_nx_avx512::<V>(
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
    dispatch_avx2!(avx2_fma, T, |V| {
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
