//! Compares a value as generated with the same value decoded into the generated type and
//! encoded again, up to the normalisations a typed client makes on purpose: date-times are
//! compared as instants (`1934-08-21T23:46:43.0Z` and `1934-08-21T23:46:43Z` are one time),
//! and a number may come back as the nearest `f32`, which `format: float` decodes into (see
//! [`same_number`]). Any other number must come back exactly.

use serde_json::Value;

/// The first place where `after` differs from `before` (`$.items[3].name`), with both values.
pub fn first_difference(before: &Value, after: &Value, path: &str) -> Option<String> {
    match (before, after) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                let here = format!("{path}.{key}");
                match b.get(key) {
                    Some(other) => {
                        if let Some(found) = first_difference(value, other, &here) {
                            return Some(found);
                        }
                    }
                    None => return Some(format!("{here}: {} dropped", brief(value))),
                }
            }
            b.keys()
                .find(|key| !a.contains_key(*key))
                .map(|key| format!("{path}.{key}: {} added", brief(&b[key])))
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (x, y))| first_difference(x, y, &format!("{path}[{i}]"))),
        (Value::Number(a), Value::Number(b)) if same_number(a, b) => None,
        (Value::String(a), Value::String(b)) if a == b || same_instant(a, b) => None,
        _ if before == after => None,
        _ => Some(format!("{path}: {} became {}", brief(before), brief(after))),
    }
}

/// Whether `after` is `before`: the same number, or `before` rounded to the nearest `f32` (a
/// `format: float` field). An `f64` that reads back
/// one unit in the last place off is a difference.
fn same_number(before: &serde_json::Number, after: &serde_json::Number) -> bool {
    if before == after {
        return true;
    }
    match (before.as_f64(), after.as_f64()) {
        (Some(x), Some(y)) => {
            // serde_json writes an f32 widened to f64 (0.29387885332107544) or, through
            // `Value`, as its shortest text (0.29387885).
            let nearest = x as f32;
            y == f64::from(nearest) || nearest.to_string().parse::<f64>() == Ok(y)
        }
        _ => false,
    }
}

/// Whether two strings are one RFC 3339 date-time written two ways.
fn same_instant(a: &str, b: &str) -> bool {
    match (
        chrono::DateTime::parse_from_rfc3339(a),
        chrono::DateTime::parse_from_rfc3339(b),
    ) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// A value shortened for a report.
fn brief(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(80) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn equal_values_and_normalisations_pass() {
        let before = json!({"a": [1, 2.5], "at": "1934-08-21T23:46:43.0Z", "f": 0.123456789});
        let after = json!({"a": [1, 2.5], "at": "1934-08-21T23:46:43Z", "f": 0.12345679});
        assert_eq!(first_difference(&before, &after, "$"), None);
    }

    #[test]
    fn real_differences_are_located() {
        let before = json!({"a": {"b": [1, 2]}, "c": "x"});
        assert_eq!(
            first_difference(&before, &json!({"a": {"b": [1, 3]}, "c": "x"}), "$"),
            Some("$.a.b[1]: 2 became 3".to_owned())
        );
        assert_eq!(
            first_difference(&before, &json!({"a": {"b": [1, 2]}}), "$"),
            Some("$.c: \"x\" dropped".to_owned())
        );
        assert_eq!(
            first_difference(&json!({}), &json!({"n": null}), "$"),
            Some("$.n: null added".to_owned())
        );
        assert!(first_difference(&json!(1), &json!(2), "$").is_some());
        // An f64 one unit in the last place off is not an f32 rounding.
        assert!(first_difference(&json!(94e61), &json!(9.399999999999999e62), "$").is_some());
        assert!(first_difference(&json!(0.1), &json!(0.1000001), "$").is_some());
        let widened = json!({"f": 0.29387885629216187, "g": -64000969.52931578});
        let back = json!({"f": 0.29387885332107544, "g": -64000968.0});
        assert_eq!(first_difference(&widened, &back, "$"), None);
        assert!(first_difference(&json!("2020-01-01"), &json!("2020-01-02"), "$").is_some());
    }
}
