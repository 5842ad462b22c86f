//! Which operations page, and how: found from their parameters and success body, so every
//! list operation of any spec gets a stream of its items.
//!
//! - Offset paging: integer query parameters `offset` and `limit` (SailPoint, most REST APIs);
//!   a boolean `count` parameter asks for the total (`X-Total-Count`).
//! - Links: a success response that declares a `Link` header is followed by its
//!   `rel="next"` URL (GitHub, Shopify), whatever the parameters.
//! - Page numbers: an integer `page` with a page-size parameter (`per_page`, `page_size`,
//!   `pageSize`, `size`, `limit`).
//! - Cursors: a query parameter (`cursor`, `page_token`, `starting_after`, ...) and a string
//!   field of the response that holds the next value (`next_cursor`, `nextPageToken`, ...).
//!
//! The items are the success body when it is a list, or the single list field of an object.

use crate::ir::{
    Field, Operation, Parameter, ParameterLocation, Passing, Response, ResponseBody, TypeKind,
    TypeRef, TypeSpace,
};

/// How an operation pages.
#[derive(Debug, Clone)]
pub struct Paging<'o> {
    /// Which parameters move through the pages.
    pub kind: PagingKind<'o>,
    /// Where the items are in the success body.
    pub items: Items<'o>,
    /// The item type.
    pub item: &'o TypeRef,
}

/// The parameters that move through the pages.
#[derive(Debug, Clone)]
pub enum PagingKind<'o> {
    /// `offset` and `limit`, and an optional `count` that asks for the total.
    Offset {
        /// The offset parameter.
        offset: &'o Parameter,
        /// The page-size parameter.
        limit: &'o Parameter,
        /// A boolean parameter asking for `X-Total-Count`.
        count: Option<&'o Parameter>,
        /// The page size when the caller sets none: the declared maximum, else 100.
        page_size: u64,
    },
    /// A page number and a page size.
    Number {
        /// The page-number parameter.
        page: &'o Parameter,
        /// The page-size parameter.
        size: &'o Parameter,
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
        parameter: &'o Parameter,
        /// The response field holding the next cursor.
        field: &'o Field,
    },
}

/// Where a page's items are.
#[derive(Debug, Clone)]
pub enum Items<'o> {
    /// The body is the list.
    Body,
    /// A field of the body object holds the list.
    Field(&'o Field),
}

const OFFSET_NAMES: [&str; 1] = ["offset"];
const LIMIT_NAMES: [&str; 1] = ["limit"];
const PAGE_NAMES: [&str; 1] = ["page"];
const PAGE_SIZE_NAMES: [&str; 6] = [
    "per_page",
    "page_size",
    "pageSize",
    "size",
    "limit",
    "perPage",
];
const CURSOR_PARAMETERS: [&str; 8] = [
    "cursor",
    "next_cursor",
    "page_token",
    "pageToken",
    "starting_after",
    "after",
    "next",
    "continuation_token",
];
const CURSOR_FIELDS: [&str; 8] = [
    "next_cursor",
    "nextCursor",
    "next_page_token",
    "nextPageToken",
    "cursor",
    "next",
    "continuation_token",
    "after",
];

/// The page size used when the spec declares no maximum.
const DEFAULT_PAGE_SIZE: u64 = 100;

/// How `op` pages, if it does.
pub fn detect<'o>(op: &'o Operation, space: &'o TypeSpace) -> Option<Paging<'o>> {
    if op.success_enum.is_some() {
        return None;
    }
    let (body, response) = json_success(op)?;
    let declares_link = response
        .headers
        .iter()
        .any(|name| name.eq_ignore_ascii_case("link"));
    let (items, item, cursor_field) = items_of(body, space)?;
    let query = |names: &[&str], wanted: fn(&TypeRef) -> bool| {
        names.iter().find_map(|name| {
            op.parameters.iter().find(|p| {
                p.location == ParameterLocation::Query
                    && p.wire_name == *name
                    && p.passing != Passing::Argument
                    && wanted(p.ty.strip())
            })
        })
    };
    let integer = |ty: &TypeRef| matches!(ty, TypeRef::I32 | TypeRef::I64 | TypeRef::U64);
    let kind = if let (Some(offset), Some(limit)) =
        (query(&OFFSET_NAMES, integer), query(&LIMIT_NAMES, integer))
    {
        PagingKind::Offset {
            offset,
            limit,
            count: query(&["count"], |ty| *ty == TypeRef::Bool),
            page_size: page_size(limit),
        }
    } else if declares_link {
        PagingKind::Link
    } else if let (Some(page), Some(size)) = (
        query(&PAGE_NAMES, integer),
        query(&PAGE_SIZE_NAMES, integer),
    ) {
        let first = u64::from(page.range.0 != Some(0.0));
        PagingKind::Number {
            page,
            size,
            first,
            page_size: page_size(size),
        }
    } else {
        let parameter = query(&CURSOR_PARAMETERS, TypeRef::is_string)?;
        PagingKind::Cursor {
            parameter,
            field: cursor_field?,
        }
    };
    Some(Paging { kind, items, item })
}

/// The page size to ask for: the parameter's declared maximum, else [`DEFAULT_PAGE_SIZE`].
fn page_size(parameter: &Parameter) -> u64 {
    match parameter.range.1 {
        Some(maximum) if (1.0..=10_000.0).contains(&maximum) => maximum as u64,
        _ => DEFAULT_PAGE_SIZE,
    }
}

/// Where the items of a body of type `body` are, their type, and the body's cursor field.
fn items_of<'o>(
    body: &'o TypeRef,
    space: &'o TypeSpace,
) -> Option<(Items<'o>, &'o TypeRef, Option<&'o Field>)> {
    match body.strip() {
        TypeRef::Vec(item) => Some((Items::Body, item, None)),
        TypeRef::Named(id) => {
            let TypeKind::Struct(def) = &space.get(*id).kind else {
                return None;
            };
            let mut lists = def.fields.iter().filter_map(|f| match f.ty.strip() {
                TypeRef::Vec(item) => Some((f, item.as_ref())),
                _ => None,
            });
            let (field, item) = lists.next()?;
            if field.boxed {
                return None;
            }
            if lists.next().is_some() {
                return None;
            }
            let cursor = CURSOR_FIELDS.iter().find_map(|name| {
                def.fields
                    .iter()
                    .find(|f| f.wire_name == *name && f.ty.strip().is_string() && !f.boxed)
            });
            Some((Items::Field(field), item, cursor))
        }
        _ => None,
    }
}

/// The item type of an operation's list response (the body list, or the single list field of
/// the body object), whether or not the operation pages.
pub fn list_item<'o>(op: &'o Operation, space: &'o TypeSpace) -> Option<&'o TypeRef> {
    let (body, _) = json_success(op)?;
    items_of(body, space).map(|(_, item, _)| item)
}

/// The first success response with a JSON body, and that body's type.
fn json_success(op: &Operation) -> Option<(&TypeRef, &Response)> {
    op.responses
        .iter()
        .filter(|r| r.status.is_success())
        .find_map(|r| match &r.body {
            ResponseBody::Json(ty) => Some((ty, r)),
            _ => None,
        })
}
