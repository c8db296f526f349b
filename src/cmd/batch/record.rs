//! One input row, reused from row to row, and its cells in the form the memo looks up.

/// Bytes kept after the fields, so a cell of up to 15 bytes can always be read as one
/// 16-byte word.
const PAD: usize = 16;

/// A row's fields, as the resolver and the sink read them: a [`Record`] (copied out of the
/// input), or a [`Line`] (read in place, in the input buffer).
pub trait Fields {
    /// The number of fields.
    fn count(&self) -> usize;

    /// Field `i` as read.
    fn get(&self, i: usize) -> Option<&[u8]>;

    /// The line as read, when the row is one simple line separated by `,` (no quotes, no line
    /// break inside): as CSV, it is its own echo.
    fn line(&self) -> Option<&[u8]>;

    /// Cell `i`, trimmed of blank space; `None` when it is missing or empty.
    fn cell(&self, i: usize) -> Option<Cell<'_>>;
}

/// One simple line in the input buffer: no quote, no line break, fields separated by `,`.
#[derive(Clone, Copy, Debug)]
pub struct Line<'a> {
    /// The line and whatever follows it in the buffer (read ahead when packing a cell).
    bytes: &'a [u8],
    /// Where each field ends; the last one where the line ends.
    ends: &'a [usize],
}

impl<'a> Line<'a> {
    /// The line whose fields end at `ends` (the last at the line's end) at the start of `bytes`.
    pub fn new(bytes: &'a [u8], ends: &'a [usize]) -> Self {
        debug_assert!(ends.last().is_some_and(|&e| e <= bytes.len()));
        Line { bytes, ends }
    }

    /// The line and what follows it in the buffer.
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// Where each field ends; the last one where the line ends.
    pub fn ends(&self) -> &'a [usize] {
        self.ends
    }

    #[inline]
    fn span(&self, i: usize) -> Option<(usize, usize)> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] + 1 };
        Some((start, end))
    }
}

impl Fields for Line<'_> {
    fn count(&self) -> usize {
        self.ends.len()
    }

    fn get(&self, i: usize) -> Option<&[u8]> {
        let (s, e) = self.span(i)?;
        self.bytes.get(s..e)
    }

    fn line(&self) -> Option<&[u8]> {
        self.bytes.get(..*self.ends.last()?)
    }

    #[inline]
    fn cell(&self, i: usize) -> Option<Cell<'_>> {
        let (s, e) = self.span(i)?;
        Cell::at(self.bytes, s, e)
    }
}

impl<'a> Cell<'a> {
    /// The cell at `bytes[s..e]`, trimmed; `None` when empty. Packing reads whole 8-byte
    /// words from the start of the cell when `bytes` has them (and masks off what is past
    /// the cell), else copies the cell.
    #[inline]
    fn at(bytes: &'a [u8], mut s: usize, mut e: usize) -> Option<Cell<'a>> {
        while s < e && bytes[s].is_ascii_whitespace() {
            s += 1;
        }
        while e > s && bytes[e - 1].is_ascii_whitespace() {
            e -= 1;
        }
        let n = e - s;
        if n == 0 {
            return None;
        }
        // Both words read whatever the length (the second is masked to nothing for a cell of
        // 8 bytes or fewer): no branch on a length that changes from row to row.
        let packed = (n < PAD).then(|| {
            let lo = word(bytes, s, n.min(8));
            let hi = word(bytes, s + 8, n.saturating_sub(8));
            (lo, hi | (n as u64) << 56)
        });
        Some(Cell { raw: &bytes[s..e], packed })
    }
}

/// The `n` bytes (0 to 8) at `bytes[s..]` as a little-endian word, zero above them.
#[inline]
pub fn word(bytes: &[u8], s: usize, n: usize) -> u64 {
    let mut w = [0u8; 8];
    match bytes.get(s..s + 8) {
        Some(eight) => w.copy_from_slice(eight),
        None => {
            let tail = bytes.get(s..).unwrap_or_default();
            let n = n.min(tail.len());
            w[..n].copy_from_slice(&tail[..n]);
        }
    }
    u64::from_le_bytes(w) & u64::MAX.checked_shr(64 - 8 * n as u32).unwrap_or(0)
}

/// One row's fields. A simple CSV line is kept as it was read, commas and all (so CSV output
/// can echo it in one copy); the CSV parser writes fields back to back instead.
#[derive(Clone, Debug, Default)]
pub struct Record {
    bytes: Vec<u8>,
    used: usize,
    /// Field ends as the CSV parser writes them (fields back to back).
    ends: Vec<usize>,
    /// Each field's range in `bytes`.
    spans: Vec<(usize, usize)>,
    /// `bytes[..used]` is the line as read, fields separated by `,`.
    line: bool,
}

/// A trimmed, non-empty cell; short ones (15 bytes or fewer) are also packed into two words
/// (bytes 0-7, then bytes 8-14 with the length in the top byte), which hash and compare in
/// a few instructions.
#[derive(Clone, Copy, Debug)]
pub struct Cell<'r> {
    pub raw: &'r [u8],
    pub packed: Option<(u64, u64)>,
}

impl Record {
    /// The number of fields.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<&[u8]> {
        let &(s, e) = self.spans.get(i)?;
        self.bytes.get(s..e)
    }

    pub fn iter(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// The line as read, when the record is one simple line separated by `,`.
    pub fn line(&self) -> Option<&[u8]> {
        if self.line { self.bytes.get(..self.used) } else { None }
    }

    /// Cell `i`, trimmed of blank space; `None` when it is missing or empty.
    pub fn cell(&self, i: usize) -> Option<Cell<'_>> {
        let &(s, e) = self.spans.get(i)?;
        Cell::at(&self.bytes, s, e)
    }

    pub fn clear(&mut self) {
        self.used = 0;
        self.spans.clear();
        self.line = false;
    }

    /// Appends a field (for JSON Lines rows, and tests).
    pub fn push(&mut self, field: &[u8]) {
        self.bytes.truncate(self.used);
        self.bytes.extend_from_slice(field);
        self.spans.push((self.used, self.bytes.len()));
        self.used = self.bytes.len();
        self.line = false;
        self.pad();
    }

    /// Sets the record to `line`, a [`Line`] whose fields end at `ends`.
    pub fn set_fields(&mut self, line: &[u8], ends: &[usize]) {
        self.bytes.clear();
        self.bytes.extend_from_slice(line);
        self.used = line.len();
        self.spans.clear();
        let mut start = 0;
        for &end in ends {
            self.spans.push((start, end));
            start = end + 1;
        }
        self.line = true;
        self.pad();
    }

    /// Sets the record to one simple line, split on `delim`.
    pub fn set_line(&mut self, line: &[u8], delim: u8) {
        self.bytes.clear();
        self.bytes.extend_from_slice(line);
        self.used = line.len();
        self.spans.clear();
        let mut start = 0;
        for (i, &b) in line.iter().enumerate() {
            if b == delim {
                self.spans.push((start, i));
                start = i + 1;
            }
        }
        self.spans.push((start, line.len()));
        self.line = delim == b',';
        self.pad();
    }

    fn pad(&mut self) {
        if self.bytes.len() < self.used + PAD {
            self.bytes.resize(self.used + PAD, 0);
        }
    }

    /// Starts filling the record from the CSV parser.
    pub fn fill(&mut self) -> Fill<'_> {
        self.clear();
        Fill { record: self, fields: 0 }
    }
}

/// A record being filled by the CSV parser, which may need several calls (and more room)
/// for one record.
pub struct Fill<'r> {
    record: &'r mut Record,
    fields: usize,
}

impl Fill<'_> {
    /// Room for the parser's output, grown as needed; `None` past `limit` bytes.
    pub fn room(&mut self, limit: usize) -> Option<(&mut [u8], &mut [usize])> {
        let r = &mut *self.record;
        if r.bytes.len() <= r.used {
            let size = (r.bytes.len() * 2).max(256);
            if size > limit {
                return None;
            }
            r.bytes.resize(size, 0);
        }
        if r.ends.len() <= self.fields {
            let size = (r.ends.len() * 2).max(16);
            if size > limit {
                return None;
            }
            r.ends.resize(size, 0);
        }
        Some((&mut r.bytes[r.used..], &mut r.ends[self.fields..]))
    }

    pub fn advance(&mut self, bytes: usize, fields: usize) {
        self.record.used += bytes;
        self.fields += fields;
    }

    /// The record is complete: make its spans.
    pub fn done(self) {
        let r = self.record;
        let mut start = 0;
        for &end in &r.ends[..self.fields] {
            r.spans.push((start, end));
            start = end;
        }
        r.pad();
    }
}

impl Fields for Record {
    fn count(&self) -> usize {
        self.len()
    }

    fn get(&self, i: usize) -> Option<&[u8]> {
        Record::get(self, i)
    }

    fn line(&self) -> Option<&[u8]> {
        Record::line(self)
    }

    fn cell(&self, i: usize) -> Option<Cell<'_>> {
        Record::cell(self, i)
    }
}

impl<T: AsRef<[u8]>> From<&[T]> for Record {
    fn from(fields: &[T]) -> Self {
        let mut r = Record::default();
        for f in fields {
            r.push(f.as_ref());
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_splits_and_echoes() {
        let mut r = Record::default();
        r.set_line(b"4, sf ,,phd", b',');
        assert_eq!(r.iter().collect::<Vec<_>>(), [&b"4"[..], b" sf ", b"", b"phd"]);
        assert_eq!(r.line(), Some(&b"4, sf ,,phd"[..]));
        assert_eq!(r.cell(1).unwrap().raw, b"sf");
        assert!(r.cell(2).is_none() && r.cell(9).is_none());
        r.clear();
        assert!(r.is_empty() && r.line().is_none());
    }

    #[test]
    fn packed_cells_are_equal_exactly_when_bytes_are() {
        let mut a = Record::default();
        a.set_line(b"sf,sf ,sfo,s,f,sf\0,abcdefghijklmno,abcdefghijklmnop", b',');
        let cells: Vec<Cell> = (0..a.len()).map(|i| a.cell(i).unwrap()).collect();
        assert_eq!(cells[0].packed, cells[1].packed, "trimmed");
        for (i, x) in cells.iter().enumerate() {
            for y in &cells[i + 1..] {
                if x.raw != y.raw {
                    assert_ne!(x.packed, y.packed, "{:?} {:?}", x.raw, y.raw);
                }
            }
        }
        assert!(cells[6].packed.is_some(), "15 bytes pack");
        assert!(cells[7].packed.is_none(), "16 bytes do not");
        let b = Record::from(&["x", "sf"][..]);
        assert_eq!(b.cell(1).unwrap().packed, cells[0].packed, "same bytes, other record, other padding");
    }

    /// A line read in place gives the same fields, cells and packed keys as the same line
    /// copied into a record, whatever follows it in the buffer (or if nothing does).
    #[test]
    fn a_line_in_place_reads_like_a_record() {
        let text = b" 4 ,sf,,abcdefghijklmno,abcdefghijklmnopq, phd";
        let mut ends: Vec<usize> =
            text.iter().enumerate().filter(|(_, b)| **b == b',').map(|(i, _)| i).collect();
        ends.push(text.len());
        let mut record = Record::default();
        record.set_line(text, b',');
        for tail in [&b""[..], b"\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", b"\r\n"] {
            let bytes = [&text[..], tail].concat();
            let line = Line::new(&bytes, &ends);
            assert_eq!(line.count(), record.len());
            assert_eq!(line.line(), Some(&text[..]));
            for i in 0..record.len() + 1 {
                assert_eq!(line.get(i), record.get(i), "{i}");
                let (a, b) = (line.cell(i), record.cell(i));
                assert_eq!(a.map(|c| (c.raw, c.packed)), b.map(|c| (c.raw, c.packed)), "{i}");
            }
        }
        let mut copied = Record::default();
        copied.set_fields(text, &ends);
        assert_eq!(copied.iter().collect::<Vec<_>>(), record.iter().collect::<Vec<_>>());
        assert_eq!(copied.line(), Some(&text[..]));
    }
}
