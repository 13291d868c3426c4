// The network has 1 output; the result is stored as a vector of 2.
use typenet::prelude::*;

network! { pub struct Xor: 2 => Dense(2, Sigmoid) => Dense(1, Sigmoid); loss = MSE }

fn main() {
    let net = Xor::<f32>::zeros();
    let _y: Vector2<f32> = net.forward(&Vector2::new(1.0, 0.0));
}
