//! `mlsal whatif`: every single change to one profile, ranked by what it adds to the mid — the
//! article's "how to maximize your salary" as a command.
//!
//! A change is one factor set to another value of its table, or more experience: +1, +3 and
//! +5 years (capped at 60) with `--years`, every other band with `--level` (or with neither,
//! where the profile is at the first band, as [`ProfileSpec::resolve`] places it).
//!
//! [`ProfileSpec::resolve`]: crate::model::ProfileSpec::resolve

use std::cmp::Reverse;
use std::io::{self, Write};

use serde::Serialize;

use crate::cli::WhatifArgs;
use crate::cmd::Ctx;
use crate::model::{Estimate, Experience, Options, Profile, estimate};
use crate::output::{Cell, Format, Paint, Record, Shape, Style, Table, emit, money};
use crate::tables::{Factor, MAX_YEARS, Tables};
use crate::view::estimate::{Shown, TotalJson};
use crate::view::words::num;

/// How many changes are shown without `--top` or `--all`.
pub const DEFAULT_TOP: usize = 10;

/// The extra years tried with `--years`.
pub const MORE_YEARS: [f64; 3] = [1.0, 3.0, 5.0];

pub fn run(args: &WhatifArgs, ctx: &mut Ctx) -> anyhow::Result<()> {
    let tables = ctx.tables;
    let spec = args.profile.spec();
    let profile = spec.resolve(tables)?;
    let mut opts = ctx.options(&args.output)?;
    let current = Shown { tables, est: estimate(tables, &profile, &opts) };
    ctx.check_rate(current.est.currency);
    // `--currency local` means the current city's currency: a move to another city is shown
    // in it too, or the gain would subtract dollars from pounds.
    if opts.local {
        opts = Options { local: false, currency: current.est.currency, rate: current.est.rate, ..opts };
    }
    let mut changes = changes(tables, &profile, &opts, ranked_mid(&current.est));
    let total = changes.len();
    // Stable: equal gains keep the order of the flags and of each table.
    changes.sort_by_key(|c| Reverse(c.gain));
    let raising = changes.iter().filter(|c| c.gain > 0).count();
    if !args.all {
        changes.truncate(raising);
    }
    match args.top.or((!args.all).then_some(DEFAULT_TOP)) {
        Some(n) if n > 0 => changes.truncate(n),
        _ => {}
    }
    let report =
        Report { current, changes, total, raising, all: args.all, years_given: spec.has_experience() };
    match args.output.format {
        Format::Text => report.text(ctx.out, &ctx.style)?,
        // JSON is one document, the current estimate with its changes; the row formats carry
        // one change per row, through the shared output layer.
        Format::Json => {
            serde_json::to_writer_pretty(&mut *ctx.out, &report)?;
            writeln!(ctx.out)?;
        }
        format => emit(ctx.out, format, &ctx.style, &report.changes, Shape::Many)?,
    }
    Ok(())
}

/// The mid that changes are ranked by: total pay's with `--total` (a move to big tech adds
/// equity, not only base), else base salary's.
fn ranked_mid(e: &Estimate) -> i64 {
    e.total.as_ref().map_or(e.mid, |t| t.total[1])
}

/// The low, mid and high that changes are shown and ranked by (see [`ranked_mid`]).
fn ranked_range(e: &Estimate) -> [i64; 3] {
    e.total.as_ref().map_or([e.low, e.mid, e.high], |t| t.total)
}

/// Every single change to `profile`, in the flags' order (experience first, then each factor's
/// table in its order), each with its estimate and gain over `current_mid`.
fn changes<'a>(
    tables: &'a Tables,
    profile: &Profile,
    opts: &Options<'a>,
    current_mid: i64,
) -> Vec<Change<'a>> {
    let bands = &tables.bands.bands;
    let mut out = Vec::new();
    let mut push = |factor: &'static str, from: String, to: String, changed: Profile| {
        let est = estimate(tables, &changed, opts);
        let gain = ranked_mid(&est) - current_mid;
        // A percentage of a zero mid (a --round coarser than the pay) is undefined: null.
        let gain_pct = (current_mid != 0).then(|| (gain as f64 / current_mid as f64 * 1000.0).round() / 10.0);
        out.push(Change { factor, from, to, shown: Shown { tables, est }, gain, gain_pct });
    };
    match profile.experience {
        Experience::Years(y) => {
            let mut seen = Vec::new();
            for more in MORE_YEARS {
                let to = (y + more).min(MAX_YEARS);
                if to > y && !seen.contains(&to) {
                    seen.push(to);
                    push("years", num(y), num(to), Profile { experience: Experience::Years(to), ..*profile });
                }
            }
        }
        Experience::Level(i) => {
            for j in (0..bands.len()).filter(|&j| j != i) {
                push("level", bands[i].level.to_string(), bands[j].level.to_string(), profile.with_level(j));
            }
        }
    }
    for f in Factor::ALL {
        let table = tables.factor(f);
        let at = profile.factors[f.index()];
        for j in (0..table.entries.len()).filter(|&j| j != at) {
            let mut changed = *profile;
            changed.factors[f.index()] = j;
            push(f.name(), table.entries[at].key.to_string(), table.entries[j].key.to_string(), changed);
        }
    }
    out
}

/// One single change and what it does to the estimate.
pub struct Change<'a> {
    /// `years`, `level`, or a factor's name (`location`, `company_size`, ...).
    pub factor: &'static str,
    pub from: String,
    pub to: String,
    pub shown: Shown<'a>,
    /// The changed mid minus the current mid.
    pub gain: i64,
    /// `gain` as a percentage of the current mid, to one decimal.
    pub gain_pct: Option<f64>,
}

#[derive(Serialize)]
struct ChangeJson<'r> {
    factor: &'r str,
    from: &'r str,
    to: &'r str,
    low: i64,
    mid: i64,
    high: i64,
    /// With `--total`: the total pay that `gain` is measured on.
    #[serde(skip_serializing_if = "Option::is_none")]
    total: Option<TotalJson>,
    gain: i64,
    gain_pct: Option<f64>,
}

impl Serialize for Change<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let e = &self.shown.est;
        ChangeJson {
            factor: self.factor,
            from: &self.from,
            to: &self.to,
            low: e.low,
            mid: e.mid,
            high: e.high,
            total: e.total.as_ref().map(TotalJson::of),
            gain: self.gain,
            gain_pct: self.gain_pct,
        }
        .serialize(s)
    }
}

impl Record for Change<'_> {
    fn columns() -> Vec<&'static str> {
        vec![
            "factor",
            "from",
            "to",
            "low",
            "mid",
            "high",
            "gain",
            "gain_pct",
            "pay_year",
            "wage_factor",
            "bands",
        ]
    }

    fn columns_for(changes: &[Self]) -> Vec<&'static str> {
        let mut columns = Self::columns();
        if changes.iter().any(|c| c.shown.est.total.is_some()) {
            columns.splice(6..6, ["total_low", "total_mid", "total_high"]);
        }
        columns
    }

    fn row(&self, out: &mut Vec<String>) {
        let e = &self.shown.est;
        out.extend([self.factor.to_string(), self.from.clone(), self.to.clone()]);
        out.extend([e.low, e.mid, e.high].map(|n| n.to_string()));
        if let Some(t) = &e.total {
            out.extend(t.total.map(|n| n.to_string()));
        }
        out.extend([self.gain.to_string(), self.gain_pct.map(|p| p.to_string()).unwrap_or_default()]);
        out.extend([e.pay.year.to_string(), e.pay.factor.to_string()]);
        out.push(self.shown.basis().as_str().to_string());
    }

    /// The ranked table: rank, change, new range, new mid and the gain.
    fn text(changes: &[Self], w: &mut dyn Write, style: &Style) -> io::Result<()> {
        let total = changes.iter().any(|c| c.shown.est.total.is_some());
        let (range, mid) = if total { ("total pay", "total mid") } else { ("range", "mid") };
        let mut table = Table::new();
        table.header(["rank", "factor", "change", range, mid, "gain"]);
        for (i, c) in changes.iter().enumerate() {
            let currency = c.shown.est.currency;
            let [low, mid, high] = ranked_range(&c.shown.est);
            let top = if c.shown.est.open_ended { "+" } else { "" };
            table.row([
                Cell::from((i + 1).to_string()),
                Cell::from(c.factor.replace('_', " ")),
                Cell::from(format!("{} → {}", c.from, c.to)),
                Cell::from(format!("{} – {}{top}", money(low, currency), money(high, currency))),
                Cell::from(money(mid, currency)),
                Cell::new(
                    gain_text(c.gain, c.gain_pct, currency),
                    if c.gain > 0 { Paint::Good } else { Paint::Warn },
                ),
            ]);
        }
        table.write(w, style)
    }
}

/// `+$30,000 (+14.3%)`, `-$8,000 (-3.8%)`, `$0 (+0.0%)`.
pub fn gain_text(gain: i64, pct: Option<f64>, currency: &str) -> String {
    let sign = match gain.signum() {
        1 => "+",
        -1 => "-",
        _ => "",
    };
    match pct {
        // A loss too small to show at one decimal is under 0.1%, never "-0.0%".
        Some(pct) if gain != 0 && (pct * 10.0).round() == 0.0 => {
            format!("{sign}{} ({sign}<0.1%)", money(gain.abs(), currency))
        }
        Some(pct) => format!("{sign}{} ({pct:+.1}%)", money(gain.abs(), currency)),
        None => format!("{sign}{}", money(gain.abs(), currency)),
    }
}

/// The whole answer: the current estimate and the ranked changes.
pub struct Report<'a> {
    pub current: Shown<'a>,
    pub changes: Vec<Change<'a>>,
    /// How many single changes there are in all, and how many of them raise the mid.
    total: usize,
    raising: usize,
    all: bool,
    years_given: bool,
}

impl Serialize for Report<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Json<'r, 'a> {
            current: &'r Shown<'a>,
            changes: &'r [Change<'a>],
        }
        Json { current: &self.current, changes: &self.changes }.serialize(s)
    }
}

impl Report<'_> {
    fn text(&self, w: &mut dyn Write, style: &Style) -> io::Result<()> {
        let measure = if self.current.est.total.is_some() { "the total-pay mid" } else { "the mid" };
        writeln!(
            w,
            "{}",
            style.bold(&format!(
                "How to raise this pay: every single change, ranked by what it adds to {measure}"
            ))
        )?;
        writeln!(w)?;
        Shown::text(std::slice::from_ref(&self.current), w, style)?;
        writeln!(w)?;
        if !self.years_given {
            writeln!(w, "{}", style.dim("No --years or --level given: the profile is at the first level."))?;
        }
        let pool = if self.all { self.total } else { self.raising };
        if self.changes.is_empty() {
            let why = if self.all {
                "This profile has no single change to try."
            } else {
                "No single change raises the mid of this profile; --all lists every change."
            };
            return writeln!(w, "{}", style.dim(why));
        }
        let what = if self.all { "single changes" } else { "single changes that raise the mid" };
        writeln!(w, "{} of {pool} {what}, largest gain first:", self.changes.len())?;
        writeln!(w)?;
        Change::text(&self.changes, w, style)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gain_text_signs_and_percent() {
        assert_eq!(gain_text(30_000, Some(14.3), "USD"), "+$30,000 (+14.3%)");
        assert_eq!(gain_text(-8_000, Some(-3.8), "USD"), "-$8,000 (-3.8%)");
        assert_eq!(gain_text(0, Some(0.0), "USD"), "$0 (+0.0%)");
        assert_eq!(gain_text(100_000, None, "USD"), "+$100,000", "no percentage of a zero mid");
    }

    #[test]
    fn years_changes_stop_at_sixty_without_duplicates() {
        let t = crate::data::load_embedded().unwrap();
        let neutral = Factor::ALL.map(|f| t.factor(f).default_index());
        let years = |y: f64| {
            let p = Profile { experience: Experience::Years(y), factors: neutral };
            changes(&t, &p, &Options::default(), 0)
                .into_iter()
                .filter(|c| c.factor == "years")
                .map(|c| c.to)
                .collect::<Vec<_>>()
        };
        assert_eq!(years(4.0), ["5", "7", "9"]);
        assert_eq!(years(58.0), ["59", "60"]);
        assert_eq!(years(60.0), Vec::<String>::new());
        assert_eq!(years(2.5), ["3.5", "5.5", "7.5"]);
    }

    #[test]
    fn every_other_value_of_every_factor_is_tried_once() {
        let t = crate::data::load_embedded().unwrap();
        let p = Profile {
            experience: Experience::Level(1),
            factors: Factor::ALL.map(|f| t.factor(f).default_index()),
        };
        let all = changes(&t, &p, &Options::default(), 0);
        let others: usize = Factor::ALL.iter().map(|&f| t.factor(f).entries.len() - 1).sum();
        assert_eq!(all.len(), t.bands.bands.len() - 1 + others);
        assert!(all.iter().all(|c| c.from != c.to));
        assert_eq!(
            all.iter().filter(|c| c.factor == "level").map(|c| c.to.as_str()).collect::<Vec<_>>(),
            ["entry", "senior"]
        );
    }
}
