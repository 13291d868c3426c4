// An activation goes inside a layer.
use typenet::prelude::*;

network! { pub struct Net: 2 => Dense(4) => ReLU => Dense(1); loss = MSE }

fn main() {}
