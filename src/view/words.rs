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

/// `x1.50`, with more decimals only where they carry information.
pub(crate) fn times(m: f64) -> String {
    times_to(m, times_decimals([m]))
}

/// The decimals a column of multipliers needs: 2 (`x1.50`), or 4 when any of them carries
/// more (`x1.3570`), so one column prints every value with the same number of decimals.
pub(crate) fn times_decimals(ms: impl IntoIterator<Item = f64>) -> usize {
    let two = |m: f64| ((m * 100.0).round() / 100.0 - m).abs() < 1e-9;
    if ms.into_iter().all(two) { 2 } else { 4 }
}

/// `x1.5000` for `times_to(1.5, 4)`.
pub(crate) fn times_to(m: f64, decimals: usize) -> String {
    format!("x{m:.decimals$}")
}

/// `x1.068`: a wage-growth factor, to the 3 decimals it is applied with.
pub(crate) fn wage_times(factor: f64) -> String {
    format!("x{factor:.3}")
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
            wage_times(pay.factor),
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
        assert_eq!(times(1.725), "x1.7250");
        assert_eq!(times(1.0), "x1.00");
        assert_eq!(times(1.07), "x1.07");
        assert_eq!(times(1.0712), "x1.0712");
        assert_eq!(times_decimals([1.05, 0.95, 1.3]), 2);
        assert_eq!(times_decimals([1.05, 1.071221]), 4);
    }

    #[test]
    fn num_drops_trailing_zero() {
        assert_eq!(num(4.0), "4");
        assert_eq!(num(2.5), "2.5");
    }
}
