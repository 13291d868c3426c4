//! Where generated code reaches the runtime, and the names of the values it computes: the
//! helpers every code generator shares. Nothing here imports a generator, so every generator
//! can import this.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};

use crate::model::{Act, LossKind};
use crate::names::Param;

/// The absolute path generated code reaches the runtime through.
pub(crate) fn private() -> TokenStream {
    quote!(::typenet::__private)
}

/// An `f64` literal with its suffix (`0.5f64`), for `Scalar::lit`.
pub(crate) fn lit_f64(v: f64) -> Literal {
    Literal::f64_suffixed(v)
}

/// A value of the activation's runtime type, for scalar type `T`: `Sigmoid`, or
/// `Step::<T> { threshold: … }` for one with an argument (see `names.rs`).
pub(crate) fn activation(act: Act) -> TokenStream {
    runtime_value(
        quote!(activation),
        act.def.path,
        act.def.param.as_ref(),
        act.arg,
    )
}

/// A value of the loss's runtime type: `MSE`, or `Huber::<T> { delta: … }`.
pub(crate) fn loss_value(loss: LossKind) -> TokenStream {
    runtime_value(
        quote!(loss),
        loss.def.path,
        loss.def.param.as_ref(),
        loss.arg,
    )
}

/// `module::Type`, or `module::Type::<T> { field: arg }` for a type with an argument.
fn runtime_value(module: TokenStream, path: &str, param: Option<&Param>, arg: f64) -> TokenStream {
    let p = private();
    let ty = Ident::new(path, Span::call_site());
    match param {
        None => quote!(#p::#module::#ty),
        Some(param) => {
            let field = Ident::new(param.field, Span::call_site());
            let v = lit_f64(arg);
            quote!(#p::#module::#ty::<T> { #field: <T as #p::Scalar>::lit(#v) })
        }
    }
}

/// `__z{k}`: operation k's pre-activation in the one-sample code.
pub(crate) fn z(k: usize) -> Ident {
    format_ident!("__z{}", k)
}
/// `__a{k}`: operation k's activation.
pub(crate) fn a(k: usize) -> Ident {
    format_ident!("__a{}", k)
}
/// `__dz{k}`: ∂E/∂z of operation k.
pub(crate) fn dz(k: usize) -> Ident {
    format_ident!("__dz{}", k)
}
/// `__da{k}`: ∂E/∂a of value k (`__da0` is ∂/∂x).
pub(crate) fn da(k: usize) -> Ident {
    format_ident!("__da{}", k)
}

/// A reference to value `k`: the input `x` for 0, `&__a{k}` after.
pub(crate) fn value(k: usize) -> TokenStream {
    if k == 0 {
        quote!(x)
    } else {
        let ak = a(k);
        quote!((&#ak))
    }
}

/// `__bz{k}`: operation k's Z block in the batched code (one column per sample).
pub(crate) fn bz(k: usize) -> Ident {
    format_ident!("__bz{}", k)
}
/// `__ba{k}`: operation k's A block.
pub(crate) fn ba(k: usize) -> Ident {
    format_ident!("__ba{}", k)
}
/// `__bd{k}`: operation k's δ block (∂E/∂Z).
pub(crate) fn bd(k: usize) -> Ident {
    format_ident!("__bd{}", k)
}

/// The block value `k` is in the batched code: the batch `x` for 0, `&__ba{k}` after.
pub(crate) fn block(k: usize) -> TokenStream {
    if k == 0 {
        quote!(x)
    } else {
        let prev = ba(k);
        quote!((&#prev))
    }
}

/// `__rz{k}`: R{z_k} in the second-order code.
pub(crate) fn rz(k: usize) -> Ident {
    format_ident!("__rz{}", k)
}
/// `__ra{k}`: R{a_k}.
pub(crate) fn ra(k: usize) -> Ident {
    format_ident!("__ra{}", k)
}
/// `__rdz{k}`: R{∂E/∂z_k}.
pub(crate) fn rdz(k: usize) -> Ident {
    format_ident!("__rdz{}", k)
}
/// `__rda{k}`: R{∂E/∂a_k}.
pub(crate) fn rda(k: usize) -> Ident {
    format_ident!("__rda{}", k)
}

/// `R{a_k}` as a sum term, or nothing for the input (R{x} = 0).
pub(crate) fn r_value(k: usize) -> Option<Ident> {
    (k > 0).then(|| ra(k))
}
