#!/usr/bin/env python3
"""Markdown tables from the criterion results of `cargo bench --bench network`.

Reads target/criterion/<id>/new/estimates.json (medians) and prints, per network and per pass,
each implementation's median and its ratio to the faster hand-written one (or, for the
crossover group, looped/unrolled).

    cargo bench --bench network && python3 tools/bench/bench_table.py
"""
import json
import os
import sys

root = os.path.join(os.path.dirname(__file__), "..", "..", "target", "criterion")


def median(bench_id):
    # The suite names each benchmark "network/pass/implementation" outside any criterion group,
    # so criterion stores it in one directory with the slashes replaced by underscores.
    path = os.path.join(root, bench_id.replace("/", "_"), "new", "estimates.json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)["median"]["point_estimate"]


def fmt(ns):
    if ns is None:
        return "—"
    if ns >= 1000:
        return f"{ns / 1000:.2f} µs"
    return f"{ns:.1f} ns"


nets = ["2-2-2 sigmoid", "2-8-1 tanh,sigmoid", "16-32-32-4 tanh", "784-128-10 relu"]
print("| network | pass | generated | hand scalar | hand nalgebra | generated / faster hand |")
print("|---|---|---:|---:|---:|---:|")
for net in nets:
    for what in ["forward", "train_step"]:
        g, s, n = (median(f"{net}/{what}/{impl}") for impl in ["generated", "scalar", "nalgebra"])
        best = min(v for v in (s, n) if v is not None) if (s or n) else None
        ratio = f"{g / best:.2f}×" if g and best else "—"
        print(f"| {net} | {what} | {fmt(g)} | {fmt(s)} | {fmt(n)} | {ratio} |")
print()
print("| layer | pass | unrolled | looped | looped / unrolled |")
print("|---|---|---:|---:|---:|")
for n in [2, 4, 8, 12, 16, 24, 32]:
    for what in ["forward", "train_step"]:
        u, l = (median(f"crossover {n}x{n}/{what}/{impl}") for impl in ["unrolled", "looped"])
        ratio = f"{l / u:.2f}" if u and l else "—"
        print(f"| {n}×{n} | {what} | {fmt(u)} | {fmt(l)} | {ratio} |")
