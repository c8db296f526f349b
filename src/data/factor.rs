//! The five factor tables (`location.toml`, `education.toml`, ...): entries with unique
//! names across the merged table, multipliers in (0, 10], a default at exactly 1.0, and a
//! country and currency for every location.

use std::collections::{BTreeMap, HashMap};

use toml::Spanned;

use super::DataFile;
use super::diag::{check_as_of, check_number, is_builtin, issue, shown};
use super::overlay::{Overlay, upsert};
use super::raw::RawFactorFile;
use crate::error::{DataIssue, Location};
use crate::names::fold;
use crate::tables::{Entry, Factor, FactorTable, Text};

/// An entry as read, with the positions its later checks report.
struct LocatedEntry {
    entry: Entry,
    at: Location,
    names: Vec<(String, Location)>,
    source: Spanned<String>,
    source_at: Location,
    currency_at: Option<Location>,
}

/// Builds one factor table from its files in order. Location rows also report their
/// currency, with its position, in `currency_refs` so it can be checked against the rates.
/// The table comes with where each entry's key is written, for the checks of other tables.
pub(super) fn build_factor<'a>(
    factor: Factor,
    files: impl Iterator<Item = &'a DataFile>,
    all_sources: &mut BTreeMap<String, String>,
    currency_refs: &mut Vec<(String, String, Location)>,
    issues: &mut Vec<DataIssue>,
) -> Option<(FactorTable, Vec<Location>)> {
    let mut default: Option<(String, Location)> = None;
    let mut as_of: Option<String> = None;
    let mut entries: Vec<LocatedEntry> = Vec::new();
    let mut ambiguous: Vec<(String, Vec<String>, Location)> = Vec::new();
    let before = issues.len();
    let table = Overlay::<RawFactorFile>::read(factor.file(), files, issues)?;

    for p in &table.parsed {
        if let Some(f) = &p.raw.factor
            && f.get_ref() != factor.name()
        {
            issue(
                issues,
                p.at(f.span()),
                format!("`factor = \"{}\"` in a file for `{}`", f.get_ref(), factor.name()),
            );
        }
        if let Some(d) = &p.raw.default {
            default = Some((d.get_ref().clone(), p.at(d.span())));
        }
        if let Some(a) = &p.raw.as_of {
            check_as_of(a, p.at(a.span()), issues);
            as_of = Some(a.get_ref().clone());
        }
        for (name, keys) in &p.raw.ambiguous {
            let keys = keys.get_ref().clone();
            upsert(&mut ambiguous, (name.clone(), keys, p.at(p.raw.ambiguous[name].span())), |(n, ..)| {
                n.as_str()
            });
        }
        let mut keys_in_file: HashMap<String, Location> = HashMap::new();
        for raw in &p.raw.entry {
            let at = p.at(raw.span());
            let r = raw.get_ref();
            let key = r.key.get_ref().clone();
            let key_at = p.at(r.key.span());
            if let Some(prev) = keys_in_file.get(&key) {
                issue(issues, key_at.clone(), format!("duplicate key `{key}` (first at line {})", prev.line));
                continue;
            }
            keys_in_file.insert(key.clone(), key_at.clone());
            if key.is_empty()
                || !key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            {
                issue(
                    issues,
                    key_at.clone(),
                    format!("key `{key}` must be lower-case letters, digits and `-`"),
                );
            }
            if check_number(&r.multiplier, "multiplier", p.at(r.multiplier.span()), issues) {
                let m = *r.multiplier.get_ref();
                if m <= 0.0 || m > 10.0 {
                    issue(
                        issues,
                        p.at(r.multiplier.span()),
                        format!("multiplier {} is outside (0, 10]", shown(m)),
                    );
                }
            }
            if let Some(code) = &r.area_code {
                let c = code.get_ref();
                if factor != Factor::Location {
                    let message = format!("`area_code` is only for location.toml, not {}", factor.file());
                    issue(issues, p.at(code.span()), message);
                } else if c.is_empty() || c.len() > 5 || !c.bytes().all(|b| b.is_ascii_digit()) {
                    let message = format!("area_code `{c}` must be a BLS area code: up to five digits");
                    issue(issues, p.at(code.span()), message);
                }
            }
            for (field, value) in [("country", &r.country), ("currency", &r.currency)] {
                match (factor, value) {
                    (Factor::Location, None) => {
                        issue(issues, at.clone(), format!("location `{key}` has no `{field}`"))
                    }
                    (Factor::Location, Some(_)) | (_, None) => {}
                    (_, Some(v)) => issue(
                        issues,
                        p.at(v.span()),
                        format!("`{field}` is only for location.toml, not {}", factor.file()),
                    ),
                }
            }
            let mut names = vec![(key.clone(), key_at)];
            names.extend(r.aliases.iter().map(|a| (a.get_ref().clone(), p.at(a.span()))));
            let located = LocatedEntry {
                entry: Entry {
                    key: key.clone().into(),
                    label: r.label.clone().into(),
                    aliases: r.aliases.iter().map(|a| a.get_ref().clone().into()).collect(),
                    multiplier: *r.multiplier.get_ref(),
                    source: r.source.get_ref().clone().into(),
                    confidence: r.confidence,
                    note: r.note.clone().map(Text::from),
                    country: r.country.as_ref().map(|c| c.get_ref().clone().into()),
                    currency: r.currency.as_ref().map(|c| c.get_ref().to_ascii_uppercase().into()),
                    area_code: r.area_code.as_ref().map(|c| c.get_ref().clone().into()),
                },
                at,
                names,
                source: r.source.clone(),
                source_at: p.at(r.source.span()),
                currency_at: r.currency.as_ref().map(|c| p.at(c.span())),
            };
            upsert(&mut entries, located, |e| e.entry.key.as_ref());
        }
    }

    let top = table.top.clone();

    // Names must be unique across the whole merged table once folded. A clash between a
    // built-in name and a user's is reported at the user's, naming the built-in entry.
    let mut seen: HashMap<String, Named> = HashMap::new();
    let mut cited = Vec::new();
    for e in &entries {
        for (name, at) in &e.names {
            let folded = fold(name);
            let this = Named { owner: &e.entry.key, name, at };
            match seen.get(folded.as_str()) {
                Some(prev) if prev.owner == this.owner => issue(
                    issues,
                    at.clone(),
                    format!("alias `{name}` of `{}` repeats one of its own names", this.owner),
                ),
                Some(prev) if is_builtin(at) && !is_builtin(prev.at) => name_clash(prev, &this, issues),
                Some(prev) => name_clash(&this, prev, issues),
                None => {
                    seen.insert(folded, this);
                }
            }
        }
        cited.push((e.source.clone(), e.source_at.clone()));
        if let (Some(code), Some(at)) = (&e.entry.currency, &e.currency_at) {
            currency_refs.push((code.to_string(), e.entry.key.to_string(), at.clone()));
        }
        if e.entry.label.trim().is_empty() {
            issue(issues, e.at.clone(), format!("entry `{}` has an empty label", e.entry.key));
        }
    }
    let ambiguous = check_ambiguous(ambiguous, &entries, &seen, issues);
    if entries.is_empty() {
        issue(issues, top.clone(), format!("{} has no [[entry]]", factor.file()));
    }
    if as_of.is_none() {
        issue(issues, top.clone(), "missing `as_of`");
    }
    let default = match default {
        None => {
            issue(issues, top, "missing `default`");
            None
        }
        Some((key, at)) => match entries.iter().position(|e| e.entry.key == key) {
            None => {
                issue(issues, at, format!("default `{key}` is not an entry of {}", factor.file()));
                None
            }
            Some(i) if entries[i].entry.multiplier != 1.0 => {
                // At the entry, unless a user's `default` chose a built-in one: then there.
                let e = &entries[i];
                let m = shown(e.entry.multiplier);
                let (at, message) = if is_builtin(&e.at) && !is_builtin(&at) {
                    (
                        at,
                        format!(
                            "default `{key}` is the built-in entry of multiplier {m}: the default must have 1.0"
                        ),
                    )
                } else {
                    (e.at.clone(), format!("default `{key}` must have multiplier 1.0, not {m}"))
                };
                issue(issues, at, message);
                None
            }
            Some(i) => Some(i),
        },
    };
    table.finish(&cited, all_sources, issues);
    if issues.len() > before {
        return None;
    }
    let keys_at = entries.iter().map(|e| e.names[0].1.clone()).collect();
    let entries = entries.into_iter().map(|e| e.entry).collect();
    let ambiguous =
        ambiguous.into_iter().map(|(name, i): (String, Vec<usize>)| (name.into(), i.into())).collect();
    Some((FactorTable::new(factor, as_of?.into(), entries, default?, ambiguous), keys_at))
}

/// A name of an entry, where it is written.
struct Named<'a> {
    owner: &'a str,
    name: &'a str,
    at: &'a Location,
}

/// Reports `this`, a name that `other` already has.
fn name_clash(this: &Named, other: &Named, issues: &mut Vec<DataIssue>) {
    let (name, owner) = (this.name, this.owner);
    let what = if name == owner { format!("key `{name}`") } else { format!("alias `{name}` of `{owner}`") };
    let builtin = if is_builtin(other.at) && !is_builtin(this.at) { "built-in entry " } else { "" };
    issue(issues, this.at.clone(), format!("duplicate {what}: already a name of {builtin}`{}`", other.owner));
}

/// Each ambiguous name must name two entries or more, by key, and be the name of none: a name
/// that is also an alias would never be reached.
fn check_ambiguous(
    ambiguous: Vec<(String, Vec<String>, Location)>,
    entries: &[LocatedEntry],
    names: &HashMap<String, Named>,
    issues: &mut Vec<DataIssue>,
) -> Vec<(String, Vec<usize>)> {
    let mut out = Vec::new();
    for (name, keys, at) in ambiguous {
        match names.get(&fold(&name)) {
            // A user's name that a built-in ambiguous name already stands for: at the user's.
            Some(named) if is_builtin(&at) && !is_builtin(named.at) => {
                let what = if named.name == named.owner {
                    format!("key `{}`", named.name)
                } else {
                    format!("alias `{}` of `{}`", named.name, named.owner)
                };
                let message = format!(
                    "{what} is a built-in ambiguous name (it could be {}): typed alone it would be an error; use another name",
                    keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(" or ")
                );
                issue(issues, named.at.clone(), message);
            }
            Some(named) => issue(
                issues,
                at.clone(),
                format!("ambiguous name `{name}` is also a name of `{}`: remove one", named.owner),
            ),
            None => {}
        }
        if keys.len() < 2 {
            issue(issues, at.clone(), format!("ambiguous name `{name}` needs two keys or more"));
        }
        let mut found = Vec::new();
        for key in &keys {
            match entries.iter().position(|e| &e.entry.key == key) {
                Some(i) => found.push(i),
                None => {
                    issue(issues, at.clone(), format!("ambiguous name `{name}`: `{key}` is not an entry"))
                }
            }
        }
        out.push((name, found));
    }
    out
}
