//! The probes behind issue 7's per-layer choices (BENCHMARKS-LOG.md, "Speed (issue 7)",
//! session 3), as a bench so that their numbers can be reproduced: `cargo bench --bench latency`.
//!
//! - `sigmoid chain`: ns per dependent call of σ(x)·1.5 − 0.2 (each call waits for the last):
//!   typenet's vector `sigmoid`, the narrow-layer `sigmoid_narrow` (FMA where the CPU has it) and
//!   without FMA, and `std` (1/(1 + e^(−x)) with `f32::exp`).
//! - `layer width N`: ns per layer of N values through `sigmoid_narrow_array` and through the
//!   vector `sigmoid`, chained (each layer's outputs, mixed, feed the next) and independent
//!   (throughput); where the two cross is `activation::NARROW_MAX`.
//! - `16-16-16-16 tanh`: forward and training step of a network whose layers are at
//!   `activation::WIDE_MIN`; run once as is and once with `WIDE_MIN` set to 17 to compare the
//!   AVX2 and baseline activation loops.
//! - `784-128 update`: the forward pass of 784 → 128 → 10 against `Dense::apply_step` of its
//!   first layer alone, with every neuron active and with half of them off (∂E/∂z = 0, as for
//!   a ReLU that is off: the step skips their weights): the update costs more than the forward
//!   because it reads and writes the 400 kB of weights. Then the whole training step of the
//!   same network with every neuron active, where the step skips nothing.
//! - `core clock`: the frequency the core runs at (x86-64), measured, to turn times into cycles;
//!   and how fast the core reads 401,408 bytes (the 784 → 128 layer's weights) that sit in L2,
//!   the bound under that layer's one-sample forward pass.
//!
//! Each number is the fastest of 21 (31) rounds.

use std::hint::black_box;
use std::time::Instant;

use rand_pcg::Pcg64;
use typenet::math::f32 as m;
use typenet::nalgebra::SVector;
use typenet::prelude::*;
use typenet::rand_core::SeedableRng;

network! {
    /// Layers of 16 neurons: the `WIDE_MIN` boundary.
    pub struct Wide: 16 => Dense(16, Tanh) => Dense(16, Tanh) => Dense(16, Tanh); loss = MSE
    /// The large network of issue 7.
    pub struct Mnist: 784 => Dense(128, ReLU) => Dense(10); loss = MSE
}

/// ns per iteration of `f`'s inner loop of `iters`, fastest of `rounds`.
fn best(rounds: usize, iters: usize, mut f: impl FnMut() -> f32) -> f64 {
    let mut b = f64::MAX;
    for _ in 0..rounds {
        let t = Instant::now();
        black_box(f());
        b = b.min(t.elapsed().as_nanos() as f64 / iters as f64);
    }
    b
}

/// ns per call of `f`, run `iters` times a round, fastest of 31 rounds.
fn per_call(iters: usize, mut f: impl FnMut()) -> f64 {
    best(31, iters, || {
        for _ in 0..iters {
            f();
        }
        0.0
    })
}

fn chain(f: impl Fn(f32) -> f32) -> f64 {
    best(21, 10_000, || {
        let mut x = black_box(0.3f32);
        for _ in 0..10_000 {
            x = f(x) * 1.5 - 0.2;
        }
        x
    })
}

/// (chained, independent) ns per layer of `layer` on N values.
fn layer_times<const N: usize>(layer: impl Fn([f32; N]) -> [f32; N]) -> (f64, f64) {
    let x0: [f32; N] = core::array::from_fn(|i| 0.1 * i as f32 - 0.2);
    let mix = |y: [f32; N]| -> [f32; N] {
        let s: f32 = y.iter().sum();
        core::array::from_fn(|i| y[i] * 0.5 - s * 0.1 + 0.01 * i as f32)
    };
    let chained = best(21, 10_000, || {
        let mut x = black_box(x0);
        for _ in 0..10_000 {
            x = mix(layer(x));
        }
        x[0]
    });
    let independent = best(21, 10_000, || {
        let mut s = 0.0;
        for _ in 0..10_000 {
            s += layer(black_box(x0))[0];
        }
        s
    });
    (chained, independent)
}

fn width<const N: usize>() {
    let (nc, ni) = layer_times::<N>(m::sigmoid_narrow_array);
    let (vc, vi) = layer_times::<N>(|x| x.map(m::sigmoid));
    println!("| {N} | {nc:.1} | {vc:.1} | {ni:.1} | {vi:.1} |");
}

/// The core's clock in GHz, from a chain of dependent integer additions (one per cycle on every
/// x86-64 core): what the machine actually runs at, which the absolute targets depend
/// on (`/proc/cpuinfo` shows the VM's nominal frequency instead).
#[cfg(target_arch = "x86_64")]
fn clock_ghz() -> f64 {
    let n: u64 = 200_000_000;
    let mut fastest = f64::MAX;
    for _ in 0..5 {
        let t = Instant::now();
        let mut x: u64 = 0;
        // SAFETY: register arithmetic only.
        unsafe {
            std::arch::asm!(
                "2:",
                "add {x}, 1", "add {x}, 1", "add {x}, 1", "add {x}, 1",
                "add {x}, 1", "add {x}, 1", "add {x}, 1", "add {x}, 1",
                "sub {n}, 8",
                "jnz 2b",
                x = inout(reg) x,
                n = inout(reg) n => _,
                options(nomem, nostack),
            );
        }
        assert_eq!(black_box(x), n);
        fastest = fastest.min(t.elapsed().as_secs_f64());
    }
    n as f64 / fastest / 1e9
}

/// Σ of `v` with AVX2 loads, eight independent vector accumulators: a read-bandwidth probe.
///
/// # Safety
/// The CPU has AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn sum_avx2(v: &[f32]) -> f32 {
    use std::arch::x86_64::*;
    let mut acc = [_mm256_setzero_ps(); 8];
    let blocks = v.len() / 64;
    for b in 0..blocks {
        for (a, acc) in acc.iter_mut().enumerate() {
            // SAFETY: b·64 + a·8 + 8 ≤ blocks·64 ≤ v.len().
            *acc = _mm256_add_ps(*acc, unsafe {
                _mm256_loadu_ps(v.as_ptr().add(b * 64 + a * 8))
            });
        }
    }
    let mut lanes = [0f32; 8];
    let total = acc
        .iter()
        .fold(_mm256_setzero_ps(), |s, a| _mm256_add_ps(s, *a));
    // SAFETY: eight lanes into eight floats.
    unsafe { _mm256_storeu_ps(lanes.as_mut_ptr(), total) };
    lanes.iter().sum()
}

/// v ← v·(1 − 2⁻²⁰) with AVX2 loads and stores: a read-and-write-back bandwidth probe.
///
/// # Safety
/// The CPU has AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn scale_avx2(v: &mut [f32]) {
    use std::arch::x86_64::*;
    let k = _mm256_set1_ps(1.0 - 1.0 / 1_048_576.0);
    for c in v.chunks_exact_mut(8) {
        // SAFETY: eight values in the chunk.
        unsafe {
            _mm256_storeu_ps(
                c.as_mut_ptr(),
                _mm256_mul_ps(_mm256_loadu_ps(c.as_ptr()), k),
            )
        };
    }
}

/// µs to read the 784 → 128 layer's 401,408 bytes of weights (they fit in L2, not in L1: the
/// bound under that layer's one-sample forward pass), and to read and write them back (what
/// its weight update must do); `None` without AVX2.
#[cfg(target_arch = "x86_64")]
fn l2_probe() -> Option<(f64, f64)> {
    if !std::is_x86_feature_detected!("avx2") {
        return None;
    }
    // NOTE: a buffer each, allocated in turn (the second probe measured 1.4–1.5× slower on the
    // first one's buffer: placement matters here, BENCHMARKS-LOG.md).
    let v = vec![1.0f32; 784 * 128];
    // SAFETY: the CPU has AVX2 (asked above).
    let read = per_call(200, || {
        black_box(unsafe { sum_avx2(black_box(&v)) });
    });
    drop(v);
    let mut v = vec![1.0f32; 784 * 128];
    // SAFETY: as above.
    let update = per_call(200, || unsafe { scale_avx2(black_box(&mut v)) });
    Some((read / 1e3, update / 1e3))
}

fn main() {
    // NOTE: `cargo bench` passes `--bench`; nothing to parse.
    #[cfg(target_arch = "x86_64")]
    {
        println!(
            "core clock: {:.2} GHz (dependent integer additions)",
            clock_ghz()
        );
        if let Some((read, update)) = l2_probe() {
            println!(
                "reading 401,408 bytes (784 × 128 f32) from L2 with AVX2: {:.1} GB/s, {read:.2} µs",
                401_408.0 / read / 1e3
            );
            println!("reading and writing them back: {update:.2} µs");
        }
        println!();
    }
    println!("sigmoid chain, ns per dependent call:");
    for _ in 0..2 {
        println!(
            "  vector {:.1} · narrow {:.1} · narrow without FMA {:.1} · std {:.1}",
            chain(m::sigmoid),
            chain(m::sigmoid_narrow),
            chain(m::sigmoid_narrow_no_fma),
            chain(|x| 1.0 / (1.0 + (-x).exp())),
        );
    }

    println!("\nlayer width N, ns per layer:");
    println!(
        "| N | narrow, chained | vector, chained | narrow, independent | vector, independent |"
    );
    println!("|---:|---:|---:|---:|---:|");
    width::<1>();
    width::<2>();
    width::<3>();
    width::<4>();
    width::<8>();

    let mut rng = Pcg64::seed_from_u64(1);
    let wide = Wide::<f32>::random(&mut rng);
    let mut wide_t = wide.clone();
    let x = SVector::<f32, 16>::from_fn(|i, _| i as f32 * 0.1 - 0.7);
    let t = SVector::<f32, 16>::zeros();
    let forward = per_call(2_000, || {
        black_box(wide.forward(black_box(&x)));
    });
    let step = per_call(2_000, || {
        black_box(wide_t.train_step(black_box(&x), &t, 1e-9).unwrap());
    });
    println!(
        "\n16-16-16-16 tanh (WIDE_MIN = {}): forward {forward:.1} ns, train step {step:.1} ns",
        typenet::activation::WIDE_MIN
    );

    let mut mnist = Mnist::<f32>::boxed_zeros();
    mnist.init(&mut rng);
    let x = SVector::<f32, 784>::from_fn(|i, _| (i % 7) as f32 * 0.1);
    // Every neuron active, and every other one off (a ReLU that is off has ∂E/∂z = 0, and
    // the step skips its weights).
    let dz = SVector::<f32, 128>::from_fn(|i, _| (i + 1) as f32 * 1e-6);
    let half = SVector::<f32, 128>::from_fn(|i, _| if i % 2 == 0 { 0.0 } else { dz[i] });
    let forward = per_call(200, || {
        black_box(mnist.forward(black_box(&x)));
    });
    let update = per_call(200, || {
        mnist.layer1.apply_step(black_box(&x), black_box(&dz), 1e-9);
    });
    let update_half = per_call(200, || {
        mnist
            .layer1
            .apply_step(black_box(&x), black_box(&half), 1e-9);
    });
    println!(
        "784-128 update: forward {forward:.0} ns, layer 1's apply_step alone {update:.0} ns \
         (every neuron active), {update_half:.0} ns (half of them off)"
    );

    // The whole training step when no neuron is off (biases of 10, far above |Wx| here), so
    // it skips nothing: the case the benchmark's random input does not show.
    let mut active = Mnist::<f32>::boxed_from_slice(mnist.params()).unwrap();
    active.layer1.bias.fill(10.0);
    let t = SVector::<f32, 10>::from_fn(|i, _| i as f32 * 0.1);
    let on = active
        .forward_trace(&x)
        .layer1
        .a
        .iter()
        .filter(|a| **a > 0.0)
        .count();
    let forward = per_call(200, || {
        black_box(active.forward(black_box(&x)));
    });
    let step = per_call(200, || {
        black_box(
            active
                .train_step(black_box(&x), black_box(&t), 1e-9)
                .unwrap(),
        );
    });
    println!(
        "784-128-10, {on} of 128 neurons active: forward {forward:.0} ns, train step {step:.0} ns \
         ({:.2}×)",
        step / forward
    );
}
