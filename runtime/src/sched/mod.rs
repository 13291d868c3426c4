//! Learning-rate schedulers with PyTorch's semantics.
//!
//! (Being built for issue 4: the contract below is fixed; implementations live one per file.)

use crate::Scalar;
use crate::optim::Optimizer;

/// A learning-rate scheduler: PyTorch's `scheduler.step()`, driving any [`Optimizer`].
///
/// Schedules are computed in `f64` (as PyTorch computes them in Python floats) and written into
/// the optimizer with [`Optimizer::set_learning_rate`] (and [`Optimizer::set_momentum`] for
/// schedulers that cycle momentum).
pub trait Scheduler {
    /// Advances one step (one call of PyTorch's `scheduler.step()`) and writes the new learning
    /// rate into `opt`.
    fn step<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O);
    /// Like [`step`](Scheduler::step), with a metric (the epoch's loss, a validation score);
    /// only metric-driven schedulers such as `ReduceLROnPlateau` use it.
    fn step_with_metric<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O, metric: f64) {
        let _ = metric;
        self.step(opt);
    }
    /// The learning rate computed by the last step (PyTorch's `get_last_lr()[0]`).
    fn last_lr(&self) -> f64;
}
