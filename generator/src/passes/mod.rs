//! Stage 3, passes over the IR, run in the order [`crate::pipeline`] lists: each reads the
//! lowered IR and stores what it decides (boxes that break cycles, shared error enums, paging,
//! filter and sort builders, feature gates), so the emitters only render.

pub(crate) mod cycles;
pub(crate) mod degradations;
pub(crate) mod expressions;
pub(crate) mod gating;
pub(crate) mod paging;
pub(crate) mod parameter_shapes;
pub(crate) mod request_models;
pub(crate) mod shared_errors;
