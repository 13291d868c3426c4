//! Rprop, resilient backpropagation: PyTorch's `Rprop`.
//!
//! Riedmiller & Braun, "A Direct Adaptive Method for Faster Backpropagation Learning: The
//! RPROP Algorithm", IEEE ICNN 1993 (<https://doi.org/10.1109/ICNN.1993.298623>). The classic
//! choice for small networks trained on the full batch.
//!
//! # Algorithm (PyTorch's)
//! Per parameter, with gradient g_t (negated if `maximize`), previous (possibly zeroed)
//! gradient g′ (0 at first), step size Δ (γ = `lr` at first), etas (η⁻, η⁺), step sizes
//! (Δ_min, Δ_max):
//!
//! ```text
//! η = η⁺ if g·g′ > 0,   η⁻ if g·g′ < 0,   1 if g·g′ = 0
//! Δ ← clamp(Δ·η, Δ_min, Δ_max)
//! g ← 0 if η = η⁻                      (sign change: no move this step)
//! θ ← θ − sign(g)·Δ
//! g′ ← g
//! ```
//!
//! # Conventions
//! - This is the variant without weight backtracking that Igel & Hüsken call iRprop⁻
//!   ("Improving the Rprop Learning Algorithm", 2000), as PyTorch implements it; the 1993
//!   paper's Rprop⁺ undoes the previous step on a sign change.
//! - `lr` is only the *initial* step size: the step sizes are set to it at the first step and
//!   adapt on their own afterwards, so changing the learning rate later (a scheduler) has no
//!   effect, as in PyTorch.
//! - No weight decay (PyTorch's `Rprop` has none).

use super::{
    BuildError, FiniteGrads, FixedBuffer, Mode, Optimizer, Path, Pre, Proof, Range, Rule,
    StateBuffer, StepError, check_len, common, max, min, run2, taken,
};
use crate::Scalar;
use crate::error::{ConfigError, check};

/// Hyperparameters of [`Rprop`], with PyTorch's names and defaults.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RpropConfig<T> {
    /// Initial step size. Defaults to `1e-2`.
    pub lr: T,
    /// Multiplicative (decrease η⁻, increase η⁺) factors. Defaults to `(0.5, 1.2)`.
    pub etas: (T, T),
    /// Minimal and maximal step sizes (Δ_min, Δ_max). Defaults to `(1e-6, 50)`.
    pub step_sizes: (T, T),
    /// Maximise the objective instead of minimising it. Defaults to `false`.
    pub maximize: bool,
}

impl<T: Scalar> Default for RpropConfig<T> {
    fn default() -> Self {
        RpropConfig {
            lr: T::lit(1e-2),
            etas: (T::lit(0.5), T::lit(1.2)),
            step_sizes: (T::lit(1e-6), T::lit(50.0)),
            maximize: false,
        }
    }
}

impl<T: Scalar> RpropConfig<T> {
    /// Checks every hyperparameter, as PyTorch's constructor does (plus finiteness), in field
    /// order; the first invalid one is the error:
    /// - `lr` ≥ 0 and finite
    /// - `etas.0` in (0, 1), `etas.1` > 1 and finite (PyTorch: 0 < η⁻ < 1 < η⁺)
    /// - `step_sizes.0` ≥ 0 and finite
    /// - `step_sizes.1` ≥ 0 and finite
    ///
    /// The constructors call it, and so does every step (the fields may be changed between
    /// steps).
    pub fn validate(&self) -> Result<(), ConfigError> {
        check::non_negative("lr", self.lr.to_f64())?;
        let (minus, plus) = (self.etas.0.to_f64(), self.etas.1.to_f64());
        check::rule(
            "etas.0",
            minus,
            minus > 0.0 && minus < 1.0,
            "must be in (0, 1)",
        )?;
        check::rule(
            "etas.1",
            plus,
            plus > 1.0 && plus <= f64::MAX,
            "must be > 1 and finite",
        )?;
        check::non_negative("step_sizes.0", self.step_sizes.0.to_f64())?;
        check::non_negative("step_sizes.1", self.step_sizes.1.to_f64())?;
        Ok(())
    }
}

/// Rprop (PyTorch's `torch.optim.Rprop`).
///
/// State: the previous gradient g′ and the step size Δ, one value each per parameter.
#[derive(Clone, Debug)]
pub struct Rprop<T: Scalar, S: StateBuffer<T>> {
    /// Hyperparameters; may be changed between steps (`lr` only before the first step).
    pub config: RpropConfig<T>,
    prev: S,
    step_size: S,
    /// What is known of each state buffer's values (in field order), for the bound proof.
    known: [Option<Range>; 3],
    step: u64,
}

common!(Rprop, RpropConfig, cfg; prev = T::zero(), step_size = cfg.lr);

/// `ODD`: η⁺ = η⁻ or η⁻ = 1 (see `update`), decided once per step.
#[derive(Clone, Copy)]
struct RpropRule<T, const ODD: bool> {
    eta_minus: T,
    eta_plus: T,
    min: T,
    max: T,
    up_is_minus: bool,
    flat_is_minus: bool,
}

impl<T: Scalar, const ODD: bool> Rule<T, 2> for RpropRule<T, ODD> {
    #[inline(always)]
    fn update(&self, p: T, g: T, [prev, step_size]: [T; 2]) -> (T, [T; 2]) {
        let s = g * prev;
        let (up, down) = (s > T::zero(), s < T::zero());
        let eta = if up { self.eta_plus } else { T::one() };
        let eta = if down { self.eta_minus } else { eta };
        let step_size = min(max(step_size * eta, self.min), self.max);
        // NOTE: PyTorch zeroes the gradient where the factor equals η⁻, which (for distinct
        // factors) is where the sign flipped; `up_is_minus`/`flat_is_minus` keep its behaviour
        // for the odd configurations η⁺ = η⁻ and η⁻ = 1.
        let zero = if ODD {
            down | (up & self.up_is_minus) | (!up & !down & self.flat_is_minus)
        } else {
            down
        };
        let g = if zero { T::zero() } else { g };
        // p − sign(g)·Δ, as selects.
        let d = if g < T::zero() { -step_size } else { step_size };
        let d = if g == T::zero() { T::zero() } else { d };
        (p - d, [g, step_size])
    }
    /// g′ ∈ {g, 0}: |g′| ≤ G. The step size: s·η is never NaN (s finite: the state's range
    /// is checked; η finite), possibly ±∞; the compare-and-select clamp min(max(s·η, lo), hi)
    /// of a non-NaN value with finite lo, hi lies in [min(lo, hi), hi]. So |δ| ≤ max(|lo|,
    /// |hi|), whatever the history: nothing accumulates. g·g′ is only compared (±∞ is fine,
    /// NaN impossible for finite factors).
    #[inline(always)]
    fn bound(&self, proof: &mut Proof, g: f64, [_, s]: [Range; 2]) -> [Range; 2] {
        proof.le(s.mag());
        proof.h(self.eta_minus);
        proof.h(self.eta_plus);
        let (lo, hi) = (self.min.to_f64(), self.max.to_f64());
        proof.le(lo.abs());
        proof.le(hi.abs());
        [Range::abs(g), Range { lo: lo.min(hi), hi }]
    }
}

impl<T: Scalar, S: StateBuffer<T>> Rprop<T, S> {
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
        if self.step == 0 {
            // NOTE: PyTorch creates the step sizes at the first step, from the learning rate of
            // that moment. Filling them here is invisible if the step is refused: it will be
            // done again, and nothing else reads them before the first step.
            self.step_size.as_mut_slice().fill(c.lr);
            self.known[1] = None;
        }
        let (up_is_minus, flat_is_minus) = (c.etas.1 == c.etas.0, c.etas.0 == T::one());
        let pre = Pre::grad(c.maximize, T::zero());
        let [k0, k1, _] = &mut self.known;
        let (prev, step_size) = (
            (self.prev.as_mut_slice(), k0),
            (self.step_size.as_mut_slice(), k1),
        );
        macro_rules! go {
            ($odd:literal) => {{
                let rule = RpropRule::<T, $odd> {
                    eta_minus: c.etas.0,
                    eta_plus: c.etas.1,
                    min: c.step_sizes.0,
                    max: c.step_sizes.1,
                    up_is_minus,
                    flat_is_minus,
                };
                run2(mode, pre, &rule, params, grads, prev, step_size)
            }};
        }
        let r = if up_is_minus || flat_is_minus {
            go!(true)
        } else {
            go!(false)
        };
        if taken(&r) {
            self.step += 1;
        }
        r
    }
}

impl<T: Scalar, S: StateBuffer<T>> Optimizer<T> for Rprop<T, S> {
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
    /// The initial step size (see the module docs: it has no effect after the first step).
    fn learning_rate(&self) -> T {
        self.config.lr
    }
    fn set_learning_rate(&mut self, lr: T) {
        self.config.lr = lr;
    }
}
