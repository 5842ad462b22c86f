//! Emits a call dispatcher for a generated client: one function per operation that takes the
//! operation's arguments as JSON (decoded into the argument types the client declares), calls
//! the client method and every setter given, sends the request and reports how it went.
//!
//! It is not part of generated crates. Conformance tests (`tests/prism.rs`) compile it beside a
//! generated client to call every operation of a spec against a mock server with values an
//! independent tool chose, so the requests exercise the public API exactly as a user calls it.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::emit::client::required_arguments;
use crate::emit::models::type_tokens;
use crate::ir::{Api, BodyEncoding, Operation, Parameter, Passing, TypeRef};

/// The key of a parameter in an arguments object: `query:limit`, `path:id`, `header:X-Id`.
pub fn parameter_key(parameter: &Parameter) -> String {
    format!("{}:{}", parameter.location.name(), parameter.wire_name)
}

/// The key of a request body in an arguments object: `body:` and its content type.
pub fn body_key(encoding: &BodyEncoding) -> String {
    let content_type = match encoding {
        BodyEncoding::Json(content_type)
        | BodyEncoding::Text(content_type)
        | BodyEncoding::Bytes(content_type) => content_type.as_str(),
        BodyEncoding::Multipart(_) => "multipart/form-data",
        BodyEncoding::Form => "application/x-www-form-urlencoded",
    };
    format!("body:{content_type}")
}

/// The dispatcher's source for `api`, whose client is reached as `api::` (`api::Client`,
/// `api::types`, `api::runtime`): `dispatch(client, pointer, args, prefer)` finds the operation
/// defined at `pointer` (`#/paths/~1identities/get`).
pub fn emit_dispatcher(api: &Api) -> TokenStream {
    let functions: Vec<Ident> = (0..api.operations.len())
        .map(|i| format_ident!("call_{i}"))
        .collect();
    let pointers: Vec<&str> = api
        .operations
        .iter()
        .map(|op| op.pointer.as_str())
        .collect();
    let bodies = api
        .operations
        .iter()
        .zip(&functions)
        .map(|(op, function)| call_function(op, function, api));
    quote! {
        #![allow(deprecated, unused, clippy::all)]
        use api::{runtime, types, Client};
        use crate::harness::{argument, optional, outcome, Arguments, Call};

        #(#bodies)*

        /// The pointers of every operation the dispatcher calls.
        pub const OPERATIONS: &[&str] = &[#(#pointers),*];

        /// The call of the operation defined at `pointer`, if there is one.
        pub fn dispatch<'a>(
            client: &'a Client,
            pointer: &str,
            args: &'a Arguments,
            prefer: Option<&'a str>,
        ) -> Option<Call<'a>> {
            match pointer {
                #(#pointers => Some(#functions(client, args, prefer)),)*
                _ => None,
            }
        }
    }
}

/// One operation's call: required arguments, then the setters of the arguments given.
fn call_function(op: &Operation, function: &Ident, api: &Api) -> TokenStream {
    let types = format_ident!("types");
    let method = format_ident!("{}", op.method_name);
    let mut positional = Vec::new();
    let mut setters = Vec::new();
    for parameter in required_arguments(op) {
        let key = parameter_key(parameter);
        let ty = type_tokens(&parameter.ty, &api.types, Some(&types));
        positional.push(quote!(argument::<#ty>(args, #key)?));
    }
    for parameter in op
        .parameters
        .iter()
        .filter(|p| p.passing != Passing::Argument)
    {
        let key = parameter_key(parameter);
        let ty = type_tokens(&parameter.ty, &api.types, Some(&types));
        let setter = format_ident!("{}", parameter.rust_name);
        setters.push(quote! {
            let request = match optional::<#ty>(args, #key)? {
                Some(value) => request.#setter(value),
                None => request,
            };
        });
    }
    if let Some(body) = &op.body {
        let key = body_key(&body.encoding);
        let value = if body.ty == TypeRef::Bytes {
            quote!(optional::<String>(args, #key)?.map(String::into_bytes))
        } else {
            let ty = type_tokens(&body.ty, &api.types, Some(&types));
            quote!(optional::<#ty>(args, #key)?)
        };
        if body.required {
            positional.push(quote!(#value.ok_or_else(|| format!("no {} given", #key))?));
        } else {
            setters.push(quote! {
                let request = match #value {
                    Some(value) => request.body(value),
                    None => request,
                };
            });
        }
    }
    quote! {
        fn #function<'a>(
            client: &'a Client,
            args: &'a Arguments,
            prefer: Option<&'a str>,
        ) -> Call<'a> {
            Box::pin(async move {
                let request = client.#method(#(#positional),*);
                #(#setters)*
                let request = match prefer {
                    Some(prefer) => request.extra_header("Prefer", prefer),
                    None => request,
                };
                Ok(outcome(request.send().await))
            })
        }
    }
}
