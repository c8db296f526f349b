//! The compensation table: a yearly bonus (a percentage of base) and yearly equity (a
//! multiple of base), by level and company size, from `data/compensation.toml`.
//!
//! An early-stage startup's equity is options with no market price: [`Equity::Options`],
//! never a number.

use super::Confidence;
use super::{List, Text};

/// Yearly equity: a multiple of base, or unvalued options.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Equity {
    Share(f64),
    Options,
}

/// One row of compensation.toml: the bonus and equity of one level at one company size.
#[derive(Clone, Debug, PartialEq)]
pub struct PayRow {
    pub level: Text,
    pub company_size: Text,
    pub bonus_pct: f64,
    pub equity: Equity,
    pub source: Text,
    pub(crate) confidence: Confidence,
    pub note: Option<Text>,
}

/// The compensation table, complete: `data` guarantees one row for every band and every
/// company-size entry, so a lookup never misses.
#[derive(Clone, Debug)]
pub struct Compensation {
    pub as_of: Text,
    /// `grid[band][company-size entry]`, in the order of the bands and of the company-size table.
    pub(crate) grid: List<List<PayRow>>,
}

impl Compensation {
    pub fn row(&self, band: usize, size: usize) -> &PayRow {
        &self.grid[band][size]
    }

    /// Every row, by band then company size.
    pub(crate) fn rows(&self) -> impl Iterator<Item = &PayRow> {
        self.grid.iter().flat_map(|sizes| sizes.iter())
    }
}
