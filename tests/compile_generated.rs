//! The CLI's output is a self-contained crate that passes `cargo clippy -D warnings`.
//!
//! Slow (it builds the generated crate and its dependencies), so it is ignored by default;
//! `.ci/run` runs it with `--ignored`.

use std::process::Command;

use workspace_tests::{fixture, generate_crate, product_specs, repo_root};

#[test]
#[ignore = "builds a crate; run by .ci/run"]
fn generated_crate_passes_clippy_with_no_warnings() {
    let mut specs = product_specs();
    specs.push(fixture("constructs.yaml"));
    let generated = generate_crate(&specs, "generated-check");
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, contents) in &generated.files {
        let target = dir.path().join(path);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::write(target, contents).expect("write");
    }
    // Share the workspace's target dir so dependencies are built once.
    let target_dir = repo_root().join("target").join("generated-check");
    let output = Command::new(env!("CARGO"))
        .args(["clippy", "--all-targets", "--quiet", "--", "-D", "warnings"])
        .current_dir(dir.path())
        .env("CARGO_TARGET_DIR", &target_dir)
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "clippy failed:\n{stderr}");
    assert!(!stderr.contains("warning"), "clippy warned:\n{stderr}");

    let output = Command::new(env!("CARGO"))
        .args(["doc", "--no-deps", "--quiet"])
        .current_dir(dir.path())
        .env("CARGO_TARGET_DIR", &target_dir)
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .expect("cargo doc runs");
    assert!(
        output.status.success(),
        "rustdoc failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
