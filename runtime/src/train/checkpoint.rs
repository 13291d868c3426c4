//! Checkpoints: the network written to a weight file every k epochs and on a new best,
//! atomically (feature `std`).

use core::ops::ControlFlow;
use std::fs::{self, File};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use super::hooks::{EpochEnd, Hook, HookError};
use crate::export::{ExportError, write_weights};
use crate::optim::Optimizer;
use crate::{Parameters, Scalar};

/// Writes `net` as a weight file at `path` so that `path` is at every moment either its old
/// file or the complete new one: the file is written to a temporary file in the same directory
/// (`.<name>.tmp`), flushed to disk (`sync_all`), then renamed over `path` (atomic on POSIX
/// and on Windows within one volume). On error the temporary file is removed and `path` is
/// untouched.
///
/// # Errors
/// [`HookError::NonFinite`] for a NaN or infinite parameter (nothing is written),
/// [`HookError::Io`] if the file cannot be written.
pub fn save_weights_atomic<T: Scalar, N: Parameters<T>>(
    path: impl AsRef<Path>,
    net: &N,
) -> Result<(), HookError> {
    let path = path.as_ref();
    let mut text = String::new();
    write_weights(&mut text, net).map_err(|e| match e {
        ExportError::NonFinite { index } => HookError::NonFinite { index },
        _ => HookError::Io(io::ErrorKind::InvalidData),
    })?;
    let tmp = temporary_path(path);
    let written = (|| {
        let mut file = File::create(&tmp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, path)
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(HookError::Io(e.kind()));
    }
    // NOTE: the rename itself is durable only once the directory is synced; where a directory
    // cannot be opened as a file (Windows), the rename is still atomic, only perhaps not yet
    // on disk, so a failure here is not an error.
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(d) = File::open(dir)
    {
        let _ = d.sync_all();
    }
    Ok(())
}

/// `.<name>.tmp` beside `path`.
fn temporary_path(path: &Path) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(
        path.file_name()
            .unwrap_or(std::ffi::OsStr::new("checkpoint")),
    );
    name.push(".tmp");
    path.with_file_name(name)
}

/// Writes the network to a weight file every `every` epochs and whenever
/// [`EpochEnd::monitored`] improves (Keras's `ModelCheckpoint(save_best_only=…)`, PyTorch's
/// `torch.save` in the loop), with [`save_weights_atomic`]: a crash never leaves a half-written
/// file. Each write replaces the file; [`Checkpoint::writes`] counts them.
#[derive(Debug)]
pub struct Checkpoint {
    path: PathBuf,
    every: usize,
    on_best: bool,
    best: f64,
    writes: usize,
}

impl Checkpoint {
    /// Checkpoints to `path`, on every new best only (add [`every`](Checkpoint::every) for
    /// periodic ones).
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Checkpoint {
            path: path.into(),
            every: 0,
            on_best: true,
            best: f64::INFINITY,
            writes: 0,
        }
    }

    /// Also writes after every `k`-th epoch (epochs k, 2k, … counted from 1); 0 turns
    /// periodic writes off.
    pub fn every(self, k: usize) -> Self {
        Checkpoint { every: k, ..self }
    }

    /// Whether to write on a new best (default `true`).
    pub fn on_best(self, on: bool) -> Self {
        Checkpoint {
            on_best: on,
            ..self
        }
    }

    /// The file written.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How many times the file was written.
    pub fn writes(&self) -> usize {
        self.writes
    }
}

impl<T: Scalar, N: Parameters<T>> Hook<T, N> for Checkpoint {
    fn on_train_begin(&mut self, _net: &N, _epochs: usize) -> Result<(), HookError> {
        self.best = f64::INFINITY;
        Ok(())
    }

    fn on_epoch_end<O: Optimizer<T> + ?Sized>(
        &mut self,
        net: &mut N,
        _opt: &mut O,
        epoch: &mut EpochEnd<T>,
    ) -> Result<ControlFlow<()>, HookError> {
        let m = epoch.monitored().to_f64();
        let improved = m < self.best;
        if improved {
            self.best = m;
        }
        let periodic = self.every > 0 && (epoch.epoch + 1).is_multiple_of(self.every);
        if periodic || (self.on_best && improved) {
            save_weights_atomic(&self.path, &*net)?;
            self.writes += 1;
        }
        Ok(ControlFlow::Continue(()))
    }
}
