//! `mlsal completions SHELL` and `mlsal man`: generated from the clap definition, so they
//! cannot drift from the real flags.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::cmd::Ctx;

/// Writes the completion script for `args.shell`.
pub fn completions(args: &CompletionsArgs, ctx: &mut Ctx) -> anyhow::Result<()> {
    clap_complete::generate(args.shell, &mut Cli::command(), "mlsal", ctx.out);
    Ok(())
}

/// Writes the roff man page.
pub fn man(ctx: &mut Ctx) -> anyhow::Result<()> {
    clap_mangen::Man::new(Cli::command()).render(ctx.out)?;
    Ok(())
}
