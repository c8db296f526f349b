//! An estimate as JSON: the field names are a stable contract (docs/GUIDE.md, "JSON fields").

use super::*;

#[derive(Serialize)]
struct Json<'a> {
    level: String,
    years: Option<f64>,
    blend: Option<BlendJson>,
    low: i64,
    mid: i64,
    high: i64,
    open_ended: bool,
    currency: &'a str,
    /// The year the amounts are for (`--as-of`; the bands' year by default).
    pay_year: i32,
    /// What the base band was multiplied by to reach `pay_year` (1 at the bands' year).
    wage_factor: f64,
    /// The base bands: `article` or `market` (`--bands`).
    bands: &'static str,
    multiplier: f64,
    raw_multiplier: f64,
    capped: bool,
    bound: Option<&'static str>,
    base: BaseJson,
    factors: Vec<FactorJson<'a>>,
    /// The rate used, when the amounts are not US dollars (`null` in US dollars).
    exchange: Option<ExchangeJson<'a>>,
    /// How the base band was moved to `pay_year`, when it was (`null` at the bands' year).
    wage_growth: Option<WageGrowthJson<'a>>,
    /// With `--total` (`null` without: every field is always there).
    bonus: Option<BonusJson>,
    equity: Option<EquityJson>,
    total: Option<TotalJson>,
    /// The tables: `builtin` or the user's directory. Here, not added by the output, so an
    /// estimate nested in an offer or a market is the record `estimate` prints.
    data: &'a str,
}

#[derive(Serialize)]
struct ExchangeJson<'a> {
    /// Units of the currency per US dollar.
    rate: f64,
    as_of: &'a str,
    source: &'a str,
}

#[derive(Serialize)]
struct WageGrowthJson<'a> {
    /// The year of the bands' figures.
    from: i32,
    series: &'a str,
    /// Whether a change compounded is the latest reading of a year not yet over.
    provisional: bool,
    changes: Vec<WageChangeJson<'a>>,
}

#[derive(Serialize)]
struct WageChangeJson<'a> {
    year: i32,
    change_pct: f64,
    period: &'a str,
    status: &'static str,
    source: &'a str,
}

impl<'a> WageGrowthJson<'a> {
    fn of(pay: &PayYear<'a>) -> Option<Self> {
        pay.adjusted().then(|| WageGrowthJson {
            from: pay.from,
            series: pay.series,
            provisional: pay.provisional(),
            changes: pay
                .changes
                .iter()
                .map(|c| WageChangeJson {
                    year: c.year,
                    change_pct: c.change_pct,
                    period: &c.period,
                    status: c.status.as_str(),
                    source: &c.source,
                })
                .collect(),
        })
    }
}

#[derive(Serialize)]
struct BonusJson {
    low: i64,
    high: i64,
    /// Percentage of base.
    pct: f64,
    /// The base is gross pay that holds its bonus (`--bands market`): none was added.
    in_gross: bool,
}

/// Yearly equity as a range; `options` true (and the figures `null`) when it is unvalued
/// options, with no value to count. One shape either way.
#[derive(Serialize)]
struct EquityJson {
    low: Option<i64>,
    high: Option<i64>,
    /// Multiple of base per year.
    share: Option<f64>,
    options: bool,
}

/// Total pay (`--total`) in JSON: the one shape of it, in an estimate and in a `whatif` change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct TotalJson {
    pub low: i64,
    pub mid: i64,
    pub high: i64,
}

impl TotalJson {
    pub(crate) fn of(t: &Total) -> TotalJson {
        let [low, mid, high] = t.total;
        TotalJson { low, mid, high }
    }
}

/// The JSON of `--total`: bonus, equity and total.
fn total_json(t: &Total) -> (BonusJson, EquityJson, TotalJson) {
    let equity = match (t.equity, t.equity_share) {
        (Some([low, high]), Some(share)) => {
            EquityJson { low: Some(low), high: Some(high), share: Some(round4(share)), options: false }
        }
        _ => EquityJson { low: None, high: None, share: None, options: true },
    };
    let bonus =
        BonusJson { low: t.bonus[0], high: t.bonus[1], pct: round4(t.bonus_pct), in_gross: t.in_gross };
    (bonus, equity, TotalJson::of(t))
}

#[derive(Serialize)]
struct BlendJson {
    from: String,
    to: String,
    weight: f64,
}

#[derive(Serialize)]
struct BaseJson {
    low: i64,
    high: i64,
}

#[derive(Serialize)]
struct FactorJson<'a> {
    factor: &'static str,
    key: &'a str,
    label: &'a str,
    multiplier: f64,
    source: &'a str,
    confidence: &'static str,
}

impl Serialize for Shown<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let e = &self.est;
        let bands = &self.tables.bands.bands;
        let (bonus, equity, total) = match e.total.as_ref().map(total_json) {
            Some((b, q, t)) => (Some(b), Some(q), Some(t)),
            None => (None, None, None),
        };
        Json {
            level: level_name(self.tables, e.placement),
            years: e.years,
            blend: match e.placement {
                Placement::Blend { lower, weight } => Some(BlendJson {
                    from: bands[lower].level.to_string(),
                    to: bands[lower + 1].level.to_string(),
                    weight: crate::model::round4(weight),
                }),
                Placement::Band(_) => None,
            },
            low: e.low,
            mid: e.mid,
            high: e.high,
            open_ended: e.open_ended,
            currency: e.currency,
            pay_year: e.pay.year,
            wage_factor: e.pay.factor,
            bands: self.basis().as_str(),
            multiplier: e.multiplier,
            raw_multiplier: e.raw_multiplier,
            capped: e.capped(),
            bound: e.bound.map(|b| b.as_str()),
            base: BaseJson { low: e.base_low.round() as i64, high: e.base_high.round() as i64 },
            factors: Factor::ALL
                .iter()
                .zip(e.factors)
                .map(|(f, entry)| FactorJson {
                    factor: f.name(),
                    key: &entry.key,
                    label: &entry.label,
                    multiplier: entry.multiplier,
                    source: &entry.source,
                    confidence: entry.confidence.as_str(),
                })
                .collect(),
            exchange: self.exchange().map(|c| ExchangeJson {
                rate: e.rate,
                as_of: &c.as_of,
                source: &c.source,
            }),
            wage_growth: WageGrowthJson::of(&e.pay),
            bonus,
            equity,
            total,
            data: &self.tables.data,
        }
        .serialize(s)
    }
}
