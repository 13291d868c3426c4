// A residual block needs the layers whose output its input is added to.
use typenet::prelude::*;

network! { pub struct Net: 2 => Dense(4) => Residual() => Dense(1); loss = MSE }

fn main() {}
