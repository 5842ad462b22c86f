#!/usr/bin/env bash
# Compares openapi-gen ("ours") with the Rust client generators a user would otherwise pick, in
# one run on one machine, and prints Markdown tables to stdout (progress goes to stderr).
#
# Usage:
#   bench/compare.sh [--runs N] [--build-runs N] [--tools ours,ploidy,openapi-to-rust,progenitor]
#                    [SPEC ...]
#
#   SPEC is one of: spec (the product spec: ours gets spec/v2024.yaml + spec/cc.yaml, the others
#   spec/v2024.yaml, as they take a single file), petstore (tests/corpus/public/petstore3.yaml),
#   cc, v3, beta, v2024, v2025 (tests/corpus/sailpoint/NAME.yaml), or a path to a spec file.
#   Default: spec petstore cc v3 v2024 v2025.
#   --runs N        generation runs per spec and tool (median reported; default 3, at least 3)
#   --build-runs N  timed `cargo build` / `cargo check` runs per crate (median; default 1)
#   --tools LIST    comma-separated subset of: ours, ploidy, openapi-to-rust, progenitor
#   --timeout S     limit for any one generator or cargo command (default 1200 s); past it the
#                   cell reads "fails: error: timed out after S s"
#   KEEP=1          keep the work directory (generated crates, logs, target dirs) and print its path
#
# The alternatives are `ploidy`, `openapi-to-rust` and `cargo-progenitor`. Missing ones are
# installed with `cargo install --locked` (slow: several minutes each); a tool that will not install
# is reported as unavailable and the run goes on. Our own generator is built from this checkout
# (`cargo build --release -p openapi-gen`) and copied away first, so edits during the run do not
# change what is measured.
#
# How each tool is run (all from the same temporary directory, outputs written fresh each run):
#   ours             openapi-gen --spec FILE [--spec FILE] --out DIR --crate-name NAME
#   ploidy           ploidy generate rust FILE -o DIR --name NAME
#   openapi-to-rust  openapi-to-rust generate FILE --output-dir DIR/src/generated --module-name api
#                    (its "direct mode"); it emits a module (mod.rs, types.rs, client.rs) and a
#                    REQUIRED_DEPS.toml, so the script then wraps them in a crate: a Cargo.toml made
#                    of a [package] header plus REQUIRED_DEPS.toml, and a lib.rs `pub mod generated;`
#   progenitor       cargo-progenitor progenitor -i FILE -o DIR -n NAME -v 0.1.0
#                    (what `cargo progenitor ...` runs, without cargo's own start-up)
#
# Tables (one per measure; rows are specs, columns are tools):
#   generate (s)      wall time of the generator alone, median of --runs runs
#   peak RSS (MiB)    largest maximum resident set size over those runs (GNU time's %M)
#   lines of Rust     lines in all *.rs files of the generated crate (after wrapping)
#   build (s)         debug `cargo build` of the generated crate alone: dependencies are prebuilt
#                     (any run that had to compile a dependency is discarded as a warm-up), then
#                     the crate's sources are touched and it is rebuilt with CARGO_INCREMENTAL=0,
#                     i.e. a from-scratch compile of the crate; default features. One
#                     CARGO_TARGET_DIR per tool, so dependencies compile once per tool.
#   check (s)         the same with `cargo check`
#   build, one tag    ours only: `--no-default-features --features TAG` where TAG is `identities`
#                     (`v2024-identities` for `spec`, whose features carry the spec's name) when the
#                     spec has that tag, `pet` for petstore, else the first tag feature in the
#                     generated Cargo.toml (cc has no Identities tag, nor has v3: the table names TAG)
#   ratios            ours / fastest alternative that succeeded on that spec (named in brackets),
#                     for generate, build and check. Below 1 means ours is faster.
# A cell "fails: ..." is a result, not a script error: the first error line of the generator (or of
# cargo, for build/check). "n/a" means an earlier step for that tool and spec failed, "-" that the
# tool was not selected or is unavailable.
#
# Reading noisy results: the machine is shared, so absolute seconds drift by 10-30% between runs;
# compare tools within one run (they ran minutes apart under the same load) and trust the ratios
# more than the seconds. Generation times under ~50 ms are mostly process start-up. The load
# average printed at the top tells how busy the machine was; if it is well above the core count,
# rerun, or raise --runs / --build-runs (medians discard outliers). Build times of a few seconds
# differ by tenths between identical runs.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

all_tools=(ours ploidy openapi-to-rust progenitor)
runs=3
build_runs=1
time_limit=1200
tools_arg=""
specs=()
while [ $# -gt 0 ]; do
    case $1 in
        --runs) runs=$2; shift 2 ;;
        --build-runs) build_runs=$2; shift 2 ;;
        --tools) tools_arg=$2; shift 2 ;;
        --timeout) time_limit=$2; shift 2 ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
        *) specs+=("$1"); shift ;;
    esac
done
[ "$runs" -ge 3 ] 2>/dev/null || { echo "--runs must be at least 3" >&2; exit 2; }
[ "$build_runs" -ge 1 ] 2>/dev/null || { echo "--build-runs must be at least 1" >&2; exit 2; }
[ "$time_limit" -ge 1 ] 2>/dev/null || { echo "--timeout must be a number of seconds" >&2; exit 2; }
[ ${#specs[@]} -gt 0 ] || specs=(spec petstore cc v3 v2024 v2025)
if [ -n "$tools_arg" ]; then IFS=, read -r -a tools <<<"$tools_arg"; else tools=("${all_tools[@]}"); fi
for t in "${tools[@]}"; do
    case " ${all_tools[*]} " in *" $t "*) ;; *) echo "unknown tool $t (one of: ${all_tools[*]})" >&2; exit 2 ;; esac
done

work=$(mktemp -d "${TMPDIR:-/tmp}/compare.XXXXXX")
cleanup() {
    if [ "${KEEP:-0}" = 1 ]; then echo "work directory kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
mkdir -p "$work/bin"

export CARGO_TERM_COLOR=never CARGO_INCREMENTAL=0

declare -A R=()          # R[measure|spec|tool] = cell
declare -A UNAVAILABLE=() # tool -> why
declare -A VERSION=()     # tool -> version string

say() { echo "[compare $(date +%H:%M:%S)] $*" >&2; }

# ---------------------------------------------------------------------------------------------
# Small helpers

median() { # numbers... -> median (mean of the two middle ones for an even count)
    printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {
        if (NR % 2) printf "%.3f", v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

cell_text() { # text -> one line, safe inside a Markdown table cell, at most 120 characters
    local s
    s=$(printf '%s' "$1" | tr -d '\r' | tr '\n\t' '  ' |
        sed 's#[^ ]*/registry/src/[^/]*/##g; s/^thread .* panicked at/panicked at/; s/|/\\|/g; s/`//g; s/  */ /g; s/^ //; s/ $//')
    [ ${#s} -le 120 ] || s="${s:0:117}..."
    printf '%s' "$s"
}

first_error() { # log -> first line that looks like an error (else the last non-empty line)
    local line
    line=$(grep -m1 -A1 -iE '^(error|fatal)|panicked at|timed out after|^gen fail' "$1" || true)
    # keep the next line when it carries the message: a panic's, or a miette/anyhow cause
    local next=${line#*$'\n'}
    [ "$next" != "$line" ] || next=""
    line=${line%%$'\n'*}
    case $line$'\n'$next in
        *"panicked at"* | *$'\n'*"╰─▶"* | *$'\n'*[Cc]"aused by"*) line="$line $next" ;;
    esac
    [ -n "$line" ] || line=$(grep -m1 -iE 'error' "$1" || true)
    [ -n "$line" ] || line=$(grep -v '^[[:space:]]*$' "$1" | tail -1 || true)
    [ -n "$line" ] || line="exit status non-zero, no output"
    cell_text "$line"
}

LAST_SECS=0
LAST_RSS_KB=0
run_timed() { # log command... -> runs it, output to log; sets LAST_SECS and LAST_RSS_KB; returns its status
    local log=$1; shift
    local t0 t1 rc=0
    t0=${EPOCHREALTIME/./}
    /usr/bin/time -o "$work/time.out" -f %M timeout "$time_limit" "$@" >"$log" 2>&1 || rc=$?
    if [ $rc = 124 ]; then echo "error: timed out after $time_limit s" >>"$log"; fi
    t1=${EPOCHREALTIME/./}
    LAST_SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", (b - a) / 1e6}')
    LAST_RSS_KB=$(tail -1 "$work/time.out" | tr -dc 0-9)
    [ -n "$LAST_RSS_KB" ] || LAST_RSS_KB=0
    return $rc
}

crate_name() { # dir -> package name from its Cargo.toml
    awk -F'"' '/^\[/ {pkg = ($0 ~ /^\[package\]/)} pkg && /^name *=/ {print $2; exit}' "$1/Cargo.toml"
}

rust_lines() { # dir -> lines in all .rs files under it
    find "$1" -name '*.rs' -not -path '*/target/*' -print0 | xargs -0 -r cat | wc -l | tr -d ' '
}

declare -A SPEC_ARG=() # table label -> the SPEC argument it came from

spec_files() { # tool label -> absolute spec path(s), one per line
    local tool=$1 name=${SPEC_ARG[$2]}
    case $name in
        spec)
            echo "$repo/spec/v2024.yaml"
            if [ "$tool" = ours ]; then echo "$repo/spec/cc.yaml"; fi ;;
        petstore) echo "$repo/tests/corpus/public/petstore3.yaml" ;;
        cc | v3 | beta | v2024 | v2025) echo "$repo/tests/corpus/sailpoint/$name.yaml" ;;
        *) readlink -f "$name" ;;
    esac
}

spec_label() { # spec argument -> short name usable in crate names and tables
    case $1 in
        spec | petstore | cc | v3 | beta | v2024 | v2025) echo "$1" ;;
        *) basename "$1" | sed -E 's/\.(ya?ml|json)$//; s/[^A-Za-z0-9]+/-/g' | tr '[:upper:]' '[:lower:]' ;;
    esac
}

# ---------------------------------------------------------------------------------------------
# Setting up: GNU time, the alternatives, our generator

ensure_gnu_time() {
    if [ -x /usr/bin/time ]; then return; fi
    say "/usr/bin/time missing: installing Debian's time package"
    if ! { apt-get update -qq && apt-get install -y -qq time; } >"$work/apt.log" 2>&1; then
        echo "cannot install GNU time (see $work/apt.log); it is needed for peak RSS" >&2
        KEEP=1
        exit 1
    fi
}

binary_of() { # tool -> executable name
    case $1 in
        ours) echo openapi-gen ;;
        progenitor) echo cargo-progenitor ;;
        *) echo "$1" ;;
    esac
}

ensure_tool() { # tool -> installs it with cargo when missing; records UNAVAILABLE on failure
    local tool=$1 bin pkg
    bin=$(binary_of "$tool")
    pkg=$bin
    if ! command -v "$bin" >/dev/null; then
        say "$bin not on PATH: cargo install --locked $pkg (takes minutes)"
        if ! nice -n 19 cargo install --locked "$pkg" >"$work/install-$pkg.log" 2>&1; then
            UNAVAILABLE[$tool]="cargo install --locked $pkg failed: $(first_error "$work/install-$pkg.log")"
            say "${UNAVAILABLE[$tool]}"
            return
        fi
        hash -r
        if ! command -v "$bin" >/dev/null; then
            UNAVAILABLE[$tool]="installed $pkg but $bin is not on PATH (is ~/.cargo/bin on PATH?)"
            return
        fi
    fi
    VERSION[$tool]=$(cargo install --list 2>/dev/null | awk -v p="$pkg" '$1 == p {print $1, $2; exit}' | tr -d ':')
    [ -n "${VERSION[$tool]}" ] || VERSION[$tool]="$bin ($(command -v "$bin"))"
}

build_ours() {
    say "building openapi-gen (release)"
    if cargo build --release -q -p openapi-gen >"$work/build-ours.log" 2>&1; then
        cp target/release/openapi-gen "$work/bin/openapi-gen"
        VERSION[ours]="openapi-gen @ $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
        if [ -n "$(git status --porcelain -- generator 2>/dev/null)" ]; then VERSION[ours]+=" + uncommitted changes"; fi
    elif [ -x target/release/openapi-gen ]; then
        say "cargo build failed ($(first_error "$work/build-ours.log")); using the existing target/release/openapi-gen"
        cp target/release/openapi-gen "$work/bin/openapi-gen"
        VERSION[ours]="openapi-gen, existing target/release binary (checkout did not build)"
    else
        UNAVAILABLE[ours]="cargo build -p openapi-gen failed: $(first_error "$work/build-ours.log")"
    fi
}

# ---------------------------------------------------------------------------------------------
# Per tool: <tool>_prepare SPEC_LABEL OUT NAME FILES... (untimed, before each run),
# <tool>_command ... (sets the array `cmd` to the timed generator command),
# <tool>_finish ... (untimed, after a successful run: make OUT a buildable crate)

ours_prepare() { :; }
ours_command() {
    local label=$1 out=$2 name=$3; shift 3
    cmd=("$work/bin/openapi-gen")
    local f
    for f in "$@"; do cmd+=(--spec "$f"); done
    cmd+=(--out "$out" --crate-name "$name")
}
ours_finish() { :; }

ploidy_prepare() { :; }
ploidy_command() {
    local label=$1 out=$2 name=$3; shift 3
    cmd=(ploidy generate rust "$1" -o "$out" --name "$name")
}
ploidy_finish() { :; }

progenitor_prepare() { :; }
progenitor_command() {
    local label=$1 out=$2 name=$3; shift 3
    cmd=(cargo-progenitor progenitor -i "$1" -o "$out" -n "$name" -v 0.1.0)
}
progenitor_finish() { :; }

openapi-to-rust_prepare() { :; }
openapi-to-rust_command() {
    local label=$1 out=$2 name=$3; shift 3
    cmd=(openapi-to-rust generate "$1" --output-dir "$out/src/generated" --module-name api)
}
openapi-to-rust_finish() { # its output is a module plus REQUIRED_DEPS.toml: make that a crate
    local label=$1 out=$2 name=$3; shift 3
    {
        printf '[package]\nname = "%s"\nversion = "0.1.0"\nedition = "2021"\npublish = false\n\n' "$name"
        if [ -f "$out/src/generated/REQUIRED_DEPS.toml" ]; then cat "$out/src/generated/REQUIRED_DEPS.toml"; fi
    } >"$out/Cargo.toml"
    echo "pub mod generated;" >"$out/src/lib.rs"
}

# ---------------------------------------------------------------------------------------------
# Measures

measure_generation() { # tool label -> R[gen|rss|lines]; leaves the crate in $work/TOOL/LABEL
    local tool=$1 label=$2 out name files i times=() peak=0 log
    out="$work/$tool/$label"
    name="$(echo "$tool" | tr -c 'a-z0-9\n' -)-$label"
    log="$work/$tool/$label.gen.log"
    mapfile -t files < <(spec_files "$tool" "$label")
    mkdir -p "$work/$tool"
    for i in $(seq "$runs"); do
        rm -rf "$out"
        "${tool}_prepare" "$label" "$out" "$name" "${files[@]}"
        "${tool}_command" "$label" "$out" "$name" "${files[@]}"
        [ "$i" -gt 1 ] || echo "\$ ${cmd[*]}" >"$work/$tool/$label.command"
        if ! run_timed "$log" env -C "$work/$tool" "${cmd[@]}"; then
            R[gen|$label|$tool]="fails: $(first_error "$log")"
            say "$tool $label: generation ${R[gen|$label|$tool]}"
            return 1
        fi
        times+=("$LAST_SECS")
        [ "$LAST_RSS_KB" -le "$peak" ] || peak=$LAST_RSS_KB
    done
    "${tool}_finish" "$label" "$out" "$name" "${files[@]}"
    R[gen|$label|$tool]=$(median "${times[@]}")
    R[rss|$label|$tool]=$(awk -v k="$peak" 'BEGIN {printf "%.1f", k / 1024}')
    R[lines|$label|$tool]=$(rust_lines "$out")
    say "$tool $label: generate ${R[gen|$label|$tool]} s, ${R[rss|$label|$tool]} MiB, ${R[lines|$label|$tool]} lines"
}

measure_cargo() { # dir target-dir build|check cargo-args... -> prints median seconds or "fails: ..."
    local dir=$1 target=$2 sub=$3; shift 3
    local name log times=() attempts=0 tag
    name=$(crate_name "$dir")
    tag=$(echo "$sub $*" | tr -c 'a-z0-9\n' -)
    log="$dir.$tag.log"
    if ! env -C "$dir" cargo fetch >"$log" 2>&1; then
        echo "fails: $(first_error "$log")"
        return
    fi
    while [ ${#times[@]} -lt "$build_runs" ] && [ $attempts -lt $((build_runs + 3)) ]; do
        attempts=$((attempts + 1))
        find "$dir/src" -name '*.rs' -exec touch {} +
        if ! run_timed "$log" env -C "$dir" CARGO_TARGET_DIR="$target" cargo "$sub" "$@"; then
            local errors
            errors=$(grep -cE '^error(\[E[0-9]+\])?: ' "$log" || true)
            errors=$((errors - $(grep -cE '^error: (could not compile|aborting)' "$log" || true)))
            if [ "$errors" -gt 1 ]; then
                echo "fails: $errors errors, first: $(first_error "$log")"
            else
                echo "fails: $(first_error "$log")"
            fi
            return
        fi
        if grep -E '^ +(Compiling|Checking) ' "$log" | grep -qvE "^ +(Compiling|Checking) $name v"; then
            say "  (warm-up: cargo $sub compiled dependencies; not counted)"
            continue
        fi
        times+=("$LAST_SECS")
    done
    if [ ${#times[@]} -eq 0 ]; then echo "fails: dependencies rebuilt on every run"; return; fi
    median "${times[@]}"
}

measure_builds() { # tool label -> R[build|check|tagbuild]
    local tool=$1 label=$2 dir target
    dir="$work/$tool/$label"
    target="$work/target-$tool"
    say "$tool $label: cargo build"
    R[build|$label|$tool]=$(measure_cargo "$dir" "$target" build)
    say "$tool $label: build ${R[build|$label|$tool]}; cargo check"
    R[check|$label|$tool]=$(measure_cargo "$dir" "$target" check)
    say "$tool $label: check ${R[check|$label|$tool]}"
    if [ "$tool" = ours ]; then
        local tag
        tag=$(pick_tag "$dir/Cargo.toml" "$label")
        if [ -z "$tag" ]; then
            R[tag|$label|$tool]="no tag feature"
        else
            say "$tool $label: cargo build --no-default-features --features $tag"
            R[tag|$label|$tool]="$(measure_cargo "$dir" "$target" build --no-default-features --features "$tag") (\`$tag\`)"
            say "$tool $label: one tag ${R[tag|$label|$tool]}"
        fi
    fi
}

pick_tag() { # Cargo.toml label -> a tag feature that exists: identities, pet, else the first one
    local toml=$1 feats
    # (with several specs, ours prefixes features with the spec name: v2024-identities)
    feats=$(awk '/^\[/ {f = ($0 == "[features]")} f && /^[A-Za-z0-9_-]+ *=/ {print $1}' "$toml" |
        grep -vxE 'default|full|(.*-)?all-models' || true)
    grep -m1 -xE '((v[0-9]+|beta|cc)-)?identities' <<<"$feats" ||
        grep -m1 -xE '((v[0-9]+|beta|cc)-)?pet' <<<"$feats" ||
        head -1 <<<"$feats"
}

# ---------------------------------------------------------------------------------------------
# Output

print_table() { # title measure [tool...] (default: all selected tools)
    local title=$1 measure=$2 spec tool line
    shift 2
    local cols=("$@")
    [ ${#cols[@]} -gt 0 ] || cols=("${tools[@]}")
    echo
    echo "### $title"
    echo
    line="| spec |"
    for tool in "${cols[@]}"; do line+=" $tool |"; done
    echo "$line"
    line="|---|"
    for tool in "${cols[@]}"; do line+="---:|"; done
    echo "$line"
    for spec in "${labels[@]}"; do
        line="| $spec |"
        for tool in "${cols[@]}"; do
            if [ -n "${UNAVAILABLE[$tool]:-}" ]; then line+=" - |"
            else line+=" ${R[$measure|$spec|$tool]:-n/a} |"; fi
        done
        echo "$line"
    done
}

is_number() { [[ $1 =~ ^[0-9]+(\.[0-9]+)?$ ]]; }

ratio_cell() { # measure spec -> "0.42 (vs ploidy)" or "n/a"
    local measure=$1 spec=$2 ours best="" best_tool="" tool v
    ours=${R[$measure|$spec|ours]:-}
    is_number "$ours" || { echo "n/a"; return; }
    for tool in "${tools[@]}"; do
        if [ "$tool" = ours ] || [ -n "${UNAVAILABLE[$tool]:-}" ]; then continue; fi
        v=${R[$measure|$spec|$tool]:-}
        is_number "$v" || continue
        if [ -z "$best" ] || awk -v a="$v" -v b="$best" 'BEGIN {exit !(a < b)}'; then best=$v; best_tool=$tool; fi
    done
    if [ -z "$best" ]; then echo "no alternative succeeded"; return; fi
    awk -v a="$ours" -v b="$best" -v t="$best_tool" 'BEGIN {
        if (b > 0) printf "%.2f (vs %s)", a / b, t; else printf "n/a (%s took 0 s)", t }'
}

print_ratios() {
    echo
    echo "### Ratios: ours / fastest alternative that succeeded (below 1: ours is faster)"
    echo
    echo "| spec | generate | build | check |"
    echo "|---|---:|---:|---:|"
    local spec
    for spec in "${labels[@]}"; do
        echo "| $spec | $(ratio_cell gen "$spec") | $(ratio_cell build "$spec") | $(ratio_cell check "$spec") |"
    done
}

print_header() {
    local mem
    mem=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
    echo "## Generator comparison, $(date '+%Y-%m-%d %H:%M %Z')"
    echo
    echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $mem memory, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- $(rustc --version), $(cargo --version)"
    if printf '%s\n' "${labels[@]}" | grep -qx spec; then
        echo "- spec \`spec\`: ours reads spec/v2024.yaml + spec/cc.yaml (it merges them), the others spec/v2024.yaml only"
    fi
    echo "- generation: median of $runs runs; cargo build/check: median of $build_runs run(s), debug, CARGO_INCREMENTAL=0, dependencies prebuilt"
    local tool
    for tool in "${tools[@]}"; do
        if [ -n "${UNAVAILABLE[$tool]:-}" ]; then
            echo "- $tool: **unavailable**: ${UNAVAILABLE[$tool]}"
        else
            echo "- $tool: ${VERSION[$tool]:-?}"
        fi
    done
}

# ---------------------------------------------------------------------------------------------
# Main

ensure_gnu_time
for tool in "${tools[@]}"; do
    if [ "$tool" = ours ]; then build_ours; else ensure_tool "$tool"; fi
done

labels=()
for s in "${specs[@]}"; do
    case $s in spec | petstore | cc | v3 | beta | v2024 | v2025) ;; *)
        [ -f "$s" ] || { echo "no such spec: $s (see --help)" >&2; exit 2; } ;;
    esac
    label=$(spec_label "$s")
    labels+=("$label")
    SPEC_ARG[$label]=$s
done

for tool in "${tools[@]}"; do
    [ -z "${UNAVAILABLE[$tool]:-}" ] || continue
    for label in "${labels[@]}"; do
        say "== $tool on $label"
        # `||` and `if` keep set -e from ending the whole run on an unexpected failure in one cell
        if measure_generation "$tool" "$label"; then
            measure_builds "$tool" "$label" || say "$tool $label: measuring the build stopped early"
        fi
    done
done

print_header
print_table "Generation time (s, median)" gen
print_table "Peak RSS of generation (MiB)" rss
print_table "Lines of Rust generated" lines
print_table "Debug build of the generated crate alone (s)" build
print_table "cargo check of the generated crate alone (s)" check
if printf '%s\n' "${tools[@]}" | grep -qx ours; then
    print_table "Debug build of ours with one tag feature (s)" tag ours
fi
print_ratios
