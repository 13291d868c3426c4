//! Optimizers with PyTorch's semantics, stepping a flat parameter slice.
//!
//! (Being built for issue 3: the contract below is fixed; implementations live one per file.)

use core::fmt;

use crate::Scalar;
use crate::error::{LengthError, NonFiniteError};

/// Why an optimizer step was refused. The parameters (and the optimizer's state) are unchanged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepError {
    /// The parameter slice, the gradient slice and the optimizer's state disagree in length.
    Length(LengthError),
    /// A gradient entry (or a value the step would produce) was NaN or infinite.
    NonFinite(NonFiniteError),
}

impl fmt::Display for StepError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StepError::Length(e) => write!(f, "optimizer step refused: {e}"),
            StepError::NonFinite(e) => write!(f, "optimizer step refused: {e}"),
        }
    }
}

impl core::error::Error for StepError {}

impl From<LengthError> for StepError {
    fn from(e: LengthError) -> Self {
        StepError::Length(e)
    }
}

impl From<NonFiniteError> for StepError {
    fn from(e: NonFiniteError) -> Self {
        StepError::NonFinite(e)
    }
}

/// An optimizer: updates a flat parameter slice from its gradient.
///
/// Works on every network (through [`Network::params_mut`](crate::Network::params_mut)) and on
/// any plain function to be minimised.
pub trait Optimizer<T: Scalar> {
    /// One update of `params` from `grads` (same length). On error nothing is changed.
    fn step(&mut self, params: &mut [T], grads: &[T]) -> Result<(), StepError>;
    /// The current learning rate.
    fn learning_rate(&self) -> T;
    /// Sets the learning rate (schedulers call this).
    fn set_learning_rate(&mut self, lr: T);
    /// The momentum (or Adam's β₁) if this optimizer has one, for schedulers that cycle it.
    fn momentum(&self) -> Option<T> {
        None
    }
    /// Sets the momentum (or β₁); does nothing for optimizers without one.
    fn set_momentum(&mut self, _momentum: T) {}
}
