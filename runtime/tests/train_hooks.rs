//! Trainer hooks (issue 18) on the hand-written 2-2-1 network: early stopping stops at the
//! right epoch and restores the best parameters bit for bit, stop requests, the per-step hook
//! count, validation, `ReduceLROnPlateau` on the validation loss, and atomic checkpoints.

use core::ops::ControlFlow;
use core::time::Duration;
use std::sync::atomic::{AtomicU64, Ordering};

use rand_pcg::Pcg64;
use rand_pcg::rand_core::SeedableRng;
use typenet_runtime::Parameters;
use typenet_runtime::export::load_weights;
use typenet_runtime::optim::*;
use typenet_runtime::sched::{PlateauConfig, ReduceLROnPlateau, Scheduler};
use typenet_runtime::train::*;

mod train_net;
use train_net::Tiny;

fn xor() -> [([f64; 2], f64); 4] {
    [
        ([0.0, 0.0], 0.0),
        ([0.0, 1.0], 1.0),
        ([1.0, 0.0], 1.0),
        ([1.0, 1.0], 0.0),
    ]
}

fn start() -> Tiny {
    Tiny::random(&mut Pcg64::seed_from_u64(2))
}

fn sgd(lr: f64) -> Sgd<f64, [f64; 9]> {
    Sgd::new(SgdConfig::plain(lr)).unwrap()
}

/// Sets `val_loss` from a crafted sequence and keeps a copy of the parameters at every epoch
/// end.
struct Crafted<'a> {
    values: &'a [f64],
    snapshots: Vec<[f64; 9]>,
}

impl Hook<f64, Tiny> for Crafted<'_> {
    fn on_epoch_end<O: Optimizer<f64> + ?Sized>(
        &mut self,
        net: &mut Tiny,
        _opt: &mut O,
        e: &mut EpochEnd<f64>,
    ) -> Result<ControlFlow<()>, HookError> {
        e.val_loss = Some(self.values[e.epoch]);
        self.snapshots.push(net.p);
        Ok(ControlFlow::Continue(()))
    }
}

fn crafted(values: &[f64]) -> Crafted<'_> {
    Crafted {
        values,
        snapshots: Vec::new(),
    }
}

fn bits(p: &[f64]) -> Vec<u64> {
    p.iter().map(|v| v.to_bits()).collect()
}

#[test]
fn early_stopping_stops_at_patience_and_restores_the_best_bit_for_bit() {
    // Best at 0, 1, 3; epochs 4 and 5 do not improve: with patience 2 it stops after 5.
    let seq = [1.0, 0.5, 0.6, 0.4, 0.45, 0.41, 0.3, 0.2, 0.1, 0.05];
    let data = xor();
    let mut net = start();
    let mut opt = sgd(0.5);
    let (mut order, mut history) = ([0; 4], [f64::NAN; 10]);
    let mut values = crafted(&seq);
    let config = EarlyStoppingConfig {
        patience: 2,
        ..Default::default()
    };
    let mut es = EarlyStopping::new(config).unwrap();
    let outcome = Trainer::new(Mode::FullBatch, 10)
        .unwrap()
        .run_with(
            &mut net,
            &mut opt,
            &data,
            &mut order,
            &mut history,
            (&mut values, &mut es),
        )
        .unwrap();
    assert_eq!(
        outcome,
        Outcome {
            epochs: 6,
            stopped: true
        }
    );
    assert_eq!(es.stopped_epoch(), Some(5));
    assert_eq!(es.best_epoch(), Some(3));
    assert_eq!(es.best(), 0.4);
    assert_eq!(values.snapshots.len(), 6);
    assert_eq!(bits(&net.p), bits(&values.snapshots[3]));
    assert_ne!(bits(&net.p), bits(&values.snapshots[5]));
    assert!(history[..6].iter().all(|h| h.is_finite()));
    assert!(history[6..].iter().all(|h| h.is_nan()), "untouched");
}

#[test]
fn min_delta_and_a_borrowed_store() {
    // With min_delta 0.05, 0.48 and 0.47 are no improvement on 0.5: stop after epoch 3
    // (patience 2), back to epoch 1's parameters, kept in a caller's buffer.
    let seq = [1.0, 0.5, 0.48, 0.47, 0.0];
    let data = xor();
    let mut net = start();
    let mut opt = sgd(0.5);
    let (mut order, mut history) = ([0; 4], [0.0; 5]);
    let mut values = crafted(&seq);
    let mut buffer = [0.0; 9];
    let config = EarlyStoppingConfig {
        patience: 2,
        min_delta: 0.05,
        restore_best: true,
    };
    let mut es = EarlyStopping::with_store(config, &mut buffer[..]).unwrap();
    let outcome = Trainer::new(Mode::PerSample, 5)
        .unwrap()
        .run_with(
            &mut net,
            &mut opt,
            &data,
            &mut order,
            &mut history,
            (&mut values, &mut es),
        )
        .unwrap();
    assert_eq!(outcome.epochs, 4);
    assert_eq!(es.best_epoch(), Some(1));
    assert_eq!(bits(&net.p), bits(&values.snapshots[1]));
    assert_eq!(bits(&buffer), bits(&values.snapshots[1]));
}

#[test]
fn early_stopping_refuses_bad_settings_and_buffers() {
    let bad = EarlyStoppingConfig {
        min_delta: -1.0,
        ..Default::default()
    };
    assert!(EarlyStopping::<f64, _>::new(bad).is_err());
    assert!(
        EarlyStopping::<f64, _>::new(EarlyStoppingConfig {
            min_delta: f64::NAN,
            ..Default::default()
        })
        .is_err()
    );

    let data = xor();
    let mut net = start();
    let before = net.clone();
    let mut buffer = [0.0; 8];
    let es = EarlyStopping::with_store(EarlyStoppingConfig::default(), &mut buffer[..]).unwrap();
    let err = Trainer::new(Mode::FullBatch, 3)
        .unwrap()
        .run_with(
            &mut net,
            &mut sgd(0.5),
            &data,
            &mut [0; 4],
            &mut [0.0; 3],
            es,
        )
        .unwrap_err();
    assert!(matches!(
        err,
        TrainError::Hook {
            epoch: 0,
            error: HookError::Buffer(_)
        }
    ));
    assert_eq!(net, before, "nothing trained");
}

#[test]
fn a_stop_request_ends_training_after_that_epoch() {
    let data = xor();
    let mut net = start();
    let mut seen = Vec::new();
    let (mut order, mut history) = ([0; 4], [f64::NAN; 10]);
    let stop = on_epoch(|_net: &mut Tiny, e: &EpochEnd<f64>| {
        seen.push(e.epoch);
        if e.epoch == 3 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    let outcome = Trainer::new(Mode::MiniBatch(2), 10)
        .unwrap()
        .run_with(
            &mut net,
            &mut sgd(0.5),
            &data,
            &mut order,
            &mut history,
            stop,
        )
        .unwrap();
    assert_eq!(
        outcome,
        Outcome {
            epochs: 4,
            stopped: true
        }
    );
    assert_eq!(seen, [0, 1, 2, 3]);
    assert!(history[..4].iter().all(|h| h.is_finite()));
    assert!(history[4..].iter().all(|h| h.is_nan()));

    // The same training without the stop, cut at 4 epochs, ends at the same parameters.
    let mut reference = start();
    Trainer::new(Mode::MiniBatch(2), 4)
        .unwrap()
        .run(
            &mut reference,
            &mut sgd(0.5),
            &data,
            &mut order,
            &mut [0.0; 4],
            |_, _| {},
        )
        .unwrap();
    assert_eq!(bits(&net.p), bits(&reference.p));
}

#[test]
fn the_step_hook_runs_once_per_step() {
    let data = xor();
    let mut net = start();
    let mut steps = Vec::new();
    let (mut order, mut history) = ([0; 4], [0.0; 5]);
    // 4 samples in batches of 3: 2 steps per epoch.
    let hook = on_step(|_net: &Tiny, s: &StepEnd<'_, f64>| {
        steps.push((s.epoch, s.batch, s.step, s.lr));
        assert!(s.loss.is_finite());
        assert!(s.elapsed().is_some(), "std has a clock");
        ControlFlow::Continue(())
    });
    let outcome = Trainer::new(Mode::MiniBatch(3), 5)
        .unwrap()
        .run_with(
            &mut net,
            &mut sgd(0.25),
            &data,
            &mut order,
            &mut history,
            hook,
        )
        .unwrap();
    assert_eq!(outcome.epochs, 5);
    assert_eq!(steps.len(), 10);
    for (i, &(epoch, batch, step, lr)) in steps.iter().enumerate() {
        assert_eq!((epoch, batch, step, lr), (i / 2, i % 2, i + 1, 0.25));
    }
}

#[test]
fn a_stop_from_a_step_ends_training_at_once() {
    let data = xor();
    let mut net = start();
    let (mut order, mut history) = ([0; 4], [f64::NAN; 5]);
    let mut count = 0;
    let mut epochs_seen = 0;
    let hooks = (
        on_step(|_net: &Tiny, s: &StepEnd<'_, f64>| {
            count += 1;
            if s.step == 6 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        }),
        on_epoch(|_net: &mut Tiny, _e: &EpochEnd<f64>| {
            epochs_seen += 1;
            ControlFlow::Continue(())
        }),
    );
    let outcome = Trainer::new(Mode::PerSample, 5)
        .unwrap()
        .run_with(
            &mut net,
            &mut sgd(0.5),
            &data,
            &mut order,
            &mut history,
            hooks,
        )
        .unwrap();
    assert_eq!(count, 6);
    assert_eq!(epochs_seen, 1);
    assert_eq!(
        outcome,
        Outcome {
            epochs: 1,
            stopped: true
        }
    );
    assert!(history[0].is_finite() && history[1].is_nan());
}

#[test]
fn validation_sets_and_records_the_held_out_loss() {
    let data = xor();
    let val = [([0.5, 0.5], 0.5), ([0.0, 1.0], 1.0)];
    let mut net = start();
    let mut val_history = [0.0; 6];
    let mut expected = Vec::new();
    let mut passed = Vec::new();
    let hooks = (
        Validation::new(&val).record(&mut val_history),
        on_epoch(|net: &mut Tiny, e: &EpochEnd<f64>| {
            expected.push(mean_loss(&*net, &val).unwrap());
            passed.push(e.val_loss.unwrap());
            assert_eq!(e.monitored(), e.val_loss.unwrap());
            ControlFlow::Continue(())
        }),
    );
    Trainer::new(Mode::FullBatch, 6)
        .unwrap()
        .run_with(
            &mut net,
            &mut sgd(1.0),
            &data,
            &mut [0; 4],
            &mut [0.0; 6],
            hooks,
        )
        .unwrap();
    assert_eq!(bits(&passed), bits(&expected));
    assert_eq!(bits(&val_history), bits(&expected));

    // An empty validation set or a short history is refused before training.
    let empty: [([f64; 2], f64); 0] = [];
    let err = Trainer::new(Mode::FullBatch, 6)
        .unwrap()
        .run_with(
            &mut net,
            &mut sgd(1.0),
            &data,
            &mut [0; 4],
            &mut [0.0; 6],
            Validation::<f64, Tiny>::new(&empty),
        )
        .unwrap_err();
    assert!(matches!(
        err,
        TrainError::Hook {
            error: HookError::EmptyValidation,
            ..
        }
    ));
    let err = Trainer::new(Mode::FullBatch, 6)
        .unwrap()
        .run_with(
            &mut net,
            &mut sgd(1.0),
            &data,
            &mut [0; 4],
            &mut [0.0; 6],
            Validation::new(&val).record(&mut [0.0; 5]),
        )
        .unwrap_err();
    assert!(matches!(
        err,
        TrainError::Hook {
            error: HookError::Buffer(_),
            ..
        }
    ));
}

/// The optimizer's learning rate after every epoch's hooks.
struct LrAfter(Vec<f64>);

impl<N> Hook<f64, N> for LrAfter {
    fn on_epoch_end<O: Optimizer<f64> + ?Sized>(
        &mut self,
        _net: &mut N,
        opt: &mut O,
        _e: &mut EpochEnd<f64>,
    ) -> Result<ControlFlow<()>, HookError> {
        self.0.push(opt.learning_rate());
        Ok(ControlFlow::Continue(()))
    }
}

#[test]
fn the_plateau_hook_cuts_as_reduce_lr_on_plateau_does() {
    let seq = [
        1.0, 0.9, 0.95, 0.91, 0.92, 0.8, 0.85, 0.86, 0.87, 0.88, 0.89, 0.9,
    ];
    let config = PlateauConfig {
        patience: 1,
        factor: 0.5,
        cooldown: 1,
        ..Default::default()
    };
    // Reference: the scheduler alone, stepped with the same sequence.
    let mut ref_opt = sgd(0.8);
    let mut reference = ReduceLROnPlateau::new(&mut ref_opt, config).unwrap();
    let expected: Vec<f64> = seq
        .iter()
        .map(|&m| {
            reference.step_with_metric(&mut ref_opt, m);
            ref_opt.learning_rate()
        })
        .collect();
    assert!(expected.iter().any(|&lr| lr < 0.8), "the sequence cuts");

    let data = xor();
    let mut net = start();
    let mut opt = sgd(0.8);
    let mut plateau = ReduceLROnPlateau::new(&mut opt, config).unwrap();
    let mut lrs = LrAfter(Vec::new());
    Trainer::new(Mode::FullBatch, seq.len())
        .unwrap()
        .run_with(
            &mut net,
            &mut opt,
            &data,
            &mut [0; 4],
            &mut [0.0; 12],
            (crafted(&seq), OnMetric(&mut plateau), &mut lrs),
        )
        .unwrap();
    assert_eq!(bits(&lrs.0), bits(&expected));
    assert_eq!(plateau.last_lr(), reference.last_lr());
}

static FAKE_NOW: AtomicU64 = AtomicU64::new(0);

fn fake_clock() -> Duration {
    Duration::from_millis(FAKE_NOW.fetch_add(10, Ordering::Relaxed))
}

#[test]
fn a_callers_clock_gives_the_elapsed_time() {
    let data = xor();
    let mut net = start();
    let mut elapsed = Vec::new();
    Trainer::new(Mode::FullBatch, 3)
        .unwrap()
        .clock(fake_clock)
        .run_with(
            &mut net,
            &mut sgd(0.5),
            &data,
            &mut [0; 4],
            &mut [0.0; 3],
            on_epoch(|_net: &mut Tiny, e: &EpochEnd<f64>| {
                elapsed.push(e.elapsed.unwrap());
                ControlFlow::Continue(())
            }),
        )
        .unwrap();
    // One reading at the start, one per epoch end, 10 ms apart.
    let ms: Vec<u128> = elapsed.iter().map(|d| d.as_millis()).collect();
    assert_eq!(ms, [10, 20, 30]);
}

fn scratch_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("typenet-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// After every epoch: the checkpoint file, if any, is a complete weight file, and no temporary
/// file is left in the directory.
struct Inspect<'p> {
    path: &'p std::path::Path,
    files: Vec<Option<[f64; 9]>>,
}

impl Hook<f64, Tiny> for Inspect<'_> {
    fn on_epoch_end<O: Optimizer<f64> + ?Sized>(
        &mut self,
        _net: &mut Tiny,
        _opt: &mut O,
        _e: &mut EpochEnd<f64>,
    ) -> Result<ControlFlow<()>, HookError> {
        let dir = self.path.parent().unwrap();
        let names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
        self.files.push(if self.path.exists() {
            Some(
                load_weights::<f64, Tiny>(self.path)
                    .expect("a complete weight file")
                    .p,
            )
        } else {
            None
        });
        Ok(ControlFlow::Continue(()))
    }
}

#[test]
fn checkpoints_are_complete_files_every_k_epochs_and_on_a_new_best() {
    let dir = scratch_dir("checkpoint");
    let path = dir.join("tiny.weights");
    // Best at epochs 0, 1, 4; periodic at epochs 2 and 5 (every 3, counted from 1).
    let seq = [1.0, 0.5, 0.6, 0.7, 0.4, 0.8];
    let data = xor();
    let mut net = start();
    let mut values = crafted(&seq);
    let mut checkpoint = Checkpoint::new(&path).every(3);
    let mut inspect = Inspect {
        path: &path,
        files: Vec::new(),
    };
    Trainer::new(Mode::FullBatch, 6)
        .unwrap()
        .run_with(
            &mut net,
            &mut sgd(0.5),
            &data,
            &mut [0; 4],
            &mut [0.0; 6],
            (&mut values, &mut checkpoint, &mut inspect),
        )
        .unwrap();
    assert_eq!(checkpoint.writes(), 5);
    let s = &values.snapshots;
    let expected = [s[0], s[1], s[2], s[2], s[4], s[5]];
    for (file, want) in inspect.files.iter().zip(expected) {
        assert_eq!(bits(&file.unwrap()), bits(&want));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_checkpoint_that_cannot_be_written_is_an_error() {
    let dir = scratch_dir("checkpoint-missing");
    let path = dir.join("no-such-dir").join("tiny.weights");
    let data = xor();
    let err = Trainer::new(Mode::FullBatch, 2)
        .unwrap()
        .run_with(
            &mut start(),
            &mut sgd(0.5),
            &data,
            &mut [0; 4],
            &mut [0.0; 2],
            Checkpoint::new(&path),
        )
        .unwrap_err();
    assert_eq!(
        err,
        TrainError::Hook {
            epoch: 0,
            error: HookError::Io(std::io::ErrorKind::NotFound)
        }
    );
    // A non-finite parameter is refused before anything is written; the old file stays.
    let path = dir.join("tiny.weights");
    save_weights_atomic(&path, &start()).unwrap();
    let mut bad = start();
    bad.p[2] = f64::NAN;
    assert_eq!(
        save_weights_atomic(&path, &bad),
        Err(HookError::NonFinite { index: 2 })
    );
    assert_eq!(load_weights::<f64, Tiny>(&path).unwrap(), start());
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        1,
        "no temporary file"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn run_vec_with_returns_the_epochs_that_ran() {
    let data = xor();
    let history = Trainer::new(Mode::FullBatch, 10)
        .unwrap()
        .run_vec_with(
            &mut start(),
            &mut sgd(0.5),
            &data,
            on_epoch(|_n: &mut Tiny, e: &EpochEnd<f64>| {
                if e.epoch == 2 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            }),
        )
        .unwrap();
    assert_eq!(history.len(), 3);
}

fn epoch_end(epoch: usize, val: Option<f64>, elapsed: Option<Duration>) -> EpochEnd<f64> {
    EpochEnd {
        epoch,
        epochs: 10,
        steps: 4 * (epoch + 1),
        lr: 0.001,
        loss: 0.25,
        val_loss: val,
        elapsed,
    }
}

#[test]
fn the_plain_progress_line_is_a_function_of_the_epoch() {
    let e = epoch_end(2, Some(0.5), Some(Duration::from_millis(1200)));
    assert_eq!(
        ProgressLine(&e).to_string(),
        "epoch 3/10  loss 0.2500  val_loss 0.5000  lr 1.000e-3  elapsed 1.2s  eta 2.8s"
    );
    assert_eq!(eta(&e), Some(Duration::from_millis(2800)));
    // No validation loss, no clock: left out.
    let e = epoch_end(0, None, None);
    assert_eq!(
        ProgressLine(&e).to_string(),
        "epoch 1/10  loss 0.2500  lr 1.000e-3"
    );
    assert_eq!(eta(&e), None);
    // Long runs in minutes and hours; tiny, huge and non-finite losses in scientific notation.
    let mut e = epoch_end(9, Some(f64::NAN), Some(Duration::from_secs(3725)));
    e.loss = 1.5e-5;
    assert_eq!(
        ProgressLine(&e).to_string(),
        "epoch 10/10  loss 1.500e-5  val_loss NaN  lr 1.000e-3  elapsed 1h02m  eta 0.0s"
    );
    let mut e = epoch_end(0, Some(12345.0), Some(Duration::from_secs(65)));
    e.loss = 0.0;
    assert_eq!(
        ProgressLine(&e).to_string(),
        "epoch 1/10  loss 0.0000  val_loss 1.234e4  lr 1.000e-3  elapsed 1m05s  eta 9m45s"
    );
}

#[test]
fn the_progress_hook_prints_plain_lines_and_never_stops_training() {
    let data = xor();
    let outcome = Trainer::new(Mode::FullBatch, 5)
        .unwrap()
        .run_with(
            &mut start(),
            &mut sgd(0.5),
            &data,
            &mut [0; 4],
            &mut [0.0; 5],
            Progress::new().plain().every(2),
        )
        .unwrap();
    assert_eq!(outcome.epochs, 5);
}

mod lbfgs {
    use super::*;
    use typenet_runtime::nalgebra::DVector;
    use typenet_runtime::second_order::{Lbfgs, LbfgsConfig, LineSearch, from_fn};
    use typenet_runtime::{Flat, Trainable};

    fn config() -> LbfgsConfig<f64> {
        LbfgsConfig {
            max_iter: 5,
            line_search: LineSearch::StrongWolfe,
            ..Default::default()
        }
    }

    #[test]
    fn run_lbfgs_is_lbfgs_step_on_the_full_batch_mean_loss() {
        let data = xor();
        // By hand: a plain function, value and gradient only (no Hessian to write).
        let mut f = from_fn(9, |x: &DVector<f64>, g: &mut DVector<f64>| {
            let net = Tiny::from_params(x.as_slice()).unwrap();
            let mut grads = Tiny { p: [0.0; 9] };
            let mut total = 0.0;
            for (xi, ti) in &data {
                total += net.backward_into(xi, ti, &mut grads);
            }
            for (gi, s) in g.iter_mut().zip(grads.as_slice()) {
                *gi = s / 4.0;
            }
            total / 4.0
        });
        let mut x = DVector::from_column_slice(start().params());
        let mut by_hand = Lbfgs::new(config()).unwrap();
        let expected: Vec<f64> = (0..6)
            .map(|_| by_hand.step(&mut f, &mut x).unwrap())
            .collect();

        let mut net = start();
        let mut lbfgs = Lbfgs::new(config()).unwrap();
        let mut history = [0.0; 6];
        let outcome = Trainer::new(Mode::FullBatch, 6)
            .unwrap()
            .run_lbfgs(&mut net, &mut lbfgs, &data, &mut history, ())
            .unwrap();
        assert_eq!(outcome.epochs, 6);
        assert_eq!(bits(&history), bits(&expected));
        assert_eq!(bits(&net.p), bits(x.as_slice()));
        assert_eq!(lbfgs.iterations(), by_hand.iterations());
        assert!(history[5] < history[0]);
    }

    #[test]
    fn run_lbfgs_takes_hooks_and_schedulers() {
        let data = xor();
        // Early stopping on a crafted sequence: best at 1, stop after 3, back to epoch 1.
        let seq = [1.0, 0.5, 0.6, 0.7, 0.1, 0.1];
        let mut net = start();
        let mut lbfgs = Lbfgs::new(config()).unwrap();
        let mut values = crafted(&seq);
        let mut es = EarlyStopping::new(EarlyStoppingConfig {
            patience: 2,
            ..Default::default()
        })
        .unwrap();
        let mut plateau_opt = sgd(1.0);
        let mut plateau = ReduceLROnPlateau::new(
            &mut plateau_opt,
            PlateauConfig {
                patience: 0,
                factor: 0.5,
                ..Default::default()
            },
        )
        .unwrap();
        let outcome = Trainer::new(Mode::FullBatch, 6)
            .unwrap()
            .run_lbfgs(
                &mut net,
                &mut lbfgs,
                &data,
                &mut [0.0; 6],
                (&mut values, OnMetric(&mut plateau), &mut es),
            )
            .unwrap();
        assert_eq!(outcome.epochs, 4);
        assert_eq!(bits(&net.p), bits(&values.snapshots[1]));
        // Two bad epochs with patience 0: lr 1 → 0.5 → 0.25.
        assert_eq!(lbfgs.config.lr, 0.25);
    }

    #[test]
    fn run_lbfgs_needs_the_full_batch() {
        let data = xor();
        let mut net = start();
        let before = net.clone();
        let err = Trainer::new(Mode::MiniBatch(2), 3)
            .unwrap()
            .run_lbfgs(
                &mut net,
                &mut Lbfgs::new(config()).unwrap(),
                &data,
                &mut [0.0; 3],
                (),
            )
            .unwrap_err();
        assert!(matches!(err, TrainError::Config(c) if c.param == "mode"));
        let empty: [([f64; 2], f64); 0] = [];
        let err = Trainer::new(Mode::FullBatch, 3)
            .unwrap()
            .run_lbfgs(
                &mut net,
                &mut Lbfgs::new(config()).unwrap(),
                &empty,
                &mut [0.0; 3],
                (),
            )
            .unwrap_err();
        assert_eq!(err, TrainError::EmptyDataset);
        assert_eq!(net, before);
    }
}

#[test]
fn early_stopping_called_by_hand_with_a_wrong_buffer_is_an_error_not_a_panic() {
    let mut buffer = [0.0; 8];
    let mut es =
        EarlyStopping::with_store(EarlyStoppingConfig::default(), &mut buffer[..]).unwrap();
    let mut e = epoch_end(0, Some(1.0), None);
    let r = Hook::<f64, Tiny>::on_epoch_end(&mut es, &mut start(), &mut sgd(0.1), &mut e);
    assert!(matches!(r, Err(HookError::Buffer(_))));
    // A boxed store sizes itself even without `on_train_begin`.
    let mut es = EarlyStopping::new(EarlyStoppingConfig::default()).unwrap();
    let mut net = start();
    let r = Hook::<f64, Tiny>::on_epoch_end(&mut es, &mut net, &mut sgd(0.1), &mut e);
    assert_eq!(r, Ok(ControlFlow::Continue(())));
    net.p[0] += 1.0;
    Hook::<f64, Tiny>::on_train_end(&mut es, &mut net).unwrap();
    assert_eq!(net, start());
}
