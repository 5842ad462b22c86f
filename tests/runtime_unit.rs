//! The runtime module every generated crate carries, compiled and unit-tested in place from
//! `generator/templates/runtime/`: each part (auth, retry, paging, request, response, errors,
//! configuration, filters) has its own `#[cfg(test)]` tests there, which the generator strips
//! when it emits the module.

// Private here, so lints that spare a generated crate's public API apply; the generated
// modules carry the same allowances in their headers.
#[allow(
    dead_code,
    unused_imports,
    clippy::result_large_err,
    clippy::large_enum_variant,
    clippy::type_complexity,
    clippy::enum_variant_names
)]
#[path = "../generator/templates/runtime/mod.rs"]
mod runtime;
