//! `--as-of YEAR` end to end: the bands' 2024 pay moved to a later year by the yearly change
//! in wages (data/wages.toml), the same in every command and every format.

mod common;

use common::{Temp, fails, json, json_2024, mlsal};
use serde_json::Value;

fn stdout(args: &[&str]) -> String {
    let out = mlsal().args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn with(args: &[&str], more: &[&str]) -> Vec<String> {
    args.iter().chain(more).map(|s| s.to_string()).collect()
}

fn json_of(args: &[String]) -> Value {
    json(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

fn stdout_of(args: &[String]) -> String {
    stdout(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

fn range(v: &Value) -> [i64; 3] {
    ["low", "mid", "high"].map(|k| v[k].as_i64().unwrap_or_else(|| panic!("{k} in {v}")))
}

/// Rounds to the nearest 1,000, half away from zero, as `--round 1000` does.
fn thousand(x: f64) -> i64 {
    ((x / 1000.0).round() * 1000.0) as i64
}

/// The newest year of the wage table (`mlsal list wages`): the default pay year.
fn newest_year() -> i64 {
    let wages = json(&["list", "wages", "-f", "json"]);
    wages.as_array().unwrap().iter().map(|w| w["year"].as_i64().unwrap()).max().unwrap()
}

/// Today's pay by default: with no `--as-of`, every command, every format, prints what
/// `--as-of NEWEST` prints, byte for byte, and says the year; `--as-of 2024` is the bands' own
/// year, where nothing moves.
#[test]
fn the_newest_year_is_the_default() {
    let newest = newest_year().to_string();
    assert!(newest.as_str() > "2024", "the wage table reaches past the bands' year");
    let commands: [&[&str]; 8] = [
        &["estimate", "-y", "4", "-c", "sf"],
        &["estimate", "-c", "london", "--currency", "local", "--total", "-q"],
        &["compare", "-y", "1,4,9", "-c", "sf,nyc"],
        &["whatif", "-y", "2.5", "-c", "austin", "-n", "5"],
        &["offer", "150k", "-y", "4"],
        &["offer", "150k", "--total"],
        &["market", "-y", "4", "-c", "sf"],
        &["market", "-c", "london", "--currency", "local", "-q"],
    ];
    for args in commands {
        for format in ["text", "json", "csv"] {
            let plain = stdout_of(&with(args, &["-f", format]));
            let at = stdout_of(&with(args, &["-f", format, "--as-of", &newest]));
            assert_eq!(plain, at, "{args:?} {format}");
            if format == "text" {
                // In the heading (whatif's estimate heading is its third line; offer's range
                // line, its fourth, says it).
                let heading = plain.lines().take(4).any(|l| l.contains(&format!(" {newest} pay")));
                assert!(heading, "{args:?}: {plain}");
            }
        }
    }
    let v = json(&["estimate", "-y", "4", "-f", "json"]);
    assert_eq!(v["pay_year"].as_i64().map(|y| y.to_string()), Some(newest));
    assert!(v["wage_factor"].as_f64() > Some(1.0) && v.get("wage_growth").is_some(), "{v}");
    let v = json(&["estimate", "-y", "4", "--as-of", "2024", "-f", "json"]);
    assert_eq!((v["pay_year"].as_i64(), v["wage_factor"].as_f64()), (Some(2024), Some(1.0)));
    assert!(v["wage_growth"].is_null(), "null at the bands' year, not missing: {v}");
    let out = mlsal().args(["batch", "-f", "jsonl"]).write_stdin("years\n4\n").output().unwrap();
    let row: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(row["pay_year"].as_i64(), Some(newest_year()), "batch too: {row}");
}

/// At `--as-of 2024` the neutral profile prints the article's bands exactly, and says they are
/// 2024 pay.
#[test]
fn the_neutral_profile_is_the_article() {
    let v = json_2024(&["estimate", "-f", "json"]);
    let got: Vec<[i64; 3]> = v.as_array().unwrap().iter().map(range).collect();
    assert_eq!(got, [[90_000, 105_000, 120_000], [120_000, 140_000, 160_000], [160_000, 180_000, 200_000]]);
    let text = stdout(&["estimate", "--as-of", "2024"]);
    assert!(text.starts_with("ML engineer base salary by level, 2024 pay, USD (article bands)\n"), "{text}");
    assert!(!text.contains("figures x"), "no adjustment line at the bands' year: {text}");
}

/// figures.md by hand: 2025 = x1.033 (December 2025, +3.3%); 2026 = x1.033 x 1.034 =
/// 1.068122, applied as x1.068. The mid band 120,000-160,000 becomes 123,960-165,280 in 2025
/// and 128,160-170,880 in 2026; the mids are 144,620 and 149,520.
#[test]
fn compounding_matches_the_reference_by_hand() {
    let v = json(&["estimate", "-y", "4", "--as-of", "2025", "-f", "json"]);
    assert_eq!((v["pay_year"].as_i64(), v["wage_factor"].as_f64()), (Some(2025), Some(1.033)));
    assert_eq!(range(&v), [124_000, 145_000, 165_000]);
    let v = json(&["estimate", "-y", "4", "--as-of", "2026", "-f", "json"]);
    assert_eq!((v["pay_year"].as_i64(), v["wage_factor"].as_f64()), (Some(2026), Some(1.068)));
    assert_eq!(range(&v), [128_000, 150_000, 171_000]);
    let g = &v["wage_growth"];
    assert_eq!((g["from"].as_i64(), g["provisional"].as_bool()), (Some(2024), Some(true)));
    let changes: Vec<(i64, f64, &str)> = g["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (c["year"].as_i64().unwrap(), c["change_pct"].as_f64().unwrap(), c["status"].as_str().unwrap())
        })
        .collect();
    assert_eq!(changes, [(2025, 3.3, "final"), (2026, 3.4, "provisional")]);
    // The factor applies to the band before the multiplier: sf x1.39 in 2026.
    let v = json(&["estimate", "-y", "4", "-c", "sf", "--as-of", "2026", "-f", "json"]);
    assert_eq!(
        range(&v),
        [
            thousand(120_000.0 * 1.068 * 1.39),
            thousand(140_000.0 * 1.068 * 1.39),
            thousand(160_000.0 * 1.068 * 1.39)
        ]
    );
    assert_eq!(v["base"]["low"], 120_000, "base stays the bands' own figure");
}

#[test]
fn text_names_the_year_the_factor_and_its_source() {
    let text = stdout(&["estimate", "--years", "4", "--as-of", "2026"]);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("ML engineer base salary, 2026 pay, USD (article bands): mid level"),
        "{text}"
    );
    assert_eq!(lines[2].trim_end(), "  base band       $120,000 – $160,000");
    assert!(lines[3].starts_with("  2026 pay        2024 figures "), "{text}");
    for part in ["x1.068", "ECI wages and salaries, private industry", "S25, S26", "2026 provisional"] {
        assert!(lines[3].contains(part), "{part}: {text}");
    }
    assert!(text.contains("estimate        $128,000 – $171,000  (mid $150,000)"), "{text}");
    let text = stdout(&["estimate", "--as-of", "2025"]);
    assert!(text.contains("x1.033") && !text.contains("provisional"), "2025 is a final figure: {text}");
    let text = stdout(&["compare", "-y", "4", "-c", "sf,nyc", "--as-of", "2026"]);
    assert!(
        text.contains("2026 pay: 2024 figures x1.068, ECI wages and salaries, private industry"),
        "{text}"
    );
    let text = stdout(&["offer", "150k", "-y", "4", "--as-of", "2026"]);
    assert!(text.contains("(mid $150,000; base salary, 2026 pay; article bands)"), "{text}");
    // market: the year in its header, the factor and its source under the estimate, and a
    // note that neither the survey's figures (as reported) nor BLS's move with it.
    let text = stdout(&["market", "-y", "4", "-c", "sf", "--as-of", "2026"]);
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.starts_with("Real pay and mlsal, 2026 pay, USD (article bands): mid level"), "{text}");
    assert!(
        words.contains(
            "(mid $208,000) 2026 pay: 2024 figures x1.068, ECI wages and salaries, private industry (S25, S26; 2026 provisional) survey"
        ),
        "{text}"
    );
    assert!(
        words.contains(
            "- the estimate is 2026 pay (2024 figures x1.068); survey figures are shown as reported, pay of their survey year"
        ),
        "{text}"
    );
    let text = stdout(&["market", "-y", "4", "-c", "sf", "--as-of", "2024"]);
    assert!(text.starts_with("Real pay and mlsal, 2024 pay, USD (article bands)"), "{text}");
    assert!(!text.contains("figures x") && !text.contains("wage growth"), "nothing moved at 2024: {text}");
}

/// Every command prices a profile exactly as `estimate` does under `--as-of`, with total pay
/// and another currency too.
#[test]
fn every_command_agrees_with_estimate() {
    for more in [&["--as-of", "2026"][..], &["--as-of", "2025", "--total", "--currency", "EUR"][..]] {
        let est = |y: &str, c: &str| json_of(&with(&["estimate", "-y", y, "-c", c, "-f", "json"], more));
        // compare: each row is the estimate, with its profile.
        let rows = json_of(&with(&["compare", "-y", "1,4", "-c", "sf,berlin", "-f", "json"], more));
        let mut i = 0;
        for y in ["1", "4"] {
            for c in ["sf", "berlin"] {
                let mut row = rows[i].clone();
                row.as_object_mut().unwrap().remove("profile");
                assert_eq!(row, est(y, c), "compare {y} {c} {more:?}");
                i += 1;
            }
        }
        // whatif: the current estimate, and each change is the estimate of the changed profile.
        let w = json_of(&with(&["whatif", "-y", "4", "-c", "berlin", "-n", "3", "-f", "json"], more));
        assert_eq!(w["current"], est("4", "berlin"), "whatif {more:?}");
        for change in w["changes"].as_array().unwrap() {
            if change["factor"] == "location" {
                let to = est("4", change["to"].as_str().unwrap());
                assert_eq!(range(change), range(&to), "whatif change {change} {more:?}");
            }
        }
        // offer: the estimate it compares with.
        let o = json_of(&with(&["offer", "150k", "-y", "4", "-c", "sf", "-f", "json"], more));
        assert_eq!(o["estimate"], est("4", "sf"), "offer {more:?}");
        // market: the estimate beside real pay, in base pay (it refuses --total), by year and
        // by level, the survey and BLS figures in the estimate's currency but not moved.
        let base: Vec<&str> = more.iter().copied().filter(|a| *a != "--total").collect();
        let est_base = |args: &[&str]| json_of(&with(&[&["estimate", "-f", "json"], args].concat(), &base));
        let m = json_of(&with(&["market", "-y", "4", "-c", "sf", "-f", "json"], &base));
        assert_eq!(m["estimate"], est_base(&["-y", "4", "-c", "sf"]), "market {more:?}");
        let levels = json_of(&with(&["market", "-c", "berlin", "-f", "json"], &base));
        let by_level: Vec<&Value> = levels.as_array().unwrap().iter().map(|r| &r["estimate"]).collect();
        let want = est_base(&["-c", "berlin"]);
        assert_eq!(by_level, want.as_array().unwrap().iter().collect::<Vec<_>>(), "market {more:?}");
        let plain = json_of(&with(
            &["market", "-y", "4", "-c", "sf", "-f", "json"],
            &["--currency", "EUR", "--as-of", "2024"],
        ));
        let m = json_of(&with(
            &["market", "-y", "4", "-c", "sf", "-f", "json"],
            &["--currency", "EUR", "--as-of", "2026"],
        ));
        // BLS figures are pay of their release, and the survey's are shown as reported: neither
        // moves with the year (a location-adjusted offer rank does; tests/offer.rs).
        assert_eq!(&m["bls"], &plain["bls"], "BLS not moved by the year");
        assert_eq!(m["survey"]["scale"]["wage"].as_f64(), Some(1.0));
        assert_eq!(m["survey"]["p50"], plain["survey"]["p50"], "the survey as reported, whatever the year");
        // batch: the same low, mid and high for each row.
        let mut batch = mlsal();
        batch.args(with(&["batch", "-f", "jsonl"], more)).write_stdin("years,city\n1,sf\n4,berlin\n");
        let out = batch.output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let lines: Vec<Value> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(range(&lines[0]), range(&est("1", "sf")), "batch {more:?}");
        assert_eq!(range(&lines[1]), range(&est("4", "berlin")), "batch {more:?}");
    }
}

/// CSV carries the year and the factor in every command that prints estimate rows.
#[test]
fn csv_carries_the_year_and_the_factor() {
    for args in [
        &["estimate", "-y", "4"][..],
        &["compare", "-y", "4", "-c", "sf,nyc"][..],
        &["offer", "150k", "-y", "4"][..],
        &["whatif", "-y", "4", "-n", "2"][..],
    ] {
        let text = stdout_of(&with(args, &["-f", "csv", "--as-of", "2026"]));
        let mut lines = text.lines().map(|l| l.split(',').collect::<Vec<_>>());
        let header = lines.next().unwrap();
        let (y, f) = (
            header.iter().position(|c| *c == "pay_year").unwrap(),
            header.iter().position(|c| *c == "wage_factor").unwrap(),
        );
        for row in lines {
            assert_eq!((row[y], row[f]), ("2026", "1.068"), "{args:?}: {text}");
        }
    }
    // market: on its estimate rows; its survey and BLS rows are pay of their own `period`.
    let text = stdout(&["market", "-y", "4", "-c", "nyc", "-f", "csv", "--as-of", "2026"]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let at = |name: &str| header.iter().position(|c| c == name).unwrap();
    let got: Vec<[String; 4]> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            ["kind", "pay_year", "wage_factor", "period"].map(|c| r[at(c)].to_string())
        })
        .collect();
    let want = [
        ["estimate", "2026", "1.068", ""],
        ["survey", "", "", "2024"],
        ["bls", "", "", "May 2025"],
        ["bls", "", "", "May 2025"],
    ];
    assert_eq!(got, want.map(|r| r.map(String::from)), "{text}");
}

/// Total pay follows the year: bonus and equity are shares of the moved base.
#[test]
fn total_pay_follows_the_year() {
    let base = json(&[
        "estimate", "-y", "4", "-z", "large", "--total", "--round", "1", "--as-of", "2024", "-f", "json",
    ]);
    let moved = json(&[
        "estimate", "-y", "4", "-z", "large", "--total", "--round", "1", "--as-of", "2026", "-f", "json",
    ]);
    let (pct, m) = (base["bonus"]["pct"].as_f64().unwrap(), base["multiplier"].as_f64().unwrap());
    let low = 120_000.0 * 1.068 * m;
    assert_eq!(moved["bonus"]["low"].as_i64().unwrap(), (low * pct / 100.0).round() as i64);
    assert_eq!(moved["low"].as_i64().unwrap(), low.round() as i64);
    assert!(moved["total"]["mid"].as_i64() > base["total"]["mid"].as_i64());
}

#[test]
fn years_without_figures_are_usage_errors_naming_the_years() {
    let err = fails(&["estimate", "--as-of", "2023"], 2);
    assert_eq!(
        err,
        "mlsal: error: invalid value `2023` for --as-of: it is before 2024, the year of the tables' pay; years available: 2024 to 2026 (2026 provisional)\n"
    );
    let err = fails(&["compare", "-y", "4", "--as-of", "2027"], 2);
    assert_eq!(
        err,
        "mlsal: error: invalid value `2027` for --as-of: wages.toml has no figure after 2026; years available: 2024 to 2026 (2026 provisional)\n"
    );
    for cmd in [&["whatif"][..], &["offer", "150k"], &["batch", "/dev/null"]] {
        let err = fails(&with(cmd, &["--as-of", "1999"]).iter().map(String::as_str).collect::<Vec<_>>(), 2);
        assert!(err.contains("invalid value `1999` for --as-of"), "{cmd:?}: {err}");
    }
    for bad in ["26", "next", "2026.5", "-2026"] {
        let err = fails(&["estimate", "--as-of", bad], 2);
        assert!(err.contains("expected a year, like 2026"), "{bad}: {err}");
    }
}

/// A user's newer figure extends the years available; a provisional year followed by another
/// is an error that says what to give.
#[test]
fn a_users_wages_overlay_extends_the_years() {
    let dir = Temp::new("wages");
    let y2027 = "[[entry]]\nyear = 2027\nchange_pct = 2.0\nperiod = \"12 months to March 2027\"\nstatus = \"provisional\"\nsource = \"S26\"\nconfidence = \"medium\"\n";
    let final2026 = "[[entry]]\nyear = 2026\nchange_pct = 3.5\nperiod = \"12 months to December 2026\"\nstatus = \"final\"\nsource = \"S26\"\nconfidence = \"medium\"\n\n";
    dir.write("wages.toml", y2027);
    let err = fails(&["--data", dir.str(), "estimate", "--as-of", "2027"], 2);
    assert!(err.contains("wages.toml:2:8: year 2026 is provisional but 2027 has a figure"), "{err}");
    dir.write("wages.toml", &format!("{final2026}{y2027}"));
    let v = json(&["--data", dir.str(), "estimate", "-y", "4", "--as-of", "2027", "-f", "json"]);
    // 1.033 x 1.035 x 1.020 = 1.0905381 -> 1.091
    assert_eq!(v["wage_factor"].as_f64(), Some(1.091));
    assert_eq!(
        range(&v),
        [thousand(120_000.0 * 1.091), thousand(140_000.0 * 1.091), thousand(160_000.0 * 1.091)]
    );
}
