//! Adam and AMSGrad: PyTorch's `Adam`.
//!
//! Kingma & Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015
//! (<https://arxiv.org/abs/1412.6980>); AMSGrad from Reddi, Kale & Kumar, "On the Convergence of
//! Adam and Beyond", ICLR 2018 (<https://openreview.net/forum?id=ryQu7f-RZ>).
//!
//! # Algorithm (PyTorch's)
//! With gradient g_t (negated if `maximize`), lr γ, betas (β₁, β₂), weight decay λ, step t ≥ 1:
//!
//! ```text
//! g ← g_t + λ·θ                 (if λ ≠ 0 and not decoupled)
//! θ ← θ·(1 − γ·λ)               (if λ ≠ 0 and decoupled: AdamW)
//! m ← β₁·m + (1 − β₁)·g
//! v ← β₂·v + (1 − β₂)·g²
//! v̂ ← max(v̂, v)                 (AMSGrad; v̂ starts at 0)
//! θ ← θ − γ/(1 − β₁ᵗ) · m / (√(v or v̂) / √(1 − β₂ᵗ) + ε)
//! ```
//!
//! # Conventions
//! - **ε placement.** PyTorch adds ε to the bias-corrected √v̂_t: denominator
//!   √v_t/√(1 − β₂ᵗ) + ε, which is what this implements. TensorFlow/Keras add ε to the
//!   uncorrected √v_t ("epsilon hat" in the paper's section 2), i.e. effectively
//!   ε·√(1 − β₂ᵗ) here; the two differ in the first steps and for tiny gradients.
//! - Moments start at zero; AMSGrad keeps the maximum of v (not of the bias-corrected v), as
//!   PyTorch does.
//! - `weight_decay` is L2 regularisation added to the gradient (as in PyTorch's `Adam`) unless
//!   `decoupled_weight_decay` is set, which makes this [`AdamW`](super::AdamW).

use super::{
    BuildError, FiniteGrads, FixedBuffer, Mode, Optimizer, Path, Pre, Proof, Range, Rule,
    StateBuffer, StepError, check_len, common, lerp, max, powf, run2, run3, sqrt, taken, valid,
};
use crate::Scalar;
use crate::error::{ConfigError, check};

/// Hyperparameters of [`Adam`], with PyTorch's names and defaults.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AdamConfig<T> {
    /// Learning rate γ. Defaults to `1e-3`.
    pub lr: T,
    /// Decay rates (β₁, β₂) of the first and second moment estimates. Defaults to
    /// `(0.9, 0.999)`.
    pub betas: (T, T),
    /// ε, added to the denominator (after bias correction, see the module docs). Defaults to
    /// `1e-8`.
    pub eps: T,
    /// Weight decay λ. Defaults to `0`.
    pub weight_decay: T,
    /// Use AMSGrad (normalise by the running maximum of v). Defaults to `false`.
    pub amsgrad: bool,
    /// Maximise the objective instead of minimising it. Defaults to `false`.
    pub maximize: bool,
    /// Decay the weights directly (θ ← θ·(1 − γλ), AdamW) instead of adding λθ to the
    /// gradient. Defaults to `false`.
    pub decoupled_weight_decay: bool,
}

impl<T: Scalar> Default for AdamConfig<T> {
    fn default() -> Self {
        AdamConfig {
            lr: T::lit(1e-3),
            betas: (T::lit(0.9), T::lit(0.999)),
            eps: T::lit(1e-8),
            weight_decay: T::zero(),
            amsgrad: false,
            maximize: false,
            decoupled_weight_decay: false,
        }
    }
}

impl<T: Scalar> AdamConfig<T> {
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

/// Adam, with optional AMSGrad (PyTorch's `torch.optim.Adam`).
///
/// State: m, v and (used only with `amsgrad`) v̂, one value each per parameter; the step t.
#[derive(Clone, Debug)]
pub struct Adam<T: Scalar, S: StateBuffer<T>> {
    /// Hyperparameters; may be changed between steps.
    pub config: AdamConfig<T>,
    exp_avg: S,
    exp_avg_sq: S,
    max_exp_avg_sq: S,
    /// What is known of each state buffer's values (in field order), for the bound proof.
    known: [Option<Range>; 3],
    step: u64,
}

common!(Adam, AdamConfig, cfg; exp_avg = T::zero(), exp_avg_sq = T::zero(), max_exp_avg_sq = T::zero());

/// Adam's per-element update; shared with AdamW.
#[derive(Clone, Copy)]
pub(crate) struct AdamRule<T> {
    one_minus_beta1: T,
    beta2: T,
    one_minus_beta2: T,
    bias_correction2_sqrt: T,
    eps: T,
    neg_step_size: T,
}

impl<T: Scalar> AdamRule<T> {
    #[inline(always)]
    fn moments(&self, p: T, g: T, m: T, v: T) -> (T, T, T, T) {
        let m = lerp(m, g, self.one_minus_beta1);
        let v = v * self.beta2 + self.one_minus_beta2 * g * g;
        (p, g, m, v)
    }
    #[inline(always)]
    fn apply(&self, p: T, m: T, v: T) -> T {
        let denom = v.sqrt() / self.bias_correction2_sqrt + self.eps;
        p + self.neg_step_size * (m / denom)
    }
    /// m′ = lerp(m, g, 1 − β₁): |m′| ≤ M + |1 − β₁|(G + M); v′ = β₂v + (1 − β₂)g²
    /// ∈ [0, β₂V + (1 − β₂)G²] (`Proof::ema_sq`).
    #[inline(always)]
    fn bound_moments(&self, proof: &mut Proof, g: f64, m: Range, v: Range) -> (Range, Range) {
        let m = proof.lerp(m, g, self.one_minus_beta1);
        let v = proof.ema_sq(v, g, self.beta2, self.one_minus_beta2);
        (m, v)
    }
    /// With the used second moment w ∈ [≥ 0, W] and √(1 − β₂ᵗ) > 0: √w/√(1 − β₂ᵗ) ≤ √W/…,
    /// and the denominator is ≥ ε > 0, so |m′/denom| ≤ |m′|/ε and
    /// |δ| ≤ γ/(1 − β₁ᵗ)·|m′|/ε.
    #[inline(always)]
    fn bound_apply(&self, proof: &mut Proof, m: Range, w: Range) {
        proof.require(w.lo >= 0.0);
        let bc2 = proof.pos(self.bias_correction2_sqrt);
        proof.up(sqrt(w.hi) / bc2);
        let eps = proof.pos(self.eps);
        let q = proof.up(m.mag() / eps);
        let step = proof.h(self.neg_step_size);
        proof.up(step * q);
    }
}

impl<T: Scalar> Rule<T, 2> for AdamRule<T> {
    #[inline(always)]
    fn update(&self, p: T, g: T, [m, v]: [T; 2]) -> (T, [T; 2]) {
        let (p, _, m, v) = self.moments(p, g, m, v);
        (self.apply(p, m, v), [m, v])
    }
    /// See `bound_moments` and `bound_apply`.
    #[inline(always)]
    fn bound(&self, proof: &mut Proof, g: f64, [m, v]: [Range; 2]) -> [Range; 2] {
        let (m, v) = self.bound_moments(proof, g, m, v);
        self.bound_apply(proof, m, v);
        [m, v]
    }
}

impl<T: Scalar> Rule<T, 3> for AdamRule<T> {
    #[inline(always)]
    fn update(&self, p: T, g: T, [m, v, vmax]: [T; 3]) -> (T, [T; 3]) {
        let (p, _, m, v) = self.moments(p, g, m, v);
        let vmax = max(vmax, v);
        (self.apply(p, m, vmax), [m, v, vmax])
    }
    /// As without AMSGrad, with v̂′ = max(v̂, v′): for finite values the compare-and-select
    /// returns one of them, at least each, so v̂′ ∈ [max(lo_v̂, lo_v′), max(hi_v̂, hi_v′)].
    #[inline(always)]
    fn bound(&self, proof: &mut Proof, g: f64, [m, v, vmax]: [Range; 3]) -> [Range; 3] {
        let (m, v) = self.bound_moments(proof, g, m, v);
        let vmax = Range {
            lo: vmax.lo.max(v.lo),
            hi: vmax.hi.max(v.hi),
        };
        self.bound_apply(proof, m, vmax);
        [m, v, vmax]
    }
}

/// The per-step scalars of Adam's step `t` (1-based).
pub(crate) fn adam_rule<T: Scalar>(c: &AdamConfig<T>, t: u64) -> AdamRule<T> {
    let lr = c.lr.to_f64();
    let (beta1, beta2) = (c.betas.0.to_f64(), c.betas.1.to_f64());
    let t = t as f64;
    let bias_correction1 = 1.0 - powf(beta1, t);
    let bias_correction2 = 1.0 - powf(beta2, t);
    AdamRule {
        one_minus_beta1: T::lit(1.0 - beta1),
        beta2: c.betas.1,
        one_minus_beta2: T::lit(1.0 - beta2),
        bias_correction2_sqrt: T::lit(sqrt(bias_correction2)),
        eps: c.eps,
        neg_step_size: T::lit(-(lr / bias_correction1)),
    }
}

/// One Adam step on raw buffers; shared with AdamW. Inlined into each: at a dozen parameters
/// the call with its seven arguments is a measurable part of the step.
#[inline(always)]
pub(crate) fn adam_step<T: Scalar>(
    mode: Mode,
    c: &AdamConfig<T>,
    rule: AdamRule<T>,
    params: &mut [T],
    grads: &[T],
    [m, v, vmax]: [&mut [T]; 3],
    [km, kv, kvmax]: &mut [Option<Range>; 3],
) -> Result<Path, StepError> {
    let (m, v) = ((m, km), (v, kv));
    if c.amsgrad {
        run3(
            mode,
            Pre::weight_decay(c.maximize, c.weight_decay, c.decoupled_weight_decay, c.lr),
            &rule,
            params,
            grads,
            m,
            v,
            (vmax, kvmax),
        )
    } else {
        run2(
            mode,
            Pre::weight_decay(c.maximize, c.weight_decay, c.decoupled_weight_decay, c.lr),
            &rule,
            params,
            grads,
            m,
            v,
        )
    }
}

impl<T: Scalar, S: StateBuffer<T>> Adam<T, S> {
    /// One step in `mode`; which path an all-or-nothing step took.
    #[inline(always)]
    pub(crate) fn apply(
        &mut self,
        params: &mut [T],
        grads: &[T],
        mode: Mode,
    ) -> Result<Path, StepError> {
        // NOTE: the per-step scalars (two `powf`) first, while little else is live: every
        // vector register is caller-saved across the calls (issue 17). Computed on invalid
        // hyperparameters too, then unused.
        let rule = adam_rule(&self.config, self.step + 1);
        self.config.validate()?;
        check_len(self.num_params(), params, grads)?;
        let r = adam_step(
            mode,
            &self.config,
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

impl<T: Scalar, S: StateBuffer<T>> Optimizer<T> for Adam<T, S> {
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
