//! Fast, branch-free elementary functions for activations: [`f32`](mod@f32) and [`f64`](mod@f64).
//!
//! Every function here is pure Rust, `no_std`, and written for the compiler to vectorise across a
//! layer: no branch depends on an element's value (range cases are computed and *selected*), no
//! call into `libm`, no table look-ups. Each is a few dozen multiply-adds, a bit manipulation for
//! 2ᵏ and at most two divisions.
//!
//! One exception is written for **latency** instead: [`f32::sigmoid_narrow`], the σ of layers of
//! at most [`NARROW_MAX`](crate::activation::NARROW_MAX) neurons, where nothing runs in
//! parallel and each layer waits for its σ. **Which code it is depends on the target**
//! ([`f32::NARROW_TABLE`]):
//!
//! - on x86, x86-64 and AArch64 (double-precision hardware) it is
//!   [`f32::sigmoid_narrow_table`], which computes e^(−x) as glibc's `expf` does (a 32-entry
//!   table of 2^(i/32) and a degree-3 polynomial, in `f64`) and 1/(1 + e^(−x)) in `f64`,
//!   rounded once; with `std` on x86-64 its multiply-adds are fused where the CPU has FMA
//!   (chosen at run time, once per layer). Its dependency chain is about two thirds of
//!   [`f32::sigmoid`]'s (17 against 27 ns per dependent call on the benchmark machine), which
//!   brought the 2 → 2 → 2 sigmoid network's forward pass from 1.7× `std`'s time to par
//!   (`BENCHMARKS.md`);
//! - on every other target it is [`f32::sigmoid`], all `f32`: there `f64` may well be
//!   software (a Cortex-M4F's FPU is single precision, a Cortex-M0 has none), and the table
//!   variant made an `f32` XOR firmware 3.4 KB bigger (soft-double routines) and its forward
//!   pass 17× the instructions on the Cortex-M4F (`BENCHMARKS.md`, issue 22;
//!   `examples/embedded/check.sh` now fails if any such routine is linked). One `cfg` on the
//!   architecture, not on FPU features: the table's gain is measured on x86-64 only, so other
//!   targets with `f64` hardware get the plain path too.

//! # Algorithms
//! - `exp(x)`: Cody–Waite reduction x = k·ln 2 + r, |r| ≤ ½ ln 2, with k rounded by adding and
//!   subtracting 1.5·2^(mantissa bits); e^r − 1 = r + r²·q(r) with q a polynomial evaluated by
//!   Estrin's scheme (short dependency chains): for `f32` of degree 5, a minimax fit of the
//!   relative error of e^r − 1 with coefficients in `f32` (0.0073·2⁻²⁴ in exact arithmetic;
//!   `tools/accuracy/fit_expm1.py`), for `f64` the Taylor coefficients up to 1/13! (below 0.05
//!   ulp); the result scaled by 2ᵏ in two steps 2^⌊k/2⌋·2^⌈k/2⌉ so that results near overflow
//!   and subnormal results are right (the last step rounds once).
//! - `exp_m1(x)` = 2ᵏ·(e^r − 1) + (2ᵏ − 1), with e^r − 1 from the same polynomial without its
//!   constant term, so there is no cancellation near 0.
//! - `tanh(x)` = sign(x)·t/(t + 2) with t = eˣᵖᵐ¹(2|x|), |x| clamped where tanh rounds to ±1.
//! - `sigmoid(x)` = 1/(1 + e^(−x)) for x ≥ 0 and e^x/(1 + e^x) for x < 0, from one e^(−|x|): no
//!   overflow, and accurate for subnormal results. e^(−|x|) = m·2ᵏ is kept as m·2^(k + 64)
//!   (`f32`; 2^(k + 128) for `f64`), normal down to the clamp, and the quotient is scaled by
//!   2⁻⁶⁴ last: one 2ᵏ and one rounding of a subnormal σ, where `exp` needs two half-steps.
//! - `softplus(x)` = max(x, 0) + ln(1 + e^(−|x|)), `log_sigmoid(x)` = min(x, 0) − ln(1 + e^(−|x|)),
//!   with ln(1 + u) for u ∈ [0, 1] as in fdlibm's `log1p` (the atanh series in s = f/(2 + f),
//!   plus the rounding error of 1 + u as a correction term).
//! - `swish(x)` = x·σ(x) and `mish(x)` = x·tanh(softplus(x)) = x·n/(n + 2), n = eˣ(eˣ + 2),
//!   never through tanh and ln; both divide by 1 + (something ≤ 1.5) with the rounding error
//!   of that sum compensated (one more division, half an ulp less error), and mish picks one of
//!   three algebraically equal forms by range (see `math::f32::mish`).
//!
//! # Accuracy contract
//! Measured by `tools/accuracy` (exhaustively over every finite `f32`, 4,278,190,080 inputs;
//! over 1.6·10⁷ `f64` inputs: half uniform over the bit patterns of finite doubles, i.e.
//! log-uniform over the whole range, a quarter uniform in [−50, 50], an eighth in [−1, 1], an
//! eighth around the under/overflow and saturation thresholds), against references in higher
//! precision (`f64` for `f32`; double-double arithmetic, ≈ 106 bits, for `f64`, itself checked
//! against mpmath). The error of a result y against the exact value v is |y − v| / ulp(v), where
//! ulp(v) is the spacing of floats in v's binade (2^(e−p+1) for |v| in [2ᵉ, 2ᵉ⁺¹), p = 24 or
//! 53) and, for subnormal and zero v, the subnormal spacing (2⁻¹⁴⁹ for `f32`, 2⁻¹⁰⁷⁴ for
//! `f64`): the usual definition, under which a correctly rounded result is at most 0.5 ulp
//! off. A result that must overflow has to be ±∞ exactly. The maximum errors (ulp):
//!
//! | function | `f32`: max ulp, every finite input | at x = | `f32` fused flavour ([`f32::fused`]) | at x = | `f64`: max ulp, 1.6·10⁷ inputs | at x = |
//! |---|---:|---:|---:|---:|---:|---:|
//! | exp | 0.973 | 80.78 | 1.005 | -59.94 | 1.017 | -9.353 |
//! | exp_m1 | 1.526 | 0.3528 | 1.457 | 17.00 | 2.075 | 0.3571 |
//! | tanh | 2.432 | 0.06221 | 2.428 | -0.01561 | 2.501 | -0.2069 |
//! | sigmoid | 2.402 | -4.157 | 2.402 | -4.157 | 2.332 | -4.146 |
//! | softplus | 1.637 | -1.263 | — | | 1.668 | -0.4363 |
//! | log_sigmoid | 1.637 | 1.263 | — | | 1.645 | 0.4386 |
//! | swish | 2.834 | -5.093 | — | | 2.787 | -5.938 |
//! | mish | 3.006 | 0.1883 | — | | 2.781 | 0.09499 |
//! | ELU (α = 1) | 0.895 | -0.3692 | — | | 1.211 | -0.3467 |
//! | sigmoid_narrow_table (with or without FMA) | 0.502 | -13.87 | — | | = sigmoid | |
//! | sigmoid_narrow | = sigmoid_narrow_table on x86, x86-64, AArch64; = sigmoid elsewhere | | — | | = sigmoid | |
//!
//! Every function meets the 3-ulp target except `f32` mish, 3.006 ulp at x ≈ 0.188 (its
//! denominator there sits just above 4, where one rounding costs a full 2⁻²⁴ relative; an
//! algebraically equal form in eˣ − 1 measured 3.33). [`softmax`](crate::activation::Softmax)
//! is `exp` of x − max x, summed and divided: its error adds that of the sum. The f32 run took
//! 882 s on two loaded cores (`RUSTFLAGS="-C target-cpu=native"`), the f64 run 89 s; the two
//! `sigmoid_narrow_table` rows 61 s and 40 s (`--only "sigmoid, narrow layers (f32: table, FMA if
//! the CPU has it)"`, and `… no FMA)`), default flags. The tool's row for `sigmoid_narrow` itself
//! measures whichever variant the target it is built for uses. In `f64`, `sigmoid_narrow` is
//! `sigmoid` on every target.
//! The `f32` rows of every function built on e^r − 1 (all but the narrow-layer σ) were measured
//! again after its degree-5 q replaced the degree-8 Taylor polynomial (2026-12-01, one function
//! at a time with `--only`, default flags, 174–552 s each on two loaded cores); `f64` did not
//! change (bit for bit).
//!
//! The fused flavour's column (2026-12-02, `--only "tanh (f32: fused)"` and so on, one function
//! at a time, default flags, 115–219 s each on two loaded cores; the tool runs these rows in an
//! AVX2 + FMA instantiation) stays within the plain functions' errors: tanh 0.004 ulp lower,
//! σ the same maximum at the same input, exp_m1 0.07 lower, exp 0.03 higher (still about 1 ulp).
//! Most of the error of tanh and σ is the final division and the rounding of its operands, which
//! an FMA does not remove. The first column measures the public functions as a default build
//! compiles them (unfused); in a build for FMA (`-C target-cpu=native`) they are the fused
//! flavour, so measure the plain column with default flags.
//!
//! The default test run checks 10⁵ random inputs per function against `std` (with a slack for
//! std's own error), σ's subnormal tail on a grid, and every special value below, for both
//! flavours; a hash of the unfused flavour's bits pins it to the values it had before the fused
//! one existed (the same bits over every finite `f32`, compared when it was written).
//!
//! # Cost
//! In a layer's vector code, instructions per 8 `f32` lanes (`tools/accuracy/instructions.sh`,
//! callgrind over a map of 4,096 values; about a sixth of each is a broadcast of a constant that
//! the 16 `ymm` registers cannot keep). Rust never fuses `a * b + c` by itself, so the plain
//! functions compile to the same instructions with or without FMA; the fused flavour
//! ([`f32::fused`], what the recurrent cells' AVX2 + FMA steps and the activation maps' AVX2 +
//! FMA copy run, and what the public functions are in builds for FMA) writes each multiply-add
//! as one (`madd::<FMA>`), so where it is compiled with FMA each is one `vfmadd`:
//!
//! | `f32` | before (Taylor degree 8, two-step 2ᵏ in σ) | AVX2, plain | AVX2 + FMA, fused |
//! |---|---:|---:|---:|
//! | exp | 51 | 45 | 36 |
//! | tanh | 50 | 44 | 36 |
//! | sigmoid | 63 | 43 | 34 |
//!
//! What is left in the plain tanh: |x| and its clamp (2), the reduction (8), 2ᵏ (2), the
//! polynomial (13), eˣᵖᵐ¹ and t/(t + 2) (5 and a division), the sign (2); fused, the reduction
//! is 5, the polynomial 7 and eˣᵖᵐ¹ 2. An odd rational approximation on a
//! clamped range (Eigen's `ptanh_float`: about 24 operations) would be cheaper but is accurate
//! to "a couple of ulps" by its own account, worse than this contract; it was not adopted.
//! `f64` is unchanged (bit for bit: the σ rewrite computes the same values).
//!
//! # Special values
//! As `std`: NaN gives NaN; ±∞ give the limits (e^(−∞) = 0, tanh(±∞) = ±1, σ(−∞) = 0,
//! softplus(+∞) = +∞, …); ±0 keeps its sign where the function is odd (`exp_m1`, `tanh`,
//! `swish`, `mish`); overflow gives +∞ at the same threshold as `std` and subnormal results are
//! computed, not flushed. swish(−∞) = mish(−∞) = −0, the limit (x·σ(x) evaluated naively gives
//! −∞·0 = NaN).
//!
//! The `exact-math` cargo feature makes the activations use `std`/`libm` instead (see
//! [`Scalar`](crate::Scalar)); these functions stay available either way.

macro_rules! math_impl {
    (
        $f:ident, $u:ident, $i:ident,
        mant = $mant:expr, bias = $bias:expr,
        exp_lo = $exp_lo:expr, exp_hi = $exp_hi:expr,
        expm1_lo = $expm1_lo:expr, tanh_hi = $tanh_hi:expr,
        ln2_hi = $ln2_hi:expr, ln2_lo = $ln2_lo:expr,
        log_poly = $log_poly:path,
        sqrt_half_bits = $sqrt_half_bits:expr,
        sig_shift = $sig_shift:expr $(,)?
    ) => {
        const LOG2_E: $f = core::$f::consts::LOG2_E;
        /// 1.5·2^mant: adding and subtracting it rounds to an integer, and the integer sits in
        /// the low mantissa bits of the sum.
        const SHIFTER: $f = 1.5 * (1u64 << $mant) as $f;
        /// [`sigmoid`] computes e^(−|x|) = m·2ᵏ as m·2^(k + SIG_SHIFT), normal down to its clamp.
        const SIG_SHIFT: $i = $sig_shift;
        /// 2^SIG_SHIFT, the numerator 1 of σ(x ≥ 0) in that scale.
        const SIG_ONE: $f = pow2(SIG_SHIFT);
        /// 2^(−SIG_SHIFT).
        const SIG_UNSHIFT: $f = pow2(-SIG_SHIFT);

        /// `if x > hi { hi } else { x }`: a select that keeps NaN (unlike `f*::min`).
        #[inline(always)]
        fn clamp_hi(x: $f, hi: $f) -> $f {
            if x > hi { hi } else { x }
        }
        /// `if x < lo { lo } else { x }`: a select that keeps NaN (unlike `f*::max`).
        #[inline(always)]
        fn clamp_lo(x: $f, lo: $f) -> $f {
            if x < lo { lo } else { x }
        }

        /// 2ᵏ for k in the normal exponent range.
        #[inline(always)]
        const fn pow2(k: $i) -> $f {
            $f::from_bits(((k + $bias) as $u) << $mant)
        }

        /// Cody–Waite reduction: (k, r) with x = k·ln 2 + r, |r| ≤ ½ ln 2 (+ rounding).
        #[inline(always)]
        fn reduce<const FMA: bool>(x: $f) -> ($i, $f) {
            reduce_scaled::<FMA>(x, x, LOG2_E)
        }

        /// [`reduce`] given x·log₂e as a product a·m computed beside x: tanh passes
        /// x = a + a and a·(2 log₂e) instead of x·log₂e after the doubling (the same product:
        /// both doublings are exact), one addition off the dependency chain. With `FMA`,
        /// a·m + SHIFTER rounds once and r = (x − k·ln2_hi) − k·ln2_lo rounds once less.
        #[inline(always)]
        fn reduce_scaled<const FMA: bool>(x: $f, a: $f, m: $f) -> ($i, $f) {
            let t = madd::<FMA>(a, m, SHIFTER);
            let k = t.to_bits().wrapping_sub(SHIFTER.to_bits()) as $i;
            let kf = t - SHIFTER;
            // NOTE: (−k·ln2_hi) + x is x − k·ln2_hi bit for bit (IEEE subtraction is the
            // addition of the negation, and addition commutes), so the unfused flavour keeps
            // the bits it had before the fused one was added.
            let r = madd::<FMA>(-kf, $ln2_lo, madd::<FMA>(-kf, $ln2_hi, x));
            (k, r)
        }

        /// eˣ as (q, s₁, s₂) with eˣ = (1 + q)·s₁·s₂: q = e^r − 1 unrounded by the 1 +, and
        /// s₁ = 2^⌊k/2⌋, s₂ = 2^⌈k/2⌉ powers of two (s₂ = 0 below the clamp, where eˣ is 0).
        #[inline(always)]
        fn exp_split<const FMA: bool>(x: $f) -> ($f, $f, $f) {
            let xc = clamp_lo(clamp_hi(x, $exp_hi), $exp_lo);
            let (k, r) = reduce::<FMA>(xc);
            let k1 = k >> 1;
            // NOTE: below the clamp eˣ is 0, and so is s₂: (1 + q)·s₁·s₂ stays 0 even after a
            // caller multiplies by a large x (swish, mish).
            let s2 = if x < $exp_lo { 0.0 } else { pow2(k - k1) };
            (expm1_poly::<FMA>(r), pow2(k1), s2)
        }

        /// eˣ as (m, s) with eˣ = m·s: m normal (or 0), s a power of two applied last, so that a
        /// caller can multiply m by something before the one rounding a subnormal result takes.
        #[inline(always)]
        fn exp_parts<const FMA: bool>(x: $f) -> ($f, $f) {
            let (q, s1, s2) = exp_split::<FMA>(x);
            // (1 + q)·s₁ = q·s₁ + s₁ exactly (s₁ is a power of two and the product normal):
            // the fused form is one instruction, not one rounding, less.
            let m = if FMA {
                madd::<true>(q, s1, s1)
            } else {
                (1.0 + q) * s1
            };
            (m, s2)
        }

        /// eˣ. Overflows to +∞ above ln(MAX), gives subnormals and then +0 below ln(MIN_POSITIVE).
        ///
        /// Its multiply-adds are fused where [`FUSED_IN_BUILD`] (`f32` in builds for FMA:
        /// `-C target-cpu=x86-64-v3`, `native`, …), unfused everywhere else.
        #[inline(always)]
        pub fn exp(x: $f) -> $f {
            exp_with::<FUSED_IN_BUILD>(x)
        }

        /// [`exp`] with its multiply-adds fused or not.
        #[inline(always)]
        fn exp_with<const FMA: bool>(x: $f) -> $f {
            let (m, s) = exp_parts::<FMA>(x);
            m * s
        }

        /// eˣ − 1, accurate near 0 (and −0 for −0).
        ///
        /// Its multiply-adds are fused where [`FUSED_IN_BUILD`] (see [`exp`]).
        #[inline(always)]
        pub fn exp_m1(x: $f) -> $f {
            exp_m1_with::<FUSED_IN_BUILD>(x)
        }

        /// [`exp_m1`] with its multiply-adds fused or not.
        #[inline(always)]
        fn exp_m1_with<const FMA: bool>(x: $f) -> $f {
            let xc = clamp_lo(clamp_hi(x, $exp_hi), $expm1_lo);
            let (k, r) = reduce::<FMA>(xc);
            let p = expm1_poly::<FMA>(r);
            // NOTE: 2ᵏ overflows for the top k; scale by at most 2^(bias) first, then by the rest.
            let k1 = if k > $bias { $bias } else { k };
            let s1 = pow2(k1);
            let y = madd::<FMA>(s1, p, s1 - 1.0) * pow2(k - k1);
            // exp_m1(−0) = −0 (the sum above gives +0).
            if x == 0.0 { x } else { y }
        }

        /// tanh x = sign(x)·t/(t + 2), t = eˣᵖᵐ¹(2|x|).
        ///
        /// Its multiply-adds are fused where [`FUSED_IN_BUILD`] (see [`exp`]).
        #[inline(always)]
        pub fn tanh(x: $f) -> $f {
            tanh_with::<FUSED_IN_BUILD>(x)
        }

        /// [`tanh`] with its multiply-adds fused or not.
        #[inline(always)]
        fn tanh_with<const FMA: bool>(x: $f) -> $f {
            let a = clamp_hi(x.abs(), $tanh_hi);
            // NOTE: `exp_m1` inlined for 2a ∈ [0, 2·tanh_hi] (or NaN): 2ᵏ is a normal number
            // there, so one scaling does, and neither its clamps nor its −0 case are needed
            // (copysign makes tanh(−0) = −0). The same operations on the same values, so the
            // same bits, with about 15 fewer instructions per vector.
            let (k, r) = reduce_scaled::<FMA>(a + a, a, 2.0 * LOG2_E);
            let s = pow2(k);
            let t = madd::<FMA>(s, expm1_poly::<FMA>(r), s - 1.0);
            // x's sign bit ORed into t/(t + 2) ≥ 0 (or NaN): copysign's value in one fewer
            // instruction.
            let sign = x.to_bits() & (-0.0 as $f).to_bits();
            $f::from_bits((t / (t + 2.0)).to_bits() | sign)
        }

        /// σ(x) = 1/(1 + e^(−x)), from e = e^(−|x|) so that nothing overflows: 1/(1 + e) for
        /// x ≥ 0, e/(1 + e) for x < 0.
        ///
        /// Its multiply-adds are fused where [`FUSED_IN_BUILD`] (see [`exp`]).
        #[inline(always)]
        pub fn sigmoid(x: $f) -> $f {
            sigmoid_with::<FUSED_IN_BUILD>(x)
        }

        /// [`sigmoid`] with its multiply-adds fused or not.
        #[inline(always)]
        fn sigmoid_with<const FMA: bool>(x: $f) -> $f {
            // NOTE: e = m·2ᵏ is kept as m·2^(k + SIG_SHIFT), a normal number over the whole
            // clamped range (k ≥ −162 for f32, −1097 for f64), and the quotient is scaled back
            // by 2^(−SIG_SHIFT) last: one 2ᵏ instead of exp's two half-steps, and still the one
            // rounding of a subnormal σ at the end. Below the clamp σ rounds to 0 (and σ(−x)
            // to 1); the same operations on the same values as e^(−|x|) from `exp_parts`, so
            // the same bits.
            let a = clamp_hi(x.abs(), -$exp_lo);
            // NOTE: `reduce(−a)` with the negation folded: k = −round(a·log₂e) (the rounding
            // is symmetric) and r = (k₊·ln2_hi − a) + k₊·ln2_lo for k₊ = −k, the same values
            // in two fewer instructions (LLVM clamped −|x| with a compare and a blend).
            let t = madd::<FMA>(a, LOG2_E, SHIFTER);
            let kp = t - SHIFTER;
            // (k₊·ln2_hi + (−a)) + k₊·ln2_lo: the same bits as (k₊·ln2_hi − a) + k₊·ln2_lo.
            let r = madd::<FMA>(kp, $ln2_lo, madd::<FMA>(kp, $ln2_hi, -a));
            let k = SHIFTER.to_bits().wrapping_sub(t.to_bits()) as $i;
            let p = expm1_poly::<FMA>(r);
            let sc = pow2(k + SIG_SHIFT);
            // (1 + p)·sc = p·sc + sc exactly (sc a power of two, the product normal).
            let ms = if FMA {
                madd::<true>(p, sc, sc)
            } else {
                (1.0 + p) * sc
            };
            // 1 + e with e = ms·2^(−SIG_SHIFT): fused, the product (subnormal for deep x) is not
            // rounded before the sum; unfused, the same bits as before the fused flavour.
            let den = madd::<FMA>(ms, SIG_UNSHIFT, 1.0);
            // −0 takes the e/(1 + e) side: 2^SIG_SHIFT/2, the same ½.
            let num = if x.is_sign_negative() { ms } else { SIG_ONE };
            (num / den) * SIG_UNSHIFT
        }

        /// ln(1 + u) for u ∈ [0, 1] (and NaN): fdlibm's `log1p` without its range branches.
        #[inline(always)]
        fn log1p_unit(u: $f) -> $f {
            let w = 1.0 + u;
            // w = 2ᵏ·m with m ∈ [√2/2, √2): k ∈ {0, 1} here.
            let iw = w
                .to_bits()
                .wrapping_add((1.0 as $f).to_bits() - $sqrt_half_bits);
            let k = ((iw >> $mant) as $i) - $bias;
            let mask: $u = (1 << $mant) - 1;
            let f = $f::from_bits((iw & mask) + $sqrt_half_bits) - 1.0;
            // The rounding error of 1 + u, exact: ln(1 + u) ≈ ln(w) + c/w.
            let c = (u - (w - 1.0)) / w;
            let s = f / (2.0 + f);
            let hfsq = 0.5 * f * f;
            let dk = k as $f;
            s * (hfsq + $log_poly(s * s)) + (dk * $ln2_lo + c) - hfsq + f + dk * $ln2_hi
        }

        /// softplus(x) = ln(1 + eˣ) = max(x, 0) + ln(1 + e^(−|x|)).
        #[inline(always)]
        pub fn softplus(x: $f) -> $f {
            let pos = if x > 0.0 { x } else { 0.0 };
            pos + log1p_unit(exp_with::<false>(-x.abs()))
        }

        /// ln σ(x) = min(x, 0) − ln(1 + e^(−|x|)).
        #[inline(always)]
        pub fn log_sigmoid(x: $f) -> $f {
            let neg = if x < 0.0 { x } else { 0.0 };
            neg - log1p_unit(exp_with::<false>(-x.abs()))
        }

        /// a/(1 + g) for 0 ≤ g < 2, with the rounding error of 1 + g compensated: one more
        /// division, half an ulp less error (what keeps swish and mish within 3 ulp).
        #[inline(always)]
        fn div_one_plus(a: $f, g: $f) -> $f {
            let d = 1.0 + g;
            // Fast2Sum: the exact rounding error of 1 + g (exponent of 1 ≥ exponent of g).
            let dl = (1.0 - d) + g;
            let y0 = a / d;
            // a/(d + dl) = (a − (a/d)·dl)/d to first order in dl/d ≤ 2^−mant.
            (a - y0 * dl) / d
        }

        /// swish(x) = x·σ(x) = x/(1 + e^(−x)) (x ≥ 0), x·eˣ/(1 + eˣ) (x < 0).
        #[inline(always)]
        pub fn swish(x: $f) -> $f {
            let (q, s1, s2) = exp_split::<false>(-x.abs());
            let e = (1.0 + q) * s1 * s2;
            // x < 0: x·eˣ = (x + x·q)·s₁·s₂, with s₂ last (subnormal results).
            let neg = x < 0.0;
            // NOTE: scale x by s₁ first: x + x·q could overflow for x near −MAX.
            let xs = clamp_lo(x, $f::MIN) * s1;
            let (num, sc) = if neg { (xs + xs * q, s2) } else { (x, 1.0) };
            let y = div_one_plus(num, e) * sc;
            // swish(±0) = ±0 and swish(+∞) = +∞ (the compensation step gives +0 and ∞ − ∞).
            if x == 0.0 || x == $f::INFINITY { x } else { y }
        }

        /// mish(x) = x·tanh(ln(1 + eˣ)) = x·n/(n + 2) with n = eˣ(eˣ + 2), never through tanh
        /// and ln, in three forms selected by range (each accurate where it is used):
        /// - x ≥ 0, e = e^(−x): x·(1 + 2e)/(1 + 2e + 2e²);
        /// - −¼ ≤ x < 0, u = eˣ − 1: n = 3 + u(4 + u), free of the rounding of eˣ near 1;
        /// - x < −¼: x·g/(1 + g) with g = n/2 = eˣ(1 + eˣ/2), right down to subnormal results.
        #[inline(always)]
        pub fn mish(x: $f) -> $f {
            let (q, s1, s2) = exp_split::<false>(-x.abs());
            let p = 1.0 + q;
            let e = p * s1 * s2;
            // x < −¼: x·g = x·(1 + q)(1 + e/2)·s₁·s₂ = (x + x·(q + e(1 + q)/2))·s₁·s₂, s₂ last;
            // x is scaled by s₁ first so that nothing overflows for x near −MAX.
            let g = e * (1.0 + 0.5 * e);
            let w = q + 0.5 * e * p;
            let xs = clamp_lo(x, $f::MIN) * s1;
            let far = div_one_plus(xs + xs * w, g) * s2;
            // −¼ ≤ x < 0: k ∈ {−1, 0}, so u = s·q + (s − 1) is exact up to one rounding.
            let sc = s1 * s2;
            let u = sc * q + (sc - 1.0);
            let n = 3.0 + u * (4.0 + u);
            let near = x * n / (n + 2.0);
            let np = 1.0 + 2.0 * e;
            let pos = x * np / (np + 2.0 * e * e);
            // NOTE: the same in u = e^(−x) − 1 for 0 ≤ x < ¼, (3 + 2u)/(5 + u(6 + 2u)), measured
            // worse (3.33 ulp against 3.01, exhaustively): its denominator sits just above 4,
            // where one rounding costs a full 2⁻²⁴ relative.
            if x >= 0.0 {
                pos
            } else if x >= -0.25 {
                near
            } else {
                far
            }
        }

        /// ELU: α(eˣ − 1) for x < 0, x otherwise.
        #[inline(always)]
        pub fn elu(x: $f, alpha: $f) -> $f {
            let em1 = alpha * exp_m1_with::<false>(if x < 0.0 { x } else { 0.0 });
            if x < 0.0 { em1 } else { x }
        }
    };
}

/// The `f32` functions.
pub mod f32 {
    /// 2^(i/32) for i = 0 … 31 as `f64` bit patterns, each minus i·2⁴⁷, so that adding k·2⁴⁷
    /// for any k ≡ i (mod 32) gives the bits of 2^(k/32): the table of ARM's
    /// optimized-routines `expf` (also glibc's), regenerated with mpmath and checked against
    /// `exp2` in the tests.
    pub(super) const EXP2_32: [u64; 32] = [
        0x3ff0_0000_0000_0000,
        0x3fef_d9b0_d315_8574,
        0x3fef_b558_6cf9_890f,
        0x3fef_9301_d012_5b51,
        0x3fef_72b8_3c7d_517b,
        0x3fef_5487_3168_b9aa,
        0x3fef_387a_6e75_6238,
        0x3fef_1e9d_f51f_dee1,
        0x3fef_06fe_0a31_b715,
        0x3fee_f1a7_373a_a9cb,
        0x3fee_dea6_4c12_3422,
        0x3fee_ce08_6061_892d,
        0x3fee_bfda_d536_2a27,
        0x3fee_b42b_569d_4f82,
        0x3fee_ab07_dd48_5429,
        0x3fee_a47e_b03a_5585,
        0x3fee_a09e_667f_3bcd,
        0x3fee_9f75_e8ec_5f74,
        0x3fee_a114_73eb_0187,
        0x3fee_a589_994c_ce13,
        0x3fee_ace5_422a_a0db,
        0x3fee_b737_b0cd_c5e5,
        0x3fee_c491_82a3_f090,
        0x3fee_d503_b23e_255d,
        0x3fee_e89f_995a_d3ad,
        0x3fee_ff76_f2fb_5e47,
        0x3fef_199b_dd85_529c,
        0x3fef_3720_dcef_9069,
        0x3fef_5818_dcfb_a487,
        0x3fef_7c97_337b_9b5f,
        0x3fef_a4af_a2a4_90da,
        0x3fef_d076_5b6e_4540,
    ];

    /// a·b + c, fused (one rounding) when `FMA` and `std` are on.
    #[inline(always)]
    fn fma64<const FMA: bool>(a: f64, b: f64, c: f64) -> f64 {
        #[cfg(feature = "std")]
        if FMA {
            return a.mul_add(b, c);
        }
        a * b + c
    }

    /// [`sigmoid_narrow_table`]'s computation; `FMA` fuses its multiply-adds.
    #[inline(always)]
    fn sigmoid_narrow_body<const FMA: bool>(x: f32) -> f32 {
        const N: f64 = 32.0;
        const SHIFT: f64 = 6_755_399_441_055_744.0; // 1.5·2⁵²
        // 2^(r/32) ≈ 1 + r·(C2 + r·(C1 + r·C0)) for |r| ≤ ½: the coefficients of
        // optimized-routines' `exp2f`, scaled by 1/32ᵏ (the whole function measures 0.502 ulp).
        const C0: f64 = f64::from_bits(0x3fac_6af8_4b91_2394) / (N * N * N);
        const C1: f64 = f64::from_bits(0x3fce_bfce_50fa_c4f3) / (N * N);
        const C2: f64 = f64::from_bits(0x3fe6_2e42_ff0c_52d6) / N;
        // e^(−x) = 2^(z/32), z = −32x/ln 2 = k + r with k an integer and |r| ≤ ½.
        let z = (x as f64) * (-core::f64::consts::LOG2_E * N);
        let kd = z + SHIFT;
        let ki = kd.to_bits();
        let r = z - (kd - SHIFT);
        // 2^(k/32) from the table and k's bits; only the low 17 bits of k reach the exponent,
        // which is exact for |x| ≤ 150 (|k| < 7000); beyond, the result is selected below.
        let s = f64::from_bits(EXP2_32[(ki % 32) as usize].wrapping_add(ki << 47));
        let p = fma64::<FMA>(fma64::<FMA>(C0, r, C1), r * r, fma64::<FMA>(C2, r, 1.0));
        // In f64, 1 + e^(−x) neither overflows (e^150 ≈ 10⁶⁵) nor loses the subnormal results
        // of σ near −100: one rounding to f32 at the end.
        let y = (1.0 / fma64::<FMA>(p, s, 1.0)) as f32;
        // NOTE: selects, not branches; NaN falls through both and stays NaN.
        if x > 150.0 {
            1.0
        } else if x < -150.0 {
            0.0
        } else {
            y
        }
    }

    /// Two [`sigmoid_narrow_table`]s compiled with FMA: two values cross the call in two registers
    /// (measured faster than one `[f32; N]` or one SSE vector of four).
    ///
    /// # Safety
    /// The CPU has FMA.
    #[cfg(all(target_arch = "x86_64", feature = "std", not(target_feature = "fma")))]
    #[target_feature(enable = "fma")]
    fn sigmoid_narrow_fma2(a: f32, b: f32) -> (f32, f32) {
        (
            sigmoid_narrow_body::<true>(a),
            sigmoid_narrow_body::<true>(b),
        )
    }

    /// One [`sigmoid_narrow_table`] compiled with FMA, for the odd value of a layer.
    ///
    /// # Safety
    /// The CPU has FMA.
    #[cfg(all(target_arch = "x86_64", feature = "std", not(target_feature = "fma")))]
    #[target_feature(enable = "fma")]
    fn sigmoid_narrow_fma1(a: f32) -> f32 {
        sigmoid_narrow_body::<true>(a)
    }

    /// Whether [`sigmoid_narrow`] is the `f64`-table variant ([`sigmoid_narrow_table`]) on the
    /// build target: `true` on x86, x86-64 and AArch64, `false` elsewhere (there it is
    /// [`sigmoid`]). See [`sigmoid_narrow`] for why.
    pub const NARROW_TABLE: bool = cfg!(any(
        target_arch = "x86",
        target_arch = "x86_64",
        target_arch = "aarch64"
    ));

    /// σ(x) = 1/(1 + e^(−x)) for layers of a few neurons
    /// ([`NARROW_MAX`](crate::activation::NARROW_MAX) or fewer), where nothing runs in parallel
    /// and each layer waits for its σ. Which code computes it depends on the target
    /// ([`NARROW_TABLE`]):
    ///
    /// - **x86, x86-64 and AArch64**: [`sigmoid_narrow_table`], computed for latency in `f64`
    ///   (a 32-entry table of 2^(i/32), a degree-3 polynomial, one division, one rounding to
    ///   `f32`). Its dependency chain is about two thirds of [`sigmoid`]'s (17 against 28 ns per
    ///   dependent call on x86-64, `cargo bench --bench latency`). These targets do `f64` in
    ///   hardware at `f32`'s speed; the gain was measured on x86-64 (AArch64 keeps it
    ///   unmeasured: its `f64` is hardware too, so it costs no software routine).
    /// - **every other target**: [`sigmoid`], all in `f32`. Many of them have no
    ///   double-precision hardware (a Cortex-M4F's FPU is single precision, a Cortex-M0 has
    ///   none), where each `f64` operation of the table variant is a software routine: on the
    ///   Cortex-M4F it made the XOR firmware 3,420 B bigger and its forward pass 17× the
    ///   instructions (4,517 against 266; `BENCHMARKS.md`, issue 22). Targets that do
    ///   have `f64` hardware (32-bit ARM with a double FPU, RISC-V with D, …) take this
    ///   path too: the rule is one `cfg` on the architecture, not on FPU features, and the
    ///   table variant's gain is measured only on x86-64.
    ///
    /// Accuracy: 0.50 ulp over every finite `f32` on x86, x86-64 and AArch64 (with or without
    /// FMA), [`sigmoid`]'s 2.40 ulp elsewhere (`tools/accuracy`, which measures the variant of
    /// the target it is built for, and the table variant explicitly). Special values as
    /// [`sigmoid`].
    #[inline(always)]
    pub fn sigmoid_narrow(x: f32) -> f32 {
        sigmoid_narrow_array([x])[0]
    }

    /// [`sigmoid_narrow`] of each of a layer's values: on this target (x86, x86-64 or AArch64)
    /// the table variant, choosing the FMA code once for the layer (one call; inside it the N
    /// independent chains overlap).
    #[cfg(any(target_arch = "x86", target_arch = "x86_64", target_arch = "aarch64"))]
    #[inline(always)]
    pub fn sigmoid_narrow_array<const N: usize>(x: [f32; N]) -> [f32; N] {
        table_array(x)
    }

    /// [`sigmoid_narrow`] of each of a layer's values: on this target (neither x86, x86-64 nor
    /// AArch64) [`sigmoid`] of each, all in `f32`.
    #[cfg(not(any(target_arch = "x86", target_arch = "x86_64", target_arch = "aarch64")))]
    #[inline(always)]
    pub fn sigmoid_narrow_array<const N: usize>(x: [f32; N]) -> [f32; N] {
        x.map(sigmoid)
    }

    /// σ(x) computed for **latency** with `f64` arithmetic, on every target (what
    /// [`sigmoid_narrow`] is on x86, x86-64 and AArch64): e^(−x) as in glibc's `expf` (a
    /// 32-entry table of 2^(i/32) and a degree-3 polynomial, in `f64`), then 1/(1 + e^(−x)) in
    /// `f64`, rounded once. A table look-up per element does not vectorise on SSE2, so wide
    /// layers keep [`sigmoid`]; and without `f64` hardware every operation here is a software
    /// routine (use [`sigmoid_narrow`], which picks the right code for the target).
    ///
    /// Accuracy: 0.50 ulp over every finite `f32` (`tools/accuracy`), with or without FMA.
    /// With `std` on x86-64 the multiply-adds are fused where the CPU has FMA (chosen at run
    /// time, as `std`'s `expf` does), which shortens the chain by a fifth (17 against 21 ns);
    /// results can differ in the last bit between the two. Special values as [`sigmoid`].
    #[inline(always)]
    pub fn sigmoid_narrow_table(x: f32) -> f32 {
        table_array([x])[0]
    }

    /// [`sigmoid_narrow_table`] of each value, choosing the FMA code once for the layer.
    #[inline(always)]
    fn table_array<const N: usize>(x: [f32; N]) -> [f32; N] {
        crate::kernels::if_cpu_has!(fma, {
            let mut y = x;
            let (pairs, rest) = y.as_chunks_mut::<2>();
            for p in pairs {
                // SAFETY: the CPU has FMA (asked above).
                (p[0], p[1]) = unsafe { sigmoid_narrow_fma2(p[0], p[1]) };
            }
            for v in rest {
                // NOTE: not `sigmoid_narrow_fma2(*v, 0.0)`: its wasted lane cost no latency but
                // 22 of the 2 → 8 → 1 forward pass's 226 instructions.
                // SAFETY: as above.
                *v = unsafe { sigmoid_narrow_fma1(*v) };
            }
            return y;
        });
        x.map(sigmoid_narrow_body::<{ cfg!(all(feature = "std", target_feature = "fma")) }>)
    }

    /// [`sigmoid_narrow_table`] without FMA whatever the CPU (for the accuracy tool and the tests,
    /// which check both variants).
    #[doc(hidden)]
    pub fn sigmoid_narrow_no_fma(x: f32) -> f32 {
        sigmoid_narrow_body::<false>(x)
    }

    /// Whether the public [`exp`], [`exp_m1`], [`tanh`] and [`sigmoid`] are the fused flavour
    /// ([`fused`]): `true` in builds for FMA (`-C target-cpu=x86-64-v3`, `native`, or
    /// `-C target-feature=+fma`) that can express a fused multiply-add (with `std`, or on
    /// x86-64), `false` otherwise. Where it is `false` these functions give the same bits as
    /// before the fused flavour existed (the tests pin them).
    pub const FUSED_IN_BUILD: bool = cfg!(all(
        target_feature = "fma",
        any(feature = "std", target_arch = "x86_64")
    ));

    /// Whether [`fused`]'s functions really fuse: `true` with `std` (through `f32::mul_add`) and
    /// in no-`std` builds for FMA on x86-64 (through `_mm_fmadd_ss`); elsewhere (no `std`, no
    /// FMA in the build) they are the unfused functions.
    pub const FUSED_AVAILABLE: bool = cfg!(any(
        feature = "std",
        all(target_arch = "x86_64", target_feature = "fma")
    ));

    /// a·b + c: one rounding (a fused multiply-add) when `FMA` and [`FUSED_AVAILABLE`], else
    /// a·b rounded, then the sum rounded (what Rust compiles `a * b + c` to: it never fuses by
    /// itself).
    ///
    /// With `std` the fused form is `f32::mul_add`: one `vfmadd` where it is inlined into code
    /// compiled with FMA (and vectorised there like any other operation), a call to libm's
    /// `fmaf` (correct, slow) elsewhere.
    #[inline(always)]
    fn madd<const FMA: bool>(a: f32, b: f32, c: f32) -> f32 {
        if FMA {
            #[cfg(feature = "std")]
            return a.mul_add(b, c);
            #[cfg(all(not(feature = "std"), target_arch = "x86_64", target_feature = "fma"))]
            {
                use core::arch::x86_64::{_mm_cvtss_f32, _mm_fmadd_ss, _mm_set_ss};
                // SAFETY: the build enables FMA (the `cfg` above), and x86-64 always has SSE.
                // LLVM folds the scalar lanes away: inside a loop this vectorises to `vfmadd…ps`.
                return unsafe {
                    _mm_cvtss_f32(_mm_fmadd_ss(_mm_set_ss(a), _mm_set_ss(b), _mm_set_ss(c)))
                };
            }
        }
        a * b + c
    }

    /// The fused flavour of the `f32` exponential, tanh and σ: the same algorithms with every
    /// multiply-add fused (a·b + c rounded once): the Cody–Waite reduction
    /// r = fma(−k, ln2_lo, fma(−k, ln2_hi, x)), k from fma(x, log₂e, 1.5·2²³), the polynomial's
    /// steps, the reconstruction 2ᵏ·p + (2ᵏ − 1), and σ's 1 + e. Fewer instructions (a
    /// multiply-add is one `vfmadd` instead of two) and less rounding (see the accuracy table
    /// in [`math`](crate::math)); branch-free, with the same special values.
    ///
    /// These are for code compiled with FMA (a `#[target_feature(enable = "fma")]` function,
    /// or a build for FMA, where the public [`exp`] … already are these): the
    /// recurrent cells' `avx2,fma` steps and the activation maps' `avx2,fma` copy call them
    /// through [`Scalar::act_tanh_fused`](crate::Scalar::act_tanh_fused) and its siblings.
    /// Called from code compiled without FMA they still give the fused results with `std` (a
    /// call to libm's `fmaf` per multiply-add: slow); without `std` and without FMA in the
    /// build they are the unfused functions ([`FUSED_AVAILABLE`]).
    pub mod fused {
        /// eˣ, fused flavour ([`exp`](super::exp)).
        #[inline(always)]
        pub fn exp(x: f32) -> f32 {
            super::exp_with::<true>(x)
        }
        /// eˣ − 1, fused flavour ([`exp_m1`](super::exp_m1)).
        #[inline(always)]
        pub fn exp_m1(x: f32) -> f32 {
            super::exp_m1_with::<true>(x)
        }
        /// tanh x, fused flavour ([`tanh`](super::tanh)).
        #[inline(always)]
        pub fn tanh(x: f32) -> f32 {
            super::tanh_with::<true>(x)
        }
        /// σ(x) = 1/(1 + e^(−x)), fused flavour ([`sigmoid`](super::sigmoid)).
        #[inline(always)]
        pub fn sigmoid(x: f32) -> f32 {
            super::sigmoid_with::<true>(x)
        }
        /// [`sigmoid_narrow_array`](super::sigmoid_narrow_array) for code compiled with FMA:
        /// on x86, x86-64 and AArch64 the table variant with its multiply-adds fused, inline,
        /// without asking the CPU (what a build for FMA runs); elsewhere the same as
        /// `sigmoid_narrow_array`.
        #[inline(always)]
        pub fn sigmoid_narrow_array<const N: usize>(x: [f32; N]) -> [f32; N] {
            #[cfg(any(target_arch = "x86", target_arch = "x86_64", target_arch = "aarch64"))]
            {
                x.map(super::sigmoid_narrow_body::<{ super::FUSED_AVAILABLE }>)
            }
            #[cfg(not(any(target_arch = "x86", target_arch = "x86_64", target_arch = "aarch64")))]
            {
                super::sigmoid_narrow_array(x)
            }
        }
    }

    /// The unfused flavour whatever the build (what the public functions are where
    /// [`FUSED_IN_BUILD`] is `false`): for the accuracy tool and the tests.
    #[doc(hidden)]
    pub mod unfused {
        /// [`exp`](super::exp), unfused.
        #[inline(always)]
        pub fn exp(x: f32) -> f32 {
            super::exp_with::<false>(x)
        }
        /// [`exp_m1`](super::exp_m1), unfused.
        #[inline(always)]
        pub fn exp_m1(x: f32) -> f32 {
            super::exp_m1_with::<false>(x)
        }
        /// [`tanh`](super::tanh), unfused.
        #[inline(always)]
        pub fn tanh(x: f32) -> f32 {
            super::tanh_with::<false>(x)
        }
        /// [`sigmoid`](super::sigmoid), unfused.
        #[inline(always)]
        pub fn sigmoid(x: f32) -> f32 {
            super::sigmoid_with::<false>(x)
        }
    }

    /// e^r − 1 = r + r²·q(r) for |r| ≤ ½ ln 2, q of degree 5: a minimax fit of the relative
    /// error of e^r − 1 (`tools/accuracy/fit_expm1.py`; each coefficient rounded to `f32` before
    /// the next ones were refitted), 0.0073·2⁻²⁴ relative in exact arithmetic (the degree-8
    /// Taylor polynomial it replaces: 0.0051·2⁻²⁴), one coefficient and two operations fewer.
    /// q by Estrin's scheme in r and r² (a tree of depth 3 instead of Horner's chain of 5: about
    /// half the latency, which is what a narrow layer waits for), with r² shared with the
    /// outer product; keeps the sign of r = −0. `FMA` fuses its six multiply-adds (the unfused
    /// flavour computes the same operations in the same order as before it existed).
    #[inline(always)]
    fn expm1_poly<const FMA: bool>(r: f32) -> f32 {
        const C: [f32; 6] = [
            0.5,
            0.166_666_66,
            0.041_666_493,
            0.008_333_544,
            0.001_393_232_4,
            0.000_197_633_18,
        ];
        let r2 = r * r;
        let q01 = madd::<FMA>(C[1], r, C[0]);
        let q23 = madd::<FMA>(C[3], r, C[2]);
        let q45 = madd::<FMA>(C[5], r, C[4]);
        let q = madd::<FMA>(r2, madd::<FMA>(r2, q45, q23), q01);
        madd::<FMA>(r2, q, r)
    }

    /// fdlibm's `log1pf`/`logf` kernel R(z), z = s²: ln(1+f) = 2s + s·R.
    #[inline(always)]
    fn log_poly(z: f32) -> f32 {
        const LG1: f32 = 0.666_666_6; // 0xaaaaaa.0p-24
        const LG2: f32 = 0.400_009_72; // 0xccce13.0p-25
        const LG3: f32 = 0.284_987_87; // 0x91e9ee.0p-25
        const LG4: f32 = 0.242_790_79; // 0xf89e26.0p-26
        let w = z * z;
        let t1 = w * (LG2 + w * LG4);
        let t2 = z * (LG1 + w * LG3);
        t2 + t1
    }

    math_impl!(
        f32,
        u32,
        i32,
        mant = 23,
        bias = 127,
        // e^x overflows above 88.72; x·e^x (swish, mish) rounds to 0 below −110 (e^x below −104).
        exp_lo = -112.0,
        exp_hi = 89.0,
        // e^x − 1 rounds to −1 below −17.33; tanh x to ±1 above 9.01.
        expm1_lo = -20.0,
        tanh_hi = 10.0,
        // ln 2 = LN2_HI + LN2_LO, LN2_HI with 9 significant bits so k·LN2_HI is exact.
        ln2_hi = 0.693_359_4_f32,
        ln2_lo = -2.121_944_4e-4_f32,
        log_poly = log_poly,
        // √½
        sqrt_half_bits = 0x3f35_04f3,
        // e^(−112) = m·2⁻¹⁶² at the clamp: 2^(−162 + 64) is normal.
        sig_shift = 64,
    );
}

/// The `f64` functions.
pub mod f64 {
    /// σ(x) for narrow layers: in `f64` the same as [`sigmoid`] (the table-driven variant is
    /// [`f32`](super::f32::sigmoid_narrow) only).
    #[inline(always)]
    pub fn sigmoid_narrow(x: f64) -> f64 {
        sigmoid(x)
    }

    /// [`sigmoid_narrow`] of each of a layer's values.
    #[inline(always)]
    pub fn sigmoid_narrow_array<const N: usize>(x: [f64; N]) -> [f64; N] {
        x.map(sigmoid)
    }

    /// `false`: the `f64` functions have no fused flavour (only the `f32` ones were measured
    /// with one), in every build.
    pub const FUSED_IN_BUILD: bool = false;

    /// [`f32::fused`](super::f32::fused)'s names for `f64`: the plain functions (`f64` has no
    /// fused flavour), so that code generic over the float type can name both.
    pub mod fused {
        pub use super::{exp, exp_m1, sigmoid, sigmoid_narrow_array, tanh};
    }

    /// a·b + c, two roundings: `f64` is never fused (see [`FUSED_IN_BUILD`]).
    #[inline(always)]
    fn madd<const FMA: bool>(a: f64, b: f64, c: f64) -> f64 {
        a * b + c
    }

    /// q(r) with e^r − 1 = r + r²·q(r): the Taylor coefficients 1/2! … 1/13! (truncation below
    /// 0.05 ulp on |r| ≤ ½ ln 2), by Estrin's scheme.
    #[inline(always)]
    fn exp_poly(r: f64) -> f64 {
        const C: [f64; 12] = [
            1.0 / 2.0,
            1.0 / 6.0,
            1.0 / 24.0,
            1.0 / 120.0,
            1.0 / 720.0,
            1.0 / 5040.0,
            1.0 / 40320.0,
            1.0 / 362880.0,
            1.0 / 3628800.0,
            1.0 / 39916800.0,
            1.0 / 479001600.0,
            1.0 / 6227020800.0,
        ];
        let r2 = r * r;
        let r4 = r2 * r2;
        let r8 = r4 * r4;
        let q01 = (C[0] + C[1] * r) + (C[2] + C[3] * r) * r2;
        let q23 = (C[4] + C[5] * r) + (C[6] + C[7] * r) * r2;
        let q45 = (C[8] + C[9] * r) + (C[10] + C[11] * r) * r2;
        (q01 + q23 * r4) + q45 * r8
    }

    /// e^r − 1 = r + r·(r·q(r)) for |r| ≤ ½ ln 2 (keeps the sign of r = −0), q = [`exp_poly`]
    /// (`FMA` is ignored: `f64` is never fused).
    #[inline(always)]
    fn expm1_poly<const FMA: bool>(r: f64) -> f64 {
        r + r * (r * exp_poly(r))
    }

    /// fdlibm's `log1p`/`log` kernel R(z), z = s²: ln(1+f) = 2s + s·R.
    #[inline(always)]
    fn log_poly(z: f64) -> f64 {
        const LG1: f64 = 6.666_666_666_666_735e-1;
        const LG2: f64 = 3.999_999_999_940_942e-1;
        const LG3: f64 = 2.857_142_874_366_239e-1;
        const LG4: f64 = 2.222_219_843_214_978_4e-1;
        const LG5: f64 = 1.818_357_216_161_805e-1;
        const LG6: f64 = 1.531_383_769_920_937_3e-1;
        const LG7: f64 = 1.479_819_860_511_658_6e-1;
        let w = z * z;
        let t1 = w * (LG2 + w * (LG4 + w * LG6));
        let t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
        t2 + t1
    }

    math_impl!(
        f64,
        u64,
        i64,
        mant = 52,
        bias = 1023,
        // e^x overflows above 709.78; x·e^x (swish, mish) rounds to 0 below −752 (e^x below −745).
        exp_lo = -760.0,
        exp_hi = 710.0,
        // e^x − 1 rounds to −1 below −37.4; tanh x to ±1 above 19.1.
        expm1_lo = -40.0,
        tanh_hi = 20.0,
        // fdlibm's split of ln 2: LN2_HI has 32 trailing zero bits so k·LN2_HI is exact.
        ln2_hi = 6.931_471_803_691_238e-1_f64,
        ln2_lo = 1.908_214_929_270_587_7e-10_f64,
        log_poly = log_poly,
        // √½
        sqrt_half_bits = 0x3fe6_a09e_667f_3bcd,
        // e^(−760) = m·2⁻¹⁰⁹⁶ at the clamp: 2^(−1096 + 128) is normal.
        sig_shift = 128,
    );
}

#[cfg(test)]
mod tests;
