//! The scalar type every network, optimizer and scheduler is generic over.

use nalgebra::RealField;

/// A real floating-point scalar: `f32` or `f64`.
///
/// Everything in typenet is generic over `T: Scalar`. It is nalgebra's [`RealField`] (so all the
/// elementary functions are available, through `std` or through `libm` without it) plus two
/// conversions to and from `f64` that the runtime needs for constants and for reporting.
pub trait Scalar: RealField + Copy + Default + core::fmt::Debug + 'static {
    /// Converts an `f64` constant (a hyperparameter, a literal in generated code) to `Self`,
    /// rounding to nearest.
    fn lit(x: f64) -> Self;
    /// Widens (or keeps) `self` as an `f64`.
    fn to_f64(self) -> f64;
}

impl Scalar for f32 {
    #[inline(always)]
    fn lit(x: f64) -> Self {
        x as f32
    }
    #[inline(always)]
    fn to_f64(self) -> f64 {
        self as f64
    }
}

impl Scalar for f64 {
    #[inline(always)]
    fn lit(x: f64) -> Self {
        x
    }
    #[inline(always)]
    fn to_f64(self) -> f64 {
        self
    }
}
