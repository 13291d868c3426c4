//! Code generation for batches: `forward_batch`, `backward_batch_into`, `gradient_batch` and
//! `train_step_batch`, which run a block of samples (one per column) through the runtime's batched
//! layer methods (`typenet_runtime::batch`), layer by layer.
//!
//! The generated code only chains runtime calls; every product is a runtime gemm (except the
//! `forward_batch` of small networks, which runs `forward` per column, see
//! [`PER_COLUMN_FORWARD_BELOW`]). The generator loops over the model's operations
//! ([`forward_stage`], [`backward_stage`], [`scratch_blocks`]); what each kind computes comes from
//! its file in `ops/` (`batch_forward`, `batch_accumulate`, `batch_input_gradient`).

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::model::{LossKind, Model};
use crate::ops;
use crate::paths::{activation, ba, bd, bz, loss_value, private};

/// Scratch values per sample that operation `k` needs: its Z, A and δ blocks.
fn scratch_per_sample(model: &Model, k: usize) -> usize {
    3 * model.ops[k - 1].width
}

/// Carves operation `k`'s blocks (`__bz{k}`, `__ba{k}`, `__bd{k}`, each width × b) off the
/// scratch slice `__buf`.
fn scratch_blocks(model: &Model, k: usize) -> TokenStream {
    let p = private();
    let o = model.ops[k - 1].width;
    let (zk, ak, dk) = (bz(k), ba(k), bd(k));
    quote! {
        #[allow(unused_mut)]
        let mut #zk = #p::batch::take_block::<T, #o>(&mut __buf, __b);
        #[allow(unused_mut)]
        let mut #ak = #p::batch::take_block::<T, #o>(&mut __buf, __b);
        #[allow(unused_mut)]
        let mut #dk = #p::batch::take_block::<T, #o>(&mut __buf, __b);
    }
}

/// Operation `k` forward: Z by its kind (`Operation::batch_forward`), then A = g(Z).
fn forward_stage(model: &Model, k: usize) -> TokenStream {
    let p = private();
    let op = &model.ops[k - 1];
    let act = activation(op.act);
    let (zk, ak) = (bz(k), ba(k));
    let pre = ops::op(model, k).batch_forward();
    quote! {
        #pre
        #p::batch::activate_batch(&#act, &#zk, &mut #ak);
    }
}

/// Operation `k` backward, with δ of operation `k` in `__bd{k}`: an operation with parameters
/// adds their gradient into `grads`; except for the first operation, δ of operation `k − 1` is
/// left in `__bd{k-1}`, including what the residual skips that start at value `k − 1` carry
/// (`skips`: the operations whose block input it is).
fn backward_stage(model: &Model, k: usize, skips: &[usize]) -> TokenStream {
    let p = private();
    let op = ops::op(model, k);
    let accumulate = op.batch_accumulate();
    if k == 1 {
        return accumulate;
    }
    let prev = k - 1;
    let (zp, ap, dp) = (bz(prev), ba(prev), bd(prev));
    let through = op.batch_input_gradient();
    let skip_terms = skips.iter().map(|&j| {
        let dj = bd(j);
        quote!(#p::batch::add_block(&#dj, &mut #dp);)
    });
    // Through an identity activation ∂E/∂Z is ∂E/∂A: nothing to do.
    let prev_act = model.ops[prev - 1].act;
    let backprop = (!prev_act.is("Identity")).then(|| {
        let act = activation(prev_act);
        quote!(#p::batch::backprop_batch(&#act, &#zp, &#ap, &mut #dp);)
    });
    quote! {
        #accumulate
        #through
        #(#skip_terms)*
        #backprop
    }
}

/// `let __loss = …;` the summed loss, with δ of the last operation in its `__bd` block.
fn output_gradient(model: &Model, loss: LossKind) -> TokenStream {
    let p = private();
    let last = model.ops.len();
    let (zl, al, dl) = (bz(last), ba(last), bd(last));
    let lv = loss_value(loss);
    if loss.fused() {
        quote! {
            let __loss = #p::batch::fused_loss_gradient_batch(&#lv, &#zl, &#al, target, &mut #dl);
        }
    } else {
        let act = activation(model.ops[last - 1].act);
        quote! {
            let __loss = #p::batch::loss_gradient_batch(&#lv, &#act, &#zl, &#al, target, &mut #dl);
        }
    }
}

/// Networks with fewer parameters than this run `forward_batch` as the one-sample `forward`
/// once per column: on small layers the batched kernels' edge tiles, per-layer calls and
/// block copies cost more than the weight loads they share across columns. Measured on 64
/// columns, `f32`, default flags, one run interleaving the two ways (batched / per column):
/// 2 → 2 → 2 1.26, 16 → 32 → 32 → 4 1.45, 32 → 32 → 32 → 32 1.94, 32 → 64 → 64 → 8 1.39,
/// 64 → 128 → 128 → 10 (26,122 parameters) 1.00, 128 → 256 → 10 (35,594) 0.84,
/// 784 → 128 → 10 0.55 (`BENCHMARKS.md`, issue 17).
const PER_COLUMN_FORWARD_BELOW: usize = 32_768;

/// The batched methods and the `Batched` / `BatchTrainable` impls of one network type.
pub fn generate(model: &Model, name: &Ident) -> TokenStream {
    let p = private();
    let na = &p;
    let stages = 1..=model.ops.len();
    let last = model.ops.len();
    let n_in = model.input;
    let n_out = model.ops.last().map_or(model.input, |op| op.width);
    let per_sample: usize = stages.clone().map(|l| scratch_per_sample(model, l)).sum();
    let blocks: TokenStream = stages.clone().map(|l| scratch_blocks(model, l)).collect();
    let forward: TokenStream = stages.clone().map(|l| forward_stage(model, l)).collect();
    let a_last = ba(last);
    let grads_name = format_ident!("{}Gradients", name);
    let x_ty = quote!(#na::nalgebra::Matrix<T, #na::nalgebra::Const<#n_in>, __C, __SX>);
    let x_bound = quote!(__SX: #na::nalgebra::Storage<T, #na::nalgebra::Const<#n_in>, __C, RStride = #na::nalgebra::U1>);
    let prologue = quote! {
        let __b = x.ncols();
        #na::batch::check_scratch(scratch, Self::batch_scratch_len(__b))?;
        let mut __buf: &mut [T] = scratch;
        #blocks
    };

    let n_params: usize = crate::ops::blocks(model).map(|b| b.params()).sum();
    let per_column = n_params < PER_COLUMN_FORWARD_BELOW;
    let copies = per_column && crate::expand::forward_has_copies(model);
    let y_ty = quote!(#na::nalgebra::Matrix<T, #na::nalgebra::Const<#n_out>, __CY, __SY>);
    let columns_bounds = quote! {
        __C: #na::nalgebra::Dim,
        __CY: #na::nalgebra::Dim,
        #x_bound,
        __SY: #na::nalgebra::StorageMut<T, #na::nalgebra::Const<#n_out>, __CY>,
    };
    let forward_body = if copies {
        quote! {
            // NOTE: the scratch is checked though unused, so that every network accepts the
            // same arguments.
            #na::batch::check_scratch(scratch, Self::batch_scratch_len(x.ncols()))?;
            #[cfg(target_arch = "x86_64")]
            if #p::forward_avx512() {
                // SAFETY: the CPU has AVX-512 F (asked just above).
                unsafe { self.__forward_columns_avx512(x, y) };
                return ::core::result::Result::Ok(());
            }
            #[cfg(target_arch = "x86_64")]
            if #p::forward_avx2_fma() {
                // SAFETY: the CPU has AVX2 and FMA (asked just above).
                unsafe { self.__forward_columns_avx2_fma(x, y) };
                return ::core::result::Result::Ok(());
            }
            // SAFETY: instruction set 0 asks nothing.
            unsafe { self.__forward_columns::<0, __C, __SX, __CY, __SY>(x, y) };
        }
    } else if per_column {
        quote! {
            // NOTE: the scratch is checked though unused, so that every network accepts the
            // same arguments.
            #na::batch::check_scratch(scratch, Self::batch_scratch_len(x.ncols()))?;
            let mut __x = #na::nalgebra::SVector::<T, #n_in>::zeros();
            for __s in 0..x.ncols() {
                __x.copy_from(&x.column(__s));
                let __y = #name::forward(self, &__x);
                y.column_mut(__s).copy_from(&__y);
            }
        }
    } else {
        quote! {
            #prologue
            #forward
            #na::batch::copy_block(&#a_last, y);
        }
    };
    // The per-column loop of a network whose `forward` has instruction-set copies
    // (`expand.rs`, `forward_fn`): one check per batch instead of one per column, and the pass
    // inlined into a loop compiled for the instruction set, as a build for it compiles it.
    let columns = copies.then(|| {
        quote! {
            /// `forward_batch`'s loop for instruction set `__ISA` (as `__forward`'s): each
            /// column through `__forward::<__ISA>`, inlined into each copy of the loop.
            ///
            /// # Safety
            /// As `__forward::<__ISA>`'s: for `__ISA` ≥ 1 the caller is compiled with AVX2 and
            /// FMA. `__ISA` 0 asks nothing.
            #[inline(always)]
            unsafe fn __forward_columns<const __ISA: u8, __C, __SX, __CY, __SY>(&self, x: &#x_ty, y: &mut #y_ty)
            where
                #columns_bounds
            {
                let mut __x = #na::nalgebra::SVector::<T, #n_in>::zeros();
                for __s in 0..x.ncols() {
                    __x.copy_from(&x.column(__s));
                    // SAFETY: the caller's promise, passed on.
                    let __y = unsafe { self.__forward::<__ISA>(&__x) };
                    y.column_mut(__s).copy_from(&__y);
                }
            }

            /// `forward_batch`'s loop compiled for AVX2 and FMA, for builds whose baseline
            /// lacks them.
            ///
            /// # Safety
            /// The CPU has AVX2 and FMA.
            #[cfg(target_arch = "x86_64")]
            #[target_feature(enable = "avx2,fma")]
            unsafe fn __forward_columns_avx2_fma<__C, __SX, __CY, __SY>(&self, x: &#x_ty, y: &mut #y_ty)
            where
                #columns_bounds
            {
                // SAFETY: this function is compiled with AVX2 and FMA.
                unsafe { self.__forward_columns::<1, __C, __SX, __CY, __SY>(x, y) }
            }

            /// `forward_batch`'s loop compiled for AVX-512 F, for builds whose baseline lacks
            /// it.
            ///
            /// # Safety
            /// The CPU has AVX-512 F.
            #[cfg(target_arch = "x86_64")]
            #[target_feature(enable = "avx512f")]
            unsafe fn __forward_columns_avx512<__C, __SX, __CY, __SY>(&self, x: &#x_ty, y: &mut #y_ty)
            where
                #columns_bounds
            {
                // SAFETY: this function is compiled with AVX-512 F, which implies AVX2 and FMA.
                unsafe { self.__forward_columns::<2, __C, __SX, __CY, __SY>(x, y) }
            }
        }
    });
    let inference = quote! {
        #[allow(dead_code, clippy::needless_borrow)]
        impl<T: #p::Scalar> #name<T> {
            #columns

            /// Scratch values per sample of the batched methods (each stage's Z, A and δ).
            pub const BATCH_SCRATCH_PER_SAMPLE: usize = #per_sample;

            /// The scratch length (in values of `T`) a batch of `batch` samples needs; a
            /// `const fn`, so it can size an array. Saturating: a batch whose scratch cannot be
            /// counted in a `usize` gives `usize::MAX`, which no slice reaches, so the batched
            /// methods refuse it with `BatchError::Scratch`. Never panics.
            pub const fn batch_scratch_len(batch: usize) -> usize {
                #per_sample.saturating_mul(batch)
            }

            /// The outputs of a batch: column s of `y` receives the output for column s of `x`
            /// (any number of columns). Intermediate blocks live in `scratch`, at least
            /// [`batch_scratch_len`](Self::batch_scratch_len)`(b)` values; nothing is allocated.
            /// A network of fewer than 32,768 parameters runs [`forward`](Self::forward) once
            /// per column instead (faster at that size; the same outputs bit for bit).
            pub fn forward_batch<__C, __SX, __CY, __SY>(
                &self,
                x: &#x_ty,
                y: &mut #na::nalgebra::Matrix<T, #na::nalgebra::Const<#n_out>, __CY, __SY>,
                scratch: &mut [T],
            ) -> ::core::result::Result<(), #p::BatchError>
            where
                __C: #na::nalgebra::Dim,
                __CY: #na::nalgebra::Dim,
                #x_bound,
                __SY: #na::nalgebra::StorageMut<T, #na::nalgebra::Const<#n_out>, __CY>,
            {
                #na::batch::check_columns(x.ncols(), y.ncols())?;
                #forward_body
                ::core::result::Result::Ok(())
            }
        }

        impl<T: #p::Scalar> #p::Batched<T> for #name<T> {
            type InputDim = #na::nalgebra::Const<#n_in>;
            type OutputDim = #na::nalgebra::Const<#n_out>;
            const BATCH_SCRATCH_PER_SAMPLE: usize = #per_sample;

            #[inline]
            fn forward_batch<__C, __SX, __CY, __SY>(
                &self,
                x: &#na::nalgebra::Matrix<T, Self::InputDim, __C, __SX>,
                y: &mut #na::nalgebra::Matrix<T, Self::OutputDim, __CY, __SY>,
                scratch: &mut [T],
            ) -> ::core::result::Result<(), #p::BatchError>
            where
                __C: #na::nalgebra::Dim,
                __CY: #na::nalgebra::Dim,
                __SX: #na::nalgebra::Storage<T, Self::InputDim, __C, RStride = #na::nalgebra::U1>,
                __SY: #na::nalgebra::StorageMut<T, Self::OutputDim, __CY>,
            {
                #name::forward_batch(self, x, y, scratch)
            }
        }
    };

    let Some(loss) = model.loss else {
        return inference;
    };
    let output_gradient = output_gradient(model, loss);
    let skips = model.skips();
    let backward: TokenStream = stages
        .rev()
        .map(|k| backward_stage(model, k, &skips[k - 1]))
        .collect();
    quote! {
        #inference

        #[allow(dead_code, clippy::needless_borrow)]
        impl<T: #p::Scalar> #name<T> {
            /// Adds the gradient of every column's loss, summed over the batch, to `grads` and
            /// returns the summed loss: what `backward_into` once per column does (the sums
            /// inside the products are ordered differently, so the last bits may differ).
            /// `scratch` as for [`forward_batch`](Self::forward_batch).
            pub fn backward_batch_into<__C, __SX, __CT, __ST>(
                &self,
                x: &#x_ty,
                target: &#na::nalgebra::Matrix<T, #na::nalgebra::Const<#n_out>, __CT, __ST>,
                grads: &mut #grads_name<T>,
                scratch: &mut [T],
            ) -> ::core::result::Result<T, #p::BatchError>
            where
                __C: #na::nalgebra::Dim,
                __CT: #na::nalgebra::Dim,
                #x_bound,
                __ST: #na::nalgebra::Storage<T, #na::nalgebra::Const<#n_out>, __CT>,
            {
                #name::__batch_gradient(self, x, target, grads, scratch, true)
            }

            /// Writes the gradient of the batch's summed loss into `grads` (overwriting it) and
            /// returns the summed loss; `backward_batch_into` on a zeroed buffer, without the
            /// zeroing pass.
            pub fn gradient_batch<__C, __SX, __CT, __ST>(
                &self,
                x: &#x_ty,
                target: &#na::nalgebra::Matrix<T, #na::nalgebra::Const<#n_out>, __CT, __ST>,
                grads: &mut #grads_name<T>,
                scratch: &mut [T],
            ) -> ::core::result::Result<T, #p::BatchError>
            where
                __C: #na::nalgebra::Dim,
                __CT: #na::nalgebra::Dim,
                #x_bound,
                __ST: #na::nalgebra::Storage<T, #na::nalgebra::Const<#n_out>, __CT>,
            {
                #name::__batch_gradient(self, x, target, grads, scratch, false)
            }

            /// Forward, loss and backward over the batch; the gradient is added to `grads`
            /// (`__add`) or written over it.
            #[doc(hidden)]
            fn __batch_gradient<__C, __SX, __CT, __ST>(
                &self,
                x: &#x_ty,
                target: &#na::nalgebra::Matrix<T, #na::nalgebra::Const<#n_out>, __CT, __ST>,
                grads: &mut #grads_name<T>,
                scratch: &mut [T],
                __add: bool,
            ) -> ::core::result::Result<T, #p::BatchError>
            where
                __C: #na::nalgebra::Dim,
                __CT: #na::nalgebra::Dim,
                #x_bound,
                __ST: #na::nalgebra::Storage<T, #na::nalgebra::Const<#n_out>, __CT>,
            {
                #na::batch::check_columns(x.ncols(), target.ncols())?;
                #prologue
                #forward
                #output_gradient
                #backward
                ::core::result::Result::Ok(__loss)
            }

            /// One minibatch SGD step on the mean gradient of the batch's columns,
            /// θ ← θ − (lr/b)·Σ ∇L; returns the mean loss before the step. All or nothing, as
            /// `train_step`; `grads` is a buffer (on return it holds the summed gradient),
            /// `scratch` as for [`forward_batch`](Self::forward_batch).
            pub fn train_step_batch<__C, __SX, __CT, __ST>(
                &mut self,
                x: &#x_ty,
                target: &#na::nalgebra::Matrix<T, #na::nalgebra::Const<#n_out>, __CT, __ST>,
                lr: T,
                grads: &mut #grads_name<T>,
                scratch: &mut [T],
            ) -> ::core::result::Result<T, #p::BatchError>
            where
                __C: #na::nalgebra::Dim,
                __CT: #na::nalgebra::Dim,
                #x_bound,
                __ST: #na::nalgebra::Storage<T, #na::nalgebra::Const<#n_out>, __CT>,
            {
                <Self as #p::BatchTrainable<T>>::train_step_batch(self, x, target, lr, grads, scratch)
            }
        }

        impl<T: #p::Scalar> #p::BatchTrainable<T> for #name<T> {
            #[inline]
            fn gradient_batch<__C, __SX, __CT, __ST>(
                &self,
                x: &#na::nalgebra::Matrix<T, Self::InputDim, __C, __SX>,
                target: &#na::nalgebra::Matrix<T, Self::OutputDim, __CT, __ST>,
                grads: &mut Self::Gradients,
                scratch: &mut [T],
            ) -> ::core::result::Result<T, #p::BatchError>
            where
                __C: #na::nalgebra::Dim,
                __CT: #na::nalgebra::Dim,
                __SX: #na::nalgebra::Storage<T, Self::InputDim, __C, RStride = #na::nalgebra::U1>,
                __ST: #na::nalgebra::Storage<T, Self::OutputDim, __CT>,
            {
                #name::gradient_batch(self, x, target, grads, scratch)
            }
            #[inline]
            fn backward_batch_into<__C, __SX, __CT, __ST>(
                &self,
                x: &#na::nalgebra::Matrix<T, Self::InputDim, __C, __SX>,
                target: &#na::nalgebra::Matrix<T, Self::OutputDim, __CT, __ST>,
                grads: &mut Self::Gradients,
                scratch: &mut [T],
            ) -> ::core::result::Result<T, #p::BatchError>
            where
                __C: #na::nalgebra::Dim,
                __CT: #na::nalgebra::Dim,
                __SX: #na::nalgebra::Storage<T, Self::InputDim, __C, RStride = #na::nalgebra::U1>,
                __ST: #na::nalgebra::Storage<T, Self::OutputDim, __CT>,
            {
                #name::backward_batch_into(self, x, target, grads, scratch)
            }
        }
    }
}
