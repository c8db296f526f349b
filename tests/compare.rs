//! `mlsal compare` end to end: one row per combination, each the same as `estimate`.

mod common;

use common::{fails, json, json_2024, mlsal, stdout};
use serde_json::Value;

fn rows(args: &[&str]) -> Vec<Value> {
    let mut all = vec!["compare", "--as-of", "2024"];
    all.extend_from_slice(args);
    all.extend(["--format", "json"]);
    json(&all).as_array().unwrap().clone()
}

/// A compare row without its `profile`: what `estimate --format json` prints.
fn estimate_part(row: &Value) -> Value {
    let mut v = row.clone();
    v.as_object_mut().unwrap().remove("profile");
    v
}

#[test]
fn one_row_per_combination_each_equal_to_estimate() {
    let (years, cities, degrees) = (["1", "4", "5", "6", "12"], ["sf", "nyc", "austin"], ["bachelor", "phd"]);
    let got = rows(&["--years", "1,4..6,12", "--city", "sf,nyc,austin", "-e", "bachelor,phd"]);
    assert_eq!(got.len(), years.len() * cities.len() * degrees.len());
    let mut i = 0;
    // Stable order: the flags' order (years slowest), values as given.
    for y in years {
        for c in cities {
            for e in degrees {
                let row = &got[i];
                let want =
                    json_2024(&["estimate", "--years", y, "--city", c, "--education", e, "-f", "json"]);
                assert_eq!(estimate_part(row), want, "row {i}: {y} {c} {e}");
                assert_eq!(row["profile"]["location"], c);
                assert_eq!(row["profile"]["education"], e);
                assert_eq!(row["profile"]["years"], y.parse::<f64>().unwrap());
                assert_eq!(row["profile"]["level"], Value::Null);
                i += 1;
            }
        }
    }
}

#[test]
fn levels_and_every_factor_take_lists() {
    let args = [
        "-l",
        "senior,entry",
        "-c",
        "SF,new york",
        "-s",
        "rl,general",
        "-i",
        "finance,tech",
        "-z",
        "startup,big-tech",
        "-e",
        "master",
    ];
    let got = rows(&args);
    assert_eq!(got.len(), 2 * 2 * 2 * 2 * 2);
    let mut i = 0;
    for l in ["senior", "entry"] {
        for c in ["sf", "nyc"] {
            for s in ["rl", "general"] {
                for ind in ["finance", "tech"] {
                    for z in ["startup", "big-tech"] {
                        let want = json_2024(&[
                            "estimate", "-l", l, "-c", c, "-s", s, "-i", ind, "-z", z, "-e", "master", "-f",
                            "json",
                        ]);
                        assert_eq!(estimate_part(&got[i]), want, "row {i}");
                        let p = &got[i]["profile"];
                        assert_eq!(
                            [
                                &p["level"],
                                &p["location"],
                                &p["specialization"],
                                &p["industry"],
                                &p["company_size"]
                            ],
                            [l, c, s, ind, z]
                        );
                        i += 1;
                    }
                }
            }
        }
    }
}

#[test]
fn without_years_or_level_every_level_is_compared() {
    let got = rows(&["--city", "london,berlin"]);
    let levels: Vec<(&str, &str)> = got
        .iter()
        .map(|r| (r["level"].as_str().unwrap(), r["profile"]["location"].as_str().unwrap()))
        .collect();
    assert_eq!(
        levels,
        [
            ("entry", "london"),
            ("entry", "berlin"),
            ("mid", "london"),
            ("mid", "berlin"),
            ("senior", "london"),
            ("senior", "berlin")
        ]
    );
    let all = json_2024(&["estimate", "--city", "london", "-f", "json"]);
    for (k, level) in [0, 2, 4].into_iter().zip(all.as_array().unwrap()) {
        assert_eq!(&estimate_part(&got[k]), level);
    }
}

#[test]
fn csv_tsv_and_jsonl_rows_match_estimate_rows() {
    let args = ["compare", "--as-of", "2024", "-y", "2.5,7", "-c", "sf,dublin"];
    for (format, sep) in [("csv", ','), ("tsv", '\t')] {
        let text = stdout(&[&args[..], &["-f", format]].concat());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 1 + 4, "{text}");
        let mut i = 1;
        for y in ["2.5", "7"] {
            for c in ["sf", "dublin"] {
                let est = stdout(&["estimate", "--as-of", "2024", "-y", y, "-c", c, "-f", format]);
                let est: Vec<&str> = est.lines().collect();
                assert_eq!(lines[0], est[0], "same header as estimate");
                assert_eq!(lines[i], est[1], "{format} row {i}");
                assert!(lines[i].split(sep).count() > 10);
                i += 1;
            }
        }
    }
    let jsonl = stdout(&[&args[..], &["-f", "jsonl"]].concat());
    let parsed: Vec<Value> = jsonl.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(parsed, rows(&args[3..]));
}

fn key_of(row: &Value, key: &str) -> f64 {
    row[key].as_f64().unwrap()
}

#[test]
fn every_sort_key_orders_highest_first_and_keeps_ties_in_order() {
    // Years 6..8 are all senior, so rows tie in pairs: ties must keep the unsorted order.
    let base = ["--years", "6..8", "--city", "austin,sf,bangalore,nyc", "-z", "startup,big-tech"];
    let unsorted = rows(&base);
    for key in ["low", "mid", "high", "multiplier"] {
        let sorted = rows(&[&base[..], &["--sort", key]].concat());
        assert_eq!(sorted.len(), unsorted.len(), "{key}");
        // The same rows...
        let mut a: Vec<String> = sorted.iter().map(Value::to_string).collect();
        let mut b: Vec<String> = unsorted.iter().map(Value::to_string).collect();
        a.sort();
        b.sort();
        assert_eq!(a, b, "{key}");
        // ...highest first, and equal keys in their original (stable) order.
        let position = |row: &Value| unsorted.iter().position(|u| u == row).unwrap();
        for pair in sorted.windows(2) {
            let (x, y) = (key_of(&pair[0], key), key_of(&pair[1], key));
            assert!(x >= y, "{key}: {x} before {y}");
            if x == y {
                assert!(position(&pair[0]) < position(&pair[1]), "{key}: tie out of order");
            }
        }
        assert!(
            sorted.windows(2).any(|p| key_of(&p[0], key) == key_of(&p[1], key)),
            "{key}: the case has ties"
        );
    }
    fails(&["compare", "--as-of", "2024", "--sort", "median"], 2);
}

#[test]
fn years_ranges_expand_inclusively() {
    let years = |spec: &str| -> Vec<f64> {
        rows(&["--years", spec]).iter().map(|r| r["years"].as_f64().unwrap()).collect()
    };
    assert_eq!(years("0..4"), [0.0, 1.0, 2.0, 3.0, 4.0]);
    assert_eq!(years("0..10:5"), [0.0, 5.0, 10.0]);
    assert_eq!(years("1..8:3"), [1.0, 4.0, 7.0]);
    assert_eq!(years("2..3:0.25"), [2.0, 2.25, 2.5, 2.75, 3.0]);
    assert_eq!(years("60..60"), [60.0]);
    assert_eq!(years("12,0..2,2.5"), [12.0, 0.0, 1.0, 2.0, 2.5]);
    assert_eq!(years("4,4"), [4.0, 4.0], "values as given");
}

#[test]
fn bad_years_exit_2_with_mlsals_message() {
    for bad in [
        "10..2",
        "0..61",
        "-1..3",
        "0..10:0",
        "0..10:-2",
        "0..10:nan",
        "nan",
        "inf",
        "-1",
        "61",
        "0..",
        "a..b",
        "1..2:x",
    ] {
        let err = fails(&["compare", "--as-of", "2024", "--years", bad], 2);
        assert!(err.contains("--years") && err.contains(&format!("`{bad}`")), "{bad}: {err}");
        assert!(!err.contains("unexpected argument"), "{bad}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    let err = fails(&["compare", "--as-of", "2024", "--years", "4", "--level", "mid"], 2);
    assert!(err.contains("--level") && err.contains("--years"), "{err}");
}

#[test]
fn unknown_values_in_a_list_name_the_nearest_key() {
    let err = fails(&["compare", "--as-of", "2024", "--city", "sf,seatle"], 2);
    assert!(
        err.contains("`seatle`") && err.contains("`seattle`") && err.contains("mlsal list location"),
        "{err}"
    );
    let err = fails(&["compare", "--as-of", "2024", "--level", "mid,senoir"], 2);
    assert!(err.contains("`senoir`") && err.contains("`senior`"), "{err}");
    let err = fails(&["compare", "--as-of", "2024", "-z", "startup,bigtech,hueg"], 2);
    assert!(err.contains("`hueg`"), "{err}");
}

#[test]
fn more_than_ten_thousand_combinations_is_an_error_naming_the_count() {
    let cities = "sf,nyc,austin,seattle,boston,la,chicago,denver,london,berlin";
    let specs = "general,nlp,cv,deep-learning,rl,robotics,autonomous-systems,mlops,research,quantum";
    // 100 years x 10 cities x 10 specializations = 10,000: allowed.
    let out =
        stdout(&["compare", "--as-of", "2024", "-y", "0..49.5:0.5", "-c", cities, "-s", specs, "-f", "csv"]);
    assert_eq!(out.lines().count(), 1 + 10_000);
    // 101 x 10 x 10 = 10,100: refused, before anything is built.
    let err = fails(&["compare", "--as-of", "2024", "-y", "0..50:0.5", "-c", cities, "-s", specs], 2);
    assert!(err.contains("10,100") && err.contains("10,000"), "{err}");
    assert!(err.contains("years 101 x city 10 x specialization 10"), "{err}");
    // A range far too fine is counted, not built.
    let err = fails(&["compare", "--as-of", "2024", "-y", "0..60:0.000000001"], 2);
    assert!(err.contains("60,000,000,001"), "{err}");
}

#[test]
fn text_is_an_aligned_table_with_a_bar_per_row_on_one_scale() {
    let text = stdout(&["compare", "--as-of", "2024", "-y", "4", "-c", "sf,nyc,austin"]);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].contains("3 profiles"), "{text}");
    let body: Vec<&str> = lines.iter().copied().filter(|l| l.contains('[')).collect();
    assert_eq!(body.len(), 3, "{text}");
    let bar_at = |l: &str| l.find('[').unwrap();
    assert!(body.iter().all(|l| bar_at(l) == bar_at(body[0])), "bars line up: {text}");
    assert!(body.iter().all(|l| l.ends_with(']')), "{text}");
    let fill = |l: &str| l.chars().filter(|&c| c == '█').count();
    // sf spans the top of the scale, austin the bottom; nyc is narrower than sf.
    assert!(body[0].ends_with("█]") && body[2].contains("[█"), "{text}");
    assert!(fill(body[1]) < fill(body[0]), "{text}");
    // The city varies, so it is a column; education does not, so it is not.
    assert!(lines[2].contains("city") && !lines[2].contains("education"), "{text}");
    assert!(!text.contains('\x1b'), "no colour into a pipe");
    let coloured = stdout(&["compare", "--as-of", "2024", "-y", "4", "-c", "sf,nyc", "--color", "always"]);
    assert!(coloured.contains('\x1b'));
}

#[test]
fn total_adds_the_total_range_to_the_text_table() {
    let args = ["compare", "--as-of", "2024", "-y", "4", "-c", "sf", "-z", "startup,big-tech", "--total"];
    let out = mlsal().args(args).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("total (base + bonus + equity)"), "{text}");
    let rows = json(&[&args[..], &["-f", "json"]].concat());
    for (row, line) in rows.as_array().unwrap().iter().zip(text.lines().skip(3)) {
        let t = &row["total"];
        let range = format!(
            "{} – {}",
            mlsal::output::money(t["low"].as_i64().unwrap(), "USD"),
            mlsal::output::money(t["high"].as_i64().unwrap(), "USD")
        );
        assert!(line.contains(&range), "{line} lacks {range}");
    }
    assert!(text.contains("+ options"), "a startup's equity is unvalued options: {text}");
}
