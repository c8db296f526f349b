//! How an offer's market shows: where it ranks among real salaries, in words, in JSON and in
//! its CSV/TSV survey columns; what that ranking leaves out, and the key to the levels' `survey`
//! column; and amounts as typed.
//!
//! The offer record itself (its verdict, position, gap, rows and text) is in `offer/mod.rs`.

use std::io::{self, Write};

use crate::model::market::{Rank, Standing};
use serde::Serialize;

use crate::output::{Num, Style, money, pad, thousands};
use crate::view::estimate::Shown;
use crate::view::market::{
    CodeTitle, ScaleJson, bls_phrase, fallback, group_words, ordinal, rank_phrase, rank_words, scale_words,
    survey_rank_words, wrap,
};

/// The columns an offer's CSV/TSV row starts with; the estimate's and the survey's follow.
#[derive(Serialize)]
pub(crate) struct OfferRow {
    pub amount: Num,
    pub verdict: &'static str,
    pub position_pct: Option<Num>,
    pub gap_to_mid: Num,
    pub compa_ratio: Option<Num>,
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
            "not placed: survey and BLS figures are salaries without equity (the survey's gross, bonus included), and with --total the offer is weighed as total pay"
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
/// each level's cell with its distinct n (nothing without a survey cell). The column is the
/// rank among the responses as reported.
pub(crate) fn write_survey_key(w: &mut dyn Write, standings: &[&Standing], style: &Style) -> io::Result<()> {
    let cells: Vec<String> = standings
        .iter()
        .filter_map(|s| s.survey.as_ref())
        .map(|r| {
            let c = r.main().cell;
            format!("{} n = {}, {}", c.level, thousands(i64::from(c.n)), c.year)
        })
        .collect();
    let q = standings.iter().find_map(|s| Some(s.survey.as_ref()?.main().cell));
    if let Some(c) = q {
        let text = format!(
            "survey: the offer's percentile among the survey's {} salaries in {} at each level, as reported (distinct responses: {})",
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

/// An offer's place in its market, for JSON (`market` of `mlsal offer`).
pub(crate) struct StandingJson<'r, 'a> {
    pub standing: &'r Standing<'a>,
    pub release: &'r str,
    pub notes: Vec<String>,
}

impl Serialize for StandingJson<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Cell<'r> {
            level: &'r str,
            year: &'r str,
            n: u32,
            /// The share of this cell in the ranks (1 but in the gap between two bands).
            weight: f64,
        }
        #[derive(Serialize)]
        struct Adjusted {
            /// The amount's mid-rank among the cell's salaries moved to the profile's place
            /// and pay year by `scale` (no other factor of the profile is applied).
            percentile: f64,
            scale: ScaleJson,
        }
        #[derive(Serialize)]
        struct Survey<'r> {
            title_group: &'r str,
            country: &'r str,
            /// The level of the cell that weighs most.
            level: &'r str,
            year: &'r str,
            /// Distinct responses.
            n: u32,
            rows: u32,
            fallback: Option<&'static str>,
            /// The currency the cell's salaries are in, as reported.
            currency: &'r str,
            /// The amount's mid-rank among the cell's responses as reported: 0 below them
            /// all, 100 above them all.
            percentile: f64,
            adjusted: Adjusted,
            /// The cells ranked among, with their weights.
            cells: Vec<Cell<'r>>,
        }
        #[derive(Serialize)]
        struct Bls<'r> {
            occupation: CodeTitle<'r>,
            /// The OEWS area, as `list location`'s `area_code`, and its name.
            area_code: &'r str,
            area_name: &'r str,
            release: &'r str,
            employment: u64,
            percentile: Option<f64>,
            beyond: Option<&'static str>,
        }
        #[derive(Serialize)]
        struct Json<'r> {
            survey: Option<Survey<'r>>,
            bls: Vec<Bls<'r>>,
            notes: &'r [String],
        }
        let survey = self.standing.survey.as_ref().map(|r| {
            let m = r.main();
            Survey {
                title_group: &m.cell.title_group,
                country: &m.cell.country,
                level: &m.cell.level,
                year: &m.cell.year,
                n: m.cell.n,
                rows: m.cell.rows,
                fallback: fallback(&m),
                currency: &m.cell.currency,
                percentile: one_decimal(r.reported),
                adjusted: Adjusted { percentile: one_decimal(r.adjusted), scale: (&r.adjustment).into() },
                cells: r
                    .cells
                    .iter()
                    .flatten()
                    .map(|(m, w)| Cell {
                        level: &m.cell.level,
                        year: &m.cell.year,
                        n: m.cell.n,
                        weight: crate::model::round4(*w),
                    })
                    .collect(),
            }
        });
        let bls = self
            .standing
            .bls
            .iter()
            .map(|(r, rank)| Bls {
                occupation: CodeTitle { code: &r.occ_code, title: &r.occ_title },
                area_code: &r.area_code,
                area_name: &r.area_title,
                release: self.release,
                employment: r.employment,
                percentile: pct1(*rank),
                beyond: rank.beyond(),
            })
            .collect();
        Json { survey, bls, notes: &self.notes }.serialize(s)
    }
}

/// The lines that place an offer in its market: `the 66th percentile of 758 US senior ML
/// engineer salaries (2024 survey, distinct responses), as reported`, then where the place and
/// year move the cell, the location-adjusted rank with its factors, then one line per BLS row.
pub(crate) fn standing_lines(standing: &Standing, release: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(r) = &standing.survey {
        out.push(format!("{} of {}, as reported", survey_rank_words(r.reported), rank_phrase(r)));
        if !r.adjustment.is_reported() {
            out.push(format!(
                "{} of those salaries location-adjusted: {}",
                survey_rank_words(r.adjusted),
                scale_words(&r.adjustment)
            ));
        }
    }
    for (row, rank) in &standing.bls {
        out.push(format!("{} of {}", rank_words(*rank), bls_phrase(row, release)));
    }
    out
}

/// The CSV/TSV columns an offer adds last: its survey percentile among the responses as
/// reported, the cell (`ml-engineer US mid 2024`), its distinct n, the location-adjusted
/// percentile and the adjustment that moved the cell to the profile's place and pay year.
pub(crate) const SURVEY_COLUMNS: [&str; 5] =
    ["survey_percentile", "survey_cell", "survey_n", "survey_adjusted_percentile", "survey_adjustment"];

/// An offer's [`SURVEY_COLUMNS`] as a CSV/TSV row: empty fields without a survey cell.
#[derive(Default, Serialize)]
pub(crate) struct SurveyRow {
    survey_percentile: Option<Num>,
    survey_cell: Option<String>,
    survey_n: Option<u32>,
    survey_adjusted_percentile: Option<Num>,
    survey_adjustment: Option<Num>,
}

impl SurveyRow {
    pub(crate) fn of(standing: Option<&Standing>) -> SurveyRow {
        let Some(r) = standing.and_then(|s| s.survey.as_ref()) else {
            return SurveyRow::default();
        };
        let c = r.main().cell;
        SurveyRow {
            survey_percentile: Some(Num(one_decimal(r.reported))),
            survey_cell: Some(format!("{} {} {} {}", c.title_group, c.country, c.level, c.year)),
            survey_n: Some(c.n),
            survey_adjusted_percentile: Some(Num(one_decimal(r.adjusted))),
            survey_adjustment: Some(Num(crate::model::round4(r.adjustment.adjustment()))),
        }
    }
}

/// A standing's survey percentile as JSON and CSV give it, to one decimal; `None` without a
/// survey cell (for writers of their own rows, as batch's).
pub(crate) fn survey_percentile(standing: Option<&Standing>) -> Option<f64> {
    standing.and_then(|s| s.survey.as_ref()).map(|r| one_decimal(r.reported))
}

/// A standing's location-adjusted survey percentile, likewise.
pub(crate) fn survey_adjusted_percentile(standing: Option<&Standing>) -> Option<f64> {
    standing.and_then(|s| s.survey.as_ref()).map(|r| one_decimal(r.adjusted))
}

/// A short survey rank for a table cell: `34th`, `below all`, `above all`.
pub(crate) fn rank_short(pct: f64) -> String {
    match pct {
        p if p <= 0.0 => "below all".into(),
        p if p >= 100.0 => "above all".into(),
        p => ordinal(p.round() as u32),
    }
}

/// A percentile to one decimal, as JSON and CSV give it.
fn pct1(rank: Rank) -> Option<f64> {
    rank.percentile().map(one_decimal)
}

/// A percentile to one decimal, a half up as its decimal is: a percentile is a ratio of
/// counts (or a point's), whose float is within 1e-9 of a half only when it is the half.
fn one_decimal(p: f64) -> f64 {
    ((p * 10.0) + 1e-9).round() / 10.0
}
