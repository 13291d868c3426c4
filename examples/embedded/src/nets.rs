//! The firmware's three networks. The host program `examples/07-embedded.rs` includes this same
//! file, so the host trains, bakes and checks exactly these types.

use typenet::prelude::*;

network! {
    /// XOR, learned on the host by per-sample gradient descent and baked into flash.
    pub struct Xor: 2 => Dense(2, Sigmoid) => Dense(1, Sigmoid); loss = MSE
    /// The seed lecture's worked example: 2-2-2, sigmoid everywhere, no biases.
    pub struct SeedNet: 2 => Dense(2, Sigmoid, bias = false) => Dense(2, Sigmoid, bias = false); loss = MSE
    /// A streaming network (issue 20): one sample in, eight GRU units, one sample out; its
    /// weights are Glorot/PyTorch-uniform from a fixed seed, stepped one sample at a time.
    pub struct Gru: 1 => GRU(8) => Dense(1); loss = MSE
}
