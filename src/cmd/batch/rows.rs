//! One chunk of rows: read into a reused record, looked up, estimated, written.
//!
//! Each profile column has a memo of the values seen, by their raw bytes: the value found, or
//! why the value is bad. A file holds few distinct values per column however many rows it has,
//! so each is looked up (and a bad one's message made) once, and a row costs a hash lookup per
//! profile column and one `model::estimate`.

use std::sync::Arc;

use csv::ByteRecord;
use rustc_hash::FxHashMap;

use super::chunks::{self, Piece};
use super::json::{self, JsonRow, Raw};
use super::layout::{Layout, RESULT_COLUMNS};
use super::{Flaw, Problem};
use crate::cli::InputFormat;
use crate::error::Error;
use crate::model::pay::Total;
use crate::model::{Estimate, Experience, Options, Placement, Profile, ProfileSpec, estimate, parse_years};
use crate::output::{Format, table_writer};
use crate::render::{TOTAL_COLUMNS, level_name};
use crate::tables::{Factor, Tables};

/// Distinct values remembered per column at most: memory stays bounded whatever the input.
const MEMO_LIMIT: usize = 1 << 12;

/// The longest value remembered, in bytes. A longer one is no name in the tables, so it is
/// bad: it is looked up again each time (cheap: too long for a suggestion), rather than kept
/// with its error (a file of distinct 30 KB cities took 185 MB).
const MEMO_VALUE_MAX: usize = 256;

/// What unvalued equity (an early-stage startup's options) shows instead of a number, as in
/// `estimate --total`.
pub(super) const OPTIONS: &str = "options";

/// What every chunk needs: the tables, the options, the columns and the formats.
pub struct Job<'a> {
    tables: &'a Tables,
    pub(super) opts: &'a Options<'a>,
    pub(super) layout: &'a Layout,
    input: InputFormat,
    format: Format,
    strict: bool,
    /// The output names of the input columns.
    pub(super) names: Vec<String>,
    /// Level names: each band's, then each blend's (`entry-mid`).
    levels: Vec<String>,
    /// What every row shares: `pay_year`, `wage_factor` and `bands`, as written.
    pub(super) shared: [String; 3],
}

/// A column's memo: raw bytes to the value found, or why there is none.
type Memo<V> = FxHashMap<Box<[u8]>, Result<V, Arc<Flaw>>>;

/// What one thread keeps from chunk to chunk: the memos and the reused record.
#[derive(Default)]
pub struct Worker {
    years: Memo<Option<f64>>,
    levels: Memo<usize>,
    factors: [Memo<usize>; 5],
    record: ByteRecord,
    /// Rows written: a JSON array has a comma before each row but the first.
    written: u64,
}

/// What a chunk gave.
#[derive(Debug, Default)]
pub struct Done<'a> {
    pub out: Vec<u8>,
    pub rows: u64,
    /// Line feeds in the chunk, to number the lines of the next one.
    pub newlines: u64,
    /// The bad rows, by their line in the chunk (from 1), in order.
    pub bad: Vec<(u64, Arc<Flaw>)>,
    /// With `strict`, the first bad row: the chunk stops before it.
    pub stop: Option<(u64, Arc<Flaw>)>,
    /// With `--currency local`, the currencies of the results, in order of first use.
    pub currencies: Vec<&'a str>,
}

enum Out {
    Table(Box<csv::Writer<Vec<u8>>>),
    Json(Vec<u8>),
}

impl<'a> Job<'a> {
    pub fn new(
        tables: &'a Tables,
        opts: &'a Options<'a>,
        layout: &'a Layout,
        input: InputFormat,
        format: Format,
        strict: bool,
    ) -> Self {
        let n = tables.bands.bands.len();
        let bands = (0..n).map(|i| level_name(tables, Placement::Band(i)));
        let blends = (1..n).map(|i| level_name(tables, Placement::Blend { lower: i - 1, weight: 0.5 }));
        let levels = bands.chain(blends).collect();
        let pay = opts.pay_year(tables);
        let shared = [pay.year.to_string(), pay.factor.to_string(), tables.bands.basis.as_str().to_string()];
        Job { tables, opts, layout, input, format, strict, names: layout.output_names(), levels, shared }
    }

    /// The CSV/TSV header: the input's columns, the results, `--total`'s, then `error`.
    pub fn header(&self) -> Vec<String> {
        let mut header = self.names.clone();
        header.extend(RESULT_COLUMNS[..RESULT_COLUMNS.len() - 1].iter().map(|c| c.to_string()));
        if self.opts.total {
            header.extend(TOTAL_COLUMNS.map(String::from));
        }
        header.push("error".into());
        header
    }

    pub fn worker(&self) -> Worker {
        Worker::default()
    }

    /// Estimates a piece of the input: whole records ([`Job::chunk`]), or a record too long
    /// to keep, which is its row's error, with no cells.
    pub fn piece(&self, worker: &mut Worker, piece: &Piece) -> anyhow::Result<Done<'a>> {
        let (line, newlines) = match *piece {
            Piece::Records(ref chunk) => return self.chunk(worker, chunk),
            Piece::TooLong { line, newlines } => (line, newlines),
        };
        let out = match self.format {
            Format::Json | Format::Jsonl => Out::Json(Vec::new()),
            _ => Out::Table(Box::new(table_writer(Vec::new(), self.format))),
        };
        let mut sink = Sink { out, done: Done { newlines, ..Done::default() } };
        let jsonl = self.input == InputFormat::Jsonl;
        let slots = vec![None; self.names.len()];
        let (mut record, raw) = (ByteRecord::new(), jsonl.then_some(&slots[..]));
        if let Some(flaw) = self.row(worker, &mut record, raw, Err(Problem::TooLong { jsonl }), &mut sink)? {
            sink.bad(line, flaw, self.strict);
        }
        let Sink { out, done } = sink;
        let out = match out {
            Out::Table(w) => w.into_inner().map_err(|e| e.into_error())?,
            Out::Json(buffer) => buffer,
        };
        Ok(Done { out, ..done })
    }

    /// Estimates every row of `chunk` (whole records) into its output.
    pub fn chunk(&self, worker: &mut Worker, chunk: &[u8]) -> anyhow::Result<Done<'a>> {
        let buffer = Vec::with_capacity(chunk.len() * 2);
        let out = match self.format {
            Format::Json | Format::Jsonl => Out::Json(buffer),
            _ => Out::Table(Box::new(table_writer(buffer, self.format))),
        };
        let mut sink = Sink { out, done: Done::default() };
        let mut record = std::mem::take(&mut worker.record);
        let read = match self.input {
            InputFormat::Csv => self.csv_rows(worker, &mut record, chunk, &mut sink),
            InputFormat::Jsonl => self.json_rows(worker, &mut record, chunk, &mut sink),
        };
        worker.record = record;
        read?;
        let Sink { out, mut done } = sink;
        done.out = match out {
            Out::Table(w) => w.into_inner().map_err(|e| e.into_error())?,
            Out::Json(buffer) => buffer,
        };
        Ok(done)
    }

    fn csv_rows(
        &self,
        w: &mut Worker,
        record: &mut ByteRecord,
        chunk: &[u8],
        sink: &mut Sink<'a>,
    ) -> anyhow::Result<()> {
        let width = self.names.len();
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(chunk);
        let mut lines = Lines { at: 0, line: 1 };
        while reader.read_byte_record(record)? {
            let start = record.position().map_or(0, |p| p.byte() as usize);
            let end = reader.position().byte() as usize;
            if blank(record, &chunk[start..end]) {
                continue;
            }
            let shape = match record.len() {
                // Only the input's last record can end inside quotes.
                _ if end == chunk.len() && chunks::open_quote(&chunk[start..]) => Err(Problem::OpenQuote),
                n if n == width => Ok(()),
                found => Err(Problem::Width {
                    found,
                    expected: width,
                    names: super::listed(&self.layout.names, ""),
                }),
            };
            if let Some(flaw) = self.row(w, record, None, shape, sink)?
                && sink.bad(lines.of(chunk, start), flaw, self.strict)
            {
                return Ok(());
            }
        }
        // csv counts `\n`; an old Mac's lone `\r` ends a line too.
        sink.done.newlines = reader.position().line() - 1 + chunks::lone_crs(chunk);
        Ok(())
    }

    fn json_rows(
        &self,
        w: &mut Worker,
        record: &mut ByteRecord,
        chunk: &[u8],
        sink: &mut Sink<'a>,
    ) -> anyhow::Result<()> {
        let mut slots = vec![None; self.names.len()];
        let mut line = 0;
        for text in chunk.split(|&b| b == b'\n') {
            line += 1;
            let text = text.trim_ascii();
            if text.is_empty() {
                continue;
            }
            let shape = json::read_line(text, self.layout, &mut slots, record);
            if let Some(flaw) = self.row(w, record, Some(&slots), shape, sink)?
                && sink.bad(line, flaw, self.strict)
            {
                return Ok(());
            }
        }
        sink.done.newlines = line - 1;
        Ok(())
    }

    /// Estimates and writes one row. A bad row's flaw is returned (with `strict`, the row is
    /// not written: the run stops before it).
    fn row(
        &self,
        w: &mut Worker,
        record: &mut ByteRecord,
        raw: Raw,
        shape: Result<(), Problem>,
        sink: &mut Sink<'a>,
    ) -> anyhow::Result<Option<Arc<Flaw>>> {
        let result = shape.map_err(flaw).and_then(|()| w.profile(self, record));
        let result = result.map(|profile| estimate(self.tables, &profile, self.opts));
        if let Err(flaw) = &result
            && self.strict
        {
            return Ok(Some(flaw.clone()));
        }
        let shown = result.as_ref().map_err(|f| &**f);
        match &mut sink.out {
            Out::Table(out) => self.write_table(out, record, shown)?,
            Out::Json(out) => {
                if self.format == Format::Json {
                    out.extend_from_slice(if w.written == 0 { b"[\n" } else { b",\n" });
                }
                serde_json::to_writer(&mut *out, &JsonRow { job: self, record, raw, result: shown })?;
                if self.format == Format::Jsonl {
                    out.push(b'\n');
                }
            }
        }
        w.written += 1;
        sink.done.rows += 1;
        match result {
            Ok(e) => {
                if self.opts.local && !sink.done.currencies.contains(&e.currency) {
                    sink.done.currencies.push(e.currency);
                }
                Ok(None)
            }
            Err(flaw) => Ok(Some(flaw)),
        }
    }

    /// A CSV/TSV row: the record as read, then the results appended to it.
    fn write_table(
        &self,
        out: &mut csv::Writer<Vec<u8>>,
        record: &mut ByteRecord,
        result: Result<&Estimate, &Flaw>,
    ) -> csv::Result<()> {
        match result {
            Ok(e) => {
                let mut n = itoa::Buffer::new();
                record.push_field(self.level(e.placement).as_bytes());
                push_multiplier(record, e.multiplier);
                for amount in [e.low, e.mid, e.high] {
                    record.push_field(n.format(amount).as_bytes());
                }
                record.push_field(e.currency.as_bytes());
                self.shared.iter().for_each(|s| record.push_field(s.as_bytes()));
                for amount in
                    e.total.as_ref().filter(|_| self.opts.total).map(total_amounts).into_iter().flatten()
                {
                    match amount {
                        Some(amount) => record.push_field(n.format(amount).as_bytes()),
                        None => record.push_field(OPTIONS.as_bytes()),
                    }
                }
                record.push_field(b"");
            }
            Err(flaw) => {
                // A bad row's cells, cut or padded to the header's width. They were not all
                // looked up, so they may not be UTF-8: shown with U+FFFD where they are not.
                let cells: Vec<String> = (0..self.names.len())
                    .map(|i| String::from_utf8_lossy(record.get(i).unwrap_or_default()).into_owned())
                    .collect();
                record.clear();
                cells.iter().for_each(|c| record.push_field(c.as_bytes()));
                let empty = RESULT_COLUMNS.len() - 1 + if self.opts.total { TOTAL_COLUMNS.len() } else { 0 };
                (0..empty).for_each(|_| record.push_field(b""));
                record.push_field(flaw.message.as_bytes());
            }
        }
        out.write_byte_record(record)
    }

    pub(super) fn level(&self, placement: Placement) -> &str {
        match placement {
            Placement::Band(i) => &self.levels[i],
            Placement::Blend { lower, .. } => &self.levels[self.tables.bands.bands.len() + lower],
        }
    }
}

/// Where a chunk's output and tallies go.
struct Sink<'a> {
    out: Out,
    done: Done<'a>,
}

impl<'a> Sink<'a> {
    /// Notes a bad row; true when it stops the run (`strict`).
    fn bad(&mut self, line: u64, flaw: Arc<Flaw>, strict: bool) -> bool {
        match strict {
            true => self.done.stop = Some((line, flaw)),
            false => self.done.bad.push((line, flaw)),
        }
        strict
    }
}

impl Worker {
    /// A row's profile: each value from its column's memo, else looked up as `estimate` looks
    /// up its flags (an empty cell takes the flag's default).
    fn profile(&mut self, job: &Job, record: &ByteRecord) -> Result<Profile, Arc<Flaw>> {
        let (layout, tables) = (job.layout, job.tables);
        let cell = |slot: usize| layout.at[slot].and_then(|i| record.get(i)).unwrap_or_default();
        let name = |slot: usize| layout.at[slot].map_or("", |i| &layout.names[i]);
        let years = recall(&mut self.years, cell(0), name(0), |y| match y {
            "" => Ok(None),
            y => parse_years(y).map(Some),
        })?;
        let level = cell(1);
        let experience = match (years, level.trim_ascii().is_empty()) {
            (Some(y), true) => Experience::Years(y),
            (None, false) => {
                Experience::Level(recall(&mut self.levels, level, name(1), |l| tables.bands.resolve(l))?)
            }
            (None, true) => return Err(flaw(Problem::NoExperience)),
            (Some(years), false) => {
                // Both: refused with the message `estimate` gives.
                let level = String::from_utf8_lossy(level);
                let spec = ProfileSpec { years: Some(years), level: Some(level.trim()), factors: [None; 5] };
                return Err(flaw(spec.resolve(tables).err().map_or(Problem::NoExperience, Problem::Value)));
            }
        };
        let mut factors = [0; 5];
        for ((index, memo), factor) in factors.iter_mut().zip(&mut self.factors).zip(Factor::ALL) {
            let table = tables.factor(factor);
            let slot = 2 + factor.index();
            *index = recall(memo, cell(slot), name(slot), |v| match v {
                "" => Ok(table.default_index()),
                v => table.resolve(v),
            })?;
        }
        Ok(Profile { experience, factors })
    }
}

/// `raw`'s value from the memo; else looked up (as UTF-8, trimmed) and remembered, good or bad.
fn recall<V: Copy>(
    memo: &mut Memo<V>,
    raw: &[u8],
    column: &str,
    look_up: impl FnOnce(&str) -> Result<V, Error>,
) -> Result<V, Arc<Flaw>> {
    if let Some(known) = memo.get(raw) {
        return known.clone();
    }
    let found = match std::str::from_utf8(raw) {
        Ok(text) => look_up(text.trim()).map_err(Problem::Value),
        Err(_) => Err(Problem::NotUtf8 { column: column.to_string() }),
    };
    let found = found.map_err(flaw);
    if memo.len() < MEMO_LIMIT && raw.len() <= MEMO_VALUE_MAX {
        memo.insert(raw.into(), found.clone());
    }
    found
}

fn flaw(problem: Problem) -> Arc<Flaw> {
    Arc::new(problem.into())
}

/// A line of blank space only, `raw` as read: it gives no row. The CSV parser skips empty
/// lines; this skips the others. A line with quotes (`""`) is no blank line but a record of
/// one empty field (Python's csv module writes one that way): it is a row.
pub fn blank(record: &ByteRecord, raw: &[u8]) -> bool {
    record.len() == 1 && record[0].trim_ascii().is_empty() && memchr::memchr(b'"', raw).is_none()
}

/// Line numbers in a chunk, counted only as far as asked (only bad rows ask).
struct Lines {
    at: usize,
    line: u64,
}

impl Lines {
    /// The line of the record at byte `start`. csv's record position may be at the line end
    /// before the record (the `\n` of a `\r\n`), which is skipped.
    fn of(&mut self, chunk: &[u8], start: usize) -> u64 {
        let start = start + chunk[start..].iter().take_while(|&&b| b == b'\r' || b == b'\n').count();
        self.line += chunks::line_ends(&chunk[self.at..start]);
        self.at = start;
        self.line
    }
}

/// Appends a multiplier as `f64`'s `Display` writes it (`1.9837`, `0.65`, `1`). The model
/// rounds multipliers to 4 decimals, and the shortest digits of a whole number of
/// ten-thousandths are that number's: they are written with `itoa`, with no float formatting.
/// Any other value goes through `Display`.
fn push_multiplier(record: &mut ByteRecord, m: f64) {
    let k = (m * 10_000.0).round();
    if !(0.0..1e15).contains(&k) || k / 10_000.0 != m {
        return record.push_field(m.to_string().as_bytes());
    }
    let (mut n, mut text, k) = (itoa::Buffer::new(), [0; 24], k as u64);
    let whole = n.format(k / 10_000).as_bytes();
    let mut len = whole.len();
    text[..len].copy_from_slice(whole);
    if k % 10_000 > 0 {
        // Four digits after the point (the leading 1 keeps their zeros), less trailing zeros.
        text[len] = b'.';
        text[len + 1..len + 5].copy_from_slice(&n.format(10_000 + k % 10_000).as_bytes()[1..]);
        len += 5;
        while text[len - 1] == b'0' {
            len -= 1;
        }
    }
    record.push_field(&text[..len]);
}

/// The `--total` amounts in [`TOTAL_COLUMNS`] order; `None` for equity that is unvalued
/// options (shown as [`OPTIONS`], as `estimate --total` shows it).
pub(super) fn total_amounts(t: &Total) -> [Option<i64>; 7] {
    let [bonus_low, bonus_high] = t.bonus.map(Some);
    let [equity_low, equity_high] = t.equity.map_or([None, None], |q| q.map(Some));
    let [total_low, total_mid, total_high] = t.total.map(Some);
    [bonus_low, bonus_high, equity_low, equity_high, total_low, total_mid, total_high]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::load_embedded;

    /// Every key and alias of every table, twice (so the second time comes from the memo),
    /// gives exactly the profile `ProfileSpec::resolve` gives; a bad value, its error.
    #[test]
    fn memoised_values_resolve_like_profile_spec() {
        let t = load_embedded().unwrap();
        let layout = Layout::new(super::super::COLUMNS.map(String::from).to_vec(), false).unwrap();
        let opts = Options::default();
        let job = Job::new(&t, &opts, &layout, InputFormat::Csv, Format::Csv, false);
        let mut w = job.worker();
        for pass in 0..2 {
            for f in Factor::ALL {
                let names =
                    t.factor(f).entries.iter().flat_map(|e| std::iter::once(&e.key).chain(&e.aliases));
                for name in names.map(String::as_str).chain([" seatle ", "Bay Area"]) {
                    let mut cells = [""; 7];
                    cells[0] = "4.5";
                    cells[2 + f.index()] = name;
                    let got = w.profile(&job, &ByteRecord::from(&cells[..]));
                    let mut spec = ProfileSpec::<&str> { years: Some(4.5), ..Default::default() };
                    spec.factors[f.index()] = Some(name.trim());
                    match (got, spec.resolve(&t)) {
                        (Ok(got), Ok(want)) => assert_eq!(got, want, "{pass} {f} {name}"),
                        (Err(got), Err(want)) => assert_eq!(got.message, want.to_string()),
                        (got, want) => panic!("{pass} {f} {name}: {got:?} {want:?}"),
                    }
                }
            }
        }
        let mut row =
            |cells: [&str; 7]| w.profile(&job, &ByteRecord::from(&cells[..])).map_err(|e| e.message.clone());
        assert!(row(["4", "mid", "", "", "", "", ""]).unwrap_err().contains("not both"));
        assert!(row(["", "", "sf", "", "", "", ""]).unwrap_err().contains("no `years` or `level`"));
        assert!(row(["-1", "", "", "", "", "", ""]).unwrap_err().contains("invalid years `-1`"));
        assert_eq!(
            row(["", " Senior ", "", "", "", "", ""]).unwrap(),
            Profile {
                experience: Experience::Level(t.bands.find("senior").unwrap()),
                factors: Factor::ALL.map(|f| t.factor(f).default_index()),
            }
        );
    }

    #[test]
    fn the_memo_is_bounded() {
        let mut memo: Memo<usize> = Memo::default();
        for i in 0..MEMO_LIMIT + 10 {
            let _ = recall(&mut memo, i.to_string().as_bytes(), "c", |s| Ok(s.len()));
        }
        assert_eq!(memo.len(), MEMO_LIMIT);
        let mut memo: Memo<usize> = Memo::default();
        for i in 0..10 {
            let long = format!("{i}{}", "x".repeat(MEMO_VALUE_MAX));
            assert_eq!(
                recall(&mut memo, long.as_bytes(), "c", |s| Ok(s.len())).ok(),
                Some(MEMO_VALUE_MAX + 1)
            );
        }
        assert_eq!(memo.len(), 0, "long values are not kept");
        assert_eq!(
            recall(&mut memo, b"\xff", "c", |_| Ok(0)).unwrap_err().message,
            "column `c` is not valid UTF-8"
        );
    }

    #[test]
    fn multipliers_read_as_display_writes_them() {
        let t = load_embedded().unwrap();
        let layout = Layout::new(vec!["years".into()], false).unwrap();
        let opts = Options::default();
        let job = Job::new(&t, &opts, &layout, InputFormat::Csv, Format::Csv, false);
        let mut e = estimate(
            &t,
            &ProfileSpec::<&str> { years: Some(4.0), ..Default::default() }.resolve(&t).unwrap(),
            &opts,
        );
        let values = (0..=30_000).map(|k| k as f64 / 10_000.0).chain([1.0 / 3.0, 1e-7, 1e20, 123_456.789]);
        for m in values {
            e.multiplier = m;
            let mut out = table_writer(Vec::new(), Format::Csv);
            job.write_table(&mut out, &mut ByteRecord::new(), Ok(&e)).unwrap();
            let text = String::from_utf8(out.into_inner().unwrap()).unwrap();
            assert_eq!(text.split(',').nth(1), Some(m.to_string().as_str()), "{m}");
        }
    }
}
