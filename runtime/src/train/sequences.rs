//! [`Trainer::run_sequences`]: training a sequence network ([`RecurrentTrainable`]) on
//! (input sequence, target sequence) pairs by truncated backpropagation through time.

use super::hooks::{Hook, ProgressFn};
use super::{Outcome, SchedulerHook, Shuffle, TrainError, Trainer};
use crate::Scalar;
use crate::error::{LengthError, NonFiniteError, check};
use crate::optim::{Optimizer, StepError};
use crate::sequence::{RecurrentTrainable, SequenceError};

impl<Sh: Shuffle, Sc: SchedulerHook> Trainer<Sh, Sc> {
    /// Trains the sequence network `net` with `opt` on `data`, pairs of an input sequence and
    /// its target sequence (any `AsRef<[…]>`: slices, arrays, `Vec`s), by truncated
    /// backpropagation through time in chunks of `chunk` steps.
    ///
    /// Every epoch visits the sequences in `order` (shuffled if the trainer is). Each sequence
    /// starts from a zero state; each chunk of it (the last may be shorter) is one
    /// [`sequence_backward`](RecurrentTrainable::sequence_backward) from the state the chunk
    /// before left, with fresh backward carries (no gradient crosses a chunk boundary, PyTorch's
    /// `detach()`), then one optimizer step on the chunk's gradient, the gradient of its mean
    /// step loss. `chunk ≥` the longest sequence is full BPTT, one step per sequence.
    ///
    /// `trace` is the caller's buffer of at least `chunk` steps (no heap: an array works),
    /// `order` has one slot per sequence, `history` at least one per epoch; it receives the
    /// epoch's mean over sequences of each sequence's mean step loss (each chunk's loss taken
    /// before its step). The trainer's [`Mode`](super::Mode) is not used: sequences are visited
    /// one at a time. Hooks see one "step" per sequence ([`StepEnd`](super::StepEnd) with its
    /// mean loss), as does a scheduler stepped [`Every::Step`](super::Every::Step); hooks
    /// that need a feed-forward network ([`Validation`](super::Validation)) do not apply.
    /// Allocates nothing itself.
    ///
    /// # Errors
    /// Before training: [`TrainError::Config`] for `chunk == 0`, [`TrainError::Buffer`] for a
    /// short `trace`, `order` or `history`, [`TrainError::EmptyDataset`], and
    /// [`TrainError::Sequence`] for an empty sequence or one whose targets differ in length.
    /// During training: [`TrainError::Step`] (`batch` is the sequence's index in the epoch's
    /// order) when a chunk's loss or step is not finite; that chunk changed nothing, the chunks
    /// before it in the sequence were applied. And [`TrainError::Hook`].
    #[allow(clippy::too_many_arguments)]
    pub fn run_sequences<T, N, O, X, Y, H>(
        &mut self,
        net: &mut N,
        opt: &mut O,
        data: &[(X, Y)],
        chunk: usize,
        trace: &mut [N::Trace],
        order: &mut [usize],
        history: &mut [T],
        mut hooks: H,
    ) -> Result<Outcome, TrainError>
    where
        T: Scalar,
        N: RecurrentTrainable<T>,
        O: Optimizer<T> + ?Sized,
        X: AsRef<[N::Input]>,
        Y: AsRef<[N::Target]>,
        H: Hook<T, N>,
    {
        check::count("chunk", chunk)?;
        if trace.len() < chunk {
            return Err(TrainError::Buffer(LengthError {
                expected: chunk,
                found: trace.len(),
            }));
        }
        for (i, (x, y)) in data.iter().enumerate() {
            let (x, y) = (x.as_ref(), y.as_ref());
            let error = if x.is_empty() {
                SequenceError::Empty
            } else if y.len() != x.len() {
                SequenceError::Length {
                    what: "targets",
                    expected: x.len(),
                    found: y.len(),
                }
            } else {
                continue;
            };
            return Err(TrainError::Sequence { sequence: i, error });
        }
        let trace = &mut trace[..chunk];
        let mut grads = N::zeros();
        let saved = self.mode;
        self.mode = super::Mode::PerSample;
        let result = self.epochs_loop(
            net,
            opt,
            data.len(),
            order,
            history,
            &mut hooks,
            |net, opt, sequences| {
                let mut total = T::zero();
                for &i in sequences {
                    total += train_sequence(net, opt, &data[i], chunk, trace, &mut grads)?;
                }
                Ok(total)
            },
        );
        self.mode = saved;
        result
    }

    /// [`run_sequences`](Trainer::run_sequences) with a progress callback instead of hooks:
    /// `progress(epoch, loss)` after every epoch.
    ///
    /// # Errors
    /// Those of [`run_sequences`](Trainer::run_sequences).
    #[allow(clippy::too_many_arguments)]
    pub fn run_sequences_fn<T, N, O, X, Y, F>(
        &mut self,
        net: &mut N,
        opt: &mut O,
        data: &[(X, Y)],
        chunk: usize,
        trace: &mut [N::Trace],
        order: &mut [usize],
        history: &mut [T],
        progress: F,
    ) -> Result<(), TrainError>
    where
        T: Scalar,
        N: RecurrentTrainable<T>,
        O: Optimizer<T> + ?Sized,
        X: AsRef<[N::Input]>,
        Y: AsRef<[N::Target]>,
        F: FnMut(usize, T),
    {
        self.run_sequences(
            net,
            opt,
            data,
            chunk,
            trace,
            order,
            history,
            ProgressFn(progress),
        )
        .map(|_| ())
    }
}

/// One sequence, chunk by chunk: BPTT on the chunk from the carried state, then one optimizer
/// step. Returns the sequence's mean step loss.
fn train_sequence<T, N, O, X, Y>(
    net: &mut N,
    opt: &mut O,
    (xs, ts): &(X, Y),
    chunk: usize,
    trace: &mut [N::Trace],
    grads: &mut N,
) -> Result<T, StepError>
where
    T: Scalar,
    N: RecurrentTrainable<T>,
    O: Optimizer<T> + ?Sized,
    X: AsRef<[N::Input]>,
    Y: AsRef<[N::Target]>,
{
    let (xs, ts) = (xs.as_ref(), ts.as_ref());
    let mut state = N::State::default();
    let mut total = T::zero();
    for (x, t) in xs.chunks(chunk).zip(ts.chunks(chunk)) {
        grads.as_mut_slice().fill(T::zero());
        let loss = net
            .sequence_backward(&mut state, x, t, trace, grads)
            // NOTE: every sequence was checked before training, and `trace` holds `chunk` steps.
            .map_err(|_| {
                StepError::Length(LengthError {
                    expected: x.len(),
                    found: t.len(),
                })
            })?;
        if !loss.is_finite() {
            return Err(NonFiniteError::Loss.into());
        }
        opt.step(net.params_mut(), grads.as_slice())?;
        total += loss * T::lit(x.len() as f64);
    }
    Ok(total / T::lit(xs.len() as f64))
}
