// A convolution needs its kernel size (PyTorch's `kernel_size` has no default either).
use typenet::prelude::*;

network! { pub struct Net: 2 => Conv1D(8, Tanh) => Dense(1); loss = MSE }

fn main() {}
