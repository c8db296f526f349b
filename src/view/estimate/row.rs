//! An estimate as a CSV/TSV row: [`ESTIMATE_COLUMNS`], then [`TOTAL_COLUMNS`] with `--total`.

use serde::Serialize;

use super::Shown;
use crate::output::Num;
use crate::view::words::level_name;

/// One estimate's row; the field names are the column names (a test holds them to the
/// constants). The `--total` fields are absent, not empty, without `--total`.
#[derive(Serialize)]
pub(crate) struct EstimateRow<'r> {
    level: String,
    years: Option<Num>,
    location: &'r str,
    education: &'r str,
    specialization: &'r str,
    industry: &'r str,
    company_size: &'r str,
    multiplier: Num,
    capped: bool,
    low: i64,
    mid: i64,
    high: i64,
    open_ended: bool,
    currency: &'r str,
    pay_year: i32,
    wage_factor: Num,
    bands: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    bonus_low: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bonus_high: Option<i64>,
    /// Empty (inner `None`) for equity that is unvalued options: `equity_options` says so.
    #[serde(skip_serializing_if = "Option::is_none")]
    equity_low: Option<Option<i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    equity_high: Option<Option<i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    equity_options: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total_low: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total_mid: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total_high: Option<i64>,
}

impl<'a> Shown<'a> {
    /// This estimate as a CSV/TSV row.
    pub(crate) fn row(&self) -> EstimateRow<'_> {
        let e = &self.est;
        let [location, education, specialization, industry, company_size] = e.factors.map(|f| f.key.as_ref());
        let total = e.total.as_ref();
        let equity = |i: usize| total.map(|t| t.equity.map(|q| q[i]));
        EstimateRow {
            level: level_name(self.tables, e.placement),
            years: e.years.map(Num),
            location,
            education,
            specialization,
            industry,
            company_size,
            multiplier: Num(e.multiplier),
            capped: e.capped(),
            low: e.low,
            mid: e.mid,
            high: e.high,
            open_ended: e.open_ended,
            currency: e.currency,
            pay_year: e.pay.year,
            wage_factor: Num(e.pay.factor),
            bands: self.basis().as_str(),
            bonus_low: total.map(|t| t.bonus[0]),
            bonus_high: total.map(|t| t.bonus[1]),
            equity_low: equity(0),
            equity_high: equity(1),
            equity_options: total.map(|t| t.equity.is_none()),
            total_low: total.map(|t| t.total[0]),
            total_mid: total.map(|t| t.total[1]),
            total_high: total.map(|t| t.total[2]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Options, ProfileSpec, estimate};
    use crate::output::assert_rows_name_columns;

    #[test]
    fn the_fields_are_the_columns() {
        let tables = crate::embedded::tables();
        for total in [false, true] {
            let opts = Options { total, ..Options::default() };
            let profiles = ProfileSpec::<&str>::default().profiles(&tables).unwrap();
            let shown: Vec<Shown> = profiles
                .iter()
                .map(|p| Shown { tables: &tables, est: estimate(&tables, p, &opts) })
                .collect();
            assert_rows_name_columns(&shown);
            let rows: Vec<crate::view::compare::Row> =
                shown.into_iter().map(crate::view::compare::Row).collect();
            assert_rows_name_columns(&rows);
        }
    }
}
