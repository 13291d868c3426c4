//! RAdam, rectified Adam: PyTorch's `RAdam`.
//!
//! Liu et al., "On the Variance of the Adaptive Learning Rate and Beyond", ICLR 2020
//! (<https://arxiv.org/abs/1908.03265>); decoupled weight decay as in Loshchilov & Hutter
//! (<https://arxiv.org/abs/1711.05101>).
//!
//! # Algorithm (PyTorch's)
//! With gradient g_t (negated if `maximize`), lr γ, betas (β₁, β₂), weight decay λ, step t ≥ 1:
//!
//! ```text
//! g ← g_t + λ·θ   (not decoupled),   θ ← θ·(1 − γλ)   (decoupled)   (if λ ≠ 0)
//! m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²
//! m̂ = m/(1 − β₁ᵗ)
//! ρ_∞ = 2/(1 − β₂) − 1,   ρ_t = ρ_∞ − 2t·β₂ᵗ/(1 − β₂ᵗ)
//! if ρ_t > 5:  r = √((ρ_t − 4)(ρ_t − 2)ρ_∞ / ((ρ_∞ − 4)(ρ_∞ − 2)ρ_t)),
//!              l = √(1 − β₂ᵗ)/(√v + ε),   θ ← θ − γ·m̂·l·r
//! else:        θ ← θ − γ·m̂          (un-adapted momentum SGD)
//! ```
//!
//! # Conventions
//! - The rectification threshold is ρ_t > 5 (PyTorch and the authors' code); the paper's
//!   Algorithm 2 says ρ_t > 4. With β₂ = 0.999 the first 5 steps are momentum SGD.
//! - ε is added to √v before the bias correction √(1 − β₂ᵗ) is applied (PyTorch).

use super::{
    BuildError, FiniteGrads, FixedBuffer, Mode, Optimizer, Path, Pre, Proof, Range, Rule,
    StateBuffer, StepError, check_len, common, lerp, powf, run2, sqrt, taken,
};
use crate::Scalar;
use crate::error::{ConfigError, check};

/// Hyperparameters of [`RAdam`], with PyTorch's names and defaults.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RAdamConfig<T> {
    /// Learning rate γ. Defaults to `1e-3`.
    pub lr: T,
    /// Decay rates (β₁, β₂) of the moment estimates. Defaults to `(0.9, 0.999)`.
    pub betas: (T, T),
    /// ε, added to √v. Defaults to `1e-8`.
    pub eps: T,
    /// Weight decay λ. Defaults to `0`.
    pub weight_decay: T,
    /// Decay the weights directly (θ ← θ·(1 − γλ), as AdamW) instead of adding λθ to the
    /// gradient. Defaults to `false`.
    pub decoupled_weight_decay: bool,
    /// Maximise the objective instead of minimising it. Defaults to `false`.
    pub maximize: bool,
}

impl<T: Scalar> Default for RAdamConfig<T> {
    fn default() -> Self {
        RAdamConfig {
            lr: T::lit(1e-3),
            betas: (T::lit(0.9), T::lit(0.999)),
            eps: T::lit(1e-8),
            weight_decay: T::zero(),
            decoupled_weight_decay: false,
            maximize: false,
        }
    }
}

impl<T: Scalar> RAdamConfig<T> {
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

/// RAdam (PyTorch's `torch.optim.RAdam`).
///
/// State: m and v, one value each per parameter; the step t.
#[derive(Clone, Debug)]
pub struct RAdam<T: Scalar, S: StateBuffer<T>> {
    /// Hyperparameters; may be changed between steps.
    pub config: RAdamConfig<T>,
    exp_avg: S,
    exp_avg_sq: S,
    /// What is known of each state buffer's values (in field order), for the bound proof.
    known: [Option<Range>; 3],
    step: u64,
}

common!(RAdam, RAdamConfig, cfg; exp_avg = T::zero(), exp_avg_sq = T::zero());

/// `RECT`: whether this step is rectified (ρ_t > 5), decided once per step.
#[derive(Clone, Copy)]
struct RAdamRule<T, const RECT: bool> {
    one_minus_beta1: T,
    beta2: T,
    one_minus_beta2: T,
    bias_correction1: T,
    bias_correction2_sqrt: T,
    eps: T,
    lr: T,
    rect: T,
}

impl<T: Scalar, const RECT: bool> Rule<T, 2> for RAdamRule<T, RECT> {
    #[inline(always)]
    fn update(&self, p: T, g: T, [m, v]: [T; 2]) -> (T, [T; 2]) {
        let m = lerp(m, g, self.one_minus_beta1);
        let v = v * self.beta2 + self.one_minus_beta2 * g * g;
        let m_hat = m / self.bias_correction1;
        let p = if RECT {
            let adaptive = self.bias_correction2_sqrt / (v.sqrt() + self.eps);
            p - m_hat * self.lr * adaptive * self.rect
        } else {
            p - m_hat * self.lr
        };
        (p, [m, v])
    }
    /// m′, v′ as Adam's; m̂ = m′/(1 − β₁ᵗ) with 1 − β₁ᵗ > 0: |m̂| ≤ |m′|/(1 − β₁ᵗ).
    /// Rectified: √v′ + ε ≥ ε > 0, so the adaptive factor is ≤ √(1 − β₂ᵗ)/ε and
    /// |δ| ≤ |m̂|·γ·√(1 − β₂ᵗ)/ε·r. Otherwise |δ| ≤ |m̂|·γ.
    #[inline(always)]
    fn bound(&self, proof: &mut Proof, g: f64, [m, v]: [Range; 2]) -> [Range; 2] {
        let m = proof.lerp(m, g, self.one_minus_beta1);
        let v = proof.ema_sq(v, g, self.beta2, self.one_minus_beta2);
        let bc1 = proof.pos(self.bias_correction1);
        let m_hat = proof.up(m.mag() / bc1);
        let lr = proof.h(self.lr);
        let step = proof.up(m_hat * lr);
        if RECT {
            let eps = proof.pos(self.eps);
            let adaptive = proof.up(proof.h(self.bias_correction2_sqrt) / eps);
            let rect = proof.h(self.rect);
            // NOTE: computed as ((m̂·γ)·adaptive)·r: the middle product is bounded too, since
            // r < 1 would hide it.
            proof.up(step * adaptive);
            proof.up(step * adaptive * rect);
        }
        [m, v]
    }
}

impl<T: Scalar, S: StateBuffer<T>> RAdam<T, S> {
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
        let (beta1, beta2) = (c.betas.0.to_f64(), c.betas.1.to_f64());
        let bias_correction1 = 1.0 - powf(beta1, t);
        let bias_correction2 = 1.0 - powf(beta2, t);
        let rho_inf = 2.0 / (1.0 - beta2) - 1.0;
        let rho_t = rho_inf - 2.0 * t * powf(beta2, t) / bias_correction2;
        let rectified = rho_t > 5.0;
        let rect = if rectified {
            sqrt(
                (rho_t - 4.0) * (rho_t - 2.0) * rho_inf
                    / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho_t),
            )
        } else {
            1.0
        };
        let pre = Pre::weight_decay(c.maximize, c.weight_decay, c.decoupled_weight_decay, c.lr);
        let [k0, k1, _] = &mut self.known;
        let (m, v) = (
            (self.exp_avg.as_mut_slice(), k0),
            (self.exp_avg_sq.as_mut_slice(), k1),
        );
        macro_rules! go {
            ($rect:literal) => {{
                let rule = RAdamRule::<T, $rect> {
                    one_minus_beta1: T::lit(1.0 - beta1),
                    beta2: c.betas.1,
                    one_minus_beta2: T::lit(1.0 - beta2),
                    bias_correction1: T::lit(bias_correction1),
                    bias_correction2_sqrt: T::lit(sqrt(bias_correction2)),
                    eps: c.eps,
                    lr: c.lr,
                    rect: T::lit(rect),
                };
                run2(mode, pre, &rule, params, grads, m, v)
            }};
        }
        let r = if rectified { go!(true) } else { go!(false) };
        if taken(&r) {
            self.step += 1;
        }
        r
    }
}

impl<T: Scalar, S: StateBuffer<T>> Optimizer<T> for RAdam<T, S> {
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
