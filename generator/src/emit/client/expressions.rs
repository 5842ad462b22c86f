//! Typed filter and sort builders for operations whose `filters` and `sorters` parameters
//! document their fields (SailPoint's list operations).

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::emit::doc_attrs;
use crate::ir::{Operation, Parameter, Passing, TypeKind, TypeRef, TypeSpace};

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
pub(super) fn expression_builders(
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
    let item_fields: &[crate::ir::Field] = crate::passes::paging::list_item(op, space)
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
    operator: crate::passes::filter_docs::FilterOperator,
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

    #[test]
    fn filter_functions_take_a_value_a_list_or_nothing() {
        use crate::passes::filter_docs::FilterOperator;
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
}
