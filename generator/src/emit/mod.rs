//! Stage 4: IR → Rust token trees, arranged as a tree of modules.

pub mod calls;
mod client;
mod models;

use proc_macro2::TokenStream;
use quote::{format_ident, quote, ToTokens};

use std::collections::HashSet;

use crate::features::Gating;
use crate::ir::{Api, TypeId};

/// The support module every generated crate carries, `runtime`, one file per concern (see
/// `templates/runtime/`): its root, then its submodules by name.
const RUNTIME_ROOT: &str = include_str!("../../templates/runtime/mod.rs");

/// The submodules of `runtime`, by name, in the order `mod.rs` declares them.
const RUNTIME_PARTS: [(&str, &str); 11] = [
    ("auth", include_str!("../../templates/runtime/auth.rs")),
    ("config", include_str!("../../templates/runtime/config.rs")),
    ("decode", include_str!("../../templates/runtime/decode.rs")),
    ("error", include_str!("../../templates/runtime/error.rs")),
    ("filter", include_str!("../../templates/runtime/filter.rs")),
    (
        "multipart",
        include_str!("../../templates/runtime/multipart.rs"),
    ),
    ("paging", include_str!("../../templates/runtime/paging.rs")),
    (
        "request",
        include_str!("../../templates/runtime/request.rs"),
    ),
    (
        "response",
        include_str!("../../templates/runtime/response.rs"),
    ),
    ("retry", include_str!("../../templates/runtime/retry.rs")),
    (
        "transport",
        include_str!("../../templates/runtime/transport.rs"),
    ),
];

/// Lints that fire on what specs contain (long descriptions, many parameters, big error
/// enums), not on mistakes in the generated code.
fn spec_shaped_lints() -> TokenStream {
    quote! {
        #![allow(
            deprecated,
            clippy::too_many_arguments,
            clippy::type_complexity,
            clippy::large_enum_variant,
            clippy::result_large_err,
            clippy::doc_lazy_continuation,
            clippy::doc_overindented_list_items,
            clippy::empty_docs,
            clippy::self_named_constructors,
            rustdoc::bare_urls,
            rustdoc::broken_intra_doc_links,
            rustdoc::invalid_html_tags,
            rustdoc::invalid_rust_codeblocks
        )]
    }
}

/// Choices about the generated code that the spec does not make.
#[derive(Debug, Clone)]
pub struct EmitOptions {
    /// Keep the properties a schema does not declare (when it allows them) in an
    /// `additional_properties` map, so a GET → modify → PUT round trip does not erase them.
    pub keep_unknown_properties: bool,
    /// The prefix of the environment variables `Client::from_env` reads (`SAIL` for
    /// `SAIL_BASE_URL`, `SAIL_CLIENT_ID`, ...).
    pub env_prefix: String,
}

impl Default for EmitOptions {
    fn default() -> Self {
        EmitOptions {
            keep_unknown_properties: false,
            env_prefix: "API".to_owned(),
        }
    }
}

/// The models a request body reaches, through fields, variants and containers.
fn request_models(api: &Api) -> HashSet<TypeId> {
    let mut roots = Vec::new();
    for body in api.operations.iter().filter_map(|op| op.body.as_ref()) {
        body.ty.named(true, &mut roots);
    }
    let reached = api.types.reach(roots);
    (0..reached.len())
        .filter(|&i| reached[i])
        .map(TypeId)
        .collect()
}

/// Produces a module's items, handing them to the sink one top-level item (or small group) at
/// a time, so each can be formatted and dropped before the next is built. Called on whichever
/// thread renders that [`Part`] of the module.
pub type ItemSource<'a> = Box<
    dyn Fn(Part, &mut dyn FnMut(TokenStream)) -> Result<(), crate::diagnostics::Error>
        + Send
        + Sync
        + 'a,
>;

/// One of `count` contiguous runs of a module's items, so a large module can be formatted on
/// several threads and the runs joined in order. Whatever the split, the file is the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    /// Which run, from 0.
    pub index: usize,
    /// How many runs the module is split into.
    pub count: usize,
}

impl Part {
    /// The whole module.
    pub const WHOLE: Part = Part { index: 0, count: 1 };

    /// The indices of this run among `len` items.
    pub fn range(self, len: usize) -> std::ops::Range<usize> {
        len * self.index / self.count..len * (self.index + 1) / self.count
    }

    /// Whether this run starts the module (and so carries its `use` lines).
    pub fn is_first(self) -> bool {
        self.index == 0
    }
}

/// One generated module: its docs, items and child modules.
pub struct ModuleNode<'a> {
    /// The module name (empty for the crate root).
    pub name: String,
    /// Inner documentation.
    pub docs: Option<String>,
    /// The module's own items.
    pub items: ItemSource<'a>,
    /// About how many items the module has, to decide how to split it across threads.
    pub size: usize,
    /// Child modules.
    pub children: Vec<ModuleNode<'a>>,
}

impl std::fmt::Debug for ModuleNode<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ModuleNode")
            .field("name", &self.name)
            .field("children", &self.children)
            .finish_non_exhaustive()
    }
}

/// A source that yields nothing (a module with only child modules).
fn no_items<'a>() -> ItemSource<'a> {
    Box::new(|_, _| Ok(()))
}

/// The lines of a doc text, each with the leading space `///` would have.
fn doc_lines(text: Option<&str>) -> Vec<String> {
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
        return Vec::new();
    };
    text.lines()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        })
        .collect()
}

/// `#[doc = "..."]` attributes, one per line, for `text`.
pub fn doc_attrs(text: Option<&str>) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#[doc = #lines])*)
}

/// `#![doc = "..."]` inner attributes, one per line, for `text`.
fn inner_doc_attrs(text: Option<&str>) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#![doc = #lines])*)
}

/// A runtime template as emitted: its `//!` docs, and its items without `mod x;`
/// declarations (the emitter declares submodules itself) and without `#[cfg(test)]` items
/// (the unit tests run in place, see `tests/runtime_unit.rs`).
fn runtime_template(
    name: &str,
    source: &str,
) -> Result<(Option<String>, Vec<syn::Item>), crate::diagnostics::Error> {
    let file = syn::parse_file(source).map_err(|e| crate::diagnostics::Error::Internal {
        file: format!("templates/runtime/{name}.rs"),
        message: e.to_string(),
    })?;
    let docs: Vec<String> = file
        .attrs
        .iter()
        .filter_map(|attr| match &attr.meta {
            syn::Meta::NameValue(pair) if pair.path.is_ident("doc") => match &pair.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(text),
                    ..
                }) => Some(
                    text.value()
                        .strip_prefix(' ')
                        .unwrap_or(&text.value())
                        .to_owned(),
                ),
                _ => None,
            },
            _ => None,
        })
        .collect();
    let is_test = |attrs: &[syn::Attribute]| {
        attrs.iter().any(|attr| {
            attr.path().is_ident("cfg")
                && attr
                    .parse_args::<syn::Ident>()
                    .is_ok_and(|ident| ident == "test")
        })
    };
    let items = file
        .items
        .into_iter()
        .filter(|item| match item {
            syn::Item::Mod(module) => module.content.is_some() && !is_test(&module.attrs),
            syn::Item::Fn(function) => !is_test(&function.attrs),
            _ => true,
        })
        .collect();
    Ok(((!docs.is_empty()).then(|| docs.join("\n")), items))
}

/// The `runtime` module and its submodules.
fn runtime_module<'a>() -> ModuleNode<'a> {
    let node = |name: &str, source: &'static str| {
        let docs = runtime_template(name, source)
            .ok()
            .and_then(|(docs, _)| docs);
        let file = name.to_owned();
        ModuleNode {
            name: name.to_owned(),
            docs,
            size: 1,
            items: Box::new(move |part, out| {
                if part.is_first() {
                    for item in runtime_template(&file, source)?.1 {
                        out(item.into_token_stream());
                    }
                }
                Ok(())
            }),
            children: Vec::new(),
        }
    };
    let mut root = node("runtime", RUNTIME_ROOT);
    root.children = RUNTIME_PARTS
        .iter()
        .map(|(name, source)| node(name, source))
        .collect();
    root
}

/// The module of one spec: its `Client`, plus `types` and `operations` children.
fn spec_module<'a>(
    api: &'a Api,
    name: &str,
    import_runtime: bool,
    gating: Option<&'a Gating>,
    options: &'a EmitOptions,
) -> ModuleNode<'a> {
    let keep_unknown_properties = options.keep_unknown_properties;
    let env_prefix = options.env_prefix.as_str();
    let operation_gates = gating.map(|g| g.operations.as_slice());
    let type_gates = gating.map(|g| g.types.as_slice());
    let shared_error_gates = gating.map(|g| g.shared_errors.as_slice());
    let mut docs = format!("{} (version {}).", api.title, api.version);
    if let Some(d) = &api.docs {
        docs.push_str("\n\n");
        docs.push_str(d);
    }
    let request_models = request_models(api);
    ModuleNode {
        name: name.to_owned(),
        docs: Some(docs),
        size: 1,
        items: Box::new(move |part, out| {
            if !part.is_first() {
                return Ok(());
            }
            if import_runtime {
                out(quote!(
                    use super::runtime;
                ));
            }
            out(client::emit_client(api, operation_gates, env_prefix));
            Ok(())
        }),
        children: vec![
            ModuleNode {
                name: "types".to_owned(),
                docs: Some(format!("The models of {}.", api.title)),
                size: api.types.types.len(),
                items: Box::new(move |part, out| {
                    let cx = models::ModelContext {
                        space: &api.types,
                        gates: type_gates,
                        request_models: &request_models,
                        keep_unknown_properties,
                    };
                    models::emit_models(&cx, part, out);
                    Ok(())
                }),
                children: Vec::new(),
            },
            ModuleNode {
                name: "operations".to_owned(),
                docs: Some(
                    "Request builders and response types, one set per operation.".to_owned(),
                ),
                size: api.operations.len() + api.shared_errors.len(),
                items: Box::new(move |part, out| {
                    client::emit_operations(api, operation_gates, shared_error_gates, part, out);
                    Ok(())
                }),
                children: Vec::new(),
            },
        ],
    }
}

/// The whole generated crate as a module tree. One spec sits at the root; several specs each
/// get a module named after the spec file. `gatings` (one per spec) puts items behind features.
pub fn crate_tree<'a>(
    apis: &'a [Api],
    gatings: Option<&'a [Gating]>,
    crate_docs: &str,
    options: &'a EmitOptions,
) -> ModuleNode<'a> {
    let runtime = runtime_module();
    if let [api] = apis {
        let mut root = spec_module(api, "", false, gatings.and_then(|g| g.first()), options);
        root.docs = Some(format!("{crate_docs}\n\n{}", root.docs.unwrap_or_default()));
        root.children.push(runtime);
        return root;
    }
    let mut children = vec![runtime];
    let mut listing = vec![crate_docs.to_owned(), String::new()];
    for (i, api) in apis.iter().enumerate() {
        listing.push(format!(
            "- [`{}`] — {} (version {})",
            api.module, api.title, api.version
        ));
        children.push(spec_module(
            api,
            &api.module,
            true,
            gatings.and_then(|g| g.get(i)),
            options,
        ));
    }
    ModuleNode {
        name: String::new(),
        docs: Some(listing.join("\n")),
        items: no_items(),
        size: 0,
        children,
    }
}

/// Formats tokens (whole items) as Rust source with `prettyplease`, appending to `text`.
pub(crate) fn format_items(
    name: &str,
    tokens: TokenStream,
    text: &mut String,
) -> Result<(), crate::diagnostics::Error> {
    let file =
        syn::parse2::<syn::File>(tokens).map_err(|e| crate::diagnostics::Error::Internal {
            file: name.to_owned(),
            message: e.to_string(),
        })?;
    text.push_str(&prettyplease::unparse(&file));
    Ok(())
}

/// Formats one part of a module (with the file's header when it is the first part), an item
/// at a time: only one item's syntax tree is alive at once, which keeps memory flat on large
/// specs. The parts, joined in order, go through [`separate_items`] as one text.
fn format_part(
    name: &str,
    node: &ModuleNode<'_>,
    part: Part,
) -> Result<String, crate::diagnostics::Error> {
    let mut text = String::new();
    if part.is_first() {
        format_items(name, file_header(node), &mut text)?;
    }
    format_source(name, &node.items, part, &mut text)?;
    Ok(text)
}

/// Formats what `items` produces for `part`, an item at a time, appending to `text`.
fn format_source(
    name: &str,
    items: &ItemSource<'_>,
    part: Part,
    text: &mut String,
) -> Result<(), crate::diagnostics::Error> {
    let mut failure = None;
    items(part, &mut |tokens| {
        if failure.is_none() {
            failure = format_items(name, tokens, text).err();
        }
    })?;
    failure.map_or(Ok(()), Err)
}

/// How many threads formatting may use: the machine's cores.
fn thread_count() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Puts a blank line between items, which `prettyplease` does not do, so the output reads
/// like hand-written code.
fn separate_items(text: &str) -> String {
    const ITEM_STARTS: [&str; 11] = [
        "///", "#[", "pub ", "impl", "fn ", "mod ", "const ", "type ", "struct ", "enum ", "use ",
    ];
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut previous = "";
    let mut in_inner_attribute = false;
    let mut after_inner_attribute = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let previous_is_comment = previous.trim_start().starts_with("//");
        let ended_item = !previous_is_comment
            && (previous.trim_end().ends_with('}') || previous.trim_end().ends_with(';'));
        let both_use = previous.trim_start().starts_with("use ") && trimmed.starts_with("use ");
        let starts_item = ITEM_STARTS.iter().any(|start| trimmed.starts_with(start));
        let same_or_outer = indentation(line) <= indentation(previous);
        if !previous.is_empty()
            && starts_item
            && ((ended_item && same_or_outer && !both_use) || after_inner_attribute)
        {
            out.push('\n');
        }
        after_inner_attribute = false;
        if trimmed.starts_with("#![") {
            in_inner_attribute = !trimmed.ends_with(']');
            after_inner_attribute = !in_inner_attribute;
        } else if in_inner_attribute && trimmed.starts_with(")]") {
            in_inner_attribute = false;
            after_inner_attribute = true;
        }
        out.push_str(line);
        out.push('\n');
        previous = line;
    }
    out
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Renders the tree as one file per module (`src/lib.rs`, `src/runtime/mod.rs`, `src/cc/mod.rs`, ...).
/// Files are built and formatted on up to as many threads as the machine has cores; the
/// result is the same, in the same order, whatever the number of threads.
pub fn render_files(
    root: &ModuleNode<'_>,
) -> Result<Vec<(String, String)>, crate::diagnostics::Error> {
    let mut modules = Vec::new();
    collect_files(root, "src", true, &mut modules);
    let workers = thread_count();
    // Large modules are split into runs of about a quarter of one thread's share, which the
    // threads take in turn, so none is left with one big file while the others wait.
    const RUNS_PER_THREAD: usize = 4;
    let total: usize = modules.iter().map(|(_, node)| node.size).sum();
    let run = total.div_ceil(workers * RUNS_PER_THREAD).max(1);
    let mut jobs = Vec::new();
    for (file, (_, node)) in modules.iter().enumerate() {
        let count = if workers > 1 {
            node.size.div_ceil(run).max(1)
        } else {
            1
        };
        jobs.extend((0..count).map(|index| (file, Part { index, count })));
    }
    let rendered = run_parallel(&jobs, workers.min(jobs.len()), |&(file, part)| {
        let (path, node) = &modules[file];
        format_part(path, node, part)
    })?;
    let mut texts: Vec<String> = vec![String::new(); modules.len()];
    for (&(file, _), text) in jobs.iter().zip(rendered) {
        texts[file].push_str(&text?);
    }
    let mut files = Vec::with_capacity(modules.len());
    for ((path, _), text) in modules.iter().zip(texts) {
        files.push((path.clone(), separate_items(&text)));
    }
    Ok(files)
}

/// Every module of the tree with the path of its file, parents first.
fn collect_files<'t, 'a>(
    node: &'t ModuleNode<'a>,
    dir: &str,
    is_root: bool,
    jobs: &mut Vec<(String, &'t ModuleNode<'a>)>,
) {
    let path = if is_root {
        format!("{dir}/lib.rs")
    } else if node.children.is_empty() {
        format!("{dir}/{}.rs", node.name)
    } else {
        format!("{dir}/{}/mod.rs", node.name)
    };
    let child_dir = if is_root {
        dir.to_owned()
    } else {
        format!("{dir}/{}", node.name)
    };
    jobs.push((path, node));
    for child in &node.children {
        collect_files(child, &child_dir, false, jobs);
    }
}

/// A file's inner docs, lints and child module declarations.
fn file_header(node: &ModuleNode<'_>) -> TokenStream {
    let docs = inner_doc_attrs(node.docs.as_deref());
    let lints = spec_shaped_lints();
    let declarations = node.children.iter().map(|child| {
        let name = format_ident!("{}", child.name);
        quote!(pub mod #name;)
    });
    quote! {
        #docs
        #lints
        #(#declarations)*
    }
}

/// Runs `work` on every job with `workers` threads (each with the pipeline's large stack),
/// returning the results in job order.
fn run_parallel<J: Sync, R: Send>(
    jobs: &[J],
    workers: usize,
    work: impl Fn(&J) -> R + Sync,
) -> Result<Vec<R>, crate::diagnostics::Error> {
    if workers <= 1 {
        return Ok(jobs.iter().map(&work).collect());
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<std::sync::Mutex<Option<R>>> =
        jobs.iter().map(|_| std::sync::Mutex::new(None)).collect();
    let outcome = std::thread::scope(|scope| {
        let spawned: Vec<_> = (0..workers)
            .map(|_| {
                std::thread::Builder::new()
                    .stack_size(crate::PIPELINE_STACK_BYTES)
                    .spawn_scoped(scope, || loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(job) = jobs.get(i) else { break };
                        let result = work(job);
                        if let Ok(mut slot) = results[i].lock() {
                            *slot = Some(result);
                        }
                    })
            })
            .collect();
        spawned
            .into_iter()
            .all(|handle| handle.is_ok_and(|h| h.join().is_ok()))
    });
    let collected: Option<Vec<R>> = results
        .into_iter()
        .map(|slot| slot.into_inner().ok().flatten())
        .collect();
    match collected {
        Some(all) if outcome => Ok(all),
        _ => Err(crate::diagnostics::Error::Internal {
            file: "(formatting)".to_owned(),
            message: "a formatting thread could not start or stopped early".to_owned(),
        }),
    }
}

/// Renders the tree as a single file with inline modules, for `include!` from a build script.
/// The root's docs are left to the including crate (inner attributes cannot be included).
/// Each child module of the root is built and formatted on its own thread (prettyplease
/// formats top-level items independently, so the joined text is what one pass would give).
pub fn render_single(root: &ModuleNode<'_>) -> Result<String, crate::diagnostics::Error> {
    const NAME: &str = "generated.rs";
    let workers = thread_count().min(root.children.len());
    let children = run_parallel(&root.children, workers, |child| {
        let name = format_ident!("{}", child.name);
        let body = inline_items(child)?;
        let mut text = String::new();
        format_items(NAME, quote!(pub mod #name { #body }), &mut text)?;
        Ok(text)
    })?;
    let mut text = String::new();
    for child in children {
        text.push_str(&child?);
    }
    format_source(NAME, &root.items, Part::WHOLE, &mut text)?;
    Ok(separate_items(&text))
}

/// A module's inner docs and lints, child modules and items, as the body of `pub mod { ... }`.
fn inline_items(node: &ModuleNode<'_>) -> Result<TokenStream, crate::diagnostics::Error> {
    let mut children = Vec::with_capacity(node.children.len());
    for child in &node.children {
        let name = format_ident!("{}", child.name);
        let body = inline_items(child)?;
        children.push(quote!(pub mod #name { #body }));
    }
    let mut items = TokenStream::new();
    (node.items)(Part::WHOLE, &mut |tokens| items.extend(tokens))?;
    let docs = inner_doc_attrs(node.docs.as_deref());
    let lints = spec_shaped_lints();
    Ok(quote! {
        #docs
        #lints
        #(#children)*
        #items
    })
}

#[cfg(test)]
mod tests {
    use super::Part;

    #[test]
    fn parts_cover_every_item_once_in_order() {
        for len in [0, 1, 2, 7, 100, 101] {
            for count in 1..=5 {
                let covered: Vec<usize> = (0..count)
                    .flat_map(|index| Part { index, count }.range(len))
                    .collect();
                assert_eq!(
                    covered,
                    (0..len).collect::<Vec<_>>(),
                    "len {len}, count {count}"
                );
            }
        }
        assert!(Part::WHOLE.is_first());
        assert_eq!(Part::WHOLE.range(3), 0..3);
    }
}
