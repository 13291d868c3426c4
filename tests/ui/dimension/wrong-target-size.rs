// The network has 1 output; the target has 2 entries.
use typenet::prelude::*;

network! { pub struct Xor: 2 => Dense(2, Sigmoid) => Dense(1, Sigmoid); loss = MSE }

fn main() {
    let net = Xor::<f32>::zeros();
    let _ = net.backward(&Vector2::new(1.0, 0.0), &Vector2::new(1.0, 0.0));
}
