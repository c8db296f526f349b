//! A batch row written out: the input's cells (or, CSV in and CSV out, its bytes as read), then
//! the estimate, `--total`'s amounts, the review and `error`; as CSV/TSV cells with the csv
//! crate's quoting rules, or as one JSON object. The figures are written with `itoa` and
//! fixed-point digits, not `Display`, where that is the same text for less work.

use serde::ser::{Serialize, SerializeMap, Serializer};

mod numbers;

use self::numbers::{nearest, push_fixed, push_multiplier};
use crate::input::Record;
use crate::model::pay::Total;
use crate::model::review::{Converted, Review};
use crate::model::{Estimate, Options, Placement};
use crate::output::{Cells, RowBytes, Whole};
use crate::tables::Tables;
use crate::view::estimate::TOTAL_COLUMNS;
use crate::view::offer::{survey_adjusted_percentile, survey_percentile};
use crate::view::words::level_name;

/// The result columns, after the input's own; with `--total`, [`TOTAL_COLUMNS`] come before
/// `error`, and with a pay to review, [`REVIEW_COLUMNS`].
/// `bound` is empty, or which bound held the multiplier: `edge` (the non-location factors held
/// to the edge of the data), `cap` or `floor` (model.toml).
pub(crate) const RESULT_COLUMNS: [&str; 11] = [
    "level",
    "multiplier",
    "low",
    "mid",
    "high",
    "currency",
    "pay_year",
    "wage_factor",
    "bands",
    "bound",
    "error",
];

/// The columns the review adds, after the estimate's (and `--total`'s) and before `error`:
/// first `pay`, the pay as read (to the cent, in the row's `currency`: converted to it under
/// `--currency X`, when [`CONVERTED_COLUMNS`] follow it), then how it stands against the range
/// (`gap_to_low` is pay - low and `gap_to_mid` pay - mid, so one is never below the other);
/// the last two are the pay's approximate OEWS wage level (`below I`, `I`..`IV`; empty outside
/// the US or where BLS released nothing) and the occupation (SOC code) it is for, as `offer`
/// gives them.
pub const REVIEW_COLUMNS: [&str; 10] = [
    "pay",
    "compa_ratio",
    "position_pct",
    "gap_to_low",
    "gap_to_mid",
    "verdict",
    "survey_percentile",
    "survey_adjusted_percentile",
    "wage_level",
    "wage_level_soc",
];

/// The columns after `pay` when each pay is converted to the run's currency (`--currency X`
/// with a `currency` column): the currency the pay was read in (its cell's, else X), and the
/// rate it was converted at, units of X per one of it (to 6 decimals; 1 for a pay in X).
pub const CONVERTED_COLUMNS: [&str; 2] = ["pay_read_in", "pay_rate"];

/// The columns a package adds after the review's (a `bonus` or `equity` column beside the
/// pay): its total, and that total reviewed against the estimate's total pay, as `offer
/// --bonus --equity` gives them in `total_pay`.
pub const PACKAGE_COLUMNS: [&str; 5] =
    ["total_pay", "total_compa_ratio", "total_position_pct", "total_gap_to_mid", "total_verdict"];

/// A row's review: its pay against the range, and a package's total against the total pay.
#[derive(Clone, Copy)]
pub(crate) struct Reviewed<'r, 'a> {
    pub(crate) pay: &'r Review<'a>,
    pub(crate) total: Option<&'r Review<'a>>,
    /// How the pay was converted to the estimate's currency, when the run converts.
    pub(crate) converted: Option<Converted<'a>>,
}

/// What writing a row needs: the tables, the options, the columns, the row's bytes (as the
/// format chooses them, `output::RowBytes`), and the cells every row shares, made once.
pub(crate) struct Writer<'a> {
    tables: &'a Tables,
    /// The options (`--total`, the pay year the shared cells show).
    opts: Options<'a>,
    rows: RowBytes,
    /// Each row has a pay reviewed: the [`REVIEW_COLUMNS`] are written.
    review: bool,
    /// The pay is a package's base: the [`PACKAGE_COLUMNS`] are written too.
    package: bool,
    /// The output names of the input columns.
    names: Vec<String>,
    /// The input column read as the years: a number in JSON (the years read), not the cell's
    /// text.
    years: Option<usize>,
    /// Level names, each band's then each blend's (`entry-mid`): as text, and as a CSV/TSV
    /// cell after a delimiter.
    levels: Vec<(String, Vec<u8>)>,
    cells: Cells,
    /// What every row shares, as CSV/TSV cells after a delimiter: `currency` (unless each row
    /// has its own, `--currency local`), `pay_year`, `wage_factor` and `bands`.
    shared: Vec<u8>,
    /// Good rows are written as read: CSV in, CSV out.
    pub(crate) echo: bool,
    /// The `wage_level` and `wage_level_soc` cells, each after a delimiter, of each level (0
    /// below I to 4) and of no level (5), made once for the run's occupation: one copy a row.
    wage_cells: [Vec<u8>; 6],
    /// Each row's `currency` is its own: `--currency local`, or a `currency` column that the
    /// pay is read in.
    pub(crate) row_currency: bool,
    /// Each pay is converted to the run's currency: the [`CONVERTED_COLUMNS`] are written.
    convert: bool,
}

/// The input's columns, as a [`Writer`] needs them.
pub(crate) struct Columns {
    /// The output's names for them, unique and clear of the result columns; the command makes
    /// them from the header.
    pub(crate) names: Vec<String>,
    /// A pay column is reviewed.
    pub(crate) review: bool,
    /// With `bonus` or `equity` columns: the pay is a package's base.
    pub(crate) package: bool,
    /// The pay is read in a `currency` column of the input.
    pub(crate) currency: bool,
    /// Each pay is converted from its `currency` cell's currency to the run's.
    pub(crate) convert: bool,
    /// The input is CSV.
    pub(crate) csv: bool,
    /// The column read as the years, if any.
    pub(crate) years: Option<usize>,
}

impl<'a> Writer<'a> {
    pub(crate) fn new(tables: &'a Tables, opts: &Options<'a>, columns: Columns, rows: RowBytes) -> Self {
        let cells = Cells::new(match rows {
            RowBytes::Delimited(delimiter) => delimiter,
            RowBytes::Json => b',',
        });
        let n = tables.bands.bands.len();
        let placements =
            (0..n).map(Placement::Band).chain((1..n).map(|i| Placement::Blend { lower: i - 1, weight: 0.5 }));
        let levels = placements.map(|p| {
            let name = level_name(tables, p);
            let cell = cells.joined([name.as_bytes()]);
            (name, cell)
        });
        let pay = opts.pay_year(tables);
        let convert = columns.review && columns.convert;
        let row_currency = opts.local || (columns.review && columns.currency && !convert);
        let currency = (!row_currency).then_some(opts.currency.to_string());
        let shared = [pay.year.to_string(), pay.factor.to_string(), tables.bands.basis.as_str().to_string()];
        let wage_cells = wage_cells(&cells, crate::model::levels::DEFAULT_SOC);
        Writer {
            wage_cells,
            tables,
            opts: Options { pay: Some(pay), ..*opts },
            rows,
            review: columns.review,
            package: columns.review && columns.package,
            names: columns.names,
            years: columns.years,
            levels: levels.collect(),
            shared: cells.joined(currency.iter().chain(&shared).map(String::as_bytes)),
            cells,
            echo: columns.csv && rows.is_csv(),
            row_currency,
            convert,
        }
    }

    /// The occupation whose wage levels the rows' `wage_level_soc` names (`--soc`).
    pub(crate) fn set_soc(&mut self, soc: &str) {
        self.wage_cells = wage_cells(&self.cells, soc);
    }

    /// The CSV/TSV header: the input's columns, the results, `--total`'s, then `error`.
    pub(crate) fn header(&self) -> Vec<String> {
        let totals = if self.opts.total { &TOTAL_COLUMNS[..] } else { &[] };
        let results = RESULT_COLUMNS[..RESULT_COLUMNS.len() - 1]
            .iter()
            .chain(totals)
            .chain(self.review_columns())
            .chain(["error"].iter());
        self.names.iter().cloned().chain(results.map(|c| c.to_string())).collect()
    }

    /// The review's columns, and a package's: none without a pay column.
    fn review_columns(&self) -> impl Iterator<Item = &'static &'static str> + use<> {
        let review = if self.review { &REVIEW_COLUMNS[..] } else { &[] };
        let converted = if self.convert { &CONVERTED_COLUMNS[..] } else { &[] };
        let package = if self.package { &PACKAGE_COLUMNS[..] } else { &[] };
        let (pay, rest) = review.split_at(review.len().min(1));
        pay.iter().chain(converted).chain(rest).chain(package)
    }

    /// Writes one row in the output format's rendering, ended by a line break: CSV/TSV cells,
    /// or one JSON object (an array's sink frames them).
    pub(crate) fn row(
        &self,
        out: &mut Vec<u8>,
        record: &Record,
        input: Input,
        shown: Result<&Estimate<'a>, &str>,
        review: Option<Reviewed>,
        pay_error: Option<&str>,
    ) -> serde_json::Result<()> {
        match self.rows {
            RowBytes::Json => {
                serde_json::to_writer(
                    &mut *out,
                    &JsonRow { writer: self, record, input, result: shown, review, pay_error },
                )?;
                out.push(b'\n');
            }
            RowBytes::Delimited(_) => self.write_table(out, record, input, shown, review, pay_error),
        }
        Ok(())
    }

    /// A CSV/TSV row: the input's cells, then the results. A row read from CSV and written as
    /// CSV gives its input bytes as they were read, if it is good, or bad but of the header's
    /// width and UTF-8. Any other row gives its cells; a bad row's are cut or padded to the
    /// header's width and shown as text (they were not all looked up, so they may not be
    /// UTF-8: U+FFFD where they are not). A row whose pay is bad (`pay_error`) keeps its
    /// estimate, with the review's cells empty and the message in `error`; its cells are shown
    /// as a bad row's.
    fn write_table(
        &self,
        out: &mut Vec<u8>,
        record: &Record,
        input: Input,
        result: Result<&Estimate, &str>,
        review: Option<Reviewed>,
        pay_error: Option<&str>,
    ) {
        let (cells, delimiter) = (&self.cells, self.cells.delimiter());
        match (input, result) {
            (Input::Csv(Some(as_read)), Ok(_)) if pay_error.is_none() => out.extend_from_slice(as_read),
            (Input::Csv(Some(as_read)), _)
                if record.len() == self.names.len() && std::str::from_utf8(as_read).is_ok() =>
            {
                out.extend_from_slice(as_read)
            }
            (_, Ok(_)) if pay_error.is_none() => (0..record.len()).for_each(|i| {
                if i > 0 {
                    out.push(delimiter);
                }
                cells.push(out, record.get(i).unwrap_or_default());
            }),
            _ => (0..self.names.len()).for_each(|i| {
                if i > 0 {
                    out.push(delimiter);
                }
                cells.push(out, String::from_utf8_lossy(record.get(i).unwrap_or_default()).as_bytes());
            }),
        }
        let e = match result {
            Ok(e) => e,
            Err(message) => {
                let empty = RESULT_COLUMNS.len() - 1
                    + if self.opts.total { TOTAL_COLUMNS.len() } else { 0 }
                    + self.review_columns().count();
                out.extend(std::iter::repeat_n(delimiter, empty));
                cells.push_next(out, message.as_bytes());
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
        out.push(delimiter);
        if let Some(b) = e.bound {
            out.extend_from_slice(b.as_str().as_bytes());
        }
        if let Some(t) = e.total.as_ref().filter(|_| self.opts.total) {
            for (i, amount) in total_amounts(t).into_iter().enumerate() {
                out.push(delimiter);
                if i == 4 {
                    // `equity_options`, before the totals.
                    out.extend_from_slice(if t.equity.is_none() { b"true" } else { b"false" });
                    out.push(delimiter);
                }
                if let Some(amount) = amount {
                    out.extend_from_slice(n.format(amount).as_bytes());
                }
            }
        }
        if let Some(r) = review {
            out.push(delimiter);
            push_fixed::<2>(out, nearest(r.pay.amount * 100.0), true);
            if let Some(c) = r.converted.filter(|_| self.convert) {
                cells.push_next(out, c.from.as_bytes());
                out.push(delimiter);
                out.extend_from_slice(c.rate.to_string().as_bytes());
            }
            push_review(out, delimiter, r.pay);
            out.extend_from_slice(&self.wage_cells[r.pay.wage_level.map_or(5, |(l, _)| usize::from(l))]);
            if self.package {
                push_package(out, delimiter, r.total);
            }
        } else if let Some(message) = pay_error {
            out.extend(std::iter::repeat_n(delimiter, self.review_columns().count()));
            cells.push_next(out, message.as_bytes());
            return out.push(b'\n');
        }
        // An empty `error`.
        out.push(delimiter);
        out.push(b'\n');
    }

    /// Where cells added to the row just written to `out` go: before its line end, and in
    /// JSON before its last member, `data` (which stays last). `data`'s value is a JSON string,
    /// in which a `"` is escaped: `,"data":` is found only as the member's start.
    pub(crate) fn cells_end(&self, out: &[u8]) -> usize {
        match self.rows {
            RowBytes::Json => {
                const DATA: &[u8] = b",\"data\":";
                let end = out.len() - 2;
                out[..end].windows(DATA.len()).rposition(|w| w == DATA).unwrap_or(end)
            }
            RowBytes::Delimited(_) => out.len() - 1,
        }
    }

    fn level_index(&self, placement: Placement) -> usize {
        match placement {
            Placement::Band(i) => i,
            Placement::Blend { lower, .. } => self.tables.bands.bands.len() + lower,
        }
    }

    pub(crate) fn level(&self, placement: Placement) -> &str {
        &self.levels[self.level_index(placement)].0
    }
}

/// Where a row's cells came from, and what the output may keep of it: a CSV row's bytes as
/// read (when it is written as read), a JSON Lines row's values as JSON.
#[derive(Clone, Copy)]
pub(crate) enum Input<'r> {
    Csv(Option<&'r [u8]>),
    Json(&'r [Option<&'r serde_json::value::RawValue>]),
}

/// A review's cells, as `offer` writes them in CSV (the compa-ratio to two decimals, the
/// position, the gap, the verdict and the survey percentile), each after a delimiter, with no
/// float formatting and no allocation: each figure is a whole number of hundredths or tenths,
/// written with `itoa` (`numbers`' tests hold that to the formatting).
#[inline]
fn push_review(out: &mut Vec<u8>, delimiter: u8, r: &Review) {
    push_judged::<true>(out, delimiter, r);
    let survey = r.market.as_ref().and_then(|m| m.survey.as_ref());
    out.push(delimiter);
    if let Some(s) = survey {
        push_fixed::<1>(out, nearest(s.reported * 10.0), true);
    }
    out.push(delimiter);
    if let Some(s) = survey {
        push_fixed::<1>(out, nearest(s.adjusted * 10.0), true);
    }
}

/// The `wage_level` and `wage_level_soc` cells of each level and of none (see `Writer::wage_cells`).
fn wage_cells(cells: &Cells, soc: &str) -> [Vec<u8>; 6] {
    std::array::from_fn(|i| match i {
        0..=4 => cells.joined([crate::model::levels::name(i as u8).as_bytes(), soc.as_bytes()]),
        _ => vec![cells.delimiter(); 2],
    })
}

/// The compa-ratio, position, gaps (with `LOW`, the gap to the low end before the gap to the
/// mid) and verdict of a review, each after a delimiter. Inlined: out of line it cost about
/// 10 instructions a row of a pay review.
#[inline(always)]
fn push_judged<const LOW: bool>(out: &mut Vec<u8>, delimiter: u8, r: &Review) {
    out.push(delimiter);
    if let Some(c) = r.compa_ratio {
        push_fixed::<2>(out, nearest(c * 100.0), false);
    }
    out.push(delimiter);
    if let Some(p) = r.position_pct {
        push_fixed::<1>(out, nearest(p * 10.0), true);
    }
    if LOW {
        out.push(delimiter);
        push_fixed::<2>(out, nearest(r.gap_to_low() * 100.0), true);
    }
    out.push(delimiter);
    push_fixed::<2>(out, nearest(r.gap_to_mid * 100.0), true);
    out.push(delimiter);
    out.extend_from_slice(r.verdict.as_str().as_bytes());
}

/// A package's [`PACKAGE_COLUMNS`], each after a delimiter, as [`push_review`] writes its
/// figures: the total pay (to the cent), then its compa-ratio, position, gap and verdict
/// against the estimate's total pay.
fn push_package(out: &mut Vec<u8>, delimiter: u8, total: Option<&Review>) {
    let Some(t) = total else {
        return out.extend(std::iter::repeat_n(delimiter, PACKAGE_COLUMNS.len()));
    };
    out.push(delimiter);
    push_fixed::<2>(out, nearest(t.amount * 100.0), true);
    push_judged::<false>(out, delimiter, t);
}

/// The `--total` amounts in [`TOTAL_COLUMNS`] order but `equity_options`; `None` for equity
/// that is unvalued options (empty, with `equity_options` true).
fn total_amounts(t: &Total) -> [Option<i64>; 7] {
    let [bonus_low, bonus_high] = t.bonus.map(Some);
    let [equity_low, equity_high] = t.equity.map_or([None, None], |q| q.map(Some));
    let [total_low, total_mid, total_high] = t.total.map(Some);
    [bonus_low, bonus_high, equity_low, equity_high, total_low, total_mid, total_high]
}

/// A JSON Lines or JSON row: the input's columns (strings, or with JSON Lines input the values
/// as they were, `null` where the row omits a key), then the results (`null` for a bad row).
struct JsonRow<'r, 'a> {
    writer: &'r Writer<'a>,
    record: &'r Record,
    input: Input<'r>,
    result: Result<&'r Estimate<'a>, &'r str>,
    /// With a pay column, the row's review (`None` for a bad row).
    review: Option<Reviewed<'r, 'a>>,
    /// A bad pay's message: the estimate stands, the review's fields are `null`.
    pay_error: Option<&'r str>,
}

impl JsonRow<'_, '_> {
    /// The years column's value in JSON: a number (the years the row was priced with, or for a
    /// bad row the cell read as years) or `null` (empty, or not a number of years: the row's
    /// error says so), whatever the input's type, so that `select(.years > 10)` compares
    /// numbers.
    fn years(&self, i: usize) -> Option<f64> {
        match self.result {
            Ok(e) => e.years,
            Err(_) => {
                let cell = std::str::from_utf8(self.record.get(i).unwrap_or_default()).ok()?;
                crate::model::parse_years(cell).ok()
            }
        }
    }
}

impl Serialize for JsonRow<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let writer = self.writer;
        let mut map = s.serialize_map(None)?;
        for (i, name) in writer.names.iter().enumerate() {
            if writer.years == Some(i) {
                map.serialize_entry(name, &self.years(i).map(Whole))?;
                continue;
            }
            match self.input {
                // As given, profile and pass-through keys alike: each value with its JSON type,
                // and `null` for a key the row omits.
                Input::Json(raw) => map.serialize_entry(name, &raw[i])?,
                _ => map.serialize_entry(
                    name,
                    &String::from_utf8_lossy(self.record.get(i).unwrap_or_default()),
                )?,
            }
        }
        let e = match self.result {
            Ok(e) => e,
            Err(message) => {
                let totals = if writer.opts.total { &TOTAL_COLUMNS[..] } else { &[] };
                let review = writer.review_columns();
                for name in RESULT_COLUMNS[..RESULT_COLUMNS.len() - 1].iter().chain(totals).chain(review) {
                    map.serialize_entry(name, &())?;
                }
                map.serialize_entry("error", message)?;
                map.serialize_entry("data", &writer.tables.data)?;
                return map.end();
            }
        };
        map.serialize_entry("level", writer.level(e.placement))?;
        // As in CSV: `1`, not `1.0`.
        match e.multiplier {
            m if m.fract() == 0.0 && m.abs() < 1e15 => map.serialize_entry("multiplier", &(m as i64))?,
            m => map.serialize_entry("multiplier", &m)?,
        }
        map.serialize_entry("low", &e.low)?;
        map.serialize_entry("mid", &e.mid)?;
        map.serialize_entry("high", &e.high)?;
        map.serialize_entry("currency", e.currency)?;
        map.serialize_entry("pay_year", &e.pay.year)?;
        map.serialize_entry("wage_factor", &e.pay.factor)?;
        map.serialize_entry("bands", writer.tables.bands.basis.as_str())?;
        map.serialize_entry("bound", &e.bound.map(|b| b.as_str()))?;
        if let Some(t) = e.total.as_ref().filter(|_| writer.opts.total) {
            let [bonus_low, bonus_high, equity_low, equity_high, total_low, total_mid, total_high] =
                total_amounts(t);
            let values =
                [bonus_low, bonus_high, equity_low, equity_high, None, total_low, total_mid, total_high];
            for (name, amount) in TOTAL_COLUMNS.iter().zip(values) {
                match *name {
                    "equity_options" => map.serialize_entry(name, &t.equity.is_none())?,
                    _ => map.serialize_entry(name, &amount)?,
                }
            }
        }
        if let Some(Reviewed { pay: r, total, converted }) = self.review {
            // As `offer --format json` gives them: numbers (whole ones as integers), the
            // survey percentile as a number (null without a cell).
            map.serialize_entry("pay", &Whole(r.amount))?;
            if writer.convert {
                map.serialize_entry("pay_read_in", &converted.map(|c| c.from))?;
                map.serialize_entry("pay_rate", &converted.map(|c| Whole(c.rate)))?;
            }
            map.serialize_entry("compa_ratio", &r.compa_ratio)?;
            map.serialize_entry("position_pct", &r.position_pct)?;
            map.serialize_entry("gap_to_low", &Whole(r.gap_to_low()))?;
            map.serialize_entry("gap_to_mid", &Whole(r.gap_to_mid))?;
            map.serialize_entry("verdict", r.verdict.as_str())?;
            map.serialize_entry("survey_percentile", &survey_percentile(r.market.as_ref()))?;
            map.serialize_entry(
                "survey_adjusted_percentile",
                &survey_adjusted_percentile(r.market.as_ref()),
            )?;
            let level = r.wage_level;
            map.serialize_entry("wage_level", &level.map(|(l, _)| crate::model::levels::name(l)))?;
            map.serialize_entry("wage_level_soc", &level.map(|(_, soc)| soc))?;
            if writer.package {
                // As `offer`'s `total_pay`.
                map.serialize_entry("total_pay", &total.map(|t| Whole(t.amount)))?;
                map.serialize_entry("total_compa_ratio", &total.and_then(|t| t.compa_ratio))?;
                map.serialize_entry("total_position_pct", &total.and_then(|t| t.position_pct))?;
                map.serialize_entry("total_gap_to_mid", &total.map(|t| Whole(t.gap_to_mid)))?;
                map.serialize_entry("total_verdict", &total.map(|t| t.verdict.as_str()))?;
            }
        } else if writer.review {
            for name in writer.review_columns() {
                map.serialize_entry(name, &())?;
            }
        }
        map.serialize_entry("error", &self.pay_error)?;
        map.serialize_entry("data", &writer.tables.data)?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::load_embedded;
    use crate::model::{ProfileSpec, estimate};

    #[test]
    fn multipliers_read_as_display_writes_them() {
        let t = load_embedded().unwrap();
        let opts = Options::default();
        let columns = Columns {
            names: vec!["years".into()],
            review: false,
            package: false,
            currency: false,
            convert: false,
            csv: true,
            years: Some(0),
        };
        let writer = Writer::new(&t, &opts, columns, crate::output::RowBytes::CSV);
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
            writer.write_table(&mut out, &Record::from(&["4"][..]), Input::Csv(None), Ok(&e), None, None);
            let text = String::from_utf8(out).unwrap();
            assert_eq!(text.split(',').nth(2), Some(m.to_string().as_str()), "{m}");
        }
    }
}
