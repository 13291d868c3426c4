//! PyTorch's `MultiStepLR`: decay by γ at each milestone.

use super::{Scheduler, current_lr, math, write_lr};
use crate::Scalar;
use crate::error::{ConfigError, check};
use crate::optim::Optimizer;

/// `MultiStepLR`: ε_k = ε₀ · γ^(number of milestones ≤ k).
///
/// PyTorch: `torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones, gamma=0.1)`. The
/// milestones are a `[usize; N]` (no heap); a milestone listed `n` times decays by γⁿ at once, and a
/// milestone 0 applies at construction, as in PyTorch. Chainable: at a milestone the optimizer's
/// current learning rate is multiplied by γ^count. [`restart`](Scheduler::restart) uses the closed
/// form.
#[derive(Clone, Copy, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MultiStepLR<const N: usize> {
    #[cfg_attr(feature = "serde", serde(with = "crate::serde_state::array"))]
    milestones: [usize; N],
    gamma: f64,
    base_lr: f64,
    last_epoch: usize,
    last_lr: f64,
}

/// The settings of a [`MultiStepLR`], with PyTorch's argument names and defaults.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MultiStepLRConfig<const N: usize> {
    /// The steps at which the learning rate is multiplied by γ (`milestones`; need not be sorted, a repeated one applies γ as often). PyTorch has no default: no `Default` either.
    pub milestones: [usize; N],
    /// The decay factor γ (`gamma`); PyTorch's default is `0.1`.
    pub gamma: f64,
}

impl<const N: usize> MultiStepLR<N> {
    /// Takes `opt.learning_rate()` as ε₀. PyTorch's default γ is `0.1`. The milestones need not be
    /// sorted.
    ///
    /// # Errors
    /// A [`ConfigError`] naming `gamma` if it is negative, NaN or infinite (it would make the
    /// learning rate so); the optimizer is then left alone.
    pub fn new<T: Scalar, O: Optimizer<T> + ?Sized>(
        opt: &mut O,
        config: MultiStepLRConfig<N>,
    ) -> Result<Self, ConfigError> {
        let MultiStepLRConfig { milestones, gamma } = config;
        check::non_negative("gamma", gamma)?;
        let base_lr = opt.learning_rate().to_f64();
        let mut s = MultiStepLR {
            milestones,
            gamma,
            base_lr,
            last_epoch: 0,
            last_lr: base_lr,
        };
        s.reattach(opt, base_lr);
        Ok(s)
    }

    fn get_lr(&self, lr: f64) -> f64 {
        let count = self
            .milestones
            .iter()
            .filter(|&&m| m == self.last_epoch)
            .count();
        if count == 0 {
            lr
        } else {
            lr * math::pow(self.gamma, count as f64)
        }
    }
}

impl<const N: usize> Scheduler for MultiStepLR<N> {
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
        // Closed form: ε₀ · γ^bisect_right(sorted milestones, 0).
        let below = self.milestones.iter().filter(|&&m| m == 0).count();
        let lr = self.base_lr * math::pow(self.gamma, below as f64);
        self.last_lr = write_lr(opt, lr);
    }
}

#[cfg(feature = "serde")]
serde_checked!(MultiStepLR [const N: usize] [N] {
    #[serde(with = "crate::serde_state::array")] milestones: [usize; N],
    gamma: f64,
    base_lr: f64,
    last_epoch: usize,
    last_lr: f64,
} |s| check::non_negative("gamma", s.gamma));
