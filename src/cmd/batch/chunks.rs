//! The input in chunks of whole records, so each can be read on its own (by another thread).

use std::io::Read;

use super::Problem;
use crate::cli::InputFormat;
use crate::error::Error;

/// Input per chunk: large enough to amortise handing it over, small enough to keep memory low.
const CHUNK: usize = 1 << 18;

/// The largest chunk grown to find the end of a record (a quoted field may be long).
pub const MAX_CHUNK: usize = 1 << 24;

const BOM: &[u8] = b"\xEF\xBB\xBF";

pub struct Chunks<R> {
    reader: R,
    /// The input's name, for read errors.
    name: String,
    /// Read but not yet handed out.
    buf: Vec<u8>,
    eof: bool,
    /// CSV, where a quoted field may hold a line break; else JSON Lines.
    csv: bool,
}

impl<R: Read> Chunks<R> {
    pub fn new(reader: R, name: String) -> Self {
        Chunks { reader, name, buf: Vec::new(), eof: false, csv: true }
    }

    /// Drops a UTF-8 BOM and decides the format, unless `forced`: JSON Lines if the first
    /// byte that is not blank space is `{`, CSV otherwise.
    pub fn sniff(&mut self, forced: Option<InputFormat>) -> Result<InputFormat, Error> {
        self.fill(CHUNK)?;
        if self.buf.starts_with(BOM) {
            self.buf.drain(..BOM.len());
        }
        let first = self.buf.iter().find(|b| !b.is_ascii_whitespace());
        let format =
            forced.unwrap_or(if first == Some(&b'{') { InputFormat::Jsonl } else { InputFormat::Csv });
        self.csv = format == InputFormat::Csv;
        Ok(format)
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

    /// The next chunk: whole records, ending where a record ends (the last chunk may end
    /// without a line end).
    pub fn next(&mut self) -> anyhow::Result<Option<Vec<u8>>> {
        let mut want = CHUNK;
        loop {
            self.fill(want)?;
            if self.buf.is_empty() {
                return Ok(None);
            }
            let end = if self.eof { Some(self.buf.len()) } else { record_end(&self.buf, self.csv) };
            match end {
                Some(end) => {
                    let rest = self.buf[end..].to_vec();
                    self.buf.truncate(end);
                    return Ok(Some(std::mem::replace(&mut self.buf, rest)));
                }
                None if want < MAX_CHUNK => want *= 2,
                None => return Err(Problem::TooLong.into()),
            }
        }
    }
}

/// Where the last whole record in `buf` ends (`buf` starts at a record): after the last line
/// feed, unless a quote may hide one inside a CSV field; the CSV parser decides then.
fn record_end(buf: &[u8], csv: bool) -> Option<usize> {
    if !csv || memchr::memchr(b'"', buf).is_none() {
        return memchr::memrchr(b'\n', buf).map(|i| i + 1);
    }
    let mut parser = csv_core::Reader::new();
    let (mut out, mut ends) = ([0u8; 1 << 12], [0usize; 64]);
    let (mut at, mut last) = (0, None);
    loop {
        let (result, read, _, _) = parser.read_record(&buf[at..], &mut out, &mut ends);
        at += read;
        match result {
            csv_core::ReadRecordResult::Record => last = Some(at),
            csv_core::ReadRecordResult::InputEmpty | csv_core::ReadRecordResult::End => return last,
            csv_core::ReadRecordResult::OutputFull | csv_core::ReadRecordResult::OutputEndsFull => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_end_after_a_line_feed_but_never_inside_quotes() {
        assert_eq!(record_end(b"4,sf\n5,nyc\n6,la", true), Some(11));
        assert_eq!(record_end(b"4,\"s\nf\"\n5,\"ny\nc", true), Some(8));
        assert_eq!(record_end(b"4,\"s\nf", true), None);
        assert_eq!(record_end(b"{\"a\":\"\\\"\"}\n{", false), Some(11), "JSON Lines: any line feed");
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
        while let Some(chunk) = chunks.next().unwrap() {
            assert!(chunk.ends_with(b"x\n"), "whole records");
            joined.extend_from_slice(&chunk);
            n += 1;
        }
        assert!(n > 4, "{n} chunks");
        assert_eq!(joined, text[BOM.len()..]);
        let mut chunks = Chunks::new(&b"\xEF\xBB\xBF\n {\"a\":1}"[..], "t".into());
        assert_eq!(chunks.sniff(None).unwrap(), InputFormat::Jsonl);
        assert_eq!(chunks.next().unwrap().unwrap(), b"\n {\"a\":1}");
    }
}
