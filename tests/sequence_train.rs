//! Training sequence networks the way PyTorch users do (issue 20): minibatches of sequences in
//! `Trainer::run_sequences` against PyTorch (parameters after two epochs of SGD with momentum
//! and of Adam, equal and unequal lengths), the hooks per optimizer step, validation on
//! held-out sequences (`SequenceValidation`, `mean_sequence_loss`), and the errors on bad input.
//!
//! The reference cases `batch_sgd` and `batch_adam` of `tests/data/sequence/reference.txt` come
//! from `tools/reference/pytorch_sequence.py` (PyTorch, float64; its docstring gives the
//! procedure). They agree to 1e-10 relative to max(1, |value|).

use core::ops::ControlFlow;

use typenet::Parameters;
use typenet::optim::{Adam, AdamConfig, Optimizer, Sgd, SgdConfig, StateOf, StepError};
use typenet::prelude::*;
use typenet::rand_core::SeedableRng;
use typenet::rand_pcg::Pcg64;
use typenet::train::{
    EarlyStopping, EarlyStoppingConfig, Every, HookError, Mode, SequenceValidation, StepEnd,
    TrainError, Trainer, mean_sequence_loss, on_epoch, on_step,
};
use typenet::{NonFiniteError, SequenceError};

network! {
    pub struct GruDense: 1 => GRU(6) => Dense(1); loss = MSE
    pub struct LstmDense: 2 => LSTM(5) => Dense(2); loss = MSE
}

type Seq<const I: usize, const O: usize> = (Vec<SVector<f64, I>>, Vec<SVector<f64, O>>);

/// The tensors of case `name` in the reference file: (name, values), in file order.
fn case(name: &str) -> Vec<(String, Vec<f64>)> {
    let text = include_str!("data/sequence/reference.txt");
    let mut inside = false;
    let mut tensors = Vec::new();
    for line in text.lines() {
        let mut words = line.split_whitespace();
        match words.next() {
            Some("case") => inside = words.next() == Some(name),
            Some("end") => inside = false,
            Some("#") | None => {}
            Some(tensor) if inside => {
                let values = words
                    .skip_while(|w| *w != ":")
                    .skip(1)
                    .map(|w| w.parse().unwrap())
                    .collect();
                tensors.push((tensor.to_owned(), values));
            }
            Some(_) => {}
        }
    }
    assert!(!tensors.is_empty(), "no case {name}");
    tensors
}

fn get<'a>(c: &'a [(String, Vec<f64>)], name: &str) -> &'a [f64] {
    &c.iter()
        .find(|t| t.0 == name)
        .unwrap_or_else(|| panic!("no tensor {name}"))
        .1
}

fn vecs<const N: usize>(flat: &[f64]) -> Vec<SVector<f64, N>> {
    flat.chunks(N).map(SVector::from_column_slice).collect()
}

/// The case's network (its starting parameters, in `TENSORS` order), its sequences, and the
/// parameters PyTorch ends with.
fn load<N: Parameters<f64>, const I: usize, const O: usize>(
    name: &str,
) -> (N, Vec<Seq<I, O>>, Vec<f64>) {
    let c = case(name);
    let start: Vec<f64> = N::TENSORS
        .iter()
        .flat_map(|t| get(&c, t.name).to_vec())
        .collect();
    let after: Vec<f64> = N::TENSORS
        .iter()
        .flat_map(|t| get(&c, &format!("after.{}", t.name)).to_vec())
        .collect();
    let data = (0..)
        .map_while(|s| {
            c.iter().find(|t| t.0 == format!("x.{s}"))?;
            Some((
                vecs::<I>(get(&c, &format!("x.{s}"))),
                vecs::<O>(get(&c, &format!("target.{s}"))),
            ))
        })
        .collect();
    (N::from_params(&start).unwrap(), data, after)
}

/// `got` and `want` agree to `tol` relative to max(1, |want|), entry by entry.
fn close(what: &str, got: &[f64], want: &[f64], tol: f64) {
    assert_eq!(got.len(), want.len(), "{what}: lengths");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        let err = (g - w).abs() / w.abs().max(1.0);
        assert!(err <= tol, "{what}[{i}]: got {g}, want {w} (error {err:e})");
    }
}

/// 4 LSTM sequences of 64 steps in one batch of 4, chunks of 16, SGD with momentum, 2 epochs.
#[test]
fn minibatch_sgd_matches_pytorch() {
    let (mut net, data, after) = load::<LstmDense<f64>, 2, 2>("batch_sgd");
    assert_eq!(data.len(), 4);
    let mut opt = Sgd::<f64, StateOf<LstmDense<f64>>>::new(SgdConfig {
        lr: 0.1,
        momentum: 0.9,
        ..Default::default()
    })
    .unwrap();
    let mut trace = vec![LstmDenseTrace::zeros(); 16];
    let mut states = vec![LstmDenseState::zeros(); 4];
    let (mut order, mut history) = ([0; 4], [0.0; 2]);
    let outcome = Trainer::new(Mode::MiniBatch(4), 2)
        .unwrap()
        .run_sequences(
            &mut net,
            &mut opt,
            &data,
            16,
            &mut trace,
            &mut states,
            &mut order,
            &mut history,
            (),
        )
        .unwrap();
    assert_eq!(outcome.epochs, 2);
    close("parameters", net.params(), &after, 1e-10);
}

/// 5 GRU sequences of lengths 64, 50, 37, 64, 20 in batches of 3 (then 2), chunks of 16, Adam,
/// 2 epochs: the chunk's loss is the mean over the (sequence, step) pairs it holds.
#[test]
fn minibatch_adam_with_unequal_lengths_matches_pytorch() {
    let (mut net, data, after) = load::<GruDense<f64>, 1, 1>("batch_adam");
    let lengths: Vec<usize> = data.iter().map(|d| d.0.len()).collect();
    assert_eq!(lengths, [64, 50, 37, 64, 20]);
    let mut opt = Adam::<f64, StateOf<GruDense<f64>>>::new(AdamConfig {
        lr: 0.01,
        ..Default::default()
    })
    .unwrap();
    let mut trace = vec![GruDenseTrace::zeros(); 16];
    let mut states = vec![GruDenseState::zeros(); 3];
    let (mut order, mut history) = ([0; 5], [0.0; 2]);
    Trainer::new(Mode::MiniBatch(3), 2)
        .unwrap()
        .run_sequences(
            &mut net,
            &mut opt,
            &data,
            16,
            &mut trace,
            &mut states,
            &mut order,
            &mut history,
            (),
        )
        .unwrap();
    close("parameters", net.params(), &after, 1e-10);
}

/// Short sequences of a delayed, squashed copy, yₜ = tanh(2·xₜ₋₁), of the given lengths.
fn delayed_copy(lengths: &[usize]) -> Vec<Seq<1, 1>> {
    lengths
        .iter()
        .enumerate()
        .map(|(s, &len)| {
            let xs: Vec<SVector<f64, 1>> = (0..len)
                .map(|t| SVector::from_element(((t * 7 + s * 3) % 11) as f64 / 5.0 - 1.0))
                .collect();
            let ts = (0..len)
                .map(|t| {
                    SVector::from_element(if t == 0 {
                        0.0
                    } else {
                        (2.0 * xs[t - 1][0]).tanh()
                    })
                })
                .collect();
            (xs, ts)
        })
        .collect()
}

fn start() -> GruDense<f64> {
    GruDense::random(&mut Pcg64::seed_from_u64(7))
}

fn adam() -> Adam<f64, StateOf<GruDense<f64>>> {
    Adam::new(AdamConfig {
        lr: 0.01,
        ..Default::default()
    })
    .unwrap()
}

/// The same batch by hand: per sequence its own state, per chunk the gradients of each
/// sequence's chunk weighted by its steps, their mean, one step. Agrees to rounding.
#[test]
fn a_minibatch_is_the_step_weighted_mean_of_its_sequences_gradients() {
    let data = delayed_copy(&[23, 17, 23]);
    let mut net = start();
    let mut opt = adam();
    let mut trace = vec![GruDenseTrace::zeros(); 5];
    let mut states = vec![GruDenseState::zeros(); 3];
    let (mut order, mut history) = ([0; 3], [0.0; 2]);
    Trainer::new(Mode::FullBatch, 2)
        .unwrap()
        .run_sequences(
            &mut net,
            &mut opt,
            &data,
            5,
            &mut trace,
            &mut states,
            &mut order,
            &mut history,
            (),
        )
        .unwrap();

    let mut manual = start();
    let mut opt = adam();
    for (epoch, &mean) in history.iter().enumerate() {
        let mut states = vec![GruDenseState::zeros(); 3];
        let (mut total, mut steps) = (0.0, 0);
        for first in (0..23).step_by(5) {
            let mut sum = GruDense::<f64>::zeros();
            let mut n = 0;
            for ((xs, ts), state) in data.iter().zip(&mut states) {
                if first >= xs.len() {
                    continue;
                }
                let end = (first + 5).min(xs.len());
                let mut g = GruDense::<f64>::zeros();
                let loss = manual
                    .sequence_backward(state, &xs[first..end], &ts[first..end], &mut trace, &mut g)
                    .unwrap();
                let len = end - first;
                for (s, g) in sum.params_mut().iter_mut().zip(g.params()) {
                    *s += len as f64 * g;
                }
                total += loss * len as f64;
                n += len;
            }
            steps += n;
            let mean: Vec<f64> = sum.params().iter().map(|g| g / n as f64).collect();
            opt.step(manual.params_mut(), &mean).unwrap();
        }
        let want = total / steps as f64;
        assert!(
            (mean - want).abs() <= 1e-12 * want,
            "epoch {epoch}: {mean} vs {want}"
        );
    }
    close("parameters", net.params(), manual.params(), 1e-12);
}

/// B = 1 in every spelling (`PerSample`, `MiniBatch(1)`, `FullBatch` of one sequence) is the
/// same run, bit for bit.
#[test]
fn one_sequence_per_batch_is_the_same_run_however_it_is_asked_for() {
    let data = delayed_copy(&[23, 17]);
    let run = |mode, data: &[Seq<1, 1>]| {
        let mut net = start();
        let mut opt = adam();
        let mut trace = vec![GruDenseTrace::zeros(); 5];
        let mut states = [GruDenseState::zeros()];
        let mut order = vec![0; data.len()];
        let mut history = [0.0; 3];
        Trainer::new(mode, 3)
            .unwrap()
            .run_sequences(
                &mut net,
                &mut opt,
                data,
                5,
                &mut trace,
                &mut states,
                &mut order,
                &mut history,
                (),
            )
            .unwrap();
        (net, history)
    };
    assert_eq!(run(Mode::PerSample, &data), run(Mode::MiniBatch(1), &data));
    assert_eq!(
        run(Mode::PerSample, &data[..1]),
        run(Mode::FullBatch, &data[..1])
    );
}

/// Hooks see one `StepEnd` per optimizer step (per chunk of a batch), numbered, with the
/// batch's index and the chunk's mean loss and learning rate; a scheduler stepped
/// `Every::Step` steps with the optimizer; the epoch's loss is the history's.
#[test]
fn hooks_and_the_step_scheduler_see_every_optimizer_step() {
    use typenet::sched::{StepLR, StepLRConfig};
    // Batches {0, 1} (longest 23: 5 chunks of 5) and {2} (17: 4 chunks): 9 steps per epoch.
    let data = delayed_copy(&[23, 17, 17]);
    let mut net = start();
    let mut opt = adam();
    let mut sched = StepLR::new(
        &mut opt,
        StepLRConfig {
            step_size: 1,
            gamma: 0.5,
        },
    )
    .unwrap();
    let mut trace = vec![GruDenseTrace::zeros(); 5];
    let mut states = vec![GruDenseState::zeros(); 2];
    let (mut order, mut history) = ([0; 3], [0.0; 2]);
    let mut seen: Vec<(usize, usize, usize, f64, f64)> = Vec::new();
    let mut epochs: Vec<(usize, usize, f64)> = Vec::new();
    Trainer::new(Mode::MiniBatch(2), 2)
        .unwrap()
        .scheduler(&mut sched, Every::Step)
        .run_sequences(
            &mut net,
            &mut opt,
            &data,
            5,
            &mut trace,
            &mut states,
            &mut order,
            &mut history,
            (
                on_step(|_: &GruDense<f64>, s: &StepEnd<'_, f64>| {
                    seen.push((s.epoch, s.batch, s.step, s.lr, s.loss));
                    ControlFlow::Continue(())
                }),
                on_epoch(|_: &mut GruDense<f64>, e: &typenet::train::EpochEnd<f64>| {
                    epochs.push((e.epoch, e.steps, e.loss));
                    ControlFlow::Continue(())
                }),
            ),
        )
        .unwrap();
    assert_eq!(seen.len(), 18);
    for (k, &(epoch, batch, step, lr, loss)) in seen.iter().enumerate() {
        assert_eq!((epoch, step), (k / 9, k + 1));
        assert_eq!(batch, usize::from(k % 9 >= 5), "step {k}");
        assert_eq!(lr, 0.01 * 0.5f64.powi(k as i32), "step {k}");
        assert!(loss.is_finite() && loss > 0.0);
    }
    assert_eq!(epochs, [(0, 9, history[0]), (1, 18, history[1])]);

    // The first step's loss is the mean over both sequences' first 5 steps, at the start.
    let net = start();
    let mut g = GruDense::<f64>::zeros();
    let mut state = GruDenseState::zeros();
    let (a, b) = (&data[0], &data[1]);
    let la = net
        .sequence_backward(&mut state, &a.0[..5], &a.1[..5], &mut trace, &mut g)
        .unwrap();
    let mut state = GruDenseState::zeros();
    let lb = net
        .sequence_backward(&mut state, &b.0[..5], &b.1[..5], &mut trace, &mut g)
        .unwrap();
    assert!((seen[0].4 - (la + lb) / 2.0).abs() <= 1e-15);
}

/// The loss on held-out sequences: every step weighted equally, the state reset per sequence,
/// equal to the mean of E over `forward_sequence`'s outputs and to `sequence_backward`'s losses.
#[test]
fn mean_sequence_loss_is_the_mean_step_loss_over_held_out_sequences() {
    let data = delayed_copy(&[23, 17, 9]);
    let net = start();
    let mut total = 0.0;
    for (xs, ts) in &data {
        let mut ys = vec![SVector::<f64, 1>::zeros(); xs.len()];
        net.forward_sequence(&mut GruDenseState::zeros(), xs, &mut ys)
            .unwrap();
        total += ys
            .iter()
            .zip(ts)
            .map(|(y, t)| 0.5 * (t - y).norm_squared())
            .sum::<f64>();
    }
    let want = total / (23 + 17 + 9) as f64;
    let got = mean_sequence_loss(&net, &data).unwrap();
    assert!((got - want).abs() <= 1e-14, "{got} vs {want}");
    // Each sequence's loss is what `sequence_backward` returns, bit for bit, and whatever the
    // chunks it is taken in (the forward values do not depend on them).
    let mut trace = vec![GruDenseTrace::zeros(); 23];
    let (mut steps, mut weighted) = (0, 0.0);
    for (xs, ts) in &data {
        let mut grads = GruDense::<f64>::zeros();
        let back = net
            .sequence_backward(&mut GruDenseState::zeros(), xs, ts, &mut trace, &mut grads)
            .unwrap();
        let mut state = GruDenseState::zeros();
        let fwd = net.sequence_loss(&mut state, xs, ts).unwrap();
        assert_eq!(fwd.to_bits(), back.to_bits());
        let mut chunked = GruDenseState::zeros();
        for (x, t) in xs.chunks(4).zip(ts.chunks(4)) {
            net.sequence_loss(&mut chunked, x, t).unwrap();
        }
        assert_eq!(state, chunked, "the state is carried through the chunks");
        weighted += fwd * xs.len() as f64;
        steps += xs.len();
    }
    assert_eq!(got.to_bits(), (weighted / steps as f64).to_bits());
    // Errors: no sequences, a bad one; `sequence_loss` on an empty or mismatched sequence.
    let none: [Seq<1, 1>; 0] = [];
    assert_eq!(
        mean_sequence_loss(&net, &none),
        Err(TrainError::EmptyDataset)
    );
    let bad = [
        data[0].clone(),
        (data[1].0.clone(), data[1].1[..3].to_vec()),
    ];
    assert_eq!(
        mean_sequence_loss(&net, &bad),
        Err(TrainError::Sequence {
            sequence: 1,
            error: SequenceError::Length {
                what: "targets",
                expected: 17,
                found: 3
            }
        })
    );
    let mut state = GruDenseState::zeros();
    assert_eq!(
        net.sequence_loss(&mut state, &[], &[]),
        Err(SequenceError::Empty)
    );
    assert_eq!(state, GruDenseState::zeros());
}

/// `SequenceValidation` sets the epoch's validation loss (what `EarlyStopping` watches) and
/// records it; it refuses a bad set before training.
#[test]
fn sequence_validation_drives_early_stopping_and_refuses_bad_sets() {
    let train = delayed_copy(&[23, 17, 19, 21]);
    let held_out = delayed_copy(&[30, 25]);
    let mut net = start();
    let mut opt = Adam::<f64, StateOf<GruDense<f64>>>::new(AdamConfig {
        lr: 0.03,
        ..Default::default()
    })
    .unwrap();
    let mut trace = vec![GruDenseTrace::zeros(); 8];
    let mut states = vec![GruDenseState::zeros(); 2];
    let (mut order, mut history, mut val) = ([0; 4], [0.0; 40], [0.0; 40]);
    let mut stop = EarlyStopping::new(EarlyStoppingConfig {
        patience: 3,
        ..Default::default()
    })
    .unwrap();
    let mut watched = Vec::new();
    let mut trainer = Trainer::new(Mode::MiniBatch(2), 40).unwrap();
    let outcome = trainer
        .run_sequences(
            &mut net,
            &mut opt,
            &train,
            8,
            &mut trace,
            &mut states,
            &mut order,
            &mut history,
            (
                SequenceValidation::new(&held_out).record(&mut val),
                on_epoch(|n: &mut GruDense<f64>, e: &typenet::train::EpochEnd<f64>| {
                    watched.push((e.val_loss, n.clone()));
                    ControlFlow::Continue(())
                }),
                &mut stop,
            ),
        )
        .unwrap();
    assert!(outcome.epochs >= 1);
    for (e, (loss, n)) in watched.iter().enumerate() {
        let want = mean_sequence_loss(n, &held_out).unwrap();
        assert!((loss.unwrap() - want).abs() <= 1e-14, "epoch {e}");
        assert_eq!(val[e], loss.unwrap());
    }
    let lowest = val[..outcome.epochs]
        .iter()
        .copied()
        .fold(f64::INFINITY, f64::min);
    assert!(lowest < 0.5 * val[0], "validation loss fell: {val:?}");
    // Early stopping restored the epoch with the lowest validation loss.
    let best = (0..outcome.epochs)
        .min_by(|&a, &b| val[a].total_cmp(&val[b]))
        .unwrap();
    assert_eq!(net, watched[best].1);

    // Refused before training, nothing changed.
    let before = net.clone();
    let mut run = |validation: SequenceValidation<'_, '_, f64, _, _>| {
        trainer.run_sequences(
            &mut net,
            &mut opt,
            &train,
            8,
            &mut vec![GruDenseTrace::zeros(); 8],
            &mut states,
            &mut order,
            &mut history,
            validation,
        )
    };
    let none: [Seq<1, 1>; 0] = [];
    assert_eq!(
        run(SequenceValidation::new(&none)),
        Err(TrainError::Hook {
            epoch: 0,
            error: HookError::EmptyValidation
        })
    );
    let bad = [(held_out[0].0.clone(), Vec::new())];
    let e = run(SequenceValidation::new(&bad)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "epoch 0: validation sequence 0: expected 30 targets, one per input step, found 0"
    );
    let mut short = [0.0; 39];
    assert!(matches!(
        run(SequenceValidation::new(&held_out).record(&mut short)),
        Err(TrainError::Hook {
            error: HookError::Buffer(_),
            ..
        })
    ));
    assert_eq!(net, before);
}

/// Bad input at run time is an error, never a panic, and changes nothing: no sequences, a
/// batch of zero sequences, short buffers, mismatched lengths, NaN or infinite data. A
/// sequence shorter than a chunk is not an error: its one chunk is the whole sequence.
#[test]
fn bad_input_is_an_error_and_a_short_sequence_is_one_chunk() {
    let data = delayed_copy(&[23, 17, 9]);
    let mut net = start();
    let before = net.clone();
    let mut trace = vec![GruDenseTrace::zeros(); 23];
    let mut states = vec![GruDenseState::zeros(); 2];
    let (mut order, mut history) = ([0; 3], [0.0; 2]);
    let mut trainer = Trainer::new(Mode::MiniBatch(2), 2).unwrap();
    let mut run = |trainer: &mut Trainer,
                   net: &mut GruDense<f64>,
                   data: &[Seq<1, 1>],
                   chunk: usize,
                   trace: &mut [GruDenseTrace<f64>],
                   states: &mut [GruDenseState<f64>]| {
        trainer.run_sequences(
            net,
            &mut adam(),
            data,
            chunk,
            trace,
            states,
            &mut order[..data.len()],
            &mut history,
            (),
        )
    };
    assert_eq!(
        run(&mut trainer, &mut net, &[], 5, &mut trace, &mut states),
        Err(TrainError::EmptyDataset)
    );
    trainer.mode = Mode::MiniBatch(0);
    let e = run(&mut trainer, &mut net, &data, 5, &mut trace, &mut states).unwrap_err();
    assert_eq!(
        e.to_string(),
        "trainer: invalid `batch_size` = 0: must be ≥ 1"
    );
    trainer.mode = Mode::MiniBatch(2);
    assert!(matches!(
        run(&mut trainer, &mut net, &data, 0, &mut trace, &mut states),
        Err(TrainError::Config(_))
    ));
    assert_eq!(
        run(
            &mut trainer,
            &mut net,
            &data,
            5,
            &mut trace,
            &mut states[..1]
        ),
        Err(TrainError::Buffer(typenet::LengthError {
            expected: 2,
            found: 1
        }))
    );
    // The trace needs min(chunk, longest) steps: 23 for a chunk of 100, 5 for 5.
    assert!(matches!(
        run(
            &mut trainer,
            &mut net,
            &data,
            100,
            &mut trace[..22],
            &mut states
        ),
        Err(TrainError::Buffer(_))
    ));
    assert!(matches!(
        run(
            &mut trainer,
            &mut net,
            &data,
            5,
            &mut trace[..4],
            &mut states
        ),
        Err(TrainError::Buffer(_))
    ));
    let mut mismatched = data.clone();
    mismatched[2].1.pop();
    assert_eq!(
        run(
            &mut trainer,
            &mut net,
            &mismatched,
            5,
            &mut trace,
            &mut states
        ),
        Err(TrainError::Sequence {
            sequence: 2,
            error: SequenceError::Length {
                what: "targets",
                expected: 9,
                found: 8
            }
        })
    );
    let mut empty = data.clone();
    empty[1] = (Vec::new(), Vec::new());
    assert_eq!(
        run(&mut trainer, &mut net, &empty, 5, &mut trace, &mut states),
        Err(TrainError::Sequence {
            sequence: 1,
            error: SequenceError::Empty
        })
    );
    assert_eq!(net, before);

    // NaN or infinite data: the chunk that meets it is refused (batch 1 here: sequence 2),
    // the chunks before it were applied.
    for bad in [f64::NAN, f64::INFINITY] {
        for target in [false, true] {
            let mut poisoned = data.clone();
            if target {
                poisoned[2].1[3][0] = bad;
            } else {
                poisoned[2].0[3][0] = bad;
            }
            let mut net = start();
            let e = run(
                &mut trainer,
                &mut net,
                &poisoned,
                5,
                &mut trace,
                &mut states,
            );
            // A NaN makes the loss NaN; an infinite input may saturate the gates to a finite
            // loss, but its gradient (∞·δ) is not finite.
            let what = if target { "targets" } else { "inputs" };
            assert!(
                matches!(
                    e,
                    Err(TrainError::Step {
                        epoch: 0,
                        batch: 1,
                        error: StepError::NonFinite(_)
                    })
                ),
                "{bad} in the {what}: {e:?}"
            );
            if bad.is_nan() {
                assert!(
                    matches!(
                        e,
                        Err(TrainError::Step {
                            error: StepError::NonFinite(NonFiniteError::Loss),
                            ..
                        })
                    ),
                    "{e:?}"
                );
            }
            // Batch 0 trained (5 chunks), batch 1 did not: the same as training on batch 0.
            let mut want = start();
            let mut once = Trainer::new(Mode::MiniBatch(2), 1).unwrap();
            let mut opt_want = adam();
            once.run_sequences(
                &mut want,
                &mut opt_want,
                &data[..2],
                5,
                &mut trace,
                &mut states,
                &mut [0; 2],
                &mut [0.0],
                (),
            )
            .unwrap();
            assert_eq!(net, want);
        }
    }

    // A chunk longer than every sequence: full BPTT, one step per batch, the trace sized to
    // the longest sequence.
    let mut net = start();
    let mut seen = 0;
    trainer
        .run_sequences(
            &mut net,
            &mut adam(),
            &data,
            usize::MAX,
            &mut trace,
            &mut states,
            &mut order,
            &mut history,
            on_step(|_: &GruDense<f64>, _: &StepEnd<'_, f64>| {
                seen += 1;
                ControlFlow::Continue(())
            }),
        )
        .unwrap();
    assert_eq!(seen, 4, "2 epochs of 2 batches");
    assert!(history.iter().all(|l| l.is_finite()));
}
