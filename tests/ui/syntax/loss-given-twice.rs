// A network has one loss.
use typenet::prelude::*;

network! { pub struct Net: 2 => Dense(4, Tanh) => Dense(1); loss = MSE; loss = MAE }

fn main() {}
