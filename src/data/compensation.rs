//! Bonus and equity (`compensation.toml`): one row for every level and every company size,
//! so `--total` never misses; a later file replaces a row, the same file may not repeat one.

use std::collections::BTreeMap;

use toml::Spanned;

use super::diag::{Parsed, check_as_of, check_number, issue, shown};
use super::overlay::Overlay;
use super::raw::{RawPay, RawPayFile};
use super::{DataFile, EMBEDDED_ORIGIN, did_you_mean};
use crate::error::{DataIssue, Location};
use crate::names::nearest;
use crate::tables::pay::{Compensation, Equity, PayRow};
use crate::tables::{Bands, FactorTable, Text};

/// A compensation row as read, before it is placed in the grid.
struct LocatedPay {
    row: PayRow,
    row_source: Spanned<String>,
    source_at: Location,
    file: usize,
    at: Location,
    level_at: Location,
    size_at: Location,
}

/// The grid being filled: `[band][company-size entry]`.
type PayGrid = Vec<Vec<Option<LocatedPay>>>;

pub(super) fn build_compensation<'a>(
    files: impl Iterator<Item = &'a DataFile>,
    bands: Option<&(Bands, Vec<Location>)>,
    sizes: Option<&(FactorTable, Vec<Location>)>,
    all_sources: &mut BTreeMap<String, String>,
    issues: &mut Vec<DataIssue>,
) -> Option<Compensation> {
    let before = issues.len();
    let mut rows: Vec<LocatedPay> = Vec::new();
    let mut as_of = None;
    let table = Overlay::<RawPayFile>::read("compensation.toml", files, issues)?;
    for (n, p) in table.parsed.iter().enumerate() {
        if let Some(a) = &p.raw.as_of {
            check_as_of(a, p.at(a.span()), issues);
            as_of = Some(a.get_ref().clone());
        }
        rows.extend(p.raw.entry.iter().filter_map(|raw| read_pay(p, raw, n, issues)));
    }
    // Reported at the last file: the one whose rows complete the grid.
    let top = table.parsed.last().map_or_else(|| table.top.clone(), Parsed::top);
    let cited: Vec<_> = rows.iter().map(|r| (r.row_source.clone(), r.source_at.clone())).collect();
    if as_of.is_none() {
        issue(issues, top.clone(), "missing `as_of`");
    }
    table.finish(&cited, all_sources, issues);
    // Placing rows needs valid bands and company sizes; their own errors are already reported.
    let (Some((bands, levels_at)), Some((sizes, sizes_at))) = (bands, sizes) else { return None };
    let grid = place_pay(rows, bands, sizes, issues);
    check_pay_complete(&grid, (bands, levels_at), (sizes, sizes_at), &top, issues);
    if issues.len() > before {
        return None;
    }
    let grid = grid.into_iter().map(|row| row.into_iter().flatten().map(|l| l.row).collect()).collect();
    Some(Compensation { as_of: as_of?.into(), grid })
}

/// Reads one row, checking its numbers; `None` if its equity cannot be read.
fn read_pay(
    p: &Parsed<RawPayFile>,
    raw: &Spanned<RawPay>,
    file: usize,
    issues: &mut Vec<DataIssue>,
) -> Option<LocatedPay> {
    let r = raw.get_ref();
    let bonus_at = p.at(r.bonus_pct.span());
    let bonus = *r.bonus_pct.get_ref();
    if check_number(&r.bonus_pct, "bonus_pct", bonus_at.clone(), issues) && !(0.0..=100.0).contains(&bonus) {
        issue(
            issues,
            bonus_at,
            format!("bonus_pct {} is outside [0, 100] (a percentage of base)", shown(bonus)),
        );
    }
    let equity = equity(&r.equity, p.at(r.equity.span()), issues)?;
    Some(LocatedPay {
        row: PayRow {
            level: r.level.get_ref().clone().into(),
            company_size: r.company_size.get_ref().clone().into(),
            bonus_pct: bonus,
            equity,
            source: r.source.get_ref().clone().into(),
            confidence: r.confidence,
            note: r.note.clone().map(Text::from),
        },
        row_source: r.source.clone(),
        source_at: p.at(r.source.span()),
        file,
        at: p.at(raw.span()),
        level_at: p.at(r.level.span()),
        size_at: p.at(r.company_size.span()),
    })
}

/// Puts each row in its cell: a later file replaces a row, the same file may not repeat one.
fn place_pay(
    rows: Vec<LocatedPay>,
    bands: &Bands,
    sizes: &FactorTable,
    issues: &mut Vec<DataIssue>,
) -> PayGrid {
    let mut grid: PayGrid =
        bands.bands.iter().map(|_| sizes.entries.iter().map(|_| None).collect()).collect();
    for located in rows {
        let level = bands.find(&located.row.level);
        // A user bands.toml replaces the bands whole, and an overlay cannot delete rows: the
        // built-in rows of levels it dropped are simply unused.
        if level.is_none() && located.at.file.starts_with(EMBEDDED_ORIGIN) {
            continue;
        }
        if level.is_none() {
            let names = bands.bands.iter().map(|b| (b.level.as_ref(), b.level.as_ref()));
            let levels: Vec<&str> = bands.bands.iter().map(|b| b.level.as_ref()).collect();
            let hint = did_you_mean(nearest(&located.row.level, names));
            let message =
                format!("unknown level `{}`{hint} (levels: {})", located.row.level, levels.join(", "));
            issue(issues, located.level_at.clone(), message);
        }
        let size = sizes.find(&located.row.company_size);
        if size.is_none() {
            let names = sizes.entries.iter().map(|e| (e.key.as_ref(), e.key.as_ref()));
            let hint = did_you_mean(nearest(&located.row.company_size, names));
            let message = format!(
                "unknown company size `{}`{hint} (all choices: `mlsal list company_size`)",
                located.row.company_size
            );
            issue(issues, located.size_at.clone(), message);
        }
        let (Some(i), Some(j)) = (level, size) else { continue };
        let cell = &mut grid[i][j];
        if let Some(prev) = cell.as_ref().filter(|prev| prev.file == located.file) {
            let (level, size) = (&bands.bands[i].level, &sizes.entries[j].key);
            let message = format!(
                "duplicate row for level `{level}`, company size `{size}` (first at line {})",
                prev.at.line
            );
            issue(issues, located.at.clone(), message);
            continue;
        }
        *cell = Some(located);
    }
    grid
}

/// Every level needs a row for every company size, or `--total` would have nothing to add.
/// One message per cause: a level with no row at all is reported where the level is written
/// (a user's `bands.toml` that adds one), a company size with none where its key is (a user's
/// `company_size.toml`), and any other missing row at `top`, the last compensation file.
fn check_pay_complete(
    grid: &PayGrid,
    (bands, levels_at): (&Bands, &[Location]),
    (sizes, sizes_at): (&FactorTable, &[Location]),
    top: &Location,
    issues: &mut Vec<DataIssue>,
) {
    let level_empty: Vec<bool> = grid.iter().map(|row| row.iter().all(Option::is_none)).collect();
    let size_empty: Vec<bool> =
        (0..sizes.entries.len()).map(|j| grid.iter().all(|row| row[j].is_none())).collect();
    let quoted = |names: &mut dyn Iterator<Item = &str>| {
        names.map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
    };
    for ((band, at), _) in bands.bands.iter().zip(levels_at).zip(&level_empty).filter(|(_, e)| **e) {
        let message = format!(
            "level `{}` has no row in compensation.toml: --total needs one for each company size ({})",
            band.level,
            quoted(&mut sizes.entries.iter().map(|e| e.key.as_ref()))
        );
        issue(issues, at.clone(), message);
    }
    for ((size, at), _) in sizes.entries.iter().zip(sizes_at).zip(&size_empty).filter(|(_, e)| **e) {
        let message = format!(
            "company size `{}` has no row in compensation.toml: --total needs one for each level ({})",
            size.key,
            quoted(&mut bands.bands.iter().map(|b| b.level.as_ref()))
        );
        issue(issues, at.clone(), message);
    }
    for (j, size) in sizes.entries.iter().enumerate().filter(|(j, _)| !size_empty[*j]) {
        let missing: Vec<&str> = bands
            .bands
            .iter()
            .zip(grid)
            .zip(&level_empty)
            .filter(|((_, row), empty)| row[j].is_none() && !**empty)
            .map(|((b, _), _)| b.level.as_ref())
            .collect();
        if !missing.is_empty() {
            let s = if missing.len() == 1 { "" } else { "s" };
            let message = format!(
                "no row for company size `{}` at level{s} {}: --total needs one per level and size",
                size.key,
                quoted(&mut missing.into_iter())
            );
            issue(issues, top.clone(), message);
        }
    }
}

/// Reads `equity`: a finite multiple of base in [0, 10], or the word "options".
fn equity(value: &Spanned<toml::Value>, at: Location, issues: &mut Vec<DataIssue>) -> Option<Equity> {
    let share = match value.get_ref() {
        toml::Value::Float(f) => *f,
        toml::Value::Integer(i) => *i as f64,
        toml::Value::String(s) if s == "options" => return Some(Equity::Options),
        other => {
            issue(
                issues,
                at,
                format!("equity must be a number (yearly equity / base) or `\"options\"`, not `{other}`"),
            );
            return None;
        }
    };
    if !share.is_finite() {
        issue(issues, at, format!("equity must be a finite number, not {}", shown(share)));
        return None;
    }
    if !(0.0..=10.0).contains(&share) {
        issue(
            issues,
            at,
            format!("equity {} is outside [0, 10] (yearly equity / base: 0.28 is 28% of base)", shown(share)),
        );
        return None;
    }
    Some(Equity::Share(share))
}
