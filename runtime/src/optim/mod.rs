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
//!   `no_std`. The network sizes it: `Adam::for_network(&net, config)` (type
//!   `Adam<T, StateOf<Net>>`, see [`ParamArray`], which `network!` implements), so nobody writes
//!   the parameter count; `new(config)` for a spelled type.
//! - `Box<[T; N]>`, `Vec<T>`, `Box<[T]>` (feature `alloc`): on the heap, for large networks
//!   (a 784-128-10 network's Adam state is 1.6 MB, too much for a thread's stack) or a length
//!   known at run time; construct with `Adam::boxed_for(&net, config)` (`Box<[T; PARAMS]>`),
//!   or `with_len(config, len)` (`Box<[T; N]>` also with `new`). Nothing is built on the stack
//!   first.
//!
//! Every optimizer has these constructors, from one macro (`optim/shared.rs`). With the feature
//! `serde` every optimizer serialises its config, step count and state buffers
//! (`serde_state`).
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
//!   run**: it evaluates the whole update without writing, then writes if all is finite. A
//!   slice of at most 16 parameters skips the pre-pass and the proof, whose fixed cost is
//!   several times such an update: one pass evaluates the update into stack buffers (chunks of
//!   4, one vector operation each) and checks the gradient and every new value finite, and
//!   only then are the buffers copied. All paths compute every value with the same expression,
//!   so the result is bit for bit the same. Steps of 256 parameters or more run an AVX2 instantiation of these loops where the
//!   CPU has it (with `std` on x86-64, asked once; always in a build for AVX2), with the same
//!   bits (no FMA). Measured against a bare hand-written loop compiled with the same default
//!   flags (BENCHMARKS.md): at 101,770 parameters the adaptive optimizers' guarded step takes
//!   0.62–0.86× the hand loop's time (1.2–1.65× at the same instruction set, the pre-pass's
//!   extra read), SGD 2.0×, momentum and Nesterov 1.1–1.3× (their loops are little more than
//!   that memory traffic); the dry run about 2×. Against hand loops that give the guarantee
//!   (check, then write) at 12 and 101,770 parameters: BENCHMARKS.md, "Optimizers".
//! - **Element by element** ([`Optimizer::step_elementwise`]): one pass, no pre-pass; each
//!   element's new values are committed only if they are all finite,
//!   otherwise that element keeps its old parameter and state and the step returns
//!   [`StepError::PartlyRefused`] (the first refused index and the count) after updating the
//!   others. Never writes a non-finite value, but a refused step is not undone elsewhere, and
//!   the step count advances. It reads every value once, but each stored value costs a compare
//!   and a select: on baseline x86-64 (SSE2) it is not faster than `step` except for a few
//!   small-network cases (see BENCHMARKS.md).
//! - **No panics on length.** A parameter or gradient slice whose length is not the state's
//!   returns [`StepError::StateLength`], naming both lengths.
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

use crate::Scalar;
use crate::error::{ConfigError, LengthError, NonFiniteError};

/// Why an optimizer step was refused. After [`Optimizer::step`] the parameters (and the
/// optimizer's state) are unchanged; see [`StepError::PartlyRefused`] for
/// [`Optimizer::step_elementwise`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepError {
    /// The parameter slice or the gradient slice is not as long as the optimizer's state (an
    /// optimizer built for another network, say). Both sides are named.
    StateLength(StateLengthError),
    /// A length other than the optimizer state's was wrong: the training loop's scratch buffer,
    /// or a second-order method's dimension ([`Trainer`](crate::train::Trainer) only).
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
            StepError::StateLength(e) => write!(f, "optimizer step refused: {e}"),
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

/// The parameters or gradients given to a step are not as long as the optimizer's state: what
/// [`StepError::StateLength`] reports, naming both sides.
///
/// ```
/// use typenet_runtime::optim::{Adam, AdamConfig, Optimizer};
///
/// let mut opt = Adam::<f64, [f64; 9]>::new(AdamConfig::default())?;
/// let err = opt.step(&mut [0.0; 13], &[0.0; 13]).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "optimizer step refused: the optimizer state holds 9 parameters, the network has 13"
/// );
/// # Ok::<(), typenet_runtime::error::ConfigError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StateLengthError {
    /// The number of parameters the optimizer's state holds.
    pub state: usize,
    /// The length of the parameter slice given (the network's `PARAMS`).
    pub params: usize,
    /// The length of the gradient slice given.
    pub grads: usize,
}

impl fmt::Display for StateLengthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state;
        if self.params != state {
            write!(
                f,
                "the optimizer state holds {state} parameters, the network has {}",
                self.params
            )
        } else {
            write!(
                f,
                "the optimizer state holds {state} parameters, the gradient has {}",
                self.grads
            )
        }
    }
}

impl core::error::Error for StateLengthError {}

impl From<StateLengthError> for StepError {
    fn from(e: StateLengthError) -> Self {
        StepError::StateLength(e)
    }
}

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
            BuildError::Length(e) => write!(
                f,
                "the optimizer state's type holds {} parameters, {} were asked for",
                e.expected, e.found
            ),
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
/// Works on every network (through [`Parameters::params_mut`](crate::Parameters::params_mut)) and on
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
    /// [`step`](Optimizer::step) on a gradient already known to be finite, with the same
    /// all-or-nothing guarantee and the same bits: the certificate carries max |g|, which the
    /// bound proof needs, so the step's pre-pass reads only the parameters, not the gradient
    /// (one read of the gradient fewer). [`Trainer`](crate::train::Trainer) makes the
    /// certificate while it averages the minibatch's gradient. The provided implementation is
    /// `step`; every optimizer of this module overrides it.
    fn step_finite(
        &mut self,
        params: &mut [T],
        grads: FiniteGrads<'_, T>,
    ) -> Result<(), StepError> {
        self.step(params, grads.as_slice())
    }
    /// The step on a summed gradient scaled by `s` (the trainer's mean of a minibatch,
    /// s = 1/m): g ← s·g for every entry, then the all-or-nothing step on the result. Exactly
    /// [`FiniteGrads::scale`]`(grads, s)` followed by [`step_finite`](Optimizer::step_finite):
    /// the same bits in the parameters and the state, the same error (a non-finite s·g is
    /// [`NonFiniteError::Gradient`] at its first index, before the configuration and the
    /// lengths are checked) with the parameters and the state unchanged, and `grads` holding
    /// s·g afterwards in every case.
    ///
    /// Every optimizer of this module overrides the provided implementation (that
    /// composition). Up to 16 parameters the step multiplies each entry by `s` where it reads
    /// it and checks s·g with the new values, in the one pass that evaluates the update: no
    /// scaling pass and no second call. On more, one pass scales the gradient, checks it and
    /// the parameters finite and takes max |s·g|, so that the step itself has no pre-pass. On
    /// any refusal (which has changed nothing) the composition's step runs and names the
    /// culprit. [`Trainer`](crate::train::Trainer) steps through this.
    fn step_scaled(&mut self, params: &mut [T], grads: &mut [T], s: T) -> Result<(), StepError> {
        let grads = FiniteGrads::scale(grads, s)?;
        self.step_finite(params, grads)
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

/// A gradient slice known to be finite, with a bound on its largest magnitude: what
/// [`Optimizer::step_finite`] takes instead of re-reading the gradient to check it.
///
/// Only the constructors below make one, each after checking every value, and it borrows the
/// slice, so the values cannot change before the step.
#[derive(Clone, Copy, Debug)]
pub struct FiniteGrads<'a, T> {
    grads: &'a [T],
    max_abs: f64,
}

impl<'a, T: Scalar> FiniteGrads<'a, T> {
    /// Checks `grads`: the first non-finite entry is an error
    /// ([`NonFiniteError::Gradient`]), else the certificate. One read pass.
    pub fn new(grads: &'a [T]) -> Result<Self, NonFiniteError> {
        let (m, z) = scan_grads(grads);
        Self::finish(grads, m, z)
    }

    /// g ← s·g for every entry, and the certificate of the result, in one pass (how the trainer
    /// averages a minibatch's summed gradient). On error (the first non-finite scaled entry,
    /// [`NonFiniteError::Gradient`]) the entries are scaled all the same.
    pub fn scale(grads: &'a mut [T], s: T) -> Result<Self, NonFiniteError> {
        let (m, z) = scale_scan_grads(grads, s);
        Self::finish(grads, m, z)
    }

    /// The certificate, if `z` (a sum of g − g, 0 exactly when every g is finite) is 0.
    fn finish(grads: &'a [T], m: T, z: T) -> Result<Self, NonFiniteError> {
        if z == T::zero() {
            Ok(FiniteGrads {
                grads,
                max_abs: m.to_f64(),
            })
        } else {
            let index = grads.iter().position(|g| !g.is_finite()).unwrap_or(0);
            Err(NonFiniteError::Gradient { index })
        }
    }

    /// The gradient.
    pub fn as_slice(&self) -> &'a [T] {
        self.grads
    }

    /// max |g| over the entries (0 for an empty slice).
    pub fn max_abs(&self) -> f64 {
        self.max_abs
    }
}

/// g ← s·g on at most [`SMALL`] entries (what the short way of [`Optimizer::step_scaled`] leaves
/// in `grads`, as [`FiniteGrads::scale`] does): in chunks of 4 (one vector operation each),
/// then one by one.
#[inline(always)]
fn scale_in_place<T: Scalar>(grads: &mut [T], s: T) {
    let (chunks, rest) = grads.as_chunks_mut::<4>();
    for c in chunks {
        *c = c.map(|g| g * s);
    }
    for g in rest {
        *g *= s;
    }
}

/// The body of [`Optimizer::step_scaled`] for the optimizers of this module (`$apply`: the
/// optimizer's step in a [`Mode`]). Up to [`SMALL`] parameters, the step in [`Mode::Scaled`]
/// (s·g in its own pass), then g ← s·g. On more, one pass scales the gradient, checks it and
/// the parameters finite and takes max |s·g| ([`scale_check`]), and the step has no pre-pass
/// ([`Mode::Checked`]). On any refusal of these, which changed nothing but `grads` (then
/// scaled, as [`FiniteGrads::scale`] leaves it), the step of the provided composition on
/// the (scaled) gradient names the culprit; with lengths that differ, the composition.
macro_rules! step_scaled {
    ($self:ident, $params:ident, $grads:ident, $s:ident, $apply:ident) => {{
        if $params.len() <= super::SMALL {
            if $self
                .$apply($params, $grads, super::Mode::Scaled($s.to_f64()))
                .is_ok()
            {
                super::scale_in_place($grads, $s);
                return Ok(());
            }
        } else if $params.len() == $grads.len() {
            return match super::scale_check($params, $grads, $s) {
                Some(m) => $self
                    .$apply($params, $grads, super::Mode::Checked(m))
                    .map(drop),
                None => super::finite_long($self, $params, $grads),
            };
        }
        super::scaled_long($self, $params, $grads, $s)
    }};
}

/// g ← s·g for every entry; max |g| if every new g and every parameter is finite. One pass of
/// 16 lanes (AVX2 from [`SCAN_AVX2_MIN`] entries where the CPU has it, as the other scans).
/// `params` and `grads` have the same length.
fn scale_check<T: Scalar>(params: &[T], grads: &mut [T], s: T) -> Option<f64> {
    crate::kernels::if_cpu_has!(avx2 && grads.len() >= SCAN_AVX2_MIN, {
        // SAFETY: the CPU has AVX2 (asked above).
        return unsafe { scale_check_avx2(params, grads, s) };
    });
    scale_check_in(params, grads, s)
}

/// [`scale_check_in`] compiled for AVX2 (no FMA: the same bits).
///
/// # Safety
/// The CPU has AVX2.
#[cfg(all(target_arch = "x86_64", any(feature = "std", target_feature = "avx2")))]
#[target_feature(enable = "avx2")]
unsafe fn scale_check_avx2<T: Scalar>(params: &[T], grads: &mut [T], s: T) -> Option<f64> {
    scale_check_in(params, grads, s)
}

/// [`scale_check`]'s loops: the scaled gradient's lanes as [`scale_scan_grads_in`], with the
/// parameters' x − x added to Σ.
#[inline(always)]
#[allow(clippy::eq_op)]
fn scale_check_in<T: Scalar>(params: &[T], grads: &mut [T], s: T) -> Option<f64> {
    const L: usize = 16;
    let params = &params[..grads.len()];
    let (mut m, mut z) = ([T::zero(); L], [T::zero(); L]);
    let mut gc = grads.chunks_exact_mut(L);
    let mut pc = params.chunks_exact(L);
    for (c, p) in (&mut gc).zip(&mut pc) {
        for j in 0..L {
            c[j] *= s;
            scan_lane(&mut m[j], &mut z[j], c[j]);
            z[j] += p[j] - p[j];
        }
    }
    // NOTE: the remainder into accumulators of its own (see `scan_grads_in`).
    let (mut mr, mut zr) = (T::zero(), T::zero());
    for (g, p) in gc.into_remainder().iter_mut().zip(pc.remainder()) {
        *g *= s;
        scan_lane(&mut mr, &mut zr, *g);
        zr += *p - *p;
    }
    let (mm, zz) = scan_finish(m, z);
    let (mm, zz) = scan_finish([mm, mr], [zz, zr]);
    (zz == T::zero()).then(|| mm.to_f64())
}

/// [`Optimizer::step_finite`] on a gradient already scaled (after [`scale_check`] refused):
/// the error of the provided [`Optimizer::step_scaled`], out of line.
#[inline(never)]
fn finite_long<T: Scalar, O: Optimizer<T> + ?Sized>(
    opt: &mut O,
    params: &mut [T],
    grads: &mut [T],
) -> Result<(), StepError> {
    let grads = FiniteGrads::new(grads)?;
    opt.step_finite(params, grads)
}

/// [`FiniteGrads::scale`], then [`Optimizer::step_finite`]: the provided
/// [`Optimizer::step_scaled`], out of line, which the optimizers of this module take on more
/// than [`SMALL`] parameters or when the short way ([`Mode::Scaled`]) refused (having changed
/// nothing), to name the culprit.
#[inline(never)]
fn scaled_long<T: Scalar, O: Optimizer<T> + ?Sized>(
    opt: &mut O,
    params: &mut [T],
    grads: &mut [T],
    s: T,
) -> Result<(), StepError> {
    let grads = FiniteGrads::scale(grads, s)?;
    opt.step_finite(params, grads)
}

/// One lane of the gradient scans: the running max |g| and Σ (g − g) (0 exactly when every g
/// is finite).
#[inline(always)]
#[allow(clippy::eq_op)]
fn scan_lane<T: Scalar>(m: &mut T, z: &mut T, g: T) {
    let a = g.abs();
    *m = if *m < a { a } else { *m };
    *z += g - g;
}

/// The lanes combined: (max |g|, Σ (g − g)).
#[inline(always)]
fn scan_finish<T: Scalar, const L: usize>(m: [T; L], z: [T; L]) -> (T, T) {
    let (mut mm, mut zz) = (m[0], z[0]);
    for j in 1..L {
        mm = if mm < m[j] { m[j] } else { mm };
        zz += z[j];
    }
    (mm, zz)
}

/// max |g| and Σ (g − g) over `grads`, read only, in 16 independent lanes (vectorises); in 4
/// below 16 entries, where combining 16 lanes would cost more than the scan. From
/// [`SCAN_AVX2_MIN`] entries, compiled for AVX2 where the CPU has it.
fn scan_grads<T: Scalar>(grads: &[T]) -> (T, T) {
    if grads.len() < 16 {
        return scan_grads_in::<T, 4>(grads);
    }
    crate::kernels::if_cpu_has!(avx2 && grads.len() >= SCAN_AVX2_MIN, {
        // SAFETY: the CPU has AVX2 (asked above).
        return unsafe { scan_grads_avx2(grads) };
    });
    scan_grads_in::<T, 16>(grads)
}

/// From this many entries the gradient scans run their AVX2 instantiation where the CPU has
/// it (as the optimizers' loops do).
#[cfg(all(target_arch = "x86_64", any(feature = "std", target_feature = "avx2")))]
const SCAN_AVX2_MIN: usize = 256;

/// [`scan_grads_in`] with 16 lanes, compiled for AVX2 (no FMA: the same results).
///
/// # Safety
/// The CPU has AVX2.
#[cfg(all(target_arch = "x86_64", any(feature = "std", target_feature = "avx2")))]
#[target_feature(enable = "avx2")]
unsafe fn scan_grads_avx2<T: Scalar>(grads: &[T]) -> (T, T) {
    scan_grads_in::<T, 16>(grads)
}

/// [`scan_grads`] in `L` lanes.
#[inline(always)]
fn scan_grads_in<T: Scalar, const L: usize>(grads: &[T]) -> (T, T) {
    let (mut m, mut z) = ([T::zero(); L], [T::zero(); L]);
    let c = grads.chunks_exact(L);
    let r = c.remainder();
    for c in c {
        for j in 0..L {
            scan_lane(&mut m[j], &mut z[j], c[j]);
        }
    }
    // NOTE: the last 0 … 15 in chunks of 4 (one vector operation each), then 0 … 3 into
    // accumulators of their own: short slices (a dozen parameters) are all remainder, and
    // lanes indexed by a variable would keep `m` and `z` in memory, which made the
    // 16-codegen-unit build vectorise the main loop in pieces (issue 17).
    let (mut qm, mut qz) = ([T::zero(); 4], [T::zero(); 4]);
    let c = r.chunks_exact(4);
    let rr = c.remainder();
    for c in c {
        for j in 0..4 {
            scan_lane(&mut qm[j], &mut qz[j], c[j]);
        }
    }
    let (mut mr, mut zr) = scan_finish(qm, qz);
    for g in rr {
        scan_lane(&mut mr, &mut zr, *g);
    }
    let (mm, zz) = scan_finish(m, z);
    scan_finish([mm, mr], [zz, zr])
}

/// g ← s·g, then max |g| and Σ (g − g) of the results, in one pass of 16 lanes (4 below 16
/// entries, AVX2 from [`SCAN_AVX2_MIN`], as [`scan_grads`]).
fn scale_scan_grads<T: Scalar>(grads: &mut [T], s: T) -> (T, T) {
    if grads.len() < 16 {
        return scale_scan_grads_in::<T, 4>(grads, s);
    }
    crate::kernels::if_cpu_has!(avx2 && grads.len() >= SCAN_AVX2_MIN, {
        // SAFETY: the CPU has AVX2 (asked above).
        return unsafe { scale_scan_grads_avx2(grads, s) };
    });
    scale_scan_grads_in::<T, 16>(grads, s)
}

/// [`scale_scan_grads_in`] with 16 lanes, compiled for AVX2 (no FMA: the same bits).
///
/// # Safety
/// The CPU has AVX2.
#[cfg(all(target_arch = "x86_64", any(feature = "std", target_feature = "avx2")))]
#[target_feature(enable = "avx2")]
unsafe fn scale_scan_grads_avx2<T: Scalar>(grads: &mut [T], s: T) -> (T, T) {
    scale_scan_grads_in::<T, 16>(grads, s)
}

/// [`scale_scan_grads`] in `L` lanes.
#[inline(always)]
fn scale_scan_grads_in<T: Scalar, const L: usize>(grads: &mut [T], s: T) -> (T, T) {
    let (mut m, mut z) = ([T::zero(); L], [T::zero(); L]);
    let mut c = grads.chunks_exact_mut(L);
    for c in &mut c {
        for j in 0..L {
            c[j] *= s;
            scan_lane(&mut m[j], &mut z[j], c[j]);
        }
    }
    // NOTE: the last 0 … 15 in chunks of 4, then 0 … 3, into accumulators of their own (see
    // `scan_grads_in`).
    let (mut qm, mut qz) = ([T::zero(); 4], [T::zero(); 4]);
    let mut c = c.into_remainder().chunks_exact_mut(4);
    for c in &mut c {
        for j in 0..4 {
            c[j] *= s;
            scan_lane(&mut qm[j], &mut qz[j], c[j]);
        }
    }
    let (mut mr, mut zr) = scan_finish(qm, qz);
    for g in c.into_remainder() {
        *g *= s;
        scan_lane(&mut mr, &mut zr, *g);
    }
    let (mm, zz) = scan_finish(m, z);
    scan_finish([mm, mr], [zz, zr])
}

mod adadelta;
mod adagrad;
mod adam;
mod adamax;
mod adamw;
mod buffer;
mod engine;
mod nadam;
mod radam;
mod rmsprop;
mod rprop;
mod sgd;
mod shared;
#[cfg(test)]
mod tests;

pub use adadelta::{Adadelta, AdadeltaConfig};
pub use adagrad::{Adagrad, AdagradConfig};
pub use adam::{Adam, AdamConfig};
pub use adamax::{Adamax, AdamaxConfig};
pub use adamw::{AdamW, AdamWConfig};
pub use buffer::{FixedBuffer, ParamArray, StateBuffer, StateOf};
pub use nadam::{NAdam, NAdamConfig};
pub use radam::{RAdam, RAdamConfig};
pub use rmsprop::{RmsProp, RmsPropConfig};
pub use rprop::{Rprop, RpropConfig};
pub use sgd::{Sgd, SgdConfig};

// NOTE: private imports, visible to the optimizers' files below this one (`super::…`).
use engine::{
    Mode, Path, Pre, Proof, Range, Rule, SMALL, check_len, lerp, max, min, powf, run0, run1, run2,
    run3, sqrt, taken, valid,
};
use shared::common;
