//! `--format xlsx` (or `-o FILE.xlsx`): a command's records as a workbook. A command writes
//! its CSV as ever, and `output::xlsx::Book` makes it a sheet (typed cells, number formats),
//! followed by a "Sources" sheet: every source key with its citation, as `mlsal list sources`.
//! Batch streams its rows into the book itself (`cmd::batch`), in constant memory.

use std::io::Write;
use std::path::Path;

use crate::output::xlsx::Book;
use crate::output::{Format, Style, emit};
use crate::tables::Tables;
use crate::view::list::source_rows;

/// The refusal to write a workbook's bytes to a terminal.
pub(crate) const TO_TERMINAL: &str = "a workbook (--format xlsx) is not written to a terminal: give -o FILE.xlsx, or redirect stdout to a file";

/// Whether `path` names a workbook (`.xlsx`, any case).
pub(crate) fn is_xlsx_path(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// Every source the tables cite, as `mlsal list sources --format csv`.
pub(crate) fn sources_csv(tables: &Tables) -> anyhow::Result<Vec<u8>> {
    let mut csv = Vec::new();
    emit(&mut csv, Format::Csv, &Style::plain(), &source_rows(tables), &tables.data)?;
    Ok(csv)
}

/// Writes a workbook to `out`: a sheet called `name` holding `csv`, then the Sources sheet.
pub(crate) fn write(name: &str, csv: &[u8], tables: &Tables, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut book = Book::new()?;
    book.add_csv(name, csv)?;
    book.add_csv("Sources", &sources_csv(tables)?)?;
    book.save(out)
}
