//! Code generation for second order: the Hessian-vector product by Pearlmutter's R-operator and
//! the vector-Jacobian product of the outputs with respect to the parameters, as an
//! implementation of the runtime's `SecondOrder` trait.
//!
//! The code is straight-line like the backward pass, on the looped nalgebra layer methods
//! (`affine`, `input_gradient`, `accumulate`), beside the forward pass it repeats. Names:
//! `__rz{k}`, `__ra{k}`, `__rdz{k}`, `__rda{k}` are R{z}, R{a}, R{∂E/∂z}, R{∂E/∂a} of operation
//! k (value 0 is the input x, whose R{x} is 0 and is never written).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::model::{LossKind, Model};
use crate::ops;
use crate::paths::{a, activation, da, dz, loss_value, private, ra, rda, rdz, rz, z};

/// The forward pass on the looped layer methods (`Operation::forward_looped`): `__z{k}`,
/// `__a{k}`.
fn forward(model: &Model) -> TokenStream {
    let p = private();
    (1..=model.ops.len())
        .map(|k| {
            let op = &model.ops[k - 1];
            let (a, act) = (a(k), activation(op.act));
            let z = z(k);
            let pre = ops::op(model, k).forward_looped();
            quote! {
                #pre
                let #a = #p::activation::Activation::<T>::apply(&#act, &#z);
            }
        })
        .collect()
}

/// R{z_k} and R{a_k} for every operation, R{z_k} by its kind (`Operation::r_forward`):
/// dense R{z_k} = V_kᵀ a_{k−1} + R{b_k} + W_kᵀ R{a_{k−1}}; activation stage R{z_k} = R{a_{k−1}};
/// residual end R{z_k} = R{a_{k−1}} + R{a_from}; then R{a_k} = g′(z_k)·R{z_k} (elementwise).
fn r_forward(model: &Model) -> TokenStream {
    let p = private();
    (1..=model.ops.len())
        .map(|k| {
            let op = &model.ops[k - 1];
            let (z, a, rz, ra, act) = (z(k), a(k), rz(k), ra(k), activation(op.act));
            let pre = ops::op(model, k).r_forward();
            quote! {
                #pre
                let #ra = #p::second_order::Curvature::<T>::r_apply(&#act, &#z, &#a, &#rz);
            }
        })
        .collect()
}

/// Back-propagation from `__dz{K}` (and `__rdz{K}` when `curvature`): each operation's
/// parameter gradient into `grads` (and its Hessian-vector product into `hv`) and the gradient
/// it passes back, by its kind (`Operation::r_accumulate`, `r_input_gradient`), the residual
/// skips adding their ∂E/∂z to the block's input value.
fn back_chain(model: &Model, curvature: bool) -> TokenStream {
    let p = private();
    let skips = model.skips();
    let mut out = TokenStream::new();
    for k in (1..=model.ops.len()).rev() {
        let op = ops::op(model, k);
        let prev = k - 1;
        out.extend(op.r_accumulate(curvature));
        if prev == 0 {
            continue;
        }
        let (dap, rdap) = (da(prev), rda(prev));
        out.extend(op.r_input_gradient(curvature));
        // Latest block end first, as in the first-order backward pass.
        for &j in skips[prev].iter().rev() {
            let (dzj, rdzj) = (dz(j), rdz(j));
            out.extend(quote!(let #dap = #dap + #dzj;));
            if curvature {
                out.extend(quote!(let #rdap = #rdap + #rdzj;));
            }
        }
        let act = activation(model.ops[prev - 1].act);
        let (zp, ap, dzp) = (z(prev), a(prev), dz(prev));
        out.extend(quote! {
            let #dzp = #p::activation::Activation::<T>::backprop(&#act, &#zp, &#ap, &#dap);
        });
        if curvature {
            let (rzp, rap, rdzp) = (rz(prev), ra(prev), rdz(prev));
            out.extend(quote! {
                let #rdzp = #p::second_order::Curvature::<T>::r_backprop(
                    &#act, &#zp, &#ap, &#dap, &#rzp, &#rap, &#rdap,
                );
            });
        }
    }
    out
}

/// `impl SecondOrder for Name`, for a network with a loss.
pub fn generate(model: &Model, name: &Ident, loss: LossKind) -> TokenStream {
    let p = private();
    if model.layers.is_empty() {
        // No parameters: nothing to differentiate twice.
        return TokenStream::new();
    }
    let last = model.ops.len();
    let n_out = model.ops.last().map_or(model.input, |op| op.width);
    let forward = forward(model);
    let r_forward = r_forward(model);
    let lv = loss_value(loss);
    let last_act = activation(model.ops[last - 1].act);
    let (zl, al, dzl, dal, rzl, ral, rdzl, rdal) = (
        z(last),
        a(last),
        dz(last),
        da(last),
        rz(last),
        ra(last),
        rdz(last),
        rda(last),
    );

    let output = if loss.fused() {
        quote! {
            let __loss = #p::loss::FusedLoss::<T>::loss_from_logits(&#lv, &#zl, target);
            let #dzl = #p::loss::FusedLoss::<T>::logit_gradient(&#lv, &#al, target);
            let #rdzl = #p::second_order::FusedLossCurvature::<T>::logit_hvp(&#lv, &#zl, &#al, target, &#rzl);
        }
    } else {
        quote! {
            let __loss = #p::loss::Loss::<T>::loss(&#lv, &#al, target);
            let #dal = #p::loss::Loss::<T>::gradient(&#lv, &#al, target);
            let #dzl = #p::activation::Activation::<T>::backprop(&#last_act, &#zl, &#al, &#dal);
            let #rdal = #p::second_order::LossCurvature::<T>::output_hvp(&#lv, &#al, target, &#ral);
            let #rdzl = #p::second_order::Curvature::<T>::r_backprop(
                &#last_act, &#zl, &#al, &#dal, &#rzl, &#ral, &#rdal,
            );
        }
    };
    // Backward with its R-operator: gradients into `grads`, H·v into `hv`.
    let r_backward = back_chain(model, true);
    // Jᵀ·dy: the backward pass from ∂E/∂y = dy, without the loss.
    let vjp_backward = back_chain(model, false);

    // The runtime's least-squares form of the objective holds for MSE only.
    let mse = loss.name() == "MSE";
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
