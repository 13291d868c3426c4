#!/usr/bin/env bash
# Where the instructions of one sample of a recurrent network go, typenet's generated step and
# RTNeural's side by side (issue 20): callgrind (--dump-instr=yes) runs a harness binary of
# tools/bench/rtneural_recurrent.sh over 1 and over 2 passes of the 4,800 samples of one
# network (TYPENET_ONLY), and tools/bench/recurrent_mix.py divides the difference per
# instruction by 4,800 and groups it by function and kind (FMA, horizontal add, broadcast,
# shuffle, load/move, store, other vector, scalar/control) from `objdump -d`.
# Valgrind cannot run AVX-512: use AVX2 builds (the `avx2` binaries of that script).
#
#   tools/bench/recurrent_mix.sh BIN NETWORK        # e.g. .../target/v3/release/typenet-rtneural-recurrent gru64
set -euo pipefail
bin=$1
net=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for r in 1 2; do
  TYPENET_ONLY=$net TYPENET_ROUNDS=$r valgrind --tool=callgrind --dump-instr=yes --dump-line=no \
    --callgrind-out-file="$dir/$r.cg" "$bin" >/dev/null 2>&1
done
python3 "$(dirname "$0")/recurrent_mix.py" "$bin" "$dir/1.cg" "$dir/2.cg" 4800
