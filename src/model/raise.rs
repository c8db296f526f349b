//! A raise budget (`batch --budget`): the arithmetic of spending it, pure and in whole units.
//!
//! The rule, in two steps over the reviewed rows:
//! 1. **Lift** (`--lift-to low|mid`): each row paid below its target (its range's low end, or
//!    its mid) is raised to it, lowest compa-ratio first, while the budget lasts. The order is
//!    by the compa-ratio to three decimals ([`bin`]); rows of one such compa-ratio are taken in
//!    input order. A lift is the whole units that reach the target (the gap rounded up, so it
//!    never falls short and overshoots by less than one unit); the last row lifted may be
//!    lifted partly, by what is left.
//! 2. **Matrix**: what is left is spread in proportion to `weight(cell) x pay`, one scale for
//!    every row, so that it is spent to the unit. The cell and the pay are the row's after its
//!    lift (what is left is only spent once every lift is made in full). The shares are rounded cumulatively in input
//!    order: a row's raise is `round(C_i) - round(C_i-1)` where `C` is the running exact total,
//!    so each is within one unit of its exact share and they sum exactly. Exactness comes from
//!    integers: a row's `units` are `round(weight x 1000) x pay in cents`, and the running
//!    total is scaled by `amount / total units` in 128-bit integers.
//!
//! Streaming needs two passes: the first [`Tally`]s the lift costs by compa-ratio (a histogram,
//! not the rows) and the units; [`Plan::new`] finds the compa-ratio below which every row is
//! lifted; the second pass hands each row, in input order, to [`Allocator::next`].

use super::review::{Verdict, compa_ratio};
use super::round;

/// The compa-ratio bins of the lift order: see [`bin`].
pub(crate) const BINS: usize = 2001;

/// A weight's resolution: weights are read to three decimals.
const WEIGHT_SCALE: f64 = 1000.0;

/// What the lift step lifts to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LiftTo {
    Low,
    Mid,
    None,
}

/// The budget as given: a percent of the reviewed pay, or an amount in whole units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Budget {
    Percent(f64),
    Amount(i64),
}

impl Budget {
    /// In whole units, given the total reviewed pay in cents: a percent is rounded to the unit.
    pub fn units(self, total_pay_cents: i128) -> i64 {
        match self {
            Budget::Amount(a) => a,
            Budget::Percent(p) => ((total_pay_cents as f64) * p / 100.0 / 100.0).round() as i64,
        }
    }
}

/// One reviewed row, as both passes see it (the same function makes it in both).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RowIn {
    /// The pay, in cents.
    pub pay: i64,
    /// The range the pay is judged against, in whole units.
    pub range: [i64; 3],
    /// The lift step's bin ([`bin`]).
    pub bin: u32,
    /// Whole units that reach the lift target (0 when the pay is at or above it).
    pub lift_cost: i64,
    /// `round(weight x 1000) x pay in cents` after the row's full lift: its share of the
    /// matrix step.
    pub units: u64,
}

impl RowIn {
    /// A row paid `pay` cents against `range`, lifted to `lift`; `weight` gives its matrix
    /// weight at a pay (cents). The matrix step weighs a row where its lift leaves it: its
    /// weight at the lifted pay, times that pay. The matrix step only has something to spend
    /// once every lift is made in full, so the full lift is the one that counts.
    pub fn new(pay: i64, range: [i64; 3], lift: LiftTo, weight: impl FnOnce(i64) -> f64) -> RowIn {
        let target = match lift {
            LiftTo::Low => Some(range[0]),
            LiftTo::Mid => Some(range[1]),
            LiftTo::None => None,
        };
        let gap = target.map_or(0, |t| t * 100 - pay);
        let lift_cost = if gap > 0 { (gap + 99) / 100 } else { 0 };
        let lifted = pay + lift_cost * 100;
        let w = (weight(lifted).max(0.0) * WEIGHT_SCALE).round() as u64;
        RowIn { pay, range, bin: bin(pay, range[1]), lift_cost, units: w * lifted.max(0) as u64 }
    }
}

/// The compa-ratio to three decimals, rounded down, as a bin of the lift order.
pub fn bin(pay_cents: i64, mid: i64) -> u32 {
    if mid <= 0 {
        return (BINS - 1) as u32;
    }
    ((pay_cents.max(0) as i128 * 10 / mid as i128).min(BINS as i128 - 1)) as u32
}

/// The first pass: lift costs by bin, and the totals the plan needs. Merged across chunks.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    /// Lift cost by bin (allocated on first use).
    pub lift: Vec<i64>,
    pub rows: u64,
    pub pay: i128,
    pub units: u128,
}

impl Tally {
    pub fn add(&mut self, row: &RowIn) {
        if row.lift_cost > 0 {
            if self.lift.is_empty() {
                self.lift = vec![0; BINS];
            }
            self.lift[row.bin as usize] += row.lift_cost;
        }
        self.rows += 1;
        self.pay += row.pay as i128;
        self.units += row.units as u128;
    }

    pub fn merge(&mut self, other: &Tally) {
        if !other.lift.is_empty() {
            if self.lift.is_empty() {
                self.lift = vec![0; BINS];
            }
            for (a, b) in self.lift.iter_mut().zip(&other.lift) {
                *a += b;
            }
        }
        self.rows += other.rows;
        self.pay += other.pay;
        self.units += other.units;
    }
}

/// What the first pass decided: the budget, the lift threshold, the matrix step's amount.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub budget: i64,
    /// Rows in a bin below this are lifted in full; in this bin, while `partial` lasts.
    pub threshold: u32,
    pub partial: i64,
    /// Spent by the lift step, and by the matrix step.
    pub lift: i64,
    pub matrix: i64,
    /// The budget that could not be spent (no row has a matrix weight), in whole units.
    pub unspent: i64,
    pub units: u128,
}

impl Plan {
    pub fn new(budget: i64, tally: &Tally) -> Plan {
        let budget = budget.max(0);
        let (mut before, mut threshold, mut partial) = (0i64, BINS as u32, 0);
        for (b, &cost) in tally.lift.iter().enumerate() {
            if before + cost > budget {
                threshold = b as u32;
                partial = budget - before;
                break;
            }
            before += cost;
        }
        let lift = if threshold as usize == BINS { before } else { budget };
        let rest = budget - lift;
        let (matrix, unspent) = if tally.units > 0 { (rest, 0) } else { (0, rest) };
        Plan { budget, threshold, partial, lift, matrix, unspent, units: tally.units }
    }
}

/// A row's raise: its lift, its matrix share and their sum, in whole units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Raise {
    pub lift: i64,
    pub matrix: i64,
}

impl Raise {
    pub fn total(self) -> i64 {
        self.lift + self.matrix
    }
}

/// The second pass: each row's raise, in input order.
#[derive(Clone, Debug)]
pub struct Allocator {
    plan: Plan,
    partial_left: i64,
    running: u128,
    shared: i64,
}

impl Allocator {
    pub fn new(plan: Plan) -> Allocator {
        Allocator { partial_left: plan.partial, plan, running: 0, shared: 0 }
    }

    pub fn next(&mut self, row: &RowIn) -> Raise {
        let lift = match row.bin.cmp(&self.plan.threshold) {
            std::cmp::Ordering::Less => row.lift_cost,
            std::cmp::Ordering::Equal => {
                let l = row.lift_cost.min(self.partial_left);
                self.partial_left -= l;
                l
            }
            std::cmp::Ordering::Greater => 0,
        };
        let mut matrix = 0;
        if self.plan.units > 0 && self.plan.matrix > 0 {
            self.running += row.units as u128;
            let a = self.plan.matrix as u128;
            let upto = ((self.running * a + self.plan.units / 2) / self.plan.units) as i64;
            matrix = upto - self.shared;
            self.shared = upto;
        }
        Raise { lift, matrix }
    }
}

/// A row after its raise: the new pay (cents), its compa-ratio and verdict, and the raise's
/// percent of the pay (two decimals).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct After {
    pub raise: i64,
    pub raise_pct: f64,
    pub new_pay: i64,
    pub new_compa_ratio: Option<f64>,
    pub new_verdict: Verdict,
    pub was_below: bool,
}

impl After {
    pub fn of(row: &RowIn, raise: Raise) -> After {
        let [low, mid, high] = row.range;
        let new_pay = row.pay + raise.total() * 100;
        let raise_pct =
            if row.pay > 0 { round(raise.total() as f64 * 1e6 / row.pay as f64) / 100.0 } else { 0.0 };
        let amount = new_pay as f64 / 100.0;
        After {
            raise: raise.total(),
            raise_pct: raise_pct + 0.0,
            new_pay,
            new_compa_ratio: compa_ratio(amount, mid),
            new_verdict: Verdict::judge(amount, low, high),
            was_below: Verdict::judge(row.pay as f64 / 100.0, low, high) == Verdict::Below,
        }
    }
}

/// A `--by` group's raises: reviewed rows, rows with an error, pay and raises (cents, units), how many were lifted
/// into the range, how many are still below it and what lifting them to the low end would cost.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RaiseGroup {
    pub rows: u64,
    pub errors: u64,
    pub pay: i128,
    pub raise: i64,
    pub lifted: u64,
    pub still_below: u64,
    pub left_to_low: i64,
}

impl RaiseGroup {
    /// Counts a reviewed row, or (`None`) a row with an error: `rows` are the reviewed rows
    /// only, as in the review's summary.
    pub fn add(&mut self, row: Option<(&RowIn, After)>) {
        let Some((row, after)) = row else {
            self.errors += 1;
            return;
        };
        self.rows += 1;
        self.pay += row.pay as i128;
        self.raise += after.raise;
        match (after.was_below, after.new_verdict) {
            (true, Verdict::Below) => {
                self.still_below += 1;
                let gap = row.range[0] * 100 - after.new_pay;
                self.left_to_low += (gap + 99) / 100;
            }
            (true, _) => self.lifted += 1,
            _ => {}
        }
    }

    pub fn merge(&mut self, o: &RaiseGroup) {
        self.rows += o.rows;
        self.errors += o.errors;
        self.pay += o.pay;
        self.raise += o.raise;
        self.lifted += o.lifted;
        self.still_below += o.still_below;
        self.left_to_low += o.left_to_low;
    }

    /// The raises as a percent of the group's pay, two decimals.
    pub fn raise_pct(&self) -> Option<f64> {
        (self.pay > 0).then(|| round(self.raise as f64 * 1e6 / self.pay as f64) / 100.0 + 0.0)
    }
}

/// The whole allocation of rows held in memory (the tests').
#[cfg(test)]
pub fn allocate(rows: &[RowIn], budget: i64) -> (Plan, Vec<Raise>) {
    let mut tally = Tally::default();
    rows.iter().for_each(|r| tally.add(r));
    let plan = Plan::new(budget, &tally);
    let mut alloc = Allocator::new(plan.clone());
    (plan, rows.iter().map(|r| alloc.next(r)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const RANGE: [i64; 3] = [100_000, 125_000, 150_000];

    #[test]
    fn lifts_lowest_compa_first_then_spreads_the_rest_exactly() {
        let rows = [
            RowIn::new(9_000_000, RANGE, LiftTo::Low, |_| 1.0), // 10,000 to low
            RowIn::new(8_000_000, RANGE, LiftTo::Low, |_| 1.0), // 20,000 to low, lower compa
            RowIn::new(12_000_000, RANGE, LiftTo::Low, |_| 2.0), // within
        ];
        // 25,000: the lower one in full, the other partly.
        let (plan, r) = allocate(&rows, 25_000);
        assert_eq!((plan.lift, plan.matrix), (25_000, 0));
        assert_eq!(r.iter().map(|r| r.lift).collect::<Vec<_>>(), [5_000, 20_000, 0]);
        // 40,000: both lifted, 10,000 spread by weight x pay after the lift (1 x 100k, 1 x
        // 100k, 2 x 120k).
        let (plan, r) = allocate(&rows, 40_000);
        assert_eq!((plan.lift, plan.matrix, plan.unspent), (30_000, 10_000, 0));
        assert_eq!(r.iter().map(|r| r.total()).sum::<i64>(), 40_000);
        assert_eq!(r.iter().map(|r| r.matrix).collect::<Vec<_>>(), [2_273, 2_272, 5_455]);
    }

    #[test]
    fn a_lifted_row_is_weighed_in_its_band_after_the_lift() {
        // Lifted to the mid, the row below the range is in the middle band: its weight there
        // (2.5), not its band's before (3.5), and its lifted pay.
        let weight = |p: i64| W[2][band(p)];
        let rows = [
            RowIn::new(8_000_000, RANGE, LiftTo::Mid, weight), // 0.64: 45,000 to the mid
            RowIn::new(12_500_000, RANGE, LiftTo::Mid, weight), // 1.00, at the mid
        ];
        assert_eq!(rows[0].units, rows[1].units);
        let (plan, r) = allocate(&rows, 55_000);
        assert_eq!((plan.lift, plan.matrix), (45_000, 10_000));
        assert_eq!(r.iter().map(|r| r.matrix).collect::<Vec<_>>(), [5_000, 5_000]);
    }

    #[test]
    fn a_lift_is_rounded_up_to_the_unit_and_nothing_is_spent_without_weights() {
        let row = RowIn::new(9_999_950, RANGE, LiftTo::Low, |_| 0.0);
        assert_eq!(row.lift_cost, 1);
        let (plan, r) = allocate(&[row], 100);
        assert_eq!((plan.lift, plan.unspent, r[0].total()), (1, 99, 1));
    }

    fn rows() -> impl Strategy<Value = Vec<(i64, usize, usize)>> {
        prop::collection::vec((5_000_000i64..20_000_000, 0usize..5, 0usize..3), 1..60)
    }

    /// A monotone matrix: ratings best first, bands by compa-ratio low first.
    const W: [[f64; 3]; 5] =
        [[7.0, 5.0, 3.5], [5.0, 3.5, 2.5], [3.5, 2.5, 1.5], [0.5, 0.0, 0.0], [0.0, 0.0, 0.0]];

    /// The compa-ratio band (< 0.90, 0.90-1.10, >= 1.10) of a pay in cents against `RANGE`,
    /// by the compa-ratio to two decimals.
    fn band(pay: i64) -> usize {
        let compa = super::round(pay as f64 / RANGE[1] as f64) / 100.0;
        (compa >= 0.9 - 1e-9) as usize + (compa >= 1.1 - 1e-9) as usize
    }

    proptest! {
        #[test]
        fn raises_sum_to_the_budget_are_never_negative_and_lifts_never_overshoot(
            rows in rows(), pct in 0.0f64..10.0, mid in prop::bool::ANY,
        ) {
            let lift = if mid { LiftTo::Mid } else { LiftTo::Low };
            // Each row weighed by its rating and the band of its pay after the lift.
            let input: Vec<RowIn> = rows
                .iter()
                .map(|&(pay, r, _)| RowIn::new(pay, RANGE, lift, |p| W[r][band(p)]))
                .collect();
            let total: i128 = input.iter().map(|r| r.pay as i128).sum();
            let budget = Budget::Percent(pct).units(total);
            let (plan, raises) = allocate(&input, budget);
            let spent: i64 = raises.iter().map(|r| r.total()).sum();
            prop_assert_eq!(spent + plan.unspent, budget);
            // The matrix shares: each within one unit of its exact share of weight x pay, both
            // after the row's lift (every lift is in full when the matrix has anything).
            if plan.matrix > 0 {
                let after: Vec<f64> = rows
                    .iter()
                    .zip(&input)
                    .map(|(&(_, r, _), row)| {
                        let lifted = row.pay + row.lift_cost * 100;
                        W[r][band(lifted)] * lifted as f64
                    })
                    .collect();
                let sum: f64 = after.iter().sum();
                for ((row, raise), units) in input.iter().zip(&raises).zip(&after) {
                    prop_assert_eq!(raise.lift, row.lift_cost);
                    let exact = plan.matrix as f64 * units / sum;
                    prop_assert!((raise.matrix as f64 - exact).abs() <= 1.0 + 1e-6, "{} {}", raise.matrix, exact);
                }
            }
            for (row, raise) in input.iter().zip(&raises) {
                prop_assert!(raise.lift >= 0 && raise.matrix >= 0);
                prop_assert!(raise.lift <= row.lift_cost);
                let target = if mid { RANGE[1] } else { RANGE[0] };
                if raise.lift > 0 {
                    prop_assert!(row.pay + raise.lift * 100 < (target + 1) * 100);
                }
            }
            // Lowest compa-ratio first: no row is lifted short while a lower bin is not lifted in full.
            for (a, ra) in input.iter().zip(&raises) {
                for (b, rb) in input.iter().zip(&raises) {
                    if a.bin < b.bin && rb.lift > 0 {
                        prop_assert_eq!(ra.lift, a.lift_cost);
                    }
                }
            }
        }

        #[test]
        fn with_no_lift_the_matrix_order_holds_to_the_unit(rows in rows(), pct in 0.1f64..10.0) {
            let input: Vec<RowIn> =
                rows.iter().map(|&(pay, r, b)| RowIn::new(pay, RANGE, LiftTo::None, |_| W[r][b])).collect();
            let total: i128 = input.iter().map(|r| r.pay as i128).sum();
            let (_, raises) = allocate(&input, Budget::Percent(pct).units(total));
            // Each raise within one unit of its exact share: so a row of a higher weight never
            // gets a lower percent, beyond one unit's rounding.
            let pct_of = |i: usize, d: i64| (raises[i].total() + d) as f64 / (input[i].pay as f64 / 100.0);
            for (i, &(_, ri, bi)) in rows.iter().enumerate() {
                for (j, &(_, rj, bj)) in rows.iter().enumerate() {
                    let better_rating = bi == bj && ri < rj;
                    let lower_band = ri == rj && bi < bj;
                    if better_rating || lower_band {
                        prop_assert!(pct_of(i, 1) >= pct_of(j, -1), "{i} {j}");
                    }
                }
            }
        }
    }
}
