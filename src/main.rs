//! The `mlsal` binary: run, then map the outcome to an exit code. Everything else is in the
//! library.

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Err(err) =
        mlsal::run_with(std::env::args_os(), closed_stdout::at_start(), closed_stdout::stdin_at_start())
    else {
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

/// Was standard output closed when the process started (`mlsal list >&-`)?
///
/// Rust's runtime reopens a closed descriptor 0-2 on `/dev/null` before `main`, so writes
/// would then succeed into nothing and the results be lost with status 0. The C runtime runs
/// the functions of `.init_array` before that, so one of them asks the kernel about
/// descriptor 1 while the answer is still true. (Looking at the descriptor later cannot tell
/// the runtime's `/dev/null` from one the caller opened on purpose.) Elsewhere than Linux the
/// check is not made.
#[cfg(target_os = "linux")]
mod closed_stdout {
    use std::sync::atomic::{AtomicBool, Ordering};

    static CLOSED: AtomicBool = AtomicBool::new(false);
    static STDIN_CLOSED: AtomicBool = AtomicBool::new(false);

    unsafe extern "C" {
        fn fcntl(fd: i32, cmd: i32, ...) -> i32;
    }

    extern "C" fn check() {
        const F_GETFD: i32 = 1;
        // SAFETY: F_GETFD only reads the descriptor's flags; an unused descriptor gives -1.
        if unsafe { fcntl(1, F_GETFD) } == -1 {
            CLOSED.store(true, Ordering::Relaxed);
        }
        // SAFETY: as above, for descriptor 0.
        if unsafe { fcntl(0, F_GETFD) } == -1 {
            STDIN_CLOSED.store(true, Ordering::Relaxed);
        }
    }

    #[used]
    #[unsafe(link_section = ".init_array")]
    static CHECK: extern "C" fn() = check;

    pub fn at_start() -> bool {
        CLOSED.load(Ordering::Relaxed)
    }

    /// Was standard input (descriptor 0) closed at the start?
    pub fn stdin_at_start() -> bool {
        STDIN_CLOSED.load(Ordering::Relaxed)
    }
}

#[cfg(not(target_os = "linux"))]
mod closed_stdout {
    pub fn at_start() -> bool {
        false
    }

    pub fn stdin_at_start() -> bool {
        false
    }
}

/// `log2`, so that the binary needs no `libm.so`.
///
/// Nothing mlsal runs takes a logarithm from the C library. The one reference is zopfli's
/// entropy estimate, which the workbook crates' zip dependency compiles in for its
/// highest compression levels and mlsal never uses. That one symbol made the dynamic
/// loader find, map and relocate `libm.so.6` at every start, before `main`: 40,000
/// instructions, about 0.05 ms of a 1.4 ms `estimate` (issue 25: the workbook code must
/// cost nothing until used). Defined here, the link resolves it inside the binary and
/// `--as-needed` drops the library. The body is the `libm` crate's (a port of musl's),
/// exact to within one unit in the last place, should the function ever run. Like any
/// `no_mangle` function of an executable it is in the dynamic symbol table, so a library loaded
/// later would call it in place of glibc's (same values, no `errno` on a domain error); mlsal
/// loads only libc and libgcc_s, and opens no other library.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[unsafe(no_mangle)]
pub extern "C" fn log2(x: f64) -> f64 {
    libm::log2(x)
}
