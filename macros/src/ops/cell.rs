//! What the three stateful layer kinds (`GRU`, `LSTM`, `Conv1D`) share: each is a runtime type
//! with a state, a per-step trace and a backward carry, stepped by `step`, `step_traced` and
//! `backward_step` (see the runtime's `layers/{gru,lstm,conv1d}.rs`). A kind's own file says
//! which types and tensors it has ([`Cell`]); [`CellOp`] and [`CellBlock`] emit the rest.
//!
//! Such a layer exists only in a sequence network (`sequence.rs`), which asks for its step
//! methods; the one-sample, batched and second-order methods of [`Operation`] are never
//! generated for it, and emit nothing.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::model::{Layer, Model};
use crate::ops::{Operation, ParamBlock, StepParts};
use crate::paths::{dz, value, z};

/// One stateful layer kind's types and tensors.
pub trait Cell {
    /// The kind as written in a definition: `GRU`, `LSTM`, `Conv1D`.
    fn written(&self) -> &'static str;
    /// The runtime layer type, e.g. `Gru<T, 1, 16, 48>`.
    fn field_type(&self) -> TokenStream;
    /// Its state type, e.g. `GruState<T, 16>`.
    fn state_type(&self) -> TokenStream;
    /// Its per-step trace type, e.g. `GruTrace<T, 1, 16>`.
    fn trace_type(&self) -> TokenStream;
    /// Its backward carry type, e.g. `GruCarry<T, 16>`.
    fn carry_type(&self) -> TokenStream;
    /// The tensors in `state_dict` order: name suffix and PyTorch shape.
    fn tensors(&self) -> Vec<(&'static str, Vec<usize>)>;
    /// The summary's `LayerKind` variant.
    fn summary_kind(&self) -> TokenStream;
    /// The field's doc comment after "Layer n: ".
    fn describe(&self) -> String;
}

/// The types a stateful operation adds to a sequence network: its state, its per-step trace
/// and its backward carry.
pub struct CellTypes {
    /// e.g. `GruState<T, 16>`.
    pub state: TokenStream,
    /// e.g. `GruTrace<T, 1, 16>`.
    pub trace: TokenStream,
    /// e.g. `GruCarry<T, 16>`.
    pub carry: TokenStream,
}

/// `__carry{k}`: stateful operation k's backward carry in `sequence_backward`.
pub fn carry(k: usize) -> Ident {
    format_ident!("__carry{}", k)
}

/// `__dx{k}`: ∂E/∂(input) of stateful operation k at the current step.
fn dx(k: usize) -> Ident {
    format_ident!("__dx{}", k)
}

/// Stateful operation `k`, computing layer `index` of the model.
pub struct CellOp<'m, C> {
    pub model: &'m Model,
    pub k: usize,
    pub index: usize,
    pub cell: C,
}

impl<C: Cell> CellOp<'_, C> {
    fn layer(&self) -> &Layer {
        &self.model.layers[self.index]
    }
}

impl<C: Cell> Operation for CellOp<'_, C> {
    fn trace_doc(&self) -> String {
        format!(
            "Layer {}: {}; its step's trace in `cell`, its output in `z` and `a`.",
            self.index + 1,
            self.cell.describe()
        )
    }

    // NOTE: a stateful layer is stepped, never evaluated on one sample alone: a network holding
    // one is a sequence network, for which `expand.rs` generates none of the methods below.
    fn forward(&self) -> TokenStream {
        TokenStream::new()
    }
    fn forward_looped(&self) -> TokenStream {
        TokenStream::new()
    }
    fn accumulate(&self) -> TokenStream {
        TokenStream::new()
    }
    fn input_gradient(&self) -> TokenStream {
        TokenStream::new()
    }
    fn batch_forward(&self) -> TokenStream {
        TokenStream::new()
    }
    fn batch_accumulate(&self) -> TokenStream {
        TokenStream::new()
    }
    fn batch_input_gradient(&self) -> TokenStream {
        TokenStream::new()
    }
    fn r_forward(&self) -> TokenStream {
        TokenStream::new()
    }
    fn r_accumulate(&self, _curvature: bool) -> TokenStream {
        TokenStream::new()
    }
    fn r_input_gradient(&self, _curvature: bool) -> TokenStream {
        TokenStream::new()
    }

    fn cell(&self) -> Option<CellTypes> {
        Some(CellTypes {
            state: self.cell.state_type(),
            trace: self.cell.trace_type(),
            carry: self.cell.carry_type(),
        })
    }

    fn step(&self) -> TokenStream {
        let name = &self.layer().name;
        let (zk, input) = (z(self.k), value(self.k - 1));
        quote!(let #zk = self.#name.step(&mut state.#name, #input);)
    }

    fn step_traced(&self) -> TokenStream {
        let name = &self.layer().name;
        let (zk, input) = (z(self.k), value(self.k - 1));
        quote!(let #zk = self.#name.step_traced(&mut state.#name, #input, &mut __tr.#name.cell);)
    }

    fn step_backward(&self) -> TokenStream {
        let name = &self.layer().name;
        let (dzk, dxk, ck) = (dz(self.k), dx(self.k), carry(self.k));
        quote! {
            let #dxk = self.#name.backward_step(&__tr.#name.cell, &#dzk, &mut #ck, &mut grads.#name);
        }
    }

    fn step_input_gradient(&self) -> TokenStream {
        let dxk = dx(self.k);
        quote!(#dxk)
    }
}

/// A stateful layer's parameter block: its kind's tensors, PyTorch's initialisation.
pub struct CellBlock<'m, C> {
    pub layer: &'m Layer,
    pub cell: C,
}

impl<C: Cell> ParamBlock for CellBlock<'_, C> {
    fn name(&self) -> &Ident {
        &self.layer.name
    }

    fn field_type(&self) -> TokenStream {
        self.cell.field_type()
    }

    fn field_doc(&self, index: usize) -> String {
        format!(
            "Layer {}: {} ({} parameters).",
            index + 1,
            self.cell.describe(),
            self.params()
        )
    }

    /// PyTorch's initialisation (the runtime type's `init_uniform`).
    fn init(&self) -> TokenStream {
        let name = &self.layer.name;
        quote!(self.#name.init_uniform(rng);)
    }

    fn tensors(&self) -> Vec<(&'static str, Vec<usize>)> {
        self.cell.tensors()
    }

    fn shape_label(&self) -> String {
        format!(
            "`{}({})` with {} inputs",
            self.cell.written(),
            self.layer.outputs,
            self.layer.inputs
        )
    }

    fn summary(&self) -> (TokenStream, usize) {
        (self.cell.summary_kind(), self.layer.inputs)
    }

    /// NOTE: `train_step` is a per-sample method, which a sequence network does not have; this
    /// is never emitted.
    fn train_step(&self, _k: usize, _index: usize, _offset: usize) -> StepParts {
        StepParts {
            copy: None,
            proof: None,
            first_bad: TokenStream::new(),
            apply: TokenStream::new(),
        }
    }
}
