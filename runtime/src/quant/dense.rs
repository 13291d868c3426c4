//! [`QDense`]: a dense layer in int8, TensorFlow Lite's fully connected layer with per-channel
//! weights.

use core::fmt::{self, Write};

use nalgebra::{ComplexField, SMatrix, SVector};

use super::fixed::{multiply_by_quantized_multiplier, quantize_multiplier};
use super::{QParams, QuantError, write_array, write_text_line};
use crate::Scalar;

/// A dense layer of `I` inputs and `O` neurons in int8: for neuron j,
///
/// acc_j = b_j + Σ_i (x_i − Z_in)·w_ji (in `i32`),
/// y_j = clamp(Z_out + MultiplyByQuantizedMultiplier(acc_j, m_j, s_j), act_min, act_max),
///
/// where w_ji are the `i8` weights of neuron j (PyTorch's row-major `[out][in]` layout, scale
/// S_w,j, zero point 0), b_j the `i32` bias (scale S_in·S_w,j, zero point 0) and (m_j, s_j) the
/// fixed-point form of S_in·S_w,j/S_out (see [`fixed`](super::fixed)).
///
/// Built by [`QDense::quantize`] from a float layer, or by the `const fn` [`QDense::new`] from
/// its integers, so a quantized network can be a `static` in flash. The zero-point term is
/// folded into the bias once, at construction (Σ_i (x_i − Z)·w = Σ_i x_i·w − Z·Σ_i w): the
/// same integers, one multiply-add per weight. Integer arithmetic wraps on overflow (as
/// TensorFlow Lite's would be undefined); layers from [`QDense::quantize`] cannot overflow for
/// `I` up to 2¹⁷ inputs.
#[derive(Clone, Debug, PartialEq)]
pub struct QDense<const I: usize, const O: usize> {
    weight: [[i8; I]; O],
    bias: [i32; O],
    multiplier: [i32; O],
    shift: [i32; O],
    input: QParams,
    output: QParams,
    act_min: i8,
    act_max: i8,
    /// b_j − Z_in·Σ_i w_ji.
    kernel_bias: [i32; O],
}

impl<const I: usize, const O: usize> QDense<I, O> {
    /// The layer from its integers: weights `[out][in]`, biases, per-neuron multipliers and
    /// shifts, the input's and output's parameters and the output clamp.
    #[allow(clippy::too_many_arguments)]
    pub const fn new(
        weight: [[i8; I]; O],
        bias: [i32; O],
        multiplier: [i32; O],
        shift: [i32; O],
        input: QParams,
        output: QParams,
        act_min: i8,
        act_max: i8,
    ) -> Self {
        let mut kernel_bias = [0i32; O];
        let mut o = 0;
        while o < O {
            let mut sum = 0i32;
            let mut i = 0;
            while i < I {
                sum = sum.wrapping_add(weight[o][i] as i32);
                i += 1;
            }
            kernel_bias[o] = bias[o].wrapping_sub(input.zero_point.wrapping_mul(sum));
            o += 1;
        }
        QDense {
            weight,
            bias,
            multiplier,
            shift,
            input,
            output,
            act_min,
            act_max,
            kernel_bias,
        }
    }

    /// The layer's output for `x`: integers only, no allocation, no panic.
    ///
    /// With `std` on x86-64, layers of at least 256 weights run an AVX2 instantiation that takes
    /// four neurons at a time, chosen at run time (the same integers: the compiler vectorises
    /// the dot products with 16-bit multiply-adds, `vpmaddwd`, exact for `i8` products; a test
    /// compares both paths).
    #[inline]
    pub fn forward(&self, x: &[i8; I]) -> [i8; O] {
        crate::kernels::if_cpu_has!(avx2 && I * O >= 256, {
            // SAFETY: the CPU has AVX2 (asked above).
            return unsafe { forward_avx2(self, x) };
        });
        forward_body(self, x)
    }

    /// Quantizes a float layer (`weight` in × out as in [`Dense`](crate::Dense), `bias` or
    /// none) whose input is stored with `input` and output with `output`; with `relu` the
    /// output clamp starts at the output's zero point (ReLU), else at −128 (Identity).
    /// `layer` (1-based) is for the errors: non-finite parameters, or a bias or multiplier
    /// that does not fit 32 bits.
    pub fn quantize<T: Scalar>(
        weight: &SMatrix<T, I, O>,
        bias: Option<&SVector<T, O>>,
        input: QParams,
        output: QParams,
        relu: bool,
        layer: usize,
    ) -> Result<Self, QuantError> {
        if !weight.iter().all(|w| w.is_finite())
            || !bias.is_none_or(|b| b.iter().all(|v| v.is_finite()))
        {
            return Err(QuantError::NonFiniteWeight { layer });
        }
        let mut q = [[0i8; I]; O];
        let mut b = [0i32; O];
        let mut multiplier = [0i32; O];
        let mut shift = [0i32; O];
        for j in 0..O {
            let column = weight.column(j);
            let max = column.iter().fold(0.0f64, |m, w| m.max(w.to_f64().abs()));
            // NOTE: a neuron without weights keeps scale 1; its weights are 0 at any scale.
            let scale = if max > 0.0 { (max / 127.0) as f32 } else { 1.0 };
            for (i, w) in column.iter().enumerate() {
                let v = ComplexField::round(w.to_f64() / scale as f64);
                q[j][i] = v.clamp(-127.0, 127.0) as i8;
            }
            let bias_scale = input.scale as f64 * scale as f64;
            let bv = bias.map_or(0.0, |b| ComplexField::round(b[j].to_f64() / bias_scale));
            // Room for the zero-point term: |Z_in·Σw| ≤ 128·127·I.
            let room = i32::MAX as f64 - 128.0 * 127.0 * I as f64;
            if bv.is_nan() || bv.abs() > room {
                return Err(QuantError::Overflow { layer, neuron: j });
            }
            b[j] = bv as i32;
            let (m, s) = quantize_multiplier(bias_scale / output.scale as f64)
                .ok_or(QuantError::Overflow { layer, neuron: j })?;
            multiplier[j] = m;
            shift[j] = s;
        }
        let act_min = if relu {
            output.zero_point.clamp(-128, 127) as i8
        } else {
            -128
        };
        Ok(Self::new(
            q, b, multiplier, shift, input, output, act_min, 127,
        ))
    }

    /// The weights, `[out][in]`, scale S_w,j per neuron, zero point 0.
    pub const fn weight(&self) -> &[[i8; I]; O] {
        &self.weight
    }
    /// The biases in units of S_in·S_w,j.
    pub const fn bias(&self) -> &[i32; O] {
        &self.bias
    }
    /// The fixed-point multipliers m_j.
    pub const fn multiplier(&self) -> &[i32; O] {
        &self.multiplier
    }
    /// The shifts s_j (M_j = m_j·2^(s_j − 31)).
    pub const fn shift(&self) -> &[i32; O] {
        &self.shift
    }
    /// How the input is stored.
    pub const fn input(&self) -> QParams {
        self.input
    }
    /// How the output (before any look-up table) is stored.
    pub const fn output(&self) -> QParams {
        self.output
    }
    /// The output clamp, [act_min, act_max].
    pub const fn clamp(&self) -> (i8, i8) {
        (self.act_min, self.act_max)
    }

    /// The layer as a Rust expression, `::typenet::quant::QDense::new(…)`.
    pub fn write_rust<W: Write>(&self, out: &mut W) -> fmt::Result {
        out.write_str("::typenet::quant::QDense::new(\n    [")?;
        for row in &self.weight {
            out.write_str("\n        ")?;
            write_array(out, row)?;
            out.write_char(',')?;
        }
        out.write_str("\n    ],\n    ")?;
        write_array(out, &self.bias)?;
        out.write_str(",\n    ")?;
        write_array(out, &self.multiplier)?;
        out.write_str(",\n    ")?;
        write_array(out, &self.shift)?;
        out.write_str(",\n    ")?;
        self.input.write_rust(out)?;
        out.write_str(",\n    ")?;
        self.output.write_rust(out)?;
        write!(out, ",\n    {}, {},\n)", self.act_min, self.act_max)
    }

    /// The layer as lines of plain text, each `{prefix}.name values…`: `shape O I`, `weight`
    /// (row-major), `bias`, `multiplier`, `shift`, `input_scale`, `input_zero_point`,
    /// `output_scale`, `output_zero_point`, `act_min`, `act_max` (scales as `f32` `{:?}`).
    pub fn write_text<W: Write>(&self, out: &mut W, prefix: &str) -> fmt::Result {
        writeln!(out, "{prefix}.shape {O} {I}")?;
        let flat: &[i8] = self.weight.as_flattened();
        write!(out, "{prefix}.")?;
        write_text_line(out, "weight", flat)?;
        write!(out, "{prefix}.")?;
        write_text_line(out, "bias", &self.bias)?;
        write!(out, "{prefix}.")?;
        write_text_line(out, "multiplier", &self.multiplier)?;
        write!(out, "{prefix}.")?;
        write_text_line(out, "shift", &self.shift)?;
        writeln!(out, "{prefix}.input_scale {:?}", self.input.scale)?;
        writeln!(out, "{prefix}.input_zero_point {}", self.input.zero_point)?;
        writeln!(out, "{prefix}.output_scale {:?}", self.output.scale)?;
        writeln!(out, "{prefix}.output_zero_point {}", self.output.zero_point)?;
        writeln!(out, "{prefix}.act_min {}", self.act_min)?;
        writeln!(out, "{prefix}.act_max {}", self.act_max)
    }
}

/// [`QDense::forward`] compiled for AVX2, four neurons at a time ([`forward_blocked`]).
///
/// # Safety
/// The CPU has AVX2.
#[cfg(all(target_arch = "x86_64", any(feature = "std", target_feature = "avx2")))]
#[target_feature(enable = "avx2")]
unsafe fn forward_avx2<const I: usize, const O: usize>(l: &QDense<I, O>, x: &[i8; I]) -> [i8; O] {
    forward_blocked(l, x)
}

/// One neuron at a time: the portable path, and the one the Cortex-M cores run (blocking four
/// neurons there costs more in register spills than it saves: 34,700 instead of 32,013
/// instructions per digits inference on the Cortex-M0 under QEMU).
#[inline(always)]
fn forward_body<const I: usize, const O: usize>(l: &QDense<I, O>, x: &[i8; I]) -> [i8; O] {
    let mut acc = [0i32; O];
    for (a, row) in acc.iter_mut().zip(&l.weight) {
        *a = dot(row, x);
    }
    finish(l, &acc)
}

/// Four neurons at a time (each input sign-extended once for four dot products), then one at a
/// time: the same integers as [`forward_body`], faster where the dot products are vectorised.
#[cfg_attr(
    not(any(
        test,
        all(target_arch = "x86_64", any(feature = "std", target_feature = "avx2"))
    )),
    allow(dead_code)
)]
#[inline(always)]
pub(super) fn forward_blocked<const I: usize, const O: usize>(
    l: &QDense<I, O>,
    x: &[i8; I],
) -> [i8; O] {
    let mut acc = [0i32; O];
    let mut blocks = l.weight.chunks_exact(4);
    let mut j = 0;
    for rows in &mut blocks {
        let mut a = [0i32; 4];
        for (i, &xi) in x.iter().enumerate() {
            let xi = xi as i32;
            for (r, row) in rows.iter().enumerate() {
                a[r] = a[r].wrapping_add(row[i] as i32 * xi);
            }
        }
        acc[j..j + 4].copy_from_slice(&a);
        j += 4;
    }
    for row in blocks.remainder() {
        acc[j] = dot(row, x);
        j += 1;
    }
    finish(l, &acc)
}

/// Each neuron's accumulator plus the folded bias, requantised, shifted and clamped.
#[inline(always)]
fn finish<const I: usize, const O: usize>(l: &QDense<I, O>, acc: &[i32; O]) -> [i8; O] {
    let mut y = [0i8; O];
    for (j, out) in y.iter_mut().enumerate() {
        let a = acc[j].wrapping_add(l.kernel_bias[j]);
        let v = multiply_by_quantized_multiplier(a, l.multiplier[j], l.shift[j])
            .wrapping_add(l.output.zero_point);
        // NOTE: max then min, not `clamp`, which would panic if act_min > act_max.
        *out = v.max(l.act_min as i32).min(l.act_max as i32) as i8;
    }
    y
}

/// The portable path, for the tests that compare it with [`forward_blocked`].
#[cfg(test)]
pub(super) fn forward_portable<const I: usize, const O: usize>(
    l: &QDense<I, O>,
    x: &[i8; I],
) -> [i8; O] {
    forward_body(l, x)
}

/// Σ w_i·x_i in `i32` (wrapping; cannot wrap below 2¹⁷ inputs).
#[inline(always)]
fn dot<const I: usize>(w: &[i8; I], x: &[i8; I]) -> i32 {
    w.iter()
        .zip(x)
        .fold(0i32, |acc, (&w, &x)| acc.wrapping_add(w as i32 * x as i32))
}
