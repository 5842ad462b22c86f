//! Errors and warnings, each located by spec file and JSON pointer.

use std::fmt;
use std::path::PathBuf;

/// A JSON pointer into a spec document, such as `#/paths/~1identities/get/parameters/2`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pointer(String);

impl Pointer {
    /// The pointer to the document root (`#`).
    pub fn root() -> Self {
        Pointer("#".to_owned())
    }

    /// Parses a local `$ref` (`#/components/schemas/X`) into a pointer.
    pub fn from_ref(reference: &str) -> Option<Self> {
        reference
            .strip_prefix('#')
            .map(|rest| Pointer(format!("#{rest}")))
    }

    /// The pointer one level deeper, escaping `~` and `/` in `segment`.
    pub fn push(&self, segment: impl fmt::Display) -> Self {
        let escaped = segment.to_string().replace('~', "~0").replace('/', "~1");
        Pointer(format!("{}/{}", self.0, escaped))
    }

    /// The pointer in RFC 6901 form, without the leading `#` (for `serde_json::Value::pointer`).
    /// A `$ref` may percent-encode characters (`#/paths/~1a%7Bb%7D`); they are decoded here.
    pub fn json_pointer(&self) -> String {
        percent_decode(self.0.trim_start_matches('#'))
    }

    /// The pointer as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The unescaped path segments after `#`.
    pub fn segments(&self) -> impl Iterator<Item = String> + '_ {
        self.0
            .trim_start_matches('#')
            .split('/')
            .skip(1)
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
    }
}

/// Decodes `%XX` escapes (URI fragment encoding); anything malformed stays as written.
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How serious a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Something unambiguous in the spec was fixed; the output is what the author meant.
    Repaired,
    /// Something could not be expressed exactly and was made looser (e.g. `serde_json::Value`).
    Degraded,
    /// A name in the spec, fine as it is, was changed because the generated code or Rust
    /// itself uses it (a schema `Option`, an operationId `execute`, a parameter `client`).
    Renamed,
}

impl Severity {
    /// The word for it in messages and reports: `repaired`, `degraded` or `renamed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Repaired => "repaired",
            Severity::Degraded => "degraded",
            Severity::Renamed => "renamed",
        }
    }
}

/// A warning about one place in one spec.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The spec file the warning is about.
    pub file: PathBuf,
    /// Where in that file.
    pub pointer: Pointer,
    /// Whether the construct was repaired or degraded.
    pub severity: Severity,
    /// What was wrong and what was done about it.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = self.severity.as_str();
        write!(
            f,
            "warning ({kind}): {}: {}: {}",
            self.file.display(),
            self.pointer,
            self.message
        )
    }
}

/// Collects the warnings of one spec as the pipeline runs.
#[derive(Debug, Clone)]
pub struct Diagnostics {
    file: PathBuf,
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collection for warnings about `file`.
    pub fn new(file: impl Into<PathBuf>) -> Self {
        Diagnostics {
            file: file.into(),
            items: Vec::new(),
        }
    }

    /// Records that something at `pointer` was repaired.
    pub fn repaired(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.push(pointer, Severity::Repaired, message.into());
    }

    /// Records that the name at `pointer` was changed because generated code or Rust uses it.
    pub fn renamed(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.push(pointer, Severity::Renamed, message.into());
    }

    /// Records that something at `pointer` was degraded to a looser type.
    pub fn degraded(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.push(pointer, Severity::Degraded, message.into());
    }

    fn push(&mut self, pointer: &Pointer, severity: Severity, message: String) {
        self.items.push(Diagnostic {
            file: self.file.clone(),
            pointer: pointer.clone(),
            severity,
            message,
        });
    }

    /// The warnings recorded so far, in the order they were found, each reported once (a
    /// schema reached both directly and through a `$ref` into it is read twice).
    pub fn into_vec(self) -> Vec<Diagnostic> {
        let mut seen = std::collections::HashSet::new();
        self.items
            .into_iter()
            .filter(|d| seen.insert((d.pointer.clone(), d.message.clone())))
            .collect()
    }

    /// The degradations recorded so far at `pointer` or inside it, for the docs of the item
    /// defined there.
    pub fn degradations_at(&self, pointer: &Pointer) -> Vec<&str> {
        let prefix = format!("{pointer}/");
        let mut found: Vec<&str> = self
            .items
            .iter()
            .filter(|d| d.severity == Severity::Degraded)
            .filter(|d| &d.pointer == pointer || d.pointer.as_str().starts_with(&prefix))
            .map(|d| d.message.as_str())
            .collect();
        found.dedup();
        found
    }
}

/// Why a run failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A spec file could not be read.
    #[error("{file}: cannot read: {source}")]
    Read {
        /// The spec file.
        file: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A spec file is not valid YAML or JSON.
    #[error("{file}:{location}: invalid YAML/JSON: {message}")]
    Syntax {
        /// The spec file.
        file: PathBuf,
        /// `line:column` of the problem, when known.
        location: String,
        /// What the parser said.
        message: String,
    },
    /// A spec file parses but cannot be used (e.g. it is not OpenAPI 3).
    #[error("{file}: {pointer}: {message}")]
    Invalid {
        /// The spec file.
        file: PathBuf,
        /// Where in the file.
        pointer: Pointer,
        /// What is wrong.
        message: String,
    },
    /// Two specs would produce the same module name.
    #[error("specs {first} and {second} both map to module `{module}`")]
    ModuleClash {
        /// The first spec.
        first: PathBuf,
        /// The second spec.
        second: PathBuf,
        /// The module name both map to.
        module: String,
    },
    /// No spec was given.
    #[error("no spec given")]
    NoSpec,
    /// Generated code did not parse (a generator bug, reported instead of panicking).
    #[error("internal error: generated code for {file} does not parse: {message}")]
    Internal {
        /// The output file.
        file: String,
        /// The parser's message.
        message: String,
    },
    /// Output could not be written.
    #[error("{path}: cannot write: {source}")]
    Write {
        /// The output path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}
