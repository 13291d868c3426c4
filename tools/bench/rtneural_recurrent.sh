#!/usr/bin/env bash
# typenet's generated `step` against RTNeural (issue 20), one sample per step, on the networks of
# benches/recurrent.rs: LSTM(h) → Dense(1) and GRU(h) → Dense(1) with one input, h = 8, 16, 32,
# 64, and the 4-layer Conv1D(16, kernel 3, dilation 1, 2, 4, 8) stack; same weights (the
# bench's), same 4,800 input samples, outputs checked to agree, three instruction sets, every
# build run in turns, round after round (the conventions of tools/bench/rtneural.sh, issue 17):
#
#   sse2     RTNeural g++ -O3                  typenet default (x86-64)
#   avx2     RTNeural g++ -O3 -mavx2 -mfma     typenet RUSTFLAGS=-Ctarget-cpu=x86-64-v3
#   native   RTNeural g++ -O3 -march=native    typenet RUSTFLAGS=-Ctarget-cpu=native
#
# RTNeural is header-only and is not part of this repository: point RTNEURAL at a checkout of
# its source (default /work/ext/RTNeural; Eigen in modules/Eigen, nlohmann json in
# modules/json). The C++ side is tools/bench/rtneural_recurrent/harness.cpp (compile-time
# ModelT API, Eigen backend, weights through RTNeural's torch_helpers loaders); typenet's side is
# the crate tools/bench/rtneural_recurrent (network! types), built into its
# target/{default,v3,native}. Both print the fastest of 5 passes over the 4,800 samples per
# round; the script keeps each build's fastest round and the median of the per-round ratios.
#
#   tools/bench/rtneural_recurrent.sh [ROUNDS]        # default 9; ISAS="sse2 avx2" to pick
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
here="$root/tools/bench/rtneural_recurrent"
rtn="${RTNEURAL:-/work/ext/RTNeural}"
rounds="${1:-9}"
out_dir="$here/target/rtneural"
mkdir -p "$out_dir"
[[ -d "$rtn/RTNeural" ]] || { echo "error: no RTNeural source at $rtn (set RTNEURAL)" >&2; exit 1; }

read -r -a isas <<<"${ISAS:-sse2 avx2 native}"
declare -A cxx=([sse2]="" [avx2]="-mavx2 -mfma" [native]="-march=native")
declare -A align=([sse2]=16 [avx2]=32 [native]=32)
declare -A rust=([sse2]="" [avx2]="-Ctarget-cpu=x86-64-v3" [native]="-Ctarget-cpu=native")
declare -A rdir=([sse2]=default [avx2]=v3 [native]=native)

for i in "${isas[@]}"; do
  # Minutes per build on a busy machine: skipped when the binary is newer than the harness.
  if [[ ! "$out_dir/rtneural-$i" -nt "$here/harness.cpp" ]]; then
    echo "building RTNeural harness ($i)" >&2
    # shellcheck disable=SC2086
    g++ -std=c++17 -O3 -DNDEBUG ${cxx[$i]} -DRTNEURAL_USE_EIGEN=1 \
      -DRTNEURAL_DEFAULT_ALIGNMENT="${align[$i]}" -DEIGEN_STACK_ALLOCATION_LIMIT=0 \
      -I"$rtn" -I"$rtn/modules/Eigen" -I"$rtn/modules/json" \
      "$here/harness.cpp" -o "$out_dir/rtneural-$i" 2> >(grep -v -e 'pragma message' -e RTNEURAL_DEFAULT_ALIGNMENT >&2 || true)
  fi
  echo "building typenet ($i)" >&2
  (cd "$here" && RUSTFLAGS="${rust[$i]}" cargo build --release --quiet --target-dir "target/${rdir[$i]}")
done

# Same outputs (to 1e-4, relative to max(1, |y|)) at samples 0, 1, 10, 100, 1000 and 4799.
for i in "${isas[@]}"; do
  a=$(TYPENET_CHECK=1 "$out_dir/rtneural-$i")
  b=$(TYPENET_CHECK=1 "$here/target/${rdir[$i]}/release/typenet-rtneural-recurrent")
  python3 - "$i" "$a" "$b" <<'PY'
import sys
isa, a, b = sys.argv[1:]
la, lb = a.splitlines(), b.splitlines()
assert len(la) == len(lb) == 9, (la, lb)
for x, y in zip(la, lb):
    va, vb = [float(v) for v in x.split()[2:]], [float(v) for v in y.split()[2:]]
    assert x.split()[1] == y.split()[1] and len(va) == len(vb) == 6
    if any(abs(p - q) > 1e-4 * max(1.0, abs(p)) for p, q in zip(va, vb)):
        sys.exit(f"outputs differ ({isa}): RTNeural {x} / typenet {y}")
PY
done
echo "outputs agree (1e-4) in every build" >&2

log=$(mktemp)
trap 'rm -f "$log"' EXIT
for r in $(seq "$rounds"); do
  echo "round $r/$rounds" >&2
  for i in "${isas[@]}"; do
    "$out_dir/rtneural-$i" | sed "s/^/$r\t$i\trtneural\t/" >>"$log"
    "$here/target/${rdir[$i]}/release/typenet-rtneural-recurrent" | sed "s/^/$r\t$i\ttypenet\t/" >>"$log"
  done
done
python3 - "$log" "${isas[@]}" <<'PY'
import statistics, sys
path, isas = sys.argv[1], sys.argv[2:]
t = {}
for line in open(path):
    r, isa, side, name, ns = line.rstrip("\n").split("\t")
    t.setdefault((name, isa, side), {})[r] = float(ns)
names = list(dict.fromkeys(k[0] for k in t))
label = {"sse2": "-O3 vs default", "avx2": "-mavx2 -mfma vs x86-64-v3", "native": "-march=native vs native"}
print("Cells: typenet ns / RTNeural ns per sample (best of rounds), typenet ÷ RTNeural best/best and median of per-round ratios.")
print("| network | " + " | ".join(label[i] for i in isas) + " |")
print("|---|" + "---|" * len(isas))
for n in names:
    cells = []
    for i in isas:
        a, b = t[(n, i, "typenet")], t[(n, i, "rtneural")]
        ratio = [a[r] / b[r] for r in a if r in b]
        cells.append(f"{min(a.values()):.1f} / {min(b.values()):.1f}: **{min(a.values()) / min(b.values()):.2f}** (median {statistics.median(ratio):.2f})")
    print(f"| {n} | " + " | ".join(cells) + " |")
PY
