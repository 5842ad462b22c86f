//! When a request is sent again, and after how long.

use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

/// When to send a request again.
///
/// - `429 Too Many Requests`, for any method (the server did not act on the request): after
///   the response's `Retry-After` (seconds or an HTTP date), else after the backoff.
/// - `502`/`503`/`504` and transport failures (connection reset, timeout): for idempotent
///   methods (GET, HEAD, OPTIONS, PUT, DELETE, TRACE) after an exponential backoff with jitter;
///   for POST and PATCH only when [`retry_unsafe_methods`](Self::retry_unsafe_methods) is set,
///   since the server may have acted on the first attempt.
/// - A connection that could not be established, for any method (nothing was sent).
///
/// Bounded by [`max_retries`](Self::max_retries) and by [`max_elapsed`](Self::max_elapsed):
/// no retry starts that would begin after that much time since the first attempt.
///
/// The default allows 4 retries within 60 s, backing off from 0.5 s to at most 30 s. SailPoint
/// throttles at about 100 requests per token per 10 s and answers 429 with `Retry-After`; the
/// default waits that out, as long as it fits in the minute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// How many times a request may be sent again (0: never).
    pub max_retries: u32,
    /// The first backoff; doubled for each retry, then jittered (between half and all of it).
    pub initial_backoff: Duration,
    /// The longest single wait; when `Retry-After` asks for longer, the response is returned.
    pub max_backoff: Duration,
    /// The longest time from the first attempt to the start of the last one.
    pub max_elapsed: Duration,
    /// Also retry POST and PATCH after `502`/`503`/`504` and transport failures.
    pub retry_unsafe_methods: bool,
}

impl RetryPolicy {
    /// No retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// Up to `max_retries` retries with the default waits and time bound.
    pub fn retries(max_retries: u32) -> Self {
        RetryPolicy {
            max_retries,
            ..Self::default()
        }
    }

    /// How long to wait before sending again after a response with `status` and `headers`,
    /// or `None` to hand the response to the caller. `attempt` counts from 1; `elapsed` is the
    /// time since the first attempt started.
    pub fn after_response(
        &self,
        method: &Method,
        status: StatusCode,
        headers: &HeaderMap,
        attempt: u32,
        elapsed: Duration,
    ) -> Option<Duration> {
        let wait = match status {
            StatusCode::TOO_MANY_REQUESTS => {
                retry_after(headers, SystemTime::now()).unwrap_or_else(|| self.backoff(attempt))
            }
            StatusCode::BAD_GATEWAY
            | StatusCode::SERVICE_UNAVAILABLE
            | StatusCode::GATEWAY_TIMEOUT
                if self.may_repeat(method) =>
            {
                retry_after(headers, SystemTime::now()).unwrap_or_else(|| self.backoff(attempt))
            }
            _ => return None,
        };
        self.within_bounds(wait, attempt, elapsed)
    }

    /// How long to wait before sending again after a transport failure, or `None` to give up.
    /// `connect` says the connection could not be established, so nothing was sent.
    pub fn after_failure(
        &self,
        method: &Method,
        connect: bool,
        attempt: u32,
        elapsed: Duration,
    ) -> Option<Duration> {
        if !connect && !self.may_repeat(method) {
            return None;
        }
        self.within_bounds(self.backoff(attempt), attempt, elapsed)
    }

    /// Whether a request with `method` may be sent twice.
    fn may_repeat(&self, method: &Method) -> bool {
        self.retry_unsafe_methods
            || matches!(
                *method,
                Method::GET
                    | Method::HEAD
                    | Method::OPTIONS
                    | Method::PUT
                    | Method::DELETE
                    | Method::TRACE
            )
    }

    /// `wait`, if one more attempt is allowed, the wait is no longer than `max_backoff` (a
    /// server asking for more gets its response handed back) and the attempt starts within
    /// the time bound.
    fn within_bounds(&self, wait: Duration, attempt: u32, elapsed: Duration) -> Option<Duration> {
        (attempt <= self.max_retries
            && wait <= self.max_backoff
            && elapsed + wait <= self.max_elapsed)
            .then_some(wait)
    }

    /// The backoff before retry number `attempt`: `initial_backoff * 2^(attempt-1)`, capped,
    /// then a random point between half of it and all of it, so clients that failed together
    /// do not retry together.
    fn backoff(&self, attempt: u32) -> Duration {
        let exponent = attempt.saturating_sub(1).min(30);
        let full = self
            .initial_backoff
            .saturating_mul(1 << exponent)
            .min(self.max_backoff);
        let half = full / 2;
        half + half.mul_f64(jitter())
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 4,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            max_elapsed: Duration::from_secs(60),
            retry_unsafe_methods: false,
        }
    }
}

/// A random number in `[0, 1)`, from the standard library's randomly seeded hasher.
fn jitter() -> f64 {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos(),
    );
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// The wait a `Retry-After` header asks for: delay seconds, or an HTTP date (a date in the
/// past means no wait). `None` when absent or unreadable.
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let at = u64::try_from(date.timestamp()).ok()?;
    let now = now.duration_since(SystemTime::UNIX_EPOCH).ok()?.as_secs();
    Some(Duration::from_secs(at.saturating_sub(now)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(retry_after: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_str(retry_after).unwrap());
        headers
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777); // 1994-11-06 08:49:37 UTC
        assert_eq!(
            retry_after(&headers("7"), now),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            retry_after(&headers("Sun, 06 Nov 1994 08:49:40 GMT"), now),
            Some(Duration::from_secs(3))
        );
        assert_eq!(
            retry_after(&headers("Sun, 06 Nov 1994 08:00:00 GMT"), now),
            Some(Duration::ZERO),
            "a date in the past"
        );
        assert_eq!(retry_after(&headers("soon"), now), None);
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }

    #[test]
    fn throttling_is_retried_for_any_method_and_unavailability_only_when_safe() {
        let policy = RetryPolicy::default();
        let none = HeaderMap::new();
        let ms = Duration::from_millis;
        let wait = policy
            .after_response(
                &Method::POST,
                StatusCode::TOO_MANY_REQUESTS,
                &headers("2"),
                1,
                ms(0),
            )
            .unwrap();
        assert_eq!(wait, Duration::from_secs(2));
        assert!(policy
            .after_response(
                &Method::GET,
                StatusCode::SERVICE_UNAVAILABLE,
                &none,
                1,
                ms(0)
            )
            .is_some());
        assert!(policy
            .after_response(
                &Method::POST,
                StatusCode::SERVICE_UNAVAILABLE,
                &none,
                1,
                ms(0)
            )
            .is_none());
        assert!(policy
            .after_response(
                &Method::GET,
                StatusCode::INTERNAL_SERVER_ERROR,
                &none,
                1,
                ms(0)
            )
            .is_none());
        let unsafe_too = RetryPolicy {
            retry_unsafe_methods: true,
            ..RetryPolicy::default()
        };
        assert!(unsafe_too
            .after_response(&Method::POST, StatusCode::BAD_GATEWAY, &none, 1, ms(0))
            .is_some());
        assert!(
            policy
                .after_failure(&Method::POST, true, 1, ms(0))
                .is_some(),
            "nothing was sent"
        );
        assert!(policy
            .after_failure(&Method::POST, false, 1, ms(0))
            .is_none());
        assert!(policy
            .after_failure(&Method::GET, false, 1, ms(0))
            .is_some());
    }

    #[test]
    fn retries_stop_at_the_attempt_and_time_bounds() {
        let policy = RetryPolicy::retries(2);
        let none = HeaderMap::new();
        let status = StatusCode::SERVICE_UNAVAILABLE;
        assert!(policy
            .after_response(&Method::GET, status, &none, 2, Duration::ZERO)
            .is_some());
        assert!(policy
            .after_response(&Method::GET, status, &none, 3, Duration::ZERO)
            .is_none());
        let late = policy.max_elapsed - Duration::from_millis(10);
        assert!(policy
            .after_response(&Method::GET, status, &none, 1, late)
            .is_none());
        assert!(RetryPolicy::none()
            .after_response(&Method::GET, status, &none, 1, Duration::ZERO)
            .is_none());
        let far = policy.after_response(
            &Method::GET,
            StatusCode::TOO_MANY_REQUESTS,
            &headers("3600"),
            1,
            Duration::ZERO,
        );
        assert_eq!(far, None, "an hour is longer than the longest wait");
    }

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let policy = RetryPolicy::default();
        for attempt in 1..=8 {
            let full = (policy.initial_backoff * (1 << (attempt - 1))).min(policy.max_backoff);
            let wait = policy.backoff(attempt);
            assert!(
                wait >= full / 2 && wait <= full,
                "attempt {attempt}: {wait:?} vs {full:?}"
            );
        }
        let waits: std::collections::BTreeSet<Duration> =
            (0..20).map(|_| policy.backoff(3)).collect();
        assert!(waits.len() > 1, "jitter varies the wait");
    }
}
