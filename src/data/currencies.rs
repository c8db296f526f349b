//! Exchange rates (`currencies.toml`): dated, sourced, three-letter codes, positive rates per
//! US dollar, and USD itself at exactly 1. An overlay replaces a rate by its code.

use std::collections::{BTreeMap, HashMap};

use super::DataFile;
use super::diag::{Parsed, PendingSource, check_number, issue, shown};
use super::overlay::{Overlay, upsert};
use super::raw::{RawCurrency, RawCurrencyFile};
use crate::error::{DataIssue, Location};
use crate::tables::RATE_RANGE;
use crate::tables::currency::{BASE, Currencies, Currency, Date};

pub(super) fn build_currencies<'a>(
    files: impl Iterator<Item = &'a DataFile>,
    all_sources: &mut BTreeMap<String, String>,
    issues: &mut Vec<DataIssue>,
) -> Option<Currencies> {
    let before = issues.len();
    let mut pending: Vec<PendingSource> = Vec::new();
    let mut entries: Vec<Currency> = Vec::new();
    let table = Overlay::<RawCurrencyFile>::read("currencies.toml", files, issues)?;
    for p in &table.parsed {
        let top = p.top();
        let _ = &p.raw.note;
        let as_of = rates_date(p, &top, issues);
        match &p.raw.source {
            Some(s) => pending.push((s.clone(), p.at(s.span()))),
            None => issue(issues, top.clone(), "missing `source`"),
        }
        let file_source = p.raw.source.as_ref().map(|s| s.get_ref().clone()).unwrap_or_default();
        let mut codes_in_file: HashMap<String, usize> = HashMap::new();
        for raw in &p.raw.entry {
            let r = raw.get_ref();
            let _ = &r.note;
            let code = r.code.get_ref().trim().to_ascii_uppercase();
            let code_at = p.at(r.code.span());
            if let Some(line) = codes_in_file.get(&code) {
                issue(issues, code_at, format!("duplicate currency `{code}` (first at line {line})"));
                continue;
            }
            codes_in_file.insert(code.clone(), code_at.line);
            check_rate(r, &code, code_at, p.at(r.per_usd.span()), issues);
            if let Some(s) = &r.source {
                pending.push((s.clone(), p.at(s.span())));
            }
            let currency = Currency {
                code: code.clone().into(),
                name: r.name.clone().into(),
                per_usd: *r.per_usd.get_ref(),
                as_of: as_of.clone().into(),
                source: r.source.as_ref().map_or_else(|| file_source.clone(), |s| s.get_ref().clone()).into(),
            };
            upsert(&mut entries, currency, |c| c.code.as_ref());
        }
    }
    if !entries.iter().any(|c| c.code == BASE) {
        issue(issues, table.top.clone(), "currencies.toml has no USD entry (per_usd = 1.0)");
    }
    table.finish(&pending, all_sources, issues);
    (issues.len() == before).then_some(Currencies { entries: entries.into() })
}

/// The date of a rates file: required, and a real `YYYY-MM-DD` so its age can be told.
fn rates_date(p: &Parsed<RawCurrencyFile>, top: &Location, issues: &mut Vec<DataIssue>) -> String {
    match &p.raw.as_of {
        None => issue(
            issues,
            top.clone(),
            "missing `as_of`: exchange rates must be dated, like `as_of = \"2024-06-28\"`",
        ),
        Some(a) if Date::parse(a.get_ref()).is_none() => issue(
            issues,
            p.at(a.span()),
            format!("as_of `{}` is not a date: write YYYY-MM-DD, like `as_of = \"2024-06-28\"`", a.get_ref()),
        ),
        Some(a) => return a.get_ref().clone(),
    }
    String::new()
}

/// A currency code is three letters; a rate is finite and positive, and exactly 1 for USD.
fn check_rate(
    r: &RawCurrency,
    code: &str,
    code_at: Location,
    rate_at: Location,
    issues: &mut Vec<DataIssue>,
) {
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        issue(
            issues,
            code_at,
            format!("currency code `{}` must be three letters (ISO 4217)", r.code.get_ref()),
        );
    }
    if !check_number(&r.per_usd, "per_usd", rate_at.clone(), issues) {
        return;
    }
    let rate = *r.per_usd.get_ref();
    let (min, max) = RATE_RANGE;
    if code == BASE && rate != 1.0 {
        let message = format!("per_usd of USD must be 1, not {}: rates are per US dollar", shown(rate));
        issue(issues, rate_at, message);
    } else if !(min..=max).contains(&rate) {
        let message = format!(
            "per_usd {} is outside [{}, {}]: units of {code} per US dollar",
            shown(rate),
            shown(min),
            shown(max)
        );
        issue(issues, rate_at, message);
    }
}
