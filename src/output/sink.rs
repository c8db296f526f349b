//! The sink interface: one writer per format, fed the same way by every command.
//!
//! A sink is told its columns once ([`Sink::begin`]), then gets one record at a time
//! ([`Sink::record`]: the cells as text, as CSV would hold them), then [`Sink::end`]. The sink
//! owns all framing: a header row, quoting and escapes, brackets and separators, line ends, a
//! workbook's sheets and styles. The cells are text so that a record's figures are formatted
//! once, in the view (`output::Num`, `output::Whole`), and every sink shows the same figures;
//! a sink that has types (the workbook) reads them back by column ([`xlsx`](super::xlsx)).
//!
//! Today the workbook is its user ([`xlsx::Book`](super::xlsx::Book)); [`CsvSink`] and
//! [`TsvSink`] show the existing formats on it (byte for byte what `Rows` and `table_writer`
//! write), ready for the formats still framed in `output::emit`, the batch view and the
//! commands to move onto it (issue 25, item 1).

use std::io::Write;

/// One output format's writer. See the module documentation.
pub(crate) trait Sink {
    /// Starts the output (a table, a sheet) with these column names.
    fn begin(&mut self, columns: &[&str]) -> anyhow::Result<()>;
    /// One record: its cells in the columns' order (an empty cell is `""`).
    fn record(&mut self, cells: &[&str]) -> anyhow::Result<()>;
    /// Ends the output begun: closes what `begin` opened and flushes.
    fn end(&mut self) -> anyhow::Result<()>;
}

/// CSV through the csv crate, quoting as it needs.
pub(crate) struct CsvSink<W: Write>(csv::Writer<W>);

impl<W: Write> CsvSink<W> {
    pub(crate) fn new(w: W) -> Self {
        CsvSink(csv::WriterBuilder::new().has_headers(false).from_writer(w))
    }
}

impl<W: Write> Sink for CsvSink<W> {
    fn begin(&mut self, columns: &[&str]) -> anyhow::Result<()> {
        Ok(self.0.write_record(columns)?)
    }
    fn record(&mut self, cells: &[&str]) -> anyhow::Result<()> {
        Ok(self.0.write_record(cells)?)
    }
    fn end(&mut self) -> anyhow::Result<()> {
        Ok(self.0.flush()?)
    }
}

/// TSV as TSV ([`super::tsv`]): no quoting, escapes.
pub(crate) struct TsvSink<W: Write>(W, Vec<u8>);

impl<W: Write> TsvSink<W> {
    pub(crate) fn new(w: W) -> Self {
        TsvSink(w, Vec::new())
    }
}

impl<W: Write> Sink for TsvSink<W> {
    fn begin(&mut self, columns: &[&str]) -> anyhow::Result<()> {
        self.record(columns)
    }
    fn record(&mut self, cells: &[&str]) -> anyhow::Result<()> {
        self.1.clear();
        super::tsv::row(&mut self.1, cells);
        Ok(self.0.write_all(&self.1)?)
    }
    fn end(&mut self) -> anyhow::Result<()> {
        Ok(self.0.flush()?)
    }
}

/// Feeds CSV (a header row, then records) to a sink, record by record, in pieces as they come:
/// how a result already rendered as CSV (the records of every command, batch's rows) reaches
/// a sink that needs cells. Bytes are UTF-8 (mlsal writes them; its input was checked).
pub(crate) struct CsvFeed {
    reader: csv_core::Reader,
    /// The record being read: its field bytes so far and where each field ends (csv_core
    /// counts the ends from the record's start across calls).
    fields: Vec<u8>,
    ends: Vec<usize>,
    len: usize,
    nends: usize,
    begun: bool,
}

impl Default for CsvFeed {
    fn default() -> Self {
        CsvFeed {
            reader: csv_core::Reader::new(),
            fields: vec![0; 4096],
            ends: vec![0; 64],
            len: 0,
            nends: 0,
            begun: false,
        }
    }
}

impl CsvFeed {
    /// Reads `bytes` on from where the last call stopped; every whole record goes to `sink`
    /// (the first to [`Sink::begin`]). An empty `bytes` ends the input: a last record without
    /// a line end is given then.
    pub(crate) fn feed(&mut self, mut bytes: &[u8], sink: &mut dyn Sink) -> anyhow::Result<()> {
        use csv_core::ReadRecordResult as R;
        let end_of_input = bytes.is_empty();
        loop {
            let (result, nin, nout, nend) =
                self.reader.read_record(bytes, &mut self.fields[self.len..], &mut self.ends[self.nends..]);
            bytes = &bytes[nin..];
            self.len += nout;
            self.nends += nend;
            match result {
                R::InputEmpty if end_of_input => {}
                R::InputEmpty => return Ok(()),
                R::OutputFull => {
                    let n = self.fields.len();
                    self.fields.resize(n * 2, 0);
                }
                R::OutputEndsFull => {
                    let n = self.ends.len();
                    self.ends.resize(n * 2, 0);
                }
                R::Record => {
                    let mut cells = Vec::with_capacity(self.nends);
                    let mut start = 0;
                    for &end in &self.ends[..self.nends] {
                        cells.push(std::str::from_utf8(&self.fields[start..end]).unwrap_or(""));
                        start = end;
                    }
                    if self.begun {
                        sink.record(&cells)?;
                    } else {
                        self.begun = true;
                        sink.begin(&cells)?;
                    }
                    (self.len, self.nends) = (0, 0);
                }
                R::End => return Ok(()),
            }
        }
    }
}

/// Writes CSV `bytes` (a header and records) to `sink` as one output: begin, records, end.
pub(crate) fn csv_to(bytes: &[u8], sink: &mut dyn Sink) -> anyhow::Result<()> {
    let mut feed = CsvFeed::default();
    feed.feed(bytes, sink)?;
    feed.feed(b"", sink)?;
    sink.end()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fed_in_pieces_through_the_csv_and_tsv_sinks_is_as_written() {
        let text = "a,b,c\n1,\"x,\ny\",\n\"q\"\"\",2.5,\nlast,,no-newline";
        for step in [1, 2, 3, 7, 100] {
            let mut out = Vec::new();
            let mut sink = CsvSink::new(&mut out);
            let mut feed = CsvFeed::default();
            for piece in text.as_bytes().chunks(step) {
                feed.feed(piece, &mut sink).unwrap();
            }
            feed.feed(b"", &mut sink).unwrap();
            sink.end().unwrap();
            drop(sink);
            assert_eq!(String::from_utf8(out).unwrap(), format!("{text}\n"), "pieces of {step}");
        }
        let mut out = Vec::new();
        csv_to(b"a,b\n\"t\tab\",2\n", &mut TsvSink::new(&mut out)).unwrap();
        assert_eq!(out, b"a\tb\nt\\tab\t2\n");
    }
}
