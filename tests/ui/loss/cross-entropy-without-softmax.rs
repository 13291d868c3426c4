// Cross-entropy is computed from the logits of a Softmax output layer.
use typenet::prelude::*;

network! { pub struct Net: 4 => Dense(8, ReLU) => Dense(3, Sigmoid); loss = CrossEntropy }

fn main() {}
