//! `mlsal completions SHELL`, `mlsal man [COMMAND]` and `mlsal help [COMMAND]`: generated from
//! the clap definition, so they cannot drift from the real flags.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs, HelpArgs, ManArgs};
use crate::error::Error;
use crate::names::nearest;

/// Writes the completion script for `args.shell`.
pub(crate) fn completions(args: &CompletionsArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    // clap_complete panics when a write fails; generating into memory first leaves write
    // errors (a closed pipe) to be reported like any other.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "mlsal", &mut script);
    out.write_all(&script)?;
    Ok(())
}

/// Writes the roff man page of mlsal or of one command. Every page a page refers to
/// (`mlsal-estimate(1)`, `mlsal-data-check(1)`) is one that `mlsal man` writes.
pub(crate) fn man(args: &ManArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut cli = crate::cli::command();
    cli.build();
    let page = find(&cli, &args.command, "man")?;
    // Rendered into memory first: a failed write is then reported like any other. The long
    // help's closing text becomes the EXIT STATUS, ENVIRONMENT and EXAMPLE sections.
    let mut roff = Vec::new();
    let source = format!("mlsal {}", env!("CARGO_PKG_VERSION"));
    let closing = crate::cli::closing_sections(page.get_name());
    let page = page.clone().after_long_help(None::<&str>).after_help(None::<&str>);
    clap_mangen::Man::new(page).source(source).render(&mut roff)?;
    for block in closing.split("\n\n") {
        let (title, body) = block.split_once(":\n").unwrap_or(("", block));
        roff.extend_from_slice(format!(".SH \"{title}\"\n").as_bytes());
        for line in body.lines() {
            let line = line.trim().replace('\\', "\\\\").replace('-', "\\-");
            roff.extend_from_slice(format!("{line}\n.br\n").as_bytes());
        }
    }
    out.write_all(&roff)?;
    Ok(())
}

/// Writes the help of mlsal or of one command, as `--help` would.
pub(crate) fn help(args: &HelpArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut cli = crate::cli::command();
    cli.build();
    let mut page = find(&cli, &args.command, "help")?.clone();
    let closing = crate::cli::closing_sections(page.get_name());
    page = page.after_long_help(closing);
    write!(out, "{}", page.render_long_help())?;
    Ok(())
}

/// The command at `path` (`["data", "check"]`) under `cli`, or an error naming the nearest.
fn find<'a>(cli: &'a clap::Command, path: &[String], asked: &str) -> Result<&'a clap::Command, Error> {
    // A page's name as the pages cite it: `data-export` is `data export`.
    let split: Vec<String>;
    let path = match path {
        [one] if one.contains('-') && cli.find_subcommand(one).is_none() => {
            split = one.split('-').map(String::from).collect();
            &split[..]
        }
        _ => path,
    };
    let mut at = cli;
    for name in path {
        let names = || at.get_subcommands().filter(|c| !c.is_hide_set()).map(clap::Command::get_name);
        at = at.find_subcommand(name).ok_or_else(|| Error::UnknownValue {
            what: "command",
            value: name.clone(),
            suggestion: nearest(name, names().map(|n| (n, n))),
            choices: match names().collect::<Vec<_>>() {
                v if v.is_empty() => {
                    format!("`{}` has no commands", at.get_display_name().unwrap_or("mlsal"))
                }
                v => format!("choices: {}; try `mlsal {asked}`", v.join(", ")),
            },
        })?;
    }
    Ok(at)
}
