//! An offer in JSON: the verdict, position, gap and compa-ratio, the estimate's object, and the
//! market standing (`null` with `--total`).

use serde::Serialize;

use super::{Offer, StandingJson};
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
            estimate: &'r Shown<'a>,
            /// Null with `--total` (the survey and BLS hold base salaries).
            market: Option<StandingJson<'r, 'a>>,
        }
        Json {
            amount: self.amount,
            verdict: self.verdict.as_str(),
            position_pct: self.position_pct,
            gap_to_mid: self.gap_to_mid,
            compa_ratio: self.compa_ratio,
            compared_with: self.compared_with(),
            estimate: &self.shown,
            market: self.market.as_ref().map(|standing| StandingJson {
                standing,
                release: &self.shown.tables.market.bls.release,
                notes: self.market_notes.clone(),
            }),
        }
        .serialize(s)
    }
}
