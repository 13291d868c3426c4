//! Activation functions: each one's value and derivative side by side.
//!
//! Every activation of the seed lecture is here, plus [`Identity`]. Most act element by element
//! and implement [`Elementwise`] (a value `f(x)` and a derivative `f'(x)` that may reuse
//! `y = f(x)`); [`Softmax`] couples its inputs and implements [`Activation`] directly. Generated
//! networks call these functions; they are public so they can be tested and reused on their own.
//!
//! All of them are finite for every finite input (including ±1000): exponentials are only taken of
//! non-positive arguments, so nothing overflows.
//!
//! The exponentials, tanh and logarithms are the fast, branch-free functions of
//! [`math`](crate::math) (through the `act_*` methods of [`Scalar`]): a layer's activation
//! compiles to vector code, and every value is within 3 ulp of the exact one (the measured table
//! is in [`math`](crate::math)). The `exact-math` feature switches to `std`/`libm`.
//!
//! | name | f(x) | f′(x) | f″(x) |
//! |---|---|---|---|
//! | [`Identity`] | x | 1 | 0 |
//! | [`Sigmoid`] | 1/(1+e^(−x)) | σ(x)(1−σ(x)) | σ(1−σ)(1−2σ) |
//! | [`Tanh`] | tanh x | 1 − tanh²x | −2 tanh x (1 − tanh²x) |
//! | [`Step`] | 0 if x < n, 1 if x ≥ n | 0 (by convention, also at x = n) | 0 |
//! | [`Softplus`] | ln(1+eˣ) | σ(x) | σ(1−σ) |
//! | [`ReLU`] | max(0, x) | 1 if x > 0, else 0 | 0 |
//! | [`Softsign`] | x/(1+\|x\|) | 1/(1+\|x\|)² | −2 sign(x)/(1+\|x\|)³ (0 at 0) |
//! | [`ELU`] | α(eˣ−1) if x < 0, else x | αeˣ if x < 0, else 1 | αeˣ if x < 0, else 0 |
//! | [`LogSigmoid`] | ln σ(x) = −ln(1+e^(−x)) | 1 − σ(x) | −σ(1−σ) |
//! | [`Swish`] | x·σ(x) | σ(x)(1 + x(1−σ(x))) | σ(1−σ)(2 + x(1−2σ)) |
//! | [`Sinc`] | sin(x)/x, 1 at 0 | (x cos x − sin x)/x², 0 at 0 | ((2−x²) sin x − 2x cos x)/x³, −1/3 at 0 |
//! | [`LeakyReLU`] | max(s·x, x) for 0 < s < 1 (x if x > 0, else s·x) | 1 if x > 0, else s | 0 |
//! | [`Mish`] | x·tanh(softplus(x)) | tanh(sp) + x·σ(x)·(1 − tanh²(sp)) | (1−t²)σ(2 + x(1−σ) − 2xtσ), t = tanh(sp) |
//! | [`Softmax`] | e^(x_i)/Σ_j e^(x_j) | ∂y_i/∂x_j = y_i(δ_ij − y_j) | see [`Curvature`](crate::second_order::Curvature) |

use nalgebra::SVector;

use crate::Scalar;

/// A layer activation: maps a layer's pre-activation `z` to its activation `a`, and back-propagates
/// `∂E/∂a` to `∂E/∂z`.
pub trait Activation<T: Scalar> {
    /// `a = f(z)`, the layer's activation.
    fn apply<const N: usize>(&self, z: &SVector<T, N>) -> SVector<T, N>;
    /// `a = f(z)` for code compiled with FMA (the generated `forward`'s AVX2 + FMA and AVX-512
    /// copies): by default [`apply`](Activation::apply); the element-wise activations map
    /// [`Elementwise::value_fused`] over the layer inline, at every width (so in those copies a
    /// wide layer's map is compiled into the copy, with its registers, instead of chosen at run
    /// time and called out of line: the same bits, as the fused flavour is computed lane by
    /// lane; `tests/forward_copies.rs`), and
    /// [`Sigmoid`] of at most [`NARROW_MAX`] neurons runs its table code with FMA inline
    /// ([`Scalar::act_sigmoid_narrow_fused`]), so that σ and tanh give what a build for FMA
    /// gives. Called from code compiled without FMA it is
    /// still right, but every multiply-add becomes a call (see [`Scalar::act_exp_fused`]).
    #[inline(always)]
    fn apply_fused<const N: usize>(&self, z: &SVector<T, N>) -> SVector<T, N> {
        self.apply(z)
    }
    /// `∂E/∂z` from `z`, `a = f(z)` and `∂E/∂a` (a Jacobian-transpose-vector product).
    fn backprop<const N: usize>(
        &self,
        z: &SVector<T, N>,
        a: &SVector<T, N>,
        da: &SVector<T, N>,
    ) -> SVector<T, N>;
}

/// An activation applied to each element independently.
pub trait Elementwise<T: Scalar> {
    /// The value `y = f(x)`.
    fn value(&self, x: T) -> T;
    /// The value `y = f(x)` for code compiled with FMA (the layer maps' AVX2 + FMA copy): by
    /// default [`value`](Elementwise::value); [`Sigmoid`] and [`Tanh`] use the fused flavour
    /// of their maths ([`Scalar::act_sigmoid_fused`], [`Scalar::act_tanh_fused`]: fewer
    /// instructions, and within the same accuracy contract). Called from code compiled
    /// without FMA it is still right, but slow (see [`Scalar::act_exp_fused`]).
    #[inline(always)]
    fn value_fused(&self, x: T) -> T {
        self.value(x)
    }
    /// The derivative `f'(x)`, given `x` and `y = f(x)` (many derivatives are cheapest in `y`).
    fn derivative(&self, x: T, y: T) -> T;
    /// The second derivative `f''(x)`, given `x` and `y = f(x)`: what exact Hessians and
    /// Hessian-vector products need (see the table in the [module docs](self)). Piecewise-linear
    /// activations return 0 (their second derivative where it exists).
    fn second_derivative(&self, x: T, y: T) -> T;
}

/// Layers of at least this many neurons apply their element-wise activation (value and
/// derivative) in an AVX2 instantiation of the same loop where the CPU has AVX2 (with `std` on
/// x86-64, asked once; always in a build for AVX2): 8 `f32` lanes instead of SSE2's 4, and the
/// same bits, since neither uses FMA. Where the CPU also has FMA the value map is an AVX2 + FMA
/// instantiation calling [`Elementwise::value_fused`] instead: σ and tanh in their fused flavour
/// (fewer instructions; results may differ from the plain flavour in the last bits, both within
/// the accuracy contract of [`math`](crate::math)). Measured (`cargo bench --bench latency`): a
/// 16 → 16 → 16 → 16 tanh network's forward 203–207 ns with it against 262–287 ns without; at 8
/// neurons (2 → 8 → 1) the call lost, 62 against 38 ns.
pub const WIDE_MIN: usize = 16;

// NOTE: `map_value` and `map_backprop` are compiled into the AVX2 instantiations below, so
// they are `for` loops, not nalgebra's `map` / `from_fn` with a closure: a closure is compiled
// without the AVX2 of the function it is inlined into, and whether LLVM inlines it (and the
// generic `map` around it) depends on the build profile (issue 17).

/// f(z) for each element.
#[inline(always)]
fn map_value<T: Scalar, A: Elementwise<T>, const N: usize>(
    f: &A,
    z: &SVector<T, N>,
) -> SVector<T, N> {
    let mut y = *z;
    for v in y.as_mut_slice() {
        *v = f.value(*v);
    }
    y
}

/// ∂E/∂z = ∂E/∂a ⊙ f′(z) for each element.
#[inline(always)]
fn map_backprop<T: Scalar, A: Elementwise<T>, const N: usize>(
    f: &A,
    z: &SVector<T, N>,
    a: &SVector<T, N>,
    da: &SVector<T, N>,
) -> SVector<T, N> {
    let mut d = *da;
    let (z, a) = (z.as_slice(), a.as_slice());
    for (i, d) in d.as_mut_slice().iter_mut().enumerate() {
        *d *= f.derivative(z[i], a[i]);
    }
    d
}

/// [`map_value`] compiled for AVX2.
///
/// # Safety
/// The CPU has AVX2.
#[cfg(all(target_arch = "x86_64", any(feature = "std", target_feature = "avx2")))]
#[target_feature(enable = "avx2")]
unsafe fn map_value_avx2<T: Scalar, A: Elementwise<T>, const N: usize>(
    f: &A,
    z: &SVector<T, N>,
) -> SVector<T, N> {
    map_value(f, z)
}

/// f(z) for each element, in the fused flavour ([`Elementwise::value_fused`]).
#[inline(always)]
fn map_value_fused<T: Scalar, A: Elementwise<T>, const N: usize>(
    f: &A,
    z: &SVector<T, N>,
) -> SVector<T, N> {
    let mut y = *z;
    for v in y.as_mut_slice() {
        *v = f.value_fused(*v);
    }
    y
}

/// [`map_value_fused`] compiled for AVX2 and FMA.
///
/// # Safety
/// The CPU has AVX2 and FMA.
#[cfg(all(
    target_arch = "x86_64",
    any(feature = "std", all(target_feature = "avx2", target_feature = "fma"))
))]
#[target_feature(enable = "avx2,fma")]
unsafe fn map_value_avx2_fma<T: Scalar, A: Elementwise<T>, const N: usize>(
    f: &A,
    z: &SVector<T, N>,
) -> SVector<T, N> {
    map_value_fused(f, z)
}

/// [`map_backprop`] compiled for AVX2.
///
/// # Safety
/// The CPU has AVX2.
#[cfg(all(target_arch = "x86_64", any(feature = "std", target_feature = "avx2")))]
#[target_feature(enable = "avx2")]
unsafe fn map_backprop_avx2<T: Scalar, A: Elementwise<T>, const N: usize>(
    f: &A,
    z: &SVector<T, N>,
    a: &SVector<T, N>,
    da: &SVector<T, N>,
) -> SVector<T, N> {
    map_backprop(f, z, a, da)
}

/// f(z) for a layer: for [`WIDE_MIN`] neurons or more, in the AVX2 + FMA instantiation (the
/// fused flavour) where the CPU has both, else in the AVX2 one where it has AVX2.
#[inline(always)]
fn apply_wide<T: Scalar, A: Elementwise<T>, const N: usize>(
    f: &A,
    z: &SVector<T, N>,
) -> SVector<T, N> {
    crate::kernels::if_cpu_has!(avx2_fma && N >= WIDE_MIN, {
        // SAFETY: the CPU has AVX2 and FMA (asked above).
        return unsafe { map_value_avx2_fma(f, z) };
    });
    crate::kernels::if_cpu_has!(avx2 && N >= WIDE_MIN, {
        // SAFETY: the CPU has AVX2 (asked above).
        return unsafe { map_value_avx2(f, z) };
    });
    map_value(f, z)
}

/// ∂E/∂z for a layer, dispatched as [`apply_wide`].
#[inline(always)]
fn backprop_wide<T: Scalar, A: Elementwise<T>, const N: usize>(
    f: &A,
    z: &SVector<T, N>,
    a: &SVector<T, N>,
    da: &SVector<T, N>,
) -> SVector<T, N> {
    crate::kernels::if_cpu_has!(avx2 && N >= WIDE_MIN, {
        // SAFETY: the CPU has AVX2 (asked above).
        return unsafe { map_backprop_avx2(f, z, a, da) };
    });
    map_backprop(f, z, a, da)
}

/// `f.apply(z)` in the generated `forward`'s copy for instruction set `ISA` (the `__ISA` of its
/// `__forward`: 0 the build's baseline, 1 AVX2 + FMA, 2 AVX-512 F):
/// [`apply_fused`](Activation::apply_fused) for `ISA` ≥ 1, [`apply`](Activation::apply) for 0.
/// Not API: generated code calls it, only with `ISA` ≥ 1 from code compiled with FMA.
#[doc(hidden)]
#[inline(always)]
pub fn apply_isa<const ISA: u8, T: Scalar, A: Activation<T>, const N: usize>(
    f: &A,
    z: &SVector<T, N>,
) -> SVector<T, N> {
    if ISA >= 1 {
        f.apply_fused(z)
    } else {
        f.apply(z)
    }
}

/// Calls `$m!(…)` with every element-wise activation type: the one list of them. A new
/// element-wise activation is its type, its [`Elementwise`] impl and a name here; its
/// [`Activation`] impl (below) and its second-order rules
/// ([`Curvature`](crate::second_order::Curvature)) come from this list.
macro_rules! with_elementwise {
    ($m:ident) => {
        $m!(
            Identity,
            Sigmoid,
            Tanh,
            Step<T>,
            Softplus,
            ReLU,
            Softsign,
            ELU<T>,
            LogSigmoid,
            Swish,
            Sinc,
            LeakyReLU<T>,
            Mish,
        );
    };
}
pub(crate) use with_elementwise;

/// Implements [`Activation`] for element-wise activations by mapping over the vector (in the
/// AVX2 instantiation for layers of [`WIDE_MIN`] neurons or more, where the CPU has AVX2).
/// `Sigmoid` is skipped: it has its own impl, for narrow layers (below). So is `Identity`:
/// through `apply_wide` a layer of `WIDE_MIN` neurons or more would call the out-of-line AVX2
/// map (a call, and the vector copied in and out) to compute f(x) = x; its own impl (below) is
/// a copy the compiler removes.
macro_rules! elementwise_activation {
    () => {};
    (Sigmoid, $($rest:tt)*) => {
        elementwise_activation!($($rest)*);
    };
    (Identity, $($rest:tt)*) => {
        elementwise_activation!($($rest)*);
    };
    ($ty:ty, $($rest:tt)*) => {
        impl<T: Scalar> Activation<T> for $ty {
            #[inline(always)]
            fn apply<const N: usize>(&self, z: &SVector<T, N>) -> SVector<T, N> {
                apply_wide(self, z)
            }
            #[inline(always)]
            fn apply_fused<const N: usize>(&self, z: &SVector<T, N>) -> SVector<T, N> {
                map_value_fused(self, z)
            }
            #[inline(always)]
            fn backprop<const N: usize>(
                &self,
                z: &SVector<T, N>,
                a: &SVector<T, N>,
                da: &SVector<T, N>,
            ) -> SVector<T, N> {
                backprop_wide(self, z, a, da)
            }
        }
        elementwise_activation!($($rest)*);
    };
}

with_elementwise!(elementwise_activation);

/// f(z) = z and ∂E/∂z = ∂E/∂a, without the element-wise map: the same values as mapping
/// [`Elementwise`]'s x and 1 (x · 1 = x exactly), at every width.
impl<T: Scalar> Activation<T> for Identity {
    #[inline(always)]
    fn apply<const N: usize>(&self, z: &SVector<T, N>) -> SVector<T, N> {
        *z
    }
    #[inline(always)]
    fn backprop<const N: usize>(
        &self,
        _z: &SVector<T, N>,
        _a: &SVector<T, N>,
        da: &SVector<T, N>,
    ) -> SVector<T, N> {
        *da
    }
}

/// Layers of at most this many neurons compute their sigmoid with
/// [`Scalar::act_sigmoid_narrow`] (for latency: `f32`'s table-driven σ on x86, x86-64 and
/// AArch64; elsewhere the same `f32` σ as wide layers, see
/// [`math::f32::sigmoid_narrow`](crate::math::f32::sigmoid_narrow)), wider ones with
/// [`Scalar::act_sigmoid`] (for throughput: vectorised across the layer). Measured on lone
/// layers of 1, 2, 3, 4 and 8 neurons, chained and independent (`cargo bench --bench latency`,
/// `BENCHMARKS.md`, issue 7): the narrow code wins both ways up to 2; at 3 and 4 it has the
/// shorter chain but the lower throughput, and at 8 the vector code wins both ways.
pub const NARROW_MAX: usize = 2;

impl<T: Scalar> Activation<T> for Sigmoid {
    #[inline(always)]
    fn apply<const N: usize>(&self, z: &SVector<T, N>) -> SVector<T, N> {
        if N <= NARROW_MAX {
            SVector::from_array_storage(nalgebra::ArrayStorage([T::act_sigmoid_narrow(
                z.data.0[0],
            )]))
        } else {
            apply_wide(self, z)
        }
    }
    #[inline(always)]
    fn apply_fused<const N: usize>(&self, z: &SVector<T, N>) -> SVector<T, N> {
        if N <= NARROW_MAX {
            SVector::from_array_storage(nalgebra::ArrayStorage([T::act_sigmoid_narrow_fused(
                z.data.0[0],
            )]))
        } else if N < WIDE_MIN {
            map_value_fused(self, z)
        } else {
            apply_wide(self, z)
        }
    }
    #[inline(always)]
    fn backprop<const N: usize>(
        &self,
        z: &SVector<T, N>,
        a: &SVector<T, N>,
        da: &SVector<T, N>,
    ) -> SVector<T, N> {
        backprop_wide(self, z, a, da)
    }
}

/// The logistic sigmoid σ(x) = 1/(1+e^(−x)) ([`Scalar::act_sigmoid`]).
///
/// Computed from e^(−|x|) as 1/(1+e^(−|x|)) for x ≥ 0 and e^(−|x|)/(1+e^(−|x|)) for x < 0, so
/// nothing overflows and σ(−∞) = 0, σ(+∞) = 1 exactly.
#[inline(always)]
pub fn sigmoid<T: Scalar>(x: T) -> T {
    x.act_sigmoid()
}

/// softplus(x) = ln(1+eˣ), computed as max(x, 0) + ln(1+e^(−|x|)) so it never overflows
/// ([`Scalar::act_softplus`]).
#[inline(always)]
pub fn softplus<T: Scalar>(x: T) -> T {
    x.act_softplus()
}

/// Identity: f(x) = x, f′(x) = 1. The output of a regression network.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Identity;
impl<T: Scalar> Elementwise<T> for Identity {
    #[inline(always)]
    fn value(&self, x: T) -> T {
        x
    }
    #[inline(always)]
    fn derivative(&self, _x: T, _y: T) -> T {
        T::one()
    }
    #[inline(always)]
    fn second_derivative(&self, _x: T, _y: T) -> T {
        T::zero()
    }
}

/// Sigmoid: f(x) = 1/(1+e^(−x)), f′(x) = σ(x)(1 − σ(x)). Range (0, 1).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Sigmoid;
impl<T: Scalar> Elementwise<T> for Sigmoid {
    #[inline(always)]
    fn value(&self, x: T) -> T {
        sigmoid(x)
    }
    #[inline(always)]
    fn value_fused(&self, x: T) -> T {
        x.act_sigmoid_fused()
    }
    #[inline(always)]
    fn derivative(&self, _x: T, y: T) -> T {
        y * (T::one() - y)
    }
    #[inline(always)]
    fn second_derivative(&self, _x: T, y: T) -> T {
        y * (T::one() - y) * (T::one() - T::lit(2.0) * y)
    }
}

/// Tanh: f(x) = tanh x, f′(x) = 1 − tanh²x = 4/(eˣ + e^(−x))². Range (−1, 1).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Tanh;
impl<T: Scalar> Elementwise<T> for Tanh {
    #[inline(always)]
    fn value(&self, x: T) -> T {
        x.act_tanh()
    }
    #[inline(always)]
    fn value_fused(&self, x: T) -> T {
        x.act_tanh_fused()
    }
    #[inline(always)]
    fn derivative(&self, _x: T, y: T) -> T {
        T::one() - y * y
    }
    #[inline(always)]
    fn second_derivative(&self, _x: T, y: T) -> T {
        T::lit(-2.0) * y * (T::one() - y * y)
    }
}

/// Step with threshold n: f(x) = 0 if x < n, 1 if x ≥ n.
///
/// Its derivative is 0 everywhere it exists; typenet also uses 0 at x = n, so gradients never
/// flow through a step (a network of steps cannot be trained by gradient methods).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Step<T> {
    /// The threshold n. Defaults to 0.
    pub threshold: T,
}
impl<T: Scalar> Elementwise<T> for Step<T> {
    #[inline(always)]
    fn value(&self, x: T) -> T {
        if x >= self.threshold {
            T::one()
        } else {
            T::zero()
        }
    }
    #[inline(always)]
    fn derivative(&self, _x: T, _y: T) -> T {
        T::zero()
    }
    #[inline(always)]
    fn second_derivative(&self, _x: T, _y: T) -> T {
        T::zero()
    }
}

/// Softplus: f(x) = ln(1+eˣ), f′(x) = σ(x). A smooth ReLU; range (0, ∞).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Softplus;
impl<T: Scalar> Elementwise<T> for Softplus {
    #[inline(always)]
    fn value(&self, x: T) -> T {
        softplus(x)
    }
    #[inline(always)]
    fn derivative(&self, x: T, _y: T) -> T {
        sigmoid(x)
    }
    #[inline(always)]
    fn second_derivative(&self, x: T, _y: T) -> T {
        {
            let s = sigmoid(x);
            s * (T::one() - s)
        }
    }
}

/// ReLU: f(x) = max(0, x), f′(x) = 1 if x > 0 and 0 if x ≤ 0 (the seed's convention, and
/// PyTorch's at 0).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[allow(clippy::upper_case_acronyms)]
pub struct ReLU;
impl<T: Scalar> Elementwise<T> for ReLU {
    #[inline(always)]
    fn value(&self, x: T) -> T {
        x.max(T::zero())
    }
    #[inline(always)]
    fn derivative(&self, x: T, _y: T) -> T {
        if x > T::zero() { T::one() } else { T::zero() }
    }
    #[inline(always)]
    fn second_derivative(&self, _x: T, _y: T) -> T {
        T::zero()
    }
}

/// Softsign: f(x) = x/(1+|x|), f′(x) = 1/(1+|x|)². Range (−1, 1).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Softsign;
impl<T: Scalar> Elementwise<T> for Softsign {
    #[inline(always)]
    fn value(&self, x: T) -> T {
        x / (T::one() + x.abs())
    }
    #[inline(always)]
    fn derivative(&self, x: T, _y: T) -> T {
        let d = T::one() + x.abs();
        T::one() / (d * d)
    }
    #[inline(always)]
    fn second_derivative(&self, x: T, _y: T) -> T {
        {
            let d = T::one() / (T::one() + x.abs());
            // NOTE: −2·sign(x)/(1+|x|)³; 0 at x = 0 where the one-sided values ∓2 differ (a kink of f′).
            let sign = if x > T::zero() {
                T::one()
            } else if x < T::zero() {
                -T::one()
            } else {
                T::zero()
            };
            T::lit(-2.0) * sign * d * d * d
        }
    }
}

/// min(x, 0), keeping NaN.
#[inline(always)]
fn neg_part<T: Scalar>(x: T) -> T {
    if x < T::zero() { x } else { T::zero() }
}

/// ELU with parameter α: f(x) = α(eˣ − 1) if x < 0, x otherwise;
/// f′(x) = αeˣ = f(x) + α if x < 0, 1 otherwise (PyTorch's convention at 0).
#[derive(Clone, Copy, Debug, PartialEq)]
#[allow(clippy::upper_case_acronyms)]
pub struct ELU<T> {
    /// α, the value approached as x → −∞ is −α. Defaults to 1.
    pub alpha: T,
}
impl<T: Scalar> Default for ELU<T> {
    fn default() -> Self {
        ELU { alpha: T::one() }
    }
}
impl<T: Scalar> Elementwise<T> for ELU<T> {
    #[inline(always)]
    fn value(&self, x: T) -> T {
        // NOTE: both sides computed and one selected (e^(min(x, 0)) cannot overflow): a select
        // vectorises, a branch around the exponential would not.
        let neg = self.alpha * neg_part(x).act_exp_m1();
        if x < T::zero() { neg } else { x }
    }
    #[inline(always)]
    fn derivative(&self, x: T, _y: T) -> T {
        let neg = self.alpha * neg_part(x).act_exp();
        if x < T::zero() { neg } else { T::one() }
    }
    #[inline(always)]
    fn second_derivative(&self, x: T, _y: T) -> T {
        let neg = self.alpha * neg_part(x).act_exp();
        if x < T::zero() { neg } else { T::zero() }
    }
}

/// Log of sigmoid: f(x) = ln(1/(1+e^(−x))) = −softplus(−x), f′(x) = 1 − σ(x) = σ(−x).
/// Range (−∞, 0); computed stably as min(x, 0) − ln(1+e^(−|x|)).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LogSigmoid;
impl<T: Scalar> Elementwise<T> for LogSigmoid {
    #[inline(always)]
    fn value(&self, x: T) -> T {
        x.act_log_sigmoid()
    }
    #[inline(always)]
    fn derivative(&self, x: T, _y: T) -> T {
        sigmoid(-x)
    }
    #[inline(always)]
    fn second_derivative(&self, x: T, _y: T) -> T {
        {
            let s = sigmoid(x);
            -s * (T::one() - s)
        }
    }
}

/// Swish (SiLU): f(x) = x/(1+e^(−x)) = x·σ(x), f′(x) = σ(x) + x·σ(x)(1 − σ(x)).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Swish;
impl<T: Scalar> Elementwise<T> for Swish {
    #[inline(always)]
    fn value(&self, x: T) -> T {
        x.act_swish()
    }
    #[inline(always)]
    fn derivative(&self, x: T, _y: T) -> T {
        let s = sigmoid(x);
        s + x * s * (T::one() - s)
    }
    #[inline(always)]
    fn second_derivative(&self, x: T, _y: T) -> T {
        {
            let s = sigmoid(x);
            s * (T::one() - s) * (T::lit(2.0) + x * (T::one() - T::lit(2.0) * s))
        }
    }
}

/// Sinc: f(x) = sin(x)/x with f(0) = 1; f′(x) = (x cos x − sin x)/x² with f′(0) = 0.
///
/// Near 0 (|x| < 10⁻³) both are taken from their Taylor series (1 − x²/6 + x⁴/120 and
/// −x/3 + x³/30), which avoids the cancellation in x cos x − sin x.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Sinc;
impl<T: Scalar> Elementwise<T> for Sinc {
    #[inline(always)]
    fn value(&self, x: T) -> T {
        if x.abs() < T::lit(1e-3) {
            let x2 = x * x;
            T::one() - x2 / T::lit(6.0) + x2 * x2 / T::lit(120.0)
        } else {
            x.sin() / x
        }
    }
    #[inline(always)]
    fn derivative(&self, x: T, _y: T) -> T {
        if x.abs() < T::lit(1e-3) {
            let x2 = x * x;
            -x / T::lit(3.0) + x * x2 / T::lit(30.0)
        } else {
            (x * x.cos() - x.sin()) / (x * x)
        }
    }
    #[inline(always)]
    fn second_derivative(&self, x: T, _y: T) -> T {
        if x.abs() < T::lit(1e-2) {
            // NOTE: −1/3 + x²/10 − x⁴/168 + x⁶/6480; the closed form loses ~2ε/x² to cancellation.
            let x2 = x * x;
            -T::one() / T::lit(3.0) + x2 / T::lit(10.0) - x2 * x2 / T::lit(168.0)
                + x2 * x2 * x2 / T::lit(6480.0)
        } else {
            ((T::lit(2.0) - x * x) * x.sin() - T::lit(2.0) * x * x.cos()) / (x * x * x)
        }
    }
}

/// Leaky ReLU with slope s: f(x) = x if x > 0, s·x otherwise (= max(s·x, x) for 0 < s < 1);
/// f′(x) = 1 if x > 0, s otherwise. The seed's form is s = 0.1, the default.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LeakyReLU<T> {
    /// The slope s for x ≤ 0. Defaults to 0.1 (the seed's max(0.1x, x)).
    pub slope: T,
}
impl<T: Scalar> Default for LeakyReLU<T> {
    fn default() -> Self {
        LeakyReLU { slope: T::lit(0.1) }
    }
}
impl<T: Scalar> Elementwise<T> for LeakyReLU<T> {
    #[inline(always)]
    fn value(&self, x: T) -> T {
        if x > T::zero() { x } else { self.slope * x }
    }
    #[inline(always)]
    fn derivative(&self, x: T, _y: T) -> T {
        if x > T::zero() { T::one() } else { self.slope }
    }
    #[inline(always)]
    fn second_derivative(&self, _x: T, _y: T) -> T {
        T::zero()
    }
}

/// Mish: f(x) = x·tanh(softplus(x));
/// f′(x) = tanh(softplus(x)) + x·σ(x)·(1 − tanh²(softplus(x))).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Mish;
impl<T: Scalar> Elementwise<T> for Mish {
    #[inline(always)]
    fn value(&self, x: T) -> T {
        x.act_mish()
    }
    #[inline(always)]
    fn derivative(&self, x: T, _y: T) -> T {
        let t = softplus(x).act_tanh();
        t + x * sigmoid(x) * (T::one() - t * t)
    }
    #[inline(always)]
    fn second_derivative(&self, x: T, _y: T) -> T {
        {
            let t = softplus(x).act_tanh();
            let s = sigmoid(x);
            (T::one() - t * t) * s * (T::lit(2.0) + x * (T::one() - s) - T::lit(2.0) * x * t * s)
        }
    }
}

/// Softmax: y_i = e^(x_i)/Σ_j e^(x_j), with Jacobian ∂y_i/∂x_j = y_i(δ_ij − y_j).
///
/// Computed as e^(x_i − max x)/Σ_j e^(x_j − max x), which is exact in real arithmetic and never
/// overflows. Back-propagation uses the Jacobian-vector product
/// ∂E/∂x = y ⊙ (∂E/∂y − (y · ∂E/∂y)), never the N × N matrix.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Softmax;
impl<T: Scalar> Activation<T> for Softmax {
    #[inline]
    fn apply<const N: usize>(&self, z: &SVector<T, N>) -> SVector<T, N> {
        let m = z.max();
        let e = z.map(|v| (v - m).act_exp());
        let s = e.sum();
        e / s
    }
    #[inline]
    fn backprop<const N: usize>(
        &self,
        _z: &SVector<T, N>,
        a: &SVector<T, N>,
        da: &SVector<T, N>,
    ) -> SVector<T, N> {
        let dot = a.dot(da);
        SVector::<T, N>::from_fn(|i, _| a[i] * (da[i] - dot))
    }
}

/// Natural logarithm of Σ_i e^(x_i), computed as max x + ln Σ_i e^(x_i − max x).
#[inline]
pub fn log_sum_exp<T: Scalar, const N: usize>(x: &SVector<T, N>) -> T {
    let m = x.max();
    m + x.map(|v| (v - m).act_exp()).sum().ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Identity's own `Activation` impl gives the element-wise map's values bit for bit, below
    /// and above `WIDE_MIN` (where the map would take the AVX2 path), signed zeros and
    /// infinities included.
    #[test]
    fn identity_is_the_elementwise_map() {
        fn check<const N: usize>() {
            let z = SVector::<f32, N>::from_fn(|i, _| match i % 5 {
                0 => -0.0,
                1 => f32::INFINITY,
                2 => -1.5e-40,
                _ => (i as f32 - 7.0) * 0.37,
            });
            let da = SVector::<f32, N>::from_fn(|i, _| (i as f32) * -0.5 + 0.25);
            let bits = |v: &SVector<f32, N>| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&Identity.apply(&z)), bits(&apply_wide(&Identity, &z)));
            assert_eq!(
                bits(&Identity.backprop(&z, &z, &da)),
                bits(&backprop_wide(&Identity, &z, &z, &da))
            );
        }
        check::<4>();
        check::<WIDE_MIN>();
        check::<33>();
    }

    /// From `WIDE_MIN` neurons, where the CPU has AVX2 and FMA, σ and tanh layers compute the
    /// fused flavour (`value_fused`) of each element bit for bit; narrower layers, and CPUs
    /// without FMA, the plain one (`value`). Half the inputs are values where the two flavours
    /// differ (searched on a grid), so the wrong flavour fails.
    #[test]
    fn wide_layers_take_the_fused_flavour_where_the_cpu_has_fma() {
        fn fused_cpu() -> bool {
            #[cfg(target_arch = "x86_64")]
            if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
                return true;
            }
            false
        }
        fn check<A: Elementwise<f32> + Activation<f32>, const N: usize>(f: A) {
            let mut differ = Vec::new();
            let mut x = -6.0f32;
            while differ.len() < N / 2 && x < 6.0 {
                if f.value(x).to_bits() != f.value_fused(x).to_bits() {
                    differ.push(x);
                }
                x += 1.0 / 4096.0;
            }
            // With `exact-math` both flavours are std's functions: nothing differs.
            if crate::math::f32::FUSED_AVAILABLE
                && !crate::math::f32::FUSED_IN_BUILD
                && !cfg!(feature = "exact-math")
            {
                assert_eq!(
                    differ.len(),
                    N / 2,
                    "too few inputs where the flavours differ"
                );
            }
            let z = SVector::<f32, N>::from_fn(|i, _| {
                differ
                    .get(i / 2)
                    .copied()
                    .filter(|_| i % 2 == 0)
                    .unwrap_or((i as f32 - 20.0) * 0.3711)
            });
            let y = f.apply(&z);
            let fused = N >= WIDE_MIN && fused_cpu();
            for i in 0..N {
                let want = if fused {
                    f.value_fused(z[i])
                } else {
                    f.value(z[i])
                };
                assert_eq!(y[i].to_bits(), want.to_bits(), "N = {N}, z = {}", z[i]);
            }
        }
        check::<Tanh, 8>(Tanh);
        check::<Sigmoid, 8>(Sigmoid);
        check::<Tanh, 40>(Tanh);
        check::<Sigmoid, 40>(Sigmoid);
    }
}
