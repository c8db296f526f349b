//! Writing results as they come: CSV/TSV through the shared `output::table_writer`, JSON
//! Lines and a JSON array written row by row into a reused line buffer. Nothing is held
//! back, so memory does not grow with the input. A sink may also write into a buffer it owns
//! (a worker's part of the output), rows appended with no copy.

use std::borrow::Cow;
use std::io::Write;

use super::Columns;
use super::record::{Fields, Line};
use crate::model::pay::Total;
use crate::model::{Amounts, Estimate, Placement};
use crate::output::{Format, table_writer};
use crate::render::{TOTAL_COLUMNS, level_name};
use crate::tables::Tables;

/// The result columns, after the input's own. With `--total`, [`TOTAL_COLUMNS`] come
/// between `currency` and `error`.
pub const RESULT_COLUMNS: [&str; 7] = ["level", "multiplier", "low", "mid", "high", "currency", "error"];

/// The result columns of a run: [`RESULT_COLUMNS`], with the `--total` ones before `error`.
pub fn result_columns(total: bool) -> Vec<&'static str> {
    let (error, before) = RESULT_COLUMNS.split_last().unwrap_or((&"error", &[]));
    let mut columns = before.to_vec();
    if total {
        columns.extend(TOTAL_COLUMNS);
    }
    columns.push(error);
    columns
}

/// An input column named like a result column is kept under this prefix, so no output has
/// two columns (or JSON keys) of one name.
const INPUT_PREFIX: &str = "input_";

/// What a row's output shows of its estimate.
#[derive(Clone, Debug)]
pub struct Priced<'t> {
    pub placement: Placement,
    /// The multiplier applied.
    pub multiplier: f64,
    /// `multiplier` as [`push_multiplier`] writes it, when already written once.
    pub text: Option<Text>,
    pub amounts: Amounts<'t>,
}

impl<'t> From<Estimate<'t>> for Priced<'t> {
    fn from(e: Estimate<'t>) -> Self {
        let Estimate { placement, multiplier, low, mid, high, currency, rate, total, .. } = e;
        Priced {
            placement,
            multiplier,
            text: None,
            amounts: Amounts { low, mid, high, currency, rate, total: total.map(Box::new) },
        }
    }
}

/// A short piece of output (a multiplier's text, a level name, a currency) kept padded to a
/// fixed size, so that it is written by a copy of fixed size (a few moves) rather than a call
/// to `memcpy` sized at run time, whose branches on the size mispredict from row to row.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Text {
    bytes: [u8; TEXT],
    len: u8,
}

/// The longest [`Text`].
const TEXT: usize = 24;

impl Text {
    /// `m` as [`push_multiplier`] writes it; `None` if that is longer than a `Text` holds.
    pub fn of(m: f64) -> Option<Text> {
        let mut out = Vec::with_capacity(32);
        push_multiplier(&mut out, m);
        Text::raw(&out)
    }

    /// `bytes` as they are; `None` if longer than a `Text` holds.
    pub fn raw(bytes: &[u8]) -> Option<Text> {
        let mut text = Text { bytes: [0; TEXT], len: u8::try_from(bytes.len()).ok()? };
        text.bytes.get_mut(..bytes.len())?.copy_from_slice(bytes);
        Some(text)
    }

    /// `field` as [`push_field`] writes it when it needs no quotes; `None` if it needs them.
    fn field(field: &[u8], delim: u8) -> Option<Text> {
        let plain = !field.iter().any(|&b| b == delim || b == b'"' || b == b'\n' || b == b'\r');
        plain.then(|| Text::raw(field)).flatten()
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len()]
    }

    fn len(&self) -> usize {
        usize::from(self.len)
    }
}

/// A row's result: its estimate, or why it has none.
pub type Outcome<'a, 'e> = Result<&'a Priced<'e>, &'a str>;

pub struct Sink<'w> {
    /// Where each row goes as it is made; `None` keeps the rows in `line` (see [`Sink::buffered`]).
    w: Option<&'w mut dyn Write>,
    /// The last currency written by [`good_line`](Self::good_line): where its name is (to know
    /// it again), and its field.
    currency: (usize, usize, Option<Text>),
    kind: Kind,
    levels: Levels,
    /// Write the `--total` columns.
    total: bool,
    /// The row being written (one `write_all` per row); with no `w`, every row so far.
    line: Vec<u8>,
    numbers: itoa::Buffer,
}

enum Kind {
    /// CSV or TSV with this delimiter.
    Table(u8),
    /// JSON Lines, or a JSON array (`array`), with each input column's `"key":` ready-made.
    Json { keys: Vec<Vec<u8>>, array: bool, rows: u64 },
}

/// The output names of the input columns.
fn output_names(columns: &Columns) -> impl Iterator<Item = Cow<'_, str>> {
    columns.names.iter().map(|n| {
        if RESULT_COLUMNS.contains(&n.as_str()) || TOTAL_COLUMNS.contains(&n.as_str()) {
            Cow::Owned(format!("{INPUT_PREFIX}{n}"))
        } else {
            Cow::Borrowed(n.as_str())
        }
    })
}

impl<'w> Sink<'w> {
    /// A sink writing `format` to `w`; writes the header now for CSV and TSV. `columns` is
    /// `None` for an empty input, which gives an empty output (`[]` in JSON). `total` adds the
    /// `--total` columns.
    pub fn new(
        w: &'w mut dyn Write,
        format: Format,
        tables: &Tables,
        columns: Option<&Columns>,
        total: bool,
    ) -> anyhow::Result<Self> {
        if let Some(columns) = columns.filter(|_| matches!(format, Format::Csv | Format::Tsv | Format::Text))
        {
            // The header goes through the shared table writer; rows are written by `push_field`,
            // which quotes exactly as it does (see the tests), without its per-field overhead.
            let mut header = table_writer(&mut *w, format);
            header.write_record(
                output_names(columns)
                    .map(|n| n.into_owned())
                    .chain(result_columns(total).into_iter().map(String::from)),
            )?;
            header.flush()?;
        }
        Ok(Sink::make(Some(w), format, tables, columns, total, 256))
    }

    /// A sink writing rows only (no header: a part of a larger output) into a buffer of its own,
    /// returned by [`into_buffer`](Self::into_buffer): rows are made in place, not copied.
    pub fn buffered(
        format: Format,
        tables: &Tables,
        columns: &Columns,
        total: bool,
        capacity: usize,
    ) -> Self {
        Sink::make(None, format, tables, Some(columns), total, capacity)
    }

    fn make(
        w: Option<&'w mut dyn Write>,
        format: Format,
        tables: &Tables,
        columns: Option<&Columns>,
        total: bool,
        capacity: usize,
    ) -> Self {
        let kind = match format {
            Format::Json | Format::Jsonl => {
                let keys = columns
                    .map(|c| {
                        output_names(c)
                            .map(|n| format!("{}:", serde_json::Value::from(n)).into_bytes())
                            .collect()
                    })
                    .unwrap_or_default();
                Kind::Json { keys, array: format == Format::Json, rows: 0 }
            }
            Format::Csv | Format::Tsv | Format::Text => {
                Kind::Table(if format == Format::Tsv { b'\t' } else { b',' })
            }
        };
        Sink {
            w,
            currency: (0, 0, None),
            kind,
            levels: Levels::new(tables),
            total,
            line: Vec::with_capacity(capacity),
            numbers: itoa::Buffer::new(),
        }
    }

    /// The rows of a [`buffered`](Self::buffered) sink.
    pub fn into_buffer(self) -> Vec<u8> {
        self.line
    }

    /// Writes one row: the input cells (exactly `width` of them, padded or cut), then the result.
    /// Writes a good row read as a simple line: exactly what [`row`](Self::row) writes, made
    /// without a call sized at run time in the common case (CSV, no `--total`). Room for the
    /// longest such row is added at once; the line is copied into it as a 64-byte window of
    /// the input, and each result as a padded piece of fixed size, the next piece starting
    /// where the last one's text ends; the output is then cut back to the row's end.
    pub fn good_line(&mut self, cells: &Line, width: usize, p: &Priced) -> anyhow::Result<()> {
        let Some(pieces) = self.pieces(p) else { return self.row(cells, width, Ok(p)) };
        let Some(raw) = cells.line() else { return self.row(cells, width, Ok(p)) };
        let Some(window) = cells.bytes().first_chunk::<WINDOW>().filter(|_| raw.len() < WINDOW) else {
            return self.row(cells, width, Ok(p));
        };
        let line = &mut self.line;
        if self.w.is_some() {
            line.clear();
        }
        let start = line.len();
        line.extend_from_slice(&[0; ROOM]);
        let out = &mut line[start..];
        let mut at = 0;
        let mut put = |piece: &[u8], len: usize| {
            out[at..at + piece.len()].copy_from_slice(piece);
            out[at + len] = b',';
            at += len + 1;
        };
        put(window, raw.len());
        let Pieces { level, text, numbers, currency } = pieces;
        put(&level.bytes, level.len());
        put(&text.bytes, text.len());
        for (digits, len) in &numbers {
            // The digits end the 8-byte word taken from `len` bytes before their end.
            put(&digits[8 - len..16 - len], *len);
        }
        put(&currency.bytes, currency.len());
        out[at] = b'\n';
        line.truncate(start + at + 1);
        if let Some(w) = &mut self.w {
            w.write_all(line)?;
        }
        Ok(())
    }

    /// The results of a good row as padded pieces, when this is CSV without `--total` and
    /// every piece fits.
    fn pieces(&mut self, p: &Priced) -> Option<Pieces> {
        if !matches!(self.kind, Kind::Table(b',')) || self.total {
            return None;
        }
        let a = &p.amounts;
        let id = (a.currency.as_ptr() as usize, a.currency.len());
        if (self.currency.0, self.currency.1) != id {
            self.currency = (id.0, id.1, Text::field(a.currency.as_bytes(), b','));
        }
        Some(Pieces {
            level: self.levels.text(p.placement)?,
            text: p.text?,
            numbers: [number(a.low)?, number(a.mid)?, number(a.high)?],
            currency: self.currency.2?,
        })
    }

    pub fn row<F: Fields>(&mut self, cells: &F, width: usize, outcome: Outcome) -> anyhow::Result<()> {
        let Sink { w, kind, levels, total, line, numbers, .. } = self;
        let total = *total;
        if w.is_some() {
            line.clear();
        }
        match kind {
            Kind::Table(delim) => {
                match cells.line() {
                    // A simple line has no quote or line break, and its cells no comma: as CSV,
                    // it is its own echo.
                    Some(raw) if *delim == b',' && outcome.is_ok() => {
                        line.extend_from_slice(raw);
                        line.push(b',');
                    }
                    _ => {
                        for i in 0..width {
                            push_field(line, &cell(cells, i, outcome), *delim);
                            line.push(*delim);
                        }
                    }
                }
                table_result(line, levels, numbers, outcome, total, *delim);
            }
            Kind::Json { keys, array, rows } => {
                line.extend_from_slice(match (*array, *rows) {
                    (true, 0) => b"[\n{",
                    (true, _) => b",\n{",
                    (false, _) => b"{",
                });
                *rows += 1;
                for (i, key) in keys.iter().enumerate() {
                    if i > 0 {
                        line.push(b',');
                    }
                    line.extend_from_slice(key);
                    json_string(line, &cell(cells, i, outcome));
                }
                json_result(line, levels, numbers, outcome, total);
                if !*array {
                    line.push(b'\n');
                }
            }
        }
        if let Some(w) = w {
            w.write_all(line)?;
        }
        Ok(())
    }

    /// Ends the output (closes the JSON array).
    pub fn finish(&mut self) -> anyhow::Result<()> {
        if let Kind::Json { array: array @ true, rows, .. } = &mut self.kind {
            let end: &[u8] = if *rows == 0 { b"[]\n" } else { b"\n]\n" };
            match &mut self.w {
                Some(w) => w.write_all(end)?,
                None => self.line.extend_from_slice(end),
            }
            // Closed once, however often asked.
            *array = false;
        }
        Ok(())
    }
}

/// Input cell `i`. A good row's cells were all looked up, so they are UTF-8; a bad row's may
/// not be, and are shown with U+FFFD in place of what is not.
fn cell<'r, F: Fields>(cells: &'r F, i: usize, outcome: Outcome) -> Cow<'r, [u8]> {
    let raw = cells.get(i).unwrap_or_default();
    if outcome.is_ok() {
        return Cow::Borrowed(raw);
    }
    match String::from_utf8_lossy(raw) {
        Cow::Borrowed(_) => Cow::Borrowed(raw),
        Cow::Owned(s) => Cow::Owned(s.into_bytes()),
    }
}

fn table_result(
    line: &mut Vec<u8>,
    levels: &Levels,
    numbers: &mut itoa::Buffer,
    outcome: Outcome,
    total: bool,
    delim: u8,
) {
    match outcome {
        Ok(p) => {
            let e = &p.amounts;
            line.extend_from_slice(levels.name(p.placement).as_bytes());
            line.push(delim);
            multiplier(line, p);
            for n in [e.low, e.mid, e.high] {
                line.push(delim);
                line.extend_from_slice(numbers.format(n).as_bytes());
            }
            line.push(delim);
            push_field(line, e.currency.as_bytes(), delim);
            line.push(delim);
            if let Some(t) = e.total.as_ref().filter(|_| total) {
                for amount in total_amounts(t) {
                    match amount {
                        Some(n) => line.extend_from_slice(numbers.format(n).as_bytes()),
                        None => line.extend_from_slice(OPTIONS.as_bytes()),
                    }
                    line.push(delim);
                }
            }
        }
        Err(message) => {
            let empty = RESULT_COLUMNS.len() - 1 + if total { TOTAL_COLUMNS.len() } else { 0 };
            line.extend(std::iter::repeat_n(delim, empty));
            push_field(line, message.as_bytes(), delim);
        }
    }
    line.push(b'\n');
}

fn json_result(
    line: &mut Vec<u8>,
    levels: &Levels,
    numbers: &mut itoa::Buffer,
    outcome: Outcome,
    total: bool,
) {
    match outcome {
        Ok(p) => {
            let e = &p.amounts;
            line.extend_from_slice(b",\"level\":");
            json_string(line, levels.name(p.placement).as_bytes());
            line.extend_from_slice(b",\"multiplier\":");
            multiplier(line, p);
            for (key, n) in [(&b",\"low\":"[..], e.low), (b",\"mid\":", e.mid), (b",\"high\":", e.high)] {
                line.extend_from_slice(key);
                line.extend_from_slice(numbers.format(n).as_bytes());
            }
            line.extend_from_slice(b",\"currency\":");
            json_string(line, e.currency.as_bytes());
            if let Some(t) = e.total.as_ref().filter(|_| total) {
                for (name, amount) in TOTAL_COLUMNS.iter().zip(total_amounts(t)) {
                    json_key(line, name);
                    match amount {
                        Some(n) => line.extend_from_slice(numbers.format(n).as_bytes()),
                        None => json_string(line, OPTIONS.as_bytes()),
                    }
                }
            }
            line.extend_from_slice(b",\"error\":null}");
        }
        Err(message) => {
            line.extend_from_slice(
                b",\"level\":null,\"multiplier\":null,\"low\":null,\"mid\":null,\"high\":null,\"currency\":null",
            );
            if total {
                for name in TOTAL_COLUMNS {
                    json_key(line, name);
                    line.extend_from_slice(b"null");
                }
            }
            line.extend_from_slice(b",\"error\":");
            json_string(line, message.as_bytes());
            line.push(b'}');
        }
    }
}

/// What unvalued equity (an early-stage startup's options) shows instead of a number, as in
/// `estimate --total`.
const OPTIONS: &str = "options";

/// The `--total` amounts in [`TOTAL_COLUMNS`] order; `None` for equity that is unvalued
/// options (shown as [`OPTIONS`], as `Shown::total_fields` shows it).
fn total_amounts(t: &Total) -> [Option<i64>; 7] {
    let [bonus_low, bonus_high] = t.bonus.map(Some);
    let [equity_low, equity_high] = t.equity.map_or([None, None], |q| q.map(Some));
    let [total_low, total_mid, total_high] = t.total.map(Some);
    [bonus_low, bonus_high, equity_low, equity_high, total_low, total_mid, total_high]
}

/// Appends `,"name":` (names are plain ASCII column names).
fn json_key(line: &mut Vec<u8>, name: &str) {
    line.extend_from_slice(b",\"");
    line.extend_from_slice(name.as_bytes());
    line.extend_from_slice(b"\":");
}

/// Appends one CSV/TSV field, quoted where `csv::Writer` would quote it (it holds the
/// delimiter, a quote or a line break), quotes doubled.
fn push_field(line: &mut Vec<u8>, field: &[u8], delim: u8) {
    if !field.iter().any(|&b| b == delim || b == b'"' || b == b'\n' || b == b'\r') {
        line.extend_from_slice(field);
        return;
    }
    line.push(b'"');
    for &b in field {
        if b == b'"' {
            line.push(b'"');
        }
        line.push(b);
    }
    line.push(b'"');
}

/// The input line's bytes copied at once by [`Sink::good_line`].
const WINDOW: usize = 64;

/// A good row's results, ready to be copied piece by piece.
struct Pieces {
    level: Text,
    text: Text,
    numbers: [([u8; 16], usize); 3],
    currency: Text,
}

/// The room [`Sink::good_line`] adds for a row: the window, four texts and three numbers
/// copied whole, with their commas.
const ROOM: usize = WINDOW + 4 * TEXT + 3 * 8 + 8;

/// `n` as 8 decimal digits, right-aligned in the first 8 bytes, and how many of them are
/// significant; `None` from 100,000,000 up or below 0 (written the usual way). The digits
/// are taken two at a time from a table, and every pair is written, so nothing branches on
/// the number's size.
fn number(n: i64) -> Option<([u8; 16], usize)> {
    let v = u32::try_from(n).ok().filter(|&v| v < 100_000_000)?;
    let len = 1 + [10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000]
        .iter()
        .map(|&p| usize::from(v >= p))
        .sum::<usize>();
    let (high, low) = (v / 10_000, v % 10_000);
    let mut digits = [0u8; 16];
    for (pair, two) in digits[..8].chunks_exact_mut(2).zip([high / 100, high % 100, low / 100, low % 100]) {
        let at = 2 * two as usize;
        pair.copy_from_slice(&PAIRS[at..at + 2]);
    }
    Some((digits, len))
}

/// "00" to "99", back to back.
const PAIRS: &[u8; 200] = b"\
0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// Level names by placement, made once (`mid`, `entry-mid`).
struct Levels {
    bands: Vec<String>,
    blends: Vec<String>,
    /// The same as padded texts (`None` for one too long).
    texts: Vec<Option<Text>>,
}

impl Levels {
    fn new(tables: &Tables) -> Self {
        let n = tables.bands.bands.len();
        let bands: Vec<String> = (0..n).map(|i| level_name(tables, Placement::Band(i))).collect();
        let blends: Vec<String> = (0..n.saturating_sub(1))
            .map(|lower| level_name(tables, Placement::Blend { lower, weight: 0.5 }))
            .collect();
        let texts = bands.iter().chain(&blends).map(|name| Text::raw(name.as_bytes())).collect();
        Levels { bands, blends, texts }
    }

    /// The name of `p` as a padded text.
    fn text(&self, p: Placement) -> Option<Text> {
        match p {
            Placement::Band(i) => self.texts[i],
            Placement::Blend { lower, .. } => self.texts[self.bands.len() + lower],
        }
    }

    fn name(&self, p: Placement) -> &str {
        match p {
            Placement::Band(i) => &self.bands[i],
            Placement::Blend { lower, .. } => &self.blends[lower],
        }
    }
}

/// Appends `raw` (UTF-8) as a JSON string.
fn json_string(out: &mut Vec<u8>, raw: &[u8]) {
    if raw.iter().all(|&b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push(b'"');
        out.extend_from_slice(raw);
        out.push(b'"');
    } else {
        let text = String::from_utf8_lossy(raw);
        // Writing JSON into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, &*text);
    }
}

/// Appends a row's multiplier: its text if kept, else written now.
fn multiplier(line: &mut Vec<u8>, p: &Priced) {
    match &p.text {
        Some(text) => line.extend_from_slice(text.as_bytes()),
        None => push_multiplier(line, p.multiplier),
    }
}

/// Appends a multiplier exactly as `f64`'s `Display` writes it (`1.5`, `0.9405`, `1`), fast:
/// multipliers are rounded to 4 decimals by the model, so they are a whole number of
/// ten-thousandths; any other value goes through `Display`.
pub fn push_multiplier(out: &mut Vec<u8>, m: f64) {
    let scaled = (m * 10_000.0).round();
    if !(0.0..1e15).contains(&scaled) || scaled / 10_000.0 != m {
        let _ = write!(out, "{m}");
        return;
    }
    let k = scaled as u64;
    out.extend_from_slice(itoa::Buffer::new().format(k / 10_000).as_bytes());
    let mut frac = k % 10_000;
    if frac > 0 {
        let mut digits = 4;
        while frac.is_multiple_of(10) {
            frac /= 10;
            digits -= 1;
        }
        out.push(b'.');
        let text = itoa::Buffer::new().format(frac).len();
        out.extend(std::iter::repeat_n(b'0', digits - text));
        out.extend_from_slice(itoa::Buffer::new().format(frac).as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipliers_print_as_display_does() {
        for k in (0..=100_000u64).chain([123_456, 250_000]) {
            let m = k as f64 / 10_000.0;
            let mut out = Vec::new();
            push_multiplier(&mut out, m);
            assert_eq!(String::from_utf8(out).unwrap(), m.to_string(), "{k}");
            assert_eq!(Text::of(m).unwrap().as_bytes(), m.to_string().as_bytes(), "{k}");
        }
        assert_eq!(Text::of(1.0 / 3.0).unwrap().as_bytes(), b"0.3333333333333333");
        assert!(Text::of(1e300).is_none(), "too long to keep: written each time");
        for m in [0.123_45, 1.0 / 3.0, 1e20] {
            let mut out = Vec::new();
            push_multiplier(&mut out, m);
            assert_eq!(String::from_utf8(out).unwrap(), m.to_string());
        }
    }

    /// Rows are written by hand for speed; they must read back exactly as `csv::Writer`
    /// would have written them.
    #[test]
    fn fields_are_quoted_as_the_shared_table_writer_quotes_them() {
        let fields: [&[u8]; 9] =
            [b"sf", b"", b"new york", b"a,b", b"say \"hi\"", b"two\nlines", b"cr\r", b"tab\there", b" lead"];
        for format in [Format::Csv, Format::Tsv] {
            let delim = if format == Format::Tsv { b'\t' } else { b',' };
            let mut expected = Vec::new();
            let mut w = table_writer(&mut expected, format);
            w.write_record(fields).unwrap();
            w.flush().unwrap();
            drop(w);
            let mut got = Vec::new();
            for (i, f) in fields.iter().enumerate() {
                if i > 0 {
                    got.push(delim);
                }
                push_field(&mut got, f, delim);
            }
            got.push(b'\n');
            assert_eq!(String::from_utf8_lossy(&got), String::from_utf8_lossy(&expected), "{format:?}");
        }
    }

    #[test]
    fn numbers_are_their_decimal_digits() {
        for n in [0i64, 7, 10, 99, 100, 12_345, 99_999, 100_000, 123_456, 9_999_999, 10_000_000, 99_999_999]
            .into_iter()
            .chain((0..100_000_000).step_by(7_919))
        {
            let (digits, len) = number(n).unwrap();
            assert_eq!(&digits[8 - len..8], n.to_string().as_bytes(), "{n}");
        }
        assert!(number(100_000_000).is_none() && number(-1).is_none());
    }

    #[test]
    fn json_strings_are_escaped_only_when_needed() {
        let mut out = Vec::new();
        json_string(&mut out, b"sf");
        json_string(&mut out, b"a\"b\\c\n");
        assert_eq!(out, br#""sf""a\"b\\c\n""#);
    }
}
