//! Opens a file as a stream of bytes, gunzipping it on the fly when it is gzip-compressed, and
//! takes a sample of its first bytes without losing them for the reader.
//!
//! A file is treated as gzip when its first two bytes are the gzip magic number (1F 8B),
//! whatever its name, so a `.csv.gz` renamed to `.csv` still reads. Decompression is streamed:
//! only the sample and the decoder's window are held in memory, never the whole file.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::Path;

use flate2::bufread::MultiGzDecoder;

use crate::error::{Error, Result};

/// The two bytes every gzip member starts with.
const GZIP_MAGIC: [u8; 2] = [0x1F, 0x8B];

/// A byte stream whose first bytes were read into a sample and are played back first.
pub struct Sampled {
    /// Up to the requested number of bytes from the start of the stream.
    pub sample: Vec<u8>,
    /// Whether the sample holds the whole stream.
    pub complete: bool,
    /// The stream itself, sample included, from its first byte.
    pub stream: Box<dyn Read + Send>,
}

/// Opens `path` as a byte stream, gunzipping when it is gzip, and samples its first
/// `sample_len` bytes (after decompression).
///
/// # Errors
///
/// [`Error::Open`] when the file cannot be opened or its first bytes cannot be read, for
/// instance a gzip file whose header is damaged.
pub fn open_sampled(path: &Path, sample_len: usize) -> Result<Sampled> {
    let open_error = |source| Error::Open {
        path: path.to_path_buf(),
        source,
    };

    let bytes = open_bytes(path).map_err(open_error)?;
    sample(bytes, sample_len).map_err(open_error)
}

/// Opens `path` as a byte stream, gunzipping transparently when it starts with the gzip magic
/// number.
///
/// # Errors
///
/// The I/O error of opening the file or reading its first bytes.
pub fn open_bytes(path: &Path) -> io::Result<Box<dyn Read + Send>> {
    let mut file = BufReader::with_capacity(64 * 1024, File::open(path)?);

    if starts_with_gzip_magic(&mut file)? {
        tracing::debug!(path = %path.display(), "reading as gzip");
        return Ok(Box::new(MultiGzDecoder::new(file)));
    }
    Ok(Box::new(file))
}

/// Whether the buffered stream starts with the gzip magic number, without consuming anything.
fn starts_with_gzip_magic(reader: &mut impl BufRead) -> io::Result<bool> {
    let head = reader.fill_buf()?;
    if head.len() >= GZIP_MAGIC.len() {
        return Ok(head[..2] == GZIP_MAGIC);
    }

    // A first read shorter than two bytes only happens for tiny files; one byte cannot be gzip.
    Ok(false)
}

/// Reads up to `sample_len` bytes from `stream` and returns them with a stream that replays
/// them before the rest.
fn sample(mut stream: Box<dyn Read + Send>, sample_len: usize) -> io::Result<Sampled> {
    let mut sample = Vec::with_capacity(sample_len.min(1 << 20));
    (&mut stream)
        .take(sample_len as u64)
        .read_to_end(&mut sample)?;

    let complete = sample.len() < sample_len || is_exhausted(&mut stream)?;
    let replay = Cursor::new(sample.clone()).chain(stream);
    Ok(Sampled {
        sample,
        complete,
        stream: Box::new(replay),
    })
}

/// Whether a stream has nothing left. Reads at most one byte and, if there was one, puts it
/// back in front of the stream.
fn is_exhausted(stream: &mut Box<dyn Read + Send>) -> io::Result<bool> {
    let mut byte = [0u8; 1];
    let read = stream.read(&mut byte)?;
    if read == 0 {
        return Ok(true);
    }

    let rest = std::mem::replace(stream, Box::new(io::empty()));
    *stream = Box::new(Cursor::new(byte).chain(rest));
    Ok(false)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use flate2::write::GzEncoder;
    use flate2::Compression;

    use super::*;

    fn read_all(mut stream: impl Read) -> Vec<u8> {
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).unwrap();
        bytes
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn plain_files_are_read_as_they_are() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plain.csv");
        std::fs::write(&path, b"a,b\n1,2\n").unwrap();

        let sampled = open_sampled(&path, 4).unwrap();

        assert_eq!(sampled.sample, b"a,b\n");
        assert!(!sampled.complete);
        assert_eq!(read_all(sampled.stream), b"a,b\n1,2\n");
    }

    #[test]
    fn gzip_files_are_gunzipped_whatever_their_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.csv");
        std::fs::write(&path, gzip(b"a,b\n1,2\n")).unwrap();

        let sampled = open_sampled(&path, 1024).unwrap();

        assert!(sampled.complete);
        assert_eq!(sampled.sample, b"a,b\n1,2\n");
        assert_eq!(read_all(sampled.stream), b"a,b\n1,2\n");
    }

    #[test]
    fn a_sample_of_exactly_the_file_length_is_complete_and_loses_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("exact.csv");
        std::fs::write(&path, b"abcd").unwrap();

        let sampled = open_sampled(&path, 4).unwrap();

        assert!(sampled.complete);
        assert_eq!(read_all(sampled.stream), b"abcd");
    }

    #[test]
    fn a_missing_file_names_the_path() {
        let error = open_sampled(Path::new("no/such/file.csv"), 16)
            .err()
            .unwrap();

        assert!(
            error
                .to_string()
                .starts_with("no/such/file.csv could not be opened"),
            "{error}"
        );
    }

    #[test]
    fn an_empty_file_gives_an_empty_complete_sample() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("empty.csv");
        std::fs::write(&path, b"").unwrap();

        let sampled = open_sampled(&path, 16).unwrap();

        assert!(sampled.sample.is_empty());
        assert!(sampled.complete);
    }
}
