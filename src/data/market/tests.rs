//! The market table's rules, each with a file that breaks it.

use super::super::{DataFile, load, load_embedded};
use crate::error::Error;
use crate::tables::Factor;

/// A small valid market.toml; each test breaks one rule of it.
const MARKET: &str = r#"schema = 3
min_n = 5
percentiles = [10, 25, 50, 75, 90]

[survey]
source = "a survey"
as_of = "2025-01-19"
pooled_years = "2023-2025"

[survey.us_premium]
figure = 1.2
rule = "a rule"

[survey.title_groups]
ml-engineer = ["Machine Learning Engineer"]

[survey.levels]
mid = "MI"

[[survey.cell]]
title_group = "ml-engineer"
country = "US"
level = "mid"
level_code = "MI"
year = "2024"
pooled = false
n = 5
currency = "USD"
p10 = 140
p25 = 200
p50 = 300
p75 = 400
p90 = 460
salaries = [100, 200, 300, 400, 500]

[bls]
source = "BLS"
release = "May 2025"
as_of = "2025-05"

[[bls.row]]
area_code = "99"
area_title = "National"
locations = ["us"]
occ_code = "15-1252"
occ_title = "Software Developers"
employment = 1000
p10 = 100
p25 = 200
p50 = 300
p75 = 400
p90 = 500
"#;

fn with(text: &str) -> Vec<DataFile> {
    let mut files = DataFile::embedded();
    files.push(DataFile { name: "market.toml".into(), origin: "user/market.toml".into(), text: text.into() });
    files
}

fn issues(text: &str) -> Vec<String> {
    match load(&with(text)) {
        Ok(_) => vec![],
        Err(Error::Data { issues }) => issues.iter().map(ToString::to_string).collect(),
        Err(e) => panic!("unexpected error {e}"),
    }
}

#[test]
fn shipped_table_keeps_its_invariants() {
    let t = load_embedded().unwrap();
    let m = &t.market;
    assert!(m.survey.cells.len() >= 30 && m.bls.rows.len() >= 32);
    for c in m.survey.cells.iter() {
        assert!(c.n >= m.min_n, "{c:?}");
        assert!(c.pct.0.windows(2).all(|w| w[0] <= w[1]) && c.pct.0[0] > 0, "{c:?}");
        assert_eq!(c.pooled, c.year == m.survey.pooled_years, "{c:?}");
    }
    let us = m.cell("ml-engineer", "US", "mid", "2024").unwrap();
    assert_eq!((us.n, us.rows), (349, 940), "the source README's counts");
    for c in m.survey.cells.iter() {
        assert_eq!(c.salaries.len(), c.n as usize, "{c:?}");
        assert!(c.rows >= c.n, "{c:?}");
    }
    assert!((1.1..1.3).contains(&m.survey.us_premium), "{}", m.survey.us_premium);
    let locations = t.factor(Factor::Location);
    for r in m.bls.rows.iter() {
        assert!(r.pct.0.windows(2).all(|w| w[0] <= w[1]) && r.pct.0[0] > 0 && r.employment > 0, "{r:?}");
        for l in r.locations.iter() {
            let e = &locations.entries[locations.find(l).unwrap()];
            assert_eq!((e.key.as_ref(), e.country.as_deref()), (l.as_ref(), Some("US")));
        }
    }
    // Every shipped US location has both occupations, but Madison, whose data scientists
    // BLS did not release.
    for e in locations.entries.iter().filter(|e| e.country.as_deref() == Some("US")) {
        let occ: Vec<&str> = m.bls_rows(&e.key).map(|r| r.occ_code.as_ref()).collect();
        let want: &[&str] = if e.key == "madison" { &["15-1252"] } else { &["15-1252", "15-2051"] };
        assert_eq!(occ, want, "{}", e.key);
    }
    let us_keys = locations.entries.iter().filter(|e| e.country.as_deref() == Some("US"));
    assert_eq!(m.unserved(us_keys.map(|e| e.key.as_ref())), Vec::<&str>::new());
}

#[test]
fn a_user_market_toml_replaces_the_table_whole() {
    let t = load(&with(MARKET)).unwrap();
    let dated = t.dates().into_iter().find(|d| d.file == "market.toml").unwrap();
    assert_eq!(dated.as_of, "2025-01-19 to 2025-05", "the survey's date, then the BLS release's");
    assert_eq!(t.market.survey.cells.len(), 1);
    assert_eq!(t.market.bls.rows.len(), 1);
    // The cities the small table says nothing about are named, not refused.
    let us = t.factor(Factor::Location).entries.iter().filter(|e| e.country.as_deref() == Some("US"));
    let unserved = t.market.unserved(us.map(|e| e.key.as_ref()));
    assert!(unserved.contains(&"sf") && !unserved.contains(&"us"), "{unserved:?}");
}

#[test]
fn rows_not_released_and_occupations_are_read() {
    let text = MARKET.replace(
        "[bls]\n",
        "[bls]\noccupations = [\"15-1252 Software Developers\", \"15-2051 Data Scientists\"]\nnot_released_rows = [\"99 15-2051\"]\n",
    );
    let t = load(&with(&text)).unwrap();
    let b = &t.market.bls;
    assert_eq!(b.not_released.len(), 1);
    assert_eq!(
        (b.not_released[0].area_code.as_ref(), b.not_released[0].occ_code.as_ref()),
        ("99", "15-2051")
    );
    assert_eq!(b.occupation_title("15-2051"), "Data Scientists", "from the list");
    assert_eq!(t.market.not_released(&["99"]).len(), 1);
    assert!(t.market.not_released(&["41860"]).is_empty());
    // Without the list, a title comes from a row, else the code stands.
    let t = load(&with(MARKET)).unwrap();
    assert_eq!(t.market.bls.occupation_title("15-1252"), "Software Developers");
    assert_eq!(t.market.bls.occupation_title("15-2051"), "15-2051");
}

#[test]
fn a_city_moved_out_of_the_us_loses_its_built_in_bls_rows() {
    let mut files = DataFile::embedded();
    let sf = "[sources]\nX = \"x\"\n\n[[entry]]\nkey = \"sf\"\nlabel = \"S\"\nmultiplier = 1.0\nsource = \"X\"\nconfidence = \"low\"\ncountry = \"PT\"\ncurrency = \"EUR\"\n";
    files.push(DataFile {
        name: "location.toml".into(),
        origin: "user/location.toml".into(),
        text: sf.into(),
    });
    let t = load(&files).unwrap();
    assert_eq!(t.market.bls_rows("sf").count(), 0);
    assert_eq!(t.market.bls_rows("nyc").count(), 2);
}

#[test]
fn each_broken_rule_is_named_at_its_position() {
    let cases = [
        (
            MARKET.replacen("p25 = 200\np50", "p25 = 50\np50", 1),
            "user/market.toml:30:7: p25 50 is below p10 140: percentiles must not decrease",
        ),
        (MARKET.replace("\nn = 5", "\nn = 2"), "user/market.toml:27:5: n = 2 is below min_n = 5"),
        (
            MARKET.replace("locations = [\"us\"]", "locations = [\"seatle\"]"),
            "user/market.toml:44:14: location `seatle` is not a key of location.toml: did you mean `seattle`?",
        ),
        (
            MARKET.replace("locations = [\"us\"]", "locations = [\"london\"]"),
            "user/market.toml:44:14: location `london` is in GB: BLS rows cover US areas only",
        ),
        (
            MARKET.replace("schema = 3", "schema = 2"),
            "user/market.toml:1:10: schema 2 is not one this mlsal reads",
        ),
        (
            MARKET.replace("title_group = \"ml-engineer\"", "title_group = \"ml-enginer\""),
            "user/market.toml:21:15: unknown title group `ml-enginer`: did you mean `ml-engineer`?",
        ),
        (
            MARKET.replace("level_code = \"MI\"", "level_code = \"SE\""),
            "user/market.toml:24:14: level_code `SE` does not match level `mid`",
        ),
        (
            MARKET.replace("year = \"2024\"", "year = \"24\""),
            "user/market.toml:25:8: year `24` must be a work year",
        ),
        (
            MARKET.replace("pooled = false", "pooled = true"),
            "user/market.toml:25:8: a pooled cell's year must be pooled_years `2023-2025`",
        ),
        (
            MARKET.replace("country = \"US\"", "country = \"usa\""),
            "user/market.toml:22:11: country `usa` must be two capital letters",
        ),
        (
            MARKET.replace("occ_code = \"15-1252\"", "occ_code = \"151252\""),
            "user/market.toml:45:12: occ_code `151252` must be a SOC code",
        ),
        (
            MARKET.replace("employment = 1000", "employment = 0"),
            "user/market.toml:47:14: employment 0 must be a whole number",
        ),
        (
            MARKET.replace("500]\n\n[bls]", "500]\ncolour = 1\n\n[bls]"),
            "user/market.toml:35:1: unknown field `colour`",
        ),
        (
            MARKET.replace("percentiles = [10, 25, 50, 75, 90]", "percentiles = [5, 25, 50, 75, 95]"),
            "user/market.toml:3:15: percentiles must be [10, 25, 50, 75, 90]",
        ),
        (MARKET.replace("source = \"BLS\"\n", ""), "user/market.toml:1:1: [bls] needs `source`"),
        (
            MARKET.replace("[bls]\n", "[bls]\nnot_released_rows = [\"31540-15-2051\"]\n"),
            "user/market.toml:37:22: not_released_rows entry `31540-15-2051` must be an area code and a SOC code",
        ),
        (
            MARKET.replace("[bls]\n", "[bls]\nnot_released_rows = [\"99 15-1252\"]\n"),
            "user/market.toml:37:22: area 99, occupation 15-1252 is listed as not released but has a row (line 42)",
        ),
        (
            MARKET.replace("[bls]\n", "[bls]\noccupations = [\"Software Developers\"]\n"),
            "user/market.toml:37:16: occupation `Software Developers` must be a SOC code and its title",
        ),
        (
            MARKET.replace("as_of = \"2025-05\"\n", ""),
            "user/market.toml:1:1: [bls] needs `as_of`, the date of its figures, like `\"2025-05\"`",
        ),
        (
            MARKET.replace("as_of = \"2025-01-19\"", "as_of = \"January 2025\""),
            "user/market.toml:7:9: as_of `January 2025` is not a date: write YYYY, YYYY-MM or YYYY-MM-DD",
        ),
        (
            MARKET.replace("[100, 200, 300, 400, 500]", "[100, 200, 300, 400]"),
            "user/market.toml:34:12: salaries holds 4 figures, but n = 5: one salary per distinct response",
        ),
        (
            MARKET.replace("[100, 200, 300, 400, 500]", "[100, 300, 200, 400, 500]"),
            "user/market.toml:34:12: salaries must be sorted: 200 comes after 300",
        ),
        (
            MARKET.replace("[100, 200, 300, 400, 500]", "[100, 200, 310, 400, 500]"),
            "user/market.toml:34:12: p50 = 300, but the 50th percentile of salaries is 310",
        ),
        (
            MARKET.replace("figure = 1.2", "figure = 12.0"),
            "user/market.toml:11:10: us_premium figure 12 must be from 0.3333333333333333 to 3",
        ),
        (
            MARKET.replace("[survey.us_premium]\nfigure = 1.2\nrule = \"a rule\"\n", ""),
            "user/market.toml:1:1: [survey] needs [survey.us_premium]",
        ),
    ];
    let mut wrong = Vec::new();
    for (text, want) in cases {
        let got = issues(&text);
        if got.len() != 1 || !got[0].starts_with(want) {
            wrong.push(format!("{want}\n   got {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_repeated_cell_or_row_is_named_with_its_first_line() {
    let cell = &MARKET[MARKET.find("[[survey.cell]]").unwrap()..MARKET.find("[bls]").unwrap()];
    let twice = MARKET.replace("[bls]", &format!("{cell}[bls]"));
    let got = issues(&twice);
    assert!(
        got.iter().any(|i| i.contains("duplicate survey cell ml-engineer US mid 2024 (first at line 20)")),
        "{got:?}"
    );
    let row = &MARKET[MARKET.find("[[bls.row]]").unwrap()..];
    let got = issues(&format!("{MARKET}\n{row}"));
    assert!(got.iter().any(|i| i.contains("duplicate BLS row for area 99, occupation 15-1252")), "{got:?}");
    // One location, two areas: refused at the second, naming the first.
    let other = row.replace("area_code = \"99\"", "area_code = \"41860\"");
    let got = issues(&format!("{MARKET}\n{other}"));
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].starts_with(
            "user/market.toml:57:14: location `us` is served by area 99 (line 41) and by area 41860"
        ),
        "{got:?}"
    );
}
