//! The middle of the pipeline on small specs: loading edge cases, `allOf` merging, union
//! ordering and naming, alias cycles, cycle boxing, parameter passing, feature gating and
//! nesting far deeper than real specs.

use std::path::Path;

use openapi_gen::ir::{
    Api, DefaultValue, ParamShape, Passing, ResponseBody, TypeDef, TypeId, TypeKind, TypeRef,
};
use openapi_gen::testing::{gating as gating_of, load_str, lower_loaded, Diagnostics};
use openapi_gen::Diagnostic;
use openapi_gen::Severity;

fn lower_named(file: &str, spec: &str) -> (Api, Vec<Diagnostic>) {
    let mut diagnostics = Diagnostics::new(file);
    let loaded = load_str(Path::new(file), spec, &mut diagnostics).expect("loads");
    let api = lower_loaded(&loaded, "mini", &mut diagnostics);
    (api, diagnostics.into_vec())
}

fn lower(spec: &str) -> (Api, Vec<Diagnostic>) {
    lower_named("mini.yaml", spec)
}

fn schemas(body: &str) -> String {
    format!("openapi: 3.0.3\ninfo: {{title: mini, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{body}")
}

fn model<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    api.types
        .types
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no model {name}: {:?}", names(api)))
}

fn names(api: &Api) -> Vec<&str> {
    api.types.types.iter().map(|t| t.name.as_str()).collect()
}

fn field_names(def: &TypeDef) -> Vec<(&str, bool)> {
    match &def.kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .map(|f| (f.wire_name.as_str(), f.required))
            .collect(),
        other => panic!("{} is not a struct: {other:?}", def.name),
    }
}

#[test]
fn json_with_surrogate_pairs_and_huge_numbers_loads() {
    let spec = r#"{"openapi": "3.0.3", "info": {"title": "emoji \ud83d\udc4d", "version": "1"},
        "paths": {}, "components": {"schemas": {"Big": {"type": "integer",
        "minimum": -99999999999999999999999, "maximum": 18446744073709551616000,
        "example": "\ud83d\udc4d"}}}}"#;
    let (api, warnings) = lower_named("mini.json", spec);
    assert_eq!(api.title, "emoji 👍");
    assert_eq!(kind(&api, "Big"), alias(TypeRef::I64));
    assert!(warnings.is_empty(), "{warnings:#?}");
}

/// A model's kind as `Debug` text (`TypeKind` has no `PartialEq`).
fn kind(api: &Api, name: &str) -> String {
    format!("{:?}", model(api, name).kind)
}

fn alias(ty: TypeRef) -> String {
    format!("{:?}", TypeKind::Alias(ty))
}

#[test]
fn yaml_1_2_numbers_are_numbers() {
    let (api, warnings) = lower(&schemas(
        "    Ratio:\n      type: number\n      minimum: 1e-08\n      maximum: 18446744073709551616000\n      default: 1E3\n",
    ));
    assert!(warnings.is_empty(), "{warnings:#?}");
    let docs = model(&api, "Ratio").docs.clone().unwrap_or_default();
    assert!(docs.contains("Default: `1000.0`"), "{docs}");
    assert!(
        docs.contains("Value: ≥ 0.00000001, ≤ 18446744073709552000"),
        "{docs}"
    );
}

#[test]
fn all_of_merges_members_and_keeps_the_required_union() {
    let (api, _) = lower(&schemas(
        "    Base:\n      type: object\n      required: [id]\n      properties:\n        id: {type: string}\n        name: {type: string}\n    Child:\n      allOf:\n        - $ref: '#/components/schemas/Base'\n        - type: object\n          required: [name]\n          properties:\n            age: {type: integer}\n",
    ));
    assert_eq!(
        field_names(model(&api, "Child")),
        [("id", true), ("name", true), ("age", false)]
    );
}

#[test]
fn all_of_with_an_enum_member_is_that_enum() {
    let (api, warnings) = lower(&schemas(
        "    Status:\n      type: string\n      enum: [on, off]\n    Holder:\n      type: object\n      properties:\n        status:\n          description: Documented here.\n          allOf:\n            - $ref: '#/components/schemas/Status'\n",
    ));
    assert!(warnings.is_empty(), "{warnings:#?}");
    let TypeKind::Struct(holder) = &model(&api, "Holder").kind else {
        panic!("struct")
    };
    let status = &holder.fields[0];
    let status_id = api.types.types.iter().position(|t| t.name == "Status");
    assert_eq!(
        status.ty,
        TypeRef::Named(openapi_gen::ir::TypeId(status_id.expect("Status")))
    );
    assert_eq!(status.docs.as_deref(), Some("Documented here."));
}

#[test]
fn a_schema_that_is_an_all_of_of_one_inline_object_is_that_struct() {
    let (api, _) = lower(&schemas(
        "    Job:\n      description: A job.\n      allOf:\n        - type: object\n          properties:\n            id: {type: string}\n",
    ));
    assert_eq!(names(&api), ["Job"]);
    assert_eq!(field_names(model(&api, "Job")), [("id", false)]);
}

#[test]
fn untagged_unions_try_the_most_specific_variant_first_and_name_variants_by_type() {
    let (api, _) = lower(&schemas(
        "    Loose:\n      type: object\n      properties:\n        a: {type: string}\n    Strict:\n      type: object\n      required: [a, b]\n      properties:\n        a: {type: string}\n        b: {type: string}\n    Either:\n      oneOf:\n        - $ref: '#/components/schemas/Loose'\n        - type: string\n        - $ref: '#/components/schemas/Strict'\n        - title: Named inline\n          type: object\n          properties:\n            c: {type: integer}\n",
    ));
    let TypeKind::Union(union) = &model(&api, "Either").kind else {
        panic!("union")
    };
    let order: Vec<&str> = union.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(order, ["Strict", "Loose", "NamedInline", "String"]);
    assert_eq!(union.fallback, "Other");
}

#[test]
fn null_members_make_an_option_not_a_union() {
    let spec = "openapi: 3.1.0\ninfo: {title: mini, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Maybe:\n      anyOf:\n        - {type: string}\n        - {type: 'null'}\n    Also:\n      type: [integer, 'null']\n    Holder:\n      type: object\n      required: [m, a]\n      properties:\n        m: {$ref: '#/components/schemas/Maybe'}\n        a: {$ref: '#/components/schemas/Also'}\n        inline:\n          anyOf:\n            - {type: boolean}\n            - {type: 'null'}\n";
    let (api, warnings) = lower(spec);
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert_eq!(kind(&api, "Maybe"), alias(TypeRef::String));
    assert_eq!(kind(&api, "Also"), alias(TypeRef::I64));
    let TypeKind::Struct(holder) = &model(&api, "Holder").kind else {
        panic!("struct")
    };
    let fields: Vec<(&str, bool, bool)> = holder
        .fields
        .iter()
        .map(|f| (f.wire_name.as_str(), f.required, f.nullable))
        .collect();
    assert_eq!(
        fields,
        [
            ("m", true, true),
            ("a", true, true),
            ("inline", false, true)
        ],
        "required and nullable: `Option<T>`, sent as null"
    );
}

#[test]
fn alias_cycles_are_reported_with_their_members() {
    let (api, warnings) = lower(&schemas(
        "    Ay:\n      $ref: '#/components/schemas/Bee'\n    Bee:\n      $ref: '#/components/schemas/Ay'\n",
    ));
    let warning = warnings
        .iter()
        .find(|w| w.severity == Severity::Degraded)
        .expect("a degradation");
    assert_eq!(warning.pointer.as_str(), "#/components/schemas/Ay");
    assert!(
        warning.message.contains("Ay → Bee → Ay"),
        "{}",
        warning.message
    );
    assert_eq!(kind(&api, "Ay"), alias(TypeRef::Json));
    assert!(
        model(&api, "Ay")
            .docs
            .as_deref()
            .unwrap_or_default()
            .contains("Degraded"),
        "the degradation is in the docs"
    );
}

#[test]
fn only_the_references_closing_a_cycle_are_boxed() {
    let (api, _) = lower(&schemas(
        "    Node:\n      type: object\n      required: [value]\n      properties:\n        value: {type: integer}\n        next: {$ref: '#/components/schemas/Node'}\n        children:\n          type: array\n          items: {$ref: '#/components/schemas/Node'}\n        leaf: {$ref: '#/components/schemas/Leaf'}\n    Leaf:\n      type: object\n      properties:\n        x: {type: integer}\n",
    ));
    let TypeKind::Struct(node) = &model(&api, "Node").kind else {
        panic!("struct")
    };
    let boxed: Vec<(&str, bool)> = node
        .fields
        .iter()
        .map(|f| (f.wire_name.as_str(), f.boxed))
        .collect();
    assert_eq!(
        boxed,
        [
            ("value", false),
            ("next", true),
            ("children", false),
            ("leaf", false)
        ]
    );
}

#[test]
fn the_model_graph_is_walked_by_value_or_through_containers() {
    let (api, _) = lower(&schemas(
        "    Team:\n      type: object\n      properties:\n        lead: {$ref: '#/components/schemas/Person'}\n        members:\n          type: array\n          items: {$ref: '#/components/schemas/Person'}\n        tags:\n          type: object\n          additionalProperties: {$ref: '#/components/schemas/Tag'}\n    Person:\n      type: object\n      properties:\n        name: {type: string}\n    Tag:\n      type: object\n      properties:\n        label: {type: string}\n    Lonely:\n      type: object\n      properties:\n        x: {type: integer}\n",
    ));
    let id = |name: &str| {
        TypeId(
            api.types
                .types
                .iter()
                .position(|t| t.name == name)
                .expect(name),
        )
    };
    let names = |ids: Vec<TypeId>| -> Vec<String> {
        let mut names: Vec<String> = ids.iter().map(|i| api.types.get(*i).name.clone()).collect();
        names.sort();
        names.dedup();
        names
    };
    assert_eq!(names(api.types.successors(id("Team"), true)), ["Person"]);
    assert_eq!(
        names(api.types.successors(id("Team"), false)),
        ["Person", "Tag"]
    );
    let reached = api.types.reach([id("Team")]);
    let reached: Vec<TypeId> = (0..reached.len())
        .filter(|&i| reached[i])
        .map(TypeId)
        .collect();
    assert_eq!(names(reached), ["Person", "Tag", "Team"]);
}

#[test]
fn parameter_shapes_are_decided_in_the_ir() {
    let spec = "openapi: 3.0.3\ninfo: {title: mini, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      parameters:\n        - {name: statuses, in: query, schema: {type: array, items: {$ref: '#/components/schemas/Status'}}}\n        - {name: where, in: query, style: deepObject, schema: {type: object, properties: {x: {type: string}}}}\n        - {name: one, in: header, schema: {$ref: '#/components/schemas/Status'}}\n      responses: {'204': {description: ok}}\ncomponents:\n  schemas:\n    Status: {type: string, enum: [A, B, null]}\n";
    let (api, _) = lower(spec);
    let shapes: Vec<(&str, ParamShape)> = api.operations[0]
        .parameters
        .iter()
        .map(|p| (p.wire_name.as_str(), p.shape))
        .collect();
    assert_eq!(
        shapes,
        [
            ("statuses", ParamShape::List),
            ("where", ParamShape::Structured),
            ("one", ParamShape::Scalar),
        ]
    );
}

#[test]
fn parameter_passing_is_decided_in_the_ir() {
    let spec = "openapi: 3.0.3\ninfo: {title: mini, version: '1'}\npaths:\n  /a/{id}:\n    get:\n      operationId: getA\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n        - {name: X-Flag, in: header, required: true, schema: {type: boolean, default: true}}\n        - {name: X-Count, in: header, required: true, schema: {type: integer, default: lots}}\n        - {name: q, in: query, schema: {type: string, default: x}}\n      responses: {'204': {description: ok}}\n";
    let (api, warnings) = lower(spec);
    let passing: Vec<(&str, &Passing)> = api.operations[0]
        .parameters
        .iter()
        .map(|p| (p.wire_name.as_str(), &p.passing))
        .collect();
    assert_eq!(
        passing,
        [
            ("id", &Passing::Argument),
            ("X-Flag", &Passing::Defaulted(DefaultValue::Bool(true))),
            ("X-Count", &Passing::Argument),
            ("q", &Passing::Optional),
        ]
    );
    let warning = warnings
        .iter()
        .find(|w| w.message.contains("does not fit"))
        .expect("a warning for the default that does not parse");
    assert_eq!(
        warning.pointer.as_str(),
        "#/paths/~1a~1{id}/get/parameters/2/schema/default"
    );
}

#[test]
fn no_content_statuses_have_no_body_whatever_the_spec_declares() {
    let spec = "openapi: 3.0.3\ninfo: {title: mini, version: '1'}\npaths:\n  /a:\n    delete:\n      operationId: deleteA\n      responses:\n        '204': {description: gone, content: {application/json: {schema: {type: object, title: Nil}}}}\n        '200': {description: ok, content: {application/json: {schema: {type: object}}}}\n";
    let (api, warnings) = lower(spec);
    let bodies: Vec<(String, &ResponseBody)> = api.operations[0]
        .responses
        .iter()
        .map(|r| (format!("{:?}", r.status), &r.body))
        .collect();
    assert_eq!(bodies[0].0, "Code(200)");
    assert!(matches!(bodies[0].1, ResponseBody::Json(_)));
    assert_eq!(bodies[1], ("Code(204)".to_owned(), &ResponseBody::Empty));
    let warning = warnings
        .iter()
        .find(|w| w.message.contains("204 response has no content"))
        .expect("the ignored body is reported");
    assert_eq!(warning.pointer.as_str(), "#/paths/~1a/delete/responses/204");
    assert_eq!(warning.severity, Severity::Repaired);
}

#[test]
fn features_gate_operations_and_the_models_they_reach() {
    let spec = "openapi: 3.0.3\ninfo: {title: mini, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      tags: [Alpha Tag]\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Ay'}\n  /b:\n    get:\n      operationId: getB\n      responses: {'204': {description: ok}}\ncomponents:\n  schemas:\n    Ay:\n      type: object\n      properties:\n        inner: {$ref: '#/components/schemas/Inner'}\n    Inner:\n      type: object\n      properties:\n        x: {type: integer}\n    Unused:\n      type: object\n      properties:\n        y: {type: integer}\n";
    let (api, _) = lower(spec);
    let gating = gating_of(&api, "", 100);
    assert_eq!(
        gating.tag_features,
        [("alpha-tag".to_owned(), "Alpha Tag".to_owned())]
    );
    assert_eq!(gating.operations[0], Some(vec!["alpha-tag".to_owned()]));
    assert_eq!(
        gating.operations[1], None,
        "untagged operations always compile"
    );
    let gate_of = |name: &str| {
        let i = api
            .types
            .types
            .iter()
            .position(|t| t.name == name)
            .expect("model");
        gating.types[i].clone()
    };
    let reached = Some(vec!["all-models".to_owned(), "alpha-tag".to_owned()]);
    assert_eq!(gate_of("Ay"), reached);
    assert_eq!(gate_of("Inner"), reached, "reached transitively");
    assert_eq!(gate_of("Unused"), Some(vec!["all-models".to_owned()]));
}

#[test]
fn models_many_tags_share_stand_behind_one_group_feature() {
    let operation = |tag: &str| {
        format!("  /{tag}:\n    get:\n      operationId: get{tag}\n      tags: [{tag}]\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Shared'}}\n")
    };
    let spec = format!(
        "openapi: 3.0.3\ninfo: {{title: mini, version: '1'}}\npaths:\n{}{}{}components:\n  schemas:\n    Shared:\n      type: object\n      properties:\n        inner: {{$ref: '#/components/schemas/Inner'}}\n    Inner:\n      type: object\n      properties:\n        x: {{type: integer}}\n",
        operation("red"),
        operation("green"),
        operation("blue")
    );
    let (api, _) = lower(&spec);
    let gating = gating_of(&api, "", 100);
    assert_eq!(
        gating.groups,
        [(
            "_shared-1".to_owned(),
            vec![
                "all-models".to_owned(),
                "blue".to_owned(),
                "green".to_owned(),
                "red".to_owned()
            ]
        )]
    );
    let grouped = Some(vec!["_shared-1".to_owned()]);
    assert_eq!(gating.types, [grouped.clone(), grouped]);
    assert_eq!(gating.operations[0], Some(vec!["red".to_owned()]));
    assert_eq!(
        gating.shared_errors,
        [Some(vec![
            "blue".to_owned(),
            "green".to_owned(),
            "red".to_owned()
        ])],
        "one item's three names are not worth a group"
    );

    let without_groups = gating_of(&api, "", 0);
    assert!(without_groups.groups.is_empty());
    assert_eq!(
        without_groups.types[0],
        Some(vec![
            "all-models".to_owned(),
            "blue".to_owned(),
            "green".to_owned(),
            "red".to_owned()
        ])
    );
}

/// A spec whose schemas nest `depth` levels deep, and a `$ref` chain as long.
fn deep_spec(depth: usize) -> String {
    let mut nested = String::from(r#"{"type": "string"}"#);
    for _ in 0..depth {
        nested = format!(r#"{{"type": "object", "properties": {{"child": {nested}}}}}"#);
    }
    let mut schemas = vec![format!(r#""Deep": {nested}"#)];
    for i in 0..depth {
        schemas.push(format!(
            r##""Link{i}": {{"$ref": "#/components/schemas/Link{}"}}"##,
            i + 1
        ));
    }
    schemas.push(format!(r#""Link{depth}": {{"type": "integer"}}"#));
    format!(
        r#"{{"openapi": "3.1.0", "info": {{"title": "deep", "version": "1"}}, "paths": {{}},
        "components": {{"schemas": {{{}}}}}}}"#,
        schemas.join(",")
    )
}

#[test]
fn nesting_far_deeper_than_real_specs_generates() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("deep.json");
    std::fs::write(&file, deep_spec(3000)).expect("write");
    let generated = openapi_gen::Builder::new()
        .spec(&file)
        .crate_name("deep")
        .crate_files()
        .expect("a 3000-level spec generates");
    assert!(
        generated.warnings.is_empty(),
        "{:?}",
        generated.warnings.first()
    );
    let types = &generated
        .files
        .iter()
        .find(|(path, _)| path == "src/types.rs")
        .expect("types")
        .1;
    assert!(types.contains("pub struct DeepChildChild"));
    // An alias chain is emitted as aliases of its end, not 3000 aliases deep.
    assert!(
        types.contains("pub type Link0 = i64;"),
        "alias chains collapse"
    );
}

#[test]
fn nesting_past_the_documented_bound_is_a_located_error() {
    let depth = openapi_gen::MAX_NESTING_DEPTH;
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("too-deep.json");
    let text = format!("{}{}", "[".repeat(depth + 1), "]".repeat(depth + 1));
    std::fs::write(&file, text).expect("write");
    let error = openapi_gen::lower_spec(&file, "deep").expect_err("too deep");
    let message = error.to_string();
    assert!(message.contains("too-deep.json:1:"), "{message}");
    assert!(message.contains(&depth.to_string()), "{message}");
}

#[test]
fn accept_lists_declared_media_types_and_a_declared_accept_default_wins() {
    let spec = "openapi: 3.0.3\ninfo: {title: mini, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json: {schema: {type: string, format: binary}}\n            image/png: {schema: {type: string, format: binary}}\n        '404':\n          description: missing\n          content:\n            application/problem+json: {schema: {type: object}}\n  /b:\n    get:\n      operationId: getB\n      parameters:\n        - name: Accept\n          in: header\n          required: true\n          schema: {type: string, default: 'application/vnd.x+json;version=2'}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json: {schema: {type: object}}\n";
    let (api, warnings) = lower(spec);
    assert_eq!(
        api.operations[0].accept,
        ["image/png", "application/json", "application/problem+json"]
    );
    assert_eq!(
        api.operations[0].responses[0].body,
        openapi_gen::ir::ResponseBody::Bytes
    );
    assert_eq!(
        api.operations[1].accept,
        ["application/vnd.x+json;version=2"]
    );
    assert!(api.operations[1].parameters.is_empty());
    assert!(warnings.iter().any(
        |w| w.severity == Severity::Repaired && w.message.contains("sent as the Accept header")
    ));
}

#[test]
fn operations_with_the_same_error_responses_share_one_enum() {
    let op = |id: &str, extra: &str| {
        format!("    get:\n      operationId: {id}\n      responses:\n        '200': {{description: ok}}\n        '404':\n          description: missing\n          content:\n            application/json: {{schema: {{$ref: '#/components/schemas/Problem'}}}}\n{extra}")
    };
    let spec = format!(
        "openapi: 3.0.3\ninfo: {{title: mini, version: '1'}}\npaths:\n  /a:\n{}  /b:\n{}  /c:\n{}components:\n  schemas:\n    Problem:\n      type: object\n      properties:\n        message: {{type: string}}\n",
        op("getA", ""),
        op("getB", ""),
        op("getC", "        '500': {description: boom}\n"),
    );
    let (api, _) = lower(&spec);
    let error_types: Vec<(&str, &str)> = api
        .operations
        .iter()
        .map(|op| (op.error_enum.as_str(), op.error_type.as_str()))
        .collect();
    assert_eq!(
        error_types,
        [
            ("GetAError", "Errors404"),
            ("GetBError", "Errors404"),
            ("GetCError", "GetCError")
        ]
    );
    assert_eq!(api.shared_errors.len(), 1);
    assert_eq!(api.shared_errors[0].operations, [0, 1]);
}

/// The field `name` of struct `model`.
fn field<'a>(api: &'a Api, model_name: &str, name: &str) -> &'a openapi_gen::ir::Field {
    match &model(api, model_name).kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .find(|f| f.wire_name == name)
            .unwrap_or_else(|| panic!("no field {name}")),
        other => panic!("{model_name} is not a struct: {other:?}"),
    }
}

#[test]
fn a_union_with_a_null_or_nullable_member_is_nullable() {
    let (api, _) = lower(&schemas(
        "    A: {type: object, properties: {x: {type: string}}}\n    B: {type: object, properties: {y: {type: string}}}\n    N: {type: object, nullable: true, properties: {z: {type: string}}}\n    Holder:\n      type: object\n      properties:\n        marker: {oneOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}, {type: 'null'}]}\n        reference: {oneOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/N'}]}\n        inline: {oneOf: [{type: string}, {type: object, nullable: true, additionalProperties: {type: string}}]}\n        plain: {oneOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]}\n",
    ));
    for name in ["marker", "reference", "inline"] {
        assert!(field(&api, "Holder", name).nullable, "{name} admits null");
    }
    assert!(!field(&api, "Holder", "plain").nullable);
}

#[test]
fn object_keywords_beside_a_scalar_type_are_ignored() {
    let (api, _) = lower(&schemas(
        "    Status:\n      type: string\n      description: One of the values below.\n      properties:\n        requires_code: {description: asked for a code}\n        choose_device: {description: asked for a device}\n",
    ));
    assert_eq!(kind(&api, "Status"), alias(TypeRef::String));
}

#[test]
fn a_property_two_all_of_members_declare_keeps_both_declarations() {
    let (api, _) = lower(&schemas(
        "    Global:\n      allOf:\n        - type: object\n          required: [path]\n          properties:\n            path:\n              type: object\n              properties: {sets: {type: array, items: {type: string}}, created_at: {type: string, format: date-time}}\n        - type: object\n          properties:\n            path:\n              type: object\n              properties: {sets: {type: array, items: {type: string}}, version: {type: string}}\n",
    ));
    let path = field(&api, "Global", "path");
    let TypeRef::Named(id) = &path.ty else {
        panic!("{:?}", path.ty)
    };
    let inner = &api.types.types[id.0];
    let mut fields: Vec<&str> = field_names(inner).into_iter().map(|(n, _)| n).collect();
    fields.sort_unstable();
    assert_eq!(fields, ["created_at", "sets", "version"]);
}
