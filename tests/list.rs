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
    assert!(err.contains("choices: location, education, specialization, industry, company-size, bands"));
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
