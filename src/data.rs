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
use crate::tables::{Band, Bands, Bounds, Confidence, Entry, Factor, FactorTable, Tables, fold};

/// The shipped tables: file name and contents.
pub const EMBEDDED: &[(&str, &str)] = &[
    ("bands.toml", include_str!("../data/bands.toml")),
    ("model.toml", include_str!("../data/model.toml")),
    ("location.toml", include_str!("../data/location.toml")),
    ("education.toml", include_str!("../data/education.toml")),
    ("specialization.toml", include_str!("../data/specialization.toml")),
    ("industry.toml", include_str!("../data/industry.toml")),
    ("company_size.toml", include_str!("../data/company_size.toml")),
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
                format!("unknown data file `{}` (expected one of: {})", f.name, known.join(", ")),
            );
        }
    }
    let named = |name: &'static str| files.iter().filter(move |f| f.name == name);

    let mut sources = BTreeMap::new();
    let bands = build_bands(named("bands.toml"), &mut sources, issues);
    let bounds = build_bounds(named("model.toml"), &mut sources, issues);
    let factors = Factor::ALL.map(|factor| build_factor(factor, named(factor.file()), &mut sources, issues));

    let [Some(a), Some(b), Some(c), Some(d), Some(e)] = factors else {
        return None;
    };
    Some(Tables { bands: bands?, bounds: bounds?, factors: [a, b, c, d, e], sources })
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
}

fn build_factor<'a>(
    factor: Factor,
    files: impl Iterator<Item = &'a DataFile>,
    all_sources: &mut BTreeMap<String, String>,
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
                    format!("`{name}` is already a name of `{owner}`: duplicate alias"),
                ),
                None => {
                    seen.insert(folded, &e.entry.key);
                }
            }
        }
        check_source(&e.source, e.source_at.clone(), &sources, issues);
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
        assert!(issues.iter().any(|i| i.contains("`San Francisco` is already a name of `sf`")), "{issues:?}");
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

    const BANDS: &str = "as_of = \"2024\"\n[sources]\nA = \"a\"\n\n[[band]]\nlevel = \"entry\"\nlabel = \"E\"\nfrom_years = 0.0\nto_years = 2.0\nlow = 90000\nhigh = 120000\nsource = \"A\"\nconfidence = \"low\"\n\n[[band]]\nlevel = \"mid\"\nlabel = \"M\"\nfrom_years = 3.0\nto_years = 5.0\nlow = 120000\nhigh = 160000\nsource = \"A\"\nconfidence = \"low\"\n";

    #[test]
    fn bands_overlap_order_and_low_high_are_checked() {
        assert!(issues_of(&with("bands.toml", BANDS)).is_empty());
        let overlap = BANDS.replace("from_years = 3.0", "from_years = 1.5");
        assert!(issues_of(&with("bands.toml", &overlap)).iter().any(|i| i.contains("overlaps `entry`")));
        let order = BANDS.replace("from_years = 3.0\nto_years = 5.0", "from_years = -0.0\nto_years = 0.0");
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
    fn malformed_toml_keeps_line_and_column() {
        let issues = issues_of(&with("industry.toml", "[[entry]\nkey = 1\n"));
        assert_eq!(issues.len(), 1);
        assert!(issues[0].starts_with("user/industry.toml:1:"), "{issues:?}");
    }
}
