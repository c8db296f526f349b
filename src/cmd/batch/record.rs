//! CSV at the level of records: a chunk's records, each with where its bytes are, and cells
//! written with the csv crate's quoting rules.
//!
//! Batch reads into one reused [`Record`] per chunk, so a row costs the read and nothing else
//! (no positions or UTF-8 bookkeeping, no copy of the input into a reader's own buffer). The
//! read also tells where each record's bytes are, so a good row's input columns can be
//! written back as they were read (see `rows`).

use csv_core::{ReadRecordResult, Reader};

/// A row's cells: their bytes, and where each ends. The API is the part of `csv::ByteRecord`'s
/// that batch uses.
#[derive(Clone, Debug, Default)]
pub struct Record {
    /// The cells' bytes, one after another, or a line that holds them between commas; room
    /// for `csv_core` to write into, so longer than that.
    bytes: Vec<u8>,
    /// Where each cell ends in `bytes`; room, so longer than `len`.
    ends: Vec<usize>,
    len: usize,
    /// The bytes between two cells: none, or a comma.
    gap: usize,
}

impl Record {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn get(&self, i: usize) -> Option<&[u8]> {
        let end = *self.ends[..self.len].get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] + self.gap };
        Some(&self.bytes[start..end])
    }

    pub fn iter(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.len).filter_map(|i| self.get(i))
    }

    pub fn clear(&mut self) {
        self.bytes.clear();
        self.ends.clear();
        (self.len, self.gap) = (0, 0);
    }

    /// Appends a cell (after [`Record::clear`], not after a read).
    pub fn push_field(&mut self, cell: &[u8]) {
        self.bytes.extend_from_slice(cell);
        self.ends.push(self.bytes.len());
        self.len += 1;
    }

    /// A line of blank space only, `raw` as read: it gives no row. The CSV parser skips empty
    /// lines; this skips the others. A line with quotes (`""`) is no blank line but a record
    /// of one empty field (Python's csv module writes one that way): it is a row.
    pub fn blank(&self, raw: &[u8]) -> bool {
        self.len == 1
            && self.get(0).is_some_and(|c| c.trim_ascii().is_empty())
            && memchr::memchr(b'"', raw).is_none()
    }
}

#[cfg(test)]
impl<T: AsRef<[u8]>> From<&[T]> for Record {
    fn from(cells: &[T]) -> Self {
        let mut record = Record::default();
        cells.iter().for_each(|c| record.push_field(c.as_ref()));
        record
    }
}

/// The records of a chunk of CSV (whole records), each with where its bytes are. A line with
/// no quote needs no CSV parser: it is a record, its cells between the commas, found for about
/// 60% of the parser's instructions. A line with a quote (which may open a field that runs on
/// over line ends) is read from its start by `csv_core`, and so is every record of a chunk
/// that starts with a byte order mark (which the parser drops): the caller's parser, whose
/// state machine costs more to build than a hundred rows to read, so it is built once and
/// reset. So a file where some cells are quoted (`"$152,500"` in one row of six) is read at
/// the plain speed, but for those rows: each chunk used to go to the parser whole once it held
/// one quote.
pub struct Records<'c> {
    chunk: &'c [u8],
    at: usize,
    /// Where the first quote at or after `at` is (the chunk's length when there is none), so
    /// that a chunk is searched for quotes once, not each line.
    quote: usize,
    /// Every record goes to the parser.
    parsed: bool,
}

impl<'c> Records<'c> {
    pub fn new(chunk: &'c [u8], parser: &mut Reader) -> Self {
        parser.reset();
        let parsed = chunk.starts_with(b"\xEF\xBB\xBF");
        let quote = memchr::memchr(b'"', chunk).unwrap_or(chunk.len());
        Records { chunk, at: 0, quote, parsed }
    }

    /// Reads the next record into `record`, and returns where its bytes are in the chunk:
    /// with the blank lines before it and its line end, or without them. `None` after the last.
    pub fn next(&mut self, parser: &mut Reader, record: &mut Record) -> Option<(usize, usize)> {
        let start = self.at;
        if self.parsed {
            self.at += read(parser, &self.chunk[start..], record)?;
            return Some((start, self.at));
        }
        // As the parser, this skips empty lines.
        while let Some(rest) = self.chunk.get(self.at..).filter(|rest| !rest.is_empty()) {
            let (start, len) = (self.at, memchr::memchr2(b'\n', b'\r', rest).unwrap_or(rest.len()));
            if self.quote < start {
                self.quote = memchr::memchr(b'"', rest).map_or(self.chunk.len(), |i| start + i);
            }
            if len > 0 && self.quote < start + len {
                // Quoted cells that close on their line (`4,"$152,500",x`): split here.
                // Its line end is taken too: the bytes as read end where the record does.
                if split_quoted(&rest[..len], record) {
                    self.at += len + 1;
                    return Some((start, self.at.min(self.chunk.len())));
                }
                // A record starts here (after a line end), where the parser starts afresh; but a
                // fresh parser drops a byte order mark, which only the input's first bytes are:
                // an empty line read first tells it that this is not the start.
                parser.reset();
                if rest.starts_with(b"\xEF\xBB\xBF") {
                    let _ = parser.read_record(b"\n", &mut [0; 1], &mut [0; 1]);
                }
                self.at += read(parser, rest, record)?;
                return Some((start, self.at));
            }
            self.at += len + 1;
            if len > 0 {
                let line = &rest[..len];
                record.clear();
                record.bytes.extend_from_slice(line);
                push_commas(line, &mut record.ends);
                record.ends.push(len);
                (record.len, record.gap) = (record.ends.len(), 1);
                return Some((start, start + len));
            }
        }
        None
    }
}

/// Appends where each comma of `line` is: eight bytes at a time, each comma found by bit
/// arithmetic (a third faster than `memchr_iter` on the short lines of a CSV file, where each
/// of its calls finds one comma ten bytes on).
fn push_commas(line: &[u8], ends: &mut Vec<usize>) {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const COMMAS: u64 = u64::from_le_bytes([b','; 8]);
    let mut words = line.chunks_exact(8);
    let mut at = 0;
    for word in &mut words {
        // Each byte of `x` is 0 where the line has a comma; `found` has the top bit of each
        // such byte set, and no other bit (no carry crosses a byte).
        let x = u64::from_le_bytes([word[0], word[1], word[2], word[3], word[4], word[5], word[6], word[7]])
            ^ COMMAS;
        let mut found = !(((x & LOW) + LOW) | x | LOW);
        while found != 0 {
            ends.push(at + (found.trailing_zeros() / 8) as usize);
            found &= found - 1;
        }
        at += 8;
    }
    ends.extend(words.remainder().iter().enumerate().filter(|(_, b)| **b == b',').map(|(i, _)| at + i));
}

/// Splits a line with quotes into `record`'s cells, as the CSV parser would, when each cell is
/// either unquoted (no quote in it) or quoted from its first byte to its last (`""` inside for
/// a quote): what a CSV writer writes. False, with `record` to be read again, for any other
/// line (a quoted cell that runs on past the line end, a quote inside an unquoted cell, text
/// after a closing quote): the parser reads those.
pub fn split_quoted(line: &[u8], record: &mut Record) -> bool {
    record.clear();
    let mut i = 0;
    loop {
        if line.get(i) == Some(&b'"') {
            i += 1;
            loop {
                let Some(q) = quote(&line[i..]) else { return false };
                record.bytes.extend_from_slice(&line[i..i + q]);
                i += q + 1;
                if line.get(i) != Some(&b'"') {
                    break;
                }
                record.bytes.push(b'"');
                i += 1;
            }
            record.ends.push(record.bytes.len());
            record.len += 1;
            match line.get(i) {
                None => return true,
                Some(b',') => i += 1,
                Some(_) => return false,
            }
        } else {
            let Some(end) = unquoted_end(line, i) else { return false };
            record.push_field(&line[i..end]);
            if end == line.len() {
                return true;
            }
            i = end + 1;
        }
    }
}

/// Where the first quote of `cell` is. Byte by byte: the cells of a line are a few bytes long,
/// where a call to `memchr` costs more than it finds.
fn quote(cell: &[u8]) -> Option<usize> {
    cell.iter().position(|&b| b == b'"')
}

/// Where the unquoted cell that starts at `i` ends (its comma, or the line's end); `None` if a
/// quote is in it.
fn unquoted_end(line: &[u8], i: usize) -> Option<usize> {
    for (j, &b) in line[i..].iter().enumerate() {
        match b {
            b',' => return Some(i + j),
            b'"' => return None,
            _ => {}
        }
    }
    Some(line.len())
}

/// Whether [`split_quoted`] splits `line` (a line with a quote): every quoted cell closes on
/// the line, so the line is one whole record, as for the CSV parser.
pub fn well_quoted(line: &[u8]) -> bool {
    let mut i = 0;
    loop {
        if line.get(i) == Some(&b'"') {
            i += 1;
            loop {
                let Some(q) = quote(&line[i..]) else { return false };
                i += q + 1;
                if line.get(i) != Some(&b'"') {
                    break;
                }
                i += 1;
            }
            match line.get(i) {
                None => return true,
                Some(b',') => i += 1,
                Some(_) => return false,
            }
        } else {
            let Some(end) = unquoted_end(line, i) else { return false };
            if end == line.len() {
                return true;
            }
            i = end + 1;
        }
    }
}

/// Reads the next record of `input`, whose end is the end of the data, into `record`, and
/// returns how many bytes it took; `None` when `input` holds no more records. `parser` keeps
/// its state from call to call: the next call reads from where this one stopped.
fn read(parser: &mut Reader, input: &[u8], record: &mut Record) -> Option<usize> {
    let (mut read, mut written, mut ends) = (0, 0, 0);
    record.gap = 0;
    loop {
        if record.bytes.len() == written {
            record.bytes.resize((2 * written).max(1 << 8), 0);
        }
        if record.ends.len() == ends {
            record.ends.resize((2 * ends).max(1 << 4), 0);
        }
        let (result, r, w, e) =
            parser.read_record(&input[read..], &mut record.bytes[written..], &mut record.ends[ends..]);
        (read, written, ends) = (read + r, written + w, ends + e);
        match result {
            ReadRecordResult::Record => {
                record.len = ends;
                return Some(read);
            }
            ReadRecordResult::End => {
                record.len = 0;
                return None;
            }
            // All of `input` was read: the next call passes no input, which tells the parser
            // the data ends there (the last record may have no line end). Full buffers grow at
            // the top of the loop.
            ReadRecordResult::InputEmpty
            | ReadRecordResult::OutputFull
            | ReadRecordResult::OutputEndsFull => {}
        }
    }
}

/// A record's input bytes as they can be written back in place of its cells: without the
/// blank lines before it and its line end. `None` for a last record with no line end and a
/// quote: it may end inside quotes (`4,"sf` at the end of the input), which the parser closes
/// but its bytes do not, so they could not be followed by more cells. A quote left open
/// before a line end (`4,"sf\n` at the end) is not seen here: the caller checks
/// (`chunks::open_quote`).
pub fn as_read(taken: &[u8]) -> Option<&[u8]> {
    let line_end = |b: &u8| matches!(b, b'\r' | b'\n');
    let start = taken.iter().position(|b| !line_end(b)).unwrap_or(taken.len());
    let end = taken.iter().rposition(|b| !line_end(b)).map_or(start, |i| i + 1);
    let ended = end < taken.len();
    (ended || memchr::memchr(b'"', &taken[start..end]).is_none()).then_some(&taken[start..end])
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Each record of `input` as (cells, bytes as read).
    fn records(input: &[u8]) -> Vec<(Vec<String>, Option<String>)> {
        let mut parser = Reader::new();
        let (mut records, mut record) = (Records::new(input, &mut parser), Record::default());
        let mut out = Vec::new();
        while let Some((start, end)) = records.next(&mut parser, &mut record) {
            let cells = (0..record.len()).map(|i| String::from_utf8_lossy(record.get(i).unwrap()).into());
            let raw = as_read(&input[start..end]).map(|r| String::from_utf8_lossy(r).into());
            out.push((cells.collect(), raw));
        }
        out
    }

    #[test]
    fn records_read_as_the_csv_crate_reads_them_with_their_bytes() {
        let input = "a,\"b,c\"\r\n\r\n\n\"d\"\"e\",\"f\ng\"\r\n  \nh,\nlast,\"open";
        let mut want: Vec<Vec<String>> = Vec::new();
        let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(input.as_bytes());
        for record in r.byte_records() {
            want.push(record.unwrap().iter().map(|c| String::from_utf8_lossy(c).into_owned()).collect());
        }
        let got = records(input.as_bytes());
        assert_eq!(got.iter().map(|(c, _)| c.clone()).collect::<Vec<_>>(), want);
        let raw: Vec<_> = got.into_iter().map(|(_, r)| r).collect();
        let raw: Vec<_> = raw.iter().map(Option::as_deref).collect();
        assert_eq!(raw, [Some("a,\"b,c\""), Some("\"d\"\"e\",\"f\ng\""), Some("  "), Some("h,"), None]);
        assert_eq!(records(b"x,\"y\""), [(vec!["x".into(), "y".into()], None)], "no line end, a quote");
        assert_eq!(records(b"x,y"), [(vec!["x".into(), "y".into()], Some("x,y".into()))]);
    }

    #[test]
    fn commas_are_found_where_memchr_finds_them() {
        let mut x: u64 = 7;
        for len in 0..200 {
            for _ in 0..50 {
                let line: Vec<u8> = (0..len)
                    .map(|_| {
                        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                        [b',', b'a', 0xAC, 0x2D, 0x2B, 0, 0xFF, b','][(x >> 61) as usize]
                    })
                    .collect();
                let mut got = Vec::new();
                push_commas(&line, &mut got);
                assert_eq!(got, memchr::memchr_iter(b',', &line).collect::<Vec<_>>(), "{line:?}");
            }
        }
    }

    #[test]
    fn long_records_grow_the_buffers() {
        let long = "x".repeat(5000);
        let line = format!("{long},{}\n", vec!["1"; 100].join(","));
        let got = records(format!("{line}{line}").as_bytes());
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].0.len(), 101);
        assert_eq!(got[1].0[0], long);
        assert_eq!(got[1].1.as_deref(), Some(line.trim_end()));
    }

    #[test]
    fn pushed_fields_read_back_and_blank_lines_are_blank() {
        let mut r = Record::from(&["", "ab", "c"][..]);
        assert_eq!(
            (r.len(), r.get(0), r.get(1), r.get(2), r.get(3)),
            (3, Some(&b""[..]), Some(&b"ab"[..]), Some(&b"c"[..]), None)
        );
        r.clear();
        r.push_field(b" \t");
        assert!(r.blank(b" \t\n"));
        assert!(!r.blank(b"\" \t\"\n"), "quoted: a row of one cell");
        r.push_field(b"");
        assert!(!r.blank(b" \t,\n"));
    }

    proptest! {
        /// Whether a chunk is split at its commas or parsed, its records are the csv crate's.
        #[test]
        fn records_are_the_csv_crates(
            pieces in prop::collection::vec(prop::sample::select(&["a", ",", "\r", "\n", " ", "\t", "\"", "\u{feff}"][..]), 0..40),
        ) {
            let input = pieces.concat().into_bytes();
            let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(&input[..]);
            let want: Vec<Vec<Vec<u8>>> = r.byte_records().map(|x| x.unwrap().iter().map(<[u8]>::to_vec).collect()).collect();
            let mut parser = Reader::new();
            let (mut records, mut record, mut got) = (Records::new(&input, &mut parser), Record::default(), Vec::new());
            while records.next(&mut parser, &mut record).is_some() {
                got.push((0..record.len()).map(|i| record.get(i).unwrap().to_vec()).collect::<Vec<_>>());
            }
            prop_assert_eq!(got, want);
        }

        /// A record written back as read, then more cells: read again (by the csv crate), the
        /// record's own cells, then the new ones; whatever the quoting and line ends.
        #[test]
        fn records_written_as_read_read_back_the_same(
            rows in prop::collection::vec(prop::collection::vec("[a\"b, \r\n\t]{0,6}", 1..5), 1..6),
            always in any::<bool>(),
            crlf in any::<bool>(),
            last_line_end in any::<bool>(),
        ) {
            let style = if always { csv::QuoteStyle::Always } else { csv::QuoteStyle::Necessary };
            let term = if crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') };
            let mut w = csv::WriterBuilder::new().flexible(true).quote_style(style).terminator(term).from_writer(vec![]);
            rows.iter().for_each(|r| w.write_record(r).unwrap());
            let mut input = w.into_inner().unwrap();
            if !last_line_end {
                while input.last().is_some_and(|b| matches!(b, b'\r' | b'\n')) {
                    input.pop();
                }
            }
            let mut parser = Reader::new();
            let (mut records, mut record) = (Records::new(&input, &mut parser), Record::default());
            let mut out = Vec::new();
            let mut want = Vec::new();
            while let Some((start, end)) = records.next(&mut parser, &mut record) {
                let mut cells: Vec<Vec<u8>> = (0..record.len()).map(|i| record.get(i).unwrap().to_vec()).collect();
                if let Some(raw) = as_read(&input[start..end]) {
                    out.extend_from_slice(raw);
                    out.extend_from_slice(b",more\n");
                    cells.push(b"more".to_vec());
                    want.push(cells);
                }
            }
            let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(&out[..]);
            let got: Vec<Vec<Vec<u8>>> = r.byte_records().map(|x| x.unwrap().iter().map(<[u8]>::to_vec).collect()).collect();
            prop_assert_eq!(got, want);
        }
    }
}
