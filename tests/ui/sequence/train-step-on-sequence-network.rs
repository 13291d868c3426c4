// A network with an LSTM keeps a state between samples: it has no per-sample `train_step`.
use typenet::prelude::*;

network! { pub struct Amp: 1 => LSTM(16) => Dense(1); loss = MSE }

fn main() {
    let mut net = Amp::<f32>::zeros();
    let _ = net.train_step(&Vector1::new(0.5), &Vector1::new(0.2), 0.01);
}
