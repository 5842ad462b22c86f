//! Regenerates the client from `spec/` whenever a spec file changes.

fn main() {
    let result = openapi_gen::Builder::new()
        .spec("../spec/v2024.yaml")
        .spec("../spec/cc.yaml")
        .env_prefix("SAIL")
        .generate();
    if let Err(error) = result {
        eprintln!("error: {error}");
        std::process::exit(1);
    }
}
