//! `GRU(n)`: PyTorch's `nn.GRU` (gates r, z, n), stepped once per sample by the runtime's
//! `Gru`; its tensors `weight_ih` [3n, in], `weight_hh` [3n, n], `bias_ih` [3n], `bias_hh` [3n].

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Layer;
use crate::ops::cell::Cell;
use crate::paths::private;

/// A GRU layer of `outputs` units on `inputs` values.
pub struct Gru<'m>(pub &'m Layer);

impl Cell for Gru<'_> {
    fn written(&self) -> &'static str {
        "GRU"
    }
    fn field_type(&self) -> TokenStream {
        let p = private();
        let (i, h) = (self.0.inputs, self.0.outputs);
        let g = 3 * h;
        quote!(#p::Gru<T, #i, #h, #g>)
    }
    fn state_type(&self) -> TokenStream {
        let p = private();
        let h = self.0.outputs;
        quote!(#p::GruState<T, #h>)
    }
    fn trace_type(&self) -> TokenStream {
        let p = private();
        let (i, h) = (self.0.inputs, self.0.outputs);
        quote!(#p::GruTrace<T, #i, #h>)
    }
    fn carry_type(&self) -> TokenStream {
        let p = private();
        let h = self.0.outputs;
        quote!(#p::GruCarry<T, #h>)
    }
    fn tensors(&self) -> Vec<(&'static str, Vec<usize>)> {
        let (i, h) = (self.0.inputs, self.0.outputs);
        vec![
            ("weight_ih", vec![3 * h, i]),
            ("weight_hh", vec![3 * h, h]),
            ("bias_ih", vec![3 * h]),
            ("bias_hh", vec![3 * h]),
        ]
    }
    fn summary_kind(&self) -> TokenStream {
        quote!(Gru)
    }
    fn describe(&self) -> String {
        format!("GRU {} → {}", self.0.inputs, self.0.outputs)
    }
}
