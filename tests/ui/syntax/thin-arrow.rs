// Layers are joined by `=>`, not by a function's return arrow `->`.
use typenet::prelude::*;

network! { pub struct Net: 2 => Dense(2, Tanh) -> Dense(1); loss = MSE }

fn main() {}
