//! The two paths of [`Optimizer::step`] (bound proof + fused pass, exact dry run) and
//! [`Optimizer::step_elementwise`], tested inside the crate so that a test can see which path
//! a step took and run the exact dry run (the previous implementation of `step`) as the
//! reference.

extern crate std;

use std::vec::Vec;
use std::{format, vec};

use proptest::prelude::*;

use super::*;
use crate::{ConfigError, NonFiniteError};

/// An optimizer whose step mode can be chosen.
trait Apply<T: Scalar>: Optimizer<T> + Clone + core::fmt::Debug {
    fn run(&mut self, p: &mut [T], g: &[T], mode: Mode) -> Result<Path, StepError>;
}

macro_rules! apply {
    ($($t:ident),*) => {$(
        impl<T: Scalar> Apply<T> for $t<T, Vec<T>> {
            fn run(&mut self, p: &mut [T], g: &[T], mode: Mode) -> Result<Path, StepError> {
                self.apply(p, g, mode)
            }
        }
    )*};
}
apply!(
    Sgd, Adagrad, RmsProp, Adadelta, Adam, AdamW, Adamax, NAdam, RAdam, Rprop
);

/// Hyperparameters shared by the configurations under test (each takes what it has).
#[derive(Clone, Copy, Debug)]
struct Hyper {
    lr: f64,
    eps: f64,
    beta1: f64,
    beta2: f64,
    wd: f64,
}

impl Default for Hyper {
    fn default() -> Self {
        Hyper {
            lr: 1e-2,
            eps: 1e-8,
            beta1: 0.9,
            beta2: 0.999,
            wd: 0.0,
        }
    }
}

/// Calls `$f(name, optimizer)` for every optimizer in configurations that use every rule and
/// every state buffer, built from `$h` for `$n` parameters of type `$t`.
macro_rules! for_each_config {
    ($f:ident, $t:ty, $n:expr, $h:expr) => {{
        let h: Hyper = $h;
        let n: usize = $n;
        let l = |x: f64| <$t as Scalar>::lit(x);
        let (lr, eps, b1, b2, wd) = (l(h.lr), l(h.eps), l(h.beta1), l(h.beta2), l(h.wd));
        macro_rules! mk {
            ($o:ident, $c:expr) => {
                $o::<$t, Vec<$t>>::with_len($c, n).unwrap()
            };
        }
        $f!(
            "sgd",
            mk!(
                Sgd,
                SgdConfig {
                    lr,
                    weight_decay: wd,
                    ..Default::default()
                }
            )
        );
        $f!(
            "momentum",
            mk!(
                Sgd,
                SgdConfig {
                    dampening: l(0.1),
                    ..SgdConfig::momentum(lr, b1)
                }
            )
        );
        $f!(
            "nesterov",
            mk!(
                Sgd,
                SgdConfig {
                    weight_decay: wd,
                    maximize: true,
                    ..SgdConfig::nesterov(lr, b1)
                }
            )
        );
        $f!(
            "adagrad",
            mk!(
                Adagrad,
                AdagradConfig {
                    lr,
                    eps,
                    weight_decay: wd,
                    ..Default::default()
                }
            )
        );
        $f!(
            "rmsprop",
            mk!(
                RmsProp,
                RmsPropConfig {
                    lr,
                    eps,
                    alpha: b2,
                    ..Default::default()
                }
            )
        );
        $f!(
            "rmsprop momentum",
            mk!(
                RmsProp,
                RmsPropConfig {
                    lr,
                    eps,
                    momentum: b1,
                    weight_decay: wd,
                    ..Default::default()
                }
            )
        );
        $f!(
            "rmsprop centred",
            mk!(
                RmsProp,
                RmsPropConfig {
                    lr,
                    eps,
                    centered: true,
                    momentum: b1,
                    ..Default::default()
                }
            )
        );
        $f!(
            "adadelta",
            mk!(
                Adadelta,
                AdadeltaConfig {
                    lr,
                    eps,
                    rho: b1,
                    weight_decay: wd,
                    ..Default::default()
                }
            )
        );
        $f!(
            "adam",
            mk!(
                Adam,
                AdamConfig {
                    lr,
                    eps,
                    betas: (b1, b2),
                    weight_decay: wd,
                    ..Default::default()
                }
            )
        );
        $f!(
            "amsgrad",
            mk!(
                Adam,
                AdamConfig {
                    lr,
                    eps,
                    betas: (b1, b2),
                    amsgrad: true,
                    maximize: true,
                    ..Default::default()
                }
            )
        );
        $f!(
            "adamw",
            mk!(
                AdamW,
                AdamWConfig {
                    lr,
                    eps,
                    betas: (b1, b2),
                    weight_decay: wd,
                    ..Default::default()
                }
            )
        );
        $f!(
            "adamax",
            mk!(
                Adamax,
                AdamaxConfig {
                    lr,
                    eps,
                    betas: (b1, b2),
                    weight_decay: wd,
                    ..Default::default()
                }
            )
        );
        $f!(
            "nadam",
            mk!(
                NAdam,
                NAdamConfig {
                    lr,
                    eps,
                    betas: (b1, b2),
                    weight_decay: wd,
                    decoupled_weight_decay: true,
                    ..Default::default()
                }
            )
        );
        $f!(
            "radam",
            mk!(
                RAdam,
                RAdamConfig {
                    lr,
                    eps,
                    betas: (b1, b2),
                    weight_decay: wd,
                    ..Default::default()
                }
            )
        );
        $f!(
            "rprop",
            mk!(
                Rprop,
                RpropConfig {
                    lr,
                    ..Default::default()
                }
            )
        );
    }};
}

fn bits<T: Scalar>(x: &[T]) -> Vec<u64> {
    x.iter().map(|v| v.to_f64().to_bits()).collect()
}

/// Steps `opt` all-or-nothing, a clone through the dry run, a third through `step_finite`'s
/// mode (where `FiniteGrads` accepts the gradient) and a fourth through the bound proof even
/// where the slice is short enough for the small-slice path ([`Mode::ProofOnly`]) over
/// `grads`: the results, the parameters (bit for bit) and then the states (one more dry-run
/// step each) must agree, and no step may write a non-finite value. Returns how many steps
/// took the proved path (of `step` if the slice is longer than [`SMALL`](engine::SMALL), else
/// of the fourth).
fn against_dry_run<T: Scalar, O: Apply<T>>(
    name: &str,
    mut a: O,
    p0: &[T],
    grads: &[Vec<T>],
) -> usize {
    let (mut b, mut c, mut d) = (a.clone(), a.clone(), a.clone());
    let (mut x, mut y, mut w, mut v) = (p0.to_vec(), p0.to_vec(), p0.to_vec(), p0.to_vec());
    let mut proved = 0;
    for g in grads {
        let before = x.clone();
        let ra = a.run(&mut x, g, Mode::AllOrNothing);
        let rb = b.run(&mut y, g, Mode::DryRun);
        let rd = d.run(&mut v, g, Mode::ProofOnly);
        assert_eq!(rd.err(), rb.err(), "{name}: proof only");
        assert_eq!(
            bits(&v),
            bits(&y),
            "{name}: the proof path's parameters differ"
        );
        if p0.len() <= engine::SMALL {
            assert!(
                matches!(ra, Ok(Path::Small) | Err(_)),
                "{name}: {ra:?} on {} parameters",
                p0.len()
            );
            proved += usize::from(rd == Ok(Path::Proved));
        }
        let rc = match FiniteGrads::new(g) {
            Ok(fg) => c.run(&mut w, g, Mode::Finite(fg.max_abs())).map(drop),
            Err(e) => Err(e.into()),
        };
        assert_eq!(rc.err(), rb.err(), "{name}: step_finite");
        assert_eq!(
            bits(&w),
            bits(&y),
            "{name}: step_finite's parameters differ"
        );
        assert_eq!(ra.is_ok(), rb.is_ok(), "{name}: {ra:?} vs {rb:?}");
        assert_eq!(ra.err(), rb.err(), "{name}");
        if p0.len() > engine::SMALL {
            proved += usize::from(ra == Ok(Path::Proved));
        }
        assert_eq!(bits(&x), bits(&y), "{name}: parameters differ ({ra:?})");
        if ra.is_err() {
            assert_eq!(
                bits(&x),
                bits(&before),
                "{name}: a refused step changed something"
            );
        }
        for (new, old) in x.iter().zip(&before) {
            assert!(
                new.is_finite() || !old.is_finite(),
                "{name}: wrote {new:?} over {old:?}"
            );
        }
    }
    let g: Vec<T> = (0..p0.len())
        .map(|i| T::lit(0.25 - 0.1 * i as f64))
        .collect();
    let (ra, rb, rc, rd) = (
        a.run(&mut x, &g, Mode::DryRun),
        b.run(&mut y, &g, Mode::DryRun),
        c.run(&mut w, &g, Mode::DryRun),
        d.run(&mut v, &g, Mode::DryRun),
    );
    assert_eq!(ra.err(), rb.err(), "{name}");
    assert_eq!(rc.err(), rb.err(), "{name}");
    assert_eq!(rd.err(), rb.err(), "{name}");
    assert_eq!(bits(&v), bits(&y), "{name}: the proof path's states differ");
    assert_eq!(bits(&x), bits(&y), "{name}: the states differ");
    assert_eq!(bits(&w), bits(&y), "{name}: step_finite's states differ");
    proved
}

/// A value spanning `T`'s range: mostly ordinary, sometimes huge or tiny, sometimes NaN or ∞.
fn value(max_exp: i32) -> impl Strategy<Value = f64> {
    prop_oneof![
        8 => -10.0..10.0_f64,
        3 => (-1.0..1.0_f64, -max_exp..=max_exp).prop_map(|(m, e)| m * 10f64.powi(e)),
        1 => prop_oneof![Just(f64::NAN), Just(f64::INFINITY), Just(f64::NEG_INFINITY)],
    ]
}

/// Hyperparameters, mostly usual, sometimes extreme (ε = 0, β close to 1, huge learning rates),
/// always valid: β = 1 and the like are refused before a step (`validate`), so they never reach
/// the bound proof or the dry run.
fn hyper(max_exp: i32) -> impl Strategy<Value = Hyper> {
    let m = max_exp as f64;
    let unit = prop_oneof![4 => 0.0..1.0_f64, 1 => Just(0.0), 1 => Just(0.999_999)];
    (
        prop_oneof![3 => -6.0..1.0_f64, 1 => -m..m].prop_map(|e| 10f64.powf(e)),
        prop_oneof![
            6 => (-12.0..-2.0_f64).prop_map(|e| 10f64.powf(e)),
            1 => Just(0.0),
            2 => (-m..0.0).prop_map(|e| 10f64.powf(e)),
        ],
        unit.clone(),
        unit,
        prop_oneof![Just(0.0), 0.0..0.5_f64],
    )
        .prop_map(|(lr, eps, beta1, beta2, wd)| Hyper {
            lr,
            eps,
            beta1,
            beta2,
            wd,
        })
}

fn cases(max_exp: i32) -> impl Strategy<Value = (Hyper, Vec<f64>, Vec<Vec<f64>>)> {
    (hyper(max_exp), 1..7_usize).prop_flat_map(move |(h, n)| {
        (
            Just(h),
            proptest::collection::vec(prop_oneof![6 => -3.0..3.0_f64, 1 => value(max_exp)], n),
            proptest::collection::vec(proptest::collection::vec(value(max_exp), n), 1..6),
        )
    })
}

macro_rules! check_all {
    ($t:ty, $h:expr, $p:expr, $gs:expr) => {{
        let p: Vec<$t> = $p.iter().map(|v| <$t as Scalar>::lit(*v)).collect();
        let gs: Vec<Vec<$t>> = $gs
            .iter()
            .map(|g| g.iter().map(|v| <$t as Scalar>::lit(*v)).collect())
            .collect();
        macro_rules! call {
            ($name:expr, $o:expr) => {
                against_dry_run($name, $o, &p, &gs)
            };
        }
        for_each_config!(call, $t, p.len(), $h);
    }};
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// The proof is sound: wherever `step` takes the fused path, the result is bit for bit the
    /// dry run's (which refuses anything non-finite), over gradients, parameters and
    /// hyperparameters spanning all of `f64`.
    #[test]
    fn step_is_the_dry_run_bit_for_bit_f64((h, p, gs) in cases(308)) {
        check_all!(f64, h, p, gs);
    }

    /// The same in `f32`, where overflow comes 270 decades sooner.
    #[test]
    fn step_is_the_dry_run_bit_for_bit_f32((h, p, gs) in cases(38)) {
        check_all!(f32, h, p, gs);
    }

    /// `step_elementwise` never writes a non-finite value, keeps every element whose gradient
    /// is not finite, reports the refused elements, and moves the others exactly as an
    /// all-or-nothing step does when that one succeeds.
    #[test]
    fn elementwise_keeps_refused_elements((h, p, gs) in cases(308)) {
        fn f<O: Apply<f64>>(p: &[f64], gs: &[Vec<f64>], name: &str, o: O) {
            let mut a = o;
            let mut x = p.to_vec();
            for g in gs {
                let before = x.clone();
                let (mut reference, mut y) = (a.clone(), x.clone());
                let rr = reference.run(&mut y, g, Mode::DryRun);
                let r = a.run(&mut x, g, Mode::Elementwise);
                let bad: Vec<usize> = (0..g.len()).filter(|&i| !g[i].is_finite()).collect();
                for &i in &bad {
                    assert_eq!(x[i].to_bits(), before[i].to_bits(), "{name}");
                }
                for (new, old) in x.iter().zip(&before) {
                    assert!(new.is_finite() || !old.is_finite(), "{name}: wrote {new:?}");
                }
                match r {
                    Ok(path) => {
                        assert!(bad.is_empty(), "{name}");
                        assert_eq!(path, Path::Elementwise);
                    }
                    Err(StepError::PartlyRefused { first, refused }) => {
                        assert!(refused >= bad.len() && refused >= 1, "{name}");
                        let index = match first {
                            NonFiniteError::Gradient { index } => index,
                            NonFiniteError::Parameter { index } => index,
                            NonFiniteError::Loss => unreachable!(),
                        };
                        assert!(bad.first().is_none_or(|&b| index <= b), "{name}");
                        if let NonFiniteError::Gradient { index } = first {
                            assert!(!g[index].is_finite(), "{name}");
                        }
                    }
                    Err(e) => panic!("{name}: {e:?}"),
                }
                // Where the all-or-nothing step succeeds, the elementwise one is that step.
                if rr.is_ok() {
                    assert!(r.is_ok(), "{name}");
                    assert_eq!(bits(&x), bits(&y), "{name}");
                }
            }
        }
        macro_rules! call {
            ($name:expr, $o:expr) => {
                f(&p, &gs, $name, $o)
            };
        }
        for_each_config!(call, f64, p.len(), h);
    }
}

/// Ordinary training steps take the proved path (all of them, once the state's ranges are
/// known: the first step computes them with one read pass), except centred RMSProp, which
/// is not provable and always takes the dry run. f32 and f64.
#[test]
fn ordinary_steps_take_the_proved_path() {
    fn run<T: Scalar, O: Apply<T>>(name: &str, o: O) {
        // NOTE: ≥ 256 parameters, so that `step` runs the AVX2 loops where the CPU has them,
        // while the reference dry run always runs the baseline loops: this also checks that
        // both give the same bits.
        let n = 300;
        let p: Vec<T> = (0..n).map(|i| T::lit((i as f64 * 0.37).sin())).collect();
        let gs: Vec<Vec<T>> = (0..60)
            .map(|s| {
                (0..n)
                    .map(|i| T::lit(((i * 7 + s * 3) as f64 * 0.11).cos() * 4.0))
                    .collect()
            })
            .collect();
        let proved = against_dry_run(name, o, &p, &gs);
        if name.contains("centred") {
            assert_eq!(proved, 0, "{name}");
        } else {
            assert_eq!(
                proved,
                gs.len(),
                "{name}: only {proved} of {} steps proved",
                gs.len()
            );
        }
    }
    macro_rules! r {
        ($name:expr, $o:expr) => {
            run($name, $o)
        };
    }
    for_each_config!(r, f64, 300, Hyper::default());
    for_each_config!(r, f32, 300, Hyper::default());
    for_each_config!(
        r,
        f64,
        300,
        Hyper {
            wd: 0.1,
            ..Hyper::default()
        }
    );
}

/// A gradient too large for the proof but not for the step: the dry run takes over and the
/// step succeeds (bit for bit the reference, checked by `against_dry_run`); the next ordinary
/// step, after recomputing the state's ranges, is proved again where the state allows it.
#[test]
fn a_failed_proof_falls_back_to_the_dry_run_and_succeeds() {
    fn run<O: Apply<f64>>(name: &str, mut o: O) {
        // 1e150 squares to 1e300 > 2⁹⁶⁹ ≈ 1e291.7 (the proof's limit) but < f64::MAX; for the
        // methods without squares, 1e295·γ is beyond the limit and still finite.
        let big = if ["sgd", "momentum", "nesterov", "adamax", "rprop"].contains(&name) {
            1e295
        } else {
            1e150
        };
        // NOTE: 300 parameters (the AVX2 loops where the CPU has them; see above).
        let n = 300;
        let x0 = [0.5, -0.25, 1.0];
        let (g0, g1) = ([0.1, big, -0.2], [0.1, 0.3, -0.2]);
        let cycle = |v: &[f64; 3]| (0..n).map(|i| v[i % 3]).collect::<Vec<f64>>();
        let mut x = cycle(&x0);
        let r = o.run(&mut x, &cycle(&g0), Mode::AllOrNothing);
        if name == "rprop" {
            // Rprop's step is sign(g)·Δ whatever |g|: provable for any finite gradient.
            assert_eq!(r, Ok(Path::Proved), "{name}");
        } else {
            assert_eq!(r, Ok(Path::DryRun), "{name}");
        }
        assert!(x.iter().all(|v| v.is_finite()), "{name}");
        against_dry_run(name, o, &x, &[cycle(&g0), cycle(&g1)]);
    }
    macro_rules! r {
        ($name:expr, $o:expr) => {
            run($name, $o)
        };
    }
    for_each_config!(
        r,
        f64,
        300,
        Hyper {
            lr: 1.0,
            ..Hyper::default()
        }
    );
}

/// The proof holds or fails on the hyperparameters too: ε = 0 cannot be proved, and the dry run
/// decides.
#[test]
fn degenerate_hyperparameters_take_the_dry_run() {
    let mut adam = Adam::<f64, Vec<f64>>::with_len(
        AdamConfig {
            eps: 0.0,
            ..Default::default()
        },
        2,
    )
    .unwrap();
    let mut x = [1.0, 2.0];
    // NOTE: `ProofOnly`, since a slice this short takes the small-slice path, which has no
    // proof.
    assert_eq!(
        adam.apply(&mut x, &[0.5, -0.5], Mode::ProofOnly),
        Ok(Path::DryRun)
    );
    // ε = 0 and a zero gradient on a fresh state: 0/0, refused.
    let mut adam = Adam::<f64, Vec<f64>>::with_len(
        AdamConfig {
            eps: 0.0,
            ..Default::default()
        },
        2,
    )
    .unwrap();
    assert_eq!(
        adam.apply(&mut x, &[0.5, 0.0], Mode::AllOrNothing),
        Err(NonFiniteError::Parameter { index: 1 }.into())
    );
    let mut rprop = Rprop::<f64, Vec<f64>>::with_len(
        RpropConfig {
            step_sizes: (1e-6, 1e300),
            ..Default::default()
        },
        2,
    )
    .unwrap();
    assert_eq!(
        rprop.apply(&mut x, &[0.5, -0.5], Mode::ProofOnly),
        Ok(Path::DryRun)
    );
    // An infinite initial accumulator is refused when the optimizer is made (it could only
    // keep the accumulator infinite).
    let adagrad = Adagrad::<f64, Vec<f64>>::with_len(
        AdagradConfig {
            initial_accumulator_value: f64::INFINITY,
            ..Default::default()
        },
        2,
    );
    assert!(matches!(
        adagrad,
        Err(BuildError::Config(ConfigError {
            param: "initial_accumulator_value",
            ..
        }))
    ));
}

/// Non-finite input is refused by both modes of `step` exactly as before, and nothing changes.
#[test]
fn non_finite_input_is_refused_on_every_path() {
    fn run<O: Apply<f64>>(name: &str, mut o: O) {
        let mut x = vec![0.5, -0.25, 1.0];
        let twin = o.clone();
        assert_eq!(
            o.run(&mut x, &[0.1, f64::NAN, -0.2], Mode::AllOrNothing),
            Err(NonFiniteError::Gradient { index: 1 }.into()),
            "{name}"
        );
        assert_eq!(x, [0.5, -0.25, 1.0], "{name}");
        assert_eq!(
            FiniteGrads::new(&[0.1, 0.2, f64::INFINITY]).err(),
            Some(NonFiniteError::Gradient { index: 2 }),
        );
        // step_finite: a certified gradient, an infinite parameter: refused, nothing changed.
        let mut z = vec![0.5, f64::INFINITY, 1.0];
        let fg = FiniteGrads::new(&[0.1, 0.2, -0.2]).unwrap();
        assert_eq!(
            o.step_finite(&mut z, fg),
            Err(NonFiniteError::Parameter { index: 1 }.into()),
            "{name}"
        );
        assert_eq!(z[0], 0.5, "{name}");
        // A parameter that is already infinite: the update would keep it non-finite.
        let mut y = vec![0.5, f64::INFINITY, 1.0];
        let r = o.run(&mut y, &[0.1, 0.2, -0.2], Mode::AllOrNothing);
        assert_eq!(
            r,
            Err(NonFiniteError::Parameter { index: 1 }.into()),
            "{name}"
        );
        assert_eq!(y[0], 0.5, "{name}");
        assert_eq!(
            format!("{o:?}"),
            format!("{twin:?}"),
            "{name}: state changed"
        );
    }
    macro_rules! r {
        ($name:expr, $o:expr) => {
            run($name, $o)
        };
    }
    for_each_config!(r, f64, 3, Hyper::default());
}

/// A non-finite gradient entry or parameter at any index, on a short slice (the small-slice
/// path) or a longer one (the proof's pre-pass), through `step`, the proof path, the dry run
/// and `step_finite`, after a few ordinary steps: refused, naming that index, and the
/// parameters and the whole optimizer (state, step count, known ranges) are exactly as before.
#[test]
fn a_non_finite_value_at_any_index_changes_nothing() {
    fn run<T: Scalar, O: Apply<T>>(name: &str, mut o: O, n: usize) {
        let mut x: Vec<T> = (0..n).map(|i| T::lit((i as f64 * 0.37).sin())).collect();
        let g: Vec<T> = (0..n).map(|i| T::lit((i as f64 * 0.11).cos())).collect();
        for _ in 0..3 {
            o.run(&mut x, &g, Mode::AllOrNothing).unwrap();
        }
        let twin = format!("{o:?}");
        let before = bits(&x);
        for at in 0..n {
            for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY].map(T::lit) {
                let mut h = g.clone();
                h[at] = bad;
                let gradient = Err(StepError::from(NonFiniteError::Gradient { index: at }));
                for mode in [Mode::AllOrNothing, Mode::ProofOnly, Mode::DryRun] {
                    assert_eq!(
                        o.run(&mut x, &h, mode),
                        gradient,
                        "{name} {n} {at} {mode:?}"
                    );
                    assert_eq!(bits(&x), before, "{name} {n} {at} {mode:?}");
                    assert_eq!(format!("{o:?}"), twin, "{name} {n} {at} {mode:?}");
                }
                let mut y = x.clone();
                y[at] = bad;
                let parameter = Err(StepError::from(NonFiniteError::Parameter { index: at }));
                for mode in [Mode::AllOrNothing, Mode::ProofOnly, Mode::DryRun] {
                    assert_eq!(
                        o.run(&mut y, &g, mode),
                        parameter,
                        "{name} {n} {at} {mode:?}"
                    );
                    assert_eq!(format!("{o:?}"), twin, "{name} {n} {at} {mode:?}");
                }
                let fg = FiniteGrads::new(&g).unwrap();
                assert_eq!(
                    o.step_finite(&mut y, fg),
                    parameter.map(drop),
                    "{name} {n} {at}"
                );
                y[at] = x[at];
                assert_eq!(bits(&y), before, "{name} {n} {at}");
                assert_eq!(format!("{o:?}"), twin, "{name} {n} {at}");
            }
        }
    }
    // NOTE: every length up to SMALL + 1 (each count of chunks and tail elements of the
    // small path), 40, and in `f32` 260 (the AVX2 instantiation of the other paths).
    for n in (1..=engine::SMALL + 1).chain([40, 260]) {
        macro_rules! r {
            ($name:expr, $o:expr) => {
                run($name, $o, n)
            };
        }
        if n < 256 {
            for_each_config!(r, f64, n, Hyper::default());
        }
        for_each_config!(r, f32, n, Hyper::default());
    }
}

/// `FiniteGrads::new` and `scale` at lengths around their lane counts and the AVX2 threshold
/// (256), with a non-finite entry at every index: the first one named, max |g| and the scaled
/// values exactly those of a plain loop.
#[test]
fn finite_grads_at_every_length_and_index() {
    fn run<T: Scalar>(n: usize) {
        let g: Vec<T> = (0..n)
            .map(|i| T::lit((i as f64 * 0.71).sin() * (1.0 + i as f64)))
            .collect();
        let s = T::lit(0.37);
        let max = |g: &[T]| g.iter().fold(0.0_f64, |m, x| m.max(x.to_f64().abs()));
        assert_eq!(FiniteGrads::new(&g).unwrap().max_abs(), max(&g), "{n}");
        let mut h = g.clone();
        let want: Vec<T> = g.iter().map(|x| *x * s).collect();
        assert_eq!(
            FiniteGrads::scale(&mut h, s).unwrap().max_abs(),
            max(&want),
            "{n}"
        );
        assert_eq!(bits(&h), bits(&want), "{n}");
        let every = if cfg!(miri) { n / 3 + 1 } else { 1 };
        for at in (0..n).step_by(every) {
            for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY].map(T::lit) {
                let mut h = g.clone();
                h[at] = bad;
                if at + 1 < n {
                    h[n - 1] = bad;
                }
                let e = Some(NonFiniteError::Gradient { index: at });
                assert_eq!(FiniteGrads::new(&h).err(), e, "{n} {at}");
                assert_eq!(FiniteGrads::scale(&mut h, s).err(), e, "{n} {at}");
            }
        }
    }
    let lengths: &[usize] = if cfg!(miri) {
        &[5, 256, 275]
    } else {
        &[
            0, 1, 3, 4, 5, 15, 16, 17, 20, 31, 255, 256, 257, 263, 271, 272, 300,
        ]
    };
    for &n in lengths {
        run::<f32>(n);
        run::<f64>(n);
    }
}

/// Over a long run the tracked ranges stay tight: every step of a provable configuration is
/// proved, except AdaDelta's, whose bound for its average of squared updates may grow by up to
/// (1 + ρ) per step and so falls back to the dry run about once in a thousand steps (after
/// which the next step recomputes the ranges). Centred RMSProp is never proved.
#[test]
fn long_runs_stay_on_the_proved_path() {
    fn run<O: Apply<f64>>(name: &str, mut o: O) {
        let n = 64;
        let mut p: Vec<f64> = (0..n).map(|i| ((i * 7) as f64 * 0.37).sin()).collect();
        let g: Vec<f64> = (0..n).map(|i| ((i * 13) as f64 * 0.11).cos()).collect();
        let (mut proved, mut dry) = (0, 0);
        for _ in 0..5000 {
            match o.run(&mut p, &g, Mode::AllOrNothing) {
                Ok(Path::Proved) => proved += 1,
                Ok(_) => dry += 1,
                // Centred RMSProp with a constant gradient: v − ḡ² rounds below 0, refused.
                Err(_) => assert!(name.contains("centred"), "{name}"),
            }
        }
        match name {
            "rmsprop centred" => assert_eq!(proved, 0, "{name}"),
            "adadelta" => assert!(dry <= 10, "{name}: {dry} dry runs"),
            _ => assert_eq!(dry, 0, "{name}: {dry} dry runs"),
        }
    }
    macro_rules! r {
        ($name:expr, $o:expr) => {
            run($name, $o)
        };
    }
    for_each_config!(r, f64, 64, Hyper::default());
}

/// `FiniteGrads`: `new` and `scale` certify exactly the finite slices, with max |g|; `scale`
/// scales every entry, and names the first non-finite one.
#[test]
fn finite_grads_certify_what_they_checked() {
    let g = [0.5_f64, -3.0, 2.0, 0.0, 1.0, -1.0, 0.25, 2.5, -2.75];
    assert_eq!(FiniteGrads::new(&g).unwrap().max_abs(), 3.0);
    assert_eq!(FiniteGrads::new(&[] as &[f32]).unwrap().max_abs(), 0.0);
    let mut h = g;
    let fg = FiniteGrads::scale(&mut h, 0.5).unwrap();
    assert_eq!(fg.max_abs(), 1.5);
    assert_eq!(fg.as_slice()[8], -1.375);
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        for at in [0, 7, 8] {
            let mut h = g;
            h[at] = bad;
            assert_eq!(
                FiniteGrads::new(&h).err(),
                Some(NonFiniteError::Gradient { index: at })
            );
            assert_eq!(
                FiniteGrads::scale(&mut h, 0.5).err(),
                Some(NonFiniteError::Gradient { index: at })
            );
            assert_eq!(h[(at + 1) % 9], g[(at + 1) % 9] * 0.5);
        }
    }
    // Overflow of the scaled value is caught too.
    let mut big = [f64::MAX, 1.0];
    assert_eq!(
        FiniteGrads::scale(&mut big, 4.0).err(),
        Some(NonFiniteError::Gradient { index: 0 })
    );
}

/// `valid`, the fast path of every `validate`, at the edges of each rule in both types: the
/// largest value below 1 is a valid β and 1 is not; ±0 and max_T are valid non-negative
/// values, −min_T, ∞ and NaN are not; ±max_T is finite, ±∞ and NaN are not.
#[test]
fn valid_is_exact_at_the_edges() {
    fn run<T: Scalar>(below_one: T, max: T, tiny: T) {
        let (zero, one) = (T::zero(), T::one());
        let (inf, nan) = (T::lit(f64::INFINITY), T::lit(f64::NAN));
        assert!(engine::valid(
            [zero, -zero, max],
            [max, -max],
            [zero, below_one]
        ));
        for b in [one, -tiny, nan, inf] {
            assert!(!engine::valid::<T, 0, 0, 1>([], [], [b]), "{b:?}");
        }
        for x in [-tiny, inf, nan] {
            assert!(!engine::valid::<T, 1, 0, 0>([x], [], []), "{x:?}");
        }
        for f in [inf, -inf, nan] {
            assert!(!engine::valid::<T, 0, 1, 0>([], [f], []), "{f:?}");
        }
    }
    // NOTE: the largest value below 1 in each type, next to 1.
    assert_eq!((1.0 - f32::EPSILON / 2.0).to_bits() + 1, 1.0f32.to_bits());
    assert_eq!((1.0 - f64::EPSILON / 2.0).to_bits() + 1, 1.0f64.to_bits());
    run::<f32>(1.0 - f32::EPSILON / 2.0, f32::MAX, f32::from_bits(1));
    run::<f64>(1.0 - f64::EPSILON / 2.0, f64::MAX, f64::from_bits(1));
}

/// `step_scaled` is `FiniteGrads::scale` then `step_finite` (the provided composition, which
/// the optimizers' short way replaces up to `SMALL` parameters): at every length around the
/// small path's chunks and past it, for every configuration (with and without weight decay,
/// and maximising), the same result, the same parameter, gradient and state bits (the whole
/// optimizer, through `Debug`: state, step count, known ranges), over ordinary steps and with
/// a NaN or ±∞ gradient entry, a NaN or ±∞ parameter, or a gradient entry that s·g overflows,
/// at every index; and a refused step changes neither the parameters nor the optimizer.
#[test]
fn step_scaled_is_scale_then_step_finite() {
    fn same<T: Scalar, O: Apply<T>>(what: &str, o: &mut O, x: &mut [T], g: &[T], s: T) {
        let (mut o2, mut x2, mut g2) = (o.clone(), x.to_vec(), g.to_vec());
        let (before, twin) = (bits(x), format!("{o:?}"));
        let mut g1 = g.to_vec();
        let r1 = o.step_scaled(x, &mut g1, s);
        let r2 = match FiniteGrads::scale(&mut g2, s) {
            Ok(fg) => o2.step_finite(&mut x2, fg),
            Err(e) => Err(e.into()),
        };
        assert_eq!(r1, r2, "{what}");
        assert_eq!(bits(x), bits(&x2), "{what}: parameters");
        assert_eq!(bits(&g1), bits(&g2), "{what}: gradient");
        assert_eq!(format!("{o:?}"), format!("{o2:?}"), "{what}: state");
        if r1.is_err() {
            assert_eq!(bits(x), before, "{what}: a refused step wrote");
            assert_eq!(
                format!("{o:?}"),
                twin,
                "{what}: a refused step changed the state"
            );
        }
    }
    fn run<T: Scalar, O: Apply<T>>(name: &str, mut o: O, n: usize) {
        let big = T::lit(if core::mem::size_of::<T>() == 4 {
            1e30
        } else {
            1e300
        });
        let mut x: Vec<T> = (0..n).map(|i| T::lit((i as f64 * 0.37).sin())).collect();
        let g: Vec<T> = (0..n)
            .map(|i| T::lit((i as f64 * 0.11).cos() * 3.0))
            .collect();
        for (k, s) in [0.25, 1.0 / 3.0, 1.0, 0.1].into_iter().enumerate() {
            let what = format!("{name} {n} step {k}");
            same(&what, &mut o, &mut x, &g, T::lit(s));
        }
        let s = T::lit(1.0 / 3.0);
        for at in 0..n {
            for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY].map(T::lit) {
                let mut h = g.clone();
                h[at] = bad;
                let what = format!("{name} {n} gradient {bad:?} at {at}");
                same(&what, &mut o, &mut x, &h, s);
                let mut y = x.clone();
                y[at] = bad;
                let what = format!("{name} {n} parameter {bad:?} at {at}");
                same(&what, &mut o, &mut y, &g, s);
            }
            let mut h = g.clone();
            h[at] = big;
            let what = format!("{name} {n} s·g overflows at {at}");
            same(&what, &mut o, &mut x, &h, big);
        }
        // Errors in the same order as the composition's: a non-finite s·g before an invalid
        // configuration before a wrong length.
        let mut h = g.clone();
        if let Some(h0) = h.first_mut() {
            *h0 = T::lit(f64::NAN);
        }
        let lr = o.learning_rate();
        o.set_learning_rate(T::lit(f64::NAN));
        same(&format!("{name} {n} bad lr"), &mut o, &mut x, &g, s);
        same(&format!("{name} {n} bad lr, NaN"), &mut o, &mut x, &h, s);
        o.set_learning_rate(lr);
        let m = n.saturating_sub(1);
        let mut short = x[..m].to_vec();
        same(&format!("{name} {n} short"), &mut o, &mut short, &g[..m], s);
        same(
            &format!("{name} {n} short params"),
            &mut o,
            &mut short,
            &g,
            s,
        );
        let mut long = x.clone();
        long.push(T::one());
        let mut hl = h.clone();
        hl.push(T::one());
        same(&format!("{name} {n} long, NaN"), &mut o, &mut long, &hl, s);
        same(&format!("{name} {n} after"), &mut o, &mut x, &g, s);
    }
    fn extra<T: Scalar>(n: usize) {
        let c = AdamConfig {
            maximize: true,
            weight_decay: T::lit(0.01),
            ..Default::default()
        };
        run(
            "adam maximize",
            Adam::<T, Vec<T>>::with_len(c, n).unwrap(),
            n,
        );
        let c = SgdConfig {
            maximize: true,
            ..SgdConfig::momentum(T::lit(0.01), T::lit(0.9))
        };
        run("sgd maximize", Sgd::<T, Vec<T>>::with_len(c, n).unwrap(), n);
    }
    for n in (0..=engine::SMALL + 1).chain([40, 260]) {
        macro_rules! r {
            ($name:expr, $o:expr) => {
                run($name, $o, n)
            };
        }
        let wd = Hyper {
            wd: 0.01,
            ..Hyper::default()
        };
        if n < 256 {
            for_each_config!(r, f64, n, Hyper::default());
            for_each_config!(r, f64, n, wd);
            extra::<f64>(n);
        }
        for_each_config!(r, f32, n, Hyper::default());
        for_each_config!(r, f32, n, wd);
        extra::<f32>(n);
    }
}

/// `scale_check` (the pass of `step_scaled` on more than `SMALL` parameters) at lengths around
/// its lanes and the AVX2 threshold (256): the scaled values bit for bit and max |s·g| as a
/// plain loop gives them, and `None` for a NaN or ±∞ in the gradient, in the parameters, or an
/// s·g that overflows, at every index.
#[test]
fn scale_check_at_every_length_and_index() {
    fn run<T: Scalar>(n: usize) {
        let g: Vec<T> = (0..n)
            .map(|i| T::lit((i as f64 * 0.71).sin() * (1.0 + i as f64)))
            .collect();
        let p: Vec<T> = (0..n).map(|i| T::lit((i as f64 * 0.3).cos())).collect();
        let s = T::lit(0.37);
        let want: Vec<T> = g.iter().map(|x| *x * s).collect();
        let max = want.iter().fold(0.0_f64, |m, x| m.max(x.to_f64().abs()));
        let mut h = g.clone();
        assert_eq!(scale_check(&p, &mut h, s), Some(max), "{n}");
        assert_eq!(bits(&h), bits(&want), "{n}");
        let big = T::lit(if core::mem::size_of::<T>() == 4 {
            1e30
        } else {
            1e300
        });
        let every = if cfg!(miri) { n / 3 + 1 } else { 1 };
        for at in (0..n).step_by(every) {
            for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY].map(T::lit) {
                let mut h = g.clone();
                h[at] = bad;
                assert_eq!(scale_check(&p, &mut h, s), None, "{n} {at} gradient");
                let mut h = g.clone();
                let mut q = p.clone();
                q[at] = bad;
                assert_eq!(scale_check(&q, &mut h, s), None, "{n} {at} parameter");
                assert_eq!(bits(&h), bits(&want), "{n} {at}");
            }
            let mut h = g.clone();
            h[at] = big;
            assert_eq!(scale_check(&p, &mut h, big), None, "{n} {at} overflow");
        }
    }
    let lengths: &[usize] = if cfg!(miri) {
        &[17, 256, 275]
    } else {
        &[17, 20, 31, 32, 33, 255, 256, 257, 263, 271, 272, 300]
    };
    for &n in lengths {
        run::<f32>(n);
        run::<f64>(n);
    }
}
