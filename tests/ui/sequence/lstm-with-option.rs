// An LSTM layer takes only its size.
use typenet::prelude::*;

network! { pub struct Net: 1 => LSTM(8, bias = false) => Dense(1); loss = MSE }

fn main() {}
