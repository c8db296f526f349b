//! Places as people write them: `Portland, OR`, `durham nc`, `cambridge uk`. The last word (or
//! two) of a value may name a US state or a country; the rest is then the city. Tables use
//! this to respect a state or country that is given, and to tell a covered US city from a
//! better-known namesake abroad (`vancouver`).

use super::fold;

/// Where a place is: a US state (its postal code) or a country (its ISO 3166 code).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Region {
    State(&'static str),
    Country(&'static str),
}

impl Region {
    /// The region as a message names it: `Oregon`, `the UK`.
    pub fn name(self) -> &'static str {
        match self {
            Region::State(code) => STATES.iter().find(|(c, _)| *c == code).map_or(code, |(_, n)| n),
            Region::Country(code) => {
                COUNTRIES.iter().find(|(_, c, _)| *c == code).map_or(code, |(_, _, n)| n)
            }
        }
    }
}

/// The US states and DC: postal code and name.
const STATES: [(&str, &str); 51] = [
    ("AL", "Alabama"),
    ("AK", "Alaska"),
    ("AZ", "Arizona"),
    ("AR", "Arkansas"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DE", "Delaware"),
    ("DC", "the District of Columbia"),
    ("FL", "Florida"),
    ("GA", "Georgia"),
    ("HI", "Hawaii"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("IA", "Iowa"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("ME", "Maine"),
    ("MD", "Maryland"),
    ("MA", "Massachusetts"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MS", "Mississippi"),
    ("MO", "Missouri"),
    ("MT", "Montana"),
    ("NE", "Nebraska"),
    ("NV", "Nevada"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NY", "New York"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UT", "Utah"),
    ("VT", "Vermont"),
    ("VA", "Virginia"),
    ("WA", "Washington"),
    ("WV", "West Virginia"),
    ("WI", "Wisconsin"),
    ("WY", "Wyoming"),
];

/// Words for countries, folded, with the ISO code and the name a message uses. Two-letter
/// codes other than `uk` and `gb` are left out: `ca`, `de` and `in` are states.
const COUNTRIES: [(&str, &str, &str); 40] = [
    ("uk", "GB", "the UK"),
    ("gb", "GB", "the UK"),
    ("unitedkingdom", "GB", "the UK"),
    ("britain", "GB", "the UK"),
    ("greatbritain", "GB", "the UK"),
    ("england", "GB", "the UK"),
    ("scotland", "GB", "the UK"),
    ("wales", "GB", "the UK"),
    ("usa", "US", "the US"),
    ("us", "US", "the US"),
    ("unitedstates", "US", "the US"),
    ("canada", "CA", "Canada"),
    ("bc", "CA", "Canada"),
    ("britishcolumbia", "CA", "Canada"),
    ("on", "CA", "Canada"),
    ("ontario", "CA", "Canada"),
    ("qc", "CA", "Canada"),
    ("quebec", "CA", "Canada"),
    ("alberta", "CA", "Canada"),
    ("australia", "AU", "Australia"),
    ("nsw", "AU", "Australia"),
    ("newsouthwales", "AU", "Australia"),
    ("vic", "AU", "Australia"),
    ("victoria", "AU", "Australia"),
    ("qld", "AU", "Australia"),
    ("germany", "DE", "Germany"),
    ("france", "FR", "France"),
    ("netherlands", "NL", "the Netherlands"),
    ("holland", "NL", "the Netherlands"),
    ("ireland", "IE", "Ireland"),
    ("switzerland", "CH", "Switzerland"),
    ("israel", "IL", "Israel"),
    ("singapore", "SG", "Singapore"),
    ("india", "IN", "India"),
    ("newzealand", "NZ", "New Zealand"),
    ("spain", "ES", "Spain"),
    ("portugal", "PT", "Portugal"),
    ("italy", "IT", "Italy"),
    ("sweden", "SE", "Sweden"),
    ("japan", "JP", "Japan"),
];

/// Well-known cities outside the US that share their name with a US city a table may cover
/// under a state form (`vancouver wa`): typed alone, the name could be either.
pub const ABROAD: [(&str, &str); 3] = [
    ("vancouver", "Vancouver, BC, Canada"),
    ("melbourne", "Melbourne, Australia"),
    ("cambridge", "Cambridge, UK"),
];

/// The region `word` names (`or`, `Oregon`, `uk`, `canada`), if any.
pub fn region(word: &str) -> Option<Region> {
    let folded = fold(word);
    if folded.len() == 2
        && let Some((code, _)) = STATES.iter().find(|(c, _)| c.eq_ignore_ascii_case(&folded))
    {
        return Some(Region::State(code));
    }
    if let Some((code, _)) = STATES.iter().find(|(_, name)| super::folds_to(name, &folded)) {
        return Some(Region::State(code));
    }
    COUNTRIES.iter().find(|(w, ..)| *w == folded).map(|(_, code, _)| Region::Country(code))
}

/// Splits `City, ST`, `City ST` or `City, Country` into the city and the region its last word
/// (or last two words: `new hampshire`, `united kingdom`) names; `None` when there is no city
/// before it or no region.
pub fn split_region(value: &str) -> Option<(&str, Region)> {
    let value = value.trim_matches(|c: char| is_space(c) || c == ',');
    if let Some((city, rest)) = value.rsplit_once(',') {
        let city = city.trim_matches(|c: char| is_space(c) || c == ',');
        return region(rest).filter(|_| !city.is_empty()).map(|r| (city, r));
    }
    // Where each run of spaces starts: the last two are the places a region may begin.
    let mut cut = Vec::new();
    let mut after_space = false;
    for (i, c) in value.char_indices() {
        if is_space(c) && !after_space {
            cut.push(i);
        }
        after_space = is_space(c);
    }
    for &at in cut.iter().rev().take(2) {
        let (city, rest) = value.split_at(at);
        let city = city.trim_end_matches(is_space);
        if !city.is_empty()
            && let Some(r) = region(rest)
        {
            return Some((city, r));
        }
    }
    None
}

/// A space as [`fold`] reads one: a tab or any Unicode space separator (a no-break space
/// pasted from a web page, a thin or an ideographic space), and the zero-width ones. Line
/// breaks are not spaces: a value with one is a mistake to show, not to fold away.
pub fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200D}' | '\u{202F}' | '\u{205F}' | '\u{2060}' | '\u{3000}' | '\u{FEFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trailing_state_or_country_is_split_off() {
        assert_eq!(split_region("Portland, OR"), Some(("Portland", Region::State("OR"))));
        assert_eq!(split_region("portland or"), Some(("portland", Region::State("OR"))));
        assert_eq!(split_region("durham  nc "), Some(("durham", Region::State("NC"))));
        assert_eq!(split_region("columbus, ohio"), Some(("columbus", Region::State("OH"))));
        assert_eq!(split_region("nashua new hampshire"), Some(("nashua", Region::State("NH"))));
        assert_eq!(split_region("cambridge uk"), Some(("cambridge", Region::Country("GB"))));
        assert_eq!(
            split_region("cambridge,\u{a0}united kingdom"),
            Some(("cambridge", Region::Country("GB")))
        );
        assert_eq!(split_region("vancouver\u{a0}bc"), Some(("vancouver", Region::Country("CA"))));
        assert_eq!(split_region("portland"), None);
        assert_eq!(split_region("kansas city"), None);
        assert_eq!(split_region(", or"), None);
        assert_eq!(split_region("or"), None);
        assert_eq!(Region::State("ME").name(), "Maine");
        assert_eq!(Region::Country("GB").name(), "the UK");
    }
}
