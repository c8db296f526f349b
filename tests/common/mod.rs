//! Helpers shared by the CLI tests.
#![allow(dead_code)]

use std::path::Path;

use assert_cmd::Command;

/// `mlsal` with a clean, predictable environment: no colour settings, no user data (HOME and
/// XDG_CONFIG_HOME point at a directory that does not exist, so the real home is never read),
/// and `RUST_BACKTRACE=1` as on these machines, so error output is tested as users get it.
pub fn mlsal() -> Command {
    let mut cmd = Command::cargo_bin("mlsal").unwrap();
    let nowhere = std::env::temp_dir().join("mlsal-tests-no-home");
    cmd.env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("MLSAL_DATA")
        .env("HOME", &nowhere)
        .env("XDG_CONFIG_HOME", &nowhere)
        .env("RUST_BACKTRACE", "1");
    cmd
}

/// Runs `mlsal args` expecting success; returns stdout.
pub fn stdout(args: &[&str]) -> String {
    let out = mlsal().args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// `args` with `--as-of 2024` after the subcommand (after `--data DIR` when it comes first):
/// the bands' own year, for tests whose figures are the article's 2024 bands.
pub fn at_2024<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let at = if args.first() == Some(&"--data") { 3 } else { 1 };
    let mut all = args.to_vec();
    all.splice(at..at, ["--as-of", "2024"]);
    all
}

/// [`json`] of `args` at the bands' own year ([`at_2024`]).
pub fn json_2024(args: &[&str]) -> serde_json::Value {
    json(&at_2024(args))
}

/// Runs `mlsal args` expecting success, and parses stdout as JSON. `estimate`, `offer` and
/// `market` print an array whatever the flags (checked here); for one result (`--years` or
/// `--level`) this returns its one element, the record the test is about.
pub fn json(args: &[&str]) -> serde_json::Value {
    let v = json_document(args);
    let command =
        args.iter().enumerate().find(|(i, a)| !a.starts_with('-') && (*i == 0 || args[i - 1] != "--data"));
    match command.map(|(_, c)| *c) {
        Some("estimate" | "offer" | "market") => {
            let all = v.as_array().unwrap_or_else(|| panic!("{args:?}: JSON is an array: {v}"));
            match all.as_slice() {
                [one] => one.clone(),
                _ => v,
            }
        }
        _ => v,
    }
}

/// Runs `mlsal args` expecting success, and parses stdout as JSON, as it is.
pub fn json_document(args: &[&str]) -> serde_json::Value {
    let out = mlsal().args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

/// Runs `mlsal args` expecting failure with `code`; returns stderr, checked to be a proper
/// `mlsal: error:` message with no panic or backtrace, and stdout checked to be empty.
pub fn fails(args: &[&str], code: i32) -> String {
    let out = mlsal().args(args).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
    assert!(out.stdout.is_empty(), "{args:?}: stdout should be empty");
    // User tables that loaded are said first (tests/data.rs checks the note); the error follows.
    let stderr = match stderr.split_once('\n') {
        Some((note, rest)) if note.starts_with("mlsal: note: using your tables in ") => rest.to_string(),
        _ => stderr,
    };
    assert!(stderr.starts_with("mlsal: error: "), "{args:?}: {stderr}");
    for bad in ["panicked", "backtrace", "stack backtrace", "RUST_BACKTRACE"] {
        assert!(!stderr.contains(bad), "{args:?}: {stderr}");
    }
    stderr
}

/// A fresh, empty directory under the system temp dir, removed when dropped.
pub struct Temp(tempfile::TempDir);

impl Temp {
    pub fn new(tag: &str) -> Temp {
        Temp(tempfile::Builder::new().prefix(&format!("mlsal-test-{tag}-")).tempdir().unwrap())
    }

    /// Writes `text` to `name` in this directory (creating parent directories).
    pub fn write(&self, name: &str, text: &str) -> &Temp {
        let path = self.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    pub fn path(&self) -> &Path {
        self.0.path()
    }

    pub fn str(&self) -> &str {
        self.path().to_str().unwrap()
    }
}

/// What a `mlsal batch` run gave.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// `mlsal batch ARGS` on `input`; checks that nothing panicked and stdout is UTF-8.
pub fn batch(args: &[&str], input: impl Into<Vec<u8>>) -> Run {
    let out = mlsal().arg("batch").args(args).write_stdin(input).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    for bad in ["panicked", "backtrace"] {
        assert!(!stderr.contains(bad), "{stderr}");
    }
    // The note that user tables are in use (tests/data.rs checks it) comes before the run's own.
    let stderr = match stderr.split_once('\n') {
        Some((note, rest)) if note.starts_with("mlsal: note: using your tables in ") => rest.to_string(),
        _ => stderr,
    };
    Run { code: out.status.code(), stdout: String::from_utf8(out.stdout).unwrap(), stderr }
}

/// Parses CSV output into its header and rows (via the csv crate, so quoting is honoured).
pub fn csv_rows(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r.records().map(|rec| rec.unwrap().iter().map(String::from).collect()).collect();
    (header, rows)
}

/// Parses JSON Lines output, one value a line.
pub fn jsonl(text: &str) -> Vec<serde_json::Value> {
    text.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

/// A TSV cell as mlsal escapes it, back to its value: `\\t`, `\\n`, `\\r`, `\\\\`.
pub fn tsv_unescape(cell: &str) -> String {
    let (mut out, mut chars) = (String::new(), cell.chars());
    while let Some(c) = chars.next() {
        match (c, c == '\\') {
            (_, true) => match chars.next() {
                Some('t') => out.push('\t'),
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            },
            (c, false) => out.push(c),
        }
    }
    out
}
