//! Timestamps in the shapes analytics and spreadsheet exports write, turned into UTC instants,
//! and a detector that decides a column's format from a sample of its values.
//!
//! Formats ([`TimeFormat`]):
//!
//! - ISO 8601: `YYYY-MM-DD`, optionally followed by `T` or a space and `HH:MM[:SS[.f]]` (1 to 9
//!   fraction digits, `.` or `,`), optionally followed by `Z` or an offset `±HH`, `±HHMM` or
//!   `±HH:MM` (a space before the offset is allowed);
//! - compact dates: `YYYYMMDD`;
//! - slash dates, month first (`MM/DD/YYYY`) or day first (`DD/MM/YYYY`), with one- or
//!   two-digit day and month, optionally followed by `H:MM[:SS[.f]]` and `AM`/`PM`;
//! - Unix time in seconds, milliseconds or microseconds, optionally with a fraction.
//!
//! Results are [`DateTime<Utc>`]. A timestamp without an offset is local time in the zone the
//! caller gives (an IANA name such as `Europe/Berlin`, parsed by chrono-tz). Where the clocks
//! change, local times are resolved by one rule, never by a panic:
//!
//! - a time that occurs twice (clocks go back) is the **first** occurrence, the one with the
//!   earlier UTC instant;
//! - a time that does not exist (clocks go forward) is read with the offset in force **before**
//!   the change, which moves it forward by the size of the gap: 02:30 on the night New York
//!   springs forward becomes 03:30 daylight time (07:30 UTC).
//!
//! Not supported: two-digit years, month names, week dates, ordinal dates, leap seconds, and
//! Unix time in nanoseconds.

use chrono::{
    DateTime, Datelike, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset,
    TimeDelta, TimeZone, Utc,
};
use chrono_tz::Tz;

/// The unit of a Unix timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EpochUnit {
    /// Seconds since 1970-01-01T00:00:00Z.
    Seconds,
    /// Milliseconds since the epoch.
    Milliseconds,
    /// Microseconds since the epoch.
    Microseconds,
}

/// A timestamp format; see the module docs for the exact shapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeFormat {
    /// ISO 8601 date or date and time, with or without an offset.
    Iso,
    /// `YYYYMMDD`.
    Compact,
    /// `MM/DD/YYYY`, optionally with a time and AM/PM.
    MonthFirst,
    /// `DD/MM/YYYY`, optionally with a time and AM/PM.
    DayFirst,
    /// Unix time in the given unit.
    Unix(EpochUnit),
}

/// What [`detect_format`] concluded about a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detection {
    /// The column holds timestamps of this format; `unparsed` sample values did not parse in it
    /// (at most 5% of the non-empty ones).
    Format {
        /// The format.
        format: TimeFormat,
        /// How many non-empty sample values did not parse.
        unparsed: usize,
    },
    /// Slash dates in which no day exceeds 12, so they read equally as month first and day
    /// first: ask the user which.
    AmbiguousDayMonth,
    /// Not a timestamp column (or empty).
    NotTimestamps,
}

/// A value that is not a timestamp of the expected format, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{value}\" is not a valid timestamp: {reason}")]
pub struct InvalidTimestamp {
    /// The value as found.
    pub value: String,
    /// What is wrong with it.
    pub reason: String,
}

/// The largest magnitude read as seconds: 10^11 s is the year 5138, beyond any real data,
/// while milliseconds today (about 1.7 × 10^12) are far above it.
const MAX_SECONDS: i128 = 100_000_000_000;
/// The largest magnitude read as milliseconds (10^14 ms is again the year 5138).
const MAX_MILLISECONDS: i128 = 100_000_000_000_000;
/// The largest magnitude read as microseconds (10^17 µs, the year 5138 once more).
const MAX_MICROSECONDS: i128 = 100_000_000_000_000_000;

/// The share of non-empty sample values that must parse for a format to be detected.
const MIN_PARSED_SHARE: f64 = 0.95;

impl EpochUnit {
    /// The unit a Unix timestamp of this value is most likely in, told apart by magnitude:
    /// below 10^11 seconds, below 10^14 milliseconds, below 10^17 microseconds (each limit is
    /// the year 5138 in that unit); `None` above that.
    pub fn from_magnitude(value: i64) -> Option<EpochUnit> {
        let magnitude = i128::from(value).abs();
        if magnitude < MAX_SECONDS {
            Some(EpochUnit::Seconds)
        } else if magnitude < MAX_MILLISECONDS {
            Some(EpochUnit::Milliseconds)
        } else if magnitude < MAX_MICROSECONDS {
            Some(EpochUnit::Microseconds)
        } else {
            None
        }
    }

    /// Microseconds in one unit.
    fn micros(self) -> i64 {
        match self {
            EpochUnit::Seconds => 1_000_000,
            EpochUnit::Milliseconds => 1_000,
            EpochUnit::Microseconds => 1,
        }
    }
}

/// Parses `value` (surrounding whitespace ignored) in `format`; a timestamp without an offset is
/// local time in `zone`. The result is UTC.
///
/// # Errors
///
/// [`InvalidTimestamp`] when the value does not have the format's shape, names a date or time
/// that does not exist (February 30, 25:00), or is out of chrono's range.
pub fn parse(value: &str, format: TimeFormat, zone: Tz) -> Result<DateTime<Utc>, InvalidTimestamp> {
    let text = value.trim();
    let stamp = match format {
        TimeFormat::Iso => parse_iso(text),
        TimeFormat::Compact => parse_compact(text).map(Stamp::Local),
        TimeFormat::MonthFirst => parse_slash(text, DayOrder::MonthFirst).map(Stamp::Local),
        TimeFormat::DayFirst => parse_slash(text, DayOrder::DayFirst).map(Stamp::Local),
        TimeFormat::Unix(unit) => parse_unix(text, unit).map(Stamp::Utc),
    };

    let invalid = |reason: String| InvalidTimestamp {
        value: value.to_string(),
        reason,
    };
    let out_of_range = || invalid("it is outside the range of dates Waymark can represent".into());
    let instant = match stamp.map_err(invalid)? {
        Stamp::Utc(instant) => instant,
        Stamp::Local(local) => resolve_local(local, zone).ok_or_else(out_of_range)?,
    };
    // Years 1 to 9999 keep the instant, and its local time in any zone, inside chrono's range.
    if !(1..=9999).contains(&instant.year()) {
        return Err(out_of_range());
    }
    Ok(instant)
}

/// Decides the format of a column from sample values (empty ones are ignored).
///
/// Formats are tried in the order ISO, compact, slash dates, Unix time; the first one that at
/// least 95% of the non-empty values parse in wins. Compact dates must fall in the years 1900 to
/// 2100 and Unix times in 1990 to 2100, so that a column of plain numbers (ids, amounts) is not
/// taken for dates. The Unix unit is the one of the largest magnitude in the sample.
///
/// Slash dates are settled from the whole sample: a first field above 12 anywhere means day
/// first, a second field above 12 means month first; both at once means the column is not one
/// format ([`Detection::NotTimestamps`]); neither means [`Detection::AmbiguousDayMonth`].
pub fn detect_format<'a, I>(values: I) -> Detection
where
    I: IntoIterator<Item = &'a str>,
{
    detect_format_with(values, MIN_PARSED_SHARE)
}

/// [`detect_format`] with another share of values that must parse: a column someone chose as
/// the time column is read in the format most of it has, and its other values are refused one
/// by one.
pub fn detect_format_with<'a, I>(values: I, min_share: f64) -> Detection
where
    I: IntoIterator<Item = &'a str>,
{
    let values: Vec<&str> = values
        .into_iter()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect();
    if values.is_empty() {
        return Detection::NotTimestamps;
    }

    let candidates = [
        Some(TimeFormat::Iso),
        Some(TimeFormat::Compact),
        slash_order(&values),
        unix_unit(&values).map(TimeFormat::Unix),
    ];
    for format in candidates.into_iter().flatten() {
        let unparsed = values
            .iter()
            .filter(|v| !parses_plausibly(v, format))
            .count();
        if share(values.len() - unparsed, values.len()) >= min_share {
            return Detection::Format { format, unparsed };
        }
    }

    if is_ambiguous_slash_column(&values) {
        return Detection::AmbiguousDayMonth;
    }
    Detection::NotTimestamps
}

/// Whether a single value looks like a date or timestamp in a textual format (ISO or slash),
/// as the header sniffer needs: numbers are left to the numeric check.
pub(crate) fn looks_like_date(value: &str) -> bool {
    let text = value.trim();
    parse_iso(text).is_ok() || slash_parts(text).is_ok()
}

/// A parsed value before the zone is applied.
enum Stamp {
    Local(NaiveDateTime),
    Utc(DateTime<Utc>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DayOrder {
    MonthFirst,
    DayFirst,
}

/// Local time in `zone` as UTC, by the rule in the module docs; `None` only at the ends of
/// chrono's range.
fn resolve_local(local: NaiveDateTime, zone: Tz) -> Option<DateTime<Utc>> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(instant) => Some(instant.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, _) => Some(first.with_timezone(&Utc)),
        LocalResult::None => {
            let offset = offset_before_gap(local, zone)?;
            local.checked_sub_signed(offset).map(|utc| utc.and_utc())
        }
    }
}

/// The UTC offset in force just before the gap that `local` falls in. Steps back an hour at a
/// time: most gaps are one hour, and the longest on record (Samoa skipping 2011-12-30) is a day.
fn offset_before_gap(local: NaiveDateTime, zone: Tz) -> Option<TimeDelta> {
    (1..=48).find_map(|hours| {
        let earlier = local.checked_sub_signed(TimeDelta::hours(hours))?;
        let instant = zone.from_local_datetime(&earlier).earliest()?;
        Some(TimeDelta::seconds(i64::from(
            instant.offset().fix().local_minus_utc(),
        )))
    })
}

/// A cursor over the bytes of a value, for the hand-written format parsers.
struct Scanner<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        Scanner {
            bytes: text.as_bytes(),
            at: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn is_done(&self) -> bool {
        self.at == self.bytes.len()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        self.at += usize::from(found);
        found
    }

    /// Between `min` and `max` ASCII digits, as a number and how many there were.
    fn digits(&mut self, min: usize, max: usize) -> Option<(u32, usize)> {
        let run = self.bytes[self.at..]
            .iter()
            .take(max)
            .take_while(|b| b.is_ascii_digit())
            .count();
        if run < min {
            return None;
        }

        let text = &self.bytes[self.at..self.at + run];
        self.at += run;
        let number = text.iter().fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
        Some((number, run))
    }

    fn number(&mut self, min: usize, max: usize) -> Option<u32> {
        self.digits(min, max).map(|(number, _)| number)
    }

    /// `separator` followed by a number of `min` to `max` digits.
    fn number_after(&mut self, separator: u8, min: usize, max: usize) -> Option<u32> {
        if !self.eat(separator) {
            return None;
        }
        self.number(min, max)
    }

    fn rest(&self) -> &'a [u8] {
        &self.bytes[self.at..]
    }
}

/// `YYYY-MM-DD[(T| )HH:MM[:SS[.f]][ ][Z|±HH[[:]MM]]]`.
fn parse_iso(text: &str) -> Result<Stamp, String> {
    let mut scan = Scanner::new(text);
    let date = iso_date(&mut scan)?;
    if scan.is_done() {
        return Ok(Stamp::Local(date.and_time(NaiveTime::MIN)));
    }

    if !(scan.eat(b'T') || scan.eat(b't') || scan.eat(b' ')) {
        return Err("expected `T` or a space between the date and the time".to_string());
    }
    let local = date.and_time(clock_time(&mut scan, 2)?);
    let offset = iso_offset(&mut scan)?;
    if !scan.is_done() {
        return Err(trailing(&scan));
    }

    match offset {
        None => Ok(Stamp::Local(local)),
        Some(offset) => local
            .checked_sub_signed(TimeDelta::seconds(i64::from(offset.local_minus_utc())))
            .map(|utc| Stamp::Utc(utc.and_utc()))
            .ok_or_else(|| "it is outside the range of representable dates".to_string()),
    }
}

fn iso_date(scan: &mut Scanner) -> Result<NaiveDate, String> {
    let shape = "expected a date as YYYY-MM-DD";
    let year = scan.number(4, 4).ok_or(shape)?;
    let month = scan.number_after(b'-', 2, 2).ok_or(shape)?;
    let day = scan.number_after(b'-', 2, 2).ok_or(shape)?;
    calendar_date(year, month, day)
}

fn calendar_date(year: u32, month: u32, day: u32) -> Result<NaiveDate, String> {
    i32::try_from(year)
        .ok()
        .and_then(|year| NaiveDate::from_ymd_opt(year, month, day))
        .ok_or_else(|| format!("there is no day {day} in month {month} of {year}"))
}

/// `HH:MM[:SS[.f]]`, the hour having `min_hour_digits` to 2 digits.
fn clock_time(scan: &mut Scanner, min_hour_digits: usize) -> Result<NaiveTime, String> {
    let (hour, minute, second, nano) = clock_parts(scan, min_hour_digits)?;
    NaiveTime::from_hms_nano_opt(hour, minute, second, nano)
        .ok_or_else(|| format!("{hour:02}:{minute:02}:{second:02} is not a time of day"))
}

fn clock_parts(scan: &mut Scanner, min_hour_digits: usize) -> Result<(u32, u32, u32, u32), String> {
    let shape = "expected a time as HH:MM or HH:MM:SS";
    let hour = scan.number(min_hour_digits, 2).ok_or(shape)?;
    let minute = scan.number_after(b':', 2, 2).ok_or(shape)?;
    if !scan.eat(b':') {
        return Ok((hour, minute, 0, 0));
    }

    let second = scan.number(2, 2).ok_or(shape)?;
    let nano = fraction(scan)?;
    Ok((hour, minute, second, nano))
}

/// An optional `.f` or `,f` of 1 to 9 digits, as nanoseconds.
fn fraction(scan: &mut Scanner) -> Result<u32, String> {
    if !(scan.eat(b'.') || scan.eat(b',')) {
        return Ok(0);
    }

    let (digits, count) = scan
        .digits(1, 9)
        .ok_or("expected digits after the decimal point")?;
    if scan.peek().is_some_and(|b| b.is_ascii_digit()) {
        return Err("more than 9 digits of fractional seconds".to_string());
    }
    Ok(digits * 10u32.pow((9 - count) as u32))
}

/// An optional `Z` or `±HH[[:]MM]`, after an optional space.
fn iso_offset(scan: &mut Scanner) -> Result<Option<FixedOffset>, String> {
    let before_space = scan.at;
    scan.eat(b' ');
    if scan.eat(b'Z') || scan.eat(b'z') {
        return Ok(FixedOffset::east_opt(0));
    }

    let sign = match scan.peek() {
        Some(b'+') => 1,
        Some(b'-') => -1,
        _ => {
            scan.at = before_space;
            return Ok(None);
        }
    };
    scan.at += 1;

    let shape = "expected an offset as Z, ±HH, ±HHMM or ±HH:MM";
    let hours = scan.number(2, 2).ok_or(shape)?;
    scan.eat(b':');
    let minutes = if scan.is_done() {
        0
    } else {
        scan.number(2, 2).ok_or(shape)?
    };
    if hours > 23 || minutes > 59 {
        return Err(format!(
            "the offset {hours:02}:{minutes:02} is out of range"
        ));
    }

    let seconds = sign * (hours * 3600 + minutes * 60) as i32;
    Ok(FixedOffset::east_opt(seconds))
}

fn trailing(scan: &Scanner) -> String {
    format!(
        "unexpected \"{}\" at the end",
        String::from_utf8_lossy(scan.rest())
    )
}

/// `YYYYMMDD`.
fn parse_compact(text: &str) -> Result<NaiveDateTime, String> {
    if text.len() != 8 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err("expected a date as YYYYMMDD (8 digits)".to_string());
    }

    let mut scan = Scanner::new(text);
    let year = scan.number(4, 4).unwrap_or_default();
    let month = scan.number(2, 2).unwrap_or_default();
    let day = scan.number(2, 2).unwrap_or_default();
    Ok(calendar_date(year, month, day)?.and_time(NaiveTime::MIN))
}

/// The pieces of a slash date before the day order is known.
struct SlashParts {
    first: u32,
    second: u32,
    year: u32,
    time: NaiveTime,
}

/// `A/B/YYYY[ H:MM[:SS[.f]][ ]AM|PM]` as a local date and time in `order`.
fn parse_slash(text: &str, order: DayOrder) -> Result<NaiveDateTime, String> {
    let parts = slash_parts(text)?;
    let (month, day) = match order {
        DayOrder::MonthFirst => (parts.first, parts.second),
        DayOrder::DayFirst => (parts.second, parts.first),
    };
    Ok(calendar_date(parts.year, month, day)?.and_time(parts.time))
}

fn slash_parts(text: &str) -> Result<SlashParts, String> {
    let shape = "expected a date as MM/DD/YYYY or DD/MM/YYYY";
    let mut scan = Scanner::new(text);
    let first = scan.number(1, 2).ok_or(shape)?;
    let second = scan.number_after(b'/', 1, 2).ok_or(shape)?;
    let year = scan.number_after(b'/', 4, 4).ok_or(shape)?;
    if first == 0 || second == 0 {
        return Err("day and month start at 1".to_string());
    }

    let time = if scan.is_done() {
        NaiveTime::MIN
    } else {
        slash_time(&mut scan)?
    };
    Ok(SlashParts {
        first,
        second,
        year,
        time,
    })
}

/// ` H:MM[:SS[.f]][ ][AM|PM]` after a slash date.
fn slash_time(scan: &mut Scanner) -> Result<NaiveTime, String> {
    if !(scan.eat(b' ') || scan.eat(b'T')) {
        return Err(trailing(scan));
    }
    let (hour, minute, second, nano) = clock_parts(scan, 1)?;
    scan.eat(b' ');

    let hour = match meridiem(scan)? {
        None => hour,
        Some(pm) => twelve_hour_to_24(hour, pm)?,
    };
    if !scan.is_done() {
        return Err(trailing(scan));
    }
    NaiveTime::from_hms_nano_opt(hour, minute, second, nano)
        .ok_or_else(|| format!("{hour:02}:{minute:02}:{second:02} is not a time of day"))
}

/// An optional `AM` or `PM` (any case): `Some(true)` for PM.
fn meridiem(scan: &mut Scanner) -> Result<Option<bool>, String> {
    let rest = scan.rest().to_ascii_uppercase();
    let pm = match rest.as_slice() {
        b"" => return Ok(None),
        b"AM" => false,
        b"PM" => true,
        _ => return Err(trailing(scan)),
    };
    scan.at = scan.bytes.len();
    Ok(Some(pm))
}

/// 12 AM is midnight and 12 PM is noon; hours outside 1 to 12 make no sense with AM/PM.
fn twelve_hour_to_24(hour: u32, pm: bool) -> Result<u32, String> {
    if !(1..=12).contains(&hour) {
        return Err(format!("hour {hour} cannot be used with AM or PM"));
    }
    Ok(match (hour, pm) {
        (12, false) => 0,
        (12, true) => 12,
        (hour, false) => hour,
        (hour, true) => hour + 12,
    })
}

/// `[-]digits[.digits]` in `unit`.
fn parse_unix(text: &str, unit: EpochUnit) -> Result<DateTime<Utc>, String> {
    let shape = "expected a Unix timestamp (digits, optionally with a fraction)";
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let negative = whole.starts_with('-');
    let digits = whole.strip_prefix('-').unwrap_or(whole);
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if digits.is_empty() || !all_digits(digits) || !all_digits(fraction) {
        return Err(shape.to_string());
    }

    let whole: i64 = digits
        .parse()
        .map_err(|_| "the number is too large".to_string())?;
    let micros = whole
        .checked_mul(unit.micros())
        .and_then(|micros| micros.checked_add(fraction_micros(fraction, unit)))
        .map(|micros| if negative { -micros } else { micros })
        .ok_or("the number is too large")?;
    DateTime::from_timestamp_micros(micros).ok_or_else(|| "the number is too large".to_string())
}

/// The fraction digits of a Unix timestamp as whole microseconds (finer digits are dropped).
fn fraction_micros(fraction: &str, unit: EpochUnit) -> i64 {
    let places = unit.micros().ilog10() as usize;
    let kept: String = fraction
        .chars()
        .chain(std::iter::repeat('0'))
        .take(places)
        .collect();
    kept.parse().unwrap_or(0)
}

/// The day order a column of slash dates settles on, if its values settle it one way.
fn slash_order(values: &[&str]) -> Option<TimeFormat> {
    let parts: Vec<SlashParts> = values.iter().filter_map(|v| slash_parts(v).ok()).collect();
    let day_first = parts.iter().any(|p| p.first > 12);
    let month_first = parts.iter().any(|p| p.second > 12);
    match (day_first, month_first) {
        (true, false) => Some(TimeFormat::DayFirst),
        (false, true) => Some(TimeFormat::MonthFirst),
        _ => None,
    }
}

/// Whether enough values are slash dates, none of them settling the day order.
fn is_ambiguous_slash_column(values: &[&str]) -> bool {
    let fits_both = |value: &str| {
        let month_first = parse_slash(value, DayOrder::MonthFirst).is_ok();
        month_first && parse_slash(value, DayOrder::DayFirst).is_ok()
    };
    let both = values.iter().filter(|value| fits_both(value)).count();
    slash_order(values).is_none() && share(both, values.len()) >= MIN_PARSED_SHARE
}

/// The unit of the largest Unix timestamp in the sample, if the values are numbers.
fn unix_unit(values: &[&str]) -> Option<EpochUnit> {
    let largest = values
        .iter()
        .filter_map(|v| {
            v.split_once('.')
                .map_or(*v, |(whole, _)| whole)
                .parse::<i64>()
                .ok()
        })
        .map(i64::unsigned_abs)
        .max()?;
    EpochUnit::from_magnitude(i64::try_from(largest).ok()?)
}

/// Whether `value` parses in `format` and, for the formats that plain numbers also fit, falls
/// in a plausible range of years.
fn parses_plausibly(value: &str, format: TimeFormat) -> bool {
    let Ok(instant) = parse(value, format, Tz::UTC) else {
        return false;
    };
    let year = chrono::Datelike::year(&instant);
    match format {
        TimeFormat::Compact => (1900..=2100).contains(&year),
        TimeFormat::Unix(_) => (1990..=2100).contains(&year),
        _ => true,
    }
}

fn share(part: usize, whole: usize) -> f64 {
    part as f64 / whole.max(1) as f64
}

#[cfg(test)]
mod tests {
    use chrono_tz::America::New_York;
    use chrono_tz::Asia::Kolkata;
    use chrono_tz::Europe::Berlin;

    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn parse_utc(value: &str, format: TimeFormat) -> DateTime<Utc> {
        parse(value, format, Tz::UTC).unwrap()
    }

    fn rejects(value: &str, format: TimeFormat) -> String {
        parse(value, format, Tz::UTC).unwrap_err().to_string()
    }

    #[test]
    fn iso_dates_and_times_with_and_without_offsets() {
        let iso = TimeFormat::Iso;

        assert_eq!(parse_utc("2024-03-13", iso), utc("2024-03-13T00:00:00Z"));
        assert_eq!(
            parse_utc("2024-03-13T10:21", iso),
            utc("2024-03-13T10:21:00Z")
        );
        assert_eq!(
            parse_utc("2024-03-13T10:21:14Z", iso),
            utc("2024-03-13T10:21:14Z")
        );
        assert_eq!(
            parse_utc("2024-03-13 10:21:14", iso),
            utc("2024-03-13T10:21:14Z")
        );
        assert_eq!(
            parse_utc("2024-03-13T10:21:14+05:30", iso),
            utc("2024-03-13T04:51:14Z")
        );
        assert_eq!(
            parse_utc("2024-03-13T10:21:14+0530", iso),
            utc("2024-03-13T04:51:14Z")
        );
        assert_eq!(
            parse_utc("2024-03-13T10:21:14-08", iso),
            utc("2024-03-13T18:21:14Z")
        );
        assert_eq!(
            parse_utc("2024-03-13 10:21:14 -03:00", iso),
            utc("2024-03-13T13:21:14Z")
        );
    }

    #[test]
    fn iso_fractions_keep_their_precision() {
        let iso = TimeFormat::Iso;

        let micros = parse_utc("2024-03-13 10:21:14.123456", iso);
        let nanos = parse_utc("2024-03-13T10:21:14.123456789Z", iso);
        let comma = parse_utc("2024-03-13T10:21:14,5", iso);

        assert_eq!(micros.timestamp_subsec_micros(), 123_456);
        assert_eq!(nanos.timestamp_subsec_nanos(), 123_456_789);
        assert_eq!(comma.timestamp_subsec_millis(), 500);
        assert!(rejects("2024-03-13T10:21:14.1234567890", iso).contains("more than 9 digits"));
    }

    #[test]
    fn leap_days_exist_only_in_leap_years() {
        assert_eq!(
            parse_utc("2024-02-29", TimeFormat::Iso),
            utc("2024-02-29T00:00:00Z")
        );
        assert_eq!(
            parse_utc("20000229", TimeFormat::Compact),
            utc("2000-02-29T00:00:00Z")
        );

        assert!(rejects("2023-02-29", TimeFormat::Iso).contains("no day 29 in month 2"));
        assert!(parse("19000229", TimeFormat::Compact, Tz::UTC).is_err());
        assert!(parse("02/29/2023", TimeFormat::MonthFirst, Tz::UTC).is_err());
    }

    #[test]
    fn iso_rejects_malformed_values_with_reasons() {
        let iso = TimeFormat::Iso;

        assert!(rejects("2024-3-13", iso).contains("YYYY-MM-DD"));
        assert!(rejects("2024-03-13X10:00", iso).contains("`T` or a space"));
        assert!(rejects("2024-03-13T25:00", iso).contains("not a time of day"));
        assert!(rejects("2024-03-13T10:00+24:00", iso).contains("out of range"));
        assert!(rejects("2024-03-13T10:00:00 UTC", iso).contains("unexpected"));
        assert!(rejects("", iso).starts_with("\"\" is not a valid timestamp"));
    }

    #[test]
    fn compact_dates() {
        assert_eq!(
            parse_utc("19970101", TimeFormat::Compact),
            utc("1997-01-01T00:00:00Z")
        );
        assert!(rejects("1997011", TimeFormat::Compact).contains("8 digits"));
        assert!(rejects("19971301", TimeFormat::Compact).contains("no day 1 in month 13"));
    }

    #[test]
    fn slash_dates_in_both_orders() {
        assert_eq!(
            parse_utc("03/04/2024", TimeFormat::MonthFirst),
            utc("2024-03-04T00:00:00Z")
        );
        assert_eq!(
            parse_utc("03/04/2024", TimeFormat::DayFirst),
            utc("2024-04-03T00:00:00Z")
        );
        assert_eq!(
            parse_utc("3/4/2024", TimeFormat::MonthFirst),
            utc("2024-03-04T00:00:00Z")
        );
        assert!(parse("13/04/2024", TimeFormat::MonthFirst, Tz::UTC).is_err());
        assert!(parse("0/04/2024", TimeFormat::MonthFirst, Tz::UTC).is_err());
        assert!(parse("03/04/24", TimeFormat::MonthFirst, Tz::UTC).is_err());
    }

    #[test]
    fn slash_dates_with_times_and_am_pm() {
        let us = TimeFormat::MonthFirst;

        assert_eq!(
            parse_utc("03/04/2024 14:05", us),
            utc("2024-03-04T14:05:00Z")
        );
        assert_eq!(
            parse_utc("03/04/2024 9:05:07", us),
            utc("2024-03-04T09:05:07Z")
        );
        assert_eq!(
            parse_utc("03/04/2024 9:05 PM", us),
            utc("2024-03-04T21:05:00Z")
        );
        assert_eq!(
            parse_utc("03/04/2024 9:05:07am", us),
            utc("2024-03-04T09:05:07Z")
        );
    }

    #[test]
    fn twelve_o_clock_am_is_midnight_and_pm_is_noon() {
        let us = TimeFormat::MonthFirst;

        assert_eq!(
            parse_utc("03/04/2024 12:00 AM", us),
            utc("2024-03-04T00:00:00Z")
        );
        assert_eq!(
            parse_utc("03/04/2024 12:30 PM", us),
            utc("2024-03-04T12:30:00Z")
        );
        assert_eq!(
            parse_utc("03/04/2024 11:59 PM", us),
            utc("2024-03-04T23:59:00Z")
        );
        assert!(rejects("03/04/2024 13:00 PM", us).contains("hour 13"));
        assert!(rejects("03/04/2024 0:30 AM", us).contains("hour 0"));
    }

    #[test]
    fn unix_time_in_each_unit() {
        let instant = utc("2023-11-14T22:13:20Z");
        let seconds = TimeFormat::Unix(EpochUnit::Seconds);
        let millis = TimeFormat::Unix(EpochUnit::Milliseconds);
        let micros = TimeFormat::Unix(EpochUnit::Microseconds);

        assert_eq!(parse_utc("1700000000", seconds), instant);
        assert_eq!(parse_utc("1700000000000", millis), instant);
        assert_eq!(parse_utc("1700000000000000", micros), instant);
        assert_eq!(
            parse_utc("1700000000.25", seconds).timestamp_subsec_millis(),
            250
        );
        assert_eq!(parse_utc("-86400", seconds), utc("1969-12-31T00:00:00Z"));
        assert!(rejects("17e9", seconds).contains("Unix timestamp"));
        assert!(rejects("99999999999999999999", seconds).contains("too large"));
    }

    #[test]
    fn epoch_units_are_told_apart_by_magnitude() {
        assert_eq!(EpochUnit::from_magnitude(0), Some(EpochUnit::Seconds));
        assert_eq!(
            EpochUnit::from_magnitude(99_999_999_999),
            Some(EpochUnit::Seconds)
        );
        assert_eq!(
            EpochUnit::from_magnitude(100_000_000_000),
            Some(EpochUnit::Milliseconds)
        );
        assert_eq!(
            EpochUnit::from_magnitude(-1_700_000_000_000),
            Some(EpochUnit::Milliseconds)
        );
        assert_eq!(
            EpochUnit::from_magnitude(99_999_999_999_999),
            Some(EpochUnit::Milliseconds)
        );
        assert_eq!(
            EpochUnit::from_magnitude(100_000_000_000_000),
            Some(EpochUnit::Microseconds)
        );
        assert_eq!(
            EpochUnit::from_magnitude(99_999_999_999_999_999),
            Some(EpochUnit::Microseconds)
        );
        assert_eq!(EpochUnit::from_magnitude(100_000_000_000_000_000), None);
        assert_eq!(EpochUnit::from_magnitude(i64::MIN), None);
    }

    #[test]
    fn local_times_are_read_in_the_given_zone() {
        let iso = TimeFormat::Iso;

        let berlin = parse("2024-07-01 12:00:00", iso, Berlin).unwrap();
        let kolkata = parse("2024-07-01 12:00:00", iso, Kolkata).unwrap();
        let explicit = parse("2024-07-01 12:00:00Z", iso, Berlin).unwrap();

        assert_eq!(berlin, utc("2024-07-01T10:00:00Z"));
        assert_eq!(kolkata, utc("2024-07-01T06:30:00Z"));
        assert_eq!(explicit, utc("2024-07-01T12:00:00Z"));
    }

    #[test]
    fn a_time_skipped_by_spring_forward_uses_the_offset_before_the_change() {
        let gap = parse("2024-03-10 02:30:00", TimeFormat::Iso, New_York).unwrap();

        assert_eq!(gap, utc("2024-03-10T07:30:00Z"));
    }

    #[test]
    fn a_time_repeated_by_fall_back_is_its_first_occurrence() {
        let twice = parse("2024-11-03 01:30:00", TimeFormat::Iso, New_York).unwrap();

        assert_eq!(twice, utc("2024-11-03T05:30:00Z"));
    }

    #[test]
    fn a_whole_skipped_day_does_not_panic() {
        let samoa: Tz = "Pacific/Apia".parse().unwrap();

        let skipped = parse("2011-12-30 12:00:00", TimeFormat::Iso, samoa).unwrap();

        assert_eq!(skipped, utc("2011-12-30T22:00:00Z"));
    }

    #[test]
    fn detects_iso_compact_and_unix_columns() {
        let detect = |values: &[&str]| detect_format(values.iter().copied());
        let format = |format| Detection::Format {
            format,
            unparsed: 0,
        };

        assert_eq!(
            detect(&["2024-03-13 10:21:14", "2024-03-14"]),
            format(TimeFormat::Iso)
        );
        assert_eq!(
            detect(&["19970101", "19970118"]),
            format(TimeFormat::Compact)
        );
        assert_eq!(
            detect(&["1700000000", "1700000100"]),
            format(TimeFormat::Unix(EpochUnit::Seconds))
        );
        assert_eq!(
            detect(&["1700000000123", "1700000100456"]),
            format(TimeFormat::Unix(EpochUnit::Milliseconds))
        );
        assert_eq!(
            detect(&["1700000000123456"]),
            format(TimeFormat::Unix(EpochUnit::Microseconds))
        );
    }

    #[test]
    fn plain_numbers_are_not_timestamps() {
        let detect = |values: &[&str]| detect_format(values.iter().copied());

        assert_eq!(detect(&["1", "2", "3"]), Detection::NotTimestamps);
        assert_eq!(detect(&["29.33", "14.96"]), Detection::NotTimestamps);
        assert_eq!(detect(&["12345678", "87654321"]), Detection::NotTimestamps);
        assert_eq!(detect(&["", " "]), Detection::NotTimestamps);
        assert_eq!(detect(&["hello"]), Detection::NotTimestamps);
    }

    #[test]
    fn the_whole_sample_settles_day_and_month_order() {
        let detect = |values: &[&str]| detect_format(values.iter().copied());
        let format = |format| Detection::Format {
            format,
            unparsed: 0,
        };

        assert_eq!(
            detect(&["01/02/2024", "25/02/2024"]),
            format(TimeFormat::DayFirst)
        );
        assert_eq!(
            detect(&["01/02/2024", "02/25/2024 3:00 PM"]),
            format(TimeFormat::MonthFirst)
        );
        assert_eq!(
            detect(&["01/02/2024", "12/11/2024"]),
            Detection::AmbiguousDayMonth
        );
        assert_eq!(
            detect(&["25/02/2024", "02/25/2024"]),
            Detection::NotTimestamps
        );
    }

    #[test]
    fn a_few_bad_values_do_not_hide_the_format() {
        let mut values = vec!["2024-01-01"; 99];
        values.push("not a date");

        let detection = detect_format(values.iter().copied());

        assert_eq!(
            detection,
            Detection::Format {
                format: TimeFormat::Iso,
                unparsed: 1
            }
        );
    }

    #[test]
    fn dates_are_recognised_for_header_sniffing() {
        assert!(looks_like_date("2024-01-01"));
        assert!(looks_like_date("1/2/2024 10:00"));
        assert!(!looks_like_date("timestamp"));
        assert!(!looks_like_date("20240101"));
    }

    #[test]
    fn instants_outside_the_years_1_to_9999_are_refused() {
        let micros = TimeFormat::Unix(EpochUnit::Microseconds);
        let seconds = TimeFormat::Unix(EpochUnit::Seconds);
        // chrono's last microsecond, whose local time in Apia is past chrono's range.
        let err = parse("8210266876799999999", micros, Tz::Pacific__Apia).unwrap_err();
        assert!(err.reason.contains("outside the range"), "{err}");
        // Before the year 1, in New York.
        assert!(parse("-8334601228800", seconds, Tz::America__New_York).is_err());
        assert!(parse("253402300800", seconds, Tz::UTC).is_err());
        assert!(parse("253402300799", seconds, Tz::UTC).is_ok());
    }
}
