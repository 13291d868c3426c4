// A residual block adds its input to its output: this convolution stack maps 16 channels to 8.
use typenet::prelude::*;

network! {
    pub struct Tcn: 1 => Conv1D(16, kernel = 1)
        => Residual(Conv1D(16, Tanh, kernel = 3, dilation = 2) => Conv1D(8, kernel = 1))
        => Dense(1); loss = MSE
}

fn main() {}
