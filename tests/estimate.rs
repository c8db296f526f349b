//! `mlsal estimate` end to end: formats, levels, and every class of bad input.

mod common;

use common::{fails, json, json_2024, mlsal};
use mlsal::tables::Factor;

fn multiplier_of(factor: Factor, key: &str) -> f64 {
    let t = mlsal::data::load_embedded().unwrap();
    let table = t.factor(factor);
    table.entries[table.find(key).unwrap()].multiplier
}

#[test]
fn the_readme_run_command_gives_the_mid_band_times_the_sf_multiplier() {
    let v = json_2024(&["estimate", "--years", "4", "--city", "sf", "--format", "json"]);
    let m = multiplier_of(Factor::Location, "sf");
    assert_eq!(v["level"], "mid");
    assert_eq!(v["years"], 4.0);
    assert_eq!(v["multiplier"], m);
    assert_eq!(v["low"], mlsal::model::round_to(120_000.0 * m, 1000));
    assert_eq!(v["high"], mlsal::model::round_to(160_000.0 * m, 1000));
    assert_eq!(v["mid"], mlsal::model::round_to(140_000.0 * m, 1000));
    assert_eq!(v["base"]["low"], 120_000);
    assert_eq!(v["currency"], "USD");
    assert_eq!(v["capped"], false);
    assert_eq!(v["open_ended"], false);
    let factors = v["factors"].as_array().unwrap();
    assert_eq!(factors.len(), 5);
    assert_eq!(factors[0]["factor"], "location");
    assert_eq!(factors[0]["key"], "sf");
    for f in factors {
        for field in ["factor", "key", "label", "multiplier", "source", "confidence"] {
            assert!(!f[field].is_null(), "{field} in {f}");
        }
    }
}

#[test]
fn text_output_shows_breakdown_and_range_with_separators() {
    let out = mlsal().args(["estimate", "--as-of", "2024", "--years", "4", "--city", "sf"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let m = multiplier_of(Factor::Location, "sf");
    let low = mlsal::output::money(mlsal::model::round_to(120_000.0 * m, 1000), "USD");
    assert!(text.contains(&low), "{text}");
    for line in
        ["base band", "location", "education", "specialization", "industry", "company size", "combined"]
    {
        assert!(text.contains(line), "missing {line}: {text}");
    }
    assert!(text.contains("San Francisco"), "{text}");
    assert!(!text.contains('\x1b'), "no colour into a pipe");
}

#[test]
fn no_years_or_level_shows_all_three_levels() {
    let v = json_2024(&["estimate", "--format", "json"]);
    let levels: Vec<_> =
        v.as_array().unwrap().iter().map(|e| e["level"].as_str().unwrap().to_string()).collect();
    assert_eq!(levels, ["entry", "mid", "senior"]);
    let lows: Vec<_> = v.as_array().unwrap().iter().map(|e| e["low"].as_i64().unwrap()).collect();
    assert_eq!(lows, [90_000, 120_000, 160_000]);
    assert_eq!(v[2]["high"], 200_000);
    assert_eq!(v[2]["open_ended"], true);
}

#[test]
fn open_top_prints_a_plus() {
    let out = mlsal().args(["estimate", "--as-of", "2024", "--level", "senior"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("$160,000 – $200,000+"), "{text}");
}

#[test]
fn blend_is_said_in_text_and_json() {
    let v = json_2024(&["estimate", "--years", "2.5", "-f", "json"]);
    assert_eq!((v["low"].as_i64(), v["high"].as_i64()), (Some(105_000), Some(140_000)));
    assert_eq!(v["level"], "entry-mid");
    assert_eq!(v["blend"]["weight"], 0.5);
    let out = mlsal().args(["estimate", "--as-of", "2024", "--years", "2.5"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("blended"), "{text}");
}

#[test]
fn csv_tsv_and_jsonl_carry_the_same_numbers_as_json() {
    let args = ["estimate", "--as-of", "2024", "--years", "7", "--city", "london", "--education", "phd"];
    let v = json(&[&args[..], &["-f", "json"]].concat());
    for (format, sep) in [("csv", ','), ("tsv", '\t')] {
        let out = mlsal().args(args).args(["-f", format]).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        let header: Vec<&str> = lines[0].split(sep).collect();
        let row: Vec<&str> = lines[1].split(sep).collect();
        let col = |name: &str| row[header.iter().position(|h| *h == name).unwrap()];
        for field in ["low", "mid", "high"] {
            assert_eq!(col(field), v[field].to_string(), "{format} {field}");
        }
        assert_eq!(col("location"), "london");
        assert_eq!(col("level"), "senior");
    }
    let out = mlsal().args(["estimate", "--as-of", "2024", "-f", "jsonl"]).output().unwrap();
    let lines: Vec<serde_json::Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3);
}

#[test]
fn round_applies_in_every_format() {
    let v = json_2024(&["estimate", "--years", "2.3", "--round", "1", "-f", "json"]);
    assert_eq!(
        (v["low"].as_i64(), v["mid"].as_i64(), v["high"].as_i64()),
        (Some(99_000), Some(115_500), Some(132_000))
    );
    fails(&["estimate", "--as-of", "2024", "--round", "0"], 2);
    fails(&["estimate", "--round", "-5"], 2);
}

#[test]
fn lookup_folds_case_spaces_and_aliases() {
    let a = json_2024(&["estimate", "-y", "4", "--city", "sf", "-f", "json"]);
    for spelling in ["SF", "San Francisco", "bay-area", "bay_area"] {
        let b = json_2024(&["estimate", "-y", "4", "--location", spelling, "-f", "json"]);
        assert_eq!(a["low"], b["low"], "{spelling}");
        assert_eq!(b["factors"][0]["key"], "sf");
    }
}

#[test]
fn unknown_values_exit_2_naming_value_nearest_key_and_list() {
    let cases = [
        (vec!["--city", "seatle"], "`seatle`", "`seattle`", "mlsal list location"),
        (vec!["--education", "phdd"], "`phdd`", "`phd`", "mlsal list education"),
        (vec!["--specialization", "robotic"], "`robotic`", "`robotics`", "mlsal list specialization"),
        (vec!["--industry", "financ"], "`financ`", "`finance`", "mlsal list industry"),
        (vec!["--company-size", "startups"], "`startups`", "`startup`", "mlsal list company_size"),
        (vec!["--level", "senoir"], "`senoir`", "`senior`", "mlsal list bands"),
    ];
    for (flags, value, nearest, list) in cases {
        let args: Vec<&str> = ["estimate", "--as-of", "2024"].into_iter().chain(flags).collect();
        let err = fails(&args, 2);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(value) && err.contains(nearest) && err.contains(list), "{err}");
    }
}

#[test]
fn bad_years_exit_2_with_mlsals_own_message() {
    for bad in ["-1", "nan", "inf", "abc", "61", "-0.5", "1e400", "-inf", "-nan", "-.5", "-1e-300"] {
        let err = fails(&["estimate", "--as-of", "2024", "--years", bad], 2);
        assert!(err.contains("--years"), "{bad}: {err}");
        assert!(err.contains(bad), "{bad}: {err}");
        assert!(!err.contains("unexpected argument"), "{bad}: {err}");
    }
}

#[test]
fn years_and_level_together_is_a_usage_error() {
    let err = fails(&["estimate", "--as-of", "2024", "--years", "4", "--level", "mid"], 2);
    assert!(err.contains("--level") && err.contains("--years"), "{err}");
}

#[test]
fn unknown_flag_and_missing_subcommand_are_usage_errors() {
    let err = fails(&["estimate", "--as-of", "2024", "--yeras", "4"], 2);
    assert!(err.contains("--yeras"), "{err}");
    assert!(err.contains("hint: "), "{err}");
    let err = fails(&[], 2);
    assert!(err.contains("no command given") && err.contains("estimate"), "{err}");
    let err = fails(&["estimate", "--as-of", "2024", "--format", "yaml"], 2);
    assert!(err.contains("`yaml`") || err.contains("'yaml'"), "{err}");
    assert!(err.contains("json, jsonl, csv, tsv"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn help_and_version_succeed_on_stdout() {
    for args in [vec!["--help"], vec!["estimate", "--as-of", "2024", "--help"], vec!["--version"]] {
        let out = mlsal().args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        assert!(!out.stdout.is_empty());
    }
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let plain = mlsal().args(["estimate", "--as-of", "2024", "-y", "4"]).output().unwrap().stdout;
    assert!(!plain.contains(&0x1b));
    let forced = mlsal()
        .args(["estimate", "--as-of", "2024", "-y", "4", "--color", "always"])
        .output()
        .unwrap()
        .stdout;
    assert!(forced.contains(&0x1b));
    let never = mlsal()
        .args(["estimate", "--as-of", "2024", "-y", "4", "--color", "never"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!never.stdout.contains(&0x1b));
}

#[test]
fn hyphen_values_reach_mlsals_own_parsers() {
    for args in
        [&["estimate", "--round", "-5"][..], &["estimate", "--round", "100001"], &["whatif", "--top", "-1"]]
    {
        let err = fails(args, 2);
        assert!(!err.contains("unexpected argument"), "{args:?}: {err}");
        assert!(err.contains(args[2]), "{args:?}: {err}");
    }
}

#[test]
fn odd_years_are_normalised_not_echoed() {
    let v = json_2024(&["estimate", "-y", "-0", "-f", "json"]);
    assert_eq!(v["years"].to_string(), "0.0");
    let v = json_2024(&["estimate", "-y", "1e-300", "-f", "json"]);
    assert_eq!(v["years"], 0.0);
}

#[test]
fn user_input_in_errors_stays_on_one_line() {
    let err = fails(&["estimate", "--as-of", "2024", "--city", "new\nyork"], 2);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("new\\nyork"), "{err}");
    let err = fails(&["estimate", "--as-of", "2024", "--city", "a\u{1b}[31mred"], 2);
    assert!(!err.contains('\u{1b}'), "{err}");
    let err = fails(&["estimate", "--as-of", "2024", "--city", ""], 2);
    assert!(err.contains("empty location"), "{err}");
}

/// Start-up (issue 25): the dynamic loader maps no libm for mlsal. The one libm function its
/// dependencies reference (log2, in zopfli) is defined in `src/main.rs`; were it taken from
/// `libm.so.6` again, every start would open, map and relocate that library. glibc's loader
/// lists what it loads under `LD_DEBUG=libs`; elsewhere this test has nothing to read.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn the_loader_maps_no_libm() {
    let out = mlsal().args(["estimate", "--years", "4"]).env("LD_DEBUG", "libs").output().unwrap();
    assert!(out.status.success());
    let log = String::from_utf8_lossy(&out.stderr);
    let loaded: Vec<&str> = log
        .lines()
        .filter_map(|l| l.split("find library=").nth(1))
        .map(|l| l.split(' ').next().unwrap_or(l))
        .collect();
    assert!(loaded.contains(&"libc.so.6"), "LD_DEBUG=libs listed no libc: {log}");
    assert!(!loaded.iter().any(|l| l.starts_with("libm.")), "libm is loaded again: {loaded:?}");
}
