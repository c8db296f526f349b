//! `mlsal market`: the estimate beside real pay for the same profile — the survey cell and
//! the BLS rows of its location, drawn on one scale in text, in full in every other format.
//!
//! A profile the survey has no cell for (Bangalore, or a rare level) is still an answer:
//! the estimate is shown, the missing cell is said in words, and the exit status is 0.
//! `--total` is refused: every figure beside the estimate is a salary (the survey's gross
//! salary as reported, BLS's annual wage), not a package of bonus and equity.

use crate::cli::MarketArgs;
use crate::cmd::Ctx;
use crate::error::Error;
use crate::model::estimate;
use crate::output::emit;
use crate::view::estimate::Shown;
use crate::view::market::MarketShown;

pub fn run(args: &MarketArgs, ctx: &mut Ctx) -> anyhow::Result<()> {
    // Refused before anything is priced: a total beside base salaries would compare unlike
    // with unlike, and showing it in some formats only would make them disagree.
    if args.output.total {
        return Err(Error::NotForCommand {
            flag: "--total",
            command: "market",
            reason: "survey and BLS figures are salaries without equity (the survey's gross, bonus included), so it compares salaries only; `mlsal estimate --total` adds bonus and equity",
        }
        .into());
    }
    let tables = ctx.tables;
    let spec = args.profile.spec();
    let profiles = spec.profiles(tables)?;
    let opts = ctx.options(&args.output)?;
    let records: Vec<MarketShown> = profiles
        .iter()
        .map(|p| MarketShown::new(Shown { tables, est: estimate(tables, p, &opts) }))
        .collect();
    records.iter().for_each(|r| ctx.check_rate(r.shown.est.currency));
    let origin = ctx.origin("market");
    emit(ctx.out, args.output.format, &ctx.style, &records, &origin)
}
