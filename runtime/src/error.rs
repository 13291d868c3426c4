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
