//! Calls operations of a generated client against a mock server: reads argument lines
//! (`tests/roundtrip/calls.js`) and a plan, sends each planned call through the client and
//! writes one JSON line per call.
//!
//! Usage: `harness BASE_URL ARGUMENTS PLAN...`, each plan entry `PASS:MODE`, PASS `required`
//! (required arguments only) or `all` (every optional one too), MODE `static` or `seed=N`
//! (Prism's dynamic responses, `Prefer: dynamic=true, seed=N`).

mod calls;
mod harness;

use futures_util::StreamExt;
use serde_json::{json, Map, Value};

/// Calls in flight at once.
const CONCURRENCY: usize = 4;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, base_url, arguments, plan @ ..] = args.as_slice() else {
        panic!("usage: harness BASE_URL ARGUMENTS PLAN...");
    };
    let text = std::fs::read_to_string(arguments).expect("arguments file");
    let lines: Vec<Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).expect("an argument line"))
        .collect();
    let schemes = lines
        .iter()
        .find_map(|line| line.get("securitySchemes"))
        .cloned()
        .unwrap_or_default();
    let client = client(base_url, &schemes);
    let mut calls = Vec::new();
    for line in lines.iter().filter(|line| line.get("pointer").is_some()) {
        for entry in plan {
            let (pass, mode) = entry.split_once(':').expect("PASS:MODE");
            let mut merged: Map<String, Value> = line["required"].as_object().cloned().unwrap_or_default();
            if pass == "all" {
                merged.extend(line["optional"].as_object().cloned().unwrap_or_default());
            }
            let prefer = mode
                .strip_prefix("seed=")
                .map(|seed| format!("dynamic=true, seed={seed}"));
            calls.push((line["pointer"].as_str().unwrap().to_owned(), pass, mode, merged, prefer));
        }
    }
    let client = &client;
    let results: Vec<String> = futures_util::stream::iter(calls.iter())
        .map(|(pointer, pass, mode, merged, prefer)| async move {
            let outcome = match calls::dispatch(client, pointer, merged, prefer.as_deref()) {
                None => Err("the client has no such operation".to_owned()),
                Some(call) => call.await,
            };
            let line = match outcome {
                Ok(outcome) => json!({
                    "pointer": pointer, "pass": pass, "mode": mode, "kind": outcome.kind,
                    "status": outcome.status, "violations": outcome.violations,
                    "detail": outcome.detail, "body": outcome.body,
                }),
                Err(message) => json!({
                    "pointer": pointer, "pass": pass, "mode": mode, "kind": "argument",
                    "detail": message,
                }),
            };
            line.to_string()
        })
        .buffered(CONCURRENCY)
        .collect()
        .await;
    for line in results {
        println!("{line}");
    }
    eprintln!("{} operations in the client", calls::OPERATIONS.len());
}

/// A client for the mock: a bearer token, and every API key the spec declares as a header.
fn client(base_url: &str, schemes: &Value) -> api::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    for scheme in schemes.as_object().into_iter().flat_map(|s| s.values()) {
        if scheme["type"] == "apiKey" && scheme["in"] == "header" {
            if let Some(name) = scheme["name"].as_str() {
                headers.insert(
                    reqwest::header::HeaderName::from_bytes(name.as_bytes()).expect("header name"),
                    reqwest::header::HeaderValue::from_static("prism-api-key"),
                );
            }
        }
    }
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .expect("HTTP client");
    api::Client::with_http_client(base_url, http)
        .with_bearer_token("prism-token")
        .allow_insecure_http()
}
