//! Places as people write them: `Portland, OR`, `durham nc`, `cambridge uk`. The last word (or
//! two) of a value may name a US state or a country; the rest is then the city. Tables use
//! this to respect a state or country that is given, and to tell a covered US city from a
//! better-known namesake abroad (`vancouver`).

use super::fold;

/// Where a place is: a US state (its postal code) or a country (its ISO 3166 code).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Region {
    State(&'static str),
    Country(&'static str),
}

impl Region {
    /// The region as a message names it: `Oregon`, `the UK`.
    pub(crate) fn name(self) -> &'static str {
        let named = match self {
            Region::State(code) => state(&code.to_ascii_lowercase()),
            Region::Country(code) => country_name(code).map(|name| (code, name)),
        };
        named.map_or("?", |(_, name)| name)
    }
}

/// The US state a folded word names, by postal code or name (`or`, `oregon`), and its name.
///
/// Written as matches, not tables: a table of `&str` in a static costs the loader one
/// relocation per string at every start (mlsal is a position-independent executable), and
/// these are read only when a lookup has missed.
fn state(folded: &str) -> Option<(&'static str, &'static str)> {
    Some(match folded {
        "al" | "alabama" => ("AL", "Alabama"),
        "ak" | "alaska" => ("AK", "Alaska"),
        "az" | "arizona" => ("AZ", "Arizona"),
        "ar" | "arkansas" => ("AR", "Arkansas"),
        "ca" | "california" => ("CA", "California"),
        "co" | "colorado" => ("CO", "Colorado"),
        "ct" | "connecticut" => ("CT", "Connecticut"),
        "de" | "delaware" => ("DE", "Delaware"),
        "dc" | "districtofcolumbia" => ("DC", "the District of Columbia"),
        "fl" | "florida" => ("FL", "Florida"),
        "ga" | "georgia" => ("GA", "Georgia"),
        "hi" | "hawaii" => ("HI", "Hawaii"),
        "id" | "idaho" => ("ID", "Idaho"),
        "il" | "illinois" => ("IL", "Illinois"),
        "in" | "indiana" => ("IN", "Indiana"),
        "ia" | "iowa" => ("IA", "Iowa"),
        "ks" | "kansas" => ("KS", "Kansas"),
        "ky" | "kentucky" => ("KY", "Kentucky"),
        "la" | "louisiana" => ("LA", "Louisiana"),
        "me" | "maine" => ("ME", "Maine"),
        "md" | "maryland" => ("MD", "Maryland"),
        "ma" | "massachusetts" => ("MA", "Massachusetts"),
        "mi" | "michigan" => ("MI", "Michigan"),
        "mn" | "minnesota" => ("MN", "Minnesota"),
        "ms" | "mississippi" => ("MS", "Mississippi"),
        "mo" | "missouri" => ("MO", "Missouri"),
        "mt" | "montana" => ("MT", "Montana"),
        "ne" | "nebraska" => ("NE", "Nebraska"),
        "nv" | "nevada" => ("NV", "Nevada"),
        "nh" | "newhampshire" => ("NH", "New Hampshire"),
        "nj" | "newjersey" => ("NJ", "New Jersey"),
        "nm" | "newmexico" => ("NM", "New Mexico"),
        "ny" | "newyork" => ("NY", "New York"),
        "nc" | "northcarolina" => ("NC", "North Carolina"),
        "nd" | "northdakota" => ("ND", "North Dakota"),
        "oh" | "ohio" => ("OH", "Ohio"),
        "ok" | "oklahoma" => ("OK", "Oklahoma"),
        "or" | "oregon" => ("OR", "Oregon"),
        "pa" | "pennsylvania" => ("PA", "Pennsylvania"),
        "ri" | "rhodeisland" => ("RI", "Rhode Island"),
        "sc" | "southcarolina" => ("SC", "South Carolina"),
        "sd" | "southdakota" => ("SD", "South Dakota"),
        "tn" | "tennessee" => ("TN", "Tennessee"),
        "tx" | "texas" => ("TX", "Texas"),
        "ut" | "utah" => ("UT", "Utah"),
        "vt" | "vermont" => ("VT", "Vermont"),
        "va" | "virginia" => ("VA", "Virginia"),
        "wa" | "washington" => ("WA", "Washington"),
        "wv" | "westvirginia" => ("WV", "West Virginia"),
        "wi" | "wisconsin" => ("WI", "Wisconsin"),
        "wy" | "wyoming" => ("WY", "Wyoming"),
        _ => return None,
    })
}

/// The country a folded word names (`uk`, `canada`; two-letter codes other than `uk` and `gb`
/// are left out: `ca`, `de` and `in` are states), and its name.
fn country(folded: &str) -> Option<(&'static str, &'static str)> {
    Some(match folded {
        "uk" | "gb" | "unitedkingdom" | "britain" | "greatbritain" | "england" | "scotland" | "wales" => {
            ("GB", "the UK")
        }
        "usa" | "us" | "unitedstates" => ("US", "the US"),
        "canada" | "bc" | "britishcolumbia" | "on" | "ontario" | "qc" | "quebec" | "alberta" => {
            ("CA", "Canada")
        }
        "australia" | "nsw" | "newsouthwales" | "vic" | "qld" => ("AU", "Australia"),
        "germany" => ("DE", "Germany"),
        "france" => ("FR", "France"),
        "netherlands" | "holland" => ("NL", "the Netherlands"),
        "ireland" => ("IE", "Ireland"),
        "switzerland" => ("CH", "Switzerland"),
        "israel" => ("IL", "Israel"),
        "singapore" => ("SG", "Singapore"),
        "india" => ("IN", "India"),
        "newzealand" => ("NZ", "New Zealand"),
        "spain" => ("ES", "Spain"),
        "portugal" => ("PT", "Portugal"),
        "italy" => ("IT", "Italy"),
        "sweden" => ("SE", "Sweden"),
        "japan" => ("JP", "Japan"),
        "costarica" => ("CR", "Costa Rica"),
        "mexico" => ("MX", "Mexico"),
        "brazil" => ("BR", "Brazil"),
        "china" => ("CN", "China"),
        "poland" => ("PL", "Poland"),
        "austria" => ("AT", "Austria"),
        "belgium" => ("BE", "Belgium"),
        "denmark" => ("DK", "Denmark"),
        "norway" => ("NO", "Norway"),
        "finland" => ("FI", "Finland"),
        _ => return None,
    })
}

/// The country a two- or three-letter ISO 3166 code names, of the countries [`country`]
/// knows (`de`, `deu`, `fr`). `ca`, `de`, `in` and `il` are US states' codes too: [`region`]
/// reads them as states, and [`split_country_code`] gives their other reading.
fn country_code(folded: &str) -> Option<&'static str> {
    Some(match folded {
        "gb" | "gbr" | "uk" => "GB",
        "us" | "usa" => "US",
        "ca" | "can" => "CA",
        "au" | "aus" => "AU",
        "de" | "deu" => "DE",
        "fr" | "fra" => "FR",
        "nl" | "nld" => "NL",
        "ie" | "irl" => "IE",
        "ch" | "che" => "CH",
        "il" | "isr" => "IL",
        "sg" | "sgp" => "SG",
        "in" | "ind" => "IN",
        "nz" | "nzl" => "NZ",
        "es" | "esp" => "ES",
        "pt" | "prt" => "PT",
        "it" | "ita" => "IT",
        "se" | "swe" => "SE",
        "jp" | "jpn" => "JP",
        "cr" | "cri" => "CR",
        "mx" | "mex" => "MX",
        "br" | "bra" => "BR",
        "cn" | "chn" => "CN",
        "pl" | "pol" => "PL",
        "at" | "aut" => "AT",
        "be" | "bel" => "BE",
        "dk" | "dnk" => "DK",
        "no" | "nor" => "NO",
        "fi" | "fin" => "FI",
        _ => return None,
    })
}

/// The name of a country [`country`] knows, by its ISO code.
fn country_name(code: &str) -> Option<&'static str> {
    Some(match code {
        "GB" => "the UK",
        "US" => "the US",
        "CA" => "Canada",
        "AU" => "Australia",
        "DE" => "Germany",
        "FR" => "France",
        "NL" => "the Netherlands",
        "IE" => "Ireland",
        "CH" => "Switzerland",
        "IL" => "Israel",
        "SG" => "Singapore",
        "IN" => "India",
        "NZ" => "New Zealand",
        "ES" => "Spain",
        "PT" => "Portugal",
        "IT" => "Italy",
        "SE" => "Sweden",
        "JP" => "Japan",
        "CR" => "Costa Rica",
        "MX" => "Mexico",
        "BR" => "Brazil",
        "CN" => "China",
        "PL" => "Poland",
        "AT" => "Austria",
        "BE" => "Belgium",
        "DK" => "Denmark",
        "NO" => "Norway",
        "FI" => "Finland",
        _ => return None,
    })
}

/// A well-known city outside the US, by its folded name, that shares its name with a US city
/// a table may cover under a state form (`vancouver wa`): typed alone, the name could be either.
pub(crate) fn abroad(folded: &str) -> Option<&'static str> {
    Some(match folded {
        "vancouver" => "Vancouver, BC, Canada",
        "melbourne" => "Melbourne, Australia",
        "cambridge" => "Cambridge, UK",
        _ => return None,
    })
}

/// A well-known city outside the US, by its folded name, and its country: a table that has
/// no entry for it says it is not covered rather than that it is unknown. Only read after a
/// lookup has missed, so a city a table covers is found first.
pub(crate) fn known_city(folded: &str) -> Option<Region> {
    let code = match folded {
        "saopaulo" | "riodejaneiro" | "brasilia" | "belohorizonte" => "BR",
        "mexicocity" | "ciudaddemexico" | "guadalajara" | "monterrey" => "MX",
        "beijing" | "shanghai" | "shenzhen" | "hangzhou" | "guangzhou" => "CN",
        "tokyo" | "osaka" | "kyoto" | "yokohama" => "JP",
        "bangalore" | "bengaluru" | "hyderabad" | "mumbai" | "pune" | "chennai" | "delhi" | "newdelhi" => {
            "IN"
        }
        "warsaw" | "warszawa" | "krakow" | "wroclaw" | "gdansk" => "PL",
        "vienna" | "wien" => "AT",
        "brussels" | "bruxelles" | "antwerp" => "BE",
        "copenhagen" | "kobenhavn" => "DK",
        "oslo" => "NO",
        "helsinki" => "FI",
        "stockholm" | "gothenburg" | "goteborg" | "malmo" => "SE",
        "madrid" | "barcelona" | "valencia" => "ES",
        "lisbon" | "lisboa" | "porto" => "PT",
        "milan" | "milano" | "rome" | "roma" | "turin" | "torino" => "IT",
        "paris" | "lyon" | "toulouse" => "FR",
        "amsterdam" | "rotterdam" | "eindhoven" | "utrecht" => "NL",
        "dublin" | "cork" => "IE",
        "geneva" | "geneve" | "basel" | "lausanne" => "CH",
        "berlin" | "hamburg" | "frankfurt" | "cologne" | "koln" | "stuttgart" | "dusseldorf" => "DE",
        "telaviv" | "jerusalem" | "haifa" => "IL",
        "sydney" | "brisbane" | "perth" | "canberra" => "AU",
        "auckland" | "wellington" => "NZ",
        "toronto" | "montreal" | "ottawa" | "calgary" | "waterloo" => "CA",
        "london" | "manchester" | "edinburgh" | "oxford" | "bristol" => "GB",
        "sanjosecostarica" => "CR",
        _ => return None,
    };
    Some(Region::Country(code))
}

/// The region `word` names (`or`, `Oregon`, `uk`, `canada`), if any.
pub(crate) fn region(word: &str) -> Option<Region> {
    let folded = fold(word);
    state(&folded)
        .map(|(code, _)| Region::State(code))
        .or_else(|| country(&folded).map(|(code, _)| Region::Country(code)))
}

/// Splits `City, ST`, `City ST` or `City, Country` into the city and the region its last word
/// (or last two words: `new hampshire`, `united kingdom`) names; `None` when there is no city
/// before it or no region.
pub(crate) fn split_region(value: &str) -> Option<(&str, Region)> {
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

/// Like [`split_region`], and a state before the country (`Portland, OR, USA`) is the region.
pub(crate) fn split_place(value: &str) -> Option<(&str, Region)> {
    let (city, region) = split_region(value)?;
    match split_region(city) {
        Some((town, state @ Region::State(_))) if region == Region::Country("US") => Some((town, state)),
        _ => Some((city, region)),
    }
}

/// `Berlin, DE`, `toronto ca`, `Sydney AUS`: the city and the country its last word names as
/// a two- or three-letter country code. For `CA`, `DE`, `IN` and `IL` this is the other reading
/// of a US state's code, which a table tries when the state has no such city; for the rest
/// (`FR`, `AU`) the only one.
pub(crate) fn split_country_code(value: &str) -> Option<(&str, Region)> {
    let value = value.trim_matches(|c: char| is_space(c) || c == ',');
    let at = value.rfind(|c: char| is_space(c) || c == ',')?;
    let (city, code) = value.split_at(at);
    let city = city.trim_end_matches(|c: char| is_space(c) || c == ',');
    let code = country_code(&fold(code))?;
    (!city.is_empty()).then_some((city, Region::Country(code)))
}

/// The part after a place's last comma (`Costa Rica` of `San Jose, Costa Rica`), if it names
/// no state or country mlsal knows: the place is somewhere mlsal cannot tell.
pub(crate) fn unknown_region(value: &str) -> Option<&str> {
    let (city, rest) = value.trim_matches(|c: char| is_space(c) || c == ',').rsplit_once(',')?;
    let rest = rest.trim_matches(is_space);
    let known = region(rest).is_some() || country_code(&fold(rest)).is_some();
    (!known && !rest.is_empty() && !city.trim_matches(is_space).is_empty()).then_some(rest)
}

/// A space as [`fold`] reads one: a tab or any Unicode space separator (a no-break space
/// pasted from a web page, a thin or an ideographic space), and the zero-width ones. Line
/// breaks are not spaces: a value with one is a mistake to show, not to fold away.
pub(crate) fn is_space(c: char) -> bool {
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
        assert_eq!(split_place("Portland, OR, USA"), Some(("Portland", Region::State("OR"))));
        assert_eq!(split_place("Portland, OR, UK"), Some(("Portland, OR", Region::Country("GB"))));
        assert_eq!(split_region("kansas city"), None);
        assert_eq!(split_region(", or"), None);
        assert_eq!(split_region("or"), None);
        assert_eq!(Region::State("ME").name(), "Maine");
        assert_eq!(Region::Country("GB").name(), "the UK");
        assert_eq!(Region::Country("CA").name(), "Canada");
        assert_eq!(Region::State("DC").name(), "the District of Columbia");
        assert_eq!(abroad("vancouver"), Some("Vancouver, BC, Canada"));
    }

    #[test]
    fn a_country_code_after_a_city_names_the_country() {
        assert_eq!(split_country_code("Berlin, DE"), Some(("Berlin", Region::Country("DE"))));
        assert_eq!(split_country_code("toronto ca"), Some(("toronto", Region::Country("CA"))));
        assert_eq!(split_country_code("Tel Aviv, IL"), Some(("Tel Aviv", Region::Country("IL"))));
        assert_eq!(split_country_code("melbourne au"), Some(("melbourne", Region::Country("AU"))));
        assert_eq!(split_country_code("Sydney AUS"), Some(("Sydney", Region::Country("AU"))));
        assert_eq!(split_country_code("DE"), None);
        assert_eq!(split_country_code("portland or"), None);
        assert_eq!(split_region("Berlin, DE"), Some(("Berlin", Region::State("DE"))), "a state first");
        assert_eq!(unknown_region("San Jose, Costa Rica"), None, "a country known");
        assert_eq!(unknown_region("San Jose, Atlantis"), Some("Atlantis"));
        assert_eq!(unknown_region("San Jose, CA"), None);
        assert_eq!(unknown_region("San Jose"), None);
    }
}
