//! The pay-equity check (`batch --equity-by COLUMN`): gaps against a reference group within
//! each category, recomputed here from the rows themselves; suppression; the 5% flag; and the
//! usage errors.

mod common;

use common::{batch, fails, jsonl};
use serde_json::Value;

/// A file with one planted gap: in team `ads`, group F is paid 8% less than M for the same
/// profile (4 years in San Francisco). In `search`, F work in Austin and M in San Francisco,
/// each paid as their range's mid (2024 pay) times the same spread: a large raw gap that the
/// profile explains, so no adjusted gap. X has 3 rows in each team (suppressed).
fn file() -> String {
    let mut out = String::from("id,team,gender,years,city,salary\n");
    let mut id = 0;
    for team in ["ads", "search"] {
        for (gender, n) in [("M", 9), ("F", 6), ("X", 3)] {
            for k in 0..n {
                id += 1;
                // `--as-of 2024`, 4 years: mid 195,000 in sf, 143,000 in austin.
                let (city, mid) =
                    if team == "search" && gender == "F" { ("austin", 143_000) } else { ("sf", 195_000) };
                let spread = [100, 105, 95][k % 3];
                let planted = if team == "ads" && gender == "F" { 92 } else { 100 };
                let pay = mid * spread * planted / 10_000;
                out.push_str(&format!("P{id},{team},{gender},4,{city},{pay}\n"));
            }
        }
    }
    out
}

fn rows(flags: &[&str]) -> Vec<Value> {
    let args = ["--equity-by", "gender", "--by", "team", "--as-of", "2024", "-f", "jsonl"];
    let run = batch(&[&args[..], flags].concat(), file());
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    jsonl(&run.stdout)
}

/// The pays of one team and gender, as the file has them.
fn pays(team: &str, gender: &str) -> Vec<f64> {
    file()
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|c| c[1] == team && c[2] == gender)
        .map(|c| c[5].parse().unwrap())
        .collect()
}

fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len() as f64
}

fn median(xs: &[f64]) -> f64 {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 }
}

#[test]
fn the_planted_gap_is_found_and_nothing_else() {
    let rows = rows(&[]);
    assert_eq!(rows.len(), 6, "three groups in each of two teams");
    let flagged: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| r["flagged"] == true)
        .map(|r| (r["team"].as_str().unwrap(), r["gender"].as_str().unwrap()))
        .collect();
    assert_eq!(flagged, [("ads", "F")]);
    for r in &rows {
        let (team, gender) = (r["team"].as_str().unwrap(), r["gender"].as_str().unwrap());
        let xs = pays(team, gender);
        assert_eq!(r["rows"].as_u64(), Some(xs.len() as u64));
        if gender == "X" {
            assert_eq!((r["suppressed"].as_bool(), r["mean_pay"].is_null()), (Some(true), true), "{r}");
            continue;
        }
        // Mean and median pay to the cent, recomputed from the rows.
        assert!((r["mean_pay"].as_f64().unwrap() - mean(&xs)).abs() < 0.006, "{r}");
        assert_eq!(r["median_pay"].as_f64(), Some(median(&xs)), "{r}");
        let m = pays(team, "M");
        let want = ((mean(&m) - mean(&xs)) / mean(&m) * 1000.0).round() / 10.0;
        assert_eq!(r["mean_gap_pct"].as_f64(), Some(want), "{r}");
        assert_eq!(r["reference"].as_bool(), Some(gender == "M"));
    }
    let ads_f = rows.iter().find(|r| r["team"] == "ads" && r["gender"] == "F").unwrap();
    assert_eq!(ads_f["mean_gap_pct"].as_f64(), Some(8.0));
    assert_eq!(ads_f["compa_gap_pct"].as_f64(), Some(8.0), "{ads_f}");
    // Search's raw gap is the cities', which the compa-ratio adjusts for.
    let search_f = rows.iter().find(|r| r["team"] == "search" && r["gender"] == "F").unwrap();
    assert!(search_f["mean_gap_pct"].as_f64().unwrap() > 20.0, "{search_f}");
    assert_eq!(search_f["compa_gap_pct"].as_f64(), Some(0.0), "{search_f}");
}

#[test]
fn a_named_reference_and_every_format() {
    let rows = rows(&["--equity-ref", "F"]);
    let ads_m = rows.iter().find(|r| r["team"] == "ads" && r["gender"] == "M").unwrap();
    assert!(ads_m["mean_gap_pct"].as_f64().unwrap() < 0.0, "M is paid more than the reference F: {ads_m}");
    let csv = batch(&["--equity-by", "gender", "--by", "team"], file());
    let header = csv.stdout.lines().next().unwrap();
    assert!(
        header.starts_with("team,gender,rows,reference,suppressed,mean_pay,median_pay,mean_gap_pct"),
        "{header}"
    );
    assert_eq!(csv.stdout.lines().count(), 7);
    let text = batch(&["--equity-by", "gender", "--by", "team", "-f", "text"], file()).stdout;
    assert!(
        text.contains("FLAGGED") && text.contains("not legal advice") && text.contains("2 suppressed"),
        "{text}"
    );
    let json: Value =
        serde_json::from_str(&batch(&["--equity-by", "gender", "-f", "json"], file()).stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 3, "without --by, one category");
}

#[test]
fn usage_errors_are_named() {
    let err = fails(&["batch", "--by", "team"], 2);
    assert!(err.contains("--summary"), "{err}");
    let run = batch(&["--equity-by", "gender"], "years,gender\n4,F\n");
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("needs a pay column") || run.stderr.contains("pay"), "{}", run.stderr);
    let run = batch(&["--equity-by", "sex", "--by", "team"], file());
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("invalid value `sex` for --equity-by: no such column"), "{}", run.stderr);
    let run = batch(&["--equity-by", "gender", "--by", "gender"], file());
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("it is also a --by category"), "{}", run.stderr);
    fails(&["batch", "--equity-by", "gender", "--summary"], 2);
    fails(&["batch", "--equity-ref", "M"], 2);
}
