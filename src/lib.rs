//! mlsal: a salary estimator for machine learning engineers.
//!
//! The layout, in reading order:
//! - [`tables`]: the typed tables (bands, factors, bounds) and forgiving lookup;
//! - [`data`]: TOML files (embedded or the user's) to validated tables; [`embedded`]: the
//!   shipped ones, validated at build time;
//! - [`model`]: the estimate itself, pure arithmetic over the tables;
//! - [`view`]: one module per record type (estimate, market, offer, compare, whatif, list,
//!   the pay-review summary and the batch row),
//!   each turning a result into text and into JSON and CSV/TSV rows;
//! - [`output`]: the format sink below the view: text, JSON, JSON Lines, CSV and TSV; `input`,
//!   the format source: CSV and JSON Lines in chunks of whole records, for batch;
//! - [`cli`] and [`cmd`]: the command line, one module per subcommand, each parsing its
//!   options, calling the model and handing the result to the view.

use std::ffi::OsString;
use std::io::{self, Write};

pub mod cli;
pub mod cmd;
pub mod data;
pub mod embedded;
pub mod error;
pub(crate) mod input;
pub mod model;
pub(crate) mod names;
pub mod output;
pub(crate) mod sources;
pub mod tables;
pub mod view;

pub use error::Error;

use cli::{Cli, Command};
use cmd::Ctx;
use output::Style;

/// Runs mlsal with `args` (including the program name), writing results to stdout.
///
/// `stdout_closed` says that standard output was closed when the process started
/// (`mlsal list >&-`); the binary finds out before Rust's runtime hides it (see `main.rs`).
/// Results would then be lost, so every command that writes them fails instead.
pub fn run<I, T>(args: I, stdout_closed: bool) -> anyhow::Result<()>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    run_with(args, stdout_closed, false)
}

/// [`run`], told too whether standard input was closed when the process started (`mlsal
/// batch <&-`): batch then fails rather than read no rows.
pub fn run_with<I, T>(args: I, stdout_closed: bool, stdin_closed: bool) -> anyhow::Result<()>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    // A usage error is told on stderr whatever became of stdout; everything else writes there.
    let stdout_is_open = || if stdout_closed { Err(Error::StdoutClosed) } else { Ok(()) };
    let mut cli = match parse(args) {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind::{DisplayHelp, DisplayVersion};
            if matches!(e.kind(), DisplayHelp | DisplayVersion) {
                stdout_is_open()?;
            }
            return clap_error(e);
        }
    };
    stdout_is_open()?;
    // Checked before any command that may print a date or an age; help, man pages and
    // completions print none.
    if !matches!(cli.command, Command::Completions(_) | Command::Man(_) | Command::Help(_)) {
        tables::currency::Date::fixed_epoch()?;
    }
    let global = cli.global();
    let style = Style::detect(global.color.unwrap_or_default());
    let batch = matches!(cli.command, Command::Batch(_));
    // `-o FILE` (a `.xlsx` FILE is a workbook, as `--format xlsx`; `.html` a report); a
    // workbook is never written to a terminal.
    let file = match cli.command.output() {
        Some((format, path)) => {
            *format = format.for_output(path.as_deref())?;
            path.clone()
        }
        None => None,
    };
    // Large enough that a million batch rows cost few system calls; the rest write a few
    // lines, for which std's 8 KiB spares start-up growing the heap by 64 KiB.
    let capacity = if batch { 1 << 16 } else { 1 << 13 };
    let sink: Box<dyn Write> = match &file {
        Some(path) => Box::new(
            std::fs::File::create(path)
                .map_err(|source| Error::Io { path: path.display().to_string(), source })?,
        ),
        None => Box::new(io::stdout().lock()),
    };
    let mut out = io::BufWriter::with_capacity(capacity, sink);
    // Commands that need no tables run before they are loaded, so broken user data cannot
    // lock anyone out of `data check`, the man page or completions.
    let early = match &cli.command {
        Command::Data(args) => Some(cmd::data::run(args, global.data.as_deref(), global.quiet, &mut out)),
        Command::Completions(args) => Some(cmd::completions::completions(args, &mut out)),
        Command::Man(args) => Some(cmd::completions::man(args, &mut out)),
        Command::Help(args) => Some(cmd::completions::help(args, &mut out)),
        _ => None,
    };
    if let Some(result) = early {
        let flushed = out.flush();
        result?;
        return Ok(flushed?);
    }
    // The built-in tables were validated at build time and are compiled in; only user data
    // is parsed and validated here.
    let mut tables = match sources::user_dir(global.data.as_deref(), &sources::process_env)? {
        None => embedded::tables(),
        Some(user) => {
            let mut tables = sources::load(Some(&user))?;
            tables.data = user.path.display().to_string().into();
            // Results that differ from the built-in tables' say so, once, on stderr.
            if !global.quiet {
                eprintln!(
                    "mlsal: note: using your tables in {} (from {}) over the built-in ones; --data builtin for those alone",
                    user.path.display(),
                    user.how.describe()
                );
            }
            tables
        }
    };
    if let Some(basis) = cli.command.bands() {
        cmd::use_bands(&mut tables, basis)?;
    }
    let mut ctx = Ctx {
        tables: &tables,
        out: &mut out,
        style,
        warnings: cmd::Warnings::new(global.quiet).quiet_rows(global.quiet),
    };
    let result = match &cli.command {
        Command::Estimate(args) => cmd::estimate::run(args, &mut ctx),
        Command::List(args) => cmd::list::run(args, &mut ctx),
        Command::Compare(args) => cmd::compare::run(args, &mut ctx),
        Command::Whatif(args) => cmd::whatif::run(args, &mut ctx),
        Command::Offer(args) => cmd::offer::run(args, &mut ctx),
        Command::Market(args) => cmd::market::run(args, &mut ctx),
        Command::Batch(args) => cmd::batch::run(args, &mut ctx, &mut io::stderr(), stdin_closed),
        // Handled above, before the tables are loaded.
        Command::Data(_) | Command::Completions(_) | Command::Man(_) | Command::Help(_) => Ok(()),
    };
    // What was written before an error (the good rows of a batch) still goes out.
    let flushed = out.flush();
    result?;
    flushed?;
    Ok(())
}

/// Parses the command line. The subcommands' arguments are built only for the one named
/// (`#[command(defer = true)]` in `cli`), and the clap `Command` is left to the process's
/// exit rather than dropped: together that was a third of `estimate`'s start-up. (A caller
/// of [`run`] in a loop leaks one `Command` a call.)
fn parse<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    use clap::FromArgMatches;
    let mut command = std::mem::ManuallyDrop::new(cli::command());
    let mut matches = command.try_get_matches_from_mut(args)?;
    Cli::from_arg_matches_mut(&mut matches)
}

/// Help and version go to stdout with status 0; every other clap error becomes one
/// `mlsal: error:` line (and clap's tip, if it has one) with status 2.
fn clap_error(e: clap::Error) -> anyhow::Result<()> {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            // A closed pipe is then ended quietly by `main`; a full disk is reported.
            e.print()?;
            Ok(())
        }
        // A command with actions of its own (`mlsal data`) names them and its own help.
        ErrorKind::MissingSubcommand if nested_command(&e).is_some() => {
            let (parent, actions) = nested_command(&e).unwrap_or_default();
            let message =
                format!("`{parent}` needs an action (one of: {actions})\nhint: try `{parent} --help`");
            Err(Error::Usage { message }.into())
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let commands: Vec<String> = <Cli as clap::CommandFactory>::command()
                .get_subcommands()
                .map(|c| c.get_name().to_string())
                .collect();
            let message =
                format!("no command given (one of: {})\nhint: try `mlsal --help`", commands.join(", "));
            Err(Error::Usage { message }.into())
        }
        _ => {
            let text = in_our_voice(&e, &e.render().to_string());
            let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
            let first = lines.first().copied().unwrap_or("invalid arguments");
            let mut message = first.strip_prefix("error: ").unwrap_or(first).to_string();
            // "the following required arguments were not provided:" lists them on the next lines.
            if message.ends_with(':') {
                let listed: Vec<&str> =
                    lines.iter().skip(1).take_while(|l| !l.starts_with("Usage:")).copied().collect();
                message.push(' ');
                message.push_str(&listed.join(", "));
            }
            // A value clap finds near a bad one is said on the error's own line, as mlsal's
            // own messages say it: `invalid value `xml` for --format: did you mean `html`?`.
            // Only one as near as mlsal's own suggestions (`names::nearest`): clap offers
            // `multiplier` for `up`.
            let bad = match e.get(clap::error::ContextKind::InvalidValue) {
                Some(clap::error::ContextValue::String(v)) => v.as_str(),
                _ => "",
            };
            let suggested = match e.get(clap::error::ContextKind::SuggestedValue) {
                Some(clap::error::ContextValue::String(v)) if e.kind() == ErrorKind::InvalidValue => {
                    crate::names::nearest(bad, std::iter::once((v.as_str(), v.as_str())))
                }
                _ => None,
            };
            if let Some(v) = &suggested {
                message.push_str(&format!(": did you mean `{v}`?"));
            }
            if let Some(values) =
                lines.iter().find_map(|l| l.strip_prefix("[possible values: ")?.strip_suffix(']'))
            {
                message.push_str(&format!(" (choices: {values})"));
            }
            // A bad value's tip is the suggestion above, or none at all.
            let value_tip = e.kind() == ErrorKind::InvalidValue;
            if let Some(tip) = lines.iter().find_map(|l| l.strip_prefix("tip: ")).filter(|_| !value_tip) {
                message.push_str(&format!("\nhint: {tip}"));
            }
            Err(Error::Usage { message }.into())
        }
    }
}

/// clap's message in mlsal's own voice, as `mlsal`'s messages word the same things: a value
/// it quotes as `'x'` is quoted in backticks, and a flag it names as `'--format <FORMAT>'` is
/// named bare, `--format` (a flag that is no flag, `--yeras`, is a value: backticks).
fn in_our_voice(e: &clap::Error, text: &str) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let mut text = text.to_string();
    for (kind, value) in e.context() {
        let values = match value {
            ContextValue::String(s) => std::slice::from_ref(s),
            ContextValue::Strings(v) => v.as_slice(),
            _ => continue,
        };
        let is_flag = match kind {
            ContextKind::InvalidArg => e.kind() != ErrorKind::UnknownArgument,
            ContextKind::PriorArg => true,
            ContextKind::InvalidValue
            | ContextKind::InvalidSubcommand
            | ContextKind::SuggestedArg
            | ContextKind::SuggestedSubcommand
            | ContextKind::SuggestedValue => false,
            _ => continue,
        };
        for v in values {
            let quoted = format!("'{v}'");
            let ours = if is_flag {
                let name = v.split(' ').next().unwrap_or(v);
                name.trim_start_matches('<').trim_end_matches('>').to_string()
            } else {
                format!("`{v}`")
            };
            text = text.replace(&quoted, &ours);
        }
    }
    text
}

/// For a missing action of a nested command: the command (`mlsal data`) and its actions.
fn nested_command(e: &clap::Error) -> Option<(String, String)> {
    use clap::error::{ContextKind, ContextValue};
    let ContextValue::String(parent) = e.get(ContextKind::InvalidSubcommand)? else { return None };
    let ContextValue::Strings(actions) = e.get(ContextKind::ValidSubcommand)? else { return None };
    let actions: Vec<&str> = actions.iter().map(String::as_str).filter(|a| *a != "help").collect();
    (parent.contains(' ')).then(|| (parent.clone(), actions.join(", ")))
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

/// The exit code for an error: [`error::EXIT_ROWS`] (1) when the run finished but some rows
/// had errors, [`error::EXIT_FAILED`] (2) when it could not run (usage, files, data).
pub fn exit_code(err: &anyhow::Error) -> u8 {
    err.chain()
        .find_map(|c| {
            c.downcast_ref::<Error>()
                .map(Error::exit_code)
                .or_else(|| c.downcast_ref::<cmd::batch::Problem>().map(cmd::batch::Problem::exit_code))
        })
        .unwrap_or(error::EXIT_FAILED)
}
