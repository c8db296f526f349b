//! What a hostile user tries (issue 10): each class of defect, with a test that would catch
//! it again.

mod common;

use common::fails;

/// `mlsal list >&-`: the results cannot be written, so it must not report success. A reader
/// that went away is another matter (tests/pipes.rs): that stays quiet with 0.
#[cfg(target_os = "linux")]
#[test]
fn a_closed_stdout_is_an_error() {
    let bin = assert_cmd::cargo::cargo_bin("mlsal");
    for args in ["list", "estimate --years 4", "--help", "man"] {
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("exec \"$0\" {args} >&-"))
            .arg(&bin)
            .env("RUST_BACKTRACE", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args}: {stderr}");
        assert!(stderr.starts_with("mlsal: error: standard output is closed"), "{args}: {stderr}");
    }
    // A usage error is still a usage error (exit 2, on stderr).
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg("exec \"$0\" estimate --bogus >&-")
        .arg(&bin)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    // Redirected to /dev/null is a choice, not a loss: write-only (a shell's `>`, Rust's
    // `Stdio::null`) or read-write (`1<>`, Python's `subprocess.DEVNULL`), which is how
    // Rust's runtime reopens a closed descriptor too, so only the start can tell them apart.
    let out =
        std::process::Command::new(&bin).arg("list").stdout(std::process::Stdio::null()).output().unwrap();
    assert!(out.status.success());
    let null = std::fs::OpenOptions::new().read(true).write(true).open("/dev/null").unwrap();
    let out =
        std::process::Command::new(&bin).args(["estimate", "--years", "4"]).stdout(null).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// A suggestion for a long value is no suggestion, and costs nothing: the value is quoted
/// back cut short, on one line.
#[test]
fn long_values_are_refused_without_a_far_fetched_suggestion() {
    let junk = "seattle".repeat(10_000);
    let err = fails(&["estimate", "--years", "4", "--city", &junk], 2);
    assert!(!err.contains("did you mean"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.len() < 300, "{err}");
    let err = fails(&["estimate", "--years", "4", "--currency", &junk], 2);
    assert!(!err.contains("did you mean"), "{err}");
}

/// `offer` shows the amount it compares, and its verdict, position and gap agree with the
/// numbers printed beside them, however close to an edge.
#[test]
fn offer_never_contradicts_itself() {
    let text = |amount: &str| {
        let out = common::mlsal().args(["offer", amount, "--years", "4", "--city", "sf"]).output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let est = common::json(&["estimate", "--years", "4", "--city", "sf", "-f", "json"]);
    let (low, mid, high) =
        (est["low"].as_i64().unwrap(), est["mid"].as_i64().unwrap(), est["high"].as_i64().unwrap());
    let cases = [
        // Outside the range the text says how far from the nearer end, never a percentage of
        // the range's width (JSON's `position_pct` keeps that).
        (
            format!("{}.99", low - 1),
            "below",
            "below the low end by $0.01\n",
            format!("{:.2} below", (mid - low) as f64 + 0.01),
        ),
        (format!("{low}"), "within", "0.0%  (", format!("{} below", mid - low)),
        (
            format!("{}.01", high),
            "above",
            "above the high end by $0.01\n",
            format!("{:.2} above", (high - mid) as f64 + 0.01),
        ),
    ];
    for (amount, verdict, position, gap) in cases {
        let out = text(&amount);
        let shown = amount.parse::<f64>().unwrap();
        let shown = format!("${}", thousands_exact(shown));
        assert!(out.starts_with(&format!("An offer of {shown} is {verdict} the estimated range.")), "{out}");
        assert!(out.contains(&format!("position  {position}")), "{amount}: {out}");
        let gap_amount: f64 = gap.split(' ').next().unwrap().parse().unwrap();
        let gap_word = gap.split(' ').nth(1).unwrap();
        assert!(
            out.contains(&format!("gap       ${} {gap_word} the mid", thousands_exact(gap_amount))),
            "{amount}: {out}"
        );
    }
}

/// `1234567.5` -> `1,234,567.50`; whole amounts without cents.
fn thousands_exact(x: f64) -> String {
    let cents = (x * 100.0).round() as i64;
    let digits = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if cents % 100 == 0 { grouped } else { format!("{grouped}.{:02}", cents % 100) }
}

/// `compare` prices the years it prints exactly as `estimate` does, including years that a
/// range step produces (`2..3:0.33333` ends on 2.99999, which is 3 years).
#[test]
fn compare_prints_what_estimate_prints_for_stepped_years() {
    for (range, step) in [("0..6:0.33333", 0.33333), ("2..3:0.1", 0.1), ("1..5:0.7", 0.7), ("0..60:7.5", 7.5)]
    {
        let out = common::mlsal().args(["compare", "--years", range, "-f", "csv"]).output().unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        let rows: Vec<&str> = text.lines().skip(1).collect();
        let from: f64 = range.split("..").next().unwrap().parse().unwrap();
        for (i, row) in rows.iter().enumerate() {
            let typed = format!("{}", from + i as f64 * step);
            let est = common::mlsal().args(["estimate", "--years", &typed, "-f", "csv"]).output().unwrap();
            let est = String::from_utf8(est.stdout).unwrap();
            assert_eq!(est.lines().nth(1).unwrap(), *row, "{range}: row {i}, estimate --years {typed}");
        }
    }
}

fn text(args: &[&str]) -> String {
    let out = common::mlsal().args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The words say what the numbers say: a blend of 0.4% is not "0%", a multiplier reads the
/// same wherever it is shown (two decimals, more only where the value has them: `x1.18` in a
/// column beside `x1.357`, as in `list`), and a loss is never "-0.0%".
#[test]
fn wording_matches_the_numbers() {
    assert!(text(&["estimate", "--years", "2.004"]).contains("blended 0.4% of the way"));
    assert!(text(&["estimate", "--years", "2.0001"]).contains("blended 0.01% of the way"));
    assert!(text(&["estimate", "--years", "2.5"]).contains("blended 50% of the way"));
    // At the bands' own year: no wage-growth line among the multipliers.
    let est = text(&["estimate", "--years", "4", "--city", "nyc", "-e", "master", "--as-of", "2024"]);
    let decimals: Vec<usize> = est
        .split_whitespace()
        .filter_map(|w| w.strip_prefix('x').filter(|n| n.parse::<f64>().is_ok()))
        .map(|n| n.split('.').nth(1).map_or(0, str::len))
        .collect();
    assert_eq!(decimals.len(), 6, "{est}");
    assert!(decimals.iter().all(|d| (2..=4).contains(d)), "{est}");
    assert!(est.contains("x1.18 ") && est.contains("x1.357"), "{est}");
    assert!(text(&["list", "location"]).contains("x1.18 "));
    let with_year = text(&["estimate", "--years", "4", "--city", "nyc", "-e", "master", "--as-of", "2026"]);
    assert!(with_year.contains("x1.18 ") && with_year.contains("x1.068 "), "{with_year}");
    for args in [
        &["whatif", "--years", "4", "--all"][..],
        &["whatif", "--level", "senior", "--city", "sf", "--all", "--round", "1"],
    ] {
        let out = text(args);
        assert!(!out.contains("-0.0%") && !out.contains("-0%"), "{out}");
    }
}

/// Named values are matched ignoring case, like every other value mlsal reads.
#[test]
fn choices_ignore_case() {
    let json = text(&["estimate", "-y", "4", "-f", "JSON"]);
    assert!(json.starts_with("[\n  {\n"), "{json}");
    let csv = text(&["estimate", "-y", "4", "-f", "Csv", "--bands", "Market", "--color", "NEVER"]);
    assert!(csv.starts_with("level,years,") && csv.contains(",market"), "{csv}");
    let out = common::mlsal()
        .args(["batch", "--input-format", "JSONL", "-f", "TSV"])
        .write_stdin("{\"years\":4}\n")
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("years\t"));
    assert!(text(&["compare", "-y", "1,8", "--sort", "MID"]).contains("senior"));
    assert!(text(&["completions", "Bash"]).contains("_mlsal"));
}

/// `list bands` says the same in CSV as in JSON: the note too.
#[test]
fn list_bands_csv_has_every_json_field() {
    let json = common::json(&["list", "bands", "-f", "json"]);
    let keys: Vec<String> = json[0].as_object().unwrap().keys().cloned().collect();
    let csv = text(&["list", "bands", "-f", "csv"]);
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    // Every key but `data`, which tables, said in JSON only.
    for key in keys.into_iter().filter(|k| k != "data") {
        assert!(header.contains(&key.as_str()), "CSV lacks `{key}`: {header:?}");
    }
}

/// A malformed `SOURCE_DATE_EPOCH` is an error naming it, not a silent fall-back to the
/// clock (the reproducible-builds convention); empty is unset.
#[test]
fn a_malformed_source_date_epoch_is_an_error() {
    for bad in ["abc", "-5", "1.5e9", "99999999999999"] {
        let out = common::mlsal()
            .env("SOURCE_DATE_EPOCH", bad)
            .args(["estimate", "--years", "4"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{bad}: {stderr}");
        assert!(out.stdout.is_empty(), "{bad}");
        assert!(
            stderr
                .starts_with(&format!("mlsal: error: SOURCE_DATE_EPOCH is `{bad}`: expected whole seconds")),
            "{stderr}"
        );
        assert!(!stderr.contains("backtrace"), "{stderr}");
    }
    for good in ["", " ", "1795910400", " 1795910400 "] {
        let out = common::mlsal().env("SOURCE_DATE_EPOCH", good).args(["list", "tables"]).output().unwrap();
        assert!(out.status.success(), "{good:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    // Help, man pages and completions print no date, so they do not read it.
    for args in [&["--help"][..], &["man"], &["completions", "bash"], &["help", "estimate"]] {
        let out = common::mlsal().env("SOURCE_DATE_EPOCH", "abc").args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

/// The key `estimate --city CITY` prices.
fn location_of(city: &str) -> String {
    let v = common::json(&["estimate", "--years", "4", "--city", city, "-f", "json"]);
    v["factors"][0]["key"].as_str().unwrap().to_string()
}

/// Issue 19: a no-break space pasted from a web page or a spreadsheet, and every other Unicode
/// space, is a space.
#[test]
fn unicode_spaces_are_spaces() {
    for (city, key) in [
        ("san\u{a0}francisco", "sf"),
        ("San\u{2009}Jose", "san-jose"),
        ("\u{feff}sf\u{200b}", "sf"),
        ("new\u{3000}york", "nyc"),
        ("Portland,\u{a0}OR", "portland"),
        ("salt\u{202f}lake\u{2007}city", "salt-lake-city"),
    ] {
        assert_eq!(location_of(city), key, "{city:?}");
    }
    let run = common::batch(&["-f", "jsonl"], "{\"city\":\"durham\\u00a0nc\",\"years\":4}\n");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let row: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let durham = common::json(&["estimate", "--years", "4", "--city", "durham", "-f", "json"]);
    assert_eq!((&row["multiplier"], &row["error"]), (&durham["multiplier"], &serde_json::Value::Null));
}

/// `City, ST` and `City ST` resolve for every US metro, by its first principal city and the
/// state it is in (the first of its BLS title); a bare name of one metro keeps resolving.
#[test]
fn a_city_with_its_state_resolves() {
    for (city, key) in [
        ("Portland, OR", "portland"),
        ("portland or", "portland"),
        ("durham nc", "durham"),
        ("Columbus, OH", "columbus"),
        ("portland", "portland"),
        ("columbus", "columbus"),
        ("Columbus, Ohio", "columbus"),
        ("vancouver wa", "portland"),
        ("Glendale, AZ", "phoenix"),
        ("arlington texas", "dallas"),
        ("St. Louis, MO", "st-louis"),
        ("london, uk", "london"),
        ("Portland, OR, USA", "portland"),
        // A name of two metros with the state of one of them is that one.
        ("concord ca", "sf"),
        ("Concord, NC", "charlotte"),
        ("aurora, colorado", "denver"),
    ] {
        assert_eq!(location_of(city), key, "{city}");
    }
    let list = common::json(&["list", "location", "-f", "json"]);
    let mut checked = 0;
    for e in list.as_array().unwrap().iter().filter(|e| e["area_code"].is_string()) {
        let (cities, states) = e["label"].as_str().unwrap().rsplit_once(", ").unwrap();
        let (city, state) = (cities.split('-').next().unwrap(), states.split('-').next().unwrap());
        for typed in [format!("{city}, {state}"), format!("{} {}", city.to_lowercase(), state.to_lowercase())]
        {
            assert_eq!(location_of(&typed), e["key"].as_str().unwrap(), "{typed}");
        }
        checked += 1;
    }
    assert_eq!(checked, 50);
}

/// In `compare`'s comma lists too: the comma of `Portland, OR` does not split the place, and a
/// state that is a place's key or alias (`us`, `washington`) stays a place of its own.
#[test]
fn compare_lists_keep_a_place_with_its_state() {
    let rows =
        common::json(&["compare", "--years", "4", "--city", "Portland, OR,nyc,us,washington", "-f", "json"]);
    let keys: Vec<&str> =
        rows.as_array().unwrap().iter().map(|r| r["profile"]["location"].as_str().unwrap()).collect();
    assert_eq!(keys, ["portland", "nyc", "us", "dc"]);
    let err = fails(&["compare", "--years", "4", "--city", "sf, texas"], 2);
    assert!(err.contains("location `sf, texas` is not covered: in Texas, mlsal has `dallas`"), "{err}");
}

/// A state or country that is given is respected: `portland me` is not Portland, Oregon, and
/// `cambridge uk` is not Boston; only places in that state or country are suggested.
#[test]
fn a_given_state_or_country_is_respected() {
    let err = fails(&["estimate", "--years", "4", "--city", "portland me"], 2);
    assert_eq!(
        err,
        "mlsal: error: location `portland me` is not covered: mlsal has no place in Maine (all choices: `mlsal list location`)\n"
    );
    let err = fails(&["estimate", "--years", "4", "--city", "cambridge uk"], 2);
    assert_eq!(
        err,
        "mlsal: error: location `cambridge uk` is not covered: in the UK, mlsal has `london` (all choices: `mlsal list location`)\n"
    );
    let err = fails(&["estimate", "--years", "4", "--city", "Vancouver, BC"], 2);
    assert!(err.contains("is not covered: in Canada, mlsal has `toronto`"), "{err}");
    let err = fails(&["estimate", "--years", "4", "--city", "paris tx"], 2);
    assert!(err.contains("in Texas, mlsal has `dallas`, `austin`, `houston`, `san-antonio`"), "{err}");
    assert!(!err.contains("`paris`"), "{err}");
    // A state or country alone is no place.
    let err = fails(&["estimate", "--years", "4", "--city", "oregon"], 2);
    assert!(
        err.contains("location `oregon` is Oregon, not a place in it: in Oregon, mlsal has `portland`"),
        "{err}"
    );
    let err = fails(&["estimate", "--years", "4", "--city", "research triangle nc"], 2);
    assert!(err.contains("it could be `durham` (Durham-Chapel Hill, NC) or `raleigh`"), "{err}");
    let err = fails(&["estimate", "--years", "4", "--city", "concord nh"], 2);
    assert!(err.contains("is not covered: in New Hampshire, mlsal has `boston`"), "{err}");
    let err = fails(&["estimate", "--years", "4", "--city", "seatle wa"], 2);
    assert!(err.contains("did you mean `seattle`, in Washington?"), "{err}");
}

/// A bare name that is a covered US city and a well-known city abroad names both readings
/// and how to pick the covered one, rather than guessing either.
#[test]
fn a_name_shared_with_a_city_abroad_names_both() {
    let err = fails(&["estimate", "--years", "4", "--city", "vancouver"], 2);
    assert_eq!(
        err,
        "mlsal: error: ambiguous location `vancouver`: it could be Vancouver, WA, in `portland` (Portland-Vancouver-Hillsboro, OR-WA), or Vancouver, BC, Canada, which mlsal does not cover; for Vancouver, WA, give `vancouver wa`\n"
    );
    let err = fails(&["estimate", "--years", "4", "--city", "Melbourne"], 2);
    assert!(err.contains("it could be Melbourne, FL, in `palm-bay`"), "{err}");
    assert!(err.contains(
        "or Melbourne, Australia, which mlsal does not cover; for Melbourne, FL, give `melbourne fl`"
    ));
    assert_eq!(location_of("melbourne fl"), "palm-bay");
    let err = fails(&["estimate", "--years", "4", "--city", "melbourne australia"], 2);
    assert!(err.contains("in Australia, mlsal has `sydney`"), "{err}");
}

/// Issue 19: one voice. Every message quotes a value the same way, in backticks, whether
/// mlsal or its argument parser found the problem; a flag is named bare (`--format`), and the
/// valid values are `(choices: ...)`.
#[test]
fn every_message_quotes_values_in_backticks() {
    let cases: [(&[&str], &str); 9] = [
        (
            &["estimate", "-f", "yaml"],
            "invalid value `yaml` for --format (choices: text, json, jsonl, csv, tsv, xlsx, html)",
        ),
        (
            &["compare", "-y", "1", "--sort", "up"],
            "invalid value `up` for --sort (choices: low, mid, high, multiplier)",
        ),
        (&["estimate", "--years", "abc"], "invalid value `abc` for --years: expected a number of years"),
        (&["estimate", "--as-of", "1800"], "invalid value `1800` for --as-of: "),
        (&["frobnicate"], "unrecognized subcommand `frobnicate`"),
        (
            &["estimate", "--yeras", "4"],
            "unexpected argument `--yeras` found\nhint: a similar argument exists: `--years`",
        ),
        (&["estimate", "--years"], "a value is required for --years but none was supplied"),
        (
            &["completions", "tcsh"],
            "invalid value `tcsh` for SHELL (choices: bash, elvish, fish, powershell, zsh)",
        ),
        (&["estimate", "--city", "atlantis"], "unknown location `atlantis`"),
    ];
    for (args, want) in cases {
        let err = fails(args, 2);
        assert!(err.starts_with(&format!("mlsal: error: {want}")), "{args:?}:\n{err}");
        assert!(!err.contains(" '"), "{args:?}: a value in single quotes: {err}");
    }
}

/// Names with accents fold to their base letters in every place name and table key
/// (`Zürich` is `zurich`, `München` `munich`), composed or decomposed; a well-known city that
/// mlsal does not cover says so (issue 31).
#[test]
fn accents_fold_and_a_known_city_elsewhere_is_not_covered() {
    for (typed, key) in
        [("Zürich", "zurich"), ("München", "munich"), ("MÜNCHEN", "munich"), ("Zu\u{308}rich", "zurich")]
    {
        let accented = common::json(&["estimate", "-y", "4", "-c", typed, "-f", "json"]);
        let plain = common::json(&["estimate", "-y", "4", "-c", key, "-f", "json"]);
        assert_eq!(accented, plain, "{typed}");
    }
    let out = common::stdout(&["compare", "-y", "4", "-c", "Zürich,München", "-f", "csv"]);
    assert!(out.contains(",zurich,") && out.contains(",munich,"), "{out}");
    let run = common::batch(&[], "years,city\n4,Zürich\n4,München\n");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let err = fails(&["estimate", "-y", "4", "-c", "São Paulo"], 2);
    assert!(
        err.starts_with("mlsal: error: location `São Paulo` is not covered: mlsal has no place in Brazil"),
        "{err}"
    );
}
