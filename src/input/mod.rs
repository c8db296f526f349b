//! The format source, below the commands as [`crate::output`] is the sink: a stream of CSV or
//! JSON Lines cut into chunks of whole records, and CSV records read fast. It knows nothing
//! of profiles or estimates; `cmd::batch` gives the records their meaning.
//!
//! - [`chunks`]: [`Chunks`] reads the input in pieces of whole records (a quoted field may
//!   run over line ends), so each piece can be read on its own, by another thread;
//! - [`fast`]: [`Records`], the records of a CSV chunk: a line with no quote split at its
//!   commas, any other by the csv crate's parser, and `record_end`, where [`Chunks`] cuts a
//!   CSV chunk; its property tests hold both to the csv crate;
//! - [`record`]: the reused [`Record`] a row is read into, and the facts of CSV that line
//!   numbers and echoing a row as read need (where records end, line ends, open quotes);
//! - [`convert`]: TSV and a JSON array, read whole and turned into CSV and JSON Lines.

pub(crate) mod chunks;
pub(crate) mod convert;
pub(crate) mod fast;
pub(crate) mod record;
pub(crate) mod workbook;

pub(crate) use chunks::{Chunks, MAX_CHUNK, Piece};
pub(crate) use fast::Records;
pub(crate) use record::Record;

/// The formats batch reads (`--input-format`, whose values `cli` names).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputFormat {
    /// Comma-separated values with a header row.
    Csv,
    /// One JSON object per line; the first line's keys are the columns.
    Jsonl,
    /// Tab-separated values with a header row, read whole and as CSV (`convert`).
    Tsv,
    /// A JSON array of objects, read whole and as JSON Lines (`convert`).
    Json,
}
