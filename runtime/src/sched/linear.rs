//! PyTorch's `LinearLR`: a linearly changing factor; the seed's linear decay of SGD's rate.

use super::{Scheduler, current_lr, write_lr};
use crate::Scalar;
use crate::error::{ConfigError, check};
use crate::optim::Optimizer;

/// `LinearLR`: ε_k = ε₀ · (a + (b − a) · min(k, n) / n), from factor `a` to factor `b` over `n`
/// steps, then constant.
///
/// PyTorch: `torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=1/3, end_factor=1.0,
/// total_iters=5)`.
///
/// # The seed's linear decay
/// The seed (Goodfellow et al., §8.3.1) decays SGD's learning rate linearly until iteration τ and
/// keeps it constant after:
///
/// ε_k = (1 − α) ε₀ + α ε_τ,  α = k/τ  (k ≤ τ),  ε_k = ε_τ (k > τ).
///
/// That is `LinearLR` with `start_factor = 1`, `end_factor = ε_τ / ε₀`, `total_iters = τ`:
/// ε₀ (1 + (ε_τ/ε₀ − 1) k/τ) = (1 − k/τ) ε₀ + (k/τ) ε_τ.
///
/// ```
/// # use typenet_runtime::optim::{Optimizer, StepError};
/// # struct Sgd { lr: f64 }
/// # impl Optimizer<f64> for Sgd {
/// #     fn step(&mut self, _: &mut [f64], _: &[f64]) -> Result<(), StepError> { Ok(()) }
/// #     fn learning_rate(&self) -> f64 { self.lr }
/// #     fn set_learning_rate(&mut self, lr: f64) { self.lr = lr }
/// # }
/// use typenet_runtime::sched::{LinearLR, LinearLRConfig, Scheduler};
/// let (eps0, eps_tau, tau) = (0.1, 0.001, 100);
/// let mut opt = Sgd { lr: eps0 };
/// let mut sched = LinearLR::new(&mut opt, LinearLRConfig { start_factor: 1.0, end_factor: eps_tau / eps0, total_iters: tau }).unwrap();
/// for k in 1..=150 {
///     sched.step(&mut opt);
///     let alpha = (k.min(tau) as f64) / tau as f64;
///     assert!((opt.lr - ((1.0 - alpha) * eps0 + alpha * eps_tau)).abs() < 1e-15);
/// }
/// ```
///
/// # Chainable form
/// Like PyTorch's `step()`, each step up to `n` multiplies the optimizer's current learning rate
/// by the ratio of consecutive factors,
/// 1 + (b − a) / (n·a + (k − 1)(b − a)), and later steps leave it alone; construction multiplies
/// it by `a`. [`restart`](Scheduler::restart) uses the closed form.
#[derive(Clone, Copy, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct LinearLR {
    start_factor: f64,
    end_factor: f64,
    total_iters: usize,
    base_lr: f64,
    last_epoch: usize,
    last_lr: f64,
}

/// The settings of a [`LinearLR`], with PyTorch's argument names and defaults.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct LinearLRConfig {
    /// The factor a at step 0 (`start_factor`). Defaults to `1.0 / 3.0`.
    pub start_factor: f64,
    /// The factor b from step `total_iters` on (`end_factor`). Defaults to `1.0`.
    pub end_factor: f64,
    /// The number of steps n from a to b (`total_iters`). Defaults to `5`.
    pub total_iters: usize,
}

impl Default for LinearLRConfig {
    fn default() -> Self {
        LinearLRConfig {
            start_factor: 1.0 / 3.0,
            end_factor: 1.0,
            total_iters: 5,
        }
    }
}

impl LinearLR {
    /// Takes `opt.learning_rate()` as ε₀ and sets ε₀·a. PyTorch's defaults: `start_factor =
    /// 1.0 / 3.0`, `end_factor = 1.0`, `total_iters = 5`.
    ///
    /// # Errors
    /// A [`ConfigError`] naming `start_factor` if it is not in (0, 1], or `end_factor` if it is
    /// not in [0, 1] (PyTorch's checks); the optimizer is then left alone.
    pub fn new<T: Scalar, O: Optimizer<T> + ?Sized>(
        opt: &mut O,
        config: LinearLRConfig,
    ) -> Result<Self, ConfigError> {
        let LinearLRConfig {
            start_factor,
            end_factor,
            total_iters,
        } = config;
        check::rule(
            "start_factor",
            start_factor,
            start_factor > 0.0 && start_factor <= 1.0,
            "must be in (0, 1]",
        )?;
        check::unit("end_factor", end_factor)?;
        let base_lr = opt.learning_rate().to_f64();
        let mut s = LinearLR {
            start_factor,
            end_factor,
            total_iters,
            base_lr,
            last_epoch: 0,
            last_lr: base_lr,
        };
        s.reattach(opt, base_lr);
        Ok(s)
    }

    fn get_lr(&self, lr: f64) -> f64 {
        let (a, b) = (self.start_factor, self.end_factor);
        if self.last_epoch == 0 {
            lr * a
        } else if self.last_epoch > self.total_iters {
            lr
        } else {
            lr * (1.0
                + (b - a) / (self.total_iters as f64 * a + (self.last_epoch - 1) as f64 * (b - a)))
        }
    }
}

impl Scheduler for LinearLR {
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
        // Closed form at 0: ε₀ · (a + (b − a) · 0 / n).
        let (a, b) = (self.start_factor, self.end_factor);
        let fraction = if self.total_iters == 0 {
            0.0
        } else {
            (b - a) * 0.0 / self.total_iters as f64
        };
        let lr = self.base_lr * (a + fraction);
        self.last_lr = write_lr(opt, lr);
    }
}

#[cfg(feature = "serde")]
serde_checked!(
    LinearLR {
        start_factor: f64,
        end_factor: f64,
        total_iters: usize,
        base_lr: f64,
        last_epoch: usize,
        last_lr: f64,
    } | s
        | check::rule(
            "start_factor",
            s.start_factor,
            s.start_factor > 0.0 && s.start_factor <= 1.0,
            "must be in (0, 1]"
        )
        .and(check::unit("end_factor", s.end_factor))
);
