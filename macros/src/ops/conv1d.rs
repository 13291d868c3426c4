//! `Conv1D(channels, activation, kernel = k, dilation = d, bias = …)`: a causal dilated
//! convolution over time (PyTorch's `nn.Conv1d` on the sequence padded with (k − 1)·d zeros on
//! the left), streamed through a ring buffer by the runtime's `Conv1d` / `Conv1dNoBias`; its
//! tensors `weight` [out, in, k] and `bias` [out].

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Layer, LayerKind};
use crate::ops::cell::Cell;
use crate::paths::private;

/// A convolution layer: `inputs` channels in, `outputs` out.
pub struct Conv1d<'m>(pub &'m Layer);

impl Conv1d<'_> {
    /// (kernel, dilation, bias, CIN·K, receptive field (K − 1)·D + 1).
    fn settings(&self) -> (usize, usize, bool, usize, usize) {
        let LayerKind::Conv1d {
            kernel,
            dilation,
            bias,
        } = self.0.kind
        else {
            // NOTE: `ops::op` and `ops::block` build this only for a convolution.
            return (1, 1, true, self.0.inputs, 1);
        };
        (
            kernel,
            dilation,
            bias,
            self.0.inputs * kernel,
            (kernel - 1) * dilation + 1,
        )
    }
}

impl Cell for Conv1d<'_> {
    fn written(&self) -> &'static str {
        "Conv1D"
    }
    fn field_type(&self) -> TokenStream {
        let p = private();
        let (cin, cout) = (self.0.inputs, self.0.outputs);
        let (k, d, bias, ck, r) = self.settings();
        if bias {
            quote!(#p::Conv1d<T, #cin, #cout, #k, #d, #ck, #r>)
        } else {
            quote!(#p::Conv1dNoBias<T, #cin, #cout, #k, #d, #ck, #r>)
        }
    }
    fn state_type(&self) -> TokenStream {
        let p = private();
        let cin = self.0.inputs;
        let r = self.settings().4;
        quote!(#p::Conv1dState<T, #cin, #r>)
    }
    fn trace_type(&self) -> TokenStream {
        let p = private();
        let ck = self.settings().3;
        quote!(#p::Conv1dTrace<T, #ck>)
    }
    fn carry_type(&self) -> TokenStream {
        let p = private();
        let cin = self.0.inputs;
        let r = self.settings().4;
        quote!(#p::Conv1dCarry<T, #cin, #r>)
    }
    fn tensors(&self) -> Vec<(&'static str, Vec<usize>)> {
        let (cin, cout) = (self.0.inputs, self.0.outputs);
        let (k, _, bias, _, _) = self.settings();
        let mut out = vec![("weight", vec![cout, cin, k])];
        if bias {
            out.push(("bias", vec![cout]));
        }
        out
    }
    fn summary_kind(&self) -> TokenStream {
        quote!(Conv1d)
    }
    fn describe(&self) -> String {
        let (k, d, bias, _, r) = self.settings();
        format!(
            "causal Conv1D {} → {} channels, kernel {k}, dilation {d} (receptive field {r} steps), {}{}",
            self.0.inputs,
            self.0.outputs,
            self.0.act.describe(),
            if bias { "" } else { ", no bias" }
        )
    }
}
