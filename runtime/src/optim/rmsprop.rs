//! RMSProp, plain, with momentum, and centred: PyTorch's `RMSprop`.
//!
//! Tieleman & Hinton, "Lecture 6.5 — RMSProp", COURSERA: Neural Networks for Machine Learning
//! (2012) (<https://www.cs.toronto.edu/~tijmen/csc321/slides/lecture_slides_lec6.pdf>); the
//! centred variant from Graves, "Generating Sequences With Recurrent Neural Networks" (2013)
//! (<https://arxiv.org/abs/1308.0850>).
//!
//! # Algorithm (PyTorch's)
//! With gradient g_t (negated if `maximize`), lr γ, smoothing α, momentum μ, weight decay λ:
//!
//! ```text
//! g ← g_t + λ·θ                     (if λ ≠ 0)
//! v ← α·v + (1 − α)·g²
//! ḡ ← α·ḡ + (1 − α)·g               (centred)
//! d ← √(v − ḡ²) + ε   if centred,   d ← √v + ε   otherwise
//! b ← μ·b + g/d,  θ ← θ − γ·b       (if μ > 0)
//! θ ← θ − γ·g/d                     (if μ = 0)
//! ```
//!
//! # Conventions
//! - ε is added outside the square root (PyTorch); TensorFlow's `RMSprop` adds it outside too
//!   but with ε = 1e-7 and α called `rho` = 0.9. Averages start at zero (no bias correction).
//! - With momentum, the learning rate multiplies the whole buffer (PyTorch), as in
//!   [`Sgd`](super::Sgd).

use super::{
    BuildError, FiniteGrads, FixedBuffer, Mode, Optimizer, Path, Pre, Proof, Range, Rule,
    StateBuffer, StepError, check_len, common, lerp, run1, run2, run3, taken, valid,
};
use crate::Scalar;
use crate::error::{ConfigError, check};

/// Hyperparameters of [`RmsProp`], with PyTorch's names and defaults.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RmsPropConfig<T> {
    /// Learning rate γ. Defaults to `1e-2`.
    pub lr: T,
    /// Smoothing constant α of the running averages. Defaults to `0.99`.
    pub alpha: T,
    /// ε, added to the root. Defaults to `1e-8`.
    pub eps: T,
    /// L2 penalty λ (added to the gradient). Defaults to `0`.
    pub weight_decay: T,
    /// Momentum factor μ. Defaults to `0`.
    pub momentum: T,
    /// Centred RMSProp: normalise by an estimate of the gradient's variance. Defaults to
    /// `false`.
    pub centered: bool,
    /// Maximise the objective instead of minimising it. Defaults to `false`.
    pub maximize: bool,
}

impl<T: Scalar> Default for RmsPropConfig<T> {
    fn default() -> Self {
        RmsPropConfig {
            lr: T::lit(1e-2),
            alpha: T::lit(0.99),
            eps: T::lit(1e-8),
            weight_decay: T::zero(),
            momentum: T::zero(),
            centered: false,
            maximize: false,
        }
    }
}

impl<T: Scalar> RmsPropConfig<T> {
    /// Checks every hyperparameter, as PyTorch's constructor does (plus finiteness), in field
    /// order; the first invalid one is the error:
    /// - `lr` ≥ 0 and finite
    /// - `alpha` ≥ 0 and finite
    /// - `eps` ≥ 0 and finite
    /// - `weight_decay` ≥ 0 and finite
    /// - `momentum` ≥ 0 and finite
    ///
    /// The constructors call it, and so does every step (the fields may be changed between
    /// steps).
    pub fn validate(&self) -> Result<(), ConfigError> {
        let c = self;
        if valid([c.lr, c.alpha, c.eps, c.weight_decay, c.momentum], [], []) {
            return Ok(());
        }
        check::non_negative("lr", self.lr.to_f64())?;
        check::non_negative("alpha", self.alpha.to_f64())?;
        check::non_negative("eps", self.eps.to_f64())?;
        check::non_negative("weight_decay", self.weight_decay.to_f64())?;
        check::non_negative("momentum", self.momentum.to_f64())?;
        Ok(())
    }
}

/// RMSProp (PyTorch's `torch.optim.RMSprop`).
///
/// State: the average of squared gradients v, and (used only when centred / with momentum)
/// the average gradient ḡ and the momentum buffer b, one value each per parameter.
#[derive(Clone, Debug)]
pub struct RmsProp<T: Scalar, S: StateBuffer<T>> {
    /// Hyperparameters; may be changed between steps.
    pub config: RmsPropConfig<T>,
    square_avg: S,
    grad_avg: S,
    momentum_buffer: S,
    /// What is known of each state buffer's values (in field order), for the bound proof.
    known: [Option<Range>; 3],
    step: u64,
}

common!(RmsProp, RmsPropConfig, cfg; square_avg = T::zero(), grad_avg = T::zero(), momentum_buffer = T::zero());

#[derive(Clone, Copy)]
struct Core<T> {
    alpha: T,
    one_minus_alpha: T,
    eps: T,
    lr: T,
    momentum: T,
}

impl<T: Scalar> Core<T> {
    #[inline(always)]
    fn square(&self, g: T, v: T) -> T {
        v * self.alpha + self.one_minus_alpha * g * g
    }
    #[inline(always)]
    fn centred(&self, g: T, v: T, ga: T) -> (T, T) {
        let ga = lerp(ga, g, self.one_minus_alpha);
        (ga, (v - ga * ga).sqrt() + self.eps)
    }
}

#[derive(Clone, Copy)]
struct Plain<T>(Core<T>);
#[derive(Clone, Copy)]
struct Centred<T>(Core<T>);
#[derive(Clone, Copy)]
struct WithMomentum<T>(Core<T>);
#[derive(Clone, Copy)]
struct CentredMomentum<T>(Core<T>);

impl<T: Scalar> Core<T> {
    /// v′ = αv + (1 − α)g² ∈ [0, αV + (1 − α)G²] (`Proof::ema_sq`); d = √v′ + ε ≥ ε > 0,
    /// so |g/d| ≤ G/ε. Returns (v′'s range, the bound of |g/d|).
    #[inline(always)]
    fn bound_plain(&self, proof: &mut Proof, g: f64, v: Range) -> (Range, f64) {
        let v = proof.ema_sq(v, g, self.alpha, self.one_minus_alpha);
        let eps = proof.pos(self.eps);
        (v, proof.up(g / eps))
    }
}

impl<T: Scalar> Rule<T, 1> for Plain<T> {
    #[inline(always)]
    fn update(&self, p: T, g: T, [v]: [T; 1]) -> (T, [T; 1]) {
        let c = &self.0;
        let v = c.square(g, v);
        let d = v.sqrt() + c.eps;
        (p - c.lr * (g / d), [v])
    }
    /// δ = γ·g/d: |δ| ≤ |γ|·G/ε (see `Core::bound_plain`).
    #[inline(always)]
    fn bound(&self, proof: &mut Proof, g: f64, [v]: [Range; 1]) -> [Range; 1] {
        let (v, q) = self.0.bound_plain(proof, g, v);
        let lr = proof.h(self.0.lr);
        proof.up(lr * q);
        [v]
    }
}

impl<T: Scalar> Rule<T, 2> for Centred<T> {
    #[inline(always)]
    fn update(&self, p: T, g: T, [v, ga]: [T; 2]) -> (T, [T; 2]) {
        let c = &self.0;
        let v = c.square(g, v);
        let (ga, d) = c.centred(g, v, ga);
        (p - c.lr * (g / d), [v, ga])
    }
    /// NOTE: not provable: v − ḡ² ≥ 0 holds in exact arithmetic (Jensen), but rounded it can
    /// fall below 0 when the gradient is nearly constant, and √ of it is NaN; only the dry run
    /// can tell.
    const PROVABLE: bool = false;
    #[inline(always)]
    fn bound(&self, proof: &mut Proof, _: f64, s: [Range; 2]) -> [Range; 2] {
        proof.require(false);
        s
    }
}

impl<T: Scalar> Rule<T, 2> for WithMomentum<T> {
    #[inline(always)]
    fn update(&self, p: T, g: T, [v, b]: [T; 2]) -> (T, [T; 2]) {
        let c = &self.0;
        let v = c.square(g, v);
        let d = v.sqrt() + c.eps;
        let b = b * c.momentum + g / d;
        (p - c.lr * b, [v, b])
    }
    /// b′ = μb + g/d: |b′| ≤ |μ|·B + G/ε; δ = γ·b′.
    #[inline(always)]
    fn bound(&self, proof: &mut Proof, g: f64, [v, b]: [Range; 2]) -> [Range; 2] {
        let (v, q) = self.0.bound_plain(proof, g, v);
        let mu = proof.h(self.0.momentum);
        let b = proof.up(mu * b.mag() + q);
        let lr = proof.h(self.0.lr);
        proof.up(lr * b);
        [v, Range::abs(b)]
    }
}

impl<T: Scalar> Rule<T, 3> for CentredMomentum<T> {
    #[inline(always)]
    fn update(&self, p: T, g: T, [v, ga, b]: [T; 3]) -> (T, [T; 3]) {
        let c = &self.0;
        let v = c.square(g, v);
        let (ga, d) = c.centred(g, v, ga);
        let b = b * c.momentum + g / d;
        (p - c.lr * b, [v, ga, b])
    }
    /// NOTE: not provable, as centred RMSProp without momentum.
    const PROVABLE: bool = false;
    #[inline(always)]
    fn bound(&self, proof: &mut Proof, _: f64, s: [Range; 3]) -> [Range; 3] {
        proof.require(false);
        s
    }
}

impl<T: Scalar, S: StateBuffer<T>> RmsProp<T, S> {
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
        let one_minus_alpha = 1.0 - c.alpha.to_f64();
        let core = Core {
            alpha: c.alpha,
            one_minus_alpha: T::lit(one_minus_alpha),
            eps: c.eps,
            lr: c.lr,
            momentum: c.momentum,
        };
        let [k0, k1, k2] = &mut self.known;
        let v = (self.square_avg.as_mut_slice(), k0);
        let pre = Pre::grad(c.maximize, c.weight_decay);
        // NOTE: the other buffers' slices taken in the arms that use them: taken before the
        // match, they were kept on the stack on every step of the plain configuration
        // (issue 17).
        let r = match (c.centered, c.momentum > T::zero()) {
            (false, false) => run1(mode, pre, &Plain(core), params, grads, v),
            (true, false) => {
                let ga = (self.grad_avg.as_mut_slice(), k1);
                run2(mode, pre, &Centred(core), params, grads, v, ga)
            }
            (false, true) => {
                let b = (self.momentum_buffer.as_mut_slice(), k2);
                run2(mode, pre, &WithMomentum(core), params, grads, v, b)
            }
            (true, true) => {
                let ga = (self.grad_avg.as_mut_slice(), k1);
                let b = (self.momentum_buffer.as_mut_slice(), k2);
                run3(mode, pre, &CentredMomentum(core), params, grads, v, ga, b)
            }
        };
        if taken(&r) {
            self.step += 1;
        }
        r
    }
}

impl<T: Scalar, S: StateBuffer<T>> Optimizer<T> for RmsProp<T, S> {
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
        Some(self.config.momentum)
    }
    fn set_momentum(&mut self, momentum: T) {
        self.config.momentum = momentum;
    }
}
