//! PyTorch's `ReduceLROnPlateau`: cut the learning rate when a metric stops improving.

use super::{Scheduler, current_lr, write_lr};
use crate::Scalar;
use crate::error::{ConfigError, check};
use crate::optim::Optimizer;

/// Whether the metric should go down or up (PyTorch's `mode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum PlateauMode {
    /// `"min"` (default): a loss; improvement means smaller.
    Min,
    /// `"max"`: an accuracy; improvement means larger.
    Max,
}

/// How much better counts as better (PyTorch's `threshold_mode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum ThresholdMode {
    /// `"rel"` (default): better than best·(1 ∓ threshold).
    Rel,
    /// `"abs"`: better than best ∓ threshold.
    Abs,
}

/// The settings of a [`ReduceLROnPlateau`], PyTorch's constructor arguments; `Default` gives
/// PyTorch's defaults.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PlateauConfig {
    /// Minimise or maximise the metric (`mode`, default [`PlateauMode::Min`]).
    pub mode: PlateauMode,
    /// The learning rate is multiplied by this on a plateau (`factor`, default 0.1, must be < 1).
    pub factor: f64,
    /// Steps without improvement tolerated before a cut (`patience`, default 10).
    pub patience: usize,
    /// The least improvement that counts (`threshold`, default 1e-4).
    pub threshold: f64,
    /// Relative or absolute threshold (`threshold_mode`, default [`ThresholdMode::Rel`]).
    pub threshold_mode: ThresholdMode,
    /// Steps after a cut during which bad steps are not counted (`cooldown`, default 0).
    pub cooldown: usize,
    /// The learning rate is never cut below this (`min_lr`, default 0).
    pub min_lr: f64,
    /// A cut smaller than this is skipped (`eps`, default 1e-8).
    pub eps: f64,
}

impl Default for PlateauConfig {
    fn default() -> Self {
        PlateauConfig {
            mode: PlateauMode::Min,
            factor: 0.1,
            patience: 10,
            threshold: 1e-4,
            threshold_mode: ThresholdMode::Rel,
            cooldown: 0,
            min_lr: 0.0,
            eps: 1e-8,
        }
    }
}

impl PlateauConfig {
    /// Checks the settings: `factor` in [0, 1) (PyTorch: < 1; a negative factor would make the
    /// learning rate negative), `threshold`, `min_lr` and `eps` ≥ 0 and finite.
    pub fn validate(&self) -> Result<(), ConfigError> {
        check::beta("factor", self.factor)?;
        check::non_negative("threshold", self.threshold)?;
        check::non_negative("min_lr", self.min_lr)?;
        check::non_negative("eps", self.eps)?;
        Ok(())
    }
}

/// `ReduceLROnPlateau`: watches a metric passed to [`step_with_metric`](Scheduler::step_with_metric)
/// and multiplies the learning rate by `factor` (not below `min_lr`) once the metric has not
/// improved for more than `patience` steps.
///
/// PyTorch: `torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="min", factor=0.1,
/// patience=10, threshold=1e-4, threshold_mode="rel", cooldown=0, min_lr=0, eps=1e-8)`. Each
/// `step_with_metric(opt, m)`, as PyTorch's `step(m)`:
/// 1. m is better than the best so far if m < best·(1 − threshold) (min, rel), m < best − threshold
///    (min, abs), m > best·(1 + threshold) (max, rel) or m > best + threshold (max, abs); then it
///    becomes the best and the bad-step count is reset, else the count goes up (a `NaN` metric is
///    never better);
/// 2. during a cooldown the count is held at 0 (and the cooldown counts down);
/// 3. if the count exceeds `patience`: ε ← max(ε·factor, min_lr) unless that changes ε by `eps` or
///    less; then the cooldown starts and the count is reset.
///
/// The learning rate cut is the optimizer's *current* one, so this composes with anything else
/// that sets it. Construction does not touch the optimizer.
///
/// # Without a metric
/// A plain [`step`](Scheduler::step) carries no observation: it changes nothing (not the best, not
/// the bad-step count, not the cooldown, not the learning rate). So a training loop that steps
/// schedulers per optimizer step never cuts; step this one per epoch with the epoch's loss (or a
/// validation metric).
#[derive(Clone, Copy, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ReduceLROnPlateau {
    config: PlateauConfig,
    best: f64,
    num_bad_epochs: usize,
    cooldown_counter: usize,
    base_lr: f64,
    last_lr: f64,
}

impl ReduceLROnPlateau {
    /// Reads the optimizer's learning rate (and leaves it), like PyTorch's constructor.
    ///
    /// # Errors
    /// A [`ConfigError`] (see [`PlateauConfig::validate`]); the optimizer is then left alone.
    pub fn new<T: Scalar, O: Optimizer<T> + ?Sized>(
        opt: &mut O,
        config: PlateauConfig,
    ) -> Result<Self, ConfigError> {
        config.validate()?;
        let base_lr = opt.learning_rate().to_f64();
        let mut s = ReduceLROnPlateau {
            config,
            best: 0.0,
            num_bad_epochs: 0,
            cooldown_counter: 0,
            base_lr,
            last_lr: base_lr,
        };
        s.reattach(opt, base_lr);
        Ok(s)
    }

    /// The best metric seen so far (±∞ before the first).
    pub fn best(&self) -> f64 {
        self.best
    }

    /// Steps since the last improvement (reset by a cut and held at 0 during a cooldown).
    pub fn num_bad_epochs(&self) -> usize {
        self.num_bad_epochs
    }

    fn is_better(&self, a: f64) -> bool {
        let (best, th) = (self.best, self.config.threshold);
        match (self.config.mode, self.config.threshold_mode) {
            (PlateauMode::Min, ThresholdMode::Rel) => a < best * (1.0 - th),
            (PlateauMode::Min, ThresholdMode::Abs) => a < best - th,
            (PlateauMode::Max, ThresholdMode::Rel) => a > best * (th + 1.0),
            (PlateauMode::Max, ThresholdMode::Abs) => a > best + th,
        }
    }
}

impl Scheduler for ReduceLROnPlateau {
    /// No metric, no observation: nothing changes (see [the type's docs](ReduceLROnPlateau)).
    fn step<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O) {
        self.last_lr = current_lr(opt, self.last_lr);
    }
    fn step_with_metric<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O, metric: f64) {
        if self.is_better(metric) {
            self.best = metric;
            self.num_bad_epochs = 0;
        } else {
            self.num_bad_epochs += 1;
        }
        if self.cooldown_counter > 0 {
            self.cooldown_counter -= 1;
            self.num_bad_epochs = 0;
        }
        let mut lr = current_lr(opt, self.last_lr);
        if self.num_bad_epochs > self.config.patience {
            let old_lr = lr;
            let cut = old_lr * self.config.factor;
            let new_lr = if self.config.min_lr > cut {
                self.config.min_lr
            } else {
                cut
            };
            if old_lr - new_lr > self.config.eps {
                lr = write_lr(opt, new_lr);
            }
            self.cooldown_counter = self.config.cooldown;
            self.num_bad_epochs = 0;
        }
        self.last_lr = lr;
    }
    fn last_lr(&self) -> f64 {
        self.last_lr
    }
    fn initial_lr(&self) -> Option<f64> {
        Some(self.base_lr)
    }
    /// Resets the best metric and the counters; the learning rate is left alone.
    fn reattach<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O, initial_lr: f64) {
        self.base_lr = initial_lr;
        self.best = match self.config.mode {
            PlateauMode::Min => f64::INFINITY,
            PlateauMode::Max => f64::NEG_INFINITY,
        };
        self.num_bad_epochs = 0;
        self.cooldown_counter = 0;
        self.last_lr = current_lr(opt, initial_lr);
    }
    /// Like a plain [`step`](Scheduler::step): nothing to restart without a metric.
    fn restart<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O) {
        self.step(opt);
    }
}

#[cfg(feature = "serde")]
serde_checked!(
    ReduceLROnPlateau {
        config: PlateauConfig,
        best: f64,
        num_bad_epochs: usize,
        cooldown_counter: usize,
        base_lr: f64,
        last_lr: f64,
    } | s
        | s.config.validate()
);
