//! `mlsal batch`: one output row per input row, in order, whatever the input looks like.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::{batch, csv_rows, json, jsonl, mlsal};
use serde_json::Value;

const RESULT_COLUMNS: [&str; 11] = [
    "level",
    "multiplier",
    "low",
    "mid",
    "high",
    "currency",
    "pay_year",
    "wage_factor",
    "bands",
    "bound",
    "error",
];

/// Profiles covering every band, the blend, both bounds, levels and aliases.
const PROFILES: [[&str; 7]; 10] = [
    // years, level, city, education, specialization, industry, company_size
    ["4", "", "sf", "", "", "", ""],
    ["0", "", "", "", "", "", ""],
    ["2.5", "", "london", "master", "", "", ""],
    ["2.25", "", "San Francisco", "phd", "nlp", "tech", "startup"],
    ["5", "", "nyc", "none", "cv", "finance", "big-tech"],
    ["12", "", "san-jose", "phd", "rl", "finance", "big-tech"],
    ["60", "", "bangalore", "none", "general", "education", "startup"],
    ["", "senior", "seattle", "", "mlops", "", "large"],
    ["", "Entry", "bay-area", "master", "", "healthcare", "small"],
    ["7.5", "", "remote-us", "bachelor", "research", "nonprofit", "midsize"],
];

const HEADER: &str = "years,level,city,education,specialization,industry,company_size";

fn profiles_csv() -> String {
    let mut s = format!("{HEADER}\n");
    for p in PROFILES {
        s.push_str(&format!(
            "{}\n",
            p.map(|c| if c.contains(' ') { format!("\"{c}\"") } else { c.into() }).join(",")
        ));
    }
    s
}

/// The same profiles as JSON Lines: every key on every line (empty as null, in the CSV's
/// order), or with `sparse` only the keys that have a value.
fn profiles_jsonl(sparse: bool) -> String {
    let names: Vec<&str> = HEADER.split(',').collect();
    let mut out = String::new();
    for p in PROFILES {
        let fields: Vec<String> = names
            .iter()
            .zip(p)
            .filter(|(_, v)| !sparse || !v.is_empty())
            .map(|(k, v)| format!("\"{k}\":{}", if v.is_empty() { Value::Null } else { Value::from(v) }))
            .collect();
        out.push_str(&format!("{{{}}}\n", fields.join(",")));
    }
    out
}

/// A profile row as `estimate` flags (empty cells left out).
fn profile_flags<'a>(p: &[&'a str; 7]) -> Vec<&'a str> {
    let flags =
        ["--years", "--level", "--city", "--education", "--specialization", "--industry", "--company-size"];
    flags.iter().zip(p).filter(|(_, v)| !v.is_empty()).flat_map(|(f, v)| [*f, *v]).collect()
}

#[test]
fn batch_results_equal_estimate_for_the_same_profile() {
    for round in ["1000", "1"] {
        let run = batch(&["-f", "jsonl", "--round", round], profiles_csv());
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        let rows = jsonl(&run.stdout);
        assert_eq!(rows.len(), PROFILES.len());
        for (p, row) in PROFILES.iter().zip(&rows) {
            let mut args = vec!["estimate", "-f", "json", "--round", round];
            args.extend(profile_flags(p));
            let want = json(&args);
            for field in ["level", "multiplier", "low", "mid", "high", "currency"] {
                assert_eq!(
                    row[field].as_f64().map_or(row[field].clone(), Value::from),
                    {
                        let w = &want[field];
                        w.as_f64().map_or(w.clone(), Value::from)
                    },
                    "{args:?} {field}"
                );
            }
            assert_eq!(row["error"], Value::Null);
        }
    }
}

#[test]
fn csv_and_json_lines_input_give_the_same_results() {
    for format in ["csv", "tsv", "jsonl", "json"] {
        let from_csv = batch(&["-f", format], profiles_csv());
        let from_jsonl = batch(&["-f", format], profiles_jsonl(false));
        assert_eq!(from_csv.code, Some(0), "{}", from_csv.stderr);
        assert_eq!(from_jsonl.code, Some(0), "{}", from_jsonl.stderr);
        if format == "csv" {
            // CSV to CSV writes a good row's input as it was read: the same cells, the input's
            // own quoting (`"San Francisco"` needs none, but was given with it).
            assert_eq!(csv_rows(&from_csv.stdout), csv_rows(&from_jsonl.stdout));
            assert!(from_csv.stdout.contains("\n2.25,,\"San Francisco\",phd,"), "{}", from_csv.stdout);
            assert!(from_jsonl.stdout.contains("\n2.25,,San Francisco,phd,"), "{}", from_jsonl.stdout);
        } else if format == "tsv" {
            assert_eq!(from_csv.stdout, from_jsonl.stdout, "{format}");
        } else {
            // In JSON, each input writes its values as given: CSV's text, JSON Lines' values
            // (here `null` where the CSV cell is empty); the results are the same.
            let rows = |t: &str| -> Vec<Value> {
                let t = t.trim_start_matches('[');
                t.lines()
                    .filter(|l| l.starts_with('{'))
                    .map(|l| l.trim_end_matches(',').parse().unwrap())
                    .collect()
            };
            let (csv, json) = (rows(&from_csv.stdout), rows(&from_jsonl.stdout));
            assert_eq!(csv.len(), PROFILES.len(), "{format}");
            for (c, j) in csv.iter().zip(&json) {
                for (key, value) in c.as_object().unwrap() {
                    let given = if value == "" { &Value::Null } else { value };
                    assert_eq!(given, &j[key], "{format} {key}");
                }
                assert_eq!(c.as_object().unwrap().len(), j.as_object().unwrap().len());
            }
        }
    }
    // Lines that leave keys out: the same results (the columns are every valid one).
    let results = |t: &str| -> Vec<Vec<Value>> {
        jsonl(t).iter().map(|r| RESULT_COLUMNS.iter().map(|c| r[c].clone()).collect()).collect()
    };
    let sparse = batch(&["-f", "jsonl"], profiles_jsonl(true));
    assert_eq!(sparse.code, Some(0), "{}", sparse.stderr);
    assert_eq!(results(&sparse.stdout), results(&batch(&["-f", "jsonl"], profiles_csv()).stdout));
    // Numbers in JSON are read as the text they would be in CSV.
    let a = batch(&[], "{\"years\": 4, \"city\": \"sf\"}\n{\"years\": 2.5, \"city\": null}\n");
    let b =
        batch(&[], "years,city,level,education,specialization,industry,company_size\n4,sf,,,,,\n2.5,,,,,,\n");
    assert_eq!((a.code, &a.stdout), (Some(0), &b.stdout), "{}", a.stderr);
}

#[test]
fn count_and_order_are_kept_with_bad_rows_mixed_in() {
    let cities = ["sf", "seatle", "london", "berlin", "nowhere", "nyc", "austin"];
    let mut input = String::from("years,city\n");
    for i in 0..70 {
        let years = if i % 9 == 4 { "abc".to_string() } else { format!("{}", i % 15) };
        input.push_str(&format!("{years},{}\n", cities[i % cities.len()]));
    }
    let run = batch(&[], input.clone());
    assert_eq!(run.code, Some(1));
    let (header, rows) = csv_rows(&run.stdout);
    assert_eq!(header, ["years", "city"].iter().chain(&RESULT_COLUMNS).copied().collect::<Vec<_>>());
    assert_eq!(rows.len(), 70);
    let mut bad_lines = Vec::new();
    for (i, (row, line)) in rows.iter().zip(input.lines().skip(1)).enumerate() {
        assert_eq!(row[..2].join(","), line, "row {i} in order");
        let bad = i % 9 == 4 || ["seatle", "nowhere"].contains(&cities[i % cities.len()]);
        assert_eq!(!row[12].is_empty(), bad, "row {i}: {row:?}");
        assert_eq!(row[2..11].iter().all(String::is_empty), bad, "row {i}: {row:?}");
        if bad {
            bad_lines.push(i + 2);
        }
    }
    let reported: Vec<usize> = run
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("mlsal: error: line ")?.split(':').next()?.parse().ok())
        .collect();
    assert_eq!(reported, bad_lines);
    assert!(run.stderr.ends_with(&format!("mlsal: error: {} of 70 rows had errors\n", bad_lines.len())));
    assert!(run.stderr.contains("did you mean `seattle`?"), "{}", run.stderr);
}

#[test]
fn strict_stops_at_the_first_bad_row() {
    let run = batch(&["--strict"], "years,city\n4,sf\n5,seatle\n6,nowhere\n");
    assert_eq!(run.code, Some(1));
    let (_, rows) = csv_rows(&run.stdout);
    assert_eq!(rows.len(), 1, "only the rows before the bad one");
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.starts_with("mlsal: error: line 3: unknown location `seatle`"), "{}", run.stderr);
    let run = batch(&["--strict", "-f", "json"], "years,city\n4,sf\n5,seatle\n");
    assert_eq!(serde_json::from_str::<Value>(&run.stdout).unwrap().as_array().unwrap().len(), 1);
}

#[test]
fn crlf_quotes_bom_and_blank_lines() {
    let input = "\u{feff}years,city,education\r\n\r\n4,\"San Francisco\",phd\r\n\n  \n\"5\",\"new\nyork\",\"master\"\r\n6,sf,\"ph\"\"d\"\r\n7,london,none";
    let run = batch(&[], input);
    let (header, rows) = csv_rows(&run.stdout);
    assert_eq!(header[0], "years", "the BOM is not part of the first name");
    assert_eq!(rows.len(), 4, "blank lines give no rows: {}", run.stdout);
    assert_eq!(rows[0][..3], ["4", "San Francisco", "phd"]);
    assert_eq!(rows[0][3], "mid");
    assert_eq!(rows[1][1], "new\nyork", "a quoted line break is kept");
    assert_eq!(rows[2][2], "ph\"d", "doubled quotes read as one");
    assert_eq!(rows[3][..4], ["7", "london", "none", "senior"], "a last line without a line end");
    // Line numbers count physical lines, blank ones included; each error stays on one line.
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{}", run.stderr);
    assert!(lines[0].starts_with("mlsal: error: line 6: unknown location `new\\nyork`"), "{}", run.stderr);
    assert!(lines[1].starts_with("mlsal: error: line 8: unknown education `ph\"d`"), "{}", run.stderr);
    assert_eq!(lines[2], "mlsal: error: 2 of 4 rows had errors");
    assert_eq!(run.code, Some(1));
}

/// CSV to CSV: a good row's input is written exactly as read (its own quotes, its odd but
/// readable quoting, bytes that are not UTF-8 in a pass-through column), less its line end;
/// TSV output, a bad row and a last row left inside an open quote are written cell by cell.
#[test]
fn good_csv_rows_are_written_as_read() {
    let input = &b"id,name,years,city\r\n\"E1\",\"Doe, Jo\",4,\"sf\"\r\nE2,\"a\r\nb\"c,\"5\",sf\nE\xff3,\"Kim \"\"K\"\"\",6,london\nE4,\"x\",7,seatle\nE\xff6,y,9,nowhere\nE7,z\nE5,\"open,8,sf"[..];
    let run = mlsal().arg("batch").write_stdin(input).output().unwrap();
    assert_eq!(run.status.code(), Some(1), "bad rows");
    let out = run.stdout;
    let text = String::from_utf8_lossy(&out);
    let lines: Vec<&[u8]> = out.split(|&b| b == b'\n').collect();
    assert_eq!(
        lines[0],
        b"id,name,years,city,level,multiplier,low,mid,high,currency,pay_year,wage_factor,bands,bound,error"
    );
    assert!(lines[1].starts_with(b"\"E1\",\"Doe, Jo\",4,\"sf\",mid,"), "{text}");
    assert!(lines[1].ends_with(b",article,,"), "no \\r before the results or at the end: {text}");
    // A quoted line break is written as read, inside its quotes; so is a quote after them.
    assert_eq!(lines[2], b"E2,\"a\r", "{text}");
    assert!(lines[3].starts_with(b"b\"c,\"5\",sf,mid,"), "{text}");
    assert!(lines[4].starts_with(b"E\xff3,\"Kim \"\"K\"\"\",6,london,senior,"), "{text}");
    // A bad row of the header's width is written as read too, if it is UTF-8; else, or if it
    // has too few or too many cells, its cells are written anew, as text (U+FFFD for bytes
    // that are not UTF-8), quoted where needed.
    assert!(lines[5].starts_with(b"E4,\"x\",7,seatle,,,,"), "{text}");
    assert!(lines[6].starts_with("E\u{fffd}6,y,9,nowhere,,,,".as_bytes()), "{text}");
    assert!(lines[7].starts_with(b"E7,z,,,,,"), "{text}");
    // The parser closes the open quote at the end of the input; the row's bytes cannot be
    // followed by more cells, so its cells are written.
    assert!(lines[8].starts_with(b"E5,\"open,8,sf\",,"), "{text}");
    assert_eq!(lines.len(), 10, "and a line end after the last row: {text}");
    // Read back, the cells are the input's.
    let (_, rows) = csv_rows(&text);
    let cells: Vec<&[String]> = rows.iter().map(|r| &r[..4]).collect();
    assert_eq!(cells[0], ["E1", "Doe, Jo", "4", "sf"]);
    assert_eq!(cells[1], ["E2", "a\r\nbc", "5", "sf"]);
    assert_eq!(cells[2], ["E\u{fffd}3", "Kim \"K\"", "6", "london"]);
    assert_eq!(cells[3], ["E4", "x", "7", "seatle"]);
    assert_eq!(cells[6], ["E5", "open,8,sf", "", ""]);
    // TSV: every cell written anew, never quoted: a tab, line break or backslash escaped, so a
    // line is a row and a tab a column break; unescaped, the same cells and results.
    let tsv = mlsal().args(["batch", "-f", "tsv"]).write_stdin(input).output().unwrap().stdout;
    let tsv = String::from_utf8_lossy(&tsv);
    let tsv_rows: Vec<Vec<String>> =
        tsv.lines().skip(1).map(|l| l.split('\t').map(common::tsv_unescape).collect()).collect();
    assert_eq!(tsv_rows, rows);
    assert!(tsv.contains("\nE1\tDoe, Jo\t4\tsf\tmid\t"), "{tsv}");
    assert!(tsv.contains("\nE2\ta\\r\\nbc\t5\tsf\tmid\t"), "{tsv}");
    assert!(tsv.contains("\tKim \"K\"\t"), "{tsv}");
}

#[test]
fn short_and_long_rows_are_row_errors() {
    let run = batch(&[], "years,city,education\n4,sf\n4,sf,phd\n4,sf,phd,extra\n");
    assert_eq!(run.code, Some(1));
    let (_, rows) = csv_rows(&run.stdout);
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r.len() == 14), "every output row has every column: {rows:?}");
    assert_eq!(rows[0][..3], ["4", "sf", ""]);
    assert!(rows[0][13].starts_with("2 fields, expected 3"), "{:?}", rows[0]);
    assert_eq!(rows[1][13], "");
    assert!(rows[2][13].starts_with("4 fields, expected 3"), "{:?}", rows[2]);
    assert!(
        run.stderr.contains("line 2: 2 fields") && run.stderr.contains("line 4: 4 fields"),
        "{}",
        run.stderr
    );
}

#[test]
fn invalid_utf8_is_a_row_error_not_a_crash() {
    for format in ["csv", "jsonl"] {
        let run = batch(&["-f", format], &b"years,city\n4,s\xfff\n4,sf\n"[..]);
        assert_eq!(run.code, Some(1), "{format}");
        assert!(run.stderr.contains("line 2: column `city` is not valid UTF-8"), "{}", run.stderr);
        assert_eq!(run.stdout.lines().count(), if format == "csv" { 3 } else { 2 });
        assert!(run.stdout.contains("s\u{fffd}f"), "shown with a replacement character: {}", run.stdout);
    }
    let run = batch(&[], &b"{\"years\":4,\"city\":\"sf\"}\n{\"years\":4,\"city\":\"s\xfff\"}\n"[..]);
    assert_eq!(run.code, Some(1));
    assert_eq!(run.stdout.lines().count(), 3);
    assert!(run.stderr.contains("line 2: not a JSON object"), "{}", run.stderr);
}

#[test]
fn header_only_and_empty_inputs() {
    let run = batch(&[], "years,city\r\n");
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (
            Some(0),
            "years,city,level,multiplier,low,mid,high,currency,pay_year,wage_factor,bands,bound,error\n"
        )
    );
    assert_eq!(run.stderr, "");
    let run = batch(&["-f", "tsv"], "years,city\n\n\n");
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (
            Some(0),
            "years\tcity\tlevel\tmultiplier\tlow\tmid\thigh\tcurrency\tpay_year\twage_factor\tbands\tbound\terror\n"
        )
    );
    // No input at all still gives the columns: every profile column, then the results.
    let columns = "years,input_level,city,education,specialization,industry,company_size,\
                   level,multiplier,low,mid,high,currency,pay_year,wage_factor,bands,bound,error\n";
    for (format, want) in [("csv", columns), ("jsonl", ""), ("json", "[]\n")] {
        for input in ["", "\u{feff}", "\n\n"] {
            let run = batch(&["-f", format], input);
            let got = (run.code, run.stdout.as_str(), run.stderr.as_str());
            assert_eq!(got, (Some(0), want, ""), "{format} {input:?}");
        }
    }
    let run = batch(&["-f", "json"], "years,city\n");
    assert_eq!((run.code, run.stdout.as_str()), (Some(0), "[]\n"));
}

#[test]
fn a_misspelt_column_is_warned_about_and_passed_through() {
    // A column one typo away from a profile column passes through like any other, with one
    // warning naming the column meant; its profile column takes its default.
    let run = batch(&[], "years,citty\n4,sf\n5,nyc\n");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "mlsal: warning: column `citty` is passed through as it is not a profile column: did you mean `city`?\n"
    );
    let (header, rows) = csv_rows(&run.stdout);
    assert_eq!(header, ["years", "citty"].iter().chain(&RESULT_COLUMNS).copied().collect::<Vec<_>>());
    assert_eq!(rows[1][..3], ["5", "nyc", "mid"]);
    assert_eq!(
        rows[1][4],
        batch(&[], "years\n5\n").stdout.lines().nth(1).unwrap().split(',').nth(3).unwrap()
    );
    assert_eq!(batch(&["-q"], "years,citty\n4,sf\n").stderr, "", "--quiet silences the warning");
    // With --strict it is an error, before any row.
    let run = batch(&["--strict"], "years,citty\n4,sf\n");
    assert_eq!((run.code, run.stdout.as_str()), (Some(2), ""));
    assert!(
        run.stderr.starts_with("mlsal: error: column `citty` looks like a misspelt `city`"),
        "{}",
        run.stderr
    );
    let run = batch(&[], "city\nsf\n");
    assert!(run.stderr.contains("no `years` or `level` column"), "{}", run.stderr);
    // In JSON Lines every line stands alone: a line that is no object is that row's error,
    // even the first, and the rows after it are still estimated.
    let run = batch(&["--input-format", "jsonl"], "garbage\n{\"years\":4,\"city\":\"sf\"}\n");
    assert_eq!(run.code, Some(1));
    let (header, rows) = csv_rows(&run.stdout);
    assert_eq!(rows.len(), 2, "{}", run.stdout);
    let error = header.iter().position(|h| h == "error").unwrap();
    assert!(!rows[0][error].is_empty() && rows[1][error].is_empty(), "{rows:?}");
    assert!(run.stderr.starts_with("mlsal: error: line 1: not a JSON object"), "{}", run.stderr);
    // The first line's keys are the columns, as a CSV header: a misspelt one is warned about.
    let run = batch(&[], "{\"years\":4,\"citty\":\"sf\"}\n");
    assert_eq!(run.code, Some(0));
    assert!(run.stderr.contains("column `citty` is passed through"), "{}", run.stderr);
    // A later line may use any profile column; a key that is neither a column of the first
    // line nor a profile column is a row error.
    let run = batch(&[], "{\"years\":4}\n{\"years\":4,\"city\":\"sf\"}\n{\"years\":4,\"citty\":\"sf\"}\n");
    assert_eq!(run.code, Some(1));
    let (header, rows) = csv_rows(&run.stdout);
    assert_eq!(header[..3], ["years", "input_level", "city"], "first line's keys, then the other columns");
    assert_eq!(rows.len(), 3);
    let error = header.iter().position(|h| h == "error").unwrap();
    assert_eq!((rows[1][2].as_str(), rows[1][error].as_str()), ("sf", ""), "{rows:?}");
    assert_eq!(run.stderr.lines().count(), 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("line 3: key `citty` is not a column (did you mean `city`?)"),
        "{}",
        run.stderr
    );
}

#[test]
fn columns_in_any_order_and_missing_ones_take_defaults() {
    let a = batch(&["-f", "jsonl"], "company_size,City,YEARS\nbig-tech,sf,4\n");
    let b = batch(&["-f", "jsonl"], "years,location,company-size,education\n4,sf,big-tech,\n");
    let pick = |t: &str| RESULT_COLUMNS.iter().map(|c| jsonl(t)[0][c].clone()).collect::<Vec<_>>();
    assert_eq!(pick(&a.stdout), pick(&b.stdout));
    assert_eq!(jsonl(&a.stdout)[0]["City"], "sf", "input columns are kept as named");
    // An input `level` column is kept as `input_level`, so no key is repeated.
    let run = batch(&["-f", "jsonl"], "level,city\nSenior,sf\n");
    let row = &jsonl(&run.stdout)[0];
    assert_eq!((row["input_level"].as_str(), row["level"].as_str()), (Some("Senior"), Some("senior")));
    let run = batch(&[], "level,city\nSenior,sf\n");
    assert!(run.stdout.starts_with("input_level,city,level,"), "{}", run.stdout);
}

#[test]
fn a_row_without_years_or_level_is_a_row_error() {
    let run = batch(&[], "years,level,city\n,,sf\n4,mid,sf\n4,senior,sf\n2.5,entry-mid,sf\n");
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("line 2: no `years` or `level` in this row"), "{}", run.stderr);
    // A level that agrees with the years (as an earlier output's does) is fine, blends included;
    // one that disagrees is the row's error, naming both.
    assert!(!run.stderr.contains("line 3") && !run.stderr.contains("line 5"), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "line 4: level `senior` disagrees with years `4`, which give `mid`: give one of them, or correct the other"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("2 of 4 rows had errors"), "{}", run.stderr);
}

#[test]
fn json_lines_output_parses_line_by_line_and_json_as_one_array() {
    let run = batch(&["-f", "jsonl"], profiles_csv());
    let rows = jsonl(&run.stdout);
    assert_eq!(rows.len(), PROFILES.len());
    for (r, line) in rows.iter().zip(run.stdout.lines()) {
        // Keys in a stable order: the input's (`level` kept as `input_level`), then the results.
        let keys = HEADER.replace("level", "input_level");
        let mut at = 0;
        for key in keys.split(',').chain(RESULT_COLUMNS) {
            let found =
                line[at..].find(&format!("\"{key}\":")).unwrap_or_else(|| panic!("{key} after {at}: {line}"));
            at += found + 1;
        }
        // The years read from CSV are a number (null for a row priced by its level).
        assert!(
            r["low"].is_i64()
                && r["multiplier"].is_number()
                && (r["years"].is_number() || r["years"].is_null())
        );
    }
    let all: Value = serde_json::from_str(&batch(&["-f", "json"], profiles_csv()).stdout).unwrap();
    assert_eq!(all.as_array().unwrap(), &rows);
}

#[test]
fn file_argument_dash_and_missing_file() {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("profiles.csv");
    std::fs::write(&path, profiles_csv()).unwrap();
    let from_file = mlsal().args(["batch"]).arg(&path).output().unwrap();
    let from_dash = batch(&["-"], profiles_csv());
    assert!(from_file.status.success());
    assert_eq!(String::from_utf8(from_file.stdout).unwrap(), from_dash.stdout);
    let forced = batch(&["--input-format", "csv"], "{\"years\":4}\n");
    assert!(forced.stderr.contains("no profile column among `{\"years\":4}`"), "{}", forced.stderr);
    let err = common::fails(&["batch", "/no/such/file.csv"], 2);
    assert!(err.contains("/no/such/file.csv"), "{err}");
    common::fails(&["batch", "-f", "text"], 2);
}

/// Spawns `mlsal args` on `input`, reads one line of output, then closes the pipe: mlsal
/// must end with status 0 and say nothing.
fn read_one_line_then_close(args: &[&str], input: &std::path::Path) {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("mlsal"))
        .args(args)
        .arg(input)
        .env("RUST_BACKTRACE", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert!(!line.is_empty(), "{args:?}");
    drop(reader);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_closed_pipe_ends_batch_quietly_in_every_format() {
    // Far more output than any pipe buffer, so mlsal is still writing when the reader goes.
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("many.csv");
    let mut text = String::from("years,city,education\n");
    for i in 0..100_000 {
        text.push_str(&format!("{}.5,{},phd\n", i % 12, ["sf", "london", "nyc"][i % 3]));
    }
    std::fs::write(&path, text).unwrap();
    for format in ["csv", "tsv", "jsonl", "json"] {
        read_one_line_then_close(&["batch", "-f", format], &path);
    }
}

/// Bad rows too: once the reader is gone, batch stops at the broken pipe, quietly, and tells
/// of no more bad rows (their rows were never delivered), rather than report every one of
/// them to the end of its chunk or file.
#[test]
fn a_closed_pipe_ends_batch_quietly_when_rows_have_errors() {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("many-bad.csv");
    std::fs::write(&path, format!("years,city\n{}", "4,nowhere\n".repeat(200_000))).unwrap();
    for format in ["csv", "tsv", "jsonl", "json"] {
        read_one_line_then_close(&["batch", "-f", format], &path);
    }
}

#[test]
fn completions_and_man_page_are_generated() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = mlsal().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("batch") && text.contains("company-size"), "{shell}: {text}");
    }
    common::fails(&["completions", "tcsh"], 2);
    let out = mlsal().arg("man").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with(".ie") || text.contains(".TH mlsal"), "{text}");
    assert!(text.contains("estimate") && text.contains("batch"));
}

/// Large inputs are split among threads (for every format but `json`, which is written by one
/// thread): the rows, their order, the bad rows and their line numbers must come out the same.
#[test]
fn split_and_single_threaded_runs_agree_on_a_large_messy_input() {
    let mut input = String::from("years,city,education\n");
    for i in 0..60_000 {
        match i % 997 {
            0 => input.push_str(&format!("{},\"new\nyork\",phd\n", i % 20)),
            1 => input.push('\n'),
            2 => input.push_str(&format!("{},nowhere,phd\n", i % 20)),
            3 => input.push_str(&format!("{},\"San Francisco\",\"mas\"\"ter\"\r\n", i % 20)),
            _ => {
                input.push_str(&format!("{}.5,{},master\n", i % 20, ["sf", "london", "nyc", "berlin"][i % 4]))
            }
        }
    }
    let split = batch(&["-f", "jsonl"], input.clone());
    let single = batch(&["-f", "json"], input);
    assert_eq!((split.code, single.code), (Some(1), Some(1)));
    assert_eq!(split.stderr, single.stderr, "same errors, same line numbers, same order");
    assert!(split.stderr.lines().count() > 100, "{}", split.stderr.lines().count());
    // The array is one JSON document whose elements are the JSON Lines rows, byte for byte, one
    // a line between its brackets (compared as text: parsing 60,000 objects twice took most of
    // this test's time).
    let rows: Vec<&str> = split.stdout.lines().collect();
    let array: Vec<&str> = single.stdout.lines().collect();
    assert_eq!((array.first(), array.last()), (Some(&"["), Some(&"]")));
    let elements: Vec<&str> =
        array[1..array.len() - 1].iter().map(|l| l.strip_suffix(',').unwrap_or(l)).collect();
    assert_eq!(elements, rows);
    let all: Value = serde_json::from_str(&single.stdout).unwrap();
    assert_eq!(all.as_array().map(Vec::len), Some(rows.len()));
    assert_eq!(rows.len(), 60_000 - 61, "blank lines give no rows");
}

/// The columns `--total` adds, after `currency` and before `error`.
const TOTAL_COLUMNS: [&str; 8] = [
    "bonus_low",
    "bonus_high",
    "equity_low",
    "equity_high",
    "equity_options",
    "total_low",
    "total_mid",
    "total_high",
];

/// `mlsal estimate ARGS -f csv` as column -> value.
fn estimate_csv(args: &[&str]) -> std::collections::HashMap<String, String> {
    let out = mlsal().arg("estimate").args(args).args(["-f", "csv"]).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    let (header, rows) = csv_rows(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(rows.len(), 1, "{args:?}");
    header.into_iter().zip(rows[0].clone()).collect()
}

/// With `--total`, every batch row carries exactly the bonus, equity and total columns that
/// `estimate --total` prints for the same profile (equity `options` for a startup), in CSV,
/// TSV, JSON Lines and JSON, whatever the currency and rounding.
#[test]
fn batch_total_equals_estimate_total_for_the_same_profile() {
    let mut profiles = PROFILES.to_vec();
    // A startup in the 2-3 year blend: options on both sides of the blend.
    profiles.push(["2.5", "", "berlin", "", "", "", "startup"]);
    profiles.push(["2.5", "", "sf", "phd", "", "", "large"]);
    let mut input = format!("{HEADER}\n");
    for p in &profiles {
        input.push_str(&p.map(|c| if c.contains(' ') { format!("\"{c}\"") } else { c.into() }).join(","));
        input.push('\n');
    }
    // `bound` is estimate's `capped` told apart (edge, cap or floor): compared below as that.
    let compared: Vec<&str> = RESULT_COLUMNS[..RESULT_COLUMNS.len() - 1]
        .iter()
        .copied()
        .filter(|c| *c != "bound")
        .chain(TOTAL_COLUMNS)
        .collect();
    for options in [&["--total"][..], &["--total", "--round", "1"], &["--total", "--currency", "local", "-q"]]
    {
        let run = batch(&[options, &["-f", "csv"][..]].concat(), input.clone());
        assert_eq!((run.code, run.stderr.as_str()), (Some(0), ""), "{options:?}");
        let (header, rows) = csv_rows(&run.stdout);
        let inputs = HEADER.replace("level", "input_level");
        let want_header: Vec<&str> = inputs
            .split(',')
            .chain(RESULT_COLUMNS[..RESULT_COLUMNS.len() - 1].iter().copied())
            .chain(TOTAL_COLUMNS)
            .chain(["error"])
            .collect();
        assert_eq!(header, want_header, "{options:?}");
        let lines = jsonl(&batch(&[options, &["-f", "jsonl"][..]].concat(), input.clone()).stdout);
        let tsv = batch(&[options, &["-f", "tsv"][..]].concat(), input.clone()).stdout;
        let json: Value =
            serde_json::from_str(&batch(&[options, &["-f", "json"][..]].concat(), input.clone()).stdout)
                .unwrap();
        assert_eq!(json.as_array().unwrap(), &lines, "json and jsonl agree");
        assert_eq!(
            tsv.replace('\t', ","),
            run.stdout.replace("\"San Francisco\"", "San Francisco"),
            "tsv and csv agree"
        );
        assert_eq!((rows.len(), lines.len()), (profiles.len(), profiles.len()));
        for ((p, row), line) in profiles.iter().zip(&rows).zip(&lines) {
            let want = estimate_csv(&[options, &profile_flags(p)].concat());
            let got: std::collections::HashMap<&str, &str> =
                header.iter().map(String::as_str).zip(row.iter().map(String::as_str)).collect();
            assert_eq!(got["bound"].is_empty(), want["capped"] == "false", "csv {options:?} {p:?} bound");
            for column in &compared {
                assert_eq!(got[column], want[*column], "csv {options:?} {p:?} {column}");
                match &line[*column] {
                    // A number is the same number, however written (`1.0` in JSON, `1` in CSV).
                    Value::Number(n) => assert_eq!(
                        n.as_f64(),
                        want[*column].parse::<f64>().ok(),
                        "jsonl {options:?} {p:?} {column}"
                    ),
                    Value::String(s) => assert_eq!(s, &want[*column], "jsonl {options:?} {p:?} {column}"),
                    // Unvalued options: empty in CSV, null in JSON.
                    Value::Null => assert_eq!(want[*column], "", "jsonl {options:?} {p:?} {column}"),
                    other => assert_eq!(other.to_string(), want[*column], "jsonl {options:?} {p:?} {column}"),
                }
            }
            assert_eq!((got["error"], &line["error"]), ("", &Value::Null));
        }
        let startup = rows.len() - 2;
        assert_eq!(rows[startup][header.iter().position(|h| h == "equity_low").unwrap()], "");
        assert_eq!(rows[startup][header.iter().position(|h| h == "equity_options").unwrap()], "true");
        assert_eq!(lines[startup]["equity_options"], true);
        assert_eq!(rows[startup][header.iter().position(|h| h == "level").unwrap()], "entry-mid");
    }
}

/// A bad row has every `--total` column empty (null in JSON), and the output stays
/// rectangular.
#[test]
fn batch_total_leaves_a_bad_rows_totals_empty() {
    let input = "years,city\n4,sf\n4,seatle\n";
    let run = batch(&["--total"], input);
    assert_eq!(run.code, Some(1));
    let (header, rows) = csv_rows(&run.stdout);
    assert!(rows.iter().all(|r| r.len() == header.len()), "{rows:?}");
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(at("bound") + 1, at("bonus_low"));
    assert_eq!(at("total_high") + 1, at("error"));
    assert!(TOTAL_COLUMNS.iter().all(|c| !rows[0][at(c)].is_empty()));
    assert!(TOTAL_COLUMNS.iter().all(|c| rows[1][at(c)].is_empty()), "{:?}", rows[1]);
    assert!(rows[1][at("error")].contains("seatle"));
    for format in ["jsonl", "json"] {
        let out = batch(&["--total", "-f", format], input).stdout;
        let rows: Vec<Value> = match format {
            "json" => serde_json::from_str::<Value>(&out).unwrap().as_array().unwrap().clone(),
            _ => jsonl(&out),
        };
        let numbers = TOTAL_COLUMNS.iter().filter(|c| **c != "equity_options");
        assert!(numbers.clone().all(|c| rows[0][c].is_i64()), "{format}: {}", rows[0]);
        assert_eq!(rows[0]["equity_options"], false);
        assert!(TOTAL_COLUMNS.iter().all(|c| rows[1][c].is_null()), "{format}: {}", rows[1]);
    }
    // Without --total, no total column.
    assert!(!batch(&[], input).stdout.contains("bonus_low"));
}

/// `--currency local` names every stale rate it uses, each once, in every output format; not
/// with --quiet, not for dollars.
#[test]
fn batch_with_local_currency_warns_once_about_a_stale_rate() {
    let dir = common::Temp::new("batch-stale");
    dir.write(
        "currencies.toml",
        "as_of = \"2000-01-01\"\nsource = \"S23\"\n\n[[entry]]\ncode = \"GBP\"\nname = \"pound\"\nper_usd = 0.5\n\n[[entry]]\ncode = \"EUR\"\nname = \"euro\"\nper_usd = 0.9\n",
    );
    let mut input = String::from("years,city\n4,sf\n");
    for i in 0..50_000 {
        input.push_str(["4,london\n", "5,berlin\n", "2.5,sf\n"][i % 3]);
    }
    let warning = "mlsal: warning: the GBP exchange rate is from 2000-01-01, over a year old\n";
    for format in ["csv", "json"] {
        let run = batch(&["--data", dir.str(), "--currency", "local", "-f", format], input.clone());
        let mut lines: Vec<&str> = run.stderr.lines().collect();
        lines.sort_unstable();
        let both = [warning.replace("GBP", "EUR"), warning.to_string()];
        assert_eq!((run.code, lines), (Some(0), both.iter().map(|w| w.trim_end()).collect()), "{format}");
        let run = batch(&["--data", dir.str(), "--currency", "local", "-q", "-f", format], input.clone());
        assert_eq!((run.code, run.stderr.as_str()), (Some(0), ""), "{format}");
    }
    let run = batch(&["--data", dir.str(), "--currency", "local"], "years,city\n4,sf\n4,nyc\n");
    assert_eq!((run.code, run.stderr.as_str()), (Some(0), ""), "dollars only");
    let run = batch(&["--data", dir.str(), "--currency", "eur"], "years,city\n4,sf\n");
    assert_eq!(run.stderr, warning.replace("GBP", "EUR"), "a fixed currency warns as before");
}

/// A value seen for the first time is looked up in the tables; seen again, it comes from the
/// column's memo. Both must write the same bytes: every row here is given twice in a row, in
/// every format, with the options that change the numbers, and with the columns in several
/// orders.
#[test]
fn remembered_rows_are_written_exactly_like_new_ones() {
    let names: Vec<&str> = HEADER.split(',').collect();
    let profiles: Vec<[&str; 7]> = PROFILES
        .into_iter()
        .chain([
            ["2.5", "", "berlin", "", "", "", "startup"],
            [" 4 ", "", " sf ", "phd", "", "", ""],
            ["", " Senior", "london", "", "", "", "big-tech"],
            ["3", "", "remote-us", "bachelor", "deep-learning", "healthcare", "big-tech"],
        ])
        .collect();
    let layouts: [&[usize]; 6] = [
        &[0, 1, 2, 3, 4, 5, 6],
        &[0, 2, 3, 4, 5, 6],
        &[2, 3, 4, 5, 6, 0],
        &[1, 2, 6],
        &[6, 2, 1],
        &[2, 0, 3],
    ];
    // The profiles a layout can hold (an experience, nothing in a left-out column), each line
    // given twice.
    let make = |layout: &[usize]| {
        let header: Vec<&str> = layout.iter().map(|&i| names[i]).collect();
        let mut input = format!("{}\n", header.join(","));
        let mut rows = 0;
        for p in &profiles {
            let kept = (0..7).filter(|i| !layout.contains(i)).all(|i| p[i].is_empty());
            if !kept || layout.iter().all(|&i| i > 1 || p[i].is_empty()) {
                continue;
            }
            let cells: Vec<String> = layout
                .iter()
                .map(|&i| {
                    if p[i].contains(' ') && p[i].trim() == p[i] {
                        format!("\"{}\"", p[i])
                    } else {
                        p[i].to_string()
                    }
                })
                .collect();
            let line = cells.join(",");
            input.push_str(&format!("{line}\n{line}\r\n"));
            rows += 2;
        }
        (header, input, rows)
    };
    for layout in layouts {
        let (header, input, rows) = make(layout);
        assert!(rows >= 2, "{header:?}");
        // The same rows with the experience in the middle: the results must not depend on the
        // order of the columns.
        let mut middle = layout.to_vec();
        let experience = middle.iter().position(|&i| i <= 1).unwrap();
        let moved = middle.remove(experience);
        middle.insert(middle.len() / 2, moved);
        let results = |out: &str| -> Vec<Vec<Value>> {
            jsonl(out)
                .iter()
                .map(|r| {
                    r.as_object()
                        .unwrap()
                        .iter()
                        .filter(|(k, _)| !names.contains(&k.as_str()) && !k.starts_with("input_"))
                        .map(|(_, v)| v.clone())
                        .collect()
                })
                .collect()
        };
        for options in [&["--total"][..], &["--currency", "local", "-q"]] {
            let a = batch(&[options, &["-f", "jsonl"]].concat(), input.clone()).stdout;
            let b = batch(&[options, &["-f", "jsonl"]].concat(), make(&middle).1).stdout;
            assert_eq!(results(&a), results(&b), "{header:?} {middle:?} {options:?}");
        }
        for options in [
            &[][..],
            &["--round", "1"],
            &["--total"],
            &["--total", "--currency", "local", "-q"],
            &["--currency", "GBP", "-q"],
        ] {
            for format in ["csv", "tsv", "jsonl"] {
                let run = batch(&[options, &["-f", format]].concat(), input.clone());
                assert_eq!(run.code, Some(0), "{header:?}: {}", run.stderr);
                let lines: Vec<&str> = run.stdout.lines().skip(usize::from(format != "jsonl")).collect();
                assert_eq!(lines.len(), rows);
                for pair in lines.chunks(2) {
                    assert_eq!(pair[0], pair[1], "{header:?} {options:?} {format}");
                }
            }
        }
    }
}

/// Amounts of 100,000,000 and more and lines of 64 bytes and more are written the same way
/// whether their values are new or remembered, and agree with `estimate`.
#[test]
fn big_amounts_and_long_lines_are_written_like_any_other() {
    let dir = common::Temp::new("batch-big");
    dir.write(
        "currencies.toml",
        "as_of = \"2099-01-01\"\nsource = \"S23\"\n\n[[entry]]\ncode = \"IDR\"\nname = \"rupiah\"\nper_usd = 1000.5\n",
    );
    let long = format!("4,{}sf{},phd,,,big-tech", " ".repeat(30), " ".repeat(30));
    let input = format!(
        "years,city,education,industry,specialization,company_size\n4,sf,phd,,,big-tech\n4,sf,phd,,,big-tech\n{long}\n{long}\n"
    );
    let run = batch(&["--data", dir.str(), "--currency", "IDR", "-f", "csv"], input.clone());
    assert_eq!((run.code, run.stderr.as_str()), (Some(0), ""));
    let (_, rows) = csv_rows(&run.stdout);
    assert_eq!(rows.len(), 4);
    let want = json(&[
        "--data",
        dir.str(),
        "estimate",
        "-y",
        "4",
        "-c",
        "sf",
        "-e",
        "phd",
        "-z",
        "big-tech",
        "--currency",
        "IDR",
        "-f",
        "json",
    ]);
    for row in &rows {
        assert_eq!(row[1].trim(), "sf");
        assert_eq!(row[8], want["low"].to_string(), "{row:?}");
        assert_eq!(row[10], want["high"].to_string(), "{row:?}");
        assert!(want["high"].as_i64().unwrap() >= 100_000_000, "{want}");
    }
    // The first of each pair is looked up, the second from the memo.
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!((lines[1], lines[3]), (lines[2], lines[4]));
    assert!(lines[3].len() > 64 && lines[3].starts_with(&long), "{}", lines[3]);
    assert_eq!(rows[0][6..], rows[2][6..]);
}

/// A file shaped like an HR export: an id and a name on every row (so no two rows repeat),
/// the profile columns in the middle, values typed as people type them (case, spaces,
/// aliases), and a typo every seventh row.
fn hr_export(rows: usize) -> (String, Vec<usize>) {
    let cities = ["sf", "San Francisco", "NYC", "london", "Berlin", "remote-us", "seatle"];
    let education = ["PhD", "master", "BS", "none"];
    let sizes = ["big tech", "Startup", "midsize", "mega-corp"];
    let mut text = String::from("employee_id,name,team,city,years,education,company_size,notes\n");
    let mut typos = Vec::new();
    for i in 0..rows {
        let (city, size) = (cities[i % 7], sizes[i % 4]);
        if city == "seatle" || size == "mega-corp" {
            typos.push(i);
        }
        let name = if i % 5 == 0 { format!("\"Doe, Jo {i}\"") } else { format!("person {i}") };
        text.push_str(&format!(
            "E{i:06},{name},team-{},{city},{}.{},{},{size},\n",
            i % 3,
            i % 25,
            i % 10,
            education[i % 4]
        ));
    }
    (text, typos)
}

#[test]
fn an_hr_export_keeps_every_row_in_order_with_its_own_columns() {
    let (input, typos) = hr_export(3_000);
    let run = batch(&[], input.clone());
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let (header, rows) = csv_rows(&run.stdout);
    let columns = ["employee_id", "name", "team", "city", "years", "education", "company_size", "notes"];
    assert_eq!(header, columns.iter().chain(&RESULT_COLUMNS).copied().collect::<Vec<_>>());
    assert_eq!(rows.len(), 3_000, "one row out per row in");
    let (_, given) = csv_rows(&input);
    for (i, (row, given)) in rows.iter().zip(&given).enumerate() {
        assert_eq!(row[..8], given[..], "row {i}: every input column as given, ids in order");
        assert_eq!(row[0], format!("E{i:06}"));
        assert_eq!(row[18].is_empty(), !typos.contains(&i), "row {i}: {row:?}");
    }
    // Typos are row errors, reported with their line (header = line 1), in order.
    let reported: Vec<usize> = run
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("mlsal: error: line ")?.split(':').next()?.parse().ok())
        .collect();
    assert_eq!(reported, typos.iter().map(|i| i + 2).collect::<Vec<_>>());
    assert!(run.stderr.contains("unknown company_size `mega-corp`"), "{}", run.stderr);
    // The pass-through columns change nothing: the results are those of the profile columns
    // alone.
    let profiles: String = given
        .iter()
        .map(|r| format!("{}\n", r[3..7].iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(",")))
        .collect();
    let alone = batch(&[], format!("city,years,education,company_size\n{profiles}"));
    let (_, alone) = csv_rows(&alone.stdout);
    for (row, alone) in rows.iter().zip(&alone) {
        assert_eq!(row[8..], alone[4..]);
    }
}

#[test]
fn an_hr_export_with_a_misspelt_column_is_warned_about_once() {
    let (input, _) = hr_export(2_000);
    let input = input.replacen("company_size", "compnay_size", 1);
    let run = batch(&[], input);
    let warnings: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("mlsal: warning:")).collect();
    assert_eq!(
        warnings,
        [
            "mlsal: warning: column `compnay_size` is passed through as it is not a profile column: did you mean `company_size`?"
        ]
    );
    let (header, rows) = csv_rows(&run.stdout);
    assert_eq!((header[6].as_str(), rows[3][6].as_str()), ("compnay_size", "mega-corp"), "passed through");
    assert_eq!(rows.len(), 2_000);
    assert!(batch(&["--strict"], "employee_id,years,citty\nE1,4,sf\n").stderr.contains("misspelt `city`"));
    let err = batch(&[], "employee_id,yeras,city\nE1,4,sf\n").stderr;
    assert!(
        err.contains("no `years` or `level` column") && err.contains("(is `yeras` meant to be `years`?)"),
        "{err}"
    );
}

#[test]
fn a_file_with_no_profile_column_is_an_error() {
    let err = batch(&[], "employee_id,name,team\nE1,Jo,ads\n");
    assert_eq!((err.code, err.stdout.as_str()), (Some(2), ""));
    assert!(
        err.stderr.starts_with(
            "mlsal: error: no profile column among `employee_id`, `name`, `team`: batch reads years,"
        ),
        "{}",
        err.stderr
    );
    // A header with tabs and no comma is TSV: read as such.
    let run = batch(&[], "years\tcity\n4\tsf\n");
    assert_eq!((run.code, run.stderr.as_str()), (Some(0), ""), "{}", run.stdout);
    assert!(run.stdout.starts_with("years,city,level,"), "{}", run.stdout);
    let err = batch(&["--input-format", "csv"], "years\tcity\n4\tsf\n");
    assert!(
        err.stderr.contains("`years\\tcity`")
            && err.stderr.contains("comma-separated (this header is one column)")
    );
    let err = batch(&[], "{\"employee_id\":\"E1\",\"yeras\":4}\n");
    assert!(err.stderr.contains("(is `yeras` meant to be `years`?)"), "{}", err.stderr);
}

/// JSON Lines keys that are no profile column pass through too: as their JSON values in JSON
/// output, as text in CSV.
#[test]
fn json_lines_pass_through_keeps_json_values() {
    let input = "{\"id\":\"E1\",\"years\":4,\"tags\":[\"a\",\"b\"],\"manager\":null,\"age\":41.0,\"city\":\"sf\"}\n\
                 {\"id\":\"E2\",\"years\":\"x\",\"tags\":{\"k\":true},\"age\":7}\n";
    let run = batch(&["-f", "jsonl"], input);
    assert_eq!(run.code, Some(1));
    let rows = jsonl(&run.stdout);
    assert_eq!(rows[0]["tags"], serde_json::json!(["a", "b"]));
    assert_eq!(
        (&rows[0]["manager"], &rows[0]["age"], &rows[0]["years"]),
        (&Value::Null, &serde_json::json!(41.0), &Value::from(4))
    );
    assert_eq!(
        (&rows[1]["tags"], &rows[1]["manager"], &rows[1]["id"]),
        (&serde_json::json!({"k": true}), &Value::Null, &Value::from("E2"))
    );
    assert!(rows[1]["error"].as_str().unwrap().contains("invalid years `x`"));
    assert!(
        run.stdout.starts_with(
            "{\"id\":\"E1\",\"years\":4,\"tags\":[\"a\",\"b\"],\"manager\":null,\"age\":41.0,\"city\":\"sf\","
        ),
        "as given, in the first line's order: {}",
        run.stdout
    );
    let run = batch(&[], input);
    let (header, rows) = csv_rows(&run.stdout);
    assert_eq!(header[..6], ["id", "years", "tags", "manager", "age", "city"]);
    assert_eq!(rows[0][..6], ["E1", "4", "[\"a\",\"b\"]", "", "41.0", "sf"]);
    assert_eq!(rows[1][2], "{\"k\":true}");
    // A profile value must be a string, a number or null.
    let run = batch(&[], "{\"years\":4,\"city\":true}\n");
    assert!(run.stderr.contains("line 1: column `city` holds `true`"), "{}", run.stderr);
}

/// Issue 19: input columns are written as given. A header ` years , city ` is matched as
/// `years` and `city` and written with its spaces; from JSON Lines every value keeps its JSON
/// type and a key the row omits is `null`, for a profile key as for a pass-through one.
#[test]
fn columns_are_written_as_given() {
    let run = batch(&[], " years , city ,id\n4, sf ,E1\n");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let (header, rows) = csv_rows(&run.stdout);
    assert_eq!(header[..3], [" years ", " city ", "id"]);
    assert_eq!(rows[0][..4], ["4", " sf ", "E1", "mid"]);
    let run = batch(&["-f", "jsonl"], "\u{a0}years\u{a0},City\n4,Portland\u{a0}OR\n");
    let row = &jsonl(&run.stdout)[0];
    assert_eq!(
        (&row["\u{a0}years\u{a0}"], &row["City"], &row["error"]),
        // The years read, a number (issue 31).
        (&Value::from(4), &Value::from("Portland\u{a0}OR"), &Value::Null)
    );

    let input = "{\"id\":\"E1\",\"years\":4,\"team\":\"a\",\"city\":\"sf\"}\n{\"years\":\"5\"}\n";
    let run = batch(&["-f", "jsonl"], input);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let rows = jsonl(&run.stdout);
    assert_eq!(
        (&rows[0]["years"], &rows[0]["city"], &rows[0]["education"]),
        (&Value::from(4), &Value::from("sf"), &Value::Null)
    );
    for key in ["id", "team", "city", "education", "input_level"] {
        assert_eq!(rows[1][key], Value::Null, "{key}: omitted is null, pass-through or profile");
    }
    // Except the years: the number read, whatever the input's type (issue 31).
    assert_eq!(rows[1]["years"], Value::from(5));
}

/// The columns batch finds in a header (`cmd::batch::Layout`) and the pay column.
mod layout {
    use mlsal::cmd::batch::{Layout, Problem, pay_column};

    fn layout(names: &[&str]) -> Result<Layout, Problem> {
        Layout::new(names.iter().map(|s| s.to_string()).collect(), false)
    }

    #[test]
    fn profile_columns_in_any_order_with_forgiving_names_and_the_rest_passed_through() {
        let l = layout(&["id", "City", "years", "company-size", "name"]).unwrap();
        assert_eq!(l.at, [Some(2), None, Some(1), None, None, None, Some(3)]);
        assert!(l.passes(0) && l.passes(4) && !l.passes(1));
        assert!(l.misspelt.is_empty());
        let l = layout(&["level", "mid"]).unwrap();
        assert_eq!(l.output_names(), ["input_level", "input_mid"]);
        // No two output columns of one name, or JSON would keep one of them.
        let l = layout(&["id", "years", "id", "", "", "level", "input_level", "id_3", "id"]).unwrap();
        assert_eq!(
            l.output_names(),
            ["id", "years", "id_3_", "", "column_5", "input_level", "input_level_7", "id_3", "id_9"]
        );
    }

    #[test]
    fn near_misses_are_noted() {
        let l = layout(&["yeras", "years", "citty"]).unwrap();
        assert_eq!(l.misspelt, [("yeras".to_string(), "years"), ("citty".to_string(), "city")]);
    }

    #[test]
    fn bad_headers_say_what_is_wrong() {
        let e = layout(&["years", "city", "location"]).unwrap_err().to_string();
        assert!(e.contains("`city` and `location`"), "{e}");
        let e = layout(&["employee_id", "yeras"]).unwrap_err().to_string();
        assert!(
            e.starts_with("no profile column among `employee_id`, `yeras` (is `yeras` meant to be `years`?)"),
            "{e}"
        );
        let e = layout(&["city"]).unwrap_err().to_string();
        assert!(e.contains("no `years` or `level` column"), "{e}");
        // JSON Lines: every profile column is a column, so a later line may give it.
        let l = Layout::new(vec!["id".into(), "years".into()], true).unwrap();
        assert_eq!(l.names.len(), 8);
        assert_eq!((l.index("location"), l.index("id"), l.index("town")), (Some(3), Some(0), None));
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_pay_column_is_found_by_any_of_its_names() {
        assert_eq!(pay_column(&names(&["id", "years", "Base Salary"]), None).unwrap(), Some(2));
        assert_eq!(pay_column(&names(&["id", "years", "annual-salary"]), None).unwrap(), Some(2));
        assert_eq!(pay_column(&names(&["id", "years"]), None).unwrap(), None);
        assert_eq!(pay_column(&names(&["id", "years", "comp"]), Some("comp")).unwrap(), Some(2));
        let e = pay_column(&names(&["salary", "years", "PAY"]), None).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(
            e.to_string().contains("`salary` and `PAY`") && e.to_string().contains("--pay-column"),
            "{e}"
        );
        assert_eq!(pay_column(&names(&["salary", "years", "PAY"]), Some("pay")).unwrap(), Some(2));
        let e = pay_column(&names(&["id", "years"]), Some("wage")).unwrap_err().to_string();
        assert!(e.contains("`wage`") && e.contains("`id`, `years`"), "{e}");
    }
}

/// Batch's output columns come from the input's header, never its rows: a header alone gives
/// the columns the same header with rows gives (bad rows, a pay column of grades, levels
/// only), in CSV and TSV; JSON Lines rows all have those keys, so concatenated runs agree
/// (issue 31).
#[test]
fn output_columns_depend_on_the_header_only() {
    let cases: [(&str, &[&str]); 6] = [
        ("id,years,city", &["A,4,sf", "B,x,sf", "C,,nowhere"]),
        ("id,level,city", &["A,mid,sf", "B,,sf"]),
        ("id,years,level,city,education", &["A,4,,sf,phd", "B,,senior,,"]),
        ("id,years,city,pay", &["A,4,sf,200000", "B,4,sf,L5", "C,4,sf,"]),
        ("id,years,city,salary,bonus,currency", &["A,4,sf,200k,20k,USD", "B,4,london,90k,,GBP"]),
        ("name,Years,City,Company Size", &["A,4,sf,startup", "B,12,nyc,big-tech"]),
    ];
    for (header, rows) in cases {
        for extra in [&[][..], &["--total"][..], &["--currency", "local"][..]] {
            let empty = format!("{header}\n");
            let full = format!("{header}\n{}\n", rows.join("\n"));
            let columns = |input: &str, format: &str| {
                let args: Vec<&str> = ["-f", format].iter().chain(extra).copied().collect();
                let run = batch(&args, input.to_string());
                assert!(matches!(run.code, Some(0 | 1)), "{header} {extra:?}: {}", run.stderr);
                run.stdout
            };
            for format in ["csv", "tsv"] {
                let (a, b) = (columns(&empty, format), columns(&full, format));
                let head = |s: &str| s.lines().next().unwrap_or_default().to_string();
                assert_eq!(a.lines().count(), 1, "{header} {extra:?} {format}: {a}");
                assert_eq!(head(&a), head(&b), "{header} {extra:?} {format}");
            }
            // JSON Lines: every row has the CSV header's keys, in its order, whatever the row.
            let csv_header: Vec<String> = csv_rows(&columns(&empty, "csv")).0;
            let lines = jsonl(&columns(&full, "jsonl"));
            assert_eq!(lines.len(), rows.len(), "{header}");
            for line in &lines {
                let keys: Vec<&String> = line.as_object().unwrap().keys().collect();
                let mut want: Vec<&String> = csv_header.iter().collect();
                let data = "data".to_string();
                want.push(&data);
                let (mut keys, mut want) = (keys, want);
                keys.sort();
                want.sort();
                assert_eq!(keys, want, "{header} {extra:?}: {line}");
            }
            // Two runs, one after the other, give one table.
            let (first, second) =
                (format!("{header}\n{}\n", rows[0]), format!("{header}\n{}\n", rows[1..].join("\n")));
            assert_eq!(
                csv_rows(&columns(&first, "csv")).0,
                csv_rows(&columns(&second, "csv")).0,
                "{header} {extra:?}"
            );
        }
    }
}

/// A CSV input's years are a number in JSON output (the years read), so `select(.years > 10)`
/// compares numbers; empty or not a number of years is `null`, on the error row (issue 31).
#[test]
fn years_read_from_csv_are_numbers_in_json() {
    let input =
        "id,years,level,city\nA,4,,sf\nB,12.5,,nyc\nC,x,,sf\nD,,senior,sf\nE,11,,nowhere\nF, 3 ,,sf\n";
    for format in ["jsonl", "json"] {
        let run = batch(&["-f", format], input);
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        let rows: Vec<Value> = match format {
            "json" => serde_json::from_str::<Value>(&run.stdout).unwrap().as_array().unwrap().clone(),
            _ => jsonl(&run.stdout),
        };
        let years: Vec<Value> = rows.iter().map(|r| r["years"].clone()).collect();
        assert_eq!(
            years,
            [Value::from(4), Value::from(12.5), Value::Null, Value::Null, Value::from(11), Value::from(3)],
            "{format}"
        );
        assert!(rows[2]["error"].as_str().unwrap().contains("invalid years `x`"), "{format}");
        let over_10: Vec<&str> = rows
            .iter()
            .filter(|r| r["years"].as_f64().is_some_and(|y| y > 10.0))
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        assert_eq!(over_10, ["B", "E"], "{format}");
    }
    // JSON input gives the same: a string of years is read as the number it is.
    let run = batch(
        &["-f", "jsonl"],
        "{\"id\":\"A\",\"years\":\"12\",\"city\":\"sf\"}\n{\"id\":\"B\",\"years\":4}\n",
    );
    assert_eq!(
        jsonl(&run.stdout).iter().map(|r| r["years"].clone()).collect::<Vec<_>>(),
        [Value::from(12), Value::from(4)]
    );
}
