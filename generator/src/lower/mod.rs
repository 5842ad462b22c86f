//! Stage 2, lowering: the document model → the IR ([`crate::ir`]). Schemas become models
//! ([`types`]), paths become operations ([`operations`]), 3.1 webhooks become payload models
//! ([`webhooks`]), `servers` become [`crate::ir::Server`]s ([`servers`]); descriptions become rustdoc text ([`docs`]), and the filter and sort fields a description
//! documents become typed expressions ([`filter_docs`]).

pub(crate) mod docs;
pub(crate) mod filter_docs;
pub(crate) mod operations;
pub(crate) mod servers;
pub(crate) mod types;
pub(crate) mod webhooks;
