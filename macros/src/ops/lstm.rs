//! `LSTM(n)`: PyTorch's `nn.LSTM` (gates i, f, g, o; state h and c), stepped once per sample by the runtime's
//! `Lstm`; its tensors `weight_ih` [4n, in], `weight_hh` [4n, n], `bias_ih` [4n], `bias_hh` [4n].

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Layer;
use crate::ops::cell::Cell;
use crate::paths::private;

/// An LSTM layer of `outputs` units on `inputs` values.
pub struct Lstm<'m>(pub &'m Layer);

impl Cell for Lstm<'_> {
    fn written(&self) -> &'static str {
        "LSTM"
    }
    fn field_type(&self) -> TokenStream {
        let p = private();
        let (i, h) = (self.0.inputs, self.0.outputs);
        let g = 4 * h;
        quote!(#p::Lstm<T, #i, #h, #g>)
    }
    fn state_type(&self) -> TokenStream {
        let p = private();
        let h = self.0.outputs;
        quote!(#p::LstmState<T, #h>)
    }
    fn trace_type(&self) -> TokenStream {
        let p = private();
        let (i, h) = (self.0.inputs, self.0.outputs);
        quote!(#p::LstmTrace<T, #i, #h>)
    }
    fn carry_type(&self) -> TokenStream {
        let p = private();
        let h = self.0.outputs;
        quote!(#p::LstmCarry<T, #h>)
    }
    fn tensors(&self) -> Vec<(&'static str, Vec<usize>)> {
        let (i, h) = (self.0.inputs, self.0.outputs);
        vec![
            ("weight_ih", vec![4 * h, i]),
            ("weight_hh", vec![4 * h, h]),
            ("bias_ih", vec![4 * h]),
            ("bias_hh", vec![4 * h]),
        ]
    }
    fn summary_kind(&self) -> TokenStream {
        quote!(Lstm)
    }
    fn describe(&self) -> String {
        format!("LSTM {} → {}", self.0.inputs, self.0.outputs)
    }
}
