//! Why a batch, or one of its rows, failed: the [`Problem`]s and their messages.

use std::sync::Arc;

use crate::error::{Error, printable};
use crate::input::MAX_CHUNK;
use crate::tables::Column;

/// Why a batch, or one of its rows, failed. Each is one line on stderr (`mlsal: error: ...`);
/// bad rows exit with status 1 (`EXIT_ROWS`), a batch that could not run with 2.
#[derive(Debug, thiserror::Error)]
pub enum Problem {
    /// A value the tables refuse, with `estimate`'s message for it.
    #[error("{0}")]
    Value(Error),

    #[error("column `{}` is not valid UTF-8", printable(column))]
    NotUtf8 { column: String },

    /// A row with neither years nor a level: experience has no default.
    #[error("no `years` or `level` in this row: give one of them")]
    NoExperience,

    /// A row whose level is not the one its years give (a round trip's `level` agrees).
    #[error(
        "level `{}` disagrees with years `{years}`, which give `{gives}`: give one of them, or correct the other",
        printable(level)
    )]
    LevelDisagrees { level: String, years: f64, gives: String },

    /// A CSV row with more or fewer fields than the header; `names` as `listed` gives them.
    #[error("{}, expected {expected} ({names})", count(*.found as u64, "field", "fields"))]
    Width { found: usize, expected: usize, names: String },

    #[error("not a JSON object of strings and numbers: {}", json_message(.0))]
    Json(serde_json::Error),

    /// JSON Lines whose lines end with a lone `\r` (an old Mac's): read as one line.
    #[error(
        "not one JSON object but several, split by a lone carriage return: JSON Lines ends each line with a line feed (\\n or \\r\\n)"
    )]
    CrLines,

    #[error("this line is {what}, not a JSON object: each line must be one object, like `{{\"years\": 4}}`")]
    NotObject { what: &'static str },

    /// A JSON Lines key that is neither on the first line nor a profile column.
    #[error("key `{}` is not a column{}: the columns are the first line's keys and the profile columns", printable(key), did_you_mean(.suggestion))]
    UnknownKey { key: String, suggestion: Option<&'static str> },

    /// A JSON Lines object that gives a column twice: one key twice, or two names of one
    /// profile column (`city` and `location`). Never the last one wins.
    #[error("{}", repeated_key(first, second))]
    RepeatedKey { first: String, second: String },

    #[error("column `{}` holds `{}`: give a string, a number or null", printable(column), printable(value))]
    NotText { column: String, value: String },

    #[error("the name of column {column} is not valid UTF-8")]
    HeaderNotUtf8 { column: usize },

    #[error("columns `{}` and `{}` are the same column: give it once", printable(first), printable(second))]
    Repeated { first: String, second: String },

    #[error(
        "no profile column among {}{}{}: batch reads {}{}",
        listed(names, "`"),
        meant(misspelt),
        map_it(unread),
        columns(),
        one_column(names)
    )]
    NoProfileColumn {
        names: Vec<String>,
        misspelt: Option<(String, &'static str)>,
        unread: Option<(String, &'static str)>,
    },

    #[error(
        "no `years` or `level` column{}{}: each row needs one of them (columns: {})",
        meant(misspelt),
        map_it(unread),
        listed(names, "")
    )]
    NoExperienceColumn {
        names: Vec<String>,
        misspelt: Option<(String, &'static str)>,
        unread: Option<(String, &'static str)>,
    },

    /// With `--strict`, a column that looks like a profile field but is not read.
    #[error(
        "column `{}` looks like {column} but is not read: map it with --map '{}={column}', or rename it (refused with --strict)",
        printable(name),
        printable(name)
    )]
    Unread { name: String, column: &'static str },

    /// With `--strict`, a column name one typo away from a profile column.
    #[error(
        "column `{}` looks like a misspelt `{column}`: rename it, or leave out --strict to pass it through",
        printable(name)
    )]
    Misspelt { name: String, column: &'static str },

    /// The input's last record with a quote never closed: the lines after the quote were
    /// read into one field (as RFC 4180 readers read them), so they are no rows.
    #[error(
        "a quote opened in this row is never closed, so every line after it was read into this row: close the quote"
    )]
    OpenQuote,

    #[error(
        "a quote opened in the header is never closed, so the whole input was read as the header: close the quote"
    )]
    HeaderOpenQuote,

    /// A pay cell that is no amount (or no amount in the row's currency).
    #[error("column `{}` holds `{}`: {reason}", printable(column), printable(cell))]
    Pay { column: String, cell: String, reason: String },

    #[error("column `{}` is empty: no pay to review", printable(column))]
    NoPay { column: String },

    /// A record over `MAX_CHUNK`: that row's error; the rows after it are read.
    #[error("{} longer than {} MiB, the limit{}", if *.jsonl { "a line" } else { "a record" }, MAX_CHUNK >> 20,
        if *.jsonl { " for one JSON object" } else { ": is a quote left open?" })]
    TooLong { jsonl: bool },

    /// Excel's "Unicode text" and some Windows tools write UTF-16.
    #[error(
        "the input is UTF-16 (it starts with a UTF-16 byte order mark): batch reads UTF-8; save it as UTF-8 (in Excel, \"CSV UTF-8\")"
    )]
    Utf16,

    /// An input read as a JSON array that is none.
    #[error("{0}")]
    JsonArray(String),

    #[error("the header is longer than {} MiB: is a quote left open?", MAX_CHUNK >> 20)]
    HeaderTooLong,

    /// A pay review (`--pay-column`, `--summary`) of an input with nothing in it: no header,
    /// so no column to name.
    #[error("the input is empty (no header and no rows): {}", match pay_column {
        Some(name) => format!("there is no column `{}` to review", printable(name)),
        None => "there is nothing to summarise".into(),
    })]
    Empty { pay_column: Option<String> },

    /// With `--strict`, the first bad row. With `--summary`, no summary is written: it would
    /// cover only the rows before it. With `--budget`, no row is written at all: the budget is
    /// shared over every row, so the first pass, which reads them all before any is written,
    /// is where the run stops (and the rows before the bad one would otherwise look like a
    /// finished, smaller review).
    #[error(
        "line {line}: {}{}",
        flaw.message,
        if *budget {
            " (--strict stops at the first bad row, and a budget is shared over every row, so nothing is written)"
        } else if *summary {
            " (--strict stops at the first bad row, so no summary of part of the input is written)"
        } else {
            ""
        }
    )]
    Stopped { line: u64, flaw: Arc<Flaw>, summary: bool, budget: bool },

    /// Some rows were bad (each already reported on stderr).
    #[error("{bad} of {} had {}", count(*.total, "row", "rows"), if *.bad == 1 { "an error" } else { "errors" })]
    BadRows { bad: u64, total: u64 },
}

/// A bad row's message, made once from its [`Problem`]: a memo hands the same one to every
/// row with the same bad value. The message is one line (control characters escaped), in the
/// `error` column and on stderr alike.
#[derive(Debug)]
pub struct Flaw {
    pub message: String,
}

impl Problem {
    /// The exit status: the run finished (or `--strict` stopped it) with bad rows, or it could
    /// not run at all (no columns, not UTF-8, a JSON array read as CSV...).
    pub fn exit_code(&self) -> u8 {
        match self {
            Problem::BadRows { .. } | Problem::Stopped { .. } => crate::error::EXIT_ROWS,
            _ => crate::error::EXIT_FAILED,
        }
    }
}

impl From<Problem> for Flaw {
    fn from(problem: Problem) -> Self {
        Flaw { message: one_line(&problem.to_string()).into_owned() }
    }
}

/// The profile columns' names, for a message.
fn columns() -> String {
    Column::ALL.map(Column::name).join(", ")
}

/// `1 field`, `2 fields`.
fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn repeated_key(first: &str, second: &str) -> String {
    match first == second {
        true => format!("key `{}` is given twice: give it once", printable(first)),
        false => {
            format!("keys `{}` and `{}` name one column: give it once", printable(first), printable(second))
        }
    }
}

/// ` (map `Job Level` with --map 'Job Level=level')`: a column that looks like a profile
/// field, and how to read it as one.
fn map_it(unread: &Option<(String, &str)>) -> String {
    unread.as_ref().map_or(String::new(), |(name, column)| {
        format!(" (`{0}` looks like {column}: read it with --map '{0}={column}')", printable(name))
    })
}

fn meant(misspelt: &Option<(String, &str)>) -> String {
    misspelt.as_ref().map_or(String::new(), |(name, column)| {
        format!(" (is `{}` meant to be `{column}`?)", printable(name))
    })
}

/// Column names listed in a message (each in `quote`s): on one line, each cut short, and no
/// more than a dozen of a wide header, so that a message stays a line long.
pub(crate) fn listed(names: &[String], quote: &str) -> String {
    const LISTED: usize = 12;
    let mut list: Vec<String> =
        names.iter().take(LISTED).map(|n| format!("{quote}{}{quote}", printable(n))).collect();
    if names.len() > LISTED {
        list.push(format!("… {} in all", names.len()));
    }
    list.join(", ")
}

/// A header read as one column that looks like another separator's: the input is CSV.
fn one_column(names: &[String]) -> &'static str {
    match names {
        [one] if one.contains(['\t', ';', '|']) => ", comma-separated (this header is one column)",
        [first, ..] if first.starts_with('{') => {
            " (this header looks like JSON: for JSON Lines, leave out `--input-format csv`)"
        }
        _ => "",
    }
}

fn did_you_mean(suggestion: &Option<&str>) -> String {
    suggestion.map_or(String::new(), |s| format!(" (did you mean `{s}`?)"))
}

/// serde_json's message, less its position: a JSON line is one line, so the column is enough.
fn json_message(e: &serde_json::Error) -> String {
    e.to_string().replace(" at line 1 column ", " at column ")
}

/// `message` on one line: a value with a line break in it (a quoted CSV field may have one)
/// must not break the one-line-per-error contract on stderr.
pub(crate) fn one_line(message: &str) -> std::borrow::Cow<'_, str> {
    if !message.contains(char::is_control) {
        return message.into();
    }
    message
        .chars()
        .map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() })
        .collect()
}
