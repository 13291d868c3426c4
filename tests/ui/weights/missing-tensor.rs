// The definition has a layer `fc3` that the trained model does not.
use typenet::network;

network! {
    #[weights = "../../../../tests/data/pytorch/named_f32.safetensors"]
    pub struct Net: 3 => fc1: Dense(5, Sigmoid) => fc2: Dense(2) => fc3: Dense(1)
}

fn main() {}
