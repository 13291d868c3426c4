//! The dense layer, [`Dense`] (z = Wᵀx + b) and [`DenseNoBias`] (z = Wᵀx): its storage and
//! everything the generated code calls on it, in one place: the one-sample methods (affine map,
//! input gradient, the fused SGD step of its weights), the batched ones (one sample per column,
//! through the matrix-matrix kernels) and the second-order one ([`accumulate_weight`]).
//!
//! The traits it serves stay with their concerns: [`Network`](crate::Network),
//! [`Trainable`](crate::Trainable) and [`Flat`](crate::Flat) in [`network`](crate::network),
//! [`Batched`](crate::Batched) in [`batch`](crate::batch).

use nalgebra::{Const, Dim, Matrix, SMatrix, SVector, Storage, StorageMut, U1};
use rand_core::Rng;

use crate::Scalar;
use crate::error::NonFiniteError;
use crate::kernels::{
    GEMV_MIN_WEIGHTS, affine_fixed, affine_fixed_isa, affine_kernel, affine_unrolled, gemv,
};

// One sample.

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
    /// z = Wᵀx + b: one dot product per neuron along its contiguous weights. In `f32` with AVX2
    /// and FMA (chosen at run time with `std`), layers of up to 131,072 weights take a kernel
    /// whose loops have compile-time trip counts (eight neurons at a time, reduced together);
    /// otherwise layers of at least 256 weights go through `kernels::gemv_tn`, and smaller
    /// ones take four neurons at a time with eight partial sums each (FMA where the target has
    /// it).
    #[inline(always)]
    pub fn affine(&self, x: &SVector<T, I>) -> SVector<T, O> {
        let mut z = [T::zero(); O];
        let (w, xs, b) = (&self.weight.data.0, &x.data.0[0], &self.bias.data.0[0]);
        if affine_fixed(w, xs, Some(b), &mut z) {
            return SVector::from_array_storage(nalgebra::ArrayStorage([z]));
        }
        self.affine_rest(x)
    }
    /// [`affine`](Self::affine) inside a generated forward pass's copy for instruction set
    /// `ISA` (0 the build's baseline, 1 AVX2 + FMA, 2 AVX-512 F): the same values, with the
    /// AVX2 product inlined into the copy instead of chosen at run time (issue 17).
    ///
    /// # Safety
    /// For `ISA` ≥ 1 the caller is compiled with AVX2 and FMA (and so runs on a CPU with them).
    #[doc(hidden)]
    #[inline(always)]
    pub unsafe fn affine_isa<const ISA: u8>(&self, x: &SVector<T, I>) -> SVector<T, O> {
        let mut z = [T::zero(); O];
        let (w, xs, b) = (&self.weight.data.0, &x.data.0[0], &self.bias.data.0[0]);
        // SAFETY: the caller's contract is affine_fixed_isa's.
        if unsafe { affine_fixed_isa::<ISA, T, I, O>(w, xs, Some(b), &mut z) } {
            return SVector::from_array_storage(nalgebra::ArrayStorage([z]));
        }
        self.affine_rest(x)
    }
    /// [`affine`](Self::affine) where the compile-time-sized product declined.
    #[inline(always)]
    fn affine_rest(&self, x: &SVector<T, I>) -> SVector<T, O> {
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
    /// buffer (bit for bit the same as [`Trainable::sgd_step`](crate::Trainable::sgd_step) on the materialised gradient,
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

/// z = Wᵀx (+ b) of a dense layer that the generated code unrolls, or `None`: where the build
/// targets AVX2 (`-C target-cpu=x86-64-v3` or `native`), `f32` layers of 2, 4 or 8 inputs take
/// their products in the weights' memory order and their sums by horizontal additions, in the
/// same pairs as the unrolled code's sums (see `lane_sum` in `typenet-macros`), so the values
/// are the same (NaN payloads aside, which Rust leaves unspecified); `None` for everything else,
/// where the generated code runs its unrolled sums. `w` is the layer's weights (one row of I
/// per neuron), `x` its input. Not API: generated code calls it.
#[doc(hidden)]
#[inline(always)]
pub fn unrolled_affine<T: Scalar, const I: usize, const O: usize>(
    w: &[[T; I]; O],
    x: &[T; I],
    bias: Option<&[T; O]>,
) -> Option<[T; O]> {
    affine_unrolled(w, x, bias)
}

/// [`unrolled_affine`] in the generated `forward`'s copy for instruction set `ISA` (the
/// `__ISA` of its `__forward`: 0 the build's baseline, 1 AVX2 + FMA, 2 AVX-512 F). For `ISA` ≥ 1
/// on x86-64, `f32` layers of 2, 4 or 8 inputs take the AVX2 products and horizontal sums
/// whatever the build targets, as a build for AVX2 does (the same values as the unrolled sums);
/// for `ISA` 0, [`unrolled_affine`]. Not API: generated code calls it.
///
/// # Safety
/// For `ISA` ≥ 1, the caller is compiled with AVX2 (`#[target_feature(enable = "avx2")]`, as
/// the generated `__forward_avx2_fma` and `__forward_avx512` are, or a build for it), so the CPU
/// running it has AVX2; this is `#[inline(always)]`, so the AVX2 code is compiled into that
/// caller. `ISA` 0 asks nothing.
#[doc(hidden)]
#[inline(always)]
pub unsafe fn unrolled_affine_isa<const ISA: u8, T: Scalar, const I: usize, const O: usize>(
    w: &[[T; I]; O],
    x: &[T; I],
    bias: Option<&[T; O]>,
) -> Option<[T; O]> {
    #[cfg(target_arch = "x86_64")]
    if ISA >= 1 {
        // SAFETY: the caller is compiled with AVX2 (the contract, for `ISA` ≥ 1).
        return unsafe { crate::kernels::affine_unrolled_avx2(w, x, bias) };
    }
    affine_unrolled(w, x, bias)
}

/// Whether a generated feed-forward network's `forward` runs its AVX2 + FMA instantiation (the
/// whole pass compiled for those extensions, so that its unrolled products and element-wise maps
/// use 8-lane registers, with one check per pass instead of one per layer): on x86-64 with
/// `std`, in a build whose baseline lacks AVX2 or FMA, where the CPU has both (asked once, then
/// a cached load). `false` everywhere else: a build for AVX2 and FMA runs its baseline code,
/// which already has them. Not API: generated code calls it.
///
/// Neither path fuses the generated code's multiply-adds (Rust never contracts `a * b + c`),
/// and the runtime's kernels choose their own instantiation either way, so both give the same
/// bits.
#[doc(hidden)]
#[inline]
pub fn forward_avx2_fma() -> bool {
    #[cfg(all(
        target_arch = "x86_64",
        feature = "std",
        not(all(target_feature = "avx2", target_feature = "fma"))
    ))]
    {
        crate::kernels::cpu::use_avx2_fma()
    }
    #[cfg(not(all(
        target_arch = "x86_64",
        feature = "std",
        not(all(target_feature = "avx2", target_feature = "fma"))
    )))]
    {
        false
    }
}

/// Whether a generated feed-forward network's `forward` runs its AVX-512 F instantiation (the
/// whole pass compiled for AVX-512 F, which implies AVX2 and FMA, so that its element-wise maps
/// and unrolled sums use 16-lane registers as a `-C target-cpu=native` build's do): on x86-64
/// with `std`, in a build whose baseline lacks AVX-512 F, where the CPU has it. `false`
/// everywhere else. Checked before [`forward_avx2_fma`], only by networks with a stage of 16
/// values or more (narrower ones have no AVX-512 copy). Not API: generated code calls it.
///
/// Both instantiations compute the same operations (the generated code's multiply-adds are not
/// fused, element-wise maps are lane by lane, and the runtime's kernels choose their own
/// instantiation either way), so they give the same bits.
#[doc(hidden)]
#[inline]
pub fn forward_avx512() -> bool {
    #[cfg(all(
        target_arch = "x86_64",
        feature = "std",
        not(target_feature = "avx512f")
    ))]
    {
        crate::kernels::cpu::use_avx512f()
    }
    #[cfg(not(all(
        target_arch = "x86_64",
        feature = "std",
        not(target_feature = "avx512f")
    )))]
    {
        false
    }
}

/// W·∂E/∂z: through `kernels::gemv_n` (AVX2 + FMA) for layers of at least [`GEMV_MIN_WEIGHTS`]
/// where the CPU has them, else nalgebra's product.
#[inline(always)]
#[allow(clippy::op_ref)]
pub(crate) fn input_gradient<T: Scalar, const I: usize, const O: usize>(
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
pub(crate) fn accumulate_outer<T: Scalar, const I: usize, const O: usize>(
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
        let mut z = [T::zero(); O];
        if affine_fixed(&self.weight.data.0, &x.data.0[0], None, &mut z) {
            return SVector::from_array_storage(nalgebra::ArrayStorage([z]));
        }
        self.affine_rest(x)
    }
    /// [`affine`](Self::affine) inside a generated forward pass's copy for instruction set
    /// `ISA` (see [`Dense::affine_isa`]).
    ///
    /// # Safety
    /// For `ISA` ≥ 1 the caller is compiled with AVX2 and FMA (and so runs on a CPU with them).
    #[doc(hidden)]
    #[inline(always)]
    pub unsafe fn affine_isa<const ISA: u8>(&self, x: &SVector<T, I>) -> SVector<T, O> {
        let mut z = [T::zero(); O];
        // SAFETY: the caller's contract is affine_fixed_isa's.
        if unsafe {
            affine_fixed_isa::<ISA, T, I, O>(&self.weight.data.0, &x.data.0[0], None, &mut z)
        } {
            return SVector::from_array_storage(nalgebra::ArrayStorage([z]));
        }
        self.affine_rest(x)
    }
    /// [`affine`](Self::affine) where the compile-time-sized product declined.
    #[inline(always)]
    fn affine_rest(&self, x: &SVector<T, I>) -> SVector<T, O> {
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

// Batched: one sample per column.

/// The pointer and column stride of a block with unit row stride.
#[inline]
fn raw<T: Scalar, R: Dim, C: Dim, S: Storage<T, R, C, RStride = U1>>(
    m: &Matrix<T, R, C, S>,
) -> (*const T, usize) {
    (m.data.ptr(), m.data.strides().1.value())
}

#[inline]
fn raw_mut<T: Scalar, R: Dim, C: Dim, S: StorageMut<T, R, C, RStride = U1>>(
    m: &mut Matrix<T, R, C, S>,
) -> (*mut T, usize) {
    let ld = m.data.strides().1.value();
    (m.data.ptr_mut(), ld)
}

/// Z = Wᵀ·X for a weight matrix W (I × O).
fn weight_forward<T: Scalar, const I: usize, const O: usize, CX, SX, CZ, SZ>(
    w: &nalgebra::SMatrix<T, I, O>,
    x: &Matrix<T, Const<I>, CX, SX>,
    z: &mut Matrix<T, Const<O>, CZ, SZ>,
) where
    CX: Dim,
    CZ: Dim,
    SX: Storage<T, Const<I>, CX, RStride = U1>,
    SZ: StorageMut<T, Const<O>, CZ, RStride = U1>,
{
    let n = x.ncols();
    assert_eq!(n, z.ncols(), "input and output blocks differ in columns");
    let (xp, ldx) = raw(x);
    let (zp, ldz) = raw_mut(z);
    // SAFETY: W is I × O contiguous (stride I); X has n columns of I values at stride ldx
    // (its storage vouches for the block); Z has n columns of O values at stride ldz, and being
    // borrowed mutably it overlaps neither W nor X.
    unsafe { crate::kernels::gemm_tn(O, n, I, w.as_ptr(), I, xp, ldx, zp, ldz) };
}

/// ∂E/∂X = W·δ.
fn weight_input_gradient<T: Scalar, const I: usize, const O: usize, CD, SD, CX, SX>(
    w: &nalgebra::SMatrix<T, I, O>,
    dz: &Matrix<T, Const<O>, CD, SD>,
    dx: &mut Matrix<T, Const<I>, CX, SX>,
) where
    CD: Dim,
    CX: Dim,
    SD: Storage<T, Const<O>, CD, RStride = U1>,
    SX: StorageMut<T, Const<I>, CX, RStride = U1>,
{
    let n = dz.ncols();
    assert_eq!(n, dx.ncols(), "gradient blocks differ in columns");
    let (dp, ldd) = raw(dz);
    let (xp, ldx) = raw_mut(dx);
    // SAFETY: W is I × O contiguous; δ[j, s] is at j + s·ldd for j < O, s < n; ∂E/∂X has n
    // columns of I values at stride ldx and overlaps neither.
    unsafe { crate::kernels::gemm_nx(I, n, O, w.as_ptr(), I, dp, 1, ldd, xp, ldx, false) };
}

/// ∂E/∂W = X·δᵀ, or ∂E/∂W += X·δᵀ with `add`.
fn weight_gradient<T: Scalar, const I: usize, const O: usize, CX, SX, CD, SD>(
    g: &mut nalgebra::SMatrix<T, I, O>,
    x: &Matrix<T, Const<I>, CX, SX>,
    dz: &Matrix<T, Const<O>, CD, SD>,
    add: bool,
) where
    CX: Dim,
    CD: Dim,
    SX: Storage<T, Const<I>, CX, RStride = U1>,
    SD: Storage<T, Const<O>, CD, RStride = U1>,
{
    let n = x.ncols();
    assert_eq!(n, dz.ncols(), "input and gradient blocks differ in columns");
    let (xp, ldx) = raw(x);
    let (dp, ldd) = raw(dz);
    // SAFETY: X[i, s] at i + s·ldx (i < I, s < n); δᵀ[s, j] = δ[j, s] at s·ldd + j (j < O);
    // ∂E/∂W is I × O contiguous and, borrowed mutably, overlaps neither.
    unsafe { crate::kernels::gemm_nx(I, O, n, xp, ldx, dp, ldd, 1, g.as_mut_ptr(), I, add) };
}

/// ∂E/∂b = Σ over columns of δ (or += with `add`).
fn bias_gradient<T: Scalar, const O: usize, CD: Dim, SD: Storage<T, Const<O>, CD>>(
    g: &mut SVector<T, O>,
    dz: &Matrix<T, Const<O>, CD, SD>,
    add: bool,
) {
    if !add {
        g.fill(T::zero());
    }
    for col in dz.column_iter() {
        for (g, d) in g.iter_mut().zip(col.iter()) {
            *g += *d;
        }
    }
}

impl<T: Scalar, const I: usize, const O: usize> Dense<T, I, O> {
    /// Z = Wᵀ·X + b·1ᵀ: every column of `x` through the affine map, into the same column of
    /// `z`.
    ///
    /// # Panics
    /// If `x` and `z` differ in column count.
    pub fn affine_batch<CX, SX, CZ, SZ>(
        &self,
        x: &Matrix<T, Const<I>, CX, SX>,
        z: &mut Matrix<T, Const<O>, CZ, SZ>,
    ) where
        CX: Dim,
        CZ: Dim,
        SX: Storage<T, Const<I>, CX, RStride = U1>,
        SZ: StorageMut<T, Const<O>, CZ, RStride = U1>,
    {
        weight_forward(&self.weight, x, z);
        for mut col in z.column_iter_mut() {
            col += &self.bias;
        }
    }

    /// ∂E/∂X = W·δ for every column of δ = `dz`, into `dx`.
    ///
    /// # Panics
    /// If `dz` and `dx` differ in column count.
    pub fn input_gradient_batch<CD, SD, CX, SX>(
        &self,
        dz: &Matrix<T, Const<O>, CD, SD>,
        dx: &mut Matrix<T, Const<I>, CX, SX>,
    ) where
        CD: Dim,
        CX: Dim,
        SD: Storage<T, Const<O>, CD, RStride = U1>,
        SX: StorageMut<T, Const<I>, CX, RStride = U1>,
    {
        weight_input_gradient(&self.weight, dz, dx);
    }

    /// The batch's parameter gradient, the sum over columns of each sample's: ∂E/∂W = X·δᵀ and
    /// ∂E/∂b = δ·1 written into `grad`, or added to it with `add` (as
    /// [`accumulate`](Dense::accumulate) once per column does).
    ///
    /// # Panics
    /// If `x` and `dz` differ in column count.
    pub fn gradient_batch<CX, SX, CD, SD>(
        grad: &mut Self,
        x: &Matrix<T, Const<I>, CX, SX>,
        dz: &Matrix<T, Const<O>, CD, SD>,
        add: bool,
    ) where
        CX: Dim,
        CD: Dim,
        SX: Storage<T, Const<I>, CX, RStride = U1>,
        SD: Storage<T, Const<O>, CD, RStride = U1>,
    {
        weight_gradient(&mut grad.weight, x, dz, add);
        bias_gradient(&mut grad.bias, dz, add);
    }
}

impl<T: Scalar, const I: usize, const O: usize> DenseNoBias<T, I, O> {
    /// Z = Wᵀ·X for every column (see [`Dense::affine_batch`]).
    pub fn affine_batch<CX, SX, CZ, SZ>(
        &self,
        x: &Matrix<T, Const<I>, CX, SX>,
        z: &mut Matrix<T, Const<O>, CZ, SZ>,
    ) where
        CX: Dim,
        CZ: Dim,
        SX: Storage<T, Const<I>, CX, RStride = U1>,
        SZ: StorageMut<T, Const<O>, CZ, RStride = U1>,
    {
        weight_forward(&self.weight, x, z);
    }

    /// ∂E/∂X = W·δ for every column (see [`Dense::input_gradient_batch`]).
    pub fn input_gradient_batch<CD, SD, CX, SX>(
        &self,
        dz: &Matrix<T, Const<O>, CD, SD>,
        dx: &mut Matrix<T, Const<I>, CX, SX>,
    ) where
        CD: Dim,
        CX: Dim,
        SD: Storage<T, Const<O>, CD, RStride = U1>,
        SX: StorageMut<T, Const<I>, CX, RStride = U1>,
    {
        weight_input_gradient(&self.weight, dz, dx);
    }

    /// ∂E/∂W = X·δᵀ, or += with `add` (see [`Dense::gradient_batch`]).
    pub fn gradient_batch<CX, SX, CD, SD>(
        grad: &mut Self,
        x: &Matrix<T, Const<I>, CX, SX>,
        dz: &Matrix<T, Const<O>, CD, SD>,
        add: bool,
    ) where
        CX: Dim,
        CD: Dim,
        SX: Storage<T, Const<I>, CX, RStride = U1>,
        SD: Storage<T, Const<O>, CD, RStride = U1>,
    {
        weight_gradient(&mut grad.weight, x, dz, add);
    }
}

// Second order.

/// g += x·dᵀ: the weight part of a layer's gradient (generated second-order code uses it for the
/// term R{x}·(∂E/∂z)ᵀ of R{∂E/∂W}).
#[inline]
pub fn accumulate_weight<T: Scalar, const I: usize, const O: usize>(
    g: &mut SMatrix<T, I, O>,
    x: &SVector<T, I>,
    d: &SVector<T, O>,
) {
    g.ger(T::one(), x, d, T::one());
}
