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

use calamine::{Data, DataType, Range, Reader};

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
    let values = book.worksheet_range(&chosen).map_err(|e| unreadable(&e))?;
    // Formulas, to tell a formula with no cached value from an empty cell.
    let formulas = book.worksheet_formula(&chosen).ok().filter(|f| !f.is_empty());
    sheet_to_csv(&values, formulas.as_ref(), &chosen, name, strict)
}

fn sheet_to_csv(
    values: &Range<Data>,
    formulas: Option<&Range<String>>,
    sheet: &str,
    name: &str,
    strict: &dyn Fn(&str) -> bool,
) -> Result<Vec<u8>, Error> {
    let empty = || Error::Usage { message: format!("sheet `{sheet}` of {name} is empty: no header row") };
    let Some((top, left)) = values.start() else { return Err(empty()) };
    let mut rows = values.rows().enumerate().skip_while(|(_, r)| r.iter().all(|c| c.is_empty()));
    let Some((header_at, header)) = rows.next() else { return Err(empty()) };
    let width = header.iter().rposition(|c| !c.is_empty()).map_or(0, |i| i + 1);
    let names: Vec<String> = header[..width].iter().map(|c| plain(c)).collect();
    let strict: Vec<bool> = names.iter().map(|n| strict(n)).collect();
    // One line a sheet row: the rows above the header are blank lines.
    let mut out = vec![b'\n'; top as usize + header_at];
    record(&mut out, &names);
    for (i, row) in rows {
        let at = top as usize + i + 1;
        let used = row.iter().rposition(|c| !c.is_empty()).map_or(0, |i| i + 1);
        let cells: Vec<String> = (0..used.max(width))
            .map(|j| {
                let cell = row.get(j).unwrap_or(&Data::Empty);
                let place = || format!("{sheet}!{}{at}", column_letters(left as usize + j));
                match cell {
                    Data::Error(e) => format!("{e} ({})", place()),
                    Data::Empty => match formulas
                        .and_then(|f| f.get_value((at as u32 - 1, left + j as u32)))
                        .filter(|f| !f.is_empty())
                    {
                        Some(f) => format!("formula ={f} without a value ({})", place()),
                        None => String::new(),
                    },
                    Data::DateTime(_) | Data::DateTimeIso(_) if strict.get(j) == Some(&true) => {
                        format!("a date, {} ({})", plain(cell), place())
                    }
                    _ => plain(cell),
                }
            })
            .collect();
        match cells.iter().all(String::is_empty) {
            true => out.push(b'\n'),
            false => record(&mut out, &cells),
        }
    }
    Ok(out)
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
