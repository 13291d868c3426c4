//! PyTorch's `SequentialLR`: one scheduler after another.

use super::list::replay;
use super::{Scheduler, SchedulerList};
use crate::Scalar;
use crate::error::{ConfigError, check};
use crate::optim::Optimizer;

/// `SequentialLR`: child 0 until the first milestone, child 1 until the second, …
///
/// PyTorch: `torch.optim.lr_scheduler.SequentialLR(optimizer, schedulers, milestones)`. The
/// children are a tuple `(A, B, …)` or an array `[S; N]` ([`SchedulerList`]); there is one milestone
/// fewer than children (checked at compile time). Typical use: a warm-up, then a decay (see the
/// [module example](super)).
///
/// Semantics, as PyTorch's:
/// - **Construction** replays the children's construction on `opt` in order, all with the first
///   child's base learning rate (PyTorch's children share the optimizer's `initial_lr`; in Rust
///   each child read the optimizer when you built it, so build them in order right before, as in
///   PyTorch), then resets the learning rate to that base and performs the initial step of the
///   child active at step 0.
/// - **Step k**: the active child is the one after every milestone ≤ k. At a milestone, the
///   incoming child is *restarted* ([`Scheduler::restart`], PyTorch's `step(0)`: its closed form
///   at 0, e.g. a cosine starts again at its base learning rate); otherwise the active child takes
///   an ordinary [`step`](Scheduler::step). [`step_with_metric`](Scheduler::step_with_metric)
///   passes the metric to the active child.
/// - [`last_lr`](Scheduler::last_lr) is the active child's.
///
/// PyTorch rejects a `ReduceLROnPlateau` child; here one works through `step_with_metric` (no
/// PyTorch reference exists for that).
#[derive(Clone, Copy, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SequentialLR<L, const M: usize> {
    children: L,
    #[cfg_attr(feature = "serde", serde(with = "crate::serde_state::array"))]
    milestones: [usize; M],
    last_epoch: usize,
    last_lr: f64,
}

impl<L: SchedulerList, const M: usize> SequentialLR<L, M> {
    /// Takes the children and the milestones (non-decreasing) and performs PyTorch's construction
    /// on `opt` (see the type's docs).
    ///
    /// A wrong number of milestones (not one fewer than the children) is a compile-time error.
    ///
    /// # Errors
    /// A [`ConfigError`] naming `milestones` (with the first milestone smaller than the one
    /// before it) if they decrease; the optimizer is then left alone.
    pub fn new<T: Scalar, O: Optimizer<T> + ?Sized>(
        opt: &mut O,
        children: L,
        milestones: [usize; M],
    ) -> Result<Self, ConfigError> {
        const {
            assert!(
                M + 1 == L::LEN,
                "SequentialLR needs one milestone fewer than children"
            )
        };
        if let Some(w) = milestones.windows(2).find(|w| w[1] < w[0]) {
            check::rule("milestones", w[1] as f64, false, "must be non-decreasing")?;
        }
        let mut s = SequentialLR {
            children,
            milestones,
            last_epoch: 0,
            last_lr: 0.0,
        };
        let initial = replay(&mut s.children, opt);
        // NOTE: PyTorch now resets the lr, undoes every child's initial step (last_epoch -= 1) and
        // redoes that of the child active at 0; for a freshly built child, "undo and redo the
        // initial step" is building it again.
        opt.set_learning_rate(T::lit(initial));
        let idx = s.active(0);
        s.children.reattach_at(idx, opt, initial);
        s.last_lr = s.children.last_lr_at(idx);
        Ok(s)
    }

    /// The children.
    pub fn children(&self) -> &L {
        &self.children
    }

    /// The index of the child active at step `k` (PyTorch's `bisect_right(milestones, k)`).
    fn active(&self, k: usize) -> usize {
        self.milestones.iter().filter(|&&m| m <= k).count()
    }

    fn advance<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O, metric: Option<f64>) {
        self.last_epoch += 1;
        let idx = self.active(self.last_epoch);
        if idx > 0 && self.milestones[idx - 1] == self.last_epoch {
            self.children.restart_at(idx, opt);
        } else {
            match metric {
                Some(m) => self.children.step_with_metric_at(idx, opt, m),
                None => self.children.step_at(idx, opt),
            }
        }
        self.last_lr = self.children.last_lr_at(idx);
    }
}

impl<L: SchedulerList, const M: usize> Scheduler for SequentialLR<L, M> {
    fn step<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O) {
        self.advance(opt, None);
    }
    fn step_with_metric<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O, metric: f64) {
        self.advance(opt, Some(metric));
    }
    fn last_lr(&self) -> f64 {
        self.last_lr
    }
    fn initial_lr(&self) -> Option<f64> {
        self.children.initial_lr_at(0)
    }
    /// Builds the composite again on `opt` (the children's construction replayed with `initial_lr`).
    fn reattach<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O, initial_lr: f64) {
        opt.set_learning_rate(T::lit(initial_lr));
        for i in 0..L::LEN {
            self.children.reattach_at(i, opt, initial_lr);
        }
        opt.set_learning_rate(T::lit(initial_lr));
        self.last_epoch = 0;
        let idx = self.active(0);
        self.children.reattach_at(idx, opt, initial_lr);
        self.last_lr = self.children.last_lr_at(idx);
    }
}
