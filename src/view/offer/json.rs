//! An offer in JSON: the verdict, position, gap and compa-ratio, the estimate's object, and the
//! market standing (`null` with `--total` alone), and a package's parts and total judged.

use serde::Serialize;

use super::{Offer, StandingJson};
use crate::output::whole;

/// A package's parts per year, as read, and their sum.
#[derive(Serialize)]
struct PackageJson {
    #[serde(serialize_with = "whole")]
    base: f64,
    #[serde(serialize_with = "whole")]
    bonus: f64,
    #[serde(serialize_with = "whole")]
    equity: f64,
    #[serde(serialize_with = "whole")]
    total: f64,
}

/// A package's total judged against the estimate's total pay, as the offer's salary is judged
/// against its range.
#[derive(Serialize)]
struct TotalPayJson {
    #[serde(serialize_with = "whole")]
    amount: f64,
    verdict: &'static str,
    position_pct: Option<f64>,
    #[serde(serialize_with = "whole")]
    gap_to_mid: f64,
    compa_ratio: Option<f64>,
}
use crate::view::estimate::Shown;

impl Serialize for Offer<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Json<'r, 'a> {
            #[serde(serialize_with = "crate::output::whole")]
            amount: f64,
            verdict: &'static str,
            position_pct: Option<f64>,
            #[serde(serialize_with = "crate::output::whole")]
            gap_to_mid: f64,
            compa_ratio: Option<f64>,
            compared_with: &'static str,
            /// The offer's parts, with `--bonus`/`--equity`; null otherwise.
            package: Option<PackageJson>,
            /// A package's total against the estimate's total pay; null without a package.
            total_pay: Option<TotalPayJson>,
            estimate: &'r Shown<'a>,
            /// Null with `--total` (the survey and BLS hold base salaries).
            market: Option<StandingJson<'r, 'a>>,
            /// The salary's approximate OEWS wage level (US locations), or why there is none.
            wage_level: super::level::LevelJson<'r>,
        }
        Json {
            amount: self.amount,
            verdict: self.verdict.as_str(),
            position_pct: self.position_pct,
            gap_to_mid: self.gap_to_mid,
            compa_ratio: self.compa_ratio,
            compared_with: self.compared_with(),
            package: self.package.map(|p| PackageJson {
                base: p.base,
                bonus: p.bonus,
                equity: p.equity,
                total: p.total(),
            }),
            total_pay: self.total.as_ref().map(|t| TotalPayJson {
                amount: t.amount,
                verdict: t.verdict.as_str(),
                position_pct: t.position_pct,
                gap_to_mid: t.gap_to_mid,
                compa_ratio: t.compa_ratio,
            }),
            estimate: &self.shown,
            market: self.market.as_ref().map(|standing| StandingJson {
                standing,
                release: &self.shown.tables.market.bls.release,
                notes: self.market_notes.clone(),
            }),
            wage_level: self.wage.json(),
        }
        .serialize(s)
    }
}
