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
        let kind = match self.severity {
            Severity::Repaired => "repaired",
            Severity::Degraded => "degraded",
        };
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

    /// The warnings recorded so far, in the order they were found.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
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
