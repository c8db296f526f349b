//! `mlsal market` as an HTML report: mlsal's range, the survey cell and the BLS rows on one
//! scale (the terminal's strip chart, legible at any zoom), their figures in a table, the
//! notes, every figure of the CSV and the sources.

use super::chart::Strip;
use super::text::{chart_rows_of, levels_table, table_rows};
use super::*;
use crate::output::figures;
use crate::output::html::{Block, Page, Table as HtmlTable};
use crate::view::report::{cited_keys, footer, sources};
use crate::view::svg::{self, Bar, Strip as SvgStrip};

/// The HTML report of `records` (one per level asked).
pub(crate) fn page(records: &[MarketShown]) -> anyhow::Result<Page> {
    let mut page = Page { title: "Real pay and mlsal".into(), footer: footer(), ..Page::default() };
    let Some(first) = records.first() else { return Ok(page) };
    let e = &first.shown.est;
    let basis = format!("{}, {}", pay_label(&e.pay), first.shown.header_basis());
    page.blocks.push(Block::Lead(
        match records {
            [one] => format!("{basis}: {}", one.shown.profile_text(true)),
            _ => format!("By level, {basis}: {}", first.shown.profile_text(false)),
        },
        None,
    ));
    let mut facts = Vec::new();
    for r in records {
        let name = if records.len() == 1 {
            "estimate".to_string()
        } else {
            level_name(r.shown.tables, r.shown.est.placement)
        };
        facts.push((
            name,
            format!("{} (mid {})", r.shown.range(), money(r.shown.est.mid, r.shown.est.currency)),
        ));
    }
    for note in pay_note(&e.pay).into_iter().chain(records.iter().filter_map(|r| r.shown.edge_note())) {
        facts.push((String::new(), note));
    }
    for r in records {
        let what = match (&r.view.survey, &r.scale()) {
            (Some(m), Some(scale)) => format!("{}, {}", survey_phrase(m), scale_words(scale)),
            (Some(m), None) => survey_phrase(m),
            (None, _) => format!("none: {}", missing_reason(&r.shown, &r.view)),
        };
        facts.push(("survey".into(), what));
    }
    if let Some(b) = first.view.bls.first() {
        let area = if b.area_code == "99" { "United States".to_string() } else { b.area_title.to_string() };
        facts.push(("BLS".into(), format!("{area}, OEWS {}", first.shown.tables.market.bls.release)));
    }
    page.blocks.push(Block::Facts(facts));
    for r in records {
        let name = if records.len() == 1 {
            "mlsal estimate".to_string()
        } else {
            format!("mlsal {}", level_name(r.shown.tables, r.shown.est.placement))
        };
        let rows: Vec<SvgStrip> = chart_rows_of(r, name)
            .into_iter()
            .map(|row| SvgStrip {
                label: row.label.trim_end().to_string(),
                bar: match row.strip {
                    Strip::Range { low, mid, high, .. } => Bar::range([low, mid, high]),
                    Strip::Spread(q) => Bar::Spread(q.map(|v| v as f64)),
                    Strip::Missing(why) => Bar::Missing(why),
                },
                marks: Vec::new(),
            })
            .collect();
        let guides = Some((r.shown.est.low as f64, r.shown.est.high as f64));
        let title = "mlsal's range beside real pay: survey and BLS p10 to p90, p25 to p75 and the median; dotted lines: mlsal's ends";
        page.blocks.push(Block::Chart(svg::strips(
            title,
            svg::Unit::Money(r.shown.est.currency),
            &rows,
            guides,
        )));
    }
    let rows = table_rows(records);
    if !rows.is_empty() {
        page.blocks.push(Block::Table(HtmlTable {
            caption: format!("Real pay, {}, per year", e.currency),
            columns: ["", "n / jobs", "p10", "p25", "p50", "p75", "p90"].map(String::from).to_vec(),
            numeric: vec![false, true, true, true, true, true, true],
            rows: rows.into_iter().map(|r| r.map(|c| c.trim_end().into()).to_vec()).collect(),
        }));
    }
    if let Some((table, note)) = levels_table(&first.shown) {
        page.blocks.push(Block::Heading("H-1B wage levels".into()));
        page.blocks.push(Block::Table(table.to_html("Approximate OEWS wage levels of the area, per year")));
        page.blocks.push(Block::Notes(vec![note]));
    }
    let mut notes: Vec<String> = Vec::new();
    for r in records {
        for n in r.notes() {
            if !notes.contains(&n) {
                notes.push(n);
            }
        }
    }
    if !notes.is_empty() {
        page.blocks.push(Block::Notes(notes));
    }
    page.blocks.push(Block::Heading("Every figure".into()));
    page.blocks.push(Block::Table(figures(records, "The market's figures, as its CSV has them")?));
    page.blocks.push(Block::Heading("Sources".into()));
    let survey = records.iter().any(|r| r.view.survey.is_some());
    let bls = records.iter().any(|r| !r.view.bls.is_empty());
    page.blocks.push(sources(first.shown.tables, &cited_keys(records), survey, bls));
    Ok(page)
}
