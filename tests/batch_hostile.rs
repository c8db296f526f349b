//! `mlsal batch` against hostile input (issue 10): each class of defect found in batch, with a
//! test that would catch it again. Row for row, nothing merged, nothing dropped, every problem
//! that row's error on its own line.

mod common;

use common::mlsal;

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// `mlsal batch ARGS` on `input`; checks that nothing panicked and stdout is UTF-8.
fn batch(args: &[&str], input: impl Into<Vec<u8>>) -> Run {
    let out = mlsal().arg("batch").args(args).write_stdin(input).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    for bad in ["panicked", "backtrace"] {
        assert!(!stderr.contains(bad), "{stderr}");
    }
    Run { code: out.status.code(), stdout: String::from_utf8(out.stdout).unwrap(), stderr }
}

/// CSV output's rows after the header (parsed by the csv crate, so quoting is honoured).
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    r.records().map(|rec| rec.unwrap().iter().map(String::from).collect()).collect()
}

/// The `error` column (the last) of each CSV output row.
fn errors(text: &str) -> Vec<String> {
    csv_rows(text).into_iter().map(|r| r.last().cloned().unwrap_or_default()).collect()
}

/// Item 10: a count of one is singular, in the row's error and in the summary.
#[test]
fn counts_of_one_are_singular() {
    let run = batch(&[], "years,city,education\n4\n");
    assert_eq!(run.code, Some(1));
    assert!(errors(&run.stdout)[0].starts_with("1 field, expected 3 "), "{}", run.stdout);
    assert!(run.stderr.contains("line 2: 1 field, expected 3 (years, city, education)"), "{}", run.stderr);
    assert!(run.stderr.ends_with("mlsal: error: 1 of 1 row had an error\n"), "{}", run.stderr);
    let run = batch(&[], "years,city\n4,sf,x\n4,sf\n4\n");
    assert!(errors(&run.stdout)[0].starts_with("3 fields, expected 2 "), "{}", run.stdout);
    assert!(run.stderr.ends_with("mlsal: error: 2 of 3 rows had errors\n"), "{}", run.stderr);
    let run = batch(&["-f", "jsonl"], "years,city\n4,nowhere\n4,sf\n");
    assert!(run.stderr.ends_with("mlsal: error: 1 of 2 rows had an error\n"), "{}", run.stderr);
}
