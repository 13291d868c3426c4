//! Fixed-point requantisation, TensorFlow Lite's scheme: a real multiplier M > 0 is stored as a
//! 32-bit integer m ∈ [2³⁰, 2³¹) and a shift s with M ≈ m·2^(s−31) ([`quantize_multiplier`]),
//! and an `i32` accumulator x is rescaled by [`multiply_by_quantized_multiplier`], integers only.
//!
//! The two primitives are gemmlowp's (`fixedpoint/fixedpoint.h`), which TensorFlow Lite's
//! reference kernels call:
//!
//! ```text
//! std::int32_t SaturatingRoundingDoublingHighMul(std::int32_t a, std::int32_t b) {
//!   bool overflow = a == b && a == std::numeric_limits<std::int32_t>::min();
//!   std::int64_t a_64(a);
//!   std::int64_t b_64(b);
//!   std::int64_t ab_64 = a_64 * b_64;
//!   std::int32_t nudge = ab_64 >= 0 ? (1 << 30) : (1 - (1 << 30));
//!   std::int32_t ab_x2_high32 =
//!       static_cast<std::int32_t>((ab_64 + nudge) / (1ll << 31));
//!   return overflow ? std::numeric_limits<std::int32_t>::max() : ab_x2_high32;
//! }
//!
//! IntegerType RoundingDivideByPOT(IntegerType x, int exponent) {
//!   const IntegerType mask = Dup<IntegerType>((1ll << exponent) - 1);
//!   const IntegerType zero = Dup<IntegerType>(0);
//!   const IntegerType one = Dup<IntegerType>(1);
//!   const IntegerType remainder = BitAnd(x, mask);
//!   const IntegerType threshold =
//!       Add(ShiftRight(mask, 1), BitAnd(MaskIfLessThan(x, zero), one));
//!   return Add(ShiftRight(x, exponent),
//!              BitAnd(MaskIfGreaterThan(remainder, threshold), one));
//! }
//! ```
//!
//! and TensorFlow Lite's `MultiplyByQuantizedMultiplier` (`kernels/internal/common.h`) is
//! `RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(x * (1 << left_shift), m),
//! right_shift)` with `left_shift = max(s, 0)`, `right_shift = max(−s, 0)`.
//!
//! The nudge makes the high multiply round a product exactly halfway between two results up,
//! towards +∞ (+½ → 1, −½ → 0: for a·b < 0 the truncating division of a·b + 1 − 2³⁰ is
//! ⌊(a·b + 2³⁰)/2³¹⌋), while `RoundingDivideByPOT` rounds ties away from zero. CMSIS-NN's
//! `arm_nn_requantize` (without `CMSIS_NN_USE_SINGLE_ROUNDING`) is the same computation:
//! `arm_nn_doubling_high_mult_no_sat` is `(a·b + 2³⁰) >> 31`, equal to gemmlowp's for every
//! input but `i32::MIN · i32::MIN` (which it does not saturate, and which a multiplier in
//! [2³⁰, 2³¹) never meets), and `arm_nn_divide_by_power_of_two` is `RoundingDivideByPOT`.
//! The tests pin both tie cases.

use nalgebra::ComplexField;

/// gemmlowp's `SaturatingRoundingDoublingHighMul`: the high 32 bits of 2·a·b, rounded to
/// nearest with ties towards +∞, i.e. ⌊(a·b + 2³⁰) / 2³¹⌋; `i32::MIN · i32::MIN` (whose result
/// 2³¹ does not fit) saturates to `i32::MAX`. ARM's `VQRDMULH`.
#[inline(always)]
pub const fn saturating_rounding_doubling_high_mul(a: i32, b: i32) -> i32 {
    if a == i32::MIN && b == i32::MIN {
        return i32::MAX;
    }
    let ab = a as i64 * b as i64;
    let nudge: i64 = if ab >= 0 { 1 << 30 } else { 1 - (1 << 30) };
    // NOTE: `/` truncates towards zero, as C++'s does; |ab + nudge| < 2⁶² cannot overflow.
    ((ab + nudge) / (1i64 << 31)) as i32
}

/// gemmlowp's `RoundingDivideByPOT`: x / 2^exponent rounded to nearest, ties away from zero,
/// for `exponent` in 0..=31 (an arithmetic shift with a rounding correction).
#[inline(always)]
pub const fn rounding_divide_by_pot(x: i32, exponent: u32) -> i32 {
    let mask = ((1i64 << exponent) - 1) as i32;
    let remainder = x & mask;
    let threshold = (mask >> 1) + (x < 0) as i32;
    (x >> exponent) + (remainder > threshold) as i32
}

/// TensorFlow Lite's `MultiplyByQuantizedMultiplier`: x·m·2^(shift−31), rounded as above.
///
/// `multiplier` and `shift` come from [`quantize_multiplier`]; `shift` ≤ 31 and ≥ −31. A left
/// shift that overflows `i32` wraps (in C++ it is undefined); multipliers made by
/// [`QDense::quantize`](super::QDense::quantize) never need a left shift of a real multiplier
/// below 1, which every well-scaled layer has.
#[inline(always)]
pub const fn multiply_by_quantized_multiplier(x: i32, multiplier: i32, shift: i32) -> i32 {
    let left = if shift > 0 { shift as u32 } else { 0 };
    let right = if shift > 0 { 0 } else { (-shift) as u32 };
    rounding_divide_by_pot(
        saturating_rounding_doubling_high_mul(x.wrapping_shl(left), multiplier),
        right,
    )
}

/// TensorFlow Lite's `QuantizeMultiplier` (`kernels/internal/quantization_util.cc`): M = q·2^s
/// with q ∈ [0.5, 1) (`frexp`), `m = round(q·2³¹)` (half away from zero), and if rounding made
/// m = 2³¹, `m = 2³⁰, s += 1`; a shift below −31 (M < 2⁻³²) becomes m = 0, s = 0; M = 0 gives
/// (0, 0). Returns `None` for M that is negative, not finite, or so large that s > 31.
pub fn quantize_multiplier(real: f64) -> Option<(i32, i32)> {
    if !real.is_finite() || real < 0.0 {
        return None;
    }
    if real == 0.0 {
        return Some((0, 0));
    }
    let (q, mut shift) = frexp(real);
    let mut fixed = ComplexField::round(q * (1u64 << 31) as f64) as i64;
    if fixed == 1i64 << 31 {
        fixed /= 2;
        shift += 1;
    }
    if shift < -31 {
        return Some((0, 0));
    }
    if shift > 31 {
        return None;
    }
    Some((fixed as i32, shift))
}

/// C's `frexp` for positive finite x: x = q·2^e with q ∈ [0.5, 1).
fn frexp(x: f64) -> (f64, i32) {
    // NOTE: subnormals are scaled into the normal range first (2⁶⁴ is exact).
    let (x, bias) = if x < f64::MIN_POSITIVE {
        (x * 18446744073709551616.0, -64)
    } else {
        (x, 0)
    };
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    // q keeps the mantissa with the exponent of 0.5 (biased 1022).
    let q = f64::from_bits((bits & !(0x7ffu64 << 52)) | (1022u64 << 52));
    (q, exp - 1022 + bias)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2^k exactly, for k in the normal range (`powi` may be off by an ulp, and is under Miri).
    fn pow2(k: i32) -> f64 {
        f64::from_bits(((k + 1023) as u64) << 52)
    }

    #[test]
    fn frexp_matches_its_definition() {
        for x in [
            1.0, 0.5, 0.75, 3.0, 1e-300, 5e-324, 1.7e308, 0.1, 123456.789,
        ] {
            let (q, e) = frexp(x);
            assert!((0.5..1.0).contains(&q), "{x}: q = {q}");
            let half = e / 2;
            assert_eq!(q * pow2(half) * pow2(e - half), x, "{x}");
        }
    }

    #[test]
    fn high_mul_rounds_half_away_from_zero_and_saturates() {
        // 2·a·b / 2³² exactly: (2³⁰)·(2³⁰) / 2³¹ = 2²⁹.
        assert_eq!(
            saturating_rounding_doubling_high_mul(1 << 30, 1 << 30),
            1 << 29
        );
        // a·b = ±2³⁰: exactly ±½, rounds up: 1 and 0 (as CMSIS-NN's `(a·b + 2³⁰) >> 31`).
        assert_eq!(saturating_rounding_doubling_high_mul(1 << 15, 1 << 15), 1);
        assert_eq!(
            saturating_rounding_doubling_high_mul(-(1 << 15), 1 << 15),
            0
        );
        assert_eq!(saturating_rounding_doubling_high_mul(-3 << 15, 1 << 15), -1);
        // −½ − 2⁻³¹ rounds to −1.
        assert_eq!(saturating_rounding_doubling_high_mul(-(1 << 30) - 1, 1), -1);
        // Just below one half.
        assert_eq!(
            saturating_rounding_doubling_high_mul((1 << 15) - 1, 1 << 15),
            0
        );
        assert_eq!(
            saturating_rounding_doubling_high_mul(i32::MIN, i32::MIN),
            i32::MAX
        );
        assert_eq!(
            saturating_rounding_doubling_high_mul(i32::MIN, i32::MAX),
            -i32::MAX
        );
        assert_eq!(
            saturating_rounding_doubling_high_mul(i32::MAX, i32::MAX),
            i32::MAX - 1
        );
    }

    #[test]
    fn divide_by_pot_rounds_half_away_from_zero() {
        let cases = [
            (5, 1, 3),
            (-5, 1, -3),
            (4, 1, 2),
            (7, 2, 2),
            (-7, 2, -2),
            (6, 2, 2),
            (-6, 2, -2),
            (-2, 2, -1),
            (2, 2, 1),
            (1, 2, 0),
            (-1, 2, 0),
            (i32::MIN, 31, -1),
            (i32::MAX, 31, 1),
            (123, 0, 123),
        ];
        for (x, e, want) in cases {
            assert_eq!(rounding_divide_by_pot(x, e), want, "{x} / 2^{e}");
        }
    }

    #[test]
    fn divide_by_pot_equals_exact_rounding() {
        // Against round-half-away-from-zero of the exact quotient, over a spread of values.
        let mut x: i64 = -(1 << 31);
        while x < (1 << 31) {
            for e in 0..=31u32 {
                let q = x as f64 / pow2(e as i32);
                let want = q.round() as i32;
                assert_eq!(rounding_divide_by_pot(x as i32, e), want, "{x} / 2^{e}");
            }
            x += 65_537 * 257;
        }
    }

    #[test]
    fn multiplier_round_trips() {
        for m in [1.0, 0.5, 0.25, 0.1, 0.003, 1.5, 7.25, 1e-6, 0.999_999_999_9] {
            let (q, s) = quantize_multiplier(m).unwrap();
            assert!(q >= 1 << 30, "{m}: {q}");
            let back = q as f64 * pow2(s - 31);
            assert!((back - m).abs() <= m * pow2(-30), "{m}: {back}");
        }
        // Rounding up to 2³¹ bumps the shift: 1 − 2⁻⁴⁰ rounds to exactly 1.
        assert_eq!(quantize_multiplier(1.0 - pow2(-40)), Some((1 << 30, 1)));
        assert_eq!(quantize_multiplier(0.0), Some((0, 0)));
        assert_eq!(quantize_multiplier(1e-12), Some((0, 0)));
        assert_eq!(quantize_multiplier(-1.0), None);
        assert_eq!(quantize_multiplier(f64::NAN), None);
        assert_eq!(quantize_multiplier(1e12), None);
    }

    #[test]
    fn requantize_equals_rounded_product() {
        // x·M for M = m·2^(s−31) against the exact value, rounded: off by at most one
        // (two roundings), and exact on products that are integers.
        for &real in &[0.5, 0.123, 0.0078125, 0.9, 2.5] {
            let (m, s) = quantize_multiplier(real).unwrap();
            for x in [-100_000, -4097, -3, 0, 1, 2, 77, 4096, 99_999] {
                let got = multiply_by_quantized_multiplier(x, m, s);
                let exact = x as f64 * m as f64 * pow2(s - 31);
                assert!(
                    (got as f64 - exact).abs() <= 1.0,
                    "{x}·{real}: {got} vs {exact}"
                );
            }
        }
        let (m, s) = quantize_multiplier(0.5).unwrap();
        assert_eq!(multiply_by_quantized_multiplier(7, m, s), 4);
        // −3.5: the high multiply rounds the tie up.
        assert_eq!(multiply_by_quantized_multiplier(-7, m, s), -3);
        // Ties of the shift round away from zero: −7/4 = −1.75 → −2, −6/4 → −2.
        let (m, s) = quantize_multiplier(0.25).unwrap();
        assert_eq!((m, s), (1 << 30, -1));
        assert_eq!(multiply_by_quantized_multiplier(-7, m, s), -2);
        assert_eq!(multiply_by_quantized_multiplier(-6, m, s), -2);
        assert_eq!(multiply_by_quantized_multiplier(6, m, s), 2);
    }
}
