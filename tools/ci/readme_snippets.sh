#!/usr/bin/env bash
# Builds and runs every ```rust block of the README as a user's crate would: each block becomes a
# binary of one scratch package whose only dependency is `typenet` (by path), so a snippet that
# leans on one of typenet's dev-dependencies (the doc tests see those; a user does not) fails
# here. All snippets are binaries of the same package, so typenet is built once.
#
#   tools/ci/readme_snippets.sh [README]     # default: README.md of the repository
#
# The package enables typenet's `safetensors` feature and holds the two model files the README's
# "Bring a PyTorch model" blocks read, at the paths they have in this repository.
# A block without `fn main` is wrapped in one, as rustdoc does; `rust,ignore` and
# `rust,compile_fail` blocks are skipped and `rust,no_run` blocks are built but not run. The
# scratch package is written to target/readme-snippets/ and shares the repository's lock file
# (the same dependency versions as the tests) and target directory (nothing is built twice).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
readme="$(realpath "${1:-$repo/README.md}")"
scratch="$repo/target/readme-snippets"
rm -rf "$scratch"
mkdir -p "$scratch/src/bin"

cat >"$scratch/Cargo.toml" <<EOF
# Written by tools/ci/readme_snippets.sh: the README's Rust blocks, one binary each.
[package]
name = "readme-snippets"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
# The "Bring a PyTorch model" blocks use the safetensors feature.
typenet = { path = "$repo", features = ["safetensors"] }

# Not a member of the repository's workspace.
[workspace]
EOF
cp "$repo/Cargo.lock" "$scratch/Cargo.lock"
# The files the "Bring a PyTorch model" blocks name, as a user's crate would have them (the blocks
# run in the scratch package's folder; `#[weights]` reads relative to its Cargo.toml).
mkdir -p "$scratch/tests/data/pytorch"
cp "$repo/tests/data/pytorch/seq_mlp_f32.safetensors" "$repo/tests/data/pytorch/named_f32.safetensors" \
    "$scratch/tests/data/pytorch/"

# One file per block, named after the line its fence is on; prints "<line> <mode>" per block.
blocks=$(awk -v dir="$scratch/src/bin" '
    /^```rust/ {
        mode = "run"
        if ($0 ~ /ignore|compile_fail/) mode = "skip"
        else if ($0 ~ /no_run/) mode = "build"
        start = NR; file = dir "/readme_line_" NR ".rs"; body = ""; inside = 1; next
    }
    inside && /^```/ {
        inside = 0
        print start, mode
        if (mode == "skip") next
        # As in rustdoc: unused items are fine in an example; no `fn main` means the block is
        # the body of one.
        printf "// README line %d.\n#![allow(unused)]\n", start > file
        if (body ~ /(^|\n)[ \t]*fn main\(/) printf "%s", body > file
        else printf "fn main() {\n%s}\n", body > file
        close(file); next
    }
    inside { body = body $0 "\n" }
    END { if (inside) { print "unterminated ```rust block at line " start > "/dev/stderr"; exit 1 } }
' "$readme")
if [ -z "$blocks" ]; then
    echo "no \`\`\`rust blocks in $readme" >&2
    exit 1
fi

cd "$scratch"
export CARGO_TARGET_DIR="$repo/target"
# Builds every binary at once; rustc's errors name target/readme-snippets/src/bin/readme_line_N.rs,
# N being the README line of the block's opening fence.
cargo build --bins || {
    echo "FAIL: a README block does not compile in a crate whose only dependency is typenet" >&2
    exit 1
}
failed=0
while read -r line mode; do
    case "$mode" in
    skip) echo "== README line $line: skipped (ignore / compile_fail)" ;;
    build) echo "== README line $line: built (no_run)" ;;
    run)
        echo "== README line $line: cargo run"
        if ! cargo run --quiet --bin "readme_line_$line"; then
            echo "FAIL: the README's block at line $line exits with an error" >&2
            failed=1
        fi
        ;;
    esac
done <<<"$blocks"
exit "$failed"
