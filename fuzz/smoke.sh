#!/usr/bin/env bash
# Fuzz smoke test on the stable toolchain: builds the three targets, replays every saved crash
# in regressions/<target>/ (each must now pass), then fuzzes each target for a short while
# from its seed corpus. Exits non-zero if anything crashes, times out or runs out of memory.
#
#   fuzz/smoke.sh               # SMOKE_SECONDS=30 per target (about 100 s after the build)
#   SMOKE_SECONDS=10 fuzz/smoke.sh
#
# New corpus entries go to a temporary directory, never into corpus/.
set -euo pipefail
cd "$(dirname "$0")"

seconds="${SMOKE_SECONDS:-30}"
targets=(spec_loader runtime_parsers decode_models)

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install --locked cargo-fuzz
fi

# Stable toolchain: RUSTC_BOOTSTRAP=1 lets cargo-fuzz pass its -Z/-C sanitizer-coverage flags;
# no sanitizer (ASan needs nightly's std). The wrapper keeps syn/prettyplease uninstrumented.
export RUSTC_BOOTSTRAP=1
export RUSTC_WRAPPER="$PWD/uninstrumented-rustc.sh"
cargo fuzz build --sanitizer none

triple="$(rustc -vV | sed -n 's/^host: //p')"
bin_dir="${CARGO_TARGET_DIR:-$PWD/target}/$triple/release"

# One fuzzer process with one worker; spec_loader's formatting threads follow the CPU count.
pin=()
if command -v taskset >/dev/null 2>&1; then
    pin=(taskset -c "$(taskset -pc $$ | sed 's/.*: //; s/[,-].*//')")
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

flags() {
    case "$1" in
    spec_loader) echo "-timeout=10 -dict=dictionaries/spec_loader.dict" ;;
    decode_models) echo "-timeout=10 -dict=dictionaries/decode_models.dict" ;;
    *) echo "-timeout=10" ;;
    esac
}

status=0
for target in "${targets[@]}"; do
    mapfile -t saved < <(find "regressions/$target" -type f ! -name '.*' ! -name '*.md' | sort)
    if ((${#saved[@]})); then
        echo "== $target: ${#saved[@]} regression input(s)"
        # Given files, libFuzzer runs each once and stops at the first crash.
        "${pin[@]}" "$bin_dir/$target" -rss_limit_mb=4096 $(flags "$target") "${saved[@]}" \
            >"$work/$target-regressions.log" 2>&1 || {
            tail -n 40 "$work/$target-regressions.log"
            echo "FAIL: $target crashes on a saved regression input"
            status=1
        }
    fi
done

for target in "${targets[@]}"; do
    echo "== $target: fuzzing ${seconds}s from corpus/$target"
    mkdir -p "$work/$target" "$work/artifacts/$target"
    "${pin[@]}" "$bin_dir/$target" "$work/$target" "corpus/$target" \
        -max_total_time="$seconds" -rss_limit_mb=4096 $(flags "$target") \
        -print_final_stats=1 -artifact_prefix="$work/artifacts/$target/" \
        >"$work/$target.log" 2>&1 || {
        tail -n 60 "$work/$target.log"
        for crash in "$work/artifacts/$target"/*; do
            [[ -e "$crash" ]] || continue
            mkdir -p "artifacts/$target"
            cp "$crash" "artifacts/$target/"
            echo "crash input kept as fuzz/artifacts/$target/$(basename "$crash")"
        done
        echo "FAIL: $target crashed"
        status=1
        continue
    }
    grep -E '^#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units' "$work/$target.log" || true
done

exit "$status"
