//! Bytes to text for exports as people actually hold them: UTF-8 with or without BOM, UTF-16
//! (spreadsheet "Unicode text" re-saves), single-byte re-saves (Windows-1252, Latin-1, Mac
//! Roman), and files that mix UTF-8 and single-byte rows.
//!
//! A file is never rejected for its encoding. Lines are decoded one by one: a line that is valid
//! UTF-8 is kept as it is, any other line is decoded with one single-byte encoding chosen for
//! the whole file from its non-UTF-8 lines (chardetng's guess, or Mac Roman, which chardetng
//! does not know, when Mac Roman reads as more plausible letters). Line breaks are ASCII in every
//! encoding handled here, so line numbers survive decoding.

use encoding_rs::{Encoding, MACINTOSH, UTF_16BE, UTF_16LE, WINDOWS_1252};
use serde::{Deserialize, Serialize};

/// How a file's bytes were turned into text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decoding {
    /// The file's encoding: `UTF-8`, `UTF-16LE`, `UTF-16BE`, or a single-byte encoding when no
    /// line is multi-byte UTF-8.
    pub encoding: String,
    /// Whether the file starts with a byte-order mark.
    pub bom: bool,
    /// Rows (lines) that were not valid UTF-8 and were decoded with `fallback_encoding`.
    pub fallback_rows: u64,
    /// The single-byte encoding used for those rows.
    pub fallback_encoding: Option<String>,
}

impl Decoding {
    /// The decoding in words, for the load report.
    pub fn describe(&self) -> String {
        let bom = if self.bom { " with BOM" } else { "" };
        match (&self.fallback_encoding, self.encoding.starts_with("UTF-8")) {
            (Some(fallback), true) => format!(
                "{}{bom}, {} row{} decoded as {fallback}",
                self.encoding,
                self.fallback_rows,
                plural(self.fallback_rows)
            ),
            _ => format!("{}{bom}", self.encoding),
        }
    }
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Why bytes could not be read as text at all.
#[derive(Debug, PartialEq, Eq)]
pub struct NotText {
    /// 1-based line of the first NUL byte.
    pub line: u64,
}

/// Decodes a whole file. Fails only for binary data (NUL bytes outside UTF-16). Classic Mac
/// line endings (CR alone, as old Mac spreadsheets save) become LF, so lines can be counted.
pub fn decode(bytes: &[u8]) -> Result<(String, Decoding), NotText> {
    let (text, decoding) = decode_any(bytes)?;
    if text.contains('\r') && !text.contains('\n') {
        return Ok((text.replace('\r', "\n"), decoding));
    }
    Ok((text, decoding))
}

fn decode_any(bytes: &[u8]) -> Result<(String, Decoding), NotText> {
    if let Some((encoding, bom)) = utf16(bytes) {
        let body = &bytes[if bom { 2 } else { 0 }..];
        let (text, _) = encoding.decode_without_bom_handling(body);
        let decoding = Decoding {
            encoding: encoding.name().to_string(),
            bom,
            ..Decoding::default()
        };
        return Ok((text.into_owned(), decoding));
    }
    let (bom, body) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    if let Some(nul) = memchr::memchr(0, body) {
        let line = 1 + memchr::memchr_iter(b'\n', &body[..nul]).count() as u64;
        return Err(NotText { line });
    }
    Ok(decode_lines(body, bom))
}

/// UTF-16 by its byte-order mark, or without one by the NUL bytes that ASCII text leaves in
/// every other position.
fn utf16(bytes: &[u8]) -> Option<(&'static Encoding, bool)> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some((UTF_16LE, true)),
        [0xFE, 0xFF, ..] => return Some((UTF_16BE, true)),
        _ => {}
    }
    let head = &bytes[..bytes.len().min(512) & !1];
    if head.len() < 8 {
        return None;
    }
    let zeros = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let pairs = head.len() / 2;
    let (even, odd) = (zeros(0), zeros(1));
    if odd * 10 >= pairs * 9 && even == 0 {
        Some((UTF_16LE, false))
    } else if even * 10 >= pairs * 9 && odd == 0 {
        Some((UTF_16BE, false))
    } else {
        None
    }
}

/// Decodes line by line: UTF-8 lines as they are, the others with one fallback encoding.
fn decode_lines(body: &[u8], bom: bool) -> (String, Decoding) {
    if let Ok(text) = std::str::from_utf8(body) {
        let decoding = Decoding {
            encoding: "UTF-8".into(),
            bom,
            ..Decoding::default()
        };
        return (text.to_string(), decoding);
    }
    // Each line with whether it is UTF-8, validated once.
    let lines: Vec<(&[u8], bool)> = body
        .split_inclusive(|&b| b == b'\n')
        .map(|l| (l, std::str::from_utf8(l).is_ok()))
        .collect();
    let foreign: Vec<&[u8]> = lines.iter().filter(|l| !l.1).map(|l| l.0).collect();
    let fallback = choose_single_byte(&foreign);
    let mut text = String::with_capacity(body.len() + body.len() / 8);
    let mut utf8_non_ascii = false;
    // Consecutive lines of one kind are decoded together (a re-saved file is one long run).
    let mut run_start = 0;
    let mut run_is_utf8 = true;
    let mut offset = 0;
    let mut flush = |text: &mut String, run: &[u8], is_utf8: bool| match std::str::from_utf8(run) {
        Ok(s) if is_utf8 => {
            utf8_non_ascii |= !s.is_ascii();
            text.push_str(s);
        }
        _ => text.push_str(&fallback.decode_without_bom_handling(run).0),
    };
    for &(line, is_utf8) in &lines {
        if is_utf8 != run_is_utf8 {
            flush(&mut text, &body[run_start..offset], run_is_utf8);
            (run_start, run_is_utf8) = (offset, is_utf8);
        }
        offset += line.len();
    }
    flush(&mut text, &body[run_start..offset], run_is_utf8);
    let encoding = if utf8_non_ascii || bom {
        "UTF-8"
    } else {
        fallback.name()
    };
    let decoding = Decoding {
        encoding: encoding.to_string(),
        bom,
        fallback_rows: foreign.len() as u64,
        fallback_encoding: Some(fallback.name().to_string()),
    };
    (text, decoding)
}

/// The single-byte encoding of the non-UTF-8 lines: chardetng's guess among the legacy
/// encodings it knows, or Mac Roman when that reads as more plausible letters.
fn choose_single_byte(lines: &[&[u8]]) -> &'static Encoding {
    // The first 64 KiB of such rows settle the question; a 30,000-row re-save need not be
    // read three more times.
    let mut bytes = 0;
    let sample = lines
        .iter()
        .take_while(|l| {
            bytes += l.len();
            bytes <= 64 << 10
        })
        .count()
        .max(1);
    let lines = &lines[..sample.min(lines.len())];
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    for line in lines {
        detector.feed(line, false);
    }
    detector.feed(b"", true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    let mut best = (plausibility(guess, lines), guess);
    for candidate in [WINDOWS_1252, MACINTOSH] {
        let score = plausibility(candidate, lines);
        if score > best.0 {
            best = (score, candidate);
        }
    }
    best.1
}

/// Letters common in European names, which a right decoding yields and a wrong one rarely does.
const COMMON_LETTERS: &str = "àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿßÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝ";

/// Scores a decoding: +2 for a common accented letter, +1 for another letter, −2 for any other
/// non-ASCII character (symbols and modifiers are what a wrong single-byte decoding produces).
fn plausibility(encoding: &'static Encoding, lines: &[&[u8]]) -> i64 {
    lines
        .iter()
        .flat_map(|line| {
            let (text, _) = encoding.decode_without_bom_handling(line);
            text.chars()
                .filter(|c| !c.is_ascii())
                .map(|c| {
                    if COMMON_LETTERS.contains(c) {
                        2
                    } else if c.is_lowercase() || c.is_uppercase() {
                        1
                    } else {
                        -2
                    }
                })
                .collect::<Vec<i64>>()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(text: &str, encoding: &'static Encoding) -> Vec<u8> {
        encoding.encode(text).0.into_owned()
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let (text, d) = decode("Åsa,Öberg\n".as_bytes()).unwrap();
        assert_eq!(
            (text.as_str(), d.encoding.as_str(), d.bom),
            ("Åsa,Öberg\n", "UTF-8", false)
        );
        let (text, d) = decode("\u{feff}Åsa\n".as_bytes()).unwrap();
        assert_eq!((text.as_str(), d.bom), ("Åsa\n", true));
    }

    #[test]
    fn utf16_with_bom_and_without() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("Björn\tJarl\r\n".encode_utf16().flat_map(u16::to_le_bytes));
        let (text, d) = decode(&le).unwrap();
        assert_eq!(
            (text.as_str(), d.encoding.as_str()),
            ("Björn\tJarl\r\n", "UTF-16LE")
        );
        let be: Vec<u8> = "First Name\tLast Name\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        let (text, d) = decode(&be).unwrap();
        assert_eq!(
            (text.as_str(), d.encoding.as_str(), d.bom),
            ("First Name\tLast Name\n", "UTF-16BE", false)
        );
    }

    #[test]
    fn single_byte_resaves_are_told_apart() {
        let text = "Björn,Jarl\nÅsa,Öhman\nRené,Müller\n";
        let (back, d) = decode(&encode(text, WINDOWS_1252)).unwrap();
        assert_eq!(
            (back.as_str(), d.encoding.as_str(), d.fallback_rows),
            (text, "windows-1252", 3)
        );
        let (back, d) = decode(&encode(text, MACINTOSH)).unwrap();
        assert_eq!((back.as_str(), d.encoding.as_str()), (text, "macintosh"));
    }

    #[test]
    fn mixed_files_decode_row_by_row() {
        let mut bytes = "Zoë,Sample\n".as_bytes().to_vec();
        bytes.extend(encode("Björn,Jarl\n", WINDOWS_1252));
        let (text, d) = decode(&bytes).unwrap();
        assert_eq!(text, "Zoë,Sample\nBjörn,Jarl\n");
        assert_eq!((d.encoding.as_str(), d.fallback_rows), ("UTF-8", 1));
        assert_eq!(d.describe(), "UTF-8, 1 row decoded as windows-1252");
    }

    #[test]
    fn binary_is_not_text() {
        assert_eq!(decode(b"a,b\nc\0d\n"), Err(NotText { line: 2 }));
    }
}
