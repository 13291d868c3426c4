#!/usr/bin/env python3
"""Per-step reference values for typenet's optimizers, computed with PyTorch (dev-only).

Run from the repository root (PyTorch from PyPI; generated with torch 2.15.0, CPU):

    pip install torch==2.15.0
    python3 tools/reference/optim_reference.py > runtime/tests/data/optim_reference.txt

Every case minimises the same test function of four parameters (quadratic + quartic +
couplings; the gradient is written out analytically here and in
runtime/tests/optim_reference.rs) from the same start, in float64, with one torch.optim
optimizer and one combination of options, for 50 steps. The output is plain text, parsed
without serde by the Rust test:

    x0 <4 values>                       the starting point
    case <name> <optimizer> [key=value ...]
    step <k> <4 values>                 the parameters after step k (k = 1 … 50)

Cases with maximize=true are given −∇f (they maximise −f). Tuples are written as comma-separated values (betas=0.9,0.999). Floats are Python's repr,
which round-trips exactly. `defaults` cases pass no options, so they also check that
typenet's `Default` configs are PyTorch's defaults.
"""

import sys

import torch

A = (1.0, 3.0, 0.5, 2.0)
C = (1.0, -2.0, 0.5, 3.0)
X0 = (-1.5, 2.0, 0.3, -0.7)
STEPS = 50


def grad(x):
    """The gradient of f(x) = Σ a_i (x_i − c_i)² + 0.1 Σ x_i⁴ + 0.5 x0 x1 − 0.3 x2 x3."""
    x0, x1, x2, x3 = x
    return [
        2.0 * A[0] * (x0 - C[0]) + 0.4 * x0 * x0 * x0 + 0.5 * x1,
        2.0 * A[1] * (x1 - C[1]) + 0.4 * x1 * x1 * x1 + 0.5 * x0,
        2.0 * A[2] * (x2 - C[2]) + 0.4 * x2 * x2 * x2 - 0.3 * x3,
        2.0 * A[3] * (x3 - C[3]) + 0.4 * x3 * x3 * x3 - 0.3 * x2,
    ]


OPTIMIZERS = {
    "sgd": torch.optim.SGD,
    "adagrad": torch.optim.Adagrad,
    "rmsprop": torch.optim.RMSprop,
    "adadelta": torch.optim.Adadelta,
    "adam": torch.optim.Adam,
    "adamw": torch.optim.AdamW,
    "adamax": torch.optim.Adamax,
    "nadam": torch.optim.NAdam,
    "radam": torch.optim.RAdam,
    "rprop": torch.optim.Rprop,
}

# (name, optimizer, options). Every option typenet supports appears in at least one case.
CASES = [
    ("sgd_defaults", "sgd", {}),
    ("sgd_lr", "sgd", {"lr": 0.02}),
    ("sgd_weight_decay", "sgd", {"lr": 0.02, "weight_decay": 0.1}),
    ("sgd_momentum", "sgd", {"lr": 0.01, "momentum": 0.9}),
    ("sgd_momentum_dampening", "sgd", {"lr": 0.01, "momentum": 0.9, "dampening": 0.5}),
    ("sgd_nesterov", "sgd", {"lr": 0.01, "momentum": 0.9, "nesterov": True}),
    ("sgd_nesterov_wd", "sgd", {"lr": 0.01, "momentum": 0.8, "nesterov": True, "weight_decay": 0.05}),
    ("sgd_maximize", "sgd", {"lr": 0.01, "momentum": 0.5, "maximize": True}),
    ("adagrad_defaults", "adagrad", {}),
    ("adagrad_lr", "adagrad", {"lr": 0.3}),
    ("adagrad_all", "adagrad", {"lr": 0.3, "lr_decay": 0.01, "weight_decay": 0.1, "initial_accumulator_value": 0.5, "eps": 1e-3}),
    ("adagrad_maximize", "adagrad", {"lr": 0.3, "maximize": True}),
    ("rmsprop_defaults", "rmsprop", {}),
    ("rmsprop_alpha", "rmsprop", {"lr": 0.01, "alpha": 0.9, "eps": 1e-6}),
    ("rmsprop_momentum", "rmsprop", {"lr": 0.01, "momentum": 0.9}),
    ("rmsprop_centered", "rmsprop", {"lr": 0.01, "centered": True}),
    ("rmsprop_centered_momentum_wd", "rmsprop", {"lr": 0.005, "centered": True, "momentum": 0.7, "weight_decay": 0.1}),
    ("rmsprop_maximize", "rmsprop", {"lr": 0.01, "maximize": True}),
    ("adadelta_defaults", "adadelta", {}),
    ("adadelta_all", "adadelta", {"lr": 0.5, "rho": 0.95, "eps": 1e-4, "weight_decay": 0.1}),
    ("adadelta_maximize", "adadelta", {"lr": 2.0, "maximize": True}),
    ("adam_defaults", "adam", {}),
    ("adam_lr", "adam", {"lr": 0.05}),
    ("adam_betas_eps", "adam", {"lr": 0.05, "betas": (0.8, 0.99), "eps": 1e-3}),
    ("adam_amsgrad", "adam", {"lr": 0.05, "amsgrad": True}),
    ("adam_weight_decay", "adam", {"lr": 0.05, "weight_decay": 0.1}),
    ("adam_decoupled", "adam", {"lr": 0.05, "weight_decay": 0.1, "decoupled_weight_decay": True}),
    ("adam_amsgrad_wd_maximize", "adam", {"lr": 0.05, "amsgrad": True, "weight_decay": 0.1, "maximize": True}),
    ("adamw_defaults", "adamw", {}),
    ("adamw_lr_wd", "adamw", {"lr": 0.05, "weight_decay": 0.1}),
    ("adamw_amsgrad", "adamw", {"lr": 0.05, "weight_decay": 0.2, "amsgrad": True, "betas": (0.85, 0.995)}),
    ("adamw_maximize", "adamw", {"lr": 0.05, "maximize": True}),
    ("adamax_defaults", "adamax", {}),
    ("adamax_lr", "adamax", {"lr": 0.05}),
    ("adamax_all", "adamax", {"lr": 0.05, "betas": (0.8, 0.99), "eps": 1e-3, "weight_decay": 0.1}),
    ("adamax_maximize", "adamax", {"lr": 0.05, "maximize": True}),
    ("nadam_defaults", "nadam", {}),
    ("nadam_lr", "nadam", {"lr": 0.01}),
    ("nadam_weight_decay", "nadam", {"lr": 0.02, "weight_decay": 0.1, "momentum_decay": 0.01}),
    ("nadam_decoupled", "nadam", {"lr": 0.01, "weight_decay": 0.1, "decoupled_weight_decay": True, "betas": (0.8, 0.99), "eps": 1e-4}),
    ("nadam_maximize", "nadam", {"lr": 0.01, "maximize": True}),
    ("radam_defaults", "radam", {}),
    ("radam_lr", "radam", {"lr": 0.05}),
    ("radam_weight_decay", "radam", {"lr": 0.05, "weight_decay": 0.1, "betas": (0.8, 0.99)}),
    ("radam_decoupled", "radam", {"lr": 0.05, "weight_decay": 0.1, "decoupled_weight_decay": True, "eps": 1e-4}),
    ("radam_maximize", "radam", {"lr": 0.05, "maximize": True}),
    ("rprop_defaults", "rprop", {}),
    ("rprop_lr", "rprop", {"lr": 0.1}),
    ("rprop_all", "rprop", {"lr": 0.05, "etas": (0.3, 1.5), "step_sizes": (1e-3, 1.0)}),
    ("rprop_maximize", "rprop", {"lr": 0.05, "maximize": True, "step_sizes": (1e-6, 0.5)}),
]


def fmt(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, tuple):
        return ",".join(fmt(x) for x in v)
    return repr(float(v))


class IllConditioned(Exception):
    pass


def trajectory(opt_name, options, x0):
    x = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    opt = OPTIMIZERS[opt_name]([x], foreach=False, **options)
    steps = []
    for k in range(1, STEPS + 1):
        with torch.no_grad():
            g = grad(x.tolist())
        if options.get("maximize", False):
            # NOTE: maximise −f, so that `maximize` cases converge like the others.
            g = [-v for v in g]
        x.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
        steps.append(x.detach().tolist())
    return steps


def run(name, opt_name, options, out):
    steps = trajectory(opt_name, options, X0)
    # NOTE: a case whose trajectory amplifies rounding errors (an adaptive method oscillating
    # around a minimum) cannot be compared to 1e-10 with any implementation whose rounding
    # differs from PyTorch's in the last bit. Refuse such cases: perturb the start by 1e-13
    # and require the trajectory to move by less than 1e-11.
    perturbed = trajectory(opt_name, options, [v * (1 + 1e-13) for v in X0])
    for k, (a, b) in enumerate(zip(steps, perturbed), start=1):
        if not all(abs(v) < 1e6 for v in a):
            raise SystemExit(f"{name}: diverged at step {k}: {a}")
        d = max(abs(u - w) / max(1.0, abs(u)) for u, w in zip(a, b))
        if d > 1e-11:
            raise IllConditioned(f"{name}: ill-conditioned at step {k} (perturbation grew to {d:.1e})")
    out.write(" ".join(["case", name, opt_name] + [f"{k}={fmt(v)}" for k, v in options.items()]) + "\n")
    for k, values in enumerate(steps, start=1):
        out.write(f"step {k} " + " ".join(repr(v) for v in values) + "\n")


def main():
    # NOTE: makes PyTorch's scalar optimizer state (step counts, NAdam's mu_product) float64.
    torch.set_default_dtype(torch.float64)
    out = sys.stdout
    out.write(f"# generated by tools/reference/optim_reference.py with torch {torch.__version__}; do not edit\n")
    out.write("x0 " + " ".join(repr(v) for v in X0) + "\n")
    bad = []
    for name, opt_name, options in CASES:
        try:
            run(name, opt_name, options, out)
        except IllConditioned as e:
            bad.append(str(e))
    if bad:
        raise SystemExit("\n".join(bad))


if __name__ == "__main__":
    main()
