//! The guide's "How close to real pay" tables are `scripts/calibrate.py`'s output, computed from
//! the survey and BLS files and this very binary, never typed by hand: an in-sample table (which
//! cannot fail), the out-of-sample test beside what a perfect rule scores at its sample sizes,
//! and a BLS consistency check (not evidence) over the 15 metros with the most software
//! developers. The README shows the second table alone, from the same run, between markers of
//! its own; both pages are checked.
//!
//! Regenerate them with `cargo build && python3 scripts/calibrate.py --write`. The script needs
//! the market files (`$MLSAL_MARKET_DIR`, else `../shared/market` beside the project) and
//! Python 3.11; where they are not at hand, the tests that need them say so on stderr (`SKIP:`)
//! and the others check only what they can without them.

use std::path::{Path, PathBuf};
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const BEGIN: &str = "<!-- calibrate.py: begin -->";
const END: &str = "<!-- calibrate.py: end -->";
const SUMMARY_BEGIN: &str = "<!-- calibrate.py: summary begin -->";
const SUMMARY_END: &str = "<!-- calibrate.py: summary end -->";
/// The command that regenerates both pages, as the guide gives it.
const REGENERATE: &str = "cargo build && python3 scripts/calibrate.py --write";

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join(path)).unwrap()
}

/// What a page holds between two markers, trimmed.
fn between(page: &str, begin: &str, end: &str) -> String {
    let text = read(page);
    let start = text.find(begin).unwrap_or_else(|| panic!("{page} has no {begin}")) + begin.len();
    let stop = start + text[start..].find(end).unwrap_or_else(|| panic!("{page} has no {end} after {begin}"));
    text[start..stop].trim().to_string()
}

/// The guide's three tables, between the script's markers.
fn guide_tables() -> String {
    between("docs/GUIDE.md", BEGIN, END)
}

/// The README's one table (the out-of-sample test), between the script's summary markers.
fn readme_table() -> String {
    between("README.md", SUMMARY_BEGIN, SUMMARY_END)
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
        "random",
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
    // The perfect rule is resampled with a seeded generator of its own, at least 2,000 times, so
    // the pages' figures are reproducible.
    assert!(script.contains("random.Random(SEED)"), "a seeded random.Random");
    let resamples = script
        .lines()
        .find_map(|l| l.strip_prefix("RESAMPLES = "))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse::<u32>().ok())
        .expect("RESAMPLES = N");
    assert!(resamples >= 2000, "RESAMPLES = {resamples}");
    // The 15 metros are the largest by BLS software-developer employment, computed, not typed:
    // no list of location keys for them in the script.
    assert!(script.contains("tot_emp") && script.contains("LARGEST = 15"));
    for key in ["\"san-diego\"", "\"raleigh\"", "\"pittsburgh\"", "\"phoenix\""] {
        assert!(!script.contains(key), "calibrate.py names {key}: the metros are computed");
    }
}

/// The lines of a block that form the markdown table whose header starts with `head`.
fn table_starting<'a>(block: &'a str, head: &str) -> Vec<&'a str> {
    let lines: Vec<&str> = block.lines().collect();
    let start = lines.iter().position(|l| l.starts_with(head)).unwrap_or_else(|| panic!("no table {head}"));
    lines[start..].iter().take_while(|l| l.starts_with('|')).copied().collect()
}

/// The cells of a markdown table row.
fn cells(line: &str) -> Vec<&str> {
    line.trim().trim_matches('|').split('|').map(str::trim).collect()
}

#[test]
fn the_guide_holds_a_table_for_both_band_sets_and_says_how_to_regenerate_it() {
    let block = guide_tables();
    // Each table is labelled with whether it can fail.
    for label in [
        "**1. In sample: its market columns cannot fail.**",
        "**2. The test, which can fail: out of sample.**",
        "**3. A consistency check, not evidence: BLS.**",
    ] {
        assert!(block.contains(label), "{label}: {block}");
    }
    let lines = table_starting(&block, "| title group |");
    assert!(lines.len() >= 3, "{block}");
    let head = cells(lines[0]);
    for column in ["article: inside", "article: x mid", "market: inside", "market: x mid", "n"] {
        assert!(head.contains(&column), "{column}: {head:?}");
    }
    // The headline row, and the US cells by level.
    assert!(lines[2].starts_with("| ml-engineer | US | entry-senior |"), "{block}");
    for level in ["entry", "mid", "senior"] {
        assert!(lines.iter().any(|l| l.starts_with(&format!("| ml-engineer | US | {level} |"))), "{level}");
    }
    let n_mid = lines.iter().find(|l| l.starts_with("| ml-engineer | US | mid |")).unwrap();
    assert!(n_mid.contains("| 349 | 940 |"), "the US mid cell: 349 distinct responses of 940 rows: {n_mid}");
    assert!(head.contains(&"in-sample (market)"), "{head:?}");
    let in_sample = head.iter().position(|c| *c == "in-sample (market)").unwrap();
    for line in &lines[2..] {
        assert!(!cells(line)[in_sample].is_empty(), "every row says what of it is in sample: {line}");
    }
}

#[test]
fn the_out_of_sample_test_stands_beside_what_a_perfect_rule_scores() {
    let block = guide_tables();
    assert!(block.contains("Market bands built by the same rule from the 2023 responses alone"), "{block}");
    let lines = table_starting(&block, "| level |");
    let head = cells(lines[0]);
    for column in
        ["inside", "perfect rule: inside", "above", "perfect rule: above", "within a perfect rule's 90%"]
    {
        assert!(head.contains(&column), "{column}: {head:?}");
    }
    let col = |name: &str| head.iter().position(|c| *c == name).unwrap();
    let scored: Vec<&&str> = lines
        .iter()
        .filter(|l| {
            l.starts_with("| mid |") || l.starts_with("| senior |") || l.starts_with("| scored levels |")
        })
        .collect();
    assert_eq!(scored.len(), 3, "{block}");
    // A perfect rule's figure is its median and a 90% interval around it: "49.5% (44.4–54.6%)".
    let share = |s: &str| s.strip_suffix('%').and_then(|v| v.parse::<f64>().ok());
    for line in scored {
        let c = cells(line);
        for (own, perfect) in [("inside", "perfect rule: inside"), ("above", "perfect rule: above")] {
            assert!(share(c[col(own)]).is_some(), "{own}: {line}");
            let (median, interval) = c[col(perfect)].split_once(" (").unwrap_or_else(|| panic!("{line}"));
            let (lo, hi) = interval.trim_end_matches(')').split_once('–').unwrap_or_else(|| panic!("{line}"));
            let (median, lo, hi) = (share(median).unwrap(), lo.parse::<f64>().unwrap(), share(hi).unwrap());
            assert!(lo <= median && median <= hi && hi - lo > 0.0, "{line}");
        }
        let verdict = c[col("within a perfect rule's 90%")];
        assert!(verdict == "yes" || verdict.starts_with("**no**: "), "{line}");
    }
}

#[test]
fn the_bls_table_is_a_consistency_check_over_the_15_largest_metros_and_a_count_over_50() {
    let block = guide_tables();
    assert!(block.contains("It cannot fail as a test of the survey"), "{block}");
    let lines = table_starting(&block, "| area |");
    let head = cells(lines[0]);
    for column in ["SD employed", "BLS p50", "BLS p75", "market mid", "mid / p50", "from ratios", "p50-p75"] {
        assert!(head.contains(&column), "{column}: {head:?}");
    }
    // The US and the 15 metros with the most software developers (BLS OEWS May 2025), by
    // employment: San Diego, Raleigh and Pittsburgh are not among them.
    let keys: Vec<&str> = lines
        .iter()
        .filter_map(|l| l.split_once("(`").and_then(|(_, rest)| rest.split_once("`)")).map(|(k, _)| k))
        .collect();
    let largest = [
        "us",
        "nyc",
        "seattle",
        "san-jose",
        "dc",
        "sf",
        "dallas",
        "la",
        "boston",
        "chicago",
        "atlanta",
        "austin",
        "phoenix",
        "philadelphia",
        "minneapolis",
        "denver",
    ];
    assert_eq!(keys, largest, "{block}");
    // Each row's employment is no larger than the row before it.
    let employed = head.iter().position(|c| *c == "SD employed").unwrap();
    let emp: Vec<u64> =
        lines[3..3 + 15].iter().map(|l| cells(l)[employed].replace(',', "").parse().unwrap()).collect();
    assert!(emp.windows(2).all(|w| w[0] >= w[1]), "{emp:?}");
    assert!(lines.iter().any(|l| l.starts_with("| **the US and the 15 largest: ")), "{block}");
    let all = lines
        .iter()
        .find(|l| l.starts_with("| **all 50 metros of the file: "))
        .expect("a count over all 50 metros");
    assert!(all.contains(" of 50 between p50 and p75**"), "{all}");
    assert!(read("docs/GUIDE.md").contains(REGENERATE), "the guide says how to regenerate the tables");
}

/// The README's one table is the guide's second, line for line: the README cannot keep figures
/// that the guide (checked against the script below) has moved on from. This needs no market
/// files, so it runs everywhere.
#[test]
fn the_readme_table_is_the_guides_out_of_sample_test() {
    let guide = guide_tables();
    let test = table_starting(&guide, "| level |").join("\n");
    assert_eq!(readme_table(), test, "README's table is stale: run `{REGENERATE}`");
    // The README says where its figures come from and links to the rest.
    let readme = read("README.md");
    assert!(readme.contains("`scripts/calibrate.py` writes this table"), "README names the script");
    assert!(readme.contains("(docs/GUIDE.md#how-close-to-real-pay)"), "README links to the guide's tables");
    assert!(!readme.contains(BEGIN), "the README holds only the summary block");
}

#[test]
fn the_script_says_so_when_the_market_files_are_missing() {
    let out = Command::new("python3")
        .arg(Path::new(ROOT).join("scripts/calibrate.py"))
        .args(["--mlsal", env!("CARGO_BIN_EXE_mlsal"), "--source-dir", "/nonexistent/shared/market"])
        .output()
        .expect("python3 runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with("calibrate.py: error: /nonexistent/shared/market does not exist")
            && stderr.contains("--source-dir"),
        "{stderr}"
    );
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
fn the_guide_tables_are_what_the_script_prints_for_this_binary() {
    let Some(dir) = source_dir() else {
        return skipped("the figures of the guide and the README");
    };
    let out = Command::new("python3")
        .arg(Path::new(ROOT).join("scripts/calibrate.py"))
        .args(["--mlsal", env!("CARGO_BIN_EXE_mlsal"), "--source-dir"])
        .arg(&dir)
        .output()
        .expect("python3 runs");
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "calibrate.py failed: {stderr}");
    assert_eq!(stdout.trim(), guide_tables(), "the guide's tables are stale: run `{REGENERATE}`");
    // The README's one table is the same run's second table.
    assert_eq!(
        readme_table(),
        table_starting(&stdout, "| level |").join("\n"),
        "README's table is stale: run `{REGENERATE}`"
    );
    // The metro rows are the 15 largest of the BLS file by software-developer employment,
    // counted here apart from the script.
    let csv = std::fs::read_to_string(dir.join("oews-metros-may2025.csv")).unwrap();
    let mut metros: Vec<(u64, String)> = csv
        .lines()
        .skip(1)
        .map(csv_fields)
        .filter(|f| f[0] == "May 2025" && f[3] == "15-1252" && f[1] != "99")
        .map(|f| (f[5].parse().unwrap(), f[2].clone()))
        .collect();
    assert_eq!(metros.len(), 50);
    metros.sort_by_key(|m| std::cmp::Reverse(m.0));
    let rows = table_starting(&stdout, "| area |");
    for (i, (_, title)) in metros.iter().take(15).enumerate() {
        assert!(
            rows[3 + i].starts_with(&format!("| {title} (")),
            "metro {}: {title}: {}",
            i + 1,
            rows[3 + i]
        );
    }
}

/// The fields of a CSV line: commas split, except inside double quotes (the BLS area titles).
fn csv_fields(line: &str) -> Vec<String> {
    let (mut fields, mut field, mut quoted) = (Vec::new(), String::new(), false);
    for ch in line.chars() {
        match ch {
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(std::mem::take(&mut field)),
            _ => field.push(ch),
        }
    }
    fields.push(field);
    fields
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
