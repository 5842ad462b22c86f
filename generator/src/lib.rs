//! Generates a typed, async Rust client from OpenAPI 3.0 and 3.1 descriptions.
//!
//! # From a build script
//!
//! Add the generator as a build dependency and the crates the generated code uses
//! ([`GENERATED_DEPENDENCIES`]) as dependencies, then in `build.rs`:
//!
//! ```no_run
//! // In build.rs's `main`:
//! openapi_gen::Builder::new()
//!     .spec("spec/v2024.yaml")
//!     .spec("spec/cc.yaml")
//!     .env_prefix("SAIL")
//!     .generate()
//!     .expect("generate the client");
//! ```
//!
//! and in `src/lib.rs`:
//!
//! ```text
//! include!(concat!(env!("OUT_DIR"), "/openapi_client.rs"));
//! ```
//!
//! With several specs, each becomes a module named after its file stem (`v2024`, `cc`).
//! [`Builder::generate`] reruns when a spec changes and rewrites the file only when its
//! content changes, so an unchanged spec costs no rebuild.
//!
//! # A crate of its own
//!
//! [`Builder::write_crate`] writes a complete crate (`Cargo.toml` and `src/`), with one Cargo
//! feature per tag so its users compile only what they call; [`Builder::crate_files`] returns
//! the same files in memory. The command-line tool does this:
//!
//! ```text
//! openapi-gen --spec FILE [--spec FILE ...] --out DIR [--crate-name NAME] [--check]
//! ```
//!
//! # Errors and warnings
//!
//! A spec that cannot be read or parsed is an [`Error`] naming the file and the line or JSON
//! pointer, and nothing is written. Problems that can be repaired or expressed more loosely are
//! not errors: they come back as [`Diagnostic`]s, are written into the docs of the items they
//! concern, and generation goes on.
//!
//! # How it works
//!
//! One stage per module, run in the order `pipeline.rs` lists: `read` (text → JSON tree →
//! OpenAPI document model), `lower` (→ the plain-data [`ir`]), `passes` (decisions over the
//! IR: cycles, parameter shapes, shared error enums, feature gates), `emit` (IR → token trees)
//! and `render` (formatting, atomic writes).

#![warn(missing_docs)]

mod builder;
mod diagnostics;
mod emit;
pub mod ir;
mod lower;
mod naming;
mod passes;
mod pipeline;
mod read;
mod render;

use std::path::Path;

pub use builder::{Builder, Generated, DEFAULT_CRATE_NAME, DEFAULT_FILE_NAME};
pub use diagnostics::{Diagnostic, Error, Pointer, Severity};
pub use emit::manifest::GENERATED_DEPENDENCIES;
pub use pipeline::{module_name, PIPELINE_STACK_BYTES};
pub use read::source::{parse_document, MAX_NESTING_DEPTH};

/// Reads, lowers and runs every pass over the spec at `file`: its IR, and the warnings met on
/// the way. `module` names its module in the output.
pub fn lower_spec(file: &Path, module: &str) -> Result<(ir::Api, Vec<Diagnostic>), Error> {
    pipeline::on_large_stack(|| pipeline::lower_file(file, module))
}

/// The source of a call dispatcher for the spec at `file`: a module that calls any of its
/// operations through the client [`Builder::write_crate`] writes for it, with arguments given
/// as JSON. For conformance tests against mock servers; not part of a crate.
pub fn call_dispatcher(file: &Path) -> Result<String, Error> {
    let (api, _) = lower_spec(file, &module_name(file))?;
    let mut text = String::new();
    render::format_items("calls.rs", emit::calls::emit_dispatcher(&api), &mut text)?;
    Ok(text)
}

#[doc(hidden)]
pub mod testing {
    //! Internals for this repository's own tests and fuzz targets; not a stable API.
    pub use crate::diagnostics::Diagnostics;
    pub use crate::emit::reserved::reserved;
    pub use crate::emit::{crate_tree, EmitOptions};
    pub use crate::naming::{reserved_type_name, snake_name};
    pub use crate::passes::gating::{gate_crate, gating, Gating, MAX_FEATURES};
    pub use crate::pipeline::lower_loaded;
    pub use crate::read::load::load_str;
    pub use crate::render::{render_files, render_single};
}
