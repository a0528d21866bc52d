//! Numbers with their bounds ("at least 500", "around 34,000", "dozens") and dates ("13
//! December", "Dec. 13, 2016", "on Monday", "yesterday") resolved against the report's
//! publication date.

use super::lexicon::{
    BOUNDS, FUTURE_CUES, MONTHS, MONTH_ABBREVIATIONS, MULTIPLIERS, NUMBER_WORDS, RELATIVE_DAYS, WEEKDAYS,
};
use super::split::{phrase_at, Word};
use crate::model::Bound;
use crate::time::Date;
use std::ops::Range;

/// A number found in the text: its value (or range), bound, and the words that gave them.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub low: f64,
    pub high: f64,
    pub bound: Bound,
    /// The number's words, and the bound cue's when there is one.
    pub span: Range<usize>,
    pub bound_cue: Option<Range<usize>>,
}

fn digits(word: &str) -> Option<f64> {
    let plain = word.replace(',', "");
    if plain.is_empty() || !plain.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    plain.parse().ok().filter(|v: &f64| v.is_finite())
}

/// The numbers among `words`, with bounds; words in `taken` (dates) are not numbers.
pub fn numbers(words: &[Word], taken: &[Range<usize>]) -> Vec<Found> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        if taken.iter().any(|t| t.start < w.end && w.start < t.end) {
            i += 1;
            continue;
        }
        let (mut value, mut bound, mut len) = match digits(&w.lower) {
            Some(v) => (v, Bound::Exact, 1),
            None => {
                match NUMBER_WORDS.iter().find(|(p, _, _)| phrase_at(words, i, &p.split(' ').collect::<Vec<_>>())) {
                    Some(&(p, v, b)) => (v, b, p.split(' ').count()),
                    None => {
                        i += 1;
                        continue;
                    }
                }
            }
        };
        if let Some(&(_, m)) = words.get(i + len).and_then(|n| MULTIPLIERS.iter().find(|(p, _)| *p == n.lower)) {
            value *= m;
            len += 1;
        }
        let mut high = value;
        // "between 100 and 300", "100 to 300", "100-300" (one word, split here).
        if let (Some(sep), Some(next)) = (words.get(i + len), words.get(i + len + 1)) {
            if matches!(sep.lower.as_str(), "to" | "and") {
                if let Some(v) = digits(&next.lower).filter(|&v| v > value) {
                    high = v;
                    len += 2;
                }
            }
        }
        if high == value {
            if let Some((a, b)) = w.lower.split_once('-') {
                if let (Some(a), Some(b)) = (digits(a), digits(b)) {
                    value = a;
                    high = b;
                }
            }
        }
        let mut bound_cue = None;
        for (phrase, b) in BOUNDS {
            let n = phrase.split(' ').count();
            if i >= n && phrase_at(words, i - n, &phrase.split(' ').collect::<Vec<_>>()) {
                bound = *b;
                bound_cue = Some(words[i - n].start..words[i - 1].end);
                break;
            }
        }
        if i >= 1 && words[i - 1].lower == "between" && high > value {
            bound_cue = Some(words[i - 1].start..words[i - 1].end);
        }
        let end = words[i + len - 1].end;
        out.push(Found { low: value, high, bound, span: w.start..end, bound_cue });
        i += len;
    }
    out
}

/// A date found in the text, resolved, and the words it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundDate {
    pub date: Date,
    pub span: Range<usize>,
}

fn month(word: &str) -> Option<u8> {
    let w = word.trim_end_matches('.');
    MONTHS
        .iter()
        .position(|m| *m == w)
        .or_else(|| MONTH_ABBREVIATIONS.iter().position(|m| *m == w))
        .map(|i| i as u8 + 1)
}

fn day(word: &str) -> Option<u8> {
    let w = word.trim_end_matches(|c: char| c.is_alphabetic());
    w.parse().ok().filter(|d| (1..=31).contains(d))
}

/// The dates among `words`; relative ones (weekdays, "yesterday") only with `published`.
pub fn dates(words: &[Word], published: Option<Date>) -> Vec<FoundDate> {
    let future = words.iter().any(|w| FUTURE_CUES.contains(&w.lower.as_str()));
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i].lower;
        let year_at =
            |k: usize| words.get(k).and_then(|y| y.lower.parse::<i32>().ok()).filter(|y| (1900..=2200).contains(y));
        // "13 December 2016", "December 13, 2016", "Dec. 13".
        let absolute = if let (Some(d), Some(m)) = (day(w), words.get(i + 1).and_then(|n| month(&n.lower))) {
            let y = year_at(i + 2);
            Some((d, m, y, if y.is_some() { 3 } else { 2 }))
        } else if let (Some(m), Some(d)) = (month(w), words.get(i + 1).and_then(|n| day(&n.lower))) {
            let y = year_at(i + 2);
            Some((d, m, y, if y.is_some() { 3 } else { 2 }))
        } else {
            None
        };
        // "may" is a month only next to a day number: "May 3".
        if let Some((d, m, y, len)) = absolute {
            let year = y.or(published.map(|p| p.year));
            if let Some(date) = year.and_then(|y| Date::new(y, m, d)) {
                out.push(FoundDate { date, span: words[i].start..words[i + len - 1].end });
                i += len;
                continue;
            }
        }
        if let Some(p) = published {
            let relative = RELATIVE_DAYS.iter().find(|(r, _)| r == w).map(|&(_, d)| d).or_else(|| {
                let target = WEEKDAYS.iter().position(|d| d == w)? as i64;
                let today = weekday(p);
                Some(if future { (target - today).rem_euclid(7) } else { -(today - target).rem_euclid(7) })
            });
            if let Some(delta) = relative {
                out.push(FoundDate { date: add_days(p, delta), span: words[i].start..words[i].end });
            }
        }
        i += 1;
    }
    out
}

/// A time of day found in the text ("8:30", "6:00 p.m.", "1500 GMT", "noon"), and the words it
/// was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundTime {
    /// Minutes after midnight.
    pub minutes: u16,
    /// Written as GMT or UTC ("1500 GMT"); otherwise the local time of the report.
    pub utc: bool,
    pub span: Range<usize>,
}

/// The times of day among `words` of `text`.
pub fn times(text: &str, words: &[Word]) -> Vec<FoundTime> {
    let digits = |w: &Word, n: std::ops::RangeInclusive<usize>| {
        n.contains(&w.lower.len()) && w.lower.bytes().all(|b| b.is_ascii_digit())
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        let next = words.get(i + 1);
        // hour and minutes, and how many words they take
        let clock: Option<(u16, u16, usize)> = match w.lower.as_str() {
            "noon" | "midday" => Some((12, 0, 1)),
            "midnight" => Some((0, 0, 1)),
            _ if digits(w, 1..=2) => match next {
                // "8:30"
                Some(n) if digits(n, 2..=2) && &text[w.end..n.start] == ":" => {
                    Some((w.lower.parse().unwrap_or(99), n.lower.parse().unwrap_or(99), 2))
                }
                // "6 p.m."
                Some(n) if matches!(n.lower.as_str(), "am" | "pm" | "a.m" | "p.m") => {
                    Some((w.lower.parse().unwrap_or(99), 0, 1))
                }
                _ => None,
            },
            // "1500 GMT": four digits are a year unless GMT or UTC follows.
            _ if digits(w, 4..=4) && next.is_some_and(|n| matches!(n.lower.as_str(), "gmt" | "utc")) => {
                let v: u16 = w.lower.parse().unwrap_or(9999);
                Some((v / 100, v % 100, 1))
            }
            _ => None,
        };
        let Some((mut hour, minute, mut len)) = clock else {
            i += 1;
            continue;
        };
        match words.get(i + len).map(|n| n.lower.as_str()) {
            Some("pm" | "p.m") if hour < 12 => {
                hour += 12;
                len += 1;
            }
            Some("am" | "a.m") if hour == 12 => {
                hour = 0;
                len += 1;
            }
            Some("am" | "a.m" | "pm" | "p.m") => len += 1,
            _ => {}
        }
        let utc = words.get(i + len).is_some_and(|n| matches!(n.lower.as_str(), "gmt" | "utc"));
        if utc {
            len += 1;
        }
        if hour < 24 && minute < 60 {
            out.push(FoundTime { minutes: hour * 60 + minute, utc, span: w.start..words[i + len - 1].end });
        }
        i += len;
    }
    out
}

/// Monday 0 … Sunday 6 (1970-01-01 was a Thursday).
pub fn weekday(d: Date) -> i64 {
    (d.days_since_epoch() + 3).rem_euclid(7)
}

/// `d` plus `delta` days (Howard Hinnant's civil_from_days).
pub fn add_days(d: Date, delta: i64) -> Date {
    let z = d.days_since_epoch() + delta + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Date { year, month, day }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::split::words;

    fn date(y: i32, m: u8, d: u8) -> Date {
        Date { year: y, month: m, day: d }
    }

    #[test]
    fn times_of_day_are_read_with_their_clock_and_zone() {
        fn find(s: &str) -> Vec<(u16, bool, &str)> {
            times(s, &words(s, 0..s.len())).into_iter().map(|t| (t.minutes, t.utc, &s[t.span])).collect()
        }
        assert_eq!(find("it will take effect at 8:30 on Thursday"), [(8 * 60 + 30, false, "8:30")]);
        assert_eq!(
            find("came into force at 6:00 p.m. local time (1500 GMT)"),
            [(18 * 60, false, "6:00 p.m"), (15 * 60, true, "1500 GMT")]
        );
        assert_eq!(find("at 12 a.m. and at noon"), [(0, false, "12 a.m"), (12 * 60, false, "noon")]);
        assert_eq!(find("at 11:15 UTC"), [(11 * 60 + 15, true, "11:15 UTC")]);
        assert!(find("34,000 people in 2016, 1500 of them at 25:70").is_empty());
    }

    #[test]
    fn days_are_added_across_months_and_years() {
        assert_eq!(add_days(date(2016, 12, 31), 1), date(2017, 1, 1));
        assert_eq!(add_days(date(2016, 3, 1), -1), date(2016, 2, 29));
        assert_eq!(weekday(date(2016, 12, 13)), 1);
    }

    #[test]
    fn weekdays_and_yesterday_resolve_against_publication() {
        let p = Some(date(2016, 12, 13)); // a Tuesday
        let find = |s: &str| dates(&words(s, 0..s.len()), p).into_iter().map(|d| d.date).collect::<Vec<_>>();
        assert_eq!(find("defences collapsed on Monday"), [date(2016, 12, 12)]);
        assert_eq!(find("officials will meet on Thursday"), [date(2016, 12, 15)]);
        assert_eq!(find("it began yesterday"), [date(2016, 12, 12)]);
        assert_eq!(find("signed on 29 December 2016"), [date(2016, 12, 29)]);
        assert_eq!(find("signed on Dec. 29"), [date(2016, 12, 29)]);
        assert_eq!(find("it may hold"), []);
    }

    #[test]
    fn numbers_carry_their_bounds() {
        let find = |s: &str| {
            numbers(&words(s, 0..s.len()), &[]).into_iter().map(|n| (n.low, n.high, n.bound)).collect::<Vec<_>>()
        };
        assert_eq!(find("at least 500 people"), [(500.0, 500.0, Bound::AtLeast)]);
        assert_eq!(find("around 34,000 people"), [(34000.0, 34000.0, Bound::About)]);
        assert_eq!(find("more than 1.5 million"), [(1.5e6, 1.5e6, Bound::AtLeast)]);
        assert_eq!(find("up to 300"), [(300.0, 300.0, Bound::AtMost)]);
        assert_eq!(find("between 100 and 300 dead"), [(100.0, 300.0, Bound::Exact)]);
        assert_eq!(find("dozens were hurt"), [(24.0, 24.0, Bound::AtLeast)]);
    }
}
