#!/usr/bin/env bash
# Instructions per 8-lane vector of math::f32::{exp, tanh, sigmoid} in an AVX2 map, the same
# (unfused) functions in an AVX2 + FMA map, and their fused flavour (math::f32::fused) in an
# AVX2 + FMA map (tools/accuracy/src/bin/map_cost.rs), counted by callgrind: the same count on
# a busy machine. Each case runs A and B times over 4096 values; the difference is divided by
# (B − A)·512 vectors, which cancels the setup.
#
#   tools/accuracy/instructions.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release -p typenet-accuracy --bin map_cost 2>/dev/null
bin=target/release/map_cost
count() { # func variant iterations -> instructions
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$1" "$2" "$3" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p' | tail -1
}
a=100
b=1100
echo "| function | AVX2 | AVX2 + FMA, unfused | AVX2 + FMA, fused |"
echo "|---|---:|---:|---:|"
for f in exp tanh sigmoid; do
  row="| $f |"
  for v in avx2 avx2fma fused; do
    ia=$(count $f $v $a)
    ib=$(count $f $v $b)
    row+=" $(python3 -c "print(f'{($ib - $ia) / (($b - $a) * 512):.1f}')") |"
  done
  echo "$row"
done
