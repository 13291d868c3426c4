// `Dense` has one option, `bias`; this one is misspelt.
use typenet::prelude::*;

network! { pub struct Net: 2 => Dense(2, Sigmoid, biass = false) => Dense(1); loss = MSE }

fn main() {}
