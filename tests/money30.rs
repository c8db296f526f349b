//! Issue 30, money to sort by: a pay review's `pay` (the pay as read) and `gap_to_low` in every
//! format, and `--currency X` with a `currency` column putting every money column in X, each
//! pay converted at a rate the row states.

mod common;

use common::{batch, csv_rows, jsonl, mlsal};
use proptest::prelude::*;

/// Cents, to compare amounts written with up to two decimals.
fn cents(x: &str) -> i64 {
    (x.parse::<f64>().unwrap_or_else(|_| panic!("no number: `{x}`")) * 100.0).round() as i64
}

fn output(args: &[&str]) -> String {
    String::from_utf8(mlsal().args(args).output().unwrap().stdout).unwrap()
}

/// `pay` is the amount read, `gap_to_low` is pay - low beside `gap_to_mid` = pay - mid, in CSV,
/// TSV, JSON Lines and JSON alike; a bad pay's are empty (null).
#[test]
fn pay_and_gap_to_low_in_every_format() {
    let (header, rows) = csv_rows(&output(&["batch", "docs/hr.csv"]));
    let at =
        |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("{name}: {header:?}"));
    let review: Vec<&str> = header[at("bound") + 1..at("error")].iter().map(String::as_str).collect();
    assert_eq!(&review[..6], ["pay", "compa_ratio", "position_pct", "gap_to_low", "gap_to_mid", "verdict"]);
    let want = [185000, 205000, 118000, 150000];
    for (row, pay) in rows.iter().zip(want) {
        assert_eq!(cents(&row[at("pay")]), pay * 100, "{row:?}");
    }
    let mut good = 0;
    for row in &rows {
        if !row[at("error")].is_empty() {
            assert_eq!(row[at("pay")], "", "{row:?}");
            assert_eq!(row[at("gap_to_low")], "", "{row:?}");
            continue;
        }
        good += 1;
        let pay = cents(&row[at("pay")]);
        assert_eq!(cents(&row[at("gap_to_low")]), pay - cents(&row[at("low")]), "{row:?}");
        assert_eq!(cents(&row[at("gap_to_mid")]), pay - cents(&row[at("mid")]), "{row:?}");
    }
    assert!(good >= 6, "{rows:?}");
    let json: Vec<serde_json::Value> = jsonl(&output(&["batch", "docs/hr.csv", "-f", "jsonl"]));
    let array: serde_json::Value =
        serde_json::from_str(&output(&["batch", "docs/hr.csv", "-f", "json"])).unwrap();
    assert_eq!(array.as_array().unwrap(), &json);
    let tsv = output(&["batch", "docs/hr.csv", "-f", "tsv"]);
    for ((row, object), line) in rows.iter().zip(&json).zip(tsv.lines().skip(1)) {
        let cells: Vec<&str> = line.split('\t').collect();
        for name in ["pay", "gap_to_low", "gap_to_mid"] {
            assert_eq!(cells[at(name)], row[at(name)], "{name}");
            match row[at(name)].as_str() {
                "" => assert!(object[name].is_null(), "{object}"),
                cell => assert_eq!(object[name].as_f64().unwrap(), cell.parse::<f64>().unwrap(), "{name}"),
            }
        }
    }
}

/// Without `--currency`, each row's money is in its pay's currency, said in its `currency`;
/// with `--currency EUR` every money column is in euros, each pay converted at the rate its
/// row gives (`pay_rate`, from `pay_read_in`), and the review is `offer`'s on the converted pay.
#[test]
fn currency_x_puts_every_money_column_in_x() {
    let (header, rows) = csv_rows(&output(&["batch", "docs/pay-currencies.csv", "-q"]));
    let at = |h: &[String], name: &str| h.iter().position(|c| c == name).unwrap();
    let currencies: Vec<&str> = rows.iter().map(|r| r[at(&header, "currency")].as_str()).collect();
    assert_eq!(currencies, ["USD", "GBP", "EUR", "EUR", "USD"]);
    assert!(!header.contains(&"pay_rate".to_string()), "{header:?}");

    let (header, rows) = csv_rows(&output(&["batch", "docs/pay-currencies.csv", "--currency", "EUR", "-q"]));
    let at = |name: &str| at(&header, name);
    assert_eq!(&header[at("pay")..at("pay") + 3], ["pay", "pay_read_in", "pay_rate"]);
    let read_in: Vec<&str> = rows.iter().map(|r| r[at("pay_read_in")].as_str()).collect();
    assert_eq!(read_in, ["USD", "GBP", "EUR", "EUR", "EUR"]);
    let given = [150000.0, 90000.0, 80000.0, 80000.0, 150000.0];
    for (row, amount) in rows.iter().zip(given) {
        assert_eq!(row[at("currency")], "EUR", "{row:?}");
        assert_eq!(row[at("error")], "", "{row:?}");
        let rate: f64 = row[at("pay_rate")].parse().unwrap();
        assert_eq!(cents(&row[at("pay")]), (amount * rate * 100.0).round() as i64, "{row:?}");
        let pay = cents(&row[at("pay")]);
        assert_eq!(cents(&row[at("gap_to_low")]), pay - cents(&row[at("low")]), "{row:?}");
        assert_eq!(cents(&row[at("gap_to_mid")]), pay - cents(&row[at("mid")]), "{row:?}");
    }
    // The rates are the tables': EUR 0.8951 and GBP 0.7463 a dollar.
    assert_eq!(rows[0][at("pay_rate")], "0.8951");
    assert_eq!(rows[1][at("pay_rate")], format!("{}", ((0.8951_f64 / 0.7463) * 1e6).round() / 1e6));
    // The pounds row, converted, is what `offer` says of that many euros in London.
    let euros = rows[1][at("pay")].clone();
    let o = common::json(&["offer", &euros, "-y", "4", "-c", "london", "--currency", "EUR", "-f", "json"]);
    assert_eq!(rows[1][at("mid")], o["estimate"]["mid"].to_string());
    assert_eq!(rows[1][at("compa_ratio")].parse::<f64>().unwrap(), o["compa_ratio"].as_f64().unwrap());
    // Read back, the converted review is the same review.
    for format in ["csv", "tsv", "jsonl", "json"] {
        let first = output(&["batch", "docs/pay-currencies.csv", "--currency", "EUR", "-q", "-f", format]);
        let again = batch(&["--currency", "EUR", "-q", "-f", "jsonl"], first);
        assert_eq!(again.code, Some(0), "{format}: {}", again.stderr);
        let again = jsonl(&again.stdout);
        for (row, object) in rows.iter().zip(&again) {
            for name in ["low", "mid", "high", "pay", "gap_to_low", "gap_to_mid", "compa_ratio"] {
                assert_eq!(cents(&row[at(name)]), cents(&object[name].to_string()), "{format} {name}");
            }
            assert_eq!(object["currency"], "EUR");
        }
    }
    // The summary's costs are in EUR and its heading says how the rows were converted.
    let text =
        output(&["batch", "docs/pay-currencies.csv", "--currency", "EUR", "--summary", "-f", "text", "-q"]);
    assert!(text.contains("converted to EUR at the tables' rates"), "{text}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// For any rows: gap_to_low = pay - low and gap_to_mid = pay - mid, to the cent, so
    /// gap_to_low >= gap_to_mid; below the range gap_to_low < 0, and within it >= 0.
    #[test]
    fn gap_to_low_is_pay_less_low(
        rows in prop::collection::vec((0.0f64..30.0, 20_000u32..600_000, 0usize..4, 0u32..100), 1..40),
        round in prop::sample::select(vec!["1", "1000"]),
    ) {
        let cities = ["sf", "london", "bangalore", "austin"];
        let mut input = String::from("years,city,salary\n");
        for (years, pay, city, cents) in &rows {
            input.push_str(&format!("{years:.1},{},{pay}.{cents:02}\n", cities[*city]));
        }
        let run = batch(&["--round", round, "--currency", "local", "-q"], input);
        prop_assert_eq!(run.code, Some(0), "{}", run.stderr);
        let (header, out) = csv_rows(&run.stdout);
        let at = |name: &str| header.iter().position(|h| h == name).unwrap();
        for (row, (_, pay, _, c)) in out.iter().zip(&rows) {
            let got = cents(&row[at("pay")]);
            prop_assert_eq!(got, i64::from(*pay) * 100 + i64::from(*c));
            let (low, mid) = (cents(&row[at("low")]), cents(&row[at("mid")]));
            let (to_low, to_mid) = (cents(&row[at("gap_to_low")]), cents(&row[at("gap_to_mid")]));
            prop_assert_eq!(to_low, got - low);
            prop_assert_eq!(to_mid, got - mid);
            prop_assert!(to_low >= to_mid);
            match row[at("verdict")].as_str() {
                "below" => prop_assert!(to_low < 0),
                _ => prop_assert!(to_low >= 0),
            }
        }
    }
}
