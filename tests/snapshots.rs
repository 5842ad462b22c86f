//! Snapshots of the generated code, one per generated file, so every change to the output is
//! reviewed like code (`cargo insta review`).

use workspace_tests::{fixture, generate_crate, product_specs};

fn snapshot_crate(prefix: &str, specs: &[std::path::PathBuf], crate_name: &str) {
    let generated = generate_crate(specs, crate_name);
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        for (path, contents) in &generated.files {
            let name = format!("{prefix}__{}", path.replace(['/', '.'], "_"));
            insta::assert_snapshot!(name, contents);
        }
    });
}

#[test]
fn product_specs_snapshot() {
    snapshot_crate("sailpoint", &product_specs(), "sailpoint-identities");
}

#[test]
fn constructs_snapshot() {
    snapshot_crate("constructs", &[fixture("constructs.yaml")], "constructs");
}
