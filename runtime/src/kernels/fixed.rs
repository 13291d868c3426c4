//! Compile-time-sized products of one sample in AVX2 + FMA, for the dense layers' forward
//! product (`affine_fixed`, issue 17) and the sequence layers' steps (issue 20): y = b + Aᵀx with A's K × M shape in the type, so that LLVM unrolls the short dot
//! products completely (every load folded into an FMA, no loop control, no run-time tail
//! tests) and keeps loops where they are long.
//!
//! A is column-major K × M (each of the M outputs' K weights contiguous: PyTorch's (out, in)
//! row-major, the layout of `weight_ih`, `weight_hh` and a convolution's weight), and
//!
//! y[r] = b[r] + Σ_{p < K} A[p + r·K]·x[p]   for r < M.
//!
//! Eight outputs at a time: one YMM accumulator per output along K (the K mod 8 tail read with
//! masked loads, so nothing past a row or past x is touched), then the eight accumulators
//! reduced together by one tree of horizontal additions (nine instructions for eight sums),
//! plus b. When 8 does not divide M the last M mod 8 outputs are one group of that many rows
//! (the other accumulators stay zero; b and y through lane masks), so no output goes to scalar
//! code. Output r's sum is therefore
//!
//! y[r] = ((s₀ + s₁) + (s₂ + s₃)) + ((s₄ + s₅) + (s₆ + s₇)) + b[r],
//! s_l = Σ_c A[8c + l + r·K]·x[8c + l] with one rounding per term, c in order.
//!
//! With K = 1 the weights of the M outputs are contiguous and y = fma(A, x, b) across them
//! (one rounding).
//!
//! Everything here is `#[inline(always)]` and `unsafe`: it takes the target features of the
//! `#[target_feature(enable = "avx2,fma")]` function it is inlined into (the layers' fused steps,
//! [`affine_f32`]), which its callers run only where the CPU has them (see `cpu.rs`).
//!
//! The sums run in a different order from the run-time-sized kernels (`gemv_tn`): each dot
//! product lane by lane, then across the lanes, then + b; the tests bound the difference.
//!
//! In builds for AVX-512 F one more item: `interleave`, a convolution step's window by
//! permutes (issue 20). 16-lane products were tried for builds for AVX-512 and measured no
//! faster on Zen 4 (`BENCHMARKS-LOG.md`), so the products stay the AVX2 ones there too.

use core::arch::x86_64::*;

// SAFETY (every intrinsic below): these functions are only inlined into functions compiled with
// `avx2,fma`, called after `if_cpu_has!(avx2_fma, …)` said yes; every pointer is in bounds by
// the functions' contracts (unaligned loads and stores; masked loads for the tails).

/// The lane mask of the first `n` of 8 lanes (`n` ≤ 8; a constant where the caller's is).
///
/// # Safety
/// AVX2.
#[inline(always)]
unsafe fn first_lanes(n: usize) -> __m256i {
    unsafe {
        _mm256_cmpgt_epi32(
            _mm256_set1_epi32(n as i32),
            _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7),
        )
    }
}

/// The eight sums of eight accumulators, in order: lane r of the result is the sum of the lanes
/// of `acc[r]`.
///
/// # Safety
/// AVX2.
#[inline(always)]
unsafe fn reduce8(acc: &[__m256; 8]) -> __m256 {
    unsafe {
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

/// The dot products of the first `rows` (≤ 8) of the eight rows of K values starting at `a`
/// (row r at `a + r·K`) with x, one per lane (the lanes from `rows` on are 0): K / 8 full
/// vectors per row, then the K mod 8 tail with masked loads. Rows from `rows` on are not read.
///
/// # Safety
/// AVX2 and FMA; `a` holds `rows`·K values, `x` K values.
#[inline(always)]
unsafe fn dots8<const K: usize>(a: *const f32, x: *const f32, rows: usize) -> __m256 {
    unsafe {
        let kv = K / 8 * 8;
        let mut acc = [_mm256_setzero_ps(); 8];
        if kv > 0 {
            // NOTE: the first vector multiplies (an FMA onto zero would cost the same but
            // keeps a dependency on the zeroing).
            let xv = _mm256_loadu_ps(x);
            for (r, acc) in acc.iter_mut().enumerate() {
                if r < rows {
                    *acc = _mm256_mul_ps(_mm256_loadu_ps(a.add(r * K)), xv);
                }
            }
        }
        let mut p = 8;
        while p < kv {
            let xv = _mm256_loadu_ps(x.add(p));
            for (r, acc) in acc.iter_mut().enumerate() {
                if r < rows {
                    *acc = _mm256_fmadd_ps(_mm256_loadu_ps(a.add(r * K + p)), xv, *acc);
                }
            }
            p += 8;
        }
        if !K.is_multiple_of(8) {
            let m = first_lanes(K % 8);
            let xv = _mm256_maskload_ps(x.add(kv), m);
            for (r, acc) in acc.iter_mut().enumerate() {
                if r < rows {
                    *acc = _mm256_fmadd_ps(_mm256_maskload_ps(a.add(r * K + kv), m), xv, *acc);
                }
            }
        }
        reduce8(&acc)
    }
}

/// y = b + Aᵀx (or Aᵀx without `b`) for A column-major K × M (output r's K weights at
/// `a + r·K`): see the module docs. The last M mod 8 outputs are one group of that many rows,
/// read, added to b and stored through lane masks (nothing past A, b or y is touched).
///
/// # Safety
/// AVX2 and FMA; `a` holds K·M values, `x` K, `b` (if any) and `y` M; y overlaps neither A
/// nor x, nor b unless K = 1.
#[inline(always)]
pub(crate) unsafe fn gemv<const K: usize, const M: usize>(
    a: *const f32,
    x: *const f32,
    b: Option<*const f32>,
    y: *mut f32,
) {
    // SAFETY: the caller's contract is `gemv_dir`'s.
    unsafe { gemv_dir::<K, M>(a, x, b, y, false) }
}

/// [`gemv`] with the groups of 8 outputs taken from the last to the first where `backward`:
/// the same values bit for bit (each group's sums do not depend on the others), read in the
/// opposite order. A step that alternates the direction (the recurrent steps' W_hh product,
/// issue 20) starts on the rows the step before read last, which are still in the L1 cache when
/// A is larger than it: GRU(64)'s 48 KiB W_hh streamed from L2 in the same order every step
/// misses L1 on every line (least-recently used goes first), which bounded the step by the L2 →
/// L1 bandwidth (about 32 bytes a cycle on Zen 4, the rate both typenet and RTNeural ran at).
///
/// # Safety
/// [`gemv`]'s.
#[inline(always)]
pub(crate) unsafe fn gemv_dir<const K: usize, const M: usize>(
    a: *const f32,
    x: *const f32,
    b: Option<*const f32>,
    y: *mut f32,
    backward: bool,
) {
    unsafe {
        let (full, rest) = (M / 8 * 8, M % 8);
        if K == 1 {
            // NOTE: with one input the M weights are contiguous: y = fma(a, x, b) across them.
            let x0 = _mm256_set1_ps(*x);
            let mut s = 0;
            while s < full {
                let b = match b {
                    Some(b) => _mm256_loadu_ps(b.add(s)),
                    None => _mm256_setzero_ps(),
                };
                let v = _mm256_fmadd_ps(_mm256_loadu_ps(a.add(s)), x0, b);
                _mm256_storeu_ps(y.add(s), v);
                s += 8;
            }
            if rest != 0 {
                let m = first_lanes(rest);
                let b = match b {
                    Some(b) => _mm256_maskload_ps(b.add(full), m),
                    None => _mm256_setzero_ps(),
                };
                let v = _mm256_fmadd_ps(_mm256_maskload_ps(a.add(full), m), x0, b);
                _mm256_maskstore_ps(y.add(full), m, v);
            }
            return;
        }
        if backward {
            if rest != 0 {
                rest_group::<K>(a, x, b, y, full, rest);
            }
            let mut s = full;
            while s > 0 {
                s -= 8;
                group::<K>(a, x, b, y, s);
            }
        } else {
            let mut s = 0;
            while s < full {
                group::<K>(a, x, b, y, s);
                s += 8;
            }
            if rest != 0 {
                rest_group::<K>(a, x, b, y, full, rest);
            }
        }
    }
}

/// Outputs s … s + 7 of [`gemv`].
///
/// # Safety
/// [`gemv`]'s, and s + 8 ≤ M.
#[inline(always)]
unsafe fn group<const K: usize>(
    a: *const f32,
    x: *const f32,
    b: Option<*const f32>,
    y: *mut f32,
    s: usize,
) {
    unsafe {
        let d = dots8::<K>(a.add(s * K), x, 8);
        let v = match b {
            Some(b) => _mm256_add_ps(d, _mm256_loadu_ps(b.add(s))),
            None => d,
        };
        _mm256_storeu_ps(y.add(s), v);
    }
}

/// [`dots8`] of eight full rows with K a multiple of 8 up to 32, x's K / 8 vectors held in
/// registers by the caller (`xs[..K / 8]`): the same operations in the same order, so the same
/// bits.
///
/// # Safety
/// AVX2 and FMA; `a` holds 8·K values; K is 8, 16, 24 or 32.
#[inline(always)]
unsafe fn dots8_held<const K: usize>(a: *const f32, xs: &[__m256; 4]) -> __m256 {
    unsafe {
        let mut acc = [_mm256_setzero_ps(); 8];
        for (r, acc) in acc.iter_mut().enumerate() {
            *acc = _mm256_mul_ps(_mm256_loadu_ps(a.add(r * K)), xs[0]);
        }
        let mut p = 8;
        while p < K {
            for (r, acc) in acc.iter_mut().enumerate() {
                *acc = _mm256_fmadd_ps(_mm256_loadu_ps(a.add(r * K + p)), xs[p / 8], *acc);
            }
            p += 8;
        }
        reduce8(&acc)
    }
}

/// A recurrent layer's pre-activations with one input in one pass (issue 20):
///
/// y[r] = (Aᵀh)[r] + fma(u[r], x₀, b₁[r] + b₂[r])   for r < M,
///
/// A column-major K × M as in [`gemv`] (W_hh), u the M weights of the one input (W_ih),
/// b₁ and b₂ the two biases. The same operations and roundings as `b = b₁ + b₂`, then
/// [`gemv`]`::<1, M>(u, x, b)` into wx, then [`gemv_dir`]`::<K, M>(A, h, wx)`, so the same bits,
/// without storing b and wx and reading them back (32 stores and loads at LSTM(32)); where K is
/// a multiple of 8 up to 32, h's K / 8 vectors are loaded once for all the groups (LLVM
/// reloaded them in every group: y may alias h as far as it knows).
///
/// The groups of 8 outputs in the order of the cell's unit blocks where `w` > 0 (w a multiple
/// of 8 dividing K, M a multiple of K: M / K gates of K units each): units 0 … w − 1 of every
/// gate, then units w … 2w − 1 of every gate, and so on, so the first block's pre-activations
/// are ready while the rest of the product runs (LSTM(32) with AVX2, w = 16: 0.95 of the time in
/// the gates' order despite 190 more instructions of index arithmetic; the same order with
/// nested loops, which LLVM unrolled, was not faster: why is not understood). `w` = 0: in
/// order. The whole order reversed where `backward` (see [`gemv_dir`]). Each output's value
/// does not depend on the order.
///
/// # Safety
/// AVX2 and FMA; M is a multiple of 8; `a` holds K·M values, `h` K, `u`, `b1`, `b2` and `y`
/// M; y overlaps none of the others; w is 0 or a multiple of 8 that divides K, and K divides
/// M.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
pub(crate) unsafe fn gates_x1<const K: usize, const M: usize>(
    a: *const f32,
    h: *const f32,
    u: *const f32,
    x0: f32,
    b1: *const f32,
    b2: *const f32,
    y: *mut f32,
    backward: bool,
    w: usize,
) {
    unsafe {
        let held = K.is_multiple_of(8) && K <= 32;
        let mut xs = [_mm256_setzero_ps(); 4];
        if held {
            for (q, v) in xs.iter_mut().enumerate().take(K / 8) {
                *v = _mm256_loadu_ps(h.add(8 * q));
            }
        }
        let xv = _mm256_set1_ps(x0);
        // NOTE: a function, not a closure: it must take the caller's target features.
        #[inline(always)]
        unsafe fn one<const K: usize>(
            p: (
                *const f32,
                *const f32,
                *const f32,
                *const f32,
                *const f32,
                *mut f32,
            ),
            xs: Option<&[__m256; 4]>,
            xv: __m256,
            s: usize,
        ) {
            let (a, h, u, b1, b2, y) = p;
            unsafe {
                let d = match xs {
                    Some(xs) => dots8_held::<K>(a.add(s * K), xs),
                    None => dots8::<K>(a.add(s * K), h, 8),
                };
                let b = _mm256_add_ps(_mm256_loadu_ps(b1.add(s)), _mm256_loadu_ps(b2.add(s)));
                let wx = _mm256_fmadd_ps(_mm256_loadu_ps(u.add(s)), xv, b);
                _mm256_storeu_ps(y.add(s), _mm256_add_ps(d, wx));
            }
        }
        let p = (a, h, u, b1, b2, y);
        let xs = if held { Some(&xs) } else { None };
        let n = M / 8;
        let gb = w / 8;
        let gates = M / K;
        let mut k = 0;
        while k < n {
            let v = if backward { n - 1 - k } else { k };
            let s = if w == 0 {
                8 * v
            } else {
                let (blk, rem) = (v / (gates * gb), v % (gates * gb));
                (rem / gb) * K + blk * w + 8 * (rem % gb)
            };
            one::<K>(p, xs, xv, s);
            k += 1;
        }
    }
}

/// The last `rest` (< 8) outputs of [`gemv`], from `full`, through lane masks.
///
/// # Safety
/// [`gemv`]'s, and full + rest = M.
#[inline(always)]
unsafe fn rest_group<const K: usize>(
    a: *const f32,
    x: *const f32,
    b: Option<*const f32>,
    y: *mut f32,
    full: usize,
    rest: usize,
) {
    unsafe {
        let m = first_lanes(rest);
        let d = dots8::<K>(a.add(full * K), x, rest);
        let v = match b {
            Some(b) => _mm256_add_ps(d, _mm256_maskload_ps(b.add(full), m)),
            None => d,
        };
        _mm256_maskstore_ps(y.add(full), m, v);
    }
}

/// y = b + Aᵀx (see the module docs) compiled for AVX2 + FMA: the dense layers' and the
/// convolution's product, through [`affine_fixed`](super::affine_fixed).
///
/// # Safety
/// The CPU has AVX2 and FMA.
#[target_feature(enable = "avx2,fma")]
pub(crate) unsafe fn affine_f32<const K: usize, const M: usize>(
    a: &[[f32; K]; M],
    x: &[f32; K],
    b: Option<&[f32; M]>,
    y: &mut [f32; M],
) {
    // SAFETY: the CPU has AVX2 and FMA (the caller's contract); the arrays have the sizes
    // `gemv` reads and writes, and `y` is a distinct `&mut`.
    unsafe {
        gemv::<K, M>(
            a.as_ptr().cast(),
            x.as_ptr(),
            b.map(|b| b.as_ptr()),
            y.as_mut_ptr(),
        )
    }
}

/// The window of a convolution step from its K taps (issue 20): out[i·K + k] = taps[k][i]
/// for i < C, k < K, that is K vectors of C values interleaved, in builds for AVX-512 F. Each
/// 16 values of `out` are one ZMM: per tap one permute of the block of 16 values it contributes
/// from (constant indices), merged into that tap's lanes, then one store (masked for the last
/// CK mod 16). Chunk q (values 16q … 16q + 15 of `out`) takes from each tap values ⌊16q/K⌋ …
/// ⌊(16q + 15)/K⌋, all in block ⌊q/K⌋ of the tap (a multiple of 16 between them would be 16
/// times a multiple of K strictly between q and q + 1).
///
/// NOTE: the taps are read in blocks of 16 at multiples of 16, the way the ring's newest slot
/// was just written: a load at another offset of a value still in the store queue cannot be
/// forwarded and waits for the store (the first version, loads from ⌊16c/K⌋ on, was no faster
/// than the gathers it replaced). Written as scalar copies, the interleaving became
/// `vgatherqps` in builds for Zen 4, whose cost model in LLVM lets it use gathers, and the
/// 4-layer convolution stack took 1.3× its `x86-64-v3` time.
///
/// # Safety
/// Each `taps[k]` holds C values, `out` C·K; `out` overlaps no tap.
#[cfg(target_feature = "avx512f")]
#[inline(always)]
pub(crate) unsafe fn interleave<const C: usize, const K: usize>(
    taps: &[*const f32; K],
    out: *mut f32,
) {
    // SAFETY: the build has AVX-512 F; `block` reads values 16j … 16j + 15 of a tap with the
    // lanes at or past C masked off, and the masked store writes only values below C·K.
    unsafe {
        // NOTE: a closure is fine here: this is compiled only where the whole build targets
        // AVX-512 F (there is no `#[target_feature]` function whose features it would miss).
        let block = |k: usize, j: usize| {
            let left = C.saturating_sub(16 * j);
            _mm512_maskz_loadu_ps(
                first16(if left < 16 { left } else { 16 }),
                taps[k].add(16 * j),
            )
        };
        let n = C * K;
        let mut c = 0;
        while c < n {
            let lanes = if n - c < 16 { n - c } else { 16 };
            // Lane l holds tap (c + l) mod K's value (c + l) / K, in block j of that tap.
            let j = c / 16 / K;
            let mut v = _mm512_setzero_ps();
            let mut k = 0;
            while k < K {
                let mut idx = [0i32; 16];
                let mut m: u16 = 0;
                let mut l = 0;
                while l < lanes {
                    if (c + l) % K == k {
                        idx[l] = ((c + l) / K - 16 * j) as i32;
                        m |= 1 << l;
                    }
                    l += 1;
                }
                let idx = _mm512_loadu_si512(idx.as_ptr().cast());
                v = _mm512_mask_permutexvar_ps(v, m, idx, block(k, j));
                k += 1;
            }
            store16(out.add(c), lanes, v);
            c += 16;
        }
    }
}

/// Stores the first `n` lanes of `v` at `p`: a plain store from `n` ≥ 16, else a masked one.
///
/// # Safety
/// AVX-512 F; `p` is valid for `n` (or 16) writes.
#[cfg(target_feature = "avx512f")]
#[inline(always)]
unsafe fn store16(p: *mut f32, n: usize, v: __m512) {
    // SAFETY: the caller's contract; the masked store writes only the first `n` lanes.
    unsafe {
        if n >= 16 {
            _mm512_storeu_ps(p, v)
        } else {
            _mm512_mask_storeu_ps(p, first16(n), v)
        }
    }
}

/// The mask of the first `n` of 16 lanes (`n` ≤ 16).
#[cfg(target_feature = "avx512f")]
#[inline(always)]
fn first16(n: usize) -> __mmask16 {
    ((1u32 << n) - 1) as __mmask16
}

/// Whether `T` is `f32`: the kernels here are `f32`'s, and the layers call them on `T` by a
/// pointer cast that this makes a no-op.
#[inline(always)]
pub(crate) fn is_f32<T: 'static>() -> bool {
    super::same::<T, f32>()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deterministic values in (−1, 1).
    fn v(k: usize, salt: u64) -> f32 {
        let mut z = (k as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ salt;
        z = (z ^ (z >> 31)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        ((z >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0) as f32
    }

    /// `affine_f32::<K, M>` against the sum in f64, to f32 rounding of K + 1 terms.
    fn check<const K: usize, const M: usize>() {
        if !(std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma")) {
            return;
        }
        let mut a = [[0f32; K]; M];
        for (r, row) in a.iter_mut().enumerate() {
            for (p, w) in row.iter_mut().enumerate() {
                *w = v(r * K + p, 1);
            }
        }
        let x: [f32; K] = core::array::from_fn(|p| v(p, 2));
        let b: [f32; M] = core::array::from_fn(|r| v(r, 3));
        // NaN in y before the call: every output must be written.
        let mut y = [f32::NAN; M];
        // SAFETY: checked above that the CPU has AVX2 and FMA.
        unsafe { affine_f32::<K, M>(&a, &x, Some(&b), &mut y) };
        for r in 0..M {
            let exact: f64 =
                b[r] as f64 + (0..K).map(|p| a[r][p] as f64 * x[p] as f64).sum::<f64>();
            let bound = (K + 2) as f64 * f32::EPSILON as f64 * (K + 1) as f64;
            assert!(
                (y[r] as f64 - exact).abs() <= bound,
                "K = {K}, M = {M}, y[{r}] = {} against {exact}",
                y[r]
            );
        }
    }

    /// [`gemv_dir`] backwards is [`gemv`] bit for bit (the groups' sums do not depend on their
    /// order), with and without b, at M with and without a masked last group; every output
    /// written (y starts as NaN).
    #[test]
    fn backward_products_are_the_forward_ones() {
        fn one<const K: usize, const M: usize>() {
            if !(std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma")) {
                return;
            }
            let a: [[f32; K]; M] =
                core::array::from_fn(|r| core::array::from_fn(|p| v(r * K + p, 4)));
            let x: [f32; K] = core::array::from_fn(|p| v(p, 5));
            let b: [f32; M] = core::array::from_fn(|r| v(r, 6));
            for bias in [Some(b.as_ptr()), None] {
                let (mut fwd, mut bwd) = ([f32::NAN; M], [f32::NAN; M]);
                // SAFETY: checked above that the CPU has AVX2 and FMA; the arrays have the
                // sizes `gemv` reads and writes, and the outputs are distinct locals.
                unsafe {
                    gemv::<K, M>(a.as_ptr().cast(), x.as_ptr(), bias, fwd.as_mut_ptr());
                    gemv_dir::<K, M>(a.as_ptr().cast(), x.as_ptr(), bias, bwd.as_mut_ptr(), true);
                }
                for r in 0..M {
                    assert!(!fwd[r].is_nan(), "K = {K}, M = {M}, y[{r}] not written");
                    assert_eq!(
                        fwd[r].to_bits(),
                        bwd[r].to_bits(),
                        "K = {K}, M = {M}, y[{r}]"
                    );
                }
            }
        }
        one::<1, 13>();
        one::<3, 8>();
        one::<5, 21>();
        one::<16, 64>();
        one::<33, 12>();
        one::<47, 141>();
        one::<64, 192>();
        one::<64, 256>();
    }

    /// [`gates_x1`] is b = b₁ + b₂, wx = [`gemv`]`::<1, M>(u, x, b)`, then
    /// [`gemv_dir`]`::<K, M>(A, h, wx)` bit for bit, in both directions, with h held in
    /// registers (K = 8, 16, 24, 32) and not (K = 5, 33, 64), in order and in blocks of 8, 16
    /// and 32 units; every output written.
    #[test]
    fn one_input_gates_are_the_three_passes() {
        fn one<const K: usize, const M: usize>() {
            if !(std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma")) {
                return;
            }
            let a: [[f32; K]; M] =
                core::array::from_fn(|r| core::array::from_fn(|p| v(r * K + p, 7)));
            let h: [f32; K] = core::array::from_fn(|p| v(p, 8));
            let u: [f32; M] = core::array::from_fn(|r| v(r, 9));
            let b1: [f32; M] = core::array::from_fn(|r| v(r, 10));
            let b2: [f32; M] = core::array::from_fn(|r| v(r, 11));
            let x = [v(0, 12)];
            let b: [f32; M] = core::array::from_fn(|r| b1[r] + b2[r]);
            for backward in [false, true] {
                let (mut wx, mut want, mut got) = ([f32::NAN; M], [f32::NAN; M], [f32::NAN; M]);
                // SAFETY: checked above that the CPU has AVX2 and FMA; the arrays have the
                // sizes the functions read and write, and the outputs are distinct locals.
                unsafe {
                    gemv::<1, M>(u.as_ptr(), x.as_ptr(), Some(b.as_ptr()), wx.as_mut_ptr());
                    gemv_dir::<K, M>(
                        a.as_ptr().cast(),
                        h.as_ptr(),
                        Some(wx.as_ptr()),
                        want.as_mut_ptr(),
                        backward,
                    );
                    gates_x1::<K, M>(
                        a.as_ptr().cast(),
                        h.as_ptr(),
                        u.as_ptr(),
                        x[0],
                        b1.as_ptr(),
                        b2.as_ptr(),
                        got.as_mut_ptr(),
                        backward,
                        0,
                    );
                }
                for r in 0..M {
                    assert!(!got[r].is_nan(), "K = {K}, M = {M}, y[{r}] not written");
                    assert_eq!(
                        want[r].to_bits(),
                        got[r].to_bits(),
                        "K = {K}, M = {M}, backward {backward}, y[{r}]"
                    );
                }
                // In the unit blocks' order (where K allows one).
                for w in [8, 16, 32] {
                    if w > K || !K.is_multiple_of(w) || !K.is_multiple_of(8) {
                        continue;
                    }
                    let mut blocked = [f32::NAN; M];
                    // SAFETY: as above; w is a multiple of 8 dividing K, and K divides M.
                    unsafe {
                        gates_x1::<K, M>(
                            a.as_ptr().cast(),
                            h.as_ptr(),
                            u.as_ptr(),
                            x[0],
                            b1.as_ptr(),
                            b2.as_ptr(),
                            blocked.as_mut_ptr(),
                            backward,
                            w,
                        );
                    }
                    for r in 0..M {
                        assert_eq!(
                            want[r].to_bits(),
                            blocked[r].to_bits(),
                            "K = {K}, M = {M}, w = {w}, backward {backward}, y[{r}]"
                        );
                    }
                }
            }
        }
        one::<5, 16>();
        one::<8, 32>();
        one::<16, 64>();
        one::<24, 96>();
        one::<32, 128>();
        one::<33, 136>();
        one::<48, 144>();
        one::<64, 256>();
    }

    /// Every K (the dot product's length) of 1..=20 and 32, 33, 64, at M (outputs) 8, 12, 20,
    /// 33 and 64: full and masked tails, one group and overlapping last groups.
    #[test]
    fn fixed_products_are_the_sums_at_every_width() {
        macro_rules! ks {
            ($($k:literal)*) => {$(
                check::<$k, 8>();
                check::<$k, 12>();
                check::<$k, 20>();
                check::<$k, 33>();
                check::<$k, 64>();
            )*};
        }
        ks!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 32 33 64);
    }

    /// [`interleave`] against its definition, out[i·K + k] = taps[k][i], at every C of 1..=20,
    /// 33 and K of 1..=5 and 7: windows of one to several ZMMs, with and without a masked last
    /// one. Each tap and the output end exactly where their allocations end (under a checker of
    /// bounds, a read or write past them is an error); the output starts as NaN, so a value not
    /// written shows. In builds for AVX-512 F only.
    #[cfg(target_feature = "avx512f")]
    #[test]
    fn interleave_is_the_window() {
        fn one<const C: usize, const K: usize>() {
            let taps: std::vec::Vec<std::boxed::Box<[f32]>> = (0..K)
                .map(|k| (0..C).map(|i| v(k * 1000 + i, 7)).collect())
                .collect();
            let ptrs: [*const f32; K] = core::array::from_fn(|k| taps[k].as_ptr());
            let mut out = std::vec![f32::NAN; C * K].into_boxed_slice();
            // SAFETY: each tap holds C values and `out` C·K, a distinct allocation.
            unsafe { interleave::<C, K>(&ptrs, out.as_mut_ptr()) };
            for i in 0..C {
                for k in 0..K {
                    assert_eq!(
                        out[i * K + k].to_bits(),
                        taps[k][i].to_bits(),
                        "C = {C}, K = {K}, i = {i}, k = {k}"
                    );
                }
            }
        }
        macro_rules! cs {
            ($k:literal: $($c:literal)*) => {$( one::<$c, $k>(); )*};
        }
        macro_rules! ks {
            ($($k:literal)*) => {$(
                cs!($k: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 33);
            )*};
        }
        ks!(1 2 3 4 5 7);
    }

    /// The masked tail reads nothing past x or past the last row: x and A end exactly at the
    /// end of their allocations (under Miri an out-of-bounds read is an error).
    #[test]
    fn masked_tails_stay_in_bounds() {
        if !(std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma")) {
            return;
        }
        let a = [[0.5f32; 3]; 9];
        let x = [1.0f32, 2.0, 3.0];
        let b = [1.0f32; 9];
        let mut y = [0f32; 9];
        // SAFETY: checked above that the CPU has AVX2 and FMA.
        unsafe { affine_f32::<3, 9>(&a, &x, Some(&b), &mut y) };
        assert_eq!(y, [4.0; 9]);
    }
}
