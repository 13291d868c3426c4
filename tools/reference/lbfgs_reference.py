#!/usr/bin/env python3
"""Per-step reference iterates of torch.optim.LBFGS for typenet's L-BFGS (dev-only).

Run from the repository root (generated with the installed torch, CPU, float64):

    python3 tools/reference/lbfgs_reference.py > tests/data/lbfgs_reference.txt

Two fixed functions, with their gradients written out analytically here and in tests/lbfgs.rs
(set as .grad in the closure, so both sides evaluate the same formulas):

    quartic     f(x) = Σ a_i (x_i − c_i)² + 0.1 Σ x_i⁴ + 0.5 x0 x1 − 0.3 x2 x3  (4 parameters)
    rosenbrock  f(x, y) = (1 − x)² + 100 (y − x²)²                            (2 parameters)

Each case runs `optimizer.step(closure)` several times with one combination of options. Format:

    case <name> <function> <steps> [key=value ...]
    step <k> <loss returned> <n_iter> <func_evals> <parameters after step k>
"""

import torch

torch.set_default_dtype(torch.float64)

A = (1.0, 3.0, 0.5, 2.0)
C = (1.0, -2.0, 0.5, 3.0)


def quartic(x):
    x0, x1, x2, x3 = x
    f = sum(A[i] * (x[i] - C[i]) ** 2 for i in range(4)) + 0.1 * sum(v ** 4 for v in x) \
        + 0.5 * x0 * x1 - 0.3 * x2 * x3
    g = [
        2.0 * A[0] * (x0 - C[0]) + 0.4 * x0 * x0 * x0 + 0.5 * x1,
        2.0 * A[1] * (x1 - C[1]) + 0.4 * x1 * x1 * x1 + 0.5 * x0,
        2.0 * A[2] * (x2 - C[2]) + 0.4 * x2 * x2 * x2 - 0.3 * x3,
        2.0 * A[3] * (x3 - C[3]) + 0.4 * x3 * x3 * x3 - 0.3 * x2,
    ]
    return f, g


def rosenbrock(v):
    x, y = v
    f = (1.0 - x) ** 2 + 100.0 * (y - x * x) ** 2
    g = [-2.0 * (1.0 - x) - 400.0 * x * (y - x * x), 200.0 * (y - x * x)]
    return f, g


FUNCS = {"quartic": (quartic, (-1.5, 2.0, 0.3, -0.7)), "rosenbrock": (rosenbrock, (-1.2, 1.0))}

CASES = [
    ("defaults", "quartic", 4, {}),
    ("strong_wolfe", "quartic", 4, {"line_search_fn": "strong_wolfe"}),
    ("short_history", "quartic", 6, {"history_size": 2, "max_iter": 4}),
    ("lr_max_eval", "quartic", 5, {"lr": 0.3, "max_eval": 7}),
    ("one_iter_per_step", "quartic", 12, {"max_iter": 1}),
    ("rosenbrock_wolfe", "rosenbrock", 8, {"line_search_fn": "strong_wolfe"}),
    ("rosenbrock_wolfe_h3", "rosenbrock", 8,
     {"line_search_fn": "strong_wolfe", "history_size": 3, "tolerance_change": 1e-12}),
    ("rosenbrock_small_lr", "rosenbrock", 6, {"lr": 0.02, "max_iter": 10}),
]


def main():
    for name, func, steps, opts in CASES:
        f, x0 = FUNCS[func]
        p = torch.tensor(x0, requires_grad=True)
        opt = torch.optim.LBFGS([p], **opts)

        def closure():
            value, grad = f([float(v) for v in p.detach()])
            p.grad = torch.tensor(grad)
            return torch.tensor(value)

        kv = " ".join(f"{k}={v}" for k, v in opts.items())
        print(f"case {name} {func} {steps} {kv}".rstrip())
        for k in range(1, steps + 1):
            loss = float(opt.step(closure))
            st = opt.state[p]
            xs = " ".join(repr(float(v)) for v in p.detach())
            print(f"step {k} {loss!r} {st['n_iter']} {st['func_evals']} {xs}")


if __name__ == "__main__":
    main()
