//! The generated SailPoint client against loopback servers: paging across all pages (and
//! SailPoint's 400 past the end), token renewal (expiry mid-listing, early revocation, many
//! concurrent callers), retries (429 with `Retry-After` as seconds and as a date, a 503 storm),
//! typed filters on the wire, configuration, and no secret in errors, `Debug` or traces.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sailpoint_identities::runtime::{Config, Error, RetryPolicy};
use sailpoint_identities::v2024::{
    self, operations::ListIdentitiesFilter, operations::ListIdentitiesSort,
};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const SECRET: &str = "client-secret-5f1a";

/// `GET /v2024/identities` over `total` identities by `offset`/`limit`, with SailPoint's
/// quirks: `X-Total-Count` when `count=true`, and 400 for an offset at or past the end.
/// Only requests carrying one of `tokens` are answered; others get 401.
struct Identities {
    total: usize,
    tokens: Vec<String>,
    delay: Duration,
}

fn query(request: &Request, name: &str) -> Option<String> {
    request
        .url
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

fn bearer(request: &Request) -> String {
    request
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .trim_start_matches("Bearer ")
        .to_owned()
}

impl Respond for Identities {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        if !self.tokens.contains(&bearer(request)) {
            return ResponseTemplate::new(401).set_body_json(json!({"error": "JWT is expired"}));
        }
        let offset: usize = query(request, "offset").map_or(0, |v| v.parse().unwrap());
        let limit: usize = query(request, "limit").map_or(250, |v| v.parse().unwrap());
        if offset >= self.total && offset > 0 {
            return ResponseTemplate::new(400).set_body_json(json!({
                "detailCode": "400.1 Bad Request Content",
                "trackingId": "c0ffee",
                "messages": [{"locale": "en-US", "localeOrigin": "DEFAULT", "text": "Specified offset is invalid."}]
            }));
        }
        let page: Vec<Value> = (offset..(offset + limit).min(self.total))
            .map(|i| {
                json!({
                    "id": format!("id-{i:05}"),
                    "name": format!("Identity {i}"),
                    "identityStatus": if i == 7 { "SOMETHING_NEW" } else { "ACTIVE" },
                    "aFieldFromTheFuture": {"nested": [i]}
                })
            })
            .collect();
        let mut response = ResponseTemplate::new(200)
            .set_body_json(page)
            .set_delay(self.delay);
        if query(request, "count").as_deref() == Some("true") {
            response = response.insert_header("X-Total-Count", self.total.to_string().as_str());
        }
        response
    }
}

/// Issues `tok-1`, `tok-2`, ... living `expires_in` seconds, after `delay`.
struct TokenIssuer {
    issued: AtomicUsize,
    expires_in: u64,
    delay: Duration,
}

impl Respond for TokenIssuer {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.issued.fetch_add(1, Ordering::SeqCst) + 1;
        ResponseTemplate::new(200)
            .set_body_json(json!({"access_token": format!("tok-{n}"), "token_type": "bearer", "expires_in": self.expires_in}))
            .set_delay(self.delay)
    }
}

async fn tenant(
    total: usize,
    tokens: &[&str],
    expires_in: u64,
    page_delay: Duration,
) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(TokenIssuer {
            issued: AtomicUsize::new(0),
            expires_in,
            delay: Duration::from_millis(150),
        })
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2024/identities"))
        .respond_with(Identities {
            total,
            tokens: tokens.iter().map(|t| t.to_string()).collect(),
            delay: page_delay,
        })
        .mount(&server)
        .await;
    server
}

/// A client configured as `from_env` would be, with the server as the tenant root.
fn client(server: &MockServer) -> v2024::Client {
    let vars = [
        ("SAIL_BASE_URL".to_owned(), server.uri()),
        ("SAIL_CLIENT_ID".to_owned(), "client-id".to_owned()),
        ("SAIL_CLIENT_SECRET".to_owned(), SECRET.to_owned()),
    ];
    let config = Config::from_lookup("SAIL", |name| {
        vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    })
    .expect("valid configuration");
    v2024::Client::from_config(&config).expect("token URL known")
}

async fn requests_to(server: &MockServer, to: &str) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("recording")
        .into_iter()
        .filter(|r| r.url.path() == to)
        .collect()
}

#[tokio::test]
async fn streams_every_page_and_stops_at_a_short_page() {
    let server = tenant(1234, &["tok-1"], 3600, Duration::ZERO).await;
    let client = client(&server);
    let filter =
        ListIdentitiesFilter::name_sw("Identity").and(ListIdentitiesFilter::correlated_eq(true));
    let identities = client
        .list_identities()
        .filter_by(filter)
        .sort_by([ListIdentitiesSort::name().descending()])
        .stream()
        .collect()
        .await
        .expect("all pages");
    assert_eq!(identities.len(), 1234);
    let ids: Vec<String> = identities.iter().map(|i| i.id.clone().unwrap()).collect();
    let expected: Vec<String> = (0..1234).map(|i| format!("id-{i:05}")).collect();
    assert_eq!(ids, expected, "in order, no duplicates");
    // An unknown enum value and an unknown field decode (kept as the enum's fallback).
    assert!(format!("{:?}", identities[7].identity_status).contains("SOMETHING_NEW"));
    let pages = requests_to(&server, "/v2024/identities").await;
    assert_eq!(
        pages.len(),
        5,
        "1234 = 4 full pages of 250 and a short one; known total"
    );
    for (i, page) in pages.iter().enumerate() {
        assert_eq!(query(page, "offset"), Some((i * 250).to_string()));
        assert_eq!(
            query(page, "limit").as_deref(),
            Some("250"),
            "the declared maximum"
        );
        assert_eq!(
            query(page, "filters").as_deref(),
            Some(r#"name sw "Identity" and correlated eq true"#),
            "filters kept on every page"
        );
        assert_eq!(query(page, "sorters").as_deref(), Some("-name"));
        assert_eq!(query(page, "count").as_deref(), (i == 0).then_some("true"));
    }
}

#[tokio::test]
async fn a_400_past_a_full_last_page_is_the_end() {
    let server = tenant(1250, &["tok-1"], 3600, Duration::ZERO).await;
    let client = client(&server);
    // The caller sets count=false, so the total is unknown and the sixth request gets 400.
    let identities = client
        .list_identities()
        .count(false)
        .stream()
        .collect()
        .await
        .expect("the 400 past the end is not an error");
    assert_eq!(identities.len(), 1250);
    assert_eq!(requests_to(&server, "/v2024/identities").await.len(), 6);

    // With the total known (the default), the request past the end is never sent.
    let server = tenant(1250, &["tok-1"], 3600, Duration::ZERO).await;
    let identities = client_for(&server)
        .list_identities()
        .stream()
        .collect()
        .await
        .unwrap();
    assert_eq!(identities.len(), 1250);
    assert_eq!(requests_to(&server, "/v2024/identities").await.len(), 5);

    // A 400 for the first page is an error, with what the server said.
    let server = tenant(0, &["tok-1"], 3600, Duration::ZERO).await;
    let error = client_for(&server)
        .list_identities()
        .offset(10)
        .stream()
        .next()
        .await
        .expect("an item")
        .expect_err("400 on the first page");
    assert_eq!(
        error.to_string(),
        "listIdentities failed with 400 Bad Request: 400.1 Bad Request Content — Specified offset is invalid. — (tracking id c0ffee)"
    );
}

fn client_for(server: &MockServer) -> v2024::Client {
    client(server)
}

#[tokio::test]
async fn a_token_that_expires_mid_listing_is_renewed() {
    // Tokens live one second; each page takes 400 ms, so the listing outlives the first token.
    let server = tenant(
        1000,
        &["tok-1", "tok-2", "tok-3"],
        1,
        Duration::from_millis(400),
    )
    .await;
    let identities = client(&server)
        .list_identities()
        .stream()
        .collect()
        .await
        .unwrap();
    assert_eq!(identities.len(), 1000);
    let tokens = requests_to(&server, "/oauth/token").await.len();
    assert!(
        (2..=3).contains(&tokens),
        "renewed, not fetched per page: {tokens}"
    );
    let used: Vec<String> = requests_to(&server, "/v2024/identities")
        .await
        .iter()
        .map(bearer)
        .collect();
    assert_eq!(used.first().map(String::as_str), Some("tok-1"));
    assert_ne!(
        used.last().map(String::as_str),
        Some("tok-1"),
        "later pages use a new token"
    );
}

#[tokio::test]
async fn a_revoked_token_is_renewed_once_and_the_request_sent_again() {
    // The server no longer accepts tok-1 although it has not expired.
    let server = tenant(3, &["tok-2"], 3600, Duration::ZERO).await;
    let identities = client(&server)
        .list_identities()
        .send()
        .await
        .expect("succeeds after renewal");
    assert_eq!(identities.body.len(), 3);
    assert_eq!(requests_to(&server, "/oauth/token").await.len(), 2);
    let used: Vec<String> = requests_to(&server, "/v2024/identities")
        .await
        .iter()
        .map(bearer)
        .collect();
    assert_eq!(used, ["tok-1", "tok-2"]);

    // A server that rejects every token: one renewal, then the 401 comes back.
    let server = tenant(3, &[], 3600, Duration::ZERO).await;
    let error = client(&server)
        .list_identities()
        .send()
        .await
        .expect_err("401");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(requests_to(&server, "/oauth/token").await.len(), 2);
    assert_eq!(requests_to(&server, "/v2024/identities").await.len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_calls_share_one_token_request() {
    let server = tenant(5, &["tok-1"], 3600, Duration::ZERO).await;
    let client = client(&server);
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..50 {
        let client = client.clone();
        calls.spawn(async move { client.list_identities().send().await.map(|r| r.body.len()) });
    }
    while let Some(result) = calls.join_next().await {
        assert_eq!(result.unwrap().unwrap(), 5);
    }
    assert_eq!(requests_to(&server, "/oauth/token").await.len(), 1);
    assert_eq!(requests_to(&server, "/v2024/identities").await.len(), 50);
}

/// Answers `first` to the first `times` requests, then 200 with an identity.
async fn flaky(first: ResponseTemplate, times: u64) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(first)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "x", "name": "X"})))
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

fn plain_client(server: &MockServer) -> v2024::Client {
    v2024::Client::new(format!("{}/v2024", server.uri())).with_bearer_token("static-token")
}

#[tokio::test]
async fn rate_limits_are_waited_out_with_retry_after_seconds_or_a_date() {
    let server = flaky(
        ResponseTemplate::new(429).insert_header("Retry-After", "1"),
        1,
    )
    .await;
    let started = Instant::now();
    let identity = plain_client(&server)
        .get_identity("x")
        .send()
        .await
        .expect("after the wait");
    assert_eq!(identity.name, "X");
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "{:?}",
        started.elapsed()
    );

    let in_two_seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
        + 2;
    let date = chrono::DateTime::from_timestamp(in_two_seconds, 0)
        .unwrap()
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string();
    let server = flaky(
        ResponseTemplate::new(429).insert_header("Retry-After", date.as_str()),
        1,
    )
    .await;
    let started = Instant::now();
    plain_client(&server)
        .get_identity("x")
        .send()
        .await
        .expect("after the date");
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_503_storm_gives_up_at_the_bounds() {
    let server = flaky(ResponseTemplate::new(503), u64::MAX).await;
    let policy = RetryPolicy {
        max_retries: 3,
        initial_backoff: Duration::from_millis(10),
        ..RetryPolicy::default()
    };
    let error = plain_client(&server)
        .with_retry_policy(policy)
        .get_identity("x")
        .send()
        .await
        .expect_err("never recovers");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        4,
        "1 + 3 retries"
    );

    // Bounded by time: many retries allowed, but not beyond 300 ms.
    let server = flaky(ResponseTemplate::new(503), u64::MAX).await;
    let policy = RetryPolicy {
        max_retries: 1000,
        initial_backoff: Duration::from_millis(40),
        max_elapsed: Duration::from_millis(300),
        ..RetryPolicy::default()
    };
    let started = Instant::now();
    let result = plain_client(&server)
        .get_identity("x")
        .retry_policy(policy)
        .send()
        .await;
    assert!(result.is_err());
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    let sent = server.received_requests().await.unwrap().len();
    assert!((2..10).contains(&sent), "{sent} attempts");

    // A POST is not sent again after a 503: the server may have acted on it.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let result = plain_client(&server)
        .start_identities_invite(Default::default())
        .send()
        .await;
    assert_eq!(result.unwrap_err().status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn filter_values_are_quoted_and_escaped_on_the_wire() {
    let server = tenant(1, &["tok-1"], 3600, Duration::ZERO).await;
    let tricky = "Jo \"Bob\" \\ Zoë 🦀";
    let filter = ListIdentitiesFilter::name_eq(tricky)
        .or(ListIdentitiesFilter::id_in(["a", "b"]))
        .and(ListIdentitiesFilter::email_sw("jo@").not());
    client(&server)
        .list_identities()
        .filter_by(filter)
        .send()
        .await
        .unwrap();
    let sent = requests_to(&server, "/v2024/identities").await;
    assert_eq!(
        query(&sent[0], "filters").as_deref(),
        Some(r#"(name eq "Jo \"Bob\" \\ Zoë 🦀" or id in ("a", "b")) and not email sw "jo@""#)
    );
    // Values typed by the listed item's schema: a string enum goes by its wire text.
    let typed =
        ListIdentitiesFilter::processing_state_eq(v2024::types::IdentityProcessingState::Error);
    assert_eq!(typed.as_str(), r#"processingState eq "ERROR""#);
}

#[tokio::test]
async fn configuration_errors_name_the_variable_and_plain_http_is_refused_for_remote_hosts() {
    let lookup = |vars: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    };
    let missing = Config::from_lookup("SAIL", lookup(&[])).unwrap_err();
    assert!(missing.to_string().contains("SAIL_BASE_URL"), "{missing}");
    let half = Config::from_lookup(
        "SAIL",
        lookup(&[
            ("SAIL_BASE_URL", "https://acme.api.identitynow.com"),
            ("SAIL_CLIENT_ID", "id"),
        ]),
    )
    .unwrap_err();
    assert!(half.to_string().contains("SAIL_CLIENT_SECRET"), "{half}");
    let remote = Config::from_lookup(
        "SAIL",
        lookup(&[("SAIL_BASE_URL", "http://acme.example.com")]),
    )
    .unwrap_err();
    assert!(
        remote.to_string().contains("SAIL_BASE_URL is invalid"),
        "{remote}"
    );

    // A client built by hand for a remote http:// URL refuses to send (nothing leaves).
    let error = v2024::Client::new("http://acme.example.com/v2024")
        .with_bearer_token("t")
        .list_identities()
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest { .. }), "{error}");
    assert!(error.to_string().contains("acme.example.com"), "{error}");
}

/// Records every span and event field as `name=value` text.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<String>>>);

struct Fields<'a>(&'a mut Vec<String>);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push(format!("{}={value:?}", field.name()));
    }
}

impl tracing::Subscriber for Recorder {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut lines = self.0.lock().unwrap();
        lines.push(format!("span {}", span.metadata().name()));
        span.record(&mut Fields(&mut lines));
        tracing::span::Id::from_u64(lines.len() as u64)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        values.record(&mut Fields(&mut self.0.lock().unwrap()));
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        event.record(&mut Fields(&mut self.0.lock().unwrap()));
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test]
async fn traces_and_errors_carry_no_secret_and_no_query_value() {
    let server = tenant(3, &["tok-2"], 3600, Duration::ZERO).await;
    let recorder = Recorder::default();
    let client = client(&server);
    let call = client
        .list_identities()
        .filter_by(ListIdentitiesFilter::email_eq("jane.doe@example.com"))
        .send();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    call.await.expect("succeeds after one renewal");
    let lines = recorder.0.lock().unwrap().join("\n");
    assert!(lines.contains("operation=\"listIdentities\""), "{lines}");
    assert!(lines.contains("path=\"/identities\""), "{lines}");
    assert!(
        lines.contains("status=401") && lines.contains("status=200"),
        "{lines}"
    );
    for secret in [SECRET, "tok-1", "tok-2", "jane.doe"] {
        assert!(!lines.contains(secret), "{secret} in traces: {lines}");
    }
    let debug = format!("{client:?}");
    assert!(
        !debug.contains(SECRET) && !debug.contains("tok-"),
        "{debug}"
    );

    // A token endpoint that refuses: the error names the status, never the secret.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"error": "invalid_client"})))
        .mount(&server)
        .await;
    let error = client_for(&server)
        .list_identities()
        .send()
        .await
        .unwrap_err();
    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(shown.contains("invalid_client"), "{shown}");
        assert!(!shown.contains(SECRET), "{shown}");
    }
}

#[tokio::test]
async fn an_unavailable_token_endpoint_is_retried_like_any_call() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(TokenIssuer {
            issued: AtomicUsize::new(0),
            expires_in: 3600,
            delay: Duration::ZERO,
        })
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2024/identities"))
        .respond_with(Identities {
            total: 2,
            tokens: vec!["tok-1".to_owned()],
            delay: Duration::ZERO,
        })
        .mount(&server)
        .await;
    let fast = RetryPolicy {
        initial_backoff: Duration::from_millis(10),
        ..RetryPolicy::default()
    };
    let identities = client(&server)
        .with_retry_policy(fast)
        .list_identities()
        .send()
        .await
        .expect("the third token request succeeds");
    assert_eq!(identities.body.len(), 2);
    assert_eq!(requests_to(&server, "/oauth/token").await.len(), 3);
}

/// `data` as a gzip member made of one stored (uncompressed) deflate block.
fn gzip_stored(data: &[u8]) -> Vec<u8> {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    let len = u16::try_from(data.len()).expect("one stored block");
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, 1];
    out.extend(len.to_le_bytes());
    out.extend((!len).to_le_bytes());
    out.extend(data);
    out.extend((!crc).to_le_bytes());
    out.extend((data.len() as u32).to_le_bytes());
    out
}

#[tokio::test]
async fn gzip_bodies_decode_and_large_bodies_are_refused() {
    let body = serde_json::to_vec(&json!({"id": "x", "name": "Zipped"})).unwrap();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("Content-Encoding", "gzip")
                .insert_header("Content-Type", "application/json")
                .set_body_bytes(gzip_stored(&body)),
        )
        .mount(&server)
        .await;
    let identity = plain_client(&server)
        .get_identity("x")
        .send()
        .await
        .expect("gunzipped");
    assert_eq!(identity.name, "Zipped");
    let sent = server.received_requests().await.unwrap();
    let accepted = sent[0]
        .headers
        .get("accept-encoding")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(accepted.contains("gzip"), "{accepted}");

    let server = flaky(
        ResponseTemplate::new(200).set_body_string("x".repeat(10_000)),
        u64::MAX,
    )
    .await;
    let error = plain_client(&server)
        .with_max_response_bytes(1_000)
        .get_identity("x")
        .send()
        .await
        .expect_err("too large");
    assert!(
        matches!(error, Error::ResponseTooLarge { limit: 1_000, .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "getIdentity: 200 OK response body is larger than the limit of 1000 bytes"
    );
}

#[tokio::test]
async fn raw_requests_reuse_the_clients_auth_and_base_url() {
    let server = tenant(2, &["tok-1"], 3600, Duration::ZERO).await;
    let client = client(&server);
    let mut request = client.request(reqwest::Method::GET, "/identities");
    request.query("limit", &1);
    let response = client.execute(request).await.expect("sent");
    assert_eq!(response.status().as_u16(), 200);
    let identities = response.into_json::<Vec<Value>>().expect("JSON");
    assert_eq!(identities.body.len(), 1);
    let sent = requests_to(&server, "/v2024/identities").await;
    assert_eq!(bearer(&sent[0]), "tok-1");
    assert!(client.http_client().get(server.uri()).build().is_ok());
}
