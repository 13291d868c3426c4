//! The optimizer step's guard, priced against hand-written loops in the same run (issue 17):
//! SGD, SGD with momentum, Adam, AdamW and RMSProp, `f32`, 12 and 101,770 parameters (a
//! 784-128-10 network).
//!
//! Rows per optimizer and size, all PyTorch's update with default hyperparameters (SGD: lr
//! 1e-3; momentum 0.9):
//! - `hand, no guard`: the update loop alone, one pass, what a user writes by hand;
//! - `hand, check then write`: a branch-free pass that checks every gradient entry and every
//!   parameter finite, then the update loop only if they are (the all-or-nothing guarantee by
//!   hand, as a loss scaler's "skip the step on inf/NaN"). It is the cheaper, weaker form of
//!   typenet's guarantee: it does not catch a finite gradient whose update overflows (Adam's
//!   g² beyond `f32::MAX`), which typenet's bound proof rules out or refuses;
//! - `typenet step`: `Optimizer::step`, all or nothing;
//! - `hand, average then update`: the trainer's situation, the pass that divides the summed
//!   gradient by the batch size, then the unguarded update;
//! - `typenet step_scaled`: what the `Trainer` does, `Optimizer::step_scaled` (average, check
//!   and update: at 12 parameters in the step's one pass; at 101,770 `FiniteGrads::scale`,
//!   which divides, checks and takes max |g| in one pass, then `Optimizer::step_finite`).
//!
//! The hand loops are plain functions over slices with the per-step scalars (bias
//! corrections with `powf` in `f64`, as PyTorch computes them) hoisted out of the loop; nothing
//! is `#[inline(never)]` on either side. (The averaging rows multiply by 1, so that the gradient
//! stays the same from call to call.) Ratios: `typenet step ÷ hand, check then write` (target
//! ≤ 1.10) and `typenet step_scaled ÷ hand, average then update` (target ≤ 1.10).
//! The implementations take turns, round after round (`TYPENET_ROUNDS`, default 31), each turn
//! timing a fixed number of calls; each keeps its fastest turn, and the median of the
//! per-round ratios is printed beside.
//!
//! Run: `cargo bench --bench optim_guard` (`OPTIM_GUARD_ONLY=Adam,SGD` limits the optimizers,
//! `OPTIM_GUARD_SIZES=12` the sizes).
//!
//! `OPTIM_GUARD_COUNT=<optimizer>/<params>/<noguard|check|step|average|trainer>/<calls>` runs
//! only that many calls of that row and exits, for instruction counts under callgrind
//! (`tools/bench/optim_instructions.sh guard [12|101770]`).

use std::hint::black_box;
use std::time::Instant;

use typenet::optim::{
    Adam, AdamConfig, AdamW, AdamWConfig, Optimizer, RmsProp, RmsPropConfig, Sgd, SgdConfig,
};

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

/// A hand-written PyTorch update (default hyperparameters), state in `Vec`s.
trait Hand {
    fn step(&mut self, p: &mut [f32], g: &[f32]);
    /// Back to the fresh state (step 0, zero buffers).
    fn reset(&mut self);
}

/// SGD, lr 1e-3.
#[derive(Clone)]
struct HandSgd;

impl Hand for HandSgd {
    fn step(&mut self, p: &mut [f32], g: &[f32]) {
        for (p, g) in p.iter_mut().zip(g) {
            *p -= 1e-3 * g;
        }
    }
    fn reset(&mut self) {}
}

/// SGD with momentum 0.9, lr 1e-3: the buffer is the gradient at the first step.
#[derive(Clone)]
struct HandMomentum {
    b: Vec<f32>,
    t: u64,
}

impl Hand for HandMomentum {
    fn step(&mut self, p: &mut [f32], g: &[f32]) {
        let keep = if self.t == 0 { 0.0 } else { 0.9 };
        self.t += 1;
        for ((p, g), b) in p.iter_mut().zip(g).zip(&mut self.b) {
            *b = *b * keep + g;
            *p -= 1e-3 * *b;
        }
    }
    fn reset(&mut self) {
        self.b.fill(0.0);
        self.t = 0;
    }
}

/// Adam (lr 1e-3, betas (0.9, 0.999), ε 1e-8), or AdamW with decoupled weight decay `wd`.
#[derive(Clone)]
struct HandAdam {
    m: Vec<f32>,
    v: Vec<f32>,
    t: u64,
    wd: f64,
}

impl HandAdam {
    fn new(n: usize, wd: f64) -> Self {
        HandAdam {
            m: vec![0.0; n],
            v: vec![0.0; n],
            t: 0,
            wd,
        }
    }
}

impl Hand for HandAdam {
    fn step(&mut self, p: &mut [f32], g: &[f32]) {
        self.t += 1;
        let (lr, b1, b2, eps) = (1e-3_f64, 0.9_f64, 0.999_f64, 1e-8_f32);
        let t = self.t as f64;
        let step_size = (lr / (1.0 - b1.powf(t))) as f32;
        let bc2 = (1.0 - b2.powf(t)).sqrt() as f32;
        let (c1, b2, c2) = ((1.0 - b1) as f32, b2 as f32, (1.0 - b2) as f32);
        if self.wd == 0.0 {
            for (((p, g), m), v) in p.iter_mut().zip(g).zip(&mut self.m).zip(&mut self.v) {
                *m += c1 * (*g - *m);
                *v = *v * b2 + c2 * g * g;
                *p -= step_size * (*m / (v.sqrt() / bc2 + eps));
            }
        } else {
            let decay = (1.0 - lr * self.wd) as f32;
            for (((p, g), m), v) in p.iter_mut().zip(g).zip(&mut self.m).zip(&mut self.v) {
                *m += c1 * (*g - *m);
                *v = *v * b2 + c2 * g * g;
                *p = *p * decay - step_size * (*m / (v.sqrt() / bc2 + eps));
            }
        }
    }
    fn reset(&mut self) {
        self.m.fill(0.0);
        self.v.fill(0.0);
        self.t = 0;
    }
}

/// RMSProp (lr 1e-2, α 0.99, ε 1e-8).
#[derive(Clone)]
struct HandRmsProp {
    v: Vec<f32>,
}

impl Hand for HandRmsProp {
    fn step(&mut self, p: &mut [f32], g: &[f32]) {
        let a = 0.99_f32;
        let c = (1.0 - 0.99_f64) as f32;
        for ((p, g), v) in p.iter_mut().zip(g).zip(&mut self.v) {
            *v = *v * a + c * g * g;
            *p -= 1e-2 * (g / (v.sqrt() + 1e-8));
        }
    }
    fn reset(&mut self) {
        self.v.fill(0.0);
    }
}

/// Every gradient entry and parameter finite: one branch-free pass (x − x is 0 exactly for
/// finite x), 8 lanes so that it vectorises.
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

fn average(g: &mut [f32], s: f32) {
    for g in g {
        *g *= s;
    }
}

/// (key, label, call): `call(false)` takes one step, `call(true)` resets the optimizer and the
/// parameters (untimed, between turns).
type Impl<'a> = (&'static str, &'static str, Box<dyn FnMut(bool) + 'a>);

/// The parameter vectors and gradients of one optimizer's rows (one parameter vector each).
struct Bufs {
    p0: Vec<f32>,
    p: [Vec<f32>; 5],
    g: Vec<f32>,
    g4: Vec<f32>,
    g5: Vec<f32>,
}

impl Bufs {
    fn new(n: usize) -> Self {
        let p0 = data(n, 1);
        let g0: Vec<f32> = data(n, 2).iter().map(|g| g * 0.1).collect();
        Bufs {
            p: [(); 5].map(|_| p0.clone()),
            p0,
            g: g0.clone(),
            g4: g0.clone(),
            g5: g0,
        }
    }
}

/// The five rows of one optimizer, as (key, label, call).
fn impls<'a, O: Optimizer<f32> + Reset + Clone + 'a, H: Hand + Clone + 'a>(
    bufs: &'a mut Bufs,
    ours: O,
    hand: H,
) -> Vec<Impl<'a>> {
    let (mut h1, mut h2, mut h4) = (hand.clone(), hand.clone(), hand);
    let (mut o3, mut o5) = (ours.clone(), ours);
    let p0 = &bufs.p0;
    let [p1, p2, p3, p4, p5] = &mut bufs.p;
    let g = &bufs.g;
    let (g4, g5) = (&mut bufs.g4, &mut bufs.g5);
    vec![
        (
            "noguard",
            "hand, no guard",
            Box::new(move |reset| {
                if reset {
                    h1.reset();
                    p1.copy_from_slice(p0);
                    return;
                }
                h1.step(p1, black_box(g))
            }),
        ),
        (
            "check",
            "hand, check then write",
            Box::new(move |reset| {
                if reset {
                    h2.reset();
                    p2.copy_from_slice(p0);
                    return;
                }
                let g = black_box(g);
                if all_finite(p2, g) {
                    h2.step(p2, g)
                }
            }),
        ),
        (
            "step",
            "typenet step",
            Box::new(move |reset| {
                if reset {
                    o3.reset_state();
                    p3.copy_from_slice(p0);
                    return;
                }
                o3.step(p3, black_box(g)).unwrap()
            }),
        ),
        (
            "average",
            "hand, average then update",
            Box::new(move |reset| {
                if reset {
                    h4.reset();
                    p4.copy_from_slice(p0);
                    return;
                }
                average(black_box(&mut *g4), black_box(1.0));
                h4.step(p4, g4)
            }),
        ),
        (
            "trainer",
            "typenet step_scaled",
            Box::new(move |reset| {
                if reset {
                    o5.reset_state();
                    p5.copy_from_slice(p0);
                    return;
                }
                o5.step_scaled(p5, black_box(&mut *g5), black_box(1.0))
                    .unwrap()
            }),
        ),
    ]
}

/// `reset` of the typenet optimizers (an inherent method of each).
trait Reset {
    fn reset_state(&mut self);
}

macro_rules! reset {
    ($($o:ident),*) => {$(
        impl Reset for $o<f32, Vec<f32>> {
            fn reset_state(&mut self) {
                self.reset();
            }
        }
    )*};
}
reset!(Sgd, Adam, AdamW, RmsProp);

const NAMES: [&str; 5] = ["SGD", "Momentum", "Adam", "AdamW", "RMSProp"];

/// The rows of optimizer `name` over `n` parameters.
fn rows<'a>(name: &str, n: usize, bufs: &'a mut Bufs) -> Vec<Impl<'a>> {
    let z = || vec![0.0; n];
    match name {
        "SGD" => impls(
            bufs,
            Sgd::<f32, Vec<f32>>::with_len(SgdConfig::plain(1e-3), n).unwrap(),
            HandSgd,
        ),
        "Momentum" => impls(
            bufs,
            Sgd::<f32, Vec<f32>>::with_len(SgdConfig::momentum(1e-3, 0.9), n).unwrap(),
            HandMomentum { b: z(), t: 0 },
        ),
        "Adam" => impls(
            bufs,
            Adam::<f32, Vec<f32>>::with_len(AdamConfig::default(), n).unwrap(),
            HandAdam::new(n, 0.0),
        ),
        "AdamW" => impls(
            bufs,
            AdamW::<f32, Vec<f32>>::with_len(AdamWConfig::default(), n).unwrap(),
            HandAdam::new(n, 1e-2),
        ),
        "RMSProp" => impls(
            bufs,
            RmsProp::<f32, Vec<f32>>::with_len(RmsPropConfig::default(), n).unwrap(),
            HandRmsProp { v: z() },
        ),
        _ => panic!("optimizer: one of {NAMES:?}"),
    }
}

/// Each turn starts from a fresh optimizer and the same parameters (reset untimed), so that
/// every turn times steps 1 … `calls`: the step count stays in the range of a training run
/// instead of growing with the rounds (beyond step 6,700 or so β₁ᵗ underflows, and `powf`'s
/// underflow path, the same on both sides, takes most of the time).
fn interleaved(rounds: usize, calls: usize, impls: &mut [Impl<'_>]) -> Vec<Vec<f64>> {
    for (_, _, f) in impls.iter_mut() {
        for _ in 0..calls {
            f(false);
        }
    }
    let mut times = vec![Vec::with_capacity(rounds); impls.len()];
    for _ in 0..rounds {
        for (k, (_, _, f)) in impls.iter_mut().enumerate() {
            f(true);
            let t = Instant::now();
            for _ in 0..calls {
                f(false);
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

/// `OPTIM_GUARD_COUNT`: run one row `calls` times and exit (see the module docs).
fn count_only() -> bool {
    let Ok(spec) = std::env::var("OPTIM_GUARD_COUNT") else {
        return false;
    };
    let parts: Vec<&str> = spec.split('/').collect();
    let [name, n, which, calls] = parts[..] else {
        panic!(
            "OPTIM_GUARD_COUNT=<optimizer>/<params>/<noguard|check|step|average|trainer>/<calls>"
        );
    };
    let (n, calls): (usize, usize) = (n.parse().unwrap(), calls.parse().unwrap());
    let mut bufs = Bufs::new(n);
    let mut rows = rows(name, n, &mut bufs);
    let (_, _, f) = rows
        .iter_mut()
        .find(|(key, _, _)| *key == which)
        .expect("noguard, check, step, average or trainer");
    for _ in 0..calls {
        f(false);
    }
    true
}

fn main() {
    if count_only() {
        return;
    }
    let rounds = std::env::var("TYPENET_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(31);
    let only = std::env::var("OPTIM_GUARD_ONLY").ok();
    let names: Vec<&str> = NAMES
        .iter()
        .copied()
        .filter(|n| {
            only.as_deref()
                .is_none_or(|o| o.split(',').any(|x| x == *n))
        })
        .collect();
    println!("| optimizer | parameters | implementation | min ns | median ns |");
    println!("|---|---:|---|---:|---:|");
    let mut summary = Vec::new();
    let sizes: Vec<usize> = std::env::var("OPTIM_GUARD_SIZES")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.parse().ok()).collect())
        .unwrap_or(vec![12, 101_770]);
    for n in sizes {
        let calls = if n < 100 { 5_000 } else { 40 };
        for &name in &names {
            let mut bufs = Bufs::new(n);
            let mut impls = rows(name, n, &mut bufs);
            let times = interleaved(rounds, calls, &mut impls);
            for ((_, label, _), t) in impls.iter().zip(&times) {
                println!(
                    "| {name} | {n} | {label} | {:.1} | {:.1} |",
                    min(t),
                    median(t.clone())
                );
            }
            drop(impls);
            // The typenet rows did the hand loops' arithmetic: same parameters (to rounding:
            // the hand loops compute the same expressions, in places in another order).
            let [_, p2, p3, ..] = &bufs.p;
            for (a, b) in p3.iter().zip(p2) {
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
        "\n| optimizer | parameters | step ÷ hand check-then-write | trainer (step_scaled) ÷ hand average + unguarded update |"
    );
    println!("|---|---:|---:|---:|");
    for s in summary {
        println!("{s}");
    }
}
