//! The weight-file reader under mutated input (issue 15): valid files of both versions, cut,
//! bit-flipped, with bytes and tokens inserted, lines and tensors duplicated, swapped or
//! removed, numbers made huge, byte-order marks and invalid UTF-8. No input may panic; a refused
//! file leaves the network exactly as it was; `read_weights` and `read_weights_into` agree; an
//! accepted file holds finite values that write and read back bit for bit.
//!
//! `cargo test` runs a few thousand inputs (CI). For a long run, on one core:
//!
//! ```sh
//! TYPENET_FUZZ_CASES=10000000 cargo test --release --test weights_fuzz -- --test-threads=1 --nocapture
//! ```
//!
//! `TYPENET_FUZZ_SEED` picks another sequence. A failure prints the seed, the case number and
//! the input.

use rand_pcg::Pcg64;
use typenet::export::{WeightFileError, read_weights, read_weights_into, write_weights};
use typenet::prelude::*;
use typenet::rand_core::{Rng, SeedableRng};

network! {
    pub struct Xor: 2 => Dense(2, Sigmoid) => Dense(1, Sigmoid); loss = MSE
    /// Nine parameters too, another architecture.
    pub struct Eight: 8 => Dense(1)
    pub struct Skip: 2 => Dense(3, ReLU) => Residual(Dense(3, ReLU) => Dense(3, bias = false))
        => named: Dense(2); loss = MSE
}

/// Inputs a `cargo test` run tries (the long run sets `TYPENET_FUZZ_CASES`).
const DEFAULT_CASES: u64 = 10_000;

/// Tokens the mutator inserts: the format's own words, numbers at the edges of the scalar
/// types, separators, a byte-order mark.
const TOKENS: &[&str] = &[
    "typenet-weights 1",
    "typenet-weights 2",
    "network Xor",
    "scalar f32",
    "scalar f64",
    "params 9",
    "params 58",
    "tensor",
    "tensor layer1.weight 2 2",
    "tensor layer1.bias 2",
    "tensor layer2.weight 3 3",
    "tensor named.weight 2 3",
    "end",
    "end 9 fnv1a64 ",
    "fnv1a64",
    "0123456789abcdef",
    "ffffffffffffffff",
    "\n",
    "\r\n",
    "\r",
    " ",
    "\t",
    "#",
    "# comment\n",
    "\u{feff}",
    "\u{0}",
    "é",
    "NaN",
    "inf",
    "-inf",
    "1e39",
    "1e309",
    "-0.0",
    "0",
    "1",
    "3.4028235e38",
    "1.7976931348623157e308",
    "4.9e-324",
    "1e-46",
    "99999999999999999999999",
    "18446744073709551615",
    "18446744073709551616",
    "-1",
    "0x10",
    "1_000",
    "+1",
    ".5",
    "5.",
    "e5",
];

/// Valid files to start from: every network in both versions and both scalars, and loosely
/// formatted ones (comments, CRLF, spaces, a byte-order mark).
fn corpus() -> Vec<Vec<u8>> {
    let mut rng = Pcg64::seed_from_u64(1);
    let mut out = Vec::new();
    let mut v2 = |text: &mut String| out.push(std::mem::take(text).into_bytes());
    let mut text = String::new();
    write_weights(&mut text, &Xor::<f32>::random(&mut rng)).unwrap();
    v2(&mut text);
    write_weights(&mut text, &Xor::<f64>::random(&mut rng)).unwrap();
    v2(&mut text);
    write_weights(&mut text, &Eight::<f32>::random(&mut rng)).unwrap();
    v2(&mut text);
    write_weights(&mut text, &Skip::<f32>::random(&mut rng)).unwrap();
    v2(&mut text);
    write_weights(&mut text, &Skip::<f64>::random(&mut rng)).unwrap();
    v2(&mut text);
    // Version 1: the header, scalar and count, then the values of the version 2 files.
    let v1 = |file: &[u8]| -> Vec<u8> {
        let text = std::str::from_utf8(file).unwrap();
        let mut lines = text.lines().filter(|l| {
            !l.starts_with("network ") && !l.starts_with("tensor ") && !l.starts_with("end ")
        });
        let mut out = String::from("typenet-weights 1\n");
        lines.next();
        for l in lines {
            out.push_str(l);
            out.push('\n');
        }
        out.into_bytes()
    };
    let v1s: Vec<Vec<u8>> = out.iter().map(|f| v1(f)).collect();
    let loose = |file: &[u8]| -> Vec<u8> {
        let text = std::str::from_utf8(file).unwrap();
        let mut out = String::from("\u{feff}# written by hand\r\n\r\n");
        for l in text.lines() {
            out.push_str(&format!("  {l}\t\r\n"));
        }
        out.into_bytes()
    };
    let loose: Vec<Vec<u8>> = out.iter().chain(&v1s).map(|f| loose(f)).collect();
    out.extend(v1s);
    out.extend(loose);
    out
}

fn below(rng: &mut Pcg64, n: usize) -> usize {
    if n == 0 {
        0
    } else {
        (rng.next_u64() % n as u64) as usize
    }
}

/// Byte ranges of the lines (without their `\n`).
fn line_ranges(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            out.push((start, i));
            start = i + 1;
        }
    }
    if start < bytes.len() {
        out.push((start, bytes.len()));
    }
    out
}

/// One random change.
fn mutate(rng: &mut Pcg64, file: &mut Vec<u8>) {
    let len = file.len();
    match rng.next_u32() % 14 {
        // Cut the file anywhere (inside a number, a line, a UTF-8 sequence).
        0 => file.truncate(below(rng, len + 1)),
        // Flip one bit.
        1 if len > 0 => {
            let i = below(rng, len);
            file[i] ^= 1 << (rng.next_u32() % 8);
        }
        // Overwrite one byte with anything.
        2 if len > 0 => {
            let i = below(rng, len);
            file[i] = rng.next_u32() as u8;
        }
        // Insert a token.
        3 => {
            let t = TOKENS[below(rng, TOKENS.len())].as_bytes();
            let i = below(rng, len + 1);
            file.splice(i..i, t.iter().copied());
        }
        // Insert random bytes.
        4 => {
            let i = below(rng, len + 1);
            let n = 1 + below(rng, 8);
            let bytes: Vec<u8> = (0..n).map(|_| rng.next_u32() as u8).collect();
            file.splice(i..i, bytes);
        }
        // Delete a range.
        5 if len > 0 => {
            let i = below(rng, len);
            let n = 1 + below(rng, 16.min(len - i));
            file.drain(i..i + n);
        }
        // Whole lines: remove, duplicate, swap, replace with a token.
        6..=9 => {
            let lines = line_ranges(file);
            if lines.is_empty() {
                return;
            }
            let (a0, a1) = lines[below(rng, lines.len())];
            let (b0, b1) = lines[below(rng, lines.len())];
            let line_a = file[a0..a1].to_vec();
            let line_b = file[b0..b1].to_vec();
            match rng.next_u32() % 4 {
                0 => {
                    file.drain(a0..(a1 + 1).min(len));
                }
                1 => {
                    let mut dup = line_a;
                    dup.push(b'\n');
                    file.splice(b0..b0, dup);
                }
                2 if a0 < b0 && a1 < b0 => {
                    file.splice(b0..b1, line_a);
                    file.splice(a0..a1, line_b);
                }
                _ => {
                    let t = TOKENS[below(rng, TOKENS.len())].as_bytes();
                    file.splice(a0..a1, t.iter().copied());
                }
            }
        }
        // Duplicate a tensor: a `tensor` line and the lines after it, up to the next one.
        10 => {
            let lines = line_ranges(file);
            let heads: Vec<usize> = (0..lines.len())
                .filter(|&k| file[lines[k].0..lines[k].1].starts_with(b"tensor"))
                .collect();
            if heads.is_empty() {
                return;
            }
            let h = heads[below(rng, heads.len())];
            let end = (h + 1..lines.len())
                .find(|&k| {
                    let l = &file[lines[k].0..lines[k].1];
                    l.starts_with(b"tensor") || l.starts_with(b"end")
                })
                .unwrap_or(lines.len());
            let (from, to) = (lines[h].0, lines[end - 1].1);
            let mut block = file[from..to].to_vec();
            block.push(b'\n');
            let at = lines[below(rng, lines.len())].0;
            file.splice(at..at, block);
        }
        // A number made huge, tiny or odd, or a dimension changed.
        11 | 12 => {
            let lines = line_ranges(file);
            if lines.is_empty() {
                return;
            }
            let (a0, a1) = lines[below(rng, lines.len())];
            let line = String::from_utf8_lossy(&file[a0..a1]).into_owned();
            let words: Vec<&str> = line.split(' ').collect();
            let w = below(rng, words.len());
            let replacement = match rng.next_u32() % 5 {
                0 => TOKENS[below(rng, TOKENS.len())].to_string(),
                1 => format!("{}", rng.next_u64()),
                2 => format!("{:e}", f64::from_bits(rng.next_u64())),
                3 => format!("{}", below(rng, 5)),
                _ => "9".repeat(1 + below(rng, 400)),
            };
            let mut words: Vec<String> = words.iter().map(|s| s.to_string()).collect();
            words[w] = replacement;
            file.splice(a0..a1, words.join(" ").into_bytes());
        }
        // A byte-order mark at the start (or a broken one).
        _ => {
            let bom: &[u8] = match rng.next_u32() % 3 {
                0 => b"\xef\xbb\xbf",
                1 => b"\xef\xbb",
                _ => b"\xfe\xff",
            };
            file.splice(0..0, bom.iter().copied());
        }
    }
}

/// Every check for one network type on one input.
fn check<T: Scalar, N: Network<T> + PartialEq + core::fmt::Debug>(text: &str) -> bool {
    let sentinel = N::filled(T::lit(7.0));
    let read = read_weights::<T, N>(text);
    let mut into = sentinel.clone();
    let result = read_weights_into(text, &mut into);
    match (&read, result) {
        (Ok(net), Ok(())) => {
            assert!(net.params().iter().all(|v| v.is_finite()));
            assert!(
                *net == into,
                "read_weights and read_weights_into read different values"
            );
            let mut again = String::new();
            write_weights(&mut again, net).unwrap();
            let back: N = read_weights(&again).unwrap();
            let bits = |n: &N| {
                n.params()
                    .iter()
                    .map(|v| v.to_f64().to_bits())
                    .collect::<Vec<_>>()
            };
            assert_eq!(
                bits(&back),
                bits(net),
                "an accepted file did not round-trip"
            );
            true
        }
        (Err(a), Err(b)) => {
            assert_eq!(
                *a, b,
                "read_weights and read_weights_into refuse differently"
            );
            assert!(into == sentinel, "a refused file changed the network");
            let _ = a.to_string();
            false
        }
        _ => panic!("read_weights and read_weights_into disagree: {read:?} / {result:?}"),
    }
}

#[derive(Default, Debug)]
struct Tally {
    inputs: u64,
    not_utf8: u64,
    accepted: u64,
}

fn one_input(bytes: &[u8], tally: &mut Tally) {
    tally.inputs += 1;
    // What `load_weights` does: a file that is not UTF-8 is refused before parsing. The
    // readers still see its lossy decoding (replacement characters in place of the bad bytes).
    let lossy;
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(_) => {
            tally.not_utf8 += 1;
            lossy = String::from_utf8_lossy(bytes);
            &lossy
        }
    };
    let accepted = check::<f32, Xor<f32>>(text) as u64
        + check::<f64, Xor<f64>>(text) as u64
        + check::<f32, Eight<f32>>(text) as u64
        + check::<f32, Skip<f32>>(text) as u64
        + check::<f64, Skip<f64>>(text) as u64;
    // A file is for one architecture and one scalar type (Xor and Eight share version 1).
    assert!(accepted <= 2, "one file accepted by {accepted} networks");
    tally.accepted += u64::from(accepted > 0);
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn mutated_weight_files_never_panic_and_refusals_change_nothing() {
    let cases = env_u64("TYPENET_FUZZ_CASES", DEFAULT_CASES);
    let seed = env_u64("TYPENET_FUZZ_SEED", 15);
    let corpus = corpus();
    let mut tally = Tally::default();
    // The corpus itself is valid.
    for file in &corpus {
        one_input(file, &mut tally);
    }
    assert_eq!(tally.accepted, corpus.len() as u64);
    let mut rng = Pcg64::seed_from_u64(seed);
    let start = std::time::Instant::now();
    for case in 0..cases {
        let mut file = corpus[below(&mut rng, corpus.len())].clone();
        for _ in 0..1 + below(&mut rng, 4) {
            mutate(&mut rng, &mut file);
        }
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            one_input(&file, &mut tally)
        }));
        if let Err(e) = outcome {
            eprintln!(
                "seed {seed}, case {case}: input {:?}",
                String::from_utf8_lossy(&file)
            );
            std::panic::resume_unwind(e);
        }
    }
    println!(
        "{} inputs ({} mutated, seed {seed}), 0 panics, {} not UTF-8, {} accepted, {:.1?}",
        tally.inputs,
        cases,
        tally.not_utf8,
        tally.accepted,
        start.elapsed()
    );
    // The mutations reach past the header: some mutated files are still accepted (a changed
    // comment, a value whose checksum-free version 1 file stays valid), most are refused.
    if cases >= 1000 {
        assert!(tally.accepted > corpus.len() as u64);
        assert!(tally.accepted < tally.inputs / 2);
    }
}

/// The error kinds the mutations reach, so the fuzzing is known to exercise every check.
#[test]
fn the_mutations_reach_every_kind_of_refusal() {
    use std::collections::BTreeSet;
    let corpus = corpus();
    let mut rng = Pcg64::seed_from_u64(99);
    let mut kinds = BTreeSet::new();
    for _ in 0..20_000 {
        let mut file = corpus[below(&mut rng, corpus.len())].clone();
        mutate(&mut rng, &mut file);
        if let Ok(text) = std::str::from_utf8(&file) {
            for e in [
                read_weights::<f32, Xor<f32>>(text).err(),
                read_weights::<f32, Skip<f32>>(text).err(),
            ]
            .into_iter()
            .flatten()
            {
                kinds.insert(kind(&e));
            }
        }
    }
    let all = [
        "Header",
        "NetworkLine",
        "Scalar",
        "ParamsLine",
        "ParamCount",
        "TooFewValues",
        "TooManyValues",
        "NotANumber",
        "NonFinite",
        "TensorLine",
        "TensorName",
        "TensorShape",
        "TensorValues",
        "MissingTensor",
        "ExtraTensor",
        "Truncated",
        "EndLine",
        "Checksum",
        "AfterEnd",
    ];
    let missing: Vec<&str> = all
        .iter()
        .copied()
        .filter(|k| !kinds.contains(*k))
        .collect();
    assert!(
        missing.is_empty(),
        "never reached: {missing:?} (reached {kinds:?})"
    );
}

/// The variant's name: `TensorShape` for `TensorShape { … }`.
fn kind(e: &WeightFileError) -> String {
    let debug = format!("{e:?}");
    debug
        .split([' ', '{'])
        .next()
        .unwrap_or_default()
        .to_string()
}
