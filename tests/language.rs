//! The language of `network!`: names, attributes, options, defaults and the flat layout.
#![deny(missing_docs)]

use typenet::prelude::*;

network! {
    /// Named layers become field names.
    #[must_use]
    pub struct Named: 3 => hidden: Dense(4, ReLU) => out: Dense(2, Softmax); loss = CrossEntropy

    /// Several networks in one invocation; visibility passes through.
    pub(crate) struct Defaults: 1 => Dense(2, Step) => Dense(2, ELU) => Dense(1, LeakyReLU, bias = false)
}

network! {
    /// A second invocation in the same module.
    pub struct Huberish: 2 => Dense(3, Mish) => Dense(2); loss = Huber
}

/// A definition written inside `macro_rules!`, with sizes forwarded as `$n:literal`.
macro_rules! square {
    ($name:ident, $n:literal) => {
        network! {
            /// Square.
            pub struct $name: $n => Dense($n, Tanh) => Dense($n); loss = MSE
        }
    };
}
square!(Square3, 3);

#[test]
fn named_layers_are_fields_in_trace_and_gradients() {
    let net = Named::<f64>::zeros();
    let _: &typenet::Dense<f64, 3, 4> = &net.hidden;
    let _: &typenet::Dense<f64, 4, 2> = &net.out;
    let tr = net.forward_trace(&Vector3::new(1.0, 2.0, 3.0));
    assert_eq!(tr.out.a, Vector2::new(0.5, 0.5));
    let (_, g) = net.backward(&Vector3::new(1.0, 2.0, 3.0), &Vector2::new(1.0, 0.0));
    assert_eq!(g.out.bias, Vector2::new(-0.5, 0.5));
}

#[test]
fn defaults_and_sizes() {
    // Scalar type defaults to f32.
    let net: Defaults = Defaults::zeros();
    assert_eq!(Defaults::<f32>::PARAMS, (2 + 2) + (4 + 2) + 2);
    assert_eq!(<Defaults as Parameters<f32>>::PARAMS, 12);
    // Step's default threshold is 0: Step(0) = 1; ELU(0) = 0; the last layer has no bias.
    let tr = net.forward_trace(&Vector1::new(0.0));
    assert_eq!(tr.layer1.a, Vector2::new(1.0, 1.0));
    assert_eq!(tr.layer2.a, Vector2::new(0.0, 0.0));
    assert_eq!(Square3::<f64>::PARAMS, 24);
    assert_eq!(Huberish::<f64>::OUTPUTS, 2);
}

#[test]
fn activation_arguments_reach_the_code() {
    network! {
        /// Leaky slope 0.5, ELU α 2, step threshold 3.
        pub struct Args: 1 => Dense(1, LeakyReLU(0.5)) => Dense(1, ELU(2.0)) => Dense(1, Step(-3))
    }
    let mut net = Args::<f64>::zeros();
    net.layer1.weight[(0, 0)] = 1.0;
    net.layer2.weight[(0, 0)] = 1.0;
    net.layer3.weight[(0, 0)] = 1.0;
    let tr = net.forward_trace(&Vector1::new(-4.0));
    assert_eq!(tr.layer1.a[0], -2.0);
    assert_eq!(tr.layer2.a[0], 2.0 * ((-2.0f64).exp() - 1.0));
    assert_eq!(tr.layer3.a[0], 1.0); // −1.73 ≥ −3
}

#[test]
fn flat_order_is_state_dict_order() {
    let mut net = Named::<f64>::zeros();
    let n = Named::<f64>::PARAMS;
    let values: Vec<f64> = (0..n).map(|k| k as f64).collect();
    net.params_mut().copy_from_slice(&values);
    // hidden.weight (4 × 3, row-major): row j = neuron j, column i = input i.
    assert_eq!(net.hidden.weight[(0, 0)], 0.0);
    assert_eq!(net.hidden.weight[(2, 0)], 2.0); // input 2 → neuron 0
    assert_eq!(net.hidden.weight[(0, 1)], 3.0); // input 0 → neuron 1
    assert_eq!(net.hidden.bias[0], 12.0);
    assert_eq!(net.out.weight[(0, 0)], 16.0);
    assert_eq!(net.out.bias[1], 25.0);
    assert_eq!(n, 26);
    let again = Named::<f64>::from_params(&values).unwrap();
    assert_eq!(again, net);
    assert!(Named::<f64>::from_params(&values[..25]).is_err());
}

#[test]
fn he_and_glorot_initialisation_bounds() {
    use rand_pcg::Pcg64;
    use typenet::rand_core::SeedableRng;
    network! {
        /// ReLU hidden layer (He), sigmoid output (Glorot).
        pub struct Init: 100 => Dense(50, ReLU) => Dense(10, Sigmoid)
    }
    let net = Init::<f64>::random(&mut Pcg64::seed_from_u64(0));
    let he = (6.0f64 / 100.0).sqrt();
    let glorot = (6.0f64 / 60.0).sqrt();
    let w1 = net.layer1.weight.as_slice();
    let w2 = net.layer2.weight.as_slice();
    assert!(w1.iter().all(|w| w.abs() <= he));
    assert!(w2.iter().all(|w| w.abs() <= glorot));
    // The samples fill their range: the largest is close to the bound.
    assert!(w1.iter().fold(0.0f64, |m, w| m.max(w.abs())) > 0.95 * he);
    assert!(w2.iter().fold(0.0f64, |m, w| m.max(w.abs())) > 0.95 * glorot);
    assert!(net.layer1.bias.iter().all(|b| *b == 0.0));
    // The mean is near zero (5,000 samples of U(−b, b): standard error b/√15000).
    let mean = w1.iter().sum::<f64>() / w1.len() as f64;
    assert!(mean.abs() < 4.0 * he / (3.0f64 * 5000.0).sqrt());
}

network! {
    /// For the `const` construction test.
    pub struct Tiny: 2 => Dense(2, Sigmoid, bias = false) => Dense(1, Identity)
}

/// Weights in flash: built at compile time.
static TINY: Tiny<f64> = Tiny::from_array([0.1, 0.3, 0.2, 0.1, 0.4, 0.5, -0.25]);
const TINY_F32: Tiny<f32> = Tiny::from_array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]);

#[test]
fn const_construction_matches_the_runtime_one() {
    assert_eq!(TINY.params(), &[0.1, 0.3, 0.2, 0.1, 0.4, 0.5, -0.25]);
    assert_eq!(TINY.layer1.weight[(1, 0)], 0.3);
    assert_eq!(TINY.layer2.bias[0], -0.25);
    assert_eq!(
        TINY_F32,
        Tiny::<f32>::from_params(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]).unwrap()
    );
    let y = TINY.forward(&Vector2::new(0.2, 0.5));
    assert!(y[0].is_finite());
}
