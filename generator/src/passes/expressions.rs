//! Types the values of the filter functions lowering found ([`crate::ir::Expressions`]): a
//! filter on a field the listed items declare as a date-time, boolean, number or string enum
//! takes a value of that type.

use crate::ir::{Api, ExpressionKind, Field, Operation, TypeKind, TypeRef, TypeSpace};
use crate::passes::paging::list_item;

/// Sets [`crate::ir::FilterFunction::value`] for every filter function of `api`.
pub(crate) fn type_filter_values(api: &mut Api) {
    let types = &api.types;
    for op in &mut api.operations {
        let fields = item_fields(op, types).to_vec();
        let functions = op
            .parameters
            .iter_mut()
            .filter_map(|p| p.expressions.as_mut())
            .filter_map(|e| match &mut e.kind {
                ExpressionKind::Filter(functions) => Some(functions),
                ExpressionKind::Sort(_) => None,
            })
            .flatten();
        for function in functions {
            function.value = fields
                .iter()
                .find(|property| property.wire_name == function.field)
                .and_then(|property| typed_value(&property.ty, types));
        }
    }
}

/// The properties of the items `op` lists, if they are objects.
fn item_fields<'a>(op: &Operation, types: &'a TypeSpace) -> &'a [Field] {
    let Some(TypeRef::Named(id)) = list_item(op, types).map(TypeRef::strip) else {
        return &[];
    };
    match &types.get(*id).kind {
        TypeKind::Struct(def) => &def.fields,
        _ => &[],
    }
}

/// The value type of a filter on a property of type `ty`, when it is one a filter writes in
/// its own way: timestamps unquoted in RFC 3339, booleans and numbers bare, string enums by
/// their wire text.
fn typed_value(ty: &TypeRef, types: &TypeSpace) -> Option<TypeRef> {
    match ty.strip() {
        bare @ (TypeRef::DateTime
        | TypeRef::Bool
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::U64
        | TypeRef::F64) => Some(bare.clone()),
        named @ TypeRef::Named(id) if matches!(types.get(*id).kind, TypeKind::StringEnum(_)) => {
            Some(named.clone())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{ExpressionKind, FilterFunction, TypeRef};

    /// A list operation `operation_id` whose `filters` document `id` and `enabled`, over items
    /// with a boolean `enabled`.
    fn spec(operation_ids: &[&str]) -> String {
        let paths: String = operation_ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                format!(
                    "  /things{i}:\n    get:\n      operationId: {id}\n      parameters:\n        - name: filters\n          in: query\n          schema: {{type: string}}\n          description: \"Filtering is supported for the following fields and operators:\\n\\n**id**: *eq, in*\\n\\n**enabled**: *eq*\"\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{type: array, items: {{$ref: '#/components/schemas/Thing'}}}}}}}}}}\n"
                )
            })
            .collect();
        format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}components:\n  schemas:\n    Thing: {{type: object, properties: {{id: {{type: string}}, enabled: {{type: boolean}}}}}}\n")
    }

    fn filter_functions(api: &crate::ir::Api, op: usize) -> (String, Vec<FilterFunction>) {
        let expressions = api.operations[op].parameters[0]
            .expressions
            .clone()
            .expect("typed filters");
        match expressions.kind {
            ExpressionKind::Filter(functions) => (expressions.marker, functions),
            ExpressionKind::Sort(_) => panic!("filters, not sort keys"),
        }
    }

    #[test]
    fn filters_on_typed_properties_take_values_of_their_type() {
        let api = crate::pipeline::lower_text(&spec(&["listThings"]));
        let (marker, functions) = filter_functions(&api, 0);
        assert_eq!(marker, "ListThingsFilter");
        let typed: Vec<(&str, Option<&TypeRef>)> = functions
            .iter()
            .map(|f| (f.name.as_str(), f.value.as_ref()))
            .collect();
        assert_eq!(
            typed,
            [
                ("id_eq", None),
                ("id_in", None),
                ("enabled_eq", Some(&TypeRef::Bool))
            ]
        );
    }

    #[test]
    fn marker_types_are_named_with_the_operations_other_types() {
        // `listThingsFilter`'s builder would be `ListThingsFilter`, the marker of `listThings`.
        let api = crate::pipeline::lower_text(&spec(&["listThings", "listThingsFilter"]));
        assert_eq!(filter_functions(&api, 0).0, "ListThingsFilter");
        assert_eq!(api.operations[1].builder_name, "ListThingsFilter2");
        assert_eq!(filter_functions(&api, 1).0, "ListThingsFilter2Filter");
    }
}
