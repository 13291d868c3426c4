//! One code generator per kind of operation. Each kind's file holds everything the generators
//! emit for it: the one-sample forward step (unrolled or on the layer's methods), its parameter
//! gradient and the gradient it passes back, the batched forward and backward, and the
//! R-operator of the second-order code. `expand.rs`, `batch.rs` and `second_order.rs` loop over
//! the model's operations and ask [`op`] for each one's code, so a new kind is a new file here,
//! one arm in [`op`] and the rule in `check.rs` that builds it.
//!
//! Names: operation k (1-based) computes `__z{k}` from earlier values and `__a{k} = g(__z{k})`;
//! the activation and the chain between operations are the generators' (see `paths.rs`).

pub mod activation;
pub mod dense;
pub mod residual;

use proc_macro2::TokenStream;

use crate::model::{Model, OpKind};

/// What the generators emit for one operation `k`.
pub trait Operation {
    /// The doc comment of the operation's field in the trace type.
    fn trace_doc(&self) -> String;

    /// `let __z{k} = …;` in the one-sample forward pass.
    fn forward(&self) -> TokenStream;
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
}

/// The generator of operation `k` (1-based) of `model`.
pub fn op(model: &Model, k: usize) -> Box<dyn Operation + '_> {
    let width = model.ops[k - 1].width;
    match model.ops[k - 1].kind {
        OpKind::Dense(l) => Box::new(dense::DenseOp { model, k, index: l }),
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
