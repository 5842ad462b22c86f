//! Each lenient repair, on a minimal spec: what the IR becomes and the located warning.

use std::path::Path;

use openapi_gen::ir::{Api, ParameterLocation, TypeKind, TypeRef};
use openapi_gen::testing::{load_str, lower_loaded, Diagnostics};
use openapi_gen::Diagnostic;
use openapi_gen::Severity;

fn lower(spec: &str) -> (Api, Vec<Diagnostic>) {
    let mut diagnostics = Diagnostics::new("mini.yaml");
    let loaded = load_str(Path::new("mini.yaml"), spec, &mut diagnostics).expect("loads");
    let api = lower_loaded(&loaded, "mini", &mut diagnostics);
    (api, diagnostics.into_vec())
}

fn with_paths(paths: &str) -> String {
    format!("openapi: 3.0.3\ninfo: {{title: mini, version: '1'}}\npaths:\n{paths}")
}

fn find<'w>(warnings: &'w [Diagnostic], pointer: &str) -> &'w Diagnostic {
    warnings
        .iter()
        .find(|w| w.pointer.as_str() == pointer)
        .unwrap_or_else(|| panic!("no warning at {pointer}: {warnings:#?}"))
}

#[test]
fn placeholder_renamed_to_its_parameter() {
    let (api, warnings) = lower(&with_paths(
        "  /identities/{id}/reset:\n    post:\n      operationId: resetIdentity\n      parameters:\n        - {name: identityId, in: path, required: true, schema: {type: string}}\n      responses: {'202': {description: ok}}\n",
    ));
    assert_eq!(api.operations[0].path, "/identities/{identityId}/reset");
    let warning = find(&warnings, "#/paths/~1identities~1{id}~1reset/post");
    assert_eq!(warning.severity, Severity::Repaired);
    assert!(warning.message.contains("identityId"));
}

#[test]
fn undeclared_placeholder_gets_a_string_parameter() {
    let (api, warnings) = lower(&with_paths(
        "  /sources/{sourceId}:\n    get:\n      operationId: getSource\n      responses: {'200': {description: ok}}\n",
    ));
    let op = &api.operations[0];
    let parameter = &op.parameters[0];
    assert_eq!(
        (
            parameter.wire_name.as_str(),
            parameter.location,
            parameter.required
        ),
        ("sourceId", ParameterLocation::Path, true)
    );
    assert_eq!(parameter.ty, TypeRef::String);
    assert_eq!(
        find(&warnings, "#/paths/~1sources~1{sourceId}/get").severity,
        Severity::Repaired
    );
}

#[test]
fn segment_without_braces_becomes_a_placeholder() {
    let (api, warnings) = lower(&with_paths(
        "  /bulk-update/id:\n    get:\n      operationId: getBulk\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses: {'200': {description: ok}}\n",
    ));
    assert_eq!(api.operations[0].path, "/bulk-update/{id}");
    assert!(find(&warnings, "#/paths/~1bulk-update~1id/get")
        .message
        .contains("lacks braces"));
}

#[test]
fn missing_operation_id_is_synthesized_from_method_and_path() {
    let (api, warnings) = lower(&with_paths(
        "  /das/owners/{id}:\n    get:\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses: {'200': {description: ok}}\n",
    ));
    assert_eq!(api.operations[0].method_name, "get_das_owners_by_id");
    assert_eq!(api.operations[0].builder_name, "GetDasOwnersById");
    assert_eq!(
        find(&warnings, "#/paths/~1das~1owners~1{id}/get").severity,
        Severity::Repaired
    );
}

#[test]
fn operation_ids_that_collide_after_conversion_get_distinct_methods() {
    let (api, warnings) = lower(&with_paths(
        "  /a:\n    get:\n      operationId: getThing\n      responses: {'200': {description: ok}}\n  /b:\n    get:\n      operationId: get-thing\n      responses: {'200': {description: ok}}\n",
    ));
    let names: Vec<&str> = api
        .operations
        .iter()
        .map(|o| o.method_name.as_str())
        .collect();
    assert_eq!(names, ["get_thing", "get_thing_2"]);
    assert!(find(&warnings, "#/paths/~1b/get/operationId")
        .message
        .contains("get_thing_2"));
}

#[test]
fn schema_names_that_are_not_identifiers_or_collide_are_sanitised() {
    let spec = "openapi: 3.0.3\ninfo: {title: mini, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Identity: {type: object, properties: {a: {type: string}}}\n    Identity-2: {type: object, properties: {b: {type: string}}}\n    identity_2: {type: object, properties: {c: {type: string}}}\n    accounts-export-report-arguments: {type: object, properties: {d: {type: string}}}\n    Result: {type: string}\n";
    let (api, warnings) = lower(spec);
    let names: Vec<&str> = api.types.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Identity",
            "Identity2",
            "Identity22",
            "AccountsExportReportArguments",
            "ResultModel"
        ]
    );
    assert!(find(&warnings, "#/components/schemas/identity_2")
        .message
        .contains("Identity22"));
}

#[test]
fn invalid_date_time_type_becomes_a_timestamp() {
    let spec = "openapi: 3.0.1\ninfo: {title: mini, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Event:\n      type: object\n      properties:\n        at: {type: date-time}\n";
    let (api, warnings) = lower(spec);
    let TypeKind::Struct(event) = &api.types.types[0].kind else {
        panic!("struct")
    };
    assert_eq!(event.fields[0].ty, TypeRef::DateTime);
    assert_eq!(
        find(&warnings, "#/components/schemas/Event/properties/at/type").severity,
        Severity::Repaired
    );
}

#[test]
fn content_type_header_parameter_is_ignored() {
    let (api, warnings) = lower(&with_paths(
        "  /refresh:\n    post:\n      operationId: refresh\n      parameters:\n        - {name: Content-Type, in: header, schema: {type: string}}\n      requestBody:\n        content:\n          application/json:\n            schema: {type: object}\n      responses: {'200': {description: ok}}\n",
    ));
    assert!(api.operations[0].parameters.is_empty());
    assert!(find(&warnings, "#/paths/~1refresh/post/parameters/0")
        .message
        .contains("Content-Type"));
}

#[test]
fn nullable_enum_listing_null_is_an_optional_enum() {
    let spec = "openapi: 3.0.3\ninfo: {title: mini, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Task:\n      type: object\n      required: [state]\n      properties:\n        state:\n          type: string\n          nullable: true\n          enum: [RUNNING, DONE, null]\n";
    let (api, warnings) = lower(spec);
    assert!(warnings.is_empty(), "{warnings:#?}");
    let TypeKind::Struct(task) = &api.types.types[0].kind else {
        panic!("struct")
    };
    assert!(task.fields[0].required && task.fields[0].nullable);
    let TypeRef::Named(id) = task.fields[0].ty else {
        panic!("named enum")
    };
    let TypeKind::StringEnum(values) = &api.types.get(id).kind else {
        panic!("enum")
    };
    let wires: Vec<&str> = values.iter().map(|v| v.wire.as_str()).collect();
    assert_eq!(wires, ["RUNNING", "DONE"]);
}

#[test]
fn unexpressible_schema_degrades_to_any_json_with_a_warning() {
    let spec = "openapi: 3.0.3\ninfo: {title: mini, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    NotAString:\n      not: {type: string}\n    Broken:\n      type: object\n      properties:\n        weird:\n          type: [string, integer]\n";
    let (api, warnings) = lower(spec);
    assert!(matches!(
        api.types.types[0].kind,
        TypeKind::Alias(TypeRef::Json)
    ));
    assert_eq!(
        find(&warnings, "#/components/schemas/NotAString").severity,
        Severity::Degraded
    );
    // A type list in a 3.0 document is 3.1 syntax: read as such (a union), with a note.
    assert_eq!(
        find(
            &warnings,
            "#/components/schemas/Broken/properties/weird/type"
        )
        .severity,
        Severity::Repaired
    );
    let weird = api
        .types
        .types
        .iter()
        .find(|t| t.name == "BrokenWeird")
        .expect("the property's union");
    let TypeKind::Union(union) = &weird.kind else {
        panic!("a union: {:?}", weird.kind)
    };
    let variants: Vec<&str> = union.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(variants, ["Integer", "String"]);
}
