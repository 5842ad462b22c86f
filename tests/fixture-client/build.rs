//! Generates the clients for the fixtures: `constructs.yaml` (OpenAPI 3.0) at the crate root and
//! `openapi31.yaml` (OpenAPI 3.1, keeping undeclared properties) as module `v31`.

fn main() {
    let constructs = openapi_gen::Builder::new()
        .spec("../fixtures/constructs.yaml")
        .generate();
    let v31 = openapi_gen::Builder::new()
        .spec("../fixtures/openapi31.yaml")
        .file_name("openapi31.rs")
        .keep_unknown_properties(true)
        .generate();
    for result in [constructs, v31] {
        if let Err(error) = result {
            eprintln!("error: {error}");
            std::process::exit(1);
        }
    }
}
