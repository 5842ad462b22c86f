//! Why a call failed, in terms a caller can act on: what the server said, which operation
//! it came from, and never a secret or a query string.

use std::fmt;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// Why a request failed before a response could be decoded. Not generic, so the transport's
/// async code is compiled once, not once per operation; it converts into [`Error`].
#[derive(Debug)]
pub enum Failure {
    /// The request could not be built, or was refused before sending.
    InvalidRequest {
        /// The operation.
        operation: &'static str,
        /// What is wrong.
        message: String,
    },
    /// The request could not be sent or the response could not be read.
    Transport {
        /// The operation.
        operation: &'static str,
        /// The HTTP client's error, its URL without the query.
        source: reqwest::Error,
    },
    /// No access token could be obtained.
    Authentication {
        /// The operation.
        operation: &'static str,
        /// Why not (never a secret).
        message: String,
    },
    /// The response body is larger than the client reads into memory.
    ResponseTooLarge {
        /// The operation.
        operation: &'static str,
        /// The status code.
        status: StatusCode,
        /// The response headers.
        headers: HeaderMap,
        /// The limit in bytes.
        limit: usize,
    },
}

impl Failure {
    /// A transport failure of `operation`, without the request's query string: filters and
    /// search terms (email addresses, names) stay out of error messages and logs. Scheme, host
    /// and path remain.
    pub fn transport(operation: &'static str, mut source: reqwest::Error) -> Self {
        if let Some(url) = source.url_mut() {
            url.set_query(None);
        }
        Failure::Transport { operation, source }
    }
}

impl<E> From<Failure> for Error<E> {
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::InvalidRequest { operation, message } => {
                Error::InvalidRequest { operation, message }
            }
            Failure::Transport { operation, source } => Error::Transport { operation, source },
            Failure::Authentication { operation, message } => {
                Error::Authentication { operation, message }
            }
            Failure::ResponseTooLarge {
                operation,
                status,
                headers,
                limit,
            } => Error::ResponseTooLarge {
                operation,
                status,
                headers,
                limit,
            },
        }
    }
}

/// Why a call failed. `E` is the operation's enum of declared error bodies. Every variant
/// names the operation (its operationId).
#[derive(Debug)]
pub enum Error<E> {
    /// The request could not be built (for example a header value with a newline), or was
    /// refused before sending (plain `http://` to a remote host).
    InvalidRequest {
        /// The operation.
        operation: &'static str,
        /// What is wrong.
        message: String,
    },
    /// The request could not be sent or the response could not be read (refused or reset
    /// connections, timeouts, a body cut short). Its URL has no query.
    Transport {
        /// The operation.
        operation: &'static str,
        /// The HTTP client's error.
        source: reqwest::Error,
    },
    /// No access token could be obtained (client-credentials grant). Never contains secrets.
    Authentication {
        /// The operation that needed the token.
        operation: &'static str,
        /// Why not.
        message: String,
    },
    /// The server answered with an error status the spec declares; `body` is decoded.
    Api {
        /// The operation (its operationId) that failed.
        operation: &'static str,
        /// The status code.
        status: StatusCode,
        /// The response headers (for example `Retry-After`).
        headers: HeaderMap,
        /// The decoded error body.
        body: E,
        /// What the server said, when its body says it in a known shape (see [`server_message`]).
        message: Option<String>,
    },
    /// The server answered with a status the spec does not declare.
    UnexpectedStatus {
        /// The operation (its operationId) that failed.
        operation: &'static str,
        /// The status code.
        status: StatusCode,
        /// The response headers.
        headers: HeaderMap,
        /// The raw body.
        body: bytes::Bytes,
        /// What the server said, when its body says it in a known shape.
        message: Option<String>,
    },
    /// The body did not match the declared schema.
    Decode {
        /// The operation (its operationId) whose response did not decode.
        operation: &'static str,
        /// The status code.
        status: StatusCode,
        /// The response headers.
        headers: HeaderMap,
        /// The raw body.
        body: bytes::Bytes,
        /// Where in the body decoding failed (`items[3].created`).
        path: String,
        /// What went wrong.
        source: serde_json::Error,
    },
    /// The response body is larger than the client reads into memory
    /// (see `with_max_response_bytes` on the client).
    ResponseTooLarge {
        /// The operation.
        operation: &'static str,
        /// The status code.
        status: StatusCode,
        /// The response headers.
        headers: HeaderMap,
        /// The limit in bytes.
        limit: usize,
    },
    /// A listing cannot go on without repeating itself or dropping items: the server answered
    /// a page with the same items as the one before, handed back a next link or cursor it gave
    /// before, or the stream reached its page limit (see `Items::max_pages`).
    Paging {
        /// The operation.
        operation: &'static str,
        /// What happened.
        message: String,
    },
}

impl<E> Error<E> {
    /// The response status, when a response was received.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api { status, .. }
            | Error::UnexpectedStatus { status, .. }
            | Error::Decode { status, .. }
            | Error::ResponseTooLarge { status, .. } => Some(*status),
            Error::Transport { source, .. } => source.status(),
            Error::InvalidRequest { .. } | Error::Authentication { .. } | Error::Paging { .. } => {
                None
            }
        }
    }

    /// The response headers, when a response was received.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Api { headers, .. }
            | Error::UnexpectedStatus { headers, .. }
            | Error::Decode { headers, .. }
            | Error::ResponseTooLarge { headers, .. } => Some(headers),
            _ => None,
        }
    }

    /// The decoded error body, for a declared error status.
    pub fn body(&self) -> Option<&E> {
        match self {
            Error::Api { body, .. } => Some(body),
            _ => None,
        }
    }

    /// What the server said about the error, when its body says it in a known shape.
    pub fn message(&self) -> Option<&str> {
        match self {
            Error::Api { message, .. } | Error::UnexpectedStatus { message, .. } => {
                message.as_deref()
            }
            _ => None,
        }
    }

    /// The operation (operationId) the error came from.
    pub fn operation(&self) -> &'static str {
        match self {
            Error::InvalidRequest { operation, .. }
            | Error::Transport { operation, .. }
            | Error::Authentication { operation, .. }
            | Error::Api { operation, .. }
            | Error::UnexpectedStatus { operation, .. }
            | Error::Decode { operation, .. }
            | Error::ResponseTooLarge { operation, .. }
            | Error::Paging { operation, .. } => operation,
        }
    }
}

/// Writes `error` and the causes under it (`: connection refused`), each once.
fn write_chain(f: &mut fmt::Formatter<'_>, error: &dyn std::error::Error) -> fmt::Result {
    let mut written = error.to_string();
    write!(f, "{written}")?;
    let mut cause = error.source();
    while let Some(next) = cause {
        let text = next.to_string();
        if !written.contains(&text) {
            write!(f, ": {text}")?;
            written.push_str(&text);
        }
        cause = next.source();
    }
    Ok(())
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest { operation, message } => {
                write!(f, "{operation}: invalid request: {message}")
            }
            Error::Transport { operation, source } => {
                write!(f, "{operation}: transport error: ")?;
                write_chain(f, source)
            }
            Error::Authentication { operation, message } => {
                write!(f, "{operation}: authentication failed: {message}")
            }
            Error::Paging { operation, message } => write!(f, "{operation}: {message}"),
            Error::Api {
                operation,
                status,
                message,
                ..
            } => {
                write!(f, "{operation} failed with {status}")?;
                match message {
                    Some(message) => write!(f, ": {message}"),
                    None => Ok(()),
                }
            }
            Error::UnexpectedStatus {
                operation,
                status,
                body,
                message,
                ..
            } => {
                write!(f, "{operation}: unexpected status {status}")?;
                match message {
                    Some(message) => write!(f, ": {message}"),
                    None => write!(f, " ({} bytes of body)", body.len()),
                }
            }
            Error::Decode {
                operation,
                status,
                path,
                source,
                ..
            } => write!(
                f,
                "{operation}: cannot decode {status} response at `{path}`: {source}"
            ),
            Error::ResponseTooLarge {
                operation,
                status,
                limit,
                ..
            } => write!(
                f,
                "{operation}: {status} response body is larger than the limit of {limit} bytes"
            ),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source, .. } => Some(source),
            Error::Decode { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// The longest server message kept, in characters.
const MAX_MESSAGE_CHARS: usize = 1000;

/// What an error body says, in one line, when it is JSON of a known shape: SailPoint's
/// `detailCode`, `messages[].text` and `trackingId`; the common `code`/`error`,
/// `message`/`error_description`/`detail`/`title`; and `requestId`/`traceId`.
pub fn server_message(body: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let object = value.as_object()?;
    let text = |key: &str| {
        object
            .get(key)
            .and_then(serde_json::Value::as_str)
            .map(str::trim)
            .filter(|text| !text.is_empty())
    };
    let mut parts: Vec<String> = Vec::new();
    if let Some(code) = ["detailCode", "code", "error"].into_iter().find_map(&text) {
        parts.push(code.to_owned());
    }
    let mut said: Vec<&str> = object
        .get("messages")
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|m| m.get("text").and_then(serde_json::Value::as_str))
        .map(str::trim)
        .filter(|text| !text.is_empty())
        .collect();
    said.dedup();
    if said.is_empty() {
        said.extend(
            ["message", "error_description", "detail", "title"]
                .into_iter()
                .find_map(&text),
        );
    }
    parts.extend(said.into_iter().map(str::to_owned));
    let tracking = ["trackingId", "requestId", "traceId"]
        .into_iter()
        .find_map(&text)
        .map(|id| format!("(tracking id {id})"));
    parts.extend(tracking);
    if parts.is_empty() {
        return None;
    }
    let joined = parts.join(" — ");
    Some(match joined.char_indices().nth(MAX_MESSAGE_CHARS) {
        Some((cut, _)) => format!("{}…", &joined[..cut]),
        None => joined,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sailpoint_errors_say_what_the_server_said() {
        let body = br#"{"detailCode":"400.1 Bad Request Content","trackingId":"e7eab609",
            "messages":[{"locale":"en-US","localeOrigin":"DEFAULT","text":"offset is invalid."}]}"#;
        let message = server_message(body).unwrap();
        assert_eq!(
            message,
            "400.1 Bad Request Content — offset is invalid. — (tracking id e7eab609)"
        );
        let error: Error<()> = Error::Api {
            operation: "listIdentities",
            status: StatusCode::BAD_REQUEST,
            headers: HeaderMap::new(),
            body: (),
            message: Some(message),
        };
        assert_eq!(
            error.to_string(),
            "listIdentities failed with 400 Bad Request: 400.1 Bad Request Content — offset is \
             invalid. — (tracking id e7eab609)"
        );
    }

    #[test]
    fn common_error_shapes_and_unknown_bodies() {
        assert_eq!(
            server_message(br#"{"error":"JWT validation failed: JWT is expired"}"#).as_deref(),
            Some("JWT validation failed: JWT is expired")
        );
        assert_eq!(
            server_message(br#"{"message":" Rate Limit Exceeded "}"#).as_deref(),
            Some("Rate Limit Exceeded")
        );
        assert_eq!(server_message(b"<html>oops</html>"), None);
        assert_eq!(server_message(br#"{"unrelated":1}"#), None);
        assert_eq!(server_message(br#"[1,2]"#), None);
        let long = format!(r#"{{"message":"{}"}}"#, "é".repeat(5000));
        assert_eq!(
            server_message(long.as_bytes()).unwrap().chars().count(),
            MAX_MESSAGE_CHARS + 1
        );
    }

    #[test]
    fn unexpected_statuses_name_the_operation() {
        let error: Error<()> = Error::UnexpectedStatus {
            operation: "getIdentity",
            status: StatusCode::IM_A_TEAPOT,
            headers: HeaderMap::new(),
            body: bytes::Bytes::from_static(b"short"),
            message: None,
        };
        assert_eq!(
            error.to_string(),
            "getIdentity: unexpected status 418 I'm a teapot (5 bytes of body)"
        );
        assert_eq!(error.operation(), "getIdentity");
    }
}
