// A network needs at least one input.
use typenet::prelude::*;

network! { pub struct Net: 0 => Dense(2, Sigmoid); loss = MSE }

fn main() {}
