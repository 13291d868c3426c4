// Sigmoid has no parameter.
use typenet::prelude::*;

network! { pub struct Net: 2 => Dense(2, Sigmoid(2.0)) => Dense(1); loss = MSE }

fn main() {}
