//! What the second-order methods minimise, and what they report.

use alloc::boxed::Box;
use alloc::vec::Vec;

use nalgebra::{DMatrix, DVector};

use super::{
    SecondOrder, SecondOrderError, dataset_gradient, dataset_hessian, output_param_jacobian,
};
use crate::Scalar;
use crate::error::LengthError;

/// A differentiable function f: Rⁿ → R to minimise: its value and gradient. What
/// [`Lbfgs`](super::Lbfgs) and [`gradient_descent`](super::gradient_descent) need; Newton's
/// method and Levenberg–Marquardt need an [`Objective`] (a Hessian too). [`from_fn`] makes
/// one from a closure.
pub trait Differentiable<T: Scalar> {
    /// The dimension n.
    fn dim(&self) -> usize;
    /// f(x).
    fn value(&mut self, x: &DVector<T>) -> T;
    /// Writes ∇f(x) into `g` and returns f(x).
    fn gradient(&mut self, x: &DVector<T>, g: &mut DVector<T>) -> T;
}

/// A twice-differentiable function f: Rⁿ → R to minimise: a [`Differentiable`] function with
/// its Hessian, for [`newton`](super::newton()) and
/// [`levenberg_marquardt`](super::levenberg_marquardt).
pub trait Objective<T: Scalar>: Differentiable<T> {
    /// Writes the Hessian ∇²f(x) into `h` (n × n).
    fn hessian(&mut self, x: &DVector<T>, h: &mut DMatrix<T>);
}

/// A [`Differentiable`] function from a closure `f(x, g)` that writes ∇f(x) into `g` and
/// returns f(x) (PyTorch's L-BFGS `closure`); see [`from_fn`].
pub struct FnObjective<T: Scalar, F> {
    dim: usize,
    f: F,
    scratch: DVector<T>,
}

/// The function of dimension `dim` that `f(x, g)` evaluates: writes ∇f(x) into `g` (of length
/// `dim`) and returns f(x). Its [`value`](Differentiable::value) calls `f` with a scratch
/// gradient.
///
/// ```
/// use typenet_runtime::nalgebra::DVector;
/// use typenet_runtime::second_order::{Lbfgs, LbfgsConfig, from_fn};
///
/// // f(x) = (x₀ − 1)² + 10 (x₁ + 2)²
/// let mut f = from_fn(2, |x: &DVector<f64>, g: &mut DVector<f64>| {
///     g[0] = 2.0 * (x[0] - 1.0);
///     g[1] = 20.0 * (x[1] + 2.0);
///     (x[0] - 1.0).powi(2) + 10.0 * (x[1] + 2.0).powi(2)
/// });
/// let mut x = DVector::zeros(2);
/// let mut lbfgs = Lbfgs::new(LbfgsConfig::default())?;
/// lbfgs.step(&mut f, &mut x)?;
/// assert!((x[0] - 1.0).abs() < 1e-6 && (x[1] + 2.0).abs() < 1e-6);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn from_fn<T, F>(dim: usize, f: F) -> FnObjective<T, F>
where
    T: Scalar,
    F: FnMut(&DVector<T>, &mut DVector<T>) -> T,
{
    FnObjective {
        dim,
        f,
        scratch: DVector::zeros(dim),
    }
}

impl<T: Scalar, F: FnMut(&DVector<T>, &mut DVector<T>) -> T> Differentiable<T>
    for FnObjective<T, F>
{
    fn dim(&self) -> usize {
        self.dim
    }
    fn value(&mut self, x: &DVector<T>) -> T {
        (self.f)(x, &mut self.scratch)
    }
    fn gradient(&mut self, x: &DVector<T>, g: &mut DVector<T>) -> T {
        (self.f)(x, g)
    }
}

/// A least-squares objective f(x) = (c/2)·‖r(x)‖² with residuals r: Rⁿ → Rᵐ and a constant
/// weight c > 0: what Gauss–Newton and Levenberg–Marquardt need.
pub trait LeastSquares<T: Scalar>: Objective<T> {
    /// The weight c.
    fn weight(&self) -> T;
    /// The number of residuals m.
    fn residual_count(&self) -> usize;
    /// Writes r(x) into `r` (m) and its Jacobian ∂r/∂x into `j` (m × n).
    fn residuals(&mut self, x: &DVector<T>, r: &mut DVector<T>, j: &mut DMatrix<T>);
    /// Whether f really is (c/2)‖r‖² (a [`NetworkObjective`] is only when its loss is MSE);
    /// [`levenberg_marquardt`](super::levenberg_marquardt) refuses an objective that is not.
    fn is_least_squares(&self) -> bool {
        true
    }
}

/// A network's mean loss over a data set as a function of its flat parameters:
/// f(θ) = (1/m) Σ_i E(net_θ(x_i), t_i), the objective of full-batch training.
///
/// Holds a boxed working copy of the network (so large networks never touch the stack); the
/// gradient is the generated backward pass and the Hessian the generated Hessian-vector
/// products, both exact.
pub struct NetworkObjective<'d, T: Scalar, N: SecondOrder<T>> {
    net: Box<N>,
    start: DVector<T>,
    data: &'d [(N::Input, N::Target)],
}

impl<'d, T: Scalar, N: SecondOrder<T>> NetworkObjective<'d, T, N> {
    /// The objective of `data` for networks of `net`'s type (`net` only gives the type and the
    /// starting point, [`NetworkObjective::initial_params`]).
    pub fn new(net: &N, data: &'d [(N::Input, N::Target)]) -> Result<Self, SecondOrderError> {
        if data.is_empty() {
            return Err(SecondOrderError::EmptyData);
        }
        let mut boxed = N::boxed_zeros();
        boxed.as_mut_slice().copy_from_slice(net.as_slice());
        Ok(NetworkObjective {
            net: boxed,
            start: DVector::from_column_slice(net.as_slice()),
            data,
        })
    }

    /// The parameters of the network given to [`new`](NetworkObjective::new), as a vector: the
    /// starting point of a method.
    pub fn initial_params(&self) -> DVector<T> {
        self.start.clone()
    }

    /// The network with parameters `x`.
    ///
    /// # Errors
    /// [`SecondOrderError::Length`] if `x` does not have one entry per parameter.
    pub fn network(&mut self, x: &DVector<T>) -> Result<&N, SecondOrderError> {
        self.load(x)?;
        Ok(&self.net)
    }

    /// Loads `x` into the working network, or refuses a wrong length.
    fn load(&mut self, x: &DVector<T>) -> Result<(), SecondOrderError> {
        let params = self.net.as_mut_slice();
        if x.len() != params.len() {
            return Err(LengthError {
                expected: params.len(),
                found: x.len(),
            }
            .into());
        }
        params.copy_from_slice(x.as_slice());
        Ok(())
    }
}

/// NOTE: the trait's methods return plain values, so a point (or an output) of the wrong length
/// cannot be reported here as a [`SecondOrderError`]: the value is NaN and the outputs are filled
/// with NaN (never a panic). The methods ([`newton`](super::newton()),
/// [`levenberg_marquardt`](super::levenberg_marquardt),
/// [`gradient_descent`](super::gradient_descent), [`Lbfgs::step`](super::Lbfgs::step)) check the
/// length against [`dim`](Differentiable::dim) first and return [`SecondOrderError::Length`].
impl<T: Scalar, N: SecondOrder<T>> Differentiable<T> for NetworkObjective<'_, T, N> {
    fn dim(&self) -> usize {
        N::PARAMS
    }
    fn value(&mut self, x: &DVector<T>) -> T {
        if self.load(x).is_err() {
            return T::lit(f64::NAN);
        }
        let mut total = T::zero();
        for (xi, ti) in self.data {
            total += self.net.loss(xi, ti);
        }
        total / T::lit(self.data.len() as f64)
    }
    fn gradient(&mut self, x: &DVector<T>, g: &mut DVector<T>) -> T {
        if self.load(x).is_err() || g.len() != N::PARAMS {
            g.fill(T::lit(f64::NAN));
            return T::lit(f64::NAN);
        }
        // NOTE: `new` refused empty data, so this cannot fail.
        match dataset_gradient(&*self.net, self.data) {
            Ok((f, grad)) => {
                g.copy_from(&grad);
                f
            }
            Err(_) => T::zero(),
        }
    }
}

/// The exact Hessian, from the generated Hessian-vector products.
impl<T: Scalar, N: SecondOrder<T>> Objective<T> for NetworkObjective<'_, T, N> {
    fn hessian(&mut self, x: &DVector<T>, h: &mut DMatrix<T>) {
        if self.load(x).is_err() || h.shape() != (N::PARAMS, N::PARAMS) {
            h.fill(T::lit(f64::NAN));
            return;
        }
        // NOTE: the methods check `dim()` against the dense limit before asking for a Hessian;
        // if one is asked anyway above it, the Hessian is NaN, which they treat as "not
        // positive definite" and never step along.
        match dataset_hessian(&*self.net, self.data) {
            Ok((_, _, hess)) => h.copy_from(&hess),
            Err(_) => h.fill(T::lit(f64::NAN)),
        }
    }
}

impl<T: Scalar, N: SecondOrder<T>> LeastSquares<T> for NetworkObjective<'_, T, N> {
    /// 1/m: the mean over the m samples of the MSE loss ½‖y − t‖².
    fn weight(&self) -> T {
        T::one() / T::lit(self.data.len() as f64)
    }
    fn residual_count(&self) -> usize {
        N::OUTPUTS * self.data.len()
    }
    /// r = y − t for every sample and output (sample-major); J = ∂y/∂θ stacked. This is the
    /// objective's least-squares form only when the loss is MSE (`N::MSE_LOSS`).
    fn is_least_squares(&self) -> bool {
        N::MSE_LOSS
    }
    fn residuals(&mut self, x: &DVector<T>, r: &mut DVector<T>, j: &mut DMatrix<T>) {
        let m = self.residual_count();
        if self.load(x).is_err() || r.len() != m || j.shape() != (m, N::PARAMS) {
            r.fill(T::lit(f64::NAN));
            j.fill(T::lit(f64::NAN));
            return;
        }
        let o = N::OUTPUTS;
        for (s, (xi, ti)) in self.data.iter().enumerate() {
            let (y, jac) = output_param_jacobian(&*self.net, xi);
            let t = N::target_values(ti);
            for k in 0..o {
                r[s * o + k] = y[k] - t[k];
            }
            j.rows_mut(s * o, o).copy_from(&jac);
        }
    }
}

/// Why a method stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopReason {
    /// ‖∇f‖ fell to the gradient tolerance.
    GradientNorm,
    /// The last step ‖Δx‖ fell to the step tolerance.
    StepSize,
    /// f fell to the target value.
    TargetValue,
    /// The iteration limit was reached.
    MaxIterations,
    /// The line search found no acceptable step (no decrease along the search direction down to
    /// the smallest step length).
    LineSearchFailed,
    /// f or ∇f was not finite at the starting point.
    NonFinite,
}

/// What a run of a method did: how many iterations, why it stopped, where it ended, and the
/// value and gradient norm at every iterate.
#[derive(Clone, Debug, PartialEq)]
pub struct Report<T> {
    /// Iterations taken (steps accepted).
    pub iterations: usize,
    /// Why it stopped.
    pub reason: StopReason,
    /// f at the final point.
    pub value: T,
    /// ‖∇f‖ at the final point.
    pub gradient_norm: T,
    /// Function evaluations (line-search trials included).
    pub evaluations: usize,
    /// Iterations whose Hessian was not positive definite and needed damping (Newton) or whose
    /// step was rejected at least once (Levenberg–Marquardt).
    pub damped: usize,
    /// (f(x_k), ‖∇f(x_k)‖) for k = 0, 1, …, iterations.
    pub history: Vec<(T, T)>,
}

impl<T: Scalar> Report<T> {
    /// The report at the starting point: f(x₀), ‖∇f(x₀)‖, one evaluation. Its reason is
    /// [`StopReason::NonFinite`] if either is not finite (the run stops there), else a placeholder.
    pub(crate) fn start(value: T, gradient_norm: T) -> Self {
        let finite = value.is_finite() && gradient_norm.is_finite();
        Report {
            iterations: 0,
            reason: if finite {
                StopReason::MaxIterations
            } else {
                StopReason::NonFinite
            },
            value,
            gradient_norm,
            evaluations: 1,
            damped: 0,
            history: alloc::vec![(value, gradient_norm)],
        }
    }

    /// Records the current point and returns the criterion that ends the run there, if one
    /// does, checked in this order: gradient norm, target value, iteration count.
    pub(crate) fn stop_at(
        &mut self,
        value: T,
        gradient_norm: T,
        tolerance_grad: T,
        target_value: T,
        max_iter: usize,
    ) -> Option<StopReason> {
        self.value = value;
        self.gradient_norm = gradient_norm;
        if gradient_norm <= tolerance_grad {
            Some(StopReason::GradientNorm)
        } else if value <= target_value {
            Some(StopReason::TargetValue)
        } else if self.iterations >= max_iter {
            Some(StopReason::MaxIterations)
        } else {
            None
        }
    }
}
