//! Stage 6: write output files atomically, and only when their content changed.

use std::path::{Path, PathBuf};

use crate::diagnostics::Error;

/// Writes `contents` to `path` unless it already holds exactly that; returns whether it wrote.
///
/// The new content goes to a temporary file in the same directory first and is renamed into
/// place, so a reader (or a crash) never sees a half-written file.
pub fn write_if_changed(path: &Path, contents: &str) -> Result<bool, Error> {
    if std::fs::read(path).is_ok_and(|existing| existing == contents.as_bytes()) {
        return Ok(false);
    }
    let fail = |source| Error::Write {
        path: path.to_owned(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{file_name}.{}.tmp", std::process::id()));
    std::fs::write(&temporary, contents).map_err(fail)?;
    std::fs::rename(&temporary, path).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        fail(e)
    })?;
    Ok(true)
}

/// The files under `dir` whose content differs from `files` (or that are missing).
pub fn differences(dir: &Path, files: &[(String, String)]) -> Vec<PathBuf> {
    files
        .iter()
        .map(|(relative, contents)| (dir.join(relative), contents))
        .filter(|(path, contents)| {
            std::fs::read(path).map_or(true, |existing| existing != contents.as_bytes())
        })
        .map(|(path, _)| path)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_only_changed_content() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("nested/out.rs");
        assert!(write_if_changed(&path, "a").expect("first write"));
        assert!(!write_if_changed(&path, "a").expect("same content"));
        assert!(write_if_changed(&path, "b").expect("new content"));
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "b");
        let leftovers: Vec<_> = std::fs::read_dir(path.parent().expect("parent"))
            .expect("list")
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
        assert_eq!(
            differences(dir.path(), &[("nested/out.rs".into(), "b".into())]).len(),
            0
        );
        assert_eq!(
            differences(dir.path(), &[("nested/out.rs".into(), "c".into())]).len(),
            1
        );
    }
}
