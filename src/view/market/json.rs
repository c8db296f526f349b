//! `mlsal market` as JSON: one object per estimate, with its survey cell, BLS rows and notes.

use super::*;

/// How a survey cell was put beside an amount, in JSON: as reported (`premium` null,
/// `location` and `wage` 1), or moved to the profile's place and pay year.
#[derive(Serialize)]
pub(crate) struct ScaleJson {
    /// The US survey premium divided out (null as reported, and for another country's cell).
    premium: Option<f64>,
    /// The place's location factor (a US cell moved to its place; else 1).
    location: f64,
    /// The wage growth of `--as-of` (1 as reported).
    wage: f64,
    /// The product of the three: what each reported salary is multiplied by.
    adjustment: f64,
    /// Units of the output currency per unit of the cell's currency.
    rate: f64,
}

impl From<&CellScale> for ScaleJson {
    fn from(s: &CellScale) -> Self {
        let r4 = crate::model::round4;
        ScaleJson {
            premium: s.premium,
            location: s.location,
            wage: s.wage,
            adjustment: r4(s.adjustment()),
            rate: s.rate,
        }
    }
}

#[derive(Serialize)]
struct SurveyJson<'r> {
    title_group: &'r str,
    country: &'r str,
    level: &'r str,
    year: &'r str,
    pooled: bool,
    /// Distinct responses.
    n: u32,
    /// Rows with the copies.
    rows: u32,
    /// The currency the cell's responses were reported in (most of them; the rest converted
    /// at the tables' rate).
    reported_currency: &'r str,
    /// The percentiles below are the cell's as reported, converted to `currency` by this.
    scale: ScaleJson,
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
pub(crate) struct CodeTitle<'r> {
    pub code: &'r str,
    pub title: &'r str,
}

#[derive(Serialize)]
struct BlsJson<'r> {
    occupation: CodeTitle<'r>,
    /// The OEWS area, as `list location`'s `area_code`, and its name.
    area_code: &'r str,
    area_name: &'r str,
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

pub(crate) fn fallback(m: &SurveyMatch) -> Option<&'static str> {
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
            /// The approximate OEWS wage levels of the area, per occupation (none abroad).
            wage_levels: Vec<LevelsJson<'r>>,
            notes: Vec<String>,
        }
        #[derive(Serialize)]
        struct LevelsJson<'r> {
            soc: &'static str,
            occupation: &'static str,
            /// The area's name, when the location has one.
            area_name: Option<&'r str>,
            /// `found`, `not_released`, `not_computable` or `no_data`.
            status: &'static str,
            thresholds_usd: Option<[i64; 4]>,
            release: &'r str,
        }
        let market = &self.shown.tables.market;
        let currency = self.shown.est.currency;
        let q = &self.view.query;
        let survey = self.view.survey.as_ref().zip(self.scale()).map(|(m, scale)| {
            let [p10, p25, p50, p75, p90] = self.survey_pct(m);
            SurveyJson {
                title_group: &m.cell.title_group,
                country: &m.cell.country,
                level: &m.cell.level,
                year: &m.cell.year,
                pooled: m.cell.pooled,
                n: m.cell.n,
                rows: m.cell.rows,
                reported_currency: &m.cell.currency,
                scale: (&scale).into(),
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
                let [p10, p25, p50, p75, p90] = self.pct(r);
                BlsJson {
                    occupation: CodeTitle { code: &r.occ_code, title: &r.occ_title },
                    area_code: &r.area_code,
                    area_name: &r.area_title,
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
            wage_levels: super::wage_levels(&self.shown)
                .into_iter()
                .map(|l| {
                    use crate::model::levels::Status;
                    LevelsJson {
                        soc: l.soc,
                        occupation: crate::model::levels::title(l.soc),
                        area_name: l.area,
                        status: match l.status {
                            Status::Found(_) => "found",
                            Status::NotReleased => "not_released",
                            Status::NotComputable => "not_computable",
                            Status::NoData | Status::Abroad => "no_data",
                        },
                        thresholds_usd: l.row().map(|r| r.levels),
                        release: market.levels.as_ref().map_or("May 2025", |l| l.release.as_ref()),
                    }
                })
                .collect(),
            notes: self.notes(),
        }
        .serialize(s)
    }
}
