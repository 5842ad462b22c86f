//! Generates a typed, async Rust client from OpenAPI 3 descriptions.
//!
//! The pipeline is linear, one module per stage:
//! [`load`] (YAML/JSON, lenient repairs) → [`resolve`] (`$ref`s) → IR ([`types`] for models,
//! [`operations`] for endpoints, held in [`ir`]) → [`emit`] (`quote`) → format (`prettyplease`)
//! → [`write`] (atomic, only when changed). Warnings carry the spec file and JSON pointer.
//!
//! # From a build script
//!
//! ```no_run
//! // In build.rs's `main`:
//! openapi_gen::Builder::new()
//!     .spec("../spec/v2024.yaml")
//!     .spec("../spec/cc.yaml")
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
//! The generated code needs the dependencies listed in [`GENERATED_DEPENDENCIES`] (the
//! `[dependencies]` lines of the manifests the command-line tool writes).
//!
//! # From the command line
//!
//! ```text
//! openapi-gen --spec FILE [--spec FILE ...] --out DIR [--crate-name NAME] [--check]
//! ```
//!
//! writes a complete crate (`Cargo.toml` and `src/`) to `DIR`. With several specs, each
//! becomes a module named after its file stem.
//!
//! # Errors
//!
//! A spec that cannot be read or parsed is an [`Error`] naming the file and the line or
//! JSON pointer. Problems that can be repaired or expressed more loosely are not errors: they
//! come back as [`Diagnostic`]s and generation goes on.

pub mod cycles;
pub mod diagnostics;
pub mod docs;
pub mod emit;
pub mod errors;
pub mod features;
pub mod filter_docs;
pub mod ir;
pub mod load;
pub mod naming;
pub mod operations;
pub mod paging;
pub mod reserved;
pub mod resolve;
pub mod source;
pub mod spec;
pub mod types;
pub mod webhooks;
pub mod write;

use std::path::{Path, PathBuf};

pub use diagnostics::{Diagnostic, Error, Severity};

/// The file name [`Builder::generate`] writes into the output directory by default.
pub const DEFAULT_FILE_NAME: &str = "openapi_client.rs";

/// The stack the pipeline runs on. Specs nest schemas as deep as
/// [`source::MAX_NESTING_DEPTH`] levels, and reading, lowering and dropping them recurses once
/// per level; the memory is reserved, not used, until a spec that deep needs it.
pub const PIPELINE_STACK_BYTES: usize = 1 << 30;

/// Runs `work` on a thread with a [`PIPELINE_STACK_BYTES`] stack (or, if no such thread can
/// be started, on the caller's).
fn on_large_stack<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    let slot = std::sync::Mutex::new(Some(work));
    let take = || slot.lock().ok().and_then(|mut w| w.take());
    let result = std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("openapi-gen".to_owned())
            .stack_size(PIPELINE_STACK_BYTES)
            .spawn_scoped(scope, || take().map(|work| work()))
            .ok()?;
        match handle.join() {
            Ok(value) => value,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    match result {
        Some(value) => value,
        None => match take() {
            Some(work) => work(),
            None => unreachable!("the work ran on the pipeline thread or is still here"),
        },
    }
}

/// Loads, repairs and lowers one spec into the IR; `module` names its module in the output.
pub fn lower_spec(file: &Path, module: &str) -> Result<(ir::Api, Vec<Diagnostic>), Error> {
    on_large_stack(|| {
        let mut diagnostics = diagnostics::Diagnostics::new(file);
        let spec = load::load(file, &mut diagnostics)?;
        let api = lower_loaded(&spec, module, &mut diagnostics);
        Ok((api, diagnostics.into_vec()))
    })
}

/// The source of a call dispatcher for the spec at `file` (see [`emit::calls`]): a module that
/// calls any of its operations through the client [`generate_crate`] writes for it, with
/// arguments given as JSON. For conformance tests against mock servers; not part of a crate.
pub fn call_dispatcher(file: &Path) -> Result<String, Error> {
    let (api, _) = lower_spec(file, &module_name(file))?;
    let mut text = String::new();
    emit::format_items("calls.rs", emit::calls::emit_dispatcher(&api), &mut text)?;
    Ok(text)
}

/// Lowers an already loaded spec.
pub fn lower_loaded(
    spec: &load::LoadedSpec,
    module: &str,
    diagnostics: &mut diagnostics::Diagnostics,
) -> ir::Api {
    let mut builder = types::TypeBuilder::new(spec, diagnostics);
    let mut operations = operations::lower_operations(spec, &mut builder);
    webhooks::lower_webhooks(spec, &mut builder);
    let mut types = builder.finish();
    operations::decide_shapes(&mut operations, &types);
    document_degradations(&mut types, &mut operations, diagnostics);
    let document = &spec.document;
    let servers = document
        .servers
        .iter()
        .map(|server| {
            let mut names = naming::NameScope::new();
            ir::Server {
                url: server.url.clone(),
                docs: server.description.as_deref().map(docs::sanitize),
                variables: server
                    .variables
                    .iter()
                    .map(|(name, default, description)| ir::ServerVariable {
                        name: name.clone(),
                        rust_name: names.claim(&naming::snake_name(name)),
                        default: default.clone(),
                        docs: description.as_deref().map(docs::sanitize),
                    })
                    .collect(),
            }
        })
        .collect();
    let mut api = ir::Api {
        module: module.to_owned(),
        title: document.title.clone(),
        docs: document.description.as_deref().map(docs::sanitize),
        version: document.version.clone(),
        servers,
        token_url: document.token_url.clone(),
        requires_credentials: document.requires_credentials,
        types,
        operations,
        shared_errors: Vec::new(),
    };
    errors::share_error_enums(&mut api);
    api
}

/// Puts each degradation into the docs of the model or operation it concerns, so a reader of
/// the generated code sees why a type is looser than the spec.
fn document_degradations(
    types: &mut ir::TypeSpace,
    operations: &mut [ir::Operation],
    diagnostics: &diagnostics::Diagnostics,
) {
    let note = |docs: &mut Option<String>, pointer: &diagnostics::Pointer| {
        let found = diagnostics.degradations_at(pointer);
        if !found.is_empty() {
            let lines = found
                .iter()
                .map(|m| format!("**Degraded:** {m}."))
                .collect();
            *docs = docs::append(docs.take(), lines);
        }
    };
    for def in &mut types.types {
        note(&mut def.docs, &def.pointer);
    }
    for op in operations {
        note(&mut op.docs, &op.pointer);
    }
}

/// The module name for a spec file: its stem in snake case (`v2024.yaml` → `v2024`), with an
/// `_api` suffix when the generated code uses that name for a module or crate of its own
/// (`runtime.yaml` → `runtime_api`, `serde.yaml` → `serde_api`).
pub fn module_name(file: &Path) -> String {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = naming::snake_name(&stem);
    if reserved::reserved().modules.contains(&name) {
        return format!("{name}_api");
    }
    name
}

/// Lowers every spec, checking that their module names differ.
fn lower_all(specs: &[PathBuf]) -> Result<(Vec<ir::Api>, Vec<Diagnostic>), Error> {
    if specs.is_empty() {
        return Err(Error::NoSpec);
    }
    let mut apis: Vec<ir::Api> = Vec::new();
    let mut warnings = Vec::new();
    for file in specs {
        let module = module_name(file);
        if let Some(j) = apis.iter().position(|api| api.module == module) {
            return Err(Error::ModuleClash {
                first: specs[j].clone(),
                second: file.clone(),
                module,
            });
        }
        let mut diagnostics = diagnostics::Diagnostics::new(file);
        let spec = load::load(file, &mut diagnostics)?;
        let api = lower_loaded(&spec, &module, &mut diagnostics);
        let mut found = diagnostics.into_vec();
        apis.push(api);
        warnings.append(&mut found);
    }
    Ok((apis, warnings))
}

/// Generated output: files (relative path, contents) and the warnings met on the way.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Files relative to the output directory, in a fixed order.
    pub files: Vec<(String, String)>,
    /// Repairs and degradations, in spec order.
    pub warnings: Vec<Diagnostic>,
}

/// Choices for [`generate_crate`].
#[derive(Debug, Clone)]
pub struct CrateOptions {
    /// The package name in `Cargo.toml`.
    pub crate_name: String,
    /// One Cargo feature per tag (plus `all-models` and a default `full`), so consumers compile
    /// only the parts they use.
    pub tag_features: bool,
    /// Keep undeclared properties of objects for round trips (see [`emit::EmitOptions`]).
    pub keep_unknown_properties: bool,
    /// The prefix of the variables `Client::from_env` reads; by default the crate name in
    /// upper snake case (`my-api` reads `MY_API_BASE_URL`).
    pub env_prefix: Option<String>,
}

/// The default environment prefix for a crate: its name in upper snake case.
pub fn env_prefix_for(crate_name: &str) -> String {
    let prefix = heck::ToShoutySnakeCase::to_shouty_snake_case(crate_name);
    if prefix.is_empty() {
        "API".to_owned()
    } else {
        prefix
    }
}

impl CrateOptions {
    /// Options for a crate named `crate_name`, with tag features on.
    pub fn new(crate_name: impl Into<String>) -> Self {
        CrateOptions {
            crate_name: crate_name.into(),
            tag_features: true,
            keep_unknown_properties: false,
            env_prefix: None,
        }
    }
}

/// Generates a complete crate (`Cargo.toml` and `src/`) for `specs`.
pub fn generate_crate(specs: &[PathBuf], options: &CrateOptions) -> Result<Generated, Error> {
    on_large_stack(|| generate_crate_here(specs, options))
}

fn generate_crate_here(specs: &[PathBuf], options: &CrateOptions) -> Result<Generated, Error> {
    let (apis, warnings) = lower_all(specs)?;
    let docs = crate_docs(&apis);
    let gatings: Option<Vec<features::Gating>> = options.tag_features.then(|| {
        let prefixed = apis.len() > 1;
        let max_groups = group_budget(&apis);
        apis.iter()
            .map(|api| {
                let prefix = if prefixed {
                    format!("{}-", api.module)
                } else {
                    String::new()
                };
                features::gating(api, &prefix, max_groups)
            })
            .collect()
    });
    let emit_options = emit::EmitOptions {
        keep_unknown_properties: options.keep_unknown_properties,
        env_prefix: options
            .env_prefix
            .clone()
            .unwrap_or_else(|| env_prefix_for(&options.crate_name)),
    };
    let tree = emit::crate_tree(&apis, gatings.as_deref(), &docs, &emit_options);
    let manifest = cargo_toml(&options.crate_name, &apis, gatings.as_deref());
    let mut files = vec![("Cargo.toml".to_owned(), manifest)];
    files.extend(emit::render_files(&tree)?);
    Ok(Generated { files, warnings })
}

/// Generates the single file a build script `include!`s.
pub fn generate_single_file(
    specs: &[PathBuf],
    options: &emit::EmitOptions,
) -> Result<(String, Vec<Diagnostic>), Error> {
    on_large_stack(|| {
        let (apis, warnings) = lower_all(specs)?;
        let docs = crate_docs(&apis);
        let tree = emit::crate_tree(&apis, None, &docs, options);
        Ok((emit::render_single(&tree)?, warnings))
    })
}

fn crate_docs(apis: &[ir::Api]) -> String {
    let titles: Vec<String> = apis
        .iter()
        .map(|a| format!("{} {}", a.title, a.version))
        .collect();
    format!(
        "Typed async client for {}, generated by openapi-gen. Do not edit by hand.",
        titles.join(", ")
    )
}

/// The `[dependencies]` lines every generated crate needs: the one list the manifests the
/// command-line tool writes, the README's build-script recipe and `generated/` follow.
pub const GENERATED_DEPENDENCIES: &str = r#"bytes = "1"
chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }
futures-util = { version = "0.3", default-features = false }
reqwest = { version = "0.12", default-features = false, features = ["rustls-tls", "gzip"] }
serde = { version = "1", features = ["derive"] }
serde_json = { version = "1", features = ["float_roundtrip"] }
tokio = { version = "1", default-features = false, features = ["time", "sync"] }
tracing = { version = "0.1", default-features = false, features = ["std"] }
"#;

fn cargo_toml(crate_name: &str, apis: &[ir::Api], gatings: Option<&[features::Gating]>) -> String {
    let description = apis
        .iter()
        .map(|a| a.title.replace('"', "'"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "# Generated by openapi-gen. Do not edit by hand.\n[package]\nname = \"{crate_name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\ndescription = \"Client for {description}\"\npublish = false\n\n[lib]\ndoctest = false\n\n[dependencies]\n{GENERATED_DEPENDENCIES}{}",
        gatings.map(features_section).unwrap_or_default()
    )
}

/// How many group features each spec may add (see [`features::Gating::groups`]) while the
/// crate stays within crates.io's limit on features.
fn group_budget(apis: &[ir::Api]) -> usize {
    let tags: usize = apis
        .iter()
        .map(|api| {
            let mut seen = std::collections::BTreeSet::new();
            for op in &api.operations {
                seen.extend(op.tags.iter());
            }
            seen.len()
        })
        .sum();
    let fixed = 2 + apis.len() + tags; // default, full, one all-models per spec, the tags
    features::MAX_FEATURES.saturating_sub(fixed) / apis.len().max(1)
}

/// The `[features]` table: one feature per tag, `all-models`, the group features each of them
/// turns on, and a default `full`.
fn features_section(gatings: &[features::Gating]) -> String {
    let mut all = Vec::new();
    let mut lines = Vec::new();
    for gating in gatings {
        let groups_of = |feature: &str| -> String {
            let names: Vec<String> = gating
                .groups
                .iter()
                .filter(|(_, members)| members.iter().any(|m| m == feature))
                .map(|(group, _)| format!("\"{group}\""))
                .collect();
            names.join(", ")
        };
        all.push(gating.all_models.clone());
        lines.push(format!(
            "# Every model, including those no operation uses.\n{} = [{}]",
            gating.all_models,
            groups_of(&gating.all_models)
        ));
        for (feature, tag) in &gating.tag_features {
            all.push(feature.clone());
            lines.push(format!(
                "# Operations tagged `{}`.\n{feature} = [{}]",
                tag.replace('\n', " "),
                groups_of(feature)
            ));
        }
        for (group, members) in &gating.groups {
            let listed = members
                .iter()
                .take(6)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            let more = match members.len().saturating_sub(6) {
                0 => String::new(),
                n => format!(" and {n} more"),
            };
            lines.push(format!(
                "# Items that {listed}{more} need alike: on with any of them, not meant to be set directly.\n{group} = []"
            ));
        }
    }
    let quoted: Vec<String> = all.iter().map(|f| format!("\"{f}\"")).collect();
    format!(
        "\n[features]\ndefault = [\"{full}\"]\n# Everything.\n{full} = [{}]\n{}\n",
        quoted.join(", "),
        lines.join("\n"),
        full = features::FULL
    )
}

/// Generates client code from a build script, in the style of `prost_build::Config`.
#[derive(Debug, Clone, Default)]
pub struct Builder {
    specs: Vec<PathBuf>,
    out_dir: Option<PathBuf>,
    file_name: Option<String>,
    env_prefix: Option<String>,
    options: emit::EmitOptions,
}

impl Builder {
    /// A builder with no specs, writing to `$OUT_DIR`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a spec file (YAML or JSON). With several, each becomes a module named after its stem.
    pub fn spec(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.specs.push(path.into());
        self
    }

    /// Writes into `dir` instead of `$OUT_DIR`.
    pub fn out_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Keeps the properties objects do not declare, so a GET → modify → PUT round trip does
    /// not erase them (off by default: it costs decoding speed).
    pub fn keep_unknown_properties(&mut self, keep: bool) -> &mut Self {
        self.options.keep_unknown_properties = keep;
        self
    }

    /// The prefix of the environment variables `Client::from_env` reads (`SAIL` reads
    /// `SAIL_BASE_URL`, `SAIL_CLIENT_ID`, ...); by default the package name in upper snake case.
    pub fn env_prefix(&mut self, prefix: impl Into<String>) -> &mut Self {
        self.env_prefix = Some(prefix.into());
        self
    }

    /// Names the output file (default [`DEFAULT_FILE_NAME`]).
    pub fn file_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.file_name = Some(name.into());
        self
    }

    /// Generates the code, prints `cargo:rerun-if-changed` for each spec and `cargo:warning`
    /// for each degradation, and writes the file only if its content changed.
    /// Returns all warnings, repairs included.
    pub fn generate(&self) -> Result<Vec<Diagnostic>, Error> {
        for spec in &self.specs {
            println!("cargo:rerun-if-changed={}", spec.display());
        }
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| Error::Write {
                    path: PathBuf::from("$OUT_DIR"),
                    source: std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        "OUT_DIR is not set; call out_dir() outside build scripts",
                    ),
                })?,
        };
        let mut options = self.options.clone();
        options.env_prefix = match &self.env_prefix {
            Some(prefix) => prefix.clone(),
            None => env_prefix_for(&std::env::var("CARGO_PKG_NAME").unwrap_or_default()),
        };
        let (code, warnings) = generate_single_file(&self.specs, &options)?;
        for warning in warnings.iter().filter(|w| w.severity == Severity::Degraded) {
            println!("cargo:warning={warning}");
        }
        let name = self.file_name.as_deref().unwrap_or(DEFAULT_FILE_NAME);
        write::write_if_changed(&out_dir.join(name), &code)?;
        Ok(warnings)
    }
}
