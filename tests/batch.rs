//! Batched forward and backward (one sample per column, through the runtime's gemm kernels)
//! against the one-sample code, for every activation and loss, odd batch sizes and layers wide
//! enough to use every kernel tile; a finite-difference check of the batched gradient; the
//! batched minibatch trainer; and the errors.

use typenet::batch::BatchError;
use typenet::nalgebra::{Const, DMatrix, Dyn, MatrixView, OMatrix, SVector};
use typenet::optim::{Sgd, SgdConfig};
use typenet::prelude::*;
use typenet::train::{Mode, Trainer, batched_scratch_len};
use typenet::{BatchTrainable, Batched, NonFiniteError};

network! {
    /// Sigmoid, Tanh, Identity; MSE.
    pub struct A: 3 => Dense(5, Sigmoid) => Dense(4, Tanh) => Dense(2); loss = MSE
    /// Softplus, ReLU without bias, Softmax; cross-entropy (fused).
    pub struct B: 4 => Dense(6, Softplus) => Dense(5, ReLU, bias = false) => Dense(3, Softmax); loss = CrossEntropy
    /// Softsign, ELU, Sigmoid; BCE (fused).
    pub struct C: 5 => Dense(7, Softsign) => Dense(6, ELU(0.5)) => Dense(2, Sigmoid); loss = BCE
    /// LogSigmoid, Swish, Sinc; Huber.
    pub struct D: 3 => Dense(9, LogSigmoid) => Dense(8, Swish) => Dense(3, Sinc); loss = Huber(0.3)
    /// LeakyReLU, Mish, Step; MAE.
    pub struct E: 4 => Dense(10, LeakyReLU(0.2)) => Dense(6, Mish) => Dense(3, Step(0.1)) => Dense(2); loss = MAE
    /// Wide enough for every tile of the kernels (16-row blocks, 6-column panels, edges).
    pub struct Wide: 40 => Dense(33, Tanh) => Dense(17, ReLU) => Dense(5, Softmax); loss = CrossEntropy; unroll = 0
    /// An identity hidden layer (its backprop is skipped).
    pub struct Lin: 4 => Dense(6) => Dense(5, Tanh, bias = false) => Dense(2); loss = MSE
    /// Inference only.
    pub struct Infer: 3 => Dense(4, Tanh) => Dense(2, Sigmoid)
    /// Residual blocks (one on the input, one nested, one pre-activation) and activation stages.
    pub struct Res: 3 => Residual(Dense(5, Tanh) => Dense(3)) => Softsign => Dense(4)
        => Residual(Dense(4, ELU) => Residual(Swish => Dense(4)) => Dense(4), Sigmoid) => Mish
        => Dense(3, Softmax); loss = CrossEntropy
}

/// A deterministic pseudo-random value in [-1, 1) for (seed, i).
fn value(seed: u64, i: usize) -> f64 {
    let mut h = seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    h ^= h >> 29;
    h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h ^= h >> 32;
    (h >> 11) as f64 / (1u64 << 52) as f64 - 1.0
}

/// |a − b| ≤ tol·(1 + |b|), entry by entry.
fn assert_close(a: &[f64], b: &[f64], tol: f64, what: &str) {
    assert_eq!(a.len(), b.len());
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        assert!(
            (x - y).abs() <= tol * (1.0 + y.abs()),
            "{what}[{i}]: batched {x} vs per-sample {y}"
        );
    }
}

/// Random weights (biases too), inputs and targets; batched results against the per-sample
/// code: outputs, summed loss and summed gradient, at batch sizes 1, 3, 64 and 65.
macro_rules! check_against_per_sample {
    ($net:ident, $grads:ident, $inp:literal, $out:literal, $target:expr) => {{
        let mut net = $net::<f64>::zeros();
        for (i, p) in net.params_mut().iter_mut().enumerate() {
            *p = 0.7 * value(1, i);
        }
        for b in [1usize, 3, 64, 65] {
            let x = OMatrix::<f64, Const<$inp>, Dyn>::from_fn_generic(Const, Dyn(b), |i, s| {
                2.0 * value(2, i + $inp * s)
            });
            let target_of = $target;
            let t = OMatrix::<f64, Const<$out>, Dyn>::from_fn_generic(Const, Dyn(b), |i, s| {
                target_of(i, s)
            });
            let mut scratch = vec![f64::NAN; $net::<f64>::batch_scratch_len(b)];
            let mut y = OMatrix::<f64, Const<$out>, Dyn>::zeros_generic(Const, Dyn(b));
            net.forward_batch(&x, &mut y, &mut scratch).unwrap();
            let mut g = $grads::<f64>::zeros();
            let loss = net
                .backward_batch_into(&x, &t, &mut g, &mut scratch)
                .unwrap();

            let mut g_ref = $grads::<f64>::zeros();
            let mut loss_ref = 0.0;
            for s in 0..b {
                let xs: SVector<f64, $inp> = x.column(s).into_owned();
                let ts: SVector<f64, $out> = t.column(s).into_owned();
                let ys = net.forward(&xs);
                assert_close(y.column(s).as_slice(), ys.as_slice(), 1e-13, "output");
                loss_ref += net.backward_into(&xs, &ts, &mut g_ref);
            }
            assert_close(&[loss], &[loss_ref], 1e-13, "loss");
            assert_close(g.as_slice(), g_ref.as_slice(), 1e-12, "gradient");
        }
    }};
}

fn one_hot<const N: usize>(i: usize, s: usize) -> f64 {
    if i == s % N { 1.0 } else { 0.0 }
}

#[test]
fn batched_equals_per_sample_for_every_activation_and_loss() {
    check_against_per_sample!(A, AGradients, 3, 2, |i, s| value(3, i + 2 * s));
    check_against_per_sample!(B, BGradients, 4, 3, one_hot::<3>);
    check_against_per_sample!(
        C,
        CGradients,
        5,
        2,
        |i, s| (value(3, i + 2 * s) > 0.0) as u8 as f64
    );
    check_against_per_sample!(D, DGradients, 3, 3, |i, s| value(3, i + 3 * s));
    check_against_per_sample!(E, EGradients, 4, 2, |i, s| value(3, i + 2 * s));
    check_against_per_sample!(Wide, WideGradients, 40, 5, one_hot::<5>);
    check_against_per_sample!(Lin, LinGradients, 4, 2, |i, s| value(3, i + 2 * s));
    check_against_per_sample!(Res, ResGradients, 3, 3, one_hot::<3>);
}

#[test]
fn inference_only_network_has_forward_batch() {
    let net = Infer::<f64>::from_array(core::array::from_fn(|i| value(4, i)));
    let x = DMatrix::<f64>::from_fn(6, 5, |i, s| value(5, i + 6 * s));
    // A view of rows 2..5 (column stride 6): any storage with contiguous columns will do.
    let xv = x.fixed_rows::<3>(2);
    let mut y = OMatrix::<f64, Const<2>, Dyn>::zeros_generic(Const, Dyn(5));
    let mut scratch = [0.0; Infer::<f64>::batch_scratch_len(5)];
    net.forward_batch(&xv, &mut y, &mut scratch).unwrap();
    for s in 0..5 {
        let xs: SVector<f64, 3> = x.fixed_view::<3, 1>(2, s).into_owned();
        assert_close(
            y.column(s).as_slice(),
            net.forward(&xs).as_slice(),
            1e-14,
            "y",
        );
    }
}

#[test]
fn f32_batched_matches_per_sample() {
    let mut net = Wide::<f32>::zeros();
    for (i, p) in net.params_mut().iter_mut().enumerate() {
        *p = 0.3 * value(6, i) as f32;
    }
    let b = 37;
    let x = OMatrix::<f32, Const<40>, Dyn>::from_fn_generic(Const, Dyn(b), |i, s| {
        value(7, i + 40 * s) as f32
    });
    let mut y = OMatrix::<f32, Const<5>, Dyn>::zeros_generic(Const, Dyn(b));
    let mut scratch = vec![0.0f32; Wide::<f32>::batch_scratch_len(b)];
    net.forward_batch(&x, &mut y, &mut scratch).unwrap();
    for s in 0..b {
        let xs: SVector<f32, 40> = x.column(s).into_owned();
        let ys = net.forward(&xs);
        for (a, r) in y.column(s).iter().zip(ys.iter()) {
            assert!((a - r).abs() <= 1e-5, "{a} vs {r}");
        }
    }
}

/// ∂(Σ loss)/∂θ by central differences against the batched gradient, for every parameter of
/// a small network with smooth activations.
#[test]
fn batched_gradient_matches_finite_differences() {
    let mut net = C::<f64>::zeros();
    for (i, p) in net.params_mut().iter_mut().enumerate() {
        *p = 0.8 * value(8, i);
    }
    let b = 7;
    let x =
        OMatrix::<f64, Const<5>, Dyn>::from_fn_generic(Const, Dyn(b), |i, s| value(9, i + 5 * s));
    let t = OMatrix::<f64, Const<2>, Dyn>::from_fn_generic(Const, Dyn(b), |i, s| {
        (value(10, i + 2 * s) > 0.0) as u8 as f64
    });
    let mut scratch = vec![0.0; C::<f64>::batch_scratch_len(b)];
    let mut g = CGradients::<f64>::zeros();
    net.backward_batch_into(&x, &t, &mut g, &mut scratch)
        .unwrap();
    let h = 1e-6;
    for k in 0..C::<f64>::PARAMS {
        let mut loss_at = |delta: f64| {
            let mut n = net.clone();
            n.params_mut()[k] += delta;
            let mut g = CGradients::<f64>::zeros();
            n.backward_batch_into(&x, &t, &mut g, &mut scratch).unwrap()
        };
        let fd = (loss_at(h) - loss_at(-h)) / (2.0 * h);
        let an = g.as_slice()[k];
        assert!(
            (fd - an).abs() <= 1e-7 * (1.0 + an.abs()),
            "parameter {k}: {an} vs {fd}"
        );
    }
}

/// `train_step_batch` is one SGD step on the mean gradient; it refuses an empty batch, a short
/// scratch, mismatched columns and a non-finite step (leaving the parameters unchanged).
#[test]
fn train_step_batch_and_errors() {
    let mut net = A::<f64>::zeros();
    for (i, p) in net.params_mut().iter_mut().enumerate() {
        *p = 0.5 * value(11, i);
    }
    let b = 6;
    let x =
        OMatrix::<f64, Const<3>, Dyn>::from_fn_generic(Const, Dyn(b), |i, s| value(12, i + 3 * s));
    let t =
        OMatrix::<f64, Const<2>, Dyn>::from_fn_generic(Const, Dyn(b), |i, s| value(13, i + 2 * s));
    let mut scratch = vec![0.0; A::<f64>::batch_scratch_len(b)];
    let mut g = AGradients::<f64>::zeros();

    let mut expected = net.clone();
    let (mut g_ref, mut loss_ref) = (AGradients::<f64>::zeros(), 0.0);
    for s in 0..b {
        let xs: SVector<f64, 3> = x.column(s).into_owned();
        let ts: SVector<f64, 2> = t.column(s).into_owned();
        loss_ref += net.backward_into(&xs, &ts, &mut g_ref);
    }
    for v in g_ref.as_mut_slice() {
        *v /= b as f64;
    }
    expected.sgd_step(&g_ref, 0.1).unwrap();
    let loss = net
        .train_step_batch(&x, &t, 0.1, &mut g, &mut scratch)
        .unwrap();
    assert_close(&[loss], &[loss_ref / b as f64], 1e-14, "mean loss");
    assert_close(net.params(), expected.params(), 1e-14, "parameters");

    let before = net.clone();
    let empty = OMatrix::<f64, Const<3>, Dyn>::zeros_generic(Const, Dyn(0));
    let empty_t = OMatrix::<f64, Const<2>, Dyn>::zeros_generic(Const, Dyn(0));
    assert_eq!(
        net.train_step_batch(&empty, &empty_t, 0.1, &mut g, &mut scratch),
        Err(BatchError::Empty)
    );
    let short = &mut scratch[..A::<f64>::batch_scratch_len(b) - 1];
    assert!(matches!(
        net.train_step_batch(&x, &t, 0.1, &mut g, short),
        Err(BatchError::Scratch(e)) if e.expected == A::<f64>::batch_scratch_len(b)
    ));
    let t5 = t.columns(0, 5);
    assert_eq!(
        net.train_step_batch(&x, &t5, 0.1, &mut g, &mut scratch),
        Err(BatchError::Columns {
            expected: 6,
            found: 5
        })
    );
    let mut bad = x.clone();
    bad[(1, 4)] = f64::NAN;
    assert!(matches!(
        net.train_step_batch(&bad, &t, 0.1, &mut g, &mut scratch),
        Err(BatchError::NonFinite(NonFiniteError::Loss))
    ));
    assert!(matches!(
        net.train_step_batch(&x, &t, f64::INFINITY, &mut g, &mut scratch),
        Err(BatchError::NonFinite(_))
    ));
    assert_eq!(net, before, "a refused step changed the parameters");
}

/// The batched trainer follows the same trajectory as the per-sample minibatch trainer (same
/// order, same mean gradients up to rounding), and trains XOR.
#[test]
fn batched_trainer_matches_minibatch_trainer_and_learns_xor() {
    network! {
        pub struct Xor: 2 => Dense(4, Tanh) => Dense(1, Sigmoid); loss = MSE
    }
    let data: Vec<(SVector<f64, 2>, SVector<f64, 1>)> = [
        ([0.0, 0.0], 0.0),
        ([0.0, 1.0], 1.0),
        ([1.0, 0.0], 1.0),
        ([1.0, 1.0], 0.0),
        ([0.1, 0.9], 1.0),
    ]
    .iter()
    .map(|&(x, t)| (SVector::from(x), SVector::from([t])))
    .collect();
    let mut rng_net = rand_pcg::Pcg32::new(3, 5);
    let start = Xor::<f64>::random(&mut rng_net);
    let epochs = 2000;
    let run = |batched: bool| {
        let mut net = start.clone();
        let mut opt = Sgd::<f64, [f64; 17]>::new(SgdConfig::plain(0.5)).unwrap();
        let mut rng = rand_pcg::Pcg32::new(7, 11);
        let mut order = vec![0; data.len()];
        let mut history = vec![0.0; epochs];
        let mut trainer = Trainer::new(Mode::MiniBatch(2), epochs)
            .unwrap()
            .shuffled(&mut rng);
        if batched {
            let mut scratch = vec![0.0; batched_scratch_len::<f64, Xor<f64>>(2)];
            trainer
                .run_batched(
                    &mut net,
                    &mut opt,
                    &data,
                    &mut order,
                    &mut history,
                    &mut scratch,
                    |_, _| {},
                )
                .unwrap();
        } else {
            trainer
                .run(
                    &mut net,
                    &mut opt,
                    &data,
                    &mut order,
                    &mut history,
                    |_, _| {},
                )
                .unwrap();
        }
        (net, history)
    };
    let (batched, h_batched) = run(true);
    let (looped, h_looped) = run(false);
    assert_close(&h_batched, &h_looped, 1e-9, "loss history");
    assert_close(batched.params(), looped.params(), 1e-8, "parameters");
    assert!(
        h_batched[epochs - 1] < 0.01,
        "XOR not learned: {}",
        h_batched[epochs - 1]
    );

    // A short scratch is refused before training starts.
    let mut net = start.clone();
    let mut opt = Sgd::<f64, [f64; 17]>::new(SgdConfig::plain(0.5)).unwrap();
    let (mut order, mut history) = (vec![0; data.len()], vec![0.0; 1]);
    let mut scratch = vec![0.0; batched_scratch_len::<f64, Xor<f64>>(2) - 1];
    let err = Trainer::new(Mode::MiniBatch(2), 1)
        .unwrap()
        .run_batched(
            &mut net,
            &mut opt,
            &data,
            &mut order,
            &mut history,
            &mut scratch,
            |_, _| {},
        )
        .unwrap_err();
    assert!(matches!(err, typenet::train::TrainError::Buffer(_)));
    assert_eq!(net, start);
}

/// The traits give generic code the same methods.
#[test]
fn traits_forward_to_the_inherent_methods() {
    fn scratch_for<N: Batched<f64>>(b: usize) -> usize {
        N::batch_scratch_len(b)
    }
    fn backward<N: BatchTrainable<f64>>(
        net: &N,
        x: &MatrixView<f64, N::InputDim, Dyn>,
        t: &MatrixView<f64, N::OutputDim, Dyn>,
        scratch: &mut [f64],
    ) -> f64 {
        let mut g = N::Gradients::zeros();
        net.backward_batch_into(x, t, &mut g, scratch).unwrap()
    }
    let net = A::<f64>::from_array(core::array::from_fn(|i| value(14, i)));
    assert_eq!(scratch_for::<A<f64>>(4), A::<f64>::batch_scratch_len(4));
    let x =
        OMatrix::<f64, Const<3>, Dyn>::from_fn_generic(Const, Dyn(4), |i, s| value(15, i + 3 * s));
    let t =
        OMatrix::<f64, Const<2>, Dyn>::from_fn_generic(Const, Dyn(4), |i, s| value(16, i + 2 * s));
    let mut scratch = vec![0.0; A::<f64>::batch_scratch_len(4)];
    let via_trait = backward(&net, &x.as_view(), &t.as_view(), &mut scratch);
    let mut g = AGradients::<f64>::zeros();
    let direct = net
        .backward_batch_into(&x, &t, &mut g, &mut scratch)
        .unwrap();
    assert_eq!(via_trait, direct);
}

/// The scratch lengths saturate instead of overflowing (a panic in debug builds, a wrapped,
/// too small length in release): a batch whose scratch cannot be counted gives `usize::MAX`,
/// which every batched call refuses as a short scratch.
#[test]
fn scratch_lengths_saturate() {
    assert_eq!(A::<f64>::batch_scratch_len(usize::MAX), usize::MAX);
    assert_eq!(A::<f64>::batch_scratch_len(usize::MAX / 2), usize::MAX);
    const IN_A_CONST: usize = A::<f64>::batch_scratch_len(usize::MAX);
    assert_eq!(IN_A_CONST, usize::MAX);
    assert_eq!(
        <A<f64> as Batched<f64>>::batch_scratch_len(usize::MAX),
        usize::MAX
    );
    assert_eq!(batched_scratch_len::<f64, A<f64>>(usize::MAX), usize::MAX);
    assert_eq!(
        batched_scratch_len::<f64, A<f64>>(usize::MAX / 8),
        usize::MAX
    );
    // Small batches are unchanged.
    assert_eq!(
        batched_scratch_len::<f64, A<f64>>(3),
        (3 + 2) * 3 + A::<f64>::batch_scratch_len(3)
    );
}
