//! A dense layer, `z = Wᵀ·a + b` (`Dense(n, activation, bias = …)`): its field type,
//! documentation, initialisation and parameter names, and its code in every generator. Layers of
//! at most `unroll` weights are emitted as scalar multiply-adds; larger ones call the runtime's
//! `Dense` methods.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::model::{Layer, Model, OpKind};
use crate::ops::{Operation, ParamBlock};
use crate::paths::{bd, block, bz, da, dz, private, r_value, rda, rdz, rz, value, z};

/// Dense operation `k`, computing layer `index` of the model.
pub struct DenseOp<'m> {
    pub model: &'m Model,
    pub k: usize,
    pub index: usize,
}

impl DenseOp<'_> {
    fn layer(&self) -> &Layer {
        &self.model.layers[self.index]
    }
}

impl Operation for DenseOp<'_> {
    fn trace_doc(&self) -> String {
        field_doc(self.index, self.layer())
    }

    fn forward(&self) -> TokenStream {
        affine(self.model, self.k, self.layer())
    }

    fn forward_looped(&self) -> TokenStream {
        let name = &self.layer().name;
        let (zk, inp) = (z(self.k), value(self.k - 1));
        quote!(let #zk = self.#name.affine(#inp);)
    }

    fn accumulate(&self) -> TokenStream {
        accumulate(self.model, self.k, self.layer())
    }

    fn input_gradient(&self) -> TokenStream {
        input_gradient(self.model, self.k, self.layer())
    }

    fn batch_forward(&self) -> TokenStream {
        let name = &self.layer().name;
        let (input, zk) = (block(self.k - 1), bz(self.k));
        quote!(self.#name.affine_batch(#input, &mut #zk);)
    }

    fn batch_accumulate(&self) -> TokenStream {
        let layer = self.layer();
        let (name, ty) = (&layer.name, layer_path(layer));
        let (input, dk) = (block(self.k - 1), bd(self.k));
        quote!(#ty::gradient_batch(&mut grads.#name, #input, &#dk, __add);)
    }

    fn batch_input_gradient(&self) -> TokenStream {
        let name = &self.layer().name;
        let (dk, dp) = (bd(self.k), bd(self.k - 1));
        quote!(self.#name.input_gradient_batch(&#dk, &mut #dp);)
    }

    fn r_forward(&self) -> TokenStream {
        let name = &self.layer().name;
        let (rzk, inp) = (rz(self.k), value(self.k - 1));
        let through = r_value(self.k - 1).map(|r| quote!(+ self.#name.weight.tr_mul(&#r)));
        quote!(let #rzk = v.#name.affine(#inp) #through;)
    }

    fn r_accumulate(&self, curvature: bool) -> TokenStream {
        let p = private();
        let layer = self.layer();
        let prev = self.k - 1;
        let (name, ty, inp) = (&layer.name, layer_path(layer), value(prev));
        let (dz, rdz) = (dz(self.k), rdz(self.k));
        let mut out = quote!(#ty::accumulate(&mut grads.#name, #inp, &#dz););
        if curvature {
            out.extend(quote!(#ty::accumulate(&mut hv.#name, #inp, &#rdz);));
            if let Some(ra) = r_value(prev) {
                out.extend(
                    quote!(#p::second_order::accumulate_weight(&mut hv.#name.weight, &#ra, &#dz);),
                );
            }
        }
        out
    }

    fn r_input_gradient(&self, curvature: bool) -> TokenStream {
        let name = &self.layer().name;
        let (dz, rdz, dap, rdap) = (dz(self.k), rdz(self.k), da(self.k - 1), rda(self.k - 1));
        let mut out = quote!(let #dap = self.#name.input_gradient(&#dz););
        if curvature {
            out.extend(quote! {
                let #rdap = v.#name.input_gradient(&#dz) + self.#name.input_gradient(&#rdz);
            });
        }
        out
    }
}

/// Layers of at most this many weights take their training step into a copy that is checked and
/// then stored; larger ones are proven (or checked) in place. Measured: the copy wins up to about
/// 16 weights (`cargo bench --bench network`, crossover group).
const STEP_INTO_COPY_MAX: usize = 16;

/// For each dense layer in order, the operation (1-based) that computes it.
fn layer_ops(model: &Model) -> Vec<usize> {
    (1..=model.ops.len())
        .filter(|&k| matches!(model.ops[k - 1].kind, OpKind::Dense(_)))
        .collect()
}

/// `train_step`'s update, once every `__dz{k}` is known: each layer's step, all or nothing.
///
/// Tiny layers take their step into a copy and check the copy. Larger ones first try an
/// O(width) proof that every updated parameter is finite (see `network::step_bound_holds`); only
/// when it fails does the exact per-weight check run. On any failure the first offending
/// parameter is named (flat index, from each layer's offset).
pub(crate) fn train_step_update(model: &Model) -> TokenStream {
    let p = private();
    let offsets: Vec<usize> = model
        .layers
        .iter()
        .scan(0, |acc, l| {
            let o = *acc;
            *acc += l.params();
            Some(o)
        })
        .collect();
    let field_names: Vec<&Ident> = model.layers.iter().map(|l| &l.name).collect();
    let layer_ops = layer_ops(model);
    let layer_inputs: Vec<TokenStream> = layer_ops.iter().map(|&k| value(k - 1)).collect();
    let dzs: Vec<Ident> = layer_ops.iter().map(|&k| dz(k)).collect();
    // Tiny (≤ STEP_INTO_COPY_MAX weights) layers step into a copy; the others are proven or
    // checked in place (measured crossover: `BENCHMARKS.md`).
    let (mut copy_steps, mut copy_flags, mut step_applies) = (Vec::new(), Vec::new(), Vec::new());
    let (mut big_names, mut big_inputs, mut big_zs, mut big_dzs, mut big_bias) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (l, layer) in model.layers.iter().enumerate() {
        let name = &layer.name;
        let (input, dzl) = (&layer_inputs[l], &dzs[l]);
        if layer.inputs * layer.outputs <= STEP_INTO_COPY_MAX {
            let (next, flag) = (
                format_ident!("__next{}", l + 1),
                format_ident!("__finite{}", l + 1),
            );
            copy_steps.push(quote!(let (#next, #flag) = self.#name.stepped(#input, &#dzl, lr);));
            copy_flags.push(flag);
            step_applies.push(quote!(self.#name = #next;));
        } else {
            big_names.push(name.clone());
            big_inputs.push(input.clone());
            big_zs.push(z(layer_ops[l]));
            big_dzs.push(dzl.clone());
            big_bias.push(layer.bias);
            step_applies.push(quote!(self.#name.apply_step(#input, &#dzl, lr);));
        }
    }
    quote! {
        #(#copy_steps)*
        let mut __finite = true #(& #copy_flags)*;
        if !(true #(& #p::network::step_bound_holds(#big_inputs, &#big_zs, &#big_dzs, lr, #big_bias))*) {
            __finite &= true #(& self.#big_names.step_is_finite(#big_inputs, &#big_dzs, lr))*;
        }
        if !__finite {
            #(
                if let ::core::option::Option::Some(e) =
                    self.#field_names.first_non_finite_step(#offsets, #layer_inputs, &#dzs, lr)
                {
                    return ::core::result::Result::Err(e);
                }
            )*
        }
        #(#step_applies)*
    }
}

/// The runtime type of a dense layer, without generics: `Dense` or `DenseNoBias`.
pub(crate) fn layer_path(layer: &Layer) -> TokenStream {
    let p = private();
    if layer.bias {
        quote!(#p::Dense)
    } else {
        quote!(#p::DenseNoBias)
    }
}

/// The field type of a dense layer: `Dense<T, I, O>` or `DenseNoBias<T, I, O>`.
fn field_type(layer: &Layer) -> TokenStream {
    let p = private();
    let (i, o) = (layer.inputs, layer.outputs);
    if layer.bias {
        quote!(#p::Dense<T, #i, #o>)
    } else {
        quote!(#p::DenseNoBias<T, #i, #o>)
    }
}

/// The doc comment of layer `index`'s field: "Layer 1: Dense 2 → 2, Sigmoid (6 parameters).".
fn field_doc(index: usize, l: &Layer) -> String {
    format!(
        "Layer {}: Dense {} → {}, {}{} ({} parameters).",
        index + 1,
        l.inputs,
        l.outputs,
        l.act.describe(),
        if l.bias { "" } else { ", no bias" },
        l.params()
    )
}

/// `self.layer.init_uniform(bound, rng);` with He's bound for a ReLU-like activation, else
/// Glorot's.
fn init(l: &Layer) -> TokenStream {
    let p = private();
    let (lname, i, o) = (&l.name, l.inputs, l.outputs);
    let bound = if l.act.he_init() {
        quote!(#p::init::he_bound(#i))
    } else {
        quote!(#p::init::glorot_bound(#i, #o))
    };
    quote!(self.#lname.init_uniform(#bound, rng);)
}

/// A dense layer's parameter block: weight `[outputs, inputs]`, then bias `[outputs]`.
pub struct DenseBlock<'m>(pub &'m Layer);

impl ParamBlock for DenseBlock<'_> {
    fn name(&self) -> &Ident {
        &self.0.name
    }

    fn field_type(&self) -> TokenStream {
        field_type(self.0)
    }

    fn field_doc(&self, index: usize) -> String {
        field_doc(index, self.0)
    }

    fn init(&self) -> TokenStream {
        init(self.0)
    }

    fn tensors(&self) -> Vec<(&'static str, Vec<usize>)> {
        let l = self.0;
        let mut out = vec![("weight", vec![l.outputs, l.inputs])];
        if l.bias {
            out.push(("bias", vec![l.outputs]));
        }
        out
    }

    fn params(&self) -> usize {
        self.0.params()
    }

    fn shape_label(&self) -> String {
        format!("`Dense({})` with {} inputs", self.0.outputs, self.0.inputs)
    }

    fn summary(&self) -> (TokenStream, usize) {
        (quote!(Dense), self.0.inputs)
    }
}

/// `let __z{k} = Wᵀ·a_{k−1} + b;` for dense operation `k`.
fn affine(model: &Model, k: usize, layer: &Layer) -> TokenStream {
    let p = private();
    let name = &layer.name;
    let input = value(k - 1);
    let zk = z(k);
    if !model.unrolled(layer) {
        return quote!(let #zk = self.#name.affine(#input););
    }
    let o = layer.outputs;
    let outs: Vec<Ident> = (0..layer.outputs)
        .map(|j| format_ident!("__o{}", j))
        .collect();
    let sums = (0..layer.outputs).map(|j| {
        let terms = (0..layer.inputs).map(|i| quote!(__x[#i] * __w[#j][#i]));
        let sum = lane_sum(terms.collect());
        let bias = layer.bias.then(|| quote!(+ __b[#j]));
        quote!(#sum #bias)
    });
    let bias = layer
        .bias
        .then(|| quote!(let __b = &self.#name.bias.data.0[0];));
    quote! {
        let #zk = {
            let __w = &self.#name.weight.data.0;
            let __x = &#input.data.0[0];
            #bias
            #(let #outs = #sums;)*
            #p::nalgebra::SVector::<T, #o>::from_array_storage(
                #p::nalgebra::ArrayStorage([[#(#outs),*]])
            )
        };
    }
}

/// Adds dense operation `k`'s weight and bias gradient for `__dz{k}` into `grads`.
fn accumulate(model: &Model, k: usize, layer: &Layer) -> TokenStream {
    let name = &layer.name;
    let input = value(k - 1);
    let dzk = dz(k);
    if !model.unrolled(layer) {
        let ty = layer_path(layer);
        return quote!(#ty::accumulate(&mut grads.#name, #input, &#dzk););
    }
    let weights = (0..layer.outputs)
        .flat_map(|j| (0..layer.inputs).map(move |i| quote!(__gw[#j][#i] += __x[#i] * __d[#j];)));
    let bias = layer.bias.then(|| {
        let js = 0..layer.outputs;
        quote! {
            let __gb = &mut grads.#name.bias.data.0[0];
            #(__gb[#js] += __d[#js];)*
        }
    });
    quote! {{
        let __x = &#input.data.0[0];
        let __d = &#dzk.data.0[0];
        let __gw = &mut grads.#name.weight.data.0;
        #(#weights)*
        #bias
    }}
}

/// `W·__dz{k}`: the gradient with respect to dense operation `k`'s input.
fn input_gradient(model: &Model, k: usize, layer: &Layer) -> TokenStream {
    let p = private();
    let name = &layer.name;
    let dzk = dz(k);
    if !model.unrolled(layer) {
        return quote!(self.#name.input_gradient(&#dzk));
    }
    let n = layer.inputs;
    let outs: Vec<Ident> = (0..layer.inputs)
        .map(|i| format_ident!("__o{}", i))
        .collect();
    let sums = (0..layer.inputs).map(|i| {
        let terms = (0..layer.outputs).map(|j| quote!(__w[#j][#i] * __d[#j]));
        quote!(#(#terms)+*)
    });
    quote! {{
        let __w = &self.#name.weight.data.0;
        let __d = &#dzk.data.0[0];
        #(let #outs = #sums;)*
        #p::nalgebra::SVector::<T, #n>::from_array_storage(
            #p::nalgebra::ArrayStorage([[#(#outs),*]])
        )
    }}
}

/// The sum of an unrolled forward dot product's terms. Up to [`LANE_SUM_MAX`] terms, in the
/// order a vector register's halves are added: with h the largest power of two below n, term
/// i + h is added to term i, and the h partial sums are summed the same way (8 terms:
/// ((t₀+t₄)+(t₂+t₆))+((t₁+t₅)+(t₃+t₇))), so the chain of dependent additions is ⌈log₂ n⌉ long
/// instead of n − 1. Longer sums stay left to right.
fn lane_sum(mut terms: Vec<TokenStream>) -> TokenStream {
    if terms.len() > LANE_SUM_MAX {
        return quote!(#(#terms)+*);
    }
    while terms.len() > 1 {
        let h = terms.len().next_power_of_two() / 2;
        let high = terms.split_off(h);
        for (t, u) in terms.iter_mut().zip(high) {
            *t = quote!((#t + #u));
        }
    }
    terms.pop().unwrap_or_default()
}

/// The longest forward sum [`lane_sum`] reorders. Measured against left-to-right sums (issue 7,
/// `BENCHMARKS.md`, session 5; fastest of 12 interleaved runs, default flags · AVX2 + FMA):
/// 2 → 8 → 1 forward 32.6 → 31.7 · 26.0 → 23.6 ns, 8 → 8 → 8 forward 32.3 → 28.0 · 39.3 →
/// 30.8 ns; but with 16 terms the 16 → 16 → 16 forward (unrolled past the default threshold)
/// went from 111 to 131–138 · 125 to 130–143 ns, and the reordered sums of the unrolled
/// back-propagated gradient W·δ gained nothing (8 → 8 → 8 step 77 against 78–83 ns), so that
/// one stays left to right.
const LANE_SUM_MAX: usize = 8;
