// The clause is `loss`.
use typenet::prelude::*;

network! { pub struct Net: 2 => Dense(4, Tanh) => Dense(1); los = MSE }

fn main() {}
