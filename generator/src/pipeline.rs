//! The pipeline, every stage and pass in order: read ([`crate::read`]) → lower
//! ([`crate::lower`]) → passes ([`crate::passes`]) → emit ([`crate::emit`]) → render
//! ([`crate::render`]). [`lower_loaded`] lists the passes over one spec; [`crate_files`] and
//! [`single_file`] the crate-wide ones and the output.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, Error};
use crate::emit::{self, EmitOptions};
use crate::ir;
use crate::lower::{operations, servers, types, webhooks};
use crate::passes::{
    cycles, degradations, expressions, gating, paging, parameter_shapes, request_models,
    shared_errors,
};
use crate::read::load;
use crate::render;

/// The stack the pipeline runs on. Specs nest schemas as deep as
/// [`crate::MAX_NESTING_DEPTH`] levels, and reading, lowering and dropping them recurses
/// once per level; the memory is reserved, not used, until a spec that deep needs it.
pub const PIPELINE_STACK_BYTES: usize = 1 << 30;

/// Runs `work` on a thread with a [`PIPELINE_STACK_BYTES`] stack (or, if no such thread can
/// be started, on the caller's).
pub(crate) fn on_large_stack<T: Send>(work: impl FnOnce() -> T + Send) -> T {
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

/// Lowers a loaded spec into the IR and runs every pass over it, in order.
pub fn lower_loaded(
    spec: &load::LoadedSpec,
    module: &str,
    diagnostics: &mut Diagnostics,
) -> ir::Api {
    // Lowering.
    let mut builder = types::TypeBuilder::new(spec, diagnostics);
    let operations = operations::lower_operations(spec, &mut builder);
    webhooks::lower_webhooks(spec, &mut builder);
    let types = builder.finish();
    let document = &spec.document;
    let mut api = ir::Api {
        module: module.to_owned(),
        title: document.title.clone(),
        docs: document
            .description
            .as_deref()
            .map(crate::lower::docs::sanitize),
        version: document.version.clone(),
        servers: servers::lower_servers(&document.servers),
        token_url: document.token_url.clone(),
        requires_credentials: document.requires_credentials,
        types,
        operations,
        shared_errors: Vec::new(),
    };
    // Passes.
    cycles::break_alias_cycles(&mut api.types, diagnostics);
    cycles::break_cycles(&mut api.types);
    parameter_shapes::decide_shapes(&mut api.operations, &api.types);
    degradations::document_degradations(&mut api, diagnostics);
    shared_errors::share_error_enums(&mut api);
    paging::decide_paging(&mut api);
    expressions::type_filter_values(&mut api);
    request_models::mark_request_models(&mut api);
    api
}

/// Reads, lowers and runs the passes over one spec; `module` names its module in the output.
pub(crate) fn lower_file(file: &Path, module: &str) -> Result<(ir::Api, Vec<Diagnostic>), Error> {
    let mut diagnostics = Diagnostics::new(file);
    let spec = load::load(file, &mut diagnostics)?;
    let api = lower_loaded(&spec, module, &mut diagnostics);
    Ok((api, diagnostics.into_vec()))
}

/// The module name for a spec file: its stem in snake case (`v2024.yaml` → `v2024`), with an
/// `_api` suffix when the generated code uses that name for a module or crate of its own
/// (`runtime.yaml` → `runtime_api`, `serde.yaml` → `serde_api`).
pub fn module_name(file: &Path) -> String {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = crate::naming::snake_name(&stem);
    if emit::reserved::reserved().modules.contains(&name) {
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
        let (api, mut found) = lower_file(file, &module)?;
        apis.push(api);
        warnings.append(&mut found);
    }
    Ok((apis, warnings))
}

/// A complete crate for `specs`: `Cargo.toml` (with one feature per tag when `tag_features`)
/// and `src/`, one file per module.
pub(crate) fn crate_files(
    specs: &[PathBuf],
    crate_name: &str,
    tag_features: bool,
    options: &EmitOptions,
) -> Result<crate::Generated, Error> {
    on_large_stack(|| {
        let (apis, warnings) = lower_all(specs)?;
        let gatings = tag_features.then(|| gating::gate_crate(&apis));
        let docs = emit::manifest::crate_docs(&apis);
        let tree = emit::crate_tree(&apis, gatings.as_deref(), &docs, options);
        let manifest = emit::manifest::cargo_toml(crate_name, &apis, gatings.as_deref());
        let mut files = vec![("Cargo.toml".to_owned(), manifest)];
        files.extend(render::render_files(&tree)?);
        Ok(crate::Generated { files, warnings })
    })
}

/// The single file a build script `include!`s, for `specs`.
pub(crate) fn single_file(
    specs: &[PathBuf],
    options: &EmitOptions,
) -> Result<(String, Vec<Diagnostic>), Error> {
    on_large_stack(|| {
        let (apis, warnings) = lower_all(specs)?;
        let docs = emit::manifest::crate_docs(&apis);
        let tree = emit::crate_tree(&apis, None, &docs, options);
        Ok((render::render_single(&tree)?, warnings))
    })
}

/// The IR of a spec given as text (`t.yaml`, module `t`), for the renderers' unit tests.
#[cfg(test)]
pub(crate) fn lower_text(spec: &str) -> ir::Api {
    let file = Path::new("t.yaml");
    let mut diagnostics = Diagnostics::new(file);
    let loaded = load::load_str(file, spec, &mut diagnostics).expect("loads");
    lower_loaded(&loaded, "t", &mut diagnostics)
}
