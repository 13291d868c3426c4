// `bias` takes `true` or `false`.
use typenet::prelude::*;

network! { pub struct Net: 2 => Dense(2, Sigmoid, bias = 0) => Dense(1); loss = MSE }

fn main() {}
