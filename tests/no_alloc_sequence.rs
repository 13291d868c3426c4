//! A sequence network's step, forward_sequence, backpropagation through time and the Trainer
//! on sequences (one at a time, in minibatches, with a validation) allocate nothing: a counting
//! global allocator sees zero allocations during them (one test function, so no other test
//! thread runs meanwhile).

mod common;

use typenet::prelude::*;

network! {
    /// A sequence network of every stateful kind (issue 20).
    pub struct Seq: 2 => Conv1D(4, Tanh, kernel = 3, dilation = 2) => GRU(6) => LSTM(5)
        => Residual(Conv1D(5, ReLU, kernel = 2) => Dense(5)) => Dense(1); loss = MSE
}

/// A sequence network's step, forward_sequence, BPTT and the Trainer on sequences allocate
/// nothing: every buffer is the caller's (arrays here).
#[test]
fn sequence_network_allocates_nothing() {
    use typenet::optim::{Sgd, SgdConfig};
    use typenet::train::{Mode, Trainer};
    let mut net = Seq::<f64>::random(
        &mut <typenet::rand_pcg::Pcg64 as typenet::rand_core::SeedableRng>::seed_from_u64(1),
    );
    let xs: [Vector2<f64>; 12] = core::array::from_fn(|t| Vector2::new(t as f64 / 10.0, 0.5));
    let ts: [Vector1<f64>; 12] = core::array::from_fn(|t| Vector1::new((t as f64).sin()));
    let mut ys = [Vector1::<f64>::zeros(); 12];
    let mut trace: [SeqTrace<f64>; 12] = core::array::from_fn(|_| SeqTrace::zeros());
    let mut grads = Seq::<f64>::zeros();
    let mut opt = Sgd::<f64, typenet::optim::StateOf<Seq<f64>>>::new(SgdConfig {
        lr: 0.01,
        ..Default::default()
    })
    .unwrap();
    let data = [(xs, ts), (xs, ts)];
    let (mut order, mut history) = ([0usize; 2], [0.0; 2]);
    let (n, _) = common::count(|| {
        let mut state = SeqState::<f64>::zeros();
        let y = net.step(&mut state, &xs[0]);
        net.forward_sequence(&mut state, &xs, &mut ys).unwrap();
        state.reset();
        let loss = net
            .sequence_backward(&mut state, &xs, &ts, &mut trace, &mut grads)
            .unwrap();
        (y, loss)
    });
    assert_eq!(n, 0, "sequence network allocated {n} times");
    let (n, _) = common::count(|| {
        Trainer::new(Mode::PerSample, 2)
            .unwrap()
            .run_sequences(
                &mut net,
                &mut opt,
                &data,
                5,
                &mut trace,
                &mut [SeqState::zeros()],
                &mut order,
                &mut history,
                (),
            )
            .unwrap();
    });
    assert_eq!(n, 0, "training on sequences allocated {n} times");
    // Minibatches of sequences with a validation on held-out sequences (forward only): the
    // states are the caller's array too.
    let mut states: [SeqState<f64>; 2] = core::array::from_fn(|_| SeqState::zeros());
    let mut val_history = [0.0; 2];
    let held_out = [(xs, ts)];
    let (n, _) = common::count(|| {
        Trainer::new(Mode::MiniBatch(2), 2)
            .unwrap()
            .run_sequences(
                &mut net,
                &mut opt,
                &data,
                5,
                &mut trace,
                &mut states,
                &mut order,
                &mut history,
                typenet::train::SequenceValidation::new(&held_out).record(&mut val_history),
            )
            .unwrap();
    });
    assert_eq!(n, 0, "minibatches of sequences allocated {n} times");
    assert!(val_history.iter().all(|l| l.is_finite() && *l > 0.0));
}
