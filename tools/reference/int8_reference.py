#!/usr/bin/env python3
"""The int8 reference of issue 21: the same integer arithmetic as typenet::quant, written
independently in numpy, so that tests/int8.rs can check the Rust int8 path bit for bit.

Dev-only (CI needs no Python: the outputs are committed). Two jobs:

  python tools/reference/int8_reference.py digits-data
      converts scikit-learn's bundled copy of the UCI 8x8 digits (sklearn.datasets.load_digits,
      1,797 samples) to tests/data/digits/digits.bin: 65 bytes a sample, the 64 pixels (0..16,
      row by row) then the label (0..9); prints its sha256 (tests/data/digits/README.md).

  python tools/reference/int8_reference.py reference tests/data/int8/NAME
      reads NAME.qparams.txt (the quantized network, written by its `write_text`) and
      NAME.inputs.txt (float inputs, one sample a line, f32 as Rust's `{:?}` writes them),
      quantizes the inputs, runs the int8 network on them and on 256 seeded random int8 inputs
      (all of [-128, 127] reached), and writes NAME.expected.txt: one line a sample,
      `x0 ... x(IN-1) | y0 ... y(OUT-1)`, int8 input and int8 output.

Run with /work/venv-torch/bin/python (numpy; scikit-learn for digits-data).

The arithmetic (TensorFlow Lite's, see runtime/src/quant/fixed.rs) is written here from its
definition in int64 (Python ints for the fixed-point steps), with asserts where the Rust side
would wrap, so a silent overflow there would show up as an assertion here:

  SaturatingRoundingDoublingHighMul(a, b) = INT32_MAX if a == b == INT32_MIN,
      else trunc((a*b + (2^30 if a*b >= 0 else 1 - 2^30)) / 2^31)
  RoundingDivideByPOT(x, e) = (x >> e) + ((x & mask) > (mask >> 1) + (x < 0)), mask = 2^e - 1
  requantize(acc, m, s) = RDBPOT(SRDHM(acc * 2^max(s,0), m), max(-s, 0))
  dense: y_j = clamp(Z_out + requantize(b_j + sum_i (x_i - Z_in) w_ji, m_j, s_j), lo, hi)
  table activation: y = lut[x + 128]
  softmax: d_i = max(x) - x_i, e_i = exp_table[d_i], y_i = min((256 e_i + sum(e)//2) // sum(e) - 128, 127)
  input: q = clamp(round_half_away(f32(x) / f32(S)) + Z, -128, 127), the division in f32
"""

import hashlib
import sys
from pathlib import Path

import numpy as np

INT32_MIN = -(1 << 31)
INT32_MAX = (1 << 31) - 1


def srdhm(a, b):
    """gemmlowp's SaturatingRoundingDoublingHighMul on int64 arrays holding int32 values."""
    a = np.asarray(a, dtype=np.int64)
    b = np.asarray(b, dtype=np.int64)
    assert np.all((a >= INT32_MIN) & (a <= INT32_MAX)), "accumulator outside int32"
    ab = a * b  # |ab| <= 2^62: fits int64
    nudge = np.where(ab >= 0, 1 << 30, 1 - (1 << 30))
    s = ab + nudge
    # C++'s division truncates towards zero; numpy's // floors.
    q = np.where(s >= 0, s // (1 << 31), -((-s) // (1 << 31)))
    return np.where((a == INT32_MIN) & (b == INT32_MIN), INT32_MAX, q)


def rdbpot(x, e):
    """gemmlowp's RoundingDivideByPOT, exponent array e in 0..31."""
    x = np.asarray(x, dtype=np.int64)
    e = np.asarray(e, dtype=np.int64)
    mask = (np.int64(1) << e) - 1
    remainder = x & mask
    threshold = (mask >> 1) + (x < 0)
    return (x >> e) + (remainder > threshold)


def requantize(acc, m, s):
    left = np.maximum(s, 0)
    right = np.maximum(-s, 0)
    shifted = acc * (np.int64(1) << left)
    assert np.all((shifted >= INT32_MIN) & (shifted <= INT32_MAX)), "left shift overflows int32"
    return rdbpot(srdhm(shifted, m), right)


def read_params(path):
    """`name v1 v2 ...` lines → ordered dict of name → list of strings."""
    params = {}
    for line in Path(path).read_text().splitlines():
        if not line.strip():
            continue
        name, *values = line.split()
        params[name] = values
    return params


def layers_of(params):
    """The layers in file order: prefix, its integers, and its activation table if any."""
    order = []
    for name in params:
        prefix = name.split(".")[0]
        if prefix != "input" and prefix not in order:
            order.append(prefix)
    out = []
    for p in order:
        ints = lambda k: np.array([int(v) for v in params[f"{p}.{k}"]], dtype=np.int64)
        o, i = (int(v) for v in params[f"{p}.shape"])
        layer = {
            "weight": ints("weight").reshape(o, i),
            "bias": ints("bias"),
            "multiplier": ints("multiplier"),
            "shift": ints("shift"),
            "in_zp": int(params[f"{p}.input_zero_point"][0]),
            "out_zp": int(params[f"{p}.output_zero_point"][0]),
            "lo": int(params[f"{p}.act_min"][0]),
            "hi": int(params[f"{p}.act_max"][0]),
            "out_scale": np.float32(params[f"{p}.output_scale"][0]),
        }
        if f"{p}.lut" in params:
            layer["lut"] = ints("lut")
        if f"{p}.softmax_exp" in params:
            layer["softmax_exp"] = ints("softmax_exp")
        out.append(layer)
    return out


def dense(layer, x):
    acc = layer["bias"] + (x - layer["in_zp"]) @ layer["weight"].T  # int64, exact
    y = requantize(acc, layer["multiplier"], layer["shift"]) + layer["out_zp"]
    return np.clip(y, layer["lo"], layer["hi"])


def softmax(table, x):
    d = x.max() - x
    e = table[d]
    total = e.sum()
    return np.minimum((256 * e + total // 2) // total - 128, 127)


def check_softmax_table(layer):
    """The softmax table from the logits' scale, recomputed here in float64."""
    s = float(layer["out_scale"])
    want = np.floor(32768.0 * np.exp(-s * np.arange(256)) + 0.5).astype(np.int64)
    assert np.array_equal(want, layer["softmax_exp"]), "softmax table differs from its scale"


def forward(layers, x):
    x = np.asarray(x, dtype=np.int64)
    for layer in layers:
        x = dense(layer, x)
        if "lut" in layer:
            x = layer["lut"][x + 128]
        if "softmax_exp" in layer:
            x = softmax(layer["softmax_exp"], x)
    assert np.all((x >= -128) & (x <= 127))
    return x


def quantize_input(x, scale, zp):
    """round_half_away(f32(x) / f32(S)) + Z, clamped; the f32 quotient is exact in float64."""
    q = (np.float32(x) / np.float32(scale)).astype(np.float64)
    r = np.sign(q) * np.floor(np.abs(q) + 0.5)
    return np.clip(r.astype(np.int64) + zp, -128, 127)


def reference(stem):
    stem = Path(stem)
    params = read_params(f"{stem}.qparams.txt")
    layers = layers_of(params)
    for layer in layers:
        if "softmax_exp" in layer:
            check_softmax_table(layer)
    scale = np.float32(params["input.scale"][0])
    zp = int(params["input.zero_point"][0])
    n_in = layers[0]["weight"].shape[1]
    inputs = []
    for line in Path(f"{stem}.inputs.txt").read_text().splitlines():
        if line.strip():
            x = np.array([np.float32(v) for v in line.split()], dtype=np.float32)
            assert x.shape == (n_in,)
            inputs.append(quantize_input(x, scale, zp))
    rng = np.random.default_rng(21)
    for k in range(256):
        x = rng.integers(-128, 128, size=n_in, dtype=np.int64)
        x[0] = k - 128  # every int8 value at least once, and the extremes
        inputs.append(x)
    lines = []
    for x in inputs:
        y = forward(layers, x)
        lines.append(" ".join(map(str, x)) + " | " + " ".join(map(str, y)))
    Path(f"{stem}.expected.txt").write_text("\n".join(lines) + "\n")
    print(f"wrote {stem}.expected.txt: {len(lines)} samples")


def digits_data():
    from sklearn.datasets import load_digits

    d = load_digits()
    assert d.data.shape == (1797, 64)
    pixels = d.data.astype(np.uint8)
    assert np.array_equal(pixels, d.data) and pixels.max() == 16
    rows = np.concatenate([pixels, d.target.astype(np.uint8)[:, None]], axis=1)
    out = Path("tests/data/digits/digits.bin")
    out.write_bytes(rows.tobytes())
    print(f"wrote {out}: {rows.shape[0]} samples, sha256 {hashlib.sha256(rows.tobytes()).hexdigest()}")


if __name__ == "__main__":
    if sys.argv[1:] == ["digits-data"]:
        digits_data()
    elif len(sys.argv) == 3 and sys.argv[1] == "reference":
        reference(sys.argv[2])
    else:
        sys.exit(__doc__)
