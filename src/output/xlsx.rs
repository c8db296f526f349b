//! The workbook sink (`--format xlsx`), with `rust_xlsxwriter`: [`XlsxSink`], made by
//! `sink::sink_for` as every format's sink is. Its tables ([`Sink::table`]) are sheets of a
//! [`Book`], each fed through [`Sink`] (columns, then a record at a time, or rows rendered as
//! CSV and read back); closing it ([`Sink::close`]) adds the Sources sheet (every source the
//! tables cite, handed in as records through [`Origin`]) and writes the file. Batch names its
//! sheets (the summary's first, the rows' streamed, `cmd::batch`); a command's records are one
//! sheet named for it (`output::emit`).
//!
//! Cells arrive as text (the figures the CSV has, formatted once by the view) and are typed
//! here by their column: a figure is written as a number, never as text, with a number format
//! by what the column holds ([`Kind`]): an amount in its row's `currency` (`"$"#,##0`), a
//! ratio as `0.00`, a percentage with `%`. The header is bold and frozen, with an autofilter;
//! widths fit the header and the first rows; a pay review's `verdict` is coloured below (red)
//! or above (amber). A sheet made with `constant_memory` (batch's rows) keeps only its current
//! row in memory: `rust_xlsxwriter` streams the others to a temporary file.
//!
//! The same input gives the same bytes: the workbook's creation time is `SOURCE_DATE_EPOCH`,
//! else a fixed date, never the clock.

use std::collections::HashMap;
use std::io::{Seek, SeekFrom, Write};

use rust_xlsxwriter::{Color, DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::Origin;
use super::sink::{self, Sink};

/// The refusal to write a workbook's bytes to a terminal.
pub(crate) const TO_TERMINAL: &str = "a workbook (--format xlsx) is not written to a terminal: give -o FILE.xlsx, or redirect stdout to a file";

/// What a column holds, which is how its cells are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Kind {
    /// An amount in the row's currency.
    Money,
    /// A ratio or multiplier: `0.00`.
    Ratio,
    /// A factor to three places: `0.000`.
    Factor,
    /// A percentage, the number being the percent (`51.6` shows `51.6%`).
    Percent,
    /// A percentile (0 to 100): `0.0`.
    Percentile,
    /// A count or a figure in whole units: `#,##0`.
    Count,
    /// A verdict (below, within, above), coloured.
    Verdict,
    /// Anything else: a number if the cell is one, else text.
    General,
}

/// The kind of a column, by its name (mlsal's own output columns; any other is general).
fn kind(column: &str) -> Kind {
    match column {
        "low" | "mid" | "high" | "amount" | "gap_to_mid" | "offer_base" | "offer_bonus" | "offer_equity"
        | "offer_total" | "total_gap_to_mid" | "bonus_low" | "bonus_high" | "equity_low" | "equity_high"
        | "total_low" | "total_mid" | "total_high" | "gain" | "p10" | "p25" | "p50" | "p75" | "p90"
        | "cost_to_low" | "cost_to_mid" | "mean_pay" | "median_pay" => Kind::Money,
        "multiplier" | "compa_ratio" | "total_compa_ratio" | "median_compa_ratio" | "p25_compa_ratio"
        | "p75_compa_ratio" | "mean_compa_ratio" => Kind::Ratio,
        "wage_factor" => Kind::Factor,
        "position_pct" | "total_position_pct" | "gain_pct" | "change_pct" | "mean_gap_pct"
        | "median_gap_pct" | "compa_gap_pct" => Kind::Percent,
        "survey_percentile" | "survey_adjusted_percentile" => Kind::Percentile,
        "survey_n" | "n" | "rows" | "employment" | "lottery_entries" | "level_1" | "level_2" | "level_3"
        | "level_4" | "wage_level_1_usd" | "wage_level_2_usd" | "wage_level_3_usd" | "wage_level_4_usd"
        | "age_days" | "errors" | "below" | "within" | "above" | "wage_level_below_i" | "wage_level_i"
        | "wage_level_ii" | "wage_level_iii" | "wage_level_iv" | "wage_level_none" => Kind::Count,
        "verdict" | "total_verdict" => Kind::Verdict,
        _ => Kind::General,
    }
}

/// A number's format for an amount in `currency`, as `output::money` writes it.
fn money_format(currency: &str) -> String {
    match (currency, super::symbol(currency)) {
        ("", _) => "#,##0".into(),
        (_, Some(symbol)) => format!("\"{symbol}\"#,##0"),
        (code, None) => format!("\"{code} \"#,##0"),
    }
}

/// A cell's text as a number, when it is one as mlsal writes numbers (`185000`, `-0.5`,
/// `2.5`): not `007` or `+1` or `1e5`, which stay text as typed (an id, a code).
pub(crate) fn number(cell: &str) -> Option<f64> {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let bytes = digits.as_bytes();
    let plain = !bytes.is_empty()
        && bytes[0].is_ascii_digit()
        && bytes.iter().all(|&b| b.is_ascii_digit() || b == b'.')
        && bytes.iter().filter(|&&b| b == b'.').count() <= 1
        && *bytes.last()? != b'.'
        && !(bytes.len() > 1 && bytes[0] == b'0' && bytes[1] != b'.');
    if !plain {
        return None;
    }
    cell.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// The widest a column is made for its cells (in characters).
const MAX_WIDTH: usize = 50;
/// Rows looked at for the widths.
const WIDTH_ROWS: u32 = 200;

/// One sheet being written.
struct Sheet {
    index: usize,
    kinds: Vec<Kind>,
    widths: Vec<usize>,
    currency: Option<usize>,
    /// The next row to write (the header is row 0).
    row: u32,
}

/// A workbook being written: sheets fed through [`Sink`], then [`Book::save`].
struct Book {
    book: Workbook,
    sheets: Vec<Sheet>,
    /// The sheet `begin` starts: the last added.
    current: usize,
    header: Format,
    formats: HashMap<(Kind, String), Format>,
    below: Format,
    above: Format,
}

fn err(e: XlsxError) -> anyhow::Error {
    anyhow::anyhow!("could not write the workbook: {e}")
}

impl Book {
    /// An empty workbook, dated `SOURCE_DATE_EPOCH` (else 2024-01-01), never the clock.
    fn new() -> anyhow::Result<Book> {
        let epoch = crate::tables::currency::Date::fixed_epoch().ok().flatten();
        let date = match epoch {
            Some(secs) => ExcelDateTime::from_timestamp(secs),
            None => ExcelDateTime::from_ymd(2024, 1, 1),
        }
        .map_err(err)?;
        let mut book = Workbook::new();
        // Level 2 of 9: about half the time of the default 6, for a file about a tenth larger.
        book.set_zip_compression_level(2);
        book.set_properties(&DocProperties::new().set_creation_datetime(&date));
        Ok(Book {
            book,
            sheets: Vec::new(),
            current: 0,
            header: Format::new().set_bold(),
            formats: HashMap::new(),
            below: Format::new()
                .set_background_color(Color::RGB(0xFFC7CE))
                .set_font_color(Color::RGB(0x9C0006)),
            above: Format::new()
                .set_background_color(Color::RGB(0xFFEB9C))
                .set_font_color(Color::RGB(0x9C5700)),
        })
    }

    /// Adds a sheet called `name`, which `begin` then starts. With `constant_memory`, its rows
    /// go to a temporary file as they are written (batch), else they are kept until saved.
    fn add_sheet(&mut self, name: &str, constant_memory: bool) -> anyhow::Result<()> {
        let sheet = match constant_memory {
            true => self.book.add_worksheet_with_constant_memory().map_err(err)?,
            false => self.book.add_worksheet(),
        };
        sheet.set_name(name).map_err(err)?;
        let index = self.sheets.len();
        self.sheets.push(Sheet { index, kinds: Vec::new(), widths: Vec::new(), currency: None, row: 0 });
        self.current = index;
        Ok(())
    }

    /// Makes sheet `index` (in the order added) the one `begin` and `record` write to.
    fn select(&mut self, index: usize) {
        self.current = index;
    }

    /// Writes the workbook to `out`, through a temporary file so that a large one is never
    /// held in memory.
    fn save(&mut self, out: &mut dyn Write) -> anyhow::Result<()> {
        let mut file = tempfile::tempfile()?;
        self.book.save_to_writer(&mut file).map_err(err)?;
        file.seek(SeekFrom::Start(0))?;
        std::io::copy(&mut file, out)?;
        out.flush()?;
        Ok(())
    }

    fn sheet(&mut self) -> anyhow::Result<(&mut Worksheet, &mut Sheet)> {
        let sheet = &mut self.sheets[self.current];
        let worksheet = self.book.worksheet_from_index(sheet.index).map_err(err)?;
        Ok((worksheet, sheet))
    }
}

/// The number format of `kind` in `currency` (money only), made once per workbook.
fn format<'f>(formats: &'f mut HashMap<(Kind, String), Format>, kind: Kind, currency: &str) -> &'f Format {
    let currency = if kind == Kind::Money { currency } else { "" };
    // Looked up without a key allocated: the map is small (a few kinds, a few currencies).
    if !formats.keys().any(|(k, c)| *k == kind && c == currency) {
        let code = match kind {
            Kind::Money => money_format(currency),
            Kind::Ratio => "0.00".into(),
            Kind::Factor => "0.000".into(),
            Kind::Percent => "0.0\"%\"".into(),
            Kind::Percentile => "0.0".into(),
            Kind::Count => "#,##0".into(),
            Kind::Verdict | Kind::General => "General".into(),
        };
        formats.insert((kind, currency.to_string()), Format::new().set_num_format(code));
    }
    let found = formats.iter().find(|((k, c), _)| *k == kind && c == currency);
    found.map(|(_, f)| f).expect("inserted above")
}

impl Sink for Book {
    fn begin(&mut self, columns: &[&str]) -> anyhow::Result<()> {
        let header = self.header.clone();
        let (ws, sheet) = self.sheet()?;
        sheet.kinds = columns.iter().map(|c| kind(c)).collect();
        sheet.widths = columns
            .iter()
            .zip(&sheet.kinds)
            .map(|(c, k)| {
                let least = match k {
                    Kind::Money => 12,
                    Kind::General => 4,
                    _ => 8,
                };
                (c.chars().count() + 2).max(least)
            })
            .collect();
        sheet.currency = columns.iter().position(|&c| c == "currency");
        for (col, name) in columns.iter().enumerate() {
            ws.write_string_with_format(0, col as u16, *name, &header).map_err(err)?;
        }
        ws.set_freeze_panes(1, 0).map_err(err)?;
        sheet.row = 1;
        Ok(())
    }

    fn record(&mut self, cells: &[&str]) -> anyhow::Result<()> {
        let Book { book, sheets, current, formats, below, above, .. } = self;
        let sheet = &mut sheets[*current];
        let ws = book.worksheet_from_index(sheet.index).map_err(err)?;
        let row = sheet.row;
        let currency = sheet.currency.and_then(|i| cells.get(i)).copied().unwrap_or("");
        for (col, &cell) in cells.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            let kind = sheet.kinds.get(col).copied().unwrap_or(Kind::General);
            let col16 = col as u16;
            let written = if kind == Kind::Verdict {
                match cell {
                    "below" => ws.write_string_with_format(row, col16, cell, below),
                    "above" => ws.write_string_with_format(row, col16, cell, above),
                    _ => ws.write_string(row, col16, cell),
                }
            } else if let Some(x) = number(cell) {
                match kind {
                    Kind::General => ws.write_number(row, col16, x),
                    _ => ws.write_number_with_format(row, col16, x, format(formats, kind, currency)),
                }
            } else {
                ws.write_string(row, col16, cell)
            };
            written.map_err(err)?;
            if row <= WIDTH_ROWS
                && let Some(w) = sheet.widths.get_mut(col)
            {
                *w = (*w).max((cell.chars().count() + 2).min(MAX_WIDTH));
            }
        }
        sheet.row += 1;
        Ok(())
    }

    fn end(&mut self) -> anyhow::Result<()> {
        let (ws, sheet) = self.sheet()?;
        let last_col = sheet.widths.len().saturating_sub(1) as u16;
        for (col, &w) in sheet.widths.iter().enumerate() {
            ws.set_column_width(col as u16, w as f64).map_err(err)?;
        }
        if !sheet.widths.is_empty() {
            ws.autofilter(0, 0, sheet.row.saturating_sub(1), last_col).map_err(err)?;
        }
        Ok(())
    }
}

/// The workbook sink: the tables it is told of ([`Sink::table`]) are its sheets, in the order
/// first named; records, or rows rendered as CSV (read back record by record: batch's rows, in
/// constant memory in a `streamed` sheet), fill the current one; [`Sink::close`] adds the
/// Sources sheet and writes the workbook to `out`, which gets nothing before.
pub(crate) struct XlsxSink<'w> {
    book: Book,
    /// The sheets' names, in the order added.
    names: Vec<String>,
    /// The current sheet's rendered rows, read back into records.
    feed: sink::CsvFeed,
    /// Whether the current sheet is not yet ended.
    open: bool,
    out: &'w mut dyn Write,
}

impl<'w> XlsxSink<'w> {
    pub(crate) fn new(out: &'w mut dyn Write) -> anyhow::Result<Self> {
        Ok(XlsxSink {
            book: Book::new()?,
            names: Vec::new(),
            feed: sink::CsvFeed::default(),
            open: false,
            out,
        })
    }

    /// A sheet to write to: a records' output never told of its tables has one, `Sheet1`.
    fn sheet(&mut self) -> anyhow::Result<()> {
        if self.names.is_empty() {
            self.table("Sheet1", false)?;
        }
        Ok(())
    }
}

impl Sink for XlsxSink<'_> {
    fn begin(&mut self, columns: &[&str]) -> anyhow::Result<()> {
        self.sheet()?;
        self.feed.begun = true;
        self.book.begin(columns)
    }

    fn record(&mut self, cells: &[&str]) -> anyhow::Result<()> {
        self.book.record(cells)
    }

    fn rendered(&mut self, rows: &[u8]) -> anyhow::Result<()> {
        self.sheet()?;
        if rows.is_empty() {
            return Ok(());
        }
        self.feed.feed(rows, &mut self.book)
    }

    /// Ends the current sheet: its last record, the widths and the filter.
    fn end(&mut self) -> anyhow::Result<()> {
        if std::mem::take(&mut self.open) {
            self.feed.feed(b"", &mut self.book)?;
            self.book.end()?;
        }
        Ok(())
    }

    fn table(&mut self, name: &str, streamed: bool) -> anyhow::Result<()> {
        self.end()?;
        match self.names.iter().position(|n| n == name) {
            Some(index) => self.book.select(index),
            None => {
                self.book.add_sheet(name, streamed)?;
                self.names.push(name.to_string());
            }
        }
        self.feed = sink::CsvFeed::default();
        self.open = true;
        Ok(())
    }

    fn close(&mut self, origin: &Origin) -> anyhow::Result<()> {
        self.end()?;
        if let Some(sources) = origin.sources {
            self.table("Sources", false)?;
            sources.write_to(self)?;
            self.end()?;
        }
        self.book.save(&mut *self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_mlsal_writes_them_and_codes_as_text() {
        assert_eq!(number("185000"), Some(185000.0));
        assert_eq!(number("-23000"), Some(-23000.0));
        assert_eq!(number("0.89"), Some(0.89));
        assert_eq!(number("0"), Some(0.0));
        for text in ["007", "+1", "1e5", "", "-", "1.", ".5", "15-1252", "$185,000", "inf", "NaN", "1.2.3"] {
            assert_eq!(number(text), None, "{text}");
        }
    }

    #[test]
    fn money_formats_follow_the_currency() {
        assert_eq!(money_format("USD"), "\"$\"#,##0");
        assert_eq!(money_format("CHF"), "\"CHF \"#,##0");
        assert_eq!(kind("mid"), Kind::Money);
        assert_eq!(kind("id"), Kind::General);
    }
}
