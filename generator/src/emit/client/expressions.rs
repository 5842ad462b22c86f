//! Typed filter and sort builders for operations whose `filters` and `sorters` parameters
//! document their fields (SailPoint's list operations).

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::emit::doc_attrs;
use crate::emit::models::type_tokens;
use crate::ir::{
    ExpressionKind, FilterFunction, Operation, Parameter, Passing, SortKey, TypeRef, TypeSpace,
};

/// The argument type of a filter value of type `ty` and the function that makes it a
/// `runtime::FilterValue`: string enums by their wire text, the rest as they are.
fn filter_value_type(ty: &TypeRef, space: &TypeSpace) -> (TokenStream, TokenStream) {
    let types = format_ident!("types");
    let convert = match ty {
        TypeRef::Named(_) => quote!(runtime::FilterValue::text),
        _ => quote!(runtime::FilterValue::from),
    };
    (type_tokens(ty, space, Some(&types)), convert)
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

/// For a `filters` or `sorters` parameter with typed expressions: the builder's typed setter
/// (`filter_by`, `sort_by`), and the type whose functions build the expressions
/// (`ListIdentitiesFilter::name_sw("A")`, `ListIdentitiesSort::name().descending()`).
pub(super) fn expression_builders(
    op: &Operation,
    p: &Parameter,
    space: &TypeSpace,
    cfg: &TokenStream,
) -> Option<(TokenStream, TokenStream)> {
    let expressions = p.expressions.as_ref()?;
    let marker = format_ident!("{}", expressions.marker);
    Some(match &expressions.kind {
        ExpressionKind::Filter(functions) => filter_builders(op, p, &marker, functions, space, cfg),
        ExpressionKind::Sort(keys) => sort_builders(op, p, &marker, keys, cfg),
    })
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
    marker: &Ident,
    functions: &[FilterFunction],
    space: &TypeSpace,
    cfg: &TokenStream,
) -> (TokenStream, TokenStream) {
    let field = format_ident!("{}", p.rust_name);
    let wire = &p.wire_name;
    let method = &op.method_name;
    let functions: Vec<TokenStream> = functions
        .iter()
        .map(|function| {
            let typed = function
                .value
                .as_ref()
                .map(|ty| filter_value_type(ty, space));
            let name = format_ident!("{}", function.name);
            filter_function(&function.field, function.operator, typed, &name)
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
        marker_type(&marker_doc, marker, functions.into_iter(), cfg),
    )
}

/// One filter function: `field operator value` (or a list, or no value), typed as the listed
/// items' property when it is known.
fn filter_function(
    field_name: &str,
    operator: crate::lower::filter_docs::FilterOperator,
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
fn sort_builders(
    op: &Operation,
    p: &Parameter,
    marker: &Ident,
    keys: &[SortKey],
    cfg: &TokenStream,
) -> (TokenStream, TokenStream) {
    let field = format_ident!("{}", p.rust_name);
    let wire = &p.wire_name;
    let method = &op.method_name;
    let functions: Vec<TokenStream> = keys
        .iter()
        .map(|key| {
            let function = format_ident!("{}", key.name);
            let f = &key.field;
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
        marker_type(&marker_doc, marker, functions.into_iter(), cfg),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_functions_take_a_value_a_list_or_nothing() {
        use crate::lower::filter_docs::FilterOperator;
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
    }
}
