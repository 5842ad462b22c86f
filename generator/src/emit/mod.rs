//! Stage 4: IR → Rust token trees, arranged as a tree of modules.

mod client;
mod models;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use std::collections::HashSet;

use crate::features::Gating;
use crate::ir::{Api, TypeId};

/// The support module every generated crate carries (see `templates/runtime.rs`).
const RUNTIME: &str = include_str!("../../templates/runtime.rs");

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
            rustdoc::bare_urls,
            rustdoc::broken_intra_doc_links,
            rustdoc::invalid_html_tags,
            rustdoc::invalid_rust_codeblocks
        )]
    }
}

/// Choices about the generated code that the spec does not make.
#[derive(Debug, Clone, Copy, Default)]
pub struct EmitOptions {
    /// Keep the properties a schema does not declare (when it allows them) in an
    /// `additional_properties` map, so a GET → modify → PUT round trip does not erase them.
    pub keep_unknown_properties: bool,
}

/// The models a request body reaches, through fields, variants and containers.
fn request_models(api: &Api) -> HashSet<TypeId> {
    let mut pending: Vec<TypeId> = Vec::new();
    for body in api.operations.iter().filter_map(|op| op.body.as_ref()) {
        body.ty.named(true, &mut pending);
    }
    let mut reached = HashSet::new();
    while let Some(id) = pending.pop() {
        if reached.insert(id) {
            for part in api.types.get(id).kind.parts() {
                part.named(true, &mut pending);
            }
        }
    }
    reached
}

/// One generated module: its docs, items and child modules.
#[derive(Debug, Clone)]
pub struct ModuleNode {
    /// The module name (empty for the crate root).
    pub name: String,
    /// Inner documentation.
    pub docs: Option<String>,
    /// The module's own items.
    pub items: TokenStream,
    /// Child modules.
    pub children: Vec<ModuleNode>,
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

/// The runtime module's items, parsed from the template.
fn runtime_items() -> Result<TokenStream, crate::diagnostics::Error> {
    RUNTIME
        .parse::<TokenStream>()
        .map_err(|e| crate::diagnostics::Error::Internal {
            file: "runtime.rs".to_owned(),
            message: e.to_string(),
        })
}

/// The module of one spec: its `Client`, plus `types` and `operations` children.
fn spec_module(
    api: &Api,
    name: &str,
    import_runtime: bool,
    gating: Option<&Gating>,
    options: EmitOptions,
) -> ModuleNode {
    let operation_gates = gating.map(|g| g.operations.as_slice());
    let type_gates = gating.map(|g| g.types.as_slice());
    let client = client::emit_client(api, operation_gates);
    let runtime_import = import_runtime.then(|| {
        quote!(
            use super::runtime;
        )
    });
    let mut docs = format!("{} (version {}).", api.title, api.version);
    if let Some(d) = &api.docs {
        docs.push_str("\n\n");
        docs.push_str(d);
    }
    ModuleNode {
        name: name.to_owned(),
        docs: Some(docs),
        items: quote! {
            #runtime_import
            #client
        },
        children: vec![
            ModuleNode {
                name: "types".to_owned(),
                docs: Some(format!("The models of {}.", api.title)),
                items: models::emit_models(&models::ModelContext {
                    space: &api.types,
                    gates: type_gates,
                    request_models: &request_models(api),
                    keep_unknown_properties: options.keep_unknown_properties,
                }),
                children: Vec::new(),
            },
            ModuleNode {
                name: "operations".to_owned(),
                docs: Some(
                    "Request builders and response types, one set per operation.".to_owned(),
                ),
                items: client::emit_operations(api, operation_gates),
                children: Vec::new(),
            },
        ],
    }
}

/// The whole generated crate as a module tree. One spec sits at the root; several specs each
/// get a module named after the spec file. `gatings` (one per spec) puts items behind features.
pub fn crate_tree(
    apis: &[Api],
    gatings: Option<&[Gating]>,
    crate_docs: &str,
    options: EmitOptions,
) -> Result<ModuleNode, crate::diagnostics::Error> {
    let runtime = ModuleNode {
        name: "runtime".to_owned(),
        docs: Some(
            "Transport, errors and response values shared by the generated clients.".to_owned(),
        ),
        items: runtime_items()?,
        children: Vec::new(),
    };
    if let [api] = apis {
        let mut root = spec_module(api, "", false, gatings.and_then(|g| g.first()), options);
        root.docs = Some(format!("{crate_docs}\n\n{}", root.docs.unwrap_or_default()));
        root.children.push(runtime);
        return Ok(root);
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
    Ok(ModuleNode {
        name: String::new(),
        docs: Some(listing.join("\n")),
        items: TokenStream::new(),
        children,
    })
}

/// Formats tokens as a Rust file with `prettyplease`.
fn format_file(name: &str, tokens: TokenStream) -> Result<String, crate::diagnostics::Error> {
    let file =
        syn::parse2::<syn::File>(tokens).map_err(|e| crate::diagnostics::Error::Internal {
            file: name.to_owned(),
            message: e.to_string(),
        })?;
    Ok(separate_items(&prettyplease::unparse(&file)))
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

/// Renders the tree as one file per module (`src/lib.rs`, `src/runtime.rs`, `src/cc/mod.rs`, ...).
pub fn render_files(root: &ModuleNode) -> Result<Vec<(String, String)>, crate::diagnostics::Error> {
    let mut files = Vec::new();
    render_file(root, "src", true, &mut files)?;
    Ok(files)
}

fn render_file(
    node: &ModuleNode,
    dir: &str,
    is_root: bool,
    files: &mut Vec<(String, String)>,
) -> Result<(), crate::diagnostics::Error> {
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
    let docs = inner_doc_attrs(node.docs.as_deref());
    let lints = spec_shaped_lints();
    let declarations = node.children.iter().map(|child| {
        let name = format_ident!("{}", child.name);
        quote!(pub mod #name;)
    });
    let items = &node.items;
    let tokens = quote! {
        #docs
        #lints
        #(#declarations)*
        #items
    };
    files.push((path.clone(), format_file(&path, tokens)?));
    for child in &node.children {
        render_file(child, &child_dir, false, files)?;
    }
    Ok(())
}

/// Renders the tree as a single file with inline modules, for `include!` from a build script.
/// The root's docs are left to the including crate (inner attributes cannot be included).
pub fn render_single(root: &ModuleNode) -> Result<String, crate::diagnostics::Error> {
    let tokens = inline_items(root, true);
    format_file("generated.rs", tokens)
}

fn inline_items(node: &ModuleNode, is_root: bool) -> TokenStream {
    let children = node.children.iter().map(|child| {
        let name = format_ident!("{}", child.name);
        let body = inline_items(child, false);
        quote!(pub mod #name { #body })
    });
    let items = &node.items;
    let header = if is_root {
        TokenStream::new()
    } else {
        let docs = inner_doc_attrs(node.docs.as_deref());
        let lints = spec_shaped_lints();
        quote!(#docs #lints)
    };
    quote! {
        #header
        #(#children)*
        #items
    }
}
