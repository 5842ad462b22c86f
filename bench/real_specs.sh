#!/usr/bin/env bash
# Measures openapi-gen on the complete SailPoint specs (and petstore): generation time and peak
# memory, lines of output, warnings, and `cargo build` time of the generated crate with all
# features and with one tag. The generators a user would otherwise pick run on the same specs
# in the same run when installed: `cargo-progenitor` (`cargo install cargo-progenitor`) and
# openapi-generator's `rust` generator (`pip install openapi-generator-cli`, needs Java): whether
# it accepts the spec, generation time with `--skip-validate-spec`, and whether its crate passes
# `cargo check`.
#
# Usage: bench/real_specs.sh [RUNS [SPEC ...]]   (prints a Markdown table; SPEC is cc, v3, beta,
# v2024, v2025 or petstore; default all)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
shift || true
names=${*:-cc v3 beta v2024 v2025 petstore}
specs_dir=tests/corpus
work=$(mktemp -d)
target="$work/target"
trap 'rm -rf "$work"' EXIT

cargo build --release -q -p openapi-gen
gen=target/release/openapi-gen

# Build the generated crates' dependencies once, so crate build times measure the crate itself.
"$gen" --spec "$specs_dir/public/petstore3.yaml" --out "$work/warm" --crate-name warm 2>/dev/null
(cd "$work/warm" && CARGO_TARGET_DIR="$target" cargo build -q --all-features)

seconds() { # command... -> wall seconds of the fastest of $runs runs, and peak RSS (MiB) of that run
    local best="" rss="" stats="$work/time.txt"
    for _ in $(seq "$runs"); do
        /usr/bin/time -o "$stats" -f "%e %M" "$@" >/dev/null 2>&1 || true
        local out t m
        out=$(tail -1 "$stats")
        t=${out% *}
        m=${out#* }
        if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; rss=$((m / 1024)); fi
    done
    echo "$best $rss"
}

build_seconds() { # dir features... -> seconds for `cargo build` of the crate alone
    local dir=$1; shift
    touch "$dir/src/lib.rs"
    local start end
    start=$(date +%s.%N)
    (cd "$dir" && CARGO_TARGET_DIR="$target" cargo build -q "$@" 2>/dev/null)
    end=$(date +%s.%N)
    awk "BEGIN{printf \"%.1f\", $end - $start}"
}

echo "| spec | operations | schemas | generate (s) | peak RSS (MiB) | lines of Rust | repaired | degraded | build, all features (s) | build, one tag (s) | cargo-progenitor | openapi-generator (rust) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for name in $names; do
    if [ "$name" = petstore ]; then spec="$specs_dir/public/petstore3.yaml"; else spec="$specs_dir/sailpoint/$name.yaml"; fi
    out="$work/$name"
    read -r gen_s gen_mb < <(seconds "$gen" --spec "$spec" --out "$work/timing-$name" --crate-name "bench-$name")
    "$gen" --spec "$spec" --out "$out" --crate-name "bench-$name" --report "$work/$name.json" 2>/dev/null
    counts=$(python3 - "$spec" "$work/$name.json" <<'PY'
import json, sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
ops = sum(1 for item in doc.get("paths", {}).values() for k in item if k in ("get","put","post","delete","options","head","patch","trace"))
schemas = len((doc.get("components") or {}).get("schemas") or {})
report = json.load(open(sys.argv[2]))
print(ops, schemas, sum(w["kind"] == "repaired" for w in report), sum(w["kind"] == "degraded" for w in report))
PY
)
    read -r ops schemas repaired degraded <<<"$counts"
    lines=$(find "$out/src" -name '*.rs' -print0 | xargs -0 cat | wc -l)
    all=$(build_seconds "$out" --all-features)
    if grep -qE '^identities = \[\]' "$out/Cargo.toml"; then
        tag=identities
    else
        tag=$(grep -E '^[a-z0-9-]+ = \[\]' "$out/Cargo.toml" | grep -v all-models | head -1 | cut -d' ' -f1 || true)
    fi
    one=$(build_seconds "$out" --no-default-features --features "$tag")
    if command -v cargo-progenitor >/dev/null; then
        start=$(date +%s.%N)
        if cargo-progenitor progenitor -i "$spec" -o "$work/progenitor-$name" -n "p$name" -v 0.1.0 >"$work/progenitor-$name.log" 2>&1; then
            progenitor=$(awk "BEGIN{printf \"ok, %.1f s\", $(date +%s.%N) - $start}")
        else
            where=$(grep -m1 -oE 'panicked at [^ ]+' "$work/progenitor-$name.log" | sed -E 's#.*/(src/[^:]+:[0-9]+).*#\1#' || true)
            if [ -n "$where" ]; then
                progenitor="panics (\`$where\`)"
            else
                progenitor="fails: $(grep -m1 -E '^Error' "$work/progenitor-$name.log" | cut -c1-50 || true)"
            fi
        fi
    else
        progenitor="not installed"
    fi
    if command -v openapi-generator-cli >/dev/null; then
        ogdir="$work/ogc-$name"
        if openapi-generator-cli generate -g rust -i "$spec" -o "$work/ogc-validate-$name" >/dev/null 2>&1; then
            validation="accepts spec"
        else
            validation="rejects spec"
        fi
        read -r og_s _ < <(seconds openapi-generator-cli generate -g rust -i "$spec" -o "$ogdir" --skip-validate-spec)
        if [ -f "$ogdir/Cargo.toml" ]; then
            errors=$(cd "$ogdir" && CARGO_TARGET_DIR="$target" cargo check -q 2>&1 | grep -v 'could not compile' | grep -cE '^error' || true)
            if [ "$errors" = 0 ]; then compiles="compiles"; else compiles="$errors compile errors"; fi
            openapi_generator="$validation; ${og_s} s with --skip-validate-spec; $compiles"
        else
            openapi_generator="$validation; fails even with --skip-validate-spec"
        fi
    else
        openapi_generator="not installed"
    fi
    echo "| $name | $ops | $schemas | $gen_s | $gen_mb | $lines | $repaired | $degraded | $all | $one (\`$tag\`) | $progenitor | $openapi_generator |"
done
