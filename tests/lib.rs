//! Shared paths for the workspace tests (the tests themselves are the `[[test]]` targets).

use std::path::PathBuf;

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_owned()
}

/// The specs in `spec/` that the generated crate is built from.
pub fn product_specs() -> Vec<PathBuf> {
    let spec = repo_root().join("spec");
    vec![spec.join("v2024.yaml"), spec.join("cc.yaml")]
}

/// A file under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests").join("fixtures").join(name)
}

/// The README's Rust examples, compiled as doctests so they cannot go stale.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
