//! The pay-equity check (`batch --equity-by COLUMN`): one row per group of each category, the
//! reference first; as an aligned text table with what the check is and is not, or CSV, TSV,
//! JSON and JSON Lines.

use std::io::Write;

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::error::printable;
use crate::model::equity::{Category, EquityRow, FLAG_PCT, MIN_GROUP};
use crate::output::{Cell, Format, Origin, Rolled, Style, Table, money, thousands, write_rolled};
use crate::view::summary::About;

/// The check's columns after the category columns and the equity column.
pub const EQUITY_COLUMNS: [&str; 12] = [
    "rows",
    "reference",
    "suppressed",
    "mean_pay",
    "median_pay",
    "mean_gap_pct",
    "median_gap_pct",
    "mean_compa_ratio",
    "compa_gap_pct",
    "flagged",
    "errors",
    "currency",
];

/// Cents as an amount, to the cent.
fn amount(cents: f64) -> f64 {
    (cents / 100.0 * 100.0).round() / 100.0
}

struct Row<'r> {
    names: &'r [String],
    cells: &'r [String],
    row: &'r EquityRow<'r>,
    currency: &'r str,
}

impl Row<'_> {
    fn fields(&self) -> Vec<String> {
        let r = self.row;
        let n = |x: Option<f64>| x.map(crate::view::words::num).unwrap_or_default();
        let mut out: Vec<String> = self.cells.to_vec();
        out.push(r.value.clone());
        out.extend([r.group.rows.to_string(), r.reference.to_string(), r.suppressed.to_string()]);
        out.extend([n(r.mean_pay.map(amount)), n(r.median_pay.map(amount))]);
        out.extend([n(r.mean_gap_pct), n(r.median_gap_pct), n(r.mean_compa_ratio), n(r.compa_gap_pct)]);
        out.extend([r.flagged.to_string(), r.group.errors.to_string(), self.currency.to_string()]);
        out
    }
}

impl Serialize for Row<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.row;
        let mut map = s.serialize_map(None)?;
        for (name, cell) in self.names.iter().zip(self.cells.iter().chain(std::iter::once(&r.value))) {
            map.serialize_entry(name, cell)?;
        }
        map.serialize_entry("rows", &r.group.rows)?;
        map.serialize_entry("reference", &r.reference)?;
        map.serialize_entry("suppressed", &r.suppressed)?;
        map.serialize_entry("mean_pay", &r.mean_pay.map(amount))?;
        map.serialize_entry("median_pay", &r.median_pay.map(amount))?;
        map.serialize_entry("mean_gap_pct", &r.mean_gap_pct)?;
        map.serialize_entry("median_gap_pct", &r.median_gap_pct)?;
        map.serialize_entry("mean_compa_ratio", &r.mean_compa_ratio)?;
        map.serialize_entry("compa_gap_pct", &r.compa_gap_pct)?;
        map.serialize_entry("flagged", &r.flagged)?;
        map.serialize_entry("errors", &r.group.errors)?;
        map.serialize_entry("currency", self.currency)?;
        map.end()
    }
}

/// Writes the check. `names` are the output names of the `--by` columns then the equity column.
pub fn write_equity(
    categories: &[Category],
    names: &[String],
    about: &About,
    format: Format,
    style: &Style,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let rows: Vec<Row> = categories
        .iter()
        .flat_map(|c| c.rows.iter().map(|row| Row { names, cells: &c.cells, row, currency: about.currency }))
        .collect();
    let header: Vec<&str> = names.iter().map(String::as_str).chain(EQUITY_COLUMNS).collect();
    let rolled =
        Rolled { header: &header, rows: &rows, fields: Row::fields, origin: &Origin::data(about.data) };
    // The report: the text's heading and notes around the check's table.
    let page = |csv: &[u8]| {
        let mut text_out = Vec::new();
        text(categories, &rows, names, about, &Style::plain(), &mut text_out)?;
        let table = crate::output::csv_table(csv, "Each group, as the CSV has it")?;
        crate::view::report::text_page("Pay-equity check", &text_out, table)
    };
    write_rolled(
        out,
        format,
        style,
        &rolled,
        &|out, style| text(categories, &rows, names, about, style, out),
        Some(&page),
    )
}

fn text(
    categories: &[Category],
    rows: &[Row],
    names: &[String],
    about: &About,
    style: &Style,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let column = names.last().map_or("", String::as_str);
    let reviewed: u64 = rows.iter().map(|r| r.row.group.rows).sum();
    let within = match &names[..names.len().saturating_sub(1)] {
        [] => String::new(),
        by => format!(
            " within each {}",
            by.iter().map(|b| format!("`{}`", printable(b))).collect::<Vec<_>>().join(" x ")
        ),
    };
    writeln!(
        out,
        "{}",
        style.bold(&format!(
            "Pay-equity check of {} reviewed rows: `{}` groups{within}, {}",
            thousands(reviewed as i64),
            printable(column),
            about.against(),
        ))
    )?;
    writeln!(out)?;
    if rows.is_empty() {
        writeln!(out, "  {}", style.dim("no reviewed rows: there is nothing to compare"))?;
        return Ok(());
    }
    let width = names.len();
    let mut table = Table::new();
    for i in width..width + 7 {
        table = table.align_right(i);
    }
    let mut header: Vec<String> = names.to_vec();
    header.extend(
        ["rows", "mean pay", "median pay", "mean gap", "median gap", "compa-ratio", "compa gap", ""]
            .map(String::from),
    );
    table.header(header);
    let pct = |x: Option<f64>| x.map_or("-".to_string(), |x| format!("{x:+.1}%"));
    let cash =
        |x: Option<f64>| x.map_or("-".to_string(), |c| money((c / 100.0).round() as i64, about.currency));
    for r in rows {
        let e = r.row;
        let mut cells: Vec<Cell> = r.cells.iter().map(|c| Cell::from(printable(c))).collect();
        cells.push(Cell::from(if e.value.is_empty() { "(empty)".to_string() } else { printable(&e.value) }));
        cells.push(Cell::from(thousands(e.group.rows as i64)));
        cells.extend([cash(e.mean_pay), cash(e.median_pay)].map(Cell::from));
        cells.extend([pct(e.mean_gap_pct), pct(e.median_gap_pct)].map(Cell::from));
        cells.push(Cell::from(e.mean_compa_ratio.map_or("-".to_string(), |c| format!("{c:.3}"))));
        cells.push(Cell::from(pct(e.compa_gap_pct)));
        let mark = match (e.reference, e.suppressed, e.flagged) {
            (true, _, _) => "reference".to_string(),
            (_, true, _) => format!("fewer than {MIN_GROUP}: not shown"),
            (_, _, true) => format!("FLAGGED: adjusted gap of {FLAG_PCT}% or more"),
            _ => String::new(),
        };
        cells.push(Cell::from(if e.flagged { style.warn(&mark) } else { mark }));
        table.row(cells);
    }
    table.write(out, style)?;
    writeln!(out)?;
    let flagged: Vec<String> = categories
        .iter()
        .filter(|c| c.flagged())
        .map(|c| if c.cells.is_empty() { "all".into() } else { printable(&c.cells.join(" x ")) })
        .collect();
    let suppressed = rows.iter().filter(|r| r.row.suppressed).count();
    let no_reference = categories.iter().filter(|c| c.reference.is_none()).count();
    let compared = categories.len() - no_reference;
    let mut notes = vec![
        match (flagged.len(), compared) {
            (_, 0) => "no gap computed: no category has a reference group of 5 or more rows".to_string(),
            (0, _) => format!("no category has an adjusted (compa-ratio) gap of {FLAG_PCT}% or more"),
            _ => format!("flagged (an adjusted gap of {FLAG_PCT}% or more): {}", flagged.join(", ")),
        },
        "gaps are (reference - group) / reference, positive when the group is paid less: of the mean and the median pay, as the EU pay-transparency directive defines the pay gap, and of the mean compa-ratio (pay / the range's mid), which is already adjusted for each person's level, place and profile".to_string(),
        format!("a group of fewer than {MIN_GROUP} reviewed rows is not shown: {suppressed} suppressed"),
        "a flag in a small group can be chance: read it with the group's rows".to_string(),
        "a statistical screen of pay as the file holds it, not legal advice".to_string(),
    ];
    if no_reference > 0 && compared > 0 {
        let what = if no_reference == 1 { "category has" } else { "categories have" };
        notes.push(format!(
            "{no_reference} {what} no reference group of {MIN_GROUP} or more rows: no gap there"
        ));
    }
    for note in notes {
        for (i, line) in crate::view::market::wrap(&note, "    ").into_iter().enumerate() {
            let line = if i == 0 { format!("  {}", line.trim_start()) } else { line };
            writeln!(out, "{}", style.dim(&line))?;
        }
    }
    Ok(())
}
