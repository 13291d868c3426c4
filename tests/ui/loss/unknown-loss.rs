// `MSEE` is not a loss; the closest one is suggested.
use typenet::prelude::*;

network! { pub struct Net: 2 => Dense(2, Tanh) => Dense(1); loss = MSEE }

fn main() {}
