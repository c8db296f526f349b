//! How real pay looks beside an estimate: the `mlsal market` record in every format, the strip
//! chart that draws the survey cell, the BLS rows and mlsal's range on one scale, and the words
//! and JSON of an offer's place among real salaries.
//!
//! The tables hold US dollars. Every figure shown is converted at the estimate's own rate
//! (1 for USD), so under `--currency` the chart, the table and the offer all use one currency;
//! the conversion is said in a note.

use std::io::{self, Write};

use serde::Serialize;

use crate::model::market::{MarketView, Rank, Standing, SurveyMatch, view};
use crate::output::{Format, Style, money, pad, table_writer, thousands};
use crate::render::{Shown, level_name, num};
use crate::tables::Factor;
use crate::tables::currency::BASE;
use crate::tables::market::{BlsRow, ML_ENGINEER, Percentiles};

mod chart;
#[cfg(test)]
mod tests;

use self::chart::label;
pub use self::chart::*;

/// The widest a text line gets: the chart fits an 80-column terminal.
pub const TEXT_WIDTH: usize = 80;

/// The longest row label of the chart and table.
const LABEL_MAX: usize = 26;

/// An estimate with its market, as `mlsal market` shows it.
pub struct MarketShown<'a> {
    pub shown: Shown<'a>,
    pub view: MarketView<'a>,
}

impl<'a> MarketShown<'a> {
    pub fn new(shown: Shown<'a>) -> Self {
        let view = view(shown.tables, &shown.est);
        MarketShown { shown, view }
    }

    /// A table figure (US dollars) in the estimate's currency, to the unit.
    fn conv(&self, usd: i64) -> i64 {
        convert(usd, self.shown.est.rate)
    }

    fn pct(&self, p: &Percentiles) -> [i64; 5] {
        p.0.map(|x| self.conv(x))
    }

    /// What a reader must know to read this market right, in words (also JSON `notes`).
    pub fn notes(&self) -> Vec<String> {
        notes(&self.shown, &self.view)
    }
}

/// `usd` at `rate` units per US dollar, to the unit.
fn convert(usd: i64, rate: f64) -> i64 {
    if rate == 1.0 { usd } else { (usd as f64 * rate).round() as i64 }
}

/// `ML engineer`, `ML research`, `AI engineer`: a title group in words.
pub fn group_words(group: &str) -> &str {
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

/// `940 US mid-level ML engineer salaries, 2024 survey`.
pub fn survey_phrase(m: &SurveyMatch) -> String {
    let c = m.cell;
    format!(
        "{} {} {} {} salaries, {} survey",
        thousands(i64::from(c.n)),
        c.country,
        level_words(&c.level),
        group_words(&c.title_group),
        c.year
    )
}

/// `software developers in San Francisco-Oakland-Fremont, CA (BLS, May 2025)`.
pub fn bls_phrase(row: &BlsRow, release: &str) -> String {
    let area = if row.area_code == "99" { "the US".to_string() } else { row.area_title.clone() };
    format!("{} in {area} (BLS, {release})", row.occ_title.to_lowercase())
}

/// `1st`, `22nd`, `34th`, `111th`.
pub fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// `about the 34th percentile`, `below the 10th percentile`, `above the 90th percentile`.
pub fn rank_words(rank: Rank) -> String {
    match rank {
        Rank::At(50.0) => "at the median (50th percentile)".to_string(),
        Rank::At(p) => format!("about the {} percentile", ordinal(p.round() as u32)),
        Rank::BelowP10 => "below the 10th percentile".to_string(),
        Rank::AboveP90 => "above the 90th percentile".to_string(),
    }
}

/// A percentile to one decimal, as JSON and CSV give it.
fn pct1(rank: Rank) -> Option<f64> {
    rank.percentile().map(|p| (p * 10.0).round() / 10.0)
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
pub fn notes(shown: &Shown, view: &MarketView) -> Vec<String> {
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
        out.push(format!(
            "{years} years fall between two bands ({}): the survey's nearer level, {}, is shown",
            level_name(tables, e.placement),
            q.level
        ));
    }
    match &view.survey {
        Some(m) if m.pooled_fallback => out.push(format!(
            "the survey's {} cell for {} {} {} has fewer than {} salaries: the pooled {} cell (n = {}) stands in",
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
    if view.bls.is_empty() {
        let location = e.factors[Factor::Location.index()];
        out.push(if location.country.as_deref() == Some("US") {
            format!("market.toml has no BLS rows for {} (`{}`)", location.label, location.key)
        } else {
            format!("no BLS rows: BLS covers US areas only, and {} is not one", location.label)
        });
    }
    if e.currency != BASE {
        out.push(format!(
            "survey and BLS figures are US dollars, converted at the estimate's rate (1 USD = {} {})",
            e.rate, e.currency
        ));
    }
    if e.total.is_some() {
        out.push("survey and BLS figures are base salary: compare them with the base, not the total".into());
    }
    out
}

// ------------------------------------------------------------------------------------ JSON

#[derive(Serialize)]
struct SurveyJson<'r> {
    title_group: &'r str,
    country: &'r str,
    level: &'r str,
    year: &'r str,
    pooled: bool,
    n: u32,
    p10: i64,
    p25: i64,
    p50: i64,
    p75: i64,
    p90: i64,
    currency: &'r str,
    /// `pooled` when the year cell was missing and the pooled cell stands in.
    fallback: Option<&'static str>,
    source: &'r str,
}

#[derive(Serialize)]
struct SurveyQueryJson<'r> {
    title_group: &'r str,
    country: &'r str,
    level: &'r str,
    year: &'r str,
}

#[derive(Serialize)]
struct CodeTitle<'r> {
    code: &'r str,
    title: &'r str,
}

#[derive(Serialize)]
struct BlsJson<'r> {
    occupation: CodeTitle<'r>,
    area: CodeTitle<'r>,
    release: &'r str,
    employment: u64,
    p10: i64,
    p25: i64,
    p50: i64,
    p75: i64,
    p90: i64,
    currency: &'r str,
    source: &'r str,
}

fn fallback(m: &SurveyMatch) -> Option<&'static str> {
    m.pooled_fallback.then_some("pooled")
}

impl Serialize for MarketShown<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Json<'r, 'a> {
            bands: &'static str,
            estimate: &'r Shown<'a>,
            survey: Option<SurveyJson<'r>>,
            survey_query: SurveyQueryJson<'r>,
            bls: Vec<BlsJson<'r>>,
            notes: Vec<String>,
        }
        let market = &self.shown.tables.market;
        let currency = self.shown.est.currency;
        let q = &self.view.query;
        let survey = self.view.survey.as_ref().map(|m| {
            let [p10, p25, p50, p75, p90] = self.pct(&m.cell.pct);
            SurveyJson {
                title_group: &m.cell.title_group,
                country: &m.cell.country,
                level: &m.cell.level,
                year: &m.cell.year,
                pooled: m.cell.pooled,
                n: m.cell.n,
                p10,
                p25,
                p50,
                p75,
                p90,
                currency,
                fallback: fallback(m),
                source: &market.survey.source,
            }
        });
        let bls = self
            .view
            .bls
            .iter()
            .map(|r| {
                let [p10, p25, p50, p75, p90] = self.pct(&r.pct);
                BlsJson {
                    occupation: CodeTitle { code: &r.occ_code, title: &r.occ_title },
                    area: CodeTitle { code: &r.area_code, title: &r.area_title },
                    release: &market.bls.release,
                    employment: r.employment,
                    p10,
                    p25,
                    p50,
                    p75,
                    p90,
                    currency,
                    source: &market.bls.source,
                }
            })
            .collect();
        Json {
            bands: self.shown.basis().as_str(),
            estimate: &self.shown,
            survey,
            survey_query: SurveyQueryJson {
                title_group: q.title_group,
                country: q.country,
                level: q.level,
                year: q.year,
            },
            bls,
            notes: self.notes(),
        }
        .serialize(s)
    }
}

/// An offer's place in its market, for JSON (`market` of `mlsal offer`).
pub struct StandingJson<'r, 'a> {
    pub standing: &'r Standing<'a>,
    pub release: &'r str,
    pub notes: Vec<String>,
}

impl Serialize for StandingJson<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Survey<'r> {
            title_group: &'r str,
            country: &'r str,
            level: &'r str,
            year: &'r str,
            n: u32,
            fallback: Option<&'static str>,
            percentile: Option<f64>,
            beyond: Option<&'static str>,
        }
        #[derive(Serialize)]
        struct Bls<'r> {
            occupation: CodeTitle<'r>,
            area: CodeTitle<'r>,
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
        let survey = self.standing.survey.as_ref().map(|(m, rank)| Survey {
            title_group: &m.cell.title_group,
            country: &m.cell.country,
            level: &m.cell.level,
            year: &m.cell.year,
            n: m.cell.n,
            fallback: fallback(m),
            percentile: pct1(*rank),
            beyond: rank.beyond(),
        });
        let bls = self
            .standing
            .bls
            .iter()
            .map(|(r, rank)| Bls {
                occupation: CodeTitle { code: &r.occ_code, title: &r.occ_title },
                area: CodeTitle { code: &r.area_code, title: &r.area_title },
                release: self.release,
                employment: r.employment,
                percentile: pct1(*rank),
                beyond: rank.beyond(),
            })
            .collect();
        Json { survey, bls, notes: &self.notes }.serialize(s)
    }
}

/// The lines that place an offer in its market: `about the 34th percentile of 940 US
/// mid-level ML engineer salaries, 2024 survey`, then one per BLS row.
pub fn standing_lines(standing: &Standing, release: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some((m, rank)) = &standing.survey {
        out.push(format!("{} of {}", rank_words(*rank), survey_phrase(m)));
    }
    for (row, rank) in &standing.bls {
        out.push(format!("{} of {}", rank_words(*rank), bls_phrase(row, release)));
    }
    out
}

/// The survey percentile of a standing for CSV: the number, and `below_p10`/`above_p90`.
pub fn survey_fields(standing: Option<&Standing>) -> [String; 2] {
    match standing.and_then(|s| s.survey.as_ref()) {
        None => [String::new(), String::new()],
        Some((_, rank)) => [
            pct1(*rank).map(|p| p.to_string()).unwrap_or_default(),
            rank.beyond().unwrap_or_default().to_string(),
        ],
    }
}

/// A short survey rank for a table cell: `34th`, `below p10`, `above p90`.
pub fn rank_short(rank: Rank) -> String {
    match rank {
        Rank::At(p) => ordinal(p.round() as u32),
        Rank::BelowP10 => "below p10".into(),
        Rank::AboveP90 => "above p90".into(),
    }
}

// ------------------------------------------------------------------------------------ CSV

/// The CSV/TSV columns of `mlsal market`: one row for the estimate, one for the survey cell
/// (if any) and one per BLS row, told apart by `kind`.
pub const MARKET_COLUMNS: [&str; 19] = [
    "bands",
    "kind",
    "name",
    "area",
    "level",
    "year",
    "n",
    "employment",
    "p10",
    "p25",
    "p50",
    "p75",
    "p90",
    "low",
    "mid",
    "high",
    "open_ended",
    "currency",
    "fallback",
];

/// Writes `records` as CSV or TSV rows.
pub fn write_table(records: &[MarketShown], w: &mut dyn Write, format: Format) -> anyhow::Result<()> {
    let mut out = table_writer(w, format);
    out.write_record(MARKET_COLUMNS)?;
    for r in records {
        let e = &r.shown.est;
        let basis = r.shown.basis().as_str();
        let none = String::new;
        let location = &e.factors[Factor::Location.index()].key;
        let level = level_name(r.shown.tables, e.placement);
        let years = e.years.map(num).unwrap_or_default();
        let mut row =
            vec![basis.to_string(), "estimate".into(), "mlsal".into(), location.clone(), level, years];
        row.extend([none(), none(), none(), none(), none(), none(), none()]);
        row.extend([e.low, e.mid, e.high].map(|n| n.to_string()));
        row.extend([e.open_ended.to_string(), e.currency.to_string(), none()]);
        out.write_record(&row)?;
        if let Some(m) = &r.view.survey {
            let c = m.cell;
            let mut row = vec![basis.to_string(), "survey".into(), c.title_group.clone(), c.country.clone()];
            row.extend([c.level.clone(), c.year.clone(), c.n.to_string(), none()]);
            row.extend(r.pct(&c.pct).map(|n| n.to_string()));
            row.extend([none(), none(), none(), none(), e.currency.to_string()]);
            row.push(fallback(m).unwrap_or_default().to_string());
            out.write_record(&row)?;
        }
        for b in &r.view.bls {
            let mut row = vec![
                basis.to_string(),
                "bls".into(),
                format!("{} {}", b.occ_code, b.occ_title),
                format!("{} {}", b.area_code, b.area_title),
                none(),
                r.shown.tables.market.bls.release.clone(),
                none(),
                b.employment.to_string(),
            ];
            row.extend(r.pct(&b.pct).map(|n| n.to_string()));
            row.extend([none(), none(), none(), none(), e.currency.to_string(), none()]);
            out.write_record(&row)?;
        }
    }
    out.flush()?;
    Ok(())
}

// ------------------------------------------------------------------------------------ text

impl MarketShown<'_> {
    /// `survey US mid 2024`, `research GB senior 2023-25`.
    fn survey_label(&self) -> String {
        let q = &self.view.query;
        let (country, level, year) = match &self.view.survey {
            Some(m) => (m.cell.country.as_str(), m.cell.level.as_str(), m.cell.year.as_str()),
            None => (q.country, q.level, q.year),
        };
        let year = match year.split_once('-') {
            Some((a, b)) if b.len() == 4 => format!("{a}-{}", &b[2..]),
            _ => year.to_string(),
        };
        // `survey` stands for the ML engineers; another group is named instead.
        let group = if q.title_group == ML_ENGINEER { "survey" } else { q.title_group };
        label(&format!("{group} {country} {level} {year}"))
    }

    /// `mid level, 4 years; San Francisco, CA; PhD / doctorate`.
    fn profile_text(&self, with_level: bool) -> String {
        let (tables, e) = (self.shown.tables, &self.shown.est);
        let mut parts = Vec::new();
        if with_level {
            parts.push(match e.years {
                Some(y) => format!("{} level, {} years", level_name(tables, e.placement), num(y)),
                None => format!("{} level", level_name(tables, e.placement)),
            });
        }
        for (f, entry) in Factor::ALL.iter().zip(e.factors) {
            if *f == Factor::Location || entry.key != tables.factor(*f).default_entry().key {
                parts.push(entry.label.clone());
            }
        }
        parts.join("; ")
    }

    fn chart_rows(&self, estimate_label: String) -> Vec<ChartRow> {
        let e = &self.shown.est;
        let guides = Some((e.low, e.high));
        let mut rows = vec![ChartRow {
            label: estimate_label,
            strip: Strip::Range { low: e.low, mid: e.mid, high: e.high, open: e.open_ended },
            guides: None,
        }];
        let survey = match &self.view.survey {
            Some(m) => Strip::Spread(self.pct(&m.cell.pct)),
            None => Strip::Missing(format!("no cell of n >= {}", self.shown.tables.market.min_n)),
        };
        rows.push(ChartRow { label: self.survey_label(), strip: survey, guides });
        for b in &self.view.bls {
            let name = label(&format!("BLS {}", b.occ_title.to_lowercase()));
            rows.push(ChartRow { label: name, strip: Strip::Spread(self.pct(&b.pct)), guides });
        }
        rows
    }
}

/// The table rows under the chart: label, n or jobs, p10..p90.
fn table_rows(records: &[MarketShown]) -> Vec<[String; 7]> {
    let mut rows = Vec::new();
    for r in records {
        let mut row = |label: String, count: String, p: [i64; 5]| {
            let [a, b, c, d, e] = p.map(thousands);
            rows.push([label, count, a, b, c, d, e]);
        };
        if let Some(m) = &r.view.survey {
            row(r.survey_label(), thousands(i64::from(m.cell.n)), r.pct(&m.cell.pct));
        }
    }
    if let Some(first) = records.first() {
        for b in &first.view.bls {
            let name = label(&format!("BLS {}", b.occ_title.to_lowercase()));
            let [a, c, d, e, f] = first.pct(&b.pct).map(thousands);
            rows.push([name, thousands(b.employment as i64), a, c, d, e, f]);
        }
    }
    rows
}

/// Writes `mlsal market` for people: the estimate, the chart, its key, the figures, notes.
pub fn text(records: &[MarketShown], w: &mut dyn Write, style: &Style) -> io::Result<()> {
    let Some(first) = records.first() else { return Ok(()) };
    let market = &first.shown.tables.market;
    let e = &first.shown.est;
    let header = if let [one] = records {
        format!("Real pay and mlsal, {}: {}", first.shown.header_basis(), one.profile_text(true))
    } else {
        format!("Real pay and mlsal by level, {}: {}", first.shown.header_basis(), first.profile_text(false))
    };
    for l in wrap(&header, "") {
        writeln!(w, "{}", style.bold(&l))?;
    }
    writeln!(w)?;
    for r in records {
        let name = if records.len() == 1 {
            "estimate".to_string()
        } else {
            level_name(r.shown.tables, r.shown.est.placement)
        };
        writeln!(
            w,
            "  {} {}  {}",
            pad(&name, 9),
            style.good(&r.shown.range()),
            style.dim(&format!("(mid {})", money(r.shown.est.mid, r.shown.est.currency)))
        )?;
    }
    // The missing cells are said once, here, not again among the notes.
    let mut said = Vec::new();
    for r in records {
        let what = match &r.view.survey {
            Some(m) => survey_phrase(m),
            None => {
                said.push(missing_note(&r.shown, &r.view));
                format!("none: {}", missing_reason(&r.shown, &r.view))
            }
        };
        for (i, l) in wrap(&what, &" ".repeat(12)).into_iter().enumerate() {
            let l = if i == 0 { format!("  {}{}", pad("survey", 9), &l[11..]) } else { l };
            writeln!(w, "{l}")?;
        }
    }
    if let Some(b) = first.view.bls.first() {
        let area = if b.area_code == "99" { "United States".to_string() } else { b.area_title.clone() };
        writeln!(w, "  {} {area}, OEWS {}", pad("BLS", 9), market.bls.release)?;
    }
    writeln!(w)?;
    let mut rows: Vec<Option<ChartRow>> = Vec::new();
    for (i, r) in records.iter().enumerate() {
        if i > 0 {
            rows.push(None);
        }
        let name = if records.len() == 1 {
            "mlsal estimate".to_string()
        } else {
            format!("mlsal {}", level_name(r.shown.tables, r.shown.est.placement))
        };
        rows.extend(r.chart_rows(name).into_iter().map(Some));
    }
    for line in chart(&rows, e.currency, style) {
        writeln!(w, "{line}")?;
    }
    writeln!(w)?;
    writeln!(w, "  {}", style.dim(LEGEND))?;
    writeln!(w)?;
    let table = table_rows(records);
    if !table.is_empty() {
        let header = [
            e.currency.to_string(),
            "n / jobs".into(),
            "p10".into(),
            "p25".into(),
            "p50".into(),
            "p75".into(),
            "p90".into(),
        ];
        let widths: Vec<usize> = (0..7)
            .map(|c| {
                table
                    .iter()
                    .map(|r| r[c].chars().count())
                    .chain([header[c].chars().count()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |r: &[String; 7]| {
            let mut s = format!("  {}", pad(&r[0], widths[0]));
            for c in 1..7 {
                s.push_str(&format!("  {:>width$}", r[c], width = widths[c]));
            }
            s
        };
        writeln!(w, "{}", style.dim(&line(&header)))?;
        for r in &table {
            writeln!(w, "{}", line(r))?;
        }
        writeln!(w)?;
    }
    let mut notes: Vec<String> = Vec::new();
    for r in records {
        for n in r.notes() {
            if !notes.contains(&n) && !said.contains(&n) {
                notes.push(n);
            }
        }
    }
    if !notes.is_empty() {
        for n in &notes {
            for (i, l) in wrap(n, "    ").into_iter().enumerate() {
                let l = if i == 0 { format!("  -{}", &l[3..]) } else { l };
                writeln!(w, "{l}")?;
            }
        }
        writeln!(w)?;
    }
    let name = |source: &str| source.split([':', ';', '(']).next().unwrap_or_default().trim().to_string();
    let sources = format!(
        "Survey: {} ({}, to {}); full time, living where the company is; duplicate rows {}. BLS: OEWS {}; it has no ML-engineer occupation, so the nearest two are shown, and ML engineers are usually paid above both. All figures are base pay per year.",
        name(&market.survey.source),
        market.survey.licence,
        market.survey.as_of,
        market.survey.duplicates,
        market.bls.release,
    );
    for l in wrap(&sources, "  ") {
        writeln!(w, "{}", style.dim(&l))?;
    }
    Ok(())
}
