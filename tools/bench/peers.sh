#!/usr/bin/env bash
# typenet against dfdx, candle and burn (ndarray and flex backends) on one thread, in one
# process per build (issue 17): benches/peers (outside the workspace, its own lock file) built
# twice, with the default target and with -C target-cpu=native, each run once. Prints the
# CPU, the measured FMA peak, the agreement check of every side, and per measure each side's
# fastest round, median round and median per-round ratio to typenet; N4 batch 64 also in
# GFLOP/s and as a share of the FMA peak.
#
#   tools/bench/peers.sh [ROUNDS]        # default 101 rounds
#   PEERS_ONLY=<substring> picks networks ("N4", "batch 64"); PEERS_SLOT_US=<µs per turn>.
#   PEERS_BUILDS="native" runs one build only; PEERS_CARGO_ARGS="--no-default-features" leaves
#   out burn-flex (the longest compile).
#
# The first build compiles the three frameworks (several minutes on 2 cores); not run by CI.
set -euo pipefail
cd "$(dirname "$0")/../../benches/peers"
rounds="${1:-101}"
builds=(${PEERS_BUILDS:-default native})
lscpu | grep -E '^(Model name|CPU family|Model|Flags)' | sed -E 's/^(Flags:).*(avx512f)?.*/\1 .../' |
  grep -v '^Flags' || true
lscpu | grep -oE 'avx2|fma|avx512f|avx512vl' | sort -u | tr '\n' ' '
echo
for b in "${builds[@]}"; do
  case "$b" in
    default) dir=target; flags="" ;;
    native) dir=target/native; flags="-Ctarget-cpu=native" ;;
    *) echo "unknown build $b" >&2; exit 1 ;;
  esac
  echo "building $b" >&2
  # shellcheck disable=SC2086
  RUSTFLAGS="$flags" cargo build --release --quiet --target-dir "$dir" ${PEERS_CARGO_ARGS:-} >&2
  echo
  echo "=== build: $b (RUSTFLAGS=\"$flags\")"
  PEERS_ROUNDS="$rounds" "$dir/release/typenet-peers"
done
