//! Client for `tests/fixtures/constructs.yaml`, a small spec with one of each construct the
//! generator handles; the end-to-end tests in `tests/constructs_e2e.rs` call it.

include!(concat!(env!("OUT_DIR"), "/openapi_client.rs"));

/// The client generated from `tests/fixtures/openapi31.yaml` (OpenAPI 3.1), keeping the
/// properties objects do not declare.
pub mod v31 {
    include!(concat!(env!("OUT_DIR"), "/openapi31.rs"));
}
