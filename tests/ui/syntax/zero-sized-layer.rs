// A layer needs at least one neuron.
use typenet::prelude::*;

network! { pub struct Net: 2 => Dense(0, Sigmoid) => Dense(1, Sigmoid); loss = MSE }

fn main() {}
