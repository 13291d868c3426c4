//! The activations that are no clamp: [`QLut`] (sigmoid, tanh) and [`QSoftmax`].

use core::fmt::{self, Write};

use nalgebra::ComplexField;

use super::{QParams, write_array, write_text_line};

/// An int8 → int8 activation as a 256-entry table: y = `table[x + 128]`.
///
/// [`QLut::sigmoid`] and [`QLut::tanh`] fill it as TensorFlow Lite's `LUTPopulate` does, in
/// `f64`: for every input q, r = S_in·(q − Z_in), y = round(f(r)/S_out) + Z_out (half away from
/// zero), clamped to [−128, 127], with σ's S_out = 1/256, Z_out = −128 ([`QParams::SIGMOID`])
/// and tanh's S_out = 1/128, Z_out = 0 ([`QParams::TANH`]).
#[derive(Clone, Debug, PartialEq)]
pub struct QLut {
    table: [i8; 256],
}

impl QLut {
    /// The table as given: entry k is the output for input k − 128.
    pub const fn from_table(table: [i8; 256]) -> Self {
        QLut { table }
    }

    /// σ(r) = 1/(1 + e^(−r)) for inputs stored with `input`; output [`QParams::SIGMOID`].
    pub fn sigmoid(input: QParams) -> Self {
        Self::populate(input, QParams::SIGMOID, |r| {
            1.0 / (1.0 + ComplexField::exp(-r))
        })
    }

    /// tanh(r) for inputs stored with `input`; output [`QParams::TANH`].
    pub fn tanh(input: QParams) -> Self {
        Self::populate(input, QParams::TANH, ComplexField::tanh)
    }

    fn populate(input: QParams, output: QParams, f: impl Fn(f64) -> f64) -> Self {
        let mut table = [0i8; 256];
        for (k, t) in table.iter_mut().enumerate() {
            let r = input.scale as f64 * (k as f64 - 128.0 - input.zero_point as f64);
            let y = ComplexField::round(f(r) / output.scale as f64) + output.zero_point as f64;
            *t = y.clamp(-128.0, 127.0) as i8;
        }
        QLut { table }
    }

    /// The table: entry k is the output for input k − 128.
    pub const fn table(&self) -> &[i8; 256] {
        &self.table
    }

    /// The activation of every entry of `x`: one table read each.
    #[inline]
    pub fn apply<const N: usize>(&self, x: &[i8; N]) -> [i8; N] {
        x.map(|v| self.table[(v as i32 + 128) as usize])
    }

    /// `::typenet::quant::QLut::from_table([…])`.
    pub fn write_rust<W: Write>(&self, out: &mut W) -> fmt::Result {
        out.write_str("::typenet::quant::QLut::from_table(")?;
        write_array(out, &self.table)?;
        out.write_char(')')
    }

    /// `{prefix}.lut t0 … t255`.
    pub fn write_text<W: Write>(&self, out: &mut W, prefix: &str) -> fmt::Result {
        write!(out, "{prefix}.")?;
        write_text_line(out, "lut", &self.table)
    }
}

/// Softmax from int8 logits to int8 probabilities (steps of 1/256, Z = −128, TensorFlow Lite's
/// output parameters), integers only.
///
/// With m = max_k x_k and d_i = m − x_i ∈ [0, 255], e_i = `exp[d_i]` where
/// `exp[d]` = round(2¹⁵·e^(−S_in·d)) (`u16`, built by [`QSoftmax::new`] in `f64`), then
///
/// y_i = min(⌊(256·e_i + ⌊Σe/2⌋) / Σe⌋ − 128, 127),
///
/// the probability e_i/Σe in 256ths, rounded to nearest (ties up), in `u32` (no overflow for up
/// to 2¹⁶ outputs); on 64-bit targets, up to 256 outputs, the N quotients come from one exact
/// reciprocal of Σe (one division per call instead of N). The largest logit has e = 2¹⁵, so Σe > 0. Differs from TensorFlow Lite's
/// int8 softmax (a fixed-point exp on the fly) by at most a step or two; the argmax is the
/// float model's up to ties of logits within one input step.
#[derive(Clone, Debug, PartialEq)]
pub struct QSoftmax {
    exp: [u16; 256],
}

impl QSoftmax {
    /// The table as given: entry d is 2¹⁵·e^(−S_in·d), rounded.
    pub const fn from_table(exp: [u16; 256]) -> Self {
        QSoftmax { exp }
    }

    /// The table for logits stored with `input` (only its scale matters).
    pub fn new(input: QParams) -> Self {
        let mut exp = [0u16; 256];
        for (d, e) in exp.iter_mut().enumerate() {
            let v =
                ComplexField::round(32768.0 * ComplexField::exp(-(input.scale as f64) * d as f64));
            *e = v.clamp(0.0, 32768.0) as u16;
        }
        // NOTE: entry 0 is 2¹⁵ whatever the scale (e⁰ = 1), which keeps Σe > 0.
        QSoftmax { exp }
    }

    /// The table: entry d is 2¹⁵·e^(−S_in·d), rounded.
    pub const fn table(&self) -> &[u16; 256] {
        &self.exp
    }

    /// The softmax of `x`, in steps of 1/256 with Z = −128.
    #[inline]
    pub fn apply<const N: usize>(&self, x: &[i8; N]) -> [i8; N] {
        let max = x.iter().copied().max().unwrap_or(0) as i32;
        let e = x.map(|v| self.exp[(max - v as i32) as usize] as u32);
        let sum: u32 = e.iter().sum();
        // `sum` ≥ exp[0] for N > 0; `max(1)` keeps an empty softmax division-free.
        let sum = sum.max(1);
        let half = sum / 2;
        // On 32-bit targets (the Cortex-M cores) the N divisions cost less than the 64-bit
        // reciprocal (measured: 28,188 against 28,789 instructions per digits inference on the
        // Cortex-M0), so they keep them; the results are the same integers.
        if N <= 256 && cfg!(target_pointer_width = "64") {
            // NOTE: one division instead of N. With n = 256·e + ⌊Σe/2⌋ < 2²⁴ (Σe ≤ 256·2¹⁵),
            // b = ⌈log₂ Σe⌉ and m = ⌈2^(24+b)/Σe⌉: ⌊n·m / 2^(24+b)⌋ = ⌊n/Σe⌋ exactly, since
            // m·Σe − 2^(24+b) < Σe ≤ 2^b makes the error n·(m·Σe − 2^(24+b))/(Σe·2^(24+b)) < 1/Σe
            // (Granlund and Montgomery, 1994, theorem 4.2); n·m < 2⁵⁰ fits a u64.
            let k = 24 + (32 - (sum - 1).leading_zeros());
            let m = (1u64 << k).div_ceil(sum as u64);
            e.map(|e| (((((e << 8) + half) as u64 * m) >> k) as i32 - 128).min(127) as i8)
        } else {
            e.map(|e| ((((e << 8) + half) / sum) as i32 - 128).min(127) as i8)
        }
    }

    /// `::typenet::quant::QSoftmax::from_table([…])`.
    pub fn write_rust<W: Write>(&self, out: &mut W) -> fmt::Result {
        out.write_str("::typenet::quant::QSoftmax::from_table(")?;
        write_array(out, &self.exp)?;
        out.write_char(')')
    }

    /// `{prefix}.softmax_exp e0 … e255`.
    pub fn write_text<W: Write>(&self, out: &mut W, prefix: &str) -> fmt::Result {
        write!(out, "{prefix}.")?;
        write_text_line(out, "softmax_exp", &self.exp)
    }
}
