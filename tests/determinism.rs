//! Generation is deterministic: byte-identical output across runs, and the build-script API
//! rewrites nothing when nothing changed.

use openapi_gen::Builder;
use workspace_tests::{fixture, generate_crate, product_specs};

#[test]
fn two_runs_give_identical_crates() {
    let mut specs = product_specs();
    specs.push(fixture("constructs.yaml"));
    let first = generate_crate(&specs, "same");
    let second = generate_crate(&specs, "same");
    assert_eq!(first.files, second.files);
    assert_eq!(first.warnings, second.warnings);
    assert!(first.files.len() > 5);
}

#[test]
fn builder_writes_once_and_leaves_unchanged_output_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut builder = Builder::new();
    for spec in product_specs() {
        builder.spec(spec);
    }
    builder.out_dir(dir.path()).env_prefix("SAIL");
    builder.generate().expect("first run");
    let path = dir.path().join(openapi_gen::DEFAULT_FILE_NAME);
    let written = std::fs::read_to_string(&path).expect("written");
    let in_memory = builder.single_file().expect("in memory");
    assert_eq!(in_memory.files.len(), 1);
    assert_eq!(written, in_memory.files[0].1);

    let before = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    std::thread::sleep(std::time::Duration::from_millis(50));
    builder.generate().expect("second run");
    let after = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    assert_eq!(before, after, "an unchanged file is not rewritten");
}

#[test]
fn a_failed_run_leaves_previous_output_intact() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(openapi_gen::DEFAULT_FILE_NAME);
    Builder::new()
        .spec(fixture("constructs.yaml"))
        .out_dir(dir.path())
        .generate()
        .expect("good spec");
    let good = std::fs::read_to_string(&path).expect("written");
    let broken = dir.path().join("broken.yaml");
    std::fs::write(&broken, "openapi: 3.0.3\ninfo: {title: [\n").expect("write");
    let error = Builder::new()
        .spec(&broken)
        .out_dir(dir.path())
        .generate()
        .expect_err("bad spec");
    assert!(error.to_string().contains("broken.yaml"), "{error}");
    assert_eq!(std::fs::read_to_string(&path).expect("still there"), good);
}
