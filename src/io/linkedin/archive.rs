//! LinkedIn's data archive as people download it: `Basic_LinkedInDataExport_MM-DD-YYYY.zip` or
//! `Complete_LinkedInDataExport_….zip`, or the folder it unpacks to. Only the files netreach
//! reads are taken out (by base name, case-insensitively, wherever they sit inside the archive).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::{decode, dialect};
use crate::error::{Error, Result};

/// Archive files netreach reads, by lower-case base name.
pub const KNOWN_FILES: &[&str] = &[
    "connections.csv",
    "profile.csv",
    "positions.csv",
    "recommendations_received.csv",
    "recommendations_given.csv",
    "invitations.csv",
    "messages.csv",
    "owner.txt",
];

/// The largest archive member read (uncompressed). A 30,000-connection export is about 3 MiB
/// and messages files reach tens of MiB; anything past this is not a LinkedIn file.
const MAX_MEMBER: u64 = 512 << 20;

/// One file taken from an archive.
#[derive(Clone, Debug)]
pub struct ArchiveFile {
    /// The path a user would recognise: `archive.zip/Basic…/Connections.csv` or the file.
    pub path: PathBuf,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// The files of one archive that netreach reads.
#[derive(Clone, Debug)]
pub struct Archive {
    /// The ZIP or folder as given.
    pub path: PathBuf,
    files: BTreeMap<String, ArchiveFile>,
}

/// Whether `path` is a ZIP file (by its magic bytes, whatever its name).
pub fn is_zip(path: &Path) -> bool {
    let mut magic = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok_and(|()| &magic == b"PK\x03\x04" || &magic == b"PK\x05\x06")
}

/// Whether `dir` is one unpacked archive or export folder (it holds `Connections.csv`).
pub fn is_archive_dir(dir: &Path) -> bool {
    find_in_dir(dir, "connections.csv").is_some()
}

fn find_in_dir(dir: &Path, lower_name: &str) -> Option<PathBuf> {
    let mut hits: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().to_lowercase() == lower_name)
        })
        .collect();
    hits.sort();
    hits.into_iter().next()
}

impl Archive {
    /// Reads the known files of an unpacked archive folder.
    pub fn open_dir(dir: &Path) -> Result<Archive> {
        let mut files = BTreeMap::new();
        for name in KNOWN_FILES {
            if let Some(path) = find_in_dir(dir, name) {
                let bytes = read_capped(&path)?;
                files.insert(name.to_string(), ArchiveFile { path, bytes });
            }
        }
        Ok(Archive {
            path: dir.to_path_buf(),
            files,
        })
    }

    /// Reads the known files of a ZIP archive held in memory; `path` names it.
    ///
    /// Members are matched by base name (case-insensitively, macOS resource forks skipped);
    /// a known file present twice is an error, since which one is meant cannot be told.
    pub fn open_zip_bytes(path: &Path, bytes: &[u8]) -> Result<Archive> {
        let bad = |e: zip::result::ZipError| {
            Error::input(path, format!("not a readable ZIP archive: {e}"))
        };
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(bad)?;
        let mut files: BTreeMap<String, ArchiveFile> = BTreeMap::new();
        for i in 0..zip.len() {
            let mut member = zip.by_index(i).map_err(bad)?;
            let inner = member.name().map_err(bad)?.to_string();
            let base = inner
                .rsplit(['/', '\\'])
                .next()
                .unwrap_or("")
                .to_lowercase();
            if member.is_dir()
                || !KNOWN_FILES.contains(&base.as_str())
                || inner.contains("__MACOSX")
            {
                continue;
            }
            // Named under the archive whatever the member's name: `join` with an absolute
            // member name ("/x/Connections.csv") would drop the archive from the path.
            let shown = PathBuf::from(format!(
                "{}/{}",
                path.display(),
                inner.trim_start_matches(['/', '\\'])
            ));
            if let Some(first) = files.get(&base) {
                return Err(Error::input(
                    path,
                    format!(
                        "holds {} twice ({} and {}): unpack it and pass one archive folder each",
                        base,
                        first.path.display(),
                        shown.display()
                    ),
                ));
            }
            let declared = member.size();
            let data = unpack(&mut member, declared, &shown)?;
            files.insert(
                base,
                ArchiveFile {
                    path: shown,
                    bytes: data,
                },
            );
        }
        Ok(Archive {
            path: path.to_path_buf(),
            files,
        })
    }

    /// Reads a ZIP archive from disk.
    pub fn open_zip(path: &Path) -> Result<Archive> {
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        crate::memory::ensure(
            meta.len().saturating_mul(8),
            format_args!(
                "unpacking this archive of {}",
                crate::memory::Bytes(meta.len())
            ),
        )
        .map_err(|e| Error::input(path, e.to_string()))?;
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Archive::open_zip_bytes(path, &bytes)
    }

    /// An archive of one `Connections.csv` held in memory (read from standard input or a pipe,
    /// where no other file can sit beside it).
    pub fn from_connections(path: &Path, bytes: Vec<u8>) -> Archive {
        let file = ArchiveFile {
            path: path.to_path_buf(),
            bytes,
        };
        Archive {
            path: path.to_path_buf(),
            files: BTreeMap::from([("connections.csv".to_string(), file)]),
        }
    }

    /// A single `Connections.csv` (under any name) with the other archive files beside it,
    /// as when a user points at the file inside an unpacked archive.
    pub fn open_file(path: &Path) -> Result<Archive> {
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let mut archive = Archive::open_dir(dir)?;
        let bytes = read_capped(path)?;
        archive.files.insert(
            "connections.csv".into(),
            ArchiveFile {
                path: path.to_path_buf(),
                bytes,
            },
        );
        archive.path = path.to_path_buf();
        Ok(archive)
    }

    /// A file by its base name (`Connections.csv`, case-insensitive).
    pub fn file(&self, name: &str) -> Option<&ArchiveFile> {
        self.files.get(&name.to_lowercase())
    }

    /// The archive's `Connections.csv`, or an error saying it has none.
    pub fn connections(&self) -> Result<&ArchiveFile> {
        self.file("Connections.csv").ok_or_else(|| {
            Error::input(
                &self.path,
                "holds no Connections.csv (request the archive with Connections from LinkedIn: Settings & Privacy > Data privacy > Get a copy of your data)",
            )
        })
    }

    /// The exporting member from `Profile.csv`, if the archive has one.
    pub fn profile(&self) -> Result<Option<Profile>> {
        self.file("Profile.csv").map(Profile::parse).transpose()
    }
}

/// A member's bytes, at most [`MAX_MEMBER`] (a larger one, declared or actual, is an error:
/// a ZIP's sizes are untrusted).
fn unpack(member: &mut impl Read, declared: u64, shown: &Path) -> Result<Vec<u8>> {
    if declared > MAX_MEMBER {
        return Err(too_large(shown));
    }
    let mut data = Vec::with_capacity(declared.min(64 << 20) as usize);
    member
        .take(MAX_MEMBER + 1)
        .read_to_end(&mut data)
        .map_err(|e| Error::input(shown, format!("cannot be unpacked: {e}")))?;
    if data.len() as u64 > MAX_MEMBER {
        return Err(too_large(shown));
    }
    Ok(data)
}

fn too_large(path: &Path) -> Error {
    Error::input(
        path,
        "is larger than 512 MiB unpacked: not a LinkedIn archive file",
    )
}

fn read_capped(path: &Path) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.len() > MAX_MEMBER {
        return Err(too_large(path));
    }
    std::fs::read(path).map_err(|e| Error::io(path, e))
}

/// The exporting member, from `Profile.csv`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Profile {
    /// "First Last".
    pub name: String,
    /// The profile headline (the audit infers the member's field from it).
    pub headline: String,
    /// The industry, where given.
    pub industry: String,
}

impl Profile {
    /// Parses `Profile.csv`: a header and one row.
    pub fn parse(file: &ArchiveFile) -> Result<Profile> {
        let rows = read_table(file)?;
        let Some((header, row)) = rows
            .split_first()
            .and_then(|(h, rest)| Some((h, rest.first()?)))
        else {
            return Err(Error::parse(&file.path, 2, "Profile.csv has no data row"));
        };
        let get = |wanted: &str| {
            header
                .fields
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(wanted))
                .and_then(|i| row.fields.get(i))
                .map_or(String::new(), |v| v.trim().to_string())
        };
        let name = [get("First Name"), get("Last Name")]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if name.is_empty() {
            return Err(Error::parse(
                &file.path,
                row.line,
                "Profile.csv names nobody (no First Name or Last Name)",
            ));
        }
        Ok(Profile {
            name,
            headline: get("Headline"),
            industry: get("Industry"),
        })
    }
}

/// One record of an archive table, with its 1-based line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// 1-based line where the record starts.
    pub line: u64,
    /// Its fields, untrimmed.
    pub fields: Vec<String>,
}

/// Reads an archive table (header on line 1, any encoding, `,` `;` or tab): the header's fields
/// as the first record, then every record, blank ones left out.
pub fn read_table(file: &ArchiveFile) -> Result<Vec<Record>> {
    let (text, _) = decode::decode(&file.bytes)
        .map_err(|e| Error::parse(&file.path, e.line, "NUL byte (is this a binary file?)"))?;
    let first = text.lines().next().unwrap_or("");
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&d| dialect::split(first, d).len())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(1, |p| p.line());
            Error::parse(&file.path, line, format!("malformed CSV: {e}"))
        })?;
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let line = record.position().map_or(1, |p| p.line());
        out.push(Record {
            line,
            fields: record.iter().map(str::to_string).collect(),
        });
    }
    Ok(out)
}
