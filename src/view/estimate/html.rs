//! An estimate as an HTML report: the range drawn, the factors it was made of (the text's own
//! table), total pay when asked, every figure of the CSV and every source.

use super::*;
use crate::output::figures;
use crate::output::html::{Block, Page};
use crate::view::report::{cited_keys, footer, sources};
use crate::view::svg::{self, Bar, Strip};

impl Shown<'_> {
    pub(crate) fn report(records: &[Shown]) -> anyhow::Result<Page> {
        let mut page = Page { title: "Salary estimate".into(), footer: footer(), ..Page::default() };
        let Some(first) = records.first() else { return Ok(page) };
        let plain = Style::plain();
        let e = &first.est;
        let currency = e.currency;
        let mut factors = factor_table();
        if records.len() == 1 {
            first.base_row(&mut factors, &plain);
        }
        first.factor_rows(&mut factors, &plain);
        if let [one] = records {
            page.blocks.push(Block::Lead(
                format!(
                    "ML engineer {}, {}, {}: {}",
                    one.salary_words(),
                    pay_label(&e.pay),
                    one.header_basis(),
                    one.experience()
                ),
                None,
            ));
            let mut result = label_table();
            result.row_with_tail(["estimate"], format!("{}  (mid {})", one.range(), money(e.mid, currency)));
            if let Some(t) = &e.total {
                one.total_rows(t, &mut result, &plain);
            }
            page.blocks.push(Block::Table(result.to_html("The estimate")));
            page.blocks.push(Block::Chart(svg::range_bar(
                "The estimated range",
                currency,
                e.low as f64,
                e.mid as f64,
                e.high as f64,
                &[],
            )));
            if let Some(note) = one.edge_note() {
                page.blocks.push(Block::Notes(vec![note]));
            }
        } else {
            page.blocks.push(Block::Lead(
                format!(
                    "ML engineer {} by level, {}, {}",
                    first.salary_words(),
                    pay_label(&e.pay),
                    first.header_basis()
                ),
                None,
            ));
            let rows: Vec<Strip> = records
                .iter()
                .map(|r| Strip {
                    label: level_name(r.tables, r.est.placement),
                    bar: Bar::range([r.est.low, r.est.mid, r.est.high]),
                    marks: Vec::new(),
                })
                .collect();
            page.blocks.push(Block::Chart(svg::strips(
                "The estimated range of each level",
                svg::Unit::Money(currency),
                &rows,
                None,
            )));
        }
        page.blocks.push(Block::Heading("How it was made".into()));
        page.blocks.push(Block::Table(factors.to_html("The base band, the pay year and each factor")));
        if let Some(c) = first.exchange() {
            page.blocks.push(Block::Notes(vec![format!(
                "exchange rate: 1 USD = {} {}, {}, {}",
                e.rate, c.code, c.as_of, c.source
            )]));
        }
        page.blocks.push(Block::Heading("Every figure".into()));
        page.blocks.push(Block::Table(figures(records, "The estimate's figures, as its CSV has them")?));
        page.blocks.push(Block::Heading("Sources".into()));
        page.blocks.push(sources(first.tables, &cited_keys(records), false, false));
        Ok(page)
    }
}
