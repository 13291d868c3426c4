//! Universal approximation (issue 8): with width fixed at d + D + 2 = 4, the sup-norm error of
//! the fit of sin(4πx²) falls as depth grows. A cheap configuration of
//! `examples/09-universal-approximation.rs` (same data, training and error measure, shared through
//! `examples/support/approx.rs`), small enough for a debug build.

#[path = "../examples/support/approx.rs"]
mod approx;

use approx::{Budget, Fit, fit, sup_error};
use typenet::prelude::*;
use typenet::second_order::SecondOrder;

network! {
    /// One hidden layer of width 4.
    pub struct Depth1: 1 => Dense(4, Tanh) => Dense(1); loss = MSE
    /// Two hidden layers of width 4.
    pub struct Depth2: 1 => Dense(4, Tanh) => Dense(4, Tanh) => Dense(1); loss = MSE
    /// Three hidden layers of width 4.
    pub struct Depth3: 1 => Dense(4, Tanh) => Dense(4, Tanh) => Dense(4, Tanh) => Dense(1); loss = MSE
}

/// The sup error of `N` trained with `budget`, printed with its training loss and start.
fn sup<N>(name: &str, budget: Budget) -> f64
where
    N: SecondOrder<f64, Target = Vector1<f64>>
        + Network<f64, Input = Vector1<f64>, Output = Vector1<f64>>,
{
    let Fit {
        net,
        train_loss,
        seed,
    } = fit::<N>(budget).unwrap();
    let (e, at) = sup_error(&net, 2001);
    println!(
        "{name}: sup error {e:.3e} at x = {at:+.3}, training loss {train_loss:.3e}, seed {seed}"
    );
    assert!(train_loss.is_finite());
    e
}

/// Measured (deterministic: seeded starts, no threads): 1.18, 1.76e-2, 9.4e-3. About 4 s in a
/// debug build; the example's full budget (256 points, 500 iterations, 6 starts, depths 1 to 6)
/// takes seconds in release.
#[test]
fn sup_error_falls_as_depth_grows() {
    let budget = Budget {
        points: 48,
        iterations: 130,
        starts: 1,
    };
    let e1 = sup::<Depth1<f64>>("1 hidden layer", budget);
    let e2 = sup::<Depth2<f64>>("2 hidden layers", budget);
    let e3 = sup::<Depth3<f64>>("3 hidden layers", budget);
    assert!(
        e1 > 0.5,
        "one hidden layer of width 4 cannot follow the chirp: {e1}"
    );
    assert!(e2 < e1 / 10.0, "two layers: {e2} vs one: {e1}");
    assert!(e3 < e2, "three layers: {e3} vs two: {e2}");
}

/// Of several starts, `fit` keeps the one with the lowest training loss.
#[test]
fn fit_keeps_the_best_start() {
    let budget = |starts| Budget {
        points: 32,
        iterations: 40,
        starts,
    };
    let one = fit::<Depth1<f64>>(budget(1)).unwrap();
    let three = fit::<Depth1<f64>>(budget(3)).unwrap();
    assert_eq!(one.seed, 0);
    assert!(three.train_loss <= one.train_loss);
    let again = fit::<Depth1<f64>>(Budget {
        starts: three.seed + 1,
        ..budget(3)
    })
    .unwrap();
    assert_eq!(again.net, three.net, "the same seeds give the same fit");
}

/// The sup error is the largest pointwise error on the grid, and a NaN output is not hidden.
#[test]
fn sup_error_is_the_worst_point_and_sees_nan() {
    // All parameters zero: the output is 0, so the error is |sin(4πx²)|, which is 1 where
    // 4x² is an odd half-integer: x = ±√(1/8) ≈ ±0.354 (and ±√(3/8), ±√(5/8), ±√(7/8)).
    let zero = Depth1::<f64>::zeros();
    let (e, at) = sup_error(&zero, 2001);
    assert!((e - 1.0).abs() < 1e-4, "{e}");
    assert!(approx::grid(2001).any(|x| x == at));
    let worst = approx::grid(2001)
        .map(|x| approx::target(x).abs())
        .fold(0.0, f64::max);
    assert_eq!(e, worst);
    let mut broken = zero.clone();
    broken.params_mut()[0] = f64::NAN;
    assert_eq!(sup_error(&broken, 11).0, f64::INFINITY);
}
