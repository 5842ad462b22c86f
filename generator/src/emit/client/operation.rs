//! One operation: its `Client` method, request builder (fields, setters, request
//! statements), response enum and decoding, error enum, and raw and streaming sends.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::expressions::expression_builders;
use super::paging::paging_method;
use crate::emit::doc_attrs;
use crate::emit::models::type_tokens;
use crate::ir::{
    split_template, BodyEncoding, DefaultValue, Method, Operation, ParamShape, Parameter,
    ParameterLocation, Passing, QueryStyle, RequestBody, Response, ResponseBody, StatusMatch,
    TemplatePiece, TypeKind, TypeRef, TypeSpace,
};

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

pub(super) fn method_name(method: Method) -> &'static str {
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

pub(super) fn emit_client_method(
    op: &Operation,
    space: &TypeSpace,
    cfg: &TokenStream,
) -> TokenStream {
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
pub(super) fn emit_operation(op: &Operation, space: &TypeSpace, cfg: &TokenStream) -> TokenStream {
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
    let paging = paging_method(op, space, &error_enum);
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
pub(super) fn error_enum_items(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::client::tests::lower;

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
