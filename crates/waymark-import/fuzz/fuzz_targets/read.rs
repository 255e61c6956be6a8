//! Fuzzes the row reader through its public API: the input is written to a file and read back
//! whole, once with the default options and once per delimiter with the header, encoding and
//! limits chosen from the first input byte, so one run explores every option.
//!
//! Input starting with the gzip magic (1F 8B) is read as gzip by the crate itself, and read again
//! doubled, as two gzip members; other input is sometimes also gzipped here so that valid gzip
//! streams of fuzzed text are read too. Some input is repeated past the decoder's 16 KiB chunk,
//! so that buffer boundaries are crossed although libFuzzer inputs stay small.
//!
//! Besides "no panic", it checks what the reader documents: records are as wide as the dialect
//! says and start on increasing lines, a forced option is the one used, and an error that is not
//! a row error ends the stream.

#![no_main]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use flate2::write::GzEncoder;
use flate2::Compression;
use libfuzzer_sys::fuzz_target;
use waymark_import::{CsvReader, Delimiter, Error, ReadOptions, TextEncoding};

const DELIMITERS: [Delimiter; 5] = [
    Delimiter::Comma,
    Delimiter::Semicolon,
    Delimiter::Tab,
    Delimiter::Pipe,
    Delimiter::Whitespace,
];

const HEADERS: [Option<bool>; 3] = [None, Some(true), Some(false)];

const ENCODINGS: [Option<TextEncoding>; 5] = [
    None,
    Some(TextEncoding::Utf8),
    Some(TextEncoding::Utf16Le),
    Some(TextEncoding::Utf16Be),
    Some(TextEncoding::Windows1252),
];

/// (sample_bytes, max_field_bytes): the defaults, then limits small enough that a sample ends
/// inside a multi-byte character or a record and that ordinary fields overflow.
const LIMITS: [(usize, usize); 4] = [
    (
        waymark_import::reader::DEFAULT_SAMPLE_BYTES,
        waymark_import::reader::DEFAULT_MAX_FIELD_BYTES,
    ),
    (1, 4),
    (7, 64),
    (3, 1),
];

const GZIP_MAGIC: [u8; 2] = [0x1F, 0x8B];

/// Length the input is repeated to in the long variant: just past the decoder's 16 KiB chunk.
/// Kept near that size, and to one input in eight, because reading it costs as much as all the
/// other reads together (ASan and comparison tracing make every byte slow).
const LONG_BYTES: usize = 17 * 1024;

fuzz_target!(|data: &[u8]| {
    let selector = usize::from(data.first().copied().unwrap_or(0));
    let path = scratch_file();

    write(path, data);
    read_all(path, &ReadOptions::default());
    for (i, delimiter) in DELIMITERS.into_iter().enumerate() {
        read_all(path, &variant(selector, i, Some(delimiter)));
    }

    if selector % 8 == 3 && !data.is_empty() {
        write(path, &data.repeat(LONG_BYTES.div_ceil(data.len())));
        read_all(path, &ReadOptions::default());
        read_all(path, &variant(selector, DELIMITERS.len(), None));
    }

    if data.starts_with(&GZIP_MAGIC) {
        // Two members back to back, as `cat a.gz b.gz` makes them; both are to be read.
        write(path, &data.repeat(2));
        read_all(path, &ReadOptions::default());
    } else if selector % 2 == 1 {
        write(path, &gzip(data));
        read_all(path, &variant(selector, 0, None));
    }
});

/// The options of the `i`-th explicit read for an input whose first byte is `selector`; every
/// combination of header, encoding and limits comes up for some first byte.
fn variant(selector: usize, i: usize, delimiter: Option<Delimiter>) -> ReadOptions {
    let (sample_bytes, max_field_bytes) = LIMITS[(selector / 15 + i) % LIMITS.len()];
    ReadOptions {
        encoding: ENCODINGS[(selector / 3 + i) % ENCODINGS.len()],
        delimiter,
        has_header: HEADERS[(selector + i) % HEADERS.len()],
        sample_bytes,
        max_field_bytes,
    }
}

/// One file per fuzzing process, rewritten for every input (a fresh temporary file per input
/// would halve the executions per second). Set TMPDIR to a tmpfs such as /dev/shm for speed.
fn scratch_file() -> &'static Path {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("waymark-fuzz-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create the scratch folder");
        dir.join("input.csv")
    })
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).expect("write the scratch file");
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
    encoder.write_all(bytes).expect("gzip into memory");
    encoder.finish().expect("gzip into memory")
}

/// Opens `path` with `options` and consumes every record and error.
fn read_all(path: &Path, options: &ReadOptions) {
    let reader = match CsvReader::open(path, options) {
        Ok(reader) => reader,
        Err(error) => {
            assert!(
                !error.is_row_error(),
                "open returned a row error: {error:?}"
            );
            check_error(&error);
            return;
        }
    };
    check_opened(&reader, options);

    let fields = reader.dialect().fields;
    let mut last_line = 0;
    let mut ended = false;
    for item in reader {
        assert!(!ended, "an item followed an error that ends the stream");
        match item {
            Ok(record) => {
                assert_eq!(record.fields.len(), fields, "record width: {record:?}");
                assert!(
                    record.line > last_line,
                    "record starts on line {} after a record on line {last_line}",
                    record.line
                );
                last_line = record.line;
            }
            Err(error) => {
                check_error(&error);
                ended = !error.is_row_error();
            }
        }
    }
}

fn check_opened(reader: &CsvReader, options: &ReadOptions) {
    let dialect = reader.dialect();
    if let Some(encoding) = options.encoding {
        assert_eq!(reader.encoding(), encoding);
    }
    if let Some(delimiter) = options.delimiter {
        assert_eq!(dialect.delimiter, delimiter);
    }
    if let Some(has_header) = options.has_header {
        assert_eq!(dialect.has_header, has_header);
    }
    if let Some(header) = reader.header() {
        assert!(dialect.has_header);
        assert_eq!(header.len(), dialect.fields);
    }

    let _ = format!("{reader:?} {}", reader.path().display());
}

fn check_error(error: &Error) {
    let message = error.to_string();
    assert!(!message.is_empty());

    match error {
        Error::Open { .. } | Error::UnknownEncoding { .. } => assert_eq!(error.line(), None),
        _ => assert!(error.line().is_some_and(|line| line >= 1), "{error:?}"),
    }
}
