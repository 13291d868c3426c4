// An activation stage has no weights, so it takes no options such as `bias`.
use typenet::prelude::*;

network! { pub struct Net: 2 => Dense(4) => ReLU(bias = false) => Dense(1); loss = MSE }

fn main() {}
