//! Every user-facing error, each with its own precise message and exit code.
//!
//! Exit codes (docs/GUIDE.md, "Exit codes"): 1 for runtime and data errors, 2 for usage errors
//! (a bad flag or value). `main` prints `mlsal: error: <message>` and maps the code.

use std::fmt;

/// A position in a data file, for `file:line:col: message` diagnostics.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub col: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.col)
    }
}

/// One problem found in the data tables.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataIssue {
    pub at: Location,
    pub message: String,
}

impl fmt::Display for DataIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A factor key, level or other named value that is not in its table.
    #[error("{} ({choices})", unknown(what, value, suggestion.as_deref()))]
    UnknownValue {
        what: &'static str,
        value: String,
        suggestion: Option<String>,
        /// Where the valid choices are: "all choices: `mlsal list location`".
        choices: String,
    },

    /// A name of more than one entry (`arlington` is in the Dallas and the Washington metros):
    /// picking one would be a guess.
    #[error(
        "ambiguous {what} `{}`: it could be {}; give one of those keys",
        printable(value),
        options.iter().map(|(key, label)| format!("`{key}` ({label})")).collect::<Vec<_>>().join(" or ")
    )]
    Ambiguous { what: &'static str, value: String, options: Vec<(String, String)> },

    /// A place given with its state or country (`portland me`, `cambridge uk`) that no entry
    /// in that state or country is: the other entries of that name are not it.
    #[error("{}", not_covered(.0))]
    NotCovered(Box<NotCovered>),

    /// A bare name of a covered US city that is also a better-known city abroad (`vancouver`):
    /// picking one would be a guess.
    #[error(
        "ambiguous {} `{}`: it could be {here}, in `{}` ({}), or {}, which mlsal does not cover; for {here}, give `{}`",
        .0.what, printable(&.0.value), .0.key, .0.label, .0.elsewhere, .0.pick, here = .0.here
    )]
    TwoPlaces(Box<TwoPlaces>),

    /// `--years` (or a `years` column) that is not a finite number from 0 to 60.
    #[error("invalid years `{}`: {reason}", printable(value))]
    InvalidYears { value: String, reason: &'static str },

    /// A command-line usage error found by the argument parser, reworded into one line.
    #[error("{message}")]
    Usage { message: String },

    /// Any other flag value that parses but makes no sense.
    #[error("invalid value `{}` for {flag}: {reason}", printable(value))]
    InvalidValue { flag: &'static str, value: String, reason: String },

    /// A shared flag that one command cannot honour (`market --total`): refused, so no format
    /// quietly drops or half-applies it.
    #[error("{flag} does not apply to `mlsal {command}`: {reason}")]
    NotForCommand { flag: &'static str, command: &'static str, reason: &'static str },

    /// `compare` was asked for more rows than it builds; counted before building any.
    #[error(
        "too many combinations: {asked} asked ({detail}), the limit is {limit}\nhint: shorten a list or use a coarser --years step (A..B:STEP)"
    )]
    TooManyCombinations { asked: String, detail: String, limit: String },

    /// Problems in the data tables, each with file, line and column.
    #[error("{}", issues.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Data { issues: Vec<DataIssue> },

    /// `--bands market` with a market table that has no survey cell for a level of the bands:
    /// a gap in the data (exit 1), not a mistake on the command line.
    #[error(
        "--bands market: the market table has no survey cell for US {group} at level `{level}` ({year} or pooled {pooled})\nhint: use --bands article, or add the cell to market.toml (`mlsal data check` lists every gap)"
    )]
    MarketGap { group: &'static str, level: String, year: &'static str, pooled: String },

    /// A data file or directory that could not be read or written. The io error follows
    /// as the cause (`path: No such file or directory`), so it is not repeated here.
    #[error("{path}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },

    /// A data directory named by `--data`, `MLSAL_DATA` or `mlsal data check DIR` that is not
    /// there: falling back to the built-in tables would hide the typo.
    #[error("data directory `{path}` (from {from}) {reason}")]
    DataDir { path: String, from: &'static str, reason: &'static str },

    /// `mlsal data export` would replace files without `--force`.
    #[error("refusing to overwrite {} in `{dir}` (use --force to replace them)", files.join(", "))]
    WouldOverwrite { dir: String, files: Vec<String> },

    /// `mlsal data check` found problems (each already printed on stdout).
    #[error("{count} problem{} found in the data", if *count == 1 { "" } else { "s" })]
    CheckFailed { count: usize },

    /// Standard output was closed before mlsal started (`mlsal list >&-`). Rust's standard
    /// library quietly drops writes to a closed stdout, which would turn a lost result into
    /// a success; a reader that went away (a closed pipe) is a different thing and stays quiet.
    #[error(
        "standard output is closed: the results have nowhere to go\nhint: redirect it to a file or /dev/null instead of closing it"
    )]
    StdoutClosed,

    /// Standard input was closed when the process started (`mlsal batch <&-`): read as an
    /// empty file, it would pass for an input with no rows.
    #[error(
        "standard input is closed: there is no input to read\nhint: give a FILE, or redirect /dev/null for an empty input"
    )]
    StdinClosed,

    /// An environment variable mlsal reads, set to something it cannot use. Ignoring it would
    /// print dates the caller did not ask for.
    #[error("{name} is `{}`: {expected}\nhint: fix it or unset it", printable(value))]
    BadEnv { name: &'static str, value: String, expected: &'static str },
}

/// The longest piece of user input quoted back in a message.
const QUOTE_MAX: usize = 60;

/// User input as it can be quoted in a one-line message: control characters (a newline, an
/// escape sequence) escaped, so one error stays one line and cannot repaint the terminal, and
/// an overlong value cut short.
pub(crate) fn printable(value: &str) -> String {
    let mut out = String::new();
    for (i, c) in value.chars().enumerate() {
        if i == QUOTE_MAX {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// `unknown location `seatle`: did you mean `seattle`?`, or `empty location` for "".
fn unknown(what: &str, value: &str, suggestion: Option<&str>) -> String {
    if value.trim().is_empty() {
        return format!("empty {what}: give a value");
    }
    let hint = suggestion.map(|s| format!(": did you mean `{s}`?")).unwrap_or_default();
    format!("unknown {what} `{}`{hint}", printable(value))
}

/// The details of [`Error::NotCovered`].
#[derive(Debug)]
pub struct NotCovered {
    pub what: &'static str,
    pub value: String,
    /// The state or country, as a message names it: `Maine`, `the UK`.
    pub region: &'static str,
    /// The nearest name among the places in that region only.
    pub suggestion: Option<String>,
    /// The keys of the places in that region.
    pub covered: Vec<String>,
    pub choices: String,
    /// The value is the state or country alone (`oregon`; ` OR` of `compare --city
    /// "Portland, OR"`, whose comma splits the list), not a place in it.
    pub region_only: bool,
}

/// The details of [`Error::TwoPlaces`].
#[derive(Debug)]
pub struct TwoPlaces {
    pub what: &'static str,
    pub value: String,
    /// The covered reading: `Vancouver, WA`.
    pub here: String,
    pub key: String,
    pub label: String,
    /// How to name the covered one: `vancouver wa`.
    pub pick: String,
    /// The reading abroad: `Vancouver, BC, Canada`.
    pub elsewhere: &'static str,
}

/// How many keys of a state or country a message lists before `and N more`.
const COVERED_SHOWN: usize = 6;

/// `location `portland me` is not covered: mlsal has no place in Maine`, or the places it has
/// there, or the nearest of them.
fn not_covered(e: &NotCovered) -> String {
    let (what, value, region, choices) = (e.what, printable(&e.value), e.region, &e.choices);
    if let Some(s) = &e.suggestion {
        return format!("unknown {what} `{value}`: did you mean `{s}`, in {region}? ({choices})");
    }
    let is = if e.region_only {
        format!("{what} `{value}` is {region}, not a place in it")
    } else {
        format!("{what} `{value}` is not covered")
    };
    if e.covered.is_empty() {
        return format!("{is}: mlsal has no place in {region} ({choices})");
    }
    let mut shown: Vec<String> = e.covered.iter().take(COVERED_SHOWN).map(|k| format!("`{k}`")).collect();
    if e.covered.len() > COVERED_SHOWN {
        shown.push(format!("and {} more", e.covered.len() - COVERED_SHOWN));
    }
    format!("{is}: in {region}, mlsal has {} ({choices})", shown.join(", "))
}

/// The exit status of a run that finished but found problems: a batch with bad rows (or one
/// stopped by `--strict` at its first), `data check` with problems.
pub const EXIT_ROWS: u8 = 1;

/// The exit status of a run that could not be done: a usage error, a bad value, a file that
/// cannot be read or written, broken data, a closed stdin or stdout.
pub const EXIT_FAILED: u8 = 2;

impl Error {
    /// The process exit code for this error: [`EXIT_FAILED`], or [`EXIT_ROWS`].
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage { .. }
            | Error::UnknownValue { .. }
            | Error::Ambiguous { .. }
            | Error::NotCovered(_)
            | Error::TwoPlaces(_)
            | Error::InvalidYears { .. }
            | Error::InvalidValue { .. }
            | Error::NotForCommand { .. }
            | Error::TooManyCombinations { .. }
            | Error::BadEnv { .. }
            | Error::Data { .. }
            | Error::MarketGap { .. }
            | Error::Io { .. }
            | Error::DataDir { .. }
            | Error::WouldOverwrite { .. }
            | Error::StdoutClosed
            | Error::StdinClosed => EXIT_FAILED,
            // `data check` ran to its end and found problems, as a batch with bad rows.
            Error::CheckFailed { .. } => EXIT_ROWS,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_value_names_value_suggestion_and_list() {
        let e = Error::UnknownValue {
            what: "location",
            value: "seatle".into(),
            suggestion: Some("seattle".into()),
            choices: "all choices: `mlsal list location`".into(),
        };
        assert_eq!(
            e.to_string(),
            "unknown location `seatle`: did you mean `seattle`? (all choices: `mlsal list location`)"
        );
        assert_eq!(e.exit_code(), 2);
    }

    #[test]
    fn user_input_is_quoted_on_one_line_and_cut_short() {
        assert_eq!(printable("new\nyork"), "new\\nyork");
        assert_eq!(printable("a\u{1b}[31mred"), "a\\u{1b}[31mred");
        let long = "x".repeat(500);
        assert_eq!(printable(&long).chars().count(), QUOTE_MAX + 1);
        let e = Error::UnknownValue {
            what: "location",
            value: " ".into(),
            suggestion: None,
            choices: "c".into(),
        };
        assert_eq!(e.to_string(), "empty location: give a value (c)");
    }
}
