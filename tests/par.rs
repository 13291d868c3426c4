//! The `rayon` feature: `par_forward_batch`, `par_gradient_batch` and `par_train_step_batch`
//! give the same bits on pools of 1, 2 and 3 threads, agree with the one-thread methods, and
//! refuse bad calls without touching anything.

use rayon::ThreadPoolBuilder;
use typenet::batch::BatchError;
use typenet::nalgebra::{Const, Dyn, OMatrix};
use typenet::par::{self, MAX_CHUNKS, MIN_CHUNK, chunk_count, chunk_len};
use typenet::prelude::*;
use typenet::{LengthError, NonFiniteError};

network! {
    /// 784 → 128 → 10 ReLU (the batched kernels: above 32,768 parameters).
    pub struct Big: 784 => Dense(128, ReLU) => Dense(10); loss = MSE
    /// Softmax and cross-entropy on the batched kernels, every tile.
    pub struct Wide: 40 => Dense(33, Tanh) => Dense(17, ReLU) => Dense(5, Softmax); loss = CrossEntropy; unroll = 0
    /// Small: `forward_batch` runs `forward` per column.
    pub struct Small: 16 => Dense(32, Tanh) => Dense(32, Tanh) => Dense(4); loss = MSE
}

/// A deterministic pseudo-random value in [-1, 1) for (seed, i).
fn value(seed: u64, i: usize) -> f64 {
    let mut h = seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    h ^= h >> 29;
    h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h ^= h >> 32;
    (h >> 11) as f64 / (1u64 << 52) as f64 - 1.0
}

fn bits(v: &[f32]) -> Vec<u32> {
    v.iter().map(|x| x.to_bits()).collect()
}

#[test]
fn chunking_depends_on_the_batch_only() {
    assert_eq!((MIN_CHUNK, MAX_CHUNKS), (64, 16));
    for (b, s, k) in [
        (0, 64, 0),
        (1, 64, 1),
        (64, 64, 1),
        (65, 64, 2),
        (256, 64, 4),
        (1024, 64, 16),
        (1025, 65, 16),
        (10_000, 625, 16),
    ] {
        assert_eq!((chunk_len(b), chunk_count(b)), (s, k), "batch {b}");
    }
    assert_eq!(
        par::gradient_buffers::<f32, BigGradients<f32>>(256).len(),
        3
    );
    assert!(par::gradient_buffers::<f32, BigGradients<f32>>(64).is_empty());
    let g = par::gradient_buffers::<f64, SmallGradients<f64>>(1100);
    assert_eq!(g.len(), 15);
    assert!(g.iter().all(|g| g.as_slice().iter().all(|v| *v == 0.0)));
}

/// Everything a parallel run produces, as bits: outputs, summed loss, summed gradient, the
/// parameters after one step and the mean loss it returned.
type Run = (Vec<u32>, u32, Vec<u32>, Vec<u32>, u32);

macro_rules! run_on {
    ($net:ident, $grads:ident, $inp:literal, $out:literal, $threads:expr, $b:expr) => {{
        let b: usize = $b;
        let mut net = $net::<f32>::boxed_zeros();
        for (i, p) in net.params_mut().iter_mut().enumerate() {
            *p = (0.2 * value(1, i)) as f32;
        }
        let x = OMatrix::<f32, Const<$inp>, Dyn>::from_fn_generic(Const, Dyn(b), |i, s| {
            value(2, i + $inp * s) as f32
        });
        // One-hot targets (valid for cross-entropy too).
        let t = OMatrix::<f32, Const<$out>, Dyn>::from_fn_generic(Const, Dyn(b), |i, s| {
            f32::from(i == s % $out)
        });
        let pool = ThreadPoolBuilder::new()
            .num_threads($threads)
            .build()
            .unwrap();
        let mut scratch = vec![f32::NAN; $net::<f32>::batch_scratch_len(b)];
        let mut extra = par::gradient_buffers::<f32, $grads<f32>>(b);
        for g in &mut extra {
            g.as_mut_slice().fill(f32::NAN); // overwritten, whatever they held
        }
        let mut grads = $grads::<f32>::boxed_filled(f32::NAN);
        let mut y = OMatrix::<f32, Const<$out>, Dyn>::zeros_generic(Const, Dyn(b));
        let (loss, mean) = pool.install(|| {
            net.par_forward_batch(&x, &mut y, &mut scratch).unwrap();
            let loss = net
                .par_gradient_batch(&x, &t, &mut grads, &mut extra, &mut scratch)
                .unwrap();
            let mean = net
                .par_train_step_batch(&x, &t, 0.1, &mut grads, &mut extra, &mut scratch)
                .unwrap();
            (loss, mean)
        });
        let run: Run = (
            bits(y.as_slice()),
            loss.to_bits(),
            bits(grads.as_slice()),
            bits(net.params()),
            mean.to_bits(),
        );
        run
    }};
}

macro_rules! same_bits_on_1_2_3_threads {
    ($name:ident, $net:ident, $grads:ident, $inp:literal, $out:literal, $batches:expr) => {
        #[test]
        fn $name() {
            for b in $batches {
                let one = run_on!($net, $grads, $inp, $out, 1, b);
                for threads in [2, 3] {
                    let many = run_on!($net, $grads, $inp, $out, threads, b);
                    assert!(
                        one.0 == many.0,
                        "batch {b}, {threads} threads: outputs differ"
                    );
                    assert!(
                        one.1 == many.1,
                        "batch {b}, {threads} threads: loss differs"
                    );
                    assert!(
                        one.2 == many.2,
                        "batch {b}, {threads} threads: gradient differs"
                    );
                    assert!(
                        one.3 == many.3,
                        "batch {b}, {threads} threads: parameters differ"
                    );
                    assert!(
                        one.4 == many.4,
                        "batch {b}, {threads} threads: mean loss differs"
                    );
                }
            }
        }
    };
}

same_bits_on_1_2_3_threads!(big_same_bits, Big, BigGradients, 784, 10, [200, 257]);
same_bits_on_1_2_3_threads!(wide_same_bits, Wide, WideGradients, 40, 5, [65, 300, 1100]);
same_bits_on_1_2_3_threads!(small_same_bits, Small, SmallGradients, 16, 4, [129, 1025]);

/// The parallel results against the one-thread methods on the whole batch: outputs equal,
/// loss and gradient equal up to the order of the sums; a batch of one chunk is the one-thread
/// call itself.
#[test]
fn agrees_with_the_one_thread_methods() {
    for b in [1usize, 64, 65, 257, 1030] {
        let mut net = Wide::<f64>::zeros();
        for (i, p) in net.params_mut().iter_mut().enumerate() {
            *p = 0.5 * value(3, i);
        }
        let x = OMatrix::<f64, Const<40>, Dyn>::from_fn_generic(Const, Dyn(b), |i, s| {
            value(4, i + 40 * s)
        });
        let t = OMatrix::<f64, Const<5>, Dyn>::from_fn_generic(Const, Dyn(b), |i, s| {
            f64::from(i == s % 5)
        });
        let mut scratch = vec![0.0; Wide::<f64>::batch_scratch_len(b)];
        let mut extra = par::gradient_buffers::<f64, WideGradients<f64>>(b);
        let (mut y1, mut y2) = (
            OMatrix::<f64, Const<5>, Dyn>::zeros_generic(Const, Dyn(b)),
            OMatrix::<f64, Const<5>, Dyn>::zeros_generic(Const, Dyn(b)),
        );
        net.forward_batch(&x, &mut y1, &mut scratch).unwrap();
        net.par_forward_batch(&x, &mut y2, &mut scratch).unwrap();
        let (mut g1, mut g2) = (WideGradients::<f64>::zeros(), WideGradients::<f64>::zeros());
        let l1 = net.gradient_batch(&x, &t, &mut g1, &mut scratch).unwrap();
        let l2 = net
            .par_gradient_batch(&x, &t, &mut g2, &mut extra, &mut scratch)
            .unwrap();
        for (a, c) in y1.iter().zip(y2.iter()) {
            assert!((a - c).abs() <= 1e-14, "batch {b}: output {a} vs {c}");
        }
        if b <= MIN_CHUNK {
            assert_eq!(
                l1.to_bits(),
                l2.to_bits(),
                "batch {b}: one chunk, same call"
            );
            assert_eq!(g1.as_slice(), g2.as_slice());
        }
        assert!(
            (l1 - l2).abs() <= 1e-12 * l1.abs(),
            "batch {b}: {l1} vs {l2}"
        );
        for (a, c) in g1.as_slice().iter().zip(g2.as_slice()) {
            assert!(
                (a - c).abs() <= 1e-12 * (1.0 + a.abs()),
                "batch {b}: {a} vs {c}"
            );
        }
    }
}

/// Bad calls are refused with an error and change nothing.
#[test]
fn refusals_change_nothing() {
    let b = 200; // 4 chunks: 3 buffers needed
    let mut net = Small::<f32>::zeros();
    for (i, p) in net.params_mut().iter_mut().enumerate() {
        *p = (0.3 * value(5, i)) as f32;
    }
    let before = net.params().to_vec();
    let mut x = OMatrix::<f32, Const<16>, Dyn>::from_fn_generic(Const, Dyn(b), |i, s| {
        value(6, i + 16 * s) as f32
    });
    let t = OMatrix::<f32, Const<4>, Dyn>::zeros_generic(Const, Dyn(b));
    let mut grads = SmallGradients::<f32>::zeros();
    let need = Small::<f32>::batch_scratch_len(b);
    let mut scratch = vec![0.0; need];
    let mut extra = par::gradient_buffers::<f32, SmallGradients<f32>>(b);

    let mut short = vec![0.0; need - 1];
    let err = net.par_train_step_batch(&x, &t, 0.1, &mut grads, &mut extra, &mut short);
    assert_eq!(
        err,
        Err(BatchError::Scratch(LengthError {
            expected: need,
            found: need - 1
        }))
    );
    let err = net.par_train_step_batch(&x, &t, 0.1, &mut grads, &mut extra[..2], &mut scratch);
    assert_eq!(
        err,
        Err(BatchError::Buffers(LengthError {
            expected: 3,
            found: 2
        }))
    );
    let t_short = OMatrix::<f32, Const<4>, Dyn>::zeros_generic(Const, Dyn(b - 1));
    let err = net.par_train_step_batch(&x, &t_short, 0.1, &mut grads, &mut extra, &mut scratch);
    assert_eq!(
        err,
        Err(BatchError::Columns {
            expected: b,
            found: b - 1
        })
    );
    let mut y_short = OMatrix::<f32, Const<4>, Dyn>::zeros_generic(Const, Dyn(b - 1));
    assert!(matches!(
        net.par_forward_batch(&x, &mut y_short, &mut scratch),
        Err(BatchError::Columns { .. })
    ));
    let empty = OMatrix::<f32, Const<16>, Dyn>::zeros_generic(Const, Dyn(0));
    let t_empty = OMatrix::<f32, Const<4>, Dyn>::zeros_generic(Const, Dyn(0));
    assert_eq!(
        net.par_train_step_batch(&empty, &t_empty, 0.1, &mut grads, &mut [], &mut []),
        Err(BatchError::Empty)
    );
    // A NaN in the last chunk's input: the loss is not finite, nothing is written.
    x[(3, b - 1)] = f32::NAN;
    let err = net.par_train_step_batch(&x, &t, 0.1, &mut grads, &mut extra, &mut scratch);
    assert_eq!(err, Err(BatchError::NonFinite(NonFiniteError::Loss)));
    assert_eq!(net.params(), &before[..]);
}

/// The parallel update (blocks of the parameters on the pool's threads) is the one-thread
/// `sgd_update` on the summed gradient, bit for bit, on a network of many blocks; and a step
/// whose updated parameters would overflow is refused with the one-thread call's error,
/// changing nothing.
#[test]
fn parallel_update_is_the_one_thread_update() {
    let b = 200;
    let mut net = Big::<f32>::boxed_zeros();
    for (i, p) in net.params_mut().iter_mut().enumerate() {
        *p = (0.05 * value(7, i)) as f32;
    }
    let x = OMatrix::<f32, Const<784>, Dyn>::from_fn_generic(Const, Dyn(b), |i, s| {
        value(8, i + 784 * s) as f32
    });
    let t = OMatrix::<f32, Const<10>, Dyn>::from_fn_generic(Const, Dyn(b), |i, s| {
        f32::from(i == s % 10)
    });
    let mut scratch = vec![0.0; Big::<f32>::batch_scratch_len(b)];
    let mut extra = par::gradient_buffers::<f32, BigGradients<f32>>(b);
    let mut grads = BigGradients::<f32>::boxed_zeros();
    let pool = ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    let before = net.params().to_vec();
    let lr = 0.1f32;
    pool.install(|| net.par_train_step_batch(&x, &t, lr, &mut grads, &mut extra, &mut scratch))
        .unwrap();
    let mut want = before.clone();
    typenet::network::sgd_update(&mut want, grads.as_slice(), lr / b as f32).unwrap();
    assert_eq!(bits(net.params()), bits(&want));

    // Targets of 1000: the summed output gradient is about −1000 per sample, so with
    // lr = f32::MAX some θ − (lr/b)·g overflows while the loss stays finite.
    let t_far = OMatrix::<f32, Const<10>, Dyn>::from_element_generic(Const, Dyn(b), 1000.0);
    let before = net.params().to_vec();
    let mut one = Big::<f32>::boxed_zeros();
    one.params_mut().copy_from_slice(&before);
    let mut g1 = BigGradients::<f32>::boxed_zeros();
    let err = pool.install(|| {
        net.par_train_step_batch(&x, &t_far, f32::MAX, &mut grads, &mut extra, &mut scratch)
    });
    let want = one.train_step_batch(&x, &t_far, f32::MAX, &mut g1, &mut scratch);
    assert!(
        matches!(
            err,
            Err(BatchError::NonFinite(NonFiniteError::Parameter { .. }))
        ),
        "{err:?}"
    );
    assert_eq!(err, want);
    assert_eq!(bits(net.params()), bits(&before));
}
