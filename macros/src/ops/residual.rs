//! The end of a residual block, `z = a_{k−1} + a_from` (`Residual(chain)`,
//! `Residual(chain, Tanh)`): the block's output plus its input, value `from`. No parameters; on
//! the way back its ∂E/∂z goes both to the block's last value (here) and, along the skip, to
//! value `from`, which the generators add where that value's gradient is formed
//! (`Model::skips`).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::model::Act;
use crate::ops::{Operation, pass_back};
use crate::paths::{block, bz, private, r_value, rz, value, z};

/// Residual end `k` over `width` values, whose block starts at value `from`.
pub struct ResidualEnd {
    pub k: usize,
    pub from: usize,
    pub width: usize,
    pub act: Act,
}

impl Operation for ResidualEnd {
    fn trace_doc(&self) -> String {
        format!(
            "Residual block: z is the block's output plus its input (value {} of the chain), a = {}(z).",
            self.from,
            self.act.describe()
        )
    }

    fn forward(&self) -> TokenStream {
        let (zk, prev, skip) = (z(self.k), value(self.k - 1), value(self.from));
        quote!(let #zk = #prev + #skip;)
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
        let (input, skip, zk) = (block(self.k - 1), block(self.from), bz(self.k));
        quote! {
            #p::batch::copy_block(#input, &mut #zk);
            #p::batch::add_block(#skip, &mut #zk);
        }
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
        let terms: Vec<Ident> = [r_value(self.k - 1), r_value(self.from)]
            .into_iter()
            .flatten()
            .collect();
        if terms.is_empty() {
            quote!(let #rzk = #p::nalgebra::SVector::<T, #w>::zeros();)
        } else {
            quote!(let #rzk = #(#terms)+*;)
        }
    }

    fn r_accumulate(&self, _curvature: bool) -> TokenStream {
        TokenStream::new()
    }

    fn r_input_gradient(&self, curvature: bool) -> TokenStream {
        pass_back::r_input_gradient(self.k, curvature)
    }
}
