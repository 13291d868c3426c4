//! Special values against `std`, and a sampled accuracy check (the exhaustive one is
//! `tools/accuracy`).

/// ulp of the exact value v in a float with `mant` mantissa bits and smallest exponent `emin`.
fn ulp(v: f64, mant: i32, emin: i32) -> f64 {
    let a = v.abs();
    let e = if a == 0.0 {
        emin
    } else {
        a.log2().floor() as i32
    };
    // In two steps: 2⁻¹⁰⁷⁴ itself is representable, but powi's intermediate 2¹⁰⁷⁴ is not.
    let k = e.max(emin) - mant;
    2f64.powi(k / 2) * 2f64.powi(k - k / 2)
}

/// SplitMix64.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn sigmoid_ref(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

fn softplus_ref(x: f64) -> f64 {
    if x > 0.0 {
        x + (-x).exp().ln_1p()
    } else {
        x.exp().ln_1p()
    }
}

/// Every function with its `f64` reference.
type Case32 = (&'static str, fn(f32) -> f32, fn(f64) -> f64);
const CASES32: [Case32; 20] = [
    ("exp", super::f32::exp, f64::exp),
    ("exp (fused)", super::f32::fused::exp, f64::exp),
    ("exp (unfused)", super::f32::unfused::exp, f64::exp),
    ("exp_m1 (fused)", super::f32::fused::exp_m1, f64::exp_m1),
    ("exp_m1 (unfused)", super::f32::unfused::exp_m1, f64::exp_m1),
    ("tanh (fused)", super::f32::fused::tanh, f64::tanh),
    ("tanh (unfused)", super::f32::unfused::tanh, f64::tanh),
    ("sigmoid (fused)", super::f32::fused::sigmoid, sigmoid_ref),
    (
        "sigmoid (unfused)",
        super::f32::unfused::sigmoid,
        sigmoid_ref,
    ),
    ("sigmoid_narrow", super::f32::sigmoid_narrow, sigmoid_ref),
    (
        "sigmoid_narrow_table",
        super::f32::sigmoid_narrow_table,
        sigmoid_ref,
    ),
    (
        "sigmoid_narrow (no FMA)",
        super::f32::sigmoid_narrow_no_fma,
        sigmoid_ref,
    ),
    ("exp_m1", super::f32::exp_m1, f64::exp_m1),
    ("tanh", super::f32::tanh, f64::tanh),
    ("sigmoid", super::f32::sigmoid, sigmoid_ref),
    ("softplus", super::f32::softplus, softplus_ref),
    ("log_sigmoid", super::f32::log_sigmoid, |x| {
        -softplus_ref(-x)
    }),
    ("swish", super::f32::swish, |x| x * sigmoid_ref(x)),
    ("mish", super::f32::mish, |x| x * softplus_ref(x).tanh()),
    (
        "elu",
        |x| super::f32::elu(x, 1.0),
        |x| if x < 0.0 { x.exp_m1() } else { x },
    ),
];

type Case64 = (&'static str, fn(f64) -> f64, fn(f64) -> f64);
const CASES64: [Case64; 9] = [
    ("exp", super::f64::exp, f64::exp),
    ("exp_m1", super::f64::exp_m1, f64::exp_m1),
    ("tanh", super::f64::tanh, f64::tanh),
    ("sigmoid", super::f64::sigmoid, sigmoid_ref),
    ("softplus", super::f64::softplus, softplus_ref),
    ("log_sigmoid", super::f64::log_sigmoid, |x| {
        -softplus_ref(-x)
    }),
    ("swish", super::f64::swish, |x| x * sigmoid_ref(x)),
    ("mish", super::f64::mish, |x| x * softplus_ref(x).tanh()),
    (
        "elu",
        |x| super::f64::elu(x, 1.0),
        |x| if x < 0.0 { x.exp_m1() } else { x },
    ),
];

/// 10⁵ inputs per function: half random bit patterns (the whole range), half uniform in
/// [−40, 40] where the functions are not saturated. `f32`: at most 3 ulp from the `f64`
/// reference (whose own error is ~2⁻²⁹ ulp). `f64`: at most 4 ulp from the reference computed
/// with `std` (whose own error, up to ~1 ulp for the composed references, is in that slack).
#[test]
fn sampled_accuracy() {
    let mut rng = Rng(7);
    for (name, fast, exact) in CASES32 {
        let mut worst = (0.0, 0.0f32);
        for i in 0..100_000 {
            let x = if i % 2 == 0 {
                f32::from_bits(rng.next() as u32)
            } else {
                (rng.unit() * 80.0 - 40.0) as f32
            };
            if !x.is_finite() {
                continue;
            }
            let (y, v) = (fast(x), exact(x as f64));
            if v.abs() > f32::MAX as f64 {
                assert!(y.is_infinite(), "{name}({x:e}) = {y:e}, expected overflow");
                continue;
            }
            let err = (y as f64 - v).abs() / ulp(v, 23, -126);
            if err > worst.0 || err.is_nan() {
                worst = (err, x);
            }
        }
        assert!(
            worst.0 <= 3.0,
            "f32 {name}: {} ulp at x = {:e}",
            worst.0,
            worst.1
        );
    }
    for (name, fast, exact) in CASES64 {
        let mut worst = (0.0, 0.0f64);
        for i in 0..100_000 {
            let x = if i % 2 == 0 {
                f64::from_bits(rng.next())
            } else {
                rng.unit() * 80.0 - 40.0
            };
            if !x.is_finite() {
                continue;
            }
            let (y, v) = (fast(x), exact(x));
            if v.is_infinite() {
                assert_eq!(y, v, "{name}({x:e})");
                continue;
            }
            if x < -708.0 {
                // NOTE: a std-composed reference such as x·eˣ/(1 + eˣ) is itself off by up to
                // |x|/2 ulp where eˣ is subnormal; tools/accuracy measures these results against
                // double-double references.
                continue;
            }
            let err = (y - v).abs() / ulp(v, 52, -1022);
            if err > worst.0 || err.is_nan() {
                worst = (err, x);
            }
        }
        assert!(
            worst.0 <= 4.0,
            "f64 {name}: {} ulp at x = {:e}",
            worst.0,
            worst.1
        );
    }
}

/// The same as `std` where `std` is exact or a limit: NaN, ±∞, ±0 (with its sign), subnormal
/// inputs, and the saturation of each function.
/// `$fl` names the module of exp, exp_m1, tanh and sigmoid (the public ones, or one flavour).
macro_rules! special_values {
    ($name:ident, $f:ident, $fl:path, $cases:ident) => {
        #[test]
        fn $name() {
            use super::$f as m;
            use $fl as fl;
            let (inf, nan, tiny) = ($f::INFINITY, $f::NAN, $f::from_bits(1));
            let sub = $f::MIN_POSITIVE / 4.0;
            for (name, fast, _) in $cases {
                assert!(fast(nan).is_nan(), "{name}(NaN)");
                assert!(fast(-nan).is_nan(), "{name}(−NaN)");
            }
            let same = |a: $f, b: $f| a.to_bits() == b.to_bits();
            // exp
            assert_eq!(fl::exp(-inf), 0.0);
            assert_eq!(fl::exp(inf), inf);
            assert_eq!(fl::exp(0.0), 1.0);
            assert_eq!(fl::exp(-0.0), 1.0);
            assert_eq!(fl::exp(tiny), 1.0);
            assert_eq!(fl::exp(-sub), 1.0);
            assert_eq!(fl::exp($f::MAX), inf);
            assert_eq!(fl::exp($f::MIN), 0.0);
            // Overflow and underflow at the same inputs as std: the last finite and the first
            // infinite e^x, the last nonzero and the first zero.
            let ln_max = ($f::MAX).ln();
            let below = $f::from_bits(ln_max.to_bits());
            let above = $f::from_bits(ln_max.to_bits() + 1);
            for x in [below, above] {
                assert_eq!(fl::exp(x).is_finite(), x.exp().is_finite(), "exp({x:e})");
                assert_eq!(
                    fl::exp_m1(x).is_finite(),
                    x.exp_m1().is_finite(),
                    "exp_m1({x:e})"
                );
            }
            let ln_tiny = tiny.ln() - 0.8; // e^x below half the smallest subnormal
            assert_eq!(fl::exp(ln_tiny), 0.0);
            assert!(
                fl::exp(tiny.ln()) > 0.0,
                "the smallest subnormal is reached"
            );
            // exp_m1: odd at 0, −1 and +∞ at the ends, x for tiny x.
            assert!(same(fl::exp_m1(0.0), 0.0) && same(fl::exp_m1(-0.0), -0.0));
            assert_eq!(fl::exp_m1(-inf), -1.0);
            assert_eq!(fl::exp_m1($f::MIN), -1.0);
            assert_eq!(fl::exp_m1(inf), inf);
            assert_eq!(fl::exp_m1($f::MAX), inf);
            assert!(same(fl::exp_m1(tiny), tiny) && same(fl::exp_m1(-sub), -sub));
            // tanh: odd, ±1 at the ends, x for tiny x.
            assert!(same(fl::tanh(0.0), 0.0) && same(fl::tanh(-0.0), -0.0));
            assert_eq!((fl::tanh(inf), fl::tanh(-inf)), (1.0, -1.0));
            assert_eq!((fl::tanh($f::MAX), fl::tanh($f::MIN)), (1.0, -1.0));
            assert_eq!((fl::tanh(30.0), fl::tanh(-30.0)), (1.0, -1.0));
            assert!(same(fl::tanh(tiny), tiny) && same(fl::tanh(-sub), -sub));
            // sigmoid (both variants): 0 and 1 at the ends, ½ at 0, subnormal (not 0) just
            // before 0.
            let deep = tiny.ln() + 2.0;
            let sigs: [fn($f) -> $f; 3] = [fl::sigmoid, m::sigmoid_narrow, |x| {
                m::sigmoid_narrow_array([x, 0.0])[0]
            }];
            for sig in sigs {
                assert_eq!((sig(-inf), sig(inf)), (0.0, 1.0));
                assert_eq!((sig($f::MIN), sig($f::MAX)), (0.0, 1.0));
                assert_eq!((sig(0.0), sig(-0.0)), (0.5, 0.5));
                assert_eq!(sig(tiny), 0.5);
                assert!(sig(deep) > 0.0 && sig(deep) < $f::MIN_POSITIVE);
                assert!(sig($f::NAN).is_nan());
                assert!(sig(-1e30) == 0.0 && sig(1e30) == 1.0);
            }
            // softplus and log-sigmoid.
            assert_eq!((m::softplus(-inf), m::softplus(inf)), (0.0, inf));
            assert_eq!((m::softplus($f::MIN), m::softplus($f::MAX)), (0.0, $f::MAX));
            assert_eq!(m::softplus(0.0), core::$f::consts::LN_2);
            assert_eq!((m::log_sigmoid(-inf), m::log_sigmoid(inf)), (-inf, 0.0));
            assert_eq!(m::log_sigmoid($f::MIN), $f::MIN);
            assert_eq!(m::log_sigmoid(0.0), -core::$f::consts::LN_2);
            assert_eq!(m::softplus(deep), fl::sigmoid(deep));
            // swish and mish: odd-signed zeros, x at +∞ side, −0 at the −∞ side, like x·σ(x).
            for f in [m::swish, m::mish] {
                assert!(same(f(0.0), 0.0) && same(f(-0.0), -0.0));
                assert_eq!(f(inf), inf);
                assert_eq!(f($f::MAX), $f::MAX);
                // The limit (x·σ(x) evaluated naively would give −∞·0 = NaN).
                assert!(same(f(-inf), -0.0));
                assert!(same(f($f::MIN), -0.0));
                assert!(f(-sub) < 0.0 && f(sub) > 0.0);
            }
            assert_eq!(m::swish(sub), sub * 0.5);
            // ELU.
            assert_eq!((m::elu(-inf, 1.5), m::elu(inf, 1.5)), (-1.5, inf));
            assert!(same(m::elu(-0.0, 1.0), -0.0) && same(m::elu(0.0, 1.0), 0.0));
            assert!(same(m::elu(-sub, 1.0), -sub));
        }
    };
}

special_values!(special_values_f32, f32, super::f32, CASES32);
special_values!(special_values_f32_fused, f32, super::f32::fused, CASES32);
special_values!(
    special_values_f32_unfused,
    f32,
    super::f32::unfused,
    CASES32
);
special_values!(special_values_f64, f64, super::f64, CASES64);
special_values!(special_values_f64_fused, f64, super::f64::fused, CASES64);

/// The public `exp`, `exp_m1`, `tanh` and `sigmoid` are the fused flavour in builds for FMA
/// and the unfused one elsewhere, bit for bit; where the build can fuse, the flavours differ on
/// some inputs (so the fused one really is fused), by a few ulp at most.
#[test]
fn flavours_follow_the_build() {
    use super::f32 as m;
    type Trio = (&'static str, fn(f32) -> f32, fn(f32) -> f32, fn(f32) -> f32);
    let trios: [Trio; 4] = [
        ("exp", m::exp, m::fused::exp, m::unfused::exp),
        ("exp_m1", m::exp_m1, m::fused::exp_m1, m::unfused::exp_m1),
        ("tanh", m::tanh, m::fused::tanh, m::unfused::tanh),
        (
            "sigmoid",
            m::sigmoid,
            m::fused::sigmoid,
            m::unfused::sigmoid,
        ),
    ];
    assert_eq!(
        m::FUSED_IN_BUILD,
        cfg!(target_feature = "fma") && m::FUSED_AVAILABLE
    );
    let mut rng = Rng(17);
    for (name, public, fused, unfused) in trios {
        let mut differ = 0;
        for _ in 0..10_000 {
            let x = (rng.unit() * 16.0 - 8.0) as f32;
            let (p, f, u) = (public(x), fused(x), unfused(x));
            let want = if m::FUSED_IN_BUILD { f } else { u };
            assert_eq!(p.to_bits(), want.to_bits(), "{name}({x:e})");
            differ += usize::from(f.to_bits() != u.to_bits());
            assert!(
                f.to_bits().abs_diff(u.to_bits()) <= 4,
                "{name}({x:e}): {f:e} vs {u:e}"
            );
        }
        // NOTE: tanh's and σ's last step, a division, rounds most of the difference away:
        // tanh differs on a few in a thousand inputs.
        if m::FUSED_AVAILABLE {
            assert!(
                differ > 5,
                "{name}: the flavours differ on only {differ} inputs"
            );
        }
    }
}

/// The unfused flavour keeps the bits the functions had before the fused one was added: an
/// FNV-1a hash of the results' bits over 10⁵ inputs (half random bit patterns, half in
/// [−40, 40]), per function.
#[test]
fn unfused_bits_are_pinned() {
    use super::f32::unfused as u;
    type Pinned = (&'static str, fn(f32) -> f32, u64);
    let cases: [Pinned; 4] = [
        ("exp", u::exp, PINNED[0]),
        ("exp_m1", u::exp_m1, PINNED[1]),
        ("tanh", u::tanh, PINNED[2]),
        ("sigmoid", u::sigmoid, PINNED[3]),
    ];
    for (name, f, want) in cases {
        let mut rng = Rng(2026);
        let mut h = 0xcbf2_9ce4_8422_2325u64;
        for i in 0..100_000 {
            let x = if i % 2 == 0 {
                f32::from_bits(rng.next() as u32)
            } else {
                (rng.unit() * 80.0 - 40.0) as f32
            };
            h = (h ^ u64::from(f(x).to_bits())).wrapping_mul(0x0100_0000_01b3);
        }
        assert_eq!(h, want, "{name}: the unfused bits changed");
    }
}

/// [`unfused_bits_are_pinned`]'s hashes, computed from the unfused flavour once a scratch
/// program had compared it with the functions before the fused flavour existed over every
/// finite `f32`: the same bits for all of them.
const PINNED: [u64; 4] = [
    0xcbfa_e7ef_554f_0f0d,
    0x499e_4bb0_a6ac_a792,
    0xc969_f0df_e0d9_5112,
    0xdc38_c6bb_7173_33e9,
];

/// The table of `f32::sigmoid_narrow`: entry i plus i·2⁴⁷ is 2^(i/32), correctly rounded.
#[test]
fn exp2_table() {
    for (i, &bits) in super::f32::EXP2_32.iter().enumerate() {
        let v = f64::from_bits(bits + ((i as u64) << 47));
        let exact = (i as f64 / 32.0).exp2();
        assert!(
            (v - exact).abs() <= exact * f64::EPSILON / 2.0,
            "2^({i}/32)"
        );
    }
}

/// Every lane count a narrow layer can have gives each value's `sigmoid_narrow`, with FMA
/// where the CPU has it (one dispatch per layer) or without; the two differ by at most one ulp.
#[test]
fn narrow_arrays_match_single_values() {
    let xs = [-95.5f32, -20.25, -1.5, -0.0, 0.75, 3.0, 17.0];
    let one: [f32; 1] = super::f32::sigmoid_narrow_array([xs[0]]);
    assert_eq!(
        one[0].to_bits(),
        super::f32::sigmoid_narrow(xs[0]).to_bits()
    );
    let three: [f32; 3] = super::f32::sigmoid_narrow_array([xs[1], xs[2], xs[3]]);
    let seven: [f32; 7] = super::f32::sigmoid_narrow_array(xs);
    for (i, x) in xs.iter().enumerate() {
        let y = super::f32::sigmoid_narrow(*x);
        assert_eq!(seven[i].to_bits(), y.to_bits(), "{x}");
        if (1..4).contains(&i) {
            assert_eq!(three[i - 1].to_bits(), y.to_bits(), "{x}");
        }
        let table = super::f32::sigmoid_narrow_table(*x);
        let plain = super::f32::sigmoid_narrow_no_fma(*x);
        assert!(
            table.to_bits().abs_diff(plain.to_bits()) <= 1,
            "{x}: {table:e} vs {plain:e}"
        );
    }
}

/// The fused narrow σ (what the generated `forward`'s AVX2 + FMA and AVX-512 copies run) is
/// the table variant with FMA, bit for bit: `sigmoid_narrow_table` where the CPU has FMA. (The
/// table's fused and unfused codes differ too rarely, in `f64` before the one rounding, for a
/// sweep to tell them apart; this pins the fused code to the dispatched one.)
#[cfg(target_arch = "x86_64")]
#[test]
fn fused_narrow_array_is_the_fma_table() {
    if !std::is_x86_feature_detected!("fma") {
        return;
    }
    for i in 0..20_000u32 {
        let x = (i as f32 - 10_000.0) * 0.0093;
        let fused = super::f32::fused::sigmoid_narrow_array([x, -x]);
        assert_eq!(
            fused[0].to_bits(),
            super::f32::sigmoid_narrow_table(x).to_bits(),
            "{x}"
        );
        assert_eq!(
            fused[1].to_bits(),
            super::f32::sigmoid_narrow_table(-x).to_bits(),
            "{x}"
        );
    }
}

/// `sigmoid_narrow` is the variant `NARROW_TABLE` and the docs name for the build target, bit
/// for bit: the `f64` table on x86, x86-64 and AArch64, `f32` `sigmoid` everywhere else (issue
/// 22: the table's `f64` is software on a Cortex-M). The inputs include some where the two
/// variants differ, so routing this target to the wrong one fails.
#[test]
fn narrow_variant_follows_the_target() {
    use super::f32 as m;
    let table = cfg!(any(
        target_arch = "x86",
        target_arch = "x86_64",
        target_arch = "aarch64"
    ));
    assert_eq!(m::NARROW_TABLE, table);
    let mut rng = Rng(22);
    let mut differ = 0;
    for _ in 0..10_000 {
        let x = (rng.unit() * 40.0 - 20.0) as f32;
        let (t, v) = (m::sigmoid_narrow_table(x), m::sigmoid(x));
        differ += usize::from(t.to_bits() != v.to_bits());
        let want = if table { t } else { v };
        assert_eq!(m::sigmoid_narrow(x).to_bits(), want.to_bits(), "{x:e}");
        let pair = m::sigmoid_narrow_array([x, -x]);
        let want_neg = if table {
            m::sigmoid_narrow_table(-x)
        } else {
            m::sigmoid(-x)
        };
        assert_eq!(pair[0].to_bits(), want.to_bits(), "{x:e}");
        assert_eq!(pair[1].to_bits(), want_neg.to_bits(), "{:e}", -x);
    }
    assert!(differ > 100, "the variants differ on only {differ} inputs");
}

/// The table variant, called explicitly on any target, has the special values of `sigmoid`.
#[test]
fn narrow_table_special_values() {
    use super::f32 as m;
    let tiny = f32::from_bits(1);
    let deep = tiny.ln() + 2.0;
    for sig in [m::sigmoid_narrow_table, m::sigmoid_narrow_no_fma] {
        assert_eq!((sig(f32::NEG_INFINITY), sig(f32::INFINITY)), (0.0, 1.0));
        assert_eq!((sig(f32::MIN), sig(f32::MAX)), (0.0, 1.0));
        assert_eq!((sig(0.0), sig(-0.0)), (0.5, 0.5));
        assert_eq!(sig(tiny), 0.5);
        assert!(sig(deep) > 0.0 && sig(deep) < f32::MIN_POSITIVE);
        assert!(sig(f32::NAN).is_nan() && sig(-f32::NAN).is_nan());
        assert!(sig(-1e30) == 0.0 && sig(1e30) == 1.0);
    }
}

/// σ's deep negative tail, where e^(−|x|) = m·2ᵏ needs k below the normal range (`sigmoid`
/// keeps it as m·2^(k + SIG_SHIFT) and scales the quotient back last): every 2⁻¹⁰th from
/// 4 below the clamp down to 0 up to where σ is normal again, within 3 ulp of the reference
/// (the subnormal spacing for subnormal results, where the sampled test rarely looks), and 0
/// from where σ rounds to 0.
#[test]
fn sigmoid_subnormal_tail() {
    macro_rules! tail {
        ($f:ident, $sig:path, $lo:expr, $hi:expr, $mant:expr, $emin:expr) => {{
            let (lo, hi): ($f, $f) = ($lo, $hi);
            let mut x = lo;
            let mut subnormal = 0;
            while x < hi {
                let (y, v) = ($sig(x), sigmoid_ref(x as f64));
                let err = (y as f64 - v).abs() / ulp(v, $mant, $emin);
                assert!(err <= 3.0, "sigmoid({x:e}) = {y:e}, exact {v:e}: {err} ulp");
                if y != 0.0 && y < $f::MIN_POSITIVE {
                    subnormal += 1;
                }
                x += 1.0 / 1024.0;
            }
            assert!(subnormal > 1000, "{subnormal} subnormal results");
        }};
    }
    tail!(f32, super::f32::sigmoid, -108.0, -86.0, 23, -126);
    tail!(f32, super::f32::fused::sigmoid, -108.0, -86.0, 23, -126);
    tail!(f32, super::f32::unfused::sigmoid, -108.0, -86.0, 23, -126);
    tail!(f64, super::f64::sigmoid, -750.0, -707.0, 52, -1022);
    assert_eq!(super::f32::sigmoid(-104.0), 0.0);
    assert_eq!(super::f32::fused::sigmoid(-104.0), 0.0);
    assert_eq!(super::f64::sigmoid(-746.0), 0.0);
}
