//! Opens a file as a stream of bytes, gunzipping it on the fly when it is gzip-compressed, and
//! takes a sample of its first bytes without losing them for the reader.
//!
//! A file is treated as gzip when its first two bytes are the gzip magic number (1F 8B),
//! whatever its name, so a `.csv.gz` renamed to `.csv` still reads. Decompression is streamed:
//! only the sample and the decoder's window are held in memory, never the whole file.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use xxhash_rust::xxh3::Xxh3;

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
pub fn open_sampled(path: &Path, sample_len: usize, tally: Arc<Tally>) -> Result<Sampled> {
    let open_error = |source| Error::Open {
        path: path.to_path_buf(),
        source,
    };

    let bytes = open_tallied(path, tally).map_err(open_error)?;
    sample(bytes, sample_len).map_err(open_error)
}

/// What has been read of a file as stored on disk (before decompression): how many bytes, and
/// the hash of those bytes, which is the whole file's hash once it has been read to the end.
#[derive(Default)]
pub struct Tally {
    bytes: AtomicU64,
    hash: Mutex<Xxh3>,
}

impl Tally {
    /// Bytes of the file read so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }

    /// The xxh3-128 hash of the bytes read so far, as 32 hex digits.
    pub fn hash_hex(&self) -> String {
        let hash = self.hash.lock().map(|hash| hash.digest128()).unwrap_or(0);
        format!("{hash:032x}")
    }
}

/// Counts and hashes what passes through it.
struct Tallied<R> {
    inner: R,
    tally: Arc<Tally>,
}

impl<R: Read> Read for Tallied<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.tally.bytes.fetch_add(read as u64, Ordering::Relaxed);
        if let Ok(mut hash) = self.tally.hash.lock() {
            hash.update(&buf[..read]);
        }
        Ok(read)
    }
}

/// Hashes the first `len` bytes of a file and the whole file, without decompressing; the same
/// hashes [`Tally::hash_hex`] gives, to recognise a file imported before.
pub fn hash_file(path: &Path, len: Option<u64>) -> io::Result<String> {
    let mut file = File::open(path)?;
    let mut hash = Xxh3::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut left = len.unwrap_or(u64::MAX);
    while left > 0 {
        let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        let read = file.read(&mut buf[..want])?;
        if read == 0 {
            break;
        }
        hash.update(&buf[..read]);
        left -= read as u64;
    }
    Ok(format!("{:032x}", hash.digest128()))
}

/// Opens `path` as a byte stream, gunzipping transparently when it starts with the gzip magic
/// number; `tally` counts and hashes the bytes read from the file itself.
fn open_tallied(path: &Path, tally: Arc<Tally>) -> io::Result<Box<dyn Read + Send>> {
    let file = Tallied {
        inner: File::open(path)?,
        tally,
    };
    let mut file = BufReader::with_capacity(64 * 1024, file);

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

        let sampled = open_sampled(&path, 4, Arc::default()).unwrap();

        assert_eq!(sampled.sample, b"a,b\n");
        assert!(!sampled.complete);
        assert_eq!(read_all(sampled.stream), b"a,b\n1,2\n");
    }

    #[test]
    fn gzip_files_are_gunzipped_whatever_their_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.csv");
        std::fs::write(&path, gzip(b"a,b\n1,2\n")).unwrap();

        let sampled = open_sampled(&path, 1024, Arc::default()).unwrap();

        assert!(sampled.complete);
        assert_eq!(sampled.sample, b"a,b\n1,2\n");
        assert_eq!(read_all(sampled.stream), b"a,b\n1,2\n");
    }

    #[test]
    fn a_sample_of_exactly_the_file_length_is_complete_and_loses_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("exact.csv");
        std::fs::write(&path, b"abcd").unwrap();

        let sampled = open_sampled(&path, 4, Arc::default()).unwrap();

        assert!(sampled.complete);
        assert_eq!(read_all(sampled.stream), b"abcd");
    }

    #[test]
    fn a_missing_file_names_the_path() {
        let error = open_sampled(Path::new("no/such/file.csv"), 16, Arc::default())
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

        let sampled = open_sampled(&path, 16, Arc::default()).unwrap();

        assert!(sampled.sample.is_empty());
        assert!(sampled.complete);
    }
}
