// Quantizing a network whose hidden layer uses Mish, an activation without an int8 form.
use typenet::prelude::*;

network! {
    pub struct Smooth: 2 => Dense(4, Mish) => Dense(1)
}

fn main() {
    let net = Smooth::<f32>::zeros();
    let _ = net.quantize([Vector2::new(0.0f32, 1.0)]);
}
