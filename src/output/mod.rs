//! The one output layer: every command hands its records here and gets text, JSON, JSON
//! Lines, CSV or TSV, so the formats behave the same everywhere.

use std::io::{self, Write};

use clap::ValueEnum;
use serde::Serialize;

mod style;
mod table;

pub use style::{ColorChoice, Paint, Style};
pub use table::{Cell, Table, pad, width};

/// Output formats, chosen with `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned text for people.
    Text,
    /// One JSON document: an object for one result, an array for several.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated values with a header row.
    Csv,
    /// Tab-separated values with a header row.
    Tsv,
}

/// Something a command prints: JSON comes from `Serialize`, CSV/TSV from `columns` and
/// `row`, text from `text` (which sees every record at once, so it can align a table).
pub trait Record: Serialize {
    /// Column names for CSV and TSV.
    fn columns() -> Vec<&'static str>;
    /// The header for these records: [`columns`](Self::columns) unless a record type adds
    /// optional columns (like `--total`) that depend on how the records were made.
    fn columns_for(records: &[Self]) -> Vec<&'static str>
    where
        Self: Sized,
    {
        let _ = records;
        Self::columns()
    }
    /// This record's CSV/TSV fields, in `columns` order.
    fn row(&self, out: &mut Vec<String>);
    /// Writes all `records` for a person.
    fn text(records: &[Self], w: &mut dyn Write, style: &Style) -> io::Result<()>
    where
        Self: Sized;
}

/// Whether a JSON document holds one object or an array.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    One,
    Many,
}

/// Writes `records` in `format`.
pub fn emit<R: Record>(
    w: &mut dyn Write,
    format: Format,
    style: &Style,
    records: &[R],
    shape: Shape,
) -> anyhow::Result<()> {
    match format {
        Format::Text => R::text(records, w, style)?,
        Format::Json => {
            match (shape, records) {
                (Shape::One, [one]) => serde_json::to_writer_pretty(&mut *w, one)?,
                _ => serde_json::to_writer_pretty(&mut *w, records)?,
            }
            writeln!(w)?;
        }
        Format::Jsonl => {
            for r in records {
                serde_json::to_writer(&mut *w, r)?;
                writeln!(w)?;
            }
        }
        Format::Csv | Format::Tsv => {
            let mut out = table_writer(w, format);
            out.write_record(R::columns_for(records))?;
            let mut fields = Vec::new();
            for r in records {
                fields.clear();
                r.row(&mut fields);
                out.write_record(&fields)?;
            }
            out.flush()?;
        }
    }
    Ok(())
}

/// A CSV or TSV writer over `w`.
pub fn table_writer<W: Write>(w: W, format: Format) -> csv::Writer<W> {
    csv::WriterBuilder::new().delimiter(if format == Format::Tsv { b'\t' } else { b',' }).from_writer(w)
}

pub use crate::tables::thousands;

/// An amount with its currency symbol: `$180,000`, `£142,000`, `CHF 162,000`.
pub fn money(n: i64, currency: &str) -> String {
    let symbol = match currency {
        "USD" => "$",
        "GBP" => "£",
        "EUR" => "€",
        "INR" => "₹",
        "JPY" => "¥",
        "ILS" => "₪",
        _ => return format!("{currency} {}", thousands(n)),
    };
    format!("{symbol}{}", thousands(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(123_456_789), "123,456,789");
        assert_eq!(thousands(-45_000), "-45,000");
    }

    #[test]
    fn money_symbols() {
        assert_eq!(money(180_000, "USD"), "$180,000");
        assert_eq!(money(142_000, "GBP"), "£142,000");
        assert_eq!(money(162_000, "CHF"), "CHF 162,000");
    }
}
