//! Any bytes, as a safetensors file for four network types (issue 19): no panic; a refusal
//! leaves the network unchanged; `from_bytes` and `read_into` agree; an accepted file holds
//! finite values and writes back to a file that reads to the same bits. (The same checks as
//! `tests/safetensors.rs`'s mutation test, on libFuzzer's inputs.)
#![no_main]

use libfuzzer_sys::fuzz_target;
use typenet::prelude::*;
use typenet::safetensors::{LoadOptions, from_bytes, read_into, to_bytes};

network! {
    pub struct Plain: 2 => Dense(3, Tanh) => Dense(1); loss = MSE
    pub struct Named: 2 => fc1: Dense(3, Tanh) => fc2: Dense(1, bias = false)
    pub struct Skip: 2 => Dense(3, ReLU) => Residual(Dense(3, ReLU) => Dense(3)) => Dense(2)
}

fn check<T: Scalar, N: Network<T> + PartialEq + core::fmt::Debug>(
    bytes: &[u8],
    opts: &LoadOptions,
) {
    let sentinel = N::filled(T::lit(7.0));
    let read = from_bytes::<T, N>(bytes, opts);
    let mut into = sentinel.clone();
    let result = read_into(bytes, opts, &mut into);
    match (&read, result) {
        (Ok(net), Ok(())) => {
            assert!(net.params().iter().all(|v| v.is_finite()));
            assert!(*net == into);
            let again = to_bytes(net, opts).unwrap();
            let back: N = from_bytes(&again, opts).unwrap();
            let bits = |n: &N| {
                n.params()
                    .iter()
                    .map(|v| v.to_f64().to_bits())
                    .collect::<Vec<_>>()
            };
            assert_eq!(bits(&back), bits(net));
        }
        (Err(_), Err(b)) => {
            assert!(into == sentinel);
            let _ = b.to_string();
        }
        _ => panic!("from_bytes and read_into disagree"),
    }
}

fuzz_target!(|data: &[u8]| {
    let plain = LoadOptions::new();
    let mapped = LoadOptions::new()
        .prefix("model.")
        .ignore(&["num_batches_tracked"]);
    check::<f32, Plain<f32>>(data, &plain);
    check::<f64, Plain<f64>>(data, &plain);
    check::<f32, Named<f32>>(data, &mapped);
    check::<f32, Skip<f32>>(data, &plain);
});
