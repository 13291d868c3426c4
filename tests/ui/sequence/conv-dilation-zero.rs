// A dilation of 0 would read the same step K times; the smallest dilation is 1.
use typenet::prelude::*;

network! { pub struct Net: 2 => Conv1D(8, kernel = 3, dilation = 0) => Dense(1); loss = MSE }

fn main() {}
