//! Second order against first order, per iteration, as the parameter count n grows (issue 5):
//! one Hessian-vector product, the dense Hessian (n HVPs), one Newton iteration (`newton` with
//! `max_iter = 1`: gradient, Hessian, damped Cholesky solve, Armijo line search) and one
//! gradient-descent iteration (fixed step), on 4 → Dense(h, Tanh) → Dense(2) networks with MSE
//! (n = 7h + 2) and 8 samples.
//!
//! Run: `cargo bench --bench second_order`. Results and the machine are in `BENCHMARKS.md`;
//! `examples/06-second-order-scaling.rs` prints the same measurements with fitted exponents.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use typenet::nalgebra::DMatrix;
use typenet::prelude::*;
use typenet::second_order::{
    GdConfig, NetworkObjective, NewtonConfig, Objective, SecondOrder, StepRule, dataset_hvp,
    gradient_descent, newton,
};

network! {
    pub struct H8: 4 => Dense(8, Tanh) => Dense(2); loss = MSE
    pub struct H32: 4 => Dense(32, Tanh) => Dense(2); loss = MSE
    pub struct H128: 4 => Dense(128, Tanh) => Dense(2); loss = MSE
}

type Sample = (SVector<f64, 4>, SVector<f64, 2>);

fn data() -> Vec<Sample> {
    (0..8)
        .map(|s| {
            let x = SVector::<f64, 4>::from_fn(|i, _| ((s * 4 + i) as f64 * 0.7).sin());
            let t = SVector::<f64, 2>::from_fn(|i, _| ((s + i) as f64 * 1.3).cos());
            (x, t)
        })
        .collect()
}

fn bench_size<N>(c: &mut Criterion)
where
    N: SecondOrder<f64, Input = SVector<f64, 4>, Target = SVector<f64, 2>>,
{
    let n = N::PARAMS;
    let data = data();
    let mut net = N::boxed_zeros();
    for (k, p) in net.params_mut().iter_mut().enumerate() {
        *p = ((k * 37 % 101) as f64 / 101.0 - 0.5) * 0.6;
    }
    let mut obj = NetworkObjective::new(&*net, &data).unwrap();
    let x0 = obj.initial_params();
    let v: Vec<f64> = (0..n).map(|k| (k as f64 * 0.37).sin()).collect();

    let mut g = c.benchmark_group("second_order");
    g.sample_size(10);
    g.bench_with_input(BenchmarkId::new("hvp", n), &n, |b, _| {
        b.iter(|| black_box(dataset_hvp(&*net, &data, black_box(&v)).unwrap()))
    });
    let mut h = DMatrix::zeros(n, n);
    g.bench_with_input(BenchmarkId::new("dense_hessian", n), &n, |b, _| {
        b.iter(|| obj.hessian(black_box(&x0), &mut h))
    });
    let newton_config = NewtonConfig {
        max_iter: 1,
        tolerance_grad: 0.0,
        ..NewtonConfig::default()
    };
    g.bench_with_input(BenchmarkId::new("newton_iteration", n), &n, |b, _| {
        b.iter(|| {
            let mut x = x0.clone();
            black_box(newton(&mut obj, &mut x, &newton_config).unwrap())
        })
    });
    let gd_config = GdConfig {
        step: StepRule::Fixed(0.01),
        max_iter: 1,
        tolerance_grad: 0.0,
        ..GdConfig::default()
    };
    g.bench_with_input(BenchmarkId::new("gd_iteration", n), &n, |b, _| {
        b.iter(|| {
            let mut x = x0.clone();
            black_box(gradient_descent(&mut obj, &mut x, &gd_config).unwrap())
        })
    });
    g.finish();
}

fn benches(c: &mut Criterion) {
    bench_size::<H8<f64>>(c);
    bench_size::<H32<f64>>(c);
    bench_size::<H128<f64>>(c);
}

criterion_group!(second_order, benches);
criterion_main!(second_order);
