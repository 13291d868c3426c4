//! Learning-rate schedulers: every schedule's curve in one picture, then a training run where a
//! schedule visibly helps.
//!
//! ```text
//! cargo run --release --example 04-schedules [-- path/to/picture.png]
//! ```
//!
//! 1. Draws the learning rate (and, for the cyclic schedules, the momentum) of every scheduler
//!    over 100 steps into one PNG (default `target/04-schedules.png`), each driving a real
//!    optimizer ([`Sgd`] with momentum). The linear decay panel is the seed's
//!    ε_k = (1 − α)ε₀ + αε_τ, α = k/τ.
//! 2. Fits noisy samples of sin on [−3, 3] with a 1-16-1 tanh network and minibatch SGD with
//!    momentum, through the [`Trainer`], from the same initial weights and the same shuffled
//!    minibatches each time: at a constant learning rate, with the seed's linear decay, with a
//!    warm-up then cosine annealing (per epoch), with OneCycleLR (per step) and with
//!    ReduceLROnPlateau (per epoch, on the epoch's loss); prints the losses. At a constant rate
//!    SGD keeps hovering (the per-sample gradients of noisy data never vanish together: the
//!    seed's Σε_k² < ∞ condition); the decaying schedules settle lower.

use plotters::prelude::*;
use typenet::ConfigError;
use typenet::optim::{Optimizer, Sgd, SgdConfig, StateOf};
use typenet::prelude::*;
use typenet::rand_core::{Rng, SeedableRng};
use typenet::rand_pcg::Pcg32;
use typenet::sched::*;
use typenet::train::{Every, Mode, Trainer};

/// An optimizer with no parameters: enough to drive a scheduler and read what it writes.
type Probe = Sgd<f64, [f64; 0]>;

/// Steps drawn per curve.
const STEPS: usize = 100;

fn probe() -> Probe {
    Sgd::new(SgdConfig::momentum(0.1, 0.9)).expect("valid settings")
}

/// The learning rate (and momentum) of the scheduler `make` builds on a fresh optimizer, after
/// construction and after each of `STEPS` steps; the metric (for ReduceLROnPlateau) is a loss that
/// falls, then stalls.
fn curve<S: Scheduler>(
    make: impl FnOnce(&mut Probe) -> Result<S, ConfigError>,
) -> (Vec<f64>, Vec<f64>) {
    let opt = &mut probe();
    let mut sched = make(opt).expect("valid settings");
    let mut lr = vec![sched.last_lr()];
    let mut momentum = vec![opt.momentum().unwrap_or(f64::NAN)];
    for k in 0..STEPS {
        sched.step_with_metric(opt, stalling_loss(k));
        lr.push(sched.last_lr());
        momentum.push(opt.momentum().unwrap_or(f64::NAN));
    }
    (lr, momentum)
}

/// A made-up loss: falls until step 30, then improves only in small steps every 25 steps.
fn stalling_loss(k: usize) -> f64 {
    if k < 30 {
        1.0 / (1.0 + k as f64)
    } else {
        1.0 / 31.0 - 1e-3 * (k / 25) as f64
    }
}

/// One panel: a title and one or more named curves.
struct Panel {
    title: &'static str,
    lines: Vec<(&'static str, Vec<f64>)>,
}

fn panel(title: &'static str, lines: Vec<(&'static str, Vec<f64>)>) -> Panel {
    Panel { title, lines }
}

fn panels() -> Vec<Panel> {
    let lr = |(lr, _): (Vec<f64>, Vec<f64>)| lr;
    let mut out = vec![
        panel(
            "LambdaLR  ε₀/(1 + 0.05k)",
            vec![(
                "",
                lr(curve(|o| {
                    Ok(LambdaLR::new(o, |k| 1.0 / (1.0 + 0.05 * k as f64)))
                })),
            )],
        ),
        panel(
            "MultiplicativeLR  ×0.97",
            vec![("", lr(curve(|o| Ok(MultiplicativeLR::new(o, |_| 0.97)))))],
        ),
        panel(
            "StepLR  s = 20, γ = 0.5",
            vec![(
                "",
                lr(curve(|o| {
                    StepLR::new(
                        o,
                        StepLRConfig {
                            step_size: 20,
                            gamma: 0.5,
                        },
                    )
                })),
            )],
        ),
        panel(
            "MultiStepLR  [30, 60, 80], γ = 0.3",
            vec![(
                "",
                lr(curve(|o| {
                    MultiStepLR::new(
                        o,
                        MultiStepLRConfig {
                            milestones: [30, 60, 80],
                            gamma: 0.3,
                        },
                    )
                })),
            )],
        ),
        panel(
            "ConstantLR  f = 1/3, n = 25",
            vec![(
                "",
                lr(curve(|o| {
                    ConstantLR::new(
                        o,
                        ConstantLRConfig {
                            factor: 1.0 / 3.0,
                            total_iters: 25,
                        },
                    )
                })),
            )],
        ),
        panel(
            "LinearLR  seed: (1−k/τ)ε₀ + (k/τ)ε_τ, τ = 60",
            vec![(
                "",
                lr(curve(|o| {
                    LinearLR::new(
                        o,
                        LinearLRConfig {
                            start_factor: 1.0,
                            end_factor: 0.1,
                            total_iters: 60,
                        },
                    )
                })),
            )],
        ),
        panel(
            "ExponentialLR  γ = 0.97",
            vec![(
                "",
                lr(curve(|o| {
                    ExponentialLR::new(o, ExponentialLRConfig { gamma: 0.97 })
                })),
            )],
        ),
        panel(
            "PolynomialLR  n = 80, p = 2",
            vec![(
                "",
                lr(curve(|o| {
                    PolynomialLR::new(
                        o,
                        PolynomialLRConfig {
                            total_iters: 80,
                            power: 2.0,
                        },
                    )
                })),
            )],
        ),
        panel(
            "CosineAnnealingLR  T = 40",
            vec![(
                "",
                lr(curve(|o| {
                    CosineAnnealingLR::new(
                        o,
                        CosineAnnealingLRConfig {
                            t_max: 40,
                            eta_min: 0.005,
                        },
                    )
                })),
            )],
        ),
        panel(
            "CosineAnnealingWarmRestarts  T₀ = 10, ×2",
            vec![(
                "",
                lr(curve(|o| {
                    CosineAnnealingWarmRestarts::new(
                        o,
                        CosineAnnealingWarmRestartsConfig {
                            t_0: 10,
                            t_mult: 2,
                            eta_min: 0.005,
                        },
                    )
                })),
            )],
        ),
    ];
    let tri = |mode| CyclicConfig {
        mode,
        base_lr: 0.01,
        max_lr: 0.1,
        step_size_up: 10,
        ..Default::default()
    };
    let (t1, m1) = curve(|o| CyclicLR::new(o, tri(CyclicMode::Triangular)));
    let (t2, _) = curve(|o| CyclicLR::new(o, tri(CyclicMode::Triangular2)));
    let (t3, _) = curve(|o| CyclicLR::new(o, tri(CyclicMode::ExpRange { gamma: 0.98 })));
    out.push(panel(
        "CyclicLR  10 up, 10 down",
        vec![("triangular", t1), ("triangular2", t2), ("exp_range", t3)],
    ));
    let (c2, mc) = curve(|o| {
        OneCycleLR::new(
            o,
            OneCycleConfig {
                max_lr: 0.1,
                total_steps: STEPS,
                ..Default::default()
            },
        )
    });
    let three = OneCycleConfig {
        anneal: Anneal::Linear,
        three_phase: true,
        max_lr: 0.1,
        total_steps: STEPS,
        ..Default::default()
    };
    let (c3, _) = curve(|o| OneCycleLR::new(o, three));
    out.push(panel(
        "OneCycleLR  max 0.1",
        vec![("cos, 2 phases", c2), ("linear, 3 phases", c3)],
    ));
    // Momentum, rescaled to the lr axis: 0.8 → 0, 0.95 → 0.1.
    let rescale = |m: Vec<f64>| m.into_iter().map(|m| (m - 0.8) / 0.15 * 0.1).collect();
    out.push(panel(
        "momentum (0.8 … 0.95)",
        vec![("CyclicLR", rescale(m1)), ("OneCycleLR", rescale(mc))],
    ));
    let plateau = PlateauConfig {
        patience: 5,
        factor: 0.5,
        ..Default::default()
    };
    out.push(panel(
        "ReduceLROnPlateau  patience 5, ×0.5",
        vec![("", lr(curve(|o| ReduceLROnPlateau::new(o, plateau))))],
    ));
    let warmup_cosine = |o: &mut Probe| {
        let warm = LinearLR::new(
            o,
            LinearLRConfig {
                start_factor: 0.1,
                end_factor: 1.0,
                total_iters: 10,
            },
        )?;
        let cos = CosineAnnealingLR::new(
            o,
            CosineAnnealingLRConfig {
                t_max: 90,
                eta_min: 0.0,
            },
        )?;
        SequentialLR::new(o, (warm, cos), [10])
    };
    out.push(panel(
        "SequentialLR  warm-up 10, cosine",
        vec![("", lr(curve(warmup_cosine)))],
    ));
    let chained = |o: &mut Probe| {
        let cut = ConstantLR::new(
            o,
            ConstantLRConfig {
                factor: 0.5,
                total_iters: 30,
            },
        )?;
        let decay = ExponentialLR::new(o, ExponentialLRConfig { gamma: 0.98 })?;
        Ok(ChainedScheduler::new(o, (cut, decay)))
    };
    out.push(panel(
        "ChainedScheduler  ConstantLR · Exponential",
        vec![("", lr(curve(chained)))],
    ));
    out
}

fn draw(path: &str, panels: &[Panel]) -> Result<(), Box<dyn std::error::Error>> {
    plotters::style::register_font("sans-serif", FontStyle::Normal, dejavu::sans::regular())
        .map_err(|_| "the embedded font did not load")?;
    let root = BitMapBackend::new(path, (1800, 1400)).into_drawing_area();
    root.fill(&WHITE)?;
    let root = root.titled(
        "typenet learning-rate schedulers (ε₀ = 0.1, 100 steps)",
        ("sans-serif", 30),
    )?;
    let colours = [BLUE, RED, RGBColor(0, 140, 0)];
    for (area, p) in root.split_evenly((4, 4)).iter().zip(panels) {
        let top = p
            .lines
            .iter()
            .flat_map(|(_, v)| v.iter().copied())
            .fold(0.0f64, f64::max);
        let mut chart = ChartBuilder::on(area)
            .caption(p.title, ("sans-serif", 17))
            .margin(10)
            .x_label_area_size(22)
            .y_label_area_size(50)
            .build_cartesian_2d(0.0..STEPS as f64, 0.0..top * 1.08)?;
        chart
            .configure_mesh()
            .x_labels(6)
            .y_labels(5)
            .x_label_formatter(&|v| format!("{v:.0}"))
            .y_label_formatter(&|v| format!("{v:.3}"))
            .label_style(("sans-serif", 13))
            .draw()?;
        for ((name, values), colour) in p.lines.iter().zip(colours) {
            let points = values.iter().enumerate().map(|(k, &v)| (k as f64, v));
            let series = chart.draw_series(LineSeries::new(points, colour.stroke_width(2)))?;
            if !name.is_empty() {
                series.label(*name).legend(move |(x, y)| {
                    PathElement::new([(x, y), (x + 16, y)], colour.stroke_width(2))
                });
            }
        }
        if p.lines.len() > 1 {
            chart
                .configure_series_labels()
                .label_font(("sans-serif", 13))
                .background_style(WHITE.mix(0.8))
                .border_style(BLACK)
                .draw()?;
        }
    }
    root.present()?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Training: a schedule against a constant learning rate.

network! {
    /// Fits sin(x) on [−3, 3].
    pub struct SineNet: 1 => Dense(16, Tanh) => Dense(1); loss = MSE
}

type Net = SineNet<f64>;
type Opt = Sgd<f64, StateOf<Net>>;

const EPOCHS: usize = 300;
const BATCH: usize = 8;
const LR: f64 = 0.1;

/// 64 points of sin on [−3, 3] with noise (uniform, ±0.15): no network fits them exactly, so
/// the per-sample gradients never vanish together and SGD at a constant step keeps moving.
fn data() -> Vec<(Vector1<f64>, Vector1<f64>)> {
    let mut rng = Pcg32::seed_from_u64(3);
    (0..64)
        .map(|i| {
            let x = -3.0 + 6.0 * i as f64 / 63.0;
            let noise = 0.3 * (rng.next_u32() as f64 / u32::MAX as f64 - 0.5);
            (Vector1::new(x), Vector1::new(x.sin() + noise))
        })
        .collect()
}

/// Trains from the same initial weights and the same shuffled minibatches with the scheduler
/// `make` builds, stepped as `every` says; returns the mean loss of each epoch (as the trainer
/// records it, during the epoch) and the mean loss over all data after training.
fn train<S: Scheduler>(
    make: impl FnOnce(&mut Opt) -> Result<S, ConfigError>,
    every: Every,
) -> (Vec<f64>, f64) {
    let data = data();
    let mut net = Net::random(&mut Pcg32::seed_from_u64(7));
    let mut opt = Opt::new(SgdConfig::momentum(LR, 0.9)).expect("valid settings");
    let mut sched = make(&mut opt).expect("valid settings");
    let mut order = vec![0; data.len()];
    let mut history = vec![0.0; EPOCHS];
    Trainer::new(Mode::MiniBatch(BATCH), EPOCHS)
        .expect("valid settings")
        .shuffled(&mut Pcg32::seed_from_u64(11))
        .scheduler(&mut sched, every)
        .run(
            &mut net,
            &mut opt,
            &data,
            &mut order,
            &mut history,
            |_, _| {},
        )
        .expect("finite losses and gradients");
    let last = data.iter().map(|(x, t)| net.loss(x, t)).sum::<f64>() / data.len() as f64;
    (history, last)
}

/// A scheduler that never changes the learning rate: the baseline.
struct Constant;

impl Scheduler for Constant {
    fn step<T: Scalar, O: Optimizer<T> + ?Sized>(&mut self, _: &mut O) {}
    fn last_lr(&self) -> f64 {
        LR
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/04-schedules.png".to_owned());
    if let Some(dir) = std::path::Path::new(&path)
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir)?;
    }
    let panels = panels();
    draw(&path, &panels)?;
    println!(
        "drew {} panels of learning-rate curves into {path}\n",
        panels.len()
    );

    let steps_per_epoch = data().len().div_ceil(BATCH);
    let plateau = PlateauConfig {
        patience: 10,
        factor: 0.5,
        ..Default::default()
    };
    let runs = [
        (
            format!("constant lr {LR}"),
            train(|_| Ok(Constant), Every::Epoch),
        ),
        (
            format!(
                "seed's linear decay to ε₀/100 at τ = {} (epoch)",
                EPOCHS * 4 / 5
            ),
            train(
                |o| {
                    LinearLR::new(
                        o,
                        LinearLRConfig {
                            start_factor: 1.0,
                            end_factor: 0.01,
                            total_iters: EPOCHS * 4 / 5,
                        },
                    )
                },
                Every::Epoch,
            ),
        ),
        (
            "warm-up 5, then cosine (per epoch)".to_owned(),
            train(
                |o| {
                    let warm = LinearLR::new(
                        o,
                        LinearLRConfig {
                            start_factor: 0.1,
                            end_factor: 1.0,
                            total_iters: 5,
                        },
                    )?;
                    let cos = CosineAnnealingLR::new(
                        o,
                        CosineAnnealingLRConfig {
                            t_max: EPOCHS - 5,
                            eta_min: 0.0,
                        },
                    )?;
                    SequentialLR::new(o, (warm, cos), [5])
                },
                Every::Epoch,
            ),
        ),
        (
            format!("OneCycleLR, max {} (per step)", 2.0 * LR),
            train(
                |o| {
                    OneCycleLR::new(
                        o,
                        OneCycleConfig::from_epochs(2.0 * LR, EPOCHS, steps_per_epoch),
                    )
                },
                Every::Step,
            ),
        ),
        (
            "ReduceLROnPlateau on the epoch's loss".to_owned(),
            train(|o| ReduceLROnPlateau::new(o, plateau), Every::Epoch),
        ),
    ];
    println!(
        "sin(x) + noise on [-3, 3], 1-16-1 tanh, SGD momentum 0.9, batch {BATCH}, {EPOCHS} epochs,"
    );
    println!("the same initial weights and minibatches for every run; mean loss ½(y − t)²");
    println!(
        "(the noise alone costs about ½·0.3²/12 = 3.75e-3), during the epoch and after training:"
    );
    print!("{:<50}", "epoch");
    let shown = [10, EPOCHS / 4, EPOCHS / 2, EPOCHS * 3 / 4, EPOCHS];
    for e in shown {
        print!("{e:>10}");
    }
    println!("{:>12}", "after");
    for (name, (history, last)) in &runs {
        print!("{name:<50}");
        for e in shown {
            print!("{:>10.3e}", history[e - 1]);
        }
        println!("{last:>12.4e}");
    }
    let baseline = runs[0].1.1;
    println!();
    for (name, (_, last)) in &runs[1..] {
        println!(
            "{name}: {:.0}% of the constant-lr loss",
            100.0 * last / baseline
        );
    }
    Ok(())
}
