//! Every optimizer and option against PyTorch, step by step.
//!
//! The reference values in `data/optim_reference.txt` were computed by
//! `tools/reference/optim_reference.py` with PyTorch 2.15 in float64 (see its header for the format);
//! every one of the 50 steps of every case must agree to 1e-10 (relative, absolute below 1).

use typenet_runtime::NonFiniteError;
use typenet_runtime::optim::*;

#[path = "support/lists.rs"]
mod lists;
use lists::OptimizerKind as K;

const A: [f64; 4] = [1.0, 3.0, 0.5, 2.0];
const C: [f64; 4] = [1.0, -2.0, 0.5, 3.0];

/// ∇f for f(x) = Σ a_i (x_i − c_i)² + 0.1 Σ x_i⁴ + 0.5 x0 x1 − 0.3 x2 x3, written as in the
/// Python script.
fn grad(x: &[f64]) -> [f64; 4] {
    let [x0, x1, x2, x3] = [x[0], x[1], x[2], x[3]];
    [
        2.0 * A[0] * (x0 - C[0]) + 0.4 * x0 * x0 * x0 + 0.5 * x1,
        2.0 * A[1] * (x1 - C[1]) + 0.4 * x1 * x1 * x1 + 0.5 * x0,
        2.0 * A[2] * (x2 - C[2]) + 0.4 * x2 * x2 * x2 - 0.3 * x3,
        2.0 * A[3] * (x3 - C[3]) + 0.4 * x3 * x3 * x3 - 0.3 * x2,
    ]
}

struct Case {
    name: String,
    optimizer: String,
    options: Vec<(String, String)>,
    steps: Vec<(usize, Vec<f64>)>,
}

fn parse() -> (Vec<f64>, Vec<Case>) {
    let text = include_str!("data/optim_reference.txt");
    let mut x0 = Vec::new();
    let mut cases: Vec<Case> = Vec::new();
    for line in text.lines() {
        let mut words = line.split_whitespace();
        match words.next() {
            Some("#") | None => {}
            Some("x0") => x0 = words.map(|w| w.parse().unwrap()).collect(),
            Some("case") => cases.push(Case {
                name: words.next().unwrap().to_owned(),
                optimizer: words.next().unwrap().to_owned(),
                options: words
                    .map(|kv| {
                        let (k, v) = kv.split_once('=').unwrap();
                        (k.to_owned(), v.to_owned())
                    })
                    .collect(),
                steps: Vec::new(),
            }),
            Some("step") => {
                let k = words.next().unwrap().parse().unwrap();
                let values = words.map(|w| w.parse().unwrap()).collect();
                cases.last_mut().unwrap().steps.push((k, values));
            }
            Some(other) => panic!("unexpected line start {other:?}"),
        }
    }
    (x0, cases)
}

fn num(v: &str) -> f64 {
    v.parse().unwrap()
}
fn pair(v: &str) -> (f64, f64) {
    let (a, b) = v.split_once(',').unwrap();
    (num(a), num(b))
}
fn flag(v: &str) -> bool {
    match v {
        "true" => true,
        "false" => false,
        _ => panic!("not a bool: {v}"),
    }
}

/// Builds the optimizer of a case: its `Default` config with the case's options applied. An
/// option this test does not know fails the test.
fn build(case: &Case) -> Box<dyn Optimizer<f64>> {
    let n = 4;
    let opts = case.options.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    macro_rules! apply {
        ($cfg:ident, $ty:ident, { $($key:literal => $field:ident : $conv:ident),* $(,)? }) => {{
            let mut $cfg = $ty::<f64>::default();
            for (k, v) in opts {
                match k {
                    $($key => $cfg.$field = $conv(v),)*
                    _ => panic!("{}: option {k} not supported by the test", case.name),
                }
            }
            $cfg
        }};
    }
    match case.optimizer.as_str() {
        "sgd" => {
            let c = apply!(c, SgdConfig, { "lr" => lr: num, "momentum" => momentum: num,
                "dampening" => dampening: num, "weight_decay" => weight_decay: num,
                "nesterov" => nesterov: flag, "maximize" => maximize: flag });
            Box::new(Sgd::<f64, Vec<f64>>::with_len(c, n).unwrap())
        }
        "adagrad" => {
            let c = apply!(c, AdagradConfig, { "lr" => lr: num, "lr_decay" => lr_decay: num,
                "weight_decay" => weight_decay: num,
                "initial_accumulator_value" => initial_accumulator_value: num,
                "eps" => eps: num, "maximize" => maximize: flag });
            Box::new(Adagrad::<f64, Vec<f64>>::with_len(c, n).unwrap())
        }
        "rmsprop" => {
            let c = apply!(c, RmsPropConfig, { "lr" => lr: num, "alpha" => alpha: num,
                "eps" => eps: num, "weight_decay" => weight_decay: num,
                "momentum" => momentum: num, "centered" => centered: flag,
                "maximize" => maximize: flag });
            Box::new(RmsProp::<f64, Vec<f64>>::with_len(c, n).unwrap())
        }
        "adadelta" => {
            let c = apply!(c, AdadeltaConfig, { "lr" => lr: num, "rho" => rho: num,
                "eps" => eps: num, "weight_decay" => weight_decay: num,
                "maximize" => maximize: flag });
            Box::new(Adadelta::<f64, Vec<f64>>::with_len(c, n).unwrap())
        }
        "adam" => {
            let c = apply!(c, AdamConfig, { "lr" => lr: num, "betas" => betas: pair,
                "eps" => eps: num, "weight_decay" => weight_decay: num,
                "amsgrad" => amsgrad: flag, "maximize" => maximize: flag,
                "decoupled_weight_decay" => decoupled_weight_decay: flag });
            Box::new(Adam::<f64, Vec<f64>>::with_len(c, n).unwrap())
        }
        "adamw" => {
            let c = apply!(c, AdamWConfig, { "lr" => lr: num, "betas" => betas: pair,
                "eps" => eps: num, "weight_decay" => weight_decay: num,
                "amsgrad" => amsgrad: flag, "maximize" => maximize: flag });
            Box::new(AdamW::<f64, Vec<f64>>::with_len(c, n).unwrap())
        }
        "adamax" => {
            let c = apply!(c, AdamaxConfig, { "lr" => lr: num, "betas" => betas: pair,
                "eps" => eps: num, "weight_decay" => weight_decay: num,
                "maximize" => maximize: flag });
            Box::new(Adamax::<f64, Vec<f64>>::with_len(c, n).unwrap())
        }
        "nadam" => {
            let c = apply!(c, NAdamConfig, { "lr" => lr: num, "betas" => betas: pair,
                "eps" => eps: num, "weight_decay" => weight_decay: num,
                "momentum_decay" => momentum_decay: num,
                "decoupled_weight_decay" => decoupled_weight_decay: flag,
                "maximize" => maximize: flag });
            Box::new(NAdam::<f64, Vec<f64>>::with_len(c, n).unwrap())
        }
        "radam" => {
            let c = apply!(c, RAdamConfig, { "lr" => lr: num, "betas" => betas: pair,
                "eps" => eps: num, "weight_decay" => weight_decay: num,
                "decoupled_weight_decay" => decoupled_weight_decay: flag,
                "maximize" => maximize: flag });
            Box::new(RAdam::<f64, Vec<f64>>::with_len(c, n).unwrap())
        }
        "rprop" => {
            let c = apply!(c, RpropConfig, { "lr" => lr: num, "etas" => etas: pair,
                "step_sizes" => step_sizes: pair, "maximize" => maximize: flag });
            Box::new(Rprop::<f64, Vec<f64>>::with_len(c, n).unwrap())
        }
        other => panic!("unknown optimizer {other}"),
    }
}

#[test]
fn every_optimizer_matches_pytorch_at_every_step() {
    let (x0, cases) = parse();
    assert_eq!(x0.len(), 4);
    assert!(cases.len() >= 50, "only {} cases", cases.len());
    let mut worst = 0.0_f64;
    for case in &cases {
        assert_eq!(case.steps.len(), 50, "{}", case.name);
        let mut opt = build(case);
        let maximize = case
            .options
            .iter()
            .any(|(k, v)| k == "maximize" && v == "true");
        let mut x = x0.clone();
        for (k, expected) in &case.steps {
            let mut g = grad(&x);
            if maximize {
                g.iter_mut().for_each(|v| *v = -*v);
            }
            opt.step(&mut x, &g).unwrap();
            for (i, (a, b)) in x.iter().zip(expected).enumerate() {
                let err = (a - b).abs() / b.abs().max(1.0);
                worst = worst.max(err);
                assert!(
                    err <= 1e-10,
                    "{} step {k} x[{i}]: typenet {a:e}, PyTorch {b:e} (error {err:e})",
                    case.name
                );
            }
        }
    }
    eprintln!("{} cases, worst error {worst:e}", cases.len());
}

#[test]
fn elementwise_steps_are_the_same_update() {
    let (x0, cases) = parse();
    for case in &cases {
        let (mut a, mut b) = (build(case), build(case));
        let maximize = case
            .options
            .iter()
            .any(|(k, v)| k == "maximize" && v == "true");
        let (mut x, mut y) = (x0.clone(), x0.clone());
        for _ in 0..50 {
            let mut g = grad(&x);
            if maximize {
                g.iter_mut().for_each(|v| *v = -*v);
            }
            a.step(&mut x, &g).unwrap();
            b.step_elementwise(&mut y, &g).unwrap();
            assert_eq!(x, y, "{}", case.name);
        }
    }
}

#[test]
fn elementwise_steps_keep_the_refused_elements_and_update_the_others() {
    let mut opt = Adam::<f64, [f64; 3]>::new(AdamConfig::default()).unwrap();
    let mut twin = opt.clone();
    let mut x = [1.0, 2.0, 3.0];
    let err = opt
        .step_elementwise(&mut x, &[f64::NAN, 1.0, f64::INFINITY])
        .unwrap_err();
    assert_eq!(
        err,
        StepError::PartlyRefused {
            first: NonFiniteError::Gradient { index: 0 },
            refused: 2
        }
    );
    // Element 1 moved exactly as in a step with a finite gradient there; 0 and 2 did not.
    let mut y = [1.0, 2.0, 3.0];
    twin.step(&mut y, &[0.0, 1.0, 0.0]).unwrap();
    assert_eq!(x[0].to_bits(), 1.0_f64.to_bits());
    assert_eq!(x[1].to_bits(), y[1].to_bits());
    assert_eq!(x[2].to_bits(), 3.0_f64.to_bits());
    // The step counts: the moved element's bias correction has advanced.
    assert_eq!(opt.steps(), 1);
}
#[test]
fn every_optimizer_kind_is_covered() {
    let (_, cases) = parse();
    // The data names each optimizer by its type in lower case (`RmsProp` → `rmsprop`).
    for kind in K::ALL.iter().map(|k| k.type_name().to_lowercase()) {
        let kind = kind.as_str();
        assert!(
            cases
                .iter()
                .any(|c| c.optimizer == kind && c.options.is_empty()),
            "{kind}: no defaults case"
        );
        assert!(
            cases.iter().filter(|c| c.optimizer == kind).count() >= 3,
            "{kind}: fewer than 3 cases"
        );
    }
}
