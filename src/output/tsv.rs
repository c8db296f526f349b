//! TSV as TSV: cells joined by tabs, rows ended by a newline, and no quoting. A tab, newline,
//! carriage return or backslash inside a value is escaped as `\t`, `\n`, `\r` or `\\`, so every
//! line is one row and every tab a column break (`cut -f`, `awk -F'\t'`, and readers of the
//! IANA text/tab-separated-values format with the common escapes).

use std::io::Write;

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

/// TSV as TSV ([`super::tsv`]): no quoting, escapes.
pub(crate) struct TsvSink<W: Write>(W, Vec<u8>);

impl<W: Write> TsvSink<W> {
    pub(crate) fn new(w: W) -> Self {
        TsvSink(w, Vec::new())
    }
}

impl<W: Write> super::sink::Sink for TsvSink<W> {
    fn begin(&mut self, columns: &[&str]) -> anyhow::Result<()> {
        self.record(columns)
    }
    fn record(&mut self, cells: &[&str]) -> anyhow::Result<()> {
        self.1.clear();
        row(&mut self.1, cells);
        Ok(self.0.write_all(&self.1)?)
    }
    fn rendered(&mut self, rows: &[u8]) -> anyhow::Result<()> {
        Ok(self.0.write_all(rows)?)
    }
    fn flush(&mut self) -> anyhow::Result<()> {
        Ok(self.0.flush()?)
    }
    fn end(&mut self) -> anyhow::Result<()> {
        Ok(self.0.flush()?)
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
