//! PyTorch's `ChainedScheduler`: several schedulers stepped together.

use super::list::replay;
use super::{Scheduler, SchedulerList, current_lr};
use crate::Scalar;
use crate::optim::Optimizer;

/// `ChainedScheduler`: every child steps, in order, at every step.
///
/// PyTorch: `torch.optim.lr_scheduler.ChainedScheduler(schedulers)`. The children are a tuple
/// `(A, B, …)` or an array `[S; N]` ([`SchedulerList`]). They compose *through the optimizer's
/// learning rate*: each chainable child (e.g. [`ExponentialLR`](super::ExponentialLR),
/// [`ConstantLR`](super::ConstantLR)) multiplies what the previous one wrote, so their factors
/// multiply; a child that computes from its base ([`LambdaLR`](super::LambdaLR),
/// [`CyclicLR`](super::CyclicLR), …) overwrites what came before it. Order matters, as in PyTorch.
///
/// Construction replays the children's construction on `opt` in order, all with the first
/// child's base learning rate (PyTorch's children share the optimizer's `initial_lr`; build them in
/// order right before, as in PyTorch). [`last_lr`](Scheduler::last_lr) is the optimizer's
/// learning rate after the last child. [`step_with_metric`](Scheduler::step_with_metric) passes
/// the metric to every child (PyTorch rejects `ReduceLROnPlateau` children; here one works).
#[derive(Clone, Copy, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ChainedScheduler<L> {
    children: L,
    last_lr: f64,
}

impl<L: SchedulerList> ChainedScheduler<L> {
    /// Takes the children and replays their construction on `opt` (see the type's docs).
    pub fn new<T: Scalar, O: Optimizer<T> + ?Sized>(opt: &mut O, children: L) -> Self {
        const { assert!(L::LEN > 0, "ChainedScheduler needs at least one child") };
        let mut s = ChainedScheduler {
            children,
            last_lr: 0.0,
        };
        s.reattach(opt, 0.0);
        s
    }

    /// The children.
    pub fn children(&self) -> &L {
        &self.children
    }

    fn read_lr<T: Scalar, O: Optimizer<T> + ?Sized>(&self, opt: &O) -> f64 {
        current_lr(opt, self.children.last_lr_at(L::LEN - 1))
    }
}

impl<L: SchedulerList> Scheduler for ChainedScheduler<L> {
    fn step<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O) {
        for i in 0..L::LEN {
            self.children.step_at(i, opt);
        }
        self.last_lr = self.read_lr(opt);
    }
    fn step_with_metric<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O, metric: f64) {
        for i in 0..L::LEN {
            self.children.step_with_metric_at(i, opt, metric);
        }
        self.last_lr = self.read_lr(opt);
    }
    fn last_lr(&self) -> f64 {
        self.last_lr
    }
    fn initial_lr(&self) -> Option<f64> {
        self.children.initial_lr_at(0)
    }
    /// Replays the children's construction on `opt`. The argument is ignored: the children share
    /// the first child's base learning rate.
    fn reattach<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O, initial_lr: f64) {
        let _ = initial_lr;
        replay(&mut self.children, opt);
        self.last_lr = self.read_lr(opt);
    }
    /// Restarts every child, in order.
    fn restart<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O) {
        for i in 0..L::LEN {
            self.children.restart_at(i, opt);
        }
        self.last_lr = self.read_lr(opt);
    }
}
