//! The sink interface: one writer per format, fed the same way by every command.
//!
//! A sink is told its columns once ([`Sink::begin`]), then gets one record at a time
//! ([`Sink::record`]: the cells as text, as CSV would hold them), then [`Sink::end`]. The sink
//! owns all framing: a header row, quoting and escapes, brackets and separators, line ends, a
//! workbook's sheets and styles. The cells are text so that a record's figures are formatted
//! once, in the view (`output::Num`, `output::Whole`), and every sink shows the same figures;
//! a sink that has types (the workbook) reads them back by column ([`xlsx`](super::xlsx)).
//!
//! Rows made ready elsewhere, as batch's workers make them for speed, are handed over as bytes
//! ([`Sink::rendered`]: whole rows in the encoding [`Format::rendering`] names, each ended by
//! a line break); the sink still frames them (a JSON array's brackets and separators).
//! [`sink_for`] is where a format is matched to its sink.

use std::io::Write;

use super::json::{JsonSink, JsonlSink};
pub(crate) use super::tsv::TsvSink;
use super::xlsx::XlsxSink;
use super::{Format, Origin};

/// One output format's writer. See the module documentation.
pub(crate) trait Sink {
    /// Starts the output (a table, a sheet) with these column names.
    fn begin(&mut self, columns: &[&str]) -> anyhow::Result<()>;
    /// One record: its cells in the columns' order (an empty cell is `""`).
    fn record(&mut self, cells: &[&str]) -> anyhow::Result<()>;
    /// Records rendered already: whole rows in [`Format::rendering`]'s encoding, each ended by
    /// a line break (none, or any number). The sink frames them as it frames its records.
    fn rendered(&mut self, rows: &[u8]) -> anyhow::Result<()> {
        let _ = rows;
        anyhow::bail!("this output takes its records as cells")
    }
    /// Hands on what is written so far (before a message on stderr about it).
    fn flush(&mut self) -> anyhow::Result<()> {
        Ok(())
    }
    /// Ends the output begun: closes what `begin` opened (the writer's own buffer is the
    /// caller's to flush).
    fn end(&mut self) -> anyhow::Result<()>;
    /// Starts the table called `name` in an output that holds several (a workbook's sheets,
    /// in the order first named; `streamed`: its rows are not kept in memory). Naming a table
    /// again goes back to it, so one can be placed before it is filled (batch's summary). What
    /// follows (`begin` and records, or rendered rows whose first is the header) fills it.
    /// An output of one table ignores this ([`Format::sheets`]).
    fn table(&mut self, name: &str, streamed: bool) -> anyhow::Result<()> {
        let _ = (name, streamed);
        Ok(())
    }
    /// Ends the whole output, after `end`: an output of several tables adds the sources
    /// `origin` cites as its last and writes itself out (a workbook is saved).
    fn close(&mut self, origin: &Origin) -> anyhow::Result<()> {
        let _ = origin;
        Ok(())
    }
}

/// The sink that writes `format`'s records to `w`: the one place a format is matched to its
/// writer. Text and HTML are whole documents, not records (`output::emit`, `output::html`); a
/// workbook ([`XlsxSink`]) takes its rows rendered as CSV ([`Format::rendering`]) and writes
/// `w` only when closed ([`Sink::close`]).
pub(crate) fn sink_for<'w>(format: Format, w: &'w mut dyn Write) -> anyhow::Result<Box<dyn Sink + 'w>> {
    Ok(match format {
        Format::Csv => Box::new(CsvSink::new(w)),
        Format::Tsv => Box::new(TsvSink::new(w)),
        Format::Json => Box::new(JsonSink::new(w)),
        Format::Jsonl => Box::new(JsonlSink::new(w)),
        Format::Xlsx => Box::new(XlsxSink::new(w)?),
        other => anyhow::bail!("--format {} is a document, not records", other.name()),
    })
}

/// CSV through the csv crate, quoting as it needs; rows rendered already go straight to the
/// writer (the csv crate's buffer is handed on first, once).
// One sink a run, never moved in a loop: the size is no matter.
#[allow(clippy::large_enum_variant)]
pub(crate) enum CsvSink<W: Write> {
    Records(csv::Writer<W>),
    Rendered(W),
    /// Only while changing from one to the other, or after a writer failed.
    Gone,
}

impl<W: Write> CsvSink<W> {
    pub(crate) fn new(w: W) -> Self {
        CsvSink::Records(csv::WriterBuilder::new().has_headers(false).from_writer(w))
    }

    fn records(&mut self) -> anyhow::Result<&mut csv::Writer<W>> {
        if let CsvSink::Rendered(_) = self
            && let CsvSink::Rendered(w) = std::mem::replace(self, CsvSink::Gone)
        {
            *self = CsvSink::Records(csv::WriterBuilder::new().has_headers(false).from_writer(w));
        }
        match self {
            CsvSink::Records(csv) => Ok(csv),
            _ => anyhow::bail!("the CSV output failed"),
        }
    }
}

impl<W: Write> Sink for CsvSink<W> {
    fn begin(&mut self, columns: &[&str]) -> anyhow::Result<()> {
        self.record(columns)
    }
    fn record(&mut self, cells: &[&str]) -> anyhow::Result<()> {
        Ok(self.records()?.write_record(cells)?)
    }
    fn rendered(&mut self, rows: &[u8]) -> anyhow::Result<()> {
        if let CsvSink::Records(_) = self
            && let CsvSink::Records(csv) = std::mem::replace(self, CsvSink::Gone)
        {
            *self = CsvSink::Rendered(csv.into_inner().map_err(|e| e.into_error())?);
        }
        match self {
            CsvSink::Rendered(w) => Ok(w.write_all(rows)?),
            _ => anyhow::bail!("the CSV output failed"),
        }
    }
    fn flush(&mut self) -> anyhow::Result<()> {
        match self {
            CsvSink::Records(csv) => Ok(csv.flush()?),
            CsvSink::Rendered(w) => Ok(w.flush()?),
            CsvSink::Gone => Ok(()),
        }
    }
    fn end(&mut self) -> anyhow::Result<()> {
        match self {
            CsvSink::Records(csv) => Ok(csv.flush()?),
            _ => Ok(()),
        }
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
    /// Whether the header was read (or given another way: [`Sink::begin`]).
    pub(crate) begun: bool,
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
