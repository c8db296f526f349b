//! The pay review rolled up per group (`batch --summary`): each group's rows, errors,
//! compa-ratio quartiles, verdict counts and the cost of lifting pay to the range.

use rustc_hash::FxHashMap;

use super::Estimate;
use super::review::{Review, Verdict};
use super::round;

/// A row's review, for the summary: its compa-ratio, verdict and what lifting it costs, in
/// cents of the run's currency.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rolled {
    pub compa_ratio: Option<f64>,
    pub verdict: Verdict,
    pub cost_to_low: i64,
    pub cost_to_mid: i64,
    /// The pay, in cents of the run's currency (for the pay-equity check's pay gaps).
    pub pay: i64,
    /// The pay's approximate OEWS wage level (0 below I, 1-4), if it has one.
    pub wage_level: Option<u8>,
    /// Where the pay sits in its range: 0 the low end, 100 the high end (below 0 under it).
    pub position_pct: Option<f64>,
}

impl Rolled {
    /// A reviewed row as the summary counts it: the costs in cents of the run's currency,
    /// `currency` at `rate` to the dollar (converted at the tables' rates when the row's
    /// currency is another).
    pub(crate) fn of(est: &Estimate, review: &Review, currency: &str, rate: f64) -> Rolled {
        let [low, mid, _] = review.range;
        let factor = if est.currency == currency { 1.0 } else { rate / est.rate };
        let cents = |to: i64| round((to as f64 - review.amount).max(0.0) * factor * 100.0) as i64;
        Rolled {
            compa_ratio: review.compa_ratio,
            verdict: review.verdict,
            cost_to_low: if review.verdict == Verdict::Below { cents(low) } else { 0 },
            cost_to_mid: cents(mid),
            pay: round(review.amount * factor * 100.0) as i64,
            wage_level: review.wage_level.map(|(l, _)| l),
            position_pct: review.position_pct,
        }
    }
}

/// One group's figures.
#[derive(Clone, Debug, Default)]
pub(crate) struct Group {
    pub rows: u64,
    pub errors: u64,
    /// Compa-ratios in hundredths (as printed), with how many rows have each.
    pub ratios: FxHashMap<i64, u64>,
    /// Below, within, above.
    pub verdicts: [u64; 3],
    /// In cents.
    pub cost_to_low: i64,
    pub cost_to_mid: i64,
    /// Rows per approximate OEWS wage level: below I, I, II, III, IV, then rows with none
    /// (outside the US, or where BLS released nothing).
    pub wage_levels: [u64; 6],
    /// For each `--by` column grouped by what its values resolve to (a place: `SF`, `sf` and
    /// `San Francisco` are `sf`), the values as typed: distinct, in the order met, up to
    /// [`TYPED`] (then `typed_more`). Empty for other columns.
    pub typed: Vec<Vec<Box<[u8]>>>,
    pub typed_more: bool,
    /// Every reviewed row's pay in cents of the run's currency, in no order (for the mean and
    /// median pay of the pay-equity check: 8 bytes a row).
    pub pays: Vec<i64>,
    /// Rows by position in their range, in [`POSITION_BINS`] bins of 6.25 points from -50 to 150
    /// (the first and last also hold what lies beyond): a histogram of fixed size.
    pub positions: [u64; POSITION_BINS],
    /// The first [`PEOPLE`] rows' positions and verdicts, for a chart of a dot a person; a
    /// group with more has the histogram alone.
    pub people: Vec<(f32, Verdict)>,
}

/// The bins of [`Group::positions`].
pub(crate) const POSITION_BINS: usize = 32;

/// The width of a bin, in points of position.
pub(crate) const POSITION_STEP: f64 = 6.25;

/// How many rows a group keeps a dot for (a report draws a dot per person up to this many).
pub(crate) const PEOPLE: usize = 300;

/// The bin of a position in range.
pub(crate) fn position_bin(position_pct: f64) -> usize {
    (((position_pct + 50.0) / POSITION_STEP).floor().max(0.0) as usize).min(POSITION_BINS - 1)
}

/// How many values as typed a group lists per column.
pub(crate) const TYPED: usize = 12;

impl Group {
    /// Notes `cell` as typed in `--by` column `column`.
    fn typed(&mut self, column: usize, cell: &[u8]) {
        if self.typed.len() <= column {
            self.typed.resize(column + 1, Vec::new());
        }
        let values = &mut self.typed[column];
        if values.iter().any(|v| **v == *cell) {
            return;
        }
        match values.len() < TYPED {
            true => values.push(cell.into()),
            false => self.typed_more = true,
        }
    }

    /// Counts one reviewed row (the equity check's tests build groups with it).
    #[cfg(test)]
    pub(crate) fn add_row(&mut self, row: Rolled) {
        self.add(Some(row), true);
    }

    fn add(&mut self, row: Option<Rolled>, keep_pay: bool) {
        let Some(r) = row else {
            self.errors += 1;
            return;
        };
        self.rows += 1;
        if let Some(c) = r.compa_ratio {
            *self.ratios.entry(round(c * 100.0) as i64).or_default() += 1;
        }
        self.verdicts[r.verdict as usize] += 1;
        self.cost_to_low += r.cost_to_low;
        self.cost_to_mid += r.cost_to_mid;
        if keep_pay {
            self.pays.push(r.pay);
        }
        self.wage_levels[r.wage_level.map_or(5, usize::from)] += 1;
        if let Some(p) = r.position_pct {
            self.positions[position_bin(p)] += 1;
            if self.people.len() < PEOPLE {
                self.people.push((p as f32, r.verdict));
            }
        }
    }

    fn merge(&mut self, other: &Group) {
        self.rows += other.rows;
        self.errors += other.errors;
        for (&k, &n) in &other.ratios {
            *self.ratios.entry(k).or_default() += n;
        }
        (0..3).for_each(|i| self.verdicts[i] += other.verdicts[i]);
        (0..6).for_each(|i| self.wage_levels[i] += other.wage_levels[i]);
        self.cost_to_low += other.cost_to_low;
        self.cost_to_mid += other.cost_to_mid;
        self.pays.extend_from_slice(&other.pays);
        (0..POSITION_BINS).for_each(|i| self.positions[i] += other.positions[i]);
        let room = PEOPLE.saturating_sub(self.people.len());
        self.people.extend(other.people.iter().take(room));
        self.typed_more |= other.typed_more;
        for (column, values) in other.typed.iter().enumerate() {
            values.iter().for_each(|v| self.typed(column, v));
        }
    }

    /// The mean pay, in cents (exact: the sum in 128 bits over the count, rounded half up);
    /// `None` with no reviewed row.
    pub(crate) fn mean_pay(&self) -> Option<f64> {
        let n = self.pays.len() as i128;
        let sum: i128 = self.pays.iter().map(|&p| i128::from(p)).sum();
        (n > 0).then(|| round(sum as f64 / n as f64))
    }

    /// The median pay, in cents (the mean of the two middle ones for an even count).
    pub(crate) fn median_pay(&self) -> Option<f64> {
        let mut pays = self.pays.clone();
        pays.sort_unstable();
        let n = pays.len();
        match n {
            0 => None,
            _ if n % 2 == 1 => Some(pays[n / 2] as f64),
            _ => Some(round((pays[n / 2 - 1] + pays[n / 2]) as f64 / 2.0)),
        }
    }

    /// The mean compa-ratio, of the ratios as printed (to two decimals); `None` with none.
    pub(crate) fn mean_compa_ratio(&self) -> Option<f64> {
        let n: u64 = self.ratios.values().sum();
        let sum: i128 = self.ratios.iter().map(|(&k, &c)| i128::from(k) * i128::from(c)).sum();
        (n > 0).then(|| sum as f64 / n as f64 / 100.0)
    }

    /// The p25, median and p75 compa-ratio (linear between the two nearest rows, as numpy's
    /// default and a spreadsheet's PERCENTILE), to two decimals; `None` with no ratio.
    pub(crate) fn quartiles(&self) -> Option<[f64; 3]> {
        self.percentiles([0.25, 0.5, 0.75])
    }

    /// The compa-ratio at each fraction `ps` (0.1 for p10), as [`quartiles`](Self::quartiles)
    /// computes them; `None` with no ratio.
    pub(crate) fn percentiles<const N: usize>(&self, ps: [f64; N]) -> Option<[f64; N]> {
        let mut sorted: Vec<(i64, u64)> = self.ratios.iter().map(|(&k, &n)| (k, n)).collect();
        sorted.sort_unstable();
        let n: u64 = sorted.iter().map(|(_, c)| c).sum();
        if n == 0 {
            return None;
        }
        // The k-th smallest (from 0).
        let nth = |k: u64| {
            let mut seen = 0;
            for &(v, c) in &sorted {
                seen += c;
                if k < seen {
                    return v as f64;
                }
            }
            sorted.last().map_or(0.0, |&(v, _)| v as f64)
        };
        Some(ps.map(|p| {
            let h = (n - 1) as f64 * p;
            let (lo, frac) = (h.floor() as u64, h - h.floor());
            let (a, b) = (nth(lo), nth((lo + 1).min(n - 1)));
            (round(a + frac * (b - a)) / 100.0) + 0.0
        }))
    }
}

/// The groups of a summary, by their key (the `--by` cells, each after its length).
#[derive(Debug, Default)]
pub(crate) struct Groups {
    map: FxHashMap<Box<[u8]>, Group>,
    key: Vec<u8>,
    /// Keep every row's pay (the pay-equity check's means and medians; 8 bytes a row), which a
    /// plain summary does not need.
    pub(crate) keep_pays: bool,
}

impl Groups {
    /// Counts a row (`None` for a bad one) in the group of its `by` cells (its `--by` columns'),
    /// each trimmed of spaces at its ends: `ads` and `ads ` are one group, `ads`. A cell given
    /// with its value as typed (a place, by the key it resolves to) is noted as typed too.
    pub(crate) fn add<'c>(
        &mut self,
        by: impl Iterator<Item = (&'c [u8], Option<&'c [u8]>)> + Clone,
        row: Option<Rolled>,
    ) {
        self.key.clear();
        for (cell, _) in by.clone() {
            let cell = trimmed(cell);
            self.key.extend_from_slice(&(cell.len() as u32).to_le_bytes());
            self.key.extend_from_slice(cell);
        }
        let g = match self.map.get_mut(&self.key[..]) {
            Some(g) => g,
            None => self.map.entry(self.key.as_slice().into()).or_default(),
        };
        g.add(row, self.keep_pays);
        for (column, (_, typed)) in by.enumerate() {
            if let Some(typed) = typed {
                g.typed(column, trimmed(typed));
            }
        }
    }

    pub(crate) fn merge(&mut self, other: Groups) {
        for (key, g) in other.map {
            self.map.entry(key).or_default().merge(&g);
        }
    }

    /// The groups, largest cost to the low end first (then by their cells), each with its
    /// cells as text; then the total.
    pub(crate) fn sorted(&self, by: usize) -> (Vec<(Vec<String>, &Group)>, Group) {
        let mut groups: Vec<(Vec<String>, &Group)> =
            self.map.iter().map(|(key, g)| (cells(key, by), g)).collect();
        groups.sort_by(|a, b| b.1.cost_to_low.cmp(&a.1.cost_to_low).then_with(|| a.0.cmp(&b.0)));
        let mut total = Group::default();
        self.map.values().for_each(|g| total.merge(g));
        (groups, total)
    }
}

/// A cell without the spaces at its ends: ASCII ones byte by byte, and any Unicode space (a
/// no-break space) as names read them.
fn trimmed(cell: &[u8]) -> &[u8] {
    let cell = cell.trim_ascii();
    match (cell.first(), cell.last()) {
        (Some(a), Some(b)) if !a.is_ascii() || !b.is_ascii() => match std::str::from_utf8(cell) {
            Ok(text) => text.trim_matches(crate::names::places::is_space).trim().as_bytes(),
            Err(_) => cell,
        },
        _ => cell,
    }
}

/// A group key's cells (see [`Groups::add`]), as text.
fn cells(mut key: &[u8], by: usize) -> Vec<String> {
    let mut out = Vec::with_capacity(by);
    while key.len() >= 4 {
        let len = u32::from_le_bytes([key[0], key[1], key[2], key[3]]) as usize;
        out.push(String::from_utf8_lossy(&key[4..4 + len]).into_owned());
        key = &key[4 + len..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 24: `ads` and `ads ` are one group.
    #[test]
    fn group_values_are_trimmed() {
        let mut groups = Groups::default();
        for cell in ["ads", "ads ", " ads", "\u{a0}ads\t", "vision"] {
            groups.add([(cell.as_bytes(), None)].into_iter(), None);
        }
        let (sorted, total) = groups.sorted(1);
        let mut names: Vec<String> = sorted.iter().map(|(cells, _)| cells.join("")).collect();
        names.sort();
        assert_eq!(names, ["ads", "vision"]);
        assert_eq!(total.errors, 5);
        assert_eq!(trimmed(b"\xff "), b"\xff");
    }

    #[test]
    fn quartiles_interpolate_between_rows() {
        let mut g = Group::default();
        for c in [0.9, 1.0, 1.1, 1.2] {
            g.add_row(Rolled {
                compa_ratio: Some(c),
                verdict: Verdict::Within,
                cost_to_low: 0,
                cost_to_mid: 0,
                pay: 10_000_000,
                wage_level: None,
                position_pct: None,
            });
        }
        g.add(None, false);
        assert_eq!(g.quartiles(), Some([0.98, 1.05, 1.13]));
        assert_eq!((g.rows, g.errors), (4, 1));
        assert_eq!(Group::default().quartiles(), None);
    }
}
