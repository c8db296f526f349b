//! A workbook in (.xlsx, .xls, .ods, with `calamine`): one sheet read at the edge and written
//! as the CSV that batch reads, so the CSV path stays as it is (as `convert` does for TSV and
//! JSON arrays). An .xlsx sheet is read a cell at a time; .xls and .ods sheets whole.
//!
//! - The format is known by content: a zip (`PK\x03\x04`: .xlsx, .ods) or an OLE compound file
//!   (`D0 CF 11 E0`: .xls), whatever the file is called.
//! - The sheet is `--sheet NAME|N` (N from 1), else the first; its header is its first
//!   non-empty row. Each sheet row is one CSV line (a blank row a blank line), so batch's
//!   `line N` is the sheet's row N.
//! - A number cell is written as Rust writes it (a `4.0` is `4`); a text cell as typed (a text
//!   pay is then read as `offer` reads it); a date as `YYYY-MM-DD`.
//! - A cell that holds no value batch could read is written as its problem and its place,
//!   `#N/A (people!J7)`, so the row reading it fails with a message naming the sheet and cell,
//!   and every other row is still priced: an Excel error (`#N/A`, `#VALUE!`), a formula with
//!   no cached value, and a date in a pay or years column.
//! - The CSV is made on a thread of its own and read as it is made ([`csv_stream`]): batch
//!   prices and writes the first rows while the sheet's later ones are still being read. So
//!   an .xlsx damaged far into its sheet fails when the damage is reached, with rows already
//!   written; damage before the first 256 KiB of CSV still fails before any row.

use std::io::{self, Cursor, Read};
use std::sync::mpsc;

use calamine::{Data, DataRef, Reader};

use crate::error::Error;

/// Whether `head` (a file's first bytes) starts a workbook: a zip or an OLE compound file.
pub(crate) fn is_workbook(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

/// Bytes to look at for [`is_workbook`].
pub(crate) const MAGIC: usize = 8;

/// CSV handed from the converting thread to batch at a time.
const PIECE: usize = 256 * 1024;

/// What the converting thread hands over.
enum Piece {
    Csv(Vec<u8>),
    Failed(Error),
    /// The whole sheet was read: a closed channel without it is a reader that stopped.
    End,
}

/// The sheet of `bytes` (a workbook called `name`) as CSV, read as it is made.
///
/// `sheet` is `--sheet`; `strict` says, from a header cell, whether the column is a pay or
/// years column (no date there). The sheet is converted on a thread of its own while batch
/// reads the CSV: on a 100,000-row review written as a workbook, reading the .xlsx took
/// 0.76 s and pricing and writing the rows 1.5 s, one after the other when the whole CSV was
/// made first. What fails before the first rows are handed over (a file calamine cannot
/// open, no such sheet, an empty one) is returned here, before anything is written; a file
/// that breaks further on fails the read, naming it.
pub(crate) fn csv_stream(
    bytes: Vec<u8>,
    name: String,
    sheet: Option<String>,
    strict: Box<dyn Fn(&str) -> bool + Send>,
) -> Result<CsvStream, Error> {
    // A few pieces in flight: the converter runs ahead of batch by at most about 1 MiB.
    let (tx, rx) = mpsc::sync_channel(4);
    std::thread::Builder::new()
        .name("workbook".into())
        .spawn(move || {
            let mut hand = |piece: Vec<u8>| tx.send(Piece::Csv(piece)).is_ok();
            let last = match convert(bytes, &name, sheet.as_deref(), &*strict, &mut hand) {
                Ok(()) => Piece::End,
                Err(e) => Piece::Failed(e),
            };
            let _ = tx.send(last);
        })
        .map_err(|e| Error::Usage { message: format!("cannot start reading the workbook: {e}") })?;
    let mut stream = CsvStream { rx, piece: Vec::new(), at: 0, ended: false };
    match stream.rx.recv() {
        Ok(Piece::Csv(piece)) => stream.piece = piece,
        Ok(Piece::End) => stream.ended = true,
        Ok(Piece::Failed(e)) => return Err(e),
        Err(_) => {
            return Err(Error::Usage { message: "the workbook reader stopped before the header".into() });
        }
    }
    Ok(stream)
}

/// A sheet's CSV as [`csv_stream`] makes it: a reader of the pieces the converting thread
/// hands over, in order.
pub(crate) struct CsvStream {
    rx: mpsc::Receiver<Piece>,
    piece: Vec<u8>,
    at: usize,
    ended: bool,
}

impl Read for CsvStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.at < self.piece.len() {
                let n = buf.len().min(self.piece.len() - self.at);
                buf[..n].copy_from_slice(&self.piece[self.at..self.at + n]);
                self.at += n;
                return Ok(n);
            }
            if self.ended {
                return Ok(0);
            }
            match self.rx.recv() {
                Ok(Piece::Csv(piece)) => (self.piece, self.at) = (piece, 0),
                Ok(Piece::End) => self.ended = true,
                Ok(Piece::Failed(e)) => return Err(io::Error::other(e.to_string())),
                // Never a short sheet taken for a whole one.
                Err(_) => {
                    return Err(io::Error::other("the workbook reader stopped before the end of the sheet"));
                }
            }
        }
    }
}

/// The conversion itself: `hand` takes each piece of CSV and says whether it is still
/// wanted (batch may stop early: `--strict`, a closed pipe).
fn convert(
    bytes: Vec<u8>,
    name: &str,
    sheet: Option<&str>,
    strict: &dyn Fn(&str) -> bool,
    hand: &mut dyn FnMut(Vec<u8>) -> bool,
) -> Result<(), Error> {
    let unreadable = |e: &dyn std::fmt::Display| Error::Usage {
        message: format!(
            "cannot read {name} as a workbook (.xlsx, .xls, .ods): {e}; is it password-protected or damaged?"
        ),
    };
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let names = book.sheet_names();
    let listed = || names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    let chosen = match sheet {
        None => names.first().cloned(),
        Some(want) => match want.trim().parse::<usize>() {
            Ok(n) if n >= 1 => names.get(n - 1).cloned(),
            Ok(_) => None,
            Err(_) => names
                .iter()
                .find(|n| n.as_str() == want)
                .or_else(|| names.iter().find(|n| n.trim().eq_ignore_ascii_case(want.trim())))
                .cloned(),
        },
    };
    let Some(chosen) = chosen else {
        return Err(match sheet {
            Some(want) => Error::InvalidValue {
                flag: "--sheet",
                value: want.to_string(),
                reason: format!("{name} has no such sheet: its sheets are {} (or a number from 1)", listed()),
            },
            None => Error::Usage { message: format!("{name} has no sheet") },
        });
    };
    // An .xlsx is read a cell at a time (its values with their formulas, in one pass): only
    // the CSV is kept, never the sheet's cells. The others are read whole.
    if let calamine::Sheets::Xlsx(xlsx) = &mut book {
        let mut reader = xlsx.worksheet_cells_reader(&chosen).map_err(|e| unreadable(&e))?;
        let mut csv = Csv::new(&chosen, name, strict, hand);
        let mut row: Vec<(u32, Cell)> = Vec::new();
        let mut at = None;
        loop {
            let next = match reader.next_cell_with_formula() {
                Ok(Some(next)) => next,
                Ok(None) => break,
                // Before the first rows are handed over, nothing is written yet: the file
                // is unreadable. After, batch has written rows: say where the sheet broke.
                Err(e) if csv.handed => {
                    return Err(Error::Usage {
                        message: format!(
                            "damaged after row {} of sheet `{chosen}`: {}; the output stops before that row",
                            at.map_or(0, |r| r + 1),
                            e.to_string().trim_end_matches('.')
                        ),
                    });
                }
                Err(e) => return Err(unreadable(&e)),
            };
            let (r, c) = next.pos;
            if at.is_some_and(|at| at != r) {
                csv.row(at.unwrap_or(0), &mut row)?;
                if csv.unwanted {
                    return Ok(());
                }
            }
            at = Some(r);
            let cell = match (&next.value, next.formula) {
                (DataRef::Empty, Some(f)) if !f.is_empty() => Cell::NoValue(f),
                (DataRef::Empty, _) => continue,
                (DataRef::Error(e), _) => Cell::Error(e.to_string()),
                (DataRef::DateTime(d), _) if !d.is_duration() => Cell::Date(date(d.as_f64())),
                (DataRef::DateTimeIso(d), _) => Cell::Date(d.clone()),
                (DataRef::SharedString(s), _) => Cell::Text(s.to_string()),
                (value, _) => Cell::Text(plain(&Data::from(value.clone()))),
            };
            row.push((c, cell));
        }
        if let Some(at) = at {
            csv.row(at, &mut row)?;
        }
        return csv.end();
    }
    let values = book.worksheet_range(&chosen).map_err(|e| unreadable(&e))?;
    let mut csv = Csv::new(&chosen, name, strict, hand);
    if let Some((top, left)) = values.start() {
        let mut row = Vec::new();
        for (i, cells) in values.rows().enumerate() {
            for (j, value) in cells.iter().enumerate() {
                let cell = match value {
                    Data::Empty => continue,
                    Data::Error(e) => Cell::Error(e.to_string()),
                    Data::DateTime(d) if !d.is_duration() => Cell::Date(date(d.as_f64())),
                    Data::DateTimeIso(d) => Cell::Date(d.clone()),
                    other => Cell::Text(plain(other)),
                };
                row.push((left + j as u32, cell));
            }
            csv.row(top + i as u32, &mut row)?;
            if csv.unwanted {
                return Ok(());
            }
        }
    }
    csv.end()
}

/// A cell read: its text, or why batch cannot read it as a value.
enum Cell {
    Text(String),
    /// An Excel error, as Excel shows it (`#N/A`).
    Error(String),
    /// A date, as `YYYY-MM-DD`: a value, except in a pay or years column.
    Date(String),
    /// A formula with no cached value.
    NoValue(String),
}

/// The CSV being written from a sheet's rows, one line a sheet row, handed over in pieces.
struct Csv<'a> {
    out: Vec<u8>,
    hand: &'a mut dyn FnMut(Vec<u8>) -> bool,
    /// The reader went away: no more rows are wanted.
    unwanted: bool,
    /// A piece was handed over: batch may have written rows.
    handed: bool,
    sheet: &'a str,
    name: &'a str,
    strict: &'a dyn Fn(&str) -> bool,
    /// The header's first column and, per column from it, whether it is a pay or years column;
    /// `None` until the header is read.
    header: Option<(u32, Vec<bool>)>,
    /// The sheet row (from 0) the next line is.
    line: u32,
    cells: Vec<String>,
}

impl<'a> Csv<'a> {
    fn new(
        sheet: &'a str,
        name: &'a str,
        strict: &'a dyn Fn(&str) -> bool,
        hand: &'a mut dyn FnMut(Vec<u8>) -> bool,
    ) -> Self {
        Csv {
            out: Vec::new(),
            hand,
            unwanted: false,
            handed: false,
            sheet,
            name,
            strict,
            header: None,
            line: 0,
            cells: Vec::new(),
        }
    }

    /// Sheet row `at` (from 0) with its non-empty `cells` (column, cell), in column order;
    /// `cells` is emptied.
    fn row(&mut self, at: u32, cells: &mut Vec<(u32, Cell)>) -> Result<(), Error> {
        if cells.is_empty() {
            return Ok(());
        }
        // In column order, as Excel writes them; a file that does not (a generator's) would
        // otherwise put a cell left of the header's first column (an underflow).
        cells.sort_by_key(|&(c, _)| c);
        // Rows since the last are blank lines.
        self.out.extend(std::iter::repeat_n(b'\n', at.saturating_sub(self.line) as usize));
        self.line = at + 1;
        self.cells.clear();
        match &self.header {
            None => {
                let left = cells[0].0;
                for (c, cell) in cells.drain(..) {
                    let text = match cell {
                        Cell::Text(t) | Cell::Error(t) | Cell::Date(t) | Cell::NoValue(t) => t,
                    };
                    self.put(left, c, text);
                }
                let strict = self.cells.iter().map(|n| (self.strict)(n)).collect();
                self.header = Some((left, strict));
            }
            Some((left, _)) => {
                let left = *left;
                let strict = match self.header.take() {
                    Some((_, strict)) => strict,
                    None => Vec::new(),
                };
                let width = strict.len();
                for (c, cell) in cells.drain(..) {
                    if c < left {
                        continue;
                    }
                    let place = || format!("{}!{}{}", self.sheet, column_letters(c as usize), at + 1);
                    let text = match cell {
                        Cell::Text(t) => t,
                        Cell::Error(e) => format!("{e} ({})", place()),
                        Cell::NoValue(f) => format!("formula ={f} without a value ({})", place()),
                        Cell::Date(d) if strict.get((c - left) as usize) == Some(&true) => {
                            format!("a date, {d} ({})", place())
                        }
                        Cell::Date(d) => d,
                    };
                    self.put(left, c, text);
                }
                if self.cells.len() < width {
                    self.cells.resize(width, String::new());
                }
                self.header = Some((left, strict));
            }
        }
        record(&mut self.out, &self.cells);
        // A piece goes once it is full; the header is always in the first.
        if self.out.len() >= PIECE {
            self.unwanted = !(self.hand)(std::mem::take(&mut self.out));
            self.handed = true;
        }
        Ok(())
    }

    /// Puts `text` at column `c` (counted from `left`), empty cells before it.
    fn put(&mut self, left: u32, c: u32, text: String) {
        let i = (c - left) as usize;
        if self.cells.len() < i {
            self.cells.resize(i, String::new());
        }
        self.cells.push(text);
    }

    fn end(self) -> Result<(), Error> {
        match self.header {
            Some(_) => {
                if !self.out.is_empty() {
                    (self.hand)(self.out);
                }
                Ok(())
            }
            None => Err(Error::Usage {
                message: format!("sheet `{}` of {} is empty: no header row", self.sheet, self.name),
            }),
        }
    }
}

/// One CSV record: a field quoted when it holds a comma, a quote or a line end.
fn record(out: &mut Vec<u8>, cells: &[String]) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        if cell.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r')) {
            out.push(b'"');
            out.extend_from_slice(cell.replace('"', "\"\"").as_bytes());
            out.push(b'"');
        } else {
            out.extend_from_slice(cell.as_bytes());
        }
    }
    out.push(b'\n');
}

/// A cell as text: a whole number without `.0`, a date as `YYYY-MM-DD` (with the time if it
/// has one), an error as Excel shows it.
fn plain(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number(*f),
        Data::Bool(b) => b.to_string(),
        Data::Error(e) => e.to_string(),
        Data::DateTime(d) if d.is_duration() => number(d.as_f64()),
        Data::DateTime(d) => date(d.as_f64()),
    }
}

fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 { (f as i64).to_string() } else { f.to_string() }
}

/// An Excel serial date (days since 1899-12-30) as `YYYY-MM-DD`, or `YYYY-MM-DD HH:MM:SS`.
fn date(serial: f64) -> String {
    let days = serial.floor() as i64;
    let seconds = ((serial - serial.floor()) * 86_400.0).round() as i64;
    // Days from 1970-01-01, then the civil date (H. Hinnant's algorithm).
    let z = days - 25_569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    match seconds {
        0 => format!("{y:04}-{m:02}-{d:02}"),
        s => format!("{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60),
    }
}

/// A column's letters: 0 is `A`, 25 `Z`, 26 `AA`.
fn column_letters(mut col: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_dates_and_numbers() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(9), "J");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(date(45_292.0), "2024-01-01");
        assert_eq!(date(1.5), "1899-12-31 12:00:00");
        assert_eq!(number(4.0), "4");
        assert_eq!(number(185_000.0), "185000");
        assert_eq!(number(2.5), "2.5");
        assert!(is_workbook(b"PK\x03\x04rest"));
        assert!(!is_workbook(b"years,city"));
    }

    /// A sheet of `rows` rows (a header, then a number, a text with a comma and an empty
    /// cell), as an .xlsx, and the CSV it must read as.
    fn book(rows: u32) -> (Vec<u8>, Vec<u8>) {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet().set_name("people").unwrap();
        let mut csv = b"id,city,pay,note\n".to_vec();
        for (c, h) in ["id", "city", "pay", "note"].iter().enumerate() {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        for r in 1..=rows {
            sheet.write_number(r, 0, f64::from(r)).unwrap();
            sheet.write_string(r, 1, "Portland, OR").unwrap();
            sheet.write_number(r, 2, 150_000.5).unwrap();
            csv.extend_from_slice(format!("{r},\"Portland, OR\",150000.5,\n").as_bytes());
        }
        (workbook.save_to_buffer().unwrap(), csv)
    }

    fn stream(bytes: Vec<u8>, sheet: Option<&str>) -> Result<CsvStream, Error> {
        csv_stream(bytes, "book.xlsx".into(), sheet.map(String::from), Box::new(|c: &str| c == "pay"))
    }

    #[test]
    fn cells_out_of_column_order_are_put_in_order() {
        let mut pieces = Vec::new();
        let mut hand = |p: Vec<u8>| {
            pieces.push(p);
            true
        };
        let strict = |_: &str| false;
        let mut csv = Csv::new("s", "book", &strict, &mut hand);
        let text = |t: &str| Cell::Text(t.into());
        csv.row(0, &mut vec![(3, text("c")), (1, text("a")), (2, text("b"))]).unwrap();
        csv.row(1, &mut vec![(2, text("2")), (1, text("1"))]).unwrap();
        csv.end().unwrap();
        assert_eq!(String::from_utf8(pieces.concat()).unwrap(), "a,b,c\n1,2,\n");
    }

    #[test]
    fn a_sheet_streams_in_pieces_as_the_whole_csv() {
        // Large enough for several pieces and a partly filled last one.
        let (bytes, csv) = book(30_000);
        assert!(csv.len() > 3 * PIECE, "{}", csv.len());
        let mut read = Vec::new();
        // Small reads cross the pieces' boundaries anywhere.
        let mut reader = stream(bytes, None).unwrap();
        let mut buf = [0; 1000];
        loop {
            let n = reader.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            read.extend_from_slice(&buf[..n]);
        }
        assert!(read == csv, "the streamed CSV differs from the sheet's");
        let (small, csv) = book(3);
        let mut read = Vec::new();
        stream(small, Some("people")).unwrap().read_to_end(&mut read).unwrap();
        assert_eq!(String::from_utf8(read).unwrap(), String::from_utf8(csv).unwrap());
    }

    #[test]
    fn failures_before_the_rows_are_returned_and_a_reader_may_stop_early() {
        let (bytes, _) = book(3);
        let Err(e) = stream(bytes.clone(), Some("nope")) else { panic!("no such sheet") };
        assert!(e.to_string().contains("no such sheet"), "{e}");
        let Err(e) = stream(b"PK\x03\x04 not a zip".to_vec(), None) else { panic!("not a zip") };
        assert!(e.to_string().contains("cannot read book.xlsx as a workbook"), "{e}");
        let empty = rust_xlsxwriter::Workbook::new().save_to_buffer().unwrap();
        let Err(e) = stream(empty, None) else { panic!("an empty sheet") };
        assert!(e.to_string().contains("is empty: no header row"), "{e}");
        // Dropped after a few bytes: the converting thread sees nobody wants more and ends.
        let (big, _) = book(30_000);
        let mut reader = stream(big, None).unwrap();
        let mut head = [0; 16];
        reader.read_exact(&mut head).unwrap();
        assert_eq!(&head, b"id,city,pay,note");
        drop(reader);
    }
}
