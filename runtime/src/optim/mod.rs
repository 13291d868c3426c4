//! Optimizers with PyTorch's semantics, stepping a flat parameter slice.
//!
//! Every optimizer of the seed lecture's chart, with `torch.optim`'s algorithms, hyperparameter
//! names and defaults (checked against PyTorch 2.15 step by step, to 1e-10 in `f64`):
//!
//! | seed's chart | typenet | PyTorch |
//! |---|---|---|
//! | GD (full batch), SGD (minibatch, per sample) | [`Sgd`] (the batch is the training loop's choice, see [`crate::train`]) | `SGD` |
//! | Momentum | [`Sgd`] with `momentum` ([`SgdConfig::momentum`]) | `SGD(momentum=…)` |
//! | NAG (Nesterov) | [`Sgd`] with `nesterov` ([`SgdConfig::nesterov`]) | `SGD(momentum=…, nesterov=True)` |
//! | Adagrad | [`Adagrad`] | `Adagrad` |
//! | RMSProp (plain, momentum, centered) | [`RmsProp`] | `RMSprop` |
//! | AdaDelta | [`Adadelta`] | `Adadelta` |
//! | Adam, AMSGrad | [`Adam`] (`amsgrad`) | `Adam` |
//! | AdamW | [`AdamW`] | `AdamW` |
//! | Adamax | [`Adamax`] | `Adamax` |
//! | Nadam | [`NAdam`] | `NAdam` |
//! | RAdam | [`RAdam`] | `RAdam` |
//! | Rprop | [`Rprop`] | `Rprop` |
//!
//! # One interface
//! [`Optimizer::step`] takes the parameters and their gradient as flat slices of the same
//! length, so the same optimizer drives any network (`net.params_mut()`,
//! `grads.as_slice()`) and any plain function to be minimised:
//!
//! ```
//! use typenet_runtime::optim::{Adam, AdamConfig, Optimizer};
//!
//! // Minimise f(x, y) = (x − 3)² + 10·(y + 1)².
//! let mut x = [0.0_f64, 0.0];
//! let mut opt = Adam::<f64, [f64; 2]>::new(AdamConfig { lr: 0.1, ..Default::default() });
//! for _ in 0..500 {
//!     let g = [2.0 * (x[0] - 3.0), 20.0 * (x[1] + 1.0)];
//!     opt.step(&mut x, &g).unwrap();
//! }
//! assert!((x[0] - 3.0).abs() < 1e-3 && (x[1] + 1.0).abs() < 1e-3);
//! ```
//!
//! # State without a heap
//! Each optimizer is generic over the storage `S` of its per-parameter state (a
//! [`StateBuffer`]):
//! - `[T; N]`: sized statically, for a network type whose `PARAMS` is `N`. No heap, usable in
//!   `no_std`; construct with `new(config)`.
//! - `Box<[T; N]>`, `Vec<T>`, `Box<[T]>` (feature `alloc`): on the heap, for large networks
//!   (a 784-128-10 network's Adam state is 1.6 MB, too much for a thread's stack) or a length
//!   known at run time; construct with `with_len(config, len)` (`Box<[T; N]>` also with `new`).
//!   Nothing is built on the stack first.
//!
//! The state holds every buffer the configuration can use (e.g. AMSGrad's maximum, RMSProp's
//! momentum and centred average), allocated once; a step touches only those the configuration
//! uses.
//!
//! # Guarantees
//! - **All or nothing.** A step first evaluates the whole update without writing (a dry run),
//!   and writes only if every gradient entry, every new parameter and every new state value is
//!   finite. Otherwise it returns [`StepError::NonFinite`] and the parameters *and* the
//!   optimizer's state (including its step count) are exactly as before. A non-finite state
//!   value (say Adam's v = g² overflowing in `f32`) is reported as
//!   [`NonFiniteError::Parameter`] at its index.
//!
//!   The guard costs a second (read-only) pass: a guarded step takes about twice as long as a
//!   bare hand-written loop (see BENCHMARKS.md). Where the gradient is known to
//!   be finite and every nanosecond counts, [`Optimizer::step_unguarded`] is the same update in
//!   one pass, as fast as a hand-written loop, without the guarantee.
//! - **No panics on length.** A parameter or gradient slice whose length is not the state's
//!   returns [`StepError::Length`].
//! - **No allocation** in a step.
//!
//! # Conventions
//! Hyperparameters are stored as `T` and every per-step scalar (bias corrections, decayed
//! learning rates) is computed in `f64`, as PyTorch computes them in Python floats. Where the
//! textbook or TensorFlow form differs from PyTorch's, each optimizer's page says which one is
//! implemented (always PyTorch's).

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
    /// Like [`step`](Optimizer::step) but without the all-or-nothing guard: one pass over the
    /// parameters, as fast as a hand-written loop. Lengths are still checked, but a NaN or
    /// infinite gradient, or an update that overflows, is written into the parameters and the
    /// state as it comes (as PyTorch does). Use it only when the gradient is known to be finite
    /// and speed matters; the provided implementation is the guarded `step`.
    fn step_unguarded(&mut self, params: &mut [T], grads: &[T]) -> Result<(), StepError> {
        self.step(params, grads)
    }
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

mod adadelta;
mod adagrad;
mod adam;
mod adamax;
mod adamw;
mod buffer;
mod nadam;
mod radam;
mod rmsprop;
mod rprop;
mod sgd;

pub use adadelta::{Adadelta, AdadeltaConfig};
pub use adagrad::{Adagrad, AdagradConfig};
pub use adam::{Adam, AdamConfig};
pub use adamax::{Adamax, AdamaxConfig};
pub use adamw::{AdamW, AdamWConfig};
pub use buffer::{FixedBuffer, StateBuffer};
pub use nadam::{NAdam, NAdamConfig};
pub use radam::{RAdam, RAdamConfig};
pub use rmsprop::{RmsProp, RmsPropConfig};
pub use rprop::{Rprop, RpropConfig};
pub use sgd::{Sgd, SgdConfig};

/// Checks that `params` and `grads` both have the optimizer state's length `expected`.
#[inline(always)]
fn check_len<T>(expected: usize, params: &[T], grads: &[T]) -> Result<(), StepError> {
    if params.len() != expected {
        return Err(LengthError {
            expected,
            found: params.len(),
        }
        .into());
    }
    if grads.len() != expected {
        return Err(LengthError {
            expected,
            found: grads.len(),
        }
        .into());
    }
    Ok(())
}

/// The per-parameter part of an update: one parameter, its gradient and its `K` state values
/// in; the new parameter and the new state values out. Pure, so that it can be evaluated twice
/// (dry run, then commit) with bit-identical results.
pub(crate) trait Rule<T: Scalar, const K: usize> {
    /// The new parameter and state for one element.
    fn update(&self, p: T, g: T, s: [T; K]) -> (T, [T; K]);
}

/// Where a dry run failed: the first non-finite gradient if there is one, else the first
/// element whose new parameter or state is non-finite. Only called on the (cold) error path.
#[cold]
#[inline(never)]
fn locate<T: Scalar, const K: usize>(
    update: &impl Fn(T, T, [T; K]) -> (T, [T; K]),
    params: &[T],
    grads: &[T],
    state: impl Fn(usize) -> [T; K],
) -> StepError {
    if let Some(index) = grads.iter().position(|g| !g.is_finite()) {
        return NonFiniteError::Gradient { index }.into();
    }
    for (index, (p, g)) in params.iter().zip(grads).enumerate() {
        let (np, ns) = update(*p, *g, state(index));
        if !np.is_finite() || ns.iter().any(|v| !v.is_finite()) {
            return NonFiniteError::Parameter { index }.into();
        }
    }
    // NOTE: unreachable in practice (the dry run found a non-finite value); report the first
    // parameter rather than panic.
    NonFiniteError::Parameter { index: 0 }.into()
}

/// The part of every update that comes before the optimizer's own rule, as PyTorch applies it:
/// `maximize` negates the gradient, L2 weight decay adds λθ to it, decoupled weight decay
/// scales θ by `decay` = 1 − γλ.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Pre<T> {
    sign: T,
    wd: T,
    decay: T,
}

impl<T: Scalar> Pre<T> {
    /// `maximize`, L2 weight decay `wd` (added to the gradient), parameter scale `decay`.
    pub(crate) fn new(maximize: bool, wd: T, decay: T) -> Self {
        Pre {
            sign: if maximize { -T::one() } else { T::one() },
            wd,
            decay,
        }
    }
    /// `maximize` and L2 weight decay only.
    pub(crate) fn grad(maximize: bool, wd: T) -> Self {
        Self::new(maximize, wd, T::one())
    }
    /// `maximize` and weight decay λ, added to the gradient (L2) or, if `decoupled`, applied
    /// to the parameters as θ·(1 − γλ) (AdamW's form).
    pub(crate) fn weight_decay(maximize: bool, wd: T, decoupled: bool, lr: T) -> Self {
        if decoupled {
            Self::new(maximize, T::zero(), T::lit(1.0 - lr.to_f64() * wd.to_f64()))
        } else {
            Self::grad(maximize, wd)
        }
    }
    /// Whether this changes nothing (the default configuration): then the loops skip it.
    fn is_identity(&self) -> bool {
        self.sign == T::one() && self.wd == T::zero() && self.decay == T::one()
    }
}

/// Generates `run0` … `run3`: apply a [`Rule`] with 0 … 3 state buffers, all or nothing.
///
/// With `guard`, pass 1 (read only) evaluates the rule on every element and checks that the
/// gradient, the new parameter and every new state value are finite. Only if all are does pass 2
/// evaluate it again and write. So a refused step changes neither the parameters nor the state.
/// Without `guard` only pass 2 runs. The loops are compiled twice, with and without [`Pre`], so
/// that the default configuration pays nothing for it.
macro_rules! driver {
    ($name:ident, $k:literal $(, $s:ident => $n:ident)*) => {
        #[inline]
        #[allow(clippy::too_many_arguments)]
        pub(crate) fn $name<T: Scalar, R: Rule<T, $k>>(
            guard: bool,
            pre: Pre<T>,
            rule: &R,
            params: &mut [T],
            grads: &[T],
            $($s: &mut [T],)*
        ) -> Result<(), StepError> {
            #[inline(always)]
            #[allow(clippy::too_many_arguments)]
            fn go<T: Scalar, R: Rule<T, $k>, const PRE: bool>(
                guard: bool,
                pre: Pre<T>,
                rule: &R,
                params: &mut [T],
                grads: &[T],
                $($s: &mut [T],)*
            ) -> Result<(), StepError> {
                let update = |p: T, g: T, s: [T; $k]| {
                    if PRE {
                        rule.update(p * pre.decay, g * pre.sign + pre.wd * p, s)
                    } else {
                        rule.update(p, g, s)
                    }
                };
                let len = params.len();
                // NOTE: callers have checked the lengths with `check_len`; re-slicing lets the
                // compiler drop the bounds checks inside the loops.
                let grads = &grads[..len];
                $(let $s = &mut $s[..len];)*
                let mut ok = true;
                if guard {
                    for i in 0..len {
                        let g = grads[i];
                        #[allow(unused_variables)]
                        let (np, [$($n),*]) = update(params[i], g, [$($s[i]),*]);
                        // NOTE: x − x is +0 for finite x and NaN for ±∞ and NaN, so the sum is 0
                        // exactly when every value is finite; cheaper than `is_finite` on each.
                        let z = (g - g) + (np - np) $(+ ($n - $n))*;
                        ok &= z == T::zero();
                    }
                }
                if !ok {
                    #[allow(unused_variables)]
                    let state = |i: usize| [$($s[i]),*];
                    return Err(locate(&update, params, grads, state));
                }
                for i in 0..len {
                    let (np, [$($n),*]) = update(params[i], grads[i], [$($s[i]),*]);
                    params[i] = np;
                    $($s[i] = $n;)*
                }
                Ok(())
            }
            if pre.is_identity() {
                go::<T, R, false>(guard, pre, rule, params, grads, $($s),*)
            } else {
                go::<T, R, true>(guard, pre, rule, params, grads, $($s),*)
            }
        }
    };
}

driver!(run0, 0);
driver!(run1, 1, s0 => n0);
driver!(run2, 2, s0 => n0, s1 => n1);
driver!(run3, 3, s0 => n0, s1 => n1, s2 => n2);

/// `a + w·(b − a)`: PyTorch's `lerp` for the usual weights w = 1 − β < ½. (For w ≥ ½ PyTorch
/// evaluates `b − (b − a)·(1 − w)` instead, which differs in the last bit; and its vectorised
/// kernel fuses the multiply-add. Neither matters beyond rounding.)
#[inline(always)]
pub(crate) fn lerp<T: Scalar>(a: T, b: T, w: T) -> T {
    a + w * (b - a)
}

/// The larger of `a` and `b`, as a compare-and-select (not IEEE `maxNum`, which is slow to
/// vectorize). Equal to PyTorch's `maximum` for finite values; NaN never reaches a committed
/// update (the guard refuses it).
#[inline(always)]
pub(crate) fn max<T: Scalar>(a: T, b: T) -> T {
    if a < b { b } else { a }
}

/// The smaller of `a` and `b`, as a compare-and-select (see [`max`]).
#[inline(always)]
pub(crate) fn min<T: Scalar>(a: T, b: T) -> T {
    if b < a { b } else { a }
}

/// `x^y` in `f64` (through `std` or `libm`), for bias corrections computed once per step.
#[inline(always)]
pub(crate) fn powf(x: f64, y: f64) -> f64 {
    <f64 as nalgebra::ComplexField>::powf(x, y)
}

/// `√x` in `f64`.
#[inline(always)]
pub(crate) fn sqrt(x: f64) -> f64 {
    <f64 as nalgebra::ComplexField>::sqrt(x)
}

/// The constructors and accessors every optimizer has. `$cfg` names the config inside the
/// initial-value expressions.
macro_rules! common {
    ($name:ident, $config:ident, $cfg:ident; $($buf:ident = $init:expr),+ $(; $($extra:ident = $einit:expr),+)?) => {
        impl<T: Scalar, S: StateBuffer<T>> $name<T, S> {
            /// A fresh optimizer (step count 0) for `len` parameters. Fails if `S` has a fixed
            /// length other than `len`. Heap storage is filled in place, never on the stack.
            pub fn with_len($cfg: $config<T>, len: usize) -> Result<Self, LengthError> {
                Ok(Self {
                    $($buf: S::filled(len, $init)?,)+
                    $($($extra: $einit,)+)?
                    config: $cfg,
                    step: 0,
                })
            }

            /// A fresh optimizer (step count 0) whose length is its storage type's, `S::LEN`.
            pub fn new($cfg: $config<T>) -> Self
            where
                S: FixedBuffer<T>,
            {
                match Self::with_len($cfg, S::LEN) {
                    Ok(opt) => opt,
                    Err(_) => unreachable!("a fixed buffer accepts its own length"),
                }
            }

            /// The number of parameters this optimizer steps.
            pub fn num_params(&self) -> usize {
                common!(@first self, $($buf),+).as_slice().len()
            }

            /// The number of successful steps so far (PyTorch's `state["step"]`).
            pub fn steps(&self) -> u64 {
                self.step
            }

            /// Forgets all state, as if freshly constructed with the current config.
            pub fn reset(&mut self) {
                let $cfg = &self.config;
                let _ = $cfg;
                $(
                    let v = $init;
                    self.$buf.as_mut_slice().fill(v);
                )+
                $($(self.$extra = $einit;)+)?
                self.step = 0;
            }
        }
    };
    (@first $self:ident, $first:ident $(, $rest:ident)*) => { $self.$first };
}
pub(crate) use common;
