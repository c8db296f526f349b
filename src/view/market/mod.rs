//! How real pay looks beside an estimate: the `mlsal market` record ([`MarketShown`]) in every
//! format (JSON in `json.rs`, CSV/TSV rows in `rows.rs`, text in `text.rs`), the strip chart
//! that draws the survey cell, the BLS rows and mlsal's range on one scale (`chart.rs`), and
//! the words that place an amount among real salaries, which the offer's view uses too.
//!
//! The tables hold US dollars. Every figure shown is converted at the estimate's own rate
//! (1 for USD), so under `--currency` the chart, the table and the offer all use one currency;
//! the conversion is said in a note.

use std::io::{self, Write};

use serde::Serialize;

use crate::model::market::{
    CellScale, MarketView, Rank, SurveyMatch, SurveyRank, bls_shown, reported_scale, view,
};
use crate::output::{Num, Record, Rows, Style, Table, money, pad, thousands};
use crate::tables::Factor;
use crate::tables::currency::BASE;
use crate::tables::market::{BlsRow, ML_ENGINEER};
use crate::view::estimate::Shown;
use crate::view::words::{level_name, multiplier_digits, num, pay_label, pay_note, times};

mod chart;
mod html;
mod json;
mod rows;
#[cfg(test)]
mod tests;
mod text;

use self::chart::label;
pub(crate) use self::chart::*;
pub(crate) use self::json::{CodeTitle, ScaleJson, fallback};
pub use self::rows::MARKET_COLUMNS;
pub(crate) use self::text::text;

/// The approximate OEWS wage levels of every occupation that has them, for the estimate's
/// location: shown beside the BLS rows (none outside the US).
pub(crate) fn wage_levels<'a>(shown: &Shown<'a>) -> Vec<crate::model::levels::LevelsFor<'a>> {
    use crate::model::levels::{LevelsFor, OCCUPATIONS, Status};
    let location = shown.est.factors[Factor::Location.index()];
    OCCUPATIONS
        .iter()
        .map(|(soc, ..)| LevelsFor::of(shown.tables, location, soc))
        .filter(|l| !matches!(l.status, Status::Abroad))
        .collect()
}

/// The widest a text line gets: the chart fits an 80-column terminal.
pub(crate) const TEXT_WIDTH: usize = 80;

/// The longest row label of the chart and table.
const LABEL_MAX: usize = 26;

/// An estimate with its market, as `mlsal market` shows it.
pub(crate) struct MarketShown<'a> {
    pub shown: Shown<'a>,
    pub view: MarketView<'a>,
}

impl<'a> MarketShown<'a> {
    pub(crate) fn new(shown: Shown<'a>) -> Self {
        let view = view(shown.tables, &shown.est);
        MarketShown { shown, view }
    }

    /// A BLS row's percentiles in the estimate's currency, as printed.
    fn pct(&self, row: &BlsRow) -> [i64; 5] {
        bls_shown(row, self.shown.est.rate).map(|x| x as i64)
    }

    /// How the survey cell is shown: as reported, converted to the estimate's currency;
    /// `None` without a cell.
    fn scale(&self) -> Option<CellScale> {
        self.view.scale(&self.shown.est)
    }

    /// A survey cell's percentiles as reported, converted to the estimate's currency, as
    /// printed. `market` never scales the survey by the model: the model's band is its own row.
    fn survey_pct(&self, m: &SurveyMatch) -> [i64; 5] {
        let scale = reported_scale(&self.shown.est, m);
        m.cell.pct.0.map(|x| scale.shown(x as f64) as i64)
    }

    /// What a reader must know to read this market right, in words (also JSON `notes`).
    pub(crate) fn notes(&self) -> Vec<String> {
        notes(&self.shown, &self.view)
    }
}

/// `ML engineer`, `ML research`, `AI engineer`: a title group in words.
pub(crate) fn group_words(group: &str) -> &str {
    match group {
        ML_ENGINEER => "ML engineer",
        "research" => "ML research",
        "ai-engineer" => "AI engineer",
        other => other,
    }
}

/// `mid-level`, `senior`: a survey level in words.
fn level_words(level: &str) -> String {
    match level {
        "senior" | "executive" => level.to_string(),
        other => format!("{other}-level"),
    }
}

/// `349 US mid-level ML engineer salaries (2024 survey, distinct responses)`.
pub(crate) fn survey_phrase(m: &SurveyMatch) -> String {
    let c = m.cell;
    format!(
        "{} {} {} {} salaries ({} survey, distinct responses)",
        thousands(i64::from(c.n)),
        c.country,
        level_words(&c.level),
        group_words(&c.title_group),
        c.year
    )
}

/// A multiplier as the scale words print it, as every multiplier is: `1.2035`, `1.39`, `1.00`.
fn factor(x: f64) -> String {
    multiplier_digits(crate::model::round4(x))
}

/// `as reported`, or `moved to this place and year, x1.0775 (/1.2064 US survey premium, x1.30
/// location factor, x1.0776 wage growth)`: how a survey cell was put beside an amount.
/// Conversion to another currency is said in the notes.
pub(crate) fn scale_words(scale: &CellScale) -> String {
    let mut parts = Vec::new();
    if let Some(p) = scale.premium {
        parts.push(format!("/{} US survey premium", factor(p)));
    }
    if scale.location != 1.0 {
        parts.push(format!("x{} location factor", factor(scale.location)));
    }
    if scale.wage != 1.0 {
        parts.push(format!("x{} wage growth", factor(scale.wage)));
    }
    if parts.is_empty() {
        return "as reported".to_string();
    }
    format!("moved to this place and pay year, x{} ({})", factor(scale.adjustment()), parts.join(", "))
}

/// `349 US mid-level ML engineer salaries (2024 survey, distinct responses)`, or in the gap
/// between two bands both cells with their weights.
pub(crate) fn rank_phrase(r: &SurveyRank) -> String {
    let Some([(a, wa), (b, wb)]) = r.blended() else { return survey_phrase(&r.main()) };
    let cell = |m: &SurveyMatch, w: f64| {
        format!(
            "{}% {} (n = {}, {})",
            (w * 100.0).round(),
            level_words(&m.cell.level),
            thousands(i64::from(m.cell.n)),
            m.cell.year
        )
    };
    format!(
        "{} {} salaries, weighted as the band blends the two levels: {} and {} (survey, distinct responses)",
        a.cell.country,
        group_words(&a.cell.title_group),
        cell(&a, wa),
        cell(&b, wb)
    )
}

/// `the 42nd percentile`, `below all`, `above all`: a mid-rank among a cell's own salaries,
/// exact, so without "about".
pub(crate) fn survey_rank_words(pct: f64) -> String {
    match pct {
        p if p <= 0.0 => "below all".to_string(),
        p if p >= 100.0 => "above all".to_string(),
        p => format!("the {} percentile", ordinal(p.round() as u32)),
    }
}

/// `software developers in San Francisco-Oakland-Fremont, CA (BLS, May 2025)`.
pub(crate) fn bls_phrase(row: &BlsRow, release: &str) -> String {
    let area = if row.area_code == "99" { "the US".to_string() } else { row.area_title.to_string() };
    format!("{} in {area} (BLS, {release})", row.occ_title.to_lowercase())
}

/// `1st`, `22nd`, `34th`, `111th`.
pub(crate) fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// `about the 34th percentile`, `below the 10th percentile`, `above the 90th percentile`: a
/// BLS rank, linear between five published points, so "about".
pub(crate) fn rank_words(rank: Rank) -> String {
    match rank {
        Rank::At(50.0) => "at the median (50th percentile)".to_string(),
        Rank::At(p) => format!("about the {} percentile", ordinal(p.round() as u32)),
        Rank::BelowP10 => "below the 10th percentile".to_string(),
        Rank::AboveP90 => "above the 90th percentile".to_string(),
    }
}

/// Why a profile has no survey cell: `fewer than 30 ML engineer salaries in IN at entry
/// level, in 2024 and in 2023-2025 together`.
fn missing_reason(shown: &Shown, view: &MarketView) -> String {
    let (q, market) = (&view.query, &shown.tables.market);
    format!(
        "fewer than {} {} salaries in {} at {} level, in {} and in {} together",
        market.min_n,
        group_words(q.title_group),
        if q.country.is_empty() { "this location" } else { q.country },
        q.level,
        q.year,
        market.survey.pooled_years
    )
}

fn missing_note(shown: &Shown, view: &MarketView) -> String {
    format!("no survey cell: {}", missing_reason(shown, view))
}

/// The notes of a profile's market: which cell stands in for which, and what is missing.
pub(crate) fn notes(shown: &Shown, view: &MarketView) -> Vec<String> {
    let (tables, e) = (shown.tables, &shown.est);
    let market = &tables.market;
    let q = &view.query;
    let mut out = Vec::new();
    if q.stands_in {
        let spec = e.factors[Factor::Specialization.index()];
        out.push(format!(
            "the survey has no title group for {}: {} salaries stand in",
            spec.label,
            group_words(ML_ENGINEER)
        ));
    }
    if q.nearer_of_blend {
        let years = e.years.map(num).unwrap_or_default();
        let ranked = match view.cells {
            [Some(_), Some(_)] => {
                "an amount is ranked in both levels' cells, weighted as the band blends them".to_string()
            }
            [Some(m), None] | [None, Some(m)] => format!(
                "only the {} level has a cell: an amount is ranked in it while it weighs at least half of the band, and not at all beyond",
                m.cell.level
            ),
            [None, None] => "neither level has a cell".to_string(),
        };
        out.push(format!(
            "{years} years fall between two bands ({}): the survey's nearer level, {}, is shown; {ranked}",
            level_name(tables, e.placement),
            q.level
        ));
    }
    match &view.survey {
        Some(m) if m.pooled_fallback => out.push(format!(
            "the survey's {} cell for {} {} {} has fewer than {} distinct responses: the pooled {} cell (n = {}) stands in",
            q.year,
            q.title_group,
            q.country,
            q.level,
            market.min_n,
            m.cell.year,
            thousands(i64::from(m.cell.n))
        )),
        Some(_) => {}
        None => out.push(missing_note(shown, view)),
    }
    let location = e.factors[Factor::Location.index()];
    for n in &view.not_released {
        let area = match view.bls.iter().find(|r| r.area_code == n.area_code) {
            Some(r) if r.area_code == "99" => "the US".to_string(),
            Some(r) => r.area_title.to_string(),
            None => location.label.to_string(),
        };
        out.push(format!(
            "BLS did not release the wages of {} in {area} (OEWS {})",
            market.bls.occupation_title(&n.occ_code).to_lowercase(),
            market.bls.release
        ));
    }
    if view.bls.is_empty() && view.not_released.is_empty() {
        out.push(if location.country.as_deref() == Some("US") {
            format!("market.toml has no BLS rows for {} (`{}`)", location.label, location.key)
        } else {
            format!("no BLS rows: BLS covers US areas only, and {} is not one", location.label)
        });
    }
    if e.pay.adjusted() {
        out.push(format!(
            "the estimate is {} ({} figures {}); survey figures are shown as reported, pay of their survey year (only a location-adjusted rank moves them), and BLS figures are pay of May of their release year, as published",
            pay_label(&e.pay),
            e.pay.from,
            times(e.pay.factor)
        ));
    }
    if let Some(m) = view.survey.filter(|m| *m.cell.currency != *e.currency) {
        let mut rates = vec![format!("1 USD = {} {}", m.per_usd, m.cell.currency)];
        if e.currency != BASE {
            rates.push(format!("1 USD = {} {}", e.rate, e.currency));
        }
        out.push(format!(
            "the survey cell's salaries are {} as reported, converted to {} at the tables' rate ({}) and shown to the unit",
            m.cell.currency,
            e.currency,
            rates.join(", ")
        ));
    }
    if e.currency != BASE && !view.bls.is_empty() {
        out.push(format!(
            "BLS figures are US dollars, converted at the estimate's rate (1 USD = {} {}) and shown to the unit",
            e.rate, e.currency
        ));
    }
    out
}
