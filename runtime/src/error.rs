//! Errors of the runtime.

use core::fmt;

/// A flat parameter or gradient slice did not have the length the network needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LengthError {
    /// The length the network type needs (`PARAMS`).
    pub expected: usize,
    /// The length that was given.
    pub found: usize,
}

impl fmt::Display for LengthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "expected {} parameters, found {}",
            self.expected, self.found
        )
    }
}

impl core::error::Error for LengthError {}

/// A step was refused because a value it would have used was NaN or infinite.
///
/// The parameters are left exactly as they were before the step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NonFiniteError {
    /// The loss of the sample or batch was NaN or infinite.
    Loss,
    /// The gradient had a NaN or infinite entry at this flat index.
    Gradient {
        /// Index into the flat gradient (PyTorch `state_dict` order).
        index: usize,
    },
    /// The update would have made the parameter at this flat index NaN or infinite.
    Parameter {
        /// Index into the flat parameters.
        index: usize,
    },
}

impl fmt::Display for NonFiniteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NonFiniteError::Loss => write!(f, "the loss is not finite; the step was skipped"),
            NonFiniteError::Gradient { index } => write!(
                f,
                "gradient entry {index} is not finite; the step was skipped"
            ),
            NonFiniteError::Parameter { index } => write!(
                f,
                "the update would make parameter {index} non-finite; the step was skipped"
            ),
        }
    }
}

impl core::error::Error for NonFiniteError {}

/// A hyperparameter outside the values its method accepts: the one error of every optimizer,
/// scheduler, second-order method (L-BFGS, Newton, Levenberg–Marquardt, gradient descent) and
/// the [`Trainer`](crate::train::Trainer), which check their settings when they are made (a
/// second-order function when it starts), and an optimizer again at each step, since its
/// public `config` may be changed between steps.
///
/// The checks are PyTorch's (`ValueError` in `torch.optim`), plus finiteness: a NaN or infinite
/// setting can only produce non-finite updates, which the step guard would otherwise report
/// later as a parameter's fault.
///
/// ```
/// use typenet_runtime::error::ConfigError;
/// use typenet_runtime::optim::{Adam, AdamConfig};
///
/// let config = AdamConfig { betas: (1.5, 0.999), ..Default::default() };
/// let err = Adam::<f64, [f64; 3]>::new(config).unwrap_err();
/// assert_eq!(err.param, "betas.0");
/// assert_eq!(err.to_string(), "invalid `betas.0` = 1.5: must be in [0, 1)");
/// ```
#[derive(Clone, Copy, Debug)]
pub struct ConfigError {
    /// The argument at fault, by its field or argument name (`"lr"`, `"betas.0"`, `"gamma"`).
    pub param: &'static str,
    /// The value given (as `f64`; a count as its value).
    pub value: f64,
    /// What the argument must be (`"must be ≥ 0 and finite"`).
    pub rule: &'static str,
}

/// Equal when the argument, the rule and the value's bits agree (so that a NaN value equals
/// itself, and `Eq` holds).
impl PartialEq for ConfigError {
    fn eq(&self, other: &Self) -> bool {
        self.param == other.param
            && self.rule == other.rule
            && self.value.to_bits() == other.value.to_bits()
    }
}

impl Eq for ConfigError {}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid `{}` = {}: {}",
            self.param, self.value, self.rule
        )
    }
}

impl core::error::Error for ConfigError {}

/// The checks behind [`ConfigError`], one per rule, so that every method words a rule alike.
pub(crate) mod check {
    use super::ConfigError;

    /// `Ok` if `ok`, else the error for `param` = `value` and `rule`.
    #[inline]
    pub(crate) fn rule(
        param: &'static str,
        value: f64,
        ok: bool,
        rule: &'static str,
    ) -> Result<(), ConfigError> {
        if ok {
            Ok(())
        } else {
            Err(ConfigError { param, value, rule })
        }
    }

    /// x ≥ 0 and finite (a learning rate, a weight decay, ε).
    #[inline]
    pub(crate) fn non_negative(param: &'static str, x: f64) -> Result<(), ConfigError> {
        rule(
            param,
            x,
            (0.0..=f64::MAX).contains(&x),
            "must be ≥ 0 and finite",
        )
    }

    /// x > 0 and finite.
    #[inline]
    pub(crate) fn positive(param: &'static str, x: f64) -> Result<(), ConfigError> {
        rule(param, x, x > 0.0 && x <= f64::MAX, "must be > 0 and finite")
    }

    /// x finite (any sign).
    #[inline]
    pub(crate) fn finite(param: &'static str, x: f64) -> Result<(), ConfigError> {
        rule(param, x, x.is_finite(), "must be finite")
    }

    /// 0 ≤ x < 1 (Adam's betas).
    #[inline]
    pub(crate) fn beta(param: &'static str, x: f64) -> Result<(), ConfigError> {
        rule(param, x, (0.0..1.0).contains(&x), "must be in [0, 1)")
    }

    /// The hyperparameters every Adam-family optimizer shares, in their field order: `lr` ≥ 0,
    /// `betas.0` and `betas.1` in [0, 1), `eps` ≥ 0 and `weight_decay` ≥ 0, all finite.
    #[inline]
    pub(crate) fn adam_family(
        lr: f64,
        betas: (f64, f64),
        eps: f64,
        weight_decay: f64,
    ) -> Result<(), ConfigError> {
        non_negative("lr", lr)?;
        beta("betas.0", betas.0)?;
        beta("betas.1", betas.1)?;
        non_negative("eps", eps)?;
        non_negative("weight_decay", weight_decay)
    }

    /// 0 < x < 1 (Armijo's constant, a backtracking factor).
    // NOTE: used only by the second-order methods, which need `alloc`.
    #[cfg_attr(not(feature = "alloc"), allow(dead_code))]
    #[inline]
    pub(crate) fn open_unit(param: &'static str, x: f64) -> Result<(), ConfigError> {
        rule(param, x, x > 0.0 && x < 1.0, "must be in (0, 1)")
    }

    /// 0 ≤ x ≤ 1 (Adadelta's ρ).
    #[inline]
    pub(crate) fn unit(param: &'static str, x: f64) -> Result<(), ConfigError> {
        rule(param, x, (0.0..=1.0).contains(&x), "must be in [0, 1]")
    }

    /// A count n ≥ 1.
    #[inline]
    pub(crate) fn count(param: &'static str, n: usize) -> Result<(), ConfigError> {
        rule(param, n as f64, n > 0, "must be ≥ 1")
    }
}
