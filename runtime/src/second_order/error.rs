//! Errors of the second-order methods.

use core::fmt;

use crate::error::{ConfigError, LengthError, NonFiniteError};

/// Why a second-order computation was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecondOrderError {
    /// The network has more parameters than a dense Hessian (n × n) is allowed for; use
    /// Hessian-vector products or L-BFGS instead.
    TooLarge {
        /// The number of parameters.
        params: usize,
        /// The largest number of parameters a dense Hessian is formed for
        /// ([`MAX_DENSE_PARAMS`](super::MAX_DENSE_PARAMS) by default).
        limit: usize,
    },
    /// Gauss–Newton / Levenberg–Marquardt was asked of a network whose loss is not MSE.
    NotLeastSquares,
    /// A vector had the wrong length.
    Length(LengthError),
    /// The data set is empty, so there is no objective.
    EmptyData,
    /// A setting is invalid (see each config's `validate`, e.g. L-BFGS's `lr` negative, NaN or
    /// infinite); nothing was done.
    Config(ConfigError),
    /// [`Lbfgs::step`](super::Lbfgs::step): the objective's value or gradient, or a new point,
    /// was NaN or infinite; the step was refused and the point and the optimizer's state are as
    /// they were.
    NonFinite(NonFiniteError),
}

impl fmt::Display for SecondOrderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SecondOrderError::TooLarge { params, limit } => write!(
                f,
                "a dense Hessian of {params} parameters needs {params}² values; the limit is \
                 {limit} parameters (use Hessian-vector products or L-BFGS)"
            ),
            SecondOrderError::NotLeastSquares => {
                write!(f, "Gauss–Newton needs a network whose loss is MSE")
            }
            SecondOrderError::Length(e) => write!(f, "{e}"),
            SecondOrderError::EmptyData => write!(f, "the data set is empty"),
            SecondOrderError::Config(e) => write!(f, "{e}"),
            SecondOrderError::NonFinite(e) => write!(f, "{e}"),
        }
    }
}

impl core::error::Error for SecondOrderError {}

impl From<ConfigError> for SecondOrderError {
    fn from(e: ConfigError) -> Self {
        SecondOrderError::Config(e)
    }
}

impl From<NonFiniteError> for SecondOrderError {
    fn from(e: NonFiniteError) -> Self {
        SecondOrderError::NonFinite(e)
    }
}

impl From<LengthError> for SecondOrderError {
    fn from(e: LengthError) -> Self {
        SecondOrderError::Length(e)
    }
}
