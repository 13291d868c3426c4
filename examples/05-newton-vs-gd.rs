//! 05 — Newton's method against gradient descent, measured (the seed's optimisation table).
//!
//! 1. Convex logistic regression (one `Dense(1, Sigmoid)` with `BCE`, 200 noisy points): Newton
//!    reaches ‖∇f‖ < 1e-10 in a few iterations; gradient descent with backtracking line search
//!    (the seed's "adaptive learning-rate selection") needs orders of magnitude more.
//! 2. Affine invariance: a linear least-squares problem whose Hessian has condition number κ
//!    (inputs (1, 0) and (0, 1/√κ), rotated by 30°). Newton takes one step whatever κ; gradient
//!    descent's count grows with κ.
//!    The same on logistic regression with one input stretched: Newton's iterates are invariant
//!    under that linear reparametrisation, so its count does not move; GD's grows.
//! 3. The seed's 2-2-2 network on its one sample, and XOR: Newton (exact Hessian, damped when
//!    indefinite) and Levenberg–Marquardt (Gauss–Newton) to E < 1e-6, against gradient descent.
//!
//! Every count is measured here, by the run; `tests/newton.rs` asserts the same claims.
//! Run with `cargo run --release --example 05-newton-vs-gd`.

use std::time::Instant;

use rand_pcg::Pcg64;
use typenet::nalgebra::{Matrix2, Vector2 as V2};
use typenet::prelude::*;
use typenet::rand_core::SeedableRng;
use typenet::second_order::{
    GdConfig, LmConfig, NetworkObjective, NewtonConfig, Report, SecondOrder, gradient_descent,
    levenberg_marquardt, newton,
};

network! {
    /// Logistic regression: one sigmoid neuron with binary cross-entropy.
    pub struct Logistic: 2 => Dense(1, Sigmoid); loss = BCE
    /// Linear least squares without bias: f is a quadratic whose Hessian is the mean of x xᵀ.
    pub struct Linear: 2 => Dense(1, Identity, bias = false); loss = MSE
    /// The seed's worked example: 2-2-2, sigmoid everywhere, no biases.
    pub struct Seed: 2 => Dense(2, Sigmoid, bias = false) => Dense(2, Sigmoid, bias = false); loss = MSE
    /// XOR.
    pub struct Xor: 2 => Dense(2, Sigmoid) => Dense(1, Sigmoid); loss = MSE
}

fn describe(r: &Report<f64>, secs: f64) -> String {
    format!(
        "{:>8} iterations  {:>9} evaluations  f = {:<24.17e} ‖∇f‖ = {:<10.3e} stop: {:?}  ({:.3} ms)",
        r.iterations,
        r.evaluations,
        r.value,
        r.gradient_norm,
        r.reason,
        secs * 1e3
    )
}

fn timed<R>(f: impl FnOnce() -> R) -> (R, f64) {
    let start = Instant::now();
    let r = f();
    (r, start.elapsed().as_secs_f64())
}

fn logistic() {
    println!("1. Logistic regression (convex), 200 samples, from θ = 0, to ‖∇f‖ < 1e-10");
    let mut rng = Pcg64::seed_from_u64(5);
    let mut u = move || typenet::init::unit_f64(&mut rng);
    let data: Vec<_> = (0..200)
        .map(|_| {
            let x = Vector2::new(4.0 * u() - 2.0, 4.0 * u() - 2.0);
            let p = 1.0 / (1.0 + (-(1.5 * x[0] - 2.0 * x[1] + 0.3)).exp());
            (x, Vector1::new(if u() < p { 1.0 } else { 0.0 }))
        })
        .collect();
    let mut obj = NetworkObjective::new(&Logistic::<f64>::zeros(), &data).unwrap();
    let mut x = obj.initial_params();
    let (nr, t) = timed(|| newton(&mut obj, &mut x, &NewtonConfig::default()).unwrap());
    println!("   Newton              {}", describe(&nr, t));
    let mut x = obj.initial_params();
    let config = GdConfig {
        max_iter: 10_000_000,
        ..GdConfig::default()
    };
    let (gd, t) = timed(|| gradient_descent(&mut obj, &mut x, &config).unwrap());
    println!("   GD + backtracking   {}", describe(&gd, t));
    println!(
        "   GD needs {:.0}× Newton's iterations.\n",
        gd.iterations as f64 / nr.iterations as f64
    );
}

fn affine_invariance() {
    println!("2. Affine invariance: quadratic with condition number κ, to ‖∇f‖ < 1e-8");
    println!(
        "   {:>8}  {:>10}  {:>18}  {:>22}",
        "κ", "measured κ", "Newton iterations", "GD+backtracking iter."
    );
    let r = Matrix2::new(0.866_025_403_784_438_6, -0.5, 0.5, 0.866_025_403_784_438_6);
    for kappa in [1.0, 1e1, 1e2, 1e3, 1e4] {
        let data = [
            (r * V2::new(1.0, 0.0), Vector1::new(1.0)),
            (r * V2::new(0.0, 1.0 / f64::sqrt(kappa)), Vector1::new(-1.0)),
        ];
        let net = Linear::<f64>::from_params(&[0.3, -0.2]).unwrap();
        let (_, _, h) = typenet::second_order::dataset_hessian(&net, &data).unwrap();
        let eig = h.symmetric_eigenvalues();
        let mut obj = NetworkObjective::new(&net, &data).unwrap();
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
        let mut x = obj.initial_params();
        let gd = gradient_descent(
            &mut obj,
            &mut x,
            &GdConfig {
                tolerance_grad: 1e-8,
                max_iter: 10_000_000,
                ..GdConfig::default()
            },
        )
        .unwrap();
        println!(
            "   {kappa:>8.0e}  {:>10.1}  {:>18}  {:>22}",
            eig.max() / eig.min(),
            nr.iterations,
            gd.iterations
        );
    }
    println!();
}

fn input_scaling() {
    println!(
        "2b. Affine invariance beyond quadratics: logistic regression (first 50 samples of 1.)"
    );
    println!("    with the second input divided by s, to ‖∇f‖ < 1e-8");
    println!(
        "   {:>6}  {:>18}  {:>24}  {:>22}",
        "s", "Newton iterations", "Newton minimum", "GD+backtracking iter."
    );
    let mut rng = Pcg64::seed_from_u64(5);
    let mut u = move || typenet::init::unit_f64(&mut rng);
    let base: Vec<_> = (0..50)
        .map(|_| {
            let x = Vector2::new(4.0 * u() - 2.0, 4.0 * u() - 2.0);
            let p = 1.0 / (1.0 + (-(1.5 * x[0] - 2.0 * x[1] + 0.3)).exp());
            (x, Vector1::new(if u() < p { 1.0 } else { 0.0 }))
        })
        .collect();
    for scale in [1.0, 4.0, 16.0, 64.0] {
        let data: Vec<_> = base
            .iter()
            .map(|(x, t)| (Vector2::new(x[0], x[1] / scale), *t))
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
        let mut x = obj.initial_params();
        let max_iter = 2_000_000;
        let gd = gradient_descent(
            &mut obj,
            &mut x,
            &GdConfig {
                tolerance_grad: 1e-8,
                max_iter,
                ..GdConfig::default()
            },
        )
        .unwrap();
        let gd_count = if gd.iterations == max_iter {
            format!("> {max_iter} (stopped)")
        } else {
            gd.iterations.to_string()
        };
        println!(
            "   {scale:>6}  {:>18}  {:>24.17}  {:>22}",
            nr.iterations, nr.value, gd_count
        );
    }
    println!();
}

fn fit<N: SecondOrder<f64>>(name: &str, net: &N, data: &[(N::Input, N::Target)]) {
    // NOTE: the objective is the mean of the per-sample losses; the seed's E is their sum.
    let target = 1e-6 / data.len() as f64;
    println!(
        "   {name}: to E = Σ ½(t − y)² < 1e-6 (mean loss < {target:e}), {} parameters",
        N::PARAMS
    );
    let mut obj = NetworkObjective::new(net, data).unwrap();
    let mut x = obj.initial_params();
    let (nr, t) = timed(|| {
        newton(
            &mut obj,
            &mut x,
            &NewtonConfig {
                target_value: target,
                max_iter: 10_000,
                ..NewtonConfig::default()
            },
        )
        .unwrap()
    });
    println!(
        "   Newton              {}  (damped in {} iterations)",
        describe(&nr, t),
        nr.damped
    );
    let mut x = obj.initial_params();
    let (lm, t) = timed(|| {
        levenberg_marquardt(
            &mut obj,
            &mut x,
            &LmConfig {
                target_value: target,
                max_iter: 10_000,
                ..LmConfig::default()
            },
        )
        .unwrap()
    });
    println!("   Levenberg–Marquardt {}", describe(&lm, t));
    let mut x = obj.initial_params();
    let (gd, t) = timed(|| {
        gradient_descent(
            &mut obj,
            &mut x,
            &GdConfig {
                target_value: target,
                max_iter: 10_000_000,
                ..GdConfig::default()
            },
        )
        .unwrap()
    });
    println!("   GD + backtracking   {}\n", describe(&gd, t));
}

fn main() {
    logistic();
    affine_invariance();
    input_scaling();
    println!("3. The seed's network and XOR");
    let seed = Seed::<f64>::from_array([0.1, 0.3, 0.2, 0.1, 0.4, 0.1, 0.5, 0.3]);
    fit(
        "seed 2-2-2, x = (0.2, 0.5), t = (0.2, 0.7)",
        &seed,
        &[(Vector2::new(0.2, 0.5), Vector2::new(0.2, 0.7))],
    );
    let xor = Xor::<f64>::random(&mut Pcg64::seed_from_u64(1));
    let data = [
        (Vector2::new(0.0, 0.0), Vector1::new(0.0)),
        (Vector2::new(0.0, 1.0), Vector1::new(1.0)),
        (Vector2::new(1.0, 0.0), Vector1::new(1.0)),
        (Vector2::new(1.0, 1.0), Vector1::new(0.0)),
    ];
    fit("XOR 2-2-1 (Glorot init, seed 1)", &xor, &data);
}
