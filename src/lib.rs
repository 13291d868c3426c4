//! # typenet: a neural network is a type
//!
//! ```
//! use typenet::prelude::*;
//!
//! network! {
//!     /// The seed lecture's XOR network.
//!     pub struct Xor: 2 => Dense(2, Sigmoid) => Dense(1, Sigmoid); loss = MSE
//! }
//!
//! let mut net = Xor::<f64>::zeros();
//! assert_eq!(net.forward(&Vector2::new(1.0, 0.0)), Vector1::new(0.5));
//! let loss = net.train_step(&Vector2::new(1.0, 0.0), &Vector1::new(1.0), 0.5).unwrap();
//! assert_eq!(loss, 0.125);
//! ```
//!
//! [`network!`] expands a definition into a plain struct of statically sized nalgebra matrices
//! with straight-line forward and backward code: no runtime graph, no tape, no `Vec` of layers, no
//! trait objects, no heap. A vector of the wrong size does not compile.
//!
//! # The language
//!
//! ```text
//! network! {
//!     /// doc comments and #[attributes] pass through
//!     pub struct Name: INPUTS => Layer => Layer …; loss = LOSS; unroll = N
//!     pub struct Other: …          // several networks in one invocation
//! }
//! let net = network!(INPUTS => Layer => …; loss = LOSS);   // expression form
//! ```
//!
//! **Layers.** `Dense(n)` (identity activation), `Dense(n, Act)`, `Dense(n, Act, bias = false)`.
//! A layer may be named, `hidden: Dense(8, ReLU)`, and its name becomes the field name;
//! unnamed dense layers are `layer1`, `layer2`, … in order, counting the layers inside residual
//! blocks too (the seed's h⁽¹⁾, h⁽²⁾; its worked example calls their weights w⁰ and w¹).
//!
//! **Activation stages.** An activation may also stand alone, the way papers draw networks:
//! `2 => Dense(4) => ReLU => Dense(1)`. Right after a stage without an activation of its own it
//! is fused into it, so `Dense(4) => ReLU` is exactly `Dense(4, ReLU)` (same type, same code);
//! anywhere else (on the input, after an activated layer, first in a block, or when named) it is
//! a stage of its own, `activation1`, `activation2`, … in the trace.
//!
//! **Residual blocks.** `Residual(Dense(4, ReLU) => Dense(4))` computes `x + block(x)` (ResNet's
//! skip connection, the seed's "fully connected layers are not necessary"), and
//! `Residual(… , ReLU)` or `Residual(…) => ReLU` applies an activation to the sum. The block
//! must map n values to n values: a block that changes the size is a compile error that names
//! both sizes. Blocks nest, may start with an activation stage (pre-activation blocks), and are
//! `residual1`, `residual2`, … in the trace (`skip: Residual(…)` names one). Forward, backward,
//! `train_step`, the input Jacobian and the exact Hessian all pass gradients along the skip.
//!
//! **Sequence layers.** `GRU(n)` and `LSTM(n)` (PyTorch's `nn.GRU`/`nn.LSTM` equations, gate
//! order and tensors; their output is h, so an activation goes in a stage after them:
//! `LSTM(16) => Tanh`) and `Conv1D(channels, Act, kernel = k, dilation = d, bias = …)` (causal:
//! PyTorch's `nn.Conv1d` on the sequence padded with (k − 1)·d zeros on the left; `kernel` is
//! required, `dilation` defaults to 1). A network with one of them is a *sequence network*: it
//! keeps a state between samples, and instead of the per-sample methods it has a state type
//! `NameState`, `step`, `forward_sequence` and `sequence_backward` (backpropagation through
//! time) — see [`sequence`] and [`train::Trainer::run_sequences`]. Dense layers, activation
//! stages and residual blocks work in it per time step.
//!
//! **Activations** (formulas and derivatives in [`activation`]): `Identity`, `Sigmoid`, `Tanh`,
//! `Step` / `Step(n)` (threshold, default 0; derivative 0), `Softplus`, `ReLU`, `Softsign`,
//! `ELU` / `ELU(α)` (default 1), `LogSigmoid`, `Swish`, `Sinc` (1 at 0), `LeakyReLU` /
//! `LeakyReLU(slope)` (default 0.1, the seed's max(0.1x, x)), `Mish`, `Softmax`.
//!
//! **Losses** (formulas in [`loss`]), per sample: `MSE` (the seed's E = ½ Σ (t − y)²), `MAE`,
//! `Huber` / `Huber(δ)`, `CrossEntropy` (needs a `Softmax` output; computed from its logits),
//! `BCE` (needs a `Sigmoid` output; computed from its logits). Without a `loss` clause the
//! network is inference-only: it has `forward` but no `backward`, and calling a training method
//! on it is a compile error that says to add the clause.
//!
//! **`unroll = N`** (optional): layers with at most N weights are emitted as scalar
//! multiply-adds, larger ones as fixed-size nalgebra products. The default, 64, was chosen by
//! measurement (`BENCHMARKS.md`, `cargo bench --bench network`).
//!
//! # What a network type offers
//!
//! For `pub struct Xor: 2 => Dense(2, Sigmoid) => Dense(1, Sigmoid); loss = MSE` the macro emits
//! `Xor<T = f32>` (use `Xor<f64>` for double precision), `XorGradients<T>` and `XorTrace<T>`:
//!
//! - `Xor::<T>::INPUTS`, `OUTPUTS`, `PARAMS` (2, 1, 9); `NAME` (`"Xor"`) and `TENSORS`
//!   ([`Parameters::TENSORS`]): every parameter tensor's PyTorch name, shape and offset into the
//!   flat parameters (`layer1.weight`, `[2, 2]`, 0; `layer1.bias`, `[2]`, 4; …).
//! - `LAYERS` ([`Parameters::LAYERS`]): every stage's kind, name, sizes, activation and parameter
//!   count, and `net.summary()` ([`Parameters::summary`], or `Xor::<f32>::SUMMARY` for the type), which prints them like Keras's
//!   `model.summary()` with the total and its size in bytes as `f32` and `f64`.
//! - `forward(&SVector<T, 2>) -> SVector<T, 1>`; `forward_trace` with every stage's `z` and `a`
//!   (`trace.layer1.z`; a residual block's `z` is its sum); `input_jacobian`, ∂y/∂x (the seed's "neuron importance").
//! - `backward(x, target) -> (loss, XorGradients<T>)`, `backward_into` (adds into a gradient
//!   buffer, for minibatches), `loss`; [`Trainable::backward_boxed`] returns the gradients in a
//!   box, for networks too large for the stack.
//! - Fields `layer1`, `layer2` of type [`Dense`]`<T, IN, OUT>` with `weight` (the seed's W,
//!   in × out: `weight[(i, j)]` is w_ij from input i to neuron j) and `bias`; gradients have the
//!   same fields.
//! - [`Parameters::params`] / [`Parameters::params_mut`]: all parameters as one `&[T]` / `&mut [T]`
//!   without copying, in PyTorch `state_dict` order (each layer's weight as (out × in) row-major,
//!   then its bias). Gradients read the same way through [`Flat::as_slice`].
//! - Construction: [`Flat::zeros`], [`Parameters::random`] / [`Parameters::init`] (Glorot uniform, He
//!   for ReLU-like layers, zero biases; any `rand_core::Rng`), [`Parameters::from_params`],
//!   `from_array([T; PARAMS])`, and on the heap [`Flat::boxed_zeros`] and
//!   [`Flat::boxed_from_slice`] for networks too large for the stack; [`CacheAligned`] (and
//!   `CacheAligned::boxed_zeros`) puts a network on a 64-byte boundary, which the one-sample
//!   product of a layer with hundreds of inputs reads faster (784 → 128: 6 %).
//! - [`Trainable::sgd_step`] and [`Trainable::train_step`]: plain gradient descent that refuses a
//!   non-finite gradient and leaves the parameters untouched. The optimizers are in [`optim`],
//!   and the network sizes their state: `Adam::for_network(&net, config)` (arrays of
//!   `[T; PARAMS]`, no heap), `Adam::boxed_for(&net, config)` (the same on the heap), type
//!   `Adam<T, optim::StateOf<Xor<T>>>` ([`optim::ParamArray`], which the macro implements).
//! - Batches, one sample per column ([`batch`]): `forward_batch(&x, &mut y, &mut scratch)`,
//!   `backward_batch_into` (adds the batch's summed gradient), `gradient_batch` (writes it),
//!   `train_step_batch` (SGD on the mean), with `x` any `IN × b` matrix or view with contiguous
//!   columns and `scratch` a slice of `batch_scratch_len(b)` values made once; the traits
//!   [`Batched`] and [`BatchTrainable`]; [`train::Trainer::run_batched`] for the training loop.
//! - Int8 inference ([`quant`]): `Xor::<T>::quantize(&net, calibration)` builds `XorQuantized`,
//!   the network in int8 with TensorFlow Lite's post-training scheme (per-channel `i8` weights,
//!   `i32` biases, per-tensor asymmetric activations, fixed-point requantisation, tables for
//!   sigmoid, tanh and softmax), whose `forward(&[i8; IN]) -> [i8; OUT]` is integers only, with
//!   `quantize_input`, `dequantize_output`, `forward_layers` (each layer's output) and
//!   `write_rust` (a `static` in flash). Only networks of dense layers with Identity, ReLU,
//!   Sigmoid, Tanh or Softmax have one; calling `quantize` on another is a compile error.
//! - [`second_order::SecondOrder`]: exact Hessian-vector products (generated R-operator code) and
//!   the parameter Jacobian of the outputs; [`second_order`] builds dense Hessians from them and
//!   has Newton's method, Levenberg–Marquardt, L-BFGS (PyTorch's) and gradient descent with
//!   backtracking line search (`alloc`).
//!
//! The **expression form** `network!(2 => Dense(4, Tanh) => Dense(1); loss = MSE)` is a value
//! of an unnamed `f32` network type, initialised by [`Parameters::random`] from a PCG-32 generator
//! with a fixed seed: the same definition always starts from the same weights.
//!
//! # Errors at compile time
//!
//! Every mistake is a compile error on the token at fault, and all mistakes of a definition are
//! reported by one build. The pages under `tests/ui/` show each one; for example:
//!
//! ```text
//! error: unknown activation `Sigmod`; did you mean `Sigmoid`?
//!  --> src/main.rs:4:42
//!   |
//! 4 | network! { pub struct Net: 2 => Dense(2, Sigmod) => Dense(1); loss = MSE }
//!   |                                          ^^^^^^
//! ```
//!
//! # Features
//! - `std` (default): use the standard library; implies `alloc`. Without it typenet is
//!   `#![no_std]` and its math goes through `libm`.
//! - `alloc`: heap helpers (`boxed_zeros`, `boxed_from_slice`, run-time sized optimizer state).
//! - `csv` (off by default; implies `std`): [`data::csv`](crate::data), a CSV loader into
//!   typed samples, with errors naming the line, the column, the text and what was expected.
//! - `exact-math` (off by default): activations (exp, tanh, sigmoid, softplus, …) through
//!   `std`'s or `libm`'s functions instead of typenet's fast, vectorisable ones
//!   ([`math`], within 3 ulp, measured exhaustively for `f32`).
//! - `safetensors` (off by default; needs only `alloc`): `typenet::safetensors` loads and saves
//!   a network's tensors as a safetensors file with PyTorch's names and shapes (a `state_dict`
//!   saved by `safetensors.torch.save_file`), refusing a file that does not fit with an error
//!   naming the tensor.
//! - `rayon` (off by default; implies `std`): `typenet::par`, the batched forward pass and
//!   training step of large batches split across rayon's threads (`par_forward_batch`,
//!   `par_train_step_batch`), in fixed chunks summed in a fixed order, so the results are the
//!   same bits on any number of threads.
//!
//! With neither, typenet and every generated network build for bare-metal targets, including
//! `thumbv6m-none-eabi` (Cortex-M0+: no FPU, no atomic compare-and-swap): no allocator, no
//! atomics. [`export`] writes a trained network as Rust source, a `static` built by the
//! `const fn from_array` so its weights live in flash, or as a weight file, and reads weight
//! files back (`load_weights`/`save_weights` on paths need `std`; `read_weights_boxed` and
//! `load_weights_boxed` parse a large network straight onto the heap). A weight file records
//! each tensor's name and shape and ends with a checksum, so a file for another architecture,
//! or one cut short, is refused. `examples/embedded/` is a
//! Cortex-M firmware built this way.
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate self as typenet;

/// Declares network types (item form) or builds a network value (expression form).
///
/// See the [crate documentation](crate#the-language) for the language.
pub use typenet_macros::network;
pub use typenet_runtime as runtime;
pub use typenet_runtime::*;

/// Everything a user of `network!` needs: the macro, the traits (network, optimizer,
/// scheduler), the scalar and vector types.
pub mod prelude {
    pub use crate::network;
    pub use typenet_runtime::nalgebra::{
        SMatrix, SVector, Vector1, Vector2, Vector3, Vector4, Vector5, Vector6,
    };
    pub use typenet_runtime::optim::Optimizer;
    #[cfg(feature = "rayon")]
    pub use typenet_runtime::par::{ParBatchTrainable, ParBatched};
    pub use typenet_runtime::sched::Scheduler;
    pub use typenet_runtime::{
        BatchTrainable, Batched, Flat, Network, Parameters, Recurrent, RecurrentTrainable, Scalar,
        Trainable,
    };
}

/// Paths for generated code. Not public API.
#[doc(hidden)]
pub mod __private {
    pub use typenet_runtime::*;
}

/// A network declared inside the facade itself, so that every build of the crate, including the
/// `no_std` one (`--no-default-features`), type-checks generated code of every kind.
#[allow(dead_code)]
mod generated_code_check {
    crate::network! {
        pub(crate) struct Check: 2 => Dense(3, Mish) => Dense(4, Sinc, bias = false) => Dense(2, Softmax); loss = CrossEntropy
        pub(crate) struct Looped: 2 => Dense(3, ELU) => Dense(1, Sigmoid); loss = BCE; unroll = 0
        pub(crate) struct Inference: 2 => Dense(2, Step(0.5))
        pub(crate) struct Skips: 2 => Tanh => Dense(3) => Residual(ReLU => Dense(3) => Residual(Dense(3, Swish) => Dense(3)), Sigmoid) => Dense(2); loss = MSE
        pub(crate) struct Sequence: 2 => GRU(3) => LSTM(4) => Tanh => Conv1D(4, kernel = 3, dilation = 2) => Residual(Conv1D(4, ReLU, kernel = 2, bias = false) => Dense(4)) => Dense(2, Softmax); loss = CrossEntropy
        pub(crate) struct Streaming: 1 => Conv1D(2, Tanh, kernel = 2) => LSTM(2) => Dense(1)
    }
}

/// The README's code blocks, compiled and run as doc tests so the quickstart stays true.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
