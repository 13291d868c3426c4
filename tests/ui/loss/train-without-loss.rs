// The network was declared without `loss = …`, so it cannot be trained.
use typenet::prelude::*;

network! { pub struct Net: 2 => Dense(2, Tanh) => Dense(1) }

fn main() {
    let mut net = Net::<f32>::zeros();
    let _ = net.train_step(&Vector2::new(1.0, 0.0), &Vector1::new(1.0), 0.5);
}
