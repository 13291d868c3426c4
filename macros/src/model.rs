//! The checked network: resolved sizes, activations and loss, ready for code generation.

use proc_macro2::Ident;

pub use crate::names::{Act, LossKind};

/// A network whose every size is known and every name resolved.
pub struct Model {
    /// Number of inputs.
    pub input: usize,
    /// The layers with parameters in order: the struct's fields and the parameters' flat order.
    pub layers: Vec<Layer>,
    /// The computation, one operation per value: value 0 is the input, operation k (1-based)
    /// computes value k as `a_k = g_k(z_k)`.
    pub ops: Vec<Op>,
    /// The architecture as it reads in docs: `2 → Dense(4, ReLU) → Residual(…) → Dense(1)`.
    pub architecture: String,
    /// The loss, or `None` for an inference-only network.
    pub loss: Option<LossKind>,
    /// Layers with at most this many weights are emitted as scalar multiply-adds.
    pub unroll: usize,
}

/// One layer with parameters, of any kind: what every kind has (a field name, a fan-in, a
/// fan-out, an activation), and its kind's own settings. The code each kind emits is its file's
/// under `ops/`; [`crate::ops::block`] and [`crate::ops::op`] map a kind to it.
pub struct Layer {
    /// Field name in the generated struct (`layer1`, … or the user's name).
    pub name: Ident,
    /// Fan-in: the width of the value the layer reads.
    pub inputs: usize,
    /// Fan-out: the width of the value it computes (number of neurons).
    pub outputs: usize,
    /// The activation applied to z.
    pub act: Act,
    /// The kind and its settings.
    pub kind: LayerKind,
}

/// A layer's kind and the settings only that kind has.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum LayerKind {
    /// `Dense(n, activation, bias = …)`: `z = Wᵀ a + b` (`ops/dense.rs`).
    Dense {
        /// Whether the layer has a bias.
        bias: bool,
    },
    /// `GRU(n)`: PyTorch's `nn.GRU` cell stepped once per sample, output h (`ops/gru.rs`).
    Gru,
    /// `LSTM(n)`: PyTorch's `nn.LSTM` cell stepped once per sample, output h (`ops/lstm.rs`).
    Lstm,
    /// `Conv1D(channels, activation, kernel = k, dilation = d, bias = …)`: a causal dilated
    /// convolution over time, streamed through a ring buffer (`ops/conv1d.rs`).
    Conv1d {
        /// Kernel size k ≥ 1.
        kernel: usize,
        /// Dilation d ≥ 1.
        dilation: usize,
        /// Whether the layer has a bias.
        bias: bool,
    },
}

impl LayerKind {
    /// Whether the layer keeps a state between samples (a recurrent state or a convolution's
    /// past inputs): such a layer makes its network a sequence network (`sequence.rs`).
    pub fn stateful(self) -> bool {
        !matches!(self, LayerKind::Dense { .. })
    }
}

/// One operation of the computation, `a_k = g_k(z_k)` with `z_k` by kind.
pub struct Op {
    /// Field name of the operation in the trace type (the layer's name for a dense layer).
    pub name: Ident,
    /// How `z_k` is computed.
    pub kind: OpKind,
    /// The activation `g_k`.
    pub act: Act,
    /// Number of values.
    pub width: usize,
}

/// How an operation computes its pre-activation `z_k` from earlier values.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum OpKind {
    /// `z_k` computed by layer number `layer` (0-based index into `layers`) from `a_{k−1}`,
    /// by that layer's kind.
    Layer(usize),
    /// `z_k = a_{k−1}`: a standalone activation stage that could not be fused into the stage
    /// before it.
    Pass,
    /// `z_k = a_{k−1} + a_from`: the end of a residual block whose input is value `from`.
    Add { from: usize },
}

/// The default number of weights up to which a layer is fully unrolled (see `BENCHMARKS.md`).
pub const DEFAULT_UNROLL: usize = 64;

impl Model {
    /// Whether any layer keeps a state between samples: then the network is a sequence network,
    /// stepped with a state, and has no per-sample, batched or second-order methods.
    pub fn stateful(&self) -> bool {
        self.layers.iter().any(|l| l.kind.stateful())
    }

    /// For each value (0 is the input), the residual ends (1-based operations, ascending) whose
    /// block starts at it: their ∂E/∂z joins that value's gradient on the way back.
    pub fn skips(&self) -> Vec<Vec<usize>> {
        let mut skips = vec![Vec::new(); self.ops.len() + 1];
        for (k, op) in self.ops.iter().enumerate() {
            if let OpKind::Add { from } = op.kind {
                skips[from].push(k + 1);
            }
        }
        skips
    }
}
