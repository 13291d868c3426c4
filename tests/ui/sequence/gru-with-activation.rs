// A GRU's output is its hidden state h (PyTorch has no activation argument); the activation
// belongs in a stage after it.
use typenet::prelude::*;

network! { pub struct Net: 1 => GRU(8, ReLU) => Dense(1); loss = MSE }

fn main() {}
