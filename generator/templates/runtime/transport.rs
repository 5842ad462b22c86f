//! Sending requests: base URL, HTTP client, credentials, retries, tracing and limits, shared by
//! every request of a client.

use std::time::{Duration, Instant};

use reqwest::header::{CONTENT_TYPE, COOKIE};
use reqwest::StatusCode;
use tracing::Instrument;

use super::auth::{Auth, ClientCredentials};
use super::{Failure, RawResponse, Request, RetryPolicy, Secret};

/// The `User-Agent` every request carries: the generated crate's name and version.
pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// How long connecting to the server may take, unless configured otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long one attempt (send, wait, read the whole response) may take, unless configured
/// otherwise. Generous, because list pages of thousands of items take time to produce.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// How long a response may go without sending anything (headers, or the next bytes of its
/// body) before the attempt fails, unless configured otherwise: a stalled server is given up
/// on long before the per-attempt [`DEFAULT_TIMEOUT`].
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// The largest response body read into memory, unless configured otherwise: 64 MiB. Larger
/// bodies fail with [`Error::ResponseTooLarge`](super::Error::ResponseTooLarge); operations
/// that return files can be read as a stream instead.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 * 1024 * 1024;

/// How long connecting, a whole attempt, and a pause in the response may take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// Connecting to the server.
    pub connect: Duration,
    /// One attempt in all: send, wait, read the whole response.
    pub total: Duration,
    /// The longest wait for the next bytes of a response.
    pub idle: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: DEFAULT_CONNECT_TIMEOUT,
            total: DEFAULT_TIMEOUT,
            idle: DEFAULT_IDLE_TIMEOUT,
        }
    }
}

/// An HTTP client (rustls, gzip) with [`USER_AGENT`] and these timeouts.
pub fn http_client(timeouts: Timeouts) -> reqwest::Client {
    reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .connect_timeout(timeouts.connect)
        .timeout(timeouts.total)
        .read_timeout(timeouts.idle)
        .build()
        // Building fails only when the TLS backend cannot start, which `reqwest::Client::new`
        // reports the same way.
        .unwrap_or_default()
}

/// What every request of a client shares: base URL, HTTP client, credentials, retry policy
/// and limits. Cheap to clone; clones share connections and the cached access token.
#[derive(Clone, Debug)]
pub struct Transport {
    base_url: String,
    http: reqwest::Client,
    timeouts: Timeouts,
    credentials: Auth,
    retry: RetryPolicy,
    max_response_bytes: usize,
    allow_insecure_http: bool,
}

impl Transport {
    /// A transport for `base_url` with a default HTTP client: rustls, gzip, [`USER_AGENT`],
    /// the default [`Timeouts`], and the default [`RetryPolicy`].
    pub fn new(base_url: impl Into<String>) -> Self {
        Self::with_http_client(base_url, http_client(Timeouts::default()))
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
            timeouts: Timeouts::default(),
            credentials: Auth::None,
            retry: RetryPolicy::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            allow_insecure_http: false,
        }
    }

    /// Replaces the HTTP client with a default one that has these connect and per-attempt
    /// timeouts (and the idle timeout set before).
    pub fn set_timeouts(&mut self, connect_timeout: Duration, timeout: Duration) {
        self.timeouts.connect = connect_timeout;
        self.timeouts.total = timeout;
        self.http = http_client(self.timeouts);
    }

    /// Replaces the HTTP client with a default one on which a response that sends nothing for
    /// `idle` fails (and the connect and per-attempt timeouts set before).
    pub fn set_idle_timeout(&mut self, idle: Duration) {
        self.timeouts.idle = idle;
        self.http = http_client(self.timeouts);
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
        self.credentials = Auth::ClientCredentials(std::sync::Arc::new(ClientCredentials::new(
            token_url.into(),
            client_id.into(),
            client_secret.into(),
        )));
    }

    /// Retries as `policy` says (the default: [`RetryPolicy::default`]).
    pub fn set_retry_policy(&mut self, policy: RetryPolicy) {
        self.retry = policy;
    }

    /// Limits how large a response body may be read into memory.
    pub fn set_max_response_bytes(&mut self, limit: usize) {
        self.max_response_bytes = limit;
    }

    /// Allows `http://` URLs for hosts other than loopback (`localhost`, `127.0.0.1`, `::1`).
    /// Without it such requests fail before anything is sent: tokens would travel in clear.
    pub fn set_allow_insecure_http(&mut self, allow: bool) {
        self.allow_insecure_http = allow;
    }

    /// The base URL requests are sent to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The HTTP client requests go through.
    pub fn http_client(&self) -> &reqwest::Client {
        &self.http
    }

    /// Starts a request for `operation` (its operationId, for traces and errors) to `path`
    /// (already filled in) under the base URL; `template` is the path as the spec writes it
    /// (`/identities/{id}`), recorded in traces instead of the values.
    pub fn request(
        &self,
        operation: &'static str,
        method: reqwest::Method,
        template: &'static str,
        path: &str,
    ) -> Request {
        Request::new(
            operation,
            method,
            template,
            format!("{}{}", self.base_url, path),
        )
    }

    /// Sends a request and reads the whole response (up to the size limit).
    pub async fn execute(&self, request: Request) -> Result<RawResponse, Failure> {
        let operation = request.operation;
        let response = self.send(request).await?;
        self.read(operation, response).await
    }

    /// Reads the whole body of a response to `operation` (up to the size limit).
    pub async fn read(
        &self,
        operation: &'static str,
        response: reqwest::Response,
    ) -> Result<RawResponse, Failure> {
        let response = RawResponse::read(operation, response, self.max_response_bytes).await?;
        Ok(if response.status().is_success() {
            response
        } else {
            response.scrubbed(&self.credentials.secrets())
        })
    }

    /// Sends a request, renewing a rejected token once and retrying as the [`RetryPolicy`]
    /// (the request's own, else the transport's) allows; the body is left unread.
    pub async fn send(&self, request: Request) -> Result<reqwest::Response, Failure> {
        let operation = request.operation;
        if let Some(message) = &request.error {
            return Err(Failure::InvalidRequest {
                operation,
                message: message.clone(),
            });
        }
        let refused = |message| Failure::InvalidRequest { operation, message };
        self.check_scheme(&request.url).map_err(refused)?;
        if let Some(token_url) = self.credentials.token_url() {
            self.check_scheme(token_url).map_err(refused)?;
        }
        let policy = request.retry.as_ref().unwrap_or(&self.retry);
        let started = Instant::now();
        let mut attempt = 0;
        let mut renewed = false;
        loop {
            attempt += 1;
            let span = tracing::debug_span!(
                "request",
                operation = request.operation,
                method = %request.method,
                path = request.template,
                attempt,
                status = tracing::field::Empty,
            );
            let token = self
                .credentials
                .token(&self.http, policy)
                .instrument(span.clone())
                .await
                .map_err(|message| Failure::Authentication { operation, message })?;
            let outcome = self
                .send_once(&request, token.as_ref())
                .instrument(span.clone())
                .await;
            let wait = match &outcome {
                Ok(response) => {
                    let status = response.status();
                    span.record("status", status.as_u16());
                    if status == StatusCode::UNAUTHORIZED && !renewed {
                        if let Some(token) = &token {
                            if self.credentials.reject(token) {
                                tracing::debug!(parent: &span, "token rejected; renewing it once");
                                renewed = true;
                                attempt -= 1;
                                continue;
                            }
                        }
                    }
                    policy.after_response(
                        &request.method,
                        status,
                        response.headers(),
                        attempt,
                        started.elapsed(),
                    )
                }
                Err(error) => policy.after_failure(
                    &request.method,
                    error.is_connect(),
                    attempt,
                    started.elapsed(),
                ),
            };
            match wait {
                Some(wait) => {
                    tracing::debug!(parent: &span, wait_ms = wait.as_millis() as u64, "retrying");
                    tokio::time::sleep(wait).await;
                }
                None => return outcome.map_err(|e| Failure::transport(operation, e)),
            }
        }
    }

    /// Refuses `http://` to a host that is not loopback unless allowed; says why.
    fn check_scheme(&self, url: &str) -> Result<(), String> {
        if self.allow_insecure_http || !url.starts_with("http://") {
            return Ok(());
        }
        let parsed = reqwest::Url::parse(url).map_err(|e| format!("invalid URL: {e}"))?;
        if is_loopback(&parsed) {
            return Ok(());
        }
        Err(format!(
            "refusing plain http:// to {}: only loopback hosts may be reached without TLS \
             unless insecure http is allowed",
            parsed.host_str().unwrap_or_default()
        ))
    }

    async fn send_once(
        &self,
        request: &Request,
        token: Option<&Secret>,
    ) -> Result<reqwest::Response, reqwest::Error> {
        let mut builder = self
            .http
            .request(request.method.clone(), &request.url)
            .headers(request.headers.clone());
        if !request.cookies.is_empty() {
            builder = builder.header(COOKIE, request.cookies.join("; "));
        }
        if !request.query.is_empty() {
            builder = builder.query(&request.query);
        }
        if let Some(token) = token {
            builder = builder.bearer_auth(token.expose());
        }
        if let Some((content_type, body)) = &request.body {
            builder = builder
                .header(CONTENT_TYPE, content_type.clone())
                .body(body.clone());
        }
        builder.send().await
    }
}

/// Whether `url` points at this machine (`localhost`, `127.0.0.0/8`, `::1`).
pub fn is_loopback(url: &reqwest::Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let address = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || address
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_hosts_may_use_plain_http() {
        let transport = Transport::new("http://127.0.0.1:8080/v2024");
        assert!(transport
            .check_scheme("http://127.0.0.1:8080/v2024/x")
            .is_ok());
        assert!(transport.check_scheme("http://localhost/x").is_ok());
        assert!(transport.check_scheme("http://[::1]:9/x").is_ok());
        assert!(transport
            .check_scheme("https://tenant.example.com/x")
            .is_ok());
        let refused = transport
            .check_scheme("http://tenant.example.com/x")
            .unwrap_err();
        assert!(format!("{refused:?}").contains("tenant.example.com"));
        let mut allowed = transport.clone();
        allowed.set_allow_insecure_http(true);
        assert!(allowed.check_scheme("http://tenant.example.com/x").is_ok());
    }

    #[test]
    fn base_url_loses_trailing_slashes_and_requests_append_the_path() {
        let transport = Transport::new("https://tenant.example.com/v2024//");
        assert_eq!(transport.base_url(), "https://tenant.example.com/v2024");
        let request = transport.request(
            "getIdentity",
            reqwest::Method::GET,
            "/identities/{id}",
            "/identities/a%2Fb",
        );
        assert_eq!(
            request.url,
            "https://tenant.example.com/v2024/identities/a%2Fb"
        );
        assert_eq!(request.template, "/identities/{id}");
    }

    #[test]
    fn debug_output_holds_no_token() {
        let mut transport = Transport::new("https://tenant.example.com");
        transport.set_bearer_token("bearer-secret-value");
        assert!(!format!("{transport:?}").contains("bearer-secret-value"));
        transport.set_client_credentials(
            "https://tenant.example.com/oauth/token",
            "id",
            "client-secret-value",
        );
        assert!(!format!("{transport:?}").contains("client-secret-value"));
    }
}
