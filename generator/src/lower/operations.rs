//! Stage 3b: paths and operations → the operation IR, repairing what is unambiguous.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::diagnostics::Pointer;
use crate::emit::reserved::reserved;
use crate::ir::{
    self, BodyEncoding, DefaultValue, Method, Operation, Parameter, ParameterLocation, Passing,
    RequestBody, Response, ResponseBody, StatusMatch, TypeRef,
};
use crate::lower::types::TypeBuilder;
use crate::lower::{docs, filter_docs};
use crate::naming::{reserved_type_name, snake_name, status_name, type_name, NameScope};
use crate::read::load::LoadedSpec;
use crate::read::spec::{self, Location, MediaType, Schema};

/// Lowers every operation of `spec`, in path order.
pub fn lower_operations(spec: &LoadedSpec, types: &mut TypeBuilder<'_>) -> Vec<Operation> {
    let mut methods = NameScope::new();
    let mut type_names = NameScope::new();
    for name in &reserved().types {
        type_names.reserve(name);
    }
    for name in &reserved().functions {
        methods.reserve(name);
    }
    let mut operations = Vec::new();
    let paths_pointer = Pointer::root().push("paths");
    let Some(paths) = spec.json.get("paths").and_then(Value::as_object) else {
        return operations;
    };
    for (path, item) in paths {
        let item_pointer = paths_pointer.push(path);
        let (item, _) = match types.resolver().follow(item, &item_pointer) {
            Ok(found) => found,
            Err(message) => {
                types
                    .diagnostics()
                    .degraded(&item_pointer, format!("path item skipped: {message}"));
                continue;
            }
        };
        let Some(item) = item.as_object() else {
            types
                .diagnostics()
                .degraded(&item_pointer, "path item skipped: not an object");
            continue;
        };
        let path_parameters = spec::parameter_list(item, &item_pointer, &mut types.reader());
        for (method_key, value) in item {
            let Some(method) = parse_method(method_key) else {
                continue;
            };
            let pointer = item_pointer.push(method_key);
            let Some(operation) =
                spec::Operation::read(method_key, value, &pointer, &mut types.reader())
            else {
                continue;
            };
            let lowered = OperationLowering {
                types: &mut *types,
                pointer,
                accept_override: None,
            }
            .lower(
                path,
                method,
                &operation,
                &path_parameters,
                &mut methods,
                &mut type_names,
            );
            operations.push(lowered);
        }
    }
    operations
}

fn parse_method(key: &str) -> Option<Method> {
    Some(match key {
        "get" => Method::Get,
        "put" => Method::Put,
        "post" => Method::Post,
        "delete" => Method::Delete,
        "options" => Method::Options,
        "head" => Method::Head,
        "patch" => Method::Patch,
        "trace" => Method::Trace,
        _ => return None,
    })
}

struct OperationLowering<'t, 'a> {
    types: &'t mut TypeBuilder<'a>,
    pointer: Pointer,
    /// The value of a declared `Accept` header parameter, which replaces the computed one.
    accept_override: Option<String>,
}

impl OperationLowering<'_, '_> {
    fn lower(
        mut self,
        path: &str,
        method: Method,
        operation: &spec::Operation,
        path_parameters: &[(Value, Pointer)],
        methods: &mut NameScope,
        type_names: &mut NameScope,
    ) -> Operation {
        let method_key = operation.method.as_str();
        let base_name = match operation
            .operation_id
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(id) => id.to_owned(),
            None => {
                let synthesized = format!(
                    "{method_key} {}",
                    path.replace('{', " by ").replace('}', " ")
                );
                self.types.diagnostics().repaired(
                    &self.pointer,
                    format!(
                        "operation has no operationId; named `{}`",
                        snake_name(&synthesized)
                    ),
                );
                synthesized
            }
        };
        let wanted = snake_name(&base_name);
        let (method_name, collided) = methods.claim_for(&wanted, &base_name);
        match collided {
            Some(other) if other == wanted => self.types.diagnostics().renamed(
                &self.pointer.push("operationId"),
                format!("operationId `{base_name}` would be method `{wanted}`, which the generated client itself defines; named `{method_name}`"),
            ),
            Some(other) => self.types.diagnostics().repaired(
                &self.pointer.push("operationId"),
                format!("operationId `{base_name}` would be method `{wanted}`, which `{other}` already is; named `{method_name}`"),
            ),
            None => {}
        }
        let builder_name = type_names.claim(&type_name(&base_name));
        if let Some(used) = reserved_type_name(&base_name) {
            self.types.diagnostics().renamed(
                &self.pointer.push("operationId"),
                format!("operationId `{base_name}` would name its request builder `{used}`, which the generated code uses; named `{builder_name}`"),
            );
        }
        let error_enum = type_names.claim(&format!("{builder_name}Error"));
        let (path, mut parameters) =
            self.parameters(path, operation, path_parameters, &builder_name);
        name_markers(&mut parameters, &builder_name, type_names);
        let body = operation
            .request_body
            .as_ref()
            .and_then(|(body, at)| self.request_body(body, at, &builder_name));
        let (responses, mut accept, alternatives) = self.responses(operation, &builder_name);
        if let Some(value) = self.accept_override.take() {
            accept = vec![value];
        }
        let success: Vec<&Response> = responses.iter().filter(|r| r.status.is_success()).collect();
        let success_enum = match success.split_first() {
            Some((first, rest)) if rest.iter().any(|r| r.body != first.body) => {
                Some(type_names.claim(&format!("{builder_name}Response")))
            }
            _ => None,
        };
        Operation {
            method_name,
            builder_name,
            operation_id: operation.operation_id.clone(),
            tags: operation.tags.clone(),
            method,
            path,
            docs: docs::join(
                operation.summary.as_deref(),
                operation.description.as_deref(),
            ),
            deprecated: operation.deprecated,
            pointer: self.pointer,
            parameters,
            body,
            responses,
            success_enum,
            error_type: error_enum.clone(),
            error_enum,
            accept,
            alternatives,
            paging: None,
        }
    }

    /// Merges path-level and operation-level parameters and repairs placeholder mismatches.
    fn parameters(
        &mut self,
        path: &str,
        operation: &spec::Operation,
        path_parameters: &[(Value, Pointer)],
        builder_name: &str,
    ) -> (String, Vec<Parameter>) {
        let mut merged: Vec<spec::Parameter> = Vec::new();
        for (value, pointer) in path_parameters.iter().chain(&operation.parameters) {
            let resolver = self.types.resolver();
            let found = resolver.follow(value, pointer);
            let parameter = match found {
                Ok((value, defined_at)) => {
                    spec::Parameter::read(value, &defined_at, &mut self.types.reader())
                }
                Err(message) => {
                    self.types
                        .diagnostics()
                        .degraded(pointer, format!("parameter skipped: {message}"));
                    None
                }
            };
            if let Some(parameter) = parameter {
                // An operation's parameter replaces the path item's with the same name and place.
                merged.retain(|p| !(p.name == parameter.name && p.location == parameter.location));
                merged.push(parameter);
            }
        }

        let mut names = NameScope::new();
        let reserved = reserved();
        for name in reserved.functions.iter().chain(&reserved.members) {
            names.reserve(name);
        }
        let mut parameters = Vec::new();
        for parameter in merged {
            if let Some(lowered) = self.parameter(&parameter, builder_name, &mut names) {
                parameters.push(lowered);
            }
        }
        let path = self.repair_path(path, &mut parameters, &mut names);
        (path, parameters)
    }

    /// The Rust name of parameter `name`, reporting a change made to avoid another parameter's
    /// name or one the request builder itself uses.
    fn parameter_name(&mut self, name: &str, pointer: &Pointer, names: &mut NameScope) -> String {
        let wanted = snake_name(name);
        let (rust_name, collided) = names.claim_for(&wanted, name);
        match collided {
            Some(other) if other == wanted => self.types.diagnostics().renamed(
                &pointer.push("name"),
                format!("parameter `{name}` would be `{wanted}`, which the request builder itself uses; named `{rust_name}`"),
            ),
            Some(other) => self.types.diagnostics().repaired(
                &pointer.push("name"),
                format!("parameter `{name}` would be `{wanted}`, which `{other}` already is; named `{rust_name}`"),
            ),
            None => {}
        }
        rust_name
    }

    fn parameter(
        &mut self,
        parameter: &spec::Parameter,
        builder_name: &str,
        names: &mut NameScope,
    ) -> Option<Parameter> {
        let pointer = &parameter.pointer;
        let location = match parameter.location {
            Location::Path => ParameterLocation::Path,
            Location::Query => ParameterLocation::Query,
            Location::Header => ParameterLocation::Header,
            Location::Cookie => ParameterLocation::Cookie,
        };
        if location == ParameterLocation::Header && self.set_by_the_client(parameter) {
            return None;
        }
        let hint = format!("{builder_name}{}", type_name(&parameter.name));
        let (ty, schema) = match &parameter.schema {
            Some(schema) => (
                self.types.lower(schema, &hint),
                Some(self.types.dereference(schema)),
            ),
            None => (TypeRef::String, None),
        };
        let ty = match ty {
            TypeRef::Nullable(inner) => *inner,
            other => other,
        };
        let (style, explode) = style_and_explode(parameter, location);
        let required = parameter.required || location == ParameterLocation::Path;
        let default = schema.as_ref().and_then(|s| s.default.clone());
        let passing = self.passing(parameter, required, location, &ty, default.as_ref());
        let expressions = (location == ParameterLocation::Query && ty == TypeRef::String)
            .then(|| documented_expressions(parameter))
            .flatten();
        let range = schema
            .as_ref()
            .map_or((None, None), |s| (s.bounds.minimum, s.bounds.maximum));
        let rust_name = self.parameter_name(&parameter.name, pointer, names);
        Some(Parameter {
            range,
            expressions,
            wire_name: parameter.name.clone(),
            rust_name,
            location,
            ty,
            required,
            passing,
            deprecated: parameter.deprecated,
            // Decided by `decide_shapes` once the type space is final.
            shape: ir::ParamShape::Scalar,
            style,
            explode,
            docs: parameter_docs(parameter, schema.as_deref()),
        })
    }

    /// Whether header parameter `parameter` is one the client sets itself (`Accept`,
    /// `Content-Type`, `Authorization`), so it is left out, with a note. A versioning `Accept`
    /// default (PagerDuty's `application/vnd.pagerduty+json;version=2`) must reach the server:
    /// it becomes the operation's Accept header.
    fn set_by_the_client(&mut self, parameter: &spec::Parameter) -> bool {
        let pointer = &parameter.pointer;
        let accept_default = parameter
            .schema
            .as_ref()
            .and_then(|s| {
                s.default
                    .as_ref()
                    .or(s.enumeration.as_deref().and_then(<[Value]>::first))
            })
            .and_then(Value::as_str);
        if parameter.name.eq_ignore_ascii_case("accept") {
            if let Some(value) = accept_default {
                self.accept_override = Some(value.to_owned());
                self.types.diagnostics().repaired(
                    pointer,
                    format!("header parameter `Accept` is set by the client; its default `{value}` is sent as the Accept header"),
                );
                return true;
            }
        }
        if ["content-type", "accept", "authorization"]
            .contains(&parameter.name.to_ascii_lowercase().as_str())
        {
            self.types.diagnostics().repaired(
                pointer,
                format!(
                    "header parameter `{}` is ignored (OpenAPI: Accept, Content-Type and Authorization are set by the client)",
                    parameter.name
                ),
            );
            return true;
        }
        false
    }

    /// How the caller passes a parameter: optional ones through setters, required ones as
    /// arguments unless a default of their type lets the client send it unless told otherwise.
    fn passing(
        &mut self,
        parameter: &spec::Parameter,
        required: bool,
        location: ParameterLocation,
        ty: &TypeRef,
        default: Option<&Value>,
    ) -> Passing {
        match (required, location, default) {
            (false, _, _) => Passing::Optional,
            (true, ParameterLocation::Path, _) | (true, _, None) => Passing::Argument,
            (true, _, Some(default)) => match self.default_value(ty, default) {
                Some(value) => Passing::Defaulted(value),
                None => {
                    self.types.diagnostics().repaired(
                        &parameter.pointer.push("schema").push("default"),
                        format!("default {default} does not fit the parameter's type; the caller must pass `{}`", parameter.name),
                    );
                    Passing::Argument
                }
            },
        }
    }

    /// The default of a required parameter, if it is a value of the parameter's type.
    fn default_value(&self, ty: &TypeRef, default: &Value) -> Option<DefaultValue> {
        let text = match default {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        match ty {
            TypeRef::String => Some(DefaultValue::String(text)),
            TypeRef::Bool => text.parse().ok().map(DefaultValue::Bool),
            TypeRef::I32 => text
                .parse::<i32>()
                .ok()
                .map(|n| DefaultValue::Integer(n.into())),
            TypeRef::I64 => text.parse().ok().map(DefaultValue::Integer),
            TypeRef::U64 => text
                .parse::<i64>()
                .ok()
                .filter(|n| *n >= 0)
                .map(DefaultValue::Integer),
            TypeRef::F32 | TypeRef::F64 => text.parse().ok().map(DefaultValue::Float),
            TypeRef::Named(id) if self.types.is_string_enum(*id) => Some(DefaultValue::Enum(text)),
            _ => None,
        }
    }

    /// Makes the path's `{placeholders}` match the declared path parameters.
    fn repair_path(
        &mut self,
        path: &str,
        parameters: &mut Vec<Parameter>,
        names: &mut NameScope,
    ) -> String {
        let placeholders = placeholders(path);
        let declared: BTreeSet<String> = parameters
            .iter()
            .filter(|p| p.location == ParameterLocation::Path)
            .map(|p| p.wire_name.clone())
            .collect();
        let unmatched_placeholders: Vec<&String> = placeholders
            .iter()
            .filter(|p| !declared.contains(*p))
            .collect();
        let mut unmatched_parameters: Vec<String> = parameters
            .iter()
            .filter(|p| {
                p.location == ParameterLocation::Path && !placeholders.contains(&p.wire_name)
            })
            .map(|p| p.wire_name.clone())
            .collect();
        let mut repaired = path.to_owned();
        // `/bulk-update/id` with path parameter `id`: the braces were forgotten.
        unmatched_parameters.retain(|parameter| {
            let literal = format!("/{parameter}");
            let segment_at = repaired
                .match_indices(&literal)
                .map(|(i, _)| i)
                .find(|&i| {
                    let end = i + literal.len();
                    end == repaired.len() || repaired[end..].starts_with('/')
                });
            match segment_at {
                Some(i) if unmatched_placeholders.is_empty() => {
                    repaired.replace_range(i + 1..i + literal.len(), &format!("{{{parameter}}}"));
                    self.types.diagnostics().repaired(
                        &self.pointer,
                        format!("path segment `{parameter}` names path parameter `{parameter}` but lacks braces; read as `{{{parameter}}}`"),
                    );
                    false
                }
                _ => true,
            }
        });
        for placeholder in unmatched_placeholders {
            if !unmatched_parameters.is_empty() {
                let parameter = unmatched_parameters.remove(0);
                repaired =
                    repaired.replace(&format!("{{{placeholder}}}"), &format!("{{{parameter}}}"));
                self.types.diagnostics().repaired(
                    &self.pointer,
                    format!("path placeholder `{{{placeholder}}}` has no parameter; it is filled from path parameter `{parameter}`"),
                );
            } else {
                parameters.push(Parameter {
                    wire_name: placeholder.clone(),
                    rust_name: names.claim(&snake_name(placeholder)),
                    location: ParameterLocation::Path,
                    ty: TypeRef::String,
                    required: true,
                    passing: Passing::Argument,
                    deprecated: false,
                    shape: ir::ParamShape::Scalar,
                    style: ir::QueryStyle::Form,
                    explode: false,
                    docs: None,
                    range: (None, None),
                    expressions: None,
                });
                self.types.diagnostics().repaired(
                    &self.pointer,
                    format!("path placeholder `{{{placeholder}}}` is not declared; added a required string parameter"),
                );
            }
        }
        for parameter in unmatched_parameters {
            parameters
                .retain(|p| !(p.location == ParameterLocation::Path && p.wire_name == parameter));
            // The path is what the spec writes; a parameter it has no place for cannot be sent
            // in it. Callers add it elsewhere with `extra_query`/`extra_header` if a server wants it.
            self.types.diagnostics().repaired(
                &self.pointer,
                format!(
                    "path parameter `{parameter}` has no placeholder in the path; left out (the path is sent as written; `extra_query`/`extra_header` can add it)"
                ),
            );
        }
        repaired
    }

    fn request_body(
        &mut self,
        body: &Value,
        at: &Pointer,
        builder_name: &str,
    ) -> Option<RequestBody> {
        let resolver = self.types.resolver();
        let body = match resolver.follow(body, at) {
            Ok((value, pointer)) => {
                spec::RequestBody::read(value, &pointer, &mut self.types.reader())?
            }
            Err(message) => {
                self.types
                    .diagnostics()
                    .degraded(at, format!("request body skipped: {message}"));
                return None;
            }
        };
        let media = pick_request_media(&body.content)?;
        let hint = format!("{builder_name}Request");
        let mut part_types = media.encoding.clone();
        if let Some(schema) = &media.schema {
            // 3.1: a binary property may name its own media type (`contentMediaType`).
            let target = self.types.dereference(schema);
            for (name, property) in &target.properties {
                if let Some(mime) = &property.content_media_type {
                    if !part_types.iter().any(|(p, _)| p == name) {
                        part_types.push((name.clone(), mime.clone()));
                    }
                }
            }
        }
        let encoding = classify(&media.mime, &part_types);
        let ty = match (&encoding, &media.schema) {
            (BodyEncoding::Json(_), Some(schema)) => self.types.lower(schema, &hint),
            (BodyEncoding::Json(_), None) => TypeRef::Json,
            (BodyEncoding::Multipart(_) | BodyEncoding::Form, Some(schema)) => {
                self.types.lower(schema, &hint)
            }
            (BodyEncoding::Multipart(_) | BodyEncoding::Form, None) => TypeRef::JsonObject,
            (BodyEncoding::Text(_), _) => TypeRef::String,
            (BodyEncoding::Bytes(_), _) => TypeRef::Bytes,
        };
        let ty = match ty {
            TypeRef::Nullable(inner) => *inner,
            other => other,
        };
        Some(RequestBody {
            ty,
            encoding,
            required: body.required,
            docs: body.description.as_deref().map(docs::sanitize),
        })
    }

    /// The declared responses, the media types to accept, and whether a success offers
    /// several representations.
    fn responses(
        &mut self,
        operation: &spec::Operation,
        builder_name: &str,
    ) -> (Vec<Response>, Vec<String>, bool) {
        let mut variants = NameScope::new();
        let mut out = Vec::new();
        let mut preferred: Vec<String> = Vec::new();
        let mut others: Vec<String> = Vec::new();
        let mut alternatives = false;
        let entries = self.statuses(operation);
        let has_success = entries.iter().any(|(s, _, _)| s.is_success());
        for (status, value, pointer) in entries {
            let resolver = self.types.resolver();
            let response = match resolver.follow(value, pointer) {
                Ok((value, defined_at)) => {
                    match spec::Response::read(value, &defined_at, &mut self.types.reader()) {
                        Some(response) => response,
                        None => continue,
                    }
                }
                Err(message) => {
                    self.types
                        .diagnostics()
                        .degraded(pointer, format!("response skipped: {message}"));
                    continue;
                }
            };
            let defined_at = response.pointer.clone();
            let label = match status {
                StatusMatch::Code(code) => status_name(code),
                StatusMatch::Range(class) => range_name(class),
                StatusMatch::Default => "Default".to_owned(),
            };
            let hint = response_type_hint(&defined_at, builder_name, &label);
            let content = self.declared_content(status, &response);
            let chosen = self.pick_response_media(content);
            if status.is_success() {
                let kinds: BTreeSet<ResponseKind> =
                    content.iter().map(|m| media_kind(&m.mime)).collect();
                alternatives |= kinds.len() > 1;
            }
            // Accept what the client decodes for a success first, then everything else declared.
            if let (Some((media, _)), true) = (chosen, status.is_success() || !has_success) {
                preferred.push(essence(&media.mime));
            }
            others.extend(content.iter().map(|m| essence(&m.mime)));
            let body = self.response_body(chosen, &hint);
            let docs = response
                .description
                .as_deref()
                .map(docs::sanitize)
                .filter(|d| !d.is_empty());
            if status == StatusMatch::Default && !has_success {
                // Only `default` is declared: it describes the success body too.
                out.push(Response {
                    status: StatusMatch::Range(2),
                    variant: variants.claim("Success"),
                    body: body.clone(),
                    docs: docs.clone(),
                    headers: response.headers.clone(),
                });
            }
            out.push(Response {
                status,
                variant: variants.claim(&label),
                body,
                docs,
                headers: response.headers.clone(),
            });
        }
        out.sort_by_key(|r| r.status);
        let mut accept: Vec<String> = Vec::new();
        for mime in preferred.into_iter().chain(others) {
            if !accept.contains(&mime) {
                accept.push(mime);
            }
        }
        (out, accept, alternatives)
    }

    /// The operation's responses by status, in status order; keys that are no status are
    /// reported and skipped.
    fn statuses<'o>(
        &mut self,
        operation: &'o spec::Operation,
    ) -> Vec<(StatusMatch, &'o Value, &'o Pointer)> {
        let mut entries = Vec::new();
        for (key, value, pointer) in &operation.responses {
            match parse_status(key) {
                Some(status) => entries.push((status, value, pointer)),
                None => self.types.diagnostics().degraded(
                    pointer,
                    format!("`{key}` is not a status code, a range like `4XX` or `default`; response skipped"),
                ),
            }
        }
        entries.sort_by_key(|(status, _, _)| *status);
        entries
    }

    /// The content a response may have. 204, 205 and 304 responses have none (RFC 9110),
    /// whatever the spec declares: servers send none, and HTTP clients drop any that comes.
    fn declared_content<'r>(
        &mut self,
        status: StatusMatch,
        response: &'r spec::Response,
    ) -> &'r [MediaType] {
        let StatusMatch::Code(code @ (204 | 205 | 304)) = status else {
            return &response.content;
        };
        if !response.content.is_empty() {
            self.types.diagnostics().repaired(
                &response.pointer,
                format!(
                    "a {code} response has no content (RFC 9110): its declared {} ignored",
                    if response.content.len() == 1 {
                        "body is"
                    } else {
                        "bodies are"
                    }
                ),
            );
        }
        &[]
    }

    /// How the client reads the media type chosen for a response (`hint` names its model).
    fn response_body(
        &mut self,
        chosen: Option<(&MediaType, ResponseKind)>,
        hint: &str,
    ) -> ResponseBody {
        match chosen {
            None => ResponseBody::Empty,
            Some((media, kind)) => match kind {
                ResponseKind::Json => match &media.schema {
                    Some(schema) => ResponseBody::Json(self.types.lower(schema, hint)),
                    None => ResponseBody::Json(TypeRef::Json),
                },
                ResponseKind::Text => ResponseBody::Text,
                ResponseKind::Bytes => ResponseBody::Bytes,
            },
        }
    }

    /// The representation of a response the client decodes: JSON (unless its schema is a
    /// binary string), else text, else bytes, whatever order the spec lists them in.
    fn pick_response_media<'m>(
        &mut self,
        content: &'m [MediaType],
    ) -> Option<(&'m MediaType, ResponseKind)> {
        let json = content.iter().find(|m| {
            media_kind(&m.mime) == ResponseKind::Json
                && !m.schema.as_ref().is_some_and(|s| self.is_binary(s))
        });
        if let Some(media) = json {
            return Some((media, ResponseKind::Json));
        }
        if let Some(media) = content
            .iter()
            .find(|m| media_kind(&m.mime) == ResponseKind::Text)
        {
            return Some((media, ResponseKind::Text));
        }
        content
            .iter()
            .find(|m| media_kind(&m.mime) == ResponseKind::Bytes)
            .or(content.first())
            .map(|m| (m, ResponseKind::Bytes))
    }

    /// Whether a schema describes raw bytes (`type: string, format: binary`).
    fn is_binary(&mut self, schema: &Schema) -> bool {
        let target = self.types.dereference(schema);
        target
            .types
            .iter()
            .all(|t| *t == spec::InstanceType::String)
            && target.effective_format() == Some("binary")
    }
}

/// How a response representation is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum ResponseKind {
    Json,
    Text,
    Bytes,
}

/// A response key: `200`, `4XX`, `default`.
fn parse_status(key: &str) -> Option<StatusMatch> {
    if key == "default" {
        return Some(StatusMatch::Default);
    }
    if let Ok(code) = key.parse::<u16>() {
        return (100..600)
            .contains(&code)
            .then_some(StatusMatch::Code(code));
    }
    match key.as_bytes() {
        [class @ b'1'..=b'5', b'X' | b'x', b'X' | b'x'] => {
            Some(StatusMatch::Range(u16::from(class - b'0')))
        }
        _ => None,
    }
}

/// The media type without parameters, lower case.
fn essence(mime: &str) -> String {
    mime.split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// How a media type's bodies are read.
fn media_kind(mime: &str) -> ResponseKind {
    let essence = essence(mime);
    if essence == "application/json" || essence.ends_with("+json") || essence == "*/*" {
        ResponseKind::Json
    } else if essence.starts_with("text/") {
        ResponseKind::Text
    } else {
        ResponseKind::Bytes
    }
}

fn range_name(class: u16) -> String {
    match class {
        1 => "Informational",
        2 => "Success",
        3 => "Redirection",
        4 => "ClientError",
        5 => "ServerError",
        _ => "OtherStatus",
    }
    .to_owned()
}

/// A parameter's `style` and whether it explodes (OpenAPI: `explode` defaults to true for
/// style `form` only, the default style of query and cookie parameters).
fn style_and_explode(
    parameter: &spec::Parameter,
    location: ParameterLocation,
) -> (ir::QueryStyle, bool) {
    let style = match parameter.style.as_deref() {
        Some("spaceDelimited") => ir::QueryStyle::SpaceDelimited,
        Some("pipeDelimited") => ir::QueryStyle::PipeDelimited,
        Some("deepObject") => ir::QueryStyle::DeepObject,
        _ => ir::QueryStyle::Form,
    };
    let explode = match location {
        ParameterLocation::Query | ParameterLocation::Cookie => {
            parameter.explode.unwrap_or(style == ir::QueryStyle::Form)
        }
        _ => parameter.explode.unwrap_or(false),
    };
    (style, explode)
}

/// A parameter's docs: its description, then facts from its schema (bounds, default,
/// example), a deprecation notice, and its own example when the schema has none.
fn parameter_docs(parameter: &spec::Parameter, schema: Option<&spec::Schema>) -> Option<String> {
    let mut facts = schema.map(docs::facts).unwrap_or_default();
    if parameter.deprecated && !facts.iter().any(|f| f.contains("Deprecated")) {
        facts.insert(0, "**Deprecated.**".to_owned());
    }
    let schema_has_example = schema.is_some_and(|s| !s.examples.is_empty());
    if !schema_has_example {
        facts.extend(parameter.examples.first().and_then(docs::example));
    }
    let description = parameter.description.as_deref().map(docs::sanitize);
    docs::append(description, facts)
}

/// Names the marker types of the parameters' typed expressions (`ListIdentitiesFilter`)
/// beside the operation's other types, so no builder or enum can take the same name.
fn name_markers(parameters: &mut [Parameter], builder_name: &str, type_names: &mut NameScope) {
    for expressions in parameters.iter_mut().filter_map(|p| p.expressions.as_mut()) {
        let suffix = match expressions.kind {
            ir::ExpressionKind::Filter(_) => "Filter",
            ir::ExpressionKind::Sort(_) => "Sort",
        };
        expressions.marker = type_names.claim(&format!("{builder_name}{suffix}"));
    }
}

/// The typed expressions a `filters` or `sorters` parameter's description documents, with a
/// unique function name for each; the marker type is named with the operation's other types.
fn documented_expressions(parameter: &spec::Parameter) -> Option<ir::Expressions> {
    let description = parameter.description.as_deref().unwrap_or_default();
    let mut names = NameScope::new();
    let kind = match parameter.name.as_str() {
        "filters" => ir::ExpressionKind::Filter(
            filter_docs::filter_fields(description)
                .into_iter()
                .flat_map(|f| f.operators.into_iter().map(move |o| (f.name.clone(), o)))
                .map(|(field, operator)| ir::FilterFunction {
                    name: names.claim(&snake_name(&format!("{field} {}", operator.wire()))),
                    field,
                    operator,
                    value: None,
                })
                .collect(),
        ),
        "sorters" => ir::ExpressionKind::Sort(
            filter_docs::sorter_fields(description)
                .into_iter()
                .map(|field| ir::SortKey {
                    name: names.claim(&snake_name(&field)),
                    field,
                })
                .collect(),
        ),
        _ => return None,
    };
    let empty = match &kind {
        ir::ExpressionKind::Filter(functions) => functions.is_empty(),
        ir::ExpressionKind::Sort(keys) => keys.is_empty(),
    };
    (!empty).then_some(ir::Expressions {
        marker: String::new(),
        kind,
    })
}

/// The name hint for a response's model: the component's (`NotFoundResponse`, or its key),
/// else the builder's and the status's (`GetIdentityOk`).
fn response_type_hint(defined_at: &Pointer, builder_name: &str, label: &str) -> String {
    if defined_at.as_str().starts_with("#/components/responses/") {
        let key = defined_at.segments().last().unwrap_or_default();
        match key.parse::<u16>() {
            Ok(code) => format!("{}Response", status_name(code)),
            Err(_) => type_name(&key),
        }
    } else {
        format!("{builder_name}{label}")
    }
}

/// The `{name}` placeholders of a path template, in order.
fn placeholders(path: &str) -> Vec<String> {
    ir::split_template(path)
        .into_iter()
        .filter_map(|piece| match piece {
            ir::TemplatePiece::Placeholder(name) => Some(name.to_owned()),
            ir::TemplatePiece::Literal(_) => None,
        })
        .collect()
}

/// The request body media type to send: JSON first, then forms, then text, then anything.
fn pick_request_media(content: &[MediaType]) -> Option<&MediaType> {
    let rank = |m: &MediaType| match classify(&m.mime, &[]) {
        BodyEncoding::Json(_) => 0,
        BodyEncoding::Multipart(_) => 1,
        BodyEncoding::Form => 2,
        BodyEncoding::Text(_) => 3,
        BodyEncoding::Bytes(_) => 4,
    };
    content.iter().min_by_key(|m| rank(m))
}

fn classify(mime: &str, encoding: &[(String, String)]) -> BodyEncoding {
    let essence = essence(mime);
    if essence == "application/json" || essence.ends_with("+json") {
        BodyEncoding::Json(essence)
    } else if essence.starts_with("multipart/") {
        BodyEncoding::Multipart(encoding.to_vec())
    } else if essence == "application/x-www-form-urlencoded" {
        BodyEncoding::Form
    } else if essence.starts_with("text/") {
        BodyEncoding::Text(essence)
    } else {
        BodyEncoding::Bytes(essence)
    }
}
