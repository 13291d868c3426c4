// A network is already generic over its scalar.
use typenet::prelude::*;

network! { pub struct Net<T>: 2 => Dense(1); loss = MSE }

fn main() {}
