//! The view layer: one module per record type, each turning a typed result (an estimate, a
//! market, an offer, a comparison, a what-if report, a table listing, a pay-review summary, a
//! batch row) into text for people and into JSON objects and CSV/TSV rows (`Serialize` row
//! structs; a batch row, a million a run, is written straight into its chunk's buffer).
//! [`crate::output`] below it is the format sink; the commands above it compute and hand their
//! results here. The view imports neither `cmd` nor `cli`.
//!
//! Besides the record types: `words` holds the small words every view shares (level names,
//! numbers, multipliers, the pay year), `column` how compare shows the profile columns.

pub mod batch;
pub(crate) mod column;
pub(crate) mod compare;
pub(crate) mod equity;
pub mod estimate;
pub(crate) mod list;
pub mod market;
pub(crate) mod offer;
pub(crate) mod raise;
pub(crate) mod report;
pub(crate) mod summary;
pub(crate) mod svg;
pub(crate) mod whatif;
pub(crate) mod words;
