//! Transport, errors and response values shared by the generated clients, written once here
//! instead of once per operation. Each concern is a module of its own; everything public is
//! re-exported here, so generated code names `runtime::Error`, `runtime::Request`, and so on.

pub mod auth;
pub mod config;
pub mod decode;
pub mod error;
pub mod filter;
pub mod multipart;
pub mod paging;
pub mod request;
pub mod response;
pub mod retry;
pub mod transport;

pub use self::auth::*;
pub use self::config::*;
pub use self::decode::*;
pub use self::error::*;
pub use self::filter::*;
pub use self::multipart::*;
pub use self::paging::*;
pub use self::request::*;
pub use self::response::*;
pub use self::retry::*;
pub use self::transport::*;
