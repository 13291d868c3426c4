#!/usr/bin/env python3
"""Reference Hessians and parameter Jacobians for typenet's second order, from PyTorch (dev-only).

Run from the repository root (generated with the installed torch, CPU, float64):

    python3 tools/reference/second_order_reference.py > tests/data/second_order_reference.txt

Each case is one network of tests/hessian.rs (same name, same definition), written out here in
PyTorch: random parameters (flat, state_dict order: each layer's weight out × in row-major, then
its bias), three random samples, and

    loss      the mean loss over the samples
    grad      its gradient (torch.autograd.grad)
    hessian   its Hessian, row-major (torch.autograd.functional.hessian)
    jacobian  ∂y/∂θ of the first sample's output, row-major (torch.autograd.functional.jacobian)

The text format is parsed without serde by the Rust test:

    case <name>
    params <values>
    x <values>          (one x/t pair per sample)
    t <values>
    loss <value>
    grad <values>
    hessian <values>
    jacobian <values>

Floats are Python's repr, which round-trips exactly.
"""

import math

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

ACT = {
    "Identity": lambda z, a: z,
    "Sigmoid": lambda z, a: torch.sigmoid(z),
    "Tanh": lambda z, a: torch.tanh(z),
    "Step": lambda z, a: (z >= a).to(z.dtype),
    "Softplus": lambda z, a: F.softplus(z),
    "ReLU": lambda z, a: F.relu(z),
    "Softsign": lambda z, a: F.softsign(z),
    "ELU": lambda z, a: F.elu(z, alpha=a),
    "LogSigmoid": lambda z, a: F.logsigmoid(z),
    "Swish": lambda z, a: F.silu(z),
    # NOTE: torch.sinc is the normalised sin(πx)/(πx); the seed's Sinc is sin(x)/x.
    "Sinc": lambda z, a: torch.sin(z) / z,
    "LeakyReLU": lambda z, a: F.leaky_relu(z, a),
    "Mish": lambda z, a: F.mish(z),
    "Softmax": lambda z, a: torch.softmax(z, 0),
}

# (name, inputs, [(outputs, activation, argument, bias)], loss, loss argument); the same
# definitions are written with network! in tests/hessian.rs.
ACTS = [
    ("Identity", None), ("Sigmoid", None), ("Tanh", None), ("Softplus", None), ("ReLU", None),
    ("Softsign", None), ("ELU", 0.7), ("LogSigmoid", None), ("Swish", None), ("Sinc", None),
    ("LeakyReLU", 0.05), ("Mish", None), ("Softmax", None),
]
CASES = []
for act, arg in ACTS:
    CASES.append((f"mse_{act.lower()}", 3, [(4, act, arg, True), (2, act, arg, True)], "MSE", None))
CASES += [
    ("mse_step_hidden", 3, [(4, "Step", 0.1, True), (2, "Tanh", None, True)], "MSE", None),
    ("mae_sigmoid", 3, [(4, "Tanh", None, True), (2, "Sigmoid", None, True)], "MAE", None),
    ("huber_swish", 3, [(4, "Swish", None, True), (2, "Identity", None, True)], "Huber", 0.3),
    ("bce_elu", 3, [(4, "ELU", 1.0, True), (2, "Sigmoid", None, True)], "BCE", None),
    ("ce_softplus", 3, [(4, "Softplus", None, True), (3, "Softmax", None, True)], "CrossEntropy", None),
    ("ce_deep_nobias", 3,
     [(4, "Tanh", None, True), (3, "Mish", None, False), (3, "Softmax", None, True)],
     "CrossEntropy", None),
]


# Residual blocks and standalone activation stages (issue 8). A chain is a list of stages:
#   ("dense", outputs, activation, argument, bias)
#   ("act", activation, argument)                       an activation stage
#   ("residual", [stages], activation, argument)        a = g(x + block(x))
# The old cases above are chains of dense stages.
CASES += [
    ("res_tanh", 3,
     [("dense", 4, "Tanh", None, True),
      ("residual", [("dense", 4, "Tanh", None, True), ("dense", 4, "Identity", None, True)],
       "Identity", None),
      ("dense", 2, "Identity", None, True)],
     "MSE", None),
    ("res_then_swish", 3,
     [("dense", 4, "Identity", None, True),
      ("residual", [("dense", 4, "Softplus", None, True), ("dense", 4, "Identity", None, True)],
       "Swish", None),
      ("dense", 2, "Sigmoid", None, True)],
     "MSE", None),
    ("res_preactivation_ce", 3,
     [("dense", 4, "Identity", None, True),
      ("residual", [("act", "Tanh", None), ("dense", 4, "Sigmoid", None, True),
                    ("dense", 4, "Identity", None, True)], "Identity", None),
      ("act", "Mish", None),
      ("dense", 3, "Softmax", None, True)],
     "CrossEntropy", None),
    ("res_nested_from_input_bce", 3,
     [("residual", [("dense", 3, "ELU", 1.0, True),
                    ("residual", [("dense", 3, "Sinc", None, True),
                                  ("dense", 3, "Identity", None, False)], "Identity", None),
                    ("dense", 3, "Identity", None, True)], "Identity", None),
      ("dense", 2, "Sigmoid", None, True)],
     "BCE", None),
    ("activation_stages_huber", 3,
     [("act", "Softsign", None), ("dense", 4, "Tanh", None, True), ("act", "LogSigmoid", None),
      ("dense", 2, "Identity", None, True)],
     "Huber", 0.3),
]


def chain(layers):
    """The stage list of a case: old cases are tuples (outputs, act, arg, bias) of dense layers."""
    return [("dense",) + tuple(l) if not isinstance(l[0], str) else l for l in layers]


def shapes(inputs, layers):
    """(fan-in, fan-out, bias) of every dense layer, in state_dict order."""
    out = []

    def walk(stages, width):
        for st in stages:
            if st[0] == "dense":
                out.append((width, st[1], st[4]))
                width = st[1]
            elif st[0] == "residual":
                walk(st[1], width)
        return width

    walk(chain(layers), inputs)
    return out


def forward(theta, x, inputs, layers):
    """Returns (z of the last stage, a of the last stage)."""
    k = 0

    def run(stages, a):
        nonlocal k
        z = None
        for st in stages:
            if st[0] == "dense":
                _, o, act, arg, bias = st
                i = a.shape[0]
                w = theta[k:k + i * o].reshape(o, i)
                k += i * o
                z = w @ a
                if bias:
                    z = z + theta[k:k + o]
                    k += o
                a = ACT[act](z, arg)
            elif st[0] == "act":
                z = a
                a = ACT[st[1]](z, st[2])
            else:
                _, body, act, arg = st
                _, inner = run(body, a)
                z = a + inner
                a = ACT[act](z, arg)
        return z, a

    return run(chain(layers), x)


def loss_fn(z, y, t, loss, arg):
    if loss == "MSE":
        return 0.5 * ((t - y) ** 2).sum()
    if loss == "MAE":
        return (t - y).abs().sum()
    if loss == "Huber":
        return F.huber_loss(y, t, reduction="sum", delta=arg)
    if loss == "CrossEntropy":
        return -(t * torch.log_softmax(z, 0)).sum()
    if loss == "BCE":
        return F.binary_cross_entropy_with_logits(z, t, reduction="sum")
    raise ValueError(loss)


def fmt(tensor):
    return " ".join(repr(float(v)) for v in tensor.reshape(-1).tolist())


def main():
    gen = torch.Generator().manual_seed(20261128)

    def uniform(n, lo, hi):
        return torch.rand(n, generator=gen) * (hi - lo) + lo

    for name, inputs, layers, loss, arg in CASES:
        n = sum(i * o + (o if b else 0) for i, o, b in shapes(inputs, layers))
        outputs = shapes(inputs, layers)[-1][1]
        theta = uniform(n, -1.2, 1.2)
        samples = []
        for _ in range(3):
            x = uniform(inputs, -1.5, 1.5)
            if loss in ("CrossEntropy", "BCE"):
                t = uniform(outputs, 0.0, 1.0)
                if loss == "CrossEntropy":
                    t = t / t.sum()
            else:
                t = uniform(outputs, -1.5, 1.5)
            samples.append((x, t))

        def objective(th):
            total = 0.0
            for x, t in samples:
                z, y = forward(th, x, inputs, layers)
                total = total + loss_fn(z, y, t, loss, arg)
            return total / len(samples)

        th = theta.clone().requires_grad_(True)
        value = objective(th)
        (grad,) = torch.autograd.grad(value, th)
        hess = torch.autograd.functional.hessian(objective, theta)
        jac = torch.autograd.functional.jacobian(
            lambda th: forward(th, samples[0][0], inputs, layers)[1], theta)
        assert all(math.isfinite(v) for v in hess.reshape(-1).tolist())
        print(f"case {name}")
        print(f"params {fmt(theta)}")
        for x, t in samples:
            print(f"x {fmt(x)}")
            print(f"t {fmt(t)}")
        print(f"loss {float(value.detach())!r}")
        print(f"grad {fmt(grad)}")
        print(f"hessian {fmt(hess)}")
        print(f"jacobian {fmt(jac)}")


if __name__ == "__main__":
    main()
