//! No heap in a training step: with a counting global allocator, a training step of a
//! statically sized network (`network!`, optimizer state in `StateOf<Net>`, i.e. `[f64; PARAMS]`) — backward pass,
//! all-or-nothing step, element-by-element step, refused step — and whole epochs of the training loop make no
//! allocation, for every optimizer; nor does the loop with hooks (`run_with`) with no hook, or
//! with the allocation-free ones (validation, plateau on the validation loss, early stopping
//! into a borrowed buffer, a step closure).

mod common;

use typenet::optim::*;
use typenet::prelude::*;
use typenet::rand_core::SeedableRng;
use typenet::rand_pcg::Pcg64;
use typenet::sched::{PlateauConfig, ReduceLROnPlateau};
use typenet::train::{
    EarlyStopping, EarlyStoppingConfig, Mode, OnMetric, Trainer, Validation, on_step,
};

#[path = "../runtime/tests/support/lists.rs"]
mod lists;
use lists::OptimizerKind as K;

network! {
    /// The seed's XOR network.
    pub struct Xor: 2 => Dense(2, Sigmoid) => Dense(1, Sigmoid); loss = MSE
}

type Net = Xor<f64>;
type State = StateOf<Net>;

/// Allocations made while `f` runs (one test in this binary, so no other test thread allocates
/// meanwhile).
fn allocations(f: impl FnOnce()) -> usize {
    common::count(f).0
}

const DATA: [([f64; 2], f64); 4] = [
    ([0.0, 0.0], 0.0),
    ([0.0, 1.0], 1.0),
    ([1.0, 0.0], 1.0),
    ([1.0, 1.0], 0.0),
];

fn check<O: Optimizer<f64>>(name: &str, mut opt: O) {
    let data = DATA.map(|(x, t)| (Vector2::new(x[0], x[1]), Vector1::new(t)));
    let mut net = Net::random(&mut Pcg64::seed_from_u64(1));
    let before = net.clone();
    let mut bad = <Net as Trainable<f64>>::Gradients::zeros();
    bad.as_mut_slice()[4] = f64::NAN;
    let (mut order, mut history) = ([0; 4], [0.0; 10]);
    let mut rng = Pcg64::seed_from_u64(3);
    let val = [data[1], data[2]];
    let mut plateau = ReduceLROnPlateau::new(&mut opt, PlateauConfig::default()).unwrap();
    let mut best = [0.0; Net::PARAMS];
    let mut steps = 0;
    let n = allocations(|| {
        for (x, t) in data.iter().cycle().take(12) {
            let mut grads = <Net as Trainable<f64>>::Gradients::zeros();
            net.backward_into(x, t, &mut grads);
            opt.step(net.params_mut(), grads.as_slice()).unwrap();
            opt.step_elementwise(net.params_mut(), grads.as_slice())
                .unwrap();
        }
        assert!(opt.step(net.params_mut(), bad.as_slice()).is_err());
        Trainer::new(Mode::MiniBatch(3), 10)
            .unwrap()
            .shuffled(&mut rng)
            .run(
                &mut net,
                &mut opt,
                &data,
                &mut order,
                &mut history,
                |_, _| {},
            )
            .unwrap();
        let mut trainer = Trainer::new(Mode::MiniBatch(3), 10).unwrap();
        trainer
            .run_with(&mut net, &mut opt, &data, &mut order, &mut history, ())
            .unwrap();
        let config = EarlyStoppingConfig {
            patience: 3,
            ..Default::default()
        };
        let hooks = (
            Validation::new(&val),
            OnMetric(&mut plateau),
            EarlyStopping::with_store(config, &mut best[..]).unwrap(),
            on_step(|_net: &Net, _s| {
                steps += 1;
                core::ops::ControlFlow::Continue(())
            }),
        );
        trainer
            .run_with(&mut net, &mut opt, &data, &mut order, &mut history, hooks)
            .unwrap();
    });
    assert!(steps > 0, "{name}: the step hook ran");
    assert_eq!(n, 0, "{name}: {n} allocations");
    assert_ne!(
        net.params(),
        before.params(),
        "{name}: the steps did something"
    );
}

#[test]
fn a_training_step_allocates_nothing() {
    for &kind in K::ALL {
        match kind {
            K::Sgd => check(
                "SGD",
                Sgd::<f64, State>::new(SgdConfig::nesterov(0.1, 0.9)).unwrap(),
            ),
            K::Adagrad => check(
                "Adagrad",
                Adagrad::<f64, State>::new(AdagradConfig::default()).unwrap(),
            ),
            K::RmsProp => {
                let rms = RmsPropConfig {
                    centered: true,
                    momentum: 0.9,
                    ..Default::default()
                };
                check("RMSProp", RmsProp::<f64, State>::new(rms).unwrap());
            }
            K::Adadelta => check(
                "AdaDelta",
                Adadelta::<f64, State>::new(AdadeltaConfig::default()).unwrap(),
            ),
            K::Adam => {
                let adam = AdamConfig {
                    amsgrad: true,
                    ..Default::default()
                };
                check("Adam", Adam::<f64, State>::new(adam).unwrap());
            }
            K::AdamW => check(
                "AdamW",
                AdamW::<f64, State>::new(AdamWConfig::default()).unwrap(),
            ),
            K::Adamax => check(
                "Adamax",
                Adamax::<f64, State>::new(AdamaxConfig::default()).unwrap(),
            ),
            K::NAdam => check(
                "NAdam",
                NAdam::<f64, State>::new(NAdamConfig::default()).unwrap(),
            ),
            K::RAdam => check(
                "RAdam",
                RAdam::<f64, State>::new(RAdamConfig::default()).unwrap(),
            ),
            K::Rprop => check(
                "Rprop",
                Rprop::<f64, State>::new(RpropConfig::default()).unwrap(),
            ),
        }
    }
}
