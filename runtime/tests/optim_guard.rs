//! Bad input never corrupts: every optimizer refuses a non-finite gradient, an update that
//! would overflow, and a length mismatch, and leaves the parameters *and* its own state
//! exactly as they were.

use typenet_runtime::NonFiniteError;
use typenet_runtime::error::LengthError;
use typenet_runtime::optim::*;

#[path = "support/lists.rs"]
mod lists;
use lists::OptimizerKind as K;

const START: [f64; 4] = [0.5, -1.0, 2.0, 0.25];
const GOOD: [f64; 4] = [0.3, -0.2, 1.5, -0.7];

/// Runs two good steps, then `bad` (with `bad_params`), which must fail with `expected`; then
/// checks that nothing changed: the parameters bit for bit, and the state, by stepping the
/// optimizer and a clone taken before the bad step with the same good gradient.
fn check_refuses<O: Optimizer<f64> + Clone>(
    name: &str,
    mut opt: O,
    bad_params: Option<[f64; 4]>,
    bad: [f64; 4],
    expected: StepError,
) {
    let mut x = START;
    opt.step(&mut x, &GOOD).unwrap();
    opt.step(&mut x, &GOOD).unwrap();
    if let Some(p) = bad_params {
        x = p;
    }
    let before = x;
    let twin = opt.clone();
    let err = opt.step(&mut x, &bad).unwrap_err();
    assert_eq!(err, expected, "{name}");
    assert_eq!(
        x.map(f64::to_bits),
        before.map(f64::to_bits),
        "{name}: params changed"
    );

    let (mut x1, mut x2) = (START, START);
    let mut twin = twin;
    for _ in 0..3 {
        opt.step(&mut x1, &GOOD).unwrap();
        twin.step(&mut x2, &GOOD).unwrap();
    }
    assert_eq!(
        x1.map(f64::to_bits),
        x2.map(f64::to_bits),
        "{name}: optimizer state changed by a refused step"
    );
}

/// Every optimizer (the shared list), in configurations that use every state buffer.
macro_rules! for_each_optimizer {
    ($f:ident) => {{
        type B = [f64; 4];
        for &kind in K::ALL {
            match kind {
                K::Sgd => {
                    $f("sgd", Sgd::<f64, B>::new(SgdConfig::plain(0.1)).unwrap());
                    $f(
                        "sgd momentum",
                        Sgd::<f64, B>::new(SgdConfig::momentum(0.1, 0.9)).unwrap(),
                    );
                    $f(
                        "sgd nesterov",
                        Sgd::<f64, B>::new(SgdConfig {
                            weight_decay: 0.1,
                            ..SgdConfig::nesterov(0.1, 0.9)
                        })
                        .unwrap(),
                    );
                }
                K::Adagrad => $f(
                    "adagrad",
                    Adagrad::<f64, B>::new(AdagradConfig {
                        weight_decay: 0.1,
                        ..Default::default()
                    })
                    .unwrap(),
                ),
                K::RmsProp => {
                    $f(
                        "rmsprop",
                        RmsProp::<f64, B>::new(RmsPropConfig::default()).unwrap(),
                    );
                    $f(
                        "rmsprop centered momentum",
                        RmsProp::<f64, B>::new(RmsPropConfig {
                            centered: true,
                            momentum: 0.9,
                            ..Default::default()
                        })
                        .unwrap(),
                    );
                    $f(
                        "rmsprop centered",
                        RmsProp::<f64, B>::new(RmsPropConfig {
                            centered: true,
                            ..Default::default()
                        })
                        .unwrap(),
                    );
                    $f(
                        "rmsprop momentum",
                        RmsProp::<f64, B>::new(RmsPropConfig {
                            momentum: 0.9,
                            ..Default::default()
                        })
                        .unwrap(),
                    );
                }
                K::Adadelta => $f(
                    "adadelta",
                    Adadelta::<f64, B>::new(AdadeltaConfig::default()).unwrap(),
                ),
                K::Adam => {
                    $f("adam", Adam::<f64, B>::new(AdamConfig::default()).unwrap());
                    $f(
                        "adam amsgrad",
                        Adam::<f64, B>::new(AdamConfig {
                            amsgrad: true,
                            weight_decay: 0.1,
                            ..Default::default()
                        })
                        .unwrap(),
                    );
                }
                K::AdamW => $f(
                    "adamw",
                    AdamW::<f64, B>::new(AdamWConfig {
                        amsgrad: true,
                        ..Default::default()
                    })
                    .unwrap(),
                ),
                K::Adamax => $f(
                    "adamax",
                    Adamax::<f64, B>::new(AdamaxConfig::default()).unwrap(),
                ),
                K::NAdam => {
                    $f(
                        "nadam",
                        NAdam::<f64, B>::new(NAdamConfig {
                            weight_decay: 0.1,
                            ..Default::default()
                        })
                        .unwrap(),
                    );
                    $f(
                        "nadam decoupled",
                        NAdam::<f64, B>::new(NAdamConfig {
                            weight_decay: 0.1,
                            decoupled_weight_decay: true,
                            ..Default::default()
                        })
                        .unwrap(),
                    );
                }
                K::RAdam => $f(
                    "radam",
                    RAdam::<f64, B>::new(RAdamConfig::default()).unwrap(),
                ),
                K::Rprop => $f(
                    "rprop",
                    Rprop::<f64, B>::new(RpropConfig::default()).unwrap(),
                ),
            }
        }
    }};
}

#[test]
fn nan_gradient_is_refused_and_changes_nothing() {
    fn f<O: Optimizer<f64> + Clone>(name: &str, opt: O) {
        let bad = [0.1, 0.2, f64::NAN, 0.3];
        let e = NonFiniteError::Gradient { index: 2 }.into();
        check_refuses(name, opt, None, bad, e);
    }
    for_each_optimizer!(f);
}

#[test]
fn infinite_gradient_is_refused_and_changes_nothing() {
    fn f<O: Optimizer<f64> + Clone>(name: &str, opt: O) {
        let bad = [f64::INFINITY, 0.2, 0.3, f64::NEG_INFINITY];
        // The first non-finite entry is reported.
        let e = NonFiniteError::Gradient { index: 0 }.into();
        check_refuses(name, opt, None, bad, e);
    }
    for_each_optimizer!(f);
}

#[test]
fn overflowing_update_is_refused_and_changes_nothing() {
    // A finite gradient whose update overflows. Squared-gradient methods overflow their
    // state (g² = ∞); the others overflow the parameter itself, pushed past f64::MAX.
    let huge = [0.1, 0.2, 1e200, 0.3];
    let e = StepError::from(NonFiniteError::Parameter { index: 2 });
    type B = [f64; 4];
    check_refuses(
        "adagrad",
        Adagrad::<f64, B>::new(AdagradConfig::default()).unwrap(),
        None,
        huge,
        e,
    );
    check_refuses(
        "rmsprop",
        RmsProp::<f64, B>::new(RmsPropConfig {
            centered: true,
            momentum: 0.5,
            ..Default::default()
        })
        .unwrap(),
        None,
        huge,
        e,
    );
    check_refuses(
        "adadelta",
        Adadelta::<f64, B>::new(AdadeltaConfig::default()).unwrap(),
        None,
        huge,
        e,
    );
    check_refuses(
        "adam",
        Adam::<f64, B>::new(AdamConfig {
            amsgrad: true,
            ..Default::default()
        })
        .unwrap(),
        None,
        huge,
        e,
    );
    check_refuses(
        "adamw",
        AdamW::<f64, B>::new(AdamWConfig::default()).unwrap(),
        None,
        huge,
        e,
    );
    check_refuses(
        "nadam",
        NAdam::<f64, B>::new(NAdamConfig::default()).unwrap(),
        None,
        huge,
        e,
    );
    check_refuses(
        "radam",
        RAdam::<f64, B>::new(RAdamConfig::default()).unwrap(),
        None,
        huge,
        e,
    );

    let at_edge = Some([0.5, -1.0, -f64::MAX, 0.25]);
    let one = [0.1, 0.2, 1.0, 0.3];
    check_refuses(
        "sgd",
        Sgd::<f64, B>::new(SgdConfig::plain(1e300)).unwrap(),
        at_edge,
        one,
        e,
    );
    check_refuses(
        "sgd momentum",
        Sgd::<f64, B>::new(SgdConfig::momentum(1e300, 0.9)).unwrap(),
        at_edge,
        one,
        e,
    );
    check_refuses(
        "adamax",
        Adamax::<f64, B>::new(AdamaxConfig {
            lr: 1e300,
            ..Default::default()
        })
        .unwrap(),
        at_edge,
        one,
        e,
    );
    let rprop = RpropConfig {
        lr: 1e300,
        step_sizes: (1e-6, f64::MAX),
        ..Default::default()
    };
    check_refuses(
        "rprop",
        Rprop::<f64, B>::new(rprop).unwrap(),
        at_edge,
        one,
        e,
    );
}

#[test]
fn f32_squared_gradient_overflow_is_refused() {
    let mut opt = Adam::<f32, [f32; 2]>::new(AdamConfig::default()).unwrap();
    let mut x = [1.0_f32, 2.0];
    // (1 − β₂)·(1e22)² = 1e41 > f32::MAX: v would become infinite (and the step itself ~0, silently).
    let err = opt.step(&mut x, &[1.0, 1e22]).unwrap_err();
    assert_eq!(err, NonFiniteError::Parameter { index: 1 }.into());
    assert_eq!(x, [1.0, 2.0]);
    assert_eq!(opt.steps(), 0);
    opt.step(&mut x, &[1.0, 1.0]).unwrap();
    assert_eq!(opt.steps(), 1);
}

#[test]
fn length_mismatch_is_an_error_not_a_panic() {
    fn f<O: Optimizer<f64> + Clone>(name: &str, mut opt: O) {
        let mut short = [1.0, 2.0, 3.0];
        let e = opt.step(&mut short, &[0.1, 0.2, 0.3]).unwrap_err();
        assert_eq!(
            e,
            StepError::StateLength(StateLengthError {
                state: 4,
                params: 3,
                grads: 3
            }),
            "{name}"
        );
        assert_eq!(
            e.to_string(),
            "optimizer step refused: the optimizer state holds 4 parameters, the network has 3",
            "{name}"
        );
        assert_eq!(short, [1.0, 2.0, 3.0]);
        let mut x = START;
        let e = opt.step(&mut x, &[0.1, 0.2, 0.3, 0.4, 0.5]).unwrap_err();
        assert_eq!(
            e,
            StepError::StateLength(StateLengthError {
                state: 4,
                params: 4,
                grads: 5
            }),
            "{name}"
        );
        assert_eq!(
            e.to_string(),
            "optimizer step refused: the optimizer state holds 4 parameters, the gradient has 5",
            "{name}"
        );
        assert_eq!(x, START);
        // Still usable, from step 1.
        opt.step(&mut x, &GOOD).unwrap();
        assert_ne!(x, START, "{name}");
    }
    for_each_optimizer!(f);
}

#[test]
fn heap_state_of_the_wrong_fixed_length_is_refused() {
    assert_eq!(
        Adam::<f64, [f64; 3]>::with_len(AdamConfig::default(), 4).unwrap_err(),
        BuildError::Length(LengthError {
            expected: 3,
            found: 4
        })
    );
    assert_eq!(
        Adam::<f64, [f64; 3]>::with_len(AdamConfig::default(), 4)
            .unwrap_err()
            .to_string(),
        "the optimizer state's type holds 3 parameters, 4 were asked for"
    );
    assert_eq!(
        Adam::<f64, Box<[f64; 3]>>::with_len(AdamConfig::default(), 2).unwrap_err(),
        BuildError::Length(LengthError {
            expected: 3,
            found: 2
        })
    );
}

#[test]
fn large_state_is_built_on_the_heap_without_touching_the_stack() {
    // 101,770 parameters (784-128-10): 2.4 MB of Adam state, more than a test thread's stack.
    const N: usize = 101_770;
    let run = || {
        let mut a = Adam::<f64, Box<[f64; N]>>::new(AdamConfig::default()).unwrap();
        let mut b = Adam::<f64, Vec<f64>>::with_len(AdamConfig::default(), N).unwrap();
        let mut x = vec![1.0; N];
        let mut y = vec![1.0; N];
        let g: Vec<f64> = (0..N).map(|i| (i % 7) as f64 - 3.0).collect();
        a.step(&mut x, &g).unwrap();
        b.step(&mut y, &g).unwrap();
        assert_eq!(x, y);
        assert_eq!(a.num_params(), N);
    };
    // A deliberately small stack: building the state on it first would overflow it.
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(run)
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn learning_rate_and_momentum_are_readable_and_settable() {
    let mut sgd = Sgd::<f64, [f64; 1]>::new(SgdConfig::momentum(0.1, 0.9)).unwrap();
    assert_eq!(sgd.learning_rate(), 0.1);
    assert_eq!(Optimizer::momentum(&sgd), Some(0.9));
    sgd.set_learning_rate(0.5);
    sgd.set_momentum(0.0);
    let mut x = [1.0];
    sgd.step(&mut x, &[2.0]).unwrap();
    assert_eq!(x, [0.0]);

    let mut adam = Adam::<f64, [f64; 1]>::new(AdamConfig::default()).unwrap();
    assert_eq!(adam.momentum(), Some(0.9));
    adam.set_momentum(0.8);
    assert_eq!(adam.config.betas.0, 0.8);
    let ada = Adagrad::<f64, [f64; 1]>::new(AdagradConfig::default()).unwrap();
    assert_eq!(ada.momentum(), None);
    assert_eq!(ada.learning_rate(), 1e-2);
}

#[test]
fn reset_forgets_the_state() {
    let mut a = Adam::<f64, [f64; 4]>::new(AdamConfig::default()).unwrap();
    let mut fresh = a.clone();
    let mut x = START;
    a.step(&mut x, &GOOD).unwrap();
    a.reset();
    assert_eq!(a.steps(), 0);
    let (mut x1, mut x2) = (START, START);
    a.step(&mut x1, &GOOD).unwrap();
    fresh.step(&mut x2, &GOOD).unwrap();
    assert_eq!(x1, x2);
}
