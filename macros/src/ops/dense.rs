//! A dense layer, `z = Wᵀ·a + b` (`Dense(n, activation, bias = …)`): its field type,
//! documentation, initialisation and parameter names, and its code in every generator. Layers of
//! at most `unroll` weights are emitted as scalar multiply-adds; larger ones call the runtime's
//! `Dense` methods.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::model::{Layer, LayerKind, Model};
use crate::ops::{Operation, ParamBlock, StepParts};
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
        affine(self.model, self.k, self.layer(), false)
    }

    fn forward_isa(&self) -> TokenStream {
        affine(self.model, self.k, self.layer(), true)
    }

    /// In a sequence network's step, a layer of more than [`LANE_SUM_MAX`] inputs takes the
    /// layer's `affine` (the runtime's AVX2 product where the CPU has it) instead of the
    /// unrolled left-to-right sums: the Dense(1) head of LSTM(64) was one chain of 64 dependent
    /// scalar additions (about 200 cycles) after every step (issue 20, `BENCHMARKS.md`).
    fn step(&self) -> TokenStream {
        if self.layer().inputs > LANE_SUM_MAX {
            self.forward_looped()
        } else {
            self.forward()
        }
    }

    fn step_traced(&self) -> TokenStream {
        self.step()
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

/// Whether `layer` (a dense layer) has a bias.
fn has_bias(layer: &Layer) -> bool {
    matches!(layer.kind, LayerKind::Dense { bias: true })
}

/// Number of parameters of a dense layer (weights, then bias).
fn params(layer: &Layer) -> usize {
    layer.inputs * layer.outputs + if has_bias(layer) { layer.outputs } else { 0 }
}

/// Whether `layer` is emitted as scalar multiply-adds (at most `model.unroll` weights).
fn unrolled(model: &Model, layer: &Layer) -> bool {
    layer.inputs * layer.outputs <= model.unroll
}

/// The dense layer's part of `train_step`'s update (see [`StepParts`]).
///
/// Tiny layers take their step into a copy and check the copy. Larger ones first try an
/// O(width) proof that every updated parameter is finite (see `network::step_bound_holds`); only
/// when it fails does the exact per-weight check run. On any failure the first offending
/// parameter is named (flat index, from the layer's offset).
fn train_step(layer: &Layer, k: usize, index: usize, offset: usize) -> StepParts {
    let p = private();
    let name = &layer.name;
    let (input, dzl) = (value(k - 1), dz(k));
    let first_bad = quote! {
        if let ::core::option::Option::Some(e) =
            self.#name.first_non_finite_step(#offset, #input, &#dzl, lr)
        {
            return ::core::result::Result::Err(e);
        }
    };
    // Tiny (≤ STEP_INTO_COPY_MAX weights) layers step into a copy; the others are proven or
    // checked in place (measured crossover: `BENCHMARKS.md`).
    if layer.inputs * layer.outputs <= STEP_INTO_COPY_MAX {
        let (next, flag) = (
            format_ident!("__next{}", index + 1),
            format_ident!("__finite{}", index + 1),
        );
        StepParts {
            copy: Some((
                quote!(let (#next, #flag) = self.#name.stepped(#input, &#dzl, lr);),
                flag,
            )),
            proof: None,
            first_bad,
            apply: quote!(self.#name = #next;),
        }
    } else {
        let (zk, bias) = (z(k), has_bias(layer));
        StepParts {
            copy: None,
            proof: Some((
                quote!(#p::network::step_bound_holds(#input, &#zk, &#dzl, lr, #bias)),
                quote!(self.#name.step_is_finite(#input, &#dzl, lr)),
            )),
            first_bad,
            apply: quote!(self.#name.apply_step(#input, &#dzl, lr);),
        }
    }
}

/// The runtime type of a dense layer, without generics: `Dense` or `DenseNoBias`.
fn layer_path(layer: &Layer) -> TokenStream {
    let p = private();
    if has_bias(layer) {
        quote!(#p::Dense)
    } else {
        quote!(#p::DenseNoBias)
    }
}

/// The field type of a dense layer: `Dense<T, I, O>` or `DenseNoBias<T, I, O>`.
fn field_type(layer: &Layer) -> TokenStream {
    let p = private();
    let (i, o) = (layer.inputs, layer.outputs);
    if has_bias(layer) {
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
        if has_bias(l) { "" } else { ", no bias" },
        params(l)
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
pub struct DenseBlock<'m> {
    /// The layer.
    pub layer: &'m Layer,
    /// Whether it has a bias.
    pub bias: bool,
}

impl ParamBlock for DenseBlock<'_> {
    fn name(&self) -> &Ident {
        &self.layer.name
    }

    fn field_type(&self) -> TokenStream {
        field_type(self.layer)
    }

    fn field_doc(&self, index: usize) -> String {
        field_doc(index, self.layer)
    }

    fn init(&self) -> TokenStream {
        init(self.layer)
    }

    fn tensors(&self) -> Vec<(&'static str, Vec<usize>)> {
        let l = self.layer;
        let mut out = vec![("weight", vec![l.outputs, l.inputs])];
        if self.bias {
            out.push(("bias", vec![l.outputs]));
        }
        out
    }

    fn params(&self) -> usize {
        params(self.layer)
    }

    fn shape_label(&self) -> String {
        format!(
            "`Dense({})` with {} inputs",
            self.layer.outputs, self.layer.inputs
        )
    }

    fn summary(&self) -> (TokenStream, usize) {
        (quote!(Dense), self.layer.inputs)
    }

    fn train_step(&self, k: usize, index: usize, offset: usize) -> StepParts {
        train_step(self.layer, k, index, offset)
    }
}

/// `let __z{k} = Wᵀ·a_{k−1} + b;` for dense operation `k`; with `isa`, in the generated
/// `__forward::<__ISA>` (unrolled layers of [`UNROLLED_KERNEL_INPUTS`] then ask the runtime's
/// `unrolled_affine_isa`, which runs the AVX2 sums in the AVX2 + FMA and AVX-512 copies).
fn affine(model: &Model, k: usize, layer: &Layer, isa: bool) -> TokenStream {
    let p = private();
    let name = &layer.name;
    let input = value(k - 1);
    let zk = z(k);
    if !unrolled(model, layer) {
        if isa {
            // SAFETY (generated): `__forward::<__ISA>`'s contract is `affine_isa`'s.
            return quote!(let #zk = unsafe { self.#name.affine_isa::<__ISA>(#input) };);
        }
        return quote!(let #zk = self.#name.affine(#input););
    }
    let o = layer.outputs;
    let outs: Vec<Ident> = (0..layer.outputs)
        .map(|j| format_ident!("__o{}", j))
        .collect();
    let sums = (0..layer.outputs).map(|j| {
        let terms = (0..layer.inputs).map(|i| quote!(__x[#i] * __w[#j][#i]));
        let sum = lane_sum(terms.collect());
        let bias = has_bias(layer).then(|| quote!(+ __b[#j]));
        quote!(#sum #bias)
    });
    let bias = has_bias(layer).then(|| quote!(let __b = &self.#name.bias.data.0[0];));
    if !UNROLLED_KERNEL_INPUTS.contains(&layer.inputs) {
        return quote! {
            let #zk = {
                let __w = &self.#name.weight.data.0;
                let __x = &#input.data.0[0];
                #bias
                #(let #outs = #sums;)*
                #p::nalgebra::SVector::<T, #o>::from_array_storage(
                    #p::nalgebra::ArrayStorage([[#(#outs),*]])
                )
            };
        };
    }
    let b = if has_bias(layer) {
        quote!(::core::option::Option::Some(__b))
    } else {
        quote!(::core::option::Option::None)
    };
    let kernel = if isa {
        // SAFETY (of the generated call): `__forward`'s contract is that for `__ISA` ≥ 1 it is
        // inlined into a copy compiled with AVX2 and FMA (or AVX-512 F, which implies them),
        // which is `unrolled_affine_isa`'s.
        quote!(unsafe { #p::unrolled_affine_isa::<__ISA, _, _, _>(__w, __x, #b) })
    } else {
        quote!(#p::unrolled_affine(__w, __x, #b))
    };
    quote! {
        let #zk = {
            let __w = &self.#name.weight.data.0;
            let __x = &#input.data.0[0];
            #bias
            let __z = match #kernel {
                ::core::option::Option::Some(__z) => __z,
                ::core::option::Option::None => {
                    #(let #outs = #sums;)*
                    [#(#outs),*]
                }
            };
            #p::nalgebra::SVector::<T, #o>::from_array_storage(#p::nalgebra::ArrayStorage([__z]))
        };
    }
}

/// Input widths for which the unrolled forward product first asks the runtime's
/// `unrolled_affine`: with AVX2 in the build it computes the same sums as the unrolled code
/// below, in the weights' memory order with horizontal additions, where LLVM's vectoriser
/// shuffles the weights instead (x86-64-v3 build, `benches/profiles`, callgrind: 2 → 8 → 1
/// forward from 117 to 105 instructions per pass through an indirect call, 87 inlined into the
/// caller's loop; `BENCHMARKS.md`, "Against RTNeural").
const UNROLLED_KERNEL_INPUTS: [usize; 3] = [2, 4, 8];

/// Adds dense operation `k`'s weight and bias gradient for `__dz{k}` into `grads`.
fn accumulate(model: &Model, k: usize, layer: &Layer) -> TokenStream {
    let name = &layer.name;
    let input = value(k - 1);
    let dzk = dz(k);
    if !unrolled(model, layer) {
        let ty = layer_path(layer);
        return quote!(#ty::accumulate(&mut grads.#name, #input, &#dzk););
    }
    let weights = (0..layer.outputs)
        .flat_map(|j| (0..layer.inputs).map(move |i| quote!(__gw[#j][#i] += __x[#i] * __d[#j];)));
    let bias = has_bias(layer).then(|| {
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
    if !unrolled(model, layer) {
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
