// The recurrent network takes 1 input per step; the call passes a vector of 2.
use typenet::prelude::*;

network! { pub struct Amp: 1 => LSTM(16) => Dense(1); loss = MSE }

fn main() {
    let net = Amp::<f32>::zeros();
    let mut state = AmpState::zeros();
    let _y = net.step(&mut state, &Vector2::new(0.5, 0.1));
}
