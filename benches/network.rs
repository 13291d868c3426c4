//! Generated code against hand-written code, in one run (issue 2, section 8).
//!
//! For each network: one-sample forward, and one training step (forward + backward + SGD update,
//! one sample; the generated side uses its buffer-free `train_step`), for
//! - `generated`: the `network!` type,
//! - `scalar`: hand-written Rust on plain arrays, loops over const-generic sizes,
//! - `nalgebra`: hand-written fixed-size nalgebra products.
//!
//! A `crossover` group times square layers N → N → N with the unrolled and the looped code paths
//! (`unroll = 1000000` vs `unroll = 0`) with ReLU, so the products dominate; that is how the default
//! unroll threshold was chosen.
//!
//! Run: `cargo bench --bench network` (criterion), or
//! `TYPENET_INTERLEAVED=31 cargo bench --bench network` (the implementations of each group take
//! turns for 31 rounds and each keeps its fastest: robust to bursts of load on a shared machine),
//! or `tools/bench/instructions.sh` (instructions per call, counted by callgrind). Results and the
//! machine are in `BENCHMARKS.md`.

// The hand-written baselines index arrays the way C-style numeric code does.
#![allow(clippy::needless_range_loop)]

use std::hint::black_box;

use criterion::Criterion;
use rand_pcg::Pcg64;
use typenet::nalgebra::{SMatrix, SVector};
use typenet::prelude::*;
use typenet::rand_core::SeedableRng;

network! {
    /// The seed's 2-2-2 sigmoid network (with biases).
    pub struct Seed: 2 => Dense(2, Sigmoid) => Dense(2, Sigmoid); loss = MSE
    /// 2-8-1.
    pub struct Small: 2 => Dense(8, Tanh) => Dense(1, Sigmoid); loss = MSE
    /// 16-32-32-4.
    pub struct Medium: 16 => Dense(32, Tanh) => Dense(32, Tanh) => Dense(4); loss = MSE
    /// 784-128-10.
    pub struct Mnist: 784 => Dense(128, ReLU) => Dense(10); loss = MSE
}

// ---------------------------------------------------------------------------------------------
// Hand-written scalar code: what a careful Rust programmer writes without a library.

#[derive(Clone, Copy)]
enum Act {
    Sigmoid,
    Tanh,
    Relu,
    Identity,
}

#[inline(always)]
fn act(a: Act, x: f32) -> f32 {
    match a {
        Act::Sigmoid => 1.0 / (1.0 + (-x).exp()),
        Act::Tanh => x.tanh(),
        Act::Relu => x.max(0.0),
        Act::Identity => x,
    }
}

#[inline(always)]
fn dact(a: Act, x: f32, y: f32) -> f32 {
    match a {
        Act::Sigmoid => y * (1.0 - y),
        Act::Tanh => 1.0 - y * y,
        Act::Relu => {
            if x > 0.0 {
                1.0
            } else {
                0.0
            }
        }
        Act::Identity => 1.0,
    }
}

/// w[j][i]: neuron j, input i (PyTorch layout).
#[derive(Clone)]
struct Layer<const I: usize, const O: usize> {
    w: [[f32; I]; O],
    b: [f32; O],
    act: Act,
}

impl<const I: usize, const O: usize> Layer<I, O> {
    fn new(act: Act, rng: &mut Pcg64) -> Self {
        let bound = (6.0 / (I + O) as f64).sqrt();
        let mut w = [[0.0; I]; O];
        for row in &mut w {
            for v in row {
                *v = ((typenet::init::unit_f64(rng) * 2.0 - 1.0) * bound) as f32;
            }
        }
        Layer {
            w,
            b: [0.0; O],
            act,
        }
    }

    #[inline(always)]
    fn forward(&self, x: &[f32; I]) -> ([f32; O], [f32; O]) {
        let mut z = self.b;
        for j in 0..O {
            for i in 0..I {
                z[j] += self.w[j][i] * x[i];
            }
        }
        let mut a = [0.0; O];
        for j in 0..O {
            a[j] = act(self.act, z[j]);
        }
        (z, a)
    }

    /// From ∂E/∂a: SGD-updates the layer in place and returns ∂E/∂x (computed before the update).
    #[inline(always)]
    fn backward(
        &mut self,
        x: &[f32; I],
        z: &[f32; O],
        a: &[f32; O],
        da: &[f32; O],
        lr: f32,
    ) -> [f32; I] {
        let mut dz = [0.0; O];
        for j in 0..O {
            dz[j] = da[j] * dact(self.act, z[j], a[j]);
        }
        let mut dx = [0.0; I];
        for j in 0..O {
            for i in 0..I {
                dx[i] += self.w[j][i] * dz[j];
            }
        }
        for j in 0..O {
            for i in 0..I {
                self.w[j][i] -= lr * dz[j] * x[i];
            }
            self.b[j] -= lr * dz[j];
        }
        dx
    }
}

fn mse_grad<const O: usize>(y: &[f32; O], t: &[f32; O]) -> [f32; O] {
    let mut d = [0.0; O];
    for k in 0..O {
        d[k] = y[k] - t[k];
    }
    d
}

#[derive(Clone)]
struct Scalar2<const I: usize, const H: usize, const O: usize> {
    l1: Layer<I, H>,
    l2: Layer<H, O>,
}

impl<const I: usize, const H: usize, const O: usize> Scalar2<I, H, O> {
    fn forward(&self, x: &[f32; I]) -> [f32; O] {
        let (_, a1) = self.l1.forward(x);
        self.l2.forward(&a1).1
    }
    fn train(&mut self, x: &[f32; I], t: &[f32; O], lr: f32) {
        let (z1, a1) = self.l1.forward(x);
        let (z2, a2) = self.l2.forward(&a1);
        let d2 = mse_grad(&a2, t);
        let d1 = self.l2.backward(&a1, &z2, &a2, &d2, lr);
        self.l1.backward(x, &z1, &a1, &d1, lr);
    }
}

#[derive(Clone)]
struct Scalar3<const I: usize, const H: usize, const G: usize, const O: usize> {
    l1: Layer<I, H>,
    l2: Layer<H, G>,
    l3: Layer<G, O>,
}

impl<const I: usize, const H: usize, const G: usize, const O: usize> Scalar3<I, H, G, O> {
    fn forward(&self, x: &[f32; I]) -> [f32; O] {
        let (_, a1) = self.l1.forward(x);
        let (_, a2) = self.l2.forward(&a1);
        self.l3.forward(&a2).1
    }
    fn train(&mut self, x: &[f32; I], t: &[f32; O], lr: f32) {
        let (z1, a1) = self.l1.forward(x);
        let (z2, a2) = self.l2.forward(&a1);
        let (z3, a3) = self.l3.forward(&a2);
        let d3 = mse_grad(&a3, t);
        let d2 = self.l3.backward(&a2, &z3, &a3, &d3, lr);
        let d1 = self.l2.backward(&a1, &z2, &a2, &d2, lr);
        self.l1.backward(x, &z1, &a1, &d1, lr);
    }
}

// ---------------------------------------------------------------------------------------------
// Hand-written nalgebra code.

#[derive(Clone)]
struct NLayer<const I: usize, const O: usize> {
    /// In × out, as the seed writes W (z = Wᵀx + b).
    w: SMatrix<f32, I, O>,
    b: SVector<f32, O>,
    act: Act,
}

impl<const I: usize, const O: usize> NLayer<I, O> {
    fn from(l: &Layer<I, O>) -> Self {
        NLayer {
            w: SMatrix::from_fn(|i, j| l.w[j][i]),
            b: SVector::from_column_slice(&l.b),
            act: l.act,
        }
    }
    #[inline(always)]
    fn forward(&self, x: &SVector<f32, I>) -> (SVector<f32, O>, SVector<f32, O>) {
        let z = self.w.tr_mul(x) + self.b;
        let a = z.map(|v| act(self.act, v));
        (z, a)
    }
    #[inline(always)]
    fn backward(
        &mut self,
        x: &SVector<f32, I>,
        z: &SVector<f32, O>,
        a: &SVector<f32, O>,
        da: &SVector<f32, O>,
        lr: f32,
    ) -> SVector<f32, I> {
        let dz = SVector::<f32, O>::from_fn(|j, _| da[j] * dact(self.act, z[j], a[j]));
        let dx = self.w * dz;
        self.w.ger(-lr, x, &dz, 1.0);
        self.b.axpy(-lr, &dz, 1.0);
        dx
    }
}

#[derive(Clone)]
struct Nalgebra2<const I: usize, const H: usize, const O: usize> {
    l1: NLayer<I, H>,
    l2: NLayer<H, O>,
}

impl<const I: usize, const H: usize, const O: usize> Nalgebra2<I, H, O> {
    fn forward(&self, x: &SVector<f32, I>) -> SVector<f32, O> {
        let (_, a1) = self.l1.forward(x);
        self.l2.forward(&a1).1
    }
    fn train(&mut self, x: &SVector<f32, I>, t: &SVector<f32, O>, lr: f32) {
        let (z1, a1) = self.l1.forward(x);
        let (z2, a2) = self.l2.forward(&a1);
        let d2 = a2 - t;
        let d1 = self.l2.backward(&a1, &z2, &a2, &d2, lr);
        self.l1.backward(x, &z1, &a1, &d1, lr);
    }
}

#[derive(Clone)]
struct Nalgebra3<const I: usize, const H: usize, const G: usize, const O: usize> {
    l1: NLayer<I, H>,
    l2: NLayer<H, G>,
    l3: NLayer<G, O>,
}

impl<const I: usize, const H: usize, const G: usize, const O: usize> Nalgebra3<I, H, G, O> {
    fn forward(&self, x: &SVector<f32, I>) -> SVector<f32, O> {
        let (_, a1) = self.l1.forward(x);
        let (_, a2) = self.l2.forward(&a1);
        self.l3.forward(&a2).1
    }
    fn train(&mut self, x: &SVector<f32, I>, t: &SVector<f32, O>, lr: f32) {
        let (z1, a1) = self.l1.forward(x);
        let (z2, a2) = self.l2.forward(&a1);
        let (z3, a3) = self.l3.forward(&a2);
        let d3 = a3 - t;
        let d2 = self.l3.backward(&a2, &z3, &a3, &d3, lr);
        let d1 = self.l2.backward(&a1, &z2, &a2, &d2, lr);
        self.l1.backward(x, &z1, &a1, &d1, lr);
    }
}

// ---------------------------------------------------------------------------------------------

fn input<const N: usize>(seed: u64) -> SVector<f32, N> {
    let mut rng = Pcg64::seed_from_u64(seed);
    SVector::from_fn(|_, _| typenet::init::unit_f64(&mut rng) as f32)
}

/// Benchmarks one network three ways. `$gen` builds the generated network from the scalar one's
/// parameters so all three compute the same function.
macro_rules! bench_two_layer {
    ($c:expr, $label:literal, $gen:ident, $i:literal, $h:literal, $o:literal, $a1:expr, $a2:expr) => {{
        let mut rng = Pcg64::seed_from_u64(1);
        // All three live on the heap, so none gets different page or alignment luck (on the
        // 784-128-10 network a stack copy and a heap copy measured up to 40% apart).
        let scalar = Box::new(Scalar2::<$i, $h, $o> {
            l1: Layer::new($a1, &mut rng),
            l2: Layer::new($a2, &mut rng),
        });
        let nalg = Box::new(Nalgebra2::<$i, $h, $o> {
            l1: NLayer::from(&scalar.l1),
            l2: NLayer::from(&scalar.l2),
        });
        let mut flat = Vec::new();
        flat.extend(scalar.l1.w.iter().flatten());
        flat.extend(&scalar.l1.b);
        flat.extend(scalar.l2.w.iter().flatten());
        flat.extend(&scalar.l2.b);
        let generated = $gen::<f32>::boxed_from_slice(&flat).unwrap();
        let x = input::<$i>(2);
        let t = input::<$o>(3);
        let xa: [f32; $i] = x.into();
        let ta: [f32; $o] = t.into();
        assert!((generated.forward(&x) - nalg.forward(&x)).abs().max() < 1e-4);
        if matches!($a1, Act::Relu) {
            // The training step skips the weights of the ReLU neurons that are off (∂E/∂z = 0):
            // say how many that is for this input.
            let on = generated
                .forward_trace(&x)
                .layer1
                .a
                .iter()
                .filter(|a| **a > 0.0)
                .count();
            eprintln!(
                "{}: {on} of {} hidden ReLU neurons active on the input",
                $label, $h
            );
        }

        $c.group(
            concat!($label, "/forward"),
            &["generated", "scalar", "nalgebra"],
            (
                || {
                    black_box(generated.forward(black_box(&x)));
                },
                || {
                    black_box(scalar.forward(black_box(&xa)));
                },
                || {
                    black_box(nalg.forward(black_box(&x)));
                },
            ),
        );

        let mut net = generated.clone();
        let mut s = scalar.clone();
        let mut n = nalg.clone();
        $c.group(
            concat!($label, "/train_step"),
            &["generated", "scalar", "nalgebra"],
            (
                || {
                    black_box(net.train_step(black_box(&x), black_box(&t), 1e-6).unwrap());
                },
                || {
                    s.train(black_box(&xa), black_box(&ta), 1e-6);
                },
                || {
                    n.train(black_box(&x), black_box(&t), 1e-6);
                },
            ),
        );
    }};
}

fn two_layer(c: &mut Suite) {
    bench_two_layer!(
        c,
        "2-2-2 sigmoid",
        Seed,
        2,
        2,
        2,
        Act::Sigmoid,
        Act::Sigmoid
    );
    bench_two_layer!(
        c,
        "2-8-1 tanh,sigmoid",
        Small,
        2,
        8,
        1,
        Act::Tanh,
        Act::Sigmoid
    );
    bench_two_layer!(
        c,
        "784-128-10 relu",
        Mnist,
        784,
        128,
        10,
        Act::Relu,
        Act::Identity
    );
}

fn medium(c: &mut Suite) {
    let mut rng = Pcg64::seed_from_u64(1);
    let scalar = Scalar3::<16, 32, 32, 4> {
        l1: Layer::new(Act::Tanh, &mut rng),
        l2: Layer::new(Act::Tanh, &mut rng),
        l3: Layer::new(Act::Identity, &mut rng),
    };
    let nalg = Nalgebra3 {
        l1: NLayer::from(&scalar.l1),
        l2: NLayer::from(&scalar.l2),
        l3: NLayer::from(&scalar.l3),
    };
    let mut flat = Vec::new();
    for (w, b) in [
        (
            scalar.l1.w.iter().flatten().copied().collect::<Vec<_>>(),
            scalar.l1.b.to_vec(),
        ),
        (
            scalar.l2.w.iter().flatten().copied().collect(),
            scalar.l2.b.to_vec(),
        ),
        (
            scalar.l3.w.iter().flatten().copied().collect(),
            scalar.l3.b.to_vec(),
        ),
    ] {
        flat.extend(w);
        flat.extend(b);
    }
    let generated = Medium::<f32>::from_params(&flat).unwrap();
    let x = input::<16>(2);
    let t = input::<4>(3);
    let xa: [f32; 16] = x.into();
    let ta: [f32; 4] = t.into();
    assert!((generated.forward(&x) - nalg.forward(&x)).abs().max() < 1e-4);

    c.group(
        "16-32-32-4 tanh/forward",
        &["generated", "scalar", "nalgebra"],
        (
            || {
                black_box(generated.forward(black_box(&x)));
            },
            || {
                black_box(scalar.forward(black_box(&xa)));
            },
            || {
                black_box(nalg.forward(black_box(&x)));
            },
        ),
    );

    let mut net = generated.clone();
    let mut s = scalar.clone();
    let mut n = nalg.clone();
    c.group(
        "16-32-32-4 tanh/train_step",
        &["generated", "scalar", "nalgebra"],
        (
            || {
                black_box(net.train_step(black_box(&x), black_box(&t), 1e-6).unwrap());
            },
            || {
                s.train(black_box(&xa), black_box(&ta), 1e-6);
            },
            || {
                n.train(black_box(&x), black_box(&t), 1e-6);
            },
        ),
    );
}

macro_rules! crossover {
    ($c:expr, $($n:literal => $unrolled:ident, $looped:ident;)*) => {$({
        network! { pub struct $unrolled: $n => Dense($n, ReLU) => Dense($n); loss = MSE; unroll = 1000000 }
        network! { pub struct $looped: $n => Dense($n, ReLU) => Dense($n); loss = MSE; unroll = 0 }
        let a = $unrolled::<f32>::random(&mut Pcg64::seed_from_u64(1));
        let b = $looped::<f32>::from_params(a.params()).unwrap();
        let x = input::<$n>(2);
        $c.group(
            concat!("crossover ", $n, "x", $n, "/forward"),
            &["unrolled", "looped"],
            (
                || {
                    black_box(a.forward(black_box(&x)));
                },
                || {
                    black_box(b.forward(black_box(&x)));
                },
            ),
        );
        let mut a2 = a.clone();
        let mut b2 = b.clone();
        $c.group(
            concat!("crossover ", $n, "x", $n, "/train_step"),
            &["unrolled", "looped"],
            (
                || {
                    black_box(a2.train_step(black_box(&x), black_box(&x), 1e-6).unwrap());
                },
                || {
                    black_box(b2.train_step(black_box(&x), black_box(&x), 1e-6).unwrap());
                },
            ),
        );
    })*};
}

fn crossover(c: &mut Suite) {
    crossover!(c,
        2 => U2, L2;
        4 => U4, L4;
        8 => U8, L8;
        12 => U12, L12;
        16 => U16, L16;
        24 => U24, L24;
        32 => U32, L32;
    );
}

/// The implementations compared in one group: a tuple of closures.
trait Impls {
    /// Benchmarks each with criterion as `prefix/name`.
    fn criterion(&mut self, c: &mut Criterion, prefix: &str, names: &[&str]);
    /// Runs implementation `k` `iters` times.
    fn repeat(&mut self, k: usize, iters: u64);
}

macro_rules! impls {
    ($($f:ident $k:tt),*) => {
        impl<$($f: FnMut()),*> Impls for ($($f,)*) {
            fn criterion(&mut self, c: &mut Criterion, prefix: &str, names: &[&str]) {
                $(c.bench_function(&format!("{prefix}/{}", names[$k]), |b| b.iter(&mut self.$k));)*
            }
            fn repeat(&mut self, k: usize, iters: u64) {
                match k {
                    $($k => for _ in 0..iters { (self.$k)() },)*
                    _ => unreachable!(),
                }
            }
        }
    };
}
impls!(A 0, B 1);
impls!(A 0, B 1, C 2);

/// How the suite runs.
enum Run {
    /// Every benchmark under criterion.
    Criterion(Box<Criterion>),
    /// `TYPENET_CALLGRIND=<id>`: only that benchmark, `TYPENET_ITERS` times (default 10,000), then
    /// exit: for counting instructions with callgrind (`tools/bench/instructions.sh`), repeatable on a
    /// shared, noisy machine.
    Only(String, u64),
    /// `TYPENET_INTERLEAVED=<rounds>`: the implementations of each group take turns, round after
    /// round, and each keeps its fastest round: a burst of load from elsewhere then slows every
    /// implementation alike instead of whichever criterion happened to be measuring.
    Interleaved(u32),
}

struct Suite {
    run: Run,
}

impl Suite {
    fn group<I: Impls>(&mut self, prefix: &str, names: &[&str], mut impls: I) {
        match &mut self.run {
            Run::Criterion(c) => impls.criterion(c, prefix, names),
            Run::Only(only, iters) => {
                for (k, name) in names.iter().enumerate() {
                    if *only == format!("{prefix}/{name}") {
                        impls.repeat(k, *iters);
                        std::process::exit(0);
                    }
                }
            }
            Run::Interleaved(rounds) => {
                // Calibrate: enough iterations for ~0.2 ms per timing.
                let mut iters = 1u64;
                loop {
                    let t = std::time::Instant::now();
                    impls.repeat(0, iters);
                    if t.elapsed().as_micros() >= 200 || iters >= 1 << 24 {
                        break;
                    }
                    iters *= 2;
                }
                let mut best = vec![f64::INFINITY; names.len()];
                for _ in 0..*rounds {
                    for (k, b) in best.iter_mut().enumerate() {
                        let t = std::time::Instant::now();
                        impls.repeat(k, iters);
                        *b = b.min(t.elapsed().as_nanos() as f64 / iters as f64);
                    }
                }
                let mut cells: Vec<String> = names
                    .iter()
                    .zip(&best)
                    .map(|(n, b)| format!("{n}: {b:.1} ns"))
                    .collect();
                cells.resize(3, String::new());
                let others = best[1..].iter().copied().fold(f64::INFINITY, f64::min);
                println!(
                    "| {prefix} | {} | {:.2} |",
                    cells.join(" | "),
                    best[0] / others
                );
            }
        }
    }
}

fn main() {
    let run = if let Ok(id) = std::env::var("TYPENET_CALLGRIND") {
        let iters = std::env::var("TYPENET_ITERS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(10_000);
        Run::Only(id, iters)
    } else if let Ok(rounds) = std::env::var("TYPENET_INTERLEAVED") {
        println!("| benchmark | typenet | other | other | typenet / fastest other |");
        println!("|---|---:|---:|---:|---:|");
        Run::Interleaved(rounds.parse().unwrap_or(31))
    } else {
        Run::Criterion(Box::new(
            Criterion::default()
                .warm_up_time(std::time::Duration::from_millis(500))
                .measurement_time(std::time::Duration::from_secs(2))
                .sample_size(30)
                .configure_from_args(),
        ))
    };
    let mut suite = Suite { run };
    two_layer(&mut suite);
    medium(&mut suite);
    crossover(&mut suite);
    match suite.run {
        Run::Only(id, _) => {
            eprintln!("no benchmark named {id:?}");
            std::process::exit(2);
        }
        Run::Criterion(c) => c.final_summary(),
        Run::Interleaved(_) => {}
    }
}
