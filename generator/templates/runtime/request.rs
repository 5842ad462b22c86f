//! Building requests: parameters in the path, query, headers and cookies, and bodies.

use std::fmt;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT};
use reqwest::Method;
use serde::Serialize;

use super::{Multipart, RetryPolicy};

/// A value that can be sent as a path segment, query value or header value: anything that
/// serializes. Strings go as they are, lists as comma-separated items (OpenAPI's `simple`
/// style), other values as their JSON text (`true`, `42`, a timestamp's RFC 3339 text).
pub trait ToParam {
    /// The text form of the value.
    fn to_param(&self) -> String;
}

impl<T: Serialize + ?Sized> ToParam for T {
    fn to_param(&self) -> String {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::Array(items)) => items
                .into_iter()
                .map(json_text)
                .collect::<Vec<_>>()
                .join(","),
            Ok(value) => json_text(value),
            Err(_) => String::new(),
        }
    }
}

/// Percent-encodes a value for use as one path segment.
pub fn path_segment(value: &impl ToParam) -> String {
    let text = value.to_param();
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A request being built; problems are kept and reported when it is sent. Its `Debug` output
/// names query parameters and headers but shows none of their values.
#[derive(Clone)]
pub struct Request {
    pub(super) operation: &'static str,
    pub(super) method: Method,
    pub(super) template: &'static str,
    pub(super) url: String,
    pub(super) query: Vec<(String, String)>,
    pub(super) headers: HeaderMap,
    pub(super) cookies: Vec<String>,
    pub(super) body: Option<(HeaderValue, Vec<u8>)>,
    pub(super) retry: Option<RetryPolicy>,
    pub(super) error: Option<String>,
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let query: Vec<&str> = self.query.iter().map(|(name, _)| name.as_str()).collect();
        let headers: Vec<&str> = self.headers.keys().map(HeaderName::as_str).collect();
        f.debug_struct("Request")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("path", &self.template)
            .field("query", &query)
            .field("headers", &headers)
            .finish_non_exhaustive()
    }
}

/// What a caller adds to a request beyond the spec: query parameters and headers the spec
/// forgot, and a choice among the representations an operation offers. Its `Debug` output
/// names the headers but not their values, which may be credentials.
#[derive(Clone, Default)]
pub struct Extras {
    accept: Option<String>,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    retry: Option<RetryPolicy>,
}

impl fmt::Debug for Extras {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("Extras")
            .field("accept", &self.accept)
            .field("query", &self.query)
            .field("headers", &headers)
            .field("retry", &self.retry)
            .finish()
    }
}

impl Extras {
    /// Adds a query parameter.
    pub fn query(&mut self, name: String, value: String) {
        self.query.push((name, value));
    }

    /// Adds a header.
    pub fn header(&mut self, name: String, value: String) {
        self.headers.push((name, value));
    }

    /// Replaces the `Accept` header.
    pub fn accept(&mut self, media_type: String) {
        self.accept = Some(media_type);
    }

    /// Retries this request as `policy` says instead of the client's policy.
    pub fn retry(&mut self, policy: RetryPolicy) {
        self.retry = Some(policy);
    }
}

impl Request {
    /// A request for `operation` to the full `url`; see [`Transport::request`](super::Transport::request).
    pub fn new(
        operation: &'static str,
        method: Method,
        template: &'static str,
        url: String,
    ) -> Self {
        Request {
            operation,
            method,
            template,
            url,
            query: Vec::new(),
            headers: HeaderMap::new(),
            cookies: Vec::new(),
            body: None,
            retry: None,
            error: None,
        }
    }

    /// Retries this request as `policy` says instead of the client's policy.
    pub fn retry_policy(&mut self, policy: RetryPolicy) {
        self.retry = Some(policy);
    }

    /// Replaces the URL and drops the query, for following a `next` link: `url` may be
    /// absolute or relative to the current URL.
    pub fn set_url(&mut self, url: &str) {
        match reqwest::Url::parse(&self.url).and_then(|base| base.join(url)) {
            Ok(joined) => self.url = joined.into(),
            Err(e) => self.fail(format!("next link is not a URL: {e}")),
        }
        self.query.clear();
    }

    /// Adds what the caller set beyond the spec; its headers are added after the declared ones.
    pub fn extend(&mut self, extras: Extras) {
        if extras.retry.is_some() {
            self.retry = extras.retry;
        }
        if let Some(media_type) = extras.accept {
            self.accept(&media_type);
        }
        self.query.extend(extras.query);
        for (name, value) in extras.headers {
            match (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(&value),
            ) {
                (Ok(name), Ok(value)) => {
                    self.headers.append(name, value);
                }
                _ => self.fail(format!("header `{name}` has an invalid name or value")),
            }
        }
    }

    /// Adds a cookie (sent in one `Cookie` header with the others).
    pub fn cookie(&mut self, name: &str, value: &impl ToParam) {
        let value = value.to_param();
        if value.contains([';', '\r', '\n']) || name.contains([';', '=', '\r', '\n']) {
            return self.fail(format!("cookie `{name}` has an invalid name or value"));
        }
        self.cookies.push(format!("{name}={value}"));
    }

    /// Adds `name=value` to the query string.
    pub fn query(&mut self, name: &str, value: &impl ToParam) {
        self.query.push((name.to_owned(), value.to_param()));
    }

    /// Adds a list to the query string: `name=a&name=b` without a delimiter, else the items
    /// joined (`name=a,b`, `name=a|b`, `name=a b`).
    pub fn query_list<T: Serialize>(&mut self, name: &str, values: &[T], delimiter: Option<&str>) {
        match delimiter {
            None => {
                for value in values {
                    self.query(name, value);
                }
            }
            Some(delimiter) => {
                let joined: Vec<String> = values.iter().map(|v| v.to_param()).collect();
                self.query.push((name.to_owned(), joined.join(delimiter)));
            }
        }
    }

    /// Adds an object to the query string: `name[key]=value` pairs (`deep`, OpenAPI
    /// `deepObject`), `key=value` pairs (`explode`), or `name=key,value,...`. Nested values are
    /// written as JSON text.
    pub fn query_object(&mut self, name: &str, value: &impl Serialize, deep: bool, explode: bool) {
        let value = match serde_json::to_value(value) {
            Ok(value) => value,
            Err(e) => return self.fail(format!("query parameter `{name}`: {e}")),
        };
        let serde_json::Value::Object(map) = value else {
            if !value.is_null() {
                self.query.push((name.to_owned(), json_text(value)));
            }
            return;
        };
        let entries = map.into_iter().filter(|(_, v)| !v.is_null());
        if deep {
            for (key, value) in entries {
                self.query
                    .push((format!("{name}[{key}]"), json_text(value)));
            }
        } else if explode {
            for (key, value) in entries {
                self.query.push((key, json_text(value)));
            }
        } else {
            let joined: Vec<String> = entries.flat_map(|(k, v)| [k, json_text(v)]).collect();
            self.query.push((name.to_owned(), joined.join(",")));
        }
    }

    /// Sets a request header.
    pub fn header(&mut self, name: &str, value: &impl ToParam) {
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&value.to_param()),
        ) {
            (Ok(name), Ok(value)) => {
                self.headers.insert(name, value);
            }
            _ => self.fail(format!("header `{name}` has an invalid name or value")),
        }
    }

    /// Sets a request header to a structured value as JSON text.
    pub fn header_json(&mut self, name: &str, value: &impl Serialize) {
        match serde_json::to_string(value) {
            Ok(text) => self.header(name, &text),
            Err(e) => self.fail(format!("header `{name}`: {e}")),
        }
    }

    /// Sets the `Accept` header.
    pub fn accept(&mut self, media_type: &str) {
        self.header(ACCEPT.as_str(), &media_type);
    }

    /// Sends `body` as JSON with the given content type.
    pub fn json(&mut self, content_type: &str, body: &impl Serialize) {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.raw(content_type, bytes),
            Err(e) => self.fail(format!("request body: {e}")),
        }
    }

    /// Sends `body` as-is with the given content type.
    pub fn raw(&mut self, content_type: &str, body: impl Into<Vec<u8>>) {
        match HeaderValue::from_str(content_type) {
            Ok(value) => self.body = Some((value, body.into())),
            Err(_) => self.fail(format!("invalid content type `{content_type}`")),
        }
    }

    /// Sends `body` as `application/x-www-form-urlencoded`: one pair per property, lists as
    /// repeated pairs, nested objects as JSON text.
    pub fn form(&mut self, body: &impl Serialize) {
        let value = match serde_json::to_value(body) {
            Ok(value) => value,
            Err(e) => return self.fail(format!("request body: {e}")),
        };
        let mut pairs = Vec::new();
        if let serde_json::Value::Object(map) = value {
            for (name, value) in map {
                match value {
                    serde_json::Value::Null => {}
                    serde_json::Value::Array(items) => pairs.extend(
                        items
                            .into_iter()
                            .map(|item| (name.clone(), json_text(item))),
                    ),
                    other => pairs.push((name, json_text(other))),
                }
            }
        }
        let encoded: Vec<String> = pairs
            .iter()
            .map(|(name, value)| format!("{}={}", form_encode(name), form_encode(value)))
            .collect();
        self.raw("application/x-www-form-urlencoded", encoded.join("&"));
    }

    /// Sends a `multipart/form-data` body.
    pub fn multipart(&mut self, form: Multipart) {
        let (content_type, body) = form.encode();
        self.raw(&content_type, body);
    }

    fn fail(&mut self, message: String) {
        self.error.get_or_insert(message);
    }
}

/// A JSON value as form text: strings bare, everything else as JSON.
pub(super) fn json_text(value: serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text,
        other => other.to_string(),
    }
}

/// `application/x-www-form-urlencoded` encoding of one name or value.
pub(super) fn form_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b' ' => out.push('+'),
            b if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'*') => {
                out.push(char::from(b))
            }
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> Request {
        Request::new(
            "listIdentities",
            Method::GET,
            "/identities",
            "https://tenant.example.com/v2024/identities".to_owned(),
        )
    }

    #[test]
    fn values_become_text_and_path_segments_are_escaped() {
        assert_eq!("a b".to_param(), "a b");
        assert_eq!(true.to_param(), "true");
        assert_eq!(vec!["a", "b"].to_param(), "a,b");
        assert_eq!(path_segment(&"a/b c?"), "a%2Fb%20c%3F");
        assert_eq!(form_encode("a b&c=é"), "a+b%26c%3D%C3%A9");
    }

    #[test]
    fn query_styles() {
        let mut request = request();
        request.query_list("ids", &["a", "b"], None);
        request.query_list("tags", &["x", "y"], Some("|"));
        request.query_object("f", &serde_json::json!({"a": 1, "b": null}), true, true);
        let pairs: Vec<(&str, &str)> = request
            .query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [("ids", "a"), ("ids", "b"), ("tags", "x|y"), ("f[a]", "1")]
        );
    }

    #[test]
    fn bad_headers_are_kept_as_errors_and_debug_hides_values() {
        let mut request = request();
        request.query("filters", &r#"email eq "jane@example.com""#);
        request.header("X-Secret", &"value-123");
        let debug = format!("{request:?}");
        assert!(
            debug.contains("filters") && debug.contains("x-secret"),
            "{debug}"
        );
        assert!(
            !debug.contains("jane") && !debug.contains("value-123"),
            "{debug}"
        );
        request.header("X-Bad", &"line\nbreak");
        assert_eq!(
            request.error.as_deref(),
            Some("header `X-Bad` has an invalid name or value")
        );
    }

    #[test]
    fn next_links_resolve_against_the_current_url() {
        let mut request = request();
        request.query("offset", &250);
        request.set_url("/v2024/identities?page=2");
        assert_eq!(
            request.url,
            "https://tenant.example.com/v2024/identities?page=2"
        );
        assert!(request.query.is_empty());
        request.set_url("https://other.example.com/next");
        assert_eq!(request.url, "https://other.example.com/next");
    }
}
