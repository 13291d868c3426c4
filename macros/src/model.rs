//! The checked network: resolved sizes, activations and loss, ready for code generation.

use proc_macro2::Ident;

pub use crate::names::{Act, LossKind};

/// A network whose every size is known and every name resolved.
pub struct Model {
    /// Number of inputs.
    pub input: usize,
    /// The dense layers in order: the struct's fields and the parameters' flat order.
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

/// One fully connected layer.
pub struct Layer {
    /// Field name in the generated struct (`layer1`, … or the user's name).
    pub name: Ident,
    /// Fan-in.
    pub inputs: usize,
    /// Fan-out (number of neurons).
    pub outputs: usize,
    /// The activation applied to z.
    pub act: Act,
    /// Whether the layer has a bias.
    pub bias: bool,
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
    /// `z_k = Wᵀ a_{k−1} + b` with dense layer number `layer` (0-based index into `layers`).
    Dense(usize),
    /// `z_k = a_{k−1}`: a standalone activation stage that could not be fused into the stage
    /// before it.
    Pass,
    /// `z_k = a_{k−1} + a_from`: the end of a residual block whose input is value `from`.
    Add { from: usize },
}

/// The default number of weights up to which a layer is fully unrolled (see `BENCHMARKS.md`).
pub const DEFAULT_UNROLL: usize = 64;

impl Layer {
    /// Number of parameters (weights, then bias).
    pub fn params(&self) -> usize {
        self.inputs * self.outputs + if self.bias { self.outputs } else { 0 }
    }
}

impl Model {
    /// Whether `layer` is emitted as scalar multiply-adds (at most `unroll` weights).
    pub fn unrolled(&self, layer: &Layer) -> bool {
        layer.inputs * layer.outputs <= self.unroll
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
