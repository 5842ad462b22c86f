//! Stage 1: read a spec file (YAML or JSON) into a JSON tree and check that it is OpenAPI 3.
//!
//! Only what makes the whole document unusable is an error here (unreadable file, syntax, not
//! OpenAPI 3). Everything else is read leniently later, item by item ([`crate::read::spec`]).

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diagnostics::{Diagnostics, Error, Pointer};
use crate::read::spec::{Dialect, Document, Reader};

/// A parsed spec: the JSON tree, its dialect and its top-level fields.
#[derive(Debug)]
pub struct LoadedSpec {
    /// The file it was read from.
    pub file: PathBuf,
    /// The document as JSON.
    pub json: Value,
    /// Dialect, info and servers.
    pub document: Document,
}

impl LoadedSpec {
    /// The dialect the document declares.
    pub fn dialect(&self) -> Dialect {
        self.document.dialect
    }
}

/// Reads and checks `file`, recording repairs in `diagnostics`.
pub fn load(file: &Path, diagnostics: &mut Diagnostics) -> Result<LoadedSpec, Error> {
    let bytes = std::fs::read(file).map_err(|source| Error::Read {
        file: file.to_owned(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| Error::Syntax {
        file: file.to_owned(),
        location: format!("byte {}", e.utf8_error().valid_up_to()),
        message: "the file is not UTF-8".to_owned(),
    })?;
    load_str(file, &text, diagnostics)
}

/// Like `load`, but from text already in memory; `file` is used in messages only.
pub fn load_str(
    file: &Path,
    text: &str,
    diagnostics: &mut Diagnostics,
) -> Result<LoadedSpec, Error> {
    let parsed = crate::read::source::parse_document_with_warnings(file, text)?;
    for leniency in &parsed.leniencies {
        leniency.record(diagnostics);
    }
    let json = parsed.value;
    let dialect = dialect(file, &json, diagnostics)?;
    for (key, what) in [
        ("paths", "an object of path items"),
        ("components", "an object"),
    ] {
        if json
            .get(key)
            .is_some_and(|v| !v.is_object() && !v.is_null())
        {
            return Err(Error::Invalid {
                file: file.to_owned(),
                pointer: Pointer::root().push(key),
                message: format!("`{key}` must be {what}"),
            });
        }
    }
    let mut reader = Reader {
        dialect,
        diagnostics,
    };
    let document = Document::read(&json, dialect, &mut reader);
    Ok(LoadedSpec {
        file: file.to_owned(),
        json,
        document,
    })
}

/// The dialect from the `openapi` field; Swagger 2 and non-OpenAPI documents are errors.
fn dialect(file: &Path, json: &Value, diagnostics: &mut Diagnostics) -> Result<Dialect, Error> {
    let invalid = |pointer: Pointer, message: String| Error::Invalid {
        file: file.to_owned(),
        pointer,
        message,
    };
    if !json.is_object() {
        return Err(invalid(
            Pointer::root(),
            "not an OpenAPI document: the top level is not an object".to_owned(),
        ));
    }
    let version = match json.get("openapi") {
        Some(Value::String(v)) => v.trim().to_owned(),
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => {
            return Err(invalid(
                Pointer::root().push("openapi"),
                format!("`openapi` must be a version string, not {other}"),
            ))
        }
        None if json.get("swagger").is_some() => {
            return Err(invalid(
                Pointer::root().push("swagger"),
                "Swagger 2.0 is not supported; convert the spec to OpenAPI 3 first".to_owned(),
            ))
        }
        None => {
            return Err(invalid(
                Pointer::root(),
                "not an OpenAPI document: no `openapi` version field".to_owned(),
            ))
        }
    };
    let mut parts = version.split('.');
    match (parts.next(), parts.next()) {
        (Some("3"), Some("0")) => Ok(Dialect::V30),
        (Some("3"), Some("1")) => Ok(Dialect::V31),
        (Some("3"), _) => {
            diagnostics.repaired(
                &Pointer::root().push("openapi"),
                format!("OpenAPI {version} is read as 3.1"),
            );
            Ok(Dialect::V31)
        }
        _ => Err(invalid(
            Pointer::root().push("openapi"),
            format!("unsupported OpenAPI version `{version}` (need 3.x)"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(
        text: &str,
    ) -> (
        Result<LoadedSpec, Error>,
        Vec<crate::diagnostics::Diagnostic>,
    ) {
        let mut diagnostics = Diagnostics::new("test.yaml");
        let result = load_str(Path::new("test.yaml"), text, &mut diagnostics);
        (result, diagnostics.into_vec())
    }

    #[test]
    fn invalid_yaml_reports_file_and_line() {
        let (result, _) = load_text("openapi: 3.0.3\ninfo: [unclosed\n");
        let message = result.unwrap_err().to_string();
        assert!(message.starts_with("test.yaml:"), "{message}");
        assert!(
            message.contains(":3:") || message.contains(":2:"),
            "{message}"
        );
    }

    #[test]
    fn versions_select_the_dialect() {
        let dialect_of = |v: &str| {
            load_text(&format!(
                "openapi: {v}\ninfo: {{title: t, version: '1'}}\npaths: {{}}\n"
            ))
            .0
            .map(|s| s.dialect())
        };
        assert_eq!(dialect_of("3.0.3").unwrap(), Dialect::V30);
        assert_eq!(dialect_of("'3.0.4'").unwrap(), Dialect::V30);
        assert_eq!(dialect_of("3.1.0").unwrap(), Dialect::V31);
        assert_eq!(dialect_of("'3.1.1'").unwrap(), Dialect::V31);
        assert!(dialect_of("2.0").is_err());
    }

    #[test]
    fn swagger_two_is_rejected_with_pointer() {
        let (result, _) = load_text("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n");
        assert!(result.unwrap_err().to_string().contains("#/swagger"));
    }
}
