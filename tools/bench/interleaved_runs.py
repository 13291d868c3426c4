#!/usr/bin/env python3
"""Runs `benches/network.rs` binaries many times in interleaved mode and summarises the four
networks of issue 7, so that two builds can be compared on a noisy VM.

    python3 tools/bench/interleaved_runs.py RUNS BIN [BIN ...]

Each BIN is a bench executable (`cargo bench --bench network --no-run` prints its path; copy it
aside before rebuilding). The binaries take turns, RUNS times each, with
TYPENET_INTERLEAVED=31. The VM this was written on switches between speed states from one
process to the next, and the std baseline suffers more from the slow state than typenet's code,
so two summaries are printed per network:

- BEST: each implementation's fastest call over all runs (each at its best state), and their
  ratio: the fair comparison of generated code with the std baseline;
- paired: the median (and range) over runs of the ratios measured within one run.
"""
import os
import re
import statistics
import subprocess
import sys

NETS = ["2-2-2", "2-8-1", "16-32-32-4", "784-128-10"]
LINE = re.compile(r"\| (\S+)[^/]*/(\w+) \| \w+: ([\d.]+) ns \| (?:\w+: ([\d.]+) ns)?")


def run(binary):
    env = dict(os.environ, TYPENET_INTERLEAVED="31")
    out = subprocess.run([binary], env=env, capture_output=True, text=True, check=True).stdout
    rows = {}
    for line in out.splitlines():
        m = LINE.match(line)
        if m:
            rows[(m.group(1), m.group(2))] = (float(m.group(3)), float(m.group(4) or "nan"))
    return rows


def main():
    runs, binaries = int(sys.argv[1]), sys.argv[2:]
    results = {b: [] for b in binaries}
    for _ in range(runs):
        for b in binaries:
            results[b].append(run(b))
    for b in binaries:
        print(b)
        for net in NETS:
            fw = [r[(net, "forward")][0] for r in results[b]]
            std = [r[(net, "forward")][1] for r in results[b]]
            st = [r[(net, "train_step")][0] for r in results[b]]
            ratio = sorted(f / s for f, s in zip(fw, std))
            step = sorted(t / f for t, f in zip(st, fw))
            print(
                f"  {net:11} BEST forward {min(fw):9.1f} ns, std {min(std):9.1f} ns, "
                f"ratio {min(fw) / min(std):.3f}; step {min(st):9.1f} ns, "
                f"step/forward {min(st) / min(fw):.2f}"
            )
            print(
                f"  {'':11} paired forward/std median {statistics.median(ratio):.3f} "
                f"[{ratio[0]:.3f}-{ratio[-1]:.3f}], step/forward median "
                f"{statistics.median(step):.2f} [{step[0]:.2f}-{step[-1]:.2f}]"
            )


if __name__ == "__main__":
    main()
