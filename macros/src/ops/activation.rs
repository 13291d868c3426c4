//! A standalone activation stage, `z = a_{k−1}` (`=> ReLU`, `=> act: Tanh`): an activation that
//! could not be fused into the operation before it. No parameters; it passes ∂E/∂z back as is.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Act;
use crate::ops::{Operation, pass_back};
use crate::paths::{block, bz, private, r_value, rz, value, z};

/// Activation stage `k` over `width` values.
pub struct ActivationStage {
    pub k: usize,
    pub width: usize,
    pub act: Act,
}

impl Operation for ActivationStage {
    fn trace_doc(&self) -> String {
        format!(
            "Activation stage: {} of the {} values before it.",
            self.act.describe(),
            self.width
        )
    }

    fn forward(&self) -> TokenStream {
        let (zk, input) = (z(self.k), value(self.k - 1));
        quote!(let #zk = *#input;)
    }

    fn forward_looped(&self) -> TokenStream {
        self.forward()
    }

    fn accumulate(&self) -> TokenStream {
        TokenStream::new()
    }

    fn input_gradient(&self) -> TokenStream {
        pass_back::input_gradient(self.k)
    }

    fn batch_forward(&self) -> TokenStream {
        let p = private();
        let (input, zk) = (block(self.k - 1), bz(self.k));
        quote!(#p::batch::copy_block(#input, &mut #zk);)
    }

    fn batch_accumulate(&self) -> TokenStream {
        TokenStream::new()
    }

    fn batch_input_gradient(&self) -> TokenStream {
        pass_back::batch_input_gradient(self.k)
    }

    fn r_forward(&self) -> TokenStream {
        let p = private();
        let (rzk, w) = (rz(self.k), self.width);
        match r_value(self.k - 1) {
            Some(r) => quote!(let #rzk = #r;),
            None => quote!(let #rzk = #p::nalgebra::SVector::<T, #w>::zeros();),
        }
    }

    fn r_accumulate(&self, _curvature: bool) -> TokenStream {
        TokenStream::new()
    }

    fn r_input_gradient(&self, curvature: bool) -> TokenStream {
        pass_back::r_input_gradient(self.k, curvature)
    }
}
