//! `--currency`: conversion against data/currencies.toml, `local`, unknown codes, and the
//! warning for stale rates.

mod common;

use common::{Temp, fails, json_2024, mlsal};
use mlsal::model::round_to;
use mlsal::tables::currency::Date;
use mlsal::tables::{Factor, Tables};

fn builtin() -> Tables {
    mlsal::data::load_embedded().unwrap()
}

fn rate(t: &Tables, code: &str) -> f64 {
    t.currencies.find(code).unwrap().per_usd
}

#[test]
fn amounts_are_base_times_multiplier_times_rate_rounded_in_the_target_currency() {
    let t = builtin();
    let table = t.factor(Factor::Location);
    let m = table.entries[table.find("berlin").unwrap()].multiplier;
    for (code, round) in [("EUR", "1000"), ("gbp", "1000"), ("JPY", "100000"), ("inr", "1")] {
        let r = rate(&t, code);
        let v = json_2024(&[
            "estimate",
            "-y",
            "4",
            "-c",
            "berlin",
            "--currency",
            code,
            "--round",
            round,
            "-f",
            "json",
            "-q",
        ]);
        let step: u64 = round.parse().unwrap();
        let (lo, hi) = (120_000.0 * m * r, 160_000.0 * m * r);
        assert_eq!(v["currency"], code.to_uppercase());
        assert_eq!(v["low"], round_to(lo, step), "{code}");
        assert_eq!(v["mid"], round_to((lo + hi) / 2.0, step), "{code}");
        assert_eq!(v["high"], round_to(hi, step), "{code}");
        assert_eq!(v["exchange"]["rate"], r);
        assert_eq!(v["exchange"]["as_of"], *t.currencies.find(code).unwrap().as_of);
        // The band stays what the article says, in dollars.
        assert_eq!(v["base"]["low"], 120_000);
    }
    let usd = json_2024(&["estimate", "-y", "4", "--currency", "usd", "-f", "json"]);
    assert_eq!((usd["currency"].as_str(), usd["low"].as_i64()), (Some("USD"), Some(120_000)));
    assert!(usd["exchange"].is_null(), "no exchange for dollars, null: {usd}");
}

/// The shipped rates are the ECB's of 2026-10-30 as USD cross-rates (figures.md, S28): the
/// ECB's rate per euro divided by its US-dollar rate 1.1172, to 4 significant figures.
#[test]
fn shipped_rates_are_the_ecb_cross_rates_of_2026_10_30() {
    let t = builtin();
    let ecb = [
        ("EUR", 1.0, 0.8951),
        ("GBP", 0.83380, 0.7463),
        ("CAD", 1.5606, 1.397),
        ("INR", 106.0840, 94.96),
        ("CHF", 0.9194, 0.8230),
        ("SGD", 1.4282, 1.278),
        ("AUD", 1.5904, 1.424),
        ("ILS", 3.4950, 3.128),
        ("JPY", 175.68, 157.3),
    ];
    for (code, per_eur, want) in ecb {
        let c = t.currencies.find(code).unwrap();
        assert_eq!((c.per_usd, c.as_of.as_ref(), c.source.as_ref()), (want, "2026-10-30", "S28"), "{code}");
        let cross: f64 = per_eur / 1.1172;
        let digits = 3 - cross.log10().floor() as i32;
        let scale = 10f64.powi(digits);
        assert!(((cross * scale).round() / scale - want).abs() < 1e-9, "{code}: {cross}");
    }
    // By hand: 120,000 x 0.8951 = 107,412; 160,000 x 0.8951 = 143,216; mid 125,314.
    let v = json_2024(&["estimate", "-y", "4", "--currency", "EUR", "-f", "json"]);
    assert_eq!(
        (v["low"].as_i64(), v["mid"].as_i64(), v["high"].as_i64()),
        (Some(107_000), Some(125_000), Some(143_000))
    );
    // Not stale until a year has passed.
    let date = Date::parse("2026-10-30").unwrap();
    assert!(!date.over_a_year_before(Date::parse("2027-10-30").unwrap()));
    assert!(date.over_a_year_before(Date::parse("2027-10-31").unwrap()));
}

#[test]
fn local_is_the_currency_of_the_location() {
    let t = builtin();
    let v = json_2024(&["estimate", "-y", "4", "-c", "london", "--currency", "local", "-f", "json", "-q"]);
    assert_eq!(v["currency"], "GBP");
    let table = t.factor(Factor::Location);
    let m = table.entries[table.find("london").unwrap()].multiplier;
    assert_eq!(v["low"], round_to(120_000.0 * m * rate(&t, "GBP"), 1000));
    let v = json_2024(&["estimate", "-y", "4", "-c", "zurich", "--currency", "LOCAL", "-f", "json", "-q"]);
    assert_eq!(v["currency"], "CHF");
    let v = json_2024(&["estimate", "-y", "4", "-c", "sf", "--currency", "local", "-f", "json"]);
    assert_eq!(v["currency"], "USD");
}

#[test]
fn text_shows_amounts_with_the_currency_and_the_rate_used() {
    let out = mlsal()
        .args(["estimate", "--as-of", "2024", "-y", "4", "-c", "london", "--currency", "local", "-q"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("ML engineer base salary, 2024 pay, GBP (article bands): "), "{text}");
    let v = json_2024(&["estimate", "-y", "4", "-c", "london", "--currency", "local", "-f", "json", "-q"]);
    let low = mlsal::output::money(v["low"].as_i64().unwrap(), "GBP");
    assert!(low.starts_with('£') && text.contains(&low), "{text}");
    assert!(text.contains("exchange rate   1 USD = 0.7463 GBP     2026-10-30, S28"), "{text}");
    let out =
        mlsal().args(["estimate", "--as-of", "2024", "-y", "4", "--currency", "chf", "-q"]).output().unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains("CHF "), "no symbol: the code is written out");
}

#[test]
fn csv_carries_the_converted_amounts_and_code() {
    let v = json_2024(&["estimate", "-y", "4", "--currency", "EUR", "-f", "json", "-q"]);
    let out = mlsal()
        .args(["estimate", "--as-of", "2024", "-y", "4", "--currency", "EUR", "-f", "csv", "-q"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let row: Vec<&str> = text.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(
        row[9..14],
        [v["low"].to_string(), v["mid"].to_string(), v["high"].to_string(), "false".into(), "EUR".into()]
    );
}

#[test]
fn an_unknown_code_exits_2_naming_the_nearest_and_every_valid_code() {
    let err = fails(&["estimate", "--as-of", "2024", "--currency", "GPB"], 2);
    let codes: Vec<String> = builtin().currencies.entries.iter().map(|c| c.code.to_string()).collect();
    assert_eq!(
        err,
        format!(
            "mlsal: error: unknown currency `GPB`: did you mean `GBP`? (choices: {}, local)\n",
            codes.join(", ")
        )
    );
    let err = fails(&["estimate", "--as-of", "2024", "--currency", "zzz"], 2);
    assert!(!err.contains("did you mean") && err.contains("USD, EUR"), "{err}");
}

fn stderr_of(args: &[&str], data: Option<&Temp>) -> String {
    let mut cmd = mlsal();
    if let Some(d) = data {
        cmd.args(["--data", d.str()]);
    }
    let out = cmd.args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}");
    let err = String::from_utf8(out.stderr).unwrap();
    // With user tables, the note that says so comes first, unless `--quiet` (tests/data.rs).
    let note = format!("mlsal: note: using your tables in {} (from --data)", data.map_or("", |d| d.str()));
    match err.split_once('\n') {
        Some((first, rest)) if data.is_some() && first.starts_with(&note) => rest.to_string(),
        _ => err,
    }
}

#[test]
fn stale_rates_give_one_warning_with_their_date_unless_quiet() {
    let dir = Temp::new("stale");
    dir.write("currencies.toml", "as_of = \"2000-01-01\"\nsource = \"S23\"\n\n[[entry]]\ncode = \"GBP\"\nname = \"pound\"\nper_usd = 0.5\n");
    let warning = "mlsal: warning: the GBP exchange rate is from 2000-01-01, over a year old\n";
    // Three levels, three estimates, one warning.
    assert_eq!(stderr_of(&["estimate", "--as-of", "2024", "--currency", "GBP"], Some(&dir)), warning);
    assert_eq!(
        stderr_of(&["estimate", "--as-of", "2024", "-c", "london", "--currency", "local"], Some(&dir)),
        warning
    );
    assert_eq!(stderr_of(&["estimate", "--as-of", "2024", "--currency", "GBP", "--quiet"], Some(&dir)), "");
    assert_eq!(
        stderr_of(&["estimate", "--as-of", "2024", "--currency", "GBP", "-f", "json", "-q"], Some(&dir)),
        ""
    );
    // No warning when the output is dollars, even with `local`.
    assert_eq!(stderr_of(&["estimate", "--as-of", "2024", "--currency", "USD"], Some(&dir)), "");
    assert_eq!(
        stderr_of(&["estimate", "--as-of", "2024", "-c", "sf", "--currency", "local"], Some(&dir)),
        ""
    );
    // The overlay's rate is the one used.
    let v =
        json_2024(&["--data", dir.str(), "estimate", "-l", "entry", "--currency", "GBP", "-f", "json", "-q"]);
    assert_eq!((v["low"].as_i64(), v["exchange"]["as_of"].as_str()), (Some(45_000), Some("2000-01-01")));
}

#[test]
fn fresh_rates_give_no_warning_and_the_shipped_ones_warn_only_when_old() {
    let today = Date::today();
    let iso = format!("{:04}-{:02}-{:02}", today.year, today.month, today.day);
    let dir = Temp::new("fresh");
    dir.write("currencies.toml", &format!("as_of = \"{iso}\"\nsource = \"S23\"\n\n[[entry]]\ncode = \"GBP\"\nname = \"pound\"\nper_usd = 0.8\n"));
    assert_eq!(stderr_of(&["estimate", "--as-of", "2024", "--currency", "GBP"], Some(&dir)), "");

    let shipped = builtin().currencies.find("GBP").unwrap().as_of.clone();
    let stale = Date::parse(&shipped).unwrap().over_a_year_before(today);
    let expected = if stale {
        format!("mlsal: warning: the GBP exchange rate is from {shipped}, over a year old\n")
    } else {
        String::new()
    };
    assert_eq!(stderr_of(&["estimate", "--as-of", "2024", "--currency", "GBP"], None), expected);
}

#[test]
fn compare_whatif_and_offer_convert_too() {
    let t = builtin();
    let gbp = rate(&t, "GBP");
    // compare: `local` across cities paid in different currencies is refused, naming them.
    let err = fails(&["compare", "--as-of", "2024", "-y", "4", "-c", "london,sf", "--currency", "local"], 2);
    assert_eq!(
        err,
        "mlsal: error: invalid value `local` for --currency: the cities compared are paid in GBP, USD: choose one currency, like --currency GBP\n"
    );
    let v =
        json_2024(&["compare", "-y", "4", "-c", "berlin,paris", "--currency", "local", "-f", "json", "-q"]);
    assert!(v.as_array().unwrap().iter().all(|r| r["currency"] == "EUR"), "{v}");
    // One warning for all rows.
    let dir = Temp::new("compare-stale");
    dir.write("currencies.toml", "as_of = \"2000-01-01\"\nsource = \"S23\"\n\n[[entry]]\ncode = \"EUR\"\nname = \"euro\"\nper_usd = 0.9\n");
    let err = stderr_of(
        &["compare", "--as-of", "2024", "-y", "2,4,8", "-c", "berlin,paris", "--currency", "local"],
        Some(&dir),
    );
    assert_eq!(err, "mlsal: warning: the EUR exchange rate is from 2000-01-01, over a year old\n");

    // whatif: with `local`, a move to another city stays in the current city's currency.
    let v =
        json_2024(&["whatif", "-y", "4", "-c", "london", "--currency", "local", "--all", "-f", "json", "-q"]);
    let table = t.factor(Factor::Location);
    let sf = table.entries[table.find("sf").unwrap()].multiplier;
    let to_sf = v["changes"].as_array().unwrap().iter().find(|c| c["to"] == "sf").unwrap();
    assert_eq!(to_sf["mid"], round_to(140_000.0 * sf * gbp, 1000), "{to_sf}");

    // offer: the amount is read in the output currency.
    let v =
        json_2024(&["offer", "80000", "-y", "4", "-c", "london", "--currency", "local", "-f", "json", "-q"]);
    assert_eq!(v["estimate"]["currency"], "GBP");
    let london = table.entries[table.find("london").unwrap()].multiplier;
    assert_eq!(v["gap_to_mid"], 80_000 - round_to(140_000.0 * london * gbp, 1000));
}
