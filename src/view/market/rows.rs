//! `mlsal market` as CSV/TSV: one row for the estimate, one for the survey cell and one per
//! BLS row, each a [`MarketRow`]; and the market's [`Record`], which hands text to [`text`].

use super::*;

/// The CSV/TSV columns of `mlsal market`: one row for the estimate, one for the survey cell
/// (if any) and one per BLS row, told apart by `kind`. Each column means one thing:
/// `location` is the estimate's location key, `country` a row's ISO 3166 country (the
/// estimate's location's, the survey cell's, `US` for BLS), `area_code` and `area_name` a BLS
/// row's OEWS area (empty where a row has none); `years`
/// is the estimate's experience, `period` what a survey or BLS row is pay of (`2024`, the
/// pooled `2023-2025`, `May 2025`), `pay_year` and `wage_factor` the year the estimate is pay
/// of and the factor `--as-of` moved it by; `n` a survey cell's distinct responses and `rows`
/// its rows with the copies; `scale` the rate the cell's figures, as reported, were converted to
/// `currency` by (1 when the cell is in that currency): `market` never scales the survey by
/// the model, whose band is its own row. The `wage_level_*_usd` columns are a BLS row's
/// approximate OEWS wage levels I-IV (market.toml's `[levels]`), in US dollars.
pub const MARKET_COLUMNS: [&str; 31] = [
    "bands",
    "kind",
    "name",
    "location",
    "country",
    "area_code",
    "area_name",
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
    "wage_level_1_usd",
    "wage_level_2_usd",
    "wage_level_3_usd",
    "wage_level_4_usd",
];

/// One row of `mlsal market`: the estimate, the survey cell or a BLS row, told apart by
/// `kind`; the fields a kind has no value for are empty. The field names are
/// [`MARKET_COLUMNS`].
#[derive(Default, Serialize)]
struct MarketRow<'r> {
    bands: &'static str,
    kind: &'static str,
    name: String,
    location: &'r str,
    country: &'r str,
    area_code: &'r str,
    area_name: &'r str,
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
    wage_level_1_usd: Option<i64>,
    wage_level_2_usd: Option<i64>,
    wage_level_3_usd: Option<i64>,
    wage_level_4_usd: Option<i64>,
}

impl<'r> MarketRow<'r> {
    /// Percentiles in the p10..p90 fields.
    fn with_pct(self, [p10, p25, p50, p75, p90]: [i64; 5]) -> Self {
        let [p10, p25, p50, p75, p90] = [p10, p25, p50, p75, p90].map(Some);
        MarketRow { p10, p25, p50, p75, p90, ..self }
    }
}

impl Record for MarketShown<'_> {
    fn page(records: &[Self]) -> anyhow::Result<crate::output::html::Page> {
        super::html::page(records)
    }

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
            location: &e.factors[Factor::Location.index()].key,
            country: e.factors[Factor::Location.index()].country.as_deref().unwrap_or_default(),
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
        if let (Some(m), Some(scale)) = (&self.view.survey, self.scale()) {
            let c = m.cell;
            let row = MarketRow {
                bands,
                kind: "survey",
                name: c.title_group.to_string(),
                country: &c.country,
                level: Some(c.level.to_string()),
                period: Some(&c.year),
                n: Some(c.n),
                rows: Some(c.rows),
                currency,
                fallback: fallback(m),
                scale: Some(Num(scale.total())),
                ..MarketRow::default()
            };
            out.row(row.with_pct(self.survey_pct(m)))?;
        }
        let market = &self.shown.tables.market;
        for b in &self.view.bls {
            let levels = market.level_row(&b.area_code, &b.occ_code).map(|l| l.levels.map(Some));
            let [wage_level_1_usd, wage_level_2_usd, wage_level_3_usd, wage_level_4_usd] =
                levels.unwrap_or_default();
            let row = MarketRow {
                wage_level_1_usd,
                wage_level_2_usd,
                wage_level_3_usd,
                wage_level_4_usd,
                bands,
                kind: "bls",
                name: format!("{} {}", b.occ_code, b.occ_title),
                country: "US",
                area_code: &b.area_code,
                area_name: &b.area_title,
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
    use crate::tables::Tables;

    fn csv(t: &Tables, experience: Experience, city: &str) -> Vec<Vec<String>> {
        let mut factors = Factor::ALL.map(|f| t.factor(f).default_index());
        factors[Factor::Location.index()] = t.factor(Factor::Location).find(city).unwrap();
        let est = estimate(t, &Profile { experience, factors }, &Options::default());
        let records = [MarketShown::new(Shown { tables: t, est })];
        let out = crate::output::csv_of(&records).unwrap();
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
        assert_eq!(
            (rows[1][col("rows")].as_str(), rows[1][col("scale")].as_str()),
            ("940", "1"),
            "as reported, in its own currency"
        );
        assert_eq!((rows[2][col("period")].as_str(), rows[2][col("n")].as_str()), ("May 2025", ""));
        assert!(!rows[2][col("employment")].is_empty());
    }

    #[test]
    fn market_rows_name_their_columns() {
        let t = load_embedded().unwrap();
        for city in ["sf", "bangalore", "london"] {
            let mut factors = Factor::ALL.map(|f| t.factor(f).default_index());
            factors[Factor::Location.index()] = t.factor(Factor::Location).find(city).unwrap();
            let profile = Profile { experience: Experience::Years(4.0), factors };
            let est = estimate(&t, &profile, &Options::default());
            crate::output::assert_rows_name_columns(&[MarketShown::new(Shown { tables: &t, est })]);
        }
    }
}
