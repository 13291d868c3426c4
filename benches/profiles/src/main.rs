//! A few typenet kernels timed from a crate that depends on typenet, so that the build profile
//! is the user's (issue 17: with `codegen-units = 1` the batched forward pass once took 40× as
//! long). Prints one line per benchmark, `name<TAB>nanoseconds per call`, the fastest of
//! `TYPENET_REPS` (default 20) repetitions of `TYPENET_CALLS` (default 10) calls, after one
//! repetition to warm up (`TYPENET_REPS=0`: only that one, for instruction counts).
//! `TYPENET_MIN_NS=<ns>` doubles the calls per repetition until one lasts that long (default 0:
//! `TYPENET_CALLS` as given; `tools/bench/bench_profiles.sh` sets 2000).
//! `TYPENET_INLINE=1` inlines each timed call into its loop (default: an indirect call).
//! `TYPENET_ONLY=<substring>` (or `=<name>`, exactly) picks benchmarks. Besides the dense networks
//! and Adam, it times the recurrent step (LSTM(16) → Dense(1), GRU(16) → Dense(1), issue 20) and
//! the int8 forward of the committed digits network (issue 21).
//!
//! Run through `tools/bench/bench_profiles.sh`, which builds this crate under four profiles and runs
//! the builds in turns. `tools/bench/rtneural.sh` runs its `N1`…`N4` lines against RTNeural's
//! (`tools/bench/rtneural/harness.cpp`: the same weights and inputs); `TYPENET_CHECK=1` prints
//! those four networks' outputs instead, for the script to compare; `TYPENET_CHECK=bits` prints
//! N1–N3's output bits on 256 inputs, to compare two builds bit for bit.

use std::hint::black_box;
use std::time::Instant;

use typenet::CacheAligned;
use typenet::nalgebra::{Const, Dyn, OMatrix, SVector};
use typenet::optim::{Adam, AdamConfig};
use typenet::prelude::*;

network! {
    /// The network.
    pub struct Mnist: 784 => Dense(128, ReLU) => Dense(10); loss = MSE
}

network! {
    /// A small network, whose layers are below most kernels' thresholds (N3 of issue 17).
    pub struct Small: 16 => Dense(32, Tanh) => Dense(32, Tanh) => Dense(4); loss = MSE
}

network! {
    /// N1 of issue 17 (the seed's network).
    pub struct N1: 2 => Dense(2, Sigmoid) => Dense(2, Sigmoid); loss = MSE
}

network! {
    /// N2 of issue 17.
    pub struct N2: 2 => Dense(8, Tanh) => Dense(1, Sigmoid); loss = MSE
}

network! {
    /// The recurrent step of issue 20 (`benches/recurrent.rs`): LSTM(16) → Dense(1).
    pub struct Lstm16: 1 => LSTM(16) => Dense(1)
    /// GRU(16) → Dense(1).
    pub struct Gru16: 1 => GRU(16) => Dense(1)
}

network! {
    /// The int8 digits network of issue 21 (`examples/support/digits.rs`).
    pub struct Digits: 64 => Dense(32, ReLU) => Dense(10, Softmax); loss = CrossEntropy
}

// The committed int8 digits network (issue 21), as `write_rust` wrote it: not for rustfmt.
#[rustfmt::skip]
mod committed {
    use super::DigitsQuantized;
    include!("../../../tests/data/int8/digits_q.rs");
}

const BATCH: usize = 64;

/// A deterministic value in [−1, 1) for index `i` (a multiplicative hash).
fn value(i: usize) -> f32 {
    let h = (i as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 40;
    (h as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
}

/// Fills a network's parameters with small deterministic values.
fn fill<N: Flat<f32>>(net: &mut N, scale: f32) {
    for (i, p) in net.as_mut_slice().iter_mut().enumerate() {
        *p = value(i) * scale;
    }
}

/// The fastest of `reps` repetitions of `calls` calls of `f`, in nanoseconds per call, after one
/// repetition to warm up. `f` is called from one place only, so that it is inlined into the loop.
/// With `min_ns` > 0, `calls` doubles after the warm-up until one repetition lasts `min_ns`.
fn best(reps: usize, mut calls: usize, min_ns: u128, mut f: impl FnMut()) -> f64 {
    let mut best = f64::INFINITY;
    // NOTE: the clock ticks in tens of nanoseconds on this VM: 10 calls of a 15 ns pass read
    // as 15.0 or 16.0 ns, a 7 % step.
    while min_ns > 0 && calls < 1 << 20 {
        let t = Instant::now();
        for _ in 0..calls {
            f();
        }
        if t.elapsed().as_nanos() >= min_ns {
            break;
        }
        calls *= 2;
    }
    for r in 0..=reps {
        let t = Instant::now();
        for _ in 0..calls {
            f();
        }
        if r > 0 {
            best = best.min(t.elapsed().as_nanos() as f64 / calls as f64);
        }
    }
    best
}

/// The sum of `w` (a multiple of 64 values) in 64 lanes, added lane by lane, which LLVM
/// vectorises without reordering: a read of `w` at the rate the caches give, N4's ceiling.
#[inline(always)]
fn stream_sum(w: &[f32]) -> f32 {
    let mut acc = [[0.0f32; 8]; 8];
    for c in w.chunks_exact(64) {
        for (a, v) in acc.iter_mut().zip(c.chunks_exact(8)) {
            for (s, x) in a.iter_mut().zip(v) {
                *s += x;
            }
        }
    }
    acc.iter().flatten().sum()
}

/// Which benchmarks to run (`TYPENET_ONLY`) and how long.
struct Bench {
    only: String,
    inline: bool,
    reps: usize,
    calls: usize,
    min_ns: u128,
}

impl Bench {
    /// Prints `name<TAB>ns` if `name` is picked. By default the timed closure is called through
    /// `&mut dyn FnMut` (an indirect call per pass, as in every earlier measurement); with
    /// `TYPENET_INLINE=1` it is inlined into [`best`]'s loop, as RTNeural's harness (a template)
    /// inlines its forward pass. Not inlined itself, so that each benchmark's loop is a function
    /// of its own. The N1–N4 closures are `#[inline(always)]`: the `dyn` branch keeps each
    /// closure as a function of its own, and LLVM stopped inlining N2's into the loop once its
    /// `forward` held a run-time check (callgrind: a call per pass and the tanh's constants
    /// loaded every pass, 93 instructions against 76 inlined, x86-64-v3).
    #[inline(never)]
    fn run<F: FnMut()>(&self, name: &str, mut f: F) {
        let picked = match self.only.strip_prefix('=') {
            Some(exact) => name == exact,
            None => name.contains(&self.only),
        };
        if picked {
            let ns = if self.inline {
                // NOTE: `f` itself, not `&mut f`: since `best` calls it from two loops, LLVM
                // kept `&mut F`'s `FnMut` shim out of line (a call per pass; N2 76 → 92
                // instructions, x86-64-v3); the N1–N4 closures are `#[inline(always)]`.
                best(self.reps, self.calls, self.min_ns, f)
            } else {
                best(
                    self.reps,
                    self.calls,
                    self.min_ns,
                    &mut f as &mut dyn FnMut(),
                )
            };
            println!("{name}\t{ns:.1}");
        }
    }
}

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let (reps, calls) = (env("TYPENET_REPS", 20), env("TYPENET_CALLS", 10));
    let only = std::env::var("TYPENET_ONLY").unwrap_or_default();
    let inline = std::env::var("TYPENET_INLINE").is_ok_and(|v| v == "1");
    let bench = Bench {
        only,
        inline,
        reps,
        calls,
        min_ns: env("TYPENET_MIN_NS", 0) as u128,
    };

    let mut mnist = Mnist::<f32>::boxed_zeros();
    fill(&mut *mnist, 0.05);
    let x = OMatrix::<f32, Const<784>, Dyn>::from_fn_generic(Const, Dyn(BATCH), |i, s| {
        ((i * 31 + s * 17) % 97) as f32 / 97.0
    });
    // Issue 17's four networks, one sample each, as RTNeural's harness builds them.
    let mut n1 = N1::<f32>::zeros();
    fill(&mut n1, 0.5);
    let mut n2 = N2::<f32>::zeros();
    fill(&mut n2, 0.5);
    let mut n3 = Small::<f32>::zeros();
    fill(&mut n3, 0.3);
    let x2 = SVector::<f32, 2>::from_fn(|i, _| value(i * 64));
    let x16 = SVector::<f32, 16>::from_fn(|i, _| value(i * 64));
    let x784: SVector<f32, 784> = x.column(0).into_owned();
    if std::env::var("TYPENET_CHECK").is_ok_and(|v| v == "1") {
        let (y1, y2, y3, y4) = (
            n1.forward(&x2),
            n2.forward(&x2),
            n3.forward(&x16),
            mnist.forward(&x784),
        );
        println!("check N1 {:.6} {:.6}", y1[0], y1[1]);
        println!("check N2 {:.6}", y2[0]);
        println!(
            "check N3 {:.6} {:.6} {:.6} {:.6}",
            y3[0], y3[1], y3[2], y3[3]
        );
        println!("check N4 {:.6} {:.6} {:.6}", y4[0], y4[1], y4[9]);
        return;
    }
    // `TYPENET_CHECK=bits`: N1–N3's output bits on 256 inputs in [-4, 4), to compare builds bit
    // for bit (the default build's AVX2 + FMA and AVX-512 forward copies against a native
    // build's forward on the same CPU, issue 17).
    if std::env::var("TYPENET_CHECK").is_ok_and(|v| v == "bits") {
        for s in 0..256 {
            let x2 = SVector::<f32, 2>::from_fn(|i, _| value(s * 17 + i) * 4.0);
            let x16 = SVector::<f32, 16>::from_fn(|i, _| value(s * 17 + i) * 4.0);
            let bits = |y: &[f32]| {
                y.iter()
                    .map(|v| format!("{:08x}", v.to_bits()))
                    .collect::<Vec<_>>()
            };
            println!(
                "{s} {:?} {:?} {:?}",
                bits(n1.forward(&x2).as_slice()),
                bits(n2.forward(&x2).as_slice()),
                bits(n3.forward(&x16).as_slice())
            );
        }
        return;
    }
    bench.run(
        "N1 2-2-2 forward",
        #[inline(always)]
        || {
            black_box(black_box(&n1).forward(black_box(&x2)));
        },
    );
    bench.run(
        "N2 2-8-1 forward",
        #[inline(always)]
        || {
            black_box(black_box(&n2).forward(black_box(&x2)));
        },
    );
    bench.run(
        "N3 16-32-32-4 forward",
        #[inline(always)]
        || {
            black_box(black_box(&n3).forward(black_box(&x16)));
        },
    );
    bench.run(
        "N4 784-128-10 forward",
        #[inline(always)]
        || {
            black_box(black_box(&*mnist).forward(black_box(&x784)));
        },
    );
    // N4's ceiling: one plain read of its first layer's 100,352 weights (401 KB, from L2 as in
    // its forward pass), the same row as RTNeural's harness prints.
    // N4 on a cache line's boundary, as RTNeural's Eigen matrices are (and its harness's input):
    // `CacheAligned`. The row above keeps the `boxed_zeros` box (16 bytes past a line here).
    let mut mnist64 = CacheAligned::<Mnist<f32>>::boxed_zeros();
    fill(&mut mnist64.0, 0.05);
    let x784a = CacheAligned(x784);
    bench.run(
        "N4 784-128-10 forward, CacheAligned",
        #[inline(always)]
        || {
            black_box(black_box(&mnist64.0).forward(black_box(&x784a.0)));
        },
    );
    bench.run(
        "N4 ceiling: read 401 KB",
        #[inline(always)]
        || {
            black_box(stream_sum(black_box(&*mnist).layer1.weight.as_slice()));
        },
    );
    let mut y = OMatrix::<f32, Const<10>, Dyn>::zeros_generic(Const, Dyn(BATCH));
    let mut scratch = vec![0.0; Mnist::<f32>::batch_scratch_len(BATCH)];
    bench.run("784-128-10 forward_batch(64)", || {
        black_box(&*mnist)
            .forward_batch(black_box(&x), &mut y, &mut scratch)
            .unwrap();
        black_box(&y);
    });

    let x1: SVector<f32, 784> = x.column(0).into_owned();
    let t1 = SVector::<f32, 10>::from_fn(|k, _| if k == 3 { 1.0 } else { 0.0 });
    bench.run("784-128-10 forward", || {
        black_box(black_box(&*mnist).forward(black_box(&x1)));
    });
    bench.run("784-128-10 train_step", || {
        black_box(mnist.train_step(black_box(&x1), &t1, 1e-6).unwrap());
    });

    let t = OMatrix::<f32, Const<10>, Dyn>::from_fn_generic(Const, Dyn(BATCH), |k, s| {
        if k == s % 10 { 1.0 } else { 0.0 }
    });
    let mut grads = MnistGradients::<f32>::boxed_zeros();
    bench.run("784-128-10 train_step_batch(64)", || {
        black_box(
            mnist
                .train_step_batch(black_box(&x), &t, 1e-6, &mut grads, &mut scratch)
                .unwrap(),
        );
    });

    let mut small = Small::<f32>::zeros();
    fill(&mut small, 0.3);
    let xs = OMatrix::<f32, Const<16>, Dyn>::from_fn_generic(Const, Dyn(BATCH), |i, s| {
        value(i * 64 + s)
    });
    let mut ys = OMatrix::<f32, Const<4>, Dyn>::zeros_generic(Const, Dyn(BATCH));
    let mut scratch_s = vec![0.0; Small::<f32>::batch_scratch_len(BATCH)];
    let xs1: SVector<f32, 16> = xs.column(0).into_owned();
    bench.run("16-32-32-4 forward", || {
        black_box(black_box(&small).forward(black_box(&xs1)));
    });
    bench.run("16-32-32-4 forward_batch(64)", || {
        black_box(&small)
            .forward_batch(black_box(&xs), &mut ys, &mut scratch_s)
            .unwrap();
        black_box(&ys);
    });

    // One step of a sequence (issue 20), from a state carried from step to step.
    let mut lstm = Lstm16::<f32>::zeros();
    fill(&mut lstm, 0.3);
    let mut gru = Gru16::<f32>::zeros();
    fill(&mut gru, 0.3);
    let (mut ls, mut gs) = (Default::default(), Default::default());
    let x1s = SVector::<f32, 1>::new(0.25);
    bench.run("LSTM(16)-Dense(1) step", || {
        black_box(black_box(&lstm).step(&mut ls, black_box(&x1s)));
    });
    bench.run("GRU(16)-Dense(1) step", || {
        black_box(black_box(&gru).step(&mut gs, black_box(&x1s)));
    });

    // The int8 forward of the committed digits network (issue 21), one quantized image.
    let q = &committed::DIGITS_Q;
    let image = SVector::<f32, 64>::from_fn(|i, _| value(i).abs());
    let qx = q.quantize_input(&image);
    bench.run("int8 digits 64-32-10 forward", || {
        black_box(black_box(q).forward(black_box(&qx)));
    });

    const N: usize = 100_000;
    let mut params: Vec<f32> = (0..N).map(value).collect();
    let grads: Vec<f32> = (0..N).map(|i| value(i + N) * 1e-2).collect();
    let mut adam = Adam::<f32, Vec<f32>>::with_len(AdamConfig::default(), N).unwrap();
    bench.run("Adam step (100k f32)", || {
        adam.step(&mut params, black_box(&grads)).unwrap();
        black_box(&params);
    });
}
