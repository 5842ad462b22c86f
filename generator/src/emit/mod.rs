//! Stage 4: IR → Rust token trees, arranged as a tree of modules.

pub(crate) mod calls;
mod client;
pub(crate) mod manifest;
mod models;
pub(crate) mod reserved;

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use crate::ir::Api;
use crate::passes::gating::Gating;

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
pub(crate) fn spec_shaped_lints() -> TokenStream {
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

/// `#[cfg(any(feature = ...))]` for a gate; nothing for an ungated item.
pub(crate) fn cfg_attr(gate: &crate::passes::gating::Gate) -> proc_macro2::TokenStream {
    match gate {
        None => proc_macro2::TokenStream::new(),
        Some(features) if features.len() == 1 => {
            let feature = &features[0];
            quote::quote!(#[cfg(feature = #feature)])
        }
        Some(features) => quote::quote!(#[cfg(any(#(feature = #features),*))]),
    }
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
pub(crate) fn inner_doc_attrs(text: Option<&str>) -> TokenStream {
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
