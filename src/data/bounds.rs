//! The bounds on the combined multiplier (`model.toml`): a floor in (0, 1] and a cap in
//! [1, 10], each file overriding the one before.

use std::collections::BTreeMap;

use toml::Spanned;

use super::DataFile;
use super::diag::{check_number, issue, shown};
use super::overlay::Overlay;
use super::raw::RawModelFile;
use crate::error::{DataIssue, Location};
use crate::tables::Bounds;

pub(super) fn build_bounds<'a>(
    files: impl Iterator<Item = &'a DataFile>,
    all_sources: &mut BTreeMap<String, String>,
    issues: &mut Vec<DataIssue>,
) -> Option<Bounds> {
    let before = issues.len();
    let mut floor: Option<(f64, Location)> = None;
    let mut cap: Option<(f64, Location)> = None;
    let mut source: Option<(Spanned<String>, Location)> = None;
    let table = Overlay::<RawModelFile>::read("model.toml", files, issues)?;
    for p in &table.parsed {
        for (slot, value, what) in [(&mut floor, &p.raw.floor, "floor"), (&mut cap, &p.raw.cap, "cap")] {
            if let Some(v) = value
                && check_number(v, what, p.at(v.span()), issues)
            {
                *slot = Some((*v.get_ref(), p.at(v.span())));
            }
        }
        if let Some(s) = &p.raw.source {
            source = Some((s.clone(), p.at(s.span())));
        }
        let _ = &p.raw.note;
    }
    let top = table.top.clone();
    let cited = match source {
        Some(cited) => vec![cited],
        None => {
            issue(issues, top.clone(), "missing `source`");
            vec![]
        }
    };
    table.finish(&cited, all_sources, issues);
    let (Some((floor, floor_at)), Some((cap, cap_at))) = (floor, cap) else {
        issue(issues, top, "model.toml needs both `floor` and `cap`");
        return None;
    };
    if !(floor > 0.0 && floor <= 1.0) {
        issue(issues, floor_at, format!("floor {} must be in (0, 1]", shown(floor)));
    }
    if !(1.0..=10.0).contains(&cap) {
        issue(issues, cap_at, format!("cap {} must be in [1, 10]", shown(cap)));
    }
    (issues.len() == before).then_some(Bounds { floor, cap })
}
