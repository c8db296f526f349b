//! The wage-growth table (`data/wages.toml`): the yearly change in US wages, which moves pay
//! from the year of a table (the bands are 2024 pay) to a later one. The arithmetic is in
//! the model (`model::wages`); this is only the validated data.

use super::Confidence;
use super::{List, Text};

/// Whether a year's change is its final December-to-December figure, or the latest reading
/// of a year not yet over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Status {
    Final,
    Provisional,
}

impl Status {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Status::Final => "final",
            Status::Provisional => "provisional",
        }
    }
}

/// One year's change in wages.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct WageChange {
    pub year: i32,
    /// The 12-month change, in percent (3.3 for +3.3%).
    pub change_pct: f64,
    /// What the change covers, in words: "12 months to December 2025".
    pub period: Text,
    pub status: Status,
    pub source: Text,
    pub confidence: Confidence,
    pub note: Option<Text>,
}

/// The wage-growth table, validated: years in order with none missing between the first and
/// the last, changes finite and within [`MIN_CHANGE_PCT`, `MAX_CHANGE_PCT`], only the newest
/// year provisional.
#[derive(Clone, Debug, PartialEq)]
pub struct Wages {
    /// The date of the newest figure's release.
    pub as_of: Text,
    /// What the figures measure, as shown beside a factor: "ECI wages and salaries, private
    /// industry".
    pub series: Text,
    pub(crate) entries: List<WageChange>,
}

/// The plausible range of a year's change in wages, in percent: wider than any year of the
/// ECI (1980s inflation peaked near +10%), narrow enough to catch a misplaced decimal point.
pub(crate) const MIN_CHANGE_PCT: f64 = -20.0;
pub(crate) const MAX_CHANGE_PCT: f64 = 30.0;

impl Wages {
    /// The newest year with a figure.
    pub(crate) fn newest(&self) -> Option<&WageChange> {
        self.entries.last()
    }

    /// The changes of the years after `from` up to `to`, in order: what moves pay of year
    /// `from` to year `to`. `None` when a year in between has no figure.
    pub(crate) fn between(&self, from: i32, to: i32) -> Option<&[WageChange]> {
        if to <= from {
            return Some(&[]);
        }
        let start = self.entries.iter().position(|w| w.year == from + 1)?;
        let steps = self.entries.get(start..start + (to - from) as usize)?;
        steps.iter().zip(from + 1..).all(|(w, y)| w.year == y).then_some(steps)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wages(years: &[(i32, f64)]) -> Wages {
        Wages {
            as_of: "2026".into(),
            series: "s".into(),
            entries: years
                .iter()
                .map(|&(year, change_pct)| WageChange {
                    year,
                    change_pct,
                    period: Text::default(),
                    status: Status::Final,
                    source: "S".into(),
                    confidence: Confidence::Medium,
                    note: None,
                })
                .collect(),
        }
    }

    #[test]
    fn between_takes_the_years_after_from_up_to_to() {
        let w = wages(&[(2023, 4.3), (2024, 3.7), (2025, 3.3), (2026, 3.4)]);
        let years = |a, b| w.between(a, b).map(|s| s.iter().map(|c| c.year).collect::<Vec<_>>());
        assert_eq!(years(2024, 2024), Some(vec![]));
        assert_eq!(years(2024, 2025), Some(vec![2025]));
        assert_eq!(years(2024, 2026), Some(vec![2025, 2026]));
        assert_eq!(years(2022, 2024), Some(vec![2023, 2024]));
        assert_eq!(years(2024, 2027), None, "no figure for 2027");
        assert_eq!(years(2020, 2024), None, "no figure for 2021");
        assert_eq!(w.newest().map(|c| c.year), Some(2026));
    }
}
