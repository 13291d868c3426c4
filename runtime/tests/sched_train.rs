//! Schedulers in the training loop, with real optimizers: per epoch (with the epoch's loss) and
//! per optimizer step, as the user chooses. The model is a hand-written line y = w·x + b.

use rand_pcg::rand_core::Rng;
use typenet_runtime::optim::*;
use typenet_runtime::sched::*;
use typenet_runtime::train::{Every, Mode, Trainer};
use typenet_runtime::{Flat, LayerInfo, LayerKind, Network, Parameters, TensorInfo, Trainable};

/// y = w·x + b, E = ½(y − t)². Flat order: w, b.
#[repr(C)]
#[derive(Clone, Debug, PartialEq)]
struct Line {
    p: [f64; 2],
}

// SAFETY: `repr(C)` around exactly two f64s.
unsafe impl Flat<f64> for Line {
    const LEN: usize = 2;
}

impl Parameters<f64> for Line {
    const INPUTS: usize = 1;
    const OUTPUTS: usize = 1;
    const PARAMS: usize = 2;
    const NAME: &'static str = "Line";
    const TENSORS: &'static [TensorInfo] = &[
        TensorInfo {
            name: "weight",
            shape: &[1, 1],
            offset: 0,
        },
        TensorInfo {
            name: "bias",
            shape: &[1],
            offset: 1,
        },
    ];
    const LAYERS: &'static [LayerInfo] = &[LayerInfo {
        kind: LayerKind::Dense,
        name: "line",
        inputs: 1,
        outputs: 1,
        activation: "Identity",
        params: 2,
    }];
    fn init<R: Rng + ?Sized>(&mut self, _rng: &mut R) {
        self.p = [0.0, 0.0];
    }
}

impl Network<f64> for Line {
    type Input = f64;
    type Output = f64;
    type Trace = ();
    type InputJacobian = f64;
    fn forward(&self, x: &f64) -> f64 {
        self.p[0] * x + self.p[1]
    }
    fn forward_trace(&self, _x: &f64) {}
    fn input_jacobian(&self, _x: &f64) -> f64 {
        self.p[0]
    }
}

impl Trainable<f64> for Line {
    type Target = f64;
    type Gradients = Line;
    fn loss(&self, x: &f64, t: &f64) -> f64 {
        0.5 * (self.forward(x) - t).powi(2)
    }
    fn backward_into(&self, x: &f64, t: &f64, g: &mut Line) -> f64 {
        let r = self.forward(x) - t;
        g.p[0] += r * x;
        g.p[1] += r;
        0.5 * r * r
    }
}

/// t = 2x − 1 plus a fixed ±0.1 wobble, so the loss cannot reach 0.
fn data() -> [(f64, f64); 10] {
    core::array::from_fn(|i| {
        let x = i as f64 / 10.0;
        (x, 2.0 * x - 1.0 + if i % 2 == 0 { 0.1 } else { -0.1 })
    })
}

type Momentum = Sgd<f64, [f64; 2]>;

fn sgd() -> Momentum {
    Sgd::new(SgdConfig::momentum(0.1, 0.9)).unwrap()
}

/// The same training written out: for each epoch, minibatches of 4 in order, optimizer step,
/// then (per step) `on_step`; after the epoch `on_epoch(mean loss)`.
fn by_hand(
    net: &mut Line,
    opt: &mut Momentum,
    epochs: usize,
    mut on_step: impl FnMut(&mut Momentum),
    mut on_epoch: impl FnMut(&mut Momentum, f64),
) {
    let data = data();
    for _ in 0..epochs {
        let mut total = 0.0;
        for batch in data.chunks(4) {
            let mut g = Line { p: [0.0; 2] };
            for (x, t) in batch {
                total += net.backward_into(x, t, &mut g);
            }
            let m = batch.len() as f64;
            g.p.iter_mut().for_each(|g| *g /= m);
            opt.step(&mut net.p, &g.p).unwrap();
            on_step(opt);
        }
        on_epoch(opt, total / data.len() as f64);
    }
}

fn trained<S: Scheduler>(sched: &mut S, opt: &mut Momentum, every: Every, epochs: usize) -> Line {
    let mut net = Line { p: [0.0; 2] };
    let mut order = [0; 10];
    let mut history = [0.0; 64];
    Trainer::new(Mode::MiniBatch(4), epochs)
        .unwrap()
        .scheduler(sched, every)
        .run(
            &mut net,
            opt,
            &data(),
            &mut order,
            &mut history[..epochs],
            |_, _| {},
        )
        .unwrap();
    net
}

#[test]
fn per_epoch_schedule_through_the_trainer_matches_the_loop_by_hand() {
    let mut opt = sgd();
    let mut s = SequentialLR::new(
        &mut opt,
        (
            LinearLR::new(
                &mut sgd(),
                LinearLRConfig {
                    start_factor: 0.1,
                    end_factor: 1.0,
                    total_iters: 3,
                },
            )
            .unwrap(),
            CosineAnnealingLR::new(
                &mut sgd(),
                CosineAnnealingLRConfig {
                    t_max: 10,
                    eta_min: 0.0,
                },
            )
            .unwrap(),
        ),
        [3],
    )
    .unwrap();
    let net = trained(&mut s, &mut opt, Every::Epoch, 13);

    let mut hand_opt = sgd();
    let mut hand_s = SequentialLR::new(
        &mut hand_opt,
        (
            LinearLR::new(
                &mut sgd(),
                LinearLRConfig {
                    start_factor: 0.1,
                    end_factor: 1.0,
                    total_iters: 3,
                },
            )
            .unwrap(),
            CosineAnnealingLR::new(
                &mut sgd(),
                CosineAnnealingLRConfig {
                    t_max: 10,
                    eta_min: 0.0,
                },
            )
            .unwrap(),
        ),
        [3],
    )
    .unwrap();
    let mut hand = Line { p: [0.0; 2] };
    let mut lrs = vec![];
    by_hand(
        &mut hand,
        &mut hand_opt,
        13,
        |_| {},
        |o, loss| {
            hand_s.step_with_metric(o, loss);
            lrs.push(o.learning_rate());
        },
    );
    assert_eq!(net, hand);
    assert_eq!(opt.learning_rate(), hand_opt.learning_rate());
    // 3 warm-up epochs, then the cosine from 0.1 reaches 0 after its 10 epochs.
    assert!((lrs[2] - 0.1).abs() < 1e-15, "{lrs:?}");
    assert!(opt.learning_rate().abs() < 1e-15);
}

#[test]
fn per_step_one_cycle_through_the_trainer_matches_the_loop_by_hand() {
    // 10 samples in batches of 4: 3 steps per epoch, 8 epochs = 24 steps = OneCycle's length.
    let config = OneCycleConfig::from_epochs(0.2, 8, 3);
    let mut opt = sgd();
    let mut s = OneCycleLR::new(&mut opt, config).unwrap();
    let net = trained(&mut s, &mut opt, Every::Step, 8);

    let mut hand_opt = sgd();
    let mut hand_s = OneCycleLR::new(&mut hand_opt, config).unwrap();
    let mut hand = Line { p: [0.0; 2] };
    let mut momenta = vec![];
    by_hand(
        &mut hand,
        &mut hand_opt,
        8,
        |o| {
            hand_s.step(o);
            momenta.push(o.momentum().unwrap());
        },
        |_, _| {},
    );
    assert_eq!(net, hand);
    assert_eq!(opt.learning_rate(), hand_opt.learning_rate());
    // The momentum was cycled in the real optimizer: down to 0.85 at the peak and back.
    assert_eq!(opt.config.momentum, hand_opt.config.momentum);
    let low = momenta.iter().copied().fold(1.0, f64::min);
    assert!((low - 0.85).abs() < 0.01, "{momenta:?}");
    assert!((momenta[23] - 0.95).abs() < 1e-3, "{momenta:?}");
}

#[test]
fn plateau_cuts_on_the_epoch_loss_and_never_per_step() {
    // The loss stalls at the wobble's floor and the learning rate gets cut; stepped per optimizer
    // step the scheduler receives no metric and never cuts.
    let config = PlateauConfig {
        patience: 2,
        factor: 0.5,
        threshold: 1e-3,
        ..Default::default()
    };
    let mut opt = sgd();
    let mut s = ReduceLROnPlateau::new(&mut opt, config).unwrap();
    trained(&mut s, &mut opt, Every::Epoch, 60);
    assert!(
        opt.learning_rate() < 0.1 / 4.0,
        "lr {}",
        opt.learning_rate()
    );
    assert_eq!(s.last_lr(), opt.learning_rate());

    let mut opt = sgd();
    let mut s = ReduceLROnPlateau::new(&mut opt, config).unwrap();
    trained(&mut s, &mut opt, Every::Step, 60);
    assert_eq!(opt.learning_rate(), 0.1);
}

#[test]
fn adam_beta1_is_cycled() {
    let mut opt = Adam::<f64, [f64; 2]>::new(AdamConfig {
        lr: 0.01,
        ..Default::default()
    })
    .unwrap();
    let mut s = CyclicLR::new(
        &mut opt,
        CyclicConfig {
            base_lr: 0.001,
            max_lr: 0.01,
            step_size_up: 3,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(opt.momentum(), Some(0.9));
    for _ in 0..3 {
        s.step(&mut opt);
    }
    // At the top of the cycle: lr = 0.001 + 0.009 (rounded, as in PyTorch), β₁ = base_momentum.
    assert!((opt.learning_rate() - 0.01).abs() < 1e-17);
    assert_eq!(opt.momentum(), Some(0.8));
}
