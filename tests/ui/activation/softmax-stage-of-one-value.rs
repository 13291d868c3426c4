// A standalone `Softmax` after a one-neuron layer is still the softmax of a single value.
use typenet::prelude::*;

network! { pub struct Net: 2 => Dense(4, ReLU) => Dense(1) => Softmax; loss = MSE }

fn main() {}
