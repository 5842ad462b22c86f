//! [`Builder`]: every option of a run, and the ways to run it.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Error, Severity};
use crate::emit::EmitOptions;
use crate::pipeline;
use crate::render::write;

/// The file name [`Builder::generate`] writes into the output directory by default.
pub const DEFAULT_FILE_NAME: &str = "openapi_client.rs";

/// The package name of a crate [`Builder::crate_files`] writes when none is set.
pub const DEFAULT_CRATE_NAME: &str = "openapi-client";

/// Generates client code: every option is a `&mut Self` setter (in the style of
/// `prost_build::Config`), and a terminal method runs the pipeline — [`Builder::generate`]
/// from a build script, [`Builder::write_crate`] for a crate on disk, [`Builder::crate_files`]
/// and [`Builder::single_file`] for the files in memory.
#[derive(Debug, Clone)]
pub struct Builder {
    specs: Vec<PathBuf>,
    crate_name: Option<String>,
    env_prefix: Option<String>,
    keep_unknown_properties: bool,
    tag_features: bool,
    out_dir: Option<PathBuf>,
    file_name: Option<String>,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            specs: Vec::new(),
            crate_name: None,
            env_prefix: None,
            keep_unknown_properties: false,
            tag_features: true,
            out_dir: None,
            file_name: None,
        }
    }
}

impl Builder {
    /// A builder with no specs and the default options.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a spec file (YAML or JSON). With several, each becomes a module named after its stem.
    pub fn spec(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.specs.push(path.into());
        self
    }

    /// The package name of the crate [`Builder::crate_files`] writes (default
    /// [`DEFAULT_CRATE_NAME`]); the environment prefix is derived from it.
    pub fn crate_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.crate_name = Some(name.into());
        self
    }

    /// The prefix of the environment variables `Client::from_env` reads (`SAIL` reads
    /// `SAIL_BASE_URL`, `SAIL_CLIENT_ID`, ...); by default the package name in upper snake case.
    pub fn env_prefix(&mut self, prefix: impl Into<String>) -> &mut Self {
        self.env_prefix = Some(prefix.into());
        self
    }

    /// Keeps the properties objects do not declare, so a GET → modify → PUT round trip does
    /// not erase them (off by default: it costs decoding speed).
    pub fn keep_unknown_properties(&mut self, keep: bool) -> &mut Self {
        self.keep_unknown_properties = keep;
        self
    }

    /// One Cargo feature per tag (plus `all-models` and a default `full`) in the crates
    /// [`Builder::crate_files`] writes, so consumers compile only the parts they use (on by
    /// default; a build script's single file is never gated).
    pub fn tag_features(&mut self, on: bool) -> &mut Self {
        self.tag_features = on;
        self
    }

    /// Where [`Builder::generate`] writes, instead of `$OUT_DIR`.
    pub fn out_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// The name of the file [`Builder::generate`] writes (default [`DEFAULT_FILE_NAME`]).
    pub fn file_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.file_name = Some(name.into());
        self
    }

    /// From a build script: generates the single file to `include!`, prints
    /// `cargo:rerun-if-changed` for each spec and `cargo:warning` for each degradation, and
    /// writes the file into `$OUT_DIR` (or [`Builder::out_dir`]) only if its content changed.
    /// The environment prefix defaults to the package's (`CARGO_PKG_NAME`).
    /// Returns all warnings, repairs included.
    pub fn generate(&self) -> Result<Vec<Diagnostic>, Error> {
        for spec in &self.specs {
            println!("cargo:rerun-if-changed={}", spec.display());
        }
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| Error::Write {
                    path: PathBuf::from("$OUT_DIR"),
                    source: std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        "OUT_DIR is not set; call out_dir() outside build scripts",
                    ),
                })?,
        };
        let package = match &self.crate_name {
            Some(name) => name.clone(),
            None => std::env::var("CARGO_PKG_NAME").unwrap_or_default(),
        };
        let (code, warnings) = pipeline::single_file(&self.specs, &self.emit_options(&package))?;
        for warning in warnings.iter().filter(|w| w.severity == Severity::Degraded) {
            println!("cargo:warning={warning}");
        }
        let name = self.file_name.as_deref().unwrap_or(DEFAULT_FILE_NAME);
        write::write_if_changed(&out_dir.join(name), &code)?;
        Ok(warnings)
    }

    /// The single file [`Builder::generate`] would write, in memory, named by
    /// [`Builder::file_name`]; nothing is printed or written.
    pub fn single_file(&self) -> Result<Generated, Error> {
        let package = self.crate_name.clone().unwrap_or_default();
        let (code, warnings) = pipeline::single_file(&self.specs, &self.emit_options(&package))?;
        let name = self.file_name.as_deref().unwrap_or(DEFAULT_FILE_NAME);
        Ok(Generated {
            files: vec![(name.to_owned(), code)],
            warnings,
        })
    }

    /// A complete crate, in memory: `Cargo.toml` and `src/`, one file per module.
    pub fn crate_files(&self) -> Result<Generated, Error> {
        let package = self.crate_name.as_deref().unwrap_or(DEFAULT_CRATE_NAME);
        pipeline::crate_files(
            &self.specs,
            package,
            self.tag_features,
            &self.emit_options(package),
        )
    }

    /// Writes [`Builder::crate_files`] into `dir`, each file atomically and only if it
    /// changed. Nothing is written when the specs cannot be read.
    pub fn write_crate(&self, dir: impl AsRef<Path>) -> Result<Generated, Error> {
        let generated = self.crate_files()?;
        generated.write_to(dir.as_ref())?;
        Ok(generated)
    }

    fn emit_options(&self, package: &str) -> EmitOptions {
        EmitOptions {
            keep_unknown_properties: self.keep_unknown_properties,
            env_prefix: self
                .env_prefix
                .clone()
                .unwrap_or_else(|| env_prefix_for(package)),
        }
    }
}

/// The default environment prefix for a package: its name in upper snake case.
fn env_prefix_for(package: &str) -> String {
    let prefix = heck::ToShoutySnakeCase::to_shouty_snake_case(package);
    if prefix.is_empty() {
        "API".to_owned()
    } else {
        prefix
    }
}

/// Generated output: files (relative path, contents) and the warnings met on the way.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Files relative to the output directory, in a fixed order.
    pub files: Vec<(String, String)>,
    /// Repairs and degradations, in spec order.
    pub warnings: Vec<Diagnostic>,
}

impl Generated {
    /// Writes every file under `dir`, atomically and only where the content changed.
    pub fn write_to(&self, dir: &Path) -> Result<(), Error> {
        for (relative, contents) in &self.files {
            write::write_if_changed(&dir.join(relative), contents)?;
        }
        Ok(())
    }

    /// The files under `dir` that differ from these (or are missing): what `--check` reports.
    pub fn stale_files(&self, dir: &Path) -> Vec<PathBuf> {
        write::differences(dir, &self.files)
    }

    /// The warnings as a JSON array of `{file, pointer, kind, message}`.
    pub fn report_json(&self) -> String {
        let items: Vec<serde_json::Value> = self
            .warnings
            .iter()
            .map(|w| {
                serde_json::json!({
                    "file": w.file.display().to_string(),
                    "pointer": w.pointer.as_str(),
                    "kind": w.severity.as_str(),
                    "message": w.message,
                })
            })
            .collect();
        serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_owned())
    }

    /// Writes [`Generated::report_json`] to `path`, atomically.
    pub fn write_report(&self, path: &Path) -> Result<(), Error> {
        write::write_if_changed(path, &self.report_json()).map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_env_prefix_follows_the_package_unless_set() {
        let mut builder = Builder::new();
        assert_eq!(builder.emit_options("my-api").env_prefix, "MY_API");
        assert_eq!(builder.emit_options("").env_prefix, "API");
        builder.env_prefix("SAIL");
        assert_eq!(builder.emit_options("my-api").env_prefix, "SAIL");
    }
}
