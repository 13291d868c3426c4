//! One optimizer step per parameter: typenet's `Optimizer::step` and
//! `Optimizer::step_elementwise` against a hand-written loop doing the same update over the
//! same slice, for 12 parameters and for 101,770 (a 784-128-10 network).
//!
//! The hand-written loops are PyTorch's update written out directly, one pass, with no
//! non-finite guard: what a user would write by hand. Two typenet rows per optimizer:
//! - `step`: `Optimizer::step`, all or nothing (what the training loop uses): a read-only
//!   pre-pass over the gradient and parameters (max |g|, finiteness), the optimizer's bound
//!   proof, one fused write pass (the exact dry run only where the proof fails).
//! - `elementwise`: `Optimizer::step_elementwise`, one pass that commits each element only if
//!   its new values are finite.
//!
//! Before measuring, each pair is checked to produce the same parameters over a few steps, so
//! both sides do the same work. The 12-parameter optimizers keep their state in `[f64; 12]`
//! (as for a statically sized network), the 101,770-parameter ones in a `Vec<f64>`.
//!
//! Run: `cargo bench --bench optim` (results in BENCHMARKS.md, "Optimizers"; earlier runs in
//! BENCHMARKS-LOG.md). It first prints an interleaved minimum-of-31 table (robust when other
//! processes share the machine), then runs criterion (`OPTIM_RATIOS=0` skips the table,
//! `OPTIM_CRITERION=0` criterion; `OPTIM_ONLY=SGD,Adam` limits the table to those rows).

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group};
use typenet::optim::*;

const SIZES: [usize; 2] = [12, 101_770];

fn data(n: usize, seed: u64) -> Vec<f64> {
    // A fixed, irregular, finite pattern in (−1, 1) (splitmix64).
    let mut s = seed;
    (0..n)
        .map(|_| {
            s = s.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = s;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            (z >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
        })
        .collect()
}

/// PyTorch's updates, written out by hand over slices (default hyperparameters).
mod hand {
    pub trait Step {
        fn step(&mut self, p: &mut [f64], g: &[f64]);
    }

    fn lerp(a: f64, b: f64, w: f64) -> f64 {
        a + w * (b - a)
    }

    pub struct Sgd {
        pub lr: f64,
    }
    impl Step for Sgd {
        fn step(&mut self, p: &mut [f64], g: &[f64]) {
            for (p, g) in p.iter_mut().zip(g) {
                *p -= self.lr * g;
            }
        }
    }

    pub struct Momentum {
        pub lr: f64,
        pub mu: f64,
        pub nesterov: bool,
        pub b: Vec<f64>,
        pub t: u64,
    }
    impl Step for Momentum {
        fn step(&mut self, p: &mut [f64], g: &[f64]) {
            let first = self.t == 0;
            self.t += 1;
            for ((p, g), b) in p.iter_mut().zip(g).zip(&mut self.b) {
                *b = if first { *g } else { *b * self.mu + 1.0 * g };
                let d = if self.nesterov { g + self.mu * *b } else { *b };
                *p -= self.lr * d;
            }
        }
    }

    pub struct Adagrad {
        pub s: Vec<f64>,
    }
    impl Step for Adagrad {
        fn step(&mut self, p: &mut [f64], g: &[f64]) {
            let clr = 1e-2;
            for ((p, g), s) in p.iter_mut().zip(g).zip(&mut self.s) {
                *s += g * g;
                *p += -clr * (g / (s.sqrt() + 1e-10));
            }
        }
    }

    pub struct RmsProp {
        pub v: Vec<f64>,
    }
    impl Step for RmsProp {
        fn step(&mut self, p: &mut [f64], g: &[f64]) {
            let a = 0.99;
            for ((p, g), v) in p.iter_mut().zip(g).zip(&mut self.v) {
                *v = *v * a + (1.0 - a) * g * g;
                *p -= 1e-2 * (g / (v.sqrt() + 1e-8));
            }
        }
    }

    pub struct Adadelta {
        pub v: Vec<f64>,
        pub u: Vec<f64>,
    }
    impl Step for Adadelta {
        fn step(&mut self, p: &mut [f64], g: &[f64]) {
            let (rho, eps) = (0.9, 1e-6);
            for (((p, g), v), u) in p.iter_mut().zip(g).zip(&mut self.v).zip(&mut self.u) {
                *v = *v * rho + (1.0 - rho) * g * g;
                let d = (*u + eps).sqrt() / (*v + eps).sqrt() * g;
                *u = *u * rho + (1.0 - rho) * d * d;
                *p -= 1.0 * d;
            }
        }
    }

    pub struct Adam {
        pub m: Vec<f64>,
        pub v: Vec<f64>,
        pub vmax: Option<Vec<f64>>,
        pub decay: f64,
        pub t: u64,
    }
    impl Step for Adam {
        fn step(&mut self, p: &mut [f64], g: &[f64]) {
            self.t += 1;
            let (lr, b1, b2, eps): (f64, f64, f64, f64) = (1e-3, 0.9, 0.999, 1e-8);
            let t = self.t as f64;
            let step_size = lr / (1.0 - b1.powf(t));
            let bc2 = (1.0 - b2.powf(t)).sqrt();
            let decay = 1.0 - lr * self.decay;
            match &mut self.vmax {
                None => {
                    for (((p, g), m), v) in p.iter_mut().zip(g).zip(&mut self.m).zip(&mut self.v) {
                        *m = lerp(*m, *g, 1.0 - b1);
                        *v = *v * b2 + (1.0 - b2) * g * g;
                        *p = *p * decay - step_size * (*m / (v.sqrt() / bc2 + eps));
                    }
                }
                Some(vmax) => {
                    for ((((p, g), m), v), vmax) in p
                        .iter_mut()
                        .zip(g)
                        .zip(&mut self.m)
                        .zip(&mut self.v)
                        .zip(vmax)
                    {
                        *m = lerp(*m, *g, 1.0 - b1);
                        *v = *v * b2 + (1.0 - b2) * g * g;
                        *vmax = vmax.max(*v);
                        *p = *p * decay - step_size * (*m / (vmax.sqrt() / bc2 + eps));
                    }
                }
            }
        }
    }

    pub struct Adamax {
        pub m: Vec<f64>,
        pub u: Vec<f64>,
        pub t: u64,
    }
    impl Step for Adamax {
        fn step(&mut self, p: &mut [f64], g: &[f64]) {
            self.t += 1;
            let clr = 2e-3 / (1.0 - 0.9f64.powf(self.t as f64));
            for (((p, g), m), u) in p.iter_mut().zip(g).zip(&mut self.m).zip(&mut self.u) {
                *m = lerp(*m, *g, 1.0 - 0.9);
                *u = (*u * 0.999).max(g.abs() + 1e-8);
                *p -= clr * (*m / *u);
            }
        }
    }

    pub struct NAdam {
        pub m: Vec<f64>,
        pub v: Vec<f64>,
        pub mu_product: f64,
        pub t: u64,
    }
    impl Step for NAdam {
        fn step(&mut self, p: &mut [f64], g: &[f64]) {
            self.t += 1;
            let (lr, b1, b2, psi): (f64, f64, f64, f64) = (2e-3, 0.9, 0.999, 4e-3);
            let t = self.t as f64;
            let bc2 = 1.0 - b2.powf(t);
            let mu = b1 * (1.0 - 0.5 * 0.96f64.powf(t * psi));
            let mu_next = b1 * (1.0 - 0.5 * 0.96f64.powf((t + 1.0) * psi));
            self.mu_product *= mu;
            let c1 = -lr * (1.0 - mu) / (1.0 - self.mu_product);
            let c2 = -lr * mu_next / (1.0 - self.mu_product * mu_next);
            for (((p, g), m), v) in p.iter_mut().zip(g).zip(&mut self.m).zip(&mut self.v) {
                *m = lerp(*m, *g, 1.0 - b1);
                *v = *v * b2 + (1.0 - b2) * g * g;
                let d = (*v / bc2).sqrt() + 1e-8;
                *p = *p + c1 * (g / d) + c2 * (*m / d);
            }
        }
    }

    pub struct RAdam {
        pub m: Vec<f64>,
        pub v: Vec<f64>,
        pub t: u64,
    }
    impl Step for RAdam {
        fn step(&mut self, p: &mut [f64], g: &[f64]) {
            self.t += 1;
            let (lr, b1, b2, eps): (f64, f64, f64, f64) = (1e-3, 0.9, 0.999, 1e-8);
            let t = self.t as f64;
            let bc1 = 1.0 - b1.powf(t);
            let bc2 = 1.0 - b2.powf(t);
            let rho_inf = 2.0 / (1.0 - b2) - 1.0;
            let rho_t = rho_inf - 2.0 * t * b2.powf(t) / bc2;
            let rect = ((rho_t - 4.0) * (rho_t - 2.0) * rho_inf
                / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho_t))
                .sqrt();
            let bc2s = bc2.sqrt();
            for (((p, g), m), v) in p.iter_mut().zip(g).zip(&mut self.m).zip(&mut self.v) {
                *m = lerp(*m, *g, 1.0 - b1);
                *v = *v * b2 + (1.0 - b2) * g * g;
                let m_hat = *m / bc1;
                *p = if rho_t > 5.0 {
                    *p - m_hat * lr * (bc2s / (v.sqrt() + eps)) * rect
                } else {
                    *p - m_hat * lr
                };
            }
        }
    }

    pub struct Rprop {
        pub prev: Vec<f64>,
        pub step: Vec<f64>,
    }
    impl Step for Rprop {
        fn step(&mut self, p: &mut [f64], g: &[f64]) {
            let sign = |x: f64| {
                if x > 0.0 {
                    1.0
                } else if x < 0.0 {
                    -1.0
                } else {
                    0.0
                }
            };
            for (((p, g), prev), s) in p.iter_mut().zip(g).zip(&mut self.prev).zip(&mut self.step) {
                let q = g * *prev;
                let eta = if q > 0.0 {
                    1.2
                } else if q < 0.0 {
                    0.5
                } else {
                    1.0
                };
                *s = (*s * eta).clamp(1e-6, 50.0);
                let g = if eta == 0.5 { 0.0 } else { *g };
                *p -= sign(g) * *s;
                *prev = g;
            }
        }
    }
}

use hand::Step;

/// The typenet optimizer (state in `V`) and the hand-written loop for one row of the table.
fn pair<V: StateBuffer<f64> + 'static>(
    name: &str,
    n: usize,
) -> (Box<dyn Optimizer<f64>>, Box<dyn Step>) {
    let z = || vec![0.0; n];
    fn v<O>(o: Result<O, typenet::optim::BuildError>) -> O {
        o.unwrap()
    }
    match name {
        "SGD" => (
            Box::new(v(Sgd::<f64, V>::with_len(SgdConfig::plain(1e-3), n))),
            Box::new(hand::Sgd { lr: 1e-3 }),
        ),
        "Momentum" => (
            Box::new(v(Sgd::<f64, V>::with_len(
                SgdConfig::momentum(1e-3, 0.9),
                n,
            ))),
            Box::new(hand::Momentum {
                lr: 1e-3,
                mu: 0.9,
                nesterov: false,
                b: z(),
                t: 0,
            }),
        ),
        "Nesterov" => (
            Box::new(v(Sgd::<f64, V>::with_len(
                SgdConfig::nesterov(1e-3, 0.9),
                n,
            ))),
            Box::new(hand::Momentum {
                lr: 1e-3,
                mu: 0.9,
                nesterov: true,
                b: z(),
                t: 0,
            }),
        ),
        "Adagrad" => (
            Box::new(v(Adagrad::<f64, V>::with_len(Default::default(), n))),
            Box::new(hand::Adagrad { s: z() }),
        ),
        "RMSProp" => (
            Box::new(v(RmsProp::<f64, V>::with_len(Default::default(), n))),
            Box::new(hand::RmsProp { v: z() }),
        ),
        "AdaDelta" => (
            Box::new(v(Adadelta::<f64, V>::with_len(Default::default(), n))),
            Box::new(hand::Adadelta { v: z(), u: z() }),
        ),
        "Adam" => (
            Box::new(v(Adam::<f64, V>::with_len(Default::default(), n))),
            Box::new(hand::Adam {
                m: z(),
                v: z(),
                vmax: None,
                decay: 0.0,
                t: 0,
            }),
        ),
        "AMSGrad" => (
            Box::new(v(Adam::<f64, V>::with_len(
                AdamConfig {
                    amsgrad: true,
                    ..Default::default()
                },
                n,
            ))),
            Box::new(hand::Adam {
                m: z(),
                v: z(),
                vmax: Some(z()),
                decay: 0.0,
                t: 0,
            }),
        ),
        "AdamW" => (
            Box::new(v(AdamW::<f64, V>::with_len(Default::default(), n))),
            Box::new(hand::Adam {
                m: z(),
                v: z(),
                vmax: None,
                decay: 1e-2,
                t: 0,
            }),
        ),
        "Adamax" => (
            Box::new(v(Adamax::<f64, V>::with_len(Default::default(), n))),
            Box::new(hand::Adamax {
                m: z(),
                u: z(),
                t: 0,
            }),
        ),
        "NAdam" => (
            Box::new(v(NAdam::<f64, V>::with_len(Default::default(), n))),
            Box::new(hand::NAdam {
                m: z(),
                v: z(),
                mu_product: 1.0,
                t: 0,
            }),
        ),
        "RAdam" => (
            Box::new(v(RAdam::<f64, V>::with_len(Default::default(), n))),
            Box::new(hand::RAdam {
                m: z(),
                v: z(),
                t: 0,
            }),
        ),
        "Rprop" => {
            let mut h = hand::Rprop {
                prev: z(),
                step: vec![1e-2; n],
            };
            h.step.fill(1e-2);
            (
                Box::new(v(Rprop::<f64, V>::with_len(Default::default(), n))),
                Box::new(h),
            )
        }
        _ => unreachable!(),
    }
}

const NAMES: [&str; 13] = [
    "SGD", "Momentum", "Nesterov", "Adagrad", "RMSProp", "AdaDelta", "Adam", "AMSGrad", "AdamW",
    "Adamax", "NAdam", "RAdam", "Rprop",
];

/// Both sides of every pair give the same parameters (to rounding) over 8 steps, so they do
/// the same work.
fn check_pairs() {
    for name in NAMES {
        let (mut a, mut b) = pair::<Vec<f64>>(name, 64);
        let (mut pa, g) = (data(64, 1), data(64, 2));
        let mut pb = pa.clone();
        for _ in 0..8 {
            a.step(&mut pa, &g).unwrap();
            b.step(&mut pb, &g);
        }
        for (x, y) in pa.iter().zip(&pb) {
            assert!(
                (x - y).abs() <= 1e-15 * x.abs().max(1.0),
                "{name}: {x} vs {y}"
            );
        }
    }
}

fn steps(c: &mut Criterion) {
    for n in SIZES {
        let mut group = c.benchmark_group(format!("optim/{n}"));
        group.throughput(criterion::Throughput::Elements(n as u64));
        for name in NAMES {
            let g = data(n, 2);
            let make = || {
                if n == 12 {
                    pair::<[f64; 12]>(name, n)
                } else {
                    pair::<Vec<f64>>(name, n)
                }
            };
            let (mut ours, mut theirs) = make();
            let mut p = data(n, 1);
            group.bench_function(BenchmarkId::new(name, "hand"), |b| {
                b.iter(|| theirs.step(black_box(&mut p), black_box(&g)))
            });
            let mut p = data(n, 1);
            group.bench_function(BenchmarkId::new(name, "step"), |b| {
                b.iter(|| ours.step(black_box(&mut p), black_box(&g)).unwrap())
            });
            let (mut ours, _) = make();
            let mut p = data(n, 1);
            group.bench_function(BenchmarkId::new(name, "elementwise"), |b| {
                b.iter(|| {
                    ours.step_elementwise(black_box(&mut p), black_box(&g))
                        .unwrap()
                })
            });
        }
        group.finish();
    }
}

/// The same comparison, robust to other processes on the machine: for each optimizer, 31
/// rounds that each time a batch of hand-written steps then a batch of typenet steps, keeping
/// each side's fastest batch. Printed as a table before criterion's own measurements (set
/// `OPTIM_RATIOS=0` to skip it).
fn interleaved_ratios() {
    if std::env::var("OPTIM_RATIOS").is_ok_and(|v| v == "0") {
        return;
    }
    println!("interleaved minimum of 31 rounds (ns per step; ratio to the hand-written loop):");
    println!(
        "{:>7} {:<9} {:>12} {:>12} {:>6} {:>12} {:>6}",
        "params", "optimizer", "hand", "step", "ratio", "elementwise", "ratio"
    );
    let only = std::env::var("OPTIM_ONLY").ok();
    for n in SIZES {
        for name in NAMES {
            if only
                .as_ref()
                .is_some_and(|o| !o.split(',').any(|o| o == name))
            {
                continue;
            }
            let g = data(n, 2);
            let (mut hand, mut all, mut each) = if n == 12 {
                let (a, h) = pair::<[f64; 12]>(name, n);
                (h, a, pair::<[f64; 12]>(name, n).0)
            } else {
                let (a, h) = pair::<Vec<f64>>(name, n);
                (h, a, pair::<Vec<f64>>(name, n).0)
            };
            let (mut p0, mut p1, mut p2) = (data(n, 1), data(n, 1), data(n, 1));
            let reps = if n < 100 { 20_000 } else { 20 };
            let mut best = [f64::MAX; 3];
            let time = |f: &mut dyn FnMut()| {
                let t = std::time::Instant::now();
                for _ in 0..reps {
                    f();
                }
                t.elapsed().as_secs_f64() * 1e9 / reps as f64
            };
            for _ in 0..31 {
                best[0] = best[0].min(time(&mut || hand.step(black_box(&mut p0), black_box(&g))));
                best[1] = best[1].min(time(&mut || {
                    all.step(black_box(&mut p1), black_box(&g)).unwrap()
                }));
                best[2] = best[2].min(time(&mut || {
                    each.step_elementwise(black_box(&mut p2), black_box(&g))
                        .unwrap()
                }));
            }
            println!(
                "{n:>7} {name:<9} {:>12.1} {:>12.1} {:>6.2} {:>12.1} {:>6.2}",
                best[0],
                best[1],
                best[1] / best[0],
                best[2],
                best[2] / best[0]
            );
        }
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(2));
    targets = steps
}

/// `OPTIM_COUNT=<optimizer>/<params>/<hand|step|elementwise>/<iterations>`: only run that many
/// steps of that row and exit, for instruction counts under callgrind
/// (`tools/bench/optim_instructions.sh`), which unlike times do not depend on the machine's load.
fn count_only() -> bool {
    let Ok(spec) = std::env::var("OPTIM_COUNT") else {
        return false;
    };
    let parts: Vec<&str> = spec.split('/').collect();
    let [name, n, which, iters] = parts[..] else {
        panic!("OPTIM_COUNT=<optimizer>/<params>/<hand|step|elementwise>/<iterations>");
    };
    let (n, iters): (usize, usize) = (n.parse().unwrap(), iters.parse().unwrap());
    let name = NAMES.iter().find(|x| **x == name).expect("optimizer name");
    let (mut ours, mut hand) = if n == 12 {
        pair::<[f64; 12]>(name, n)
    } else {
        pair::<Vec<f64>>(name, n)
    };
    let (mut p, g) = (data(n, 1), data(n, 2));
    for _ in 0..iters {
        match which {
            "hand" => hand.step(black_box(&mut p), black_box(&g)),
            "step" => ours.step(black_box(&mut p), black_box(&g)).unwrap(),
            "elementwise" => ours
                .step_elementwise(black_box(&mut p), black_box(&g))
                .unwrap(),
            _ => panic!("hand, step or elementwise"),
        }
    }
    true
}

fn main() {
    if count_only() {
        return;
    }
    check_pairs();
    interleaved_ratios();
    if std::env::var("OPTIM_CRITERION").is_ok_and(|v| v == "0") {
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
