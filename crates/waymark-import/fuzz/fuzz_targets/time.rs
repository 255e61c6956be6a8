//! Fuzzes the timestamp parser and the format detector: the input is split into lines (lossy
//! UTF-8), the lines are given to `detect_format` as one column, and each line is parsed in
//! every format and in zones chosen for their awkward clock changes.
//!
//! Besides "no panic", it checks that:
//!
//! - a parsed instant is inside chrono's range, also as local time in the zone it was read in
//!   (`naive_local()` panics otherwise, and that is how the app would show it);
//! - an instant written back as ISO 8601 (years 0 to 9999) or as Unix microseconds parses back
//!   to itself;
//! - a detected format parses at least as many sample values as the detector says it did.

#![no_main]

use chrono::{DateTime, Datelike, Offset, Utc};
use chrono_tz::Tz;
use libfuzzer_sys::fuzz_target;
use waymark_import::time::{detect_format, parse};
use waymark_import::{Detection, EpochUnit, TimeFormat};

const FORMATS: [TimeFormat; 7] = [
    TimeFormat::Iso,
    TimeFormat::Compact,
    TimeFormat::MonthFirst,
    TimeFormat::DayFirst,
    TimeFormat::Unix(EpochUnit::Seconds),
    TimeFormat::Unix(EpochUnit::Milliseconds),
    TimeFormat::Unix(EpochUnit::Microseconds),
];

/// UTC; a zone with ordinary one-hour changes; Samoa, which skipped 2011-12-30 whole; Lord Howe
/// Island, whose clocks move by half an hour.
const ZONES: [Tz; 4] = [
    Tz::UTC,
    Tz::America__New_York,
    Tz::Pacific__Apia,
    Tz::Australia__Lord_Howe,
];

/// Lines parsed one by one (all of them go to the detector): 7 formats x 4 zones per line
/// makes long inputs slow without finding more.
const MAX_PARSED_LINES: usize = 64;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let lines: Vec<&str> = text.lines().collect();

    check_detection(&lines, detect_format(lines.iter().copied()));

    for line in lines.iter().take(MAX_PARSED_LINES) {
        for format in FORMATS {
            for zone in ZONES {
                if let Ok(instant) = parse(line, format, zone) {
                    check_instant(line, format, zone, instant);
                }
            }
        }
    }
});

fn check_instant(line: &str, format: TimeFormat, zone: Tz, instant: DateTime<Utc>) {
    let local = instant.with_timezone(&zone);
    let offset = local.offset().fix();
    assert!(
        instant.naive_utc().checked_add_offset(offset).is_some(),
        "{line:?} as {format:?} in {zone} is {instant:?}, which is out of chrono's range as \
         local time (offset {offset})"
    );
    let _ = format!("{instant} {}", local.to_rfc3339());

    let back = DateTime::from_timestamp(instant.timestamp(), instant.timestamp_subsec_nanos());
    assert_eq!(back, Some(instant), "{line:?} as {format:?} in {zone}");

    if (0..=9999).contains(&instant.year()) {
        let iso = instant.format("%Y-%m-%dT%H:%M:%S%.9fZ").to_string();
        let reparsed = parse(&iso, TimeFormat::Iso, zone);
        assert_eq!(
            reparsed,
            Ok(instant),
            "{line:?} as {format:?} in {zone}, via {iso}"
        );
    }

    if instant.timestamp_subsec_nanos() % 1000 == 0 {
        let micros = instant.timestamp_micros().to_string();
        let reparsed = parse(&micros, TimeFormat::Unix(EpochUnit::Microseconds), zone);
        assert_eq!(
            reparsed,
            Ok(instant),
            "{line:?} as {format:?} in {zone}, via {micros}"
        );
    }
}

/// The detector's verdict against the parser: `parses` with the same trimming and filtering.
fn check_detection(lines: &[&str], detection: Detection) {
    let values: Vec<&str> = lines
        .iter()
        .map(|line| line.trim())
        .filter(|value| !value.is_empty())
        .collect();
    let parses = |format| {
        let ok = |value: &&&str| parse(value, format, Tz::UTC).is_ok();
        values.iter().filter(ok).count()
    };

    match detection {
        Detection::Format { format, unparsed } => {
            assert!(
                unparsed * 20 <= values.len(),
                "{detection:?} of {}",
                values.len()
            );
            assert!(
                parses(format) + unparsed >= values.len(),
                "{detection:?}: only {} of {} values parse",
                parses(format),
                values.len()
            );
        }
        Detection::AmbiguousDayMonth => {
            for format in [TimeFormat::MonthFirst, TimeFormat::DayFirst] {
                assert!(
                    parses(format) * 20 >= values.len() * 19,
                    "{detection:?}: only {} of {} values parse as {format:?}",
                    parses(format),
                    values.len()
                );
            }
        }
        Detection::NotTimestamps => {}
    }
}
