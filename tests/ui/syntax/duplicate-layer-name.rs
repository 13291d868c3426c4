// Layer names become field names, so two layers cannot share one.
use typenet::prelude::*;

network! { pub struct Net: 2 => hidden: Dense(4, Tanh) => hidden: Dense(1); loss = MSE }

fn main() {}
