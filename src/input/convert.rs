//! The formats read whole and turned into the two the chunked reader streams: TSV into CSV,
//! a JSON array into JSON Lines. Both are read into memory (a round trip's file, or an
//! export saved as TSV, is small beside the inputs batch streams), and the rows, their order
//! and their line numbers are kept.

/// TSV (tab-separated, quoted where a cell holds a tab, a quote or a line break, as
/// `--format tsv` and spreadsheets write it) as CSV with the same cells: each record on the
/// line it started on (blank lines are kept as blank lines), so a row's line number is the
/// same in both.
pub(crate) fn tsv_to_csv(tsv: &[u8]) -> Vec<u8> {
    let mut reader =
        csv::ReaderBuilder::new().delimiter(b'\t').has_headers(false).flexible(true).from_reader(tsv);
    let mut out = Vec::with_capacity(tsv.len() + tsv.len() / 8);
    let mut line = 1;
    let mut record = csv::ByteRecord::new();
    // Only I/O fails on a byte record, and a slice has none.
    while let Ok(true) = reader.read_byte_record(&mut record) {
        // The line the record ends on (the reader is past its line end, if it has one), less
        // the line breaks in its cells: the line it starts on, after the blank lines the
        // reader skipped, which stay blank lines.
        let after = reader.position();
        let ended = after.byte() > 0 && matches!(tsv.get(after.byte() as usize - 1), Some(b'\n' | b'\r'));
        let breaks: u64 = record.iter().map(|cell| memchr::memchr_iter(b'\n', cell).count() as u64).sum();
        let at = after.line() - u64::from(ended) - breaks;
        while line < at {
            out.push(b'\n');
            line += 1;
        }
        let before = out.len();
        let mut writer = csv::WriterBuilder::new().from_writer(&mut out);
        // A record of one empty cell is written `""`, which CSV reads back as that record.
        let _ = writer.write_byte_record(&record);
        let _ = writer.flush();
        drop(writer);
        line += memchr::memchr_iter(b'\n', &out[before..]).count() as u64;
    }
    out
}

/// Whether the first line of `bytes` (after blank space) has a tab and no comma: a TSV header.
pub(crate) fn looks_like_tsv(bytes: &[u8]) -> bool {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace() || *b == b'\t').unwrap_or(bytes.len());
    let line = &bytes[start..];
    let line = &line[..memchr::memchr2(b'\n', b'\r', line).unwrap_or(line.len())];
    line.contains(&b'\t') && !line.contains(&b',')
}

/// A JSON array (as `--format json` writes, pretty or not) as JSON Lines: each element on a
/// line of its own, written as given but for the blank space between its tokens (key order,
/// numbers and escapes as they were). An element that is no object stays a line, which is its
/// row's error. An input that is no JSON array is an error naming where it breaks.
pub(crate) fn json_array_to_lines(json: &[u8]) -> Result<Vec<u8>, String> {
    let elements: Vec<&serde_json::value::RawValue> =
        serde_json::from_slice(json).map_err(|e| format!("the input is not a valid JSON array: {e}"))?;
    let mut out = Vec::with_capacity(json.len());
    for element in elements {
        compact(element.get().as_bytes(), &mut out);
        out.push(b'\n');
    }
    Ok(out)
}

/// Whether JSON that starts with `{` is not one object a line: its first line is no whole
/// JSON value (`estimate --format json` writes one object over many lines).
pub(crate) fn pretty_json(bytes: &[u8]) -> bool {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    let line = &bytes[start..];
    let line = &line[..memchr::memchr(b'\n', line).unwrap_or(line.len())];
    line.starts_with(b"{")
        && serde_json::from_slice::<serde::de::IgnoredAny>(line).is_err_and(|e| e.is_eof())
        && serde_json::Deserializer::from_slice(bytes)
            .into_iter::<serde::de::IgnoredAny>()
            .next()
            .is_some_and(|first| first.is_ok())
}

/// JSON values one after another, each over any number of lines (pretty objects), as JSON
/// Lines; from the first that does not parse, the rest is left as it is, a line a row.
pub(crate) fn json_values_to_lines(json: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(json.len());
    let mut values = serde_json::Deserializer::from_slice(json).into_iter::<&serde_json::value::RawValue>();
    loop {
        let at = values.byte_offset();
        match values.next() {
            Some(Ok(value)) => {
                compact(value.get().as_bytes(), &mut out);
                out.push(b'\n');
            }
            Some(Err(_)) => {
                out.extend_from_slice(json[at..].trim_ascii_start());
                break;
            }
            None => break,
        }
    }
    out
}

/// `json` (valid JSON) less the blank space between its tokens.
fn compact(json: &[u8], out: &mut Vec<u8>) {
    let (mut in_string, mut escaped) = (false, false);
    for &b in json {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
        } else if b == b'"' {
            in_string = true;
        } else if b.is_ascii_whitespace() {
            continue;
        }
        out.push(b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_becomes_csv_with_the_same_cells_on_the_same_lines() {
        let tsv = b"years\tcity\tnote\n4\tsf\ta, b\n\n7\t\"New\nYork\"\t\"x\"\"y\"\n\"\"\n";
        let csv = tsv_to_csv(tsv);
        assert_eq!(csv, b"years,city,note\n4,sf,\"a, b\"\n\n7,\"New\nYork\",\"x\"\"y\"\n\"\"\n");
        let read: Vec<Vec<String>> = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(&csv[..])
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        assert_eq!(read[2], ["7", "New\nYork", "x\"y"]);
        assert_eq!(tsv_to_csv(b""), b"");
        assert!(looks_like_tsv(b"\n years\tcity\n4\tsf"));
        assert!(!looks_like_tsv(b"years,city\tx\n"));
        assert!(!looks_like_tsv(b"years,city\n4\tx"));
    }

    #[test]
    fn pretty_objects_become_one_line_each() {
        let json = b"{\n  \"a\": 1,\n  \"b\": {\"c\": [2]}\n}\n{\"d\": \"e f\"}\n";
        assert!(pretty_json(json));
        assert!(!pretty_json(b"{\"a\": 1}\n{\"b\": 2}\n"));
        assert!(!pretty_json(b"{\"a\": \n"), "broken JSON Lines is read as JSON Lines");
        assert_eq!(json_values_to_lines(json), b"{\"a\":1,\"b\":{\"c\":[2]}}\n{\"d\":\"e f\"}\n");
        assert_eq!(json_values_to_lines(b"{\"a\":1}\n{\"b\"\n}"), b"{\"a\":1}\n{\"b\"\n}");
    }

    #[test]
    fn a_json_array_becomes_one_line_per_element_as_written() {
        let json = b"[\n  {\n    \"a\": \"x \\\" y\",\n    \"b\": [1, 2.50]\n  },\n  {\"c\": null}, 3\n]\n";
        assert_eq!(
            String::from_utf8(json_array_to_lines(json).unwrap()).unwrap(),
            "{\"a\":\"x \\\" y\",\"b\":[1,2.50]}\n{\"c\":null}\n3\n"
        );
        assert_eq!(json_array_to_lines(b"[]").unwrap(), b"");
        assert!(json_array_to_lines(b"[{\"a\":1},").unwrap_err().contains("not a valid JSON array"));
        let tricky = b"[{\"k\\\\\": \"\\\\\", \"s\": \" a \"}]";
        assert_eq!(json_array_to_lines(tricky).unwrap(), b"{\"k\\\\\":\"\\\\\",\"s\":\" a \"}\n");
    }
}
