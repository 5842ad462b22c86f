//! The generator's functions stay short enough to read: every function in `generator/src` (and
//! the runtime templates) longer than [`LIST_OVER`] lines is listed, and none may be longer
//! than [`MAX_LINES`].

use std::path::{Path, PathBuf};

use syn::spanned::Spanned;
use workspace_tests::repo_root;

/// Functions longer than this are listed.
const LIST_OVER: usize = 80;

/// No function may be longer than this.
const MAX_LINES: usize = 100;

/// A function: its file, its name (`Type::name` for methods) and its length in lines.
#[derive(Debug)]
struct Function {
    file: String,
    name: String,
    lines: usize,
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("a source folder")
        .map(|entry| entry.expect("an entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn span_lines(span: proc_macro2::Span) -> usize {
    span.end().line - span.start().line + 1
}

fn collect(items: &[syn::Item], owner: &str, file: &str, out: &mut Vec<Function>) {
    for item in items {
        match item {
            syn::Item::Fn(f) => out.push(Function {
                file: file.to_owned(),
                name: format!("{owner}{}", f.sig.ident),
                lines: span_lines(f.span()),
            }),
            syn::Item::Impl(block) => {
                let ty = match &*block.self_ty {
                    syn::Type::Path(path) => path
                        .path
                        .segments
                        .last()
                        .map(|s| s.ident.to_string())
                        .unwrap_or_default(),
                    _ => "impl".to_owned(),
                };
                for member in &block.items {
                    if let syn::ImplItem::Fn(f) = member {
                        out.push(Function {
                            file: file.to_owned(),
                            name: format!("{owner}{ty}::{}", f.sig.ident),
                            lines: span_lines(f.span()),
                        });
                    }
                }
            }
            syn::Item::Trait(block) => {
                for member in &block.items {
                    if let syn::TraitItem::Fn(f) = member {
                        out.push(Function {
                            file: file.to_owned(),
                            name: format!("{owner}{}::{}", block.ident, f.sig.ident),
                            lines: span_lines(f.span()),
                        });
                    }
                }
            }
            syn::Item::Mod(module) => {
                if let Some((_, items)) = &module.content {
                    collect(items, &format!("{owner}{}::", module.ident), file, out);
                }
            }
            _ => {}
        }
    }
}

/// Every function of the generator's sources (the runtime templates included).
fn functions() -> Vec<Function> {
    let root = repo_root().join("generator");
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    rust_files(&root.join("templates"), &mut files);
    let mut out = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("readable");
        let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = path
            .strip_prefix(&root)
            .expect("under generator/")
            .display()
            .to_string();
        collect(&file.items, "", &name, &mut out);
    }
    out
}

#[test]
fn no_function_is_longer_than_the_limit() {
    let all = functions();
    assert!(all.len() > 300, "the walk finds the generator's functions");
    let mut long: Vec<&Function> = all.iter().filter(|f| f.lines > LIST_OVER).collect();
    long.sort_by_key(|f| std::cmp::Reverse(f.lines));
    for f in &long {
        eprintln!("{:>4} lines  {}  {}", f.lines, f.file, f.name);
    }
    let too_long: Vec<String> = long
        .iter()
        .filter(|f| f.lines > MAX_LINES)
        .map(|f| format!("{} {}: {} lines", f.file, f.name, f.lines))
        .collect();
    assert!(
        too_long.is_empty(),
        "functions over {MAX_LINES} lines (split them):\n{}",
        too_long.join("\n")
    );
}
