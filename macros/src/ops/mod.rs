//! One code generator per kind of operation. Each kind's file holds everything the generators
//! emit for it: the one-sample forward step (unrolled or on the layer's methods), its parameter
//! gradient and the gradient it passes back, the batched forward and backward, and the
//! R-operator of the second-order code. `expand.rs`, `batch.rs` and `second_order.rs` loop over
//! the model's operations and ask [`op`] for each one's code, so a new kind is a new file here,
//! one arm in [`op`] and the rule in `check.rs` that builds it. The stateful kinds (`gru.rs`,
//! `lstm.rs`, `conv1d.rs`) name their runtime types and tensors; `cell.rs` emits their step,
//! traced step and step back through time for `sequence.rs`, the sequence network's generator.
//!
//! Names: operation k (1-based) computes `__z{k}` from earlier values and `__a{k} = g(__z{k})`;
//! the activation and the chain between operations are the generators' (see `paths.rs`).

pub mod activation;
pub mod cell;
pub mod conv1d;
pub mod dense;
pub mod gru;
pub mod lstm;
pub mod residual;

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::model::{Layer, LayerKind, Model, OpKind};
use crate::paths::private;

/// What the generators emit for one operation `k`.
pub trait Operation {
    /// The doc comment of the operation's field in the trace type.
    fn trace_doc(&self) -> String;

    /// `let __z{k} = …;` in the one-sample forward pass.
    fn forward(&self) -> TokenStream;
    /// `let __z{k} = …;` in the generated `__forward::<__ISA>`, the body of `forward`'s copies
    /// for each instruction set (`__ISA`: 0 the build's baseline, 1 AVX2 + FMA, 2 AVX-512 F;
    /// see `forward_fn` in `expand.rs`); by default [`forward`](Operation::forward).
    fn forward_isa(&self) -> TokenStream {
        self.forward()
    }
    /// `let __z{k} = …;` on the layers' looped methods (the second-order code's forward pass).
    fn forward_looped(&self) -> TokenStream;
    /// Adds the parameter gradient for `__dz{k}` into `grads`; nothing without parameters.
    fn accumulate(&self) -> TokenStream;
    /// ∂E/∂a_{k−1} from `__dz{k}`, an expression.
    fn input_gradient(&self) -> TokenStream;

    /// `__bz{k}` from the blocks before it, in the batched forward pass.
    fn batch_forward(&self) -> TokenStream;
    /// Adds (or writes, by `__add`) the parameter gradient for `__bd{k}` into `grads`.
    fn batch_accumulate(&self) -> TokenStream;
    /// ∂E/∂A_{k−1} from `__bd{k}`, written into `__bd{k-1}`.
    fn batch_input_gradient(&self) -> TokenStream;

    /// `let __rz{k} = …;`: the R-operator of the forward step.
    fn r_forward(&self) -> TokenStream;
    /// The gradient into `grads` and, with `curvature`, the Hessian-vector product into `hv`.
    fn r_accumulate(&self, curvature: bool) -> TokenStream;
    /// `let __da{k-1} = …;` and, with `curvature`, `let __rda{k-1} = …;`.
    fn r_input_gradient(&self, curvature: bool) -> TokenStream;

    // A sequence network's step (`sequence.rs`). A stateless operation computes each step as
    // one sample, so these default to the one-sample code; a stateful layer (`cell.rs`) steps
    // its runtime type with the network's `state`, its field of the step's trace `__tr` and
    // its backward carry.

    /// The state, trace and carry types of a stateful operation; `None` for a stateless one.
    fn cell(&self) -> Option<cell::CellTypes> {
        None
    }
    /// `let __z{k} = …;` in a streaming step.
    fn step(&self) -> TokenStream {
        self.forward()
    }
    /// `let __z{k} = …;` in a traced step (a stateful layer writes its trace into `__tr`).
    fn step_traced(&self) -> TokenStream {
        self.forward()
    }
    /// One step back through time from `__dz{k}`: adds the parameter gradient into `grads`
    /// (a stateful layer also moves its carry to the step before).
    fn step_backward(&self) -> TokenStream {
        self.accumulate()
    }
    /// ∂E/∂a_{k−1} at this step, an expression (after [`step_backward`](Operation::step_backward)).
    fn step_input_gradient(&self) -> TokenStream {
        self.input_gradient()
    }
}

/// The generator of operation `k` (1-based) of `model`.
pub fn op(model: &Model, k: usize) -> Box<dyn Operation + '_> {
    let width = model.ops[k - 1].width;
    match model.ops[k - 1].kind {
        OpKind::Layer(l) => {
            let layer = &model.layers[l];
            match layer.kind {
                LayerKind::Dense { .. } => Box::new(dense::DenseOp { model, k, index: l }),
                LayerKind::Gru => Box::new(cell::CellOp {
                    model,
                    k,
                    index: l,
                    cell: gru::Gru(layer),
                }),
                LayerKind::Lstm => Box::new(cell::CellOp {
                    model,
                    k,
                    index: l,
                    cell: lstm::Lstm(layer),
                }),
                LayerKind::Conv1d { .. } => Box::new(cell::CellOp {
                    model,
                    k,
                    index: l,
                    cell: conv1d::Conv1d(layer),
                }),
            }
        }
        OpKind::Pass => Box::new(activation::ActivationStage {
            k,
            width,
            act: model.ops[k - 1].act,
        }),
        OpKind::Add { from } => Box::new(residual::ResidualEnd {
            k,
            from,
            width,
            act: model.ops[k - 1].act,
        }),
    }
}

/// What the generators need of one parameterised layer, a block of the flat parameters: its
/// field in the network struct, its initialisation, its named tensors and their shapes. The
/// generators (`expand.rs`, `summary.rs`, `weights.rs`) ask [`block`] for each layer and never
/// name a layer kind.
pub trait ParamBlock {
    /// The field name in the generated struct.
    fn name(&self) -> &Ident;
    /// The field type, e.g. `Dense<T, I, O>`.
    fn field_type(&self) -> TokenStream;
    /// The field's doc comment; `index` is the layer's 0-based position.
    fn field_doc(&self, index: usize) -> String;
    /// `self.field.init_…(…, rng);`.
    fn init(&self) -> TokenStream;
    /// The tensors in `state_dict` (and flat) order: name suffix (`weight`) and shape.
    fn tensors(&self) -> Vec<(&'static str, Vec<usize>)>;
    /// Number of parameters: the tensors' sizes summed.
    fn params(&self) -> usize {
        self.tensors()
            .iter()
            .map(|(_, dims)| dims.iter().product::<usize>())
            .sum()
    }
    /// How the layer reads in an error about a tensor's shape: "`Dense(4)` with 2 inputs".
    fn shape_label(&self) -> String;
    /// The summary's `LayerKind` variant name and fan-in.
    fn summary(&self) -> (TokenStream, usize);
    /// The layer's part of `train_step`'s all-or-nothing update (see [`StepParts`]), for the
    /// layer `index` (0-based) computed by operation `k`, whose parameters start at flat
    /// `offset`.
    fn train_step(&self, k: usize, index: usize, offset: usize) -> StepParts;
}

/// One layer's part of `train_step`'s update, once every `__dz{k}` is known. The update is all
/// or nothing: every layer's step is checked finite before any is stored, and on failure the
/// first offending parameter is named. [`train_step_update`] emits, in this order: every
/// layer's `copy` step, `let mut __finite` from their flags, the layers' cheap `proof`s (and
/// only when one fails, their exact checks), the `first_bad` searches when not finite, then
/// every `apply`.
pub struct StepParts {
    /// A step taken into a copy, `let (__next, __flag) = …;`, and the flag saying it is finite.
    pub copy: Option<(TokenStream, Ident)>,
    /// For a step taken in place: an O(width) sufficient condition that it is finite, and the
    /// exact check to fall back on, both `bool` expressions.
    pub proof: Option<(TokenStream, TokenStream)>,
    /// `if let Some(e) = …first non-finite parameter… { return Err(e); }`.
    pub first_bad: TokenStream,
    /// The statement that stores the step.
    pub apply: TokenStream,
}

/// The parameter block of `layer`: with [`op`], the only place that maps a layer to its kind's
/// code.
pub fn block(layer: &Layer) -> Box<dyn ParamBlock + '_> {
    match layer.kind {
        LayerKind::Dense { bias } => Box::new(dense::DenseBlock { layer, bias }),
        LayerKind::Gru => Box::new(cell::CellBlock {
            layer,
            cell: gru::Gru(layer),
        }),
        LayerKind::Lstm => Box::new(cell::CellBlock {
            layer,
            cell: lstm::Lstm(layer),
        }),
        LayerKind::Conv1d { .. } => Box::new(cell::CellBlock {
            layer,
            cell: conv1d::Conv1d(layer),
        }),
    }
}

/// Every layer's parameter block, in field (and flat parameter) order.
pub fn blocks(model: &Model) -> impl Iterator<Item = Box<dyn ParamBlock + '_>> {
    model.layers.iter().map(block)
}

/// The `TensorInfo` values of every block's tensors, in `state_dict` order (the struct's field
/// order, the flat parameters' order), comma-separated.
pub fn tensor_infos(model: &Model) -> TokenStream {
    let p = private();
    let mut out = TokenStream::new();
    let mut offset = 0usize;
    for b in blocks(model) {
        let field = b.name().to_string();
        let field = field.strip_prefix("r#").unwrap_or(&field);
        for (suffix, dims) in b.tensors() {
            let tname = format!("{field}.{suffix}");
            out.extend(
                quote!(#p::TensorInfo { name: #tname, shape: &[#(#dims),*], offset: #offset },),
            );
            offset += dims.iter().product::<usize>();
        }
    }
    out
}

/// What makes a network's parameters one flat block, for every kind of network (feed-forward
/// ones in `expand.rs`, sequence networks in `sequence.rs`): `Flat` (the flat view), `ParamArray` (an
/// optimizer's state sized by the network) and the serde impls by tensor name.
pub fn flat_impls(name: &Ident, n_params: usize) -> TokenStream {
    let p = private();
    quote! {
        // SAFETY: `#[repr(C)]`, and every field is a `#[repr(C)]` layer of `[[T; R]; C]` arrays,
        // so the struct is exactly `LEN` contiguous `T`s (re-checked at compile time by `Flat`).
        unsafe impl<T: #p::Scalar> #p::Flat<T> for #name<T> {
            const LEN: usize = #n_params;
        }

        /// Sizes an optimizer's state by this network (`Adam::for_network(&net, config)`).
        impl<T: #p::Scalar> #p::optim::ParamArray for #name<T> {
            type Array = [T; #n_params];
        }

        // serde's `Serialize`/`Deserialize` by tensor name and shape, checked on load; nothing
        // unless the runtime's `serde` feature is on (decided there, not in this crate).
        #p::__serde_network!(#name);
    }
}

/// `train_step`'s update, once every `__dz{k}` is known: every layer's [`StepParts`], all or
/// nothing.
pub fn train_step_update(model: &Model) -> TokenStream {
    let mut computed_by = vec![0; model.layers.len()];
    for (k, op) in model.ops.iter().enumerate() {
        if let OpKind::Layer(l) = op.kind {
            computed_by[l] = k + 1;
        }
    }
    let (mut copies, mut flags) = (Vec::new(), Vec::new());
    let (mut proofs, mut checks) = (Vec::new(), Vec::new());
    let (mut first_bad, mut applies) = (Vec::new(), Vec::new());
    let mut offset = 0;
    for (l, b) in blocks(model).enumerate() {
        let parts = b.train_step(computed_by[l], l, offset);
        offset += b.params();
        if let Some((step, flag)) = parts.copy {
            copies.push(step);
            flags.push(flag);
        }
        if let Some((proof, check)) = parts.proof {
            proofs.push(proof);
            checks.push(check);
        }
        first_bad.push(parts.first_bad);
        applies.push(parts.apply);
    }
    quote! {
        #(#copies)*
        let mut __finite = true #(& #flags)*;
        if !(true #(& #proofs)*) {
            __finite &= true #(& #checks)*;
        }
        if !__finite {
            #(#first_bad)*
        }
        #(#applies)*
    }
}

/// The gradient a parameterless operation passes back: its own ∂E/∂z, as is (one sample, the
/// batch, and with its R-operator).
pub(crate) mod pass_back {
    use proc_macro2::TokenStream;
    use quote::quote;

    use crate::paths::{bd, da, dz, private, rda, rdz};

    /// `__dz{k}`.
    pub fn input_gradient(k: usize) -> TokenStream {
        let dzk = dz(k);
        quote!(#dzk)
    }

    /// `copy_block(&__bd{k}, &mut __bd{k-1});`
    pub fn batch_input_gradient(k: usize) -> TokenStream {
        let p = private();
        let (dk, dp) = (bd(k), bd(k - 1));
        quote!(#p::batch::copy_block(&#dk, &mut #dp);)
    }

    /// `let __da{k-1} = __dz{k};` (and its R{·}).
    pub fn r_input_gradient(k: usize, curvature: bool) -> TokenStream {
        let (dz, rdz, dap, rdap) = (dz(k), rdz(k), da(k - 1), rda(k - 1));
        let mut out = quote!(let #dap = #dz;);
        if curvature {
            out.extend(quote!(let #rdap = #rdz;));
        }
        out
    }
}
