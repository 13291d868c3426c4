// The file holds integers (I64), not floating-point weights.
use typenet::network;

network! {
    #[weights = "../../../../tests/ui/weights/int64.safetensors"]
    pub struct Net: 2 => Dense(1)
}

fn main() {}
