//! Stochastic gradient descent, with momentum and Nesterov momentum: PyTorch's `SGD`.
//!
//! Plain SGD is the seed's GD and SGD (which one depends only on the batch the gradient was
//! averaged over: see [`crate::train`]); with `momentum` it is the chart's Momentum, and with
//! `nesterov` its NAG.
//!
//! # Algorithm (PyTorch's)
//! With gradient g_t (negated if `maximize`), weight decay λ, momentum μ, dampening τ, lr γ:
//!
//! ```text
//! g ← g_t + λ·θ                       (if λ ≠ 0)
//! b ← g                               (first step, if μ ≠ 0)
//! b ← μ·b + (1 − τ)·g                 (later steps, if μ ≠ 0)
//! g ← g + μ·b   if nesterov,   g ← b  otherwise   (if μ ≠ 0)
//! θ ← θ − γ·g
//! ```
//!
//! # Conventions
//! - This is PyTorch's form, where the learning rate multiplies the whole velocity
//!   (θ ← θ − γ·b). Sutskever et al. (2013) and some textbooks write v ← μ·v − γ·g, θ ← θ + v,
//!   which differs whenever γ changes during training.
//! - The first step sets the buffer to the gradient itself (no dampening), as PyTorch does.
//!   "First" is the optimizer's first step: if `momentum` starts at 0 and is raised later,
//!   PyTorch would start its buffer at that later step, typenet continues from a zero buffer.
//! - Nesterov uses PyTorch's reformulation g + μ·b (gradient at the current point, no
//!   look-ahead evaluation), from Sutskever et al., "On the importance of initialization and
//!   momentum in deep learning", ICML 2013 (<https://proceedings.mlr.press/v28/sutskever13.html>).
//!   PyTorch refuses `nesterov` with zero momentum or non-zero dampening; here `nesterov` with
//!   zero momentum is plain SGD.

use super::{
    BuildError, FiniteGrads, FixedBuffer, Mode, Optimizer, Path, Pre, Proof, Range, Rule,
    StateBuffer, StepError, check_len, common, run0, run1, taken, valid,
};
use crate::Scalar;
use crate::error::{ConfigError, check};

/// Hyperparameters of [`Sgd`], with PyTorch's names and defaults.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SgdConfig<T> {
    /// Learning rate γ. Defaults to `1e-3`.
    pub lr: T,
    /// Momentum factor μ. Defaults to `0` (plain SGD).
    pub momentum: T,
    /// Dampening τ for momentum. Defaults to `0`.
    pub dampening: T,
    /// L2 penalty λ (added to the gradient). Defaults to `0`.
    pub weight_decay: T,
    /// Nesterov momentum. Defaults to `false`.
    pub nesterov: bool,
    /// Maximise the objective instead of minimising it. Defaults to `false`.
    pub maximize: bool,
}

impl<T: Scalar> Default for SgdConfig<T> {
    fn default() -> Self {
        SgdConfig {
            lr: T::lit(1e-3),
            momentum: T::zero(),
            dampening: T::zero(),
            weight_decay: T::zero(),
            nesterov: false,
            maximize: false,
        }
    }
}

impl<T: Scalar> SgdConfig<T> {
    /// Checks every hyperparameter, as PyTorch's constructor does (plus finiteness), in field
    /// order; the first invalid one is the error:
    /// - `lr` ≥ 0 and finite
    /// - `momentum` ≥ 0 and finite
    /// - `dampening` finite
    /// - `weight_decay` ≥ 0 and finite
    ///
    /// The constructors call it, and so does every step (the fields may be changed between
    /// steps).
    pub fn validate(&self) -> Result<(), ConfigError> {
        let c = self;
        if valid([c.lr, c.momentum, c.weight_decay], [c.dampening], []) {
            return Ok(());
        }
        check::non_negative("lr", self.lr.to_f64())?;
        check::non_negative("momentum", self.momentum.to_f64())?;
        check::finite("dampening", self.dampening.to_f64())?;
        check::non_negative("weight_decay", self.weight_decay.to_f64())?;
        Ok(())
    }
}

impl<T: Scalar> SgdConfig<T> {
    /// Plain gradient descent with learning rate `lr`: θ ← θ − lr·g.
    pub fn plain(lr: T) -> Self {
        SgdConfig {
            lr,
            ..Default::default()
        }
    }
    /// Classical momentum (the chart's "Momentum").
    pub fn momentum(lr: T, momentum: T) -> Self {
        SgdConfig {
            lr,
            momentum,
            ..Default::default()
        }
    }
    /// Nesterov momentum (the chart's "NAG").
    pub fn nesterov(lr: T, momentum: T) -> Self {
        SgdConfig {
            lr,
            momentum,
            nesterov: true,
            ..Default::default()
        }
    }
}

/// SGD, with optional momentum and Nesterov momentum (PyTorch's `torch.optim.SGD`).
///
/// State: the momentum buffer b (one value per parameter; untouched when `momentum` is 0).
#[derive(Clone, Debug)]
pub struct Sgd<T: Scalar, S: StateBuffer<T>> {
    /// Hyperparameters; may be changed between steps.
    pub config: SgdConfig<T>,
    momentum_buffer: S,
    /// What is known of each state buffer's values (in field order), for the bound proof.
    known: [Option<Range>; 3],
    step: u64,
}

common!(Sgd, SgdConfig, cfg; momentum_buffer = T::zero());

#[derive(Clone, Copy)]
struct Plain<T> {
    lr: T,
}

impl<T: Scalar> Rule<T, 0> for Plain<T> {
    #[inline(always)]
    fn update(&self, p: T, g: T, _: [T; 0]) -> (T, [T; 0]) {
        (p - self.lr * g, [])
    }
    /// δ = γ·g: |δ| ≤ |γ|·G.
    #[inline(always)]
    fn bound(&self, proof: &mut Proof, g: f64, _: [Range; 0]) -> [Range; 0] {
        let lr = proof.h(self.lr);
        proof.up(lr * g);
        []
    }
}

/// `NESTEROV`, `DAMPENED` (dampening ≠ 0): decided once per step, so that the loop has no
/// branch or multiplication by 1 for them.
#[derive(Clone, Copy)]
struct Momentum<T, const NESTEROV: bool, const DAMPENED: bool> {
    lr: T,
    momentum: T,
    /// μ, or 0 at the first step: the buffer (zero until then) becomes the gradient itself.
    keep: T,
    one_minus_dampening: T,
}

impl<T: Scalar, const NESTEROV: bool, const DAMPENED: bool> Rule<T, 1>
    for Momentum<T, NESTEROV, DAMPENED>
{
    #[inline(always)]
    fn update(&self, p: T, g: T, [b]: [T; 1]) -> (T, [T; 1]) {
        let b = if DAMPENED {
            b * self.keep + self.one_minus_dampening * g
        } else {
            b * self.keep + g
        };
        let d = if NESTEROV { g + self.momentum * b } else { b };
        (p - self.lr * d, [b])
    }
    /// b′ = keep·b + c·g (c = 1 − τ or 1): |b′| ≤ |keep|·B + |c|·G. The direction
    /// d = g + μ·b′ (Nesterov) or b′: |d| ≤ G + |μ|·|b′|. δ = γ·d.
    #[inline(always)]
    fn bound(&self, proof: &mut Proof, g: f64, [b]: [Range; 1]) -> [Range; 1] {
        let c = if DAMPENED {
            proof.h(self.one_minus_dampening)
        } else {
            1.0
        };
        let keep = proof.h(self.keep);
        let b = proof.up(keep * b.mag() + c * g);
        let d = if NESTEROV {
            let mu = proof.h(self.momentum);
            proof.up(g + mu * b)
        } else {
            b
        };
        let lr = proof.h(self.lr);
        proof.up(lr * d);
        [Range::abs(b)]
    }
}

impl<T: Scalar, S: StateBuffer<T>> Sgd<T, S> {
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
        let pre = Pre::grad(c.maximize, c.weight_decay);
        let r = if c.momentum == T::zero() {
            let rule = Plain { lr: c.lr };
            run0(mode, pre, &rule, params, grads)
        } else {
            let b = (self.momentum_buffer.as_mut_slice(), &mut self.known[0]);
            // NOTE: at the first step the buffer is zero (fresh or reset), so b = 0·0 + g = g
            // exactly: PyTorch's `buf = grad.clone()`, without dampening.
            let first = self.step == 0;
            macro_rules! go {
                ($nesterov:literal, $dampened:literal) => {{
                    let rule = Momentum::<T, $nesterov, $dampened> {
                        lr: c.lr,
                        momentum: c.momentum,
                        one_minus_dampening: T::lit(1.0 - c.dampening.to_f64()),
                        keep: if first { T::zero() } else { c.momentum },
                    };
                    run1(mode, pre, &rule, params, grads, b)
                }};
            }
            match (c.nesterov, c.dampening != T::zero() && !first) {
                (false, false) => go!(false, false),
                (false, true) => go!(false, true),
                (true, false) => go!(true, false),
                (true, true) => go!(true, true),
            }
        };
        if taken(&r) {
            self.step += 1;
        }
        r
    }
}

impl<T: Scalar, S: StateBuffer<T>> Optimizer<T> for Sgd<T, S> {
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
