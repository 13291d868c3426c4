//! The batched methods and the batched trainer allocate nothing: a counting global allocator
//! sees zero allocations while they run (the blocks, scratch and buffers are made before).

mod common;

use typenet::nalgebra::{Const, Dyn, OMatrix, SVector};
use typenet::optim::{Sgd, SgdConfig};
use typenet::prelude::*;
use typenet::train::{Mode, Trainer, Validation, batched_scratch_len};

network! {
    /// Wide enough for every kernel tile; a fused loss.
    pub struct Net: 20 => Dense(24, Tanh) => Dense(9, ReLU, bias = false) => Dense(3, Softmax); loss = CrossEntropy
}

// One test function, so no other test thread allocates while we count.
#[test]
fn batched_methods_and_trainer_allocate_nothing() {
    let mut net = Net::<f64>::zeros();
    for (i, p) in net.params_mut().iter_mut().enumerate() {
        *p = ((i * 37) % 19) as f64 / 19.0 - 0.5;
    }
    let b = 65;
    let x = OMatrix::<f64, Const<20>, Dyn>::from_fn_generic(Const, Dyn(b), |i, s| {
        ((i + 3 * s) % 11) as f64 / 11.0
    });
    let t = OMatrix::<f64, Const<3>, Dyn>::from_fn_generic(Const, Dyn(b), |k, s| {
        if k == s % 3 { 1.0 } else { 0.0 }
    });
    let mut y = OMatrix::<f64, Const<3>, Dyn>::zeros_generic(Const, Dyn(b));
    let mut scratch = vec![0.0; Net::<f64>::batch_scratch_len(b)];
    let mut grads = NetGradients::<f64>::zeros();
    let (n, _) = common::count(|| {
        net.forward_batch(&x, &mut y, &mut scratch).unwrap();
        net.backward_batch_into(&x, &t, &mut grads, &mut scratch)
            .unwrap();
        net.gradient_batch(&x, &t, &mut grads, &mut scratch)
            .unwrap();
        net.train_step_batch(&x, &t, 0.01, &mut grads, &mut scratch)
            .unwrap();
        // A view of some columns is a batch too.
        let cols = x.columns(3, 10);
        let mut y10 = y.columns_mut(0, 10);
        net.forward_batch(&cols, &mut y10, &mut scratch).unwrap();
    });
    assert_eq!(n, 0, "batched methods allocated {n} times");

    let data: Vec<(SVector<f64, 20>, SVector<f64, 3>)> = (0..b)
        .map(|s| (x.column(s).into_owned(), t.column(s).into_owned()))
        .collect();
    let mut opt = Sgd::for_network(&net, SgdConfig::plain(0.1)).unwrap();
    let mut order = vec![0; b];
    let mut history = vec![0.0; 3];
    let mut trainer_scratch = vec![0.0; batched_scratch_len::<f64, Net<f64>>(16)];
    let (n, r) = common::count(|| {
        Trainer::new(Mode::MiniBatch(16), 3).unwrap().run_batched(
            &mut net,
            &mut opt,
            &data,
            &mut order,
            &mut history,
            &mut trainer_scratch,
            |_, _| {},
        )
    });
    r.unwrap();
    assert_eq!(n, 0, "the batched trainer allocated {n} times");

    // With hooks (issue 18): none, and validation on held-out samples.
    let val = &data[..4];
    let (n, r) = common::count(|| {
        let mut trainer = Trainer::new(Mode::MiniBatch(16), 3).unwrap();
        trainer.run_batched_with(
            &mut net,
            &mut opt,
            &data,
            &mut order,
            &mut history,
            &mut trainer_scratch,
            (),
        )?;
        trainer.run_batched_with(
            &mut net,
            &mut opt,
            &data,
            &mut order,
            &mut history,
            &mut trainer_scratch,
            Validation::new(val),
        )
    });
    assert_eq!(r.unwrap().epochs, 3);
    assert_eq!(n, 0, "the batched trainer with hooks allocated {n} times");

    // The counter does count: a Vec allocates.
    let (n, _) = common::count(|| vec![1u8; 16]);
    assert!(n >= 1);
}
