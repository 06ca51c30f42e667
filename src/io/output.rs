//! Atomic output: every file is written to a temporary name in its directory and renamed into
//! place, so an interrupted run leaves the old file or none, never half a file.

use std::io::{BufWriter, Write};
use std::path::Path;

use crate::error::{Error, Result};

/// Writes `path` atomically through `fill`.
pub fn write_atomic(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let temp = tempfile::Builder::new()
        .prefix(".netreach-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(path, e))?;
    let mut writer = BufWriter::new(temp);
    fill(&mut writer).map_err(|e| Error::io(path, e))?;
    let temp = writer
        .into_inner()
        .map_err(|e| Error::io(path, e.into_error()))?;
    temp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    // Temporary files are private (0600); a finished output is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::Permissions::from_mode(0o644);
        temp.as_file()
            .set_permissions(mode)
            .map_err(|e| Error::io(path, e))?;
    }
    temp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// Writes to standard output when `path` is `-`, else atomically to the file.
pub fn write_output(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    if path == Path::new("-") {
        let stdout = std::io::stdout();
        let mut lock = stdout.lock();
        return fill(&mut lock)
            .and_then(|()| lock.flush())
            .map_err(|e| Error::io(path, e));
    }
    write_atomic(path, fill)
}

/// Writes `files` (name, bytes) as the folder `dir`, atomically as a whole: the files go into
/// a temporary folder beside `dir` (same file system), which is then renamed into place, so an
/// interrupted run leaves the previous folder whole, or none, never a mix. The old folder is
/// moved aside first and removed last; only between the two renames (microseconds) is there
/// no folder at all.
pub fn write_dir_atomic(dir: &Path, files: &[(&str, &[u8])]) -> Result<()> {
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    let staging = tempfile::Builder::new()
        .prefix(".netreach-report-")
        .tempdir_in(&parent)
        .map_err(|e| Error::io(dir, e))?;
    for (name, bytes) in files {
        write_atomic(&staging.path().join(name), |w| w.write_all(bytes))?;
    }
    publish(staging, dir)
}

fn publish(staging: tempfile::TempDir, dir: &Path) -> Result<()> {
    let new = staging.keep();
    let fail = |e: std::io::Error| Error::io(dir, e);
    let old = if dir.exists() {
        let aside = new.with_file_name(format!(
            ".netreach-old-{}",
            new.file_name()
                .map_or("report".into(), |n| n.to_string_lossy().into_owned())
        ));
        std::fs::rename(dir, &aside).map_err(fail)?;
        Some(aside)
    } else {
        None
    };
    std::fs::rename(&new, dir).map_err(fail)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).map_err(fail)?;
    }
    if let Some(old) = old {
        std::fs::remove_dir_all(&old).map_err(fail)?;
    }
    Ok(())
}
