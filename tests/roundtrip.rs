//! Round trips judged from outside: for every component schema of `spec/` and of every spec in
//! `tests/corpus/`, values that json-schema-faker (the generator Prism uses, run by
//! `tests/roundtrip/fake.js`) makes from the schema decode into the generated type and encode
//! back to an equal value, up to the normalisations of `tests/roundtrip/compare.rs`.
//!
//! Each spec's generated crate gets a small harness binary that reads the faker's lines,
//! decodes each value as the type generated for its schema, and reports what came back. The
//! counts per spec are written to `target/roundtrip-report.md`.

#[path = "roundtrip/compare.rs"]
#[allow(dead_code)]
mod compare;
#[path = "support/generated_crates.rs"]
mod generated_crates;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use generated_crates::{run, write};
use openapi_gen::lower_spec;
use serde_json::Value;
use workspace_tests::repo_root;

/// Values per schema, and the seed that makes them.
const COUNT: &str = "3";
const SEED: &str = "1";

/// The specs round-tripped: the product's own and the corpus, as (name, file); only those
/// whose name contains `ROUNDTRIP_ONLY` when it is set (for reruns while fixing one spec).
fn specs() -> Vec<(String, PathBuf)> {
    let only = std::env::var("ROUNDTRIP_ONLY").unwrap_or_default();
    let mut specs = all_specs();
    specs.retain(|(name, _)| name.contains(&only));
    specs
}

fn all_specs() -> Vec<(String, PathBuf)> {
    let mut specs = vec![("spec-v2024".to_owned(), repo_root().join("spec/v2024.yaml"))];
    specs.extend(workspace_tests::corpus());
    specs
}

/// The component schemas of `spec` that have a generated type: (name in the spec, Rust path).
fn components(spec: &Path, crate_ident: &str) -> Vec<(String, String)> {
    let (api, _) = lower_spec(spec, "api").expect("loads");
    api.types
        .types
        .iter()
        .filter_map(|ty| {
            let name = ty.pointer.as_str().strip_prefix("#/components/schemas/")?;
            (!name.contains('/')).then(|| {
                let name = name.replace("~1", "/").replace("~0", "~");
                (name, format!("{crate_ident}::types::{}", ty.name))
            })
        })
        .collect()
}

/// Builds the harness for `spec` and returns its binary.
fn harness(name: &str, spec: &Path) -> Option<PathBuf> {
    let package = format!("rt-{}", name.to_ascii_lowercase());
    let crate_ident = package.replace('-', "_");
    let components = components(spec, &crate_ident);
    if components.is_empty() {
        return None;
    }
    let root = repo_root().join("target/corpus/roundtrip").join(name);
    let (_, client) = generated_crates::client(name, spec);
    write(
        &root.join("harness/Cargo.toml"),
        &format!(
            "[package]\nname = \"{package}-harness\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
             [dependencies]\n{package} = {{ path = {client:?} }}\nserde = \"1\"\nserde_json = \"1\"\n\
             chrono = {{ version = \"0.4\", default-features = false, features = [\"std\"] }}\n\n[workspace]\n"
        ),
    );
    write(
        &root.join("harness/src/compare.rs"),
        &std::fs::read_to_string(repo_root().join("tests/roundtrip/compare.rs")).unwrap(),
    );
    write(
        &root.join("harness/src/main.rs"),
        &harness_main(&components),
    );
    Some(generated_crates::build_harness(
        &root.join("harness"),
        &format!("{package}-harness"),
    ))
}

/// The harness's `main`: one arm per component schema.
fn harness_main(components: &[(String, String)]) -> String {
    let arms: String = components
        .iter()
        .map(|(name, path)| format!("        {name:?} => round_trip::<{path}>(&text),\n"))
        .collect();
    format!(
        r#"//! Reads `{{"schema", "i", "value", "valid"}}` lines, decodes each value as its schema's type
//! and writes what happened as a line of JSON.
mod compare;

use std::io::{{BufRead, Write}};

/// Decodes `text` as `T` and encodes it again. A nullable schema's `null` is decoded as
/// `Option<T>`, the type every reference to that schema has.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(text: &str) -> Result<serde_json::Value, String> {{
    let decoded: Option<T> = if text == "null" {{
        serde_json::from_str(text)
    }} else {{
        serde_json::from_str::<T>(text).map(Some)
    }}
    .map_err(|e| format!("decode: {{e}}"))?;
    serde_json::to_value(&decoded).map_err(|e| format!("encode: {{e}}"))
}}

fn main() {{
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for line in std::io::stdin().lock().lines() {{
        let line = line.expect("input");
        let item: serde_json::Value = serde_json::from_str(&line).expect("a JSON line");
        let schema = item["schema"].as_str().unwrap_or_default().to_owned();
        let value = &item["value"];
        let text = value.to_string();
        let result = match schema.as_str() {{
{arms}        _ => Err("no type for this schema".to_owned()),
        }};
        let (verdict, detail) = match result {{
            Ok(again) => match compare::first_difference(value, &again, "$") {{
                None => ("equal", String::new()),
                Some(difference) => ("differs", difference),
            }},
            Err(error) => ("failed", error),
        }};
        let report = serde_json::json!({{"schema": schema, "i": item["i"], "valid": item["valid"], "verdict": verdict, "detail": detail}});
        writeln!(out, "{{report}}").expect("output");
    }}
}}
"#
    )
}

/// The faker's values for `spec`, as JSON lines.
fn fake(spec: &Path) -> String {
    run(Command::new("node")
        .arg(repo_root().join("tests/roundtrip/fake.js"))
        .arg(spec)
        .args(["--seed", SEED, "--count", COUNT, "--validate"]))
}

/// Feeds `values` to `binary`, returning its report lines.
fn judge(binary: &Path, values: &str) -> Vec<Value> {
    let mut child = Command::new(binary)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("harness starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let values = values.to_owned();
    let feeder = std::thread::spawn(move || stdin.write_all(values.as_bytes()));
    let output = child.wait_with_output().expect("harness runs");
    feeder.join().expect("feeder").expect("values written");
    assert!(output.status.success(), "the harness never panics");
    String::from_utf8(output.stdout)
        .expect("UTF-8")
        .lines()
        .map(|line| serde_json::from_str(line).expect("a report line"))
        .collect()
}

/// Why a value that did not round-trip is not a failure of the generated code, when it is
/// not: read off the schema as the spec writes it, and the schemas it refers to.
fn excuse(document: &Value, schema: &Value) -> Option<&'static str> {
    let mut seen = std::collections::HashSet::new();
    let mut pending = vec![schema.to_string()];
    let mut found = None;
    while let Some(text) = pending.pop() {
        let binary = text.contains(r#""format":"binary""#)
            || text.contains(r#""contentMediaType":"application/octet-stream""#);
        if binary {
            // A file (multipart part or download): bytes, not JSON; the faker writes a string.
            return Some("binary");
        }
        if text.contains(r#""type":"date-time""#) {
            // SailPoint's invalid `type: date-time`, which the generator repairs to a date-time
            // string; the faker, reading the type as written, makes an object.
            found = Some("spec defect");
        }
        for reference in text.split(r##""$ref":"#/components/schemas/"##).skip(1) {
            let name = reference.split('"').next().unwrap_or_default().to_owned();
            if seen.insert(name.clone()) {
                let target = &document["components"]["schemas"][name.as_str()];
                pending.push(target.to_string());
            }
        }
    }
    found
}

#[test]
#[ignore = "builds a harness per spec and runs json-schema-faker (Node.js); run by .ci/run"]
fn faker_values_of_every_component_schema_round_trip() {
    let mut report = vec![
        "| spec | schemas | values | equal | faker-invalid (skipped) | binary (not JSON) | spec defect | decode failures | differences |".to_owned(),
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|".to_owned(),
    ];
    let mut problems = Vec::new();
    generated_crates::install_node_packages();
    for (name, spec) in specs() {
        let Some(binary) = harness(&name, &spec) else {
            continue;
        };
        let results = judge(&binary, &fake(&spec));
        let document: Value =
            openapi_gen::parse_document(&spec, &std::fs::read_to_string(&spec).expect("spec"))
                .expect("parses");
        let mut tally = std::collections::BTreeMap::<&str, usize>::new();
        let mut schemas = std::collections::BTreeSet::new();
        for result in &results {
            let schema = result["schema"].as_str().unwrap_or_default();
            schemas.insert(schema.to_owned());
            let verdict = result["verdict"].as_str().unwrap_or_default();
            // A value the faker itself got wrong (ajv rejects it) proves nothing either way.
            let class = if verdict == "equal" {
                "equal"
            } else if result["valid"] == false {
                "faker-invalid"
            } else if let Some(why) = excuse(&document, &document["components"]["schemas"][schema])
            {
                why
            } else {
                problems.push(format!(
                    "{name} {schema} #{}: {verdict} {}",
                    result["i"], result["detail"]
                ));
                verdict
            };
            *tally.entry(class).or_default() += 1;
        }
        let count = |class: &str| tally.get(class).copied().unwrap_or(0);
        report.push(format!(
            "| {name} | {} | {} | {} | {} | {} | {} | {} | {} |",
            schemas.len(),
            results.len(),
            count("equal"),
            count("faker-invalid"),
            count("binary"),
            count("spec defect"),
            count("failed"),
            count("differs")
        ));
    }
    write(
        &repo_root().join("target/roundtrip-problems.txt"),
        &problems.join("\n"),
    );
    let text = report.join("\n");
    write(
        &repo_root().join("target/roundtrip-report.md"),
        &format!("{text}\n"),
    );
    println!("{text}");
    assert!(
        problems.is_empty(),
        "{} values did not round-trip:\n{}",
        problems.len(),
        problems
            .iter()
            .take(60)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
