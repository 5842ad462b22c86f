//! Spec descriptions → rustdoc text that renders well and never becomes a failing doctest.

use crate::read::spec::Schema;

/// Documentation for a schema: its title and description.
pub fn schema_docs(schema: &Schema) -> Option<String> {
    join(schema.title.as_deref(), schema.description.as_deref())
}

/// Short facts about a value that its type does not say: deprecation, default, bounds and an
/// example, one line each.
pub fn facts(schema: &Schema) -> Vec<String> {
    let mut lines = Vec::new();
    if schema.deprecated {
        lines.push("**Deprecated.**".to_owned());
    }
    if let Some(default) = &schema.default {
        lines.push(format!("Default: {}.", code(default)));
    }
    let b = &schema.bounds;
    let mut bounds = Vec::new();
    if let Some(min) = b.minimum {
        let op = if b.exclusive_minimum { ">" } else { "≥" };
        bounds.push(format!("{op} {}", number(min)));
    }
    if let Some(max) = b.maximum {
        let op = if b.exclusive_maximum { "<" } else { "≤" };
        bounds.push(format!("{op} {}", number(max)));
    }
    if !bounds.is_empty() {
        lines.push(format!("Value: {}.", bounds.join(", ")));
    }
    for (label, min, max) in [
        ("Length", b.min_length, b.max_length),
        ("Items", b.min_items, b.max_items),
    ] {
        match (min, max) {
            (Some(min), Some(max)) if min == max => lines.push(format!("{label}: exactly {min}.")),
            (Some(min), Some(max)) => lines.push(format!("{label}: {min} to {max}.")),
            (Some(min), None) => lines.push(format!("{label}: at least {min}.")),
            (None, Some(max)) => lines.push(format!("{label}: at most {max}.")),
            (None, None) => {}
        }
    }
    if let Some(encoding) = &schema.content_encoding {
        lines.push(format!("Encoding: `{}`.", encoding.replace('`', "'")));
    }
    if let Some(media_type) = &schema.content_media_type {
        lines.push(format!("Media type: `{}`.", media_type.replace('`', "'")));
    }
    if let Some(pattern) = &b.pattern {
        lines.push(format!("Pattern: `{}`.", pattern.replace('`', "'")));
    }
    lines.extend(schema.examples.first().and_then(example));
    lines
}

/// An "Example: `...`." line, unless the example is too long to read inline.
pub fn example(value: &serde_json::Value) -> Option<String> {
    let text = code(value);
    (text.len() <= 200).then(|| format!("Example: {text}."))
}

/// A JSON value as inline code (strings without quotes).
fn code(value: &serde_json::Value) -> String {
    let text = match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    // One line, single spaces: examples are often pretty-printed JSON.
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

/// A bound without a needless `.0`.
fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        value.to_string()
    }
}

/// `docs` followed by `lines`, a blank line between.
pub fn append(docs: Option<String>, lines: Vec<String>) -> Option<String> {
    if lines.is_empty() {
        return docs;
    }
    let extra = lines.join("\n\n");
    Some(match docs {
        Some(docs) => format!("{docs}\n\n{extra}"),
        None => extra,
    })
}

/// Joins a summary line and a longer description into one doc text, dropping empty parts
/// and a description that only repeats the summary.
pub fn join(summary: Option<&str>, description: Option<&str>) -> Option<String> {
    let summary = summary.map(str::trim).filter(|s| !s.is_empty());
    let description = description.map(str::trim).filter(|s| !s.is_empty());
    let text = match (summary, description) {
        (Some(s), Some(d)) if s == d => s.to_owned(),
        (Some(s), Some(d)) => format!("{s}\n\n{d}"),
        (Some(s), None) => s.to_owned(),
        (None, Some(d)) => d.to_owned(),
        (None, None) => return None,
    };
    Some(sanitize(&text))
}

/// Makes spec Markdown safe as rustdoc: code fences become `text` blocks (not doctests),
/// indented blocks are not read as code, and trailing spaces go.
pub fn sanitize(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_fence = false;
    let text = text.replace('\t', "    ");
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            // Opening fences become `text` whatever their language: never a doctest.
            out.push(if in_fence { "```" } else { "```text" }.to_owned());
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.trim_end().to_owned());
        } else {
            // Four leading spaces would start an indented code block, which rustdoc runs as a test.
            let indent = line.len() - trimmed.len();
            let kept = indent.min(3);
            out.push(format!("{}{}", " ".repeat(kept), trimmed.trim_end()));
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_fences_become_text() {
        assert_eq!(sanitize("a\n```json\n{}\n```"), "a\n```text\n{}\n```");
        assert_eq!(sanitize("a\n      indented"), "a\n   indented");
        assert_eq!(join(Some("S"), Some("S")), Some("S".to_owned()));
        assert_eq!(join(Some(" "), None), None);
    }
}
