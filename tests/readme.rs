//! The README tried as a new user would: its build-script recipe (the `[dependencies]` block,
//! `build.rs` and `include!`, exactly as written) becomes a fresh crate outside this workspace
//! that is built and then calls a loopback server; its dependency block is the generator's own
//! list; its command-line invocation writes a crate that checks.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use workspace_tests::repo_root;

/// The README's text.
fn readme() -> String {
    std::fs::read_to_string(repo_root().join("README.md")).expect("README.md")
}

/// The section of `text` under the heading `heading`, up to the next heading of its level.
fn section<'a>(text: &'a str, heading: &str) -> &'a str {
    let start = text
        .find(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("README has `{heading}`"));
    let level = heading.split(' ').next().unwrap_or("#");
    let body = &text[start + heading.len() + 2..];
    let end = body
        .match_indices(&format!("\n{level} "))
        .map(|(at, _)| at)
        .next()
        .unwrap_or(body.len());
    &body[..end]
}

/// The fenced code blocks of `text` whose info string starts with `info`, in order.
fn code_blocks<'a>(text: &'a str, info: &str) -> Vec<&'a str> {
    let fence = format!("```{info}");
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(&fence) {
        let after = &rest[open + fence.len()..];
        let Some(line_end) = after.find('\n') else {
            break;
        };
        let body = &after[line_end + 1..];
        let close = body.find("\n```").expect("a closed code block");
        blocks.push(&body[..close + 1]);
        rest = &body[close + 4..];
    }
    blocks
}

/// The block of `blocks` whose first line is `// {name}`, without that line.
fn file_block<'a>(blocks: &[&'a str], name: &str) -> &'a str {
    let marker = format!("// {name}\n");
    blocks
        .iter()
        .find_map(|block| block.strip_prefix(&marker))
        .unwrap_or_else(|| panic!("README has a code block starting `// {name}`"))
}

/// The lines of the `[dependencies]` table of a manifest's text.
fn dependency_lines(manifest: &str) -> Vec<&str> {
    manifest
        .lines()
        .skip_while(|line| line.trim() != "[dependencies]")
        .skip(1)
        .take_while(|line| !line.starts_with('['))
        .filter(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
        .collect()
}

/// The crate names of dependency lines.
fn crate_names<'a>(lines: &[&'a str]) -> Vec<&'a str> {
    let mut names: Vec<&str> = lines
        .iter()
        .filter_map(|line| line.split('=').next())
        .map(str::trim)
        .collect();
    names.sort_unstable();
    names
}

#[test]
fn the_readme_dependency_block_is_the_generators_list() {
    let text = readme();
    let recipe = section(&text, "### From a build script");
    let manifest = code_blocks(recipe, "toml")
        .into_iter()
        .next()
        .expect("a toml block");
    assert_eq!(
        dependency_lines(manifest),
        dependency_lines(&format!(
            "[dependencies]\n{}",
            openapi_gen::GENERATED_DEPENDENCIES
        )),
        "README's [dependencies] must be openapi_gen::GENERATED_DEPENDENCIES, line for line"
    );
}

#[test]
fn the_sailpoint_crate_depends_on_what_generated_code_needs() {
    let manifest = std::fs::read_to_string(repo_root().join("generated/Cargo.toml")).unwrap();
    let needed = format!("[dependencies]\n{}", openapi_gen::GENERATED_DEPENDENCIES);
    assert_eq!(
        crate_names(&dependency_lines(&manifest)),
        crate_names(&dependency_lines(&needed))
    );
}

/// Runs `command`, failing the test with its output when it fails.
fn run(command: &mut Command) -> String {
    let output = command.output().expect("the command starts");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{command:?} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// A directory outside the repository, with the repository beside it as `openapi-gen/` (as a
/// user who cloned it next to their crate has it).
fn workshop() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::os::unix::fs::symlink(repo_root(), dir.path().join("openapi-gen")).expect("symlink");
    let app = dir.path().join("my-app");
    std::fs::create_dir_all(app.join("src")).unwrap();
    std::fs::create_dir_all(app.join("examples")).unwrap();
    (dir, app)
}

/// The user's own program: lists identities from the server at `API_URL`.
const CALLER: &str = r#"
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let url = std::env::var("API_URL").expect("API_URL");
    let client = my_app::Client::new(url);
    let identities = client.list_identities().limit(2).send().await.expect("listed");
    for identity in identities.body.iter() {
        println!("{}", identity.name);
    }
}
"#;

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "builds a fresh crate outside the workspace; run by .ci/run"]
async fn the_build_script_recipe_builds_a_crate_that_calls_a_server() {
    let text = readme();
    let recipe = section(&text, "### From a build script");
    let manifest = code_blocks(recipe, "toml")[0];
    // `rs`, not `rust`: rustdoc would run them as doctests, where no build script sets OUT_DIR.
    let sources = code_blocks(recipe, "rs");
    let (_dir, app) = workshop();
    write(
        &app.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"my-app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n{manifest}\n\
             # The program below runs the client on tokio.\n[dev-dependencies]\n\
             tokio = {{ version = \"1\", features = [\"rt\", \"macros\"] }}\n"
        ),
    );
    write(&app.join("build.rs"), file_block(&sources, "build.rs"));
    write(&app.join("src/lib.rs"), file_block(&sources, "src/lib.rs"));
    write(&app.join("examples/list.rs"), CALLER);
    std::fs::copy(repo_root().join("spec/v2024.yaml"), app.join("api.yaml")).unwrap();
    // The versions this repository is tested with, so the build is reproducible offline.
    std::fs::copy(repo_root().join("Cargo.lock"), app.join("Cargo.lock")).unwrap();

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/identities"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            { "id": "1", "name": "Jane Doe" },
            { "id": "2", "name": "John Roe" }
        ])))
        .mount(&server)
        .await;
    let uri = server.uri();
    let stdout = tokio::task::spawn_blocking(move || {
        run(Command::new(env!("CARGO"))
            .args(["run", "--quiet", "--example", "list"])
            .current_dir(&app)
            .env("CARGO_TARGET_DIR", repo_root().join("target/corpus/target"))
            .env("API_URL", uri))
    })
    .await
    .unwrap();
    assert_eq!(stdout, "Jane Doe\nJohn Roe\n");
}

#[test]
#[ignore = "builds the generator and checks a generated crate; run by .ci/run"]
fn the_command_line_invocation_writes_a_crate_that_checks() {
    let text = readme();
    let usage = section(&text, "## Running the generator on another spec");
    let line = code_blocks(usage, "sh")[0].trim();
    let args: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(args[0], "cargo", "{line}");
    let out = tempfile::tempdir().unwrap();
    let crate_dir = out.path().join("my-client");
    let spec = repo_root().join("tests/corpus/public/petstore3.yaml");
    // The placeholders a user fills in: their spec, and where the crate goes.
    let args: Vec<String> = args[1..]
        .iter()
        .enumerate()
        .map(|(i, arg)| match (*arg, args[i]) {
            ("path/to/api.yaml", _) => spec.display().to_string(),
            (_, "--out") => crate_dir.display().to_string(),
            (other, _) => other.to_owned(),
        })
        .collect();
    run(Command::new(env!("CARGO"))
        .args(&args)
        .current_dir(repo_root()));
    let manifest = std::fs::read_to_string(crate_dir.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"my-client\""), "{manifest}");
    run(Command::new(env!("CARGO"))
        .args(["check", "--quiet"])
        .current_dir(&crate_dir)
        .env("CARGO_TARGET_DIR", repo_root().join("target/corpus/target")));
}
