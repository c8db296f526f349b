//! The pay-equity check (`batch --equity-by COLUMN`): within each category of workers (the
//! `--by` groups), each group of the equity column (gender, say) set beside a reference group.
//!
//! The gaps are the EU pay-transparency directive's, generalised from men and women to a
//! reference group and any other: (reference - group) / reference, of the mean pay and of the
//! median pay, in percent, positive when the group is paid less. Beside them the gap in mean
//! compa-ratio, which is pay over each person's own range mid, so already adjusted for level,
//! place and the other profile factors: the directive asks employers to act on an unexplained
//! gap of 5% or more, and this is the one that is not explained by the profile. A group of
//! fewer than [`MIN_GROUP`] people is suppressed (its figures are not shown, only counted).
//! A statistical screen of pay as the file holds it, not legal advice.

use super::round;
use super::summary::Group;

/// The smallest group whose figures are shown.
pub(crate) const MIN_GROUP: u64 = 5;

/// An adjusted (compa-ratio) gap of this many percent or more is flagged.
pub(crate) const FLAG_PCT: f64 = 5.0;

/// One group of a category.
#[derive(Debug)]
pub(crate) struct EquityRow<'g> {
    /// The equity column's value (trimmed, as the summary groups it).
    pub value: String,
    pub group: &'g Group,
    pub reference: bool,
    /// Fewer than [`MIN_GROUP`] reviewed rows: no figure is shown.
    pub suppressed: bool,
    /// In cents of the run's currency.
    pub mean_pay: Option<f64>,
    pub median_pay: Option<f64>,
    pub mean_compa_ratio: Option<f64>,
    /// Percent, to one decimal; `None` for a suppressed group, or without a reference.
    pub mean_gap_pct: Option<f64>,
    pub median_gap_pct: Option<f64>,
    pub compa_gap_pct: Option<f64>,
    pub flagged: bool,
}

/// One category of workers: its `--by` cells and its groups, the reference first.
#[derive(Debug)]
pub(crate) struct Category<'g> {
    pub cells: Vec<String>,
    pub rows: Vec<EquityRow<'g>>,
    /// The reference group's value; `None` when the named one is not in the category (or is
    /// suppressed), so no gap is computed.
    pub reference: Option<String>,
}

impl Category<'_> {
    pub(crate) fn flagged(&self) -> bool {
        self.rows.iter().any(|r| r.flagged)
    }
}

/// A category's groups: each value of the equity column with its group.
type Members<'g> = Vec<(String, &'g Group)>;

/// `(reference - x) / reference` in percent, to one decimal.
fn gap(reference: Option<f64>, x: Option<f64>) -> Option<f64> {
    let (r, x) = (reference?, x?);
    (r != 0.0).then(|| round((r - x) / r * 1000.0) / 10.0 + 0.0)
}

/// The check over the summary's groups, whose last cell is the equity column's value:
/// categories in the order of their cells, each group largest first. `reference` names the
/// reference value; without it, each category's largest group is its reference.
pub(crate) fn check<'g>(groups: Vec<(Vec<String>, &'g Group)>, reference: Option<&str>) -> Vec<Category<'g>> {
    let mut by_category: Vec<(Vec<String>, Members<'g>)> = Vec::new();
    for (mut cells, group) in groups {
        let value = cells.pop().unwrap_or_default();
        match by_category.iter_mut().find(|(c, _)| *c == cells) {
            Some((_, members)) => members.push((value, group)),
            None => by_category.push((cells, vec![(value, group)])),
        }
    }
    by_category.sort_by(|a, b| a.0.cmp(&b.0));
    by_category
        .into_iter()
        .map(|(cells, mut members)| {
            members.sort_by(|a, b| b.1.rows.cmp(&a.1.rows).then_with(|| a.0.cmp(&b.0)));
            let shown = |g: &Group| g.rows >= MIN_GROUP;
            let reference = match reference {
                Some(name) => members.iter().find(|(v, g)| v == name && shown(g)),
                None => members.first().filter(|(_, g)| shown(g)),
            }
            .map(|(v, _)| v.clone());
            let base = members.iter().find(|(v, _)| Some(v) == reference.as_ref()).map(|(_, g)| *g);
            let (r_mean, r_median, r_compa) = match base {
                Some(g) => (g.mean_pay(), g.median_pay(), g.mean_compa_ratio()),
                None => (None, None, None),
            };
            let mut rows: Vec<EquityRow> = members
                .into_iter()
                .map(|(value, group)| {
                    let is_ref = Some(&value) == reference.as_ref();
                    let suppressed = !shown(group);
                    let figure = |f: fn(&Group) -> Option<f64>| if suppressed { None } else { f(group) };
                    let (mean, median, compa) =
                        (figure(Group::mean_pay), figure(Group::median_pay), figure(Group::mean_compa_ratio));
                    let compa_gap = gap(r_compa, compa);
                    EquityRow {
                        reference: is_ref,
                        suppressed,
                        mean_pay: mean,
                        median_pay: median,
                        mean_compa_ratio: compa.map(|c| round(c * 1000.0) / 1000.0),
                        mean_gap_pct: gap(r_mean, mean),
                        median_gap_pct: gap(r_median, median),
                        compa_gap_pct: compa_gap,
                        flagged: !is_ref && compa_gap.is_some_and(|g| g.abs() >= FLAG_PCT),
                        value,
                        group,
                    }
                })
                .collect();
            // The reference first, then the others largest first.
            rows.sort_by_key(|r| !r.reference);
            Category { cells, rows, reference }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::review::Verdict;
    use crate::model::summary::Rolled;

    fn group(pays: &[(i64, f64)]) -> Group {
        let mut g = Group::default();
        for &(pay, compa) in pays {
            g.add_row(Rolled {
                compa_ratio: Some(compa),
                verdict: Verdict::Within,
                cost_to_low: 0,
                cost_to_mid: 0,
                pay,
                wage_level: None,
                position_pct: None,
            });
        }
        g
    }

    #[test]
    fn gaps_are_against_the_reference_and_small_groups_are_suppressed() {
        let m = group(&[(10_000_000, 1.0); 6]);
        let f = group(&[(9_000_000, 0.9); 5]);
        let x = group(&[(5_000_000, 0.5); 4]);
        let cats = check(
            vec![
                (vec!["ads".into(), "M".into()], &m),
                (vec!["ads".into(), "F".into()], &f),
                (vec!["ads".into(), "X".into()], &x),
            ],
            None,
        );
        assert_eq!(cats.len(), 1);
        let c = &cats[0];
        assert_eq!(c.reference.as_deref(), Some("M"));
        type Shown<'r> = (&'r str, Option<f64>, Option<f64>, bool, bool);
        let by: Vec<Shown> = c
            .rows
            .iter()
            .map(|r| (r.value.as_str(), r.mean_gap_pct, r.compa_gap_pct, r.flagged, r.suppressed))
            .collect();
        assert_eq!(
            by,
            [
                ("M", Some(0.0), Some(0.0), false, false),
                ("F", Some(10.0), Some(10.0), true, false),
                ("X", None, None, false, true),
            ]
        );
        assert!(c.flagged());
        // A named reference that is not there: no gaps.
        let cats = check(vec![(vec!["M".into()], &m)], Some("W"));
        assert_eq!((cats[0].reference.as_ref(), cats[0].rows[0].mean_gap_pct), (None, None));
    }
}
