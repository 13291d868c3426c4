//! PyTorch's `PolynomialLR`: polynomial decay to zero.

use super::{Scheduler, current_lr, math, write_lr};
use crate::Scalar;
use crate::error::{ConfigError, check};
use crate::optim::Optimizer;

/// `PolynomialLR`: ε_k = ε₀ · (1 − min(k, n)/n)^p, reaching 0 at step n.
///
/// PyTorch: `torch.optim.lr_scheduler.PolynomialLR(optimizer, total_iters=5, power=1.0)`.
/// Chainable: each step k ≤ n multiplies the optimizer's current learning rate by
/// ((1 − k/n) / (1 − (k − 1)/n))^p; later steps leave it alone, construction too.
/// [`restart`](Scheduler::restart) uses the closed form.
#[derive(Clone, Copy, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PolynomialLR {
    total_iters: usize,
    power: f64,
    base_lr: f64,
    last_epoch: usize,
    last_lr: f64,
}

/// The settings of a [`PolynomialLR`], with PyTorch's argument names and defaults.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PolynomialLRConfig {
    /// The number of steps n to reach 0 (`total_iters`). Defaults to `5`.
    pub total_iters: usize,
    /// The power p (`power`). Defaults to `1.0`.
    pub power: f64,
}

impl Default for PolynomialLRConfig {
    fn default() -> Self {
        PolynomialLRConfig {
            total_iters: 5,
            power: 1.0,
        }
    }
}

impl PolynomialLR {
    /// Takes `opt.learning_rate()` as ε₀ and keeps it. PyTorch's defaults: `total_iters = 5`,
    /// `power = 1.0`.
    ///
    /// # Errors
    /// A [`ConfigError`] naming `power` if it is negative, NaN or infinite (0^p at step n would
    /// be infinite or NaN); the optimizer is then left alone.
    pub fn new<T: Scalar, O: Optimizer<T> + ?Sized>(
        opt: &mut O,
        config: PolynomialLRConfig,
    ) -> Result<Self, ConfigError> {
        let PolynomialLRConfig { total_iters, power } = config;
        check::non_negative("power", power)?;
        let base_lr = opt.learning_rate().to_f64();
        let mut s = PolynomialLR {
            total_iters,
            power,
            base_lr,
            last_epoch: 0,
            last_lr: base_lr,
        };
        s.reattach(opt, base_lr);
        Ok(s)
    }
}

impl Scheduler for PolynomialLR {
    fn step<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O) {
        self.last_epoch = self.last_epoch.saturating_add(1);
        let lr = current_lr(opt, self.last_lr);
        let lr = if self.last_epoch > self.total_iters {
            lr
        } else {
            let (k, n) = (self.last_epoch as f64, self.total_iters as f64);
            lr * math::pow((1.0 - k / n) / (1.0 - (k - 1.0) / n), self.power)
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
        // Closed form at 0: ε₀ · (1 − 0/n)^p.
        let lr = self.base_lr * math::pow(1.0, self.power);
        self.last_lr = write_lr(opt, lr);
    }
}

#[cfg(feature = "serde")]
serde_checked!(
    PolynomialLR {
        total_iters: usize,
        power: f64,
        base_lr: f64,
        last_epoch: usize,
        last_lr: f64,
    } | s
        | check::non_negative("power", s.power)
);
