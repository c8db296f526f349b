//! `mlsal offer AMOUNT`: where an offer sits against the estimate for a profile.
//!
//! The amount is read in the output currency and compared with the estimate's numbers as
//! printed (after rounding and any conversion), so what the text says matches what it shows.
//! An offer below the range is an answer, not an error: the exit status is 0.

use crate::cli::OfferArgs;
use crate::cmd::Ctx;
use crate::error::Error;
use crate::model::amount::{self, FORMS, Typed};
use crate::model::estimate;
use crate::model::review::Package;
use crate::output::emit;
use crate::view::estimate::Shown;
use crate::view::offer::Offer;

pub fn run<'a>(args: &'a OfferArgs, ctx: &mut Ctx) -> anyhow::Result<()> {
    let typed =
        amount::parse(&args.amount, MAX_AMOUNT).map_err(|b| bad_amount(&args.amount, b, "", "AMOUNT"))?;
    let part = |flag: &'static str, part: &'a Option<String>| -> Result<_, Error> {
        let Some(typed) = part.as_deref() else { return Ok(None) };
        Ok(Some((
            flag,
            typed,
            amount::parse_part(typed, MAX_AMOUNT).map_err(|b| bad_amount(typed, b, "", flag))?,
        )))
    };
    let parts = [part("--bonus", &args.bonus)?, part("--equity", &args.equity)?];
    let soc = super::soc(args.soc.as_deref())?;
    let spec = args.profile.spec();
    let tables = ctx.tables;
    let profiles = spec.profiles(tables)?;
    let mut opts = ctx.options(&args.output)?;
    // A package is weighed total with total: the estimate's total is made as with `--total`.
    let is_package = parts.iter().any(Option::is_some);
    opts.total |= is_package;
    let estimates: Vec<_> = profiles.iter().map(|p| estimate(tables, p, &opts)).collect();
    // In the results' currency: `--currency`, or with `local` the location's.
    let currency = estimates.first().map_or(opts.currency, |e| e.currency);
    let amount = typed.read_in(currency).map_err(|b| bad_amount(&args.amount, b, currency, "AMOUNT"))?;
    let read = |part: Option<(&'static str, &str, Typed)>| {
        part.map_or(Ok(0.0), |(flag, typed, t)| {
            t.read_in(currency).map_err(|b| bad_amount(typed, b, currency, flag))
        })
    };
    let [bonus, equity] = parts;
    let package = is_package.then_some(Package { base: amount, bonus: read(bonus)?, equity: read(equity)? });
    let offers: Vec<Offer> =
        estimates.into_iter().map(|est| Offer::new(amount, package, Shown { tables, est }, soc)).collect();
    offers.iter().for_each(|o| ctx.check_rate(o.shown.est.currency));
    let origin = ctx.origin("offer");
    emit(ctx.out, args.output.format, &ctx.style, &offers, &origin)
}

/// The largest offer read: beyond it a typo (`1850000000`) is likelier than a salary, and
/// amounts stay exact to the cent.
const MAX_AMOUNT: f64 = 1e9;

/// An amount that is no amount (`flag`: AMOUNT, `--bonus` or `--equity`): a usage error
/// naming it, why, and (for a typo) the forms.
fn bad_amount(s: &str, bad: amount::Bad, currency: &str, flag: &'static str) -> Error {
    let reason = match bad.is_typo() {
        true => format!("{bad}; expected a positive amount like {FORMS}"),
        false => format!("{bad} (`--currency {currency}`)"),
    };
    Error::InvalidValue { flag, value: s.to_string(), reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_amounts_are_usage_errors_naming_the_amount() {
        for (typed, want) in
            [("-185000", "at least 1"), ("0", "at least 1"), ("abc", "not an amount"), ("18,5000", "groups")]
        {
            let bad = amount::parse(typed, MAX_AMOUNT).unwrap_err();
            let err = bad_amount(typed, bad, "USD", "AMOUNT");
            let text = err.to_string();
            assert_eq!(err.exit_code(), 2);
            assert!(
                text.contains(&format!("`{typed}`")) && text.contains(want) && text.contains(FORMS),
                "{text}"
            );
        }
        let bad = amount::read("€60k", "GBP", MAX_AMOUNT).unwrap_err();
        assert_eq!(
            bad_amount("€60k", bad, "GBP", "AMOUNT").to_string(),
            "invalid value `€60k` for AMOUNT: `€` is EUR, not GBP, the currency it is read in (`--currency GBP`)"
        );
        let bad = amount::parse_part("-5k", MAX_AMOUNT).unwrap_err();
        assert_eq!(
            bad_amount("-5k", bad, "USD", "--equity").to_string(),
            format!(
                "invalid value `-5k` for --equity: an amount must be at least 1; expected a positive amount like {FORMS}"
            )
        );
        assert_eq!(amount::parse_part(" 0 ", MAX_AMOUNT).map(|t| t.value), Ok(0.0));
        assert_eq!(amount::parse_part("60k", MAX_AMOUNT).map(|t| t.value), Ok(60_000.0));
    }
}
