//! An HR export as it is, mapped onto the profile columns: `--map 'Highest Degree=education'`
//! names the column a profile column is read from, `--map-values level:L4=mid,L5=senior`
//! what a column's values mean, `--map-file FILE` both from a TOML file (which `data check`
//! validates), and the profile flags fill a missing column or an empty cell for the whole file.
//!
//! ```toml
//! [columns]
//! "Highest Degree" = "education"
//! "Job Level" = "level"
//!
//! [values.level]
//! L3 = "entry"
//! L4 = "mid"
//! L5 = "senior"
//! ```

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use crate::error::{Error, printable};
use crate::model::parse_years;
use crate::names::fold;
use crate::tables::{Column, Tables};

/// How an input's columns and values are read, beyond their names.
#[derive(Clone, Debug, Default)]
pub(crate) struct Mapping {
    /// Input column names (as given, matched as `--pay-column` matches) and the profile column
    /// each is read as.
    pub(crate) columns: Vec<(String, Column)>,
    /// Per profile column ([`Column::ALL`] order): a value (folded) to the value it means.
    pub(crate) values: [FxHashMap<String, String>; Column::COUNT],
    /// Per profile column: the value of a row that has none (no column, or an empty cell).
    pub(crate) defaults: [Option<String>; Column::COUNT],
}

/// The profile columns, named for a message.
fn profile_columns() -> String {
    Column::ALL.map(|c| format!("`{}`", c.name())).join(", ")
}

/// A profile column named by a map, or an error naming `flag` and the choices.
fn target(name: &str, flag: &'static str, whole: &str) -> Result<Column, Error> {
    Column::parse(name.trim()).ok_or_else(|| Error::InvalidValue {
        flag,
        value: whole.to_string(),
        reason: format!("`{}` is no profile column (one of: {})", printable(name.trim()), profile_columns()),
    })
}

impl Mapping {
    /// Adds `--map 'NAME=COLUMN'`: the input column NAME is read as the profile column.
    pub(crate) fn add_column(&mut self, spec: &str) -> Result<(), Error> {
        let Some((name, column)) = spec.rsplit_once('=').filter(|(n, _)| !n.trim().is_empty()) else {
            return Err(Error::InvalidValue {
                flag: "--map",
                value: spec.to_string(),
                reason: "give it as 'INPUT COLUMN=PROFILE COLUMN', such as 'Highest Degree=education'".into(),
            });
        };
        let column = target(column, "--map", spec)?;
        self.columns.push((name.trim().to_string(), column));
        Ok(())
    }

    /// Adds `--map-values COLUMN:FROM=TO,FROM=TO`: in the profile column COLUMN, a value FROM
    /// (case, spaces, `-`, `_`, `.` and `'` ignored) is read as TO, which must be a value the
    /// tables know.
    pub(crate) fn add_values(&mut self, spec: &str, tables: &Tables) -> Result<(), Error> {
        let bad =
            |reason: String| Error::InvalidValue { flag: "--map-values", value: spec.to_string(), reason };
        let form = "give it as 'COLUMN:FROM=TO,FROM=TO', such as 'level:L3=entry,L4=mid,L5=senior'";
        let (column, pairs) = spec.split_once(':').ok_or_else(|| bad(form.into()))?;
        let column = target(column, "--map-values", spec)?;
        for pair in pairs.split(',').filter(|p| !p.trim().is_empty()) {
            let (from, to) =
                pair.rsplit_once('=').ok_or_else(|| bad(format!("`{}`: {form}", printable(pair))))?;
            self.add_value(column, from, to, tables).map_err(|e| bad(e.to_string()))?;
        }
        Ok(())
    }

    /// One value of a value map, checked: TO must be a value of COLUMN.
    fn add_value(&mut self, column: Column, from: &str, to: &str, tables: &Tables) -> Result<(), Error> {
        let to = to.trim();
        match column {
            Column::Years => parse_years(to).map(drop)?,
            Column::Level => tables.bands.resolve(to).map(drop)?,
            Column::Factor(f) => tables.factor(f).resolve(to).map(drop)?,
        }
        self.values[column.index()].insert(fold(from), to.to_string());
        Ok(())
    }

    /// Sets the file-wide default of a profile column (a profile flag given to batch).
    pub(crate) fn set_default(&mut self, column: Column, value: Option<&str>) {
        self.defaults[column.index()] = value.map(str::to_string);
    }

    /// Reads a map file: `[columns]` (input name = profile column) and `[values.COLUMN]`
    /// (value = what it means), each checked as the flags are. `name` is the file's, for
    /// messages.
    pub(crate) fn add_file(&mut self, name: &str, text: &str, tables: &Tables) -> Result<(), Error> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct File {
            #[serde(default)]
            columns: BTreeMap<String, String>,
            #[serde(default)]
            values: BTreeMap<String, BTreeMap<String, String>>,
        }
        let bad = |reason: String| Error::Usage { message: format!("{name}: {reason}") };
        let file: File = toml::from_str(text).map_err(|e| bad(e.message().to_string()))?;
        for (from, to) in &file.columns {
            let column = Column::parse(to).ok_or_else(|| {
                bad(format!(
                    "[columns] `{}` = `{}`: no profile column (one of: {})",
                    printable(from),
                    printable(to),
                    profile_columns()
                ))
            })?;
            self.columns.push((from.trim().to_string(), column));
        }
        for (column, values) in &file.values {
            let parsed = Column::parse(column).ok_or_else(|| {
                bad(format!(
                    "[values.{}]: no profile column (one of: {})",
                    printable(column),
                    profile_columns()
                ))
            })?;
            for (from, to) in values {
                self.add_value(parsed, from, to, tables)
                    .map_err(|e| bad(format!("[values.{}] `{}`: {e}", printable(column), printable(from))))?;
            }
        }
        Ok(())
    }

    /// The value to look up for `text` (a cell, trimmed) in profile column `slot`: an empty
    /// cell's default, else what the value map makes of it, else the cell.
    pub(crate) fn given<'t>(&'t self, slot: usize, text: &'t str) -> &'t str {
        match text {
            "" => self.defaults[slot].as_deref().unwrap_or(""),
            text if self.values[slot].is_empty() => text,
            text => self.values[slot].get(&fold(text)).map_or(text, String::as_str),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::load_embedded;
    use crate::tables::Factor;

    #[test]
    fn maps_are_read_and_checked() {
        let t = load_embedded().unwrap();
        let mut m = Mapping::default();
        m.add_column("Highest Degree=education").unwrap();
        m.add_column(" Job Level = level").unwrap();
        assert_eq!(
            m.columns,
            [
                ("Highest Degree".to_string(), Column::Factor(Factor::Education)),
                ("Job Level".to_string(), Column::Level)
            ]
        );
        m.add_values("level:L3=entry, L4=mid,l5 = senior", &t).unwrap();
        assert_eq!((m.given(1, "L4"), m.given(1, "l5"), m.given(1, "L6")), ("mid", "senior", "L6"));
        m.set_default(Column::Factor(Factor::Industry), Some("finance"));
        assert_eq!((m.given(5, ""), m.given(5, "tech"), m.given(4, "")), ("finance", "tech", ""));
        let err = |r: Result<(), Error>| r.unwrap_err().to_string();
        assert!(err(m.add_column("Degree")).contains("'INPUT COLUMN=PROFILE COLUMN'"));
        assert!(
            err(m.add_column("Degree=degree")).contains("`degree` is no profile column (one of: `years`,")
        );
        assert!(err(m.add_values("level:L7=principal", &t)).contains("unknown level `principal`"));
        assert!(err(m.add_values("level L7=senior", &t)).contains("'COLUMN:FROM=TO,FROM=TO'"));
        let file = "[columns]\n\"Office\" = \"city\"\n[values.education]\n\"Some College\" = \"none\"\n";
        m.add_file("map.toml", file, &t).unwrap();
        assert_eq!(m.given(3, "some college"), "none");
        assert!(
            err(m.add_file("m.toml", "[values.education]\nX = \"doctor who\"\n", &t))
                .starts_with("m.toml: [values.education] `X`: unknown education")
        );
        assert!(err(m.add_file("m.toml", "[colums]\n", &t)).starts_with("m.toml: unknown field `colums`"));
    }
}
