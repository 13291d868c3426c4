//! PyTorch's `MultiplicativeLR`: the previous learning rate times a function of the step.

use super::{Scheduler, current_lr, write_lr};
use crate::Scalar;
use crate::optim::Optimizer;

/// `MultiplicativeLR`: ε_k = ε_{k−1} · λ(k), ε_0 = ε₀ (the optimizer's learning rate, unchanged).
///
/// PyTorch: `torch.optim.lr_scheduler.MultiplicativeLR(optimizer, lr_lambda)`. `λ` is any
/// `FnMut(usize) -> f64`: a plain `fn` or a closure. Chainable: ε_{k−1} is the optimizer's
/// current learning rate, so other changes to it compose. Construction leaves the learning rate
/// as it is (λ(0) is not applied); [`restart`](Scheduler::restart), PyTorch's `step(0)` as
/// [`SequentialLR`](super::SequentialLR) calls it, multiplies by λ(0).
///
/// The seed's second scheduler: "MultiplicativeLR lr = lr_prev·λ(epoch)".
#[derive(Clone, Copy, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MultiplicativeLR<F> {
    #[cfg_attr(feature = "serde", serde(skip))]
    lr_lambda: F,
    base_lr: f64,
    last_epoch: usize,
    last_lr: f64,
}

impl<F: FnMut(usize) -> f64> MultiplicativeLR<F> {
    /// Takes `opt.learning_rate()` as ε₀ and leaves it in place, like PyTorch's constructor.
    pub fn new<T: Scalar, O: Optimizer<T> + ?Sized>(opt: &mut O, lr_lambda: F) -> Self {
        let base_lr = opt.learning_rate().to_f64();
        let mut s = MultiplicativeLR {
            lr_lambda,
            base_lr,
            last_epoch: 0,
            last_lr: base_lr,
        };
        s.reattach(opt, base_lr);
        s
    }
}

impl<F: FnMut(usize) -> f64> Scheduler for MultiplicativeLR<F> {
    fn step<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O) {
        self.last_epoch += 1;
        let lr = current_lr(opt, self.last_lr) * (self.lr_lambda)(self.last_epoch);
        self.last_lr = write_lr(opt, lr);
    }
    fn last_lr(&self) -> f64 {
        self.last_lr
    }
    fn initial_lr(&self) -> Option<f64> {
        Some(self.base_lr)
    }
    fn reattach<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O, initial_lr: f64) {
        // PyTorch's initial step returns the optimizer's learning rate unchanged.
        self.base_lr = initial_lr;
        self.last_epoch = 0;
        let lr = current_lr(opt, initial_lr);
        self.last_lr = write_lr(opt, lr);
    }
    fn restart<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O) {
        self.last_epoch = 0;
        let lr = current_lr(opt, self.last_lr) * (self.lr_lambda)(0);
        self.last_lr = write_lr(opt, lr);
    }
}

#[cfg(feature = "serde")]
serde_in_place!(MultiplicativeLR [F] [F] { base_lr: f64, last_epoch: usize, last_lr: f64 } |_s| Ok(()));
