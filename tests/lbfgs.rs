//! L-BFGS against `torch.optim.LBFGS`, step by step: the iterates, the returned loss and the
//! counters `n_iter` / `func_evals` after every `step`, for default options, the strong-Wolfe
//! line search, a short history, a small learning rate and an evaluation limit, on a quartic and
//! on Rosenbrock's function (reference: `tools/reference/lbfgs_reference.py` →
//! `tests/data/lbfgs_reference.txt`). Also: L-BFGS trains a network through
//! [`NetworkObjective`].

use typenet::nalgebra::DVector;
use typenet::prelude::*;
use typenet::second_order::{
    Differentiable, Lbfgs, LbfgsConfig, LineSearch, NetworkObjective, SecondOrderError,
};
use typenet::train::{Mode, Trainer, mean_loss};
use typenet::{LengthError, NonFiniteError};

const REFERENCE: &str = include_str!("data/lbfgs_reference.txt");

const A: [f64; 4] = [1.0, 3.0, 0.5, 2.0];
const C: [f64; 4] = [1.0, -2.0, 0.5, 3.0];

/// The two test functions, with the same formulas as the reference script.
enum Function {
    Quartic,
    Rosenbrock,
}

impl Differentiable<f64> for Function {
    fn dim(&self) -> usize {
        match self {
            Function::Quartic => 4,
            Function::Rosenbrock => 2,
        }
    }
    fn value(&mut self, x: &DVector<f64>) -> f64 {
        let mut g = DVector::zeros(self.dim());
        self.gradient(x, &mut g)
    }
    fn gradient(&mut self, x: &DVector<f64>, g: &mut DVector<f64>) -> f64 {
        match self {
            Function::Quartic => {
                let (x0, x1, x2, x3) = (x[0], x[1], x[2], x[3]);
                // NOTE: Python's sum() starts from the integer 0 and adds left to right.
                let mut f = 0.0;
                for i in 0..4 {
                    f += A[i] * (x[i] - C[i]).powi(2);
                }
                let mut q = 0.0;
                for i in 0..4 {
                    q += x[i].powi(4);
                }
                let f = f + 0.1 * q + 0.5 * x0 * x1 - 0.3 * x2 * x3;
                g[0] = 2.0 * A[0] * (x0 - C[0]) + 0.4 * x0 * x0 * x0 + 0.5 * x1;
                g[1] = 2.0 * A[1] * (x1 - C[1]) + 0.4 * x1 * x1 * x1 + 0.5 * x0;
                g[2] = 2.0 * A[2] * (x2 - C[2]) + 0.4 * x2 * x2 * x2 - 0.3 * x3;
                g[3] = 2.0 * A[3] * (x3 - C[3]) + 0.4 * x3 * x3 * x3 - 0.3 * x2;
                f
            }
            Function::Rosenbrock => {
                let (a, b) = (x[0], x[1]);
                g[0] = -2.0 * (1.0 - a) - 400.0 * a * (b - a * a);
                g[1] = 200.0 * (b - a * a);
                (1.0 - a).powi(2) + 100.0 * (b - a * a).powi(2)
            }
        }
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-10 * (1.0 + a.abs().max(b.abs()))
}

#[test]
fn lbfgs_matches_pytorch_step_by_step() {
    let mut cases = 0;
    let mut lines = REFERENCE.lines().peekable();
    while let Some(header) = lines.next() {
        let words: Vec<&str> = header.split_whitespace().collect();
        assert_eq!(words[0], "case");
        let (name, func) = (words[1], words[2]);
        let mut config = LbfgsConfig::<f64>::default();
        for kv in &words[4..] {
            let (k, v) = kv.split_once('=').unwrap();
            match k {
                "lr" => config.lr = v.parse().unwrap(),
                "max_iter" => config.max_iter = v.parse().unwrap(),
                "max_eval" => config.max_eval = Some(v.parse().unwrap()),
                "history_size" => config.history_size = v.parse().unwrap(),
                "tolerance_change" => config.tolerance_change = v.parse().unwrap(),
                "line_search_fn" => {
                    assert_eq!(v, "strong_wolfe");
                    config.line_search = LineSearch::StrongWolfe;
                }
                other => panic!("unknown option {other}"),
            }
        }
        let (mut f, mut x) = match func {
            "quartic" => (
                Function::Quartic,
                DVector::from_vec(vec![-1.5, 2.0, 0.3, -0.7]),
            ),
            _ => (Function::Rosenbrock, DVector::from_vec(vec![-1.2, 1.0])),
        };
        let mut opt = Lbfgs::new(config).unwrap();
        while lines.peek().is_some_and(|l| l.starts_with("step ")) {
            let line = lines.next().unwrap();
            let v: Vec<&str> = line.split_whitespace().collect();
            let k: usize = v[1].parse().unwrap();
            let loss: f64 = v[2].parse().unwrap();
            let n_iter: usize = v[3].parse().unwrap();
            let func_evals: usize = v[4].parse().unwrap();
            let expected: Vec<f64> = v[5..].iter().map(|s| s.parse().unwrap()).collect();
            let ours = opt.step(&mut f, &mut x).unwrap();
            assert!(close(ours, loss), "{name} step {k}: loss {ours} vs {loss}");
            assert_eq!(
                (opt.iterations(), opt.evaluations()),
                (n_iter, func_evals),
                "{name} step {k}: (n_iter, func_evals)"
            );
            for (i, (a, b)) in x.iter().zip(&expected).enumerate() {
                assert!(close(*a, *b), "{name} step {k}: x[{i}] = {a}, PyTorch {b}");
            }
        }
        cases += 1;
    }
    assert_eq!(cases, 8);
}

network! {
    /// A small regression network.
    pub struct Fit: 1 => Dense(6, Tanh) => Dense(1); loss = MSE
}

#[test]
fn lbfgs_trains_a_network() {
    let data: Vec<(Vector1<f64>, Vector1<f64>)> = (0..20)
        .map(|i| {
            let x = -2.0 + 4.0 * i as f64 / 19.0;
            (Vector1::new(x), Vector1::new((1.5 * x).sin()))
        })
        .collect();
    let net = Fit::<f64>::from_params(
        &(0..Fit::<f64>::PARAMS)
            .map(|k| ((k * 7 % 11) as f64 - 5.0) * 0.15)
            .collect::<Vec<_>>(),
    )
    .unwrap();
    let mut obj = NetworkObjective::new(&net, &data).unwrap();
    let mut x = obj.initial_params();
    let start = obj.value(&x);
    let mut opt = Lbfgs::new(LbfgsConfig {
        line_search: LineSearch::StrongWolfe,
        max_iter: 200,
        ..LbfgsConfig::default()
    })
    .unwrap();
    opt.step(&mut obj, &mut x).unwrap();
    let end = obj.value(&x);
    assert!(end < 1e-3 * start, "{start} → {end}");

    // The same from the Trainer (issue 18): one `step` per epoch, the same iterates.
    let mut trained = net.clone();
    let mut opt = Lbfgs::new(LbfgsConfig {
        line_search: LineSearch::StrongWolfe,
        max_iter: 50,
        ..LbfgsConfig::default()
    })
    .unwrap();
    let mut history = [0.0; 4];
    Trainer::new(Mode::FullBatch, 4)
        .unwrap()
        .run_lbfgs(&mut trained, &mut opt, &data, &mut history, ())
        .unwrap();
    assert!(
        (history[0] - start).abs() <= 1e-12 * start,
        "the loss at the start"
    );
    let end = mean_loss(&trained, &data).unwrap();
    assert!(end < 1e-3 * start, "{start} → {end}");
}

fn fit_data() -> Vec<(Vector1<f64>, Vector1<f64>)> {
    (0..8)
        .map(|i| {
            let x = -1.0 + 2.0 * i as f64 / 7.0;
            (Vector1::new(x), Vector1::new(x * x))
        })
        .collect()
}

/// A point of the wrong length is a typed error, as for Newton, LM and GD: `Lbfgs::step`
/// returned after `copy_from_slice` panicked. The objective itself never panics on it.
#[test]
fn lbfgs_refuses_a_point_of_the_wrong_length() {
    let data = fit_data();
    let net = Fit::<f64>::from_params(&[0.1; Fit::<f64>::PARAMS]).unwrap();
    let mut obj = NetworkObjective::new(&net, &data).unwrap();
    let mut opt = Lbfgs::new(LbfgsConfig::default()).unwrap();
    for len in [0, Fit::<f64>::PARAMS - 1, Fit::<f64>::PARAMS + 1] {
        let mut x = DVector::from_element(len, 0.5);
        assert_eq!(
            opt.step(&mut obj, &mut x),
            Err(SecondOrderError::Length(LengthError {
                expected: Fit::<f64>::PARAMS,
                found: len,
            }))
        );
        assert_eq!(x, DVector::from_element(len, 0.5));
        assert_eq!((opt.iterations(), opt.evaluations()), (0, 0));
        // The trait's methods cannot return the error: NaN, and no panic.
        assert!(obj.value(&x).is_nan());
        let mut g = DVector::zeros(Fit::<f64>::PARAMS);
        assert!(obj.gradient(&x, &mut g).is_nan());
        assert!(g.iter().all(|g| g.is_nan()));
        assert!(matches!(obj.network(&x), Err(SecondOrderError::Length(_))));
    }
    let x = obj.initial_params();
    let mut g = DVector::zeros(3);
    assert!(obj.gradient(&x, &mut g).is_nan());
}

/// `lr = NaN` wrote NaN into every parameter and returned the old loss. Now it is refused when
/// the optimizer is made, and at a step if set afterwards, with nothing changed.
#[test]
fn lbfgs_refuses_an_invalid_learning_rate() {
    for lr in [f64::NAN, -0.5, f64::INFINITY] {
        let err = Lbfgs::new(LbfgsConfig {
            lr,
            ..LbfgsConfig::default()
        })
        .unwrap_err();
        assert_eq!((err.param, err.value.to_bits()), ("lr", lr.to_bits()));
        let mut opt = Lbfgs::new(LbfgsConfig::default()).unwrap();
        let mut f = Function::Rosenbrock;
        let mut x = DVector::from_vec(vec![-1.2, 1.0]);
        opt.step(&mut f, &mut x).unwrap();
        let (before, twin) = (x.clone(), opt.clone());
        opt.config.lr = lr;
        assert_eq!(opt.step(&mut f, &mut x), Err(SecondOrderError::Config(err)));
        assert_eq!(x, before);
        opt.config.lr = 1.0;
        same_state(opt, twin, &before);
    }
}

/// An objective that returns NaN (value, or one gradient entry) at its `nan_at`-th evaluation.
struct Flaky {
    inner: Function,
    calls: usize,
    nan_at: usize,
    value_only: bool,
}

impl Differentiable<f64> for Flaky {
    fn dim(&self) -> usize {
        self.inner.dim()
    }
    fn value(&mut self, x: &DVector<f64>) -> f64 {
        let mut g = DVector::zeros(self.dim());
        self.gradient(x, &mut g)
    }
    fn gradient(&mut self, x: &DVector<f64>, g: &mut DVector<f64>) -> f64 {
        self.calls += 1;
        let f = self.inner.gradient(x, g);
        if self.calls != self.nan_at {
            f
        } else if self.value_only {
            f64::NAN
        } else {
            g[1] = f64::NAN;
            f
        }
    }
}

/// `opt` and `twin` continue from `x` alike, bit for bit: their states are the same.
fn same_state(mut opt: Lbfgs<f64>, mut twin: Lbfgs<f64>, x: &DVector<f64>) {
    let (mut x1, mut x2) = (x.clone(), x.clone());
    for _ in 0..3 {
        let a = opt.step(&mut Function::Rosenbrock, &mut x1).unwrap();
        let b = twin.step(&mut Function::Rosenbrock, &mut x2).unwrap();
        assert_eq!(a.to_bits(), b.to_bits());
        assert_eq!(
            x1.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
            x2.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
        );
        assert_eq!(
            (opt.iterations(), opt.evaluations()),
            (twin.iterations(), twin.evaluations())
        );
    }
}

/// A NaN from the objective at any evaluation of a step (the first, or one inside the inner
/// loop, with or without the line search, with a full history that drops pairs) refuses the
/// step: the point and the whole L-BFGS state are as before it.
#[test]
fn lbfgs_steps_are_all_or_nothing() {
    for line_search in [LineSearch::None, LineSearch::StrongWolfe] {
        for value_only in [true, false] {
            for nan_at in 1..=12 {
                let config = LbfgsConfig {
                    line_search,
                    max_iter: 6,
                    history_size: 2,
                    ..LbfgsConfig::default()
                };
                let mut opt = Lbfgs::new(config).unwrap();
                let mut x = DVector::from_vec(vec![-1.2, 1.0]);
                opt.step(&mut Function::Rosenbrock, &mut x).unwrap();
                let (before, twin) = (x.clone(), opt.clone());
                let mut f = Flaky {
                    inner: Function::Rosenbrock,
                    calls: 0,
                    nan_at,
                    value_only,
                };
                match opt.step(&mut f, &mut x) {
                    Err(SecondOrderError::NonFinite(e)) => {
                        let expected = if value_only {
                            NonFiniteError::Loss
                        } else {
                            NonFiniteError::Gradient { index: 1 }
                        };
                        assert_eq!(e, expected, "{line_search:?} {nan_at}");
                        assert_eq!(x, before, "{line_search:?} {nan_at}: x changed");
                    }
                    // The step ended before that evaluation.
                    Ok(_) => {
                        assert!(f.calls < nan_at, "{line_search:?} {nan_at}");
                        continue;
                    }
                    Err(e) => panic!("{e:?}"),
                }
                same_state(opt, twin, &before);
            }
        }
    }
}
