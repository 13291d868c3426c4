//! XOR, the seed's closing problem: one hidden layer learns it, a single layer cannot.

use rand_pcg::Pcg64;
use typenet::prelude::*;
use typenet::rand_core::SeedableRng;

network! {
    /// One hidden layer of two sigmoid units.
    pub struct Xor: 2 => Dense(2, Sigmoid) => Dense(1, Sigmoid); loss = MSE
    /// A single sigmoid unit: a linear separator.
    pub struct SingleSigmoid: 2 => Dense(1, Sigmoid); loss = MSE
    /// A single linear unit.
    pub struct SingleLinear: 2 => Dense(1); loss = MSE
}

fn xor<T: Scalar>() -> [(Vector2<T>, Vector1<T>); 4] {
    let (o, l) = (T::zero(), T::one());
    [
        (Vector2::new(o, o), Vector1::new(o)),
        (Vector2::new(o, l), Vector1::new(l)),
        (Vector2::new(l, o), Vector1::new(l)),
        (Vector2::new(l, l), Vector1::new(o)),
    ]
}

/// Per-sample gradient descent for `epochs` epochs; returns the final mean loss per sample.
fn train<T: Scalar, N: Trainable<T, Input = Vector2<T>, Target = Vector1<T>>>(
    net: &mut N,
    lr: T,
    epochs: usize,
) -> T {
    let data = xor::<T>();
    for _ in 0..epochs {
        for (x, t) in &data {
            net.train_step(x, t, lr).unwrap();
        }
    }
    let total = data.iter().fold(T::zero(), |s, (x, t)| s + net.loss(x, t));
    total / T::lit(4.0)
}

/// Full-batch gradient descent on the mean loss for `epochs` epochs; returns the final mean loss.
fn train_full_batch<N: Trainable<f64, Input = Vector2<f64>, Target = Vector1<f64>>>(
    net: &mut N,
    lr: f64,
    epochs: usize,
) -> f64 {
    let data = xor::<f64>();
    for _ in 0..epochs {
        let mut g = N::Gradients::zeros();
        for (x, t) in &data {
            net.backward_into(x, t, &mut g);
        }
        net.sgd_step(&g, lr / 4.0).unwrap();
    }
    data.iter().map(|(x, t)| net.loss(x, t)).sum::<f64>() / 4.0
}

#[test]
fn one_hidden_layer_learns_xor_f64() {
    let mut net = Xor::<f64>::random(&mut Pcg64::seed_from_u64(1));
    let e = train(&mut net, 1.0, 3000);
    assert!(e < 0.01, "mean loss {e}");
    for (x, t) in xor::<f64>() {
        assert_eq!(net.forward(&x)[0].round(), t[0]);
    }
}

#[test]
fn one_hidden_layer_learns_xor_f32() {
    let mut net = Xor::<f32>::random(&mut Pcg64::seed_from_u64(1));
    let e = train(&mut net, 1.0, 3000);
    assert!(e < 0.01, "mean loss {e}");
}

#[test]
fn a_single_layer_cannot_learn_xor() {
    // The best a linear separator can do is y = ½ on every pattern: E = ½·¼ = 0.125 per sample.
    for seed in 0..8 {
        let mut net = SingleSigmoid::<f64>::random(&mut Pcg64::seed_from_u64(seed));
        let e = train(&mut net, 1.0, 5000);
        assert!(e >= 0.125 - 1e-9, "seed {seed}: sigmoid unit reached {e}");
        let mut net = SingleLinear::<f64>::random(&mut Pcg64::seed_from_u64(seed));
        let e = train_full_batch(&mut net, 0.5, 2000);
        assert!(e >= 0.125 - 1e-9, "seed {seed}: linear unit reached {e}");
        assert!(
            e < 0.126,
            "seed {seed}: linear unit did not converge to its optimum: {e}"
        );
    }
}
