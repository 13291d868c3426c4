//! Several cores for large batches (feature `rayon`): the batched forward pass and training step
//! split across rayon's threads, with results that do not depend on the number of threads.
//!
//! [`ParBatched::par_forward_batch`] and [`ParBatchTrainable::par_gradient_batch`] /
//! [`par_train_step_batch`](ParBatchTrainable::par_train_step_batch) cut the batch into
//! chunks of consecutive columns, run the network's own one-thread batched method
//! ([`Batched::forward_batch`], [`BatchTrainable::gradient_batch`]) on each chunk, and combine the
//! chunks' results in a fixed order. They run on the current rayon pool: the global one, or one
//! made with `rayon::ThreadPoolBuilder` and entered with `pool.install(|| …)`.
//!
//! # Determinism
//! The chunks depend on the batch size b only, never on the thread count:
//!
//! - chunk length s = max([`MIN_CHUNK`], ⌈b / [`MAX_CHUNKS`]⌉); chunk i holds columns
//!   i·s … min((i + 1)·s, b) − 1, so there are k = ⌈b / s⌉ ≤ [`MAX_CHUNKS`] chunks
//!   ([`chunk_count`]);
//! - the chunks form a fixed binary tree (the first ⌊k/2⌋ chunks on the left, the rest on the
//!   right, recursively); at each node the right half's summed gradient is added to the left
//!   half's, element by element, and the right half's loss to the left half's.
//!
//! - the training step's update θ ← θ − (lr/b)·g runs on the pool too, in blocks of parameters:
//!   first every block checks that its new values would be finite, then (only if all would)
//!   every block is updated, each value computed as the one-thread update computes it.
//!
//! Rayon decides only *which thread* computes a node or a block, never which values are added in
//! which order, so the loss, the gradient and the updated parameters are the same bits on 1, 2 or
//! any number of threads (tested with pools of 1, 2 and 3 threads). They may differ in the last bits
//! from the one-thread [`BatchTrainable::gradient_batch`] on the whole batch, which sums the
//! columns in one pass; a batch of one chunk (b ≤ [`MIN_CHUNK`]) calls it directly and is
//! identical to it.
//!
//! # Memory
//! Nothing is allocated per call by typenet:
//!
//! - the caller's `scratch` of [`batch_scratch_len(b)`](Batched::batch_scratch_len) values is
//!   cut into one disjoint piece per chunk (the length is linear in b, so the pieces add up to
//!   exactly that);
//! - each chunk but the first writes its gradient into a buffer of its own, which the caller
//!   provides, made once: [`chunk_count(b)`](chunk_count) − 1 of them, as
//!   [`gradient_buffers`] makes on the heap. For 784 → 128 → 10 in `f32` (101,770 parameters,
//!   398 kB per buffer), a batch of 256 needs 3.
//!
//! Rayon itself allocates when its global pool starts (on the first parallel call) and keeps its
//! threads; a parallel call afterwards runs on stack-allocated jobs. The one-thread methods of
//! [`crate::batch`] are unchanged and allocate nothing.
use alloc::vec::Vec;

use nalgebra::{Dim, Dyn, Matrix, MatrixView, MatrixViewMut, Storage, StorageMut, U1};

use crate::batch::{BatchError, BatchTrainable, Batched};
use crate::error::{LengthError, NonFiniteError};
use crate::{Flat, Scalar};

/// The fewest columns a chunk holds (unless the batch is smaller): below it, splitting costs more
/// than the work a thread is handed.
pub const MIN_CHUNK: usize = 64;

/// The most chunks a batch is cut into, which bounds the gradient buffers a training call needs
/// ([`chunk_count`] − 1 ≤ 15).
pub const MAX_CHUNKS: usize = 16;

/// Gradient sums are added, and parameters checked and updated, in blocks of this many values,
/// each block a rayon task.
const ADD_BLOCK: usize = 8192;

/// The length of every chunk but possibly the last, for a batch of `batch` columns:
/// s = max([`MIN_CHUNK`], ⌈b / [`MAX_CHUNKS`]⌉).
#[inline]
pub const fn chunk_len(batch: usize) -> usize {
    let s = batch.div_ceil(MAX_CHUNKS);
    if s > MIN_CHUNK { s } else { MIN_CHUNK }
}

/// The number of chunks k = ⌈b / s⌉ a batch of `batch` columns is cut into (0 for an empty
/// batch, 1 up to [`MIN_CHUNK`] columns, at most [`MAX_CHUNKS`]). A training call needs k − 1
/// gradient buffers besides its own.
#[inline]
pub const fn chunk_count(batch: usize) -> usize {
    batch.div_ceil(chunk_len(batch))
}

/// The gradient buffers a parallel training call on `batch` columns needs besides its own
/// ([`chunk_count`] − 1, at least 0), zeroed, each built directly on the heap (a large network's
/// gradient never passes through the stack). Make them once and pass them to every call.
pub fn gradient_buffers<T: Scalar, G: Flat<T>>(batch: usize) -> Vec<G> {
    let count = chunk_count(batch).saturating_sub(1);
    let mut v: Vec<G> = Vec::with_capacity(count);
    let p = v.as_mut_ptr().cast::<T>();
    for i in 0..count * G::LEN {
        // SAFETY: the capacity holds `count` values of `G`, which by `Flat`'s contract are
        // `count · LEN` contiguous `T`s (no padding, so the array stride is `LEN` values); `T` is
        // `Copy`, nothing is dropped.
        unsafe { p.add(i).write(T::zero()) };
    }
    // SAFETY: all `count · LEN` values are initialised, which by the contract makes `count`
    // valid `G`s.
    unsafe { v.set_len(count) };
    v
}

/// Batched inference across rayon's threads; implemented for every [`Batched`] network.
pub trait ParBatched<T: Scalar>: Batched<T> + Sync {
    /// [`forward_batch`](Batched::forward_batch) with the chunks of the batch (see the
    /// [module docs](self)) run on the current rayon pool. Every output column is exactly what
    /// `forward_batch` gives for that column within its chunk, whatever the thread count.
    ///
    /// Refuses, computing nothing, what `forward_batch` refuses: a short `scratch`
    /// ([`BatchError::Scratch`]), `x` and `y` of different column counts.
    fn par_forward_batch<C: Dim, SX, CY: Dim, SY>(
        &self,
        x: &Matrix<T, Self::InputDim, C, SX>,
        y: &mut Matrix<T, Self::OutputDim, CY, SY>,
        scratch: &mut [T],
    ) -> Result<(), BatchError>
    where
        SX: Storage<T, Self::InputDim, C, RStride = U1>,
        SY: StorageMut<T, Self::OutputDim, CY>,
    {
        let b = x.ncols();
        crate::batch::check_columns(b, y.ncols())?;
        crate::batch::check_scratch(scratch, Self::batch_scratch_len(b))?;
        if chunk_count(b) <= 1 {
            return self.forward_batch(x, y, scratch);
        }
        let yv = y.columns_range_mut(0..b);
        forward_tree(self, x.columns(0, b), yv, scratch, chunk_len(b))
    }
}

impl<T: Scalar, N: Batched<T> + Sync> ParBatched<T> for N {}

/// Minibatch training across rayon's threads; implemented for every [`BatchTrainable`] network.
pub trait ParBatchTrainable<T: Scalar>: BatchTrainable<T> + Sync
where
    Self::Gradients: Send,
{
    /// [`gradient_batch`](BatchTrainable::gradient_batch) with the chunks of the batch run on
    /// the current rayon pool: writes the gradient of the batch's summed loss into `grads`
    /// (overwriting it) and returns the summed loss. `extra` holds at least
    /// [`chunk_count(b)`](chunk_count) − 1 gradient buffers (see [`gradient_buffers`]); their
    /// contents on entry do not matter and are overwritten. The result is the same bits on any
    /// number of threads (the [module docs](self) give the order of the sums).
    ///
    /// Refuses, computing nothing: a short `scratch` ([`BatchError::Scratch`]), too few buffers
    /// ([`BatchError::Buffers`]), `x` and `target` of different column counts.
    fn par_gradient_batch<C: Dim, SX, CT: Dim, ST>(
        &self,
        x: &Matrix<T, Self::InputDim, C, SX>,
        target: &Matrix<T, Self::OutputDim, CT, ST>,
        grads: &mut Self::Gradients,
        extra: &mut [Self::Gradients],
        scratch: &mut [T],
    ) -> Result<T, BatchError>
    where
        SX: Storage<T, Self::InputDim, C, RStride = U1>,
        ST: Storage<T, Self::OutputDim, CT>,
    {
        let b = x.ncols();
        crate::batch::check_columns(b, target.ncols())?;
        crate::batch::check_scratch(scratch, Self::batch_scratch_len(b))?;
        let k = chunk_count(b);
        if k <= 1 {
            return self.gradient_batch(x, target, grads, scratch);
        }
        if extra.len() < k - 1 {
            return Err(BatchError::Buffers(LengthError {
                expected: k - 1,
                found: extra.len(),
            }));
        }
        gradient_tree(
            self,
            x.columns(0, b),
            target.columns(0, b),
            grads,
            &mut extra[..k - 1],
            scratch,
            chunk_len(b),
        )
    }

    /// One minibatch SGD step on the mean gradient, θ ← θ − (lr/b)·Σ ∇L, as
    /// [`train_step_batch`](BatchTrainable::train_step_batch), with the gradient from
    /// [`par_gradient_batch`](Self::par_gradient_batch); returns the mean loss before the step.
    /// On return `grads` holds the summed gradient Σ ∇L.
    ///
    /// All or nothing: if the loss, a gradient entry or an updated parameter would not be
    /// finite, the parameters are unchanged and the error says where. The same bits on any
    /// number of threads.
    #[allow(clippy::too_many_arguments)]
    fn par_train_step_batch<C: Dim, SX, CT: Dim, ST>(
        &mut self,
        x: &Matrix<T, Self::InputDim, C, SX>,
        target: &Matrix<T, Self::OutputDim, CT, ST>,
        lr: T,
        grads: &mut Self::Gradients,
        extra: &mut [Self::Gradients],
        scratch: &mut [T],
    ) -> Result<T, BatchError>
    where
        SX: Storage<T, Self::InputDim, C, RStride = U1>,
        ST: Storage<T, Self::OutputDim, CT>,
    {
        let b = x.ncols();
        if b == 0 {
            return Err(BatchError::Empty);
        }
        let loss = self.par_gradient_batch(x, target, grads, extra, scratch)?;
        if !loss.is_finite() {
            return Err(NonFiniteError::Loss.into());
        }
        let inv = T::one() / T::lit(b as f64);
        // NOTE: as `train_step_batch`: the 1/b goes into the step size.
        par_sgd_update(self.params_mut(), grads.as_slice(), lr * inv)?;
        Ok(loss * inv)
    }
}

impl<T: Scalar, N: BatchTrainable<T> + Sync> ParBatchTrainable<T> for N where N::Gradients: Send {}

/// The columns of the left half of `cols` columns cut in chunks of `s`: the first ⌊k/2⌋ chunks.
#[inline]
fn left_columns(cols: usize, s: usize) -> usize {
    (cols.div_ceil(s) / 2) * s
}

/// The forward pass over a node of the chunk tree: one chunk runs `forward_batch`, more split
/// in two halves run by `rayon::join`.
fn forward_tree<T, N, CSX, RSY, CSY>(
    net: &N,
    x: MatrixView<'_, T, N::InputDim, Dyn, U1, CSX>,
    mut y: MatrixViewMut<'_, T, N::OutputDim, Dyn, RSY, CSY>,
    scratch: &mut [T],
    s: usize,
) -> Result<(), BatchError>
where
    T: Scalar,
    N: Batched<T> + Sync,
    CSX: Dim,
    RSY: Dim,
    CSY: Dim,
{
    let cols = x.ncols();
    if cols <= s {
        return net.forward_batch(&x, &mut y, scratch);
    }
    let l = left_columns(cols, s);
    let (xl, xr) = (x.columns(0, l), x.columns(l, cols - l));
    let (yl, yr) = y.columns_range_pair_mut(0..l, l..);
    let (sl, sr) = scratch.split_at_mut(N::batch_scratch_len(l));
    let (a, b) = rayon::join(
        || forward_tree(net, xl, yl, sl, s),
        || forward_tree(net, xr, yr, sr, s),
    );
    a.and(b)
}

/// The summed gradient and loss over a node of the chunk tree, into `first`; `rest` holds one
/// buffer for every chunk of the node but its first.
fn gradient_tree<T, N, CSX, RST, CST>(
    net: &N,
    x: MatrixView<'_, T, N::InputDim, Dyn, U1, CSX>,
    t: MatrixView<'_, T, N::OutputDim, Dyn, RST, CST>,
    first: &mut N::Gradients,
    rest: &mut [N::Gradients],
    scratch: &mut [T],
    s: usize,
) -> Result<T, BatchError>
where
    T: Scalar,
    N: BatchTrainable<T> + Sync,
    N::Gradients: Send,
    CSX: Dim,
    RST: Dim,
    CST: Dim,
{
    let cols = x.ncols();
    if cols <= s {
        return net.gradient_batch(&x, &t, first, scratch);
    }
    let l = left_columns(cols, s);
    let (xl, xr) = (x.columns(0, l), x.columns(l, cols - l));
    let (tl, tr) = (t.columns(0, l), t.columns(l, cols - l));
    let (sl, sr) = scratch.split_at_mut(N::batch_scratch_len(l));
    // The left half's chunks but its first take rest[..l/s − 1]; the right half's first chunk
    // takes the next buffer, its other chunks the ones after.
    let (rest_l, rest_r) = rest.split_at_mut(l / s - 1);
    let (first_r, rest_r) = rest_r
        .split_first_mut()
        .expect("a node of k chunks has k − 1 buffers");
    let (a, b) = rayon::join(
        || gradient_tree(net, xl, tl, first, rest_l, sl, s),
        || gradient_tree(net, xr, tr, first_r, rest_r, sr, s),
    );
    let (loss_l, loss_r) = (a?, b?);
    add_assign(first.as_mut_slice(), first_r.as_slice());
    Ok(loss_l + loss_r)
}

/// `dst[i] += src[i]` for every i, in blocks run on rayon's threads (each value's sum is the
/// same whichever thread adds it).
fn add_assign<T: Scalar>(dst: &mut [T], src: &[T]) {
    use rayon::prelude::*;
    if dst.len() <= ADD_BLOCK {
        add_block(dst, src);
    } else {
        dst.par_chunks_mut(ADD_BLOCK)
            .zip(src.par_chunks(ADD_BLOCK))
            .for_each(|(d, s)| add_block(d, s));
    }
}

#[inline]
fn add_block<T: Scalar>(dst: &mut [T], src: &[T]) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d += *s;
    }
}

/// [`sgd_update`](crate::network::sgd_update) on rayon's threads: θ ← θ − lr·g, all or nothing,
/// the same bits (each value is θᵢ − lr·gᵢ, unfused, whichever thread computes it).
///
/// Two passes over blocks of [`ADD_BLOCK`] values: first every block checks that its updated
/// values would be finite; only if all would, every block is updated. If one would not, the
/// one-thread `sgd_update` finds the first bad index and reports it, changing nothing. A
/// slice of one block is the one-thread `sgd_update` itself.
fn par_sgd_update<T: Scalar>(params: &mut [T], grads: &[T], lr: T) -> Result<(), NonFiniteError> {
    use rayon::prelude::*;
    if params.len() <= ADD_BLOCK || params.len() != grads.len() {
        return crate::network::sgd_update(params, grads, lr);
    }
    let finite = params
        .par_chunks(ADD_BLOCK)
        .zip(grads.par_chunks(ADD_BLOCK))
        .all(|(p, g)| updates_finite(p, g, lr));
    if !finite {
        return crate::network::sgd_update(params, grads, lr);
    }
    params
        .par_chunks_mut(ADD_BLOCK)
        .zip(grads.par_chunks(ADD_BLOCK))
        .for_each(|(p, g)| step_block(p, g, lr));
    Ok(())
}

/// Whether every θᵢ − lr·gᵢ of a block is finite (a non-finite gᵢ makes it non-finite too);
/// branch-free, so that it vectorises.
#[inline]
fn updates_finite<T: Scalar>(params: &[T], grads: &[T], lr: T) -> bool {
    let mut all = true;
    for (p, g) in params.iter().zip(grads) {
        all &= (*p - lr * *g).is_finite();
    }
    all
}

/// θᵢ ← θᵢ − lr·gᵢ over a block, as `sgd_update` computes each value.
#[inline]
fn step_block<T: Scalar>(params: &mut [T], grads: &[T], lr: T) {
    for (p, g) in params.iter_mut().zip(grads) {
        *p -= lr * *g;
    }
}
