//! "Schedulers allocate nothing": a counting global allocator watches every scheduler being built
//! and stepped (including the composites and closure-based ones) and must see no allocation.

mod sched_common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use sched_common::Mock;
use typenet_runtime::sched::*;

#[path = "support/lists.rs"]
mod lists;
use lists::SchedulerKind as S;

struct Counting;

thread_local! {
    /// Allocations made by this thread while counting (the test harness's other threads do not
    /// count).
    static COUNT: Cell<Option<usize>> = const { Cell::new(None) };
}

// SAFETY: forwards to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = COUNT.try_with(|c| c.set(c.get().map(|n| n + 1)));
        // SAFETY: same contract as ours.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f` and returns how many allocations it made on this thread.
fn allocations(f: impl FnOnce()) -> usize {
    COUNT.with(|c| c.set(Some(0)));
    f();
    COUNT.with(|c| c.replace(None)).unwrap_or(0)
}

#[test]
fn the_counter_sees_an_allocation() {
    assert!(allocations(|| drop(std::hint::black_box(vec![1u8; 16]))) > 0);
}

#[test]
fn no_scheduler_allocates() {
    let mut o = Mock::sgd();
    let decay = 0.97;
    let n = allocations(|| {
        let a = LambdaLR::new(&mut o, move |k: usize| 1.0 / (1.0 + decay * k as f64));
        let b = MultiplicativeLR::new(&mut o, |_| 0.99);
        let c = StepLR::new(
            &mut o,
            StepLRConfig {
                step_size: 3,
                gamma: 0.5,
            },
        )
        .unwrap();
        let d = MultiStepLR::new(
            &mut o,
            MultiStepLRConfig {
                milestones: [2, 4, 8],
                gamma: 0.5,
            },
        )
        .unwrap();
        let e = ConstantLR::new(
            &mut o,
            ConstantLRConfig {
                factor: 0.5,
                total_iters: 3,
            },
        )
        .unwrap();
        let f = LinearLR::new(
            &mut o,
            LinearLRConfig {
                start_factor: 0.2,
                end_factor: 1.0,
                total_iters: 5,
            },
        )
        .unwrap();
        let mut chained = ChainedScheduler::new(&mut o, (a, b, c, d, e, f));
        let g = ExponentialLR::new(&mut o, ExponentialLRConfig { gamma: 0.9 }).unwrap();
        let h = PolynomialLR::new(
            &mut o,
            PolynomialLRConfig {
                total_iters: 10,
                power: 2.0,
            },
        )
        .unwrap();
        let i = CosineAnnealingLR::new(
            &mut o,
            CosineAnnealingLRConfig {
                t_max: 10,
                eta_min: 0.0,
            },
        )
        .unwrap();
        let j = CosineAnnealingWarmRestarts::new(
            &mut o,
            CosineAnnealingWarmRestartsConfig {
                t_0: 3,
                t_mult: 2,
                eta_min: 0.0,
            },
        )
        .unwrap();
        let k = CyclicLR::with_scale_fn(
            &mut o,
            CyclicConfig {
                base_lr: 0.01,
                max_lr: 0.1,
                step_size_up: 3,
                ..Default::default()
            },
            |x: f64| 1.0 / x,
            ScaleMode::Cycle,
        )
        .unwrap();
        let l = OneCycleLR::new(
            &mut o,
            OneCycleConfig {
                max_lr: 0.1,
                total_steps: 100,
                ..Default::default()
            },
        )
        .unwrap();
        let mut seq = SequentialLR::new(&mut o, (g, h, i, j, k, l), [5, 10, 15, 20, 25]).unwrap();
        let mut plateau = ReduceLROnPlateau::new(&mut o, PlateauConfig::default()).unwrap();
        for step in 0..200 {
            chained.step(&mut o);
            seq.step_with_metric(&mut o, step as f64);
            plateau.step_with_metric(&mut o, 1.0);
            plateau.step(&mut o);
        }
        std::hint::black_box((chained.last_lr(), seq.last_lr(), plateau.last_lr()));
    });
    assert_eq!(n, 0, "schedulers allocated {n} times");

    // Every scheduler of the shared list is built and stepped in the counted region above, as
    // the variable named here: a scheduler added to the list fails to compile until it is.
    for &kind in S::ALL {
        let built_as = match kind {
            S::LambdaLR => "a",
            S::MultiplicativeLR => "b",
            S::StepLR => "c",
            S::MultiStepLR => "d",
            S::ConstantLR => "e",
            S::LinearLR => "f",
            S::ChainedScheduler => "chained",
            S::ExponentialLR => "g",
            S::PolynomialLR => "h",
            S::CosineAnnealingLR => "i",
            S::CosineAnnealingWarmRestarts => "j",
            S::CyclicLR => "k",
            S::OneCycleLR => "l",
            S::SequentialLR => "seq",
            S::ReduceLROnPlateau => "plateau",
        };
        assert!(!built_as.is_empty(), "{kind:?}");
    }
}
