//! The one-sample affine map of a dense layer, z = Wᵀx (+ b): in `f32` with AVX2 + FMA,
//! [`affine_fixed`] (compile-time sizes, eight neurons reduced together); otherwise
//! [`affine_kernel`] for small layers (four neurons at a time, [`LANES`] partial sums each) and
//! [`gemv`] through the one-column kernel for layers of [`GEMV_MIN_WEIGHTS`] weights or more.
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

/// Layers of at most this many weights (784 → 128 has 100,352) compute their `f32` forward
/// product z = Wᵀx (+ b) with [`affine_fixed`] where the CPU has AVX2 and FMA, whatever their
/// shape; larger ones keep [`gemv`]. Measured against [`gemv`] (callgrind, x86-64-v3 build,
/// `benches/profiles`, one forward pass): 16 → 32 → 32 → 4 from 1,741 to 895 instructions,
/// 784 → 128 → 10 from 23,566 to 17,444 (and 3.76–3.87 against 3.89–3.98 µs, five runs each
/// in turns).
#[cfg(all(
    target_arch = "x86_64",
    any(feature = "std", all(target_feature = "avx2", target_feature = "fma"))
))]
pub(crate) const FIXED_MAX_WEIGHTS: usize = 1 << 17;

/// z = Wᵀx (+ b) for `f32` layers of at most [`FIXED_MAX_WEIGHTS`] weights in an AVX2 + FMA
/// instantiation whose loops all have compile-time trip counts (so LLVM unrolls them and folds
/// the weight loads into the FMAs), where the CPU has AVX2 and FMA (always in a build for them,
/// else asked once with `std`). Returns `false`, having done nothing, otherwise; the caller then
/// runs its portable product.
///
/// The product is `kernels::fixed`'s (also the sequence layers'): eight neurons at a time, each
/// with one 8-lane accumulator along its weights (the last I mod 8 weights through a masked
/// load, so no load crosses the layer's end), the eight accumulators reduced together by a tree
/// of horizontal additions; so neuron j's sum is
/// z_j = ((s₀ + s₁) + (s₂ + s₃)) + ((s₄ + s₅) + (s₆ + s₇)) (+ b_j), with s_l = Σ_c w_j[8c+l]·x[8c+l]
/// accumulated with one rounding per term (FMA), c in order. The last O mod 8 neurons go as a
/// group of that many. With one input, z_j = fma(w_j, x, b_j), one rounding.
#[inline(always)]
pub(crate) fn affine_fixed<T: Scalar, const I: usize, const O: usize>(
    w: &[[T; I]; O],
    x: &[T; I],
    bias: Option<&[T; O]>,
    z: &mut [T; O],
) -> bool {
    // NOTE: in a build for AVX2 + FMA the product is inlined into the caller (`fixed::gemv` is
    // `#[inline(always)]`) instead of calling `affine_f32`, which LLVM kept out of line:
    // 16 → 32 → 32 → 4's AVX2 pass then passed the 32 → 32 layer's input and output through
    // the stack (x86-64-v3, callgrind).
    #[cfg(all(
        target_arch = "x86_64",
        target_feature = "avx2",
        target_feature = "fma"
    ))]
    // SAFETY: the build has AVX2 and FMA, so the CPU has them.
    if unsafe { fixed_product(w, x, bias, z) } {
        return true;
    }
    #[cfg(all(
        target_arch = "x86_64",
        any(feature = "std", all(target_feature = "avx2", target_feature = "fma"))
    ))]
    {
        super::if_cpu_has!(
            avx2_fma && I * O <= FIXED_MAX_WEIGHTS && I > 0 && super::same::<T, f32>(),
            {
                // SAFETY: the CPU has AVX2 and FMA; `T` is `f32` (checked), so the casts
                // change nothing; `w` holds O rows of I values, `x` I, `bias` and `z` O, and `z`
                // is a unique borrow, so it overlaps none of them.
                unsafe {
                    super::fixed::affine_f32::<I, O>(
                        &*(w as *const [[T; I]; O]).cast(),
                        &*(x as *const [T; I]).cast(),
                        bias.map(|b| &*(b as *const [T; O]).cast()),
                        &mut *(z as *mut [T; O]).cast(),
                    );
                }
                return true;
            }
        );
    }
    let _ = (w, x, bias, z);
    false
}

/// [`affine_fixed`] inside the generated forward pass's copy for instruction set `ISA` (0 the
/// build's baseline, 1 AVX2 + FMA, 2 AVX-512 F): from 1 on the caller is compiled with AVX2 and
/// FMA, so the product ([`fixed::gemv`](super::fixed::gemv), `#[inline(always)]`) is inlined into
/// it without asking the CPU again (the same bits as `affine_fixed`'s run-time choice; in the
/// default build 16 → 32 → 32 → 4's copies otherwise called `affine_f32` out of line per
/// layer); at 0, [`affine_fixed`].
///
/// # Safety
/// For `ISA` ≥ 1 the caller is compiled with AVX2 and FMA (and so runs on a CPU with them).
#[inline(always)]
pub(crate) unsafe fn affine_fixed_isa<const ISA: u8, T: Scalar, const I: usize, const O: usize>(
    w: &[[T; I]; O],
    x: &[T; I],
    bias: Option<&[T; O]>,
    z: &mut [T; O],
) -> bool {
    #[cfg(all(
        target_arch = "x86_64",
        any(feature = "std", all(target_feature = "avx2", target_feature = "fma"))
    ))]
    if ISA >= 1 {
        // SAFETY: the caller is compiled with AVX2 and FMA (the contract for ISA ≥ 1).
        return unsafe { fixed_product(w, x, bias, z) };
    }
    affine_fixed(w, x, bias, z)
}

/// [`fixed::gemv`](super::fixed::gemv) into `z` where it applies (`f32`, 1 to
/// [`FIXED_MAX_WEIGHTS`] weights), inlined into the caller; `false` and nothing written
/// otherwise.
///
/// # Safety
/// The caller is compiled with AVX2 and FMA.
#[cfg(all(
    target_arch = "x86_64",
    any(feature = "std", all(target_feature = "avx2", target_feature = "fma"))
))]
#[inline(always)]
unsafe fn fixed_product<T: Scalar, const I: usize, const O: usize>(
    w: &[[T; I]; O],
    x: &[T; I],
    bias: Option<&[T; O]>,
    z: &mut [T; O],
) -> bool {
    if I * O <= FIXED_MAX_WEIGHTS && I > 0 && super::same::<T, f32>() {
        // SAFETY: AVX2 and FMA (the caller's contract); `T` is `f32` (checked), so the casts
        // change nothing; `w` holds O rows of I values, `x` I, `bias` and `z` O, and `z` is a
        // unique borrow, so it overlaps none of them.
        unsafe {
            super::fixed::gemv::<I, O>(
                w.as_ptr().cast(),
                x.as_ptr().cast(),
                bias.map(|b| b.as_ptr().cast()),
                z.as_mut_ptr().cast(),
            );
        }
        return true;
    }
    false
}

/// z = Wᵀx (+ b) for an `f32` layer of 2, 4 or 8 inputs, in the exact order of the macro's
/// unrolled forward sums (`lane_sum` in `typenet-macros`), where the build targets AVX2
/// (`-C target-cpu=x86-64-v3` or `native`); `None` otherwise, and the generated code then runs
/// its own unrolled sums.
///
/// The unrolled code's sum for neuron j is, with tᵢ = xᵢ·w_j[i] and h the largest power of two
/// below I, tᵢ + tᵢ₊ₕ for every i < h, then the same on those h partial sums, then + b_j:
/// (t₀ + t₁) + b_j for I = 2, ((t₀ + t₂) + (t₁ + t₃)) + b_j for I = 4 and
/// (((t₀ + t₄) + (t₂ + t₆)) + ((t₁ + t₅) + (t₃ + t₇))) + b_j for I = 8, with separate products and
/// additions (no FMA). Left to LLVM's SLP vectoriser, that code deinterleaves the weights with
/// shuffles (2 → 8: 14 instructions) or splits an 8-term sum into four 2-lane pieces (8 → 1:
/// 16); here the products are taken in the weights' memory order and summed by horizontal
/// additions in the same pairs, so the bits are the same (2 → 8: 6 instructions, 8 → 1: 8).
#[inline(always)]
pub(crate) fn affine_unrolled<T: Scalar, const I: usize, const O: usize>(
    w: &[[T; I]; O],
    x: &[T; I],
    bias: Option<&[T; O]>,
) -> Option<[T; O]> {
    #[cfg(all(target_arch = "x86_64", target_feature = "avx2"))]
    {
        // SAFETY: the build targets AVX2 (the `cfg`), so every caller is compiled with it.
        unsafe { affine_unrolled_avx2(w, x, bias) }
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "avx2")))]
    {
        let _ = (w, x, bias);
        None
    }
}

/// [`affine_unrolled`]'s AVX2 code whatever the build targets: the same sums, in the same
/// order, for `f32` layers of 2, 4 or 8 inputs; `None` for everything else. For the generated
/// `forward`'s AVX2 + FMA and AVX-512 copies (`unrolled_affine_isa`), so that they compute what a
/// build for AVX2 does.
///
/// # Safety
/// The caller is compiled with AVX2 (`#[target_feature(enable = "avx2")]` or a build for it),
/// so the CPU running it has AVX2; this is `#[inline(always)]`, so its intrinsics are compiled
/// into that caller.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub(crate) unsafe fn affine_unrolled_avx2<T: Scalar, const I: usize, const O: usize>(
    w: &[[T; I]; O],
    x: &[T; I],
    bias: Option<&[T; O]>,
) -> Option<[T; O]> {
    if super::same::<T, f32>() && matches!(I, 2 | 4 | 8) {
        let mut z = [0.0f32; O];
        // SAFETY: `T` is `f32` (checked), so the casts change nothing; `w` holds O rows of I
        // values, `x` I, `bias` and `z` O; the caller is compiled with AVX2 (the contract).
        unsafe {
            unrolled_avx2::affine::<I, O>(
                (w as *const [[T; I]; O]).cast(),
                (x as *const [T; I]).cast(),
                bias.map(|b| (b as *const [T; O]).cast()),
                &mut z,
            );
            return Some(core::mem::transmute_copy::<[f32; O], [T; O]>(&z));
        }
    }
    None
}

/// [`affine_unrolled`]'s AVX2 products and horizontal sums: everything here is
/// `#[inline(always)]`, and is only ever inlined into code compiled with AVX2 (a build for it,
/// the generated `forward`'s AVX2 + FMA and AVX-512 copies, or the tests' `#[target_feature]`
/// functions).
#[cfg(target_arch = "x86_64")]
mod unrolled_avx2 {
    use core::arch::x86_64::*;

    /// z = Wᵀx (+ b) for I = 2, 4 or 8 (see [`super::affine_unrolled`]).
    ///
    /// # Safety
    /// `w` points to O·I values, `x` to I, `b` (if any) to O; the CPU has AVX2 (the build
    /// targets it, or a test calls this from an AVX2 `#[target_feature]` function).
    #[inline(always)]
    pub(super) unsafe fn affine<const I: usize, const O: usize>(
        w: *const f32,
        x: *const f32,
        b: Option<*const f32>,
        z: &mut [f32; O],
    ) {
        unsafe {
            match I {
                2 => two(w, x, b, z),
                4 => four::<I, O>(w, _mm_loadu_ps(x), b, z),
                _ => eight(w, x, b, z),
            }
        }
    }

    /// Adds the bias of neurons j.. to `s` (8 lanes).
    #[inline(always)]
    unsafe fn bias8(s: __m256, b: Option<*const f32>, j: usize) -> __m256 {
        match b {
            Some(b) => unsafe { _mm256_add_ps(s, _mm256_loadu_ps(b.add(j))) },
            None => s,
        }
    }

    /// Adds the bias of neurons j.. to `s` (4 lanes).
    #[inline(always)]
    unsafe fn bias4(s: __m128, b: Option<*const f32>, j: usize) -> __m128 {
        match b {
            Some(b) => unsafe { _mm_add_ps(s, _mm_loadu_ps(b.add(j))) },
            None => s,
        }
    }

    /// Adds the bias of neuron j to lane 0 of `s`.
    #[inline(always)]
    unsafe fn bias1(s: __m128, b: Option<*const f32>, j: usize) -> __m128 {
        match b {
            Some(b) => unsafe { _mm_add_ss(s, _mm_load_ss(b.add(j))) },
            None => s,
        }
    }

    /// Two inputs: z_j = (x₀·w_j0 + x₁·w_j1) (+ b_j). The products in memory order against
    /// (x₀, x₁, x₀, x₁, …), then one horizontal addition per pair.
    #[inline(always)]
    unsafe fn two<const O: usize>(
        w: *const f32,
        x: *const f32,
        b: Option<*const f32>,
        z: &mut [f32; O],
    ) {
        unsafe {
            let xx = _mm256_castpd_ps(_mm256_set1_pd(x.cast::<f64>().read_unaligned()));
            let xx4 = _mm256_castps256_ps128(xx);
            let mut j = 0;
            while j + 8 <= O {
                let p = _mm256_mul_ps(_mm256_loadu_ps(w.add(2 * j)), xx);
                let q = _mm256_mul_ps(_mm256_loadu_ps(w.add(2 * j + 8)), xx);
                // (z0 z1 z4 z5 | z2 z3 z6 z7) as 64-bit pairs → (z0 … z7).
                let s = _mm256_castpd_ps(_mm256_permute4x64_pd::<0b11_01_10_00>(_mm256_castps_pd(
                    _mm256_hadd_ps(p, q),
                )));
                _mm256_storeu_ps(z.as_mut_ptr().add(j), bias8(s, b, j));
                j += 8;
            }
            if j + 4 <= O {
                let p = _mm_mul_ps(_mm_loadu_ps(w.add(2 * j)), xx4);
                let q = _mm_mul_ps(_mm_loadu_ps(w.add(2 * j + 4)), xx4);
                _mm_storeu_ps(z.as_mut_ptr().add(j), bias4(_mm_hadd_ps(p, q), b, j));
                j += 4;
            }
            if j + 2 <= O {
                let p = _mm_mul_ps(_mm_loadu_ps(w.add(2 * j)), xx4);
                // (z_j, z_j+1, z_j, z_j+1), the bias in the low two lanes.
                let mut s = _mm_hadd_ps(p, p);
                if let Some(b) = b {
                    let bj = b.add(j).cast::<f64>().read_unaligned();
                    s = _mm_add_ps(s, _mm_castpd_ps(_mm_set_sd(bj)));
                }
                let zj = _mm_cvtsd_f64(_mm_castps_pd(s));
                z.as_mut_ptr().add(j).cast::<f64>().write_unaligned(zj);
                j += 2;
            }
            if j < O {
                let wj = w.add(2 * j).cast::<f64>().read_unaligned();
                let p = _mm_mul_ps(_mm_castpd_ps(_mm_set_sd(wj)), xx4);
                z[j] = _mm_cvtss_f32(bias1(_mm_hadd_ps(p, p), b, j));
            }
        }
    }

    /// Four rows of four products each, in the 128-bit halves of `a`…`d` (rows r, r + 4 of a
    /// group of eight in one register), summed as ((t₀ + t₂) + (t₁ + t₃)): the eight sums in
    /// order.
    #[inline(always)]
    unsafe fn sum_rows(a: __m256, b: __m256, c: __m256, d: __m256) -> __m256 {
        // (t₀, t₂, t₁, t₃) in each row, so that the first horizontal addition pairs t₀ + t₂.
        const SWAP: i32 = 0b11_01_10_00;
        // SAFETY: the caller runs with AVX2 (the module's `cfg`).
        unsafe {
            let (a, b) = (_mm256_permute_ps::<SWAP>(a), _mm256_permute_ps::<SWAP>(b));
            let (c, d) = (_mm256_permute_ps::<SWAP>(c), _mm256_permute_ps::<SWAP>(d));
            _mm256_hadd_ps(_mm256_hadd_ps(a, b), _mm256_hadd_ps(c, d))
        }
    }

    /// [`sum_rows`] for four rows in 128-bit registers.
    #[inline(always)]
    unsafe fn sum_rows4(a: __m128, b: __m128, c: __m128, d: __m128) -> __m128 {
        const SWAP: i32 = 0b11_01_10_00;
        // SAFETY: the caller runs with AVX2 (the module's `cfg`).
        unsafe {
            let (a, b) = (_mm_permute_ps::<SWAP>(a), _mm_permute_ps::<SWAP>(b));
            let (c, d) = (_mm_permute_ps::<SWAP>(c), _mm_permute_ps::<SWAP>(d));
            _mm_hadd_ps(_mm_hadd_ps(a, b), _mm_hadd_ps(c, d))
        }
    }

    /// One row of four products, summed as ((t₀ + t₂) + (t₁ + t₃)), in lane 0.
    #[inline(always)]
    unsafe fn sum_row(p: __m128) -> __m128 {
        // SAFETY: the caller runs with AVX2 (the module's `cfg`).
        unsafe {
            let s = _mm_add_ps(p, _mm_movehl_ps(p, p));
            _mm_add_ss(s, _mm_movehdup_ps(s))
        }
    }

    /// Four inputs (`I` = 4): eight rows at a time as pairs of 128-bit halves, then four, then
    /// one.
    #[inline(always)]
    unsafe fn four<const I: usize, const O: usize>(
        w: *const f32,
        x4: __m128,
        b: Option<*const f32>,
        z: &mut [f32; O],
    ) {
        unsafe {
            let xx = _mm256_set_m128(x4, x4);
            let mut j = 0;
            // Rows j…j + 7 as the halves (j + r, j + r + 4), r = 0…3.
            let pair = |j: usize| -> __m256 {
                _mm256_mul_ps(_mm256_loadu2_m128(w.add(I * (j + 4)), w.add(I * j)), xx)
            };
            while j + 8 <= O {
                let s = sum_rows(pair(j), pair(j + 1), pair(j + 2), pair(j + 3));
                _mm256_storeu_ps(z.as_mut_ptr().add(j), bias8(s, b, j));
                j += 8;
            }
            let row = |j: usize| _mm_mul_ps(_mm_loadu_ps(w.add(I * j)), x4);
            if j + 4 <= O {
                let s = sum_rows4(row(j), row(j + 1), row(j + 2), row(j + 3));
                _mm_storeu_ps(z.as_mut_ptr().add(j), bias4(s, b, j));
                j += 4;
            }
            while j < O {
                z[j] = _mm_cvtss_f32(bias1(sum_row(row(j)), b, j));
                j += 1;
            }
        }
    }

    /// Eight inputs: each row's 8 products folded to 4 pairs (tᵢ + tᵢ₊₄), then summed as four.
    #[inline(always)]
    unsafe fn eight<const O: usize>(
        w: *const f32,
        x: *const f32,
        b: Option<*const f32>,
        z: &mut [f32; O],
    ) {
        unsafe {
            let xv = _mm256_loadu_ps(x);
            let prod = |j: usize| _mm256_mul_ps(_mm256_loadu_ps(w.add(8 * j)), xv);
            let fold =
                |p: __m256| _mm_add_ps(_mm256_castps256_ps128(p), _mm256_extractf128_ps::<1>(p));
            let mut j = 0;
            while j + 8 <= O {
                // Rows (j + r, j + r + 4) folded together: low halves + high halves.
                let pair = |r: usize| {
                    let (p, q) = (prod(j + r), prod(j + r + 4));
                    _mm256_add_ps(
                        _mm256_permute2f128_ps::<0x20>(p, q),
                        _mm256_permute2f128_ps::<0x31>(p, q),
                    )
                };
                let s = sum_rows(pair(0), pair(1), pair(2), pair(3));
                _mm256_storeu_ps(z.as_mut_ptr().add(j), bias8(s, b, j));
                j += 8;
            }
            if j + 4 <= O {
                let f = |r: usize| fold(prod(j + r));
                let s = sum_rows4(f(0), f(1), f(2), f(3));
                _mm_storeu_ps(z.as_mut_ptr().add(j), bias4(s, b, j));
                j += 4;
            }
            while j < O {
                z[j] = _mm_cvtss_f32(bias1(sum_row(fold(prod(j))), b, j));
                j += 1;
            }
        }
    }
}

#[cfg(test)]
mod fixed_tests {
    use super::affine_fixed;

    /// A deterministic value in [−1, 1) for index `i`.
    fn value(i: usize) -> f32 {
        let h = (i as u64 + 7).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 40;
        (h as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
    }

    /// The documented order of [`affine_fixed`], one value at a time: eight lane sums with one
    /// rounding per term, added as a vector register's halves are, then the bias (one FMA with
    /// one input).
    fn expected<const I: usize, const O: usize>(
        w: &[[f32; I]; O],
        x: &[f32; I],
        b: Option<&[f32; O]>,
    ) -> [f32; O] {
        core::array::from_fn(|j| {
            let mut s = [0.0f32; 8];
            for (i, (wi, xi)) in w[j].iter().zip(x).enumerate() {
                s[i % 8] = wi.mul_add(*xi, s[i % 8]);
            }
            if I == 1 {
                return w[j][0].mul_add(x[0], b.map_or(0.0, |b| b[j]));
            }
            let sum = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
            b.map_or(sum, |b| sum + b[j])
        })
    }

    /// Bit for bit the documented sums, with and without bias, and within 1e-5 of an `f64`
    /// product; `z` holds NaN first, so a neuron left unwritten fails too.
    fn check<const I: usize, const O: usize>() {
        let w: [[f32; I]; O] = core::array::from_fn(|j| core::array::from_fn(|i| value(j * I + i)));
        let x: [f32; I] = core::array::from_fn(|i| value(10_000 + i));
        let b: [f32; O] = core::array::from_fn(|j| value(20_000 + j));
        for bias in [Some(&b), None] {
            let mut z = [f32::NAN; O];
            if !affine_fixed(&w, &x, bias, &mut z) {
                // No AVX2 + FMA on this CPU (or a build without them and without std).
                return;
            }
            let want = expected(&w, &x, bias);
            for j in 0..O {
                assert_eq!(
                    z[j].to_bits(),
                    want[j].to_bits(),
                    "{I}x{O} ({j}): {} vs {}",
                    z[j],
                    want[j]
                );
                let exact = w[j]
                    .iter()
                    .zip(&x)
                    .map(|(a, c)| f64::from(*a) * f64::from(*c))
                    .sum::<f64>()
                    + bias.map_or(0.0, |b| f64::from(b[j]));
                assert!((f64::from(z[j]) - exact).abs() < 1e-5, "{I}x{O} ({j})");
            }
        }
    }

    macro_rules! sizes {
        ($($i:literal),*; $o:tt) => { $(sizes!(@one $i; $o);)* };
        (@one $i:literal; [$($o:literal),*]) => { $(check::<$i, $o>();)* };
    }

    #[test]
    fn affine_fixed_is_the_documented_sum_bit_for_bit() {
        // Every input width 1..=20, 32, 33 against a few output widths, and the reverse.
        sizes!(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 32, 33; [1, 8, 9]);
        sizes!(3, 16; [2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 32, 33]);
        // The issue-17 shapes and a layer of 4,096 weights.
        sizes!(2, 16, 32; [32, 4]);
        sizes!(64; [64]);
    }

    #[test]
    fn affine_fixed_declines_f64_and_large_layers() {
        let (w, x) = ([[1.0f64; 4]; 4], [1.0f64; 4]);
        assert!(!affine_fixed(&w, &x, None, &mut [0.0; 4]));
        // One weight over the bound, on the heap.
        const I: usize = super::FIXED_MAX_WEIGHTS + 1;
        let w: Box<[f32; I]> = vec![0.5f32; I].into_boxed_slice().try_into().unwrap();
        let x: Box<[f32; I]> = vec![1.0f32; I].into_boxed_slice().try_into().unwrap();
        assert!(!affine_fixed(
            core::array::from_ref(&*w),
            &x,
            None,
            &mut [0.0; 1]
        ));
    }
}

#[cfg(all(test, target_arch = "x86_64"))]
mod unrolled_tests {
    use super::{affine_unrolled, affine_unrolled_avx2, unrolled_avx2};
    use crate::Scalar;

    /// A deterministic value in [−1, 1) for index `i`.
    fn value(i: usize) -> f32 {
        let h = (i as u64 + 11).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 40;
        (h as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
    }

    /// The generated unrolled code's sum (`lane_sum` in `typenet-macros`): term i + h added to
    /// term i, h the largest power of two below the count, until one is left; then the bias.
    fn expected<const I: usize, const O: usize>(
        w: &[[f32; I]; O],
        x: &[f32; I],
        b: Option<&[f32; O]>,
    ) -> [f32; O] {
        core::array::from_fn(|j| {
            let mut t: Vec<f32> = (0..I).map(|i| x[i] * w[j][i]).collect();
            while t.len() > 1 {
                let h = t.len().next_power_of_two() / 2;
                let high = t.split_off(h);
                for (a, c) in t.iter_mut().zip(high) {
                    *a += c;
                }
            }
            b.map_or(t[0], |b| t[0] + b[j])
        })
    }

    /// The AVX2 kernel, in an AVX2 instantiation (the test build need not target AVX2).
    ///
    /// # Safety
    /// The CPU has AVX2.
    #[target_feature(enable = "avx2")]
    unsafe fn run<const I: usize, const O: usize>(
        w: &[[f32; I]; O],
        x: &[f32; I],
        b: Option<&[f32; O]>,
    ) -> [f32; O] {
        let mut z = [f32::NAN; O];
        // SAFETY: the sizes are the arrays'; the CPU has AVX2 (the caller's promise).
        unsafe {
            unrolled_avx2::affine::<I, O>(
                w.as_ptr().cast(),
                x.as_ptr(),
                b.map(|b| b.as_ptr()),
                &mut z,
            );
        }
        z
    }

    /// [`affine_unrolled_avx2`] (the generated copies' entry), in an AVX2 instantiation.
    ///
    /// # Safety
    /// The CPU has AVX2.
    #[target_feature(enable = "avx2")]
    unsafe fn run_entry<T: Scalar, const I: usize, const O: usize>(
        w: &[[T; I]; O],
        x: &[T; I],
        b: Option<&[T; O]>,
    ) -> Option<[T; O]> {
        // SAFETY: this function is compiled with AVX2.
        unsafe { affine_unrolled_avx2(w, x, b) }
    }

    /// Bit for bit the unrolled code's sums, with and without bias; `z` starts as NaN, so a
    /// neuron left unwritten fails too. Values of mixed magnitude, so that a different order
    /// of the additions shows in the bits.
    fn check<const I: usize, const O: usize>() {
        let w: [[f32; I]; O] = core::array::from_fn(|j| {
            core::array::from_fn(|i| value(j * I + i) * if i % 3 == 0 { 1e3 } else { 1.0 })
        });
        let x: [f32; I] = core::array::from_fn(|i| value(10_000 + i) * (1 + i) as f32);
        let b: [f32; O] = core::array::from_fn(|j| value(20_000 + j));
        for bias in [Some(&b), None] {
            // SAFETY: the CPU has AVX2 (asked by the caller).
            let z = unsafe { run(&w, &x, bias) };
            let want = expected(&w, &x, bias);
            for j in 0..O {
                assert_eq!(
                    z[j].to_bits(),
                    want[j].to_bits(),
                    "{I}x{O} ({j}): {} vs {}",
                    z[j],
                    want[j]
                );
            }
            // Through the generated copies' entry: the same, whatever the build targets.
            // SAFETY: the CPU has AVX2 (asked by the caller).
            let z = unsafe { run_entry(&w, &x, bias) }.expect("2, 4 or 8 f32 inputs");
            for j in 0..O {
                assert_eq!(z[j].to_bits(), want[j].to_bits(), "{I}x{O} ({j}), entry");
            }
            // Through the dispatching entry: the same, where the build targets AVX2.
            if let Some(z) = affine_unrolled(&w, &x, bias) {
                for j in 0..O {
                    assert_eq!(
                        z[j].to_bits(),
                        want[j].to_bits(),
                        "{I}x{O} ({j}), dispatched"
                    );
                }
            }
        }
    }

    macro_rules! sizes {
        ($($i:literal),*; $o:tt) => { $(sizes!(@one $i; $o);)* };
        (@one $i:literal; [$($o:literal),*]) => { $(check::<$i, $o>();)* };
    }

    #[test]
    fn unrolled_affine_is_the_unrolled_sum_bit_for_bit() {
        if !std::is_x86_feature_detected!("avx2") {
            return;
        }
        // Every output width 1–20 (groups of 8, 4 and single neurons) and 32.
        sizes!(2, 4, 8; [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 32]);
    }

    #[test]
    fn unrolled_affine_declines_other_shapes_and_f64() {
        assert!(affine_unrolled(&[[1.0f32; 3]; 4], &[1.0; 3], None).is_none());
        assert!(affine_unrolled(&[[1.0f32; 16]; 2], &[1.0; 16], None).is_none());
        assert!(affine_unrolled(&[[1.0f64; 2]; 8], &[1.0; 2], None).is_none());
        if std::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has AVX2 (asked just above).
            unsafe {
                assert!(run_entry(&[[1.0f32; 3]; 4], &[1.0; 3], None).is_none());
                assert!(run_entry(&[[1.0f64; 2]; 8], &[1.0; 2], None).is_none());
            }
        }
        // f32 of 2, 4 or 8 inputs: exactly where the build targets AVX2.
        assert_eq!(
            affine_unrolled(&[[1.0f32; 2]; 8], &[1.0; 2], None).is_some(),
            cfg!(target_feature = "avx2")
        );
    }
}
