#!/usr/bin/env bash
# typenet against RTNeural (issue 17), one sample per forward pass, on N1 2-2-2 sigmoid,
# N2 2-8-1 tanh/sigmoid, N3 16-32-32-4 tanh, N4 784-128-10 ReLU, same weights and inputs, three
# instruction sets, every build run in turns, round after round:
#
#   sse2     RTNeural g++ -O3                  typenet default (x86-64, kernels dispatched at run time)
#   avx2     RTNeural g++ -O3 -mavx2 -mfma     typenet RUSTFLAGS=-Ctarget-cpu=x86-64-v3
#   native   RTNeural g++ -O3 -march=native    typenet RUSTFLAGS=-Ctarget-cpu=native
#
# RTNeural is header-only and is not part of this repository: point RTNEURAL at a checkout of
# its source (default /work/ext/RTNeural; its Eigen in modules/Eigen, nlohmann json in
# modules/json). The C++ side is tools/bench/rtneural/harness.cpp (compile-time ModelT API,
# Eigen backend); typenet's side is benches/profiles (its `N1`…`N4` lines), built into
# benches/profiles/target/{default,v3,native}. Both print the fastest of 20 × 10 calls per
# round; the script keeps each build's fastest round and the median of the per-round ratios.
#
#   tools/bench/rtneural.sh [ROUNDS]        # default 9
#   TYPENET_INLINE=1 tools/bench/rtneural.sh [ROUNDS]   # typenet's forward inlined into its
#                                           # timing loop, as RTNeural's is (default: through an
#                                           # indirect call, as in the earlier measurements)
#
# Each round times TYPENET_CALLS (default here 100) calls between two clock reads on both sides:
# with 10 calls the clock's own cost and granularity were a few tenths of N1/N2's time, and
# their times came out in whole nanoseconds. The row "N4 ceiling: read 401 KB" is a plain
# vectorised sum of 100,352 floats (N4's first-layer weights on typenet's side, an aligned
# array on RTNeural's), the L2 bandwidth bound of N4's forward pass; "N4 …, CacheAligned" is
# typenet's N4 on a 64-byte boundary (`typenet::CacheAligned`), against the same RTNeural row.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
rtn="${RTNEURAL:-/work/ext/RTNeural}"
rounds="${1:-9}"
export TYPENET_CALLS="${TYPENET_CALLS:-100}"
out_dir="$root/benches/profiles/target/rtneural"
mkdir -p "$out_dir"
[[ -d "$rtn/RTNeural" ]] || { echo "error: no RTNeural source at $rtn (set RTNEURAL)" >&2; exit 1; }

isas=(sse2 avx2 native)
declare -A cxx=([sse2]="" [avx2]="-mavx2 -mfma" [native]="-march=native")
declare -A align=([sse2]=16 [avx2]=32 [native]=32)
declare -A rust=([sse2]="" [avx2]="-Ctarget-cpu=x86-64-v3" [native]="-Ctarget-cpu=native")
declare -A rdir=([sse2]=default [avx2]=v3 [native]=native)

for i in "${isas[@]}"; do
  echo "building RTNeural harness ($i)" >&2
  # shellcheck disable=SC2086
  g++ -std=c++17 -O3 -DNDEBUG ${cxx[$i]} -DRTNEURAL_USE_EIGEN=1 \
    -DRTNEURAL_DEFAULT_ALIGNMENT="${align[$i]}" -DEIGEN_STACK_ALLOCATION_LIMIT=0 \
    -I"$rtn" -I"$rtn/modules/Eigen" -I"$rtn/modules/json" \
    "$root/tools/bench/rtneural/harness.cpp" -o "$out_dir/rtneural-$i" 2> >(grep -v -e 'pragma message' -e RTNEURAL_DEFAULT_ALIGNMENT >&2 || true)
  echo "building typenet ($i)" >&2
  (cd "$root/benches/profiles" &&
    RUSTFLAGS="${rust[$i]}" cargo build --release --quiet --target-dir "target/${rdir[$i]}")
done

# Same outputs (to 1e-5) from both sides, every build.
for i in "${isas[@]}"; do
  a=$(TYPENET_CHECK=1 "$out_dir/rtneural-$i")
  b=$(TYPENET_CHECK=1 "$root/benches/profiles/target/${rdir[$i]}/release/typenet-profiles")
  python3 - "$i" "$a" "$b" <<'PY'
import sys
isa, a, b = sys.argv[1:]
for la, lb in zip(a.splitlines(), b.splitlines()):
    va, vb = [float(v) for v in la.split()[2:]], [float(v) for v in lb.split()[2:]]
    assert la.split()[1] == lb.split()[1] and len(va) == len(vb)
    if any(abs(x - y) > 1e-5 for x, y in zip(va, vb)):
        sys.exit(f"outputs differ ({isa}): RTNeural {la} / typenet {lb}")
PY
done
echo "outputs agree (1e-5) in every build" >&2

log=$(mktemp)
trap 'rm -f "$log"' EXIT
for r in $(seq "$rounds"); do
  echo "round $r/$rounds" >&2
  for i in "${isas[@]}"; do
    "$out_dir/rtneural-$i" | sed "s/^/$r\t$i\trtneural\t/" >>"$log"
    TYPENET_ONLY=N "$root/benches/profiles/target/${rdir[$i]}/release/typenet-profiles" |
      sed "s/^/$r\t$i\ttypenet\t/" >>"$log"
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
print("Cells: typenet ns / RTNeural ns (best of rounds), typenet ÷ RTNeural best/best and median of per-round ratios.")
print("| network | " + " | ".join(label[i] for i in isas) + " |")
print("|---|" + "---|" * len(isas))
for n in names:
    cells = []
    for i in isas:
        # A typenet variant "NAME, how" is set against RTNeural's "NAME".
        a, b = t[(n, i, "typenet")], t.get((n, i, "rtneural")) or t[(n.split(",")[0], i, "rtneural")]
        ratio = [a[r] / b[r] for r in a if r in b]
        ns = lambda v: f"{v:.1f}" if v < 100 else f"{v:.0f}"
        cells.append(f"{ns(min(a.values()))} / {ns(min(b.values()))}: **{min(a.values()) / min(b.values()):.2f}** (median {statistics.median(ratio):.2f})")
    print(f"| {n} | " + " | ".join(cells) + " |")
PY
