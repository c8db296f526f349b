//! The bands as `mlsal list bands` shows them.

use std::io::{self, Write};

use serde::Serialize;

use super::dated;
use crate::output::{Cell, Num, Paint, Record, Rows, Style, Table, thousands};
use crate::tables::{Band, Tables};
use crate::view::words::band_years;

/// One band as listed, with the tables for the bands' date.
pub(crate) struct BandRow<'a>(&'a Band, &'a Tables);

/// Every band, in table order.
pub(crate) fn band_rows(tables: &Tables) -> Vec<BandRow<'_>> {
    tables.bands.bands.iter().map(|b| BandRow(b, tables)).collect()
}

impl Serialize for BandRow<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Json<'a> {
            level: &'a str,
            label: &'a str,
            from_years: f64,
            to_years: f64,
            low: i64,
            high: i64,
            open_ended: bool,
            source: &'a str,
            confidence: &'static str,
            note: Option<&'a str>,
            as_of: &'a str,
        }
        let b = self.0;
        Json {
            level: &b.level,
            label: &b.label,
            from_years: b.from_years,
            to_years: b.to_years,
            low: b.low.round() as i64,
            high: b.high.round() as i64,
            open_ended: b.open_ended,
            source: &b.source,
            confidence: b.confidence.as_str(),
            note: b.note.as_deref(),
            as_of: &self.1.bands.as_of,
        }
        .serialize(s)
    }
}

impl Record for BandRow<'_> {
    fn columns() -> Vec<&'static str> {
        vec![
            "level",
            "label",
            "from_years",
            "to_years",
            "low",
            "high",
            "open_ended",
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
            label: &'r str,
            from_years: Num,
            to_years: Num,
            low: Num,
            high: Num,
            open_ended: bool,
            source: &'r str,
            confidence: &'static str,
            note: Option<&'r str>,
            as_of: &'r str,
        }
        let b = self.0;
        out.row(Row {
            level: &b.level,
            label: &b.label,
            from_years: Num(b.from_years),
            to_years: Num(b.to_years),
            low: Num(b.low),
            high: Num(b.high),
            open_ended: b.open_ended,
            source: &b.source,
            confidence: b.confidence.as_str(),
            note: b.note.as_deref(),
            as_of: &self.1.bands.as_of,
        })
    }

    fn text(records: &[Self], w: &mut dyn Write, style: &Style) -> io::Result<()> {
        let as_of = records.first().map_or("", |r| r.1.bands.as_of.as_ref());
        writeln!(
            w,
            "{}{}",
            style.bold("bands (base salary, USD, from the article)"),
            style.dim(&dated(as_of))
        )?;
        let mut table = Table::new().min_width(0, 6).min_width(1, 14).min_width(2, 22);
        for BandRow(b, _) in records {
            let top = if b.open_ended { "+" } else { "" };
            table.row([
                Cell::from(b.level.as_ref()),
                Cell::from(band_years(b)),
                Cell::from(format!("${} – ${}{top}", thousands(b.low as i64), thousands(b.high as i64))),
                Cell::new(format!("{} {}", b.confidence.as_str(), b.source), Paint::Dim),
            ]);
        }
        table.write(w, style)
    }
}
