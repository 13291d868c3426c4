//! Hooks: the [`Hook`] trait, its tuples and the allocation-free ready-made hooks.

use core::marker::PhantomData;
use core::ops::ControlFlow;
use core::time::Duration;

use super::{Clock, mean_loss};
use crate::error::LengthError;
use crate::optim::Optimizer;
use crate::sched::Scheduler;
use crate::{Scalar, Trainable};

/// What a hook sees after every optimizer step.
#[derive(Debug)]
pub struct StepEnd<'c, T> {
    /// The epoch (0-based).
    pub epoch: usize,
    /// The batch within the epoch (0-based).
    pub batch: usize,
    /// Optimizer steps taken so far, over all epochs, this one included (1 after the first).
    pub step: usize,
    /// The learning rate this step was taken with.
    pub lr: T,
    /// The batch's mean loss, at the parameters before the step.
    pub loss: T,
    pub(super) clock: &'c Clock,
}

impl<T> StepEnd<'_, T> {
    /// Time since training started: `None` without a clock (without `std` and without
    /// [`Trainer::clock`](super::Trainer::clock)). Read on demand, so a hook that does not ask
    /// costs no clock reading.
    pub fn elapsed(&self) -> Option<Duration> {
        self.clock.elapsed()
    }
}

/// What a hook sees, and may add to, after every epoch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EpochEnd<T> {
    /// The epoch (0-based).
    pub epoch: usize,
    /// The planned number of epochs ([`Trainer::epochs`](super::Trainer::epochs)).
    pub epochs: usize,
    /// Optimizer steps taken so far, over all epochs.
    pub steps: usize,
    /// The learning rate of the epoch's last step (before an epoch scheduler's step).
    pub lr: T,
    /// The epoch's mean training loss (as in the history).
    pub loss: T,
    /// The validation loss, once a [`Validation`] hook (or your own) has set it.
    pub val_loss: Option<T>,
    /// Time since training started; `None` without a clock.
    pub elapsed: Option<Duration>,
}

impl<T: Scalar> EpochEnd<T> {
    /// The number the watching hooks compare: the validation loss when there is one, else the
    /// training loss (Keras's `monitor="val_loss"`, falling back to `"loss"`).
    pub fn monitored(&self) -> T {
        self.val_loss.unwrap_or(self.loss)
    }
}

/// Why a hook failed; the run returns it as [`TrainError::Hook`](super::TrainError::Hook).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HookError {
    /// A buffer given to a hook has the wrong length (a validation history shorter than the
    /// epochs, a best-weights buffer not of the network's size).
    Buffer(LengthError),
    /// The validation set is empty.
    EmptyValidation,
    /// A held-out sequence of a [`SequenceValidation`](super::SequenceValidation) is empty or
    /// its targets differ in length from its inputs.
    Sequence {
        /// The sequence's index in the validation data.
        sequence: usize,
        /// What is wrong with it.
        error: crate::sequence::SequenceError,
    },
    /// A hook's setting is invalid (a [`SequenceValidation`](super::SequenceValidation) chunk
    /// of 0 steps, named `chunk`).
    Config(crate::error::ConfigError),
    /// A checkpoint could not be written (feature `std`); the previous checkpoint file, if
    /// any, is intact.
    #[cfg(feature = "std")]
    Io(std::io::ErrorKind),
    /// A checkpoint could not be written because a parameter is not finite (the weight file
    /// has no place for it).
    NonFinite {
        /// Index into the flat parameters.
        index: usize,
    },
}

impl core::fmt::Display for HookError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            HookError::Buffer(e) => write!(f, "hook buffer: {e}"),
            HookError::EmptyValidation => write!(f, "the validation set is empty"),
            HookError::Sequence { sequence, error } => {
                write!(f, "validation sequence {sequence}: {error}")
            }
            HookError::Config(e) => write!(f, "hook: {e}"),
            #[cfg(feature = "std")]
            HookError::Io(kind) => write!(f, "checkpoint: {kind}"),
            HookError::NonFinite { index } => {
                write!(f, "checkpoint: parameter {index} is not finite")
            }
        }
    }
}

impl core::error::Error for HookError {}

/// Code the training loop calls after every step and every epoch, with the network in hand
/// (Keras's callbacks, the body of a PyTorch loop after `optimizer.step()`).
///
/// Every method has a default that does nothing, so a hook writes
/// only the ones it needs. Several hooks run as a tuple `(a, b, c)` (up to eight), in order: a
/// hook sees what the earlier ones wrote into [`EpochEnd`] (the [`Validation`] hook sets
/// [`EpochEnd::val_loss`], which [`EarlyStopping`](super::EarlyStopping), the checkpoints and
/// [`OnMetric`] then watch). `()` is no hook; `&mut H` is `H`, so a hook can be lent and
/// inspected after the run.
///
/// A hook stops training by returning [`ControlFlow::Break`]: from
/// [`on_epoch_end`](Hook::on_epoch_end) after that epoch, from
/// [`on_step_end`](Hook::on_step_end) right after that step (the unfinished epoch then has no
/// entry in the history and no epoch-end call). [`on_train_end`](Hook::on_train_end) runs in
/// both cases and when the epochs run out, not when a step is refused.
pub trait Hook<T: Scalar, N> {
    /// Before the first epoch, with the planned number of epochs: check buffers, take sizes.
    ///
    /// # Errors
    /// A [`HookError`] ends the run before anything is trained.
    fn on_train_begin(&mut self, net: &N, epochs: usize) -> Result<(), HookError> {
        let _ = (net, epochs);
        Ok(())
    }

    /// After every successful optimizer step. [`ControlFlow::Break`] stops training now.
    fn on_step_end(&mut self, net: &N, step: &StepEnd<'_, T>) -> ControlFlow<()> {
        let _ = (net, step);
        ControlFlow::Continue(())
    }

    /// After every epoch (its history entry written, the epoch scheduler stepped).
    /// [`ControlFlow::Break`] stops training after this epoch.
    ///
    /// # Errors
    /// A [`HookError`] ends the run (the epochs so far stay in the history).
    fn on_epoch_end<O: Optimizer<T> + ?Sized>(
        &mut self,
        net: &mut N,
        opt: &mut O,
        epoch: &mut EpochEnd<T>,
    ) -> Result<ControlFlow<()>, HookError> {
        let _ = (net, opt, epoch);
        Ok(ControlFlow::Continue(()))
    }

    /// After the last epoch, or after a stop request.
    ///
    /// # Errors
    /// A [`HookError`] is returned by the run.
    fn on_train_end(&mut self, net: &mut N) -> Result<(), HookError> {
        let _ = net;
        Ok(())
    }
}

/// No hook.
impl<T: Scalar, N> Hook<T, N> for () {}

impl<T: Scalar, N, H: Hook<T, N> + ?Sized> Hook<T, N> for &mut H {
    fn on_train_begin(&mut self, net: &N, epochs: usize) -> Result<(), HookError> {
        (**self).on_train_begin(net, epochs)
    }
    fn on_step_end(&mut self, net: &N, step: &StepEnd<'_, T>) -> ControlFlow<()> {
        (**self).on_step_end(net, step)
    }
    fn on_epoch_end<O: Optimizer<T> + ?Sized>(
        &mut self,
        net: &mut N,
        opt: &mut O,
        epoch: &mut EpochEnd<T>,
    ) -> Result<ControlFlow<()>, HookError> {
        (**self).on_epoch_end(net, opt, epoch)
    }
    fn on_train_end(&mut self, net: &mut N) -> Result<(), HookError> {
        (**self).on_train_end(net)
    }
}

/// Tuples run their hooks in order. A stop request from one still lets the later ones see
/// the step or epoch (so every hook observes every epoch that happened); an error ends the
/// call at once.
macro_rules! tuple_hook {
    ($($h:ident $i:tt),+) => {
        impl<T: Scalar, N, $($h: Hook<T, N>),+> Hook<T, N> for ($($h,)+) {
            fn on_train_begin(&mut self, net: &N, epochs: usize) -> Result<(), HookError> {
                $(self.$i.on_train_begin(net, epochs)?;)+
                Ok(())
            }
            fn on_step_end(&mut self, net: &N, step: &StepEnd<'_, T>) -> ControlFlow<()> {
                let mut stop = false;
                $(stop |= self.$i.on_step_end(net, step).is_break();)+
                if stop { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
            }
            fn on_epoch_end<O: Optimizer<T> + ?Sized>(
                &mut self,
                net: &mut N,
                opt: &mut O,
                epoch: &mut EpochEnd<T>,
            ) -> Result<ControlFlow<()>, HookError> {
                let mut stop = false;
                $(stop |= self.$i.on_epoch_end(net, opt, epoch)?.is_break();)+
                Ok(if stop { ControlFlow::Break(()) } else { ControlFlow::Continue(()) })
            }
            fn on_train_end(&mut self, net: &mut N) -> Result<(), HookError> {
                $(self.$i.on_train_end(net)?;)+
                Ok(())
            }
        }
    };
}

tuple_hook!(A 0);
tuple_hook!(A 0, B 1);
tuple_hook!(A 0, B 1, C 2);
tuple_hook!(A 0, B 1, C 2, D 3);
tuple_hook!(A 0, B 1, C 2, D 3, E 4);
tuple_hook!(A 0, B 1, C 2, D 3, E 4, F 5);
tuple_hook!(A 0, B 1, C 2, D 3, E 4, F 5, G 6);
tuple_hook!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);

/// A closure run after every epoch: `on_epoch(|net, e| { …; ControlFlow::Continue(()) })`.
pub struct OnEpoch<T, N, F> {
    f: F,
    _marker: PhantomData<fn(&mut N, &T)>,
}

/// A hook from a closure called after every epoch with the network and the [`EpochEnd`];
/// it stops training by returning [`ControlFlow::Break`].
pub fn on_epoch<T, N, F>(f: F) -> OnEpoch<T, N, F>
where
    T: Scalar,
    F: FnMut(&mut N, &EpochEnd<T>) -> ControlFlow<()>,
{
    OnEpoch {
        f,
        _marker: PhantomData,
    }
}

impl<T: Scalar, N, F: FnMut(&mut N, &EpochEnd<T>) -> ControlFlow<()>> Hook<T, N>
    for OnEpoch<T, N, F>
{
    fn on_epoch_end<O: Optimizer<T> + ?Sized>(
        &mut self,
        net: &mut N,
        _opt: &mut O,
        epoch: &mut EpochEnd<T>,
    ) -> Result<ControlFlow<()>, HookError> {
        Ok((self.f)(net, epoch))
    }
}

/// A closure run after every optimizer step: `on_step(|net, s| …)`.
pub struct OnStep<T, N, F> {
    f: F,
    _marker: PhantomData<fn(&N, &T)>,
}

/// A hook from a closure called after every optimizer step with the network and the
/// [`StepEnd`]; it stops training at once by returning [`ControlFlow::Break`].
pub fn on_step<T, N, F>(f: F) -> OnStep<T, N, F>
where
    T: Scalar,
    F: FnMut(&N, &StepEnd<'_, T>) -> ControlFlow<()>,
{
    OnStep {
        f,
        _marker: PhantomData,
    }
}

impl<T: Scalar, N, F: FnMut(&N, &StepEnd<'_, T>) -> ControlFlow<()>> Hook<T, N>
    for OnStep<T, N, F>
{
    fn on_step_end(&mut self, net: &N, step: &StepEnd<'_, T>) -> ControlFlow<()> {
        (self.f)(net, step)
    }
}

/// The `progress(epoch, loss)` closure of [`Trainer::run`](super::Trainer::run) as a hook.
pub(super) struct ProgressFn<F>(pub(super) F);

impl<T: Scalar, N, F: FnMut(usize, T)> Hook<T, N> for ProgressFn<F> {
    fn on_epoch_end<O: Optimizer<T> + ?Sized>(
        &mut self,
        _net: &mut N,
        _opt: &mut O,
        epoch: &mut EpochEnd<T>,
    ) -> Result<ControlFlow<()>, HookError> {
        (self.0)(epoch.epoch, epoch.loss);
        Ok(ControlFlow::Continue(()))
    }
}

/// The mean loss on a held-out set after every epoch (Keras's `validation_data`): sets
/// [`EpochEnd::val_loss`] for the hooks after it and, if given a history, records it there.
/// Allocates nothing.
pub struct Validation<'d, 'h, T: Scalar, N: Trainable<T>> {
    data: &'d [(N::Input, N::Target)],
    history: Option<&'h mut [T]>,
}

impl<'d, 'h, T: Scalar, N: Trainable<T>> Validation<'d, 'h, T, N> {
    /// Validation on `data` (checked non-empty when training begins).
    pub fn new(data: &'d [(N::Input, N::Target)]) -> Self {
        Validation {
            data,
            history: None,
        }
    }

    /// Also writes epoch e's validation loss into `history[e]`; `history` needs one slot per
    /// epoch (checked when training begins).
    pub fn record(self, history: &'h mut [T]) -> Self {
        Validation {
            data: self.data,
            history: Some(history),
        }
    }
}

impl<T: Scalar, N: Trainable<T>> Hook<T, N> for Validation<'_, '_, T, N> {
    fn on_train_begin(&mut self, _net: &N, epochs: usize) -> Result<(), HookError> {
        if self.data.is_empty() {
            return Err(HookError::EmptyValidation);
        }
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
        // NOTE: mean_loss fails only on an empty data set.
        let loss = mean_loss(&*net, self.data).map_err(|_| HookError::EmptyValidation)?;
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

/// Steps a borrowed scheduler once per epoch with [`EpochEnd::monitored`] (the validation
/// loss after a [`Validation`] hook): `ReduceLROnPlateau` driven by the validation loss, as in
/// PyTorch's `scheduler.step(val_loss)`. Works with any [`Scheduler`] (the others ignore the
/// metric).
#[derive(Debug)]
pub struct OnMetric<'s, S: ?Sized>(pub &'s mut S);

impl<T: Scalar, N, S: Scheduler + ?Sized> Hook<T, N> for OnMetric<'_, S> {
    fn on_epoch_end<O: Optimizer<T> + ?Sized>(
        &mut self,
        _net: &mut N,
        opt: &mut O,
        epoch: &mut EpochEnd<T>,
    ) -> Result<ControlFlow<()>, HookError> {
        self.0.step_with_metric(opt, epoch.monitored().to_f64());
        Ok(ControlFlow::Continue(()))
    }
}
