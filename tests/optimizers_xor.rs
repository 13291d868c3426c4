//! Every optimizer of the seed's chart trains the seed's XOR network (`network!`, 2-2-1,
//! sigmoid, MSE) from the same seeded start, through the training loop.

use typenet::optim::*;
use typenet::prelude::*;
use typenet::rand_core::SeedableRng;
use typenet::rand_pcg::Pcg64;
use typenet::train::{Mode, Trainer, mean_loss};

#[path = "../runtime/tests/support/lists.rs"]
mod lists;
use lists::OptimizerKind as K;

network! {
    /// The seed's XOR network.
    pub struct Xor: 2 => Dense(2, Sigmoid) => Dense(1, Sigmoid); loss = MSE
}

type Net = Xor<f64>;
type State = StateOf<Net>;

fn data() -> [(Vector2<f64>, Vector1<f64>); 4] {
    [
        (Vector2::new(0.0, 0.0), Vector1::new(0.0)),
        (Vector2::new(0.0, 1.0), Vector1::new(1.0)),
        (Vector2::new(1.0, 0.0), Vector1::new(1.0)),
        (Vector2::new(1.0, 1.0), Vector1::new(0.0)),
    ]
}

/// The start: every weight and bias from U(−1, 1) with seed 2. XOR with two hidden sigmoid
/// units has well-known local minima (mean loss 1/16 and 1/12: one output stuck at ½); from
/// this start every optimizer below reaches the global one. (Seeds 1 and 3–6 trap some of
/// them; a minimum is a property of the start, not of the optimizer's correctness.)
fn start() -> Net {
    let mut values = [0.0; Net::PARAMS];
    typenet::init::fill_uniform(&mut values, 1.0, &mut Pcg64::seed_from_u64(2));
    Net::from_params(&values).unwrap()
}

/// Trains with `opt` in `mode` for `epochs`, shuffled with a fixed seed, and checks the stated
/// result: mean ½(t − y)² below 0.01 and every output within 0.2 of its target.
fn trains<O: Optimizer<f64>>(name: &str, mut opt: O, mode: Mode, epochs: usize) {
    let data = data();
    let mut net = start();
    let before = mean_loss(&net, &data).unwrap();
    let (mut order, mut history) = ([0; 4], vec![0.0; epochs]);
    Trainer::new(mode, epochs)
        .unwrap()
        .shuffled(&mut Pcg64::seed_from_u64(11))
        .run(
            &mut net,
            &mut opt,
            &data,
            &mut order,
            &mut history,
            |_, _| {},
        )
        .unwrap();
    let after = mean_loss(&net, &data).unwrap();
    assert!(after < 0.01, "{name}: mean loss {before} -> {after}");
    assert!(history[epochs - 1] < history[0], "{name}: {history:?}");
    for (x, t) in &data {
        let y = net.forward(x)[0];
        assert!(
            (y - t[0]).abs() < 0.2,
            "{name}: XOR{x:?} = {y}, want {}",
            t[0]
        );
    }
}

/// Trains XOR with each configuration of `kind` the chart shows.
fn trains_every_configuration_of(kind: K) {
    match kind {
        K::Sgd => {
            trains(
                "GD",
                Sgd::<f64, State>::new(SgdConfig::plain(2.0)).unwrap(),
                Mode::FullBatch,
                5000,
            );
            let sgd = Sgd::<f64, State>::new(SgdConfig::plain(2.0)).unwrap();
            trains("SGD minibatch", sgd, Mode::MiniBatch(2), 3000);
            let sgd = Sgd::<f64, State>::new(SgdConfig::plain(1.0)).unwrap();
            trains("SGD per sample (cycle rule)", sgd, Mode::PerSample, 3000);
            let momentum = Sgd::<f64, State>::new(SgdConfig::momentum(0.5, 0.9)).unwrap();
            trains("Momentum", momentum, Mode::FullBatch, 1000);
            let nag = Sgd::<f64, State>::new(SgdConfig::nesterov(0.5, 0.9)).unwrap();
            trains("NAG", nag, Mode::FullBatch, 1000);
        }
        K::Adagrad => {
            let adagrad = AdagradConfig {
                lr: 0.5,
                ..Default::default()
            };
            trains(
                "Adagrad",
                Adagrad::<f64, State>::new(adagrad).unwrap(),
                Mode::FullBatch,
                1000,
            );
        }
        K::RmsProp => {
            let rms = RmsPropConfig {
                lr: 0.01,
                ..Default::default()
            };
            trains(
                "RMSProp",
                RmsProp::<f64, State>::new(rms).unwrap(),
                Mode::FullBatch,
                1000,
            );
            let centred = RmsPropConfig {
                lr: 0.005,
                centered: true,
                momentum: 0.9,
                ..Default::default()
            };
            trains(
                "RMSProp centred",
                RmsProp::<f64, State>::new(centred).unwrap(),
                Mode::FullBatch,
                1000,
            );
        }
        K::Adadelta => {
            let adadelta = Adadelta::<f64, State>::new(AdadeltaConfig::default()).unwrap();
            trains("AdaDelta", adadelta, Mode::PerSample, 3000);
        }
        K::Rprop => trains(
            "Rprop",
            Rprop::<f64, State>::new(RpropConfig::default()).unwrap(),
            Mode::FullBatch,
            500,
        ),
        K::Adam => {
            let adam = AdamConfig {
                lr: 0.05,
                ..Default::default()
            };
            trains(
                "Adam",
                Adam::<f64, State>::new(adam).unwrap(),
                Mode::FullBatch,
                1000,
            );
            let ams = AdamConfig {
                lr: 0.05,
                amsgrad: true,
                ..Default::default()
            };
            trains(
                "AMSGrad",
                Adam::<f64, State>::new(ams).unwrap(),
                Mode::FullBatch,
                1000,
            );
        }
        K::AdamW => {
            let adamw = AdamWConfig {
                lr: 0.05,
                ..Default::default()
            };
            trains(
                "AdamW",
                AdamW::<f64, State>::new(adamw).unwrap(),
                Mode::FullBatch,
                1000,
            );
        }
        K::Adamax => {
            let adamax = AdamaxConfig {
                lr: 0.05,
                ..Default::default()
            };
            trains(
                "Adamax",
                Adamax::<f64, State>::new(adamax).unwrap(),
                Mode::FullBatch,
                1000,
            );
        }
        K::NAdam => {
            let nadam = NAdamConfig {
                lr: 0.05,
                ..Default::default()
            };
            trains(
                "NAdam",
                NAdam::<f64, State>::new(nadam).unwrap(),
                Mode::FullBatch,
                1000,
            );
        }
        K::RAdam => {
            let radam = RAdamConfig {
                lr: 0.05,
                ..Default::default()
            };
            trains(
                "RAdam",
                RAdam::<f64, State>::new(radam).unwrap(),
                Mode::FullBatch,
                1000,
            );
        }
    }
}

const PLAIN: &[K] = &[K::Sgd];
const ADAPTIVE: &[K] = &[K::Adagrad, K::RmsProp, K::Adadelta, K::Rprop];
const ADAM_FAMILY: &[K] = &[K::Adam, K::AdamW, K::Adamax, K::NAdam, K::RAdam];

#[test]
fn gd_sgd_and_momentum() {
    PLAIN.iter().for_each(|&k| trains_every_configuration_of(k));
}

#[test]
fn adaptive_rates() {
    ADAPTIVE
        .iter()
        .for_each(|&k| trains_every_configuration_of(k));
}

#[test]
fn adam_family() {
    ADAM_FAMILY
        .iter()
        .for_each(|&k| trains_every_configuration_of(k));
}

/// The three tests above (split to run in parallel) train every optimizer of the shared list,
/// each in one of them.
#[test]
fn every_optimizer_trains_in_one_of_the_tests() {
    let tests = [PLAIN, ADAPTIVE, ADAM_FAMILY].concat();
    for kind in K::ALL {
        assert_eq!(tests.iter().filter(|&k| k == kind).count(), 1, "{kind:?}");
    }
}
