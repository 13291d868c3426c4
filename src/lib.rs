//! typenet: a neural network is a type.
//!
//! ```
//! use typenet::prelude::*;
//!
//! network! {
//!     /// The seed lecture's XOR network.
//!     pub struct Xor: 2 => Dense(2, Sigmoid) => Dense(1, Sigmoid); loss = MSE
//! }
//!
//! let net = Xor::<f64>::zeros();
//! let y = net.forward(&Vector2::new(1.0, 0.0));
//! assert_eq!(y, Vector1::new(0.5));
//! ```
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate self as typenet;

pub use typenet_macros::network;
pub use typenet_runtime as runtime;
pub use typenet_runtime::*;

/// Everything a user of `network!` needs: the macro, the traits, the scalar and vector types.
pub mod prelude {
    pub use crate::network;
    pub use typenet_runtime::nalgebra::{
        SMatrix, SVector, Vector1, Vector2, Vector3, Vector4, Vector5, Vector6,
    };
    pub use typenet_runtime::{Flat, Network, Scalar, Trainable};
}

/// Paths for generated code. Not public API.
#[doc(hidden)]
pub mod __private {
    pub use typenet_runtime::*;
}
