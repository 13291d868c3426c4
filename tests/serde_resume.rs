//! serde (issue 18): training k epochs, saving the network, the optimizer and the scheduler as
//! JSON, loading them into fresh values and training k more gives the parameters of 2k epochs
//! straight, bit for bit; for every optimizer (with StepLR) and every scheduler (with Adam; those
//! holding a function load their state into one built with the same function). Shuffled minibatches, reseeded per epoch from the epoch's number, so the generator
//! needs no saving. Loading checks shapes and lengths, with errors naming the tensor or buffer.

use typenet::optim::*;
use typenet::prelude::*;
use typenet::rand_core::SeedableRng;
use typenet::rand_pcg::Pcg64;
use typenet::sched::*;
use typenet::serde_state::serde::{Serialize, de::DeserializeOwned};
use typenet::train::{Every, Mode, Trainer};

#[path = "../runtime/tests/support/lists.rs"]
mod lists;
use lists::{OptimizerKind as K, SchedulerKind as SK};

network! {
    /// A small regression network, with a layer without biases.
    pub struct Reg: 3 => Dense(6, Tanh) => Dense(4, Tanh, bias = false) => Dense(1); loss = MSE
    /// Reg with a wider first layer: its `layer1.weight` has another shape.
    pub struct Wide: 3 => Dense(7, Tanh) => Dense(4, Tanh, bias = false) => Dense(1); loss = MSE
}

type Net = Reg<f64>;
const K_EPOCHS: usize = 4;

fn data() -> Vec<(Vector3<f64>, Vector1<f64>)> {
    (0..23)
        .map(|i| {
            let x = Vector3::new(
                (i as f64 * 0.37).sin(),
                (i as f64 * 0.11).cos(),
                i as f64 / 23.0 - 0.5,
            );
            (x, Vector1::new(x[0] * x[1] - 0.5 * x[2]))
        })
        .collect()
}

/// Epochs `epochs` of shuffled minibatches of 5, the scheduler stepped after each epoch.
fn train<O: Optimizer<f64>, S: Scheduler>(
    net: &mut Net,
    opt: &mut O,
    sched: &mut S,
    epochs: core::ops::Range<usize>,
) {
    let data = data();
    let mut order = vec![0; data.len()];
    for epoch in epochs {
        let mut rng = Pcg64::seed_from_u64(1000 + epoch as u64);
        Trainer::new(Mode::MiniBatch(5), 1)
            .unwrap()
            .shuffled(&mut rng)
            .scheduler(sched, Every::Epoch)
            .run(net, opt, &data, &mut order, &mut [0.0], |_, _| {})
            .unwrap();
    }
}

fn bits(p: &[f64]) -> Vec<u64> {
    p.iter().map(|x| x.to_bits()).collect()
}

/// 2k epochs straight against k, a JSON round trip of everything, and k more.
fn resumes<O, S>(name: &str, make_opt: impl Fn(&Net) -> O, make_sched: impl Fn(&mut O) -> S)
where
    O: Optimizer<f64> + Serialize + DeserializeOwned,
    S: Scheduler + Serialize + DeserializeOwned,
{
    resumes_with(name, make_opt, make_sched, |v, _| {
        serde_json::from_value(v).unwrap()
    });
}

/// [`resumes`], the scheduler restored by `load` from its JSON (for those holding a function,
/// loaded into one built with the same function).
fn resumes_with<O, S>(
    name: &str,
    make_opt: impl Fn(&Net) -> O,
    make_sched: impl Fn(&mut O) -> S,
    load: impl Fn(serde_json::Value, &Net) -> S,
) where
    O: Optimizer<f64> + Serialize + DeserializeOwned,
    S: Scheduler + Serialize,
{
    let start = Net::random(&mut Pcg64::seed_from_u64(7));

    let mut net = start.clone();
    let mut opt = make_opt(&net);
    let mut sched = make_sched(&mut opt);
    train(&mut net, &mut opt, &mut sched, 0..2 * K_EPOCHS);

    let mut half = start.clone();
    let mut opt2 = make_opt(&half);
    let mut sched2 = make_sched(&mut opt2);
    train(&mut half, &mut opt2, &mut sched2, 0..K_EPOCHS);
    let json = serde_json::to_string(&(&half, &opt2, &sched2)).unwrap();
    drop((half, opt2, sched2));
    let (net3, opt3, sched3): (Net, O, serde_json::Value) = serde_json::from_str(&json).unwrap();
    let (mut net3, mut opt3) = (net3, opt3);
    let mut sched3 = load(sched3, &net3);
    train(&mut net3, &mut opt3, &mut sched3, K_EPOCHS..2 * K_EPOCHS);

    assert_ne!(bits(net.params()), bits(start.params()), "{name}: trained");
    assert_eq!(bits(net3.params()), bits(net.params()), "{name}");
    assert_eq!(
        opt3.learning_rate().to_bits(),
        opt.learning_rate().to_bits(),
        "{name}"
    );
    assert_eq!(
        sched3.last_lr().to_bits(),
        sched.last_lr().to_bits(),
        "{name}"
    );
}

fn step_lr<O: Optimizer<f64>>(o: &mut O) -> StepLR {
    StepLR::new(
        o,
        StepLRConfig {
            step_size: 3,
            gamma: 0.5,
        },
    )
    .unwrap()
}

#[test]
fn every_optimizer_resumes_bit_for_bit() {
    for &kind in K::ALL {
        let name = kind.type_name();
        match kind {
            K::Sgd => resumes(
                name,
                |n| Sgd::for_network(n, SgdConfig::nesterov(0.05, 0.9)).unwrap(),
                step_lr,
            ),
            K::Adagrad => resumes(
                name,
                |n| Adagrad::for_network(n, AdagradConfig::default()).unwrap(),
                step_lr,
            ),
            K::RmsProp => resumes(
                name,
                |n| {
                    let c = RmsPropConfig {
                        momentum: 0.5,
                        centered: true,
                        ..Default::default()
                    };
                    RmsProp::for_network(n, c).unwrap()
                },
                step_lr,
            ),
            K::Adadelta => resumes(
                name,
                |n| Adadelta::for_network(n, AdadeltaConfig::default()).unwrap(),
                step_lr,
            ),
            K::Adam => {
                let ams = AdamConfig {
                    lr: 0.01,
                    amsgrad: true,
                    ..Default::default()
                };
                resumes(name, |n| Adam::for_network(n, ams).unwrap(), step_lr);
                // The heap-backed state round-trips alike.
                resumes(name, |n| Adam::boxed_for(n, ams).unwrap(), step_lr);
            }
            K::AdamW => resumes(
                name,
                |n| AdamW::for_network(n, AdamWConfig::default()).unwrap(),
                step_lr,
            ),
            K::Adamax => resumes(
                name,
                |n| Adamax::for_network(n, AdamaxConfig::default()).unwrap(),
                step_lr,
            ),
            K::NAdam => resumes(
                name,
                |n| NAdam::for_network(n, NAdamConfig::default()).unwrap(),
                step_lr,
            ),
            K::RAdam => resumes(
                name,
                |n| RAdam::for_network(n, RAdamConfig::default()).unwrap(),
                step_lr,
            ),
            K::Rprop => resumes(
                name,
                |n| Rprop::for_network(n, RpropConfig::default()).unwrap(),
                step_lr,
            ),
        }
    }
}

#[test]
fn every_scheduler_resumes_bit_for_bit() {
    type A = Adam<f64, StateOf<Net>>;
    let adam = |n: &Net| {
        let c = AdamConfig {
            lr: 0.02,
            ..Default::default()
        };
        A::for_network(n, c).unwrap()
    };
    for &kind in SK::ALL {
        let name = kind.type_name();
        match kind {
            SK::StepLR => resumes(name, adam, step_lr),
            SK::ConstantLR => resumes(name, adam, |o: &mut A| {
                ConstantLR::new(o, ConstantLRConfig::default()).unwrap()
            }),
            SK::LinearLR => resumes(name, adam, |o: &mut A| {
                LinearLR::new(o, LinearLRConfig::default()).unwrap()
            }),
            SK::ExponentialLR => resumes(name, adam, |o: &mut A| {
                ExponentialLR::new(o, ExponentialLRConfig { gamma: 0.8 }).unwrap()
            }),
            SK::PolynomialLR => resumes(name, adam, |o: &mut A| {
                let c = PolynomialLRConfig {
                    total_iters: 6,
                    power: 2.0,
                };
                PolynomialLR::new(o, c).unwrap()
            }),
            SK::CosineAnnealingLR => resumes(name, adam, |o: &mut A| {
                let c = CosineAnnealingLRConfig {
                    t_max: 3,
                    eta_min: 0.001,
                };
                CosineAnnealingLR::new(o, c).unwrap()
            }),
            SK::CosineAnnealingWarmRestarts => resumes(name, adam, |o: &mut A| {
                let c = CosineAnnealingWarmRestartsConfig {
                    t_0: 2,
                    t_mult: 2,
                    ..Default::default()
                };
                CosineAnnealingWarmRestarts::new(o, c).unwrap()
            }),
            SK::ReduceLROnPlateau => resumes(name, adam, |o: &mut A| {
                let c = PlateauConfig {
                    patience: 0,
                    factor: 0.5,
                    threshold: 0.5,
                    ..Default::default()
                };
                ReduceLROnPlateau::new(o, c).unwrap()
            }),
            SK::OneCycleLR => resumes(name, adam, |o: &mut A| {
                let c = OneCycleConfig {
                    max_lr: 0.05,
                    total_steps: 2 * K_EPOCHS + 1,
                    ..Default::default()
                };
                OneCycleLR::new(o, c).unwrap()
            }),
            SK::ChainedScheduler => resumes(name, adam, |o: &mut A| {
                let a = ExponentialLR::new(o, ExponentialLRConfig { gamma: 0.9 }).unwrap();
                let b = step_lr(o);
                ChainedScheduler::new(o, (a, b))
            }),
            SK::MultiStepLR => resumes(name, adam, |o: &mut A| {
                let c = MultiStepLRConfig {
                    milestones: [2, 5, 5],
                    gamma: 0.5,
                };
                MultiStepLR::new(o, c).unwrap()
            }),
            SK::SequentialLR => resumes(name, adam, |o: &mut A| {
                let warm = LinearLR::new(o, LinearLRConfig::default()).unwrap();
                let c = CosineAnnealingLRConfig {
                    t_max: 4,
                    ..Default::default()
                };
                let cos = CosineAnnealingLR::new(o, c).unwrap();
                SequentialLR::new(o, (warm, cos), [3]).unwrap()
            }),
            // A function inside: the state is loaded into one built with the same function.
            SK::LambdaLR => {
                fn lambda(k: usize) -> f64 {
                    0.9f64.powi(k as i32)
                }
                let make = |o: &mut A| LambdaLR::new(o, lambda as fn(usize) -> f64);
                resumes_with(name, adam, make, |v, n| {
                    let mut s = make(&mut adam(n));
                    s.load_state(v).unwrap();
                    s
                });
            }
            SK::MultiplicativeLR => {
                let make = |o: &mut A| MultiplicativeLR::new(o, |k: usize| 1.0 - 0.01 * k as f64);
                resumes_with(name, adam, make, |v, n| {
                    let mut s = make(&mut adam(n));
                    s.load_state(v).unwrap();
                    s
                });
            }
            SK::CyclicLR => {
                let make = |o: &mut A| {
                    let c = CyclicConfig {
                        base_lr: 0.001,
                        max_lr: 0.03,
                        step_size_up: 3,
                        mode: CyclicMode::ExpRange { gamma: 0.9 },
                        ..Default::default()
                    };
                    CyclicLR::new(o, c).unwrap()
                };
                resumes_with(name, adam, make, |v, n| {
                    let mut s = make(&mut adam(n));
                    s.load_state(v).unwrap();
                    s
                });
            }
        }
    }
}

#[test]
fn a_network_of_another_shape_is_refused_naming_the_tensor() {
    let wide = Wide::<f64>::zeros();
    let json = serde_json::to_string(&wide).unwrap();
    let err = serde_json::from_str::<Net>(&json).unwrap_err().to_string();
    assert!(
        err.starts_with("tensor `layer1.weight` has shape [7, 3], the network's is [6, 3]"),
        "{err}"
    );
    let net = Net::zeros();
    let mut v: serde_json::Value = serde_json::to_value(&net).unwrap();
    v.as_object_mut().unwrap().remove("layer2.weight");
    let err = serde_json::from_value::<Net>(v.clone())
        .unwrap_err()
        .to_string();
    assert_eq!(err, "tensor `layer2.weight` is missing");
    v["layer2.weight"] = serde_json::json!({"shape": [4, 6], "values": vec![0.0; 23]});
    let err = serde_json::from_value::<Net>(v).unwrap_err().to_string();
    assert_eq!(
        err,
        "tensor `layer2.weight` has 23 values, its shape needs 24"
    );
    // And a faithful round trip.
    let net = Net::random(&mut Pcg64::seed_from_u64(3));
    let back: Net = serde_json::from_str(&serde_json::to_string(&net).unwrap()).unwrap();
    assert_eq!(bits(back.params()), bits(net.params()));
}

#[test]
fn an_optimizer_state_of_another_length_is_refused_naming_both_sides() {
    let net = Net::zeros();
    let opt = Adam::for_network(&net, AdamConfig::default()).unwrap();
    let json = serde_json::to_string(&opt).unwrap();
    // Into the state of a network with another parameter count.
    let err = serde_json::from_str::<Adam<f64, StateOf<Wide<f64>>>>(&json)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("optimizer state `exp_avg` holds 53 parameters, its storage type holds 61"),
        "{err}"
    );
    // One buffer shorter than the others.
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v["state"]["exp_avg_sq"].as_array_mut().unwrap().pop();
    let err = serde_json::from_value::<Adam<f64, Vec<f64>>>(v)
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "optimizer state `exp_avg_sq` holds 52 values, `exp_avg` holds 53"
    );
    // An invalid config is refused like the constructor refuses it.
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v["config"]["lr"] = serde_json::json!(-1.0);
    let err = serde_json::from_value::<Adam<f64, Vec<f64>>>(v)
        .unwrap_err()
        .to_string();
    assert_eq!(err, "invalid `lr` = -1: must be ≥ 0 and finite");
}

#[test]
fn an_invalid_scheduler_state_is_refused_naming_the_setting() {
    let mut opt = Adam::for_network(&Net::zeros(), AdamConfig::default()).unwrap();
    let c = CosineAnnealingWarmRestartsConfig {
        t_0: 2,
        ..Default::default()
    };
    let s = CosineAnnealingWarmRestarts::new(&mut opt, c).unwrap();
    let mut v = serde_json::to_value(s).unwrap();
    // A period of 0 would divide by zero at the next step.
    v["t_i"] = serde_json::json!(0);
    let err = serde_json::from_value::<CosineAnnealingWarmRestarts>(v).unwrap_err();
    assert_eq!(err.to_string(), "invalid `t_i` = 0: must be ≥ 1");
    let s = StepLR::new(
        &mut opt,
        StepLRConfig {
            step_size: 2,
            ..Default::default()
        },
    )
    .unwrap();
    let mut v = serde_json::to_value(s).unwrap();
    v["gamma"] = serde_json::json!(-0.5);
    let err = serde_json::from_value::<StepLR>(v).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid `gamma` = -0.5: must be ≥ 0 and finite"
    );
    // A milestone array of the wrong length.
    let m = MultiStepLR::new(
        &mut opt,
        MultiStepLRConfig {
            milestones: [1, 2],
            gamma: 0.5,
        },
    )
    .unwrap();
    let json = serde_json::to_string(&m).unwrap();
    let err = serde_json::from_str::<MultiStepLR<3>>(&json).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("expected 3 milestones, found 2"),
        "{err}"
    );
}
