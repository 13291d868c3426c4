//! Second-order terms of the activations and losses, as R-operators (Pearlmutter 1994).
//!
//! For a direction v in parameter space, the R-operator R{·} = ∂(·)/∂r (θ + r v) at r = 0 is the
//! directional derivative of any quantity of the forward or backward pass. Applied to the
//! backward pass it gives the Hessian-vector product H·v exactly, at the cost of about two
//! backward passes. Each layer needs two rules:
//!
//! - forward: a = f(z) gives R{a} = J_f(z)·R{z};
//! - backward: ∂E/∂z = J_f(z)ᵀ·∂E/∂a gives
//!   R{∂E/∂z} = J_f(z)ᵀ·R{∂E/∂a} + (∂/∂r J_f(z)ᵀ)·∂E/∂a.
//!
//! For an element-wise f these are R{a} = f′(z)·R{z} and
//! R{∂E/∂z} = f′(z)·R{∂E/∂a} + f″(z)·R{z}·∂E/∂a, with f″ from
//! [`Elementwise::second_derivative`]. For [`Softmax`], with y = softmax(z) and
//! ∂E/∂z = y ⊙ (∂E/∂y − y·∂E/∂y):
//! R{y} = y ⊙ (R{z} − y·R{z}) and
//! R{∂E/∂z} = R{y} ⊙ (∂E/∂y − y·∂E/∂y) + y ⊙ (R{∂E/∂y} − R{y}·∂E/∂y − y·R{∂E/∂y}).
//!
//! The losses contribute their Hessian with respect to what they read:
//!
//! | loss | Hessian | R{∂E/∂y} or R{∂E/∂z} |
//! |---|---|---|
//! | [`MSE`] | I (in y) | R{y} |
//! | [`MAE`] | 0 almost everywhere (in y) | 0 |
//! | [`Huber`] | 1 where \|y − t\| ≤ δ, 0 outside (in y, diagonal) | R{y} inside, 0 outside |
//! | [`CrossEntropy`] | (Σt)(diag(y) − y yᵀ) (in the logits z) | (Σt)·y ⊙ (R{z} − y·R{z}) |
//! | [`BCE`] | diag(σ(z)(1 − σ(z))) (in the logits z) | y(1 − y) ⊙ R{z} |

use nalgebra::SVector;

use crate::Scalar;
use crate::activation::{
    Activation, ELU, Elementwise, Identity, LeakyReLU, LogSigmoid, Mish, ReLU, Sigmoid, Sinc,
    Softmax, Softplus, Softsign, Step, Swish, Tanh,
};
use crate::loss::{BCE, CrossEntropy, FusedLoss, Huber, Loss, MAE, MSE};

/// An activation's second-order rules: the R-operator of its forward and backward pass.
pub trait Curvature<T: Scalar>: Activation<T> {
    /// R{a} = J_f(z)·R{z}, given z, a = f(z) and R{z}.
    fn r_apply<const N: usize>(
        &self,
        z: &SVector<T, N>,
        a: &SVector<T, N>,
        rz: &SVector<T, N>,
    ) -> SVector<T, N>;
    /// R{∂E/∂z}, given z, a, ∂E/∂a, R{z}, R{a} and R{∂E/∂a}.
    #[allow(clippy::too_many_arguments)]
    fn r_backprop<const N: usize>(
        &self,
        z: &SVector<T, N>,
        a: &SVector<T, N>,
        da: &SVector<T, N>,
        rz: &SVector<T, N>,
        ra: &SVector<T, N>,
        rda: &SVector<T, N>,
    ) -> SVector<T, N>;
}

/// Implements [`Curvature`] for element-wise activations from `derivative` and
/// `second_derivative`.
// NOTE: a macro over the one list of element-wise types (`activation::with_elementwise`), not a
// blanket `impl<A: Elementwise<T>> Curvature<T> for A`: that impl would conflict with
// `Softmax`'s own (E0119, "downstream crates may implement trait `Elementwise<_>` for type
// `Softmax`": a user's scalar type makes `Elementwise<Theirs>` for `Softmax` legal under the
// orphan rules). Tried on 1.95 for issue 16.
macro_rules! elementwise_curvature {
    ($($ty:ty),* $(,)?) => {$(
        impl<T: Scalar> Curvature<T> for $ty {
            #[inline]
            fn r_apply<const N: usize>(
                &self,
                z: &SVector<T, N>,
                a: &SVector<T, N>,
                rz: &SVector<T, N>,
            ) -> SVector<T, N> {
                SVector::<T, N>::from_fn(|i, _| self.derivative(z[i], a[i]) * rz[i])
            }
            #[inline]
            fn r_backprop<const N: usize>(
                &self,
                z: &SVector<T, N>,
                a: &SVector<T, N>,
                da: &SVector<T, N>,
                rz: &SVector<T, N>,
                _ra: &SVector<T, N>,
                rda: &SVector<T, N>,
            ) -> SVector<T, N> {
                SVector::<T, N>::from_fn(|i, _| {
                    self.derivative(z[i], a[i]) * rda[i]
                        + self.second_derivative(z[i], a[i]) * rz[i] * da[i]
                })
            }
        }
    )*};
}

crate::activation::with_elementwise!(elementwise_curvature);

impl<T: Scalar> Curvature<T> for Softmax {
    #[inline]
    fn r_apply<const N: usize>(
        &self,
        _z: &SVector<T, N>,
        a: &SVector<T, N>,
        rz: &SVector<T, N>,
    ) -> SVector<T, N> {
        let dot = a.dot(rz);
        SVector::<T, N>::from_fn(|i, _| a[i] * (rz[i] - dot))
    }
    #[inline]
    fn r_backprop<const N: usize>(
        &self,
        _z: &SVector<T, N>,
        a: &SVector<T, N>,
        da: &SVector<T, N>,
        _rz: &SVector<T, N>,
        ra: &SVector<T, N>,
        rda: &SVector<T, N>,
    ) -> SVector<T, N> {
        let dot = a.dot(da);
        let rdot = ra.dot(da) + a.dot(rda);
        SVector::<T, N>::from_fn(|i, _| ra[i] * (da[i] - dot) + a[i] * (rda[i] - rdot))
    }
}

/// A loss's Hessian with respect to the output y, as a product with R{y}.
pub trait LossCurvature<T: Scalar>: Loss<T> {
    /// R{∂E/∂y} = (∂²E/∂y²)·R{y}.
    fn output_hvp<const N: usize>(
        &self,
        y: &SVector<T, N>,
        t: &SVector<T, N>,
        ry: &SVector<T, N>,
    ) -> SVector<T, N>;
}

/// A fused loss's Hessian with respect to the logits z, as a product with R{z}.
pub trait FusedLossCurvature<T: Scalar>: FusedLoss<T> {
    /// R{∂E/∂z} = (∂²E/∂z²)·R{z}, given z, y = activation(z), t and R{z}.
    fn logit_hvp<const N: usize>(
        &self,
        z: &SVector<T, N>,
        y: &SVector<T, N>,
        t: &SVector<T, N>,
        rz: &SVector<T, N>,
    ) -> SVector<T, N>;
}

impl<T: Scalar> LossCurvature<T> for MSE {
    /// ∂²E/∂y² = I.
    #[inline]
    fn output_hvp<const N: usize>(
        &self,
        _y: &SVector<T, N>,
        _t: &SVector<T, N>,
        ry: &SVector<T, N>,
    ) -> SVector<T, N> {
        *ry
    }
}

impl<T: Scalar> LossCurvature<T> for MAE {
    /// ∂²E/∂y² = 0 wherever it exists (everywhere but y = t).
    #[inline]
    fn output_hvp<const N: usize>(
        &self,
        _y: &SVector<T, N>,
        _t: &SVector<T, N>,
        _ry: &SVector<T, N>,
    ) -> SVector<T, N> {
        SVector::<T, N>::zeros()
    }
}

impl<T: Scalar> LossCurvature<T> for Huber<T> {
    /// ∂²E/∂y_i² = 1 where |y_i − t_i| ≤ δ (the quadratic part, where the gradient
    /// clamp(y − t, −δ, δ) has slope 1), 0 outside.
    #[inline]
    fn output_hvp<const N: usize>(
        &self,
        y: &SVector<T, N>,
        t: &SVector<T, N>,
        ry: &SVector<T, N>,
    ) -> SVector<T, N> {
        SVector::<T, N>::from_fn(|i, _| {
            if (y[i] - t[i]).abs() <= self.delta {
                ry[i]
            } else {
                T::zero()
            }
        })
    }
}

impl<T: Scalar> FusedLossCurvature<T> for CrossEntropy {
    /// ∂²E/∂z² = (Σt)(diag(y) − y yᵀ), y = softmax(z).
    #[inline]
    fn logit_hvp<const N: usize>(
        &self,
        _z: &SVector<T, N>,
        y: &SVector<T, N>,
        t: &SVector<T, N>,
        rz: &SVector<T, N>,
    ) -> SVector<T, N> {
        let dot = y.dot(rz);
        let st = t.sum();
        SVector::<T, N>::from_fn(|i, _| st * y[i] * (rz[i] - dot))
    }
}

impl<T: Scalar> FusedLossCurvature<T> for BCE {
    /// ∂²E/∂z² = diag(σ(z)(1 − σ(z))).
    #[inline]
    fn logit_hvp<const N: usize>(
        &self,
        _z: &SVector<T, N>,
        y: &SVector<T, N>,
        _t: &SVector<T, N>,
        rz: &SVector<T, N>,
    ) -> SVector<T, N> {
        SVector::<T, N>::from_fn(|i, _| y[i] * (T::one() - y[i]) * rz[i])
    }
}
