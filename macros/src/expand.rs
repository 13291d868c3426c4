//! Code generation: the checked [`Model`] becomes a struct, its gradients and trace types, and
//! straight-line forward and backward code.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};
use syn::{Attribute, Visibility};

use crate::ast::{Input, ItemNet};
use crate::check::{Errors, check_definition};
use crate::model::{Act, Layer, LossKind, Model, OpKind};

/// Layers of at most this many weights take their training step into a copy that is checked and
/// then stored; larger ones are proven (or checked) in place. Measured: the copy wins up to about
/// 16 weights (`cargo bench --bench network`, crossover group).
const STEP_INTO_COPY_MAX: usize = 16;

/// The seed of the expression form's default initialisation (ASCII "typenet").
const EXPR_FORM_SEED: u64 = 0x0074_7970_656e_6574;

/// The whole pipeline: parse → check → generate, with every error reported at once.
pub fn expand(input: Input) -> TokenStream {
    let mut errors = Errors::default();
    let code = match input {
        Input::Items(items) => {
            let mut out = TokenStream::new();
            for item in &items {
                out.extend(expand_item(item, &mut errors));
            }
            out
        }
        Input::Expr(def) => {
            let model = check_definition(&def, &mut errors);
            let name = Ident::new("__TypenetNetwork", Span::call_site());
            let vis = Visibility::Inherited;
            let items = generate(&model, &name, &vis, &[]);
            let p = private();
            quote! {{
                #items
                <#name<f32> as #p::Network<f32>>::random(
                    &mut <#p::rand_pcg::Pcg32 as #p::rand_core::SeedableRng>::seed_from_u64(#EXPR_FORM_SEED)
                )
            }}
        }
    };
    match errors.finish() {
        Some(err) => {
            let err = err.into_compile_error();
            quote! { #err #code }
        }
        None => code,
    }
}

fn expand_item(item: &ItemNet, errors: &mut Errors) -> TokenStream {
    let model = check_definition(&item.def, errors);
    // `#[weights = "…"]` bakes a safetensors file in (weights.rs).
    let (attrs, weights) = crate::weights::split_attrs(&item.attrs, errors);
    let mut out = generate(&model, &item.name, &item.vis, &attrs);
    if let Some(path) = weights {
        out.extend(crate::weights::expand(&path, &model, &item.name, errors));
    }
    out
}

/// The absolute path generated code reaches the runtime through.
pub(crate) fn private() -> TokenStream {
    quote!(::typenet::__private)
}

fn lit_f64(v: f64) -> Literal {
    Literal::f64_suffixed(v)
}

/// A value of the activation's runtime type, for scalar type `T`.
pub(crate) fn activation(act: Act) -> TokenStream {
    let p = private();
    let lit = |v: f64| {
        let v = lit_f64(v);
        quote!(<T as #p::Scalar>::lit(#v))
    };
    match act {
        Act::Identity => quote!(#p::activation::Identity),
        Act::Sigmoid => quote!(#p::activation::Sigmoid),
        Act::Tanh => quote!(#p::activation::Tanh),
        Act::Step(n) => {
            let n = lit(n);
            quote!(#p::activation::Step::<T> { threshold: #n })
        }
        Act::Softplus => quote!(#p::activation::Softplus),
        Act::ReLU => quote!(#p::activation::ReLU),
        Act::Softsign => quote!(#p::activation::Softsign),
        Act::Elu(a) => {
            let a = lit(a);
            quote!(#p::activation::ELU::<T> { alpha: #a })
        }
        Act::LogSigmoid => quote!(#p::activation::LogSigmoid),
        Act::Swish => quote!(#p::activation::Swish),
        Act::Sinc => quote!(#p::activation::Sinc),
        Act::LeakyReLU(s) => {
            let s = lit(s);
            quote!(#p::activation::LeakyReLU::<T> { slope: #s })
        }
        Act::Mish => quote!(#p::activation::Mish),
        Act::Softmax => quote!(#p::activation::Softmax),
    }
}

/// A value of the loss's runtime type.
pub(crate) fn loss_value(loss: LossKind) -> TokenStream {
    let p = private();
    match loss {
        LossKind::Mse => quote!(#p::loss::MSE),
        LossKind::Mae => quote!(#p::loss::MAE),
        LossKind::Huber(d) => {
            let d = lit_f64(d);
            quote!(#p::loss::Huber::<T> { delta: <T as #p::Scalar>::lit(#d) })
        }
        LossKind::CrossEntropy => quote!(#p::loss::CrossEntropy),
        LossKind::Bce => quote!(#p::loss::BCE),
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

fn layer_type(layer: &Layer) -> TokenStream {
    let p = private();
    let (i, o) = (layer.inputs, layer.outputs);
    if layer.bias {
        quote!(#p::Dense<T, #i, #o>)
    } else {
        quote!(#p::DenseNoBias<T, #i, #o>)
    }
}

fn z(k: usize) -> Ident {
    format_ident!("__z{}", k)
}
fn a(k: usize) -> Ident {
    format_ident!("__a{}", k)
}
fn dz(k: usize) -> Ident {
    format_ident!("__dz{}", k)
}
fn da(k: usize) -> Ident {
    format_ident!("__da{}", k)
}

/// A reference to value `k`: the input `x` for 0, `&__a{k}` after.
pub(crate) fn value(k: usize) -> TokenStream {
    if k == 0 {
        quote!(x)
    } else {
        let ak = a(k);
        quote!((&#ak))
    }
}

impl Model {
    fn unrolled(&self, layer: &Layer) -> bool {
        layer.inputs * layer.outputs <= self.unroll
    }

    fn params(&self) -> usize {
        self.layers.iter().map(Layer::params).sum()
    }

    fn outputs(&self) -> usize {
        self.ops.last().map_or(self.input, |op| op.width)
    }

    /// The dense layer computed by operation `k` (1-based), if it is one.
    fn layer_of(&self, k: usize) -> Option<&Layer> {
        match self.ops[k - 1].kind {
            OpKind::Dense(l) => Some(&self.layers[l]),
            _ => None,
        }
    }

    /// For each dense layer in order, the operation (1-based) that computes it.
    fn layer_ops(&self) -> Vec<usize> {
        (1..=self.ops.len())
            .filter(|&k| self.layer_of(k).is_some())
            .collect()
    }

    /// `let __z{k} = Wᵀ·a_{k−1} + b;` for dense operation `k`.
    fn affine(&self, k: usize, layer: &Layer) -> TokenStream {
        let p = private();
        let name = &layer.name;
        let input = value(k - 1);
        let zk = z(k);
        if !self.unrolled(layer) {
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

    /// Every operation's z and a, in order.
    fn forward_statements(&self) -> TokenStream {
        let p = private();
        (1..=self.ops.len())
            .map(|k| {
                let op = &self.ops[k - 1];
                let zk = z(k);
                let pre = match op.kind {
                    OpKind::Dense(l) => self.affine(k, &self.layers[l]),
                    OpKind::Pass => {
                        let input = value(k - 1);
                        quote!(let #zk = *#input;)
                    }
                    OpKind::Add { from } => {
                        let (prev, skip) = (value(k - 1), value(from));
                        quote!(let #zk = #prev + #skip;)
                    }
                };
                let act = activation(op.act);
                let ak = a(k);
                quote! {
                    #pre
                    let #ak = #p::activation::Activation::<T>::apply(&#act, &#zk);
                }
            })
            .collect()
    }

    /// Adds dense operation `k`'s weight and bias gradient for `__dz{k}` into `grads`.
    fn accumulate(&self, k: usize, layer: &Layer) -> TokenStream {
        let name = &layer.name;
        let input = value(k - 1);
        let dzk = dz(k);
        if !self.unrolled(layer) {
            let ty = layer_path(layer);
            return quote!(#ty::accumulate(&mut grads.#name, #input, &#dzk););
        }
        let weights = (0..layer.outputs).flat_map(|j| {
            (0..layer.inputs).map(move |i| quote!(__gw[#j][#i] += __x[#i] * __d[#j];))
        });
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
    fn input_gradient(&self, k: usize, layer: &Layer) -> TokenStream {
        let p = private();
        let name = &layer.name;
        let dzk = dz(k);
        if !self.unrolled(layer) {
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

    /// Back-propagation from `__dz{K}` (K the last operation) to every `__dz{k}`, adding each
    /// dense layer's gradient into `grads` when `accumulate`, and ending with `__da0` (∂/∂x)
    /// when `to_input`.
    ///
    /// A residual block's end passes its ∂E/∂z both to the block's last value and, along the
    /// skip connection, to the block's input value, where it is added to what comes back
    /// through the block.
    fn back_chain(&self, accumulate: bool, to_input: bool) -> TokenStream {
        let p = private();
        let skips = self.skips();
        let mut out = TokenStream::new();
        for k in (1..=self.ops.len()).rev() {
            let dzk = dz(k);
            if let (true, Some(layer)) = (accumulate, self.layer_of(k)) {
                out.extend(self.accumulate(k, layer));
            }
            let prev = k - 1;
            if prev == 0 && !to_input {
                continue;
            }
            let dap = da(prev);
            let grad = match self.layer_of(k) {
                Some(layer) => self.input_gradient(k, layer),
                None => quote!(#dzk),
            };
            out.extend(quote!(let #dap = #grad;));
            // Latest block end first (the order the sums have always been taken in).
            for &j in skips[prev].iter().rev() {
                let dzj = dz(j);
                out.extend(quote!(let #dap = #dap + #dzj;));
            }
            if prev > 0 {
                let act = activation(self.ops[prev - 1].act);
                let (dzp, zp, ap) = (dz(prev), z(prev), a(prev));
                out.extend(quote! {
                    let #dzp = #p::activation::Activation::<T>::backprop(&#act, &#zp, &#ap, &#dap);
                });
            }
        }
        out
    }

    /// `let (__loss, __dz{K}) = …`: the loss and its gradient with respect to the last z.
    fn output_gradient(&self, loss: LossKind) -> TokenStream {
        let p = private();
        let last = self.ops.len();
        let (zl, al, dzl, dal) = (z(last), a(last), dz(last), da(last));
        let lv = loss_value(loss);
        match loss {
            LossKind::CrossEntropy | LossKind::Bce => quote! {
                let __loss = #p::loss::FusedLoss::<T>::loss_from_logits(&#lv, &#zl, target);
                let #dzl = #p::loss::FusedLoss::<T>::logit_gradient(&#lv, &#al, target);
            },
            _ => {
                let act = activation(self.ops[last - 1].act);
                quote! {
                    let __loss = #p::loss::Loss::<T>::loss(&#lv, &#al, target);
                    let #dal = #p::loss::Loss::<T>::gradient(&#lv, &#al, target);
                    let #dzl = #p::activation::Activation::<T>::backprop(&#act, &#zl, &#al, &#dal);
                }
            }
        }
    }

    /// The loss of the last operation's values.
    fn loss_expr(&self, loss: LossKind) -> TokenStream {
        let p = private();
        let last = self.ops.len();
        let (zl, al) = (z(last), a(last));
        let lv = loss_value(loss);
        match loss {
            LossKind::CrossEntropy | LossKind::Bce => {
                quote!(#p::loss::FusedLoss::<T>::loss_from_logits(&#lv, &#zl, target))
            }
            _ => quote!(#p::loss::Loss::<T>::loss(&#lv, &#al, target)),
        }
    }
}

/// Everything for one network type.
fn generate(model: &Model, name: &Ident, vis: &Visibility, attrs: &[Attribute]) -> TokenStream {
    let p = private();
    let n_in = model.input;
    let n_out = model.outputs();
    let n_params = model.params();
    let last = model.ops.len();
    let trace_name = format_ident!("{}Trace", name);
    let grads_name = format_ident!("{}Gradients", name);

    let field_names: Vec<&Ident> = model.layers.iter().map(|l| &l.name).collect();
    let field_types: Vec<TokenStream> = model.layers.iter().map(layer_type).collect();
    let field_docs: Vec<String> = model
        .layers
        .iter()
        .enumerate()
        .map(|(i, l)| {
            format!(
                "Layer {}: Dense {} → {}, {}{} ({} parameters).",
                i + 1,
                l.inputs,
                l.outputs,
                l.act.describe(),
                if l.bias { "" } else { ", no bias" },
                l.params()
            )
        })
        .collect();
    let type_name = name.to_string();
    let tensors = tensor_infos(model);
    let architecture = &model.architecture;
    let summary = match model.loss {
        Some(loss) => format!(
            "Network `{architecture}`; loss: {}. {n_params} parameters.",
            loss.describe()
        ),
        None => format!("Network `{architecture}`, inference only. {n_params} parameters."),
    };
    let user_has_docs = attrs.iter().any(|a| a.path().is_ident("doc"));
    let summary_doc = if user_has_docs {
        quote!(#[doc = ""] #[doc = #summary])
    } else {
        quote!(#[doc = #summary])
    };

    // A network of activation stages only has no layer fields. `[T; 0]` uses the scalar and
    // gives the empty struct `T`'s alignment, so its (empty) flat slice is well aligned.
    let no_params = model.layers.is_empty().then(|| {
        quote! {
            #[doc(hidden)]
            pub __scalar: [T; 0],
        }
    });
    let trace_names: Vec<&Ident> = model.ops.iter().map(|op| &op.name).collect();
    let trace_fields: Vec<TokenStream> = model
        .ops
        .iter()
        .map(|op| {
            let w = op.width;
            quote!(#p::LayerTrace<T, #w>)
        })
        .collect();
    let trace_docs: Vec<String> = model
        .ops
        .iter()
        .map(|op| match op.kind {
            OpKind::Dense(l) => field_docs[l].clone(),
            OpKind::Pass => format!("Activation stage: {} of the {} values before it.", op.act.describe(), op.width),
            OpKind::Add { from } => format!(
                "Residual block: z is the block's output plus its input (value {from} of the chain), a = {}(z).",
                op.act.describe()
            ),
        })
        .collect();
    let zs: Vec<Ident> = (1..=last).map(z).collect();
    let as_: Vec<Ident> = (1..=last).map(a).collect();
    let a_last = a(last);
    let forward = model.forward_statements();

    let inits = model.layers.iter().map(|l| {
        let (lname, i, o) = (&l.name, l.inputs, l.outputs);
        let bound = if l.act.he_init() {
            quote!(#p::init::he_bound(#i))
        } else {
            quote!(#p::init::glorot_bound(#i, #o))
        };
        quote!(self.#lname.init_uniform(#bound, rng);)
    });

    // Reverse-mode input Jacobian: one backward pass per output.
    let jacobian = {
        let (dzl, dal, zl) = (dz(last), da(last), z(last));
        let act = activation(model.ops[last - 1].act);
        let back = model.back_chain(false, true);
        let dx = da(0);
        quote! {
            #forward
            let mut __j = #p::nalgebra::SMatrix::<T, #n_out, #n_in>::zeros();
            for __k in 0..#n_out {
                let mut #dal = #p::nalgebra::SVector::<T, #n_out>::zeros();
                #dal[__k] = <T as #p::Scalar>::lit(1.0);
                let #dzl = #p::activation::Activation::<T>::backprop(&#act, &#zl, &#a_last, &#dal);
                #back
                let __dx: #p::nalgebra::SVector<T, #n_in> = #dx;
                __j.set_row(__k, &__dx.transpose());
            }
            __j
        }
    };

    // Batched methods (one sample per column, through the runtime's gemm): `batch.rs`.
    let batch = crate::batch::generate(model, name);
    let struct_def = quote! {
        #batch
        #(#attrs)*
        #summary_doc
        #[repr(C)]
        #[derive(Clone, Debug, PartialEq)]
        #vis struct #name<T = f32> {
            #(#[doc = #field_docs] pub #field_names: #field_types,)*
            #no_params
        }

        #[doc = concat!("Each stage's pre-activation `z` and activation `a` in one forward pass of [`", stringify!(#name), "`].")]
        #[derive(Clone, Debug, PartialEq)]
        #vis struct #trace_name<T = f32> {
            #(#[doc = #trace_docs] pub #trace_names: #trace_fields,)*
        }

        // SAFETY: `#[repr(C)]`, and every field is a `#[repr(C)]` layer of `[[T; R]; C]` arrays,
        // so the struct is exactly `LEN` contiguous `T`s (re-checked at compile time by `Flat`).
        unsafe impl<T: #p::Scalar> #p::Flat<T> for #name<T> {
            const LEN: usize = #n_params;
        }

        #[allow(dead_code)]
        impl<T: #p::Scalar> #name<T> {
            /// Number of inputs.
            pub const INPUTS: usize = #n_in;
            /// Number of outputs.
            pub const OUTPUTS: usize = #n_out;
            /// Number of parameters (weights and biases).
            pub const PARAMS: usize = #n_params;
            /// The type's name.
            pub const NAME: &'static str = #type_name;
            /// Every parameter tensor in PyTorch `state_dict` order: name, shape (`[out, in]`
            /// for a weight, `[out]` for a bias) and offset into the flat parameters.
            pub const TENSORS: &'static [#p::TensorInfo] = &[#tensors];

            /// The network's output for input `x`.
            #[inline]
            pub fn forward(&self, x: &#p::nalgebra::SVector<T, #n_in>) -> #p::nalgebra::SVector<T, #n_out> {
                #forward
                #a_last
            }

            /// One forward pass keeping every layer's pre-activation `z` and activation `a`.
            pub fn forward_trace(&self, x: &#p::nalgebra::SVector<T, #n_in>) -> #trace_name<T> {
                #forward
                #trace_name { #(#trace_names: #p::LayerTrace { z: #zs, a: #as_ },)* }
            }

            /// ∂y/∂x at `x` (outputs × inputs): entry (k, i) is how much output k moves per unit
            /// of input i.
            pub fn input_jacobian(&self, x: &#p::nalgebra::SVector<T, #n_in>) -> #p::nalgebra::SMatrix<T, #n_out, #n_in> {
                #jacobian
            }

            /// Builds the network from its parameters in PyTorch `state_dict` order.
            ///
            /// A `const fn`: `const NET: Name<f32> = Name::from_array([…]);` puts a trained
            /// network in flash, with nothing computed at start-up.
            pub const fn from_array(values: [T; #n_params]) -> Self {
                // SAFETY: `Self: Flat<T>` with `LEN == PARAMS` (the `unsafe impl` above).
                unsafe { #p::network::flat_from_array::<T, Self, #n_params>(values) }
            }
        }

        impl<T: #p::Scalar> #p::Network<T> for #name<T> {
            const INPUTS: usize = #n_in;
            const OUTPUTS: usize = #n_out;
            const PARAMS: usize = #n_params;
            const NAME: &'static str = #type_name;
            const TENSORS: &'static [#p::TensorInfo] = #name::<T>::TENSORS;
            type Input = #p::nalgebra::SVector<T, #n_in>;
            type Output = #p::nalgebra::SVector<T, #n_out>;
            type Trace = #trace_name<T>;
            type InputJacobian = #p::nalgebra::SMatrix<T, #n_out, #n_in>;

            #[inline]
            fn forward(&self, x: &Self::Input) -> Self::Output {
                #name::forward(self, x)
            }
            fn forward_trace(&self, x: &Self::Input) -> Self::Trace {
                #name::forward_trace(self, x)
            }
            fn input_jacobian(&self, x: &Self::Input) -> Self::InputJacobian {
                #name::input_jacobian(self, x)
            }
            fn init<R: #p::rand_core::Rng + ?Sized>(&mut self, rng: &mut R) {
                #(#inits)*
            }
        }
    };

    let Some(loss) = model.loss else {
        let untrained = crate::untrained::generate(model, name);
        return quote! { #struct_def #untrained };
    };

    let output_gradient = model.output_gradient(loss);
    let loss_expr = model.loss_expr(loss);
    let backward_layers = model.back_chain(true, false);
    let offsets: Vec<usize> = model
        .layers
        .iter()
        .scan(0, |acc, l| {
            let o = *acc;
            *acc += l.params();
            Some(o)
        })
        .collect();
    let layer_ops = model.layer_ops();
    let layer_inputs: Vec<TokenStream> = layer_ops.iter().map(|&k| value(k - 1)).collect();
    let dzs: Vec<Ident> = layer_ops.iter().map(|&k| dz(k)).collect();
    let deltas = model.back_chain(false, false);
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
    let grads_doc = format!(
        "Gradients of [`{name}`]'s loss: the same layers, names and flat order as its parameters."
    );

    let second_order = crate::second_order::generate(model, name, loss);
    quote! {
        #struct_def
        #second_order

        #[doc = #grads_doc]
        #[repr(C)]
        #[derive(Clone, Debug, PartialEq)]
        #vis struct #grads_name<T = f32> {
            #(#[doc = #field_docs] pub #field_names: #field_types,)*
            #no_params
        }

        // SAFETY: as for the network type, whose layout this mirrors.
        unsafe impl<T: #p::Scalar> #p::Flat<T> for #grads_name<T> {
            const LEN: usize = #n_params;
        }

        #[allow(dead_code)]
        impl<T: #p::Scalar> #name<T> {
            /// The loss of one sample.
            #[inline]
            pub fn loss(&self, x: &#p::nalgebra::SVector<T, #n_in>, target: &#p::nalgebra::SVector<T, #n_out>) -> T {
                #forward
                #loss_expr
            }

            /// Adds one sample's gradient to `grads` and returns its loss.
            #[inline]
            pub fn backward_into(
                &self,
                x: &#p::nalgebra::SVector<T, #n_in>,
                target: &#p::nalgebra::SVector<T, #n_out>,
                grads: &mut #grads_name<T>,
            ) -> T {
                #forward
                #output_gradient
                #backward_layers
                __loss
            }

            /// One step of gradient descent on one sample, θ ← θ − lr·∇E, without a gradient
            /// buffer; returns the loss before the step.
            ///
            /// All or nothing: if the loss, a gradient entry or an updated parameter would not
            /// be finite, nothing changes and the error names the first such parameter (flat
            /// index, `state_dict` order). Bit for bit the same as `backward` then `sgd_step`,
            /// except that layers of ≥ 64 inputs and ≥ 256 weights skip the neurons whose ∂E/∂z
            /// is 0, so a −0 weight there keeps its sign (see `Dense::apply_step`).
            #[inline]
            pub fn train_step(
                &mut self,
                x: &#p::nalgebra::SVector<T, #n_in>,
                target: &#p::nalgebra::SVector<T, #n_out>,
                lr: T,
            ) -> ::core::result::Result<T, #p::NonFiniteError> {
                #forward
                #output_gradient
                if !#p::nalgebra::ComplexField::is_finite(&__loss) {
                    return ::core::result::Result::Err(#p::NonFiniteError::Loss);
                }
                // Every layer's ∂E/∂z before any weight changes (back-propagation reads them).
                #deltas
                // Tiny layers take their step into a copy and check the copy. Larger ones first
                // try an O(width) proof that every updated parameter is finite (see
                // `network::step_bound_holds`); only when it fails does the exact per-weight
                // check run. On any failure the first offending parameter is named.
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
                ::core::result::Result::Ok(__loss)
            }

            /// One sample's loss and its gradient with respect to every parameter.
            #[inline]
            pub fn backward(
                &self,
                x: &#p::nalgebra::SVector<T, #n_in>,
                target: &#p::nalgebra::SVector<T, #n_out>,
            ) -> (T, #grads_name<T>) {
                let mut grads = <#grads_name<T> as #p::Flat<T>>::zeros();
                let loss = #name::backward_into(self, x, target, &mut grads);
                (loss, grads)
            }
        }

        impl<T: #p::Scalar> #p::Trainable<T> for #name<T> {
            type Target = #p::nalgebra::SVector<T, #n_out>;
            type Gradients = #grads_name<T>;

            #[inline]
            fn loss(&self, x: &Self::Input, target: &Self::Target) -> T {
                #name::loss(self, x, target)
            }
            #[inline]
            fn backward_into(&self, x: &Self::Input, target: &Self::Target, grads: &mut Self::Gradients) -> T {
                #name::backward_into(self, x, target, grads)
            }
            #[inline]
            fn backward(&self, x: &Self::Input, target: &Self::Target) -> (T, Self::Gradients) {
                #name::backward(self, x, target)
            }
            #[inline]
            fn train_step(
                &mut self,
                x: &Self::Input,
                target: &Self::Target,
                lr: T,
            ) -> ::core::result::Result<T, #p::NonFiniteError> {
                #name::train_step(self, x, target, lr)
            }
        }
    }
}

/// The `TensorInfo` values of every layer's weight and bias, in `state_dict` order (the
/// struct's field order, the flat parameters' order), comma-separated.
fn tensor_infos(model: &Model) -> TokenStream {
    let p = private();
    let mut out = TokenStream::new();
    let mut offset = 0usize;
    for layer in &model.layers {
        let field = layer.name.to_string();
        let field = field.strip_prefix("r#").unwrap_or(&field);
        let (i, o) = (layer.inputs, layer.outputs);
        let weight = format!("{field}.weight");
        out.extend(quote!(#p::TensorInfo { name: #weight, shape: &[#o, #i], offset: #offset },));
        offset += i * o;
        if layer.bias {
            let bias = format!("{field}.bias");
            out.extend(quote!(#p::TensorInfo { name: #bias, shape: &[#o], offset: #offset },));
            offset += o;
        }
    }
    out
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
