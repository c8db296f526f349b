//! `mlsal offer AMOUNT` end to end: the amount forms, and the verdict at and around both edges
//! of the range, with the edges taken from `estimate`.

mod common;

use common::{fails, json, mlsal};
use serde_json::Value;

fn offer(amount: &str, profile: &[&str]) -> Value {
    json(&[&["offer", amount][..], profile, &["--format", "json"]].concat())
}

fn estimate(profile: &[&str]) -> Value {
    json(&[&["estimate"][..], profile, &["--format", "json"]].concat())
}

#[test]
fn every_accepted_form_reads_the_same_amount() {
    let profile = ["--years", "4", "--city", "sf"];
    for typed in ["185000", "185k", "185K", "$185,000", "185,000", "$185k", " 185000 "] {
        let v = offer(typed, &profile);
        assert_eq!(v["amount"], 185_000, "{typed}");
    }
    assert_eq!(offer("185.5k", &profile)["amount"], 185_500);
    assert_eq!(offer("185000.5", &profile)["amount"], 185_000.5);
}

#[test]
fn verdict_at_and_around_both_edges() {
    for profile in [
        &["--years", "4", "--city", "sf"][..],
        &["--level", "entry", "-e", "phd", "-z", "startup"],
        &["--years", "2.5"],
    ] {
        let est = estimate(profile);
        let (low, mid, high) =
            (est["low"].as_i64().unwrap(), est["mid"].as_i64().unwrap(), est["high"].as_i64().unwrap());
        let cases =
            [(low - 1, "below"), (low, "within"), (mid, "within"), (high, "within"), (high + 1, "above")];
        for (amount, verdict) in cases {
            let v = offer(&amount.to_string(), profile);
            assert_eq!(v["verdict"], verdict, "{profile:?} {amount}");
            assert_eq!(v["gap_to_mid"], amount - mid, "{profile:?} {amount}");
            // To one decimal, and never onto an end when outside it.
            let tenths = ((amount - low) as f64 / (high - low) as f64 * 1000.0).round();
            let tenths = match verdict {
                "below" => tenths.min(-1.0),
                "above" => tenths.max(1001.0),
                _ => tenths,
            };
            let pct = tenths / 10.0 + 0.0;
            assert_eq!(v["position_pct"].as_f64().unwrap(), pct, "{profile:?} {amount}");
            assert_eq!(v["estimate"], est, "the estimate is `estimate`'s");
        }
        assert_eq!(offer(&low.to_string(), profile)["position_pct"], 0.0);
        assert_eq!(offer(&high.to_string(), profile)["position_pct"], 100.0);
        // Outside, the position runs past both ends, however close: one dollar below the low
        // end is never shown as the low end's 0.0%.
        assert!(offer(&(low - 1000).to_string(), profile)["position_pct"].as_f64().unwrap() < 0.0);
        assert!(offer(&(high + 1000).to_string(), profile)["position_pct"].as_f64().unwrap() > 100.0);
        let just_below = offer(&(low - 1).to_string(), profile);
        assert_eq!(just_below["position_pct"].to_string(), "-0.1");
        let just_above = offer(&(high + 1).to_string(), profile);
        assert_eq!(just_above["position_pct"].to_string(), "100.1");
    }
}

#[test]
fn a_fraction_of_a_dollar_outside_is_outside() {
    let est = estimate(&["-y", "4"]);
    let low = est["low"].as_i64().unwrap();
    let high = est["high"].as_i64().unwrap();
    assert_eq!(offer(&format!("{}.5", low - 1), &["-y", "4"])["verdict"], "below");
    assert_eq!(offer(&format!("{high}.01"), &["-y", "4"])["verdict"], "above");
}

#[test]
fn below_the_range_is_an_answer_not_an_error() {
    let out = mlsal().args(["offer", "50k", "--years", "4", "--city", "sf"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("An offer of $50,000 is below the estimated range."), "{text}");
    assert!(text.contains("● $"), "the marker sits left of the range: {text}");
    assert!(out.stderr.is_empty());
}

#[test]
fn text_states_the_verdict_position_and_gap() {
    let est = estimate(&["-y", "4", "-c", "sf"]);
    let mid = est["mid"].as_i64().unwrap();
    let amount = est["low"].as_i64().unwrap() + 5_000;
    let out = mlsal().args(["offer", &amount.to_string(), "-y", "4", "-c", "sf"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let money = |n| mlsal::output::money(n, "USD");
    assert!(
        text.contains(&format!("An offer of {} is within the estimated range.", money(amount))),
        "{text}"
    );
    assert!(text.contains(&format!("{} below the mid", money(mid - amount))), "{text}");
    assert!(text.contains("San Francisco"), "{text}");
    let bar = text.lines().find(|l| l.contains('●')).unwrap();
    assert!(bar.contains('[') && bar.contains('●') && bar.contains(']'), "{text}");
    assert!(!text.contains('\x1b'));
}

#[test]
fn above_an_open_top_says_what_above_means() {
    let est = estimate(&["--level", "senior", "--city", "sf"]);
    assert_eq!(est["open_ended"], true);
    let high = est["high"].as_i64().unwrap();
    let amount = (high + 1).to_string();
    let v = offer(&amount, &["--level", "senior", "--city", "sf"]);
    assert_eq!(v["verdict"], "above", "the verdict math is the same for an open top");
    let out = mlsal().args(["offer", &amount, "--level", "senior", "--city", "sf"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("$200,000+"), "{text}");
    assert!(text.contains(&format!("{}+", mlsal::output::money(high, "USD"))), "{text}");
    // Within an open range, no such note.
    let out =
        mlsal().args(["offer", &high.to_string(), "--level", "senior", "--city", "sf"]).output().unwrap();
    assert!(!String::from_utf8(out.stdout).unwrap().contains("no top"));
}

#[test]
fn without_years_or_level_the_offer_meets_every_level() {
    let v = json(&["offer", "150k", "--format", "json"]);
    let verdicts: Vec<&str> = v.as_array().unwrap().iter().map(|o| o["verdict"].as_str().unwrap()).collect();
    assert_eq!(verdicts, ["above", "within", "below"]);
    let levels = estimate(&[]);
    for (o, level) in v.as_array().unwrap().iter().zip(levels.as_array().unwrap()) {
        assert_eq!(&o["estimate"], level);
    }
}

#[test]
fn csv_carries_the_verdict_then_the_estimate_columns() {
    let out = mlsal().args(["offer", "185k", "-y", "4", "-c", "sf", "-f", "csv"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let est = mlsal().args(["estimate", "-y", "4", "-c", "sf", "-f", "csv"]).output().unwrap();
    let est = String::from_utf8(est.stdout).unwrap();
    let (lines, est): (Vec<&str>, Vec<&str>) = (text.lines().collect(), est.lines().collect());
    assert_eq!(
        lines[0],
        format!(
            "amount,verdict,position_pct,gap_to_mid,compared_with,{},survey_percentile,survey_cell,survey_n,survey_adjusted_percentile,survey_adjustment",
            est[0]
        )
    );
    let v = offer("185k", &["-y", "4", "-c", "sf"]);
    let head =
        format!("185000,{},{},{},base,", v["verdict"].as_str().unwrap(), v["position_pct"], v["gap_to_mid"]);
    let survey = &v["market"]["survey"];
    assert_eq!(
        lines[1],
        format!(
            "{head}{},{},ml-engineer US mid 2024,349,{},{}",
            est[1],
            survey["percentile"],
            survey["adjusted"]["percentile"],
            survey["adjusted"]["scale"]["adjustment"]
        )
    );
}

#[test]
fn bad_amounts_exit_2_naming_the_amount_and_the_forms() {
    for bad in [
        "-185000",
        "0",
        "nan",
        "inf",
        "abc",
        "18,5000",
        "1,85,000",
        "185,000,",
        "185kk",
        "",
        "-5k",
        "0.0001",
        "99999999999999999999",
        "1000000001",
    ] {
        let err = fails(&["offer", bad, "--years", "4"], 2);
        assert!(err.contains(&format!("`{bad}`")), "{bad}: {err}");
        assert!(err.contains("185k") && err.contains("$185,000"), "{bad}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    let err = fails(&["offer"], 2);
    assert!(err.contains("AMOUNT"), "{err}");
    // Zero and a negative amount break one rule, in the same words.
    let zero = fails(&["offer", "0", "--years", "4"], 2);
    let negative = fails(&["offer", "-5", "--years", "4"], 2);
    assert_eq!(zero.replace("`0`", "`-5`"), negative);
    assert!(zero.contains("an amount must be at least 1"), "{zero}");
    let err = fails(&["offer", "185k", "--city", "seatle"], 2);
    assert!(err.contains("`seattle`"), "{err}");
}

#[test]
fn a_range_rounded_to_one_amount_has_no_position() {
    let profile = ["--level", "entry", "--round", "100000"];
    let est = estimate(&profile);
    assert_eq!(est["low"], est["high"], "the case: a --round coarser than the range");
    let v = offer("100k", &profile);
    assert_eq!(v["position_pct"], Value::Null);
    assert_eq!(v["verdict"], "within", "equal to low and high is within");
    assert_eq!(offer("150k", &profile)["verdict"], "above");
}

#[test]
fn with_total_the_offer_is_weighed_against_total_pay() {
    for profile in
        [&["--years", "4", "--city", "sf", "--total"][..], &["--level", "senior", "-z", "startup", "--total"]]
    {
        let est = estimate(profile);
        let total = &est["total"];
        let (low, mid, high) =
            (total["low"].as_i64().unwrap(), total["mid"].as_i64().unwrap(), total["high"].as_i64().unwrap());
        for (amount, verdict) in [(low - 1, "below"), (low, "within"), (high, "within"), (high + 1, "above")]
        {
            let v = offer(&amount.to_string(), profile);
            assert_eq!(v["verdict"], verdict, "{profile:?} {amount}");
            assert_eq!(v["gap_to_mid"], amount - mid, "{profile:?} {amount}");
            assert_eq!(v["compared_with"], "total");
        }
    }
    assert_eq!(offer("185k", &["--years", "4"])["compared_with"], "base");
}

#[test]
fn amounts_and_gaps_are_exact_to_the_cent() {
    let v = offer("179999.99", &["--years", "4", "--city", "sf"]);
    assert_eq!(v["amount"], 179_999.99);
    let mid = estimate(&["--years", "4", "--city", "sf"])["mid"].as_i64().unwrap();
    assert_eq!(v["gap_to_mid"].to_string(), format!("{:.2}", 179_999.99 - mid as f64));
}

/// A currency on the amount must be the one in force: never converted, refused in one line
/// naming the amount, the symbol's currency and `--currency`. `$` is any dollar.
#[test]
fn an_amount_in_another_currency_is_refused() {
    let err = fails(&["offer", "€60k", "--years", "4", "--currency", "GBP"], 2);
    assert_eq!(
        err.trim_end(),
        "mlsal: error: invalid value `€60k` for AMOUNT: `€` is EUR, not GBP, the currency it is read in (`--currency GBP`)"
    );
    let err = fails(&["offer", "EUR 60000", "--years", "4"], 2);
    assert!(err.contains("`EUR` is EUR, not USD") && err.contains("`--currency USD`"), "{err}");
    let err = fails(&["offer", "£60k", "--years", "4", "--city", "berlin", "--currency", "local"], 2);
    assert!(err.contains("`£` is GBP, not EUR"), "{err}");
    assert_eq!(offer("£60k", &["--years", "4", "--city", "london", "--currency", "local"])["amount"], 60_000);
    assert_eq!(offer("$185k", &["--years", "4", "--currency", "CAD"])["amount"], 185_000);
    assert_eq!(offer("USD 185000", &["--years", "4"])["amount"], 185_000);
    let err = fails(&["offer", "$185k", "--years", "4", "--currency", "EUR"], 2);
    assert!(err.contains("`$` is a dollar currency"), "{err}");
}
