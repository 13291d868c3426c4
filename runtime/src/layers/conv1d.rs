//! The causal dilated 1-D convolution, [`Conv1d`] and [`Conv1dNoBias`], with PyTorch's
//! `nn.Conv1d` weight layout, streamed one sample at a time through a statically sized ring
//! buffer ([`Conv1dState`]); the traced step and one step of backpropagation through time, with
//! the per-step trace ([`Conv1dTrace`]) and the backward carry of pending input gradients
//! ([`Conv1dCarry`]).

use nalgebra::{SMatrix, SVector};
use rand_core::Rng;

use super::dense::{accumulate_outer, input_gradient};
use super::sequence::affine;
use crate::{Flat, Scalar, TensorInfo};

/// A causal dilated convolution of CIN channels into COUT with kernel size K and dilation D,
/// stepped one sample at a time: PyTorch's `nn.Conv1d(CIN, COUT, K, dilation=D)` applied to the
/// sequence padded on the left with (K − 1)·D zeros (`F.pad(x, ((K-1)*D, 0))`), so that output
/// t sees inputs t − (K − 1)·D … t only:
///
/// `y_t[o] = b[o] + Σ_{i<CIN} Σ_{k<K} w[o, i, k] · x_{t − (K − 1 − k)·D}[i]`, with x before
/// the start = 0.
///
/// CK = CIN·K and R = (K − 1)·D + 1 (the receptive field, the ring buffer's length) are const
/// parameters only because stable Rust cannot write them in a type; the step and backward
/// methods check them (and K ≥ 1, D ≥ 1) at compile time.
///
/// # Storage
/// `#[repr(C)]`, PyTorch's `state_dict` order and memory: `weight` is CK × COUT column-major,
/// row i·K + k of column o holding w[o, i, k]: PyTorch's `weight` (COUT, CIN, K) row-major.
///
/// | tensor | shape | offset |
/// |---|---|---|
/// | `weight` | `[COUT, CIN, K]` | 0 |
/// | `bias` | `[COUT]` | COUT·CIN·K |
#[repr(C)]
#[derive(Clone, Debug, PartialEq)]
pub struct Conv1d<
    T,
    const CIN: usize,
    const COUT: usize,
    const K: usize,
    const D: usize,
    const CK: usize,
    const R: usize,
> {
    /// The kernel (CIN·K × COUT); `weight[(i * K + k, o)]` = w[o, i, k].
    pub weight: SMatrix<T, CK, COUT>,
    /// b, one per output channel.
    pub bias: SVector<T, COUT>,
}

/// A causal dilated convolution without bias (see [`Conv1d`]; PyTorch's `bias=False`).
#[repr(C)]
#[derive(Clone, Debug, PartialEq)]
pub struct Conv1dNoBias<
    T,
    const CIN: usize,
    const COUT: usize,
    const K: usize,
    const D: usize,
    const CK: usize,
    const R: usize,
> {
    /// The kernel (CIN·K × COUT); `weight[(i * K + k, o)]` = w[o, i, k].
    pub weight: SMatrix<T, CK, COUT>,
}

// SAFETY: `#[repr(C)]` of two nalgebra arrays of `T`, same alignment, no padding.
unsafe impl<
    T: Scalar,
    const CIN: usize,
    const COUT: usize,
    const K: usize,
    const D: usize,
    const CK: usize,
    const R: usize,
> Flat<T> for Conv1d<T, CIN, COUT, K, D, CK, R>
{
    const LEN: usize = CK * COUT + COUT;
}

// SAFETY: `#[repr(C)]` of one nalgebra array of `T`.
unsafe impl<
    T: Scalar,
    const CIN: usize,
    const COUT: usize,
    const K: usize,
    const D: usize,
    const CK: usize,
    const R: usize,
> Flat<T> for Conv1dNoBias<T, CIN, COUT, K, D, CK, R>
{
    const LEN: usize = CK * COUT;
}

/// A convolution's state between steps: the last R inputs in a ring buffer (zero at the start
/// of a sequence: the causal padding).
///
/// In builds for AVX-512 aligned to 64 bytes, so that with 8 or 16 `f32` channels every slot of
/// the ring starts on a 32-byte boundary: on Zen 4 a 64-byte load of what a 64-byte store just
/// wrote is forwarded from the store only at such an address (elsewhere it takes about twice
/// as long), and there each step writes the newest slot and reads it back that way (issue
/// 20).
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(
    all(target_arch = "x86_64", target_feature = "avx512f"),
    repr(align(64))
)]
pub struct Conv1dState<T, const CIN: usize, const R: usize> {
    /// The last R inputs; the newest is at `position() − 1` (cyclically), the one before it
    /// one slot earlier, and so on.
    pub ring: [SVector<T, CIN>; R],
    /// The slot the next input goes into (always < R).
    pos: usize,
}

impl<T: Scalar, const CIN: usize, const R: usize> Conv1dState<T, CIN, R> {
    /// Every past input zero.
    pub fn zeros() -> Self {
        Self {
            ring: [SVector::zeros(); R],
            pos: 0,
        }
    }
    /// Back to the start of a sequence: every past input zero.
    pub fn reset(&mut self) {
        *self = Self::zeros();
    }
    /// The slot of [`ring`](Conv1dState::ring) the next input goes into.
    pub fn position(&self) -> usize {
        self.pos
    }
}

impl<T: Scalar, const CIN: usize, const R: usize> Default for Conv1dState<T, CIN, R> {
    fn default() -> Self {
        Self::zeros()
    }
}

/// What [`Conv1d::backward_step`] needs of one step: the window the kernel saw.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Conv1dTrace<T, const CK: usize> {
    /// `window[i * K + k]` = `x_{t − (K − 1 − k)·D}[i]`, laid out like a column of the weight.
    pub window: SVector<T, CK>,
}

impl<T: Scalar, const CK: usize> Conv1dTrace<T, CK> {
    /// Every value zero (to fill a caller's trace buffer).
    pub fn zeros() -> Self {
        Self {
            window: SVector::zeros(),
        }
    }
}

impl<T: Scalar, const CK: usize> Default for Conv1dTrace<T, CK> {
    fn default() -> Self {
        Self::zeros()
    }
}

/// What flows back from step t to earlier steps in [`Conv1d::backward_step`]: the parts of
/// ∂E/∂xₛ, s = t − (K − 1)·D … t, that outputs t and later have sent, one slot per input.
/// Zero before the last step of a sequence (or of a truncated-BPTT chunk).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Conv1dCarry<T, const CIN: usize, const R: usize> {
    /// The pending input gradients; the current step's input is at `position()`, the one
    /// before it one slot earlier (cyclically), and so on.
    pub pending: [SVector<T, CIN>; R],
    /// The slot of the step [`Conv1d::backward_step`] is called for next (always < R).
    pos: usize,
}

impl<T: Scalar, const CIN: usize, const R: usize> Conv1dCarry<T, CIN, R> {
    /// Nothing pending.
    pub fn zeros() -> Self {
        Self {
            pending: [SVector::zeros(); R],
            pos: 0,
        }
    }
    /// Nothing pending (the start of backpropagation, or of a truncated-BPTT chunk).
    pub fn reset(&mut self) {
        *self = Self::zeros();
    }
    /// The slot of [`pending`](Conv1dCarry::pending) of the step to be processed next.
    pub fn position(&self) -> usize {
        self.pos
    }
}

impl<T: Scalar, const CIN: usize, const R: usize> Default for Conv1dCarry<T, CIN, R> {
    fn default() -> Self {
        Self::zeros()
    }
}

/// The slot `delay` steps before `pos` in a ring of R (delay < R).
#[inline(always)]
fn back<const R: usize>(pos: usize, delay: usize) -> usize {
    if pos >= delay {
        pos - delay
    } else {
        pos + R - delay
    }
}

/// The compile-time checks of the const parameters.
#[inline(always)]
fn check<const CIN: usize, const K: usize, const D: usize, const CK: usize, const R: usize>() {
    const {
        assert!(K >= 1, "a convolution's kernel size K must be at least 1");
        assert!(D >= 1, "a convolution's dilation D must be at least 1");
        assert!(CK == CIN * K, "a convolution's CK must be CIN·K");
        assert!(
            R == (K - 1) * D + 1,
            "a convolution's R must be (K − 1)·D + 1"
        );
    };
}

/// Pushes `x` into the ring and gathers the kernel's window.
#[inline(always)]
fn push_window<
    T: Scalar,
    const CIN: usize,
    const K: usize,
    const D: usize,
    const CK: usize,
    const R: usize,
>(
    state: &mut Conv1dState<T, CIN, R>,
    x: &SVector<T, CIN>,
) -> SVector<T, CK> {
    check::<CIN, K, D, CK, R>();
    let pos = state.pos;
    state.ring[pos] = *x;
    let mut window = SVector::<T, CK>::zeros();
    #[cfg(all(target_arch = "x86_64", target_feature = "avx512f"))]
    if K > 1 && CK >= 16 && crate::kernels::fixed::is_f32::<T>() {
        // NOTE: in builds for AVX-512 LLVM turns the copies below into gathers (issue 20):
        // the window by permutes instead (`kernels::fixed::interleave`), from one ZMM on (the
        // copies of a shorter window, such as a one-channel layer's 3 values, are no gathers
        // and measured no slower).
        let mut taps = [core::ptr::null::<f32>(); K];
        for (k, tap) in taps.iter_mut().enumerate() {
            *tap = state.ring[back::<R>(pos, (K - 1 - k) * D)].as_ptr().cast();
        }
        // SAFETY: `T` is `f32` (checked), so the casts change nothing; each tap is a ring slot
        // of CIN values, the window holds CIN·K = CK (`check`) and is a local.
        unsafe { crate::kernels::fixed::interleave::<CIN, K>(&taps, window.as_mut_ptr().cast()) };
        state.pos = if pos + 1 == R { 0 } else { pos + 1 };
        return window;
    }
    for k in 0..K {
        let xs = &state.ring[back::<R>(pos, (K - 1 - k) * D)];
        for i in 0..CIN {
            window[i * K + k] = xs[i];
        }
    }
    state.pos = if pos + 1 == R { 0 } else { pos + 1 };
    window
}

/// Scatters ∂E/∂window into the pending input gradients and returns the current input's,
/// which is then complete.
#[inline(always)]
fn scatter_window<
    T: Scalar,
    const CIN: usize,
    const K: usize,
    const D: usize,
    const CK: usize,
    const R: usize,
>(
    carry: &mut Conv1dCarry<T, CIN, R>,
    dwindow: &SVector<T, CK>,
) -> SVector<T, CIN> {
    let pos = carry.pos;
    for k in 0..K {
        let p = &mut carry.pending[back::<R>(pos, (K - 1 - k) * D)];
        for i in 0..CIN {
            p[i] += dwindow[i * K + k];
        }
    }
    let dx = carry.pending[pos];
    carry.pending[pos] = SVector::zeros();
    carry.pos = if pos == 0 { R - 1 } else { pos - 1 };
    dx
}

/// U(−1/√(CIN·K), 1/√(CIN·K)): PyTorch's Conv1d initialisation (Kaiming-uniform with a = √5
/// for the weight, and the same bound for the bias).
fn bound(ck: usize) -> f64 {
    1.0 / <f64 as nalgebra::ComplexField>::sqrt(ck as f64)
}

impl<
    T: Scalar,
    const CIN: usize,
    const COUT: usize,
    const K: usize,
    const D: usize,
    const CK: usize,
    const R: usize,
> Conv1d<T, CIN, COUT, K, D, CK, R>
{
    /// The tensors in `state_dict` order: name, shape and offset into the layer's [`Flat`]
    /// values.
    pub const TENSORS: [TensorInfo; 2] = [
        TensorInfo {
            name: "weight",
            shape: &[COUT, CIN, K],
            offset: 0,
        },
        TensorInfo {
            name: "bias",
            shape: &[COUT],
            offset: COUT * CK,
        },
    ];

    /// Number of parameters, COUT·(CIN·K + 1).
    pub const PARAMS: usize = COUT * (CK + 1);

    /// One step: pushes xₜ into the state's ring buffer and returns yₜ. No allocation.
    #[inline]
    pub fn step(
        &self,
        state: &mut Conv1dState<T, CIN, R>,
        x: &SVector<T, CIN>,
    ) -> SVector<T, COUT> {
        let window = push_window::<T, CIN, K, D, CK, R>(state, x);
        affine(&self.weight, &window, Some(&self.bias))
    }

    /// [`step`](Conv1d::step) (the same values, bit for bit) that also keeps the window in
    /// `trace` for [`backward_step`](Conv1d::backward_step).
    #[inline]
    pub fn step_traced(
        &self,
        state: &mut Conv1dState<T, CIN, R>,
        x: &SVector<T, CIN>,
        trace: &mut Conv1dTrace<T, CK>,
    ) -> SVector<T, COUT> {
        trace.window = push_window::<T, CIN, K, D, CK, R>(state, x);
        affine(&self.weight, &trace.window, Some(&self.bias))
    }

    /// One step of backpropagation through time, for t = T − 1 down to 0: adds
    /// ∂E/∂W += window·δᵀ and ∂E/∂b += δ (δ = ∂E/∂yₜ = `dy`) into `grads`, adds the window's
    /// gradient W·δ to the pending gradients of inputs t − (K − 1)·D … t in `carry`, and
    /// returns ∂E/∂xₜ, which no later step adds to.
    ///
    /// The gradients of the zeros before the start of the sequence stay in `carry` (they
    /// belong to no input); with truncated BPTT, [`Conv1dCarry::reset`] at each chunk drops
    /// what the chunk sends to the one before.
    #[inline]
    pub fn backward_step(
        &self,
        trace: &Conv1dTrace<T, CK>,
        dy: &SVector<T, COUT>,
        carry: &mut Conv1dCarry<T, CIN, R>,
        grads: &mut Self,
    ) -> SVector<T, CIN> {
        check::<CIN, K, D, CK, R>();
        accumulate_outer(&mut grads.weight, &trace.window, dy);
        grads.bias += dy;
        scatter_window::<T, CIN, K, D, CK, R>(carry, &input_gradient(&self.weight, dy))
    }

    /// PyTorch's initialisation: weight and bias from U(−1/√(CIN·K), 1/√(CIN·K)), from any
    /// `rand_core::Rng`.
    pub fn init_uniform<G: Rng + ?Sized>(&mut self, rng: &mut G) {
        crate::init::fill_uniform(self.as_mut_slice(), bound(CK), rng);
    }
}

impl<
    T: Scalar,
    const CIN: usize,
    const COUT: usize,
    const K: usize,
    const D: usize,
    const CK: usize,
    const R: usize,
> Conv1dNoBias<T, CIN, COUT, K, D, CK, R>
{
    /// The one tensor: name, shape and offset.
    pub const TENSORS: [TensorInfo; 1] = [TensorInfo {
        name: "weight",
        shape: &[COUT, CIN, K],
        offset: 0,
    }];

    /// Number of parameters, COUT·CIN·K.
    pub const PARAMS: usize = COUT * CK;

    /// One step (see [`Conv1d::step`]).
    #[inline]
    pub fn step(
        &self,
        state: &mut Conv1dState<T, CIN, R>,
        x: &SVector<T, CIN>,
    ) -> SVector<T, COUT> {
        let window = push_window::<T, CIN, K, D, CK, R>(state, x);
        affine(&self.weight, &window, None)
    }

    /// One traced step (see [`Conv1d::step_traced`]).
    #[inline]
    pub fn step_traced(
        &self,
        state: &mut Conv1dState<T, CIN, R>,
        x: &SVector<T, CIN>,
        trace: &mut Conv1dTrace<T, CK>,
    ) -> SVector<T, COUT> {
        trace.window = push_window::<T, CIN, K, D, CK, R>(state, x);
        affine(&self.weight, &trace.window, None)
    }

    /// One step of backpropagation through time (see [`Conv1d::backward_step`]).
    #[inline]
    pub fn backward_step(
        &self,
        trace: &Conv1dTrace<T, CK>,
        dy: &SVector<T, COUT>,
        carry: &mut Conv1dCarry<T, CIN, R>,
        grads: &mut Self,
    ) -> SVector<T, CIN> {
        check::<CIN, K, D, CK, R>();
        accumulate_outer(&mut grads.weight, &trace.window, dy);
        scatter_window::<T, CIN, K, D, CK, R>(carry, &input_gradient(&self.weight, dy))
    }

    /// PyTorch's initialisation: weight from U(−1/√(CIN·K), 1/√(CIN·K)).
    pub fn init_uniform<G: Rng + ?Sized>(&mut self, rng: &mut G) {
        crate::init::fill_uniform(self.as_mut_slice(), bound(CK), rng);
    }
}
