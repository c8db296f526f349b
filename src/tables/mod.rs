//! The typed, validated tables the model runs on.
//!
//! Nothing here knows about TOML or files: `data` builds these once, after validation, and
//! everything else only reads them. Lookups are forgiving (case, spaces, `-` and `_` are
//! folded, aliases count) because people type `San Francisco`, `SF` and `bay_area`.

use std::borrow::Cow;
use std::fmt;

use crate::error::{Error, NotCovered, TwoPlaces};
use crate::names::places::{self, Region};
use crate::names::{fold, folds_to, nearest};
pub(crate) use column::Column;
use currency::Date;

/// Text in a table: borrowed for the tables compiled into the binary (no allocation at
/// start-up, see `build.rs`), owned for tables read from the user's TOML files.
pub(crate) type Text = Cow<'static, str>;

/// A list in a table, borrowed or owned as [`Text`] is: the compiled-in tables are one
/// `static`, built by the compiler rather than at start-up.
pub(crate) type List<T> = Cow<'static, [T]>;

pub(crate) mod column;
pub mod currency;
pub mod market;
pub mod matrix;
pub mod pay;
pub(crate) mod wages;

/// The largest band amount a table may hold, US dollars a year: far above any salary band.
/// With the other bounds (multipliers at most 10, at most 1,000,000 units of a currency per
/// dollar, a bonus of at most 100% and equity of at most 10x base) it keeps every amount mlsal
/// computes under 1.2e15, below 2^53: whole numbers stay exact in `f64` and fit an `i64`.
pub(crate) const MAX_BAND_USD: f64 = 10_000_000.0;

/// The range of an exchange rate, units per US dollar: the strongest currency buys about 0.3
/// per dollar (KWD) and the weakest in use tens of thousands (VND, IRR).
pub(crate) const RATE_RANGE: (f64, f64) = (0.000_1, 1_000_000.0);

/// The largest number of years accepted: a career, not a typo. The bands must reach it.
pub(crate) const MAX_YEARS: f64 = 60.0;

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
    /// How many factors there are: the length of every per-factor array.
    pub const COUNT: usize = Factor::ALL.len();

    /// The name used in data files, JSON and batch columns (`company_size`).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Factor::Location => "location",
            Factor::Education => "education",
            Factor::Specialization => "specialization",
            Factor::Industry => "industry",
            Factor::CompanySize => "company_size",
        }
    }

    /// The table's name in messages and listings (`mlsal list company_size`): one spelling,
    /// [`Factor::name`]'s; `company-size` is still read ([`Factor::parse`]), and the flag is
    /// `--company-size`.
    pub(crate) fn cli_name(self) -> &'static str {
        self.name()
    }

    /// The flag that sets this factor.
    pub(crate) fn flag(self) -> &'static str {
        match self {
            Factor::Location => "--city",
            Factor::Education => "--education",
            Factor::Specialization => "--specialization",
            Factor::Industry => "--industry",
            Factor::CompanySize => "--company-size",
        }
    }

    /// The data file that holds this factor's table.
    pub(crate) fn file(self) -> &'static str {
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
    pub(crate) fn parse(s: &str) -> Option<Factor> {
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
/// claim. Shown beside every multiplier so nobody mistakes a guess for a statistic. Ordered
/// from most to least trusted, so the `max` of several is the weakest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Confidence {
    High,
    Medium,
    Low,
}

impl Confidence {
    pub(crate) fn as_str(self) -> &'static str {
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
    pub key: Text,
    pub label: Text,
    pub aliases: List<Text>,
    pub multiplier: f64,
    pub source: Text,
    pub(crate) confidence: Confidence,
    pub note: Option<Text>,
    /// Location rows only: ISO 3166 country code.
    pub country: Option<Text>,
    /// Location rows only: ISO 4217 currency code of the place.
    pub currency: Option<Text>,
    /// US metros only: the BLS area (CBSA) code.
    pub area_code: Option<Text>,
}

impl Entry {
    /// The US states of a US place, from its label (`Portland-Vancouver-Hillsboro, OR-WA`: the
    /// BLS area title); none for a place elsewhere or a label without them.
    pub(crate) fn states(&self) -> impl Iterator<Item = &str> {
        let us = self.country.as_deref() == Some("US");
        let codes = self.label.rsplit_once(", ").filter(|_| us).map_or("", |(_, s)| s);
        let codes = if codes.split('-').all(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase())) {
            codes
        } else {
            ""
        };
        codes.split('-').filter(|c| !c.is_empty())
    }

    /// Whether the place is in `region`: a state of its label, or its country.
    pub(crate) fn is_in(&self, region: Region) -> bool {
        match region {
            Region::State(code) => self.states().any(|s| s == code),
            Region::Country(code) => self.country.as_deref() == Some(code),
        }
    }

    /// The names a city given with its state or country (`durham nc`) may match: the key, the
    /// aliases and the principal cities of the label (`Portland`, `Vancouver`, `Hillsboro`).
    pub(crate) fn cities(&self) -> impl Iterator<Item = &str> {
        let label = self.label.rsplit_once(", ").map_or(self.label.as_ref(), |(cities, _)| cities);
        std::iter::once(self.key.as_ref())
            .chain(self.aliases.iter().map(|a| a.as_ref()))
            .chain(label.split(['-', '/']).map(str::trim).filter(|c| !c.is_empty()))
    }
}

/// `Vancouver` for `vancouver`: each word with a capital, for a message.
fn city_name(value: &str) -> String {
    value
        .split(places::is_space)
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next().map_or_else(String::new, |f| {
                f.to_uppercase().chain(c.flat_map(char::to_lowercase)).collect()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn state_code(region: Region) -> &'static str {
    match region {
        Region::State(code) | Region::Country(code) => code,
    }
}

/// One factor's table: its entries and which one is neutral.
#[derive(Clone, Debug)]
pub struct FactorTable {
    pub factor: Factor,
    pub as_of: Text,
    pub entries: List<Entry>,
    default: usize,
    /// Names of more than one entry, as typed in the data, with the entries they could mean.
    pub ambiguous: List<(Text, List<usize>)>,
}

impl FactorTable {
    /// Builds a table; `data` has already checked that names are unique, the default exists
    /// and no ambiguous name is the name of an entry.
    pub(crate) const fn new(
        factor: Factor,
        as_of: Text,
        entries: List<Entry>,
        default: usize,
        ambiguous: List<(Text, List<usize>)>,
    ) -> Self {
        FactorTable { factor, as_of, entries, default, ambiguous }
    }

    pub fn default_index(&self) -> usize {
        self.default
    }

    pub(crate) fn default_entry(&self) -> &Entry {
        &self.entries[self.default]
    }

    /// Looks a value up by key or alias, folding case, spaces, `-` and `_`.
    pub fn find(&self, value: &str) -> Option<usize> {
        // A key as typed needs no index: keys are lower case already, so folding keeps their
        // meaning (`san-jose` is `sanjose`, the same entry).
        if let Some(i) = self.entries.iter().position(|e| e.key == value) {
            return Some(i);
        }
        // Else one pass over every name, folded as it is read: a few hundred short names cost
        // less than building an index of them would, and batch remembers each value it met.
        let folded = fold(value);
        let by_name = |folded: &str| {
            self.entries
                .iter()
                .position(|e| folds_to(&e.key, folded) || e.aliases.iter().any(|a| folds_to(a, folded)))
        };
        // `München`: `munchen`, else as German spells it out, `muenchen`.
        let found = by_name(&folded).or_else(|| by_name(&fold(&crate::names::umlauts_spelt_out(value)?)));
        if found.is_some() || self.factor != Factor::Location {
            return found;
        }
        // `Portland, OR`, `durham nc`: a city of a place in the state or country given; or a
        // name of several places (`concord`) of which one is there (`concord ca`: sf). A code
        // that is a state's and a country's (`DE`, `CA`, `IN`, `IL`) is the state where the
        // city is American, else the country (`Berlin, DE`, `Toronto, CA`).
        places::split_place(value)
            .into_iter()
            .chain(places::split_country_code(value))
            .find_map(|(city, region)| self.find_in(city, region))
    }

    /// A city (as typed) of a place in `region`, or of the one place in it a name of several
    /// (`concord`) could mean.
    fn find_in(&self, city: &str, region: Region) -> Option<usize> {
        let city = fold(city);
        let found =
            self.entries.iter().position(|e| e.is_in(region) && e.cities().any(|n| folds_to(n, &city)));
        found.or_else(|| {
            let (_, options) = self.ambiguous.iter().find(|(name, _)| folds_to(name, &city))?;
            let mut there = options.iter().filter(|&&i| self.entries[i].is_in(region));
            there.next().filter(|_| there.next().is_none()).copied()
        })
    }

    /// Like [`find`](Self::find), but a miss becomes an error: naming every entry a name of
    /// several could mean (`arlington`), else the nearest key.
    pub(crate) fn resolve(&self, value: &str) -> Result<usize, Error> {
        if let Some(i) = self.find(value) {
            return Ok(i);
        }
        let folded = fold(value);
        if let Some((_, options)) = self.ambiguous.iter().find(|(name, _)| folds_to(name, &folded)) {
            return Err(Error::Ambiguous {
                what: self.factor.cli_name(),
                value: value.to_string(),
                options: options
                    .iter()
                    .map(|&i| (self.entries[i].key.to_string(), self.entries[i].label.to_string()))
                    .collect(),
            });
        }
        let choices = format!("all choices: `mlsal list {}`", self.factor.cli_name());
        if self.factor == Factor::Location {
            if let Some(e) = self.abroad(value, &folded) {
                return Err(e);
            }
            let region_only =
                places::region(value).filter(|_| !value.trim_matches(places::is_space).is_empty());
            let placed = places::split_place(value).or_else(|| places::split_country_code(value));
            if let Some((city, region)) = placed.or_else(|| region_only.map(|r| ("", r))) {
                // A name of several places, more than one of them there (`research triangle nc`).
                let folded_city = fold(city);
                let there: Vec<usize> = self
                    .ambiguous
                    .iter()
                    .find(|(name, _)| folds_to(name, &folded_city))
                    .map(|(_, options)| {
                        options.iter().copied().filter(|&i| self.entries[i].is_in(region)).collect()
                    })
                    .unwrap_or_default();
                if there.len() > 1 {
                    return Err(Error::Ambiguous {
                        what: self.factor.cli_name(),
                        value: value.to_string(),
                        options: there
                            .iter()
                            .map(|&i| (self.entries[i].key.to_string(), self.entries[i].label.to_string()))
                            .collect(),
                    });
                }
                let here = || self.entries.iter().filter(move |e| e.is_in(region));
                let names = here().flat_map(|e| {
                    std::iter::once((e.key.as_ref(), e.key.as_ref()))
                        .chain(e.aliases.iter().map(move |a| (a.as_ref(), e.key.as_ref())))
                });
                return Err(Error::NotCovered(Box::new(NotCovered {
                    what: self.factor.cli_name(),
                    value: value.to_string(),
                    region: region.name(),
                    suggestion: Some(city).filter(|c| !c.is_empty()).and_then(|c| nearest(c, names)),
                    covered: here().map(|e| e.key.to_string()).collect(),
                    choices,
                    region_only: region_only.is_some(),
                })));
            }
        }
        // A well-known city that no entry covers (`São Paulo`) says so, and where it is.
        if self.factor == Factor::Location
            && let Some(region) = places::known_city(&folded)
        {
            return Err(Error::NotCovered(Box::new(NotCovered {
                what: self.factor.cli_name(),
                value: value.to_string(),
                region: region.name(),
                suggestion: None,
                covered: self.entries.iter().filter(|e| e.is_in(region)).map(|e| e.key.to_string()).collect(),
                choices,
                region_only: false,
            })));
        }
        // A place somewhere mlsal cannot tell (`San Jose, Atlantis`) gets no suggestion: one
        // could be in another country.
        let elsewhere = self.factor == Factor::Location && places::unknown_region(value).is_some();
        Err(Error::UnknownValue {
            what: self.factor.cli_name(),
            value: value.to_string(),
            suggestion: nearest(
                if elsewhere { "" } else { value },
                self.entries.iter().flat_map(|e| {
                    std::iter::once((e.key.as_ref(), e.key.as_ref()))
                        .chain(e.aliases.iter().map(move |a| (a.as_ref(), e.key.as_ref())))
                }),
            ),
            choices,
        })
    }

    /// A bare name (`vancouver`) of a well-known city abroad that is also a US city this
    /// table covers under a state form (`vancouver wa`): an error naming both readings.
    fn abroad(&self, value: &str, folded: &str) -> Option<Error> {
        let elsewhere = places::abroad(folded)?;
        self.entries.iter().find_map(|e| {
            let alias = e.aliases.iter().find(|a| {
                places::split_region(a).is_some_and(|(city, r)| {
                    matches!(r, Region::State(_)) && e.is_in(r) && folds_to(city, folded)
                })
            })?;
            let (_, state) = places::split_region(alias)?;
            Some(Error::TwoPlaces(Box::new(TwoPlaces {
                what: self.factor.cli_name(),
                value: value.to_string(),
                here: format!("{}, {}", city_name(value), state_code(state)),
                key: e.key.to_string(),
                label: e.label.to_string(),
                pick: alias.to_string(),
                elsewhere,
            })))
        })
    }
}

/// A level of the article: its years, base band and whether its top is open ("$200,000+").
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    pub level: Text,
    pub label: Text,
    pub from_years: f64,
    pub to_years: f64,
    pub low: f64,
    /// The band's middle when it is not halfway from `low` to `high`: a market band's is the
    /// survey's median, since pay is skewed. `None`: halfway (the article's bands).
    pub mid: Option<f64>,
    pub high: f64,
    pub open_ended: bool,
    pub source: Text,
    pub(crate) confidence: Confidence,
    pub note: Option<Text>,
}

/// The bands in order of years; `data` guarantees order, no overlap and `low <= high`.
#[derive(Clone, Debug)]
pub struct Bands {
    pub as_of: Text,
    pub bands: List<Band>,
    /// Where the bands' pay comes from: the article (as loaded) or the survey (`--bands market`).
    pub(crate) basis: market::Basis,
    /// Under market bands, the countries with survey cells of their own: their bands come from
    /// those cells, not from the US cells moved by a location factor (empty for the article's).
    pub(crate) abroad: List<CountryBands>,
}

/// One country's own market bands: per level of [`Bands::bands`], the band of the country's
/// survey cell (US dollars at the tables' rate), or `None` where it has no cell of that level.
#[derive(Clone, Debug)]
pub struct CountryBands {
    /// ISO 3166-1 alpha-2, as location entries' `country`.
    pub country: Text,
    pub bands: List<Option<Band>>,
}

impl Band {
    /// The band's middle: [`Band::mid`], else halfway from low to high.
    pub(crate) fn middle(&self) -> f64 {
        self.mid.unwrap_or((self.low + self.high) / 2.0)
    }
}

impl Bands {
    /// Band `i` for a location in `country`: the country's own (market) band where it has one,
    /// with `true`, else the shared band, with `false`.
    pub(crate) fn for_country(&self, country: Option<&str>, i: usize) -> (&Band, bool) {
        let own = country
            .and_then(|c| self.abroad.iter().find(|b| *b.country == *c))
            .and_then(|b| b.bands.get(i)?.as_ref());
        match own {
            Some(b) => (b, true),
            None => (&self.bands[i], false),
        }
    }

    /// The year the bands' pay is for (`as_of = "2024"`): what `--as-of` moves it from.
    /// `data` checks that `as_of` starts with a year.
    pub(crate) fn pay_year(&self) -> i32 {
        year_of(&self.as_of).unwrap_or_default()
    }

    pub fn find(&self, level: &str) -> Option<usize> {
        let folded = fold(level);
        self.bands.iter().position(|b| fold(&b.level) == folded)
    }

    /// Like [`find`](Self::find), but a miss becomes an error naming the nearest level.
    pub(crate) fn resolve(&self, level: &str) -> Result<usize, Error> {
        self.find(level).ok_or_else(|| Error::UnknownValue {
            what: "level",
            value: level.to_string(),
            suggestion: nearest(level, self.bands.iter().map(|b| (b.level.as_ref(), b.level.as_ref()))),
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
    pub(crate) factors: [FactorTable; Factor::COUNT],
    /// Source keys (`S1`) to their full citations, from every file, sorted by key.
    pub(crate) sources: List<(Text, Text)>,
    /// Exchange rates for `--currency`.
    pub currencies: currency::Currencies,
    /// Bonus and equity by level and company size, for `--total`.
    pub compensation: pay::Compensation,
    /// Yearly wage growth, for `--as-of`.
    pub wages: wages::Wages,
    /// Real pay (survey and BLS percentiles), for `mlsal market`, offers and `--bands market`.
    pub market: market::LazyMarket,
    /// How far the non-location factors may lift each band, per specialization (`model::edge`
    /// computes it on first need, from the bands and the survey; empty until then, and again
    /// whenever the bands are replaced).
    pub(crate) edges: std::sync::OnceLock<Edges>,
    /// Which tables these are, as every JSON record's `data` field says: `builtin`, or the
    /// directory of the user's tables laid over them (`--data`, `MLSAL_DATA`, the
    /// configuration directory).
    pub data: Text,
}

/// The edge of the data: for each specialization entry (in table order) and each band, the
/// most the product of the non-location factors may be, the survey's US p90 of the level
/// (location-neutral) over the band's mid, at least 1; with the title group it was read from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Edges {
    pub(crate) by_spec: Vec<(Text, Vec<f64>)>,
}

impl Tables {
    pub fn factor(&self, factor: Factor) -> &FactorTable {
        &self.factors[factor.index()]
    }

    /// The citation of a source key (`S1`).
    #[cfg(test)]
    pub(crate) fn source(&self, key: &str) -> Option<&str> {
        let i = self.sources.binary_search_by(|(k, _)| k.as_ref().cmp(key)).ok()?;
        Some(&self.sources[i].1)
    }

    /// Adds (or replaces) a source, keeping the list sorted by key.
    pub(crate) fn add_source(&mut self, key: Text, citation: Text) {
        let sources = self.sources.to_mut();
        match sources.binary_search_by(|(k, _)| k.cmp(&key)) {
            Ok(i) => sources[i].1 = citation,
            Err(i) => sources.insert(i, (key, citation)),
        }
    }

    /// Every dated table, in the order of `data/`. A table dated in parts is shown from its
    /// oldest date to its newest (`2025-01-19 to 2025-05`) and aged by the oldest: the
    /// exchange rates, rate by rate (an overlay may replace some), and the market table, whose
    /// survey and BLS parts have a date each.
    pub fn dates(&self) -> Vec<Dated> {
        let mut dates = vec![Dated::new("bands.toml", &self.bands.as_of)];
        dates.extend(Factor::ALL.map(|f| Dated::new(f.file(), &self.factor(f).as_of)));
        let rates = self.currencies.entries.iter().map(|c| c.as_of.as_ref());
        dates.push(Dated::spanning("currencies.toml", rates));
        dates.push(Dated::new("compensation.toml", &self.compensation.as_of));
        dates.push(Dated::new("wages.toml", &self.wages.as_of));
        let market = [self.market.survey.as_of.as_ref(), self.market.bls.as_of.as_ref()];
        dates.push(Dated::spanning("market.toml", market.into_iter()));
        dates
    }
}

/// How many years old a table may be before `mlsal data check` warns about it.
pub(crate) const OLD_YEARS: i64 = 3;

/// A table's date, as its file gives it, and the day its age counts from.
#[derive(Clone, Debug, PartialEq)]
pub struct Dated {
    pub file: &'static str,
    pub as_of: Text,
    /// The first day of the period `as_of` names (`2024` is 2024-01-01); `None` if it names
    /// none, which `data` does not let through.
    pub since: Option<Date>,
}

impl Dated {
    /// A table of one date.
    fn new(file: &'static str, as_of: &str) -> Dated {
        Dated { file, as_of: as_of.to_string().into(), since: Date::parse_period(as_of) }
    }

    /// A table dated in parts: from the oldest of `dates` to the newest when they differ,
    /// aged by the oldest. `as_of` dates (`2024`, `2025-07`, `2026-10-30`) sort as text in
    /// the order of the days they start on.
    fn spanning<'a>(file: &'static str, dates: impl Iterator<Item = &'a str> + Clone) -> Dated {
        let (oldest, newest) = (dates.clone().min().unwrap_or_default(), dates.max().unwrap_or_default());
        let mut dated = Dated::new(file, oldest);
        if oldest != newest {
            dated.as_of = format!("{oldest} to {newest}").into();
        }
        dated
    }

    /// The table's name without `.toml`: `company_size`.
    pub(crate) fn table(&self) -> &'static str {
        self.file.trim_end_matches(".toml")
    }

    /// How old the table is on `today`, in words (`2 years`), or `?` without a date.
    pub(crate) fn age(&self, today: Date) -> String {
        self.since.map_or_else(|| "?".to_string(), |d| d.age(today))
    }

    /// Whether the table is more than `years` years old on `today`.
    pub(crate) fn older_than(&self, years: i64, today: Date) -> bool {
        self.since.is_some_and(|d| d.over_years_before(years, today))
    }
}

/// The year an `as_of` starts with: 2025 for `2025`, `2025-07` and `2025-07-01`.
pub(crate) fn year_of(as_of: &str) -> Option<i32> {
    currency::Date::parse_period(as_of).and_then(|d| i32::try_from(d.year).ok())
}

/// `1234567` -> `1,234,567`: a count or amount as every output prints it (here, below the
/// model and the views, so both print it one way).
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
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
