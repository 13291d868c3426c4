// `Sigmod` is not an activation; the closest one is suggested.
use typenet::prelude::*;

network! { pub struct Net: 2 => Dense(2, Sigmod) => Dense(1); loss = MSE }

fn main() {}
