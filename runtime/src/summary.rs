//! A model summary like Keras's `model.summary()`: every layer's kind, name, output size,
//! activation and parameter count, the total, and the parameters' size in `f32` and `f64`.
//!
//! Generated networks list their layers in [`Parameters::LAYERS`]; [`Summary`] prints them through
//! `core::fmt`, so it works in `no_std` too:
//!
//! ```text
//! Xor: 2 inputs
//! layer            kind            output  activation      params
//! layer1           Dense                2  Sigmoid              6
//! layer2           Dense                1  Sigmoid              3
//! total parameters: 9 (36 bytes as f32, 72 bytes as f64)
//! ```
//!
//! A dense layer of n inputs and m neurons has n·m weights plus m biases (none with
//! `bias = false`, whose kind reads `Dense (no bias)`); activation stages and residual additions
//! have no parameters.

use core::fmt;

use crate::{Parameters, Scalar};

/// What a row of the summary is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LayerKind {
    /// A fully connected layer, z = Wᵀx + b, with its activation (fused, if one follows it).
    Dense,
    /// A standalone activation stage (one that could not be fused into the stage before it).
    Activation,
    /// The end of a residual block: x + block(x), then its activation, if any.
    Residual,
    /// A GRU layer (PyTorch's `nn.GRU`), stepped once per sample with its state h.
    Gru,
    /// An LSTM layer (PyTorch's `nn.LSTM`), stepped once per sample with its state h and c.
    Lstm,
    /// A causal dilated 1-D convolution over time, with its activation.
    Conv1d,
}

impl LayerKind {
    /// `Dense`, `Activation`, `Residual`, `GRU`, `LSTM` or `Conv1D`.
    pub const fn name(self) -> &'static str {
        match self {
            LayerKind::Dense => "Dense",
            LayerKind::Activation => "Activation",
            LayerKind::Residual => "Residual",
            LayerKind::Gru => "GRU",
            LayerKind::Lstm => "LSTM",
            LayerKind::Conv1d => "Conv1D",
        }
    }
}

/// One stage of a network's computation, in forward order, as [`Parameters::LAYERS`] lists it.
///
/// The layers of a residual block come before the block's own row, which adds the block's input
/// (Keras lists its `Add` layer the same way).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LayerInfo {
    /// Dense, activation stage or residual addition.
    pub kind: LayerKind,
    /// The name in the struct and the trace (`layer1`, `activation1`, `residual1`, or the
    /// user's).
    pub name: &'static str,
    /// Number of input values.
    pub inputs: usize,
    /// Number of output values.
    pub outputs: usize,
    /// The activation applied last (`Identity` if none), with its argument if it has one
    /// (`LeakyReLU(0.1)`).
    pub activation: &'static str,
    /// Number of parameters: inputs · outputs weights plus outputs biases for a dense layer
    /// (without biases if it has none), 0 otherwise.
    pub params: usize,
}

impl LayerInfo {
    /// Whether this is a dense layer with biases: its parameter count is inputs · outputs +
    /// outputs (a `bias = false` layer has inputs · outputs). `false` for the other kinds.
    pub const fn has_bias(&self) -> bool {
        matches!(self.kind, LayerKind::Dense)
            && self.params
                == self
                    .inputs
                    .saturating_mul(self.outputs)
                    .saturating_add(self.outputs)
    }

    /// The kind as the summary prints it: [`LayerKind::name`], and `Dense (no bias)` for a
    /// dense layer declared with `bias = false`.
    pub const fn kind_label(&self) -> &'static str {
        match self.kind {
            LayerKind::Dense if !self.has_bias() => "Dense (no bias)",
            kind => kind.name(),
        }
    }
}

/// A printable summary of a network type; see the [module docs](self). Made by
/// [`Parameters::summary`] (`net.summary()`), [`Parameters::SUMMARY`] (`Xor::<f32>::SUMMARY`) or
/// [`Summary::of`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Summary {
    /// The type's name ([`Parameters::NAME`]).
    pub name: &'static str,
    /// Number of inputs.
    pub inputs: usize,
    /// Every layer ([`Parameters::LAYERS`]).
    pub layers: &'static [LayerInfo],
    /// Number of parameters ([`Parameters::PARAMS`]).
    pub params: usize,
}

impl Summary {
    /// The summary of the network type `N` (with scalar `T`; the layers do not depend on it).
    pub fn of<T: Scalar, N: Parameters<T>>() -> Self {
        N::SUMMARY
    }

    /// The parameters' size in bytes with `f32` values: 4 · params (saturating).
    pub const fn bytes_f32(&self) -> usize {
        self.params.saturating_mul(4)
    }

    /// The parameters' size in bytes with `f64` values: 8 · params (saturating).
    pub const fn bytes_f64(&self) -> usize {
        self.params.saturating_mul(8)
    }
}

impl fmt::Display for Summary {
    /// One header line, one line per layer, one line for the total; columns padded with spaces,
    /// no trailing newline.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}: {} inputs", self.name, self.inputs)?;
        writeln!(
            f,
            "{:<16} {:<15} {:>6}  {:<15} {:>6}",
            "layer", "kind", "output", "activation", "params"
        )?;
        for l in self.layers {
            writeln!(
                f,
                "{:<16} {:<15} {:>6}  {:<15} {:>6}",
                l.name,
                l.kind_label(),
                l.outputs,
                l.activation,
                l.params
            )?;
        }
        write!(
            f,
            "total parameters: {} ({} bytes as f32, {} bytes as f64)",
            self.params,
            self.bytes_f32(),
            self.bytes_f64()
        )
    }
}
