//! Issue 21: the int8 forward pass against the `f32` one on the host, for the digits network
//! (64 → 32 ReLU → 10 softmax, the committed trained network and its twin) and for
//! 784 → 128 ReLU → 10 (seeded random weights, quantized with 64 random calibration inputs).
//!
//! `cargo bench --bench int8`. Per network, 41 rounds; each round times the `f32` forward and the
//! int8 forward (in alternating order) over the same inputs, 2,000 (digits) or 200 (784) calls
//! each. Prints the fastest ns per call of each and the median and range of the per-round ratio
//! int8 / f32 (below 1: int8 faster), which is what a noisy shared machine can compare.
//! The `f32` input is taken as given and the int8 one as already quantized, as each would arrive
//! from its own sensor path.

use std::hint::black_box;
use std::time::Instant;

use typenet::prelude::*;
use typenet::rand_core::{Rng, SeedableRng};
use typenet::rand_pcg::Pcg64;

#[path = "../examples/support/digits.rs"]
mod digits;

use digits::{Digits, DigitsQuantized};

// Generated (as `write_rust` writes them): not for rustfmt.
#[rustfmt::skip]
mod committed {
    use super::{Digits, DigitsQuantized};
    include!("../tests/data/int8/digits_q.rs");
    include!("../tests/data/int8/digits_f32.rs");
}

network! {
    /// The large network of issue 7.
    pub struct Mnist: 784 => Dense(128, ReLU) => Dense(10)
}

const ROUNDS: usize = 41;

/// ns per call of `f` over `iters` calls.
fn time(iters: usize, mut f: impl FnMut(usize)) -> f64 {
    let t = Instant::now();
    for k in 0..iters {
        f(k);
    }
    t.elapsed().as_nanos() as f64 / iters as f64
}

/// Runs the paired rounds and prints one line.
fn compare(
    name: &str,
    iters: usize,
    mut f32_call: impl FnMut(usize),
    mut i8_call: impl FnMut(usize),
) {
    let (mut best_f, mut best_q) = (f64::MAX, f64::MAX);
    let mut ratios = Vec::with_capacity(ROUNDS);
    for round in 0..ROUNDS {
        let (f, q) = if round % 2 == 0 {
            let f = time(iters, &mut f32_call);
            (f, time(iters, &mut i8_call))
        } else {
            let q = time(iters, &mut i8_call);
            (time(iters, &mut f32_call), q)
        };
        best_f = best_f.min(f);
        best_q = best_q.min(q);
        ratios.push(q / f);
    }
    ratios.sort_by(f64::total_cmp);
    println!(
        "{name:<12} f32 {best_f:>9.1} ns  int8 {best_q:>9.1} ns  (fastest)  int8/f32 median {:.3} [{:.3}, {:.3}] over {ROUNDS} rounds",
        ratios[ROUNDS / 2],
        ratios[0],
        ratios[ROUNDS - 1]
    );
}

fn main() {
    // Digits: the test images and their quantized forms.
    let samples = digits::load();
    let xs: Vec<SVector<f32, 64>> = samples.iter().take(256).map(|s| s.0).collect();
    let qs: Vec<[i8; 64]> = xs
        .iter()
        .map(|x| committed::DIGITS_Q.quantize_input(x))
        .collect();
    let net: &Digits<f32> = &committed::DIGITS_F32;
    let q: &DigitsQuantized = &committed::DIGITS_Q;
    compare(
        "64-32-10",
        2000,
        |k| {
            black_box(net.forward(black_box(&xs[k % xs.len()])));
        },
        |k| {
            black_box(q.forward(black_box(&qs[k % qs.len()])));
        },
    );

    // 784-128-10, random weights and inputs in [0, 1).
    let mut rng = Pcg64::seed_from_u64(21);
    let mut big = Mnist::<f32>::boxed_zeros();
    big.init(&mut rng);
    let xs: Vec<SVector<f32, 784>> = (0..64)
        .map(|_| SVector::<f32, 784>::from_fn(|_, _| (rng.next_u32() >> 8) as f32 / 16_777_216.0))
        .collect();
    let bq = Box::new(big.quantize(&xs).expect("finite calibration"));
    let qs: Vec<[i8; 784]> = xs.iter().map(|x| bq.quantize_input(x)).collect();
    compare(
        "784-128-10",
        200,
        |k| {
            black_box(big.forward(black_box(&xs[k % xs.len()])));
        },
        |k| {
            black_box(bq.forward(black_box(&qs[k % qs.len()])));
        },
    );
}
