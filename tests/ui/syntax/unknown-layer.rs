// The layer kind is misspelt.
use typenet::prelude::*;

network! { pub struct Net: 2 => Dens(2, Sigmoid) => Dense(1); loss = MSE }

fn main() {}
