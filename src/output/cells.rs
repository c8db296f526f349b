//! CSV cells written with the csv crate's quoting rules (TSV cells escaped), into a byte buffer: for batch,
//! which writes its rows a chunk at a time into memory and in order (`view::batch`).

use csv_core::{Writer, WriterBuilder};

/// Writes cells as `csv::Writer` would: quoted when the csv crate's writer says a cell needs
/// it, and then escaped by that writer, for the output's delimiter.
#[derive(Debug)]
pub(crate) struct Cells {
    rules: Writer,
}

impl Cells {
    pub(crate) fn new(delimiter: u8) -> Self {
        Cells { rules: WriterBuilder::new().delimiter(delimiter).build() }
    }

    pub(crate) fn delimiter(&self) -> u8 {
        self.rules.get_delimiter()
    }

    /// Appends `cell`, quoted if need be (CSV), escaped if need be (TSV: see `output::tsv`).
    pub(crate) fn push(&self, out: &mut Vec<u8>, cell: &[u8]) {
        if self.delimiter() == b'\t' {
            return super::tsv::push(out, cell);
        }
        if !self.rules.should_quote(cell) {
            return out.extend_from_slice(cell);
        }
        // A cell that needs quotes is rare (a message, a name with a comma): a fresh writer
        // (its state is per cell) writes the quotes and escapes, in at most 2 + 2n bytes.
        let mut writer = self.rules.clone();
        let at = out.len();
        out.resize(at + 2 * cell.len() + 2, 0);
        let (_, _, n) = writer.field(cell, &mut out[at..]);
        let (_, closing) = writer.finish(&mut out[at + n..]);
        out.truncate(at + n + closing);
    }

    /// Appends a delimiter, then `cell`.
    pub(crate) fn push_next(&self, out: &mut Vec<u8>, cell: &[u8]) {
        out.push(self.delimiter());
        self.push(out, cell);
    }

    /// `cells` as one string, each after a delimiter: cells every row shares, quoted once.
    pub(crate) fn joined<'c>(&self, cells: impl IntoIterator<Item = &'c [u8]>) -> Vec<u8> {
        let mut out = Vec::new();
        cells.into_iter().for_each(|c| self.push_next(&mut out, c));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_as_csv_writer_quotes_them() {
        {
            let delimiter = b',';
            let cells = Cells::new(delimiter);
            let row: [&[u8]; 7] = [b"plain", b"a,b", b"a\tb", b"say \"hi\"", b"two\nlines", b"", b"\xff"];
            let mut got = Vec::new();
            cells.push(&mut got, row[0]);
            row[1..].iter().for_each(|c| cells.push_next(&mut got, c));
            got.push(b'\n');
            let mut want = csv::WriterBuilder::new().delimiter(delimiter).from_writer(Vec::new());
            want.write_record(row).unwrap();
            assert_eq!(got, want.into_inner().unwrap(), "{}", delimiter as char);
        }
        assert_eq!(Cells::new(b',').joined([&b"2024"[..], b"x,y"]), b",2024,\"x,y\"");
    }
}
