// Binary cross-entropy is computed from the logits of a Sigmoid output layer.
use typenet::prelude::*;

network! { pub struct Net: 4 => Dense(8, ReLU) => Dense(1); loss = BCE }

fn main() {}
