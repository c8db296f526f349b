//! mlsal: a salary estimator for machine learning engineers.
//!
//! The layout, in reading order:
//! - [`tables`]: the typed tables (bands, factors, bounds) and forgiving lookup;
//! - [`data`]: TOML files (embedded or the user's) to validated tables; [`embedded`]: the
//!   shipped ones, validated at build time;
//! - [`model`]: the estimate itself, pure arithmetic over the tables;
//! - [`output`] and [`render`]: one output layer for text, JSON, JSON Lines, CSV and TSV;
//! - [`cli`] and [`cmd`]: the command line, one module per subcommand.

use std::ffi::OsString;
use std::io::{self, Write};

use clap::Parser;

pub mod cli;
pub mod cmd;
pub mod data;
pub mod embedded;
pub mod error;
pub mod model;
pub mod output;
pub mod render;
pub mod tables;

pub use error::Error;

use cli::{Cli, Command};
use cmd::Ctx;
use output::Style;

/// Runs mlsal with `args` (including the program name), writing results to stdout.
pub fn run<I, T>(args: I) -> anyhow::Result<()>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => return clap_error(e),
    };
    let style = Style::detect(cli.color);
    let tables = embedded::tables();
    let stdout = io::stdout();
    // Large enough that a million batch rows cost few system calls.
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut ctx = Ctx { tables: &tables, out: &mut out, style, quiet: cli.quiet };
    let result = match &cli.command {
        Command::Estimate(args) => cmd::estimate::run(args, &mut ctx),
        Command::List(args) => cmd::list::run(args, &mut ctx),
        Command::Batch(args) => cmd::batch::run(args, &mut ctx, &mut io::stderr()),
        Command::Completions(args) => cmd::completions::completions(args, &mut ctx),
        Command::Man => cmd::completions::man(&mut ctx),
    };
    // What was written before an error (the good rows of a batch) still goes out.
    let flushed = out.flush();
    result?;
    flushed?;
    Ok(())
}

/// Help and version go to stdout with status 0; every other clap error becomes one
/// `mlsal: error:` line (and clap's tip, if it has one) with status 2.
fn clap_error(e: clap::Error) -> anyhow::Result<()> {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            // A closed pipe while printing help is not an error worth reporting.
            let _ = e.print();
            Ok(())
        }
        _ => {
            let text = e.render().to_string();
            let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
            let first = lines.next().unwrap_or("invalid arguments");
            let mut message = first.strip_prefix("error: ").unwrap_or(first).to_string();
            if let Some(tip) = lines.find_map(|l| l.strip_prefix("tip: ")) {
                message.push_str(&format!("\nhint: {tip}"));
            } else if e.kind() == ErrorKind::MissingSubcommand
                || e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            {
                message.push_str("\nhint: try `mlsal --help`");
            }
            Err(Error::Usage { message }.into())
        }
    }
}

/// Whether `err` is a write to a closed pipe, however deeply wrapped (csv and serde_json
/// keep the io error out of `anyhow`'s chain, so they are asked directly).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        if let Some(e) = cause.downcast_ref::<io::Error>() {
            return e.kind() == io::ErrorKind::BrokenPipe;
        }
        if let Some(e) = cause.downcast_ref::<csv::Error>() {
            return matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == io::ErrorKind::BrokenPipe);
        }
        if let Some(e) = cause.downcast_ref::<serde_json::Error>() {
            return e.io_error_kind() == Some(io::ErrorKind::BrokenPipe);
        }
        false
    })
}

/// The exit code for an error: 2 for usage, 1 for everything else.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    err.chain().find_map(|c| c.downcast_ref::<Error>()).map_or(1, Error::exit_code)
}
