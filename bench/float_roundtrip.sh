#!/usr/bin/env bash
# What serde_json's float_roundtrip feature (on in every generated crate) costs: builds
# bench/float_roundtrip/ with and without it in the same run, prints a Markdown table of median
# decode times and of the floats that do not read back as written.
#
# Usage: bench/float_roundtrip.sh
set -euo pipefail
cd "$(dirname "$0")/float_roundtrip"
target="${CARGO_TARGET_DIR:-../../target}/float-roundtrip-bench"
cargo build --release -q --target-dir "$target/default"
cargo build --release -q --target-dir "$target/exact" --features exact
echo "| serde_json | 100,000 floats into Vec<f64> (µs) | same into Value (µs) | 250 identity-shaped records (µs) | floats read back wrong |"
echo "|---|---:|---:|---:|---:|"
for mode in default exact; do
    IFS=$'\t' read -r name vec value page wrong total < <("$target/$mode/release/float-roundtrip-bench")
    echo "| $name | $vec | $value | $page | $wrong of $total |"
done
