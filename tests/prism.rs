//! Every operation called through the generated client against Prism, an independent mock
//! server and validator (`@stoplight/prism-cli`, pinned in `tests/roundtrip/package-lock.json`).
//!
//! For each spec below: `tests/roundtrip/calls.js` chooses arguments for every operation from
//! the spec's own examples and defaults, else from json-schema-faker (so the values come from
//! outside the generator); a harness (`tests/prism/`) calls each operation through the client
//! with `openapi_gen::call_dispatcher`, first with the required arguments only, then with every
//! optional one too, with Prism's static examples and with its dynamic responses over several
//! seeds. A call passes when Prism reports no request violation and the response decodes into
//! the generated types. Calls that fail for a reason outside the client are set aside with the
//! reason (see [`excuse`]); the counts go to `target/prism-report.md`.

#[path = "support/generated_crates.rs"]
mod generated_crates;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use generated_crates::{run, write};
use serde_json::Value;
use workspace_tests::repo_root;

/// What each operation is called with: every pass with Prism's static example and dynamic
/// responses of several seeds.
const PLAN: &[&str] = &[
    "required:static",
    "required:seed=1",
    "required:seed=2",
    "all:static",
    "all:seed=3",
];

/// The specs checked: the product's own, SailPoint's full v2024 and five public specs of other
/// kinds (OAuth2 and API keys, discriminators, form bodies, nullable `anyOf`, OpenAPI 3.1).
fn specs() -> Vec<(String, PathBuf)> {
    let corpus = repo_root().join("tests/corpus");
    let mut specs = vec![
        ("spec-v2024".to_owned(), repo_root().join("spec/v2024.yaml")),
        ("spec-cc".to_owned(), repo_root().join("spec/cc.yaml")),
        // Named as in the corpus, so the round-trip test's client of it is this one.
        ("v2024".to_owned(), corpus.join("sailpoint/v2024.yaml")),
    ];
    for name in [
        "petstore3.yaml",
        "spotify-web-api.yaml",
        "ory-kratos-api.json",
        "qdrant-api.json",
        "lago-api.yaml",
    ] {
        let stem = name.split('.').next().unwrap().to_owned();
        specs.push((stem, corpus.join("public").join(name)));
    }
    let only = std::env::var("PRISM_ONLY").unwrap_or_default();
    specs.retain(|(name, _)| name.contains(&only));
    specs
}

/// Builds the call harness for `spec` and returns its binary. One at a time: the tests of
/// this file share the harness of `spec/v2024.yaml`, and one must not rewrite its files while
/// cargo builds them for the other.
fn harness(name: &str, spec: &Path) -> PathBuf {
    static BUILDING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = BUILDING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let (package, client) = generated_crates::client(name, spec);
    let root = repo_root().join("target/corpus/prism").join(name);
    let harness = format!("{package}-calls");
    write(
        &root.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"{harness}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
             [dependencies]\n# The client, as `api`.\napi = {{ package = \"{package}\", path = {client:?} }}\nserde = \"1\"\nserde_json = \"1\"\n\
             futures-util = {{ version = \"0.3\", default-features = false }}\n\
             chrono = {{ version = \"0.4\", default-features = false, features = [\"serde\", \"std\"] }}\n\
             bytes = \"1\"\n\
             reqwest = {{ version = \"0.12\", default-features = false }}\n\
             tokio = {{ version = \"1\", features = [\"rt-multi-thread\", \"macros\"] }}\n\n[workspace]\n"
        ),
    );
    let source =
        |file: &str| std::fs::read_to_string(repo_root().join("tests/prism").join(file)).unwrap();
    write(&root.join("src/main.rs"), &source("main.rs"));
    write(&root.join("src/harness.rs"), &source("harness.rs"));
    let calls = openapi_gen::call_dispatcher(spec).expect("a dispatcher");
    write(&root.join("src/calls.rs"), &calls);
    generated_crates::build_harness(&root, &harness)
}

/// The arguments `calls.js` chooses for every operation of `spec`, written to a file.
fn arguments(name: &str, spec: &Path) -> PathBuf {
    let text = run(Command::new("node")
        .arg(repo_root().join("tests/roundtrip/calls.js"))
        .arg(spec)
        .args(["--seed", "1"]));
    let file = repo_root()
        .join("target/corpus/prism")
        .join(name)
        .join("arguments.jsonl");
    write(&file, &text);
    file
}

/// The argument lines of a file `arguments` wrote, by operation pointer.
fn argument_lines(file: &Path) -> Lines {
    std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).expect("an argument line"))
        .filter_map(|line| Some((line["pointer"].as_str()?.to_owned(), line)))
        .collect()
}

/// A running Prism mock server, stopped (with its process group) when dropped.
struct Prism {
    child: Child,
    url: String,
}

impl Prism {
    /// Starts `prism mock` on `spec` on a free loopback port and waits until it listens.
    fn start(spec: &Path) -> Prism {
        let mut child = Command::new(repo_root().join("tests/roundtrip/node_modules/.bin/prism"))
            .args(["mock", "-p", "0", "--host", "127.0.0.1"])
            // Prism's dynamic bodies otherwise carry random undeclared properties.
            .arg("--json-schema-faker-fillProperties=false")
            .arg(spec)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("prism starts");
        let stdout = child.stdout.take().expect("stdout");
        let (ready, listening) = mpsc::channel();
        // Prism logs every request; the thread reads its output to the end so it never blocks.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(at) = line.find("Prism is listening on ") {
                    let url = line[at + "Prism is listening on ".len()..]
                        .trim()
                        .to_owned();
                    let _ = ready.send(url);
                }
            }
        });
        let url = listening
            .recv_timeout(Duration::from_secs(180))
            .unwrap_or_else(|_| panic!("Prism did not start on {}", spec.display()));
        Prism { child, url }
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        // Prism runs as one process (no `--multiprocess`). No `kill` command with a negative
        // pid here: this machine's `kill -TERM -PID` signalled every process (`kill(-1)`).
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The request violations Prism reported for a call: its `sl-violations` entries located in
/// the request, or the `validation` entries of its own 422/401 problem response.
fn request_violations(call: &Value) -> Vec<String> {
    let mut found = Vec::new();
    if let Some(header) = call["violations"].as_str() {
        match serde_json::from_str::<Vec<Value>>(header) {
            Ok(entries) => found.extend(
                entries
                    .iter()
                    // Warnings (a deprecated parameter) are not violations.
                    .filter(|e| e["location"][0] == "request" && e["severity"] == "Error")
                    .map(|e| format!("{}: {}", e["location"], e["message"])),
            ),
            // Prism cuts a long list to 8,092 characters, which is no longer JSON.
            Err(_) if header.contains("\"request\"") => {
                found.push(header.chars().take(300).collect())
            }
            Err(_) => {}
        }
    }
    if call["kind"] == "unexpected-status" {
        if let Ok(problem) = serde_json::from_str::<Value>(call["detail"].as_str().unwrap_or("")) {
            let prism_type = problem["type"].as_str().unwrap_or("");
            // UNKNOWN is Prism failing, NO_PATH_MATCHED_ERROR a path Prism does not route.
            let routing_or_crash =
                prism_type.ends_with("#UNKNOWN") || prism_type.ends_with("#NO_PATH_MATCHED_ERROR");
            if prism_type.contains("stoplight.io/prism/errors#") && !routing_or_crash {
                let entries = problem["validation"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                if entries.is_empty() {
                    found.push(format!("{prism_type}: {}", problem["detail"]));
                }
                // Its locations leave out the leading "request" the header's have.
                found.extend(entries.iter().map(|e| {
                    let mut location = vec![Value::from("request")];
                    location.extend(e["location"].as_array().cloned().unwrap_or_default());
                    format!("{}: {}", Value::from(location), e["message"])
                }));
            }
        }
    }
    found
}

/// Whether Prism said the body it served breaks the spec's own schema.
fn response_violated(call: &Value) -> bool {
    let Some(header) = call["violations"].as_str() else {
        return false;
    };
    match serde_json::from_str::<Vec<Value>>(header) {
        Ok(entries) => entries.iter().any(|e| e["location"][0] == "response"),
        Err(_) => header.contains("[\"response\""),
    }
}

/// What the spec says about the operations, from `calls.js`: each argument line by pointer.
type Lines = BTreeMap<String, Value>;

/// Whether `calls.js` noted a defect of kind `key` for the operation (a non-empty list).
fn noted(notes: &Value, key: &str) -> bool {
    notes[key].as_array().is_some_and(|list| !list.is_empty())
}

/// Why Prism's request violation `violation` is no fault of the client, if it is not: a
/// defect of the spec, found in the spec by `calls.js` (`notes`).
fn violation_excuse(violation: &str, line: &Value) -> Option<&'static str> {
    let notes = &line["notes"];
    let listed = |key: &str, name: &str| {
        notes[key].as_array().is_some_and(|names| {
            names
                .iter()
                .any(|n| n.as_str().is_some_and(|n| n.eq_ignore_ascii_case(name)))
        })
    };
    if let Some(rest) = violation
        .strip_prefix("[\"request\",\"path\"]: \"Request path must have required property '")
    {
        let name = rest.split('\'').next().unwrap_or("");
        if listed("unplacedPathParameters", name) {
            return Some("spec: a path parameter has no placeholder in the path template, so no request can carry it where Prism looks (SailPoint's `{id}` for `filterId`; the client sends it in the placeholder)");
        }
    }
    if violation.contains("Invalid security scheme used")
        && noted(notes, "undefinedSecuritySchemes")
    {
        return Some("spec: the operation's security requirement names a scheme `components.securitySchemes` does not define, which no request satisfies");
    }
    let location: Vec<String> =
        serde_json::from_str(violation.split(": ").next().unwrap_or("[]")).unwrap_or_default();
    let rejected = |key: &str| {
        line["sources"][key]
            .as_str()
            .is_some_and(|s| s.contains("schema rejects it"))
    };
    let keys: Vec<&str> = line["required"]
        .as_object()
        .into_iter()
        .chain(line["optional"].as_object())
        .flat_map(|m| m.keys().map(String::as_str))
        .collect();
    let about = |key: &str| match location.as_slice() {
        [_, place, ..] if place == "body" => key.starts_with("body:"),
        [_, place, name, ..] => key.eq_ignore_ascii_case(&format!("{place}:{name}")),
        [_] => key.starts_with("body:") && violation.contains("Body parameter is required"),
        _ => false,
    };
    if keys.iter().any(|key| about(key) && rejected(key)) {
        return Some("calls.js found no value the schema accepts (neither the spec's examples nor json-schema-faker's values pass ajv: a required property the schema does not declare, or branches no value satisfies), so it sent its best try");
    }
    let multipart = keys.contains(&"body:multipart/form-data");
    let json_part =
        violation.ends_with("must be object\"") || violation.ends_with("must be array\"");
    if multipart && location.get(1).is_some_and(|place| place == "body") && json_part {
        return Some("Prism: it reads every multipart/form-data part as text, so a JSON part (an object or list, `application/json` by OpenAPI's default encoding) fails its schema");
    }
    if violation.starts_with("[\"request\",\"body\"]") && noted(notes, "ambiguousBodies") {
        return Some("spec: the body satisfies several `oneOf` branches (they overlap, and JSON Schema's `oneOf` wants exactly one; the discriminator, which Prism's validator ignores, would pick one)");
    }
    None
}

/// Why a call that did not pass is set aside rather than failed, if it is: a fault of the
/// spec or of Prism, named. `body_valid` is ajv's verdict on a body that did not decode.
fn excuse(
    call: &Value,
    violations: &[String],
    line: &Value,
    body_valid: Option<bool>,
) -> Option<&'static str> {
    if !violations.is_empty() {
        let reasons: Vec<Option<&'static str>> = violations
            .iter()
            .map(|v| violation_excuse(v, line))
            .collect();
        return reasons
            .iter()
            .all(Option::is_some)
            .then(|| reasons[0])
            .flatten();
    }
    let detail = call["detail"].as_str().unwrap_or("");
    if call["kind"] == "decode-failure" && (response_violated(call) || body_valid == Some(false)) {
        return Some("spec: the body Prism served (the spec's example, or one made from its schema) breaks the spec's own schema (Prism's sl-violations, or ajv)");
    }
    if detail.contains("stoplight.io/prism/errors#UNKNOWN")
        || call["body"]
            .as_str()
            .is_some_and(|b| b.contains("stoplight.io/prism/errors#UNKNOWN"))
    {
        return Some("Prism: its json-schema-faker crashed making the body (500 UNKNOWN)");
    }
    if detail.contains("stoplight.io/prism/errors#NO_PATH_MATCHED_ERROR")
        && noted(&line["notes"], "literalPathSegments")
    {
        return Some("spec: a path parameter is written as a literal segment (`/bulk-update/id`); the client fills it in, Prism routes only the literal path");
    }
    None
}

/// The tally of one spec.
#[derive(Default)]
struct Tally {
    operations: usize,
    calls: usize,
    passed: usize,
    request_violations: usize,
    decode_failures: usize,
    other_failures: usize,
    response_violations: usize,
    excused: BTreeMap<&'static str, usize>,
    failures: Vec<String>,
}

/// Counts `calls`; `verdicts` holds ajv's verdict on each body that did not decode, by call index.
fn tally(name: &str, calls: &[Value], lines: &Lines, verdicts: &BTreeMap<usize, bool>) -> Tally {
    let mut tally = Tally {
        operations: lines.len(),
        calls: calls.len(),
        ..Tally::default()
    };
    for (i, call) in calls.iter().enumerate() {
        if response_violated(call) {
            tally.response_violations += 1;
        }
        let violations = request_violations(call);
        let kind = call["kind"].as_str().unwrap_or("");
        let failed = !violations.is_empty() || !matches!(kind, "decoded" | "error-decoded");
        if !failed {
            tally.passed += 1;
            continue;
        }
        let line = &lines[call["pointer"].as_str().unwrap_or("")];
        if let Some(reason) = excuse(call, &violations, line, verdicts.get(&i).copied()) {
            *tally.excused.entry(reason).or_default() += 1;
            continue;
        }
        if !violations.is_empty() {
            tally.request_violations += 1;
        } else if kind == "decode-failure" {
            tally.decode_failures += 1;
        } else {
            tally.other_failures += 1;
        }
        tally.failures.push(format!(
            "{name} {} [{} {}] {kind} {}: {}{}",
            call["pointer"].as_str().unwrap_or(""),
            call["pass"].as_str().unwrap_or(""),
            call["mode"].as_str().unwrap_or(""),
            call["status"],
            violations.join("; "),
            call["detail"]
                .as_str()
                .map(|d| format!(" {d}"))
                .unwrap_or_default(),
        ));
    }
    tally
}

/// ajv's verdict (`calls.js --judge`) on every body of `calls` that did not decode: whether it
/// is valid for the schema the spec declares for its status.
fn judge(spec: &Path, calls: &[Value]) -> BTreeMap<usize, bool> {
    let failed: Vec<(usize, &Value)> = calls
        .iter()
        .enumerate()
        .filter(|(_, call)| call["kind"] == "decode-failure")
        .collect();
    if failed.is_empty() {
        return BTreeMap::new();
    }
    let input: String = failed
        .iter()
        .map(|(_, call)| {
            format!(
                "{}\n",
                serde_json::json!({"pointer": call["pointer"], "status": call["status"], "body": call["body"]})
            )
        })
        .collect();
    let mut child = Command::new("node")
        .arg(repo_root().join("tests/roundtrip/calls.js"))
        .arg(spec)
        .arg("--judge")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer =
        std::thread::spawn(move || std::io::Write::write_all(&mut stdin, input.as_bytes()));
    let output = child.wait_with_output().expect("judge runs");
    writer.join().unwrap().expect("judge reads its input");
    assert!(output.status.success(), "calls.js --judge failed");
    let verdicts: Vec<Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("a verdict"))
        .collect();
    assert_eq!(verdicts.len(), failed.len(), "a verdict per body");
    failed
        .iter()
        .zip(verdicts)
        .map(|((i, _), verdict)| (*i, verdict["valid"] == true))
        .collect()
}

fn report(tallies: &[(String, Tally)]) -> String {
    let mut text = String::from(
        "| spec | operations | calls | passed | request violations | decode failures | other failures | set aside | Prism response violations (spec's examples) |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for (name, t) in tallies {
        text.push_str(&format!(
            "| {name} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            t.operations,
            t.calls,
            t.passed,
            t.request_violations,
            t.decode_failures,
            t.other_failures,
            t.excused.values().sum::<usize>(),
            t.response_violations,
        ));
    }
    text.push_str("\nSet aside:\n\n");
    for (name, t) in tallies {
        for (reason, count) in &t.excused {
            text.push_str(&format!("- {name}: {count} calls: {reason}\n"));
        }
    }
    text
}

#[test]
#[ignore = "builds a client per spec and runs Prism (minutes); run by .ci/run through --include-ignored"]
fn every_operation_passes_prism_validation_and_its_responses_decode() {
    generated_crates::install_node_packages();
    let mut tallies = Vec::new();
    for (name, spec) in specs() {
        let binary = harness(&name, &spec);
        let arguments = arguments(&name, &spec);
        let lines = argument_lines(&arguments);
        let prism = Prism::start(&spec);
        let output = run(Command::new(&binary)
            .arg(&prism.url)
            .arg(&arguments)
            .args(PLAN));
        drop(prism);
        write(&arguments.with_file_name("results.jsonl"), &output);
        let calls: Vec<Value> = output
            .lines()
            .map(|line| serde_json::from_str(line).expect("a result line"))
            .collect();
        assert_eq!(
            calls.len(),
            lines.len() * PLAN.len(),
            "{name}: a result per call"
        );
        let verdicts = judge(&spec, &calls);
        let tally = tally(&name, &calls, &lines, &verdicts);
        eprintln!(
            "{name}: {} operations, {} calls, {} passed, {} failed",
            tally.operations,
            tally.calls,
            tally.passed,
            tally.failures.len()
        );
        tallies.push((name, tally));
    }
    let text = report(&tallies);
    std::fs::write(repo_root().join("target/prism-report.md"), &text).unwrap();
    let failures: Vec<&String> = tallies.iter().flat_map(|(_, t)| &t.failures).collect();
    std::fs::write(
        repo_root().join("target/prism-failures.txt"),
        failures
            .iter()
            .map(|f| format!("{f}\n"))
            .collect::<String>(),
    )
    .unwrap();
    assert!(
        failures.is_empty(),
        "{text}\n{} calls failed (all in target/prism-failures.txt):\n{}",
        failures.len(),
        failures
            .iter()
            .take(40)
            .map(|f| format!("{f}\n"))
            .collect::<String>()
    );
}

/// The check can fail: a request the spec forbids (`limit=999`, where `listIdentities` allows at
/// most 250; the client does not check ranges) is reported as a request violation.
#[test]
#[ignore = "builds a client and runs Prism; run by .ci/run through --include-ignored"]
fn a_request_the_spec_forbids_is_reported() {
    generated_crates::install_node_packages();
    let spec = repo_root().join("spec/v2024.yaml");
    let binary = harness("spec-v2024", &spec);
    let arguments = repo_root().join("target/corpus/prism/forbidden-arguments.jsonl");
    write(
        &arguments,
        &format!(
            "{}\n",
            serde_json::json!({
                "pointer": "#/paths/~1identities/get",
                "required": {},
                "optional": {"query:limit": 999},
            })
        ),
    );
    let prism = Prism::start(&spec);
    let output = run(Command::new(&binary)
        .arg(&prism.url)
        .arg(&arguments)
        .args(["required:static", "all:static"]));
    let calls: Vec<Value> = output
        .lines()
        .map(|line| serde_json::from_str(line).expect("a result line"))
        .collect();
    assert_eq!(
        request_violations(&calls[0]),
        Vec::<String>::new(),
        "{:?}",
        calls[0]
    );
    let violations = request_violations(&calls[1]);
    assert!(
        violations.len() == 1 && violations[0].contains("limit must be <= 250"),
        "{:?}",
        calls[1]
    );
    let lines = argument_lines(&arguments);
    let tally = tally("spec-v2024", &calls, &lines, &BTreeMap::new());
    assert_eq!((tally.passed, tally.request_violations), (1, 1));
}
