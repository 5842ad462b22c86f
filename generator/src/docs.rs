//! Spec descriptions → rustdoc text that renders well and never becomes a failing doctest.

use openapiv3::Schema;

/// Documentation for a schema: its title and description.
pub fn schema_docs(schema: &Schema) -> Option<String> {
    join(
        schema.schema_data.title.as_deref(),
        schema.schema_data.description.as_deref(),
    )
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

/// Adds a "Default: `x`." line for a schema default, if there is one.
pub fn with_default(docs: Option<String>, default: Option<&serde_json::Value>) -> Option<String> {
    let Some(default) = default else { return docs };
    let text = match default {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let line = format!("Default: `{}`.", text.replace('`', "'"));
    Some(match docs {
        Some(docs) => format!("{docs}\n\n{line}"),
        None => line,
    })
}

/// Makes spec Markdown safe as rustdoc: code fences become `text` blocks (not doctests),
/// indented blocks are not read as code, and trailing spaces go.
pub fn sanitize(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            if in_fence {
                out.push("```".to_owned());
            } else {
                let _ = info;
                out.push("```text".to_owned());
            }
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
