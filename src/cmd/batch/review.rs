//! The pay review: which column holds today's pay, the review columns each row gets (from
//! `model::review`, as `offer` judges an amount), and `--summary`, the review rolled up per
//! group.

use std::io::Write;

use rustc_hash::FxHashMap;
use serde::ser::{Serialize, SerializeMap, Serializer};

use super::problem::listed;
use super::record::Record;
use crate::error::{Error, printable};
use crate::model::review::Verdict;
use crate::names::fold;
use crate::output::{Cell, Format, Style, Table, money, table_writer, thousands};

/// The names a pay column goes by (case, spaces, `_` and `-` folded).
pub const PAY_COLUMNS: [&str; 6] =
    ["base_salary", "salary", "base_pay", "current_salary", "annual_salary", "pay"];

/// The columns the review adds, after the estimate's (and `--total`'s) and before `error`.
pub const REVIEW_COLUMNS: [&str; 5] =
    ["compa_ratio", "position_pct", "gap_to_mid", "verdict", "survey_percentile"];

/// The largest pay read: beyond it a typo (an extra zero or two) is likelier than a salary.
pub const MAX_PAY: f64 = 1e7;

/// The summary's columns after the group columns.
pub const SUMMARY_COLUMNS: [&str; 11] = [
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
];

/// The column named `name`: as given, else the one whose name folds to the same (`Team` for
/// `team`). A name that is no column is a usage error listing the columns.
pub fn column(names: &[String], name: &str, flag: &'static str) -> Result<usize, Error> {
    if let Some(i) = names.iter().position(|n| n == name.trim()) {
        return Ok(i);
    }
    let folded = fold(name);
    let found: Vec<usize> = (0..names.len()).filter(|&i| fold(&names[i]) == folded).collect();
    match found[..] {
        [i] => Ok(i),
        _ => Err(Error::InvalidValue {
            flag,
            value: name.to_string(),
            reason: format!("no such column (columns: {})", listed(names, "`")),
        }),
    }
}

/// The pay column: `--pay-column`'s, else the one column with a pay name; none without one.
/// Two candidates are a usage error naming both.
pub fn pay_column(names: &[String], flag: Option<&str>) -> Result<Option<usize>, Error> {
    if let Some(name) = flag {
        return column(names, name, "--pay-column").map(Some);
    }
    let pay: Vec<String> = PAY_COLUMNS.iter().map(|p| fold(p)).collect();
    let found: Vec<usize> = (0..names.len()).filter(|&i| pay.contains(&fold(&names[i]))).collect();
    match found[..] {
        [] => Ok(None),
        [i] => Ok(Some(i)),
        [a, b, ..] => Err(Error::Usage {
            message: format!(
                "columns `{}` and `{}` could each be the pay column: name the one to review with --pay-column",
                printable(&names[a]),
                printable(&names[b])
            ),
        }),
    }
}

/// The `currency` column (the currency each row's pay is in), if any.
pub fn currency_column(names: &[String]) -> Option<usize> {
    names.iter().position(|n| fold(n) == "currency")
}

/// A row's review, for the summary: its compa-ratio, verdict and what lifting it costs, in
/// cents of the run's currency.
#[derive(Clone, Copy, Debug)]
pub struct Rolled {
    pub compa_ratio: Option<f64>,
    pub verdict: Verdict,
    pub cost_to_low: i64,
    pub cost_to_mid: i64,
}

/// One group's figures.
#[derive(Clone, Debug, Default)]
pub struct Group {
    pub rows: u64,
    pub errors: u64,
    /// Compa-ratios in hundredths (as printed), with how many rows have each.
    ratios: FxHashMap<i64, u64>,
    /// Below, within, above.
    verdicts: [u64; 3],
    /// In cents.
    cost_to_low: i64,
    cost_to_mid: i64,
}

impl Group {
    fn add(&mut self, row: Option<Rolled>) {
        let Some(r) = row else {
            self.errors += 1;
            return;
        };
        self.rows += 1;
        if let Some(c) = r.compa_ratio {
            *self.ratios.entry((c * 100.0).round() as i64).or_default() += 1;
        }
        self.verdicts[r.verdict as usize] += 1;
        self.cost_to_low += r.cost_to_low;
        self.cost_to_mid += r.cost_to_mid;
    }

    fn merge(&mut self, other: &Group) {
        self.rows += other.rows;
        self.errors += other.errors;
        for (&k, &n) in &other.ratios {
            *self.ratios.entry(k).or_default() += n;
        }
        (0..3).for_each(|i| self.verdicts[i] += other.verdicts[i]);
        self.cost_to_low += other.cost_to_low;
        self.cost_to_mid += other.cost_to_mid;
    }

    /// The p25, median and p75 compa-ratio (linear between the two nearest rows, as numpy's
    /// default and a spreadsheet's PERCENTILE), to two decimals; `None` with no ratio.
    pub fn quartiles(&self) -> Option<[f64; 3]> {
        let mut sorted: Vec<(i64, u64)> = self.ratios.iter().map(|(&k, &n)| (k, n)).collect();
        sorted.sort_unstable();
        let n: u64 = sorted.iter().map(|(_, c)| c).sum();
        if n == 0 {
            return None;
        }
        // The k-th smallest (from 0).
        let nth = |k: u64| {
            let mut seen = 0;
            for &(v, c) in &sorted {
                seen += c;
                if k < seen {
                    return v as f64;
                }
            }
            sorted.last().map_or(0.0, |&(v, _)| v as f64)
        };
        Some([0.25, 0.5, 0.75].map(|p| {
            let h = (n - 1) as f64 * p;
            let (lo, frac) = (h.floor() as u64, h - h.floor());
            let (a, b) = (nth(lo), nth((lo + 1).min(n - 1)));
            ((a + frac * (b - a)).round() / 100.0) + 0.0
        }))
    }
}

/// The groups of a summary, by their key (the `--by` cells, each after its length).
#[derive(Debug, Default)]
pub struct Groups {
    map: FxHashMap<Box<[u8]>, Group>,
    key: Vec<u8>,
}

impl Groups {
    /// Counts a row (`None` for a bad one) in the group of its `by` cells.
    pub fn add(&mut self, by: &[usize], record: &Record, row: Option<Rolled>) {
        self.key.clear();
        for &i in by {
            let cell = record.get(i).unwrap_or_default();
            self.key.extend_from_slice(&(cell.len() as u32).to_le_bytes());
            self.key.extend_from_slice(cell);
        }
        match self.map.get_mut(&self.key[..]) {
            Some(g) => g.add(row),
            None => {
                let mut g = Group::default();
                g.add(row);
                self.map.insert(self.key.as_slice().into(), g);
            }
        }
    }

    pub fn merge(&mut self, other: Groups) {
        for (key, g) in other.map {
            self.map.entry(key).or_default().merge(&g);
        }
    }

    /// The groups, largest cost to the low end first (then by their cells), each with its
    /// cells as text; then the total.
    fn sorted(&self, by: usize) -> (Vec<(Vec<String>, &Group)>, Group) {
        let mut groups: Vec<(Vec<String>, &Group)> =
            self.map.iter().map(|(key, g)| (cells(key, by), g)).collect();
        groups.sort_by(|a, b| b.1.cost_to_low.cmp(&a.1.cost_to_low).then_with(|| a.0.cmp(&b.0)));
        let mut total = Group::default();
        self.map.values().for_each(|g| total.merge(g));
        (groups, total)
    }
}

/// A group key's cells (see [`Groups::add`]), as text.
fn cells(mut key: &[u8], by: usize) -> Vec<String> {
    let mut out = Vec::with_capacity(by);
    while key.len() >= 4 {
        let len = u32::from_le_bytes([key[0], key[1], key[2], key[3]]) as usize;
        out.push(String::from_utf8_lossy(&key[4..4 + len]).into_owned());
        key = &key[4 + len..];
    }
    out
}

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
        map.end()
    }
}

/// What the summary's text says it is.
pub struct About<'r> {
    pub currency: &'r str,
    pub bands: &'r str,
    pub pay_column: &'r str,
    /// `base salary, 2024 pay` or `total pay ...`.
    pub compared: String,
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
    let group_names: Vec<String> = if by.is_empty() { vec!["group".into()] } else { by.to_vec() };
    let (sorted, total) = groups.sorted(by.len());
    let all = vec!["all".to_string(); group_names.len()];
    let mut rows: Vec<SummaryRow> = Vec::new();
    if !by.is_empty() {
        rows.extend(sorted.into_iter().map(|(cells, group)| SummaryRow {
            names: &group_names,
            cells,
            group,
            currency: about.currency,
        }));
    }
    rows.push(SummaryRow { names: &group_names, cells: all, group: &total, currency: about.currency });
    match format {
        Format::Csv | Format::Tsv => {
            let mut w = table_writer(out, format);
            w.write_record(group_names.iter().map(String::as_str).chain(SUMMARY_COLUMNS))?;
            for row in &rows {
                w.write_record(row.fields())?;
            }
            w.flush()?;
        }
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            out.write_all(b"\n")?;
        }
        Format::Jsonl => {
            for row in &rows {
                serde_json::to_writer(&mut *out, row)?;
                out.write_all(b"\n")?;
            }
        }
        Format::Text => text(&rows, &group_names, about, style, out)?,
    }
    Ok(())
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
    writeln!(
        out,
        "{}",
        style.bold(&format!(
            "Pay review of {} ({} reviewed, {} with errors): `{}` against the estimate ({}, {}, {} bands)",
            count(t.rows + t.errors, "row", "rows"),
            thousands(t.rows as i64),
            thousands(t.errors as i64),
            printable(about.pay_column),
            about.compared,
            about.currency,
            about.bands,
        ))
    )?;
    writeln!(out)?;
    // The strip's scale: every group's p25 to p75, out to the next 0.05.
    let quartiles: Vec<Option<[f64; 3]>> = rows.iter().map(|r| r.group.quartiles()).collect();
    let lo = quartiles.iter().flatten().map(|q| q[0]).fold(f64::INFINITY, f64::min);
    let hi = quartiles.iter().flatten().map(|q| q[2]).fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi) = ((lo * 20.0).floor() / 20.0, (hi * 20.0).ceil() / 20.0);
    let hi = if hi > lo { hi } else { lo + 0.05 };
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
    header.push(format!("compa-ratio {lo:.2} to {hi:.2}"));
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
    table.write(out, style)?;
    writeln!(out)?;
    for line in [
        "compa-ratio = pay / the range's mid; the strip marks p25 to p75 (━) and the median (●)".to_string(),
        format!(
            "cost to low: what lifting every row below its range to the low end costs a year; cost to mid, to the mid (in {})",
            about.currency
        ),
    ] {
        writeln!(out, "  {}", style.dim(&line))?;
    }
    Ok(())
}

fn count(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n as i64), if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_pay_column_is_found_by_any_of_its_names() {
        assert_eq!(pay_column(&names(&["id", "years", "Base Salary"]), None).unwrap(), Some(2));
        assert_eq!(pay_column(&names(&["id", "years", "annual-salary"]), None).unwrap(), Some(2));
        assert_eq!(pay_column(&names(&["id", "years"]), None).unwrap(), None);
        assert_eq!(pay_column(&names(&["id", "years", "comp"]), Some("comp")).unwrap(), Some(2));
        let e = pay_column(&names(&["salary", "years", "PAY"]), None).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(
            e.to_string().contains("`salary` and `PAY`") && e.to_string().contains("--pay-column"),
            "{e}"
        );
        assert_eq!(pay_column(&names(&["salary", "years", "PAY"]), Some("pay")).unwrap(), Some(2));
        let e = pay_column(&names(&["id", "years"]), Some("wage")).unwrap_err().to_string();
        assert!(e.contains("`wage`") && e.contains("`id`, `years`"), "{e}");
    }

    #[test]
    fn quartiles_interpolate_between_rows() {
        let mut g = Group::default();
        for c in [0.9, 1.0, 1.1, 1.2] {
            g.add(Some(Rolled {
                compa_ratio: Some(c),
                verdict: Verdict::Within,
                cost_to_low: 0,
                cost_to_mid: 0,
            }));
        }
        g.add(None);
        assert_eq!(g.quartiles(), Some([0.98, 1.05, 1.13]));
        assert_eq!((g.rows, g.errors), (4, 1));
        assert_eq!(Group::default().quartiles(), None);
    }
}
