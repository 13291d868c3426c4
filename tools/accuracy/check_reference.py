"""Checks the double-double references of tools/accuracy (dd.rs) against mpmath at 200 bits.

    cargo run --release -p typenet-accuracy -- reference --sample 3000 | python3 tools/accuracy/check_reference.py

Each input line is x followed by (hi, lo, k) for exp, expm1, tanh, sigmoid, softplus and
tanh(softplus); the reference is (hi + lo)·2^k. Prints the largest relative error of each in
units of 2^-53 (an f64 ulp is 1 to 2 of these); the references must be far below 1.
"""
import sys
import mpmath

mpmath.mp.prec = 200
names = ["exp", "expm1", "tanh", "sigmoid", "softplus", "tanh_softplus"]
exact = [
    mpmath.exp,
    mpmath.expm1,
    mpmath.tanh,
    lambda x: 1 / (1 + mpmath.exp(-x)),
    lambda x: mpmath.log1p(mpmath.exp(x)),
    lambda x: mpmath.tanh(mpmath.log1p(mpmath.exp(x))),
]
worst = [0.0] * len(names)
n = 0
for line in sys.stdin:
    f = line.split()
    x = mpmath.mpf(float(f[0]))
    for i, fn in enumerate(exact):
        hi, lo, k = float(f[1 + 3 * i]), float(f[2 + 3 * i]), int(f[3 + 3 * i])
        if mpmath.isinf(hi):
            # Overflow: right only if the exact value is beyond the largest double.
            assert fn(x) > sys.float_info.max, (names[i], x)
            continue
        v = (mpmath.mpf(hi) + mpmath.mpf(lo)) * mpmath.mpf(2) ** k
        e = fn(x)
        if e == 0:
            continue
        rel = abs((v - e) / e) * mpmath.mpf(2) ** 53
        worst[i] = max(worst[i], float(rel))
    n += 1
print(f"{n} inputs; largest relative error of the double-double references, in units of 2^-53:")
for name, w in zip(names, worst):
    print(f"  {name:14} {w:.3e}")
assert max(worst) < 1e-6, "a reference is not accurate enough to measure f64 ulps"
