#!/usr/bin/env python3
"""Reference learning-rate sequences from torch.optim.lr_scheduler, for typenet's scheduler tests.

Dev-only: the Rust tests read the committed output and never run this script.

    python3 tools/reference/sched_reference.py            # writes runtime/tests/data/sched_reference.json
    python3 tools/reference/sched_reference.py --check    # regenerates in memory, fails if the file differs

Generated with torch 2.15.0 (CPU build is enough; any 2.x with the same lr_scheduler.py gives the
same numbers). Each case records `get_last_lr()[0]` right after construction (index 0) and after
each of the following `step()` calls (index k), and, where a scheduler cycles it, the optimizer's
momentum (SGD's `momentum` or Adam's `betas[0]`) at the same points. ReduceLROnPlateau cases also
record the metric fed to each `step(metric)`.

Every case here has a twin of the same name in runtime/tests/sched_reference.rs that builds the
same scheduler in Rust; the test fails if either side has a case the other lacks. Lambdas are
written so that Rust can evaluate them with the same floating-point operations.
"""

import json
import math
import os
import sys

import torch
from torch.optim import SGD, Adam, Adagrad
from torch.optim import lr_scheduler as S

LR0 = 0.1
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "runtime", "tests", "data", "sched_reference.json")


def sgd(lr=LR0, momentum=0.9):
    return SGD([torch.zeros(1, requires_grad=True)], lr=lr, momentum=momentum)


def adam(lr=LR0):
    return Adam([torch.zeros(1, requires_grad=True)], lr=lr, betas=(0.9, 0.999))


def adagrad(lr=LR0):
    # An optimizer with neither momentum nor betas.
    return Adagrad([torch.zeros(1, requires_grad=True)], lr=lr)


def momentum_of(opt):
    g = opt.param_groups[0]
    if "betas" in g:
        return g["betas"][0]
    return g.get("momentum")


def record(name, opt, sched, steps, params, momentum=False, metrics=None):
    """Runs `steps` steps (after the constructor's initial step) and records the sequence."""
    lrs = [sched.get_last_lr()[0]]
    moms = [momentum_of(opt)] if momentum else None
    for k in range(steps):
        opt.step()
        if metrics is not None:
            sched.step(metrics[k])
        else:
            sched.step()
        lrs.append(sched.get_last_lr()[0])
        # The optimizer's lr must be what the scheduler reports.
        assert opt.param_groups[0]["lr"] == lrs[-1], name
        if momentum:
            moms.append(momentum_of(opt))
    case = {"name": name, "params": params, "lr": [float(x) for x in lrs]}
    if momentum:
        case["momentum"] = [float(x) for x in moms]
    if metrics is not None:
        case["metrics"] = [float(x) for x in metrics[:steps]]
    return case


# Lambdas with an exact Rust twin (same operations, same order).
def lam_pow(e):
    return 0.95**e  # Rust: 0.95f64.powf(e as f64)


def lam_inv(e):
    return 1.0 / (e + 1)  # Rust: 1.0 / (e + 1) as f64


def mul_const(e):
    return 0.9


def mul_ramp(e):
    return 1.0 - 0.01 * e  # Rust: 1.0 - 0.01 * e as f64


def warmup_lambda(e):
    return min(1.0, (e + 1) / 5)  # Rust: f64::min(1.0, (e + 1) as f64 / 5.0)


def custom_scale(x):
    return 1.0 / (1.0 + 0.5 * x)  # Rust: 1.0 / (1.0 + 0.5 * x)


def cases():
    out = []
    N = 30

    # LambdaLR
    o = sgd(); out.append(record("lambda_pow", o, S.LambdaLR(o, lam_pow), N, {"lambda": "0.95**e"}))
    o = sgd(); out.append(record("lambda_inv", o, S.LambdaLR(o, lam_inv), N, {"lambda": "1/(e+1)"}))

    # MultiplicativeLR
    o = sgd(); out.append(record("multiplicative_const", o, S.MultiplicativeLR(o, mul_const), N, {"lambda": "0.9"}))
    o = sgd(); out.append(record("multiplicative_ramp", o, S.MultiplicativeLR(o, mul_ramp), N, {"lambda": "1-0.01e"}))

    # StepLR
    o = sgd(); out.append(record("step_3_half", o, S.StepLR(o, step_size=3, gamma=0.5), N, {"step_size": 3, "gamma": 0.5}))
    o = sgd(); out.append(record("step_7_default", o, S.StepLR(o, step_size=7), N, {"step_size": 7}))

    # MultiStepLR (a repeated milestone decays by gamma squared)
    o = sgd()
    out.append(record("multistep", o, S.MultiStepLR(o, milestones=[2, 5, 5, 9], gamma=0.5), N,
                      {"milestones": [2, 5, 5, 9], "gamma": 0.5}))
    o = sgd()
    out.append(record("multistep_zero", o, S.MultiStepLR(o, milestones=[0, 4]), N,
                      {"milestones": [0, 4], "gamma": 0.1}))

    # ConstantLR
    o = sgd(); out.append(record("constant_half_4", o, S.ConstantLR(o, factor=0.5, total_iters=4), N, {"factor": 0.5, "total_iters": 4}))
    o = sgd(); out.append(record("constant_default", o, S.ConstantLR(o), N, {}))

    # LinearLR, including the seed's decay eps_k = (1 - k/tau) eps_0 + (k/tau) eps_tau
    o = sgd(); out.append(record("linear_warmup", o, S.LinearLR(o, start_factor=0.25, end_factor=1.0, total_iters=8), N,
                                 {"start_factor": 0.25, "end_factor": 1.0, "total_iters": 8}))
    o = sgd(); out.append(record("linear_seed_decay", o, S.LinearLR(o, start_factor=1.0, end_factor=0.01, total_iters=20), N,
                                 {"start_factor": 1.0, "end_factor": 0.01, "total_iters": 20}))
    o = sgd(); out.append(record("linear_default", o, S.LinearLR(o), N, {}))

    # ExponentialLR
    o = sgd(); out.append(record("exponential", o, S.ExponentialLR(o, gamma=0.9), N, {"gamma": 0.9}))

    # PolynomialLR
    o = sgd(); out.append(record("polynomial_default", o, S.PolynomialLR(o), N, {}))
    o = sgd(); out.append(record("polynomial_sq", o, S.PolynomialLR(o, total_iters=10, power=2.0), N, {"total_iters": 10, "power": 2.0}))
    o = sgd(); out.append(record("polynomial_sqrt", o, S.PolynomialLR(o, total_iters=12, power=0.5), N, {"total_iters": 12, "power": 0.5}))

    # CosineAnnealingLR: the recursive (chainable) form, past T_max into the second period
    o = sgd(); out.append(record("cosine_10", o, S.CosineAnnealingLR(o, T_max=10, eta_min=0.001), 45, {"T_max": 10, "eta_min": 0.001}))
    o = sgd(); out.append(record("cosine_7", o, S.CosineAnnealingLR(o, T_max=7), 30, {"T_max": 7}))

    # CosineAnnealingWarmRestarts
    o = sgd(); out.append(record("warm_restarts_5", o, S.CosineAnnealingWarmRestarts(o, T_0=5), N, {"T_0": 5}))
    o = sgd(); out.append(record("warm_restarts_3x2", o, S.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2, eta_min=0.01), 50,
                                 {"T_0": 3, "T_mult": 2, "eta_min": 0.01}))

    # CyclicLR: every mode, momentum (SGD) and beta1 (Adam) cycling, and without momentum
    o = sgd()
    out.append(record("cyclic_triangular", o, S.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=4), 40,
                      {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 4, "mode": "triangular"}, momentum=True))
    o = sgd()
    out.append(record("cyclic_triangular2", o, S.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=3, step_size_down=5, mode="triangular2"), 40,
                      {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 3, "step_size_down": 5, "mode": "triangular2"}, momentum=True))
    o = sgd()
    out.append(record("cyclic_exp_range", o, S.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=4, mode="exp_range", gamma=0.95,
                                                         base_momentum=0.7, max_momentum=0.95), 40,
                      {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 4, "mode": "exp_range", "gamma": 0.95,
                       "base_momentum": 0.7, "max_momentum": 0.95}, momentum=True))
    o = adam()
    out.append(record("cyclic_triangular_adam", o, S.CyclicLR(o, base_lr=0.001, max_lr=0.006, step_size_up=5), 40,
                      {"base_lr": 0.001, "max_lr": 0.006, "step_size_up": 5, "optimizer": "adam"}, momentum=True))
    o = adagrad()
    out.append(record("cyclic_no_momentum", o, S.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=4, cycle_momentum=False), 40,
                      {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 4, "cycle_momentum": False}))
    o = sgd()
    out.append(record("cyclic_custom_cycle", o, S.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=3, scale_fn=custom_scale,
                                                            scale_mode="cycle"), 40,
                      {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 3, "scale_fn": "1/(1+0.5x)", "scale_mode": "cycle"}, momentum=True))
    o = sgd()
    out.append(record("cyclic_custom_iterations", o, S.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=3, scale_fn=custom_scale,
                                                                 scale_mode="iterations"), 40,
                      {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 3, "scale_fn": "1/(1+0.5x)", "scale_mode": "iterations"},
                      momentum=True))

    # OneCycleLR: both annealing strategies, two and three phases, SGD momentum and Adam beta1
    for strategy in ("cos", "linear"):
        for three in (False, True):
            name = f"one_cycle_{strategy}{'_three' if three else ''}"
            o = sgd()
            sch = S.OneCycleLR(o, max_lr=0.5, total_steps=30, anneal_strategy=strategy, three_phase=three)
            out.append(record(name, o, sch, 30, {"max_lr": 0.5, "total_steps": 30, "anneal_strategy": strategy,
                                                 "three_phase": three}, momentum=True))
    o = adam()
    sch = S.OneCycleLR(o, max_lr=0.01, epochs=5, steps_per_epoch=8, pct_start=0.25, div_factor=10.0, final_div_factor=100.0,
                       base_momentum=0.8, max_momentum=0.9)
    out.append(record("one_cycle_adam", o, sch, 40, {"max_lr": 0.01, "total_steps": 40, "pct_start": 0.25, "div_factor": 10.0,
                                                    "final_div_factor": 100.0, "base_momentum": 0.8, "max_momentum": 0.9,
                                                    "optimizer": "adam"}, momentum=True))
    o = adagrad()
    sch = S.OneCycleLR(o, max_lr=0.3, total_steps=25, cycle_momentum=False)
    out.append(record("one_cycle_no_momentum", o, sch, 25, {"max_lr": 0.3, "total_steps": 25, "cycle_momentum": False}))

    # ReduceLROnPlateau, on a fixed metric sequence
    down_then_flat = [1.0, 0.9, 0.8, 0.8, 0.8, 0.8, 0.79995, 0.7, 0.7, 0.7, 0.7, 0.7, 0.6, 0.6, 0.6, 0.6, 0.6,
                      0.6, 0.6, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]
    up_then_flat = [0.1, 0.2, 0.3, 0.3, 0.3, 0.3, 0.30001, 0.35, 0.35, 0.35, 0.35, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4,
                    0.45, 0.45, 0.45, 0.45, 0.45, 0.45, 0.45, 0.45, 0.45, 0.45, 0.45, 0.45, 0.45]
    o = sgd()
    out.append(record("plateau_min_rel", o, S.ReduceLROnPlateau(o, patience=2), N, {"mode": "min", "patience": 2},
                      metrics=down_then_flat))
    o = sgd()
    out.append(record("plateau_min_abs_cooldown", o, S.ReduceLROnPlateau(o, factor=0.5, patience=1, threshold=0.05,
                                                                         threshold_mode="abs", cooldown=2, min_lr=0.02), N,
                      {"mode": "min", "factor": 0.5, "patience": 1, "threshold": 0.05, "threshold_mode": "abs",
                       "cooldown": 2, "min_lr": 0.02}, metrics=down_then_flat))
    o = sgd()
    out.append(record("plateau_max_rel", o, S.ReduceLROnPlateau(o, mode="max", factor=0.5, patience=1, threshold=0.1), N,
                      {"mode": "max", "factor": 0.5, "patience": 1, "threshold": 0.1}, metrics=up_then_flat))
    o = sgd()
    out.append(record("plateau_max_abs_min_lr", o, S.ReduceLROnPlateau(o, mode="max", factor=0.3, patience=0, threshold=0.01,
                                                                       threshold_mode="abs", cooldown=1, min_lr=0.005), N,
                      {"mode": "max", "factor": 0.3, "patience": 0, "threshold": 0.01, "threshold_mode": "abs",
                       "cooldown": 1, "min_lr": 0.005}, metrics=up_then_flat))
    o = sgd()
    out.append(record("plateau_eps", o, S.ReduceLROnPlateau(o, factor=0.5, patience=0, min_lr=0.0, eps=0.02), N,
                      {"mode": "min", "factor": 0.5, "patience": 0, "eps": 0.02}, metrics=[1.0] * N))

    # SequentialLR: warm-up then cosine; three phases; children without a closed form
    o = sgd()
    a = S.LinearLR(o, start_factor=0.1, total_iters=5)
    b = S.CosineAnnealingLR(o, T_max=20)
    out.append(record("sequential_warmup_cosine", o, S.SequentialLR(o, [a, b], milestones=[5]), 35,
                      {"children": ["LinearLR(0.1, 1.0, 5)", "CosineAnnealingLR(20)"], "milestones": [5]}))
    o = sgd()
    a = S.ConstantLR(o, factor=0.5, total_iters=10)
    b = S.ExponentialLR(o, gamma=0.9)
    c = S.StepLR(o, step_size=4, gamma=0.5)
    out.append(record("sequential_three", o, S.SequentialLR(o, [a, b, c], milestones=[3, 8]), N,
                      {"children": ["ConstantLR(0.5, 10)", "ExponentialLR(0.9)", "StepLR(4, 0.5)"], "milestones": [3, 8]}))
    o = sgd()
    a = S.LambdaLR(o, warmup_lambda)
    b = S.MultiplicativeLR(o, mul_const)
    c = S.CosineAnnealingWarmRestarts(o, T_0=4)
    out.append(record("sequential_lambda_mult_restarts", o, S.SequentialLR(o, [a, b, c], milestones=[4, 9]), N,
                      {"children": ["LambdaLR(min(1,(e+1)/5))", "MultiplicativeLR(0.9)", "CosineAnnealingWarmRestarts(4)"],
                       "milestones": [4, 9]}))
    o = sgd()
    a = S.ExponentialLR(o, gamma=0.8)
    b = S.CyclicLR(o, base_lr=0.01, max_lr=0.05, step_size_up=3)
    out.append(record("sequential_exp_cyclic", o, S.SequentialLR(o, [a, b], milestones=[6]), N,
                      {"children": ["ExponentialLR(0.8)", "CyclicLR(0.01, 0.05, 3)"], "milestones": [6]}, momentum=True))

    # ChainedScheduler: composes through the optimizer's lr
    o = sgd()
    a = S.ConstantLR(o, factor=0.1, total_iters=2)
    b = S.ExponentialLR(o, gamma=0.9)
    out.append(record("chained_constant_exp", o, S.ChainedScheduler([a, b]), N,
                      {"children": ["ConstantLR(0.1, 2)", "ExponentialLR(0.9)"]}))
    o = sgd()
    a = S.LinearLR(o, start_factor=0.2, total_iters=4)
    b = S.CosineAnnealingLR(o, T_max=6, eta_min=0.01)
    out.append(record("chained_linear_cosine", o, S.ChainedScheduler([a, b]), N,
                      {"children": ["LinearLR(0.2, 1.0, 4)", "CosineAnnealingLR(6, 0.01)"]}))
    o = sgd()
    a = S.StepLR(o, step_size=5, gamma=0.5)
    b = S.LambdaLR(o, lam_pow)
    c = S.MultiStepLR(o, milestones=[3, 12], gamma=0.7)
    out.append(record("chained_step_lambda_multistep", o, S.ChainedScheduler([a, b, c]), N,
                      {"children": ["StepLR(5, 0.5)", "LambdaLR(0.95**e)", "MultiStepLR([3, 12], 0.7)"]}))
    return out


def main():
    data = {
        "generator": "tools/reference/sched_reference.py",
        "torch_version": torch.__version__,
        "lr0": LR0,
        "cases": cases(),
    }
    text = json.dumps(data, indent=1) + "\n"
    if "--check" in sys.argv:
        with open(OUT) as f:
            old = json.load(f)
        old["torch_version"] = data["torch_version"]
        if json.loads(text) != old:
            sys.exit("sched_reference.json is out of date")
        print("sched_reference.json is up to date")
        return
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write(text)
    print(f"wrote {len(data['cases'])} cases to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
