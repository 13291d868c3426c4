// `bias` is given twice: the macro does not guess which one was meant.
use typenet::prelude::*;

network! { pub struct Net: 2 => Dense(4, ReLU, bias = false, bias = true) => Dense(1); loss = MSE }

fn main() {}
