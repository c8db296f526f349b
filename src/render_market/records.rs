//! The machine formats of real pay: `mlsal market` as JSON (one object per estimate) and as
//! CSV/TSV (one row per estimate), and an offer's standing as JSON.

use super::*;

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
