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

/// JSON Lines output, one value per line.
fn jsonl(text: &str) -> Vec<serde_json::Value> {
    text.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

/// Item 2: a JSON Lines object that gives one column twice — one key twice, or two names of
/// one column, in any spelling that folds to it — is that row's error, on whichever line,
/// the first included. Neither value wins; the rows around it are estimated as usual.
#[test]
fn a_json_lines_column_given_twice_is_that_rows_error() {
    let lines = [
        (
            r#"{"id":"a","years":4,"city":"sf","location":"nyc"}"#,
            Some("keys `city` and `location` name one column"),
        ),
        (r#"{"id":"b","years":4,"city":"sf"}"#, None),
        (r#"{"id":"c","years":4,"city":"sf","city":"nowhere"}"#, Some("key `city` is given twice")),
        (r#"{"id":"d","years":4,"city":"nowhere","location":"sf"}"#, Some("keys `city` and `location`")),
        (
            r#"{"id":"e","years":4,"specialization":"nlp","specialisation":"cv"}"#,
            Some("keys `specialization` and `specialisation`"),
        ),
        (r#"{"id":"f","years":4,"City":"sf","city":"nyc"}"#, Some("keys `City` and `city`")),
        (
            r#"{"id":"g","years":4,"Company Size":"startup","company-size":"large"}"#,
            Some("keys `Company Size` and `company-size`"),
        ),
        (r#"{"id":"h","years":4,"years":null}"#, Some("key `years` is given twice")),
        (r#"{"id":"i","id":"j","years":4}"#, Some("key `id` is given twice")),
        (r#"{"id":"k","level":"senior","level":"senior"}"#, Some("key `level` is given twice")),
        (r#"{"id":"l","years":4,"location":"nyc"}"#, None),
    ];
    let input: String = lines.iter().map(|(l, _)| format!("{l}\n")).collect();
    let run = batch(&["-f", "jsonl"], input);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let rows = jsonl(&run.stdout);
    assert_eq!(rows.len(), lines.len(), "{}", run.stdout);
    let stderr: Vec<&str> = run.stderr.lines().collect();
    let bad: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].1.is_some()).collect();
    assert_eq!(stderr.len(), bad.len() + 1, "{}", run.stderr);
    for (n, &i) in bad.iter().enumerate() {
        let want = lines[i].1.unwrap();
        assert!(stderr[n].starts_with(&format!("mlsal: error: line {}: {want}", i + 1)), "{}", stderr[n]);
    }
    for (i, (row, (_, want))) in rows.iter().zip(&lines).enumerate() {
        let id = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "k", "l"][i];
        assert_eq!(row["id"], id, "row {i}: the first value of a key given twice is shown: {row}");
        match want {
            Some(want) => {
                assert!(row["error"].as_str().unwrap().starts_with(want), "row {i}: {row}");
                assert!(row["mid"].is_null(), "row {i}: no value wins: {row}");
            }
            None => assert!(row["error"].is_null() && row["mid"].is_number(), "row {i}: {row}"),
        }
    }
    assert_ne!(rows[1]["mid"], rows[10]["mid"], "sf and nyc differ: each row's own value is used");
    for line in run.stdout.lines() {
        assert_eq!(line.matches("\"id\":").count(), 1, "one `id` key, one `city`: {line}");
        assert_eq!(line.matches("\"city\":").count(), 1, "{line}");
    }
}
