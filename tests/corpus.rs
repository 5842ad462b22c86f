//! Every real spec in `tests/corpus/` (SailPoint's five and thirteen public ones, OpenAPI 3.0
//! and 3.1): it loads, every operation gets a method and every component schema a type, nothing
//! is degraded, and the generated crate passes `cargo clippy --all-features -D warnings`
//! (SailPoint v2024 also with no features and with one tag).
//!
//! The compile checks take minutes, so they are ignored by default; `.ci/run` runs them. All
//! crates share one target directory, so their dependencies build once.

use std::path::{Path, PathBuf};
use std::process::Command;

use openapi_gen::{lower_spec, Builder, Severity};
use serde_json::Value;
use workspace_tests::{corpus, repo_root};

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn sailpoint(name: &str) -> PathBuf {
    repo_root()
        .join("tests/corpus/sailpoint")
        .join(format!("{name}.yaml"))
}

/// Operations and component schema names as the raw document declares them.
fn declared(file: &Path) -> (usize, Vec<String>) {
    let text = std::fs::read_to_string(file).expect("spec readable");
    let doc: Value = openapi_gen::parse_document(file, &text).expect("parses");
    let operations = doc["paths"]
        .as_object()
        .map(|paths| {
            paths
                .values()
                .filter_map(Value::as_object)
                .map(|item| {
                    item.keys()
                        .filter(|k| METHODS.contains(&k.as_str()))
                        .count()
                })
                .sum()
        })
        .unwrap_or(0);
    let schemas = doc["components"]["schemas"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    (operations, schemas)
}

#[test]
fn every_spec_keeps_every_operation_and_schema_and_degrades_nothing() {
    let specs = corpus();
    assert_eq!(
        specs.len(),
        18,
        "five SailPoint specs and thirteen public ones"
    );
    for (name, file) in specs {
        let (operations, schemas) = declared(&file);
        let (api, warnings) = lower_spec(&file, "api").expect("spec loads");
        assert_eq!(
            api.operations.len(),
            operations,
            "{name}: every operation gets a method"
        );
        for schema in &schemas {
            let pointer = format!(
                "#/components/schemas/{}",
                schema.replace('~', "~0").replace('/', "~1")
            );
            assert!(
                api.types
                    .types
                    .iter()
                    .any(|t| t.pointer.as_str() == pointer),
                "{name}: schema {schema} has a type"
            );
        }
        let degraded: Vec<String> = warnings
            .iter()
            .filter(|w| w.severity == Severity::Degraded)
            .map(ToString::to_string)
            .collect();
        assert!(
            degraded.is_empty(),
            "{name}: degradations:\n{}",
            degraded.join("\n")
        );
    }
}

#[test]
fn openapi_3_1_specs_load_without_warnings() {
    for name in [
        "mastodon-api",
        "lago-api",
        "svix-api",
        "prefect-server-api",
        "redocly-museum-api",
    ] {
        let file = corpus()
            .into_iter()
            .find(|(n, _)| n == name)
            .map(|(_, f)| f)
            .expect("in the corpus");
        let (_, warnings) = lower_spec(&file, "api").expect("loads");
        // Renames for hygiene (a parameter named `client`) are notes, not spec problems.
        let warnings: Vec<_> = warnings
            .iter()
            .filter(|w| w.severity != Severity::Renamed)
            .collect();
        assert!(
            warnings.is_empty(),
            "{name}: valid 3.1 gives no warnings, got {:#?}",
            warnings.iter().take(5).collect::<Vec<_>>()
        );
    }
}

#[test]
fn v2024_repairs_every_mismatched_path_placeholder() {
    let (api, warnings) = lower_spec(&sailpoint("v2024"), "v2024").expect("loads");
    let reset = api
        .operations
        .iter()
        .find(|op| op.operation_id.as_deref() == Some("resetIdentity"))
        .expect("resetIdentity");
    assert_eq!(reset.path, "/identities/{identityId}/reset");
    for op in &api.operations {
        let mut rest = op.path.as_str();
        while let Some(start) = rest.find('{') {
            let end = rest[start..].find('}').expect("closed placeholder") + start;
            let name = &rest[start + 1..end];
            assert!(
                op.parameters.iter().any(|p| p.wire_name == name),
                "{} {}: placeholder {{{name}}} is filled by a parameter",
                op.method_name,
                op.path
            );
            rest = &rest[end + 1..];
        }
    }
    let repairs = warnings
        .iter()
        .filter(|w| w.severity == Severity::Repaired && w.message.contains("placeholder"))
        .count();
    assert!(
        repairs >= 20,
        "v2024 has about two dozen placeholder repairs, got {repairs}"
    );
}

/// Writes the generated crate for `spec` into `target/corpus/<name>`.
fn write_crate(name: &str, spec: &Path) -> PathBuf {
    write_crate_with(
        name,
        Builder::new()
            .crate_name(format!("corpus-{name}"))
            .spec(spec),
    )
}

/// Like [`write_crate`], with the spec and options of `builder`.
fn write_crate_with(name: &str, builder: &Builder) -> PathBuf {
    let generated = builder.crate_files().expect("generates");
    let dir = repo_root().join("target/corpus/crates").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    for (path, contents) in &generated.files {
        let target = dir.join(path);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::write(target, contents).expect("write");
    }
    // A workspace of its own, so the repository's workspace does not claim it.
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).expect("manifest");
    std::fs::write(&manifest, format!("{text}\n[workspace]\n")).expect("manifest");
    dir
}

/// Runs clippy with `-D warnings` on a generated crate; the error output when it fails.
fn clippy(dir: &Path, features: &[&str]) -> Result<(), String> {
    let output = Command::new(env!("CARGO"))
        .arg("clippy")
        .args(features)
        .args(["--quiet", "--", "-D", "warnings"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", repo_root().join("target/corpus/target"))
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.success() && !stderr.contains("warning") {
        Ok(())
    } else {
        Err(stderr.lines().take(40).collect::<Vec<_>>().join("\n"))
    }
}

#[test]
#[ignore = "compiles eighteen crates; run by .ci/run"]
fn every_spec_compiles_clippy_clean_with_all_features() {
    let mut failures = Vec::new();
    for (name, file) in corpus() {
        let dir = write_crate(&name, &file);
        if let Err(error) = clippy(&dir, &["--all-features"]) {
            failures.push(format!("{name}:\n{error}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
#[ignore = "compiles a large crate; run by .ci/run"]
fn v2024_compiles_with_no_features_and_with_one_tag() {
    let dir = write_crate("v2024-subsets", &sailpoint("v2024"));
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("manifest");
    assert!(manifest.contains("\nidentities = ["), "a feature per tag");
    assert!(
        manifest.contains("\n_shared-1 = []"),
        "models many tags need stand behind group features"
    );
    clippy(&dir, &["--no-default-features"]).expect("no features");
    clippy(&dir, &["--no-default-features", "--features", "identities"]).expect("one tag");
}

/// `tests/fixtures/hygiene.json`: every name the generated code defines or uses, or that Rust
/// reserves, as a schema, property, operationId, parameter, tag, enum value and server variable.
fn hygiene() -> PathBuf {
    repo_root().join("tests/fixtures/hygiene.json")
}

#[test]
fn names_the_generated_code_uses_are_renamed_and_reported() {
    let (api, warnings) = lower_spec(&hygiene(), "hygiene").expect("loads");
    let reported = |pointer: &str| warnings.iter().any(|w| w.pointer.as_str() == pointer);
    let reserved = openapi_gen::testing::reserved();
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(hygiene()).unwrap()).unwrap();
    let mut checked = 0;
    for name in doc["components"]["schemas"].as_object().unwrap().keys() {
        if openapi_gen::testing::reserved_type_name(name).is_some() {
            let pointer = format!("#/components/schemas/{}", name.replace('~', "~0"));
            assert!(
                reported(&pointer),
                "the rename of schema `{name}` is reported"
            );
            checked += 1;
        }
    }
    for operation in &api.operations {
        let id = operation.operation_id.as_deref().unwrap();
        let wanted = openapi_gen::testing::snake_name(id);
        if reserved.functions.contains(&wanted) {
            assert_ne!(operation.method_name, wanted);
            assert!(
                reported(&format!("{}/operationId", operation.pointer)),
                "the rename of operation `{id}` is reported"
            );
            checked += 1;
        }
        for parameter in &operation.parameters {
            if reserved.parameter(&openapi_gen::testing::snake_name(&parameter.wire_name)) {
                assert!(
                    !reserved.parameter(&parameter.rust_name),
                    "{}",
                    parameter.rust_name
                );
                checked += 1;
            }
        }
    }
    assert!(
        checked > 100,
        "the fixture exercises the reserved names ({checked})"
    );
}

#[test]
#[ignore = "compiles a crate of 130 colliding names twice; run by .ci/run"]
fn names_the_generated_code_uses_compile_clippy_clean() {
    for keep in [false, true] {
        let dir = write_crate_with(
            "hygiene",
            Builder::new()
                .crate_name("corpus-hygiene")
                .keep_unknown_properties(keep)
                .spec(hygiene()),
        );
        clippy(&dir, &["--all-features"]).unwrap_or_else(|e| panic!("keep={keep}:\n{e}"));
    }
}
