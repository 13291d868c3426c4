//! The expression form: `network!(…)` as a value of an unnamed type.

use typenet::prelude::*;

#[test]
fn expression_form_is_a_seeded_f32_network() {
    let net = network!(2 => Dense(4, Tanh) => Dense(1); loss = MSE);
    let again = network!(2 => Dense(4, Tanh) => Dense(1); loss = MSE);
    // Deterministic: the same fixed seed every time, so two values are equal.
    assert_eq!(net.params(), again.params());
    assert_eq!(net.params().len(), 2 * 4 + 4 + 4 + 1);
    // Biases start at zero; weights are Glorot-uniform, inside ±√(6/(fan_in + fan_out)).
    let b1 = (6.0f64 / 6.0).sqrt() as f32;
    assert!(net.params()[..8].iter().all(|w| w.abs() <= b1 && *w != 0.0));
    assert!(net.params()[8..12].iter().all(|b| *b == 0.0));
    let y: SVector<f32, 1> = net.forward(&Vector2::new(0.5, -0.5));
    assert!(y[0].is_finite());
}

#[test]
fn expression_form_trains() {
    let mut net = network!(1 => Dense(8, Tanh) => Dense(1); loss = MSE);
    let data: Vec<(Vector1<f32>, Vector1<f32>)> = (0..16)
        .map(|i| {
            let x = i as f32 / 8.0 - 1.0;
            (Vector1::new(x), Vector1::new(x * x))
        })
        .collect();
    let before: f32 = data.iter().map(|(x, t)| net.loss(x, t)).sum();
    for _ in 0..500 {
        for (x, t) in &data {
            net.train_step(x, t, 0.05).unwrap();
        }
    }
    let after: f32 = data.iter().map(|(x, t)| net.loss(x, t)).sum();
    assert!(after < before / 10.0, "before {before}, after {after}");
}

#[test]
fn inference_only_networks_have_no_loss() {
    let net = network!(3 => Dense(2, ReLU) => Dense(2, Softmax));
    let y = net.forward(&Vector3::new(1.0, 2.0, 3.0));
    assert!((y.sum() - 1.0).abs() < 1e-6);
    // It implements `Network` (generic code can run it) but not `Trainable`; calling `backward`
    // on it is a compile error (tests/ui/loss/inference-only-has-no-backward.rs).
    fn outputs<N: Network<f32>>(_: &N) -> usize {
        N::OUTPUTS
    }
    assert_eq!(outputs(&net), 2);
}
