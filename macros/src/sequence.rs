//! Code generation for a sequence network: one with a GRU, LSTM or Conv1D layer, which keeps a
//! state between samples. Beside the struct (its fields, tensors, `LAYERS` and initialisation by
//! the same [`ops::ParamBlock`]s as a feed-forward network), it emits the state type
//! `{Name}State`, the per-step trace type `{Name}Trace`, and straight-line `step`,
//! `forward_sequence` and, with a loss, `sequence_backward` (backpropagation through time), by
//! looping over the operations as `expand.rs` does, with each operation's step code
//! ([`ops::Operation::step`] and the methods after it). The per-sample, batched and
//! second-order methods are not generated: their names exist only as methods whose call is a
//! compile error saying to step the network (the runtime's `PerSample`).

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use syn::{Attribute, Visibility};

use crate::model::Model;
use crate::ops;
use crate::ops::cell::carry;
use crate::paths::{a, activation, da, dz, loss_value, private, z};

/// Everything for the sequence network `name`.
pub fn generate(model: &Model, name: &Ident, vis: &Visibility, attrs: &[Attribute]) -> TokenStream {
    let p = private();
    let n_in = model.input;
    let last = model.ops.len();
    let n_out = model.ops.last().map_or(model.input, |op| op.width);
    let n_params: usize = ops::blocks(model).map(|b| b.params()).sum();
    let state_name = format_ident!("{}State", name);
    let trace_name = format_ident!("{}Trace", name);
    let type_name = name.to_string();
    let x_ty = quote!(#p::nalgebra::SVector<T, #n_in>);
    let y_ty = quote!(#p::nalgebra::SVector<T, #n_out>);

    let blocks: Vec<_> = ops::blocks(model).collect();
    let field_names: Vec<&Ident> = blocks.iter().map(|b| b.name()).collect();
    let field_types: Vec<TokenStream> = blocks.iter().map(|b| b.field_type()).collect();
    let field_docs: Vec<String> = blocks
        .iter()
        .enumerate()
        .map(|(i, b)| b.field_doc(i))
        .collect();
    let inits = blocks.iter().map(|b| b.init());
    let tensors = ops::tensor_infos(model);
    let (layers_impl, layers_item) = crate::summary::layers(model, name);
    let architecture = &model.architecture;
    let summary = match model.loss {
        Some(loss) => format!(
            "Sequence network `{architecture}`; loss: {}, averaged over the steps. {n_params} parameters.",
            loss.describe()
        ),
        None => {
            format!("Sequence network `{architecture}`, inference only. {n_params} parameters.")
        }
    };
    let user_has_docs = attrs.iter().any(|a| a.path().is_ident("doc"));
    let summary_doc = if user_has_docs {
        quote!(#[doc = ""] #[doc = #summary])
    } else {
        quote!(#[doc = #summary])
    };

    // Every operation's generator, and the stateful ones' state, trace and carry types.
    let gens: Vec<_> = (1..=last).map(|k| ops::op(model, k)).collect();
    let mut state_fields = Vec::new();
    let mut state_types = Vec::new();
    let mut carries = Vec::new();
    let mut trace_fields = Vec::new();
    let mut trace_types = Vec::new();
    let mut trace_docs = Vec::new();
    for (i, (op, g)) in model.ops.iter().zip(&gens).enumerate() {
        let w = op.width;
        trace_fields.push(&op.name);
        trace_docs.push(g.trace_doc());
        match g.cell() {
            Some(cell) => {
                state_fields.push(&op.name);
                let (state, trace, carry_ty) = (cell.state, cell.trace, cell.carry);
                state_types.push(state);
                trace_types.push(quote!(#p::CellTrace<#trace, T, #w>));
                let ck = carry(i + 1);
                carries.push(quote!(let mut #ck = <#carry_ty>::zeros();));
            }
            None => trace_types.push(quote!(#p::LayerTrace<T, #w>)),
        }
    }
    let state_docs: Vec<String> = state_fields
        .iter()
        .map(|n| format!("The state of layer `{n}`."))
        .collect();
    let trace_zeros = model.ops.iter().zip(&gens).map(|(op, g)| {
        let n = &op.name;
        if g.cell().is_some() {
            quote!(#n: ::core::default::Default::default())
        } else {
            quote!(#n: #p::LayerTrace {
                z: #p::nalgebra::SVector::zeros(),
                a: #p::nalgebra::SVector::zeros(),
            })
        }
    });

    // One streaming step; one traced step (values and traces into `__tr`).
    let mut step = TokenStream::new();
    let mut traced = TokenStream::new();
    for (k, g) in (1..=last).zip(&gens) {
        let op = &model.ops[k - 1];
        let act = activation(op.act);
        let (zk, ak, n) = (z(k), a(k), &op.name);
        let apply = quote!(let #ak = #p::activation::Activation::<T>::apply(&#act, &#zk););
        let (s, t) = (g.step(), g.step_traced());
        step.extend(quote!(#s #apply));
        traced.extend(quote! {
            #t
            #apply
            __tr.#n.z = #zk;
            __tr.#n.a = #ak;
        });
    }
    let a_last = a(last);

    let struct_doc = format!(
        "Every layer's state of a [`{name}`] between steps: zero at the start of a sequence."
    );
    let trace_doc = format!(
        "One step's values of every stage of a [`{name}`], for backpropagation through time."
    );
    let flat_impls = ops::flat_impls(name, n_params);
    let common = quote! {
        #layers_impl
        #(#attrs)*
        #summary_doc
        #[repr(C)]
        #[derive(Clone, Debug, PartialEq)]
        #vis struct #name<T = f32> {
            #(#[doc = #field_docs] pub #field_names: #field_types,)*
        }

        #flat_impls

        #[doc = #struct_doc]
        #[derive(Clone, Debug, PartialEq)]
        #vis struct #state_name<T = f32> {
            #(#[doc = #state_docs] pub #state_fields: #state_types,)*
        }

        #[allow(dead_code)]
        impl<T: #p::Scalar> #state_name<T> {
            /// The start of a sequence: every state zero.
            pub fn zeros() -> Self {
                Self { #(#state_fields: <#state_types>::zeros(),)* }
            }
            /// Back to the start of a sequence, in place.
            pub fn reset(&mut self) {
                #(self.#state_fields.reset();)*
            }
        }

        impl<T: #p::Scalar> ::core::default::Default for #state_name<T> {
            fn default() -> Self {
                Self::zeros()
            }
        }

        #[doc = #trace_doc]
        #[derive(Clone, Debug, PartialEq)]
        #vis struct #trace_name<T = f32> {
            #(#[doc = #trace_docs] pub #trace_fields: #trace_types,)*
        }

        #[allow(dead_code)]
        impl<T: #p::Scalar> #trace_name<T> {
            /// Every value zero (to fill a trace buffer).
            pub fn zeros() -> Self {
                Self { #(#trace_zeros,)* }
            }
        }

        impl<T: #p::Scalar> ::core::default::Default for #trace_name<T> {
            fn default() -> Self {
                Self::zeros()
            }
        }

        #[allow(dead_code)]
        impl<T: #p::Scalar> #name<T> {
            /// Number of inputs of one step.
            pub const INPUTS: usize = #n_in;
            /// Number of outputs of one step.
            pub const OUTPUTS: usize = #n_out;
            /// Number of parameters (weights and biases).
            pub const PARAMS: usize = #n_params;
            /// The type's name.
            pub const NAME: &'static str = #type_name;
            /// Every parameter tensor in PyTorch `state_dict` order: name, shape and offset into
            /// the flat parameters.
            pub const TENSORS: &'static [#p::TensorInfo] = &[#tensors];

            /// One step: the output for input `x`, advancing `state`. No allocation.
            #[inline]
            pub fn step(&self, state: &mut #state_name<T>, x: &#x_ty) -> #y_ty {
                #step
                #a_last
            }

            /// Every step of a sequence from `state` (left at its end): `ys[t]` for `xs[t]`.
            ///
            /// # Errors
            /// `SequenceError::Length` if `ys` and `xs` differ in length; nothing is computed.
            pub fn forward_sequence(
                &self,
                state: &mut #state_name<T>,
                xs: &[#x_ty],
                ys: &mut [#y_ty],
            ) -> ::core::result::Result<(), #p::SequenceError> {
                if ys.len() != xs.len() {
                    return ::core::result::Result::Err(#p::SequenceError::Length {
                        what: "outputs",
                        expected: xs.len(),
                        found: ys.len(),
                    });
                }
                for (x, y) in xs.iter().zip(ys.iter_mut()) {
                    *y = #name::step(self, state, x);
                }
                ::core::result::Result::Ok(())
            }

            /// One step that also writes every stage's values into `__tr`.
            #[doc(hidden)]
            #[inline]
            pub fn __step_traced(&self, state: &mut #state_name<T>, x: &#x_ty, __tr: &mut #trace_name<T>) -> #y_ty {
                #traced
                #a_last
            }

            /// Builds the network from its parameters in PyTorch `state_dict` order (a `const
            /// fn`, for a network in flash).
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

        impl<T: #p::Scalar> #p::Recurrent<T> for #name<T> {
            type Input = #x_ty;
            type Output = #y_ty;
            type State = #state_name<T>;
            type Trace = #trace_name<T>;

            #[inline]
            fn step(&self, state: &mut Self::State, x: &Self::Input) -> Self::Output {
                #name::step(self, state, x)
            }
            fn forward_sequence(
                &self,
                state: &mut Self::State,
                xs: &[Self::Input],
                ys: &mut [Self::Output],
            ) -> ::core::result::Result<(), #p::SequenceError> {
                #name::forward_sequence(self, state, xs, ys)
            }
        }
    };
    let per_sample = per_sample_stubs(model, name);
    let Some(loss) = model.loss else {
        return quote! { #common #per_sample };
    };

    // Backpropagation through time: the loss gradient of each step, scaled by 1/T, then every
    // operation back to the input, from the step's trace.
    let lv = loss_value(loss);
    let (zl, al, dzl, dal) = (z(last), a(last), dz(last), da(last));
    let (step_loss, out_grad) = if loss.fused() {
        (
            quote!(#p::loss::FusedLoss::<T>::loss_from_logits(&#lv, &#zl, target)),
            quote!(let #dzl = #p::loss::FusedLoss::<T>::logit_gradient(&#lv, &#al, target) * __scale;),
        )
    } else {
        let act = activation(model.ops[last - 1].act);
        (
            quote!(#p::loss::Loss::<T>::loss(&#lv, &#al, target)),
            quote! {
                let #dal = #p::loss::Loss::<T>::gradient(&#lv, &#al, target) * __scale;
                let #dzl = #p::activation::Activation::<T>::backprop(&#act, &#zl, &#al, &#dal);
            },
        )
    };
    let loads = model.ops.iter().enumerate().map(|(i, op)| {
        let (zk, ak, n) = (z(i + 1), a(i + 1), &op.name);
        quote!(let #zk = __tr.#n.z; let #ak = __tr.#n.a;)
    });
    let back = back_chain(model, &gens);
    let last_name = &model.ops[last - 1].name;
    let backward = quote! {
        #[allow(dead_code)]
        impl<T: #p::Scalar> #name<T> {
            /// Backpropagation through time over one sequence (or one chunk of truncated BPTT):
            /// returns the loss, the mean over the steps of the per-step loss, and adds its
            /// gradient into `grads`. `state` starts the sequence and is left at its end;
            /// `trace` is the caller's buffer of at least `xs.len()` steps; the backward carries
            /// start at zero.
            ///
            /// # Errors
            /// `SequenceError` if the sequence is empty, `targets` differs from `xs` in length
            /// or `trace` is shorter; nothing changes.
            #[allow(unused_variables)]
            pub fn sequence_backward(
                &self,
                state: &mut #state_name<T>,
                xs: &[#x_ty],
                targets: &[#y_ty],
                trace: &mut [#trace_name<T>],
                grads: &mut Self,
            ) -> ::core::result::Result<T, #p::SequenceError> {
                let __n = xs.len();
                if __n == 0 {
                    return ::core::result::Result::Err(#p::SequenceError::Empty);
                }
                if targets.len() != __n {
                    return ::core::result::Result::Err(#p::SequenceError::Length {
                        what: "targets",
                        expected: __n,
                        found: targets.len(),
                    });
                }
                if trace.len() < __n {
                    return ::core::result::Result::Err(#p::SequenceError::Trace {
                        needed: __n,
                        found: trace.len(),
                    });
                }
                let trace = &mut trace[..__n];
                let mut __loss = <T as #p::Scalar>::lit(0.0);
                for ((x, target), __tr) in xs.iter().zip(targets).zip(trace.iter_mut()) {
                    let _ = #name::__step_traced(self, state, x, __tr);
                    let #zl = __tr.#last_name.z;
                    let #al = __tr.#last_name.a;
                    __loss += #step_loss;
                }
                let __scale = <T as #p::Scalar>::lit(1.0) / <T as #p::Scalar>::lit(__n as f64);
                #(#carries)*
                for ((x, target), __tr) in xs.iter().zip(targets).zip(trace.iter()).rev() {
                    #(#loads)*
                    #out_grad
                    #back
                }
                ::core::result::Result::Ok(__loss * __scale)
            }

            /// The loss of one sequence (or one chunk of it) from `state` (left at its end):
            /// the mean over the steps of the per-step loss, the value
            /// [`sequence_backward`](Self::sequence_backward) returns, bit for bit, without
            /// its backward pass or a trace buffer (one step's trace lives on the stack).
            ///
            /// # Errors
            /// `SequenceError` if the sequence is empty or `targets` differs from `xs` in
            /// length; nothing is computed.
            pub fn sequence_loss(
                &self,
                state: &mut #state_name<T>,
                xs: &[#x_ty],
                targets: &[#y_ty],
            ) -> ::core::result::Result<T, #p::SequenceError> {
                let __n = xs.len();
                if __n == 0 {
                    return ::core::result::Result::Err(#p::SequenceError::Empty);
                }
                if targets.len() != __n {
                    return ::core::result::Result::Err(#p::SequenceError::Length {
                        what: "targets",
                        expected: __n,
                        found: targets.len(),
                    });
                }
                let mut __tr = <#trace_name<T> as ::core::default::Default>::default();
                let mut __loss = <T as #p::Scalar>::lit(0.0);
                for (x, target) in xs.iter().zip(targets) {
                    let _ = #name::__step_traced(self, state, x, &mut __tr);
                    let #zl = __tr.#last_name.z;
                    let #al = __tr.#last_name.a;
                    __loss += #step_loss;
                }
                let __scale = <T as #p::Scalar>::lit(1.0) / <T as #p::Scalar>::lit(__n as f64);
                ::core::result::Result::Ok(__loss * __scale)
            }
        }

        impl<T: #p::Scalar> #p::RecurrentTrainable<T> for #name<T> {
            type Target = #y_ty;

            fn sequence_loss(
                &self,
                state: &mut Self::State,
                xs: &[Self::Input],
                targets: &[Self::Target],
            ) -> ::core::result::Result<T, #p::SequenceError> {
                #name::sequence_loss(self, state, xs, targets)
            }

            fn sequence_backward(
                &self,
                state: &mut Self::State,
                xs: &[Self::Input],
                targets: &[Self::Target],
                trace: &mut [Self::Trace],
                grads: &mut Self,
            ) -> ::core::result::Result<T, #p::SequenceError> {
                #name::sequence_backward(self, state, xs, targets, trace, grads)
            }
        }
    };
    quote! { #common #per_sample #backward }
}

/// One step back through time from `__dz{K}` to every operation's ∂E/∂z, adding the parameter
/// gradients into `grads` and moving the stateful layers' carries to the step before (the
/// one-sample back chain of `expand.rs`, with each operation's step code).
fn back_chain(model: &Model, gens: &[Box<dyn ops::Operation + '_>]) -> TokenStream {
    let p = private();
    let skips = model.skips();
    let mut out = TokenStream::new();
    for k in (1..=model.ops.len()).rev() {
        let g = &gens[k - 1];
        out.extend(g.step_backward());
        let prev = k - 1;
        if prev == 0 {
            continue;
        }
        let dap = da(prev);
        let grad = g.step_input_gradient();
        out.extend(quote!(let #dap = #grad;));
        for &j in skips[prev].iter().rev() {
            let dzj = dz(j);
            out.extend(quote!(let #dap = #dap + #dzj;));
        }
        let act = activation(model.ops[prev - 1].act);
        let (dzp, zp, ap) = (dz(prev), z(prev), a(prev));
        out.extend(quote! {
            let #dzp = #p::activation::Activation::<T>::backprop(&#act, &#zp, &#ap, &#dap);
        });
    }
    out
}

/// The per-sample methods' names on a sequence network, each bounded by the runtime's
/// `PerSample`, which no type implements: the call resolves, fails on the bound, and the trait's
/// message says to step the network instead (as `untrained.rs` does for a missing loss).
fn per_sample_stubs(model: &Model, name: &Ident) -> TokenStream {
    let p = private();
    let n_in = model.input;
    let n_out = model.ops.last().map_or(model.input, |op| op.width);
    let x = quote!(#p::nalgebra::SVector<T, #n_in>);
    let y = quote!(#p::nalgebra::SVector<T, #n_out>);
    let never = quote!(match #p::PerSample::<T>::never(self) {});
    quote! {
        /// Per-sample methods that exist only to fail: a sequence network is stepped. Each
        /// call is a compile error that says what to call instead.
        #[doc(hidden)]
        #[allow(dead_code, unused_variables)]
        impl<T: #p::Scalar> #name<T> {
            #[doc(hidden)]
            pub fn forward(&self, x: &#x) -> #y where Self: #p::PerSample<T> { #never }
            #[doc(hidden)]
            pub fn loss(&self, x: &#x, target: &#y) -> T where Self: #p::PerSample<T> { #never }
            #[doc(hidden)]
            pub fn backward(&self, x: &#x, target: &#y) -> (T, Self) where Self: #p::PerSample<T> { #never }
            #[doc(hidden)]
            pub fn train_step(&mut self, x: &#x, target: &#y, lr: T) -> ::core::result::Result<T, #p::NonFiniteError>
            where
                Self: #p::PerSample<T>,
            {
                #never
            }
        }
    }
}
