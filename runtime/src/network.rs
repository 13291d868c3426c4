//! The traits every generated network implements, and the layer types it is made of.

use core::mem::{MaybeUninit, size_of};

use nalgebra::SVector;
use rand_core::Rng;

use crate::Scalar;
use crate::error::{LengthError, NonFiniteError};
use crate::kernels::{LANES, sum_lanes};
use crate::summary::{LayerInfo, Summary};

// NOTE: defined in `kernels/sgd.rs`, beside the other instruction-set-dispatched loops.
pub use crate::kernels::sgd_update;
// NOTE: defined in `layers/dense.rs`, where each layer kind has its file; this path stays.
pub use crate::layers::dense::{Dense, DenseNoBias};

/// A value that is, in memory, exactly `LEN` consecutive values of `T`: a network's parameters or
/// its gradients. This is what lets every parameter be read and written as one flat slice without
/// copying.
///
/// The flat order is PyTorch's `state_dict` order: layer by layer, the weight as an
/// (out × in) row-major matrix, then the bias. typenet stores each weight as the seed's
/// W (in × out, `w[(i, j)]` = w_ij from input i to neuron j) in nalgebra's column-major order,
/// which is the same memory.
///
/// # Safety
/// An implementor must be `#[repr(C)]` or `#[repr(transparent)]` and consist of exactly `LEN`
/// values of `T`, contiguous, with no padding and no other non-zero-sized fields; every bit
/// pattern that is `LEN` valid `T`s must be a valid `Self`. The `network!` macro guarantees this
/// for the types it generates (and the provided methods re-check the size at compile time).
pub unsafe trait Flat<T: Scalar>: Sized {
    /// The number of scalars.
    const LEN: usize;

    /// All values as one slice, without copying.
    #[inline(always)]
    fn as_slice(&self) -> &[T] {
        const { assert!(size_of::<Self>() == Self::LEN * size_of::<T>()) };
        // SAFETY: by the trait's contract `Self` is `LEN` contiguous `T`s.
        unsafe { core::slice::from_raw_parts((self as *const Self).cast::<T>(), Self::LEN) }
    }

    /// All values as one mutable slice, without copying.
    #[inline(always)]
    fn as_mut_slice(&mut self) -> &mut [T] {
        const { assert!(size_of::<Self>() == Self::LEN * size_of::<T>()) };
        // SAFETY: by the trait's contract `Self` is `LEN` contiguous `T`s, and any values are valid.
        unsafe { core::slice::from_raw_parts_mut((self as *mut Self).cast::<T>(), Self::LEN) }
    }

    /// Every value set to `value`.
    ///
    /// This builds `Self` on the stack; for very large networks use
    /// [`boxed_filled`](Flat::boxed_filled) (with the `alloc` feature).
    #[inline]
    fn filled(value: T) -> Self {
        const { assert!(size_of::<Self>() == Self::LEN * size_of::<T>()) };
        let mut out = MaybeUninit::<Self>::uninit();
        let p = out.as_mut_ptr().cast::<T>();
        for i in 0..Self::LEN {
            // SAFETY: `i < LEN`, inside `Self`, and `T` is `Copy` (no drop of the old value).
            unsafe { p.add(i).write(value) };
        }
        // SAFETY: all `LEN` values are initialised, which by the contract makes a valid `Self`.
        unsafe { out.assume_init() }
    }

    /// Every value zero.
    #[inline]
    fn zeros() -> Self {
        Self::filled(T::zero())
    }

    /// Builds `Self` from exactly `LEN` values, in flat order.
    fn from_slice(values: &[T]) -> Result<Self, LengthError> {
        if values.len() != Self::LEN {
            return Err(LengthError {
                expected: Self::LEN,
                found: values.len(),
            });
        }
        let mut out = Self::zeros();
        out.as_mut_slice().copy_from_slice(values);
        Ok(out)
    }

    /// Every value set to `value`, built directly on the heap (never on the stack).
    ///
    /// Use this for networks too large for a thread's stack (a 784-128-10 network in `f64` is
    /// 814 kB).
    #[cfg(feature = "alloc")]
    fn boxed_filled(value: T) -> alloc::boxed::Box<Self> {
        const { assert!(size_of::<Self>() == Self::LEN * size_of::<T>()) };
        let mut b = alloc::boxed::Box::<Self>::new_uninit();
        let p = b.as_mut_ptr().cast::<T>();
        for i in 0..Self::LEN {
            // SAFETY: as in `filled`.
            unsafe { p.add(i).write(value) };
        }
        // SAFETY: all `LEN` values are initialised.
        unsafe { b.assume_init() }
    }

    /// Every value zero, built directly on the heap.
    #[cfg(feature = "alloc")]
    fn boxed_zeros() -> alloc::boxed::Box<Self> {
        Self::boxed_filled(T::zero())
    }

    /// Builds `Self` on the heap from exactly `LEN` values, in flat order.
    #[cfg(feature = "alloc")]
    fn boxed_from_slice(values: &[T]) -> Result<alloc::boxed::Box<Self>, LengthError> {
        if values.len() != Self::LEN {
            return Err(LengthError {
                expected: Self::LEN,
                found: values.len(),
            });
        }
        let mut out = Self::boxed_zeros();
        out.as_mut_slice().copy_from_slice(values);
        Ok(out)
    }
}

/// Reinterprets `N` values as the [`Flat`] type `F`, in a `const` context: what lets a trained
/// network be a `const` or `static` whose weights live in flash.
///
/// Generated types call this from their `const fn from_array`.
///
/// # Safety
/// `F` must implement [`Flat<T>`] with `LEN == N` (its contract then makes the cast sound); the
/// sizes are re-checked, and a mismatch panics (at compile time in a `const`).
pub const unsafe fn flat_from_array<T: Copy, F, const N: usize>(values: [T; N]) -> F {
    use core::mem::ManuallyDrop;
    #[repr(C)]
    union Cast<A, B> {
        from: ManuallyDrop<A>,
        to: ManuallyDrop<B>,
    }
    assert!(
        size_of::<F>() == size_of::<[T; N]>(),
        "flat_from_array: sizes differ"
    );
    // SAFETY: same size (checked), and by the caller's guarantee every `[T; N]` is a valid `F`.
    unsafe {
        ManuallyDrop::into_inner(
            Cast::<[T; N], F> {
                from: ManuallyDrop::new(values),
            }
            .to,
        )
    }
}

/// One tensor of a network's parameters, as PyTorch's `state_dict` would list it: where its
/// values lie in [`Parameters::params`] and how they are shaped.
///
/// Generated networks list theirs in [`Parameters::TENSORS`]; weight files (version 2) record them,
/// so a file for another architecture is refused even when the parameter count matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TensorInfo {
    /// The tensor's name, as in PyTorch: the layer's field name, a dot, and `weight` or `bias`
    /// (`layer1.weight`, `hidden.bias`). Layers inside residual blocks are named like any other
    /// (`layer2.weight`): the struct's fields are flat.
    pub name: &'static str,
    /// The dimensions in PyTorch order: a weight is `[out, in]` (row-major: one row per neuron),
    /// a bias `[out]`.
    pub shape: &'static [usize],
    /// Index of the tensor's first value in [`Parameters::params`]. The tensors follow each other
    /// without gaps, in `state_dict` order, and together cover every parameter.
    pub offset: usize,
}

impl TensorInfo {
    /// The number of values, the product of the dimensions (saturating at `usize::MAX`).
    pub const fn len(&self) -> usize {
        let mut n: usize = 1;
        let mut i = 0;
        while i < self.shape.len() {
            n = n.saturating_mul(self.shape[i]);
            i += 1;
        }
        n
    }

    /// Whether the tensor holds no values (a dimension is zero).
    pub const fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether `tensors` tile `len` flat values exactly: the first starts at 0, each next one
    /// where the previous ends, and the last ends at `len` (no tensors for `len == 0`). Every
    /// generated network's [`Parameters::TENSORS`] does; the weight-file functions check it at
    /// compile time for hand-written implementations.
    pub const fn tile(tensors: &[TensorInfo], len: usize) -> bool {
        let mut end = 0usize;
        let mut i = 0;
        while i < tensors.len() {
            if tensors[i].offset != end {
                return false;
            }
            end = match end.checked_add(tensors[i].len()) {
                Some(e) => e,
                None => return false,
            };
            i += 1;
        }
        end == len
    }

    /// The tensor's values within a network's flat parameters (or gradients).
    ///
    /// `None` if `params` is too short, which cannot happen for the `params()` of the network
    /// that lists this tensor.
    pub fn values<'a, T>(&self, params: &'a [T]) -> Option<&'a [T]> {
        params.get(self.offset..self.offset.checked_add(self.len())?)
    }
}

/// What every network type generated by `network!` has, feed-forward or sequence: its sizes, its
/// named parameter tensors and its parameters as one flat slice, their initialisation and a
/// summary. The code that needs only the parameters (safetensors, weight files and export,
/// summaries, checkpoints, early stopping, optimizers) is bounded by this trait.
pub trait Parameters<T: Scalar>: Flat<T> + Clone {
    /// Number of inputs (of one sample, or of one step of a sequence).
    const INPUTS: usize;
    /// Number of outputs.
    const OUTPUTS: usize;
    /// Number of parameters (weights and biases), equal to [`Flat::LEN`].
    const PARAMS: usize;
    /// The type's name as declared (`Xor`); the expression form's unnamed type is
    /// `__TypenetNetwork`.
    const NAME: &'static str;
    /// Every parameter tensor in `state_dict` order: name, shape and offset into
    /// [`params`](Parameters::params). The offsets and shapes tile `params()` exactly: the first
    /// offset is 0, each next one is the previous offset plus its length, and the lengths add
    /// up to `PARAMS`.
    const TENSORS: &'static [TensorInfo];
    /// Every stage of the computation in forward order: kind, name, sizes, activation and
    /// parameter count ([`LayerInfo`]), what [`summary`](Parameters::summary) prints. Generated
    /// networks list theirs; the default, for hand-written implementations that predate it, is
    /// empty (their summary then shows only the total).
    const LAYERS: &'static [LayerInfo] = &[];
    /// What [`summary`](Parameters::summary) returns, for the type: `Xor::<f32>::SUMMARY`
    /// (a `const`, so it is available in `no_std` and at compile time).
    const SUMMARY: Summary = Summary {
        name: Self::NAME,
        inputs: Self::INPUTS,
        layers: Self::LAYERS,
        params: Self::PARAMS,
    };

    /// Re-initialises every parameter from `rng`, in place (works on a boxed network too):
    /// dense layers Glorot or He uniform with zero biases (see [`crate::init`]), GRU, LSTM and
    /// Conv1D layers PyTorch's uniform initialisation.
    fn init<R: Rng + ?Sized>(&mut self, rng: &mut R);

    /// A network with fresh weights from `rng` (see [`init`](Parameters::init)), built on the
    /// stack.
    fn random<R: Rng + ?Sized>(rng: &mut R) -> Self {
        let mut net = Self::zeros();
        net.init(rng);
        net
    }

    /// A printable summary like Keras's `model.summary()`: every layer's kind, output size,
    /// activation and parameter count, the total and its size in bytes as `f32` and `f64`
    /// (`println!("{}", net.summary())`; see [`crate::summary`]). The same value without a
    /// network in hand: [`SUMMARY`](Parameters::SUMMARY).
    fn summary(&self) -> Summary {
        Self::SUMMARY
    }

    /// Every parameter as one slice in PyTorch `state_dict` order, without copying.
    #[inline(always)]
    fn params(&self) -> &[T] {
        self.as_slice()
    }
    /// Every parameter as one mutable slice in PyTorch `state_dict` order, without copying.
    #[inline(always)]
    fn params_mut(&mut self) -> &mut [T] {
        self.as_mut_slice()
    }
    /// Builds the network from `PARAMS` values in `state_dict` order.
    fn from_params(values: &[T]) -> Result<Self, LengthError> {
        Self::from_slice(values)
    }
}

/// A feed-forward network type generated by `network!`: its one-sample forward pass, on top of
/// its [`Parameters`].
///
/// The sizes are associated constants and the vectors are statically sized, so a call with a
/// vector of the wrong size does not compile. Generated types also have inherent methods of the
/// same names with the concrete vector types spelled out. A network with GRU, LSTM or Conv1D
/// layers is a sequence network instead ([`crate::sequence::Recurrent`]).
pub trait Network<T: Scalar>: Parameters<T> {
    /// The input vector, `SVector<T, INPUTS>`.
    type Input: Clone;
    /// The output vector, `SVector<T, OUTPUTS>`.
    type Output: Clone;
    /// Every layer's pre-activation `z` and activation `a` for one forward pass.
    type Trace;
    /// The Jacobian of the outputs with respect to the inputs, `SMatrix<T, OUTPUTS, INPUTS>`.
    type InputJacobian;

    /// The network's output for one input.
    fn forward(&self, x: &Self::Input) -> Self::Output;
    /// One forward pass, keeping every layer's `z` and `a`.
    fn forward_trace(&self, x: &Self::Input) -> Self::Trace;
    /// ∂y/∂x at `x`: entry (k, i) says how much output k moves per unit of input i (the seed's
    /// "neuron importance").
    fn input_jacobian(&self, x: &Self::Input) -> Self::InputJacobian;
}

/// A network with a loss: it can be trained.
///
/// Networks declared without a `loss = …` clause are inference-only and do not implement this;
/// calling a training method on one is a compile error that says to add the clause.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be trained: it has no loss",
    label = "an inference-only network: its definition has no `loss = …` clause",
    note = "add a loss after the layers in its `network!` definition: `…; loss = MSE` (or `MAE`, `Huber`, `CrossEntropy`, `BCE`)"
)]
pub trait Trainable<T: Scalar>: Network<T> {
    /// The target vector, `SVector<T, OUTPUTS>`.
    type Target: Clone;
    /// Gradients: same shape and names as the network's parameters, and [`Flat`].
    type Gradients: Flat<T> + Clone;

    /// The loss of one sample.
    fn loss(&self, x: &Self::Input, target: &Self::Target) -> T;

    /// Adds the gradient of one sample's loss to `grads` and returns the loss.
    ///
    /// Adding (rather than overwriting) lets a minibatch accumulate into one buffer.
    fn backward_into(
        &self,
        x: &Self::Input,
        target: &Self::Target,
        grads: &mut Self::Gradients,
    ) -> T;

    /// The loss of one sample and its gradient with respect to every parameter.
    #[inline]
    fn backward(&self, x: &Self::Input, target: &Self::Target) -> (T, Self::Gradients) {
        let mut g = Self::Gradients::zeros();
        let loss = self.backward_into(x, target, &mut g);
        (loss, g)
    }

    /// The loss of one sample and its gradient, with the gradient built on the heap (feature
    /// `alloc`): for networks too large for the stack. [`backward`](Trainable::backward) returns
    /// the gradients by value, which a debug build copies several times on the stack (more than
    /// 2 MiB for a 784-128-10 network in `f64`); this writes them into a box through
    /// [`backward_into`](Trainable::backward_into), whose stack use does not grow with the
    /// number of parameters.
    ///
    /// To reuse one buffer across samples, zero it (`grads.as_mut_slice().fill(T::zero())`)
    /// and call `backward_into` directly.
    #[cfg(feature = "alloc")]
    fn backward_boxed(
        &self,
        x: &Self::Input,
        target: &Self::Target,
    ) -> (T, alloc::boxed::Box<Self::Gradients>) {
        let mut g = Self::Gradients::boxed_zeros();
        let loss = self.backward_into(x, target, &mut g);
        (loss, g)
    }

    /// Plain gradient descent, θ ← θ − lr·∇E, on every parameter.
    ///
    /// If any gradient entry or updated parameter would be NaN or infinite, nothing is changed and
    /// the error says where.
    fn sgd_step(&mut self, grads: &Self::Gradients, lr: T) -> Result<(), NonFiniteError> {
        sgd_update(self.params_mut(), grads.as_slice(), lr)
    }

    /// One training step on one sample: backward, then [`sgd_step`](Trainable::sgd_step).
    /// Returns the loss before the step.
    fn train_step(
        &mut self,
        x: &Self::Input,
        target: &Self::Target,
        lr: T,
    ) -> Result<T, NonFiniteError> {
        let (loss, g) = self.backward(x, target);
        if !loss.is_finite() {
            return Err(NonFiniteError::Loss);
        }
        self.sgd_step(&g, lr)?;
        Ok(loss)
    }
}

/// Whether one layer's gradient step, θ ← θ − lr·∂E/∂θ with ∂E/∂W = x·(∂E/∂z)ᵀ and
/// ∂E/∂b = ∂E/∂z, provably leaves every parameter of the layer finite, judged from the layer's
/// input `x`, pre-activation `z` and ∂E/∂z alone, in O(in + out).
///
/// `true` guarantees the step is finite; `false` only means this test cannot tell (the caller
/// then checks every weight). The argument:
/// - Every weight and bias is finite: a non-finite w_ij or b_j makes z_j non-finite whatever x
///   is (∞·0 and NaN·x are NaN, ∞·x ≠ 0 is ∞), so Σ|z| finite rules it out.
/// - Every update is small: |lr·(x_i·d_j)| ≤ |lr|·Σ|x|·Σ|d| ≤ 2⁶⁴ (checked, with sums that carry
///   any NaN or ∞ in x, d or lr into the comparison, which then fails).
/// - A finite value moved by at most 2⁶⁴ cannot overflow: overflow needs the exact result to
///   pass the largest finite value by half its ulp, 2¹⁰³ in f32 and 2⁹⁷⁰ in f64.
#[inline]
pub fn step_bound_holds<T: Scalar, const I: usize, const O: usize>(
    x: &SVector<T, I>,
    z: &SVector<T, O>,
    dz: &SVector<T, O>,
    lr: T,
    bias: bool,
) -> bool {
    let limit = T::lit(18_446_744_073_709_551_616.0); // 2⁶⁴
    let (sx, sz, sd) = (
        sum_abs(x.as_slice()),
        sum_abs(z.as_slice()),
        sum_abs(dz.as_slice()),
    );
    let step = lr.abs() * sd;
    // NOTE: comparisons with NaN are false, so a NaN anywhere fails the test.
    sz.is_finite() && step * sx <= limit && (!bias || step <= limit)
}

/// Σ|vᵢ| in eight interleaved partial sums: the compiler keeps them in vector registers, where
/// one running sum would be a chain of dependent additions (3 cycles each, 32 in a row for a
/// 32-neuron layer). The order changes the rounding of the sum, which only feeds the bounds of
/// [`step_bound_holds`] (any order carries a NaN or an ∞ through, since every term is ≥ 0).
#[inline(always)]
fn sum_abs<T: Scalar>(v: &[T]) -> T {
    let (chunks, tail) = v.as_chunks::<LANES>();
    let mut acc = [T::zero(); LANES];
    for c in chunks {
        for l in 0..LANES {
            acc[l] += c[l].abs();
        }
    }
    sum_lanes(&acc) + tail.iter().fold(T::zero(), |s, e| s + e.abs())
}

/// One layer's values in a forward pass: pre-activation `z` and activation `a = g(z)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayerTrace<T, const N: usize> {
    /// The pre-activation z = Wᵀx + b.
    pub z: SVector<T, N>,
    /// The activation a = g(z), the layer's output.
    pub a: SVector<T, N>,
}

/// A value on a 64-byte boundary (one cache line): `CacheAligned(net)` or, for a network too
/// large for the stack, [`CacheAligned::boxed_zeros`]. It dereferences to the value, so
/// `aligned.forward(&x)` calls the network's own `forward`.
///
/// Why: a network's weights start where the network does, and a heap allocation is only 16-byte
/// aligned by `malloc`. Each row of a layer with a multiple of 16 `f32` inputs (784 → 128: rows of
/// 3,136 bytes) then starts at the same offset in its cache line, and at 16 bytes past a line
/// half of the 32-byte loads of the one-sample product straddle two lines. The 784 → 128 → 10
/// forward pass reads its 401 KB of weights from L2 at about 3.8 µs through a [`Flat::boxed_zeros`]
/// box and 3.56 µs from a `CacheAligned` one (Zen 4, x86-64-v3 build, `benches/profiles`, same
/// run; `BENCHMARKS.md`, "Against RTNeural"). Small networks gain nothing measurable.
///
/// Not itself [`Flat`]: the alignment pads it to a multiple of 64 bytes. Its
/// [`as_slice`](Flat::as_slice) and the other flat views are the inner network's (`aligned.0`, or
/// through `Deref`).
#[repr(C, align(64))]
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CacheAligned<N>(pub N);

impl<N> core::ops::Deref for CacheAligned<N> {
    type Target = N;

    #[inline(always)]
    fn deref(&self) -> &N {
        &self.0
    }
}

impl<N> core::ops::DerefMut for CacheAligned<N> {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut N {
        &mut self.0
    }
}

#[cfg(feature = "alloc")]
impl<N> CacheAligned<N> {
    /// Every value of the inner [`Flat`] network set to `value`, built directly on the heap
    /// (never on the stack), on a 64-byte boundary.
    pub fn boxed_filled<T: Scalar>(value: T) -> alloc::boxed::Box<Self>
    where
        N: Flat<T>,
    {
        const { assert!(size_of::<N>() == N::LEN * size_of::<T>()) };
        let mut b = alloc::boxed::Box::<Self>::new_uninit();
        // NOTE: `#[repr(C)]` puts the one field at offset 0; the bytes after it are padding,
        // which need not be initialised.
        let p = b.as_mut_ptr().cast::<T>();
        for i in 0..N::LEN {
            // SAFETY: `i < LEN`, inside the field (`LEN` contiguous `T`s by `Flat`'s contract),
            // and `T` is `Copy` (no drop of the old value).
            unsafe { p.add(i).write(value) };
        }
        // SAFETY: the field's `LEN` values are initialised, which by `Flat`'s contract makes a
        // valid `N`; the rest is padding.
        unsafe { b.assume_init() }
    }

    /// Every value of the inner [`Flat`] network zero, built directly on the heap, on a
    /// 64-byte boundary.
    pub fn boxed_zeros<T: Scalar>() -> alloc::boxed::Box<Self>
    where
        N: Flat<T>,
    {
        Self::boxed_filled(T::zero())
    }
}

/// The flat views of [`Flat`]'s provided methods on a hand-written implementor (the raw-pointer
/// code, run under Miri too: `cargo +nightly miri test -p typenet-runtime --lib flat`).
#[cfg(test)]
mod flat_tests {
    use super::*;

    /// Two "tensors" of 3 and 2 values, `#[repr(C)]`: 5 contiguous `f32`s.
    #[repr(C)]
    #[derive(Clone, Debug, PartialEq)]
    struct Two {
        w: [f32; 3],
        b: [f32; 2],
    }

    // SAFETY: `#[repr(C)]`, two `f32` arrays and nothing else, no padding (alignment 4).
    unsafe impl Flat<f32> for Two {
        const LEN: usize = 5;
    }

    #[test]
    fn flat_views_read_and_write_every_field() {
        let mut t = Two::zeros();
        assert_eq!(t.as_slice(), &[0.0; 5]);
        t.as_mut_slice().copy_from_slice(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(t.w, [1.0, 2.0, 3.0]);
        assert_eq!(t.b, [4.0, 5.0]);
        assert_eq!(Two::filled(7.5).as_slice(), &[7.5; 5]);
        let u = Two::from_slice(&[5.0, 4.0, 3.0, 2.0, 1.0]).unwrap();
        assert_eq!((u.w, u.b), ([5.0, 4.0, 3.0], [2.0, 1.0]));
        assert_eq!(
            Two::from_slice(&[1.0; 4]),
            Err(LengthError {
                expected: 5,
                found: 4
            })
        );
        #[cfg(feature = "alloc")]
        {
            let mut bx = Two::boxed_filled(-1.0);
            assert_eq!(bx.as_slice(), &[-1.0; 5]);
            bx.as_mut_slice()[4] = 9.0;
            assert_eq!(bx.b, [-1.0, 9.0]);
            let by = Two::boxed_from_slice(t.as_slice()).unwrap();
            assert_eq!(*by, t);
        }
    }

    #[test]
    fn cache_aligned_sits_on_64_bytes_and_reads_as_the_inner_value() {
        let mut a = CacheAligned(Two::filled(2.0));
        assert_eq!(core::mem::align_of_val(&a), 64);
        assert_eq!(&a.w as *const _ as usize % 64, 0);
        a.as_mut_slice()[0] = 3.0;
        assert_eq!(a.as_slice(), &[3.0, 2.0, 2.0, 2.0, 2.0]);
        #[cfg(feature = "alloc")]
        {
            let mut bx = CacheAligned::<Two>::boxed_filled(-1.0);
            assert_eq!(&bx.w as *const _ as usize % 64, 0);
            assert_eq!(bx.as_slice(), &[-1.0; 5]);
            bx.b[1] = 9.0;
            assert_eq!(bx.as_slice(), &[-1.0, -1.0, -1.0, -1.0, 9.0]);
            let bz = CacheAligned::<Two>::boxed_zeros::<f32>();
            assert_eq!(bz.0, Two::zeros());
        }
    }
}
