//! The data loader: TOML in, validated [`Tables`] out.
//!
//! The shipped tables are embedded in the binary so `mlsal` works from any folder. A user
//! directory may overlay them file by file and entry by entry (same key replaces, a new key
//! adds; a user `bands.toml` replaces the bands). Everything is validated once, here, after
//! merging, and every problem is reported with its file, line and column; the rest of the
//! program only sees typed tables.
//!
//! One file per kind of table, each read through [`overlay::Overlay`]; [`raw`] holds the TOML
//! shapes and [`diag`] the positions and the checks every table shares.

use std::collections::BTreeMap;

use crate::error::{DataIssue, Error, Location};
use crate::tables::{Factor, Tables};

mod bands;
mod bounds;
mod compensation;
mod currencies;
mod diag;
mod factor;
mod market;
pub mod matrix;
mod overlay;
mod raw;
#[cfg(test)]
mod tests;
mod wages;

use self::diag::issue;

/// The shipped tables: file name and contents.
pub const EMBEDDED: &[(&str, &str)] = &[
    ("bands.toml", include_str!("../../data/bands.toml")),
    ("model.toml", include_str!("../../data/model.toml")),
    ("location.toml", include_str!("../../data/location.toml")),
    ("education.toml", include_str!("../../data/education.toml")),
    ("specialization.toml", include_str!("../../data/specialization.toml")),
    ("industry.toml", include_str!("../../data/industry.toml")),
    ("company_size.toml", include_str!("../../data/company_size.toml")),
    ("currencies.toml", include_str!("../../data/currencies.toml")),
    ("compensation.toml", include_str!("../../data/compensation.toml")),
    ("wages.toml", include_str!("../../data/wages.toml")),
    ("market.toml", include_str!("../../data/market.toml")),
];

/// How the built-in tables are named in diagnostics.
pub(crate) const EMBEDDED_ORIGIN: &str = "<built-in>";

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
    let bands = bands::build_bands(named("bands.toml"), &mut sources, issues);
    let bounds = bounds::build_bounds(named("model.toml"), &mut sources, issues);
    let factors = Factor::ALL.map(|factor| {
        factor::build_factor(factor, named(factor.file()), &mut sources, &mut currency_refs, issues)
    });
    let currencies = currencies::build_currencies(named("currencies.toml"), &mut sources, issues);
    let sizes = factors[Factor::CompanySize.index()].as_ref();
    let compensation = compensation::build_compensation(
        named("compensation.toml"),
        bands.as_ref(),
        sizes,
        &mut sources,
        issues,
    );
    let bands = bands.map(|(b, _)| b);
    let factors = factors.map(|f| f.map(|(t, _)| t));
    let wages = wages::build_wages(named("wages.toml"), &mut sources, issues);
    let locations = factors[Factor::Location.index()].as_ref();
    let market =
        market::build_market(named("market.toml"), locations, currencies.as_ref(), &mut sources, issues);
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
        sources: sources.into_iter().map(|(k, v): (String, String)| (k.into(), v.into())).collect(),
        currencies: currencies?,
        compensation: compensation?,
        wages: wages?,
        market: crate::tables::market::LazyMarket::ready(market?),
        edges: std::sync::OnceLock::new(),
        data: "builtin".into(),
    })
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

pub(super) fn did_you_mean(suggestion: Option<String>) -> String {
    suggestion.map_or_else(String::new, |s| format!(": did you mean `{s}`?"))
}
