//! Damped Newton's method with Armijo backtracking and Levenberg–Marquardt damping.
//!
//! At x_k with gradient g and Hessian H:
//! 1. Solve H d = −g by Cholesky. If H is not positive definite (Cholesky fails), or the step
//!    is not finite or not a descent direction, add damping: H + μI with
//!    μ = μ₀·max(1, max|H_ii|), multiplied by 10 until Cholesky succeeds (Levenberg–Marquardt
//!    damping; for large μ the step turns toward −g/μ). If μ passes its limit, or H is not
//!    finite, the step is −g. So the step is always finite and downhill: never a NaN step.
//! 2. Backtracking (Armijo): the step length s = 1, β, β², … until
//!    f(x + s d) ≤ f(x) + c·s·gᵀd with f finite (or, once f(x + s d) and f(x) agree to rounding,
//!    until the slope ∇f(x + s d)ᵀd is still ≤ 0); if s·‖d‖ falls below the smallest step the run
//!    stops with [`StopReason::LineSearchFailed`] and x is left at the last accepted iterate.
//! 3. Stop on ‖g‖ ≤ `tolerance_grad`, on ‖s d‖ ≤ `tolerance_step`, on f ≤ `target_value`, or
//!    after `max_iter` iterations; the [`Report`] says which.
//!
//! Newton's method is affine invariant: for a quadratic it lands on the minimum in one step
//! whatever the conditioning, where gradient descent slows with the condition number (the seed's
//! table; measured by `examples/05-newton-vs-gd.rs`).

use nalgebra::{DMatrix, DVector};

use super::{Differentiable, MAX_DENSE_PARAMS, Objective, Report, SecondOrderError, StopReason};
use crate::Scalar;
use crate::error::{ConfigError, check};

/// Settings of [`newton`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NewtonConfig<T> {
    /// Iteration limit. Defaults to 100.
    pub max_iter: usize,
    /// Stop when ‖∇f‖ ≤ this. Defaults to `1e-10`.
    pub tolerance_grad: T,
    /// Stop when a step ‖Δx‖ ≤ this. Defaults to `1e-14`.
    pub tolerance_step: T,
    /// Stop when f ≤ this. Defaults to −∞ (never).
    pub target_value: T,
    /// Armijo's sufficient-decrease constant c. Defaults to `1e-4`.
    pub armijo: T,
    /// Backtracking factor β. Defaults to `0.5`.
    pub backtrack: T,
    /// Initial relative damping μ₀ when H is not positive definite. Defaults to `1e-8`.
    pub damping: T,
    /// The largest damping μ before falling back to −∇f. Defaults to `1e16`.
    pub max_damping: T,
}

impl<T: Scalar> Default for NewtonConfig<T> {
    fn default() -> Self {
        NewtonConfig {
            max_iter: 100,
            tolerance_grad: T::lit(1e-10),
            tolerance_step: T::lit(1e-14),
            target_value: T::lit(f64::NEG_INFINITY),
            armijo: T::lit(1e-4),
            backtrack: T::lit(0.5),
            damping: T::lit(1e-8),
            max_damping: T::lit(1e16),
        }
    }
}

/// The Newton direction −H⁻¹g, damped until H + μI is positive definite (see the module docs).
/// Returns the direction and whether damping (or the gradient fallback) was needed.
pub(crate) fn damped_direction<T: Scalar>(
    h: &DMatrix<T>,
    g: &DVector<T>,
    damping: T,
    max_damping: T,
) -> (DVector<T>, bool) {
    let n = g.len();
    let steepest = || -g.clone();
    if h.iter().any(|v| !v.is_finite()) {
        return (steepest(), true);
    }
    let descent = |d: &DVector<T>| d.iter().all(|v| v.is_finite()) && d.dot(g) < T::zero();
    if let Some(ch) = h.clone().cholesky() {
        let d = -ch.solve(g);
        if descent(&d) {
            return (d, false);
        }
    }
    let scale = (0..n).fold(T::one(), |m, i| m.max(h[(i, i)].abs()));
    let mut mu = damping * scale;
    while mu <= max_damping * scale {
        let mut hd = h.clone();
        for i in 0..n {
            hd[(i, i)] += mu;
        }
        if let Some(ch) = hd.cholesky() {
            let d = -ch.solve(g);
            if descent(&d) {
                return (d, true);
            }
        }
        mu *= T::lit(10.0);
    }
    (steepest(), true)
}

/// Armijo backtracking settings: the first step length, the sufficient-decrease constant c and
/// the factor β.
#[derive(Clone, Copy)]
pub(crate) struct Armijo<T> {
    pub(crate) initial: T,
    pub(crate) c: T,
    pub(crate) beta: T,
}

/// Backtracking (Armijo) along `d` from `x` (value `f`, gradient `g`): the accepted point, its
/// value and the number of evaluations, or `None` if no step down to the smallest length
/// decreases f enough.
pub(crate) fn armijo<T: Scalar, O: Differentiable<T> + ?Sized>(
    obj: &mut O,
    x: &DVector<T>,
    f: T,
    g: &DVector<T>,
    d: &DVector<T>,
    rule: Armijo<T>,
) -> (Option<(DVector<T>, T)>, usize) {
    let Armijo { initial, c, beta } = rule;
    let slope = g.dot(d);
    let dnorm = d.norm();
    let mut s = initial;
    let mut evals = 0;
    // NOTE: the smallest step is relative to x, so the search ends once steps no longer change
    // x in floating point.
    let min_len = T::lit(1e-18) * (T::one() + x.norm());
    while s * dnorm > min_len {
        let trial = x + d * s;
        let ft = obj.value(&trial);
        evals += 1;
        if ft.is_finite() && ft <= f + c * s * slope {
            return (Some((trial, ft)), evals);
        }
        // NOTE: near a minimum the decrease c·s·gᵀd drops below the rounding of f, and a test
        // on values alone stalls. When f(x + s d) and f(x) agree to rounding, decide by the
        // slope at the trial point instead: accept if it is still ≤ 0 (the step has not passed
        // the minimum along the line), as Hager and Zhang's approximate Wolfe condition does.
        let noise = T::lit(4.0 * f64::EPSILON) * (f.abs() + ft.abs());
        if ft.is_finite() && (ft - f).abs() <= noise {
            let mut gt = DVector::<T>::zeros(x.len());
            obj.gradient(&trial, &mut gt);
            evals += 1;
            if gt.dot(d) <= T::zero() {
                return (Some((trial, ft)), evals);
            }
        }
        s *= beta;
    }
    (None, evals)
}

impl<T: Scalar> NewtonConfig<T> {
    /// Checks the settings: `armijo` and `backtrack` in (0, 1); `damping` and `max_damping`
    /// > 0 and finite (with μ₀ = 0 the damping would never grow, and the loop never end).
    pub fn validate(&self) -> Result<(), ConfigError> {
        check::open_unit("armijo", self.armijo.to_f64())?;
        check::open_unit("backtrack", self.backtrack.to_f64())?;
        check::positive("damping", self.damping.to_f64())?;
        check::positive("max_damping", self.max_damping.to_f64())
    }
}

/// Minimises `obj` from `x` (updated in place) by damped Newton's method with Armijo
/// backtracking; see the [module docs](self). Refused (nothing done) above
/// [`MAX_DENSE_PARAMS`] dimensions.
pub fn newton<T: Scalar, O: Objective<T>>(
    obj: &mut O,
    x: &mut DVector<T>,
    config: &NewtonConfig<T>,
) -> Result<Report<T>, SecondOrderError> {
    config.validate()?;
    let n = obj.dim();
    if n > MAX_DENSE_PARAMS {
        return Err(SecondOrderError::TooLarge {
            params: n,
            limit: MAX_DENSE_PARAMS,
        });
    }
    if x.len() != n {
        return Err(SecondOrderError::Length(crate::LengthError {
            expected: n,
            found: x.len(),
        }));
    }
    let mut g = DVector::<T>::zeros(n);
    let mut h = DMatrix::<T>::zeros(n, n);
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
        obj.hessian(x, &mut h);
        let (d, damped) = damped_direction(&h, &g, config.damping, config.max_damping);
        report.damped += usize::from(damped);
        let rule = Armijo {
            initial: T::one(),
            c: config.armijo,
            beta: config.backtrack,
        };
        let (accepted, evals) = armijo(obj, x, f, &g, &d, rule);
        report.evaluations += evals;
        let Some((next, _)) = accepted else {
            report.reason = StopReason::LineSearchFailed;
            return Ok(report);
        };
        let step = (&next - &*x).norm();
        *x = next;
        f = obj.gradient(x, &mut g);
        report.evaluations += 1;
        report.iterations += 1;
        report.history.push((f, g.norm()));
        if step <= config.tolerance_step {
            report.value = f;
            report.gradient_norm = g.norm();
            report.reason = StopReason::StepSize;
            return Ok(report);
        }
    }
}
