//! Weight initialisation.
//!
//! Generated networks initialise each layer's weights from a uniform distribution U(−b, b) and
//! its biases to zero:
//!
//! - **Glorot/Xavier** (Glorot & Bengio, 2010) for sigmoid- and tanh-like activations and the
//!   identity: b = √(6 / (fan_in + fan_out)).
//! - **He/Kaiming** (He et al., 2015) for ReLU-like activations (ReLU, LeakyReLU, ELU):
//!   b = √(6 / fan_in), i.e. gain √2.
//!
//! Any [`rand_core::Rng`] drives it (`rand_core` 0.10; formerly `RngCore`), so it is
//! reproducible with a seeded generator and works in `no_std`.

use rand_core::Rng;

use crate::Scalar;

/// The bound b of Glorot/Xavier uniform initialisation: √(6 / (fan_in + fan_out)).
pub fn glorot_bound(fan_in: usize, fan_out: usize) -> f64 {
    libm_sqrt(6.0 / (fan_in + fan_out) as f64)
}

/// The bound b of He/Kaiming uniform initialisation for ReLU-like layers: √(6 / fan_in).
pub fn he_bound(fan_in: usize) -> f64 {
    libm_sqrt(6.0 / fan_in as f64)
}

/// A uniform sample from [0, 1) with 53 random bits.
pub fn unit_f64<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Fills `values` with independent samples of U(−bound, bound).
pub fn fill_uniform<T: Scalar, R: Rng + ?Sized>(values: &mut [T], bound: f64, rng: &mut R) {
    for v in values {
        *v = T::lit((2.0 * unit_f64(rng) - 1.0) * bound);
    }
}

fn libm_sqrt(x: f64) -> f64 {
    <f64 as nalgebra::ComplexField>::sqrt(x)
}
