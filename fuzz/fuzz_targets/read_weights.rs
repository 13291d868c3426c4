//! Any bytes, as a weight file for five network types: no panic; a refusal leaves the network
//! unchanged; `read_weights` and `read_weights_into` agree; an accepted file holds finite values
//! and round-trips bit for bit. (The same checks as `tests/weights_fuzz.rs`.)
#![no_main]

use libfuzzer_sys::fuzz_target;
use typenet::export::{read_weights, read_weights_into, write_weights};
use typenet::prelude::*;

network! {
    pub struct Xor: 2 => Dense(2, Sigmoid) => Dense(1, Sigmoid); loss = MSE
    pub struct Eight: 8 => Dense(1)
    pub struct Skip: 2 => Dense(3, ReLU) => Residual(Dense(3, ReLU) => Dense(3, bias = false))
        => named: Dense(2); loss = MSE
}

fn check<T: Scalar, N: Network<T> + PartialEq + core::fmt::Debug>(text: &str) {
    let sentinel = N::filled(T::lit(7.0));
    let read = read_weights::<T, N>(text);
    let mut into = sentinel.clone();
    let result = read_weights_into(text, &mut into);
    match (&read, result) {
        (Ok(net), Ok(())) => {
            assert!(net.params().iter().all(|v| v.is_finite()));
            assert!(*net == into);
            let mut again = String::new();
            write_weights(&mut again, net).unwrap();
            let back: N = read_weights(&again).unwrap();
            let bits = |n: &N| {
                n.params()
                    .iter()
                    .map(|v| v.to_f64().to_bits())
                    .collect::<Vec<_>>()
            };
            assert_eq!(bits(&back), bits(net));
        }
        (Err(a), Err(b)) => {
            assert_eq!(*a, b);
            assert!(into == sentinel);
            let _ = a.to_string();
        }
        _ => panic!("read_weights and read_weights_into disagree"),
    }
}

fuzz_target!(|data: &[u8]| {
    // `load_weights` refuses a file that is not UTF-8 before parsing; the readers take `&str`.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    check::<f32, Xor<f32>>(text);
    check::<f64, Xor<f64>>(text);
    check::<f32, Eight<f32>>(text);
    check::<f32, Skip<f32>>(text);
    check::<f64, Skip<f64>>(text);
});
