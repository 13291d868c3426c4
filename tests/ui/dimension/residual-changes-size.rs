// A residual block adds its input to its output, so it must keep the size: this one maps 4 to 3.
use typenet::prelude::*;

network! {
    pub struct Net: 2 => Dense(4, ReLU) => Residual(Dense(4, ReLU) => Dense(3)) => Dense(1);
    loss = MSE
}

fn main() {}
