//! Batched forward and backward passes: many samples at once, one sample per column, through
//! matrix-matrix products.
//!
//! A batch of b samples is a matrix with one sample per column: inputs `IN × b`, outputs and
//! targets `OUT × b`. Any nalgebra matrix or view with contiguous columns will do
//! (`DMatrix`, `OMatrix<T, Const<IN>, Dyn>`, `SMatrix<T, IN, B>`, `columns(…)` of a larger
//! matrix); its column count is the batch size, any size from 0 up.
//!
//! For each dense layer, with X the layer's input block and δ = ∂E/∂Z:
//!
//! | step | formula | kernel |
//! |---|---|---|
//! | forward | Z = Wᵀ·X + b·1ᵀ, A = g(Z) column by column | dot-product tiles ([`Dense::affine_batch`](crate::Dense::affine_batch)) |
//! | input gradient | ∂E/∂X = W·δ | outer-product tiles ([`Dense::input_gradient_batch`](crate::Dense::input_gradient_batch)) |
//! | parameter gradient | ∂E/∂W = X·δᵀ, ∂E/∂b = δ·1 (row sums) | outer-product tiles ([`Dense::gradient_batch`](crate::Dense::gradient_batch)) |
//!
//! The activation and the loss are the per-sample ones ([`Activation`], [`Loss`], [`FusedLoss`])
//! applied to each column, so they agree with the one-sample code exactly; only the sums inside
//! the products are taken in a different order (lanes, then the tail), which changes results in
//! the last bits.
//!
//! # The products
//! The products are register-blocked kernels written for this crate (no dependency), that read
//! the weights and the batch in the layout they already have (only a few-kB panel of δᵀ is
//! copied, on the stack): nothing is allocated. On x86-64 they run AVX2 + FMA code when the CPU
//! has it (detected at run time with `std`, or fixed by `-C target-cpu`), SSE2 code otherwise;
//! elsewhere portable scalar code. A general-purpose gemm (`matrixmultiply`) allocates its
//! packing buffers on every call, which the no-heap guarantee rules out; `BENCHMARKS.md`
//! compares the speeds.
//!
//! # Scratch space
//! The intermediate blocks (each layer's Z, A and δ) live in a caller-provided `&mut [T]`,
//! sized by the network's `batch_scratch_len(b)` (a `const fn`): a `Vec` made once, or an array
//! on a target without a heap. Its contents on entry do not matter and are overwritten.
//! `batch_scratch_len` saturates: a batch whose scratch cannot be counted in a `usize` gives
//! `usize::MAX`, a length no slice reaches, so the batched methods refuse it with
//! [`BatchError::Scratch`] instead of overflowing.
//!
//! # Gradient semantics
//! `backward_batch_into` *adds* the sum over the batch of every sample's gradient to the buffer
//! and returns the summed loss: exactly what calling `backward_into` once per column does (up to
//! rounding); `gradient_batch` writes the same sum over the buffer instead. `train_step_batch`
//! and [`Trainer::run_batched`](crate::train::Trainer::run_batched) step on the mean,
//! (1/b)·Σ ∇L, as minibatch SGD does.
//!
//! # Panics
//! The generated methods return [`BatchError`] for a short scratch slice or mismatched column
//! counts. The layer-level functions here assert matching column counts (the kernels rely on
//! them) and panic otherwise.

use core::fmt;

use nalgebra::{Const, Dim, Dyn, Matrix, MatrixViewMut, SVector, Storage, StorageMut, U1};

use crate::activation::Activation;
use crate::error::{LengthError, NonFiniteError};
use crate::loss::{FusedLoss, Loss};
use crate::{Network, Scalar, Trainable};

/// Why a batched call was refused. Nothing was computed or changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BatchError {
    /// The scratch slice is shorter than `batch_scratch_len(b)` for this batch.
    Scratch(LengthError),
    /// The input and the output (or target) blocks have different numbers of columns.
    Columns {
        /// Columns of the input block (the batch size).
        expected: usize,
        /// Columns of the output or target block.
        found: usize,
    },
    /// A training step on a batch of 0 samples (the mean gradient is undefined).
    Empty,
    /// A parallel training call (feature `rayon`, `par`) was given fewer gradient buffers
    /// than its batch has chunks after the first.
    Buffers(LengthError),
    /// The loss, a gradient entry or an updated parameter would not be finite; the parameters
    /// are unchanged.
    NonFinite(NonFiniteError),
}

impl fmt::Display for BatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BatchError::Scratch(e) => write!(
                f,
                "batch scratch space too short: needs {} values, found {}",
                e.expected, e.found
            ),
            BatchError::Columns { expected, found } => write!(
                f,
                "the batch has {expected} input columns but {found} output or target columns"
            ),
            BatchError::Empty => write!(f, "a training step needs at least one sample"),
            BatchError::Buffers(e) => write!(
                f,
                "too few gradient buffers for the batch's chunks: needs {}, found {}",
                e.expected, e.found
            ),
            BatchError::NonFinite(e) => write!(f, "{e}"),
        }
    }
}

impl core::error::Error for BatchError {}

impl From<NonFiniteError> for BatchError {
    fn from(e: NonFiniteError) -> Self {
        BatchError::NonFinite(e)
    }
}

/// A network that runs many samples at once. `network!` implements it for every network;
/// the inherent methods of the same names spell out the concrete dimensions.
pub trait Batched<T: Scalar>: Network<T> {
    /// `Const<INPUTS>`.
    type InputDim: nalgebra::DimName;
    /// `Const<OUTPUTS>`.
    type OutputDim: nalgebra::DimName;
    /// Scratch values needed per sample (each layer's Z, A and δ).
    const BATCH_SCRATCH_PER_SAMPLE: usize;

    /// The scratch length a batch of `batch` samples needs, saturating: a batch too large for
    /// its scratch to be counted in a `usize` gives `usize::MAX`, which no slice of `T` can
    /// reach, so every batched call refuses it with [`BatchError::Scratch`]. Never panics.
    #[inline]
    fn batch_scratch_len(batch: usize) -> usize {
        Self::BATCH_SCRATCH_PER_SAMPLE.saturating_mul(batch)
    }

    /// The outputs of every column of `x`, written to the same columns of `y`.
    fn forward_batch<C: Dim, SX, CY: Dim, SY>(
        &self,
        x: &Matrix<T, Self::InputDim, C, SX>,
        y: &mut Matrix<T, Self::OutputDim, CY, SY>,
        scratch: &mut [T],
    ) -> Result<(), BatchError>
    where
        SX: Storage<T, Self::InputDim, C, RStride = U1>,
        SY: StorageMut<T, Self::OutputDim, CY>;
}

/// A network with a loss that trains on many samples at once. `network!` implements it for
/// every network with a `loss = …` clause; calling a batched training method on one without is
/// a compile error that says to add the clause (as for [`Trainable`]).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be trained on batches: it has no loss",
    label = "an inference-only network: its definition has no `loss = …` clause",
    note = "add a loss after the layers in its `network!` definition: `…; loss = MSE` (or `MAE`, `Huber`, `CrossEntropy`, `BCE`)"
)]
pub trait BatchTrainable<T: Scalar>: Trainable<T> + Batched<T> {
    /// Writes the gradient of the batch's summed loss (the sum over columns of each sample's
    /// gradient) into `grads`, overwriting it, and returns the summed loss.
    fn gradient_batch<C: Dim, SX, CT: Dim, ST>(
        &self,
        x: &Matrix<T, Self::InputDim, C, SX>,
        target: &Matrix<T, Self::OutputDim, CT, ST>,
        grads: &mut Self::Gradients,
        scratch: &mut [T],
    ) -> Result<T, BatchError>
    where
        SX: Storage<T, Self::InputDim, C, RStride = U1>,
        ST: Storage<T, Self::OutputDim, CT>;

    /// Adds the gradient of every column's loss (summed over the batch) to `grads` and returns
    /// the summed loss: what `backward_into` once per column does.
    fn backward_batch_into<C: Dim, SX, CT: Dim, ST>(
        &self,
        x: &Matrix<T, Self::InputDim, C, SX>,
        target: &Matrix<T, Self::OutputDim, CT, ST>,
        grads: &mut Self::Gradients,
        scratch: &mut [T],
    ) -> Result<T, BatchError>
    where
        SX: Storage<T, Self::InputDim, C, RStride = U1>,
        ST: Storage<T, Self::OutputDim, CT>;

    /// One minibatch SGD step, θ ← θ − (lr/b)·Σ ∇L over the b columns (the mean gradient);
    /// returns the mean loss before the step. `grads` is a buffer: on return it holds the
    /// summed gradient Σ ∇L.
    ///
    /// All or nothing: if the loss, a gradient entry or an updated parameter would not be
    /// finite, the parameters are unchanged and the error says where.
    fn train_step_batch<C: Dim, SX, CT: Dim, ST>(
        &mut self,
        x: &Matrix<T, Self::InputDim, C, SX>,
        target: &Matrix<T, Self::OutputDim, CT, ST>,
        lr: T,
        grads: &mut Self::Gradients,
        scratch: &mut [T],
    ) -> Result<T, BatchError>
    where
        SX: Storage<T, Self::InputDim, C, RStride = U1>,
        ST: Storage<T, Self::OutputDim, CT>,
    {
        use crate::Flat;
        let b = x.ncols();
        if b == 0 {
            return Err(BatchError::Empty);
        }
        let loss = self.gradient_batch(x, target, grads, scratch)?;
        if !loss.is_finite() {
            return Err(NonFiniteError::Loss.into());
        }
        let inv = T::one() / T::lit(b as f64);
        // NOTE: the 1/b goes into the step size, not into a pass over the gradient.
        crate::network::sgd_update(self.params_mut(), grads.as_slice(), lr * inv)?;
        Ok(loss * inv)
    }
}

/// Checks that a scratch slice holds `needed` values.
#[doc(hidden)]
#[inline]
pub fn check_scratch<T>(scratch: &[T], needed: usize) -> Result<(), BatchError> {
    if scratch.len() < needed {
        Err(BatchError::Scratch(LengthError {
            expected: needed,
            found: scratch.len(),
        }))
    } else {
        Ok(())
    }
}

/// Checks that two blocks have the same number of columns.
#[doc(hidden)]
#[inline]
pub fn check_columns(expected: usize, found: usize) -> Result<(), BatchError> {
    if expected == found {
        Ok(())
    } else {
        Err(BatchError::Columns { expected, found })
    }
}

/// Splits an `R × cols` column-major block off the front of `buf` (generated code lays out its
/// scratch with this).
///
/// # Panics
/// If `buf` is shorter than `R·cols` (generated code checks the length first).
#[doc(hidden)]
#[inline]
pub fn take_block<'a, T: Scalar, const R: usize>(
    buf: &mut &'a mut [T],
    cols: usize,
) -> MatrixViewMut<'a, T, Const<R>, Dyn> {
    let (head, tail) = core::mem::take(buf).split_at_mut(R * cols);
    *buf = tail;
    MatrixViewMut::from_slice_generic(head, Const::<R>, Dyn(cols))
}

/// A = g(Z), column by column, with the per-sample [`Activation::apply`].
///
/// # Panics
/// If `z` and `a` differ in column count.
pub fn activate_batch<T, A, const N: usize, CZ, SZ, CA, SA>(
    act: &A,
    z: &Matrix<T, Const<N>, CZ, SZ>,
    a: &mut Matrix<T, Const<N>, CA, SA>,
) where
    T: Scalar,
    A: Activation<T>,
    CZ: Dim,
    CA: Dim,
    SZ: Storage<T, Const<N>, CZ>,
    SA: StorageMut<T, Const<N>, CA>,
{
    assert_eq!(z.ncols(), a.ncols(), "blocks differ in columns");
    for (zc, mut ac) in z.column_iter().zip(a.column_iter_mut()) {
        let zc: SVector<T, N> = zc.clone_owned();
        ac.copy_from(&act.apply(&zc));
    }
}

/// ∂E/∂Z from ∂E/∂A, in place, column by column with the per-sample
/// [`Activation::backprop`]: on entry `d` holds ∂E/∂A, on return ∂E/∂Z.
///
/// # Panics
/// If the blocks differ in column count.
pub fn backprop_batch<T, A, const N: usize, CZ, SZ, CA, SA, CD, SD>(
    act: &A,
    z: &Matrix<T, Const<N>, CZ, SZ>,
    a: &Matrix<T, Const<N>, CA, SA>,
    d: &mut Matrix<T, Const<N>, CD, SD>,
) where
    T: Scalar,
    A: Activation<T>,
    CZ: Dim,
    CA: Dim,
    CD: Dim,
    SZ: Storage<T, Const<N>, CZ>,
    SA: Storage<T, Const<N>, CA>,
    SD: StorageMut<T, Const<N>, CD>,
{
    assert!(
        z.ncols() == a.ncols() && z.ncols() == d.ncols(),
        "blocks differ in columns"
    );
    for ((zc, ac), mut dc) in z
        .column_iter()
        .zip(a.column_iter())
        .zip(d.column_iter_mut())
    {
        let (zc, ac): (SVector<T, N>, SVector<T, N>) = (zc.clone_owned(), ac.clone_owned());
        let da: SVector<T, N> = dc.clone_owned();
        dc.copy_from(&act.backprop(&zc, &ac, &da));
    }
}

/// The summed loss over the columns and ∂E/∂Z of the output layer, for a [`Loss`] on the
/// output A = g(Z) of activation `act`: per column exactly the one-sample code.
///
/// # Panics
/// If the blocks differ in column count.
#[allow(clippy::too_many_arguments)]
pub fn loss_gradient_batch<T, L, A, const N: usize, CZ, SZ, CA, SA, CT, ST, CD, SD>(
    loss: &L,
    act: &A,
    z: &Matrix<T, Const<N>, CZ, SZ>,
    a: &Matrix<T, Const<N>, CA, SA>,
    target: &Matrix<T, Const<N>, CT, ST>,
    dz: &mut Matrix<T, Const<N>, CD, SD>,
) -> T
where
    T: Scalar,
    L: Loss<T>,
    A: Activation<T>,
    CZ: Dim,
    CA: Dim,
    CT: Dim,
    CD: Dim,
    SZ: Storage<T, Const<N>, CZ>,
    SA: Storage<T, Const<N>, CA>,
    ST: Storage<T, Const<N>, CT>,
    SD: StorageMut<T, Const<N>, CD>,
{
    let n = z.ncols();
    assert!(
        a.ncols() == n && target.ncols() == n && dz.ncols() == n,
        "blocks differ in columns"
    );
    let mut total = T::zero();
    for s in 0..n {
        let zc: SVector<T, N> = z.column(s).clone_owned();
        let ac: SVector<T, N> = a.column(s).clone_owned();
        let tc: SVector<T, N> = target.column(s).clone_owned();
        total += loss.loss(&ac, &tc);
        let da = loss.gradient(&ac, &tc);
        dz.column_mut(s).copy_from(&act.backprop(&zc, &ac, &da));
    }
    total
}

/// The summed loss over the columns and ∂E/∂Z of the output layer, for a [`FusedLoss`]
/// computed from the logits Z: per column exactly the one-sample code.
///
/// # Panics
/// If the blocks differ in column count.
pub fn fused_loss_gradient_batch<T, L, const N: usize, CZ, SZ, CA, SA, CT, ST, CD, SD>(
    loss: &L,
    z: &Matrix<T, Const<N>, CZ, SZ>,
    a: &Matrix<T, Const<N>, CA, SA>,
    target: &Matrix<T, Const<N>, CT, ST>,
    dz: &mut Matrix<T, Const<N>, CD, SD>,
) -> T
where
    T: Scalar,
    L: FusedLoss<T>,
    CZ: Dim,
    CA: Dim,
    CT: Dim,
    CD: Dim,
    SZ: Storage<T, Const<N>, CZ>,
    SA: Storage<T, Const<N>, CA>,
    ST: Storage<T, Const<N>, CT>,
    SD: StorageMut<T, Const<N>, CD>,
{
    let n = z.ncols();
    assert!(
        a.ncols() == n && target.ncols() == n && dz.ncols() == n,
        "blocks differ in columns"
    );
    let mut total = T::zero();
    for s in 0..n {
        let zc: SVector<T, N> = z.column(s).clone_owned();
        let ac: SVector<T, N> = a.column(s).clone_owned();
        let tc: SVector<T, N> = target.column(s).clone_owned();
        total += loss.loss_from_logits(&zc, &tc);
        dz.column_mut(s).copy_from(&loss.logit_gradient(&ac, &tc));
    }
    total
}

/// Copies `src` into `dst`, column by column (any column dimension types, same count).
///
/// # Panics
/// If the blocks differ in column count.
pub fn copy_block<T, const N: usize, CS, SS, CD, SD>(
    src: &Matrix<T, Const<N>, CS, SS>,
    dst: &mut Matrix<T, Const<N>, CD, SD>,
) where
    T: Scalar,
    CS: Dim,
    CD: Dim,
    SS: Storage<T, Const<N>, CS>,
    SD: StorageMut<T, Const<N>, CD>,
{
    assert_eq!(src.ncols(), dst.ncols(), "blocks differ in columns");
    for (s, mut d) in src.column_iter().zip(dst.column_iter_mut()) {
        d.copy_from(&s);
    }
}

/// `dst += src`, column by column: a residual block's skip connection over a batch.
///
/// # Panics
/// If the blocks differ in column count.
pub fn add_block<T, const N: usize, CS, SS, CD, SD>(
    src: &Matrix<T, Const<N>, CS, SS>,
    dst: &mut Matrix<T, Const<N>, CD, SD>,
) where
    T: Scalar,
    CS: Dim,
    CD: Dim,
    SS: Storage<T, Const<N>, CS>,
    SD: StorageMut<T, Const<N>, CD>,
{
    assert_eq!(src.ncols(), dst.ncols(), "blocks differ in columns");
    for (s, mut d) in src.column_iter().zip(dst.column_iter_mut()) {
        d += s;
    }
}
