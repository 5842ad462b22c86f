//! Stage 1, reading: spec text → JSON tree ([`source`]) → checked OpenAPI 3 document
//! ([`load`]) → the dialect-normalised document model ([`spec`]), with `$ref`s followed by
//! [`resolve`] only.

pub(crate) mod load;
pub(crate) mod resolve;
pub(crate) mod source;
pub(crate) mod spec;
