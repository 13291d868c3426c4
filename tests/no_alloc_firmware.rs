//! As a firmware uses them: every optimizer of `typenet::optim` in f32, with its state in
//! fixed-size arrays (`[T; PARAMS]`), steps a statically sized network without allocating: a
//! counting global allocator sees zero allocations (`tests/no_alloc_optim.rs` does the same in
//! f64 with the training loop; `tests/no_alloc.rs` covers forward, backward and plain gradient
//! steps). Writing the network out (`typenet::export`) to a fixed buffer and reading a weight file
//! back allocate nothing either: both work on a firmware without a heap.

mod common;

use typenet::export::{Item, read_weights, write_rust, write_weights};
use typenet::optim::*;
use typenet::prelude::*;

#[path = "../runtime/tests/support/lists.rs"]
mod lists;
use lists::OptimizerKind as K;

network! {
    /// 17 parameters.
    pub struct Net: 2 => Dense(4, Tanh) => Dense(1, Sigmoid); loss = MSE
}

const N: usize = Net::<f32>::PARAMS;
type State = [f32; N];

/// Ten minibatch steps of XOR with `opt`: backward into one gradient buffer, then the step.
/// Returns the loss before and after, so the caller can see the optimizer really moved the
/// parameters.
fn train(net: &mut Net<f32>, opt: &mut impl Optimizer<f32>) -> (f32, f32) {
    let data = [
        ([0.0, 0.0], 0.0),
        ([0.0, 1.0], 1.0),
        ([1.0, 0.0], 1.0),
        ([1.0, 1.0], 0.0),
    ];
    let loss = |net: &Net<f32>| -> f32 {
        data.iter()
            .map(|(x, t)| net.loss(&Vector2::from(*x), &Vector1::new(*t)))
            .sum()
    };
    let before = loss(net);
    for _ in 0..10 {
        let mut g = NetGradients::<f32>::zeros();
        for (x, t) in data {
            net.backward_into(&Vector2::from(x), &Vector1::new(t), &mut g);
        }
        opt.step(net.params_mut(), g.as_slice()).unwrap();
    }
    (before, loss(net))
}

/// A stack buffer that `core::fmt::Write` can fill: what a firmware would send over a UART.
struct StackBuf {
    bytes: [u8; 4096],
    len: usize,
}

impl core::fmt::Write for StackBuf {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let end = self.len + s.len();
        let dst = self.bytes.get_mut(self.len..end).ok_or(core::fmt::Error)?;
        dst.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

// One test function, so no other test thread allocates while we count.
#[test]
fn optimizer_steps_and_export_allocate_nothing() {
    let start = Net::<f32>::from_array(core::array::from_fn(|i| (i as f32 * 0.37).sin()));
    macro_rules! check {
        ($name:literal, $opt:expr) => {{
            let mut net = start.clone();
            // The optimizer and its state are built inside the counted region too.
            let (n, (before, after)) = common::count(|| {
                let mut opt = $opt;
                train(&mut net, &mut opt)
            });
            assert_eq!(n, 0, "{} allocated {n} times", $name);
            assert!(
                after != before && after.is_finite(),
                "{}: the loss did not move ({before} -> {after})",
                $name
            );
        }};
    }
    for &kind in K::ALL {
        match kind {
            K::Sgd => {
                check!(
                    "SGD",
                    Sgd::<f32, State>::new(SgdConfig::plain(0.5)).unwrap()
                );
                check!(
                    "SGD momentum",
                    Sgd::<f32, State>::new(SgdConfig::momentum(0.5, 0.9)).unwrap()
                );
                check!(
                    "SGD Nesterov",
                    Sgd::<f32, State>::new(SgdConfig::nesterov(0.5, 0.9)).unwrap()
                );
            }
            K::Adagrad => check!(
                "Adagrad",
                Adagrad::<f32, State>::new(AdagradConfig {
                    lr: 0.1,
                    ..Default::default()
                })
                .unwrap()
            ),
            K::RmsProp => check!(
                "RMSprop centred with momentum",
                RmsProp::<f32, State>::new(RmsPropConfig {
                    momentum: 0.5,
                    centered: true,
                    ..Default::default()
                })
                .unwrap()
            ),
            K::Adadelta => check!(
                "Adadelta",
                Adadelta::<f32, State>::new(AdadeltaConfig::default()).unwrap()
            ),
            K::Adam => check!(
                "Adam AMSGrad",
                Adam::<f32, State>::new(AdamConfig {
                    lr: 0.01,
                    amsgrad: true,
                    ..Default::default()
                })
                .unwrap()
            ),
            K::AdamW => check!(
                "AdamW",
                AdamW::<f32, State>::new(AdamWConfig::default()).unwrap()
            ),
            K::Adamax => check!(
                "Adamax",
                Adamax::<f32, State>::new(AdamaxConfig::default()).unwrap()
            ),
            K::NAdam => check!(
                "NAdam",
                NAdam::<f32, State>::new(NAdamConfig::default()).unwrap()
            ),
            K::RAdam => check!(
                "RAdam",
                RAdam::<f32, State>::new(RAdamConfig::default()).unwrap()
            ),
            K::Rprop => check!(
                "Rprop",
                Rprop::<f32, State>::new(RpropConfig::default()).unwrap()
            ),
        }
    }

    // Writing the network as Rust source or a weight file into a stack buffer, and reading the
    // weight file back.
    let (n, back) = common::count(|| {
        let mut source = StackBuf {
            bytes: [0; 4096],
            len: 0,
        };
        write_rust(&mut source, Item::Static, "NET", "Net", &start).unwrap();
        let mut file = StackBuf {
            bytes: [0; 4096],
            len: 0,
        };
        write_weights(&mut file, &start).unwrap();
        let text = core::str::from_utf8(&file.bytes[..file.len]).unwrap();
        read_weights::<f32, Net<f32>>(text).unwrap()
    });
    assert_eq!(n, 0, "export allocated {n} times");
    assert_eq!(back, start);

    // The counter does count: a Vec allocates.
    let (n, _) = common::count(|| vec![1u8; 16]);
    assert!(n >= 1);
}
