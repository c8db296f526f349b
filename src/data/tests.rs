//! The loader's rules, each with a file that breaks it.

use super::diag::{Parsed, line_starts, locate};
use super::*;
use crate::tables::pay::Equity;

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

    let clash = ZURICH2.replace("zurich", "oslo").replace("label", "aliases = [\"San Francisco\"]\nlabel");
    let issues = issues_of(&with("location.toml", &clash));
    assert!(
        issues.iter().any(|i| i
            .contains("duplicate alias `San Francisco` of `oslo`: already a name of built-in entry `sf`")),
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
    for e in t.factor(Factor::Location).entries.iter() {
        let code = e.currency.as_deref().unwrap();
        assert!(t.currencies.find(code).is_some(), "{} pays in {code}", e.key);
    }
    let sizes = t.factor(Factor::CompanySize);
    assert_eq!(t.compensation.grid.len(), t.bands.bands.len());
    for (band, row) in t.bands.bands.iter().zip(t.compensation.grid.iter()) {
        assert_eq!(row.len(), sizes.entries.len());
        for (size, cell) in sizes.entries.iter().zip(row.iter()) {
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
    assert_eq!((gbp.per_usd, gbp.as_of.as_ref(), gbp.code.as_ref()), (0.75, "2026-01-02", "GBP"));
    assert_eq!(t.currencies.find("EUR").unwrap().as_of, "2026-10-30");
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
            "user/compensation.toml:1:1: no row for company size `startup` at level `staff`: --total needs one per level and size",
            "user/compensation.toml:1:1: no row for company size `small` at level `staff`: --total needs one per level and size",
            "user/compensation.toml:1:1: no row for company size `midsize` at level `staff`: --total needs one per level and size",
            "user/compensation.toml:1:1: no row for company size `large` at level `staff`: --total needs one per level and size",
            "user/compensation.toml:1:1: no row for company size `big-tech` at level `staff`: --total needs one per level and size",
        ]
    );
}

#[test]
fn pay_rows_replace_by_level_and_size_aliases_included() {
    let row = PAY_ROW.replace("staff", "mid").replace("\"any\"", "\"Big Tech\"");
    let t = load(&with("compensation.toml", &row)).unwrap();
    let (mid, big) = (t.bands.find("mid").unwrap(), t.factor(Factor::CompanySize).find("big-tech").unwrap());
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

#[test]
fn ambiguous_names_name_existing_keys_and_no_entry() {
    let base = "[sources]\nX = \"x\"\n\n[[entry]]\nkey = \"oslo\"\nlabel = \"Oslo\"\naliases = [\"kristiania\"]\nmultiplier = 1.0\nsource = \"X\"\nconfidence = \"low\"\ncountry = \"NO\"\ncurrency = \"USD\"\n";
    let ok = format!("[ambiguous]\n\"springfield\" = [\"oslo\", \"us\"]\n\n{base}");
    let t = load(&with("location.toml", &ok)).unwrap();
    let loc = t.factor(Factor::Location);
    let err = loc.resolve("Springfield").unwrap_err().to_string();
    assert!(err.starts_with("ambiguous location `Springfield`: it could be `oslo` (Oslo) or `us`"), "{err}");
    let cases = [
        ("\"kristiania\" = [\"oslo\", \"us\"]", "ambiguous name `kristiania` is also a name of `oslo`"),
        ("\"springfield\" = [\"oslo\"]", "ambiguous name `springfield` needs two keys or more"),
        ("\"springfield\" = [\"oslo\", \"nowhere\"]", "`nowhere` is not an entry"),
    ];
    for (line, message) in cases {
        let issues = issues_of(&with("location.toml", &format!("[ambiguous]\n{line}\n\n{base}")));
        assert_eq!(issues.len(), 1, "{issues:?}");
        assert!(issues[0].starts_with("user/location.toml:2:") && issues[0].contains(message), "{issues:?}");
    }
}

#[test]
fn area_codes_are_bls_codes_and_only_for_locations() {
    let t = load_embedded().unwrap();
    let loc = t.factor(Factor::Location);
    assert_eq!(loc.entries[loc.find("sf").unwrap()].area_code.as_deref(), Some("41860"));
    let bad = ZURICH2.replace("currency = \"CHF\"\n", "currency = \"CHF\"\narea_code = \"4186x\"\n");
    let issues = issues_of(&with("location.toml", &bad));
    assert!(issues.len() == 1 && issues[0].contains("must be a BLS area code"), "{issues:?}");
}

/// Amounts and rates that parse but cannot be real are refused where they stand, and quoted
/// compactly: a huge band or rate would otherwise print saturated or negative amounts.
#[test]
fn implausible_amounts_and_rates_are_rejected_with_position() {
    let huge = BANDS.replacen("high = 120000", "high = 1e300", 1);
    let issues = issues_of(&with("bands.toml", &huge));
    assert!(
        issues.iter().any(|i| i.contains(":11:8: band `entry`: 1e300 is not a plausible salary")),
        "{issues:?}"
    );
    for (rate, shown) in [("1e300", "1e300"), ("1e-300", "1e-300"), ("2000000.0", "2000000")] {
        let text = format!(
            "as_of = \"2026-10-30\"\nsource = \"S28\"\n[sources]\nS28 = \"x\"\n[[entry]]\ncode = \"EUR\"\nname = \"euro\"\nper_usd = {rate}\n"
        );
        let issues = issues_of(&with("currencies.toml", &text));
        assert_eq!(issues.len(), 1, "{issues:?}");
        let expected = format!("user/currencies.toml:8:11: per_usd {shown} is outside [0.0001, 1000000]");
        assert!(issues[0].starts_with(&expected), "{issues:?}");
    }
}

const WAGE: &str = "[[entry]]\nyear = 2027\nchange_pct = 2.5\nperiod = \"12 months to March 2027\"\nstatus = \"provisional\"\nsource = \"S26\"\nconfidence = \"medium\"\n";
const FINAL_2026: &str = "[[entry]]\nyear = 2026\nchange_pct = 3.5\nperiod = \"12 months to December 2026\"\nstatus = \"final\"\nsource = \"S26\"\nconfidence = \"medium\"\n\n";

#[test]
fn shipped_wages_are_the_reference_figures() {
    let w = load_embedded().unwrap().wages;
    let got: Vec<(i32, f64, &str)> =
        w.entries.iter().map(|c| (c.year, c.change_pct, c.status.as_str())).collect();
    assert_eq!(
        got,
        [(2023, 4.3, "final"), (2024, 3.7, "final"), (2025, 3.3, "final"), (2026, 3.4, "provisional")]
    );
    assert_eq!(w.series, "ECI wages and salaries, private industry");
}

#[test]
fn a_wages_overlay_replaces_a_year_and_adds_the_next() {
    let t = load(&with("wages.toml", &format!("{FINAL_2026}{WAGE}"))).unwrap();
    let years: Vec<(i32, f64)> = t.wages.entries.iter().map(|c| (c.year, c.change_pct)).collect();
    assert_eq!(years, [(2023, 4.3), (2024, 3.7), (2025, 3.3), (2026, 3.5), (2027, 2.5)]);
    assert_eq!(t.wages.as_of, "2026-04-30", "the built-in date stays unless the overlay gives one");
}

#[test]
fn wages_must_be_plausible_unique_in_order_and_complete() {
    let two = |a: &str, b: &str| format!("{a}\n{b}");
    let cases = [
        (
            FINAL_2026.replace("3.5", "nan"),
            "user/wages.toml:3:14: change_pct must be a finite number, not NaN",
        ),
        (
            FINAL_2026.replace("3.5", "33.0"),
            "user/wages.toml:3:14: change_pct 33 is not a plausible yearly change in wages (-20 to 30 percent",
        ),
        (
            FINAL_2026.replace("3.5", "-25"),
            "user/wages.toml:3:14: change_pct -25 is not a plausible yearly change",
        ),
        (
            FINAL_2026.replace("year = 2026", "year = 1850"),
            "user/wages.toml:2:8: year 1850 is not a year of wage figures",
        ),
        (
            two(FINAL_2026, &WAGE.replace("2027", "2029")),
            "user/wages.toml:11:8: no figure for 2027 to 2028, between 2026 and 2029: every year must have one",
        ),
        (
            two(FINAL_2026, &WAGE.replace("2027", "2028")),
            "user/wages.toml:11:8: no figure for 2027, between 2026 and 2028",
        ),
        (
            WAGE.to_string(),
            "user/wages.toml:2:8: year 2026 is provisional but 2027 has a figure: give 2026's final (December) change",
        ),
        (
            two(&FINAL_2026.replace("2026", "2025"), &FINAL_2026.replace("2026", "2025")),
            "user/wages.toml:11:8: duplicate year 2025 (first at line 2)",
        ),
        (
            two(FINAL_2026, &FINAL_2026.replace("2026", "2025")),
            "user/wages.toml:11:8: year 2025 is out of order: it comes after 2026",
        ),
        (
            FINAL_2026.replace("\"final\"", "\"partial\""),
            "user/wages.toml:5:10: unknown variant `partial`, expected `final` or `provisional`",
        ),
        (FINAL_2026.replace("S26", "S99"), "user/wages.toml:6:10: source `S99` is not defined in [sources]"),
        (
            FINAL_2026.replace("\"12 months to December 2026\"", "\" \""),
            "user/wages.toml:4:10: `period` is empty",
        ),
        (
            format!("as_of = \"April 2026\"\n{FINAL_2026}"),
            "user/wages.toml:1:9: as_of `April 2026` is not a date",
        ),
    ];
    for (text, want) in cases {
        let issues = issues_of(&with("wages.toml", &text));
        assert_eq!(issues.len(), 1, "{want}: {issues:?}");
        assert!(issues[0].starts_with(want), "{want}: {issues:?}");
    }
}

#[test]
fn every_table_is_dated_so_its_age_can_be_told() {
    let issues = issues_of(&with("education.toml", "as_of = \"recent\"\n"));
    assert_eq!(
        issues,
        [
            "user/education.toml:1:9: as_of `recent` is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, like `as_of = \"2024\"`"
        ]
    );
    let issues = issues_of(&with("bands.toml", &BANDS.replace("as_of = \"2024\"", "as_of = \"24\"")));
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert!(issues[0].starts_with("user/bands.toml:1:9: as_of `24` is not a date"), "{issues:?}");
    let t = load(&with("bands.toml", &BANDS.replace("as_of = \"2024\"", "as_of = \"2025-07\""))).unwrap();
    assert_eq!(t.bands.pay_year(), 2025);
    let issues = issues_of(&with("bands.toml", &BANDS.replace("as_of = \"2024\"\n", "")));
    assert_eq!(
        issues,
        ["user/bands.toml:1:1: missing `as_of`: the year of the bands' pay, like `as_of = \"2024\"`"]
    );
}
