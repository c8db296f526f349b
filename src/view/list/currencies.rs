//! The exchange rates as `mlsal list currencies` shows them: each currency `--currency` takes,
//! its units per US dollar, and the rate's date and source.

use std::io::{self, Write};

use serde::Serialize;

use crate::output::{Cell, Num, Paint, Record, Rows, Style, Table};
use crate::tables::Tables;
use crate::tables::currency::{Currency, Date};

/// One currency as listed.
pub(crate) struct CurrencyRow<'a> {
    currency: &'a Currency,
    /// Its citation, from the table's sources.
    citation: Option<&'a str>,
}

/// Every currency, in the table's order (US dollars first).
pub(crate) fn currency_rows(tables: &Tables) -> Vec<CurrencyRow<'_>> {
    let citation =
        |key: &str| tables.sources.iter().find(|(k, _)| k.as_ref() == key).map(|(_, c)| c.as_ref());
    tables
        .currencies
        .entries
        .iter()
        .map(|currency| CurrencyRow { currency, citation: citation(&currency.source) })
        .collect()
}

impl Serialize for CurrencyRow<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Json<'a> {
            code: &'a str,
            name: &'a str,
            /// Units of the currency one US dollar buys.
            per_usd: f64,
            as_of: &'a str,
            source: &'a str,
            citation: Option<&'a str>,
        }
        let c = self.currency;
        Json {
            code: &c.code,
            name: &c.name,
            per_usd: c.per_usd,
            as_of: &c.as_of,
            source: &c.source,
            citation: self.citation,
        }
        .serialize(s)
    }
}

impl Record for CurrencyRow<'_> {
    fn columns() -> Vec<&'static str> {
        vec!["code", "name", "per_usd", "as_of", "source", "citation"]
    }

    fn rows(&self, out: &mut Rows) -> csv::Result<()> {
        #[derive(Serialize)]
        struct Row<'r> {
            code: &'r str,
            name: &'r str,
            per_usd: Num,
            as_of: &'r str,
            source: &'r str,
            citation: Option<&'r str>,
        }
        let c = self.currency;
        out.row(Row {
            code: &c.code,
            name: &c.name,
            per_usd: Num(c.per_usd),
            as_of: &c.as_of,
            source: &c.source,
            citation: self.citation,
        })
    }

    fn text(records: &[Self], w: &mut dyn Write, style: &Style) -> io::Result<()> {
        writeln!(w, "{}", style.bold("currencies (--currency CODE: units per US dollar)"))?;
        let mut table = Table::new();
        for r in records {
            let c = r.currency;
            let age =
                Date::parse(&c.as_of).map_or_else(String::new, |d| format!(", {} old", d.age(Date::today())));
            table.row([
                Cell::from(c.code.as_ref()),
                Cell::from(c.name.as_ref()),
                Cell::from(crate::view::words::num(c.per_usd)),
                Cell::new(format!("{} {}{age}", c.source, c.as_of), Paint::Dim),
            ]);
        }
        table.write(w, style)?;
        // The citations once each, below: they are long, and one source covers most rates.
        let mut cited: Vec<(&str, &str)> = Vec::new();
        for r in records {
            if let Some(citation) = r.citation
                && !cited.iter().any(|(k, _)| *k == r.currency.source.as_ref())
            {
                cited.push((&r.currency.source, citation));
            }
        }
        for (key, citation) in cited {
            writeln!(w, "  {}", style.dim(&format!("{key}: {citation}")))?;
        }
        Ok(())
    }
}
