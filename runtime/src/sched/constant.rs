//! PyTorch's `ConstantLR`: a constant factor until a milestone.

use super::{Scheduler, current_lr, write_lr};
use crate::Scalar;
use crate::error::{ConfigError, check};
use crate::optim::Optimizer;

/// `ConstantLR`: ε_k = ε₀ · f for k < n, ε₀ from k = n on.
///
/// PyTorch: `torch.optim.lr_scheduler.ConstantLR(optimizer, factor=1/3, total_iters=5)`.
/// Chainable: construction multiplies the optimizer's learning rate by `f`, step `n` divides it by
/// `f` again (`lr · (1/f)`), every other step leaves it alone. [`restart`](Scheduler::restart) uses
/// the closed form.
#[derive(Clone, Copy, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ConstantLR {
    factor: f64,
    total_iters: usize,
    base_lr: f64,
    last_epoch: usize,
    last_lr: f64,
}

/// The settings of a [`ConstantLR`], with PyTorch's argument names and defaults.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ConstantLRConfig {
    /// The factor f applied until `total_iters` (`factor`). Defaults to `1.0 / 3.0`.
    pub factor: f64,
    /// The number of steps the factor applies (`total_iters`). Defaults to `5`.
    pub total_iters: usize,
}

impl Default for ConstantLRConfig {
    fn default() -> Self {
        ConstantLRConfig {
            factor: 1.0 / 3.0,
            total_iters: 5,
        }
    }
}

impl ConstantLR {
    /// Takes `opt.learning_rate()` as ε₀ and sets ε₀·f. PyTorch's defaults: `factor = 1.0 / 3.0`,
    /// `total_iters = 5`.
    ///
    /// # Errors
    /// A [`ConfigError`] naming `factor` if it is not in [0, 1] (PyTorch's check); the optimizer
    /// is then left alone.
    pub fn new<T: Scalar, O: Optimizer<T> + ?Sized>(
        opt: &mut O,
        config: ConstantLRConfig,
    ) -> Result<Self, ConfigError> {
        let ConstantLRConfig {
            factor,
            total_iters,
        } = config;
        check::unit("factor", factor)?;
        let base_lr = opt.learning_rate().to_f64();
        let mut s = ConstantLR {
            factor,
            total_iters,
            base_lr,
            last_epoch: 0,
            last_lr: base_lr,
        };
        s.reattach(opt, base_lr);
        Ok(s)
    }

    fn get_lr(&self, lr: f64) -> f64 {
        if self.last_epoch == 0 {
            lr * self.factor
        } else if self.last_epoch != self.total_iters {
            lr
        } else if self.factor == 0.0 {
            // NOTE: PyTorch divides by zero here (ZeroDivisionError); the closed form's ε₀ is the
            // value that division means.
            self.base_lr
        } else {
            lr * (1.0 / self.factor)
        }
    }
}

impl Scheduler for ConstantLR {
    fn step<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O) {
        self.last_epoch += 1;
        let lr = self.get_lr(current_lr(opt, self.last_lr));
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
        let lr = self.get_lr(current_lr(opt, initial_lr));
        self.last_lr = write_lr(opt, lr);
    }
    fn restart<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O) {
        self.last_epoch = 0;
        // Closed form: ε₀ · (f + [k ≥ n] · (1 − f)).
        let reached = if self.total_iters == 0 { 1.0 } else { 0.0 };
        let lr = self.base_lr * (self.factor + reached * (1.0 - self.factor));
        self.last_lr = write_lr(opt, lr);
    }
}

#[cfg(feature = "serde")]
serde_checked!(
    ConstantLR {
        factor: f64,
        total_iters: usize,
        base_lr: f64,
        last_epoch: usize,
        last_lr: f64,
    } | s
        | check::unit("factor", s.factor)
);
