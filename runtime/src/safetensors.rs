//! A network's tensors in the [safetensors](https://huggingface.co/docs/safetensors) format,
//! PyTorch's and Hugging Face's file of named tensors: train in PyTorch, `save_file` the
//! `state_dict`, load it here; or train here and read the file in Python. Feature `safetensors`
//! (needs only `alloc`).
//!
//! ```text
//! # PyTorch
//! model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))
//! safetensors.torch.save_file(model.state_dict(), "net.safetensors")
//! ```
//!
//! ```text
//! // Rust: `0.weight`, `0.bias`, `2.weight`, `2.bias` are layer1 and layer2
//! let opts = LoadOptions::new().sequential(&[0, 2]);
//! let net: Net<f32> = typenet::safetensors::load("net.safetensors", &opts)?;
//! ```
//!
//! # Names
//! A network's tensors are its [`Parameters::TENSORS`]: `layer1.weight`, `layer1.bias`, … or the
//! field names of its definition (`fc1.weight`). The name each one has in the file is
//! [`LoadOptions::prefix`] followed by
//! - the file name given for it in [`LoadOptions::rename`], if any;
//! - else, with [`LoadOptions::sequential`], the layer's index in the `nn.Sequential` and
//!   `.weight` / `.bias` (activation modules take indices too: `Linear, ReLU, Linear` is
//!   `[0, 2]`);
//! - else its typenet name.
//!
//! # What is refused
//! Loading is all or nothing: the whole file is checked before any value is stored, and a
//! refused file leaves the network as it was. A [`SafetensorsError`] names the tensor at fault:
//! a file that is not valid safetensors (header too large or cut, offsets past the end of the
//! data, overlapping or out-of-order tensors: the `safetensors` crate checks these), a missing
//! tensor, a tensor the network does not have (unless [`LoadOptions::ignore`] lists it, as for a
//! batch norm's `num_batches_tracked`), a shape other than the network's (both shapes are in the
//! message), a dtype other than `F16`, `BF16`, `F32`, `F64`, and a NaN or infinite value
//! (including an `F64` value too large for an `f32` network).
//!
//! Values of any of the four float dtypes are converted to the network's scalar type (`F64`
//! to `f32` rounds to nearest). Files are written in the network's own scalar type.

use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::any::TypeId;
use core::fmt;

use ::safetensors::tensor::{Dtype, SafeTensors, TensorView};

use crate::{Parameters, Scalar, TensorInfo};

/// How a network's tensors are named in a file: a prefix, a `nn.Sequential` numbering, single
/// renames, and names to ignore. The default is typenet's own names, nothing ignored.
///
/// ```
/// use typenet_runtime::safetensors::LoadOptions;
/// // `model.0.weight`, `model.0.bias`, `model.2.weight`, …; batch norm counters skipped.
/// let opts = LoadOptions::new()
///     .prefix("model.")
///     .sequential(&[0, 2, 4])
///     .ignore(&["num_batches_tracked"]);
/// assert_eq!(opts.prefix, "model.");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoadOptions<'a> {
    /// Put before every name in the file (`"model."`: a module whose MLP is its `model`
    /// attribute). Defaults to `""`.
    pub prefix: &'a str,
    /// Tensors of the file that the network does not have and that are skipped rather than
    /// refused. An entry matches a file name (prefix included) equal to it or ending in `.`
    /// and it: `"num_batches_tracked"` matches `bn.num_batches_tracked`. Defaults to none.
    pub ignore: &'a [&'a str],
    /// `(file name, typenet name)` pairs, without the prefix: `("encoder.weight",
    /// "layer1.weight")`. They take precedence over [`sequential`](Self::sequential). Defaults
    /// to none.
    pub rename: &'a [(&'a str, &'a str)],
    /// The index of each layer (in order, one per layer that has parameters) in a PyTorch
    /// `nn.Sequential`: `Linear(4, 16), ReLU(), Linear(16, 3)` is `[0, 2]`, so `layer1.weight`
    /// is `0.weight` and `layer2.bias` is `2.bias`. `None` (the default) uses typenet's names.
    pub sequential: Option<&'a [usize]>,
}

impl<'a> LoadOptions<'a> {
    /// typenet's own names, nothing ignored (the same as `Default`).
    pub const fn new() -> Self {
        LoadOptions {
            prefix: "",
            ignore: &[],
            rename: &[],
            sequential: None,
        }
    }

    /// Sets [`prefix`](Self::prefix).
    pub const fn prefix(mut self, prefix: &'a str) -> Self {
        self.prefix = prefix;
        self
    }

    /// Sets [`ignore`](Self::ignore).
    pub const fn ignore(mut self, ignore: &'a [&'a str]) -> Self {
        self.ignore = ignore;
        self
    }

    /// Sets [`rename`](Self::rename).
    pub const fn rename(mut self, rename: &'a [(&'a str, &'a str)]) -> Self {
        self.rename = rename;
        self
    }

    /// Sets [`sequential`](Self::sequential).
    pub const fn sequential(mut self, indices: &'a [usize]) -> Self {
        self.sequential = Some(indices);
        self
    }

    /// Whether a file tensor of this name is to be skipped.
    fn ignores(&self, name: &str) -> bool {
        self.ignore
            .iter()
            .any(|i| name == *i || name.strip_suffix(i).is_some_and(|head| head.ends_with('.')))
    }
}

/// Why a safetensors file was refused, or a network could not be written as one. On a refused
/// load the network is unchanged.
#[derive(Debug)]
#[non_exhaustive]
pub enum SafetensorsError {
    /// The bytes are not a valid safetensors file (bad or oversized header, offsets past the end,
    /// overlapping tensors, …).
    Format {
        /// What the `safetensors` crate found wrong.
        reason: String,
    },
    /// A tensor of the network is not in the file.
    Missing {
        /// The tensor's typenet name.
        tensor: &'static str,
        /// The name it was looked up under.
        file_name: String,
    },
    /// The file has a tensor the network does not have, and [`LoadOptions::ignore`] does not
    /// list it.
    Unexpected {
        /// Its name in the file.
        file_name: String,
    },
    /// A tensor's shape differs from the network's.
    Shape {
        /// The tensor's typenet name.
        tensor: &'static str,
        /// Its name in the file.
        file_name: String,
        /// The network's shape (PyTorch order: a weight `[out, in]`).
        expected: &'static [usize],
        /// The file's shape.
        found: Vec<usize>,
    },
    /// A tensor's dtype is not `F16`, `BF16`, `F32` or `F64`.
    Dtype {
        /// The tensor's typenet name.
        tensor: &'static str,
        /// Its name in the file.
        file_name: String,
        /// The file's dtype, as the format spells it (`I64`, `F8_E4M3`, …).
        dtype: String,
    },
    /// A value is NaN or infinite (or too large for the network's scalar type).
    NonFinite {
        /// The tensor's typenet name.
        tensor: &'static str,
        /// Its name in the file.
        file_name: String,
        /// Index of the value within the tensor, row-major.
        index: usize,
    },
    /// [`LoadOptions::sequential`] gives another number of indices than the network has layers.
    SequentialIndices {
        /// The network's layers that have parameters.
        layers: usize,
        /// The indices given.
        given: usize,
    },
    /// A parameter to save is NaN or infinite.
    NonFiniteParameter {
        /// The tensor's typenet name.
        tensor: &'static str,
        /// Index of the value within the tensor, row-major.
        index: usize,
    },
    /// The file could not be read or written (feature `std`).
    #[cfg(feature = "std")]
    Io(std::io::Error),
}

impl fmt::Display for SafetensorsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SafetensorsError::Format { reason } => {
                write!(f, "not a valid safetensors file: {reason}")
            }
            SafetensorsError::Missing { tensor, file_name } => write!(
                f,
                "tensor `{file_name}` (the network's `{tensor}`) is missing from the file"
            ),
            SafetensorsError::Unexpected { file_name } => write!(
                f,
                "the file has a tensor `{file_name}` that the network does not have \
                 (list it in `LoadOptions::ignore` to skip it)"
            ),
            SafetensorsError::Shape {
                tensor,
                file_name,
                expected,
                found,
            } => write!(
                f,
                "tensor `{file_name}` (the network's `{tensor}`) has shape {found:?}, but the \
                 network's is {expected:?}"
            ),
            SafetensorsError::Dtype {
                tensor,
                file_name,
                dtype,
            } => write!(
                f,
                "tensor `{file_name}` (the network's `{tensor}`) has dtype {dtype}; only F16, \
                 BF16, F32 and F64 are read"
            ),
            SafetensorsError::NonFinite {
                tensor,
                file_name,
                index,
            } => write!(
                f,
                "tensor `{file_name}` (the network's `{tensor}`): value {index} is NaN or \
                 infinite in the network's scalar type"
            ),
            SafetensorsError::SequentialIndices { layers, given } => write!(
                f,
                "`LoadOptions::sequential` gives {given} indices, but the network has {layers} \
                 layers with parameters"
            ),
            SafetensorsError::NonFiniteParameter { tensor, index } => write!(
                f,
                "cannot save: value {index} of tensor `{tensor}` is NaN or infinite"
            ),
            #[cfg(feature = "std")]
            SafetensorsError::Io(e) => write!(f, "cannot access the safetensors file: {e}"),
        }
    }
}

impl core::error::Error for SafetensorsError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            #[cfg(feature = "std")]
            SafetensorsError::Io(e) => Some(e),
            _ => None,
        }
    }
}

/// Checked at compile time: the network's tensors tile its parameters (always true for
/// generated networks), so every offset below is in bounds.
const fn tensors_tile<T: Scalar, N: Parameters<T>>() -> bool {
    TensorInfo::tile(N::TENSORS, N::PARAMS)
}

/// The layer part of a tensor name: `fc1` of `fc1.weight`.
fn layer_of(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(layer, _)| layer)
}

/// The name in the file of each of the network's tensors, in [`Parameters::TENSORS`] order.
fn file_names<T: Scalar, N: Parameters<T>>(
    opts: &LoadOptions<'_>,
) -> Result<Vec<String>, SafetensorsError> {
    // Layers in order of first appearance; TENSORS lists each layer's tensors together.
    let mut layer = 0usize;
    let mut previous: Option<&str> = None;
    let mut names = Vec::with_capacity(N::TENSORS.len());
    for t in N::TENSORS {
        let this = layer_of(t.name);
        if previous.is_some_and(|p| p != this) {
            layer += 1;
        }
        previous = Some(this);
        let local: Cow<'_, str> =
            if let Some((file, _)) = opts.rename.iter().find(|(_, ours)| *ours == t.name) {
                Cow::Borrowed(file)
            } else if let Some(indices) = opts.sequential {
                let index = indices
                    .get(layer)
                    .ok_or(SafetensorsError::SequentialIndices {
                        layers: layer_count::<T, N>(),
                        given: indices.len(),
                    })?;
                let kind = t.name.rsplit_once('.').map_or(t.name, |(_, kind)| kind);
                Cow::Owned(format!("{index}.{kind}"))
            } else {
                Cow::Borrowed(t.name)
            };
        names.push(format!("{}{}", opts.prefix, local));
    }
    if let Some(indices) = opts.sequential {
        let layers = layer_count::<T, N>();
        if indices.len() != layers {
            return Err(SafetensorsError::SequentialIndices {
                layers,
                given: indices.len(),
            });
        }
    }
    Ok(names)
}

/// The number of layers that have parameters.
fn layer_count<T: Scalar, N: Parameters<T>>() -> usize {
    let mut count = 0;
    let mut previous: Option<&str> = None;
    for t in N::TENSORS {
        let this = layer_of(t.name);
        if previous != Some(this) {
            count += 1;
        }
        previous = Some(this);
    }
    count
}

/// One value of a float dtype, little-endian, as `f64` (exact for all four).
fn decode(dtype: Dtype, bytes: &[u8]) -> f64 {
    match (dtype, bytes) {
        (Dtype::F16, &[a, b]) => half::f16::from_le_bytes([a, b]).to_f64(),
        (Dtype::BF16, &[a, b]) => half::bf16::from_le_bytes([a, b]).to_f64(),
        (Dtype::F32, &[a, b, c, d]) => f64::from(f32::from_le_bytes([a, b, c, d])),
        (Dtype::F64, &[a, b, c, d, e, g, h, i]) => f64::from_le_bytes([a, b, c, d, e, g, h, i]),
        // NOTE: unreachable: the caller passes chunks of the dtype's size of a checked dtype.
        _ => f64::NAN,
    }
}

/// Checks the whole file against `N`, storing the values into `out` when given (so a caller
/// that promises all-or-nothing into an existing network runs a pass without `out` first).
fn read<T: Scalar, N: Parameters<T>>(
    bytes: &[u8],
    opts: &LoadOptions<'_>,
    mut out: Option<&mut [T]>,
) -> Result<(), SafetensorsError> {
    const { assert!(tensors_tile::<T, N>()) };
    let file = SafeTensors::deserialize(bytes).map_err(|e| SafetensorsError::Format {
        reason: e.to_string(),
    })?;
    let names = file_names::<T, N>(opts)?;
    let mut views = Vec::with_capacity(names.len());
    for (t, name) in N::TENSORS.iter().zip(&names) {
        let view = file.tensor(name).map_err(|_| SafetensorsError::Missing {
            tensor: t.name,
            file_name: name.clone(),
        })?;
        views.push(view);
    }
    for (name, _) in file.iter() {
        if !names.iter().any(|n| n == name) && !opts.ignores(name) {
            return Err(SafetensorsError::Unexpected {
                file_name: name.to_string(),
            });
        }
    }
    for ((t, name), view) in N::TENSORS.iter().zip(&names).zip(&views) {
        if view.shape() != t.shape {
            return Err(SafetensorsError::Shape {
                tensor: t.name,
                file_name: name.clone(),
                expected: t.shape,
                found: view.shape().to_vec(),
            });
        }
        let dtype = view.dtype();
        if !matches!(dtype, Dtype::F16 | Dtype::BF16 | Dtype::F32 | Dtype::F64) {
            return Err(SafetensorsError::Dtype {
                tensor: t.name,
                file_name: name.clone(),
                dtype: dtype.to_string(),
            });
        }
        for (index, chunk) in view.data().chunks_exact(dtype.bitsize() / 8).enumerate() {
            let x = T::lit(decode(dtype, chunk));
            if !x.is_finite() {
                return Err(SafetensorsError::NonFinite {
                    tensor: t.name,
                    file_name: name.clone(),
                    index,
                });
            }
            if let Some(slot) = out.as_deref_mut().and_then(|o| o.get_mut(t.offset + index)) {
                *slot = x;
            }
        }
    }
    Ok(())
}

/// Reads a safetensors file (its bytes) into a new network, built on the stack. For a network
/// too large for the stack use [`from_bytes_boxed`].
pub fn from_bytes<T: Scalar, N: Parameters<T>>(
    bytes: &[u8],
    opts: &LoadOptions<'_>,
) -> Result<N, SafetensorsError> {
    let mut net = N::zeros();
    read::<T, N>(bytes, opts, Some(net.params_mut()))?;
    Ok(net)
}

/// Reads a safetensors file into a new network built on the heap: the values go straight into
/// the box, so no copy of the network is ever on the stack.
pub fn from_bytes_boxed<T: Scalar, N: Parameters<T>>(
    bytes: &[u8],
    opts: &LoadOptions<'_>,
) -> Result<Box<N>, SafetensorsError> {
    let mut net = N::boxed_zeros();
    read::<T, N>(bytes, opts, Some(net.params_mut()))?;
    Ok(net)
}

/// Reads a safetensors file into `net`, all or nothing: the whole file is checked first, and
/// on error `net` is unchanged.
pub fn read_into<T: Scalar, N: Parameters<T>>(
    bytes: &[u8],
    opts: &LoadOptions<'_>,
    net: &mut N,
) -> Result<(), SafetensorsError> {
    read::<T, N>(bytes, opts, None)?;
    read::<T, N>(bytes, opts, Some(net.params_mut()))
}

/// Writes `net` as a safetensors file: every tensor of [`Parameters::TENSORS`] under its file name
/// (see [`LoadOptions`]; `ignore` plays no part), in PyTorch's shape, in the network's scalar
/// type (`F32` or `F64`), with the metadata `{"format": "pt"}` that `safetensors.torch` writes.
/// `safetensors.torch.load_file` then gives a `state_dict` the PyTorch module loads. Refuses
/// NaN or infinite parameters.
pub fn to_bytes<T: Scalar, N: Parameters<T>>(
    net: &N,
    opts: &LoadOptions<'_>,
) -> Result<Vec<u8>, SafetensorsError> {
    const { assert!(tensors_tile::<T, N>()) };
    let names = file_names::<T, N>(opts)?;
    let f32_net = TypeId::of::<T>() == TypeId::of::<f32>();
    let dtype = if f32_net { Dtype::F32 } else { Dtype::F64 };
    let params = net.params();
    let mut buffers = Vec::with_capacity(N::TENSORS.len());
    for t in N::TENSORS {
        let values = t.values(params).unwrap_or(&[]);
        let mut bytes = Vec::with_capacity(values.len() * (dtype.bitsize() / 8));
        for (index, v) in values.iter().enumerate() {
            if !v.is_finite() {
                return Err(SafetensorsError::NonFiniteParameter {
                    tensor: t.name,
                    index,
                });
            }
            let v = v.to_f64();
            if f32_net {
                bytes.extend_from_slice(&(v as f32).to_le_bytes());
            } else {
                bytes.extend_from_slice(&v.to_le_bytes());
            }
        }
        buffers.push(bytes);
    }
    let mut views = Vec::with_capacity(buffers.len());
    for ((t, name), bytes) in N::TENSORS.iter().zip(&names).zip(&buffers) {
        let view = TensorView::new(dtype, t.shape.to_vec(), bytes).map_err(|e| {
            SafetensorsError::Format {
                reason: e.to_string(),
            }
        })?;
        views.push((name.as_str(), view));
    }
    // NOTE: collected rather than built with `HashMap::new()`: the `safetensors` crate's map is
    // std's with `std` and hashbrown's without, and `collect` takes whichever it asks for.
    let metadata = [("format".to_string(), "pt".to_string())]
        .into_iter()
        .collect();
    ::safetensors::serialize(views, Some(metadata)).map_err(|e| SafetensorsError::Format {
        reason: e.to_string(),
    })
}

/// Reads the safetensors file at `path` into a new network on the stack (feature `std`). For
/// large networks use [`load_boxed`].
#[cfg(feature = "std")]
pub fn load<T: Scalar, N: Parameters<T>>(
    path: impl AsRef<std::path::Path>,
    opts: &LoadOptions<'_>,
) -> Result<N, SafetensorsError> {
    let bytes = std::fs::read(path).map_err(SafetensorsError::Io)?;
    from_bytes(&bytes, opts)
}

/// Reads the safetensors file at `path` into a new network on the heap (feature `std`).
#[cfg(feature = "std")]
pub fn load_boxed<T: Scalar, N: Parameters<T>>(
    path: impl AsRef<std::path::Path>,
    opts: &LoadOptions<'_>,
) -> Result<Box<N>, SafetensorsError> {
    let bytes = std::fs::read(path).map_err(SafetensorsError::Io)?;
    from_bytes_boxed(&bytes, opts)
}

/// Writes `net` to a safetensors file at `path` (see [`to_bytes`]; feature `std`).
#[cfg(feature = "std")]
pub fn save<T: Scalar, N: Parameters<T>>(
    path: impl AsRef<std::path::Path>,
    net: &N,
    opts: &LoadOptions<'_>,
) -> Result<(), SafetensorsError> {
    let bytes = to_bytes(net, opts)?;
    std::fs::write(path, bytes).map_err(SafetensorsError::Io)
}
