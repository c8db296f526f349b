//! Total pay: base plus the bonus and equity of [`Compensation`] at the estimate's level and
//! company size. Unvalued options leave the total at base plus bonus. A gross salary (the
//! survey's, under `--bands market`) already holds its bonus: its total is gross + equity, and
//! the bonus is said to be in the gross, never added on top.

use super::{Placement, round_to};
use crate::tables::pay::{Compensation, Equity, PayRow};

/// Bonus, equity and total for one estimate, in the estimate's currency and rounding.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Total<'a> {
    /// The bonus percentage applied (blended across two levels in a gap); 0 when the base
    /// is gross pay that holds its bonus (`in_gross`).
    pub bonus_pct: f64,
    /// The base is gross pay that already holds its bonus (the survey's, `--bands market`):
    /// no bonus is added, and the output says so.
    pub in_gross: bool,
    /// The equity multiple applied, or `None` for unvalued options.
    pub equity_share: Option<f64>,
    pub bonus: [i64; 2],
    /// `None` for unvalued options.
    pub equity: Option<[i64; 2]>,
    /// Base + bonus + equity at the low, mid and high base amounts.
    pub total: [i64; 3],
    /// The rows used: one, or two for a blend across the gap between bands.
    pub rows: Vec<&'a PayRow>,
}

/// The bonus percentage and equity multiple for a placement: one row's, or a linear blend
/// of two levels' with the same weight as the base band. Options on either side stay options.
pub(crate) fn rates(
    comp: &Compensation,
    placement: Placement,
    size: usize,
) -> (f64, Option<f64>, Vec<&PayRow>) {
    match placement {
        Placement::Band(i) => {
            let r = comp.row(i, size);
            (r.bonus_pct, share(r.equity), vec![r])
        }
        Placement::Blend { lower, weight } => {
            let (a, b) = (comp.row(lower, size), comp.row(lower + 1, size));
            let mix = |x: f64, y: f64| x + (y - x) * weight;
            let equity = share(a.equity).zip(share(b.equity)).map(|(x, y)| mix(x, y));
            (mix(a.bonus_pct, b.bonus_pct), equity, vec![a, b])
        }
    }
}

fn share(e: Equity) -> Option<f64> {
    match e {
        Equity::Share(s) => Some(s),
        Equity::Options => None,
    }
}

/// Adds bonus and equity to a base range. `unrounded` is the base low, mid and high in the
/// target currency before rounding, `rounded` the same as shown; each component is rounded on
/// its own, so each total is exactly the base shown plus the bonus and equity at that point.
/// With `gross` the base already holds its bonus: none is added (total = gross + equity).
pub(crate) fn total<'a>(
    comp: &'a Compensation,
    placement: Placement,
    size: usize,
    (unrounded, rounded): ([f64; 3], [i64; 3]),
    round: u64,
    gross: bool,
) -> Total<'a> {
    let (table_pct, equity_share, rows) = rates(comp, placement, size);
    let bonus_pct = if gross { 0.0 } else { table_pct };
    let bonus_at = |x: f64| round_to(x * bonus_pct / 100.0, round);
    let equity_at = |x: f64| equity_share.map_or(0, |s| round_to(x * s, round));
    let total = [0, 1, 2].map(|i| rounded[i] + bonus_at(unrounded[i]) + equity_at(unrounded[i]));
    Total {
        bonus_pct,
        in_gross: gross,
        equity_share,
        bonus: [bonus_at(unrounded[0]), bonus_at(unrounded[2])],
        equity: equity_share.map(|_| [equity_at(unrounded[0]), equity_at(unrounded[2])]),
        total,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::Confidence;

    fn row(bonus_pct: f64, equity: Equity) -> PayRow {
        PayRow {
            level: "x".into(),
            company_size: "any".into(),
            bonus_pct,
            equity,
            source: "S".into(),
            confidence: Confidence::Low,
            note: None,
        }
    }

    fn comp(rows: [PayRow; 2]) -> Compensation {
        let [a, b] = rows;
        Compensation { as_of: "2025".into(), grid: vec![vec![a].into(), vec![b].into()].into() }
    }

    #[test]
    fn total_is_base_plus_bonus_plus_equity_at_each_point() {
        let c = comp([row(10.0, Equity::Share(0.28)), row(15.0, Equity::Share(0.5))]);
        let t = total(
            &c,
            Placement::Band(0),
            0,
            ([120_000.0, 140_000.0, 160_000.0], [120_000, 140_000, 160_000]),
            1000,
            false,
        );
        assert_eq!(t.bonus, [12_000, 16_000]);
        assert_eq!(t.equity, Some([34_000, 45_000])); // 33,600 and 44,800 rounded
        assert_eq!(t.total, [166_000, 193_000, 221_000]); // 140,000 + 14,000 + 39,200 -> 39,000
    }

    #[test]
    fn a_blend_mixes_the_two_levels_rates_with_the_band_weight() {
        let c = comp([row(10.0, Equity::Share(0.25)), row(20.0, Equity::Share(0.75))]);
        let (pct, share, rows) = rates(&c, Placement::Blend { lower: 0, weight: 0.5 }, 0);
        assert_eq!((pct, share, rows.len()), (15.0, Some(0.5), 2));
    }

    #[test]
    fn options_are_never_valued_and_leave_the_total_at_base_plus_bonus() {
        let c = comp([row(0.0, Equity::Options), row(5.0, Equity::Share(0.1))]);
        let t = total(
            &c,
            Placement::Band(0),
            0,
            ([90_000.4, 105_000.0, 120_000.0], [90_000, 105_000, 120_000]),
            1,
            false,
        );
        assert_eq!((t.equity, t.equity_share), (None, None));
        assert_eq!(t.total, [90_000, 105_000, 120_000]);
        let (_, share, _) = rates(&c, Placement::Blend { lower: 0, weight: 0.5 }, 0);
        assert_eq!(share, None, "a blend with options on one side stays options");
    }

    #[test]
    fn a_gross_base_gets_equity_but_no_bonus_on_top() {
        let c = comp([row(10.0, Equity::Share(0.28)), row(15.0, Equity::Share(0.5))]);
        let base = ([120_000.0, 140_000.0, 160_000.0], [120_000, 140_000, 160_000]);
        let net = total(&c, Placement::Band(0), 0, base, 1000, false);
        let gross = total(&c, Placement::Band(0), 0, base, 1000, true);
        assert_eq!((gross.bonus, gross.bonus_pct, gross.in_gross), ([0, 0], 0.0, true));
        assert_eq!(gross.equity, net.equity);
        assert_eq!(gross.total, [154_000, 179_000, 205_000]); // base + equity alone
        assert_eq!(net.total[1] - gross.total[1], 14_000, "the bonus, 10% of 140,000");
    }
}
