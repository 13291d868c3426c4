//! Adagrad: PyTorch's `Adagrad`.
//!
//! Duchi, Hazan & Singer, "Adaptive Subgradient Methods for Online Learning and Stochastic
//! Optimization", JMLR 12 (2011) (<https://jmlr.org/papers/v12/duchi11a.html>).
//!
//! # Algorithm (PyTorch's)
//! With gradient g_t (negated if `maximize`), lr γ, learning-rate decay η, weight decay λ,
//! step t ≥ 1:
//!
//! ```text
//! g ← g_t + λ·θ                 (if λ ≠ 0)
//! γ̃ ← γ / (1 + (t − 1)·η)
//! s ← s + g²                    (s starts at `initial_accumulator_value`)
//! θ ← θ − γ̃ · g / (√s + ε)
//! ```
//!
//! # Conventions
//! - The accumulator starts at `initial_accumulator_value`, 0 by default (PyTorch);
//!   TensorFlow's `Adagrad` starts it at 0.1 and Keras's at 0.1 as well. Set the field to
//!   reproduce those.
//! - ε is added outside the square root, ε = 1e-10 by default (PyTorch); TensorFlow uses 1e-7.

use super::{
    BuildError, FiniteGrads, FixedBuffer, Mode, Optimizer, Path, Pre, Proof, Range, Rule,
    StateBuffer, StepError, check_len, common, run1, taken,
};
use crate::Scalar;
use crate::error::{ConfigError, check};

/// Hyperparameters of [`Adagrad`], with PyTorch's names and defaults.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AdagradConfig<T> {
    /// Learning rate γ. Defaults to `1e-2`.
    pub lr: T,
    /// Learning-rate decay η: step t uses γ/(1 + (t − 1)η). Defaults to `0`.
    pub lr_decay: T,
    /// L2 penalty λ (added to the gradient). Defaults to `0`.
    pub weight_decay: T,
    /// The accumulator's starting value. Defaults to `0`.
    pub initial_accumulator_value: T,
    /// ε, added to √s. Defaults to `1e-10`.
    pub eps: T,
    /// Maximise the objective instead of minimising it. Defaults to `false`.
    pub maximize: bool,
}

impl<T: Scalar> Default for AdagradConfig<T> {
    fn default() -> Self {
        AdagradConfig {
            lr: T::lit(1e-2),
            lr_decay: T::zero(),
            weight_decay: T::zero(),
            initial_accumulator_value: T::zero(),
            eps: T::lit(1e-10),
            maximize: false,
        }
    }
}

impl<T: Scalar> AdagradConfig<T> {
    /// Checks every hyperparameter, as PyTorch's constructor does (plus finiteness), in field
    /// order; the first invalid one is the error:
    /// - `lr` ≥ 0 and finite
    /// - `lr_decay` ≥ 0 and finite
    /// - `weight_decay` ≥ 0 and finite
    /// - `initial_accumulator_value` ≥ 0 and finite
    /// - `eps` ≥ 0 and finite
    ///
    /// The constructors call it, and so does every step (the fields may be changed between
    /// steps).
    pub fn validate(&self) -> Result<(), ConfigError> {
        check::non_negative("lr", self.lr.to_f64())?;
        check::non_negative("lr_decay", self.lr_decay.to_f64())?;
        check::non_negative("weight_decay", self.weight_decay.to_f64())?;
        check::non_negative(
            "initial_accumulator_value",
            self.initial_accumulator_value.to_f64(),
        )?;
        check::non_negative("eps", self.eps.to_f64())?;
        Ok(())
    }
}

/// Adagrad (PyTorch's `torch.optim.Adagrad`).
///
/// State: the sum of squared gradients s, one value per parameter; the step t.
#[derive(Clone, Debug)]
pub struct Adagrad<T: Scalar, S: StateBuffer<T>> {
    /// Hyperparameters; may be changed between steps (`initial_accumulator_value` only takes
    /// effect at construction or [`reset`](Adagrad::reset)).
    pub config: AdagradConfig<T>,
    sum: S,
    /// What is known of each state buffer's values (in field order), for the bound proof.
    known: [Option<Range>; 3],
    step: u64,
}

common!(Adagrad, AdagradConfig, cfg; sum = cfg.initial_accumulator_value);

#[derive(Clone, Copy)]
struct AdagradRule<T> {
    eps: T,
    neg_clr: T,
}

impl<T: Scalar> Rule<T, 1> for AdagradRule<T> {
    #[inline(always)]
    fn update(&self, p: T, g: T, [s]: [T; 1]) -> (T, [T; 1]) {
        let s = s + g * g;
        let std = s.sqrt() + self.eps;
        (p + self.neg_clr * (g / std), [s])
    }
    /// s ≥ 0 stays ≥ 0 (adding g² ≥ 0 rounds upwards or stays) and s′ ≤ S + G².
    /// √s′ + ε ≥ ε > 0, so |g/(√s′ + ε)| ≤ G/ε and |δ| ≤ |γ̃|·G/ε.
    #[inline(always)]
    fn bound(&self, proof: &mut Proof, g: f64, [s]: [Range; 1]) -> [Range; 1] {
        proof.require(s.lo >= 0.0);
        let g2 = proof.up(g * g);
        let hi = proof.up(s.hi + g2);
        let eps = proof.pos(self.eps);
        let q = proof.up(g / eps);
        let clr = proof.h(self.neg_clr);
        proof.up(clr * q);
        [Range { lo: s.lo, hi }]
    }
}

impl<T: Scalar, S: StateBuffer<T>> Adagrad<T, S> {
    /// One step in `mode`; which path an all-or-nothing step took.
    #[inline(always)]
    pub(crate) fn apply(
        &mut self,
        params: &mut [T],
        grads: &[T],
        mode: Mode,
    ) -> Result<Path, StepError> {
        self.config.validate()?;
        check_len(self.num_params(), params, grads)?;
        let c = &self.config;
        let t = (self.step + 1) as f64;
        let clr = c.lr.to_f64() / (1.0 + (t - 1.0) * c.lr_decay.to_f64());
        let rule = AdagradRule {
            eps: c.eps,
            neg_clr: T::lit(-clr),
        };
        let r = run1(
            mode,
            Pre::grad(c.maximize, c.weight_decay),
            &rule,
            params,
            grads,
            (self.sum.as_mut_slice(), &mut self.known[0]),
        );
        if taken(&r) {
            self.step += 1;
        }
        r
    }
}

impl<T: Scalar, S: StateBuffer<T>> Optimizer<T> for Adagrad<T, S> {
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
}
