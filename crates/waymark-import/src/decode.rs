//! Streams bytes in a file's encoding out as UTF-8, marking every undecodable sequence with one
//! byte the splitter recognises ([`UNDECODABLE`]).
//!
//! Replacing bad input with U+FFFD, as general-purpose decoders do, would lose the difference
//! between bytes that cannot be decoded and a U+FFFD the file really holds; real exports hold
//! such characters (the support-ticket sample file has four), and those rows are fine. The byte
//! 0xFF never occurs in UTF-8, so it can stand for "undecodable here" without ambiguity.

use std::io::{self, Read};

use encoding_rs::{Decoder, DecoderResult};

use crate::encoding::TextEncoding;

/// Stands in the decoded stream for one malformed input sequence; never valid UTF-8.
pub(crate) const UNDECODABLE: u8 = 0xFF;

/// Bytes read from the source at a time, and the size of the decoded buffer.
const CHUNK: usize = 16 * 1024;

/// A reader that decodes its source to UTF-8; see the module docs.
pub(crate) struct DecodingReader<R> {
    source: R,
    decoder: Decoder,
    input: Box<[u8]>,
    input_start: usize,
    input_end: usize,
    source_done: bool,
    decoder_done: bool,
    output: Vec<u8>,
    output_start: usize,
}

impl<R: Read> DecodingReader<R> {
    /// Decodes `source`, read as `encoding`, dropping a leading BOM of that encoding.
    pub fn new(source: R, encoding: TextEncoding) -> Self {
        DecodingReader {
            source,
            decoder: encoding.to_encoding_rs().new_decoder_with_bom_removal(),
            input: vec![0; CHUNK].into_boxed_slice(),
            input_start: 0,
            input_end: 0,
            source_done: false,
            decoder_done: false,
            output: Vec::with_capacity(CHUNK),
            output_start: 0,
        }
    }

    /// Decodes the next chunk into `output`; false at the end of the input.
    fn decode_chunk(&mut self) -> io::Result<bool> {
        self.output.clear();
        self.output.resize(CHUNK, 0);
        self.output_start = 0;
        let mut filled = 0;

        while !self.decoder_done {
            self.refill_input()?;

            // One byte is kept free for a marker after a malformed sequence.
            let (result, read, written) = self.decoder.decode_to_utf8_without_replacement(
                &self.input[self.input_start..self.input_end],
                &mut self.output[filled..CHUNK - 1],
                self.source_done,
            );
            self.input_start += read;
            filled += written;

            match result {
                DecoderResult::Malformed(_, _) => {
                    self.output[filled] = UNDECODABLE;
                    filled += 1;
                    if filled == CHUNK - 1 {
                        break;
                    }
                }
                DecoderResult::OutputFull => break,
                DecoderResult::InputEmpty if self.source_done => self.decoder_done = true,
                DecoderResult::InputEmpty if filled > 0 => break,
                DecoderResult::InputEmpty => {}
            }
        }

        self.output.truncate(filled);
        Ok(filled > 0)
    }

    /// Reads more of the source once the decoder has used what was read.
    fn refill_input(&mut self) -> io::Result<()> {
        if self.input_start < self.input_end || self.source_done {
            return Ok(());
        }

        let read = loop {
            match self.source.read(&mut self.input) {
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                other => break other?,
            }
        };
        self.input_start = 0;
        self.input_end = read;
        self.source_done = read == 0;
        Ok(())
    }
}

impl<R: Read> Read for DecodingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.output_start == self.output.len() && !self.decode_chunk()? {
            return Ok(0);
        }

        let available = &self.output[self.output_start..];
        let count = available.len().min(buf.len());
        buf[..count].copy_from_slice(&available[..count]);
        self.output_start += count;
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    fn decode(bytes: &[u8], encoding: TextEncoding) -> Vec<u8> {
        let mut decoded = Vec::new();
        DecodingReader::new(Cursor::new(bytes), encoding)
            .read_to_end(&mut decoded)
            .unwrap();
        decoded
    }

    /// A source that hands out one byte per read, to cross every chunk boundary.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let Some((first, rest)) = self.0.split_first() else {
                return Ok(0);
            };
            buf[0] = *first;
            self.0 = rest;
            Ok(1)
        }
    }

    #[test]
    fn valid_utf8_passes_through_with_a_bom_dropped() {
        assert_eq!(
            decode("\u{FEFF}a,é,\u{FFFD}".as_bytes(), TextEncoding::Utf8),
            "a,é,\u{FFFD}".as_bytes()
        );
    }

    #[test]
    fn malformed_utf8_is_marked_once_per_sequence() {
        assert_eq!(
            decode(b"Ren\xE9,x\xFF\xFEy", TextEncoding::Utf8),
            b"Ren\xFF,x\xFF\xFFy"
        );
    }

    #[test]
    fn windows_1252_and_utf16_are_transcoded() {
        let utf16: Vec<u8> = "\u{FEFF}Zoë"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();

        assert_eq!(
            decode(b"Ren\xE9 \x80", TextEncoding::Windows1252),
            "René €".as_bytes()
        );
        assert_eq!(decode(&utf16, TextEncoding::Utf16Le), "Zoë".as_bytes());
    }

    #[test]
    fn a_lone_surrogate_in_utf16_is_marked() {
        let bytes = [b'a', 0, 0x00, 0xD8, b'b', 0];

        assert_eq!(decode(&bytes, TextEncoding::Utf16Le), b"a\xFFb");
    }

    #[test]
    fn a_chunk_ending_in_markers_does_not_overflow() {
        let bytes = vec![0xE9; 3 * CHUNK];

        assert_eq!(
            decode(&bytes, TextEncoding::Utf8),
            vec![UNDECODABLE; 3 * CHUNK]
        );
    }

    #[test]
    fn a_truncated_sequence_at_the_end_is_marked() {
        assert_eq!(decode(b"ab\xC3", TextEncoding::Utf8), b"ab\xFF");
    }

    #[test]
    fn sequences_split_across_reads_decode_whole() {
        let text = "Köln, 東京, 🎉\n".repeat(3000);
        let mut decoded = Vec::new();

        let mut reader = DecodingReader::new(Trickle(text.as_bytes()), TextEncoding::Utf8);
        reader.read_to_end(&mut decoded).unwrap();

        assert_eq!(decoded, text.as_bytes());
    }
}
