//! What a worker thread keeps from chunk to chunk: a memo per profile column, the CSV parser
//! and the market views; and with them, a row's profile and its pay review.
//!
//! Each profile column has a memo of the values seen, by their raw bytes: the value found, or
//! why the value is bad. A file holds few distinct values per column however many rows it has,
//! so each is looked up (and a bad one's message made) once, and a row costs a hash lookup per
//! profile column and one `model::estimate`.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::layout::{Layout, MAX_PAY};
use super::problem::{Flaw, Problem};
use crate::error::Error;
use crate::input::Record;
use crate::model::amount;
use crate::model::market::{self, MarketView};
use crate::model::review::{Converted, Package, Review, view_key};
use crate::model::{Estimate, Experience, Options, Placement, Profile, estimate, parse_years, place};
use crate::names::fold;
use crate::tables::currency::Choice;
use crate::tables::{Factor, Tables};

/// Distinct values remembered per column at most: memory stays bounded whatever the input.
const MEMO_LIMIT: usize = 1 << 12;

/// The longest value remembered, in bytes. A longer one is no name in the tables, so it is
/// bad: it is looked up again each time (cheap: too long for a suggestion), rather than kept
/// with its error (a file of distinct 30 KB cities took 185 MB).
const MEMO_VALUE_MAX: usize = 256;

/// A column's memo: raw bytes to the value found, or why there is none. A value of up to 15
/// bytes (nearly every cell) is keyed by its bytes and length packed in one `u128`
/// ([`short_key`]), so a lookup hashes two words and compares one number; hashing a byte
/// string and comparing it with `memcmp` cost a fifth of an HR row. Longer values are keyed by
/// their bytes.
struct Memo<V> {
    short: FxHashMap<u128, Result<V, Arc<Flaw>>>,
    long: FxHashMap<Box<[u8]>, Result<V, Arc<Flaw>>>,
}

impl<V> Default for Memo<V> {
    fn default() -> Self {
        Memo { short: FxHashMap::default(), long: FxHashMap::default() }
    }
}

impl<V> Memo<V> {
    fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }
}

/// `raw`'s bytes, then its length in the top byte, as one number; `None` over 15 bytes. The
/// bytes are read as two words that may overlap (the same bytes at the same places, so
/// or-ing them changes nothing), never past `raw`'s end and with no call to `memcpy`.
fn short_key(raw: &[u8]) -> Option<u128> {
    let n = raw.len();
    let four = |at: usize| u128::from(u32::from_le_bytes([raw[at], raw[at + 1], raw[at + 2], raw[at + 3]]));
    let eight = |at: usize| {
        let mut word = [0; 8];
        word.copy_from_slice(&raw[at..at + 8]);
        u128::from(u64::from_le_bytes(word))
    };
    let byte = |at: usize| u128::from(raw[at]) << (8 * at);
    let bytes = match n {
        0 => 0,
        1..=3 => byte(0) | byte(n / 2) | byte(n - 1),
        4..=7 => four(0) | four(n - 4) << (8 * (n - 4)),
        8..=15 => eight(0) | eight(n - 8) << (8 * (n - 8)),
        _ => return None,
    };
    Some(bytes | (n as u128) << 120)
}

/// What one thread keeps from chunk to chunk: the memos, the CSV parser and the market views;
/// with the tables and the run's options that its lookups and estimates use.
pub struct Worker<'a> {
    tables: &'a Tables,
    opts: Options<'a>,
    years: Memo<Option<f64>>,
    levels: Memo<usize>,
    factors: [Memo<usize>; Factor::COUNT],
    /// The `currency` column's values: an index in the currency table, `None` for `local`.
    currencies: Memo<Option<usize>>,
    /// The market view of each [`view_key`] met.
    views: FxHashMap<(usize, usize, usize, bool), MarketView<'a>>,
    /// The occupation whose wage level each pay reaches (`--soc`).
    pub(crate) soc: &'static str,
    /// `--currency X` with a `currency` column: every estimate is made in X, and each pay,
    /// read in its row's currency, is converted to X (see [`Converted`]).
    pub(crate) convert: bool,
    pub(crate) parser: csv_core::Reader,
    /// A raise budget's first pass: pays are judged against their range only, not ranked.
    pub(crate) unranked: bool,
}

impl<'a> Worker<'a> {
    pub(crate) fn new(tables: &'a Tables, opts: Options<'a>) -> Self {
        Worker {
            tables,
            opts,
            years: Memo::default(),
            levels: Memo::default(),
            factors: Default::default(),
            currencies: Memo::default(),
            views: FxHashMap::default(),
            soc: crate::model::levels::DEFAULT_SOC,
            convert: false,
            parser: csv_core::Reader::new(),
            unranked: false,
        }
    }
}

impl Worker<'_> {
    /// A row's profile: each value from its column's memo, else looked up as `estimate` looks
    /// up its flags (an empty cell takes the flag's default).
    pub(crate) fn profile(&mut self, layout: &Layout, record: &Record) -> Result<Profile, Arc<Flaw>> {
        let tables = self.tables;
        let cell = |slot: usize| layout.at[slot].and_then(|i| record.get(i)).unwrap_or_default();
        let name = |slot: usize| move || layout.at[slot].map_or("", |i| &layout.names[i]);
        let years = recall(&mut self.years, cell(0), name(0), |y| match layout.mapping.given(0, y) {
            "" => Ok(None),
            y => parse_years(y).map(Some),
        })?;
        let level = cell(1);
        let experience = match (years, level.trim_ascii().is_empty()) {
            (Some(y), true) => Experience::Years(y),
            (None, false) => Experience::Level(recall(&mut self.levels, level, name(1), |l| {
                tables.bands.resolve(layout.mapping.given(1, l))
            })?),
            (None, true) => return Err(flaw(Problem::NoExperience)),
            (Some(years), false) => {
                let level = String::from_utf8_lossy(level);
                agreed(tables, years, layout.mapping.given(1, level.trim()))?
            }
        };
        let mut factors = [0; Factor::COUNT];
        for factor in Factor::ALL {
            let (i, table) = (factor.index(), tables.factor(factor));
            factors[i] = recall(&mut self.factors[i], cell(2 + i), name(2 + i), |v| {
                match layout.mapping.given(2 + i, v) {
                    "" => Ok(table.default_index()),
                    v => table.resolve(v),
                }
            })?;
        }
        Ok(Profile { experience, factors })
    }
}

impl<'a> Worker<'a> {
    /// A row's estimate in the currency of its pay (its `currency` cell, else `--currency`),
    /// and its pay reviewed against it, as `offer` reviews an amount; with `bonus` or `equity`
    /// columns, as `offer --bonus --equity` reviews a package: the pay (the base) against the
    /// range, and its total against the estimate's total pay. With [`Worker::convert`], the
    /// estimate is in the run's currency and the pay (and its parts), read in the row's, is
    /// converted to it (`then` is given how).
    pub(crate) fn review<R>(
        &mut self,
        layout: &Layout,
        pay: usize,
        json: bool,
        record: &Record,
        profile: &Profile,
        then: impl FnOnce(&Estimate<'a>, &Review<'a>, Option<&Review<'a>>, Option<Converted<'a>>) -> R,
    ) -> Result<R, Arc<Flaw>> {
        let tables = self.tables;
        let row = self.row_opts(layout, record)?;
        let est = estimate(tables, profile, if self.convert { &self.opts } else { &row });
        let converted = self.convert.then(|| {
            let (from, rate) = crate::model::currency_of(tables, profile, &row);
            let rate =
                if from == est.currency { 1.0 } else { crate::model::round(est.rate / rate * 1e6) / 1e6 };
            Converted { from, rate }
        });
        let read_in = converted.map_or(est.currency, |c| c.from);
        let column = || layout.names[pay].clone();
        let raw = record.get(pay).unwrap_or_default();
        let Ok(text) = std::str::from_utf8(raw) else {
            return Err(flaw(Problem::NotUtf8 { column: column() }));
        };
        if text.trim_ascii().is_empty() && text.trim().is_empty() {
            return Err(flaw(Problem::NoPay { column: column() }));
        }
        // A JSON Lines pay that is a JSON number is an amount, in any of its forms (`1.5e5`).
        let read = if json { amount::read_json } else { amount::read };
        let amount = read(text, read_in, MAX_PAY).map_err(|bad| {
            flaw(Problem::Pay { column: column(), cell: text.trim().to_string(), reason: bad.to_string() })
        })?;
        let convert = |amount: f64| converted.map_or(amount, |c| c.apply(amount));
        let amount = convert(amount);
        // Batch shows the survey percentile only, so the view keeps no BLS rows: `standing`
        // then ranks the pay in the survey cell alone, with nothing to allocate.
        let view = self.views.entry(view_key(&est)).or_insert_with(|| MarketView {
            bls: Vec::new(),
            not_released: Vec::new(),
            ..market::view_for(tables, &est, self.soc)
        });
        let mut package = None;
        if layout.package() {
            let part = |at: Option<usize>| match at {
                Some(i) => {
                    read_part(&layout.names[i], record.get(i).unwrap_or_default(), read_in).map(convert)
                }
                None => Ok(0.0),
            };
            package =
                Some(Package { base: amount, bonus: part(layout.bonus)?, equity: part(layout.equity)? });
        }
        let total = package.as_ref().and_then(|p| Review::judge_total(&est, view, p));
        // One call of `then`, with the review made in place as its argument: a second call (or
        // a pair of reviews returned) kept `then` from being inlined, or copied the reviews,
        // 50 to 75 instructions a row of every pay review (callgrind).
        let pay = match &package {
            None if self.unranked => Review::judge_unranked(&est, view, amount),
            None => Review::judge(&est, view, amount),
            Some(p) => Review::judge_salary(&est, view, p),
        };
        Ok(then(&est, &pay, total.as_ref(), converted))
    }
}

/// Years and a level in one row: the years, if the level is the one they give (as an earlier
/// output's `level` is): a band, or in a gap between bands the blend (`entry-mid`) or either
/// band of it. Else the row's error, naming both.
fn agreed(tables: &Tables, years: f64, level: &str) -> Result<Experience, Arc<Flaw>> {
    let bands = &tables.bands.bands;
    let found = tables.bands.resolve(level).ok();
    let (agrees, gives) = match place(tables, years) {
        Placement::Band(i) => (found == Some(i), bands[i].level.to_string()),
        Placement::Blend { lower, .. } => {
            let blend = format!("{}-{}", bands[lower].level, bands[lower + 1].level);
            let agrees = fold(level) == fold(&blend) || found.is_some_and(|i| i == lower || i == lower + 1);
            (agrees, blend)
        }
    };
    match agrees {
        true => Ok(Experience::Years(years)),
        false => Err(flaw(Problem::LevelDisagrees { level: level.to_string(), years, gives })),
    }
}

impl<'a> Worker<'a> {
    /// The options a row's estimate is made with: the run's, in the currency of its `currency`
    /// cell if it has one. A bad currency cell is the row's pay problem.
    pub(crate) fn row_opts(&mut self, layout: &Layout, record: &Record) -> Result<Options<'a>, Arc<Flaw>> {
        let (tables, mut opts) = (self.tables, self.opts);
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
        Ok(opts)
    }
}

/// A `bonus` or `equity` cell: an amount read as the pay is, in its currency; empty or `0`
/// for none.
fn read_part(column: &str, raw: &[u8], currency: &str) -> Result<f64, Arc<Flaw>> {
    let Ok(text) = std::str::from_utf8(raw) else {
        return Err(flaw(Problem::NotUtf8 { column: column.to_string() }));
    };
    if text.trim().is_empty() {
        return Ok(0.0);
    }
    amount::parse_part(text, MAX_PAY).and_then(|t| t.read_in(currency)).map_err(|bad| {
        flaw(Problem::Pay {
            column: column.to_string(),
            cell: text.trim().to_string(),
            reason: bad.to_string(),
        })
    })
}

/// `raw`'s value from the memo; else looked up (as UTF-8, trimmed) and remembered, good or bad.
fn recall<'c, V: Copy>(
    memo: &mut Memo<V>,
    raw: &[u8],
    column: impl FnOnce() -> &'c str,
    look_up: impl FnOnce(&str) -> Result<V, Error>,
) -> Result<V, Arc<Flaw>> {
    let key = short_key(raw);
    let known = match key {
        Some(key) => memo.short.get(&key),
        None => memo.long.get(raw),
    };
    if let Some(known) = known {
        return known.clone();
    }
    let found = match std::str::from_utf8(raw) {
        Ok(text) => look_up(text.trim()).map_err(Problem::Value),
        Err(_) => Err(Problem::NotUtf8 { column: column().to_string() }),
    };
    let found = found.map_err(flaw);
    if memo.len() < MEMO_LIMIT && raw.len() <= MEMO_VALUE_MAX {
        match key {
            Some(key) => memo.short.insert(key, found.clone()),
            None => memo.long.insert(raw.into(), found.clone()),
        };
    }
    found
}

pub(crate) fn flaw(problem: Problem) -> Arc<Flaw> {
    Arc::new(problem.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::load_embedded;
    use crate::model::ProfileSpec;
    use crate::tables::Column;

    /// Every key and alias of every table, twice (so the second time comes from the memo),
    /// gives exactly the profile `ProfileSpec::resolve` gives; a bad value, its error.
    #[test]
    fn memoised_values_resolve_like_profile_spec() {
        let t = load_embedded().unwrap();
        let layout = Layout::new(Column::ALL.map(|c| c.name().to_string()).to_vec(), false).unwrap();
        let mut w = Worker::new(&t, Options::default());
        for pass in 0..2 {
            for f in Factor::ALL {
                let names =
                    t.factor(f).entries.iter().flat_map(|e| std::iter::once(&e.key).chain(e.aliases.iter()));
                for name in names.map(|n| n.as_ref()).chain([" seatle ", "Bay Area"]) {
                    let mut cells = [""; Column::COUNT];
                    cells[0] = "4.5";
                    cells[2 + f.index()] = name;
                    let got = w.profile(&layout, &Record::from(&cells[..]));
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
        let mut row = |cells: [&str; Column::COUNT]| {
            w.profile(&layout, &Record::from(&cells[..])).map_err(|e| e.message.clone())
        };
        assert_eq!(
            row(["4", "mid", "", "", "", "", ""]),
            row(["4", "", "", "", "", "", ""]),
            "a level that agrees is fine"
        );
        for blend in ["entry-mid", "Entry-Mid", "entry", "mid"] {
            assert_eq!(
                row(["2.5", blend, "", "", "", "", ""]),
                row(["2.5", "", "", "", "", "", ""]),
                "{blend}"
            );
        }
        assert_eq!(
            row(["4", "senior", "", "", "", "", ""]).unwrap_err(),
            "level `senior` disagrees with years `4`, which give `mid`: give one of them, or correct the other"
        );
        assert!(row(["2.5", "senior", "", "", "", "", ""]).unwrap_err().contains("which give `entry-mid`"));
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

    /// Two values have one key only if they are the same bytes.
    #[test]
    fn short_keys_are_the_bytes() {
        let alphabet = [0u8, 1, b'a', 0x80, 0xFF];
        let mut values: Vec<Vec<u8>> = vec![Vec::new()];
        for len in 1..=3 {
            let mut next = Vec::new();
            for v in values.iter().filter(|v| v.len() == len - 1) {
                next.extend(alphabet.iter().map(|&b| [&v[..], &[b]].concat()));
            }
            values.extend(next);
        }
        let mut x: u64 = 1;
        for len in 4..=16 {
            for _ in 0..300 {
                let v = (0..len)
                    .map(|_| {
                        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                        alphabet[(x >> 61) as usize % alphabet.len()]
                    })
                    .collect();
                values.push(v);
            }
        }
        values.sort();
        values.dedup();
        let mut seen = std::collections::HashMap::new();
        for v in &values {
            match short_key(v) {
                None => assert!(v.len() > 15),
                Some(key) => {
                    if let Some(other) = seen.insert(key, v) {
                        panic!("{other:?} and {v:?} share the key {key:x}");
                    }
                }
            }
        }
        assert_eq!(short_key(b"sf"), Some(u128::from(u16::from_le_bytes(*b"sf")) | 2 << 120));
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
