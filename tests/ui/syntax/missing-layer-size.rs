// `Dense` needs its number of neurons first.
use typenet::prelude::*;

network! { pub struct Net: 2 => Dense(Sigmoid) => Dense(1); loss = MSE }

fn main() {}
