//! How an offer's market shows in text: where it ranks among real salaries, what that
//! ranking leaves out, and the key to the levels' `survey` column; and amounts as typed.
//!
//! The offer record itself (its verdict, position and gap, its JSON and rows) is still in
//! `cmd/offer.rs`, beside the verdict it is built on: see that module.

use std::io::{self, Write};

use crate::model::market::Standing;
use serde::Serialize;

use crate::output::{Num, Style, money, pad, thousands};
use crate::view::estimate::Shown;
use crate::view::market::{group_words, scale_words, standing_lines, wrap};

/// The columns an offer's CSV/TSV row starts with; the estimate's and the survey's follow.
#[derive(Serialize)]
pub(crate) struct OfferRow {
    pub amount: Num,
    pub verdict: &'static str,
    pub position_pct: Option<Num>,
    pub gap_to_mid: Num,
    pub compared_with: &'static str,
}

/// An amount as typed, exact: `$179,999.99`, or `$180,000` when it is whole.
pub(crate) fn money_exact(x: f64, currency: &str) -> String {
    let cents = (x.abs() * 100.0).round() as i64;
    let whole = money(cents / 100, currency);
    match cents % 100 {
        0 => whole,
        c => format!("{whole}.{c:02}"),
    }
}

/// The market lines of an offer's text: each placement, then its notes (but the disagreement,
/// which closes the text as the verdict), or why the offer is not placed.
pub(crate) fn write_market(
    w: &mut dyn Write,
    shown: &Shown,
    market: Option<&Standing>,
    notes: &[String],
    disagreement: Option<&str>,
    style: &Style,
) -> io::Result<()> {
    let release = &shown.tables.market.bls.release;
    let lines = match market {
        Some(standing) => {
            let lines = standing_lines(standing, release);
            if lines.is_empty() {
                vec!["no survey cell and no BLS figures for this profile".to_string()]
            } else {
                lines
            }
        }
        None => vec![
            "not placed: survey and BLS figures are salaries without bonus and equity, and with --total the offer is weighed as total pay"
                .to_string(),
        ],
    };
    let indent = " ".repeat(12);
    let mut first = true;
    for line in &lines {
        for l in wrap(line, &indent) {
            let head = if first { format!("  {} ", pad("market", 9)) } else { indent.clone() };
            writeln!(w, "{head}{}", l.trim_start())?;
            first = false;
        }
    }
    if market.is_some() {
        for note in notes.iter().filter(|n| Some(n.as_str()) != disagreement) {
            for l in wrap(note, &indent) {
                writeln!(w, "{}", style.dim(&l))?;
            }
        }
    }
    if let Some(d) = disagreement {
        writeln!(w)?;
        for (i, l) in wrap(d, &indent).into_iter().enumerate() {
            let head = if i == 0 { format!("  {} ", pad("verdict", 9)) } else { indent.clone() };
            writeln!(w, "{head}{}", style.warn(l.trim_start()))?;
        }
    }
    Ok(())
}

/// Under the levels' table: whose survey cells the `survey` column ranks the offer among,
/// each level's cell with its distinct n, and the scale (nothing without a survey cell).
pub(crate) fn write_survey_key(w: &mut dyn Write, standings: &[&Standing], style: &Style) -> io::Result<()> {
    let cells: Vec<String> = standings
        .iter()
        .filter_map(|s| s.survey.as_ref())
        .map(|(m, _, _)| {
            let c = m.cell;
            format!("{} n = {}, {}", c.level, thousands(i64::from(c.n)), c.year)
        })
        .collect();
    let q = standings.iter().find_map(|s| Some(s.survey.as_ref()?.0.cell));
    let scale = standings.iter().find_map(|s| Some(s.survey.as_ref()?.1));
    if let Some(c) = q {
        let scaled = scale.map(|s| format!(", scaled {}", scale_words(&s))).unwrap_or_default();
        let text = format!(
            "survey: the offer's percentile among the survey's {} salaries in {} at each level (distinct responses: {}){scaled}",
            group_words(&c.title_group),
            c.country,
            cells.join("; ")
        );
        for l in wrap(&text, "  ") {
            writeln!(w, "{}", style.dim(&l))?;
        }
    }
    Ok(())
}
