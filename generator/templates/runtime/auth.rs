//! Credentials: secrets that never print, bearer tokens, and the OAuth2 client-credentials
//! grant, whose token is shared by every clone of a client, renewed before it expires, renewed
//! once for all concurrent callers, and renewed at once when the server rejects it.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, ACCEPT, CONTENT_TYPE};
use reqwest::{Method, StatusCode};

use super::request::form_encode;
use super::RetryPolicy;

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

/// What replaces a secret that a server echoed back.
pub const REDACTED: &str = "[redacted]";

/// Secrets shorter than this are not scrubbed from responses: replacing every occurrence of
/// two or three characters would garble the text without protecting anything.
const MIN_SCRUBBED_LEN: usize = 4;

/// The forms in which a secret can appear in a response: as sent, and escaped inside a JSON
/// string.
fn secret_forms(secrets: &[Secret]) -> Vec<Vec<u8>> {
    let mut forms = Vec::new();
    for secret in secrets {
        let raw = secret.expose();
        if raw.len() < MIN_SCRUBBED_LEN {
            continue;
        }
        forms.push(raw.as_bytes().to_vec());
        if let Ok(quoted) = serde_json::to_string(raw) {
            let escaped = quoted.as_bytes()[1..quoted.len() - 1].to_vec();
            if escaped != raw.as_bytes() {
                forms.push(escaped);
            }
        }
    }
    // Longest first, so a secret that contains another is replaced whole.
    forms.sort_by_key(|form| std::cmp::Reverse(form.len()));
    forms
}

/// `bytes` with every occurrence of `secrets` replaced by [`REDACTED`], or `None` when none
/// occurs.
pub fn scrub_bytes(bytes: &[u8], secrets: &[Secret]) -> Option<Vec<u8>> {
    let mut current: Option<Vec<u8>> = None;
    for form in secret_forms(secrets) {
        let text = current.as_deref().unwrap_or(bytes);
        if !text
            .windows(form.len())
            .any(|window| window == form.as_slice())
        {
            continue;
        }
        let mut out = Vec::with_capacity(text.len());
        let mut at = 0;
        while at < text.len() {
            if text[at..].starts_with(&form) {
                out.extend_from_slice(REDACTED.as_bytes());
                at += form.len();
            } else {
                out.push(text[at]);
                at += 1;
            }
        }
        current = Some(out);
    }
    current
}

/// `text` with every occurrence of `secrets` replaced by [`REDACTED`].
pub fn scrub_text(text: &str, secrets: &[Secret]) -> String {
    match scrub_bytes(text.as_bytes(), secrets) {
        Some(scrubbed) => String::from_utf8_lossy(&scrubbed).into_owned(),
        None => text.to_owned(),
    }
}

/// How requests are authenticated.
#[derive(Clone, Debug, Default)]
pub(super) enum Auth {
    /// No `Authorization` header.
    #[default]
    None,
    /// A fixed bearer token.
    Bearer(Secret),
    /// Tokens from a client-credentials grant.
    ClientCredentials(Arc<ClientCredentials>),
}

impl Auth {
    /// The bearer token to send, if any, fetching one (with `retry`'s retries) when needed;
    /// the error says why none could be had, without secrets.
    pub(super) async fn token(
        &self,
        http: &reqwest::Client,
        retry: &RetryPolicy,
    ) -> Result<Option<Secret>, String> {
        match self {
            Auth::None => Ok(None),
            Auth::Bearer(token) => Ok(Some(token.clone())),
            Auth::ClientCredentials(grant) => grant.token(http, retry).await.map(Some),
        }
    }

    /// The server answered `401` to a request sent with `rejected`: forgets that token so the
    /// next request fetches a new one. Whether sending again can help (only a renewable token).
    pub(super) fn reject(&self, rejected: &Secret) -> bool {
        match self {
            Auth::ClientCredentials(grant) => {
                grant.forget(rejected);
                true
            }
            Auth::None | Auth::Bearer(_) => false,
        }
    }

    /// The secrets this client holds now (token, client secret, cached access token), for
    /// scrubbing them from what a server echoes back.
    pub(super) fn secrets(&self) -> Vec<Secret> {
        match self {
            Auth::None => Vec::new(),
            Auth::Bearer(token) => vec![token.clone()],
            Auth::ClientCredentials(grant) => {
                let mut secrets = vec![grant.client_secret.clone()];
                if let Ok(cached) = grant.cached.lock() {
                    secrets.extend(cached.as_ref().map(|c| c.token.clone()));
                }
                secrets
            }
        }
    }

    /// Where tokens come from, for checking its scheme.
    pub(super) fn token_url(&self) -> Option<&str> {
        match self {
            Auth::ClientCredentials(grant) => Some(&grant.token_url),
            Auth::None | Auth::Bearer(_) => None,
        }
    }
}

/// A token in the cache and when to renew it.
struct CachedToken {
    token: Secret,
    renew_at: Instant,
}

/// An OAuth2 client-credentials grant: the access token is fetched from the token URL on
/// first use, reused, and fetched again shortly before it expires. Concurrent callers that
/// find no valid token wait for one renewal instead of each requesting a token.
pub struct ClientCredentials {
    token_url: String,
    client_id: String,
    client_secret: Secret,
    cached: Mutex<Option<CachedToken>>,
    /// Held while a token is being fetched.
    renewal: tokio::sync::Mutex<()>,
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
pub const MAX_TOKEN_RENEWAL_MARGIN: Duration = Duration::from_secs(300);

/// How long a token lives when the token response does not say (`expires_in` is optional).
pub const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(3600);

/// How long before its expiry a token of `lifetime` is renewed: a tenth of the lifetime, at
/// most [`MAX_TOKEN_RENEWAL_MARGIN`]. A 12-hour token is renewed 5 minutes early; a 3-second
/// one 0.3 s early, so short-lived tokens are still reused rather than fetched for every call.
pub fn renewal_margin(lifetime: Duration) -> Duration {
    (lifetime / 10).min(MAX_TOKEN_RENEWAL_MARGIN)
}

/// When a token fetched at `now` that lives `lifetime` is renewed; never overflows (a
/// lifetime the clock cannot add is renewed at once).
pub fn renew_at(now: Instant, lifetime: Duration) -> Instant {
    now.checked_add(lifetime.saturating_sub(renewal_margin(lifetime)))
        .unwrap_or(now)
}

/// Why one token request failed, with what the retry decision needs.
enum TokenFailure {
    /// The endpoint answered an error status.
    Status(StatusCode, HeaderMap, String),
    /// The request failed in transport; `true` when no connection was made.
    Transport(bool, String),
    /// Not worth repeating.
    Final(String),
}

#[derive(serde::Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    expires_in: Option<serde_json::Value>,
}

/// The longest a token is cached, whatever `expires_in` says: a day.
pub const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// How long a token lives, from the `expires_in` of its token response: seconds as a number
/// or a numeric string. Missing or unreadable is [`DEFAULT_TOKEN_LIFETIME`]; zero or negative
/// is already expired (the token serves only the call that fetched it); longer than
/// [`MAX_TOKEN_LIFETIME`] is that.
pub fn token_lifetime(expires_in: Option<&serde_json::Value>) -> Duration {
    let seconds = match expires_in {
        None | Some(serde_json::Value::Null) => return DEFAULT_TOKEN_LIFETIME,
        Some(serde_json::Value::Number(n)) => n.as_f64(),
        Some(serde_json::Value::String(text)) => text.trim().parse::<f64>().ok(),
        Some(_) => None,
    };
    match seconds {
        None => DEFAULT_TOKEN_LIFETIME,
        Some(s) if s.is_nan() || s <= 0.0 => Duration::ZERO,
        Some(s) if s >= MAX_TOKEN_LIFETIME.as_secs_f64() => MAX_TOKEN_LIFETIME,
        Some(s) => Duration::from_secs_f64(s),
    }
}

impl ClientCredentials {
    /// A grant against `token_url`.
    pub(super) fn new(token_url: String, client_id: String, client_secret: Secret) -> Self {
        ClientCredentials {
            token_url,
            client_id,
            client_secret,
            cached: Mutex::new(None),
            renewal: tokio::sync::Mutex::new(()),
        }
    }

    /// The cached token, if it is not due for renewal.
    fn fresh(&self) -> Option<Secret> {
        let cached = self.cached.lock().ok()?;
        let cached = cached.as_ref()?;
        (Instant::now() < cached.renew_at).then(|| cached.token.clone())
    }

    /// Drops `rejected` from the cache, unless another caller has already replaced it.
    fn forget(&self, rejected: &Secret) {
        if let Ok(mut cached) = self.cached.lock() {
            if cached.as_ref().is_some_and(|c| &c.token == rejected) {
                *cached = None;
            }
        }
    }

    /// A valid access token, from the cache or freshly fetched (once for all who wait).
    async fn token(&self, http: &reqwest::Client, retry: &RetryPolicy) -> Result<Secret, String> {
        if let Some(token) = self.fresh() {
            return Ok(token);
        }
        let _renewing = self.renewal.lock().await;
        // Whoever held the lock before may have renewed it.
        if let Some(token) = self.fresh() {
            return Ok(token);
        }
        let (token, lifetime) = self.fetch(http, retry).await?;
        if let Ok(mut cached) = self.cached.lock() {
            *cached = Some(CachedToken {
                token: token.clone(),
                renew_at: renew_at(Instant::now(), lifetime),
            });
        }
        Ok(token)
    }

    /// Asks the token endpoint for a token, retrying as `retry` allows (the grant can be
    /// repeated safely, so it is retried like a GET). Errors never contain the secret.
    async fn fetch(
        &self,
        http: &reqwest::Client,
        retry: &RetryPolicy,
    ) -> Result<(Secret, Duration), String> {
        let started = Instant::now();
        let mut attempt = 0;
        loop {
            attempt += 1;
            let (failure, wait) = match self.fetch_once(http).await {
                Ok(token) => return Ok(token),
                Err(TokenFailure::Status(status, headers, failure)) => {
                    let wait = retry.after_response(
                        &Method::GET,
                        status,
                        &headers,
                        attempt,
                        started.elapsed(),
                    );
                    (failure, wait)
                }
                Err(TokenFailure::Transport(connect, failure)) => {
                    let wait =
                        retry.after_failure(&Method::GET, connect, attempt, started.elapsed());
                    (failure, wait)
                }
                Err(TokenFailure::Final(failure)) => (failure, None),
            };
            match wait {
                Some(wait) => {
                    tracing::debug!(
                        wait_ms = wait.as_millis() as u64,
                        "retrying the token request"
                    );
                    tokio::time::sleep(wait).await;
                }
                None => return Err(failure),
            }
        }
    }

    /// One token request.
    async fn fetch_once(&self, http: &reqwest::Client) -> Result<(Secret, Duration), TokenFailure> {
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
            .map_err(|e| {
                let cause = std::error::Error::source(&e)
                    .map(|source| format!(" ({source})"))
                    .unwrap_or_default();
                TokenFailure::Transport(
                    e.is_connect(),
                    format!(
                        "token request to {} failed: {}{cause}",
                        self.token_url.split('?').next().unwrap_or_default(),
                        e.without_url()
                    ),
                )
            })?;
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.map_err(|e| {
            TokenFailure::Transport(
                false,
                format!("token response unreadable: {}", e.without_url()),
            )
        })?;
        if !status.is_success() {
            let reason = serde_json::from_slice::<serde_json::Value>(&bytes)
                .ok()
                .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_owned))
                .unwrap_or_default();
            return Err(TokenFailure::Status(
                status,
                headers,
                format!(
                    "token endpoint answered {status} {}",
                    scrub_text(&reason, std::slice::from_ref(&self.client_secret))
                ),
            ));
        }
        let token: TokenResponse = serde_json::from_slice(&bytes).map_err(|e| {
            TokenFailure::Final(format!("token response is not an OAuth2 token: {e}"))
        })?;
        let lifetime = token_lifetime(token.expires_in.as_ref());
        Ok((Secret::new(token.access_token), lifetime))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_do_not_print() {
        let secret = Secret::new("hunter2");
        assert_eq!(format!("{secret:?}"), "Secret([redacted])");
        let grant = ClientCredentials::new(
            "https://tenant.example/oauth/token".into(),
            "id-123".into(),
            Secret::new("very-secret"),
        );
        let debug = format!("{grant:?}");
        assert!(
            debug.contains("id-123") && !debug.contains("very-secret"),
            "{debug}"
        );
        let auth = Auth::Bearer(Secret::new("token-value"));
        assert!(!format!("{auth:?}").contains("token-value"));
    }

    #[test]
    fn echoed_secrets_are_scrubbed_raw_and_json_escaped() {
        let secrets = [Secret::new("s3cr\"et/value"), Secret::new("ab")];
        let body =
            br#"{"error":"bad client_secret s3cr\"et/value","raw":"s3cr"et/value","k":"ab"}"#;
        let scrubbed = String::from_utf8(scrub_bytes(body, &secrets).unwrap()).unwrap();
        assert_eq!(
            scrubbed,
            r#"{"error":"bad client_secret [redacted]","raw":"[redacted]","k":"ab"}"#
        );
        assert_eq!(scrub_bytes(b"nothing here", &secrets), None);
        assert_eq!(scrub_text("x s3cr\"et/value y", &secrets), "x [redacted] y");
    }

    #[test]
    fn renewal_margin_scales_with_lifetime() {
        assert_eq!(
            renewal_margin(Duration::from_secs(3)),
            Duration::from_millis(300)
        );
        assert_eq!(
            renewal_margin(Duration::from_secs(600)),
            Duration::from_secs(60)
        );
        assert_eq!(
            renewal_margin(Duration::from_secs(12 * 3600)),
            MAX_TOKEN_RENEWAL_MARGIN
        );
    }

    #[test]
    fn token_lifetimes_are_read_leniently_and_bounded() {
        use serde_json::json;
        let life = |v: serde_json::Value| token_lifetime(Some(&v));
        assert_eq!(token_lifetime(None), DEFAULT_TOKEN_LIFETIME);
        assert_eq!(life(json!(null)), DEFAULT_TOKEN_LIFETIME);
        assert_eq!(life(json!(3600)), Duration::from_secs(3600));
        assert_eq!(life(json!("90")), Duration::from_secs(90));
        assert_eq!(life(json!(1.5)), Duration::from_millis(1500));
        assert_eq!(life(json!(0)), Duration::ZERO);
        assert_eq!(life(json!(-5)), Duration::ZERO);
        assert_eq!(life(json!(u64::MAX)), MAX_TOKEN_LIFETIME);
        assert_eq!(life(json!(1e300)), MAX_TOKEN_LIFETIME);
        assert_eq!(life(json!("soon")), DEFAULT_TOKEN_LIFETIME);
        assert_eq!(life(json!([1])), DEFAULT_TOKEN_LIFETIME);
        let now = Instant::now();
        assert_eq!(renew_at(now, Duration::ZERO), now);
        assert!(renew_at(now, Duration::MAX) >= now, "no overflow");
        assert_eq!(
            renew_at(now, Duration::from_secs(100)),
            now + Duration::from_secs(90)
        );
    }

    #[test]
    fn a_rejected_token_is_forgotten_unless_already_replaced() {
        let grant = ClientCredentials::new("u".into(), "i".into(), Secret::new("s"));
        let store = |token: &str| {
            *grant.cached.lock().unwrap() = Some(CachedToken {
                token: Secret::new(token),
                renew_at: Instant::now() + Duration::from_secs(60),
            });
        };
        store("old");
        assert_eq!(grant.fresh(), Some(Secret::new("old")));
        grant.forget(&Secret::new("other"));
        assert_eq!(
            grant.fresh(),
            Some(Secret::new("old")),
            "a newer token stays"
        );
        grant.forget(&Secret::new("old"));
        assert_eq!(grant.fresh(), None);
        assert!(Auth::ClientCredentials(Arc::new(grant)).reject(&Secret::new("x")));
        assert!(!Auth::Bearer(Secret::new("b")).reject(&Secret::new("b")));
    }
}
