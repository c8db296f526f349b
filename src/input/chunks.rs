//! The input in chunks of whole records, so each can be read on its own (by another thread).

use std::io::Read;

use super::InputFormat;
use super::fast::record_end;
use super::record::{BOM, before_line_end, line_ends, record_ends};
use crate::error::Error;

/// The largest chunk grown to find the end of a record (a quoted field may be long). A record
/// longer than this is skipped, and handed out as a [`Piece::TooLong`] (its row's error).
pub(crate) const MAX_CHUNK: usize = 1 << 24;

/// Input per chunk: large enough to amortise handing it over, small enough to keep memory low.
/// Memory is about the chunks in flight (two per worker, with their output), so it grows with
/// the workers: at 256 KiB a chunk, a pay review (whose output is twice its input) took 15.6
/// MiB with 4 workers; at 128 KiB, 11.9 MiB, and no slower (1M rows of `gen_hr.py --pay`).
/// Under `cargo fuzz` (which sets `cfg(fuzzing)`) chunks are tiny, so that the fuzzer's small
/// inputs are cut, and handed to several threads, as a large file is.
const CHUNK: usize = if cfg!(fuzzing) { 1 << 6 } else { 1 << 17 };

/// What the input is cut into.
#[derive(Debug, PartialEq)]
pub(crate) enum Piece {
    /// Whole records.
    Records(Vec<u8>),
    /// One record longer than [`MAX_CHUNK`], read past and not kept: the line it starts on
    /// (from 1, in this piece) and the line ends it holds, blank lines before it included.
    TooLong { line: u64, newlines: u64 },
}

pub(crate) struct Chunks<R> {
    reader: R,
    /// The input's name, for read errors.
    name: String,
    /// Read but not yet handed out.
    buf: Vec<u8>,
    eof: bool,
    /// CSV, where a quoted field may hold a line break; else JSON Lines.
    csv: bool,
    /// To find where CSV records end, when there are quotes.
    parser: csv_core::Reader,
}

impl<R: Read> Chunks<R> {
    pub(crate) fn new(reader: R, name: String) -> Self {
        Chunks { reader, name, buf: Vec::new(), eof: false, csv: true, parser: csv_core::Reader::new() }
    }

    /// Drops a UTF-8 BOM and decides the format, unless `forced`: JSON Lines if the first
    /// byte that is not blank space is `{`, CSV otherwise.
    pub(crate) fn sniff(&mut self, forced: Option<InputFormat>) -> Result<InputFormat, Error> {
        self.fill(CHUNK)?;
        if self.buf.starts_with(BOM) {
            self.buf.drain(..BOM.len());
        }
        // Blank lines first, however many: read on to the first byte that is not blank.
        let mut first = self.buf.iter().position(|b| !b.is_ascii_whitespace());
        while first.is_none() && !self.eof && self.buf.len() < MAX_CHUNK {
            let seen = self.buf.len();
            self.fill(2 * seen)?;
            first = self.buf[seen..].iter().position(|b| !b.is_ascii_whitespace()).map(|i| seen + i);
        }
        let first = first.map(|i| &self.buf[i]);
        let format =
            forced.unwrap_or(if first == Some(&b'{') { InputFormat::Jsonl } else { InputFormat::Csv });
        self.csv = matches!(format, InputFormat::Csv | InputFormat::Tsv);
        Ok(format)
    }

    /// Whether the input is a JSON array of objects (`[` then `{` or `]`, as `batch -f json`
    /// writes), which is neither CSV nor JSON Lines.
    pub(crate) fn json_array(&self) -> bool {
        let mut bytes = self.buf.iter().filter(|b| !b.is_ascii_whitespace());
        bytes.next() == Some(&b'[') && matches!(bytes.next(), Some(b'{' | b']') | None)
    }

    /// The rest of the input, whole: for the formats read whole (`convert`).
    pub(crate) fn rest(&mut self) -> Result<Vec<u8>, Error> {
        while !self.eof {
            let want = self.buf.len().max(CHUNK) * 2;
            self.fill(want)?;
        }
        Ok(std::mem::take(&mut self.buf))
    }

    /// Whether the input is JSON objects over several lines each (`estimate --format json`).
    pub(crate) fn pretty_json(&self) -> bool {
        super::convert::pretty_json(&self.buf)
    }

    /// Whether the input's first line has a tab and no comma: a TSV header.
    pub(crate) fn tsv(&self) -> bool {
        super::convert::looks_like_tsv(&self.buf)
    }

    /// Whether the input starts with a UTF-16 byte order mark (Excel's "Unicode text"): it is
    /// not UTF-8, which is all a reader of it may assume.
    pub(crate) fn utf16(&self) -> bool {
        self.buf.starts_with(b"\xFF\xFE") || self.buf.starts_with(b"\xFE\xFF")
    }

    /// Reads until `want` bytes are waiting or the input ends.
    fn fill(&mut self, want: usize) -> Result<(), Error> {
        let more = want.saturating_sub(self.buf.len());
        if more > 0 && !self.eof {
            // Room first: the reads go straight in, in few large reads, with no reallocation.
            self.buf.reserve(more);
            let read = (&mut self.reader).take(more as u64).read_to_end(&mut self.buf);
            let n = read.map_err(|source| Error::Io { path: self.name.clone(), source })?;
            self.eof = n < more;
        }
        Ok(())
    }

    /// The next piece: whole records, ending where a record ends (the last may end without a
    /// line end), or a record too long to keep.
    pub(crate) fn next(&mut self) -> Result<Option<Piece>, Error> {
        let mut want = CHUNK;
        loop {
            self.fill(want)?;
            if self.buf.is_empty() {
                return Ok(None);
            }
            let end = if self.eof {
                Some(self.buf.len())
            } else {
                record_end(&mut self.parser, &self.buf, self.csv)
            };
            match end {
                Some(end) => {
                    let rest = self.buf[end..].to_vec();
                    self.buf.truncate(end);
                    return Ok(Some(Piece::Records(std::mem::replace(&mut self.buf, rest))));
                }
                None if want < MAX_CHUNK => want *= 2,
                None => return self.skip().map(Some),
            }
        }
    }

    /// The line ends in `bytes`: [`line_ends`] for CSV, line feeds for JSON Lines.
    pub(crate) fn lines(&self, bytes: &[u8]) -> u64 {
        match self.csv {
            true => line_ends(bytes),
            false => memchr::memchr_iter(b'\n', bytes).count() as u64,
        }
    }

    /// Reads past the record at the start of the input, longer than [`MAX_CHUNK`] (a quote
    /// left open, a runaway line), keeping only a chunk of it at a time: it becomes its row's
    /// error, and the records after it are read as usual.
    fn skip(&mut self) -> Result<Piece, Error> {
        let blank = |b: &u8| if self.csv { matches!(b, b'\r' | b'\n') } else { b.is_ascii_whitespace() };
        let mut lead = self.buf.iter().take_while(|b| blank(b)).count();
        let line = 1 + self.lines(&self.buf[..lead]);
        let (mut newlines, mut cr) = (0, false);
        self.parser.reset();
        loop {
            let end = match self.csv {
                true => record_ends(&mut self.parser, &self.buf, true),
                // The line feeds before the line are not its end.
                false => memchr::memchr(b'\n', &self.buf[lead..]).map(|i| lead + i + 1),
            };
            lead = 0;
            // Up to the record's line end, which stays, as [`record_end`] leaves it.
            let cut = end.map_or(self.buf.len(), |end| before_line_end(&self.buf, end));
            // A `\r` ending the last part and a `\n` starting this one are one line end.
            newlines += self.lines(&self.buf[..cut]);
            newlines -= u64::from(cr && self.buf.first() == Some(&b'\n'));
            cr = self.csv && self.buf[..cut].ends_with(b"\r");
            self.buf.drain(..cut);
            if end.is_none() && !self.eof {
                self.fill(CHUNK)?;
            }
            if end.is_some() || self.buf.is_empty() {
                return Ok(Piece::TooLong { line, newlines });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::record::open_quote;

    /// A cut is just before the line end of the last whole record: the next piece starts
    /// with that line end.
    #[test]
    fn records_end_at_a_line_feed_but_never_inside_quotes() {
        assert_eq!(record_end(&mut csv_core::Reader::new(), b"4,sf\n5,nyc\n6,la", true), Some(10));
        assert_eq!(record_end(&mut csv_core::Reader::new(), b"4,\"s\nf\"\n5,\"ny\nc", true), Some(7));
        assert_eq!(record_end(&mut csv_core::Reader::new(), b"4,\"s\nf", true), None);
        assert_eq!(
            record_end(&mut csv_core::Reader::new(), b"\n4,\"s\nf", true),
            None,
            "the line end before a record is no cut"
        );
        assert_eq!(
            record_end(&mut csv_core::Reader::new(), b"{\"a\":\"\\\"\"}\n{", false),
            Some(10),
            "JSON Lines: any line feed"
        );
    }

    #[test]
    fn a_lone_carriage_return_ends_a_record_but_a_cut_never_splits_a_crlf() {
        assert_eq!(
            record_end(&mut csv_core::Reader::new(), b"4,sf\r5,nyc\r6", true),
            Some(10),
            "an old Mac's line ends"
        );
        assert_eq!(record_end(&mut csv_core::Reader::new(), b"4,sf\r5,\"n\ryc\"\r6", true), Some(13));
        for quote in ["", "\""] {
            for end in ["\r", "\r\n"] {
                let text = format!("4,{quote}sf{quote}\r\n5,nyc{end}");
                assert_eq!(
                    record_end(&mut csv_core::Reader::new(), text.as_bytes(), true),
                    Some(text.len() - end.len()),
                    "{text:?}"
                );
            }
        }
        for (record, open) in [
            (&b"4,\"sf"[..], true),
            (b"4,\"sf\n5,nyc\n", true),
            (b"4,\"s\"\"f", true),
            (b"4,\"sf\"", false),
            (b"4,\"sf\"\r\n", false),
            (b"4, \"sf", false),
            (b"4,s\"f\n", false),
            (b"\"\"", false),
        ] {
            assert_eq!(
                open_quote(&mut csv_core::Reader::new(), record),
                open,
                "{:?}",
                String::from_utf8_lossy(record)
            );
        }
        assert_eq!(line_ends(b"a\rb\r\nc\nd\r\re\n\rf"), 7);
        assert_eq!(line_ends(b"a\r"), 1);
    }

    /// A record longer than the limit is read past, a chunk at a time, counting its lines: a
    /// `\r\n` split between two reads is one line end, and so is the one ending the record.
    #[test]
    fn a_record_over_the_limit_is_read_past() {
        let mut text = b"\r\n\n4,\"".to_vec();
        text.resize(MAX_CHUNK - 1, b'x');
        text.extend_from_slice(b"\r\nx\ry\"\r\n5,sf\n");
        let mut chunks = Chunks::new(&text[..], "t".into());
        assert_eq!(chunks.sniff(None).unwrap(), InputFormat::Csv);
        assert_eq!(chunks.next().unwrap(), Some(Piece::TooLong { line: 3, newlines: 4 }));
        assert_eq!(chunks.next().unwrap(), Some(Piece::Records(b"\r\n5,sf\n".to_vec())));
        assert_eq!(chunks.next().unwrap(), None);
        let mut text = b"{\"a\":\"".to_vec();
        text.resize(MAX_CHUNK + 10, b'x');
        let mut chunks = Chunks::new(&text[..], "t".into());
        chunks.sniff(None).unwrap();
        assert_eq!(chunks.next().unwrap(), Some(Piece::TooLong { line: 1, newlines: 0 }), "to the end");
        assert_eq!(chunks.next().unwrap(), None);
        let mut text = b"\n \n{\"a\":\"".to_vec();
        text.resize(MAX_CHUNK + 10, b'x');
        text.extend_from_slice(b"\"}\n{}\n");
        let mut chunks = Chunks::new(&text[..], "t".into());
        assert_eq!(chunks.sniff(None).unwrap(), InputFormat::Jsonl);
        assert_eq!(chunks.next().unwrap(), Some(Piece::Records(b"\n ".to_vec())), "blank lines first");
        assert_eq!(chunks.next().unwrap(), Some(Piece::TooLong { line: 2, newlines: 1 }));
        assert_eq!(chunks.next().unwrap(), Some(Piece::Records(b"\n{}\n".to_vec())));
    }

    #[test]
    fn chunks_cover_the_input_in_order_after_a_bom() {
        let mut text = b"\xEF\xBB\xBFyears,city\n".to_vec();
        for i in 0..100_000 {
            text.extend_from_slice(format!("{i},\"a\nb\",x\n").as_bytes());
        }
        let mut chunks = Chunks::new(&text[..], "t".into());
        assert_eq!(chunks.sniff(None).unwrap(), InputFormat::Csv);
        let mut joined = Vec::new();
        let mut n = 0;
        while let Some(Piece::Records(chunk)) = chunks.next().unwrap() {
            assert!(chunk.ends_with(b",x") || chunk.ends_with(b"x\n"), "whole records");
            assert!(n == 0 || chunk.starts_with(b"\n"), "after the first, from a line end");
            joined.extend_from_slice(&chunk);
            n += 1;
        }
        assert!(n > 4, "{n} chunks");
        assert_eq!(joined, text[BOM.len()..]);
        let mut chunks = Chunks::new(&b"\xEF\xBB\xBF\n {\"a\":1}"[..], "t".into());
        assert_eq!(chunks.sniff(None).unwrap(), InputFormat::Jsonl);
        assert_eq!(chunks.next().unwrap(), Some(Piece::Records(b"\n {\"a\":1}".to_vec())));
    }
}
