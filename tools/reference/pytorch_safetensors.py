#!/usr/bin/env python3
"""PyTorch models as safetensors files, and PyTorch's outputs for fixed inputs, for
tests/safetensors.rs (issue 19); and a check that a file typenet writes is what PyTorch expects.

Generate (dev-only; PyTorch from PyPI, the references were made with torch 2.15.0, CPU):

    pip install torch==2.15.0 safetensors==0.8.0 numpy==2.3.5
    python3 tools/reference/pytorch_safetensors.py generate tests/data/pytorch

For every model NAME this writes

- NAME.safetensors: the trained model's `state_dict` (`safetensors.torch.save_file`), with
  PyTorch's names: `0.weight`, `2.bias`, … for an `nn.Sequential` (activation modules take
  indices too), `fc1.weight`, … for a module with named layers;
- NAME.expected.safetensors: `inputs` [8, in] and PyTorch's `outputs` [8, out] for them,
  float64 for float64 models and float32 otherwise.

Models (each trained 200 Adam steps, seed 0, on a fixed random regression task, so the
weights are not those of initialisation):

- seq_mlp_f32: nn.Sequential(Linear(4, 8), ReLU, Linear(8, 8), Tanh, Linear(8, 3)), which is
  typenet's `4 => Dense(8, ReLU) => Dense(8, Tanh) => Dense(3)` with Sequential indices [0, 2, 4].
- named_f32, named_f64: a module with `fc1 = Linear(3, 5)`, Sigmoid, `fc2 = Linear(5, 2)`:
  `3 => fc1: Dense(5, Sigmoid) => fc2: Dense(2)`.
- act_<Name>_f32, act_<Name>_f64 for each activation typenet and PyTorch share:
  nn.Sequential(Linear(3, 5), ACT, Linear(5, 3), ACT) is `3 => Dense(5, ACT) => Dense(3, ACT)`,
  indices [0, 2]. The mapping (typenet → PyTorch): Identity → nn.Identity, Sigmoid, Tanh,
  Softplus, ReLU, Softsign, ELU(0.5) → nn.ELU(alpha=0.5), LogSigmoid, Swish → nn.SiLU,
  LeakyReLU(0.1) → nn.LeakyReLU(0.1), Mish, Softmax → nn.Softmax(dim=-1). Step and Sinc have no
  PyTorch module and are skipped.
- seq_f16, seq_bf16: act_Tanh's architecture with the weights stored in float16 / bfloat16;
  the expected outputs are the float32 model whose weights are those rounded values (what a
  float32 typenet network computes from the file).

Check a file typenet wrote (needs only safetensors and numpy, no torch):

    python3 tools/reference/pytorch_safetensors.py --check WRITTEN --like REFERENCE

passes when WRITTEN, read with Python's `safetensors` package, has exactly REFERENCE's tensor
names, shapes and dtypes, and the same values bit for bit.
"""

import argparse
import os
import sys

import numpy as np
from safetensors.numpy import load_file as load_numpy


ACTIVATIONS = [
    # (typenet name, PyTorch module factory)
    ("Identity", lambda nn: nn.Identity()),
    ("Sigmoid", lambda nn: nn.Sigmoid()),
    ("Tanh", lambda nn: nn.Tanh()),
    ("Softplus", lambda nn: nn.Softplus()),
    ("ReLU", lambda nn: nn.ReLU()),
    ("Softsign", lambda nn: nn.Softsign()),
    ("ELU", lambda nn: nn.ELU(alpha=0.5)),
    ("LogSigmoid", lambda nn: nn.LogSigmoid()),
    ("Swish", lambda nn: nn.SiLU()),
    ("LeakyReLU", lambda nn: nn.LeakyReLU(0.1)),
    ("Mish", lambda nn: nn.Mish()),
    ("Softmax", lambda nn: nn.Softmax(dim=-1)),
]


def train(torch, model, n_in, n_out, dtype):
    """200 Adam steps on a fixed random regression task (seed 0)."""
    g = torch.Generator().manual_seed(0)
    x = torch.randn(64, n_in, generator=g, dtype=dtype)
    y = torch.sin(x @ torch.randn(n_in, n_out, generator=g, dtype=dtype))
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    for _ in range(200):
        opt.zero_grad()
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        opt.step()


def write(torch, out_dir, name, model, n_in, dtype, store_dtype=None):
    from safetensors.torch import save_file

    g = torch.Generator().manual_seed(1)
    inputs = torch.randn(8, n_in, generator=g, dtype=dtype) * 2.0
    state = {k: v.detach().clone().contiguous() for k, v in model.state_dict().items()}
    if store_dtype is not None:
        # What the file holds, and what a float32 network computes from it.
        state = {k: v.to(store_dtype) for k, v in state.items()}
        model.load_state_dict({k: v.to(dtype) for k, v in state.items()})
    with torch.no_grad():
        outputs = model(inputs)
    save_file(state, os.path.join(out_dir, f"{name}.safetensors"))
    save_file(
        {"inputs": inputs.contiguous(), "outputs": outputs.contiguous()},
        os.path.join(out_dir, f"{name}.expected.safetensors"),
    )


def generate(out_dir):
    import torch
    from torch import nn

    torch.manual_seed(0)
    os.makedirs(out_dir, exist_ok=True)

    for dtype, suffix in [(torch.float32, "f32"), (torch.float64, "f64")]:
        for act_name, act in ACTIVATIONS:
            torch.manual_seed(0)
            model = nn.Sequential(nn.Linear(3, 5), act(nn), nn.Linear(5, 3), act(nn)).to(dtype)
            train(torch, model, 3, 3, dtype)
            write(torch, out_dir, f"act_{act_name}_{suffix}", model, 3, dtype)

        class Named(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc1 = nn.Linear(3, 5)
                self.fc2 = nn.Linear(5, 2)

            def forward(self, x):
                return self.fc2(torch.sigmoid(self.fc1(x)))

        torch.manual_seed(0)
        model = Named().to(dtype)
        train(torch, model, 3, 2, dtype)
        write(torch, out_dir, f"named_{suffix}", model, 3, dtype)

    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 3)
    )
    train(torch, model, 4, 3, torch.float32)
    write(torch, out_dir, "seq_mlp_f32", model, 4, torch.float32)

    for store, suffix in [(torch.float16, "f16"), (torch.bfloat16, "bf16")]:
        torch.manual_seed(0)
        model = nn.Sequential(nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 3), nn.Tanh())
        train(torch, model, 3, 3, torch.float32)
        write(torch, out_dir, f"seq_{suffix}", model, 3, torch.float32, store_dtype=store)
    print(f"torch {torch.__version__}: wrote {out_dir}", file=sys.stderr)


def check(written, like):
    """Exit 1 unless `written` holds `like`'s names, shapes, dtypes and values exactly."""
    got = load_numpy(written)
    want = load_numpy(like)
    ok = True
    if sorted(got) != sorted(want):
        print(f"FAIL: names {sorted(got)} != {sorted(want)}")
        ok = False
    for name in sorted(set(got) & set(want)):
        a, b = got[name], want[name]
        if a.shape != b.shape or a.dtype != b.dtype:
            print(f"FAIL: {name}: {a.dtype}{list(a.shape)} != {b.dtype}{list(b.shape)}")
            ok = False
        elif a.tobytes() != b.tobytes():
            print(f"FAIL: {name}: values differ")
            ok = False
    if ok:
        print(f"ok: {written} has {len(got)} tensors with PyTorch's names, shapes and values")
    return 0 if ok else 1


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("command", nargs="?", choices=["generate"])
    p.add_argument("out_dir", nargs="?", default="tests/data/pytorch")
    p.add_argument("--check", metavar="WRITTEN")
    p.add_argument("--like", metavar="REFERENCE")
    args = p.parse_args()
    if args.check:
        if not args.like:
            p.error("--check needs --like REFERENCE")
        return check(args.check, args.like)
    if args.command == "generate":
        generate(args.out_dir)
        return 0
    p.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
