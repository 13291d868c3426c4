//! PyTorch's `CosineAnnealingWarmRestarts` (SGDR).

use super::{Scheduler, math, write_lr};
use crate::Scalar;
use crate::error::{ConfigError, check};
use crate::optim::Optimizer;

/// `CosineAnnealingWarmRestarts`: ε = η + (ε₀ − η)(1 + cos(π T_cur / T_i))/2, where T_cur counts
/// the steps since the last restart and the period T_i starts at T₀ and is multiplied by
/// `T_mult` at each restart.
///
/// PyTorch: `torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(optimizer, T_0, T_mult=1,
/// eta_min=0.0)`; Loshchilov & Hutter, [SGDR](https://arxiv.org/abs/1608.03983). Not chainable:
/// every step evaluates the formula from ε₀, so the learning rate jumps back to ε₀ when T_cur wraps
/// to 0. The first value (at construction) is ε₀.
///
/// PyTorch's `step(epoch)` with a fractional epoch (restarts within an epoch) is not provided:
/// call [`step`](Scheduler::step) once per batch with a T₀ counted in batches instead.
/// [`restart`](Scheduler::restart) (PyTorch's `_update_lr(0)`, as [`SequentialLR`](super::SequentialLR)
/// calls it) evaluates the formula at the current T_cur without advancing it, as PyTorch does.
#[derive(Clone, Copy, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CosineAnnealingWarmRestarts {
    t_0: usize,
    t_i: usize,
    t_mult: usize,
    t_cur: usize,
    eta_min: f64,
    base_lr: f64,
    last_lr: f64,
}

/// The settings of a [`CosineAnnealingWarmRestarts`], with PyTorch's argument names and defaults.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CosineAnnealingWarmRestartsConfig {
    /// The first restart period T₀, in steps (PyTorch's `T_0`). PyTorch has no default; the default here, 0, is refused, so it must be given.
    pub t_0: usize,
    /// The factor each period grows by (PyTorch's `T_mult`). Defaults to `1`.
    pub t_mult: usize,
    /// The minimum learning rate η (`eta_min`). Defaults to `0.0`.
    pub eta_min: f64,
}

impl Default for CosineAnnealingWarmRestartsConfig {
    fn default() -> Self {
        CosineAnnealingWarmRestartsConfig {
            t_0: 0,
            t_mult: 1,
            eta_min: 0.0,
        }
    }
}

impl CosineAnnealingWarmRestarts {
    /// Takes `opt.learning_rate()` as ε₀ (the maximum) and keeps it. PyTorch's defaults:
    /// `t_mult = 1`, `eta_min = 0.0`.
    ///
    /// # Errors
    /// A [`ConfigError`] naming `t_0` or `t_mult` if it is 0 (PyTorch wants T₀ > 0,
    /// T_mult ≥ 1), or `eta_min` if it is negative, NaN or infinite (the learning rate would
    /// become so); the optimizer is then left alone.
    pub fn new<T: Scalar, O: Optimizer<T> + ?Sized>(
        opt: &mut O,
        config: CosineAnnealingWarmRestartsConfig,
    ) -> Result<Self, ConfigError> {
        let CosineAnnealingWarmRestartsConfig {
            t_0,
            t_mult,
            eta_min,
        } = config;
        check::count("t_0", t_0)?;
        check::count("t_mult", t_mult)?;
        check::non_negative("eta_min", eta_min)?;
        let base_lr = opt.learning_rate().to_f64();
        let mut s = CosineAnnealingWarmRestarts {
            t_0,
            t_i: t_0,
            t_mult,
            t_cur: 0,
            eta_min,
            base_lr,
            last_lr: base_lr,
        };
        s.reattach(opt, base_lr);
        Ok(s)
    }

    fn get_lr(&self) -> f64 {
        let eta = self.eta_min;
        eta + (self.base_lr - eta)
            * (1.0 + math::cos(math::PI * self.t_cur as f64 / self.t_i as f64))
            / 2.0
    }
}

impl Scheduler for CosineAnnealingWarmRestarts {
    fn step<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O) {
        self.t_cur += 1;
        if self.t_cur >= self.t_i {
            self.t_cur %= self.t_i;
            // NOTE: saturating so that an absurd number of restarts with T_mult > 1 cannot
            // overflow (PyTorch's Python integers never do).
            self.t_i = self.t_i.saturating_mul(self.t_mult);
        }
        self.last_lr = write_lr(opt, self.get_lr());
    }
    fn last_lr(&self) -> f64 {
        self.last_lr
    }
    fn initial_lr(&self) -> Option<f64> {
        Some(self.base_lr)
    }
    fn reattach<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O, initial_lr: f64) {
        self.base_lr = initial_lr;
        self.t_i = self.t_0;
        self.t_cur = 0;
        self.last_lr = write_lr(opt, self.get_lr());
    }
    fn restart<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O) {
        self.last_lr = write_lr(opt, self.get_lr());
    }
}

#[cfg(feature = "serde")]
serde_checked!(
    CosineAnnealingWarmRestarts {
        t_0: usize,
        t_i: usize,
        t_mult: usize,
        t_cur: usize,
        eta_min: f64,
        base_lr: f64,
        last_lr: f64,
    } | s
        | check::count("t_0", s.t_0)
            .and(check::count("t_i", s.t_i))
            .and(check::count("t_mult", s.t_mult))
            .and(check::non_negative("eta_min", s.eta_min))
);
