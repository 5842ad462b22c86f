//! What the generated call dispatcher (`calls.rs`, from `openapi_gen::call_dispatcher`) needs:
//! arguments as JSON decoded into the client's argument types, and each call's outcome.

use std::future::Future;
use std::pin::Pin;

use api::runtime;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// An operation's arguments by key (`path:id`, `query:limit`, `body:application/json`).
pub type Arguments = Map<String, Value>;

/// A call in flight.
pub type Call<'a> = Pin<Box<dyn Future<Output = Result<Outcome, String>> + 'a>>;

/// How a call went.
pub struct Outcome {
    /// `decoded` (a success body decoded), `error-decoded` (a declared error, decoded),
    /// `unexpected-status`, `decode-failure` or `error`.
    pub kind: &'static str,
    /// The response status, when there was a response.
    pub status: Option<u16>,
    /// Prism's `sl-violations` header, when it sent one.
    pub violations: Option<String>,
    /// The error, or the body of an undeclared status.
    pub detail: Option<String>,
    /// The whole body that did not decode.
    pub body: Option<String>,
}

/// The argument at `key`, which must be given.
pub fn argument<T: DeserializeOwned>(args: &Arguments, key: &str) -> Result<T, String> {
    optional(args, key)?.ok_or_else(|| format!("no {key} given"))
}

/// The argument at `key`, if given, decoded into the client's argument type.
pub fn optional<T: DeserializeOwned>(args: &Arguments, key: &str) -> Result<Option<T>, String> {
    match args.get(key) {
        None => Ok(None),
        Some(value) => T::deserialize(value)
            .map(Some)
            .map_err(|error| format!("{key}: {value} does not decode into the argument type: {error}")),
    }
}

/// The outcome of a sent request.
pub fn outcome<T, E>(result: Result<runtime::ResponseValue<T>, runtime::Error<E>>) -> Outcome {
    match result {
        Ok(response) => Outcome {
            kind: "decoded",
            status: Some(response.status.as_u16()),
            violations: violations(&response.headers),
            detail: None,
            body: None,
        },
        Err(error) => {
            let (kind, detail) = match &error {
                runtime::Error::Api { .. } => ("error-decoded", None),
                runtime::Error::UnexpectedStatus { body, .. } => (
                    "unexpected-status",
                    Some(String::from_utf8_lossy(body).into_owned()),
                ),
                runtime::Error::Decode { path, source, body, .. } => (
                    "decode-failure",
                    Some(format!(
                        "at {path}: {source}; body: {}",
                        brief(&String::from_utf8_lossy(body))
                    )),
                ),
                _ => ("error", Some(error.to_string())),
            };
            let body = match &error {
                runtime::Error::Decode { body, .. } => Some(String::from_utf8_lossy(body).into_owned()),
                _ => None,
            };
            Outcome {
                kind,
                status: error.status().map(|status| status.as_u16()),
                violations: error.headers().and_then(violations),
                detail,
                body,
            }
        }
    }
}

fn violations(headers: &reqwest::header::HeaderMap) -> Option<String> {
    headers
        .get("sl-violations")
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
}

fn brief(text: &str) -> String {
    match text.char_indices().nth(600) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}
