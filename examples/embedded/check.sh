#!/usr/bin/env bash
# Builds the firmware for the Cortex-M4F (thumbv7em-none-eabihf, QEMU mps2-an386) and the
# Cortex-M0 (thumbv6m-none-eabi, QEMU microbit), runs it under QEMU with a timeout, checks every
# printed value against the host's computation of the same network from the same weights (to
# 1e-6; `cargo run --example 07-embedded -- check`), and prints the flash and static RAM of the
# firmware and of the size-* variants. Fails on a mismatch, a QEMU timeout or a non-zero exit,
# and (issue 22) when an `f32` firmware for the Cortex-M4F links double-precision software maths
# or a network's flash cost exceeds its budget, and (issue 21) when the int8 digits firmware for
# the Cortex-M0 links any software floating-point routine.
#
# Needs: qemu-system-arm, arm-none-eabi-size (Debian: binutils-arm-none-eabi), and
# `rustup target add thumbv7em-none-eabihf thumbv6m-none-eabi`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
qemu_timeout="${QEMU_TIMEOUT:-120}"
out_dir="$(mktemp -d)"
trap 'rm -rf "$out_dir"' EXIT

echo "== host: build the checker (examples/07-embedded.rs)"
(cd "$root" && cargo build --example 07-embedded)

cd "$here"
fw_target_dir="${CARGO_TARGET_DIR:-$here/target}"
status=0
for target in thumbv7em-none-eabihf thumbv6m-none-eabi; do
    echo "== firmware: cargo build --release --target $target --bins"
    cargo build --release --target "$target" --bins

    echo "== firmware on QEMU ($target): the runner of .cargo/config.toml, timeout ${qemu_timeout}s"
    rc=0
    timeout "$qemu_timeout" cargo run -q --release --target "$target" </dev/null \
        >"$out_dir/$target.txt" 2>"$out_dir/$target.err" || rc=$?
    cat "$out_dir/$target.txt"
    if [ "$rc" -eq 124 ]; then
        echo "FAIL: QEMU timed out after ${qemu_timeout}s ($target)"
        cat "$out_dir/$target.err"
        status=1
        continue
    elif [ "$rc" -ne 0 ]; then
        echo "FAIL: the firmware exited with status $rc ($target)"
        cat "$out_dir/$target.err"
        status=1
        continue
    fi

    echo "== compare with the host ($target firmware)"
    if ! (cd "$root" && cargo run -q --example 07-embedded -- check "$out_dir/$target.txt"); then
        echo "FAIL: the $target firmware's output differs from the host's"
        status=1
    fi
done

echo "== the size-* firmwares run (thumbv7em-none-eabihf, mps2-an386)"
for bin in size-baseline size-xor size-seed size-digits-int8 size-gru; do
    rc=0
    timeout "$qemu_timeout" cargo run -q --release --target thumbv7em-none-eabihf --bin "$bin" \
        </dev/null || rc=$?
    echo "$bin: exit status $rc"
    [ "$rc" -eq 0 ] || status=1
done

echo "== sizes in bytes (arm-none-eabi-size -A; flash = .text + .rodata, static RAM = .data + .bss + .uninit)"
printf '%-22s %-18s %8s %8s %8s %12s %10s\n' target binary .text .rodata flash "static RAM" vectors
for target in thumbv7em-none-eabihf thumbv6m-none-eabi; do
    for bin in typenet-embedded size-baseline size-xor size-seed size-digits-int8 size-gru; do
        arm-none-eabi-size -A "$fw_target_dir/$target/release/$bin" | awk -v t="$target" -v b="$bin" '
            $1 == ".text" { text = $2 } $1 == ".rodata" { ro = $2 } $1 == ".vector_table" { vt = $2 }
            $1 == ".data" || $1 == ".bss" || $1 == ".uninit" { ram += $2 }
            END { printf "%-22s %-18s %8d %8d %8d %12d %10d\n", t, b, text, ro, text + ro, ram, vt }'
    done
done

# Issue 22: an `f32` network must not bring double-precision maths onto a single-precision FPU.
# On the Cortex-M4F (FPv4-SP: no `f64` hardware) every `f64` operation, conversion or comparison
# is a software routine; the forward-only firmwares size-xor, size-seed and size-gru (issue 20:
# the GRU's streaming step) are `f32` throughout, so none may be linked. (typenet-embedded itself is not checked: its Adam step bounds its update
# in `f64` on purpose, `typenet::optim`.) The names: compiler-builtins' `__adddf3`, `__muldf3`,
# `__divdf3`, `__extendsfdf2`, `__truncdfsf2`, the `__*df2` comparisons … (possibly behind a
# mangled Rust path) and their ARM EABI aliases `__aeabi_dadd`, `__aeabi_dcmplt`, `__aeabi_f2d`,
# `__aeabi_d2f`, `__aeabi_i2d` ….
soft_f64='__[a-z]*df[a-z0-9]*$|__aeabi_(d[a-z0-9]+|[a-z0-9]+2d)$'
# Flash budgets on the Cortex-M4F, in bytes of flash (.text + .rodata) above size-baseline.
# XOR: 1 KiB, the issue's bound. Measured at issue 22: 488 B (628 B before the narrow sigmoid
# existed, as the issue reports; 3,908 B while it computed in f64 on this FPU).
xor_budget=1024
# Seed (2-2-2, no biases): measured 580 B at issue 22 (4,028 B with the f64 sigmoid). 640 B is
# 10 % above: room for a few instructions of code-generation drift, while the smallest soft-double
# routine that could come back (`__aeabi_f2d`, 138 B, never alone) or another copy of the
# sigmoid would go over. Raise it, with the reason, when a change makes the network bigger.
seed_budget=640
# GRU (1 => GRU(8) => Dense(1), 273 weights = 1,092 B of them, plus the step's code; issue 20):
# measured 3,344 B (2,252 B of code: the gate activations and the fused update); the budget
# leaves about 10 % for code-generation drift.
gru_budget=3700
flash_of() {
    arm-none-eabi-size -A "$1" | awk '$1 == ".text" { t = $2 } $1 == ".rodata" { r = $2 } END { print t + r }'
}
echo "== issue 22: no f64 software routines and flash budgets (thumbv7em-none-eabihf)"
m4f="$fw_target_dir/thumbv7em-none-eabihf/release"
for bin in size-baseline size-xor size-seed size-gru; do
    found="$(arm-none-eabi-nm "$m4f/$bin" | awk '{ print $NF }' | grep -E "$soft_f64" | sort -u | tr '\n' ' ' || true)"
    if [ -n "$found" ]; then
        echo "FAIL: $bin links double-precision software routines: $found"
        status=1
    else
        echo "$bin: no f64 software routines"
    fi
done
base="$(flash_of "$m4f/size-baseline")"
for pair in "size-xor:$xor_budget" "size-seed:$seed_budget" "size-gru:$gru_budget"; do
    bin="${pair%%:*}"
    budget="${pair#*:}"
    cost=$(($(flash_of "$m4f/$bin") - base))
    if [ "$cost" -gt "$budget" ]; then
        echo "FAIL: $bin costs $cost B of flash above size-baseline, over its budget of $budget B"
        status=1
    else
        echo "$bin: $cost B of flash above size-baseline (budget $budget B)"
    fi
done

# Issue 21: the int8 forward pass is integers only. On the Cortex-M0 (no FPU) any `f32` or `f64`
# operation would be a software routine: compiler-builtins' `__addsf3`, `__mulsf3`, `__divdf3`,
# `__fixsfsi`, `__floatsisf`, … and their EABI names `__aeabi_fadd`, `__aeabi_f2iz`,
# `__aeabi_dmul`, `__aeabi_i2f` …; size-digits-int8 (the int8 digits network's forward pass and
# nothing else) may link none of them. (Its integer helpers, `__aeabi_uidiv` for the softmax's
# division and `__aeabi_lmul` for the 64-bit products of the requantisation, are allowed.)
soft_float='__[a-z]*[sd]f[a-z0-9]*$|__aeabi_(f[a-z0-9]+|d[a-z0-9]+|[a-z0-9]+2[fd])$'
echo "== issue 21: the int8 forward calls no soft-float routine (thumbv6m-none-eabi)"
m0="$fw_target_dir/thumbv6m-none-eabi/release"
found="$(arm-none-eabi-nm "$m0/size-digits-int8" | awk '{ print $NF }' | grep -E "$soft_float" | sort -u | tr '\n' ' ' || true)"
if [ -n "$found" ]; then
    echo "FAIL: size-digits-int8 links soft-float routines on the Cortex-M0: $found"
    status=1
else
    echo "size-digits-int8: no soft-float routine (thumbv6m-none-eabi)"
fi
# The check can fail: size-xor (an f32 network) links several.
if [ -z "$(arm-none-eabi-nm "$m0/size-xor" | awk '{ print $NF }' | grep -E "$soft_float" || true)" ]; then
    echo "FAIL: the soft-float pattern no longer finds size-xor's f32 routines"
    status=1
fi

if [ "$status" -ne 0 ]; then
    echo "examples/embedded/check.sh: FAILED"
    exit 1
fi
echo "examples/embedded/check.sh: firmware output matches the host on both targets"
