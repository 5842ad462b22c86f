//! An operation's `stream()`: the steps of its paging kind (offset, page number, `Link`
//! header, cursor) around one page fetch.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::operation::method_name;
use crate::emit::doc_attrs;
use crate::emit::models::type_tokens;
use crate::ir::{Operation, PageItems, PagingKind, Parameter, Passing, TypeSpace};

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
pub(super) fn paging_method(
    op: &Operation,
    space: &TypeSpace,
    error_enum: &Ident,
) -> Option<TokenStream> {
    let paging = op.paging.as_ref()?;
    let types = format_ident!("types");
    let item = type_tokens(&paging.item, space, Some(&types));
    let parameter = |i: &usize| &op.parameters[*i];
    let items = match &paging.items {
        PageItems::Body => quote!(body),
        PageItems::Field(f) => {
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
        } => offset_steps(
            parameter(offset),
            parameter(limit),
            count.as_ref().map(parameter),
            *page_size,
            space,
        ),
        PagingKind::Number {
            page,
            size,
            first,
            page_size,
        } => number_steps(parameter(page), parameter(size), *first, *page_size, space),
        PagingKind::Link => link_steps(),
        PagingKind::Cursor {
            parameter,
            field: cursor,
        } => cursor_steps(&op.parameters[*parameter], cursor),
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
    Some(quote! {
        #docs
        pub fn stream(self) -> runtime::Items<'a, #item, #error_enum> {
            let first = #first;
            runtime::pages(#operation_name, first, move |#request, #first_flag| {
                #fetch
            })
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::client::tests::lower;

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
}
