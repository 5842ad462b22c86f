#!/usr/bin/env bash
# Checks that generation cost grows linearly with a spec's size: times openapi-gen (median of
# RUNS runs, peak RSS) on synthetic specs of 2,500 to 20,000 schemas (bench/synthetic_spec.py)
# and on SailPoint v2025, and compares each synthetic time with what v2025's time per byte of
# spec predicts for that size, and (last column) the same per byte of generated Rust, since how
# much code a byte of spec becomes depends on its shape. Prints a Markdown table to stdout.
#
# Usage: bench/linearity.sh [RUNS]   (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release -q -p openapi-gen
cp target/release/openapi-gen "$work/openapi-gen"

# median wall seconds and peak RSS (MiB) of $runs runs on one spec
measure() {
    local spec=$1 times=() rss=0 t m
    for _ in $(seq "$runs"); do
        rm -rf "$work/out"
        /usr/bin/time -o "$work/time.txt" -f "%e %M" "$work/openapi-gen" --spec "$spec" \
            --out "$work/out" --crate-name synthetic >/dev/null 2>&1
        read -r t m <"$work/time.txt"
        times+=("$t")
        (( m > rss )) && rss=$m
    done
    local output
    output=$(cat "$work"/out/src/*.rs | wc -c)
    printf '%s\n' "${times[@]}" | sort -n | awk -v rss="$rss" -v out="$output" \
        '{a[NR]=$1} END {printf "%s %d %d\n", a[int((NR+1)/2)], rss/1024, out}'
}

# the number of component schemas of a YAML spec ("?" without PyYAML)
schema_count() {
    python3 -c 'import sys, yaml; print(len(yaml.safe_load(open(sys.argv[1]))["components"]["schemas"]))' \
        "$1" 2>/dev/null || echo "?"
}

reference=tests/corpus/sailpoint/v2025.yaml
read -r ref_time ref_rss ref_out <<<"$(measure "$reference")"
ref_bytes=$(wc -c <"$reference")
echo "| spec | schemas | spec (MB) | output (MB) | generate (s) | peak RSS (MiB) | predicted from v2025's s/MB of spec | ratio | ratio per MB of output |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '| SailPoint v2025 | %s | %.1f | %.1f | %s | %s | | | |\n' \
    "$(schema_count "$reference")" "$(awk -v b="$ref_bytes" 'BEGIN {print b / 1e6}')" \
    "$(awk -v b="$ref_out" 'BEGIN {print b / 1e6}')" "$ref_time" "$ref_rss"
for n in 2500 5000 10000 20000; do
    spec="$work/synthetic-$n.yaml"
    python3 bench/synthetic_spec.py "$n" >"$spec"
    bytes=$(wc -c <"$spec")
    read -r t rss out <<<"$(measure "$spec")"
    predicted=$(awk -v t="$ref_time" -v b="$bytes" -v r="$ref_bytes" 'BEGIN {print t * b / r}')
    printf '| synthetic | %d | %.1f | %.1f | %s | %s | %.2f | %.2f | %.2f |\n' "$n" \
        "$(awk -v b="$bytes" 'BEGIN {print b / 1e6}')" "$(awk -v b="$out" 'BEGIN {print b / 1e6}')" \
        "$t" "$rss" "$predicted" "$(awk -v t="$t" -v p="$predicted" 'BEGIN {print t / p}')" \
        "$(awk -v t="$t" -v o="$out" -v rt="$ref_time" -v ro="$ref_out" 'BEGIN {print (t / o) / (rt / ro)}')"
done
