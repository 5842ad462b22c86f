//! Typed async client for the SailPoint Identity Security Cloud identity endpoints.
//!
//! Generated at build time by `openapi-gen` from the OpenAPI documents in `spec/`:
//!
//! - [`v2024`]: the v2024 Identities API (list, get, delete, ownership details, role
//!   assignments, reset, password-reset email, invite, process, synchronize attributes);
//! - [`cc`]: the legacy CC API's `POST /cc/api/system/refreshIdentities`.
//!
//! Each module has a `Client` with one method per operation. Required parameters are method
//! arguments, optional ones are setters on the returned request builder, and `send()` performs
//! the call. Success values come with their status and headers ([`runtime::ResponseValue`]);
//! errors ([`runtime::Error`]) carry the status, headers and the decoded error body the spec
//! declares for that status, or the raw bytes when the status is undeclared or the body does
//! not decode.
//!
//! ```no_run
//! use sailpoint_identities::{cc, runtime, v2024};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = v2024::Client::new(v2024::server_url("acme")).with_bearer_token("ACCESS_TOKEN");
//!
//! // Or let the client fetch and renew tokens itself, and ride out rate limits:
//! let _service = v2024::Client::new(v2024::server_url("acme"))
//!     .with_client_credentials("https://acme.api.identitynow.com/oauth/token", "CLIENT_ID", "CLIENT_SECRET")
//!     .with_retry_policy(runtime::RetryPolicy::retries(3));
//!
//! // Required parameters are arguments; optional ones are setters.
//! let page = client
//!     .list_identities()
//!     .filters(r#"email eq "jane@example.com""#)
//!     .limit(50)
//!     .send()
//!     .await?;
//! for identity in page.body.iter() {
//!     println!("{} ({:?})", identity.name, identity.id);
//! }
//!
//! // Declared error statuses decode into typed bodies.
//! match client.get_identity("2c9180857182305e0171993735622948").send().await {
//!     Ok(identity) => println!("found {}", identity.name),
//!     Err(runtime::Error::Api { body: v2024::operations::GetIdentityError::NotFound(e), .. }) => {
//!         println!("no such identity: {:?}", e.messages)
//!     }
//!     Err(other) => return Err(other.into()),
//! }
//!
//! // The legacy CC API lives on the tenant's root URL.
//! let cc = cc::Client::new(cc::server_url("acme")).with_bearer_token("ACCESS_TOKEN");
//! let request = cc::types::RefreshIdentitiesRequest {
//!     filter: Some(r#"name eq "jane""#.to_owned()),
//!     refresh_args: Some(cc::types::RefreshIdentitiesRequestRefreshArgs {
//!         promote_attributes: Some(true),
//!         ..Default::default()
//!     }),
//! };
//! cc.refresh_identities().body(request).send().await?;
//! # Ok(())
//! # }
//! ```

include!(concat!(env!("OUT_DIR"), "/openapi_client.rs"));
