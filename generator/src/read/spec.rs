//! The OpenAPI document model: what the rest of the pipeline reads, for OpenAPI 3.0 and 3.1 alike.
//!
//! Each item is read leniently from the JSON tree: a keyword with the wrong shape costs that
//! keyword (or that item), with a warning naming its JSON pointer, never the whole document.
//! The two dialects are normalised here, so later stages see one model: `type` lists and
//! `nullable` both become [`Schema::nullable`], `const` becomes a one-value `enum`, `example` and
//! `examples` one list, boolean and numeric `exclusiveMinimum` one bound. 3.0 leftovers inside a
//! 3.1 document (`nullable`, boolean `exclusiveMinimum`) are read without complaint.
//!
//! `$ref`s are kept as written; [`crate::read::resolve`] follows them.

use std::rc::Rc;

use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostics, Pointer};

/// Which OpenAPI version a document declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// OpenAPI 3.0.x: schemas are an extended subset of JSON Schema draft 4/5.
    V30,
    /// OpenAPI 3.1.x: schemas are JSON Schema 2020-12.
    V31,
}

/// Reading state: the dialect and where warnings go.
pub struct Reader<'d> {
    /// The document's dialect.
    pub dialect: Dialect,
    /// Where repairs and degradations are recorded.
    pub diagnostics: &'d mut Diagnostics,
}

/// A JSON Schema instance type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InstanceType {
    /// `string`
    String,
    /// `integer`
    Integer,
    /// `number`
    Number,
    /// `boolean`
    Boolean,
    /// `array`
    Array,
    /// `object`
    Object,
}

impl InstanceType {
    fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "string" => InstanceType::String,
            "integer" => InstanceType::Integer,
            "number" => InstanceType::Number,
            "boolean" => InstanceType::Boolean,
            "array" => InstanceType::Array,
            "object" => InstanceType::Object,
            _ => return None,
        })
    }
}

/// `additionalProperties`.
#[derive(Debug, Clone, Default)]
pub enum Additional {
    /// Not given.
    #[default]
    Unspecified,
    /// `true` or `false`.
    Allowed(bool),
    /// A schema for the values of undeclared properties.
    Schema(Rc<Schema>),
}

/// A `discriminator`.
#[derive(Debug, Clone, Default)]
pub struct Discriminator {
    /// The property whose value names the variant.
    pub property_name: String,
    /// Tag value → `$ref` (or bare schema name) of the variant, in spec order.
    pub mapping: Vec<(String, String)>,
}

/// Numeric and length bounds, for documentation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bounds {
    /// `minimum`, or `exclusiveMinimum`'s value.
    pub minimum: Option<f64>,
    /// Whether the minimum itself is excluded.
    pub exclusive_minimum: bool,
    /// `maximum`, or `exclusiveMaximum`'s value.
    pub maximum: Option<f64>,
    /// Whether the maximum itself is excluded.
    pub exclusive_maximum: bool,
    /// `minLength`.
    pub min_length: Option<u64>,
    /// `maxLength`.
    pub max_length: Option<u64>,
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `pattern`.
    pub pattern: Option<String>,
}

/// A schema, normalised across OpenAPI 3.0 and 3.1.
#[derive(Debug, Clone, Default)]
pub struct Schema {
    /// Where it is written.
    pub pointer: Pointer,
    /// `$ref`, as written. Sibling keywords are kept: in 3.1 they apply too.
    pub reference: Option<String>,
    /// The allowed instance types besides `null`; empty means unconstrained.
    pub types: Vec<InstanceType>,
    /// Whether `null` is allowed (`nullable: true`, a `"null"` type, or `null` in `enum`).
    pub nullable: bool,
    /// `format` (or `contentEncoding`/`contentMediaType` read as one, see [`Schema::format`]).
    pub format: Option<String>,
    /// `title`.
    pub title: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `default`.
    pub default: Option<Value>,
    /// `example` and `examples`.
    pub examples: Vec<Value>,
    /// `enum` values (without `null`), or the `const` value.
    pub enumeration: Option<Vec<Value>>,
    /// `properties`, in spec order.
    pub properties: Vec<(String, Rc<Schema>)>,
    /// `required`.
    pub required: Vec<String>,
    /// `additionalProperties`.
    pub additional: Additional,
    /// `items`.
    pub items: Option<Rc<Schema>>,
    /// `prefixItems` (3.1 tuples).
    pub prefix_items: Vec<Rc<Schema>>,
    /// `allOf`.
    pub all_of: Vec<Rc<Schema>>,
    /// `oneOf`.
    pub one_of: Vec<Rc<Schema>>,
    /// `anyOf`.
    pub any_of: Vec<Rc<Schema>>,
    /// `not`.
    pub not: Option<Rc<Schema>>,
    /// `discriminator`.
    pub discriminator: Option<Discriminator>,
    /// `readOnly`: sent by the server only.
    pub read_only: bool,
    /// `writeOnly`: sent by the client only.
    pub write_only: bool,
    /// `deprecated`.
    pub deprecated: bool,
    /// `contentEncoding` (3.1), e.g. `base64`.
    pub content_encoding: Option<String>,
    /// `contentMediaType` (3.1), e.g. `image/png`.
    pub content_media_type: Option<String>,
    /// Bounds, for documentation.
    pub bounds: Bounds,
    /// The `false` schema: no value is valid.
    pub never: bool,
}

/// Type names that are really formats (`type: date-time`), read as strings of that format.
const FORMAT_TYPES: [&str; 8] = [
    "date-time",
    "date",
    "uuid",
    "email",
    "uri",
    "binary",
    "byte",
    "password",
];

impl Schema {
    /// Reads the schema written at `pointer`.
    pub fn read(value: &Value, pointer: &Pointer, reader: &mut Reader<'_>) -> Schema {
        let mut schema = Schema {
            pointer: pointer.clone(),
            ..Schema::default()
        };
        let object = match value {
            Value::Object(object) => object,
            Value::Bool(true) => return schema,
            Value::Bool(false) => {
                schema.never = true;
                return schema;
            }
            _ => {
                reader.diagnostics.degraded(
                    pointer,
                    "a schema must be an object; typed as any JSON value",
                );
                return schema;
            }
        };
        match object.get("$ref") {
            Some(Value::String(reference)) => schema.reference = Some(reference.clone()),
            Some(_) => reader
                .diagnostics
                .degraded(&pointer.push("$ref"), "`$ref` is not a string; ignored"),
            None => {}
        }
        schema.read_types(object, reader);
        schema.read_annotations(object);
        schema.read_object_keywords(object, reader);
        schema.read_array_keywords(object, reader);
        for (keyword, list) in [
            ("allOf", &mut schema.all_of),
            ("oneOf", &mut schema.one_of),
            ("anyOf", &mut schema.any_of),
        ] {
            *list = read_schema_list(object, keyword, pointer, reader);
        }
        if let Some(not) = object.get("not") {
            schema.not = Some(Rc::new(Schema::read(not, &pointer.push("not"), reader)));
        }
        schema.discriminator = object
            .get("discriminator")
            .and_then(|d| read_discriminator(d, &pointer.push("discriminator"), reader));
        schema.read_bounds(object, reader);
        schema.drop_object_keywords_of_scalars();
        schema
    }

    /// Object keywords beside a type that is not `object` constrain nothing (JSON Schema
    /// applies `properties` to objects only), so `type: string` with `properties` documenting
    /// its values, as Plaid writes them, is a string.
    fn drop_object_keywords_of_scalars(&mut self) {
        if !self.types.is_empty() && !self.types.contains(&InstanceType::Object) {
            self.properties.clear();
            self.required.clear();
            self.additional = Additional::Unspecified;
        }
    }

    /// `type`, `nullable`, `enum` and `const`.
    fn read_types(&mut self, object: &Map<String, Value>, reader: &mut Reader<'_>) {
        let pointer = self.pointer.push("type");
        match object.get("type") {
            None => {}
            Some(Value::String(name)) => self.add_type(name, &pointer, reader),
            Some(Value::Array(names)) => {
                if reader.dialect == Dialect::V30 {
                    reader
                        .diagnostics
                        .repaired(&pointer, "a list of types is OpenAPI 3.1; read as such");
                }
                for (i, name) in names.iter().enumerate() {
                    match name.as_str() {
                        Some(name) => self.add_type(name, &pointer.push(i), reader),
                        None => reader
                            .diagnostics
                            .degraded(&pointer.push(i), "a type name must be a string; ignored"),
                    }
                }
            }
            Some(other) => reader.diagnostics.degraded(
                &pointer,
                format!("`type` must be a string or a list of strings, not {other}; ignored"),
            ),
        }
        if object.get("nullable") == Some(&Value::Bool(true)) {
            self.nullable = true;
        }
        match object.get("enum") {
            Some(Value::Array(values)) => {
                if values.iter().any(Value::is_null) {
                    self.nullable = true;
                }
                self.enumeration = Some(values.iter().filter(|v| !v.is_null()).cloned().collect());
            }
            Some(_) => reader
                .diagnostics
                .degraded(&self.pointer.push("enum"), "`enum` must be a list; ignored"),
            None => {}
        }
        if let Some(value) = object.get("const") {
            if value.is_null() {
                self.nullable = true;
                self.enumeration = Some(Vec::new());
            } else {
                self.enumeration = Some(vec![value.clone()]);
            }
        }
    }

    fn add_type(&mut self, name: &str, pointer: &Pointer, reader: &mut Reader<'_>) {
        if name == "null" {
            self.nullable = true;
            return;
        }
        let parsed = InstanceType::parse(name).or_else(|| {
            let format = match name {
                "file" => "binary",
                other if FORMAT_TYPES.contains(&other) => other,
                _ => return None,
            };
            reader.diagnostics.repaired(
                pointer,
                format!("`type: {name}` is not a JSON Schema type; read as `type: string, format: {format}`"),
            );
            if self.format.is_none() {
                self.format = Some(format.to_owned());
            }
            Some(InstanceType::String)
        });
        match parsed {
            Some(t) if !self.types.contains(&t) => self.types.push(t),
            Some(_) => {}
            None => reader.diagnostics.degraded(
                pointer,
                format!("unknown type `{name}`; not constrained by it"),
            ),
        }
    }

    /// Documentation and flags.
    fn read_annotations(&mut self, object: &Map<String, Value>) {
        if let Some(format) = object.get("format").and_then(Value::as_str) {
            self.format = Some(format.to_owned());
        }
        self.title = string(object, "title");
        self.description = string(object, "description");
        self.default = object.get("default").cloned();
        if let Some(example) = object.get("example") {
            self.examples.push(example.clone());
        }
        if let Some(Value::Array(examples)) = object.get("examples") {
            self.examples.extend(examples.iter().cloned());
        }
        self.read_only = flag(object, "readOnly");
        self.write_only = flag(object, "writeOnly");
        self.deprecated = flag(object, "deprecated");
        self.content_encoding = string(object, "contentEncoding");
        self.content_media_type = string(object, "contentMediaType");
    }

    fn read_object_keywords(&mut self, object: &Map<String, Value>, reader: &mut Reader<'_>) {
        let pointer = self.pointer.clone();
        match object.get("properties") {
            Some(Value::Object(properties)) => {
                let at = pointer.push("properties");
                self.properties = properties
                    .iter()
                    .map(|(name, value)| {
                        (
                            name.clone(),
                            Rc::new(Schema::read(value, &at.push(name), reader)),
                        )
                    })
                    .collect();
            }
            Some(_) => reader.diagnostics.degraded(
                &pointer.push("properties"),
                "`properties` must be an object; ignored",
            ),
            None => {}
        }
        match object.get("required") {
            Some(Value::Array(names)) => {
                self.required = names
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect();
            }
            // `required: true` on a property is Swagger 2 / JSON Schema draft 3; it says nothing here.
            Some(Value::Bool(_)) => reader.diagnostics.repaired(
                &pointer.push("required"),
                "`required: true|false` on a schema has no meaning in OpenAPI 3 (list the property in its parent's `required`); ignored",
            ),
            Some(_) => reader.diagnostics.degraded(
                &pointer.push("required"),
                "`required` must be a list of names; ignored",
            ),
            None => {}
        }
        self.additional = match object.get("additionalProperties") {
            None => Additional::Unspecified,
            Some(Value::Bool(allowed)) => Additional::Allowed(*allowed),
            Some(value) => Additional::Schema(Rc::new(Schema::read(
                value,
                &pointer.push("additionalProperties"),
                reader,
            ))),
        };
    }

    fn read_array_keywords(&mut self, object: &Map<String, Value>, reader: &mut Reader<'_>) {
        let pointer = self.pointer.clone();
        match object.get("items") {
            // Draft-4 tuple form: a list of item schemas is what 3.1 calls `prefixItems`.
            Some(Value::Array(_)) => {
                reader.diagnostics.repaired(
                    &pointer.push("items"),
                    "a list of item schemas is read as `prefixItems`",
                );
                self.prefix_items = read_schema_list(object, "items", &pointer, reader);
            }
            Some(items) => {
                self.items = Some(Rc::new(Schema::read(items, &pointer.push("items"), reader)));
            }
            None => {}
        }
        if object.contains_key("prefixItems") {
            self.prefix_items = read_schema_list(object, "prefixItems", &pointer, reader);
        }
    }

    fn read_bounds(&mut self, object: &Map<String, Value>, reader: &mut Reader<'_>) {
        let number = |key: &str| object.get(key).and_then(Value::as_f64);
        let count = |key: &str| object.get(key).and_then(Value::as_u64);
        let mut bounds = Bounds {
            minimum: number("minimum"),
            maximum: number("maximum"),
            min_length: count("minLength"),
            max_length: count("maxLength"),
            min_items: count("minItems"),
            max_items: count("maxItems"),
            pattern: string(object, "pattern"),
            ..Bounds::default()
        };
        for (key, bound, exclusive) in [
            (
                "exclusiveMinimum",
                &mut bounds.minimum,
                &mut bounds.exclusive_minimum,
            ),
            (
                "exclusiveMaximum",
                &mut bounds.maximum,
                &mut bounds.exclusive_maximum,
            ),
        ] {
            match object.get(key) {
                Some(Value::Bool(b)) => *exclusive = *b,
                Some(Value::Number(n)) => {
                    if reader.dialect == Dialect::V30 {
                        reader.diagnostics.repaired(
                            &self.pointer.push(key),
                            format!("a numeric `{key}` is OpenAPI 3.1; read as such"),
                        );
                    }
                    *bound = n.as_f64();
                    *exclusive = true;
                }
                _ => {}
            }
        }
        self.bounds = bounds;
    }

    /// The effective format: `format`, or `binary`/`byte` from 3.1's `contentEncoding` and
    /// `contentMediaType` on a string.
    pub fn effective_format(&self) -> Option<&str> {
        if let Some(format) = self.format.as_deref() {
            return Some(format);
        }
        match self.content_encoding.as_deref() {
            Some(encoding) if encoding.eq_ignore_ascii_case("base64") => return Some("byte"),
            Some(encoding) if encoding.eq_ignore_ascii_case("binary") => return Some("binary"),
            _ => {}
        }
        self.content_media_type.as_ref().map(|_| "binary")
    }

    /// Whether the schema says nothing but "may be null" (`{type: 'null'}`, `{nullable: true}`),
    /// as a member of `anyOf: [T, {type: 'null'}]`.
    pub fn is_null_marker(&self) -> bool {
        self.nullable && self.reference.is_none() && self.types.is_empty() && !self.has_shape()
    }

    /// Whether the schema constrains the shape of a value (beyond type and annotations).
    pub fn has_shape(&self) -> bool {
        !self.properties.is_empty()
            || !matches!(self.additional, Additional::Unspecified)
            || self.items.is_some()
            || !self.prefix_items.is_empty()
            || !self.all_of.is_empty()
            || !self.one_of.is_empty()
            || !self.any_of.is_empty()
            || self
                .enumeration
                .as_ref()
                .is_some_and(|values| !values.is_empty())
    }

    /// Whether the schema only annotates another (description, nullability, a bare `type`,
    /// default, examples) and adds no shape of its own, as in
    /// `allOf: [{$ref: Status}, {description: ..., nullable: true}]`.
    pub fn is_annotation(&self) -> bool {
        self.reference.is_none() && !self.has_shape() && self.not.is_none()
    }
}

fn string(object: &Map<String, Value>, key: &str) -> Option<String> {
    object.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn flag(object: &Map<String, Value>, key: &str) -> bool {
    object.get(key) == Some(&Value::Bool(true))
}

fn read_schema_list(
    object: &Map<String, Value>,
    keyword: &str,
    pointer: &Pointer,
    reader: &mut Reader<'_>,
) -> Vec<Rc<Schema>> {
    let at = pointer.push(keyword);
    match object.get(keyword) {
        None => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| Rc::new(Schema::read(item, &at.push(i), reader)))
            .collect(),
        Some(_) => {
            reader.diagnostics.degraded(
                &at,
                format!("`{keyword}` must be a list of schemas; ignored"),
            );
            Vec::new()
        }
    }
}

fn read_discriminator(
    value: &Value,
    pointer: &Pointer,
    reader: &mut Reader<'_>,
) -> Option<Discriminator> {
    let Some(property_name) = value.get("propertyName").and_then(Value::as_str) else {
        reader.diagnostics.degraded(
            pointer,
            "a discriminator needs a `propertyName`; variants are told apart by shape",
        );
        return None;
    };
    let mapping = value
        .get("mapping")
        .and_then(Value::as_object)
        .map(|mapping| {
            mapping
                .iter()
                .filter_map(|(tag, target)| Some((tag.clone(), target.as_str()?.to_owned())))
                .collect()
        })
        .unwrap_or_default();
    Some(Discriminator {
        property_name: property_name.to_owned(),
        mapping,
    })
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// `in: path`
    Path,
    /// `in: query`
    Query,
    /// `in: header`
    Header,
    /// `in: cookie`
    Cookie,
}

/// An operation or path-level parameter.
#[derive(Debug, Clone)]
pub struct Parameter {
    /// Where it is written.
    pub pointer: Pointer,
    /// `name`.
    pub name: String,
    /// `in`.
    pub location: Location,
    /// `required`.
    pub required: bool,
    /// `deprecated`.
    pub deprecated: bool,
    /// `description`.
    pub description: Option<String>,
    /// `style`, as written.
    pub style: Option<String>,
    /// `explode`.
    pub explode: Option<bool>,
    /// `schema`, or the schema of the first `content` entry.
    pub schema: Option<Schema>,
    /// `example` and the values of `examples`.
    pub examples: Vec<Value>,
}

impl Parameter {
    /// Reads a parameter; `None` (with a warning) when it lacks a name or location.
    pub fn read(value: &Value, pointer: &Pointer, reader: &mut Reader<'_>) -> Option<Parameter> {
        let Some(object) = value.as_object() else {
            reader
                .diagnostics
                .degraded(pointer, "parameter dropped: not an object");
            return None;
        };
        let Some(name) = object.get("name").and_then(Value::as_str) else {
            reader
                .diagnostics
                .degraded(pointer, "parameter dropped: it has no `name`");
            return None;
        };
        let location = match object.get("in").and_then(Value::as_str) {
            Some("path") => Location::Path,
            Some("query") => Location::Query,
            Some("header") => Location::Header,
            Some("cookie") => Location::Cookie,
            other => {
                let found = other.map_or("missing".to_owned(), |o| format!("`{o}`"));
                reader.diagnostics.degraded(
                    pointer,
                    format!("parameter dropped: `in` of `{name}` is {found}, not path, query, header or cookie"),
                );
                return None;
            }
        };
        let schema = match (object.get("schema"), object.get("content")) {
            (Some(schema), _) => Some(Schema::read(schema, &pointer.push("schema"), reader)),
            (None, Some(Value::Object(content))) => {
                content.iter().next().and_then(|(mime, media)| {
                    let at = pointer.push("content").push(mime).push("schema");
                    media
                        .get("schema")
                        .map(|schema| Schema::read(schema, &at, reader))
                })
            }
            _ => None,
        };
        Some(Parameter {
            pointer: pointer.clone(),
            name: name.to_owned(),
            location,
            required: flag(object, "required"),
            deprecated: flag(object, "deprecated"),
            description: string(object, "description"),
            style: string(object, "style"),
            explode: object.get("explode").and_then(Value::as_bool),
            schema,
            examples: examples_of(object),
        })
    }
}

/// `example` plus the `value`s of `examples`.
fn examples_of(object: &Map<String, Value>) -> Vec<Value> {
    let mut out: Vec<Value> = object.get("example").cloned().into_iter().collect();
    if let Some(Value::Object(examples)) = object.get("examples") {
        out.extend(examples.values().filter_map(|e| e.get("value").cloned()));
    }
    out
}

/// One entry of a `content` map.
#[derive(Debug, Clone)]
pub struct MediaType {
    /// The media type (`application/json`).
    pub mime: String,
    /// Its schema, if any.
    pub schema: Option<Schema>,
    /// For multipart and form bodies: the content type declared per property (`encoding`).
    pub encoding: Vec<(String, String)>,
}

fn read_content(
    object: &Map<String, Value>,
    pointer: &Pointer,
    reader: &mut Reader<'_>,
) -> Vec<MediaType> {
    let Some(content) = object.get("content") else {
        return Vec::new();
    };
    let Some(content) = content.as_object() else {
        reader.diagnostics.degraded(
            &pointer.push("content"),
            "`content` must be an object; ignored",
        );
        return Vec::new();
    };
    let at = pointer.push("content");
    content
        .iter()
        .map(|(mime, media)| MediaType {
            mime: mime.clone(),
            schema: media
                .get("schema")
                .map(|schema| Schema::read(schema, &at.push(mime).push("schema"), reader)),
            encoding: media
                .get("encoding")
                .and_then(Value::as_object)
                .map(|encoding| {
                    encoding
                        .iter()
                        .filter_map(|(property, e)| {
                            Some((property.clone(), e.get("contentType")?.as_str()?.to_owned()))
                        })
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect()
}

/// A request body.
#[derive(Debug, Clone)]
pub struct RequestBody {
    /// `description`.
    pub description: Option<String>,
    /// `required`.
    pub required: bool,
    /// `content`, in spec order.
    pub content: Vec<MediaType>,
}

impl RequestBody {
    /// Reads a request body.
    pub fn read(value: &Value, pointer: &Pointer, reader: &mut Reader<'_>) -> Option<RequestBody> {
        let Some(object) = value.as_object() else {
            reader
                .diagnostics
                .degraded(pointer, "request body dropped: not an object");
            return None;
        };
        Some(RequestBody {
            description: string(object, "description"),
            required: flag(object, "required"),
            content: read_content(object, pointer, reader),
        })
    }
}

/// A response.
#[derive(Debug, Clone)]
pub struct Response {
    /// Where it is defined.
    pub pointer: Pointer,
    /// `description`.
    pub description: Option<String>,
    /// `content`, in spec order.
    pub content: Vec<MediaType>,
    /// The names of the declared `headers`.
    pub headers: Vec<String>,
}

impl Response {
    /// Reads a response.
    pub fn read(value: &Value, pointer: &Pointer, reader: &mut Reader<'_>) -> Option<Response> {
        let Some(object) = value.as_object() else {
            reader
                .diagnostics
                .degraded(pointer, "response dropped: not an object");
            return None;
        };
        Some(Response {
            pointer: pointer.clone(),
            description: string(object, "description"),
            content: read_content(object, pointer, reader),
            headers: object
                .get("headers")
                .and_then(Value::as_object)
                .map(|headers| headers.keys().cloned().collect())
                .unwrap_or_default(),
        })
    }
}

/// An HTTP method of a path item.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One operation, with its parts still unresolved.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The method key (`get`).
    pub method: String,
    /// `operationId`.
    pub operation_id: Option<String>,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `tags`.
    pub tags: Vec<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// `parameters`, with their pointers.
    pub parameters: Vec<(Value, Pointer)>,
    /// `requestBody`.
    pub request_body: Option<(Value, Pointer)>,
    /// `responses`: status key (`200`, `4XX`, `default`) → response, in spec order.
    pub responses: Vec<(String, Value, Pointer)>,
}

impl Operation {
    /// Reads an operation's own fields; parameters, body and responses are resolved later.
    pub fn read(
        method: &str,
        value: &Value,
        pointer: &Pointer,
        reader: &mut Reader<'_>,
    ) -> Option<Operation> {
        let Some(object) = value.as_object() else {
            reader
                .diagnostics
                .degraded(pointer, "operation dropped: not an object");
            return None;
        };
        let responses = match object.get("responses") {
            Some(Value::Object(responses)) => responses
                .iter()
                .map(|(status, r)| {
                    (
                        status.clone(),
                        r.clone(),
                        pointer.push("responses").push(status),
                    )
                })
                .collect(),
            Some(_) => {
                reader.diagnostics.degraded(
                    &pointer.push("responses"),
                    "`responses` must be an object; read as declaring none",
                );
                Vec::new()
            }
            None => {
                reader.diagnostics.repaired(
                    pointer,
                    "operation has no `responses`; read as declaring none",
                );
                Vec::new()
            }
        };
        Some(Operation {
            method: method.to_owned(),
            operation_id: string(object, "operationId"),
            summary: string(object, "summary"),
            description: string(object, "description"),
            tags: object
                .get("tags")
                .and_then(Value::as_array)
                .map(|tags| {
                    tags.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
            deprecated: flag(object, "deprecated"),
            parameters: parameter_list(object, pointer, reader),
            request_body: object
                .get("requestBody")
                .map(|b| (b.clone(), pointer.push("requestBody"))),
            responses,
        })
    }
}

/// The `parameters` list of an operation or path item, each with its pointer.
pub fn parameter_list(
    object: &Map<String, Value>,
    pointer: &Pointer,
    reader: &mut Reader<'_>,
) -> Vec<(Value, Pointer)> {
    match object.get("parameters") {
        None => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, p)| (p.clone(), pointer.push("parameters").push(i)))
            .collect(),
        Some(_) => {
            reader.diagnostics.degraded(
                &pointer.push("parameters"),
                "`parameters` must be a list; ignored",
            );
            Vec::new()
        }
    }
}

/// A `servers` entry.
#[derive(Debug, Clone)]
pub struct Server {
    /// The URL template.
    pub url: String,
    /// `description`.
    pub description: Option<String>,
    /// Variables: name, default, description.
    pub variables: Vec<(String, String, Option<String>)>,
}

/// The document's top level: what is not reached through paths.
#[derive(Debug, Clone)]
pub struct Document {
    /// The declared dialect.
    pub dialect: Dialect,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// `servers`.
    pub servers: Vec<Server>,
    /// The `tokenUrl` of the first OAuth2 security scheme with a client-credentials flow.
    pub token_url: Option<String>,
    /// Whether some operation can only be called with credentials (its `security`, or the
    /// document's, lists requirements and none of them is the empty `{}`).
    pub requires_credentials: bool,
}

impl Document {
    /// Reads the top-level fields of `root`.
    pub fn read(root: &Value, dialect: Dialect, reader: &mut Reader<'_>) -> Document {
        let info = root.get("info").and_then(Value::as_object);
        let text = |key: &str| info.and_then(|i| string(i, key));
        if info.is_none() {
            reader.diagnostics.repaired(
                &Pointer::root().push("info"),
                "the document has no `info`; title and version left empty",
            );
        }
        let servers = root
            .get("servers")
            .and_then(Value::as_array)
            .map(|servers| servers.iter().filter_map(read_server).collect())
            .unwrap_or_default();
        Document {
            dialect,
            title: text("title").unwrap_or_default(),
            version: text("version").unwrap_or_default(),
            description: text("description"),
            servers,
            token_url: client_credentials_token_url(root),
            requires_credentials: requires_credentials(root),
        }
    }
}

/// Whether a `security` value demands credentials: a non-empty list of requirements without
/// the empty requirement `{}` (which makes them optional).
fn demands_credentials(security: &Value) -> bool {
    security.as_array().is_some_and(|requirements| {
        !requirements.is_empty()
            && requirements
                .iter()
                .all(|r| r.as_object().is_some_and(|r| !r.is_empty()))
    })
}

/// Whether any operation needs credentials: its own `security`, else the document's.
fn requires_credentials(root: &Value) -> bool {
    let global = root.get("security").is_some_and(demands_credentials);
    let Some(paths) = root.get("paths").and_then(Value::as_object) else {
        return global;
    };
    paths
        .values()
        .filter_map(Value::as_object)
        .flat_map(|item| item.values().filter_map(Value::as_object))
        .filter(|operation| operation.contains_key("responses"))
        .any(|operation| match operation.get("security") {
            Some(security) => demands_credentials(security),
            None => global,
        })
}

/// The `tokenUrl` of the first OAuth2 scheme in `components.securitySchemes` that has a
/// `clientCredentials` flow.
fn client_credentials_token_url(root: &Value) -> Option<String> {
    let schemes = root.pointer("/components/securitySchemes")?.as_object()?;
    schemes.values().find_map(|scheme| {
        if scheme.get("type").and_then(Value::as_str) != Some("oauth2") {
            return None;
        }
        let url = scheme
            .pointer("/flows/clientCredentials/tokenUrl")?
            .as_str()?;
        (!url.trim().is_empty()).then(|| url.trim().to_owned())
    })
}

fn read_server(value: &Value) -> Option<Server> {
    let object = value.as_object()?;
    let variables = object
        .get("variables")
        .and_then(Value::as_object)
        .map(|variables| {
            variables
                .iter()
                .map(|(name, variable)| {
                    let default = match variable.get("default") {
                        Some(Value::String(s)) => s.clone(),
                        Some(other) if !other.is_null() => other.to_string(),
                        _ => String::new(),
                    };
                    (
                        name.clone(),
                        default,
                        variable
                            .get("description")
                            .and_then(Value::as_str)
                            .map(str::to_owned),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    Some(Server {
        url: object.get("url")?.as_str()?.to_owned(),
        description: string(object, "description"),
        variables,
    })
}
