//! Stage 5, rendering: the module tree [`crate::emit`] builds → formatted Rust source
//! (`prettyplease`), one file per module or one file for `include!`, on as many threads as
//! there are cores; [`write`] puts files on disk atomically.

pub(crate) mod write;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::{inner_doc_attrs, spec_shaped_lints, ItemSource, ModuleNode, Part};

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
