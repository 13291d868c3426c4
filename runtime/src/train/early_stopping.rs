//! Early stopping with patience, restoring the best weights (Keras's `EarlyStopping`).

use core::ops::ControlFlow;

use super::hooks::{EpochEnd, Hook, HookError};
use crate::error::{ConfigError, LengthError, check};
use crate::optim::Optimizer;
use crate::{Parameters, Scalar};

/// Settings of [`EarlyStopping`] (Keras's arguments, mode `"min"`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EarlyStoppingConfig {
    /// Epochs without improvement tolerated; training stops at the `patience`-th one in a row
    /// (`patience`, default 0: at the first epoch that does not improve).
    pub patience: usize,
    /// An epoch improves when its metric is below the best so far minus this (`min_delta`,
    /// default 0, must be ≥ 0 and finite).
    pub min_delta: f64,
    /// Put the parameters of the best epoch back into the network when training ends
    /// (`restore_best_weights`, default `true` here; Keras's default is `false`).
    pub restore_best: bool,
}

impl Default for EarlyStoppingConfig {
    fn default() -> Self {
        EarlyStoppingConfig {
            patience: 0,
            min_delta: 0.0,
            restore_best: true,
        }
    }
}

impl EarlyStoppingConfig {
    /// Checks the settings: `min_delta` ≥ 0 and finite.
    pub fn validate(&self) -> Result<(), ConfigError> {
        check::non_negative("min_delta", self.min_delta)
    }
}

/// Where [`EarlyStopping`] keeps the best parameters: a `Box<[T]>` (feature `alloc`, sized
/// when training begins) or a caller's `&mut [T]` of the network's size (no heap).
pub trait BestStore<T> {
    /// Makes room for `len` values.
    ///
    /// # Errors
    /// A [`LengthError`] if the store cannot hold exactly `len` values.
    fn prepare(&mut self, len: usize) -> Result<(), LengthError>;
    /// The stored values.
    fn values(&mut self) -> &mut [T];
}

impl<T> BestStore<T> for &mut [T] {
    fn prepare(&mut self, len: usize) -> Result<(), LengthError> {
        if self.len() == len {
            Ok(())
        } else {
            Err(LengthError {
                expected: len,
                found: self.len(),
            })
        }
    }
    fn values(&mut self) -> &mut [T] {
        self
    }
}

#[cfg(feature = "alloc")]
impl<T: Scalar> BestStore<T> for alloc::boxed::Box<[T]> {
    fn prepare(&mut self, len: usize) -> Result<(), LengthError> {
        if self.len() != len {
            *self = alloc::vec![T::zero(); len].into_boxed_slice();
        }
        Ok(())
    }
    fn values(&mut self) -> &mut [T] {
        self
    }
}

/// Stops training when [`EpochEnd::monitored`] (the validation loss after a
/// [`Validation`](super::Validation) hook, else the training loss) has not improved for
/// `patience` epochs, and puts the best epoch's parameters back when training ends.
///
/// Keras: `EarlyStopping(monitor="val_loss", mode="min", patience, min_delta,
/// restore_best_weights=True)`. Epoch e improves when m_e < best − `min_delta` (a NaN never
/// does); then best ← m_e, the wait count is reset and the parameters are copied to the store;
/// otherwise the wait count goes up, and training stops after the epoch at which it reaches
/// `patience`. Unlike Keras, the best weights are restored whenever training ends (also when
/// the epochs run out), so the network always leaves with its best epoch's parameters.
pub struct EarlyStopping<T, B> {
    config: EarlyStoppingConfig,
    best: f64,
    best_epoch: Option<usize>,
    wait: usize,
    stopped_epoch: Option<usize>,
    store: B,
    _scalar: core::marker::PhantomData<T>,
}

#[cfg(feature = "alloc")]
impl<T: Scalar> EarlyStopping<T, alloc::boxed::Box<[T]>> {
    /// Early stopping keeping the best parameters on the heap (allocated once, when training
    /// begins).
    ///
    /// # Errors
    /// A [`ConfigError`] naming `min_delta` (see [`EarlyStoppingConfig::validate`]).
    pub fn new(config: EarlyStoppingConfig) -> Result<Self, ConfigError> {
        Self::with_store(config, alloc::boxed::Box::default())
    }
}

impl<T: Scalar, B: BestStore<T>> EarlyStopping<T, B> {
    /// Early stopping keeping the best parameters in `store` (a `&mut [T]` of the network's
    /// parameter count for no heap: checked when training begins).
    ///
    /// # Errors
    /// A [`ConfigError`] naming `min_delta` (see [`EarlyStoppingConfig::validate`]).
    pub fn with_store(config: EarlyStoppingConfig, store: B) -> Result<Self, ConfigError> {
        config.validate()?;
        Ok(EarlyStopping {
            config,
            best: f64::INFINITY,
            best_epoch: None,
            wait: 0,
            stopped_epoch: None,
            store,
            _scalar: core::marker::PhantomData,
        })
    }

    /// The best metric so far (∞ before the first epoch).
    pub fn best(&self) -> f64 {
        self.best
    }

    /// The epoch of the best metric (0-based), if any epoch improved.
    pub fn best_epoch(&self) -> Option<usize> {
        self.best_epoch
    }

    /// The epoch after which this hook stopped training, if it did.
    pub fn stopped_epoch(&self) -> Option<usize> {
        self.stopped_epoch
    }
}

impl<T: Scalar, N: Parameters<T>, B: BestStore<T>> Hook<T, N> for EarlyStopping<T, B> {
    fn on_train_begin(&mut self, net: &N, _epochs: usize) -> Result<(), HookError> {
        self.best = f64::INFINITY;
        self.best_epoch = None;
        self.wait = 0;
        self.stopped_epoch = None;
        if self.config.restore_best {
            self.store
                .prepare(net.params().len())
                .map_err(HookError::Buffer)?;
        }
        Ok(())
    }

    fn on_epoch_end<O: Optimizer<T> + ?Sized>(
        &mut self,
        net: &mut N,
        _opt: &mut O,
        epoch: &mut EpochEnd<T>,
    ) -> Result<ControlFlow<()>, HookError> {
        let m = epoch.monitored().to_f64();
        if m < self.best - self.config.min_delta {
            self.best = m;
            self.best_epoch = Some(epoch.epoch);
            self.wait = 0;
            if self.config.restore_best {
                // NOTE: sized in `on_train_begin`; checked again (a length comparison) so that
                // calling the hook by hand without it is an error, not a panic.
                let params = net.params();
                self.store
                    .prepare(params.len())
                    .map_err(HookError::Buffer)?;
                self.store.values().copy_from_slice(params);
            }
            return Ok(ControlFlow::Continue(()));
        }
        self.wait += 1;
        if self.wait >= self.config.patience {
            self.stopped_epoch = Some(epoch.epoch);
            return Ok(ControlFlow::Break(()));
        }
        Ok(ControlFlow::Continue(()))
    }

    fn on_train_end(&mut self, net: &mut N) -> Result<(), HookError> {
        if self.config.restore_best && self.best_epoch.is_some() {
            let params = net.params_mut();
            self.store
                .prepare(params.len())
                .map_err(HookError::Buffer)?;
            params.copy_from_slice(self.store.values());
        }
        Ok(())
    }
}
