//! Generates the client for the constructs fixture.

fn main() {
    if let Err(error) = openapi_gen::Builder::new()
        .spec("../fixtures/constructs.yaml")
        .generate()
    {
        eprintln!("error: {error}");
        std::process::exit(1);
    }
}
