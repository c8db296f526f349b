//! How an estimate looks in each format: the JSON fields (a stable contract, see the README),
//! the CSV columns and the text block with its factor breakdown.

use std::io::{self, Write};

use serde::Serialize;

use crate::model::pay::Total;
use crate::model::{Estimate, Placement};
use crate::output::{Record, Style, money, pad};
use crate::tables::currency::{BASE, Currency};
use crate::tables::market::Basis;
use crate::tables::{Band, Factor, Tables};

/// An estimate together with the tables it was computed from (for level names and labels).
#[derive(Clone, Debug)]
pub struct Shown<'a> {
    pub tables: &'a Tables,
    pub est: Estimate<'a>,
}

/// The level name: `mid`, or `entry-mid` for a blend across the gap between two bands.
pub fn level_name(tables: &Tables, placement: Placement) -> String {
    let bands = &tables.bands.bands;
    match placement {
        Placement::Band(i) => bands[i].level.clone(),
        Placement::Blend { lower, .. } => format!("{}-{}", bands[lower].level, bands[lower + 1].level),
    }
}

/// A band's years in words: `0 to 2 years`, `over 5 years`.
pub fn band_years(b: &Band) -> String {
    if b.open_ended {
        format!("over {} years", num(b.from_years))
    } else {
        format!("{} to {} years", num(b.from_years), num(b.to_years))
    }
}

/// A number without a trailing `.0`.
pub fn num(x: f64) -> String {
    if x.fract() == 0.0 { format!("{x:.0}") } else { format!("{x}") }
}

/// `x1.50`, with more decimals only where they carry information.
pub fn times(m: f64) -> String {
    let two = format!("{m:.2}");
    if (two.parse::<f64>().unwrap_or(m) - m).abs() < 1e-9 { format!("x{two}") } else { format!("x{m:.4}") }
}

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
    /// The base bands: `article` or `market` (`--bands`).
    bands: &'static str,
    multiplier: f64,
    raw_multiplier: f64,
    capped: bool,
    bound: Option<&'static str>,
    base: BaseJson,
    factors: Vec<FactorJson<'a>>,
    /// The rate used, when the amounts are not US dollars.
    #[serde(skip_serializing_if = "Option::is_none")]
    exchange: Option<ExchangeJson<'a>>,
    /// With `--total` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    bonus: Option<BonusJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    equity: Option<EquityJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total: Option<TotalJson>,
}

#[derive(Serialize)]
struct ExchangeJson<'a> {
    /// Units of the currency per US dollar.
    rate: f64,
    as_of: &'a str,
    source: &'a str,
}

#[derive(Serialize)]
struct BonusJson {
    low: i64,
    high: i64,
    /// Percentage of base.
    pct: f64,
}

/// Yearly equity as a range, or the string "options" when it has no value to count.
#[derive(Serialize)]
#[serde(untagged)]
enum EquityJson {
    Valued {
        low: i64,
        high: i64,
        /// Multiple of base per year.
        share: f64,
    },
    Options(&'static str),
}

#[derive(Serialize)]
struct TotalJson {
    low: i64,
    mid: i64,
    high: i64,
}

/// The JSON of `--total`: bonus, equity and total.
fn total_json(t: &Total) -> (BonusJson, EquityJson, TotalJson) {
    let [low, mid, high] = t.total;
    let equity = match (t.equity, t.equity_share) {
        (Some([low, high]), Some(share)) => EquityJson::Valued { low, high, share: round4(share) },
        _ => EquityJson::Options("options"),
    };
    (
        BonusJson { low: t.bonus[0], high: t.bonus[1], pct: round4(t.bonus_pct) },
        equity,
        TotalJson { low, mid, high },
    )
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
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
                    from: bands[lower].level.clone(),
                    to: bands[lower + 1].level.clone(),
                    weight: (weight * 10_000.0).round() / 10_000.0,
                }),
                Placement::Band(_) => None,
            },
            low: e.low,
            mid: e.mid,
            high: e.high,
            open_ended: e.open_ended,
            currency: e.currency,
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
            bonus,
            equity,
            total,
        }
        .serialize(s)
    }
}

/// The CSV/TSV columns of an estimate; other commands put their own columns first.
pub const ESTIMATE_COLUMNS: [&str; 15] = [
    "level",
    "years",
    "location",
    "education",
    "specialization",
    "industry",
    "company_size",
    "multiplier",
    "capped",
    "low",
    "mid",
    "high",
    "open_ended",
    "currency",
    "bands",
];

/// The CSV/TSV columns added by `--total`; equity columns say `options` for unvalued options.
pub const TOTAL_COLUMNS: [&str; 7] =
    ["bonus_low", "bonus_high", "equity_low", "equity_high", "total_low", "total_mid", "total_high"];

/// [`ESTIMATE_COLUMNS`], then [`TOTAL_COLUMNS`] when the estimates were made with `--total`.
pub fn estimate_columns(with_total: bool) -> Vec<&'static str> {
    let mut columns = ESTIMATE_COLUMNS.to_vec();
    if with_total {
        columns.extend(TOTAL_COLUMNS);
    }
    columns
}

impl Shown<'_> {
    /// The rate used, when the amounts are not US dollars.
    pub fn exchange(&self) -> Option<&Currency> {
        (self.est.currency != BASE).then(|| self.tables.currencies.find(self.est.currency)).flatten()
    }

    /// Appends the `--total` fields in [`TOTAL_COLUMNS`] order (nothing without `--total`).
    pub fn total_fields(&self, out: &mut Vec<String>) {
        let Some(t) = &self.est.total else { return };
        out.extend(t.bonus.map(|n| n.to_string()));
        match t.equity {
            Some(q) => out.extend(q.map(|n| n.to_string())),
            None => out.extend(["options".to_string(), "options".to_string()]),
        }
        out.extend(t.total.map(|n| n.to_string()));
    }

    /// `£196,000 – £262,000+`: the total range, with `+` on an open top.
    fn total_range(&self, t: &Total) -> String {
        let e = &self.est;
        let open = if e.open_ended { "+" } else { "" };
        format!("{} – {}{open}", money(t.total[0], e.currency), money(t.total[2], e.currency))
    }

    /// The `--total` lines of one estimate: bonus, equity and total, with their source.
    fn write_total(&self, t: &Total, w: &mut dyn Write, style: &Style) -> io::Result<()> {
        let cur = self.est.currency;
        let amounts = |[lo, hi]: [i64; 2]| format!("{} – {}", money(lo, cur), money(hi, cur));
        let mut sources: Vec<&str> = t.rows.iter().map(|r| r.source.as_str()).collect();
        sources.dedup();
        let confidence = t.rows[0].confidence.as_str();
        let bonus = amounts(t.bonus);
        let pct = format!("{}% of base", num(round4(t.bonus_pct)));
        let cite = style.dim(&format!("{} ({confidence} confidence)", sources.join("; ")));
        let (equity, what) = match (t.equity, t.equity_share) {
            (Some(q), Some(share)) => (amounts(q), format!("{} of base/yr", times(round4(share)))),
            _ => ("unvalued options".to_string(), "not counted".to_string()),
        };
        // One column for both amounts, however wide the currency makes them (¥28,908,000).
        let width = bonus.chars().count().max(equity.chars().count()).max(21);
        writeln!(w, "  {} {}  {}  {cite}", pad("bonus", 15), pad(&bonus, width), pad(&pct, 17))?;
        writeln!(w, "  {} {}  {what}", pad("equity", 15), pad(&equity, width))?;
        let note = if t.equity.is_none() { ", base + bonus only" } else { "" };
        writeln!(
            w,
            "  {} {}  {}",
            pad("total", 15),
            style.good(&self.total_range(t)),
            style.dim(&format!("(mid {}{note})", money(t.total[1], cur)))
        )
    }

    /// The exchange-rate line, when the amounts are not US dollars.
    fn write_exchange(&self, w: &mut dyn Write, style: &Style) -> io::Result<()> {
        let Some(c) = self.exchange() else { return Ok(()) };
        writeln!(
            w,
            "  {} {}  {}",
            pad("exchange rate", 15),
            pad(&format!("1 USD = {} {}", self.est.rate, c.code), 21),
            style.dim(&format!("{}, {}", c.as_of, c.source))
        )
    }

    /// Appends this estimate's fields in [`ESTIMATE_COLUMNS`] order.
    pub fn fields(&self, out: &mut Vec<String>) {
        let e = &self.est;
        out.push(level_name(self.tables, e.placement));
        out.push(e.years.map(num).unwrap_or_default());
        out.extend(e.factors.iter().map(|f| f.key.clone()));
        out.push(e.multiplier.to_string());
        out.push(e.capped().to_string());
        out.extend([e.low, e.mid, e.high].map(|n| n.to_string()));
        out.push(e.open_ended.to_string());
        out.push(e.currency.to_string());
        out.push(self.basis().as_str().to_string());
    }

    /// The bands this estimate was priced from.
    pub fn basis(&self) -> Basis {
        self.tables.bands.basis
    }

    /// `USD (article bands)`: the currency and the bands, for a text header.
    pub fn header_basis(&self) -> String {
        format!("{} ({} bands)", self.est.currency, self.basis().as_str())
    }

    /// `$180,000 – $240,000`, with `+` on an open top.
    pub fn range(&self) -> String {
        let e = &self.est;
        format!(
            "{} – {}{}",
            money(e.low, e.currency),
            money(e.high, e.currency),
            if e.open_ended { "+" } else { "" }
        )
    }

    /// The experience line: what band, and why.
    fn experience(&self) -> String {
        let e = &self.est;
        let bands = &self.tables.bands.bands;
        match (e.placement, e.years) {
            (Placement::Band(i), Some(y)) => match self.basis() {
                Basis::Article => format!(
                    "{} level ({} years; the article's band for {})",
                    bands[i].level,
                    num(y),
                    band_years(&bands[i])
                ),
                Basis::Market => format!(
                    "{} level ({} years; the survey's {} band, at the article's {})",
                    bands[i].level,
                    num(y),
                    bands[i].level,
                    band_years(&bands[i])
                ),
            },
            (Placement::Band(i), None) => format!("{} level ({})", bands[i].level, band_years(&bands[i])),
            (Placement::Blend { lower, weight }, y) => format!(
                "between {} and {} ({} years: the article has no band from {} to {} years, so the two are blended {:.0}% of the way)",
                bands[lower].level,
                bands[lower + 1].level,
                y.map(num).unwrap_or_default(),
                num(bands[lower].to_years),
                num(bands[lower + 1].from_years),
                weight * 100.0
            ),
        }
    }

    /// The factor breakdown and combined multiplier, shared by one or many estimates of a profile.
    fn write_factors(&self, w: &mut dyn Write, style: &Style) -> io::Result<()> {
        let e = &self.est;
        let width = e.factors.iter().map(|f| f.label.chars().count()).max().unwrap_or(0).max(10);
        for (f, entry) in Factor::ALL.iter().zip(e.factors) {
            writeln!(
                w,
                "  {} {}  {}  {}",
                pad(&f.name().replace('_', " "), 15),
                pad(&entry.label, width),
                pad(&times(entry.multiplier), 7),
                style.dim(&format!("{} ({} confidence)", entry.source, entry.confidence.as_str())),
            )?;
        }
        let combined = match e.bound {
            None => times(e.multiplier),
            Some(b) => format!(
                "{}  {}",
                times(e.multiplier),
                style.warn(&format!(
                    "held to the {} of model.toml: the factors multiply to {}",
                    b.as_str(),
                    times(e.raw_multiplier)
                )),
            ),
        };
        writeln!(w, "  {} {}  {}", pad("combined", 15), pad("", width), combined)
    }
}

impl Record for Shown<'_> {
    fn columns() -> Vec<&'static str> {
        ESTIMATE_COLUMNS.to_vec()
    }

    fn columns_for(records: &[Self]) -> Vec<&'static str> {
        estimate_columns(records.iter().any(|r| r.est.total.is_some()))
    }

    fn row(&self, out: &mut Vec<String>) {
        self.fields(out);
        self.total_fields(out);
    }

    fn text(records: &[Self], w: &mut dyn Write, style: &Style) -> io::Result<()> {
        let Some(first) = records.first() else { return Ok(()) };
        let currency = first.est.currency;
        if let [one] = records {
            let e = &one.est;
            writeln!(
                w,
                "{}",
                style.bold(&format!("ML engineer base salary, {}: {}", one.header_basis(), one.experience()))
            )?;
            writeln!(w)?;
            let base = format!(
                "{} – {}{}",
                money(e.base_low.round() as i64, "USD"),
                money(e.base_high.round() as i64, "USD"),
                if e.open_ended { "+" } else { "" }
            );
            match (one.basis(), e.placement) {
                (Basis::Market, Placement::Band(i)) => {
                    let b = &one.tables.bands.bands[i];
                    let note = b.note.as_deref().unwrap_or_default();
                    writeln!(w, "  {} {}  {}", pad("base band", 15), base, style.dim(note))?
                }
                _ => writeln!(w, "  {} {}", pad("base band", 15), base)?,
            }
            one.write_factors(w, style)?;
            one.write_exchange(w, style)?;
            writeln!(w)?;
            writeln!(
                w,
                "  {} {}  {}",
                pad("estimate", 15),
                style.good(&one.range()),
                style.dim(&format!("(mid {})", money(e.mid, currency)))
            )?;
            if let Some(t) = &e.total {
                one.write_total(t, w, style)?;
            }
            return Ok(());
        }
        writeln!(
            w,
            "{}",
            style.bold(&format!("ML engineer base salary by level, {}", first.header_basis()))
        )?;
        writeln!(w)?;
        first.write_factors(w, style)?;
        first.write_exchange(w, style)?;
        writeln!(w)?;
        let rows: Vec<[String; 5]> = records
            .iter()
            .map(|r| {
                let name = level_name(r.tables, r.est.placement);
                let years = match (r.est.placement, r.est.years) {
                    (_, Some(y)) => format!("{} years", num(y)),
                    (Placement::Band(i), None) => band_years(&r.tables.bands.bands[i]),
                    (Placement::Blend { .. }, None) => String::new(),
                };
                let total = r.est.total.as_ref().map_or_else(String::new, |t| {
                    let options = if t.equity.is_none() { " + unvalued options" } else { "" };
                    format!("total {}{options}", r.total_range(t))
                });
                [name, years, r.range(), format!("mid {}", money(r.est.mid, currency)), total]
            })
            .collect();
        let widths: Vec<usize> =
            (0..5).map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0)).collect();
        for r in &rows {
            let mid =
                if r[4].is_empty() { r[3].clone() } else { format!("{}  {}", pad(&r[3], widths[3]), r[4]) };
            writeln!(
                w,
                "  {}  {}  {}  {}",
                pad(&r[0], widths[0]),
                pad(&r[1], widths[1]),
                style.good(&pad(&r[2], widths[2])),
                style.dim(&mid)
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_shows_two_decimals_unless_more_matter() {
        assert_eq!(times(1.5), "x1.50");
        assert_eq!(times(1.725), "x1.7250");
        assert_eq!(times(1.0), "x1.00");
    }

    #[test]
    fn num_drops_trailing_zero() {
        assert_eq!(num(4.0), "4");
        assert_eq!(num(2.5), "2.5");
    }
}
