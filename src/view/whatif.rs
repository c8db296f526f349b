//! How `mlsal whatif` shows its answer: the current estimate, then the ranked single changes
//! (a table in text, one row per change in CSV, TSV and JSON Lines, one document in JSON).

use std::io::{self, Write};

use serde::Serialize;

use crate::output::{Cell, Num, Paint, Record, Rows, Style, Table, WithData, money};
use crate::view::estimate::{Shown, TotalJson};

/// One single change and what it does to the estimate.
pub(crate) struct Change<'a> {
    /// `years`, `level`, or a factor's name (`location`, `company_size`, ...).
    pub factor: &'static str,
    pub from: String,
    pub to: String,
    pub shown: Shown<'a>,
    /// The changed mid minus the current mid.
    pub gain: i64,
    /// `gain` as a percentage of the current mid, to one decimal.
    pub gain_pct: Option<f64>,
}

#[derive(Serialize)]
struct ChangeJson<'r> {
    factor: &'r str,
    from: &'r str,
    to: &'r str,
    low: i64,
    mid: i64,
    high: i64,
    /// With `--total`: the total pay that `gain` is measured on (`null` without).
    total: Option<TotalJson>,
    gain: i64,
    gain_pct: Option<f64>,
    currency: &'r str,
    pay_year: i32,
    wage_factor: f64,
    bands: &'static str,
}

impl Serialize for Change<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let e = &self.shown.est;
        ChangeJson {
            factor: self.factor,
            from: &self.from,
            to: &self.to,
            low: e.low,
            mid: e.mid,
            high: e.high,
            total: e.total.as_ref().map(TotalJson::of),
            gain: self.gain,
            gain_pct: self.gain_pct,
            currency: e.currency,
            pay_year: e.pay.year,
            wage_factor: e.pay.factor,
            bands: self.shown.basis().as_str(),
        }
        .serialize(s)
    }
}

/// One change as a CSV/TSV row; the `--total` columns are absent, not empty, without it.
#[derive(Serialize)]
struct ChangeRow<'r> {
    factor: &'r str,
    from: &'r str,
    to: &'r str,
    low: i64,
    mid: i64,
    high: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    total_low: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total_mid: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total_high: Option<i64>,
    gain: i64,
    gain_pct: Option<Num>,
    currency: &'r str,
    pay_year: i32,
    wage_factor: Num,
    bands: &'static str,
}

impl Record for Change<'_> {
    fn columns() -> Vec<&'static str> {
        vec![
            "factor",
            "from",
            "to",
            "low",
            "mid",
            "high",
            "gain",
            "gain_pct",
            "currency",
            "pay_year",
            "wage_factor",
            "bands",
        ]
    }

    fn columns_for(changes: &[Self]) -> Vec<&'static str> {
        let mut columns = Self::columns();
        if changes.iter().any(|c| c.shown.est.total.is_some()) {
            columns.splice(6..6, ["total_low", "total_mid", "total_high"]);
        }
        columns
    }

    fn rows(&self, out: &mut Rows) -> csv::Result<()> {
        let e = &self.shown.est;
        let total = e.total.as_ref().map(|t| t.total);
        out.row(ChangeRow {
            factor: self.factor,
            from: &self.from,
            to: &self.to,
            low: e.low,
            mid: e.mid,
            high: e.high,
            total_low: total.map(|t| t[0]),
            total_mid: total.map(|t| t[1]),
            total_high: total.map(|t| t[2]),
            gain: self.gain,
            gain_pct: self.gain_pct.map(Num),
            currency: e.currency,
            pay_year: e.pay.year,
            wage_factor: Num(e.pay.factor),
            bands: self.shown.basis().as_str(),
        })
    }

    /// The ranked table: rank, change, new range, new mid and the gain.
    fn text(changes: &[Self], w: &mut dyn Write, style: &Style) -> io::Result<()> {
        Change::table(changes).write(w, style)
    }
}

impl Change<'_> {
    /// The ranked table of the text, which the HTML report shows too.
    fn table(changes: &[Self]) -> Table {
        let total = changes.iter().any(|c| c.shown.est.total.is_some());
        let (range, mid) = if total { ("total pay", "total mid") } else { ("range", "mid") };
        let mut table = Table::new();
        table.header(["rank", "factor", "change", range, mid, "gain"]);
        for (i, c) in changes.iter().enumerate() {
            let currency = c.shown.est.currency;
            let [low, mid, high] = c.shown.est.pay_range();
            let top = if c.shown.est.open_ended { "+" } else { "" };
            table.row([
                Cell::from((i + 1).to_string()),
                Cell::from(c.factor.replace('_', " ")),
                Cell::from(format!("{} → {}", c.from, c.to)),
                Cell::from(format!("{} – {}{top}", money(low, currency), money(high, currency))),
                Cell::from(money(mid, currency)),
                Cell::new(
                    gain_text(c.gain, c.gain_pct, currency),
                    if c.gain > 0 { Paint::Good } else { Paint::Warn },
                ),
            ]);
        }
        table
    }
}

/// `+$30,000 (+14.3%)`, `-$8,000 (-3.8%)`, `$0 (+0.0%)`.
pub(crate) fn gain_text(gain: i64, pct: Option<f64>, currency: &str) -> String {
    let sign = match gain.signum() {
        1 => "+",
        -1 => "-",
        _ => "",
    };
    match pct {
        // A loss too small to show at one decimal is under 0.1%, never "-0.0%".
        Some(pct) if gain != 0 && (pct * 10.0).round() == 0.0 => {
            format!("{sign}{} ({sign}<0.1%)", money(gain.abs(), currency))
        }
        Some(pct) => format!("{sign}{} ({pct:+.1}%)", money(gain.abs(), currency)),
        None => format!("{sign}{}", money(gain.abs(), currency)),
    }
}

/// The whole answer: the current estimate and the ranked changes.
pub(crate) struct Report<'a> {
    pub current: Shown<'a>,
    pub changes: Vec<Change<'a>>,
    /// How many single changes there are in all, and how many of them raise the mid.
    pub total: usize,
    pub raising: usize,
    pub all: bool,
    pub years_given: bool,
}

impl Serialize for Report<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Json<'r, 'a> {
            /// Each the record `estimate` and the row formats give, `data` and all.
            current: &'r Shown<'a>,
            changes: Vec<WithData<'r, Change<'a>>>,
            /// The tables: `builtin` or the user's directory.
            data: &'r str,
        }
        let data = &self.current.tables.data;
        Json {
            current: &self.current,
            changes: self.changes.iter().map(|record| WithData { record, data }).collect(),
            data,
        }
        .serialize(s)
    }
}

impl<'a> crate::output::Document for Report<'a> {
    type Row = Change<'a>;
    fn rows(&self) -> &[Change<'a>] {
        &self.changes
    }
    fn text(&self, w: &mut dyn Write, style: &Style) -> io::Result<()> {
        Report::text(self, w, style)
    }
    fn page(&self) -> anyhow::Result<crate::output::html::Page> {
        Report::page(self)
    }
}

impl Report<'_> {
    /// The HTML report: the current estimate, every change on one scale beside it, the ranked
    /// table, every figure of the CSV and the sources.
    pub(crate) fn page(&self) -> anyhow::Result<crate::output::html::Page> {
        use crate::output::html::{Block, Page};
        use crate::view::report::{cited_keys, footer, sources};
        use crate::view::svg::{self, Bar, Strip};
        let measure = if self.current.est.total.is_some() { "the total-pay mid" } else { "the mid" };
        let mut page = Page { title: "How to raise this pay".into(), footer: footer(), ..Page::default() };
        page.blocks
            .push(Block::Lead(format!("Every single change, ranked by what it adds to {measure}"), None));
        let e = &self.current.est;
        let range = |s: &Shown| Bar::range(s.est.pay_range());
        page.blocks.push(Block::Facts(vec![
            ("profile".into(), self.current.profile_text(true)),
            ("now".into(), format!("{} (mid {})", self.current.range(), money(e.mid, e.currency))),
            (
                "pay".into(),
                format!("{}, {}", crate::view::words::pay_label(&e.pay), self.current.header_basis()),
            ),
        ]));
        if !self.changes.is_empty() {
            let mut rows = vec![Strip { label: "now".into(), bar: range(&self.current), marks: Vec::new() }];
            rows.extend(self.changes.iter().map(|c| Strip {
                label: format!("{}: {} → {}", c.factor.replace('_', " "), c.from, c.to),
                bar: range(&c.shown),
                marks: Vec::new(),
            }));
            let [low, _, high] = e.pay_range();
            page.blocks.push(Block::Chart(svg::strips(
                "Each change's range beside the current one (dotted lines: its ends)",
                svg::Unit::Money(e.currency),
                &rows,
                Some((low as f64, high as f64)),
            )));
            page.blocks.push(Block::Table(Change::table(&self.changes).to_html("Largest gain first")));
        } else {
            page.blocks.push(Block::Notes(vec!["No single change raises the mid of this profile.".into()]));
        }
        if let Some(line) = self.close_to_a_wage_level() {
            page.blocks.push(Block::Notes(vec![line]));
        }
        page.blocks.push(Block::Heading("Every figure".into()));
        page.blocks
            .push(Block::Table(crate::output::figures(&self.changes, "The changes, as the CSV has them")?));
        page.blocks.push(Block::Heading("Sources".into()));
        let mut keys = cited_keys(std::slice::from_ref(self));
        keys.extend(cited_keys(&self.changes));
        page.blocks.push(sources(self.current.tables, &keys, false, false));
        Ok(page)
    }

    pub(crate) fn text(&self, w: &mut dyn Write, style: &Style) -> io::Result<()> {
        let measure = if self.current.est.total.is_some() { "the total-pay mid" } else { "the mid" };
        writeln!(
            w,
            "{}",
            style.bold(&format!(
                "How to raise this pay: every single change, ranked by what it adds to {measure}"
            ))
        )?;
        writeln!(w)?;
        Shown::text(std::slice::from_ref(&self.current), w, style)?;
        writeln!(w)?;
        if !self.years_given {
            writeln!(w, "{}", style.dim("No --years or --level given: the profile is at the first level."))?;
        }
        let pool = if self.all { self.total } else { self.raising };
        if self.changes.is_empty() {
            let why = if self.all {
                "This profile has no single change to try."
            } else {
                "No single change raises the mid of this profile; --all lists every change."
            };
            return writeln!(w, "{}", style.dim(why));
        }
        let what = if self.all { "single changes" } else { "single changes that raise the mid" };
        writeln!(w, "{} of {pool} {what}, largest gain first:", self.changes.len())?;
        writeln!(w)?;
        Change::text(&self.changes, w, style)?;
        if let Some(line) = self.close_to_a_wage_level() {
            writeln!(w)?;
            for l in crate::view::market::wrap(&line, "  ") {
                writeln!(w, "{}", style.dim(&l))?;
            }
        }
        Ok(())
    }

    /// For a US profile whose mid (a base salary) is close below an approximate OEWS wage level
    /// of software developers there (within 5%), how much more reaches it, as `offer` says it.
    fn close_to_a_wage_level(&self) -> Option<String> {
        use crate::model::levels::{self, DEFAULT_SOC, LevelsFor};
        use crate::tables::Factor;
        use crate::view::offer::WageLevel;
        let (tables, e) = (self.current.tables, &self.current.est);
        if e.total.is_some() {
            return None;
        }
        let levels = LevelsFor::of(tables, e.factors[Factor::Location.index()], DEFAULT_SOC);
        let row = levels.row()?;
        let mid = e.mid as f64;
        let level = levels::level_of(&row.levels, mid / e.rate);
        let wage = WageLevel::new(tables, levels, Some(level), (mid, e.rate, e.currency), false);
        let next = wage.next_text()?;
        let close = next.strip_prefix("close: ")?;
        Some(format!(
            "OEWS wage level (H-1B): a pay at the mid is Level {} for {} ({DEFAULT_SOC}) here; {close} (approximate, from BLS OEWS {} percentiles and mean; not legal advice; `mlsal offer AMOUNT --soc` for an offer)",
            levels::name(level),
            levels::title(DEFAULT_SOC).to_lowercase(),
            wage.release
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gain_text_signs_and_percent() {
        assert_eq!(gain_text(30_000, Some(14.3), "USD"), "+$30,000 (+14.3%)");
        assert_eq!(gain_text(-8_000, Some(-3.8), "USD"), "-$8,000 (-3.8%)");
        assert_eq!(gain_text(0, Some(0.0), "USD"), "$0 (+0.0%)");
        assert_eq!(gain_text(100_000, None, "USD"), "+$100,000", "no percentage of a zero mid");
    }

    #[test]
    fn change_rows_name_their_columns() {
        use crate::model::{Options, ProfileSpec, estimate};
        let tables = crate::embedded::tables();
        let profile = ProfileSpec::<&str>::default().resolve(&tables).unwrap();
        for total in [false, true] {
            let opts = Options { total, ..Options::default() };
            let shown = Shown { tables: &tables, est: estimate(&tables, &profile, &opts) };
            let change = Change {
                factor: "level",
                from: "entry".into(),
                to: "mid".into(),
                shown,
                gain: 1,
                gain_pct: None,
            };
            crate::output::assert_rows_name_columns(&[change]);
        }
    }
}
