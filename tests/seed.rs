//! The seed lecture's worked backpropagation example (`shared/seed/README.md`, section 3), value
//! by value, to 1e-12 in f64.
//!
//! A 2-2-2 network, sigmoid everywhere, no biases, E = ½ Σ (t − y)², learning rate 0.3,
//! x = (0.2, 0.5), t = (0.2, 0.7). The slides name the first layer's weights w⁰ and the second's
//! w¹; typenet names the layers `layer1` and `layer2`, and `weight[(i, j)]` is w_ij.

use typenet::prelude::*;

network! {
    /// The seed's 2-2-2 network.
    pub struct SeedNet: 2 => Dense(2, Sigmoid, bias = false) => Dense(2, Sigmoid, bias = false); loss = MSE
}

const TOL: f64 = 1e-12;

fn seed_net() -> SeedNet<f64> {
    let mut net = SeedNet::<f64>::zeros();
    // Layer 0 of the slides: w10⁰ = 0.1, w20⁰ = 0.3, w11⁰ = 0.2, w21⁰ = 0.1. Slide indices are
    // 1-based for inputs (x1, x2) and 0-based for neurons.
    net.layer1.weight[(0, 0)] = 0.1;
    net.layer1.weight[(1, 0)] = 0.3;
    net.layer1.weight[(0, 1)] = 0.2;
    net.layer1.weight[(1, 1)] = 0.1;
    // Layer 1: w10¹ = 0.4, w20¹ = 0.1, w11¹ = 0.5, w21¹ = 0.3.
    net.layer2.weight[(0, 0)] = 0.4;
    net.layer2.weight[(1, 0)] = 0.1;
    net.layer2.weight[(0, 1)] = 0.5;
    net.layer2.weight[(1, 1)] = 0.3;
    net
}

fn close(found: f64, expected: f64, what: &str) {
    assert!(
        (found - expected).abs() < TOL,
        "{what}: expected {expected}, found {found} (difference {:e})",
        found - expected
    );
}

#[test]
fn sizes_match_the_seed() {
    assert_eq!(SeedNet::<f64>::INPUTS, 2);
    assert_eq!(SeedNet::<f64>::OUTPUTS, 2);
    assert_eq!(SeedNet::<f64>::PARAMS, 8);
}

#[test]
fn forward_values_match_the_exact_column() {
    let net = seed_net();
    let x = Vector2::new(0.2, 0.5);
    let tr = net.forward_trace(&x);
    close(tr.layer1.z[0], 0.17, "z10");
    close(tr.layer1.z[1], 0.09, "z11");
    close(tr.layer1.a[0], 0.542397940774351, "a10");
    close(tr.layer1.a[1], 0.5224848247918001, "a11");
    close(tr.layer2.z[0], 0.2692076587889204, "z20");
    close(tr.layer2.z[1], 0.42794441782471554, "z21");
    close(tr.layer2.a[0], 0.5668983760222124, "a20");
    close(tr.layer2.a[1], 0.6053827077129649, "a21");
    let y = net.forward(&x);
    assert_eq!(y, tr.layer2.a);
}

#[test]
fn loss_gradients_and_update_match_the_exact_column() {
    let mut net = seed_net();
    let x = Vector2::new(0.2, 0.5);
    let t = Vector2::new(0.2, 0.7);
    close(net.loss(&x, &t), 0.07178342516373348, "E");
    let (e, g) = net.backward(&x, &t);
    close(e, 0.07178342516373348, "E from backward");
    close(g.layer2.weight[(0, 0)], 0.04886060572163948, "∂E/∂w10¹");
    // The slides print 0.0034 here: their last factor is a10 = 0.54 where ∂z10/∂w10⁰ = x1 = 0.2.
    close(g.layer1.weight[(0, 0)], 0.0012276715518154803, "∂E/∂w10⁰");
    net.sgd_step(&g, 0.3).unwrap();
    close(
        net.layer2.weight[(0, 0)],
        0.38534181828350816,
        "w10¹ after one step",
    );
    // The slides print 0.09897 (from the slip above).
    close(
        net.layer1.weight[(0, 0)],
        0.09963169853445536,
        "w10⁰ after one step",
    );
}

#[test]
fn the_slides_intermediate_partials_follow_from_rounded_inputs() {
    // ∂E₁/∂a10 = −(t1 − a20)·a20(1 − a20)·w10¹ and ∂E₂/∂a10 = −(t2 − a21)·a21(1 − a21)·w11¹; the
    // slides evaluate them with a20 ≈ 0.57, a21 ≈ 0.61 and print 0.03627 and −0.0107.
    let rounded = |t: f64, a: f64, w: f64| -(t - a) * a * (1.0 - a) * w;
    assert!((rounded(0.2, 0.57, 0.4) - 0.03627).abs() < 5e-6);
    assert!((rounded(0.7, 0.61, 0.5) - (-0.0107)).abs() < 5e-5);
    // With exact activations, their sum times a10(1 − a10) times x1 is the exact gradient.
    let net = seed_net();
    let x = Vector2::new(0.2, 0.5);
    let t = Vector2::new(0.2, 0.7);
    let tr = net.forward_trace(&x);
    let (a10, a20, a21) = (tr.layer1.a[0], tr.layer2.a[0], tr.layer2.a[1]);
    let sum = rounded(0.2, a20, 0.4) + rounded(0.7, a21, 0.5);
    let (_, g) = net.backward(&x, &t);
    close(
        sum * a10 * (1.0 - a10) * 0.2,
        g.layer1.weight[(0, 0)],
        "chain rule by hand",
    );
}

#[test]
fn flat_parameters_are_in_state_dict_order() {
    let net = seed_net();
    // PyTorch: layer1.weight (out × in, row-major) = [[w10⁰, w20⁰], [w11⁰, w21⁰]], then layer2.
    assert_eq!(net.params(), &[0.1, 0.3, 0.2, 0.1, 0.4, 0.1, 0.5, 0.3]);
    let again = SeedNet::<f64>::from_array([0.1, 0.3, 0.2, 0.1, 0.4, 0.1, 0.5, 0.3]);
    assert_eq!(again, net);
}
