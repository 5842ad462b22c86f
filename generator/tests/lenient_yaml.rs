//! YAML that PyYAML and js-yaml 3/4 read (the parsers behind most spec tooling) loads here too,
//! each bend of YAML 1.2 reported with its line: the fixtures of `tests/fixtures/yaml/`, one
//! per leniency, each beside the JSON tree it must give.

use std::path::PathBuf;

use openapi_gen::{lower_spec, Severity};

fn fixtures() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/yaml");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

/// Fixtures that are valid YAML 1.2 as they are, so nothing is reported.
const STRICT: [&str; 3] = [
    "block_scalar_header_trailing_spaces",
    "document_markers",
    "yaml11_scalars",
];

#[test]
fn every_leniency_loads_and_bends_are_reported_with_their_line() {
    let files = fixtures();
    assert!(files.len() >= 13, "{} fixtures", files.len());
    for file in files {
        let stem = file.file_stem().unwrap().to_str().unwrap().to_owned();
        let (_, warnings) = lower_spec(&file, "api").unwrap_or_else(|e| panic!("{stem}: {e}"));
        let bends: Vec<_> = warnings
            .iter()
            .filter(|w| w.message.starts_with("line "))
            .collect();
        if STRICT.contains(&stem.as_str()) {
            assert!(bends.is_empty(), "{stem}: {bends:?}");
        } else {
            assert!(!bends.is_empty(), "{stem}: the bend is reported");
            assert!(
                bends.iter().all(|w| w.severity != Severity::Renamed),
                "{stem}"
            );
        }
    }
}

#[test]
fn every_fixture_gives_the_tree_beside_it_and_yaml_1_1_words_keep_their_1_2_meaning() {
    for file in fixtures() {
        let text = std::fs::read_to_string(&file).unwrap();
        let tree = openapi_gen::parse_document(&file, &text).expect("parses");
        let expected: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(file.with_extension("json")).expect("the expected tree"),
        )
        .unwrap();
        assert_eq!(tree, expected, "{}", file.display());
    }
    let file = PathBuf::from("words.yaml");
    let tree = openapi_gen::parse_document(&file, "a: [no, y, on, 1e-08, 0o17]\n").unwrap();
    assert_eq!(tree["a"], serde_json::json!(["no", "y", "on", 1e-8, 15]));
}
