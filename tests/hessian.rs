//! Exact second order against PyTorch and against finite differences, in f64.
//!
//! Every activation (hidden and output) and every loss: the generated Hessian-vector products,
//! the dense Hessian (one sample and the mean over a data set), the gradient and the parameter
//! Jacobian of the outputs agree with `torch.autograd.functional.hessian` / `jacobian` to 1e-9
//! (reference: `tools/reference/second_order_reference.py` → `tests/data/second_order_reference.txt`), and
//! with central differences of the analytic gradient on freshly randomised networks. Also: each
//! activation's second derivative against differences of its first, H·v without forming H, and
//! the refusal of a dense Hessian above the size limit.

use rand_pcg::Pcg64;
use typenet::activation::{
    ELU, Elementwise, Identity, LeakyReLU, LogSigmoid, Mish, ReLU, Sigmoid, Sinc, Softplus,
    Softsign, Step, Swish, Tanh,
};
use typenet::nalgebra::DVector;
use typenet::prelude::*;
use typenet::rand_core::SeedableRng;
use typenet::second_order::{
    MAX_DENSE_PARAMS, SecondOrder, SecondOrderError, dataset_gradient, dataset_hessian,
    dataset_hvp, hessian, hvp, output_param_jacobian,
};

const REFERENCE: &str = include_str!("data/second_order_reference.txt");

/// One case of the reference file.
struct Case {
    params: Vec<f64>,
    samples: Vec<(Vec<f64>, Vec<f64>)>,
    loss: f64,
    grad: Vec<f64>,
    hessian: Vec<f64>,
    jacobian: Vec<f64>,
}

fn values(line: &str) -> Vec<f64> {
    line.split_whitespace()
        .skip(1)
        .map(|v| v.parse().expect("a float"))
        .collect()
}

fn case(name: &str) -> Case {
    let mut lines = REFERENCE
        .lines()
        .skip_while(|l| *l != format!("case {name}"))
        .skip(1);
    let params = values(lines.next().expect("params"));
    let mut samples = Vec::new();
    let mut line = lines.next().expect("x");
    while line.starts_with("x ") {
        let t = lines.next().expect("t");
        samples.push((values(line), values(t)));
        line = lines.next().expect("loss");
    }
    let loss = values(line)[0];
    let grad = values(lines.next().expect("grad"));
    let hessian = values(lines.next().expect("hessian"));
    let jacobian = values(lines.next().expect("jacobian"));
    Case {
        params,
        samples,
        loss,
        grad,
        hessian,
        jacobian,
    }
}

/// |a − b| ≤ tol·(1 + max(|a|, |b|)), entry by entry.
fn assert_close(what: &str, ours: &[f64], theirs: &[f64], tol: f64) {
    assert_eq!(ours.len(), theirs.len(), "{what}: lengths");
    for (k, (a, b)) in ours.iter().zip(theirs).enumerate() {
        assert!(
            (a - b).abs() <= tol * (1.0 + a.abs().max(b.abs())),
            "{what}[{k}]: typenet {a}, reference {b}"
        );
    }
}

fn check_reference<N, const I: usize, const O: usize>(name: &str)
where
    N: SecondOrder<
            f64,
            Input = SVector<f64, I>,
            Target = SVector<f64, O>,
            Output = SVector<f64, O>,
        >,
{
    let c = case(name);
    let net = N::from_params(&c.params).expect("reference parameter count");
    let data: Vec<(SVector<f64, I>, SVector<f64, O>)> = c
        .samples
        .iter()
        .map(|(x, t)| (SVector::from_column_slice(x), SVector::from_column_slice(t)))
        .collect();
    let (loss, grad, h) = dataset_hessian(&net, &data).unwrap();
    assert_close(&format!("{name} loss"), &[loss], &[c.loss], 1e-12);
    assert_close(&format!("{name} gradient"), grad.as_slice(), &c.grad, 1e-12);
    // NOTE: PyTorch's Hessian is row-major and ours column-major; compare the transpose, which
    // also checks symmetry against the reference.
    assert_close(
        &format!("{name} Hessian"),
        h.transpose().as_slice(),
        &c.hessian,
        1e-9,
    );
    assert_close(&format!("{name} Hessian"), h.as_slice(), &c.hessian, 1e-9);
    let (y, j) = output_param_jacobian(&net, &data[0].0);
    assert_close(
        &format!("{name} output"),
        y.as_slice(),
        net.forward(&data[0].0).as_slice(),
        1e-14,
    );
    assert_close(
        &format!("{name} Jacobian"),
        j.transpose().as_slice(),
        &c.jacobian,
        1e-12,
    );
}

/// Central differences of the analytic gradient, column by column, against the exact Hessian;
/// and H·v from one Hessian-vector product against H times v.
fn check_finite_differences<N, const I: usize, const O: usize>(name: &str, probability: bool)
where
    N: SecondOrder<
            f64,
            Input = SVector<f64, I>,
            Target = SVector<f64, O>,
            Output = SVector<f64, O>,
        >,
{
    let mut rng = Pcg64::seed_from_u64(11);
    let mut u = move || typenet::init::unit_f64(&mut rng) * 3.0 - 1.5;
    for trial in 0..3 {
        let params: Vec<f64> = (0..N::PARAMS).map(|_| 0.8 * u()).collect();
        let mut net = N::from_params(&params).unwrap();
        let x = SVector::<f64, I>::from_fn(|_, _| u());
        let mut t = SVector::<f64, O>::from_fn(|_, _| u());
        if probability {
            t = t.map(|v| (v + 1.5) / 3.0);
            if O > 1 {
                let s = t.sum();
                t /= s;
            }
        }
        let h = hessian(&net, &x, &t).unwrap();
        let data = [(x, t)];
        let step = 1e-5;
        for k in 0..N::PARAMS {
            let orig = net.params()[k];
            net.params_mut()[k] = orig + step;
            let (_, up) = dataset_gradient(&net, &data).unwrap();
            net.params_mut()[k] = orig - step;
            let (_, down) = dataset_gradient(&net, &data).unwrap();
            net.params_mut()[k] = orig;
            let numeric = (up - down) / (2.0 * step);
            assert_close(
                &format!("{name} trial {trial} Hessian column {k}"),
                h.column(k).as_slice(),
                numeric.as_slice(),
                1e-6,
            );
        }
        let v: Vec<f64> = (0..N::PARAMS).map(|_| u()).collect();
        let (_, _, hv) = hvp(&net, &x, &t, &v).unwrap();
        let expected = &h * DVector::from_column_slice(&v);
        assert_close(
            &format!("{name} trial {trial} H·v"),
            hv.as_slice(),
            expected.as_slice(),
            1e-12,
        );
        let (_, j) = output_param_jacobian(&net, &x);
        for k in 0..N::PARAMS {
            let orig = net.params()[k];
            net.params_mut()[k] = orig + step;
            let up = net.forward(&x);
            net.params_mut()[k] = orig - step;
            let down = net.forward(&x);
            net.params_mut()[k] = orig;
            let numeric = (up - down) / (2.0 * step);
            assert_close(
                &format!("{name} trial {trial} Jacobian column {k}"),
                j.column(k).as_slice(),
                numeric.as_slice(),
                1e-7,
            );
        }
    }
}

macro_rules! second_order_tests {
    ($($test:ident: $i:literal, $o:literal, [$($def:tt)+])*) => {$(
        #[test]
        fn $test() {
            mod net {
                use typenet::prelude::*;
                network! { pub struct Net: $($def)+ }
            }
            let probability = stringify!($($def)+).contains("CrossEntropy")
                || stringify!($($def)+).contains("BCE");
            check_reference::<net::Net<f64>, $i, $o>(stringify!($test));
            check_finite_differences::<net::Net<f64>, $i, $o>(stringify!($test), probability);
        }
    )*};
}

second_order_tests! {
    mse_identity: 3, 2, [3 => Dense(4, Identity) => Dense(2, Identity); loss = MSE]
    mse_sigmoid: 3, 2, [3 => Dense(4, Sigmoid) => Dense(2, Sigmoid); loss = MSE]
    mse_tanh: 3, 2, [3 => Dense(4, Tanh) => Dense(2, Tanh); loss = MSE]
    mse_softplus: 3, 2, [3 => Dense(4, Softplus) => Dense(2, Softplus); loss = MSE]
    mse_relu: 3, 2, [3 => Dense(4, ReLU) => Dense(2, ReLU); loss = MSE]
    mse_softsign: 3, 2, [3 => Dense(4, Softsign) => Dense(2, Softsign); loss = MSE]
    mse_elu: 3, 2, [3 => Dense(4, ELU(0.7)) => Dense(2, ELU(0.7)); loss = MSE]
    mse_logsigmoid: 3, 2, [3 => Dense(4, LogSigmoid) => Dense(2, LogSigmoid); loss = MSE]
    mse_swish: 3, 2, [3 => Dense(4, Swish) => Dense(2, Swish); loss = MSE]
    mse_sinc: 3, 2, [3 => Dense(4, Sinc) => Dense(2, Sinc); loss = MSE]
    mse_leakyrelu: 3, 2, [3 => Dense(4, LeakyReLU(0.05)) => Dense(2, LeakyReLU(0.05)); loss = MSE]
    mse_mish: 3, 2, [3 => Dense(4, Mish) => Dense(2, Mish); loss = MSE]
    mse_softmax: 3, 2, [3 => Dense(4, Softmax) => Dense(2, Softmax); loss = MSE]
    mse_step_hidden: 3, 2, [3 => Dense(4, Step(0.1)) => Dense(2, Tanh); loss = MSE]
    mae_sigmoid: 3, 2, [3 => Dense(4, Tanh) => Dense(2, Sigmoid); loss = MAE]
    huber_swish: 3, 2, [3 => Dense(4, Swish) => Dense(2); loss = Huber(0.3)]
    bce_elu: 3, 2, [3 => Dense(4, ELU) => Dense(2, Sigmoid); loss = BCE]
    ce_softplus: 3, 3, [3 => Dense(4, Softplus) => Dense(3, Softmax); loss = CrossEntropy]
    ce_deep_nobias: 3, 3, [3 => Dense(4, Tanh) => Dense(3, Mish, bias = false) => Dense(3, Softmax); loss = CrossEntropy]
    // Residual blocks and activation stages: the skip path in the R-operator.
    res_tanh: 3, 2, [3 => Dense(4, Tanh) => Residual(Dense(4, Tanh) => Dense(4)) => Dense(2); loss = MSE]
    res_then_swish: 3, 2, [3 => Dense(4) => Residual(Dense(4, Softplus) => Dense(4)) => Swish => Dense(2, Sigmoid); loss = MSE]
    res_preactivation_ce: 3, 3, [3 => Dense(4) => Residual(Tanh => Dense(4, Sigmoid) => Dense(4)) => Mish => Dense(3, Softmax); loss = CrossEntropy]
    res_nested_from_input_bce: 3, 2, [3 => Residual(Dense(3, ELU) => Residual(Dense(3, Sinc) => Dense(3, bias = false)) => Dense(3)) => Dense(2, Sigmoid); loss = BCE]
    activation_stages_huber: 3, 2, [3 => Softsign => Dense(4, Tanh) => LogSigmoid => Dense(2); loss = Huber(0.3)]
}

/// f″ against central differences of f′, including Sinc's series branch near 0 and both sides
/// of it.
#[test]
fn second_derivatives_match_differences_of_first() {
    fn check<A: Elementwise<f64>>(name: &str, act: A, kinked_at: &[f64]) {
        let points = [
            -3.1, -1.7, -0.9, -0.3, -0.011, -0.009, -2e-3, -5e-4, 5e-4, 2e-3, 0.009, 0.011, 0.2,
            0.8, 1.3, 2.9, 7.5,
        ];
        let h = 1e-6;
        for x in points {
            if kinked_at.iter().any(|k| (x - k).abs() < 1e-3) {
                continue;
            }
            let d = |x: f64| act.derivative(x, act.value(x));
            let numeric = (d(x + h) - d(x - h)) / (2.0 * h);
            let analytic = act.second_derivative(x, act.value(x));
            assert!(
                (analytic - numeric).abs() <= 1e-6 * (1.0 + analytic.abs()),
                "{name} at {x}: f″ {analytic}, difference of f′ {numeric}"
            );
        }
    }
    check("Identity", Identity, &[]);
    check("Sigmoid", Sigmoid, &[]);
    check("Tanh", Tanh, &[]);
    check("Step", Step { threshold: 0.1 }, &[0.1]);
    check("Softplus", Softplus, &[]);
    check("ReLU", ReLU, &[0.0]);
    check("Softsign", Softsign, &[0.0]);
    check("ELU", ELU { alpha: 0.7 }, &[0.0]);
    check("LogSigmoid", LogSigmoid, &[]);
    check("Swish", Swish, &[]);
    check("Sinc", Sinc, &[]);
    check("LeakyReLU", LeakyReLU { slope: 0.05 }, &[0.0]);
    check("Mish", Mish, &[]);
}

network! {
    /// 100·50 + 50 + 50 + 1 = 5101 parameters: above the dense limit.
    pub struct Wide: 100 => Dense(50, Tanh) => Dense(1); loss = MSE; unroll = 0
}

/// Above `MAX_DENSE_PARAMS` a dense Hessian is refused with the sizes, while a Hessian-vector
/// product still works (on the heap: the network is boxed).
#[test]
fn dense_hessian_refused_above_limit_hvp_still_works() {
    const { assert!(Wide::<f64>::PARAMS > MAX_DENSE_PARAMS) };
    let mut net = Wide::<f64>::boxed_zeros();
    net.init(&mut Pcg64::seed_from_u64(3));
    let x = SVector::<f64, 100>::from_fn(|i, _| (i as f64 * 0.37).sin());
    let t = SVector::<f64, 1>::new(0.25);
    let err = hessian(&*net, &x, &t).unwrap_err();
    assert_eq!(
        err,
        SecondOrderError::TooLarge {
            params: 5101,
            limit: MAX_DENSE_PARAMS
        }
    );
    assert!(err.to_string().contains("5101"), "{err}");
    let v: Vec<f64> = (0..Wide::<f64>::PARAMS)
        .map(|k| ((k % 13) as f64 - 6.0) * 0.1)
        .collect();
    let data = [(x, t)];
    let (loss, grad, hv) = dataset_hvp(&*net, &data, &v).unwrap();
    assert!(loss.is_finite() && grad.iter().all(|g| g.is_finite()));
    // Directional check of H·v: (∇f(θ + εv) − ∇f(θ − εv))/(2ε).
    let eps = 1e-6;
    let mut shifted = net.clone();
    for (p, d) in shifted.params_mut().iter_mut().zip(&v) {
        *p += eps * d;
    }
    let (_, up) = dataset_gradient(&*shifted, &data).unwrap();
    for ((p, d), q) in shifted.params_mut().iter_mut().zip(&v).zip(net.params()) {
        *p = q - eps * d;
    }
    let (_, down) = dataset_gradient(&*shifted, &data).unwrap();
    let numeric = (up - down) / (2.0 * eps);
    assert_close("wide H·v", hv.as_slice(), numeric.as_slice(), 1e-6);
}
