//! PyTorch's `StepLR`: decay by γ every `step_size` steps.

use super::{Scheduler, current_lr, math, write_lr};
use crate::Scalar;
use crate::error::{ConfigError, check};
use crate::optim::Optimizer;

/// `StepLR`: ε_k = ε₀ · γ^⌊k / s⌋.
///
/// PyTorch: `torch.optim.lr_scheduler.StepLR(optimizer, step_size, gamma=0.1)`. Chainable: a step
/// `k` that is a non-zero multiple of `s` multiplies the optimizer's current learning rate by γ,
/// any other step leaves it alone. [`restart`](Scheduler::restart) uses the closed form.
///
/// The seed's third scheduler: "StepLR lr = γ·lr_prev when epoch % step_size = 0".
#[derive(Clone, Copy, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct StepLR {
    step_size: usize,
    gamma: f64,
    base_lr: f64,
    last_epoch: usize,
    last_lr: f64,
}

/// The settings of a [`StepLR`], with PyTorch's argument names and defaults.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct StepLRConfig {
    /// Decay every this many steps (`step_size`). PyTorch has no default; the default here, 0, is refused, so it must be given.
    pub step_size: usize,
    /// The decay factor γ (`gamma`). Defaults to `0.1`.
    pub gamma: f64,
}

impl Default for StepLRConfig {
    fn default() -> Self {
        StepLRConfig {
            step_size: 0,
            gamma: 0.1,
        }
    }
}

impl StepLR {
    /// Takes `opt.learning_rate()` as ε₀ (and keeps it: ε_0 = ε₀). PyTorch's default γ is `0.1`.
    ///
    /// # Errors
    /// A [`ConfigError`] naming `step_size` if it is 0, or `gamma` if it is negative, NaN or
    /// infinite (it would make the learning rate so); the optimizer is then left alone.
    pub fn new<T: Scalar, O: Optimizer<T> + ?Sized>(
        opt: &mut O,
        config: StepLRConfig,
    ) -> Result<Self, ConfigError> {
        let StepLRConfig { step_size, gamma } = config;
        check::count("step_size", step_size)?;
        check::non_negative("gamma", gamma)?;
        let base_lr = opt.learning_rate().to_f64();
        let mut s = StepLR {
            step_size,
            gamma,
            base_lr,
            last_epoch: 0,
            last_lr: base_lr,
        };
        s.reattach(opt, base_lr);
        Ok(s)
    }
}

impl Scheduler for StepLR {
    fn step<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O) {
        self.last_epoch += 1;
        let lr = current_lr(opt, self.last_lr);
        let lr = if !self.last_epoch.is_multiple_of(self.step_size) {
            lr
        } else {
            lr * self.gamma
        };
        self.last_lr = write_lr(opt, lr);
    }
    fn last_lr(&self) -> f64 {
        self.last_lr
    }
    fn initial_lr(&self) -> Option<f64> {
        Some(self.base_lr)
    }
    fn reattach<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O, initial_lr: f64) {
        self.base_lr = initial_lr;
        self.last_epoch = 0;
        let lr = current_lr(opt, initial_lr);
        self.last_lr = write_lr(opt, lr);
    }
    fn restart<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O) {
        self.last_epoch = 0;
        // Closed form: ε₀ · γ^(0 // s).
        let lr = self.base_lr * math::pow(self.gamma, 0.0);
        self.last_lr = write_lr(opt, lr);
    }
}

#[cfg(feature = "serde")]
serde_checked!(
    StepLR {
        step_size: usize,
        gamma: f64,
        base_lr: f64,
        last_epoch: usize,
        last_lr: f64,
    } | s
        | check::count("step_size", s.step_size).and(check::non_negative("gamma", s.gamma))
);
