//! An inference-only network's training methods: there, so that calling one says what to add.
//!
//! Without a `loss = …` clause a network does not implement `Trainable`, and a plain
//! `net.train_step(…)` would fail with rustc's "no method named `train_step` … perhaps you need
//! to implement `Trainable`": true, but not what the user should do, and
//! `#[diagnostic::on_unimplemented]` does not reach a method that is not found. So such a network
//! gets inherent methods of the training names, each bounded by `where Self: Trainable<T, …>`,
//! which cannot hold: the call resolves, fails on the bound, and the trait's `on_unimplemented`
//! tells the user to add `; loss = MSE` to the definition.
//!
//! The methods are hidden from the docs, and their bodies delegate to `Trainable`, so they would
//! be right should a user implement it by hand. Their arguments are spelt as concrete vectors (a
//! projection such as `Self::Target` would make rustc report "method not found" again), and the
//! bound pins `Network::Input` too, without which the body could not pass `x` on.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::model::Model;
use crate::paths::private;

/// The hidden training methods of the inference-only network `name`.
pub fn generate(model: &Model, name: &Ident) -> TokenStream {
    let p = private();
    let n_in = model.input;
    let n_out = model.ops.last().map_or(model.input, |op| op.width);
    let input = quote!(#p::nalgebra::SVector<T, #n_in>);
    let target = quote!(#p::nalgebra::SVector<T, #n_out>);
    let trainable = quote!(#p::Trainable<T, Target = #target>);
    let network = quote!(#p::Network<T, Input = #input>);
    let na = quote!(#p::nalgebra);
    let (d_in, d_out) = (quote!(#na::Const<#n_in>), quote!(#na::Const<#n_out>));
    let x_ty = quote!(#na::Matrix<T, #d_in, __C, __SX>);
    let t_ty = quote!(#na::Matrix<T, #d_out, __CT, __ST>);
    let batch_trainable = quote! {
        #p::Trainable<T, Gradients = __G>
            + #p::Batched<T, InputDim = #d_in, OutputDim = #d_out>
            + #p::BatchTrainable<T>
    };
    let batch_bounds = quote! {
        __C: #na::Dim,
        __CT: #na::Dim,
        __SX: #na::Storage<T, #d_in, __C, RStride = #na::U1>,
        __ST: #na::Storage<T, #d_out, __CT>,
    };
    quote! {
        /// Training methods that exist only to fail: this network has no loss. Each call is a
        /// compile error that says to add a `loss = …` clause to the definition.
        #[doc(hidden)]
        #[allow(dead_code)]
        impl<T: #p::Scalar> #name<T> {
            #[doc(hidden)]
            pub fn loss(&self, x: &#input, target: &#target) -> T
            where
                Self: #trainable + #network,
            {
                <Self as #p::Trainable<T>>::loss(self, x, target)
            }

            #[doc(hidden)]
            pub fn backward<__G>(&self, x: &#input, target: &#target) -> (T, __G)
            where
                Self: #p::Trainable<T, Target = #target, Gradients = __G> + #network,
            {
                <Self as #p::Trainable<T>>::backward(self, x, target)
            }

            #[doc(hidden)]
            pub fn backward_into<__G>(&self, x: &#input, target: &#target, grads: &mut __G) -> T
            where
                Self: #p::Trainable<T, Target = #target, Gradients = __G> + #network,
            {
                <Self as #p::Trainable<T>>::backward_into(self, x, target, grads)
            }

            #[doc(hidden)]
            pub fn sgd_step<__G>(
                &mut self,
                grads: &__G,
                lr: T,
            ) -> ::core::result::Result<(), #p::NonFiniteError>
            where
                Self: #p::Trainable<T, Gradients = __G>,
            {
                <Self as #p::Trainable<T>>::sgd_step(self, grads, lr)
            }

            #[doc(hidden)]
            pub fn train_step(
                &mut self,
                x: &#input,
                target: &#target,
                lr: T,
            ) -> ::core::result::Result<T, #p::NonFiniteError>
            where
                Self: #trainable + #network,
            {
                <Self as #p::Trainable<T>>::train_step(self, x, target, lr)
            }

            #[doc(hidden)]
            pub fn train_step_batch<__C, __SX, __CT, __ST, __G>(
                &mut self,
                x: &#x_ty,
                target: &#t_ty,
                lr: T,
                grads: &mut __G,
                scratch: &mut [T],
            ) -> ::core::result::Result<T, #p::BatchError>
            where
                Self: #batch_trainable,
                #batch_bounds
            {
                <Self as #p::BatchTrainable<T>>::train_step_batch(self, x, target, lr, grads, scratch)
            }

            #[doc(hidden)]
            pub fn backward_batch_into<__C, __SX, __CT, __ST, __G>(
                &self,
                x: &#x_ty,
                target: &#t_ty,
                grads: &mut __G,
                scratch: &mut [T],
            ) -> ::core::result::Result<T, #p::BatchError>
            where
                Self: #batch_trainable,
                #batch_bounds
            {
                <Self as #p::BatchTrainable<T>>::backward_batch_into(self, x, target, grads, scratch)
            }

            #[doc(hidden)]
            pub fn gradient_batch<__C, __SX, __CT, __ST, __G>(
                &self,
                x: &#x_ty,
                target: &#t_ty,
                grads: &mut __G,
                scratch: &mut [T],
            ) -> ::core::result::Result<T, #p::BatchError>
            where
                Self: #batch_trainable,
                #batch_bounds
            {
                <Self as #p::BatchTrainable<T>>::gradient_batch(self, x, target, grads, scratch)
            }
        }
    }
}
