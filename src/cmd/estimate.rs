//! `mlsal estimate`: one profile, one range (or one per level), with its breakdown.

use crate::cli::EstimateArgs;
use crate::cmd::Ctx;
use crate::model::estimate;
use crate::output::emit;
use crate::view::estimate::Shown;

pub fn run(args: &EstimateArgs, ctx: &mut Ctx) -> anyhow::Result<()> {
    let spec = args.profile.spec();
    let profiles = spec.profiles(ctx.tables)?;
    let opts = ctx.options(&args.output)?;
    let records: Vec<Shown> =
        profiles.iter().map(|p| Shown { tables: ctx.tables, est: estimate(ctx.tables, p, &opts) }).collect();
    for r in &records {
        ctx.check_rate(r.est.currency);
    }
    let origin = ctx.origin("estimate");
    emit(ctx.out, args.output.format, &ctx.style, &records, &origin)
}
