//! L-BFGS with PyTorch's semantics (`torch.optim.LBFGS`), optionally with its strong-Wolfe line
//! search.
//!
//! One [`Lbfgs::step`] is one call of PyTorch's `optimizer.step(closure)`: up to `max_iter`
//! inner iterations and `max_eval` function evaluations, with the history (the last
//! `history_size` pairs s = Δx, y = Δ∇f with yᵀs > 1e-10), the last direction and step length
//! kept between calls. The search direction is the two-loop recursion −H_k ∇f with initial
//! scaling H₀ = (sᵀy)/(yᵀy) of the newest pair. The first step of the first iteration is
//! min(1, 1/‖∇f‖₁)·lr, later ones lr. Without a line search the step is taken as is; with
//! [`LineSearch::StrongWolfe`] it is PyTorch's `_strong_wolfe` (c₁ = 1e-4, c₂ = 0.9, bracketing
//! then zoom by cubic interpolation, at most `max_eval` minus the evaluations so far).
//! An inner loop ends when ‖∇f‖_∞ ≤ `tolerance_grad`, when the directional derivative is above
//! −`tolerance_change`, when the step ‖t d‖_∞ or the change of f falls below
//! `tolerance_change`, or at the iteration or evaluation limit. `tests/lbfgs.rs` compares the
//! iterates with PyTorch's step by step.
//!
//! Memory is O(history_size · n): no Hessian, no size limit.
//!
//! # Guarantees
//! As every optimizer of [`crate::optim`]: the settings are checked when the optimizer is made
//! and again at each step ([`SecondOrderError::Config`]); a point of the wrong length is refused
//! ([`SecondOrderError::Length`]); and a step is all or nothing: if the objective's value or
//! gradient, or a new point, is NaN or infinite at any inner iteration, the step returns
//! [`SecondOrderError::NonFinite`] and `x` and the optimizer's state (history, direction, step
//! length, counters) are exactly as before the step. (To undo, a step keeps a copy of `x`, of the
//! last direction and of the last gradient, and the history pairs it drops.)

use alloc::collections::VecDeque;
use alloc::vec;
use alloc::vec::Vec;

use nalgebra::DVector;

use super::{Differentiable, SecondOrderError};
use crate::Scalar;
use crate::error::{ConfigError, LengthError, NonFiniteError, check};

/// The line search of [`Lbfgs`] (PyTorch's `line_search_fn`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum LineSearch {
    /// No line search: the step length is `lr` (`line_search_fn=None`, the default).
    #[default]
    None,
    /// Strong-Wolfe line search (`line_search_fn="strong_wolfe"`).
    StrongWolfe,
}

/// Settings of [`Lbfgs`], with PyTorch's names and defaults.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LbfgsConfig<T> {
    /// Learning rate (step length). Defaults to `1`.
    pub lr: T,
    /// Inner iterations per [`Lbfgs::step`]. Defaults to `20`.
    pub max_iter: usize,
    /// Function evaluations per step; `None` means `max_iter * 5 / 4` (PyTorch's default).
    pub max_eval: Option<usize>,
    /// Stop when ‖∇f‖_∞ ≤ this. Defaults to `1e-7`.
    pub tolerance_grad: T,
    /// Stop when a step or the change of f is below this. Defaults to `1e-9`.
    pub tolerance_change: T,
    /// Number of (s, y) pairs kept. Defaults to `100`.
    pub history_size: usize,
    /// The line search. Defaults to none.
    pub line_search: LineSearch,
}

impl<T: Scalar> Default for LbfgsConfig<T> {
    fn default() -> Self {
        LbfgsConfig {
            lr: T::one(),
            max_iter: 20,
            max_eval: None,
            tolerance_grad: T::lit(1e-7),
            tolerance_change: T::lit(1e-9),
            history_size: 100,
            line_search: LineSearch::None,
        }
    }
}

impl<T: Scalar> LbfgsConfig<T> {
    /// Checks the settings as PyTorch's constructor does: `lr` ≥ 0 (and finite: a NaN or
    /// infinite step length can only produce a non-finite point).
    pub fn validate(&self) -> Result<(), ConfigError> {
        check::non_negative("lr", self.lr.to_f64())
    }
}

/// L-BFGS state: PyTorch's `optimizer.state`, kept between [`step`](Lbfgs::step) calls.
#[derive(Clone, Debug)]
pub struct Lbfgs<T: Scalar> {
    /// The settings.
    pub config: LbfgsConfig<T>,
    d: Option<DVector<T>>,
    t: T,
    old_dirs: VecDeque<DVector<T>>,
    old_stps: VecDeque<DVector<T>>,
    ro: VecDeque<T>,
    h_diag: T,
    prev_flat_grad: Option<DVector<T>>,
    n_iter: usize,
    func_evals: usize,
}

/// Where a line search ends: value, gradient, step length and evaluations.
type Found<T> = (T, DVector<T>, T, usize);

impl<T: Scalar> Lbfgs<T> {
    /// A fresh optimizer.
    ///
    /// # Errors
    /// A [`ConfigError`] if a setting is invalid (see [`LbfgsConfig::validate`]).
    pub fn new(config: LbfgsConfig<T>) -> Result<Self, ConfigError> {
        config.validate()?;
        Ok(Lbfgs {
            config,
            d: None,
            t: T::zero(),
            old_dirs: VecDeque::new(),
            old_stps: VecDeque::new(),
            ro: VecDeque::new(),
            h_diag: T::one(),
            prev_flat_grad: None,
            n_iter: 0,
            func_evals: 0,
        })
    }

    /// Inner iterations over all steps so far (PyTorch's `state["n_iter"]`).
    pub fn iterations(&self) -> usize {
        self.n_iter
    }

    /// Function evaluations over all steps so far (PyTorch's `state["func_evals"]`).
    pub fn evaluations(&self) -> usize {
        self.func_evals
    }

    /// One `optimizer.step(closure)`: updates `x` in place and returns f at the `x` it was
    /// given (PyTorch's return value).
    ///
    /// # Errors
    /// Nothing is changed (neither `x` nor the optimizer's state) when the step returns:
    /// - [`SecondOrderError::Config`] if `config` is invalid (it may be changed between steps);
    /// - [`SecondOrderError::Length`] if `x` is not of the objective's dimension;
    /// - [`SecondOrderError::NonFinite`] if the objective's value ([`NonFiniteError::Loss`]) or
    ///   gradient ([`NonFiniteError::Gradient`]) at a point the step reached, or a new point
    ///   ([`NonFiniteError::Parameter`]), is NaN or infinite.
    pub fn step<O: Differentiable<T>>(
        &mut self,
        obj: &mut O,
        x: &mut DVector<T>,
    ) -> Result<T, SecondOrderError> {
        self.config.validate()?;
        let n = obj.dim();
        if x.len() != n {
            return Err(LengthError {
                expected: n,
                found: x.len(),
            }
            .into());
        }
        let saved = Saved {
            x: x.clone(),
            d: self.d.clone(),
            t: self.t,
            h_diag: self.h_diag,
            prev_flat_grad: self.prev_flat_grad.clone(),
            n_iter: self.n_iter,
            func_evals: self.func_evals,
            pairs: self.ro.len(),
        };
        let mut dropped = Dropped {
            pairs: Vec::new(),
            originals: saved.pairs,
        };
        let r = self.run(obj, x, &mut dropped);
        if r.is_err() {
            self.undo(saved, dropped, x);
        }
        r
    }

    /// Puts `x` and the state back as they were before a refused step: the pairs pushed since
    /// (those after the remaining original ones) are removed from the back, the original ones
    /// that were dropped (popped from the front, oldest first) pushed back at the front.
    fn undo(&mut self, saved: Saved<T>, dropped: Dropped<T>, x: &mut DVector<T>) {
        let pushed = self.ro.len() - dropped.originals;
        for _ in 0..pushed {
            self.old_dirs.pop_back();
            self.old_stps.pop_back();
            self.ro.pop_back();
        }
        for (y, s, ro) in dropped.pairs.into_iter().rev() {
            self.old_dirs.push_front(y);
            self.old_stps.push_front(s);
            self.ro.push_front(ro);
        }
        x.copy_from(&saved.x);
        self.d = saved.d;
        self.t = saved.t;
        self.h_diag = saved.h_diag;
        self.prev_flat_grad = saved.prev_flat_grad;
        self.n_iter = saved.n_iter;
        self.func_evals = saved.func_evals;
    }

    /// The step itself (PyTorch's), refusing a non-finite value, gradient or point; the history
    /// pairs it drops go to `dropped`, so that [`undo`](Self::undo) can restore them.
    fn run<O: Differentiable<T>>(
        &mut self,
        obj: &mut O,
        x: &mut DVector<T>,
        dropped: &mut Dropped<T>,
    ) -> Result<T, SecondOrderError> {
        let c = self.config;
        let max_eval = c.max_eval.unwrap_or(c.max_iter * 5 / 4);
        let n = x.len();
        let mut flat_grad = DVector::<T>::zeros(n);
        let orig_loss = obj.gradient(x, &mut flat_grad);
        finite(orig_loss, &flat_grad, None)?;
        let mut loss = orig_loss;
        let mut current_evals = 1;
        self.func_evals += 1;
        if inf_norm(&flat_grad) <= c.tolerance_grad {
            return Ok(orig_loss);
        }
        let mut d = self.d.take().unwrap_or_else(|| DVector::zeros(n));
        let mut t = self.t;
        let mut n_iter = 0;
        while n_iter < c.max_iter {
            n_iter += 1;
            self.n_iter += 1;
            if self.n_iter == 1 {
                d = -&flat_grad;
                // NOTE: the history is empty at the first iteration ever; should it not be,
                // the pairs go to `dropped` (oldest first) so that a refused step restores them.
                while let (Some(y), Some(s), Some(ro)) = (
                    self.old_dirs.pop_front(),
                    self.old_stps.pop_front(),
                    self.ro.pop_front(),
                ) {
                    dropped.drop_front((y, s, ro));
                }
                self.h_diag = T::one();
            } else if let Some(prev) = &self.prev_flat_grad {
                let y = &flat_grad - prev;
                let s = &d * t;
                let ys = y.dot(&s);
                if ys > T::lit(1e-10) {
                    if self.old_dirs.len() == c.history_size
                        && let (Some(y), Some(s), Some(ro)) = (
                            self.old_dirs.pop_front(),
                            self.old_stps.pop_front(),
                            self.ro.pop_front(),
                        )
                    {
                        dropped.drop_front((y, s, ro));
                    }
                    self.h_diag = ys / y.dot(&y);
                    self.old_dirs.push_back(y);
                    self.old_stps.push_back(s);
                    self.ro.push_back(T::one() / ys);
                }
                let num_old = self.old_dirs.len();
                let mut al = vec![T::zero(); num_old];
                let mut q = -&flat_grad;
                for i in (0..num_old).rev() {
                    al[i] = self.old_stps[i].dot(&q) * self.ro[i];
                    q.axpy(-al[i], &self.old_dirs[i], T::one());
                }
                let mut r = q * self.h_diag;
                let pairs = self.old_dirs.iter().zip(&self.old_stps);
                for ((y, s), (a, rho)) in pairs.zip(al.iter().zip(&self.ro)) {
                    let be_i = y.dot(&r) * *rho;
                    r.axpy(*a - be_i, s, T::one());
                }
                d = r;
            }
            match &mut self.prev_flat_grad {
                Some(p) => p.copy_from(&flat_grad),
                None => self.prev_flat_grad = Some(flat_grad.clone()),
            }
            let prev_loss = loss;
            t = if self.n_iter == 1 {
                T::one().min(T::one() / flat_grad.abs().sum()) * c.lr
            } else {
                c.lr
            };
            let gtd = flat_grad.dot(&d);
            if gtd > -c.tolerance_change {
                break;
            }
            let ls_func_evals;
            let opt_cond;
            match c.line_search {
                LineSearch::StrongWolfe => {
                    let (f_new, g_new, t_new, evals) = strong_wolfe(
                        obj,
                        x,
                        t,
                        &d,
                        loss,
                        &flat_grad,
                        gtd,
                        c.tolerance_change,
                        max_eval.saturating_sub(current_evals),
                    )?;
                    loss = f_new;
                    flat_grad = g_new;
                    t = t_new;
                    ls_func_evals = evals;
                    x.axpy(t, &d, T::one());
                    finite(loss, &flat_grad, Some(x))?;
                    opt_cond = inf_norm(&flat_grad) <= c.tolerance_grad;
                }
                LineSearch::None => {
                    x.axpy(t, &d, T::one());
                    finite(loss, &flat_grad, Some(x))?;
                    if n_iter != c.max_iter {
                        loss = obj.gradient(x, &mut flat_grad);
                        finite(loss, &flat_grad, None)?;
                        opt_cond = inf_norm(&flat_grad) <= c.tolerance_grad;
                        ls_func_evals = 1;
                    } else {
                        opt_cond = false;
                        ls_func_evals = 0;
                    }
                }
            }
            current_evals += ls_func_evals;
            self.func_evals += ls_func_evals;
            if n_iter == c.max_iter || current_evals >= max_eval || opt_cond {
                break;
            }
            if inf_norm(&(&d * t)) <= c.tolerance_change {
                break;
            }
            if (loss - prev_loss).abs() < c.tolerance_change {
                break;
            }
        }
        self.d = Some(d);
        self.t = t;
        Ok(orig_loss)
    }
}

/// One history pair (y, s) and its 1/(yᵀs).
type Pair<T> = (DVector<T>, DVector<T>, T);

/// The history pairs a step has dropped from the front that it had on entry (`originals` of
/// them are still in the history), for [`Lbfgs::undo`]. A pair the step itself pushed and then
/// dropped again is simply forgotten.
struct Dropped<T: Scalar> {
    pairs: Vec<Pair<T>>,
    originals: usize,
}

impl<T: Scalar> Dropped<T> {
    /// Keeps `pair`, just popped from the front, if it is one the step started with.
    fn drop_front(&mut self, pair: Pair<T>) {
        if self.originals > 0 {
            self.originals -= 1;
            self.pairs.push(pair);
        }
    }
}

/// What a step restores if it is refused.
struct Saved<T: Scalar> {
    x: DVector<T>,
    d: Option<DVector<T>>,
    t: T,
    h_diag: T,
    prev_flat_grad: Option<DVector<T>>,
    n_iter: usize,
    func_evals: usize,
    /// The number of history pairs.
    pairs: usize,
}

/// `Ok` if the value, every gradient entry and every entry of the point `x` (if given) are
/// finite; else the first that is not.
fn finite<T: Scalar>(
    loss: T,
    grad: &DVector<T>,
    x: Option<&DVector<T>>,
) -> Result<(), NonFiniteError> {
    if !loss.is_finite() {
        return Err(NonFiniteError::Loss);
    }
    if let Some(index) = grad.iter().position(|g| !g.is_finite()) {
        return Err(NonFiniteError::Gradient { index });
    }
    if let Some(index) = x.and_then(|x| x.iter().position(|v| !v.is_finite())) {
        return Err(NonFiniteError::Parameter { index });
    }
    Ok(())
}

fn inf_norm<T: Scalar>(v: &DVector<T>) -> T {
    v.iter().fold(T::zero(), |m, x| m.max(x.abs()))
}

/// f and ∇f at x + t·d (PyTorch's `_directional_evaluate`).
fn directional<T: Scalar, O: Differentiable<T>>(
    obj: &mut O,
    x: &DVector<T>,
    t: T,
    d: &DVector<T>,
) -> (T, DVector<T>) {
    let point = x + d * t;
    let mut g = DVector::zeros(x.len());
    let f = obj.gradient(&point, &mut g);
    (f, g)
}

/// The minimiser of the cubic through (x1, f1, g1) and (x2, f2, g2), clamped to the bounds
/// (PyTorch's `_cubic_interpolate`).
fn cubic_interpolate<T: Scalar>(
    (x1, f1, g1): (T, T, T),
    (x2, f2, g2): (T, T, T),
    bounds: Option<(T, T)>,
) -> T {
    let (lo, hi) = bounds.unwrap_or(if x1 <= x2 { (x1, x2) } else { (x2, x1) });
    let d1 = g1 + g2 - T::lit(3.0) * (f1 - f2) / (x1 - x2);
    let d2_square = d1 * d1 - g1 * g2;
    if d2_square >= T::zero() {
        let d2 = d2_square.sqrt();
        let two = T::lit(2.0);
        let min_pos = if x1 <= x2 {
            x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + two * d2))
        } else {
            x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + two * d2))
        };
        min_pos.max(lo).min(hi)
    } else {
        (lo + hi) / T::lit(2.0)
    }
}

/// PyTorch's `_strong_wolfe` with c₁ = 1e-4, c₂ = 0.9; refuses the first trial whose value or
/// gradient is not finite.
#[allow(clippy::too_many_arguments)]
fn strong_wolfe<T: Scalar, O: Differentiable<T>>(
    obj: &mut O,
    x: &DVector<T>,
    mut t: T,
    d: &DVector<T>,
    f: T,
    g: &DVector<T>,
    gtd: T,
    tolerance_change: T,
    max_ls: usize,
) -> Result<Found<T>, NonFiniteError> {
    let (c1, c2) = (T::lit(1e-4), T::lit(0.9));
    let d_norm = inf_norm(d);
    let (mut f_new, mut g_new) = directional(obj, x, t, d);
    // NOTE: a non-finite trial ends the search (and the step is refused): the bracketing
    // below compares values and would pick a bracket of the wrong size for a NaN.
    finite(f_new, &g_new, None)?;
    let mut evals = 1;
    let mut gtd_new = g_new.dot(d);
    let (mut t_prev, mut f_prev, mut g_prev, mut gtd_prev) = (T::zero(), f, g.clone(), gtd);
    let mut done = false;
    let mut ls_iter = 0;
    // Bracket: points, values, gradients, directional derivatives.
    let mut bracket: Vec<T> = Vec::new();
    let mut bracket_f: Vec<T> = Vec::new();
    let mut bracket_g: Vec<DVector<T>> = Vec::new();
    let mut bracket_gtd: Vec<T> = Vec::new();
    while ls_iter < max_ls {
        if f_new > f + c1 * t * gtd || (ls_iter > 1 && f_new >= f_prev) {
            bracket = vec![t_prev, t];
            bracket_f = vec![f_prev, f_new];
            bracket_g = vec![g_prev.clone(), g_new.clone()];
            bracket_gtd = vec![gtd_prev, gtd_new];
            break;
        }
        if gtd_new.abs() <= -c2 * gtd {
            bracket = vec![t];
            bracket_f = vec![f_new];
            bracket_g = vec![g_new.clone()];
            done = true;
            break;
        }
        if gtd_new >= T::zero() {
            bracket = vec![t_prev, t];
            bracket_f = vec![f_prev, f_new];
            bracket_g = vec![g_prev.clone(), g_new.clone()];
            bracket_gtd = vec![gtd_prev, gtd_new];
            break;
        }
        let min_step = t + T::lit(0.01) * (t - t_prev);
        let max_step = t * T::lit(10.0);
        let tmp = t;
        t = cubic_interpolate(
            (t_prev, f_prev, gtd_prev),
            (t, f_new, gtd_new),
            Some((min_step, max_step)),
        );
        t_prev = tmp;
        f_prev = f_new;
        g_prev = g_new.clone();
        gtd_prev = gtd_new;
        (f_new, g_new) = directional(obj, x, t, d);
        finite(f_new, &g_new, None)?;
        evals += 1;
        gtd_new = g_new.dot(d);
        ls_iter += 1;
    }
    if ls_iter == max_ls {
        bracket = vec![T::zero(), t];
        bracket_f = vec![f, f_new];
        bracket_g = vec![g.clone(), g_new.clone()];
    }
    let mut insuf_progress = false;
    let (mut low, mut high) = if bracket_f[0] <= bracket_f[bracket_f.len() - 1] {
        (0, 1)
    } else {
        (1, 0)
    };
    while !done && ls_iter < max_ls {
        if (bracket[1] - bracket[0]).abs() * d_norm < tolerance_change {
            break;
        }
        t = cubic_interpolate(
            (bracket[0], bracket_f[0], bracket_gtd[0]),
            (bracket[1], bracket_f[1], bracket_gtd[1]),
            None,
        );
        let (bmax, bmin) = (bracket[0].max(bracket[1]), bracket[0].min(bracket[1]));
        let eps = T::lit(0.1) * (bmax - bmin);
        if (bmax - t).min(t - bmin) < eps {
            if insuf_progress || t >= bmax || t <= bmin {
                t = if (t - bmax).abs() < (t - bmin).abs() {
                    bmax - eps
                } else {
                    bmin + eps
                };
                insuf_progress = false;
            } else {
                insuf_progress = true;
            }
        } else {
            insuf_progress = false;
        }
        (f_new, g_new) = directional(obj, x, t, d);
        finite(f_new, &g_new, None)?;
        evals += 1;
        gtd_new = g_new.dot(d);
        ls_iter += 1;
        if f_new > f + c1 * t * gtd || f_new >= bracket_f[low] {
            bracket[high] = t;
            bracket_f[high] = f_new;
            bracket_g[high] = g_new.clone();
            bracket_gtd[high] = gtd_new;
            (low, high) = if bracket_f[0] <= bracket_f[1] {
                (0, 1)
            } else {
                (1, 0)
            };
        } else {
            if gtd_new.abs() <= -c2 * gtd {
                done = true;
            } else if gtd_new * (bracket[high] - bracket[low]) >= T::zero() {
                bracket[high] = bracket[low];
                bracket_f[high] = bracket_f[low];
                bracket_g[high] = bracket_g[low].clone();
                bracket_gtd[high] = bracket_gtd[low];
            }
            bracket[low] = t;
            bracket_f[low] = f_new;
            bracket_g[low] = g_new.clone();
            bracket_gtd[low] = gtd_new;
        }
    }
    let t = bracket[low];
    Ok((bracket_f[low], bracket_g.swap_remove(low), t, evals))
}
