//! AdamW, Adam with decoupled weight decay: PyTorch's `AdamW`.
//!
//! Loshchilov & Hutter, "Decoupled Weight Decay Regularization", ICLR 2019
//! (<https://arxiv.org/abs/1711.05101>).
//!
//! # Algorithm (PyTorch's)
//! [`Adam`](super::Adam)'s update, except that the weight decay λ shrinks the parameters
//! directly instead of entering the gradient (and so the moments):
//!
//! ```text
//! θ ← θ·(1 − γ·λ)
//! m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²,   v̂ ← max(v̂, v) (AMSGrad)
//! θ ← θ − γ/(1 − β₁ᵗ) · m / (√(v or v̂) / √(1 − β₂ᵗ) + ε)
//! ```
//!
//! # Conventions
//! - The decay is multiplied by the learning rate γ (PyTorch's form, θ·(1 − γλ)); the paper
//!   writes it with a separate schedule multiplier η_t and λ not scaled by α.
//! - The default `weight_decay` is `1e-2` (PyTorch's `AdamW` default), not Adam's 0.
//! - ε is placed as in [`Adam`](super::Adam) (after bias correction, PyTorch's convention).

use super::adam::{AdamConfig, adam_rule, adam_step};
use super::{
    BuildError, FiniteGrads, FixedBuffer, Mode, Optimizer, Path, Range, StateBuffer, StepError,
    check_len, common, taken, valid,
};
use crate::Scalar;
use crate::error::{ConfigError, check};

/// Hyperparameters of [`AdamW`], with PyTorch's names and defaults.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AdamWConfig<T> {
    /// Learning rate γ. Defaults to `1e-3`.
    pub lr: T,
    /// Decay rates (β₁, β₂) of the moment estimates. Defaults to `(0.9, 0.999)`.
    pub betas: (T, T),
    /// ε, added to the bias-corrected denominator. Defaults to `1e-8`.
    pub eps: T,
    /// Decoupled weight decay λ. Defaults to `1e-2`.
    pub weight_decay: T,
    /// Use AMSGrad. Defaults to `false`.
    pub amsgrad: bool,
    /// Maximise the objective instead of minimising it. Defaults to `false`.
    pub maximize: bool,
}

impl<T: Scalar> Default for AdamWConfig<T> {
    fn default() -> Self {
        AdamWConfig {
            lr: T::lit(1e-3),
            betas: (T::lit(0.9), T::lit(0.999)),
            eps: T::lit(1e-8),
            weight_decay: T::lit(1e-2),
            amsgrad: false,
            maximize: false,
        }
    }
}

impl<T: Scalar> AdamWConfig<T> {
    /// Checks every hyperparameter, as PyTorch's constructor does (plus finiteness), in field
    /// order; the first invalid one is the error:
    /// - `lr` ≥ 0 and finite
    /// - `betas.0` in [0, 1)
    /// - `betas.1` in [0, 1)
    /// - `eps` ≥ 0 and finite
    /// - `weight_decay` ≥ 0 and finite
    ///
    /// The constructors call it, and so does every step (the fields may be changed between
    /// steps).
    pub fn validate(&self) -> Result<(), ConfigError> {
        let c = self;
        if valid([c.lr, c.eps, c.weight_decay], [], [c.betas.0, c.betas.1]) {
            return Ok(());
        }
        check::adam_family(
            self.lr.to_f64(),
            (self.betas.0.to_f64(), self.betas.1.to_f64()),
            self.eps.to_f64(),
            self.weight_decay.to_f64(),
        )?;
        Ok(())
    }
}

impl<T: Scalar> From<AdamWConfig<T>> for AdamConfig<T> {
    /// The equivalent [`AdamConfig`], with `decoupled_weight_decay` set.
    fn from(c: AdamWConfig<T>) -> Self {
        AdamConfig {
            lr: c.lr,
            betas: c.betas,
            eps: c.eps,
            weight_decay: c.weight_decay,
            amsgrad: c.amsgrad,
            maximize: c.maximize,
            decoupled_weight_decay: true,
        }
    }
}

/// AdamW (PyTorch's `torch.optim.AdamW`).
///
/// State: m, v and (used only with `amsgrad`) v̂, one value each per parameter; the step t.
#[derive(Clone, Debug)]
pub struct AdamW<T: Scalar, S: StateBuffer<T>> {
    /// Hyperparameters; may be changed between steps.
    pub config: AdamWConfig<T>,
    exp_avg: S,
    exp_avg_sq: S,
    max_exp_avg_sq: S,
    /// What is known of each state buffer's values (in field order), for the bound proof.
    known: [Option<Range>; 3],
    step: u64,
}

common!(AdamW, AdamWConfig, cfg; exp_avg = T::zero(), exp_avg_sq = T::zero(), max_exp_avg_sq = T::zero());

impl<T: Scalar, S: StateBuffer<T>> AdamW<T, S> {
    /// One step in `mode`; which path an all-or-nothing step took.
    #[inline(always)]
    pub(crate) fn apply(
        &mut self,
        params: &mut [T],
        grads: &[T],
        mode: Mode,
    ) -> Result<Path, StepError> {
        // NOTE: the per-step scalars first (see `Adam::apply`).
        let config = self.config.into();
        let rule = adam_rule(&config, self.step + 1);
        self.config.validate()?;
        check_len(self.num_params(), params, grads)?;
        let r = adam_step(
            mode,
            &config,
            rule,
            params,
            grads,
            [
                self.exp_avg.as_mut_slice(),
                self.exp_avg_sq.as_mut_slice(),
                self.max_exp_avg_sq.as_mut_slice(),
            ],
            &mut self.known,
        );
        if taken(&r) {
            self.step += 1;
        }
        r
    }
}

impl<T: Scalar, S: StateBuffer<T>> Optimizer<T> for AdamW<T, S> {
    fn step(&mut self, params: &mut [T], grads: &[T]) -> Result<(), StepError> {
        self.apply(params, grads, Mode::AllOrNothing).map(drop)
    }
    fn step_finite(
        &mut self,
        params: &mut [T],
        grads: FiniteGrads<'_, T>,
    ) -> Result<(), StepError> {
        self.apply(params, grads.as_slice(), Mode::Finite(grads.max_abs()))
            .map(drop)
    }
    fn step_scaled(&mut self, params: &mut [T], grads: &mut [T], s: T) -> Result<(), StepError> {
        step_scaled!(self, params, grads, s, apply)
    }
    fn step_elementwise(&mut self, params: &mut [T], grads: &[T]) -> Result<(), StepError> {
        self.apply(params, grads, Mode::Elementwise).map(drop)
    }
    fn learning_rate(&self) -> T {
        self.config.lr
    }
    fn set_learning_rate(&mut self, lr: T) {
        self.config.lr = lr;
    }
    fn momentum(&self) -> Option<T> {
        Some(self.config.betas.0)
    }
    fn set_momentum(&mut self, momentum: T) {
        self.config.betas.0 = momentum;
    }
}
