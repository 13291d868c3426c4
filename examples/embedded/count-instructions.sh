#!/usr/bin/env bash
# Instructions one forward pass (XOR, seed, digits) or one streaming step (the GRU network,
# issue 20) executes on the device (issues 22, 21 and 20, BENCHMARKS.md): for the
# Cortex-M4F (thumbv7em-none-eabihf, QEMU mps2-an386) and the Cortex-M0 (thumbv6m-none-eabi,
# QEMU microbit), builds src/bin/insn-count.rs with 0, N and 2N passes of each network (XOR,
# seed, and issue 21's digits network in f32 and in int8), runs each under QEMU with an
# instruction-counting TCG plugin (tools/bench/qemu-insn/insn.c, built here: Debian's QEMU
# supports plugins but ships none), and prints (count(2N) − count(N)) / N per pass,
# which includes the loop's own few instructions per iteration. Also prints the whole-run
# counts of size-baseline, size-xor, size-seed and size-gru (one pass each, two steps for the
# GRU, no loop).
#
# Not part of CI (check.sh is). Needs qemu-system-arm, gcc, the two rustup targets.
# Usage: bash examples/embedded/count-instructions.sh [N]   (N defaults to 100)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
n="${1:-100}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
gcc -shared -fPIC -O2 -Wall -Wextra -Werror -o "$work/libinsn.so" "$root/tools/bench/qemu-insn/insn.c"

cd "$here"
fw_target_dir="${CARGO_TARGET_DIR:-$here/target}"

# insns TARGET ELF: the instructions QEMU executes from reset to the firmware's semihosting exit.
insns() {
    local machine
    case "$1" in
        thumbv7em-none-eabihf) machine="-cpu cortex-m4 -machine mps2-an386" ;;
        thumbv6m-none-eabi) machine="-cpu cortex-m0 -machine microbit" ;;
    esac
    rm -f "$work/plugin.log"
    # shellcheck disable=SC2086
    qemu-system-arm $machine -display none -serial null -monitor none \
        -semihosting-config enable=on,target=native \
        -plugin "$work/libinsn.so" -d plugin -D "$work/plugin.log" -kernel "$2" </dev/null
    awk '$1 == "insns:" { print $2 }' "$work/plugin.log"
}

printf '%-22s %-8s %12s %12s %12s %10s\n' target network "count(0)" "count($n)" "count($((2 * n)))" "per pass"
for target in thumbv7em-none-eabihf thumbv6m-none-eabi; do
    elf="$fw_target_dir/$target/release/insn-count"
    # run NET COUNT: build insn-count with COUNT passes of NET (the others 0) and count its
    # instructions. NET: XOR, SEED, DIGITS (f32), DIGITS_Q (int8, issue 21) or GRU (steps,
    # issue 20).
    run() {
        local xor=0 seed=0 digits=0 digits_q=0 gru=0
        case "$1" in
            XOR) xor="$2" ;;
            SEED) seed="$2" ;;
            DIGITS) digits="$2" ;;
            DIGITS_Q) digits_q="$2" ;;
            GRU) gru="$2" ;;
        esac
        TYPENET_INSN_XOR="$xor" TYPENET_INSN_SEED="$seed" TYPENET_INSN_DIGITS="$digits" \
            TYPENET_INSN_DIGITS_Q="$digits_q" TYPENET_INSN_GRU="$gru" \
            cargo build -q --release --target "$target" --bin insn-count
        insns "$target" "$elf"
    }
    zero="$(run XOR 0)"
    for net in XOR SEED DIGITS DIGITS_Q GRU; do
        one="$(run "$net" "$n")" two="$(run "$net" $((2 * n)))"
        # N more passes of the same loop on the same input: the difference is N times one pass
        # (entering and leaving the loop cancel out); not a multiple of N would be a bug here.
        diff=$((two - one))
        [ $((diff % n)) -eq 0 ] || { echo "count($((2 * n))) - count($n) = $diff is not a multiple of $n"; exit 1; }
        printf '%-22s %-8s %12d %12d %12d %10d\n' "$target" "$net" "$zero" "$one" "$two" $((diff / n))
    done
done
# Leave insn-count as check.sh builds it (no passes).
TYPENET_INSN_XOR=0 TYPENET_INSN_SEED=0 TYPENET_INSN_DIGITS=0 TYPENET_INSN_DIGITS_Q=0 \
    TYPENET_INSN_GRU=0 cargo build -q --release --target thumbv7em-none-eabihf --bin insn-count
cargo build -q --release --target thumbv6m-none-eabi --bin insn-count

echo
printf '%-22s %-14s %12s\n' target binary instructions
for target in thumbv7em-none-eabihf thumbv6m-none-eabi; do
    cargo build -q --release --target "$target" --bin size-baseline --bin size-xor --bin size-seed --bin size-gru
    for bin in size-baseline size-xor size-seed size-gru; do
        printf '%-22s %-14s %12d\n' "$target" "$bin" "$(insns "$target" "$fw_target_dir/$target/release/$bin")"
    done
done
