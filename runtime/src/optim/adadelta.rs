//! AdaDelta: PyTorch's `Adadelta`.
//!
//! Zeiler, "ADADELTA: An Adaptive Learning Rate Method" (2012)
//! (<https://arxiv.org/abs/1212.5701>).
//!
//! # Algorithm (PyTorch's)
//! With gradient g_t (negated if `maximize`), lr γ, decay ρ, weight decay λ:
//!
//! ```text
//! g ← g_t + λ·θ                         (if λ ≠ 0)
//! v ← ρ·v + (1 − ρ)·g²
//! Δ ← √(u + ε) / √(v + ε) · g
//! u ← ρ·u + (1 − ρ)·Δ²
//! θ ← θ − γ·Δ
//! ```
//!
//! # Conventions
//! - The paper has no learning rate (it is γ = 1, PyTorch's default); PyTorch scales Δ by γ.
//! - ε sits inside both square roots (the paper's RMS[x] = √(E[x²] + ε)); PyTorch's default
//!   ε = 1e-6 is the paper's. TensorFlow/Keras use ε = 1e-7 and γ = 0.001.

use super::{
    BuildError, FiniteGrads, FixedBuffer, Mode, Optimizer, Path, Pre, Proof, Range, Rule,
    StateBuffer, StepError, check_len, common, run2, sqrt, taken,
};
use crate::Scalar;
use crate::error::{ConfigError, check};

/// Hyperparameters of [`Adadelta`], with PyTorch's names and defaults.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AdadeltaConfig<T> {
    /// Learning rate γ, scaling Δ. Defaults to `1.0`.
    pub lr: T,
    /// Decay ρ of the running averages. Defaults to `0.9`.
    pub rho: T,
    /// ε, inside the square roots. Defaults to `1e-6`.
    pub eps: T,
    /// L2 penalty λ (added to the gradient). Defaults to `0`.
    pub weight_decay: T,
    /// Maximise the objective instead of minimising it. Defaults to `false`.
    pub maximize: bool,
}

impl<T: Scalar> Default for AdadeltaConfig<T> {
    fn default() -> Self {
        AdadeltaConfig {
            lr: T::one(),
            rho: T::lit(0.9),
            eps: T::lit(1e-6),
            weight_decay: T::zero(),
            maximize: false,
        }
    }
}

impl<T: Scalar> AdadeltaConfig<T> {
    /// Checks every hyperparameter, as PyTorch's constructor does (plus finiteness), in field
    /// order; the first invalid one is the error:
    /// - `lr` ≥ 0 and finite
    /// - `rho` in [0, 1]
    /// - `eps` ≥ 0 and finite
    /// - `weight_decay` ≥ 0 and finite
    ///
    /// The constructors call it, and so does every step (the fields may be changed between
    /// steps).
    pub fn validate(&self) -> Result<(), ConfigError> {
        check::non_negative("lr", self.lr.to_f64())?;
        check::unit("rho", self.rho.to_f64())?;
        check::non_negative("eps", self.eps.to_f64())?;
        check::non_negative("weight_decay", self.weight_decay.to_f64())?;
        Ok(())
    }
}

/// AdaDelta (PyTorch's `torch.optim.Adadelta`).
///
/// State: the running averages of squared gradients v and of squared updates u, one value each
/// per parameter.
#[derive(Clone, Debug)]
pub struct Adadelta<T: Scalar, S: StateBuffer<T>> {
    /// Hyperparameters; may be changed between steps.
    pub config: AdadeltaConfig<T>,
    square_avg: S,
    acc_delta: S,
    /// What is known of each state buffer's values (in field order), for the bound proof.
    known: [Option<Range>; 3],
    step: u64,
}

common!(Adadelta, AdadeltaConfig, cfg; square_avg = T::zero(), acc_delta = T::zero());

#[derive(Clone, Copy)]
struct AdadeltaRule<T> {
    rho: T,
    one_minus_rho: T,
    eps: T,
    lr: T,
}

impl<T: Scalar> Rule<T, 2> for AdadeltaRule<T> {
    #[inline(always)]
    fn update(&self, p: T, g: T, [v, u]: [T; 2]) -> (T, [T; 2]) {
        let v = v * self.rho + self.one_minus_rho * g * g;
        let std = (v + self.eps).sqrt();
        let delta = (u + self.eps).sqrt() / std * g;
        let u = u * self.rho + self.one_minus_rho * delta * delta;
        (p - self.lr * delta, [v, u])
    }
    /// v′ = ρv + (1 − ρ)g² ∈ [0, ρV + (1 − ρ)G²] (see `Proof::ema_sq`). With u ≥ 0 and
    /// ε > 0: √(u + ε) ≤ √(U + ε) and √(v′ + ε) ≥ √ε, so |Δ| ≤ √(U + ε)·G/√ε. Also, since
    /// v′ ≥ (1 − ρ)g² (the other term is ≥ 0), g²/(v′ + ε) ≤ 1/(1 − ρ) and
    /// |Δ| ≤ √(U + ε)/√(1 − ρ); the smaller bound is used. (With rounding: v′ ≥ (1 − ρ)g²
    /// up to relative and underflow errors that ε ≥ 2²⁰·min_T absorbs, covered by `up`.)
    /// u′ = ρu + (1 − ρ)Δ² ∈ [0, ρU + (1 − ρ)D²], δ = γΔ.
    #[inline(always)]
    fn bound(&self, proof: &mut Proof, g: f64, [v, u]: [Range; 2]) -> [Range; 2] {
        let v = proof.ema_sq(v, g, self.rho, self.one_minus_rho);
        proof.require(u.lo >= 0.0);
        let eps = proof.pos(self.eps);
        let num = proof.up(sqrt(proof.up(u.hi + eps)));
        // NOTE: computed as (√(u + ε)/√(v′ + ε))·g: the ratio is bounded too, since |g| < 1
        // would hide it.
        let ratio = proof.up(num / sqrt(eps));
        let by_eps = proof.up(ratio * g);
        let omr = self.one_minus_rho.to_f64();
        let d = if omr > 0.0 {
            let by_v = proof.up(proof.up(num / sqrt(omr)));
            if by_v < by_eps { by_v } else { by_eps }
        } else {
            by_eps
        };
        let u = proof.ema_sq(u, d, self.rho, self.one_minus_rho);
        let lr = proof.h(self.lr);
        proof.up(lr * d);
        [v, u]
    }
}

impl<T: Scalar, S: StateBuffer<T>> Adadelta<T, S> {
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
        let rule = AdadeltaRule {
            rho: c.rho,
            one_minus_rho: T::lit(1.0 - c.rho.to_f64()),
            eps: c.eps,
            lr: c.lr,
        };
        let [k0, k1, _] = &mut self.known;
        let r = run2(
            mode,
            Pre::grad(c.maximize, c.weight_decay),
            &rule,
            params,
            grads,
            (self.square_avg.as_mut_slice(), k0),
            (self.acc_delta.as_mut_slice(), k1),
        );
        if taken(&r) {
            self.step += 1;
        }
        r
    }
}

impl<T: Scalar, S: StateBuffer<T>> Optimizer<T> for Adadelta<T, S> {
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
