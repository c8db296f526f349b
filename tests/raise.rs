//! A raise budget (`batch --budget`): the raises sum to the budget exactly, none is negative,
//! lifts go lowest compa-ratio first and never overshoot, the matrix order holds within a band
//! and within a rating, a row with an error gets nothing and is counted; every format agrees;
//! standard input equals a file; the usage errors. On `docs/raises.csv` (committed) always, and
//! on a `gen_hr.py --people` file when `../shared/bench` is at hand.

mod common;

use std::path::Path;

use common::{Temp, batch, csv_rows, fails, jsonl, mlsal};
use serde_json::Value;

const FIXTURE: &str = "docs/raises.csv";

/// `mlsal batch FILE ARGS -f jsonl`: the rows, the exit code and stderr.
fn rows_of(path: &str, args: &[&str]) -> (Vec<Value>, Option<i32>, String) {
    let out = mlsal().args(["batch", path, "-f", "jsonl"]).args(args).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (jsonl(&String::from_utf8(out.stdout).unwrap()), out.status.code(), stderr)
}

fn num(v: &Value, k: &str) -> f64 {
    v[k].as_f64().unwrap_or_else(|| panic!("{k}: {v}"))
}

/// The pay as the row's own input cell, to the cent (as `new_pay - raise` must give back).
fn pay(v: &Value) -> f64 {
    num(v, "new_pay") - num(v, "raise")
}

/// The invariants every budget run keeps, checked on its rows.
fn check_invariants(rows: &[Value], budget: Option<i64>, lift: &str, perf: Option<&str>) {
    let good: Vec<&Value> = rows.iter().filter(|r| r["error"].is_null()).collect();
    let total: f64 = good.iter().map(|r| pay(r)).sum();
    let spent: i64 = good.iter().map(|r| r["raise"].as_i64().unwrap()).sum();
    let budget = budget.unwrap_or(((total * 0.03) + 0.5).floor() as i64);
    assert_eq!(spent, budget, "the raises sum to the budget exactly");
    for r in rows {
        match r["error"].is_null() {
            true => {
                let raise = r["raise"].as_i64().unwrap();
                assert!(raise >= 0, "{r}");
                let new_pay = num(r, "new_pay");
                let compa = num(r, "new_compa_ratio");
                assert!((compa - new_pay / num(r, "mid")).abs() <= 0.0051, "{r}");
                let verdict = if new_pay < num(r, "low") {
                    "below"
                } else if new_pay > num(r, "high") {
                    "above"
                } else {
                    "within"
                };
                assert_eq!(r["new_verdict"], verdict, "{r}");
            }
            // A row with an error gets no raise.
            false => {
                for k in ["raise", "raise_pct", "new_pay", "new_compa_ratio", "new_verdict"] {
                    assert!(r[k].is_null(), "{k}: {r}");
                }
            }
        }
    }
    if lift == "none" {
        // Within one unit's rounding, a better rating never gets a lower percent within a
        // compa-ratio band, nor a lower band within a rating.
        let band = |c: f64| (c >= 0.9) as u8 + (c >= 1.1) as u8;
        let rating = |r: &Value| perf.map_or(3, |p| r[p].as_str().unwrap().parse::<i64>().unwrap_or(0));
        let pct = |r: &Value, d: f64| (num(r, "raise") + d) / pay(r);
        // Sorted by (band, rating), the extreme rows of each cell are enough to compare.
        let mut cells: std::collections::BTreeMap<(u8, i64), (f64, f64)> = Default::default();
        for r in &good {
            let key = (band(num(r, "compa_ratio")), rating(r));
            let e = cells.entry(key).or_insert((f64::MAX, f64::MIN));
            e.0 = e.0.min(pct(r, 1.0));
            e.1 = e.1.max(pct(r, -1.0));
        }
        for (&(b1, r1), &(lo1, _)) in &cells {
            for (&(b2, r2), &(_, hi2)) in &cells {
                if (b1 == b2 && r1 > r2 && r2 > 0) || (r1 == r2 && b1 < b2) {
                    assert!(lo1 >= hi2, "band {b1} rating {r1} vs band {b2} rating {r2}: {lo1} < {hi2}");
                }
            }
        }
    } else {
        // Lifts: lowest compa-ratio first; a row below its target lifted never past it by a
        // whole unit when the matrix had nothing to give.
        let target = if lift == "mid" { "mid" } else { "low" };
        let below: Vec<&&Value> = good.iter().filter(|r| pay(r) < num(r, target)).collect();
        let lifted_in_full = |r: &Value| num(r, "new_pay") >= num(r, target);
        let lowest_short = below
            .iter()
            .filter(|r| !lifted_in_full(r))
            .map(|r| pay(r) / num(r, "mid"))
            .fold(f64::MAX, f64::min);
        for r in &below {
            if lifted_in_full(r) {
                // Compa-ratios are ordered to three decimals.
                assert!(pay(r) / num(r, "mid") <= lowest_short + 0.001, "{r}");
            }
        }
    }
}

#[test]
fn the_fixture_spends_the_budget_exactly_in_every_rule() {
    for lift in ["low", "mid", "none"] {
        let (rows, code, stderr) =
            rows_of(FIXTURE, &["--budget", "3%", "--perf-column", "rating", "--lift-to", lift]);
        assert_eq!(code, Some(0), "{stderr}");
        assert_eq!(rows.len(), 12);
        check_invariants(&rows, None, lift, Some("rating"));
        assert!(stderr.contains("mlsal: note: raise budget"), "{stderr}");
    }
    // An amount: 25k, in whole units; three rows below their range are lifted into it.
    let (rows, _, _) = rows_of(FIXTURE, &["--budget", "25k", "--perf-column", "rating"]);
    check_invariants(&rows, Some(25_000), "low", Some("rating"));
    let lifted: Vec<&str> = rows
        .iter()
        .filter(|r| r["verdict"] == "below" && r["new_verdict"] == "within")
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(lifted, ["R02", "R04", "R09"]);
    // A budget too small for every lift: the lowest compa-ratio (R04, 0.85 ... R02 0.82 first).
    let (rows, _, _) = rows_of(FIXTURE, &["--budget", "7000", "--perf-column", "rating"]);
    check_invariants(&rows, Some(7000), "low", Some("rating"));
    let raised: Vec<(&str, i64)> = rows
        .iter()
        .filter(|r| r["raise"].as_i64() > Some(0))
        .map(|r| (r["id"].as_str().unwrap(), r["raise"].as_i64().unwrap()))
        .collect();
    assert_eq!(raised, [("R02", 6000), ("R09", 1000)], "R02 (0.82) in full, then R09 (0.84) partly");
}

#[test]
fn a_row_with_an_error_gets_no_raise_and_is_counted() {
    let t = Temp::new("raise");
    let mut text = std::fs::read_to_string(FIXTURE).unwrap();
    text.push_str("R13,ads,4,sf,lots,3\nR14,ads,4,atlantis,150000,3\n");
    t.write("bad.csv", &text);
    let path = t.path().join("bad.csv");
    let (rows, code, stderr) =
        rows_of(path.to_str().unwrap(), &["--budget", "2%", "--perf-column", "rating"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(rows.len(), 14);
    check_invariants(&rows, None.or(Some(((rows_pay(&rows) * 0.02) + 0.5).floor() as i64)), "low", None);
    let summary = batch(&["--budget", "2%", "--summary", "-f", "json"], text.clone());
    let all: Value = serde_json::from_str(&summary.stdout).unwrap();
    // `rows` are the reviewed rows, as in the review's summary; the errors apart.
    assert_eq!((all[0]["rows"].as_u64(), all[0]["errors"].as_u64()), (Some(12), Some(2)), "{all}");
    assert!(all[0]["pay"].is_u64(), "a whole pay is an integer: {all}");
    let text_summary = batch(&["--budget", "2%", "--summary", "-f", "text"], text.clone()).stdout;
    assert!(text_summary.contains("over 12 reviewed rows"), "{text_summary}");
    let csv_summary = batch(&["--budget", "2%", "--summary", "-f", "csv"], text.clone()).stdout;
    let (header, groups) = csv_rows(&csv_summary);
    assert_eq!(
        (&header[..2], &groups[0][..2]),
        (&["rows", "errors"].map(String::from)[..], &["12", "2"].map(String::from)[..])
    );
    // With --strict, the first pass stops at the bad row: nothing is written, the row's message.
    for extra in [&[][..], &["--summary"]] {
        let run = batch(&[&["--budget", "2%", "--strict"][..], extra].concat(), text.clone());
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        assert_eq!(run.stdout, "", "{extra:?}");
        assert!(run.stderr.contains("line 14: column `base_salary` holds `lots`"), "{}", run.stderr);
        assert!(!run.stderr.contains("raise budget"), "{}", run.stderr);
        assert!(
            run.stderr.contains("a budget is shared over every row, so nothing is written"),
            "the message says why nothing was written: {}",
            run.stderr
        );
    }
    assert!(summary.stderr.contains("2 of 14 rows"), "{}", summary.stderr);
}

fn rows_pay(rows: &[Value]) -> f64 {
    rows.iter().filter(|r| r["error"].is_null()).map(pay).sum()
}

#[test]
fn every_format_and_standard_input_agree_and_the_summary_adds_up() {
    let args = ["--budget", "2.5%", "--perf-column", "rating", "--lift-to", "mid"];
    let (rows, _, _) = rows_of(FIXTURE, &args);
    let raises: Vec<String> = rows.iter().map(|r| r["raise"].to_string()).collect();
    let text = std::fs::read_to_string(FIXTURE).unwrap();
    for format in ["csv", "tsv"] {
        let run = batch(&[&args[..], &["-f", format]].concat(), text.clone());
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        let delim = if format == "tsv" { '\t' } else { ',' };
        let mut lines = run.stdout.lines();
        let header: Vec<&str> = lines.next().unwrap().split(delim).collect();
        assert_eq!(
            &header[header.len() - 5..],
            ["raise", "raise_pct", "new_pay", "new_compa_ratio", "new_verdict"]
        );
        let at = header.len() - 5;
        let got: Vec<String> = lines.map(|l| l.split(delim).nth(at).unwrap().to_string()).collect();
        assert_eq!(got, raises, "{format} from standard input");
    }
    let json: Value =
        serde_json::from_str(&batch(&[&args[..], &["-f", "json"]].concat(), text.clone()).stdout).unwrap();
    let got: Vec<String> = json.as_array().unwrap().iter().map(|r| r["raise"].to_string()).collect();
    assert_eq!(got, raises);
    // The summary: each team's raises are its rows'.
    let run = batch(&[&args[..], &["--summary", "--by", "team"]].concat(), text.clone());
    let (header, groups) = csv_rows(&run.stdout);
    assert_eq!(header[..6], ["team", "rows", "errors", "pay", "raise", "raise_pct"]);
    for g in &groups {
        let want: i64 = rows
            .iter()
            .filter(|r| g[0] == "all" || r["team"] == g[0].as_str())
            .map(|r| r["raise"].as_i64().unwrap())
            .sum();
        assert_eq!(g[4].parse::<i64>().unwrap(), want, "{g:?}");
    }
    // The page's table as the text's: money with its currency and thousands separators.
    let page =
        batch(&[&args[..], &["--summary", "--by", "team", "-f", "html"]].concat(), text.clone()).stdout;
    let table = &page[page.find("<table").unwrap()..page.find("</table>").unwrap()];
    assert!(table.contains("<td class=\"num\">$2,101,500</td>"), "{table}");
    let text_summary = batch(&[&args[..], &["--summary", "-f", "text"]].concat(), text).stdout;
    for words in [
        "the rule: first every row below its range's mid",
        "remunera",
        "sum to the budget exactly",
        "each row's band and pay taken after its lift",
        "the compa-ratio to two decimals",
    ] {
        assert!(text_summary.replace("\n    ", " ").contains(words), "{words}: {text_summary}");
    }
}

#[test]
fn a_matrix_file_is_read_checked_and_listed() {
    let t = Temp::new("matrix");
    t.write(
        "q.toml",
        "source = \"a test\"\nbands = \"quartile\"\n[[rating]]\nrating = \"all\"\nweights = [4, 3, 2, 1]\n",
    );
    let q = t.path().join("q.toml");
    let (rows, code, stderr) =
        rows_of(FIXTURE, &["--budget", "1%", "--lift-to", "none", "--matrix", q.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    check_invariants(&rows, None.or(Some((rows_pay(&rows) * 0.01 + 0.5).floor() as i64)), "none-q", None);
    t.write("bad.toml", "source = \"x\"\nbands = \"compa\"\nedges = [0.9]\ndefault = \"2\"\n[[rating]]\nrating = 2\nweights = [1, 2]\n");
    let bad = t.path().join("bad.toml");
    let out = mlsal().args(["data", "check", "--matrix", bad.to_str().unwrap()]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let last = err.trim_end().lines().last().unwrap();
    assert!(last.starts_with("mlsal: error: ") && last.contains("higher weight in band `>= 0.90`"), "{err}");
    let err = fails(&["batch", FIXTURE, "--budget", "1%", "--matrix", bad.to_str().unwrap()], 2);
    assert!(err.contains("--matrix"), "{err}");
    let ok = mlsal().args(["data", "check", "--matrix", q.to_str().unwrap()]).output().unwrap();
    assert!(String::from_utf8_lossy(&ok.stdout).contains("is a valid merit matrix (1 ratings x 4 bands"));
    let list = common::stdout(&["list", "matrix"]);
    assert!(list.contains("https://") && list.contains("default"), "{list}");
    let json = common::json(&["list", "matrix", "-f", "json"]);
    assert_eq!(json.as_array().unwrap().len(), 5);
}

#[test]
fn usage_errors_are_named() {
    let run = batch(&["--budget", "3%"], "years,city\n4,sf\n");
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("--budget gives raises over each row's pay"), "{}", run.stderr);
    let err = fails(&["batch", FIXTURE, "--budget", "three"], 2);
    assert!(err.contains("invalid value `three` for --budget"), "{err}");
    let err = fails(&["batch", FIXTURE, "--budget", "300%"], 2);
    assert!(err.contains("above 0% and at most 100%"), "{err}");
    // A budget of nothing is refused, as a percent or as an amount.
    let err = fails(&["batch", FIXTURE, "--budget", "0%"], 2);
    assert!(err.contains("above 0%"), "{err}");
    let err = fails(&["batch", FIXTURE, "--budget", "0"], 2);
    assert!(err.contains("at least 1"), "{err}");
    let err = fails(&["batch", FIXTURE, "--budget", "3%", "--perf-column", "grade"], 2);
    assert!(err.contains("--perf-column"), "{err}");
    let err = fails(&["batch", FIXTURE, "--budget", "3%", "--currency", "local"], 2);
    assert!(err.contains("one currency"), "{err}");
    // A row in another currency than the run's, with no --currency to convert it: refused
    // after the first pass, naming it; nothing is written.
    let run = batch(
        &["--budget", "3%"],
        "id,years,city,salary,currency\n1,4,sf,150000,USD\n2,4,berlin,80000,EUR\n",
    );
    assert_eq!((run.code, run.stdout.as_str()), (Some(2), ""), "{}", run.stderr);
    assert!(run.stderr.contains("has rows in EUR: give --currency USD"), "{}", run.stderr);
    fails(&["batch", FIXTURE, "--matrix", "m.toml"], 2);
    fails(&["batch", FIXTURE, "--lift-to", "mid"], 2);
    fails(&["batch", FIXTURE, "--budget", "3%", "--lift-to", "max"], 2);
    fails(&["batch", FIXTURE, "--budget", "3%", "--equity-by", "team"], 2);
}

/// 20,000 rows of `gen_hr.py --people` (ratings 1-5, bad rows among them): the invariants,
/// with each rule.
#[test]
fn the_invariants_hold_on_a_generated_file() {
    let gen_hr = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen_hr.py");
    if !gen_hr.exists() {
        eprintln!(
            "SKIP: ../shared/bench/gen_hr.py is not at hand: the generated file's invariants are not checked"
        );
        return;
    }
    let out =
        std::process::Command::new("python3").arg(&gen_hr).args(["20000", "5", "--pay", "--people"]).output();
    let Some(out) = out.ok().filter(|o| o.status.success()) else {
        eprintln!("SKIP: python3 could not run gen_hr.py");
        return;
    };
    let t = Temp::new("people");
    t.write("people.csv", &String::from_utf8(out.stdout).unwrap());
    let path = t.path().join("people.csv");
    for lift in ["none", "low", "mid"] {
        let (rows, code, stderr) = rows_of(
            path.to_str().unwrap(),
            &["--budget", "3%", "--perf-column", "rating", "--lift-to", lift],
        );
        assert_eq!(code, Some(1), "gen_hr plants bad rows: {stderr}");
        assert_eq!(rows.len(), 20_000);
        assert!(rows.iter().any(|r| !r["error"].is_null()));
        check_invariants(&rows, None, lift, Some("rating"));
    }
}

/// A run on a budget run's output (`mlsal batch a.csv --budget 3% | mlsal batch --budget 2%`):
/// the earlier raise columns pass through as `input_raise` ..., with and without a budget, so
/// no header has a column twice nor a JSON object a key twice; `data` stays JSON's last member.
#[test]
fn a_budget_run_on_its_own_output_keeps_the_earlier_raises_apart() {
    let args = ["--budget", "3%", "--perf-column", "rating"];
    let first = mlsal().args(["batch", FIXTURE]).args(args).output().unwrap();
    let first = String::from_utf8(first.stdout).unwrap();
    let input_raise =
        ["input_raise", "input_raise_pct", "input_new_pay", "input_new_compa_ratio", "input_new_verdict"];
    for again in [&["--budget", "2%"][..], &[]] {
        let run = batch(again, first.clone());
        assert_eq!(run.code, Some(0), "{again:?}: {}", run.stderr);
        let (header, rows) = csv_rows(&run.stdout);
        let mut unique = header.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), header.len(), "{header:?}");
        for name in input_raise {
            assert!(header.iter().any(|h| h == name), "{name}: {header:?}");
        }
        assert_eq!(header.iter().filter(|h| *h == "raise").count(), usize::from(!again.is_empty()));
        assert_eq!(rows.len(), 12);
        for format in ["json", "jsonl"] {
            let run = batch(&[again, &["-f", format]].concat(), first.clone());
            for line in run.stdout.lines().filter(|l| l.contains('{')) {
                for key in ["\"raise\":", "\"new_pay\":", "\"data\":"] {
                    assert!(line.matches(key).count() <= 1, "{key} twice: {line}");
                }
                assert!(line.contains("\"input_raise\":"), "{line}");
            }
        }
    }
    // JSON: the raise members come before `data`, the last.
    let (rows, _, _) = rows_of(FIXTURE, &args);
    let out = mlsal().args(["batch", FIXTURE, "-f", "jsonl"]).args(args).output().unwrap();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let (before, after) = line.split_once(",\"data\":").unwrap();
        assert!(before.contains("\"new_verdict\":") && !after.contains("new_verdict"), "{line}");
    }
    assert!(rows.iter().all(|r| r["data"] == "builtin"));
    // CSV: `new_compa_ratio` with two decimals, as `compa_ratio`.
    let (header, rows) = csv_rows(&first);
    let at = |n: &str| header.iter().position(|h| h == n).unwrap();
    for r in &rows {
        for column in ["compa_ratio", "new_compa_ratio"] {
            let cell = &r[at(column)];
            assert!(cell.len() == 4 && cell.as_bytes()[1] == b'.', "{column} {cell}: {r:?}");
        }
    }
}

/// A currency column: a review's own output (its `currency`) takes a budget; with `--currency
/// X`, every pay is converted to X and the budget spent on the converted pays.
#[test]
fn a_currency_column_takes_a_budget_in_one_currency() {
    let plain = "id,years,city,salary,currency\n1,4,sf,150000,USD\n2,6,austin,120000,\n";
    let run = batch(&["--budget", "3%"], plain);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let reviewed = mlsal().args(["batch", FIXTURE]).output().unwrap();
    let run = batch(&["--budget", "3%", "--perf-column", "rating", "-f", "jsonl"], reviewed.stdout);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    check_invariants(&jsonl(&run.stdout), None, "low", None);
    let mixed =
        "id,years,city,salary,currency\n1,4,sf,150000,USD\n2,4,berlin,80000,EUR\n3,8,london,90000,GBP\n";
    let run = batch(&["--budget", "5%", "--currency", "USD", "-f", "jsonl"], mixed);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let rows = jsonl(&run.stdout);
    assert_eq!(rows.iter().map(|r| r["currency"].as_str().unwrap()).collect::<Vec<_>>(), ["USD"; 3]);
    let total: f64 = rows.iter().map(|r| num(r, "pay")).sum();
    check_invariants(&rows, Some((total * 0.05).round() as i64), "low", None);
}

/// Ratings exported as numbers (`5.0`, `4.00`) are the matrix's `5` and `4`.
#[test]
fn numeric_ratings_are_matched_as_numbers() {
    let text = std::fs::read_to_string(FIXTURE).unwrap();
    let mut lines = text.lines();
    let mut decimal = format!("{}\n", lines.next().unwrap());
    for line in lines {
        let (rest, rating) = line.rsplit_once(',').unwrap();
        decimal.push_str(&format!("{rest},{rating}.0\n"));
    }
    let args = ["--budget", "3%", "--perf-column", "rating", "-f", "jsonl"];
    let (want, got) = (batch(&args, text), batch(&args, decimal));
    assert_eq!(got.code, Some(0), "{}", got.stderr);
    assert!(!got.stderr.contains("no rating the matrix knows"), "{}", got.stderr);
    let raises = |out: &str| jsonl(out).iter().map(|r| r["raise"].clone()).collect::<Vec<_>>();
    assert_eq!(raises(&got.stdout), raises(&want.stdout));
}

/// Standard input is kept in a temporary file readable by its owner only, that has no name
/// in the temporary directory from the start: a signal leaves nothing behind.
#[cfg(target_os = "linux")]
#[test]
fn standard_input_is_spooled_to_a_private_unnamed_file() {
    use std::io::Write;
    use std::os::unix::fs::PermissionsExt;
    let t = Temp::new("spool");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_mlsal"))
        .args(["batch", "--budget", "3%"])
        .env("TMPDIR", t.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(std::fs::read_to_string(FIXTURE).unwrap().as_bytes()).unwrap();
    stdin.flush().unwrap();
    // The spool is open while standard input is: find it among the child's descriptors.
    let fds = format!("/proc/{}/fd", child.id());
    let mut spool = None;
    for _ in 0..500 {
        spool = std::fs::read_dir(&fds).unwrap().flatten().find(|fd| {
            std::fs::read_link(fd.path()).is_ok_and(|l| l.to_string_lossy().contains("mlsal-budget"))
        });
        if spool.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let spool = spool.expect("the spool is open");
    let link = std::fs::read_link(spool.path()).unwrap();
    let mode = std::fs::metadata(spool.path()).unwrap().permissions().mode();
    let left: Vec<_> = std::fs::read_dir(t.path()).unwrap().flatten().map(|e| e.path()).collect();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(link.to_string_lossy().ends_with(" (deleted)"), "{link:?}");
    assert_eq!(mode & 0o777, 0o600);
    assert!(left.is_empty(), "{left:?}");
    assert!(std::fs::read_dir(t.path()).unwrap().next().is_none());
}

/// `--budget` takes an amount or a percent: completion offers no file names for it.
#[test]
fn completion_offers_no_files_for_a_budget() {
    let zsh = common::stdout(&["completions", "zsh"]);
    let line = zsh.lines().find(|l| l.contains("--budget=")).unwrap();
    assert!(line.trim_end().ends_with(":BUDGET:' \\"), "{line}");
}
