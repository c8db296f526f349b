//! Issue 30: batch takes files as people and mlsal write them. Round trips (any output of
//! `estimate`, `compare` and `batch`, in every format, read back and priced again), TSV and
//! JSON arrays read, HR exports mapped, degree spellings, file-wide defaults.

mod common;

use common::{batch, jsonl, mlsal};

const FORMATS: [&str; 4] = ["csv", "tsv", "jsonl", "json"];

/// `mlsal ARGS`'s stdout, whatever its exit status (a batch with a bad row exits 1).
fn output(args: &[&str]) -> Vec<u8> {
    mlsal().args(args).output().unwrap().stdout
}

/// The figures of each row of a batch's JSON Lines output: level, low, mid, high, currency,
/// and the review's, where there is one; a bad row's error.
fn figures(jsonl_out: &str) -> Vec<Vec<String>> {
    let keys = ["level", "low", "mid", "high", "currency", "compa_ratio", "verdict", "error"];
    jsonl(jsonl_out).iter().map(|row| keys.iter().map(|k| row[*k].to_string()).collect()).collect()
}

/// The figures each producer wrote: low, mid, high of each of its records.
fn produced(args: &[&str]) -> Vec<[String; 3]> {
    let mut args = args.to_vec();
    args.extend(["--format", "jsonl"]);
    let out = String::from_utf8(output(&args)).unwrap();
    jsonl(&out).iter().map(|r| ["low", "mid", "high"].map(|k| r[k].to_string())).collect()
}

/// `estimate`, `compare` and `batch` output, in each format, piped to `mlsal batch`, is priced
/// again to the same figures; a blend's `level` (`entry-mid`) agrees with its years.
#[test]
fn every_output_is_read_back_and_priced_the_same() {
    let producers: [&[&str]; 5] = [
        &["estimate", "-y", "2.5", "-c", "london", "-e", "phd", "-z", "startup"],
        &["estimate", "-l", "senior", "-c", "berlin", "-s", "nlp"],
        &["compare", "-y", "1,4,12", "-c", "sf,austin", "-i", "finance"],
        &["compare", "-l", "entry,senior", "-e", "master,none"],
        &["batch", "docs/profiles.csv"],
    ];
    for producer in producers {
        let want = produced(producer);
        assert!(!want.is_empty());
        for format in FORMATS {
            let mut args = producer.to_vec();
            args.extend(["--format", format]);
            let first = output(&args);
            let again = batch(&["--format", "jsonl"], first.clone());
            let got: Vec<[String; 3]> = jsonl(&again.stdout)
                .iter()
                .filter(|r| r["error"].is_null())
                .map(|r| ["low", "mid", "high"].map(|k| r[k].to_string()))
                .collect();
            let good: Vec<[String; 3]> = want.iter().filter(|w| w[0] != "null").cloned().collect();
            assert_eq!(got, good, "{producer:?} {format}: {}", again.stderr);
        }
    }
}

/// A pay review read back, in every format, is the same review; and `| batch --as-of 2026`
/// equals the direct run at 2026, row for row, bad rows included.
#[test]
fn a_pay_review_read_back_equals_a_direct_run() {
    let direct = figures(
        &String::from_utf8(output(&["batch", "docs/hr.csv", "--as-of", "2026", "-f", "jsonl"])).unwrap(),
    );
    assert!(direct.iter().any(|r| r[7] != "null"), "docs/hr.csv has a bad row");
    for format in FORMATS {
        let first = output(&["batch", "docs/hr.csv", "--as-of", "2024", "--format", format]);
        let again = batch(&["--as-of", "2026", "-f", "jsonl"], first);
        assert_eq!(figures(&again.stdout), direct, "{format}: {}", again.stderr);
        assert_eq!(again.code, Some(1), "the bad row is bad again");
    }
}

/// Earlier result columns pass through renamed `input_*`; a level that disagrees with the
/// years is that row's error, naming both.
#[test]
fn earlier_results_pass_through_and_a_disagreeing_level_is_an_error() {
    let first = output(&["batch", "docs/profiles.csv"]);
    let again = batch(&[], first);
    let header = again.stdout.lines().next().unwrap();
    assert!(header.contains(",input_level,input_multiplier,input_low,"), "{header}");
    assert!(
        header.ends_with(",level,multiplier,low,mid,high,currency,pay_year,wage_factor,bands,bound,error")
    );
    let run = batch(&[], "years,level\n6,entry\n");
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("line 2: level `entry` disagrees with years `6`, which give `senior`"),
        "{}",
        run.stderr
    );
}

/// TSV is read (detected from a header with tabs and no comma, or forced), quoted cells and
/// blank lines included, with each bad row's line as in the file.
#[test]
fn tsv_is_read_with_its_lines() {
    let tsv = "id\tyears\tcity\tnote\nA\t4\tsf\t\"a\tb\"\n\nB\t3\tseatle\tx, y\n";
    for args in [&[][..], &["--input-format", "tsv"]] {
        let run = batch(args, tsv);
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        assert!(run.stdout.starts_with("id,years,city,note,level,"), "{}", run.stdout);
        assert!(run.stdout.contains("A,4,sf,a\tb,mid,"), "{}", run.stdout);
        assert!(run.stdout.contains("B,3,seatle,\"x, y\","), "{}", run.stdout);
        assert!(run.stderr.starts_with("mlsal: error: line 4: unknown location `seatle`"), "{}", run.stderr);
    }
    let run = batch(&["--format", "tsv"], tsv);
    assert!(run.stdout.starts_with("id\tyears\tcity\tnote\tlevel\t"), "{}", run.stdout);
}

/// A JSON array, and one pretty JSON object (`estimate --format json`), are read.
#[test]
fn json_arrays_and_pretty_objects_are_read() {
    let run = batch(
        &["-f", "jsonl"],
        "[\n  {\"years\": 4, \"city\": \"sf\"},\n  {\"level\": \"senior\"},\n  7\n]\n",
    );
    let rows = jsonl(&run.stdout);
    assert_eq!(rows.len(), 3, "one row per element: {}", run.stdout);
    assert_eq!((rows[0]["level"].as_str(), rows[1]["level"].as_str()), (Some("mid"), Some("senior")));
    assert!(rows[2]["error"].as_str().unwrap().contains("not a JSON object"), "{}", run.stdout);
    let run = batch(&["-f", "jsonl", "--input-format", "json"], "[{\"years\": 4}]");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let run = batch(&["--input-format", "json"], "{\"years\": 4}");
    assert_eq!(run.code, Some(2), "it could not run");
    assert!(run.stderr.starts_with("mlsal: error: the input is not a valid JSON array:"), "{}", run.stderr);
}

/// The 10-row HR export: `Job Level` and `Highest Degree` are not profile columns, so
/// without maps the run says which columns it does not read and how to map them; with one
/// `--map`/`--map-values` (or the map file) every row is priced with its degree and level.
#[test]
fn an_hr_export_is_mapped_or_told_about() {
    let run = mlsal().args(["batch", "docs/export.csv"]).output().unwrap();
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert_eq!(run.status.code(), Some(2), "it could not run");
    assert!(
        stderr.contains("no `years` or `level` column (`Job Level` looks like level: read it with --map 'Job Level=level')"),
        "{stderr}"
    );
    let mapped = ["--map", "Job Level=level", "--map-values", "level:L3=entry,L4=mid,L5=senior"];
    let run = mlsal().args(["batch", "docs/export.csv", "-f", "jsonl"]).args(mapped).output().unwrap();
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    assert_eq!(
        stderr,
        "mlsal: warning: column `Highest Degree` looks like education but is not read: map it with --map 'Highest Degree=education', or rename it\n"
    );
    let strict = mlsal().args(["batch", "docs/export.csv", "--strict"]).args(mapped).output().unwrap();
    assert_eq!(strict.status.code(), Some(2), "refused before any row: it could not run");
    assert!(String::from_utf8(strict.stderr).unwrap().contains("(refused with --strict)"));
    let by_flags = mlsal()
        .args(["batch", "docs/export.csv", "-f", "jsonl", "--map", "Highest Degree=education"])
        .args(mapped)
        .output()
        .unwrap();
    assert_eq!((by_flags.status.code(), by_flags.stderr.as_slice()), (Some(0), &b""[..]));
    let by_file = output(&["batch", "docs/export.csv", "-f", "jsonl", "--map-file", "docs/export-map.toml"]);
    assert_eq!(by_flags.stdout, by_file, "the map file maps as the flags do");
    let rows = jsonl(&String::from_utf8(by_file).unwrap());
    assert_eq!(rows.len(), 10);
    let levels: Vec<&str> = rows.iter().map(|r| r["level"].as_str().unwrap()).collect();
    assert_eq!(levels, ["mid", "senior", "entry", "mid", "senior", "entry", "mid", "entry", "senior", "mid"]);
    // Each degree as HR wrote it prices as the degree it names.
    for (row, degree) in rows.iter().zip([
        "master", "phd", "bachelor", "master", "bachelor", "master", "phd", "bachelor", "master", "bachelor",
    ]) {
        let city = row["Location"].as_str().unwrap();
        let level = row["level"].as_str().unwrap();
        let direct = output(&["estimate", "-l", level, "-c", city, "-e", degree, "-f", "jsonl"]);
        let direct = &jsonl(&String::from_utf8(direct).unwrap())[0];
        assert_eq!(row["mid"], direct["mid"], "{row}");
    }
}

/// Degrees as people write them are read as the degree they name.
#[test]
fn degree_spellings_are_read() {
    let spellings = [
        ("Master's", "master"),
        ("M.S.", "master"),
        ("MSc", "master"),
        ("Master’s degree", "master"),
        ("Ph.D.", "phd"),
        ("B.S.", "bachelor"),
        ("Bachelor's", "bachelor"),
        ("B.A.", "bachelor"),
        ("Bachelor of Science", "bachelor"),
        ("MBA", "master"),
        ("Doctor of Philosophy", "phd"),
    ];
    let mut input = String::from("years,education\n");
    for (typed, _) in spellings {
        input.push_str(&format!("4,\"{typed}\"\n"));
    }
    let run = batch(&["-f", "jsonl"], input);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    for (row, (typed, degree)) in jsonl(&run.stdout).iter().zip(spellings) {
        let direct = output(&["estimate", "-y", "4", "-e", degree, "-f", "jsonl"]);
        assert_eq!(row["mid"], jsonl(&String::from_utf8(direct).unwrap())[0]["mid"], "{typed}");
    }
}

/// The profile flags fill a missing column or an empty cell for the whole file, and say so;
/// a cell that is given wins. Bad maps are usage errors naming the value and the choices.
#[test]
fn file_wide_defaults_fill_missing_values_and_bad_maps_are_refused() {
    let run = batch(&["-f", "jsonl", "-z", "big-tech", "--city", "austin"], "years,city\n4,\n4,sf\n");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "mlsal: note: every row with no city takes `austin` (--city)\nmlsal: note: every row with no company_size takes `big-tech` (--company-size)\n"
    );
    let rows = jsonl(&run.stdout);
    let direct = |city: &str| {
        let out = output(&["estimate", "-y", "4", "-c", city, "-z", "big-tech", "-f", "jsonl"]);
        jsonl(&String::from_utf8(out).unwrap())[0]["mid"].clone()
    };
    assert_eq!((rows[0]["mid"].clone(), rows[1]["mid"].clone()), (direct("austin"), direct("sf")));
    let quiet = batch(&["-q", "-i", "finance"], "years\n4\n");
    assert_eq!(quiet.stderr, "");
    for (args, message) in [
        (&["--map", "Degree"][..], "'INPUT COLUMN=PROFILE COLUMN'"),
        (&["--map", "Degree=degree"], "`degree` is no profile column (one of: `years`, `level`, `city`,"),
        (&["--map", "Grade=level"], "no such column (columns: `years`)"),
        (&["--map-values", "level:L9=principal"], "unknown level `principal`"),
        (&["--company-size", "huge"], "huge"),
    ] {
        let run = batch(args, "years\n4\n");
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.starts_with("mlsal: error: ") && run.stderr.contains(message),
            "{args:?}: {}",
            run.stderr
        );
        assert_eq!(run.stdout, "");
    }
    let check = mlsal().args(["data", "check", "--map", "docs/export-map.toml"]).output().unwrap();
    assert!(
        String::from_utf8(check.stdout).unwrap().contains("is a valid map (2 column maps, 3 value maps)")
    );
}

/// `mlsal list sources`: every key the tables cite, with its citation and the tables citing
/// it, in every format; `source` is the same table.
#[test]
fn list_sources_gives_every_citation() {
    let text = String::from_utf8(output(&["list", "sources"])).unwrap();
    assert!(text.starts_with("sources (key: tables citing it, then the citation)\n  A: bands,"), "{text}");
    assert!(text.contains("\n  S29: location\n      "), "{text}");
    let rows = jsonl(&String::from_utf8(output(&["list", "source", "-f", "jsonl"])).unwrap());
    let estimate =
        jsonl(&String::from_utf8(output(&["estimate", "-y", "4", "-c", "london", "-f", "jsonl"])).unwrap());
    for factor in estimate[0]["factors"].as_array().unwrap() {
        for key in factor["source"].as_str().unwrap().split(", ") {
            let row = rows.iter().find(|r| r["key"] == key).unwrap_or_else(|| panic!("{key}"));
            assert!(!row["citation"].as_str().unwrap().is_empty());
        }
    }
    let csv = String::from_utf8(output(&["list", "sources", "-f", "csv"])).unwrap();
    assert!(csv.starts_with("key,citation,tables\nA,"), "{csv}");
}

/// `--by` takes the result columns `level` and `verdict` when no input column has the name; a
/// bad row has neither, and is counted under an empty group.
#[test]
fn summaries_group_by_result_columns() {
    let run =
        mlsal().args(["batch", "docs/hr.csv", "--summary", "--by", "level", "-f", "csv"]).output().unwrap();
    let out = String::from_utf8(run.stdout).unwrap();
    assert!(out.starts_with("level,rows,errors,"), "{out}");
    let groups: Vec<&str> = out.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(groups, ["senior", "entry-mid", "mid", "entry", "", "all"], "{out}");
    let run =
        mlsal().args(["batch", "docs/hr.csv", "--summary", "--by", "Verdict", "-f", "csv"]).output().unwrap();
    let out = String::from_utf8(run.stdout).unwrap();
    assert!(
        out.starts_with("verdict,rows,") && out.contains("\nbelow,6,0,") && out.contains("\nwithin,1,0,"),
        "{out}"
    );
    let run = batch(&["--summary", "--by", "levl"], "years,salary\n4,100000\n");
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .contains("no such column (columns: `years`, `salary`), or a result column: `level`, `verdict`")
    );
}
