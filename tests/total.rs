//! `--total`: bonus and equity from data/compensation.toml on top of the base estimate.

mod common;

use common::{json, json_2024, mlsal};
use mlsal::model::round_to;
use mlsal::tables::pay::Equity;
use mlsal::tables::{Factor, Tables};

fn builtin() -> Tables {
    mlsal::data::load_embedded().unwrap()
}

/// The bonus percentage and equity share of compensation.toml for a level and a size.
fn row(t: &Tables, level: &str, size: &str) -> (f64, Equity) {
    let band = t.bands.find(level).unwrap();
    let r = t.compensation.row(band, t.factor(Factor::CompanySize).find(size).unwrap());
    (r.bonus_pct, r.equity)
}

fn multiplier(t: &Tables, factor: Factor, key: &str) -> f64 {
    let table = t.factor(factor);
    table.entries[table.find(key).unwrap()].multiplier
}

/// The expected `--total` fields for a base range `[lo, hi]` before rounding.
fn expected(lo: f64, hi: f64, pct: f64, share: Option<f64>, step: u64) -> serde_json::Value {
    let mid = (lo + hi) / 2.0;
    let bonus = |x: f64| round_to(x * pct / 100.0, step);
    let equity = |x: f64| share.map_or(0, |s| round_to(x * s, step));
    let total = |x: f64| round_to(x, step) + bonus(x) + equity(x);
    let equity_json = match share {
        Some(s) => serde_json::json!({"low": equity(lo), "high": equity(hi), "share": s, "options": false}),
        None => serde_json::json!({"low": null, "high": null, "share": null, "options": true}),
    };
    serde_json::json!({
        "bonus": {"low": bonus(lo), "high": bonus(hi), "pct": pct, "in_gross": false},
        "equity": equity_json,
        "total": {"low": total(lo), "mid": total(mid), "high": total(hi)},
    })
}

fn total_fields(v: &serde_json::Value) -> serde_json::Value {
    serde_json::json!({"bonus": v["bonus"], "equity": v["equity"], "total": v["total"]})
}

#[test]
fn total_is_base_plus_bonus_plus_equity_from_the_table() {
    let t = builtin();
    for (level, size, city, years) in
        [("mid", "big-tech", "sf", "4"), ("senior", "large", "nyc", "8"), ("entry", "midsize", "austin", "1")]
    {
        let (pct, equity) = row(&t, level, size);
        let Equity::Share(share) = equity else { panic!("{level} {size} is valued in the shipped table") };
        let m = multiplier(&t, Factor::Location, city) * multiplier(&t, Factor::CompanySize, size);
        let b = &t.bands.bands[t.bands.find(level).unwrap()];
        for step in [1000u64, 1] {
            let v = json_2024(&[
                "estimate",
                "-y",
                years,
                "-c",
                city,
                "-z",
                size,
                "--total",
                "--round",
                &step.to_string(),
                "-f",
                "json",
            ]);
            assert_eq!(v["level"], level);
            let m = (m * 10_000.0).round() / 10_000.0;
            assert_eq!(v["multiplier"], m, "{city} {size}");
            assert_eq!(
                total_fields(&v),
                expected(b.low * m, b.high * m, pct, Some(share), step),
                "{level} {size} {step}"
            );
        }
    }
}

#[test]
fn startup_equity_is_options_and_the_total_is_base_plus_bonus() {
    let t = builtin();
    let (pct, equity) = row(&t, "mid", "startup");
    assert_eq!(equity, Equity::Options);
    let m = multiplier(&t, Factor::CompanySize, "startup");
    let v = json_2024(&["estimate", "-l", "mid", "-z", "startup", "--total", "-f", "json"]);
    assert_eq!(v["equity"]["options"], true);
    assert_eq!(total_fields(&v), expected(120_000.0 * m, 160_000.0 * m, pct, None, 1000));

    let out = mlsal()
        .args(["estimate", "--as-of", "2024", "-l", "mid", "-z", "startup", "--total"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("unvalued options"), "{text}");
    assert!(text.contains("base + bonus only"), "{text}");
}

#[test]
fn a_blend_uses_the_band_weight_across_the_two_levels_rates() {
    let t = builtin();
    let (pa, ea) = row(&t, "entry", "big-tech");
    let (pb, eb) = row(&t, "mid", "big-tech");
    let (Equity::Share(sa), Equity::Share(sb)) = (ea, eb) else { panic!("big tech equity is valued") };
    let m = multiplier(&t, Factor::CompanySize, "big-tech");
    let v = json_2024(&["estimate", "-y", "2.25", "-z", "big-tech", "--total", "-f", "json"]);
    let w = v["blend"]["weight"].as_f64().unwrap();
    assert_eq!(w, 0.25);
    let (lo, hi) = ((90_000.0 + 30_000.0 * w) * m, (120_000.0 + 40_000.0 * w) * m);
    let want = expected(lo, hi, pa + (pb - pa) * w, Some(sa + (sb - sa) * w), 1000);
    assert_eq!(v["total"], want["total"]);
    assert_eq!(v["bonus"]["low"], want["bonus"]["low"]);
    assert_eq!(v["equity"]["high"], want["equity"]["high"]);
}

#[test]
fn total_pay_is_converted_like_the_base() {
    let t = builtin();
    let gbp = t.currencies.find("GBP").unwrap().per_usd;
    let (pct, equity) = row(&t, "mid", "any");
    let Equity::Share(share) = equity else { panic!("valued") };
    let m = multiplier(&t, Factor::Location, "london");
    let v = json_2024(&[
        "estimate",
        "-y",
        "4",
        "-c",
        "london",
        "--currency",
        "local",
        "--total",
        "-f",
        "json",
        "-q",
    ]);
    assert_eq!(total_fields(&v), expected(120_000.0 * m * gbp, 160_000.0 * m * gbp, pct, Some(share), 1000));
}

#[test]
fn without_total_the_json_and_csv_are_unchanged() {
    let v = json_2024(&["estimate", "-y", "4", "-f", "json"]);
    // There, and null: one shape with and without the flag (issue 31).
    for field in ["bonus", "equity", "total"] {
        assert!(v.get(field).is_some_and(|f| f.is_null()), "{field}: {v}");
    }
    let out = mlsal().args(["estimate", "--as-of", "2024", "-y", "4", "-f", "csv"]).output().unwrap();
    let header = String::from_utf8(out.stdout).unwrap().lines().next().unwrap().to_string();
    assert_eq!(header, mlsal::view::estimate::ESTIMATE_COLUMNS.join(","));
}

#[test]
fn csv_and_text_carry_the_same_totals_as_json() {
    let args = ["estimate", "--as-of", "2024", "-y", "7", "-z", "big-tech", "--total"];
    let v = json(&[&args[..], &["-f", "json"]].concat());
    let out = mlsal().args(args).args(["-f", "csv"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let (header, row): (Vec<&str>, Vec<&str>) =
        (lines[0].split(',').collect(), lines[1].split(',').collect());
    let col = |name: &str| row[header.iter().position(|h| *h == name).unwrap()].to_string();
    assert_eq!(col("bonus_low"), v["bonus"]["low"].to_string());
    assert_eq!(col("equity_high"), v["equity"]["high"].to_string());
    assert_eq!(col("total_mid"), v["total"]["mid"].to_string());

    let text = String::from_utf8(mlsal().args(args).output().unwrap().stdout).unwrap();
    let total = format!(
        "{} – {}+",
        mlsal::output::money(v["total"]["low"].as_i64().unwrap(), "USD"),
        mlsal::output::money(v["total"]["high"].as_i64().unwrap(), "USD")
    );
    assert!(text.lines().any(|l| l.starts_with("  total") && l.contains(&total)), "{text}");
    assert!(text.lines().any(|l| l.starts_with("  bonus")), "{text}");
    assert!(text.lines().any(|l| l.starts_with("  equity")), "{text}");

    let out = mlsal()
        .args(["estimate", "--as-of", "2024", "-z", "startup", "--total", "-f", "csv"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().skip(1).all(|l| l.contains(",,,true,")), "unvalued options: {text}");
}

#[test]
fn compare_and_offer_carry_the_total_in_json_and_csv() {
    let v = json_2024(&["compare", "-y", "4", "-c", "sf,nyc", "--total", "-f", "json"]);
    let one = json_2024(&["estimate", "-y", "4", "-c", "nyc", "--total", "-f", "json"]);
    assert_eq!(v[1]["total"], one["total"]);
    let out = mlsal()
        .args(["compare", "--as-of", "2024", "-y", "4", "-c", "sf,nyc", "--total", "-f", "csv"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines().next().unwrap().ends_with(
            ",currency,pay_year,wage_factor,bands,bonus_low,bonus_high,equity_low,equity_high,equity_options,total_low,total_mid,total_high"
        ),
        "{text}"
    );
    assert!(text.lines().nth(2).unwrap().ends_with(&format!(",{}", one["total"]["high"])), "{text}");

    let out = mlsal()
        .args(["offer", "--as-of", "2024", "250k", "-y", "4", "-c", "nyc", "--total", "-f", "csv"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let (header, row): (Vec<&str>, Vec<&str>) =
        (lines[0].split(',').collect(), lines[1].split(',').collect());
    assert_eq!(header.len(), row.len());
    assert_eq!(row[header.iter().position(|h| *h == "total_low").unwrap()], one["total"]["low"].to_string());
}
