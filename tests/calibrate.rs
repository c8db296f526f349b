//! The README's "How close to real pay" table is `scripts/calibrate.py`'s output, computed from
//! the survey file and this very binary, never typed by hand.
//!
//! Regenerate it with `cargo build && python3 scripts/calibrate.py --readme`. The script needs
//! the survey file (`$MLSAL_MARKET_DIR`, else `../shared/market` beside the project) and
//! Python 3.11; where the survey file is not at hand, the last test says so on stderr and
//! checks only what it can without it.

use std::path::{Path, PathBuf};
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const BEGIN: &str = "<!-- calibrate.py: begin -->";
const END: &str = "<!-- calibrate.py: end -->";

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join(path)).unwrap()
}

/// The README's table, between the script's markers.
fn readme_table() -> String {
    let readme = read("README.md");
    let start = readme.find(BEGIN).expect("README has the calibrate.py begin marker") + BEGIN.len();
    let end = readme.find(END).expect("README has the calibrate.py end marker");
    readme[start..end].trim().to_string()
}

#[test]
fn the_script_exists_and_uses_the_standard_library_only() {
    let script = read("scripts/calibrate.py");
    assert!(script.starts_with("#!/usr/bin/env python3"));
    // Every import is a standard module or the project's own market.py.
    let allowed = [
        "__future__",
        "argparse",
        "csv",
        "io",
        "json",
        "os",
        "statistics",
        "subprocess",
        "sys",
        "pathlib",
        "market",
    ];
    for line in script.lines().filter(|l| l.starts_with("import ") || l.starts_with("from ")) {
        let module = line.split_whitespace().nth(1).unwrap().split('.').next().unwrap();
        assert!(allowed.contains(&module), "calibrate.py imports {module}: {line}");
    }
    // It gets mlsal's ranges by running mlsal, for both band sets.
    assert!(script.contains("\"batch\", \"--bands\"") && script.contains("(\"article\", \"market\")"));
}

#[test]
fn the_readme_holds_a_table_for_both_band_sets_and_says_how_to_regenerate_it() {
    let table = readme_table();
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines.len() >= 3, "{table}");
    let head: Vec<&str> = lines[0].trim_matches('|').split('|').map(str::trim).collect();
    for column in ["article: inside", "article: x mid", "market: inside", "market: x mid", "n"] {
        assert!(head.contains(&column), "{column}: {head:?}");
    }
    // The headline row, and the US cells by level.
    assert!(lines[2].starts_with("| ml-engineer | US | entry-senior |"), "{table}");
    for level in ["entry", "mid", "senior"] {
        assert!(lines.iter().any(|l| l.starts_with(&format!("| ml-engineer | US | {level} |"))), "{level}");
    }
    let n_mid = lines.iter().find(|l| l.starts_with("| ml-engineer | US | mid |")).unwrap();
    assert!(n_mid.contains("| 349 | 940 |"), "the US mid cell: 349 distinct responses of 940 rows: {n_mid}");
    assert!(head.contains(&"in-sample (market)"), "{head:?}");
    // The two tables that can fail: out of sample, and the BLS metros.
    assert!(table.contains("Out of sample: market bands from the 2023 responses alone"), "{table}");
    assert!(lines.iter().any(|l| l.starts_with("| scored levels |")), "{table}");
    assert!(table.contains("BLS check:"), "{table}");
    let areas = lines.iter().filter(|l| l.contains("(`") && l.contains("`) |")).count();
    assert_eq!(areas, 16, "{table}");
    assert!(table.contains("| **16 of 16 inside** |"), "every one of the 16 areas: {table}");
    assert!(read("README.md").contains("cargo build && python3 scripts/calibrate.py --readme"));
}

/// Says on stderr, past libtest's capture (which hides what a passing test prints), that a
/// check was skipped: a clone without `../shared` still passes, but not silently.
fn skipped(what: &str) {
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "SKIP: {what}: the market files are not at hand (../shared/market beside the project, or MLSAL_MARKET_DIR)"
    );
}

/// The survey file's directory, if it is at hand.
fn source_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("MLSAL_MARKET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(ROOT).join("..").join("shared").join("market"));
    dir.join("aijobs-salaries-2025-01-19.csv").is_file().then_some(dir)
}

#[test]
fn the_readme_table_is_what_the_script_prints_for_this_binary() {
    let Some(dir) = source_dir() else {
        return skipped("the README's figures");
    };
    let out = Command::new("python3")
        .arg(Path::new(ROOT).join("scripts/calibrate.py"))
        .args(["--mlsal", env!("CARGO_BIN_EXE_mlsal"), "--source-dir"])
        .arg(&dir)
        .output()
        .expect("python3 runs");
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "calibrate.py failed: {stderr}");
    assert_eq!(
        stdout.trim(),
        readme_table(),
        "README's table is stale: run `cargo build && python3 scripts/calibrate.py --readme`"
    );
}

/// data/market.toml is exactly what scripts/market.py writes from the source files: it is
/// generated, never typed.
#[test]
fn the_market_table_is_what_its_script_writes() {
    let Some(dir) = source_dir() else {
        return skipped("data/market.toml against scripts/market.py");
    };
    let out = Command::new("python3")
        .arg(Path::new(ROOT).join("scripts/market.py"))
        .arg("--check")
        .arg("--source-dir")
        .arg(&dir)
        .output()
        .expect("python3 runs");
    assert!(out.status.success(), "market.py --check: {}", String::from_utf8_lossy(&out.stderr));
}

/// data/location.toml's US metros are exactly what scripts/metros.py writes from the CSV the
/// project carries (this needs no ../shared).
#[test]
fn the_location_table_is_what_its_script_writes() {
    let out = Command::new("python3")
        .arg(Path::new(ROOT).join("scripts/metros.py"))
        .arg("--check")
        .output()
        .expect("python3 runs");
    assert!(out.status.success(), "metros.py --check: {}", String::from_utf8_lossy(&out.stdout));
}
