#!/usr/bin/env bash
# Instructions per optimizer step, hand-written loop vs `step` vs `step_elementwise`, for each
# optimizer of benches/optim.rs, counted by callgrind: unlike wall-clock time, the count does not
# depend on the machine's load. Each row runs A and B steps; (count_B − count_A)/(B − A) cancels
# the setup. Memory traffic is not counted: at 101,770 parameters the pre-pass of `step` reads
# the gradient and parameters once more, which costs time beyond its instructions.
#
#   tools/bench/optim_instructions.sh [PARAMS] [OPTIMIZER...]   # PARAMS: 12 (default) or 101770
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-12}"
shift || true
names=("$@")
[ ${#names[@]} -eq 0 ] && names=(SGD Momentum Nesterov Adagrad RMSProp AdaDelta Adam AMSGrad AdamW Adamax NAdam RAdam Rprop)
bin=$(cargo bench --bench optim --no-run --message-format=json 2>/dev/null |
  python3 -c 'import json,sys
for l in sys.stdin:
    m=json.loads(l)
    if m.get("reason")=="compiler-artifact" and m["target"]["name"]=="optim" and m.get("executable"): print(m["executable"])' | tail -1)
if [ "$n" = 12 ]; then a=2000; b=4000; else a=2; b=4; fi
count() { # spec -> instructions
  OPTIM_COUNT="$1" valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p' | tail -1
}
printf '%-9s %12s %12s %6s %12s %6s\n' optimizer hand step ratio elementwise ratio
for name in "${names[@]}"; do
  row=()
  for which in hand step elementwise; do
    ca=$(count "$name/$n/$which/$a"); cb=$(count "$name/$n/$which/$b")
    row+=("$(( (cb - ca) / (b - a) ))")
  done
  python3 -c "h,s,e=$(IFS=,; echo "${row[*]}"); print(f'%-9s %12d %12d %6.2f %12d %6.2f' % ('$name',h,s,s/h,e,e/h))"
done
