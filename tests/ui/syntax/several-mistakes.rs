// Three mistakes in one definition: all three are reported by one build.
use typenet::prelude::*;

network! { pub struct Net: 2 => Dense(0, Sigmod) => Dense(1, Tanh, bias = no); loss = MSEE }

fn main() {}
