#!/usr/bin/env bash
# typenet's kernels under the build profiles a user's crate may choose (issue 17): builds
# benches/profiles (a crate that depends on typenet by path) four ways and prints each build's
# time per benchmark and the worst build's time over the best build's.
#
#   default   cargo's release profile
#   cgu1      CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1
#   lto       CARGO_PROFILE_RELEASE_LTO=fat
#   native    RUSTFLAGS=-Ctarget-cpu=native
#   v3        RUSTFLAGS=-Ctarget-cpu=x86-64-v3 (not by default: AVX2 and FMA at compile time,
#             without native's AVX-512, to tell the two apart)
#
#   tools/bench/bench_profiles.sh [ROUNDS]      # default 21 rounds (about 0.5 s per build and round)
#   TYPENET_ONLY=<substring> (or =<name>, exactly) picks benchmarks.
#   TYPENET_PROFILES="default v3 native" picks builds (default: default cgu1 lto native).
#   TYPENET_REPS / TYPENET_CALLS are passed on to the binary (its defaults: 20 / 10), and
#   TYPENET_MIN_NS (here 2000 unless set): each repetition runs at least that long, because the
#   clock ticks in steps of 10 ns on this VM (10 calls of N2's 15 ns pass read 15 or 16 ns).
#
# How it measures, so that a ratio can be trusted on a shared, noisy machine:
# - Interleaved: every round runs each build's binary once, one after another, and the builds
#   take turns at going first (round r starts with build r mod n), so load that comes and goes
#   hits every build alike and none always runs right after the same other one.
# - Each run of a binary prints, per benchmark, its fastest of TYPENET_REPS repetitions. The
#   same binary's time moves by 10-20 % from one process to the next on this shared VM (the
#   LSTM/GRU steps 1.03 <-> 1.18, N3 1.02 <-> 1.13 between runs of 5 rounds on the same
#   binaries; a GRU step 72-92 ns over 26 processes in a row), more than within a process, so
#   the script runs many short processes (21 rounds of about 0.5 s each) rather than a few long
#   ones.
# - Per build and benchmark it keeps every round's time and prints the best over rounds and, in
#   brackets, the median. "worst / best" is the slowest build's best over the fastest build's
#   best: the figure to quote (noise only ever adds time, and 21 turns give every build its
#   quiet moments). "medians" is the same ratio of the medians: where it is far above
#   "worst / best", the machine was busy for part of the run and that row should be re-run.
#
# It also fails if a build calls a SIMD intrinsic (core::core_arch) out of line: that is code
# compiled without the target feature it was written for.
set -euo pipefail
cd "$(dirname "$0")/../../benches/profiles"
rounds="${1:-21}"
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
n=${#profiles[@]}
for r in $(seq "$rounds"); do
  echo "round $r/$rounds" >&2
  for i in $(seq 0 $((n - 1))); do
    p=${profiles[$(((r + i) % n))]}
    # The "ceiling" row is a hand-written read of N4's weights for tools/bench/rtneural.sh,
    # not typenet code: how each profile compiles it says nothing of typenet.
    TYPENET_MIN_NS="${TYPENET_MIN_NS:-2000}" "target/$p/release/typenet-profiles" |
      grep -v "ceiling" | sed "s/^/$p\t/" >>"$out"
  done
done
python3 - "$out" "${profiles[@]}" <<'PY'
import statistics
import sys
path, profiles = sys.argv[1], sys.argv[2:]
times = {}
for line in open(path):
    p, name, ns = line.rstrip("\n").split("\t")
    times.setdefault((name, p), []).append(float(ns))
names = list(dict.fromkeys(n for n, _ in times))
rounds = min(len(v) for v in times.values())
print(f"{rounds} rounds; cells: best over rounds (median); worst / best of the bests, of the medians")
print("| benchmark | " + " | ".join(profiles) + " | worst / best | medians |")
print("|---|" + "---:|" * (len(profiles) + 2))
def fmt(v):
    if v >= 10_000:
        return f"{v / 1000:.1f} µs"
    return f"{v:.1f} ns" if v < 100 else f"{v:.0f} ns"
for n in names:
    med = [statistics.median(times[(n, p)]) for p in profiles]
    best = [min(times[(n, p)]) for p in profiles]
    cells = [f"{fmt(b)} ({fmt(m)})" for m, b in zip(med, best)]
    print(f"| {n} | " + " | ".join(cells)
          + f" | {max(best) / min(best):.2f} | {max(med) / min(med):.2f} |")
PY
if ((outlined)); then
  echo "error: some build calls SIMD intrinsics out of line (see above)" >&2
  exit 1
fi
