//! Learning-rate schedulers with PyTorch's semantics: every `torch.optim.lr_scheduler`, the same
//! numbers.
//!
//! A schedule is a small value that maps a step count to a learning rate (optax style); its doc
//! gives the formula. Each one implements [`Scheduler`] and drives any [`Optimizer`] through
//! [`Optimizer::set_learning_rate`] (and [`Optimizer::set_momentum`] for the two that cycle
//! momentum). For the same settings, [`Scheduler::last_lr`] after every step equals PyTorch's
//! `get_last_lr()[0]`: the tests compare 46 PyTorch-generated sequences to 1e-12
//! (`tools/reference/sched_reference.py` writes them).
//!
//! | typenet | PyTorch | lr after `k` steps |
//! |---|---|---|
//! | [`LambdaLR`] | `LambdaLR` | ε₀·λ(k) |
//! | [`MultiplicativeLR`] | `MultiplicativeLR` | ε_{k−1}·λ(k) |
//! | [`StepLR`] | `StepLR` | ε₀·γ^⌊k/s⌋ |
//! | [`MultiStepLR`] | `MultiStepLR` | ε₀·γ^(milestones ≤ k) |
//! | [`ConstantLR`] | `ConstantLR` | ε₀·f until k = n, then ε₀ |
//! | [`LinearLR`] | `LinearLR` | ε₀·(a + (b − a)·min(k, n)/n) |
//! | [`ExponentialLR`] | `ExponentialLR` | ε₀·γ^k |
//! | [`PolynomialLR`] | `PolynomialLR` | ε₀·(1 − min(k, n)/n)^p |
//! | [`CosineAnnealingLR`] | `CosineAnnealingLR` | η + (ε₀ − η)(1 + cos(πk/T))/2, recursively |
//! | [`CosineAnnealingWarmRestarts`] | `CosineAnnealingWarmRestarts` | the same within each restart period |
//! | [`CyclicLR`] | `CyclicLR` | triangle waves between two bounds, momentum inverse |
//! | [`OneCycleLR`] | `OneCycleLR` | up to a peak and down again, momentum inverse |
//! | [`ReduceLROnPlateau`] | `ReduceLROnPlateau` | ×factor when a metric stops improving |
//! | [`SequentialLR`] | `SequentialLR` | one child after another, switching at milestones |
//! | [`ChainedScheduler`] | `ChainedScheduler` | every child, each step, through the optimizer's lr |
//!
//! # How a scheduler is built and stepped (PyTorch's conventions, kept)
//! - **Construction reads the optimizer.** `X::new(&mut opt, …)` takes `opt.learning_rate()` as
//!   the base learning rate ε₀ (PyTorch's `initial_lr`) — except [`CyclicLR`] and [`OneCycleLR`],
//!   which set their own — and performs PyTorch's initial step (`last_epoch = -1 → 0`), so the
//!   optimizer holds the schedule's first value as soon as the scheduler exists, and
//!   [`last_lr`](Scheduler::last_lr) reports it.
//! - **Step after the optimizer.** Call [`Scheduler::step`] once per epoch (or per optimizer step,
//!   your choice, as in PyTorch) after the optimizer's step; after `k` calls the optimizer holds
//!   the schedule's value at `k`.
//! - **Chainable form.** Like PyTorch's `step()`, most schedulers update the optimizer's *current*
//!   learning rate recursively (e.g. [`ExponentialLR`] multiplies it by γ) rather than evaluating
//!   the closed form from ε₀. The two agree up to rounding for a scheduler alone, but the recursive
//!   form composes with anything else that changes the learning rate ([`ChainedScheduler`], your own
//!   code), and for [`CosineAnnealingLR`] the recursion differs from the closed form in the last
//!   bits. typenet follows the recursion exactly, so the numbers are PyTorch's, bit for bit in
//!   practice. Each doc says which form a scheduler uses.
//! - **Schedules compute in `f64`** (as PyTorch computes in Python floats) and write `T::lit(lr)`
//!   into the optimizer. A scheduler remembers the exact `f64` it wrote: when the optimizer still
//!   holds it (rounded to `T`), the next step continues from the exact value, so an `f32`
//!   optimizer follows the same `f64` schedule. When something else changed the learning rate in
//!   between, the scheduler continues from the optimizer's value, as PyTorch does.
//!
//! # Composites without a heap
//! [`SequentialLR`] and [`ChainedScheduler`] hold their children as a tuple `(A, B, …)` (up to six,
//! of any scheduler types) or an array `[S; N]` (of one type): see [`SchedulerList`]. Nothing is
//! boxed; a composite is as `Copy`/`Clone` as its children.
//!
//! # In a training loop
//! The training loop calls [`Scheduler::step_with_metric`] once per epoch with the epoch's loss, or
//! [`Scheduler::step`] once per optimizer step, as the user chooses. Every scheduler except
//! [`ReduceLROnPlateau`] ignores the metric, so both calls advance it the same way;
//! [`ReduceLROnPlateau`] needs the metric and does nothing on a plain [`step`](Scheduler::step).
//!
//! # Guarantees
//! No allocation (every scheduler is a plain value; [`LambdaLR`] and [`MultiplicativeLR`] take a
//! plain `fn` or a closure), `no_std`, and no panic for any input: invalid hyperparameters are
//! refused when the scheduler is built, with a [`ConfigError`](crate::error::ConfigError) naming
//! the argument (each constructor's `# Errors` says which), before the optimizer is touched.
//! The checks are PyTorch's (its `ValueError`s), plus those that keep the learning rate finite
//! and non-negative: a NaN or negative `gamma`, a NaN `max_lr`, … are refused here rather than
//! surfacing later as a step refused for a parameter's sake. The schedulers without settings to
//! check ([`LambdaLR`], [`MultiplicativeLR`], [`ChainedScheduler`]) cannot fail; a learning rate
//! their function makes invalid is refused by the optimizer's next step
//! ([`StepError::Config`](crate::optim::StepError::Config)).
//!
//! # Example: warm-up, then cosine annealing
//! ```
//! use typenet_runtime::optim::{Optimizer, StepError};
//! use typenet_runtime::sched::{
//!     CosineAnnealingLR, CosineAnnealingLRConfig, LinearLR, LinearLRConfig, Scheduler, SequentialLR,
//! };
//!
//! # struct Sgd { lr: f64 }
//! # impl Optimizer<f64> for Sgd {
//! #     fn step(&mut self, p: &mut [f64], g: &[f64]) -> Result<(), StepError> {
//! #         for (p, g) in p.iter_mut().zip(g) { *p -= self.lr * g; }
//! #         Ok(())
//! #     }
//! #     fn learning_rate(&self) -> f64 { self.lr }
//! #     fn set_learning_rate(&mut self, lr: f64) { self.lr = lr }
//! # }
//! let mut opt = Sgd { lr: 0.1 };
//! let warmup = LinearLR::new(&mut opt, LinearLRConfig { start_factor: 0.1, ..Default::default() })?;
//! let cosine = CosineAnnealingLR::new(&mut opt, CosineAnnealingLRConfig { t_max: 20, ..Default::default() })?;
//! let mut sched = SequentialLR::new(&mut opt, (warmup, cosine), [5])?;
//! assert!((sched.last_lr() - 0.01).abs() < 1e-15); // the first warm-up value
//! for _epoch in 0..5 {
//!     // … train one epoch with `opt` …
//!     sched.step(&mut opt);
//! }
//! assert_eq!(opt.learning_rate(), 0.1); // the cosine starts at the base lr
//! # Ok::<(), typenet_runtime::error::ConfigError>(())
//! ```

use crate::Scalar;
use crate::optim::Optimizer;

/// `Deserialize` for a scheduler through a private mirror of its fields, then `$check` on the
/// result (the constructor's rules, plus what keeps a step from panicking): a deserialised
/// scheduler is as valid as a constructed one, and a bad one is a [`ConfigError`](crate::error::ConfigError)
/// naming the field. `Serialize` is derived beside it.
#[cfg(feature = "serde")]
macro_rules! serde_checked {
    ($name:ident $([$($gen:tt)*] [$($arg:tt)*])? {
        $($(#[$attr:meta])* $field:ident: $ty:ty),* $(,)?
    } |$s:ident| $check:expr) => {
        const _: () = {
            use serde::de::Error as _;
            #[derive(serde::Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Unchecked $(<$($gen)*>)? { $($(#[$attr])* $field: $ty),* }
            impl<'de $(, $($gen)*)?> serde::Deserialize<'de> for $name $(<$($arg)*>)? {
                fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    let u = <Unchecked $(<$($arg)*>)?>::deserialize(d)?;
                    let $s = $name { $($field: u.$field),* };
                    let checked: Result<(), crate::error::ConfigError> = $check;
                    checked.map_err(D::Error::custom)?;
                    Ok($s)
                }
            }
        };
    };
}

/// `load_state` for a scheduler holding a function (which cannot be deserialised): the counters
/// `Serialize` wrote, loaded into a scheduler built with the same function.
#[cfg(feature = "serde")]
macro_rules! serde_in_place {
    ($name:ident [$($gen:tt)*] [$($arg:tt)*] { $($field:ident: $ty:ty),* $(,)? } |$s:ident| $after:expr) => {
        #[cfg(feature = "serde")]
        impl<$($gen)*> $name<$($arg)*> {
            /// Loads the state [`Serialize`](serde::Serialize) wrote into this scheduler, which
            /// keeps its function (a function cannot be deserialised): build the scheduler with
            /// the same function, then load. The settings are checked as the constructor checks
            /// them; on error nothing is changed.
            pub fn load_state<'de, D: serde::Deserializer<'de>>(
                &mut self,
                deserializer: D,
            ) -> Result<(), D::Error> {
                use serde::de::Error as _;
                #[derive(serde::Deserialize)]
                #[serde(deny_unknown_fields)]
                struct State { $($field: $ty),* }
                let loaded = <State as serde::Deserialize>::deserialize(deserializer)?;
                let $s = &loaded;
                let checked: Result<(), crate::error::ConfigError> = $after;
                checked.map_err(D::Error::custom)?;
                $(self.$field = loaded.$field;)*
                Ok(())
            }
        }
    };
}

mod chained;
mod constant;
mod cosine;
mod cyclic;
mod exponential;
mod lambda;
mod linear;
mod list;
mod multiplicative;
mod multistep;
mod one_cycle;
mod plateau;
mod polynomial;
mod sequential;
mod step;
mod warm_restarts;

pub use chained::ChainedScheduler;
pub use constant::{ConstantLR, ConstantLRConfig};
pub use cosine::{CosineAnnealingLR, CosineAnnealingLRConfig};
pub use cyclic::{CyclicConfig, CyclicLR, CyclicMode, ScaleMode};
pub use exponential::{ExponentialLR, ExponentialLRConfig};
pub use lambda::LambdaLR;
pub use linear::{LinearLR, LinearLRConfig};
pub use list::SchedulerList;
pub use multiplicative::MultiplicativeLR;
pub use multistep::{MultiStepLR, MultiStepLRConfig};
pub use one_cycle::{Anneal, OneCycleConfig, OneCycleLR};
pub use plateau::{PlateauConfig, PlateauMode, ReduceLROnPlateau, ThresholdMode};
pub use polynomial::{PolynomialLR, PolynomialLRConfig};
pub use sequential::SequentialLR;
pub use step::{StepLR, StepLRConfig};
pub use warm_restarts::{CosineAnnealingWarmRestarts, CosineAnnealingWarmRestartsConfig};

/// A learning-rate scheduler: PyTorch's `scheduler.step()`, driving any [`Optimizer`].
///
/// Schedules are computed in `f64` (as PyTorch computes them in Python floats) and written into
/// the optimizer with [`Optimizer::set_learning_rate`] (and [`Optimizer::set_momentum`] for
/// schedulers that cycle momentum).
///
/// The last three methods are hooks for the composites ([`SequentialLR`], [`ChainedScheduler`]);
/// every scheduler of this module implements them, and a scheduler of your own may keep their
/// defaults.
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

    /// The base learning rate this scheduler was built with (PyTorch's `param_group["initial_lr"]`),
    /// if it has one. Composites share their first child's with the others, as PyTorch's children
    /// share the optimizer's `initial_lr`. Default: `None`.
    fn initial_lr(&self) -> Option<f64> {
        None
    }
    /// Builds this scheduler again on `opt` with base learning rate `initial_lr`: back to its
    /// freshly constructed state, with the constructor's initial step performed on `opt`.
    /// Composites replay their children's construction with it. Default: does nothing.
    fn reattach<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O, initial_lr: f64) {
        let _ = (opt, initial_lr);
    }
    /// Jumps to step 0 (PyTorch's `_update_lr(0)`, i.e. the deprecated `step(0)`): the closed form
    /// at 0 where PyTorch has one, else `get_lr()` at 0. [`SequentialLR`] calls it on the child
    /// that takes over at a milestone. Default: [`step`](Scheduler::step).
    fn restart<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, opt: &mut O) {
        self.step(opt);
    }
}

/// The optimizer's current learning rate, as the `f64` a chainable scheduler continues from.
///
/// NOTE: PyTorch's chainable form reads `param_group["lr"]`, a Python float. Our optimizer holds
/// a `T`; reading it back would round an `f64` schedule to `f32` at every step. So when the
/// optimizer still holds exactly what this scheduler wrote (`T::lit(last)`), the exact `last` is
/// returned; otherwise someone else (a chained scheduler, the user) changed it, and their value is
/// the one to continue from, as in PyTorch. For `T = f64` this is always the optimizer's value.
pub(crate) fn current_lr<T: Scalar, O: Optimizer<T> + ?Sized>(opt: &O, last: f64) -> f64 {
    let lr = opt.learning_rate();
    if lr == T::lit(last) {
        last
    } else {
        lr.to_f64()
    }
}

/// Writes `lr` into the optimizer and returns it (the scheduler's new `last_lr`).
pub(crate) fn write_lr<T: Scalar, O: Optimizer<T> + ?Sized>(opt: &mut O, lr: f64) -> f64 {
    opt.set_learning_rate(T::lit(lr));
    lr
}

/// Writes `m` as the optimizer's momentum (or β₁) if it has one; PyTorch raises at construction
/// for an optimizer without one, typenet leaves such an optimizer alone.
pub(crate) fn write_momentum<T: Scalar, O: Optimizer<T> + ?Sized>(opt: &mut O, m: f64) {
    if opt.momentum().is_some() {
        opt.set_momentum(T::lit(m));
    }
}

/// `f64` math through nalgebra's `ComplexField`: `std` with the `std` feature (the same C library
/// functions Python's `math` calls), `libm` without it.
pub(crate) mod math {
    use nalgebra::ComplexField;

    /// `math.pi`.
    pub(crate) const PI: f64 = core::f64::consts::PI;

    /// `math.cos(x)`.
    pub(crate) fn cos(x: f64) -> f64 {
        <f64 as ComplexField>::cos(x)
    }

    /// Python's `x ** y` for floats (C `pow`).
    pub(crate) fn pow(x: f64, y: f64) -> f64 {
        <f64 as ComplexField>::powf(x, y)
    }

    /// `math.floor(x)`.
    pub(crate) fn floor(x: f64) -> f64 {
        <f64 as ComplexField>::floor(x)
    }
}
