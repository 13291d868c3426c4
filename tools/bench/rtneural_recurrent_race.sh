#!/usr/bin/env bash
# Interleaved same-run timing of several builds of typenet's side of rtneural_recurrent.sh
# (issue 20): each argument is a built `typenet-rtneural-recurrent` binary, e.g. one per commit
# or per RUSTFLAGS; every round runs each binary once (each prints the fastest of 5 passes over
# 4,800 samples per network), and the table gives each binary's fastest round and the median of
# its per-round ratios to the first binary. Builds to compare, for example:
#
#   (cd tools/bench/rtneural_recurrent && RUSTFLAGS=-Ctarget-cpu=native \
#      cargo build --release --target-dir target/native) && cp \
#      tools/bench/rtneural_recurrent/target/native/release/typenet-rtneural-recurrent /tmp/new
#   # … the same at another commit into /tmp/old, or with -Ctarget-cpu=x86-64-v3 into /tmp/v3
#   tools/bench/rtneural_recurrent_race.sh 21 /tmp/old /tmp/new /tmp/v3
#
#   tools/bench/rtneural_recurrent_race.sh ROUNDS BIN...
set -euo pipefail
rounds=$1
shift
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for r in $(seq "$rounds"); do
  for b in "$@"; do
    "$b" | sed "s|^|$r\t$b\t|" >>"$log"
  done
done
python3 - "$log" "$@" <<'PY'
import statistics, sys
path, bins = sys.argv[1], sys.argv[2:]
t = {}
for line in open(path):
    r, b, name, ns = line.rstrip("\n").split("\t")
    t.setdefault((name, b), {})[r] = float(ns)
names = list(dict.fromkeys(k[0] for k in t))
print("ns per sample (fastest round); ratios: median over rounds of each binary ÷ the first")
print("| network | " + " | ".join(f"`{b}`" for b in bins) + " | " + " | ".join(f"÷ first: `{b}`" for b in bins[1:]) + " |")
print("|---|" + "---:|" * (2 * len(bins) - 1))
for n in names:
    base = t[(n, bins[0])]
    best = [f"{min(t[(n, b)].values()):.1f}" for b in bins]
    ratio = [f"{statistics.median(t[(n, b)][r] / base[r] for r in base):.3f}" for b in bins[1:]]
    print(f"| {n} | " + " | ".join(best) + " | " + " | ".join(ratio) + " |")
PY
