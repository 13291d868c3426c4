//! Analytic gradients against central finite differences, in f64, on randomly initialised
//! networks: every activation (as hidden and as output layer), every loss, both code paths
//! (unrolled scalar code and looped nalgebra products, via `unroll = 0`), with and without bias.
//! Also the input Jacobian, and finiteness at extreme inputs.

use rand_pcg::Pcg64;
use typenet::prelude::*;
use typenet::rand_core::SeedableRng;

/// Relative-or-absolute agreement of an analytic derivative with a finite difference.
fn agree(analytic: f64, numeric: f64) -> bool {
    (analytic - numeric).abs() <= 1e-6 * (1.0 + analytic.abs().max(numeric.abs()))
}

/// Random input and target in (−1.5, 1.5), or a probability target for the classification losses.
fn sample<const I: usize, const O: usize>(
    rng: &mut Pcg64,
    probability_target: bool,
) -> (SVector<f64, I>, SVector<f64, O>) {
    let mut u = || typenet::init::unit_f64(rng) * 3.0 - 1.5;
    let x = SVector::<f64, I>::from_fn(|_, _| u());
    let mut t = SVector::<f64, O>::from_fn(|_, _| u());
    if probability_target {
        t = t.map(|v| (v + 1.5) / 3.0);
        if O > 1 {
            let s = t.sum();
            t /= s;
        }
    }
    (x, t)
}

/// Checks ∂E/∂θ of `net` at one random sample against central differences, every parameter.
fn check_parameter_gradient<N>(mut net: N, x: &N::Input, t: &N::Target, what: &str)
where
    N: Trainable<f64>,
{
    let (loss, grads) = net.backward(x, t);
    assert!(
        (loss - net.loss(x, t)).abs() < 1e-14,
        "{what}: backward's loss differs from loss()"
    );
    let h = 1e-6;
    for k in 0..N::PARAMS {
        let orig = net.params()[k];
        net.params_mut()[k] = orig + h;
        let up = net.loss(x, t);
        net.params_mut()[k] = orig - h;
        let down = net.loss(x, t);
        net.params_mut()[k] = orig;
        let numeric = (up - down) / (2.0 * h);
        let analytic = grads.as_slice()[k];
        assert!(
            agree(analytic, numeric),
            "{what}: parameter {k}: analytic {analytic}, finite difference {numeric}"
        );
    }
}

macro_rules! gradient_tests {
    ($($test:ident: [$($def:tt)+])*) => {$(
        #[test]
        fn $test() {
            mod nets {
                use typenet::prelude::*;
                network! { pub struct Unrolled: $($def)+ }
                network! { pub struct Looped: $($def)+; unroll = 0 }
            }
            let probability = stringify!($($def)+).contains("CrossEntropy")
                || stringify!($($def)+).contains("BCE");
            let mut rng = Pcg64::seed_from_u64(7);
            for trial in 0..5 {
                let net = nets::Unrolled::<f64>::random(&mut rng);
                // Non-zero biases, so they matter to the check.
                let mut net = net;
                for (k, p) in net.params_mut().iter_mut().enumerate() {
                    *p += 0.01 * (k as f64 % 7.0 - 3.0);
                }
                let (x, t) = sample(&mut rng, probability);
                check_parameter_gradient(net.clone(), &x, &t, concat!(stringify!($test), " unrolled"));
                let looped = nets::Looped::<f64>::from_params(net.params()).unwrap();
                check_parameter_gradient(looped.clone(), &x, &t, concat!(stringify!($test), " looped"));
                // Both code paths compute the same function.
                let (lu, gu) = net.backward(&x, &t);
                let (ll, gl) = looped.backward(&x, &t);
                assert!((lu - ll).abs() < 1e-12, "trial {trial}: losses differ");
                for (a, b) in gu.as_slice().iter().zip(gl.as_slice()) {
                    assert!((a - b).abs() < 1e-12, "trial {trial}: gradients differ");
                }
            }
        }
    )*};
}

gradient_tests! {
    identity: [3 => Dense(4) => Dense(2); loss = MSE]
    sigmoid: [3 => Dense(4, Sigmoid) => Dense(2, Sigmoid); loss = MSE]
    tanh: [3 => Dense(4, Tanh) => Dense(2, Tanh); loss = MSE]
    step: [3 => Dense(4, Step(0.25)) => Dense(2, Sigmoid); loss = MSE]
    softplus: [3 => Dense(4, Softplus) => Dense(2, Softplus); loss = MSE]
    relu: [3 => Dense(4, ReLU) => Dense(2, ReLU); loss = MSE]
    softsign: [3 => Dense(4, Softsign) => Dense(2, Softsign); loss = MSE]
    elu: [3 => Dense(4, ELU(0.7)) => Dense(2, ELU); loss = MSE]
    log_sigmoid: [3 => Dense(4, LogSigmoid) => Dense(2, LogSigmoid); loss = MSE]
    swish: [3 => Dense(4, Swish) => Dense(2, Swish); loss = MSE]
    sinc: [3 => Dense(4, Sinc) => Dense(2, Sinc); loss = MSE]
    leaky_relu: [3 => Dense(4, LeakyReLU) => Dense(2, LeakyReLU(0.02)); loss = MSE]
    mish: [3 => Dense(4, Mish) => Dense(2, Mish); loss = MSE]
    softmax_hidden_and_output_with_mse: [3 => Dense(4, Softmax) => Dense(3, Softmax); loss = MSE]
    mae: [3 => Dense(4, Tanh) => Dense(2); loss = MAE]
    huber: [3 => Dense(4, Tanh) => Dense(2); loss = Huber(0.3)]
    cross_entropy: [3 => Dense(4, Tanh) => Dense(3, Softmax); loss = CrossEntropy]
    bce: [3 => Dense(4, Tanh) => Dense(2, Sigmoid); loss = BCE]
    without_bias: [3 => Dense(4, Tanh, bias = false) => Dense(2, bias = false); loss = MSE]
    deep_mixed: [2 => Dense(5, Swish) => Dense(3, ELU) => Dense(4, Softsign, bias = false) => Dense(2, Sigmoid); loss = BCE]
    // Residual blocks (issue 8): every activation inside the block and after it.
    residual_identity: [3 => Dense(4, Tanh) => Residual(Dense(4, Identity) => Dense(4), Identity) => Dense(2); loss = MSE]
    residual_sigmoid: [3 => Dense(4, Tanh) => Residual(Dense(4, Sigmoid) => Dense(4), Sigmoid) => Dense(2); loss = MSE]
    residual_tanh: [3 => Dense(4, Tanh) => Residual(Dense(4, Tanh) => Dense(4), Tanh) => Dense(2); loss = MSE]
    residual_step: [3 => Dense(4, Tanh) => Residual(Dense(4, Step(0.25)) => Dense(4), Step(0.25)) => Dense(2); loss = MSE]
    residual_softplus: [3 => Dense(4, Tanh) => Residual(Dense(4, Softplus) => Dense(4), Softplus) => Dense(2); loss = MSE]
    residual_relu: [3 => Dense(4, Tanh) => Residual(Dense(4, ReLU) => Dense(4), ReLU) => Dense(2); loss = MSE]
    residual_softsign: [3 => Dense(4, Tanh) => Residual(Dense(4, Softsign) => Dense(4), Softsign) => Dense(2); loss = MSE]
    residual_elu: [3 => Dense(4, Tanh) => Residual(Dense(4, ELU(0.7)) => Dense(4), ELU(0.7)) => Dense(2); loss = MSE]
    residual_log_sigmoid: [3 => Dense(4, Tanh) => Residual(Dense(4, LogSigmoid) => Dense(4), LogSigmoid) => Dense(2); loss = MSE]
    residual_swish: [3 => Dense(4, Tanh) => Residual(Dense(4, Swish) => Dense(4), Swish) => Dense(2); loss = MSE]
    residual_sinc: [3 => Dense(4, Tanh) => Residual(Dense(4, Sinc) => Dense(4), Sinc) => Dense(2); loss = MSE]
    residual_leaky_relu: [3 => Dense(4, Tanh) => Residual(Dense(4, LeakyReLU) => Dense(4), LeakyReLU) => Dense(2); loss = MSE]
    residual_mish: [3 => Dense(4, Tanh) => Residual(Dense(4, Mish) => Dense(4), Mish) => Dense(2); loss = MSE]
    residual_softmax: [3 => Dense(4, Tanh) => Residual(Dense(4, Softmax) => Dense(4), Softmax) => Dense(2); loss = MSE]
    residual_from_input: [3 => Residual(Dense(5, Tanh) => Dense(3)) => Dense(2, Sigmoid); loss = BCE]
    residual_nested: [3 => Dense(4) => Residual(Dense(4, ELU) => Residual(Dense(4, Mish) => Dense(4)) => Dense(4)) => ReLU => Dense(3, Softmax); loss = CrossEntropy]
    residual_preactivation: [3 => Dense(4) => Residual(Swish => Dense(4, Sigmoid) => Dense(4, bias = false)) => Dense(2); loss = Huber(0.3)]
    residual_stacked: [3 => Dense(4) => Residual(Dense(4, Tanh) => Dense(4)) => Residual(Dense(4, Softplus) => Dense(4), Tanh) => Dense(2); loss = MAE]
    // Standalone activation stages, fused or not.
    activation_stages: [3 => Softsign => Dense(4) => Tanh => Sigmoid => Dense(2) => ELU(0.5); loss = MSE]
}

network! {
    /// For the Jacobian and extreme-value checks.
    pub struct Mixed: 3 => Dense(5, Tanh) => Dense(4, Softmax) => Dense(2, Mish); loss = MSE
}
network! {
    /// The same network through the looped code path.
    pub struct MixedLooped: 3 => Dense(5, Tanh) => Dense(4, Softmax) => Dense(2, Mish); loss = MSE; unroll = 0
}

network! {
    /// A residual network with activation stages, for the Jacobian check: the skip adds to ∂y/∂x.
    pub struct Skip: 3 => Residual(Dense(3, Tanh) => Dense(3)) => Sigmoid => Dense(4) => Residual(Mish => Dense(4), Softplus) => Dense(2)
}

/// ∂y/∂x from `input_jacobian` against central differences of `forward`.
fn check_input_jacobian<N, const I: usize, const O: usize>(net: &N, x: &SVector<f64, I>)
where
    N: Network<
            f64,
            Input = SVector<f64, I>,
            Output = SVector<f64, O>,
            InputJacobian = SMatrix<f64, O, I>,
        >,
{
    let j = net.input_jacobian(x);
    let h = 1e-6;
    for i in 0..I {
        let mut up = *x;
        up[i] += h;
        let mut down = *x;
        down[i] -= h;
        let col = (net.forward(&up) - net.forward(&down)) / (2.0 * h);
        for k in 0..O {
            assert!(
                agree(j[(k, i)], col[k]),
                "J[{k},{i}] = {} vs {}",
                j[(k, i)],
                col[k]
            );
        }
    }
}

#[test]
fn residual_input_jacobian_matches_finite_differences() {
    let mut rng = Pcg64::seed_from_u64(12);
    for _ in 0..5 {
        let net = Skip::<f64>::random(&mut rng);
        let (x, _) = sample::<3, 2>(&mut rng, false);
        check_input_jacobian(&net, &x);
    }
}

#[test]
fn input_jacobian_matches_finite_differences() {
    let mut rng = Pcg64::seed_from_u64(11);
    for _ in 0..5 {
        let net = Mixed::<f64>::random(&mut rng);
        let looped = MixedLooped::<f64>::from_params(net.params()).unwrap();
        let (x, _) = sample::<3, 2>(&mut rng, false);
        assert!(
            (net.input_jacobian(&x) - looped.input_jacobian(&x))
                .abs()
                .max()
                < 1e-13
        );
        check_input_jacobian(&net, &x);
    }
}

macro_rules! extreme_tests {
    ($($test:ident: [$($def:tt)+])*) => {$(
        #[test]
        fn $test() {
            network! { pub struct Net: $($def)+ }
            let mut rng = Pcg64::seed_from_u64(3);
            let net = Net::<f64>::random(&mut rng);
            for v in [30.0, -30.0, 1000.0, -1000.0] {
                let x = SVector::<f64, 2>::from_element(v);
                let t = SVector::<f64, 2>::from_element(0.5);
                let y = net.forward(&x);
                assert!(y.iter().all(|v| v.is_finite()), "output at {v}: {y:?}");
                let (loss, g) = net.backward(&x, &t);
                assert!(loss.is_finite(), "loss at {v}: {loss}");
                assert!(g.as_slice().iter().all(|v| v.is_finite()), "gradient at {v}");
                let tr = net.forward_trace(&x);
                assert!(tr.layer1.a.iter().all(|v| v.is_finite()));
            }
        }
    )*};
}

extreme_tests! {
    extreme_sigmoid: [2 => Dense(3, Sigmoid) => Dense(2, Sigmoid); loss = BCE]
    extreme_tanh: [2 => Dense(3, Tanh) => Dense(2, Tanh); loss = MSE]
    extreme_softplus: [2 => Dense(3, Softplus) => Dense(2, Softplus); loss = Huber(1.0)]
    extreme_relu: [2 => Dense(3, ReLU) => Dense(2, LeakyReLU); loss = MAE]
    extreme_softsign: [2 => Dense(3, Softsign) => Dense(2, Softsign); loss = MSE]
    extreme_elu: [2 => Dense(3, ELU) => Dense(2, ELU); loss = MSE]
    extreme_log_sigmoid: [2 => Dense(3, LogSigmoid) => Dense(2, LogSigmoid); loss = MSE]
    extreme_swish: [2 => Dense(3, Swish) => Dense(2, Swish); loss = MSE]
    extreme_sinc: [2 => Dense(3, Sinc) => Dense(2, Sinc); loss = MSE]
    extreme_mish: [2 => Dense(3, Mish) => Dense(2, Mish); loss = MSE]
    extreme_step: [2 => Dense(3, Step) => Dense(2, Step(0.5)); loss = MSE]
    extreme_softmax: [2 => Dense(3, Softmax) => Dense(2, Softmax); loss = CrossEntropy]
}

#[test]
fn activations_at_extremes_match_their_limits() {
    use typenet::activation::*;
    let big = 1000.0f64;
    assert_eq!(Elementwise::<f64>::value(&Sigmoid, big), 1.0);
    assert_eq!(Elementwise::<f64>::value(&Sigmoid, -big), 0.0);
    assert_eq!(Elementwise::<f64>::value(&Softplus, big), big);
    assert_eq!(Elementwise::<f64>::value(&Softplus, -big), 0.0);
    assert_eq!(Elementwise::<f64>::value(&LogSigmoid, -big), -big);
    assert_eq!(Elementwise::<f64>::value(&Mish, big), big);
    assert_eq!(Elementwise::<f64>::value(&Swish, -big), -0.0);
    assert_eq!(Elementwise::<f64>::value(&ELU::default(), -big), -1.0);
    assert_eq!(Elementwise::<f64>::value(&Sinc, 0.0), 1.0);
    assert_eq!(Elementwise::<f64>::derivative(&Sinc, 0.0, 1.0), 0.0);
    assert_eq!(
        Elementwise::<f64>::derivative(&Step { threshold: 0.0 }, 0.0, 1.0),
        0.0
    );
    assert_eq!(
        Elementwise::<f64>::value(&Step { threshold: 0.0 }, 0.0),
        1.0
    );
    assert_eq!(Elementwise::<f64>::value(&LeakyReLU::default(), -2.0), -0.2);
    let s = Activation::<f64>::apply(&Softmax, &Vector3::new(big, 0.0, -big));
    assert_eq!(s, Vector3::new(1.0, 0.0, 0.0));
    // Sinc's series branch joins the closed form smoothly at the switch-over.
    for x in [0.999e-3f64, 1.001e-3] {
        let closed = x.sin() / x;
        assert!((Elementwise::<f64>::value(&Sinc, x) - closed).abs() < 1e-15);
        let d = (x * x.cos() - x.sin()) / (x * x);
        assert!((Elementwise::<f64>::derivative(&Sinc, x, closed) - d).abs() < 1e-9);
    }
}
