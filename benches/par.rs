//! Several cores (issue 17, feature `rayon`): 784 → 128 ReLU → 10, `f32`, a batch of 256,
//! the one-thread `forward_batch` / `train_step_batch` against `par_forward_batch` /
//! `par_train_step_batch` on rayon pools of 1 and 2 threads (`TYPENET_THREADS` adds another
//! count), in one run.
//!
//! The implementations take turns, round after round (`TYPENET_ROUNDS`, default 31), 4 calls
//! per turn; each keeps its fastest turn, and the median over rounds of the per-round ratio
//! one-thread ÷ parallel is printed too (a burst of load from other processes hits neighbouring
//! turns alike). The speed-up on n threads can only show when n cores are free: note the load.
//!
//! Run: `cargo bench --features rayon --bench par`.

use std::hint::black_box;
use std::time::Instant;

use rand_pcg::Pcg64;
use rayon::ThreadPoolBuilder;
use typenet::nalgebra::{Const, Dyn, OMatrix};
use typenet::par;
use typenet::prelude::*;
use typenet::rand_core::SeedableRng;

network! {
    /// 784-128-10 (N4).
    pub struct Mnist: 784 => Dense(128, ReLU) => Dense(10); loss = MSE
}

const BATCH: usize = 256;

/// A named implementation to time.
type Impl<'a> = (String, Box<dyn FnMut() + 'a>);

/// Times the closures in turns; returns each one's per-turn µs per call.
fn interleaved(rounds: usize, impls: &mut [Impl<'_>]) -> Vec<Vec<f64>> {
    for (_, f) in impls.iter_mut() {
        f(); // warm up (and start the pools' threads)
    }
    let mut times = vec![Vec::with_capacity(rounds); impls.len()];
    for _ in 0..rounds {
        for (k, (_, f)) in impls.iter_mut().enumerate() {
            let t = Instant::now();
            for _ in 0..4 {
                f();
            }
            times[k].push(t.elapsed().as_secs_f64() * 1e6 / 4.0);
        }
    }
    times
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn report(title: &str, names: &[String], times: &[Vec<f64>]) {
    println!("\n{title}");
    println!("| implementation | min µs | median µs | one-thread ÷ this, best | paired median |");
    println!("|---|---:|---:|---:|---:|");
    let base_min = times[0].iter().copied().fold(f64::INFINITY, f64::min);
    for (name, t) in names.iter().zip(times) {
        let min = t.iter().copied().fold(f64::INFINITY, f64::min);
        let paired: Vec<f64> = times[0].iter().zip(t).map(|(a, b)| a / b).collect();
        println!(
            "| {name} | {min:.1} | {:.1} | {:.2} | {:.2} |",
            median(t.clone()),
            base_min / min,
            median(paired)
        );
    }
}

fn main() {
    let rounds = std::env::var("TYPENET_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(31);
    let mut counts = vec![1, 2];
    if let Some(n) = std::env::var("TYPENET_THREADS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        counts.push(n);
    }
    let pools: Vec<_> = counts
        .iter()
        .map(|&n| ThreadPoolBuilder::new().num_threads(n).build().unwrap())
        .collect();

    let mut rng = Pcg64::seed_from_u64(7);
    let mut net = Mnist::<f32>::boxed_zeros();
    net.init(&mut rng);
    let x = OMatrix::<f32, Const<784>, Dyn>::from_fn_generic(Const, Dyn(BATCH), |i, s| {
        ((i * 7 + s * 13) % 17) as f32 / 17.0
    });
    let t = OMatrix::<f32, Const<10>, Dyn>::from_fn_generic(Const, Dyn(BATCH), |i, s| {
        f32::from(i == s % 10)
    });
    let len = Mnist::<f32>::batch_scratch_len(BATCH);
    println!(
        "784-128-10 f32, batch {BATCH}: {} chunks of {} columns; {rounds} rounds",
        par::chunk_count(BATCH),
        par::chunk_len(BATCH)
    );

    // Forward.
    {
        let mut names = vec!["forward_batch (one thread)".to_string()];
        let mut impls: Vec<Impl<'_>> = Vec::new();
        let mut y = OMatrix::<f32, Const<10>, Dyn>::zeros_generic(Const, Dyn(BATCH));
        let mut scratch = vec![0.0f32; len];
        let (net_ref, x_ref) = (&*net, &x);
        impls.push((
            names[0].clone(),
            Box::new(move || {
                net_ref
                    .forward_batch(black_box(x_ref), &mut y, &mut scratch)
                    .unwrap();
                black_box(&y);
            }),
        ));
        for (pool, n) in pools.iter().zip(&counts) {
            let name = format!("par_forward_batch, {n} thread(s)");
            names.push(name.clone());
            let mut y = OMatrix::<f32, Const<10>, Dyn>::zeros_generic(Const, Dyn(BATCH));
            let mut scratch = vec![0.0f32; len];
            impls.push((
                name,
                Box::new(move || {
                    pool.install(|| {
                        net_ref
                            .par_forward_batch(black_box(x_ref), &mut y, &mut scratch)
                            .unwrap()
                    });
                    black_box(&y);
                }),
            ));
        }
        let times = interleaved(rounds, &mut impls);
        report("forward, 784-128-10, batch 256", &names, &times);
    }

    // Training step (forward + backward + SGD on the mean gradient). Every implementation trains
    // its own copy with a tiny step, so the weights stay comparable.
    {
        let mut names = vec!["train_step_batch (one thread)".to_string()];
        let mut impls: Vec<Impl<'_>> = Vec::new();
        let mut own = net.clone();
        let mut grads = MnistGradients::<f32>::boxed_zeros();
        let mut scratch = vec![0.0f32; len];
        let (x_ref, t_ref) = (&x, &t);
        impls.push((
            names[0].clone(),
            Box::new(move || {
                black_box(
                    own.train_step_batch(black_box(x_ref), t_ref, 1e-6, &mut grads, &mut scratch)
                        .unwrap(),
                );
            }),
        ));
        for (pool, n) in pools.iter().zip(&counts) {
            let name = format!("par_train_step_batch, {n} thread(s)");
            names.push(name.clone());
            let mut own = net.clone();
            let mut grads = MnistGradients::<f32>::boxed_zeros();
            let mut extra = par::gradient_buffers::<f32, MnistGradients<f32>>(BATCH);
            let mut scratch = vec![0.0f32; len];
            impls.push((
                name,
                Box::new(move || {
                    black_box(pool.install(|| {
                        own.par_train_step_batch(
                            black_box(x_ref),
                            t_ref,
                            1e-6,
                            &mut grads,
                            &mut extra,
                            &mut scratch,
                        )
                        .unwrap()
                    }));
                }),
            ));
        }
        let times = interleaved(rounds, &mut impls);
        report("train step, 784-128-10, batch 256", &names, &times);
    }
}
