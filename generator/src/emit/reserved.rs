//! The names generated code itself defines or uses, which spec names must not take.
//!
//! Derived from the emitter's own templates rather than kept by hand: the source of the
//! `emit` modules (and of `render`) is read (it is compiled in with `include_str!`), every `quote! { ... }`
//! template in it is walked, and what a template writes literally (not what it
//! interpolates with `#name`) is what the generated code defines or refers to. So a method
//! added to `Client`, a field added to every request builder, or a generic parameter added
//! to a decoder is reserved the moment the emitter emits it. To that the names Rust itself
//! puts in scope are added: its prelude, primitive types and keywords.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// The emitter's source, whose templates are the generated code's fixed part.
/// Every file of `emit/` (but this one and the test-only call dispatcher) and the renderer,
/// which writes module declarations; a test below checks that none is missing.
const EMITTER_SOURCES: [(&str, &str); 8] = [
    ("emit/mod.rs", include_str!("mod.rs")),
    ("emit/models.rs", include_str!("models.rs")),
    ("emit/manifest.rs", include_str!("manifest.rs")),
    ("emit/client/mod.rs", include_str!("client/mod.rs")),
    (
        "emit/client/operation.rs",
        include_str!("client/operation.rs"),
    ),
    ("emit/client/paging.rs", include_str!("client/paging.rs")),
    (
        "emit/client/expressions.rs",
        include_str!("client/expressions.rs"),
    ),
    ("render/mod.rs", include_str!("../render/mod.rs")),
];

/// The names in scope in every module without an import: the items of Rust's prelude (all
/// editions up to 2024) and its primitive types. A model named `Option` or `Into` would shadow
/// them in the module the generated code defines it in.
pub const PRELUDE: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Future",
    "Into",
    "IntoFuture",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
    "AsyncFn",
    "AsyncFnMut",
    "AsyncFnOnce",
    "Self",
    "bool",
    "char",
    "str",
    "u8",
    "u16",
    "u32",
    "u64",
    "u128",
    "usize",
    "i8",
    "i16",
    "i32",
    "i64",
    "i128",
    "isize",
    "f32",
    "f64",
];

/// The module names generated code uses for its own parts.
pub const MODULES: &[&str] = &["runtime", "types", "operations"];

/// What the templates write literally, sorted into the namespaces spec names are put in.
#[derive(Debug, Default)]
pub struct Reserved {
    /// Type-like names (`UpperCamelCase`): those of the prelude, and every one a template
    /// writes (`Client`, `Unknown`, a decoder's generic `A`, ...). Models, request builders
    /// and response enums may not take them.
    pub types: BTreeSet<String>,
    /// Functions and methods the templates define (`send`, `execute`, `from_env`, ...):
    /// operations' methods on `Client` and parameters' setters may not take them.
    pub functions: BTreeSet<String>,
    /// Modules and crates the templates start paths with (`runtime::`, `serde_json::`):
    /// a spec's module may not take them.
    pub modules: BTreeSet<String>,
    /// Members the templates reach with `self.` (`client`, `extras`, ...) and the fixed
    /// arguments of signatures that also take spec-named arguments: parameters (builder
    /// fields and arguments) may not take them.
    pub members: BTreeSet<String>,
}

impl Reserved {
    /// Whether a parameter (a builder field, argument and setter) may not be named `name`.
    pub fn parameter(&self, name: &str) -> bool {
        self.functions.contains(name) || self.members.contains(name)
    }
}

/// The reserved names, derived once per process from the emitter's templates.
pub fn reserved() -> &'static Reserved {
    static RESERVED: OnceLock<Reserved> = OnceLock::new();
    RESERVED.get_or_init(|| {
        let mut reserved = Reserved::default();
        reserved
            .types
            .extend(PRELUDE.iter().map(|name| name.to_string()));
        reserved
            .modules
            .extend(MODULES.iter().map(|name| name.to_string()));
        for (_, source) in EMITTER_SOURCES {
            // The emitter's own source always tokenizes (it compiled); nothing is lost if not.
            if let Ok(tokens) = source.parse::<TokenStream>() {
                for template in templates(tokens) {
                    scan_template(template, &mut reserved);
                }
            }
        }
        reserved
    })
}

/// The bodies of the `quote! { ... }` invocations in `tokens`, nested ones included.
fn templates(tokens: TokenStream) -> Vec<TokenStream> {
    let mut found = Vec::new();
    let mut stack = vec![tokens];
    while let Some(stream) = stack.pop() {
        let trees: Vec<TokenTree> = stream.into_iter().collect();
        // The item after `#[cfg(test)]` (the emitter's unit tests) is not emitted code.
        let mut in_test_item = false;
        for (i, tree) in trees.iter().enumerate() {
            let TokenTree::Group(group) = tree else {
                continue;
            };
            if group.delimiter() == proc_macro2::Delimiter::Bracket
                && i >= 1
                && matches!(&trees[i - 1], TokenTree::Punct(p) if p.as_char() == '#')
                && group.stream().to_string().replace(' ', "") == "cfg(test)"
            {
                in_test_item = true;
                continue;
            }
            if in_test_item {
                in_test_item = group.delimiter() != proc_macro2::Delimiter::Brace;
                continue;
            }
            let is_quote = i >= 2
                && matches!(&trees[i - 1], TokenTree::Punct(p) if p.as_char() == '!')
                && matches!(&trees[i - 2], TokenTree::Ident(name) if name == "quote");
            if is_quote {
                found.push(group.stream());
            }
            stack.push(group.stream());
        }
    }
    found
}

/// Sorts what one template writes literally into `reserved`.
fn scan_template(template: TokenStream, reserved: &mut Reserved) {
    let mut stack = vec![template];
    while let Some(stream) = stack.pop() {
        let trees: Vec<TokenTree> = stream.into_iter().collect();
        let mut i = 0;
        while i < trees.len() {
            match &trees[i] {
                // `#name` interpolates: what the spec names, not the template.
                TokenTree::Punct(p) if p.as_char() == '#' => {
                    if matches!(trees.get(i + 1), Some(TokenTree::Ident(_))) {
                        i += 1;
                    }
                }
                TokenTree::Ident(ident) => {
                    let name = ident.to_string();
                    let name = name.strip_prefix("r#").unwrap_or(&name);
                    let in_path = i >= 2 && is_path_separator(&trees[i - 2], &trees[i - 1]);
                    let starts_path = matches!(
                        (trees.get(i + 1), trees.get(i + 2)),
                        (Some(a), Some(b)) if is_path_separator(a, b)
                    );
                    // `Item = T` binds an associated type; it names nothing in scope.
                    let binds = matches!(
                        (trees.get(i + 1), trees.get(i + 2)),
                        (Some(TokenTree::Punct(eq)), next) if eq.as_char() == '='
                            && !matches!(next, Some(TokenTree::Punct(p)) if matches!(p.as_char(), '=' | '>'))
                    );
                    // Only what is named without a path can be shadowed by a spec's name.
                    if !in_path && !binds && name.starts_with(|c: char| c.is_ascii_uppercase()) {
                        reserved.types.insert(name.to_owned());
                    }
                    if !in_path && starts_path {
                        reserved.modules.insert(name.to_owned());
                    }
                    let after_dot = i > 0
                        && matches!(&trees[i - 1], TokenTree::Punct(p) if p.as_char() == '.')
                        && matches!(trees.get(i.wrapping_sub(2)), Some(TokenTree::Ident(s)) if s == "self");
                    if after_dot {
                        reserved.members.insert(name.to_owned());
                    }
                    if name == "fn" {
                        if let Some(TokenTree::Ident(function)) = trees.get(i + 1) {
                            reserved.functions.insert(function.to_string());
                            signature_arguments(&trees[i + 2..], reserved);
                        }
                    }
                }
                TokenTree::Group(group) => stack.push(group.stream()),
                TokenTree::Punct(_) | TokenTree::Literal(_) => {}
            }
            i += 1;
        }
    }
}

/// Whether `a b` is `::`.
fn is_path_separator(a: &TokenTree, b: &TokenTree) -> bool {
    matches!((a, b), (TokenTree::Punct(a), TokenTree::Punct(b)) if a.as_char() == ':' && b.as_char() == ':')
}

/// The fixed argument names of the signature that starts at `rest` (after `fn name`), when
/// it also takes interpolated (spec-named) arguments that could collide with them.
fn signature_arguments(rest: &[TokenTree], reserved: &mut Reserved) {
    let Some(arguments) = rest.iter().find_map(|tree| match tree {
        TokenTree::Group(g) if g.delimiter() == Delimiter::Parenthesis => Some(g.stream()),
        _ => None,
    }) else {
        return;
    };
    let trees: Vec<TokenTree> = arguments.into_iter().collect();
    // Spec-named arguments: an interpolation where an argument starts (`#(#args),*`,
    // `#name: #ty`), not one inside an argument's type.
    let is_comma = |t: &TokenTree| matches!(t, TokenTree::Punct(p) if p.as_char() == ',');
    let interpolates = trees.iter().enumerate().any(|(i, t)| {
        matches!(t, TokenTree::Punct(p) if p.as_char() == '#')
            && (i == 0 || is_comma(&trees[i - 1]))
    });
    if !interpolates {
        return;
    }
    for (i, tree) in trees.iter().enumerate() {
        let TokenTree::Ident(name) = tree else {
            continue;
        };
        let preceded_by_hash =
            i > 0 && matches!(&trees[i - 1], TokenTree::Punct(p) if p.as_char() == '#');
        let followed_by_colon = matches!(trees.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == ':')
            && !matches!(trees.get(i + 2), Some(TokenTree::Punct(p)) if p.as_char() == ':');
        if followed_by_colon && !preceded_by_hash {
            reserved.members.insert(name.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `.rs` files under `dir`, relative to `src/`, recursively.
    fn sources_under(src: &std::path::Path, dir: &str, found: &mut Vec<String>) {
        let entries = std::fs::read_dir(src.join(dir)).expect("a source folder");
        for entry in entries.map(|e| e.expect("an entry").path()) {
            let relative = entry.strip_prefix(src).expect("under src");
            let relative = relative.to_string_lossy().replace('\\', "/");
            if entry.is_dir() {
                sources_under(src, &relative, found);
            } else if relative.ends_with(".rs") {
                found.push(relative);
            }
        }
    }

    #[test]
    fn every_file_that_emits_code_is_read_for_reserved_names() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut emitting = Vec::new();
        sources_under(&src, "emit", &mut emitting);
        // This file emits nothing; the call dispatcher is test code, not part of a crate.
        emitting.retain(|f| f != "emit/reserved.rs" && f != "emit/calls.rs");
        emitting.push("render/mod.rs".to_owned());
        emitting.sort();
        let mut listed: Vec<String> = EMITTER_SOURCES
            .iter()
            .map(|(name, _)| (*name).to_owned())
            .collect();
        listed.sort();
        assert_eq!(
            listed, emitting,
            "EMITTER_SOURCES must list every emitter file"
        );
        for (name, text) in EMITTER_SOURCES {
            let on_disk = std::fs::read_to_string(src.join(name)).expect("readable");
            assert_eq!(text, on_disk, "{name}");
        }
    }

    #[test]
    fn templates_give_what_the_generated_code_defines_and_uses() {
        let reserved = reserved();
        for function in [
            "send",
            "execute",
            "request",
            "from_env",
            "http_client",
            "stream",
        ] {
            assert!(reserved.functions.contains(function), "{function}");
        }
        for ty in ["Client", "Into", "Option", "Vec", "A"] {
            assert!(reserved.types.contains(ty), "{ty}");
        }
        for member in ["client", "extras"] {
            assert!(reserved.members.contains(member), "{member}");
        }
        for module in ["runtime", "types", "serde_json", "reqwest", "std"] {
            assert!(reserved.modules.contains(module), "{module}");
        }
        // Names only reached through a path do not shadow anything.
        assert!(!reserved.types.contains("Request") && !reserved.types.contains("Value"));
        assert!(!reserved.parameter("id") && !reserved.parameter("name"));
        assert!(!reserved.parameter("limit") && !reserved.parameter("filters"));
    }

    #[test]
    fn the_emitters_unit_tests_are_not_templates() {
        let source = "fn emit() { quote!(self.kept); } #[cfg(test)] mod tests { fn t() { quote!(self.skipped); } }";
        let found: Vec<String> = templates(source.parse().unwrap())
            .iter()
            .map(|t| t.to_string())
            .collect();
        assert_eq!(found, ["self . kept"]);
    }

    #[test]
    fn a_template_is_scanned_without_its_interpolations() {
        let source = "fn emit() { quote! { pub fn fixed(&self, client: u8, #(#args),*) -> Own<#ty> { self.extras; #name; krate::Hidden } \
            fn setter(mut self, value: impl IntoIterator<Item = Marker<#marker>>) {} } }";
        let mut reserved = Reserved::default();
        for template in templates(source.parse().unwrap()) {
            scan_template(template, &mut reserved);
        }
        assert_eq!(
            reserved.functions.iter().collect::<Vec<_>>(),
            vec!["fixed", "setter"]
        );
        assert_eq!(
            reserved.members.iter().collect::<Vec<_>>(),
            vec!["client", "extras"]
        );
        assert_eq!(
            reserved.types.iter().collect::<Vec<_>>(),
            vec!["IntoIterator", "Marker", "Own"]
        );
        assert_eq!(reserved.modules.iter().collect::<Vec<_>>(), vec!["krate"]);
    }
}
