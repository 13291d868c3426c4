//! Newton's method, gradient descent with backtracking and Levenberg–Marquardt, measured on the
//! seed's claims: Newton converges in a handful of iterations on convex logistic regression
//! where gradient descent needs orders of magnitude more; Newton is affine invariant on a badly
//! conditioned quadratic while gradient descent slows with the condition number; the fallback
//! for indefinite or broken Hessians never takes a NaN step; Newton and LM fit the seed's 2-2-2
//! network and XOR to E < 1e-6 in far fewer iterations than gradient descent.

use rand_pcg::Pcg64;
use typenet::nalgebra::{DMatrix, DVector, Matrix2, Vector2 as V2};
use typenet::prelude::*;
use typenet::rand_core::SeedableRng;
use typenet::second_order::{
    Differentiable, GdConfig, LmConfig, NetworkObjective, NewtonConfig, Objective,
    SecondOrderError, StepRule, StopReason, gradient_descent, levenberg_marquardt, newton,
};

network! {
    /// Logistic regression: one sigmoid neuron with binary cross-entropy (convex in θ).
    pub struct Logistic: 2 => Dense(1, Sigmoid); loss = BCE
    /// Linear least squares without bias: a quadratic in θ, Hessian = mean of x xᵀ.
    pub struct Linear: 2 => Dense(1, Identity, bias = false); loss = MSE
    /// The seed's worked example: 2-2-2, sigmoid everywhere, no biases.
    pub struct Seed: 2 => Dense(2, Sigmoid, bias = false) => Dense(2, Sigmoid, bias = false); loss = MSE
    /// XOR.
    pub struct Xor: 2 => Dense(2, Sigmoid) => Dense(1, Sigmoid); loss = MSE
}

/// 200 points of two overlapping classes, labels drawn from a logistic model (not separable,
/// so the minimum is finite).
fn logistic_data() -> Vec<(Vector2<f64>, Vector1<f64>)> {
    let mut rng = Pcg64::seed_from_u64(5);
    let mut u = move || typenet::init::unit_f64(&mut rng);
    (0..200)
        .map(|_| {
            let x = Vector2::new(4.0 * u() - 2.0, 4.0 * u() - 2.0);
            let p = 1.0 / (1.0 + (-(1.5 * x[0] - 2.0 * x[1] + 0.3)).exp());
            let label = if u() < p { 1.0 } else { 0.0 };
            (x, Vector1::new(label))
        })
        .collect()
}

#[test]
fn newton_solves_logistic_regression_in_at_most_10_iterations_gd_needs_far_more() {
    let data = logistic_data();
    let net = Logistic::<f64>::zeros();
    let mut obj = NetworkObjective::new(&net, &data).unwrap();
    let mut x = obj.initial_params();
    let report = newton(&mut obj, &mut x, &NewtonConfig::default()).unwrap();
    assert_eq!(report.reason, StopReason::GradientNorm, "{report:?}");
    assert!(report.gradient_norm < 1e-10);
    assert!(report.iterations <= 10, "{} iterations", report.iterations);
    assert_eq!(
        report.damped, 0,
        "the logistic Hessian is positive definite"
    );
    // Quadratic convergence: the last steps square the gradient norm (roughly).
    let h = &report.history;
    let n = h.len();
    assert!(
        h[n - 1].1 < h[n - 2].1 * h[n - 2].1 * 100.0 + 1e-14,
        "{h:?}"
    );

    let mut y = obj.initial_params();
    let gd = gradient_descent(
        &mut obj,
        &mut y,
        &GdConfig {
            max_iter: 100 * report.iterations,
            ..GdConfig::default()
        },
    )
    .unwrap();
    assert_eq!(gd.reason, StopReason::MaxIterations, "{gd:?}");
    assert!(gd.gradient_norm > 1e-10, "{}", gd.gradient_norm);
    // Both head for the same minimum.
    assert!((gd.value - report.value).abs() < 1e-4);
}

/// A two-sample linear least-squares problem whose Hessian has condition number `kappa`:
/// inputs (1, 0) and (0, 1/√κ), rotated by 30°.
fn conditioned(kappa: f64) -> Vec<(Vector2<f64>, Vector1<f64>)> {
    let r = Matrix2::new(0.866_025_403_784_438_6, -0.5, 0.5, 0.866_025_403_784_438_6);
    vec![
        (r * V2::new(1.0, 0.0), Vector1::new(1.0)),
        (r * V2::new(0.0, 1.0 / kappa.sqrt()), Vector1::new(-1.0)),
    ]
}

#[test]
fn newton_is_affine_invariant_gd_slows_with_conditioning() {
    let mut newton_counts = Vec::new();
    let mut gd_counts = Vec::new();
    for kappa in [1.0, 1e2, 1e4] {
        let data = conditioned(kappa);
        let net = Linear::<f64>::from_params(&[0.3, -0.2]).unwrap();
        let mut obj = NetworkObjective::new(&net, &data).unwrap();
        // Check the conditioning the problem claims.
        let mut h = DMatrix::zeros(2, 2);
        obj.hessian(&obj.initial_params(), &mut h);
        let eig = h.symmetric_eigenvalues();
        let cond = eig.max() / eig.min();
        assert!((cond / kappa - 1.0).abs() < 1e-6, "κ {cond}");

        let tolerance = 1e-8;
        let mut x = obj.initial_params();
        let nr = newton(
            &mut obj,
            &mut x,
            &NewtonConfig {
                tolerance_grad: tolerance,
                ..NewtonConfig::default()
            },
        )
        .unwrap();
        assert_eq!(nr.reason, StopReason::GradientNorm);
        let mut y = obj.initial_params();
        let gd = gradient_descent(
            &mut obj,
            &mut y,
            &GdConfig {
                tolerance_grad: tolerance,
                max_iter: 1_000_000,
                ..GdConfig::default()
            },
        )
        .unwrap();
        assert_eq!(gd.reason, StopReason::GradientNorm);
        newton_counts.push(nr.iterations);
        gd_counts.push(gd.iterations);
    }
    assert_eq!(
        newton_counts,
        vec![1, 1, 1],
        "Newton: one step on any quadratic"
    );
    assert!(
        gd_counts[0] < gd_counts[1] && gd_counts[1] < gd_counts[2],
        "{gd_counts:?}"
    );
    assert!(gd_counts[2] > 100 * gd_counts[0], "{gd_counts:?}");
}

/// f(x, y) = x⁴/4 − x²/2 + y²/2 + 0.1 y: Hessian diag(3x² − 1, 1) is indefinite for |x| < 1/√3.
struct DoubleWell {
    broken_hessian: bool,
}
impl Differentiable<f64> for DoubleWell {
    fn dim(&self) -> usize {
        2
    }
    fn value(&mut self, x: &DVector<f64>) -> f64 {
        x[0].powi(4) / 4.0 - x[0] * x[0] / 2.0 + x[1] * x[1] / 2.0 + 0.1 * x[1]
    }
    fn gradient(&mut self, x: &DVector<f64>, g: &mut DVector<f64>) -> f64 {
        g[0] = x[0].powi(3) - x[0];
        g[1] = x[1] + 0.1;
        self.value(x)
    }
}
impl Objective<f64> for DoubleWell {
    fn hessian(&mut self, x: &DVector<f64>, h: &mut DMatrix<f64>) {
        if self.broken_hessian {
            h.fill(f64::NAN);
        } else {
            *h = DMatrix::from_row_slice(2, 2, &[3.0 * x[0] * x[0] - 1.0, 0.0, 0.0, 1.0]);
        }
    }
}

#[test]
fn indefinite_hessian_is_damped_and_reaches_a_minimum() {
    let mut obj = DoubleWell {
        broken_hessian: false,
    };
    // Near the saddle (0, −0.1): the plain Newton step would go to the maximum in x.
    let mut x = DVector::from_vec(vec![0.05, 1.0]);
    let report = newton(&mut obj, &mut x, &NewtonConfig::default()).unwrap();
    assert!(report.damped > 0, "{report:?}");
    assert_eq!(report.reason, StopReason::GradientNorm, "{report:?}");
    assert!(
        (x[0].abs() - 1.0).abs() < 1e-9 && (x[1] + 0.1).abs() < 1e-9,
        "{x}"
    );
    // Every iterate finite and f decreasing.
    for w in report.history.windows(2) {
        assert!(
            w[1].0.is_finite() && w[1].0 <= w[0].0,
            "{:?}",
            report.history
        );
    }
}

#[test]
fn nan_hessian_falls_back_to_gradient_steps_never_nan() {
    let mut obj = DoubleWell {
        broken_hessian: true,
    };
    let mut x = DVector::from_vec(vec![0.05, 1.0]);
    let report = newton(
        &mut obj,
        &mut x,
        &NewtonConfig {
            max_iter: 30,
            ..NewtonConfig::default()
        },
    )
    .unwrap();
    assert_eq!(report.damped, report.iterations);
    assert!(x.iter().all(|v| v.is_finite()), "{x}");
    assert!(report.value < report.history[0].0);
    assert!(
        report
            .history
            .iter()
            .all(|(f, g)| f.is_finite() && g.is_finite())
    );
}

#[test]
fn stopping_reasons_are_reported() {
    let data = logistic_data();
    let net = Logistic::<f64>::zeros();
    let mut obj = NetworkObjective::new(&net, &data).unwrap();
    let mut x = obj.initial_params();
    let r = newton(
        &mut obj,
        &mut x,
        &NewtonConfig {
            max_iter: 2,
            ..NewtonConfig::default()
        },
    )
    .unwrap();
    assert_eq!((r.reason, r.iterations), (StopReason::MaxIterations, 2));
    let mut x = obj.initial_params();
    let r = newton(
        &mut obj,
        &mut x,
        &NewtonConfig {
            tolerance_grad: 0.0,
            tolerance_step: 1e-6,
            ..NewtonConfig::default()
        },
    )
    .unwrap();
    assert!(
        matches!(
            r.reason,
            StopReason::StepSize | StopReason::LineSearchFailed
        ),
        "{r:?}"
    );
    let mut x = obj.initial_params();
    let r = newton(
        &mut obj,
        &mut x,
        &NewtonConfig {
            target_value: 0.6,
            ..NewtonConfig::default()
        },
    )
    .unwrap();
    assert_eq!(r.reason, StopReason::TargetValue);
    assert!(r.value <= 0.6);
}

/// The seed's network and sample (Section 3 of the seed digest).
/// The seed's one sample.
type SeedData = Vec<(Vector2<f64>, Vector2<f64>)>;

fn seed_problem() -> (Seed<f64>, SeedData) {
    // state_dict order: layer 1 weight (out × in) = [[w10⁰, w20⁰], [w11⁰, w21⁰]], then layer 2.
    let net = Seed::from_array([0.1, 0.3, 0.2, 0.1, 0.4, 0.1, 0.5, 0.3]);
    (net, vec![(Vector2::new(0.2, 0.5), Vector2::new(0.2, 0.7))])
}

fn xor_data() -> Vec<(Vector2<f64>, Vector1<f64>)> {
    vec![
        (Vector2::new(0.0, 0.0), Vector1::new(0.0)),
        (Vector2::new(0.0, 1.0), Vector1::new(1.0)),
        (Vector2::new(1.0, 0.0), Vector1::new(1.0)),
        (Vector2::new(1.0, 1.0), Vector1::new(0.0)),
    ]
}

/// Runs Newton, LM and GD (backtracking) to E < 1e-6, where E is the seed's E summed over the
/// samples (the objective is its mean, so the target is 1e-6/m); returns the iteration counts.
fn second_order_beats_gd<N: typenet::second_order::SecondOrder<f64>>(
    net: &N,
    data: &[(N::Input, N::Target)],
) -> (usize, usize, usize) {
    let target = 1e-6 / data.len() as f64;
    let mut obj = NetworkObjective::new(net, data).unwrap();
    let mut x = obj.initial_params();
    let nr = newton(
        &mut obj,
        &mut x,
        &NewtonConfig {
            target_value: target,
            max_iter: 500,
            ..NewtonConfig::default()
        },
    )
    .unwrap();
    assert_eq!(nr.reason, StopReason::TargetValue, "Newton {nr:?}");
    let mut x = obj.initial_params();
    let lm = levenberg_marquardt(
        &mut obj,
        &mut x,
        &LmConfig {
            target_value: target,
            ..LmConfig::default()
        },
    )
    .unwrap();
    assert_eq!(lm.reason, StopReason::TargetValue, "LM {lm:?}");
    // NOTE: the LM objective (1/m)·½‖r‖² is the network's mean MSE loss.
    assert!((obj.value(&x) - lm.value).abs() < 1e-15);
    let budget = 20 * nr.iterations.max(lm.iterations);
    let mut x = obj.initial_params();
    let gd = gradient_descent(
        &mut obj,
        &mut x,
        &GdConfig {
            target_value: target,
            max_iter: budget,
            ..GdConfig::default()
        },
    )
    .unwrap();
    assert_eq!(
        gd.reason,
        StopReason::MaxIterations,
        "GD reached E < 1e-6 within 20× the second-order iterations: {gd:?}"
    );
    assert!(gd.value > target);
    (nr.iterations, lm.iterations, gd.iterations)
}

#[test]
fn newton_and_lm_fit_the_seed_network_far_faster_than_gd() {
    let (net, data) = seed_problem();
    let (nr, lm, _) = second_order_beats_gd(&net, &data);
    assert!(nr <= 50 && lm <= 50, "Newton {nr}, LM {lm}");
}

#[test]
fn newton_and_lm_fit_xor_far_faster_than_gd() {
    let net = Xor::<f64>::random(&mut Pcg64::seed_from_u64(1));
    let (nr, lm, _) = second_order_beats_gd(&net, &xor_data());
    assert!(nr <= 500 && lm <= 200, "Newton {nr}, LM {lm}");
}

#[test]
fn wrong_lengths_empty_data_and_non_mse_lm_are_refused() {
    let data = xor_data();
    let net = Xor::<f64>::zeros();
    let mut obj = NetworkObjective::new(&net, &data).unwrap();
    let mut short = DVector::zeros(3);
    assert!(matches!(
        newton(&mut obj, &mut short, &NewtonConfig::default()),
        Err(SecondOrderError::Length(_))
    ));
    assert!(matches!(
        levenberg_marquardt(&mut obj, &mut short, &LmConfig::default()),
        Err(SecondOrderError::Length(_))
    ));
    assert!(matches!(
        NetworkObjective::<f64, Xor<f64>>::new(&net, &[]),
        Err(SecondOrderError::EmptyData)
    ));
    // Gauss–Newton of y − t is the least-squares form of MSE only; BCE is refused.
    let logistic = logistic_data();
    let mut obj = NetworkObjective::new(&Logistic::<f64>::zeros(), &logistic).unwrap();
    let mut x = obj.initial_params();
    assert_eq!(
        levenberg_marquardt(&mut obj, &mut x, &LmConfig::default()),
        Err(SecondOrderError::NotLeastSquares)
    );
}

/// Invalid settings are refused with the argument named, before anything is evaluated or
/// moved: a negative fixed step (gradient ascent), β ≥ 1 (a backtracking search that never
/// shrinks), zero damping (Newton's damping loop would never end).
#[test]
fn invalid_settings_are_refused() {
    let data = xor_data();
    let net = Xor::<f64>::random(&mut Pcg64::seed_from_u64(3));
    let mut obj = NetworkObjective::new(&net, &data).unwrap();
    let start = obj.initial_params();
    let param = |e: SecondOrderError| match e {
        SecondOrderError::Config(e) => e.param,
        other => panic!("{other:?}"),
    };
    let mut x = start.clone();
    for (step, name) in [
        (StepRule::Fixed(-0.1), "step"),
        (StepRule::Fixed(f64::NAN), "step"),
        (
            StepRule::Backtracking {
                initial: 0.0,
                armijo: 1e-4,
                backtrack: 0.5,
            },
            "step.initial",
        ),
        (
            StepRule::Backtracking {
                initial: 1.0,
                armijo: 1.0,
                backtrack: 0.5,
            },
            "step.armijo",
        ),
        (
            StepRule::Backtracking {
                initial: 1.0,
                armijo: 1e-4,
                backtrack: 1.0,
            },
            "step.backtrack",
        ),
    ] {
        let config = GdConfig {
            step,
            ..GdConfig::default()
        };
        let err = gradient_descent(&mut obj, &mut x, &config).unwrap_err();
        assert_eq!(param(err), name);
    }
    let newton_bad = [
        (
            NewtonConfig {
                armijo: 0.0,
                ..NewtonConfig::default()
            },
            "armijo",
        ),
        (
            NewtonConfig {
                backtrack: 1.5,
                ..NewtonConfig::default()
            },
            "backtrack",
        ),
        (
            NewtonConfig {
                damping: 0.0,
                ..NewtonConfig::default()
            },
            "damping",
        ),
        (
            NewtonConfig {
                max_damping: f64::NAN,
                ..NewtonConfig::default()
            },
            "max_damping",
        ),
    ];
    for (config, name) in newton_bad {
        assert_eq!(param(newton(&mut obj, &mut x, &config).unwrap_err()), name);
    }
    let lm_bad = [
        (
            LmConfig {
                damping: -1.0,
                ..LmConfig::default()
            },
            "damping",
        ),
        (
            LmConfig {
                max_damping: f64::INFINITY,
                ..LmConfig::default()
            },
            "max_damping",
        ),
    ];
    for (config, name) in lm_bad {
        assert_eq!(
            param(levenberg_marquardt(&mut obj, &mut x, &config).unwrap_err()),
            name
        );
    }
    assert_eq!(x, start, "nothing moved");
}

network! {
    /// 4 → 64 → 2: 450 parameters, a 1.6 MB dense Hessian in f64.
    pub struct Mid: 4 => Dense(64, Tanh) => Dense(2); loss = MSE
}

/// Newton and LM on a 450-parameter network inside a thread with a 128 KiB stack: the network,
/// the Hessian (1.6 MB) and the Jacobian live on the heap, so nothing overflows.
#[test]
fn second_order_runs_on_a_small_stack() {
    let handle = std::thread::Builder::new()
        .stack_size(128 * 1024)
        .spawn(|| {
            let data: Vec<(Vector4<f64>, Vector2<f64>)> = (0..3)
                .map(|s| {
                    let x = Vector4::from_fn(|i, _| ((s * 4 + i) as f64 * 0.7).sin());
                    let t = Vector2::from_fn(|i, _| ((s + i) as f64 * 1.3).cos() * 0.5);
                    (x, t)
                })
                .collect();
            let mut net = Mid::<f64>::boxed_zeros();
            net.init(&mut Pcg64::seed_from_u64(2));
            let mut obj = NetworkObjective::new(&*net, &data).unwrap();
            let start = obj.value(&obj.initial_params());
            let mut x = obj.initial_params();
            let nr = newton(
                &mut obj,
                &mut x,
                &NewtonConfig {
                    max_iter: 2,
                    ..NewtonConfig::default()
                },
            )
            .unwrap();
            let mut y = obj.initial_params();
            let lm = levenberg_marquardt(
                &mut obj,
                &mut y,
                &LmConfig {
                    max_iter: 2,
                    ..LmConfig::default()
                },
            )
            .unwrap();
            (start, nr.value, lm.value)
        })
        .unwrap();
    let (start, newton_value, lm_value) = handle.join().unwrap();
    assert!(newton_value < start && lm_value < start);
}

/// f(x) = x − ln x (minimum at 1), NaN for x < 0: from x = 3 the full Newton step lands at
/// x = −3, where f is NaN; backtracking halves it until f is finite and decreases.
struct LogBarrier;
impl Differentiable<f64> for LogBarrier {
    fn dim(&self) -> usize {
        1
    }
    fn value(&mut self, x: &DVector<f64>) -> f64 {
        x[0] - x[0].ln()
    }
    fn gradient(&mut self, x: &DVector<f64>, g: &mut DVector<f64>) -> f64 {
        g[0] = 1.0 - 1.0 / x[0];
        self.value(x)
    }
}
impl Objective<f64> for LogBarrier {
    fn hessian(&mut self, x: &DVector<f64>, h: &mut DMatrix<f64>) {
        h[(0, 0)] = 1.0 / (x[0] * x[0]);
    }
}

#[test]
fn line_search_backs_off_from_nan_values() {
    let mut x = DVector::from_element(1, 3.0);
    let report = newton(&mut LogBarrier, &mut x, &NewtonConfig::default()).unwrap();
    assert_eq!(report.reason, StopReason::GradientNorm, "{report:?}");
    assert!((x[0] - 1.0).abs() < 1e-10, "{x}");
    assert!(report.evaluations > report.iterations + 1, "{report:?}");
    assert!(
        report
            .history
            .iter()
            .all(|(f, g)| f.is_finite() && g.is_finite())
    );
}

/// Newton's iterates are invariant under a linear change of the inputs (which is a linear
/// reparametrisation of the weights), so on logistic regression with inputs stretched by s its
/// iteration count does not move, while gradient descent's grows with s.
#[test]
fn newton_iterations_invariant_under_input_scaling_on_logistic_regression() {
    let base = &logistic_data()[..50];
    let mut newton_counts = Vec::new();
    let mut gd_counts = Vec::new();
    let mut minima = Vec::new();
    for s in [1.0, 4.0, 16.0] {
        let data: Vec<_> = base
            .iter()
            .map(|(x, t)| (Vector2::new(x[0], x[1] / s), *t))
            .collect();
        let mut obj = NetworkObjective::new(&Logistic::<f64>::zeros(), &data).unwrap();
        let mut x = obj.initial_params();
        let nr = newton(
            &mut obj,
            &mut x,
            &NewtonConfig {
                tolerance_grad: 1e-8,
                ..NewtonConfig::default()
            },
        )
        .unwrap();
        assert_eq!(nr.reason, StopReason::GradientNorm);
        minima.push(nr.value);
        let mut y = obj.initial_params();
        let gd = gradient_descent(
            &mut obj,
            &mut y,
            &GdConfig {
                tolerance_grad: 1e-8,
                max_iter: 100_000,
                ..GdConfig::default()
            },
        )
        .unwrap();
        newton_counts.push(nr.iterations);
        gd_counts.push(gd.iterations);
    }
    println!("Newton {newton_counts:?}, GD {gd_counts:?}, minima {minima:?}");
    // The same minimum, whatever the scaling.
    assert!(
        minima.iter().all(|f| (f - minima[0]).abs() < 1e-12),
        "{minima:?}"
    );
    assert!(
        newton_counts.iter().all(|c| *c == newton_counts[0]),
        "{newton_counts:?}"
    );
    assert!(
        gd_counts[0] < gd_counts[1] && gd_counts[1] < gd_counts[2],
        "{gd_counts:?}"
    );
}
