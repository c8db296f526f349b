//! `mlsal data export|check|path`: your own numbers, starting from mlsal's.
//!
//! These run before the tables are loaded (checking broken data is their job), so they take
//! the `--data` flag and a writer rather than a [`Ctx`](super::Ctx).

use std::io::Write;
use std::path::Path;

use crate::cli::{DataArgs, DataCommand};
use crate::data::{self, DataFile, EMBEDDED};
use crate::embedded;
use crate::error::{DataIssue, Error};
use crate::output::{Style, document};
use crate::sources::{self, How, UserDir, process_env};
use crate::tables::OLD_YEARS;
use crate::tables::currency::Date;
use crate::view::list::{date_rows, write_dates};

/// `quiet` silences the warnings of `check` about old tables.
pub(crate) fn run(
    args: &DataArgs,
    data_flag: Option<&Path>,
    quiet: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match &args.action {
        DataCommand::Export { dir, force, .. } => export(dir, *force, out),
        DataCommand::Check { dir, map, matrix, .. } => {
            let dir = match dir {
                Some(d) => Some(UserDir::named(d, How::Argument)?),
                None => sources::user_dir(data_flag, &process_env)?,
            };
            check(dir.as_ref(), quiet, out)?;
            if let Some(map) = map {
                check_map(map, dir.as_ref(), out)?;
            }
            match matrix {
                Some(path) => {
                    let m = crate::data::matrix::load(path)?;
                    writeln!(
                        out,
                        "ok: {} is a valid merit matrix ({} ratings x {} bands: {})",
                        path.display(),
                        m.ratings.len(),
                        m.width(),
                        m.labels().join(" | ")
                    )?;
                    Ok(())
                }
                None => Ok(()),
            }
        }
        // A list of places is not a table, a workbook or a report: the other formats are
        // refused rather than text printed under their name.
        DataCommand::Path { format, .. } => {
            document(out, *format, "data path", |out| path(data_flag, out), || path_json(data_flag))
        }
    }
}

/// Writes every built-in file into `dir`; refuses, writing nothing, if any already exists.
fn export(dir: &Path, force: bool, out: &mut dyn Write) -> anyhow::Result<()> {
    let existing: Vec<String> = EMBEDDED
        .iter()
        .filter(|(name, _)| dir.join(name).exists())
        .map(|(name, _)| name.to_string())
        .collect();
    if !existing.is_empty() && !force {
        return Err(Error::WouldOverwrite { dir: dir.display().to_string(), files: existing }.into());
    }
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| Error::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    for (name, text) in EMBEDDED {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(io(&path))?;
    }
    writeln!(out, "wrote {} files to {}", EMBEDDED.len(), dir.display())?;
    Ok(())
}

/// Validates the built-in tables overlaid with `dir`, printing every problem; when they are
/// valid, prints every table's date and warns (without failing) about those over
/// [`OLD_YEARS`] years old.
fn check(dir: Option<&UserDir>, quiet: bool, out: &mut dyn Write) -> anyhow::Result<()> {
    let files = sources::files(dir)?;
    let user: Vec<&DataFile> = files.iter().skip(EMBEDDED.len()).collect();
    match data::load(&files) {
        Ok(tables) => {
            match dir {
                None => writeln!(out, "ok: the built-in tables are valid (no user data directory)")?,
                Some(d) => writeln!(
                    out,
                    "ok: the built-in tables overlaid with {} ({}) are valid",
                    d.path.display(),
                    names(&user)
                )?,
            }
            let dates = date_rows(&tables, Date::today());
            write_dates(&dates, out, &Style::default())?;
            let warnings = super::Warnings::new(quiet);
            // `--bands market` needs a US ML-engineer cell for every level: a user market.toml
            // without one is a problem found here, not on the first `--bands market`; with the
            // built-in market table, a user level it has no cell for is a warning.
            if let Err(gap) = crate::model::market::use_market_bands(&mut tables.clone()) {
                let line = gap.to_string().lines().next().unwrap_or_default().to_string();
                match user.iter().find(|f| f.name == "market.toml") {
                    Some(f) => {
                        writeln!(out, "{}: {line}", f.origin)?;
                        return Err(Error::CheckFailed { count: 1 }.into());
                    }
                    None => warnings.warn(&line),
                }
            }
            for d in dates.iter().filter(|d| d.old()) {
                warnings.warn(&format!(
                    "{} is dated {}, {} old: over {OLD_YEARS} years, its figures may be out of date",
                    d.dated.file,
                    d.dated.as_of,
                    d.dated.age(d.today)
                ));
            }
            Ok(())
        }
        Err(Error::Data { issues }) => {
            for issue in &issues {
                writeln!(out, "{issue}")?;
                if let Some(snippet) = snippet(issue, &user) {
                    writeln!(out, "{snippet}")?;
                }
            }
            Err(Error::CheckFailed { count: issues.len() }.into())
        }
        Err(e) => Err(e.into()),
    }
}

/// Checks a batch map file against the tables in use (`dir` over the built-in ones).
fn check_map(path: &Path, dir: Option<&UserDir>, out: &mut dyn Write) -> anyhow::Result<()> {
    let tables = data::load(&sources::files(dir)?)?;
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io { path: name.clone(), source })?;
    let mut mapping = crate::cmd::batch::Mapping::default();
    mapping.add_file(&name, &text, &tables)?;
    let values: usize = mapping.values.iter().map(|v| v.len()).sum();
    writeln!(out, "ok: {name} is a valid map ({} column maps, {values} value maps)", mapping.columns.len())?;
    Ok(())
}

/// toml's own excerpt with a caret, for an issue that is a TOML syntax error (not a schema
/// problem) in one of the user's files.
fn snippet(issue: &DataIssue, user: &[&DataFile]) -> Option<String> {
    let file = user.iter().find(|f| f.origin == issue.at.file)?;
    let err = file.text.parse::<toml::Table>().err()?;
    let rendered = err.to_string();
    let lines: Vec<&str> = rendered
        .lines()
        .filter(|l| {
            l.trim_start().split_once('|').is_some_and(|(n, _)| n.trim().chars().all(|c| c.is_ascii_digit()))
        })
        .collect();
    (!lines.is_empty()).then(|| lines.iter().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n"))
}

fn names(files: &[&DataFile]) -> String {
    if files.is_empty() {
        return "no .toml files".into();
    }
    files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>().join(", ")
}

/// Prints the sources in the order they are read.
/// `data path --format json|jsonl`: one object, `builtin` (the embedded files), `user` (the
/// directory in use, `null` for none: its `path`, `from`, the data `files` and the names that
/// are `not_data`) and `config_dir` (where one would be read from, `null` without HOME).
fn path_json(data_flag: Option<&Path>) -> anyhow::Result<serde_json::Value> {
    let builtin: Vec<&str> = EMBEDDED.iter().map(|(n, _)| *n).collect();
    let user = match sources::user_dir(data_flag, &process_env)? {
        None => serde_json::Value::Null,
        Some(dir) => {
            let files = sources::read_dir(&dir.path)?;
            let (known, unknown): (Vec<&DataFile>, Vec<&DataFile>) =
                files.iter().partition(|f| builtin.contains(&f.name.as_str()));
            serde_json::json!({
                "path": dir.path.display().to_string(),
                "from": dir.how.describe(),
                "files": known.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
                "not_data": unknown.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
            })
        }
    };
    let config = sources::config_dir(&process_env).map(|(p, _)| p.display().to_string());
    Ok(serde_json::json!({ "builtin": builtin, "user": user, "config_dir": config }))
}

fn path(data_flag: Option<&Path>, out: &mut dyn Write) -> anyhow::Result<()> {
    let builtin: Vec<&str> = EMBEDDED.iter().map(|(n, _)| *n).collect();
    writeln!(out, "1. built-in tables (embedded in the binary): {}", builtin.join(", "))?;
    let dir = sources::user_dir(data_flag, &process_env)?;
    match &dir {
        Some(dir) => {
            let files = sources::read_dir(&dir.path)?;
            let (known, unknown): (Vec<&DataFile>, Vec<&DataFile>) =
                files.iter().partition(|f| builtin.contains(&f.name.as_str()));
            writeln!(out, "2. {} (from {}): {}", dir.path.display(), dir.how.describe(), names(&known))?;
            if !unknown.is_empty() {
                writeln!(out, "   not data files (an error when loading): {}", names(&unknown))?;
            }
        }
        None => match sources::config_dir(&process_env) {
            Some((p, _)) => writeln!(
                out,
                "no user data directory: give --data DIR, set MLSAL_DATA, or create {}",
                p.display()
            )?,
            None => writeln!(out, "no user data directory: give --data DIR or set MLSAL_DATA")?,
        },
    }
    // The dates of the tables in use; broken data has none to show, and `check` says why.
    let tables = match &dir {
        None => Ok(embedded::tables()),
        Some(d) => sources::load(Some(d)),
    };
    match tables {
        Ok(t) => write_dates(&date_rows(&t, Date::today()), out, &Style::default())?,
        Err(_) => writeln!(out, "the tables do not load: `mlsal data check` lists the problems")?,
    }
    Ok(())
}
