//! An amount of pay judged against an estimate: below, within or above the range, where in
//! the range, how far from the mid, its compa-ratio, and where it ranks in the profile's
//! market. `offer` judges one amount with it and `batch` every row's pay, so the two always
//! agree.

use super::Estimate;
use super::market::{self, MarketView, Standing};
use super::pay::Total;
use super::{cents, round, round_div};

/// Where an amount falls against a range; equal to either end is within.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Verdict {
    Below,
    Within,
    Above,
}

impl Verdict {
    pub(crate) fn judge(amount: f64, low: i64, high: i64) -> Verdict {
        if amount < low as f64 {
            Verdict::Below
        } else if amount > high as f64 {
            Verdict::Above
        } else {
            Verdict::Within
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Verdict::Below => "below",
            Verdict::Within => "within",
            Verdict::Above => "above",
        }
    }
}

/// `(amount - low) / (high - low) x 100`, to one decimal: 0 at the low end, 100 at the high
/// end, below 0 or above 100 outside. None when the range is a single amount (a `--round`
/// coarser than the range). Outside the range it never rounds onto an end: an amount a cent
/// below the low end reads -0.1%, not the 0.0% of the low end it is below; inside, it stays
/// within 0 to 100.
///
/// Both figures are rounded as the decimal a person computes is (a half away from zero), in
/// whole cents: a position of exactly 50.75 is 50.8, never the float's 50.7.
pub(crate) fn position_pct(amount: f64, low: i64, high: i64) -> Option<f64> {
    // Tenths of a percent: (cents - low x 100) x 10 / (high - low).
    let exact = (high > low).then(|| round_div((cents(amount) - low * 100) * 10, high - low))?;
    let tenths = match Verdict::judge(amount, low, high) {
        Verdict::Below => exact.min(-1),
        Verdict::Above => exact.max(1001),
        Verdict::Within => exact.clamp(0, 1000),
    };
    // `+ 0.0`: no -0.0.
    Some(tenths as f64 / 10.0 + 0.0)
}

/// `amount / mid`, to two decimals, a half up (80,500 / 140,000 = 0.575 is 0.58); None for a
/// mid of 0 (a `--round` larger than the pay).
pub(crate) fn compa_ratio(amount: f64, mid: i64) -> Option<f64> {
    (mid > 0).then(|| round_div(cents(amount), mid) as f64 / 100.0 + 0.0)
}

/// The low, mid and high an amount is judged against: total pay when `--total` computed it,
/// base salary otherwise.
pub(crate) fn against(est: &Estimate) -> [i64; 3] {
    est.total.as_ref().map_or([est.low, est.mid, est.high], |t| t.total)
}

/// One amount judged against one estimate.
#[derive(Clone, Debug)]
pub(crate) struct Review<'a> {
    /// In the estimate's currency, to the cent.
    pub amount: f64,
    /// What it is judged against ([`against`]): low, mid, high.
    pub range: [i64; 3],
    pub(crate) verdict: Verdict,
    pub position_pct: Option<f64>,
    /// `amount - mid`, to the cent: negative below the mid.
    pub gap_to_mid: f64,
    pub compa_ratio: Option<f64>,
    /// Where the amount ranks in `view`. `None` with `--total`: the survey and BLS hold base
    /// salaries, and the amount is then a package.
    pub(crate) market: Option<Standing<'a>>,
    /// The approximate OEWS wage level the salary reaches (0 below Level I, else 1-4) in the
    /// view's levels; `None` where there are none (abroad, not released) and for a total.
    pub(crate) wage_level: Option<(u8, &'static str)>,
}

/// An offer, or a pay, as a package: its base and the yearly bonus and equity given beside it
/// (0 when not given), in the estimate's currency, to the cent.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Package {
    pub base: f64,
    pub bonus: f64,
    pub equity: f64,
}

/// To the cent: no `270000.00000000006`.
fn to_cent(x: f64) -> f64 {
    round(x * 100.0) / 100.0 + 0.0
}

impl Package {
    /// Base + bonus + equity, to the cent.
    pub(crate) fn total(&self) -> f64 {
        to_cent(self.base + self.bonus + self.equity)
    }

    /// What is set against an estimate's total pay: [`Package::total`], or base + bonus when
    /// the estimate counts no equity (an early-stage startup's unvalued options), so that both
    /// sides leave equity out.
    pub(crate) fn total_against(&self, t: &Total) -> f64 {
        if t.equity.is_some() { self.total() } else { to_cent(self.base + self.bonus) }
    }

    /// What is set against the estimate's own range: the base, or base + bonus when that range
    /// is gross pay (the survey's, `--bands market`), which holds its bonus: gross with gross.
    pub(crate) fn salary(&self, gross: bool) -> f64 {
        if gross { to_cent(self.base + self.bonus) } else { self.base }
    }
}

impl<'a> Review<'a> {
    /// `amount - low`, to the cent, as [`Review::gap_to_mid`] is to the mid: negative below the
    /// range, and never less than `gap_to_mid` (the low is at most the mid).
    pub(crate) fn gap_to_low(&self) -> f64 {
        round((self.amount - self.range[0] as f64) * 100.0) / 100.0 + 0.0
    }

    /// Judges `amount` (in the estimate's currency) against `est`, with the market view of
    /// `est`'s profile, `market::view(tables, est)`, made by the caller (`offer` shows its
    /// notes; `batch` makes one per [`view_key`]). The market standing is
    /// `market::standing`'s, in US dollars as the tables are.
    pub(crate) fn judge(est: &Estimate<'a>, view: &MarketView<'a>, amount: f64) -> Review<'a> {
        let ranked = est.total.is_none();
        Review::judge_range(est, view, amount, against(est), ranked, ranked.then_some(amount))
    }

    /// [`Review::judge`] with no market standing and no wage level: what a raise budget's
    /// first pass needs (the range, compa-ratio and position), without ranking every pay.
    pub(crate) fn judge_unranked(est: &Estimate<'a>, view: &MarketView<'a>, amount: f64) -> Review<'a> {
        Review::judge_range(est, view, amount, against(est), false, None)
    }

    /// A package judged twice, like with like: its salary ([`Package::salary`]) against the
    /// estimate's range, ranked in the market as a salary is, and its total
    /// ([`Package::total_against`]) against the estimate's total pay (`None` when the estimate
    /// has none: made without `--total`).
    pub(crate) fn judge_package(
        est: &Estimate<'a>,
        view: &MarketView<'a>,
        package: &Package,
    ) -> (Review<'a>, Option<Review<'a>>) {
        (Review::judge_salary(est, view, package), Review::judge_total(est, view, package))
    }

    /// A package's salary against the estimate's range (see [`Review::judge_package`]).
    pub(crate) fn judge_salary(est: &Estimate<'a>, view: &MarketView<'a>, package: &Package) -> Review<'a> {
        let gross = est.total.as_ref().is_some_and(|t| t.in_gross);
        // The wage level is of the base: a prevailing wage holds no bonus.
        let salary = package.salary(gross);
        Review::judge_range(est, view, salary, [est.low, est.mid, est.high], true, Some(package.base))
    }

    /// A package's total against the estimate's total pay (see [`Review::judge_package`]).
    pub(crate) fn judge_total(
        est: &Estimate<'a>,
        view: &MarketView<'a>,
        package: &Package,
    ) -> Option<Review<'a>> {
        let t = est.total.as_ref()?;
        Some(Review::judge_range(est, view, package.total_against(t), t.total, false, None))
    }

    /// `amount` against `range`; ranked in `view` when `ranked` (a salary, not a package), and
    /// `wage` (the base) levelled in the view's wage levels.
    fn judge_range(
        est: &Estimate<'a>,
        view: &MarketView<'a>,
        amount: f64,
        range: [i64; 3],
        ranked: bool,
        wage: Option<f64>,
    ) -> Review<'a> {
        let [low, mid, high] = range;
        let market = ranked.then(|| market::standing(view, est, amount));
        // The thresholds are US dollars; the amount is in the estimate's currency.
        let wage_level = match (view.levels.row(), wage) {
            (Some(r), Some(wage)) => {
                Some((super::levels::level_of(&r.levels, wage / est.rate), view.levels.soc))
            }
            _ => None,
        };
        Review {
            wage_level,
            amount,
            range,
            verdict: Verdict::judge(amount, low, high),
            position_pct: position_pct(amount, low, high),
            // To the cent, like the amount: no `-30000.01000000001`.
            gap_to_mid: round((amount - mid as f64) * 100.0) / 100.0,
            compa_ratio: compa_ratio(amount, mid),
            market,
        }
    }
}

/// A pay read in another currency than the estimate's, and converted to it: the currency it
/// was read in, and `rate`, units of the estimate's currency per one of it (to 6 decimals,
/// the rate the pay is multiplied by).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Converted<'a> {
    pub(crate) from: &'a str,
    pub(crate) rate: f64,
}

impl Converted<'_> {
    /// `amount` in the estimate's currency, to the cent.
    pub(crate) fn apply(&self, amount: f64) -> f64 {
        if self.rate == 1.0 { amount } else { round(amount * self.rate * 100.0) / 100.0 + 0.0 }
    }
}

/// What `market::view` reads of an estimate: its location and specialization entries and the
/// band the survey is asked about (`market::survey_band`). Estimates with one key have one
/// view, so a batch of a million rows makes a view per key, not per row. It must follow
/// `market::view`: the differential test of batch against `offer` (tests/review.rs) fails
/// when it does not.
pub(crate) fn view_key(est: &Estimate) -> (usize, usize, usize, bool) {
    use crate::tables::Factor;
    let entry = |f: Factor| std::ptr::from_ref(est.factors[f.index()]) as usize;
    let (band, blend) = market::survey_band(est.placement);
    (entry(Factor::Location), entry(Factor::Specialization), band, blend)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdict_edges_are_within() {
        assert_eq!(Verdict::judge(99.0, 100, 200), Verdict::Below);
        assert_eq!(Verdict::judge(99.99, 100, 200), Verdict::Below);
        assert_eq!(Verdict::judge(100.0, 100, 200), Verdict::Within);
        assert_eq!(Verdict::judge(200.0, 100, 200), Verdict::Within);
        assert_eq!(Verdict::judge(200.01, 100, 200), Verdict::Above);
    }

    #[test]
    fn position_runs_past_both_ends() {
        assert_eq!(position_pct(100.0, 100, 200), Some(0.0));
        assert_eq!(position_pct(200.0, 100, 200), Some(100.0));
        assert_eq!(position_pct(50.0, 100, 200), Some(-50.0));
        assert_eq!(position_pct(250.0, 100, 200), Some(150.0));
        assert_eq!(position_pct(133.333, 100, 200), Some(33.3));
        assert_eq!(position_pct(100.0, 100, 100), None);
    }

    #[test]
    fn compa_ratio_is_pay_over_mid_to_two_decimals() {
        assert_eq!(compa_ratio(150_000.0, 150_000), Some(1.0));
        assert_eq!(compa_ratio(100_000.0, 150_000), Some(0.67));
        assert_eq!(compa_ratio(200_000.0, 150_000), Some(1.33));
        assert_eq!(compa_ratio(1.0, 0), None);
    }

    /// Issue 24: halves round up, as the decimal a person computes does, not down as its
    /// float (0.57499999...) would.
    #[test]
    fn halves_round_away_from_zero() {
        assert_eq!(compa_ratio(80_500.0, 140_000), Some(0.58));
        assert_eq!(compa_ratio(125_500.0, 100_000), Some(1.26));
        assert_eq!(compa_ratio(100_499.99, 100_000), Some(1.0));
        assert_eq!(position_pct(150_750.0, 100_000, 200_000), Some(50.8));
        assert_eq!(position_pct(100_050.0, 100_000, 200_000), Some(0.1));
        assert_eq!(position_pct(99_950.0, 100_000, 200_000), Some(-0.1));
        assert_eq!(position_pct(49_250.0, 100_000, 200_000), Some(-50.8));
        assert_eq!(position_pct(99_999.99, 100_000, 200_000), Some(-0.1));
        assert_eq!(position_pct(200_000.01, 100_000, 200_000), Some(100.1));
    }

    #[test]
    fn a_package_adds_up_to_the_cent_and_a_gross_salary_holds_the_bonus() {
        let p = Package { base: 210_000.1, bonus: 20_000.2, equity: 60_000.0 };
        assert_eq!(p.total(), 290_000.3);
        assert_eq!(p.salary(false), 210_000.1);
        assert_eq!(p.salary(true), 230_000.3);
        let bare = Package { base: 150_000.0, ..Package::default() };
        assert_eq!((bare.total(), bare.salary(true)), (150_000.0, 150_000.0));
    }
}
