//! Pay as of a year (`--as-of`): amounts of a table's year moved to a later year by
//! compounding the yearly change in wages.
//!
//! The rule (shared/reference/figures.md, "Wage growth"): compound the change of every year
//! after the table's year up to the year asked for; each full year's is December to December,
//! and the newest year's is the latest 12-month reading, marked provisional. The bands are
//! 2024 pay, so 2025 is x1.033 and 2026 is x1.033 x 1.034 = x1.068.
//!
//! The scaling is a plain factor on the base band, before the multipliers and the rounding
//! ([`super::amounts`]), so low, mid and high, total pay and every currency follow it. Any
//! table of pay with a year of its own (the bands; later, a market table) is moved with
//! [`PayYear::between`].

use super::round;
use crate::error::Error;
use crate::tables::wages::{Status, WageChange, Wages};

/// Pay moved from the year of a table to another year.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PayYear<'a> {
    /// The year the amounts are for.
    pub year: i32,
    /// The year of the table's figures.
    pub from: i32,
    /// The compounded change, rounded to 3 decimals (1 when `year == from`): what is shown is
    /// what is applied.
    pub factor: f64,
    /// The yearly changes compounded, oldest first (none when `year == from`).
    pub(crate) changes: &'a [WageChange],
    /// What the changes measure ("ECI wages and salaries, private industry").
    pub series: &'a str,
}

impl<'a> PayYear<'a> {
    /// Pay of year `from` as it is: factor 1.
    pub(crate) fn unadjusted(from: i32) -> PayYear<'static> {
        PayYear { year: from, from, factor: 1.0, changes: &[], series: "" }
    }

    /// Pay of year `from` moved to year `to` with the changes of `wages`. A year before
    /// `from` or after the newest figure is a usage error (`--as-of`) naming the years there
    /// are figures for.
    pub fn between(wages: &'a Wages, from: i32, to: i32) -> Result<PayYear<'a>, Error> {
        let changes = (to >= from).then(|| wages.between(from, to)).flatten().ok_or_else(|| {
            let reason = if to < from {
                format!("it is before {from}, the year of the tables' pay")
            } else {
                match wages.newest() {
                    Some(newest) if to > newest.year => {
                        format!("wages.toml has no figure after {}", newest.year)
                    }
                    _ => format!("wages.toml has no figure for a year from {} to {to}", from + 1),
                }
            };
            Error::InvalidValue {
                flag: "--as-of",
                value: to.to_string(),
                reason: format!("{reason}; years available: {}", available(wages, from)),
            }
        })?;
        let product: f64 = changes.iter().map(|c| 1.0 + c.change_pct / 100.0).product();
        Ok(PayYear { year: to, from, factor: round3(product), changes, series: &wages.series })
    }

    /// Whether the amounts differ from the table's own.
    pub(crate) fn adjusted(&self) -> bool {
        !self.changes.is_empty()
    }

    /// Whether a change compounded is not a full year's final figure.
    pub(crate) fn provisional(&self) -> bool {
        self.changes.iter().any(|c| c.status == Status::Provisional)
    }

    /// The sources of the changes, in order, each once: `S25, S26`.
    pub(crate) fn sources(&self) -> String {
        let mut keys: Vec<&str> = Vec::new();
        for key in self.changes.iter().flat_map(|c| c.source.split(',')).map(str::trim) {
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        keys.join(", ")
    }
}

/// The years pay of year `from` can be moved to: `2024 to 2026 (2026 provisional)`, or just
/// `2024` without later figures.
pub(crate) fn available(wages: &Wages, from: i32) -> String {
    let last = newest(wages, from);
    let provisional = wages
        .entries
        .iter()
        .find(|c| c.year == last && last > from && c.status == Status::Provisional)
        .map_or(String::new(), |c| format!(" ({} provisional)", c.year));
    if last == from { from.to_string() } else { format!("{from} to {last}{provisional}") }
}

/// The newest year pay of year `from` can be moved to: the last of an unbroken run of yearly
/// changes after `from` (`from` itself without one). It is the default pay year: today's pay,
/// as far as the wage figures reach.
pub(crate) fn newest(wages: &Wages, from: i32) -> i32 {
    let mut last = from;
    while wages.between(from, last + 1).is_some() {
        last += 1;
    }
    last
}

/// Parses an `--as-of` value: a four-digit year.
pub(crate) fn parse_year(s: &str) -> Result<i32, String> {
    let t = s.trim();
    match t.parse::<i32>() {
        Ok(y) if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) => Ok(y),
        _ => Err("expected a year, like 2026".to_string()),
    }
}

fn round3(x: f64) -> f64 {
    round(x * 1000.0) / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::load_embedded;

    /// figures.md by hand: 2024 pay to 2025 is x1.033 (December 2025, +3.3%), to 2026
    /// x1.033 x 1.034 = 1.068122, x1.068 (March 2026, +3.4%, provisional).
    #[test]
    fn compounding_matches_the_reference_by_hand() {
        let t = load_embedded().unwrap();
        let w = &t.wages;
        let at = |y| PayYear::between(w, 2024, y).unwrap();
        assert_eq!((at(2024).factor, at(2024).adjusted()), (1.0, false));
        assert_eq!((at(2025).factor, at(2025).provisional()), (1.033, false));
        assert_eq!((at(2026).factor, at(2026).provisional()), (1.068, true));
        assert_eq!(at(2026).sources(), "S25, S26");
        assert_eq!(at(2026).changes.iter().map(|c| c.change_pct).collect::<Vec<_>>(), [3.3, 3.4]);
        // From an older table's year: 2023 pay to 2025 is x1.037 x 1.033 = 1.071221.
        assert_eq!(PayYear::between(w, 2023, 2025).unwrap().factor, 1.071);
    }

    #[test]
    fn years_outside_the_figures_are_usage_errors_naming_the_years() {
        let t = load_embedded().unwrap();
        let err = PayYear::between(&t.wages, 2024, 2023).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert_eq!(
            err.to_string(),
            "invalid value `2023` for --as-of: it is before 2024, the year of the tables' pay; years available: 2024 to 2026 (2026 provisional)"
        );
        let err = PayYear::between(&t.wages, 2024, 2027).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid value `2027` for --as-of: wages.toml has no figure after 2026; years available: 2024 to 2026 (2026 provisional)"
        );
    }

    /// The default pay year is the end of the unbroken run of figures after the table's year:
    /// the table's newest year, and every year up to it can be priced.
    #[test]
    fn the_newest_year_is_the_last_of_the_figures_reached() {
        let t = load_embedded().unwrap();
        let w = &t.wages;
        let newest = newest(w, 2024);
        assert_eq!(Some(newest), w.newest().map(|c| c.year));
        assert!((2024..=newest).all(|y| PayYear::between(w, 2024, y).is_ok()));
        assert!(PayYear::between(w, 2024, newest + 1).is_err());
        assert_eq!(super::newest(w, newest), newest, "no figure after it: the year itself");
        assert_eq!(available(w, 2024), format!("2024 to {newest} ({newest} provisional)"));
    }

    #[test]
    fn a_year_is_four_digits() {
        assert_eq!(parse_year("2026"), Ok(2026));
        assert_eq!(parse_year(" 2025 "), Ok(2025));
        for bad in ["26", "20260", "-2026", "+2026", "2026.0", "next", ""] {
            assert!(parse_year(bad).is_err(), "{bad}");
        }
    }
}
