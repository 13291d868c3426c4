//! The optimizers and schedulers of `typenet-runtime`, listed once for every test that iterates
//! over them (in `runtime/tests/` and the facade's `tests/`).
//!
//! Include it with `#[path = "support/lists.rs"] mod lists;` (from `tests/`:
//! `#[path = "../runtime/tests/support/lists.rs"]`). A test iterates with an exhaustive `match`,
//! one arm per kind building that optimizer (or scheduler) in the configurations it checks:
//!
//! ```ignore
//! for &kind in OptimizerKind::ALL {
//!     match kind {
//!         OptimizerKind::Sgd => check(Sgd::<f64, B>::new(SgdConfig::plain(0.1)).unwrap()),
//!         // … one arm per optimizer
//!     }
//! }
//! ```
//!
//! Adding an optimizer means adding its type name to [`OptimizerKind`] below; the compiler then
//! points at every test whose `match` lacks it. `runtime/tests/lists.rs` fails if a list here
//! misses a type that implements `Optimizer` (or `Scheduler`) in `runtime/src`.
//!
//! Only enums and names: no path into either crate, so both test crates can include it.

// Each test crate uses part of it.
#![allow(dead_code)]

macro_rules! kinds {
    ($(#[$meta:meta])* $name:ident { $($kind:ident),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name {
            $($kind),*
        }

        impl $name {
            /// Every kind, in the order listed.
            pub const ALL: &'static [Self] = &[$(Self::$kind),*];

            /// The runtime's type of this kind, e.g. `"RAdam"`.
            pub fn type_name(self) -> &'static str {
                match self {
                    $(Self::$kind => stringify!($kind)),*
                }
            }
        }
    };
}

kinds! {
    /// Every optimizer type of `typenet_runtime::optim`, named as the type. Variants of one
    /// type (momentum, Nesterov, AMSGrad, centred RMSProp, decoupled NAdam) are configurations
    /// each test builds in that type's arm.
    OptimizerKind {
        Sgd, Adagrad, RmsProp, Adadelta, Adam, AdamW, Adamax, NAdam, RAdam, Rprop,
    }
}

kinds! {
    /// Every scheduler type of `typenet_runtime::sched`, named as the type.
    SchedulerKind {
        LambdaLR, MultiplicativeLR, StepLR, MultiStepLR, ConstantLR, LinearLR, ExponentialLR,
        PolynomialLR, CosineAnnealingLR, ChainedScheduler, SequentialLR, ReduceLROnPlateau,
        CyclicLR, OneCycleLR, CosineAnnealingWarmRestarts,
    }
}
