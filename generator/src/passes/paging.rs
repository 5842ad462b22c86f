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
    Api, Field, Operation, PageItems, Paging, PagingKind, Parameter, ParameterLocation, Passing,
    Response, ResponseBody, TypeKind, TypeRef, TypeSpace,
};

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

/// Decides how each operation of `api` pages ([`Operation::paging`]).
pub(crate) fn decide_paging(api: &mut Api) {
    for op in &mut api.operations {
        op.paging = detect(op, &api.types);
    }
}

/// How `op` pages, if it does.
fn detect(op: &Operation, space: &TypeSpace) -> Option<Paging> {
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
            op.parameters.iter().position(|p| {
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
            page_size: page_size(&op.parameters[limit]),
        }
    } else if declares_link {
        PagingKind::Link
    } else if let (Some(page), Some(size)) = (
        query(&PAGE_NAMES, integer),
        query(&PAGE_SIZE_NAMES, integer),
    ) {
        let first = u64::from(op.parameters[page].range.0 != Some(0.0));
        PagingKind::Number {
            page,
            size,
            first,
            page_size: page_size(&op.parameters[size]),
        }
    } else {
        let parameter = query(&CURSOR_PARAMETERS, TypeRef::is_string)?;
        PagingKind::Cursor {
            parameter,
            field: cursor_field?.clone(),
        }
    };
    let items = match items {
        Some(field) => PageItems::Field(field.clone()),
        None => PageItems::Body,
    };
    Some(Paging {
        kind,
        items,
        item: item.clone(),
    })
}

/// The page size to ask for: the parameter's declared maximum, else [`DEFAULT_PAGE_SIZE`].
fn page_size(parameter: &Parameter) -> u64 {
    match parameter.range.1 {
        Some(maximum) if (1.0..=10_000.0).contains(&maximum) => maximum as u64,
        _ => DEFAULT_PAGE_SIZE,
    }
}

/// Where the items of a body of type `body` are (the body itself, or a field of it), their
/// type, and the body's cursor field.
fn items_of<'o>(
    body: &'o TypeRef,
    space: &'o TypeSpace,
) -> Option<(Option<&'o Field>, &'o TypeRef, Option<&'o Field>)> {
    match body.strip() {
        TypeRef::Vec(item) => Some((None, item, None)),
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
            Some((Some(field), item, cursor))
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

#[cfg(test)]
mod tests {
    use crate::ir::{PageItems, PagingKind};

    fn lower(parameters: &str, body: &str) -> crate::ir::Api {
        crate::pipeline::lower_text(&format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /things:\n    get:\n      operationId: listThings\n      parameters: {parameters}\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {body}}}}}}}\n"
        ))
    }

    #[test]
    fn offset_paging_names_its_parameters_by_position_and_reads_the_declared_maximum() {
        let api = lower(
            "[{name: count, in: query, schema: {type: boolean}}, {name: limit, in: query, schema: {type: integer, maximum: 250}}, {name: offset, in: query, schema: {type: integer}}]",
            "{type: array, items: {type: string}}",
        );
        let paging = api.operations[0].paging.as_ref().expect("pages");
        let PagingKind::Offset {
            offset,
            limit,
            count,
            page_size,
        } = paging.kind
        else {
            panic!("offset paging: {:?}", paging.kind)
        };
        let wire = |i: usize| api.operations[0].parameters[i].wire_name.as_str();
        assert_eq!((wire(offset), wire(limit)), ("offset", "limit"));
        assert_eq!(count.map(wire), Some("count"));
        assert_eq!(page_size, 250);
        assert!(matches!(paging.items, PageItems::Body));
    }

    #[test]
    fn cursors_come_from_a_field_beside_the_single_list() {
        let api = lower(
            "[{name: cursor, in: query, schema: {type: string}}]",
            "{type: object, properties: {data: {type: array, items: {type: string}}, next_cursor: {type: string}}}",
        );
        let paging = api.operations[0].paging.as_ref().expect("pages");
        let PagingKind::Cursor { parameter, field } = &paging.kind else {
            panic!("cursor paging: {:?}", paging.kind)
        };
        assert_eq!(api.operations[0].parameters[*parameter].wire_name, "cursor");
        assert_eq!(field.wire_name, "next_cursor");
        assert!(matches!(&paging.items, PageItems::Field(f) if f.wire_name == "data"));
    }

    #[test]
    fn a_list_without_paging_parameters_does_not_page() {
        let api = lower("[]", "{type: array, items: {type: string}}");
        assert!(api.operations[0].paging.is_none());
    }
}
