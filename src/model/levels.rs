//! The approximate OEWS wage level (I-IV) of a pay, for an occupation (SOC code) in the area of
//! a US location, and the H-1B lottery entries it gives (DHS final rule of December 2025: a
//! registration at Level IV is entered 4 times, III 3, II 2, I once; below Level I, the wage
//! is under the lowest prevailing wage, and gives none). The thresholds are market.toml's
//! `[levels]`, May 2025 wages in US dollars: `--as-of` does not move them.

use crate::tables::market::LevelRow;
use crate::tables::{Entry, Tables};

/// The occupations with levels: SOC code, title and the names `--soc` reads besides the code.
pub(crate) const OCCUPATIONS: [(&str, &str, &[&str]); 3] = [
    (
        "15-1252",
        "Software Developers",
        &["software-developer", "software-developers", "software", "developer", "swe"],
    ),
    ("15-2051", "Data Scientists", &["data-scientist", "data-scientists", "data-science", "ds"]),
    (
        "15-1221",
        "Computer and Information Research Scientists",
        &["research-scientist", "research-scientists", "research", "cirs"],
    ),
];

/// The occupation an offer is levelled as unless `--soc` says otherwise: software developers.
pub(crate) const DEFAULT_SOC: &str = "15-1252";

/// The SOC code `name` means (a code or an alias, any case); `Err` names the choices.
pub(crate) fn parse_soc(name: &str) -> Result<&'static str, String> {
    let want = name.trim().to_ascii_lowercase().replace([' ', '_'], "-");
    OCCUPATIONS
        .iter()
        .find(|(code, _, aliases)| *code == want || aliases.contains(&want.as_str()))
        .map(|(code, ..)| *code)
        .ok_or_else(|| format!("expected one of: {}", choices()))
}

/// `15-1252 (software-developer), ...`: the codes and their first alias.
pub(crate) fn choices() -> String {
    OCCUPATIONS
        .iter()
        .map(|(code, _, aliases)| format!("{code} ({})", aliases[0]))
        .collect::<Vec<_>>()
        .join(", ")
}

/// An occupation's title, from its code.
pub(crate) fn title(soc: &str) -> &'static str {
    OCCUPATIONS.iter().find(|(code, ..)| *code == soc).map_or("", |(_, title, _)| title)
}

/// What the tables hold for a location and occupation.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Status<'a> {
    /// The four thresholds.
    Found(&'a LevelRow),
    /// Outside the US: no OEWS level.
    Abroad,
    /// A US location whose area BLS did not release this occupation's wages for.
    NotReleased,
    /// Released, but the figures give no levels by the rule.
    NotComputable,
    /// A US location with no area, or a table without `[levels]`.
    NoData,
}

/// The levels a location's pay is judged against, for one occupation.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LevelsFor<'a> {
    pub soc: &'static str,
    /// The area's title (`San Francisco-Oakland-Fremont, CA`), when the location has one.
    pub area: Option<&'a str>,
    pub status: Status<'a>,
}

impl<'a> LevelsFor<'a> {
    /// The levels of `soc` for `location`: its area is that of the BLS rows that serve it, else
    /// its own `area_code`.
    pub(crate) fn of(tables: &'a Tables, location: &'a Entry, soc: &'static str) -> LevelsFor<'a> {
        let market = &tables.market;
        if location.country.as_deref() != Some("US") {
            return LevelsFor { soc, area: None, status: Status::Abroad };
        }
        let first = market.bls_rows(&location.key).next();
        let code = first.map(|r| r.area_code.as_ref()).or(location.area_code.as_deref());
        let Some(code) = code else { return LevelsFor { soc, area: None, status: Status::NoData } };
        let row = market.level_row(code, soc);
        let area = row.map(|r| r.area_title.as_ref()).or(first.map(|r| r.area_title.as_ref()));
        let listed = |list: &[crate::tables::market::NotReleased]| {
            list.iter().any(|n| n.area_code == code && n.occ_code == soc)
        };
        let status = match (row, &market.levels) {
            (Some(r), _) => Status::Found(r),
            (None, Some(l)) if listed(&l.not_released) => Status::NotReleased,
            (None, Some(l)) if listed(&l.not_computable) => Status::NotComputable,
            _ => Status::NoData,
        };
        LevelsFor { soc, area, status }
    }

    /// The thresholds, when there are levels.
    pub(crate) fn row(&self) -> Option<&'a LevelRow> {
        match self.status {
            Status::Found(r) => Some(r),
            _ => None,
        }
    }
}

/// The level `usd` (a yearly wage in US dollars) reaches against `levels`: 0 below Level I,
/// else 1 to 4. At a threshold is that level.
#[inline]
pub(crate) fn level_of(levels: &[i64; 4], usd: f64) -> u8 {
    levels.iter().map(|&t| u8::from(usd >= t as f64)).sum()
}

/// The lottery entries of a level: its number (none below Level I).
pub(crate) fn entries(level: u8) -> u8 {
    level
}

/// The level's name: `below I`, `I`, `II`, `III`, `IV`.
pub(crate) fn name(level: u8) -> &'static str {
    ["below I", "I", "II", "III", "IV"][usize::from(level.min(4))]
}

/// How much more (US dollars, rounded up to the dollar) reaches the next level; `None` at IV.
pub(crate) fn to_next(levels: &[i64; 4], usd: f64) -> Option<(u8, f64)> {
    let level = level_of(levels, usd);
    let next = *levels.get(usize::from(level))?;
    Some((level + 1, (next as f64 - usd).max(0.0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_count_the_thresholds_reached() {
        let t = [144_615, 169_022, 193_430, 217_838];
        assert_eq!(level_of(&t, 100_000.0), 0);
        assert_eq!(level_of(&t, 144_615.0), 1);
        assert_eq!(level_of(&t, 185_000.0), 2);
        assert_eq!(level_of(&t, 193_429.99), 2);
        assert_eq!(level_of(&t, 193_430.0), 3);
        assert_eq!(level_of(&t, 1e7), 4);
        assert_eq!(to_next(&t, 185_000.0), Some((3, 8_430.0)));
        assert_eq!(to_next(&t, 250_000.0), None);
        assert_eq!([0, 1, 4].map(name), ["below I", "I", "IV"]);
    }

    #[test]
    fn soc_names() {
        assert_eq!(parse_soc("15-2051"), Ok("15-2051"));
        assert_eq!(parse_soc("Data Scientist"), Ok("15-2051"));
        assert_eq!(parse_soc("research"), Ok("15-1221"));
        assert_eq!(parse_soc("swe"), Ok("15-1252"));
        let e = parse_soc("15-9999").unwrap_err();
        assert!(e.contains("15-1252 (software-developer)") && e.contains("15-1221"), "{e}");
    }
}
