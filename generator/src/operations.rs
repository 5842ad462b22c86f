//! Stage 3b: paths and operations → the operation IR, repairing what is unambiguous.

use std::collections::BTreeSet;

use openapiv3::{
    Parameter as SpecParameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr, StatusCode,
};

use crate::diagnostics::Pointer;
use crate::docs;
use crate::ir::{
    self, BodyEncoding, Method, Operation, Parameter, ParameterLocation, RequestBody, Response,
    ResponseBody, StatusMatch, TypeRef,
};
use crate::load::LoadedSpec;
use crate::naming::{snake_name, status_name, type_name, NameScope};
use crate::resolve::resolve;
use crate::types::TypeBuilder;

/// Names the client module already uses; operation types must not take them.
const CLIENT_RESERVED: &[&str] = &["Client", "ClientBuilder"];
/// Methods the `Client` itself has; operations must not take their names.
const CLIENT_METHODS: &[&str] = &[
    "new",
    "with_bearer_token",
    "with_client_credentials",
    "with_retry_policy",
    "with_http_client",
    "base_url",
];
/// Builder members that parameters must not shadow.
const BUILDER_RESERVED: &[&str] = &[
    "client",
    "send",
    "send_streaming",
    "into_request",
    "decode",
    "body",
    "new",
];

/// Lowers every operation of `spec`, in path order.
pub fn lower_operations(spec: &LoadedSpec, types: &mut TypeBuilder<'_>) -> Vec<Operation> {
    let mut methods = NameScope::new();
    let mut type_names = NameScope::new();
    for name in CLIENT_RESERVED {
        type_names.reserve(name);
    }
    for name in CLIENT_METHODS {
        methods.reserve(name);
    }
    let mut operations = Vec::new();
    let paths = Pointer::root().push("paths");
    for (path, item) in spec.api.paths.iter() {
        let item_pointer = paths.push(path);
        let item = match resolve(spec, item, &item_pointer) {
            Ok((item, _)) => item,
            Err(message) => {
                types
                    .diagnostics()
                    .degraded(&item_pointer, format!("path item skipped: {message}"));
                continue;
            }
        };
        for (method_key, operation) in item.iter() {
            let pointer = item_pointer.push(method_key);
            let Some(method) = parse_method(method_key) else {
                continue;
            };
            let lowered = OperationLowering {
                spec,
                types: &mut *types,
                pointer,
            }
            .lower(
                path,
                method,
                method_key,
                operation,
                &item.parameters,
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

struct OperationLowering<'s, 't, 'a> {
    spec: &'s LoadedSpec,
    types: &'t mut TypeBuilder<'a>,
    pointer: Pointer,
}

impl OperationLowering<'_, '_, '_> {
    #[allow(clippy::too_many_arguments)]
    fn lower(
        mut self,
        path: &str,
        method: Method,
        method_key: &str,
        operation: &openapiv3::Operation,
        path_parameters: &[ReferenceOr<SpecParameter>],
        methods: &mut NameScope,
        type_names: &mut NameScope,
    ) -> Operation {
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
        let method_name = methods.claim(&snake_name(&base_name));
        if method_name != snake_name(&base_name) {
            self.types.diagnostics().repaired(
                &self.pointer.push("operationId"),
                format!("operationId `{base_name}` collides with another after conversion; method named `{method_name}`"),
            );
        }
        let builder_name = type_names.claim(&type_name(&base_name));
        let error_enum = type_names.claim(&format!("{builder_name}Error"));
        let (path, parameters) = self.parameters(path, operation, path_parameters, &builder_name);
        let body = operation
            .request_body
            .as_ref()
            .and_then(|body| self.request_body(body, &builder_name));
        let responses = self.responses(operation, &builder_name);
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
            error_enum,
        }
    }

    /// Merges path-level and operation-level parameters and repairs placeholder mismatches.
    fn parameters(
        &mut self,
        path: &str,
        operation: &openapiv3::Operation,
        path_parameters: &[ReferenceOr<SpecParameter>],
        builder_name: &str,
    ) -> (String, Vec<Parameter>) {
        let mut merged: Vec<(SpecParameter, Pointer)> = Vec::new();
        let item_pointer = Pointer::root().push("paths").push(path);
        let sources = path_parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, item_pointer.push("parameters").push(i)))
            .chain(
                operation
                    .parameters
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p, self.pointer.push("parameters").push(i))),
            )
            .collect::<Vec<_>>();
        for (parameter, pointer) in sources {
            match resolve(self.spec, parameter, &pointer) {
                Ok((parameter, _)) => {
                    let key = (
                        parameter.parameter_data_ref().name.clone(),
                        location_of(&parameter),
                    );
                    merged.retain(|(p, _)| {
                        (p.parameter_data_ref().name.clone(), location_of(p)) != key
                    });
                    merged.push((parameter, pointer));
                }
                Err(message) => self
                    .types
                    .diagnostics()
                    .degraded(&pointer, format!("parameter skipped: {message}")),
            }
        }

        let mut names = NameScope::new();
        for name in BUILDER_RESERVED {
            names.reserve(name);
        }
        let mut parameters = Vec::new();
        for (parameter, pointer) in merged {
            if let Some(lowered) = self.parameter(&parameter, &pointer, builder_name, &mut names) {
                parameters.push(lowered);
            }
        }
        let path = self.repair_path(path, &mut parameters, &mut names);
        (path, parameters)
    }

    fn parameter(
        &mut self,
        parameter: &SpecParameter,
        pointer: &Pointer,
        builder_name: &str,
        names: &mut NameScope,
    ) -> Option<Parameter> {
        let data = parameter.parameter_data_ref();
        let location = location_of(parameter);
        if location == ParameterLocation::Header
            && ["content-type", "accept", "authorization"]
                .contains(&data.name.to_ascii_lowercase().as_str())
        {
            self.types.diagnostics().repaired(
                pointer,
                format!(
                    "header parameter `{}` is ignored (OpenAPI: Accept, Content-Type and Authorization are set by the client)",
                    data.name
                ),
            );
            return None;
        }
        if location == ParameterLocation::Cookie {
            self.types.diagnostics().degraded(
                pointer,
                format!(
                    "cookie parameter `{}` is not supported and is not sent",
                    data.name
                ),
            );
            return None;
        }
        let hint = format!("{builder_name}{}", type_name(&data.name));
        let (ty, default) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let ty = self.types.lower(schema, &hint, &pointer.push("schema"));
                let default = resolve(self.spec, schema, &pointer.push("schema"))
                    .ok()
                    .and_then(|(s, _)| s.schema_data.default)
                    .map(|d| match d {
                        serde_json::Value::String(s) => s,
                        other => other.to_string(),
                    });
                (ty, default)
            }
            ParameterSchemaOrContent::Content(content) => {
                let schema = content
                    .iter()
                    .find_map(|(mime, media)| media.schema.as_ref().map(|s| (mime, s)));
                match schema {
                    Some((mime, schema)) => {
                        let ty = self.types.lower(
                            schema,
                            &hint,
                            &pointer.push("content").push(mime).push("schema"),
                        );
                        (ty, None)
                    }
                    None => (TypeRef::String, None),
                }
            }
        };
        let ty = match ty {
            TypeRef::Nullable(inner) => *inner,
            other => other,
        };
        let (style, explode) = match parameter {
            SpecParameter::Query { style, .. } => {
                let style = match style {
                    QueryStyle::Form => ir::QueryStyle::Form,
                    QueryStyle::SpaceDelimited => ir::QueryStyle::SpaceDelimited,
                    QueryStyle::PipeDelimited => ir::QueryStyle::PipeDelimited,
                    QueryStyle::DeepObject => ir::QueryStyle::DeepObject,
                };
                // OpenAPI: `explode` defaults to true for style `form` only.
                (style, data.explode.unwrap_or(style == ir::QueryStyle::Form))
            }
            _ => (ir::QueryStyle::Form, data.explode.unwrap_or(false)),
        };
        let required = data.required || location == ParameterLocation::Path;
        Some(Parameter {
            wire_name: data.name.clone(),
            rust_name: names.claim(&snake_name(&data.name)),
            location,
            ty,
            required,
            default: if required && location != ParameterLocation::Path {
                default.clone()
            } else {
                None
            },
            style,
            explode,
            docs: docs::with_default(
                data.description.as_deref().map(docs::sanitize),
                default
                    .as_ref()
                    .map(|d| serde_json::Value::String(d.clone()))
                    .as_ref(),
            ),
        })
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
                    default: None,
                    style: ir::QueryStyle::Form,
                    explode: false,
                    docs: None,
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
            self.types.diagnostics().degraded(
                &self.pointer,
                format!(
                    "path parameter `{parameter}` has no placeholder in the path and is not sent"
                ),
            );
        }
        repaired
    }

    fn request_body(
        &mut self,
        body: &ReferenceOr<openapiv3::RequestBody>,
        builder_name: &str,
    ) -> Option<RequestBody> {
        let at = self.pointer.push("requestBody");
        let (body, pointer) = match resolve(self.spec, body, &at) {
            Ok(found) => found,
            Err(message) => {
                self.types
                    .diagnostics()
                    .degraded(&at, format!("request body skipped: {message}"));
                return None;
            }
        };
        let (mime, media) = pick_media(&body.content)?;
        let schema_pointer = pointer.push("content").push(mime).push("schema");
        let hint = format!("{builder_name}Request");
        let encoding = classify(mime);
        let ty = match (&encoding, &media.schema) {
            (BodyEncoding::Json(_), Some(schema)) => {
                self.types.lower(schema, &hint, &schema_pointer)
            }
            (BodyEncoding::Json(_), None) => TypeRef::Json,
            (BodyEncoding::Multipart | BodyEncoding::Form, Some(schema)) => {
                self.types.lower(schema, &hint, &schema_pointer)
            }
            (BodyEncoding::Multipart | BodyEncoding::Form, None) => TypeRef::JsonObject,
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

    fn responses(&mut self, operation: &openapiv3::Operation, builder_name: &str) -> Vec<Response> {
        let mut variants = NameScope::new();
        let mut out = Vec::new();
        let at = self.pointer.push("responses");
        let mut entries: Vec<(StatusMatch, &ReferenceOr<openapiv3::Response>, Pointer)> = operation
            .responses
            .responses
            .iter()
            .map(|(status, response)| {
                let key = status.to_string();
                let status = match status {
                    StatusCode::Code(code) => StatusMatch::Code(*code),
                    StatusCode::Range(class) => StatusMatch::Range(*class),
                };
                (status, response, at.push(key))
            })
            .collect();
        if let Some(default) = &operation.responses.default {
            entries.push((StatusMatch::Default, default, at.push("default")));
        }
        entries.sort_by_key(|(status, _, _)| *status);
        let has_success = entries.iter().any(|(s, _, _)| s.is_success());
        for (status, response, pointer) in entries {
            let (response, defined_at) = match resolve(self.spec, response, &pointer) {
                Ok(found) => found,
                Err(message) => {
                    self.types
                        .diagnostics()
                        .degraded(&pointer, format!("response skipped: {message}"));
                    continue;
                }
            };
            let label = match status {
                StatusMatch::Code(code) => status_name(code),
                StatusMatch::Range(class) => range_name(class),
                StatusMatch::Default => "Default".to_owned(),
            };
            let hint = if defined_at.as_str().starts_with("#/components/responses/") {
                let key = defined_at.segments().last().unwrap_or_default();
                match key.parse::<u16>() {
                    Ok(code) => format!("{}Response", status_name(code)),
                    Err(_) => type_name(&key),
                }
            } else {
                format!("{builder_name}{label}")
            };
            let body = match pick_media(&response.content) {
                None => ResponseBody::Empty,
                Some((mime, media)) => match classify(mime) {
                    BodyEncoding::Json(_) => match &media.schema {
                        Some(schema) => ResponseBody::Json(self.types.lower(
                            schema,
                            &hint,
                            &defined_at.push("content").push(mime).push("schema"),
                        )),
                        None => ResponseBody::Json(TypeRef::Json),
                    },
                    BodyEncoding::Text(_) => ResponseBody::Text,
                    BodyEncoding::Bytes(_) | BodyEncoding::Multipart | BodyEncoding::Form => {
                        ResponseBody::Bytes
                    }
                },
            };
            let docs = Some(docs::sanitize(&response.description)).filter(|d| !d.is_empty());
            if status == StatusMatch::Default && !has_success {
                // Only `default` is declared: it describes the success body too.
                out.push(Response {
                    status: StatusMatch::Range(2),
                    variant: variants.claim("Success"),
                    body: body.clone(),
                    docs: docs.clone(),
                });
            }
            out.push(Response {
                status,
                variant: variants.claim(&label),
                body,
                docs,
            });
        }
        out.sort_by_key(|r| r.status);
        out
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

fn location_of(parameter: &SpecParameter) -> ParameterLocation {
    match parameter {
        SpecParameter::Path { .. } => ParameterLocation::Path,
        SpecParameter::Query { .. } => ParameterLocation::Query,
        SpecParameter::Header { .. } => ParameterLocation::Header,
        SpecParameter::Cookie { .. } => ParameterLocation::Cookie,
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

/// The media type to use: JSON first, then text, then anything.
fn pick_media(
    content: &indexmap::IndexMap<String, openapiv3::MediaType>,
) -> Option<(&String, &openapiv3::MediaType)> {
    content
        .iter()
        .find(|(mime, _)| matches!(classify(mime), BodyEncoding::Json(_)))
        .or_else(|| {
            content
                .iter()
                .find(|(mime, _)| matches!(classify(mime), BodyEncoding::Text(_)))
        })
        .or_else(|| content.iter().next())
}

fn classify(mime: &str) -> BodyEncoding {
    let essence = mime
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if essence == "application/json" || essence.ends_with("+json") {
        BodyEncoding::Json(essence)
    } else if essence.starts_with("multipart/") {
        BodyEncoding::Multipart
    } else if essence == "application/x-www-form-urlencoded" {
        BodyEncoding::Form
    } else if essence.starts_with("text/") {
        BodyEncoding::Text(essence)
    } else {
        BodyEncoding::Bytes(essence)
    }
}
