// Names are case-sensitive: `relu` is written `ReLU`.
use typenet::prelude::*;

network! { pub struct Net: 2 => Dense(2, relu) => Dense(1); loss = MSE }

fn main() {}
