#!/usr/bin/env bash
# Instructions per forward pass of issue 17's four networks, typenet against RTNeural, counted by
# callgrind (the same on a busy machine, unlike time): each binary runs one benchmark with
# TYPENET_CALLS=100 and =1100 in one round (typenet's TYPENET_REPS=0: only its warm-up round;
# RTNeural's TYPENET_REPS=1: one call to warm up, then the round) and the difference is divided
# by 1,000, which cancels the setup. Two instruction sets: `sse2` (RTNeural -O3, typenet's default build) and
# `avx2` (-O3 -mavx2 -mfma, typenet -Ctarget-cpu=x86-64-v3); valgrind runs no AVX-512, so not
# `native`. Uses the builds of tools/bench/rtneural.sh (run it once first, or set BUILD=1 to
# build here); RTNEURAL as there.
#
#   tools/bench/rtneural/instructions.sh [NETWORK-SUBSTRING]     # e.g. N2
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
rtn="${RTNEURAL:-/work/ext/RTNeural}"
out_dir="$root/benches/profiles/target/rtneural"
filter="${1:-}"
declare -A cxx=([sse2]="" [avx2]="-mavx2 -mfma")
declare -A align=([sse2]=16 [avx2]=32)
declare -A rust=([sse2]="" [avx2]="-Ctarget-cpu=x86-64-v3")
declare -A rdir=([sse2]=default [avx2]=v3)
if [[ "${BUILD:-0}" == 1 ]]; then
  mkdir -p "$out_dir"
  for i in sse2 avx2; do
    # shellcheck disable=SC2086
    g++ -std=c++17 -O3 -DNDEBUG ${cxx[$i]} -DRTNEURAL_USE_EIGEN=1 \
      -DRTNEURAL_DEFAULT_ALIGNMENT="${align[$i]}" -DEIGEN_STACK_ALLOCATION_LIMIT=0 \
      -I"$rtn" -I"$rtn/modules/Eigen" -I"$rtn/modules/json" \
      "$root/tools/bench/rtneural/harness.cpp" -o "$out_dir/rtneural-$i" 2>/dev/null
    (cd "$root/benches/profiles" &&
      RUSTFLAGS="${rust[$i]}" cargo build --release --quiet --target-dir "target/${rdir[$i]}")
  done
fi
count() { # binary name reps calls -> instructions (typenet: reps + 1 rounds; RTNeural: one call + reps rounds)
  TYPENET_ONLY="=$2" TYPENET_REPS="$3" TYPENET_CALLS="$4" valgrind --tool=callgrind \
    --callgrind-out-file=/dev/null "$1" 2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p' | tail -1
}
printf '%-24s %-5s %9s %9s %7s\n' network isa typenet RTNeural ratio
for n in "N1 2-2-2 forward" "N2 2-8-1 forward" "N3 16-32-32-4 forward" "N4 784-128-10 forward"; do
  [[ -z "$filter" || "$n" == *"$filter"* ]] || continue
  for i in sse2 avx2; do
    t="$root/benches/profiles/target/${rdir[$i]}/release/typenet-profiles"
    r="$out_dir/rtneural-$i"
    a=$(( ($(count "$t" "$n" 0 1100) - $(count "$t" "$n" 0 100)) / 1000 ))
    b=$(( ($(count "$r" "$n" 1 1100) - $(count "$r" "$n" 1 100)) / 1000 ))
    printf '%-24s %-5s %9d %9d %7s\n' "${n% forward}" "$i" "$a" "$b" "$(python3 -c "print(f'{$a/$b:.2f}')")"
  done
done
