//! The CLI contract: `openapi-gen --spec FILE [--spec FILE ...] --out DIR [--crate-name NAME] [--check]`,
//! exit 0 on success, 1 when a spec is unusable or `--check` finds differences, 2 on usage errors.

use std::path::Path;
use std::process::{Command, Output};

fn repo_root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("repo root")
        .to_owned()
}

fn product_specs() -> Vec<std::path::PathBuf> {
    vec![
        repo_root().join("spec/v2024.yaml"),
        repo_root().join("spec/cc.yaml"),
    ]
}

fn fixture(name: &str) -> std::path::PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_openapi-gen"))
        .args(args)
        .output()
        .expect("runs")
}

fn path(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

#[test]
fn generates_a_crate_and_check_detects_drift() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("client");
    let specs = product_specs();
    let args = [
        "--spec",
        path(&specs[0]),
        "--spec",
        path(&specs[1]),
        "--out",
        path(&out),
        "--crate-name",
        "my-client",
    ];
    let output = run(&args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for file in [
        "Cargo.toml",
        "src/lib.rs",
        "src/runtime/mod.rs",
        "src/runtime/paging.rs",
        "src/v2024/mod.rs",
        "src/v2024/types.rs",
        "src/v2024/operations.rs",
        "src/cc/mod.rs",
    ] {
        assert!(out.join(file).is_file(), "{file} written");
    }
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
    assert!(manifest.contains("name = \"my-client\""));

    let mut check = args.to_vec();
    check.push("--check");
    assert_eq!(
        run(&check).status.code(),
        Some(0),
        "fresh output passes --check"
    );

    let lib = out.join("src/v2024/types.rs");
    std::fs::write(&lib, "// edited by hand\n").expect("edit");
    let output = run(&check);
    assert_eq!(output.status.code(), Some(1), "edited output fails --check");
    assert!(String::from_utf8_lossy(&output.stderr).contains("types.rs"));
    assert_eq!(
        std::fs::read_to_string(&lib).expect("read"),
        "// edited by hand\n",
        "--check writes nothing"
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&[]).status.code(), Some(2));
    assert_eq!(
        run(&["--spec", "x.yaml"]).status.code(),
        Some(2),
        "missing --out"
    );
    assert_eq!(
        run(&["--out", "x"]).status.code(),
        Some(2),
        "missing --spec"
    );
    assert_eq!(
        run(&["--spec", "x.yaml", "--out", "x", "--bogus"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        run(&["--spec", "x.yaml", "--out", "x", "--crate-name", "bad name"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn unusable_specs_exit_1_with_file_and_location() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");

    let missing = dir.path().join("missing.yaml");
    let output = run(&["--spec", path(&missing), "--out", path(&out)]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("missing.yaml"));

    let invalid = dir.path().join("invalid.yaml");
    std::fs::write(
        &invalid,
        "openapi: 3.0.3\ninfo:\n  title: x\n  version: [1,\npaths: {}\n",
    )
    .expect("write");
    let output = run(&["--spec", path(&invalid), "--out", path(&out)]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("invalid.yaml:5:") || stderr.contains("invalid.yaml:4:"),
        "names file and line: {stderr}"
    );

    let bad_shape = dir.path().join("shape.yaml");
    std::fs::write(
        &bad_shape,
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: [1, 2]\n",
    )
    .expect("write");
    let output = run(&["--spec", path(&bad_shape), "--out", path(&out)]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("shape.yaml") && stderr.contains("#/paths"),
        "names file and pointer: {stderr}"
    );
    assert!(!out.exists(), "nothing is written for an unusable spec");
}

#[test]
fn a_broken_parameter_costs_only_that_parameter() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    let spec = dir.path().join("local.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      parameters:\n        - name: q\n          in: query\n          schema: {type: string}\n        - name: p\n          in: nowhere\n      responses:\n        '204': {description: ok}\n",
    )
    .expect("write");
    let output = run(&["--spec", path(&spec), "--out", path(&out)]);
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("local.yaml: #/paths/~1a/get/parameters/1: parameter dropped"),
        "{stderr}"
    );
    let operations = std::fs::read_to_string(out.join("src/operations.rs")).expect("generated");
    assert!(
        operations.contains("request.query(\"q\""),
        "the valid parameter is kept"
    );
}

#[test]
fn warnings_name_the_pointer_and_go_to_stderr_and_the_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    let report = dir.path().join("report.json");
    let constructs = fixture("constructs.yaml");
    let output = run(&[
        "--spec",
        path(&constructs),
        "--out",
        path(&out),
        "--report",
        path(&report),
    ]);
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("#/components/schemas/PetBase/properties/born/type"),
        "{stderr}"
    );
    assert!(
        stderr.contains("#/paths/~1pets~1{id}~1photo/get"),
        "{stderr}"
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).expect("report")).expect("JSON");
    let pointers: Vec<&str> = report
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|w| w["pointer"].as_str())
        .collect();
    assert!(
        pointers.contains(&"#/components/schemas/PetBase/properties/born/type"),
        "{pointers:?}"
    );
}
