//! Spec text → load → lower → emit, all in memory: `load_str` (what loading a file does after
//! reading it), `lower_loaded`, then `crate_tree` + `render_single` (as `Builder::generate`
//! and `Builder::single_file` do) and, with tag features (`gate_crate`), `render_files` (as
//! `Builder::crate_files` does).
//!
//! Properties, besides "never panics":
//! - a JSON document (first character `{` or `[`) that `serde_json` reads into a `Value` reads
//!   to the same value through `openapi_gen::parse_document`;
//! - a spec that loads always renders: `render_single`/`render_files` never return
//!   `Error::Internal` ("generated code does not parse", a generator bug).
//!
//! Runs on a thread with `openapi_gen::PIPELINE_STACK_BYTES` of stack, as `lower_spec` and
//! the `Builder` do.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use openapi_gen::testing::{
    crate_tree, gate_crate, load_str, lower_loaded, render_files, render_single, Diagnostics,
    EmitOptions,
};
use openapi_gen::{parse_document, Error};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    on_large_stack(|| check(text));
});

fn on_large_stack(work: impl FnOnce() + Send) {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .stack_size(openapi_gen::PIPELINE_STACK_BYTES)
            .spawn_scoped(scope, work)
            .expect("spawn the pipeline thread");
        if let Err(panic) = handle.join() {
            std::panic::resume_unwind(panic);
        }
    });
}

fn check(text: &str) {
    // The file name is used in messages only; the format is chosen by content.
    let file = Path::new("fuzz.yaml");

    json_agrees_with_serde_json(file, text);

    let mut diagnostics = Diagnostics::new(file);
    let spec = match load_str(file, text, &mut diagnostics) {
        Ok(spec) => spec,
        Err(Error::Syntax { .. } | Error::Invalid { .. }) => return,
        Err(other) => panic!("load_str: unexpected error kind: {other}"),
    };
    let api = lower_loaded(&spec, "fuzz", &mut diagnostics);
    drop(spec);
    let _ = diagnostics.into_vec();

    // Emission as `Builder::single_file` does it (no features), then as `crate_files` does
    // (tag features, undeclared properties kept), without the runtime module: it is the same
    // for every spec and formatting it would cost most of each run.
    let apis = [api];
    let plain = EmitOptions::default();
    let mut tree = crate_tree(&apis, None, "Fuzz.", &plain);
    tree.children.retain(|child| child.name != "runtime");
    match render_single(&tree) {
        Ok(text) => assert!(!text.is_empty()),
        Err(error) => panic!("a spec that loads does not render: {error}"),
    }
    drop(tree);

    let gatings = gate_crate(&apis);
    let keep = EmitOptions {
        keep_unknown_properties: true,
        ..EmitOptions::default()
    };
    let mut tree = crate_tree(&apis, Some(&gatings), "Fuzz.", &keep);
    tree.children.retain(|child| child.name != "runtime");
    match render_files(&tree) {
        Ok(files) => assert!(!files.is_empty()),
        Err(error) => panic!("a spec that loads does not render as a crate: {error}"),
    }
}

/// For JSON text, `parse_document` must agree with plain `serde_json` wherever
/// `serde_json` (recursion limit 128) accepts the text.
fn json_agrees_with_serde_json(file: &Path, text: &str) {
    let start = text.trim_start_matches([' ', '\t', '\r', '\n']);
    if !start.starts_with(['{', '[']) {
        return;
    }
    let Ok(expected) = serde_json::from_str::<serde_json::Value>(text) else {
        return;
    };
    match parse_document(file, text) {
        Ok(value) => assert_eq!(value, expected, "parse_document differs from serde_json"),
        Err(error) => panic!("serde_json reads this JSON, parse_document does not: {error}"),
    }
}
