//! The shipped tables, validated when mlsal was built (see `build.rs`) and compiled in as one
//! `static`: start-up neither parses TOML nor builds a table; the strings and lists are
//! borrowed from the binary.

use std::borrow::Cow;

use crate::tables::currency::{Currencies, Currency};
use crate::tables::market::{
    Basis, Bls, BlsRow, LazyMarket, LevelRow, Levels, Market, NotReleased, Percentiles, Survey, SurveyCell,
};
use crate::tables::pay::{Compensation, Equity, PayRow};
use crate::tables::wages::{Status, WageChange, Wages};
use crate::tables::{Band, Bands, Bounds, Confidence, Entry, Factor, FactorTable, Tables};

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// The shipped tables, to own: the copy borrows every string and list from [`TABLES`], so
/// it costs a few words, not an allocation per entry.
pub fn tables() -> Tables {
    TABLES.clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::load_embedded;

    /// The compiled tables are exactly what the TOML loader gives.
    #[test]
    fn compiled_tables_equal_the_loaded_ones() {
        let (a, b) = (tables(), load_embedded().unwrap());
        assert_eq!(a.bands.as_of, b.bands.as_of);
        assert_eq!(a.bands.bands, b.bands.bands);
        assert_eq!(a.bounds, b.bounds);
        assert_eq!(a.sources, b.sources);
        assert_eq!(a.currencies.entries, b.currencies.entries);
        assert_eq!(a.compensation.as_of, b.compensation.as_of);
        assert_eq!(a.compensation.grid, b.compensation.grid);
        assert_eq!(a.wages, b.wages);
        assert_eq!(a.bands.basis, b.bands.basis);
        assert_eq!(a.market, b.market);
        for (x, y) in a.factors.iter().zip(&b.factors) {
            assert_eq!((x.factor, &x.as_of, x.default_index()), (y.factor, &y.as_of, y.default_index()));
            assert_eq!(x.entries, y.entries);
            assert_eq!(x.ambiguous, y.ambiguous);
            for e in y.entries.iter() {
                for name in std::iter::once(&e.key).chain(e.aliases.iter()) {
                    assert_eq!(x.find(name), y.find(name), "{name}");
                }
            }
        }
    }
}
