// ELU's α must be a number literal.
use typenet::prelude::*;

network! { pub struct Net: 2 => Dense(2, ELU(alpha)) => Dense(1); loss = MSE }

fn main() {}
