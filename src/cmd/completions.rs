//! `mlsal completions SHELL` and `mlsal man`: generated from the clap definition, so they
//! cannot drift from the real flags.

use clap::CommandFactory;

use std::io::Write;

use crate::cli::{Cli, CompletionsArgs};

/// Writes the completion script for `args.shell`.
pub fn completions(args: &CompletionsArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    // clap_complete panics when a write fails; generating into memory first leaves write
    // errors (a closed pipe) to be reported like any other.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "mlsal", &mut script);
    out.write_all(&script)?;
    Ok(())
}

/// Writes the roff man page.
pub fn man(out: &mut dyn Write) -> anyhow::Result<()> {
    clap_mangen::Man::new(Cli::command()).render(out)?;
    Ok(())
}
