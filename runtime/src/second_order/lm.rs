//! Gauss–Newton with Levenberg–Marquardt damping, for least-squares objectives
//! f(x) = (c/2)‖r(x)‖² (a network with MSE loss: r = y − t over the data set, c = 1/m).
//!
//! With J = ∂r/∂x, the gradient is g = c·Jᵀr and the Gauss–Newton matrix c·JᵀJ (the Hessian
//! without the residual-curvature term Σ r_i ∇²r_i; always positive semi-definite, and exact at
//! a zero-residual solution). Each iteration solves (c·JᵀJ + λI) d = −g by Cholesky and tries
//! x + d: if f decreases the step is taken and λ ← λ/10 (toward Gauss–Newton), otherwise
//! λ ← 10λ (toward a short gradient step) and the system is solved again. λ starts at
//! λ₀·max(1, max diag(c·JᵀJ)). If λ passes `max_damping` times that scale without a decrease the
//! run stops with [`StopReason::LineSearchFailed`].

use nalgebra::{DMatrix, DVector};

use super::{LeastSquares, MAX_DENSE_PARAMS, Report, SecondOrderError, StopReason};
use crate::Scalar;
use crate::error::{ConfigError, check};

/// Settings of [`levenberg_marquardt`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LmConfig<T> {
    /// Iteration limit (accepted steps). Defaults to 200.
    pub max_iter: usize,
    /// Stop when ‖∇f‖ ≤ this. Defaults to `1e-10`.
    pub tolerance_grad: T,
    /// Stop when an accepted step ‖Δx‖ ≤ this. Defaults to `1e-14`.
    pub tolerance_step: T,
    /// Stop when f ≤ this. Defaults to −∞ (never).
    pub target_value: T,
    /// The initial relative damping λ₀. Defaults to `1e-3`.
    pub damping: T,
    /// The largest relative damping before giving up. Defaults to `1e16`.
    pub max_damping: T,
}

impl<T: Scalar> Default for LmConfig<T> {
    fn default() -> Self {
        LmConfig {
            max_iter: 200,
            tolerance_grad: T::lit(1e-10),
            tolerance_step: T::lit(1e-14),
            target_value: T::lit(f64::NEG_INFINITY),
            damping: T::lit(1e-3),
            max_damping: T::lit(1e16),
        }
    }
}

impl<T: Scalar> LmConfig<T> {
    /// Checks the settings: `damping` and `max_damping` > 0 and finite (with λ₀ = 0 a rejected
    /// step would never raise it).
    pub fn validate(&self) -> Result<(), ConfigError> {
        check::positive("damping", self.damping.to_f64())?;
        check::positive("max_damping", self.max_damping.to_f64())
    }
}

/// Minimises the least-squares objective `obj` from `x` (updated in place) by
/// Levenberg–Marquardt; see the [module docs](self). Refused above [`MAX_DENSE_PARAMS`]
/// dimensions, and for an objective that is not least squares (a network whose loss is not MSE:
/// [`SecondOrderError::NotLeastSquares`]).
pub fn levenberg_marquardt<T: Scalar, O: LeastSquares<T>>(
    obj: &mut O,
    x: &mut DVector<T>,
    config: &LmConfig<T>,
) -> Result<Report<T>, SecondOrderError> {
    if !obj.is_least_squares() {
        return Err(SecondOrderError::NotLeastSquares);
    }
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
    let m = obj.residual_count();
    let c = obj.weight();
    let half = T::lit(0.5);
    let mut r = DVector::<T>::zeros(m);
    let mut j = DMatrix::<T>::zeros(m, n);
    let mut r_trial = DVector::<T>::zeros(m);
    let mut j_trial = DMatrix::<T>::zeros(m, n);
    obj.residuals(x, &mut r, &mut j);
    let mut f = half * c * r.norm_squared();
    let mut g = j.tr_mul(&r) * c;
    let mut report = Report::start(f, g.norm());
    if report.reason == StopReason::NonFinite {
        return Ok(report);
    }
    let mut lambda: Option<T> = None;
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
        let a = j.tr_mul(&j) * c;
        let scale = (0..n).fold(T::one(), |s, i| s.max(a[(i, i)].abs()));
        let mut lam = lambda.unwrap_or(config.damping * scale);
        let mut rejected = false;
        loop {
            if lam > config.max_damping * scale || !lam.is_finite() {
                report.reason = StopReason::LineSearchFailed;
                return Ok(report);
            }
            let mut damped = a.clone();
            for i in 0..n {
                damped[(i, i)] += lam;
            }
            let step = damped
                .cholesky()
                .map(|ch| -ch.solve(&g))
                .filter(|d| d.iter().all(|v| v.is_finite()));
            if let Some(d) = step {
                let trial = &*x + &d;
                obj.residuals(&trial, &mut r_trial, &mut j_trial);
                report.evaluations += 1;
                let ft = half * c * r_trial.norm_squared();
                if ft.is_finite() && ft < f {
                    let dnorm = d.norm();
                    *x = trial;
                    core::mem::swap(&mut r, &mut r_trial);
                    core::mem::swap(&mut j, &mut j_trial);
                    f = ft;
                    g = j.tr_mul(&r) * c;
                    lambda = Some((lam / T::lit(10.0)).max(T::lit(1e-15) * scale));
                    report.iterations += 1;
                    report.damped += usize::from(rejected);
                    report.history.push((f, g.norm()));
                    if dnorm <= config.tolerance_step {
                        report.value = f;
                        report.gradient_norm = g.norm();
                        report.reason = StopReason::StepSize;
                        return Ok(report);
                    }
                    break;
                }
            }
            rejected = true;
            lam *= T::lit(10.0);
        }
    }
}
