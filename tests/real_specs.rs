//! Whole real specs: every SailPoint spec (cc, v3, beta, v2024, v2025) and the public petstore
//! generate a crate that passes `cargo clippy --all-features -D warnings`; v2024 also builds
//! with no features and with a single tag. Nothing is silently dropped: every operation gets a
//! method, every component schema a type, and the only degradations are the known ones.
//!
//! The compile checks take minutes, so they are ignored by default; `.ci/run` runs them.

use std::path::{Path, PathBuf};
use std::process::Command;

use openapi_gen::{generate_crate, lower_spec, CrateOptions, Severity};
use workspace_tests::repo_root;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn sailpoint(name: &str) -> PathBuf {
    repo_root()
        .join("tests/corpus/sailpoint")
        .join(format!("{name}.yaml"))
}

fn petstore() -> PathBuf {
    repo_root().join("tests/corpus/public/petstore3.yaml")
}

fn all_specs() -> Vec<(&'static str, PathBuf)> {
    let mut specs: Vec<(&str, PathBuf)> = ["cc", "v3", "beta", "v2024", "v2025"]
        .into_iter()
        .map(|name| (name, sailpoint(name)))
        .collect();
    specs.push(("petstore", petstore()));
    specs
}

/// Operations and component schemas as the raw document declares them.
fn declared(file: &Path) -> (usize, Vec<String>) {
    let text = std::fs::read_to_string(file).expect("spec readable");
    let doc: serde_yaml::Value = serde_yaml::from_str(&text).expect("YAML");
    let operations = doc["paths"]
        .as_mapping()
        .map(|paths| {
            paths
                .values()
                .filter_map(|item| item.as_mapping())
                .map(|item| {
                    item.keys()
                        .filter(|k| k.as_str().is_some_and(|k| METHODS.contains(&k)))
                        .count()
                })
                .sum()
        })
        .unwrap_or(0);
    let schemas = doc["components"]["schemas"]
        .as_mapping()
        .map(|m| {
            m.keys()
                .filter_map(|k| k.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    (operations, schemas)
}

#[test]
fn every_operation_and_schema_is_kept_and_only_known_degradations_remain() {
    for (name, file) in all_specs() {
        let (operations, schemas) = declared(&file);
        let (api, warnings) = lower_spec(&file, name).expect("spec loads");
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
        let unexpected: Vec<String> = warnings
            .iter()
            .filter(|w| w.severity == Severity::Degraded)
            .filter(|w| !w.message.contains("has no placeholder in the path"))
            .map(ToString::to_string)
            .collect();
        assert!(
            unexpected.is_empty(),
            "{name}: unexpected degradations:\n{}",
            unexpected.join("\n")
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

/// Writes the generated crate for `specs` into a fresh directory outside the workspace.
fn write_crate(name: &str, specs: &[PathBuf]) -> PathBuf {
    let generated =
        generate_crate(specs, &CrateOptions::new(format!("real-{name}"))).expect("generates");
    let dir = std::env::temp_dir()
        .join("openapi-gen-real-specs")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    for (path, contents) in &generated.files {
        let target = dir.join(path);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::write(target, contents).expect("write");
    }
    dir
}

fn clippy(dir: &Path, features: &[&str]) {
    let output = Command::new(env!("CARGO"))
        .arg("clippy")
        .args(features)
        .args(["--quiet", "--", "-D", "warnings"])
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            repo_root().join("target/real-specs/target"),
        )
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && !stderr.contains("warning"),
        "{} {features:?}: clippy failed or warned:\n{}",
        dir.display(),
        stderr.lines().take(60).collect::<Vec<_>>().join("\n")
    );
}

#[test]
#[ignore = "compiles six large crates; run by .ci/run"]
fn every_real_spec_compiles_clippy_clean_with_all_features() {
    for (name, file) in all_specs() {
        let dir = write_crate(name, &[file]);
        clippy(&dir, &["--all-features"]);
    }
}

#[test]
#[ignore = "compiles a large crate; run by .ci/run"]
fn v2024_compiles_with_no_features_and_with_one_tag() {
    let dir = write_crate("v2024-subsets", &[sailpoint("v2024")]);
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("manifest");
    assert!(manifest.contains("\nidentities = []"), "a feature per tag");
    clippy(&dir, &["--no-default-features"]);
    clippy(&dir, &["--no-default-features", "--features", "identities"]);
}
