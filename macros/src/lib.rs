//! The `network!` procedural macro of [typenet](https://docs.rs/typenet).
//!
//! The pipeline reads top to bottom: `ast.rs` parses the definition (keeping spans), `check.rs`
//! resolves it into a `model::Model` while collecting every error, and `expand.rs` generates the
//! network type (`batch.rs` its batched methods, `second_order.rs` its second-order code,
//! `sequence.rs` a sequence network (one with GRU, LSTM or Conv1D layers: a state,
//! `step`, backpropagation through time) in their place, `untrained.rs` the training methods of a network without a loss, which only say to add one,
//! `summary.rs` the `LAYERS` list behind `summary()`, `weights.rs` the weights baked in from a
//! safetensors file by `#[weights = "…"]`, `quant.rs` the int8 twin and `quantize`).
//!
//! Beneath the generators, nothing importing back up: `ops/` holds one code generator per kind
//! of operation (dense layer, activation stage, residual end), which the generators loop over;
//! `names.rs` the one table of activations and losses; `paths.rs` the runtime paths and the
//! names of generated values. See the `typenet` crate for the language.

mod ast;
mod batch;
mod check;
mod expand;
#[cfg(test)]
mod golden;
mod model;
mod names;
mod ops;
mod paths;
mod quant;
mod second_order;
mod sequence;
mod summary;
mod untrained;
mod weights;

use proc_macro::TokenStream;

/// Declares a network type (item form) or builds a network value (expression form).
///
/// See the `typenet` crate's documentation for the language; the macro is re-exported there.
#[proc_macro]
pub fn network(input: TokenStream) -> TokenStream {
    syn::parse::<ast::Input>(input)
        .map(expand::expand)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
