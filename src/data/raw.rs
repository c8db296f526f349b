//! The TOML shapes of the data files, as read. `deny_unknown_fields` everywhere: a typo in a
//! field name must be an error, not a silently ignored line. Values keep their spans so every
//! problem can be reported with its line and column.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::tables::Confidence;
use crate::tables::wages::Status;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFactorFile {
    pub factor: Option<Spanned<String>>,
    pub default: Option<Spanned<String>>,
    pub as_of: Option<Spanned<String>>,
    #[serde(default)]
    pub sources: BTreeMap<String, String>,
    #[serde(default)]
    pub entry: Vec<Spanned<RawEntry>>,
    /// Names that belong to more than one entry (`arlington`: dallas and dc), to the keys
    /// they could mean. Typed alone, such a name is an error naming every key.
    #[serde(default)]
    pub ambiguous: BTreeMap<String, Spanned<Vec<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEntry {
    pub key: Spanned<String>,
    pub label: String,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    pub multiplier: Spanned<f64>,
    pub source: Spanned<String>,
    pub confidence: Confidence,
    pub note: Option<String>,
    pub country: Option<Spanned<String>>,
    pub currency: Option<Spanned<String>>,
    /// US metros only: the BLS area (CBSA) code, which joins the row to BLS wage tables.
    pub area_code: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBandsFile {
    pub as_of: Option<Spanned<String>>,
    #[serde(default)]
    pub sources: BTreeMap<String, String>,
    #[serde(default)]
    pub band: Vec<Spanned<RawBand>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBand {
    pub level: Spanned<String>,
    pub label: String,
    pub from_years: Spanned<f64>,
    pub to_years: Spanned<f64>,
    pub low: Spanned<f64>,
    pub high: Spanned<f64>,
    pub open_ended: Option<Spanned<bool>>,
    pub source: Spanned<String>,
    pub confidence: Confidence,
    pub note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawModelFile {
    pub floor: Option<Spanned<f64>>,
    pub cap: Option<Spanned<f64>>,
    pub source: Option<Spanned<String>>,
    pub note: Option<String>,
    #[serde(default)]
    pub sources: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCurrencyFile {
    pub as_of: Option<Spanned<String>>,
    pub source: Option<Spanned<String>>,
    pub note: Option<String>,
    #[serde(default)]
    pub sources: BTreeMap<String, String>,
    #[serde(default)]
    pub entry: Vec<Spanned<RawCurrency>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCurrency {
    pub code: Spanned<String>,
    pub name: String,
    pub per_usd: Spanned<f64>,
    /// Overrides the file's `source` for this rate.
    pub source: Option<Spanned<String>>,
    pub note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPayFile {
    pub as_of: Option<Spanned<String>>,
    #[serde(default)]
    pub sources: BTreeMap<String, String>,
    #[serde(default)]
    pub entry: Vec<Spanned<RawPay>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPay {
    pub level: Spanned<String>,
    pub company_size: Spanned<String>,
    pub bonus_pct: Spanned<f64>,
    /// A number (multiple of base) or the string "options": checked by hand for a clear message.
    pub equity: Spanned<toml::Value>,
    pub source: Spanned<String>,
    pub confidence: Confidence,
    pub note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawWagesFile {
    pub as_of: Option<Spanned<String>>,
    pub series: Option<Spanned<String>>,
    pub note: Option<String>,
    #[serde(default)]
    pub sources: BTreeMap<String, String>,
    #[serde(default)]
    pub entry: Vec<Spanned<RawWage>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawWage {
    pub year: Spanned<i64>,
    pub change_pct: Spanned<f64>,
    pub period: Spanned<String>,
    pub status: Status,
    pub source: Spanned<String>,
    pub confidence: Confidence,
    pub note: Option<String>,
}
