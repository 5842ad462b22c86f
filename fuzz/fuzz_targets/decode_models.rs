//! Arbitrary bytes as JSON into the generated v2024 models (`build.rs` generates the client
//! from `spec/v2024.yaml`, as `generated/` does): `FromFields` structs, pages of them, error
//! bodies, string enums with an `Unknown` fallback and untagged unions (`BestMatch`).
//!
//! Properties, for every type below and every input:
//! - decoding never panics;
//! - when it fails on valid JSON, `runtime::json_path_at` at the error's position names a path
//!   that exists in the document (when the document's keys make paths unambiguous);
//! - when it succeeds, the value re-encodes, the encoding decodes again to an equal value, and
//!   that value encodes to the same text (a GET → modify → PUT round trip loses nothing,
//!   floats included: serde_json is built with `float_roundtrip`, as generated crates are).

#![no_main]

include!(concat!(env!("OUT_DIR"), "/openapi_client.rs"));

use libfuzzer_sys::fuzz_target;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    // Parsed once for the path checks; `None` when the bytes are not JSON.
    let document = serde_json::from_slice::<Value>(data).ok();
    macro_rules! check_all {
        ($($ty:ty),* $(,)?) => {
            $( check::<$ty>(stringify!($ty), data, document.as_ref()); )*
        };
    }
    check_all!(
        types::Identity,
        Vec<types::Identity>,
        types::ErrorResponseDto,
        types::UnauthorizedResponse,
        types::TooManyRequestsResponse,
        types::IdentityOwnershipAssociationDetails,
        types::RoleAssignmentDto,
        Vec<types::GetRoleAssignmentsOkItem>,
        types::IdentitySyncJob,
        types::TaskResultResponse,
        types::TaskStatus,
        types::InviteIdentitiesRequest,
        types::ProcessIdentitiesRequest,
        types::SendAccountVerificationRequest,
        types::ContextAttributeDtoValue,
        types::TaskStatusMessageParametersItem,
        types::LocaleOrigin,
    );
});

fn check<T>(name: &str, data: &[u8], document: Option<&Value>)
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    let first: T = match serde_json::from_slice(data) {
        Ok(value) => value,
        Err(error) => {
            let path = runtime::json_path_at(data, error.line(), error.column());
            assert!(!path.is_empty());
            if let (Some(document), serde_json::error::Category::Data) =
                (document, error.classify())
            {
                if unambiguous_keys(document) && !has_duplicate_keys(data) {
                    assert!(
                        resolve(document, &path),
                        "{name}: error {error} reported at path {path:?}, which the document does not have"
                    );
                }
            }
            return;
        }
    };
    let encoded = serde_json::to_vec(&first)
        .unwrap_or_else(|e| panic!("{name}: a decoded value does not encode: {e}: {first:?}"));
    let second: T = serde_json::from_slice(&encoded).unwrap_or_else(|e| {
        panic!(
            "{name}: the encoding of a decoded value does not decode: {e}\n  encoded: {}",
            String::from_utf8_lossy(&encoded)
        )
    });
    assert!(
        first == second,
        "{name}: decode(encode(x)) != x\n  encoded: {}\n  first: {first:?}\n  second: {second:?}",
        String::from_utf8_lossy(&encoded)
    );
    let again = serde_json::to_vec(&second).expect("encode");
    assert_eq!(
        String::from_utf8_lossy(&encoded),
        String::from_utf8_lossy(&again),
        "{name}: encoding is not stable"
    );
}

/// Whether every key is non-empty and free of `.`, `[` and `]`, so that a path
/// `a.b[2].c` splits one way only.
fn unambiguous_keys(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.iter().all(|(key, value)| {
            !key.is_empty() && !key.contains(['.', '[', ']']) && unambiguous_keys(value)
        }),
        Value::Array(items) => items.iter().all(unambiguous_keys),
        _ => true,
    }
}

/// Whether `path` (`.` for the root, else `key`, `[index]` and `.key` segments) names a value
/// of `document`.
fn resolve(document: &Value, path: &str) -> bool {
    if path == "." {
        return true;
    }
    let mut current = document;
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('[') {
            let Some(close) = after.find(']') else {
                return false;
            };
            let Ok(index) = after[..close].parse::<usize>() else {
                return false;
            };
            let Some(next) = current.as_array().and_then(|items| items.get(index)) else {
                return false;
            };
            current = next;
            rest = &after[close + 1..];
        } else {
            let after = rest.strip_prefix('.').unwrap_or(rest);
            let end = after.find(['.', '[']).unwrap_or(after.len());
            let Some(next) = current.as_object().and_then(|map| map.get(&after[..end])) else {
                return false;
            };
            current = next;
            rest = &after[end..];
        }
    }
    true
}

/// Whether some object of the JSON text repeats a key (the parsed `Value` keeps only the last,
/// while a decode error may point into an earlier one).
fn has_duplicate_keys(data: &[u8]) -> bool {
    use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

    struct Duplicates(bool);

    impl<'de> Deserialize<'de> for Duplicates {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_any(DuplicatesVisitor)
        }
    }

    struct DuplicatesVisitor;

    impl<'de> Visitor<'de> for DuplicatesVisitor {
        type Value = Duplicates;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("JSON")
        }

        fn visit_bool<E>(self, _: bool) -> Result<Duplicates, E> {
            Ok(Duplicates(false))
        }
        fn visit_i64<E>(self, _: i64) -> Result<Duplicates, E> {
            Ok(Duplicates(false))
        }
        fn visit_u64<E>(self, _: u64) -> Result<Duplicates, E> {
            Ok(Duplicates(false))
        }
        fn visit_f64<E>(self, _: f64) -> Result<Duplicates, E> {
            Ok(Duplicates(false))
        }
        fn visit_str<E>(self, _: &str) -> Result<Duplicates, E> {
            Ok(Duplicates(false))
        }
        fn visit_unit<E>(self) -> Result<Duplicates, E> {
            Ok(Duplicates(false))
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Duplicates, A::Error> {
            let mut found = false;
            while let Some(Duplicates(inner)) = seq.next_element()? {
                found |= inner;
            }
            Ok(Duplicates(found))
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Duplicates, A::Error> {
            let mut keys = std::collections::HashSet::new();
            let mut found = false;
            while let Some(key) = map.next_key::<String>()? {
                found |= !keys.insert(key);
                let Duplicates(inner) = map.next_value()?;
                found |= inner;
            }
            Ok(Duplicates(found))
        }
    }

    serde_json::from_slice::<Duplicates>(data).map_or(true, |Duplicates(found)| found)
}
