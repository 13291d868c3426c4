// The inner block maps 3 to 5. Only it is reported: the outer block's size follows from it.
use typenet::prelude::*;

network! {
    pub struct Net: 2 => Dense(3) => Residual(Dense(3, Tanh) => Residual(Dense(2) => Dense(5))) => Dense(1);
    loss = MSE
}

fn main() {}
