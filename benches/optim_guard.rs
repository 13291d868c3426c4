//! The optimizer step's guard, priced against hand-written loops in the same run (issue 17):
//! Adam and SGD, `f32`, 12 and 101,770 parameters (a 784-128-10 network).
//!
//! Rows per optimizer and size, all PyTorch's update with default hyperparameters (SGD: lr
//! 1e-3):
//! - `hand, no guard`: the update loop alone, one pass, what a user writes by hand;
//! - `hand, check then write`: a branch-free pass that checks every gradient entry and every
//!   parameter finite, then the update loop only if they are (the all-or-nothing guarantee by
//!   hand, as a loss scaler's "skip the step on inf/NaN");
//! - `typenet step`: `Optimizer::step`, all or nothing;
//! - `hand, average then update`: the trainer's situation, the pass that divides the summed
//!   gradient by the batch size, then the unguarded update;
//! - `typenet, average + step_finite`: what the `Trainer` does, `FiniteGrads::scale` (divide,
//!   check, max |g| in one pass) then `Optimizer::step_finite`.
//!
//! (The averaging rows multiply by 1, so that the gradient stays the same from call to call.)
//! Ratios: `typenet step ÷ hand, check then write` (target ≤ 1.10) and `typenet, average +
//! step_finite ÷ hand, average then update` (target ≤ 1.10). The implementations take turns,
//! round after round (`TYPENET_ROUNDS`, default 31), each turn timing a fixed number of calls;
//! each keeps its fastest turn, and the median of the per-round ratios is printed beside.
//!
//! Run: `cargo bench --bench optim_guard`.

use std::hint::black_box;
use std::time::Instant;

use typenet::optim::{Adam, AdamConfig, FiniteGrads, Optimizer, Sgd, SgdConfig};

fn data(n: usize, seed: u64) -> Vec<f32> {
    let mut s = seed;
    (0..n)
        .map(|_| {
            s = s.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = s;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            ((z >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0) as f32
        })
        .collect()
}

/// The hand-written PyTorch Adam (default hyperparameters).
struct HandAdam {
    m: Vec<f32>,
    v: Vec<f32>,
    t: u64,
}

impl HandAdam {
    fn new(n: usize) -> Self {
        HandAdam {
            m: vec![0.0; n],
            v: vec![0.0; n],
            t: 0,
        }
    }
    #[inline(never)]
    fn step(&mut self, p: &mut [f32], g: &[f32]) {
        self.t += 1;
        let (lr, b1, b2, eps) = (1e-3_f64, 0.9_f64, 0.999_f64, 1e-8_f32);
        let t = self.t as f64;
        let step_size = (lr / (1.0 - b1.powf(t))) as f32;
        let bc2 = (1.0 - b2.powf(t)).sqrt() as f32;
        let (b1, b2) = (b1 as f32, b2 as f32);
        for (((p, g), m), v) in p.iter_mut().zip(g).zip(&mut self.m).zip(&mut self.v) {
            *m += (1.0 - b1) * (*g - *m);
            *v = *v * b2 + (1.0 - b2) * g * g;
            *p -= step_size * (*m / (v.sqrt() / bc2 + eps));
        }
    }
}

#[inline(never)]
fn hand_sgd(p: &mut [f32], g: &[f32]) {
    for (p, g) in p.iter_mut().zip(g) {
        *p -= 1e-3 * g;
    }
}

/// Every gradient entry and parameter finite: one branch-free pass (x − x is 0 exactly for
/// finite x), 8 lanes so that it vectorises.
#[inline(never)]
#[allow(clippy::eq_op)]
fn all_finite(p: &[f32], g: &[f32]) -> bool {
    let mut z = [0.0f32; 8];
    let (pc, gc) = (p.chunks_exact(8), g.chunks_exact(8));
    let (pr, gr) = (pc.remainder(), gc.remainder());
    for (p, g) in pc.zip(gc) {
        for j in 0..8 {
            z[j] += (p[j] - p[j]) + (g[j] - g[j]);
        }
    }
    for (j, (p, g)) in pr.iter().zip(gr).enumerate() {
        z[j] += (p - p) + (g - g);
    }
    z.iter().sum::<f32>() == 0.0
}

#[inline(never)]
fn average(g: &mut [f32], s: f32) {
    for g in g {
        *g *= s;
    }
}

type Impl<'a> = (&'static str, Box<dyn FnMut() + 'a>);

fn interleaved(rounds: usize, calls: usize, impls: &mut [Impl<'_>]) -> Vec<Vec<f64>> {
    for (_, f) in impls.iter_mut() {
        for _ in 0..calls {
            f();
        }
    }
    let mut times = vec![Vec::with_capacity(rounds); impls.len()];
    for _ in 0..rounds {
        for (k, (_, f)) in impls.iter_mut().enumerate() {
            let t = Instant::now();
            for _ in 0..calls {
                f();
            }
            times[k].push(t.elapsed().as_secs_f64() * 1e9 / calls as f64);
        }
    }
    times
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn min(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::INFINITY, f64::min)
}

fn ratio(times: &[Vec<f64>], a: usize, b: usize) -> (f64, f64) {
    let paired: Vec<f64> = times[a].iter().zip(&times[b]).map(|(x, y)| x / y).collect();
    (min(&times[a]) / min(&times[b]), median(paired))
}

fn main() {
    let rounds = std::env::var("TYPENET_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(31);
    println!("| optimizer | parameters | implementation | min ns | median ns |");
    println!("|---|---:|---|---:|---:|");
    let mut summary = Vec::new();
    for n in [12usize, 101_770] {
        let calls = if n < 100 { 20_000 } else { 40 };
        let p0 = data(n, 1);
        let g0: Vec<f32> = data(n, 2).iter().map(|g| g * 0.1).collect();
        for name in ["Adam", "SGD"] {
            let is_adam = name == "Adam";
            let (mut p1, mut p2, mut p3, mut p4, mut p5) =
                (p0.clone(), p0.clone(), p0.clone(), p0.clone(), p0.clone());
            let (mut g4, mut g5) = (g0.clone(), g0.clone());
            let g = &g0;
            let (mut h1, mut h2, mut h4) = (HandAdam::new(n), HandAdam::new(n), HandAdam::new(n));
            let mut adam3 = Adam::<f32, Vec<f32>>::with_len(AdamConfig::default(), n).unwrap();
            let mut adam5 = adam3.clone();
            let sgd_config = SgdConfig {
                lr: 1e-3,
                ..Default::default()
            };
            let mut sgd3 = Sgd::<f32, Vec<f32>>::with_len(sgd_config, n).unwrap();
            let mut sgd5 = sgd3.clone();
            let mut impls: Vec<Impl<'_>> = vec![
                (
                    "hand, no guard",
                    Box::new(|| {
                        if is_adam {
                            h1.step(&mut p1, black_box(g))
                        } else {
                            hand_sgd(&mut p1, black_box(g))
                        }
                    }),
                ),
                (
                    "hand, check then write",
                    Box::new(|| {
                        if all_finite(&p2, black_box(g)) {
                            if is_adam {
                                h2.step(&mut p2, g)
                            } else {
                                hand_sgd(&mut p2, g)
                            }
                        }
                    }),
                ),
                (
                    "typenet step",
                    Box::new(|| {
                        if is_adam {
                            adam3.step(&mut p3, black_box(g)).unwrap()
                        } else {
                            sgd3.step(&mut p3, black_box(g)).unwrap()
                        }
                    }),
                ),
                (
                    "hand, average then update",
                    Box::new(|| {
                        average(black_box(&mut g4), black_box(1.0));
                        if is_adam {
                            h4.step(&mut p4, &g4)
                        } else {
                            hand_sgd(&mut p4, &g4)
                        }
                    }),
                ),
                (
                    "typenet, average + step_finite",
                    Box::new(|| {
                        let fg = FiniteGrads::scale(black_box(&mut g5), black_box(1.0)).unwrap();
                        if is_adam {
                            adam5.step_finite(&mut p5, fg).unwrap()
                        } else {
                            sgd5.step_finite(&mut p5, fg).unwrap()
                        }
                    }),
                ),
            ];
            let times = interleaved(rounds, calls, &mut impls);
            for ((label, _), t) in impls.iter().zip(&times) {
                println!(
                    "| {name} | {n} | {label} | {:.1} | {:.1} |",
                    min(t),
                    median(t.clone())
                );
            }
            drop(impls);
            // The typenet rows did the hand loops' arithmetic: same parameters (to rounding:
            // the hand loop computes its bias corrections the same way, its lerp differently).
            for (a, b) in p3.iter().zip(&p2) {
                assert!(
                    (a - b).abs() <= 1e-4 * (1.0 + b.abs()),
                    "{name} {n}: {a} vs {b}"
                );
            }
            let (s_best, s_med) = ratio(&times, 2, 1);
            let (t_best, t_med) = ratio(&times, 4, 3);
            summary.push(format!(
                "| {name} | {n} | {s_best:.2} (median {s_med:.2}) | {t_best:.2} (median {t_med:.2}) |"
            ));
        }
    }
    println!(
        "\n| optimizer | parameters | step ÷ hand check-then-write | trainer (average + step_finite) ÷ hand average + unguarded update |"
    );
    println!("|---|---:|---:|---:|");
    for s in summary {
        println!("{s}");
    }
}
