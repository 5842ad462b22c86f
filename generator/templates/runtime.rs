//! Support code shared by the generated clients: transport, request building, response values
//! and errors. Written once here instead of once per operation.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};

/// A secret such as an access token. Its `Debug` output never shows the value.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret value, for sending it where it belongs.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

/// What every request of a client shares: base URL, HTTP client and credentials.
#[derive(Clone, Debug)]
pub struct Transport {
    base_url: String,
    http: reqwest::Client,
    credentials: Auth,
    retry: RetryPolicy,
}

/// When to send a request again: after `429 Too Many Requests` (any method: the server did not
/// act on it) and after `502`/`503`/`504` for idempotent methods (GET, HEAD, OPTIONS, PUT,
/// DELETE). The wait is the response's `Retry-After` seconds when given, otherwise an
/// exponential backoff from `initial_backoff`, never more than `max_backoff`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// How many times a request may be sent again (0: never).
    pub max_retries: u32,
    /// The first wait when the server gives no `Retry-After`; doubled for each retry.
    pub initial_backoff: Duration,
    /// The longest wait, whatever the server asks.
    pub max_backoff: Duration,
}

impl RetryPolicy {
    /// No retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
        }
    }

    /// Up to `max_retries` retries with the default waits (0.5 s doubling, at most 30 s).
    pub fn retries(max_retries: u32) -> Self {
        RetryPolicy {
            max_retries,
            ..Self::none()
        }
    }

    /// How long to wait before retry number `attempt + 1`, or `None` to stop.
    fn wait(&self, method: &Method, response: &reqwest::Response, attempt: u32) -> Option<Duration> {
        if attempt >= self.max_retries {
            return None;
        }
        let status = response.status();
        let idempotent = matches!(
            *method,
            Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE
        );
        let retryable = status == StatusCode::TOO_MANY_REQUESTS
            || (idempotent
                && matches!(
                    status,
                    StatusCode::BAD_GATEWAY | StatusCode::SERVICE_UNAVAILABLE | StatusCode::GATEWAY_TIMEOUT
                ));
        if !retryable {
            return None;
        }
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let backoff = self.initial_backoff.saturating_mul(2u32.saturating_pow(attempt));
        Some(retry_after.unwrap_or(backoff).min(self.max_backoff))
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self::none()
    }
}

/// How requests are authenticated.
#[derive(Clone, Debug)]
enum Auth {
    None,
    Bearer(Secret),
    ClientCredentials(Arc<ClientCredentials>),
}

/// An OAuth2 client-credentials grant: the access token is fetched from the token URL on first
/// use, reused, and fetched again shortly before it expires.
pub struct ClientCredentials {
    token_url: String,
    client_id: String,
    client_secret: Secret,
    /// The current token and when to renew it.
    cached: Mutex<Option<(Secret, Instant)>>,
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("token_url", &self.token_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .finish_non_exhaustive()
    }
}

/// A token is renewed at most this long before the server says it expires.
const MAX_TOKEN_RENEWAL_MARGIN: Duration = Duration::from_secs(300);

/// How long before its expiry a token of `lifetime` is renewed: a tenth of the lifetime, at most
/// [`MAX_TOKEN_RENEWAL_MARGIN`]. A 12-hour token is renewed 5 minutes early; a 3-second one
/// 0.3 s early, so short-lived tokens are still reused rather than fetched for every call.
fn renewal_margin(lifetime: Duration) -> Duration {
    (lifetime / 10).min(MAX_TOKEN_RENEWAL_MARGIN)
}

#[derive(serde::Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

impl ClientCredentials {
    /// A valid access token, from the cache or freshly fetched.
    async fn token(&self, http: &reqwest::Client) -> Result<Secret, Failure> {
        if let Ok(cached) = self.cached.lock() {
            if let Some((token, renew_at)) = cached.as_ref() {
                if Instant::now() < *renew_at {
                    return Ok(token.clone());
                }
            }
        }
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.client_secret.expose()),
        ];
        let body: Vec<String> = form
            .iter()
            .map(|(k, v)| format!("{}={}", form_encode(k), form_encode(v)))
            .collect();
        let response = http
            .post(&self.token_url)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(ACCEPT, "application/json")
            .body(body.join("&"))
            .send()
            .await
            .map_err(|e| Failure::Authentication(format!("token request failed: {}", e.without_url())))?;
        let status = response.status();
        let bytes = response
            .bytes()
            .await
            .map_err(|e| Failure::Authentication(format!("token response unreadable: {}", e.without_url())))?;
        if !status.is_success() {
            let reason = serde_json::from_slice::<serde_json::Value>(&bytes)
                .ok()
                .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_owned))
                .unwrap_or_default();
            return Err(Failure::Authentication(format!(
                "token endpoint answered {status} {reason}"
            )));
        }
        let token: TokenResponse = serde_json::from_slice(&bytes).map_err(|e| {
            Failure::Authentication(format!("token response is not an OAuth2 token: {e}"))
        })?;
        let lifetime = Duration::from_secs(token.expires_in.unwrap_or(3600));
        let secret = Secret::new(token.access_token);
        if let Ok(mut cached) = self.cached.lock() {
            *cached = Some((secret.clone(), Instant::now() + lifetime - renewal_margin(lifetime)));
        }
        Ok(secret)
    }
}

/// The `User-Agent` every request carries: the generated crate's name and version.
pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// How long connecting to the server may take, unless configured otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long one attempt (send, wait, read the whole response) may take, unless configured
/// otherwise. Generous, because list pages of thousands of items take time to produce.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// An HTTP client (rustls) with [`USER_AGENT`] and these timeouts.
pub fn http_client(connect_timeout: Duration, timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .connect_timeout(connect_timeout)
        .timeout(timeout)
        .build()
        // Building fails only when the TLS backend cannot start, which `reqwest::Client::new`
        // reports the same way.
        .unwrap_or_default()
}

impl Transport {
    /// A transport for `base_url` with a default HTTP client: rustls, [`USER_AGENT`],
    /// [`DEFAULT_CONNECT_TIMEOUT`] and [`DEFAULT_TIMEOUT`].
    pub fn new(base_url: impl Into<String>) -> Self {
        Self::with_http_client(
            base_url,
            http_client(DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT),
        )
    }

    /// Replaces the HTTP client with a default one that has these timeouts.
    pub fn set_timeouts(&mut self, connect_timeout: Duration, timeout: Duration) {
        self.http = http_client(connect_timeout, timeout);
    }

    /// A transport using a configured `reqwest::Client` (timeouts, proxies, middleware).
    pub fn with_http_client(base_url: impl Into<String>, http: reqwest::Client) -> Self {
        let mut base_url = base_url.into();
        while base_url.ends_with('/') {
            base_url.pop();
        }
        Transport {
            base_url,
            http,
            credentials: Auth::None,
            retry: RetryPolicy::none(),
        }
    }

    /// Sends `Authorization: Bearer <token>` with every request.
    pub fn set_bearer_token(&mut self, token: impl Into<Secret>) {
        self.credentials = Auth::Bearer(token.into());
    }

    /// Authenticates with the OAuth2 client-credentials grant against `token_url`, sending the
    /// access token it returns as `Authorization: Bearer` and renewing it before it expires.
    pub fn set_client_credentials(
        &mut self,
        token_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
    ) {
        self.credentials = Auth::ClientCredentials(Arc::new(ClientCredentials {
            token_url: token_url.into(),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            cached: Mutex::new(None),
        }));
    }

    /// The base URL requests are sent to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Starts a request to `path` (already filled in) under the base URL.
    pub fn request(&self, method: Method, path: &str) -> Request {
        Request {
            method,
            url: format!("{}{}", self.base_url, path),
            query: Vec::new(),
            headers: HeaderMap::new(),
            cookies: Vec::new(),
            body: None,
            error: None,
        }
    }

    /// Sends a request and reads the whole response.
    pub async fn execute(&self, request: Request) -> Result<RawResponse, Failure> {
        let response = self.send(request).await?;
        RawResponse::read(response).await
    }

    /// Sends a request, retrying as the [`RetryPolicy`] allows; the body is left unread.
    pub async fn send(&self, request: Request) -> Result<reqwest::Response, Failure> {
        if let Some(message) = request.error {
            return Err(Failure::InvalidRequest(message));
        }
        let mut attempt = 0;
        loop {
            let response = self.send_once(&request).await?;
            let Some(wait) = self.retry.wait(&request.method, &response, attempt) else {
                return Ok(response);
            };
            attempt += 1;
            tokio::time::sleep(wait).await;
        }
    }

    async fn send_once(&self, request: &Request) -> Result<reqwest::Response, Failure> {
        let mut builder = self
            .http
            .request(request.method.clone(), &request.url)
            .headers(request.headers.clone());
        if !request.cookies.is_empty() {
            builder = builder.header(reqwest::header::COOKIE, request.cookies.join("; "));
        }
        if !request.query.is_empty() {
            builder = builder.query(&request.query);
        }
        let token = match &self.credentials {
            Auth::None => None,
            Auth::Bearer(token) => Some(token.clone()),
            Auth::ClientCredentials(grant) => Some(grant.token(&self.http).await?),
        };
        if let Some(token) = token {
            builder = builder.bearer_auth(token.expose());
        }
        if let Some((content_type, body)) = &request.body {
            builder = builder
                .header(CONTENT_TYPE, content_type.clone())
                .body(body.clone());
        }
        builder.send().await.map_err(Failure::transport)
    }

    /// Retries rate-limited and unavailable responses as `policy` says.
    pub fn set_retry_policy(&mut self, policy: RetryPolicy) {
        self.retry = policy;
    }
}

/// A response body read chunk by chunk.
#[derive(Debug)]
pub struct ByteStream(reqwest::Response);

impl ByteStream {
    /// Wraps a successful response, keeping its status and headers.
    pub fn response(response: reqwest::Response) -> ResponseValue<ByteStream> {
        ResponseValue {
            status: response.status(),
            headers: response.headers().clone(),
            body: ByteStream(response),
        }
    }

    /// The next chunk of the body, or `None` at its end.
    pub async fn next_chunk(&mut self) -> Result<Option<bytes::Bytes>, reqwest::Error> {
        self.0.chunk().await
    }

    /// Reads the rest of the body.
    pub async fn collect(self) -> Result<bytes::Bytes, reqwest::Error> {
        self.0.bytes().await
    }
}

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
            Ok(serde_json::Value::Array(items)) => {
                items.into_iter().map(json_text).collect::<Vec<_>>().join(",")
            }
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

/// A request being built; problems are kept and reported when it is sent.
#[derive(Debug)]
pub struct Request {
    method: Method,
    url: String,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    cookies: Vec<String>,
    body: Option<(HeaderValue, Vec<u8>)>,
    error: Option<String>,
}

/// What a caller adds to a request beyond the spec: query parameters and headers the spec
/// forgot, and a choice among the representations an operation offers. Its `Debug` output
/// names the headers but not their values, which may be credentials.
#[derive(Clone, Default)]
pub struct Extras {
    accept: Option<String>,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
}

impl fmt::Debug for Extras {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("Extras")
            .field("accept", &self.accept)
            .field("query", &self.query)
            .field("headers", &headers)
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
}

impl Request {
    /// Adds what the caller set beyond the spec; its headers are added after the declared ones.
    pub fn extend(&mut self, extras: Extras) {
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
                self.query.push((format!("{name}[{key}]"), json_text(value)));
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
                    serde_json::Value::Array(items) => {
                        pairs.extend(items.into_iter().map(|item| (name.clone(), json_text(item))))
                    }
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
fn json_text(value: serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text,
        other => other.to_string(),
    }
}

/// `application/x-www-form-urlencoded` encoding of one name or value.
fn form_encode(text: &str) -> String {
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

/// A file to upload in a multipart body: its bytes, and the file name and content type to
/// declare for it (by default the field name and the type the spec declares, else
/// `application/octet-stream`).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct File {
    /// The content.
    pub bytes: Vec<u8>,
    /// The `filename` of the part.
    pub file_name: Option<String>,
    /// The `Content-Type` of the part.
    pub content_type: Option<String>,
}

impl File {
    /// A file with this content.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        File {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// Declares the file name.
    pub fn with_file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// Declares the content type (`image/png`).
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

impl From<Vec<u8>> for File {
    fn from(bytes: Vec<u8>) -> Self {
        File::new(bytes)
    }
}

impl From<&[u8]> for File {
    fn from(bytes: &[u8]) -> Self {
        File::new(bytes)
    }
}

impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("File")
            .field("bytes", &format_args!("{} bytes", self.bytes.len()))
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl Serialize for File {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.bytes.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for File {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<u8>::deserialize(deserializer).map(File::new)
    }
}

/// One part of a multipart body.
#[derive(Debug, Clone)]
enum PartBody {
    Text(String),
    File {
        bytes: Vec<u8>,
        file_name: Option<String>,
        content_type: String,
    },
}

/// A `multipart/form-data` body being built.
#[derive(Debug, Clone, Default)]
pub struct Multipart {
    parts: Vec<(String, PartBody)>,
}

impl Multipart {
    /// Adds a text part.
    pub fn text(&mut self, name: &str, value: &impl ToParam) {
        self.parts
            .push((name.to_owned(), PartBody::Text(value.to_param())));
    }

    /// Adds a part holding `value` as JSON text.
    pub fn json(&mut self, name: &str, value: &impl Serialize) {
        let text = serde_json::to_string(value).unwrap_or_default();
        self.parts.push((name.to_owned(), PartBody::Text(text)));
    }

    /// Adds a file part; `content_type` is used when the file does not declare one.
    pub fn file(&mut self, name: &str, file: &File, content_type: &str) {
        self.parts.push((
            name.to_owned(),
            PartBody::File {
                bytes: file.bytes.clone(),
                file_name: file.file_name.clone(),
                content_type: file
                    .content_type
                    .clone()
                    .unwrap_or_else(|| content_type.to_owned()),
            },
        ));
    }

    /// One text part per property of a JSON object (free-form multipart bodies).
    pub fn from_json(value: &impl Serialize) -> Self {
        let mut form = Multipart::default();
        if let Ok(serde_json::Value::Object(map)) = serde_json::to_value(value) {
            for (name, value) in map {
                form.parts.push((name, PartBody::Text(json_text(value))));
            }
        }
        form
    }

    /// The content type (with boundary) and the encoded body.
    fn encode(&self) -> (String, Vec<u8>) {
        let mut boundary = String::from("openapi-gen-boundary-7c4f1e2a9b");
        while self.parts.iter().any(|(name, body)| {
            let bytes = match body {
                PartBody::Text(text) => text.as_bytes(),
                PartBody::File { bytes, .. } => bytes.as_slice(),
            };
            contains(bytes, boundary.as_bytes()) || name.contains(&boundary)
        }) {
            boundary.push('x');
        }
        let mut out = Vec::new();
        for (name, body) in &self.parts {
            let name = name.replace('"', "%22").replace(['\r', '\n'], " ");
            out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            match body {
                PartBody::Text(text) => {
                    out.extend_from_slice(
                        format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
                    );
                    out.extend_from_slice(text.as_bytes());
                }
                PartBody::File {
                    bytes,
                    file_name,
                    content_type,
                } => {
                    let file_name = file_name
                        .as_deref()
                        .unwrap_or(&name)
                        .replace('"', "%22")
                        .replace(['\r', '\n'], " ");
                    let content_type = content_type.replace(['\r', '\n'], " ");
                    out.extend_from_slice(
                        format!(
                            "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n"
                        )
                        .as_bytes(),
                    );
                    out.extend_from_slice(bytes);
                }
            }
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (format!("multipart/form-data; boundary={boundary}"), out)
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

/// A response as received, before decoding.
#[derive(Debug)]
pub struct RawResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: bytes::Bytes,
}

impl RawResponse {
    /// Reads the whole body of `response`.
    pub async fn read(response: reqwest::Response) -> Result<Self, Failure> {
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(Failure::transport)?;
        Ok(RawResponse {
            status,
            headers,
            body,
        })
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    fn value<T>(self, body: T) -> ResponseValue<T> {
        ResponseValue {
            status: self.status,
            headers: self.headers,
            body,
        }
    }

    fn decode<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }

    fn decode_error<E>(self, source: serde_json::Error) -> Error<E> {
        Error::Decode {
            path: json_path_at(&self.body, source.line(), source.column()),
            status: self.status,
            headers: self.headers,
            body: self.body,
            source,
        }
    }

    /// Decodes a JSON success body.
    pub fn json<T: DeserializeOwned, E>(self) -> Result<ResponseValue<T>, Error<E>> {
        match self.decode::<T>() {
            Ok(body) => Ok(self.value(body)),
            Err(source) => Err(self.decode_error(source)),
        }
    }

    /// A success without a body (any body sent is ignored).
    pub fn empty<E>(self) -> Result<ResponseValue<()>, Error<E>> {
        Ok(self.value(()))
    }

    /// A text success body.
    pub fn text<E>(self) -> Result<ResponseValue<String>, Error<E>> {
        let text = String::from_utf8_lossy(&self.body).into_owned();
        Ok(self.value(text))
    }

    /// A binary success body.
    pub fn bytes<E>(self) -> Result<ResponseValue<bytes::Bytes>, Error<E>> {
        let body = self.body.clone();
        Ok(self.value(body))
    }

    /// A declared error status with a JSON body, wrapped by `wrap` into the operation's error type.
    pub fn error_json<T: DeserializeOwned, E>(self, wrap: fn(T) -> E) -> Error<E> {
        match self.decode::<T>() {
            Ok(body) => Error::Api {
                status: self.status,
                headers: self.headers,
                body: wrap(body),
            },
            Err(source) => self.decode_error(source),
        }
    }

    /// A declared error status whose body is not decoded as JSON.
    pub fn error_with<E>(self, wrap: fn(bytes::Bytes) -> E) -> Error<E> {
        let body = wrap(self.body);
        Error::Api {
            status: self.status,
            headers: self.headers,
            body,
        }
    }

    /// A status the spec does not declare.
    pub fn unexpected<E>(self) -> Error<E> {
        Error::UnexpectedStatus {
            status: self.status,
            headers: self.headers,
            body: self.body,
        }
    }
}

/// One open container while scanning JSON text for a path.
enum PathFrame {
    Object { key: Option<String>, expecting_key: bool },
    Array { index: usize },
}

/// The path (`items[3].created`, `.` for the root) of the value at `line`/`column` (1-based,
/// as `serde_json` reports errors) of a JSON text. Found by scanning the text, not by decoding
/// it again, so it costs no code per decoded type.
pub fn json_path_at(body: &[u8], line: usize, column: usize) -> String {
    let mut offset = body.len();
    let mut current_line = 1;
    for (i, byte) in body.iter().enumerate() {
        if current_line == line {
            // Up to and including the character the error points at.
            offset = (i + column).min(body.len());
            break;
        }
        if *byte == b'\n' {
            current_line += 1;
        }
    }
    let mut stack: Vec<PathFrame> = Vec::new();
    let mut i = 0;
    while i < offset {
        match body[i] {
            b'{' => stack.push(PathFrame::Object { key: None, expecting_key: true }),
            b'[' => stack.push(PathFrame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(PathFrame::Array { index }) => *index += 1,
                Some(PathFrame::Object { expecting_key, .. }) => *expecting_key = true,
                None => {}
            },
            b':' => {
                if let Some(PathFrame::Object { expecting_key, .. }) = stack.last_mut() {
                    *expecting_key = false;
                }
            }
            b'"' => {
                let start = i;
                i += 1;
                while i < body.len() && body[i] != b'"' {
                    i += if body[i] == b'\\' { 2 } else { 1 };
                }
                if let Some(PathFrame::Object { key, expecting_key: true }) = stack.last_mut() {
                    let text = body.get(start..=i).unwrap_or_default();
                    *key = serde_json::from_slice::<String>(text).ok();
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            PathFrame::Object { key: Some(key), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            PathFrame::Object { key: None, .. } => {}
            PathFrame::Array { index } => path.push_str(&format!("[{index}]")),
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

/// The error for a non-success response that an operation's decoder was handed: its decoded
/// error, or, if the decoder took it for a success (a `default` response), an unexpected status.
pub fn failure<T, E>(decoded: Result<ResponseValue<T>, Error<E>>) -> Error<E> {
    match decoded {
        Err(error) => error,
        Ok(unexpected) => Error::UnexpectedStatus {
            status: unexpected.status,
            headers: unexpected.headers,
            body: bytes::Bytes::new(),
        },
    }
}

/// A successful response: the decoded body with the status and headers it came with.
#[derive(Debug, Clone)]
pub struct ResponseValue<T> {
    /// The status code.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The decoded body.
    pub body: T,
}

impl<T> ResponseValue<T> {
    /// The decoded body, dropping status and headers.
    pub fn into_inner(self) -> T {
        self.body
    }

    /// Maps the body, keeping status and headers.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ResponseValue<U> {
        ResponseValue {
            status: self.status,
            headers: self.headers,
            body: f(self.body),
        }
    }
}

impl<T> std::ops::Deref for ResponseValue<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.body
    }
}

/// Why a request failed before a response could be decoded. Not generic, so the transport's
/// async code is compiled once, not once per operation; it converts into [`Error`].
#[derive(Debug)]
pub enum Failure {
    /// The request could not be built.
    InvalidRequest(String),
    /// The request could not be sent or the response could not be read.
    Transport(reqwest::Error),
    /// No access token could be obtained.
    Authentication(String),
}

impl Failure {
    /// A transport failure, without the request's query string: filters and search terms
    /// (email addresses, names) stay out of error messages and logs. Scheme, host and path
    /// remain.
    pub fn transport(mut error: reqwest::Error) -> Self {
        if let Some(url) = error.url_mut() {
            url.set_query(None);
        }
        Failure::Transport(error)
    }
}

impl<E> From<Failure> for Error<E> {
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::InvalidRequest(message) => Error::InvalidRequest(message),
            Failure::Transport(error) => Error::Transport(error),
            Failure::Authentication(message) => Error::Authentication(message),
        }
    }
}

/// Why a call failed. `E` is the operation's enum of declared error bodies.
#[derive(Debug)]
pub enum Error<E> {
    /// The request could not be built (for example a header value with a newline).
    InvalidRequest(String),
    /// The request could not be sent or the response could not be read.
    Transport(reqwest::Error),
    /// No access token could be obtained (client-credentials grant). Never contains secrets.
    Authentication(String),
    /// The server answered with an error status the spec declares; `body` is decoded.
    Api {
        /// The status code.
        status: StatusCode,
        /// The response headers (for example `Retry-After`).
        headers: HeaderMap,
        /// The decoded error body.
        body: E,
    },
    /// The server answered with a status the spec does not declare.
    UnexpectedStatus {
        /// The status code.
        status: StatusCode,
        /// The response headers.
        headers: HeaderMap,
        /// The raw body.
        body: bytes::Bytes,
    },
    /// The body did not match the declared schema.
    Decode {
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
}

impl<E> Error<E> {
    /// The response status, when a response was received.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api { status, .. }
            | Error::UnexpectedStatus { status, .. }
            | Error::Decode { status, .. } => Some(*status),
            Error::Transport(e) => e.status(),
            Error::InvalidRequest(_) | Error::Authentication(_) => None,
        }
    }

    /// The response headers, when a response was received.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Api { headers, .. }
            | Error::UnexpectedStatus { headers, .. }
            | Error::Decode { headers, .. } => Some(headers),
            Error::Transport(_) | Error::InvalidRequest(_) | Error::Authentication(_) => None,
        }
    }

    /// The decoded error body, for a declared error status.
    pub fn body(&self) -> Option<&E> {
        match self {
            Error::Api { body, .. } => Some(body),
            _ => None,
        }
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest(message) => write!(f, "invalid request: {message}"),
            Error::Transport(e) => write!(f, "transport error: {e}"),
            Error::Authentication(message) => write!(f, "authentication failed: {message}"),
            Error::Api { status, .. } => write!(f, "API error: status {status}"),
            Error::UnexpectedStatus { status, body, .. } => write!(
                f,
                "unexpected status {status} ({} bytes of body)",
                body.len()
            ),
            Error::Decode {
                status,
                path,
                source,
                ..
            } => write!(f, "cannot decode {status} response at `{path}`: {source}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            Error::Decode { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Chooses among the variants of a union without a discriminator: of those that decode, the
/// one whose declared properties cover the most keys of the payload, and among equals the one
/// declaring the fewest properties (the tightest fit), then the first.
pub struct BestMatch<'v, T> {
    keys: Vec<&'v str>,
    best: Option<(usize, usize, T)>,
    last_error: Option<String>,
}

impl<'v, T> BestMatch<'v, T> {
    /// Starts a choice for `value`.
    pub fn new(value: &'v serde_json::Value) -> Self {
        let keys = value
            .as_object()
            .map(|map| map.keys().map(String::as_str).collect())
            .unwrap_or_default();
        BestMatch {
            keys,
            best: None,
            last_error: None,
        }
    }

    /// Offers one variant: its declared property names and the result of decoding it.
    pub fn try_variant(&mut self, fields: &[&str], decoded: Result<T, serde_json::Error>) {
        let value = match decoded {
            Ok(value) => value,
            Err(e) => {
                self.last_error = Some(e.to_string());
                return;
            }
        };
        let covered = self.keys.iter().filter(|k| fields.contains(k)).count();
        let better = match &self.best {
            None => true,
            Some((best_covered, best_declared, _)) => {
                covered > *best_covered || (covered == *best_covered && fields.len() < *best_declared)
            }
        };
        if better {
            self.best = Some((covered, fields.len(), value));
        }
    }

    /// The chosen variant, or why none fits.
    pub fn finish(self) -> Result<T, String> {
        match self.best {
            Some((_, _, value)) => Ok(value),
            None => Err(format!(
                "the value matches none of the alternatives ({})",
                self.last_error.unwrap_or_default()
            )),
        }
    }
}

/// A model that decodes from a JSON object's fields. Generated models implement it with one
/// `match` over the property names, and their `Deserialize` hands [`ObjectVisitor`] to the
/// deserializer: leaner to compile than serde's derive (no sequence form, no field-identifier
/// type per model), with the same result for JSON objects. Unknown properties are skipped; a
/// repeated property keeps its last value.
pub trait FromFields: Sized {
    /// The model's name, for "expected" in decode errors.
    const NAME: &'static str;

    /// Reads the model from the entries of a JSON object.
    fn from_fields<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// The `Visitor` of every generated model: accepts a JSON object and reads it through
/// [`FromFields`].
pub struct ObjectVisitor<T>(std::marker::PhantomData<T>);

impl<T> ObjectVisitor<T> {
    /// The visitor for `T`.
    pub fn new() -> Self {
        ObjectVisitor(std::marker::PhantomData)
    }
}

impl<T> Default for ObjectVisitor<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de, T: FromFields> serde::de::Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "a JSON object ({})", T::NAME)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_fields(map)
    }
}

/// A property name as it appears in the input: borrowed when the input allows, so matching
/// property names allocates nothing.
pub struct FieldName<'de>(std::borrow::Cow<'de, str>);

impl FieldName<'_> {
    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for FieldName<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NameVisitor;

        impl<'de> serde::de::Visitor<'de> for NameVisitor {
            type Value = FieldName<'de>;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a property name")
            }

            fn visit_borrowed_str<E: serde::de::Error>(self, name: &'de str) -> Result<Self::Value, E> {
                Ok(FieldName(std::borrow::Cow::Borrowed(name)))
            }

            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Self::Value, E> {
                Ok(FieldName(std::borrow::Cow::Owned(name.to_owned())))
            }

            fn visit_string<E: serde::de::Error>(self, name: String) -> Result<Self::Value, E> {
                Ok(FieldName(std::borrow::Cow::Owned(name)))
            }
        }

        deserializer.deserialize_identifier(NameVisitor)
    }
}

/// A required property's value, or serde's "missing field" error naming it.
pub fn required<T, E: serde::de::Error>(value: Option<T>, name: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(name))
}

/// Deserializes a present field (even `null`) as `Some`, so an optional nullable field keeps
/// "absent" (`None`) apart from "null" (`Some(None)`).
pub fn deserialize_some<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}
