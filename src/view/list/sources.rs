//! The sources as `mlsal list sources` shows them: every key the tables cite (`S29`, `A`),
//! its full citation, and the tables whose figures cite it.

use std::io::{self, Write};

use serde::Serialize;

use crate::output::{Record, Rows, Style};
use crate::tables::{Factor, Tables};

/// One source: its key, its citation, and the tables that cite it (by their file's name).
#[derive(Serialize)]
pub(crate) struct SourceRow<'a> {
    key: &'a str,
    citation: &'a str,
    /// The tables whose rows cite the key, in the order of `data/`; empty for a source the
    /// data files list but no row cites.
    tables: Vec<&'static str>,
}

/// Whether a `source` field (`S9, S11, A`) cites `key`.
fn cites(source: &str, key: &str) -> bool {
    source.split([',', ';', ' ']).any(|k| k.trim() == key)
}

/// Every source of `tables`, in key order (`A`, `S1`, `S2`, ... `S10`), with the tables that
/// cite it.
pub(crate) fn source_rows(tables: &Tables) -> Vec<SourceRow<'_>> {
    let mut rows: Vec<SourceRow> = tables
        .sources
        .iter()
        .map(|(key, citation)| {
            let mut cited = Vec::new();
            if tables.bands.bands.iter().any(|b| cites(&b.source, key)) {
                cited.push("bands");
            }
            for f in Factor::ALL {
                if tables.factor(f).entries.iter().any(|e| cites(&e.source, key)) {
                    cited.push(f.name());
                }
            }
            if tables.currencies.entries.iter().any(|c| cites(&c.source, key)) {
                cited.push("currencies");
            }
            if tables.compensation.rows().any(|r| cites(&r.source, key)) {
                cited.push("compensation");
            }
            if tables.wages.entries.iter().any(|c| cites(&c.source, key)) {
                cited.push("wages");
            }
            SourceRow { key, citation, tables: cited }
        })
        .collect();
    rows.sort_by_key(|r| {
        let digits = r.key.trim_start_matches(|c: char| !c.is_ascii_digit());
        (
            r.key.len() - digits.len(),
            r.key[..r.key.len() - digits.len()].to_string(),
            digits.parse::<u64>().ok(),
        )
    });
    rows
}

impl Record for SourceRow<'_> {
    fn columns() -> Vec<&'static str> {
        vec!["key", "citation", "tables"]
    }

    fn rows(&self, out: &mut Rows) -> csv::Result<()> {
        #[derive(Serialize)]
        struct Row<'r> {
            key: &'r str,
            citation: &'r str,
            tables: String,
        }
        out.row(Row { key: self.key, citation: self.citation, tables: self.tables.join(" ") })
    }

    /// Each key with the tables citing it, and its citation on the line below: citations run
    /// long, and a column of them would push the tables off any screen.
    fn text(records: &[Self], w: &mut dyn Write, style: &Style) -> io::Result<()> {
        writeln!(w, "{}", style.bold("sources (key: tables citing it, then the citation)"))?;
        for r in records {
            let tables = match r.tables.is_empty() {
                true => "cited outside the profile tables".to_string(),
                false => r.tables.join(", "),
            };
            writeln!(w, "  {}: {}", style.bold(r.key), style.dim(&tables))?;
            writeln!(w, "      {}", r.citation)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::load_embedded;

    #[test]
    fn every_cited_key_is_listed_with_its_tables() {
        assert!(cites("S9, S11, A", "S11") && cites("A", "A") && !cites("S11", "S1"));
        let t = load_embedded().unwrap();
        let rows = source_rows(&t);
        let s29 = rows.iter().find(|r| r.key == "S29").unwrap();
        assert!(s29.tables.contains(&"location"), "{:?}", s29.tables);
        assert!(!s29.citation.is_empty());
        let a = rows.iter().find(|r| r.key == "A").unwrap();
        assert!(a.citation.starts_with("Article: "), "{}", a.citation);
        for f in Factor::ALL {
            for e in t.factor(f).entries.iter() {
                for key in e.source.split(',').map(str::trim) {
                    assert!(rows.iter().any(|r| r.key == key), "{f} {}: {key}", e.key);
                }
            }
        }
    }
}
