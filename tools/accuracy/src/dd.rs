//! Double-double arithmetic (≈ 106 significant bits) and the reference functions for `f64`.
//!
//! A value is `hi + lo` with |lo| ≤ ½ ulp(hi); the algorithms are Dekker's and Knuth's (two-sum,
//! two-product by fused multiply-add). Functions whose results can be subnormal return a *scaled*
//! value `(v, k)` meaning v·2ᵏ with v normal, so that the reference keeps its 106 bits where an
//! `f64` has only a few.

#[derive(Clone, Copy, Debug)]
pub struct DD {
    pub hi: f64,
    pub lo: f64,
}

fn two_sum(a: f64, b: f64) -> DD {
    let s = a + b;
    let bb = s - a;
    DD {
        hi: s,
        lo: (a - (s - bb)) + (b - bb),
    }
}

fn quick_two_sum(a: f64, b: f64) -> DD {
    let s = a + b;
    DD {
        hi: s,
        lo: b - (s - a),
    }
}

fn two_prod(a: f64, b: f64) -> DD {
    let p = a * b;
    DD {
        hi: p,
        lo: a.mul_add(b, -p),
    }
}

impl DD {
    pub const fn new(x: f64) -> DD {
        DD { hi: x, lo: 0.0 }
    }
    pub fn add(self, b: DD) -> DD {
        let s = two_sum(self.hi, b.hi);
        let t = two_sum(self.lo, b.lo);
        let s = quick_two_sum(s.hi, s.lo + t.hi);
        quick_two_sum(s.hi, s.lo + t.lo)
    }
    pub fn neg(self) -> DD {
        DD {
            hi: -self.hi,
            lo: -self.lo,
        }
    }
    pub fn sub(self, b: DD) -> DD {
        self.add(b.neg())
    }
    pub fn mul(self, b: DD) -> DD {
        let p = two_prod(self.hi, b.hi);
        quick_two_sum(p.hi, p.lo + (self.hi * b.lo + self.lo * b.hi))
    }
    pub fn mulf(self, b: f64) -> DD {
        self.mul(DD::new(b))
    }
    pub fn div(self, b: DD) -> DD {
        let q1 = self.hi / b.hi;
        let r = self.sub(b.mulf(q1));
        let q2 = r.hi / b.hi;
        let r = r.sub(b.mulf(q2));
        let q3 = r.hi / b.hi;
        quick_two_sum(q1, q2).add(DD::new(q3))
    }
    /// self·2ᵏ (exact while nothing over- or underflows).
    pub fn ldexp(self, k: i32) -> DD {
        // Two steps, so that 2ᵏ itself need not be representable.
        let (s1, s2) = (pow2(k / 2), pow2(k - k / 2));
        DD {
            hi: self.hi * s1 * s2,
            lo: self.lo * s1 * s2,
        }
    }
}

/// 2ᵏ as an `f64`, for any k (0 or ∞ outside the range).
pub fn pow2(k: i32) -> f64 {
    if k > 1023 {
        f64::INFINITY
    } else if k >= -1022 {
        f64::from_bits(((k + 1023) as u64) << 52)
    } else if k >= -1074 {
        f64::from_bits(1u64 << (k + 1074))
    } else {
        0.0
    }
}

/// ln 2 to 106 bits.
const LN2: DD = DD {
    hi: std::f64::consts::LN_2,
    lo: 2.319_046_813_846_299_6e-17,
};

/// eˣ − 1 for |x| ≤ 1: Taylor series of x/256, then eᵐ⁽²ᵗ⁾ − 1 = u(u + 2) eight times.
fn expm1_small(x: DD) -> DD {
    let s = x.ldexp(-8);
    // e^s − 1 = s(1 + s/2(1 + s/3(1 + …))).
    let mut p = DD::new(1.0);
    for n in (2..=12).rev() {
        p = DD::new(1.0).add(s.mul(p).div(DD::new(n as f64)));
    }
    let mut u = s.mul(p);
    for _ in 0..8 {
        u = u.mul(u.add(DD::new(2.0)));
    }
    u
}

/// eˣ = v·2ᵏ, v ∈ [½√2, √2] roughly; beyond ±800 (far past under- and overflow) 0 and ∞.
pub fn exp(x: f64) -> (DD, i32) {
    if x < -800.0 {
        return (DD::new(0.0), 0);
    }
    if x > 800.0 {
        return (DD::new(f64::INFINITY), 0);
    }
    let k = (x / std::f64::consts::LN_2).round();
    let r = DD::new(x).sub(LN2.mulf(k));
    (DD::new(1.0).add(expm1_small(r)), k as i32)
}

pub fn expm1(x: f64) -> DD {
    if x.abs() < 1e-300 {
        return DD::new(x);
    }
    if x.abs() <= 1.0 {
        return expm1_small(DD::new(x));
    }
    let (v, k) = exp(x);
    let e = v.ldexp(k);
    if e.hi.is_infinite() {
        return e;
    }
    e.sub(DD::new(1.0))
}

/// ln(1 + v·2ᵏ) for v·2ᵏ ≥ 0, scaled the same way.
fn log1p_scaled(v: DD, k: i32) -> (DD, i32) {
    if k < -40 {
        // u < 2⁻⁴⁰: u − u²/2 + u³/3, the next term is below 2⁻¹⁶⁰ relative.
        let u = v.ldexp(k);
        let series = DD::new(1.0)
            .sub(u.mulf(0.5))
            .add(u.mul(u).div(DD::new(3.0)));
        return (v.mul(series), k);
    }
    let u = v.ldexp(k);
    // One Newton step on e^y = 1 + u from libm's y₀: y = y₀ + (1 + u)e^(−y₀) − 1.
    let y0 = u.hi.ln_1p();
    let m = expm1(-y0);
    let corr = u.add(m).add(u.mul(m));
    (DD::new(y0).add(corr), 0)
}

/// σ(x), scaled.
pub fn sigmoid(x: f64) -> (DD, i32) {
    if x >= 0.0 {
        let (v, k) = exp(-x);
        (DD::new(1.0).div(DD::new(1.0).add(v.ldexp(k))), 0)
    } else {
        let (v, k) = exp(x);
        (v.div(DD::new(1.0).add(v.ldexp(k))), k)
    }
}

pub fn softplus(x: f64) -> (DD, i32) {
    if x > 0.0 {
        let (v, k) = exp(-x);
        let (l, kl) = log1p_scaled(v, k);
        (DD::new(x).add(l.ldexp(kl)), 0)
    } else {
        let (v, k) = exp(x);
        log1p_scaled(v, k)
    }
}

pub fn tanh(x: f64) -> DD {
    let a = x.abs();
    let t = if a > 40.0 {
        DD::new(1.0)
    } else {
        let m = expm1(2.0 * a);
        m.div(m.add(DD::new(2.0)))
    };
    if x < 0.0 { t.neg() } else { t }
}

/// tanh(softplus(x)), scaled: (1 + 2e)/(1 + 2e + 2e²) with e = e^(−x) for x ≥ 0,
/// n/(n + 2) with n = eˣ(eˣ + 2) for x < 0.
pub fn tanh_softplus(x: f64) -> (DD, i32) {
    if x >= 0.0 {
        let (v, k) = exp(-x);
        let e = v.ldexp(k);
        let num = DD::new(1.0).add(e.mulf(2.0));
        (num.div(num.add(e.mul(e).mulf(2.0))), 0)
    } else {
        let (v, k) = exp(x);
        let e = v.ldexp(k);
        let n = v.mul(e.add(DD::new(2.0)));
        (n.div(n.ldexp(k).add(DD::new(2.0))), k)
    }
}
