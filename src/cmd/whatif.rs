//! `mlsal whatif`: every single change to one profile, ranked by what it adds to the mid — the
//! article's "how to maximize your salary" as a command.
//!
//! A change is one factor set to another value of its table, or more experience: +1, +3 and
//! +5 years (capped at 60) with `--years`, every other band with `--level` (or with neither,
//! where the profile is at the first band, as [`ProfileSpec::resolve`] places it).
//!
//! [`ProfileSpec::resolve`]: crate::model::ProfileSpec::resolve

use std::cmp::Reverse;

use crate::cli::WhatifArgs;
use crate::cmd::Ctx;
use crate::model::{Experience, Options, Profile, estimate};
use crate::output::emit_document;
use crate::tables::{Factor, MAX_YEARS, Tables};
use crate::view::estimate::Shown;
use crate::view::whatif::{Change, Report};
use crate::view::words::num;

/// How many changes are shown without `--top` or `--all`.
pub(crate) const DEFAULT_TOP: usize = 10;

/// The extra years tried with `--years`.
pub(crate) const MORE_YEARS: [f64; 3] = [1.0, 3.0, 5.0];

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
    let mut changes = changes(tables, &profile, &opts, current.est.pay_range()[1]);
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
    // JSON is one document, the current estimate with its changes; the row formats carry
    // one change per row.
    let origin = ctx.origin("whatif");
    emit_document(ctx.out, args.output.format, &ctx.style, &report, &origin)
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
        let gain = est.pay_range()[1] - current_mid;
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

#[cfg(test)]
mod tests {
    use super::*;

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
