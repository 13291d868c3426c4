//! L-BFGS in the training loop (feature `alloc`): one [`Lbfgs::step`] per epoch on the full
//! batch, with the same history, scheduler and hooks as the other optimizers.

use alloc::boxed::Box;

use nalgebra::DVector;

use super::hooks::{EpochEnd, Hook, StepEnd};
use super::{Clock, Mode, Outcome, SchedulerHook, Shuffle, TrainError, Trainer};
use crate::error::{ConfigError, LengthError, check};
use crate::optim::{Optimizer, StepError};
use crate::second_order::{Differentiable, Lbfgs, SecondOrderError};
use crate::{Flat, Scalar, Trainable};

/// The full-batch mean loss of a network as a function of its parameters: value and gradient
/// only (the generated backward pass), so any [`Trainable`] network qualifies.
struct FullBatch<'d, T: Scalar, N: Trainable<T>> {
    net: Box<N>,
    grads: Box<N::Gradients>,
    data: &'d [(N::Input, N::Target)],
}

impl<T: Scalar, N: Trainable<T>> FullBatch<'_, T, N> {
    /// Loads `x` into the working copy; `false` if it is not of the network's size.
    fn load(&mut self, x: &DVector<T>) -> bool {
        let params = self.net.params_mut();
        if x.len() != params.len() {
            return false;
        }
        params.copy_from_slice(x.as_slice());
        true
    }
}

/// NOTE: as for `NetworkObjective`, a point of the wrong length gives NaN (never a panic);
/// `Lbfgs::step` checks the length against `dim` first.
impl<T: Scalar, N: Trainable<T>> Differentiable<T> for FullBatch<'_, T, N> {
    fn dim(&self) -> usize {
        N::PARAMS
    }
    fn value(&mut self, x: &DVector<T>) -> T {
        if !self.load(x) {
            return T::lit(f64::NAN);
        }
        let mut total = T::zero();
        for (xi, ti) in self.data {
            total += self.net.loss(xi, ti);
        }
        total / T::lit(self.data.len() as f64)
    }
    fn gradient(&mut self, x: &DVector<T>, g: &mut DVector<T>) -> T {
        if !self.load(x) || g.len() != N::PARAMS {
            g.fill(T::lit(f64::NAN));
            return T::lit(f64::NAN);
        }
        self.grads.as_mut_slice().fill(T::zero());
        let mut total = T::zero();
        for (xi, ti) in self.data {
            total += self.net.backward_into(xi, ti, &mut self.grads);
        }
        let inv = T::one() / T::lit(self.data.len() as f64);
        for (gi, &s) in g.iter_mut().zip(self.grads.as_slice()) {
            *gi = s * inv;
        }
        total * inv
    }
}

/// L-BFGS seen as an [`Optimizer`] by schedulers and hooks: its learning rate is
/// `config.lr`. It has no step of its own (L-BFGS needs the function, not one gradient), so a
/// hook calling `step` gets [`StepError::Config`].
struct LbfgsRate<'a, T: Scalar>(&'a mut Lbfgs<T>);

impl<T: Scalar> Optimizer<T> for LbfgsRate<'_, T> {
    fn step(&mut self, _params: &mut [T], _grads: &[T]) -> Result<(), StepError> {
        Err(ConfigError {
            param: "step",
            value: f64::NAN,
            rule: "L-BFGS steps only through Trainer::run_lbfgs",
        }
        .into())
    }
    fn learning_rate(&self) -> T {
        self.0.config.lr
    }
    fn set_learning_rate(&mut self, lr: T) {
        self.0.config.lr = lr;
    }
}

/// A refused L-BFGS step as a training error.
fn step_error(epoch: usize, e: SecondOrderError) -> TrainError {
    let error = match e {
        SecondOrderError::Config(c) => StepError::Config(c),
        SecondOrderError::NonFinite(n) => StepError::NonFinite(n),
        SecondOrderError::Length(l) => StepError::Length(l),
        SecondOrderError::EmptyData => return TrainError::EmptyDataset,
        // NOTE: L-BFGS forms no Hessian and needs no least squares: not reached.
        _ => StepError::Length(LengthError {
            expected: 0,
            found: 0,
        }),
    };
    TrainError::Step {
        epoch,
        batch: 0,
        error,
    }
}

impl<Sh: Shuffle, Sc: SchedulerHook> Trainer<Sh, Sc> {
    /// Trains `net` with L-BFGS, PyTorch's way: one [`Lbfgs::step`] (`optimizer.step(closure)`,
    /// up to `max_iter` inner iterations) per epoch, on the full batch's mean loss. The mode must
    /// be [`Mode::FullBatch`]; shuffling changes nothing (the full batch has no order).
    ///
    /// The scheduler, per step or per epoch, steps once per epoch. As
    /// [`run_with`](Trainer::run_with): `history[e]` gets the mean loss at the parameters
    /// epoch e started from (what `step` returns), the scheduler sets `lbfgs.config.lr`, the hooks run after the step (one step per epoch)
    /// and the epoch, and may stop training. A step is all or nothing: on
    /// [`TrainError::Step`] the network and `lbfgs` are as before that epoch. Allocates (L-BFGS
    /// keeps its history on the heap).
    ///
    /// # Errors
    /// [`TrainError::Config`] naming `mode` if the mode is not [`Mode::FullBatch`],
    /// [`TrainError::EmptyDataset`], [`TrainError::Buffer`] if `history` is shorter than the
    /// epochs, [`TrainError::Step`] for a refused step, [`TrainError::Hook`].
    pub fn run_lbfgs<T, N, H>(
        &mut self,
        net: &mut N,
        lbfgs: &mut Lbfgs<T>,
        data: &[(N::Input, N::Target)],
        history: &mut [T],
        mut hooks: H,
    ) -> Result<Outcome, TrainError>
    where
        T: Scalar,
        N: Trainable<T>,
        H: Hook<T, N>,
    {
        check::rule(
            "mode",
            f64::NAN,
            self.mode == Mode::FullBatch,
            "must be Mode::FullBatch for L-BFGS",
        )?;
        if data.is_empty() {
            return Err(TrainError::EmptyDataset);
        }
        if history.len() < self.epochs {
            return Err(TrainError::Buffer(LengthError {
                expected: self.epochs,
                found: history.len(),
            }));
        }
        hooks
            .on_train_begin(net, self.epochs)
            .map_err(|error| TrainError::Hook { epoch: 0, error })?;
        let mut objective = FullBatch {
            net: N::boxed_zeros(),
            grads: N::Gradients::boxed_zeros(),
            data,
        };
        let mut x = DVector::from_column_slice(net.params());
        let clock = Clock::start(self.clock);
        let mut outcome = Outcome {
            epochs: 0,
            stopped: false,
        };
        for (epoch, slot) in history[..self.epochs].iter_mut().enumerate() {
            let lr = lbfgs.config.lr;
            let loss = lbfgs
                .step(&mut objective, &mut x)
                .map_err(|e| step_error(epoch, e))?;
            net.params_mut().copy_from_slice(x.as_slice());
            let mut rate = LbfgsRate(lbfgs);
            self.scheduler.after_step(&mut rate);
            let step = StepEnd {
                epoch,
                batch: 0,
                step: epoch + 1,
                lr,
                loss,
                clock: &clock,
            };
            if hooks.on_step_end(net, &step).is_break() {
                outcome.stopped = true;
                break;
            }
            let end = EpochEnd {
                epoch,
                epochs: self.epochs,
                steps: epoch + 1,
                lr,
                loss,
                val_loss: None,
                elapsed: clock.elapsed(),
            };
            let stop = self.end_epoch(net, &mut rate, &mut hooks, end, slot, &mut outcome)?;
            // A hook may have changed the parameters: continue from the network's.
            x.copy_from_slice(net.params());
            if stop {
                break;
            }
        }
        hooks.on_train_end(net).map_err(|error| TrainError::Hook {
            epoch: outcome.epochs.saturating_sub(1),
            error,
        })?;
        Ok(outcome)
    }
}
