//! The one output layer: every command hands its records here and gets text, JSON, JSON
//! Lines, CSV, TSV, an HTML page or a workbook, so the formats behave the same everywhere.
//! A format is matched to its writer here only: [`emit`] (a command's records, and
//! [`emit_document`], [`emit_led`], [`write_rolled`] around it) and [`sink::sink_for`] (the
//! sink a row format's records go through: one file a format, [`sink`] for the interface).

use std::io::{self, Write};

use serde::Serialize;

mod cells;
pub(crate) mod html;
pub(crate) mod json;
pub(crate) mod sink;
mod style;
mod table;
pub(crate) mod tsv;
pub(crate) mod xlsx;

pub(crate) use cells::Cells;
pub use style::Style;
pub(crate) use style::{ColorChoice, Paint};
pub(crate) use table::{Cell, Table, pad, width};

/// Output formats, chosen with `--format` (read in `cli`: this layer knows nothing of the command line).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Aligned text for people.
    Text,
    /// One JSON document: an array of the results (one element for one result).
    Json,
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated values with a header row.
    Csv,
    /// Tab-separated values with a header row: no quoting; a tab, newline, carriage return or
    /// backslash in a value is written `\t`, `\n`, `\r`, `\\` (see `tsv`).
    Tsv,
    /// One self-contained HTML page: inline CSS and SVG charts, no script, nothing fetched.
    Html,
    /// An Excel workbook ([`xlsx`]): the CSV's records as typed cells, to a file.
    Xlsx,
}

impl Format {
    /// The format's name, as `--format` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Html => "html",
            Format::Xlsx => "xlsx",
        }
    }

    /// The encoding of the rows a view renders ahead for this format's sink
    /// ([`sink::Sink::rendered`]): a workbook's are CSV, read into its sheet; the others' their own.
    pub fn rendering(self) -> Format {
        match self {
            Format::Xlsx => Format::Csv,
            other => other,
        }
    }

    /// The format of an output to `path` (`-o FILE`): a `.xlsx` FILE is a workbook and a
    /// `.html` one a report, whatever `--format` said. A workbook's bytes are refused to a
    /// terminal (stdout when no FILE is given).
    pub(crate) fn for_output(self, path: Option<&std::path::Path>) -> Result<Format, crate::error::Error> {
        let ext = |names: &[&str]| {
            path.and_then(|p| p.extension()).is_some_and(|e| names.iter().any(|n| e.eq_ignore_ascii_case(n)))
        };
        let format = if ext(&["xlsx"]) {
            Format::Xlsx
        } else if ext(&["html", "htm"]) {
            Format::Html
        } else {
            self
        };
        if format == Format::Xlsx && path.is_none() && io::IsTerminal::is_terminal(&io::stdout()) {
            return Err(crate::error::Error::Usage { message: xlsx::TO_TERMINAL.into() });
        }
        Ok(format)
    }

    /// How a row of this format is written where rows are rendered ahead of the sink (batch's
    /// workers): delimited cells or one JSON object. A workbook's rows are CSV.
    pub(crate) fn row_bytes(self) -> RowBytes {
        match self.rendering() {
            Format::Tsv => RowBytes::Delimited(b'\t'),
            Format::Json | Format::Jsonl => RowBytes::Json,
            _ => RowBytes::CSV,
        }
    }

    /// Whether the format writes records one by one (a sink, [`sink::sink_for`]); text and
    /// HTML are documents made of all the results at once.
    pub fn streams(self) -> bool {
        !matches!(self, Format::Text | Format::Html)
    }

    /// Whether the format holds several tables in one output (a workbook's sheets: batch's
    /// rows beside its summary; [`sink::Sink::table`]); the others hold one.
    pub fn sheets(self) -> bool {
        self == Format::Xlsx
    }
}

/// A rendered row's bytes, as [`Format::row_bytes`] chooses them: the batch view writes its
/// cells by this, and the sink frames the rows (a header, JSON's brackets and separators).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RowBytes {
    /// Cells separated by this byte (`,` for CSV and a workbook's rows, tab for TSV).
    Delimited(u8),
    /// One JSON object a row.
    Json,
}

impl RowBytes {
    /// A CSV row's bytes (and a workbook's rows, which are CSV until the sink reads them).
    pub(crate) const CSV: RowBytes = RowBytes::Delimited(b',');

    /// CSV: cells as the csv crate quotes them, so a CSV input's row may be written as read.
    pub(crate) fn is_csv(self) -> bool {
        self == RowBytes::Delimited(b',')
    }
}

/// Where records came from, as the formats say it: the tables' name (JSON's `data`,
/// [`WithData`]) and, for an output of several tables (a workbook), the name of the records'
/// table (the command's) and the sources the tables cite (its last table).
#[derive(Clone, Copy)]
pub(crate) struct Origin<'a> {
    /// The tables: `builtin`, or the user's directory.
    pub data: &'a str,
    /// The records' table: a workbook's sheet.
    pub name: &'a str,
    /// The sources the tables cite.
    pub sources: Option<&'a dyn Sources>,
}

/// The sources results cite (a workbook's last sheet): the tables, written as records by a
/// layer that knows their view (`cmd`).
pub(crate) trait Sources {
    /// Writes every source cited to `sink` as one table of records (begun and ended).
    fn write_to(&self, sink: &mut dyn sink::Sink) -> anyhow::Result<()>;
}

impl<'a> Origin<'a> {
    /// The tables' name alone (no sources: a workbook would have none).
    pub(crate) fn data(data: &'a str) -> Origin<'a> {
        Origin { data, name: "mlsal", sources: None }
    }
}

/// Writes `records` to `sink` as one table (begun and ended): their CSV, read back into cells
/// (a workbook's Sources sheet, [`Sources`]).
pub(crate) fn records_to<R: Record>(sink: &mut dyn sink::Sink, records: &[R]) -> anyhow::Result<()> {
    let mut csv = Vec::new();
    emit(&mut csv, Format::Csv, &Style::plain(), records, &Origin::data(""))?;
    sink::csv_to(&csv, sink)
}

/// Something a command prints: JSON comes from `Serialize`, CSV/TSV from `columns` and
/// `rows`, text from `text` (which sees every record at once, so it can align a table).
pub(crate) trait Record: Serialize {
    /// Column names for CSV and TSV.
    fn columns() -> Vec<&'static str>;
    /// The header for these records: [`columns`](Self::columns) unless a record type adds
    /// optional columns (like `--total`) that depend on how the records were made.
    fn columns_for(records: &[Self]) -> Vec<&'static str>
    where
        Self: Sized,
    {
        let _ = records;
        Self::columns()
    }
    /// Writes this record's CSV/TSV rows, one or more, each a `Serialize` row struct whose
    /// fields are the columns in order.
    fn rows(&self, out: &mut Rows) -> csv::Result<()>;
    /// Writes all `records` for a person.
    fn text(records: &[Self], w: &mut dyn Write, style: &Style) -> io::Result<()>
    where
        Self: Sized;
    /// The record's JSON ends with its own `data` field (an estimate, which is the same object
    /// wherever it is nested); otherwise [`emit`] adds it ([`WithData`]).
    const OWN_DATA: bool = false;

    /// The HTML report of `records`: by default a titled page with their CSV table; records
    /// with charts build their own.
    fn page(records: &[Self]) -> anyhow::Result<html::Page>
    where
        Self: Sized,
    {
        let mut page = html::Page { title: "mlsal".into(), ..html::Page::default() };
        page.blocks.push(html::Block::Table(figures(records, "")?));
        page.footer.push(html::version_line());
        Ok(page)
    }
}

/// The CSV table of `records` as an HTML table: every figure the CSV has, in its columns
/// (numbers right-aligned), for a report to show beside its charts.
pub(crate) fn figures<R: Record>(records: &[R], caption: &str) -> anyhow::Result<html::Table> {
    csv_table(&csv_of(records)?, caption)
}

/// The CSV of `records`, header first, as `--format csv` has its cells: for a report's table,
/// and for a view's test that reads its figures back.
pub(crate) fn csv_of<R: Record>(records: &[R]) -> anyhow::Result<Vec<u8>> {
    let mut buf = Vec::new();
    {
        let mut out = Rows::new(&mut buf, Format::Csv, &R::columns_for(records))?;
        for r in records {
            r.rows(&mut out)?;
        }
        out.flush()?;
    }
    Ok(buf)
}

/// CSV bytes (a header, then rows) as an HTML table; one row is shown down the page.
pub(crate) fn csv_table(buf: &[u8], caption: &str) -> anyhow::Result<html::Table> {
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(buf);
    let columns: Vec<String> = reader.headers()?.iter().map(str::to_string).collect();
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.map(|r| r.iter().map(str::to_string).collect()))
        .collect::<Result<_, _>>()?;
    // A few records of many fields read better down the page (and print on A4 uncut): a field
    // a row, a record a column.
    if rows.len() == 1 || (rows.len() <= 6 && columns.len() > 10) {
        let mut header = vec!["field".to_string()];
        header.extend(match rows.len() {
            1 => vec!["value".to_string()],
            n => (1..=n).map(|i| i.to_string()).collect(),
        });
        return Ok(html::Table {
            caption: caption.into(),
            numeric: vec![false; header.len()],
            columns: header,
            rows: columns
                .into_iter()
                .enumerate()
                .map(|(i, c)| {
                    std::iter::once(html::Text::from(c))
                        .chain(rows.iter().map(|r| html::Text::from(r[i].as_str())))
                        .collect()
                })
                .collect(),
        });
    }
    let numeric = (0..columns.len())
        .map(|i| {
            let mut cells = rows.iter().map(|r| r[i].as_str()).filter(|c| !c.is_empty()).peekable();
            cells.peek().is_some() && cells.all(|c| c.parse::<f64>().is_ok())
        })
        .collect();
    Ok(html::Table {
        caption: caption.into(),
        columns,
        numeric,
        rows: rows.into_iter().map(|r| r.into_iter().map(html::Text::from).collect()).collect(),
    })
}

/// Where records write their CSV/TSV rows: typed row structs serialized by the csv crate, under
/// a header written once from [`Record::columns_for`] (so an empty result still has one).
pub(crate) struct Rows<'w> {
    out: RowsOut<'w>,
}

/// CSV through the csv crate; TSV (each row serialized as CSV by the csv crate, which does the
/// serde work, read back into its cells and written escaped: [`tsv`]) straight to the writer.
#[allow(clippy::large_enum_variant)]
enum RowsOut<'w> {
    Csv(csv::Writer<&'w mut dyn Write>),
    Tsv(&'w mut dyn Write),
}

impl<'w> Rows<'w> {
    /// Rows in `format` (CSV or TSV) to `w`, starting with the `columns` header.
    pub(crate) fn new(w: &'w mut dyn Write, format: Format, columns: &[&str]) -> csv::Result<Rows<'w>> {
        if format == Format::Tsv {
            let mut line = Vec::new();
            tsv::row(&mut line, columns);
            w.write_all(&line)?;
            return Ok(Rows { out: RowsOut::Tsv(w) });
        }
        let mut out = table_builder(format).has_headers(false).from_writer(w);
        out.write_record(columns)?;
        Ok(Rows { out: RowsOut::Csv(out) })
    }

    /// Writes one row: a struct (or a tuple of structs) of plain fields; `None` is an empty
    /// field, and a field skipped when `None` is no column at all.
    pub(crate) fn row(&mut self, row: impl Serialize) -> csv::Result<()> {
        let w = match &mut self.out {
            RowsOut::Csv(out) => return out.serialize(row),
            RowsOut::Tsv(w) => w,
        };
        let mut csv = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
        csv.serialize(row)?;
        let bytes = csv.into_inner().map_err(|e| io::Error::other(e.to_string()))?;
        let mut record = csv::ByteRecord::new();
        csv::ReaderBuilder::new().has_headers(false).from_reader(&bytes[..]).read_byte_record(&mut record)?;
        let mut line = Vec::with_capacity(bytes.len());
        tsv::row(&mut line, record.iter());
        w.write_all(&line)?;
        Ok(())
    }

    pub(crate) fn flush(self) -> io::Result<()> {
        match self.out {
            RowsOut::Csv(mut out) => out.flush(),
            RowsOut::Tsv(w) => w.flush(),
        }
    }
}

/// Checks that every record's row structs name, field by field, the columns of its header:
/// the header is written from [`Record::columns_for`], the fields from the structs, and only
/// this holds them together.
#[cfg(test)]
pub(crate) fn assert_rows_name_columns<R: Record>(records: &[R]) {
    let want = R::columns_for(records).join(",");
    assert!(!records.is_empty());
    for r in records {
        let mut buf = Vec::new();
        let mut rows =
            Rows { out: RowsOut::Csv(table_builder(Format::Csv).from_writer(&mut buf as &mut dyn Write)) };
        r.rows(&mut rows).unwrap();
        rows.flush().unwrap();
        let text = String::from_utf8(buf).unwrap();
        assert_eq!(text.lines().next(), Some(want.as_str()));
    }
}

/// A number in a CSV/TSV field as Rust writes it (`1`, `0.0001`, `2.5`), the way the columns
/// have always had it; the csv crate's own `f64` would write `1.0` and `1e-4`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Num(pub f64);

impl Serialize for Num {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

/// A figure in JSON as a whole number when it is one (`185000`, not `185000.0`); fractions
/// stay numbers. For a field, `#[serde(serialize_with = "crate::output::whole")]`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Whole(pub f64);

impl Serialize for Whole {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        whole(&self.0, s)
    }
}

/// [`Whole`] as a `serialize_with` function.
pub(crate) fn whole<S: serde::Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    if x.fract() == 0.0 && x.abs() < 9e15 { s.serialize_i64(*x as i64) } else { s.serialize_f64(*x) }
}

/// A record in JSON with, last, `data`: which tables it came from (`builtin`, or the user's
/// directory), a field every JSON record of every command has.
#[derive(Serialize)]
pub(crate) struct WithData<'r, R> {
    #[serde(flatten)]
    pub record: &'r R,
    pub data: &'r str,
}

/// Writes `records` in `format`; `origin` gives the tables' [`WithData`] name (and a workbook's
/// sheet name and sources). JSON is always an array of the records (one element for one
/// result): one shape per command whatever the flags, the objects JSON Lines has one a line.
pub(crate) fn emit<R: Record>(
    w: &mut dyn Write,
    format: Format,
    style: &Style,
    records: &[R],
    origin: &Origin,
) -> anyhow::Result<()> {
    let data = origin.data;
    let with = |record| WithData { record, data };
    match format {
        Format::Text => R::text(records, w, style)?,
        Format::Json if R::OWN_DATA => {
            serde_json::to_writer_pretty(&mut *w, records)?;
            writeln!(w)?;
        }
        Format::Json => {
            let all: Vec<WithData<R>> = records.iter().map(with).collect();
            serde_json::to_writer_pretty(&mut *w, &all)?;
            writeln!(w)?;
        }
        Format::Jsonl => {
            for r in records {
                match R::OWN_DATA {
                    true => serde_json::to_writer(&mut *w, r)?,
                    false => serde_json::to_writer(&mut *w, &with(r))?,
                }
                writeln!(w)?;
            }
        }
        Format::Html => html::write(w, &R::page(records)?)?,
        // A workbook's records are its sheet's CSV ([`Format::rendering`]).
        Format::Xlsx => {
            let mut csv = Vec::new();
            emit(&mut csv, Format::Csv, style, records, origin)?;
            workbook(w, origin, &csv)?;
        }
        format @ (Format::Csv | Format::Tsv) => {
            let mut out = Rows::new(w, format, &R::columns_for(records))?;
            for r in records {
                r.rows(&mut out)?;
            }
            out.flush()?;
        }
    }
    Ok(())
}

/// [`emit`], with `lead` written before the records' text: a preamble for people (`list`'s
/// tables' dates). The machine formats and the report have the records alone.
pub(crate) fn emit_led<R: Record>(
    w: &mut dyn Write,
    format: Format,
    style: &Style,
    records: &[R],
    origin: &Origin,
    lead: impl FnOnce(&mut dyn Write, &Style) -> io::Result<()>,
) -> anyhow::Result<()> {
    if format == Format::Text {
        lead(w, style)?;
    }
    emit(w, format, style, records, origin)
}

/// A workbook of one table: `csv` (a header, then records) as the sheet `origin` names, then
/// the sources it cites.
fn workbook(w: &mut dyn Write, origin: &Origin, csv: &[u8]) -> anyhow::Result<()> {
    let mut sink = sink::sink_for(Format::Xlsx, w)?;
    sink.table(origin.name, false)?;
    sink.rendered(csv)?;
    sink.end()?;
    sink.close(origin)
}

/// A result that is one document with rows in it (`whatif`: the current estimate and its
/// changes): its own text and HTML page, the document as JSON, its rows in the row formats.
pub(crate) trait Document: Serialize {
    type Row: Record;
    /// The rows the row formats (CSV, TSV, JSON Lines, a workbook) carry, one a record.
    fn rows(&self) -> &[Self::Row];
    fn text(&self, w: &mut dyn Write, style: &Style) -> io::Result<()>;
    fn page(&self) -> anyhow::Result<html::Page>;
}

/// Writes `doc` in `format` ([`Document`]); `origin` as for [`emit`].
pub(crate) fn emit_document<D: Document>(
    w: &mut dyn Write,
    format: Format,
    style: &Style,
    doc: &D,
    origin: &Origin,
) -> anyhow::Result<()> {
    match format {
        Format::Text => doc.text(w, style)?,
        Format::Html => html::write(w, &doc.page()?)?,
        Format::Json => json_document(w, format, doc)?,
        format => emit(w, format, style, doc.rows(), origin)?,
    }
    Ok(())
}

/// A document that is text for people or one JSON document (`data path`): `text` writes the
/// one, `doc` makes the other, pretty for JSON and on one line for JSON Lines, ended by a line
/// break. The row formats, a workbook and a report are refused: `what` writes no table.
pub(crate) fn document(
    out: &mut dyn Write,
    format: Format,
    what: &str,
    text: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
    doc: impl FnOnce() -> anyhow::Result<serde_json::Value>,
) -> anyhow::Result<()> {
    match format {
        Format::Text => text(out),
        Format::Json | Format::Jsonl => json_document(out, format, &doc()?),
        Format::Csv | Format::Tsv | Format::Html | Format::Xlsx => Err(crate::error::Error::Usage {
            message: format!("{what} writes text, json or jsonl (--format text|json|jsonl)"),
        }
        .into()),
    }
}

/// One JSON document: pretty for JSON, one line for JSON Lines, ended by a line break.
fn json_document(out: &mut dyn Write, format: Format, doc: &impl serde::Serialize) -> anyhow::Result<()> {
    match format {
        Format::Json => serde_json::to_writer_pretty(&mut *out, doc)?,
        _ => serde_json::to_writer(&mut *out, doc)?,
    }
    out.write_all(b"\n")?;
    Ok(())
}

/// The rows of a roll-up (a summary, the pay-equity check, a raise budget, the merit matrix):
/// their `header`, each row's `fields` as cells, `origin` ([`WithData`]) for JSON (and a
/// workbook).
pub(crate) struct Rolled<'r, R, F> {
    pub header: &'r [&'r str],
    pub rows: &'r [R],
    pub fields: F,
    pub origin: &'r Origin<'r>,
}

/// A report page made from the rows' CSV.
pub(crate) type PageOf<'a> = dyn Fn(&[u8]) -> anyhow::Result<html::Page> + 'a;

/// Writes a roll-up in `format`: text is the view's `text`; HTML its `page` of the rows' CSV
/// (without a page, the text); the row formats its rows through their sink (JSON: each row as
/// it serializes, with `data`; a workbook: their CSV as its sheet).
pub(crate) fn write_rolled<R: Serialize, F: Fn(&R) -> Vec<String>>(
    out: &mut dyn Write,
    format: Format,
    style: &Style,
    rolled: &Rolled<R, F>,
    text: &dyn Fn(&mut dyn Write, &Style) -> anyhow::Result<()>,
    page: Option<&PageOf<'_>>,
) -> anyhow::Result<()> {
    match (format, page) {
        (Format::Html, Some(page)) => {
            let mut csv = Vec::new();
            rolled_rows(&mut csv, Format::Csv, rolled)?;
            html::write(out, &page(&csv)?)?;
        }
        (Format::Text | Format::Html, _) => text(out, style)?,
        (Format::Xlsx, _) => {
            let mut csv = Vec::new();
            rolled_rows(&mut csv, Format::Csv, rolled)?;
            workbook(out, rolled.origin, &csv)?;
        }
        (format, _) => rolled_rows(out, format, rolled)?,
    }
    Ok(())
}

/// A roll-up's rows in a row format: CSV or TSV under the header, a JSON array, JSON Lines.
fn rolled_rows<R: Serialize, F: Fn(&R) -> Vec<String>>(
    out: &mut dyn Write,
    format: Format,
    rolled: &Rolled<R, F>,
) -> anyhow::Result<()> {
    let with = |record| WithData { record, data: rolled.origin.data };
    match format {
        Format::Json => {
            let all: Vec<WithData<R>> = rolled.rows.iter().map(with).collect();
            serde_json::to_writer_pretty(&mut *out, &all)?;
            out.write_all(b"\n")?;
        }
        Format::Jsonl => {
            for row in rolled.rows {
                serde_json::to_writer(&mut *out, &with(row))?;
                out.write_all(b"\n")?;
            }
        }
        format => {
            let mut sink = sink::sink_for(format, &mut *out)?;
            sink.begin(rolled.header)?;
            for row in rolled.rows {
                let cells = (rolled.fields)(row);
                sink.record(&cells.iter().map(String::as_str).collect::<Vec<_>>())?;
            }
            sink.end()?;
        }
    }
    Ok(())
}

fn table_builder(_format: Format) -> csv::WriterBuilder {
    csv::WriterBuilder::new()
}

pub use crate::tables::thousands;

/// An amount with its currency symbol: `$180,000`, `£142,000`, `CHF 162,000`.
pub fn money(n: i64, currency: &str) -> String {
    match symbol(currency) {
        Some(symbol) => format!("{symbol}{}", thousands(n)),
        None => format!("{currency} {}", thousands(n)),
    }
}

/// The symbol written before an amount in `currency` (`$`, `£`), if it has one here; other
/// currencies are written with their code (`CHF 162,000`).
pub(crate) fn symbol(currency: &str) -> Option<&'static str> {
    Some(match currency {
        "USD" => "$",
        "GBP" => "£",
        "EUR" => "€",
        "INR" => "₹",
        "JPY" => "¥",
        "ILS" => "₪",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(123_456_789), "123,456,789");
        assert_eq!(thousands(-45_000), "-45,000");
    }

    #[test]
    fn numbers_are_written_as_rust_writes_them() {
        let mut out = Vec::new();
        let mut rows = Rows::new(&mut out, Format::Csv, &["a", "b", "c", "d"]).unwrap();
        rows.row((Num(1.0), Num(0.0001), Num(2.5), None::<Num>)).unwrap();
        rows.flush().unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "a,b,c,d\n1,0.0001,2.5,\n");
    }

    #[test]
    fn money_symbols() {
        assert_eq!(money(180_000, "USD"), "$180,000");
        assert_eq!(money(142_000, "GBP"), "£142,000");
        assert_eq!(money(162_000, "CHF"), "CHF 162,000");
    }
}
