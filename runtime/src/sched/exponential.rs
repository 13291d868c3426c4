//! PyTorch's `ExponentialLR`: decay by γ every step.

use super::{Scheduler, current_lr, math, write_lr};
use crate::Scalar;
use crate::error::{ConfigError, check};
use crate::optim::Optimizer;

/// `ExponentialLR`: ε_k = ε₀ · γ^k.
///
/// PyTorch: `torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma)`. Chainable: each step
/// multiplies the optimizer's current learning rate by γ (so after k steps the value is γ applied
/// k times, which may differ from `powf` in the last bit, exactly as in PyTorch); construction
/// leaves it alone. [`restart`](Scheduler::restart) uses the closed form.
#[derive(Clone, Copy, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ExponentialLR {
    gamma: f64,
    base_lr: f64,
    last_lr: f64,
}

/// The settings of a [`ExponentialLR`], with PyTorch's argument names and defaults.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ExponentialLRConfig {
    /// The factor γ per step (`gamma`). PyTorch has no default: no `Default` either.
    pub gamma: f64,
}

impl ExponentialLR {
    /// Takes `opt.learning_rate()` as ε₀ and keeps it.
    ///
    /// # Errors
    /// A [`ConfigError`] naming `gamma` if it is negative, NaN or infinite (it would make the
    /// learning rate so); the optimizer is then left alone.
    pub fn new<T: Scalar, O: Optimizer<T> + ?Sized>(
        opt: &mut O,
        config: ExponentialLRConfig,
    ) -> Result<Self, ConfigError> {
        let ExponentialLRConfig { gamma } = config;
        check::non_negative("gamma", gamma)?;
        let base_lr = opt.learning_rate().to_f64();
        let mut s = ExponentialLR {
            gamma,
            base_lr,
            last_lr: base_lr,
        };
        s.reattach(opt, base_lr);
        Ok(s)
    }
}

impl Scheduler for ExponentialLR {
    fn step<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O) {
        let lr = current_lr(opt, self.last_lr) * self.gamma;
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
        let lr = current_lr(opt, initial_lr);
        self.last_lr = write_lr(opt, lr);
    }
    fn restart<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O) {
        // Closed form: ε₀ · γ^0.
        let lr = self.base_lr * math::pow(self.gamma, 0.0);
        self.last_lr = write_lr(opt, lr);
    }
}

#[cfg(feature = "serde")]
serde_checked!(
    ExponentialLR {
        gamma: f64,
        base_lr: f64,
        last_lr: f64,
    } | s
        | check::non_negative("gamma", s.gamma)
);
