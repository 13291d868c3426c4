//! PyTorch's `OneCycleLR`: the 1cycle policy, with momentum cycled inversely.

use super::{Scheduler, math, write_lr, write_momentum};
use crate::Scalar;
use crate::error::{ConfigError, check};
use crate::optim::Optimizer;

/// How [`OneCycleLR`] moves between two values (PyTorch's `anneal_strategy`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Anneal {
    /// `"cos"` (default): end + (start − end)/2 · (1 + cos(π·pct)).
    Cos,
    /// `"linear"`: start + (end − start)·pct.
    Linear,
}

impl Anneal {
    fn apply(self, start: f64, end: f64, pct: f64) -> f64 {
        match self {
            Anneal::Cos => {
                let cos_out = math::cos(math::PI * pct) + 1.0;
                end + (start - end) / 2.0 * cos_out
            }
            Anneal::Linear => (end - start) * pct + start,
        }
    }
}

/// The settings of a [`OneCycleLR`], PyTorch's constructor arguments; `Default` fills in
/// PyTorch's defaults (and NaN, 0 for `max_lr` and `total_steps`, which must be given).
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct OneCycleConfig {
    /// The peak learning rate (`max_lr`).
    pub max_lr: f64,
    /// The number of steps in the cycle (`total_steps`, or `epochs · steps_per_epoch`, see
    /// [`OneCycleConfig::from_epochs`]).
    pub total_steps: usize,
    /// The fraction of the cycle spent increasing the learning rate (`pct_start`, default 0.3).
    pub pct_start: f64,
    /// The annealing curve (`anneal_strategy`, default [`Anneal::Cos`]).
    pub anneal: Anneal,
    /// Cycle the optimizer's momentum (or β₁) inversely to the learning rate (`cycle_momentum`,
    /// default `true`).
    pub cycle_momentum: bool,
    /// The momentum at the peak learning rate (`base_momentum`, default 0.85).
    pub base_momentum: f64,
    /// The momentum at the start and the end (`max_momentum`, default 0.95).
    pub max_momentum: f64,
    /// The first learning rate is `max_lr / div_factor` (`div_factor`, default 25).
    pub div_factor: f64,
    /// The last learning rate is `max_lr / div_factor / final_div_factor` (`final_div_factor`,
    /// default 1e4).
    pub final_div_factor: f64,
    /// Three phases (up, back down to the start, then down to the minimum) as in Smith's paper,
    /// instead of fastai's two (`three_phase`, default `false`).
    pub three_phase: bool,
}

/// PyTorch's defaults. `max_lr` and `total_steps` have no default in PyTorch; here they are NaN
/// and 0, which [`validate`](OneCycleConfig::validate) refuses, so a config that forgets one is a
/// [`ConfigError`] naming it: write `OneCycleConfig { max_lr: 0.1, total_steps: 100,
/// ..Default::default() }`.
impl Default for OneCycleConfig {
    fn default() -> Self {
        OneCycleConfig {
            max_lr: f64::NAN,
            total_steps: 0,
            pct_start: 0.3,
            anneal: Anneal::Cos,
            cycle_momentum: true,
            base_momentum: 0.85,
            max_momentum: 0.95,
            div_factor: 25.0,
            final_div_factor: 1e4,
            three_phase: false,
        }
    }
}

impl OneCycleConfig {
    /// PyTorch's defaults, the length given as `epochs · steps_per_epoch` (PyTorch's `epochs` and
    /// `steps_per_epoch` arguments).
    pub fn from_epochs(max_lr: f64, epochs: usize, steps_per_epoch: usize) -> Self {
        OneCycleConfig {
            max_lr,
            total_steps: epochs.saturating_mul(steps_per_epoch),
            ..Default::default()
        }
    }
}

impl OneCycleConfig {
    /// Checks the settings: `max_lr` ≥ 0 and finite; `total_steps` ≥ 1 and `pct_start` in
    /// [0, 1] (PyTorch's checks); `div_factor` and `final_div_factor` > 0 and finite (the initial
    /// and final learning rates divide by them); with `cycle_momentum`, `base_momentum` and
    /// `max_momentum` ≥ 0 and finite.
    pub fn validate(&self) -> Result<(), ConfigError> {
        check::non_negative("max_lr", self.max_lr)?;
        check::count("total_steps", self.total_steps)?;
        check::unit("pct_start", self.pct_start)?;
        check::positive("div_factor", self.div_factor)?;
        check::positive("final_div_factor", self.final_div_factor)?;
        if self.cycle_momentum {
            check::non_negative("base_momentum", self.base_momentum)?;
            check::non_negative("max_momentum", self.max_momentum)?;
        }
        Ok(())
    }
}

/// One phase: from (lr, momentum) at the previous phase's end to these at `end_step`.
#[derive(Clone, Copy, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
struct Phase {
    end_step: f64,
    start_lr: f64,
    end_lr: f64,
    start_momentum: f64,
    end_momentum: f64,
}

/// `OneCycleLR`: the learning rate rises from ε_init = max_lr/div to max_lr over the first
/// `pct_start` of the cycle and falls to ε_min = ε_init/final_div by its end; momentum does the
/// opposite between `max_momentum` and `base_momentum`.
///
/// PyTorch: `torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr, total_steps=None, epochs=None,
/// steps_per_epoch=None, pct_start=0.3, anneal_strategy="cos", cycle_momentum=True,
/// base_momentum=0.85, max_momentum=0.95, div_factor=25.0, final_div_factor=1e4,
/// three_phase=False)`; Smith & Topin, [Super-Convergence](https://arxiv.org/abs/1708.07120).
///
/// Phases (steps k, n = `total_steps`, p = `pct_start`), each annealed with pct = (k − start)/(end − start):
/// - two phases: ε_init → max_lr until p·n − 1, then max_lr → ε_min until n − 1;
/// - three phases: ε_init → max_lr until p·n − 1, max_lr → ε_init until 2p·n − 2, ε_init → ε_min
///   until n − 1.
///
/// Not chainable; construction ignores the optimizer's learning rate and sets ε_init (and
/// `max_momentum`). Meant to be stepped after every batch, `total_steps` times at most: PyTorch
/// raises on step `total_steps + 1`, typenet keeps the value of step `total_steps` from then on.
/// Momentum is cycled only if `cycle_momentum` is on *and* the optimizer has a momentum
/// ([`Optimizer::momentum`] is `Some`: SGD's momentum, Adam's β₁); PyTorch refuses an optimizer
/// without one.
#[derive(Clone, Copy, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct OneCycleLR {
    config: OneCycleConfig,
    phases: [Phase; 3],
    n_phases: usize,
    initial_lr: f64,
    last_epoch: usize,
    last_lr: f64,
}

impl OneCycleLR {
    /// Sets ε_init (and `max_momentum`) on the optimizer, like PyTorch's constructor.
    ///
    /// # Errors
    /// A [`ConfigError`] (see [`OneCycleConfig::validate`]); the optimizer is then left alone.
    pub fn new<T: Scalar, O: Optimizer<T> + ?Sized>(
        opt: &mut O,
        config: OneCycleConfig,
    ) -> Result<Self, ConfigError> {
        config.validate()?;
        let c = &config;
        let initial_lr = c.max_lr / c.div_factor;
        let min_lr = initial_lr / c.final_div_factor;
        let n = c.total_steps as f64;
        let (max_m, base_m) = (c.max_momentum, c.base_momentum);
        let phase = |end_step, start_lr, end_lr, start_momentum, end_momentum| Phase {
            end_step,
            start_lr,
            end_lr,
            start_momentum,
            end_momentum,
        };
        let up = phase(c.pct_start * n - 1.0, initial_lr, c.max_lr, max_m, base_m);
        let (phases, n_phases) = if c.three_phase {
            (
                [
                    up,
                    phase(
                        2.0 * c.pct_start * n - 2.0,
                        c.max_lr,
                        initial_lr,
                        base_m,
                        max_m,
                    ),
                    phase(n - 1.0, initial_lr, min_lr, max_m, max_m),
                ],
                3,
            )
        } else {
            let down = phase(n - 1.0, c.max_lr, min_lr, base_m, max_m);
            ([up, down, down], 2)
        };
        let mut s = OneCycleLR {
            config,
            phases,
            n_phases,
            initial_lr,
            last_epoch: 0,
            last_lr: initial_lr,
        };
        s.reattach(opt, initial_lr);
        Ok(s)
    }

    /// PyTorch's `get_lr()` at `last_epoch`; writes the momentum as a side effect, as PyTorch does.
    fn apply<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O) {
        let step_num = self.last_epoch as f64;
        let mut start_step = 0.0;
        let mut lr = self.initial_lr;
        for (i, phase) in self.phases[..self.n_phases].iter().enumerate() {
            if step_num <= phase.end_step || i == self.n_phases - 1 {
                // NOTE: an empty phase (a degenerate pct_start) is a division by zero in PyTorch;
                // here it counts as finished.
                let span = phase.end_step - start_step;
                let pct = if span == 0.0 {
                    1.0
                } else {
                    (step_num - start_step) / span
                };
                lr = self.config.anneal.apply(phase.start_lr, phase.end_lr, pct);
                if self.config.cycle_momentum {
                    let m = self
                        .config
                        .anneal
                        .apply(phase.start_momentum, phase.end_momentum, pct);
                    write_momentum(opt, m);
                }
                break;
            }
            start_step = phase.end_step;
        }
        self.last_lr = write_lr(opt, lr);
    }
}

impl Scheduler for OneCycleLR {
    fn step<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O) {
        // NOTE: held at total_steps, where PyTorch raises ValueError.
        self.last_epoch = (self.last_epoch + 1).min(self.config.total_steps);
        self.apply(opt);
    }
    fn last_lr(&self) -> f64 {
        self.last_lr
    }
    fn initial_lr(&self) -> Option<f64> {
        Some(self.initial_lr)
    }
    /// Sets ε_init and `max_momentum` again and performs the initial step; `initial_lr` is
    /// ignored, as PyTorch's `OneCycleLR` sets its own.
    fn reattach<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O, initial_lr: f64) {
        let _ = initial_lr;
        if self.config.cycle_momentum {
            write_momentum(opt, self.config.max_momentum);
        }
        self.last_epoch = 0;
        self.apply(opt);
    }
    fn restart<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O) {
        self.last_epoch = 0;
        self.apply(opt);
    }
}

#[cfg(feature = "serde")]
serde_checked!(
    OneCycleLR {
        config: OneCycleConfig,
        phases: [Phase; 3],
        n_phases: usize,
        initial_lr: f64,
        last_epoch: usize,
        last_lr: f64,
    } | s
        | s.config.validate().and(check::rule(
            "n_phases",
            s.n_phases as f64,
            s.n_phases == 2 || s.n_phases == 3,
            "must be 2 or 3"
        ))
);
