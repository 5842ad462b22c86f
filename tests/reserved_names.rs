//! Every name the emitted `Client` and request builders define themselves (not from the spec)
//! is reserved, so no operation, parameter or model can take it: read from the generated code
//! with `syn`, not from the emitter's templates that `reserved()` itself reads.

use std::collections::BTreeSet;

use workspace_tests::{fixture, generate_crate};

/// The methods of every `impl` block of a type named by `is_target` in `file`, and the fields
/// of such structs.
fn members(file: &syn::File, is_target: impl Fn(&str) -> bool) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for item in &file.items {
        match item {
            syn::Item::Impl(block) => {
                let syn::Type::Path(path) = block.self_ty.as_ref() else {
                    continue;
                };
                let Some(last) = path.path.segments.last() else {
                    continue;
                };
                if block.trait_.is_none() && is_target(&last.ident.to_string()) {
                    for member in &block.items {
                        if let syn::ImplItem::Fn(function) = member {
                            found.insert(function.sig.ident.to_string());
                        }
                    }
                }
            }
            syn::Item::Struct(def) if is_target(&def.ident.to_string()) => {
                for field in &def.fields {
                    if let Some(name) = &field.ident {
                        found.insert(name.to_string());
                    }
                }
            }
            _ => {}
        }
    }
    found
}

#[test]
fn every_name_the_client_and_builders_define_is_reserved() {
    let spec = fixture("constructs.yaml");
    let generated = generate_crate(std::slice::from_ref(&spec), "reserved-check");
    let (api, _) = openapi_gen::lower_spec(&spec, "constructs").expect("lowers");
    let source = |path: &str| -> syn::File {
        let (_, text) = generated
            .files
            .iter()
            .find(|(p, _)| p == path)
            .unwrap_or_else(|| panic!("{path} is generated"));
        syn::parse_file(text).expect("generated code parses")
    };
    // Spec-named members: operation methods, and parameter fields and setters.
    let mut from_spec: BTreeSet<String> = BTreeSet::new();
    let mut builders: BTreeSet<String> = BTreeSet::new();
    for op in &api.operations {
        from_spec.insert(op.method_name.clone());
        builders.insert(op.builder_name.clone());
        for parameter in &op.parameters {
            from_spec.insert(parameter.rust_name.clone());
        }
    }
    let client = members(&source("src/lib.rs"), |name| name == "Client");
    let builder = members(&source("src/operations.rs"), |name| builders.contains(name));
    assert!(
        client.contains("from_env") && builder.contains("send"),
        "{client:?} {builder:?}"
    );
    let reserved = openapi_gen::testing::reserved();
    let unreserved: Vec<&String> = client
        .iter()
        .chain(&builder)
        .filter(|name| !from_spec.contains(*name) && !reserved.parameter(name))
        .collect();
    assert!(
        unreserved.is_empty(),
        "defined by the generated code but not reserved: {unreserved:?}"
    );
}
