//! Emits the client: the `Client` type with one method per operation, and the `operations`
//! module with each operation's request builder and response enums.
//!
//! [`operation`] renders one operation, [`paging`] its `stream()`, [`expressions`] its typed
//! filter and sort builders.

mod expressions;
mod operation;
mod paging;

pub(crate) use operation::required_arguments;
use operation::{emit_client_method, emit_operation, error_enum_items};

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::emit::cfg_attr;
use crate::emit::{doc_attrs, Part};
use crate::ir::{split_template, Api, Response, TemplatePiece};
use crate::passes::gating::Gate;

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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The IR of a one-path spec with `operation` (YAML, indented for `/things:`).
    pub(crate) fn lower(operation: &str) -> Api {
        crate::pipeline::lower_text(&format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\nservers: [{{url: 'https://t.example.com'}}]\npaths:\n  /things:\n{operation}\ncomponents:\n  schemas:\n    Status: {{type: string, enum: [OPEN, SHUT, null]}}\n    Thing: {{type: object, properties: {{id: {{type: string}}}}}}\n"
        ))
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
}
