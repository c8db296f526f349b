//! One chunk of rows: read into a reused record, looked up, estimated, written.
//!
//! Each value is looked up through its column's memo (`worker`).
//!
//! A good CSV row is written back as it was read (by `view::batch::Writer`): its input bytes, then the result cells (CSV
//! in, CSV out). The input columns are never taken apart and put together again, so a row
//! costs one parse and one copy, and extra columns pass through exactly as given. Any other
//! row (TSV or JSON out, JSON Lines in, a bad row) is written cell by cell.

use std::sync::Arc;

use super::json;
use super::layout::{BY_LEVEL, BY_VERDICT, Layout};
use super::problem::{Flaw, Problem, listed};
use super::worker::{Worker, flaw};
use crate::input::record::{self, Record};
use crate::input::{InputFormat, Piece, Records};
use crate::model::summary::{Groups, Rolled};
use crate::model::{Estimate, Options, estimate};
use crate::output::Format;
use crate::tables::{Factor, Tables};
use crate::view::batch::{Columns, Input, Reviewed, Writer};

/// What every chunk needs: the tables and options every estimate uses, the layout, the row
/// writer (`view::batch::Writer`), the input format, and what the run does with a bad row or
/// a summary.
pub struct Job<'a> {
    tables: &'a Tables,
    /// The options, with the pay year found once.
    opts: Options<'a>,
    pub(crate) writer: Writer<'a>,
    pub(crate) layout: &'a Layout,
    input: InputFormat,
    strict: bool,
    /// With `--summary`, the `--by` columns: rows are counted in their group, not written.
    pub(super) by: Option<Vec<usize>>,
    /// For each `--by` column, the factor it is a profile column of: its rows are grouped by
    /// the key their value resolves to (`SF` and `San Francisco` are `sf`), typed values noted.
    pub(super) by_factor: Vec<Option<Factor>>,
    /// The pay-equity check keeps every row's pay in its groups (a plain summary does not).
    pub(super) keep_pays: bool,
    /// With `--summary` into a workbook, every row is also written (its second sheet).
    pub(super) rows_too: bool,
    /// The occupation whose wage level each pay reaches (`--soc`).
    pub(crate) soc: &'static str,
    /// Each pay converted to the run's currency (`--currency X` with a `currency` column).
    convert: bool,
    /// With `--budget`, what each reviewed row's raise needs (raise.rs).
    pub(crate) raise: Option<super::raise::RaiseJob<'a>>,
}

/// What a chunk gave.
#[derive(Debug, Default)]
pub struct Done<'a> {
    pub(crate) out: Vec<u8>,
    pub rows: u64,
    /// Line ends in the chunk, to number the lines of the next one.
    pub(crate) newlines: u64,
    /// The bad rows, by their line in the chunk (from 1), in order.
    pub bad: Vec<(u64, Arc<Flaw>)>,
    /// With `strict`, the first bad row: the chunk stops before it.
    pub(crate) stop: Option<(u64, Arc<Flaw>)>,
    /// With `--currency local` (or a `currency` column), the currencies of the results, in
    /// order of first use.
    pub(crate) currencies: Vec<&'a str>,
    /// With `--summary`, the chunk's rows counted by group.
    pub(crate) groups: Groups,
    /// With `--budget`: pass 1's tally, pass 2's rows to give raises, and the rows whose
    /// rating the matrix does not know.
    pub(crate) tally: crate::model::raise::Tally,
    pub(crate) raises: Vec<super::raise::Marked>,
    pub(crate) unrated: u64,
}

impl<'a> Job<'a> {
    pub fn new(
        tables: &'a Tables,
        opts: &Options<'a>,
        layout: &'a Layout,
        input: InputFormat,
        format: Format,
        strict: bool,
    ) -> Self {
        Job::converting(tables, opts, layout, input, format, strict, false)
    }

    /// A [`Job`] that, with `convert` (`--currency X` given) and a `currency` column, makes
    /// every estimate in X and converts each pay to it from its row's currency.
    pub fn converting(
        tables: &'a Tables,
        opts: &Options<'a>,
        layout: &'a Layout,
        input: InputFormat,
        format: Format,
        strict: bool,
        convert: bool,
    ) -> Self {
        let convert = convert && !opts.local && layout.pay.is_some() && layout.currency.is_some();
        let columns = Columns {
            names: layout.output_names(),
            review: layout.pay.is_some(),
            package: layout.package(),
            currency: layout.currency.is_some(),
            convert,
            csv: input == InputFormat::Csv,
            years: layout.at[0],
        };
        // The pay year found once, else every estimate would look it up. A package's total is
        // weighed against the estimate's total pay, made as with `--total`.
        let total = opts.total || layout.package();
        let opts = Options { pay: Some(opts.pay_year(tables)), total, ..*opts };
        let writer = Writer::new(tables, &opts, columns, format.row_bytes());
        let soc = crate::model::levels::DEFAULT_SOC;
        Job {
            tables,
            opts,
            writer,
            layout,
            input,
            strict,
            by: None,
            by_factor: Vec::new(),
            keep_pays: false,
            rows_too: false,
            soc,
            convert,
            raise: None,
        }
    }

    pub fn worker(&self) -> Worker<'a> {
        let mut worker = Worker::new(self.tables, self.opts);
        worker.soc = self.soc;
        worker.convert = self.convert;
        worker.unranked = self.raise.as_ref().is_some_and(|r| r.tally);
        worker
    }

    /// Estimates a piece of the input: whole records ([`Job::chunk`]), or a record too long
    /// to keep, which is its row's error, with no cells.
    pub(crate) fn piece(&self, worker: &mut Worker<'a>, piece: &Piece) -> anyhow::Result<Done<'a>> {
        let (line, newlines) = match *piece {
            Piece::Records(ref chunk) => return self.chunk(worker, chunk),
            Piece::TooLong { line, newlines } => (line, newlines),
        };
        let mut done = Done { newlines, ..Done::default() };
        done.groups.keep_pays = self.keep_pays;
        let jsonl = self.input == InputFormat::Jsonl;
        let slots = vec![None; self.layout.names.len()];
        let input = if jsonl { Input::Json(&slots) } else { Input::Csv(None) };
        self.row(worker, &Record::default(), input, Err(Problem::TooLong { jsonl }), || line, &mut done)?;
        Ok(done)
    }

    /// Estimates every row of `chunk` (whole records) into its output.
    pub fn chunk(&self, worker: &mut Worker<'a>, chunk: &[u8]) -> anyhow::Result<Done<'a>> {
        // Room for the rows as CSV (a review adds about as much again as the estimate); a
        // summary writes none.
        let room = match (&self.by, self.layout.pay) {
            (Some(_), _) if !self.rows_too => 0,
            (_, Some(_)) => chunk.len() * 3,
            (_, None) => chunk.len() * 2,
        };
        let mut done = Done { out: Vec::with_capacity(room), ..Done::default() };
        done.groups.keep_pays = self.keep_pays;
        match self.input {
            InputFormat::Csv | InputFormat::Tsv => self.csv_rows(worker, chunk, &mut done)?,
            InputFormat::Jsonl | InputFormat::Json => self.json_rows(worker, chunk, &mut done)?,
        }
        Ok(done)
    }

    fn csv_rows(&self, worker: &mut Worker<'a>, chunk: &[u8], done: &mut Done<'a>) -> anyhow::Result<()> {
        let (width, mut counted) = (self.layout.names.len(), (0, 1));
        let (mut records, mut record) = (Records::new(chunk, &mut worker.parser), Record::default());
        while let Some((start, end)) = records.next(&mut worker.parser, &mut record) {
            if record.blank(&chunk[start..end]) {
                continue;
            }
            // Only the input's last record can end inside quotes: its bytes as read, line ends
            // included, are inside a field, so they are never written back as read. (The check
            // takes the parser: no record is read after the chunk's last.)
            let last = end == chunk.len();
            let open = last && record::open_quote(&mut worker.parser, &chunk[start..]);
            let shape = match record.len() {
                _ if open => Err(Problem::OpenQuote),
                n if n == width => Ok(()),
                found => {
                    Err(Problem::Width { found, expected: width, names: listed(&self.layout.names, "") })
                }
            };
            let echo = if self.writer.echo && !open { records.as_read(start, end) } else { None };
            if self.row(
                worker,
                &record,
                Input::Csv(echo),
                shape,
                || line_at(chunk, &mut counted, start),
                done,
            )? || last
            {
                break;
            }
        }
        done.newlines = record::line_ends(chunk);
        Ok(())
    }

    fn json_rows(&self, worker: &mut Worker<'a>, chunk: &[u8], done: &mut Done<'a>) -> anyhow::Result<()> {
        let (mut slots, mut record) = (vec![None; self.layout.names.len()], Record::default());
        for (line, text) in (1..).zip(chunk.split(|&b| b == b'\n')) {
            done.newlines = line - 1;
            let text = text.trim_ascii();
            if text.is_empty() {
                continue;
            }
            let shape = json::read_line(text, self.layout, &mut slots, &mut record);
            if self.row(worker, &record, Input::Json(&slots), shape, || line, done)? {
                return Ok(());
            }
        }
        Ok(())
    }

    /// Estimates and writes one row; a bad row is noted with its `line`. With `strict` a bad
    /// row is not written, and true is returned: the run stops before it.
    fn row(
        &self,
        worker: &mut Worker<'a>,
        record: &Record,
        input: Input,
        shape: Result<(), Problem>,
        line: impl FnOnce() -> u64,
        done: &mut Done<'a>,
    ) -> anyhow::Result<bool> {
        let profile = shape.map_err(flaw).and_then(|()| worker.profile(self.layout, record));
        let flaw = match (&profile, self.layout.pay) {
            // The estimate (over 300 bytes) is made as the argument: a local would be a copy.
            (Ok(profile), None) => {
                self.write(record, input, Ok(&estimate(self.tables, profile, &self.opts)), None, None, done)?;
                return Ok(false);
            }
            // The estimate and review are handed on where they are made: returned, both would
            // be copied (over 400 bytes a row).
            (Ok(profile), Some(pay)) => {
                let reviewed = worker.review(
                    self.layout,
                    pay,
                    self.input == InputFormat::Jsonl,
                    record,
                    profile,
                    |est, review, total, converted| {
                        let raised =
                            self.raise.as_ref().map(|r| (r, r.row_in(record, review, &mut done.unrated)));
                        if let Some((r, row)) = &raised
                            && r.tally
                        {
                            // The currencies met: a budget is spent in one.
                            if !done.currencies.contains(&est.currency) {
                                done.currencies.push(est.currency);
                            }
                            done.tally.add(row);
                            done.rows += 1;
                            return Ok(());
                        }
                        let mut key = Vec::new();
                        let written = match &self.by {
                            Some(by) => {
                                let key_of = |f: Factor| est.factors[f.index()].key.as_bytes();
                                let result = |i: usize| match i {
                                    BY_LEVEL => self.writer.level(est.placement).as_bytes(),
                                    _ => review.verdict.as_str().as_bytes(),
                                };
                                let cells = self.group_cells(by, record, key_of, result);
                                if raised.is_some() {
                                    key = joined(cells.clone().map(|(c, _)| c));
                                }
                                done.groups.add(
                                    cells,
                                    Some(Rolled::of(est, review, self.opts.currency, self.opts.rate)),
                                );
                                if self.rows_too {
                                    let review = Some(Reviewed { pay: review, total, converted });
                                    return self.write(record, input, Ok(est), review, None, done);
                                }
                                self.counted(est, done);
                                Ok(())
                            }
                            None => self.write(
                                record,
                                input,
                                Ok(est),
                                Some(Reviewed { pay: review, total, converted }),
                                None,
                                done,
                            ),
                        };
                        if let Some((_, row)) = raised {
                            let at = if self.by.is_some() { 0 } else { self.writer.cells_end(&done.out) };
                            done.raises.push(super::raise::Marked { at, key, row: Some(row) });
                        }
                        written
                    },
                );
                match reviewed {
                    Ok(written) => return written.map(|()| false),
                    Err(flaw) => flaw,
                }
            }
            (Err(flaw), _) => flaw.clone(),
        };
        if self.strict {
            done.stop = Some((line(), flaw));
            return Ok(true);
        }
        match &self.by {
            Some(by) => {
                // A bad row is grouped as a good one: by the key its value resolves to (its
                // profile's, else the value's own), or by the value as typed.
                let tables = self.tables;
                let key = |f: Factor| match &profile {
                    Ok(p) => Some(tables.factor(f).entries[p.factors[f.index()]].key.as_bytes()),
                    Err(_) => None,
                };
                let cells = self.group_cells(by, record, |_| b"", |_| b"").zip(&self.by_factor).map(
                    |((cell, typed), f)| {
                        let table = |f: Factor| tables.factor(f);
                        let found = |f: Factor, typed: &[u8]| {
                            let i = table(f).find(std::str::from_utf8(typed).ok()?)?;
                            Some(table(f).entries[i].key.as_bytes())
                        };
                        match (f, typed) {
                            (Some(f), Some(typed)) => {
                                (key(*f).or_else(|| found(*f, typed)).unwrap_or(typed), Some(typed))
                            }
                            _ => (cell, typed),
                        }
                    },
                );
                if self.raise.as_ref().is_some_and(|r| !r.tally) {
                    let key = joined(cells.clone().map(|(c, _)| c));
                    done.raises.push(super::raise::Marked { at: 0, key, row: None });
                }
                done.groups.add(cells, None);
                match (self.rows_too, &profile) {
                    (false, _) => done.rows += 1,
                    (true, Ok(profile)) => {
                        let opts = worker.row_opts(self.layout, record).unwrap_or(self.opts);
                        let est = estimate(self.tables, profile, &opts);
                        self.write(record, input, Ok(&est), None, Some(&flaw.message), done)?
                    }
                    (true, Err(_)) => self.write(record, input, Err(&flaw.message), None, None, done)?,
                }
            }
            // A bad pay keeps the row's estimate (in its currency cell's currency, if that is
            // good); the review is left empty and `error` says what was wrong with the pay.
            None => match &profile {
                Ok(profile) => {
                    let opts = match self.convert {
                        true => self.opts,
                        false => worker.row_opts(self.layout, record).unwrap_or(self.opts),
                    };
                    let est = estimate(self.tables, profile, &opts);
                    self.write(record, input, Ok(&est), None, Some(&flaw.message), done)?
                }
                Err(_) => self.write(record, input, Err(&flaw.message), None, None, done)?,
            },
        }
        if self.by.is_none() && self.raise.as_ref().is_some_and(|r| !r.tally) {
            let at = self.writer.cells_end(&done.out);
            done.raises.push(super::raise::Marked { at, key: Vec::new(), row: None });
        }
        done.bad.push((line(), flaw));
        Ok(false)
    }

    /// A row's `--by` cells for its group: a profile column's by the key its value resolved to
    /// (`key`), with the value as typed; a result column's (`--by level`, `--by verdict`) as
    /// `result` gives it (empty for a bad row); any other column's as typed.
    fn group_cells<'r>(
        &'r self,
        by: &'r [usize],
        record: &'r Record,
        key: impl Fn(Factor) -> &'r [u8] + Clone + 'r,
        result: impl Fn(usize) -> &'r [u8] + Clone + 'r,
    ) -> impl Iterator<Item = (&'r [u8], Option<&'r [u8]>)> + Clone + 'r {
        by.iter().zip(&self.by_factor).map(move |(&i, factor)| {
            if i >= BY_VERDICT {
                return (result(i), None);
            }
            let typed = record.get(i).unwrap_or_default();
            match factor {
                Some(f) => (key(*f), Some(typed)),
                None => (typed, None),
            }
        })
    }

    /// Counts a row written (or summed), with its currency when rows have their own.
    fn counted(&self, e: &Estimate<'a>, done: &mut Done<'a>) {
        done.rows += 1;
        if self.writer.row_currency && !done.currencies.contains(&e.currency) {
            done.currencies.push(e.currency);
        }
    }

    /// Writes one row in the output format, and counts it. Inlined, as the compiler did before
    /// the row writer moved to `view::batch`: out of line, it cost about 30 instructions a row
    /// (callgrind, 100,000 rows). Always: once the row writer's figures were written in place
    /// (`view::batch::numbers::Room`), the compiler left it out of line again.
    #[inline(always)]
    fn write(
        &self,
        record: &Record,
        input: Input,
        shown: Result<&Estimate<'a>, &str>,
        review: Option<Reviewed>,
        pay_error: Option<&str>,
        done: &mut Done<'a>,
    ) -> anyhow::Result<()> {
        self.writer.row(&mut done.out, record, input, shown, review, pay_error)?;
        match shown {
            Ok(e) => self.counted(e, done),
            Err(_) => done.rows += 1,
        }
        Ok(())
    }
}

/// The line of the record at byte `start` of `chunk` (which may be at the line end before
/// it), counted on from `counted`, a byte and its line: lines are counted only as far as a bad
/// row asks.
fn line_at(chunk: &[u8], counted: &mut (usize, u64), start: usize) -> u64 {
    let start = start + chunk[start..].iter().take_while(|&&b| b == b'\r' || b == b'\n').count();
    counted.1 += record::line_ends(&chunk[counted.0..start]);
    counted.0 = start;
    counted.1
}

/// A group's `--by` cells as one key, `\x1f` between them (for a budget's groups).
fn joined<'c>(cells: impl Iterator<Item = &'c [u8]>) -> Vec<u8> {
    let mut key = Vec::new();
    for (i, c) in cells.enumerate() {
        if i > 0 {
            key.push(0x1f);
        }
        key.extend_from_slice(c);
    }
    key
}
