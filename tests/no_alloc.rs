//! Forward, backward and a gradient step on a statically sized network allocate nothing: a
//! counting global allocator sees zero allocations during them.

mod common;

use typenet::prelude::*;

network! {
    /// Small layers: unrolled code.
    pub struct Small: 2 => Dense(8, Tanh) => Dense(1, Sigmoid); loss = MSE
    /// Larger layers: looped nalgebra code.
    pub struct Wide: 16 => Dense(32, ReLU) => Dense(32, Softmax) => Dense(4); loss = Huber(1.0)
    /// Residual blocks and activation stages (both code paths).
    pub struct Skips: 2 => Dense(4) => Residual(Dense(4, Tanh) => Dense(4)) => ReLU
        => Residual(Sigmoid => Dense(16, ReLU) => Dense(4)) => Mish => Dense(1); loss = MSE
}

// One test function, so no other test thread allocates while we count.
#[test]
fn forward_backward_and_step_allocate_nothing() {
    let mut small = Small::<f32>::zeros();
    let x = Vector2::new(0.3f32, -0.2);
    let t = Vector1::new(1.0f32);
    let (n, _) = common::count(|| {
        let y = small.forward(&x);
        let tr = small.forward_trace(&x);
        let j = small.input_jacobian(&x);
        let (loss, g) = small.backward(&x, &t);
        small.sgd_step(&g, 0.1).unwrap();
        let l2 = small.train_step(&x, &t, 0.1).unwrap();
        (y, tr, j, loss, l2)
    });
    assert_eq!(n, 0, "small network allocated {n} times");

    let mut wide = Wide::<f64>::zeros();
    let x = SVector::<f64, 16>::from_element(0.1);
    let t = SVector::<f64, 4>::from_element(0.5);
    let (n, _) = common::count(|| {
        let y = wide.forward(&x);
        let mut g = WideGradients::<f64>::zeros();
        let loss = wide.backward_into(&x, &t, &mut g);
        wide.sgd_step(&g, 0.1).unwrap();
        (y, loss)
    });
    assert_eq!(n, 0, "wide network allocated {n} times");

    let mut skips = Skips::<f32>::zeros();
    let x = Vector2::new(0.3f32, -0.2);
    let t = Vector1::new(1.0f32);
    let (n, _) = common::count(|| {
        let y = skips.forward(&x);
        let tr = skips.forward_trace(&x);
        let j = skips.input_jacobian(&x);
        let (loss, g) = skips.backward(&x, &t);
        skips.sgd_step(&g, 0.1).unwrap();
        let l2 = skips.train_step(&x, &t, 0.1).unwrap();
        (y, tr, j, loss, l2)
    });
    assert_eq!(n, 0, "residual network allocated {n} times");

    // The counter does count: a Vec allocates.
    let (n, _) = common::count(|| vec![1u8; 16]);
    assert!(n >= 1);
}
