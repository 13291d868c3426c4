//! No heap in a training step: a counting global allocator sees zero allocations while a
//! statically sized network (`[f64; 9]` optimizer state) takes training steps with every
//! optimizer, all-or-nothing and element by element, and while the training loop runs whole epochs.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

use rand_pcg::Pcg64;
use rand_pcg::rand_core::SeedableRng;
use typenet_runtime::optim::*;
use typenet_runtime::train::{Every, Mode, Trainer};
use typenet_runtime::{Flat, Parameters, Trainable};

mod train_net;
use train_net::Tiny;

#[path = "support/lists.rs"]
mod lists;
use lists::OptimizerKind as K;

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// Whether this thread is being counted. NOTE: only the counting thread's allocations
    /// count, so that the test harness's own threads (which may allocate at any time, e.g.
    /// under load) cannot make the count flaky.
    static COUNTING: Cell<bool> = const { Cell::new(false) };
}

fn note() {
    if COUNTING.try_with(Cell::get).unwrap_or(false) {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
    }
}

// SAFETY: forwards to the system allocator, counting calls.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note();
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note();
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made by `f` (this test binary runs its tests on one thread: see `main`).
fn allocations(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    COUNTING.set(true);
    f();
    COUNTING.set(false);
    ALLOCATIONS.load(Ordering::SeqCst) - before
}

const DATA: [([f64; 2], f64); 4] = [
    ([0.0, 0.0], 0.0),
    ([0.0, 1.0], 1.0),
    ([1.0, 0.0], 1.0),
    ([1.0, 1.0], 0.0),
];

fn steps_allocate_nothing<O: Optimizer<f64>>(name: &str, mut opt: O) {
    let mut net = Tiny::random(&mut Pcg64::seed_from_u64(2));
    let before = net.clone();
    let n = allocations(|| {
        for (x, t) in DATA.iter().cycle().take(20) {
            let mut grads = <Tiny as Trainable<f64>>::Gradients::zeros();
            net.backward_into(x, t, &mut grads);
            opt.step(net.params_mut(), grads.as_slice()).unwrap();
            opt.step_elementwise(net.params_mut(), grads.as_slice())
                .unwrap();
        }
        // A refused step allocates nothing either.
        let mut bad = <Tiny as Trainable<f64>>::Gradients::zeros();
        bad.p[3] = f64::NAN;
        assert!(opt.step(net.params_mut(), bad.as_slice()).is_err());
    });
    assert_eq!(n, 0, "{name}: {n} allocations");
    assert_ne!(net, before, "{name}: the steps did something");
}

/// Counts nothing but steps, per optimizer step.
struct Count(usize);

impl typenet_runtime::sched::Scheduler for Count {
    fn step<T: typenet_runtime::Scalar, O: Optimizer<T> + ?Sized>(&mut self, _opt: &mut O) {
        self.0 += 1;
    }
    fn last_lr(&self) -> f64 {
        0.0
    }
}

#[test]
fn no_allocation_in_training() {
    type B = [f64; 9];
    for &kind in K::ALL {
        match kind {
            K::Sgd => {
                steps_allocate_nothing("sgd", Sgd::<f64, B>::new(SgdConfig::plain(0.5)).unwrap());
                steps_allocate_nothing(
                    "nesterov",
                    Sgd::<f64, B>::new(SgdConfig::nesterov(0.1, 0.9)).unwrap(),
                );
            }
            K::Adagrad => steps_allocate_nothing(
                "adagrad",
                Adagrad::<f64, B>::new(AdagradConfig::default()).unwrap(),
            ),
            K::RmsProp => {
                let rms = RmsPropConfig {
                    centered: true,
                    momentum: 0.9,
                    ..Default::default()
                };
                steps_allocate_nothing("rmsprop", RmsProp::<f64, B>::new(rms).unwrap());
            }
            K::Adadelta => steps_allocate_nothing(
                "adadelta",
                Adadelta::<f64, B>::new(AdadeltaConfig::default()).unwrap(),
            ),
            K::Adam => {
                let adam = AdamConfig {
                    amsgrad: true,
                    ..Default::default()
                };
                steps_allocate_nothing("adam", Adam::<f64, B>::new(adam).unwrap());
            }
            K::AdamW => steps_allocate_nothing(
                "adamw",
                AdamW::<f64, B>::new(AdamWConfig::default()).unwrap(),
            ),
            K::Adamax => steps_allocate_nothing(
                "adamax",
                Adamax::<f64, B>::new(AdamaxConfig::default()).unwrap(),
            ),
            K::NAdam => steps_allocate_nothing(
                "nadam",
                NAdam::<f64, B>::new(NAdamConfig::default()).unwrap(),
            ),
            K::RAdam => steps_allocate_nothing(
                "radam",
                RAdam::<f64, B>::new(RAdamConfig::default()).unwrap(),
            ),
            K::Rprop => steps_allocate_nothing(
                "rprop",
                Rprop::<f64, B>::new(RpropConfig::default()).unwrap(),
            ),
        }
    }

    // The whole loop: shuffled minibatches, a scheduler per step, progress, history.
    let mut net = Tiny::random(&mut Pcg64::seed_from_u64(2));
    let mut opt = Adam::<f64, B>::new(AdamConfig::default()).unwrap();
    let mut rng = Pcg64::seed_from_u64(5);
    let mut sched = Count(0);
    let (mut order, mut history) = ([0usize; 4], [0.0; 30]);
    let mut last = 0.0;
    let n = allocations(|| {
        Trainer::new(Mode::MiniBatch(3), 30)
            .unwrap()
            .shuffled(&mut rng)
            .scheduler(&mut sched, Every::Step)
            .run(
                &mut net,
                &mut opt,
                &DATA,
                &mut order,
                &mut history,
                |_, l| last = l,
            )
            .unwrap();
    });
    assert_eq!(n, 0, "Trainer::run: {n} allocations");
    assert_eq!(sched.0, 60);
    assert_eq!(last, history[29]);
}
