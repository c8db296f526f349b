//! The view layer: one module per record type, each turning a typed result (an estimate, a
//! market, an offer, a comparison, a what-if report, a table listing) into text for people
//! and into JSON objects and CSV/TSV rows for programs. [`crate::output`] below it is the
//! format sink; the commands above it only compute and hand their results here.

pub mod column;
pub mod compare;
pub mod estimate;
pub mod list;
pub mod market;
pub mod offer;
pub mod whatif;
pub mod words;
