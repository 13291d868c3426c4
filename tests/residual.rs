//! Residual blocks and standalone activation stages (issue 8): what they compute, how they are
//! named and laid out, and that training through them is the same as anywhere else. Gradients
//! through the skip path are checked against finite differences in `tests/gradients.rs` and the
//! Hessian against PyTorch in `tests/hessian.rs`.

use rand_pcg::Pcg64;
use typenet::Trainable;
use typenet::activation::{Elementwise, Sigmoid, Tanh};
use typenet::prelude::*;
use typenet::rand_core::SeedableRng;

network! {
    /// `Dense(4) => ReLU` is the fused `Dense(4, ReLU)`.
    pub struct Staged: 2 => Dense(4) => ReLU => Dense(1) => Sigmoid; loss = BCE
    /// The same network written with activations inside the layers.
    pub struct Fused: 2 => Dense(4, ReLU) => Dense(1, Sigmoid); loss = BCE
    /// One residual block with an activation after it.
    pub struct Block: 2 => Residual(Dense(3, Tanh) => Dense(2)) => ReLU; loss = MSE
    /// The activation as the block's argument: the same network as `Block`.
    pub struct BlockArgument: 2 => Residual(Dense(3, Tanh) => Dense(2), ReLU); loss = MSE
    /// Names: dense layers are numbered on, inside blocks too; blocks and unfused activations
    /// get their own names in the trace.
    pub struct Named: 3 => Dense(4) => Residual(Dense(4, Tanh) => Dense(4)) => Tanh => Sigmoid
        => skip: Residual(Swish => out: Dense(4)) => Dense(2); loss = MSE
    /// An activation stage first, on the input.
    pub struct ActivationFirst: 2 => Tanh => Dense(1)
    /// No parameters at all.
    pub struct Parameterless: 3 => Softmax; loss = MSE
    /// Every layer of more than 16 weights, so `train_step` takes the in-place path.
    pub struct WideResidual: 3 => Dense(8, ReLU) => Residual(Dense(8, Tanh) => Dense(8)) => Dense(2); loss = MSE
}

#[test]
fn a_fused_activation_stage_is_the_layer_activation() {
    assert_eq!(Staged::<f64>::PARAMS, Fused::<f64>::PARAMS);
    let mut rng = Pcg64::seed_from_u64(1);
    let fused = Fused::<f64>::random(&mut rng);
    let staged = Staged::<f64>::from_params(fused.params()).unwrap();
    for x in [Vector2::new(0.3, -0.2), Vector2::new(-1.5, 2.0)] {
        assert_eq!(staged.forward(&x), fused.forward(&x));
        let t = Vector1::new(1.0);
        let (ls, gs) = staged.backward(&x, &t);
        let (lf, gf) = fused.backward(&x, &t);
        assert_eq!(ls.to_bits(), lf.to_bits());
        assert_eq!(gs.as_slice(), gf.as_slice());
    }
    // The trace has the dense layers only: no separate activation stage was made.
    let tr = staged.forward_trace(&Vector2::new(0.1, 0.2));
    assert_eq!(tr.layer1.a, tr.layer1.z.map(|z| z.max(0.0)));
}

#[test]
fn a_residual_block_adds_its_input_to_its_output() {
    let net = Block::<f64>::from_array([
        // layer1: 2 → 3, weight (out × in, row-major) then bias
        0.5, -0.25, 1.0, 0.75, -0.5, 0.125, 0.1, -0.2, 0.3, // layer2: 3 → 2
        1.0, -1.0, 0.5, 0.25, 0.5, -2.0, 0.05, -0.4,
    ]);
    let x = Vector2::new(0.6, -1.2);
    // By hand: h = tanh(W1 x + b1), f = W2 h + b2, y = relu(x + f).
    let w1: [[f64; 2]; 3] = [[0.5, -0.25], [1.0, 0.75], [-0.5, 0.125]];
    let b1: [f64; 3] = [0.1, -0.2, 0.3];
    let w2: [[f64; 3]; 2] = [[1.0, -1.0, 0.5], [0.25, 0.5, -2.0]];
    let b2: [f64; 2] = [0.05, -0.4];
    let h: Vec<f64> = (0..3usize)
        .map(|j| (w1[j][0] * x[0] + w1[j][1] * x[1] + b1[j]).tanh())
        .collect();
    let y: Vec<f64> = (0..2)
        .map(|k| (x[k] + w2[k][0] * h[0] + w2[k][1] * h[1] + w2[k][2] * h[2] + b2[k]).max(0.0))
        .collect();
    let out = net.forward(&x);
    for k in 0..2 {
        assert!(
            (out[k] - y[k]).abs() < 1e-15,
            "output {k}: {} vs {}",
            out[k],
            y[k]
        );
    }
    // The trace keeps the block's sum and its activation.
    let tr = net.forward_trace(&x);
    assert_eq!(tr.residual1.z, x + tr.layer2.a);
    assert_eq!(tr.residual1.a, out);
    // The activation written as the block's argument is the same network.
    let arg = BlockArgument::<f64>::from_params(net.params()).unwrap();
    assert_eq!(arg.forward(&x), out);
}

#[test]
fn stages_are_named_and_numbered() {
    let mut rng = Pcg64::seed_from_u64(2);
    let net = Named::<f64>::random(&mut rng);
    // Parameters: layer1 (3 → 4), layer2 and layer3 (the first block), out (the second block's
    // layer, named), layer5 (4 → 2).
    assert_eq!(Named::<f64>::PARAMS, 16 + 20 + 20 + 20 + 10);
    assert_eq!(net.layer2.weight.shape(), (4, 4));
    assert_eq!(net.out.weight.shape(), (4, 4));
    assert_eq!(net.layer5.weight.shape(), (4, 2));
    let x = Vector3::new(0.2, -0.4, 0.9);
    let tr = net.forward_trace(&x);
    // `=> Tanh` after the first block fuses into it; `=> Sigmoid` after that cannot, and is
    // its own stage. The second block starts with an activation stage of its own.
    // (The activations are typenet's own, so compare with them bit for bit.)
    let tanh = |v: f64| Elementwise::<f64>::value(&Tanh, v);
    let sig = |v: f64| Elementwise::<f64>::value(&Sigmoid, v);
    assert_eq!(tr.residual1.a, tr.residual1.z.map(tanh));
    assert_eq!(tr.activation1.z, tr.residual1.a);
    assert_eq!(tr.activation1.a, tr.activation1.z.map(sig));
    assert_eq!(tr.activation2.z, tr.activation1.a);
    assert_eq!(tr.skip.z, tr.activation1.a + tr.out.a);
    assert_eq!(tr.layer5.a, net.forward(&x));
}

#[test]
fn an_activation_stage_can_come_first() {
    let net = ActivationFirst::<f64>::from_array([2.0, -3.0, 0.5]);
    let x = Vector2::new(0.4, 1.3);
    let expected = 2.0 * 0.4f64.tanh() - 3.0 * 1.3f64.tanh() + 0.5;
    assert!((net.forward(&x)[0] - expected).abs() < 1e-14);
    let j = net.input_jacobian(&x);
    assert!((j[(0, 1)] - -3.0 * (1.0 - 1.3f64.tanh().powi(2))).abs() < 1e-14);
}

#[test]
fn a_network_without_parameters_still_works() {
    let net = Parameterless::<f64>::zeros();
    assert_eq!(Parameterless::<f64>::PARAMS, 0);
    let y = net.forward(&Vector3::new(1.0, 2.0, 3.0));
    assert!((y.sum() - 1.0f64).abs() < 1e-15);
    let (loss, grads) = net.backward(&Vector3::new(1.0, 2.0, 3.0), &Vector3::new(0.0, 0.0, 1.0));
    assert!(loss > 0.0);
    assert!(grads.as_slice().is_empty());
}

/// `train_step` through residual blocks is bit for bit `backward` then `sgd_step`, on both the
/// copy path (tiny layers) and the in-place path.
#[test]
fn train_step_through_blocks_equals_backward_then_sgd_step() {
    fn check<N: Trainable<f64>>(mut net: N, x: N::Input, t: N::Target) {
        for _ in 0..5 {
            let mut reference = net.clone();
            let (l1, g) = reference.backward(&x, &t);
            reference.sgd_step(&g, 0.05).unwrap();
            let l2 = net.train_step(&x, &t, 0.05).unwrap();
            assert_eq!(l1.to_bits(), l2.to_bits());
            assert_eq!(net.params(), reference.params());
        }
    }
    let mut rng = Pcg64::seed_from_u64(3);
    check(
        Named::<f64>::random(&mut rng),
        Vector3::new(0.5, -0.1, 0.3),
        Vector2::new(0.2, -0.7),
    );
    check(
        WideResidual::<f64>::random(&mut rng),
        Vector3::new(0.5, -0.1, 0.3),
        Vector2::new(0.2, -0.7),
    );
    check(
        Block::<f64>::random(&mut rng),
        Vector2::new(0.5, -0.1),
        Vector2::new(0.2, 0.7),
    );
}

/// A residual network learns: a block around the identity fits y = x + sin(x) quickly, since the
/// skip already carries x.
#[test]
fn a_residual_network_trains() {
    network! { struct Fit: 1 => Residual(Dense(8, Tanh) => Dense(1)); loss = MSE }
    let mut rng = Pcg64::seed_from_u64(4);
    let mut net = Fit::<f64>::random(&mut rng);
    let data: Vec<(Vector1<f64>, Vector1<f64>)> = (0..21)
        .map(|i| {
            let x = -2.0 + 0.2 * i as f64;
            (Vector1::new(x), Vector1::new(x + x.sin()))
        })
        .collect();
    let mean_loss = |net: &Fit<f64>| data.iter().map(|(x, t)| net.loss(x, t)).sum::<f64>() / 21.0;
    let before = mean_loss(&net);
    for _ in 0..2000 {
        for (x, t) in &data {
            net.train_step(x, t, 0.02).unwrap();
        }
    }
    let after = mean_loss(&net);
    assert!(after < 1e-3, "loss {before} → {after}");
}
