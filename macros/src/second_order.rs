//! Code generation for second order: the Hessian-vector product by Pearlmutter's R-operator and
//! the vector-Jacobian product of the outputs with respect to the parameters, as an
//! implementation of the runtime's `SecondOrder` trait.
//!
//! The code is straight-line like the backward pass, on the looped nalgebra layer methods
//! (`affine`, `input_gradient`, `accumulate`), beside the forward pass it repeats. Names:
//! `__rz{l}`, `__ra{l}`, `__rdz{l}`, `__rda{l}` are R{z}, R{a}, R{∂E/∂z}, R{∂E/∂a} of layer l.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::expand::{activation, loss_value, private};
use crate::model::{Layer, LossKind, Model};

fn v(prefix: &str, l: usize) -> Ident {
    format_ident!("__{}{}", prefix, l)
}

/// Layer `l`'s input: `x` for the first layer, `&__a{l-1}` after.
fn input(l: usize) -> TokenStream {
    if l == 1 {
        quote!(x)
    } else {
        let a = v("a", l - 1);
        quote!((&#a))
    }
}

fn layer_path(layer: &Layer) -> TokenStream {
    let p = private();
    if layer.bias {
        quote!(#p::Dense)
    } else {
        quote!(#p::DenseNoBias)
    }
}

/// The forward pass on the looped layer methods: `__z{l}`, `__a{l}`.
fn forward(model: &Model) -> TokenStream {
    let p = private();
    (1..=model.layers.len())
        .map(|l| {
            let layer = &model.layers[l - 1];
            let (name, act, inp) = (&layer.name, activation(layer.act), input(l));
            let (z, a) = (v("z", l), v("a", l));
            quote! {
                let #z = self.#name.affine(#inp);
                let #a = #p::activation::Activation::<T>::apply(&#act, &#z);
            }
        })
        .collect()
}

/// `impl SecondOrder for Name`, for a network with a loss.
pub fn generate(model: &Model, name: &Ident, loss: LossKind) -> TokenStream {
    let p = private();
    let last = model.layers.len();
    if last == 0 {
        // NOTE: a definition without layers is already a reported error; emit nothing more.
        return TokenStream::new();
    }
    let n_out = model.layers.last().map_or(model.input, |l| l.outputs);
    let forward = forward(model);
    let lv = loss_value(loss);
    let last_act = activation(model.layers[last - 1].act);
    let (zl, al, dzl, dal, rzl, ral, rdzl, rdal) = (
        v("z", last),
        v("a", last),
        v("dz", last),
        v("da", last),
        v("rz", last),
        v("ra", last),
        v("rdz", last),
        v("rda", last),
    );

    // R{z}, R{a}: R{z_l} = V_lᵀ a_{l−1} + R{b_l} + W_lᵀ R{a_{l−1}} (R{x} = 0).
    let r_forward: TokenStream = (1..=last)
        .map(|l| {
            let layer = &model.layers[l - 1];
            let (name, act, inp) = (&layer.name, activation(layer.act), input(l));
            let (z, a, rz, ra) = (v("z", l), v("a", l), v("rz", l), v("ra", l));
            let through = (l > 1).then(|| {
                let rprev = v("ra", l - 1);
                quote!(+ self.#name.weight.tr_mul(&#rprev))
            });
            quote! {
                let #rz = v.#name.affine(#inp) #through;
                let #ra = #p::second_order::Curvature::<T>::r_apply(&#act, &#z, &#a, &#rz);
            }
        })
        .collect();

    let output = match loss {
        LossKind::CrossEntropy | LossKind::Bce => quote! {
            let __loss = #p::loss::FusedLoss::<T>::loss_from_logits(&#lv, &#zl, target);
            let #dzl = #p::loss::FusedLoss::<T>::logit_gradient(&#lv, &#al, target);
            let #rdzl = #p::second_order::FusedLossCurvature::<T>::logit_hvp(&#lv, &#zl, &#al, target, &#rzl);
        },
        _ => quote! {
            let __loss = #p::loss::Loss::<T>::loss(&#lv, &#al, target);
            let #dal = #p::loss::Loss::<T>::gradient(&#lv, &#al, target);
            let #dzl = #p::activation::Activation::<T>::backprop(&#last_act, &#zl, &#al, &#dal);
            let #rdal = #p::second_order::LossCurvature::<T>::output_hvp(&#lv, &#al, target, &#ral);
            let #rdzl = #p::second_order::Curvature::<T>::r_backprop(
                &#last_act, &#zl, &#al, &#dal, &#rzl, &#ral, &#rdal,
            );
        },
    };

    // Backward with its R-operator: gradients into `grads`, H·v into `hv`.
    let r_backward: TokenStream = (1..=last)
        .rev()
        .map(|l| {
            let layer = &model.layers[l - 1];
            let (name, ty, inp) = (&layer.name, layer_path(layer), input(l));
            let (dz, rdz) = (v("dz", l), v("rdz", l));
            let acc = quote! {
                #ty::accumulate(&mut grads.#name, #inp, &#dz);
                #ty::accumulate(&mut hv.#name, #inp, &#rdz);
            };
            if l == 1 {
                return acc;
            }
            let prev = &model.layers[l - 2];
            let act = activation(prev.act);
            let (zp, ap, dap, dzp) = (v("z", l - 1), v("a", l - 1), v("da", l - 1), v("dz", l - 1));
            let (rzp, rap, rdap, rdzp) = (
                v("rz", l - 1),
                v("ra", l - 1),
                v("rda", l - 1),
                v("rdz", l - 1),
            );
            quote! {
                #acc
                #p::second_order::accumulate_weight(&mut hv.#name.weight, &#rap, &#dz);
                let #dap = self.#name.input_gradient(&#dz);
                let #rdap = v.#name.input_gradient(&#dz) + self.#name.input_gradient(&#rdz);
                let #dzp = #p::activation::Activation::<T>::backprop(&#act, &#zp, &#ap, &#dap);
                let #rdzp = #p::second_order::Curvature::<T>::r_backprop(
                    &#act, &#zp, &#ap, &#dap, &#rzp, &#rap, &#rdap,
                );
            }
        })
        .collect();

    // Jᵀ·dy: the backward pass from ∂E/∂y = dy, without the loss.
    let vjp_backward: TokenStream = (1..=last)
        .rev()
        .map(|l| {
            let layer = &model.layers[l - 1];
            let (name, ty, inp) = (&layer.name, layer_path(layer), input(l));
            let dz = v("dz", l);
            let acc = quote!(#ty::accumulate(&mut grads.#name, #inp, &#dz););
            if l == 1 {
                return acc;
            }
            let act = activation(model.layers[l - 2].act);
            let (zp, ap, dap, dzp) = (v("z", l - 1), v("a", l - 1), v("da", l - 1), v("dz", l - 1));
            quote! {
                #acc
                let #dap = self.#name.input_gradient(&#dz);
                let #dzp = #p::activation::Activation::<T>::backprop(&#act, &#zp, &#ap, &#dap);
            }
        })
        .collect();

    let mse = matches!(loss, LossKind::Mse);
    quote! {
        impl<T: #p::Scalar> #p::second_order::SecondOrder<T> for #name<T> {
            const MSE_LOSS: bool = #mse;

            fn hvp_into(
                &self,
                x: &Self::Input,
                target: &Self::Target,
                v: &Self,
                grads: &mut Self::Gradients,
                hv: &mut Self::Gradients,
            ) -> T {
                #forward
                #r_forward
                #output
                #r_backward
                __loss
            }

            fn output_vjp_into(
                &self,
                x: &Self::Input,
                dy: &[T],
                grads: &mut Self::Gradients,
                y: &mut [T],
            ) -> ::core::result::Result<(), #p::LengthError> {
                for __len in [dy.len(), y.len()] {
                    if __len != #n_out {
                        return ::core::result::Result::Err(#p::LengthError { expected: #n_out, found: __len });
                    }
                }
                #forward
                let #dal = #p::nalgebra::SVector::<T, #n_out>::from_column_slice(dy);
                let #dzl = #p::activation::Activation::<T>::backprop(&#last_act, &#zl, &#al, &#dal);
                #vjp_backward
                y.copy_from_slice(#al.as_slice());
                ::core::result::Result::Ok(())
            }

            fn target_values(target: &Self::Target) -> &[T] {
                target.as_slice()
            }
        }
    }
}
