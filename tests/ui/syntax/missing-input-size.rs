// The chain must start with the number of inputs.
use typenet::prelude::*;

network! { pub struct Xor: Dense(2, Sigmoid) => Dense(1, Sigmoid); loss = MSE }

fn main() {}
