//! The children of a composite scheduler, without a heap: tuples and arrays.

use super::Scheduler;
use crate::Scalar;
use crate::optim::Optimizer;

/// A fixed list of schedulers, addressed by index: the children of [`SequentialLR`] and
/// [`ChainedScheduler`].
///
/// Implemented for tuples `(A,)` to `(A, B, C, D, E, F)` of any [`Scheduler`] types and for arrays
/// `[S; N]` of one type. Nothing is boxed: the composite owns its children by value. An index
/// `i ≥ LEN` does nothing (and reads as `NaN`); the composites never pass one.
///
/// [`SequentialLR`]: super::SequentialLR
/// [`ChainedScheduler`]: super::ChainedScheduler
pub trait SchedulerList {
    /// The number of children.
    const LEN: usize;
    /// [`Scheduler::step`] on child `i`.
    fn step_at<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, i: usize, opt: &mut O);
    /// [`Scheduler::step_with_metric`] on child `i`.
    fn step_with_metric_at<T: Scalar, O: Optimizer<T> + ?Sized>(
        &mut self,
        i: usize,
        opt: &mut O,
        metric: f64,
    );
    /// [`Scheduler::restart`] on child `i`.
    fn restart_at<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, i: usize, opt: &mut O);
    /// [`Scheduler::reattach`] on child `i`.
    fn reattach_at<T: Scalar, O: Optimizer<T> + ?Sized>(
        &mut self,
        i: usize,
        opt: &mut O,
        initial_lr: f64,
    );
    /// [`Scheduler::last_lr`] of child `i`.
    fn last_lr_at(&self, i: usize) -> f64;
    /// [`Scheduler::initial_lr`] of child `i`.
    fn initial_lr_at(&self, i: usize) -> Option<f64>;
}

impl<S: Scheduler, const N: usize> SchedulerList for [S; N] {
    const LEN: usize = N;
    fn step_at<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, i: usize, opt: &mut O) {
        if let Some(s) = self.get_mut(i) {
            s.step(opt);
        }
    }
    fn step_with_metric_at<T: Scalar, O: Optimizer<T> + ?Sized>(
        &mut self,
        i: usize,
        opt: &mut O,
        metric: f64,
    ) {
        if let Some(s) = self.get_mut(i) {
            s.step_with_metric(opt, metric);
        }
    }
    fn restart_at<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, i: usize, opt: &mut O) {
        if let Some(s) = self.get_mut(i) {
            s.restart(opt);
        }
    }
    fn reattach_at<T: Scalar, O: Optimizer<T> + ?Sized>(
        &mut self,
        i: usize,
        opt: &mut O,
        initial_lr: f64,
    ) {
        if let Some(s) = self.get_mut(i) {
            s.reattach(opt, initial_lr);
        }
    }
    fn last_lr_at(&self, i: usize) -> f64 {
        self.get(i).map_or(f64::NAN, Scheduler::last_lr)
    }
    fn initial_lr_at(&self, i: usize) -> Option<f64> {
        self.get(i).and_then(Scheduler::initial_lr)
    }
}

/// Implements [`SchedulerList`] for a tuple: `(len; Type index, …)`.
macro_rules! tuple_list {
    ($len:literal; $($name:ident $idx:tt),+) => {
        impl<$($name: Scheduler),+> SchedulerList for ($($name,)+) {
            const LEN: usize = $len;
            fn step_at<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, i: usize, opt: &mut O) {
                match i {
                    $($idx => self.$idx.step(opt),)+
                    _ => {}
                }
            }
            fn step_with_metric_at<T: Scalar, O: Optimizer<T> + ?Sized>(
                &mut self,
                i: usize,
                opt: &mut O,
                metric: f64,
            ) {
                match i {
                    $($idx => self.$idx.step_with_metric(opt, metric),)+
                    _ => {}
                }
            }
            fn restart_at<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, i: usize, opt: &mut O) {
                match i {
                    $($idx => self.$idx.restart(opt),)+
                    _ => {}
                }
            }
            fn reattach_at<T: Scalar, O: Optimizer<T> + ?Sized>(
                &mut self,
                i: usize,
                opt: &mut O,
                initial_lr: f64,
            ) {
                match i {
                    $($idx => self.$idx.reattach(opt, initial_lr),)+
                    _ => {}
                }
            }
            fn last_lr_at(&self, i: usize) -> f64 {
                match i {
                    $($idx => self.$idx.last_lr(),)+
                    _ => f64::NAN,
                }
            }
            fn initial_lr_at(&self, i: usize) -> Option<f64> {
                match i {
                    $($idx => self.$idx.initial_lr(),)+
                    _ => None,
                }
            }
        }
    };
}

tuple_list!(1; A 0);
tuple_list!(2; A 0, B 1);
tuple_list!(3; A 0, B 1, C 2);
tuple_list!(4; A 0, B 1, C 2, D 3);
tuple_list!(5; A 0, B 1, C 2, D 3, E 4);
tuple_list!(6; A 0, B 1, C 2, D 3, E 4, F 5);

/// Replays PyTorch's construction of `children` on `opt`: every child built in order on an
/// optimizer whose `initial_lr` is the first child's base learning rate (or the optimizer's
/// current one if the first child has none). Returns that `initial_lr`.
pub(crate) fn replay<L: SchedulerList, T: Scalar, O: Optimizer<T> + ?Sized>(
    children: &mut L,
    opt: &mut O,
) -> f64 {
    let initial = children
        .initial_lr_at(0)
        .unwrap_or_else(|| opt.learning_rate().to_f64());
    opt.set_learning_rate(T::lit(initial));
    for i in 0..L::LEN {
        children.reattach_at(i, opt, initial);
    }
    initial
}
