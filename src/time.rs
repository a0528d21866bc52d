//! Times of reports and claims: a date, or a date with a time of day.
//!
//! Claims are compared at the coarser precision of the two: a date coincides with every time on
//! that day, and two datetimes are ordered by the instant they denote.

use std::cmp::Ordering;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// A report's or claim's time, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Time {
    /// The calendar date as written (local to the writer when an offset is given).
    pub date: Date,
    /// Seconds since the Unix epoch in UTC, when a time of day is given (no offset: UTC).
    pub instant: Option<i64>,
    /// Offset in minutes east of UTC, kept for display.
    pub offset_minutes: Option<i16>,
    /// A datetime written without an offset, not yet placed in one: its claim file's `offset`
    /// (DESIGN §3 v2) says where it is, else UTC. Only [`Time::from_toml_written`] makes one, and
    /// the loader places it ([`Time::in_offset`]) before anything else sees it.
    pub local: bool,
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }
    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    pub fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl Time {
    pub fn date(date: Date) -> Time {
        Time { date, instant: None, offset_minutes: None, local: false }
    }

    /// A date with a time of day; `offset_minutes` east of UTC (`None`: UTC).
    pub fn datetime(date: Date, seconds_of_day: u32, offset_minutes: Option<i16>) -> Time {
        let local = date.days_since_epoch() * 86_400 + i64::from(seconds_of_day);
        let instant = local - i64::from(offset_minutes.unwrap_or(0)) * 60;
        Time { date, instant: Some(instant), offset_minutes, local: false }
    }

    /// Seconds after local midnight, for a time with a time of day: computed from the instant
    /// and the offset rather than held, since a million claims each hold a time (and a date
    /// value may hold another): 32 bytes a time instead of 40.
    pub fn seconds_of_day(&self) -> Option<u32> {
        let local = self.instant? + i64::from(self.offset_minutes.unwrap_or(0)) * 60;
        u32::try_from(local.rem_euclid(86_400)).ok()
    }

    /// The time, a datetime written without an offset placed in `offset` (minutes east of UTC;
    /// `None`: UTC). A date, or a datetime that carries its own offset, is returned as it is.
    pub fn in_offset(self, offset: Option<i16>) -> Time {
        match (self.local, self.seconds_of_day()) {
            (true, Some(secs)) => Time::datetime(self.date, secs, offset.filter(|m| *m != 0)),
            _ => Time { local: false, ..self },
        }
    }

    /// Orders two times at the coarser precision of the two; `Equal` means they coincide.
    pub fn compare(&self, other: &Time) -> Ordering {
        match (self.instant, other.instant) {
            (Some(a), Some(b)) => a.cmp(&b),
            _ => self.date.cmp(&other.date),
        }
    }

    pub fn coincides(&self, other: &Time) -> bool {
        self.compare(other) == Ordering::Equal
    }

    /// A total order for sorting (dates before datetimes on the same day), unlike [`Time::compare`].
    pub fn sort_key(&self) -> (Date, i64) {
        (self.date, self.instant.map_or(i64::MIN, |i| i))
    }

    /// Converts a TOML datetime, one written without an offset read as UTC; an error when it
    /// has no date or an impossible one.
    pub fn from_toml(dt: &toml::value::Datetime) -> Result<Time, &'static str> {
        Time::from_toml_written(dt).map(|t| t.in_offset(None))
    }

    /// Converts a TOML datetime as written: one without an offset is left [`Time::local`], for
    /// its claim file's `offset` to place ([`Time::in_offset`]).
    pub fn from_toml_written(dt: &toml::value::Datetime) -> Result<Time, &'static str> {
        let d = dt.date.ok_or("a time of day without a date")?;
        let date = Date::new(i32::from(d.year), d.month, d.day).ok_or("no such date")?;
        let Some(t) = dt.time else {
            return Ok(Time::date(date));
        };
        if t.hour > 23 || t.minute > 59 || t.second.unwrap_or(0) > 60 {
            return Err("no such time of day");
        }
        let secs = u32::from(t.hour) * 3600 + u32::from(t.minute) * 60 + u32::from(t.second.unwrap_or(0).min(59));
        let offset = match dt.offset {
            None => return Ok(Time { local: true, ..Time::datetime(date, secs, None) }),
            Some(toml::value::Offset::Z) => None,
            Some(toml::value::Offset::Custom { minutes }) => Some(minutes),
        };
        Ok(Time::datetime(date, secs, offset))
    }

    /// Reads a UTC offset as a claim file's `offset` writes it: `+03:00`, `-05:30` (hours up to
    /// 23, minutes up to 59) or `Z`; minutes east of UTC, `None` for UTC itself.
    pub fn parse_offset(s: &str) -> Result<Option<i16>, &'static str> {
        const EXPECTED: &str = "expected ±HH:MM, such as +03:00 or -05:30, or Z";
        if s == "Z" || s == "z" {
            return Ok(None);
        }
        let b = s.as_bytes();
        let sign = match b.first() {
            Some(b'+') => 1,
            Some(b'-') => -1,
            _ => return Err(EXPECTED),
        };
        let two = |i: usize| -> Option<i16> {
            let d = b.get(i..i + 2)?;
            d.iter().all(u8::is_ascii_digit).then(|| i16::from(d[0] - b'0') * 10 + i16::from(d[1] - b'0'))
        };
        let (Some(hours), Some(b':'), Some(minutes), 6) = (two(1), b.get(3).copied(), two(4), b.len()) else {
            return Err(EXPECTED);
        };
        if hours > 23 {
            return Err("hours of an offset run from 00 to 23");
        }
        if minutes > 59 {
            return Err("minutes of an offset run from 00 to 59");
        }
        Ok(Some(sign * (hours * 60 + minutes)).filter(|m| *m != 0))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Every location of every finding is labelled with a date: written by hand, as the
        // formatting machinery's padding costs several times more (a few percent of a large run).
        if let (Ok(year @ 0..=9999), month @ 1..=12, day @ 1..=31) = (u16::try_from(self.year), self.month, self.day) {
            let digit = |n: u16| b'0' + (n % 10) as u8;
            let (month, day) = (u16::from(month), u16::from(day));
            let text = [
                digit(year / 1000),
                digit(year / 100),
                digit(year / 10),
                digit(year),
                b'-',
                digit(month / 10),
                digit(month),
                b'-',
                digit(day / 10),
                digit(day),
            ];
            return f.write_str(std::str::from_utf8(&text).map_err(|_| fmt::Error)?);
        }
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.date)?;
        if let Some(s) = self.seconds_of_day() {
            write!(f, "T{:02}:{:02}", s / 3600, s / 60 % 60)?;
            if s % 60 != 0 {
                write!(f, ":{:02}", s % 60)?;
            }
            match self.offset_minutes {
                None | Some(0) => f.write_str("Z")?,
                Some(m) => write!(f, "{}{:02}:{:02}", if m < 0 { '-' } else { '+' }, m.abs() / 60, m.abs() % 60)?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_as_iso_8601_whatever_the_year() {
        for (year, month, day) in [(2016, 12, 13), (1, 1, 1), (0, 2, 29), (9999, 12, 31), (10000, 1, 2), (-44, 3, 15)] {
            let date = Date { year, month, day };
            assert_eq!(date.to_string(), format!("{year:04}-{month:02}-{day:02}"));
        }
        assert_eq!(Date { year: 2016, month: 3, day: 7 }.to_string(), "2016-03-07");
    }

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn a_date_coincides_with_every_time_that_day() {
        let day = Time::date(d(2016, 12, 13));
        let morning = Time::datetime(d(2016, 12, 13), 9 * 3600 + 45 * 60, None);
        let evening = Time::datetime(d(2016, 12, 13), 18 * 3600, None);
        assert!(day.coincides(&morning));
        assert!(day.coincides(&evening));
        assert_eq!(morning.compare(&evening), Ordering::Less);
        assert_eq!(day.compare(&Time::date(d(2016, 12, 14))), Ordering::Less);
    }

    #[test]
    fn offsets_are_compared_as_instants() {
        // 18:00 in Istanbul (+03:00) is 15:00 UTC.
        let local = Time::datetime(d(2016, 12, 13), 18 * 3600, Some(180));
        let utc = Time::datetime(d(2016, 12, 13), 15 * 3600, None);
        assert!(local.coincides(&utc));
        assert_eq!(local.to_string(), "2016-12-13T18:00+03:00");
        assert_eq!(utc.to_string(), "2016-12-13T15:00Z");
    }

    #[test]
    fn a_datetime_without_an_offset_is_placed_in_its_file_s() {
        let written = |s: &str| Time::from_toml_written(&s.parse().unwrap()).unwrap();
        let local = written("2024-06-01T08:30:00");
        assert!(local.local);
        let placed = local.in_offset(Some(180));
        assert!(!placed.local);
        assert!(placed.coincides(&Time::datetime(d(2024, 6, 1), 5 * 3600 + 30 * 60, None)));
        assert_eq!(placed.to_string(), "2024-06-01T08:30+03:00");
        // Without an offset of its file, UTC: as `from_toml` reads it.
        assert_eq!(local.in_offset(None), Time::from_toml(&"2024-06-01T08:30:00Z".parse().unwrap()).unwrap());
        // A datetime with its own offset keeps it; a date is a date.
        assert_eq!(written("2024-06-01T08:30:00Z").in_offset(Some(180)).to_string(), "2024-06-01T08:30Z");
        assert_eq!(written("2024-06-01T08:30:00-04:00").in_offset(Some(180)).to_string(), "2024-06-01T08:30-04:00");
        assert_eq!(written("2024-06-01").in_offset(Some(180)), Time::date(d(2024, 6, 1)));
    }

    #[test]
    fn offsets_are_hours_and_minutes_with_a_sign() {
        assert_eq!(Time::parse_offset("+03:00"), Ok(Some(180)));
        assert_eq!(Time::parse_offset("-05:30"), Ok(Some(-330)));
        assert_eq!(Time::parse_offset("+23:59"), Ok(Some(1439)));
        for utc in ["Z", "z", "+00:00", "-00:00"] {
            assert_eq!(Time::parse_offset(utc), Ok(None), "{utc}");
        }
        for bad in ["", "3", "+3:00", "03:00", "+03", "+0300", "+03:00 ", "+24:00", "+03:60", "UTC", "+٠٣:00"] {
            assert!(Time::parse_offset(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn impossible_dates_are_refused() {
        assert!(Date::new(2016, 2, 29).is_some());
        assert!(Date::new(2015, 2, 29).is_none());
        assert!(Date::new(2016, 13, 1).is_none());
        assert_eq!(d(1970, 1, 2).days_since_epoch(), 1);
        assert_eq!(d(2016, 12, 13).days_since_epoch(), 17148);
    }
}
