//! `mlsal list [TABLE]`: the tables behind every number, with their sources.

use std::io::{self, Write};

use serde::Serialize;

use crate::cli::ListArgs;
use crate::cmd::Ctx;
use crate::output::{Cell, Paint, Record, Shape, Style, Table, emit, thousands};
use crate::render::{band_years, num, times_decimals, times_to};
use crate::tables::{Band, Entry, Factor, Tables};

pub fn run(args: &ListArgs, ctx: &mut Ctx) -> anyhow::Result<()> {
    let tables = ctx.tables;
    match args.table.map(|t| t.factor()) {
        None => emit(ctx.out, args.format, &ctx.style, &rows(tables, &Factor::ALL), Shape::Many),
        Some(Some(f)) => emit(ctx.out, args.format, &ctx.style, &rows(tables, &[f]), Shape::Many),
        Some(None) => {
            let bands: Vec<BandRow> = tables.bands.bands.iter().map(BandRow).collect();
            emit(ctx.out, args.format, &ctx.style, &bands, Shape::Many)
        }
    }
}

/// The entries of `factors`, in table order, except that US locations come before the rest:
/// a US metro is found among US metros, and Berlin is not lost between them.
fn rows<'a>(tables: &'a Tables, factors: &[Factor]) -> Vec<EntryRow<'a>> {
    let mut rows: Vec<EntryRow> = factors
        .iter()
        .flat_map(|&f| {
            let table = tables.factor(f);
            table.entries.iter().enumerate().map(move |(i, entry)| EntryRow {
                factor: f,
                entry,
                default: i == table.default_index(),
            })
        })
        .collect();
    // Stable: the order within each group is the table's.
    rows.sort_by_key(|r| (r.factor, r.group()));
    rows
}

/// One factor entry as listed.
struct EntryRow<'a> {
    factor: Factor,
    entry: &'a Entry,
    default: bool,
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
            aliases: &'a [String],
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
        ]
    }

    fn row(&self, out: &mut Vec<String>) {
        let e = self.entry;
        out.extend([
            self.factor.name().to_string(),
            e.key.clone(),
            e.label.clone(),
            e.aliases.join(";"),
            e.multiplier.to_string(),
            self.default.to_string(),
            e.source.clone(),
            e.confidence.as_str().to_string(),
            e.note.clone().unwrap_or_default(),
            e.country.clone().unwrap_or_default(),
            e.currency.clone().unwrap_or_default(),
            e.area_code.clone().unwrap_or_default(),
        ]);
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
            writeln!(w, "{}", style.bold(&title))?;
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
                        e.key.clone(),
                        e.label.clone(),
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

/// One band as listed.
struct BandRow<'a>(&'a Band);

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
        }
        .serialize(s)
    }
}

impl Record for BandRow<'_> {
    fn columns() -> Vec<&'static str> {
        vec!["level", "label", "from_years", "to_years", "low", "high", "open_ended", "source", "confidence"]
    }

    fn row(&self, out: &mut Vec<String>) {
        let b = self.0;
        out.extend([
            b.level.clone(),
            b.label.clone(),
            num(b.from_years),
            num(b.to_years),
            num(b.low),
            num(b.high),
            b.open_ended.to_string(),
            b.source.clone(),
            b.confidence.as_str().to_string(),
        ]);
    }

    fn text(records: &[Self], w: &mut dyn Write, style: &Style) -> io::Result<()> {
        writeln!(w, "{}", style.bold("bands (base salary, USD, from the article)"))?;
        let mut table = Table::new().min_width(0, 6).min_width(1, 14).min_width(2, 22);
        for BandRow(b) in records {
            let top = if b.open_ended { "+" } else { "" };
            table.row([
                Cell::from(b.level.as_str()),
                Cell::from(band_years(b)),
                Cell::from(format!("${} – ${}{top}", thousands(b.low as i64), thousands(b.high as i64))),
                Cell::new(format!("{} {}", b.confidence.as_str(), b.source), Paint::Dim),
            ]);
        }
        table.write(w, style)
    }
}
