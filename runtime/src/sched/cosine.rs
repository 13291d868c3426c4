//! PyTorch's `CosineAnnealingLR`: half a cosine from ε₀ down to η_min, in PyTorch's recursive form.

use super::{Scheduler, current_lr, math, write_lr};
use crate::Scalar;
use crate::error::{ConfigError, check};
use crate::optim::Optimizer;

/// `CosineAnnealingLR`: ε_k ≈ η + (ε₀ − η)(1 + cos(πk/T))/2, computed recursively as PyTorch does.
///
/// PyTorch: `torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max, eta_min=0.0)`. The
/// closed form above (SGDR without restarts) is what [`restart`](Scheduler::restart) evaluates.
/// `step()` instead continues from the optimizer's current learning rate:
///
/// ε_k = η + (ε_{k−1} − η) · (1 + cos(πk/T)) / (1 + cos(π(k−1)/T)),
///
/// except where the denominator vanishes ((k − 1 − T) mod 2T = 0, the bottom of the cosine), where
/// ε_k = ε_{k−1} + (ε₀ − η)(1 − cos(π/T))/2. Past T the schedule climbs back up and keeps
/// oscillating with period 2T. The recursion matches the closed form only up to rounding (the two
/// differ in the last bits after a few steps) and, being chainable, composes with other changes to
/// the learning rate; typenet follows it exactly. Construction leaves the learning rate alone.
#[derive(Clone, Copy, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CosineAnnealingLR {
    t_max: usize,
    eta_min: f64,
    base_lr: f64,
    last_epoch: usize,
    last_lr: f64,
}

/// The settings of a [`CosineAnnealingLR`], with PyTorch's argument names and defaults.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CosineAnnealingLRConfig {
    /// Half a cosine period T, in steps (PyTorch's `T_max`). PyTorch has no default; the default here, 0, is refused, so it must be given.
    pub t_max: usize,
    /// The minimum learning rate η (`eta_min`). Defaults to `0.0`.
    pub eta_min: f64,
}

impl Default for CosineAnnealingLRConfig {
    fn default() -> Self {
        CosineAnnealingLRConfig {
            t_max: 0,
            eta_min: 0.0,
        }
    }
}

impl CosineAnnealingLR {
    /// Takes `opt.learning_rate()` as ε₀ (the maximum) and keeps it. PyTorch's default η_min is 0.
    ///
    /// # Errors
    /// A [`ConfigError`] naming `t_max` if it is 0, or `eta_min` if it is negative, NaN or
    /// infinite (the learning rate would become so); the optimizer is then left alone.
    pub fn new<T: Scalar, O: Optimizer<T> + ?Sized>(
        opt: &mut O,
        config: CosineAnnealingLRConfig,
    ) -> Result<Self, ConfigError> {
        let CosineAnnealingLRConfig { t_max, eta_min } = config;
        check::count("t_max", t_max)?;
        check::non_negative("eta_min", eta_min)?;
        let base_lr = opt.learning_rate().to_f64();
        let mut s = CosineAnnealingLR {
            t_max,
            eta_min,
            base_lr,
            last_epoch: 0,
            last_lr: base_lr,
        };
        s.reattach(opt, base_lr);
        Ok(s)
    }
}

impl Scheduler for CosineAnnealingLR {
    fn step<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O) {
        self.last_epoch += 1;
        let lr = current_lr(opt, self.last_lr);
        let (k, t, eta) = (self.last_epoch, self.t_max, self.eta_min);
        // NOTE: PyTorch tests `(k - 1 - T) % (2T) == 0` with Python's non-negative modulo.
        // NOTE: `max(1)`: t ≥ 1 by construction, but a deserialised value is not re-checked, and
        // a remainder by 0 would panic.
        let bottom = (k as i128 - 1 - t as i128).rem_euclid((2 * t as i128).max(1)) == 0;
        let lr = if bottom {
            lr + (self.base_lr - eta) * (1.0 - math::cos(math::PI / t as f64)) / 2.0
        } else {
            let (kf, tf) = (k as f64, t as f64);
            (1.0 + math::cos(math::PI * kf / tf)) / (1.0 + math::cos(math::PI * (kf - 1.0) / tf))
                * (lr - eta)
                + eta
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
        let eta = self.eta_min;
        let lr = eta
            + (self.base_lr - eta) * (1.0 + math::cos(math::PI * 0.0 / self.t_max as f64)) / 2.0;
        self.last_lr = write_lr(opt, lr);
    }
}

#[cfg(feature = "serde")]
serde_checked!(
    CosineAnnealingLR {
        t_max: usize,
        eta_min: f64,
        base_lr: f64,
        last_epoch: usize,
        last_lr: f64,
    } | s
        | check::count("t_max", s.t_max).and(check::non_negative("eta_min", s.eta_min))
);
