// A convolution's kernel covers at least one step.
use typenet::prelude::*;

network! { pub struct Net: 2 => Conv1D(8, Tanh, kernel = 0) => Dense(1); loss = MSE }

fn main() {}
