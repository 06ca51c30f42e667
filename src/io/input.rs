//! One input, opened once.
//!
//! A pipe (`zcat x.gz | netreach stats -`, `/dev/stdin`, a FIFO, a process substitution) can be
//! read only once: every open after the first starts where the previous reader stopped. So an
//! input is opened exactly once, its first bytes are read into memory to choose the format
//! (gzip and ZIP magic, then the first [`HEAD`] decompressed bytes for the text sniffers), and
//! the loader reads the stream that begins with those same bytes. Nothing reopens the path.

use std::fs::File;
use std::io::{BufReader, Cursor, Read};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// How many leading bytes the format sniffers see.
pub const HEAD: usize = 4096;

/// The command-line spelling of standard input.
pub const STDIN_ARG: &str = "-";

/// How standard input is named in messages.
pub const STDIN_NAME: &str = "<stdin>";

/// Whether `path` is the command-line `-` (standard input).
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == STDIN_ARG
}

/// Whether `path` names something that can be read only once: standard input, a pipe, a FIFO
/// or a character device. Such an input cannot be reopened for an archive's other files.
pub fn is_stream(path: &Path) -> bool {
    is_stdin(path) || std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// An input opened once: its kind by magic bytes, its first decompressed bytes, and a reader
/// of the whole decompressed content (the first bytes included).
pub struct Input {
    /// The name used in messages (`<stdin>` for `-`).
    pub shown: PathBuf,
    /// The size of a regular file, `None` for a stream.
    pub file_len: Option<u64>,
    /// The content is gzip-compressed (`head` and the reader are decompressed).
    pub gz: bool,
    /// The content is a ZIP archive (read it whole with [`Input::read_raw`]).
    pub zip: bool,
    /// The first [`HEAD`] bytes of the content (fewer for a shorter input).
    pub head: Vec<u8>,
    reader: Box<dyn Read + Send>,
}

impl Input {
    /// Opens `path` (or standard input for `-`) and reads its first bytes.
    pub fn open(path: &Path) -> Result<Input> {
        let (shown, file_len, raw): (PathBuf, Option<u64>, Box<dyn Read + Send>) = if is_stdin(path)
        {
            (PathBuf::from(STDIN_NAME), None, Box::new(std::io::stdin()))
        } else {
            let file = File::open(path).map_err(|e| Error::io(path, e))?;
            let meta = file.metadata().map_err(|e| Error::io(path, e))?;
            let len = meta.is_file().then_some(meta.len());
            (path.to_path_buf(), len, Box::new(file))
        };
        Input::from_reader(shown, file_len, raw)
    }

    /// An input over any reader (tests and fuzzing reach the loaders' code this way).
    pub fn from_reader(
        shown: PathBuf,
        file_len: Option<u64>,
        mut raw: Box<dyn Read + Send>,
    ) -> Result<Input> {
        let raw_head = read_head(&mut raw, &shown)?;
        let gz = raw_head.starts_with(&GZIP_MAGIC);
        let zip = raw_head.starts_with(b"PK\x03\x04") || raw_head.starts_with(b"PK\x05\x06");
        let stream = BufReader::with_capacity(1 << 20, Cursor::new(raw_head).chain(raw));
        let mut content: Box<dyn Read + Send> = if gz {
            Box::new(flate2::bufread::MultiGzDecoder::new(stream))
        } else {
            Box::new(stream)
        };
        let head = read_head(&mut content, &shown)?;
        let reader = Box::new(Cursor::new(head.clone()).chain(content));
        Ok(Input {
            shown,
            file_len,
            gz,
            zip,
            head,
            reader,
        })
    }

    /// The whole content as a stream (decompressed), from its first byte.
    pub fn into_reader(self) -> Box<dyn Read + Send> {
        self.reader
    }

    /// The whole content in memory (decompressed). An error names the line it stopped at.
    pub fn read_all(self) -> Result<Vec<u8>> {
        let shown = self.shown;
        let mut bytes = Vec::new();
        let mut reader = self.reader;
        reader.read_to_end(&mut bytes).map_err(|e| {
            Error::parse(
                &shown,
                1 + memchr::memchr_iter(b'\n', &bytes).count() as u64,
                format!("cannot read input: {e}"),
            )
        })?;
        Ok(bytes)
    }
}

/// The gzip magic bytes.
pub const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Reads up to [`HEAD`] bytes, looping over short reads (a pipe hands out what it has).
fn read_head(reader: &mut dyn Read, shown: &Path) -> Result<Vec<u8>> {
    let mut head = Vec::with_capacity(HEAD);
    reader
        .take(HEAD as u64)
        .read_to_end(&mut head)
        .map_err(|e| Error::parse(shown, 1, format!("cannot read input: {e}")))?;
    Ok(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out at most 3 bytes per call, as a pipe may.
    struct Trickle(Cursor<Vec<u8>>);

    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(3);
            self.0.read(&mut buf[..n])
        }
    }

    fn trickle(bytes: Vec<u8>) -> Input {
        Input::from_reader("t".into(), None, Box::new(Trickle(Cursor::new(bytes)))).unwrap()
    }

    #[test]
    fn the_stream_starts_with_the_sniffed_bytes() {
        let text: Vec<u8> = (0..3000)
            .flat_map(|i| format!("{i} {}\n", i + 1).into_bytes())
            .collect();
        let input = trickle(text.clone());
        assert!(!input.gz && !input.zip);
        assert_eq!(input.head, text[..HEAD]);
        assert_eq!(input.read_all().unwrap(), text);
    }

    #[test]
    fn gzip_is_sniffed_and_decompressed_once() {
        use std::io::Write;
        let text = b"1 2\n2 3\n".repeat(2000);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&text).unwrap();
        let input = trickle(gz.finish().unwrap());
        assert!(input.gz);
        assert_eq!(input.head, text[..HEAD]);
        assert_eq!(input.read_all().unwrap(), text);
    }

    #[test]
    fn a_short_input_is_whole_in_its_head() {
        let input = trickle(b"a b\n".to_vec());
        assert_eq!(input.head, b"a b\n");
        assert_eq!(input.read_all().unwrap(), b"a b\n");
    }
}
