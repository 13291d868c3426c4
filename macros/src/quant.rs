//! Code generation for the int8 twin of a network (issue 21): for `Digits`, the struct
//! `DigitsQuantized` (the input's quantization parameters, one `QDense` per dense layer, a
//! look-up table after each Sigmoid or Tanh layer, a softmax table after a Softmax layer), its
//! integer-only `forward`, the float boundary (`quantize_input`, `dequantize_output`), its
//! writers (`write_rust`, a `static` in flash; `write_text`, for the Python reference), and
//! `Digits::<T>::quantize`, post-training quantization from calibration samples.
//!
//! Only networks of dense layers with Identity, ReLU, Sigmoid, Tanh or Softmax have a twin.
//! Any other network gets a `quantize` whose `where Self: Quantizable` never holds, so calling
//! it is a compile error that says why (the runtime's `#[diagnostic::on_unimplemented]`), and
//! its doc names the stage that has no int8 form.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use syn::Visibility;

use crate::model::{LayerKind, Model, OpKind};
use crate::paths::private;

/// How a layer's activation is computed in int8.
#[derive(Clone, Copy, PartialEq)]
enum QAct {
    /// The layer's clamp, [−128, 127].
    Identity,
    /// The layer's clamp, from the output's zero point.
    Relu,
    /// A `QLut` of σ.
    Sigmoid,
    /// A `QLut` of tanh.
    Tanh,
    /// A `QSoftmax`.
    Softmax,
}

/// Each operation's int8 activation, or the first stage (1-based) that has no int8 form and why.
fn plan(model: &Model) -> Result<Vec<QAct>, String> {
    if model.layers.is_empty() {
        return Err("it has no dense layer".into());
    }
    let mut out = Vec::new();
    for (k, op) in model.ops.iter().enumerate() {
        let stage = k + 1;
        match op.kind {
            OpKind::Layer(l) => {
                if !matches!(model.layers[l].kind, LayerKind::Dense { .. }) {
                    return Err(format!(
                        "stage {stage} is not a dense layer; only dense layers have an int8 form"
                    ));
                }
            }
            OpKind::Pass => {
                return Err(format!(
                    "stage {stage} is a standalone activation stage that could not be fused into a dense layer"
                ));
            }
            OpKind::Add { .. } => {
                return Err(format!("stage {stage} ends a residual block"));
            }
        }
        out.push(match op.act.name() {
            "Identity" => QAct::Identity,
            "ReLU" => QAct::Relu,
            "Sigmoid" => QAct::Sigmoid,
            "Tanh" => QAct::Tanh,
            "Softmax" => QAct::Softmax,
            other => {
                return Err(format!(
                    "layer {stage}'s activation {other} has no int8 form (Identity, ReLU, Sigmoid, Tanh and Softmax have)"
                ));
            }
        });
    }
    Ok(out)
}

/// The twin of `name`, or the `quantize` that does not compile.
pub fn generate(model: &Model, name: &Ident, vis: &Visibility) -> TokenStream {
    let p = private();
    let acts = match plan(model) {
        Ok(acts) => acts,
        Err(why) => {
            let doc = format!(
                "Not available: `{name}` has no int8 twin because {why}. Calling it does not compile."
            );
            return quote! {
                #[allow(dead_code)]
                impl<T: #p::Scalar> #name<T> {
                    #[doc = #doc]
                    pub fn quantize<C>(&self, _calibration: C) -> ::core::result::Result<::core::convert::Infallible, #p::quant::QuantError>
                    where
                        Self: #p::quant::Quantizable,
                    {
                        ::core::result::Result::Err(#p::quant::QuantError::EmptyCalibration)
                    }
                }
            };
        }
    };
    let qname = format_ident!("{}Quantized", name);
    let n_in = model.input;
    let n_out = model.ops.last().map_or(n_in, |op| op.width);
    let n_layers = model.layers.len();

    let mut fields = TokenStream::new();
    let mut forward = TokenStream::new();
    let mut build = TokenStream::new();
    let mut field_names: Vec<Ident> = Vec::new();
    let mut write_rust = TokenStream::new();
    let mut write_text = TokenStream::new();
    let mut observe = TokenStream::new();
    let mut last_params = TokenStream::new();
    for (k, (layer, &act)) in model.layers.iter().zip(&acts).enumerate() {
        let k1 = k + 1;
        let field = &layer.name;
        let label = field.to_string();
        let label = label.strip_prefix("r#").unwrap_or(&label).to_string();
        let (i, o) = (layer.inputs, layer.outputs);
        let prev = format_ident!("__q{}", k);
        let cur = format_ident!("__q{}", k1);
        let doc = format!(
            "Layer {k1}, `{label}`: Dense {i} → {o} in int8, {}.",
            match act {
                QAct::Identity => "Identity (the output's full range)",
                QAct::Relu => "ReLU as the output's clamp",
                QAct::Sigmoid => "followed by a sigmoid table",
                QAct::Tanh => "followed by a tanh table",
                QAct::Softmax => "followed by a softmax table",
            }
        );
        fields.extend(quote!(#[doc = #doc] pub #field: #p::quant::QDense<#i, #o>,));
        field_names.push(field.clone());
        let prefix = label.clone();
        write_rust.extend(quote! {
            out.write_str(concat!("\n    ", stringify!(#field), ": "))?;
            self.#field.write_rust(out)?;
            out.write_char(',')?;
        });
        write_text.extend(quote!(self.#field.write_text(out, #prefix)?;));
        let input_ref = if k == 0 { quote!(x) } else { quote!(&#prev) };
        forward.extend(quote!(let #cur = self.#field.forward(#input_ref);));
        let (zr, ar) = (format_ident!("__rz{}", k1), format_ident!("__ra{}", k1));
        observe.extend(quote! {
            if !#zr.observe(__trace.#field.z.as_slice()) || !#ar.observe(__trace.#field.a.as_slice()) {
                return ::core::result::Result::Err(#p::quant::QuantError::NonFiniteActivation { index: __index, layer: #k1 });
            }
        });
        let prev_params = format_ident!("__p{}", k);
        let cur_params = format_ident!("__p{}", k1);
        let bias = if matches!(layer.kind, LayerKind::Dense { bias: true }) {
            quote!(::core::option::Option::Some(&self.#field.bias))
        } else {
            quote!(::core::option::Option::None)
        };
        let (range, relu) = match act {
            QAct::Relu => (&ar, true),
            _ => (&zr, false),
        };
        build.extend(quote! {
            let __out = #p::quant::QParams::from_range(#range);
            let #field = #p::quant::QDense::quantize(&self.#field.weight, #bias, #prev_params, __out, #relu, #k1)?;
        });
        let table = match act {
            QAct::Identity | QAct::Relu => None,
            QAct::Sigmoid => Some((
                format_ident!("{}_lut", label),
                quote!(QLut),
                quote!(sigmoid),
                quote!(SIGMOID),
                "the sigmoid table after",
            )),
            QAct::Tanh => Some((
                format_ident!("{}_lut", label),
                quote!(QLut),
                quote!(tanh),
                quote!(TANH),
                "the tanh table after",
            )),
            QAct::Softmax => Some((
                format_ident!("{}_softmax", label),
                quote!(QSoftmax),
                quote!(new),
                quote!(SOFTMAX),
                "the softmax table after",
            )),
        };
        let params_expr = match &table {
            None => {
                build.extend(quote!(let #cur_params = __out;));
                quote!(self.#field.output())
            }
            Some((tfield, ty, ctor, fixed, what)) => {
                let tdoc = format!("Layer {k1}: {what} `{label}`.");
                fields.extend(quote!(#[doc = #tdoc] pub #tfield: #p::quant::#ty,));
                field_names.push(tfield.clone());
                forward.extend(quote!(let #cur = self.#tfield.apply(&#cur);));
                build.extend(quote! {
                    let #tfield = #p::quant::#ty::#ctor(__out);
                    let #cur_params = #p::quant::QParams::#fixed;
                });
                let tprefix = label.clone();
                write_rust.extend(quote! {
                    out.write_str(concat!("\n    ", stringify!(#tfield), ": "))?;
                    self.#tfield.write_rust(out)?;
                    out.write_char(',')?;
                });
                write_text.extend(quote!(self.#tfield.write_text(out, #tprefix)?;));
                quote!(#p::quant::QParams::#fixed)
            }
        };
        last_params = params_expr;
    }
    // `forward_layers`: the same statements with a call after each layer.
    let mut forward_each = TokenStream::new();
    for (k, (layer, &act)) in model.layers.iter().zip(&acts).enumerate() {
        let k1 = k + 1;
        let field = &layer.name;
        let label = field.to_string();
        let label = label.strip_prefix("r#").unwrap_or(&label).to_string();
        let prev = format_ident!("__q{}", k);
        let cur = format_ident!("__q{}", k1);
        let input_ref = if k == 0 { quote!(x) } else { quote!(&#prev) };
        forward_each.extend(quote!(let #cur = self.#field.forward(#input_ref);));
        let params = match act {
            QAct::Identity | QAct::Relu => quote!(self.#field.output()),
            QAct::Sigmoid | QAct::Tanh => {
                let t = format_ident!("{}_lut", label);
                forward_each.extend(quote!(let #cur = self.#t.apply(&#cur);));
                if act == QAct::Sigmoid {
                    quote!(#p::quant::QParams::SIGMOID)
                } else {
                    quote!(#p::quant::QParams::TANH)
                }
            }
            QAct::Softmax => {
                let t = format_ident!("{}_softmax", label);
                forward_each.extend(quote!(let #cur = self.#t.apply(&#cur);));
                quote!(#p::quant::QParams::SOFTMAX)
            }
        };
        forward_each.extend(quote!(each(#k1, &#cur, #params);));
    }
    let q_last = format_ident!("__q{}", n_layers);
    let zrs: Vec<Ident> = (1..=n_layers).map(|k| format_ident!("__rz{}", k)).collect();
    let ars: Vec<Ident> = (1..=n_layers).map(|k| format_ident!("__ra{}", k)).collect();
    let type_doc = format!(
        "The int8 twin of [`{name}`] (made by [`{name}::quantize`]): integer-only inference with \
         TensorFlow Lite's scheme (see `typenet::quant`); {n_in} inputs, {n_out} outputs."
    );
    let type_name = qname.to_string();

    quote! {
        #[doc = #type_doc]
        #[derive(Clone, Debug, PartialEq)]
        #vis struct #qname {
            /// How the input is stored.
            pub input: #p::quant::QParams,
            #fields
        }

        #[allow(dead_code)]
        impl #qname {
            /// Number of inputs.
            pub const INPUTS: usize = #n_in;
            /// Number of outputs.
            pub const OUTPUTS: usize = #n_out;
            /// The type's name.
            pub const NAME: &'static str = #type_name;

            /// The network's int8 output for int8 input `x`: integers only, no heap, no panic.
            #[inline]
            pub fn forward(&self, x: &[i8; #n_in]) -> [i8; #n_out] {
                #forward
                #q_last
            }

            /// [`forward`](Self::forward), calling `each(layer, output, params)` after every layer
            /// (1-based; the output after its activation, and how it is stored).
            pub fn forward_layers(
                &self,
                x: &[i8; #n_in],
                mut each: impl FnMut(usize, &[i8], #p::quant::QParams),
            ) -> [i8; #n_out] {
                #forward_each
                #q_last
            }

            /// How the output is stored.
            pub fn output_params(&self) -> #p::quant::QParams {
                #last_params
            }

            /// A float input on the int8 grid of [`input`](Self::input) (in `f32`; a host-side
            /// helper).
            pub fn quantize_input<T: #p::Scalar>(&self, x: &#p::nalgebra::SVector<T, #n_in>) -> [i8; #n_in] {
                ::core::array::from_fn(|i| self.input.quantize(#p::Scalar::to_f64(x[i]) as f32))
            }

            /// The real values of an int8 output.
            pub fn dequantize_output(&self, y: &[i8; #n_out]) -> #p::nalgebra::SVector<f32, #n_out> {
                let params = self.output_params();
                #p::nalgebra::SVector::<f32, #n_out>::from_fn(|i, _| params.dequantize(y[i]))
            }

            /// Writes the network as `pub static NAME: TYPE = TYPE { … };`, every part a `const fn`
            /// call, so it bakes into flash; `type_name` is this type as the file names it.
            pub fn write_rust<W: ::core::fmt::Write>(
                &self,
                out: &mut W,
                name: &str,
                type_name: &str,
            ) -> ::core::result::Result<(), #p::export::ExportError> {
                #p::quant::write_item_head(out, name, type_name)?;
                write!(out, "{type_name} {{\n    input: ")?;
                self.input.write_rust(out)?;
                out.write_char(',')?;
                #write_rust
                out.write_str("\n};\n")?;
                ::core::result::Result::Ok(())
            }

            /// Writes the parameters as plain text, one `name values…` line each (read by
            /// `tools/reference/int8_reference.py`).
            pub fn write_text<W: ::core::fmt::Write>(&self, out: &mut W) -> ::core::fmt::Result {
                writeln!(out, "input.scale {:?}", self.input.scale)?;
                writeln!(out, "input.zero_point {}", self.input.zero_point)?;
                #write_text
                ::core::result::Result::Ok(())
            }
        }

        impl<T: #p::Scalar> #p::quant::Quantizable for #name<T> {}

        #[allow(dead_code)]
        impl<T: #p::Scalar> #name<T> {
            /// Post-training int8 quantization: runs the float network on every calibration
            /// sample, records the range of the input and of every layer's output, and builds
            #[doc = concat!("the [`", #type_name, "`] twin (per-channel symmetric weights, `i32` biases,")]
            /// per-tensor asymmetric activations; see `typenet::quant`).
            ///
            /// Errors: no sample, a sample with NaN or ±∞ (its index), a layer computing a
            /// non-finite value, non-finite weights, a bias beyond `i32`.
            pub fn quantize<C>(&self, calibration: C) -> ::core::result::Result<#qname, #p::quant::QuantError>
            where
                C: ::core::iter::IntoIterator,
                C::Item: ::core::borrow::Borrow<#p::nalgebra::SVector<T, #n_in>>,
            {
                let mut __r0 = #p::quant::Range::EMPTY;
                #(let mut #zrs = #p::quant::Range::EMPTY; let mut #ars = #p::quant::Range::EMPTY;)*
                let mut __seen = false;
                for (__index, __x) in calibration.into_iter().enumerate() {
                    let __x: &#p::nalgebra::SVector<T, #n_in> = ::core::borrow::Borrow::borrow(&__x);
                    if !__r0.observe(__x.as_slice()) {
                        return ::core::result::Result::Err(#p::quant::QuantError::NonFiniteSample { index: __index });
                    }
                    let __trace = self.forward_trace(__x);
                    #observe
                    __seen = true;
                }
                if !__seen {
                    return ::core::result::Result::Err(#p::quant::QuantError::EmptyCalibration);
                }
                let __p0 = #p::quant::QParams::from_range(__r0);
                #build
                ::core::result::Result::Ok(#qname { input: __p0, #(#field_names,)* })
            }
        }
    }
}
