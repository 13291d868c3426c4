//! The accuracy contract of `typenet_runtime::math`, measured.
//!
//! - `f32`: every finite `f32` input (all 4,278,190,080 of them), against a reference computed in
//!   `f64`: typenet's `f64` functions (≤ 3 `f64` ulp as measured below, i.e. < 2⁻²⁶ `f32` ulp;
//!   fast enough to run in minutes), or with `--libm` std's (~1 `f64` ulp, much slower).
//! - `f64`: 1.6·10⁷ inputs (8·10⁶ uniform over the bit patterns of finite doubles, i.e.
//!   log-uniform over the whole range, both signs; 4·10⁶ uniform in [−50, 50]; 2·10⁶ in [−1, 1];
//!   2·10⁶ around the saturation and overflow thresholds), against double-double references
//!   (≈ 106 bits, `dd.rs`).
//!
//! The error is |y − v| / ulp(v) for the exact value v: ulp(v) = 2^(⌊log₂|v|⌋ − 23) for `f32`
//! (− 52 for `f64`), and the subnormal spacing 2⁻¹⁴⁹ (2⁻¹⁰⁷⁴) for |v| below the smallest normal.
//! A result that should overflow must be ±∞ and NaN must match NaN; a violation is reported as ∞.
//!
//! Run (release, uses every core unless `--threads N`):
//!
//! ```text
//! cargo run --release -p typenet-accuracy -- f32            # exhaustive, minutes
//! cargo run --release -p typenet-accuracy -- f32 --sample 10000000 [--libm] [--only mish]
//! cargo run --release -p typenet-accuracy -- f64 [--sample N]
//! cargo run --release -p typenet-accuracy -- reference --sample 3000 | python3 tools/accuracy/check_reference.py
//! ```
//!
//! The last line checks the double-double references themselves against mpmath (200 bits).
//!
//! The cost side of the contract, instructions per 8 AVX2 lanes of `exp`, `tanh` and `sigmoid`,
//! is `tools/accuracy/instructions.sh` (callgrind over `src/bin/map_cost.rs`); the `f32`
//! coefficients of e^r − 1 come from `tools/accuracy/fit_expm1.py`.
//!
//! It prints one Markdown table (function, maximum error in ulp, where it occurs, share of
//! inputs above 1 ulp) that `runtime/src/math/mod.rs` and the README quote.
//!
//! `exp`, `exp_m1`, `tanh` and `sigmoid` have a second row, `(f32: fused)`: their fused flavour
//! (`math::f32::fused`, every multiply-add rounded once), run in an AVX2 + FMA instantiation
//! where the CPU has them (elsewhere the same results, slowly, through libm's `fmaf`). The plain
//! rows measure the public functions as this tool is built: unfused by default, the fused flavour
//! in a build for FMA (`RUSTFLAGS="-C target-cpu=native"`), so measure with default flags.
//! One at a time: `--only "tanh (f32: fused)"`.
//!
//! The narrow-layer sigmoid has three rows: `sigmoid_narrow` as the target this tool is built
//! for resolves it (the `f64` table on x86, x86-64 and AArch64, `f32` `sigmoid` elsewhere; the
//! row's name says which), and the table variant explicitly, with FMA where the CPU has it and
//! without. To measure another architecture's variant, build and run the tool for it (e.g.
//! `--target armv7-unknown-linux-gnueabihf` under qemu-user).

mod dd;

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use dd::DD;
use typenet_runtime::math;

/// How many functions are measured.
const FUNCS: usize = 16;

/// The row of `math::f32::sigmoid_narrow` itself: whichever variant the target this tool is
/// built for uses (`math::f32::NARROW_TABLE`; issue 22), named after it.
const NARROW_AS_BUILT: &str = if math::f32::NARROW_TABLE {
    "sigmoid, narrow layers (f32: as built for this target = table)"
} else {
    "sigmoid, narrow layers (f32: as built for this target = sigmoid)"
};

const NAMES: [&str; FUNCS] = [
    "exp",
    "exp_m1",
    "tanh",
    "sigmoid",
    "softplus",
    "log_sigmoid",
    "swish",
    "mish",
    "ELU (α = 1)",
    NARROW_AS_BUILT,
    "sigmoid, narrow layers (f32: table, FMA if the CPU has it)",
    "sigmoid, narrow layers (f32: table, no FMA)",
    "exp (f32: fused)",
    "exp_m1 (f32: fused)",
    "tanh (f32: fused)",
    "sigmoid (f32: fused)",
];

/// Per function: the largest error, its input, and how many inputs were above 1 ulp.
#[derive(Clone, Copy)]
struct Stat {
    max: f64,
    at: f64,
    above1: u64,
}

impl Stat {
    const ZERO: Stat = Stat {
        max: 0.0,
        at: 0.0,
        above1: 0,
    };
    #[inline(always)]
    fn add(&mut self, err: f64, x: f64) {
        if err > self.max || err.is_nan() {
            self.max = if err.is_nan() { f64::INFINITY } else { err };
            self.at = x;
        }
        if err > 1.0 || err.is_nan() {
            self.above1 += 1;
        }
    }
    fn merge(&mut self, o: &Stat) {
        if o.max > self.max {
            self.max = o.max;
            self.at = o.at;
        }
        self.above1 += o.above1;
    }
}

// ---------------------------------------------------------------------------------------------
// f32

/// ulp of the exact value v as an `f32` would hold it.
#[inline(always)]
fn ulp32(v: f64) -> f64 {
    // 2^(e − 23) for v in [2ᵉ, 2ᵉ⁺¹), at least 2⁻¹⁴⁹: the exponent bits of v minus 23, as an f64.
    let e = ((v.to_bits() >> 52) & 0x7ff).max(1023 - 126);
    f64::from_bits((e - 23) << 52)
}

/// Error in ulp of y against v (∞ for a wrong overflow or NaN).
#[inline(always)]
fn err32(y: f32, v: f64) -> f64 {
    if v.is_nan() || y.is_nan() {
        return if v.is_nan() && y.is_nan() {
            0.0
        } else {
            f64::INFINITY
        };
    }
    // v rounds to ±∞ in f32 at or above MAX + ½ulp(MAX) = 2¹²⁸ − 2¹⁰³.
    let overflow = (v.abs() >= dd::pow2(128) - dd::pow2(103)) || v.is_infinite();
    if overflow || y.is_infinite() {
        let ok = overflow && y.is_infinite() && (y > 0.0) == (v > 0.0);
        return if ok { 0.0 } else { f64::INFINITY };
    }
    (y as f64 - v).abs() / ulp32(v)
}

fn sigmoid64(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

fn softplus64(x: f64) -> f64 {
    if x > 0.0 {
        x + (-x).exp().ln_1p()
    } else {
        x.exp().ln_1p()
    }
}

/// The references: by default typenet's own `f64` functions, whose error (≤ 3 ulp of an `f64`
/// as the `f64` mode measures against double-double; `check_reference.py` checks those against
/// mpmath) is below 2⁻²⁶ of an `f32` ulp, and which vectorise, so the 4.3·10⁹ inputs take
/// minutes; with `--libm` std's `f64` functions (slower).
/// One function over a batch and its reference: generic, so that both are inlined into their
/// loops and run as vector code (through a function pointer each call costs ~50 ns).
#[inline(always)]
fn check32_one(
    xs: &[f32],
    f: impl Fn(f32) -> f32,
    r: impl Fn(f64) -> f64,
    y: &mut [f32],
    v: &mut [f64],
    stat: &mut Stat,
) {
    for (yi, &x) in y.iter_mut().zip(xs) {
        *yi = f(x);
    }
    for (vi, &x) in v.iter_mut().zip(xs) {
        *vi = r(x as f64);
    }
    for ((&x, &yi), &vi) in xs.iter().zip(y.iter()).zip(v.iter()) {
        if x.is_finite() {
            stat.add(err32(yi, vi), x as f64);
        }
    }
}

/// Checks a batch of inputs (non-finite ones are skipped).
fn check32_batch(xs: &[f32], libm: bool, only: Option<&str>, stats: &mut [Stat; FUNCS]) {
    let mut y = vec![0f32; xs.len()];
    let mut v = vec![0f64; xs.len()];
    macro_rules! run {
        ($($k:literal: $f:expr, $fast:expr, $libm:expr;)*) => {$(
            if only.is_some_and(|o| o != NAMES[$k]) {
                // skipped (`--only`)
            } else if libm {
                check32_one(xs, $f, $libm, &mut y, &mut v, &mut stats[$k]);
            } else {
                check32_one(xs, $f, $fast, &mut y, &mut v, &mut stats[$k]);
            }
        )*};
    }
    run! {
        0: math::f32::exp, math::f64::exp, f64::exp;
        1: math::f32::exp_m1, math::f64::exp_m1, f64::exp_m1;
        2: math::f32::tanh, math::f64::tanh, f64::tanh;
        3: math::f32::sigmoid, math::f64::sigmoid, sigmoid64;
        4: math::f32::softplus, math::f64::softplus, softplus64;
        5: math::f32::log_sigmoid, math::f64::log_sigmoid, |x: f64| -softplus64(-x);
        6: math::f32::swish, math::f64::swish, |x: f64| x * sigmoid64(x);
        7: math::f32::mish, math::f64::mish, |x: f64| x * softplus64(x).tanh();
        8: |x| math::f32::elu(x, 1.0), |x| math::f64::elu(x, 1.0),
            |x: f64| if x < 0.0 { x.exp_m1() } else { x };
        9: math::f32::sigmoid_narrow, math::f64::sigmoid, sigmoid64;
        10: math::f32::sigmoid_narrow_table, math::f64::sigmoid, sigmoid64;
        11: math::f32::sigmoid_narrow_no_fma, math::f64::sigmoid, sigmoid64;
    }
    if (12..FUNCS).all(|k| only.is_some_and(|o| o != NAMES[k])) {
        return;
    }
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
        // SAFETY: the CPU has AVX2 and FMA (asked above).
        unsafe { check32_fused_avx2_fma(xs, libm, only, stats, &mut y, &mut v) };
        return;
    }
    // The same results, each multiply-add a call to libm's `fmaf` (slow).
    check32_fused(xs, libm, only, stats, &mut y, &mut v);
}

/// The rows of the fused flavour (`math::f32::fused`), for [`check32_batch`].
#[inline(always)]
fn check32_fused(
    xs: &[f32],
    libm: bool,
    only: Option<&str>,
    stats: &mut [Stat; FUNCS],
    y: &mut [f32],
    v: &mut [f64],
) {
    macro_rules! run {
        ($($k:literal: $f:expr, $fast:expr, $libm:expr;)*) => {$(
            if only.is_some_and(|o| o != NAMES[$k]) {
                // skipped (`--only`)
            } else if libm {
                check32_one(xs, $f, $libm, y, v, &mut stats[$k]);
            } else {
                check32_one(xs, $f, $fast, y, v, &mut stats[$k]);
            }
        )*};
    }
    run! {
        12: math::f32::fused::exp, math::f64::exp, f64::exp;
        13: math::f32::fused::exp_m1, math::f64::exp_m1, f64::exp_m1;
        14: math::f32::fused::tanh, math::f64::tanh, f64::tanh;
        15: math::f32::fused::sigmoid, math::f64::sigmoid, sigmoid64;
    }
}

/// [`check32_fused`] compiled with FMA: each fused multiply-add one `vfmadd`, vectorised.
///
/// # Safety
/// The CPU has AVX2 and FMA.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn check32_fused_avx2_fma(
    xs: &[f32],
    libm: bool,
    only: Option<&str>,
    stats: &mut [Stat; FUNCS],
    y: &mut [f32],
    v: &mut [f64],
) {
    check32_fused(xs, libm, only, stats, y, v)
}

/// Runs `work(chunk_index, &mut stats)` over `chunks` chunks on `threads` threads.
fn parallel(
    threads: usize,
    chunks: u64,
    work: impl Fn(u64, &mut [Stat; FUNCS]) + Sync,
) -> [Stat; FUNCS] {
    let next = AtomicU64::new(0);
    let total = Mutex::new([Stat::ZERO; FUNCS]);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                let mut local = [Stat::ZERO; FUNCS];
                loop {
                    let c = next.fetch_add(1, Ordering::Relaxed);
                    if c >= chunks {
                        break;
                    }
                    work(c, &mut local);
                }
                let mut t = total.lock().unwrap();
                for (a, b) in t.iter_mut().zip(&local) {
                    a.merge(b);
                }
            });
        }
    });
    total.into_inner().unwrap()
}

/// SplitMix64: a small, good, seeded generator.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in [a, b).
    fn uniform(&mut self, a: f64, b: f64) -> f64 {
        a + (b - a) * ((self.next() >> 11) as f64 / (1u64 << 53) as f64)
    }
}

fn run_f32(
    threads: usize,
    sample: Option<u64>,
    libm: bool,
    only: Option<&str>,
) -> ([Stat; FUNCS], u64) {
    const CHUNK: u64 = 1 << 22;
    const BATCH: usize = 4096;
    match sample {
        None => {
            let stats = parallel(threads, (1u64 << 32) / CHUNK, |c, st| {
                let mut xs = [0f32; BATCH];
                for b in (c * CHUNK..(c + 1) * CHUNK).step_by(BATCH) {
                    for (i, x) in xs.iter_mut().enumerate() {
                        *x = f32::from_bits((b + i as u64) as u32);
                    }
                    check32_batch(&xs, libm, only, st);
                }
            });
            (stats, (1u64 << 32) - (1u64 << 24))
        }
        Some(n) => {
            let chunks = n.div_ceil(CHUNK);
            let stats = parallel(threads, chunks, |c, st| {
                let mut rng = Rng(c);
                let mut xs = [0f32; BATCH];
                for _ in 0..CHUNK as usize / BATCH {
                    for x in xs.iter_mut() {
                        *x = f32::from_bits(rng.next() as u32);
                    }
                    check32_batch(&xs, libm, only, st);
                }
            });
            (stats, chunks * CHUNK)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// f64

/// Error in ulp of y against the exact value v·2ᵏ (v normal).
fn err64(y: f64, (v, k): (DD, i32)) -> f64 {
    if v.hi.is_nan() || y.is_nan() {
        return if v.hi.is_nan() && y.is_nan() {
            0.0
        } else {
            f64::INFINITY
        };
    }
    if v.hi == 0.0 {
        return if y == 0.0 {
            0.0
        } else {
            y.abs() / dd::pow2(-1074)
        };
    }
    // The binade of the exact value: e = ⌊log₂|v·2ᵏ|⌋.
    let e = ((v.hi.abs().to_bits() >> 52) & 0x7ff) as i32 - 1023 + k;
    // Overflow: |v·2ᵏ| ≥ 2¹⁰²⁴ − 2⁹⁷⁰ rounds to ∞.
    let overflow = e >= 1024 || (e == 1023 && v.ldexp(k).hi.is_infinite());
    if overflow || y.is_infinite() {
        let ok = overflow && y.is_infinite() && (y > 0.0) == (v.hi > 0.0);
        return if ok { 0.0 } else { f64::INFINITY };
    }
    let ulp_exp = (e - 52).max(-1074);
    // Compare in the scaled frame, where everything is exact: y·2⁻ᵏ against v.
    let ys = y * dd::pow2(-k.max(-1000)) * dd::pow2(-(k - k.max(-1000)));
    let diff = (ys - v.hi) - v.lo;
    diff.abs() / dd::pow2(ulp_exp - k)
}

fn check64(x: f64, st: &mut [Stat; FUNCS]) {
    let unscaled = |v: DD| (v, 0);
    let (sv, sk) = dd::sigmoid(x);
    let (tv, tk) = dd::tanh_softplus(x);
    let (pv, pk) = dd::softplus(x);
    let (nv, nk) = dd::softplus(-x);
    let results = [
        err64(math::f64::exp(x), dd::exp(x)),
        err64(math::f64::exp_m1(x), unscaled(dd::expm1(x))),
        err64(math::f64::tanh(x), unscaled(dd::tanh(x))),
        err64(math::f64::sigmoid(x), (sv, sk)),
        err64(math::f64::softplus(x), (pv, pk)),
        err64(math::f64::log_sigmoid(x), (nv.neg(), nk)),
        err64(math::f64::swish(x), (sv.mulf(x), sk)),
        err64(math::f64::mish(x), (tv.mulf(x), tk)),
        err64(
            math::f64::elu(x, 1.0),
            if x < 0.0 {
                unscaled(dd::expm1(x))
            } else {
                unscaled(DD::new(x))
            },
        ),
        // In f64 the narrow-layer sigmoid is the sigmoid (one row per f32 variant).
        err64(math::f64::sigmoid_narrow(x), (sv, sk)),
        err64(math::f64::sigmoid_narrow(x), (sv, sk)),
        err64(math::f64::sigmoid_narrow(x), (sv, sk)),
        // f64 has no fused flavour (`math::f64::fused` names the plain functions).
        err64(math::f64::fused::exp(x), dd::exp(x)),
        err64(math::f64::fused::exp_m1(x), unscaled(dd::expm1(x))),
        err64(math::f64::fused::tanh(x), unscaled(dd::tanh(x))),
        err64(math::f64::fused::sigmoid(x), (sv, sk)),
    ];
    for (s, e) in st.iter_mut().zip(results) {
        s.add(e, x);
    }
}

fn run_f64(threads: usize, sample: Option<u64>) -> ([Stat; FUNCS], u64) {
    const CHUNK: u64 = 1 << 18;
    let n = sample.unwrap_or(16_000_000);
    let chunks = n.div_ceil(CHUNK);
    let stats = parallel(threads, chunks, |c, st| {
        let mut rng = Rng(0x5eed ^ (c << 20));
        for i in 0..CHUNK {
            // Half over the whole range, a quarter in [−50, 50], an eighth in [−1, 1], an eighth
            // around the thresholds (e^x under/overflow, tanh and expm1 saturation).
            let x = match (c * CHUNK + i) % 8 {
                0..=3 => f64::from_bits(rng.next()),
                4 | 5 => rng.uniform(-50.0, 50.0),
                6 => rng.uniform(-1.0, 1.0),
                _ => {
                    let centres = [-745.2, -708.4, 709.8, -37.5, 19.1, -20.0, 36.0, 0.0];
                    let c = centres[(rng.next() % 8) as usize];
                    c + rng.uniform(-2.0, 2.0)
                }
            };
            if x.is_finite() {
                check64(x, st);
            }
        }
    });
    (stats, chunks * CHUNK)
}

/// `reference N`: N inputs and the double-double references (value = (hi + lo)·2ᵏ), one line
/// each, for `tools/accuracy/check_reference.py` to compare with mpmath.
fn print_reference(n: u64) {
    let mut rng = Rng(99);
    for i in 0..n {
        let x = match i % 3 {
            0 => rng.uniform(-50.0, 50.0),
            1 => rng.uniform(-1.0, 1.0),
            _ => rng.uniform(-760.0, 720.0),
        };
        let mut line = format!("{x:e}");
        let refs: [(DD, i32); 6] = [
            dd::exp(x),
            (dd::expm1(x), 0),
            (dd::tanh(x), 0),
            dd::sigmoid(x),
            dd::softplus(x),
            dd::tanh_softplus(x),
        ];
        for (v, k) in refs {
            line += &format!(" {:e} {:e} {k}", v.hi, v.lo);
        }
        println!("{line}");
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let ty = args.first().map(String::as_str).unwrap_or("f32");
    let opt = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .map(|v| v.parse::<u64>().expect("a number"))
    };
    let threads = opt("--threads")
        .map(|t| t as usize)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let sample = opt("--sample");
    if ty == "reference" {
        print_reference(sample.unwrap_or(1000));
        return;
    }
    let start = std::time::Instant::now();
    let (stats, n) = match ty {
        "f32" => {
            let only = args
                .iter()
                .position(|a| a == "--only")
                .and_then(|i| args.get(i + 1))
                .map(String::as_str);
            run_f32(threads, sample, args.iter().any(|a| a == "--libm"), only)
        }
        "f64" => run_f64(threads, sample),
        other => panic!("expected f32 or f64, found {other}"),
    };
    let how = match (ty, sample) {
        ("f32", None) => "every finite input".to_string(),
        _ => format!("{n} sampled inputs"),
    };
    println!(
        "{ty}, {how}, {:.0} s on {threads} threads",
        start.elapsed().as_secs_f64()
    );
    println!();
    println!("| function | max error (ulp) | at x = | inputs > 1 ulp |");
    println!("|---|---:|---:|---:|");
    for (name, s) in NAMES.iter().zip(&stats) {
        println!(
            "| {name} | {:.3} | {:e} | {:.2e} |",
            s.max,
            s.at,
            s.above1 as f64 / n as f64
        );
    }
}
