//! An offer as an HTML report: the verdict, the range with the offer marked, the survey cell's
//! spread with the offer's rank, the BLS rows on one scale, the H-1B wage level, every figure
//! of the CSV, and every source.

use super::*;
use crate::output::figures;
use crate::output::html::{Block, Page};
use crate::view::report::{cited_keys, footer, sources, tone};
use crate::view::svg::{self, Bar, Mark, Strip};

impl Offer<'_> {
    pub(crate) fn report(offers: &[Offer]) -> anyhow::Result<Page> {
        let mut page = Page { title: "Offer report".into(), footer: footer(), ..Page::default() };
        let Some(first) = offers.first() else { return Ok(page) };
        let e = &first.shown.est;
        let currency = e.currency;
        if let [one] = offers {
            one.blocks(&mut page.blocks);
        } else {
            page.blocks.push(Block::Lead(
                format!(
                    "An offer of {} against each level, {}",
                    money_exact(first.amount, currency),
                    pay_label(&e.pay)
                ),
                None,
            ));
            page.blocks.push(Block::Facts(vec![
                ("profile".into(), first.shown.profile_text(false)),
                ("bands".into(), first.shown.basis().as_str().into()),
            ]));
            let rows: Vec<Strip> = offers
                .iter()
                .map(|o| Strip {
                    label: level_name(o.shown.tables, o.shown.est.placement),
                    bar: Bar::range(o.range),
                    marks: vec![Mark {
                        value: o.amount,
                        label: format!("offer ({})", o.verdict.as_str()),
                        tone: tone(o.verdict),
                    }],
                })
                .collect();
            page.blocks.push(Block::Chart(svg::strips(
                "The offer against each level's range",
                svg::Unit::Money(currency),
                &rows,
                None,
            )));
        }
        page.blocks.push(Block::Heading("Every figure".into()));
        page.blocks.push(Block::Table(figures(offers, "The offer's figures, as its CSV has them")?));
        let survey = offers.iter().any(|o| o.market.as_ref().is_some_and(|m| m.survey.is_some()));
        let bls = offers.iter().any(|o| o.market.as_ref().is_some_and(|m| !m.bls.is_empty()));
        page.blocks.push(Block::Heading("Sources".into()));
        page.blocks.push(sources(first.shown.tables, &cited_keys(offers), survey, bls));
        Ok(page)
    }

    fn blocks(&self, blocks: &mut Vec<Block>) {
        let e = &self.shown.est;
        let currency = e.currency;
        blocks.push(Block::Lead(self.heading(), Some(tone(self.verdict))));
        let main = self.judged();
        let [low, mid, high] = main.range;
        let top = if e.open_ended { "+" } else { "" };
        let mut facts = vec![
            ("profile".to_string(), self.shown.profile_text(true)),
            (
                "range".to_string(),
                format!(
                    "{} – {}{top} (mid {}; {})",
                    money(low, currency),
                    money(high, currency),
                    money(mid, currency),
                    self.range_words(self.compared_with() == "total")
                ),
            ),
            ("verdict".to_string(), self.verdict.as_str().to_string()),
            ("position".to_string(), main.position_text(currency)),
            ("gap".to_string(), main.gap_text(currency)),
        ];
        if let Some(c) = self.compa_ratio {
            facts.push(("compa-ratio".to_string(), format!("{c:.2} (the offer over the mid)")));
        }
        if let Some(note) = pay_note(&e.pay) {
            facts.push((String::new(), note));
        }
        if let Some(note) = self.shown.edge_note() {
            facts.push((String::new(), note));
        }
        blocks.push(Block::Facts(facts));
        let mark = Mark {
            value: main.amount,
            label: format!("offer ({})", self.verdict.as_str()),
            tone: tone(self.verdict),
        };
        blocks.push(Block::Chart(svg::range_bar(
            "The offer on the estimated range",
            currency,
            low as f64,
            mid as f64,
            high as f64,
            std::slice::from_ref(&mark),
        )));
        if let Some(t) = self.total.as_ref().map(Judged::from) {
            let [low, mid, high] = t.range;
            blocks.push(Block::Chart(svg::range_bar(
                "The package's total on the estimated total pay",
                currency,
                low as f64,
                mid as f64,
                high as f64,
                &[Mark {
                    value: t.amount,
                    label: format!("total ({})", t.verdict.as_str()),
                    tone: tone(t.verdict),
                }],
            )));
        }
        self.market_blocks(blocks, &mark);
        blocks.push(Block::Heading("H-1B wage level".into()));
        blocks.push(Block::List(self.wage.lines()));
    }

    /// The market: the survey cell's spread with the offer's rank, the BLS rows' spreads on one
    /// scale, the lines of the text, and the notes.
    fn market_blocks(&self, blocks: &mut Vec<Block>, mark: &Mark) {
        let currency = self.shown.est.currency;
        blocks.push(Block::Heading("Among real salaries".into()));
        let Some(standing) = &self.market else {
            blocks.push(Block::Notes(self.market_notes.clone()));
            return;
        };
        let release = self.shown.tables.market.bls.release.as_ref();
        blocks.push(Block::List(standing_lines(standing, release)));
        if let Some((m, _)) = standing.survey.as_ref().and_then(|r| r.cells[0].as_ref()) {
            let cell = m.cell;
            let q = cell.pct.0.map(|v| v as f64);
            // The offer is marked on the cell only in the cell's own currency; its rank
            // (above) is computed either way.
            let offer = (cell.currency.as_ref() as &str == currency).then_some(mark);
            let title = format!(
                "Survey: {} {} {}-level salaries, {} (n = {}, as reported)",
                cell.country,
                group_words(&cell.title_group),
                cell.level,
                cell.year,
                cell.n
            );
            blocks.push(Block::Chart(svg::spread(&title, &cell.currency, q, offer)));
        }
        if !standing.bls.is_empty() && currency == "USD" {
            let rows: Vec<Strip> = standing
                .bls
                .iter()
                .map(|(row, _)| Strip {
                    label: row.occ_title.to_string(),
                    bar: Bar::Spread(row.pct.0.map(|v| v as f64)),
                    marks: vec![mark.clone()],
                })
                .collect();
            blocks.push(Block::Chart(svg::strips(
                &format!(
                    "BLS wages in {}: p10 to p90, p25 to p75 and the median ({release})",
                    standing.bls[0].0.area_title
                ),
                svg::Unit::Money("USD"),
                &rows,
                None,
            )));
        }
        let mut notes = self.market_notes.clone();
        notes.extend(self.disagreement.clone());
        if !notes.is_empty() {
            blocks.push(Block::Notes(notes));
        }
    }
}
