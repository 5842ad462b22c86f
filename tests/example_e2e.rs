//! `generated/examples/list_identities.rs` run against a loopback server that pages like
//! SailPoint: 1,250 identities (an exact multiple of the 250-item page), `X-Total-Count` only when
//! `count=true` is asked for, and `400 Bad Request` for an offset past the end.
//!
//! One test only: it sets process-wide environment variables.

use std::collections::HashSet;

use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};
use workspace_tests::header;

#[allow(dead_code)] // its `main` is the example's entry point, not this test's
#[path = "../generated/examples/list_identities.rs"]
mod example;

const TOTAL: usize = 1250;
const CLIENT_ID: &str = "example-client-id";
const CLIENT_SECRET: &str = "example-client-secret-5f2c9d";

fn identity_id(index: usize) -> String {
    format!("2c9180857182305e{index:016x}")
}

fn identity_name(index: usize) -> String {
    format!("Identity {index:04}")
}

/// `GET /v2024/identities` over `TOTAL` identities, by `offset` and `limit`.
struct Identities;

impl Respond for Identities {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let query = |name: &str| {
            request
                .url
                .query_pairs()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.into_owned())
        };
        let number = |name: &str, default: usize| match query(name) {
            None => Ok(default),
            Some(value) => value.parse::<usize>().map_err(|_| name.to_owned()),
        };
        let (offset, limit) = match (number("offset", 0), number("limit", 250)) {
            (Ok(offset), Ok(limit)) if limit <= 250 => (offset, limit),
            _ => return ResponseTemplate::new(400).set_body_json(bad_request("limit")),
        };
        if offset >= TOTAL {
            // SailPoint's answer for an offset past the end, even right after a full last page.
            return ResponseTemplate::new(400).set_body_json(bad_request("offset"));
        }
        let page: Vec<_> = (offset..TOTAL.min(offset + limit))
            .map(|i| json!({ "id": identity_id(i), "name": identity_name(i) }))
            .collect();
        let mut response = ResponseTemplate::new(200).set_body_json(page);
        if query("count").as_deref() == Some("true") {
            response = response.insert_header("X-Total-Count", TOTAL.to_string());
        }
        response
    }
}

fn bad_request(parameter: &str) -> serde_json::Value {
    json!({
        "detailCode": "400.1 Bad Request Content",
        "trackingId": "x",
        "messages": [{
            "locale": "en-US",
            "localeOrigin": "DEFAULT",
            "text": format!("Specified {parameter} is invalid."),
        }],
    })
}

#[tokio::test]
async fn lists_every_identity_of_a_tenant_configured_by_the_environment() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "access_token": "tok-1", "expires_in": 3600 })),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2024/identities"))
        .respond_with(Identities)
        .mount(&server)
        .await;

    // Configured by exactly these three variables.
    for unset in [
        "SAIL_ACCESS_TOKEN",
        "SAIL_TOKEN_URL",
        "SAIL_ALLOW_INSECURE_HTTP",
    ] {
        std::env::remove_var(unset);
    }
    std::env::set_var("SAIL_BASE_URL", server.uri());
    std::env::set_var("SAIL_CLIENT_ID", CLIENT_ID);
    std::env::set_var("SAIL_CLIENT_SECRET", CLIENT_SECRET);

    let mut out = Vec::new();
    let count = example::run(&mut out)
        .await
        .unwrap_or_else(|error| panic!("the example fails: {error}"));
    let out = String::from_utf8(out).expect("UTF-8 output");

    assert_eq!(count, TOTAL);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), TOTAL, "one line per identity");
    assert!(out.ends_with('\n'));
    for (index, line) in lines.iter().enumerate() {
        assert_eq!(
            *line,
            format!("{}\t{}", identity_id(index), identity_name(index)),
            "line {index}"
        );
    }
    let distinct: HashSet<&str> = lines.iter().copied().collect();
    assert_eq!(distinct.len(), TOTAL, "no identity is listed twice");
    assert!(!out.contains(CLIENT_SECRET), "the output holds no secret");

    let requests = server.received_requests().await.expect("recording is on");
    let token_requests: Vec<&Request> = requests
        .iter()
        .filter(|r| r.url.path() == "/oauth/token")
        .collect();
    assert_eq!(token_requests.len(), 1, "one token serves every page");
    let token_form = String::from_utf8_lossy(&token_requests[0].body);
    assert!(
        token_form.contains("grant_type=client_credentials"),
        "{token_form}"
    );

    let pages: Vec<&Request> = requests
        .iter()
        .filter(|r| r.url.path() == "/v2024/identities")
        .collect();
    let mut offsets = Vec::new();
    for (number, page) in pages.iter().enumerate() {
        assert_eq!(
            header(page, "authorization"),
            ["Bearer tok-1"],
            "page request {number} is authenticated"
        );
        let query: Vec<(String, String)> = page.url.query_pairs().into_owned().collect();
        let value = |name: &str| {
            query
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.as_str())
        };
        assert_eq!(value("limit"), Some("250"), "page request {number}");
        assert_eq!(
            value("defaultFilter"),
            Some("NONE"),
            "page request {number}"
        );
        assert_eq!(
            value("count"),
            (number == 0).then_some("true"),
            "only the first page asks for the total"
        );
        offsets.push(
            value("offset")
                .unwrap_or("0")
                .parse::<usize>()
                .expect("numeric offset"),
        );
    }
    // Every page once, in order; with the total known the stream need not ask past the end, and
    // if it does, SailPoint's 400 for that offset ends the listing instead of failing it.
    let expected: Vec<usize> = (0..TOTAL).step_by(250).collect();
    assert!(
        offsets == expected || offsets == [expected.clone(), vec![TOTAL]].concat(),
        "offsets asked for: {offsets:?}"
    );

    // The quirk itself: without the total (`count=false`), the stream asks for offset 1,250 and
    // takes SailPoint's 400 as the end of the listing.
    let seen = requests.len();
    let client = sailpoint_identities::v2024::Client::from_env().expect("configured");
    let all = client
        .list_identities()
        .default_filter(sailpoint_identities::v2024::types::ListIdentitiesDefaultFilter::None)
        .count(false)
        .stream()
        .collect()
        .await
        .expect("a 400 past a full last page ends the stream");
    assert_eq!(all.len(), TOTAL);

    let requests = server.received_requests().await.expect("recording is on");
    let last = requests[seen..].last().expect("pages were asked for");
    assert!(
        last.url
            .query_pairs()
            .any(|(key, value)| key == "offset" && value == "1250"),
        "the stream asked past the end: {}",
        last.url
    );
    assert_eq!(
        requests[seen..]
            .iter()
            .filter(|r| r.url.path() == "/oauth/token")
            .count(),
        1,
        "the second client fetches one token of its own"
    );

    // What a failed call says: operation, status and SailPoint's message with its tracking id.
    let error = client
        .list_identities()
        .offset(TOTAL as i32)
        .send()
        .await
        .expect_err("an offset past the end is refused");
    assert_eq!(
        error.to_string(),
        "listIdentities failed with 400 Bad Request: 400.1 Bad Request Content — \
         Specified offset is invalid. — (tracking id x)"
    );
}
