//! Int8 inference: post-training quantization of a trained float network into integer-only
//! layers for microcontrollers without an FPU, with TensorFlow Lite's (and CMSIS-NN's) scheme.
//!
//! # The scheme
//! A real value r is stored as an 8-bit integer q with a scale S > 0 and a zero point Z:
//! r = S·(q − Z) ([`QParams`]).
//!
//! - **Activations** (the input and every layer's output): asymmetric, one (S, Z) per tensor,
//!   from the range [min, max] seen on calibration samples, widened to hold 0
//!   ([`QParams::from_range`]): S = (max − min)/255, Z = round(−128 − min/S) clamped to
//!   [−128, 127], so 0 is exact.
//! - **Weights**: symmetric, one scale per output channel (neuron) j: S_w,j = max_i |w_ij| / 127,
//!   q = round(w/S_w,j) ∈ [−127, 127], zero point 0.
//! - **Biases**: `i32`, scale S_in·S_w,j, zero point 0.
//! - **A dense layer** ([`QDense`]) computes, for neuron j,
//!   acc_j = b_j + Σ_i (x_i − Z_in)·w_ij in `i32`, then
//!   y_j = clamp(Z_out + requantize(acc_j, M_j), act_min, act_max) with
//!   M_j = S_in·S_w,j / S_out as a fixed-point multiplier and shift ([`fixed`]), integers only.
//! - **ReLU and Identity** are that clamp: Identity's is [−128, 127], ReLU's starts at Z_out
//!   (the output's real 0), with S_out from the range of the ReLU's output.
//! - **Sigmoid and Tanh** are 256-entry tables from int8 to int8 ([`QLut`]) with TensorFlow
//!   Lite's fixed output scales: σ in steps of 1/256 with Z = −128, tanh in steps of 1/128 with
//!   Z = 0.
//! - **Softmax** is a 256-entry table of e^(−S_in·d) in Q15 indexed by d = max − q_i, a sum and
//!   a rounded integer quotient per output ([`QSoftmax`]); output scale 1/256, Z = −128, as
//!   TensorFlow Lite's int8 softmax.
//!
//! The network macro generates a quantized twin of every network made of dense layers with
//! these activations: for `Digits`, `Digits::<f32>::quantize(&net, &calibration)` returns a
//! `DigitsQuantized` whose `forward(&[i8; IN]) -> [i8; OUT]` is integer-only, with
//! `quantize_input` / `dequantize_output` for the float boundary and `write_rust` to bake it
//! into flash as a `static` (every constructor here is a `const fn`).
//!
//! # Guarantees
//! The inference path (`forward`, [`QDense::forward`], [`QLut::apply`], [`QSoftmax::apply`])
//! uses no floating point, allocates nothing and cannot panic. Quantization checks its input:
//! no calibration sample, a sample with NaN or ±∞, a non-finite weight or activation, a bias
//! too large for `i32` are [`QuantError`]s naming the sample or layer.
//!
//! A degenerate range (every calibration value 0, e.g. a layer of dead ReLUs) gets S = 1,
//! Z = −128: 0 is exact and the layer's output dequantizes to exactly 0. A neuron whose weights
//! are all 0 gets S_w = 1 (its weights quantize to 0 whatever the scale).

mod dense;
pub mod fixed;
mod lut;

use core::fmt::{self, Write};

use nalgebra::ComplexField;

pub use dense::QDense;
pub use lut::{QLut, QSoftmax};

/// How a real number is stored in an `i8`: r = `scale`·(q − `zero_point`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct QParams {
    /// S > 0: the real value of one step.
    pub scale: f32,
    /// Z ∈ [−128, 127]: the integer that stands for the real 0.
    pub zero_point: i32,
}

impl QParams {
    /// The output of a quantized sigmoid: steps of 1/256, Z = −128 (TensorFlow Lite's).
    pub const SIGMOID: QParams = QParams::new(1.0 / 256.0, -128);
    /// The output of a quantized tanh: steps of 1/128, Z = 0 (TensorFlow Lite's).
    pub const TANH: QParams = QParams::new(1.0 / 128.0, 0);
    /// The output of a quantized softmax: steps of 1/256, Z = −128 (TensorFlow Lite's).
    pub const SOFTMAX: QParams = QParams::new(1.0 / 256.0, -128);

    /// (S, Z) as given.
    pub const fn new(scale: f32, zero_point: i32) -> Self {
        QParams { scale, zero_point }
    }

    /// Asymmetric int8 parameters for values in `range`, TensorFlow Lite's way: the range is
    /// widened to hold 0, S = (max − min)/255 (rounded to `f32`), Z = round(−128 − min/S)
    /// (half away from zero) clamped to [−128, 127]. A range of width 0 (only zeros, or no
    /// values) gives S = 1, Z = −128.
    pub fn from_range(range: Range) -> Self {
        let (min, max) = (range.min.min(0.0), range.max.max(0.0));
        let width = max - min;
        if width <= 0.0 || !width.is_finite() {
            return QParams::new(1.0, -128);
        }
        let scale = (width / 255.0) as f32;
        let zp = ComplexField::round(-128.0 - min / scale as f64);
        QParams::new(scale, zp.clamp(-128.0, 127.0) as i32)
    }

    /// round(x / S) + Z (half away from zero, in `f32`), clamped to [−128, 127]; NaN gives Z.
    /// A host-side helper: on a target without an FPU it is software floating point.
    pub fn quantize(&self, x: f32) -> i8 {
        let v = ComplexField::round(x / self.scale);
        if v.is_nan() {
            return self.zero_point as i8;
        }
        (v.clamp(-256.0, 256.0) as i32 + self.zero_point).clamp(-128, 127) as i8
    }

    /// S·(q − Z) in `f32`.
    pub fn dequantize(&self, q: i8) -> f32 {
        self.scale * (q as i32 - self.zero_point) as f32
    }

    /// `::typenet::quant::QParams::new(S, Z)`, exact (`{:?}` round-trips an `f32`).
    pub fn write_rust<W: Write>(&self, out: &mut W) -> fmt::Result {
        write!(
            out,
            "::typenet::quant::QParams::new({:?}, {})",
            self.scale, self.zero_point
        )
    }
}

/// The smallest and largest value seen (calibration); `EMPTY` before the first.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Range {
    /// The smallest value seen.
    pub min: f64,
    /// The largest value seen.
    pub max: f64,
}

impl Range {
    /// No value seen yet.
    pub const EMPTY: Range = Range {
        min: f64::INFINITY,
        max: f64::NEG_INFINITY,
    };

    /// Widens the range to every value of `values`; `false` (and nothing changed) if one of
    /// them is NaN or infinite.
    pub fn observe<T: crate::Scalar>(&mut self, values: &[T]) -> bool {
        if !values.iter().all(|v| v.is_finite()) {
            return false;
        }
        for v in values {
            let v = v.to_f64();
            self.min = self.min.min(v);
            self.max = self.max.max(v);
        }
        true
    }
}

/// Why a network could not be quantized.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuantError {
    /// The calibration set holds no sample.
    EmptyCalibration,
    /// Calibration sample `index` (0-based, in the order given) has a NaN or infinite entry.
    NonFiniteSample {
        /// The sample's position.
        index: usize,
    },
    /// On calibration sample `index`, layer `layer` (1-based) computed a NaN or infinite value
    /// (its weights, or the ones before, are not finite or too large).
    NonFiniteActivation {
        /// The sample's position.
        index: usize,
        /// The layer, 1-based.
        layer: usize,
    },
    /// A weight or bias of layer `layer` (1-based) is NaN or infinite.
    NonFiniteWeight {
        /// The layer, 1-based.
        layer: usize,
    },
    /// A bias of layer `layer`, in units of S_in·S_w, does not fit an `i32` (or its sum with
    /// the zero-point correction would not), or its requantisation multiplier is ≥ 2³¹.
    Overflow {
        /// The layer, 1-based.
        layer: usize,
        /// The neuron, 0-based.
        neuron: usize,
    },
}

impl fmt::Display for QuantError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QuantError::EmptyCalibration => write!(f, "the calibration set is empty"),
            QuantError::NonFiniteSample { index } => {
                write!(f, "calibration sample {index} has a NaN or infinite entry")
            }
            QuantError::NonFiniteActivation { index, layer } => write!(
                f,
                "layer {layer} computes a NaN or infinite value on calibration sample {index}"
            ),
            QuantError::NonFiniteWeight { layer } => {
                write!(f, "layer {layer} has a NaN or infinite parameter")
            }
            QuantError::Overflow { layer, neuron } => write!(
                f,
                "layer {layer}, neuron {neuron}: the quantized bias or multiplier does not fit 32 bits"
            ),
        }
    }
}

impl core::error::Error for QuantError {}

/// Implemented by every network type that has an int8 twin (dense layers with Identity, ReLU,
/// Sigmoid, Tanh or Softmax). The `quantize` of any other network requires it, so calling that
/// one is a compile error with this trait's message.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no int8 twin",
    label = "`quantize` needs a network of dense layers only",
    note = "int8 quantization supports Dense layers with Identity, ReLU, Sigmoid, Tanh or Softmax; residual blocks, standalone activation stages and other activations have no int8 form (the method's documentation names the stage)"
)]
pub trait Quantizable {}

/// Maps an activation computed in float onto the int8 grid and back: the largest and the mean
/// absolute difference between `float` and S·(q − Z) over `quant`, for reporting a quantized
/// layer's error. Returns (max, mean); (0, 0) for empty slices.
pub fn dequantization_error<T: crate::Scalar>(
    float: &[T],
    quant: &[i8],
    params: QParams,
) -> (f64, f64) {
    let mut max = 0.0f64;
    let mut sum = 0.0f64;
    for (f, &q) in float.iter().zip(quant) {
        let d = (f.to_f64() - params.dequantize(q) as f64).abs();
        max = max.max(d);
        sum += d;
    }
    let n = float.len().min(quant.len());
    (max, if n == 0 { 0.0 } else { sum / n as f64 })
}

/// Writes `values` as a Rust array literal `[a, b, …]`, 16 a line.
pub(crate) fn write_array<W: Write, V: fmt::Display>(out: &mut W, values: &[V]) -> fmt::Result {
    out.write_char('[')?;
    for (k, v) in values.iter().enumerate() {
        if k % 16 == 0 && values.len() > 16 {
            out.write_str("\n        ")?;
        }
        write!(out, "{v}, ")?;
    }
    out.write_char(']')
}

/// Writes one line `name v1 v2 …` of the plain text form of quantized parameters (read by
/// `tools/reference/int8_reference.py`).
pub fn write_text_line<W: Write, V: fmt::Display>(
    out: &mut W,
    name: &str,
    values: &[V],
) -> fmt::Result {
    out.write_str(name)?;
    for v in values {
        write!(out, " {v}")?;
    }
    out.write_char('\n')
}

/// The first line and the checks of a quantized network's `write_rust`: refuses an item name
/// that is not an identifier or is a keyword, then writes `/// doc` and
/// `pub static NAME: TYPE = `.
pub fn write_item_head<W: Write>(
    out: &mut W,
    name: &str,
    type_name: &str,
) -> Result<(), crate::export::ExportError> {
    crate::export::check_item_names(name, type_name)?;
    writeln!(
        out,
        "/// {type_name}: an int8 network, written by its `write_rust` (typenet::quant)."
    )?;
    write!(out, "pub static {name}: {type_name} = ")?;
    Ok(())
}

#[cfg(test)]
mod tests;
