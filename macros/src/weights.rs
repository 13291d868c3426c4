//! `#[weights = "models/net.safetensors"]`: trained weights baked in while the macro expands.
//!
//! The file (relative to the crate's `CARGO_MANIFEST_DIR`) is read with the `safetensors`
//! crate; every layer's `NAME.weight` ([out, in]) and `NAME.bias` ([out]) must be there with
//! the layer's shape, as F16, BF16, F32 or F64, finite, and the file must hold nothing else.
//! The expansion then has `Name::<f32>::TRAINED` and `Name::<f64>::TRAINED`, `const`s built by
//! `from_array`, so the weights are in flash and nothing is computed at start-up, and an
//! `include_bytes!` of the file so that cargo rebuilds when it changes. Every mismatch is an
//! error on the layer at fault (or on the path, for the file as a whole).

use std::collections::HashSet;

use proc_macro2::{Literal, TokenStream};
use quote::quote_spanned;
use safetensors::{Dtype, SafeTensors};
use syn::{Attribute, Expr, ExprLit, Ident, Lit, LitStr, Meta};

use crate::check::Errors;
use crate::model::Model;
use crate::ops;

/// The attributes without `#[weights = "…"]`, and its path if there was one. A malformed
/// `#[weights …]` is an error.
pub fn split_attrs(attrs: &[Attribute], errors: &mut Errors) -> (Vec<Attribute>, Option<LitStr>) {
    let mut rest = Vec::new();
    let mut path = None;
    for attr in attrs {
        if !attr.path().is_ident("weights") {
            rest.push(attr.clone());
            continue;
        }
        match &attr.meta {
            Meta::NameValue(nv) => match &nv.value {
                Expr::Lit(ExprLit {
                    lit: Lit::Str(s), ..
                }) => path = Some(s.clone()),
                other => errors.push(
                    syn::spanned::Spanned::span(other),
                    "expected a file path in quotes: `#[weights = \"models/net.safetensors\"]`",
                ),
            },
            _ => errors.push(
                syn::spanned::Spanned::span(attr),
                "expected `#[weights = \"models/net.safetensors\"]`",
            ),
        }
    }
    (rest, path)
}

/// One value of a float dtype, little-endian, as `f64` (exact for all four).
fn decode(dtype: Dtype, bytes: &[u8]) -> f64 {
    match (dtype, bytes) {
        (Dtype::F16, &[a, b]) => half::f16::from_le_bytes([a, b]).to_f64(),
        (Dtype::BF16, &[a, b]) => half::bf16::from_le_bytes([a, b]).to_f64(),
        (Dtype::F32, &[a, b, c, d]) => f64::from(f32::from_le_bytes([a, b, c, d])),
        (Dtype::F64, &[a, b, c, d, e, g, h, i]) => f64::from_le_bytes([a, b, c, d, e, g, h, i]),
        _ => f64::NAN,
    }
}

/// `[8, 16]`.
fn shape(dims: &[usize]) -> String {
    let dims: Vec<String> = dims.iter().map(|d| d.to_string()).collect();
    format!("[{}]", dims.join(", "))
}

/// The `TRAINED` constants of `name`, from the file at `path`; on any mismatch, errors and
/// nothing.
pub fn expand(path: &LitStr, model: &Model, name: &Ident, errors: &mut Errors) -> TokenStream {
    let rel = path.value();
    let span = path.span();
    let Ok(dir) = std::env::var("CARGO_MANIFEST_DIR") else {
        errors.push(
            span,
            "cannot read `#[weights]`: CARGO_MANIFEST_DIR is not set",
        );
        return TokenStream::new();
    };
    let full = std::path::Path::new(&dir).join(&rel);
    let bytes = match std::fs::read(&full) {
        Ok(b) => b,
        Err(e) => {
            errors.push(
                span,
                format!("cannot read `{rel}` (relative to the crate's Cargo.toml): {e}"),
            );
            return TokenStream::new();
        }
    };
    let file = match SafeTensors::deserialize(&bytes) {
        Ok(f) => f,
        Err(e) => {
            errors.push(
                span,
                format!("`{rel}` is not a valid safetensors file: {e}"),
            );
            return TokenStream::new();
        }
    };
    let before = errors.count();
    let n_params: usize = ops::blocks(model).map(|b| b.params()).sum();
    let mut values = Vec::with_capacity(n_params);
    let mut expected = HashSet::new();
    for block in ops::blocks(model) {
        let lname = block.name().to_string();
        for (kind, dims) in block.tensors() {
            let tname = format!("{lname}.{kind}");
            expected.insert(tname.clone());
            let at = block.name().span();
            let Ok(view) = file.tensor(&tname) else {
                errors.push(at, format!("layer `{lname}` has no `{tname}` in {rel}"));
                continue;
            };
            if view.shape() != dims.as_slice() {
                errors.push(
                    at,
                    format!(
                        "layer `{lname}` is {}, but `{tname}` in {rel} has shape {} (expected {})",
                        block.shape_label(),
                        shape(view.shape()),
                        shape(&dims)
                    ),
                );
                continue;
            }
            let dtype = view.dtype();
            if !matches!(dtype, Dtype::F16 | Dtype::BF16 | Dtype::F32 | Dtype::F64) {
                errors.push(
                    at,
                    format!(
                        "`{tname}` in {rel} has dtype {dtype}; only F16, BF16, F32 and F64 are read"
                    ),
                );
                continue;
            }
            for (i, chunk) in view.data().chunks_exact(dtype.bitsize() / 8).enumerate() {
                let v = decode(dtype, chunk);
                if !v.is_finite() || !(v as f32).is_finite() {
                    errors.push(
                        at,
                        format!("value {i} of `{tname}` in {rel} is NaN or infinite (in f32)"),
                    );
                    break;
                }
                values.push(v);
            }
        }
    }
    let mut extra: Vec<&str> = file
        .names()
        .into_iter()
        .filter(|n| !expected.contains(*n))
        .collect();
    extra.sort();
    for n in extra {
        errors.push(
            span,
            format!("{rel} has a tensor `{n}` that network `{name}` does not have"),
        );
    }
    if errors.count() > before || values.len() != n_params {
        return TokenStream::new();
    }
    let full = full.to_string_lossy().into_owned();
    let v32 = values.iter().map(|&v| Literal::f32_suffixed(v as f32));
    let v64 = values.iter().map(|&v| Literal::f64_suffixed(v));
    let doc = format!(
        "The weights of `{rel}`, baked in by `#[weights]` (in flash, nothing computed at start-up)."
    );
    quote_spanned! {span=>
        // Rebuild when the file changes.
        const _: &[u8] = ::core::include_bytes!(#full);
        impl #name<f32> {
            #[doc = #doc]
            pub const TRAINED: Self = Self::from_array([#(#v32),*]);
        }
        impl #name<f64> {
            #[doc = #doc]
            pub const TRAINED: Self = Self::from_array([#(#v64),*]);
        }
    }
}
