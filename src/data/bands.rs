//! The article's bands (`bands.toml`): levels in order of years, no overlap, `low <= high`,
//! from 0 years to [`MAX_YEARS`]. A user file replaces the bands whole: a partial set of
//! levels has no meaning. Each band comes with where its level is written, so a problem of a
//! level (a new one with no bonus and equity rows) is reported there.

use std::collections::BTreeMap;

use super::DataFile;
use super::diag::{check_as_of, check_number, issue, shown};
use super::overlay::Overlay;
use super::raw::{RawBand, RawBandsFile};
use crate::error::{DataIssue, Location};
use crate::names::fold;
use crate::tables::market::Basis;
use crate::tables::{Band, Bands, MAX_BAND_USD, MAX_YEARS, Text};

pub(super) fn build_bands<'a>(
    files: impl Iterator<Item = &'a DataFile>,
    all_sources: &mut BTreeMap<String, String>,
    issues: &mut Vec<DataIssue>,
) -> Option<(Bands, Vec<Location>)> {
    let before = issues.len();
    let table = Overlay::<RawBandsFile>::read("bands.toml", files, issues)?;
    let p = table.parsed.last()?;
    let top = p.top();
    let mut cited = Vec::new();
    if p.raw.band.is_empty() {
        issue(issues, top.clone(), "bands.toml has no [[band]]");
    }
    let mut bands = Vec::new();
    let mut levels_at = Vec::new();
    let mut prev: Option<&RawBand> = None;
    for (i, raw) in p.raw.band.iter().enumerate() {
        let b = raw.get_ref();
        let at = p.at(raw.span());
        let mut ok = true;
        for (v, what) in
            [(&b.from_years, "from_years"), (&b.to_years, "to_years"), (&b.low, "low"), (&b.high, "high")]
        {
            ok &= check_number(v, what, p.at(v.span()), issues);
        }
        cited.push((b.source.clone(), p.at(b.source.span())));
        if !ok {
            continue;
        }
        let level = b.level.get_ref();
        if p.raw.band[..i].iter().any(|o| fold(o.get_ref().level.get_ref()) == fold(level)) {
            issue(issues, p.at(b.level.span()), format!("duplicate level `{level}`"));
        }
        if b.from_years.get_ref() > b.to_years.get_ref() || *b.from_years.get_ref() < 0.0 {
            issue(
                issues,
                p.at(b.from_years.span()),
                format!(
                    "band `{level}`: from_years {} is after to_years {}",
                    b.from_years.get_ref(),
                    b.to_years.get_ref()
                ),
            );
        }
        if *b.low.get_ref() <= 0.0 || b.low.get_ref() > b.high.get_ref() {
            issue(
                issues,
                p.at(b.low.span()),
                format!(
                    "band `{level}`: low {} must be positive and at most high {}",
                    shown(*b.low.get_ref()),
                    shown(*b.high.get_ref())
                ),
            );
        }
        for amount in [&b.low, &b.high] {
            if *amount.get_ref() > MAX_BAND_USD {
                let message = format!(
                    "band `{level}`: {} is not a plausible salary: at most {} US dollars a year",
                    shown(*amount.get_ref()),
                    shown(MAX_BAND_USD)
                );
                issue(issues, p.at(amount.span()), message);
            }
        }
        let open_ended = b.open_ended.as_ref().is_some_and(|o| *o.get_ref());
        if let Some(o) = b.open_ended.as_ref().filter(|_| open_ended && i + 1 != p.raw.band.len()) {
            issue(issues, p.at(o.span()), format!("band `{level}`: only the last band may be open-ended"));
        }
        if let Some(q) = prev {
            if b.from_years.get_ref() < q.from_years.get_ref() {
                issue(
                    issues,
                    at.clone(),
                    format!("band `{level}` is out of order: it starts before `{}`", q.level.get_ref()),
                );
            } else if b.from_years.get_ref() < q.to_years.get_ref() {
                issue(
                    issues,
                    p.at(b.from_years.span()),
                    format!(
                        "band `{level}` overlaps `{}`: it starts at {} years, before `{}` ends at {}",
                        q.level.get_ref(),
                        b.from_years.get_ref(),
                        q.level.get_ref(),
                        q.to_years.get_ref()
                    ),
                );
            }
        }
        prev = Some(b);
        levels_at.push(p.at(b.level.span()));
        bands.push(Band {
            level: level.clone().into(),
            label: b.label.clone().into(),
            from_years: *b.from_years.get_ref(),
            to_years: *b.to_years.get_ref(),
            low: *b.low.get_ref(),
            mid: None,
            high: *b.high.get_ref(),
            open_ended,
            source: b.source.get_ref().clone().into(),
            confidence: b.confidence,
            note: b.note.clone().map(Text::from),
        });
    }
    // Every accepted number of years must land in a band or a gap between two: years outside
    // them would silently take the nearest band's pay.
    if let (Some(first), Some(last)) = (p.raw.band.first(), p.raw.band.last()) {
        let (first, last) = (first.get_ref(), last.get_ref());
        if *first.from_years.get_ref() != 0.0 {
            issue(
                issues,
                p.at(first.from_years.span()),
                format!(
                    "the first band `{}` starts at {} years: the bands must start at 0",
                    first.level.get_ref(),
                    first.from_years.get_ref()
                ),
            );
        }
        if *last.to_years.get_ref() < MAX_YEARS {
            issue(
                issues,
                p.at(last.to_years.span()),
                format!(
                    "the last band `{}` ends at {} years: the bands must reach {MAX_YEARS} (the most --years accepts)",
                    last.level.get_ref(),
                    last.to_years.get_ref()
                ),
            );
        }
    }
    // The bands' year is what `--as-of` moves pay from: `as_of` must name one.
    let as_of = match &p.raw.as_of {
        None => {
            issue(issues, top, "missing `as_of`: the year of the bands' pay, like `as_of = \"2024\"`");
            None
        }
        Some(a) => {
            check_as_of(a, p.at(a.span()), issues);
            Some(a.get_ref().clone())
        }
    };
    table.finish(&cited, all_sources, issues);
    if issues.len() > before {
        return None;
    }
    let abroad = Vec::new().into();
    Some((Bands { as_of: as_of?.into(), bands: bands.into(), basis: Basis::Article, abroad }, levels_at))
}
