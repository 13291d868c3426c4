//! 02 — The seed lecture's backpropagation walkthrough, value by value.
//!
//! The 2-2-2 sigmoid network without biases, E = ½ Σ (t − y)², x = (0.2, 0.5), t = (0.2, 0.7),
//! learning rate 0.3. Each value the slides print is shown beside the one typenet computes; the
//! slides round to two or three digits, and in one place they slip (marked below).
//!
//! Run with `cargo run --example 02-seed-backprop`.

use typenet::prelude::*;

network! {
    /// The seed's 2-2-2 network: sigmoid everywhere, no biases.
    pub struct SeedNet: 2 => Dense(2, Sigmoid, bias = false) => Dense(2, Sigmoid, bias = false); loss = MSE
}

fn row(name: &str, slide: &str, computed: f64, note: &str) {
    println!("{name:<14} {slide:>10}   {computed:<22} {note}");
}

fn main() {
    // weight[(i, j)] is w_ij: from input i (x1, x2 → rows 0, 1) to neuron j.
    let mut net = SeedNet::<f64>::from_array([
        // layer1.weight as PyTorch stores it (out × in): [w10⁰, w20⁰], [w11⁰, w21⁰]
        0.1, 0.3, 0.2, 0.1, //
        // layer2.weight: [w10¹, w20¹], [w11¹, w21¹]
        0.4, 0.1, 0.5, 0.3,
    ]);
    let x = Vector2::new(0.2, 0.5);
    let t = Vector2::new(0.2, 0.7);
    let tr = net.forward_trace(&x);
    let (e, g) = net.backward(&x, &t);

    println!(
        "{:<14} {:>10}   {:<22} note",
        "quantity", "slides", "typenet (f64)"
    );
    println!("{}", "-".repeat(78));
    row("z10", "0.17", tr.layer1.z[0], "");
    row("z11", "0.09", tr.layer1.z[1], "");
    row("a10", "0.54", tr.layer1.a[0], "");
    row("a11", "0.52", tr.layer1.a[1], "");
    row("z20", "0.27", tr.layer2.z[0], "");
    row("z21", "0.43", tr.layer2.z[1], "");
    row("a20 = y1", "0.57", tr.layer2.a[0], "");
    row("a21 = y2", "0.61", tr.layer2.a[1], "");
    row("E", "—", e, "½((t1 − y1)² + (t2 − y2)²)");
    row(
        "∂E/∂w10¹",
        "0.049",
        g.layer2.weight[(0, 0)],
        "0.37 × 0.25 × 0.54 on the slides",
    );
    row(
        "∂E/∂w10⁰",
        "0.0034",
        g.layer1.weight[(0, 0)],
        "<- the slides' slip, see below",
    );

    net.sgd_step(&g, 0.3).expect("finite gradient");
    row(
        "w10¹ after",
        "0.3853",
        net.layer2.weight[(0, 0)],
        "0.4 − 0.3 × ∂E/∂w10¹",
    );
    row(
        "w10⁰ after",
        "0.09897",
        net.layer1.weight[(0, 0)],
        "0.1 − 0.3 × ∂E/∂w10⁰",
    );

    let a10 = tr.layer1.a[0];
    println!();
    println!(
        "The slip: the slides compute ∂E/∂w10⁰ = (∂E₁/∂a10 + ∂E₂/∂a10) · ∂a10/∂z10 · ∂z10/∂w10⁰"
    );
    println!(
        "and use ∂z10/∂w10⁰ = a10 = {a10:.2}. But z10 = x1·w10⁰ + x2·w20⁰, so ∂z10/∂w10⁰ = x1 = 0.2."
    );
    println!(
        "With 0.2 the gradient is {:.10} (not 0.0034), and the updated weight {:.10} (not 0.09897).",
        g.layer1.weight[(0, 0)],
        net.layer1.weight[(0, 0)]
    );
}
