// A block keyword with a typo: the chain inside is still read, and the name is suggested.
use typenet::prelude::*;

network! { pub struct Net: 2 => Dense(4) => Resdual(Dense(4, ReLU) => Dense(4)) => Dense(1); loss = MSE }

fn main() {}
