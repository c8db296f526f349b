//! How the views show a profile column ([`Column`], the one vocabulary, is in `tables`): a
//! `compare` table's header and each estimate's value.

use crate::tables::Factor;
use crate::view::estimate::Shown;
use crate::view::words::{level_name, num};

pub(crate) use crate::tables::Column;

/// How the views show a profile column.
impl Column {
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
    fn headers_parse_as_their_columns() {
        for c in Column::ALL {
            assert_eq!(Column::parse(c.header()), Some(c));
        }
    }
}
