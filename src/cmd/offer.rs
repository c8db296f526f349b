//! `mlsal offer AMOUNT`: where an offer sits against the estimate for a profile.
//!
//! The amount is read in the output currency and compared with the estimate's numbers as
//! printed (after rounding and any conversion), so what the text says matches what it shows.
//! An offer below the range is an answer, not an error: the exit status is 0.

use crate::cli::OfferArgs;
use crate::cmd::Ctx;
use crate::error::Error;
use crate::model::amount::{self, FORMS};
use crate::model::estimate;
use crate::output::{Shape, emit};
use crate::view::estimate::Shown;
use crate::view::offer::Offer;

pub fn run(args: &OfferArgs, ctx: &mut Ctx) -> anyhow::Result<()> {
    let typed = amount::parse(&args.amount, MAX_AMOUNT).map_err(|b| bad_amount(&args.amount, b, ""))?;
    let spec = args.profile.spec();
    let tables = ctx.tables;
    let profiles = spec.profiles(tables)?;
    let opts = ctx.options(&args.output)?;
    let estimates: Vec<_> = profiles.iter().map(|p| estimate(tables, p, &opts)).collect();
    // In the results' currency: `--currency`, or with `local` the location's.
    let currency = estimates.first().map_or(opts.currency, |e| e.currency);
    let amount = typed.read_in(currency).map_err(|b| bad_amount(&args.amount, b, currency))?;
    let offers: Vec<Offer> =
        estimates.into_iter().map(|est| Offer::new(amount, Shown { tables, est })).collect();
    offers.iter().for_each(|o| ctx.check_rate(o.shown.est.currency));
    let shape = if spec.has_experience() { Shape::One } else { Shape::Many };
    emit(ctx.out, args.output.format, &ctx.style, &offers, shape)
}

/// The largest offer read: beyond it a typo (`1850000000`) is likelier than a salary, and
/// amounts stay exact to the cent.
const MAX_AMOUNT: f64 = 1e9;

/// An AMOUNT that is no amount: a usage error naming it, why, and (for a typo) the forms.
fn bad_amount(s: &str, bad: amount::Bad, currency: &str) -> Error {
    let reason = match bad.is_typo() {
        true => format!("{bad}; expected a positive amount like {FORMS}"),
        false => format!("{bad} (`--currency {currency}`)"),
    };
    Error::InvalidValue { flag: "AMOUNT", value: s.to_string(), reason }
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
            let err = bad_amount(typed, bad, "USD");
            let text = err.to_string();
            assert_eq!(err.exit_code(), 2);
            assert!(
                text.contains(&format!("`{typed}`")) && text.contains(want) && text.contains(FORMS),
                "{text}"
            );
        }
        let bad = amount::read("€60k", "GBP", MAX_AMOUNT).unwrap_err();
        assert_eq!(
            bad_amount("€60k", bad, "GBP").to_string(),
            "invalid value `€60k` for AMOUNT: `€` is EUR, not GBP, the currency it is read in (`--currency GBP`)"
        );
    }
}
