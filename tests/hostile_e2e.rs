//! The generated SailPoint client against hostile servers on loopback: bodies cut short, reset
//! or stalled; bodies and gzip bombs past the size limit; redirects to another host and in a
//! loop; malformed, very deep and invalid-UTF-8 JSON; an HTML page from a proxy; absurd
//! `Retry-After`s; thousands of headers; token endpoints answering HTML, echoing the secret, or
//! giving odd lifetimes; APIs echoing the token; servers that ignore paging or cap pages.
//!
//! Each run must end with a typed error naming the operation, within a bounded time, and show
//! no secret or token in `Display` or `Debug`.

use std::time::{Duration, Instant};

use sailpoint_identities::runtime::{Config, ConfigError, Error, RetryPolicy};
use sailpoint_identities::{cc, v2024};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const SECRET: &str = "client-secret-d41d8cd9";
const TOKEN: &str = "access-token-8f00b204e980";

/// How a raw reply ends after its bytes are written.
#[derive(Clone, Copy)]
enum Ending {
    /// Close the connection.
    Close,
    /// Reset it (RST, not FIN).
    Reset,
    /// Keep it open and send nothing more.
    Stall,
    /// Keep writing `chunk` bytes of `x` until the client goes away.
    Endless { chunk: usize },
}

/// A server on loopback that answers every connection with `bytes`, then `ending`.
async fn raw_server(bytes: Vec<u8>, ending: Ending) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let bytes = bytes.clone();
            tokio::spawn(answer(stream, bytes, ending));
        }
    });
    format!("http://{address}")
}

async fn answer(mut stream: TcpStream, bytes: Vec<u8>, ending: Ending) {
    let mut head = Vec::new();
    let mut buffer = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buffer[..n]),
        }
    }
    if stream.write_all(&bytes).await.is_err() {
        return;
    }
    match ending {
        Ending::Close => {}
        Ending::Reset => {
            let _ = stream.set_zero_linger();
        }
        Ending::Stall => tokio::time::sleep(Duration::from_secs(60)).await,
        Ending::Endless { chunk } => {
            let block = vec![b'x'; chunk];
            while stream.write_all(&block).await.is_ok() {}
        }
    }
}

/// A v2024 client for `base` (`.../v2024` added) with a fixed token and no retries.
fn client(base: &str) -> v2024::Client {
    v2024::Client::new(format!("{base}/v2024"))
        .with_bearer_token(TOKEN)
        .with_retry_policy(RetryPolicy::none())
}

/// Checks what every failure must be: an error naming `operation`, showing no secret.
fn assert_contained<E: std::fmt::Debug>(error: &Error<E>, operation: &str) {
    assert_eq!(error.operation(), operation, "{error}");
    let display = error.to_string();
    assert!(display.starts_with(operation), "{display}");
    for shown in [display, format!("{error:?}")] {
        assert!(
            !shown.contains(TOKEN) && !shown.contains(SECRET),
            "a secret leaked: {shown}"
        );
    }
}

async fn get_identity(base: &str) -> Error<v2024::operations::GetIdentityError> {
    client(base)
        .get_identity("2c9180857182305e0171993735622948")
        .send()
        .await
        .expect_err("the server misbehaves")
}

#[tokio::test]
async fn a_truncated_body_is_a_transport_error() {
    let base = raw_server(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 5000\r\n\r\n{\"id\":\"x\",".to_vec(),
        Ending::Close,
    )
    .await;
    let error = get_identity(&base).await;
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_contained(&error, "getIdentity");
}

#[tokio::test]
async fn a_connection_reset_mid_body_is_a_transport_error() {
    let base = raw_server(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 5000\r\n\r\n{\"id\":\"x\",\"name\":".to_vec(),
        Ending::Reset,
    )
    .await;
    let error = get_identity(&base).await;
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_contained(&error, "getIdentity");
}

#[tokio::test]
async fn a_stalled_body_fails_after_the_idle_timeout() {
    let base = raw_server(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 5000\r\n\r\n[{\"id\":".to_vec(),
        Ending::Stall,
    )
    .await;
    let started = Instant::now();
    let error = client(&base)
        .with_idle_timeout(Duration::from_millis(400))
        .list_identities()
        .send()
        .await
        .expect_err("stalled");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    match &error {
        Error::Transport { source, .. } => assert!(source.is_timeout(), "{source:?}"),
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert_contained(&error, "listIdentities");
}

#[tokio::test]
async fn a_100_mb_body_stops_at_the_size_limit() {
    // Declared up front: refused before reading.
    let declared = raw_server(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 104857600\r\n\r\n"
            .to_vec(),
        Ending::Endless { chunk: 1 << 20 },
    )
    .await;
    // Not declared: counted as it arrives.
    let streamed = raw_server(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n".to_vec(),
        Ending::Endless { chunk: 1 << 20 },
    )
    .await;
    for base in [declared, streamed] {
        let started = Instant::now();
        let error = client(&base)
            .with_max_response_bytes(8 << 20)
            .get_identity("x")
            .send()
            .await
            .expect_err("too large");
        assert!(
            matches!(error, Error::ResponseTooLarge { limit, .. } if limit == 8 << 20),
            "{error:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(10));
        assert_contained(&error, "getIdentity");
    }
}

/// The peak resident memory of this process so far, in bytes (Linux).
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .map_or(0, |kb| kb * 1024)
}

#[tokio::test]
async fn a_gzip_bomb_stops_at_the_size_limit() {
    let bomb = std::fs::read(workspace_tests::fixture("gzip-bomb-100MiB.gz")).expect("fixture");
    let mut reply = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-encoding: gzip\r\ncontent-length: {}\r\n\r\n",
        bomb.len()
    )
    .into_bytes();
    reply.extend_from_slice(&bomb);
    let base = raw_server(reply, Ending::Close).await;
    let before = peak_rss();
    let error = client(&base)
        .with_max_response_bytes(4 << 20)
        .get_identity("x")
        .send()
        .await
        .expect_err("too large once inflated");
    assert!(matches!(error, Error::ResponseTooLarge { .. }), "{error:?}");
    assert_contained(&error, "getIdentity");
    let grown = peak_rss().saturating_sub(before);
    assert!(
        grown < 64 << 20,
        "inflating stopped at the limit: the peak grew by {} MiB, not 100",
        grown >> 20
    );
}

#[tokio::test]
async fn a_redirect_to_another_host_does_not_carry_the_token() {
    let elsewhere = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "1", "name": "Moved"})))
        .mount(&elsewhere)
        .await;
    let origin = MockServer::start().await;
    let port = elsewhere.address().port();
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(302).insert_header(
            "location",
            format!("http://localhost:{port}/v2024/identities/1"),
        ))
        .mount(&origin)
        .await;
    let identity = client(&origin.uri()).get_identity("1").send().await;
    let requests = elsewhere.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "the redirect was followed");
    assert!(
        requests[0].headers.get("authorization").is_none(),
        "the token stays with the host it was meant for"
    );
    assert_eq!(identity.expect("decoded").body.name, "Moved");
}

#[tokio::test]
async fn a_redirect_loop_is_a_transport_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", "/v2024/identities/1"))
        .mount(&server)
        .await;
    let started = Instant::now();
    let error = get_identity(&server.uri()).await;
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_contained(&error, "getIdentity");
    assert!(server.received_requests().await.unwrap().len() <= 11);
}

#[tokio::test]
async fn malformed_deep_and_invalid_utf8_json_are_decode_errors() {
    let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    let bodies: Vec<Vec<u8>> = vec![
        br#"{"id": "x", "name": "#.to_vec(),
        deep.into_bytes(),
        b"{\"id\": \"\xff\xfe\", \"name\": \"x\"}".to_vec(),
        br#"{"id": 1e999999, "name": "x"}"#.to_vec(),
    ];
    for body in bodies {
        let server = workspace_tests::serve(
            ResponseTemplate::new(200).set_body_raw(body, "application/json"),
        )
        .await;
        let error = get_identity(&server.uri()).await;
        assert!(matches!(error, Error::Decode { .. }), "{error:?}");
        assert_contained(&error, "getIdentity");
    }
}

#[tokio::test]
async fn an_html_page_from_a_proxy_is_an_error_with_its_status() {
    let server = workspace_tests::serve(ResponseTemplate::new(502).set_body_raw(
        "<html><body><h1>502 Bad Gateway</h1></body></html>",
        "text/html",
    ))
    .await;
    let error = get_identity(&server.uri()).await;
    assert_eq!(error.status().map(|s| s.as_u16()), Some(502));
    assert_contained(&error, "getIdentity");
}

#[tokio::test]
async fn absurd_retry_afters_neither_hang_nor_spin() {
    for (retry_after, requests) in [("999999999", 1), ("soon, maybe", 2)] {
        let server = workspace_tests::serve(
            ResponseTemplate::new(429)
                .insert_header("retry-after", retry_after)
                .set_body_json(json!({"message": "slow down"})),
        )
        .await;
        let started = Instant::now();
        let error = client(&server.uri())
            .with_retry_policy(RetryPolicy::retries(1))
            .get_identity("x")
            .send()
            .await
            .expect_err("throttled");
        assert!(started.elapsed() < Duration::from_secs(5), "{retry_after}");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
        assert_contained(&error, "getIdentity");
        assert_eq!(
            server.received_requests().await.unwrap().len(),
            requests,
            "Retry-After: {retry_after}"
        );
    }
}

#[tokio::test]
async fn three_thousand_headers_are_a_transport_error() {
    let mut reply = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n".to_vec();
    for i in 0..3000 {
        reply.extend_from_slice(format!("x-header-{i}: {i}\r\n").as_bytes());
    }
    reply.extend_from_slice(b"content-length: 2\r\n\r\n{}");
    let base = raw_server(reply, Ending::Close).await;
    let error = get_identity(&base).await;
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_contained(&error, "getIdentity");
}

/// A tenant whose token endpoint answers `token` and whose API answers `api`.
async fn tenant(token: ResponseTemplate, api: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(token)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(api)
        .mount(&server)
        .await;
    server
}

/// A client of `server` configured from variables, with client credentials.
fn configured(base_url: &str) -> v2024::Client {
    let config = Config::from_lookup("SAIL", |name| match name {
        "SAIL_BASE_URL" => Some(base_url.to_owned()),
        "SAIL_CLIENT_ID" => Some("client-id".to_owned()),
        "SAIL_CLIENT_SECRET" => Some(SECRET.to_owned()),
        _ => None,
    })
    .expect("valid configuration");
    v2024::Client::from_config(&config)
        .expect("configured")
        .with_retry_policy(RetryPolicy::none())
}

fn identity() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"id": "1", "name": "Jane"}))
}

#[tokio::test]
async fn token_endpoints_that_answer_html_or_echo_the_secret_fail_cleanly() {
    let html = ResponseTemplate::new(200).set_body_raw("<html>login</html>", "text/html");
    let echo = ResponseTemplate::new(500).set_body_json(
        json!({"error": format!("invalid client_secret {SECRET}"), "client_secret": SECRET}),
    );
    for token in [html, echo] {
        let server = tenant(token, identity()).await;
        let error = configured(&server.uri())
            .get_identity("1")
            .send()
            .await
            .expect_err("no token");
        assert!(matches!(error, Error::Authentication { .. }), "{error:?}");
        assert_contained(&error, "getIdentity");
    }
}

#[tokio::test]
async fn an_api_that_echoes_the_token_and_secret_has_them_scrubbed() {
    let server = tenant(
        ResponseTemplate::new(200)
            .set_body_json(json!({"access_token": TOKEN, "expires_in": 3600})),
        ResponseTemplate::new(400)
            .insert_header("x-debug", format!("Bearer {TOKEN}"))
            .set_body_json(json!({
                "detailCode": "400.0 Bad Request",
                "messages": [{"text": format!("token {TOKEN} and secret {SECRET} rejected")}]
            })),
    )
    .await;
    let error = configured(&server.uri())
        .get_identity("1")
        .send()
        .await
        .expect_err("rejected");
    assert_contained(&error, "getIdentity");
    assert!(error.to_string().contains("[redacted]"), "{error}");
}

#[tokio::test]
async fn odd_token_lifetimes_work_and_never_panic() {
    for expires_in in [
        json!(-5),
        json!(0),
        json!(u64::MAX),
        json!("3600"),
        Value::Null,
        json!("never"),
    ] {
        let mut body = json!({"access_token": TOKEN});
        if !expires_in.is_null() {
            body["expires_in"] = expires_in.clone();
        }
        let server = tenant(ResponseTemplate::new(200).set_body_json(body), identity()).await;
        let client = configured(&server.uri());
        for _ in 0..2 {
            let identity = client.get_identity("1").send().await;
            assert_eq!(
                identity.expect("authenticated").body.name,
                "Jane",
                "{expires_in}"
            );
        }
        let tokens = server
            .received_requests()
            .await
            .unwrap()
            .iter()
            .filter(|r| r.url.path() == "/oauth/token")
            .count();
        let expired = matches!(expires_in.as_i64(), Some(n) if n <= 0);
        assert_eq!(
            tokens,
            if expired { 2 } else { 1 },
            "expires_in {expires_in}"
        );
    }
}

#[tokio::test]
async fn tokens_come_from_the_tenant_root_even_with_the_api_path_configured() {
    let server = tenant(
        ResponseTemplate::new(200).set_body_json(json!({"access_token": TOKEN, "expires_in": 60})),
        identity(),
    )
    .await;
    let client = configured(&format!("{}/v2024", server.uri()));
    assert_eq!(client.base_url(), format!("{}/v2024", server.uri()));
    client
        .get_identity("1")
        .send()
        .await
        .expect("authenticated");
    let paths: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.url.path().to_owned())
        .collect();
    assert_eq!(paths, ["/oauth/token", "/v2024/identities/1"]);
}

#[test]
fn a_configuration_without_credentials_is_refused_unless_allowed() {
    let config = Config::from_lookup("SAIL", |name| {
        (name == "SAIL_BASE_URL").then(|| "https://acme.api.identitynow.com".to_owned())
    })
    .expect("the base URL alone reads");
    for error in [
        v2024::Client::from_config(&config).err(),
        cc::Client::from_config(&config).err(),
    ] {
        let error = error.expect("refused");
        assert!(
            matches!(error, ConfigError::NoCredentials { .. }),
            "{error}"
        );
        assert!(error.to_string().contains("SAIL_CLIENT_ID"), "{error}");
    }
    assert!(v2024::Client::from_config(&config.allow_anonymous()).is_ok());
}

/// `GET /v2024/identities` of `total` identities answered by `page`.
struct Listing<F>(F);

impl<F: Fn(usize, usize, bool) -> ResponseTemplate + Send + Sync + 'static> Respond for Listing<F> {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let query = |name: &str| {
            request
                .url
                .query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        };
        let offset = query("offset").map_or(0, |v| v.parse().unwrap_or(0));
        let limit = query("limit").map_or(250, |v| v.parse().unwrap_or(250));
        (self.0)(offset, limit, query("count").as_deref() == Some("true"))
    }
}

fn page(range: std::ops::Range<usize>) -> Value {
    range
        .map(|i| json!({"id": format!("id-{i:05}"), "name": format!("Identity {i}")}))
        .collect()
}

async fn listing(
    respond: impl Fn(usize, usize, bool) -> ResponseTemplate + Send + Sync + 'static,
) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2024/identities"))
        .respond_with(Listing(respond))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_server_that_ignores_paging_ends_the_stream_with_an_error() {
    let server = listing(|_, _, _| ResponseTemplate::new(200).set_body_json(page(0..250))).await;
    let started = Instant::now();
    let client = client(&server.uri());
    let mut stream = client.list_identities().stream();
    let mut items = 0;
    let error = loop {
        match stream.next().await {
            Some(Ok(_)) => items += 1,
            Some(Err(error)) => break error,
            None => panic!("the stream ended as if the listing were complete"),
        }
    };
    assert_eq!(items, 250, "the repeated page is not yielded again");
    assert!(matches!(error, Error::Paging { .. }), "{error:?}");
    assert_contained(&error, "listIdentities");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn max_pages_bounds_a_listing_that_never_ends() {
    let server = listing(|offset, limit, _| {
        ResponseTemplate::new(200).set_body_json(page(offset..offset + limit))
    })
    .await;
    let error = client(&server.uri())
        .list_identities()
        .limit(10)
        .stream()
        .max_pages(5)
        .collect()
        .await
        .expect_err("more than five pages");
    assert!(error.to_string().contains("more than 5 pages"), "{error}");
    assert_eq!(server.received_requests().await.unwrap().len(), 5);
}

#[tokio::test]
async fn short_pages_continue_while_the_total_says_there_is_more() {
    // The tenant caps pages at 100 whatever limit is asked for.
    let server = listing(|offset, limit, count| {
        let end = (offset + limit.min(100)).min(440);
        let mut response = ResponseTemplate::new(200).set_body_json(page(offset..end));
        if count {
            response = response.insert_header("X-Total-Count", "440");
        }
        response
    })
    .await;
    let identities = client(&server.uri())
        .list_identities()
        .stream()
        .collect()
        .await
        .expect("listed");
    assert_eq!(identities.len(), 440, "no identity dropped");
    assert_eq!(identities[439].id.as_deref(), Some("id-00439"));
}

#[tokio::test]
async fn an_error_on_a_later_page_is_yielded_not_taken_for_the_end() {
    let server = listing(|offset, limit, _| {
        if offset >= 250 {
            return ResponseTemplate::new(400).set_body_json(json!({
                "detailCode": "400.1 Bad Request Content",
                "messages": [{"text": "Invalid filter: unsupported operator"}]
            }));
        }
        ResponseTemplate::new(200).set_body_json(page(offset..offset + limit))
    })
    .await;
    let error = client(&server.uri())
        .list_identities()
        .count(false)
        .stream()
        .collect()
        .await
        .expect_err("page 2 failed");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    assert!(error.to_string().contains("Invalid filter"), "{error}");
    assert_contained(&error, "listIdentities");
}
