#!/usr/bin/env bash
# Instructions per call of each benchmark in benches/network.rs, counted by callgrind: unlike
# wall-clock time, the count is the same on a busy machine, so ratios between implementations are
# repeatable. Each benchmark runs twice (A and B iterations) and the difference is divided by
# B − A, which cancels the setup.
#
#   tools/bench/instructions.sh [FILTER]     # e.g. tools/bench/instructions.sh 2-2-2
set -euo pipefail
cd "$(dirname "$0")/../.."
filter="${1:-}"
bin=$(cargo bench --bench network --no-run --message-format=json 2>/dev/null |
  python3 -c 'import json,sys
for l in sys.stdin:
    m=json.loads(l)
    if m.get("reason")=="compiler-artifact" and m["target"]["name"]=="network" and m.get("executable"): print(m["executable"])' | tail -1)
count() { # id iterations -> instructions
  TYPENET_CALLGRIND="$1" TYPENET_ITERS="$2" valgrind --tool=callgrind --callgrind-out-file=/dev/null \
    "$bin" 2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p' | tail -1
}
ids=()
for net in "2-2-2 sigmoid" "2-8-1 tanh,sigmoid" "16-32-32-4 tanh" "784-128-10 relu"; do
  for what in forward train_step; do
    for impl in generated scalar nalgebra; do ids+=("$net/$what/$impl"); done
  done
done
for n in 2 4 8 12 16 24 32; do
  for what in forward train_step; do
    for impl in unrolled looped; do ids+=("crossover ${n}x${n}/$what/$impl"); done
  done
done
printf '%-45s %12s\n' benchmark instructions
for id in "${ids[@]}"; do
  [[ -z "$filter" || "$id" == *"$filter"* ]] || continue
  if [[ "$id" == 784* ]]; then a=5; b=25; else a=200; b=2200; fi
  ia=$(count "$id" $a); ib=$(count "$id" $b)
  printf '%-45s %12d\n' "$id" $(((ib - ia) / (b - a)))
done
