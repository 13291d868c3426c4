//! Scheduler behaviour beyond the PyTorch sequences: the `f32` path, composition with outside
//! changes, ReduceLROnPlateau without a metric, momentum handling, the limits PyTorch raises on,
//! and the closed forms the docs state.

mod sched_common;

use sched_common::Mock;
use typenet_runtime::optim::Optimizer;
use typenet_runtime::sched::*;

#[test]
fn an_f32_optimizer_follows_the_f64_schedule() {
    // The scheduler continues from the exact f64 it wrote, not from the rounded f32.
    let mut o64 = Mock::<f64>::new(0.1, None);
    let mut o32 = Mock::<f32>::new(0.1, None);
    // 0.1f32 is not 0.1: start both from the same value.
    o64.lr = 0.1f32 as f64;
    let mut s64 = ExponentialLR::new(&mut o64, ExponentialLRConfig { gamma: 0.97 }).unwrap();
    let mut s32 = ExponentialLR::new(&mut o32, ExponentialLRConfig { gamma: 0.97 }).unwrap();
    for _ in 0..500 {
        s64.step(&mut o64);
        s32.step(&mut o32);
        assert_eq!(s32.last_lr(), s64.last_lr());
        assert_eq!(o32.lr, o64.lr as f32);
    }
    // Rounding at every step would have drifted: recompute that way to make sure the test can tell.
    let mut drifting = 0.1f32;
    for _ in 0..500 {
        drifting = (drifting as f64 * 0.97) as f32;
    }
    assert_ne!(
        drifting, o32.lr,
        "500 roundings should drift by at least one ulp"
    );
}

#[test]
fn chainable_schedulers_continue_from_an_outside_change() {
    // PyTorch's chainable form reads the optimizer's current lr: if the user halves it, the
    // schedule goes on from there.
    let mut o = Mock::sgd();
    let mut s = ExponentialLR::new(&mut o, ExponentialLRConfig { gamma: 0.9 }).unwrap();
    s.step(&mut o);
    o.set_learning_rate(0.5 * o.learning_rate());
    s.step(&mut o);
    assert_eq!(o.lr, 0.1 * 0.9 * 0.5 * 0.9);
    // A non-chainable one overwrites it.
    let mut o = Mock::sgd();
    let mut s = LambdaLR::new(&mut o, |_| 1.0);
    o.set_learning_rate(0.5);
    s.step(&mut o);
    assert_eq!(o.lr, 0.1);
}

#[test]
fn cosine_recursion_is_pytorch_not_the_closed_form() {
    // The docs say the recursive form differs from the closed form in the last bits: show it,
    // and that both agree to rounding.
    let mut o = Mock::sgd();
    let mut s = CosineAnnealingLR::new(
        &mut o,
        CosineAnnealingLRConfig {
            t_max: 10,
            eta_min: 0.001,
        },
    )
    .unwrap();
    let mut differs = false;
    for k in 1..=10 {
        s.step(&mut o);
        let closed =
            0.001 + (0.1 - 0.001) * (1.0 + (std::f64::consts::PI * k as f64 / 10.0).cos()) / 2.0;
        assert!((s.last_lr() - closed).abs() < 1e-15);
        differs |= s.last_lr() != closed;
    }
    assert!(differs);
}

#[test]
fn plateau_ignores_plain_steps() {
    let metrics = [1.0, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9];
    let config = PlateauConfig {
        patience: 2,
        ..Default::default()
    };
    // Only metric steps.
    let mut a = Mock::sgd();
    let mut only = ReduceLROnPlateau::new(&mut a, config).unwrap();
    // The same metric steps with three plain steps after each.
    let mut b = Mock::sgd();
    let mut mixed = ReduceLROnPlateau::new(&mut b, config).unwrap();
    for &m in &metrics {
        only.step_with_metric(&mut a, m);
        mixed.step_with_metric(&mut b, m);
        let (lr, bad, best) = (b.lr, mixed.num_bad_epochs(), mixed.best());
        for _ in 0..3 {
            mixed.step(&mut b);
            assert_eq!(
                (b.lr, mixed.num_bad_epochs(), mixed.best()),
                (lr, bad, best)
            );
            assert_eq!(mixed.last_lr(), lr);
        }
        assert_eq!(a.lr, b.lr);
    }
    // And it did cut: 0.9 stopped improving at step 3, patience 2 → cut at step 5 and 8.
    assert!((a.lr - 0.001).abs() < 1e-15, "{}", a.lr);
    // Plain steps alone never cut.
    let mut c = Mock::sgd();
    let mut never = ReduceLROnPlateau::new(&mut c, config).unwrap();
    for _ in 0..100 {
        never.step(&mut c);
    }
    assert_eq!(c.lr, 0.1);
    assert_eq!(c.lr_writes, 0);
}

#[test]
fn plateau_treats_nan_as_no_improvement() {
    let mut o = Mock::sgd();
    let mut s = ReduceLROnPlateau::new(
        &mut o,
        PlateauConfig {
            patience: 1,
            ..Default::default()
        },
    )
    .unwrap();
    s.step_with_metric(&mut o, 1.0);
    s.step_with_metric(&mut o, f64::NAN);
    assert_eq!(o.lr, 0.1);
    s.step_with_metric(&mut o, f64::NAN);
    assert!((o.lr - 0.01).abs() < 1e-17);
    assert_eq!(s.best(), 1.0);
}

#[test]
fn momentum_is_only_cycled_where_there_is_one() {
    // An optimizer without momentum: CyclicLR and OneCycleLR cycle its lr and never call
    // set_momentum (PyTorch refuses such an optimizer).
    let mut o = Mock::plain();
    let mut s = CyclicLR::new(
        &mut o,
        CyclicConfig {
            base_lr: 0.01,
            max_lr: 0.1,
            step_size_up: 4,
            ..Default::default()
        },
    )
    .unwrap();
    let mut t = OneCycleLR::new(
        &mut o,
        OneCycleConfig {
            max_lr: 0.5,
            total_steps: 30,
            ..Default::default()
        },
    )
    .unwrap();
    for _ in 0..20 {
        s.step(&mut o);
        t.step(&mut o);
    }
    assert_eq!(o.momentum_writes, 0);
    assert_eq!(o.momentum, None);
    // With cycle_momentum off, an optimizer's momentum is left alone.
    let mut o = Mock::sgd();
    let c = CyclicConfig {
        cycle_momentum: false,
        base_lr: 0.01,
        max_lr: 0.1,
        step_size_up: 4,
        ..Default::default()
    };
    let mut s = CyclicLR::new(&mut o, c).unwrap();
    let c = OneCycleConfig {
        cycle_momentum: false,
        max_lr: 0.5,
        total_steps: 30,
        ..Default::default()
    };
    let mut t = OneCycleLR::new(&mut o, c).unwrap();
    for _ in 0..20 {
        s.step(&mut o);
        t.step(&mut o);
    }
    assert_eq!((o.momentum, o.momentum_writes), (Some(0.9), 0));
    // With it on, the momentum moves inversely to the lr: lowest at the lr's peak.
    let mut o = Mock::sgd();
    let mut s = CyclicLR::new(
        &mut o,
        CyclicConfig {
            base_lr: 0.01,
            max_lr: 0.1,
            step_size_up: 4,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(o.momentum, Some(0.9));
    for _ in 0..4 {
        s.step(&mut o);
    }
    assert_eq!((o.lr, o.momentum), (0.1, Some(0.8)));
}

#[test]
fn one_cycle_holds_its_last_value_past_total_steps() {
    // PyTorch raises on step total_steps + 1; typenet keeps the last value.
    let mut o = Mock::sgd();
    let mut s = OneCycleLR::new(
        &mut o,
        OneCycleConfig {
            max_lr: 0.5,
            total_steps: 10,
            ..Default::default()
        },
    )
    .unwrap();
    for _ in 0..9 {
        s.step(&mut o);
    }
    assert!(
        (o.lr - 0.5 / 25.0 / 1e4).abs() < 1e-18,
        "reaches max_lr / div / final_div at n − 1"
    );
    s.step(&mut o); // step n, PyTorch's last legal one
    let (lr, m) = (o.lr, o.momentum);
    for _ in 0..100 {
        s.step(&mut o);
        assert_eq!((o.lr, o.momentum), (lr, m));
    }
}

#[test]
fn closed_forms_in_the_docs() {
    // StepLR: ε₀ γ^⌊k/s⌋; MultiStepLR: ε₀ γ^(milestones ≤ k); PolynomialLR: ε₀ (1 − min(k,n)/n)^p;
    // ExponentialLR: ε₀ γ^k; ConstantLR; WarmRestarts with T_mult 2 restarts at 3, 9, 21.
    let mut o = [
        Mock::sgd(),
        Mock::sgd(),
        Mock::sgd(),
        Mock::sgd(),
        Mock::sgd(),
        Mock::sgd(),
    ];
    let [o0, o1, o2, o3, o4, o5] = &mut o;
    let mut a = StepLR::new(
        o0,
        StepLRConfig {
            step_size: 4,
            gamma: 0.5,
        },
    )
    .unwrap();
    let mut b = MultiStepLR::new(
        o1,
        MultiStepLRConfig {
            milestones: [3, 7, 7],
            gamma: 0.5,
        },
    )
    .unwrap();
    let mut c = PolynomialLR::new(
        o2,
        PolynomialLRConfig {
            total_iters: 8,
            power: 3.0,
        },
    )
    .unwrap();
    let mut d = ExponentialLR::new(o3, ExponentialLRConfig { gamma: 0.95 }).unwrap();
    let mut e = ConstantLR::new(
        o4,
        ConstantLRConfig {
            factor: 0.25,
            total_iters: 6,
        },
    )
    .unwrap();
    let mut f = CosineAnnealingWarmRestarts::new(
        o5,
        CosineAnnealingWarmRestartsConfig {
            t_0: 3,
            t_mult: 2,
            eta_min: 0.0,
        },
    )
    .unwrap();
    for k in 1..40usize {
        a.step(o0);
        b.step(o1);
        c.step(o2);
        d.step(o3);
        e.step(o4);
        f.step(o5);
        let kf = k as f64;
        assert!((o0.lr - 0.1 * 0.5f64.powi((k / 4) as i32)).abs() < 1e-15);
        let passed = [3, 7, 7].iter().filter(|&&m| m <= k).count();
        assert!((o1.lr - 0.1 * 0.5f64.powi(passed as i32)).abs() < 1e-15);
        assert!((o2.lr - 0.1 * (1.0 - kf.min(8.0) / 8.0).powi(3)).abs() < 1e-15);
        assert!((o3.lr - 0.1 * 0.95f64.powi(k as i32)).abs() < 1e-15);
        assert_eq!(o4.lr, if k < 6 { 0.025 } else { 0.1 });
        assert_eq!(o5.lr == 0.1, [3, 9, 21].contains(&k), "restart at {k}");
    }
}

#[test]
fn sequential_switches_at_milestones_and_restarts_the_incoming_child() {
    let mut o = Mock::sgd();
    let warm = LinearLR::new(
        &mut o,
        LinearLRConfig {
            start_factor: 0.5,
            end_factor: 1.0,
            total_iters: 2,
        },
    )
    .unwrap();
    let flat = ConstantLR::new(
        &mut o,
        ConstantLRConfig {
            factor: 1.0,
            total_iters: 1,
        },
    )
    .unwrap();
    let decay = ExponentialLR::new(&mut o, ExponentialLRConfig { gamma: 0.5 }).unwrap();
    let mut s = SequentialLR::new(&mut o, [warm], []).unwrap();
    // A single child with no milestone is the child itself.
    let mut alone = Mock::sgd();
    let mut w = LinearLR::new(
        &mut alone,
        LinearLRConfig {
            start_factor: 0.5,
            end_factor: 1.0,
            total_iters: 2,
        },
    )
    .unwrap();
    for _ in 0..5 {
        s.step(&mut o);
        w.step(&mut alone);
        assert_eq!(o.lr, alone.lr);
    }
    let mut o = Mock::sgd();
    let mut s = SequentialLR::new(&mut o, (warm, flat, decay), [2, 4]).unwrap();
    let mut seen = vec![o.lr];
    for _ in 0..6 {
        s.step(&mut o);
        seen.push(o.lr);
    }
    // warm-up 0.05, 0.075; flat 0.1, 0.1; decay restarts at ε₀ then halves.
    let want = [0.05, 0.075, 0.1, 0.1, 0.1, 0.05, 0.025];
    for (g, w) in seen.iter().zip(want) {
        assert!((g - w).abs() < 1e-15, "{seen:?}");
    }
}

#[test]
fn children_built_on_a_changed_lr_are_rebased_to_the_first() {
    // In Rust the cosine below reads the warmed-up lr 0.01 when built; PyTorch's children share
    // the optimizer's initial_lr (0.1). The composite must rebase it: after the switch the cosine
    // starts at 0.1, not 0.01.
    let mut o = Mock::sgd();
    let warm = LinearLR::new(
        &mut o,
        LinearLRConfig {
            start_factor: 0.1,
            end_factor: 1.0,
            total_iters: 3,
        },
    )
    .unwrap();
    assert!((o.lr - 0.01).abs() < 1e-17);
    let cos = CosineAnnealingLR::new(
        &mut o,
        CosineAnnealingLRConfig {
            t_max: 10,
            eta_min: 0.0,
        },
    )
    .unwrap();
    assert_eq!(cos.initial_lr(), Some(o.lr));
    let mut s = SequentialLR::new(&mut o, (warm, cos), [3]).unwrap();
    for _ in 0..3 {
        s.step(&mut o);
    }
    assert_eq!(o.lr, 0.1);
    // The same children built in the other order would give the cosine ε₀ = 0.1 and the
    // warm-up 0.1 too.
    let mut p = Mock::sgd();
    let cos = CosineAnnealingLR::new(
        &mut p,
        CosineAnnealingLRConfig {
            t_max: 10,
            eta_min: 0.0,
        },
    )
    .unwrap();
    let warm = LinearLR::new(
        &mut p,
        LinearLRConfig {
            start_factor: 0.1,
            end_factor: 1.0,
            total_iters: 3,
        },
    )
    .unwrap();
    let mut t = SequentialLR::new(&mut p, (warm, cos), [3]).unwrap();
    let mut q = Mock::sgd();
    let warm = LinearLR::new(
        &mut q,
        LinearLRConfig {
            start_factor: 0.1,
            end_factor: 1.0,
            total_iters: 3,
        },
    )
    .unwrap();
    let cos = CosineAnnealingLR::new(
        &mut q,
        CosineAnnealingLRConfig {
            t_max: 10,
            eta_min: 0.0,
        },
    )
    .unwrap();
    let mut u = SequentialLR::new(&mut q, (warm, cos), [3]).unwrap();
    for _ in 0..20 {
        t.step(&mut p);
        u.step(&mut q);
        assert_eq!(p.lr, q.lr);
    }
}

#[test]
fn chained_children_in_an_array() {
    // [S; N] works as a child list: three ExponentialLR(0.9) multiply to 0.729 per step.
    let mut o = Mock::sgd();
    let e = ExponentialLR::new(&mut o, ExponentialLRConfig { gamma: 0.9 }).unwrap();
    let mut s = ChainedScheduler::new(&mut o, [e; 3]);
    for k in 1..10 {
        s.step(&mut o);
        assert!((o.lr - 0.1 * 0.729f64.powi(k)).abs() < 1e-15);
        assert_eq!(s.last_lr(), o.lr);
    }
}

#[test]
fn chained_plateau_gets_the_metric() {
    // Not possible in PyTorch; here a plateau cut composes with an exponential decay.
    let mut o = Mock::sgd();
    let e = ExponentialLR::new(&mut o, ExponentialLRConfig { gamma: 0.5 }).unwrap();
    let p = ReduceLROnPlateau::new(
        &mut o,
        PlateauConfig {
            patience: 0,
            ..Default::default()
        },
    )
    .unwrap();
    let mut s = ChainedScheduler::new(&mut o, (e, p));
    s.step_with_metric(&mut o, 1.0);
    assert!((o.lr - 0.05).abs() < 1e-17);
    s.step_with_metric(&mut o, 1.0); // no improvement: halved, then cut by 10
    assert!((o.lr - 0.0025).abs() < 1e-17);
}

#[test]
fn step_size_zero_is_refused() {
    let err = StepLR::new(
        &mut Mock::sgd(),
        StepLRConfig {
            step_size: 0,
            gamma: 0.1,
        },
    )
    .unwrap_err();
    assert_eq!(err.param, "step_size");
    assert_eq!(err.to_string(), "invalid `step_size` = 0: must be ≥ 1");
}

#[test]
fn plateau_factor_one_is_refused() {
    let err = ReduceLROnPlateau::new(
        &mut Mock::sgd(),
        PlateauConfig {
            factor: 1.0,
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "invalid `factor` = 1: must be in [0, 1)");
}

#[test]
fn decreasing_milestones_are_refused() {
    let mut o = Mock::sgd();
    let a = ExponentialLR::new(&mut o, ExponentialLRConfig { gamma: 0.9 }).unwrap();
    let err = SequentialLR::new(&mut o, [a; 3], [5, 2]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid `milestones` = 2: must be non-decreasing"
    );
}

#[test]
fn steps_never_produce_non_finite_values_from_finite_settings() {
    // Long runs of every scheduler: finite, non-negative learning rates throughout.
    let mut o = Mock::sgd();
    let mut all = (
        ConstantLR::new(
            &mut o,
            ConstantLRConfig {
                factor: 0.0,
                total_iters: 3,
            },
        )
        .unwrap(), // factor 0: PyTorch divides by zero at step 3
        LinearLR::new(
            &mut o,
            LinearLRConfig {
                start_factor: 0.5,
                end_factor: 0.0,
                total_iters: 0,
            },
        )
        .unwrap(),
        PolynomialLR::new(
            &mut o,
            PolynomialLRConfig {
                total_iters: 0,
                power: 2.0,
            },
        )
        .unwrap(),
        CosineAnnealingLR::new(
            &mut o,
            CosineAnnealingLRConfig {
                t_max: 1,
                eta_min: 0.0,
            },
        )
        .unwrap(),
        OneCycleLR::new(
            &mut o,
            OneCycleConfig {
                pct_start: 0.0,
                max_lr: 0.1,
                total_steps: 1,
                ..Default::default()
            },
        )
        .unwrap(),
        CyclicLR::new(
            &mut o,
            CyclicConfig {
                step_size_down: Some(0),
                base_lr: 0.01,
                max_lr: 0.1,
                step_size_up: 1,
                ..Default::default()
            },
        )
        .unwrap(),
    );
    for _ in 0..1000 {
        all.step_at(0, &mut o);
        assert!(o.lr.is_finite() && o.lr >= 0.0, "ConstantLR {}", o.lr);
        all.step_at(1, &mut o);
        assert!(o.lr.is_finite() && o.lr >= 0.0, "LinearLR {}", o.lr);
        all.step_at(2, &mut o);
        assert!(o.lr.is_finite() && o.lr >= 0.0, "PolynomialLR {}", o.lr);
        all.step_at(3, &mut o);
        assert!(
            o.lr.is_finite() && o.lr >= 0.0,
            "CosineAnnealingLR {}",
            o.lr
        );
        all.step_at(4, &mut o);
        assert!(o.lr.is_finite() && o.lr >= 0.0, "OneCycleLR {}", o.lr);
        all.step_at(5, &mut o);
        assert!(o.lr.is_finite() && o.lr >= 0.0, "CyclicLR {}", o.lr);
    }
}
