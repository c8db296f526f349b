//! How `mlsal list` shows its tables: factor entries (here), bands, wage changes and the
//! tables' dates (which `data path` and `data check` show too), one file each.

use std::io::{self, Write};

use serde::Serialize;

use crate::output::{Num, Record, Rows, Style, Table};
use crate::tables::currency::Date;
use crate::tables::{Entry, Factor, Tables, Text};
use crate::view::words::times;

mod bands;
mod compensation;
mod currencies;
mod dates;
mod sources;
mod wages;

pub(crate) use self::bands::band_rows;
pub(crate) use self::compensation::compensation_rows;
pub(crate) use self::currencies::currency_rows;
pub(crate) use self::dates::{date_rows, dates_lead, write_dates};
pub(crate) use self::sources::source_rows;
pub(crate) use self::wages::wage_rows;

/// The entries of `factors`, in table order, except that US locations come before the rest:
/// a US metro is found among US metros, and Berlin is not lost between them.
pub(crate) fn entry_rows<'a>(tables: &'a Tables, factors: &[Factor]) -> Vec<EntryRow<'a>> {
    let mut rows: Vec<EntryRow> = factors
        .iter()
        .flat_map(|&f| {
            let table = tables.factor(f);
            table.entries.iter().enumerate().map(move |(i, entry)| EntryRow {
                factor: f,
                entry,
                default: i == table.default_index(),
                as_of: &table.as_of,
            })
        })
        .collect();
    // Stable: the order within each group is the table's.
    rows.sort_by_key(|r| (r.factor, r.group()));
    rows
}

/// One factor entry as listed.
pub(crate) struct EntryRow<'a> {
    factor: Factor,
    entry: &'a Entry,
    default: bool,
    /// The date of the entry's table.
    as_of: &'a str,
}

impl EntryRow<'_> {
    /// Where the entry is listed within its factor: locations in the US, then outside it.
    fn group(&self) -> Option<&'static str> {
        let place = match self.entry.country.as_deref() {
            Some("US") => "in the US",
            _ => "outside the US",
        };
        (self.factor == Factor::Location).then_some(place)
    }
}

impl Serialize for EntryRow<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Json<'a> {
            factor: &'static str,
            key: &'a str,
            label: &'a str,
            aliases: &'a [Text],
            multiplier: f64,
            default: bool,
            source: &'a str,
            confidence: &'static str,
            note: Option<&'a str>,
            // `null` where a factor has none (every key in every row: one shape).
            country: Option<&'a str>,
            currency: Option<&'a str>,
            area_code: Option<&'a str>,
            as_of: &'a str,
        }
        let e = self.entry;
        Json {
            factor: self.factor.name(),
            key: &e.key,
            label: &e.label,
            aliases: &e.aliases,
            multiplier: e.multiplier,
            default: self.default,
            source: &e.source,
            confidence: e.confidence.as_str(),
            note: e.note.as_deref(),
            country: e.country.as_deref(),
            currency: e.currency.as_deref(),
            area_code: e.area_code.as_deref(),
            as_of: self.as_of,
        }
        .serialize(s)
    }
}

impl Record for EntryRow<'_> {
    fn columns() -> Vec<&'static str> {
        vec![
            "factor",
            "key",
            "label",
            "aliases",
            "multiplier",
            "default",
            "source",
            "confidence",
            "note",
            "country",
            "currency",
            "area_code",
            "as_of",
        ]
    }

    fn rows(&self, out: &mut Rows) -> csv::Result<()> {
        #[derive(Serialize)]
        struct Row<'r> {
            factor: &'static str,
            key: &'r str,
            label: &'r str,
            aliases: String,
            multiplier: Num,
            default: bool,
            source: &'r str,
            confidence: &'static str,
            note: Option<&'r str>,
            country: Option<&'r str>,
            currency: Option<&'r str>,
            area_code: Option<&'r str>,
            as_of: &'r str,
        }
        let e = self.entry;
        out.row(Row {
            factor: self.factor.name(),
            key: &e.key,
            label: &e.label,
            aliases: e.aliases.join(";"),
            multiplier: Num(e.multiplier),
            default: self.default,
            source: &e.source,
            confidence: e.confidence.as_str(),
            note: e.note.as_deref(),
            country: e.country.as_deref(),
            currency: e.currency.as_deref(),
            area_code: e.area_code.as_deref(),
            as_of: self.as_of,
        })
    }

    fn text(records: &[Self], w: &mut dyn Write, style: &Style) -> io::Result<()> {
        for (i, group) in records.chunk_by(|a, b| (a.factor, a.group()) == (b.factor, b.group())).enumerate()
        {
            if i > 0 {
                writeln!(w)?;
            }
            let factor = group[0].factor;
            let title = match group[0].group() {
                Some(place) => format!("{} ({}), {place}", factor.cli_name(), factor.flag()),
                None => format!("{} ({})", factor.cli_name(), factor.flag()),
            };
            writeln!(w, "{}{}", style.bold(&title), style.dim(&dated(group[0].as_of)))?;
            let mut table = Table::new().min_width(2, 7);
            for r in group {
                let e = r.entry;
                // After the aligned columns, unaligned: whether it is the default, and its aliases.
                let mut tail = Vec::new();
                if r.default {
                    tail.push("(default)".to_string());
                }
                if !e.aliases.is_empty() {
                    tail.push(style.dim(&format!("aka {}", e.aliases.join(", "))));
                }
                table.row_with_tail(
                    [
                        e.key.to_string(),
                        e.label.to_string(),
                        times(e.multiplier),
                        format!("{} {}", e.confidence.as_str(), e.source),
                    ],
                    tail.join("  "),
                );
            }
            table.write(w, style)?;
        }
        Ok(())
    }
}

/// `, as of 2025-07, 1 year old`: a table's date and age, for its heading.
fn dated(as_of: &str) -> String {
    let age =
        Date::parse_period(as_of).map_or_else(String::new, |d| format!(", {} old", d.age(Date::today())));
    format!(", as of {as_of}{age}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::assert_rows_name_columns;

    #[test]
    fn every_list_row_names_its_columns() {
        let tables = crate::embedded::tables();
        assert_rows_name_columns(&entry_rows(&tables, &Factor::ALL));
        assert_rows_name_columns(&band_rows(&tables));
        assert_rows_name_columns(&wage_rows(&tables));
        assert_rows_name_columns(&date_rows(&tables, Date::today()));
        assert_rows_name_columns(&compensation_rows(&tables));
        assert_rows_name_columns(&currency_rows(&tables));
        assert_rows_name_columns(&source_rows(&tables));
    }
}
