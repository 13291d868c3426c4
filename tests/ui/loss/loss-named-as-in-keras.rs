// `MeanSquaredError` is Keras's name; typenet's is `MSE`.
use typenet::prelude::*;

network! { pub struct Net: 2 => Dense(2, Tanh) => Dense(1); loss = MeanSquaredError }

fn main() {}
