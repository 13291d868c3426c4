#!/usr/bin/env bash
# Instructions per optimizer step, counted by callgrind: unlike wall-clock time, the count does
# not depend on the machine's load. Each row runs A and B steps; (count_B − count_A)/(B − A)
# cancels the setup. Memory traffic is not counted: at 101,770 parameters the pre-pass of `step`
# reads the gradient and parameters once more, which costs time beyond its instructions.
#
#   tools/bench/optim_instructions.sh [PARAMS] [OPTIMIZER...]         # benches/optim.rs, f64
#   tools/bench/optim_instructions.sh guard [PARAMS] [OPTIMIZER...]   # benches/optim_guard.rs, f32
#
# PARAMS: 12 (default) or 101770. The first form: hand-written loop (no guard) vs `step` vs
# `step_elementwise` for each optimizer of benches/optim.rs. The `guard` form (issue 17): hand
# loop without guard, hand check-then-write, `step`, and the trainer's pair (hand average then
# update, typenet `step_scaled`) for the optimizers of benches/optim_guard.rs; ratios
# step ÷ check and trainer ÷ average.
set -euo pipefail
cd "$(dirname "$0")/../.."
bench=optim
if [ "${1:-}" = guard ]; then bench=optim_guard; shift; fi
n="${1:-12}"
shift || true
names=("$@")
bin=$(cargo bench --bench "$bench" --no-run --message-format=json 2>/dev/null |
  python3 -c 'import json,sys
for l in sys.stdin:
    m=json.loads(l)
    if m.get("reason")=="compiler-artifact" and m["target"]["name"]=="'"$bench"'" and m.get("executable"): print(m["executable"])' | tail -1)
if [ "$n" = 12 ]; then a=2000; b=4000; else a=2; b=4; fi
count() { # variable spec -> instructions
  env "$1=$2" valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p' | tail -1
}
per_step() { # variable spec-prefix -> instructions per step
  local ca cb
  ca=$(count "$1" "$2/$a"); cb=$(count "$1" "$2/$b")
  echo $(( (cb - ca) / (b - a) ))
}
if [ "$bench" = optim_guard ]; then
  [ ${#names[@]} -eq 0 ] && names=(SGD Momentum Adam AdamW RMSProp)
  printf '%-9s %10s %10s %10s %6s %10s %10s %6s\n' optimizer noguard check step ratio average trainer ratio
  for name in "${names[@]}"; do
    row=()
    for which in noguard check step average trainer; do
      row+=("$(per_step OPTIM_GUARD_COUNT "$name/$n/$which")")
    done
    python3 -c "u,c,s,a,f=$(IFS=,; echo "${row[*]}"); print('%-9s %10d %10d %10d %6.2f %10d %10d %6.2f' % ('$name',u,c,s,s/c,a,f,f/a))"
  done
  exit 0
fi
[ ${#names[@]} -eq 0 ] && names=(SGD Momentum Nesterov Adagrad RMSProp AdaDelta Adam AMSGrad AdamW Adamax NAdam RAdam Rprop)
printf '%-9s %12s %12s %6s %12s %6s\n' optimizer hand step ratio elementwise ratio
for name in "${names[@]}"; do
  row=()
  for which in hand step elementwise; do
    row+=("$(per_step OPTIM_COUNT "$name/$n/$which")")
  done
  python3 -c "h,s,e=$(IFS=,; echo "${row[*]}"); print(f'%-9s %12d %12d %6.2f %12d %6.2f' % ('$name',h,s,s/h,e,e/h))"
done
