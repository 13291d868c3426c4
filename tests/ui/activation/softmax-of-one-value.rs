// The softmax of a single value is always 1: a one-output layer wants `Sigmoid`.
use typenet::prelude::*;

network! { pub struct Net: 2 => Dense(4, ReLU) => Dense(1, Softmax); loss = MSE }

fn main() {}
