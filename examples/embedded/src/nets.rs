//! The firmware's networks. The host program `examples/07-embedded.rs` includes this same
//! file, so the host trains, bakes and checks exactly these types.

use typenet::prelude::*;

network! {
    /// XOR, learned on the host by per-sample gradient descent and baked into flash.
    pub struct Xor: 2 => Dense(2, Sigmoid) => Dense(1, Sigmoid); loss = MSE
    /// The seed lecture's worked example: 2-2-2, sigmoid everywhere, no biases.
    pub struct SeedNet: 2 => Dense(2, Sigmoid, bias = false) => Dense(2, Sigmoid, bias = false); loss = MSE
    /// The 8×8 digits network of issue 21 (`examples/support/digits.rs`): its `f32` weights
    /// and its int8 twin `DigitsQuantized` are baked in from `tests/data/int8/` (`digits.rs`).
    pub struct Digits: 64 => Dense(32, ReLU) => Dense(10, Softmax); loss = CrossEntropy
    /// A streaming network (issue 20): one sample in, eight GRU units, one sample out; its
    /// weights are Glorot/PyTorch-uniform from a fixed seed, stepped one sample at a time.
    pub struct Gru: 1 => GRU(8) => Dense(1); loss = MSE
}
