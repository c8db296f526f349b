//! The fuzz targets' laws (tests/invariants), checked by CI on a few hundred generated inputs
//! per entry point, and each input the fuzzer found (fuzz/README.md) kept as a test. The
//! fuzzer itself runs with `scripts/fuzz.sh`.

mod invariants;

use mlsal::cli::InputFormat;
use proptest::prelude::*;
use proptest::strategy::ValueTree;

/// Bytes that are mostly CSV's own (quotes, commas, line ends, blank space), profile column
/// names and values, with any byte now and then: random bytes alone almost never make a
/// header batch accepts.
fn csv_like() -> impl Strategy<Value = Vec<u8>> {
    let token = prop_oneof![
        4 => prop::sample::select(vec![
            "\"", ",", "\n", "\r", "\r\n", " ", "\t", "\"\"", "years", "level", "city", "sf", "4",
            "senior", "x", "{", "}", ":", "null", "\u{FEFF}", "é", "salary", "pay", "150k", "\"$150,000\"",
            "0", "n/a",
        ])
        .prop_map(|s| s.as_bytes().to_vec()),
        1 => any::<u8>().prop_map(|b| vec![b]),
    ];
    let header = prop::sample::select(vec![
        "years,city\n",
        "id,level\r\n",
        "years\n",
        "",
        "\n\nyears,\"city\"\n",
        "years,salary\n",
    ]);
    (header, prop::collection::vec(token, 0..60)).prop_map(|(h, tokens)| {
        let mut bytes = h.as_bytes().to_vec();
        tokens.iter().for_each(|t| bytes.extend_from_slice(t));
        bytes
    })
}

/// JSON Lines that are mostly objects of profile keys, with broken ones among them.
fn jsonl_like() -> impl Strategy<Value = Vec<u8>> {
    let value = prop::sample::select(vec![
        "4",
        "\"sf\"",
        "null",
        "true",
        "[1]",
        "{}",
        "\"senior\"",
        "-1",
        "1e400",
        "\"150k\"",
    ]);
    let key =
        prop::sample::select(vec!["years", "level", "city", "location", "id", "Years", "yeras", "salary"]);
    let line = prop_oneof![
        4 => prop::collection::vec((key, value), 0..4).prop_map(|pairs| {
            let body: Vec<String> = pairs.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
            format!("{{{}}}", body.join(","))
        }),
        1 => prop::sample::select(vec!["", " ", "\r", "{", "[]", "\"x\"", "{\"years\":4", "\u{FEFF}{}"])
            .prop_map(String::from),
    ];
    prop::collection::vec(line, 0..8).prop_map(|lines| lines.join("\n").into_bytes())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn batch_csv_writes_one_row_per_record(input in prop_oneof![csv_like(), any::<Vec<u8>>()], mode: u8) {
        invariants::batch(&input, mode, InputFormat::Csv);
    }

    #[test]
    fn batch_jsonl_writes_one_row_per_line(input in prop_oneof![jsonl_like(), any::<Vec<u8>>()], mode: u8) {
        invariants::batch(&input, mode, InputFormat::Jsonl);
    }

    #[test]
    fn any_bytes_as_a_data_file_load_or_are_refused(pick: u8, text in prop_oneof![
        any::<Vec<u8>>(),
        "[a-z_]{1,8} = (\"[a-z]{0,4}\"|[0-9.e+-]{1,6}|true|\\[\\])\n".prop_map(String::into_bytes),
    ]) {
        invariants::data(&[&[pick][..], &text].concat());
    }

    /// A built-in file with one number changed: tables that load must estimate in order.
    #[test]
    fn a_built_in_file_with_a_number_changed_loads_or_is_refused(
        pick in 0..mlsal::data::EMBEDDED.len(),
        at in any::<prop::sample::Index>(),
        number in prop::sample::select(vec!["0", "-1", "1e308", "0.0001", "1e-300", "nan", "inf", "9223372036854775807"]),
    ) {
        let text = mlsal::data::EMBEDDED[pick].1;
        let digits: Vec<usize> = text.char_indices().filter(|(_, c)| c.is_ascii_digit()).map(|(i, _)| i).collect();
        let i = digits[at.index(digits.len())];
        let changed = format!("{}{number}{}", &text[..i], &text[i + 1..]);
        invariants::data(&[&[pick as u8][..], changed.as_bytes()].concat());
    }
}

/// The CSV model the fuzzer checks batch against reads as Python's `csv` module does, record
/// for record and cell for cell, on odd inputs. Skipped (and said so) without `python3`.
#[test]
fn the_csv_model_reads_as_python_does() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut inputs: Vec<Vec<u8>> =
        (0..300).map(|_| csv_like().new_tree(&mut runner).unwrap().current()).collect();
    inputs.extend(
        [
            "",
            "\n",
            "a",
            "\"",
            "\"\"",
            " \"a\nb\",c\n",
            "a\rb\r\nc\n\r",
            "\"a\"b,\"c\"\"d\"\r",
            "x,\"y\n\n",
            ",\n,,",
        ]
        .map(|s| s.as_bytes().to_vec()),
    );
    // Python's reader, on text decoded as UTF-8 with surrogate escapes: each record as a JSON
    // list of [line, cells] (a cell's text back to its bytes, as latin-1 code points would not).
    const READ: &str = r#"
import csv, json, sys
csv.field_size_limit(sys.maxsize)
for path in sys.argv[1:]:
    with open(path, newline="", encoding="utf-8", errors="surrogateescape") as f:
        rows = [[list(c.encode("utf-8", "surrogateescape")) for c in row] for row in csv.reader(f)]
    print(json.dumps(rows))
"#;
    let dir = tempfile::tempdir().unwrap();
    let paths: Vec<_> = inputs
        .iter()
        .enumerate()
        .map(|(i, bytes)| {
            let path = dir.path().join(format!("{i}.csv"));
            std::fs::write(&path, bytes).unwrap();
            path
        })
        .collect();
    let out = match std::process::Command::new("python3").arg("-c").arg(READ).args(&paths).output() {
        Ok(out) => out,
        Err(e) => {
            // Past libtest's capture (which hides `eprintln!` of a passing test): a machine
            // without python3 passes, but not silently.
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "SKIP: the_csv_model_reads_as_python_does: python3 is needed to compare the CSV model with Python's csv module: {e}"
            );
            return;
        }
    };
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), inputs.len(), "Python read every input, no more, no fewer");
    for (input, line) in inputs.iter().zip(text.lines()) {
        let python: Vec<Vec<Vec<u8>>> = serde_json::from_str(line).unwrap();
        let ours: Vec<Vec<Vec<u8>>> = invariants::python_csv(input).into_iter().map(|r| r.fields).collect();
        assert_eq!(ours, python, "{:?}", String::from_utf8_lossy(input));
    }
}

/// The inputs the fuzz targets and the proptests above found, minimised, each with what was
/// wrong: CI checks every one of them without fuzzing.
#[test]
fn inputs_the_fuzzing_found() {
    use InputFormat::{Csv, Jsonl};
    let found: &[(InputFormat, u8, &[u8], &str)] = &[
        // `error` became `input_error`, the name of the next column: two columns of one name.
        (Csv, 0, b"years,error,input_error\n4,a,b\n", "a renamed column took an input column's name"),
        (Jsonl, 2, b"{\"years\":4,\"error\":1,\"input_error\":2}\n", "the same in JSON: a key hid another"),
        // A lone CR ends a line, and a `""` line is a record of one empty field (Python's csv).
        (Csv, 0, b"years,city\n\r\"\"", "a row lost after a lone CR"),
        // The csv crate drops a BOM at the start of each reader, and batch began one per chunk,
        // right after the header.
        (Csv, 0, b"years,city\n\xEF\xBB\xBF", "a row of a BOM lost"),
        (Csv, 0, b"years,city\n\xEF\xBB\xBF4,sf\n", "a BOM dropped from a value"),
        // Pass-through JSON values are written as given, even numbers no f64 holds.
        (Jsonl, 2, b"{\"id\":1e400,\"years\":4}", "a pass-through number out of f64's range"),
        // UTF-16 is refused as a whole input, with nothing written.
        (Jsonl, 7, b"\xFF\xFE{\"years\":4}\n", "a UTF-16 input is refused"),
        (Csv, 0, b"\xEF\xBB\xBF\xFE\xFFyears\n", "a UTF-16 input after a UTF-8 BOM is refused"),
        // A quote never closed runs to the end of the input, as in Python: a bad row.
        (Csv, 12, b"years\n4\n\"4", "a row with a quote never closed is an error"),
    ];
    for &(format, mode, input, what) in found {
        let run = std::panic::catch_unwind(|| invariants::batch(input, mode, format));
        assert!(run.is_ok(), "{what}: {:?}", String::from_utf8_lossy(input));
    }
}
