//! Positions and diagnostics: parsing a file with its line index, and the checks every
//! table shares (numbers, source citations). Every problem is a [`DataIssue`] with its file,
//! line and column; nothing stops at the first.

use std::collections::BTreeMap;

use toml::Spanned;

use super::DataFile;
use crate::error::{DataIssue, Location};

/// A parsed file with the means to turn byte spans into line and column.
pub(super) struct Parsed<'a, T> {
    pub file: &'a DataFile,
    pub raw: T,
    /// Where each line starts: every entry's position is taken at load, so finding a line
    /// must not rescan the file (that was half of start-up).
    pub line_starts: Vec<usize>,
}

impl<T> Parsed<'_, T> {
    pub(crate) fn at(&self, span: std::ops::Range<usize>) -> Location {
        let offset = span.start.min(self.file.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let col = self.file.text.get(start..offset).map_or(0, |l| l.chars().count()) + 1;
        Location { file: self.file.origin.clone(), line, col }
    }

    /// Line 1 of the file: where a problem of the whole file is reported.
    pub(crate) fn top(&self) -> Location {
        top(self.file)
    }
}

/// Line 1 of `file`.
pub(super) fn top(file: &DataFile) -> Location {
    Location { file: file.origin.clone(), line: 1, col: 1 }
}

pub(super) fn locate(file: &DataFile, offset: usize) -> Location {
    let before = &file.text[..offset.min(file.text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Location { file: file.origin.clone(), line, col }
}

pub(super) fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect()
}

/// Whether `at` is in a built-in table: a problem between a built-in line and a user's line
/// is reported at the user's, the only one they can see and edit.
pub(super) fn is_builtin(at: &Location) -> bool {
    at.file.starts_with(super::EMBEDDED_ORIGIN)
}

pub(super) fn issue(issues: &mut Vec<DataIssue>, at: Location, message: impl Into<String>) {
    issues.push(DataIssue { at, message: message.into() });
}

pub(super) fn parse<'a, T: serde::de::DeserializeOwned>(
    file: &'a DataFile,
    issues: &mut Vec<DataIssue>,
) -> Option<Parsed<'a, T>> {
    match toml::from_str::<T>(&file.text) {
        Ok(raw) => Some(Parsed { file, raw, line_starts: line_starts(&file.text) }),
        Err(e) => {
            let at = locate(file, e.span().map_or(0, |s| s.start));
            issue(issues, at, e.message().trim_end().replace('\n', " "));
            None
        }
    }
}

/// Checks that every comma-separated key in `source` is a defined source.
pub(super) fn check_source(
    source: &Spanned<String>,
    at: Location,
    defined: &BTreeMap<String, String>,
    issues: &mut Vec<DataIssue>,
) {
    let keys: Vec<&str> = source.get_ref().split(',').map(str::trim).filter(|k| !k.is_empty()).collect();
    if keys.is_empty() {
        issue(issues, at, "`source` is empty: name at least one source key");
        return;
    }
    for k in keys {
        if !defined.contains_key(k) {
            issue(issues, at.clone(), format!("source `{k}` is not defined in [sources]"));
        }
    }
}

/// A number as a message quotes it: `1e-300`, not three hundred zeros; `2.5` as itself.
pub(super) fn shown(x: f64) -> String {
    if x == 0.0 || (1e-4..1e9).contains(&x.abs()) { x.to_string() } else { format!("{x:e}") }
}

pub(super) fn check_number(
    value: &Spanned<f64>,
    what: &str,
    at: Location,
    issues: &mut Vec<DataIssue>,
) -> bool {
    let v = *value.get_ref();
    if !v.is_finite() {
        issue(issues, at, format!("{what} must be a finite number, not {}", shown(v)));
        return false;
    }
    true
}

/// A table's `as_of` names a year, a month or a day (`2024`, `2025-07`, `2026-10-30`), so
/// its age can be told.
pub(super) fn check_as_of(value: &Spanned<String>, at: Location, issues: &mut Vec<DataIssue>) {
    if crate::tables::currency::Date::parse_period(value.get_ref()).is_none() {
        issue(
            issues,
            at,
            format!(
                "as_of `{}` is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, like `as_of = \"2024\"`",
                value.get_ref()
            ),
        );
    }
}

/// A value checked against the merged `[sources]` once every file has been read, since an
/// overlay may cite a source defined in the built-in file.
pub(super) type PendingSource = (Spanned<String>, Location);
