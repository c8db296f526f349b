//! User data end to end: where it is read from, the overlay, `mlsal data export|check|path`,
//! and every validation rule reported with its file, line and column, through `data check`
//! and through an ordinary command.

mod common;

use common::{Temp, fails, mlsal};
use mlsal::model::round_to;
use mlsal::tables::{Factor, Tables};

fn builtin() -> Tables {
    mlsal::data::load_embedded().unwrap()
}

fn multiplier(t: &Tables, factor: Factor, key: &str) -> f64 {
    let table = t.factor(factor);
    table.entries[table.find(key).unwrap()].multiplier
}

/// A location overlay with one entry, `key`, at `multiplier`: lines 4 to 12 are the entry,
/// the multiplier on line 8 at column 14.
fn city(key: &str, multiplier: &str) -> String {
    format!(
        "[sources]\nX = \"x\"\n\n[[entry]]\nkey = \"{key}\"\nlabel = \"{key} city\"\naliases = []\nmultiplier = {multiplier}\nsource = \"X\"\nconfidence = \"low\"\ncountry = \"PT\"\ncurrency = \"EUR\"\n"
    )
}

fn stdout(args: &[&str]) -> String {
    let out = mlsal().args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn low_mid_high(v: &serde_json::Value) -> [i64; 3] {
    ["low", "mid", "high"].map(|f| v[f].as_i64().unwrap())
}

// ------------------------------------------------------------------------------------------
// Where data comes from

#[test]
fn an_overlay_adds_a_city() {
    let dir = Temp::new("add");
    dir.write("location.toml", &city("lisbon", "0.6"));
    let v = common::json_2024(&["--data", dir.str(), "estimate", "-y", "4", "-c", "Lisbon", "-f", "json"]);
    assert_eq!(v["factors"][0]["key"], "lisbon");
    assert_eq!(v["multiplier"], 0.6);
    assert_eq!(low_mid_high(&v), [120_000.0, 140_000.0, 160_000.0].map(|b| round_to(b * 0.6, 1000)));
    // The built-in cities are all still there.
    let sf = common::json_2024(&["--data", dir.str(), "estimate", "-y", "4", "-c", "sf", "-f", "json"]);
    assert_eq!(sf["multiplier"], multiplier(&builtin(), Factor::Location, "sf"));
    // And without the overlay the city is unknown.
    fails(&["estimate", "--as-of", "2024", "-c", "lisbon"], 2);
}

#[test]
fn an_overlay_replaces_a_city_keeping_the_others() {
    let dir = Temp::new("replace");
    dir.write("location.toml", &city("sf", "2.0"));
    let v = common::json_2024(&["--data", dir.str(), "estimate", "-y", "4", "-c", "sf", "-f", "json"]);
    assert_eq!(v["multiplier"], 2.0);
    assert_eq!(v["factors"][0]["label"], "sf city");
    assert_eq!(low_mid_high(&v), [240_000, 280_000, 320_000]);
    // The replaced entry has only the aliases the overlay gives it.
    fails(&["--data", dir.str(), "estimate", "--as-of", "2024", "-c", "bay area"], 2);
    let nyc = common::json_2024(&["--data", dir.str(), "estimate", "-y", "4", "-c", "nyc", "-f", "json"]);
    assert_eq!(nyc["multiplier"], multiplier(&builtin(), Factor::Location, "nyc"));
}

/// The sf multiplier `mlsal estimate` uses with `cmd`'s environment.
fn sf_multiplier(cmd: &mut assert_cmd::Command) -> serde_json::Value {
    let out =
        cmd.args(["estimate", "--as-of", "2024", "-y", "4", "-c", "sf", "-f", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()[0]["multiplier"].clone()
}

#[test]
fn data_flag_then_mlsal_data_then_xdg_then_home_config() {
    let (flag, env, xdg, home) = (Temp::new("flag"), Temp::new("env"), Temp::new("xdg"), Temp::new("home"));
    flag.write("location.toml", &city("sf", "1.6"));
    env.write("location.toml", &city("sf", "1.7"));
    xdg.write("mlsal/location.toml", &city("sf", "1.8"));
    home.write(".config/mlsal/location.toml", &city("sf", "1.9"));
    let run = |data: Option<&Temp>, env_dir: Option<&Temp>, xdg_dir: Option<&Temp>| {
        let mut cmd = mlsal();
        cmd.env("HOME", home.path()).env("XDG_CONFIG_HOME", xdg_dir.map_or("", |d| d.str()));
        if let Some(d) = env_dir {
            cmd.env("MLSAL_DATA", d.path());
        }
        if let Some(d) = data {
            cmd.args(["--data", d.str()]);
        }
        sf_multiplier(&mut cmd)
    };
    assert_eq!(run(Some(&flag), Some(&env), Some(&xdg)), 1.6, "--data wins");
    assert_eq!(run(None, Some(&env), Some(&xdg)), 1.7, "then MLSAL_DATA");
    assert_eq!(run(None, None, Some(&xdg)), 1.8, "then $XDG_CONFIG_HOME/mlsal");
    assert_eq!(run(None, None, None), 1.9, "then ~/.config/mlsal");
    // An XDG directory without an mlsal folder means the built-in tables, not ~/.config.
    let empty = Temp::new("xdg-empty");
    let builtin_sf = multiplier(&builtin(), Factor::Location, "sf");
    assert_eq!(run(None, None, Some(&empty)), builtin_sf);
}

#[test]
fn data_path_prints_each_source_in_order() {
    let dir = Temp::new("path");
    dir.write("location.toml", &city("lisbon", "0.6")).write("README.md", "notes\n");
    let text = stdout(&["--data", dir.str(), "data", "path"]);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("1. built-in tables (embedded in the binary): bands.toml, "), "{text}");
    assert!(lines[0].contains("location.toml") && lines[0].contains("compensation.toml"), "{text}");
    assert_eq!(lines[1], format!("2. {} (from --data): location.toml", dir.str()));
    // Then the date of every table in use (tests/list.rs checks the block itself).
    assert_eq!(lines[2], "tables (as of, age)", "{text}");
    assert_eq!(lines.len(), 3 + builtin().dates().len(), "{text}");

    let out = mlsal().env("MLSAL_DATA", dir.path()).args(["data", "path"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(&format!("2. {} (from MLSAL_DATA): location.toml", dir.str())), "{text}");

    let xdg = Temp::new("path-xdg");
    xdg.write("mlsal/currencies.toml", "").write("mlsal/extra.toml", "");
    let out = mlsal().env("XDG_CONFIG_HOME", xdg.path()).args(["data", "path"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mlsal_dir = xdg.path().join("mlsal");
    assert!(
        text.contains(&format!("2. {} (from $XDG_CONFIG_HOME/mlsal): currencies.toml", mlsal_dir.display())),
        "{text}"
    );
    assert!(text.contains("not data files (an error when loading): extra.toml"), "{text}");

    let text = stdout(&["data", "path"]);
    assert!(text.lines().nth(1).unwrap().starts_with("no user data directory"), "{text}");
}

#[test]
fn a_missing_data_directory_is_an_error_naming_it() {
    let dir = Temp::new("missing");
    let gone = dir.path().join("nope");
    let gone = gone.to_str().unwrap();
    let err = fails(&["--data", gone, "estimate"], 2);
    assert_eq!(err, format!("mlsal: error: data directory `{gone}` (from --data) does not exist\n"));
    // After the command's name, or after `data`'s action, too; the later one wins.
    assert_eq!(fails(&["estimate", "--as-of", "2024", "--data", gone], 2), err);
    assert_eq!(fails(&["--data", ".", "list", "--data", gone], 2), err);
    assert!(
        mlsal()
            .args(["--data", gone, "data", "--data", "docs/example-data", "path"])
            .output()
            .unwrap()
            .status
            .success()
    );
    let out = mlsal().env("MLSAL_DATA", gone).args(["estimate", "--as-of", "2024"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err, format!("mlsal: error: data directory `{gone}` (from MLSAL_DATA) does not exist\n"));
    let err = fails(&["data", "check", gone], 2);
    assert!(err.contains(&format!("`{gone}` (from the command line) does not exist")), "{err}");
    let file = dir.path().join("file.toml");
    std::fs::write(&file, "").unwrap();
    let err = fails(&["--data", file.to_str().unwrap(), "list"], 2);
    assert!(err.contains("is not a directory"), "{err}");
}

// ------------------------------------------------------------------------------------------
// export and check

#[test]
fn export_writes_the_builtin_tables_and_they_check_clean() {
    let dir = Temp::new("export");
    let target = dir.path().join("new/data");
    let target = target.to_str().unwrap();
    let text = stdout(&["data", "export", target]);
    assert_eq!(text, format!("wrote {} files to {target}\n", mlsal::data::EMBEDDED.len()));
    for (name, contents) in mlsal::data::EMBEDDED {
        assert_eq!(std::fs::read_to_string(format!("{target}/{name}")).unwrap(), *contents, "{name}");
    }
    let text = stdout(&["data", "check", target]);
    assert!(
        text.starts_with(&format!("ok: the built-in tables overlaid with {target} (bands.toml, ")),
        "{text}"
    );
    // The exported files used as the data directory change nothing.
    let a = common::json_2024(&["estimate", "-y", "7", "-c", "london", "--total", "-f", "json"]);
    let mut b = common::json_2024(&[
        "--data", target, "estimate", "-y", "7", "-c", "london", "--total", "-f", "json",
    ]);
    // Only `data` says which tables (issue 31).
    assert_eq!((a["data"].as_str(), b["data"].as_str()), (Some("builtin"), Some(target)));
    b["data"] = a["data"].clone();
    assert_eq!(a, b);
}

#[test]
fn export_refuses_to_overwrite_without_force() {
    let dir = Temp::new("export-twice");
    dir.write("location.toml", "# mine\n").write("bands.toml", "# mine too\n");
    let err = fails(&["data", "export", dir.str()], 2);
    assert_eq!(
        err,
        format!(
            "mlsal: error: refusing to overwrite bands.toml, location.toml in `{}` (use --force to replace them)\n",
            dir.str()
        )
    );
    assert_eq!(std::fs::read_to_string(dir.path().join("location.toml")).unwrap(), "# mine\n");
    assert!(!dir.path().join("model.toml").exists(), "nothing is written when refusing");
    stdout(&["data", "export", dir.str(), "--force"]);
    let shipped = mlsal::data::EMBEDDED.iter().find(|(n, _)| *n == "location.toml").unwrap().1;
    assert_eq!(std::fs::read_to_string(dir.path().join("location.toml")).unwrap(), shipped);
}

#[test]
fn check_without_a_directory_checks_the_one_in_use() {
    let text = stdout(&["data", "check"]);
    assert!(
        text.starts_with("ok: the built-in tables are valid (no user data directory)\ntables (as of, age)\n"),
        "{text}"
    );
    let dir = Temp::new("check-env");
    dir.write("location.toml", &city("lisbon", "0"));
    let out = mlsal().env("MLSAL_DATA", dir.path()).args(["data", "check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text, format!("{}/location.toml:8:14: multiplier 0 is outside (0, 10]\n", dir.str()));
}

// ------------------------------------------------------------------------------------------
// Validation: every rule, with file, line and column, through `data check` and `estimate`.

const BANDS: &str = "as_of = \"2024\"\n[sources]\nA = \"a\"\n\n[[band]]\nlevel = \"entry\"\nlabel = \"E\"\nfrom_years = 0.0\nto_years = 2.0\nlow = 90000\nhigh = 120000\nsource = \"A\"\nconfidence = \"low\"\n\n[[band]]\nlevel = \"mid\"\nlabel = \"M\"\nfrom_years = 3.0\nto_years = 60.0\nlow = 120000\nhigh = 160000\nsource = \"A\"\nconfidence = \"low\"\n";

const RATES: &str = "as_of = \"2024-06-28\"\nsource = \"S23\"\n\n[[entry]]\ncode = \"NOK\"\nname = \"Norwegian krone\"\nper_usd = 10.6\n";

const PAY: &str = "[[entry]]\nlevel = \"mid\"\ncompany_size = \"large\"\nbonus_pct = 12.0\nequity = 0.3\nsource = \"S17\"\nconfidence = \"low\"\n";

/// One bad file, and the one problem it must produce: `file:line:col: message`, where the
/// message is matched in full unless it ends with `...`.
struct Case {
    file: &'static str,
    text: String,
    at: &'static str,
    message: &'static str,
}

fn case(file: &'static str, text: impl Into<String>, at: &'static str, message: &'static str) -> Case {
    Case { file, text: text.into(), at, message }
}

fn cases() -> Vec<Case> {
    let lisbon = city("lisbon", "0.6");
    let second = |key: &str, aliases: &str| {
        format!(
            "\n[[entry]]\nkey = \"{key}\"\nlabel = \"L\"\naliases = {aliases}\nmultiplier = 1.0\nsource = \"X\"\nconfidence = \"low\"\ncountry = \"PT\"\ncurrency = \"EUR\"\n"
        )
    };
    vec![
        case(
            "location.toml",
            lisbon.replace("confidence", "colour = \"red\"\nconfidence"),
            "10:1",
            "unknown field `colour`, expected one of `key`, ...",
        ),
        case(
            "location.toml",
            format!("{lisbon}{}", second("lisbon", "[]")),
            "15:7",
            "duplicate key `lisbon` (first at line 5)",
        ),
        case(
            "location.toml",
            format!(
                "{}{}",
                lisbon.replace("aliases = []", "aliases = [\"lisboa\"]"),
                second("porto", "[\"Lisboa\"]")
            ),
            "17:12",
            "duplicate alias `Lisboa` of `porto`: already a name of `lisbon`",
        ),
        case(
            "location.toml",
            lisbon.replace("aliases = []", "aliases = [\"Bay Area\"]"),
            "7:12",
            "duplicate alias `Bay Area` of `lisbon`: already a name of built-in entry `sf`",
        ),
        case("location.toml", city("lisbon", "nan"), "8:14", "multiplier must be a finite number, not NaN"),
        case("location.toml", city("lisbon", "inf"), "8:14", "multiplier must be a finite number, not inf"),
        case("location.toml", city("lisbon", "0"), "8:14", "multiplier 0 is outside (0, 10]"),
        case("location.toml", city("lisbon", "-0.5"), "8:14", "multiplier -0.5 is outside (0, 10]"),
        case("location.toml", city("lisbon", "10.5"), "8:14", "multiplier 10.5 is outside (0, 10]"),
        case("location.toml", lisbon.replace("source = \"X\"\n", ""), "4:1", "missing field `source`"),
        case(
            "location.toml",
            lisbon.replace("source = \"X\"", "source = \"X, S99\""),
            "9:10",
            "source `S99` is not defined in [sources]",
        ),
        case(
            "location.toml",
            lisbon.replace("EUR", "NOK"),
            "12:12",
            "currency `NOK` of location `lisbon` is not in currencies.toml: add its rate there",
        ),
        case(
            "education.toml",
            "default = \"bootcamp-only\"\n",
            "1:11",
            "default `bootcamp-only` is not an entry of education.toml",
        ),
        case(
            "bands.toml",
            BANDS.replace("from_years = 3.0", "from_years = 1.5"),
            "18:14",
            "band `mid` overlaps `entry`: it starts at 1.5 years, before `entry` ends at 2",
        ),
        case(
            "bands.toml",
            BANDS.replace("to_years = 60.0", "to_years = 5.0")
                + "\n[[band]]\nlevel = \"senior\"\nlabel = \"S\"\nfrom_years = 2.5\nto_years = 60.0\nlow = 160000\nhigh = 200000\nsource = \"A\"\nconfidence = \"low\"\n",
            "25:1",
            "band `senior` is out of order: it starts before `mid`",
        ),
        case(
            "bands.toml",
            BANDS.replace("to_years = 60.0", "to_years = 5.0"),
            "19:12",
            "the last band `mid` ends at 5 years: the bands must reach 60 (the most --years accepts)",
        ),
        case(
            "bands.toml",
            BANDS.replace("low = 90000", "low = 130000"),
            "10:7",
            "band `entry`: low 130000 must be positive and at most high 120000",
        ),
        case("industry.toml", "[[entry]\nkey = \"x\"\n", "1:9", "unclosed array table, expected `]`"),
        case(
            "salaries.toml",
            "x = 1\n",
            "1:1",
            "unknown data file `salaries.toml` (expected one of: bands.toml, ...",
        ),
        case(
            "currencies.toml",
            RATES.replace("2024-06-28", "June 2024"),
            "1:9",
            "as_of `June 2024` is not a date: write YYYY-MM-DD, like `as_of = \"2024-06-28\"`",
        ),
        case(
            "currencies.toml",
            RATES.replace("10.6", "0"),
            "7:11",
            "per_usd 0 is outside [0.0001, 1000000]: units of NOK per US dollar",
        ),
        case(
            "currencies.toml",
            RATES.replace("10.6", "nan"),
            "7:11",
            "per_usd must be a finite number, not NaN",
        ),
        case(
            "currencies.toml",
            format!("{RATES}\n[[entry]]\ncode = \"nok\"\nname = \"krone\"\nper_usd = 10.0\n"),
            "10:8",
            "duplicate currency `NOK` (first at line 5)",
        ),
        case("currencies.toml", RATES.replace("source = \"S23\"\n", ""), "1:1", "missing `source`"),
        case(
            "compensation.toml",
            PAY.replace("12.0", "120.0"),
            "4:13",
            "bonus_pct 120 is outside [0, 100] (a percentage of base)",
        ),
        case(
            "compensation.toml",
            PAY.replace("0.3", "-1.0"),
            "5:10",
            "equity -1 is outside [0, 10] (yearly equity / base: 0.28 is 28% of base)",
        ),
        case(
            "compensation.toml",
            PAY.replace("0.3", "\"lots\""),
            "5:10",
            "equity must be a number (yearly equity / base) or `\"options\"`, not `\"lots\"`",
        ),
        case(
            "compensation.toml",
            PAY.replace("\"mid\"", "\"midd\""),
            "2:9",
            "unknown level `midd`: did you mean `mid`? (levels: entry, mid, senior)",
        ),
        case(
            "compensation.toml",
            format!("{PAY}\n{PAY}"),
            "9:1",
            "duplicate row for level `mid`, company size `large` (first at line 1)",
        ),
    ]
}

fn matches(line: &str, want: &str) -> bool {
    match want.strip_suffix("...") {
        Some(prefix) => line.starts_with(prefix),
        None => line == want,
    }
}

#[test]
fn every_validation_rule_is_reported_with_file_line_and_column_by_check_and_estimate() {
    for c in cases() {
        let dir = Temp::new("rule");
        dir.write(c.file, &c.text);
        let want = format!("{}/{}:{}: {}", dir.str(), c.file, c.at, c.message);

        let out = mlsal().args(["data", "check", dir.str()]).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let problems: Vec<&str> = text.lines().filter(|l| !l.starts_with("    ")).collect();
        assert_eq!(out.status.code(), Some(1), "{want}\n{text}");
        assert_eq!(problems.len(), 1, "one problem expected for {want}:\n{text}");
        assert!(matches(problems[0], &want), "check:\n got {}\nwant {want}", problems[0]);
        assert_eq!(String::from_utf8(out.stderr).unwrap(), "mlsal: error: 1 problem found in the data\n");

        let err = fails(&["--data", dir.str(), "estimate", "--as-of", "2024", "-y", "4"], 2);
        assert_eq!(err.lines().count(), 1, "{err}");
        let line = err.trim_end().strip_prefix("mlsal: error: ").unwrap();
        assert!(matches(line, &want), "estimate:\n got {line}\nwant {want}");
    }
}

#[test]
fn malformed_toml_shows_tomls_excerpt_and_caret_in_check() {
    let dir = Temp::new("caret");
    dir.write("industry.toml", "[[entry]\nkey = \"x\"\n");
    let out = mlsal().args(["data", "check", dir.str()]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], format!("{}/industry.toml:1:9: unclosed array table, expected `]`", dir.str()));
    assert_eq!(&lines[1..], ["      |", "    1 | [[entry]", "      |         ^"], "{text}");
}

#[test]
fn a_new_company_size_needs_its_total_pay_rows() {
    let dir = Temp::new("size");
    dir.write(
        "company_size.toml",
        "[[entry]]\nkey = \"scaleup\"\nlabel = \"Scale-up\"\nmultiplier = 1.05\nsource = \"S15\"\nconfidence = \"low\"\n",
    );
    let out = mlsal().args(["data", "check", dir.str()]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text,
        format!(
            "{}/company_size.toml:2:7: company size `scaleup` has no row in compensation.toml: --total needs one for each level (`entry`, `mid`, `senior`)\n",
            dir.str()
        )
    );
    let rows: String = ["entry", "mid", "senior"]
        .iter()
        .map(|l| format!("[[entry]]\nlevel = \"{l}\"\ncompany_size = \"scaleup\"\nbonus_pct = 8\nequity = 0.2\nsource = \"S17\"\nconfidence = \"low\"\n\n"))
        .collect();
    dir.write("compensation.toml", &rows);
    stdout(&["data", "check", dir.str()]);
    let v = common::json(&[
        "--data",
        dir.str(),
        "estimate",
        "-l",
        "mid",
        "-z",
        "scaleup",
        "--total",
        "-f",
        "json",
    ]);
    assert_eq!(v["bonus"]["pct"], 8.0);
    assert_eq!(v["equity"]["share"], 0.2);
}

#[test]
fn several_problems_are_all_listed_grouped_by_file() {
    let dir = Temp::new("many");
    dir.write("location.toml", &city("lisbon", "0"))
        .write("education.toml", "default = \"none-such\"\n")
        .write("currencies.toml", &RATES.replace("10.6", "-2"));
    let out = mlsal().args(["data", "check", dir.str()]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let files: Vec<&str> =
        text.lines().map(|l| l.rsplit_once('/').unwrap().1.split(':').next().unwrap()).collect();
    assert_eq!(files, ["currencies.toml", "education.toml", "location.toml"], "{text}");
    assert_eq!(String::from_utf8(out.stderr).unwrap(), "mlsal: error: 3 problems found in the data\n");
}

#[test]
fn data_without_an_action_is_a_one_line_usage_error() {
    let err = fails(&["data"], 2);
    assert_eq!(
        err,
        "mlsal: error: `mlsal data` needs an action (one of: export, check, path)\nhint: try `mlsal data --help`\n"
    );
    let err = fails(&["data", "chek"], 2);
    assert!(err.contains("`chek`") && err.contains("hint: a similar subcommand exists: `check`"), "{err}");
}

#[test]
fn broken_user_data_does_not_lock_out_completions_man_or_data_check() {
    for args in [&["completions", "bash"][..], &["man"]] {
        let out = mlsal().env("MLSAL_DATA", "/nonexistent/mlsal-data").args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(!out.stdout.is_empty());
    }
    let out = mlsal()
        .env("MLSAL_DATA", "/nonexistent/mlsal-data")
        .args(["estimate", "--as-of", "2024"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "commands that use the data still refuse it");
}

#[test]
fn misnamed_and_unreadable_data_files_are_reported_not_skipped() {
    let dir = Temp::new("names");
    dir.write("locations.toml", "").write("Industry.TOML", "");
    let out = mlsal().args(["data", "check"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("unknown data file `locations.toml`: did you mean `location.toml`?"), "{text}");
    assert!(text.contains("unknown data file `Industry.TOML`: did you mean `industry.toml`?"), "{text}");

    let dangling = Temp::new("dangling");
    std::os::unix::fs::symlink("/nonexistent/mlsal-target", dangling.path().join("location.toml")).unwrap();
    let out = mlsal().args(["--data", dangling.str(), "estimate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("mlsal: error: ") && err.contains("location.toml"), "{err}");
}

#[test]
fn list_csv_carries_country_currency_and_area_code() {
    let out = mlsal().args(["list", "location", "-f", "csv"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().next().unwrap().ends_with(",country,currency,area_code,as_of"), "{text}");
    let as_of = builtin().factor(Factor::Location).as_of.clone();
    assert!(
        text.lines().any(|l| l.starts_with("location,london,") && l.ends_with(&format!(",GB,GBP,,{as_of}"))),
        "{text}"
    );
    assert!(
        text.lines().any(|l| l.starts_with("location,sf,") && l.ends_with(&format!(",US,USD,41860,{as_of}"))),
        "{text}"
    );
}

/// `data check` passes with old tables, and warns about each on stderr (not with --quiet).
#[test]
fn check_warns_about_tables_over_three_years_old_without_failing() {
    let out = mlsal().env("SOURCE_DATE_EPOCH", "1795910400").args(["data", "check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\n  education       2019                   7 years, over 3 years\n"), "{text}");
    assert!(text.contains("\n  market          2025-01-19 to 2025-05  1 year\n"), "{text}");
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "mlsal: warning: education.toml is dated 2019, 7 years old: over 3 years, its figures may be out of date\n\
         mlsal: warning: industry.toml is dated 2021, 5 years old: over 3 years, its figures may be out of date\n"
    );
    let out = mlsal().env("SOURCE_DATE_EPOCH", "1795910400").args(["data", "check", "-q"]).output().unwrap();
    assert_eq!((out.status.code(), out.stderr.len()), (Some(0), 0));
    // A user's fresher table is not warned about.
    let dir = Temp::new("check-fresh");
    dir.write("education.toml", "as_of = \"2026\"\n");
    let out =
        mlsal().env("SOURCE_DATE_EPOCH", "1795910400").args(["data", "check", dir.str()]).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains("education.toml") && err.contains("industry.toml"), "{err}");
    // The market table is aged by its survey's date: over three years old by mid 2028.
    let out = mlsal().env("SOURCE_DATE_EPOCH", "1843430400").args(["data", "check"]).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("mlsal: warning: market.toml is dated 2025-01-19 to 2025-05, 3 years old: over 3 years"),
        "{err}"
    );
}

#[test]
fn data_path_with_broken_data_points_to_check() {
    let dir = Temp::new("path-broken");
    dir.write("location.toml", &city("lisbon", "0"));
    let text = stdout(&["--data", dir.str(), "data", "path"]);
    assert!(text.ends_with("the tables do not load: `mlsal data check` lists the problems\n"), "{text}");
}

/// Issue 19: a problem that a user's file causes against the built-in tables is reported in
/// the user's file, at the line that caused it, naming the built-in entry; once per cause.
#[test]
fn a_clash_with_the_builtin_tables_points_into_the_users_file_once() {
    let aurora = city("aurora", "1.0").replace("PT", "US").replace("EUR", "USD");
    let wages = "[[entry]]\nyear = 1990\nchange_pct = 4.0\nperiod = \"12 months to December 1990\"\nstatus = \"final\"\nsource = \"S24\"\nconfidence = \"medium\"\n";
    let staff = format!(
        "{}\n[[band]]\nlevel = \"staff\"\nlabel = \"S\"\nfrom_years = 10.0\nto_years = 60.0\nlow = 200000\nhigh = 260000\nsource = \"A\"\nconfidence = \"low\"\n",
        BANDS.replace("to_years = 60.0", "to_years = 10.0")
    );
    let bellevue = city("sf", "1.5").replace("aliases = []", "aliases = [\"Bellevue\"]");
    let cases = [
        (
            "location.toml",
            aurora,
            "5:7: key `aurora` is a built-in ambiguous name (it could be `chicago` or `denver`): typed alone it would be an error; use another name",
        ),
        (
            "location.toml",
            bellevue,
            "7:12: duplicate alias `Bellevue` of `sf`: already a name of built-in entry `seattle`",
        ),
        (
            "education.toml",
            "default = \"master\"\n".to_string(),
            "1:11: default `master` is the built-in entry of multiplier 1.15: the default must have 1.0",
        ),
        (
            "wages.toml",
            wages.to_string(),
            "2:8: no figure for 1991 to 2022, between 1990 and the built-in year 2023: every year must have one",
        ),
        (
            "bands.toml",
            staff,
            "26:9: level `staff` has no row in compensation.toml: --total needs one for each company size (`any`, `startup`, `small`, `midsize`, `large`, `big-tech`)",
        ),
    ];
    for (file, text, want) in cases {
        let dir = Temp::new("clash");
        dir.write(file, &text);
        let want = format!("{}/{file}:{want}", dir.str());
        let out = mlsal().args(["data", "check", dir.str()]).env("RUST_BACKTRACE", "1").output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let problems: Vec<&str> = text.lines().filter(|l| !l.starts_with("    ")).collect();
        assert_eq!(out.status.code(), Some(1), "{want}\n{text}");
        assert_eq!(problems, [want.as_str()], "{text}");
        assert!(!text.contains("<built-in>"), "{text}");
        let err = fails(&["--data", dir.str(), "estimate", "--as-of", "2024", "-y", "4"], 2);
        assert_eq!(err, format!("mlsal: error: {want}\n"));
    }
}

/// A US place of one's own data is found with its state, read from its label as BLS writes
/// an area (`Boise City, ID`); with another state it is not that place.
#[test]
fn an_overlay_city_is_found_with_its_state() {
    let dir = Temp::new("boise");
    let boise = city("boise", "0.9")
        .replace("boise city", "Boise City, ID")
        .replace("PT", "US")
        .replace("EUR", "USD");
    dir.write("location.toml", &boise);
    for typed in ["Boise, ID", "boise idaho", "boise city id", "boise"] {
        let v = common::json_2024(&["--data", dir.str(), "estimate", "-y", "4", "-c", typed, "-f", "json"]);
        assert_eq!(v["factors"][0]["key"], "boise", "{typed}");
    }
    let err = fails(&["--data", dir.str(), "estimate", "--as-of", "2024", "-y", "4", "-c", "boise or"], 2);
    assert!(err.contains("location `boise or` is not covered: in Oregon, mlsal has `portland`"), "{err}");
}

/// Configuration said (issue 31): with user tables the run says so once on stderr (not with
/// `-q`), and `--data builtin` (or `MLSAL_DATA=builtin`) forces the built-in tables whatever
/// the configuration directory holds.
#[test]
fn user_tables_are_said_and_builtin_forces_the_shipped_ones() {
    let config = Temp::new("said");
    std::fs::create_dir_all(config.path().join("mlsal")).unwrap();
    std::fs::write(
        config.path().join("mlsal/currencies.toml"),
        "as_of = \"2000-01-01\"\nsource = \"S23\"\n\n[[entry]]\ncode = \"GBP\"\nname = \"pound\"\nper_usd = 0.5\n",
    )
    .unwrap();
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let out = mlsal()
            .env("XDG_CONFIG_HOME", config.path())
            .envs(env.iter().copied())
            .args(args)
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
    };
    let est = ["estimate", "-y", "4", "--currency", "GBP", "-f", "json"];
    let (code, mine, err) = run(&est, &[]);
    if code != Some(0) {
        // An overlay this test's tables refuse says so; what matters is below.
        panic!("{err}");
    }
    assert_eq!(err.matches("mlsal: note: using your tables in").count(), 1, "{err}");
    assert!(err.contains("(from $XDG_CONFIG_HOME/mlsal)"), "{err}");
    let (_, _, quiet) = run(&[&est[..], &["-q"]].concat(), &[]);
    assert_eq!(quiet, "");
    let (code, builtin, err) = run(&[&est[..], &["--data", "builtin"]].concat(), &[]);
    assert_eq!(code, Some(0));
    assert!(!err.contains("note"), "{err}");
    assert_ne!(mine, builtin, "the user's table changed the result");
    let (_, from_env, err) = run(&est, &[("MLSAL_DATA", "builtin")]);
    assert_eq!(from_env, builtin);
    assert!(!err.contains("note"), "{err}");
    let shipped =
        common::stdout(&["--data", "builtin", "estimate", "-y", "4", "--currency", "GBP", "-f", "json"]);
    assert_eq!(builtin, shipped);
}

/// `data path --format json`: the built-in files, the user directory in use (or `null`) and the
/// configuration directory, as one object (issue 31).
#[test]
fn data_path_speaks_json() {
    let dir = Temp::new("path-json");
    dir.write("location.toml", "");
    dir.write("notes.txt", "");
    let v = common::json(&["data", "path", "--data", dir.str(), "-f", "json"]);
    assert!(v["builtin"].as_array().unwrap().iter().any(|f| f == "location.toml"), "{v}");
    assert_eq!(v["user"]["path"], dir.str());
    assert_eq!(v["user"]["from"], "--data");
    assert_eq!(v["user"]["files"], serde_json::json!(["location.toml"]));
    let v = common::json(&["data", "path", "--data", "builtin", "-f", "json"]);
    assert!(v["user"].is_null(), "{v}");
}
