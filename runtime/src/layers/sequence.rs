//! What the sequence layers ([`Gru`](crate::Gru), [`Lstm`](crate::Lstm),
//! [`Conv1d`](crate::Conv1d)) share: the affine map of one weight block, the derivatives of
//! the gate activations, and the copy of a block of H gradients into a vector of gates.

use nalgebra::{SMatrix, SVector};

use crate::Scalar;
use crate::kernels::{GEMV_MIN_WEIGHTS, affine_fixed, affine_kernel, gemv};

/// z = Wᵀx (+ b) for a weight block W (I × O, each output's weights contiguous: PyTorch's
/// (out, in) row-major): the dense layer's one-sample product (`kernels::gemv_tn` from 256
/// weights, else `affine_kernel`), except that blocks of at least 8 × 8 also take `gemv_tn`
/// (the 8 × 24 recurrent product of GRU(8): 916 → 756 instructions per step of GRU(8) →
/// Dense(1), `tools/bench/recurrent_instructions.sh`), and one input is a multiply-add across
/// the outputs. In `f32` from 2 inputs, where the CPU has AVX2 and FMA, the dense layers'
/// compile-time-sized product `kernels::affine_fixed` instead (the convolution's step, issue
/// 20).
#[inline(always)]
pub(crate) fn affine<T: Scalar, const I: usize, const O: usize>(
    w: &SMatrix<T, I, O>,
    x: &SVector<T, I>,
    b: Option<&SVector<T, O>>,
) -> SVector<T, O> {
    if I == 1 {
        // NOTE: with one input the weights are O contiguous values; the dot-product kernels
        // would reduce O empty lane sums instead.
        let x0 = x[0];
        let mut z = match b {
            Some(b) => *b,
            None => SVector::zeros(),
        };
        for (zj, wj) in z.as_mut_slice().iter_mut().zip(&w.data.0) {
            *zj = crate::kernels::mul_add(wj[0], x0, *zj);
        }
        return z;
    }
    let mut y = [T::zero(); O];
    if affine_fixed(&w.data.0, &x.data.0[0], b.map(|b| &b.data.0[0]), &mut y) {
        return SVector::from_array_storage(nalgebra::ArrayStorage([y]));
    }
    if I * O >= GEMV_MIN_WEIGHTS || (I >= 8 && O >= 8) {
        let z = gemv(w, x);
        return match b {
            Some(b) => z + b,
            None => z,
        };
    }
    SVector::from_array_storage(nalgebra::ArrayStorage([affine_kernel(
        &w.data.0,
        &x.data.0[0],
        b.map(|b| &b.data.0[0]),
    )]))
}

/// The units per block of the LSTM and GRU cells (their element-wise part, one vector per
/// value and block, the last block overlapping the one before): 16, one ZMM of `f32`, in builds
/// for AVX-512 (`-C target-cpu=native` on Zen 4, `-C target-feature=+avx512f`) from 16 units;
/// otherwise 8, one YMM. On Zen 4 a ZMM operation runs as two YMM halves, so the wide blocks
/// save instructions (half the cell's), not arithmetic (issue 20, `BENCHMARKS.md`).
pub(crate) const fn cell_block(h: usize) -> usize {
    if cfg!(all(target_arch = "x86_64", target_feature = "avx512f")) && h >= 16 {
        16
    } else {
        8
    }
}

/// Whether the fused `f32` steps of [`Lstm`](crate::Lstm) and [`Gru`](crate::Gru) alternate
/// the direction of their W_hh product (`kernels::fixed::gemv_dir`) from one step to the next:
/// where W_hh (H × G `f32`) is larger than 16 KiB, half of a 32 KiB L1 data cache (from
/// GRU(37) and LSTM(33) on). The step that reads the rows from the last to the first starts on
/// those the step before read last, still in L1; in the same order every step, a block larger
/// than L1 misses it on every line. Same-run ratios of the step against the one-way product
/// on Zen 4, `x86-64-v3` builds (`BENCHMARKS-LOG.md`, issue 20): GRU(64) 0.79–0.80, LSTM(64)
/// 0.77–0.90; at 32 units (W_hh in L1 either way) 1.00. No value depends on it.
#[cfg_attr(
    not(all(
        target_arch = "x86_64",
        any(feature = "std", all(target_feature = "avx2", target_feature = "fma"))
    )),
    allow(dead_code)
)]
pub(crate) const fn alternates(h: usize, g: usize) -> bool {
    h * g * 4 > 16 * 1024
}

/// Which way a GRU's or LSTM's fused step reads W_hh next (issue 20): where W_hh is larger
/// than 16 KiB ([`alternates`]) the step reads its rows from the first to the last and from the
/// last to the first in turns, so each step starts on the rows the step before left in L1. Part
/// of the layers' states, but not of their value: every `ReadOrder` equals every other, so the
/// states' derived `==` compares h (and c) only.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct ReadOrder {
    backward: bool,
}

impl PartialEq for ReadOrder {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

#[cfg_attr(
    not(all(
        target_arch = "x86_64",
        any(feature = "std", all(target_feature = "avx2", target_feature = "fma"))
    )),
    allow(dead_code)
)]
impl ReadOrder {
    /// Whether this step of a layer with W_hh of H × G reads it backwards; flips the order for
    /// the next step where [`alternates`]`(H, G)`.
    #[inline(always)]
    pub(crate) fn next<const H: usize, const G: usize>(&mut self) -> bool {
        let backward = const { alternates(H, G) } && self.backward;
        self.backward = const { alternates(H, G) } && !self.backward;
        backward
    }
}

/// Writes `src` into block `k` of a vector of gates.
#[inline(always)]
pub(crate) fn set_block<T: Scalar, const G: usize, const H: usize>(
    v: &mut SVector<T, G>,
    k: usize,
    src: &SVector<T, H>,
) {
    v.as_mut_slice()[k * H..(k + 1) * H].copy_from_slice(src.as_slice());
}

/// ∂E/∂z = ∂E/∂a ⊙ a(1 − a) for a = σ(z).
#[inline(always)]
pub(crate) fn sigmoid_back<T: Scalar, const H: usize>(
    a: &SVector<T, H>,
    da: &SVector<T, H>,
) -> SVector<T, H> {
    SVector::from_fn(|j, _| da[j] * (a[j] * (T::one() - a[j])))
}

/// ∂E/∂z = ∂E/∂a ⊙ (1 − a²) for a = tanh z.
#[inline(always)]
pub(crate) fn tanh_back<T: Scalar, const H: usize>(
    a: &SVector<T, H>,
    da: &SVector<T, H>,
) -> SVector<T, H> {
    SVector::from_fn(|j, _| da[j] * (T::one() - a[j] * a[j]))
}

#[cfg(test)]
mod tests {
    use crate::{Gru, GruState, Lstm, LstmState};
    use nalgebra::{SMatrix, SVector};

    /// The direction the next step's W_hh product takes, after each of four fused `f32` steps
    /// of a GRU or LSTM of `$h` units (`$g` = gates · `$h`), then after `reset`.
    macro_rules! directions {
        ($layer:ident, $state:ident, $h:literal, $g:expr) => {{
            let l = $layer::<f32, 1, $h, { $g }> {
                weight_ih: SMatrix::repeat(0.1),
                weight_hh: SMatrix::repeat(0.01),
                bias_ih: SVector::zeros(),
                bias_hh: SVector::zeros(),
            };
            let mut s = $state::zeros();
            let x = SVector::from([1.0]);
            let seen: std::vec::Vec<bool> = (0..4)
                .map(|_| {
                    l.step(&mut s, &x);
                    s.backward.backward
                })
                .collect();
            s.reset();
            (seen, s.backward.backward)
        }};
    }

    /// The fused `f32` steps alternate the direction of their W_hh product where W_hh is larger
    /// than 16 KiB (64 units) and keep it otherwise (32 units); `reset` starts forwards again.
    /// The values are checked in `tests/recurrent_fused.rs` (every width, both directions).
    #[test]
    fn the_product_alternates_its_direction_on_wide_layers() {
        if !(std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma")) {
            return;
        }
        let alternating = (vec![true, false, true, false], false);
        let one_way = (vec![false; 4], false);
        assert_eq!(directions!(Gru, GruState, 64, 3 * 64), alternating);
        assert_eq!(directions!(Lstm, LstmState, 64, 4 * 64), alternating);
        assert_eq!(directions!(Gru, GruState, 32, 3 * 32), one_way);
        assert_eq!(directions!(Lstm, LstmState, 32, 4 * 32), one_way);
    }
}
