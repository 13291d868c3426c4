//! serde support (feature `serde`): networks, optimizer state and scheduler state serialise and
//! deserialise, checked on load, so a training run resumes bit for bit.
//!
//! - **Networks** (every type `network!` generates) serialise as a map from each tensor's
//!   PyTorch name ([`Parameters::TENSORS`]) to its shape and values:
//!   `{"layer1.weight": {"shape": [2, 2], "values": [...]}, ...}`. Loading checks every tensor
//!   against the network type: a missing, unknown or misshapen tensor is a
//!   [`NetworkFormatError`] naming it.
//! - **Optimizers** (every one of [`crate::optim`]) serialise their config, step count and every
//!   state buffer by name (`{"config": {...}, "step": 3, "state": {"exp_avg": [...], ...},
//!   "extra": {...}}`). Loading validates the config and checks that every buffer is present and
//!   as long as the others and as the storage type (`[T; N]`), with an error naming the buffer
//!   and both lengths. The bound-proof ranges are not stored; the first step recomputes them (the
//!   step's results do not depend on them).
//! - **Schedulers**: every one, with every field (last epoch, base learning rate, the exact last
//!   learning rate, internal counters, children of the composites). Loading re-checks the
//!   settings as the constructor does (a [`ConfigError`](crate::error::ConfigError) naming the
//!   field), plus what a step needs not to panic (a restart period ≥ 1, …). The three that hold a
//!   function ([`LambdaLR`](crate::sched::LambdaLR), [`MultiplicativeLR`](crate::sched::MultiplicativeLR),
//!   [`CyclicLR`](crate::sched::CyclicLR)) serialise their state without it and load it with
//!   `load_state` into a scheduler built with the same function and settings (a function
//!   cannot be deserialised).
//!
//! A shuffling generator is the caller's to restore (or reseed per epoch, as the test
//! `tests/serde_resume.rs` does).

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

#[doc(hidden)]
pub use serde;
use serde::de::Error as _;
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::optim::StateBuffer;
use crate::{Parameters, Scalar};

/// Why a serialised network does not fit the network type it is loaded into.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NetworkFormatError {
    /// A tensor of the network type is not in the data.
    Missing {
        /// The tensor's name (`layer1.weight`).
        tensor: &'static str,
    },
    /// The data has a tensor the network type does not.
    Unknown {
        /// The name found.
        tensor: String,
    },
    /// A tensor's shape differs from the network type's.
    Shape {
        /// The tensor's name.
        tensor: &'static str,
        /// The network type's shape.
        expected: &'static [usize],
        /// The shape in the data.
        found: Vec<usize>,
    },
    /// A tensor's number of values is not its shape's.
    Values {
        /// The tensor's name.
        tensor: &'static str,
        /// The number its shape needs.
        expected: usize,
        /// The number in the data.
        found: usize,
    },
}

impl fmt::Display for NetworkFormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NetworkFormatError::Missing { tensor } => {
                write!(f, "tensor `{tensor}` is missing")
            }
            NetworkFormatError::Unknown { tensor } => {
                write!(f, "tensor `{tensor}` is not one of the network's")
            }
            NetworkFormatError::Shape {
                tensor,
                expected,
                found,
            } => write!(
                f,
                "tensor `{tensor}` has shape {found:?}, the network's is {expected:?}"
            ),
            NetworkFormatError::Values {
                tensor,
                expected,
                found,
            } => write!(
                f,
                "tensor `{tensor}` has {found} values, its shape needs {expected}"
            ),
        }
    }
}

impl core::error::Error for NetworkFormatError {}

/// One tensor as written: its shape and values.
#[derive(Serialize)]
struct TensorRef<'a, T> {
    shape: &'a [usize],
    values: &'a [T],
}

/// One tensor as read.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TensorData<T> {
    shape: Vec<usize>,
    values: Vec<T>,
}

/// Serialises `net` as a map from each tensor's name to its shape and values. What the
/// `Serialize` impl of every generated network calls.
pub fn serialize_network<T, N, S>(net: &N, serializer: S) -> Result<S::Ok, S::Error>
where
    T: Scalar + Serialize,
    N: Parameters<T>,
    S: Serializer,
{
    let params = net.params();
    let mut map = serializer.serialize_map(Some(N::TENSORS.len()))?;
    for t in N::TENSORS {
        let values = t
            .values(params)
            .ok_or_else(|| serde::ser::Error::custom("a tensor lies outside the parameters"))?;
        map.serialize_entry(
            t.name,
            &TensorRef {
                shape: t.shape,
                values,
            },
        )?;
    }
    map.end()
}

/// Reads the tensors of network type `N`, checking names, shapes and lengths
/// ([`NetworkFormatError`]). What the `Deserialize` impl of every generated network calls.
pub fn deserialize_network<'de, T, N, D>(deserializer: D) -> Result<N, D::Error>
where
    T: Scalar + Deserialize<'de>,
    N: Parameters<T>,
    D: Deserializer<'de>,
{
    let mut data = BTreeMap::<String, TensorData<T>>::deserialize(deserializer)?;
    let mut net = N::zeros();
    for t in N::TENSORS {
        let found = data
            .remove(t.name)
            .ok_or(NetworkFormatError::Missing { tensor: t.name })
            .map_err(D::Error::custom)?;
        if found.shape != t.shape {
            return Err(D::Error::custom(NetworkFormatError::Shape {
                tensor: t.name,
                expected: t.shape,
                found: found.shape,
            }));
        }
        if found.values.len() != t.len() {
            return Err(D::Error::custom(NetworkFormatError::Values {
                tensor: t.name,
                expected: t.len(),
                found: found.values.len(),
            }));
        }
        net.params_mut()[t.offset..t.offset + t.len()].copy_from_slice(&found.values);
    }
    if let Some(name) = data.into_keys().next() {
        return Err(D::Error::custom(NetworkFormatError::Unknown {
            tensor: name,
        }));
    }
    Ok(net)
}

/// Pairs written as a map, in order.
struct Pairs<'a, V>(&'a [(&'static str, V)]);

impl<V: Serialize> Serialize for Pairs<'_, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// An optimizer as written (`common!` builds it from the optimizer's fields).
#[doc(hidden)]
#[derive(Serialize)]
pub struct OptimizerRef<'a, C, T> {
    config: &'a C,
    step: u64,
    state: Pairs<'a, &'a [T]>,
    extra: Pairs<'a, f64>,
}

impl<'a, C, T> OptimizerRef<'a, C, T> {
    /// The fields of an optimizer.
    pub fn new(
        config: &'a C,
        step: u64,
        state: &'a [(&'static str, &'a [T])],
        extra: &'a [(&'static str, f64)],
    ) -> Self {
        OptimizerRef {
            config,
            step,
            state: Pairs(state),
            extra: Pairs(extra),
        }
    }
}

/// An optimizer as read; [`take`](OptimizerData::take) checks each buffer.
#[doc(hidden)]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptimizerData<C, T> {
    /// The hyperparameters.
    pub config: C,
    /// The step count.
    pub step: u64,
    state: BTreeMap<String, Vec<T>>,
    #[serde(default)]
    extra: BTreeMap<String, f64>,
}

impl<C, T: Scalar> OptimizerData<C, T> {
    /// The length of state buffer `name` (the reference for the others).
    pub fn len_of<E: serde::de::Error>(&self, name: &str) -> Result<usize, E> {
        self.state
            .get(name)
            .map(Vec::len)
            .ok_or_else(|| E::custom(format_args!("optimizer state `{name}` is missing")))
    }

    /// State buffer `name` in storage `S`, which must hold `len` values like the first buffer.
    pub fn take<S: StateBuffer<T>, E: serde::de::Error>(
        &mut self,
        name: &str,
        first: &str,
        len: usize,
    ) -> Result<S, E> {
        let values = self
            .state
            .remove(name)
            .ok_or_else(|| E::custom(format_args!("optimizer state `{name}` is missing")))?;
        if values.len() != len {
            return Err(E::custom(format_args!(
                "optimizer state `{name}` holds {} values, `{first}` holds {len}",
                values.len()
            )));
        }
        let mut s = S::filled(len, T::zero()).map_err(|e| {
            E::custom(format_args!(
                "optimizer state `{name}` holds {} parameters, its storage type holds {}",
                e.found, e.expected
            ))
        })?;
        s.as_mut_slice().copy_from_slice(&values);
        Ok(s)
    }

    /// Scalar `name` of the optimizer's state.
    pub fn extra<E: serde::de::Error>(&self, name: &str) -> Result<f64, E> {
        self.extra
            .get(name)
            .copied()
            .ok_or_else(|| E::custom(format_args!("optimizer state `{name}` is missing")))
    }

    /// An error if a buffer is left that the optimizer does not have.
    pub fn finish<E: serde::de::Error>(self) -> Result<(), E> {
        match self.state.into_keys().next() {
            Some(name) => Err(E::custom(format_args!(
                "optimizer state `{name}` is not one of this optimizer's"
            ))),
            None => Ok(()),
        }
    }
}

/// `Serialize` and `Deserialize` for a generated network (through [`serialize_network`] and
/// [`deserialize_network`]); expands to nothing without the runtime's `serde` feature.
#[doc(hidden)]
#[macro_export]
macro_rules! __serde_network {
    ($name:ident) => {
        impl<T: $crate::Scalar + $crate::serde_state::serde::Serialize>
            $crate::serde_state::serde::Serialize for $name<T>
        {
            fn serialize<S: $crate::serde_state::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::serde_state::serialize_network::<T, Self, S>(self, serializer)
            }
        }

        impl<'de, T: $crate::Scalar + $crate::serde_state::serde::Deserialize<'de>>
            $crate::serde_state::serde::Deserialize<'de> for $name<T>
        {
            fn deserialize<D: $crate::serde_state::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::serde_state::deserialize_network::<T, Self, D>(deserializer)
            }
        }
    };
}

/// `[usize; N]` as a sequence, its length checked on load (serde's own array impls stop at 32
/// and need a literal length); for `#[serde(with = "…")]`.
pub(crate) mod array {
    use super::*;

    pub(crate) fn serialize<S: Serializer, const N: usize>(
        a: &[usize; N],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        a.as_slice().serialize(s)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>, const N: usize>(
        d: D,
    ) -> Result<[usize; N], D::Error> {
        let v = Vec::<usize>::deserialize(d)?;
        let found = v.len();
        v.try_into()
            .map_err(|_| D::Error::custom(format_args!("expected {N} milestones, found {found}")))
    }
}
