//! CSV records as the csv crate's parser (`csv_core`) reads them: the [`Record`] a row is read
//! into, a record's bytes as read, where records end and how many lines they take.
//!
//! Batch reads into one reused [`Record`] per chunk, so a row costs the read and nothing else
//! (no positions or UTF-8 bookkeeping, no copy of the input into a reader's own buffer). The
//! read also tells where each record's bytes are, so a good row's input columns can be
//! written back as they were read (see `view::batch`). The fast path around the parser is
//! `fast`.

use csv_core::{ReadRecordResult, Reader};

/// A UTF-8 byte order mark, which the CSV parser drops at the start of its input.
pub(crate) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A row's cells: their bytes, and where each ends. The API is the part of `csv::ByteRecord`'s
/// that batch uses.
#[derive(Clone, Debug, Default)]
pub(crate) struct Record {
    /// The cells' bytes, one after another, or a line that holds them between commas; room
    /// for `csv_core` to write into, so longer than that.
    pub(super) bytes: Vec<u8>,
    /// Where each cell ends in `bytes`; room, so longer than `len`.
    pub(super) ends: Vec<usize>,
    pub(super) len: usize,
    /// The bytes between two cells: none, or a comma.
    pub(super) gap: usize,
}

impl Record {
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn get(&self, i: usize) -> Option<&[u8]> {
        let end = *self.ends[..self.len].get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] + self.gap };
        Some(&self.bytes[start..end])
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.len).filter_map(|i| self.get(i))
    }

    pub(crate) fn clear(&mut self) {
        self.bytes.clear();
        self.ends.clear();
        (self.len, self.gap) = (0, 0);
    }

    /// Appends a cell (after [`Record::clear`], not after a read).
    pub(crate) fn push_field(&mut self, cell: &[u8]) {
        self.bytes.extend_from_slice(cell);
        self.ends.push(self.bytes.len());
        self.len += 1;
    }

    /// A line of blank space only, `raw` as read: it gives no row. The CSV parser skips empty
    /// lines; this skips the others. A line with quotes (`""`) is no blank line but a record
    /// of one empty field (Python's csv module writes one that way): it is a row.
    pub(crate) fn blank(&self, raw: &[u8]) -> bool {
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

/// Reads the next record of `input`, whose end is the end of the data, into `record`, and
/// returns how many bytes it took; `None` when `input` holds no more records. `parser` keeps
/// its state from call to call: the next call reads from where this one stopped.
pub(crate) fn read(parser: &mut Reader, input: &[u8], record: &mut Record) -> Option<usize> {
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
/// ([`open_quote`]).
pub(crate) fn as_read(taken: &[u8]) -> Option<&[u8]> {
    let line_end = |b: &u8| matches!(b, b'\r' | b'\n');
    let start = taken.iter().position(|b| !line_end(b)).unwrap_or(taken.len());
    let end = taken.iter().rposition(|b| !line_end(b)).map_or(start, |i| i + 1);
    let ended = end < taken.len();
    (ended || memchr::memchr(b'"', &taken[start..end]).is_none()).then_some(&taken[start..end])
}

/// Where the records `parser` reads in `buf` end: the first's (with `first`) or the last's.
/// `buf` is not the end of the input, so a record it ends in the middle of is not one.
pub(crate) fn record_ends(parser: &mut Reader, buf: &[u8], first: bool) -> Option<usize> {
    let (mut out, mut ends) = ([0u8; 1 << 12], [0usize; 64]);
    let (mut at, mut last) = (0, None);
    while at < buf.len() {
        let (result, read, _, _) = parser.read_record(&buf[at..], &mut out, &mut ends);
        at += read;
        match result {
            ReadRecordResult::Record if first => return Some(at),
            ReadRecordResult::Record => last = Some(at),
            ReadRecordResult::InputEmpty | ReadRecordResult::End => break,
            ReadRecordResult::OutputFull | ReadRecordResult::OutputEndsFull => {}
        }
    }
    last
}

/// `end` is just past a line end in `buf`: where that line end starts (both bytes of a
/// `\r\n`).
pub(crate) fn before_line_end(buf: &[u8], end: usize) -> usize {
    end - 1 - usize::from(end >= 2 && buf[end - 1] == b'\n' && buf[end - 2] == b'\r')
}

/// Whether `record`, the input's last, ends inside a quoted field: a quote left open, which
/// RFC 4180 readers (Python's `csv` too) run to the end of the input, swallowing every line
/// after it.
pub(crate) fn open_quote(parser: &mut Reader, record: &[u8]) -> bool {
    // A line end after it closes the record, unless a quote is open.
    parser.reset();
    memchr::memchr(b'"', record).is_some()
        && record_ends(parser, record, true).is_none()
        && record_ends(parser, b"\n", true).is_none()
}

/// The line ends in `bytes` as CSV readers see them: `\n`, `\r\n` or a lone `\r` (an old
/// Mac's), each one line end. For line numbers in messages.
pub(crate) fn line_ends(bytes: &[u8]) -> u64 {
    let lone_crs = memchr::memchr_iter(b'\r', bytes).filter(|&i| bytes.get(i + 1) != Some(&b'\n'));
    memchr::memchr_iter(b'\n', bytes).count() as u64 + lone_crs.count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
