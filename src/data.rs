//! The data loader: TOML in, validated [`Tables`] out.
//!
//! The shipped tables are embedded in the binary so `mlsal` works from any folder. A user
//! directory may overlay them file by file and entry by entry (same key replaces, a new key
//! adds; a user `bands.toml` replaces the bands). Everything is validated once, here, after
//! merging, and every problem is reported with its file, line and column; the rest of the
//! program only sees typed tables.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use toml::Spanned;

use crate::error::{DataIssue, Error, Location};
use crate::names::{fold, nearest};
use crate::tables::currency::{self, Currencies, Currency, Date};
use crate::tables::pay::{Compensation, Equity, PayRow};
use crate::tables::{Band, Bands, Bounds, Confidence, Entry, Factor, FactorTable, MAX_YEARS, Tables};

/// The shipped tables: file name and contents.
pub const EMBEDDED: &[(&str, &str)] = &[
    ("bands.toml", include_str!("../data/bands.toml")),
    ("model.toml", include_str!("../data/model.toml")),
    ("location.toml", include_str!("../data/location.toml")),
    ("education.toml", include_str!("../data/education.toml")),
    ("specialization.toml", include_str!("../data/specialization.toml")),
    ("industry.toml", include_str!("../data/industry.toml")),
    ("company_size.toml", include_str!("../data/company_size.toml")),
    ("currencies.toml", include_str!("../data/currencies.toml")),
    ("compensation.toml", include_str!("../data/compensation.toml")),
];

/// How the built-in tables are named in diagnostics.
pub const EMBEDDED_ORIGIN: &str = "<built-in>";

/// One data file to load: its name in `data/` (`location.toml`), where it came from (for
/// messages) and its text.
#[derive(Clone, Debug)]
pub struct DataFile {
    pub name: String,
    pub origin: String,
    pub text: String,
}

impl DataFile {
    pub fn embedded() -> Vec<DataFile> {
        EMBEDDED
            .iter()
            .map(|&(name, text)| DataFile {
                name: name.to_string(),
                origin: format!("{EMBEDDED_ORIGIN}/{name}"),
                text: text.to_string(),
            })
            .collect()
    }
}

/// Loads the built-in tables.
pub fn load_embedded() -> Result<Tables, Error> {
    load(&DataFile::embedded())
}

/// Loads `files` in order, later files overlaying earlier ones of the same name, and
/// validates the result. Every problem found is returned, not just the first.
pub fn load(files: &[DataFile]) -> Result<Tables, Error> {
    let mut issues = Vec::new();
    let tables = build(files, &mut issues);
    // Grouped by file and in reading order, whatever order the checks ran in.
    issues.sort_by(|a, b| (&a.at.file, a.at.line, a.at.col).cmp(&(&b.at.file, b.at.line, b.at.col)));
    issues.dedup();
    match tables {
        Some(t) if issues.is_empty() => Ok(t),
        _ => Err(Error::Data { issues }),
    }
}

// ---------------------------------------------------------------------------------------------
// Raw TOML shapes. `deny_unknown_fields` everywhere: a typo in a field name must be an error,
// not a silently ignored line.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFactorFile {
    factor: Option<Spanned<String>>,
    default: Option<Spanned<String>>,
    as_of: Option<String>,
    #[serde(default)]
    sources: BTreeMap<String, String>,
    #[serde(default)]
    entry: Vec<Spanned<RawEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    key: Spanned<String>,
    label: String,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    multiplier: Spanned<f64>,
    source: Spanned<String>,
    confidence: Confidence,
    note: Option<String>,
    country: Option<Spanned<String>>,
    currency: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBandsFile {
    as_of: Option<String>,
    #[serde(default)]
    sources: BTreeMap<String, String>,
    #[serde(default)]
    band: Vec<Spanned<RawBand>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBand {
    level: Spanned<String>,
    label: String,
    from_years: Spanned<f64>,
    to_years: Spanned<f64>,
    low: Spanned<f64>,
    high: Spanned<f64>,
    open_ended: Option<Spanned<bool>>,
    source: Spanned<String>,
    confidence: Confidence,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModelFile {
    floor: Option<Spanned<f64>>,
    cap: Option<Spanned<f64>>,
    source: Option<Spanned<String>>,
    note: Option<String>,
    #[serde(default)]
    sources: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCurrencyFile {
    as_of: Option<Spanned<String>>,
    source: Option<Spanned<String>>,
    note: Option<String>,
    #[serde(default)]
    sources: BTreeMap<String, String>,
    #[serde(default)]
    entry: Vec<Spanned<RawCurrency>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCurrency {
    code: Spanned<String>,
    name: String,
    per_usd: Spanned<f64>,
    /// Overrides the file's `source` for this rate.
    source: Option<Spanned<String>>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPayFile {
    as_of: Option<String>,
    #[serde(default)]
    sources: BTreeMap<String, String>,
    #[serde(default)]
    entry: Vec<Spanned<RawPay>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPay {
    level: Spanned<String>,
    company_size: Spanned<String>,
    bonus_pct: Spanned<f64>,
    /// A number (multiple of base) or the string "options": checked by hand for a clear message.
    equity: Spanned<toml::Value>,
    source: Spanned<String>,
    confidence: Confidence,
    note: Option<String>,
}

// ---------------------------------------------------------------------------------------------

/// A parsed file with the means to turn byte spans into line and column.
struct Parsed<'a, T> {
    file: &'a DataFile,
    raw: T,
    /// Where each line starts: every entry's position is taken at load, so finding a line
    /// must not rescan the file (that was half of start-up).
    line_starts: Vec<usize>,
}

impl<T> Parsed<'_, T> {
    fn at(&self, span: std::ops::Range<usize>) -> Location {
        let offset = span.start.min(self.file.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let col = self.file.text.get(start..offset).map_or(0, |l| l.chars().count()) + 1;
        Location { file: self.file.origin.clone(), line, col }
    }
}

fn locate(file: &DataFile, offset: usize) -> Location {
    let before = &file.text[..offset.min(file.text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Location { file: file.origin.clone(), line, col }
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect()
}

fn issue(issues: &mut Vec<DataIssue>, at: Location, message: impl Into<String>) {
    issues.push(DataIssue { at, message: message.into() });
}

fn parse<'a, T: serde::de::DeserializeOwned>(
    file: &'a DataFile,
    issues: &mut Vec<DataIssue>,
) -> Option<Parsed<'a, T>> {
    match toml::from_str::<T>(&file.text) {
        Ok(raw) => Some(Parsed { file, raw, line_starts: line_starts(&file.text) }),
        Err(e) => {
            let at = locate(file, e.span().map_or(0, |s| s.start));
            issue(issues, at, e.message().trim_end().replace('\n', " "));
            None
        }
    }
}

fn build(files: &[DataFile], issues: &mut Vec<DataIssue>) -> Option<Tables> {
    let known: Vec<&str> = EMBEDDED.iter().map(|&(n, _)| n).collect();
    for f in files {
        if !known.contains(&f.name.as_str()) {
            issue(
                issues,
                Location { file: f.origin.clone(), line: 1, col: 1 },
                format!(
                    "unknown data file `{}`{} (expected one of: {})",
                    f.name,
                    did_you_mean(close_file_name(&f.name, &known)),
                    known.join(", ")
                ),
            );
        }
    }
    let named = |name: &'static str| files.iter().filter(move |f| f.name == name);

    let mut sources = BTreeMap::new();
    let mut currency_refs = Vec::new();
    let bands = build_bands(named("bands.toml"), &mut sources, issues);
    let bounds = build_bounds(named("model.toml"), &mut sources, issues);
    let factors = Factor::ALL
        .map(|factor| build_factor(factor, named(factor.file()), &mut sources, &mut currency_refs, issues));
    let currencies = build_currencies(named("currencies.toml"), &mut sources, issues);
    let sizes = factors[Factor::CompanySize.index()].as_ref();
    let compensation =
        build_compensation(named("compensation.toml"), bands.as_ref(), sizes, &mut sources, issues);
    if let Some(c) = &currencies {
        for (code, key, at) in currency_refs {
            if c.find(&code).is_none() {
                issue(
                    issues,
                    at,
                    format!(
                        "currency `{code}` of location `{key}` is not in currencies.toml: add its rate there"
                    ),
                );
            }
        }
    }

    let [Some(a), Some(b), Some(c), Some(d), Some(e)] = factors else {
        return None;
    };
    Some(Tables {
        bands: bands?,
        bounds: bounds?,
        factors: [a, b, c, d, e],
        sources,
        currencies: currencies?,
        compensation: compensation?,
    })
}

/// Checks that every comma-separated key in `source` is a defined source.
fn check_source(
    source: &Spanned<String>,
    at: Location,
    defined: &BTreeMap<String, String>,
    issues: &mut Vec<DataIssue>,
) {
    let keys: Vec<&str> = source.get_ref().split(',').map(str::trim).filter(|k| !k.is_empty()).collect();
    if keys.is_empty() {
        issue(issues, at, "`source` is empty: name at least one source key");
        return;
    }
    for k in keys {
        if !defined.contains_key(k) {
            issue(issues, at.clone(), format!("source `{k}` is not defined in [sources]"));
        }
    }
}

fn check_number(value: &Spanned<f64>, what: &str, at: Location, issues: &mut Vec<DataIssue>) -> bool {
    let v = *value.get_ref();
    if !v.is_finite() {
        issue(issues, at, format!("{what} must be a finite number, not {v}"));
        return false;
    }
    true
}

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
fn build_factor<'a>(
    factor: Factor,
    files: impl Iterator<Item = &'a DataFile>,
    all_sources: &mut BTreeMap<String, String>,
    currency_refs: &mut Vec<(String, String, Location)>,
    issues: &mut Vec<DataIssue>,
) -> Option<FactorTable> {
    let mut default: Option<(String, Location)> = None;
    let mut as_of: Option<String> = None;
    let mut sources = BTreeMap::new();
    let mut entries: Vec<LocatedEntry> = Vec::new();
    let mut first_file: Option<&DataFile> = None;
    let before = issues.len();

    for file in files {
        first_file.get_or_insert(file);
        let Some(p) = parse::<RawFactorFile>(file, issues) else { continue };
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
            as_of = Some(a.clone());
        }
        sources.extend(p.raw.sources.clone());
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
                    issue(issues, p.at(r.multiplier.span()), format!("multiplier {m} is outside (0, 10]"));
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
                    key: key.clone(),
                    label: r.label.clone(),
                    aliases: r.aliases.iter().map(|a| a.get_ref().clone()).collect(),
                    multiplier: *r.multiplier.get_ref(),
                    source: r.source.get_ref().clone(),
                    confidence: r.confidence,
                    note: r.note.clone(),
                    country: r.country.as_ref().map(|c| c.get_ref().clone()),
                    currency: r.currency.as_ref().map(|c| c.get_ref().to_ascii_uppercase()),
                },
                at,
                names,
                source: r.source.clone(),
                source_at: p.at(r.source.span()),
                currency_at: r.currency.as_ref().map(|c| p.at(c.span())),
            };
            match entries.iter_mut().find(|e| e.entry.key == key) {
                Some(slot) => *slot = located,
                None => entries.push(located),
            }
        }
    }

    let Some(file) = first_file else {
        issue(
            issues,
            Location { file: factor.file().to_string(), line: 1, col: 1 },
            format!("missing data file {}", factor.file()),
        );
        return None;
    };
    let top = Location { file: file.origin.clone(), line: 1, col: 1 };

    // Names must be unique across the whole merged table once folded.
    let mut seen: HashMap<String, &str> = HashMap::new();
    for e in &entries {
        for (name, at) in &e.names {
            let folded = fold(name);
            match seen.get(folded.as_str()) {
                Some(owner) if *owner == e.entry.key => issue(
                    issues,
                    at.clone(),
                    format!("alias `{name}` of `{owner}` repeats one of its own names"),
                ),
                Some(owner) => issue(
                    issues,
                    at.clone(),
                    format!("duplicate alias `{name}` of `{}`: already a name of `{owner}`", e.entry.key),
                ),
                None => {
                    seen.insert(folded, &e.entry.key);
                }
            }
        }
        check_source(&e.source, e.source_at.clone(), &sources, issues);
        if let (Some(code), Some(at)) = (&e.entry.currency, &e.currency_at) {
            currency_refs.push((code.clone(), e.entry.key.clone(), at.clone()));
        }
        if e.entry.label.trim().is_empty() {
            issue(issues, e.at.clone(), format!("entry `{}` has an empty label", e.entry.key));
        }
    }
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
                issue(
                    issues,
                    entries[i].at.clone(),
                    format!("default `{key}` must have multiplier 1.0, not {}", entries[i].entry.multiplier),
                );
                None
            }
            Some(i) => Some(i),
        },
    };
    all_sources.extend(sources);
    if issues.len() > before {
        return None;
    }
    Some(FactorTable::new(factor, as_of?, entries.into_iter().map(|e| e.entry).collect(), default?))
}

fn build_bands<'a>(
    files: impl Iterator<Item = &'a DataFile>,
    all_sources: &mut BTreeMap<String, String>,
    issues: &mut Vec<DataIssue>,
) -> Option<Bands> {
    // A user bands.toml replaces the bands whole: a partial set of levels has no meaning.
    let file = files.last()?;
    let before = issues.len();
    let p = parse::<RawBandsFile>(file, issues)?;
    let top = Location { file: file.origin.clone(), line: 1, col: 1 };
    if p.raw.band.is_empty() {
        issue(issues, top.clone(), "bands.toml has no [[band]]");
    }
    let mut bands = Vec::new();
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
        check_source(&b.source, p.at(b.source.span()), &p.raw.sources, issues);
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
                    b.low.get_ref(),
                    b.high.get_ref()
                ),
            );
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
                        "band `{level}` overlaps `{}`: it starts at {} years, before {} ends at {}",
                        q.level.get_ref(),
                        b.from_years.get_ref(),
                        q.level.get_ref(),
                        q.to_years.get_ref()
                    ),
                );
            }
        }
        prev = Some(b);
        bands.push(Band {
            level: level.clone(),
            label: b.label.clone(),
            from_years: *b.from_years.get_ref(),
            to_years: *b.to_years.get_ref(),
            low: *b.low.get_ref(),
            high: *b.high.get_ref(),
            open_ended,
            source: b.source.get_ref().clone(),
            confidence: b.confidence,
            note: b.note.clone(),
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
    if p.raw.as_of.is_none() {
        issue(issues, top, "missing `as_of`");
    }
    all_sources.extend(p.raw.sources.clone());
    if issues.len() > before {
        return None;
    }
    Some(Bands { as_of: p.raw.as_of?, bands })
}

fn build_bounds<'a>(
    files: impl Iterator<Item = &'a DataFile>,
    all_sources: &mut BTreeMap<String, String>,
    issues: &mut Vec<DataIssue>,
) -> Option<Bounds> {
    let before = issues.len();
    let mut floor: Option<(f64, Location)> = None;
    let mut cap: Option<(f64, Location)> = None;
    let mut source: Option<(Spanned<String>, Location)> = None;
    let mut sources = BTreeMap::new();
    let mut top = None;
    for file in files {
        top.get_or_insert(Location { file: file.origin.clone(), line: 1, col: 1 });
        let Some(p) = parse::<RawModelFile>(file, issues) else { continue };
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
        sources.extend(p.raw.sources.clone());
    }
    let top = top?;
    match &source {
        Some((s, at)) => check_source(s, at.clone(), &sources, issues),
        None => issue(issues, top.clone(), "missing `source`"),
    }
    let (Some((floor, floor_at)), Some((cap, cap_at))) = (floor, cap) else {
        issue(issues, top, "model.toml needs both `floor` and `cap`");
        return None;
    };
    if !(floor > 0.0 && floor <= 1.0) {
        issue(issues, floor_at, format!("floor {floor} must be in (0, 1]"));
    }
    if !(1.0..=10.0).contains(&cap) {
        issue(issues, cap_at, format!("cap {cap} must be in [1, 10]"));
    }
    all_sources.extend(sources);
    (issues.len() == before).then_some(Bounds { floor, cap })
}

/// A value checked against the merged `[sources]` once every file has been read, since an
/// overlay may cite a source defined in the built-in file.
type PendingSource = (Spanned<String>, Location);

fn build_currencies<'a>(
    files: impl Iterator<Item = &'a DataFile>,
    all_sources: &mut BTreeMap<String, String>,
    issues: &mut Vec<DataIssue>,
) -> Option<Currencies> {
    let before = issues.len();
    let mut sources = BTreeMap::new();
    let mut pending: Vec<PendingSource> = Vec::new();
    let mut entries: Vec<Currency> = Vec::new();
    let mut first_top = None;
    for file in files {
        let top = Location { file: file.origin.clone(), line: 1, col: 1 };
        first_top.get_or_insert(top.clone());
        let Some(p) = parse::<RawCurrencyFile>(file, issues) else { continue };
        let _ = &p.raw.note;
        sources.extend(p.raw.sources.clone());
        let as_of = rates_date(&p, &top, issues);
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
                code: code.clone(),
                name: r.name.clone(),
                per_usd: *r.per_usd.get_ref(),
                as_of: as_of.clone(),
                source: r.source.as_ref().map_or_else(|| file_source.clone(), |s| s.get_ref().clone()),
            };
            match entries.iter_mut().find(|c| c.code == code) {
                Some(slot) => *slot = currency,
                None => entries.push(currency),
            }
        }
    }
    let Some(top) = first_top else {
        issue(
            issues,
            Location { file: "currencies.toml".into(), line: 1, col: 1 },
            "missing data file currencies.toml",
        );
        return None;
    };
    for (s, at) in &pending {
        check_source(s, at.clone(), &sources, issues);
    }
    if !entries.iter().any(|c| c.code == currency::BASE) {
        issue(issues, top, "currencies.toml has no USD entry (per_usd = 1.0)");
    }
    all_sources.extend(sources);
    (issues.len() == before).then_some(Currencies { entries })
}

/// The date of a rates file: required, and a real `YYYY-MM-DD` so its age can be told.
fn rates_date(p: &Parsed<RawCurrencyFile>, top: &Location, issues: &mut Vec<DataIssue>) -> String {
    match &p.raw.as_of {
        None => {
            issue(issues, top.clone(), "missing `as_of`: exchange rates must be dated, like \"2024-06-28\"")
        }
        Some(a) if Date::parse(a.get_ref()).is_none() => issue(
            issues,
            p.at(a.span()),
            format!("as_of `{}` is not a date: write YYYY-MM-DD, like \"2024-06-28\"", a.get_ref()),
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
    if rate <= 0.0 {
        issue(issues, rate_at, format!("per_usd {rate} must be positive: units of {code} per US dollar"));
    } else if code == currency::BASE && rate != 1.0 {
        issue(issues, rate_at, format!("per_usd of USD must be 1, not {rate}: rates are per US dollar"));
    }
}

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

fn build_compensation<'a>(
    files: impl Iterator<Item = &'a DataFile>,
    bands: Option<&Bands>,
    sizes: Option<&FactorTable>,
    all_sources: &mut BTreeMap<String, String>,
    issues: &mut Vec<DataIssue>,
) -> Option<Compensation> {
    let before = issues.len();
    let mut sources = BTreeMap::new();
    let mut rows: Vec<LocatedPay> = Vec::new();
    let mut as_of = None;
    let mut last_top = None;
    for (n, file) in files.enumerate() {
        last_top = Some(Location { file: file.origin.clone(), line: 1, col: 1 });
        let Some(p) = parse::<RawPayFile>(file, issues) else { continue };
        sources.extend(p.raw.sources.clone());
        if p.raw.as_of.is_some() {
            as_of.clone_from(&p.raw.as_of);
        }
        rows.extend(p.raw.entry.iter().filter_map(|raw| read_pay(&p, raw, n, issues)));
    }
    let Some(top) = last_top else {
        issue(
            issues,
            Location { file: "compensation.toml".into(), line: 1, col: 1 },
            "missing data file compensation.toml",
        );
        return None;
    };
    for r in &rows {
        check_source(&r.row_source, r.source_at.clone(), &sources, issues);
    }
    if as_of.is_none() {
        issue(issues, top.clone(), "missing `as_of`");
    }
    all_sources.extend(sources);
    // Placing rows needs valid bands and company sizes; their own errors are already reported.
    let (Some(bands), Some(sizes)) = (bands, sizes) else { return None };
    let grid = place_pay(rows, bands, sizes, issues);
    check_pay_complete(&grid, bands, sizes, &top, issues);
    if issues.len() > before {
        return None;
    }
    let grid = grid.into_iter().map(|row| row.into_iter().flatten().map(|l| l.row).collect()).collect();
    Some(Compensation { as_of: as_of?, grid })
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
        issue(issues, bonus_at, format!("bonus_pct {bonus} is outside [0, 100] (a percentage of base)"));
    }
    let equity = equity(&r.equity, p.at(r.equity.span()), issues)?;
    Some(LocatedPay {
        row: PayRow {
            level: r.level.get_ref().clone(),
            company_size: r.company_size.get_ref().clone(),
            bonus_pct: bonus,
            equity,
            source: r.source.get_ref().clone(),
            confidence: r.confidence,
            note: r.note.clone(),
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
            let names = bands.bands.iter().map(|b| (b.level.as_str(), b.level.as_str()));
            let levels: Vec<&str> = bands.bands.iter().map(|b| b.level.as_str()).collect();
            let hint = did_you_mean(nearest(&located.row.level, names));
            let message =
                format!("unknown level `{}`{hint} (levels: {})", located.row.level, levels.join(", "));
            issue(issues, located.level_at.clone(), message);
        }
        let size = sizes.find(&located.row.company_size);
        if size.is_none() {
            let names = sizes.entries.iter().map(|e| (e.key.as_str(), e.key.as_str()));
            let hint = did_you_mean(nearest(&located.row.company_size, names));
            let message = format!(
                "unknown company size `{}`{hint} (all choices: `mlsal list company-size`)",
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
fn check_pay_complete(
    grid: &PayGrid,
    bands: &Bands,
    sizes: &FactorTable,
    top: &Location,
    issues: &mut Vec<DataIssue>,
) {
    for (j, size) in sizes.entries.iter().enumerate() {
        let missing: Vec<&str> = bands
            .bands
            .iter()
            .zip(grid)
            .filter(|(_, row)| row[j].is_none())
            .map(|(b, _)| b.level.as_str())
            .collect();
        if !missing.is_empty() {
            let s = if missing.len() == 1 { "" } else { "s" };
            let message = format!(
                "no row for company size `{}` at level{s} {}: --total needs one per level and size",
                size.key,
                missing.join(", ")
            );
            issue(issues, top.clone(), message);
        }
    }
}

/// The data file a misnamed one was meant to be (`locations.toml`, `Industry.TOML`): two
/// edits at most, so an unrelated file gets no far-fetched suggestion.
fn close_file_name(name: &str, known: &[&str]) -> Option<String> {
    let name = name.to_lowercase();
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&name, k), *k))
        .min()
        .filter(|(d, _)| *d <= 2)
        .map(|(_, k)| k.to_string())
}

fn did_you_mean(suggestion: Option<String>) -> String {
    suggestion.map_or_else(String::new, |s| format!(": did you mean `{s}`?"))
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
                format!("equity must be a number (yearly equity / base) or \"options\", not {other}"),
            );
            return None;
        }
    };
    if !share.is_finite() {
        issue(issues, at, format!("equity must be a finite number, not {share}"));
        return None;
    }
    if !(0.0..=10.0).contains(&share) {
        issue(
            issues,
            at,
            format!("equity {share} is outside [0, 10] (yearly equity / base: 0.28 is 28% of base)"),
        );
        return None;
    }
    Some(Equity::Share(share))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_tables_load_and_are_valid() {
        let t = load_embedded().unwrap_or_else(|e| panic!("built-in data is invalid:\n{e}"));
        assert_eq!(t.bands.bands.len(), 3);
        for f in Factor::ALL {
            assert_eq!(t.factor(f).default_entry().multiplier, 1.0, "{f}");
        }
    }

    fn with(name: &str, text: &str) -> Vec<DataFile> {
        let mut files = DataFile::embedded();
        files.push(DataFile { name: name.into(), origin: format!("user/{name}"), text: text.into() });
        files
    }

    fn issues_of(files: &[DataFile]) -> Vec<String> {
        match load(files) {
            Ok(_) => vec![],
            Err(Error::Data { issues }) => issues.iter().map(ToString::to_string).collect(),
            Err(e) => panic!("unexpected error {e}"),
        }
    }

    const ZURICH2: &str = "[sources]\nX = \"x\"\n\n[[entry]]\nkey = \"zurich\"\nlabel = \"Zürich\"\nmultiplier = 2.0\nsource = \"X\"\nconfidence = \"low\"\ncountry = \"CH\"\ncurrency = \"CHF\"\n";

    #[test]
    fn overlay_replaces_same_key_and_adds_new_ones() {
        let t = load(&with("location.toml", ZURICH2)).unwrap();
        let loc = t.factor(Factor::Location);
        assert_eq!(loc.entries[loc.find("zurich").unwrap()].multiplier, 2.0);
        let added = ZURICH2.replace("zurich", "oslo");
        let t = load(&with("location.toml", &added)).unwrap();
        assert!(t.factor(Factor::Location).find("Oslo").is_some());
    }

    #[test]
    fn nan_inf_zero_negative_and_huge_multipliers_are_rejected_with_position() {
        for bad in ["nan", "inf", "-inf", "0.0", "-1.0", "10.5"] {
            let text = ZURICH2.replace("multiplier = 2.0", &format!("multiplier = {bad}"));
            let issues = issues_of(&with("location.toml", &text));
            assert_eq!(issues.len(), 1, "{bad}: {issues:?}");
            assert!(issues[0].starts_with("user/location.toml:7:14: "), "{bad}: {issues:?}");
        }
    }

    #[test]
    fn unknown_field_is_rejected() {
        let text = ZURICH2.replace("confidence", "colour = 1\nconfidence");
        let issues = issues_of(&with("location.toml", &text));
        assert_eq!(issues.len(), 1);
        assert!(issues[0].starts_with("user/location.toml:9:1: unknown field `colour`"), "{issues:?}");
    }

    #[test]
    fn duplicate_key_in_one_file_and_alias_across_entries() {
        let twice = format!("{ZURICH2}\n{}", ZURICH2.replace("[sources]\nX = \"x\"\n", ""));
        let issues = issues_of(&with("location.toml", &twice));
        assert!(issues.iter().any(|i| i.contains("duplicate key `zurich`")), "{issues:?}");

        let clash =
            ZURICH2.replace("zurich", "oslo").replace("label", "aliases = [\"San Francisco\"]\nlabel");
        let issues = issues_of(&with("location.toml", &clash));
        assert!(
            issues
                .iter()
                .any(|i| i.contains("duplicate alias `San Francisco` of `oslo`: already a name of `sf`")),
            "{issues:?}"
        );
    }

    #[test]
    fn missing_source_and_undefined_source_key() {
        let issues = issues_of(&with("location.toml", &ZURICH2.replace("source = \"X\"\n", "")));
        assert!(issues.iter().any(|i| i.contains("missing field `source`")), "{issues:?}");
        let issues = issues_of(&with("location.toml", &ZURICH2.replace("source = \"X\"", "source = \"Q\"")));
        assert!(issues.iter().any(|i| i.contains("source `Q` is not defined")), "{issues:?}");
    }

    #[test]
    fn default_must_be_an_entry() {
        let issues = issues_of(&with("education.toml", "default = \"bootcamp-only\"\n"));
        assert!(issues.iter().any(|i| i.contains("default `bootcamp-only` is not an entry")), "{issues:?}");
    }

    const BANDS: &str = "as_of = \"2024\"\n[sources]\nA = \"a\"\n\n[[band]]\nlevel = \"entry\"\nlabel = \"E\"\nfrom_years = 0.0\nto_years = 2.0\nlow = 90000\nhigh = 120000\nsource = \"A\"\nconfidence = \"low\"\n\n[[band]]\nlevel = \"mid\"\nlabel = \"M\"\nfrom_years = 3.0\nto_years = 60.0\nlow = 120000\nhigh = 160000\nsource = \"A\"\nconfidence = \"low\"\n";

    #[test]
    fn bands_overlap_order_and_low_high_are_checked() {
        assert!(issues_of(&with("bands.toml", BANDS)).is_empty());
        let overlap = BANDS.replace("from_years = 3.0", "from_years = 1.5");
        assert!(issues_of(&with("bands.toml", &overlap)).iter().any(|i| i.contains("overlaps `entry`")));
        let order = BANDS.replace("from_years = 3.0\nto_years = 60.0", "from_years = -0.0\nto_years = 0.0");
        let order = order.replace("from_years = 0.0\nto_years = 2.0", "from_years = 1.0\nto_years = 2.0");
        assert!(
            issues_of(&with("bands.toml", &order)).iter().any(|i| i.contains("out of order")),
            "{:?}",
            issues_of(&with("bands.toml", &order))
        );
        let inverted = BANDS.replace("low = 90000", "low = 130000");
        let issues = issues_of(&with("bands.toml", &inverted));
        assert!(
            issues.iter().any(|i| i.starts_with("user/bands.toml:10:7: band `entry`: low 130000")),
            "{issues:?}"
        );
    }

    #[test]
    fn shipped_rates_cover_every_location_and_pay_covers_every_level_and_size() {
        let t = load_embedded().unwrap();
        assert_eq!(t.currencies.find("usd").map(|c| c.per_usd), Some(1.0));
        for e in &t.factor(Factor::Location).entries {
            let code = e.currency.as_deref().unwrap();
            assert!(t.currencies.find(code).is_some(), "{} pays in {code}", e.key);
        }
        let sizes = t.factor(Factor::CompanySize);
        assert_eq!(t.compensation.grid.len(), t.bands.bands.len());
        for (band, row) in t.bands.bands.iter().zip(&t.compensation.grid) {
            assert_eq!(row.len(), sizes.entries.len());
            for (size, cell) in sizes.entries.iter().zip(row) {
                assert_eq!((&cell.level, &cell.company_size), (&band.level, &size.key));
            }
        }
        let startup = sizes.find("startup").unwrap();
        assert!(t.compensation.grid.iter().all(|row| row[startup].equity == Equity::Options));
    }

    const RATES: &str = "as_of = \"2026-01-02\"\nsource = \"S23\"\n\n[[entry]]\ncode = \"gbp\"\nname = \"pound\"\nper_usd = 0.75\n";

    #[test]
    fn a_rates_overlay_replaces_one_currency_and_dates_it_alone() {
        let t = load(&with("currencies.toml", RATES)).unwrap();
        let gbp = t.currencies.find("GBP").unwrap();
        assert_eq!((gbp.per_usd, gbp.as_of.as_str(), gbp.code.as_str()), (0.75, "2026-01-02", "GBP"));
        assert_eq!(t.currencies.find("EUR").unwrap().as_of, "2024-06-28");
        assert_eq!(t.currencies.entries.len(), load_embedded().unwrap().currencies.entries.len());
    }

    #[test]
    fn rates_must_be_dated_positive_unique_and_usd_is_one() {
        let cases = [
            (
                RATES.replace("2026-01-02", "2026-02-30"),
                "user/currencies.toml:1:9: as_of `2026-02-30` is not a date",
            ),
            (RATES.replace("as_of = \"2026-01-02\"\n", ""), "user/currencies.toml:1:1: missing `as_of`"),
            (
                RATES.replace("0.75", "-inf"),
                "user/currencies.toml:7:11: per_usd must be a finite number, not -inf",
            ),
            (RATES.replace("gbp", "usd"), "user/currencies.toml:7:11: per_usd of USD must be 1, not 0.75"),
            (
                RATES.replace("gbp", "pounds"),
                "user/currencies.toml:5:8: currency code `pounds` must be three letters",
            ),
        ];
        for (text, want) in cases {
            let issues = issues_of(&with("currencies.toml", &text));
            assert_eq!(issues.len(), 1, "{want}: {issues:?}");
            assert!(issues[0].starts_with(want), "{issues:?}");
        }
    }

    const PAY_ROW: &str = "[[entry]]\nlevel = \"staff\"\ncompany_size = \"any\"\nbonus_pct = 15\nequity = 1.0\nsource = \"S17\"\nconfidence = \"low\"\n";

    #[test]
    fn a_new_band_needs_pay_rows_for_every_size() {
        let staff = format!(
            "{}\n[[band]]\nlevel = \"staff\"\nlabel = \"S\"\nfrom_years = 6.0\nto_years = 60.0\nlow = 200000\nhigh = 260000\nsource = \"A\"\nconfidence = \"low\"\n",
            BANDS.replace("to_years = 60.0", "to_years = 5.0")
        );
        let mut files = with("bands.toml", &staff);
        files.push(DataFile {
            name: "compensation.toml".into(),
            origin: "user/compensation.toml".into(),
            text: PAY_ROW.into(),
        });
        let issues = issues_of(&files);
        assert_eq!(
            issues,
            [
                "user/compensation.toml:1:1: no row for company size `startup` at level staff: --total needs one per level and size",
                "user/compensation.toml:1:1: no row for company size `small` at level staff: --total needs one per level and size",
                "user/compensation.toml:1:1: no row for company size `midsize` at level staff: --total needs one per level and size",
                "user/compensation.toml:1:1: no row for company size `large` at level staff: --total needs one per level and size",
                "user/compensation.toml:1:1: no row for company size `big-tech` at level staff: --total needs one per level and size",
            ]
        );
    }

    #[test]
    fn pay_rows_replace_by_level_and_size_aliases_included() {
        let row = PAY_ROW.replace("staff", "mid").replace("\"any\"", "\"Big Tech\"");
        let t = load(&with("compensation.toml", &row)).unwrap();
        let (mid, big) =
            (t.bands.find("mid").unwrap(), t.factor(Factor::CompanySize).find("big-tech").unwrap());
        let cell = t.compensation.row(mid, big);
        assert_eq!((cell.bonus_pct, cell.equity), (15.0, Equity::Share(1.0)));
        let issues = issues_of(&with("compensation.toml", &row.replace("Big Tech", "gigantic")));
        assert_eq!(issues.len(), 1, "{issues:?}");
        assert!(
            issues[0].starts_with("user/compensation.toml:3:16: unknown company size `gigantic`"),
            "{issues:?}"
        );
    }

    #[test]
    fn positions_from_the_line_index_match_a_rescan() {
        let file = DataFile { name: "x.toml".into(), origin: "x".into(), text: "a\nbé c\n\nd".into() };
        let p = Parsed { file: &file, raw: (), line_starts: line_starts(&file.text) };
        for offset in 0..=file.text.len() {
            if file.text.is_char_boundary(offset) {
                assert_eq!(p.at(offset..offset), locate(&file, offset), "{offset}");
            }
        }
    }

    #[test]
    fn bands_must_cover_every_accepted_year() {
        let late = BANDS.replacen("from_years = 0.0", "from_years = 1.0", 1);
        let issues = issues_of(&with("bands.toml", &late));
        assert_eq!(
            issues,
            ["user/bands.toml:8:14: the first band `entry` starts at 1 years: the bands must start at 0"]
        );
        let short = BANDS.replace("to_years = 60.0", "to_years = 5.0");
        let issues = issues_of(&with("bands.toml", &short));
        assert_eq!(
            issues,
            [
                "user/bands.toml:19:12: the last band `mid` ends at 5 years: the bands must reach 60 (the most --years accepts)"
            ]
        );
    }

    #[test]
    fn malformed_toml_keeps_line_and_column() {
        let issues = issues_of(&with("industry.toml", "[[entry]\nkey = 1\n"));
        assert_eq!(issues.len(), 1);
        assert!(issues[0].starts_with("user/industry.toml:1:"), "{issues:?}");
    }
}
