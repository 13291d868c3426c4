//! A mock optimizer for the scheduler tests: it records what schedulers write into it.
#![allow(dead_code)]

use typenet_runtime::Scalar;
use typenet_runtime::optim::{Optimizer, StepError};
use typenet_runtime::sched::Scheduler;

/// An optimizer that only holds a learning rate and, optionally, a momentum.
#[derive(Clone, Debug)]
pub struct Mock<T> {
    pub lr: T,
    pub momentum: Option<T>,
    /// Number of `set_learning_rate` calls.
    pub lr_writes: usize,
    /// Number of `set_momentum` calls.
    pub momentum_writes: usize,
}

impl<T: Scalar> Mock<T> {
    pub fn new(lr: f64, momentum: Option<f64>) -> Self {
        Mock {
            lr: T::lit(lr),
            momentum: momentum.map(T::lit),
            lr_writes: 0,
            momentum_writes: 0,
        }
    }
}

impl Mock<f64> {
    /// Like the script's `SGD(lr=0.1, momentum=0.9)` (or Adam's β₁ = 0.9).
    pub fn sgd() -> Self {
        Mock::new(0.1, Some(0.9))
    }
    /// Like the script's `Adagrad(lr=0.1)`: no momentum.
    pub fn plain() -> Self {
        Mock::new(0.1, None)
    }
}

impl<T: Scalar> Optimizer<T> for Mock<T> {
    fn step(&mut self, _params: &mut [T], _grads: &[T]) -> Result<(), StepError> {
        Ok(())
    }
    fn learning_rate(&self) -> T {
        self.lr
    }
    fn set_learning_rate(&mut self, lr: T) {
        self.lr = lr;
        self.lr_writes += 1;
    }
    fn momentum(&self) -> Option<T> {
        self.momentum
    }
    fn set_momentum(&mut self, m: T) {
        if self.momentum.is_some() {
            self.momentum = Some(m);
        }
        self.momentum_writes += 1;
    }
}

/// A recorded schedule: the value after construction, then after each step.
pub struct Run {
    pub lr: Vec<f64>,
    pub momentum: Option<Vec<f64>>,
}

/// Runs `steps` steps (with `metrics[k]` at step k if given), checking at every point that the
/// optimizer holds what the scheduler reports.
pub fn run<S: Scheduler>(
    opt: &mut Mock<f64>,
    mut s: S,
    steps: usize,
    metrics: Option<&[f64]>,
) -> Run {
    let mut lr = vec![s.last_lr()];
    let mut momentum = opt.momentum.map(|m| vec![m]);
    assert_eq!(opt.lr, s.last_lr(), "after construction");
    for k in 0..steps {
        match metrics {
            Some(m) => s.step_with_metric(opt, m[k]),
            None => s.step(opt),
        }
        assert_eq!(opt.lr, s.last_lr(), "after step {}", k + 1);
        lr.push(s.last_lr());
        if let (Some(v), Some(m)) = (&mut momentum, opt.momentum) {
            v.push(m);
        }
    }
    Run { lr, momentum }
}
