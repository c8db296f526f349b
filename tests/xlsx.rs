//! Workbooks (issue 25): every command's `--format xlsx` read back by openpyxl, an independent
//! reader, holds its CSV's figures as numbers with number formats; batch reads .xlsx (written
//! by openpyxl and by mlsal), .xls and .ods (tests/fixtures/, from `scripts/fixtures.py`),
//! naming bad cells by sheet and cell.
//!
//! The openpyxl checks print `SKIP: openpyxl absent` and pass when Python has no openpyxl
//! (`.ci/run` installs it); the reading tests need nothing but the committed fixtures.

mod common;

use std::path::Path;
use std::process::Command as Process;

use common::{Temp, batch, csv_rows, fails, mlsal, stdout};
use serde_json::Value;

/// Dumps every sheet of a workbook as JSON: name, freeze pane, filter, widths and each cell's
/// value (numbers as numbers), type, number format and fill.
const DUMP: &str = r#"
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = []
for ws in wb.worksheets:
    rows = []
    for row in ws.iter_rows():
        rows.append([[c.value, c.data_type, c.number_format,
                      c.fill.fgColor.rgb if c.fill is not None and c.fill.fill_type else None] for c in row])
    while rows and all(c[0] is None for c in rows[-1]):
        rows.pop()
    widths = {k: v.width for k, v in ws.column_dimensions.items()}
    out.append({"name": ws.title, "freeze": ws.freeze_panes, "filter": ws.auto_filter.ref,
                "widths": widths, "rows": rows})
print(json.dumps({"sheets": out, "created": str(wb.properties.created)}))
"#;

fn openpyxl() -> bool {
    let ok =
        Process::new("python3").args(["-c", "import openpyxl"]).output().is_ok_and(|o| o.status.success());
    if !ok {
        println!("SKIP: openpyxl absent");
    }
    ok
}

fn dump(path: &Path) -> Value {
    let out = Process::new("python3").args(["-c", DUMP]).arg(path).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `mlsal ARGS -o DIR/NAME.xlsx` (exit `code`) and the workbook's dump.
fn workbook(dir: &Temp, name: &str, args: &[&str], code: i32) -> Value {
    let path = dir.path().join(format!("{name}.xlsx"));
    let out = mlsal().args(args).arg("-o").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(code), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty(), "{args:?}: a workbook goes to its file");
    dump(&path)
}

/// `mlsal ARGS --format csv`, whatever its exit.
fn csv(args: &[&str]) -> String {
    let out = mlsal().args(args).args(["--format", "csv"]).output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// A sheet holds the CSV: the same header, and each cell the same figure, a number where the
/// CSV has one as mlsal writes them (never a number as text), empty where it is empty.
fn same_as_csv(sheet: &Value, csv: &str, what: &str) {
    let (header, rows) = csv_rows(csv);
    let cells = sheet["rows"].as_array().unwrap();
    assert_eq!(cells.len(), rows.len() + 1, "{what}: rows");
    let names: Vec<&str> = cells[0].as_array().unwrap().iter().map(|c| c[0].as_str().unwrap()).collect();
    assert_eq!(names, header, "{what}: header");
    for (r, (row, got)) in rows.iter().zip(&cells[1..]).enumerate() {
        for (c, want) in row.iter().enumerate() {
            let cell = &got[c];
            let at = format!("{what}: row {} column {}", r + 1, header[c]);
            match &cell[0] {
                Value::Null => assert_eq!(want, "", "{at}"),
                Value::Number(n) => {
                    assert_eq!(want.parse::<f64>().ok(), n.as_f64(), "{at}");
                    assert_eq!(cell[1], "n", "{at}");
                }
                Value::String(s) => {
                    assert_eq!(s, want, "{at}");
                    let plain_number = want.parse::<f64>().is_ok() && !want.starts_with('0') || want == "0";
                    assert!(!plain_number, "{at}: the number {want} is written as text");
                }
                other => panic!("{at}: {other}"),
            }
        }
    }
}

fn column<'a>(sheet: &'a Value, name: &str) -> Vec<&'a Value> {
    let rows = sheet["rows"].as_array().unwrap();
    let i = rows[0].as_array().unwrap().iter().position(|c| c[0] == name).unwrap_or_else(|| panic!("{name}"));
    rows[1..].iter().map(|r| &r[i]).collect()
}

#[test]
fn every_command_writes_its_csv_figures_as_typed_cells() {
    if !openpyxl() {
        return;
    }
    let dir = Temp::new("xlsx-commands");
    let runs: [(&str, &[&str], i32); 12] = [
        ("estimate", &["estimate", "-y", "4", "-c", "sf"], 0),
        ("estimate", &["estimate", "-y", "4", "-c", "london", "--currency", "local", "--total"], 0),
        ("compare", &["compare", "-y", "1,4,8", "-c", "sf,london,bangalore", "--currency", "GBP"], 0),
        ("whatif", &["whatif", "-y", "4", "-c", "austin"], 0),
        ("offer", &["offer", "185k", "-y", "4", "-c", "sf", "--bonus", "10k", "--equity", "20k"], 0),
        ("market", &["market", "-y", "4", "-c", "sf"], 0),
        ("list", &["list"], 0),
        ("list", &["list", "sources"], 0),
        ("list", &["list", "wages"], 0),
        ("batch", &["batch", "docs/hr.csv"], 1),
        ("batch", &["batch", "docs/profiles.csv"], 1),
        ("batch", &["batch", "docs/hr.csv", "--currency", "local"], 1),
    ];
    let sources = csv(&["list", "sources"]);
    for (i, (name, args, code)) in runs.iter().enumerate() {
        let book = workbook(&dir, &format!("run{i}"), args, *code);
        let sheets = book["sheets"].as_array().unwrap();
        let names: Vec<&str> = sheets.iter().map(|s| s["name"].as_str().unwrap()).collect();
        let first = match *name {
            "batch" if args[1] == "docs/profiles.csv" => "estimates",
            "batch" => "review",
            other => other,
        };
        assert_eq!(names, [first, "Sources"], "{args:?}");
        let sheet = &sheets[0];
        same_as_csv(sheet, &csv(args), &format!("{args:?}"));
        same_as_csv(&sheets[1], &sources, "Sources");
        assert_eq!(sheet["freeze"], "A2", "{args:?}: the header is frozen");
        assert!(sheet["filter"].as_str().is_some_and(|f| f.starts_with("A1:")), "{args:?}: autofilter");
        assert!(!sheet["widths"].as_object().unwrap().is_empty(), "{args:?}: widths set");
        assert_eq!(book["created"], "2024-01-01 00:00:00", "fixed creation date");
    }
    // Money in each row's currency, ratios and percentages as such.
    dir.write("cities.csv", "years,city\n4,sf\n4,london\n4,bangalore\n");
    let cities = dir.path().join("cities.csv");
    let book = workbook(&dir, "local", &["batch", cities.to_str().unwrap(), "--currency", "local", "-q"], 0);
    let sheet = &book["sheets"][0];
    let formats: Vec<&str> = column(sheet, "mid").iter().map(|c| c[2].as_str().unwrap()).collect();
    assert_eq!(formats, ["\"$\"#,##0", "\"£\"#,##0", "\"₹\"#,##0"]);
    assert!(column(sheet, "multiplier").iter().all(|c| c[2] == "0.00"));
    let book = workbook(&dir, "offer", &["offer", "185k", "-y", "4", "-c", "sf"], 0);
    let sheet = &book["sheets"][0];
    assert_eq!(column(sheet, "position_pct")[0][2], "0.0\"%\"");
    assert_eq!(column(sheet, "compa_ratio")[0][2], "0.00");
    assert_eq!(column(sheet, "amount")[0][2], "\"$\"#,##0");
}

#[test]
fn a_pay_review_colours_verdicts_and_a_summary_comes_before_the_rows() {
    if !openpyxl() {
        return;
    }
    let dir = Temp::new("xlsx-summary");
    let book = workbook(&dir, "review", &["batch", "docs/hr.csv"], 1);
    let fills: Vec<(&str, &Value)> =
        column(&book["sheets"][0], "verdict").iter().map(|c| (c[0].as_str().unwrap_or(""), &c[3])).collect();
    assert!(fills.iter().any(|(v, _)| *v == "below"));
    for (verdict, fill) in fills {
        match verdict {
            "below" => assert_eq!(fill, "FFFFC7CE"),
            "above" => assert_eq!(fill, "FFFFEB9C"),
            _ => assert!(fill.is_null(), "{verdict}"),
        }
    }
    for (flags, first) in [(&["--summary"][..], "summary"), (&["--equity-by", "team"][..], "equity")] {
        let mut args = vec!["batch", "docs/hr.csv"];
        args.extend(flags);
        let book = workbook(&dir, first, &args, 1);
        let sheets = book["sheets"].as_array().unwrap();
        let names: Vec<&str> = sheets.iter().map(|s| s["name"].as_str().unwrap()).collect();
        assert_eq!(names, [first, "review", "Sources"]);
        same_as_csv(&sheets[0], &csv(&args), first);
        same_as_csv(&sheets[1], &csv(&["batch", "docs/hr.csv"]), "rows beside the summary");
    }
}

#[test]
fn the_same_input_gives_the_same_bytes_and_source_date_epoch_dates_it() {
    let dir = Temp::new("xlsx-bytes");
    let write = |name: &str, epoch: Option<&str>| {
        let path = dir.path().join(name);
        let mut cmd = mlsal();
        cmd.args(["batch", "docs/hr.csv", "-q", "-o"]).arg(&path);
        if let Some(e) = epoch {
            cmd.env("SOURCE_DATE_EPOCH", e);
        }
        assert_eq!(cmd.output().unwrap().status.code(), Some(1));
        std::fs::read(path).unwrap()
    };
    let (a, b) = (write("a.xlsx", None), write("b.xlsx", None));
    assert!(a.starts_with(b"PK\x03\x04"));
    assert_eq!(a, b);
    let (c, d) = (write("c.xlsx", Some("1700000000")), write("d.xlsx", Some("1700000000")));
    assert_eq!(c, d);
    assert_ne!(a, c, "the creation date is SOURCE_DATE_EPOCH's");
    // `--format xlsx` into a redirect is the same workbook as `-o`.
    let out = mlsal().args(["batch", "docs/hr.csv", "-q", "--format", "xlsx"]).output().unwrap();
    assert_eq!(out.stdout, a);
}

#[test]
fn a_workbook_is_not_written_to_a_terminal() {
    // `script` gives the command a terminal for its stdout.
    let Ok(out) = Process::new("script")
        .args(["-qec", &format!("{} estimate -y 4 --format xlsx", env!("CARGO_BIN_EXE_mlsal")), "/dev/null"])
        .output()
    else {
        println!("SKIP: no `script` for a terminal");
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains(
        "mlsal: error: a workbook (--format xlsx) is not written to a terminal: give -o FILE.xlsx"
    ));
    assert!(!text.contains("PK"), "no workbook bytes");
}

/// A fixture's rows as `batch --format csv` gives them, and its stderr.
fn read(path: &str, flags: &[&str]) -> (Vec<Vec<String>>, String, Option<i32>) {
    let mut args = vec![path];
    args.extend(flags);
    let run = batch(&args, "");
    let (_, rows) = csv_rows(&run.stdout);
    (rows, run.stderr, run.code)
}

#[test]
fn batch_reads_xlsx_xls_and_ods_naming_bad_cells_by_sheet_and_cell() {
    // The same people as CSV (row E3's years and E4's pay are bad in every workbook).
    let good = batch(
        &[],
        "id,years,city,base_salary,note\nE1,4,sf,185000,a float 4.0 in years\nE2,7,sf,205k,a text pay\nE6,5,london,120000,\n",
    );
    let (_, want) = csv_rows(&good.stdout);
    for (file, ids) in [
        ("tests/fixtures/people-openpyxl.xlsx", &["E1", "E2", "E3", "E4", "E6", "E7"][..]),
        ("tests/fixtures/people.xls", &["E1", "E2", "E3", "E4", "E6"][..]),
        ("tests/fixtures/people.ods", &["E1", "E2", "E3", "E4", "E6"][..]),
    ] {
        let (rows, stderr, code) = read(file, &[]);
        assert_eq!(code, Some(1), "{file}: {stderr}");
        let got: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
        assert_eq!(got, ids, "{file}: every row, in order, ids passed through");
        for (want, row) in
            want.iter().zip(rows.iter().filter(|r| ["E1", "E2", "E6"].contains(&r[0].as_str())))
        {
            assert_eq!(row, want, "{file}: priced as the CSV is (4.0 years is 4)");
        }
        // Line N is the sheet's row N (the header is row 2, after a blank row).
        assert!(
            stderr.contains(
                "line 6: column `base_salary` holds `a date, 2024-01-03 (people!D6)`: not an amount"
            ),
            "{file}: {stderr}"
        );
        if !file.ends_with(".ods") {
            assert!(stderr.contains("line 5: invalid years `#N/A (people!B5)`"), "{file}: {stderr}");
        }
        if file.ends_with(".xlsx") {
            assert!(
                stderr.contains(
                    "line 9: column `base_salary` holds `formula =D3*1.1 without a value (people!D9)`"
                ),
                "{file}: {stderr}"
            );
        }
        // --sheet by name (any case) or number.
        for sheet in ["other", "OTHER", "2"] {
            let (rows, stderr, code) = read(file, &["--sheet", sheet]);
            assert_eq!(code, Some(0), "{file} --sheet {sheet}: {stderr}");
            assert_eq!(rows.len(), 1);
            assert_eq!(rows[0][..4], ["3", "sf", "mid", "1.39"]);
        }
    }
}

#[test]
fn a_workbook_is_known_by_its_content_and_read_from_stdin() {
    let dir = Temp::new("xlsx-content");
    let renamed = dir.path().join("people.csv");
    std::fs::copy("tests/fixtures/people.xls", &renamed).unwrap();
    let (rows, _, code) = read(renamed.to_str().unwrap(), &[]);
    assert_eq!((code, rows.len()), (Some(1), 5));
    let bytes = std::fs::read("tests/fixtures/people.ods").unwrap();
    let run = batch(&["--sheet", "other"], bytes);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(csv_rows(&run.stdout).1.len(), 1);
}

#[test]
fn a_review_written_as_a_workbook_reads_back_as_its_csv_does() {
    let dir = Temp::new("xlsx-round");
    let (book, csv) = (dir.path().join("out.xlsx"), dir.path().join("out.csv"));
    let book = book.to_str().unwrap();
    let csv = csv.to_str().unwrap();
    assert_eq!(
        mlsal().args(["batch", "docs/hr.csv", "-q", "-o", book]).output().unwrap().status.code(),
        Some(1)
    );
    assert_eq!(
        mlsal().args(["batch", "docs/hr.csv", "-q", "-o", csv]).output().unwrap().status.code(),
        Some(1)
    );
    let again = |path: &str| batch(&[path, "-q"], "");
    let (from_book, from_csv) = (again(book), again(csv));
    assert_eq!(from_book.code, Some(1));
    // The earlier results pass through as input_* and the rows are priced again.
    assert!(from_book.stdout.starts_with("id,team,years,city,base_salary,input_level,"));
    assert_eq!(from_book.stdout, from_csv.stdout);
}

#[test]
fn bad_workbooks_and_sheets_are_one_line_errors() {
    let dir = Temp::new("xlsx-bad");
    let zip = dir.path().join("broken.xlsx");
    std::fs::write(&zip, b"PK\x03\x04 not really a zip").unwrap();
    let zip = zip.to_str().unwrap();
    let e = fails(&["batch", zip], 2);
    assert!(e.contains(&format!("cannot read {zip} as a workbook")), "{e}");
    let e = fails(&["batch", "tests/fixtures/people.xls", "--sheet", "nope"], 2);
    assert!(e.contains("invalid value `nope` for --sheet: tests/fixtures/people.xls has no such sheet: its sheets are `people`, `other`"), "{e}");
    let e = fails(&["batch", "tests/fixtures/people.xls", "--sheet", "3"], 2);
    assert!(e.contains("no such sheet"), "{e}");
    let e = fails(&["batch", "docs/hr.csv", "--sheet", "1"], 2);
    assert!(e.contains("--sheet reads a workbook"), "{e}");
    // An empty sheet: written by mlsal itself, a list with no rows has a header; a workbook
    // with an empty sheet comes from rust_xlsxwriter through a command with no records...
    // so openpyxl writes one when it can.
    if openpyxl() {
        let empty = dir.path().join("empty.xlsx");
        let made = Process::new("python3")
            .args(["-c", "import openpyxl, sys; openpyxl.Workbook().save(sys.argv[1])"])
            .arg(&empty)
            .status()
            .unwrap();
        assert!(made.success());
        let e = fails(&["batch", empty.to_str().unwrap()], 2);
        assert!(e.contains("is empty: no header row"), "{e}");
    }
    let e = fails(&["data", "path", "--format", "xlsx"], 2);
    assert!(e.contains("data path writes text, json or jsonl"), "{e}");
}

#[test]
fn output_to_a_file_with_any_format() {
    let dir = Temp::new("xlsx-o");
    let path = dir.path().join("est.csv");
    let out = mlsal().args(["estimate", "-y", "4", "-f", "csv", "-o"]).arg(&path).output().unwrap();
    assert!(out.status.success() && out.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), stdout(&["estimate", "-y", "4", "-f", "csv"]));
}
