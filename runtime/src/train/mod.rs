//! The training loop: epochs over a dataset of (input, target) pairs, in full batches, minibatches
//! or one sample at a time, with any [`Optimizer`] and optionally a [`Scheduler`].
//!
//! ```ignore
//! // `Xor` from `network!` (see examples/03-optimizers.rs for the whole program).
//! let mut net = Xor::<f64>::random(&mut rng);
//! let mut opt = Adam::<f64, [f64; 9]>::new(AdamConfig { lr: 0.05, ..Default::default() })?;
//! let mut order = [0usize; 4]; // one slot per sample: the visiting order
//! let mut history = [0.0; 500]; // one slot per epoch: the mean loss
//! Trainer::new(Mode::MiniBatch(2), 500)?
//!     .shuffled(&mut rng)
//!     .run(&mut net, &mut opt, &data, &mut order, &mut history, |epoch, loss| {
//!         if epoch % 100 == 0 {
//!             println!("epoch {epoch}: loss {loss}");
//!         }
//!     })?;
//! ```
//!
//! # Modes
//! With n samples and batch size b, each epoch visits every sample once, in `order`:
//! - [`Mode::FullBatch`] — the seed's batch gradient descent: one step per epoch, on the mean
//!   gradient of all n samples, all taken at the same point (b = n).
//! - [`Mode::MiniBatch(b)`](Mode::MiniBatch) — minibatch SGD (Goodfellow et al., Algorithm 8.1):
//!   ⌈n/b⌉ steps per epoch, each on ĝ = (1/m)·Σ ∇L over the batch's m samples (m = b except
//!   perhaps for the last batch, which is smaller; PyTorch's `DataLoader` with
//!   `drop_last=False`).
//! - [`Mode::PerSample`] — the seed's "cycle rule": n steps per epoch, one per sample, each on
//!   that sample's gradient at the parameters left by the previous one (b = 1).
//!
//! # Batched
//! [`Trainer::run_batched`] runs the same epochs with each step's samples gathered into one
//! block (one sample per column) and the gradient computed by the network's batched methods
//! ([`crate::batch`]): matrix-matrix products instead of one sample at a time. Same order,
//! steps and history; the gradients agree up to rounding.
//!
//! # Shuffling
//! Without [`Trainer::shuffled`] the samples are visited in dataset order. With it, the order is
//! reshuffled at the start of every epoch with a Fisher–Yates shuffle driven by the given
//! `rand_core::Rng` (unbiased: bounded integers by Lemire's multiply-and-reject), so a seeded
//! generator gives the same training run every time. The permutation lives in a caller-provided
//! `order` slice (one `usize` per sample): no heap.
//!
//! # The loss history
//! `history[e]` receives epoch e's mean loss: the mean, over all samples, of each sample's loss
//! at the parameters its gradient was taken at (before the step it contributes to), as a
//! PyTorch loop that averages `loss.item()` over an epoch reports it. The progress callback
//! gets the same number, with the 0-based epoch index.
//!
//! # Hooks
//! [`Trainer::run_with`] (and [`run_batched_with`](Trainer::run_batched_with),
//! [`run_vec_with`](Trainer::run_vec_with)) call [`Hook`]s after every optimizer step and every
//! epoch with the network in hand, the epoch, step, learning rate, loss and elapsed time; a hook
//! may stop training. Several hooks run as a tuple, in order. Ready-made ones: [`Validation`]
//! (the loss on a held-out set, for the hooks after it), [`EarlyStopping`] (patience,
//! `min_delta`, best weights restored), [`Checkpoint`] (atomic weight files every k epochs and
//! on a new best; `std`), [`OnMetric`] (`ReduceLROnPlateau` on the validation loss), and
//! [`on_epoch`] / [`on_step`] for closures, [`Progress`] (a bar with the `progress` feature on a
//! terminal, else plain [`ProgressLine`]s; `std`).
//!
//! ```ignore
//! let mut plateau = ReduceLROnPlateau::new(&mut opt, PlateauConfig::default())?;
//! let mut stop = EarlyStopping::new(EarlyStoppingConfig { patience: 10, ..Default::default() })?;
//! let outcome = Trainer::new(Mode::MiniBatch(32), 1000)?.shuffled(&mut rng).run_with(
//!     &mut net, &mut opt, &train, &mut order, &mut history,
//!     (Validation::new(&val), &mut stop, OnMetric(&mut plateau), Checkpoint::new("best.weights")),
//! )?;
//! // `net` now holds the parameters of the epoch with the lowest validation loss.
//! ```
//!
//! # Sequence networks
//! [`Trainer::run_sequences`] trains a sequence network (GRU, LSTM, Conv1D) by truncated
//! backpropagation through time, in batches of sequences set by the same [`Mode`]: b sequences
//! walk through chunks side by side, each with its own state, one optimizer step (and one
//! [`StepEnd`]) per chunk on the mean loss over the batch and the chunk's steps (PyTorch's mean
//! over batch and time). [`SequenceValidation`] is its [`Validation`]: the mean loss on
//! held-out sequences, the state reset per sequence ([`mean_sequence_loss`]). The same hooks
//! watch it. [`Trainer::run_sequences`] gives the exact weighting.
//!
//! Elapsed time comes from `std::time::Instant` with `std`; without it, from the clock given to
//! [`Trainer::clock`] (a timer peripheral), or it is `None`.
//!
//! # Guarantees
//! - No allocation in [`Trainer::run`] or [`Trainer::run_with`] with allocation-free hooks
//!   ([`Validation`], [`OnMetric`], [`EarlyStopping`] with a borrowed store, closures that do
//!   not allocate) (the gradient buffer is one `N::Gradients` on the
//!   stack; [`Trainer::run_vec`], with `alloc`, allocates the order and history once).
//! - A batch whose loss or gradient is not finite, or whose update would be, is refused: the
//!   network and the optimizer stay as they were before that batch, and [`TrainError::Step`]
//!   says where it happened. Epochs completed before it are in `history`.

use core::fmt;
use core::time::Duration;

use rand_core::Rng;

use crate::batch::{BatchError, BatchTrainable};
use crate::error::{ConfigError, LengthError, NonFiniteError, check};
#[cfg(doc)]
use crate::optim::FiniteGrads;
use crate::optim::{Optimizer, StepError};
use crate::sched::Scheduler;
use crate::{Flat, Scalar, Trainable};

#[cfg(feature = "std")]
mod checkpoint;
mod early_stopping;
mod hooks;
#[cfg(feature = "alloc")]
mod lbfgs;
mod progress;
mod sequences;

#[cfg(feature = "std")]
pub use checkpoint::{Checkpoint, save_weights_atomic};
pub use early_stopping::{BestStore, EarlyStopping, EarlyStoppingConfig};
pub use hooks::{
    EpochEnd, Hook, HookError, OnEpoch, OnMetric, OnStep, StepEnd, Validation, on_epoch, on_step,
};
#[cfg(feature = "std")]
pub use progress::Progress;
pub use progress::{ProgressLine, eta};
pub use sequences::{SequenceValidation, mean_sequence_loss};

/// How many samples each optimizer step averages over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// All samples: one step per epoch (batch gradient descent).
    FullBatch,
    /// Batches of this many samples (the last one may be smaller): minibatch SGD.
    MiniBatch(usize),
    /// One sample per step, in order: the seed's cycle rule.
    PerSample,
}

/// When a [`Trainer`]'s scheduler steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Every {
    /// After every epoch, with the epoch's mean loss as the metric
    /// ([`Scheduler::step_with_metric`]); PyTorch's usual `scheduler.step()` per epoch.
    Epoch,
    /// After every optimizer step ([`Scheduler::step`]), e.g. for `OneCycleLR`.
    Step,
}

/// Why training stopped early.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrainError {
    /// A step was refused; the network and optimizer are as they were before it.
    Step {
        /// The epoch (0-based).
        epoch: usize,
        /// The batch within the epoch (0-based).
        batch: usize,
        /// Why it was refused.
        error: StepError,
    },
    /// `order` does not have one slot per sample, or `history` has fewer slots than epochs.
    Buffer(LengthError),
    /// The dataset is empty.
    EmptyDataset,
    /// The trainer's settings are invalid ([`Mode::MiniBatch`] with a batch size of 0, named
    /// `batch_size`); refused by [`Trainer::new`], and by a run if the public `mode` was
    /// changed since.
    Config(ConfigError),
    /// A sequence of [`Trainer::run_sequences`]'s data is empty or its targets differ in
    /// length from its inputs.
    Sequence {
        /// The sequence's index in the data.
        sequence: usize,
        /// What is wrong with it.
        error: crate::sequence::SequenceError,
    },
    /// A [`Hook`] failed (a bad buffer, an empty validation set, a checkpoint not written).
    Hook {
        /// The epoch (0-based) the hook failed at (0 for a failure before training).
        epoch: usize,
        /// What failed.
        error: HookError,
    },
}

impl fmt::Display for TrainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrainError::Step {
                epoch,
                batch,
                error,
            } => write!(f, "epoch {epoch}, batch {batch}: {error}"),
            TrainError::Buffer(e) => write!(f, "training buffer: {e}"),
            TrainError::EmptyDataset => write!(f, "the dataset is empty"),
            TrainError::Config(e) => write!(f, "trainer: {e}"),
            TrainError::Sequence { sequence, error } => write!(f, "sequence {sequence}: {error}"),
            TrainError::Hook { epoch, error } => write!(f, "epoch {epoch}: {error}"),
        }
    }
}

impl core::error::Error for TrainError {}

impl From<ConfigError> for TrainError {
    fn from(e: ConfigError) -> Self {
        TrainError::Config(e)
    }
}

impl Mode {
    /// Checks the mode: a [`Mode::MiniBatch`] size must be at least 1 (else a [`ConfigError`]
    /// naming `batch_size`).
    pub fn validate(&self) -> Result<(), ConfigError> {
        match *self {
            Mode::MiniBatch(b) => check::count("batch_size", b),
            Mode::FullBatch | Mode::PerSample => Ok(()),
        }
    }
}

/// The order in which an epoch visits the samples.
pub trait Shuffle {
    /// Reorders `order` (a permutation of `0..n`) for the next epoch.
    fn shuffle(&mut self, order: &mut [usize]);
}

/// Dataset order, every epoch (the default).
#[derive(Clone, Copy, Debug, Default)]
pub struct InOrder;

impl Shuffle for InOrder {
    #[inline]
    fn shuffle(&mut self, _order: &mut [usize]) {}
}

/// A fresh uniformly random order each epoch, from a borrowed generator.
#[derive(Debug)]
pub struct Shuffled<'r, R: ?Sized>(pub &'r mut R);

impl<R: Rng + ?Sized> Shuffle for Shuffled<'_, R> {
    fn shuffle(&mut self, order: &mut [usize]) {
        shuffle(order, self.0);
    }
}

/// Fisher–Yates: a uniformly random permutation of `values` from `rng`.
pub fn shuffle<X, R: Rng + ?Sized>(values: &mut [X], rng: &mut R) {
    for i in (1..values.len()).rev() {
        let j = below(rng, i as u64 + 1) as usize;
        values.swap(i, j);
    }
}

/// A uniform integer in `0..n` (n ≥ 1), without modulo bias (Lemire, "Fast Random Integer
/// Generation in an Interval", 2019).
fn below<R: Rng + ?Sized>(rng: &mut R, n: u64) -> u64 {
    let mut m = u128::from(rng.next_u64()) * u128::from(n);
    if (m as u64) < n {
        let threshold = n.wrapping_neg() % n;
        while (m as u64) < threshold {
            m = u128::from(rng.next_u64()) * u128::from(n);
        }
    }
    (m >> 64) as u64
}

/// What a [`Trainer`] does with a scheduler.
pub trait SchedulerHook {
    /// Called after every successful optimizer step.
    fn after_step<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O);
    /// Called after every epoch, with the epoch's mean loss.
    fn after_epoch<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O, loss: f64);
}

/// No scheduler (the default): the learning rate stays as the optimizer has it.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoScheduler;

impl SchedulerHook for NoScheduler {
    #[inline]
    fn after_step<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, _opt: &mut O) {}
    #[inline]
    fn after_epoch<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, _opt: &mut O, _loss: f64) {}
}

/// A borrowed [`Scheduler`], stepped per epoch or per optimizer step.
#[derive(Debug)]
pub struct Scheduled<'s, S: ?Sized> {
    scheduler: &'s mut S,
    every: Every,
}

impl<S: Scheduler + ?Sized> SchedulerHook for Scheduled<'_, S> {
    #[inline]
    fn after_step<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O) {
        if self.every == Every::Step {
            self.scheduler.step(opt);
        }
    }
    #[inline]
    fn after_epoch<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O, loss: f64) {
        if self.every == Every::Epoch {
            self.scheduler.step_with_metric(opt, loss);
        }
    }
}

/// Where elapsed time comes from: `std::time::Instant` with `std`, a caller's clock
/// ([`Trainer::clock`]), or nothing (without `std`, [`StepEnd::elapsed`] and
/// [`EpochEnd::elapsed`] are then `None`).
#[derive(Debug)]
pub(crate) enum Clock {
    /// No clock.
    #[cfg_attr(feature = "std", allow(dead_code))]
    None,
    /// A caller's monotonic clock and its reading at the start.
    Fn(fn() -> Duration, Duration),
    /// The standard library's.
    #[cfg(feature = "std")]
    Instant(std::time::Instant),
}

impl Clock {
    fn start(clock: Option<fn() -> Duration>) -> Clock {
        match clock {
            Some(now) => Clock::Fn(now, now()),
            #[cfg(feature = "std")]
            None => Clock::Instant(std::time::Instant::now()),
            #[cfg(not(feature = "std"))]
            None => Clock::None,
        }
    }

    /// Time since the start (saturating at 0 if a caller's clock went backwards).
    pub(crate) fn elapsed(&self) -> Option<Duration> {
        match self {
            Clock::None => None,
            Clock::Fn(now, start) => Some(now().saturating_sub(*start)),
            #[cfg(feature = "std")]
            Clock::Instant(start) => Some(start.elapsed()),
        }
    }
}

/// How a run with hooks ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Epochs completed (each has its entry in the history).
    pub epochs: usize,
    /// Whether a hook stopped training before the planned epochs.
    pub stopped: bool,
}

/// A training plan: mode, epochs, order, scheduler. Build it with [`Trainer::new`], then
/// [`run`](Trainer::run) it on a network, an optimizer and a dataset.
#[derive(Debug)]
pub struct Trainer<Sh = InOrder, Sc = NoScheduler> {
    /// How many samples each step averages over.
    pub mode: Mode,
    /// How many passes over the dataset.
    pub epochs: usize,
    shuffler: Sh,
    scheduler: Sc,
    clock: Option<fn() -> Duration>,
}

impl Trainer {
    /// `epochs` passes over the data in `mode`, in dataset order, without a scheduler.
    ///
    /// # Errors
    /// A [`ConfigError`] naming `batch_size` for [`Mode::MiniBatch`]`(0)`.
    pub fn new(mode: Mode, epochs: usize) -> Result<Self, ConfigError> {
        mode.validate()?;
        Ok(Trainer {
            mode,
            epochs,
            shuffler: InOrder,
            scheduler: NoScheduler,
            clock: None,
        })
    }
}

impl<Sh: Shuffle, Sc: SchedulerHook> Trainer<Sh, Sc> {
    /// Reshuffles the samples every epoch with `rng`.
    pub fn shuffled<R: Rng + ?Sized>(self, rng: &mut R) -> Trainer<Shuffled<'_, R>, Sc> {
        Trainer {
            mode: self.mode,
            epochs: self.epochs,
            shuffler: Shuffled(rng),
            scheduler: self.scheduler,
            clock: self.clock,
        }
    }

    /// Steps `scheduler` after every epoch or after every optimizer step.
    pub fn scheduler<S: Scheduler + ?Sized>(
        self,
        scheduler: &mut S,
        every: Every,
    ) -> Trainer<Sh, Scheduled<'_, S>> {
        Trainer {
            mode: self.mode,
            epochs: self.epochs,
            shuffler: self.shuffler,
            scheduler: Scheduled { scheduler, every },
            clock: self.clock,
        }
    }

    /// Measures the elapsed time the hooks see with `now`, a monotonic clock (a timer
    /// peripheral without `std`); by default `std::time::Instant` with `std`, none without.
    pub fn clock(self, now: fn() -> Duration) -> Self {
        Trainer {
            clock: Some(now),
            ..self
        }
    }

    /// Trains `net` with `opt` on `data` for `self.epochs` epochs.
    ///
    /// `order` must have one slot per sample (it holds the visiting order; its contents are
    /// overwritten) and `history` at least one slot per epoch (it receives each epoch's mean
    /// loss). `progress(epoch, loss)` is called after every epoch. Allocates nothing.
    pub fn run<T, N, O, F>(
        &mut self,
        net: &mut N,
        opt: &mut O,
        data: &[(N::Input, N::Target)],
        order: &mut [usize],
        history: &mut [T],
        progress: F,
    ) -> Result<(), TrainError>
    where
        T: Scalar,
        N: Trainable<T>,
        O: Optimizer<T> + ?Sized,
        F: FnMut(usize, T),
    {
        self.run_with(net, opt, data, order, history, hooks::ProgressFn(progress))
            .map(|_| ())
    }

    /// [`run`](Trainer::run) with [`Hook`]s: after every step and every epoch they get the
    /// network, the epoch, step, learning rate, loss and elapsed time, and may stop training
    /// (see [`hooks`](Hook)). Several hooks run as a tuple, in order, e.g.
    /// `(Validation::new(&val), EarlyStopping::new(cfg)?, OnMetric(&mut plateau))`; `()` is no
    /// hook. Returns how many epochs ran and whether a hook stopped training; the history has
    /// an entry for each epoch that ran.
    ///
    /// Allocates nothing itself (nor do [`Validation`], [`OnMetric`] and an [`EarlyStopping`]
    /// with a borrowed store).
    ///
    /// # Errors
    /// Those of [`run`](Trainer::run), and [`TrainError::Hook`] when a hook fails.
    pub fn run_with<T, N, O, H>(
        &mut self,
        net: &mut N,
        opt: &mut O,
        data: &[(N::Input, N::Target)],
        order: &mut [usize],
        history: &mut [T],
        mut hooks: H,
    ) -> Result<Outcome, TrainError>
    where
        T: Scalar,
        N: Trainable<T>,
        O: Optimizer<T> + ?Sized,
        H: Hook<T, N>,
    {
        let mut grads = N::Gradients::zeros();
        self.epochs_loop(
            net,
            opt,
            data.len(),
            order,
            history,
            &mut hooks,
            |net, opt, chunk| batch_step(net, opt, data, chunk, &mut grads),
        )
    }

    /// [`run`](Trainer::run) through the batched path: each step gathers its samples into one
    /// block (one sample per column) and computes the batch's gradient with matrix-matrix
    /// products ([`BatchTrainable::backward_batch_into`]). Same modes, order, scheduling, loss
    /// history and all-or-nothing steps as `run`; the gradients agree up to rounding (the sums
    /// are ordered differently).
    ///
    /// `scratch` holds the gathered block and the network's intermediate blocks: at least
    /// [`batched_scratch_len::<T, N>(b)`](batched_scratch_len) values for the mode's batch size
    /// b (n for [`Mode::FullBatch`], 1 for [`Mode::PerSample`]), or
    /// [`TrainError::Buffer`] is returned. Allocates nothing.
    #[allow(clippy::too_many_arguments)]
    pub fn run_batched<T, N, O, F>(
        &mut self,
        net: &mut N,
        opt: &mut O,
        data: &[(N::Input, N::Target)],
        order: &mut [usize],
        history: &mut [T],
        scratch: &mut [T],
        progress: F,
    ) -> Result<(), TrainError>
    where
        T: Scalar,
        N: BatchTrainable<T>,
        N::Input: AsRef<[T]>,
        N::Target: AsRef<[T]>,
        O: Optimizer<T> + ?Sized,
        F: FnMut(usize, T),
    {
        self.run_batched_with(
            net,
            opt,
            data,
            order,
            history,
            scratch,
            hooks::ProgressFn(progress),
        )
        .map(|_| ())
    }

    /// [`run_batched`](Trainer::run_batched) with [`Hook`]s, as [`run_with`](Trainer::run_with).
    ///
    /// # Errors
    /// Those of [`run_batched`](Trainer::run_batched), and [`TrainError::Hook`].
    #[allow(clippy::too_many_arguments)]
    pub fn run_batched_with<T, N, O, H>(
        &mut self,
        net: &mut N,
        opt: &mut O,
        data: &[(N::Input, N::Target)],
        order: &mut [usize],
        history: &mut [T],
        scratch: &mut [T],
        mut hooks: H,
    ) -> Result<Outcome, TrainError>
    where
        T: Scalar,
        N: BatchTrainable<T>,
        N::Input: AsRef<[T]>,
        N::Target: AsRef<[T]>,
        O: Optimizer<T> + ?Sized,
        H: Hook<T, N>,
    {
        let batch = self.batch_size(data.len())?;
        let needed = batched_scratch_len::<T, N>(batch);
        if scratch.len() < needed {
            return Err(TrainError::Buffer(LengthError {
                expected: needed,
                found: scratch.len(),
            }));
        }
        let mut grads = N::Gradients::zeros();
        self.epochs_loop(
            net,
            opt,
            data.len(),
            order,
            history,
            &mut hooks,
            |net, opt, chunk| batched_step(net, opt, data, chunk, &mut grads, scratch),
        )
    }

    /// An epoch's end, the same in every loop: its loss into the history `slot`, the epoch
    /// scheduler, the count of epochs run, then the hooks (which may set the validation loss).
    /// `Ok(true)` when a hook stopped training.
    fn end_epoch<T, N, O, H>(
        &mut self,
        net: &mut N,
        opt: &mut O,
        hooks: &mut H,
        mut end: EpochEnd<T>,
        slot: &mut T,
        outcome: &mut Outcome,
    ) -> Result<bool, TrainError>
    where
        T: Scalar,
        O: Optimizer<T> + ?Sized,
        H: Hook<T, N>,
    {
        *slot = end.loss;
        self.scheduler.after_epoch(opt, end.loss.to_f64());
        outcome.epochs = end.epoch + 1;
        let epoch = end.epoch;
        let flow = hooks
            .on_epoch_end(net, opt, &mut end)
            .map_err(|error| TrainError::Hook { epoch, error })?;
        let stop = flow.is_break();
        if stop {
            outcome.stopped = outcome.epochs < self.epochs;
        }
        Ok(stop)
    }

    /// The batch size of this trainer's mode for `n` samples.
    fn batch_size(&self, n: usize) -> Result<usize, TrainError> {
        self.mode.validate()?;
        match self.mode {
            _ if n == 0 => Err(TrainError::EmptyDataset),
            Mode::FullBatch => Ok(n),
            Mode::MiniBatch(b) => Ok(b.min(n)),
            Mode::PerSample => Ok(1),
        }
    }

    /// The epochs: shuffle, one `step` per chunk of `order`, scheduler, history, hooks.
    #[allow(clippy::too_many_arguments)]
    fn epochs_loop<T, N, O, H, S>(
        &mut self,
        net: &mut N,
        opt: &mut O,
        n: usize,
        order: &mut [usize],
        history: &mut [T],
        hooks: &mut H,
        mut step: S,
    ) -> Result<Outcome, TrainError>
    where
        T: Scalar,
        O: Optimizer<T> + ?Sized,
        H: Hook<T, N>,
        S: FnMut(&mut N, &mut O, &[usize]) -> Result<T, StepError>,
    {
        let batch = self.batch_size(n)?;
        if order.len() != n {
            return Err(TrainError::Buffer(LengthError {
                expected: n,
                found: order.len(),
            }));
        }
        if history.len() < self.epochs {
            return Err(TrainError::Buffer(LengthError {
                expected: self.epochs,
                found: history.len(),
            }));
        }
        for (i, o) in order.iter_mut().enumerate() {
            *o = i;
        }
        hooks
            .on_train_begin(net, self.epochs)
            .map_err(|error| TrainError::Hook { epoch: 0, error })?;
        let clock = Clock::start(self.clock);
        let inv_n = T::one() / T::lit(n as f64);
        let mut steps = 0;
        let mut outcome = Outcome {
            epochs: 0,
            stopped: false,
        };
        'epochs: for (epoch, slot) in history[..self.epochs].iter_mut().enumerate() {
            self.shuffler.shuffle(order);
            let mut total = T::zero();
            let mut lr = opt.learning_rate();
            for (b, chunk) in order.chunks(batch).enumerate() {
                lr = opt.learning_rate();
                let loss = step(net, opt, chunk).map_err(|error| TrainError::Step {
                    epoch,
                    batch: b,
                    error,
                })?;
                total += loss;
                steps += 1;
                self.scheduler.after_step(opt);
                let info = StepEnd {
                    epoch,
                    batch: b,
                    step: steps,
                    lr,
                    loss: loss / T::lit(chunk.len() as f64),
                    clock: &clock,
                };
                if hooks.on_step_end(net, &info).is_break() {
                    outcome.stopped = true;
                    break 'epochs;
                }
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
            if self.end_epoch(net, opt, hooks, end, slot, &mut outcome)? {
                break;
            }
        }
        hooks.on_train_end(net).map_err(|error| TrainError::Hook {
            epoch: outcome.epochs.saturating_sub(1),
            error,
        })?;
        Ok(outcome)
    }

    /// [`run`](Trainer::run), allocating the order and the history: returns one mean loss per
    /// epoch.
    #[cfg(feature = "alloc")]
    pub fn run_vec<T, N, O, F>(
        &mut self,
        net: &mut N,
        opt: &mut O,
        data: &[(N::Input, N::Target)],
        progress: F,
    ) -> Result<alloc::vec::Vec<T>, TrainError>
    where
        T: Scalar,
        N: Trainable<T>,
        O: Optimizer<T> + ?Sized,
        F: FnMut(usize, T),
    {
        self.run_vec_with(net, opt, data, hooks::ProgressFn(progress))
    }

    /// [`run_with`](Trainer::run_with), allocating the order and the history: returns one mean
    /// loss per epoch that ran (fewer than planned when a hook stopped training).
    ///
    /// # Errors
    /// Those of [`run_with`](Trainer::run_with).
    #[cfg(feature = "alloc")]
    pub fn run_vec_with<T, N, O, H>(
        &mut self,
        net: &mut N,
        opt: &mut O,
        data: &[(N::Input, N::Target)],
        hooks: H,
    ) -> Result<alloc::vec::Vec<T>, TrainError>
    where
        T: Scalar,
        N: Trainable<T>,
        O: Optimizer<T> + ?Sized,
        H: Hook<T, N>,
    {
        let mut order = alloc::vec![0; data.len()];
        let mut history = alloc::vec![T::zero(); self.epochs];
        let outcome = self.run_with(net, opt, data, &mut order, &mut history, hooks)?;
        history.truncate(outcome.epochs);
        Ok(history)
    }
}

/// One optimizer step on the mean gradient of the samples `chunk` indexes. Returns the sum of
/// their losses. On error nothing has changed.
fn batch_step<T, N, O>(
    net: &mut N,
    opt: &mut O,
    data: &[(N::Input, N::Target)],
    chunk: &[usize],
    grads: &mut N::Gradients,
) -> Result<T, StepError>
where
    T: Scalar,
    N: Trainable<T>,
    O: Optimizer<T> + ?Sized,
{
    grads.as_mut_slice().fill(T::zero());
    let mut loss = T::zero();
    for &i in chunk {
        let (x, t) = &data[i];
        loss += net.backward_into(x, t, grads);
    }
    if !loss.is_finite() {
        return Err(NonFiniteError::Loss.into());
    }
    step_on_mean(net, opt, grads, chunk.len())?;
    Ok(loss)
}

/// The optimizer step on the mean of the summed gradient of `m` samples in `grads`. Above one
/// sample, [`Optimizer::step_scaled`] by 1/m: the pass that divides by m also checks every
/// entry (on a dozen parameters it is the step's own pass; on more it also checks the
/// parameters and takes max |g| for the step's bound proof, so that the step has no
/// pre-pass); all or nothing as `step`, with the errors of [`FiniteGrads::scale`] then
/// [`Optimizer::step_finite`] ([`NonFiniteError::Gradient`] at the first non-finite entry,
/// …), nothing changed.
fn step_on_mean<T, N, O>(
    net: &mut N,
    opt: &mut O,
    grads: &mut N::Gradients,
    m: usize,
) -> Result<(), StepError>
where
    T: Scalar,
    N: Trainable<T>,
    O: Optimizer<T> + ?Sized,
{
    if m > 1 {
        let inv = T::one() / T::lit(m as f64);
        opt.step_scaled(net.params_mut(), grads.as_mut_slice(), inv)
    } else {
        opt.step(net.params_mut(), grads.as_slice())
    }
}

/// The scratch length [`Trainer::run_batched`] needs for batches of `batch` samples: the
/// gathered inputs and targets, then the network's own batch scratch.
///
/// Saturating, like the network's `batch_scratch_len`: a batch whose scratch cannot be counted
/// in a `usize` gives `usize::MAX`, a length no slice reaches, so `run_batched` refuses it with
/// [`TrainError::Buffer`]. Never panics.
pub fn batched_scratch_len<T: Scalar, N: BatchTrainable<T>>(batch: usize) -> usize {
    (N::INPUTS + N::OUTPUTS)
        .saturating_mul(batch)
        .saturating_add(N::batch_scratch_len(batch))
}

/// One optimizer step on the mean gradient of the samples `chunk` indexes, through the batched
/// path. Returns the sum of their losses. On error nothing has changed.
fn batched_step<T, N, O>(
    net: &mut N,
    opt: &mut O,
    data: &[(N::Input, N::Target)],
    chunk: &[usize],
    grads: &mut N::Gradients,
    scratch: &mut [T],
) -> Result<T, StepError>
where
    T: Scalar,
    N: BatchTrainable<T>,
    N::Input: AsRef<[T]>,
    N::Target: AsRef<[T]>,
    O: Optimizer<T> + ?Sized,
{
    use nalgebra::{DimName, Dyn, MatrixView};
    let m = chunk.len();
    let (xs, rest) = scratch.split_at_mut(N::INPUTS * m);
    let (ts, rest) = rest.split_at_mut(N::OUTPUTS * m);
    for (s, &i) in chunk.iter().enumerate() {
        let (x, t) = &data[i];
        xs[s * N::INPUTS..(s + 1) * N::INPUTS].copy_from_slice(x.as_ref());
        ts[s * N::OUTPUTS..(s + 1) * N::OUTPUTS].copy_from_slice(t.as_ref());
    }
    let x = MatrixView::from_slice_generic(&*xs, N::InputDim::name(), Dyn(m));
    let t = MatrixView::from_slice_generic(&*ts, N::OutputDim::name(), Dyn(m));
    let rest_len = rest.len();
    let loss = net
        .gradient_batch(&x, &t, grads, rest)
        .map_err(|e| match e {
            BatchError::NonFinite(e) => StepError::NonFinite(e),
            // NOTE: the scratch length was checked before the first epoch and the blocks are
            // built with matching columns, so this arm is not reached.
            _ => StepError::Length(LengthError {
                expected: N::batch_scratch_len(m),
                found: rest_len,
            }),
        })?;
    if !loss.is_finite() {
        return Err(NonFiniteError::Loss.into());
    }
    step_on_mean(net, opt, grads, m)?;
    Ok(loss)
}

/// The mean loss of `net` over `data` (no update).
///
/// An empty data set has no mean loss: [`TrainError::EmptyDataset`] (not the NaN of 0/0).
pub fn mean_loss<T: Scalar, N: Trainable<T>>(
    net: &N,
    data: &[(N::Input, N::Target)],
) -> Result<T, TrainError> {
    if data.is_empty() {
        return Err(TrainError::EmptyDataset);
    }
    let mut total = T::zero();
    for (x, t) in data {
        total += net.loss(x, t);
    }
    Ok(total / T::lit(data.len() as f64))
}
