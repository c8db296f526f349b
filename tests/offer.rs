//! `mlsal offer AMOUNT` end to end: the amount forms, and the verdict at and around both edges
//! of the range, with the edges taken from `estimate`.

mod common;

use common::{fails, json, mlsal, stdout};
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
            "amount,verdict,position_pct,gap_to_mid,compa_ratio,compared_with,{},survey_percentile,survey_cell,survey_n,survey_adjusted_percentile,survey_adjustment,wage_level,wage_level_soc,lottery_entries,level_1,level_2,level_3,level_4",
            est[0]
        )
    );
    let v = offer("185k", &["-y", "4", "-c", "sf"]);
    let head = format!(
        "185000,{},{},{},{},base,",
        v["verdict"].as_str().unwrap(),
        v["position_pct"],
        v["gap_to_mid"],
        v["compa_ratio"]
    );
    let survey = &v["market"]["survey"];
    assert_eq!(
        lines[1],
        format!(
            "{head}{},{},ml-engineer US mid 2024,349,{},{},II,15-1252,2,144615,169022,193430,217838",
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

/// With `--bonus`/`--equity` the offer is a package: base against the base range (and ranked
/// among salaries), base + bonus + equity against the estimate's total, each labelled.
#[test]
fn a_package_is_weighed_base_with_base_and_total_with_total() {
    let profile = ["--years", "6", "--city", "seattle", "-e", "master", "-z", "big-tech"];
    let est = estimate(&[&profile[..], &["--total"]].concat());
    let (mid, total_mid) = (est["mid"].as_f64().unwrap(), est["total"]["mid"].as_f64().unwrap());
    for (base, bonus, equity) in
        [(210_000.0, 0.0, 60_000.0), (300_000.5, 25_000.0, 0.0), (150_000.0, 1.0, 1.0)]
    {
        let [b, bo, eq] = [base, bonus, equity].map(|x: f64| x.to_string());
        let args =
            [&["offer", &b, "--bonus", &bo, "--equity", &eq][..], &profile, &["--format", "json"]].concat();
        let v = json(&args);
        assert_eq!(v["amount"].as_f64(), Some(base), "{args:?}");
        assert_eq!(v["compared_with"], "base");
        assert_eq!(v["gap_to_mid"].as_f64(), Some(base - mid));
        let total = base + bonus + equity;
        assert_eq!(v["package"]["total"].as_f64(), Some(total));
        assert_eq!(v["total_pay"]["amount"].as_f64(), Some(total));
        assert_eq!(v["total_pay"]["gap_to_mid"].as_f64(), Some(total - total_mid), "{args:?}");
        let [low, high] = ["low", "high"].map(|k| est["total"][k].as_f64().unwrap());
        let verdict = if total < low {
            "below"
        } else if total > high {
            "above"
        } else {
            "within"
        };
        assert_eq!(v["total_pay"]["verdict"], verdict);
        assert_eq!(v["estimate"], est, "the estimate is `estimate --total`'s");
        assert!(v["market"]["survey"]["percentile"].is_number(), "a package's base is ranked as a salary");
        // The base alone judges the same as an offer of the base.
        let alone = offer(&base.to_string(), &profile);
        for k in ["verdict", "position_pct", "gap_to_mid", "compa_ratio", "market"] {
            assert_eq!(v[k], alone[k], "{k}");
        }
    }
    let text = stdout(&[&["offer", "210k", "--equity", "60k"][..], &profile].concat());
    assert!(
        text.starts_with("An offer of $210,000 base + $60,000 equity = $270,000 a year: its base is below"),
        "{text}"
    );
    assert!(text.contains("\n  base      $210,000 against $"), "{text}");
    assert!(text.contains("\n  total     $270,000 against $"), "{text}");
    assert!(!text.contains("-197"), "{text}");
}

/// Every format carries a package, and the CSV/TSV package columns are the JSON's numbers.
#[test]
fn a_package_shows_in_every_format() {
    let args = ["offer", "210k", "--bonus", "20k", "--equity", "60k", "-y", "6", "-c", "seattle"];
    let v = json(&[&args[..], &["-f", "json"]].concat());
    let line = stdout(&[&args[..], &["-f", "jsonl"]].concat());
    assert_eq!(serde_json::from_str::<Value>(&line).unwrap(), v);
    for (format, sep) in [("csv", ','), ("tsv", '\t')] {
        let out = stdout(&[&args[..], &["-f", format]].concat());
        let rows: Vec<Vec<&str>> = out.lines().map(|l| l.split(sep).collect()).collect();
        let cell = |name: &str| rows[1][rows[0].iter().position(|h| *h == name).unwrap()].to_string();
        assert_eq!(rows[0].len(), rows[1].len(), "{out}");
        assert_eq!(
            &rows[0][..7],
            ["amount", "verdict", "position_pct", "gap_to_mid", "compa_ratio", "compared_with", "offer_base"]
        );
        assert_eq!(cell("offer_bonus"), "20000");
        assert_eq!(cell("offer_total"), "290000");
        assert_eq!(cell("total_verdict"), v["total_pay"]["verdict"].as_str().unwrap());
        assert_eq!(cell("total_gap_to_mid"), v["total_pay"]["gap_to_mid"].to_string());
        assert_eq!(cell("total_compa_ratio"), v["total_pay"]["compa_ratio"].to_string());
        assert_eq!(cell("total_mid"), v["estimate"]["total"]["mid"].to_string());
    }
    let text = stdout(&args);
    assert!(
        text.contains("\n  base      $210,000 against") && text.contains("\n  total     $290,000 against"),
        "{text}"
    );
    // Without --years, one row per level, each with its total judged.
    let levels = json(&["offer", "150k", "--equity", "30k", "-c", "sf", "-f", "json"]);
    assert_eq!(levels.as_array().unwrap().len(), 3);
    assert!(levels.as_array().unwrap().iter().all(|o| o["total_pay"]["amount"] == 180_000));
    assert!(stdout(&["offer", "150k", "--equity", "30k", "-c", "sf"]).contains("total verdict"));
    // Without parts, no package fields in CSV and nulls in JSON.
    let plain = json(&["offer", "150k", "-y", "4", "-f", "json"]);
    assert_eq!((&plain["package"], &plain["total_pay"]), (&Value::Null, &Value::Null));
    assert!(!stdout(&["offer", "150k", "-y", "4", "-f", "csv"]).contains("offer_base"));
}

/// `--total` with one amount reads it as total pay, and says so in `--help` and the output.
#[test]
fn with_total_alone_the_amount_is_said_to_be_total_pay() {
    let text = stdout(&["offer", "270k", "-y", "6", "-c", "seattle", "-z", "big-tech", "--total"]);
    assert!(
        text.starts_with("An offer of $270,000 in total pay (with --total, AMOUNT is base + bonus + equity) is below the estimated total."),
        "{text}"
    );
    assert!(text.contains("position  below the low end by $"), "{text}");
    let help = stdout(&["offer", "--help"]);
    assert!(help.contains("With --total and neither --bonus nor --equity, its total pay"), "{help}");
    assert!(help.contains("--bonus <AMOUNT>") && help.contains("--equity <AMOUNT>"), "{help}");
}

/// The survey's pay is gross (bonus included): under `--bands market` the estimate's total is
/// gross + equity, and a package's base + bonus is set against the gross range.
#[test]
fn under_market_bands_no_bonus_is_added_to_gross_pay() {
    let profile = ["-y", "6", "-c", "seattle", "-z", "big-tech", "--bands", "market"];
    let est = estimate(&[&profile[..], &["--total"]].concat());
    assert_eq!(est["bonus"]["in_gross"], true);
    assert_eq!((est["bonus"]["low"].as_i64(), est["bonus"]["high"].as_i64()), (Some(0), Some(0)));
    let (mid, equity_share) = (est["mid"].as_f64().unwrap(), est["equity"]["share"].as_f64().unwrap());
    let total_mid = est["total"]["mid"].as_f64().unwrap();
    assert!((total_mid - mid * (1.0 + equity_share)).abs() <= 1000.0, "{est}");
    let text = stdout(&[&["estimate"][..], &profile, &["--total"]].concat());
    assert!(text.contains("in the gross salary") && text.contains("gross + equity"), "{text}");
    let article = estimate(&["-y", "6", "-c", "seattle", "-z", "big-tech", "--total"]);
    assert!(article["bonus"]["in_gross"] == false && article["bonus"]["low"].as_i64() > Some(0));

    let v = json(
        &[&["offer", "210k", "--bonus", "20k", "--equity", "60k"][..], &profile, &["-f", "json"]].concat(),
    );
    assert_eq!(v["amount"], 230_000, "gross with gross: base + bonus");
    assert_eq!(v["gap_to_mid"].as_f64(), Some(230_000.0 - mid));
    assert_eq!(v["total_pay"]["amount"], 290_000);
    assert_eq!(v["total_pay"]["gap_to_mid"].as_f64(), Some(290_000.0 - total_mid));
    let text = stdout(&[&["offer", "210k", "--bonus", "20k", "--equity", "60k"][..], &profile].concat());
    assert!(
        text.contains("its gross (base + bonus) is") && text.contains("\n  gross     $230,000 against"),
        "{text}"
    );
}

#[test]
fn bad_parts_exit_2_naming_the_flag_and_value() {
    let err = fails(&["offer", "210k", "--equity", "sixty", "-y", "4"], 2);
    assert!(err.starts_with("mlsal: error: invalid value `sixty` for --equity: not an amount"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    let err = fails(&["offer", "210k", "--bonus", "-5k", "-y", "4"], 2);
    assert!(err.contains("`-5k` for --bonus: an amount must be at least 1"), "{err}");
    let err =
        fails(&["offer", "£210k", "--bonus", "€5k", "-y", "4", "-c", "london", "--currency", "local"], 2);
    assert!(err.contains("`€5k` for --bonus: `€` is EUR, not GBP"), "{err}");
    assert_eq!(json(&["offer", "210k", "--bonus", "0", "-y", "4", "-f", "json"])["package"]["bonus"], 0);
}

/// An early-stage startup's equity is unvalued options, left out of the estimate's total: a
/// package's total is then base + bonus too, equity left out on both sides, and the text says so.
#[test]
fn unvalued_options_leave_equity_out_of_both_totals() {
    let args = ["offer", "190k", "--bonus", "5k", "--equity", "15k", "-y", "6", "-c", "sf", "-z", "startup"];
    let v = json(&[&args[..], &["-f", "json"]].concat());
    assert_eq!(v["estimate"]["equity"]["options"], true);
    assert_eq!(v["package"]["total"], 210_000, "the parts as given");
    assert_eq!(v["total_pay"]["amount"], 195_000, "base + bonus against base + bonus");
    let total_mid = v["estimate"]["total"]["mid"].as_i64().unwrap();
    assert_eq!(v["total_pay"]["gap_to_mid"].as_i64(), Some(195_000 - total_mid));
    assert!(stdout(&args).contains("total pay without equity on either side"));
}

/// Issue 29: the Seattle offer a user brought (6 years, a master's, big tech, $210,000 base) is
/// below the range, yet in the middle of real pay for the place: the verdict says both, says why
/// the range is high (the model's factors), with the area's BLS ranks, and which to trust; an
/// offer above an article range says instead that the article's bands run low.
#[test]
fn a_verdict_that_reconciles_says_which_way_the_range_misses() {
    let args = ["offer", "210k", "-y", "6", "-c", "seattle", "-e", "master", "-z", "big-tech"];
    let text = stdout(&args).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("the offer is below the article's range, but at the"), "{text}");
    assert!(text.contains("Trust the survey"), "{text}");
    assert!(text.contains("percentile of software developers and about the"), "{text}");
    assert!(text.contains("the range is the article's band times the model's factors"), "{text}");
    assert!(!text.contains("run low against real pay"), "{text}");
    let v = json(&[&args[..], &["-f", "json"]].concat());
    let notes = v["market"]["notes"].to_string();
    assert!(notes.contains("Trust the survey"), "{notes}");
    let text = stdout(&["offer", "140k", "-l", "entry", "-c", "us"])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains("the offer is above the article's range"), "{text}");
    assert!(text.contains("run low against real pay"), "{text}");
}
