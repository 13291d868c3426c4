#!/usr/bin/env bash
# Builds the firmware for the Cortex-M4F (thumbv7em-none-eabihf, QEMU mps2-an386) and the
# Cortex-M0 (thumbv6m-none-eabi, QEMU microbit), runs it under QEMU with a timeout, checks every
# printed value against the host's computation of the same network from the same weights (to
# 1e-6; `cargo run --example 07-embedded -- check`), and prints the flash and static RAM of the
# firmware and of the size-* variants. Fails on a mismatch, a QEMU timeout or a non-zero exit.
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
for bin in size-baseline size-xor size-seed; do
    rc=0
    timeout "$qemu_timeout" cargo run -q --release --target thumbv7em-none-eabihf --bin "$bin" \
        </dev/null || rc=$?
    echo "$bin: exit status $rc"
    [ "$rc" -eq 0 ] || status=1
done

echo "== sizes in bytes (arm-none-eabi-size -A; flash = .text + .rodata, static RAM = .data + .bss + .uninit)"
printf '%-22s %-18s %8s %8s %8s %12s %10s\n' target binary .text .rodata flash "static RAM" vectors
for target in thumbv7em-none-eabihf thumbv6m-none-eabi; do
    for bin in typenet-embedded size-baseline size-xor size-seed; do
        arm-none-eabi-size -A "$fw_target_dir/$target/release/$bin" | awk -v t="$target" -v b="$bin" '
            $1 == ".text" { text = $2 } $1 == ".rodata" { ro = $2 } $1 == ".vector_table" { vt = $2 }
            $1 == ".data" || $1 == ".bss" || $1 == ".uninit" { ram += $2 }
            END { printf "%-22s %-18s %8d %8d %8d %12d %10d\n", t, b, text, ro, text + ro, ram, vt }'
    done
done

if [ "$status" -ne 0 ]; then
    echo "examples/embedded/check.sh: FAILED"
    exit 1
fi
echo "examples/embedded/check.sh: firmware output matches the host on both targets"
