//! One module per subcommand. Each takes its parsed arguments and a [`Ctx`] and writes its
//! results to `ctx.out`; none of them touch stdout or files directly, and stderr only through
//! [`Ctx::warn`].

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::cli::OutputArgs;
use crate::model::Options;
use crate::output::Style;
use crate::tables::Tables;
use crate::tables::currency::{BASE, Choice, Date};

pub mod batch;
pub mod compare;
pub mod completions;
pub mod data;
pub mod estimate;
pub mod list;
pub mod offer;
pub mod whatif;

/// What every command gets: the validated tables, where and how to write, and the warnings
/// given so far.
pub struct Ctx<'a> {
    pub tables: &'a Tables,
    pub out: &'a mut dyn Write,
    pub style: Style,
    /// A field of its own, so a command that has lent out `out` while its results stream
    /// (batch) can still warn.
    pub warnings: Warnings,
}

impl<'a> Ctx<'a> {
    /// The numeric options every estimating command shares (rounding, currency, total pay),
    /// built in one place so all commands agree. An unknown currency is a usage error naming
    /// the valid codes.
    pub fn options(&self, args: &OutputArgs) -> anyhow::Result<Options<'a>> {
        let mut opts = Options { round: args.round, total: args.total, ..Options::default() };
        let tables: &'a Tables = self.tables;
        match args.currency.as_deref().map(|c| tables.currencies.choose(c)).transpose()? {
            None => {}
            Some(Choice::Local) => opts.local = true,
            Some(Choice::Fixed(c)) => {
                opts.currency = &c.code;
                opts.rate = c.per_usd;
                self.check_rate(&c.code);
            }
        }
        Ok(opts)
    }

    /// Warns (once, unless `--quiet`) when results in `currency` use a rate over a year old.
    /// [`options`](Self::options) does this for a fixed `--currency`; with `--currency local`
    /// the currency is known only per estimate, so commands call this with each result's.
    pub fn check_rate(&self, currency: &str) {
        self.warnings.check_rate(self.tables, currency);
    }

    /// Prints `mlsal: warning: ...` on stderr unless `--quiet`.
    pub fn warn(&self, message: &str) {
        self.warnings.warn(message);
    }
}

/// Warnings on stderr: none with `--quiet`, and the stale-rate one once per run however
/// many estimates use the rate.
#[derive(Debug, Default)]
pub struct Warnings {
    quiet: bool,
    /// Atomic rather than a `Cell` so that `&Warnings` may be shared with worker threads.
    stale_rate_given: AtomicBool,
}

impl Warnings {
    pub fn new(quiet: bool) -> Warnings {
        Warnings { quiet, stale_rate_given: AtomicBool::new(false) }
    }

    /// See [`Ctx::check_rate`].
    pub fn check_rate(&self, tables: &Tables, currency: &str) {
        if self.quiet || currency == BASE || self.stale_rate_given.load(Ordering::Relaxed) {
            return;
        }
        let Some(rate) = tables.currencies.find(currency) else { return };
        let stale = Date::parse(&rate.as_of).is_some_and(|d| d.over_a_year_before(Date::today()));
        if stale && !self.stale_rate_given.swap(true, Ordering::Relaxed) {
            self.warn(&format!("the {currency} exchange rate is from {}, over a year old", rate.as_of));
        }
    }

    /// Prints `mlsal: warning: ...` on stderr unless `--quiet`.
    pub fn warn(&self, message: &str) {
        if !self.quiet {
            let _ = writeln!(std::io::stderr().lock(), "mlsal: warning: {message}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stale_rate_warning_is_remembered_per_run_not_per_process() {
        let mut tables = crate::embedded::tables();
        for (code, as_of) in [("GBP", "2000-01-01"), ("EUR", "2999-01-01")] {
            let c = tables.currencies.entries.iter_mut().find(|c| c.code == code).unwrap();
            c.as_of = as_of.to_string();
        }
        let given = |w: &Warnings| w.stale_rate_given.load(Ordering::Relaxed);
        for _ in 0..2 {
            // Each run starts with nothing given; a fresh rate gives nothing, a stale one the
            // warning, once.
            let w = Warnings::new(false);
            w.check_rate(&tables, "EUR");
            assert!(!given(&w));
            w.check_rate(&tables, "GBP");
            assert!(given(&w));
            let quiet = Warnings::new(true);
            quiet.check_rate(&tables, "GBP");
            assert!(!given(&quiet), "--quiet gives nothing");
        }
    }
}
