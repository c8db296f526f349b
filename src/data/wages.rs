//! Wage growth (`wages.toml`): one change a year, years unique and in order in each file,
//! none missing between the first and the last once merged, changes finite and plausible, only
//! the newest year provisional. An overlay replaces a year by its `year` or adds one (a newer
//! figure, most often).

use std::collections::BTreeMap;

use super::DataFile;
use super::diag::{PendingSource, check_as_of, check_number, is_builtin, issue};
use super::overlay::{Overlay, upsert};
use super::raw::RawWagesFile;
use crate::error::{DataIssue, Location};
use crate::tables::Text;
use crate::tables::wages::{MAX_CHANGE_PCT, MIN_CHANGE_PCT, Status, WageChange, Wages};

/// The years a figure may be for: modern wage statistics, not a typo.
const YEARS: std::ops::RangeInclusive<i64> = 1900..=2100;

pub(super) fn build_wages<'a>(
    files: impl Iterator<Item = &'a DataFile>,
    all_sources: &mut BTreeMap<String, String>,
    issues: &mut Vec<DataIssue>,
) -> Option<Wages> {
    let before = issues.len();
    let mut pending: Vec<PendingSource> = Vec::new();
    let mut as_of: Option<String> = None;
    let mut series: Option<String> = None;
    let mut entries: Vec<(WageChange, Location)> = Vec::new();
    let table = Overlay::<RawWagesFile>::read("wages.toml", files, issues)?;
    for p in &table.parsed {
        let _ = &p.raw.note;
        if let Some(a) = &p.raw.as_of {
            check_as_of(a, p.at(a.span()), issues);
            as_of = Some(a.get_ref().clone());
        }
        if let Some(s) = &p.raw.series {
            if s.get_ref().trim().is_empty() {
                issue(issues, p.at(s.span()), "`series` is empty: say what the figures measure");
            }
            series = Some(s.get_ref().trim().to_string());
        }
        let mut previous: Option<(i64, usize)> = None;
        for raw in &p.raw.entry {
            let r = raw.get_ref();
            let (year, year_at) = (*r.year.get_ref(), p.at(r.year.span()));
            pending.push((r.source.clone(), p.at(r.source.span())));
            if !YEARS.contains(&year) {
                issue(
                    issues,
                    year_at,
                    format!(
                        "year {year} is not a year of wage figures ({} to {})",
                        YEARS.start(),
                        YEARS.end()
                    ),
                );
                continue;
            }
            match previous {
                Some((y, line)) if y == year => {
                    issue(issues, year_at.clone(), format!("duplicate year {year} (first at line {line})"));
                    continue;
                }
                Some((y, _)) if y > year => {
                    issue(
                        issues,
                        year_at.clone(),
                        format!("year {year} is out of order: it comes after {y}"),
                    );
                }
                _ => {}
            }
            previous = Some((year, year_at.line));
            let change_at = p.at(r.change_pct.span());
            let change = *r.change_pct.get_ref();
            if check_number(&r.change_pct, "change_pct", change_at.clone(), issues)
                && !(MIN_CHANGE_PCT..=MAX_CHANGE_PCT).contains(&change)
            {
                issue(
                    issues,
                    change_at,
                    format!(
                        "change_pct {change} is not a plausible yearly change in wages ({MIN_CHANGE_PCT} to {MAX_CHANGE_PCT} percent; write 3.3 for +3.3%)"
                    ),
                );
            }
            if r.period.get_ref().trim().is_empty() {
                issue(
                    issues,
                    p.at(r.period.span()),
                    "`period` is empty: say what the change covers, like `period = \"12 months to December 2025\"`",
                );
            }
            let change = WageChange {
                year: year as i32,
                change_pct: change,
                period: r.period.get_ref().trim().to_string().into(),
                status: r.status,
                source: r.source.get_ref().clone().into(),
                confidence: r.confidence,
                note: r.note.clone().map(Text::from),
            };
            upsert(&mut entries, (change, year_at), |(c, _)| &c.year);
        }
    }
    let top = table.top.clone();
    if as_of.is_none() {
        issue(
            issues,
            top.clone(),
            "missing `as_of`: the date of the newest figure, like `as_of = \"2026-04-30\"`",
        );
    }
    if series.is_none() {
        issue(issues, top.clone(), "missing `series`: what the figures measure");
    }
    if entries.is_empty() {
        issue(issues, top.clone(), "wages.toml has no [[entry]]");
    }
    entries.sort_by_key(|(c, _)| c.year);
    check_merged(&entries, issues);
    table.finish(&pending, all_sources, issues);
    if issues.len() > before {
        return None;
    }
    Some(Wages {
        as_of: as_of?.into(),
        series: series?.into(),
        entries: entries.into_iter().map(|(c, _)| c).collect(),
    })
}

/// Across files: no year missing between two (compounding would skip it), and only the newest
/// year provisional (an older one has its December figure by then).
fn check_merged(entries: &[(WageChange, Location)], issues: &mut Vec<DataIssue>) {
    for pair in entries.windows(2) {
        let [(a, a_at), (b, b_at)] = pair else { continue };
        if b.year > a.year + 1 {
            let missing = if b.year == a.year + 2 {
                format!("{}", a.year + 1)
            } else {
                format!("{} to {}", a.year + 1, b.year - 1)
            };
            // At the later year, unless only the earlier one is the user's: the line that
            // opened the gap.
            let (at, a_is, b_is) = match (is_builtin(a_at), is_builtin(b_at)) {
                (false, true) => (a_at, "", "the built-in year "),
                (true, false) => (b_at, "the built-in year ", ""),
                _ => (b_at, "", ""),
            };
            issue(
                issues,
                at.clone(),
                format!(
                    "no figure for {missing}, between {a_is}{} and {b_is}{}: every year must have one",
                    a.year, b.year
                ),
            );
        }
        if a.status == Status::Provisional {
            // At the provisional year, unless it is a built-in one: then at the user's newer year.
            let at = if is_builtin(a_at) { b_at } else { a_at };
            issue(
                issues,
                at.clone(),
                format!(
                    "year {} is provisional but {} has a figure: give {}'s final (December) change",
                    a.year, b.year, a.year
                ),
            );
        }
    }
}
