//! How `mlsal list` shows its tables: factor entries, bands, wage changes and the tables'
//! dates (which `data path` and `data check` show too).

use std::io::{self, Write};

use serde::Serialize;

use crate::model::wages::PayYear;
use crate::output::{Cell, Num, Paint, Record, Rows, Style, Table, thousands};
use crate::tables::currency::Date;
use crate::tables::wages::WageChange;
use crate::tables::{Band, Dated, Entry, Factor, OLD_YEARS, Tables, Text};
use crate::view::words::{band_years, times_decimals, times_to, wage_times};

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
            #[serde(skip_serializing_if = "Option::is_none")]
            country: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            currency: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
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
            let decimals = times_decimals(group.iter().map(|r| r.entry.multiplier));
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
                        times_to(e.multiplier, decimals),
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

/// `, as of 2025-07, 1 year old`: a table's date and age, for its heading.
fn dated(as_of: &str) -> String {
    let age =
        Date::parse_period(as_of).map_or_else(String::new, |d| format!(", {} old", d.age(Date::today())));
    format!(", as of {as_of}{age}")
}

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
            /// What `--as-of` this year multiplies the bands by.
            factor: Option<f64>,
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
            factor: self.factor,
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
        vec!["year", "change_pct", "period", "status", "factor", "source", "confidence", "note", "as_of"]
    }

    fn rows(&self, out: &mut Rows) -> csv::Result<()> {
        #[derive(Serialize)]
        struct Row<'r> {
            year: i32,
            change_pct: Num,
            period: &'r str,
            status: &'static str,
            factor: Option<Num>,
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
            factor: self.factor.map(Num),
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
                Cell::from(r.factor.map(wage_times).unwrap_or_default()),
                Cell::new(format!("{} {}", c.confidence.as_str(), c.source), Paint::Dim),
            ]);
        }
        table.write(w, style)
    }
}

/// One table's date, as `list tables`, `list` and `data path|check` show it.
pub(crate) struct DateRow {
    pub dated: Dated,
    pub today: Date,
}

impl DateRow {
    /// Whether `data check` warns about the table.
    pub(crate) fn old(&self) -> bool {
        self.dated.older_than(OLD_YEARS, self.today)
    }
}

/// Every dated table of `tables`, aged on `today`.
pub(crate) fn date_rows(tables: &Tables, today: Date) -> Vec<DateRow> {
    tables.dates().into_iter().map(|dated| DateRow { dated, today }).collect()
}

impl Serialize for DateRow {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Json<'a> {
            table: &'a str,
            file: &'a str,
            as_of: &'a str,
            /// Days from the start of the period `as_of` names to today.
            age_days: Option<i64>,
            age: String,
            /// Over [`OLD_YEARS`] years old: `data check` warns.
            old: bool,
        }
        let d = &self.dated;
        Json {
            table: d.table(),
            file: d.file,
            as_of: &d.as_of,
            age_days: d.since.map(|since| (self.today.days() - since.days()).max(0)),
            age: d.age(self.today),
            old: self.old(),
        }
        .serialize(s)
    }
}

impl Record for DateRow {
    fn columns() -> Vec<&'static str> {
        vec!["table", "file", "as_of", "age_days", "age", "old"]
    }

    /// The JSON object is flat, its fields the columns: the row is the record itself.
    fn rows(&self, out: &mut Rows) -> csv::Result<()> {
        out.row(self)
    }

    fn text(records: &[Self], w: &mut dyn Write, style: &Style) -> io::Result<()> {
        write_dates(records, w, style)
    }
}

/// The dates block: each table, its `as_of` and its age, the old ones marked.
pub(crate) fn write_dates(rows: &[DateRow], w: &mut dyn Write, style: &Style) -> io::Result<()> {
    writeln!(w, "{}", style.bold("tables (as of, age)"))?;
    let mut table = Table::new();
    for r in rows {
        let age = r.dated.age(r.today);
        let age = match r.old() {
            true => Cell::new(format!("{age}, over {OLD_YEARS} years"), Paint::Warn),
            false => Cell::from(age),
        };
        table.row([Cell::from(r.dated.table()), Cell::from(r.dated.as_of.as_ref()), age]);
    }
    table.write(w, style)
}
