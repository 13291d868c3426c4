//! The seed's gradient-descent bound, as a property: for convex f with L-Lipschitz gradient and a
//! fixed step t ≤ 1/L, f(x_k) − f* ≤ ‖x₀ − x*‖²/(2tk) at every k ≥ 1.
//!
//! Checked on random convex quadratics (random positive semi-definite A, minimiser and start;
//! L = λ_max(A)) and on logistic regression with random data (convex, L = λ_max(X̃ᵀX̃)/(4m) with
//! X̃ the inputs with a column of ones; x* and f* from Newton's method to ‖∇f‖ < 1e-12), with
//! t drawn from (0, 1/L].

use proptest::prelude::*;
use rand_pcg::Pcg64;
use typenet::nalgebra::{DMatrix, DVector};
use typenet::prelude::*;
use typenet::rand_core::SeedableRng;
use typenet::second_order::{
    Differentiable, GdConfig, NetworkObjective, NewtonConfig, Objective, StepRule, StopReason,
    gradient_descent, newton,
};

network! {
    /// Logistic regression (convex in θ).
    pub struct Logistic: 3 => Dense(1, Sigmoid); loss = BCE
}

/// f(x) = ½ (x − x*)ᵀ A (x − x*), f* = 0.
struct Quadratic {
    a: DMatrix<f64>,
    min: DVector<f64>,
}
impl Differentiable<f64> for Quadratic {
    fn dim(&self) -> usize {
        self.min.len()
    }
    fn value(&mut self, x: &DVector<f64>) -> f64 {
        let d = x - &self.min;
        0.5 * d.dot(&(&self.a * &d))
    }
    fn gradient(&mut self, x: &DVector<f64>, g: &mut DVector<f64>) -> f64 {
        let d = x - &self.min;
        g.copy_from(&(&self.a * &d));
        0.5 * d.dot(g)
    }
}
impl Objective<f64> for Quadratic {
    fn hessian(&mut self, _x: &DVector<f64>, h: &mut DMatrix<f64>) {
        h.copy_from(&self.a);
    }
}

/// Runs fixed-step GD for `steps` iterations and checks the bound at every k.
fn check_bound<O: Objective<f64>>(
    obj: &mut O,
    x0: &DVector<f64>,
    x_star: &DVector<f64>,
    f_star: f64,
    t: f64,
    steps: usize,
) -> Result<(), TestCaseError> {
    let mut x = x0.clone();
    let report = gradient_descent(
        obj,
        &mut x,
        &GdConfig {
            step: StepRule::Fixed(t),
            max_iter: steps,
            tolerance_grad: 0.0,
            ..GdConfig::default()
        },
    )
    .unwrap();
    prop_assert!(matches!(
        report.reason,
        StopReason::MaxIterations | StopReason::GradientNorm
    ));
    let r0 = (x0 - x_star).norm_squared();
    for (k, (f, _)) in report.history.iter().enumerate().skip(1) {
        let bound = r0 / (2.0 * t * k as f64);
        // NOTE: the slack covers rounding in f and in f* only, not the bound.
        prop_assert!(
            f - f_star <= bound + 1e-12 * (1.0 + f_star.abs()),
            "k = {k}: f − f* = {}, bound {bound}",
            f - f_star
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn gd_bound_on_convex_quadratics(
        n in 1usize..6,
        entries in prop::collection::vec(-2.0f64..2.0, 36),
        min in prop::collection::vec(-3.0f64..3.0, 6),
        start in prop::collection::vec(-3.0f64..3.0, 6),
        fraction in 0.05f64..=1.0,
    ) {
        let b = DMatrix::from_fn(n, n, |i, j| entries[i * 6 + j]);
        let a = &b * b.transpose();
        let lipschitz = a.symmetric_eigenvalues().max();
        prop_assume!(lipschitz > 1e-6);
        let min = DVector::from_fn(n, |i, _| min[i]);
        let x0 = DVector::from_fn(n, |i, _| start[i]);
        let mut obj = Quadratic { a, min: min.clone() };
        check_bound(&mut obj, &x0, &min, 0.0, fraction / lipschitz, 200)?;
    }

    #[test]
    fn gd_bound_on_logistic_regression(seed in 0u64..1_000_000, fraction in 0.05f64..=1.0) {
        let mut rng = Pcg64::seed_from_u64(seed);
        let mut u = move || typenet::init::unit_f64(&mut rng);
        let data: Vec<(Vector3<f64>, Vector1<f64>)> = (0..40)
            .map(|_| {
                let x = Vector3::new(4.0 * u() - 2.0, 4.0 * u() - 2.0, 4.0 * u() - 2.0);
                // Labels from a weak logistic model: heavy overlap, not separable.
                let p = 1.0 / (1.0 + (-(0.7 * x[0] - 0.4 * x[1] + 0.2 * x[2])).exp());
                (x, Vector1::new(if u() < p { 1.0 } else { 0.0 }))
            })
            .collect();
        let mut gram = DMatrix::<f64>::zeros(4, 4);
        for (x, _) in &data {
            let xt = DVector::from_vec(vec![x[0], x[1], x[2], 1.0]);
            gram += &xt * xt.transpose();
        }
        let lipschitz = gram.symmetric_eigenvalues().max() / (4.0 * data.len() as f64);

        let net = Logistic::<f64>::zeros();
        let mut obj = NetworkObjective::new(&net, &data).unwrap();
        let mut x_star = obj.initial_params();
        let solved = newton(
            &mut obj,
            &mut x_star,
            &NewtonConfig { tolerance_grad: 1e-12, ..NewtonConfig::default() },
        )
        .unwrap();
        prop_assume!(solved.reason == StopReason::GradientNorm);
        let f_star = solved.value;
        let x0 = obj.initial_params();
        check_bound(&mut obj, &x0, &x_star, f_star, fraction / lipschitz, 100)?;
    }
}

/// The bound is not vacuous: with t = 1/L on f(x) = ½x² it is attained to within a factor of
/// the first step, and a step above 2/L breaks it (GD diverges).
#[test]
fn gd_bound_is_tight_enough_to_fail() {
    let mut obj = Quadratic {
        a: DMatrix::from_element(1, 1, 1.0),
        min: DVector::from_element(1, 0.0),
    };
    let x0 = DVector::from_element(1, 1.0);
    let mut x = x0.clone();
    let report = gradient_descent(
        &mut obj,
        &mut x,
        &GdConfig {
            step: StepRule::Fixed(2.5),
            max_iter: 10,
            tolerance_grad: 0.0,
            ..GdConfig::default()
        },
    )
    .unwrap();
    let violated = report
        .history
        .iter()
        .enumerate()
        .skip(1)
        .any(|(k, (f, _))| *f > 1.0 / (2.0 * 2.5 * k as f64));
    assert!(violated, "{:?}", report.history);
}
