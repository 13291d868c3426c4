#!/usr/bin/env bash
# typenet's kernels under the build profiles a user's crate may choose (issue 17): builds
# benches/profiles (a crate that depends on typenet by path) four ways, runs the builds in
# turns, round after round, keeps each benchmark's fastest time per build, and prints each
# build's time as a ratio to the fastest build's.
#
#   default   cargo's release profile
#   cgu1      CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1
#   lto       CARGO_PROFILE_RELEASE_LTO=fat
#   native    RUSTFLAGS=-Ctarget-cpu=native
#   v3        RUSTFLAGS=-Ctarget-cpu=x86-64-v3 (not by default: AVX2 and FMA at compile time,
#             without native's AVX-512, to tell the two apart)
#
#   tools/bench/bench_profiles.sh [ROUNDS]      # default 5 rounds
#   TYPENET_ONLY=<substring> (or =<name>, exactly) picks benchmarks.
#   TYPENET_PROFILES="default v3 native" picks builds (default: default cgu1 lto native).
#
# It also fails if a build calls a SIMD intrinsic (core::core_arch) out of line: that is code
# compiled without the target feature it was written for.
set -euo pipefail
cd "$(dirname "$0")/../../benches/profiles"
rounds="${1:-5}"
read -r -a profiles <<<"${TYPENET_PROFILES:-default cgu1 lto native}"
build() { # profile
  local env=()
  case "$1" in
    cgu1) env=(CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1) ;;
    lto) env=(CARGO_PROFILE_RELEASE_LTO=fat) ;;
    native) env=(RUSTFLAGS=-Ctarget-cpu=native) ;;
    v3) env=(RUSTFLAGS=-Ctarget-cpu=x86-64-v3) ;;
  esac
  env "${env[@]}" cargo build --release --quiet --target-dir "target/$1" >&2
}
# A SIMD intrinsic that is called instead of inlined ran in a function compiled without its
# target feature (issue 17: a closure in gemm's AVX2 kernel, under codegen-units = 1). std's
# own feature detection calls `_xgetbv`, which is expected.
outlined=0
for p in "${profiles[@]}"; do
  echo "building $p" >&2
  build "$p"
  calls=$(objdump -d --no-show-raw-insn -C "target/$p/release/typenet-profiles" |
    grep -E 'call.*<core::core_arch::' | grep -v '_xgetbv' || true)
  if [[ -n "$calls" ]]; then
    echo "$p: out-of-line SIMD intrinsic calls:" >&2
    sed 's/.*call *[0-9a-f]* //' <<<"$calls" | sort | uniq -c >&2
    outlined=1
  fi
done
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for r in $(seq "$rounds"); do
  echo "round $r/$rounds" >&2
  for p in "${profiles[@]}"; do
    "target/$p/release/typenet-profiles" | sed "s/^/$p\t/" >>"$out"
  done
done
python3 - "$out" "${profiles[@]}" <<'PY'
import sys
path, profiles = sys.argv[1], sys.argv[2:]
best = {}
for line in open(path):
    p, name, ns = line.rstrip("\n").split("\t")
    key = (name, p)
    best[key] = min(best.get(key, float("inf")), float(ns))
names = list(dict.fromkeys(n for n, _ in best))
print("| benchmark | " + " | ".join(profiles) + " | worst / best |")
print("|---|" + "---:|" * (len(profiles) + 1))
for n in names:
    t = [best[(n, p)] for p in profiles]
    lo = min(t)
    def fmt(v):
        if v >= 10_000:
            return f"{v / 1000:.1f} µs"
        return f"{v:.1f} ns" if v < 100 else f"{v:.0f} ns"
    cells = [f"{fmt(v)} ({v / lo:.2f}×)" for v in t]
    print(f"| {n} | " + " | ".join(cells) + f" | {max(t) / lo:.2f} |")
PY
if ((outlined)); then
  echo "error: some build calls SIMD intrinsics out of line (see above)" >&2
  exit 1
fi
