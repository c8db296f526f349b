//! How `mlsal compare` shows its rows: each profile's estimate with the profile it was made
//! for, and in text one table whose range bars share one scale.

use std::io::{self, Write};

use serde::Serialize;

use crate::output::{Record, Rows, Style, Table, money, thousands};
use crate::view::column::Column;
use crate::view::estimate::{ESTIMATE_COLUMNS, Shown, estimate_columns};
use crate::view::words::{level_name, pay_label, pay_note, times};

/// Width of the range bar, in cells.
const BAR: usize = 30;

/// One compared profile: the estimate of `estimate`, plus its profile as batch-style columns.
pub(crate) struct Row<'a>(pub Shown<'a>);

/// The profile a row was computed for, named like the flags (and batch columns), so a row can
/// be filtered with `jq` or fed back as input.
#[derive(Serialize)]
struct ProfileJson<'a> {
    years: Option<f64>,
    level: Option<String>,
    location: &'a str,
    education: &'a str,
    specialization: &'a str,
    industry: &'a str,
    company_size: &'a str,
}

#[derive(Serialize)]
struct RowJson<'r, 'a> {
    profile: ProfileJson<'r>,
    #[serde(flatten)]
    estimate: &'r Shown<'a>,
}

impl Serialize for Row<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let e = &self.0.est;
        let [location, education, specialization, industry, company_size] = e.factors.map(|f| f.key.as_ref());
        let level = e.years.is_none().then(|| level_name(self.0.tables, e.placement));
        let profile = ProfileJson {
            years: e.years,
            level,
            location,
            education,
            specialization,
            industry,
            company_size,
        };
        RowJson { profile, estimate: &self.0 }.serialize(s)
    }
}

impl Record for Row<'_> {
    /// The estimate's JSON has its `data`.
    const OWN_DATA: bool = true;

    /// The HTML report: each profile's range on one scale, the varying columns and figures.
    fn page(rows: &[Self]) -> anyhow::Result<crate::output::html::Page> {
        use crate::output::html::{Block, Page, Table as HtmlTable};
        use crate::view::report::{cited_keys, footer, sources};
        use crate::view::svg::{self, Bar, Strip};
        let mut page = Page { title: "Compared profiles".into(), footer: footer(), ..Page::default() };
        let Some(first) = rows.first() else { return Ok(page) };
        let currency = first.0.est.currency;
        page.blocks.push(Block::Lead(
            format!(
                "ML engineer {}, {}, {}: {} {}",
                first.0.salary_words(),
                pay_label(&first.0.est.pay),
                first.0.header_basis(),
                thousands(rows.len() as i64),
                if rows.len() == 1 { "profile" } else { "profiles" }
            ),
            None,
        ));
        if let Some(note) = pay_note(&first.0.est.pay) {
            page.blocks.push(Block::Notes(vec![note]));
        }
        let columns = varying_columns(rows);
        let label = |r: &Row| columns.iter().map(|c| c.value(&r.0)).collect::<Vec<_>>().join(", ");
        let strips: Vec<Strip> = rows
            .iter()
            .map(|r| Strip {
                label: label(r),
                bar: Bar::range([r.0.est.low, r.0.est.mid, r.0.est.high]),
                marks: Vec::new(),
            })
            .collect();
        page.blocks.push(Block::Chart(svg::strips(
            "Each profile's range on one scale",
            svg::Unit::Money(currency),
            &strips,
            None,
        )));
        let mut header: Vec<String> = columns.iter().map(|c| c.header().to_string()).collect();
        header.extend(["multiplier", "range", "mid"].map(String::from));
        let n = header.len();
        page.blocks.push(Block::Table(HtmlTable {
            caption: "The profiles".into(),
            columns: header,
            numeric: (0..n).map(|i| i + 1 == n).collect(),
            rows: rows
                .iter()
                .map(|r| {
                    let e = &r.0.est;
                    let mut cells: Vec<crate::output::html::Text> =
                        columns.iter().map(|c| c.value(&r.0).into()).collect();
                    cells.push(crate::view::words::times(e.multiplier).into());
                    cells.push(r.0.range().into());
                    cells.push(money(e.mid, currency).into());
                    cells
                })
                .collect(),
        }));
        page.blocks.push(Block::Heading("Every figure".into()));
        page.blocks
            .push(Block::Table(crate::output::figures(rows, "The profiles' figures, as the CSV has them")?));
        page.blocks.push(Block::Heading("Sources".into()));
        page.blocks.push(sources(first.0.tables, &cited_keys(rows), false, false));
        Ok(page)
    }

    fn columns() -> Vec<&'static str> {
        ESTIMATE_COLUMNS.to_vec()
    }

    fn columns_for(rows: &[Self]) -> Vec<&'static str> {
        estimate_columns(rows.iter().any(|r| r.0.est.total.is_some()))
    }

    fn rows(&self, out: &mut Rows) -> csv::Result<()> {
        out.row(self.0.row())
    }

    fn text(rows: &[Self], w: &mut dyn Write, style: &Style) -> io::Result<()> {
        let Some(first) = rows.first() else { return Ok(()) };
        let currency = first.0.est.currency;
        let lo = rows.iter().map(|r| r.0.est.low).min().unwrap_or(0);
        let hi = rows.iter().map(|r| r.0.est.high).max().unwrap_or(0);
        let plural = if rows.len() == 1 { "profile" } else { "profiles" };
        writeln!(
            w,
            "{}",
            style.bold(&format!(
                "ML engineer {}, {}, {}: {} {plural}; bars span {} – {}",
                first.0.salary_words(),
                pay_label(&first.0.est.pay),
                first.0.header_basis(),
                thousands(rows.len() as i64),
                money(lo, currency),
                money(hi, currency)
            ))
        )?;
        if let Some(note) = pay_note(&rows[0].0.est.pay) {
            writeln!(w, "{}", style.dim(&note))?;
        }
        writeln!(w)?;
        let columns = varying_columns(rows);
        let with_total = rows.iter().any(|r| r.0.est.total.is_some());
        let mut table = Table::new();
        let mut header: Vec<&str> = columns.iter().map(|c| c.header()).collect();
        header.extend(["multiplier", "range", "mid"]);
        if with_total {
            header.extend(["total (base + bonus + equity)", "total mid"]);
        }
        table.header(header);
        for r in rows {
            let e = &r.0.est;
            let mut cells: Vec<String> = columns.iter().map(|c| c.value(&r.0)).collect();
            let bound = e.bound.map(|b| format!(" {}", b.as_str())).unwrap_or_default();
            cells.extend([format!("{}{bound}", times(e.multiplier)), r.0.range(), money(e.mid, currency)]);
            if let Some(t) = &e.total {
                let options = if t.equity.is_none() { " + options" } else { "" };
                cells.push(format!(
                    "{} – {}{options}",
                    money(t.total[0], currency),
                    money(t.total[2], currency)
                ));
                cells.push(money(t.total[1], currency));
            } else if with_total {
                cells.extend([String::new(), String::new()]);
            }
            table.row_with_tail(cells, bar(e.low, e.high, lo, hi, style));
        }
        table.write(w, style)
    }
}

/// The profile columns whose values differ between rows (the level alone when none do, so a
/// row always says what it is).
fn varying_columns(rows: &[Row]) -> Vec<Column> {
    let varying: Vec<Column> = Column::ALL
        .into_iter()
        .filter(|c| {
            let first = c.value(&rows[0].0);
            rows.iter().any(|r| c.value(&r.0) != first)
        })
        .collect();
    if varying.is_empty() { vec![Column::Level] } else { varying }
}

/// `[    ████████      ]`: the range `low..high` on the shared scale `lo..hi`.
fn bar(low: i64, high: i64, lo: i64, hi: i64, style: &Style) -> String {
    let (start, end) = bar_span(low, high, lo, hi);
    format!("[{}{}{}]", " ".repeat(start), style.good(&"█".repeat(end - start)), " ".repeat(BAR - end))
}

/// The cells `start..end` a range fills, at least one, within `0..BAR`.
fn bar_span(low: i64, high: i64, lo: i64, hi: i64) -> (usize, usize) {
    if hi <= lo {
        return (0, BAR);
    }
    let at =
        |x: i64| (((x - lo) as f64 / (hi - lo) as f64) * BAR as f64).round().clamp(0.0, BAR as f64) as usize;
    let start = at(low).min(BAR - 1);
    (start, at(high).max(start + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_spans_the_shared_scale() {
        assert_eq!(bar_span(0, 100, 0, 100), (0, BAR));
        assert_eq!(bar_span(50, 100, 0, 100), (BAR / 2, BAR));
        assert_eq!(bar_span(100, 100, 0, 100), (BAR - 1, BAR), "never empty");
        assert_eq!(bar_span(5, 5, 5, 5), (0, BAR));
        let plain = bar(0, 50, 0, 100, &Style::plain());
        assert_eq!(plain.chars().count(), BAR + 2);
        assert!(plain.starts_with("[███") && plain.ends_with(" ]"), "{plain}");
    }
}
