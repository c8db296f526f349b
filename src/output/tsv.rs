//! TSV as TSV: cells joined by tabs, rows ended by a newline, and no quoting. A tab, newline,
//! carriage return or backslash inside a value is escaped as `\t`, `\n`, `\r` or `\\`, so every
//! line is one row and every tab a column break (`cut -f`, `awk -F'\t'`, and readers of the
//! IANA text/tab-separated-values format with the common escapes).

use std::io::{self, Write};

/// Whether `cell` holds a byte that [`push`] escapes.
#[inline]
pub(crate) fn needs_escape(cell: &[u8]) -> bool {
    cell.iter().any(|&b| matches!(b, b'\t' | b'\n' | b'\r' | b'\\'))
}

/// Appends `cell`, escaped.
#[inline]
pub(crate) fn push(out: &mut Vec<u8>, cell: &[u8]) {
    if !needs_escape(cell) {
        return out.extend_from_slice(cell);
    }
    for &b in cell {
        match b {
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b => out.push(b),
        }
    }
}

/// One row: the cells escaped, joined by tabs, and a newline.
pub(crate) fn row<T: AsRef<[u8]>>(out: &mut Vec<u8>, cells: impl IntoIterator<Item = T>) {
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(b'\t');
        }
        push(out, cell.as_ref());
    }
    out.push(b'\n');
}

/// A row writer for CSV (the csv crate's, quoting as it needs) or TSV (escaping): the one
/// place a command's header and string rows are framed.
// One writer a command, never moved in a loop: the size is no matter.
#[allow(clippy::large_enum_variant)]
pub(crate) enum TableWriter<W: Write> {
    Csv(csv::Writer<W>),
    Tsv(W, Vec<u8>),
}

impl<W: Write> TableWriter<W> {
    pub(crate) fn write_record<T: AsRef<[u8]>>(
        &mut self,
        cells: impl IntoIterator<Item = T>,
    ) -> io::Result<()> {
        match self {
            TableWriter::Csv(w) => w.write_record(cells).map_err(io::Error::other),
            TableWriter::Tsv(w, buf) => {
                buf.clear();
                row(buf, cells);
                w.write_all(buf)
            }
        }
    }

    pub(crate) fn flush(&mut self) -> io::Result<()> {
        match self {
            TableWriter::Csv(w) => w.flush(),
            TableWriter::Tsv(w, _) => w.flush(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_newlines_and_backslashes_are_escaped_and_nothing_is_quoted() {
        let mut out = Vec::new();
        row(&mut out, ["plain", "quo\"te", "a\tb", "two\nlines", "c:\\dir", "cr\r", "a,b", ""]);
        assert_eq!(out, b"plain\tquo\"te\ta\\tb\ttwo\\nlines\tc:\\\\dir\tcr\\r\ta,b\t\n");
        // One line, eight columns.
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.lines().count(), 1);
        assert_eq!(text.trim_end_matches('\n').split('\t').count(), 8);
    }
}
