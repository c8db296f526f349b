//! `mlsal compare`: many profiles side by side, one row per combination of the values given.
//!
//! Every profile flag takes a comma list and `--years` also takes ranges, so the number of rows
//! is the product of the list lengths. That product is counted before anything is built, so a
//! typo like `0..60:0.001` is an error naming the count, not a long wait.

use crate::cli::{CompareArgs, SortKey};
use crate::cmd::Ctx;
use crate::error::Error;
use crate::model::years::YearsItem;
use crate::model::{Experience, Profile, estimate};
use crate::names::places;
use crate::output::{emit, thousands};
use crate::tables::{Factor, FactorTable, Tables};
use crate::view::compare::Row;
use crate::view::estimate::Shown;

/// The most rows one `compare` builds: enough for any table a person reads or a script needs,
/// small enough to answer at once.
pub(crate) const MAX_COMBINATIONS: u64 = 10_000;

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
    let origin = ctx.origin("compare");
    emit(ctx.out, args.output.format, &ctx.style, &rows, &origin)
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

/// `--city "Portland, OR",nyc`: the list is split at every comma, so a piece that names a
/// state or country goes back onto the place before it when it is part of that place: when it
/// is no place of the table itself (` OR`), or when a space follows its comma, as in a place
/// written `City, ST` (`"Washington, DC"`, `"Seattle, WA, US"`) and the place so joined is
/// one mlsal knows. A place of its own after a bare comma (`sf,us`) is a row of its own.
fn rejoin_places(values: &[String], table: &FactorTable) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(values.len());
    for v in values {
        let spaced = v.starts_with(places::is_space);
        match out.last_mut() {
            Some(prev)
                if places::region(v).is_some()
                    && (table.find(v).is_none()
                        || (spaced && table.find(&format!("{prev},{v}")).is_some())) =>
            {
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
    factors: [Vec<usize>; Factor::COUNT],
    /// The factors given on the command line, for the count message.
    given: [bool; Factor::COUNT],
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
        let mut factors: [Vec<usize>; Factor::COUNT] = Default::default();
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
                let mut factors = [0; Factor::COUNT];
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
