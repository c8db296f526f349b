//! The `mlsal` binary: run, then map the outcome to an exit code. Everything else is in the
//! library.

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Err(err) = mlsal::run(std::env::args_os()) else {
        return ExitCode::SUCCESS;
    };
    // The reader went away (`mlsal ... | head -1`): that ends the job quietly.
    if mlsal::is_broken_pipe(&err) {
        return ExitCode::SUCCESS;
    }
    // `{:#}` joins the causes on one line and never prints a backtrace, whatever
    // RUST_BACKTRACE says. Multi-line messages (data issues, hints) keep their lines.
    let mut stderr = std::io::stderr().lock();
    let text = format!("{err:#}");
    for (i, line) in text.lines().enumerate() {
        let _ = match line.strip_prefix("hint: ") {
            Some(hint) if i > 0 => writeln!(stderr, "hint: {hint}"),
            _ => writeln!(stderr, "mlsal: error: {line}"),
        };
    }
    ExitCode::from(mlsal::exit_code(&err))
}
