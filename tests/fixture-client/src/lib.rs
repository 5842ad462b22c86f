//! Client for `tests/fixtures/constructs.yaml`, a small spec with one of each construct the
//! generator handles; the end-to-end tests in `tests/constructs_e2e.rs` call it.

include!(concat!(env!("OUT_DIR"), "/openapi_client.rs"));
