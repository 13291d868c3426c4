#!/usr/bin/env bash
# Instructions per sample of each case of benches/recurrent.rs, counted by callgrind: unlike
# wall-clock time, the count is the same on a busy machine. Each implementation runs twice
# (A and B samples) and the difference is divided by B − A, which cancels the setup.
#
#   tools/bench/recurrent_instructions.sh [IDS]     # e.g. "lstm8 gru8"; default: every case
#
# RECURRENT_BIN=<path> counts an already built bench binary instead (e.g. one built from an
# earlier commit and copied aside, for a before/after table).
set -euo pipefail
cd "$(dirname "$0")/../.."
ids="${1:-lstm5 lstm8 lstm12 lstm16 lstm20 lstm32 lstm33 lstm64 gru5 gru8 gru12 gru16 gru20 gru32 gru33 gru64 conv4}"
bin=${RECURRENT_BIN:-}
[ -n "$bin" ] || bin=$(cargo bench --bench recurrent --no-run --message-format=json 2>/dev/null |
  python3 -c 'import json,sys
for l in sys.stdin:
    m=json.loads(l)
    if m.get("reason")=="compiler-artifact" and m["target"]["name"]=="recurrent" and m.get("executable"): print(m["executable"])' | tail -1)
count() { # id/k samples -> instructions
  RECURRENT_CALLGRIND="$1" RECURRENT_ITERS="$2" valgrind --tool=callgrind --callgrind-out-file=/dev/null \
    "$bin" 2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p' | tail -1
}
a=2000
b=12000
echo "| case | typenet layers | loop ÷ std | loop ÷ math | typenet ÷ loop (math) | \`network!\` step | \`network!\` ÷ layers |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for id in $ids; do
  per=()
  for k in 0 1 2 3; do
    ia=$(count "$id/$k" $a)
    ib=$(count "$id/$k" $b)
    per+=("$(( (ib - ia) / (b - a) ))")
  done
  ratio=$(python3 -c "print(f'{${per[0]}/${per[2]}:.3f}')")
  gen=$(python3 -c "print(f'{${per[3]}/${per[0]}:.3f}')")
  echo "| $id | ${per[0]} | ${per[1]} | ${per[2]} | $ratio | ${per[3]} | $gen |"
done
