//! NAdam, Adam with Nesterov momentum: PyTorch's `NAdam`.
//!
//! Dozat, "Incorporating Nesterov Momentum into Adam", ICLR 2016 workshop
//! (<https://openreview.net/forum?id=OM0jvwB8jIp57ZJjtNEZ>); decoupled weight decay as in
//! Loshchilov & Hutter (<https://arxiv.org/abs/1711.05101>).
//!
//! # Algorithm (PyTorch's)
//! With gradient g_t (negated if `maximize`), lr γ, betas (β₁, β₂), momentum decay ψ, weight
//! decay λ, step t ≥ 1, Π₀ = 1:
//!
//! ```text
//! g ← g_t + λ·θ   (not decoupled),   θ ← θ·(1 − γλ)   (decoupled)   (if λ ≠ 0)
//! μ_t = β₁·(1 − ½·0.96^(tψ)),   μ_{t+1} = β₁·(1 − ½·0.96^((t+1)ψ))
//! Π_t = Π_{t−1}·μ_t
//! m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²
//! d = √(v/(1 − β₂ᵗ)) + ε
//! θ ← θ − γ(1 − μ_t)/(1 − Π_t) · g/d − γ·μ_{t+1}/(1 − Π_t·μ_{t+1}) · m/d
//! ```
//!
//! # Conventions
//! - The momentum schedule μ_t with `momentum_decay` ψ = 0.004 is Dozat's (Keras's
//!   `schedule_decay`). The moments themselves decay with the constant β₁ (PyTorch); Dozat's
//!   paper and Keras use μ_t there too. ε is added after bias correction (as in PyTorch's
//!   Adam).
//! - The running product Π is kept in `f64`.

use super::{
    BuildError, FiniteGrads, FixedBuffer, Mode, Optimizer, Path, Pre, Proof, Range, Rule,
    StateBuffer, StepError, check_len, common, lerp, powf, run2, taken,
};
use crate::Scalar;
use crate::error::{ConfigError, check};

/// Hyperparameters of [`NAdam`], with PyTorch's names and defaults.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct NAdamConfig<T> {
    /// Learning rate γ. Defaults to `2e-3`.
    pub lr: T,
    /// Decay rates (β₁, β₂) of the moment estimates. Defaults to `(0.9, 0.999)`.
    pub betas: (T, T),
    /// ε, added to the bias-corrected root. Defaults to `1e-8`.
    pub eps: T,
    /// Weight decay λ. Defaults to `0`.
    pub weight_decay: T,
    /// Momentum decay ψ of the schedule μ_t. Defaults to `4e-3`.
    pub momentum_decay: T,
    /// Decay the weights directly (θ ← θ·(1 − γλ), as AdamW) instead of adding λθ to the
    /// gradient. Defaults to `false`.
    pub decoupled_weight_decay: bool,
    /// Maximise the objective instead of minimising it. Defaults to `false`.
    pub maximize: bool,
}

impl<T: Scalar> Default for NAdamConfig<T> {
    fn default() -> Self {
        NAdamConfig {
            lr: T::lit(2e-3),
            betas: (T::lit(0.9), T::lit(0.999)),
            eps: T::lit(1e-8),
            weight_decay: T::zero(),
            momentum_decay: T::lit(4e-3),
            decoupled_weight_decay: false,
            maximize: false,
        }
    }
}

impl<T: Scalar> NAdamConfig<T> {
    /// Checks every hyperparameter, as PyTorch's constructor does (plus finiteness), in field
    /// order; the first invalid one is the error:
    /// - `lr` ≥ 0 and finite
    /// - `betas.0` in [0, 1)
    /// - `betas.1` in [0, 1)
    /// - `eps` ≥ 0 and finite
    /// - `weight_decay` ≥ 0 and finite
    /// - `momentum_decay` ≥ 0 and finite
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
        check::non_negative("momentum_decay", self.momentum_decay.to_f64())?;
        Ok(())
    }
}

/// NAdam (PyTorch's `torch.optim.NAdam`).
///
/// State: m and v, one value each per parameter; the step t and the product Π of the μ's.
#[derive(Clone, Debug)]
pub struct NAdam<T: Scalar, S: StateBuffer<T>> {
    /// Hyperparameters; may be changed between steps.
    pub config: NAdamConfig<T>,
    exp_avg: S,
    exp_avg_sq: S,
    mu_product: f64,
    /// What is known of each state buffer's values (in field order), for the bound proof.
    known: [Option<Range>; 3],
    step: u64,
}

common!(NAdam, NAdamConfig, cfg; exp_avg = T::zero(), exp_avg_sq = T::zero(); mu_product = 1.0);

#[derive(Clone, Copy)]
struct NAdamRule<T> {
    one_minus_beta1: T,
    beta2: T,
    one_minus_beta2: T,
    bias_correction2: T,
    eps: T,
    grad_coef: T,
    avg_coef: T,
}

impl<T: Scalar> Rule<T, 2> for NAdamRule<T> {
    #[inline(always)]
    fn update(&self, p: T, g: T, [m, v]: [T; 2]) -> (T, [T; 2]) {
        let m = lerp(m, g, self.one_minus_beta1);
        let v = v * self.beta2 + self.one_minus_beta2 * g * g;
        let d = (v / self.bias_correction2).sqrt() + self.eps;
        let p = p + self.grad_coef * (g / d);
        (p + self.avg_coef * (m / d), [m, v])
    }
    /// m′, v′ as Adam's (v′ ∈ [0, V′]). With 1 − β₂ᵗ > 0, v′/(1 − β₂ᵗ) ≤ V′/(1 − β₂ᵗ) and
    /// d = √(…) + ε ≥ ε > 0. The parameter moves twice, by δ₁ = c_g·g/d (|δ₁| ≤ |c_g|·G/ε)
    /// and δ₂ = c_m·m′/d (|δ₂| ≤ |c_m|·|m′|/ε); each is within the limit, so each addition
    /// keeps the parameter finite.
    #[inline(always)]
    fn bound(&self, proof: &mut Proof, g: f64, [m, v]: [Range; 2]) -> [Range; 2] {
        let m = proof.lerp(m, g, self.one_minus_beta1);
        let v = proof.ema_sq(v, g, self.beta2, self.one_minus_beta2);
        let bc2 = proof.pos(self.bias_correction2);
        proof.up(v.hi / bc2);
        let eps = proof.pos(self.eps);
        let (qg, qm) = (proof.up(g / eps), proof.up(m.mag() / eps));
        let (cg, cm) = (proof.h(self.grad_coef), proof.h(self.avg_coef));
        proof.up(cg * qg);
        proof.up(cm * qm);
        [m, v]
    }
}

impl<T: Scalar, S: StateBuffer<T>> NAdam<T, S> {
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
        let lr = c.lr.to_f64();
        let (beta1, beta2) = (c.betas.0.to_f64(), c.betas.1.to_f64());
        let psi = c.momentum_decay.to_f64();
        let mu = beta1 * (1.0 - 0.5 * powf(0.96, t * psi));
        let mu_next = beta1 * (1.0 - 0.5 * powf(0.96, (t + 1.0) * psi));
        let mu_product = self.mu_product * mu;
        let mu_product_next = mu_product * mu_next;
        let rule = NAdamRule {
            one_minus_beta1: T::lit(1.0 - beta1),
            beta2: c.betas.1,
            one_minus_beta2: T::lit(1.0 - beta2),
            bias_correction2: T::lit(1.0 - powf(beta2, t)),
            eps: c.eps,
            grad_coef: T::lit(-lr * (1.0 - mu) / (1.0 - mu_product)),
            avg_coef: T::lit((-lr * mu_next) / (1.0 - mu_product_next)),
        };
        let [k0, k1, _] = &mut self.known;
        let r = run2(
            mode,
            Pre::weight_decay(c.maximize, c.weight_decay, c.decoupled_weight_decay, c.lr),
            &rule,
            params,
            grads,
            (self.exp_avg.as_mut_slice(), k0),
            (self.exp_avg_sq.as_mut_slice(), k1),
        );
        if taken(&r) {
            self.mu_product = mu_product;
            self.step += 1;
        }
        r
    }
}

impl<T: Scalar, S: StateBuffer<T>> Optimizer<T> for NAdam<T, S> {
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
