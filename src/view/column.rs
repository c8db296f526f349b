//! The profile columns: what a `batch` input column means, and what a `compare` table shows.

use crate::names::fold;
use crate::tables::Factor;
use crate::view::estimate::Shown;
use crate::view::words::{level_name, num};

/// A profile column: what a `batch` input column means, and what a `compare` table shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Column {
    Years,
    Level,
    Factor(Factor),
}

impl Column {
    /// Every profile column, experience first, factors in [`Factor::ALL`] order.
    pub(crate) const ALL: [Column; 7] = [
        Column::Years,
        Column::Level,
        Column::Factor(Factor::Location),
        Column::Factor(Factor::Education),
        Column::Factor(Factor::Specialization),
        Column::Factor(Factor::Industry),
        Column::Factor(Factor::CompanySize),
    ];

    /// The name in CSV headers and JSON keys, as the long flags: `years`, `city`, `company_size`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Column::Years => "years",
            Column::Level => "level",
            Column::Factor(Factor::Location) => "city",
            Column::Factor(f) => f.name(),
        }
    }

    /// A column name as typed (case, spaces, `-` and `_` folded, as for values); `location`
    /// and `size` are accepted too.
    // Unused outside tests until batch reads its header through this one vocabulary (issue 18).
    #[allow(dead_code)]
    pub(crate) fn parse(name: &str) -> Option<Column> {
        match fold(name).as_str() {
            "years" => Some(Column::Years),
            "level" => Some(Column::Level),
            _ => Factor::parse(name).map(Column::Factor),
        }
    }

    /// The header in a text table: `city`, `company size`.
    pub(crate) fn header(self) -> &'static str {
        match self {
            Column::Factor(Factor::CompanySize) => "company size",
            other => other.name(),
        }
    }

    /// This column's value in an estimate: the years, the level name or the factor's key.
    pub(crate) fn value(self, shown: &Shown) -> String {
        match self {
            Column::Years => shown.est.years.map(num).unwrap_or_default(),
            Column::Level => level_name(shown.tables, shown.est.placement),
            Column::Factor(f) => shown.est.factors[f.index()].key.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_parse_their_own_names() {
        for c in Column::ALL {
            assert_eq!(Column::parse(c.name()), Some(c));
            assert_eq!(Column::parse(c.header()), Some(c));
        }
        assert_eq!(Column::parse("Location"), Some(Column::Factor(Factor::Location)));
        assert_eq!(Column::parse("yeras"), None);
    }
}
