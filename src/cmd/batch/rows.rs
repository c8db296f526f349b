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

use super::chunks::{self, Piece};
use super::json::{self, JsonRow};
use super::layout::{Layout, RESULT_COLUMNS};
use super::record::{Cells, Record, Records, as_read};
use super::review::{Groups, MAX_PAY, REVIEW_COLUMNS, Rolled};
use super::{Flaw, Problem};
use crate::cli::InputFormat;
use crate::error::Error;
use crate::model::amount;
use crate::model::market::{self, MarketView};
use crate::model::pay::Total;
use crate::model::review::{Review, Verdict, view_key};
use crate::model::{Estimate, Experience, Options, Placement, Profile, ProfileSpec, estimate, parse_years};
use crate::output::Format;
use crate::tables::currency::Choice;
use crate::tables::{Factor, Tables};
use crate::view::estimate::TOTAL_COLUMNS;
use crate::view::offer::survey_fields;
use crate::view::words::level_name;
use crate::view::words::num;

/// Distinct values remembered per column at most: memory stays bounded whatever the input.
const MEMO_LIMIT: usize = 1 << 12;

/// The longest value remembered, in bytes. A longer one is no name in the tables, so it is
/// bad: it is looked up again each time (cheap: too long for a suggestion), rather than kept
/// with its error (a file of distinct 30 KB cities took 185 MB).
const MEMO_VALUE_MAX: usize = 256;

/// What unvalued equity (an early-stage startup's options) shows instead of a number, as in
/// `estimate --total`.
pub(super) const OPTIONS: &str = "options";

/// What every chunk needs: the tables, the options, the columns and the formats.
pub struct Job<'a> {
    pub(super) tables: &'a Tables,
    /// The options, with the pay year found once (else every estimate would look it up).
    pub(super) opts: Options<'a>,
    pub(super) layout: &'a Layout,
    input: InputFormat,
    format: Format,
    strict: bool,
    /// The output names of the input columns.
    pub(super) names: Vec<String>,
    /// Level names, each band's then each blend's (`entry-mid`): as text, and as a CSV/TSV
    /// cell after a delimiter.
    levels: Vec<(String, Vec<u8>)>,
    cells: Cells,
    /// What every row shares, as CSV/TSV cells after a delimiter: `currency` (unless each row
    /// has its own, `--currency local`), `pay_year`, `wage_factor` and `bands`.
    shared: Vec<u8>,
    /// Good rows are written as read: CSV in, CSV out.
    echo: bool,
    /// Each row's `currency` is its own: `--currency local`, or a `currency` column that the
    /// pay is read in.
    row_currency: bool,
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
        opts: &'a Options<'a>,
        layout: &'a Layout,
        input: InputFormat,
        format: Format,
        strict: bool,
    ) -> Self {
        let cells = Cells::new(if format == Format::Tsv { b'\t' } else { b',' });
        let n = tables.bands.bands.len();
        let placements =
            (0..n).map(Placement::Band).chain((1..n).map(|i| Placement::Blend { lower: i - 1, weight: 0.5 }));
        let levels = placements.map(|p| {
            let name = level_name(tables, p);
            let cell = cells.joined([name.as_bytes()]);
            (name, cell)
        });
        let pay = opts.pay_year(tables);
        let row_currency = opts.local || (layout.pay.is_some() && layout.currency.is_some());
        let currency = (!row_currency).then_some(opts.currency.to_string());
        let shared = [pay.year.to_string(), pay.factor.to_string(), tables.bands.basis.as_str().to_string()];
        Job {
            tables,
            opts: Options { pay: Some(pay), ..*opts },
            layout,
            input,
            format,
            strict,
            names: layout.output_names(),
            levels: levels.collect(),
            shared: cells.joined(currency.iter().chain(&shared).map(String::as_bytes)),
            cells,
            echo: input == InputFormat::Csv && format == Format::Csv,
            row_currency,
            by: None,
        }
    }

    /// The CSV/TSV header: the input's columns, the results, `--total`'s, then `error`.
    pub fn header(&self) -> Vec<String> {
        let totals = if self.opts.total { &TOTAL_COLUMNS[..] } else { &[] };
        let review = if self.layout.pay.is_some() { &REVIEW_COLUMNS[..] } else { &[] };
        let results = RESULT_COLUMNS[..RESULT_COLUMNS.len() - 1]
            .iter()
            .chain(totals)
            .chain(review)
            .chain(["error"].iter());
        self.names.iter().cloned().chain(results.map(|c| c.to_string())).collect()
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
        let slots = vec![None; self.names.len()];
        let input = if jsonl { Input::Json(&slots) } else { Input::Csv(None) };
        self.row(w, &Record::default(), input, Err(Problem::TooLong { jsonl }), || line, &mut done)?;
        Ok(done)
    }

    /// Estimates every row of `chunk` (whole records) into its output.
    pub fn chunk(&self, w: &mut Worker<'a>, chunk: &[u8]) -> anyhow::Result<Done<'a>> {
        // Room for the rows as CSV (a review adds about as much again as the estimate); a
        // summary writes none.
        let room = match (&self.by, self.layout.pay) {
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
        let (width, mut counted) = (self.names.len(), (0, 1));
        let (mut records, mut record) = (Records::new(chunk, &mut w.parser), Record::default());
        while let Some((start, end)) = records.next(&mut w.parser, &mut record) {
            if record.blank(&chunk[start..end]) {
                continue;
            }
            // Only the input's last record can end inside quotes: its bytes as read, line ends
            // included, are inside a field, so they are never written back as read. (The check
            // takes the parser: no record is read after the chunk's last.)
            let last = end == chunk.len();
            let open = last && chunks::open_quote(&mut w.parser, &chunk[start..]);
            let shape = match record.len() {
                _ if open => Err(Problem::OpenQuote),
                n if n == width => Ok(()),
                found => Err(Problem::Width {
                    found,
                    expected: width,
                    names: super::listed(&self.layout.names, ""),
                }),
            };
            let echo = if self.echo && !open { as_read(&chunk[start..end]) } else { None };
            if self.row(w, &record, Input::Csv(echo), shape, || line_at(chunk, &mut counted, start), done)?
                || last
            {
                break;
            }
        }
        done.newlines = chunks::line_ends(chunk);
        Ok(())
    }

    fn json_rows(&self, w: &mut Worker<'a>, chunk: &[u8], done: &mut Done<'a>) -> anyhow::Result<()> {
        let (mut slots, mut record) = (vec![None; self.names.len()], Record::default());
        for (line, text) in (1..).zip(chunk.split(|&b| b == b'\n')) {
            done.newlines = line - 1;
            let text = text.trim_ascii();
            if text.is_empty() {
                continue;
            }
            let shape = json::read_line(text, self.layout, &mut slots, &mut record);
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
        let flaw = match (profile, self.layout.pay) {
            // The estimate (over 300 bytes) is made as the argument: a local would be a copy.
            (Ok(profile), None) => {
                self.write(record, input, Ok(&estimate(self.tables, &profile, &self.opts)), None, done)?;
                return Ok(false);
            }
            // The estimate and review are handed on where they are made: returned, both would
            // be copied (over 400 bytes a row).
            (Ok(profile), Some(pay)) => {
                let reviewed = w.review(self, pay, record, &profile, |est, review| match &self.by {
                    Some(by) => {
                        done.groups.add(by, record, Some(self.rolled(est, review)));
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
                done.groups.add(by, record, None);
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
        let factor = if est.currency == self.opts.currency { 1.0 } else { self.opts.rate / est.rate };
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
        if self.row_currency && !done.currencies.contains(&e.currency) {
            done.currencies.push(e.currency);
        }
    }

    /// Writes one row in the output format. Each JSON array element comes after `,\n`: the
    /// run cuts the first one's.
    fn write(
        &self,
        record: &Record,
        input: Input,
        shown: Result<&Estimate<'a>, &Flaw>,
        review: Option<&Review>,
        done: &mut Done<'a>,
    ) -> anyhow::Result<()> {
        let out = &mut done.out;
        match self.format {
            Format::Json | Format::Jsonl => {
                if self.format == Format::Json {
                    out.extend_from_slice(b",\n");
                }
                serde_json::to_writer(
                    &mut *out,
                    &JsonRow { job: self, record, input, result: shown, review },
                )?;
                if self.format == Format::Jsonl {
                    out.push(b'\n');
                }
            }
            _ => self.write_table(out, record, input, shown, review),
        }
        match shown {
            Ok(e) => self.counted(e, done),
            Err(_) => done.rows += 1,
        }
        Ok(())
    }

    /// A CSV/TSV row: the input's cells, then the results. A row read from CSV and written as
    /// CSV gives its input bytes as they were read, if it is good, or bad but of the header's
    /// width and UTF-8. Any other row gives its cells; a bad row's are cut or padded to the
    /// header's width and shown as text (they were not all looked up, so they may not be
    /// UTF-8: U+FFFD where they are not).
    fn write_table(
        &self,
        out: &mut Vec<u8>,
        record: &Record,
        input: Input,
        result: Result<&Estimate, &Flaw>,
        review: Option<&Review>,
    ) {
        let (cells, delimiter) = (&self.cells, self.cells.delimiter());
        match (input, result) {
            (Input::Csv(Some(as_read)), Ok(_)) => out.extend_from_slice(as_read),
            (Input::Csv(Some(as_read)), Err(_))
                if record.len() == self.names.len() && std::str::from_utf8(as_read).is_ok() =>
            {
                out.extend_from_slice(as_read)
            }
            (_, Ok(_)) => (0..record.len()).for_each(|i| {
                if i > 0 {
                    out.push(delimiter);
                }
                cells.push(out, record.get(i).unwrap_or_default());
            }),
            (_, Err(_)) => (0..self.names.len()).for_each(|i| {
                if i > 0 {
                    out.push(delimiter);
                }
                cells.push(out, String::from_utf8_lossy(record.get(i).unwrap_or_default()).as_bytes());
            }),
        }
        let e = match result {
            Ok(e) => e,
            Err(flaw) => {
                let empty = RESULT_COLUMNS.len() - 1
                    + if self.opts.total { TOTAL_COLUMNS.len() } else { 0 }
                    + if self.layout.pay.is_some() { REVIEW_COLUMNS.len() } else { 0 };
                out.extend(std::iter::repeat_n(delimiter, empty));
                cells.push_next(out, flaw.message.as_bytes());
                return out.push(b'\n');
            }
        };
        let mut n = itoa::Buffer::new();
        out.extend_from_slice(&self.levels[self.level_index(e.placement)].1);
        out.push(delimiter);
        push_multiplier(out, e.multiplier);
        for amount in [e.low, e.mid, e.high] {
            out.push(delimiter);
            out.extend_from_slice(n.format(amount).as_bytes());
        }
        if self.row_currency {
            cells.push_next(out, e.currency.as_bytes());
        }
        out.extend_from_slice(&self.shared);
        for amount in e.total.as_ref().filter(|_| self.opts.total).map(total_amounts).into_iter().flatten() {
            out.push(delimiter);
            match amount {
                Some(amount) => out.extend_from_slice(n.format(amount).as_bytes()),
                None => out.extend_from_slice(OPTIONS.as_bytes()),
            }
        }
        if let Some(r) = review {
            push_review(out, delimiter, r);
        }
        // An empty `error`.
        out.push(delimiter);
        out.push(b'\n');
    }

    fn level_index(&self, placement: Placement) -> usize {
        match placement {
            Placement::Band(i) => i,
            Placement::Blend { lower, .. } => self.tables.bands.bands.len() + lower,
        }
    }

    pub(super) fn level(&self, placement: Placement) -> &str {
        &self.levels[self.level_index(placement)].0
    }
}

/// Where a row's cells came from, and what the output may keep of it: a CSV row's bytes as
/// read (when it is written as read), a JSON Lines row's values as JSON.
#[derive(Clone, Copy)]
pub(super) enum Input<'r> {
    Csv(Option<&'r [u8]>),
    Json(&'r [Option<&'r serde_json::value::RawValue>]),
}

impl Worker<'_> {
    /// A row's profile: each value from its column's memo, else looked up as `estimate` looks
    /// up its flags (an empty cell takes the flag's default).
    fn profile(&mut self, job: &Job, record: &Record) -> Result<Profile, Arc<Flaw>> {
        let (layout, tables) = (job.layout, job.tables);
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
        let (layout, tables) = (job.layout, job.tables);
        let mut opts = job.opts;
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

/// A review's cells, as `offer` writes them in CSV (see [`review_cells`]), each after a
/// delimiter, with no float formatting and no allocation: each figure is a whole number of
/// hundredths or tenths, written with `itoa`.
fn push_review(out: &mut Vec<u8>, delimiter: u8, r: &Review) {
    out.push(delimiter);
    if let Some(c) = r.compa_ratio {
        push_fixed::<2>(out, nearest(c * 100.0), false);
    }
    out.push(delimiter);
    if let Some(p) = r.position_pct {
        push_fixed::<1>(out, nearest(p * 10.0), true);
    }
    out.push(delimiter);
    push_fixed::<2>(out, nearest(r.gap_to_mid * 100.0), true);
    out.push(delimiter);
    out.extend_from_slice(r.verdict.as_str().as_bytes());
    out.push(delimiter);
    if let Some((_, _, p)) = r.market.as_ref().and_then(|m| m.survey.as_ref()) {
        push_fixed::<1>(out, nearest(p * 10.0), true);
    }
}

/// The whole number nearest `x`, which is within a rounding error of one (a figure already
/// rounded to its decimals, times their scale): no call to `f64::round` (a libm call without
/// SSE4.1, four a row).
fn nearest(x: f64) -> i64 {
    (x + if x < 0.0 { -0.5 } else { 0.5 }) as i64
}

/// `k` units of 10^-`decimals` (1 or 2) as `f64`'s `Display` writes `k / 10^decimals` (`-229.2`, `42`,
/// `0.5`) with `trim`, or with all its decimals (`1.00`) without.
fn push_fixed<const DECIMALS: usize>(out: &mut Vec<u8>, k: i64, trim: bool) {
    let scale = 10_u64.pow(DECIMALS as u32);
    if k < 0 {
        out.push(b'-');
    }
    let (whole, fraction) = (k.unsigned_abs() / scale, k.unsigned_abs() % scale);
    out.extend_from_slice(itoa::Buffer::new().format(whole).as_bytes());
    // The fraction's digits, most significant first, then those that are not trailing zeros.
    let mut digits = [b'0'; 2];
    let mut rest = fraction;
    for d in digits[..DECIMALS].iter_mut().rev() {
        *d = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    let mut n = DECIMALS;
    while trim && n > 0 && digits[n - 1] == b'0' {
        n -= 1;
    }
    if n > 0 {
        out.push(b'.');
        out.extend_from_slice(&digits[..n]);
    }
}

/// A review's cells, as `offer` writes them in CSV: the compa-ratio to two decimals, the
/// position, the gap, the verdict and the survey percentile.
pub(super) fn review_cells(r: &Review) -> [String; 5] {
    let [percentile, ..] = survey_fields(r.market.as_ref());
    [
        r.compa_ratio.map(|c| format!("{c:.2}")).unwrap_or_default(),
        r.position_pct.map(|p| p.to_string()).unwrap_or_default(),
        num(r.gap_to_mid),
        r.verdict.as_str().to_string(),
        percentile,
    ]
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
    counted.1 += chunks::line_ends(&chunk[counted.0..start]);
    counted.0 = start;
    counted.1
}

/// Appends a multiplier as `f64`'s `Display` writes it (`1.9837`, `0.65`, `1`). The model
/// rounds multipliers to 4 decimals, and the shortest digits of a whole number `k` of
/// ten-thousandths (below 10^15) are `k`'s: written with one `itoa`, a point put in, trailing
/// zeros left out. Any value that is not such a number exactly goes through `Display`.
fn push_multiplier(out: &mut Vec<u8>, m: f64) {
    // The nearest whole number of ten-thousandths (a float-to-int cast saturates: NaN gives 0,
    // infinity u64::MAX); whether it is `m` exactly is checked, so no rounding is trusted.
    let k = (m * 10_000.0 + 0.5) as u64;
    if m.is_sign_negative() || k >= 1_000_000_000_000_000 || k as f64 / 10_000.0 != m {
        return out.extend_from_slice(m.to_string().as_bytes());
    }
    let mut n = itoa::Buffer::new();
    let digits = n.format(k).as_bytes();
    let (whole, fraction) = digits.split_at(digits.len().saturating_sub(4));
    out.extend_from_slice(if whole.is_empty() { b"0" } else { whole });
    let mut four = [b'0'; 4];
    four[4 - fraction.len()..].copy_from_slice(fraction);
    if let Some(last) = four.iter().rposition(|&d| d != b'0') {
        out.push(b'.');
        out.extend_from_slice(&four[..=last]);
    }
}

/// The `--total` amounts in [`TOTAL_COLUMNS`] order; `None` for equity that is unvalued
/// options (shown as [`OPTIONS`], as `estimate --total` shows it).
pub(super) fn total_amounts(t: &Total) -> [Option<i64>; 7] {
    let [bonus_low, bonus_high] = t.bonus.map(Some);
    let [equity_low, equity_high] = t.equity.map_or([None, None], |q| q.map(Some));
    let [total_low, total_mid, total_high] = t.total.map(Some);
    [bonus_low, bonus_high, equity_low, equity_high, total_low, total_mid, total_high]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::load_embedded;

    /// Every key and alias of every table, twice (so the second time comes from the memo),
    /// gives exactly the profile `ProfileSpec::resolve` gives; a bad value, its error.
    #[test]
    fn memoised_values_resolve_like_profile_spec() {
        let t = load_embedded().unwrap();
        let layout = Layout::new(super::super::COLUMNS.map(String::from).to_vec(), false).unwrap();
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

    /// The fast writer of the review cells writes what the formatting one does.
    #[test]
    fn review_cells_are_written_as_formatted() {
        for k in (-300_000..300_000).step_by(7).chain([0, 1, -1, 5, -5, 10, 100, 999, -1000]) {
            for (decimals, trim) in [(2, false), (1, true), (2, true)] {
                let x = k as f64 / 10_f64.powi(decimals);
                let want = match (decimals, trim) {
                    (2, false) => format!("{x:.2}"),
                    _ => num(x + 0.0),
                };
                let mut out = Vec::new();
                match decimals {
                    1 => push_fixed::<1>(&mut out, k, trim),
                    _ => push_fixed::<2>(&mut out, k, trim),
                }
                assert_eq!(String::from_utf8(out).unwrap(), want, "{k} {decimals} {trim}");
            }
        }
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

    #[test]
    fn multipliers_read_as_display_writes_them() {
        let t = load_embedded().unwrap();
        let layout = Layout::new(vec!["years".into()], false).unwrap();
        let opts = Options::default();
        let job = Job::new(&t, &opts, &layout, InputFormat::Csv, Format::Csv, false);
        let mut e = estimate(
            &t,
            &ProfileSpec::<&str> { years: Some(4.0), ..Default::default() }.resolve(&t).unwrap(),
            &opts,
        );
        let values = (0..=30_000)
            .map(|k| k as f64 / 10_000.0)
            .chain([1.0 / 3.0, 1e-7, 1e20, 123_456.789, 99_999_999_999.999_9, 0.00005, -0.0, -1.5])
            .chain([f64::NAN, f64::INFINITY, f64::NEG_INFINITY])
            .chain((0..5_000u64).map(|i| (i * 7_919_000_003_317 % 1_000_000_000_000_000) as f64 / 10_000.0));
        for m in values {
            e.multiplier = m;
            let mut out = Vec::new();
            job.write_table(&mut out, &Record::from(&["4"][..]), Input::Csv(None), Ok(&e), None);
            let text = String::from_utf8(out).unwrap();
            assert_eq!(text.split(',').nth(2), Some(m.to_string().as_str()), "{m}");
        }
    }
}
