//! PyTorch's `CyclicLR`: triangle waves between two bounds, momentum cycled inversely.

use super::{Scheduler, math, write_lr, write_momentum};
use crate::Scalar;
use crate::error::{ConfigError, check};
use crate::optim::Optimizer;

/// How the amplitude of [`CyclicLR`]'s triangle wave evolves (PyTorch's `mode`).
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum CyclicMode {
    /// `"triangular"` (PyTorch's default): constant amplitude (scale 1).
    Triangular,
    /// `"triangular2"`: the amplitude halves every cycle (scale 1/2^(cycle − 1)).
    Triangular2,
    /// `"exp_range"`: the amplitude decays by γ every step (scale γ^k).
    ExpRange {
        /// γ (PyTorch's `gamma`, default 1.0).
        gamma: f64,
    },
}

/// The argument of a custom scale function (PyTorch's `scale_mode`), see
/// [`CyclicLR::with_scale_fn`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum ScaleMode {
    /// The cycle number, 1, 2, … (`"cycle"`, PyTorch's default).
    Cycle,
    /// The step count k (`"iterations"`).
    Iterations,
}

/// The settings of a [`CyclicLR`], PyTorch's constructor arguments; `Default` fills in
/// PyTorch's defaults (and NaN for the two bounds, which must be given).
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CyclicConfig {
    /// The lower bound of the learning rate, and its first value (`base_lr`).
    pub base_lr: f64,
    /// The upper bound of the learning rate (`max_lr`), reached at the top of the first cycle.
    pub max_lr: f64,
    /// Steps from the bottom to the top of a cycle (`step_size_up`, default 2000).
    pub step_size_up: usize,
    /// Steps from the top back to the bottom (`step_size_down`); `None` (the default) means
    /// `step_size_up`.
    pub step_size_down: Option<usize>,
    /// How the amplitude evolves (`mode`, default [`CyclicMode::Triangular`]).
    pub mode: CyclicMode,
    /// Cycle the optimizer's momentum (or β₁) inversely to the learning rate (`cycle_momentum`,
    /// default `true`).
    pub cycle_momentum: bool,
    /// The momentum at the top of a cycle (`base_momentum`, default 0.8).
    pub base_momentum: f64,
    /// The momentum at the bottom of a cycle, and its first value (`max_momentum`, default 0.9).
    pub max_momentum: f64,
}

/// PyTorch's defaults: triangular, symmetric (`step_size_down` = `step_size_up` = 2000), momentum
/// cycled between 0.8 and 0.9. `base_lr` and `max_lr` have no default in PyTorch; here they are
/// NaN, which [`validate`](CyclicConfig::validate) refuses, so a config that forgets one is a
/// [`ConfigError`] naming it: write `CyclicConfig { base_lr: 0.01, max_lr: 0.1, step_size_up: 4,
/// ..Default::default() }`.
impl Default for CyclicConfig {
    fn default() -> Self {
        CyclicConfig {
            base_lr: f64::NAN,
            max_lr: f64::NAN,
            step_size_up: 2000,
            step_size_down: None,
            mode: CyclicMode::Triangular,
            cycle_momentum: true,
            base_momentum: 0.8,
            max_momentum: 0.9,
        }
    }
}

impl CyclicConfig {
    /// Checks the settings: `base_lr` and `max_lr` ≥ 0 and finite; a cycle of at least one step
    /// (`step_size_up` + `step_size_down`, reported as `step_size_up`); `gamma` of
    /// [`CyclicMode::ExpRange`] ≥ 0 and finite; with `cycle_momentum`, `base_momentum` and
    /// `max_momentum` ≥ 0 and finite. (PyTorch checks only the cycle length; the others would
    /// make the learning rate or the momentum negative or non-finite.)
    pub fn validate(&self) -> Result<(), ConfigError> {
        check::non_negative("base_lr", self.base_lr)?;
        check::non_negative("max_lr", self.max_lr)?;
        let up = self.step_size_up;
        let total = up.saturating_add(self.step_size_down.unwrap_or(up));
        check::rule(
            "step_size_up",
            up as f64,
            total > 0,
            "must make a cycle of at least one step with step_size_down",
        )?;
        if let CyclicMode::ExpRange { gamma } = self.mode {
            check::non_negative("gamma", gamma)?;
        }
        if self.cycle_momentum {
            check::non_negative("base_momentum", self.base_momentum)?;
            check::non_negative("max_momentum", self.max_momentum)?;
        }
        Ok(())
    }
}

/// The scale of the amplitude: a built-in mode or the user's function.
#[derive(Clone, Copy, Debug)]
enum Scale<S> {
    Mode(CyclicMode),
    Custom(S, ScaleMode),
}

/// `CyclicLR`: the learning rate moves linearly from `base_lr` up to `max_lr` over `step_size_up`
/// steps and back down over `step_size_down` steps, the amplitude scaled by the [`CyclicMode`];
/// momentum (or Adam's β₁) moves inversely between `max_momentum` and `base_momentum`.
///
/// PyTorch: `torch.optim.lr_scheduler.CyclicLR(optimizer, base_lr, max_lr, step_size_up=2000,
/// step_size_down=None, mode="triangular", gamma=1.0, scale_fn=None, scale_mode="cycle",
/// cycle_momentum=True, base_momentum=0.8, max_momentum=0.9)`; Smith,
/// [Cyclical Learning Rates](https://arxiv.org/abs/1506.01186). With L = up + down and
/// r = up/L, at step k:
///
/// cycle = ⌊1 + k/L⌋, x = 1 + k/L − cycle, s = x/r if x ≤ r else (x − 1)/(r − 1),
///
/// ε_k = base_lr + (max_lr − base_lr)·s·scale, m_k = max_m − (max_m − base_m)·s·scale.
///
/// Not chainable: the value is computed from `base_lr` and `max_lr` alone. Construction ignores
/// the optimizer's learning rate and sets `base_lr` (and `max_momentum`). Meant to be stepped
/// after every batch. Momentum is cycled only if `cycle_momentum` is on *and* the optimizer has a
/// momentum ([`Optimizer::momentum`] is `Some`); PyTorch refuses an optimizer without one, typenet
/// cycles its learning rate alone.
#[derive(Clone, Copy, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CyclicLR<S = fn(f64) -> f64> {
    config: CyclicConfig,
    #[cfg_attr(feature = "serde", serde(skip))]
    scale: Scale<S>,
    total_size: f64,
    step_ratio: f64,
    last_epoch: usize,
    last_lr: f64,
}

impl CyclicLR {
    /// Sets `base_lr` (and `max_momentum`) on the optimizer, like PyTorch's constructor.
    ///
    /// # Errors
    /// A [`ConfigError`] (see [`CyclicConfig::validate`]); the optimizer is then left alone.
    pub fn new<T: Scalar, O: Optimizer<T> + ?Sized>(
        opt: &mut O,
        config: CyclicConfig,
    ) -> Result<Self, ConfigError> {
        Self::build(opt, config, Scale::Mode(config.mode))
    }
}

impl<S: FnMut(f64) -> f64> CyclicLR<S> {
    /// PyTorch's `scale_fn` and `scale_mode`: the amplitude scaled by `scale_fn(cycle)` or
    /// `scale_fn(k)` (0 ≤ f ≤ 1) instead of `config.mode`, which is ignored (as in PyTorch).
    ///
    /// # Errors
    /// As [`new`](CyclicLR::new).
    pub fn with_scale_fn<T: Scalar, O: Optimizer<T> + ?Sized>(
        opt: &mut O,
        config: CyclicConfig,
        scale_fn: S,
        scale_mode: ScaleMode,
    ) -> Result<Self, ConfigError> {
        Self::build(opt, config, Scale::Custom(scale_fn, scale_mode))
    }

    fn build<T: Scalar, O: Optimizer<T> + ?Sized>(
        opt: &mut O,
        config: CyclicConfig,
        scale: Scale<S>,
    ) -> Result<Self, ConfigError> {
        config.validate()?;
        let up = config.step_size_up as f64;
        let down = config.step_size_down.map_or(up, |d| d as f64);
        let total_size = up + down;
        let mut s = CyclicLR {
            config,
            scale,
            total_size,
            step_ratio: up / total_size,
            last_epoch: 0,
            last_lr: config.base_lr,
        };
        s.reattach(opt, config.base_lr);
        Ok(s)
    }

    /// PyTorch's `get_lr()` at `last_epoch`; writes the momentum as a side effect, as PyTorch does.
    fn apply<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O) {
        let k = self.last_epoch as f64;
        let cycle = math::floor(1.0 + k / self.total_size);
        let x = 1.0 + k / self.total_size - cycle;
        let scale_factor = if x <= self.step_ratio {
            x / self.step_ratio
        } else {
            (x - 1.0) / (self.step_ratio - 1.0)
        };
        let scale = match &mut self.scale {
            Scale::Mode(CyclicMode::Triangular) => 1.0,
            Scale::Mode(CyclicMode::Triangular2) => 1.0 / math::pow(2.0, cycle - 1.0),
            Scale::Mode(CyclicMode::ExpRange { gamma }) => math::pow(*gamma, k),
            Scale::Custom(scale_fn, ScaleMode::Cycle) => scale_fn(cycle),
            Scale::Custom(scale_fn, ScaleMode::Iterations) => scale_fn(k),
        };
        let c = &self.config;
        let base_height = (c.max_lr - c.base_lr) * scale_factor;
        let lr = c.base_lr + base_height * scale;
        if c.cycle_momentum {
            let base_height = (c.max_momentum - c.base_momentum) * scale_factor;
            write_momentum(opt, c.max_momentum - base_height * scale);
        }
        self.last_lr = write_lr(opt, lr);
    }
}

impl<S: FnMut(f64) -> f64> Scheduler for CyclicLR<S> {
    fn step<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O) {
        self.last_epoch += 1;
        self.apply(opt);
    }
    fn last_lr(&self) -> f64 {
        self.last_lr
    }
    fn initial_lr(&self) -> Option<f64> {
        Some(self.config.base_lr)
    }
    /// Sets `base_lr` and `max_momentum` again and the initial step; `initial_lr` is ignored, as
    /// PyTorch's `CyclicLR` uses its own `base_lr`.
    fn reattach<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O, initial_lr: f64) {
        let _ = initial_lr;
        write_lr(opt, self.config.base_lr);
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

// NOTE: the scale (a built-in mode or a custom function) stays the one `self` was built with:
// build the scheduler with the same settings as the saved one, then load its state.
#[cfg(feature = "serde")]
serde_in_place!(CyclicLR [S] [S] {
    config: CyclicConfig,
    total_size: f64,
    step_ratio: f64,
    last_epoch: usize,
    last_lr: f64,
} |s| s.config.validate());
