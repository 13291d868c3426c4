//! Code generation for the model summary: the `LAYERS` constant, one `LayerInfo` per operation
//! of the checked model, in forward order.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::model::{Act, Model, OpKind};
use crate::paths::private;

/// An inherent `impl` with `pub const LAYERS`, and the line for the `Network` impl that points
/// at it: `(inherent_impl, trait_item)`.
pub fn layers(model: &Model, name: &Ident) -> (TokenStream, TokenStream) {
    let p = private();
    let mut infos = TokenStream::new();
    let mut width = model.input;
    for op in &model.ops {
        let op_name = op.name.to_string();
        let op_name = op_name.strip_prefix("r#").unwrap_or(&op_name).to_string();
        let (kind, inputs, params) = match op.kind {
            OpKind::Layer(i) => {
                let block = crate::ops::block(&model.layers[i]);
                let (kind, inputs) = block.summary();
                (kind, inputs, block.params())
            }
            OpKind::Pass => (quote!(Activation), width, 0),
            OpKind::Add { .. } => (quote!(Residual), op.width, 0),
        };
        let outputs = op.width;
        let act = label(op.act);
        infos.extend(quote! {
            #p::summary::LayerInfo {
                kind: #p::summary::LayerKind::#kind,
                name: #op_name,
                inputs: #inputs,
                outputs: #outputs,
                activation: #act,
                params: #params,
            },
        });
        width = op.width;
    }
    let inherent = quote! {
        #[allow(dead_code)]
        impl<T: #p::Scalar> #name<T> {
            /// Every stage in forward order: kind, name, sizes, activation, parameter count
            /// (what `summary()` prints).
            pub const LAYERS: &'static [#p::summary::LayerInfo] = &[#infos];
        }
    };
    let item = quote!(const LAYERS: &'static [#p::summary::LayerInfo] = #name::<T>::LAYERS;);
    (inherent, item)
}

/// The activation as the summary shows it: its name, with its argument if it has one.
fn label(act: Act) -> String {
    match act.def.param {
        Some(_) => format!("{}({})", act.name(), act.arg),
        None => act.name().to_string(),
    }
}
