//! The profile columns: one vocabulary for what a `batch` input column means, what a
//! `compare` table shows and what the misspelt-column warning suggests.

use super::Factor;
use crate::names::{MAX_TYPO_CHARS, fold};

/// A profile column: years, a level, or one of the five factors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Column {
    Years,
    Level,
    Factor(Factor),
}

impl Column {
    /// Every profile column, experience first, factors in [`Factor::ALL`] order: the order of
    /// [`Column::index`].
    pub(crate) const ALL: [Column; 2 + Factor::COUNT] = [
        Column::Years,
        Column::Level,
        Column::Factor(Factor::Location),
        Column::Factor(Factor::Education),
        Column::Factor(Factor::Specialization),
        Column::Factor(Factor::Industry),
        Column::Factor(Factor::CompanySize),
    ];
    /// How many profile columns there are: the years, the level and each factor.
    pub(crate) const COUNT: usize = Column::ALL.len();

    /// The name in CSV headers and JSON keys, as the long flags: `years`, `city`, `company_size`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Column::Years => "years",
            Column::Level => "level",
            Column::Factor(Factor::Location) => "city",
            Column::Factor(f) => f.name(),
        }
    }

    /// Its place in [`Column::ALL`].
    pub(crate) fn index(self) -> usize {
        match self {
            Column::Years => 0,
            Column::Level => 1,
            Column::Factor(f) => 2 + f.index(),
        }
    }

    /// A column name as typed (case, spaces, `-` and `_` folded, as for values); `location`,
    /// `specialisation` and `size` are accepted too.
    pub(crate) fn parse(name: &str) -> Option<Column> {
        match fold(name).as_str() {
            "years" => Some(Column::Years),
            "level" => Some(Column::Level),
            _ => Factor::parse(name).map(Column::Factor),
        }
    }

    /// The column a name is likely a typo of (`yeras`, `compnay_size`): one edit away (a swap
    /// of two letters is one edit), two for a name of ten letters or more.
    pub(crate) fn misspelt(name: &str) -> Option<Column> {
        // A long name is no typo of a short one: no distance is worked out for it (a JSON key
        // of 10 MB took seconds a line).
        if name.len() > MAX_TYPO_CHARS {
            return None;
        }
        let folded = fold(name);
        let names = Column::ALL.iter().map(|c| (c.name(), *c)).chain([
            ("location", Column::Factor(Factor::Location)),
            ("specialisation", Column::Factor(Factor::Specialization)),
        ]);
        names.map(|(typed, column)| (fold(typed), column)).find_map(|(typed, column)| {
            let near = if typed.len() >= 10 { 2 } else { 1 };
            (strsim::osa_distance(&folded, &typed) <= near).then_some(column)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_parse_their_own_names_and_note_near_misses() {
        for c in Column::ALL {
            assert_eq!(Column::parse(c.name()), Some(c));
            assert_eq!(Column::ALL[c.index()], c);
        }
        assert_eq!(Column::parse("Location"), Some(Column::Factor(Factor::Location)));
        assert_eq!(Column::parse("company size"), Some(Column::Factor(Factor::CompanySize)));
        assert_eq!(Column::parse("yeras"), None);
        for (name, column) in [("yeras", "years"), ("compnay_size", "company_size"), ("Year", "years")] {
            assert_eq!(Column::misspelt(name).map(Column::name), Some(column), "{name}");
        }
        for name in ["employee_id", "name", "team", "title", "site", "location_id", "company", "label"] {
            assert_eq!(Column::misspelt(name), None, "{name}");
        }
        assert_eq!(Column::misspelt(&"y".repeat(1 << 20)), None, "a long name is no typo, and costs nothing");
    }
}
