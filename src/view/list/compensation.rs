//! The compensation table as `mlsal list compensation` shows it: each level's yearly bonus and
//! equity at each company size, which `--total` adds to the base estimate.

use std::io::{self, Write};

use serde::Serialize;

use super::dated;
use crate::output::{Cell, Num, Paint, Record, Rows, Style, Table};
use crate::tables::Tables;
use crate::tables::pay::{Equity, PayRow};
use crate::view::words::times;

/// One row of the compensation table: a level at a company size.
pub(crate) struct CompensationRow<'a> {
    row: &'a PayRow,
    as_of: &'a str,
}

/// Every row of the compensation table, by level then company size (the tables' order).
pub(crate) fn compensation_rows(tables: &Tables) -> Vec<CompensationRow<'_>> {
    let pay = &tables.compensation;
    let sizes = tables.factor(crate::tables::Factor::CompanySize).entries.len();
    (0..tables.bands.bands.len())
        .flat_map(|band| (0..sizes).map(move |size| (band, size)))
        .map(|(band, size)| CompensationRow { row: pay.row(band, size), as_of: &pay.as_of })
        .collect()
}

impl CompensationRow<'_> {
    /// The equity as a multiple of base; `None` for unvalued options.
    fn equity(&self) -> Option<f64> {
        match self.row.equity {
            Equity::Share(x) => Some(x),
            Equity::Options => None,
        }
    }
}

impl Serialize for CompensationRow<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Json<'a> {
            level: &'a str,
            company_size: &'a str,
            bonus_pct: f64,
            /// A multiple of base; `null` for unvalued options (`equity_options` true).
            equity: Option<f64>,
            equity_options: bool,
            source: &'a str,
            confidence: &'static str,
            note: Option<&'a str>,
            as_of: &'a str,
        }
        let r = self.row;
        Json {
            level: &r.level,
            company_size: &r.company_size,
            bonus_pct: r.bonus_pct,
            equity: self.equity(),
            equity_options: self.equity().is_none(),
            source: &r.source,
            confidence: r.confidence.as_str(),
            note: r.note.as_deref(),
            as_of: self.as_of,
        }
        .serialize(s)
    }
}

impl Record for CompensationRow<'_> {
    fn columns() -> Vec<&'static str> {
        vec![
            "level",
            "company_size",
            "bonus_pct",
            "equity",
            "equity_options",
            "source",
            "confidence",
            "note",
            "as_of",
        ]
    }

    fn rows(&self, out: &mut Rows) -> csv::Result<()> {
        #[derive(Serialize)]
        struct Row<'r> {
            level: &'r str,
            company_size: &'r str,
            bonus_pct: Num,
            equity: Option<Num>,
            equity_options: bool,
            source: &'r str,
            confidence: &'static str,
            note: Option<&'r str>,
            as_of: &'r str,
        }
        let r = self.row;
        out.row(Row {
            level: &r.level,
            company_size: &r.company_size,
            bonus_pct: Num(r.bonus_pct),
            equity: self.equity().map(Num),
            equity_options: self.equity().is_none(),
            source: &r.source,
            confidence: r.confidence.as_str(),
            note: r.note.as_deref(),
            as_of: self.as_of,
        })
    }

    fn text(records: &[Self], w: &mut dyn Write, style: &Style) -> io::Result<()> {
        let Some(first) = records.first() else { return Ok(()) };
        let title = "compensation (--total: yearly bonus, % of base; yearly equity, x base)";
        writeln!(w, "{}{}", style.bold(title), style.dim(&dated(first.as_of)))?;
        let mut table = Table::new();
        for r in records {
            let p = r.row;
            let equity = r.equity().map_or_else(|| "options (unvalued)".to_string(), times);
            table.row([
                Cell::from(p.level.as_ref()),
                Cell::from(p.company_size.as_ref()),
                Cell::from(format!("bonus {}%", crate::view::words::num(p.bonus_pct))),
                Cell::from(format!("equity {equity}")),
                Cell::new(format!("{} {}", p.confidence.as_str(), p.source), Paint::Dim),
            ]);
        }
        table.write(w, style)
    }
}
