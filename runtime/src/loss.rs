//! Loss functions, per sample.
//!
//! A loss compares a network's output `y` with a target `t` for one sample and is summed over the
//! outputs (not averaged): this is the seed's convention, E = ½ Σ (t − y)². Training over several
//! samples averages the per-sample losses (and gradients) over the batch.
//!
//! [`MSE`], [`MAE`] and [`Huber`] act on the output `y` and implement [`Loss`]. [`CrossEntropy`]
//! and [`BCE`] belong to an output activation ([`Softmax`](crate::activation::Softmax) and
//! [`Sigmoid`](crate::activation::Sigmoid)) and are computed from that layer's pre-activation `z`
//! (the logits), which is exact and stable for any finite `z`; they implement [`FusedLoss`].
//!
//! | loss | E(y, t) per sample | ∂E/∂y or ∂E/∂z | PyTorch equivalent |
//! |---|---|---|---|
//! | [`MSE`] | ½ Σ (t_i − y_i)² | y − t | `MSELoss(reduction="sum")` / 2 |
//! | [`MAE`] | Σ \|t_i − y_i\| | sign(y − t) (0 where equal) | `L1Loss(reduction="sum")` |
//! | [`Huber`] | Σ h_δ(y_i − t_i) | clamp(y − t, −δ, δ) | `HuberLoss(reduction="sum", delta=δ)` |
//! | [`CrossEntropy`] | −Σ t_i ln softmax(z)_i | softmax(z)·Σt − t | `CrossEntropyLoss(reduction="sum")` on probabilities |
//! | [`BCE`] | Σ −t_i ln σ(z_i) − (1−t_i) ln(1−σ(z_i)) | σ(z) − t | `BCEWithLogitsLoss(reduction="sum")` |
//!
//! with h_δ(r) = ½r² if |r| ≤ δ, δ(|r| − ½δ) otherwise.

use nalgebra::SVector;

use crate::Scalar;
use crate::activation::log_sum_exp;

/// A loss computed from the network's output `y`.
pub trait Loss<T: Scalar> {
    /// E(y, t) for one sample.
    fn loss<const N: usize>(&self, y: &SVector<T, N>, t: &SVector<T, N>) -> T;
    /// ∂E/∂y for one sample.
    fn gradient<const N: usize>(&self, y: &SVector<T, N>, t: &SVector<T, N>) -> SVector<T, N>;
}

/// A loss fused with the output activation, computed from the last layer's pre-activation `z`.
pub trait FusedLoss<T: Scalar> {
    /// E for one sample, from the logits `z` (stable for every finite `z`).
    fn loss_from_logits<const N: usize>(&self, z: &SVector<T, N>, t: &SVector<T, N>) -> T;
    /// ∂E/∂z for one sample, from the output `y` = activation(`z`) and the target.
    fn logit_gradient<const N: usize>(&self, y: &SVector<T, N>, t: &SVector<T, N>)
    -> SVector<T, N>;
}

/// Squared error, the seed's E = ½ Σ (t_i − y_i)², with ∂E/∂y = y − t.
///
/// PyTorch's `MSELoss()` (reduction `"mean"`) is Σ (t_i − y_i)² / N = 2E/N over the N outputs of
/// one sample; with `reduction="sum"` it is 2E. The ½ makes the gradient y − t, as on the slides.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[allow(clippy::upper_case_acronyms)]
pub struct MSE;
impl<T: Scalar> Loss<T> for MSE {
    #[inline]
    fn loss<const N: usize>(&self, y: &SVector<T, N>, t: &SVector<T, N>) -> T {
        (t - y).norm_squared() * T::lit(0.5)
    }
    #[inline]
    fn gradient<const N: usize>(&self, y: &SVector<T, N>, t: &SVector<T, N>) -> SVector<T, N> {
        y - t
    }
}

/// Absolute error E = Σ |t_i − y_i|, with ∂E/∂y = sign(y − t), taken as 0 where y = t
/// (PyTorch's convention).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[allow(clippy::upper_case_acronyms)]
pub struct MAE;
impl<T: Scalar> Loss<T> for MAE {
    #[inline]
    fn loss<const N: usize>(&self, y: &SVector<T, N>, t: &SVector<T, N>) -> T {
        (t - y).abs().sum()
    }
    #[inline]
    fn gradient<const N: usize>(&self, y: &SVector<T, N>, t: &SVector<T, N>) -> SVector<T, N> {
        (y - t).map(|r| {
            if r > T::zero() {
                T::one()
            } else if r < T::zero() {
                -T::one()
            } else {
                T::zero()
            }
        })
    }
}

/// Huber loss with threshold δ: E = Σ h_δ(y_i − t_i), h_δ(r) = ½r² if |r| ≤ δ, δ(|r| − ½δ)
/// otherwise; ∂E/∂y = clamp(y − t, −δ, δ). Quadratic near the target, linear (robust to
/// outliers) far from it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Huber<T> {
    /// δ, where the loss turns from quadratic to linear. Defaults to 1 (as PyTorch's).
    pub delta: T,
}
impl<T: Scalar> Default for Huber<T> {
    fn default() -> Self {
        Huber { delta: T::one() }
    }
}
impl<T: Scalar> Loss<T> for Huber<T> {
    #[inline]
    fn loss<const N: usize>(&self, y: &SVector<T, N>, t: &SVector<T, N>) -> T {
        let d = self.delta;
        (y - t)
            .map(|r| {
                let a = r.abs();
                if a <= d {
                    T::lit(0.5) * r * r
                } else {
                    d * (a - T::lit(0.5) * d)
                }
            })
            .sum()
    }
    #[inline]
    fn gradient<const N: usize>(&self, y: &SVector<T, N>, t: &SVector<T, N>) -> SVector<T, N> {
        let d = self.delta;
        (y - t).map(|r| r.max(-d).min(d))
    }
}

/// Cross-entropy of a Softmax output: E = −Σ t_i ln y_i with y = softmax(z).
///
/// Computed from the logits as E = Σ t_i (lse(z) − z_i), where lse is the log-sum-exp, so it is
/// finite for every finite z even when some y_i underflows to 0. ∂E/∂z = y·Σ_i t_i − t, which is
/// y − t for a one-hot or probability target. Equals PyTorch's `CrossEntropyLoss(reduction="sum")`
/// with class-probability targets, for one sample.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CrossEntropy;
impl<T: Scalar> FusedLoss<T> for CrossEntropy {
    #[inline]
    fn loss_from_logits<const N: usize>(&self, z: &SVector<T, N>, t: &SVector<T, N>) -> T {
        let lse = log_sum_exp(z);
        t.zip_fold(z, T::zero(), |acc, ti, zi| acc + ti * (lse - zi))
    }
    #[inline]
    fn logit_gradient<const N: usize>(
        &self,
        y: &SVector<T, N>,
        t: &SVector<T, N>,
    ) -> SVector<T, N> {
        y * t.sum() - t
    }
}

/// Binary cross-entropy of a Sigmoid output: E = Σ −t_i ln y_i − (1 − t_i) ln(1 − y_i) with
/// y = σ(z).
///
/// Computed from the logits as Σ max(z_i, 0) − z_i t_i + ln(1 + e^(−|z_i|)), finite for every
/// finite z; ∂E/∂z = σ(z) − t. Equals PyTorch's `BCEWithLogitsLoss(reduction="sum")`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[allow(clippy::upper_case_acronyms)]
pub struct BCE;
impl<T: Scalar> FusedLoss<T> for BCE {
    #[inline]
    fn loss_from_logits<const N: usize>(&self, z: &SVector<T, N>, t: &SVector<T, N>) -> T {
        z.zip_fold(t, T::zero(), |acc, zi, ti| {
            acc + zi.act_softplus() - zi * ti
        })
    }
    #[inline]
    fn logit_gradient<const N: usize>(
        &self,
        y: &SVector<T, N>,
        t: &SVector<T, N>,
    ) -> SVector<T, N> {
        y - t
    }
}
