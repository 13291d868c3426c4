// Quantizing a network with a residual block, which has no int8 form.
use typenet::prelude::*;

network! {
    pub struct Res: 2 => Dense(2, ReLU) => Residual(Dense(2, ReLU) => Dense(2)) => Dense(1)
}

fn main() {
    let net = Res::<f32>::zeros();
    let _ = net.quantize([Vector2::new(0.0f32, 1.0)]);
}
