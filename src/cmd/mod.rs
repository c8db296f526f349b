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
pub mod market;
pub mod offer;
pub mod whatif;

/// What every command gets: the validated tables and where and how to write.
pub struct Ctx<'a> {
    pub tables: &'a Tables,
    pub out: &'a mut dyn Write,
    pub style: Style,
    pub quiet: bool,
}

/// Whether the stale-rate warning has been given: once per run, however many estimates use
/// the rate.
static STALE_RATE_WARNED: AtomicBool = AtomicBool::new(false);

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
        check_rate(self.tables, self.quiet, currency);
    }

    /// Prints `mlsal: warning: ...` on stderr unless `--quiet`.
    pub fn warn(&self, message: &str) {
        warn(self.quiet, message);
    }
}

/// [`Ctx::check_rate`] without a `Ctx`, for a command that has lent out `Ctx::out` while its
/// results stream (batch).
pub fn check_rate(tables: &Tables, quiet: bool, currency: &str) {
    if quiet || currency == BASE || STALE_RATE_WARNED.load(Ordering::Relaxed) {
        return;
    }
    let Some(rate) = tables.currencies.find(currency) else { return };
    let stale = Date::parse(&rate.as_of).is_some_and(|d| d.over_a_year_before(Date::today()));
    if stale && !STALE_RATE_WARNED.swap(true, Ordering::Relaxed) {
        warn(quiet, &format!("the {currency} exchange rate is from {}, over a year old", rate.as_of));
    }
}

/// Prints `mlsal: warning: ...` on stderr unless `quiet`.
fn warn(quiet: bool, message: &str) {
    if !quiet {
        let _ = writeln!(std::io::stderr().lock(), "mlsal: warning: {message}");
    }
}
