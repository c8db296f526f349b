//! The small words every view shares: level names, band years, numbers without a trailing
//! `.0`, multipliers (`x1.50`) and the year amounts are pay of.

use crate::model::Placement;
use crate::model::wages::PayYear;
use crate::tables::market::Basis;
use crate::tables::{Band, Tables};

/// The level name: `mid`, or `entry-mid` for a blend across the gap between two bands.
pub(crate) fn level_name(tables: &Tables, placement: Placement) -> String {
    let bands = &tables.bands.bands;
    match placement {
        Placement::Band(i) => bands[i].level.to_string(),
        Placement::Blend { lower, .. } => format!("{}-{}", bands[lower].level, bands[lower + 1].level),
    }
}

/// A band's years in words: `0 to 2 years`, `over 5 years`.
pub(crate) fn band_years(b: &Band) -> String {
    if b.open_ended {
        format!("over {} years", num(b.from_years))
    } else {
        format!("{} to {} years", num(b.from_years), num(b.to_years))
    }
}

/// A number without a trailing `.0`.
pub(crate) fn num(x: f64) -> String {
    if x.fract() == 0.0 { format!("{x:.0}") } else { format!("{x}") }
}

/// A multiplier as every text output writes it, the one format: `x1.30`, `x1.068`, `x1.0712`,
/// `x1.00`. See [`multiplier_digits`].
pub(crate) fn times(m: f64) -> String {
    format!("x{}", multiplier_digits(m))
}

/// A multiplier's digits: at least two decimals (`1.30`, `1.00`), and as many more, up to the
/// four the model rounds multipliers to, as the value needs to be shown exactly (`1.068`,
/// `1.0712`); a value with more is shown to four. The same value reads the same in every
/// command, row and column.
pub(crate) fn multiplier_digits(m: f64) -> String {
    // A whole number k of ten-thousandths (what the model rounds to), written from k's digits:
    // `format!("{m:.4}")` took exact float formatting, 30,000 instructions of every start-up's
    // 690,000 for the estimate's eight multipliers. Any other value is formatted.
    let k = (m * 10_000.0 + 0.5) as u64;
    if m >= 0.0 && k < 1_000_000_000_000_000 && k as f64 / 10_000.0 == m {
        let (whole, fraction) = (k / 10_000, k % 10_000);
        return match (fraction % 100, fraction % 10) {
            (0, _) => format!("{whole}.{:02}", fraction / 100),
            (_, 0) => format!("{whole}.{:03}", fraction / 10),
            _ => format!("{whole}.{fraction:04}"),
        };
    }
    let four = format!("{m:.4}");
    let trimmed = four.trim_end_matches('0');
    let decimals = trimmed.split_once('.').map_or(0, |(_, d)| d.len()).max(2);
    format!("{m:.decimals$}")
}

/// `2026 pay`: the year the amounts are for, as headings name it.
pub(crate) fn pay_label(pay: &PayYear) -> String {
    format!("{} pay", pay.year)
}

/// `2026 pay: 2024 figures x1.068, ECI wages and salaries, private industry (S25, S26; 2026
/// provisional)`: how amounts were moved to their year, for one-line summaries; `None` at the
/// tables' own year.
pub(crate) fn pay_note(pay: &PayYear) -> Option<String> {
    pay.adjusted().then(|| {
        format!(
            "{}: {} figures {}, {} ({}{})",
            pay_label(pay),
            pay.from,
            times(pay.factor),
            pay.series,
            pay.sources(),
            provisional(pay)
        )
    })
}

/// `; 2026 provisional` when the newest change compounded is not a final figure.
pub(crate) fn provisional(pay: &PayYear) -> String {
    if pay.provisional() { format!("; {} provisional", pay.year) } else { String::new() }
}

/// What a band's amounts are, in every heading and note: `base salary` on the article's bands;
/// `gross salary` on the survey's, whose `salary` is the total gross amount paid, as reported.
pub(crate) fn salary_words(basis: Basis) -> &'static str {
    match basis {
        Basis::Article => "base salary",
        Basis::Market => "gross salary",
    }
}

/// What a review compares a pay with: total pay with `--total`, else [`salary_words`].
pub(crate) fn compared_words(basis: Basis, total: bool) -> &'static str {
    if total { "total pay" } else { salary_words(basis) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_shows_two_decimals_unless_more_matter() {
        assert_eq!(times(1.5), "x1.50");
        assert_eq!(times(1.3), "x1.30");
        assert_eq!(times(1.725), "x1.725");
        assert_eq!(times(1.0), "x1.00");
        assert_eq!(times(1.07), "x1.07");
        assert_eq!(times(1.068), "x1.068");
        assert_eq!(times(1.0712), "x1.0712");
        assert_eq!(times(1.071221), "x1.0712");
        assert_eq!(times(0.65), "x0.65");
        assert_eq!(times(12.0), "x12.00");
        assert_eq!(multiplier_digits(1.2064), "1.2064");
    }

    /// Any multiplier of at most four decimals reads back as itself, with 2 to 4 decimals.
    #[test]
    fn multiplier_digits_are_exact_and_two_to_four() {
        // As the formatting rule writes them, which the fast path must agree with.
        let formatted = |m: f64| {
            let four = format!("{m:.4}");
            let decimals = four.trim_end_matches('0').split_once('.').map_or(0, |(_, d)| d.len()).max(2);
            format!("{m:.decimals$}")
        };
        for m in [0.0, 1.0, 1.068, 1.2064, 12.5, 0.05, 1.00005, 1.23456, -1.5, 123456.7891, 1e-9] {
            assert_eq!(multiplier_digits(m), formatted(m), "{m}");
        }
        for k in 0..40_000 {
            assert_eq!(multiplier_digits(f64::from(k) / 10_000.0), formatted(f64::from(k) / 10_000.0));
        }
        for k in 0..40_000 {
            let m = f64::from(k) / 10_000.0;
            let digits = multiplier_digits(m);
            let decimals = digits.split_once('.').unwrap().1.len();
            assert!((2..=4).contains(&decimals), "{digits}");
            assert_eq!(digits.parse::<f64>().unwrap(), m, "{digits}");
            assert!(decimals == 2 || !digits.ends_with('0'), "{digits}");
        }
    }

    #[test]
    fn num_drops_trailing_zero() {
        assert_eq!(num(4.0), "4");
        assert_eq!(num(2.5), "2.5");
    }
}
