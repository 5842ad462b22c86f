//! The intermediate representation: what the emitters see. It holds Rust-level decisions
//! (names, optionality, boxing) and nothing that needs the raw spec again.

use crate::diagnostics::Pointer;

/// Index of a named type in a [`TypeSpace`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// A Rust type expression.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    /// A model defined in the type space.
    Named(TypeId),
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `u64`.
    U64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// An RFC 3339 timestamp.
    DateTime,
    /// A calendar date.
    Date,
    /// Raw bytes (`format: binary`).
    Bytes,
    /// Any JSON value.
    Json,
    /// A JSON object with unknown keys.
    JsonObject,
    /// A list.
    Vec(Box<TypeRef>),
    /// A string-keyed map.
    Map(Box<TypeRef>),
    /// A fixed-length list of differently typed items (`prefixItems`).
    Tuple(Vec<TypeRef>),
    /// A value that may be JSON `null`.
    Nullable(Box<TypeRef>),
    /// A heap indirection that breaks a recursive newtype.
    Boxed(Box<TypeRef>),
}

impl TypeRef {
    /// Whether the type is a plain string (accepts `impl Into<String>` in setters).
    pub fn is_string(&self) -> bool {
        matches!(self, TypeRef::String)
    }

    /// The type without `Nullable`/`Boxed` wrappers.
    pub fn strip(&self) -> &TypeRef {
        match self {
            TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => inner.strip(),
            other => other,
        }
    }

    /// The named models this expression mentions, through containers when `through_containers`.
    pub fn named(&self, through_containers: bool, out: &mut Vec<TypeId>) {
        match self {
            TypeRef::Named(id) => out.push(*id),
            TypeRef::Nullable(inner) => inner.named(through_containers, out),
            // A tuple holds its items by value.
            TypeRef::Tuple(items) => {
                for item in items {
                    item.named(through_containers, out);
                }
            }
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Boxed(inner)
                if through_containers =>
            {
                inner.named(through_containers, out)
            }
            _ => {}
        }
    }
}

impl TypeKind {
    /// The type expressions a model is made of (fields, variants, aliased type).
    pub fn parts(&self) -> Vec<&TypeRef> {
        match self {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .map(|f| &f.ty)
                .chain(s.additional.as_ref())
                .chain(s.flattened.iter().map(|(_, ty)| ty))
                .collect(),
            TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Alias(inner) | TypeKind::Newtype(inner) => vec![inner],
            TypeKind::StringEnum(_) => Vec::new(),
        }
    }
}

impl Operation {
    /// Every type expression the operation uses: parameters, body and response bodies.
    pub fn type_refs(&self) -> Vec<&TypeRef> {
        let mut refs: Vec<&TypeRef> = self.parameters.iter().map(|p| &p.ty).collect();
        refs.extend(self.body.as_ref().map(|b| &b.ty));
        refs.extend(self.responses.iter().filter_map(|r| match &r.body {
            ResponseBody::Json(ty) => Some(ty),
            _ => None,
        }));
        refs
    }
}

/// A named model.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// The Rust name.
    pub name: String,
    /// Documentation from the spec.
    pub docs: Option<String>,
    /// Where it was defined.
    pub pointer: Pointer,
    /// What it is.
    pub kind: TypeKind,
    /// Whether a request body reaches it, so callers build values of it and it gets a
    /// constructor (decided by `passes/request_models.rs`).
    pub in_requests: bool,
}

/// The shape of a named model.
#[derive(Debug, Clone)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(StructDef),
    /// A closed set of strings, with a fallback for values the spec does not list.
    StringEnum(Vec<EnumValue>),
    /// One of several shapes (`oneOf`/`anyOf`).
    Union(UnionDef),
    /// A name for another type (`type Tags = Vec<String>`).
    Alias(TypeRef),
    /// A wrapper struct around another type; used instead of an alias where the type is recursive.
    Newtype(TypeRef),
}

/// An object model.
#[derive(Debug, Clone, Default)]
pub struct StructDef {
    /// The properties, in spec order.
    pub fields: Vec<Field>,
    /// The value type of extra properties, when `additionalProperties` allows them explicitly.
    pub additional: Option<TypeRef>,
    /// Whether the schema allows properties it does not declare (`additionalProperties` not
    /// `false`); the emitter may keep them for round trips.
    pub open: bool,
    /// Unions carried beside the properties (`properties` next to `oneOf`), each a flattened
    /// field: field name and union type.
    pub flattened: Vec<(String, TypeRef)>,
}

/// One property of an object.
#[derive(Debug, Clone)]
pub struct Field {
    /// The Rust field name.
    pub name: String,
    /// The JSON property name.
    pub wire_name: String,
    /// The value type, without the optionality wrapper.
    pub ty: TypeRef,
    /// Whether the property must be present.
    pub required: bool,
    /// Whether the property may be `null`.
    pub nullable: bool,
    /// Whether the value must be boxed to break a cycle.
    pub boxed: bool,
    /// Whether the spec marks the property deprecated.
    pub deprecated: bool,
    /// Documentation.
    pub docs: Option<String>,
}

/// One value of a string enum.
#[derive(Debug, Clone)]
pub struct EnumValue {
    /// The Rust variant name.
    pub name: String,
    /// The string on the wire.
    pub wire: String,
}

/// A `oneOf`/`anyOf` model.
#[derive(Debug, Clone)]
pub struct UnionDef {
    /// The alternatives, most specific first.
    pub variants: Vec<UnionVariant>,
    /// The property whose value selects the variant, when the spec declares one.
    pub discriminator: Option<String>,
    /// The name of the variant that keeps, as raw JSON, a value no variant fits (an unknown
    /// discriminator value, or a shape the spec does not list).
    pub fallback: String,
}

/// One alternative of a union.
#[derive(Debug, Clone)]
pub struct UnionVariant {
    /// The Rust variant name.
    pub name: String,
    /// The payload.
    pub ty: TypeRef,
    /// The discriminator values that select this variant.
    pub tags: Vec<String>,
    /// Whether the payload must be boxed to break a cycle.
    pub boxed: bool,
}

/// All named models of one spec, in definition order.
#[derive(Debug, Clone, Default)]
pub struct TypeSpace {
    /// The models; a [`TypeId`] indexes this.
    pub types: Vec<TypeDef>,
}

impl TypeSpace {
    /// The model behind `id`.
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// The models `id` is made of: its fields', variants' and aliased type's models, and its
    /// flattened and additional properties' models; with `by_value`, only those held by value
    /// (not behind a `Vec` or map, nor in additional or flattened properties), the ones a
    /// cycle must be broken at with a `Box`.
    pub fn successors(&self, id: TypeId, by_value: bool) -> Vec<TypeId> {
        let mut out = Vec::new();
        match (&self.get(id).kind, by_value) {
            (TypeKind::Struct(s), true) => {
                for field in &s.fields {
                    field.ty.named(false, &mut out);
                }
            }
            (kind, _) => {
                for part in kind.parts() {
                    part.named(!by_value, &mut out);
                }
            }
        }
        out
    }

    /// Every model reachable from `roots` through [`TypeSpace::successors`] (the roots
    /// included), as one flag per type id: the one walk of the model graph.
    pub fn reach(&self, roots: impl IntoIterator<Item = TypeId>) -> Vec<bool> {
        let mut reached = vec![false; self.types.len()];
        let mut pending: Vec<TypeId> = roots.into_iter().collect();
        while let Some(id) = pending.pop() {
            if !std::mem::replace(&mut reached[id.0], true) {
                pending.extend(self.successors(id, false));
            }
        }
        reached
    }
}

/// One spec, lowered: its models and operations.
#[derive(Debug, Clone)]
pub struct Api {
    /// The module name (from the file stem).
    pub module: String,
    /// The API title.
    pub title: String,
    /// The API description.
    pub docs: Option<String>,
    /// The API version.
    pub version: String,
    /// The server URLs, first is the default.
    pub servers: Vec<Server>,
    /// Where the OAuth2 client-credentials grant gets tokens, as the spec writes it.
    pub token_url: Option<String>,
    /// Whether some operation can only be called with credentials.
    pub requires_credentials: bool,
    /// The models.
    pub types: TypeSpace,
    /// The operations, in spec order.
    pub operations: Vec<Operation>,
    /// Error enums shared by several operations.
    pub shared_errors: Vec<SharedError>,
}

/// An error enum that several operations with the same error responses share.
#[derive(Debug, Clone)]
pub struct SharedError {
    /// The type name.
    pub name: String,
    /// The operations using it (indexes into `Api::operations`), the first defines its docs.
    pub operations: Vec<usize>,
}

/// A server URL template.
#[derive(Debug, Clone)]
pub struct Server {
    /// The URL with `{variable}` placeholders.
    pub url: String,
    /// Description.
    pub docs: Option<String>,
    /// The variables with their defaults.
    pub variables: Vec<ServerVariable>,
}

/// A `{variable}` in a server URL.
#[derive(Debug, Clone)]
pub struct ServerVariable {
    /// The placeholder name.
    pub name: String,
    /// The Rust parameter name.
    pub rust_name: String,
    /// Default value.
    pub default: String,
    /// Description.
    pub docs: Option<String>,
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

/// One operation: a method on the client.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The client method name (`list_identities`).
    pub method_name: String,
    /// The request builder type name (`ListIdentities`).
    pub builder_name: String,
    /// The original operationId, if any.
    pub operation_id: Option<String>,
    /// The spec's tags, which become Cargo features.
    pub tags: Vec<String>,
    /// HTTP method.
    pub method: Method,
    /// The path template as sent (`/identities/{identityId}/reset`), placeholders matching parameters.
    pub path: String,
    /// Summary and description.
    pub docs: Option<String>,
    /// Whether the spec marks it deprecated.
    pub deprecated: bool,
    /// Where it was defined.
    pub pointer: Pointer,
    /// Path, query and header parameters.
    pub parameters: Vec<Parameter>,
    /// The request body, if any.
    pub body: Option<RequestBody>,
    /// The declared responses.
    pub responses: Vec<Response>,
    /// The success type name when several success responses differ (`XResponse`).
    pub success_enum: Option<String>,
    /// The error enum type name (`XError`).
    pub error_enum: String,
    /// The enum that defines the error type: `error_enum` itself, or a shared enum
    /// (`Errors400404`) that `error_enum` aliases.
    pub error_type: String,
    /// The media types the responses declare, for the `Accept` header; the preferred first.
    pub accept: Vec<String>,
    /// Whether a success response offers several representations (JSON and CSV, say), so the
    /// caller may pick one with `accept` and read it raw.
    pub alternatives: bool,
    /// How the operation pages, if it does (decided by `passes/paging.rs`).
    pub paging: Option<Paging>,
}

/// How an operation pages: which parameters move through the pages, and where the items are.
#[derive(Debug, Clone)]
pub struct Paging {
    /// Which parameters move through the pages.
    pub kind: PagingKind,
    /// Where the items are in the success body.
    pub items: PageItems,
    /// The item type.
    pub item: TypeRef,
}

/// The parameters that move through the pages, as indices into [`Operation::parameters`].
#[derive(Debug, Clone)]
pub enum PagingKind {
    /// `offset` and `limit`, and an optional `count` that asks for the total.
    Offset {
        /// The offset parameter.
        offset: usize,
        /// The page-size parameter.
        limit: usize,
        /// A boolean parameter asking for `X-Total-Count`.
        count: Option<usize>,
        /// The page size when the caller sets none: the declared maximum, else 100.
        page_size: u64,
    },
    /// A page number and a page size.
    Number {
        /// The page-number parameter.
        page: usize,
        /// The page-size parameter.
        size: usize,
        /// The first page's number: the declared minimum (0 or 1), else 1.
        first: u64,
        /// The page size when the caller sets none: the declared maximum, else 100.
        page_size: u64,
    },
    /// The URL of the previous page's `Link: <...>; rel="next"` header, which the success
    /// response declares.
    Link,
    /// A cursor parameter filled from a field of the previous page.
    Cursor {
        /// The query parameter.
        parameter: usize,
        /// The response field holding the next cursor.
        field: Field,
    },
}

/// Where a page's items are.
#[derive(Debug, Clone)]
pub enum PageItems {
    /// The body is the list.
    Body,
    /// A field of the body object holds the list.
    Field(Field),
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterLocation {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// As a request header.
    Header,
    /// As a cookie.
    Cookie,
}

impl ParameterLocation {
    /// The OpenAPI name of the location (`in:`): `path`, `query`, `header` or `cookie`.
    pub fn name(self) -> &'static str {
        match self {
            ParameterLocation::Path => "path",
            ParameterLocation::Query => "query",
            ParameterLocation::Header => "header",
            ParameterLocation::Cookie => "cookie",
        }
    }
}

/// The OpenAPI `style` of a query parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `name=a&name=b` (explode) or `name=a,b`; objects as `k=v` pairs or `name=k,v`.
    Form,
    /// `name=a%20b`.
    SpaceDelimited,
    /// `name=a|b`.
    PipeDelimited,
    /// `name[k]=v`, for objects.
    DeepObject,
}

/// One operation parameter.
#[derive(Debug, Clone)]
pub struct Parameter {
    /// The name on the wire.
    pub wire_name: String,
    /// The Rust argument/setter name.
    pub rust_name: String,
    /// Where it goes.
    pub location: ParameterLocation,
    /// The value type.
    pub ty: TypeRef,
    /// Whether the caller must give it.
    pub required: bool,
    /// How the caller passes it.
    pub passing: Passing,
    /// Whether the spec marks it deprecated.
    pub deprecated: bool,
    /// How its value is written (decided once the type space is final, see
    /// `operations::decide_shapes`).
    pub shape: ParamShape,
    /// How lists and objects are written into the query string.
    pub style: QueryStyle,
    /// For lists and objects: one pair per item (`explode`) or one joined value.
    pub explode: bool,
    /// Description.
    pub docs: Option<String>,
    /// The declared `minimum` and `maximum` of a numeric parameter.
    pub range: (Option<f64>, Option<f64>),
    /// The typed filter or sort expressions its description documents, if any.
    pub expressions: Option<Expressions>,
}

/// The typed expressions of a `filters` or `sorters` parameter whose description lists its
/// fields (SailPoint's list operations): a marker type whose functions build them.
#[derive(Debug, Clone, PartialEq)]
pub struct Expressions {
    /// The marker type's name in the operations module (`ListIdentitiesFilter`).
    pub marker: String,
    /// What its functions build.
    pub kind: ExpressionKind,
}

/// Filters or sort keys.
#[derive(Debug, Clone, PartialEq)]
pub enum ExpressionKind {
    /// One function per documented field and operator (`name_sw`).
    Filter(Vec<FilterFunction>),
    /// One function per documented sort field (`name`).
    Sort(Vec<SortKey>),
}

/// A function building `field operator value`.
#[derive(Debug, Clone, PartialEq)]
pub struct FilterFunction {
    /// The function's name, unique on the marker type (`name_sw`).
    pub name: String,
    /// The field as written in the expression (`owner.id`).
    pub field: String,
    /// The operator.
    pub operator: crate::lower::filter_docs::FilterOperator,
    /// The type of its value when the listed items' property of that name is a date-time,
    /// boolean, number or string enum (decided by `passes/expressions.rs`); `None`
    /// takes any value that converts.
    pub value: Option<TypeRef>,
}

/// A function naming one sort field.
#[derive(Debug, Clone, PartialEq)]
pub struct SortKey {
    /// The function's name, unique on the marker type.
    pub name: String,
    /// The field as written in the sort list.
    pub field: String,
}

/// How a parameter's value is written into a query string, header or form part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamShape {
    /// As text: strings, numbers, booleans, timestamps, string enums, unions of those.
    Scalar,
    /// A list of scalars: one pair per item, or the items joined.
    List,
    /// Objects and anything nested: as pairs, `name[key]` pairs or JSON text.
    Structured,
}

impl ParamShape {
    /// The shape of a value of `ty`, looking through aliases and nullability.
    pub fn of(ty: &TypeRef, space: &TypeSpace) -> ParamShape {
        match ty {
            TypeRef::Vec(inner) => match ParamShape::of(inner, space) {
                ParamShape::Scalar => ParamShape::List,
                _ => ParamShape::Structured,
            },
            // A nullable scalar (`enum: [A, B, null]`) is still written as text.
            TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => ParamShape::of(inner, space),
            TypeRef::Named(id) => match &space.get(*id).kind {
                TypeKind::StringEnum(_) => ParamShape::Scalar,
                TypeKind::Alias(inner) => ParamShape::of(inner, space),
                // A union of scalars (`oneOf: [uuid, name]`) is written as whichever it holds.
                TypeKind::Union(u)
                    if u.variants
                        .iter()
                        .all(|v| ParamShape::of(&v.ty, space) == ParamShape::Scalar) =>
                {
                    ParamShape::Scalar
                }
                _ => ParamShape::Structured,
            },
            TypeRef::String
            | TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::U64
            | TypeRef::F32
            | TypeRef::F64
            | TypeRef::DateTime
            | TypeRef::Date => ParamShape::Scalar,
            _ => ParamShape::Structured,
        }
    }
}

/// How a caller passes a parameter to a request builder.
#[derive(Debug, Clone, PartialEq)]
pub enum Passing {
    /// An argument of the client method (path parameters, required ones without a default).
    Argument,
    /// Required, but the client sends this default unless the caller sets another value.
    Defaulted(DefaultValue),
    /// Optional: set through a setter, left out when not set.
    Optional,
}

/// A parameter default, already checked against the parameter's type.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    /// A string (or a value of a string-like type).
    String(String),
    /// A boolean.
    Bool(bool),
    /// An integer.
    Integer(i64),
    /// A floating-point number.
    Float(f64),
    /// A value of a string enum, by its wire text.
    Enum(String),
}

/// How a body is encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyEncoding {
    /// JSON, with this exact content type (`application/json`, `application/json-patch+json`).
    Json(String),
    /// Plain text.
    Text(String),
    /// Opaque bytes with this content type.
    Bytes(String),
    /// `multipart/form-data`: one part per property, `format: binary` properties as files;
    /// the content types the spec declares per property (`encoding`).
    Multipart(Vec<(String, String)>),
    /// `application/x-www-form-urlencoded`: one pair per property.
    Form,
}

/// The request body of an operation.
#[derive(Debug, Clone)]
pub struct RequestBody {
    /// The Rust type.
    pub ty: TypeRef,
    /// Encoding.
    pub encoding: BodyEncoding,
    /// Whether it must be given.
    pub required: bool,
    /// Description.
    pub docs: Option<String>,
}

/// Which statuses a response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    /// One code.
    Code(u16),
    /// A class: `4XX` is `Range(4)`.
    Range(u16),
    /// Every status not matched otherwise.
    Default,
}

impl StatusMatch {
    /// Whether this covers success (2xx) statuses.
    pub fn is_success(self) -> bool {
        match self {
            StatusMatch::Code(code) => (200..300).contains(&code),
            StatusMatch::Range(class) => class == 2,
            StatusMatch::Default => false,
        }
    }
}

/// How a response body is decoded.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseBody {
    /// No body.
    Empty,
    /// JSON into this type.
    Json(TypeRef),
    /// Text.
    Text,
    /// Raw bytes.
    Bytes,
}

/// One declared response.
#[derive(Debug, Clone)]
pub struct Response {
    /// The statuses it covers.
    pub status: StatusMatch,
    /// The variant name in the success or error enum.
    pub variant: String,
    /// The body.
    pub body: ResponseBody,
    /// Description.
    pub docs: Option<String>,
    /// The names of the headers it declares (`Link`, `X-Total-Count`).
    pub headers: Vec<String>,
}

/// One piece of a URL template such as `/identities/{id}/reset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplatePiece<'t> {
    /// Text taken as it is.
    Literal(&'t str),
    /// The name inside `{...}`.
    Placeholder(&'t str),
}

/// Splits a URL template into literal text and `{placeholder}`s; an unclosed `{` stays literal.
pub fn split_template(template: &str) -> Vec<TemplatePiece<'_>> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        if start > 0 {
            pieces.push(TemplatePiece::Literal(&rest[..start]));
        }
        pieces.push(TemplatePiece::Placeholder(&rest[start + 1..start + len]));
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        pieces.push(TemplatePiece::Literal(rest));
    }
    pieces
}
