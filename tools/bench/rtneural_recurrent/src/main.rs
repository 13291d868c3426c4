//! typenet's side of `tools/bench/rtneural_recurrent.sh`: the `network!` types of
//! `benches/recurrent.rs` (LSTM(h) → Dense(1) and GRU(h) → Dense(1), h = 8, 16, 32, 64, and
//! the 4-layer Conv1D(16, kernel 3, dilation 1, 2, 4, 8) stack), with that bench's weights,
//! stepped over a tenth of a second of its input signal (4,800 samples, computed beforehand).
//! Prints `name<TAB>ns per sample`, the fastest of `TYPENET_ROUNDS` (default 5) passes;
//! `TYPENET_ONLY=name` runs that network only (for callgrind, `tools/bench/recurrent_mix.sh`);
//! `TYPENET_CHECK=1` prints a few outputs instead, for comparing with RTNeural
//! (`tools/bench/rtneural_recurrent/harness.cpp` does the same on its side).

use std::hint::black_box;
use std::time::Instant;

use typenet::nalgebra::SVector;
use typenet::{Parameters, Recurrent, network};

network! {
    struct Lstm8: 1 => LSTM(8) => Dense(1)
    struct Lstm16: 1 => LSTM(16) => Dense(1)
    struct Lstm32: 1 => LSTM(32) => Dense(1)
    struct Lstm64: 1 => LSTM(64) => Dense(1)
    struct Gru8: 1 => GRU(8) => Dense(1)
    struct Gru16: 1 => GRU(16) => Dense(1)
    struct Gru32: 1 => GRU(32) => Dense(1)
    struct Gru64: 1 => GRU(64) => Dense(1)
    struct Conv4: 1 => Conv1D(16, kernel = 3) => Conv1D(16, kernel = 3, dilation = 2)
        => Conv1D(16, kernel = 3, dilation = 4) => Conv1D(16, kernel = 3, dilation = 8)
}

const RATE: usize = 48_000;
const ROUND: usize = RATE / 10;

/// benches/recurrent.rs's deterministic weights in (−s, s).
fn weights(n: usize, salt: u64, s: f64) -> Vec<f32> {
    (0..n)
        .map(|k| {
            let mut z = (k as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ salt;
            z = (z ^ (z >> 31)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            (((z >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0) * s) as f32
        })
        .collect()
}

/// benches/recurrent.rs's input: a 440 Hz sine with some of its third harmonic.
fn signal(t: usize) -> f32 {
    let p = t as f32 * (440.0 * 2.0 * std::f32::consts::PI / RATE as f32);
    0.6 * p.sin() + 0.2 * (3.0 * p).sin()
}

/// Recurrent layer (salt `salt`, scale 0.5), then Dense(1) (salt `salt + 1`, bias 0.1): the
/// bench's weights in `state_dict` order.
fn recurrent<N: Recurrent<f32>>(salt: u64, hidden: usize) -> N {
    let mut flat = weights(N::PARAMS - hidden - 1, salt, 0.5);
    flat.extend(weights(hidden, salt + 1, 0.5));
    flat.push(0.1);
    N::from_params(&flat).expect("sizes")
}

/// Four Conv1d layers, salts 5 to 8, bound 1/√(in · kernel).
fn conv4() -> Conv4<f32> {
    let mut flat = weights(16 * 4, 5, 1.0 / 3f64.sqrt());
    for salt in 6..9 {
        flat.extend(weights(16 * 49, salt, 1.0 / 48f64.sqrt()));
    }
    Conv4::from_params(&flat).expect("sizes")
}

fn run<N>(name: &str, net: &N, xs: &[f32], out: impl Fn(&N::Output) -> f32, rounds: usize)
where
    N: Recurrent<f32, Input = SVector<f32, 1>>,
{
    if std::env::var("TYPENET_ONLY").is_ok_and(|only| only != name) {
        return;
    }
    let mut state = N::State::default();
    if std::env::var("TYPENET_CHECK").as_deref() == Ok("1") {
        let ys: Vec<String> = xs
            .iter()
            .map(|x| out(&net.step(&mut state, &SVector::from([*x]))))
            .enumerate()
            .filter(|(n, _)| [0, 1, 10, 100, 1000, ROUND - 1].contains(n))
            .map(|(_, y)| format!("{y:.6}"))
            .collect();
        println!("check {name} {}", ys.join(" "));
        return;
    }
    let mut best = f64::INFINITY;
    for _ in 0..rounds {
        let t = Instant::now();
        let mut s = 0.0f32;
        for x in xs {
            s += out(&net.step(&mut state, &SVector::from([black_box(*x)])));
        }
        black_box(s);
        best = best.min(t.elapsed().as_nanos() as f64 / xs.len() as f64);
    }
    println!("{name}\t{best:.1}");
}

fn main() {
    let rounds = std::env::var("TYPENET_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let xs: Vec<f32> = (0..ROUND).map(signal).collect();
    let one = |y: &SVector<f32, 1>| y[0];
    run("lstm8", &recurrent::<Lstm8<f32>>(1, 8), &xs, one, rounds);
    run("lstm16", &recurrent::<Lstm16<f32>>(1, 16), &xs, one, rounds);
    run("lstm32", &recurrent::<Lstm32<f32>>(1, 32), &xs, one, rounds);
    run("lstm64", &recurrent::<Lstm64<f32>>(1, 64), &xs, one, rounds);
    run("gru8", &recurrent::<Gru8<f32>>(3, 8), &xs, one, rounds);
    run("gru16", &recurrent::<Gru16<f32>>(3, 16), &xs, one, rounds);
    run("gru32", &recurrent::<Gru32<f32>>(3, 32), &xs, one, rounds);
    run("gru64", &recurrent::<Gru64<f32>>(3, 64), &xs, one, rounds);
    run(
        "conv4",
        &conv4(),
        &xs,
        |y: &SVector<f32, 16>| y.sum(),
        rounds,
    );
}
