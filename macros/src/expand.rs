//! Code generation: the checked [`Model`] becomes a struct, its gradients and trace types, and
//! straight-line forward and backward code.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use syn::{Attribute, Visibility};

use crate::ast::{Input, ItemNet};
use crate::check::{Errors, check_definition};
use crate::model::{LossKind, Model};
use crate::ops;
use crate::paths::{a, activation, da, dz, loss_value, private, z};

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
                <#name<f32> as #p::Parameters<f32>>::random(
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

impl Model {
    fn params(&self) -> usize {
        ops::blocks(self).map(|b| b.params()).sum()
    }

    fn outputs(&self) -> usize {
        self.ops.last().map_or(self.input, |op| op.width)
    }

    /// Every operation's z and a, in order; with `isa`, for the generated
    /// `__forward::<__ISA>` (see [`forward_fn`]): the operations' `forward_isa` and the
    /// runtime's `apply_isa`, which take the AVX2 unrolled sums and the fused σ/tanh where
    /// `__ISA` ≥ 1.
    fn forward_statements(&self, isa: bool) -> TokenStream {
        let p = private();
        (1..=self.ops.len())
            .map(|k| {
                let op = &self.ops[k - 1];
                let (zk, ak) = (z(k), a(k));
                let act = activation(op.act);
                if isa {
                    let pre = ops::op(self, k).forward_isa();
                    let w = op.width;
                    quote! {
                        #pre
                        let #ak = #p::activation::apply_isa::<__ISA, T, _, #w>(&#act, &#zk);
                    }
                } else {
                    let pre = ops::op(self, k).forward();
                    quote! {
                        #pre
                        let #ak = #p::activation::Activation::<T>::apply(&#act, &#zk);
                    }
                }
            })
            .collect()
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
            let op = ops::op(self, k);
            if accumulate {
                out.extend(op.accumulate());
            }
            let prev = k - 1;
            if prev == 0 && !to_input {
                continue;
            }
            let dap = da(prev);
            let grad = op.input_gradient();
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
        if loss.fused() {
            quote! {
                let __loss = #p::loss::FusedLoss::<T>::loss_from_logits(&#lv, &#zl, target);
                let #dzl = #p::loss::FusedLoss::<T>::logit_gradient(&#lv, &#al, target);
            }
        } else {
            let act = activation(self.ops[last - 1].act);
            quote! {
                let __loss = #p::loss::Loss::<T>::loss(&#lv, &#al, target);
                let #dal = #p::loss::Loss::<T>::gradient(&#lv, &#al, target);
                let #dzl = #p::activation::Activation::<T>::backprop(&#act, &#zl, &#al, &#dal);
            }
        }
    }

    /// The loss of the last operation's values.
    fn loss_expr(&self, loss: LossKind) -> TokenStream {
        let p = private();
        let last = self.ops.len();
        let (zl, al) = (z(last), a(last));
        let lv = loss_value(loss);
        if loss.fused() {
            quote!(#p::loss::FusedLoss::<T>::loss_from_logits(&#lv, &#zl, target))
        } else {
            quote!(#p::loss::Loss::<T>::loss(&#lv, &#al, target))
        }
    }
}

/// Networks with a stage at least this wide get a `forward` that runs an AVX2 + FMA
/// instantiation of the whole pass where the build lacks those extensions and the CPU has them
/// (see [`forward_fn`]). Measured in instructions per forward pass (callgrind, default build,
/// `benches/profiles`): 2 → 8 → 1 from 202 to 166, but 2 → 2 → 2 (scalar either way) from 183
/// to 202, the check and the call costing more than 2-wide stages gain.
const WIDE_FORWARD_MIN: usize = 8;

/// Whether the network's `forward` has the instruction-set copies of [`forward_fn`]
/// (`__forward::<__ISA>`, `__forward_avx2_fma`, and `__forward_avx512` with a stage of
/// [`WIDE_AVX512_MIN`]): a stage at least [`WIDE_FORWARD_MIN`] wide. The per-column `forward_batch` (`batch.rs`) runs the same copies.
pub(crate) fn forward_has_copies(model: &Model) -> bool {
    model.ops.iter().any(|op| op.width >= WIDE_FORWARD_MIN)
}

/// Networks with a stage at least this wide also get the AVX-512 F copy of the pass (see
/// [`forward_fn`]): the element-wise maps take 16 lanes at a time only from 16 values, so a
/// narrower network's AVX-512 copy computes what its AVX2 + FMA copy does, and in a build for
/// AVX2 + FMA (`-C target-cpu=x86-64-v3`) its run-time check and out-of-line call only cost
/// (on a CPU with AVX-512 the pass is never inlined into its caller): 2 → 8 → 1 in that build
/// from 108 to 93 instructions per pass, 76 once inlined into the caller's loop (callgrind,
/// `tools/bench/rtneural/instructions.sh`; `BENCHMARKS.md`, "Against RTNeural").
const WIDE_AVX512_MIN: usize = 16;

/// The network's `forward`: the forward statements and the last activation, and, for networks
/// with a stage of at least [`WIDE_FORWARD_MIN`] values, on x86-64, the same body compiled once
/// more for AVX2 and FMA and, with a stage of at least [`WIDE_AVX512_MIN`], once more for
/// AVX-512 F, chosen at run time by the runtime's `forward_avx512` and `forward_avx2_fma` (one
/// or two checks per pass, not per layer).
///
/// The body is `__forward::<__ISA>`, generic over the instruction set its copy is compiled for
/// (0 the build's baseline, 1 AVX2 + FMA, 2 AVX-512 F), so that the copies for AVX2 + FMA and
/// AVX-512 compute what a build for those extensions does: unrolled layers of 2, 4 or 8 inputs
/// take the runtime's AVX2 sums (`unrolled_affine_isa`) and narrow σ/tanh layers the fused
/// flavour (`apply_isa`). Those two copies give the same bits as each other; the baseline copy
/// gives what the build's baseline always gave. The generated code's own products are written
/// `a * b + c`, which Rust never fuses.
///
/// In x86-64 builds without AVX2 and FMA the baseline copy is a function of its own
/// (`__forward_baseline`, never inlined), so `forward` is the CPU check and a jump: with the
/// baseline code inlined it saved and restored registers on every call, also on the AVX2 path
/// (2 → 8 → 1 in the default build 1.23 → 1.10 × the native build, `tools/bench/bench_profiles.sh`).
fn forward_fn(model: &Model, forward: &TokenStream, n_in: usize, n_out: usize) -> TokenStream {
    let p = private();
    let a_last = a(model.ops.len());
    if !forward_has_copies(model) {
        return quote! {
            /// The network's output for input `x`.
            #[inline]
            pub fn forward(&self, x: &#p::nalgebra::SVector<T, #n_in>) -> #p::nalgebra::SVector<T, #n_out> {
                #forward
                #a_last
            }
        };
    }
    let forward_isa = model.forward_statements(true);
    let avx512 = model.ops.iter().any(|op| op.width >= WIDE_AVX512_MIN);
    let avx512_call = avx512.then(|| {
        quote! {
            #[cfg(target_arch = "x86_64")]
            if #p::forward_avx512() {
                // SAFETY: the CPU has AVX-512 F (asked just above).
                return unsafe { self.__forward_avx512(x) };
            }
        }
    });
    let avx512_copy = avx512.then(|| {
        quote! {
            /// `forward` compiled for AVX-512 F, for builds whose baseline lacks it.
            ///
            /// # Safety
            /// The CPU has AVX-512 F.
            #[cfg(target_arch = "x86_64")]
            #[target_feature(enable = "avx512f")]
            unsafe fn __forward_avx512(&self, x: &#p::nalgebra::SVector<T, #n_in>) -> #p::nalgebra::SVector<T, #n_out> {
                // SAFETY: this function is compiled with AVX-512 F, which implies AVX2 and FMA.
                unsafe { self.__forward::<2>(x) }
            }
        }
    });
    quote! {
        /// The network's output for input `x`.
        #[inline]
        pub fn forward(&self, x: &#p::nalgebra::SVector<T, #n_in>) -> #p::nalgebra::SVector<T, #n_out> {
            #avx512_call
            #[cfg(target_arch = "x86_64")]
            if #p::forward_avx2_fma() {
                // SAFETY: the CPU has AVX2 and FMA (asked just above).
                return unsafe { self.__forward_avx2_fma(x) };
            }
            self.__forward_baseline(x)
        }

        /// `forward` for the build's baseline: out of line on x86-64 where the build lacks AVX2
        /// and FMA, so that `forward` itself is only the CPU check and a jump (no registers
        /// saved for the baseline code on the paths that do not run it), else inlined.
        #[cfg_attr(
            all(target_arch = "x86_64", not(all(target_feature = "avx2", target_feature = "fma"))),
            inline(never)
        )]
        #[cfg_attr(
            not(all(target_arch = "x86_64", not(all(target_feature = "avx2", target_feature = "fma")))),
            inline(always)
        )]
        fn __forward_baseline(&self, x: &#p::nalgebra::SVector<T, #n_in>) -> #p::nalgebra::SVector<T, #n_out> {
            // SAFETY: instruction set 0 asks nothing.
            unsafe { self.__forward::<0>(x) }
        }

        /// `forward`'s body for instruction set `__ISA` (0 the build's baseline, 1 AVX2 + FMA,
        /// 2 AVX-512 F), inlined into each of its copies.
        ///
        /// # Safety
        /// For `__ISA` ≥ 1, the caller is compiled with AVX2 and FMA (AVX-512 F implies them)
        /// and so runs on a CPU that has them. `__ISA` 0 asks nothing.
        #[inline(always)]
        unsafe fn __forward<const __ISA: u8>(&self, x: &#p::nalgebra::SVector<T, #n_in>) -> #p::nalgebra::SVector<T, #n_out> {
            #forward_isa
            #a_last
        }

        /// `forward` compiled for AVX2 and FMA, for builds whose baseline lacks them.
        ///
        /// # Safety
        /// The CPU has AVX2 and FMA.
        #[cfg(target_arch = "x86_64")]
        #[target_feature(enable = "avx2,fma")]
        unsafe fn __forward_avx2_fma(&self, x: &#p::nalgebra::SVector<T, #n_in>) -> #p::nalgebra::SVector<T, #n_out> {
            // SAFETY: this function is compiled with AVX2 and FMA.
            unsafe { self.__forward::<1>(x) }
        }

        #avx512_copy
    }
}

/// Everything for one network type.
fn generate(model: &Model, name: &Ident, vis: &Visibility, attrs: &[Attribute]) -> TokenStream {
    if model.stateful() {
        return crate::sequence::generate(model, name, vis, attrs);
    }
    let p = private();
    let n_in = model.input;
    let n_out = model.outputs();
    let n_params = model.params();
    let last = model.ops.len();
    let trace_name = format_ident!("{}Trace", name);
    let grads_name = format_ident!("{}Gradients", name);

    let blocks: Vec<_> = ops::blocks(model).collect();
    let field_names: Vec<&Ident> = blocks.iter().map(|b| b.name()).collect();
    let field_types: Vec<TokenStream> = blocks.iter().map(|b| b.field_type()).collect();
    let field_docs: Vec<String> = blocks
        .iter()
        .enumerate()
        .map(|(i, b)| b.field_doc(i))
        .collect();
    let type_name = name.to_string();
    let tensors = ops::tensor_infos(model);
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
    let trace_docs: Vec<String> = (1..=last).map(|k| ops::op(model, k).trace_doc()).collect();
    let zs: Vec<Ident> = (1..=last).map(z).collect();
    let as_: Vec<Ident> = (1..=last).map(a).collect();
    let a_last = a(last);
    let forward = model.forward_statements(false);
    let forward_fn = forward_fn(model, &forward, n_in, n_out);

    let inits = blocks.iter().map(|b| b.init());

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
    // `LAYERS`, what `summary()` prints: `summary.rs`.
    let (layers_impl, layers_item) = crate::summary::layers(model, name);
    let flat_impls = ops::flat_impls(name, n_params);
    let struct_def = quote! {
        #batch
        #layers_impl
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

        #flat_impls

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

            #forward_fn

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

        impl<T: #p::Scalar> #p::Parameters<T> for #name<T> {
            const INPUTS: usize = #n_in;
            const OUTPUTS: usize = #n_out;
            const PARAMS: usize = #n_params;
            const NAME: &'static str = #type_name;
            const TENSORS: &'static [#p::TensorInfo] = #name::<T>::TENSORS;
            #layers_item
            fn init<R: #p::rand_core::Rng + ?Sized>(&mut self, rng: &mut R) {
                #(#inits)*
            }
        }

        impl<T: #p::Scalar> #p::Network<T> for #name<T> {
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
        }
    };

    // The int8 twin and `quantize` (issue 21): `quant.rs`.
    let quant = crate::quant::generate(model, name, vis);
    let struct_def = quote! { #struct_def #quant };
    let Some(loss) = model.loss else {
        let untrained = crate::untrained::generate(model, name);
        return quote! { #struct_def #untrained };
    };

    let output_gradient = model.output_gradient(loss);
    let loss_expr = model.loss_expr(loss);
    let backward_layers = model.back_chain(true, false);
    let deltas = model.back_chain(false, false);
    let step = ops::train_step_update(model);
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
                // Each layer's step, all or nothing (`ops::train_step_update`).
                #step
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
