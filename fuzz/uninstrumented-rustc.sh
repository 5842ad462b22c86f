#!/usr/bin/env bash
# RUSTC_WRAPPER for fuzz builds: compiles the Rust-syntax crates the generator formats its
# output with (syn, proc-macro2, quote, prettyplease) without libFuzzer's coverage pass.
# Their coverage says nothing about the spec, and its instrumentation (trace-compares above
# all) made parsing and printing the emitted code most of each spec_loader run.
rustc="$1"
shift
case " $* " in
*" --crate-name syn "* | *" --crate-name proc_macro2 "* | *" --crate-name quote "* | *" --crate-name prettyplease "*)
    args=()
    for arg in "$@"; do
        [[ "$arg" == "-Cpasses=sancov-module" ]] || args+=("$arg")
    done
    exec "$rustc" "${args[@]}"
    ;;
esac
exec "$rustc" "$@"
