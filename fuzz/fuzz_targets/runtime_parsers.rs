//! The runtime's text parsers, compiled in place from `generator/templates/runtime/` (as
//! `tests/runtime_unit.rs` does). The first byte picks the parser (modulo the count below),
//! the rest is its input:
//!
//! 0. `retry_after` on a `Retry-After` header value, and `RetryPolicy::after_response` on it;
//! 1. `next_link` on `Link` header values (split on `\n`: one header per line);
//! 2. `total_count` on an `X-Total-Count` header value;
//! 3. `json_path_at` at the position `serde_json` reports for the text's decode error;
//! 4. `json_path_at` at an arbitrary line and column (two little-endian u16s, then the text);
//! 5. `FilterValue::string` / `Filter::compare` quoting, which must unquote to the input;
//! 6. `server_message` on an error body.

#![no_main]

#[allow(
    dead_code,
    unused_imports,
    clippy::result_large_err,
    clippy::large_enum_variant,
    clippy::type_complexity,
    clippy::enum_variant_names
)]
#[path = "../../generator/templates/runtime/mod.rs"]
mod runtime;

use std::time::{Duration, SystemTime};

use libfuzzer_sys::fuzz_target;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, LINK, RETRY_AFTER};
use reqwest::{Method, StatusCode};

const PARSERS: u8 = 7;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, input)) = data.split_first() else {
        return;
    };
    match selector % PARSERS {
        0 => retry_after(input),
        1 => next_link(input),
        2 => total_count(input),
        3 => json_path_at_decode_error(input),
        4 => json_path_at_anywhere(input),
        5 => filter_quoting(input),
        _ => server_message(input),
    }
});

fn header(name: HeaderName, value: &[u8]) -> Option<HeaderMap> {
    let value = HeaderValue::from_bytes(value).ok()?;
    let mut headers = HeaderMap::new();
    headers.insert(name, value);
    Some(headers)
}

/// 2026-01-01T00:00:00Z.
const NOW_SECS: u64 = 1_767_225_600;

fn retry_after(input: &[u8]) {
    let Some(headers) = header(RETRY_AFTER, input) else {
        return;
    };
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(NOW_SECS);
    let later = now + Duration::from_secs(1000);
    let before_epoch = SystemTime::UNIX_EPOCH - Duration::from_secs(1);
    let wait = runtime::retry_after(&headers, now);
    let wait_later = runtime::retry_after(&headers, later);
    let text = headers[RETRY_AFTER].to_str().ok().map(str::trim);

    if let Some(seconds) = text.and_then(|t| t.parse::<u64>().ok()) {
        // Delay seconds do not depend on the clock.
        assert_eq!(wait, Some(Duration::from_secs(seconds)));
        assert_eq!(wait_later, wait);
        assert_eq!(runtime::retry_after(&headers, before_epoch), wait);
    } else {
        // An HTTP date: the wait is the time left until it, never more, and shrinks as the
        // clock advances (by exactly the advance while the date is still ahead).
        assert_eq!(wait.is_some(), wait_later.is_some());
        if let (Some(a), Some(b)) = (wait, wait_later) {
            assert!(b <= a, "wait grew as time passed: {a:?} then {b:?}");
            if b > Duration::ZERO {
                assert_eq!(a - b, Duration::from_secs(1000));
            }
            let date = chrono::DateTime::parse_from_rfc2822(text.unwrap()).unwrap();
            let at = u64::try_from(date.timestamp()).unwrap();
            assert_eq!(a, Duration::from_secs(at.saturating_sub(NOW_SECS)));
        }
        // Before the epoch, the clock cannot be read: no wait.
        assert_eq!(runtime::retry_after(&headers, before_epoch), None);
    }

    // The policy never waits longer than it promises.
    let policy = runtime::RetryPolicy::default();
    for status in [
        StatusCode::TOO_MANY_REQUESTS,
        StatusCode::SERVICE_UNAVAILABLE,
        StatusCode::OK,
    ] {
        for attempt in [1, 2, 4, 5] {
            let elapsed = Duration::from_secs(u64::from(attempt) * 7);
            let decided = policy.after_response(&Method::GET, status, &headers, attempt, elapsed);
            if let Some(wait) = decided {
                assert!(status != StatusCode::OK);
                assert!(attempt <= policy.max_retries);
                assert!(wait <= policy.max_backoff);
                assert!(elapsed + wait <= policy.max_elapsed);
            }
        }
    }
}

fn next_link(input: &[u8]) {
    let mut headers = HeaderMap::new();
    for line in input.split(|&b| b == b'\n') {
        if let Ok(value) = HeaderValue::from_bytes(line) {
            headers.append(LINK, value);
        }
    }
    let Some(target) = runtime::next_link(&headers) else {
        return;
    };
    // The target is the text between a `<` and the next `>` of one of the headers.
    assert!(!target.contains('>'), "target {target:?} contains '>'");
    let bracketed = format!("<{target}>");
    assert!(
        headers
            .get_all(LINK)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| v.contains(&bracketed)),
        "target {target:?} is not bracketed in any Link header"
    );
}

fn total_count(input: &[u8]) {
    let Some(headers) = header(HeaderName::from_static("x-total-count"), input) else {
        return;
    };
    let count = runtime::total_count(&headers);
    let expected = headers["x-total-count"]
        .to_str()
        .ok()
        .and_then(|t| t.trim().parse::<u64>().ok());
    assert_eq!(count, expected);
}

/// Where the path finder is used: at the line and column of a decode error.
fn json_path_at_decode_error(input: &[u8]) {
    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Item {
        id: String,
        count: Option<u32>,
        tags: Option<Vec<String>>,
        nested: Option<Box<Item>>,
    }
    for error in [
        serde_json::from_slice::<serde_json::Value>(input).err(),
        serde_json::from_slice::<Vec<Item>>(input).err(),
        serde_json::from_slice::<Item>(input).err(),
    ]
    .into_iter()
    .flatten()
    {
        let path = runtime::json_path_at(input, error.line(), error.column());
        assert!(!path.is_empty());
    }
}

fn json_path_at_anywhere(input: &[u8]) {
    if input.len() < 4 {
        return;
    }
    let line = usize::from(u16::from_le_bytes([input[0], input[1]]));
    let column = usize::from(u16::from_le_bytes([input[2], input[3]]));
    let path = runtime::json_path_at(&input[4..], line, column);
    assert!(!path.is_empty());
}

struct Marker;

fn filter_quoting(input: &[u8]) {
    let Ok(text) = std::str::from_utf8(input) else {
        return;
    };
    let value = runtime::FilterValue::from(text);
    let quoted = value.as_str();
    // Quoted, and every escape is one JSON reads: the quoting must unquote to the input.
    assert!(quoted.len() >= 2 && quoted.starts_with('"') && quoted.ends_with('"'));
    let unquoted: String = serde_json::from_str(quoted)
        .unwrap_or_else(|e| panic!("quoted value {quoted:?} is not a JSON string: {e}"));
    assert_eq!(unquoted, text);
    // No raw control character survives.
    assert!(!quoted.chars().any(char::is_control));

    let filter = runtime::Filter::<Marker>::compare("name", "eq", value.clone());
    assert_eq!(filter.as_str(), format!("name eq {quoted}"));
    let combined =
        (filter.clone() & runtime::Filter::compare("alias", "sw", value.clone())) | !filter.clone();
    // Combining only adds structure around the comparisons, never inside a quoted value.
    assert_eq!(
        combined.as_str(),
        format!("(name eq {quoted} and alias sw {quoted}) or not name eq {quoted}")
    );
    let list = runtime::Filter::<Marker>::list("id", "in", [value.clone(), value.clone()]);
    assert_eq!(list.as_str(), format!("id in ({quoted}, {quoted})"));
}

fn server_message(input: &[u8]) {
    if let Some(message) = runtime::server_message(input) {
        assert!(!message.is_empty());
        assert!(
            message.chars().count() <= 1001,
            "message longer than its cap"
        );
    }
}
