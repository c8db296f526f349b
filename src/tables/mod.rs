//! The typed, validated tables the model runs on.
//!
//! Nothing here knows about TOML or files: `data` builds these once, after validation, and
//! everything else only reads them. Lookups are forgiving (case, spaces, `-` and `_` are
//! folded, aliases count) because people type `San Francisco`, `SF` and `bay_area`.

use std::collections::HashMap;
use std::fmt;

use crate::error::Error;
use crate::names::{fold, nearest};

pub mod currency;
pub mod market;
pub mod pay;

/// The largest number of years accepted: a career, not a typo. The bands must reach it.
pub const MAX_YEARS: f64 = 60.0;

/// The five factors that move pay, in the order the article names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Factor {
    Location,
    Education,
    Specialization,
    Industry,
    CompanySize,
}

impl Factor {
    pub const ALL: [Factor; 5] =
        [Factor::Location, Factor::Education, Factor::Specialization, Factor::Industry, Factor::CompanySize];

    /// The name used in data files, JSON and batch columns (`company_size`).
    pub fn name(self) -> &'static str {
        match self {
            Factor::Location => "location",
            Factor::Education => "education",
            Factor::Specialization => "specialization",
            Factor::Industry => "industry",
            Factor::CompanySize => "company_size",
        }
    }

    /// The name used on the command line (`mlsal list company-size`).
    pub fn cli_name(self) -> &'static str {
        match self {
            Factor::CompanySize => "company-size",
            other => other.name(),
        }
    }

    /// The flag that sets this factor.
    pub fn flag(self) -> &'static str {
        match self {
            Factor::Location => "--city",
            Factor::Education => "--education",
            Factor::Specialization => "--specialization",
            Factor::Industry => "--industry",
            Factor::CompanySize => "--company-size",
        }
    }

    /// The data file that holds this factor's table.
    pub fn file(self) -> &'static str {
        match self {
            Factor::Location => "location.toml",
            Factor::Education => "education.toml",
            Factor::Specialization => "specialization.toml",
            Factor::Industry => "industry.toml",
            Factor::CompanySize => "company_size.toml",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// Parses a factor name as typed by a person (`company-size`, `company_size`, `city`).
    pub fn parse(s: &str) -> Option<Factor> {
        match fold(s).as_str() {
            "location" | "city" => Some(Factor::Location),
            "education" => Some(Factor::Education),
            "specialization" | "specialisation" => Some(Factor::Specialization),
            "industry" => Some(Factor::Industry),
            "companysize" | "size" => Some(Factor::CompanySize),
            _ => None,
        }
    }
}

impl fmt::Display for Factor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How much a figure can be trusted: government data, a large survey, or little more than a
/// claim. Shown beside every multiplier so nobody mistakes a guess for a statistic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    High,
    Medium,
    Low,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::High => "high",
            Confidence::Medium => "medium",
            Confidence::Low => "low",
        }
    }
}

/// One row of a factor table.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: String,
    pub label: String,
    pub aliases: Vec<String>,
    pub multiplier: f64,
    pub source: String,
    pub confidence: Confidence,
    pub note: Option<String>,
    /// Location rows only: ISO 3166 country code.
    pub country: Option<String>,
    /// Location rows only: ISO 4217 currency code of the place.
    pub currency: Option<String>,
}

/// One factor's table: its entries, which one is neutral, and a folded-name index.
#[derive(Clone, Debug)]
pub struct FactorTable {
    pub factor: Factor,
    pub as_of: String,
    pub entries: Vec<Entry>,
    default: usize,
    index: HashMap<String, usize>,
}

impl FactorTable {
    /// Builds a table; `data` has already checked that names are unique and the default exists.
    pub fn new(factor: Factor, as_of: String, entries: Vec<Entry>, default: usize) -> Self {
        let mut index = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            index.insert(fold(&e.key), i);
            for a in &e.aliases {
                index.insert(fold(a), i);
            }
        }
        FactorTable { factor, as_of, entries, default, index }
    }

    pub fn default_index(&self) -> usize {
        self.default
    }

    pub fn default_entry(&self) -> &Entry {
        &self.entries[self.default]
    }

    /// Looks a value up by key or alias, folding case, spaces, `-` and `_`.
    pub fn find(&self, value: &str) -> Option<usize> {
        if let Some(&i) = self.index.get(value) {
            return Some(i);
        }
        self.index.get(&fold(value)).copied()
    }

    /// Like [`find`](Self::find), but a miss becomes an error naming the nearest key.
    pub fn resolve(&self, value: &str) -> Result<usize, Error> {
        self.find(value).ok_or_else(|| Error::UnknownValue {
            what: self.factor.cli_name(),
            value: value.to_string(),
            suggestion: nearest(
                value,
                self.entries.iter().flat_map(|e| {
                    std::iter::once((e.key.as_str(), e.key.as_str()))
                        .chain(e.aliases.iter().map(move |a| (a.as_str(), e.key.as_str())))
                }),
            ),
            choices: format!("all choices: `mlsal list {}`", self.factor.cli_name()),
        })
    }
}

/// A level of the article: its years, base band and whether its top is open ("$200,000+").
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    pub level: String,
    pub label: String,
    pub from_years: f64,
    pub to_years: f64,
    pub low: f64,
    pub high: f64,
    pub open_ended: bool,
    pub source: String,
    pub confidence: Confidence,
    pub note: Option<String>,
}

/// The bands in order of years; `data` guarantees order, no overlap and `low <= high`.
#[derive(Clone, Debug)]
pub struct Bands {
    pub as_of: String,
    pub bands: Vec<Band>,
    /// Where the bands' pay comes from: the article (as loaded) or the survey (`--bands market`).
    pub basis: market::Basis,
}

impl Bands {
    pub fn find(&self, level: &str) -> Option<usize> {
        let folded = fold(level);
        self.bands.iter().position(|b| fold(&b.level) == folded)
    }

    /// Like [`find`](Self::find), but a miss becomes an error naming the nearest level.
    pub fn resolve(&self, level: &str) -> Result<usize, Error> {
        self.find(level).ok_or_else(|| Error::UnknownValue {
            what: "level",
            value: level.to_string(),
            suggestion: nearest(level, self.bands.iter().map(|b| (b.level.as_str(), b.level.as_str()))),
            choices: "all choices: `mlsal list bands`".into(),
        })
    }
}

/// Bounds on the combined multiplier: marginal ratios overlap, so their raw product overstates
/// stacked profiles.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bounds {
    pub floor: f64,
    pub cap: f64,
}

/// Everything the model needs, validated.
#[derive(Clone, Debug)]
pub struct Tables {
    pub bands: Bands,
    pub bounds: Bounds,
    pub factors: [FactorTable; 5],
    /// Source keys (`S1`) to their full citations, from every file.
    pub sources: std::collections::BTreeMap<String, String>,
    /// Exchange rates for `--currency`.
    pub currencies: currency::Currencies,
    /// Bonus and equity by level and company size, for `--total`.
    pub compensation: pay::Compensation,
    /// Real pay (survey and BLS percentiles), for `mlsal market`, offers and `--bands market`.
    pub market: market::Market,
}

impl Tables {
    pub fn factor(&self, factor: Factor) -> &FactorTable {
        &self.factors[factor.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factor_parse_accepts_both_spellings() {
        assert_eq!(Factor::parse("company-size"), Some(Factor::CompanySize));
        assert_eq!(Factor::parse("company_size"), Some(Factor::CompanySize));
        assert_eq!(Factor::parse("City"), Some(Factor::Location));
        assert_eq!(Factor::parse("bands"), None);
    }
}
