//! The traits every generated network implements, and the layer types it is made of.

use core::mem::{MaybeUninit, size_of};

use nalgebra::{SMatrix, SVector};
use rand_core::Rng;

use crate::Scalar;
use crate::error::{LengthError, NonFiniteError};
use crate::kernels::{GEMV_MIN_WEIGHTS, LANES, affine_kernel, gemv, sum_lanes};

/// Re-exported from the kernels, where it lives beside the other instruction-set-dispatched loops.
pub use crate::kernels::sgd_update;

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
/// values lie in [`Network::params`] and how they are shaped.
///
/// Generated networks list theirs in [`Network::TENSORS`]; weight files (version 2) record them,
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
    /// Index of the tensor's first value in [`Network::params`]. The tensors follow each other
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
    /// generated network's [`Network::TENSORS`] does; the weight-file functions check it at
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

/// A network type generated by `network!`: its sizes, its forward pass and its parameters.
///
/// The sizes are associated constants and the vectors are statically sized, so a call with a
/// vector of the wrong size does not compile. Generated types also have inherent methods of the
/// same names with the concrete vector types spelled out.
pub trait Network<T: Scalar>: Flat<T> + Clone {
    /// Number of inputs.
    const INPUTS: usize;
    /// Number of outputs.
    const OUTPUTS: usize;
    /// Number of parameters (weights and biases), equal to [`Flat::LEN`].
    const PARAMS: usize;
    /// The type's name as declared (`Xor`); the expression form's unnamed type is
    /// `__TypenetNetwork`.
    const NAME: &'static str;
    /// Every parameter tensor in `state_dict` order: name, shape and offset into
    /// [`params`](Network::params). The offsets and shapes tile `params()` exactly: the first
    /// offset is 0, each next one is the previous offset plus its length, and the lengths add
    /// up to `PARAMS`.
    const TENSORS: &'static [TensorInfo];
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
    /// Re-initialises every weight from `rng` (Glorot or He uniform per layer, see
    /// [`crate::init`]) and sets every bias to zero, in place (works on a boxed network too).
    fn init<R: Rng + ?Sized>(&mut self, rng: &mut R);

    /// A network with fresh weights from `rng` (see [`init`](Network::init)), built on the stack.
    fn random<R: Rng + ?Sized>(rng: &mut R) -> Self {
        let mut net = Self::zeros();
        net.init(rng);
        net
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

/// One fully connected layer's parameters: z = Wᵀx + b.
///
/// `weight` is the seed's W, in × out: `weight[(i, j)]` is w_ij, the weight from input i to
/// neuron j. In memory (column-major) it is PyTorch's `nn.Linear.weight` (out × in, row-major),
/// followed by `bias`.
#[repr(C)]
#[derive(Clone, Debug, PartialEq)]
pub struct Dense<T, const I: usize, const O: usize> {
    /// W (in × out); `weight[(i, j)]` = w_ij, input i → neuron j.
    pub weight: SMatrix<T, I, O>,
    /// b, one per neuron.
    pub bias: SVector<T, O>,
}

/// One fully connected layer without bias: z = Wᵀx.
///
/// `weight` is laid out as in [`Dense`].
#[repr(C)]
#[derive(Clone, Debug, PartialEq)]
pub struct DenseNoBias<T, const I: usize, const O: usize> {
    /// W (in × out); `weight[(i, j)]` = w_ij, input i → neuron j.
    pub weight: SMatrix<T, I, O>,
}

impl<T: Scalar, const I: usize, const O: usize> Dense<T, I, O> {
    /// z = Wᵀx + b: one dot product per neuron along its contiguous weights. Layers of at least
    /// 256 weights go through `kernels::gemv_tn` (eight neurons at a time with AVX2 + FMA, chosen
    /// at run time with `std`); smaller ones take four neurons at a time with eight partial sums
    /// each (FMA where the target has it).
    #[inline(always)]
    pub fn affine(&self, x: &SVector<T, I>) -> SVector<T, O> {
        if I * O >= GEMV_MIN_WEIGHTS {
            return gemv(&self.weight, x) + self.bias;
        }
        SVector::from_array_storage(nalgebra::ArrayStorage([affine_kernel(
            &self.weight.data.0,
            &x.data.0[0],
            Some(&self.bias.data.0[0]),
        )]))
    }
    /// ∂E/∂x = W·∂E/∂z.
    #[inline(always)]
    pub fn input_gradient(&self, dz: &SVector<T, O>) -> SVector<T, I> {
        input_gradient(&self.weight, dz)
    }
    /// Adds this sample's parameter gradient to `grad`: ∂E/∂W += x·(∂E/∂z)ᵀ, ∂E/∂b += ∂E/∂z.
    #[inline(always)]
    pub fn accumulate(grad: &mut Self, x: &SVector<T, I>, dz: &SVector<T, O>) {
        accumulate_outer(&mut grad.weight, x, dz);
        grad.bias += dz;
    }
    /// Fills the weights from U(−bound, bound) and zeroes the bias.
    pub fn init_uniform<R: Rng + ?Sized>(&mut self, bound: f64, rng: &mut R) {
        crate::init::fill_uniform(self.weight.as_mut_slice(), bound, rng);
        self.bias.fill(T::zero());
    }
    /// Whether the gradient step with ∂E/∂z = `dz` on input `x` leaves every parameter finite
    /// (one branch-free pass, no writes).
    #[inline]
    pub fn step_is_finite(&self, x: &SVector<T, I>, dz: &SVector<T, O>, lr: T) -> bool {
        weight_step_is_finite(&self.weight, x, dz, lr)
            & self
                .bias
                .as_slice()
                .iter()
                .zip(dz.as_slice())
                .fold(true, |ok, (b, &d)| ok & (*b - lr * d).is_finite())
    }
    /// The first parameter (flat index from `offset`) whose gradient or updated value would not be
    /// finite, in `state_dict` order.
    pub fn first_non_finite_step(
        &self,
        offset: usize,
        x: &SVector<T, I>,
        dz: &SVector<T, O>,
        lr: T,
    ) -> Option<NonFiniteError> {
        first_non_finite_weight(&self.weight, offset, x, dz, lr).or_else(|| {
            let offset = offset + I * O;
            (0..O).find_map(|j| step_error(offset + j, self.bias[j], dz[j], lr))
        })
    }
    /// The gradient step θ ← θ − lr·∂E/∂θ, computed from `x` and ∂E/∂z without a gradient
    /// buffer (bit for bit the same as [`Trainable::sgd_step`] on the materialised gradient,
    /// except the sign of zero weights, below).
    ///
    /// In layers of at least 64 inputs and 256 weights, a neuron whose ∂E/∂z is ±0 (a ReLU that
    /// is off) keeps its weights untouched, without reading or writing them: their step
    /// lr·x_i·0 is ±0 for finite `x`, so the values are the same, but a weight of −0 keeps its
    /// sign where w − (−0) would give +0. (For `x` with an infinite or NaN entry the full
    /// expression would write NaN there; `train_step` refuses such a step before it gets here.)
    #[inline]
    pub fn apply_step(&mut self, x: &SVector<T, I>, dz: &SVector<T, O>, lr: T) {
        apply_weight_step(&mut self.weight, x, dz, lr);
        for (b, &d) in self.bias.as_mut_slice().iter_mut().zip(dz.as_slice()) {
            *b -= lr * d;
        }
    }
    /// The layer after [`apply_step`](Dense::apply_step), and whether all of it is finite: for
    /// small layers, computing the step once into a copy beats checking it and then applying it.
    #[inline]
    pub fn stepped(&self, x: &SVector<T, I>, dz: &SVector<T, O>, lr: T) -> (Self, bool) {
        let mut next = self.clone();
        next.apply_step(x, dz, lr);
        let finite = all_finite(next.weight.as_slice()) & all_finite(next.bias.as_slice());
        (next, finite)
    }
}

/// W·∂E/∂z: through `kernels::gemv_n` (AVX2 + FMA) for layers of at least [`GEMV_MIN_WEIGHTS`]
/// where the CPU has them, else nalgebra's product.
#[inline(always)]
#[allow(clippy::op_ref)]
fn input_gradient<T: Scalar, const I: usize, const O: usize>(
    w: &SMatrix<T, I, O>,
    dz: &SVector<T, O>,
) -> SVector<T, I> {
    if I * O >= GEMV_MIN_WEIGHTS {
        let mut y = SVector::<T, I>::zeros();
        // SAFETY: W is I × O contiguous (column stride I), dz is O contiguous values, y is I
        // values owned here.
        if unsafe { crate::kernels::gemv_n(I, O, w.as_ptr(), I, dz.as_ptr(), y.as_mut_ptr()) } {
            return y;
        }
    }
    // NOTE: through a reference on purpose: `SMatrix` is `Copy`, and `w * dz` by value copied
    // the whole matrix before the product (a 4 kB memcpy per 32 × 32 layer).
    w * dz
}

/// Whether every value is finite, branch-free.
#[inline]
fn all_finite<T: Scalar>(values: &[T]) -> bool {
    values.iter().fold(true, |ok, v| ok & v.is_finite())
}

// NOTE: the loops below work on the raw `[[T; I]; O]` storage (one `[T; I]` array per neuron)
// and copy each ∂E/∂z_j into a local first: through nalgebra's pointer-based iterators the
// compiler cannot prove the delta does not alias the weights, reloads it after every store and
// does not vectorise.
#[inline]
fn weight_step_is_finite<T: Scalar, const I: usize, const O: usize>(
    w: &SMatrix<T, I, O>,
    x: &SVector<T, I>,
    dz: &SVector<T, O>,
    lr: T,
) -> bool {
    let x = &x.data.0[0];
    w.data
        .0
        .iter()
        .zip(dz.as_slice())
        .fold(true, |ok, (col, &d)| {
            if I >= 8 {
                ok & column_step_is_finite(col, x, d, lr)
            } else {
                col.iter()
                    .zip(x)
                    .fold(ok, |ok, (w, xi)| ok & (*w - lr * (*xi * d)).is_finite())
            }
        })
}

fn first_non_finite_weight<T: Scalar, const I: usize, const O: usize>(
    w: &SMatrix<T, I, O>,
    offset: usize,
    x: &SVector<T, I>,
    dz: &SVector<T, O>,
    lr: T,
) -> Option<NonFiniteError> {
    (0..O).find_map(|j| {
        (0..I).find_map(|i| step_error(offset + j * I + i, w[(i, j)], x[i] * dz[j], lr))
    })
}

fn step_error<T: Scalar>(index: usize, p: T, g: T, lr: T) -> Option<NonFiniteError> {
    if !g.is_finite() {
        Some(NonFiniteError::Gradient { index })
    } else if !(p - lr * g).is_finite() {
        Some(NonFiniteError::Parameter { index })
    } else {
        None
    }
}

/// g += x·dzᵀ, on the raw column-major slice.
#[inline]
fn accumulate_outer<T: Scalar, const I: usize, const O: usize>(
    g: &mut SMatrix<T, I, O>,
    x: &SVector<T, I>,
    dz: &SVector<T, O>,
) {
    if I >= 8 && I * O >= GEMV_MIN_WEIGHTS {
        crate::kernels::rank1(g.as_mut_slice(), &x.data.0[0], dz.as_slice(), None);
        return;
    }
    let x = &x.data.0[0];
    for (col, &d) in g.data.0.iter_mut().zip(dz.as_slice()) {
        if I >= 8 {
            column_accumulate(col, x, d);
        } else {
            for (g, xi) in col.iter_mut().zip(x) {
                *g += *xi * d;
            }
        }
    }
}

#[inline]
fn apply_weight_step<T: Scalar, const I: usize, const O: usize>(
    w: &mut SMatrix<T, I, O>,
    x: &SVector<T, I>,
    dz: &SVector<T, O>,
    lr: T,
) {
    if I >= 8 && I * O >= GEMV_MIN_WEIGHTS {
        crate::kernels::rank1(w.as_mut_slice(), &x.data.0[0], dz.as_slice(), Some(lr));
        return;
    }
    let x = &x.data.0[0];
    for (col, &d) in w.data.0.iter_mut().zip(dz.as_slice()) {
        if I >= 8 {
            column_step(col, x, d, lr);
        } else {
            for (w, xi) in col.iter_mut().zip(x) {
                *w -= lr * (*xi * d);
            }
        }
    }
}

// NOTE: the three column helpers below are kept out of line for layers of 8 inputs or more:
// inlined into the loop over neurons, LLVM fully unrolls the column and then vectorises across
// neurons (strided gathers and scatters, about 3× the instructions) instead of along the
// contiguous column.

/// One neuron's weights: w ← w − lr·(x·d).
#[inline(never)]
fn column_step<T: Scalar, const I: usize>(col: &mut [T; I], x: &[T; I], d: T, lr: T) {
    for (w, xi) in col.iter_mut().zip(x) {
        *w -= lr * (*xi * d);
    }
}

impl<T: Scalar, const I: usize, const O: usize> DenseNoBias<T, I, O> {
    /// z = Wᵀx (see [`Dense::affine`]).
    #[inline(always)]
    pub fn affine(&self, x: &SVector<T, I>) -> SVector<T, O> {
        if I * O >= GEMV_MIN_WEIGHTS {
            return gemv(&self.weight, x);
        }
        SVector::from_array_storage(nalgebra::ArrayStorage([affine_kernel(
            &self.weight.data.0,
            &x.data.0[0],
            None,
        )]))
    }
    /// ∂E/∂x = W·∂E/∂z.
    #[inline(always)]
    pub fn input_gradient(&self, dz: &SVector<T, O>) -> SVector<T, I> {
        input_gradient(&self.weight, dz)
    }
    /// Adds this sample's parameter gradient to `grad`: ∂E/∂W += x·(∂E/∂z)ᵀ.
    #[inline(always)]
    pub fn accumulate(grad: &mut Self, x: &SVector<T, I>, dz: &SVector<T, O>) {
        accumulate_outer(&mut grad.weight, x, dz);
    }
    /// Fills the weights from U(−bound, bound).
    pub fn init_uniform<R: Rng + ?Sized>(&mut self, bound: f64, rng: &mut R) {
        crate::init::fill_uniform(self.weight.as_mut_slice(), bound, rng);
    }
    /// Whether the gradient step leaves every weight finite (see [`Dense::step_is_finite`]).
    #[inline]
    pub fn step_is_finite(&self, x: &SVector<T, I>, dz: &SVector<T, O>, lr: T) -> bool {
        weight_step_is_finite(&self.weight, x, dz, lr)
    }
    /// The first weight whose gradient or updated value would not be finite (see
    /// [`Dense::first_non_finite_step`]).
    pub fn first_non_finite_step(
        &self,
        offset: usize,
        x: &SVector<T, I>,
        dz: &SVector<T, O>,
        lr: T,
    ) -> Option<NonFiniteError> {
        first_non_finite_weight(&self.weight, offset, x, dz, lr)
    }
    /// The gradient step without a gradient buffer (see [`Dense::apply_step`]).
    #[inline]
    pub fn apply_step(&mut self, x: &SVector<T, I>, dz: &SVector<T, O>, lr: T) {
        apply_weight_step(&mut self.weight, x, dz, lr);
    }
    /// The layer after the step, and whether it is all finite (see [`Dense::stepped`]).
    #[inline]
    pub fn stepped(&self, x: &SVector<T, I>, dz: &SVector<T, O>, lr: T) -> (Self, bool) {
        let mut next = self.clone();
        next.apply_step(x, dz, lr);
        let finite = all_finite(next.weight.as_slice());
        (next, finite)
    }
}

/// One layer's values in a forward pass: pre-activation `z` and activation `a = g(z)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayerTrace<T, const N: usize> {
    /// The pre-activation z = Wᵀx + b.
    pub z: SVector<T, N>,
    /// The activation a = g(z), the layer's output.
    pub a: SVector<T, N>,
}

/// Whether w − lr·(x·d) is finite for one neuron's weights.
#[inline(never)]
fn column_step_is_finite<T: Scalar, const I: usize>(col: &[T; I], x: &[T; I], d: T, lr: T) -> bool {
    col.iter()
        .zip(x)
        .fold(true, |ok, (w, xi)| ok & (*w - lr * (*xi * d)).is_finite())
}

/// One neuron's gradient: g += x·d.
#[inline(never)]
fn column_accumulate<T: Scalar, const I: usize>(col: &mut [T; I], x: &[T; I], d: T) {
    for (g, xi) in col.iter_mut().zip(x) {
        *g += *xi * d;
    }
}
