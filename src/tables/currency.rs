//! Exchange rates and the calendar arithmetic that says how old they are.
//!
//! Results are computed in US dollars (the article's bands are US figures) and converted
//! before rounding, so `--round 1000` rounds pounds to the nearest thousand pounds. Rates go
//! stale, so each carries the date of the file it came from; nothing here prints: the CLI
//! decides whether to warn.

use super::{List, Text};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::error::Error;
use crate::names::nearest;

/// The currency every band and multiplier is expressed in.
pub(crate) const BASE: &str = "USD";

/// One currency: its ISO 4217 code and how many units one US dollar buys.
#[derive(Clone, Debug, PartialEq)]
pub struct Currency {
    pub code: Text,
    pub name: Text,
    pub per_usd: f64,
    /// The date of the rate, `YYYY-MM-DD` (validated).
    pub as_of: Text,
    pub source: Text,
}

/// The exchange-rate table, validated: codes unique and upper case, rates finite and
/// positive, `USD` present at 1.
#[derive(Clone, Debug)]
pub struct Currencies {
    pub entries: List<Currency>,
}

/// What `--currency` asked for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Choice<'a> {
    /// One currency for every result.
    Fixed(&'a Currency),
    /// Each result in the currency of its location.
    Local,
}

impl Currencies {
    /// Looks a code up, ignoring case.
    pub fn find(&self, code: &str) -> Option<&Currency> {
        self.entries.iter().find(|c| c.code.eq_ignore_ascii_case(code.trim()))
    }

    /// The code nearest a typo: one edit or swap away from a code (`GPB`), else the code whose
    /// code or name is closest (`pound` -> `GBP`). Jaro-Winkler alone misses swaps in
    /// three-letter words.
    fn suggest(&self, value: &str) -> Option<String> {
        let typed = value.trim().to_ascii_uppercase();
        // One edit from a three-letter code is at most four letters long.
        let close = self
            .entries
            .iter()
            .filter(|_| typed.len() <= 4)
            .map(|c| (strsim::damerau_levenshtein(&typed, &c.code), &c.code))
            .min()
            .filter(|(d, _)| *d <= 1)
            .map(|(_, code)| code.to_string());
        close.or_else(|| {
            let names = self
                .entries
                .iter()
                .flat_map(|c| [(c.code.as_ref(), c.code.as_ref()), (c.name.as_ref(), c.code.as_ref())]);
            nearest(value, names)
        })
    }

    /// Parses a `--currency` value: an ISO code in any case, or `local`. A miss is a usage
    /// error naming the nearest code and every valid one.
    pub(crate) fn choose(&self, value: &str) -> Result<Choice<'_>, Error> {
        if value.trim().eq_ignore_ascii_case("local") {
            return Ok(Choice::Local);
        }
        self.find(value).map(Choice::Fixed).ok_or_else(|| {
            let codes: Vec<&str> = self.entries.iter().map(|c| c.code.as_ref()).collect();
            Error::UnknownValue {
                what: "currency",
                value: value.to_string(),
                suggestion: self.suggest(value),
                choices: format!("choices: {}, local", codes.join(", ")),
            }
        })
    }
}

/// A calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i64,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Parses `YYYY-MM-DD`, checking that the day exists in that month.
    pub fn parse(s: &str) -> Option<Date> {
        let mut parts = s.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if !(all_digits(y) && all_digits(m) && all_digits(d)) {
            return None;
        }
        let date = Date { year: y.parse().ok()?, month: m.parse().ok()?, day: d.parse().ok()? };
        let real =
            (1..=12).contains(&date.month) && (1..=days_in_month(date.year, date.month)).contains(&date.day);
        real.then_some(date)
    }

    /// The civil date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
    pub(crate) fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date { year, month, day }
    }

    /// Today's date (UTC): the system clock, or `SOURCE_DATE_EPOCH` (seconds since 1970) when
    /// it is set to a whole number, as the reproducible-builds convention asks of tools that
    /// print dates, so the ages mlsal prints can be reproduced (the README's examples are).
    pub fn today() -> Date {
        let fixed = Date::fixed_epoch().ok().flatten();
        let secs = fixed.unwrap_or_else(|| {
            SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
        });
        Date::from_days(secs.div_euclid(86_400))
    }

    /// `SOURCE_DATE_EPOCH`, if set and not blank: a whole number of seconds since 1970, else an error (the
    /// convention asks tools to fail on a malformed value, not to fall back to the clock).
    /// `run` checks it once before any command, so [`Date::today`] can stay infallible.
    pub(crate) fn fixed_epoch() -> Result<Option<i64>, Error> {
        // Empty (or blank) is unset, as most tools of the convention read it.
        let Some(value) =
            std::env::var_os("SOURCE_DATE_EPOCH").filter(|v| !v.to_string_lossy().trim().is_empty())
        else {
            return Ok(None);
        };
        let text = value.to_string_lossy();
        match text.trim().parse::<i64>() {
            Ok(secs) if (0..=253_402_300_799).contains(&secs) => Ok(Some(secs)),
            _ => Err(Error::BadEnv {
                name: "SOURCE_DATE_EPOCH",
                value: text.into_owned(),
                expected: "expected whole seconds since 1970-01-01, from 0 to 253402300799 (the end of 9999)",
            }),
        }
    }

    /// Whether more than a year separates `self` from `today`: a rate of 2024-06-28 is
    /// stale from 2025-06-29 on.
    pub fn over_a_year_before(self, today: Date) -> bool {
        self.over_years_before(1, today)
    }

    /// Whether more than `years` years separate `self` from `today`.
    pub(crate) fn over_years_before(self, years: i64, today: Date) -> bool {
        let anniversary = Date { year: self.year + years, ..self };
        today > anniversary
    }

    /// The first day of the period a table's `as_of` names: `YYYY` (January 1),
    /// `YYYY-MM` (the 1st) or a full `YYYY-MM-DD`. Anything after the date (a comment that
    /// is not one) makes it no date.
    pub(crate) fn parse_period(s: &str) -> Option<Date> {
        let number = |p: &str| p.bytes().all(|b| b.is_ascii_digit()).then(|| p.parse::<u32>().ok()).flatten();
        match s.len() {
            4 => Some(Date { year: i64::from(number(s)?), month: 1, day: 1 }),
            7 if s.as_bytes()[4] == b'-' => {
                let month = number(&s[5..]).filter(|m| (1..=12).contains(m))?;
                Some(Date { year: i64::from(number(&s[..4])?), month, day: 1 })
            }
            _ => Date::parse(s),
        }
    }

    /// Whole months from `self` to `today` (0 when `today` is not later).
    pub(crate) fn months_until(self, today: Date) -> i64 {
        let months = (today.year - self.year) * 12 + i64::from(today.month) - i64::from(self.month);
        let months = if today.day < self.day { months - 1 } else { months };
        months.max(0)
    }

    /// How old something dated `self` is on `today`, in words: `3 weeks`, `10 months`,
    /// `2 years` (whole units, rounded down).
    pub(crate) fn age(self, today: Date) -> String {
        let plural = |n: i64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
        match self.months_until(today) {
            0 => plural((today.days() - self.days()).max(0) / 7, "week"),
            m if m < 12 => plural(m, "month"),
            m => plural(m / 12, "year"),
        }
    }

    /// Days since 1970-01-01: the inverse of [`from_days`](Self::from_days).
    pub(crate) fn days(self) -> i64 {
        let y = self.year - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn parse_accepts_only_real_iso_dates() {
        assert_eq!(d("2024-06-28"), Date { year: 2024, month: 6, day: 28 });
        assert_eq!(d("2024-02-29").day, 29);
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-6-28",
            "2024",
            "2024-06",
            "24-06-28",
            "2024-06-31",
            "x024-06-28",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn from_days_matches_known_dates() {
        assert_eq!(Date::from_days(0), d("1970-01-01"));
        assert_eq!(Date::from_days(19_902), d("2024-06-28"));
        assert_eq!(Date::from_days(-1), d("1969-12-31"));
        assert_eq!(Date::from_days(11_016), d("2000-02-29"));
    }

    #[test]
    fn stale_means_more_than_twelve_months() {
        let rate = d("2024-06-28");
        assert!(!rate.over_a_year_before(d("2024-06-28")));
        assert!(!rate.over_a_year_before(d("2025-06-28")));
        assert!(rate.over_a_year_before(d("2025-06-29")));
        assert!(rate.over_a_year_before(d("2026-01-01")));
    }

    #[test]
    fn days_is_the_inverse_of_from_days() {
        for n in [-800_000, -1, 0, 1, 11_016, 19_902, 20_756, 60_000] {
            assert_eq!(Date::from_days(n).days(), n, "{n}");
        }
    }

    #[test]
    fn a_period_starts_on_its_first_day() {
        assert_eq!(Date::parse_period("2024"), Some(d("2024-01-01")));
        assert_eq!(Date::parse_period("2025-07"), Some(d("2025-07-01")));
        assert_eq!(Date::parse_period("2026-10-30"), Some(d("2026-10-30")));
        for bad in ["June 2024", "24", "2025-13", "2025-7", "2026-10-30x", ""] {
            assert_eq!(Date::parse_period(bad), None, "{bad}");
        }
    }

    #[test]
    fn age_in_whole_weeks_months_or_years() {
        let today = d("2026-11-29");
        assert_eq!(d("2026-11-29").age(today), "0 weeks");
        assert_eq!(d("2026-10-30").age(today), "4 weeks");
        assert_eq!(d("2026-10-29").age(today), "1 month");
        assert_eq!(d("2026-04-30").age(today), "6 months");
        assert_eq!(d("2025-11-30").age(today), "11 months");
        assert_eq!(d("2025-11-29").age(today), "1 year");
        assert_eq!(d("2024-01-01").age(today), "2 years");
        assert_eq!(d("2019-01-01").age(today), "7 years");
        assert_eq!(d("2027-01-01").age(today), "0 weeks", "a date after today is not old");
    }

    #[test]
    fn over_three_years_means_past_the_third_anniversary() {
        let start = d("2023-01-01");
        assert!(!start.over_years_before(3, d("2026-01-01")));
        assert!(start.over_years_before(3, d("2026-01-02")));
    }

    fn table() -> Currencies {
        let c = |code: &'static str, per_usd| Currency {
            code: code.into(),
            name: format!("{code} name").into(),
            per_usd,
            as_of: "2024-06-28".into(),
            source: "S23".into(),
        };
        Currencies { entries: vec![c("USD", 1.0), c("GBP", 0.791), c("EUR", 0.934)].into() }
    }

    #[test]
    fn choose_ignores_case_and_names_the_valid_codes() {
        let t = table();
        assert!(matches!(t.choose("gbp"), Ok(Choice::Fixed(c)) if c.code == "GBP"));
        assert_eq!(t.choose("Local").unwrap(), Choice::Local);
        let err = t.choose("GPB").unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert_eq!(
            err.to_string(),
            "unknown currency `GPB`: did you mean `GBP`? (choices: USD, GBP, EUR, local)"
        );
    }
}
