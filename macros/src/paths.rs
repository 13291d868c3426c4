//! Where generated code reaches the runtime, and the names of the values it computes: the
//! helpers every code generator shares. Nothing here imports a generator, so every generator
//! can import this.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use crate::model::{Act, Layer, LossKind};

/// The absolute path generated code reaches the runtime through.
pub(crate) fn private() -> TokenStream {
    quote!(::typenet::__private)
}

/// An `f64` literal with its suffix (`0.5f64`), for `Scalar::lit`.
pub(crate) fn lit_f64(v: f64) -> Literal {
    Literal::f64_suffixed(v)
}

/// A value of the activation's runtime type, for scalar type `T`.
pub(crate) fn activation(act: Act) -> TokenStream {
    let p = private();
    let lit = |v: f64| {
        let v = lit_f64(v);
        quote!(<T as #p::Scalar>::lit(#v))
    };
    match act {
        Act::Identity => quote!(#p::activation::Identity),
        Act::Sigmoid => quote!(#p::activation::Sigmoid),
        Act::Tanh => quote!(#p::activation::Tanh),
        Act::Step(n) => {
            let n = lit(n);
            quote!(#p::activation::Step::<T> { threshold: #n })
        }
        Act::Softplus => quote!(#p::activation::Softplus),
        Act::ReLU => quote!(#p::activation::ReLU),
        Act::Softsign => quote!(#p::activation::Softsign),
        Act::Elu(a) => {
            let a = lit(a);
            quote!(#p::activation::ELU::<T> { alpha: #a })
        }
        Act::LogSigmoid => quote!(#p::activation::LogSigmoid),
        Act::Swish => quote!(#p::activation::Swish),
        Act::Sinc => quote!(#p::activation::Sinc),
        Act::LeakyReLU(s) => {
            let s = lit(s);
            quote!(#p::activation::LeakyReLU::<T> { slope: #s })
        }
        Act::Mish => quote!(#p::activation::Mish),
        Act::Softmax => quote!(#p::activation::Softmax),
    }
}

/// A value of the loss's runtime type.
pub(crate) fn loss_value(loss: LossKind) -> TokenStream {
    let p = private();
    match loss {
        LossKind::Mse => quote!(#p::loss::MSE),
        LossKind::Mae => quote!(#p::loss::MAE),
        LossKind::Huber(d) => {
            let d = lit_f64(d);
            quote!(#p::loss::Huber::<T> { delta: <T as #p::Scalar>::lit(#d) })
        }
        LossKind::CrossEntropy => quote!(#p::loss::CrossEntropy),
        LossKind::Bce => quote!(#p::loss::BCE),
    }
}

/// The runtime type of a dense layer, without generics: `Dense` or `DenseNoBias`.
pub(crate) fn layer_path(layer: &Layer) -> TokenStream {
    let p = private();
    if layer.bias {
        quote!(#p::Dense)
    } else {
        quote!(#p::DenseNoBias)
    }
}

/// The field type of a dense layer: `Dense<T, I, O>` or `DenseNoBias<T, I, O>`.
pub(crate) fn layer_type(layer: &Layer) -> TokenStream {
    let p = private();
    let (i, o) = (layer.inputs, layer.outputs);
    if layer.bias {
        quote!(#p::Dense<T, #i, #o>)
    } else {
        quote!(#p::DenseNoBias<T, #i, #o>)
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
