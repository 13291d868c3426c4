//! Bad numbers never corrupt a model: a step whose loss, gradient or result is not finite is
//! refused and the parameters stay exactly as they were. Also: the buffer-free `train_step` is bit
//! for bit `backward` followed by `sgd_step`.

use rand_pcg::Pcg64;
use typenet::prelude::*;
use typenet::rand_core::SeedableRng;
use typenet::{NonFiniteError, Trainable};

network! {
    /// Unrolled code path.
    pub struct Small: 3 => Dense(4, ReLU) => Dense(2, Tanh) => Dense(2); loss = MSE
    /// Looped code path.
    pub struct SmallLooped: 3 => Dense(4, ReLU) => Dense(2, Tanh) => Dense(2); loss = MSE; unroll = 0
    /// Layers of more than 16 weights: their step is proven finite in O(width) or checked in
    /// place, not taken into a copy.
    pub struct Wide: 3 => Dense(8, ReLU) => Dense(4, Tanh) => Dense(2); loss = MSE
    /// Without biases.
    pub struct NoBias: 3 => Dense(4, Sigmoid, bias = false) => Dense(2, bias = false); loss = Huber(0.5)
}

fn check_same_as_two_step<N: Trainable<f64, Input = Vector3<f64>, Target = Vector2<f64>>>(
    mut net: N,
) {
    let x = Vector3::new(0.3, -0.7, 1.1);
    let t = Vector2::new(0.25, -0.5);
    for _ in 0..5 {
        let mut reference = net.clone();
        let (l1, g) = reference.backward(&x, &t);
        reference.sgd_step(&g, 0.1).unwrap();
        let l2 = net.train_step(&x, &t, 0.1).unwrap();
        assert_eq!(l1.to_bits(), l2.to_bits());
        assert_eq!(
            net.params(),
            reference.params(),
            "fused step differs from backward + sgd_step"
        );
    }
}

#[test]
fn fused_train_step_equals_backward_then_sgd_step() {
    let mut rng = Pcg64::seed_from_u64(9);
    let net = Small::<f64>::random(&mut rng);
    check_same_as_two_step(net.clone());
    check_same_as_two_step(SmallLooped::<f64>::from_params(net.params()).unwrap());
    check_same_as_two_step(NoBias::<f64>::random(&mut rng));
}

fn refuses<N: Trainable<f64, Input = Vector3<f64>, Target = Vector2<f64>>>(
    mut net: N,
    x: Vector3<f64>,
    t: Vector2<f64>,
    lr: f64,
) -> NonFiniteError {
    let before = net.params().to_vec();
    let fused = net.train_step(&x, &t, lr).unwrap_err();
    assert_eq!(
        net.params(),
        &before[..],
        "train_step changed the parameters"
    );
    let (_, g) = net.backward(&x, &t);
    let two_step = net.sgd_step(&g, lr);
    if fused != NonFiniteError::Loss {
        // (`sgd_step` sees only the gradient, so it cannot report the loss.)
        assert_eq!(
            Err(fused),
            two_step,
            "the two paths report different errors"
        );
    }
    assert_eq!(net.params(), &before[..], "sgd_step changed the parameters");
    fused
}

#[test]
fn nan_target_is_refused() {
    let net = Small::<f64>::random(&mut Pcg64::seed_from_u64(1));
    let e = refuses(
        net,
        Vector3::new(0.1, 0.2, 0.3),
        Vector2::new(f64::NAN, 0.0),
        0.1,
    );
    assert_eq!(e, NonFiniteError::Loss);
}

#[test]
fn nan_input_is_refused_even_where_relu_hides_it_from_the_loss() {
    // max(NaN, 0) is 0, so a NaN input can give a finite loss through ReLU; the weights that
    // multiply it would still become NaN.
    let mut net = Small::<f64>::zeros();
    net.layer1.weight.fill(1.0);
    net.layer1.bias.fill(-10.0);
    net.layer2.weight.fill(0.5);
    net.layer3.weight.fill(0.5);
    let x = Vector3::new(f64::NAN, 0.2, 0.3);
    assert!(net.loss(&x, &Vector2::new(1.0, 1.0)).is_finite());
    let e = refuses(net.clone(), x, Vector2::new(1.0, 1.0), 0.1);
    assert!(matches!(e, NonFiniteError::Gradient { .. }), "{e:?}");
    let looped = SmallLooped::<f64>::from_params(net.params()).unwrap();
    let before = looped.params().to_vec();
    let mut looped = looped;
    assert!(looped.train_step(&x, &Vector2::new(1.0, 1.0), 0.1).is_err());
    assert_eq!(looped.params(), &before[..]);
}

#[test]
fn an_overflowing_step_is_refused_with_the_parameter_index() {
    let net = Small::<f64>::random(&mut Pcg64::seed_from_u64(2));
    let e = refuses(
        net,
        Vector3::new(1.0, -1.0, 0.5),
        Vector2::new(5.0, -5.0),
        1e308,
    );
    match e {
        NonFiniteError::Parameter { index } => assert!(index < Small::<f64>::PARAMS),
        other => panic!("expected a parameter overflow, found {other:?}"),
    }
}

#[test]
fn infinite_learning_rate_is_refused() {
    let net = NoBias::<f64>::random(&mut Pcg64::seed_from_u64(3));
    refuses(
        net,
        Vector3::new(1.0, -1.0, 0.5),
        Vector2::new(5.0, -5.0),
        f64::INFINITY,
    );
}

#[test]
fn sgd_step_reports_the_first_bad_gradient_entry() {
    let mut net = Small::<f64>::zeros();
    let mut g = SmallGradients::<f64>::zeros();
    g.as_mut_slice()[7] = f64::INFINITY;
    g.as_mut_slice()[9] = f64::NAN;
    assert_eq!(
        net.sgd_step(&g, 0.1),
        Err(NonFiniteError::Gradient { index: 7 })
    );
    assert!(net.params().iter().all(|p| *p == 0.0));
    assert_eq!(
        NonFiniteError::Gradient { index: 7 }.to_string(),
        "gradient entry 7 is not finite; the step was skipped"
    );
}

#[test]
fn a_huge_but_finite_step_is_taken_exactly_as_the_two_step_path_takes_it() {
    // lr = 1e25 fails the O(width) bound (updates may exceed 2⁶⁴), so the exact per-weight check
    // decides: in f64 the results are finite, so the step is taken.
    let net = Small::<f64>::random(&mut Pcg64::seed_from_u64(4));
    let x = Vector3::new(0.3, -0.7, 1.1);
    let t = Vector2::new(0.25, -0.5);
    let mut fused = net.clone();
    let mut two_step = net.clone();
    fused.train_step(&x, &t, 1e25).unwrap();
    let (_, g) = two_step.backward(&x, &t);
    two_step.sgd_step(&g, 1e25).unwrap();
    assert_eq!(fused.params(), two_step.params());
    assert!(fused.params().iter().any(|p| p.abs() > 1e20));
}

#[test]
fn the_width_bound_sees_non_finite_weights_through_z() {
    use typenet::network::step_bound_holds;
    let x = Vector3::new(0.0, 1.0, 2.0);
    let dz = Vector2::new(0.5, -0.5);
    let z = Vector2::new(1.0, 2.0);
    assert!(step_bound_holds(&x, &z, &dz, 0.1, true));
    // A NaN or infinite weight makes its neuron's z non-finite, even times a zero input.
    assert!(!step_bound_holds(
        &x,
        &Vector2::new(f64::NAN, 2.0),
        &dz,
        0.1,
        true
    ));
    assert!(!step_bound_holds(
        &x,
        &Vector2::new(1.0, f64::INFINITY),
        &dz,
        0.1,
        true
    ));
    // NaN or ∞ in the input, the deltas or the rate fails the test.
    assert!(!step_bound_holds(
        &Vector3::new(f64::NAN, 1.0, 2.0),
        &z,
        &dz,
        0.1,
        true
    ));
    assert!(!step_bound_holds(
        &x,
        &z,
        &Vector2::new(f64::INFINITY, 0.0),
        0.1,
        true
    ));
    assert!(!step_bound_holds(&x, &z, &dz, f64::NAN, true));
    // Updates that could exceed 2⁶⁴ are left to the exact check.
    assert!(!step_bound_holds(&x, &z, &dz, 1e25, true));
    assert!(step_bound_holds(&x, &z, &dz, 1e18, true));
    // Without a bias the bias term does not count.
    assert!(!step_bound_holds(
        &Vector3::new(0.0, 0.0, 0.0),
        &z,
        &dz,
        1e25,
        true
    ));
    assert!(step_bound_holds(
        &Vector3::new(0.0, 0.0, 0.0),
        &z,
        &dz,
        1e25,
        false
    ));
}

#[test]
fn wide_layers_refuse_the_same_bad_steps() {
    let net = Wide::<f64>::random(&mut Pcg64::seed_from_u64(5));
    check_same_as_two_step(net.clone());
    let x = Vector3::new(0.1, 0.2, 0.3);
    let e = refuses(net.clone(), x, Vector2::new(f64::NAN, 0.0), 0.1);
    assert_eq!(e, NonFiniteError::Loss);
    let e = refuses(net.clone(), x, Vector2::new(5.0, -5.0), 1e308);
    assert!(matches!(e, NonFiniteError::Parameter { .. }), "{e:?}");
    refuses(net.clone(), x, Vector2::new(5.0, -5.0), f64::INFINITY);
    // A NaN input hidden from the loss by ReLU.
    let mut hidden = Wide::<f64>::zeros();
    hidden.layer1.weight.fill(1.0);
    hidden.layer1.bias.fill(-10.0);
    hidden.layer2.weight.fill(0.5);
    hidden.layer3.weight.fill(0.5);
    let x = Vector3::new(f64::NAN, 0.2, 0.3);
    assert!(hidden.loss(&x, &Vector2::new(1.0, 1.0)).is_finite());
    let e = refuses(hidden, x, Vector2::new(1.0, 1.0), 0.1);
    assert!(matches!(e, NonFiniteError::Gradient { .. }), "{e:?}");
    // A huge but finite step is taken, as by the two-step path.
    let mut fused = net.clone();
    let mut two_step = net;
    let (x, t) = (Vector3::new(0.3, -0.7, 1.1), Vector2::new(0.25, -0.5));
    fused.train_step(&x, &t, 1e25).unwrap();
    let (_, g) = two_step.backward(&x, &t);
    two_step.sgd_step(&g, 1e25).unwrap();
    assert_eq!(fused.params(), two_step.params());
}
