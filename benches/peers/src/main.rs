//! typenet against dfdx, candle and burn on their CPU backends, in one process (issue 17).
//!
//! Four networks (N1 2-2-2 sigmoid, N2 2-8-1 tanh/sigmoid, N3 16-32-32-4 tanh, N4 784-128-10
//! ReLU), three measures: `forward` of one sample, `train` step of one sample (forward,
//! backward, plain SGD on the MSE loss, the loss read back), and N4 on a batch of 64 (forward and
//! train step). Every side starts from the same weights, inputs and targets; before timing, the
//! outputs, the loss and every parameter after one training step are checked to agree (the
//! frameworks' mean-squared error is rescaled to typenet's ½ Σ (y − t)², see [`Spec::peer_lr`]).
//!
//! Every side runs on one thread (`RAYON_NUM_THREADS=1`, set before anything starts a pool):
//! typenet's batched methods use one core, and so do the peers' gemms here.
//!
//! The sides take turns, round after round; each keeps its fastest round and the median of its
//! per-round ratio to typenet (a burst of load from elsewhere slows one round of everyone).
//! A microbench of independent FMA chains gives the machine's measured FMA peak, against which
//! the N4 batch-64 numbers are put as GFLOP/s and a share of the peak.
//!
//! Run: `tools/bench/peers.sh` (both builds), or `cargo run --release` here. Environment:
//! `PEERS_ROUNDS` (default 101), `PEERS_SLOT_US` (time per side per round, default 500: short
//! turns, so that on a loaded machine some run undisturbed),
//! `PEERS_ONLY=<substring>` (measures whose name contains it).

mod burn_side;
mod candle_side;
mod dfdx_side;
mod peak;
mod typenet_side;

use std::hint::black_box;
use std::time::Instant;

/// An activation, as every framework names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    /// σ(z) = 1 / (1 + e^−z).
    Sigmoid,
    /// tanh z.
    Tanh,
    /// max(z, 0).
    Relu,
    /// z.
    Identity,
}

/// One network: its layer widths and each layer's activation, with the values every side
/// starts from.
#[derive(Clone, Debug)]
pub struct Spec {
    /// `N4 784-128-10`.
    pub name: &'static str,
    /// Inputs, then each layer's width.
    pub sizes: Vec<usize>,
    /// One per layer.
    pub acts: Vec<Act>,
    /// Samples per call.
    pub batch: usize,
    /// Per layer: the weight as PyTorch stores it (out × in, row-major), then the bias.
    pub weights: Vec<(Vec<f32>, Vec<f32>)>,
    /// `batch` samples of `sizes[0]` values, sample after sample.
    pub x: Vec<f32>,
    /// `batch` targets of `outputs()` values.
    pub t: Vec<f32>,
    /// typenet's learning rate (on the loss ½ Σ (y − t)², mean over the batch).
    pub lr: f32,
}

impl Spec {
    fn new(name: &'static str, sizes: &[usize], acts: &[Act], batch: usize, scale: f32) -> Spec {
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64 ^ (sizes.iter().sum::<usize>() as u64);
        let mut next = move || {
            // splitmix64, then a uniform value in [−1, 1).
            seed = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = seed;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^= z >> 31;
            (z >> 40) as f32 / (1u64 << 23) as f32 - 1.0
        };
        let weights = sizes
            .windows(2)
            .map(|w| {
                let s = scale / (w[0] as f32).sqrt();
                let wt = (0..w[0] * w[1]).map(|_| s * next()).collect();
                let b = (0..w[1]).map(|_| 0.1 * next()).collect();
                (wt, b)
            })
            .collect();
        let (n_in, n_out) = (sizes[0], *sizes.last().unwrap());
        let x = (0..batch * n_in).map(|_| 0.5 + 0.5 * next()).collect();
        let t = (0..batch * n_out)
            .map(|k| {
                if n_out >= 10 {
                    // One-hot, as for digits.
                    if k % n_out == (k / n_out) % n_out {
                        1.0
                    } else {
                        0.0
                    }
                } else {
                    0.5 + 0.4 * next()
                }
            })
            .collect();
        Spec {
            name,
            sizes: sizes.to_vec(),
            acts: acts.to_vec(),
            batch,
            weights,
            x,
            t,
            lr: 0.01,
        }
    }

    /// Inputs per sample.
    pub fn inputs(&self) -> usize {
        self.sizes[0]
    }

    /// Outputs per sample.
    pub fn outputs(&self) -> usize {
        *self.sizes.last().unwrap()
    }

    /// The learning rate that gives the frameworks' `mse` (the mean of (y − t)² over the b·N
    /// values of a batch) the same step as typenet's lr on ½ Σ (y − t)² averaged over the b
    /// samples: ∂/∂y of the first is 2(y − t)/(bN), of the second (y − t)/b, so lr·N/2.
    pub fn peer_lr(&self) -> f32 {
        self.lr * self.outputs() as f32 / 2.0
    }

    /// A framework's mean squared error in typenet's scale: ½ Σ (y − t)² / b = mse·N/2.
    pub fn loss_from_mse(&self, mse: f32) -> f32 {
        mse * self.outputs() as f32 / 2.0
    }

    /// Multiply-adds of one forward call (bias and activation not counted).
    pub fn forward_macs(&self) -> usize {
        self.batch * self.sizes.windows(2).map(|w| w[0] * w[1]).sum::<usize>()
    }

    /// Multiply-adds of one training step: the forward pass, every weight gradient X·δᵀ, and
    /// every input gradient W·δ but the first layer's (nobody needs ∂E/∂x).
    pub fn train_macs(&self) -> usize {
        let layers: usize = self.sizes.windows(2).map(|w| w[0] * w[1]).sum();
        let first = self.sizes[0] * self.sizes[1];
        self.forward_macs() + self.batch * (layers + layers - first)
    }
}

/// One implementation of one network at one batch size.
pub trait Side {
    /// `typenet`, `dfdx`, …
    fn name(&self) -> &'static str;
    /// One forward call on the stored input (the output kept, not read back).
    fn forward(&mut self);
    /// The last forward call's outputs, sample after sample (not timed).
    fn output(&mut self) -> Vec<f32>;
    /// One training step on the stored input and target; returns the loss before the step in
    /// typenet's scale (every side reads its loss back, as typenet returns it).
    fn train(&mut self) -> f32;
    /// Every parameter, layer after layer: the weight (out × in, row-major), then the bias.
    fn params(&mut self) -> Vec<f32>;
}

fn all_sides(spec: &Spec) -> Vec<Box<dyn Side>> {
    #[allow(unused_mut)]
    let mut sides: Vec<Box<dyn Side>> = vec![
        typenet_side::make(spec),
        dfdx_side::make(spec),
        Box::new(candle_side::CandleSide::new(spec)),
        Box::new(burn_side::BurnSide::new(spec, burn_side::Backend::NdArray)),
    ];
    #[cfg(feature = "flex")]
    sides.push(Box::new(burn_side::BurnSide::new(
        spec,
        burn_side::Backend::Flex,
    )));
    sides
}

fn flat_params(spec: &Spec) -> Vec<f32> {
    spec.weights
        .iter()
        .flat_map(|(w, b)| w.iter().chain(b).copied())
        .collect()
}

/// The largest |a − b| / (|b| + floor) over two vectors.
fn worst(a: &[f32], b: &[f32], floor: f32) -> f32 {
    assert_eq!(a.len(), b.len(), "lengths differ");
    a.iter()
        .zip(b)
        .map(|(a, b)| (a - b).abs() / (b.abs() + floor))
        .fold(0.0, f32::max)
}

/// Checks that every side computes what typenet computes: the outputs, then the loss and every
/// parameter after one training step. Panics (before any timing) if one does not.
fn check(spec: &Spec) {
    let mut sides = all_sides(spec);
    let start = flat_params(spec);
    let mut reference: Option<(Vec<f32>, f32, Vec<f32>)> = None;
    for s in sides.iter_mut() {
        assert!(
            worst(&s.params(), &start, 1e-3) < 1e-6,
            "{}: {} does not hold the given weights",
            spec.name,
            s.name()
        );
        s.forward();
        let y = s.output();
        let loss = s.train();
        let p = s.params();
        match &reference {
            None => reference = Some((y, loss, p)),
            Some((y0, l0, p0)) => {
                let (ey, el, ep) = (
                    worst(&y, y0, 1e-2),
                    (loss - l0).abs() / l0.abs().max(1e-3),
                    worst(&p, p0, 1e-2),
                );
                println!(
                    "check {:<22} {:<12} outputs {ey:.1e}  loss {el:.1e}  parameters after a step {ep:.1e}",
                    spec.name,
                    s.name()
                );
                assert!(
                    ey < 1e-4 && el < 1e-4 && ep < 1e-4,
                    "{}: {} disagrees with typenet (outputs {ey}, loss {el}, parameters {ep})",
                    spec.name,
                    s.name()
                );
            }
        }
    }
}

/// Calls per timed slot so that one slot lasts about `slot_us`.
fn calls_for(slot_us: f64, f: &mut dyn FnMut()) -> usize {
    f();
    let mut n = 1;
    loop {
        let t = Instant::now();
        for _ in 0..n {
            f();
        }
        let us = t.elapsed().as_secs_f64() * 1e6;
        if us > slot_us / 4.0 || n > 1 << 24 {
            return ((n as f64 * slot_us / us.max(1e-3)).ceil() as usize).max(1);
        }
        n *= 2;
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// What one side measured for one measure: the fastest round and the median per-round ratio to
/// typenet (the first side), seconds per call.
struct Timing {
    name: &'static str,
    best: f64,
    median: f64,
    ratio: f64,
}

fn race(spec: &Spec, train: bool, rounds: usize, slot_us: f64) -> Vec<Timing> {
    let mut sides = all_sides(spec);
    let op = |s: &mut Box<dyn Side>| {
        if train {
            black_box(s.train());
        } else {
            s.forward();
        }
    };
    let calls: Vec<usize> = sides
        .iter_mut()
        .map(|s| calls_for(slot_us, &mut || op(s)))
        .collect();
    let mut times = vec![Vec::with_capacity(rounds); sides.len()];
    for round in 0..rounds {
        // Turns rotate, so that no side always runs right after the same one.
        for k in 0..sides.len() {
            let i = (k + round) % sides.len();
            let t = Instant::now();
            for _ in 0..calls[i] {
                op(&mut sides[i]);
            }
            times[i].push(t.elapsed().as_secs_f64() / calls[i] as f64);
        }
    }
    let base = times[0].clone();
    sides
        .iter()
        .zip(&times)
        .map(|(s, t)| {
            let mut ratios: Vec<f64> = t.iter().zip(&base).map(|(a, b)| a / b).collect();
            let mut sorted = t.clone();
            Timing {
                name: s.name(),
                best: t.iter().copied().fold(f64::INFINITY, f64::min),
                median: median(&mut sorted),
                ratio: median(&mut ratios),
            }
        })
        .collect()
}

fn pretty(seconds: f64) -> String {
    let ns = seconds * 1e9;
    if ns < 1e3 {
        format!("{ns:.1} ns")
    } else if ns < 1e6 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{:.3} ms", ns / 1e6)
    }
}

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    // SAFETY: nothing else runs yet (no thread has started): every side on one thread.
    unsafe { std::env::set_var("RAYON_NUM_THREADS", "1") };
    let rounds = env("PEERS_ROUNDS", 101);
    let slot_us = env("PEERS_SLOT_US", 500) as f64;
    let only = std::env::var("PEERS_ONLY").unwrap_or_default();

    let peak = peak::measure();
    println!(
        "FMA peak, one thread: {:.1} GFLOP/s with 256-bit FMAs{}",
        peak.avx2 / 1e9,
        match peak.avx512 {
            Some(p) => format!(", {:.1} GFLOP/s with 512-bit FMAs", p / 1e9),
            None => String::new(),
        }
    );
    let peak_best = peak.avx2.max(peak.avx512.unwrap_or(0.0));

    use Act::*;
    let specs = [
        Spec::new("N1 2-2-2", &[2, 2, 2], &[Sigmoid, Sigmoid], 1, 1.0),
        Spec::new("N2 2-8-1", &[2, 8, 1], &[Tanh, Sigmoid], 1, 1.0),
        Spec::new(
            "N3 16-32-32-4",
            &[16, 32, 32, 4],
            &[Tanh, Tanh, Identity],
            1,
            1.0,
        ),
        Spec::new("N4 784-128-10", &[784, 128, 10], &[Relu, Identity], 1, 1.0),
        Spec::new(
            "N4 784-128-10 batch 64",
            &[784, 128, 10],
            &[Relu, Identity],
            64,
            1.0,
        ),
    ];
    for spec in specs.iter().filter(|s| s.name.contains(&only)) {
        check(spec);
    }
    println!(
        "\n{rounds} rounds, one thread; best round, median round, median of per-round ratios to typenet"
    );
    for spec in specs.iter().filter(|s| s.name.contains(&only)) {
        for train in [false, true] {
            let measure = if train { "train step" } else { "forward" };
            println!("\n{} {measure}", spec.name);
            let macs = if train {
                spec.train_macs()
            } else {
                spec.forward_macs()
            };
            for t in race(spec, train, rounds, slot_us) {
                let gflops = 2.0 * macs as f64 / t.best / 1e9;
                let flops = if spec.batch > 1 {
                    format!(
                        "  {gflops:6.1} GFLOP/s ({:4.1} % of peak)",
                        100.0 * gflops * 1e9 / peak_best
                    )
                } else {
                    String::new()
                };
                println!(
                    "  {:<13} best {:>11}  median {:>11}  ÷ typenet {:7.2}{flops}",
                    t.name,
                    pretty(t.best),
                    pretty(t.median),
                    t.ratio
                );
            }
        }
    }
}
