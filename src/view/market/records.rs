//! The machine formats of real pay: `mlsal market` as JSON (one object per estimate) and as
//! CSV/TSV (one row per estimate), and an offer's standing as JSON.

use super::*;

// ------------------------------------------------------------------------------------ JSON

/// How a survey cell was scaled to the profile, in JSON.
#[derive(Serialize)]
struct ScaleJson {
    /// The US survey premium divided out (null for another country's cell).
    premium: Option<f64>,
    /// The profile's factors the cell does not hold.
    factors: f64,
    /// The wage growth of `--as-of`.
    wage: f64,
    /// The product: premium, factors and wage, in US dollars.
    usd: f64,
    /// Units of the output currency per US dollar.
    rate: f64,
}

impl From<&CellScale> for ScaleJson {
    fn from(s: &CellScale) -> Self {
        let r4 = |x: f64| (x * 10_000.0).round() / 10_000.0;
        ScaleJson { premium: s.premium, factors: r4(s.factors), wage: s.wage, usd: r4(s.usd()), rate: s.rate }
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
    /// The percentiles below are the cell's, scaled by this and converted.
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
        let survey = self.view.survey.as_ref().zip(self.view.scale.as_ref()).map(|(m, scale)| {
            let [p10, p25, p50, p75, p90] = self.survey_pct(&m.cell.pct);
            SurveyJson {
                title_group: &m.cell.title_group,
                country: &m.cell.country,
                level: &m.cell.level,
                year: &m.cell.year,
                pooled: m.cell.pooled,
                n: m.cell.n,
                rows: m.cell.rows,
                scale: scale.into(),
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
pub(crate) struct StandingJson<'r, 'a> {
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
            /// Distinct responses.
            n: u32,
            rows: u32,
            fallback: Option<&'static str>,
            /// The amount's mid-rank among the cell's own salaries, scaled by `scale`: 0
            /// below them all, 100 above them all.
            percentile: f64,
            scale: ScaleJson,
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
        let survey = self.standing.survey.as_ref().map(|(m, scale, pct)| Survey {
            title_group: &m.cell.title_group,
            country: &m.cell.country,
            level: &m.cell.level,
            year: &m.cell.year,
            n: m.cell.n,
            rows: m.cell.rows,
            fallback: fallback(m),
            percentile: one_decimal(*pct),
            scale: scale.into(),
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

/// The lines that place an offer in its market: `the 34th percentile of 349 US mid-level ML
/// engineer salaries (2024 survey, distinct responses), scaled x1.2035 for this profile (...)`,
/// then one per BLS row.
pub(crate) fn standing_lines(standing: &Standing, release: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some((m, scale, pct)) = &standing.survey {
        out.push(format!(
            "{} of {}, scaled {}",
            survey_rank_words(*pct),
            survey_phrase(m),
            scale_words(scale)
        ));
    }
    for (row, rank) in &standing.bls {
        out.push(format!("{} of {}", rank_words(*rank), bls_phrase(row, release)));
    }
    out
}

/// The CSV/TSV columns an offer adds last: its survey percentile, the cell (`ml-engineer US
/// mid 2024`), its distinct n and the scale the cell was put on the profile's footing by.
pub(crate) const SURVEY_COLUMNS: [&str; 4] = ["survey_percentile", "survey_cell", "survey_n", "survey_scale"];

/// An offer's [`SURVEY_COLUMNS`] as a CSV/TSV row: empty fields without a survey cell.
#[derive(Default, Serialize)]
pub(crate) struct SurveyRow {
    survey_percentile: Option<Num>,
    survey_cell: Option<String>,
    survey_n: Option<u32>,
    survey_scale: Option<Num>,
}

impl SurveyRow {
    pub(crate) fn of(standing: Option<&Standing>) -> SurveyRow {
        let Some((m, scale, pct)) = standing.and_then(|s| s.survey.as_ref()) else {
            return SurveyRow::default();
        };
        let c = m.cell;
        SurveyRow {
            survey_percentile: Some(Num(one_decimal(*pct))),
            survey_cell: Some(format!("{} {} {} {}", c.title_group, c.country, c.level, c.year)),
            survey_n: Some(c.n),
            survey_scale: Some(Num((scale.usd() * 10_000.0).round() / 10_000.0)),
        }
    }
}

/// A standing's [`SURVEY_COLUMNS`] as text, empty without a survey cell (for writers of their
/// own rows, as batch's).
// Unused until batch's pay review (on its own branch) writes its rows with it.
#[allow(dead_code)]
pub(crate) fn survey_fields(standing: Option<&Standing>) -> [String; 4] {
    let r = SurveyRow::of(standing);
    let text = |x: Option<Num>| x.map(|n| n.0.to_string()).unwrap_or_default();
    let n = r.survey_n.map(|n| n.to_string()).unwrap_or_default();
    [text(r.survey_percentile), r.survey_cell.unwrap_or_default(), n, text(r.survey_scale)]
}

/// A short survey rank for a table cell: `34th`, `below all`, `above all`.
pub(crate) fn rank_short(pct: f64) -> String {
    match pct {
        p if p <= 0.0 => "below all".into(),
        p if p >= 100.0 => "above all".into(),
        p => ordinal(p.round() as u32),
    }
}

// ------------------------------------------------------------------------------------ CSV

/// The CSV/TSV columns of `mlsal market`: one row for the estimate, one for the survey cell
/// (if any) and one per BLS row, told apart by `kind`. Each column means one thing: `years`
/// is the estimate's experience, `period` what a survey or BLS row is pay of (`2024`, the
/// pooled `2023-2025`, `May 2025`), `pay_year` and `wage_factor` the year the estimate is pay
/// of and the factor `--as-of` moved it by; `n` a survey cell's distinct responses and `rows`
/// its rows with the copies; `scale` what the cell's figures were multiplied by (in US dollars,
/// before conversion) to put them on the profile's footing, as a market band is.
pub const MARKET_COLUMNS: [&str; 24] = [
    "bands",
    "kind",
    "name",
    "area",
    "level",
    "years",
    "period",
    "n",
    "rows",
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
    "pay_year",
    "wage_factor",
    "fallback",
    "scale",
];

/// One row of `mlsal market`: the estimate, the survey cell or a BLS row, told apart by
/// `kind`; the fields a kind has no value for are empty. The field names are
/// [`MARKET_COLUMNS`].
#[derive(Default, Serialize)]
struct MarketRow<'r> {
    bands: &'static str,
    kind: &'static str,
    name: String,
    area: String,
    level: Option<String>,
    years: Option<Num>,
    period: Option<&'r str>,
    n: Option<u32>,
    rows: Option<u32>,
    employment: Option<u64>,
    p10: Option<i64>,
    p25: Option<i64>,
    p50: Option<i64>,
    p75: Option<i64>,
    p90: Option<i64>,
    low: Option<i64>,
    mid: Option<i64>,
    high: Option<i64>,
    open_ended: Option<bool>,
    currency: &'r str,
    pay_year: Option<i32>,
    wage_factor: Option<Num>,
    fallback: Option<&'static str>,
    scale: Option<Num>,
}

impl<'r> MarketRow<'r> {
    /// Percentiles in the p10..p90 fields.
    fn with_pct(self, [p10, p25, p50, p75, p90]: [i64; 5]) -> Self {
        let [p10, p25, p50, p75, p90] = [p10, p25, p50, p75, p90].map(Some);
        MarketRow { p10, p25, p50, p75, p90, ..self }
    }
}

impl Record for MarketShown<'_> {
    fn columns() -> Vec<&'static str> {
        MARKET_COLUMNS.to_vec()
    }

    /// The estimate's row, the survey cell's (if any), then one per BLS row.
    fn rows(&self, out: &mut Rows) -> csv::Result<()> {
        let e = &self.shown.est;
        let (bands, currency) = (self.shown.basis().as_str(), e.currency);
        // The estimate: its level, years and range, and the year it is pay of.
        out.row(MarketRow {
            bands,
            kind: "estimate",
            name: "mlsal".into(),
            area: e.factors[Factor::Location.index()].key.to_string(),
            level: Some(level_name(self.shown.tables, e.placement)),
            years: e.years.map(Num),
            low: Some(e.low),
            mid: Some(e.mid),
            high: Some(e.high),
            open_ended: Some(e.open_ended),
            currency,
            pay_year: Some(e.pay.year),
            wage_factor: Some(Num(e.pay.factor)),
            ..MarketRow::default()
        })?;
        if let (Some(m), Some(scale)) = (&self.view.survey, &self.view.scale) {
            let c = m.cell;
            let row = MarketRow {
                bands,
                kind: "survey",
                name: c.title_group.to_string(),
                area: c.country.to_string(),
                level: Some(c.level.to_string()),
                period: Some(&c.year),
                n: Some(c.n),
                rows: Some(c.rows),
                currency,
                fallback: fallback(m),
                scale: Some(Num((scale.usd() * 10_000.0).round() / 10_000.0)),
                ..MarketRow::default()
            };
            out.row(row.with_pct(self.survey_pct(&c.pct)))?;
        }
        for b in &self.view.bls {
            let row = MarketRow {
                bands,
                kind: "bls",
                name: format!("{} {}", b.occ_code, b.occ_title),
                area: format!("{} {}", b.area_code, b.area_title),
                period: Some(&self.shown.tables.market.bls.release),
                employment: Some(b.employment),
                currency,
                ..MarketRow::default()
            };
            out.row(row.with_pct(self.pct(b)))?;
        }
        Ok(())
    }

    fn text(records: &[Self], w: &mut dyn Write, style: &Style) -> io::Result<()> {
        text(records, w, style)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::load_embedded;
    use crate::model::{Experience, Options, Profile, estimate};
    use crate::output::{Format, Shape, emit};
    use crate::tables::Tables;

    fn csv(t: &Tables, experience: Experience, city: &str) -> Vec<Vec<String>> {
        let mut factors = Factor::ALL.map(|f| t.factor(f).default_index());
        factors[Factor::Location.index()] = t.factor(Factor::Location).find(city).unwrap();
        let est = estimate(t, &Profile { experience, factors }, &Options::default());
        let mut out = Vec::new();
        let records = [MarketShown::new(Shown { tables: t, est })];
        emit(&mut out, Format::Csv, &Style::plain(), &records, Shape::Many).unwrap();
        let mut reader = csv::Reader::from_reader(&out[..]);
        assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), MARKET_COLUMNS);
        reader.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect()
    }

    /// Every row has every column, and each column holds one kind of value.
    #[test]
    fn every_row_fills_the_columns_of_its_kind() {
        let t = load_embedded().unwrap();
        let col = |name: &str| MARKET_COLUMNS.iter().position(|c| *c == name).unwrap();
        let rows = csv(&t, Experience::Years(4.0), "sf");
        let kinds: Vec<&str> = rows.iter().map(|r| r[col("kind")].as_str()).collect();
        assert_eq!(kinds, ["estimate", "survey", "bls", "bls"]);
        for r in &rows {
            assert_eq!(r.len(), MARKET_COLUMNS.len());
            let get = |name: &str| r[col(name)].as_str();
            let filled = |name: &str| !get(name).is_empty();
            let estimate = get("kind") == "estimate";
            assert_eq!(get("years"), if estimate { "4" } else { "" }, "{r:?}");
            for name in ["low", "mid", "high", "open_ended", "pay_year", "wage_factor"] {
                assert_eq!(filled(name), estimate, "{name}: {r:?}");
            }
            for name in ["period", "p10", "p50", "p90"] {
                assert_eq!(filled(name), !estimate, "{name}: {r:?}");
            }
            assert_eq!(get("currency"), "USD");
        }
        assert_eq!((rows[0][col("pay_year")].as_str(), rows[0][col("wage_factor")].as_str()), ("2024", "1"));
        assert_eq!((rows[1][col("period")].as_str(), rows[1][col("n")].as_str()), ("2024", "349"));
        assert_eq!((rows[1][col("rows")].as_str(), rows[1][col("scale")].as_str()), ("940", "1.2036"));
        assert_eq!((rows[2][col("period")].as_str(), rows[2][col("n")].as_str()), ("May 2025", ""));
        assert!(!rows[2][col("employment")].is_empty());
    }
}
