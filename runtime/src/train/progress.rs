//! Progress: one line per epoch (a pure function of the [`EpochEnd`]) and, with `std`, the
//! [`Progress`] hook that prints it or, with the `progress` feature on a terminal, draws a bar.

use core::fmt;
use core::time::Duration;

use super::hooks::EpochEnd;
use crate::Scalar;

/// The estimated time left after `e`: the mean time per epoch so far times the epochs left
/// (`None` without a clock).
pub fn eta<T>(e: &EpochEnd<T>) -> Option<Duration> {
    let done = e.epoch as u32 + 1;
    let left = e.epochs.saturating_sub(e.epoch + 1) as u32;
    e.elapsed.map(|t| (t / done.max(1)).saturating_mul(left))
}

/// The plain progress line of an epoch, as [`Progress`] prints it when it draws no bar:
///
/// `epoch 3/10  loss 0.1234  val_loss 0.2345  lr 1.000e-3  elapsed 1.2s  eta 2.8s`
///
/// Epochs count from 1 here (as Keras prints them); `val_loss` is left out without a
/// validation loss, `elapsed` and `eta` without a clock. Losses have 4 decimals
/// (`{:.4}` from 0.001 to 1000, else scientific), the learning rate is scientific.
#[derive(Clone, Copy, Debug)]
pub struct ProgressLine<'e, T>(pub &'e EpochEnd<T>);

/// A loss: fixed with 4 decimals while that stays short, else scientific.
fn loss(f: &mut fmt::Formatter<'_>, name: &str, v: f64) -> fmt::Result {
    if v.is_finite() && v.abs() < 1000.0 && (v == 0.0 || v.abs() >= 1e-3) {
        write!(f, "  {name} {v:.4}")
    } else {
        write!(f, "  {name} {v:.3e}")
    }
}

/// A duration in seconds with one decimal (`1.2s`), or `1m05s` / `1h02m` when longer.
fn duration(f: &mut fmt::Formatter<'_>, name: &str, d: Duration) -> fmt::Result {
    let s = d.as_secs();
    if s < 60 {
        write!(f, "  {name} {:.1}s", d.as_secs_f64())
    } else if s < 3600 {
        write!(f, "  {name} {}m{:02}s", s / 60, s % 60)
    } else {
        write!(f, "  {name} {}h{:02}m", s / 3600, (s / 60) % 60)
    }
}

impl<T: Scalar> fmt::Display for ProgressLine<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = self.0;
        write!(f, "epoch {}/{}", e.epoch + 1, e.epochs)?;
        loss(f, "loss", e.loss.to_f64())?;
        if let Some(v) = e.val_loss {
            loss(f, "val_loss", v.to_f64())?;
        }
        write!(f, "  lr {:.3e}", e.lr.to_f64())?;
        if let Some(t) = e.elapsed {
            duration(f, "elapsed", t)?;
        }
        if let Some(t) = eta(e) {
            duration(f, "eta", t)?;
        }
        Ok(())
    }
}

#[cfg(feature = "std")]
pub use self::hook::Progress;

#[cfg(feature = "std")]
mod hook {
    use core::ops::ControlFlow;
    use std::io::{IsTerminal, Write};

    use super::{EpochEnd, ProgressLine};
    use crate::Scalar;
    use crate::optim::Optimizer;
    use crate::train::hooks::{Hook, HookError};

    /// Shows training progress on stderr: with the `progress` feature and stderr a terminal, a
    /// bar (indicatif) with the epoch, loss, validation loss, learning rate and ETA; otherwise
    /// (a log file, CI, no feature) a [`ProgressLine`] every [`every`](Progress::every) epochs
    /// and after the last. Put it after a [`Validation`](crate::train::Validation) hook to see
    /// the validation loss. Output errors are ignored: progress never stops training.
    #[derive(Debug)]
    pub struct Progress {
        every: usize,
        #[cfg_attr(not(feature = "progress"), allow(dead_code))]
        plain: bool,
        #[cfg(feature = "progress")]
        bar: Option<indicatif::ProgressBar>,
    }

    impl Default for Progress {
        fn default() -> Self {
            Self::new()
        }
    }

    impl Progress {
        /// A bar on a terminal (feature `progress`), else a line after every epoch.
        pub fn new() -> Self {
            Progress {
                every: 1,
                plain: !cfg!(feature = "progress") || !std::io::stderr().is_terminal(),
                #[cfg(feature = "progress")]
                bar: None,
            }
        }

        /// Plain lines: after every `k`-th epoch (and the last) only; 0 means the last only.
        pub fn every(self, k: usize) -> Self {
            Progress { every: k, ..self }
        }

        /// Plain lines even on a terminal.
        pub fn plain(self) -> Self {
            Progress {
                plain: true,
                ..self
            }
        }
    }

    impl<T: Scalar, N> Hook<T, N> for Progress {
        fn on_train_begin(&mut self, _net: &N, _epochs: usize) -> Result<(), HookError> {
            #[cfg(feature = "progress")]
            if !self.plain {
                let bar = indicatif::ProgressBar::new(_epochs as u64);
                if let Ok(style) = indicatif::ProgressStyle::with_template(
                    "epoch {pos}/{len} [{bar:30}] {elapsed} < {eta}  {msg}",
                ) {
                    bar.set_style(style.progress_chars("=> "));
                }
                self.bar = Some(bar);
            }
            Ok(())
        }

        fn on_epoch_end<O: Optimizer<T> + ?Sized>(
            &mut self,
            _net: &mut N,
            _opt: &mut O,
            e: &mut EpochEnd<T>,
        ) -> Result<ControlFlow<()>, HookError> {
            #[cfg(feature = "progress")]
            if let Some(bar) = &self.bar {
                let mut msg = format!("loss {:.4}", e.loss.to_f64());
                if let Some(v) = e.val_loss {
                    msg += &format!("  val_loss {:.4}", v.to_f64());
                }
                msg += &format!("  lr {:.3e}", e.lr.to_f64());
                bar.set_position(e.epoch as u64 + 1);
                bar.set_message(msg);
                return Ok(ControlFlow::Continue(()));
            }
            let last = e.epoch + 1 == e.epochs;
            if last || (self.every > 0 && (e.epoch + 1).is_multiple_of(self.every)) {
                let _ = writeln!(std::io::stderr(), "{}", ProgressLine(&*e));
            }
            Ok(ControlFlow::Continue(()))
        }

        fn on_train_end(&mut self, _net: &mut N) -> Result<(), HookError> {
            #[cfg(feature = "progress")]
            if let Some(bar) = self.bar.take() {
                bar.finish();
            }
            Ok(())
        }
    }
}
