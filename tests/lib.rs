//! Shared paths and HTTP helpers for the workspace tests (the tests themselves are the
//! `[[test]]` targets).

use std::path::PathBuf;

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

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

/// Every spec of the corpus, as (name, file), in a fixed order.
pub fn corpus() -> Vec<(String, PathBuf)> {
    let mut specs = Vec::new();
    for dir in ["sailpoint", "public"] {
        let dir = repo_root().join("tests/corpus").join(dir);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("corpus directory")
            .map(|entry| entry.expect("entry").path())
            .filter(|p| {
                matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("yaml" | "json")
                )
            })
            .collect();
        files.sort();
        for file in files {
            let name = file
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("UTF-8 name")
                .to_owned();
            specs.push((name, file));
        }
    }
    specs
}

/// The crate the generator writes for `specs`, named `crate_name`, with the default options.
pub fn generate_crate(specs: &[PathBuf], crate_name: &str) -> openapi_gen::Generated {
    let mut builder = openapi_gen::Builder::new();
    for spec in specs {
        builder.spec(spec);
    }
    builder
        .crate_name(crate_name)
        .crate_files()
        .expect("generates")
}

/// A file under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests").join("fixtures").join(name)
}

/// A server on loopback that answers every request with `response`.
pub async fn serve(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// The one request `server` received; fails if there were more or none.
pub async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "exactly one request is sent");
    requests.remove(0)
}

/// The values of header `name` in `request`, in order.
pub fn header(request: &Request, name: &str) -> Vec<String> {
    request
        .headers
        .get_all(name)
        .iter()
        .map(|v| v.to_str().expect("ASCII header").to_owned())
        .collect()
}

/// The README's Rust examples, compiled as doctests so they cannot go stale.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
