//! The `network!` procedural macro of [typenet](https://docs.rs/typenet).
//!
//! The pipeline reads top to bottom: `ast.rs` parses the definition (keeping spans), `check.rs`
//! resolves it into a `model::Model` while collecting every error, and `expand.rs` generates the
//! network type (`batch.rs` its batched methods, `second_order.rs` its second-order code,
//! `untrained.rs` the training methods of a network without a loss, which only say to add
//! one), `weights.rs` the weights baked in from a safetensors file by `#[weights = "…"]`. See the `typenet` crate for the language.

mod ast;
mod batch;
mod check;
mod expand;
mod model;
mod second_order;
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
