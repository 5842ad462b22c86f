//! Spec text → load → lower → emit, all in memory: `load::load_str` (what `load::load` does
//! after reading the file), `lower_loaded`, then `emit::crate_tree` + `emit::render_single`
//! (as `generate_single_file` and the build-script `Builder` do) and, with tag features
//! (`features::gating`), `emit::render_files` (as `generate_crate` does).
//!
//! Properties, besides "never panics":
//! - a JSON document (first character `{` or `[`) that `serde_json` reads into a `Value` reads
//!   to the same value through `source::parse_document`;
//! - a spec that loads always renders: `render_single`/`render_files` never return
//!   `Error::Internal` ("generated code does not parse", a generator bug).
//!
//! Runs on a thread with `openapi_gen::PIPELINE_STACK_BYTES` of stack, as `lower_spec` and
//! `generate_single_file` do.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use openapi_gen::ir::Api;
use openapi_gen::{diagnostics::Diagnostics, emit, features, load, source, Error};

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
    let spec = match load::load_str(file, text, &mut diagnostics) {
        Ok(spec) => spec,
        Err(Error::Syntax { .. } | Error::Invalid { .. }) => return,
        Err(other) => panic!("load_str: unexpected error kind: {other}"),
    };
    let api = openapi_gen::lower_loaded(&spec, "fuzz", &mut diagnostics);
    drop(spec);
    let _ = diagnostics.into_vec();

    // Emission as `generate_single_file` does it (no features), then as `generate_crate` does
    // (tag features, undeclared properties kept), without the runtime module: it is the same
    // for every spec and formatting it would cost most of each run.
    let apis = [api];
    let plain = emit::EmitOptions::default();
    let mut tree = emit::crate_tree(&apis, None, "Fuzz.", &plain);
    tree.children.retain(|child| child.name != "runtime");
    match emit::render_single(&tree) {
        Ok(text) => assert!(!text.is_empty()),
        Err(error) => panic!("a spec that loads does not render: {error}"),
    }
    drop(tree);

    let budget = features::MAX_FEATURES.saturating_sub(3 + tag_count(&apis[0]));
    let gatings = [features::gating(&apis[0], "", budget)];
    let keep = emit::EmitOptions {
        keep_unknown_properties: true,
        ..emit::EmitOptions::default()
    };
    let mut tree = emit::crate_tree(&apis, Some(&gatings), "Fuzz.", &keep);
    tree.children.retain(|child| child.name != "runtime");
    match emit::render_files(&tree) {
        Ok(files) => assert!(!files.is_empty()),
        Err(error) => panic!("a spec that loads does not render as a crate: {error}"),
    }
}

/// The distinct tags of the operations (as `group_budget` counts them).
fn tag_count(api: &Api) -> usize {
    let mut seen = std::collections::BTreeSet::new();
    for op in &api.operations {
        seen.extend(op.tags.iter());
    }
    seen.len()
}

/// For JSON text, `source::parse_document` must agree with plain `serde_json` wherever
/// `serde_json` (recursion limit 128) accepts the text.
fn json_agrees_with_serde_json(file: &Path, text: &str) {
    let start = text.trim_start_matches([' ', '\t', '\r', '\n']);
    if !start.starts_with(['{', '[']) {
        return;
    }
    let Ok(expected) = serde_json::from_str::<serde_json::Value>(text) else {
        return;
    };
    match source::parse_document(file, text) {
        Ok(value) => assert_eq!(value, expected, "parse_document differs from serde_json"),
        Err(error) => panic!("serde_json reads this JSON, parse_document does not: {error}"),
    }
}
