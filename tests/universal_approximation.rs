//! Universal approximation (issue 8): with width fixed at d + D + 2 = 4, the sup-norm error of
//! the fit of sin(4πx²) falls as depth grows. A cheap configuration of
//! `examples/09-universal-approximation.rs` (same data, training and error measure, shared through
//! `examples/support/approx.rs`), small enough for a debug build.

#[path = "../examples/support/approx.rs"]
mod approx;

use approx::{Budget, fit, sup_error};
use typenet::prelude::*;

network! {
    /// One hidden layer of width 4.
    pub struct Depth1: 1 => Dense(4, Tanh) => Dense(1); loss = MSE
    /// Two hidden layers of width 4.
    pub struct Depth2: 1 => Dense(4, Tanh) => Dense(4, Tanh) => Dense(1); loss = MSE
    /// Three hidden layers of width 4.
    pub struct Depth3: 1 => Dense(4, Tanh) => Dense(4, Tanh) => Dense(4, Tanh) => Dense(1); loss = MSE
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
    let e1 = sup_error(&fit::<Depth1<f64>>(budget).unwrap().net, 2001).0;
    let e2 = sup_error(&fit::<Depth2<f64>>(budget).unwrap().net, 2001).0;
    let e3 = sup_error(&fit::<Depth3<f64>>(budget).unwrap().net, 2001).0;
    println!("sup errors by depth 1, 2, 3: {e1:.3e} {e2:.3e} {e3:.3e}");
    assert!(e1 > 0.5, "one hidden layer of width 4 cannot follow the chirp: {e1}");
    assert!(e2 < e1 / 10.0, "two layers: {e2} vs one: {e1}");
    assert!(e3 < e2, "three layers: {e3} vs two: {e2}");
}
