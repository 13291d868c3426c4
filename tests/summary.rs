//! The model summary (issue 18): `Parameters::LAYERS` as the macro emits it and the printed
//! `summary()`, for XOR, a residual network and 784-128-10, against the expected text.

use typenet::prelude::*;
use typenet::summary::{LayerInfo, LayerKind, Summary};

network! {
    /// The seed's XOR network.
    pub struct Xor: 2 => Dense(2, Sigmoid) => Dense(1, Sigmoid); loss = MSE
    /// A residual block with a standalone activation stage and a nested block.
    pub struct Skips: 2 => Tanh => Dense(3) => Residual(ReLU => Dense(3) => Residual(Dense(3, Swish) => Dense(3)), Sigmoid) => Dense(2, LeakyReLU(0.2), bias = false); loss = MSE
    /// MNIST's classic multilayer perceptron.
    pub struct Mnist: 784 => Dense(128, ReLU) => Dense(10, Softmax); loss = CrossEntropy
}

#[test]
fn xor_summary() {
    assert_eq!(
        Xor::<f32>::SUMMARY.to_string(),
        "\
Xor: 2 inputs
layer            kind            output  activation      params
layer1           Dense                2  Sigmoid              6
layer2           Dense                1  Sigmoid              3
total parameters: 9 (36 bytes as f32, 72 bytes as f64)"
    );
    assert_eq!(
        Xor::<f64>::LAYERS[0],
        LayerInfo {
            kind: LayerKind::Dense,
            name: "layer1",
            inputs: 2,
            outputs: 2,
            activation: "Sigmoid",
            params: 6
        }
    );
    assert_eq!(Summary::of::<f64, Xor<f64>>(), Xor::<f32>::SUMMARY);
}

#[test]
fn residual_summary() {
    assert_eq!(
        Skips::<f64>::SUMMARY.to_string(),
        "\
Skips: 2 inputs
layer            kind            output  activation      params
activation1      Activation           2  Tanh                 0
layer1           Dense                3  Identity             9
activation2      Activation           3  ReLU                 0
layer2           Dense                3  Identity            12
layer3           Dense                3  Swish               12
layer4           Dense                3  Identity            12
residual1        Residual             3  Identity             0
residual2        Residual             3  Sigmoid              0
layer5           Dense (no bias)      2  LeakyReLU(0.2)       6
total parameters: 51 (204 bytes as f32, 408 bytes as f64)"
    );
    let total: usize = Skips::<f64>::LAYERS.iter().map(|l| l.params).sum();
    assert_eq!(total, Skips::<f64>::PARAMS);
}

#[test]
fn mnist_summary() {
    assert_eq!(
        Mnist::<f32>::SUMMARY.to_string(),
        "\
Mnist: 784 inputs
layer            kind            output  activation      params
layer1           Dense              128  ReLU            100480
layer2           Dense               10  Softmax           1290
total parameters: 101770 (407080 bytes as f32, 814160 bytes as f64)"
    );
}

#[test]
fn summary_of_a_value_and_no_bias_layers() {
    let net = Skips::<f64>::zeros();
    assert_eq!(net.summary(), Skips::<f64>::SUMMARY);
    assert_eq!(Summary::of::<f64, Skips<f64>>(), net.summary());
    let layer5 = Skips::<f64>::LAYERS.last().unwrap();
    assert!(!layer5.has_bias());
    assert_eq!(layer5.kind_label(), "Dense (no bias)");
    assert!(Skips::<f64>::LAYERS[1].has_bias());
    assert_eq!(Skips::<f64>::LAYERS[1].kind_label(), "Dense");
    // Not a dense layer: no bias to speak of, the kind's own name.
    assert!(!Skips::<f64>::LAYERS[0].has_bias());
    assert_eq!(Skips::<f64>::LAYERS[0].kind_label(), "Activation");
}
