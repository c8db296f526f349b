//! One chunk of rows: read into a reused record, looked up, estimated, written.
//!
//! Each profile column has a memo of the values seen, by their raw bytes: the value found, or
//! why the value is bad. A file holds few distinct values per column however many rows it has,
//! so each is looked up (and a bad one's message made) once, and a row costs a hash lookup per
//! profile column and one `model::estimate`.
//!
//! A good CSV row is written back as it was read: its input bytes, then the result cells (CSV
//! in, CSV out). The input columns are never taken apart and put together again, so a row
//! costs one parse and one copy, and extra columns pass through exactly as given. Any other
//! row (TSV or JSON out, JSON Lines in, a bad row) is written cell by cell.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::chunks::{InputFormat, Piece};
use super::fast::Records;
use super::json;
use super::layout::{Layout, MAX_PAY};
use super::problem::{Flaw, Problem, listed};
use super::record::{self, Record, as_read};
use super::write::{Input, Writer};
use crate::error::Error;
use crate::model::amount;
use crate::model::market::{self, MarketView};
use crate::model::review::{Review, Verdict, view_key};
use crate::model::summary::{Groups, Rolled};
use crate::model::{Estimate, Experience, Options, Profile, ProfileSpec, estimate, parse_years};
use crate::output::Format;
use crate::tables::currency::Choice;
use crate::tables::{Factor, Tables};

/// Distinct values remembered per column at most: memory stays bounded whatever the input.
const MEMO_LIMIT: usize = 1 << 12;

/// The longest value remembered, in bytes. A longer one is no name in the tables, so it is
/// bad: it is looked up again each time (cheap: too long for a suggestion), rather than kept
/// with its error (a file of distinct 30 KB cities took 185 MB).
const MEMO_VALUE_MAX: usize = 256;

/// What every chunk needs: the row writer (with the tables, options and columns), the input
/// format, and what the run does with a bad row or a summary.
pub struct Job<'a> {
    pub w: Writer<'a>,
    input: InputFormat,
    strict: bool,
    /// With `--summary`, the `--by` columns: rows are counted in their group, not written.
    pub(super) by: Option<Vec<usize>>,
}

/// A column's memo: raw bytes to the value found, or why there is none.
type Memo<V> = FxHashMap<Box<[u8]>, Result<V, Arc<Flaw>>>;

/// What one thread keeps from chunk to chunk: the memos and the CSV parser.
pub struct Worker<'a> {
    years: Memo<Option<f64>>,
    levels: Memo<usize>,
    factors: [Memo<usize>; 5],
    /// The `currency` column's values: an index in the currency table, `None` for `local`.
    currencies: Memo<Option<usize>>,
    /// The market view of each [`view_key`] met.
    views: FxHashMap<(usize, usize, usize, bool), MarketView<'a>>,
    parser: csv_core::Reader,
}

/// What a chunk gave.
#[derive(Debug, Default)]
pub struct Done<'a> {
    pub out: Vec<u8>,
    pub rows: u64,
    /// Line ends in the chunk, to number the lines of the next one.
    pub newlines: u64,
    /// The bad rows, by their line in the chunk (from 1), in order.
    pub bad: Vec<(u64, Arc<Flaw>)>,
    /// With `strict`, the first bad row: the chunk stops before it.
    pub stop: Option<(u64, Arc<Flaw>)>,
    /// With `--currency local` (or a `currency` column), the currencies of the results, in
    /// order of first use.
    pub currencies: Vec<&'a str>,
    /// With `--summary`, the chunk's rows counted by group.
    pub groups: Groups,
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
        let w = Writer::new(tables, opts, layout, input == InputFormat::Csv, format);
        Job { w, input, strict, by: None }
    }

    pub fn worker(&self) -> Worker<'a> {
        let parser = csv_core::Reader::new();
        Worker {
            years: Memo::default(),
            levels: Memo::default(),
            factors: Default::default(),
            currencies: Memo::default(),
            views: FxHashMap::default(),
            parser,
        }
    }

    /// Estimates a piece of the input: whole records ([`Job::chunk`]), or a record too long
    /// to keep, which is its row's error, with no cells.
    pub fn piece(&self, w: &mut Worker<'a>, piece: &Piece) -> anyhow::Result<Done<'a>> {
        let (line, newlines) = match *piece {
            Piece::Records(ref chunk) => return self.chunk(w, chunk),
            Piece::TooLong { line, newlines } => (line, newlines),
        };
        let mut done = Done { newlines, ..Done::default() };
        let jsonl = self.input == InputFormat::Jsonl;
        let slots = vec![None; self.w.names.len()];
        let input = if jsonl { Input::Json(&slots) } else { Input::Csv(None) };
        self.row(w, &Record::default(), input, Err(Problem::TooLong { jsonl }), || line, &mut done)?;
        Ok(done)
    }

    /// Estimates every row of `chunk` (whole records) into its output.
    pub fn chunk(&self, w: &mut Worker<'a>, chunk: &[u8]) -> anyhow::Result<Done<'a>> {
        // Room for the rows as CSV (a review adds about as much again as the estimate); a
        // summary writes none.
        let room = match (&self.by, self.w.layout.pay) {
            (Some(_), _) => 0,
            (None, Some(_)) => chunk.len() * 3,
            (None, None) => chunk.len() * 2,
        };
        let mut done = Done { out: Vec::with_capacity(room), ..Done::default() };
        match self.input {
            InputFormat::Csv => self.csv_rows(w, chunk, &mut done)?,
            InputFormat::Jsonl => self.json_rows(w, chunk, &mut done)?,
        }
        Ok(done)
    }

    fn csv_rows(&self, w: &mut Worker<'a>, chunk: &[u8], done: &mut Done<'a>) -> anyhow::Result<()> {
        let (width, mut counted) = (self.w.names.len(), (0, 1));
        let (mut records, mut record) = (Records::new(chunk, &mut w.parser), Record::default());
        while let Some((start, end)) = records.next(&mut w.parser, &mut record) {
            if record.blank(&chunk[start..end]) {
                continue;
            }
            // Only the input's last record can end inside quotes: its bytes as read, line ends
            // included, are inside a field, so they are never written back as read. (The check
            // takes the parser: no record is read after the chunk's last.)
            let last = end == chunk.len();
            let open = last && record::open_quote(&mut w.parser, &chunk[start..]);
            let shape = match record.len() {
                _ if open => Err(Problem::OpenQuote),
                n if n == width => Ok(()),
                found => {
                    Err(Problem::Width { found, expected: width, names: listed(&self.w.layout.names, "") })
                }
            };
            let echo = if self.w.echo && !open { as_read(&chunk[start..end]) } else { None };
            if self.row(w, &record, Input::Csv(echo), shape, || line_at(chunk, &mut counted, start), done)?
                || last
            {
                break;
            }
        }
        done.newlines = record::line_ends(chunk);
        Ok(())
    }

    fn json_rows(&self, w: &mut Worker<'a>, chunk: &[u8], done: &mut Done<'a>) -> anyhow::Result<()> {
        let (mut slots, mut record) = (vec![None; self.w.names.len()], Record::default());
        for (line, text) in (1..).zip(chunk.split(|&b| b == b'\n')) {
            done.newlines = line - 1;
            let text = text.trim_ascii();
            if text.is_empty() {
                continue;
            }
            let shape = json::read_line(text, self.w.layout, &mut slots, &mut record);
            if self.row(w, &record, Input::Json(&slots), shape, || line, done)? {
                return Ok(());
            }
        }
        Ok(())
    }

    /// Estimates and writes one row; a bad row is noted with its `line`. With `strict` a bad
    /// row is not written, and true is returned: the run stops before it.
    fn row(
        &self,
        w: &mut Worker<'a>,
        record: &Record,
        input: Input,
        shape: Result<(), Problem>,
        line: impl FnOnce() -> u64,
        done: &mut Done<'a>,
    ) -> anyhow::Result<bool> {
        let profile = shape.map_err(flaw).and_then(|()| w.profile(self, record));
        let flaw = match (profile, self.w.layout.pay) {
            // The estimate (over 300 bytes) is made as the argument: a local would be a copy.
            (Ok(profile), None) => {
                self.write(record, input, Ok(&estimate(self.w.tables, &profile, &self.w.opts)), None, done)?;
                return Ok(false);
            }
            // The estimate and review are handed on where they are made: returned, both would
            // be copied (over 400 bytes a row).
            (Ok(profile), Some(pay)) => {
                let reviewed = w.review(self, pay, record, &profile, |est, review| match &self.by {
                    Some(by) => {
                        done.groups.add(
                            by.iter().map(|&i| record.get(i).unwrap_or_default()),
                            Some(self.rolled(est, review)),
                        );
                        self.counted(est, done);
                        Ok(())
                    }
                    None => self.write(record, input, Ok(est), Some(review), done),
                });
                match reviewed {
                    Ok(written) => return written.map(|()| false),
                    Err(flaw) => flaw,
                }
            }
            (Err(flaw), _) => flaw,
        };
        if self.strict {
            done.stop = Some((line(), flaw));
            return Ok(true);
        }
        match &self.by {
            Some(by) => {
                done.groups.add(by.iter().map(|&i| record.get(i).unwrap_or_default()), None);
                done.rows += 1;
            }
            None => self.write(record, input, Err(&flaw), None, done)?,
        }
        done.bad.push((line(), flaw));
        Ok(false)
    }

    /// A reviewed row as the summary counts it: the costs in cents of the run's currency
    /// (converted at the tables' rates when the row's currency is another).
    fn rolled(&self, est: &Estimate, review: &Review) -> Rolled {
        let [low, mid, _] = review.range;
        let factor = if est.currency == self.w.opts.currency { 1.0 } else { self.w.opts.rate / est.rate };
        let cents = |to: i64| ((to as f64 - review.amount).max(0.0) * factor * 100.0).round() as i64;
        Rolled {
            compa_ratio: review.compa_ratio,
            verdict: review.verdict,
            cost_to_low: if review.verdict == Verdict::Below { cents(low) } else { 0 },
            cost_to_mid: cents(mid),
        }
    }

    /// Counts a row written (or summed), with its currency when rows have their own.
    fn counted(&self, e: &Estimate<'a>, done: &mut Done<'a>) {
        done.rows += 1;
        if self.w.row_currency && !done.currencies.contains(&e.currency) {
            done.currencies.push(e.currency);
        }
    }

    /// Writes one row in the output format, and counts it.
    fn write(
        &self,
        record: &Record,
        input: Input,
        shown: Result<&Estimate<'a>, &Flaw>,
        review: Option<&Review>,
        done: &mut Done<'a>,
    ) -> anyhow::Result<()> {
        self.w.row(&mut done.out, record, input, shown, review)?;
        match shown {
            Ok(e) => self.counted(e, done),
            Err(_) => done.rows += 1,
        }
        Ok(())
    }
}

impl Worker<'_> {
    /// A row's profile: each value from its column's memo, else looked up as `estimate` looks
    /// up its flags (an empty cell takes the flag's default).
    fn profile(&mut self, job: &Job, record: &Record) -> Result<Profile, Arc<Flaw>> {
        let (layout, tables) = (job.w.layout, job.w.tables);
        let cell = |slot: usize| layout.at[slot].and_then(|i| record.get(i)).unwrap_or_default();
        let name = |slot: usize| move || layout.at[slot].map_or("", |i| &layout.names[i]);
        let years = recall(&mut self.years, cell(0), name(0), |y| match y {
            "" => Ok(None),
            y => parse_years(y).map(Some),
        })?;
        let level = cell(1);
        let experience = match (years, level.trim_ascii().is_empty()) {
            (Some(y), true) => Experience::Years(y),
            (None, false) => {
                Experience::Level(recall(&mut self.levels, level, name(1), |l| tables.bands.resolve(l))?)
            }
            (None, true) => return Err(flaw(Problem::NoExperience)),
            (Some(years), false) => {
                // Both: refused with the message `estimate` gives.
                let level = String::from_utf8_lossy(level);
                let spec = ProfileSpec { years: Some(years), level: Some(level.trim()), factors: [None; 5] };
                return Err(flaw(spec.resolve(tables).err().map_or(Problem::NoExperience, Problem::Value)));
            }
        };
        let mut factors = [0; 5];
        for factor in Factor::ALL {
            let (i, table) = (factor.index(), tables.factor(factor));
            factors[i] = recall(&mut self.factors[i], cell(2 + i), name(2 + i), |v| match v {
                "" => Ok(table.default_index()),
                v => table.resolve(v),
            })?;
        }
        Ok(Profile { experience, factors })
    }
}

impl<'a> Worker<'a> {
    /// A row's estimate in the currency of its pay (its `currency` cell, else `--currency`),
    /// and its pay reviewed against it, as `offer` reviews an amount.
    fn review<R>(
        &mut self,
        job: &Job<'a>,
        pay: usize,
        record: &Record,
        profile: &Profile,
        then: impl FnOnce(&Estimate<'a>, &Review<'a>) -> R,
    ) -> Result<R, Arc<Flaw>> {
        let (layout, tables) = (job.w.layout, job.w.tables);
        let mut opts = job.w.opts;
        if let Some(i) = layout.currency
            && let Some(cell) = record.get(i).filter(|c| !c.trim_ascii().is_empty())
        {
            let name = || layout.names[i].as_str();
            let choice = recall(&mut self.currencies, cell, name, |c| {
                Ok(match tables.currencies.choose(c)? {
                    Choice::Local => None,
                    Choice::Fixed(c) => tables.currencies.entries.iter().position(|e| e.code == c.code),
                })
            })?;
            match choice.map(|k| &tables.currencies.entries[k]) {
                None => opts.local = true,
                Some(c) => (opts.currency, opts.rate, opts.local) = (&c.code, c.per_usd, false),
            }
        }
        let est = estimate(tables, profile, &opts);
        let column = || layout.names[pay].clone();
        let raw = record.get(pay).unwrap_or_default();
        let Ok(text) = std::str::from_utf8(raw) else {
            return Err(flaw(Problem::NotUtf8 { column: column() }));
        };
        if text.trim_ascii().is_empty() && text.trim().is_empty() {
            return Err(flaw(Problem::NoPay { column: column() }));
        }
        let amount = amount::read(text, est.currency, MAX_PAY).map_err(|bad| {
            flaw(Problem::Pay { column: column(), cell: text.trim().to_string(), reason: bad.to_string() })
        })?;
        // Batch shows the survey percentile only, so the view keeps no BLS rows: `standing`
        // then ranks the pay in the survey cell alone, with nothing to allocate.
        let view = self.views.entry(view_key(&est)).or_insert_with(|| MarketView {
            bls: Vec::new(),
            not_released: Vec::new(),
            ..market::view(tables, &est)
        });
        Ok(then(&est, &Review::judge(&est, view, amount)))
    }
}

/// `raw`'s value from the memo; else looked up (as UTF-8, trimmed) and remembered, good or bad.
fn recall<'c, V: Copy>(
    memo: &mut Memo<V>,
    raw: &[u8],
    column: impl FnOnce() -> &'c str,
    look_up: impl FnOnce(&str) -> Result<V, Error>,
) -> Result<V, Arc<Flaw>> {
    if let Some(known) = memo.get(raw) {
        return known.clone();
    }
    let found = match std::str::from_utf8(raw) {
        Ok(text) => look_up(text.trim()).map_err(Problem::Value),
        Err(_) => Err(Problem::NotUtf8 { column: column().to_string() }),
    };
    let found = found.map_err(flaw);
    if memo.len() < MEMO_LIMIT && raw.len() <= MEMO_VALUE_MAX {
        memo.insert(raw.into(), found.clone());
    }
    found
}

fn flaw(problem: Problem) -> Arc<Flaw> {
    Arc::new(problem.into())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::load_embedded;
    use crate::tables::Column;

    /// Every key and alias of every table, twice (so the second time comes from the memo),
    /// gives exactly the profile `ProfileSpec::resolve` gives; a bad value, its error.
    #[test]
    fn memoised_values_resolve_like_profile_spec() {
        let t = load_embedded().unwrap();
        let layout = Layout::new(Column::ALL.map(|c| c.name().to_string()).to_vec(), false).unwrap();
        let opts = Options::default();
        let job = Job::new(&t, &opts, &layout, InputFormat::Csv, Format::Csv, false);
        let mut w = job.worker();
        for pass in 0..2 {
            for f in Factor::ALL {
                let names =
                    t.factor(f).entries.iter().flat_map(|e| std::iter::once(&e.key).chain(e.aliases.iter()));
                for name in names.map(|n| n.as_ref()).chain([" seatle ", "Bay Area"]) {
                    let mut cells = [""; 7];
                    cells[0] = "4.5";
                    cells[2 + f.index()] = name;
                    let got = w.profile(&job, &Record::from(&cells[..]));
                    let mut spec = ProfileSpec::<&str> { years: Some(4.5), ..Default::default() };
                    spec.factors[f.index()] = Some(name.trim());
                    match (got, spec.resolve(&t)) {
                        (Ok(got), Ok(want)) => assert_eq!(got, want, "{pass} {f} {name}"),
                        (Err(got), Err(want)) => assert_eq!(got.message, want.to_string()),
                        (got, want) => panic!("{pass} {f} {name}: {got:?} {want:?}"),
                    }
                }
            }
        }
        let mut row =
            |cells: [&str; 7]| w.profile(&job, &Record::from(&cells[..])).map_err(|e| e.message.clone());
        assert!(row(["4", "mid", "", "", "", "", ""]).unwrap_err().contains("not both"));
        assert!(row(["", "", "sf", "", "", "", ""]).unwrap_err().contains("no `years` or `level`"));
        assert!(row(["-1", "", "", "", "", "", ""]).unwrap_err().contains("invalid years `-1`"));
        assert_eq!(
            row(["", " Senior ", "", "", "", "", ""]).unwrap(),
            Profile {
                experience: Experience::Level(t.bands.find("senior").unwrap()),
                factors: Factor::ALL.map(|f| t.factor(f).default_index()),
            }
        );
    }

    #[test]
    fn the_memo_is_bounded() {
        let mut memo: Memo<usize> = Memo::default();
        for i in 0..MEMO_LIMIT + 10 {
            let _ = recall(&mut memo, i.to_string().as_bytes(), || "c", |s| Ok(s.len()));
        }
        assert_eq!(memo.len(), MEMO_LIMIT);
        let mut memo: Memo<usize> = Memo::default();
        for i in 0..10 {
            let long = format!("{i}{}", "x".repeat(MEMO_VALUE_MAX));
            assert_eq!(
                recall(&mut memo, long.as_bytes(), || "c", |s| Ok(s.len())).ok(),
                Some(MEMO_VALUE_MAX + 1)
            );
        }
        assert_eq!(memo.len(), 0, "long values are not kept");
        assert_eq!(
            recall(&mut memo, b"\xff", || "c", |_| Ok(0)).unwrap_err().message,
            "column `c` is not valid UTF-8"
        );
    }
}
