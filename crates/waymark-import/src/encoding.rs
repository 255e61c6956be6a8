//! Which text encoding a file is in: named by the caller, or detected from its first bytes.
//!
//! Detection looks at a sample (the reader passes the first 64 KiB):
//!
//! 1. a byte order mark decides UTF-8, UTF-16LE or UTF-16BE;
//! 2. without one, a sample in which most bytes at odd positions (or even positions) are zero is
//!    UTF-16LE (or UTF-16BE): files exported without a BOM by some Windows tools look like that;
//! 3. otherwise a sample that is valid UTF-8 is UTF-8;
//! 4. anything else is Windows-1252, the superset of Latin-1 that spreadsheet exports use.
//!
//! Limitation: a UTF-8 file whose first non-ASCII byte comes after the sample is still read as
//! UTF-8; if that byte is not valid UTF-8 the row holding it is reported as undecodable, and the
//! message suggests choosing the encoding by hand.

use std::str::FromStr;

use crate::error::Error;

/// A text encoding the importer can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextEncoding {
    /// UTF-8, with or without a BOM.
    Utf8,
    /// UTF-16, little-endian.
    Utf16Le,
    /// UTF-16, big-endian.
    Utf16Be,
    /// Windows-1252; also used for files labelled Latin-1 (ISO-8859-1), as browsers do.
    Windows1252,
}

/// What [`detect`] found: the encoding and how many leading bytes are its BOM.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detected {
    /// The encoding to read the file with.
    pub encoding: TextEncoding,
    /// Length of the byte order mark at the start of the file, 0 when there is none.
    pub bom_len: usize,
}

/// The share of zero bytes on one side, above which a BOM-less sample is taken as UTF-16.
///
/// Text in Latin script encoded as UTF-16 has a zero high byte for nearly every character; 30%
/// still holds for text that mixes in other scripts, while UTF-8 and Windows-1252 text has no
/// zero bytes at all.
const UTF16_ZERO_SHARE: f64 = 0.3;

impl TextEncoding {
    /// Looks an encoding up by one of its usual names, ignoring case: `utf-8`, `utf8`,
    /// `utf-16le`, `utf-16be`, `windows-1252`, `cp1252`, `latin1`, `latin-1`, `iso-8859-1`.
    pub fn from_name(name: &str) -> Option<TextEncoding> {
        let normal = name.trim().to_ascii_lowercase().replace('_', "-");
        match normal.as_str() {
            "utf-8" | "utf8" => Some(TextEncoding::Utf8),
            "utf-16le" | "utf16le" => Some(TextEncoding::Utf16Le),
            "utf-16be" | "utf16be" => Some(TextEncoding::Utf16Be),
            "windows-1252" | "cp1252" | "latin1" | "latin-1" | "iso-8859-1" => {
                Some(TextEncoding::Windows1252)
            }
            _ => None,
        }
    }

    /// The encoding's canonical name, as used in messages.
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Windows1252 => "Windows-1252",
        }
    }

    /// The matching `encoding_rs` encoding.
    pub(crate) fn to_encoding_rs(self) -> &'static encoding_rs::Encoding {
        match self {
            TextEncoding::Utf8 => encoding_rs::UTF_8,
            TextEncoding::Utf16Le => encoding_rs::UTF_16LE,
            TextEncoding::Utf16Be => encoding_rs::UTF_16BE,
            TextEncoding::Windows1252 => encoding_rs::WINDOWS_1252,
        }
    }

    /// Decodes a sample of the file, dropping a BOM of this encoding. Invalid sequences become
    /// U+FFFD; a sequence cut by the end of the sample does too, which only touches the last
    /// line, and sniffing ignores the last line of a cut sample.
    pub(crate) fn decode_sample(self, bytes: &[u8]) -> String {
        let (text, _) = self.to_encoding_rs().decode_with_bom_removal(bytes);
        text.into_owned()
    }
}

impl FromStr for TextEncoding {
    type Err = Error;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        TextEncoding::from_name(name).ok_or_else(|| Error::UnknownEncoding {
            name: name.to_string(),
        })
    }
}

/// Detects the encoding of a file from a sample of its first bytes; see the module docs for the
/// rules. `complete` says whether the sample is the whole file, which matters only for a
/// multi-byte UTF-8 sequence cut at the sample's end.
//
// TODO: a file that is plain ASCII for its first 64 KiB and Windows-1252 after is taken as
// UTF-8, and its later rows with accented bytes are refused as undecodable (counted and listed).
// Reading again as Windows-1252 when the first undecodable row turns up, before any row is
// written, would import it whole.
pub fn detect(sample: &[u8], complete: bool) -> Detected {
    if let Some(detected) = detect_bom(sample) {
        return detected;
    }

    let encoding = if let Some(utf16) = detect_utf16_without_bom(sample) {
        utf16
    } else if is_utf8(sample, complete) {
        TextEncoding::Utf8
    } else {
        TextEncoding::Windows1252
    };
    Detected {
        encoding,
        bom_len: 0,
    }
}

/// The encoding named by a byte order mark at the start of `sample`.
fn detect_bom(sample: &[u8]) -> Option<Detected> {
    let (encoding, bom_len) = match sample {
        [0xEF, 0xBB, 0xBF, ..] => (TextEncoding::Utf8, 3),
        [0xFF, 0xFE, ..] => (TextEncoding::Utf16Le, 2),
        [0xFE, 0xFF, ..] => (TextEncoding::Utf16Be, 2),
        _ => return None,
    };
    Some(Detected { encoding, bom_len })
}

/// UTF-16 recognised by its zero bytes, for files written without a BOM.
fn detect_utf16_without_bom(sample: &[u8]) -> Option<TextEncoding> {
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }

    let zeros_at = |parity: usize| {
        let zeros = sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count();
        zeros as f64 / pairs as f64
    };
    let (even, odd) = (zeros_at(0), zeros_at(1));

    if odd >= UTF16_ZERO_SHARE && even == 0.0 {
        Some(TextEncoding::Utf16Le)
    } else if even >= UTF16_ZERO_SHARE && odd == 0.0 {
        Some(TextEncoding::Utf16Be)
    } else {
        None
    }
}

/// Whether the sample is valid UTF-8, forgiving a sequence cut by the end of a partial sample.
fn is_utf8(sample: &[u8], complete: bool) -> bool {
    match std::str::from_utf8(sample) {
        Ok(_) => true,
        // `error_len() == None` means the input ended inside a sequence that could still be valid.
        Err(error) => !complete && error.error_len().is_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|unit| unit.to_le_bytes())
            .collect()
    }

    fn utf16be(text: &str) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|unit| unit.to_be_bytes())
            .collect()
    }

    #[test]
    fn names_are_matched_loosely() {
        assert_eq!(TextEncoding::from_name("UTF-8"), Some(TextEncoding::Utf8));
        assert_eq!(
            TextEncoding::from_name(" utf_16le "),
            Some(TextEncoding::Utf16Le)
        );
        assert_eq!(
            TextEncoding::from_name("utf-16be"),
            Some(TextEncoding::Utf16Be)
        );
        assert_eq!(
            TextEncoding::from_name("latin1"),
            Some(TextEncoding::Windows1252)
        );
        assert_eq!(
            TextEncoding::from_name("Windows-1252"),
            Some(TextEncoding::Windows1252)
        );
        assert_eq!(TextEncoding::from_name("ebcdic"), None);
    }

    #[test]
    fn unknown_names_give_an_actionable_error() {
        let error = "koi8-r".parse::<TextEncoding>().unwrap_err();

        assert!(
            error.to_string().contains("\"koi8-r\" is not an encoding"),
            "{error}"
        );
    }

    #[test]
    fn boms_decide_the_encoding() {
        let utf8 = detect(b"\xEF\xBB\xBFa,b\n", true);
        let le = detect(b"\xFF\xFEa\0", true);
        let be = detect(b"\xFE\xFF\0a", true);

        assert_eq!(
            utf8,
            Detected {
                encoding: TextEncoding::Utf8,
                bom_len: 3
            }
        );
        assert_eq!(
            le,
            Detected {
                encoding: TextEncoding::Utf16Le,
                bom_len: 2
            }
        );
        assert_eq!(
            be,
            Detected {
                encoding: TextEncoding::Utf16Be,
                bom_len: 2
            }
        );
    }

    #[test]
    fn utf16_without_bom_is_recognised_by_its_zero_bytes() {
        let le = detect(&utf16le("name,city\nZoë,Köln\n"), true);
        let be = detect(&utf16be("name,city\nZoë,Köln\n"), true);

        assert_eq!(le.encoding, TextEncoding::Utf16Le);
        assert_eq!(be.encoding, TextEncoding::Utf16Be);
        assert_eq!(le.bom_len, 0);
    }

    #[test]
    fn valid_utf8_is_utf8() {
        let detected = detect("city\nKöln\nZürich\n".as_bytes(), true);

        assert_eq!(detected.encoding, TextEncoding::Utf8);
    }

    #[test]
    fn a_lone_e9_byte_means_windows_1252() {
        let detected = detect(b"name\nRen\xE9\n", true);

        assert_eq!(detected.encoding, TextEncoding::Windows1252);
        assert_eq!(TextEncoding::Windows1252.decode_sample(b"Ren\xE9"), "René");
    }

    #[test]
    fn a_sequence_cut_by_the_sample_end_is_still_utf8() {
        let bytes = "ab é".as_bytes();
        let cut = &bytes[..bytes.len() - 1];

        assert_eq!(detect(cut, false).encoding, TextEncoding::Utf8);
        assert_eq!(detect(cut, true).encoding, TextEncoding::Windows1252);
    }

    #[test]
    fn an_empty_sample_is_utf8() {
        assert_eq!(
            detect(b"", true),
            Detected {
                encoding: TextEncoding::Utf8,
                bom_len: 0
            }
        );
    }

    #[test]
    fn decoding_a_sample_drops_the_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(utf16le("a,b"));

        assert_eq!(TextEncoding::Utf16Le.decode_sample(&bytes), "a,b");
        assert_eq!(TextEncoding::Utf8.decode_sample(b"\xEF\xBB\xBFa"), "a");
    }
}
