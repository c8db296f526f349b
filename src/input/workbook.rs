//! A workbook in (.xlsx, .xls, .ods, with `calamine`): one sheet read whole at the edge and
//! written as the CSV that batch reads, so the CSV path stays as it is (as `convert` does for
//! TSV and JSON arrays).
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

use std::io::Cursor;

use calamine::{Data, DataRef, Reader};

use crate::error::Error;

/// Whether `head` (a file's first bytes) starts a workbook: a zip or an OLE compound file.
pub(crate) fn is_workbook(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

/// Bytes to look at for [`is_workbook`].
pub(crate) const MAGIC: usize = 8;

/// The sheet of `bytes` (a workbook called `name`) as CSV. `sheet` is `--sheet`; `strict`
/// says, from a header cell, whether the column is a pay or years column (no date there).
pub(crate) fn to_csv(
    bytes: Vec<u8>,
    name: &str,
    sheet: Option<&str>,
    strict: &dyn Fn(&str) -> bool,
) -> Result<Vec<u8>, Error> {
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
        let mut csv = Csv::new(&chosen, name, strict);
        let mut row: Vec<(u32, Cell)> = Vec::new();
        let mut at = None;
        while let Some(next) = reader.next_cell_with_formula().map_err(|e| unreadable(&e))? {
            let (r, c) = next.pos;
            if at.is_some_and(|at| at != r) {
                csv.row(at.unwrap_or(0), &mut row)?;
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
    let mut csv = Csv::new(&chosen, name, strict);
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

/// The CSV being written from a sheet's rows, one line a sheet row.
struct Csv<'a> {
    out: Vec<u8>,
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
    fn new(sheet: &'a str, name: &'a str, strict: &'a dyn Fn(&str) -> bool) -> Self {
        Csv { out: Vec::new(), sheet, name, strict, header: None, line: 0, cells: Vec::new() }
    }

    /// Sheet row `at` (from 0) with its non-empty `cells` (column, cell), in column order;
    /// `cells` is emptied.
    fn row(&mut self, at: u32, cells: &mut Vec<(u32, Cell)>) -> Result<(), Error> {
        if cells.is_empty() {
            return Ok(());
        }
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

    fn end(self) -> Result<Vec<u8>, Error> {
        match self.header {
            Some(_) => Ok(self.out),
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
}
