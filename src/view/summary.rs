//! The pay review's summary (`batch --summary`): one row per group, then the total; as an
//! aligned text table with a strip of each group's compa-ratio spread, or CSV, TSV, JSON and
//! JSON Lines.

use std::io::Write;

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::error::printable;
use crate::model::summary::{Group, Groups};
use crate::output::html::{Block, Page, Table as HtmlTable, Text, Tone};
use crate::output::{Cell, Format, Origin, Rolled, Style, Table, money, thousands, write_rolled};

/// The summary's columns after the group columns. The last, `total`, marks the total row,
/// which no group (one whose value is `all`) can pass for.
/// The `wage_level_*` columns count rows per approximate OEWS wage level of the pay (`--soc`),
/// `wage_level_none` those with none (outside the US, or where BLS released nothing).
pub const SUMMARY_COLUMNS: [&str; 18] = [
    "rows",
    "errors",
    "median_compa_ratio",
    "p25_compa_ratio",
    "p75_compa_ratio",
    "below",
    "within",
    "above",
    "cost_to_low",
    "cost_to_mid",
    "currency",
    "wage_level_below_i",
    "wage_level_i",
    "wage_level_ii",
    "wage_level_iii",
    "wage_level_iv",
    "wage_level_none",
    "total",
];

/// The names of [`Group::wage_levels`]' counts, in the text.
const WAGE_LEVEL_WORDS: [&str; 6] = ["below I", "I", "II", "III", "IV", "none"];

/// Cents as an amount: `1234.5`, `1234`.
fn amount(cents: i64) -> f64 {
    cents as f64 / 100.0
}

/// Whole cents as an integer JSON number, else a fraction.
fn amount_json(cents: i64) -> serde_json::Value {
    if cents % 100 == 0 { (cents / 100).into() } else { amount(cents).into() }
}

/// One summary row: the group's cells (or `all`) and its figures.
struct SummaryRow<'r> {
    names: &'r [String],
    cells: Vec<String>,
    group: &'r Group,
    currency: &'r str,
    /// The total row, after the groups.
    total: bool,
}

impl SummaryRow<'_> {
    fn fields(&self) -> Vec<String> {
        let g = self.group;
        let q = g.quartiles();
        let ratio = |i: usize| q.map(|q| format!("{:.2}", q[i])).unwrap_or_default();
        let mut out = self.cells.clone();
        out.extend([g.rows.to_string(), g.errors.to_string(), ratio(1), ratio(0), ratio(2)]);
        out.extend(g.verdicts.iter().map(u64::to_string));
        out.extend([g.cost_to_low, g.cost_to_mid].map(|c| crate::view::words::num(amount(c))));
        out.push(self.currency.to_string());
        out.extend(g.wage_levels.iter().map(u64::to_string));
        out.push(self.total.to_string());
        out
    }
}

impl Serialize for SummaryRow<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let g = self.group;
        let q = g.quartiles();
        let mut map = s.serialize_map(None)?;
        for (name, cell) in self.names.iter().zip(&self.cells) {
            map.serialize_entry(name, cell)?;
        }
        map.serialize_entry("rows", &g.rows)?;
        map.serialize_entry("errors", &g.errors)?;
        map.serialize_entry("median_compa_ratio", &q.map(|q| q[1]))?;
        map.serialize_entry("p25_compa_ratio", &q.map(|q| q[0]))?;
        map.serialize_entry("p75_compa_ratio", &q.map(|q| q[2]))?;
        map.serialize_entry("below", &g.verdicts[0])?;
        map.serialize_entry("within", &g.verdicts[1])?;
        map.serialize_entry("above", &g.verdicts[2])?;
        map.serialize_entry("cost_to_low", &amount_json(g.cost_to_low))?;
        map.serialize_entry("cost_to_mid", &amount_json(g.cost_to_mid))?;
        map.serialize_entry("currency", self.currency)?;
        for (name, n) in SUMMARY_COLUMNS[11..17].iter().zip(g.wage_levels) {
            map.serialize_entry(name, &n)?;
        }
        map.serialize_entry("total", &self.total)?;
        map.end()
    }
}

/// What the summary's text says it is.
pub struct About<'r> {
    /// The costs' currency.
    pub currency: &'r str,
    /// What the rows were compared in, when not `currency`: `each row in its location's
    /// currency` (`--currency local`), or a currency column's.
    pub compared_in: Option<String>,
    /// For each `--by` column, whether it is a profile column grouped by what its values
    /// resolve to, with the values as typed listed.
    pub typed: Vec<bool>,
    pub bands: &'r str,
    pub pay_column: &'r str,
    /// `base salary, 2024 pay` or `total pay ...`.
    pub compared: String,
    /// The occupation (SOC code) whose wage levels are counted.
    pub soc: &'r str,
    /// The tables: `builtin` or the user's directory (JSON's `data`).
    pub data: &'r str,
}

impl About<'_> {
    /// What a roll-up's heading says the pay was set against: `` `base_salary` against the
    /// estimate (base salary, 2026 pay, USD, article bands)``.
    pub(crate) fn against(&self) -> String {
        format!(
            "`{}` against the estimate ({}, {}, {} bands)",
            printable(self.pay_column),
            self.compared,
            self.compared_in.as_deref().unwrap_or(self.currency),
            self.bands,
        )
    }
}

/// Writes the summary: one row per group, largest cost to the low end first, then the total
/// (`all` in each group column); without `--by`, one row, `all`, under the column `group`.
pub fn write_summary(
    groups: &Groups,
    by: &[String],
    about: &About,
    format: Format,
    style: &Style,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let mut group_names: Vec<String> = if by.is_empty() { vec!["group".into()] } else { group_names(by) };
    // A profile column grouped by what its values resolve to lists them as typed, after the
    // group columns: `city_as_typed`, `SF; San Francisco`.
    let typed: Vec<usize> = (0..by.len()).filter(|&j| about.typed.get(j) == Some(&true)).collect();
    let typed_names: Vec<String> = typed.iter().map(|&j| format!("{}_as_typed", group_names[j])).collect();
    group_names.extend(typed_names);
    let (sorted, total) = groups.sorted(by.len());
    let mut all = vec!["all".to_string(); by.len().max(1)];
    all.resize(group_names.len(), String::new());
    let mut rows: Vec<SummaryRow> = Vec::new();
    if !by.is_empty() {
        rows.extend(sorted.into_iter().map(|(mut cells, group)| {
            cells.extend(typed.iter().map(|&j| as_typed(group, j)));
            SummaryRow { names: &group_names, cells, group, currency: about.currency, total: false }
        }));
    }
    rows.push(SummaryRow {
        names: &group_names,
        cells: all,
        group: &total,
        currency: about.currency,
        total: true,
    });
    let header: Vec<&str> = group_names.iter().map(String::as_str).chain(SUMMARY_COLUMNS).collect();
    let rolled = Rolled {
        header: &header,
        rows: &rows,
        fields: SummaryRow::fields,
        origin: &Origin::data(about.data),
    };
    write_rolled(
        out,
        format,
        style,
        &rolled,
        &|out, style| text(&rows, &group_names, about, style, out),
        Some(&|csv| page(&rows, &group_names, about, csv)),
    )
}

/// A group's values as typed in `--by` column `column`: `SF; San Francisco`, `; …` when there
/// were more than it keeps.
fn as_typed(group: &Group, column: usize) -> String {
    let values = group.typed.get(column).map_or(&[][..], Vec::as_slice);
    let mut out: Vec<String> = values
        .iter()
        .map(|v| if v.is_empty() { "(empty)".into() } else { printable(&String::from_utf8_lossy(v)) })
        .collect();
    if group.typed_more {
        out.push("…".into());
    }
    out.join("; ")
}

/// The group columns' names in the output: as given, but one named like a summary column is
/// kept as `input_NAME` (as batch's rows keep an input `currency`), so no name is given twice.
fn group_names(by: &[String]) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(by.len());
    for name in by {
        let mut name =
            if SUMMARY_COLUMNS.contains(&name.as_str()) { format!("input_{name}") } else { name.clone() };
        while names.contains(&name) || (SUMMARY_COLUMNS.contains(&name.as_str())) {
            name.push('_');
        }
        names.push(name);
    }
    names
}

/// The text summary: an aligned table with a strip of each group's compa-ratio spread.
fn text(
    rows: &[SummaryRow],
    names: &[String],
    about: &About,
    style: &Style,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    const STRIP: usize = 21;
    let Some(total) = rows.last() else { return Ok(()) };
    let t = total.group;
    let total_levels = t.wage_levels;
    writeln!(
        out,
        "{}",
        style.bold(&format!(
            "Pay review of {} ({} reviewed, {} with errors): {}",
            count(t.rows + t.errors, "row", "rows"),
            thousands(t.rows as i64),
            thousands(t.errors as i64),
            about.against(),
        ))
    )?;
    writeln!(out)?;
    if t.rows + t.errors == 0 {
        writeln!(out, "  {}", style.dim("the input has no rows: there is nothing to review"))?;
        return Ok(());
    }
    // The strip's scale: every group's p25 to p75, out to the next 0.05 (none when no row has a
    // compa-ratio: every row bad).
    let quartiles: Vec<Option<[f64; 3]>> = rows.iter().map(|r| r.group.quartiles()).collect();
    let lo = quartiles.iter().flatten().map(|q| q[0]).fold(f64::INFINITY, f64::min);
    let hi = quartiles.iter().flatten().map(|q| q[2]).fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi) = ((lo * 20.0).floor() / 20.0, (hi * 20.0).ceil() / 20.0);
    let hi = if hi > lo { hi } else { lo + 0.05 };
    let scale = if lo.is_finite() { format!("compa-ratio {lo:.2} to {hi:.2}") } else { "compa-ratio".into() };
    let at = |x: f64| {
        (((x - lo) / (hi - lo)) * (STRIP - 1) as f64).round().clamp(0.0, (STRIP - 1) as f64) as usize
    };
    let width = names.len();
    let mut table = Table::new();
    for i in width..width + 10 {
        table = table.align_right(i);
    }
    let mut header: Vec<String> = names.to_vec();
    header.extend(
        ["rows", "errors", "p25", "median", "p75", "below", "within", "above", "cost to low", "cost to mid"]
            .map(String::from),
    );
    header.push(scale);
    table.header(header);
    for (row, q) in rows.iter().zip(&quartiles) {
        let g = row.group;
        let mut cells: Vec<Cell> = row.cells.iter().map(|c| Cell::from(printable(c))).collect();
        cells.extend([thousands(g.rows as i64), thousands(g.errors as i64)].map(Cell::from));
        let ratio = |i: usize| q.map_or("-".to_string(), |q| format!("{:.2}", q[i]));
        cells.extend([ratio(0), ratio(1), ratio(2)].map(Cell::from));
        cells.extend(g.verdicts.map(|v| Cell::from(thousands(v as i64))));
        cells.extend(
            [g.cost_to_low, g.cost_to_mid]
                .map(|c| Cell::from(money((c as f64 / 100.0).round() as i64, about.currency))),
        );
        let strip = match q {
            Some([p25, median, p75]) => {
                let mut s = vec!['·'; STRIP];
                (at(*p25)..=at(*p75)).for_each(|i| s[i] = '━');
                s[at(*median)] = '●';
                s.into_iter().collect::<String>()
            }
            None => String::new(),
        };
        cells.push(Cell::from(strip));
        table.row(cells);
    }
    // The total row is set apart by a blank line, so a group named `all` cannot pass for it.
    let lines = table.lines(style);
    for (i, line) in lines.iter().enumerate() {
        if i + 1 == lines.len() && rows.len() > 1 {
            writeln!(out)?;
        }
        writeln!(out, "{line}")?;
    }
    writeln!(out)?;
    for line in [
        "compa-ratio = pay / the range's mid; the strip marks p25 to p75 (━) and the median (●)".to_string(),
        format!(
            "cost to low: what lifting every row below its range to the low end costs a year; cost to mid, to the mid (in {})",
            about.currency
        ),
        format!(
            "approximate OEWS wage levels ({}), all rows: {}; from BLS OEWS May 2025 percentiles and mean, not the DOL's official levels, not legal advice",
            about.soc,
            WAGE_LEVEL_WORDS
                .iter()
                .zip(total_levels)
                .map(|(w, n)| format!("{w} {}", thousands(n as i64)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    ] {
        writeln!(out, "  {}", style.dim(&line))?;
    }
    Ok(())
}

/// The HTML report of a pay review: the counts, each group's compa-ratio spread on one scale,
/// the people placed in their ranges (a dot each, up to a few hundred; a histogram beyond), the
/// table and every figure of the CSV.
fn page(rows: &[SummaryRow], names: &[String], about: &About, csv: &[u8]) -> anyhow::Result<Page> {
    use crate::model::summary::{PEOPLE, POSITION_BINS, POSITION_STEP};
    use crate::view::report::{footer, tone};
    use crate::view::svg::{self, Bar, Dot, Strip, Unit};
    let mut page = Page { title: "Pay review".into(), footer: footer(), ..Page::default() };
    let Some(total) = rows.last() else { return Ok(page) };
    let t = total.group;
    page.blocks.push(Block::Lead(
        format!(
            "{} ({} reviewed, {} with errors): {}",
            count(t.rows + t.errors, "row", "rows"),
            thousands(t.rows as i64),
            thousands(t.errors as i64),
            about.against()
        ),
        None,
    ));
    page.blocks.push(Block::Facts(vec![
        ("below range".into(), thousands(t.verdicts[0] as i64)),
        ("within range".into(), thousands(t.verdicts[1] as i64)),
        ("above range".into(), thousands(t.verdicts[2] as i64)),
        ("cost to low".into(), money((t.cost_to_low as f64 / 100.0).round() as i64, about.currency)),
        ("cost to mid".into(), money((t.cost_to_mid as f64 / 100.0).round() as i64, about.currency)),
    ]));
    let label = |r: &SummaryRow| {
        if r.total {
            "all".to_string()
        } else {
            r.cells[..names.len().min(r.cells.len())]
                .iter()
                .map(|c| printable(c))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let spreads: Vec<Strip> = rows
        .iter()
        .filter_map(|r| {
            let q = r.group.percentiles([0.1, 0.25, 0.5, 0.75, 0.9])?;
            Some(Strip { label: label(r), bar: Bar::Spread(q), marks: Vec::new() })
        })
        .collect();
    if !spreads.is_empty() {
        page.blocks.push(Block::Chart(svg::strips(
            "Compa-ratio per group: p10 to p90, p25 to p75 and the median (1.00 is the mid)",
            Unit::Ratio,
            &spreads,
            None,
        )));
    }
    if t.rows > 0 && t.rows as usize <= PEOPLE {
        let dots: Vec<Dot> = t
            .people
            .iter()
            .map(|&(p, v)| Dot {
                label: format!("{}, {:.1}% of the way through the range", v.as_str(), p),
                position_pct: f64::from(p),
                tone: tone(v),
            })
            .collect();
        let says = format!(
            "{} people placed in their ranges: {} below, {} within, {} above",
            dots.len(),
            t.verdicts[0],
            t.verdicts[1],
            t.verdicts[2]
        );
        page.blocks.push(Block::Chart(svg::dots("Each person in their range: a dot each, left of the low end below it, right of the high end above it", &dots, &says)));
    } else if t.rows > 0 {
        let bins: Vec<(f64, f64, u64)> = (0..POSITION_BINS)
            .map(|i| {
                let a = -50.0 + POSITION_STEP * i as f64;
                (a, a + POSITION_STEP, t.positions[i])
            })
            .collect();
        let says = format!(
            "{} rows by position in their range (the first bar holds all below -50%, the last all above 150%): {} below, {} within, {} above",
            thousands(t.rows as i64),
            t.verdicts[0],
            t.verdicts[1],
            t.verdicts[2]
        );
        page.blocks.push(Block::Chart(svg::histogram("Rows by position in their range", &bins, &says)));
    }
    let mut table = HtmlTable {
        caption: format!("Per group, largest cost to the low end first (costs in {})", about.currency),
        columns: names.to_vec(),
        ..HtmlTable::default()
    };
    table.columns.extend(
        ["rows", "errors", "p25", "median", "p75", "below", "within", "above", "cost to low", "cost to mid"]
            .map(String::from),
    );
    table.numeric = (0..table.columns.len()).map(|i| i >= names.len()).collect();
    for r in rows {
        let g = r.group;
        let q = g.quartiles();
        let mut cells: Vec<Text> = r.cells.iter().map(|c| Text::from(printable(c))).collect();
        cells.resize_with(names.len(), Default::default);
        cells.extend([thousands(g.rows as i64), thousands(g.errors as i64)].map(Text::from));
        cells.extend((0..3).map(|i| Text::from(q.map_or("-".to_string(), |q| format!("{:.2}", q[i])))));
        let tones = [Some(Tone::Below), None, Some(Tone::Above)];
        for (v, tone) in g.verdicts.iter().zip(tones) {
            cells.push(Text { text: thousands(*v as i64), tone: tone.filter(|_| *v > 0) });
        }
        cells.extend(
            [g.cost_to_low, g.cost_to_mid]
                .map(|c| Text::from(money((c as f64 / 100.0).round() as i64, about.currency))),
        );
        table.rows.push(cells);
    }
    page.blocks.push(Block::Table(table));
    page.blocks.push(Block::Notes(vec![
        "compa-ratio = pay / the range's mid; position in range: 0% is the low end, 100% the high end".into(),
        format!(
            "cost to low: what lifting every row below its range to the low end costs a year; cost to mid, to the mid (in {})",
            about.currency
        ),
    ]));
    page.blocks.push(Block::Heading("Every figure".into()));
    page.blocks.push(Block::Table(crate::output::csv_table(csv, "The summary, as its CSV has it")?));
    Ok(page)
}

fn count(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n as i64), if n == 1 { one } else { many })
}
