//! Stage 1: read a spec file (YAML or JSON), repair what is unambiguous, and parse it as OpenAPI 3.
//!
//! Loading is lenient: one broken schema must not sink a 700-operation spec. Every repair and
//! every degradation is reported with the file and JSON pointer.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostics, Error, Pointer};

/// A parsed spec, with the raw JSON tree kept for resolving arbitrary `$ref` pointers.
#[derive(Debug)]
pub struct LoadedSpec {
    /// The file it was read from.
    pub file: PathBuf,
    /// The document as JSON, after repairs.
    pub json: Value,
    /// The typed document.
    pub api: openapiv3::OpenAPI,
}

/// Reads, repairs and parses `file`, recording repairs in `diagnostics`.
pub fn load(file: &Path, diagnostics: &mut Diagnostics) -> Result<LoadedSpec, Error> {
    let text = std::fs::read_to_string(file).map_err(|source| Error::Read {
        file: file.to_owned(),
        source,
    })?;
    load_str(file, &text, diagnostics)
}

/// Like [`load`], but from text already in memory; `file` is used in messages only.
pub fn load_str(
    file: &Path,
    text: &str,
    diagnostics: &mut Diagnostics,
) -> Result<LoadedSpec, Error> {
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| Error::Syntax {
        file: file.to_owned(),
        location: e
            .location()
            .map(|l| format!("{}:{}", l.line(), l.column()))
            .unwrap_or_else(|| "?".to_owned()),
        message: e.to_string(),
    })?;
    let mut json = yaml_to_json(yaml);
    let invalid = |pointer: Pointer, message: String| Error::Invalid {
        file: file.to_owned(),
        pointer,
        message,
    };
    let version = json
        .get("openapi")
        .and_then(Value::as_str)
        .map(str::to_owned);
    match version.as_deref() {
        Some(v) if v.starts_with("3.0") => {}
        Some(v) if v.starts_with("3.") => diagnostics.repaired(
            &Pointer::root().push("openapi"),
            format!("OpenAPI {v} is read as 3.0; 3.1-only keywords are approximated"),
        ),
        Some(v) => {
            return Err(invalid(
                Pointer::root().push("openapi"),
                format!("unsupported OpenAPI version `{v}` (need 3.x)"),
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
    }
    if let Some(object) = json.as_object_mut() {
        // x-webhooks holds event payloads whose shape is not OpenAPI's; it is not part of the API.
        object.remove("x-webhooks");
        object.remove("webhooks");
    }
    repair_schemas(&mut json, diagnostics);
    drop_unusable_parts(&mut json, diagnostics);
    let api = serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&json).map_err(|e| {
        let pointer = path_to_pointer(e.path());
        invalid(pointer, e.inner().to_string())
    })?;
    Ok(LoadedSpec {
        file: file.to_owned(),
        json,
        api,
    })
}

/// Converts YAML to JSON, turning non-string keys (`200:`) into strings.
fn yaml_to_json(yaml: serde_yaml::Value) -> Value {
    use serde_yaml::Value as Y;
    match yaml {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(Value::Null, Value::Number)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(map) => {
            let mut object = Map::with_capacity(map.len());
            for (key, value) in map {
                let key = match key {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_owned(),
                    other => serde_yaml::to_string(&other)
                        .unwrap_or_default()
                        .trim()
                        .to_owned(),
                };
                object.insert(key, yaml_to_json(value));
            }
            Value::Object(object)
        }
        Y::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> Pointer {
    use serde_path_to_error::Segment;
    path.iter()
        .fold(Pointer::root(), |p, segment| match segment {
            Segment::Seq { index } => p.push(index),
            Segment::Map { key } => p.push(key),
            Segment::Enum { variant } => p.push(variant),
            Segment::Unknown => p,
        })
}

/// The places where a schema object may appear, visited children first.
fn schema_locations(root: &Value) -> Vec<Pointer> {
    let mut found = Vec::new();
    let root_pointer = Pointer::root();
    let components = root_pointer.push("components");
    if let Some(schemas) = root
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        for (name, schema) in schemas {
            schema_tree(schema, components.push("schemas").push(name), &mut found);
        }
    }
    for section in ["parameters", "headers"] {
        if let Some(items) = root
            .pointer(&format!("/components/{section}"))
            .and_then(Value::as_object)
        {
            for (name, item) in items {
                parameter_like(item, components.push(section).push(name), &mut found);
            }
        }
    }
    for section in ["responses", "requestBodies"] {
        if let Some(items) = root
            .pointer(&format!("/components/{section}"))
            .and_then(Value::as_object)
        {
            for (name, item) in items {
                body_like(item, components.push(section).push(name), &mut found);
            }
        }
    }
    if let Some(paths) = root.get("paths").and_then(Value::as_object) {
        let paths_pointer = root_pointer.push("paths");
        for (path, item) in paths {
            let item_pointer = paths_pointer.push(path);
            let Some(item) = item.as_object() else {
                continue;
            };
            for (key, operation) in item {
                let op_pointer = item_pointer.push(key);
                if key == "parameters" {
                    each_in_array(operation, &op_pointer, &mut found, parameter_like);
                    continue;
                }
                each_in_array(
                    operation.get("parameters").unwrap_or(&Value::Null),
                    &op_pointer.push("parameters"),
                    &mut found,
                    parameter_like,
                );
                if let Some(body) = operation.get("requestBody") {
                    body_like(body, op_pointer.push("requestBody"), &mut found);
                }
                if let Some(responses) = operation.get("responses").and_then(Value::as_object) {
                    for (status, response) in responses {
                        body_like(
                            response,
                            op_pointer.push("responses").push(status),
                            &mut found,
                        );
                    }
                }
            }
        }
    }
    found
}

fn each_in_array(
    value: &Value,
    pointer: &Pointer,
    found: &mut Vec<Pointer>,
    visit: fn(&Value, Pointer, &mut Vec<Pointer>),
) {
    if let Some(items) = value.as_array() {
        for (i, item) in items.iter().enumerate() {
            visit(item, pointer.push(i), found);
        }
    }
}

fn parameter_like(value: &Value, pointer: Pointer, found: &mut Vec<Pointer>) {
    if let Some(schema) = value.get("schema") {
        schema_tree(schema, pointer.push("schema"), found);
    }
    content(value, &pointer, found);
}

fn body_like(value: &Value, pointer: Pointer, found: &mut Vec<Pointer>) {
    content(value, &pointer, found);
    if let Some(headers) = value.get("headers").and_then(Value::as_object) {
        for (name, header) in headers {
            parameter_like(header, pointer.push("headers").push(name), found);
        }
    }
}

fn content(value: &Value, pointer: &Pointer, found: &mut Vec<Pointer>) {
    if let Some(media) = value.get("content").and_then(Value::as_object) {
        for (mime, media_type) in media {
            if let Some(schema) = media_type.get("schema") {
                schema_tree(
                    schema,
                    pointer.push("content").push(mime).push("schema"),
                    found,
                );
            }
        }
    }
}

fn schema_tree(schema: &Value, pointer: Pointer, found: &mut Vec<Pointer>) {
    let Some(object) = schema.as_object() else {
        found.push(pointer);
        return;
    };
    for key in ["items", "not", "additionalProperties"] {
        if let Some(child) = object.get(key).filter(|c| c.is_object()) {
            schema_tree(child, pointer.push(key), found);
        }
    }
    if let Some(properties) = object.get("properties").and_then(Value::as_object) {
        for (name, child) in properties {
            schema_tree(child, pointer.push("properties").push(name), found);
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(children) = object.get(key).and_then(Value::as_array) {
            for (i, child) in children.iter().enumerate() {
                schema_tree(child, pointer.push(key).push(i), found);
            }
        }
    }
    found.push(pointer);
}

fn pointer_mut<'a>(root: &'a mut Value, pointer: &Pointer) -> Option<&'a mut Value> {
    pointer
        .segments()
        .try_fold(root, |value, segment| match value {
            Value::Object(map) => map.get_mut(&segment),
            Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
            _ => None,
        })
}

/// Whether `value` has the shape of `T`, with the parser's message if not.
fn shape_error<T: serde::de::DeserializeOwned>(value: &Value) -> Option<String> {
    T::deserialize(value).err().map(|e| e.to_string())
}

/// Removes the parts of paths and components that do not parse, one warning each, so one bad
/// parameter or response costs that item and not the whole spec.
fn drop_unusable_parts(root: &mut Value, diagnostics: &mut Diagnostics) {
    use openapiv3::{Header, Parameter, ReferenceOr, RequestBody, Response, SecurityScheme};
    let components = Pointer::root().push("components");
    if let Some(sections) = root.get_mut("components").and_then(Value::as_object_mut) {
        type Check = fn(&Value) -> Option<String>;
        let checks: [(&str, Check); 5] = [
            ("parameters", shape_error::<ReferenceOr<Parameter>>),
            ("responses", shape_error::<ReferenceOr<Response>>),
            ("requestBodies", shape_error::<ReferenceOr<RequestBody>>),
            ("headers", shape_error::<ReferenceOr<Header>>),
            (
                "securitySchemes",
                shape_error::<ReferenceOr<SecurityScheme>>,
            ),
        ];
        for (section, check) in checks {
            if let Some(items) = sections.get_mut(section).and_then(Value::as_object_mut) {
                items.retain(|name, item| match check(item) {
                    None => true,
                    Some(reason) => {
                        diagnostics.degraded(
                            &components.push(section).push(name),
                            format!("dropped: not a valid {section} entry ({reason}); references to it are degraded"),
                        );
                        false
                    }
                });
            }
        }
    }
    let paths = Pointer::root().push("paths");
    let Some(items) = root.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    items.retain(|path, item| {
        let item_pointer = paths.push(path);
        let Some(item) = item.as_object_mut() else {
            diagnostics.degraded(&item_pointer, "dropped: a path item must be an object");
            return false;
        };
        for (key, operation) in item.iter_mut() {
            let pointer = item_pointer.push(key);
            if key == "parameters" {
                retain_valid_parameters(operation, &pointer, diagnostics);
                continue;
            }
            if !matches!(
                key.as_str(),
                "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace"
            ) {
                continue;
            }
            let Some(op) = operation.as_object_mut() else {
                continue;
            };
            if let Some(parameters) = op.get_mut("parameters") {
                retain_valid_parameters(parameters, &pointer.push("parameters"), diagnostics);
            }
            if let Some(reason) = op
                .get("requestBody")
                .and_then(shape_error::<ReferenceOr<RequestBody>>)
            {
                op.remove("requestBody");
                diagnostics.degraded(
                    &pointer.push("requestBody"),
                    format!("dropped: not a valid request body ({reason})"),
                );
            }
            match op.get_mut("responses").and_then(Value::as_object_mut) {
                Some(responses) => responses.retain(|status, response| {
                    match shape_error::<ReferenceOr<Response>>(response) {
                        None => true,
                        Some(reason) => {
                            diagnostics.degraded(
                                &pointer.push("responses").push(status),
                                format!("dropped: not a valid response ({reason})"),
                            );
                            false
                        }
                    }
                }),
                None => {
                    op.insert("responses".to_owned(), Value::Object(Map::new()));
                    diagnostics.repaired(
                        &pointer,
                        "operation has no `responses`; read as declaring none",
                    );
                }
            }
        }
        let methods: Vec<String> = item.keys().cloned().collect();
        for key in methods {
            let is_method = matches!(
                key.as_str(),
                "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace"
            );
            if let Some(reason) = item
                .get(&key)
                .filter(|_| is_method)
                .and_then(shape_error::<openapiv3::Operation>)
            {
                item.remove(&key);
                diagnostics.degraded(
                    &item_pointer.push(&key),
                    format!("operation dropped: {reason}"),
                );
            }
        }
        true
    });
}

fn retain_valid_parameters(
    parameters: &mut Value,
    pointer: &Pointer,
    diagnostics: &mut Diagnostics,
) {
    let Some(list) = parameters.as_array_mut() else {
        return;
    };
    let mut index = 0;
    list.retain(|parameter| {
        let keep = match shape_error::<openapiv3::ReferenceOr<openapiv3::Parameter>>(parameter) {
            None => true,
            Some(reason) => {
                diagnostics.degraded(&pointer.push(index), format!("parameter dropped: {reason}"));
                false
            }
        };
        index += 1;
        keep
    });
}

const KNOWN_TYPES: [&str; 6] = ["string", "number", "integer", "boolean", "array", "object"];

/// Repairs every schema position, children before parents.
fn repair_schemas(root: &mut Value, diagnostics: &mut Diagnostics) {
    for pointer in schema_locations(root) {
        let Some(schema) = pointer_mut(root, &pointer) else {
            continue;
        };
        repair_type(schema, &pointer, diagnostics);
        if openapiv3::ReferenceOr::<openapiv3::Schema>::deserialize(&*schema).is_err() {
            let reason = openapiv3::ReferenceOr::<openapiv3::Schema>::deserialize(&*schema)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            let description = schema.get("description").cloned();
            let mut any = Map::new();
            if let Some(description) = description {
                any.insert("description".to_owned(), description);
            }
            *schema = Value::Object(any);
            diagnostics.degraded(
                &pointer,
                format!("schema is not valid OpenAPI ({reason}); typed as any JSON value"),
            );
        }
    }
}

/// Fixes `type` values that are not OpenAPI 3.0 types but have one obvious meaning.
fn repair_type(schema: &mut Value, pointer: &Pointer, diagnostics: &mut Diagnostics) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    let Some(type_value) = object.get("type").cloned() else {
        return;
    };
    let type_pointer = pointer.push("type");
    match type_value {
        Value::String(t) if KNOWN_TYPES.contains(&t.as_str()) => {}
        Value::String(t)
            if matches!(
                t.as_str(),
                "date-time" | "date" | "uuid" | "email" | "uri" | "binary" | "byte" | "password"
            ) =>
        {
            object.insert("type".to_owned(), Value::from("string"));
            if !object.contains_key("format") {
                object.insert("format".to_owned(), Value::from(t.clone()));
            }
            diagnostics.repaired(
                &type_pointer,
                format!("`type: {t}` is not an OpenAPI type; read as `type: string, format: {t}`"),
            );
        }
        Value::String(t) if t == "file" => {
            object.insert("type".to_owned(), Value::from("string"));
            object.insert("format".to_owned(), Value::from("binary"));
            diagnostics.repaired(
                &type_pointer,
                "`type: file` (Swagger 2) read as `type: string, format: binary`",
            );
        }
        Value::String(t) if t == "null" => {
            object.remove("type");
            object.insert("nullable".to_owned(), Value::Bool(true));
            diagnostics.repaired(&type_pointer, "`type: null` read as a nullable schema");
        }
        Value::Array(types) => {
            let names: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
            let non_null: Vec<&str> = names.iter().copied().filter(|t| *t != "null").collect();
            if non_null.len() <= 1 {
                match non_null.first() {
                    Some(t) => object.insert("type".to_owned(), Value::from(*t)),
                    None => object.remove("type"),
                };
                if names.contains(&"null") {
                    object.insert("nullable".to_owned(), Value::Bool(true));
                }
                diagnostics.repaired(
                    &type_pointer,
                    format!("type list {names:?} read as a single (nullable) type"),
                );
            } else {
                object.remove("type");
                diagnostics.degraded(
                    &type_pointer,
                    format!("type list {names:?} typed as any JSON value"),
                );
            }
        }
        other => {
            object.remove("type");
            diagnostics.degraded(
                &type_pointer,
                format!("unknown type {other}; typed as any JSON value"),
            );
        }
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
    fn date_time_type_is_repaired_with_pointer() {
        let spec = r#"
openapi: 3.0.1
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Thing:
      type: object
      properties:
        created:
          type: date-time
"#;
        let (result, warnings) = load_text(spec);
        let loaded = result.expect("loads");
        assert_eq!(
            loaded
                .json
                .pointer("/components/schemas/Thing/properties/created/format"),
            Some(&Value::from("date-time"))
        );
        assert_eq!(warnings.len(), 1);
        assert_eq!(
            warnings[0].pointer.as_str(),
            "#/components/schemas/Thing/properties/created/type"
        );
    }

    #[test]
    fn swagger_two_is_rejected_with_pointer() {
        let (result, _) = load_text("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n");
        assert!(result.unwrap_err().to_string().contains("#/swagger"));
    }
}
