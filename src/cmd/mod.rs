//! One module per subcommand. Each takes its parsed arguments and a [`Ctx`] and writes its
//! results to `ctx.out`; none of them touch stdout or files directly, and stderr only through
//! [`Ctx::warn`].

use std::io::Write;
use std::sync::Mutex;

use crate::cli::OutputArgs;
use crate::error::Error;
use crate::model::Options;
use crate::model::wages::{self, PayYear};
use crate::output::{Origin, Style, sink::Sink};
use crate::tables::Tables;
use crate::tables::currency::{BASE, Choice, Date};

pub mod batch;
pub mod compare;
pub(crate) mod completions;
pub(crate) mod data;
pub mod estimate;
pub mod list;
pub mod market;
pub mod offer;
pub mod whatif;

/// `--bands`: with `market`, the survey's bands replace the article's before any command sees
/// them, so every command (batch's memo included) prices from them the same way.
/// `--soc`: the occupation an approximate OEWS wage level is judged for (software developers
/// without it); a name that is none is a usage error naming the choices.
pub(crate) fn soc(name: Option<&str>) -> Result<&'static str, Error> {
    use crate::model::levels;
    let Some(name) = name else { return Ok(levels::DEFAULT_SOC) };
    levels::parse_soc(name).map_err(|reason| Error::InvalidValue {
        flag: "--soc",
        value: name.to_string(),
        reason,
    })
}

pub(crate) fn use_bands(
    tables: &mut Tables,
    basis: crate::tables::market::Basis,
) -> Result<(), crate::error::Error> {
    match basis {
        crate::tables::market::Basis::Article => Ok(()),
        crate::tables::market::Basis::Market => crate::model::market::use_market_bands(tables),
    }
}

/// Every source the tables cite, as `mlsal list sources` has them: a workbook's last sheet.
impl crate::output::Sources for Tables {
    fn write_to(&self, sink: &mut dyn Sink) -> anyhow::Result<()> {
        crate::output::records_to(sink, &crate::view::list::source_rows(self))
    }
}

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
    /// Where the command `name`'s records come from ([`Origin`]): the tables, which a
    /// workbook's Sources sheet cites, and `name` for its sheet of the records.
    pub(crate) fn origin(&self, name: &'a str) -> Origin<'a> {
        let tables: &'a Tables = self.tables;
        Origin { data: &tables.data, name, sources: Some(tables) }
    }

    /// The numeric options every estimating command shares (rounding, currency, total pay,
    /// pay year), built in one place so all commands agree. An unknown currency, or a year
    /// without wage figures, is a usage error naming the valid ones.
    pub fn options(&self, args: &OutputArgs) -> anyhow::Result<Options<'a>> {
        let tables: &'a Tables = self.tables;
        // Today's pay by default: the newest year the wage figures reach.
        let from = tables.bands.pay_year();
        let year = args.as_of.unwrap_or_else(|| wages::newest(&tables.wages, from));
        let pay = Some(PayYear::between(&tables.wages, from, year)?);
        let mut opts = Options { round: args.round, total: args.total, pay, ..Options::default() };
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

    /// Warns (once per currency, unless `--quiet`) when results in `currency` use a rate over
    /// a year old.
    /// [`options`](Self::options) does this for a fixed `--currency`; with `--currency local`
    /// the currency is known only per estimate, so commands call this with each result's.
    pub(crate) fn check_rate(&self, currency: &str) {
        self.warnings.check_rate(self.tables, currency);
    }

    /// Prints `mlsal: warning: ...` on stderr unless `--quiet`.
    pub(crate) fn warn(&self, message: &str) {
        self.warnings.warn(message);
    }
}

/// Warnings on stderr: none with `--quiet`, and each stale rate named once per run however
/// many estimates use it (a batch in local currencies may use several).
#[derive(Debug, Default)]
pub struct Warnings {
    quiet: bool,
    quiet_rows: bool,
    /// The currencies whose rate has been checked, stale or not, so each is looked at once. A
    /// `Mutex` rather than a `RefCell` so that `&Warnings` may be shared with worker threads.
    checked: Mutex<Vec<String>>,
}

impl Warnings {
    pub fn new(quiet: bool) -> Warnings {
        Warnings { quiet, quiet_rows: false, checked: Mutex::default() }
    }

    /// With `quiet` (`--quiet`), batch's per-row messages are not written to its stderr either
    /// (the count of bad rows still is). Apart from [`Warnings::new`] so that a caller that
    /// gives batch a stderr of its own (the fuzz targets) keeps them while warnings are off.
    pub fn quiet_rows(self, quiet: bool) -> Warnings {
        Warnings { quiet_rows: quiet, ..self }
    }

    /// Whether batch's per-row messages are silenced.
    pub fn rows_quiet(&self) -> bool {
        self.quiet_rows
    }

    /// See [`Ctx::check_rate`].
    pub(crate) fn check_rate(&self, tables: &Tables, currency: &str) {
        if self.quiet || currency == BASE {
            return;
        }
        {
            let mut checked = self.checked.lock().unwrap_or_else(|e| e.into_inner());
            if checked.iter().any(|c| c == currency) {
                return;
            }
            checked.push(currency.to_string());
        }
        let Some(rate) = tables.currencies.find(currency) else { return };
        if Date::parse(&rate.as_of).is_some_and(|d| d.over_a_year_before(Date::today())) {
            self.warn(&format!("the {currency} exchange rate is from {}, over a year old", rate.as_of));
        }
    }

    /// Prints `mlsal: warning: ...` on stderr unless `--quiet`.
    /// Whether warnings and notes are left out (`--quiet`).
    pub(crate) fn quiet(&self) -> bool {
        self.quiet
    }

    pub(crate) fn warn(&self, message: &str) {
        if !self.quiet {
            let _ = writeln!(std::io::stderr().lock(), "mlsal: warning: {message}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_currency_is_checked_once_per_run_not_per_process() {
        let tables = crate::embedded::tables();
        let checked = |w: &Warnings| w.checked.lock().unwrap().clone();
        for _ in 0..2 {
            // Each run starts with nothing checked, and checks each currency once.
            let w = Warnings::new(false);
            for code in ["EUR", "GBP", "EUR", "USD"] {
                w.check_rate(&tables, code);
            }
            assert_eq!(checked(&w), ["EUR", "GBP"]);
            let quiet = Warnings::new(true);
            quiet.check_rate(&tables, "GBP");
            assert!(checked(&quiet).is_empty(), "--quiet checks nothing");
        }
    }
}
