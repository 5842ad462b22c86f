//! Generates the v2024 client (the one `generated/` builds) into OUT_DIR for `decode_models`.

fn main() {
    let result = openapi_gen::Builder::new()
        .spec("../spec/v2024.yaml")
        .env_prefix("SAIL")
        .generate();
    if let Err(error) = result {
        eprintln!("error: {error}");
        std::process::exit(1);
    }
}
