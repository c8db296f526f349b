//! The tables' dates and ages, as `mlsal list tables`, `mlsal list` and `data path|check`
//! show them.

use std::io::{self, Write};

use serde::Serialize;

use crate::output::{Cell, Paint, Record, Rows, Style, Table};
use crate::tables::currency::Date;
use crate::tables::{Dated, OLD_YEARS, Tables};

/// One table's date, as `list tables`, `list` and `data path|check` show it.
pub(crate) struct DateRow {
    pub dated: Dated,
    pub today: Date,
}

impl DateRow {
    /// Whether `data check` warns about the table.
    pub(crate) fn old(&self) -> bool {
        self.dated.older_than(OLD_YEARS, self.today)
    }
}

/// Every dated table of `tables`, aged on `today`.
pub(crate) fn date_rows(tables: &Tables, today: Date) -> Vec<DateRow> {
    tables.dates().into_iter().map(|dated| DateRow { dated, today }).collect()
}

impl Serialize for DateRow {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Json<'a> {
            table: &'a str,
            file: &'a str,
            as_of: &'a str,
            /// Days from the start of the period `as_of` names to today.
            age_days: Option<i64>,
            age: String,
            /// Over [`OLD_YEARS`] years old: `data check` warns.
            old: bool,
        }
        let d = &self.dated;
        Json {
            table: d.table(),
            file: d.file,
            as_of: &d.as_of,
            age_days: d.since.map(|since| (self.today.days() - since.days()).max(0)),
            age: d.age(self.today),
            old: self.old(),
        }
        .serialize(s)
    }
}

impl Record for DateRow {
    fn columns() -> Vec<&'static str> {
        vec!["table", "file", "as_of", "age_days", "age", "old"]
    }

    /// The JSON object is flat, its fields the columns: the row is the record itself.
    fn rows(&self, out: &mut Rows) -> csv::Result<()> {
        out.row(self)
    }

    fn text(records: &[Self], w: &mut dyn Write, style: &Style) -> io::Result<()> {
        write_dates(records, w, style)
    }
}

/// The dates block as the lead of a text listing: the block, then a blank line.
pub(crate) fn dates_lead(rows: &[DateRow], w: &mut dyn Write, style: &Style) -> io::Result<()> {
    write_dates(rows, w, style)?;
    writeln!(w)
}

/// The dates block: each table, its `as_of` and its age, the old ones marked.
pub(crate) fn write_dates(rows: &[DateRow], w: &mut dyn Write, style: &Style) -> io::Result<()> {
    writeln!(w, "{}", style.bold("tables (as of, age)"))?;
    let mut table = Table::new();
    for r in rows {
        let age = r.dated.age(r.today);
        let age = match r.old() {
            true => Cell::new(format!("{age}, over {OLD_YEARS} years"), Paint::Warn),
            false => Cell::from(age),
        };
        table.row([Cell::from(r.dated.table()), Cell::from(r.dated.as_of.as_ref()), age]);
    }
    table.write(w, style)
}
