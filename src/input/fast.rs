//! The fast path: CSV read without the csv crate's parser wherever the bytes allow it, and
//! the property tests that hold it to the csv crate.
//!
//! A line with no quote is a record, its cells between the commas ([`push_commas`]); a line
//! whose quoted cells each close on it is split by [`split_quoted`]; any other line, and a
//! chunk that starts with a byte order mark, goes to `csv_core` (`record::read`). A chunk's
//! last whole record ends at its last line end when it has no quote ([`record_end`]), else
//! where [`quoted_record_end`] finds it, line by line, then by the parser.

use csv_core::Reader;

use super::record::{BOM, Record, as_read, before_line_end, read, record_ends};

/// The records of a chunk of CSV (whole records), each with where its bytes are. A line with
/// no quote needs no CSV parser: it is a record, its cells between the commas, found for about
/// 60% of the parser's instructions. A line with a quote (which may open a field that runs on
/// over line ends) is read from its start by `csv_core`, and so is every record of a chunk
/// that starts with a byte order mark (which the parser drops): the caller's parser, whose
/// state machine costs more to build than a hundred rows to read, so it is built once and
/// reset. So a file where some cells are quoted (`"$152,500"` in one row of six) is read at
/// the plain speed, but for those rows: each chunk used to go to the parser whole once it held
/// one quote.
pub(crate) struct Records<'c> {
    chunk: &'c [u8],
    at: usize,
    /// Where the first quote at or after `at` is (the chunk's length when there is none), so
    /// that a chunk is searched for quotes once, not each line.
    quote: usize,
    /// Every record goes to the parser.
    parsed: bool,
    /// The last record was a line with no quote, and its bytes (from `next`) are the line
    /// without its end: as read, they are written back as they are ([`Records::as_read`]).
    plain: bool,
}

impl<'c> Records<'c> {
    pub(crate) fn new(chunk: &'c [u8], parser: &mut Reader) -> Self {
        parser.reset();
        let parsed = chunk.starts_with(b"\xEF\xBB\xBF");
        let quote = memchr::memchr(b'"', chunk).unwrap_or(chunk.len());
        Records { chunk, at: 0, quote, parsed, plain: false }
    }

    /// The bytes of the record `next` gave at `start..end`, as they can be written back
    /// (`record::as_read`). A line with no quote is its bytes as they are, with no search for
    /// a quote or a line end in them again (a `memchr` call a row).
    pub(crate) fn as_read(&self, start: usize, end: usize) -> Option<&'c [u8]> {
        match self.plain {
            true => Some(&self.chunk[start..end]),
            false => as_read(&self.chunk[start..end]),
        }
    }

    /// Reads the next record into `record`, and returns where its bytes are in the chunk:
    /// with the blank lines before it and its line end, or without them. `None` after the last.
    pub(crate) fn next(&mut self, parser: &mut Reader, record: &mut Record) -> Option<(usize, usize)> {
        let start = self.at;
        self.plain = false;
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
                push_commas(line, 0, &mut record.ends);
                record.ends.push(len);
                (record.len, record.gap) = (record.ends.len(), 1);
                self.plain = true;
                return Some((start, start + len));
            }
        }
        None
    }
}

/// Appends where each comma of `line` is, counted from `base`: eight bytes at a time, each
/// comma found by bit arithmetic (a third faster than `memchr_iter` on the short lines of a
/// CSV file, where each of its calls finds one comma ten bytes on).
#[inline]
fn push_commas(line: &[u8], base: usize, ends: &mut Vec<usize>) {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const COMMAS: u64 = u64::from_le_bytes([b','; 8]);
    let mut words = line.chunks_exact(8);
    let mut at = base;
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
///
/// As for a line with no quote, a comma stays between two cells (the record's gap), so the
/// unquoted cells up to the next quote (most of a line: `E17,ana,sf,4,"$152,500",E3`) are
/// copied in one piece and their ends found by [`push_commas`]; cell by cell, a line with a
/// quote cost four times as much.
pub(crate) fn split_quoted(line: &[u8], record: &mut Record) -> bool {
    record.clear();
    record.gap = 1;
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
            match line.get(i) {
                None => break,
                Some(b',') => record.bytes.push(b','),
                Some(_) => return false,
            }
            i += 1;
        } else {
            // Unquoted cells, up to a quote that starts a cell (after a comma) or the line's end.
            let rest = &line[i..];
            let run = memchr::memchr(b'"', rest).unwrap_or(rest.len());
            if run < rest.len() && rest[run - 1] != b',' {
                return false;
            }
            push_commas(&rest[..run], record.bytes.len(), &mut record.ends);
            record.bytes.extend_from_slice(&rest[..run]);
            if run == rest.len() {
                record.ends.push(record.bytes.len());
                break;
            }
            // The comma before the quote ended the cell before it, and stays as the gap.
            i += run;
        }
    }
    record.len = record.ends.len();
    true
}

/// Where the first quote of `cell` is. Byte by byte: the cells of a line are a few bytes long,
/// where a call to `memchr` costs more than it finds.
fn quote(cell: &[u8]) -> Option<usize> {
    cell.iter().position(|&b| b == b'"')
}

/// Where to cut `buf` (which starts at a record, or at the line end before one) so that the
/// piece before the cut holds whole records: just before the line end of the last record that
/// ends in `buf`. A line end is a line feed, and in CSV a lone `\r` too (as for csv and
/// Python); in CSV a quote may hide one inside a field, and the CSV parser decides then. The
/// next piece starts with that line end, which readers skip as an empty line: so no cut
/// splits a `\r\n` (each piece counts its own lines, `record::line_ends`), and no piece but the
/// first starts with a record, whose first bytes a CSV reader would drop if they looked like
/// a byte order mark. `None` when no record ends in `buf`.
pub(crate) fn record_end(parser: &mut Reader, buf: &[u8], csv: bool) -> Option<usize> {
    let end = if !csv {
        memchr::memrchr(b'\n', buf)? + 1
    } else if memchr::memchr(b'"', buf).is_none() {
        memchr::memrchr2(b'\n', b'\r', buf)? + 1
    } else {
        quoted_record_end(parser, buf)?
    };
    Some(before_line_end(buf, end)).filter(|&cut| cut > 0)
}

/// The end of the last record of `buf` (which starts at a record, or at the line end before
/// one), a CSV chunk with quotes: line by line while each line is a whole record (no quote, or
/// quoted cells that close on the line, as [`split_quoted`] splits them), then by the CSV parser from
/// the first line that is not. So a file with some quoted cells costs a scan for line ends
/// and quotes, not a parse of every byte.
fn quoted_record_end(parser: &mut Reader, buf: &[u8]) -> Option<usize> {
    let (mut at, mut last) = (0, None);
    let mut quote = memchr::memchr(b'"', buf).unwrap_or(buf.len());
    // Where a line's cells are split, to see whether they can be: once a chunk, not a line.
    let mut scratch = Record::default();
    while let Some(len) = memchr::memchr2(b'\n', b'\r', &buf[at..]) {
        let line = &buf[at..at + len];
        // The next quote, searched for once per quote, not per line.
        if quote < at {
            quote = memchr::memchr(b'"', &buf[at..]).map_or(buf.len(), |i| at + i);
        }
        // A byte order mark first is the parser's to drop (as `Records` leaves it).
        let bom = at == 0 && buf.starts_with(BOM);
        if bom || (quote < at + len && !split_quoted(line, &mut scratch)) {
            parser.reset();
            // Past the start, a byte order mark is data: a fresh parser would drop it.
            if at > 0 && buf[at..].starts_with(BOM) {
                let _ = parser.read_record(b"\n", &mut [0; 1], &mut [0; 1]);
            }
            return record_ends(parser, &buf[at..], false).map(|end| at + end).or(last);
        }
        at += len + 1;
        // An empty line is no record (the parser skips it).
        if len > 0 {
            last = Some(at);
        }
    }
    last
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn records(input: &[u8]) -> Vec<(Vec<String>, Option<String>)> {
        let mut parser = Reader::new();
        let (mut records, mut record) = (Records::new(input, &mut parser), Record::default());
        let mut out = Vec::new();
        while let Some((start, end)) = records.next(&mut parser, &mut record) {
            let cells = (0..record.len()).map(|i| String::from_utf8_lossy(record.get(i).unwrap()).into());
            let raw = as_read(&input[start..end]).map(|r| String::from_utf8_lossy(r).into());
            assert_eq!(records.as_read(start, end), as_read(&input[start..end]), "{start}..{end}");
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
                push_commas(&line, len, &mut got);
                assert_eq!(
                    got,
                    memchr::memchr_iter(b',', &line).map(|i| len + i).collect::<Vec<_>>(),
                    "{line:?}"
                );
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
                // As the record's reader knows them, which are those the bytes give.
                prop_assert_eq!(records.as_read(start, end), as_read(&input[start..end]));
                if let Some(raw) = records.as_read(start, end) {
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

        /// Line by line where it can, the last record's end is the CSV parser's.
        #[test]
        fn quoted_chunks_end_where_the_parser_says(
            pieces in prop::collection::vec(prop::sample::select(&["a", ",", "\r", "\n", " ", "\"", "\"\"", "\u{feff}"][..]), 0..40),
        ) {
            let input = pieces.concat().into_bytes();
            let mut parser = csv_core::Reader::new();
            let want = record_ends(&mut parser, &input, false);
            prop_assert_eq!(quoted_record_end(&mut parser, &input), want);
        }
    }
}
