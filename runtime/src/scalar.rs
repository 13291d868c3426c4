//! The scalar type every network, optimizer and scheduler is generic over.

use nalgebra::RealField;

/// A real floating-point scalar: `f32` or `f64`.
///
/// Everything in typenet is generic over `T: Scalar`. It is nalgebra's [`RealField`] (so all the
/// elementary functions are available, through `std` or through `libm` without it) plus two
/// conversions to and from `f64` that the runtime needs for constants and for reporting, plus the
/// elementary functions of the activations (`act_*`).
///
/// # Activation maths
/// The `act_*` methods are what every activation, its derivatives and the softmax use. By default
/// they are the fast, branch-free, vectorisable functions of [`math`](crate::math) (at most
/// 3 ulp from the exact value, measured; see the table there). With the `exact-math` cargo
/// feature they are computed from `std`'s (or `libm`'s) `exp`, `exp_m1`, `tanh` and `ln_1p`
/// instead: slower, with libm's accuracy (typically below 1 ulp).
///
/// The `act_*_fused` methods are the same functions for code compiled with FMA (the recurrent
/// cells' AVX2 + FMA steps, the activation maps' AVX2 + FMA copy): `f32`'s fused flavour
/// ([`math::f32::fused`](crate::math::f32::fused)), whose multiply-adds are one `vfmadd` each
/// there; `f64` and `exact-math` have none and give the plain methods' values.
pub trait Scalar: RealField + Copy + Default + core::fmt::Debug + 'static {
    /// Converts an `f64` constant (a hyperparameter, a literal in generated code) to `Self`,
    /// rounding to nearest.
    fn lit(x: f64) -> Self;
    /// Widens (or keeps) `self` as an `f64`.
    fn to_f64(self) -> f64;
    /// eˣ.
    fn act_exp(self) -> Self;
    /// eˣ − 1, accurate near 0.
    fn act_exp_m1(self) -> Self;
    /// tanh x.
    fn act_tanh(self) -> Self;
    /// σ(x) = 1/(1 + e^(−x)).
    fn act_sigmoid(self) -> Self;
    /// σ of each value of a layer of at most [`NARROW_MAX`](crate::activation::NARROW_MAX)
    /// neurons: the same function computed for latency rather than throughput
    /// ([`math::f32::sigmoid_narrow`](crate::math::f32::sigmoid_narrow) for `f32`, whose code
    /// depends on the target: an `f64` table on x86, x86-64 and AArch64, `f32` `sigmoid`
    /// elsewhere; `f64` and the `exact-math` feature use [`act_sigmoid`](Scalar::act_sigmoid)).
    #[inline(always)]
    fn act_sigmoid_narrow<const N: usize>(z: [Self; N]) -> [Self; N] {
        z.map(Self::act_sigmoid)
    }
    /// eˣ for code compiled with FMA: [`math::f32::fused::exp`](crate::math::f32::fused::exp)
    /// for `f32` (multiply-adds fused); [`act_exp`](Scalar::act_exp) for `f64` and with the
    /// `exact-math` feature. Call it only from code compiled with FMA (a
    /// `#[target_feature(enable = "fma")]` function or a build for FMA): elsewhere it is still
    /// right, but each multiply-add is a call to libm's `fmaf`.
    #[inline(always)]
    fn act_exp_fused(self) -> Self {
        self.act_exp()
    }
    /// eˣ − 1 for code compiled with FMA (see [`act_exp_fused`](Scalar::act_exp_fused)).
    #[inline(always)]
    fn act_exp_m1_fused(self) -> Self {
        self.act_exp_m1()
    }
    /// tanh x for code compiled with FMA (see [`act_exp_fused`](Scalar::act_exp_fused)).
    #[inline(always)]
    fn act_tanh_fused(self) -> Self {
        self.act_tanh()
    }
    /// σ(x) for code compiled with FMA (see [`act_exp_fused`](Scalar::act_exp_fused)).
    #[inline(always)]
    fn act_sigmoid_fused(self) -> Self {
        self.act_sigmoid()
    }
    /// [`act_sigmoid_narrow`](Scalar::act_sigmoid_narrow) for code compiled with FMA (see
    /// [`act_exp_fused`](Scalar::act_exp_fused)): for `f32`,
    /// [`math::f32::fused::sigmoid_narrow_array`](crate::math::f32::fused::sigmoid_narrow_array),
    /// the fused table code inline without asking the CPU.
    #[inline(always)]
    fn act_sigmoid_narrow_fused<const N: usize>(z: [Self; N]) -> [Self; N] {
        Self::act_sigmoid_narrow(z)
    }
    /// softplus(x) = ln(1 + eˣ).
    fn act_softplus(self) -> Self;
    /// ln σ(x) = −softplus(−x).
    fn act_log_sigmoid(self) -> Self;
    /// swish(x) = x·σ(x).
    fn act_swish(self) -> Self;
    /// mish(x) = x·tanh(softplus(x)).
    fn act_mish(self) -> Self;
}

macro_rules! scalar_impl {
    ($f:ident) => {
        impl Scalar for $f {
            #[inline(always)]
            fn lit(x: f64) -> Self {
                x as $f
            }
            #[inline(always)]
            fn to_f64(self) -> f64 {
                self as f64
            }

            #[cfg(not(feature = "exact-math"))]
            #[inline(always)]
            fn act_exp(self) -> Self {
                crate::math::$f::exp(self)
            }
            #[cfg(not(feature = "exact-math"))]
            #[inline(always)]
            fn act_exp_m1(self) -> Self {
                crate::math::$f::exp_m1(self)
            }
            #[cfg(not(feature = "exact-math"))]
            #[inline(always)]
            fn act_tanh(self) -> Self {
                crate::math::$f::tanh(self)
            }
            #[cfg(not(feature = "exact-math"))]
            #[inline(always)]
            fn act_sigmoid(self) -> Self {
                crate::math::$f::sigmoid(self)
            }
            #[cfg(not(feature = "exact-math"))]
            #[inline(always)]
            fn act_sigmoid_narrow<const N: usize>(z: [Self; N]) -> [Self; N] {
                crate::math::$f::sigmoid_narrow_array(z)
            }
            #[cfg(not(feature = "exact-math"))]
            #[inline(always)]
            fn act_sigmoid_narrow_fused<const N: usize>(z: [Self; N]) -> [Self; N] {
                crate::math::$f::fused::sigmoid_narrow_array(z)
            }
            #[cfg(not(feature = "exact-math"))]
            #[inline(always)]
            fn act_exp_fused(self) -> Self {
                crate::math::$f::fused::exp(self)
            }
            #[cfg(not(feature = "exact-math"))]
            #[inline(always)]
            fn act_exp_m1_fused(self) -> Self {
                crate::math::$f::fused::exp_m1(self)
            }
            #[cfg(not(feature = "exact-math"))]
            #[inline(always)]
            fn act_tanh_fused(self) -> Self {
                crate::math::$f::fused::tanh(self)
            }
            #[cfg(not(feature = "exact-math"))]
            #[inline(always)]
            fn act_sigmoid_fused(self) -> Self {
                crate::math::$f::fused::sigmoid(self)
            }
            #[cfg(not(feature = "exact-math"))]
            #[inline(always)]
            fn act_softplus(self) -> Self {
                crate::math::$f::softplus(self)
            }
            #[cfg(not(feature = "exact-math"))]
            #[inline(always)]
            fn act_log_sigmoid(self) -> Self {
                crate::math::$f::log_sigmoid(self)
            }
            #[cfg(not(feature = "exact-math"))]
            #[inline(always)]
            fn act_swish(self) -> Self {
                crate::math::$f::swish(self)
            }
            #[cfg(not(feature = "exact-math"))]
            #[inline(always)]
            fn act_mish(self) -> Self {
                crate::math::$f::mish(self)
            }

            #[cfg(feature = "exact-math")]
            #[inline(always)]
            fn act_exp(self) -> Self {
                nalgebra::ComplexField::exp(self)
            }
            #[cfg(feature = "exact-math")]
            #[inline(always)]
            fn act_exp_m1(self) -> Self {
                nalgebra::ComplexField::exp_m1(self)
            }
            #[cfg(feature = "exact-math")]
            #[inline(always)]
            fn act_tanh(self) -> Self {
                nalgebra::ComplexField::tanh(self)
            }
            #[cfg(feature = "exact-math")]
            #[inline(always)]
            fn act_sigmoid(self) -> Self {
                // Exact at the extremes: e^(−x) overflows to +∞ and 1/(1+∞) = 0.
                1.0 / (1.0 + nalgebra::ComplexField::exp(-self))
            }
            #[cfg(feature = "exact-math")]
            #[inline(always)]
            fn act_softplus(self) -> Self {
                use nalgebra::ComplexField as C;
                RealField::max(self, 0.0) + C::ln_1p(C::exp(-C::abs(self)))
            }
            #[cfg(feature = "exact-math")]
            #[inline(always)]
            fn act_log_sigmoid(self) -> Self {
                use nalgebra::ComplexField as C;
                RealField::min(self, 0.0) - C::ln_1p(C::exp(-C::abs(self)))
            }
            #[cfg(feature = "exact-math")]
            #[inline(always)]
            fn act_swish(self) -> Self {
                self * self.act_sigmoid()
            }
            #[cfg(feature = "exact-math")]
            #[inline(always)]
            fn act_mish(self) -> Self {
                self * nalgebra::ComplexField::tanh(self.act_softplus())
            }
        }
    };
}

scalar_impl!(f32);
scalar_impl!(f64);

/// σ(x), fused flavour ([`Scalar::act_sigmoid_fused`]) if `FUSED`: for generic code that is
/// instantiated both in code compiled with FMA and without (the recurrent cells).
#[inline(always)]
pub(crate) fn sigmoid_as<T: Scalar, const FUSED: bool>(x: T) -> T {
    if FUSED {
        x.act_sigmoid_fused()
    } else {
        x.act_sigmoid()
    }
}

/// tanh x, fused flavour ([`Scalar::act_tanh_fused`]) if `FUSED` (see [`sigmoid_as`]).
#[inline(always)]
pub(crate) fn tanh_as<T: Scalar, const FUSED: bool>(x: T) -> T {
    if FUSED {
        x.act_tanh_fused()
    } else {
        x.act_tanh()
    }
}

#[cfg(test)]
mod tests {
    use super::Scalar;

    /// Inputs spread over the ranges where the functions are not saturated, and the ends.
    const XS: [f64; 12] = [
        -800.0, -90.0, -20.0, -3.5, -1.0, -0.1, 0.0, 1e-30, 0.3, 2.0, 15.0, 700.0,
    ];

    /// The activation maths are `math`'s functions by default and std's with `exact-math`, bit
    /// for bit in both cases.
    #[test]
    fn act_functions_are_the_selected_implementation() {
        for x in XS {
            let x32 = x as f32;
            #[cfg(not(feature = "exact-math"))]
            let (e32, t32, s32, e64, t64, m64) = (
                crate::math::f32::exp(x32),
                crate::math::f32::tanh(x32),
                crate::math::f32::sigmoid(x32),
                crate::math::f64::exp(x),
                crate::math::f64::tanh(x),
                crate::math::f64::exp_m1(x),
            );
            #[cfg(feature = "exact-math")]
            let (e32, t32, s32, e64, t64, m64) = (
                x32.exp(),
                x32.tanh(),
                1.0 / (1.0 + (-x32).exp()),
                x.exp(),
                x.tanh(),
                x.exp_m1(),
            );
            assert_eq!(x32.act_exp().to_bits(), e32.to_bits(), "exp({x})");
            assert_eq!(x32.act_tanh().to_bits(), t32.to_bits(), "tanh({x})");
            assert_eq!(x32.act_sigmoid().to_bits(), s32.to_bits(), "sigmoid({x})");
            assert_eq!(x.act_exp().to_bits(), e64.to_bits(), "exp({x})");
            assert_eq!(x.act_tanh().to_bits(), t64.to_bits(), "tanh({x})");
            assert_eq!(x.act_exp_m1().to_bits(), m64.to_bits(), "exp_m1({x})");
        }
    }
}
