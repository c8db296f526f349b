//! The one way a table is read from its files: the built-in file first, then the user's of the
//! same name, each parsed once, with the `[sources]` they define merged in that order.
//!
//! Every builder goes through [`Overlay`], so a missing file is reported the same way for every
//! table, and a citation is checked against the sources of every file of its table: an overlay
//! may cite a source that only the built-in file defines.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;

use super::DataFile;
use super::diag::{Parsed, PendingSource, check_source, issue, parse, top};
use super::raw::{RawBandsFile, RawCurrencyFile, RawFactorFile, RawModelFile, RawPayFile, RawWagesFile};
use crate::error::{DataIssue, Location};

/// A file shape with a `[sources]` table.
pub(super) trait RawFile: DeserializeOwned {
    fn sources(&self) -> &BTreeMap<String, String>;
}

macro_rules! raw_file {
    ($($t:ty),*) => {$(
        impl RawFile for $t {
            fn sources(&self) -> &BTreeMap<String, String> {
                &self.sources
            }
        }
    )*};
}
raw_file!(RawFactorFile, RawBandsFile, RawModelFile, RawCurrencyFile, RawPayFile, RawWagesFile);

/// One table's files, parsed, in overlay order.
pub(super) struct Overlay<'a, T> {
    /// The files that parsed; one that did not is already an issue.
    pub parsed: Vec<Parsed<'a, T>>,
    /// Line 1 of the first file: where a problem of the whole table is reported.
    pub top: Location,
    sources: BTreeMap<String, String>,
}

impl<'a, T: RawFile> Overlay<'a, T> {
    /// Parses `files`; `None`, reported, when the table `name` has no file at all.
    pub(crate) fn read(
        name: &str,
        files: impl Iterator<Item = &'a DataFile>,
        issues: &mut Vec<DataIssue>,
    ) -> Option<Self> {
        let mut first = None;
        let mut parsed = Vec::new();
        for file in files {
            first.get_or_insert_with(|| top(file));
            parsed.extend(parse::<T>(file, issues));
        }
        let Some(top) = first else {
            let at = Location { file: name.to_string(), line: 1, col: 1 };
            issue(issues, at, format!("missing data file `{name}`"));
            return None;
        };
        let mut sources = BTreeMap::new();
        for p in &parsed {
            sources.extend(p.raw.sources().clone());
        }
        Some(Overlay { parsed, top, sources })
    }

    /// Checks each citation against the merged `[sources]`, then adds those to `all`.
    pub(crate) fn finish(
        self,
        cited: &[PendingSource],
        all: &mut BTreeMap<String, String>,
        issues: &mut Vec<DataIssue>,
    ) {
        for (source, at) in cited {
            check_source(source, at.clone(), &self.sources, issues);
        }
        all.extend(self.sources);
    }
}

/// Puts `item` where the item with the same key is (an overlay entry replaces the built-in
/// one), or at the end (a new key adds one).
pub(super) fn upsert<T, K: PartialEq + ?Sized>(items: &mut Vec<T>, item: T, key: impl Fn(&T) -> &K) {
    match items.iter_mut().find(|i| key(i) == key(&item)) {
        Some(slot) => *slot = item,
        None => items.push(item),
    }
}
