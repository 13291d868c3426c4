//! Training a sequence network ([`RecurrentTrainable`]) on (input sequence, target sequence)
//! pairs by truncated backpropagation through time, one sequence or a minibatch of sequences at
//! a time ([`Trainer::run_sequences`]), and its loss on held-out sequences
//! ([`mean_sequence_loss`], the [`SequenceValidation`] hook).

use core::ops::ControlFlow;

use super::hooks::{EpochEnd, Hook, HookError, ProgressFn, StepEnd};
use super::{Clock, Outcome, SchedulerHook, Shuffle, TrainError, Trainer};
use crate::Scalar;
use crate::error::{LengthError, NonFiniteError, check};
use crate::optim::{Optimizer, StepError};
use crate::sequence::{RecurrentTrainable, SequenceError};

impl<Sh: Shuffle, Sc: SchedulerHook> Trainer<Sh, Sc> {
    /// Trains the sequence network `net` with `opt` on `data`, pairs of an input sequence and
    /// its target sequence (any `AsRef<[…]>`: slices, arrays, `Vec`s), by truncated
    /// backpropagation through time in chunks of `chunk` steps, b sequences at a time: 1 for
    /// [`Mode::PerSample`](super::Mode::PerSample), b for
    /// [`Mode::MiniBatch(b)`](super::Mode::MiniBatch), all for
    /// [`Mode::FullBatch`](super::Mode::FullBatch). Every epoch visits the sequences in
    /// `order` (shuffled if the trainer is), b at a time, and each batch is what a PyTorch
    /// loop does with a (B, T, F) tensor and `h.detach()` every `chunk` steps:
    ///
    /// - every sequence of the batch starts from a zero state (its own, in the caller's
    ///   `states` buffer) and the batch walks through chunks of `chunk` steps (the last may be
    ///   shorter) in lockstep, each chunk one
    ///   [`sequence_backward`](RecurrentTrainable::sequence_backward) per sequence from the
    ///   state its previous chunk left;
    /// - chunk k is one optimizer step on the gradient of the chunk's loss
    ///   L_k = (Σ_b Σ_{t in chunk k of b} E(y_bt, t_bt)) / (Σ_b T_bk), the mean of the
    ///   per-step loss E over every (sequence, step) pair the chunk holds (T_bk of sequence b;
    ///   a sequence that has ended contributes nothing, PyTorch's masked mean). With equal
    ///   lengths L_k = (1/B) Σ_b L_bk, the mean over the batch of each sequence's chunk loss:
    ///   PyTorch's `MSELoss()` (mean over batch, time and features) on the (B, chunk, F)
    ///   outputs times F/2, since typenet's E for `MSE` is ½ Σⱼ (tⱼ − yⱼ)²;
    /// - no gradient crosses a chunk boundary (each sequence's state is carried, its backward
    ///   carries start at zero), so `chunk` ≥ the longest sequence is full BPTT, one step per
    ///   batch.
    ///
    /// The gradient is accumulated in one buffer: each sequence's `sequence_backward` adds
    /// ∇L_bk (the gradient of its chunk mean), weighted T_bk / c against a running reference
    /// length c (the sum is rescaled when a sequence's chunk is shorter), and one pass scales
    /// the sum by c / Σ_b T_bk (1/B with equal lengths) while checking that it is finite. A
    /// batch of one sequence takes the step on its gradient as it is: b = 1 is exactly the
    /// one-sequence-per-step training.
    ///
    /// Buffers, all the caller's (no heap: arrays work): `trace` of at least
    /// min(`chunk`, longest sequence) steps, shared by the batch's sequences one after the
    /// other; `states` of at least b states, one per sequence of a batch (their contents are
    /// overwritten); `order` with one slot per sequence; `history` with at least one per epoch.
    /// `history[e]` receives epoch e's mean over sequences of each sequence's mean step loss,
    /// each chunk's loss taken before its step (a batch counts as its sequences' total steps'
    /// mean loss times its number of sequences, which is the same when its sequences have
    /// equal lengths).
    ///
    /// Hooks see every optimizer step ([`StepEnd`] per chunk: `batch` is the batch's index in
    /// the epoch, `loss` the chunk's mean step loss L_k), and a scheduler stepped
    /// [`Every::Step`](super::Every::Step) steps with the optimizer, once per chunk (as
    /// PyTorch's `OneCycleLR` counts `optimizer.step()` calls). After every epoch they see
    /// [`EpochEnd`] with the epoch's history entry; [`SequenceValidation`] adds the loss on
    /// held-out sequences. Allocates nothing itself.
    ///
    /// # Errors
    /// Before training, nothing changed: [`TrainError::Config`] for `chunk == 0` or a
    /// [`Mode::MiniBatch`](super::Mode::MiniBatch) of 0 sequences, [`TrainError::EmptyDataset`],
    /// [`TrainError::Sequence`] for an empty sequence or one whose targets differ in length,
    /// [`TrainError::Buffer`] for a short `trace` or `states`, an `order` without one slot per
    /// sequence or a short `history`, and [`TrainError::Hook`] from a hook's
    /// [`on_train_begin`](Hook::on_train_begin). During training: [`TrainError::Step`]
    /// (`batch` is the batch's index in the epoch's order) when a chunk's loss or gradient is
    /// not finite (NaN or infinite data, a diverging run) or the optimizer refuses the step;
    /// that chunk changed nothing, the chunks before it were applied. And
    /// [`TrainError::Hook`].
    #[allow(clippy::too_many_arguments)]
    pub fn run_sequences<T, N, O, X, Y, H>(
        &mut self,
        net: &mut N,
        opt: &mut O,
        data: &[(X, Y)],
        chunk: usize,
        trace: &mut [N::Trace],
        states: &mut [N::State],
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
        let batch = self.batch_size(data.len())?;
        let longest = check_sequences(data)?;
        let trace = trace_for(trace, chunk, longest)?;
        let states = buffer(states, batch)?;
        if order.len() != data.len() {
            return Err(TrainError::Buffer(LengthError {
                expected: data.len(),
                found: order.len(),
            }));
        }
        let history = buffer(history, self.epochs)?;
        for (i, o) in order.iter_mut().enumerate() {
            *o = i;
        }
        hooks
            .on_train_begin(net, self.epochs)
            .map_err(|error| TrainError::Hook { epoch: 0, error })?;
        let clock = Clock::start(self.clock);
        let inv_n = T::one() / T::lit(data.len() as f64);
        let mut grads = N::zeros();
        let mut steps = 0;
        let mut outcome = Outcome {
            epochs: 0,
            stopped: false,
        };
        'epochs: for (epoch, slot) in history.iter_mut().enumerate() {
            self.shuffler.shuffle(order);
            let mut total = T::zero();
            let mut lr = opt.learning_rate();
            for (b, sequences) in order.chunks(batch).enumerate() {
                let states = &mut states[..sequences.len()];
                states.fill(N::State::default());
                let (mut sum, mut len, mut end) = (T::zero(), 0, 0);
                for &i in sequences {
                    let n = data[i].0.as_ref().len();
                    len += n;
                    end = end.max(n);
                }
                let mut start = 0;
                while start < end {
                    lr = opt.learning_rate();
                    let loss = chunk_step(
                        net, opt, data, sequences, states, start, chunk, trace, &mut grads,
                    )
                    .map_err(|error| TrainError::Step {
                        epoch,
                        batch: b,
                        error,
                    })?;
                    sum += loss.sum;
                    steps += 1;
                    self.scheduler.after_step(opt);
                    let info = StepEnd {
                        epoch,
                        batch: b,
                        step: steps,
                        lr,
                        loss: loss.mean,
                        clock: &clock,
                    };
                    if hooks.on_step_end(net, &info).is_break() {
                        outcome.stopped = true;
                        break 'epochs;
                    }
                    start = start.saturating_add(chunk);
                }
                total += sum / T::lit(len as f64) * T::lit(sequences.len() as f64);
            }
            let mean = total * inv_n;
            let end = EpochEnd {
                epoch,
                epochs: self.epochs,
                steps,
                lr,
                loss: mean,
                val_loss: None,
                elapsed: clock.elapsed(),
            };
            if self.end_epoch(net, opt, &mut hooks, end, slot, &mut outcome)? {
                break;
            }
        }
        hooks.on_train_end(net).map_err(|error| TrainError::Hook {
            epoch: outcome.epochs.saturating_sub(1),
            error,
        })?;
        Ok(outcome)
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
        states: &mut [N::State],
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
            states,
            order,
            history,
            ProgressFn(progress),
        )
        .map(|_| ())
    }
}

/// The first `len` slots of `buf`, or [`TrainError::Buffer`] if it is shorter.
fn buffer<X>(buf: &mut [X], len: usize) -> Result<&mut [X], TrainError> {
    let found = buf.len();
    buf.get_mut(..len).ok_or(TrainError::Buffer(LengthError {
        expected: len,
        found,
    }))
}

/// The part of `trace` one chunk needs: min(`chunk`, `longest`) steps.
fn trace_for<X>(trace: &mut [X], chunk: usize, longest: usize) -> Result<&mut [X], TrainError> {
    buffer(trace, chunk.min(longest))
}

/// Checks every sequence (non-empty, as many targets as inputs) and returns the longest
/// length; the first bad sequence is [`TrainError::Sequence`], an empty set
/// [`TrainError::EmptyDataset`].
fn check_sequences<I, O, X, Y>(data: &[(X, Y)]) -> Result<usize, TrainError>
where
    X: AsRef<[I]>,
    Y: AsRef<[O]>,
{
    if data.is_empty() {
        return Err(TrainError::EmptyDataset);
    }
    let mut longest = 0;
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
            longest = longest.max(x.len());
            continue;
        };
        return Err(TrainError::Sequence { sequence: i, error });
    }
    Ok(longest)
}

/// One chunk's losses: Σ_b T_bk·L_bk over its (sequence, step) pairs and the mean L_k.
struct ChunkLoss<T> {
    sum: T,
    mean: T,
}

/// One optimizer step on chunk `[start, start + chunk)` of the batch `sequences` (each
/// advancing its own state in `states`): BPTT per sequence into `grads`, weighted by its
/// number of steps in the chunk (see the module documentation), then the step on the mean.
/// On error the network and the optimizer are unchanged (the states are advanced).
#[allow(clippy::too_many_arguments)]
fn chunk_step<T, N, O, X, Y>(
    net: &mut N,
    opt: &mut O,
    data: &[(X, Y)],
    sequences: &[usize],
    states: &mut [N::State],
    start: usize,
    chunk: usize,
    trace: &mut [N::Trace],
    grads: &mut N,
) -> Result<ChunkLoss<T>, StepError>
where
    T: Scalar,
    N: RecurrentTrainable<T>,
    O: Optimizer<T> + ?Sized,
    X: AsRef<[N::Input]>,
    Y: AsRef<[N::Target]>,
{
    grads.as_mut_slice().fill(T::zero());
    // `grads` holds Σ_b (T_bk / reference)·∇L_bk over the sequences so far.
    let (mut reference, mut steps, mut count) = (0usize, 0usize, 0usize);
    let (mut sum, mut last) = (T::zero(), T::zero());
    for (state, &i) in states.iter_mut().zip(sequences) {
        let (xs, ts) = (data[i].0.as_ref(), data[i].1.as_ref());
        if start >= xs.len() {
            continue;
        }
        let end = start.saturating_add(chunk).min(xs.len());
        let len = end - start;
        if reference != 0 && len != reference {
            let s = T::lit(reference as f64) / T::lit(len as f64);
            for g in grads.as_mut_slice() {
                *g *= s;
            }
        }
        reference = len;
        let loss = net
            .sequence_backward(state, &xs[start..end], &ts[start..end], trace, grads)
            // NOTE: every sequence was checked before training and `trace` holds at least
            // min(chunk, longest) ≥ `len` steps, so this is not reached.
            .map_err(|_| {
                StepError::Length(LengthError {
                    expected: len,
                    found: trace.len(),
                })
            })?;
        if !loss.is_finite() {
            return Err(NonFiniteError::Loss.into());
        }
        sum += loss * T::lit(len as f64);
        steps += len;
        count += 1;
        last = loss;
    }
    if count == 1 {
        opt.step(net.params_mut(), grads.as_slice())?;
        return Ok(ChunkLoss { sum, mean: last });
    }
    let mean = sum / T::lit(steps as f64);
    if !mean.is_finite() {
        return Err(NonFiniteError::Loss.into());
    }
    let scale = T::lit(reference as f64) / T::lit(steps as f64);
    opt.step_scaled(net.params_mut(), grads.as_mut_slice(), scale)?;
    Ok(ChunkLoss { sum, mean })
}

/// The loss of the sequence network `net` on held-out sequences: each sequence from a zero
/// state, its loss L = (Σₜ E(yₜ, tₜ)) / T summed over all sequences' steps and divided by
/// their total number of steps (every step weighted equally; with equal lengths, the mean over
/// sequences of each one's mean step loss, PyTorch's mean over batch and time). No update.
///
/// Each sequence is one [`sequence_loss`](RecurrentTrainable::sequence_loss): the forward pass
/// only, so no trace buffer and no gradient. Allocates nothing.
///
/// # Errors
/// [`TrainError::EmptyDataset`] for no sequences, [`TrainError::Sequence`] for an empty one or
/// one whose targets differ in length. A NaN loss is returned as it is.
pub fn mean_sequence_loss<T, N, X, Y>(net: &N, data: &[(X, Y)]) -> Result<T, TrainError>
where
    T: Scalar,
    N: RecurrentTrainable<T>,
    X: AsRef<[N::Input]>,
    Y: AsRef<[N::Target]>,
{
    check_sequences(data)?;
    let (mut total, mut steps) = (T::zero(), 0usize);
    for (sequence, (xs, ts)) in data.iter().enumerate() {
        let (xs, ts) = (xs.as_ref(), ts.as_ref());
        let mut state = N::State::default();
        // NOTE: the sequences were checked above, so this error is not reached.
        let loss = net
            .sequence_loss(&mut state, xs, ts)
            .map_err(|error| TrainError::Sequence { sequence, error })?;
        total += loss * T::lit(xs.len() as f64);
        steps += xs.len();
    }
    Ok(total / T::lit(steps as f64))
}

/// The mean loss on held-out sequences after every epoch, [`mean_sequence_loss`] (the state
/// reset per sequence): the sequence-network counterpart of
/// [`Validation`](super::Validation). Sets [`EpochEnd::val_loss`] for the hooks after it
/// ([`EarlyStopping`](super::EarlyStopping), [`OnMetric`](super::OnMetric), checkpoints) and,
/// if given a history, records it there. Allocates nothing.
///
/// ```ignore
/// let validation = SequenceValidation::new(&held_out);
/// trainer.run_sequences(&mut net, &mut opt, &train, 128, &mut trace, &mut states,
///     &mut order, &mut history, (validation, &mut stop))?;
/// ```
pub struct SequenceValidation<'d, 'h, T, X, Y> {
    data: &'d [(X, Y)],
    history: Option<&'h mut [T]>,
}

impl<'d, 'h, T, X, Y> SequenceValidation<'d, 'h, T, X, Y> {
    /// Validation on the sequences `data` (checked when training begins).
    pub fn new(data: &'d [(X, Y)]) -> Self {
        SequenceValidation {
            data,
            history: None,
        }
    }

    /// Also writes epoch e's validation loss into `history[e]`; `history` needs one slot per
    /// epoch (checked when training begins).
    pub fn record(self, history: &'h mut [T]) -> Self {
        SequenceValidation {
            history: Some(history),
            ..self
        }
    }
}

impl<T, N, X, Y> Hook<T, N> for SequenceValidation<'_, '_, T, X, Y>
where
    T: Scalar,
    N: RecurrentTrainable<T>,
    X: AsRef<[N::Input]>,
    Y: AsRef<[N::Target]>,
{
    fn on_train_begin(&mut self, _net: &N, epochs: usize) -> Result<(), HookError> {
        check_sequences(self.data).map_err(|e| match e {
            TrainError::Sequence { sequence, error } => HookError::Sequence { sequence, error },
            _ => HookError::EmptyValidation,
        })?;
        match &self.history {
            Some(h) if h.len() < epochs => Err(HookError::Buffer(LengthError {
                expected: epochs,
                found: h.len(),
            })),
            _ => Ok(()),
        }
    }

    fn on_epoch_end<O: Optimizer<T> + ?Sized>(
        &mut self,
        net: &mut N,
        _opt: &mut O,
        epoch: &mut EpochEnd<T>,
    ) -> Result<ControlFlow<()>, HookError> {
        // NOTE: the data were checked when training began.
        let loss = mean_sequence_loss(&*net, self.data).map_err(|_| HookError::EmptyValidation)?;
        epoch.val_loss = Some(loss);
        if let Some(slot) = self
            .history
            .as_deref_mut()
            .and_then(|h| h.get_mut(epoch.epoch))
        {
            *slot = loss;
        }
        Ok(ControlFlow::Continue(()))
    }
}
