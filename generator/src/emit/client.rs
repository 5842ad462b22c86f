//! Emits the client: the `Client` type with one method per operation, and the `operations`
//! module with each operation's request builder and response enums.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::emit::models::type_tokens;
use crate::emit::{doc_attrs, Part};
use crate::features::{cfg_attr, Gate};
use crate::ir::{
    split_template, Api, BodyEncoding, DefaultValue, Method, Operation, ParamShape, Parameter,
    ParameterLocation, Passing, QueryStyle, RequestBody, Response, ResponseBody, StatusMatch,
    TemplatePiece, TypeKind, TypeRef, TypeSpace,
};

/// The items of a spec's module: servers and the `Client`; `gates` (one per operation) puts
/// each method behind its Cargo features.
pub fn emit_client(api: &Api, gates: Option<&[Gate]>, env_prefix: &str) -> TokenStream {
    let servers = emit_servers(api);
    let title = format!(
        "Client for {} (version {}).\n\nCheap to clone: clones share one connection pool.",
        api.title, api.version
    );
    let title_docs = doc_attrs(Some(&title));
    let methods = api.operations.iter().enumerate().map(|(i, op)| {
        let cfg = gates
            .and_then(|g| g.get(i))
            .map(cfg_attr)
            .unwrap_or_default();
        emit_client_method(op, &api.types, &cfg)
    });
    let builder_methods = builder_methods();
    let config_methods = config_methods(api, env_prefix);
    let access_methods = access_methods();
    quote! {
        #servers

        #title_docs
        #[derive(Clone, Debug)]
        pub struct Client {
            transport: runtime::Transport,
        }

        #[allow(clippy::too_many_arguments, clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)]
        impl Client {
            #builder_methods
            #config_methods
            #access_methods
            #(#methods)*
        }
    }
}

/// The client's constructors and `with_` settings (spec-independent).
fn builder_methods() -> TokenStream {
    quote! {
    /// A client for `base_url` (for example [`DEFAULT_SERVER_URL`]).
    pub fn new(base_url: impl Into<String>) -> Self {
        Client { transport: runtime::Transport::new(base_url) }
    }

    /// A client that sends through a configured `reqwest::Client` (proxies, TLS roots,
    /// middleware); it then carries that client's timeouts and `User-Agent`.
    pub fn with_http_client(base_url: impl Into<String>, http: reqwest::Client) -> Self {
        Client { transport: runtime::Transport::with_http_client(base_url, http) }
    }

    /// Limits how long connecting may take and how long each attempt may take in all
    /// (defaults: [`runtime::DEFAULT_CONNECT_TIMEOUT`], [`runtime::DEFAULT_TIMEOUT`]).
    /// Replaces an HTTP client given to [`Client::with_http_client`].
    pub fn with_timeouts(
        mut self,
        connect_timeout: std::time::Duration,
        timeout: std::time::Duration,
    ) -> Self {
        self.transport.set_timeouts(connect_timeout, timeout);
        self
    }

    /// Fails an attempt when the response sends nothing (headers or the next bytes of
    /// its body) for `idle` (default [`runtime::DEFAULT_IDLE_TIMEOUT`]), so a stalled
    /// server is given up on before the per-attempt timeout. Replaces an HTTP client
    /// given to [`Client::with_http_client`].
    pub fn with_idle_timeout(mut self, idle: std::time::Duration) -> Self {
        self.transport.set_idle_timeout(idle);
        self
    }

    /// Sends `Authorization: Bearer <token>` with every request.
    pub fn with_bearer_token(mut self, token: impl Into<runtime::Secret>) -> Self {
        self.transport.set_bearer_token(token);
        self
    }

    /// Authenticates with the OAuth2 client-credentials grant: the access token is
    /// fetched from `token_url` on first use and renewed before it expires.
    pub fn with_client_credentials(
        mut self,
        token_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<runtime::Secret>,
    ) -> Self {
        self.transport.set_client_credentials(token_url, client_id, client_secret);
        self
    }

    /// Sends requests again after `429 Too Many Requests` (and `502`/`503`/`504` for
    /// idempotent methods), honouring `Retry-After`; see [`runtime::RetryPolicy`].
    pub fn with_retry_policy(mut self, policy: runtime::RetryPolicy) -> Self {
        self.transport.set_retry_policy(policy);
        self
    }
    }
}

/// `from_env` and `from_config`: the spec's server path, token URL and whether it needs
/// credentials, and the environment variables' prefix.
fn config_methods(api: &Api, env_prefix: &str) -> TokenStream {
    let server_path = server_path(api);
    let token_location = token_location(api);
    let token_url = match &token_location {
        Some(url) => quote!(Some(#url)),
        None => quote!(None),
    };
    let needs_credentials = api.requires_credentials;
    let from_env_doc = doc_attrs(Some(&format!(
        "A client configured by environment variables, like SailPoint's SDKs:\n\n\
         - `{env_prefix}_BASE_URL` (required): the root URL; requests go to it plus `{server_path}`\
         {}.\n\
         - `{env_prefix}_CLIENT_ID` and `{env_prefix}_CLIENT_SECRET`: the OAuth2 client-credentials grant{}; \
         or `{env_prefix}_ACCESS_TOKEN`: a fixed bearer token.\n\
         - `{env_prefix}_TOKEN_URL` (optional): where tokens come from instead.\n\
         - `{env_prefix}_ALLOW_INSECURE_HTTP=true` (optional): allow `http://` to a host that is not loopback.\n\n\
         A missing or malformed variable is an error naming it (never showing a secret){}.",
        if server_path.is_empty() { "" } else { " (unless it already ends with it)" },
        match &token_location {
            Some(url) if url.starts_with('/') => format!(", with tokens from the root URL plus `{url}`"),
            Some(url) => format!(", with tokens from `{url}`"),
            None => String::new(),
        },
        if api.requires_credentials {
            "; so are missing credentials, as the API requires authentication \
             (`runtime::Config::allow_anonymous` builds a client without)"
        } else {
            ""
        }
    )));
    quote! {
    #from_env_doc
    pub fn from_env() -> Result<Self, runtime::ConfigError> {
        Self::from_config(&runtime::Config::from_env(#env_prefix)?)
    }

    /// A client for a configuration read with [`runtime::Config`] (see
    /// [`Client::from_env`]).
    pub fn from_config(config: &runtime::Config) -> Result<Self, runtime::ConfigError> {
        Ok(Client { transport: config.transport(#server_path, #token_url, #needs_credentials)? })
    }
    }
}

/// The limits, accessors and raw requests every client has (spec-independent).
fn access_methods() -> TokenStream {
    quote! {
    /// Limits how large a response body may be read into memory (default
    /// [`runtime::DEFAULT_MAX_RESPONSE_BYTES`]); larger ones fail with
    /// [`runtime::Error::ResponseTooLarge`].
    pub fn with_max_response_bytes(mut self, limit: usize) -> Self {
        self.transport.set_max_response_bytes(limit);
        self
    }

    /// Allows `http://` to hosts other than loopback (tokens then travel in clear).
    pub fn allow_insecure_http(mut self) -> Self {
        self.transport.set_allow_insecure_http(true);
        self
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        self.transport.base_url()
    }

    /// The underlying HTTP client.
    pub fn http_client(&self) -> &reqwest::Client {
        self.transport.http_client()
    }

    /// Starts a request the spec does not describe, to `path` under the base URL; send
    /// it with [`Client::execute`], which adds the client's authentication, retries and
    /// limits.
    pub fn request(&self, method: reqwest::Method, path: &str) -> runtime::Request {
        self.transport.request("request", method, "(raw)", path)
    }

    /// Sends a request made with [`Client::request`] and reads its response.
    pub async fn execute(&self, request: runtime::Request) -> Result<runtime::RawResponse, runtime::Error<serde_json::Value>> {
        Ok(self.transport.execute(request).await?)
    }
    }
}

/// The path of the default server URL (`/v2024` of `https://{tenant}.api.identitynow.com/v2024`),
/// variables filled with their defaults, without a trailing `/`.
fn server_path(api: &Api) -> String {
    let Some(server) = api.servers.first() else {
        return String::new();
    };
    let url = default_url(server);
    let path = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |at| &rest[at..]),
        None => url.as_str(),
    };
    path.trim_end_matches('/').to_owned()
}

/// Where the client-credentials grant gets tokens: a path under the configured root when the
/// spec's `tokenUrl` is relative or on the API's host (or a sibling host such as another
/// tenant's `example-tenant.api.identitynow.com`), else the absolute URL.
fn token_location(api: &Api) -> Option<String> {
    let token_url = api.token_url.as_deref()?;
    let Some((_, rest)) = token_url.split_once("://") else {
        return Some(format!("/{}", token_url.trim_start_matches('/')));
    };
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let server_host = api
        .servers
        .first()
        .and_then(|server| server.url.split_once("://"))
        .map(|(_, rest)| rest.split('/').next().unwrap_or_default());
    // A tenant's sibling: same parent domain, itself at least three labels deep
    // (`api.identitynow.com`), so `auth.example.com` is not taken for `api.example.com`'s.
    let parent = |host: &str| {
        host.split_once('.')
            .map(|(_, parent)| parent.to_owned())
            .filter(|parent| parent.matches('.').count() >= 2)
    };
    let related = server_host.is_some_and(|server| {
        server == host || (parent(server).is_some() && parent(server) == parent(host))
    });
    Some(if related && !path.is_empty() {
        path.to_owned()
    } else {
        token_url.to_owned()
    })
}

/// A server URL with each variable replaced by its default.
fn default_url(server: &crate::ir::Server) -> String {
    let mut url = server.url.clone();
    for variable in &server.variables {
        url = url.replace(&format!("{{{}}}", variable.name), &variable.default);
    }
    url
}

fn emit_servers(api: &Api) -> TokenStream {
    let Some(server) = api.servers.first() else {
        return quote! {
            /// The spec declares no server; pass the base URL to [`Client::new`].
            pub const DEFAULT_SERVER_URL: &str = "/";
        };
    };
    let default_url = default_url(server);
    let default_doc = doc_attrs(Some(&format!("The default server: `{}`.", server.url)));
    let default = quote! {
        #default_doc
        pub const DEFAULT_SERVER_URL: &str = #default_url;
    };
    if server.variables.is_empty() {
        return default;
    }
    let params: Vec<Ident> = server
        .variables
        .iter()
        .map(|v| format_ident!("{}", v.rust_name))
        .collect();
    let pieces = split_template(&server.url)
        .into_iter()
        .map(|piece| match piece {
            TemplatePiece::Placeholder(name) => {
                match server.variables.iter().find(|v| v.name == name) {
                    Some(v) => {
                        let ident = format_ident!("{}", v.rust_name);
                        quote!(#ident)
                    }
                    None => {
                        let literal = format!("{{{name}}}");
                        quote!(#literal)
                    }
                }
            }
            TemplatePiece::Literal(text) => quote!(#text),
        });
    let mut doc = vec![format!(
        "The server URL `{}` with its variables filled in.",
        server.url
    )];
    if let Some(d) = &server.docs {
        doc.push(String::new());
        doc.push(d.clone());
    }
    for v in &server.variables {
        doc.push(String::new());
        doc.push(format!(
            "- `{}`: {} (default `{}`)",
            v.rust_name,
            v.docs.as_deref().unwrap_or("server variable"),
            v.default
        ));
    }
    let docs = doc_attrs(Some(&doc.join("\n")));
    quote! {
        #default

        #docs
        pub fn server_url(#(#params: &str),*) -> String {
            [#(#pieces),*].concat()
        }
    }
}

/// The argument type a caller passes for `ty`.
fn argument_type(ty: &TypeRef, space: &TypeSpace, types: &Ident) -> TokenStream {
    if ty.is_string() {
        quote!(impl Into<String>)
    } else {
        type_tokens(ty, space, Some(types))
    }
}

fn argument_value(ty: &TypeRef, name: &Ident) -> TokenStream {
    if ty.is_string() {
        quote!(#name.into())
    } else {
        quote!(#name)
    }
}

/// The tokens of a parameter default, as a value of the parameter's type.
fn default_tokens(
    default: &DefaultValue,
    ty: &TypeRef,
    space: &TypeSpace,
    types: &Ident,
) -> TokenStream {
    match default {
        DefaultValue::String(text) => quote!(String::from(#text)),
        DefaultValue::Bool(b) => quote!(#b),
        DefaultValue::Integer(n) => match ty {
            TypeRef::I32 => {
                let n = i32::try_from(*n).unwrap_or_default();
                quote!(#n)
            }
            TypeRef::U64 => {
                let n = u64::try_from(*n).unwrap_or_default();
                quote!(#n)
            }
            _ => quote!(#n),
        },
        DefaultValue::Float(x) => match ty {
            TypeRef::F32 => {
                let x = *x as f32;
                quote!(#x)
            }
            _ => quote!(#x),
        },
        DefaultValue::Enum(text) => {
            let ty = type_tokens(ty, space, Some(types));
            quote!(#ty::from(#text))
        }
    }
}

/// Parameters the caller must pass to the client method, in path order then spec order.
pub(crate) fn required_arguments(op: &Operation) -> Vec<&Parameter> {
    let mut args: Vec<&Parameter> = op
        .parameters
        .iter()
        .filter(|p| p.location == ParameterLocation::Path)
        .collect();
    args.sort_by_key(|p| {
        op.path
            .find(&format!("{{{}}}", p.wire_name))
            .unwrap_or(usize::MAX)
    });
    args.extend(
        op.parameters
            .iter()
            .filter(|p| p.location != ParameterLocation::Path)
            .filter(|p| p.passing == Passing::Argument),
    );
    args
}

fn operation_docs(op: &Operation) -> TokenStream {
    let mut text = op.docs.clone().unwrap_or_default();
    let line = format!(
        "`{} {}`{}",
        method_name(op.method),
        op.path,
        op.operation_id
            .as_ref()
            .map(|id| format!(" (operationId `{id}`)"))
            .unwrap_or_default()
    );
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(&line);
    if op.deprecated {
        text.push_str("\n\n**Deprecated** by the API.");
    }
    doc_attrs(Some(&text))
}

fn method_name(method: Method) -> &'static str {
    match method {
        Method::Get => "GET",
        Method::Put => "PUT",
        Method::Post => "POST",
        Method::Delete => "DELETE",
        Method::Options => "OPTIONS",
        Method::Head => "HEAD",
        Method::Patch => "PATCH",
        Method::Trace => "TRACE",
    }
}

fn emit_client_method(op: &Operation, space: &TypeSpace, cfg: &TokenStream) -> TokenStream {
    let types = format_ident!("types");
    let method = format_ident!("{}", op.method_name);
    let builder = format_ident!("{}", op.builder_name);
    let docs = operation_docs(op);
    let mut params = Vec::new();
    let mut values = Vec::new();
    for p in required_arguments(op) {
        let name = format_ident!("{}", p.rust_name);
        let ty = argument_type(&p.ty, space, &types);
        params.push(quote!(#name: #ty));
        values.push(argument_value(&p.ty, &name));
    }
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        let ty = argument_type(&body.ty, space, &types);
        params.push(quote!(body: #ty));
        values.push(argument_value(&body.ty, &format_ident!("body")));
    }
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    quote! {
        #docs
        #cfg
        #deprecated
        pub fn #method(&self, #(#params),*) -> operations::#builder<'_> {
            operations::#builder::new(self, #(#values),*)
        }
    }
}

/// The `operations` module: request builders and response enums, each behind its gate.
pub fn emit_operations(
    api: &Api,
    gates: Option<&[Gate]>,
    shared_gates: Option<&[Gate]>,
    part: Part,
    out: &mut dyn FnMut(TokenStream),
) {
    if api.operations.is_empty() {
        return;
    }
    if part.is_first() {
        let allow = gates.is_some().then(|| quote!(#[allow(unused_imports)]));
        out(quote! {
            #allow
            use super::{runtime, types, Client};
        });
    }
    // Items are numbered operations first, then shared error enums.
    let operations = api.operations.len();
    let range = part.range(operations + api.shared_errors.len());
    for i in range.start.min(operations)..range.end.min(operations) {
        let op = &api.operations[i];
        let cfg = gates
            .and_then(|g| g.get(i))
            .map(cfg_attr)
            .unwrap_or_default();
        out(emit_operation(op, &api.types, &cfg));
    }
    for k in range.start.max(operations) - operations..range.end.max(operations) - operations {
        let shared = &api.shared_errors[k];
        let first = &api.operations[shared.operations[0]];
        let cfg = shared_gates
            .and_then(|g| g.get(k))
            .map(cfg_attr)
            .unwrap_or_default();
        let users: Vec<String> = shared
            .operations
            .iter()
            .take(8)
            .map(|&i| format!("[`Client::{}`]", api.operations[i].method_name))
            .collect();
        let more = shared.operations.len().saturating_sub(users.len());
        let doc = format!(
            "The error responses {} operations declare alike: {}{}.",
            shared.operations.len(),
            users.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        );
        let errors: Vec<&Response> = first
            .responses
            .iter()
            .filter(|r| !r.status.is_success())
            .collect();
        let name = format_ident!("{}", shared.name);
        out(error_enum_items(&name, &doc, &errors, &api.types, &cfg));
    }
}

fn body_type(body: &ResponseBody, space: &TypeSpace, types: &Ident) -> Option<TokenStream> {
    match body {
        ResponseBody::Empty => None,
        ResponseBody::Json(ty) => Some(type_tokens(ty, space, Some(types))),
        ResponseBody::Text => Some(quote!(String)),
        ResponseBody::Bytes => Some(quote!(bytes::Bytes)),
    }
}

fn status_pattern(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(code) => {
            let code = proc_macro2::Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        StatusMatch::Range(class) => {
            let low = proc_macro2::Literal::u16_unsuffixed(class * 100);
            let high = proc_macro2::Literal::u16_unsuffixed(class * 100 + 99);
            quote!(#low..=#high)
        }
        StatusMatch::Default => quote!(_),
    }
}

fn response_enum(
    name: &Ident,
    doc: &str,
    responses: &[&Response],
    space: &TypeSpace,
    types: &Ident,
    cfg: &TokenStream,
) -> TokenStream {
    let variants = responses.iter().map(|r| {
        let variant = format_ident!("{}", r.variant);
        let status = match r.status {
            StatusMatch::Code(code) => format!("Status {code}"),
            StatusMatch::Range(class) => format!("Status {class}XX"),
            StatusMatch::Default => "Any other status".to_owned(),
        };
        let text = match &r.docs {
            Some(d) => format!("{status}: {d}"),
            None => status,
        };
        let docs = doc_attrs(Some(&text));
        match body_type(&r.body, space, types) {
            Some(ty) => quote!(#docs #variant(#ty),),
            None => quote!(#docs #variant,),
        }
    });
    let doc = doc_attrs(Some(doc));
    quote! {
        #doc
        #cfg
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// A request builder's members: fields, constructor parameters and initialisers, setters,
/// and the filter and sort expression items its setters use.
#[derive(Default)]
struct BuilderMembers {
    fields: Vec<TokenStream>,
    new_params: Vec<TokenStream>,
    new_inits: Vec<TokenStream>,
    setters: Vec<TokenStream>,
    expression_items: Vec<TokenStream>,
}

/// The members of `op`'s request builder, for its parameters and body.
fn builder_members(op: &Operation, space: &TypeSpace, cfg: &TokenStream) -> BuilderMembers {
    let types = format_ident!("types");
    let mut members = BuilderMembers {
        new_params: required_arguments(op)
            .iter()
            .map(|p| {
                let name = format_ident!("{}", p.rust_name);
                let ty = type_tokens(&p.ty, space, Some(&types));
                quote!(#name: #ty)
            })
            .collect(),
        ..BuilderMembers::default()
    };
    for p in &op.parameters {
        parameter_members(p, space, &mut members);
        if p.passing != Passing::Argument {
            if let Some((setter, items)) = expression_builders(op, p, space, cfg) {
                members.setters.push(setter);
                members.expression_items.push(items);
            }
        }
    }
    if let Some(body) = &op.body {
        body_members(body, space, &mut members);
    }
    members
}

/// A parameter's field, initialiser and setter.
fn parameter_members(p: &Parameter, space: &TypeSpace, members: &mut BuilderMembers) {
    let types = format_ident!("types");
    let name = format_ident!("{}", p.rust_name);
    let ty = type_tokens(&p.ty, space, Some(&types));
    let fallback = format!(
        "Sets the `{}` {} parameter.",
        p.wire_name,
        p.location.name()
    );
    let docs = doc_attrs(Some(p.docs.as_deref().unwrap_or(&fallback)));
    let value = argument_value(&p.ty, &format_ident!("value"));
    let argument = argument_type(&p.ty, space, &types);
    match &p.passing {
        Passing::Argument => {
            members.fields.push(quote!(#name: #ty,));
            members.new_inits.push(quote!(#name,));
        }
        Passing::Defaulted(default) => {
            let default = default_tokens(default, &p.ty, space, &types);
            members.fields.push(quote!(#name: #ty,));
            members.new_inits.push(quote!(#name: #default,));
            let docs = quote!(#docs #[doc = ""] #[doc = " Sent with its default unless set."]);
            members
                .setters
                .push(setter(&name, &docs, argument, value, p.deprecated));
        }
        Passing::Optional => {
            members.fields.push(quote!(#name: Option<#ty>,));
            members.new_inits.push(quote!(#name: None,));
            members.setters.push(setter(
                &name,
                &docs,
                argument,
                quote!(Some(#value)),
                p.deprecated,
            ));
        }
    }
}

/// The body's field and initialiser, and its setter when the body is optional.
fn body_members(body: &RequestBody, space: &TypeSpace, members: &mut BuilderMembers) {
    let types = format_ident!("types");
    let ty = type_tokens(&body.ty, space, Some(&types));
    if body.required {
        members.fields.push(quote!(body: #ty,));
        members.new_params.push(quote!(body: #ty));
        members.new_inits.push(quote!(body,));
    } else {
        members.fields.push(quote!(body: Option<#ty>,));
        members.new_inits.push(quote!(body: None,));
        let docs = doc_attrs(Some(body.docs.as_deref().unwrap_or("The request body.")));
        let value = argument_value(&body.ty, &format_ident!("value"));
        let arg = argument_type(&body.ty, space, &types);
        members.setters.push(setter(
            &format_ident!("body"),
            &docs,
            arg,
            quote!(Some(#value)),
            false,
        ));
    }
}

/// The statement that puts a (non-path) parameter into the request.
fn parameter_statement(p: &Parameter) -> TokenStream {
    let name = format_ident!("{}", p.rust_name);
    let wire = &p.wire_name;
    let explode = p.explode;
    let delimiter = match (p.style, p.explode) {
        (QueryStyle::Form | QueryStyle::DeepObject, true) => quote!(None),
        (QueryStyle::SpaceDelimited, _) => quote!(Some(" ")),
        (QueryStyle::PipeDelimited, _) => quote!(Some("|")),
        (QueryStyle::Form | QueryStyle::DeepObject, false) => quote!(Some(",")),
    };
    let deep = p.style == QueryStyle::DeepObject;
    let call = |value: TokenStream| match (p.location, p.shape) {
        (ParameterLocation::Query, ParamShape::Scalar) => {
            quote!(request.query(#wire, #value);)
        }
        (ParameterLocation::Query, ParamShape::List) => {
            quote!(request.query_list(#wire, #value, #delimiter);)
        }
        (ParameterLocation::Query, ParamShape::Structured) => {
            quote!(request.query_object(#wire, #value, #deep, #explode);)
        }
        (ParameterLocation::Cookie, _) => quote!(request.cookie(#wire, #value);),
        (_, ParamShape::Scalar | ParamShape::List) => {
            quote!(request.header(#wire, #value);)
        }
        (_, ParamShape::Structured) => quote!(request.header_json(#wire, #value);),
    };
    if p.passing == Passing::Optional {
        let call = call(quote!(value));
        quote!(if let Some(value) = &self.#name { #call })
    } else {
        call(quote!(&self.#name))
    }
}

/// The statement that puts the body into the request.
fn body_statement(body: &RequestBody, space: &TypeSpace) -> TokenStream {
    let (value, owned) = if body.required {
        (quote!(&self.body), quote!(self.body))
    } else {
        (quote!(value), quote!(value))
    };
    let send = match &body.encoding {
        BodyEncoding::Json(mime) => quote!(request.json(#mime, #value);),
        BodyEncoding::Form => quote!(request.form(#value);),
        BodyEncoding::Multipart(encoding) => multipart_body(&body.ty, &value, encoding, space),
        BodyEncoding::Text(mime) | BodyEncoding::Bytes(mime) => {
            quote!(request.raw(#mime, #owned);)
        }
    };
    match (body.required, &body.encoding) {
        (true, _) => send,
        (false, BodyEncoding::Text(_) | BodyEncoding::Bytes(_)) => {
            quote!(if let Some(value) = self.body { #send })
        }
        (false, _) => quote!(if let Some(value) = &self.body { #send }),
    }
}

/// The `into_request` method: the request with its path, parameters, `Accept` and body.
fn into_request_method(op: &Operation, space: &TypeSpace) -> TokenStream {
    let path = path_expression(op);
    let http_method = format_ident!("{}", method_name(op.method));
    let operation_name = operation_name(op);
    let template = &op.path;
    let params = op
        .parameters
        .iter()
        .filter(|p| p.location != ParameterLocation::Path)
        .map(parameter_statement);
    let accept = (!op.accept.is_empty()).then(|| {
        let list = op.accept.join(", ");
        quote!(request.accept(#list);)
    });
    let body = op.body.as_ref().map(|body| body_statement(body, space));
    quote! {
        fn into_request(self) -> (&'a Client, runtime::Request) {
            let mut request = self.client.transport.request(#operation_name, reqwest::Method::#http_method, #template, #path);
            #(#params)*
            #accept
            #body
            request.extend(self.extras);
            (self.client, request)
        }
    }
}

/// The name that identifies the operation in errors and traces: its operationId, else the
/// method name.
fn operation_name(op: &Operation) -> String {
    op.operation_id
        .clone()
        .unwrap_or_else(|| op.method_name.clone())
}

/// How a success response's body is read.
fn success_decode(op: &Operation, body: &ResponseBody, space: &TypeSpace) -> TokenStream {
    let types = format_ident!("types");
    match body {
        ResponseBody::Empty => quote!(response.empty()),
        ResponseBody::Json(ty) if op.success_enum.is_some() => {
            let ty = type_tokens(ty, space, Some(&types));
            quote!(response.json::<#ty, _>())
        }
        ResponseBody::Json(_) => quote!(response.json()),
        ResponseBody::Text => quote!(response.text()),
        ResponseBody::Bytes => quote!(response.bytes()),
    }
}

/// The arms of `decode`'s match on the status: each declared success, an undeclared 2xx when
/// there is no doubt how to read it, then the error decoder.
fn decode_arms(op: &Operation, success: &[&Response], space: &TypeSpace) -> Vec<TokenStream> {
    let error_variants = format_ident!("{}", op.error_type);
    let mut arms: Vec<TokenStream> = success
        .iter()
        .map(|r| {
            let pattern = status_pattern(r.status);
            let variant = format_ident!("{}", r.variant);
            let decode = success_decode(op, &r.body, space);
            match (&op.success_enum, &r.body) {
                (None, _) => quote!(#pattern => #decode,),
                (Some(name), ResponseBody::Empty) => {
                    let ty = format_ident!("{}", name);
                    quote!(#pattern => #decode.map(|v| v.map(|()| #ty::#variant)),)
                }
                (Some(name), _) => {
                    let ty = format_ident!("{}", name);
                    quote!(#pattern => #decode.map(|v| v.map(#ty::#variant)),)
                }
            }
        })
        .collect();
    // A 2xx the spec does not list is still a success when there is no doubt how to read it:
    // the operation declares no success body, or only one kind.
    let undeclared_success = match (success, &op.success_enum) {
        ([], _) => Some(quote!(response.empty())),
        ([first, ..], None) => Some(match &first.body {
            ResponseBody::Empty => quote!(response.empty()),
            ResponseBody::Json(_) => quote!(response.json()),
            ResponseBody::Text => quote!(response.text()),
            ResponseBody::Bytes => quote!(response.bytes()),
        }),
        _ => None,
    };
    let covers_all_success = success.iter().any(|r| r.status == StatusMatch::Range(2));
    if let (Some(decode), false) = (undeclared_success, covers_all_success) {
        arms.push(quote!(status if (200..300).contains(&status) => #decode,));
    }
    // Every other status: the error decoder, shared by operations with the same errors.
    arms.push(quote!(_ => Err(#error_variants::from_response(response)),));
    arms
}

/// The success type `send` returns, and the success enum that defines it when several success
/// responses differ.
fn success_type(
    op: &Operation,
    success: &[&Response],
    space: &TypeSpace,
    cfg: &TokenStream,
) -> (TokenStream, Option<TokenStream>) {
    let types = format_ident!("types");
    match &op.success_enum {
        Some(name) => {
            let ident = format_ident!("{}", name);
            let doc = format!("The success responses of [`Client::{}`].", op.method_name);
            (
                quote!(#ident),
                Some(response_enum(&ident, &doc, success, space, &types, cfg)),
            )
        }
        None => (
            success
                .first()
                .and_then(|r| body_type(&r.body, space, &types))
                .unwrap_or_else(|| quote!(())),
            None,
        ),
    }
}

/// The operation's error type: its own enum, or an alias of the enum it shares.
fn error_type_items(
    op: &Operation,
    errors: &[&Response],
    space: &TypeSpace,
    cfg: &TokenStream,
) -> TokenStream {
    let error_enum = format_ident!("{}", op.error_enum);
    if op.error_type == op.error_enum {
        let error_doc = format!(
            "The error responses declared for [`Client::{}`].",
            op.method_name
        );
        return error_enum_items(&error_enum, &error_doc, errors, space, cfg);
    }
    let doc = doc_attrs(Some(&format!(
        "The error responses declared for [`Client::{}`], which other operations declare alike.",
        op.method_name
    )));
    let shared = format_ident!("{}", op.error_type);
    quote! {
        #doc
        #cfg
        pub type #error_enum = #shared;
    }
}

/// `send_streaming`, for operations with a binary success body.
fn streaming_method(op: &Operation, success: &[&Response]) -> Option<TokenStream> {
    let error_enum = format_ident!("{}", op.error_enum);
    let operation_name = operation_name(op);
    success
        .iter()
        .any(|r| r.body == ResponseBody::Bytes)
        .then(|| {
            quote! {
                /// Sends the request and hands back a successful body as a stream of chunks
                /// instead of reading it into memory (for large downloads). Error statuses are
                /// read and decoded as with [`send`](Self::send).
                pub async fn send_streaming(self) -> Result<runtime::ResponseValue<runtime::ByteStream>, runtime::Error<#error_enum>> {
                    let (client, request) = self.into_request();
                    let response = client.transport.send(request).await?;
                    if response.status().is_success() {
                        return Ok(runtime::ByteStream::response(response));
                    }
                    let response = client.transport.read(#operation_name, response).await?;
                    Err(response.failure(Self::decode))
                }
            }
        })
}

/// `accept` and `send_raw`, for operations that offer several representations.
fn raw_methods(op: &Operation) -> Option<TokenStream> {
    let error_enum = format_ident!("{}", op.error_enum);
    op.alternatives.then(|| {
        quote! {
            /// Asks for one of the representations the operation offers (`Accept`), for
            /// example `text/csv`; read it with [`send_raw`](Self::send_raw).
            pub fn accept(mut self, media_type: impl Into<String>) -> Self {
                self.extras.accept(media_type.into());
                self
            }

            /// Sends the request and hands back a successful body as bytes, whatever its media
            /// type. Error statuses are decoded as with [`send`](Self::send).
            pub async fn send_raw(self) -> Result<runtime::ResponseValue<bytes::Bytes>, runtime::Error<#error_enum>> {
                let (client, request) = self.into_request();
                let response = client.transport.execute(request).await?;
                if response.status().is_success() {
                    return response.bytes();
                }
                Err(response.failure(Self::decode))
            }
        }
    })
}

/// An operation's request builder, its methods, and its response and error types.
fn emit_operation(op: &Operation, space: &TypeSpace, cfg: &TokenStream) -> TokenStream {
    let builder = format_ident!("{}", op.builder_name);
    let error_enum = format_ident!("{}", op.error_enum);
    let BuilderMembers {
        fields,
        new_params,
        new_inits,
        setters,
        expression_items,
    } = builder_members(op, space, cfg);
    let success: Vec<&Response> = op
        .responses
        .iter()
        .filter(|r| r.status.is_success())
        .collect();
    let errors: Vec<&Response> = op
        .responses
        .iter()
        .filter(|r| !r.status.is_success())
        .collect();
    let (success_type, success_enum) = success_type(op, &success, space, cfg);
    let error_type = error_type_items(op, &errors, space, cfg);
    let arms = decode_arms(op, &success, space);
    let into_request = into_request_method(op, space);
    let docs = operation_docs(op);
    let paging = crate::paging::detect(op, space)
        .map(|paging| paging_method(op, &paging, space, &error_enum));
    let streaming = streaming_method(op, &success);
    let raw = raw_methods(op);
    let client_method = &op.method_name;
    let builder_doc = doc_attrs(Some(&format!(
        "Request builder for [`Client::{client_method}`]; finish with [`send`](Self::send)."
    )));
    quote! {
        #builder_doc
        #cfg
        #[derive(Debug, Clone)]
        #[must_use = "a request builder does nothing until it is sent"]
        pub struct #builder<'a> {
            client: &'a Client,
            #(#fields)*
            extras: runtime::Extras,
        }

        #cfg
        impl<'a> #builder<'a> {
            pub(super) fn new(client: &'a Client, #(#new_params),*) -> Self {
                #builder { client, #(#new_inits)* extras: runtime::Extras::default() }
            }

            #(#setters)*

            /// Adds a query parameter the spec does not declare.
            pub fn extra_query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.extras.query(name.into(), value.into());
                self
            }

            /// Adds a request header the spec does not declare.
            pub fn extra_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.extras.header(name.into(), value.into());
                self
            }

            /// Retries this call as `policy` says instead of the client's policy.
            pub fn retry_policy(mut self, policy: runtime::RetryPolicy) -> Self {
                self.extras.retry(policy);
                self
            }

            #paging

            #raw

            /// Sends the request.
            ///
            #docs
            pub async fn send(self) -> Result<runtime::ResponseValue<#success_type>, runtime::Error<#error_enum>> {
                let (client, request) = self.into_request();
                let response = client.transport.execute(request).await?;
                Self::decode(response)
            }

            #streaming

            #into_request

            fn decode(response: runtime::RawResponse) -> Result<runtime::ResponseValue<#success_type>, runtime::Error<#error_enum>> {
                match response.status().as_u16() {
                    #(#arms)*
                }
            }
        }

        #success_enum
        #error_type
        #(#expression_items)*
    }
}

/// The expression that wraps a declared error response into its variant.
fn error_value(response: &Response) -> TokenStream {
    let variant = format_ident!("{}", response.variant);
    match &response.body {
        ResponseBody::Empty => quote!(response.error_with(|_| Self::#variant)),
        ResponseBody::Json(_) => quote!(response.error_json(Self::#variant)),
        ResponseBody::Text => {
            quote!(response.error_with(|body| Self::#variant(String::from_utf8_lossy(&body).into_owned())))
        }
        ResponseBody::Bytes => quote!(response.error_with(Self::#variant)),
    }
}

/// An error enum with its `from_response` decoder.
fn error_enum_items(
    name: &Ident,
    doc: &str,
    errors: &[&Response],
    space: &TypeSpace,
    cfg: &TokenStream,
) -> TokenStream {
    let definition = response_enum(name, doc, errors, space, &format_ident!("types"), cfg);
    let decoder = error_decoder(name, errors, cfg);
    quote!(#definition #decoder)
}

/// `from_response` for an error enum: decodes a non-success response into its declared
/// variant, or an unexpected-status error.
fn error_decoder(name: &Ident, errors: &[&Response], cfg: &TokenStream) -> TokenStream {
    let body = match errors {
        // One arm would be a wildcard (nothing declared, or `default` alone): no match needed.
        [] => quote!(response.unexpected()),
        [only] if only.status == StatusMatch::Default => error_value(only),
        _ => {
            let mut arms: Vec<TokenStream> = errors
                .iter()
                .map(|r| {
                    let pattern = status_pattern(r.status);
                    let value = error_value(r);
                    quote!(#pattern => #value,)
                })
                .collect();
            if !errors.iter().any(|r| r.status == StatusMatch::Default) {
                arms.push(quote!(_ => response.unexpected(),));
            }
            quote!(match response.status().as_u16() { #(#arms)* })
        }
    };
    quote! {
        #cfg
        impl #name {
            fn from_response(response: runtime::RawResponse) -> runtime::Error<Self> {
                #body
            }
        }
    }
}

/// A builder setter: `pub fn name(mut self, value: Arg) -> Self { self.name = assigned; self }`.
fn setter(
    name: &Ident,
    docs: &TokenStream,
    argument: TokenStream,
    assigned: TokenStream,
    deprecated: bool,
) -> TokenStream {
    let deprecated = deprecated.then(|| quote!(#[deprecated]));
    quote! {
        #docs
        #deprecated
        pub fn #name(mut self, value: #argument) -> Self {
            self.#name = #assigned;
            self
        }
    }
}

/// Builds a `multipart/form-data` body from `value` (an expression of type `&T`): one part per
/// property; binary properties become file parts, scalars text parts, the rest JSON parts.
fn multipart_body(
    ty: &TypeRef,
    value: &TokenStream,
    encoding: &[(String, String)],
    space: &TypeSpace,
) -> TokenStream {
    let fields = match ty {
        TypeRef::Named(id) => match &space.get(*id).kind {
            TypeKind::Struct(s) => Some(s),
            _ => None,
        },
        _ => None,
    };
    let Some(fields) = fields else {
        return quote!(request.multipart(runtime::Multipart::from_json(#value)););
    };
    let parts = fields.fields.iter().map(|field| {
        let name = format_ident!("{}", field.name);
        let wire = &field.wire_name;
        let content_type = encoding
            .iter()
            .find(|(property, _)| property == wire)
            .map(|(_, content_type)| content_type.as_str())
            .unwrap_or("application/octet-stream");
        let add = |v: TokenStream| match (&field.ty, ParamShape::of(&field.ty, space)) {
            (_, _) if field.boxed => quote!(form.json(#wire, #v);),
            (TypeRef::Bytes, _) => quote!(form.file(#wire, #v, #content_type);),
            (TypeRef::Vec(inner), _) if **inner == TypeRef::Bytes => {
                quote!(for item in #v { form.file(#wire, item, #content_type); })
            }
            (_, ParamShape::Scalar) => quote!(form.text(#wire, #v);),
            (_, ParamShape::List) => quote!(for item in #v { form.text(#wire, item); }),
            (_, ParamShape::Structured) => quote!(form.json(#wire, #v);),
        };
        match (field.required, field.nullable) {
            (true, false) => add(quote!(&body.#name)),
            (true, true) | (false, false) => {
                let add = add(quote!(part));
                quote!(if let Some(part) = &body.#name { #add })
            }
            (false, true) => {
                let add = add(quote!(part));
                quote!(if let Some(Some(part)) = &body.#name { #add })
            }
        }
    });
    quote! {
        let body = #value;
        let mut form = runtime::Multipart::default();
        #(#parts)*
        request.multipart(form);
    }
}

/// The request path, with path parameters percent-encoded into the template.
fn path_expression(op: &Operation) -> TokenStream {
    if !op.path.contains('{') {
        let path = &op.path;
        return quote!(#path);
    }
    let pieces = split_template(&op.path)
        .into_iter()
        .map(|piece| match piece {
            TemplatePiece::Placeholder(name) => {
                let parameter = op
                    .parameters
                    .iter()
                    .find(|p| p.location == ParameterLocation::Path && p.wire_name == name);
                match parameter {
                    Some(p) => {
                        let ident = format_ident!("{}", p.rust_name);
                        quote!(&runtime::path_segment(&self.#ident))
                    }
                    None => {
                        let literal = format!("{{{name}}}");
                        quote!(#literal)
                    }
                }
            }
            TemplatePiece::Literal(text) => quote!(#text),
        });
    quote!(&[#(#pieces),*].concat())
}

/// What one paging scheme contributes to `stream()`: its docs, the first page request, the
/// statements that set a page's parameters from a page request, and the next-page expression.
struct PageSteps {
    doc: String,
    first: TokenStream,
    prepare: TokenStream,
    next: TokenStream,
}

/// The caller's value of `p` as u64, or `fallback` when an optional parameter is unset.
fn read_parameter(p: &Parameter, fallback: u64) -> TokenStream {
    let name = format_ident!("{}", p.rust_name);
    if p.passing == Passing::Optional {
        // A `match`, not `map_or` with a closure: no generic instance per operation.
        quote!(match self.#name { Some(v) => v as u64, None => #fallback })
    } else {
        quote!(self.#name as u64)
    }
}

/// Assigns `value` (already of the parameter's type) to the page's copy of parameter `p`.
fn assign_parameter(p: &Parameter, value: TokenStream) -> TokenStream {
    let name = format_ident!("{}", p.rust_name);
    if p.passing == Passing::Optional {
        quote!(page.#name = Some(#value);)
    } else {
        quote!(page.#name = #value;)
    }
}

/// An optional or nullable field's value, defaulted.
fn defaulted_field(f: &crate::ir::Field, value: TokenStream) -> TokenStream {
    match (f.required, f.nullable) {
        (true, false) => value,
        (false, true) => quote!(#value.flatten().unwrap_or_default()),
        _ => quote!(#value.unwrap_or_default()),
    }
}

/// Offset and limit paging, asking for the total on the first page when it can.
fn offset_steps(
    offset: &Parameter,
    limit: &Parameter,
    count: Option<&Parameter>,
    page_size: u64,
    space: &TypeSpace,
) -> PageSteps {
    let types = format_ident!("types");
    let offset_ty = type_tokens(&offset.ty, space, Some(&types));
    let limit_ty = type_tokens(&limit.ty, space, Some(&types));
    let set_offset = assign_parameter(offset, quote!(offset as #offset_ty));
    let set_limit = assign_parameter(limit, quote!(limit as #limit_ty));
    let read_offset = read_parameter(offset, 0);
    let read_limit = read_parameter(limit, page_size);
    let ask_total = count.map(|count| {
        let name = format_ident!("{}", count.rust_name);
        if count.passing == Passing::Optional {
            quote!(if first && page.#name.is_none() { page.#name = Some(true); })
        } else {
            quote!(if first { page.#name = true; })
        }
    });
    let total_doc = count.map_or(String::new(), |count| {
        format!(
            " The first request asks for the total (`{}=true`), so the stream ends without asking past it.",
            count.wire_name
        )
    });
    PageSteps {
        doc: format!(
            "Pages by `{}` and `{}` ({page_size} items per page unless [`{}`](Self::{}) \
             is set).{total_doc} Once the total is known the stream goes on until it is \
             reached, however short the server's pages; without it a short or empty page \
             ends the stream, and so does a `400` about the offset after a full last page \
             (SailPoint's answer when the total is a multiple of the page size). Any other \
             error is yielded.",
            offset.wire_name, limit.wire_name, limit.rust_name, limit.rust_name
        ),
        first: quote!(runtime::PageRequest::Offset { offset: #read_offset, limit: #read_limit }),
        prepare: quote! {
            if let runtime::PageRequest::Offset { offset, limit } = request {
                #set_offset
                #set_limit
            }
            #ask_total
        },
        next: quote!(None),
    }
}

/// Page-number paging.
fn number_steps(
    page: &Parameter,
    size: &Parameter,
    first: u64,
    page_size: u64,
    space: &TypeSpace,
) -> PageSteps {
    let types = format_ident!("types");
    let page_ty = type_tokens(&page.ty, space, Some(&types));
    let size_ty = type_tokens(&size.ty, space, Some(&types));
    let set_page = assign_parameter(page, quote!(number as #page_ty));
    let set_size = assign_parameter(size, quote!(size as #size_ty));
    let read_page = read_parameter(page, first);
    let read_size = read_parameter(size, page_size);
    PageSteps {
        doc: format!(
            "Pages by `{}` (from {first}) and `{}` ({page_size} items per page unless set); \
             a short or empty page ends the stream.",
            page.wire_name, size.wire_name
        ),
        first: quote!(runtime::PageRequest::Number { page: #read_page, size: #read_size }),
        prepare: quote! {
            if let runtime::PageRequest::Number { page: number, size } = request {
                #set_page
                #set_size
            }
        },
        next: quote!(None),
    }
}

/// `Link: <...>; rel="next"` paging.
fn link_steps() -> PageSteps {
    PageSteps {
        doc: "Pages by following each page's `Link: <...>; rel=\"next\"` header until there is \
             none; the first request is the one built here."
            .to_owned(),
        first: quote!(runtime::PageRequest::Start),
        prepare: quote!(),
        next: quote!(runtime::next_link(&headers)),
    }
}

/// Cursor paging: the cursor parameter set from a field of each page.
fn cursor_steps(parameter: &Parameter, cursor: &crate::ir::Field) -> PageSteps {
    let set = assign_parameter(parameter, quote!(cursor));
    let name = format_ident!("{}", cursor.name);
    // Moved out of the body beside the items field: no copy.
    let value = match (cursor.required, cursor.nullable) {
        (true, false) => quote!(Some(body.#name)),
        (false, true) => quote!(body.#name.flatten()),
        _ => quote!(body.#name),
    };
    PageSteps {
        doc: format!(
            "Pages by `{}`, set from the `{}` of each page until it is empty.",
            parameter.wire_name, cursor.wire_name
        ),
        first: quote!(runtime::PageRequest::Start),
        prepare: quote! {
            if let runtime::PageRequest::Next(cursor) = request {
                #set
            }
        },
        next: quote!({
            let next: Option<String> = #value;
            next.filter(|cursor| !cursor.is_empty())
        }),
    }
}

/// The boxed future that fetches one page: the builder's request with the page's parameters
/// (or a next link's URL), decoded, its items and next step taken out.
fn page_fetch(link: bool, items: &TokenStream, steps: &PageSteps) -> TokenStream {
    let (prepare, next) = (&steps.prepare, &steps.next);
    if link {
        quote! {
            let page = self.clone();
            Box::pin(async move {
                let (client, mut request) = page.into_request();
                if let runtime::PageRequest::Next(url) = link {
                    request.set_url(&url);
                }
                let response = client.transport.execute(request).await?;
                let digest = runtime::digest(response.body());
                let runtime::ResponseValue { headers, body, .. } = Self::decode(response)?;
                Ok(runtime::Page::new(#items, &headers, #next).digest(digest))
            })
        }
    } else {
        quote! {
            let mut page = self.clone();
            #prepare
            Box::pin(async move {
                let (client, request) = page.into_request();
                let response = client.transport.execute(request).await?;
                let digest = runtime::digest(response.body());
                let runtime::ResponseValue { headers, body, .. } = Self::decode(response)?;
                Ok(runtime::Page::new(#items, &headers, #next).digest(digest))
            })
        }
    }
}

/// `stream()`: the items of every page, for an operation that pages.
fn paging_method(
    op: &Operation,
    paging: &crate::paging::Paging<'_>,
    space: &TypeSpace,
    error_enum: &Ident,
) -> TokenStream {
    use crate::paging::{Items, PagingKind};
    let types = format_ident!("types");
    let item = type_tokens(paging.item, space, Some(&types));
    let items = match &paging.items {
        Items::Body => quote!(body),
        Items::Field(f) => {
            let name = format_ident!("{}", f.name);
            defaulted_field(f, quote!(body.#name))
        }
    };
    let steps = match &paging.kind {
        PagingKind::Offset {
            offset,
            limit,
            count,
            page_size,
        } => offset_steps(offset, limit, count.as_deref(), *page_size, space),
        PagingKind::Number {
            page,
            size,
            first,
            page_size,
        } => number_steps(page, size, *first, *page_size, space),
        PagingKind::Link => link_steps(),
        PagingKind::Cursor {
            parameter,
            field: cursor,
        } => cursor_steps(parameter, cursor),
    };
    let asks_total = matches!(&paging.kind, PagingKind::Offset { count: Some(_), .. });
    let first_flag = if asks_total {
        format_ident!("first")
    } else {
        format_ident!("_first")
    };
    let docs = doc_attrs(Some(&format!(
        "Sends the request page after page and streams the items of all pages, keeping every \
         parameter set on this builder. Nothing is sent until the stream is polled; errors \
         (after the same retries as [`send`](Self::send)) end it. So does [`runtime::Error::Paging`] \
         when the server repeats a page, a next link or a cursor instead of looping forever \
         ([`max_pages`](runtime::Items::max_pages) sets a page limit too).\n\n{}\n\n\
         `{} {}` (operationId `{}`).",
        steps.doc,
        method_name(op.method).to_uppercase(),
        op.path,
        op.operation_id.as_deref().unwrap_or(&op.method_name)
    )));
    let link = matches!(paging.kind, PagingKind::Link);
    let fetch = page_fetch(link, &items, &steps);
    let first = &steps.first;
    let operation_name = op.operation_id.as_deref().unwrap_or(&op.method_name);
    let request = format_ident!("{}", if link { "link" } else { "request" });
    quote! {
        #docs
        pub fn stream(self) -> runtime::Items<'a, #item, #error_enum> {
            let first = #first;
            runtime::pages(#operation_name, first, move |#request, #first_flag| {
                #fetch
            })
        }
    }
}

/// The argument type of a filter on a property of type `ty`, and the function that makes it a
/// `runtime::FilterValue` (a function): timestamps unquoted in RFC 3339 (as SailPoint's filter
/// syntax writes them), booleans and numbers bare, string enums by their wire text. `None`: any value that
/// converts (strings, numbers).
fn filter_value_type(ty: &TypeRef, space: &TypeSpace) -> Option<(TokenStream, TokenStream)> {
    let from = quote!(runtime::FilterValue::from);
    match ty.strip() {
        TypeRef::DateTime => Some((quote!(chrono::DateTime<chrono::Utc>), from)),
        TypeRef::Bool => Some((quote!(bool), from)),
        TypeRef::I32 => Some((quote!(i32), from)),
        TypeRef::I64 => Some((quote!(i64), from)),
        TypeRef::U64 => Some((quote!(u64), from)),
        TypeRef::F64 => Some((quote!(f64), from)),
        TypeRef::Named(id) if matches!(space.get(*id).kind, TypeKind::StringEnum(_)) => {
            let name = format_ident!("{}", space.get(*id).name);
            Some((quote!(types::#name), quote!(runtime::FilterValue::text)))
        }
        _ => None,
    }
}

/// A zero-sized type that marks one operation's expressions, with the functions building them.
fn marker_type(
    docs: &TokenStream,
    marker: &Ident,
    functions: impl Iterator<Item = TokenStream>,
    cfg: &TokenStream,
) -> TokenStream {
    quote! {
        #docs
        #cfg
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct #marker;

        #cfg
        impl #marker {
            #(#functions)*
        }
    }
}

/// For a `filters` parameter that documents its fields and operators, or a `sorters` one that
/// lists its fields: the builder's typed setter (`filter_by`, `sort_by`), and the type whose
/// functions build the expressions (`ListIdentitiesFilter::name_sw("A")`,
/// `ListIdentitiesSort::name().descending()`).
fn expression_builders(
    op: &Operation,
    p: &Parameter,
    space: &TypeSpace,
    cfg: &TokenStream,
) -> Option<(TokenStream, TokenStream)> {
    if !p.filter_fields.is_empty() {
        return Some(filter_builders(op, p, space, cfg));
    }
    if !p.sorter_fields.is_empty() {
        return Some(sort_builders(op, p, cfg));
    }
    None
}

/// `wanted`, or `wanted_2`, `wanted_3`, ... if `names` has it already.
fn unique_name(names: &mut std::collections::HashSet<String>, wanted: String) -> Ident {
    let mut name = wanted.clone();
    let mut n = 2;
    while !names.insert(name.clone()) {
        name = format!("{wanted}_{n}");
        n += 1;
    }
    format_ident!("{}", name)
}

/// The value a typed setter assigns: wrapped in `Some` for an optional parameter.
fn assigned(p: &Parameter, value: TokenStream) -> TokenStream {
    if p.passing == Passing::Optional {
        quote!(Some(#value))
    } else {
        value
    }
}

/// `filter_by`, and the marker type with one function per documented field and operator.
fn filter_builders(
    op: &Operation,
    p: &Parameter,
    space: &TypeSpace,
    cfg: &TokenStream,
) -> (TokenStream, TokenStream) {
    let item_fields: &[crate::ir::Field] = crate::paging::list_item(op, space)
        .and_then(|item| match item.strip() {
            TypeRef::Named(id) => match &space.get(*id).kind {
                TypeKind::Struct(def) => Some(def.fields.as_slice()),
                _ => None,
            },
            _ => None,
        })
        .unwrap_or_default();
    let field = format_ident!("{}", p.rust_name);
    let wire = &p.wire_name;
    let method = &op.method_name;
    let mut names = std::collections::HashSet::new();
    let marker = format_ident!("{}Filter", op.builder_name);
    let functions: Vec<TokenStream> = p
        .filter_fields
        .iter()
        .flat_map(|f| f.operators.iter().map(move |operator| (f, operator)))
        .map(|(f, operator)| {
            let function = unique_name(
                &mut names,
                crate::naming::snake_name(&format!("{} {}", f.name, operator.wire())),
            );
            let typed = item_fields
                .iter()
                .find(|property| property.wire_name == f.name)
                .and_then(|property| filter_value_type(&property.ty, space));
            filter_function(&f.name, *operator, typed, &function)
        })
        .collect();
    let marker_doc = doc_attrs(Some(&format!(
        "Typed `{wire}` for [`Client::{method}`]: one function per field and operator its \
         documentation lists. Combine them with `and`, `or` and `not` (or `&`, `|`, `!`); \
         values are quoted and escaped. Pass the result to \
         [`{}::filter_by`].",
        op.builder_name
    )));
    let setter_doc = doc_attrs(Some(&format!(
        "Sets `{wire}` from a typed expression built with [`{marker}`]."
    )));
    let value = assigned(p, quote!(filter.into_string()));
    let setter = quote! {
        #setter_doc
        pub fn filter_by(mut self, filter: runtime::Filter<#marker>) -> Self {
            self.#field = #value;
            self
        }
    };
    (
        setter,
        marker_type(&marker_doc, &marker, functions.into_iter(), cfg),
    )
}

/// One filter function: `field operator value` (or a list, or no value), typed as the listed
/// items' property when it is known.
fn filter_function(
    field_name: &str,
    operator: crate::filter_docs::FilterOperator,
    typed: Option<(TokenStream, TokenStream)>,
    function: &Ident,
) -> TokenStream {
    let op_wire = operator.wire();
    let doc = doc_attrs(Some(&format!(
        "`{field_name} {op_wire} ...`: {} {}.",
        field_name,
        operator.meaning()
    )));
    match (operator, typed) {
        (o, _) if o.is_unary() => quote! {
            #doc
            pub fn #function() -> runtime::Filter<Self> {
                runtime::Filter::unary(#field_name, #op_wire)
            }
        },
        (o, Some((ty, convert))) if o.takes_list() => quote! {
            #doc
            pub fn #function(values: impl IntoIterator<Item = #ty>) -> runtime::Filter<Self> {
                runtime::Filter::list(#field_name, #op_wire, values.into_iter().map(#convert))
            }
        },
        (o, None) if o.takes_list() => quote! {
            #doc
            pub fn #function<V: Into<runtime::FilterValue>>(values: impl IntoIterator<Item = V>) -> runtime::Filter<Self> {
                runtime::Filter::list(#field_name, #op_wire, values.into_iter().map(Into::into))
            }
        },
        (_, Some((ty, convert))) => quote! {
            #doc
            pub fn #function(value: #ty) -> runtime::Filter<Self> {
                runtime::Filter::compare(#field_name, #op_wire, #convert(value))
            }
        },
        (_, None) => quote! {
            #doc
            pub fn #function(value: impl Into<runtime::FilterValue>) -> runtime::Filter<Self> {
                runtime::Filter::compare(#field_name, #op_wire, value.into())
            }
        },
    }
}

/// `sort_by`, and the marker type with one function per documented sort field.
fn sort_builders(op: &Operation, p: &Parameter, cfg: &TokenStream) -> (TokenStream, TokenStream) {
    let field = format_ident!("{}", p.rust_name);
    let wire = &p.wire_name;
    let method = &op.method_name;
    let mut names = std::collections::HashSet::new();
    let marker = format_ident!("{}Sort", op.builder_name);
    let functions: Vec<TokenStream> = p
        .sorter_fields
        .iter()
        .map(|f| {
            let function = unique_name(&mut names, crate::naming::snake_name(f));
            let doc = doc_attrs(Some(&format!(
                "Sort by `{f}`, ascending; `.descending()` for `-{f}`."
            )));
            quote! {
                #doc
                pub fn #function() -> runtime::Sorter<Self> {
                    runtime::Sorter::ascending(#f)
                }
            }
        })
        .collect();
    let marker_doc = doc_attrs(Some(&format!(
        "Typed `{wire}` for [`Client::{method}`]: the fields its documentation lists. Pass \
         a list of them to [`{}::sort_by`].",
        op.builder_name
    )));
    let setter_doc = doc_attrs(Some(&format!(
        "Sets `{wire}` from typed sort keys, first key first: \
         `sort_by([{marker}::...().descending()])`."
    )));
    let value = assigned(p, quote!(runtime::join(sorters)));
    let setter = quote! {
        #setter_doc
        pub fn sort_by(mut self, sorters: impl IntoIterator<Item = runtime::Sorter<#marker>>) -> Self {
            self.#field = #value;
            self
        }
    };
    (
        setter,
        marker_type(&marker_doc, &marker, functions.into_iter(), cfg),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The IR of a one-path spec with `operation` (YAML, indented for `/things:`).
    fn lower(operation: &str) -> Api {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\nservers: [{{url: 'https://t.example.com'}}]\npaths:\n  /things:\n{operation}\ncomponents:\n  schemas:\n    Status: {{type: string, enum: [OPEN, SHUT, null]}}\n    Thing: {{type: object, properties: {{id: {{type: string}}}}}}\n"
        );
        let file = std::path::Path::new("t.yaml");
        let mut diagnostics = crate::diagnostics::Diagnostics::new(file);
        let loaded = crate::load::load_str(file, &spec, &mut diagnostics).expect("loads");
        crate::lower_loaded(&loaded, "t", &mut diagnostics)
    }

    #[test]
    fn list_parameters_of_nullable_enums_are_joined_text() {
        let api = lower(
            "    get:\n      operationId: listThings\n      parameters:\n        - {name: statuses, in: query, explode: false, schema: {type: array, items: {$ref: '#/components/schemas/Status'}}}\n        - {name: X-Trace, in: header, required: true, schema: {type: string}}\n      responses: {'200': {description: ok}}",
        );
        let op = &api.operations[0];
        let field = format_ident!("{}", op.parameters[0].rust_name);
        assert_eq!(
            parameter_statement(&op.parameters[0]).to_string(),
            quote!(if let Some(value) = &self.#field {
                request.query_list("statuses", value, Some(","));
            })
            .to_string()
        );
        assert_eq!(
            parameter_statement(&op.parameters[1]).to_string(),
            quote!(request.header("X-Trace", &self.x_trace);).to_string()
        );
    }

    #[test]
    fn filter_functions_take_a_value_a_list_or_nothing() {
        use crate::filter_docs::FilterOperator;
        let function = format_ident!("id_in");
        // Doc lines start with a space, as `///` writes them.
        let doc = format!(" `id in ...`: id {}.", FilterOperator::In.meaning());
        assert_eq!(
            filter_function("id", FilterOperator::In, None, &function).to_string(),
            quote! {
                #[doc = #doc]
                pub fn id_in<V: Into<runtime::FilterValue>>(values: impl IntoIterator<Item = V>) -> runtime::Filter<Self> {
                    runtime::Filter::list("id", "in", values.into_iter().map(Into::into))
                }
            }
            .to_string()
        );
        let mut names = std::collections::HashSet::new();
        let taken: Vec<String> = ["name_eq", "name_eq", "name_eq"]
            .iter()
            .map(|w| unique_name(&mut names, (*w).to_owned()).to_string())
            .collect();
        assert_eq!(taken, ["name_eq", "name_eq_2", "name_eq_3"]);
    }

    #[test]
    fn from_config_passes_the_spec_s_server_path_and_credential_needs() {
        let mut api = lower(
            "    get:\n      operationId: listThings\n      responses: {'200': {description: ok}}",
        );
        api.servers[0].url = "https://tenant.example.com/v3".to_owned();
        let tokens = config_methods(&api, "THINGS").to_string();
        let expected = quote!(config.transport("/v3", None, false)).to_string();
        assert!(tokens.contains(&expected), "{tokens}");
        assert!(tokens.contains(&quote!(runtime::Config::from_env("THINGS")).to_string()));
    }

    #[test]
    fn page_parameters_are_read_with_a_fallback_and_assigned_to_the_page() {
        let api = lower("    get:\n      operationId: listThings\n      parameters:\n        - {name: limit, in: query, schema: {type: integer, format: int32}}\n      responses: {'200': {description: ok}}");
        let limit = &api.operations[0].parameters[0];
        let field = format_ident!("{}", limit.rust_name);
        assert_eq!(
            read_parameter(limit, 250).to_string(),
            quote!(match self.#field { Some(v) => v as u64, None => 250u64 }).to_string()
        );
        assert_eq!(
            assign_parameter(limit, quote!(limit as i32)).to_string(),
            quote!(page.#field = Some(limit as i32);).to_string()
        );
    }

    #[test]
    fn decode_arms_read_each_success_then_any_2xx_then_errors() {
        let api = lower(
            "    post:\n      operationId: makeThing\n      responses:\n        '201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}\n        '404': {description: gone}",
        );
        let op = &api.operations[0];
        let success: Vec<&Response> = op
            .responses
            .iter()
            .filter(|r| r.status.is_success())
            .collect();
        let arms = decode_arms(op, &success, &api.types);
        let error = format_ident!("{}", op.error_type);
        assert_eq!(
            quote!(#(#arms)*).to_string(),
            quote! {
                201 => response.json(),
                status if (200..300).contains(&status) => response.json(),
                _ => Err(#error::from_response(response)),
            }
            .to_string()
        );
    }
}
