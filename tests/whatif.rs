//! `mlsal whatif` end to end: every gain is the difference of two estimates.

mod common;

use common::{fails, json, mlsal};
use serde_json::Value;

fn whatif(args: &[&str]) -> Value {
    json(&[&["whatif"][..], args, &["--format", "json"]].concat())
}

fn changes(v: &Value) -> Vec<Value> {
    v["changes"].as_array().unwrap().clone()
}

/// The flag that sets a change's `factor`.
fn flag(factor: &str) -> &'static str {
    match factor {
        "years" => "--years",
        "level" => "--level",
        "location" => "--city",
        "education" => "--education",
        "specialization" => "--specialization",
        "industry" => "--industry",
        "company_size" => "--company-size",
        other => panic!("unexpected factor {other}"),
    }
}

/// Replaces (or adds) `flag value` in a profile's flags.
fn with(profile: &[&str], flag: &str, value: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut it = profile.iter();
    while let Some(f) = it.next() {
        let v = it.next().unwrap();
        if *f != flag {
            out.extend([f.to_string(), v.to_string()]);
        }
    }
    out.extend([flag.to_string(), value.to_string()]);
    out
}

fn estimate(flags: &[String]) -> Value {
    let mut args = vec!["estimate"];
    args.extend(flags.iter().map(String::as_str));
    args.extend(["--format", "json"]);
    json(&args)
}

/// Checks every change of `profile` against two runs of `estimate`.
fn gains_are_differences_of_estimates(profile: &[&str]) -> usize {
    let v = whatif(&[profile, &["--all"]].concat());
    let current = estimate(&profile.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    assert_eq!(v["current"], current, "current is the estimate of the profile");
    let current_mid = current["mid"].as_i64().unwrap();
    let all = changes(&v);
    for c in &all {
        let changed =
            estimate(&with(profile, flag(c["factor"].as_str().unwrap()), c["to"].as_str().unwrap()));
        for field in ["low", "mid", "high"] {
            assert_eq!(c[field], changed[field], "{c}");
        }
        let gain = changed["mid"].as_i64().unwrap() - current_mid;
        assert_eq!(c["gain"], gain, "{c}");
        let pct = (gain as f64 / current_mid as f64 * 1000.0).round() / 10.0;
        assert_eq!(c["gain_pct"].as_f64().unwrap(), pct, "{c}");
        assert_ne!(c["from"], c["to"]);
    }
    all.len()
}

fn table_sizes() -> usize {
    let v = json(&["list", "--format", "json"]);
    let rows = v.as_array().unwrap();
    ["location", "education", "specialization", "industry", "company_size"]
        .iter()
        .map(|f| rows.iter().filter(|r| r["factor"] == *f).count() - 1)
        .sum()
}

#[test]
fn every_gain_is_the_difference_of_two_estimates_with_years() {
    let n =
        gains_are_differences_of_estimates(&["--years", "4", "--city", "austin", "--education", "master"]);
    assert_eq!(n, table_sizes() + 3, "every other value of every factor, and +1, +3, +5 years");
}

#[test]
fn every_gain_is_the_difference_of_two_estimates_with_a_level() {
    let n = gains_are_differences_of_estimates(&[
        "--level",
        "mid",
        "--company-size",
        "startup",
        "--industry",
        "nonprofit",
    ]);
    assert_eq!(n, table_sizes() + 2, "every other value of every factor, and the two other levels");
    let v = whatif(&["--level", "mid", "--all"]);
    let levels: Vec<&str> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["factor"] == "level")
        .map(|c| c["to"].as_str().unwrap())
        .collect();
    assert_eq!(levels.len(), 2);
    assert!(levels.contains(&"entry") && levels.contains(&"senior"));
    assert!(v["changes"].as_array().unwrap().iter().all(|c| c["factor"] != "years"));
}

#[test]
fn years_changes_are_capped_at_sixty() {
    let v = whatif(&["--years", "58", "--all"]);
    let mut to: Vec<String> = changes(&v)
        .iter()
        .filter(|c| c["factor"] == "years")
        .map(|c| c["to"].as_str().unwrap().to_string())
        .collect();
    to.sort();
    assert_eq!(to, ["59", "60"]);
    let v = whatif(&["--years", "60", "--all"]);
    assert!(changes(&v).iter().all(|c| c["factor"] != "years"));
}

#[test]
fn ranked_by_gain_largest_first_ties_in_table_order() {
    let all = changes(&whatif(&["--years", "4", "--all"]));
    let list = json(&["list", "--format", "json"]);
    let order = |c: &Value| -> usize {
        // Experience first, then the factors and their entries in `mlsal list` order.
        if c["factor"] == "years" {
            return c["to"].as_str().unwrap().parse::<usize>().unwrap();
        }
        100 + list
            .as_array()
            .unwrap()
            .iter()
            .position(|r| r["factor"] == c["factor"] && r["key"] == c["to"])
            .unwrap()
    };
    for pair in all.windows(2) {
        let (a, b) = (pair[0]["gain"].as_i64().unwrap(), pair[1]["gain"].as_i64().unwrap());
        assert!(a >= b, "{a} before {b}");
        if a == b {
            assert!(order(&pair[0]) < order(&pair[1]), "tie out of order: {} then {}", pair[0], pair[1]);
        }
    }
    assert!(all.windows(2).any(|p| p[0]["gain"] == p[1]["gain"]), "the case has ties");
    assert!(all.iter().any(|c| c["gain"].as_i64().unwrap() < 0), "some changes lower pay");
}

#[test]
fn top_and_all_choose_what_is_shown() {
    let profile = ["--years", "4", "--city", "austin"];
    let all = changes(&whatif(&[&profile[..], &["--all"]].concat()));
    let raising: Vec<Value> = all.iter().filter(|c| c["gain"].as_i64().unwrap() > 0).cloned().collect();
    assert!(raising.len() > 10, "the case has more than 10 raises");
    // Default: the 10 largest gains, none that lowers pay (or leaves it as it is).
    let default = changes(&whatif(&profile));
    assert_eq!(default, raising[..10]);
    let top3 = changes(&whatif(&[&profile[..], &["--top", "3"]].concat()));
    assert_eq!(top3, raising[..3]);
    let unlimited = changes(&whatif(&[&profile[..], &["--top", "0"]].concat()));
    assert_eq!(unlimited, raising);
    let all_top5 = changes(&whatif(&[&profile[..], &["--all", "--top", "5"]].concat()));
    assert_eq!(all_top5, all[..5]);
    // With --all, the changes that lower pay are there, last.
    assert!(all.last().unwrap()["gain"].as_i64().unwrap() < 0);
    fails(&["whatif", "--top", "-1"], 2);
    fails(&["whatif", "--top", "many"], 2);
}

#[test]
fn csv_tsv_and_jsonl_are_one_row_per_change() {
    let args = ["whatif", "-y", "3", "-c", "denver", "-n", "4"];
    let v = json(&[&args[..], &["-f", "json"]].concat());
    let want = changes(&v);
    assert_eq!(want.len(), 4);
    for (format, sep) in [("csv", ','), ("tsv", '\t')] {
        let out = mlsal().args(args).args(["-f", format]).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split(sep).collect()).collect();
        assert_eq!(
            lines[0],
            [
                "factor",
                "from",
                "to",
                "low",
                "mid",
                "high",
                "gain",
                "gain_pct",
                "currency",
                "pay_year",
                "wage_factor",
                "bands"
            ]
        );
        assert_eq!(lines.len(), 1 + 4, "{text}");
        for (row, c) in lines[1..].iter().zip(&want) {
            assert_eq!(row[0], c["factor"].as_str().unwrap());
            assert_eq!(row[2], c["to"].as_str().unwrap());
            assert_eq!(row[6], c["gain"].to_string());
            assert_eq!(row[7].parse::<f64>().unwrap(), c["gain_pct"].as_f64().unwrap());
        }
    }
    let out = mlsal().args(args).args(["-f", "jsonl"]).output().unwrap();
    let got: Vec<Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(got, want);
}

#[test]
fn text_shows_the_current_estimate_then_ranked_gains() {
    let out = mlsal().args(["whatif", "-y", "4", "-c", "austin", "-n", "3"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let v = whatif(&["-y", "4", "-c", "austin", "-n", "3"]);
    let current = mlsal::output::money(v["current"]["mid"].as_i64().unwrap(), "USD");
    let first_gain = mlsal::output::money(v["changes"][0]["gain"].as_i64().unwrap(), "USD");
    let estimate_at = text.find(&format!("(mid {current})")).expect("the current estimate");
    let gain_at = text.find(&format!("+{first_gain} (+")).expect("the first gain");
    assert!(estimate_at < gain_at, "{text}");
    assert!(text.lines().next().unwrap().contains("raise"), "{text}");
    assert!(text.contains("3 of "), "{text}");
    assert!(!text.contains('\x1b'));
}

#[test]
fn a_profile_at_the_edge_of_the_data_is_raised_only_by_another_title_group() {
    // Held at the edge: no degree, industry or size adds anything; only a specialization
    // whose own survey title group reaches higher (research) lifts the edge itself.
    let args = ["-y", "12", "-c", "san-jose", "-e", "phd", "-s", "rl", "-i", "finance", "-z", "big-tech"];
    let v = whatif(&args);
    let all = changes(&v);
    assert!(all.iter().all(|c| c["factor"] == "specialization" && c["to"] == "research"), "{v}");
    let out = mlsal().arg("whatif").args(args).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8(out.stdout).unwrap().contains("at the edge of the data"));
    // The cap itself: nothing raises a profile whose every non-location factor is held.
    let args =
        ["-y", "12", "-c", "san-jose", "-e", "phd", "-s", "research", "-i", "finance", "-z", "big-tech"];
    assert_eq!(changes(&whatif(&args)).len(), 0);
}

#[test]
fn bad_profiles_are_usage_errors() {
    let err = fails(&["whatif", "--city", "seatle"], 2);
    assert!(err.contains("`seattle`"), "{err}");
    fails(&["whatif", "--years", "nan"], 2);
}

#[test]
fn with_total_changes_are_ranked_by_total_pay() {
    let profile = ["--years", "4", "--city", "austin"];
    let v = whatif(&[&profile[..], &["--total", "--all"]].concat());
    let with_total = |flags: Vec<String>| estimate(&[flags, vec!["--total".to_string()]].concat());
    let current = with_total(profile.iter().map(|s| s.to_string()).collect());
    let current_mid = current["total"]["mid"].as_i64().unwrap();
    let all = changes(&v);
    assert!(all.len() > 10);
    for c in &all {
        let changed =
            with_total(with(&profile, flag(c["factor"].as_str().unwrap()), c["to"].as_str().unwrap()));
        assert_eq!(
            c["total"],
            changed["total"]
                .as_object()
                .map(|t| { serde_json::json!({"low": t["low"], "mid": t["mid"], "high": t["high"]}) })
                .unwrap(),
            "{c}"
        );
        assert_eq!(
            c["gain"].as_i64().unwrap(),
            changed["total"]["mid"].as_i64().unwrap() - current_mid,
            "{c}"
        );
    }
    let gains: Vec<i64> = all.iter().map(|c| c["gain"].as_i64().unwrap()).collect();
    assert!(gains.windows(2).all(|w| w[0] >= w[1]), "ranked by total gain: {gains:?}");
}
