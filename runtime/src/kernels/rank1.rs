//! The rank-one update of a weight matrix, w_j ← w_j − lr·(x·d_j) (the one-sample training
//! step) or w_j ← w_j + x·d_j (accumulating the gradient): [`rank1`], in AVX2 where the CPU has
//! it, else one lane at a time.
// The tile loops index several arrays by the same (row, column), as the maths reads.
#![allow(clippy::needless_range_loop)]

use super::simd::{One, Simd};
#[cfg(all(
    target_arch = "x86_64",
    any(feature = "std", all(target_feature = "avx2", target_feature = "fma"))
))]
use super::{avx2, same};
use crate::Scalar;

/// The step skips zero columns (see [`rank1_body`]) only when they have at least this many
/// values. The test and branch per column cost 16 → 32 → 32 → 4 (tanh: nothing to skip) 4,605 →
/// 4,856 instructions per training step when every column had them; on 784 → 128 → 10 the skip
/// took the step from 118,108 to 69,817 instructions and its fastest of 20 runs from 15.3 to
/// 10.1–10.3 µs (52 of its 128 neurons active). A column of 64 `f32` is eight AVX2 vectors, about what a mispredicted branch costs
/// (in training the pattern of off neurons changes with every sample); 64 was not tuned further.
pub(super) const SKIP_MIN_INPUTS: usize = 64;

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
pub(super) unsafe fn rank1_body<V: Simd, const K: usize>(
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
pub(super) unsafe fn rank1_columns<V: Simd, const K: usize>(
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
pub(super) unsafe fn rank1_avx2_v<V: Simd, const K: usize>(
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
    dispatch_avx2!(avx2, T, |V| {
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
