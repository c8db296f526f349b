//! A raise budget (`batch --budget`): each row's raise cells, and the budget summary per
//! `--by` group (text with the rule used, CSV, TSV, JSON, JSON Lines).

use std::io::Write;

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::error::printable;
use crate::model::raise::{After, LiftTo, Plan, RaiseGroup};
use crate::output::{Cell, Format, Origin, Rolled, RowBytes, Style, Table, money, thousands, write_rolled};
use crate::tables::matrix::Matrix;
use crate::view::summary::About;

/// The columns a budget adds to each row, after `error`.
pub const RAISE_COLUMNS: [&str; 5] = ["raise", "raise_pct", "new_pay", "new_compa_ratio", "new_verdict"];

/// The budget summary's columns after the `--by` columns.
pub const BUDGET_COLUMNS: [&str; 10] = [
    "rows",
    "errors",
    "pay",
    "raise",
    "raise_pct",
    "lifted",
    "still_below",
    "left_to_low",
    "budget_left",
    "currency",
];

/// Cents as an amount: whole, or to the cent.
fn cents(c: i64) -> String {
    if c % 100 == 0 { (c / 100).to_string() } else { format!("{}.{:02}", c / 100, (c % 100).abs()) }
}

/// `n` hundredths as the shortest decimal (`294` is `2.94`, `250` is `2.5`, `300` is `3`),
/// as `view::words::num` writes a figure rounded to two decimals.
fn push_hundredths(out: &mut Vec<u8>, n: i64) {
    let mut b = itoa::Buffer::new();
    if n < 0 {
        out.push(b'-');
    }
    let n = n.unsigned_abs();
    out.extend_from_slice(b.format(n / 100).as_bytes());
    let f = n % 100;
    if f != 0 {
        out.push(b'.');
        out.push(b'0' + (f / 10) as u8);
        if !f.is_multiple_of(10) {
            out.push(b'0' + (f % 10) as u8);
        }
    }
}

/// `n` hundredths with both decimals (`100` is `1.00`, `50` is `0.50`), as `compa_ratio` is
/// written in CSV.
fn push_two_decimals(out: &mut Vec<u8>, n: i64) {
    let mut b = itoa::Buffer::new();
    if n < 0 {
        out.push(b'-');
    }
    let n = n.unsigned_abs();
    out.extend_from_slice(b.format(n / 100).as_bytes());
    out.push(b'.');
    out.push(b'0' + (n % 100 / 10) as u8);
    out.push(b'0' + (n % 10) as u8);
}

/// A row's raise cells, each after a delimiter (CSV, TSV) or as JSON members after a comma;
/// empty (null) for a row with no raise (a bad row). Written byte by byte: the deliverer
/// writes them for every row, on one thread.
pub fn push_cells(out: &mut Vec<u8>, rows: RowBytes, after: Option<&After>) {
    let (json, delimiter) = match rows {
        RowBytes::Json => (true, b','),
        RowBytes::Delimited(delimiter) => (false, delimiter),
    };
    let Some(a) = after else {
        for name in RAISE_COLUMNS {
            if json {
                out.extend_from_slice(b",\"");
                out.extend_from_slice(name.as_bytes());
                out.extend_from_slice(b"\":null");
            } else {
                out.push(delimiter);
            }
        }
        return;
    };
    let mut b = itoa::Buffer::new();
    for (i, name) in RAISE_COLUMNS.iter().enumerate() {
        if json {
            out.extend_from_slice(b",\"");
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b"\":");
        } else {
            out.push(delimiter);
        }
        match i {
            0 => out.extend_from_slice(b.format(a.raise).as_bytes()),
            1 => push_hundredths(out, (a.raise_pct * 100.0).round() as i64),
            2 => push_hundredths(out, a.new_pay),
            3 => match a.new_compa_ratio {
                // JSON: the number; CSV, TSV: two decimals, as `compa_ratio` (`1.00`).
                Some(c) if json => push_hundredths(out, (c * 100.0).round() as i64),
                Some(c) => push_two_decimals(out, (c * 100.0).round() as i64),
                None if json => out.extend_from_slice(b"null"),
                None => {}
            },
            _ => {
                let v = a.new_verdict.as_str().as_bytes();
                if json {
                    out.push(b'"');
                    out.extend_from_slice(v);
                    out.push(b'"');
                } else {
                    out.extend_from_slice(v);
                }
            }
        }
    }
}

/// What the budget summary says of the run.
pub struct Budgeted<'r> {
    pub plan: &'r Plan,
    pub lift: LiftTo,
    pub matrix: &'r Matrix,
    /// `built-in` or the file's path.
    pub matrix_name: String,
    pub perf_column: Option<&'r str>,
    /// `3% of the reviewed pay`, or empty for an amount.
    pub given: String,
    pub unrated: u64,
}

struct Row<'r> {
    names: &'r [String],
    cells: Vec<String>,
    group: &'r RaiseGroup,
    /// The budget left, on the total row only.
    left: Option<i64>,
    currency: &'r str,
}

impl Row<'_> {
    fn fields(&self) -> Vec<String> {
        let g = self.group;
        let mut out = self.cells.clone();
        out.extend([g.rows.to_string(), g.errors.to_string(), cents(g.pay as i64), g.raise.to_string()]);
        out.push(g.raise_pct().map(crate::view::words::num).unwrap_or_default());
        out.extend([g.lifted.to_string(), g.still_below.to_string(), g.left_to_low.to_string()]);
        out.extend([self.left.map(|l| l.to_string()).unwrap_or_default(), self.currency.to_string()]);
        out
    }
}

impl Serialize for Row<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let g = self.group;
        let mut map = s.serialize_map(None)?;
        for (name, cell) in self.names.iter().zip(&self.cells) {
            map.serialize_entry(name, cell)?;
        }
        map.serialize_entry("rows", &g.rows)?;
        map.serialize_entry("errors", &g.errors)?;
        // Whole units as an integer, as the rows' `pay`.
        match g.pay % 100 {
            0 => map.serialize_entry("pay", &((g.pay / 100) as i64))?,
            _ => map.serialize_entry("pay", &(g.pay as f64 / 100.0))?,
        }
        map.serialize_entry("raise", &g.raise)?;
        map.serialize_entry("raise_pct", &g.raise_pct())?;
        map.serialize_entry("lifted", &g.lifted)?;
        map.serialize_entry("still_below", &g.still_below)?;
        map.serialize_entry("left_to_low", &g.left_to_low)?;
        map.serialize_entry("budget_left", &self.left)?;
        map.serialize_entry("currency", self.currency)?;
        map.end()
    }
}

/// Writes the budget summary: one row per group (cells from its key, `\x1f` between them),
/// then a total row (`all` in each `--by` column) with the budget left.
pub fn write_budget(
    groups: &[(Vec<u8>, RaiseGroup)],
    names: &[String],
    budget: &Budgeted,
    about: &About,
    format: Format,
    style: &Style,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let mut total = RaiseGroup::default();
    groups.iter().for_each(|(_, g)| total.merge(g));
    let split = |key: &[u8]| -> Vec<String> {
        match names.len() {
            0 => Vec::new(),
            _ => key.split(|&b| b == 0x1f).map(|c| String::from_utf8_lossy(c).into_owned()).collect(),
        }
    };
    let currency = about.currency;
    let mut rows: Vec<Row> = Vec::new();
    if !names.is_empty() {
        rows.extend(groups.iter().map(|(k, g)| Row {
            names,
            cells: split(k),
            group: g,
            left: None,
            currency,
        }));
    }
    let left = budget.plan.budget - total.raise;
    rows.push(Row {
        names,
        cells: vec!["all".to_string(); names.len()],
        group: &total,
        left: Some(left),
        currency,
    });
    let header: Vec<&str> = names.iter().map(String::as_str).chain(BUDGET_COLUMNS).collect();
    let rolled =
        Rolled { header: &header, rows: &rows, fields: Row::fields, origin: &Origin::data(about.data) };
    // The page's table as the text has it: money with its currency and thousands separators.
    let page = |_csv: &[u8]| {
        let mut text_out = Vec::new();
        text(&rows, names, budget, about, &Style::plain(), &mut text_out)?;
        let (columns, cells) = text_table(&rows, names, currency);
        let table = crate::output::html::Table {
            caption: "Each group".into(),
            numeric: (0..columns.len()).map(|i| i >= names.len().max(1)).collect(),
            columns,
            rows: cells.into_iter().map(|r| r.iter().map(|c| c.as_str().into()).collect()).collect(),
        };
        crate::view::report::text_page("Raise budget", &text_out, table)
    };
    write_rolled(
        out,
        format,
        style,
        &rolled,
        &|out, style| text(&rows, names, budget, about, style, out),
        Some(&page),
    )
}

/// The rule as words: what was lifted first, then the matrix.
pub fn rule(budget: &Budgeted) -> String {
    let m = budget.matrix;
    let by = match budget.perf_column {
        Some(c) => format!("ratings from column `{}`", printable(c)),
        None => format!("every row rated `{}` (no --perf-column)", m.ratings[m.default].rating),
    };
    let (bands, to) = match m.bands {
        crate::tables::matrix::Bands::Compa(_) => ("compa-ratio bands", ", the compa-ratio to two decimals"),
        crate::tables::matrix::Bands::Quartile => ("range quartiles", ""),
    };
    let after = match budget.lift {
        LiftTo::None => "",
        _ => ", each row's band and pay taken after its lift",
    };
    let matrix = format!(
        "the merit matrix ({}: {}; {by}, by {bands} {}{to}) scaled to spend what is left, in proportion to weight x pay{after}",
        budget.matrix_name,
        m.source,
        m.labels().join(" | ")
    );
    match budget.lift {
        LiftTo::None => format!("the whole budget by {matrix}"),
        to => format!(
            "first every row below its range's {} lifted to it (lowest compa-ratio first, to three decimals, ties in input order; the last one lifted may be lifted partly), then {matrix}",
            if to == LiftTo::Low { "low end" } else { "mid" }
        ),
    }
}

/// The summary's table as the text shows it (and the HTML page): its header and cells, money
/// with the currency and thousands separators.
fn text_table(rows: &[Row], names: &[String], currency: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut header: Vec<String> = if names.is_empty() { vec!["group".into()] } else { names.to_vec() };
    header.extend(
        ["rows", "pay", "raise", "raise %", "lifted", "still below", "left to low"].map(String::from),
    );
    let cells = rows
        .iter()
        .map(|r| {
            let g = r.group;
            let mut cells: Vec<String> = if r.cells.is_empty() {
                vec!["all".to_string()]
            } else {
                r.cells.iter().map(|c| printable(c)).collect()
            };
            cells.push(thousands(g.rows as i64));
            cells.push(money((g.pay / 100) as i64, currency));
            cells.push(money(g.raise, currency));
            cells.push(g.raise_pct().map_or("-".to_string(), |p| format!("{p:.2}%")));
            cells.push(thousands(g.lifted as i64));
            cells.push(thousands(g.still_below as i64));
            cells.push(money(g.left_to_low, currency));
            cells
        })
        .collect();
    (header, cells)
}

fn text(
    rows: &[Row],
    names: &[String],
    budget: &Budgeted,
    about: &About,
    style: &Style,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let plan = budget.plan;
    let total = rows.last().map(|r| r.group).cloned().unwrap_or_default();
    let currency = about.currency;
    writeln!(
        out,
        "{}",
        style.bold(&format!(
            "Raise budget of {}{} over {} reviewed rows: {} spent, {}",
            money(plan.budget, currency),
            if budget.given.is_empty() { String::new() } else { format!(" ({})", budget.given) },
            thousands(total.rows as i64),
            money(total.raise, currency),
            about.against(),
        ))
    )?;
    writeln!(out)?;
    let width = names.len().max(1);
    let mut table = Table::new();
    for i in width..width + 7 {
        table = table.align_right(i);
    }
    let (header, cells) = text_table(rows, names, currency);
    table.header(header);
    for r in cells {
        table.row(r.into_iter().map(Cell::from).collect::<Vec<Cell>>());
    }
    table.write(out, style)?;
    writeln!(out)?;
    let mut notes = vec![
        format!("the rule: {}", rule(budget)),
        format!(
            "spent {} on lifts and {} by the matrix; raises are whole units, the matrix shares rounded cumulatively in input order (each within one unit of its exact share) so that they sum to the budget exactly",
            money(plan.lift, currency),
            money(plan.matrix, currency)
        ),
    ];
    if plan.unspent > 0 {
        notes.push(format!(
            "{} could not be spent: no row has a matrix weight above 0",
            money(plan.unspent, currency)
        ));
    }
    if total.errors > 0 {
        notes.push(format!("{} rows with an error got no raise", thousands(total.errors as i64)));
    }
    if budget.unrated > 0 {
        notes.push(format!(
            "{} rows have no rating the matrix knows: no matrix share (a lift still applies)",
            thousands(budget.unrated as i64)
        ));
    }
    notes.push("lifted: below the range before, within it after; left to low: what would still lift the rows below it to the low end".into());
    for note in notes {
        for (i, line) in crate::view::market::wrap(&note, "    ").into_iter().enumerate() {
            let line = if i == 0 { format!("  {}", line.trim_start()) } else { line };
            writeln!(out, "{}", style.dim(&line))?;
        }
    }
    Ok(())
}

/// `mlsal list matrix`: the merit matrix, a row per rating (best first), with its source.
pub(crate) fn write_matrix(
    m: &Matrix,
    format: Format,
    style: &Style,
    out: &mut dyn Write,
    origin: &Origin,
) -> anyhow::Result<()> {
    let labels = m.labels();
    struct Rating<'r>(&'r Matrix, usize, &'r [String]);
    impl Rating<'_> {
        fn fields(&self) -> Vec<String> {
            let (m, i) = (self.0, self.1);
            let r = &m.ratings[i];
            let mut out = vec![r.rating.clone(), r.aliases.join(" | ")];
            out.extend(r.weights.iter().map(|w| crate::view::words::num(*w)));
            out.extend([(m.default == i).to_string(), m.source.clone(), m.url.clone()]);
            out
        }
    }
    impl Serialize for Rating<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let (m, i) = (self.0, self.1);
            let r = &m.ratings[i];
            let mut map = s.serialize_map(None)?;
            map.serialize_entry("rating", &r.rating)?;
            map.serialize_entry("aliases", &r.aliases)?;
            let weights: serde_json::Map<String, serde_json::Value> =
                self.2.iter().zip(&r.weights).map(|(l, w)| (l.clone(), serde_json::json!(w))).collect();
            map.serialize_entry("weights", &weights)?;
            map.serialize_entry("default", &(m.default == i))?;
            map.serialize_entry("source", &m.source)?;
            map.serialize_entry("url", &m.url)?;
            map.end()
        }
    }
    let rows: Vec<Rating> = (0..m.ratings.len()).map(|i| Rating(m, i, &labels)).collect();
    let mut header = vec!["rating", "aliases"];
    header.extend(labels.iter().map(String::as_str));
    header.extend(["default", "source", "url"]);
    // The matrix is the built-in one whatever the tables.
    let matrix_origin = Origin { data: "builtin", ..*origin };
    let rolled = Rolled { header: &header, rows: &rows, fields: Rating::fields, origin: &matrix_origin };
    write_rolled(out, format, style, &rolled, &|out, style| matrix_text(m, &labels, style, out), None)
}

/// The merit matrix for people: a table of the weights, its source and notes.
fn matrix_text(m: &Matrix, labels: &[String], style: &Style, out: &mut dyn Write) -> anyhow::Result<()> {
    let by = match m.bands {
        crate::tables::matrix::Bands::Compa(_) => "compa-ratio band",
        crate::tables::matrix::Bands::Quartile => "range quartile",
    };
    writeln!(
        out,
        "{}",
        style.bold(&format!("Merit matrix (batch --budget): relative increase weights by rating and {by}"))
    )?;
    writeln!(out)?;
    let mut table = Table::new();
    for i in 1..=labels.len() {
        table = table.align_right(i);
    }
    let mut head = vec!["rating".to_string()];
    head.extend(labels.iter().cloned());
    head.push(String::new());
    table.header(head);
    for (i, r) in m.ratings.iter().enumerate() {
        let name = if r.aliases.is_empty() {
            r.rating.clone()
        } else {
            format!("{} ({})", r.rating, r.aliases.join(", "))
        };
        let mut cells = vec![Cell::from(name)];
        cells.extend(r.weights.iter().map(|w| Cell::from(format!("{w:.1}"))));
        cells.push(Cell::from(if m.default == i { "default".to_string() } else { String::new() }));
        table.row(cells);
    }
    table.write(out, style)?;
    writeln!(out)?;
    let notes = [
        format!("source: {} <{}>", m.source, m.url),
        m.note.clone(),
        "only the weights' ratios matter: batch --budget scales them so that the raises spend the budget exactly; the default rating is every row's without --perf-column".to_string(),
    ];
    for note in notes.iter().filter(|n| !n.is_empty()) {
        for (i, line) in crate::view::market::wrap(note, "    ").into_iter().enumerate() {
            let line = if i == 0 { format!("  {}", line.trim_start()) } else { line };
            writeln!(out, "{}", style.dim(&line))?;
        }
    }
    Ok(())
}
