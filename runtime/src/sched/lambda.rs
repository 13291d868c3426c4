//! PyTorch's `LambdaLR`: the base learning rate times a function of the step.

use super::{Scheduler, write_lr};
use crate::Scalar;
use crate::optim::Optimizer;

/// `LambdaLR`: ε_k = ε₀ · λ(k).
///
/// PyTorch: `torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda)`. `λ` is any
/// `FnMut(usize) -> f64`: a plain `fn` or a closure, so it works without a heap. The closed form is
/// also PyTorch's `step()` (not chainable: each step overwrites the learning rate, whatever else
/// changed it).
///
/// The seed's first scheduler: "LambdaLR lr = lr₀·λ(epoch)".
///
/// ```
/// # use typenet_runtime::optim::{Optimizer, StepError};
/// # struct Sgd { lr: f64 }
/// # impl Optimizer<f64> for Sgd {
/// #     fn step(&mut self, _: &mut [f64], _: &[f64]) -> Result<(), StepError> { Ok(()) }
/// #     fn learning_rate(&self) -> f64 { self.lr }
/// #     fn set_learning_rate(&mut self, lr: f64) { self.lr = lr }
/// # }
/// use typenet_runtime::sched::{LambdaLR, Scheduler};
/// fn halve_every_ten(k: usize) -> f64 {
///     if k < 10 { 1.0 } else { 0.5 }
/// }
/// let mut opt = Sgd { lr: 0.2 };
/// let mut sched = LambdaLR::new(&mut opt, halve_every_ten);
/// for _ in 0..10 {
///     sched.step(&mut opt);
/// }
/// assert_eq!(opt.lr, 0.1);
/// ```
#[derive(Clone, Copy, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct LambdaLR<F> {
    #[cfg_attr(feature = "serde", serde(skip))]
    lr_lambda: F,
    base_lr: f64,
    last_epoch: usize,
    last_lr: f64,
}

impl<F: FnMut(usize) -> f64> LambdaLR<F> {
    /// Takes `opt.learning_rate()` as ε₀ and sets the learning rate to ε₀·λ(0), like PyTorch's
    /// constructor.
    pub fn new<T: Scalar, O: Optimizer<T> + ?Sized>(opt: &mut O, lr_lambda: F) -> Self {
        let base_lr = opt.learning_rate().to_f64();
        let mut s = LambdaLR {
            lr_lambda,
            base_lr,
            last_epoch: 0,
            last_lr: base_lr,
        };
        s.reattach(opt, base_lr);
        s
    }

    fn get_lr(&mut self) -> f64 {
        self.base_lr * (self.lr_lambda)(self.last_epoch)
    }
}

impl<F: FnMut(usize) -> f64> Scheduler for LambdaLR<F> {
    fn step<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O) {
        self.last_epoch += 1;
        let lr = self.get_lr();
        self.last_lr = write_lr(opt, lr);
    }
    fn last_lr(&self) -> f64 {
        self.last_lr
    }
    fn initial_lr(&self) -> Option<f64> {
        Some(self.base_lr)
    }
    fn reattach<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O, initial_lr: f64) {
        self.base_lr = initial_lr;
        self.restart(opt);
    }
    fn restart<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O) {
        self.last_epoch = 0;
        let lr = self.get_lr();
        self.last_lr = write_lr(opt, lr);
    }
}

#[cfg(feature = "serde")]
serde_in_place!(LambdaLR [F] [F] { base_lr: f64, last_epoch: usize, last_lr: f64 } |_s| Ok(()));
