// A network with a convolution over time has no per-sample `forward`: its output depends on
// the samples before.
use typenet::prelude::*;

network! { pub struct Net: 2 => Conv1D(4, Tanh, kernel = 3) => Dense(1) }

fn main() {
    let net = Net::<f32>::zeros();
    let _y = net.forward(&Vector2::new(0.5, 0.1));
}
