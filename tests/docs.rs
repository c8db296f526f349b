//! Runs every example in README.md and docs/GUIDE.md and compares what it prints, byte for byte,
//! with what the page shows, so the documentation cannot drift from the program.
//!
//! The format is trycmd's, in a ```console block:
//!
//! ```text
//! $ mlsal ARGS                 run mlsal (`VAR=value` words may come first, `< FILE` last)
//! ? 2                          the exit status, when it is not 0 (omitted: it must be 0)
//! output                       every line up to the next `$` line or the end of the block
//! ```
//!
//! Output lines that begin with `mlsal: ` or `hint: ` are what the command writes to stderr, the
//! others what it writes to stdout. Each stream is compared exactly with its lines in the page:
//! trailing whitespace, the final newline and the order of lines all count.
//!
//! Why not trycmd itself (it reads the same blocks): it normalises the actual output (CRLF to LF,
//! every `\` to `/`), reads `[..]` and `...` in the page as wildcards, passes over a `$` line
//! whose program it does not know, merges stderr into stdout in whatever order the writes happen
//! to land, and has no stdin for markdown. Each lets a changed byte pass or makes a page
//! flaky; this runner has none of them, and it rejects what it cannot run (a pipe, another
//! program) instead of skipping it.
//!
//! After a change of output or data, refresh every example from the real binary with
//! `scripts/update-docs.sh` (`MLSAL_BLESS=1 cargo test --locked --test docs`), then read the diff.

mod common;

use std::path::Path;

/// Words a shell would treat specially; an example that needs them cannot be run here.
const SHELL_OPERATORS: [&str; 8] = ["|", ">", ">>", "2>", "2>&1", ";", "&&", "||"];

/// What a `$` line asks to run.
#[derive(Debug)]
struct Command {
    env: Vec<(String, String)>,
    args: Vec<String>,
    /// A file (relative to the repository root) to feed on stdin.
    stdin: Option<String>,
}

/// One `$ mlsal ...` example of a page.
#[derive(Debug)]
struct Example {
    /// 1-based line of the `$` line, for messages.
    line: usize,
    cmd: Command,
    /// The exit status the page expects (0 without a `?` line).
    status: i32,
    /// Index (0-based, into the page's lines) of the `?` line, when there is one.
    status_at: Option<usize>,
    /// The output lines, as indices `start..end` into the page's lines.
    output: std::ops::Range<usize>,
    stdout: String,
    stderr: String,
}

/// What an example printed.
struct Actual {
    status: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Whether a line of output is one that mlsal writes to stderr.
fn is_stderr(line: &str) -> bool {
    line.starts_with("mlsal: ") || line.starts_with("hint: ")
}

/// Splits a command line the way a shell would for simple quoting ("a b", 'a b').
fn split(line: &str) -> Vec<String> {
    let (mut words, mut cur, mut quote, mut any) = (Vec::new(), String::new(), None, false);
    for c in line.chars() {
        match (quote, c) {
            (None, '"' | '\'') => (quote, any) = (Some(c), true),
            (Some(q), c) if c == q => quote = None,
            (None, c) if c.is_whitespace() => {
                if any {
                    words.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            (_, c) => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        words.push(cur);
    }
    words
}

/// Reads a `$` line, or says why it cannot be run.
fn command(line: &str) -> Result<Command, String> {
    let mut words = split(line).into_iter().peekable();
    let mut env = Vec::new();
    while let Some((k, v)) = words.peek().and_then(|w| w.split_once('=')) {
        if k.is_empty() || !k.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_') {
            break;
        }
        env.push((k.to_owned(), v.to_owned()));
        words.next();
    }
    match words.next() {
        Some(w) if w == "mlsal" => {}
        other => {
            return Err(format!(
                "`{}` is not an mlsal command: a console block runs only mlsal; \
                 show other commands in a ```sh block",
                other.unwrap_or_default()
            ));
        }
    }
    let (mut args, mut stdin) = (Vec::new(), None);
    while let Some(w) = words.next() {
        if let Some(op) = SHELL_OPERATORS.iter().find(|op| **op == w) {
            return Err(format!("`{op}` cannot be run by the docs test; only `< FILE` is supported"));
        }
        if w == "<" {
            stdin = Some(words.next().ok_or("`<` needs a file")?);
            if let Some(extra) = words.next() {
                return Err(format!("`< FILE` must come last, found `{extra}` after it"));
            }
        } else {
            args.push(w);
        }
    }
    Ok(Command { env, args, stdin })
}

/// Finds every example in a page (`lines` keep their line ends). A `$ mlsal` line outside a
/// console block, or anything in a console block that is not an example, is an error: nothing
/// that looks like an example may go unchecked.
fn examples(name: &str, lines: &[&str]) -> Result<Vec<Example>, String> {
    let mut out: Vec<Example> = Vec::new();
    let mut fence: Option<(String, bool)> = None; // (the opening backticks, is a console block)
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        let at = |msg: String| format!("{name}:{}: {msg}", i + 1);
        let ticks = line.len() - line.trim_start_matches('`').len();
        match &fence {
            // As in CommonMark, a fence's info string has no backtick: ```` ```console ```` is inline code.
            None if ticks >= 3 && !line[ticks..].contains('`') => {
                let info = line[ticks..].trim();
                let lang = info.split([',', ' ']).next().unwrap_or_default();
                fence = Some((line[..ticks].to_owned(), lang == "console"));
                continue;
            }
            None => continue,
            Some((open, _)) if line.trim_end() == open => {
                fence = None;
                continue;
            }
            Some((_, false)) if line.starts_with("$ mlsal") => {
                return Err(at("an mlsal example outside a ```console block would not be run".into()));
            }
            Some((_, false)) => continue,
            Some((_, true)) => {}
        }
        if let Some(cmd) = line.strip_prefix("$ ") {
            let cmd = command(cmd).map_err(at)?;
            let (status, status_at, output) = (0, None, i + 1..i + 1);
            let (stdout, stderr) = (String::new(), String::new());
            out.push(Example { line: i + 1, cmd, status, status_at, output, stdout, stderr });
            continue;
        }
        let Some(ex) = out.last_mut().filter(|ex| ex.output.end == i) else {
            return Err(at("a console block must start with a `$ mlsal ...` line".into()));
        };
        let first = ex.output.is_empty() && ex.status_at.is_none();
        if let Some(code) = line.strip_prefix("? ").filter(|_| first) {
            let bad = |_| at(format!("`? {code}`: expected an exit status"));
            ex.status = code.trim().parse().map_err(bad)?;
            ex.status_at = Some(i);
            ex.output = i + 1..i + 1;
            continue;
        }
        let text = if raw.ends_with('\n') { raw.to_string() } else { format!("{raw}\n") };
        if is_stderr(line) { &mut ex.stderr } else { &mut ex.stdout }.push_str(&text);
        ex.output.end = i + 1;
    }
    if fence.is_some() {
        return Err(format!("{name}: a code block is not closed"));
    }
    Ok(out)
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The day the examples are run on: 2026-11-29, as seconds since 1970. The tables' ages are
/// counted to it (`SOURCE_DATE_EPOCH`), so the pages stay true as time passes.
const PAGES_TODAY: &str = "1795910400";

/// Runs an example as `common::mlsal` does for every CLI test (no user data, no colour
/// settings, `RUST_BACKTRACE=1`), from the repository root, on [`PAGES_TODAY`].
fn run(ex: &Example) -> Actual {
    let mut cmd = common::mlsal();
    cmd.env("SOURCE_DATE_EPOCH", PAGES_TODAY)
        .current_dir(root())
        .args(&ex.cmd.args)
        .envs(ex.cmd.env.iter().map(|(k, v)| (k, v)));
    if let Some(file) = &ex.cmd.stdin {
        let input = std::fs::read(root().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        cmd.write_stdin(input);
    }
    let out = cmd.output().unwrap();
    let text =
        |b: Vec<u8>| String::from_utf8(b).unwrap_or_else(|e| panic!("line {}: not UTF-8: {e}", ex.line));
    Actual { status: out.status.code(), stdout: text(out.stdout), stderr: text(out.stderr) }
}

/// The first line where `expected` and `actual` differ, quoted so that tabs, trailing spaces
/// and a missing final newline show.
fn first_difference(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<_>, Vec<_>) =
        (expected.split_inclusive('\n').collect(), actual.split_inclusive('\n').collect());
    let n = e.iter().zip(&a).take_while(|(x, y)| x == y).count();
    let show = |v: &[&str]| v.get(n).map_or("(nothing)".to_owned(), |l| format!("{l:?}"));
    format!("line {} of the stream\n    page:   {}\n    actual: {}", n + 1, show(&e), show(&a))
}

/// Everything wrong with one example: status, each stream, and output the page's convention
/// cannot show (a stdout line that looks like a diagnostic, or the reverse).
fn problems(ex: &Example, got: &Actual) -> Vec<String> {
    let mut out = Vec::new();
    if got.status != Some(ex.status) {
        out.push(format!("exit status: page says {}, got {:?}", ex.status, got.status));
    }
    for (stream, expected, actual) in
        [("stdout", &ex.stdout, &got.stdout), ("stderr", &ex.stderr, &got.stderr)]
    {
        if expected != actual {
            out.push(format!("{stream} differs at {}", first_difference(expected, actual)));
        }
    }
    if let Some(l) = got.stdout.lines().find(|l| is_stderr(l)) {
        out.push(format!("stdout line {l:?} would read as stderr on the page"));
    }
    if let Some(l) = got.stderr.lines().find(|l| !is_stderr(l)) {
        out.push(format!("stderr line {l:?} does not start with `mlsal: ` or `hint: `"));
    }
    if [&got.stdout, &got.stderr].iter().any(|s| !s.is_empty() && !s.ends_with('\n')) {
        out.push("the output does not end with a newline, which the page cannot show".into());
    }
    out
}

/// Runs every example of `text`; returns one message per failing example.
fn check(name: &str, text: &str) -> Result<Vec<String>, String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut failures = Vec::new();
    for ex in examples(name, &lines)? {
        let got = run(&ex);
        let problems = problems(&ex, &got);
        if !problems.is_empty() {
            let cmd = ex.cmd.args.join(" ");
            failures.push(format!("{name}:{}: mlsal {cmd}\n  {}", ex.line, problems.join("\n  ")));
        }
    }
    Ok(failures)
}

/// Rewrites each example's status line and output from the real binary: stdout, then stderr.
fn bless(name: &str, text: &str) -> String {
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_owned).collect();
    let found = examples(name, &lines.iter().map(String::as_str).collect::<Vec<_>>())
        .unwrap_or_else(|e| panic!("{e}"));
    for ex in found.iter().rev() {
        let got = run(ex);
        let mut new = Vec::new();
        match got.status {
            Some(0) => {}
            Some(code) => new.push(format!("? {code}\n")),
            None => panic!("{name}:{}: mlsal was killed by a signal", ex.line),
        }
        new.extend(
            got.stdout
                .split_inclusive('\n')
                .chain(got.stderr.split_inclusive('\n'))
                .map(|l| if l.ends_with('\n') { l.to_owned() } else { format!("{l}\n") }),
        );
        lines.splice(ex.status_at.unwrap_or(ex.output.start)..ex.output.end, new);
    }
    lines.concat()
}

/// Checks (or, with `MLSAL_BLESS=1`, first refreshes) the examples of one page.
fn page(relative: &str, at_least: usize) {
    let path = root().join(relative);
    let mut text = std::fs::read_to_string(&path).unwrap();
    if std::env::var_os("MLSAL_BLESS").is_some_and(|v| v == "1") {
        let new = bless(relative, &text);
        if new != text {
            std::fs::write(&path, &new).unwrap();
            eprintln!("{relative}: rewrote the examples' output; read `git diff {relative}`");
        }
        text = new;
    }
    let count = examples(relative, &text.split_inclusive('\n').collect::<Vec<_>>()).unwrap().len();
    assert!(count >= at_least, "{relative}: expected at least {at_least} examples, found {count}");
    let failures = check(relative, &text).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        failures.is_empty(),
        "{} of {count} examples in {relative} do not print what the page shows:\n\n{}\n\n\
         If the new output is right, refresh the pages with scripts/update-docs.sh and read the diff.",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_readme_example_prints_exactly_what_the_readme_shows() {
    page("README.md", 5);
}

#[test]
fn every_guide_example_prints_exactly_what_the_guide_shows() {
    page("docs/GUIDE.md", 20);
}

#[test]
fn the_readme_gives_the_two_set_up_commands_and_the_install_command() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for cmd in [
        "cargo run --release -- estimate --years 4 --city sf",
        "cargo test --locked",
        "cargo install --path .",
    ] {
        assert!(readme.contains(cmd), "README.md should show `{cmd}`");
    }
    // The main job's command is also the README's first example, so its output is checked.
    let lines: Vec<&str> = readme.split_inclusive('\n').collect();
    let first = &examples("README.md", &lines).unwrap()[0];
    assert_eq!(first.cmd.args, ["estimate", "--years", "4", "--city", "sf"]);
}

// The runner itself: a wrong byte anywhere must fail, and what cannot be run must be refused.
// Each page below is first filled in by `bless`, so these tests hold whatever the data says.

/// A one-example page for `cmd`, its output filled in from the binary.
fn blessed(cmd: &str) -> String {
    let page = bless("t.md", &format!("```console\n$ {cmd}\n```\n"));
    assert_eq!(check("t.md", &page).unwrap(), Vec::<String>::new(), "{page}");
    page
}

#[test]
fn a_missing_trailing_tab_fails() {
    // Each row's last cell, `error`, is empty: the line ends in a tab.
    let page = blessed("mlsal batch docs/profiles.jsonl --format tsv --round 5000");
    assert_eq!(page.matches("\t\n").count(), 2, "{page}");
    let failures = check("t.md", &page.replacen("\t\n", "\n", 1)).unwrap();
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert!(failures[0].contains("stdout differs at line 2"), "{}", failures[0]);
}

#[test]
fn a_wrong_exit_status_a_missing_stderr_line_or_an_extra_blank_line_fails() {
    let page = blessed("mlsal estimate --city seatle");
    assert!(page.contains("\n? 2\nmlsal: error: unknown location `seatle`"), "{page}");
    let without_stderr: String = page.split_inclusive('\n').filter(|l| !l.starts_with("mlsal: ")).collect();
    for bad in [page.replace("? 2\n", ""), page.replace("? 2\n", "? 1\n"), without_stderr] {
        assert_eq!(check("t.md", &bad).unwrap().len(), 1, "{bad}");
    }
    let page = blessed("mlsal list bands");
    let extra = page.replace("\n```", "\n\n```");
    assert!(check("t.md", &extra).unwrap()[0].contains("stdout differs"), "{extra}");
}

#[test]
fn stdin_and_environment_are_given_to_the_example() {
    let page =
        "```console\n$ MLSAL_DATA=docs/example-data mlsal batch --format csv < docs/profiles.csv\n```\n";
    let lines: Vec<&str> = page.split_inclusive('\n').collect();
    let ex = &examples("t.md", &lines).unwrap()[0];
    assert_eq!(ex.cmd.env, [("MLSAL_DATA".to_owned(), "docs/example-data".to_owned())]);
    assert_eq!(ex.cmd.args, ["batch", "--format", "csv"]);
    assert_eq!(ex.cmd.stdin.as_deref(), Some("docs/profiles.csv"));
    let got = run(ex);
    assert!(got.stdout.starts_with("years,city,education,company_size,level,"), "{}", got.stdout);
}

#[test]
fn what_cannot_be_run_is_refused_not_skipped() {
    let refused = |page: &str| examples("t.md", &page.split_inclusive('\n').collect::<Vec<_>>()).unwrap_err();
    assert!(refused("```console\n$ cargo run\n```\n").contains("not an mlsal command"));
    assert!(refused("```console\n$ mlsal list | head -1\n```\n").contains("`|` cannot be run"));
    assert!(refused("```console\n$ mlsal batch < a b\n```\n").contains("must come last"));
    assert!(refused("```console\noutput\n```\n").contains("must start with"));
    assert!(refused("```sh\n$ mlsal list\n```\n").contains("outside a ```console block"));
    assert!(refused("```console\n$ mlsal list\n").contains("not closed"));
}

#[test]
fn split_handles_quotes() {
    assert_eq!(
        split(r#"mlsal estimate --city "new york" -e 'phd'"#),
        ["mlsal", "estimate", "--city", "new york", "-e", "phd"]
    );
}

/// The guide's table of estimate JSON fields names every field `estimate --format json` can
/// print (with a blend, another currency, another year and total pay between them), and no
/// other: a field added to the output must be documented.
#[test]
fn the_guide_lists_every_estimate_json_field() {
    let guide = std::fs::read_to_string(root().join("docs/GUIDE.md")).unwrap();
    let section = guide.split("\n## JSON fields\n").nth(1).unwrap();
    let section = section.split("\n## ").next().unwrap();
    let mut listed: Vec<String> = section
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .flat_map(|l| {
            let first = l.split(" | ").next().unwrap_or_default();
            first.split(", ").map(|f| f.trim_matches('`').to_string()).collect::<Vec<_>>()
        })
        .collect();
    listed.sort();
    let mut printed: Vec<String> = Vec::new();
    for args in [
        &["estimate", "-y", "2.5", "-f", "json"][..],
        &["estimate", "-y", "4", "--currency", "EUR", "--as-of", "2026", "--total", "-q", "-f", "json"][..],
    ] {
        let v = common::json(args);
        printed.extend(v.as_object().unwrap().keys().cloned());
    }
    printed.sort();
    printed.dedup();
    assert_eq!(listed, printed, "docs/GUIDE.md, ## JSON fields");
}

/// The guide names `mlsal market`'s CSV columns as the program writes them.
#[test]
fn the_guide_lists_the_market_csv_columns() {
    let guide = std::fs::read_to_string(root().join("docs/GUIDE.md")).unwrap();
    let words = guide.split_whitespace().collect::<Vec<_>>().join(" ");
    let columns = format!("`{}`", mlsal::view::market::MARKET_COLUMNS.join(", "));
    assert!(words.contains(&columns), "docs/GUIDE.md should list {columns}");
}
