//! Generated client crates of corpus specs, shared by the tests that build harnesses around
//! them (`roundtrip.rs`, `prism.rs`): one crate per spec under `target/corpus/clients/`, built
//! in one target directory, so each spec's client compiles once for every harness.

use std::path::{Path, PathBuf};
use std::process::Command;

use openapi_gen::Builder;
use workspace_tests::repo_root;

/// The target directory every harness and client builds in.
pub fn target_dir() -> PathBuf {
    repo_root().join("target/corpus/target")
}

/// Writes the client crate generated from `spec` (undeclared properties kept, so round trips
/// can be exact) and returns its package name and directory. Files are rewritten only when
/// their contents change, so cargo does not rebuild an unchanged client.
pub fn client(name: &str, spec: &Path) -> (String, PathBuf) {
    let package = format!("rt-{}", name.to_ascii_lowercase());
    let dir = repo_root().join("target/corpus/clients").join(name);
    let generated = Builder::new()
        .spec(spec)
        .crate_name(&package)
        .keep_unknown_properties(true)
        .crate_files()
        .expect("generates");
    for (path, contents) in &generated.files {
        let contents = if path == "Cargo.toml" {
            format!("{contents}\n[workspace]\n")
        } else {
            contents.clone()
        };
        write(&dir.join(path), &contents);
    }
    (package, dir)
}

/// Writes `text` to `path` unless it already holds exactly that.
pub fn write(path: &Path, text: &str) {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return;
    }
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// Runs `command` to success, returning its standard output.
pub fn run(command: &mut Command) -> String {
    let output = command.output().expect("starts");
    assert!(
        output.status.success(),
        "{command:?}:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// Builds the harness crate in `dir` and returns its binary.
pub fn build_harness(dir: &Path, package: &str) -> PathBuf {
    run(Command::new(env!("CARGO"))
        .args(["build", "--quiet"])
        .current_dir(dir)
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .env("CARGO_TARGET_DIR", target_dir()));
    target_dir().join("debug").join(package)
}

/// Installs the pinned Node.js packages of `tests/roundtrip/` (json-schema-faker, ajv, Prism;
/// `package-lock.json`) unless they are there.
pub fn install_node_packages() {
    let dir = repo_root().join("tests/roundtrip");
    if !dir.join("node_modules/.bin/prism").exists() {
        run(Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(dir));
    }
}
