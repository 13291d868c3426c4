// Without a `loss = …` clause a network is inference-only: it has no `backward`.
use typenet::prelude::*;

network! { pub struct Net: 2 => Dense(2, Tanh) => Dense(1) }

fn main() {
    let net = Net::<f32>::zeros();
    let _ = net.backward(&Vector2::new(1.0, 0.0), &Vector1::new(1.0));
}
