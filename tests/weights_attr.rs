//! `#[weights = "…"]`: a safetensors file baked in at compile time is the network PyTorch
//! trained (tests/data/pytorch/named_*.safetensors, from tools/reference/pytorch_safetensors.py)
//! and the same values the run-time loader reads.

use typenet::prelude::*;

network! {
    /// PyTorch's module with `fc1`, Sigmoid, `fc2`, its trained weights in the binary.
    #[weights = "tests/data/pytorch/named_f64.safetensors"]
    pub struct Baked: 3 => fc1: Dense(5, Sigmoid) => fc2: Dense(2)
}

/// The weights are computed by the compiler: usable in a `static`.
static BAKED: Baked<f32> = Baked::<f32>::TRAINED;

#[test]
fn baked_weights_are_the_files() {
    let bytes = std::fs::read("tests/data/pytorch/named_f64.safetensors").unwrap();
    let opts = typenet::safetensors::LoadOptions::new();
    let loaded: Baked<f64> = typenet::safetensors::from_bytes(&bytes, &opts).unwrap();
    assert_eq!(Baked::<f64>::TRAINED.params(), loaded.params());
    let loaded32: Baked<f32> = typenet::safetensors::from_bytes(&bytes, &opts).unwrap();
    assert_eq!(BAKED.params(), loaded32.params());
}

network! {
    /// A sequence network (issue 20): PyTorch's LSTMCell tensors under typenet's names, from
    /// tools/reference/pytorch_sequence.py (the `lstm_stack` case's weights, as f32).
    #[weights = "tests/data/sequence/lstm_stack_f32.safetensors"]
    pub struct BakedLstm: 1 => LSTM(8) => LSTM(8) => Dense(1); loss = MSE
}

#[test]
fn a_sequence_network_bakes_in_and_loads_too() {
    let bytes = std::fs::read("tests/data/sequence/lstm_stack_f32.safetensors").unwrap();
    let opts = typenet::safetensors::LoadOptions::new();
    let loaded: BakedLstm<f32> = typenet::safetensors::from_bytes(&bytes, &opts).unwrap();
    assert_eq!(BakedLstm::<f32>::TRAINED, loaded);
    let names: Vec<&str> = BakedLstm::<f32>::TENSORS.iter().map(|t| t.name).collect();
    assert_eq!(
        &names[..4],
        [
            "layer1.weight_ih",
            "layer1.weight_hh",
            "layer1.bias_ih",
            "layer1.bias_hh"
        ]
    );
    let mut state = BakedLstmState::zeros();
    let y = loaded.step(&mut state, &Vector1::new(0.5));
    assert!(y[0].is_finite());
}
