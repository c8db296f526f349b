//! `mlsal compare`: many profiles side by side, one row per combination of the values given.
//!
//! Every profile flag takes a comma list and `--years` also takes ranges, so the number of rows
//! is the product of the list lengths. That product is counted before anything is built, so a
//! typo like `0..60:0.001` is an error naming the count, not a long wait.

use crate::cli::{CompareArgs, SortKey};
use crate::cmd::Ctx;
use crate::error::Error;
use crate::model::{Experience, Profile, estimate, parse_years, round_years};
use crate::names::places;
use crate::output::{Shape, emit, thousands};
use crate::tables::{Factor, FactorTable, Tables};
use crate::view::compare::Row;
use crate::view::estimate::Shown;
use crate::view::words::num;

/// The most rows one `compare` builds: enough for any table a person reads or a script needs,
/// small enough to answer at once.
pub const MAX_COMBINATIONS: u64 = 10_000;

pub fn run(args: &CompareArgs, ctx: &mut Ctx) -> anyhow::Result<()> {
    let tables = ctx.tables;
    let axes = Axes::resolve(args, tables)?;
    axes.check_count()?;
    let opts = ctx.options(&args.output)?;
    let mut rows: Vec<Row> =
        axes.profiles().map(|p| Row(Shown { tables, est: estimate(tables, &p, &opts) })).collect();
    if opts.local {
        one_currency(&rows)?;
        rows.iter().for_each(|r| ctx.check_rate(r.0.est.currency));
    }
    if let Some(key) = args.sort {
        sort(&mut rows, key);
    }
    emit(ctx.out, args.output.format, &ctx.style, &rows, Shape::Many)
}

/// `--currency local` across cities paid in different currencies would sort and chart pounds
/// against dollars: that is refused, naming the currencies.
fn one_currency(rows: &[Row]) -> Result<(), Error> {
    let mut codes: Vec<&str> = rows.iter().map(|r| r.0.est.currency).collect();
    codes.sort_unstable();
    codes.dedup();
    if codes.len() <= 1 {
        return Ok(());
    }
    Err(Error::InvalidValue {
        flag: "--currency",
        value: "local".into(),
        reason: format!(
            "the cities compared are paid in {}: choose one currency, like --currency {}",
            codes.join(", "),
            codes[0]
        ),
    })
}

/// Orders rows by `key`, highest first; `sort_by` is stable, so ties keep the flags' order.
fn sort(rows: &mut [Row], key: SortKey) {
    match key {
        SortKey::Low => rows.sort_by_key(|r| std::cmp::Reverse(r.0.est.low)),
        SortKey::Mid => rows.sort_by_key(|r| std::cmp::Reverse(r.0.est.mid)),
        SortKey::High => rows.sort_by_key(|r| std::cmp::Reverse(r.0.est.high)),
        SortKey::Multiplier => rows.sort_by(|a, b| b.0.est.multiplier.total_cmp(&a.0.est.multiplier)),
    }
}

/// One `--years` item: a number, or an inclusive range `A..B` / `A..B:STEP`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum YearsItem {
    One(f64),
    Range { from: f64, to: f64, step: f64 },
}

/// Slack for float steps: `0..1:0.1` must end at 1, not 0.9999999.
const EPS: f64 = 1e-9;

impl YearsItem {
    /// Parses one comma-separated item of `--years`; every problem names the item.
    pub fn parse(s: &str) -> Result<YearsItem, Error> {
        let bad = |reason: String| Error::InvalidValue { flag: "--years", value: s.to_string(), reason };
        let t = s.trim();
        let Some((a, rest)) = t.split_once("..") else {
            return parse_years(t).map(YearsItem::One).map_err(|e| bad(reason(e)));
        };
        let (b, step) = match rest.split_once(':') {
            Some((b, step)) => (b, Some(step)),
            None => (rest, None),
        };
        if a.trim().is_empty() || b.trim().is_empty() || step.is_some_and(|st| st.trim().is_empty()) {
            return Err(bad(
                "expected a number of years or a range A..B or A..B:STEP, like 4, 0..10 or 0..20:5".into(),
            ));
        }
        let end = |which: &str, v: &str| {
            parse_years(v).map_err(|e| bad(format!("the {which} `{v}`: {}", reason(e))))
        };
        let (from, to) = (end("start", a)?, end("end", b)?);
        let step = match step {
            None => 1.0,
            Some(st) => match st.trim().parse::<f64>() {
                Ok(x) if x.is_finite() && x > 0.0 => x,
                _ => return Err(bad(format!("the step `{st}` must be a number above 0"))),
            },
        };
        if from > to {
            return Err(bad(format!("a range A..B needs A <= B (try {}..{})", num(to), num(from))));
        }
        Ok(YearsItem::Range { from, to, step })
    }

    /// How many values this item stands for, without building them (saturating).
    pub fn count(&self) -> u64 {
        match *self {
            YearsItem::One(_) => 1,
            YearsItem::Range { from, to, step } => {
                (((to - from) / step + EPS).floor() as u64).saturating_add(1)
            }
        }
    }

    /// The values, in order: `from`, `from + step`, ... up to `to` inclusive.
    pub fn values(&self) -> impl Iterator<Item = f64> + '_ {
        let (from, to, step) = match *self {
            YearsItem::One(y) => (y, y, 1.0),
            YearsItem::Range { from, to, step } => (from, to, step),
        };
        // Rounded as typed years are, so 0.1 steps are 0.3, not 0.30000000000000004, and
        // a stepped 2.99999 is the 3 years that `estimate --years 2.99999` prices.
        (0..self.count()).map(move |i| round_years((from + i as f64 * step).min(to)))
    }
}

/// The reason of a years error, without the value (the caller names the whole item).
fn reason(e: Error) -> String {
    match e {
        Error::InvalidYears { reason, .. } => reason.to_string(),
        other => other.to_string(),
    }
}

/// `--city "Portland, OR",nyc`: the list is split at every comma, so a piece that is only a
/// state or country (` OR`), and no place of the table, goes back onto the place before it.
fn rejoin_places(values: &[String], table: &FactorTable) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(values.len());
    for v in values {
        match out.last_mut() {
            Some(prev) if places::region(v).is_some() && table.find(v).is_none() => {
                prev.push(',');
                prev.push_str(v);
            }
            _ => out.push(v.clone()),
        }
    }
    out
}

/// The values to combine, each looked up once: experiences, then one list per factor.
struct Axes {
    /// What the experience axis was given as, for the count message.
    experience_name: &'static str,
    years: Vec<YearsItem>,
    /// Band indices, when the axis is levels (given, or all of them by default).
    levels: Vec<usize>,
    factors: [Vec<usize>; 5],
    /// The factors given on the command line, for the count message.
    given: [bool; 5],
}

impl Axes {
    fn resolve(args: &CompareArgs, tables: &Tables) -> Result<Axes, Error> {
        let p = &args.profile;
        let years = p.years.iter().map(|s| YearsItem::parse(s)).collect::<Result<Vec<_>, _>>()?;
        let levels = if !years.is_empty() {
            Vec::new()
        } else if p.level.is_empty() {
            (0..tables.bands.bands.len()).collect()
        } else {
            p.level.iter().map(|l| tables.bands.resolve(l)).collect::<Result<_, _>>()?
        };
        let mut factors: [Vec<usize>; 5] = Default::default();
        for (f, values) in Factor::ALL.iter().zip(p.factors()) {
            let table = tables.factor(*f);
            let values = if *f == Factor::Location { rejoin_places(values, table) } else { values.to_vec() };
            factors[f.index()] = if values.is_empty() {
                vec![table.default_index()]
            } else {
                values.iter().map(|v| table.resolve(v)).collect::<Result<_, _>>()?
            };
        }
        let experience_name = if years.is_empty() { "level" } else { "years" };
        Ok(Axes { experience_name, years, levels, factors, given: p.factors().map(|v| !v.is_empty()) })
    }

    fn experience_count(&self) -> u64 {
        if self.years.is_empty() {
            self.levels.len() as u64
        } else {
            self.years.iter().fold(0u64, |n, y| n.saturating_add(y.count()))
        }
    }

    /// Fails, naming the count and where it comes from, past [`MAX_COMBINATIONS`].
    fn check_count(&self) -> Result<(), Error> {
        let exp = self.experience_count();
        let asked = self.factors.iter().fold(exp, |n, v| n.saturating_mul(v.len() as u64));
        if asked <= MAX_COMBINATIONS {
            return Ok(());
        }
        let mut detail = vec![format!("{} {}", self.experience_name, count_text(exp))];
        for f in Factor::ALL.into_iter().filter(|f| self.given[f.index()]) {
            let name = if f == Factor::Location { "city" } else { f.cli_name() };
            detail.push(format!("{name} {}", count_text(self.factors[f.index()].len() as u64)));
        }
        Err(Error::TooManyCombinations {
            asked: count_text(asked),
            detail: detail.join(" x "),
            limit: count_text(MAX_COMBINATIONS),
        })
    }

    /// Every combination, experience slowest and company size fastest, values in the order given.
    fn profiles(&self) -> impl Iterator<Item = Profile> + '_ {
        let experiences: Vec<Experience> = if self.years.is_empty() {
            self.levels.iter().map(|&i| Experience::Level(i)).collect()
        } else {
            self.years.iter().flat_map(YearsItem::values).map(Experience::Years).collect()
        };
        let lens = self.factors.each_ref().map(Vec::len);
        let per_experience: usize = lens.iter().product();
        experiences.into_iter().flat_map(move |experience| {
            (0..per_experience).map(move |mut i| {
                let mut factors = [0; 5];
                for k in (0..5).rev() {
                    factors[k] = self.factors[k][i % lens[k]];
                    i /= lens[k];
                }
                Profile { experience, factors }
            })
        })
    }
}

/// `12,100`, or `at least 9,223,...` once the count no longer fits.
fn count_text(n: u64) -> String {
    match i64::try_from(n) {
        Ok(n) => thousands(n),
        Err(_) => format!("at least {}", thousands(i64::MAX)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(s: &str) -> Vec<f64> {
        YearsItem::parse(s).unwrap().values().collect()
    }

    #[test]
    fn years_items_numbers_and_ranges() {
        assert_eq!(values("4"), [4.0]);
        assert_eq!(values(" 2.5 "), [2.5]);
        assert_eq!(values("0..3"), [0.0, 1.0, 2.0, 3.0]);
        assert_eq!(values("0..10:5"), [0.0, 5.0, 10.0]);
        assert_eq!(values("1..8:3"), [1.0, 4.0, 7.0], "the end is not forced in");
        assert_eq!(values("0..1:0.1").len(), 11);
        assert_eq!(values("0..1:0.1")[3], 0.3);
        assert_eq!(values("0..1:0.1")[10], 1.0);
        assert_eq!(values("5..5"), [5.0]);
        assert_eq!(values("58..60:0.5").len(), 5);
    }

    #[test]
    fn years_counts_without_building() {
        assert_eq!(YearsItem::parse("0..60:0.000001").unwrap().count(), 60_000_001);
        assert_eq!(YearsItem::parse("0..60:1e-300").unwrap().count(), u64::MAX);
    }

    #[test]
    fn bad_years_items_name_the_problem() {
        let cases = [
            ("10..2", "A <= B"),
            ("0..70", "the end `70`"),
            ("-1..4", "the start `-1`"),
            ("0..10:0", "step `0`"),
            ("0..10:-1", "step `-1`"),
            ("0..10:nan", "step `nan`"),
            ("0..10:inf", "step `inf`"),
            ("nan..4", "the start `nan`"),
            ("0..inf", "the end `inf`"),
            ("0..", "A..B:STEP"),
            ("..4", "A..B:STEP"),
            ("0..4:", "A..B:STEP"),
            ("abc", "expected a number"),
            ("61", "from 0 to 60"),
            ("0..4..6", "the end `4..6`"),
        ];
        for (item, want) in cases {
            let err = YearsItem::parse(item).unwrap_err();
            let text = err.to_string();
            assert!(matches!(err, Error::InvalidValue { flag: "--years", .. }), "{item}");
            assert!(text.contains(&format!("`{item}`")) && text.contains(want), "{item}: {text}");
        }
    }
}
