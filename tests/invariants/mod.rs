//! What must hold for any input bytes, shared by the fuzz targets (`fuzz/fuzz_targets/`, which
//! include this file) and by the proptests of `tests/fuzzing.rs`, so CI checks the same laws
//! the fuzzer does on every run, only on fewer inputs.
//!
//! - [`batch`]: batch never panics, and writes exactly one row per input record (CSV as
//!   Python's `csv` module reads it, less blank lines; JSON Lines, one per non-blank line), in
//!   order, each CSV row's cells as read, and one stderr line per bad row naming its line; or
//!   refuses the header and writes nothing.
//! - [`data`]: any bytes as one data file over the built-in ones load or are refused, never a
//!   panic; tables that load give every estimate in order (`low <= mid <= high`) and every
//!   command runs on them without a panic.
#![allow(dead_code)]

use std::io::Cursor;
use std::sync::OnceLock;

use clap::Parser;
use mlsal::cli::{Cli, Command, InputFormat};
use mlsal::cmd::batch::{Layout, MAX_PAY, Problem, pay_column, run_reader};
use mlsal::cmd::{Ctx, Warnings};
use mlsal::data::{DataFile, EMBEDDED};
use mlsal::model::{Estimate, Experience, Options, Profile, ProfileSpec, estimate};
use mlsal::output::Style;
use mlsal::tables::{Factor, Tables};
use mlsal::view::batch::REVIEW_COLUMNS;

/// The built-in tables, built once.
fn builtin() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(mlsal::embedded::tables)
}

fn parse(argv: &[&str]) -> Command {
    let full = std::iter::once("mlsal").chain(argv.iter().copied());
    Cli::try_parse_from(full).unwrap_or_else(|e| panic!("{argv:?}: {e}")).command
}

/// One record as Python's `csv.reader` gives it (default dialect, `newline=""`): the line it
/// starts on (from 1) and its fields.
#[derive(Debug)]
pub struct Record {
    pub line: u64,
    pub fields: Vec<Vec<u8>>,
    /// Whether a field of it was quoted (`""`, `" "`): such a record is no blank line.
    pub quoted: bool,
    /// Whether it ends in a quote never closed (at the end of the input): batch reads it as
    /// Python does, and makes it a bad row that says so.
    pub open: bool,
}

/// The records of `input` as Python's `csv` module reads them (CPython's `_csv.c` state
/// machine, default dialect, not strict), written out here so the fuzzer checks batch against
/// an independent reader. Lines end at `\n`, `\r\n` or a lone `\r`; a quote is special only at
/// the start of a field; an open quote at the end of input ends its field there.
pub fn python_csv(input: &[u8]) -> Vec<Record> {
    #[derive(Clone, Copy, PartialEq)]
    enum S {
        StartRecord,
        StartField,
        InField,
        InQuoted,
        QuoteInQuoted,
        EatCrnl,
    }
    let mut records = Vec::new();
    let (mut state, mut fields, mut field, mut quoted) = (S::StartRecord, Vec::new(), Vec::new(), false);
    let (mut line, mut start) = (0u64, 0u64);
    let mut at = 0;
    while at < input.len() {
        // One line, with its line end, as `open(newline="")` hands it to the reader.
        let mut end = at;
        while end < input.len() && !matches!(input[end], b'\n' | b'\r') {
            end += 1;
        }
        if end < input.len() {
            end += if input[end] == b'\r' && input.get(end + 1) == Some(&b'\n') { 2 } else { 1 };
        }
        line += 1;
        if state == S::StartRecord {
            start = line;
        }
        // `None` is the end of the line (CPython's EOL), after its characters.
        for c in input[at..end].iter().copied().map(Some).chain([None]) {
            let newline = matches!(c, Some(b'\n' | b'\r'));
            if state == S::StartRecord {
                if c.is_none() {
                    // An empty line: `[]`.
                    break;
                } else if newline {
                    state = S::EatCrnl;
                    continue;
                }
                state = S::StartField;
            }
            let save = |fields: &mut Vec<Vec<u8>>, field: &mut Vec<u8>| fields.push(std::mem::take(field));
            let ended = |c: Option<u8>| if c.is_none() { S::StartRecord } else { S::EatCrnl };
            match state {
                S::StartField | S::InField if newline || c.is_none() => {
                    save(&mut fields, &mut field);
                    state = ended(c);
                }
                S::StartField if c == Some(b'"') => {
                    state = S::InQuoted;
                    quoted = true;
                }
                S::StartField | S::InField if c == Some(b',') => {
                    save(&mut fields, &mut field);
                    state = S::StartField;
                }
                S::StartField | S::InField => {
                    field.extend(c);
                    state = S::InField;
                }
                S::InQuoted => match c {
                    None => {}
                    Some(b'"') => state = S::QuoteInQuoted,
                    Some(c) => field.push(c),
                },
                S::QuoteInQuoted => match c {
                    Some(b'"') => {
                        field.push(b'"');
                        state = S::InQuoted;
                    }
                    Some(b',') => {
                        save(&mut fields, &mut field);
                        state = S::StartField;
                    }
                    _ if newline || c.is_none() => {
                        save(&mut fields, &mut field);
                        state = ended(c);
                    }
                    Some(c) => {
                        field.push(c);
                        state = S::InField;
                    }
                    None => unreachable!(),
                },
                S::EatCrnl => {
                    if c.is_none() {
                        state = S::StartRecord;
                    }
                    // Anything else cannot follow a line end within one line.
                }
                S::StartRecord => unreachable!(),
            }
        }
        if state == S::StartRecord {
            records.push(Record { line: start, fields: std::mem::take(&mut fields), quoted, open: false });
            quoted = false;
        }
        at = end;
    }
    if state == S::InQuoted {
        fields.push(field);
        records.push(Record { line: start, fields, quoted, open: true });
    }
    records
}

/// A record batch gives no row, as docs/GUIDE.md says: a blank line, empty (Python's `[]`) or
/// of blank space only. A quoted field is no blank line (`""`, `" "`, or a quoted line break,
/// which Python reads as the one field `"\n"` too): it is a row.
pub fn blank(record: &Record) -> bool {
    match &record.fields[..] {
        [] => true,
        [one] => !record.quoted && one.iter().all(|b| b" \t\n\r\x0c".contains(b)),
        _ => false,
    }
}

/// The rows batch must write for `input`: the line each starts on and, for CSV, its cells.
/// The CSV header is not a row; a JSON Lines first line is.
pub fn expected_rows(input: &[u8], format: InputFormat) -> Vec<Record> {
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    match format {
        InputFormat::Csv => python_csv(input).into_iter().filter(|r| !blank(r)).skip(1).collect(),
        InputFormat::Jsonl => input
            .split(|&b| b == b'\n')
            .zip(1..)
            .filter(|(text, _)| !text.trim_ascii().is_empty())
            .map(|(_, line)| Record { line, fields: Vec::new(), quoted: false, open: false })
            .collect(),
        other => panic!("{other:?} is read whole, as CSV or JSON Lines: not fuzzed"),
    }
}

/// What `estimate` gives for a CSV record's profile, read as `estimate` reads its flags: the
/// cells trimmed, an empty one not given (a level of blank space only is none, and years of
/// it are none too). `None` for a record that has no profile: a width other than the
/// header's, a cell that is not UTF-8, no experience or both, a value the tables refuse.
fn estimate_row<'a>(fields: &[Vec<u8>], layout: &Layout, opts: &Options<'a>) -> Option<Estimate<'a>> {
    if fields.len() != layout.names.len() {
        return None;
    }
    let cell = |slot: usize| -> Option<Option<&str>> {
        let Some(i) = layout.at[slot] else { return Some(None) };
        let text = std::str::from_utf8(&fields[i]).ok()?.trim();
        Some((!text.is_empty()).then_some(text))
    };
    let years = cell(0)?.map(|y| mlsal::model::parse_years(y).ok()).map_or(Some(None), |y| y.map(Some))?;
    let level = match layout.at[1] {
        Some(i) if !fields[i].trim_ascii().is_empty() => Some(cell(1)?.unwrap_or("")),
        _ => None,
    };
    if years.is_some() == level.is_some() {
        return None;
    }
    let mut factors = [None; 5];
    for (k, factor) in factors.iter_mut().enumerate() {
        *factor = cell(2 + k)?;
    }
    let spec = ProfileSpec { years, level, factors };
    Some(estimate(builtin(), &spec.resolve(builtin()).ok()?, opts))
}

/// The input's CSV header, its names trimmed as batch trims them.
fn csv_header(input: &[u8]) -> Option<Vec<Vec<u8>>> {
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    let header = python_csv(input).into_iter().find(|r| !blank(r))?;
    Some(header.fields.iter().map(|f| String::from_utf8_lossy(f).trim().as_bytes().to_vec()).collect())
}

fn distinct(names: &[Vec<u8>]) -> bool {
    let mut sorted: Vec<&Vec<u8>> = names.iter().collect();
    sorted.sort();
    sorted.windows(2).all(|w| w[0] != w[1])
}

fn lossy(names: &[Vec<u8>]) -> Vec<String> {
    names.iter().map(|n| String::from_utf8_lossy(n).into_owned()).collect()
}

/// One row batch wrote: its cells (CSV and TSV output) and whether it has an error.
#[derive(Debug)]
struct Written {
    cells: Option<Vec<Vec<u8>>>,
    bad: bool,
}

/// The options a fuzz input's first byte picks: output format, `--total`, `--currency local`,
/// `--strict`.
pub fn batch_argv(mode: u8, input: InputFormat) -> Vec<&'static str> {
    let mut argv = vec!["batch", "--input-format", if input == InputFormat::Csv { "csv" } else { "jsonl" }];
    argv.extend(["--format", ["csv", "tsv", "jsonl", "json"][mode as usize % 4]]);
    for (bit, flags) in [(4, &["--total"][..]), (8, &["--currency", "local"]), (16, &["--strict"])] {
        if mode & bit != 0 {
            argv.extend(flags);
        }
    }
    argv
}

/// Runs batch on `input` with the options `mode` picks, and checks its output row for row
/// against [`expected_rows`]. Panics (a fuzz finding) on any broken law.
pub fn batch(input: &[u8], mode: u8, format: InputFormat) {
    let argv = batch_argv(mode, format);
    let Command::Batch(args) = parse(&argv) else { unreachable!() };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut ctx =
        Ctx { tables: builtin(), out: &mut out, style: Style::plain(), warnings: Warnings::new(true) };
    let result =
        run_reader(&args, "<fuzz>".into(), Box::new(Cursor::new(input.to_vec())), &mut ctx, &mut err);
    let want = expected_rows(input, format);
    let what = || format!("{argv:?} on {:?}", String::from_utf8_lossy(input));
    let problem = result.as_ref().err().and_then(|e| e.downcast_ref::<Problem>());
    // Two pay columns (`salary` and `pay`) are a usage error, before any row.
    let usage = result.as_ref().err().and_then(|e| e.downcast_ref::<mlsal::Error>());
    if let Some(e) = usage {
        assert!(e.to_string().contains("could each be the pay column"), "{e}: {}", what());
        assert!(out.is_empty() && err.is_empty(), "a refused header, yet output: {}", what());
        return;
    }
    if let Err(e) = &result {
        assert!(!e.to_string().is_empty(), "an empty error: {}", what());
    }
    // A header (or an input: UTF-16) refused: nothing written, whatever the format.
    let refused = matches!(
        problem,
        Some(
            Problem::HeaderNotUtf8 { .. }
                | Problem::Repeated { .. }
                | Problem::NoProfileColumn { .. }
                | Problem::NoExperienceColumn { .. }
                | Problem::Misspelt { .. }
                | Problem::HeaderOpenQuote
                | Problem::HeaderTooLong
                | Problem::Utf16
        )
    );
    if let Some(Problem::Utf16) = problem {
        let after_bom = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
        let utf16 = after_bom.starts_with(b"\xFF\xFE") || after_bom.starts_with(b"\xFE\xFF");
        assert!(utf16, "called UTF-16 without a UTF-16 byte order mark: {}", what());
    }
    if refused {
        assert!(
            out.is_empty(),
            "a refused header, yet output: {}\n{:?}",
            what(),
            String::from_utf8_lossy(&out)
        );
        assert!(err.is_empty(), "a refused header, yet rows reported: {}", what());
        return;
    }
    let (header, rows) = written(&out, &args.output.format, what);
    let stopped = match (&result, problem) {
        (Ok(()), _) | (Err(_), Some(Problem::BadRows { .. })) => None,
        (Err(_), Some(Problem::Stopped { line, .. })) => Some(*line),
        (Err(e), _) => panic!("the whole batch failed: {e:#}: {}", what()),
    };
    // Row for row: as many as the input holds (up to the bad one with --strict), in order.
    match stopped {
        None => assert_eq!(rows.len(), want.len(), "rows written: {}", what()),
        Some(line) => {
            assert!(rows.len() < want.len(), "stopped, yet every row written: {}", what());
            assert_eq!(line, want[rows.len()].line, "the line --strict stopped at: {}", what());
            assert!(rows.iter().all(|r| !r.bad), "--strict wrote a bad row: {}", what());
        }
    }
    // One stderr line per bad row, naming the line its record starts on.
    let err = String::from_utf8(err).unwrap_or_else(|_| panic!("stderr is not UTF-8: {}", what()));
    let lines: Vec<&str> = err.lines().collect();
    let bad: Vec<u64> = rows.iter().zip(&want).filter(|(r, _)| r.bad).map(|(_, w)| w.line).collect();
    assert_eq!(lines.len(), bad.len(), "one stderr line per bad row: {}\n{err}", what());
    for (text, line) in lines.iter().zip(&bad) {
        let prefix = format!("mlsal: error: line {line}: ");
        assert!(text.starts_with(&prefix), "`{text}` should start `{prefix}`: {}", what());
    }
    if let Some(Problem::BadRows { bad: n, total }) = problem {
        assert_eq!((*n, *total), (bad.len() as u64, want.len() as u64), "the summary: {}", what());
    } else {
        assert!(bad.is_empty(), "bad rows but no error: {}", what());
    }
    // No two output columns (JSON keys) of one name, even when the input has two. CSV in and
    // CSV or TSV out: each row starts with its record's cells, cut or padded to the header's
    // width.
    let Some(header) = header else { return };
    assert!(distinct(&header), "output columns of one name: {:?}: {}", lossy(&header), what());
    if format != InputFormat::Csv {
        return;
    }
    if matches!(args.output.format, mlsal::output::Format::Json | mlsal::output::Format::Jsonl) {
        return;
    }
    // No header in the input: a header of the profile columns, and no rows.
    let Some(names) = csv_header(input) else { return };
    let names = names.iter().map(|n| String::from_utf8_lossy(n).into_owned()).collect();
    let layout = Layout::new(names, false).unwrap_or_else(|e| panic!("{e}: a header batch took: {}", what()));
    let pay =
        pay_column(&layout.names, None).unwrap_or_else(|e| panic!("{e}: a header batch took: {}", what()));
    // A column found by its name whose first values are mostly not amounts is not reviewed.
    let reviewed = header.iter().any(|h| h == b"compa_ratio");
    assert!(pay.is_some() || !reviewed, "a review without a pay column: {}", what());
    let pay = pay.filter(|_| reviewed);
    let review = if pay.is_some() { REVIEW_COLUMNS.len() } else { 0 };
    let results = 11 + if argv.contains(&"--total") { 8 } else { 0 } + review;
    let width = header.len() - results;
    let ctx =
        Ctx { tables: builtin(), out: &mut Vec::new(), style: Style::plain(), warnings: Warnings::new(true) };
    let opts = ctx.options(&args.output).expect("the options were taken");
    for (i, (row, record)) in rows.iter().zip(&want).enumerate() {
        let cells = row.cells.as_ref().expect("table output has cells");
        assert_eq!(cells.len(), header.len(), "row {i}'s width: {}", what());
        // The numbers `estimate` gives for the row's profile, or an error when it has none.
        let estimated = if record.open { None } else { estimate_row(&record.fields, &layout, &opts) };
        // With a pay column, a row is good only if its pay is an amount in its currency.
        let pay_ok = |e: &Estimate| {
            let cell = pay.map(|i| std::str::from_utf8(&record.fields[i]).unwrap_or("").trim());
            cell.is_none_or(|c| !c.is_empty() && mlsal::model::amount::read(c, e.currency, MAX_PAY).is_ok())
        };
        match (estimated, row.bad) {
            // A bad pay keeps the row's estimate; only the review is empty.
            (Some(e), true) if !pay_ok(&e) => {
                let low = &cells[width + 2];
                assert!(!low.is_empty(), "row {i}'s pay is bad, yet its estimate is gone: {}", what());
                let compa = &cells[header.len() - 1 - review];
                assert!(compa.is_empty(), "row {i}'s pay is bad, yet it is reviewed: {}", what());
            }
            (Some(e), false) => {
                assert!(pay_ok(&e), "row {i}'s pay is no amount, yet the row is good: {}", what());
                let shown: Vec<String> =
                    cells[width..width + 6].iter().map(|c| String::from_utf8_lossy(c).into_owned()).collect();
                let want = [e.low.to_string(), e.mid.to_string(), e.high.to_string(), e.currency.to_string()];
                assert_eq!(shown[2..], want, "row {i}'s low, mid, high and currency: {}", what());
            }
            (None, true) => {}
            (Some(_), true) => panic!("row {i} refused, but `estimate` takes its profile: {}", what()),
            (None, false) => panic!("row {i} estimated, but its profile is bad: {}", what()),
        }
        for (j, cell) in cells[..width].iter().enumerate() {
            let given = record.fields.get(j).map_or(&b""[..], Vec::as_slice);
            let shown = String::from_utf8_lossy(given);
            assert!(
                cell == given || cell == shown.as_bytes(),
                "row {i} cell {j} is {:?}, the input's {:?}: {}",
                String::from_utf8_lossy(cell),
                shown,
                what()
            );
        }
    }
}

/// A JSON output row as the checks read it: its keys in order, and whether its `error` is
/// set. The values are skipped unread: a pass-through number is written as it was given, and
/// may be one (`1e400`) that no `f64` holds.
struct JsonRow {
    keys: Vec<String>,
    bad: bool,
}

impl<'de> serde::Deserialize<'de> for JsonRow {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = JsonRow;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<JsonRow, A::Error> {
                let (mut keys, mut bad) = (Vec::new(), None);
                while let Some(key) = map.next_key::<String>()? {
                    if key == "error" {
                        bad = Some(map.next_value::<Option<String>>()?.is_some());
                    } else {
                        map.next_value::<serde::de::IgnoredAny>()?;
                    }
                    keys.push(key);
                }
                let bad = bad.ok_or_else(|| serde::de::Error::missing_field("error"))?;
                Ok(JsonRow { keys, bad })
            }
        }
        d.deserialize_map(Visit)
    }
}

/// The header (CSV and TSV; the first row's keys in JSON) and rows of batch's output.
fn written(
    out: &[u8],
    format: &mlsal::output::Format,
    what: impl Fn() -> String,
) -> (Option<Vec<Vec<u8>>>, Vec<Written>) {
    use mlsal::output::Format;
    match format {
        Format::Csv | Format::Tsv => {
            // TSV: a line a row, a tab between cells, `\t`, `\n`, `\r`, `\\` escaped, never quoted.
            let tsv: Vec<Vec<Vec<u8>>> = match format {
                Format::Tsv => out
                    .split(|&b| b == b'\n')
                    .filter(|l| !l.is_empty())
                    .map(|l| l.split(|&b| b == b'\t').map(tsv_unescape).collect())
                    .collect(),
                _ => Vec::new(),
            };
            let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(out);
            let csv = reader.byte_records().map(|r| {
                let r = r.unwrap_or_else(|e| panic!("unreadable output: {e}: {}", what()));
                r.iter().map(<[u8]>::to_vec).collect::<Vec<_>>()
            });
            let mut records: Box<dyn Iterator<Item = Vec<Vec<u8>>>> = match format {
                Format::Tsv => Box::new(tsv.into_iter()),
                _ => Box::new(csv),
            };
            let Some(header) = records.next() else { return (None, Vec::new()) };
            assert_eq!(header.last().map(Vec::as_slice), Some(&b"error"[..]), "header: {}", what());
            let rows = records
                .map(|cells| Written { bad: !cells.last().is_none_or(Vec::is_empty), cells: Some(cells) })
                .collect();
            (Some(header), rows)
        }
        Format::Jsonl | Format::Json => {
            let rows: Vec<JsonRow> = if *format == Format::Json {
                match out {
                    [] => Vec::new(),
                    _ => serde_json::from_slice(out)
                        .unwrap_or_else(|e| panic!("not a JSON array: {e}: {}", what())),
                }
            } else {
                out.split(|&b| b == b'\n')
                    .filter(|l| !l.is_empty())
                    .map(|l| {
                        serde_json::from_slice(l).unwrap_or_else(|e| panic!("not JSON: {e}: {}", what()))
                    })
                    .collect()
            };
            let header = rows.first().map(|r| r.keys.iter().map(|k| k.as_bytes().to_vec()).collect());
            let rows = rows
                .into_iter()
                .map(|r| {
                    let keys: Vec<Vec<u8>> = r.keys.iter().map(|k| k.as_bytes().to_vec()).collect();
                    assert_eq!(Some(&keys), header.as_ref(), "each row has the first row's keys: {}", what());
                    Written { cells: None, bad: r.bad }
                })
                .collect();
            (header, rows)
        }
        other => panic!("batch does not write {other:?}"),
    }
}

/// Loads any bytes as one data file over the built-in tables. The first byte picks which file;
/// below 128 the rest is its text, else the rest is an edit of the built-in file, so that most
/// inputs load and the tables' numbers are what varies: two bytes pick a place, and the value
/// of the first `key = value` line from there on becomes the remaining bytes. Refused or
/// loaded, never a panic; loaded tables are then put through [`exercise`].
pub fn data(input: &[u8]) {
    let Some((&pick, rest)) = input.split_first() else { return };
    let (name, shipped) = EMBEDDED[(pick & 0x7f) as usize % EMBEDDED.len()];
    let text = match (pick & 0x80, rest) {
        (0, _) => String::from_utf8_lossy(rest).into_owned(),
        (_, [a, b, value @ ..]) => {
            let from = usize::from(u16::from_le_bytes([*a, *b])) * shipped.len() / 65_536;
            let Some(at) = shipped.get(from..).and_then(|t| t.find(" = ")).map(|i| from + i + 3) else {
                return;
            };
            let end = shipped[at..].find('\n').map_or(shipped.len(), |i| at + i);
            format!("{}{}{}", &shipped[..at], String::from_utf8_lossy(value), &shipped[end..])
        }
        _ => return,
    };
    let origin = format!("fuzz/{name}");
    let lines = text.lines().count().max(1);
    let mut files = DataFile::embedded();
    files.push(DataFile { name: name.to_string(), origin: origin.clone(), text });
    match mlsal::data::load(&files) {
        Err(mlsal::Error::Data { issues }) => {
            assert!(!issues.is_empty(), "refused without a reason");
            for issue in &issues {
                assert!(!issue.message.is_empty() && !issue.message.contains('\n'), "{issue:?}");
                if issue.at.file == origin {
                    assert!(issue.at.line >= 1 && issue.at.line <= lines + 1, "{issue:?} in {lines} lines");
                }
            }
        }
        Err(other) => panic!("a data error that is no data issue: {other}"),
        Ok(tables) => exercise(tables),
    }
}

/// Every entry of every factor at every level and at years in the gaps, in local currency with
/// total pay, must give amounts in order; then the commands run on the tables (an error is
/// fine, a panic is not).
pub fn exercise(mut tables: Tables) {
    let opts = Options { local: true, total: true, ..Options::default() };
    let defaults = Factor::ALL.map(|f| tables.factor(f).default_index());
    let mut experiences: Vec<Experience> = (0..tables.bands.bands.len()).map(Experience::Level).collect();
    for b in tables.bands.bands.iter() {
        experiences.extend([b.from_years, b.to_years, b.to_years + 0.5].map(Experience::Years));
    }
    experiences.extend([0.0, 60.0].map(Experience::Years));
    for f in Factor::ALL {
        for i in 0..tables.factor(f).entries.len() {
            let mut factors = defaults;
            factors[f.index()] = i;
            for &experience in &experiences {
                let e = estimate(&tables, &Profile { experience, factors }, &opts);
                assert!(0 <= e.low && e.low <= e.mid && e.mid <= e.high, "{experience:?} {f} {i}: {e:?}");
            }
        }
    }
    let commands: &[&[&str]] = &[
        &["estimate", "--total", "--currency", "local"],
        &["estimate", "--years", "2.5", "--total", "-f", "json"],
        &["estimate", "--years", "4", "--currency", "EUR", "--round", "1"],
        &["estimate", "--years", "4", "--as-of", "2026", "--total", "--currency", "local", "-f", "csv"],
        &["compare", "--years", "0..60:7.5", "--total"],
        &["whatif", "--years", "3", "--total"],
        &["offer", "150000", "--years", "4", "--total"],
        &["offer", "1", "--level", "senior", "-f", "json"],
        &["market", "--years", "4"],
        &["list"],
        &["list", "location", "-f", "csv"],
        &["list", "bands", "-f", "json"],
        &["list", "tables"],
        &["list", "wages"],
    ];
    for argv in commands {
        run_command(&tables, &parse(argv));
    }
    if mlsal::model::market::use_market_bands(&mut tables).is_ok() {
        run_command(&tables, &parse(&["estimate", "--bands", "market", "--total", "--currency", "local"]));
    }
}

fn run_command(tables: &Tables, command: &Command) {
    let mut out = Vec::new();
    let mut ctx = Ctx { tables, out: &mut out, style: Style::plain(), warnings: Warnings::new(true) };
    let _ = match command {
        Command::Estimate(args) => mlsal::cmd::estimate::run(args, &mut ctx),
        Command::List(args) => mlsal::cmd::list::run(args, &mut ctx),
        Command::Compare(args) => mlsal::cmd::compare::run(args, &mut ctx),
        Command::Whatif(args) => mlsal::cmd::whatif::run(args, &mut ctx),
        Command::Offer(args) => mlsal::cmd::offer::run(args, &mut ctx),
        Command::Market(args) => mlsal::cmd::market::run(args, &mut ctx),
        _ => unreachable!(),
    };
}

/// A TSV cell's bytes, unescaped: `\t`, `\n`, `\r`, `\\`.
fn tsv_unescape(cell: &[u8]) -> Vec<u8> {
    let (mut out, mut bytes) = (Vec::with_capacity(cell.len()), cell.iter());
    while let Some(&b) = bytes.next() {
        if b != b'\\' {
            out.push(b);
            continue;
        }
        match bytes.next() {
            Some(b't') => out.push(b'\t'),
            Some(b'n') => out.push(b'\n'),
            Some(b'r') => out.push(b'\r'),
            Some(&other) => out.push(other),
            None => out.push(b'\\'),
        }
    }
    out
}
