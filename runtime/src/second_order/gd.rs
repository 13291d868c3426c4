//! Gradient descent, with a fixed step or with backtracking line search (the seed's "adaptive
//! learning-rate selection").
//!
//! x_{k+1} = x_k − s_k ∇f(x_k). With [`StepRule::Fixed`] s_k = t; for convex f with L-Lipschitz
//! gradient and t ≤ 1/L, f(x_k) − f* ≤ ‖x₀ − x*‖²/(2tk) (the seed's O(1/k) bound, checked by
//! the property test `tests/gd_bound.rs`). With [`StepRule::Backtracking`] s_k starts at
//! `initial` and is multiplied by β until f(x − s∇f) ≤ f(x) − c·s‖∇f‖² (Armijo), which needs no
//! knowledge of L.

use nalgebra::DVector;

use super::newton::{Armijo, armijo};
use super::{Differentiable, Report, SecondOrderError, StopReason};
use crate::Scalar;
use crate::error::{ConfigError, check};

/// How gradient descent chooses its step length.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum StepRule<T> {
    /// A fixed step t (the learning rate).
    Fixed(T),
    /// Backtracking (Armijo) line search from `initial` each iteration.
    Backtracking {
        /// The first step length tried. Typical: `1`.
        initial: T,
        /// Armijo's constant c. Typical: `1e-4`.
        armijo: T,
        /// The backtracking factor β. Typical: `0.5`.
        backtrack: T,
    },
}

/// Settings of [`gradient_descent`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GdConfig<T> {
    /// The step rule. Defaults to backtracking from 1 with c = 1e-4, β = 0.5.
    pub step: StepRule<T>,
    /// Iteration limit. Defaults to 100 000.
    pub max_iter: usize,
    /// Stop when ‖∇f‖ ≤ this. Defaults to `1e-10`.
    pub tolerance_grad: T,
    /// Stop when f ≤ this. Defaults to −∞ (never).
    pub target_value: T,
}

impl<T: Scalar> Default for GdConfig<T> {
    fn default() -> Self {
        GdConfig {
            step: StepRule::Backtracking {
                initial: T::one(),
                armijo: T::lit(1e-4),
                backtrack: T::lit(0.5),
            },
            max_iter: 100_000,
            tolerance_grad: T::lit(1e-10),
            target_value: T::lit(f64::NEG_INFINITY),
        }
    }
}

impl<T: Scalar> GdConfig<T> {
    /// Checks the step rule: a fixed step ≥ 0 and finite (`step`, a negative one would ascend);
    /// for backtracking, `step.initial` > 0 and finite, `step.armijo` and `step.backtrack` in
    /// (0, 1) (with β ≥ 1 the search would never shrink the step).
    pub fn validate(&self) -> Result<(), ConfigError> {
        match self.step {
            StepRule::Fixed(t) => check::non_negative("step", t.to_f64()),
            StepRule::Backtracking {
                initial,
                armijo,
                backtrack,
            } => {
                check::positive("step.initial", initial.to_f64())?;
                check::open_unit("step.armijo", armijo.to_f64())?;
                check::open_unit("step.backtrack", backtrack.to_f64())
            }
        }
    }
}

/// Minimises `obj` from `x` (updated in place) by gradient descent; see the [module
/// docs](self). A fixed step that makes f or x non-finite is refused: the run stops with
/// [`StopReason::NonFinite`] and x stays at the last finite iterate.
pub fn gradient_descent<T: Scalar, O: Differentiable<T>>(
    obj: &mut O,
    x: &mut DVector<T>,
    config: &GdConfig<T>,
) -> Result<Report<T>, SecondOrderError> {
    config.validate()?;
    let n = obj.dim();
    if x.len() != n {
        return Err(SecondOrderError::Length(crate::LengthError {
            expected: n,
            found: x.len(),
        }));
    }
    let mut g = DVector::<T>::zeros(n);
    let mut f = obj.gradient(x, &mut g);
    let mut report = Report::start(f, g.norm());
    if report.reason == StopReason::NonFinite {
        return Ok(report);
    }
    loop {
        let stop = report.stop_at(
            f,
            g.norm(),
            config.tolerance_grad,
            config.target_value,
            config.max_iter,
        );
        if let Some(reason) = stop {
            report.reason = reason;
            return Ok(report);
        }
        let next = match config.step {
            StepRule::Fixed(t) => {
                let next = &*x - &g * t;
                if next.iter().any(|v| !v.is_finite()) {
                    report.reason = StopReason::NonFinite;
                    return Ok(report);
                }
                next
            }
            StepRule::Backtracking {
                initial,
                armijo: c,
                backtrack,
            } => {
                let d = -&g;
                let rule = Armijo {
                    initial,
                    c,
                    beta: backtrack,
                };
                let (accepted, evals) = armijo(obj, x, f, &g, &d, rule);
                report.evaluations += evals;
                match accepted {
                    Some((next, _)) => next,
                    None => {
                        report.reason = StopReason::LineSearchFailed;
                        return Ok(report);
                    }
                }
            }
        };
        let fnext = obj.gradient(&next, &mut g);
        report.evaluations += 1;
        if !fnext.is_finite() {
            report.reason = StopReason::NonFinite;
            // NOTE: `g` now belongs to the refused point; x and the report keep the last
            // finite iterate.
            return Ok(report);
        }
        *x = next;
        f = fnext;
        report.iterations += 1;
        report.history.push((f, g.norm()));
    }
}
