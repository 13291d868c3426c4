// The weights file does not exist (a typo in the path).
use typenet::network;

network! {
    #[weights = "models/no-such-file.safetensors"]
    pub struct Net: 3 => fc1: Dense(5, Sigmoid) => fc2: Dense(2)
}

fn main() {}
