//! Every command's output, in JSON, JSON Lines, CSV and TSV, validates against its published
//! schema in docs/schema (issue 31). The validator is a small one of the JSON Schema subset
//! those files use (`type`, `properties`, `required`, `additionalProperties`, `items`, and
//! `x-csv-columns` for the CSV/TSV columns): the `jsonschema` crate would pull in a network
//! client and dozens of crates for that.

mod common;

use serde_json::Value;

fn schema(name: &str) -> Value {
    let path = format!("{}/docs/schema/{name}.schema.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let s: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(s["schema_version"], 2, "{name}");
    s
}

fn type_ok(value: &Value, t: &str) -> bool {
    match t {
        "null" => value.is_null(),
        "boolean" => value.is_boolean(),
        "integer" => value.as_f64().is_some_and(|n| n.fract() == 0.0) && !value.to_string().contains('.'),
        "number" => value.is_number(),
        "string" => value.is_string(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        other => panic!("a type the validator does not know: {other}"),
    }
}

fn types(s: &Value) -> Vec<&str> {
    match &s["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Checks `value` against `s`; the first error, with the path to it.
fn validate(value: &Value, s: &Value, path: &str) -> Result<(), String> {
    let ts = types(s);
    if !ts.is_empty() && !ts.iter().any(|t| type_ok(value, t)) {
        return Err(format!("{path}: {value} is not {ts:?}"));
    }
    if let (Some(object), Some(properties)) = (value.as_object(), s["properties"].as_object()) {
        for required in s["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
            if !object.contains_key(required) {
                return Err(format!("{path}: `{required}` is missing"));
            }
        }
        for (key, v) in object {
            match properties.get(key) {
                Some(p) => validate(v, p, &format!("{path}.{key}"))?,
                None if s["additionalProperties"] == false => {
                    return Err(format!("{path}: `{key}` is not in the schema"));
                }
                None => {}
            }
        }
    }
    if let (Some(items), Some(item)) = (value.as_array(), s.get("items")) {
        for (i, v) in items.iter().enumerate() {
            validate(v, item, &format!("{path}[{i}]"))?;
        }
    }
    Ok(())
}

/// A CSV/TSV cell as its column's type: empty is null.
fn cell_value(cell: &str) -> Value {
    match cell {
        "" => Value::Null,
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        c => serde_json::from_str::<serde_json::Number>(c).map_or(Value::String(c.into()), Value::Number),
    }
}

fn check_table(name: &str, s: &Value, header: &[String], rows: &[Vec<String>], what: &str) {
    let columns = s["x-csv-columns"].as_object().unwrap();
    // Batch passes the input's columns through, and a summary names its groups by them.
    let passes = name.starts_with("batch");
    for (i, column) in header.iter().enumerate() {
        let Some(c) = columns.get(column) else {
            assert!(passes, "{what}: column `{column}` is not in {name}'s schema");
            continue;
        };
        for row in rows {
            let v = cell_value(&row[i]);
            // A string column may hold a cell that reads as a number (a key `401k`).
            let ok = types(c).iter().any(|t| type_ok(&v, t) || *t == "string");
            assert!(ok, "{what}: column `{column}` cell `{}` is not {:?}", row[i], types(c));
        }
    }
}

/// Runs `args` in every format and validates each record against `name`'s schema.
fn check(name: &str, args: &[&str], code: i32) {
    let s = schema(name);
    let run = |format: &str| {
        let out = common::mlsal().args(args).args(["-f", format, "--data", "builtin"]).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(code),
            "{args:?} -f {format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let what = |f: &str| format!("{args:?} -f {f}");
    for line in run("jsonl").lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        validate(&v, &s, "").unwrap_or_else(|e| panic!("{}: {e}", what("jsonl")));
    }
    let json: Value = serde_json::from_str(&run("json")).unwrap();
    let records = match json {
        // `whatif` JSON is one document: the current estimate, then the changes, each the
        // record its JSON Lines give.
        Value::Object(mut doc) if name == "whatif" => {
            assert_eq!(doc.remove("data"), Some(Value::from("builtin")), "{}", what("json"));
            let current = doc.remove("current").unwrap();
            validate(&current, &schema("estimate"), ".current")
                .unwrap_or_else(|e| panic!("{}: {e}", what("json")));
            match doc.remove("changes") {
                Some(Value::Array(changes)) => changes,
                other => panic!("{}: changes is {other:?}", what("json")),
            }
        }
        // Every other command's JSON is an array of its records, whatever the flags.
        Value::Array(a) => a,
        other => panic!("{}: not an array: {other}", what("json")),
    };
    assert!(records.iter().all(|r| r["data"] == "builtin"), "{}: every record says its tables", what("json"));
    for v in &records {
        validate(v, &s, "").unwrap_or_else(|e| panic!("{}: {e}", what("json")));
    }
    let (header, rows) = common::csv_rows(&run("csv"));
    check_table(name, &s, &header, &rows, &what("csv"));
    let tsv = run("tsv");
    let mut lines = tsv.lines().map(|l| l.split('\t').map(common::tsv_unescape).collect::<Vec<_>>());
    let header = lines.next().unwrap_or_default();
    let rows: Vec<Vec<String>> = lines.collect();
    check_table(name, &s, &header, &rows, &what("tsv"));
}

#[test]
fn every_command_validates_against_its_schema_in_every_format() {
    // Edges a schema inferred from ordinary runs would miss: the edge bound, a blend, an offer
    // beyond BLS's p10 and p90, and batch rows with a bad pay under --total and --currency.
    let edge = ["-y", "14.3", "-c", "boston", "-e", "phd", "-s", "rl", "-i", "finance", "-z", "startup"];
    check("estimate", &[&["estimate"][..], &edge].concat(), 0);
    check("compare", &["compare", "-y", "2.5", "-c", "sf,nyc"], 0);
    check("compare", &[&["compare"][..], &edge].concat(), 0);
    check("offer", &["offer", "500k", "-y", "1", "-c", "sf"], 0);
    check("offer", &["offer", "50k", "-y", "1", "-c", "sf"], 0);
    check("market", &[&["market"][..], &edge].concat(), 0);
    check("batch-row", &["batch", "tests/data/edge-rows.csv", "--total", "--currency", "EUR"], 1);
    check("batch-row", &["batch", "tests/data/edge-rows.csv"], 1);
    check("estimate", &["estimate", "-y", "7", "-c", "nyc", "--education", "phd"], 0);
    check(
        "estimate",
        &["estimate", "-l", "entry", "--total", "--company-size", "startup", "--currency", "EUR"],
        0,
    );
    check("estimate", &["estimate", "--bands", "market", "-c", "seattle", "--total"], 0);
    check("compare", &["compare", "-y", "1..9", "-c", "austin,boston", "--total"], 0);
    check("whatif", &["whatif", "-y", "9", "-c", "austin", "--all", "--currency", "GBP"], 0);
    check("whatif", &["whatif", "-y", "3", "--all", "--total"], 0);
    check("offer", &["offer", "130k", "-y", "2", "-c", "nyc"], 0);
    check("offer", &["offer", "170k", "-y", "6", "--bonus", "15k", "--equity", "25k", "-c", "seattle"], 0);
    check("market", &["market", "-c", "nyc", "-y", "6"], 0);
    check("list-factor", &["list", "location"], 0);
    check("list-factor", &["list", "industry"], 0);
    check("list-bands", &["list", "bands"], 0);
    check("list-wages", &["list", "wages"], 0);
    check("list-tables", &["list", "tables"], 0);
    check("list-compensation", &["list", "compensation"], 0);
    check("list-currencies", &["list", "currencies"], 0);
    check("batch-row", &["batch", "docs/pay-currencies.csv", "--currency", "GBP", "-q"], 0);
    check("list-sources", &["list", "sources"], 0);
    check("list-factor", &["list", "company-size"], 0);
    check("market", &["market", "-c", "london", "-y", "3", "--currency", "local"], 0);
    check("offer", &["offer", "200k", "-l", "mid", "--total", "--as-of", "2025"], 0);
    check("estimate", &["estimate", "-y", "4", "--as-of", "2024"], 0);
    check("batch-row", &["batch", "docs/offers.csv", "--total"], 0);
    check("batch-row", &["batch", "docs/employees.csv"], 1);
    check("batch-row", &["batch", "docs/profiles.jsonl", "--total", "--currency", "local"], 0);
    check("batch-summary", &["batch", "docs/hr.csv", "--summary", "--by", "city"], 1);
    check("batch-equity", &["batch", "docs/people.csv", "--equity-by", "gender", "--by", "team"], 0);
    check("batch-row", &["batch", "docs/raises.csv", "--budget", "3%", "--perf-column", "rating"], 0);
    check("batch-budget", &["batch", "docs/raises.csv", "--budget", "25k", "--summary", "--by", "team"], 0);
    check("list-matrix", &["list", "matrix"], 0);
}

#[test]
fn the_schemas_are_the_ones_the_script_writes() {
    // Every schema names its version and describes an object record.
    for entry in std::fs::read_dir(format!("{}/docs/schema", env!("CARGO_MANIFEST_DIR"))).unwrap() {
        let path = entry.unwrap().path();
        let s: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(s["type"], "object", "{}", path.display());
        assert!(s["schema_version"].is_u64() && s["x-csv-columns"].is_object(), "{}", path.display());
    }
}
