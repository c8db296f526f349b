//! `mlsal batch [FILE|-]`: a file of profiles in, one estimate per row out, streaming.
//!
//! Made for a million rows: one reused record, a memo of every value already looked up (so
//! `ProfileSpec::resolve` runs once per distinct value, not once per row), numbers written
//! with `itoa` into one buffered writer. Memory does not grow with the input.
//!
//! Every input row gives exactly one output row, in order. A bad row gets empty results and
//! its message in the `error` column, and is reported on stderr with its line number.

mod input;
mod known;
mod parallel;
pub mod record;
pub mod resolve;
mod sink;

use std::fs::File;
use std::io::{self, BufRead, Read, Write};
use std::path::Path;

use self::known::Known;
use self::record::{Fields, Line, Record};
use self::sink::{Priced, Text};
use crate::cli::BatchArgs;
use crate::cmd::Ctx;
use crate::error::Error;
use crate::model::{self, Options, estimate};
use crate::names::{fold, nearest};
use crate::tables::{Factor, Tables};

pub use sink::RESULT_COLUMNS;

/// The columns batch reads, by their names (the long flag names; `location` and
/// `company-size` are accepted too).
pub const COLUMNS: [&str; 7] =
    ["years", "level", "city", "education", "specialization", "industry", "company_size"];

pub fn run(args: &BatchArgs, ctx: &mut Ctx, err: &mut dyn Write) -> anyhow::Result<()> {
    let opts = ctx.options(&args.output)?;
    let (name, reader) = open(args.input.as_deref())?;
    let (format, reader) =
        input::sniff(reader, args.input_format).map_err(|source| Error::Io { path: name.clone(), source })?;
    let mut source = input::Source::new(format, reader, name);
    let mut record = Record::default();
    let columns = source.columns(&mut record)?;
    let mut sink = sink::Sink::new(ctx.out, args.output.format, ctx.tables, columns.as_ref(), opts.total)?;
    let Some(columns) = columns else { return sink.finish() };
    let job = Job { columns: &columns, tables: ctx.tables, opts: &opts, strict: args.strict };
    let (tables, warnings) = (ctx.tables, &ctx.warnings);
    let mut report = |note: Note| match note {
        // stderr is for diagnostics only; if it is gone there is nobody to tell.
        Note::Bad { line, message } => {
            let _ = writeln!(err, "mlsal: error: line {line}: {}", one_line(&message));
        }
        Note::Currency(code) => warnings.check_rate(tables, code),
    };
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(parallel::MAX_WORKERS);
    let counts = match source.into_csv() {
        // Many rows, several cores, and nothing that must stop early: split the work.
        Ok(csv) if workers > 1 && !args.strict && args.output.format != crate::output::Format::Json => {
            drop(sink);
            parallel::run(csv, &job, args.output.format, ctx.out, &mut report, workers)?
        }
        Ok(csv) => {
            let mut source = input::Source::from_csv(csv);
            let counts = job.rows(&mut job.memory(), &mut source, &mut sink, &mut report)?;
            sink.finish()?;
            counts
        }
        Err(mut source) => {
            let counts = job.rows(&mut job.memory(), &mut source, &mut sink, &mut report)?;
            sink.finish()?;
            counts
        }
    };
    if counts.bad > 0 {
        return Err(Error::BadRows { bad: counts.bad, total: counts.total }.into());
    }
    Ok(())
}

/// How many rows were read, and how many were bad.
#[derive(Clone, Copy, Debug, Default)]
pub struct Counts {
    pub total: usize,
    pub bad: usize,
}

/// What a run tells stderr about, in input order.
#[derive(Clone, Debug, PartialEq)]
pub enum Note<'t> {
    /// A bad row: its line and why.
    Bad { line: u64, message: String },
    /// Results in this currency follow (with `--currency local`, where each row has its own),
    /// so its rate's age is checked; given once per currency per run of [`Job::rows`].
    Currency(&'t str),
}

/// What every row needs: the columns, the tables, the options.
pub struct Job<'a> {
    pub columns: &'a Columns,
    pub tables: &'a Tables,
    pub opts: &'a Options<'a>,
    pub strict: bool,
}

/// What rows leave for the rows after them: the memo of values, the rows already priced, the
/// reused record. One per thread, kept from chunk to chunk.
pub struct Memory<'t> {
    resolver: resolve::Resolver<'t>,
    known: Known,
    record: Record,
}

impl<'t> Job<'t> {
    /// An empty memory for [`rows`](Self::rows).
    pub fn memory(&self) -> Memory<'t> {
        Memory {
            resolver: resolve::Resolver::new(self.tables),
            known: Known::new(self.columns),
            record: Record::default(),
        }
    }

    /// Estimates every row of `source` into `sink`. A bad row is written with its message
    /// and passed to `report`, or with `strict` ends the run as the error.
    ///
    /// The common row — a simple CSV line whose every value has been seen — is read in place
    /// and priced from memory ([`remembered`](Self::remembered)); any other goes the whole
    /// way: parsed into a record, resolved, estimated by [`estimate`].
    pub fn rows<B: BufRead>(
        &self,
        memory: &mut Memory<'t>,
        source: &mut input::Source<B>,
        sink: &mut sink::Sink,
        report: &mut dyn FnMut(Note<'t>),
    ) -> anyhow::Result<Counts> {
        let mut counts = Counts::default();
        let width = self.columns.names.len();
        // The currencies seen so far: with `--currency local`, a row's may be new.
        let mut currencies: Vec<&'t str> = Vec::new();
        let mut seen = |code: &'t str, report: &mut dyn FnMut(Note<'t>)| {
            if self.opts.local && !currencies.contains(&code) {
                currencies.push(code);
                report(Note::Currency(code));
            }
        };
        loop {
            if let Some((line, _)) = source.simple()?
                && line.count() == width
                && let Some(priced) = self.remembered(memory, &line)
            {
                seen(priced.amounts.currency, report);
                sink.good_line(&line, width, &priced)?;
                source.take_simple();
                counts.total += 1;
                continue;
            }
            let record = &mut memory.record;
            let Some(row) = source.next(self.columns, record)? else { break };
            counts.total += 1;
            let outcome = match row.problem {
                Some(problem) => Err(problem),
                None => memory.resolver.profile(self.columns, record).map_err(|e| e.to_string()),
            };
            match outcome {
                Ok(profile) => {
                    let priced = Priced::from(estimate(self.tables, &profile, self.opts));
                    seen(priced.amounts.currency, report);
                    sink.row(record, width, Ok(&priced))?;
                }
                Err(message) if self.strict => {
                    sink.finish()?;
                    return Err(Error::BadInput { line: row.line, message }.into());
                }
                Err(message) => {
                    counts.bad += 1;
                    // Reported before it is written, so a terminal shows the error first.
                    report(Note::Bad { line: row.line, message: message.clone() });
                    sink.row(record, width, Err(&message))?;
                }
            }
        }
        Ok(counts)
    }

    /// A simple line priced from memory, if its every value has been seen: its factors and
    /// multiplier by the rest of its line ([`Known`]), or cell by cell
    /// ([`resolve::Resolver::recall`], then remembered by the rest of the line); its
    /// experience's base from the memo. The numbers are [`estimate`]'s own steps after those
    /// it remembers (`model::base`, `model::multiplier`), so exactly its numbers.
    #[inline]
    fn remembered(&self, memory: &mut Memory<'t>, line: &Line) -> Option<Priced<'t>> {
        let key = memory.known.key(line);
        let row = match key.as_ref().and_then(|k| memory.known.get(k)) {
            Some(row) => *row,
            None => {
                let (_, factors) = memory.resolver.recall(self.columns, line)?;
                let multiplier = model::multiplier(self.tables, &factors).applied;
                let row = known::Row { factors, multiplier, text: Text::of(multiplier) };
                if let Some(key) = &key {
                    memory.known.insert(key, row);
                }
                row
            }
        };
        let base = memory.resolver.experience(self.columns, line)?;
        Some(Priced {
            placement: base.placement,
            multiplier: row.multiplier,
            text: row.text,
            amounts: model::amounts(self.tables, base, row.multiplier, &row.factors, self.opts),
        })
    }
}

/// `message` on one line: a value with a newline in it (a quoted CSV field may have one)
/// must not break the one-line-per-error contract on stderr.
fn one_line(message: &str) -> std::borrow::Cow<'_, str> {
    if message.contains(char::is_control) {
        message
            .chars()
            .map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() })
            .collect()
    } else {
        message.into()
    }
}

/// The input and its name for messages: a file, or stdin for none or `-`.
fn open(path: Option<&Path>) -> Result<(String, Box<dyn Read + Send>), Error> {
    match path {
        None => Ok(("<stdin>".into(), Box::new(io::stdin()))),
        Some(p) if p.as_os_str() == "-" => Ok(("<stdin>".into(), Box::new(io::stdin()))),
        Some(p) => {
            let name = p.display().to_string();
            match File::open(p) {
                Ok(f) => Ok((name, Box::new(f))),
                Err(source) => Err(Error::Io { path: name, source }),
            }
        }
    }
}

/// What an input column means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Years,
    Level,
    Factor(Factor),
}

impl Column {
    /// A column name as typed (case, spaces, `-` and `_` folded, as for values).
    pub fn parse(name: &str) -> Option<Column> {
        match fold(name).as_str() {
            "years" => Some(Column::Years),
            "level" => Some(Column::Level),
            _ => Factor::parse(name).map(Column::Factor),
        }
    }
}

/// The input's columns: their names as typed, and where each meaning is.
#[derive(Clone, Debug)]
pub struct Columns {
    pub names: Vec<String>,
    pub years: Option<usize>,
    pub level: Option<usize>,
    /// In [`Factor::ALL`] order.
    pub factors: [Option<usize>; 5],
}

impl Columns {
    /// Reads a header. Unknown, unnamed and repeated columns are errors, and so is a header
    /// with neither `years` nor `level` (experience has no default).
    pub fn from_names(names: Vec<String>) -> Result<Columns, String> {
        let mut c = Columns { names: Vec::new(), years: None, level: None, factors: [None; 5] };
        for (i, name) in names.iter().enumerate() {
            if name.is_empty() {
                return Err(format!("column {} has no name (valid columns: {})", i + 1, COLUMNS.join(", ")));
            }
            let column = Column::parse(name).ok_or_else(|| Columns::unknown(name))?;
            if let Some(j) = c.position(column) {
                return Err(format!("columns `{}` and `{name}` are the same column: give it once", names[j]));
            }
            *c.slot(column) = Some(i);
        }
        if c.years.is_none() && c.level.is_none() {
            return Err(format!(
                "no `years` or `level` column: each row needs one of them (columns: {})",
                names.join(", ")
            ));
        }
        c.names = names;
        Ok(c)
    }

    /// The message for an unknown column: its name, the nearest valid one, all valid ones.
    pub fn unknown(name: &str) -> String {
        Error::UnknownValue {
            what: "column",
            value: name.to_string(),
            suggestion: nearest(name, COLUMNS.iter().map(|c| (*c, *c))),
            choices: format!("valid columns: {}", COLUMNS.join(", ")),
        }
        .to_string()
    }

    fn slot(&mut self, column: Column) -> &mut Option<usize> {
        match column {
            Column::Years => &mut self.years,
            Column::Level => &mut self.level,
            Column::Factor(f) => &mut self.factors[f.index()],
        }
    }

    /// Where `column` is in the input, if it is there.
    pub fn position(&self, column: Column) -> Option<usize> {
        match column {
            Column::Years => self.years,
            Column::Level => self.level,
            Column::Factor(f) => self.factors[f.index()],
        }
    }

    /// The name of the column at `at`, as typed.
    pub fn name(&self, at: Option<usize>) -> &str {
        at.map_or("", |i| &self.names[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Result<Columns, String> {
        Columns::from_names(list.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn columns_in_any_order_with_forgiving_names() {
        let c = names(&["City", "years", "company-size"]).unwrap();
        assert_eq!((c.years, c.level), (Some(1), None));
        assert_eq!(c.factors, [Some(0), None, None, None, Some(2)]);
        assert!(names(&["level", "location"]).is_ok());
    }

    #[test]
    fn bad_headers_name_the_column_and_the_valid_ones() {
        let e = names(&["years", "citty"]).unwrap_err();
        assert!(e.contains("`citty`") && e.contains("`city`") && e.contains(&COLUMNS.join(", ")), "{e}");
        let e = names(&["years", "city", "location"]).unwrap_err();
        assert!(e.contains("`city` and `location`"), "{e}");
        let e = names(&["years", ""]).unwrap_err();
        assert!(e.contains("column 2 has no name"), "{e}");
        let e = names(&["city"]).unwrap_err();
        assert!(e.contains("no `years` or `level` column"), "{e}");
    }
}
