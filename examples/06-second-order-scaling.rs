//! 06 — The seed's Newton vs gradient-descent table, measured: memory and time per iteration as
//! the number of parameters n grows, with the growth exponents fitted from the measurements.
//!
//! Networks 4 → Dense(h, Tanh) → Dense(2) with MSE (n = 7h + 2 parameters) on 8 samples, for h
//! from 8 to 256. One Newton iteration is one call of `newton` with `max_iter = 1` (the gradient,
//! the dense Hessian from n Hessian-vector products per sample, the Cholesky solve and the
//! Armijo line search); one GD iteration is one call of `gradient_descent` with a fixed step and
//! `max_iter = 1`. The Hessian build and the solve are also timed on their own. Memory is the
//! peak heap in use during the call, above what was in use before it, from a counting global
//! allocator (everything n-sized lives on the heap: the networks are boxed by
//! `NetworkObjective`).
//!
//! The exponent k of a column is the least-squares slope of log(value) against log(n) over the
//! four largest sizes. The slide says: Newton memory O(n²), Newton computation O(n³) (the solve),
//! GD memory and computation O(n). Here the Hessian build is n HVPs of O(n) each, so O(n²) per
//! sample: with few samples and moderate n the build and the O(n³) solve share the Newton time,
//! and the solve's exponent tends to 3 as n grows. A network's Hessian is usually indefinite, so
//! the whole Newton step also pays for the Levenberg–Marquardt damping retries (a failed Cholesky
//! and a copy of H each), which is why it costs more than build + one solve.
//!
//! Run with `cargo run --release --example 06-second-order-scaling`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use typenet::nalgebra::{DMatrix, DVector};
use typenet::prelude::*;
use typenet::second_order::{
    GdConfig, NetworkObjective, NewtonConfig, Objective, SecondOrder, StepRule, gradient_descent,
    newton,
};

struct Counting;
static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator, only counting bytes in use and their peak.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = IN_USE.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
        PEAK.fetch_max(now, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        IN_USE.fetch_sub(layout.size(), Ordering::SeqCst);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let now = if new_size >= layout.size() {
            IN_USE.fetch_add(new_size - layout.size(), Ordering::SeqCst) + new_size - layout.size()
        } else {
            IN_USE.fetch_sub(layout.size() - new_size, Ordering::SeqCst)
                - (layout.size() - new_size)
        };
        PEAK.fetch_max(now, Ordering::SeqCst);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

network! {
    pub struct H8: 4 => Dense(8, Tanh) => Dense(2); loss = MSE
    pub struct H16: 4 => Dense(16, Tanh) => Dense(2); loss = MSE
    pub struct H32: 4 => Dense(32, Tanh) => Dense(2); loss = MSE
    pub struct H64: 4 => Dense(64, Tanh) => Dense(2); loss = MSE
    pub struct H128: 4 => Dense(128, Tanh) => Dense(2); loss = MSE
    pub struct H256: 4 => Dense(256, Tanh) => Dense(2); loss = MSE
}

/// Seconds per call of `f` (repeated until 0.3 s have passed, at least twice) and the peak extra
/// heap bytes of one call.
fn measure(mut f: impl FnMut()) -> (f64, usize) {
    let base = IN_USE.load(Ordering::SeqCst);
    PEAK.store(base, Ordering::SeqCst);
    f();
    let peak = PEAK.load(Ordering::SeqCst) - base;
    let start = Instant::now();
    let mut reps = 0;
    while reps < 2 || start.elapsed().as_secs_f64() < 0.3 {
        f();
        reps += 1;
    }
    (start.elapsed().as_secs_f64() / reps as f64, peak)
}

/// One row of measurements.
struct Row {
    n: usize,
    gd_time: f64,
    gd_mem: usize,
    newton_time: f64,
    newton_mem: usize,
    hessian_time: f64,
    solve_time: f64,
}

fn row<N: SecondOrder<f64, Input = SVector<f64, 4>, Target = SVector<f64, 2>>>() -> Row {
    let data: Vec<(SVector<f64, 4>, SVector<f64, 2>)> = (0..8)
        .map(|s| {
            let x = SVector::<f64, 4>::from_fn(|i, _| ((s * 4 + i) as f64 * 0.7).sin());
            let t = SVector::<f64, 2>::from_fn(|i, _| ((s + i) as f64 * 1.3).cos());
            (x, t)
        })
        .collect();
    let mut net = N::boxed_zeros();
    for (k, p) in net.params_mut().iter_mut().enumerate() {
        *p = ((k * 37 % 101) as f64 / 101.0 - 0.5) * 0.6;
    }
    let mut obj = NetworkObjective::new(&*net, &data).unwrap();
    let x0 = obj.initial_params();
    let gd_config = GdConfig {
        step: StepRule::Fixed(0.01),
        max_iter: 1,
        tolerance_grad: 0.0,
        ..GdConfig::default()
    };
    let (gd_time, gd_mem) = measure(|| {
        let mut x = x0.clone();
        gradient_descent(&mut obj, &mut x, &gd_config).unwrap();
    });
    let newton_config = NewtonConfig {
        max_iter: 1,
        tolerance_grad: 0.0,
        ..NewtonConfig::default()
    };
    let (newton_time, newton_mem) = measure(|| {
        let mut x = x0.clone();
        newton(&mut obj, &mut x, &newton_config).unwrap();
    });
    let n = N::PARAMS;
    let mut h = DMatrix::zeros(n, n);
    let (hessian_time, _) = measure(|| obj.hessian(&x0, &mut h));
    // NOTE: a positive definite matrix of the same size for the solve alone (the network's
    // Hessian need not be one).
    let spd = h.tr_mul(&h) + DMatrix::identity(n, n);
    let g = DVector::from_element(n, 1.0);
    let (solve_time, _) = measure(|| {
        let d = spd.clone().cholesky().map(|c| c.solve(&g));
        std::hint::black_box(d);
    });
    Row {
        n,
        gd_time,
        gd_mem,
        newton_time,
        newton_mem,
        hessian_time,
        solve_time,
    }
}

/// Least-squares slope of log(y) against log(x).
fn exponent(xs: &[f64], ys: &[f64]) -> f64 {
    let lx: Vec<f64> = xs.iter().map(|v| v.ln()).collect();
    let ly: Vec<f64> = ys.iter().map(|v| v.ln()).collect();
    let m = lx.len() as f64;
    let (mx, my) = (lx.iter().sum::<f64>() / m, ly.iter().sum::<f64>() / m);
    let cov: f64 = lx.iter().zip(&ly).map(|(a, b)| (a - mx) * (b - my)).sum();
    let var: f64 = lx.iter().map(|a| (a - mx) * (a - mx)).sum();
    cov / var
}

fn main() {
    let rows = [
        row::<H8<f64>>(),
        row::<H16<f64>>(),
        row::<H32<f64>>(),
        row::<H64<f64>>(),
        row::<H128<f64>>(),
        row::<H256<f64>>(),
    ];
    println!("Per iteration, 8 samples (time in ms, memory = peak extra heap in KiB):\n");
    println!(
        "{:>6} | {:>10} {:>10} | {:>11} {:>11} | {:>12} {:>10}",
        "n", "GD time", "GD mem", "Newton time", "Newton mem", "Hessian build", "Cholesky"
    );
    for r in &rows {
        println!(
            "{:>6} | {:>10.4} {:>10.1} | {:>11.3} {:>11.1} | {:>13.3} {:>10.3}",
            r.n,
            r.gd_time * 1e3,
            r.gd_mem as f64 / 1024.0,
            r.newton_time * 1e3,
            r.newton_mem as f64 / 1024.0,
            r.hessian_time * 1e3,
            r.solve_time * 1e3
        );
    }
    let tail = &rows[rows.len() - 4..];
    let ns: Vec<f64> = tail.iter().map(|r| r.n as f64).collect();
    let fit = |f: &dyn Fn(&Row) -> f64| exponent(&ns, &tail.iter().map(f).collect::<Vec<_>>());
    println!("\nFitted growth exponents k (value ∝ n^k, four largest n) beside the slide's:\n");
    println!("{:<26} {:>8}   slide", "", "measured");
    println!("{:<26} {:>8.2}   O(n)", "GD time", fit(&|r| r.gd_time));
    println!(
        "{:<26} {:>8.2}   O(n)",
        "GD memory",
        fit(&|r| r.gd_mem as f64)
    );
    println!(
        "{:<26} {:>8.2}   O(n²)",
        "Newton memory",
        fit(&|r| r.newton_mem as f64)
    );
    println!(
        "{:<26} {:>8.2}   O(n³)",
        "Newton time (whole step)",
        fit(&|r| r.newton_time)
    );
    println!(
        "{:<26} {:>8.2}   O(n³)",
        "  of which Cholesky solve",
        fit(&|r| r.solve_time)
    );
    println!(
        "{:<26} {:>8.2}   (n HVPs of O(n): O(n²))",
        "  of which Hessian build",
        fit(&|r| r.hessian_time)
    );
}
