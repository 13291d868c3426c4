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
//! let mut opt = Adam::<f64, [f64; 2]>::new(AdamConfig { lr: 0.1, ..Default::default() })?;
//! for _ in 0..500 {
//!     let g = [2.0 * (x[0] - 3.0), 20.0 * (x[1] + 1.0)];
//!     opt.step(&mut x, &g).unwrap();
//! }
//! assert!((x[0] - 3.0).abs() < 1e-3 && (x[1] + 1.0).abs() < 1e-3);
//! # Ok::<(), typenet_runtime::error::ConfigError>(())
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
//! - **All or nothing** ([`Optimizer::step`], what the training loop uses). A step writes
//!   only if every gradient entry, every parameter, every new parameter and every new state
//!   value is finite. Otherwise it returns [`StepError::NonFinite`] and the parameters *and*
//!   the optimizer's state (including its step count) are exactly as before. A non-finite
//!   state value (say Adam's v = g² overflowing in `f32`) is reported as
//!   [`NonFiniteError::Parameter`] at its index. So `step` never writes a non-finite value.
//!
//!   How it is checked, cheaply: a read-only **pre-pass** over the gradient (and the
//!   parameters) takes max |g| and checks that everything is finite, branch-free. Each
//!   optimizer keeps a range [lo, hi] for each of its state buffers, and a **bound proof**
//!   per optimizer (in its source, at `Rule::bound`) shows from max |g|, these ranges and the
//!   hyperparameters that the update is finite and moves each parameter by less than half an
//!   ulp of the largest finite value (2⁹⁷⁰ in `f64`, 2¹⁰³ in `f32`), so that p + δ cannot
//!   overflow whatever the finite p. Then a **single fused pass** writes the update and the
//!   proof's ranges for the new state. (The ranges are computed by one read pass over the
//!   state when unknown: at the first step, and after a dry-run or element-by-element step,
//!   which do not track them.) Only if the pre-pass finds a non-finite value or the
//!   proof fails (huge gradients, unusual hyperparameters such as ε = 0, centred RMSProp,
//!   whose √(v − ḡ²) can round to √(negative)) does the step fall back to the exact **dry
//!   run**: it evaluates the whole update without writing, then writes if all is finite. Both
//!   paths compute every value with the same expression, so the result is bit for bit the
//!   same. Steps of 256 parameters or more run an AVX2 instantiation of these loops where the
//!   CPU has it (with `std` on x86-64, asked once; always in a build for AVX2), with the same
//!   bits (no FMA). Measured against a bare hand-written loop compiled with the same default
//!   flags (BENCHMARKS.md): at 101,770 parameters the adaptive optimizers' guarded step takes
//!   0.62–0.86× the hand loop's time (1.2–1.65× at the same instruction set, the pre-pass's
//!   extra read), SGD 2.0×, momentum and Nesterov 1.1–1.3× (their loops are little more than
//!   that memory traffic); at 12 parameters 1.4–3.6× (the guard's fixed cost); the dry run
//!   about 2×.
//! - **Element by element** ([`Optimizer::step_elementwise`]): one pass, no pre-pass; each
//!   element's new values are committed only if they are all finite,
//!   otherwise that element keeps its old parameter and state and the step returns
//!   [`StepError::PartlyRefused`] (the first refused index and the count) after updating the
//!   others. Never writes a non-finite value, but a refused step is not undone elsewhere, and
//!   the step count advances. It reads every value once, but each stored value costs a compare
//!   and a select: on baseline x86-64 (SSE2) it is not faster than `step` except for a few
//!   small-network cases (see BENCHMARKS.md).
//! - **No panics on length.** A parameter or gradient slice whose length is not the state's
//!   returns [`StepError::Length`].
//! - **Valid hyperparameters.** `new` and `with_len` refuse an invalid configuration with a
//!   [`ConfigError`] naming the argument, with PyTorch's checks (its `ValueError`s: a negative
//!   learning rate, betas outside [0, 1), a negative ε, weight decay or momentum, …) and
//!   finiteness (a NaN or infinite setting). Each config's `validate` lists its rules. Since
//!   `config` is public and may be changed between steps (a scheduler writes the learning
//!   rate), every step checks it again, once, before anything else, and refuses an invalid one
//!   with [`StepError::Config`], changing nothing.
//! - **No allocation** in a step.
//!
//! # Conventions
//! Hyperparameters are stored as `T` and every per-step scalar (bias corrections, decayed
//! learning rates) is computed in `f64`, as PyTorch computes them in Python floats. Where the
//! textbook or TensorFlow form differs from PyTorch's, each optimizer's page says which one is
//! implemented (always PyTorch's).

use core::fmt;
use core::hint::select_unpredictable;

use crate::Scalar;
use crate::error::{ConfigError, LengthError, NonFiniteError};

/// Why an optimizer step was refused. After [`Optimizer::step`] the parameters (and the
/// optimizer's state) are unchanged; see [`StepError::PartlyRefused`] for
/// [`Optimizer::step_elementwise`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepError {
    /// The parameter slice, the gradient slice and the optimizer's state disagree in length.
    Length(LengthError),
    /// A hyperparameter in the optimizer's `config` is invalid (changed after construction,
    /// e.g. a negative or NaN learning rate written by a scheduler or the caller). Nothing was
    /// changed; checked once per step, before anything else.
    Config(ConfigError),
    /// A gradient entry (or a value the step would produce) was NaN or infinite.
    NonFinite(NonFiniteError),
    /// Only from [`Optimizer::step_elementwise`]: the step was applied to every element
    /// except `refused` of them, which kept their parameter and state values because a value
    /// of theirs (gradient, new parameter or new state) was NaN or infinite. `first` is the
    /// first of them (a [`NonFiniteError::Gradient`] if its gradient entry is not finite).
    PartlyRefused {
        /// The first refused element.
        first: NonFiniteError,
        /// How many elements were refused (at least 1).
        refused: usize,
    },
}

impl fmt::Display for StepError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StepError::Length(e) => write!(f, "optimizer step refused: {e}"),
            StepError::Config(e) => write!(f, "optimizer step refused: {e}"),
            StepError::NonFinite(e) => write!(f, "optimizer step refused: {e}"),
            StepError::PartlyRefused { first, refused } => write!(
                f,
                "optimizer step refused for {refused} element(s), applied to the others; first: {first}"
            ),
        }
    }
}

impl core::error::Error for StepError {}

impl From<LengthError> for StepError {
    fn from(e: LengthError) -> Self {
        StepError::Length(e)
    }
}

impl From<ConfigError> for StepError {
    fn from(e: ConfigError) -> Self {
        StepError::Config(e)
    }
}

/// Why an optimizer could not be built with [`with_len`](Sgd::with_len).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BuildError {
    /// The storage has a fixed length other than the one asked for.
    Length(LengthError),
    /// A hyperparameter is invalid (see each config's `validate`).
    Config(ConfigError),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Length(e) => write!(f, "optimizer state: {e}"),
            BuildError::Config(e) => write!(f, "optimizer config: {e}"),
        }
    }
}

impl core::error::Error for BuildError {}

impl From<LengthError> for BuildError {
    fn from(e: LengthError) -> Self {
        BuildError::Length(e)
    }
}

impl From<ConfigError> for BuildError {
    fn from(e: ConfigError) -> Self {
        BuildError::Config(e)
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
    /// One update of `params` from `grads` (same length), all or nothing: on error nothing
    /// is changed (see the module docs, "Guarantees").
    fn step(&mut self, params: &mut [T], grads: &[T]) -> Result<(), StepError>;
    /// One update element by element, in a single pass: for each parameter, the new
    /// parameter and state values are committed only if all of them (and the gradient entry)
    /// are finite; otherwise that element keeps its old parameter and state, and the step
    /// returns [`StepError::PartlyRefused`] (first refused index and count) after updating all
    /// the other elements. It never writes a non-finite value, but unlike `step` it is not all
    /// or nothing: a refused step has still moved the other elements, and the step count
    /// advances. It reads each value once (no pre-pass), but on baseline x86-64 its
    /// per-value selects make it slower than `step` in most measured cases (BENCHMARKS.md).
    /// The provided implementation is the all-or-nothing `step`: a stronger guarantee, which
    /// reports a refusal as [`StepError::NonFinite`].
    fn step_elementwise(&mut self, params: &mut [T], grads: &[T]) -> Result<(), StepError> {
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
#[cfg(test)]
mod tests;

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

/// Which guarantee a step gives (see [`Optimizer::step`] and [`Optimizer::step_elementwise`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// All or nothing: the bound proof and one fused pass, else the dry run.
    AllOrNothing,
    /// All or nothing, always through the exact dry run (the reference the proof is tested
    /// against).
    #[cfg_attr(not(test), allow(dead_code))]
    DryRun,
    /// Element by element: one pass, refused elements keep their old values.
    Elementwise,
}

/// How an all-or-nothing step was taken (for the tests of both paths).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Path {
    /// The bound proof held: one pre-pass over the gradient, one fused write pass.
    Proved,
    /// The exact dry run, then the write pass.
    DryRun,
    /// `step_elementwise`'s single pass.
    Elementwise,
}

/// What is known about one state buffer: every value lies in `[lo, hi]`. Kept by each
/// optimizer per buffer (`None`: unknown, recomputed by one read pass when next needed).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Range {
    pub(crate) lo: f64,
    pub(crate) hi: f64,
}

impl Range {
    /// Every value lies in `[-m, m]`.
    pub(crate) fn abs(m: f64) -> Self {
        Range { lo: -m, hi: m }
    }
    /// The largest magnitude, max(|lo|, |hi|) (NaN stays NaN, so a proof using it fails).
    pub(crate) fn mag(self) -> f64 {
        let (a, b) = (self.lo.abs(), self.hi.abs());
        if a < b { b } else { a }
    }
}

/// x − x: +0 for finite x, NaN for ±∞ and NaN; a sum of these is 0 exactly when every term
/// is finite (cheaper than `is_finite` on each, and it vectorises).
#[inline(always)]
#[allow(clippy::eq_op)]
fn fin<T: Scalar>(x: T) -> T {
    x - x
}

/// The range of a state buffer's values, or `None` if one of them is not finite (possible
/// only through a non-finite initial value in the configuration, e.g. `initial_accumulator_value`
/// or Rprop's `lr`). One read pass, in 8 independent lanes so that it vectorises.
#[cold]
#[inline(never)]
fn range_of<T: Scalar>(s: &[T]) -> Option<Range> {
    const L: usize = 8;
    let (mut lo, mut hi, mut z) = ([T::zero(); L], [T::zero(); L], [T::zero(); L]);
    if let Some(x) = s.first() {
        lo = [*x; L];
        hi = [*x; L];
    }
    let chunks = s.chunks_exact(L);
    let rest = chunks.remainder();
    for c in chunks {
        for j in 0..L {
            lo[j] = min(lo[j], c[j]);
            hi[j] = max(hi[j], c[j]);
            z[j] += fin(c[j]);
        }
    }
    for (j, x) in rest.iter().enumerate() {
        lo[j] = min(lo[j], *x);
        hi[j] = max(hi[j], *x);
        z[j] += fin(*x);
    }
    if z.iter().any(|z| *z != T::zero()) {
        return None;
    }
    let lo = lo.iter().fold(f64::INFINITY, |a, x| a.min(x.to_f64()));
    let hi = hi.iter().fold(f64::NEG_INFINITY, |a, x| a.max(x.to_f64()));
    Some(Range { lo, hi })
}

/// Upper-bound arithmetic for the per-optimizer bound proofs ([`Rule::bound`]), in `f64`.
///
/// The proofs show, from the largest gradient magnitude G, the ranges of the state and the
/// hyperparameters, that a step computed in `T` produces only finite values and moves each
/// parameter by |δ| ≤ `limit` = ε_T·max_T/8 (2⁹⁶⁹ for `f64`, 2¹⁰² for `f32`; ε_T the machine
/// epsilon). That is what makes the single fused pass safe:
///
/// - **No overflow of p + δ.** Round-to-nearest overflows only if the exact |p + δ| reaches
///   max_T + ulp(max_T)/2, and ulp(max_T) = ε_T·2^e_max > ε_T·max_T/2. A finite p has
///   |p| ≤ max_T, so |δ| ≤ `limit` < ulp(max_T)/2 keeps p + δ finite. (For `f64`:
///   ulp(MAX)/2 = 2⁹⁷⁰; for `f32`: 2¹⁰³.)
/// - **No overflow anywhere else.** Every intermediate value is bounded in the proof by a
///   number ≤ `limit`, far below max_T.
/// - **No NaN.** The inputs are finite (gradient: checked by the pre-pass; state: an
///   invariant, since only finite values are ever committed; hyperparameters: their bounds
///   must be ≤ `limit`, which NaN and ∞ fail). Without infinities, NaN can only come from
///   0/0 or √(negative): each proof shows a positive lower bound for every denominator and a
///   non-negative argument for every square root.
/// - **Rounding.** A bound B of an exact value becomes `up(B)` = B·(1 + 8ε_T) + min_T for the
///   computed value: each rounding multiplies by at most (1 + ε_T/2) (for up to 8 roundings,
///   with room for the `f64` rounding of the bound itself), and gradual underflow adds at most
///   half a subnormal spacing per operation, covered by `min_T` (the smallest normal number).
///   Lower bounds use only that rounding is monotone: x ≥ 0 and y ≥ c give fl(x + y) ≥ c,
///   fl(√x) ≥ 0.
pub(crate) struct Proof {
    limit: f64,
    r: f64,
    tiny: f64,
    ok: core::cell::Cell<bool>,
}

impl Proof {
    /// A proof for the scalar type `T`, holding so far.
    #[inline(always)]
    pub(crate) fn new<T: Scalar>() -> Self {
        // NOTE: `Scalar` is implemented for `f32` and `f64` only.
        let (eps, max, tiny) = if core::mem::size_of::<T>() == 4 {
            (
                f32::EPSILON as f64,
                f32::MAX as f64,
                f32::MIN_POSITIVE as f64,
            )
        } else {
            (f64::EPSILON, f64::MAX, f64::MIN_POSITIVE)
        };
        Proof {
            limit: max * eps / 8.0,
            r: 1.0 + 8.0 * eps,
            tiny,
            ok: core::cell::Cell::new(true),
        }
    }
    /// Whether every check so far held.
    #[inline(always)]
    pub(crate) fn holds(&self) -> bool {
        self.ok.get()
    }
    /// Requires `c`.
    #[inline(always)]
    pub(crate) fn require(&self, c: bool) {
        self.ok.set(self.ok.get() & c);
    }
    /// `x`, required to be at most the limit (fails for NaN and ∞).
    #[inline(always)]
    pub(crate) fn le(&self, x: f64) -> f64 {
        self.ok.set(self.ok.get() & (x <= self.limit));
        x
    }
    /// A bound of a value computed with a few roundings from an exact value bounded by `x`;
    /// required to be at most the limit.
    #[inline(always)]
    pub(crate) fn up(&self, x: f64) -> f64 {
        self.le(x * self.r + self.tiny)
    }
    /// |h| of a hyperparameter or per-step scalar, required finite and at most the limit.
    #[inline(always)]
    pub(crate) fn h<T: Scalar>(&self, h: T) -> f64 {
        self.le(h.to_f64().abs())
    }
    /// A denominator's lower bound `c` (a value known to be ≥ c), required to be a normal
    /// positive number well above the underflow range (c ≥ 2²⁰·min_T), so that dividing by
    /// it cannot give 0/0 or ∞ beyond the bounds and underflow errors stay below c's rounding.
    #[inline(always)]
    pub(crate) fn pos<T: Scalar>(&self, c: T) -> f64 {
        let c = c.to_f64();
        self.require(c >= self.tiny * 1_048_576.0 && c <= self.limit);
        c
    }
    /// The lerp a + w·(b − a) of a state a ∈ `a` and the gradient |b| ≤ `g`, as in [`lerp`].
    /// For 0 ≤ w ≤ 1 it is the convex combination (1 − w)a + wb, so |·| ≤ max(A, G): the
    /// bound does not grow from step to step (the rounding of b − a, of the product and of the
    /// sum adds at most 5 units of rounding times max(A, G), within `up`). Otherwise
    /// |a + w(b − a)| ≤ A + |w|(G + A).
    #[inline(always)]
    pub(crate) fn lerp<T: Scalar>(&self, a: Range, g: f64, w: T) -> Range {
        let a = a.mag();
        let d = self.up(g + a);
        if (0.0..=1.0).contains(&w.to_f64()) {
            Range::abs(self.up(if a < g { g } else { a }))
        } else {
            Range::abs(self.up(a + self.h(w) * d))
        }
    }
    /// The running average of squares v·β + c·g·g (c = 1 − β), for v ∈ `v`, |g| ≤ `g`: with
    /// v ≥ 0, β ≥ 0, c ≥ 0 it is ≥ 0 (products and sums of non-negative numbers round to
    /// non-negative numbers) and at most β·V + c·G².
    #[inline(always)]
    pub(crate) fn ema_sq<T: Scalar>(&self, v: Range, g: f64, beta: T, c: T) -> Range {
        let (b, cc) = (beta.to_f64(), c.to_f64());
        self.require(v.lo >= 0.0 && b >= 0.0 && cc >= 0.0);
        let g2 = self.up(self.up(cc * g) * g);
        let hi = self.up(self.h(beta) * v.hi + g2);
        Range { lo: 0.0, hi }
    }
}

/// The per-parameter part of an update: one parameter, its gradient and its `K` state values
/// in; the new parameter and the new state values out. Pure, so that it can be evaluated twice
/// (dry run, then commit) with bit-identical results.
pub(crate) trait Rule<T: Scalar, const K: usize> {
    /// Whether [`bound`](Rule::bound) can ever hold; `false` skips the pre-pass (the dry run
    /// is then the only way).
    const PROVABLE: bool = true;
    /// The new parameter and state for one element.
    fn update(&self, p: T, g: T, s: [T; K]) -> (T, [T; K]);
    /// The bound proof: given that every (effective) gradient entry is finite with |g| ≤ `g`,
    /// every parameter finite, and state k in `s[k]`, show (checks on `proof`) that
    /// [`update`](Rule::update) gives finite new state values and a finite parameter p + δ
    /// with |δ| ≤ the limit (see [`Proof`]); return the ranges of the new state values.
    fn bound(&self, proof: &mut Proof, g: f64, s: [Range; K]) -> [Range; K];
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

/// `step_elementwise`'s error: `refused` elements kept their old values, the first at
/// `index` (blamed on the gradient if that entry is not finite).
#[cold]
#[inline(never)]
fn partly_refused<T: Scalar>(grads: &[T], index: usize, refused: usize) -> StepError {
    let first = if grads[index].is_finite() {
        NonFiniteError::Parameter { index }
    } else {
        NonFiniteError::Gradient { index }
    };
    StepError::PartlyRefused { first, refused }
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

/// The pre-pass of an all-or-nothing step: max |g′| over the effective gradient
/// g′ = ±g + λθ (exactly as the update computes it), or NaN if some g′ or some parameter is
/// not finite. Read only, branch-free, in 4 independent lanes so that it vectorises.
#[inline(always)]
fn scan<T: Scalar, const PRE: bool>(pre: Pre<T>, params: &[T], grads: &[T]) -> f64 {
    const L: usize = 4;
    let (mut m, mut z) = ([T::zero(); L], [T::zero(); L]);
    let len = params.len();
    let grads = &grads[..len];
    // NOTE: a function, not a closure: this is compiled into the drivers' AVX2 instantiation,
    // and a closure is compiled without AVX2 wherever LLVM does not inline it (issue 17).
    #[inline(always)]
    fn lane<T: Scalar, const PRE: bool>(pre: Pre<T>, m: &mut T, z: &mut T, p: T, g: T) {
        let g = if PRE { g * pre.sign + pre.wd * p } else { g };
        *m = max(*m, g.abs());
        // NOTE: x − x is +0 for finite x and NaN otherwise, so z stays 0 exactly when every
        // g′ and every p is finite (a NaN would be lost by the compare-and-select maximum).
        *z += fin(g) + fin(p);
    }
    let (pc, gc) = (params.chunks_exact(L), grads.chunks_exact(L));
    let (pr, gr) = (pc.remainder(), gc.remainder());
    for (p, g) in pc.zip(gc) {
        for j in 0..L {
            lane::<T, PRE>(pre, &mut m[j], &mut z[j], p[j], g[j]);
        }
    }
    for (j, (p, g)) in pr.iter().zip(gr).enumerate() {
        lane::<T, PRE>(pre, &mut m[j], &mut z[j], *p, *g);
    }
    let (mut out, mut nan) = (m[0], z[0]);
    for j in 1..L {
        out = max(out, m[j]);
        nan += z[j];
    }
    (out + nan).to_f64()
}

/// Elements per block of `step_elementwise` (its refusal flags live on the stack).
const BLOCK: usize = 32;

/// Generates `run0` … `run3`: apply a [`Rule`] with 0 … 3 state buffers, each given with the
/// range its optimizer keeps for it.
///
/// [`Mode::AllOrNothing`]: if the rule is provable and decoupled decay cannot grow a
/// parameter (|1 − γλ| ≤ 1), a read-only pre-pass takes max |g′|; if that is finite and
/// [`Rule::bound`] holds, one fused pass writes everything and the ranges become the proof's.
/// Otherwise (and always in [`Mode::DryRun`]) pass 1 (read only) evaluates the rule on every
/// element and checks that the gradient, the new parameter and every new state value are
/// finite; only if all are does pass 2 evaluate it again and write, and the ranges become
/// unknown. So a refused step changes neither the parameters nor the state.
///
/// [`Mode::Elementwise`]: one pass; each element's new values are committed only if they are
/// all finite (a select, no branch), else the element keeps its old parameter and state.
///
/// The loops are compiled twice, with and without [`Pre`], so that the default configuration
/// pays nothing for it.
macro_rules! driver {
    ($name:ident, $k:literal $(, $s:ident $r:ident => $n:ident)*) => {
        #[inline]
        #[allow(clippy::too_many_arguments)]
        pub(crate) fn $name<T: Scalar, R: Rule<T, $k>>(
            mode: Mode,
            pre: Pre<T>,
            rule: &R,
            params: &mut [T],
            grads: &[T],
            $($s: (&mut [T], &mut Option<Range>),)*
        ) -> Result<Path, StepError> {
            #[inline(always)]
            #[allow(clippy::too_many_arguments)]
            fn go<T: Scalar, R: Rule<T, $k>, const PRE: bool>(
                mode: Mode,
                pre: Pre<T>,
                rule: &R,
                params: &mut [T],
                grads: &[T],
                $($s: (&mut [T], &mut Option<Range>),)*
            ) -> Result<Path, StepError> {
                // NOTE: a function, not a closure, so that it is inlined into every loop.
                #[inline(always)]
                fn upd<T: Scalar, R: Rule<T, $k>, const PRE: bool>(
                    rule: &R,
                    pre: Pre<T>,
                    p: T,
                    g: T,
                    s: [T; $k],
                ) -> (T, [T; $k]) {
                    if PRE {
                        rule.update(p * pre.decay, g * pre.sign + pre.wd * p, s)
                    } else {
                        rule.update(p, g, s)
                    }
                }
                let update = |p: T, g: T, s: [T; $k]| upd::<T, R, PRE>(rule, pre, p, g, s);
                let len = params.len();
                // NOTE: callers have checked the lengths with `check_len`; re-slicing lets the
                // compiler drop the bounds checks inside the loops.
                let grads = &grads[..len];
                $(let ($s, $r) = $s; let $s = &mut $s[..len];)*
                if mode == Mode::Elementwise {
                    let (mut refused, mut first) = (0, 0);
                    let mut start = 0;
                    // NOTE: every block writes its flags before reading them, so they are
                    // initialised once per step, not once per block.
                    let mut flags = [T::zero(); BLOCK];
                    while start < len {
                        let end = if len - start > BLOCK { start + BLOCK } else { len };
                        let mut all = true;
                        {
                            // NOTE: sub-slices of one length, so that the loop has no bounds
                            // checks and vectorises.
                            let ps = &mut params[start..end];
                            let gs = &grads[start..end];
                            let fs = &mut flags[..end - start];
                            $(let $s = &mut $s[start..end];)*
                            for i in 0..ps.len() {
                                let (p, g) = (ps[i], gs[i]);
                                #[allow(unused_variables)]
                                let (np, [$($n),*]) =
                                    upd::<T, R, PRE>(rule, pre, p, g, [$($s[i]),*]);
                                // NOTE: 0 exactly when g, the new parameter and the new state
                                // are all finite (x − x is NaN for ±∞ and NaN). A non-finite
                                // old parameter gives a non-finite new one, so it is kept.
                                let z = (g - g) + (np - np) $(+ ($n - $n))*;
                                let ok = z == T::zero();
                                // NOTE: `select_unpredictable` keeps these selects (blends)
                                // instead of branches, so that the loop vectorises.
                                ps[i] = select_unpredictable(ok, np, p);
                                $($s[i] = select_unpredictable(ok, $n, $s[i]);)*
                                fs[i] = z;
                                all &= ok;
                            }
                        }
                        if !all {
                            let bad = flags[..end - start].iter().filter(|z| **z != T::zero());
                            let n = bad.count();
                            if refused == 0 {
                                first = start
                                    + flags[..end - start]
                                        .iter()
                                        .position(|z| *z != T::zero())
                                        .unwrap_or(0);
                            }
                            refused += n;
                        }
                        start = end;
                    }
                    $(*$r = None;)*
                    if refused > 0 {
                        return Err(partly_refused(grads, first, refused));
                    }
                    return Ok(Path::Elementwise);
                }
                let decay = pre.decay.to_f64();
                if mode == Mode::AllOrNothing && R::PROVABLE && (-1.0..=1.0).contains(&decay) {
                    let g = scan::<T, PRE>(pre, params, grads);
                    if g <= f64::MAX {
                        $(
                            if $r.is_none() {
                                *$r = range_of($s);
                            }
                        )*
                        let known = true $(&& $r.is_some())*;
                        if known {
                            let mut proof = Proof::new::<T>();
                            let ranges = rule.bound(
                                &mut proof,
                                g,
                                [$($r.unwrap_or(Range::abs(f64::NAN))),*],
                            );
                            if proof.holds() {
                                for i in 0..len {
                                    let (np, [$($n),*]) =
                                        upd::<T, R, PRE>(rule, pre, params[i], grads[i], [$($s[i]),*]);
                                    params[i] = np;
                                    $($s[i] = $n;)*
                                }
                                #[allow(unused_variables, unused_mut)]
                                let mut it = ranges.into_iter();
                                $(*$r = it.next();)*
                                return Ok(Path::Proved);
                            }
                        }
                    }
                }
                let mut ok = true;
                for i in 0..len {
                    let g = grads[i];
                    #[allow(unused_variables)]
                    let (np, [$($n),*]) = upd::<T, R, PRE>(rule, pre, params[i], g, [$($s[i]),*]);
                    // NOTE: x − x is +0 for finite x and NaN for ±∞ and NaN, so the sum is 0
                    // exactly when every value is finite; cheaper than `is_finite` on each.
                    let z = (g - g) + (np - np) $(+ ($n - $n))*;
                    ok &= z == T::zero();
                }
                if !ok {
                    #[allow(unused_variables)]
                    let state = |i: usize| [$($s[i]),*];
                    return Err(locate(&update, params, grads, state));
                }
                for i in 0..len {
                    let (np, [$($n),*]) = upd::<T, R, PRE>(rule, pre, params[i], grads[i], [$($s[i]),*]);
                    params[i] = np;
                    $($s[i] = $n;)*
                }
                $(*$r = None;)*
                Ok(Path::DryRun)
            }
            /// `go` compiled for AVX2 (no FMA: the same bits as the baseline instantiation).
            ///
            /// # Safety
            /// The CPU has AVX2.
            #[cfg(all(target_arch = "x86_64", any(feature = "std", target_feature = "avx2")))]
            #[target_feature(enable = "avx2")]
            #[allow(clippy::too_many_arguments)]
            unsafe fn go_avx2<T: Scalar, R: Rule<T, $k>, const PRE: bool>(
                mode: Mode,
                pre: Pre<T>,
                rule: &R,
                params: &mut [T],
                grads: &[T],
                $($s: (&mut [T], &mut Option<Range>),)*
            ) -> Result<Path, StepError> {
                go::<T, R, PRE>(mode, pre, rule, params, grads, $($s),*)
            }
            #[cfg(all(target_arch = "x86_64", any(feature = "std", target_feature = "avx2")))]
            // NOTE: the test-only reference mode `DryRun` always runs the baseline loops, so
            // that the tests compare the two instantiations bit for bit (slices of ≥ 256).
            if mode != Mode::DryRun && params.len() >= AVX2_MIN_LEN && crate::cpu::use_avx2() {
                // SAFETY: the CPU has AVX2 (asked above).
                return unsafe {
                    if pre.is_identity() {
                        go_avx2::<T, R, false>(mode, pre, rule, params, grads, $($s),*)
                    } else {
                        go_avx2::<T, R, true>(mode, pre, rule, params, grads, $($s),*)
                    }
                };
            }
            if pre.is_identity() {
                go::<T, R, false>(mode, pre, rule, params, grads, $($s),*)
            } else {
                go::<T, R, true>(mode, pre, rule, params, grads, $($s),*)
            }
        }
    };
}

/// From this many parameters on, a step runs the AVX2 instantiation of its loops where the CPU
/// has AVX2 (with `std` on x86-64, asked once; always in a build for AVX2). Below it, the
/// baseline loops: at a dozen parameters the call through the check costs more than the
/// wider lanes save.
#[cfg(all(target_arch = "x86_64", any(feature = "std", target_feature = "avx2")))]
const AVX2_MIN_LEN: usize = 256;

driver!(run0, 0);
driver!(run1, 1, s0 r0 => n0);
driver!(run2, 2, s0 r0 => n0, s1 r1 => n1);
driver!(run3, 3, s0 r0 => n0, s1 r1 => n1, s2 r2 => n2);

/// Whether a step's result counts as a step taken (the step count advances): success, or
/// `step_elementwise`'s partial refusal.
#[inline(always)]
pub(crate) fn taken(r: &Result<Path, StepError>) -> bool {
    matches!(r, Ok(_) | Err(StepError::PartlyRefused { .. }))
}

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
            /// A fresh optimizer (step count 0) for `len` parameters. Fails if a hyperparameter
            /// is invalid ([`BuildError::Config`], see the config's `validate`) or if `S` has a
            /// fixed length other than `len` ([`BuildError::Length`]). Heap storage is filled in
            /// place, never on the stack.
            pub fn with_len($cfg: $config<T>, len: usize) -> Result<Self, BuildError> {
                $cfg.validate()?;
                Ok(Self {
                    $($buf: S::filled(len, $init)?,)+
                    $($($extra: $einit,)+)?
                    config: $cfg,
                    known: [None; 3],
                    step: 0,
                })
            }

            /// A fresh optimizer (step count 0) whose length is its storage type's, `S::LEN`.
            /// Fails if a hyperparameter is invalid (see the config's `validate`).
            pub fn new($cfg: $config<T>) -> Result<Self, ConfigError>
            where
                S: FixedBuffer<T>,
            {
                match Self::with_len($cfg, S::LEN) {
                    Ok(opt) => Ok(opt),
                    Err(BuildError::Config(e)) => Err(e),
                    Err(BuildError::Length(_)) => {
                        unreachable!("a fixed buffer accepts its own length")
                    }
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
                self.known = [None; 3];
                self.step = 0;
            }
        }
    };
    (@first $self:ident, $first:ident $(, $rest:ident)*) => { $self.$first };
}
pub(crate) use common;
