//! `mlsal list`: the tables, with sources, in every format.

mod common;

use common::{Temp, fails, json, mlsal};
use unicode_width::UnicodeWidthStr;

#[test]
fn list_names_every_required_key() {
    let v = json(&["list", "-f", "json"]);
    let rows = v.as_array().unwrap();
    let keys = |factor: &str| -> Vec<String> {
        rows.iter()
            .filter(|r| r["factor"] == factor)
            .map(|r| r["key"].as_str().unwrap().to_string())
            .collect()
    };
    let required: [(&str, &str); 5] = [
        (
            "location",
            "us remote-us sf san-jose seattle nyc boston dc san-diego la austin dallas chicago atlanta raleigh \
             pittsburgh denver london berlin munich paris amsterdam dublin zurich toronto tel-aviv singapore sydney bangalore",
        ),
        ("education", "none bachelor master phd"),
        (
            "specialization",
            "general nlp cv deep-learning rl robotics autonomous-systems mlops research quantum ai-ethics",
        ),
        (
            "industry",
            "any tech finance healthcare education nonprofit government retail manufacturing research",
        ),
        ("company_size", "any startup small midsize large big-tech"),
    ];
    for (factor, want) in required {
        let have = keys(factor);
        for k in want.split_whitespace() {
            assert!(have.iter().any(|h| h == k), "{factor} lacks {k}");
        }
    }
    for r in rows {
        assert!(!r["source"].as_str().unwrap().is_empty(), "{r}");
        assert!(["high", "medium", "low"].contains(&r["confidence"].as_str().unwrap()), "{r}");
    }
}

#[test]
fn list_one_factor_and_bands() {
    for name in ["company-size", "Company Size", "size"] {
        let v = json(&["list", name, "-f", "json"]);
        assert!(v.as_array().unwrap().iter().all(|r| r["factor"] == "company_size"), "{name}");
    }
    let b = json(&["list", "bands", "-f", "json"]);
    let lows: Vec<f64> = b.as_array().unwrap().iter().map(|r| r["low"].as_f64().unwrap()).collect();
    assert_eq!(lows, [90_000.0, 120_000.0, 160_000.0]);
    let out = mlsal().args(["list", "education", "-f", "csv"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("factor,key,label,aliases,multiplier"), "{text}");
    assert_eq!(text.lines().filter(|l| l.starts_with("education,")).count(), text.lines().count() - 1);
}

#[test]
fn list_unknown_table_is_a_usage_error() {
    let err = fails(&["list", "locaton"], 2);
    assert!(err.contains("`locaton`") && err.contains("`location`"), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(err.contains("choices: location, education, specialization, industry, company_size, bands"));
}

/// A city whose label is wide (CJK, two columns a character) and has a combining accent
/// (no column): the tables are padded by display width, so the next column still lines up.
#[test]
fn wide_and_combining_labels_line_up() {
    let dir = Temp::new("wide");
    dir.write(
        "location.toml",
        "[sources]\nX = \"x\"\n\n[[entry]]\nkey = \"tokyo\"\nlabel = \"東京都 To\u{304}kyo\u{304}\"\n\
         aliases = []\nmultiplier = 0.8\nsource = \"X\"\nconfidence = \"low\"\ncountry = \"JP\"\ncurrency = \"JPY\"\n",
    );
    let text = |args: &[&str]| {
        let out = mlsal().arg("--data").arg(dir.path()).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    // The display column where the multiplier (`x0.80`, `x1.50`, ...) starts on each line.
    let multiplier_at = |line: &str| line.find("  x").map(|i| UnicodeWidthStr::width(&line[..i]));
    for (args, rows) in [
        (&["list", "location"][..], &["tokyo ", "london "][..]),
        (&["estimate", "-y", "4", "-c", "tokyo"][..], &["location ", "education ", "combined "][..]),
    ] {
        let out = text(args);
        assert!(out.contains("東京都"), "{out}");
        let columns: Vec<Option<usize>> = rows
            .iter()
            .map(|start| out.lines().find(|l| l.trim_start().starts_with(start)).and_then(multiplier_at))
            .collect();
        assert!(
            columns[0].is_some() && columns.iter().all(|c| *c == columns[0]),
            "{args:?}: {columns:?}\n{out}"
        );
    }
}

/// 2026-11-29 and 2027-01-02, as seconds since 1970: ages are counted to `SOURCE_DATE_EPOCH`.
const NOV_2026: &str = "1795910400";
const JAN_2027: &str = "1798848000";

fn on(day: &str, args: &[&str]) -> std::process::Output {
    mlsal().env("SOURCE_DATE_EPOCH", day).args(args).output().unwrap()
}

fn text_on(day: &str, args: &[&str]) -> String {
    let out = on(day, args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The overview opens with every table's date and age, counted from the start of the period
/// `as_of` names (2024 is 2024-01-01), the ones over three years old marked.
#[test]
fn list_shows_every_tables_date_and_age() {
    let text = text_on(NOV_2026, &["list"]);
    let block: Vec<&str> = text.lines().take_while(|l| !l.is_empty()).collect();
    assert_eq!(
        block,
        [
            "tables (as of, age)",
            "  bands           2024                   2 years",
            "  location        2025-05                1 year",
            "  education       2019                   7 years, over 3 years",
            "  specialization  2025-01                1 year",
            "  industry        2021                   5 years, over 3 years",
            "  company_size    2026                   10 months",
            "  currencies      2026-10-30             4 weeks",
            "  compensation    2025                   1 year",
            "  wages           2026-04-30             6 months",
            "  market          2025-01-19 to 2025-05  1 year",
        ]
    );
    assert!(text.contains("\nlocation (--city), in the US, as of 2025-05, 1 year old\n"), "{text}");
    let text = text_on(NOV_2026, &["list", "education"]);
    assert!(text.starts_with("education (--education), as of 2019, 7 years old\n"), "{text}");
    let text = text_on(NOV_2026, &["list", "bands"]);
    assert!(
        text.starts_with("bands (base salary, USD, from the article), as of 2024, 2 years old\n"),
        "{text}"
    );
    // Past 2027-01-01 the 2024 bands are over three years old.
    let text = text_on(JAN_2027, &["list", "tables"]);
    assert!(text.contains("\n  bands           2024                   3 years, over 3 years\n"), "{text}");
}

#[test]
fn list_tables_in_json_and_csv() {
    let out = on(NOV_2026, &["list", "tables", "-f", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = v.as_array().unwrap();
    let t = mlsal::data::load_embedded().unwrap();
    assert_eq!(rows.len(), t.dates().len());
    let bands = &rows[0];
    assert_eq!(
        (bands["table"].as_str(), bands["file"].as_str(), bands["as_of"].as_str()),
        (Some("bands"), Some("bands.toml"), Some("2024"))
    );
    // 2024-01-01 to 2026-11-29: 366 + 365 + 332 days.
    assert_eq!(
        (bands["age_days"].as_i64(), bands["age"].as_str(), bands["old"].as_bool()),
        (Some(1063), Some("2 years"), Some(false))
    );
    let old: Vec<&str> =
        rows.iter().filter(|r| r["old"] == true).map(|r| r["table"].as_str().unwrap()).collect();
    assert_eq!(old, ["education", "industry"]);
    // The market table: the survey's file date to the BLS release, aged by the survey's date.
    // 2025-01-19 to 2026-11-29: 365 + 304 (to 2026-11-19) + 10 days.
    let market = rows.last().unwrap();
    assert_eq!(
        (market["file"].as_str(), market["as_of"].as_str(), market["age_days"].as_i64()),
        (Some("market.toml"), Some("2025-01-19 to 2025-05"), Some(679))
    );
    let text = text_on(NOV_2026, &["list", "tables", "-f", "csv"]);
    assert!(
        text.starts_with("table,file,as_of,age_days,age,old\nbands,bands.toml,2024,1063,2 years,false\n"),
        "{text}"
    );
    // Every factor row carries its table's date in JSON too.
    let v = json(&["list", "-f", "json"]);
    assert!(v.as_array().unwrap().iter().all(|r| r["as_of"].is_string()), "{v}");
}

/// Rates replaced in part are dated from the oldest to the newest, and aged by the oldest.
#[test]
fn partly_replaced_rates_show_both_dates() {
    let dir = common::Temp::new("list-rates");
    dir.write("currencies.toml", "as_of = \"2020-03-01\"\nsource = \"S23\"\n\n[[entry]]\ncode = \"GBP\"\nname = \"pound\"\nper_usd = 0.8\n");
    let text = text_on(NOV_2026, &["--data", dir.str(), "list", "tables"]);
    assert!(text.contains("\n  currencies      2020-03-01 to 2026-10-30  6 years, over 3 years\n"), "{text}");
}

#[test]
fn list_wages_shows_each_year_and_the_as_of_factor() {
    let v = json(&["list", "wages", "-f", "json"]);
    let got: Vec<(i64, f64, &str, Option<f64>)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["year"].as_i64().unwrap(),
                r["change_pct"].as_f64().unwrap(),
                r["status"].as_str().unwrap(),
                r["wage_factor"].as_f64(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (2023, 4.3, "final", None),
            (2024, 3.7, "final", Some(1.0)),
            (2025, 3.3, "final", Some(1.033)),
            (2026, 3.4, "provisional", Some(1.068))
        ]
    );
    let text = text_on(NOV_2026, &["list", "wages"]);
    assert!(text.lines().next().unwrap().ends_with(", as of 2026-04-30, 6 months old"), "{text}");
    assert!(
        text.contains("  2026  +3.4%   12 months to March 2026     provisional  x1.068   medium S26\n"),
        "{text}"
    );
}

/// Issue 30: `list compensation` and `list currencies`, which `list tables` names, work in every
/// format: one row per level and company size (equity `null` for a startup's unvalued options)
/// and one per rate, each with its source; CSV and TSV rows are the JSON rows; `list sources`
/// names the two tables among those citing their keys.
#[test]
fn compensation_and_currencies_are_listed_in_every_format() {
    let lines = |args: &[&str]| -> Vec<serde_json::Value> {
        let out = mlsal().args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    };
    let pay = lines(&["list", "compensation", "-f", "jsonl"]);
    assert_eq!(pay.len(), 3 * 6, "3 levels x 6 company sizes");
    let startup = pay.iter().find(|r| r["level"] == "mid" && r["company_size"] == "startup").unwrap();
    assert!(startup["equity"].is_null() && startup["equity_options"] == true, "{startup}");
    let senior = pay.iter().find(|r| r["level"] == "senior" && r["company_size"] == "any").unwrap();
    assert_eq!((senior["bonus_pct"].as_f64(), senior["equity"].as_f64()), (Some(10.0), Some(0.34)));
    assert!(pay.iter().all(|r| r["source"].as_str().is_some_and(|s| !s.is_empty())));
    let rates = lines(&["list", "currencies", "-f", "jsonl"]);
    assert_eq!(rates[0]["code"], "USD");
    assert_eq!(rates[0]["per_usd"], 1.0);
    let gbp = rates.iter().find(|r| r["code"] == "GBP").unwrap();
    assert_eq!(gbp["per_usd"], 0.7463);
    assert!(gbp["citation"].as_str().unwrap().starts_with("European Central Bank"), "{gbp}");
    for (table, rows) in [("compensation", &pay), ("currencies", &rates)] {
        let array = json(&["list", table, "-f", "json"]);
        assert_eq!(array.as_array().unwrap(), rows, "{table}");
        for format in ["csv", "tsv"] {
            let out = String::from_utf8(mlsal().args(["list", table, "-f", format]).output().unwrap().stdout)
                .unwrap();
            let delimiter = if format == "csv" { b',' } else { b'\t' };
            let mut r = csv::ReaderBuilder::new().delimiter(delimiter).from_reader(out.as_bytes());
            let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
            // `data` (which tables) is a JSON field only.
            let mut keys: Vec<&String> =
                rows[0].as_object().unwrap().keys().filter(|k| *k != "data").collect();
            let mut columns: Vec<&String> = header.iter().collect();
            keys.sort();
            columns.sort();
            assert_eq!(columns, keys, "{table} {format}");
            let records: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
            assert_eq!(records.len(), rows.len(), "{table} {format}");
            for (record, row) in records.iter().zip(rows.iter()) {
                for (cell, key) in record.iter().zip(&header) {
                    let want = match &row[key] {
                        serde_json::Value::Null => String::new(),
                        serde_json::Value::String(s) => s.clone(),
                        v => v.to_string().trim_end_matches(".0").to_string(),
                    };
                    assert_eq!(cell, want, "{table} {format} {key}");
                }
            }
        }
    }
    let text = String::from_utf8(mlsal().args(["list", "currencies"]).output().unwrap().stdout).unwrap();
    assert!(text.starts_with("currencies (--currency CODE: units per US dollar)\n"), "{text}");
    assert!(text.contains("  GBP  pound sterling") && text.contains("S28: European Central Bank"), "{text}");
    let text = String::from_utf8(mlsal().args(["list", "compensation"]).output().unwrap().stdout).unwrap();
    assert!(text.contains("equity options (unvalued)") && text.contains("equity x0.34"), "{text}");
    let sources = lines(&["list", "sources", "-f", "jsonl"]);
    let tables_of = |key: &str| sources.iter().find(|s| s["key"] == key).unwrap()["tables"].to_string();
    assert!(tables_of("S28").contains("currencies"), "{}", tables_of("S28"));
    assert!(tables_of("S17").contains("compensation"), "{}", tables_of("S17"));
}
