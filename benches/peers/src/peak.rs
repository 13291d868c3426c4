//! The machine's measured FMA peak on one thread: many independent chains of `_mm256_fmadd_ps`
//! (and `_mm512_fmadd_ps` where the CPU has AVX-512 F), enough of them to cover the FMA latency
//! on every FMA port (12 chains: 4 cycles × 2 ports on Zen 3/4 needs 8, Intel's cores 8–10).
//! Each FMA is 2 FLOP per lane; GFLOP/s = chains · lanes · 2 · iterations / seconds, measured,
//! so no clock frequency or FLOP-per-cycle figure is assumed. Best of many short runs (each
//! about 0.2 ms at full speed, shorter than a scheduler's time slice), so that on a loaded
//! machine some of them run undisturbed.

#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::*;
use std::time::Instant;

/// Measured peaks, FLOP/s.
pub struct Peak {
    /// With 256-bit FMAs (0 where the CPU has no AVX2 + FMA).
    pub avx2: f64,
    /// With 512-bit FMAs, where the CPU has AVX-512 F.
    pub avx512: Option<f64>,
}

const ITERS: usize = 100_000;
const RUNS: usize = 400;
const CHAINS: usize = 12;

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn chains_256(iters: usize) -> f32 {
    let a = _mm256_set1_ps(0.999_999);
    let b = _mm256_set1_ps(1e-7);
    let mut acc = [_mm256_set1_ps(1.0); CHAINS];
    for _ in 0..iters {
        // Written out: each chain depends only on itself.
        acc[0] = _mm256_fmadd_ps(acc[0], a, b);
        acc[1] = _mm256_fmadd_ps(acc[1], a, b);
        acc[2] = _mm256_fmadd_ps(acc[2], a, b);
        acc[3] = _mm256_fmadd_ps(acc[3], a, b);
        acc[4] = _mm256_fmadd_ps(acc[4], a, b);
        acc[5] = _mm256_fmadd_ps(acc[5], a, b);
        acc[6] = _mm256_fmadd_ps(acc[6], a, b);
        acc[7] = _mm256_fmadd_ps(acc[7], a, b);
        acc[8] = _mm256_fmadd_ps(acc[8], a, b);
        acc[9] = _mm256_fmadd_ps(acc[9], a, b);
        acc[10] = _mm256_fmadd_ps(acc[10], a, b);
        acc[11] = _mm256_fmadd_ps(acc[11], a, b);
    }
    let mut sum = _mm256_setzero_ps();
    for v in acc {
        sum = _mm256_add_ps(sum, v);
    }
    let mut out = [0.0f32; 8];
    // SAFETY: `out` holds 8 values.
    unsafe { _mm256_storeu_ps(out.as_mut_ptr(), sum) };
    out.iter().sum()
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn chains_512(iters: usize) -> f32 {
    let a = _mm512_set1_ps(0.999_999);
    let b = _mm512_set1_ps(1e-7);
    let mut acc = [_mm512_set1_ps(1.0); CHAINS];
    for _ in 0..iters {
        acc[0] = _mm512_fmadd_ps(acc[0], a, b);
        acc[1] = _mm512_fmadd_ps(acc[1], a, b);
        acc[2] = _mm512_fmadd_ps(acc[2], a, b);
        acc[3] = _mm512_fmadd_ps(acc[3], a, b);
        acc[4] = _mm512_fmadd_ps(acc[4], a, b);
        acc[5] = _mm512_fmadd_ps(acc[5], a, b);
        acc[6] = _mm512_fmadd_ps(acc[6], a, b);
        acc[7] = _mm512_fmadd_ps(acc[7], a, b);
        acc[8] = _mm512_fmadd_ps(acc[8], a, b);
        acc[9] = _mm512_fmadd_ps(acc[9], a, b);
        acc[10] = _mm512_fmadd_ps(acc[10], a, b);
        acc[11] = _mm512_fmadd_ps(acc[11], a, b);
    }
    let mut sum = _mm512_setzero_ps();
    for v in acc {
        sum = _mm512_add_ps(sum, v);
    }
    _mm512_reduce_add_ps(sum)
}

fn best(lanes: usize, mut f: impl FnMut(usize) -> f32) -> f64 {
    let mut best = 0.0f64;
    for _ in 0..RUNS {
        let t = Instant::now();
        std::hint::black_box(f(std::hint::black_box(ITERS)));
        let s = t.elapsed().as_secs_f64();
        best = best.max((CHAINS * lanes * 2 * ITERS) as f64 / s);
    }
    best
}

/// Measures both peaks (a fraction of a second).
pub fn measure() -> Peak {
    #[cfg(target_arch = "x86_64")]
    {
        let avx2 = if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
            // SAFETY: the CPU has AVX2 and FMA.
            best(8, |n| unsafe { chains_256(n) })
        } else {
            0.0
        };
        let avx512 = is_x86_feature_detected!("avx512f").then(|| {
            // SAFETY: the CPU has AVX-512 F.
            best(16, |n| unsafe { chains_512(n) })
        });
        Peak { avx2, avx512 }
    }
    #[cfg(not(target_arch = "x86_64"))]
    Peak {
        avx2: 0.0,
        avx512: None,
    }
}
