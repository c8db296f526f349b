//! Reading profiles: format detection, then CSV or JSON Lines rows into one reused
//! [`Record`], each with the line it starts on.

use std::fmt;
use std::io::{self, BufRead, BufReader, Cursor, Read};

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};

use super::record::{Line, Record};
use super::{Column, Columns};
use crate::cli::InputFormat;
use crate::error::Error;

/// Read buffer size: large enough that reading a big file costs few system calls.
const BUFFER: usize = 1 << 16;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The start of the input (without a UTF-8 BOM) followed by the rest of it.
pub type Sniffed<R> = io::Chain<Cursor<Vec<u8>>, R>;

/// Reads just enough of `reader` to see its first byte that is not a BOM or blank space,
/// and decides the format from it unless `forced`: `{` is JSON Lines, anything else CSV.
/// The bytes read are put back in front (less the BOM), so nothing is lost.
pub fn sniff<R: Read>(mut reader: R, forced: Option<InputFormat>) -> io::Result<(InputFormat, Sniffed<R>)> {
    let mut start = Vec::new();
    let mut chunk = [0u8; 512];
    let first = loop {
        let after_bom = if start.starts_with(BOM) { &start[BOM.len()..] } else { &start[..] };
        let undecided = start.len() < BOM.len() && BOM.starts_with(&start);
        if let Some(&b) = after_bom.iter().find(|b| !b.is_ascii_whitespace())
            && !undecided
        {
            break Some(b);
        }
        let n = match reader.read(&mut chunk) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if n == 0 {
            break None;
        }
        start.extend_from_slice(&chunk[..n]);
    };
    if start.starts_with(BOM) {
        start.drain(..BOM.len());
    }
    let format = forced.unwrap_or(if first == Some(b'{') { InputFormat::Jsonl } else { InputFormat::Csv });
    Ok((format, Cursor::new(start).chain(reader)))
}

/// The longest record read: past this an unclosed quote is the likely cause, and reading
/// on would hold the rest of the input in memory.
const MAX_RECORD: usize = 1 << 20;

/// One input row: its line, and what is wrong with its shape, if anything (too few or too
/// many fields, JSON that is not an object of strings and numbers).
pub struct Row {
    pub line: u64,
    pub problem: Option<String>,
}

/// Where rows come from: a buffered reader (or a chunk of the input in memory).
pub struct Source<B: BufRead> {
    kind: Kind<B>,
    /// The input's name, for read errors.
    name: String,
}

enum Kind<B: BufRead> {
    // Boxed: the CSV parser's tables are large, and there is one source per run.
    Csv { rows: Box<CsvRows<B>>, width: usize },
    Jsonl(JsonLines<B>),
}

impl<R: Read> Source<BufReader<R>> {
    pub fn new(format: InputFormat, reader: R, name: String) -> Self {
        let reader = BufReader::with_capacity(BUFFER, reader);
        let kind = match format {
            InputFormat::Csv => Kind::Csv { rows: Box::new(CsvRows::new(reader)), width: 0 },
            InputFormat::Jsonl => Kind::Jsonl(JsonLines::new(reader)),
        };
        Source { kind, name }
    }
}

impl<B: BufRead> Source<B> {
    /// The CSV rows still to read, to split among threads; the source itself if not CSV.
    pub fn into_csv(self) -> Result<Csv<B>, Self> {
        match self.kind {
            Kind::Csv { rows, width } => {
                Ok(Csv { reader: rows.reader, line: rows.line, width, name: self.name })
            }
            kind => Err(Source { kind, name: self.name }),
        }
    }

    /// A source of the CSV rows in `csv` (after its header).
    pub fn from_csv(csv: Csv<B>) -> Self {
        let mut rows = CsvRows::new(csv.reader);
        rows.line = csv.line;
        Source { kind: Kind::Csv { rows: Box::new(rows), width: csv.width }, name: csv.name }
    }

    /// The columns, from the header row (CSV) or the first object's keys (JSON Lines);
    /// `None` for an empty input.
    pub fn columns(&mut self, record: &mut Record) -> Result<Option<Columns>, Error> {
        let Source { kind, name } = self;
        let (line, names) = match kind {
            Kind::Csv { rows, width } => {
                let Some(line) = rows.next(record, name)? else { return Ok(None) };
                *width = record.len();
                let mut names = Vec::with_capacity(record.len());
                for (i, raw) in record.iter().enumerate() {
                    let name = std::str::from_utf8(raw).map_err(|_| Error::BadInput {
                        line,
                        message: format!("the name of column {} is not valid UTF-8", i + 1),
                    })?;
                    names.push(name.trim().to_string());
                }
                (line, names)
            }
            // An unknown key on the first line is that row's error (as on any later line), not
            // the whole input's: keep only the keys that are columns.
            Kind::Jsonl(lines) => match lines.keys(name)? {
                Some(mut names) => {
                    names.retain(|n| Column::parse(n).is_some());
                    (lines.line, with_every_column(names))
                }
                None => return Ok(None),
            },
        };
        Columns::from_names(names).map(Some).map_err(|message| Error::BadInput { line, message })
    }

    /// The next row when it is a simple CSV line already in the buffer (see
    /// [`CsvRows::simple`]): the line, read in place, and its line number. Nothing is consumed
    /// until [`take_simple`](Self::take_simple); `None` for anything else, left to [`next`](Self::next).
    pub fn simple(&mut self) -> Result<Option<(Line<'_>, u64)>, Error> {
        let Source { kind, name } = self;
        match kind {
            Kind::Csv { rows, .. } => rows.simple().map_err(read_error(name)),
            Kind::Jsonl(_) => Ok(None),
        }
    }

    /// Consumes the line [`simple`](Self::simple) returned.
    pub fn take_simple(&mut self) {
        if let Kind::Csv { rows, .. } = &mut self.kind {
            rows.take_simple();
        }
    }

    /// Reads the next row into `record`; `None` at the end of the input.
    pub fn next(&mut self, columns: &Columns, record: &mut Record) -> Result<Option<Row>, Error> {
        let Source { kind, name } = self;
        match kind {
            Kind::Csv { rows, width } => {
                let Some(line) = rows.next(record, name)? else { return Ok(None) };
                let problem = (record.len() != *width).then(|| {
                    format!("{} fields, expected {} ({})", record.len(), width, columns.names.join(", "))
                });
                Ok(Some(Row { line, problem }))
            }
            Kind::Jsonl(lines) => lines.next(columns, record).map_err(read_error(name)),
        }
    }
}

/// JSON Lines columns: the first line's keys, then every other valid column, so a later line
/// may give a value the first one left out.
fn with_every_column(mut names: Vec<String>) -> Vec<String> {
    let given: Vec<Option<Column>> = names.iter().map(|n| Column::parse(n)).collect();
    for name in super::COLUMNS {
        if !given.contains(&Column::parse(name)) {
            names.push(name.to_string());
        }
    }
    names
}

/// The rest of a CSV input after its header: where it is, on which line, how wide rows are.
pub struct Csv<B> {
    pub reader: B,
    /// Lines read so far.
    pub line: u64,
    pub width: usize,
    pub name: String,
}

pub fn read_error(name: &str) -> impl Fn(io::Error) -> Error + '_ {
    move |source| Error::Io { path: name.to_string(), source }
}

/// The number of line feeds in `bytes`. Counted in runs of 255 bytes into a byte-wide sum,
/// which the compiler turns into wide vector compares (the main thread of a split batch
/// counts every byte of the input this way).
pub fn newlines(bytes: &[u8]) -> u64 {
    bytes.chunks(255).map(|run| u64::from(run.iter().fold(0u8, |n, &b| n + u8::from(b == b'\n')))).sum()
}

/// CSV records with the line each starts on. Blank lines (and blank space before a record)
/// are skipped here rather than by the parser, so lines are counted exactly, whatever the
/// line ends (LF, CRLF) and however many lines a quoted field spans.
pub struct CsvRows<B> {
    reader: B,
    parser: csv_core::Reader,
    /// Newlines consumed so far.
    line: u64,
    /// The field ends of the simple line at the front of the buffer, if [`simple`](Self::simple)
    /// found one, and the bytes it takes with its line end (0 if it found none).
    ends: Ends,
    taken: usize,
}

/// The most fields a simple line may have: batch reads at most 7 columns, so a line with
/// more is bad anyway, and is left to the parser (which counts them for the message).
const MAX_FIELDS: usize = 8;

/// Where the fields of a simple line end: the commas, then the line's end.
#[derive(Clone, Copy, Debug, Default)]
pub struct Ends {
    at: [usize; MAX_FIELDS],
    len: usize,
}

impl Ends {
    pub fn as_slice(&self) -> &[usize] {
        &self.at[..self.len]
    }
}

/// Finds the simple line at the start of `buf`: a whole line (ended by LF or CRLF) with no
/// quote and no other CR, split on commas exactly as the CSV parser would split it, into at
/// most [`MAX_FIELDS`] fields. Its field ends go into `ends`; the result is the number of
/// bytes it takes with its line end. `None` for anything else, left to the parser.
///
/// Made to run without unpredictable branches, which cost more than the work on a short
/// line: a line of up to 64 bytes is read eight bytes at a time, each word giving at once
/// whether the line ends in it and a bitmap of its commas; the commas are then taken from
/// the bitmap, as many times as the line has commas (the same on every line of a file, so
/// the loop is predicted).
fn scan_simple(buf: &[u8], ends: &mut Ends) -> Option<usize> {
    let mut commas = 0u64;
    let mut stop = None;
    for (k, word) in buf.chunks_exact(8).take(8).enumerate() {
        let w = u64::from_le_bytes(word.try_into().unwrap_or_default());
        commas |= high_bits(bytes_equal(w, b',')) << (8 * k);
        let found = bytes_equal(w, b'\n') | bytes_equal(w, b'\r') | bytes_equal(w, b'"');
        if found != 0 {
            stop = Some(8 * k + found.trailing_zeros() as usize / 8);
            break;
        }
    }
    // A longer line, or the last few bytes of the input.
    let Some(stop) = stop else { return scan_long(buf, ends) };
    let taken = line_end(buf, stop)?;
    commas &= (1u64 << stop) - 1;
    let mut n = 0;
    while commas != 0 {
        if n == MAX_FIELDS - 1 {
            return None;
        }
        ends.at[n] = commas.trailing_zeros() as usize;
        n += 1;
        commas &= commas - 1;
    }
    ends.at[n] = stop;
    ends.len = n + 1;
    Some(taken)
}

/// [`scan_simple`] for tests elsewhere: the field ends of the simple line at the start of
/// `buf`, and the bytes it takes.
#[cfg(test)]
pub fn scan_line(buf: &[u8]) -> Option<(Ends, usize)> {
    let mut ends = Ends::default();
    scan_simple(buf, &mut ends).map(|taken| (ends, taken))
}

/// [`scan_simple`] for a line of any length, a byte at a time.
fn scan_long(buf: &[u8], ends: &mut Ends) -> Option<usize> {
    let stop = first_special(buf)?;
    let taken = line_end(buf, stop)?;
    let mut n = 0;
    for (i, &b) in buf[..stop].iter().enumerate() {
        if b == b',' {
            if n == MAX_FIELDS - 1 {
                return None;
            }
            ends.at[n] = i;
            n += 1;
        }
    }
    ends.at[n] = stop;
    ends.len = n + 1;
    Some(taken)
}

/// The bytes a line whose first special byte is at `stop` takes with its line end: LF or
/// CRLF end it; a quote or another CR make it not simple.
fn line_end(buf: &[u8], stop: usize) -> Option<usize> {
    match (buf[stop], buf.get(stop + 1)) {
        (b'\n', _) => Some(stop + 1),
        (b'\r', Some(b'\n')) => Some(stop + 2),
        _ => None,
    }
}

/// The high bit of each byte of `m` gathered into one byte (bit `i` from byte `i`).
fn high_bits(m: u64) -> u64 {
    ((m >> 7) & 0x0101_0101_0101_0101).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

/// The first LF, CR or quote in `buf`: the end of a simple line, or what makes it not simple.
fn first_special(buf: &[u8]) -> Option<usize> {
    let mut words = buf.chunks_exact(8);
    for (k, word) in (&mut words).enumerate() {
        let w = u64::from_le_bytes(word.try_into().unwrap_or_default());
        let found = bytes_equal(w, b'\n') | bytes_equal(w, b'\r') | bytes_equal(w, b'"');
        if found != 0 {
            return Some(8 * k + found.trailing_zeros() as usize / 8);
        }
    }
    let rest = words.remainder();
    let at = buf.len() - rest.len();
    rest.iter().position(|b| matches!(b, b'\n' | b'\r' | b'"')).map(|i| at + i)
}

/// The high bit of each byte of `w` that equals `c`, and no other bit (exact: no carry
/// crosses from one byte to the next).
fn bytes_equal(w: u64, c: u8) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let x = w ^ (u64::from(c) * 0x0101_0101_0101_0101);
    !(((x & LOW7) + LOW7) | x) & !LOW7
}

impl<B: BufRead> CsvRows<B> {
    fn new(reader: B) -> Self {
        CsvRows { reader, parser: csv_core::Reader::new(), line: 0, ends: Ends::default(), taken: 0 }
    }

    /// Skips blank lines, then finds the next record if it is a simple line already in the
    /// buffer (see [`scan_simple`]): the line in place, and its line number.
    fn simple(&mut self) -> io::Result<Option<(Line<'_>, u64)>> {
        self.taken = 0;
        if !self.skip_blank()? {
            return Ok(None);
        }
        // `skip_blank` has just filled the buffer, so this does not read.
        let buf = self.reader.fill_buf()?;
        let Some(taken) = scan_simple(buf, &mut self.ends) else { return Ok(None) };
        self.taken = taken;
        Ok(Some((Line::new(buf, self.ends.as_slice()), self.line + 1)))
    }

    /// Consumes the line [`simple`](Self::simple) found.
    fn take_simple(&mut self) {
        self.reader.consume(std::mem::take(&mut self.taken));
        self.line += 1;
    }

    /// Skips blank space; false at the end of the input.
    fn skip_blank(&mut self) -> io::Result<bool> {
        loop {
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                return Ok(false);
            }
            let n = buf.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(buf.len());
            let found = n < buf.len();
            self.line += newlines(&buf[..n]);
            self.reader.consume(n);
            if found {
                return Ok(true);
            }
        }
    }

    /// The common case, fast: a whole line in the buffer with no quote and no lone `\r` is
    /// split on commas here (as the parser would split it). Anything else is left to the
    /// parser; false then, with nothing consumed.
    fn simple_line(&mut self, record: &mut Record) -> bool {
        // `skip_blank` has just filled the buffer, so this does not read.
        let Ok(buf) = self.reader.fill_buf() else { return false };
        let Some(taken) = scan_simple(buf, &mut self.ends) else { return false };
        let ends = self.ends.as_slice();
        let stop = ends.last().copied().unwrap_or_default();
        record.set_fields(&buf[..stop], ends);
        self.reader.consume(taken);
        true
    }

    /// Reads the next record into `record`: the line it starts on, or `None` at the end.
    fn next(&mut self, record: &mut Record, name: &str) -> Result<Option<u64>, Error> {
        use csv_core::ReadRecordResult::*;
        if !self.skip_blank().map_err(read_error(name))? {
            return Ok(None);
        }
        let line = self.line + 1;
        if self.simple_line(record) {
            self.line += 1;
            return Ok(Some(line));
        }
        let too_long = || Error::BadInput {
            line,
            message: format!("a record longer than {} KiB: is a quote left open?", MAX_RECORD / 1024),
        };
        let mut fill = record.fill();
        loop {
            let input = self.reader.fill_buf().map_err(read_error(name))?;
            let (bytes, ends) = fill.room(MAX_RECORD).ok_or_else(too_long)?;
            let (result, nin, nout, nend) = self.parser.read_record(input, bytes, ends);
            self.line += newlines(&input[..nin]);
            self.reader.consume(nin);
            fill.advance(nout, nend);
            match result {
                InputEmpty | OutputFull | OutputEndsFull => {}
                Record => {
                    fill.done();
                    return Ok(Some(line));
                }
                End => return Ok(None),
            }
        }
    }
}

/// JSON Lines: one object per line, blank lines skipped; the first object's keys are the
/// columns, and the first object is also the first row.
pub struct JsonLines<B> {
    reader: B,
    line: u64,
    buf: Vec<u8>,
    /// The current line has been read (for its keys) but not yet returned as a row.
    pending: bool,
    /// One reused buffer per column.
    cells: Vec<Vec<u8>>,
}

impl<B: BufRead> JsonLines<B> {
    fn new(reader: B) -> Self {
        JsonLines { reader, line: 0, buf: Vec::new(), pending: false, cells: Vec::new() }
    }

    /// Reads the next non-blank line into `buf`; false at the end.
    fn read_line(&mut self) -> io::Result<bool> {
        loop {
            self.buf.clear();
            let n = self.reader.read_until(b'\n', &mut self.buf)?;
            if n == 0 {
                return Ok(false);
            }
            self.line += 1;
            if !self.buf.trim_ascii().is_empty() {
                return Ok(true);
            }
        }
    }

    fn keys(&mut self, name: &str) -> Result<Option<Vec<String>>, Error> {
        if !self.read_line().map_err(read_error(name))? {
            return Ok(None);
        }
        self.pending = true;
        let mut de = serde_json::Deserializer::from_slice(self.buf.trim_ascii());
        // A first line that is not an object names no columns: it stays pending, and `next`
        // reports it as a bad row like any later one, so nothing after it is lost.
        let keys = de::Deserializer::deserialize_map(&mut de, KeysVisitor).and_then(|k| de.end().map(|()| k));
        Ok(Some(keys.unwrap_or_default()))
    }

    fn next(&mut self, columns: &Columns, record: &mut Record) -> io::Result<Option<Row>> {
        if !std::mem::take(&mut self.pending) && !self.read_line()? {
            return Ok(None);
        }
        self.cells.resize_with(columns.names.len(), Vec::new);
        for c in &mut self.cells {
            c.clear();
        }
        let mut de = serde_json::Deserializer::from_slice(self.buf.trim_ascii());
        let parsed = RowSeed { columns, cells: &mut self.cells }.deserialize(&mut de).and_then(|()| de.end());
        record.clear();
        for c in &self.cells {
            record.push(c);
        }
        Ok(Some(Row { line: self.line, problem: parsed.err().map(|e| json_message(&e)) }))
    }
}

/// serde_json's message, less its position: a JSON line is one line, so the column is enough.
fn json_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let text = text.replace(" at line 1 column ", " at column ");
    format!("not a JSON object of strings and numbers: {text}")
}

/// Collects the keys of the first object, in order.
struct KeysVisitor;

impl<'de> Visitor<'de> for KeysVisitor {
    type Value = Vec<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut keys = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            map.next_value::<IgnoredAny>()?;
            keys.push(key);
        }
        Ok(keys)
    }
}

/// Fills one reused buffer per column from an object, without allocating.
struct RowSeed<'a> {
    columns: &'a Columns,
    cells: &'a mut [Vec<u8>],
}

impl<'de> DeserializeSeed<'de> for RowSeed<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RowSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(i) = map.next_key_seed(KeySeed(self.columns))? {
            map.next_value_seed(CellSeed(&mut self.cells[i]))?;
        }
        Ok(())
    }
}

/// A key to its column index: the same name as on the first line, or another spelling of
/// the same column (`location` for `city`).
struct KeySeed<'a>(&'a Columns);

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = usize;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a column name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<usize, E> {
        let columns = self.0;
        if let Some(i) = columns.names.iter().position(|n| n == key) {
            return Ok(i);
        }
        match Column::parse(key).and_then(|c| columns.position(c)) {
            Some(i) => Ok(i),
            None => Err(E::custom(Columns::unknown(key))),
        }
    }
}

/// A cell value: a string as it is, a number as it reads, null as empty (the default).
struct CellSeed<'a>(&'a mut Vec<u8>);

impl<'de> DeserializeSeed<'de> for CellSeed<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for CellSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string, a number or null")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        // A key given twice: the last value counts, as in most JSON readers.
        self.0.clear();
        self.0.extend_from_slice(v.as_bytes());
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.0.clear();
        self.0.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.0.clear();
        self.0.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        use std::io::Write;
        self.0.clear();
        let _ = write!(self.0, "{v}");
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.0.clear();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sniffed(input: &[u8], forced: Option<InputFormat>) -> (InputFormat, Vec<u8>) {
        let (format, mut rest) = sniff(input, forced).unwrap();
        let mut out = Vec::new();
        rest.read_to_end(&mut out).unwrap();
        (format, out)
    }

    #[test]
    fn detection_skips_bom_and_blank_space_and_loses_nothing() {
        assert_eq!(sniffed(b"years,city\n4,sf\n", None), (InputFormat::Csv, b"years,city\n4,sf\n".to_vec()));
        assert_eq!(
            sniffed(b"\xEF\xBB\xBF\n  {\"years\":4}\n", None),
            (InputFormat::Jsonl, b"\n  {\"years\":4}\n".to_vec())
        );
        assert_eq!(sniffed(b"\xEF\xBB\xBFyears\n", None), (InputFormat::Csv, b"years\n".to_vec()));
        assert_eq!(sniffed(b"", None), (InputFormat::Csv, Vec::new()));
        assert_eq!(sniffed(b"{\"years\":4}", Some(InputFormat::Csv)).0, InputFormat::Csv);
    }

    #[test]
    fn newlines_are_counted_across_runs() {
        for n in [0, 1, 254, 255, 256, 1000] {
            let text: Vec<u8> = (0..n * 3).map(|i| if i % 3 == 2 { b'\n' } else { b'x' }).collect();
            assert_eq!(newlines(&text), n as u64);
        }
        assert_eq!(newlines(&[b'\n'; 600]), 600);
    }

    #[test]
    fn simple_lines_are_split_on_commas_and_anything_else_is_left_to_the_parser() {
        let mut ends = Ends::default();
        assert_eq!(scan_simple(b"4,sf,,phd\nnext", &mut ends), Some(10));
        assert_eq!(ends.as_slice(), [1, 4, 5, 9]);
        assert_eq!(scan_simple(b"4,sf\r\n", &mut ends), Some(6));
        assert_eq!(ends.as_slice(), [1, 4]);
        assert_eq!(scan_simple(b"\n", &mut ends), Some(1));
        assert_eq!(ends.as_slice(), [0]);
        assert_eq!(scan_simple(b"1,2,3,4,5,6,7,8\n", &mut ends), Some(16));
        assert_eq!(ends.as_slice(), [1, 3, 5, 7, 9, 11, 13, 15], "eight fields is the most");
        let long = b"a long line with no special byte for a while, then,,a quote: \"x\"\n";
        let not_simple: [&[u8]; 7] =
            [b"4,\"sf\"\n", b"4,s\rf\n", b"4,sf", b"4,sf\r", b"", b"1,2,3,4,5,6,7,8,9\n", long];
        for other in not_simple {
            assert_eq!(scan_simple(other, &mut ends), None, "{:?}", String::from_utf8_lossy(other));
        }
        for m in [0u64, 0x80, 0x8000_0000_0000_0000, 0x8080_8080_8080_8080, 0x0080_0000_8000_0080] {
            let want = (0..8).filter(|i| m >> (8 * i + 7) & 1 == 1).fold(0, |acc, i| acc | 1 << i);
            assert_eq!(high_bits(m), want, "{m:x}");
        }
        // Long lines, and lines at the very end of the input, are scanned a byte at a time.
        let long: Vec<u8> = (0..100).map(|i| if i == 70 { b',' } else { b'a' }).chain([b'\n']).collect();
        assert_eq!(scan_simple(&long, &mut ends), Some(101));
        assert_eq!(ends.as_slice(), [70, 100]);
        assert_eq!(scan_simple(b"4,s\n", &mut ends), Some(4));
        assert_eq!(ends.as_slice(), [1, 3]);
        // Every position of the line end and of a special byte, across the 8-byte words.
        for len in 0..80 {
            for special in [b'\n', b'\r', b'"'] {
                let mut line = vec![b'x'; len];
                line.push(special);
                line.extend_from_slice(b"y\n");
                assert_eq!(first_special(&line), Some(len), "{len} {special}");
            }
            let mut line: Vec<u8> = (0..len).map(|i| if i % 3 == 1 { b',' } else { b'a' }).collect();
            line.push(b'\n');
            let want: Vec<usize> = (0..len).filter(|i| i % 3 == 1).chain([len]).collect();
            match scan_simple(&line, &mut ends) {
                Some(n) => assert_eq!((n, ends.as_slice()), (len + 1, &want[..]), "{len}"),
                None => assert!(want.len() > MAX_FIELDS, "{len}"),
            }
        }
    }

    /// A reader that hands out one byte per read, like a slow pipe.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let Some((&b, rest)) = self.0.split_first() else { return Ok(0) };
            buf[0] = b;
            self.0 = rest;
            Ok(1)
        }
    }

    #[test]
    fn a_bom_split_across_reads_is_still_a_bom() {
        let (format, mut rest) = sniff(Trickle(b"\xEF\xBB\xBF{\"a\":1}"), None).unwrap();
        assert_eq!(format, InputFormat::Jsonl);
        let mut out = Vec::new();
        rest.read_to_end(&mut out).unwrap();
        assert_eq!(out, b"{\"a\":1}");
    }
}
