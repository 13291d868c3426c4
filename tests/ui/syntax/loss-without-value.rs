// `loss =` needs the name of a loss after it.
use typenet::prelude::*;

network! { pub struct Net: 2 => Dense(2, Tanh) => Dense(1); loss = }

fn main() {}
