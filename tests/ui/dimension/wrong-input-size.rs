// The network takes 2 inputs; the call passes a vector of 3.
use typenet::prelude::*;

network! { pub struct Xor: 2 => Dense(2, Sigmoid) => Dense(1, Sigmoid); loss = MSE }

fn main() {
    let net = Xor::<f32>::zeros();
    let _y = net.forward(&Vector3::new(1.0, 0.0, 1.0));
}
