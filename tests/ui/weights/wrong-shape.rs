// `fc1` has 4 neurons here, but the trained model's `fc1` has 5.
use typenet::network;

network! {
    #[weights = "../../../../tests/data/pytorch/named_f32.safetensors"]
    pub struct Net: 3 => fc1: Dense(4, Sigmoid) => fc2: Dense(2)
}

fn main() {}
