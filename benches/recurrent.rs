//! The sequence layers (issue 20) against hand-written Rust, in one run: per-sample `step` of
//! - LSTM(h) → Dense(1) and GRU(h) → Dense(1) with one input, h = 8, 16, 32, 64;
//! - a 4-layer causal convolution stack, 1 → 16 → 16 → 16 → 16 channels, kernel 3, dilations
//!   1, 2, 4, 8 (no activations: the convolutions alone).
//!
//! Each case runs the network two ways, both typenet: as a `network!` type's generated `step`
//! (what a user writes: `1 => LSTM(h) => Dense(1)`, `1 => Conv1D(16, kernel = 3) => …`), and as
//! the runtime's layer types stepped by hand (`Lstm::step`, then `Dense::affine`). Each against
//! two straight-loop versions on plain arrays, written the good obvious way: the
//! recurrent product as a sum of the hidden-weight rows scaled by hₖ over a transposed copy of
//! W_hh (a contiguous inner loop the compiler vectorises, unlike a dot product per gate), the two
//! biases added once at load time, the convolution as a sum of kernel columns over a transposed
//! kernel and a ring buffer per layer; σ and tanh from `std` (`loop ÷ std`, as the baselines of
//! `benches/network.rs`) and, to tell the products from the activations, from `typenet::math`
//! (`loop ÷ math`). All `f32`, all from the same weights; the bench checks that they agree.
//!
//! The implementations take turns for `RECURRENT_ROUNDS` rounds (default 101) of 4,800 steps
//! (a tenth of a second of audio at 48 kHz), and each keeps its fastest round; the table gives
//! ns per sample, the generated network's ratio to each loop, and its real-time factor (one
//! second of audio ÷ the time to compute it). `RECURRENT_CRITERION=1` also runs every step under
//! criterion; `RECURRENT_ONLY=lstm8,gru` runs only the cases whose ids (`lstm5` … `gru33`,
//! `conv4`) start with one of those.
//!
//! Run: `cargo bench --bench recurrent`.

// The hand-written baselines index arrays the way C-style numeric code does.
#![allow(clippy::needless_range_loop)]

use std::hint::black_box;
use std::time::Instant;

use criterion::Criterion;
use typenet::nalgebra::SVector;
use typenet::{
    Conv1d, Conv1dState, Dense, Flat, Gru, GruState, Lstm, LstmState, Recurrent, math::f32 as tm,
    network,
};

network! {
    /// The generated counterparts of the hand-stepped layers below, from the same weights.
    struct Lstm8: 1 => LSTM(8) => Dense(1)
    struct Lstm16: 1 => LSTM(16) => Dense(1)
    struct Lstm32: 1 => LSTM(32) => Dense(1)
    struct Lstm64: 1 => LSTM(64) => Dense(1)
    struct Gru8: 1 => GRU(8) => Dense(1)
    struct Gru16: 1 => GRU(16) => Dense(1)
    struct Gru32: 1 => GRU(32) => Dense(1)
    struct Gru64: 1 => GRU(64) => Dense(1)
    // Widths off the multiples of 8 (issue 20's width cliff).
    struct Lstm5: 1 => LSTM(5) => Dense(1)
    struct Lstm12: 1 => LSTM(12) => Dense(1)
    struct Lstm20: 1 => LSTM(20) => Dense(1)
    struct Lstm33: 1 => LSTM(33) => Dense(1)
    struct Gru5: 1 => GRU(5) => Dense(1)
    struct Gru12: 1 => GRU(12) => Dense(1)
    struct Gru20: 1 => GRU(20) => Dense(1)
    struct Gru33: 1 => GRU(33) => Dense(1)
    struct Conv4: 1 => Conv1D(16, kernel = 3) => Conv1D(16, kernel = 3, dilation = 2)
        => Conv1D(16, kernel = 3, dilation = 4) => Conv1D(16, kernel = 3, dilation = 8)
}

/// A generated network from the flat parameters of its layers, in order.
fn generated<N: Recurrent<f32>>(layers: &[&[f32]]) -> N {
    let flat: Vec<f32> = layers.concat();
    N::from_params(&flat).expect("as many parameters as the network")
}

const RATE: usize = 48_000;

/// The activations a hand-written loop calls.
trait Acts {
    fn sigmoid(x: f32) -> f32;
    fn tanh(x: f32) -> f32;
}

/// `std`'s: 1/(1 + e^(−x)) and `f32::tanh`.
struct Std;
impl Acts for Std {
    #[inline(always)]
    fn sigmoid(x: f32) -> f32 {
        1.0 / (1.0 + (-x).exp())
    }
    #[inline(always)]
    fn tanh(x: f32) -> f32 {
        x.tanh()
    }
}

/// `typenet::math`'s (the functions typenet's layers use).
struct Math;
impl Acts for Math {
    #[inline(always)]
    fn sigmoid(x: f32) -> f32 {
        tm::sigmoid(x)
    }
    #[inline(always)]
    fn tanh(x: f32) -> f32 {
        tm::tanh(x)
    }
}

/// Deterministic weights in (−s, s).
fn weights(n: usize, salt: u64, s: f64) -> Vec<f32> {
    (0..n)
        .map(|k| {
            let mut z = (k as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ salt;
            z = (z ^ (z >> 31)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            (((z >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0) * s) as f32
        })
        .collect()
}

/// The input signal: a 440 Hz sine with some of its third harmonic.
fn signal(t: usize) -> f32 {
    let p = t as f32 * (440.0 * 2.0 * std::f32::consts::PI / RATE as f32);
    0.6 * p.sin() + 0.2 * (3.0 * p).sin()
}

// ---------------------------------------------------------------------------------------------
// Hand-written LSTM(H) → Dense(1), one input.

struct LoopLstm<const H: usize, const G: usize> {
    /// W_ih, one weight per gate row (one input).
    w_ih: [f32; G],
    /// W_hhᵀ: row k holds the weights of hₖ into every gate row.
    w_hh_t: [[f32; G]; H],
    /// b_ih + b_hh.
    b: [f32; G],
    w_out: [f32; H],
    b_out: f32,
    h: [f32; H],
    c: [f32; H],
}

impl<const H: usize, const G: usize> LoopLstm<H, G> {
    /// From typenet's layers (PyTorch's layout).
    fn new(l: &Lstm<f32, 1, H, G>, d: &Dense<f32, H, 1>) -> Self {
        let mut w_hh_t = [[0.0; G]; H];
        for j in 0..G {
            for k in 0..H {
                w_hh_t[k][j] = l.weight_hh[(k, j)];
            }
        }
        Self {
            w_ih: core::array::from_fn(|j| l.weight_ih[(0, j)]),
            w_hh_t,
            b: core::array::from_fn(|j| l.bias_ih[j] + l.bias_hh[j]),
            w_out: core::array::from_fn(|j| d.weight[(j, 0)]),
            b_out: d.bias[0],
            h: [0.0; H],
            c: [0.0; H],
        }
    }
    #[inline(always)]
    fn step<A: Acts>(&mut self, x: f32) -> f32 {
        let mut a = [0.0f32; G];
        for j in 0..G {
            a[j] = self.b[j] + self.w_ih[j] * x;
        }
        for k in 0..H {
            let hk = self.h[k];
            for j in 0..G {
                a[j] += self.w_hh_t[k][j] * hk;
            }
        }
        for j in 0..H {
            let i = A::sigmoid(a[j]);
            let f = A::sigmoid(a[H + j]);
            let g = A::tanh(a[2 * H + j]);
            let o = A::sigmoid(a[3 * H + j]);
            self.c[j] = f * self.c[j] + i * g;
            self.h[j] = o * A::tanh(self.c[j]);
        }
        let mut y = self.b_out;
        for j in 0..H {
            y += self.w_out[j] * self.h[j];
        }
        y
    }
}

// ---------------------------------------------------------------------------------------------
// Hand-written GRU(H) → Dense(1), one input.

struct LoopGru<const H: usize, const G: usize> {
    w_ih: [f32; G],
    w_hh_t: [[f32; G]; H],
    /// b_ih, with b_hh added for r and z (n needs b_hn apart: r multiplies it).
    b_i: [f32; G],
    /// b_hn.
    b_hn: [f32; H],
    w_out: [f32; H],
    b_out: f32,
    h: [f32; H],
}

impl<const H: usize, const G: usize> LoopGru<H, G> {
    fn new(l: &Gru<f32, 1, H, G>, d: &Dense<f32, H, 1>) -> Self {
        let mut w_hh_t = [[0.0; G]; H];
        for j in 0..G {
            for k in 0..H {
                w_hh_t[k][j] = l.weight_hh[(k, j)];
            }
        }
        Self {
            w_ih: core::array::from_fn(|j| l.weight_ih[(0, j)]),
            w_hh_t,
            b_i: core::array::from_fn(|j| {
                l.bias_ih[j] + if j < 2 * H { l.bias_hh[j] } else { 0.0 }
            }),
            b_hn: core::array::from_fn(|j| l.bias_hh[2 * H + j]),
            w_out: core::array::from_fn(|j| d.weight[(j, 0)]),
            b_out: d.bias[0],
            h: [0.0; H],
        }
    }
    #[inline(always)]
    fn step<A: Acts>(&mut self, x: f32) -> f32 {
        let mut gh = [0.0f32; G];
        for k in 0..H {
            let hk = self.h[k];
            for j in 0..G {
                gh[j] += self.w_hh_t[k][j] * hk;
            }
        }
        for j in 0..H {
            let r = A::sigmoid(self.b_i[j] + self.w_ih[j] * x + gh[j]);
            let z = A::sigmoid(self.b_i[H + j] + self.w_ih[H + j] * x + gh[H + j]);
            let n = A::tanh(
                self.b_i[2 * H + j] + self.w_ih[2 * H + j] * x + r * (gh[2 * H + j] + self.b_hn[j]),
            );
            self.h[j] = (1.0 - z) * n + z * self.h[j];
        }
        let mut y = self.b_out;
        for j in 0..H {
            y += self.w_out[j] * self.h[j];
        }
        y
    }
}

// ---------------------------------------------------------------------------------------------
// Hand-written causal dilated convolution, one layer.

struct LoopConv<const CIN: usize, const COUT: usize, const K: usize, const R: usize> {
    /// w_t[k][i][o] = w[o, i, k].
    w_t: [[[f32; COUT]; CIN]; K],
    b: [f32; COUT],
    dilation: usize,
    buf: [[f32; CIN]; R],
    pos: usize,
}

impl<const CIN: usize, const COUT: usize, const K: usize, const R: usize>
    LoopConv<CIN, COUT, K, R>
{
    fn new<const D: usize, const CK: usize>(l: &Conv1d<f32, CIN, COUT, K, D, CK, R>) -> Self {
        let mut w_t = [[[0.0; COUT]; CIN]; K];
        for o in 0..COUT {
            for i in 0..CIN {
                for k in 0..K {
                    w_t[k][i][o] = l.weight[(i * K + k, o)];
                }
            }
        }
        Self {
            w_t,
            b: core::array::from_fn(|o| l.bias[o]),
            dilation: D,
            buf: [[0.0; CIN]; R],
            pos: 0,
        }
    }
    #[inline(always)]
    fn step(&mut self, x: &[f32; CIN]) -> [f32; COUT] {
        self.buf[self.pos] = *x;
        let mut y = self.b;
        for k in 0..K {
            let delay = (K - 1 - k) * self.dilation;
            let idx = (self.pos + R - delay) % R;
            for i in 0..CIN {
                let v = self.buf[idx][i];
                for o in 0..COUT {
                    y[o] += self.w_t[k][i][o] * v;
                }
            }
        }
        self.pos = (self.pos + 1) % R;
        y
    }
}

// ---------------------------------------------------------------------------------------------
// The cases.

/// Samples per timed round: a tenth of a second of audio, short enough that many rounds run
/// without the scheduler taking the core away on a shared machine.
const ROUND: usize = RATE / 10;

/// The time (ns per sample) of each implementation, fastest of `rounds` interleaved rounds of
/// [`ROUND`] samples each. With `RECURRENT_CALLGRIND=<id>/<k>` and `RECURRENT_ITERS=<n>` only
/// implementation k (0 typenet's layers, 1 loop ÷ std, 2 loop ÷ math, 3 the `network!`
/// type) of case `id` runs, n samples,
/// and the process exits: for counting instructions with callgrind.
fn race(id: &str, rounds: usize, impls: &mut [&mut dyn FnMut(f32) -> f32]) -> Vec<f64> {
    if let Ok(only) = std::env::var("RECURRENT_CALLGRIND") {
        if let Some((case, k)) = only.split_once('/')
            && case == id
        {
            let n: usize = std::env::var("RECURRENT_ITERS")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(10_000);
            let f = &mut impls[k.parse::<usize>().unwrap()];
            let mut s = 0.0f32;
            for t in 0..n {
                s += f(black_box(signal(t)));
            }
            black_box(s);
            std::process::exit(0);
        }
        return vec![0.0; impls.len()];
    }
    let mut best = vec![f64::INFINITY; impls.len()];
    for _ in 0..rounds {
        for (k, f) in impls.iter_mut().enumerate() {
            let t = Instant::now();
            let mut s = 0.0f32;
            for n in 0..ROUND {
                s += f(black_box(signal(n)));
            }
            black_box(s);
            best[k] = best[k].min(t.elapsed().as_nanos() as f64 / ROUND as f64);
        }
    }
    best
}

/// Asserts that the implementations agree on the first second of the signal.
fn agree(name: &str, impls: &mut [&mut dyn FnMut(f32) -> f32]) {
    if std::env::var_os("RECURRENT_CALLGRIND").is_some() {
        return;
    }
    for n in 0..RATE {
        let x = signal(n);
        let ys: Vec<f32> = impls.iter_mut().map(|f| f(x)).collect();
        for y in &ys[1..] {
            assert!(
                (y - ys[0]).abs() <= 1e-4 * ys[0].abs().max(1.0),
                "{name}: implementations disagree at sample {n}: {ys:?}"
            );
        }
    }
}

/// `t`: layers, loop ÷ std, loop ÷ math, `network!`.
fn row(name: &str, t: &[f64]) {
    let rt = 1e9 / RATE as f64;
    println!(
        "| {name} | {:.1} | {:.1} | {:.1} | {:.1} | {:.3} | {:.3} | {:.0}× |",
        t[3],
        t[0],
        t[1],
        t[2],
        t[3] / t[1],
        t[3] / t[2],
        rt / t[3]
    );
}

fn lstm<const H: usize, const G: usize, N>(rounds: usize, c: Option<&mut Criterion>)
where
    N: Recurrent<f32, Input = SVector<f32, 1>, Output = SVector<f32, 1>>,
{
    let mut l = Lstm::<f32, 1, H, G>::zeros();
    l.as_mut_slice()
        .copy_from_slice(&weights(<Lstm<f32, 1, H, G> as Flat<f32>>::LEN, 1, 0.5));
    let d = Dense::<f32, H, 1> {
        weight: SVector::from_column_slice(&weights(H, 2, 0.5)),
        bias: SVector::from([0.1]),
    };
    let mut s = LstmState::zeros();
    let mut ours = |x: f32| d.affine(&l.step(&mut s, &SVector::from([x])))[0];
    let (mut a, mut b) = (LoopLstm::new(&l, &d), LoopLstm::new(&l, &d));
    let mut by_std = |x: f32| a.step::<Std>(x);
    let mut by_math = |x: f32| b.step::<Math>(x);
    let net: N = generated(&[l.as_slice(), d.weight.as_slice(), d.bias.as_slice()]);
    let mut gs = N::State::default();
    let mut gen_ = |x: f32| net.step(&mut gs, &SVector::from([x]))[0];
    let name = format!("LSTM({H}) → Dense(1)");
    let impls: &mut [&mut dyn FnMut(f32) -> f32] =
        &mut [&mut ours, &mut by_std, &mut by_math, &mut gen_];
    agree(&name, impls);
    row(&name, &race(&format!("lstm{H}"), rounds, impls));
    if let Some(c) = c {
        c.bench_function(&format!("lstm{H}/network"), |bch| {
            bch.iter(|| gen_(black_box(0.3)))
        });
        c.bench_function(&format!("lstm{H}/typenet"), |bch| {
            bch.iter(|| ours(black_box(0.3)))
        });
        c.bench_function(&format!("lstm{H}/loop_std"), |bch| {
            bch.iter(|| by_std(black_box(0.3)))
        });
        c.bench_function(&format!("lstm{H}/loop_math"), |bch| {
            bch.iter(|| by_math(black_box(0.3)))
        });
    }
}

fn gru<const H: usize, const G: usize, N>(rounds: usize, c: Option<&mut Criterion>)
where
    N: Recurrent<f32, Input = SVector<f32, 1>, Output = SVector<f32, 1>>,
{
    let mut l = Gru::<f32, 1, H, G>::zeros();
    l.as_mut_slice()
        .copy_from_slice(&weights(<Gru<f32, 1, H, G> as Flat<f32>>::LEN, 3, 0.5));
    let d = Dense::<f32, H, 1> {
        weight: SVector::from_column_slice(&weights(H, 4, 0.5)),
        bias: SVector::from([0.1]),
    };
    let mut s = GruState::zeros();
    let mut ours = |x: f32| d.affine(&l.step(&mut s, &SVector::from([x])))[0];
    let (mut a, mut b) = (LoopGru::new(&l, &d), LoopGru::new(&l, &d));
    let mut by_std = |x: f32| a.step::<Std>(x);
    let mut by_math = |x: f32| b.step::<Math>(x);
    let net: N = generated(&[l.as_slice(), d.weight.as_slice(), d.bias.as_slice()]);
    let mut gs = N::State::default();
    let mut gen_ = |x: f32| net.step(&mut gs, &SVector::from([x]))[0];
    let name = format!("GRU({H}) → Dense(1)");
    let impls: &mut [&mut dyn FnMut(f32) -> f32] =
        &mut [&mut ours, &mut by_std, &mut by_math, &mut gen_];
    agree(&name, impls);
    row(&name, &race(&format!("gru{H}"), rounds, impls));
    if let Some(c) = c {
        c.bench_function(&format!("gru{H}/network"), |bch| {
            bch.iter(|| gen_(black_box(0.3)))
        });
        c.bench_function(&format!("gru{H}/typenet"), |bch| {
            bch.iter(|| ours(black_box(0.3)))
        });
        c.bench_function(&format!("gru{H}/loop_std"), |bch| {
            bch.iter(|| by_std(black_box(0.3)))
        });
        c.bench_function(&format!("gru{H}/loop_math"), |bch| {
            bch.iter(|| by_math(black_box(0.3)))
        });
    }
}

fn conv_layer<const CIN: usize, const K: usize, const D: usize, const CK: usize, const R: usize>(
    salt: u64,
) -> Conv1d<f32, CIN, 16, K, D, CK, R> {
    let mut l = Conv1d::zeros();
    let bound = 1.0 / (CK as f64).sqrt();
    l.as_mut_slice()
        .copy_from_slice(&weights(16 * (CK + 1), salt, bound));
    l
}

fn conv_stack(rounds: usize, c: Option<&mut Criterion>) {
    let l1 = conv_layer::<1, 3, 1, 3, 3>(5);
    let l2 = conv_layer::<16, 3, 2, 48, 5>(6);
    let l3 = conv_layer::<16, 3, 4, 48, 9>(7);
    let l4 = conv_layer::<16, 3, 8, 48, 17>(8);
    let (mut s1, mut s2, mut s3, mut s4) = (
        Conv1dState::zeros(),
        Conv1dState::zeros(),
        Conv1dState::zeros(),
        Conv1dState::zeros(),
    );
    let mut ours = |x: f32| {
        let y = l1.step(&mut s1, &SVector::from([x]));
        let y = l2.step(&mut s2, &y);
        let y = l3.step(&mut s3, &y);
        l4.step(&mut s4, &y).sum()
    };
    let (mut a1, mut a2, mut a3, mut a4) = (
        LoopConv::new(&l1),
        LoopConv::new(&l2),
        LoopConv::new(&l3),
        LoopConv::new(&l4),
    );
    let (mut b1, mut b2, mut b3, mut b4) = (
        LoopConv::new(&l1),
        LoopConv::new(&l2),
        LoopConv::new(&l3),
        LoopConv::new(&l4),
    );
    let mut by_loop = |x: f32| {
        let y = a1.step(&[x]);
        let y = a2.step(&y);
        let y = a3.step(&y);
        a4.step(&y).iter().sum()
    };
    // No activations here: the "math" column is the same loop again (a check of the noise).
    let mut by_loop2 = |x: f32| {
        let y = b1.step(&[x]);
        let y = b2.step(&y);
        let y = b3.step(&y);
        b4.step(&y).iter().sum()
    };
    let net: Conv4<f32> = generated(&[l1.as_slice(), l2.as_slice(), l3.as_slice(), l4.as_slice()]);
    let mut gs = Conv4State::zeros();
    let mut gen_ = |x: f32| net.step(&mut gs, &SVector::from([x])).sum();
    let name = "Conv1d 1→16→16→16→16, k 3, d 1 2 4 8";
    let impls: &mut [&mut dyn FnMut(f32) -> f32] =
        &mut [&mut ours, &mut by_loop, &mut by_loop2, &mut gen_];
    agree(name, impls);
    row(name, &race("conv4", rounds, impls));
    if let Some(c) = c {
        c.bench_function("conv4/network", |bch| bch.iter(|| gen_(black_box(0.3))));
        c.bench_function("conv4/typenet", |bch| bch.iter(|| ours(black_box(0.3))));
        c.bench_function("conv4/loop", |bch| bch.iter(|| by_loop(black_box(0.3))));
    }
}

fn main() {
    let rounds = std::env::var("RECURRENT_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(101);
    let mut criterion = (std::env::var("RECURRENT_CRITERION").as_deref() == Ok("1"))
        .then(|| Criterion::default().configure_from_args());
    println!("ns per sample, f32, fastest of {rounds} interleaved rounds of {ROUND} samples");
    println!();
    println!(
        "| network | `network!` step | typenet layers | loop ÷ std | loop ÷ math \
         | `network!` ÷ loop (std) | `network!` ÷ loop (math) | real time at 48 kHz |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    let only = std::env::var("RECURRENT_ONLY").unwrap_or_default();
    let run = |id: &str| only.split(',').any(|o| id.starts_with(o));
    if run("lstm8") {
        lstm::<8, 32, Lstm8<f32>>(rounds, criterion.as_mut());
    }
    if run("lstm16") {
        lstm::<16, 64, Lstm16<f32>>(rounds, criterion.as_mut());
    }
    if run("lstm32") {
        lstm::<32, 128, Lstm32<f32>>(rounds, criterion.as_mut());
    }
    if run("lstm64") {
        lstm::<64, 256, Lstm64<f32>>(rounds, criterion.as_mut());
    }
    if run("gru8") {
        gru::<8, 24, Gru8<f32>>(rounds, criterion.as_mut());
    }
    if run("gru16") {
        gru::<16, 48, Gru16<f32>>(rounds, criterion.as_mut());
    }
    if run("gru32") {
        gru::<32, 96, Gru32<f32>>(rounds, criterion.as_mut());
    }
    if run("gru64") {
        gru::<64, 192, Gru64<f32>>(rounds, criterion.as_mut());
    }
    if run("lstm5") {
        lstm::<5, 20, Lstm5<f32>>(rounds, criterion.as_mut());
    }
    if run("lstm12") {
        lstm::<12, 48, Lstm12<f32>>(rounds, criterion.as_mut());
    }
    if run("lstm20") {
        lstm::<20, 80, Lstm20<f32>>(rounds, criterion.as_mut());
    }
    if run("lstm33") {
        lstm::<33, 132, Lstm33<f32>>(rounds, criterion.as_mut());
    }
    if run("gru5") {
        gru::<5, 15, Gru5<f32>>(rounds, criterion.as_mut());
    }
    if run("gru12") {
        gru::<12, 36, Gru12<f32>>(rounds, criterion.as_mut());
    }
    if run("gru20") {
        gru::<20, 60, Gru20<f32>>(rounds, criterion.as_mut());
    }
    if run("gru33") {
        gru::<33, 99, Gru33<f32>>(rounds, criterion.as_mut());
    }
    if run("conv4") {
        conv_stack(rounds, criterion.as_mut());
    }
    if let Some(c) = criterion {
        c.final_summary();
    }
}
