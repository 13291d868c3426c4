//! Adamax, Adam with the infinity norm: PyTorch's `Adamax`.
//!
//! Kingma & Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015, section 7.1
//! (<https://arxiv.org/abs/1412.6980>).
//!
//! # Algorithm (PyTorch's)
//! With gradient g_t (negated if `maximize`), lr γ, betas (β₁, β₂), weight decay λ, step t ≥ 1:
//!
//! ```text
//! g ← g_t + λ·θ                     (if λ ≠ 0)
//! m ← β₁·m + (1 − β₁)·g
//! u ← max(β₂·u, |g| + ε)
//! θ ← θ − γ/(1 − β₁ᵗ) · m/u
//! ```
//!
//! # Conventions
//! - ε is added to |g| *inside* the maximum (PyTorch). The paper has no ε
//!   (u ← max(β₂u, |g|)); TensorFlow/Keras add ε to the denominator, m/(u + ε).

use super::{
    BuildError, FiniteGrads, FixedBuffer, Mode, Optimizer, Path, Pre, Proof, Range, Rule,
    StateBuffer, StepError, check_len, common, lerp, max, powf, run2, taken,
};
use crate::Scalar;
use crate::error::{ConfigError, check};

/// Hyperparameters of [`Adamax`], with PyTorch's names and defaults.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AdamaxConfig<T> {
    /// Learning rate γ. Defaults to `2e-3`.
    pub lr: T,
    /// Decay rates (β₁, β₂) of the first moment and of the infinity norm. Defaults to
    /// `(0.9, 0.999)`.
    pub betas: (T, T),
    /// ε, added to |g| inside the maximum. Defaults to `1e-8`.
    pub eps: T,
    /// L2 penalty λ (added to the gradient). Defaults to `0`.
    pub weight_decay: T,
    /// Maximise the objective instead of minimising it. Defaults to `false`.
    pub maximize: bool,
}

impl<T: Scalar> Default for AdamaxConfig<T> {
    fn default() -> Self {
        AdamaxConfig {
            lr: T::lit(2e-3),
            betas: (T::lit(0.9), T::lit(0.999)),
            eps: T::lit(1e-8),
            weight_decay: T::zero(),
            maximize: false,
        }
    }
}

impl<T: Scalar> AdamaxConfig<T> {
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
        check::adam_family(
            self.lr.to_f64(),
            (self.betas.0.to_f64(), self.betas.1.to_f64()),
            self.eps.to_f64(),
            self.weight_decay.to_f64(),
        )?;
        Ok(())
    }
}

/// Adamax (PyTorch's `torch.optim.Adamax`).
///
/// State: m and the exponentially weighted infinity norm u, one value each per parameter; the
/// step t.
#[derive(Clone, Debug)]
pub struct Adamax<T: Scalar, S: StateBuffer<T>> {
    /// Hyperparameters; may be changed between steps.
    pub config: AdamaxConfig<T>,
    exp_avg: S,
    exp_inf: S,
    /// What is known of each state buffer's values (in field order), for the bound proof.
    known: [Option<Range>; 3],
    step: u64,
}

common!(Adamax, AdamaxConfig, cfg; exp_avg = T::zero(), exp_inf = T::zero());

#[derive(Clone, Copy)]
struct AdamaxRule<T> {
    one_minus_beta1: T,
    beta2: T,
    eps: T,
    neg_clr: T,
}

impl<T: Scalar> Rule<T, 2> for AdamaxRule<T> {
    #[inline(always)]
    fn update(&self, p: T, g: T, [m, u]: [T; 2]) -> (T, [T; 2]) {
        let m = lerp(m, g, self.one_minus_beta1);
        let u = max(u * self.beta2, g.abs() + self.eps);
        (p + self.neg_clr * (m / u), [m, u])
    }
    /// m′ as Adam's. u′ = max(β₂u, |g| + ε) ≥ |g| + ε ≥ ε > 0 (the compare-and-select
    /// returns the larger of two finite values), and u′ ≤ max(|β₂|·U, G + ε). So
    /// |δ| ≤ γ/(1 − β₁ᵗ)·|m′|/ε.
    #[inline(always)]
    fn bound(&self, proof: &mut Proof, g: f64, [m, u]: [Range; 2]) -> [Range; 2] {
        let m = proof.lerp(m, g, self.one_minus_beta1);
        let eps = proof.pos(self.eps);
        let decayed = proof.up(proof.h(self.beta2) * u.mag());
        let fresh = proof.up(g + eps);
        let u = Range {
            lo: eps,
            hi: decayed.max(fresh),
        };
        let q = proof.up(m.mag() / eps);
        let clr = proof.h(self.neg_clr);
        proof.up(clr * q);
        [m, u]
    }
}

impl<T: Scalar, S: StateBuffer<T>> Adamax<T, S> {
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
        let beta1 = c.betas.0.to_f64();
        let bias_correction = 1.0 - powf(beta1, (self.step + 1) as f64);
        let rule = AdamaxRule {
            one_minus_beta1: T::lit(1.0 - beta1),
            beta2: c.betas.1,
            eps: c.eps,
            neg_clr: T::lit(-(c.lr.to_f64() / bias_correction)),
        };
        let [k0, k1, _] = &mut self.known;
        let r = run2(
            mode,
            Pre::grad(c.maximize, c.weight_decay),
            &rule,
            params,
            grads,
            (self.exp_avg.as_mut_slice(), k0),
            (self.exp_inf.as_mut_slice(), k1),
        );
        if taken(&r) {
            self.step += 1;
        }
        r
    }
}

impl<T: Scalar, S: StateBuffer<T>> Optimizer<T> for Adamax<T, S> {
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
