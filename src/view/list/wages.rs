//! The wage changes as `mlsal list wages` shows them, each with the factor `--as-of` applies.

use std::io::{self, Write};

use serde::Serialize;

use super::dated;
use crate::model::wages::PayYear;
use crate::output::{Cell, Num, Paint, Record, Rows, Style, Table};
use crate::tables::Tables;
use crate::tables::wages::WageChange;
use crate::view::words::times;

/// One year of wage growth as listed, with the `--as-of` factor it gives the bands' pay.
pub(crate) struct WageRow<'a> {
    change: &'a WageChange,
    /// The factor from the bands' year to this one (1 at the bands' year); `None` before it.
    factor: Option<f64>,
    tables: &'a Tables,
}

/// Every wage change, each with the factor it compounds to from the bands' year (none before it).
pub(crate) fn wage_rows(tables: &Tables) -> Vec<WageRow<'_>> {
    let from = tables.bands.pay_year();
    tables
        .wages
        .entries
        .iter()
        .map(|change| WageRow {
            change,
            factor: PayYear::between(&tables.wages, from, change.year).ok().map(|p| p.factor),
            tables,
        })
        .collect()
}

impl Serialize for WageRow<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Json<'a> {
            year: i32,
            change_pct: f64,
            period: &'a str,
            status: &'static str,
            /// What `--as-of` this year multiplies the bands by: an estimate's `wage_factor`
            /// (`factor` is a factor's name in `list`'s other tables).
            wage_factor: Option<f64>,
            source: &'a str,
            confidence: &'static str,
            note: Option<&'a str>,
            as_of: &'a str,
        }
        let c = self.change;
        Json {
            year: c.year,
            change_pct: c.change_pct,
            period: &c.period,
            status: c.status.as_str(),
            wage_factor: self.factor,
            source: &c.source,
            confidence: c.confidence.as_str(),
            note: c.note.as_deref(),
            as_of: &self.tables.wages.as_of,
        }
        .serialize(s)
    }
}

impl Record for WageRow<'_> {
    fn columns() -> Vec<&'static str> {
        vec!["year", "change_pct", "period", "status", "wage_factor", "source", "confidence", "note", "as_of"]
    }

    fn rows(&self, out: &mut Rows) -> csv::Result<()> {
        #[derive(Serialize)]
        struct Row<'r> {
            year: i32,
            change_pct: Num,
            period: &'r str,
            status: &'static str,
            wage_factor: Option<Num>,
            source: &'r str,
            confidence: &'static str,
            note: Option<&'r str>,
            as_of: &'r str,
        }
        let c = self.change;
        out.row(Row {
            year: c.year,
            change_pct: Num(c.change_pct),
            period: &c.period,
            status: c.status.as_str(),
            wage_factor: self.factor.map(Num),
            source: &c.source,
            confidence: c.confidence.as_str(),
            note: c.note.as_deref(),
            as_of: &self.tables.wages.as_of,
        })
    }

    fn text(records: &[Self], w: &mut dyn Write, style: &Style) -> io::Result<()> {
        let Some(first) = records.first() else { return Ok(()) };
        let (wages, from) = (&first.tables.wages, first.tables.bands.pay_year());
        let title = format!(
            "wages ({}, 12-month change; x: --as-of that year on the bands' {from} pay)",
            wages.series
        );
        writeln!(w, "{}{}", style.bold(&title), style.dim(&dated(&wages.as_of)))?;
        let mut table = Table::new().min_width(1, 6).min_width(3, 11).min_width(4, 7);
        for r in records {
            let c = r.change;
            table.row([
                Cell::from(c.year.to_string()),
                Cell::from(format!("{:+.1}%", c.change_pct)),
                Cell::from(c.period.as_ref()),
                Cell::from(c.status.as_str()),
                Cell::from(r.factor.map(times).unwrap_or_default()),
                Cell::new(format!("{} {}", c.confidence.as_str(), c.source), Paint::Dim),
            ]);
        }
        table.write(w, style)
    }
}
