//! The approximate OEWS wage levels (issue 27), checked against the shared BLS file itself,
//! not the generated table: each level recomputed here from the CSV's p10, p25 and mean by the
//! rule, and what `offer`, `market` and `batch` print compared with it. Without
//! ../shared/market (or MLSAL_MARKET_DIR) the checks that need the file say `SKIP:` on stderr.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use common::{Temp, batch, csv_rows, fails, json, mlsal, stdout};

/// `189,923`.
fn thousands(n: i64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn skipped(what: &str) {
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "SKIP: {what}: oews-levels-may2025.csv is not at hand (../shared/market beside the project, or MLSAL_MARKET_DIR)"
    );
}

fn levels_file() -> Option<PathBuf> {
    let dir = std::env::var_os("MLSAL_MARKET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(ROOT).join("..").join("shared").join("market"));
    Some(dir.join("oews-levels-may2025.csv")).filter(|p| p.is_file())
}

/// A row of the shared file: `None` for a figure BLS did not release.
struct Row {
    area: String,
    soc: String,
    mean: Option<f64>,
    p10: Option<f64>,
    p25: Option<f64>,
    p90: Option<f64>,
}

fn read_rows(path: &Path) -> Vec<Row> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let head = r.headers().unwrap().clone();
    let at = |name: &str| head.iter().position(|h| h == name).unwrap();
    let (area, soc, mean, p10, p25, p90) =
        (at("area_code"), at("occ_code"), at("a_mean"), at("a_pct10"), at("a_pct25"), at("a_pct90"));
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            let num = |i: usize| rec[i].parse::<f64>().ok();
            Row {
                area: rec[area].to_string(),
                soc: rec[soc].to_string(),
                mean: num(mean),
                p10: num(p10),
                p25: num(p25),
                p90: num(p90),
            }
        })
        .collect()
}

/// The rule, in floating point, straight from the issue: Level I the 17th percentile linear
/// between p10 and p25; III the mean; IV = (3 mean - I) / 2; II = I + (IV - I) / 3.
fn rule(r: &Row) -> Option<[f64; 4]> {
    let (mean, p10, p25) = (r.mean?, r.p10?, r.p25?);
    let one = p10 + (17.0 - 10.0) / (25.0 - 10.0) * (p25 - p10);
    let four = (3.0 * mean - one) / 2.0;
    let two = one + (four - one) / 3.0;
    Some([one, two, mean, four])
}

/// Every location key of data/location.toml with a BLS area code, and the area: `us` is 99.
fn areas() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(Path::new(ROOT).join("data/location.toml")).unwrap();
    let mut out = vec![("us".to_string(), "99".to_string())];
    let mut key = None;
    for line in text.lines() {
        if let Some(k) = line.strip_prefix("key = ") {
            key = Some(k.trim_matches('"').to_string());
        }
        if let (Some(code), Some(k)) = (line.strip_prefix("area_code = "), &key) {
            out.push((k.clone(), code.trim_matches('"').to_string()));
        }
    }
    out
}

#[test]
fn level_three_is_the_mean_and_every_level_lies_within_p10_p90() {
    let Some(path) = levels_file() else { return skipped("Level III = mean") };
    let rows = read_rows(&path);
    assert_eq!(rows.len(), 153, "the US and 50 metros x 3 occupations");
    let mut checked = 0;
    for r in &rows {
        let Some(l) = rule(r) else { continue };
        assert_eq!(l[2], r.mean.unwrap(), "{} {}", r.area, r.soc);
        // Level III is a third of the way from I plus two thirds of IV: the mean, exactly.
        assert!((l[0] / 3.0 + 2.0 * l[3] / 3.0 - l[2]).abs() < 1e-6);
        checked += 1;
    }
    assert_eq!(checked, 146);
    // And in the shipped table: every row's Level III is its mean.
    let toml = std::fs::read_to_string(Path::new(ROOT).join("data/market.toml")).unwrap();
    let levels = &toml[toml.find("\n[levels]").unwrap()..];
    let (mut means, mut threes) = (Vec::new(), Vec::new());
    for line in levels.lines() {
        if let Some(m) = line.strip_prefix("mean = ") {
            means.push(m.to_string());
        }
        if let Some(l) = line.strip_prefix("levels = [") {
            threes.push(l.split(", ").nth(2).unwrap().to_string());
        }
    }
    assert_eq!(means.len(), 145);
    assert_eq!(means, threes);
}

#[test]
fn market_shows_the_rules_thresholds_for_every_area_and_occupation() {
    let Some(path) = levels_file() else { return skipped("market's thresholds") };
    let rows = read_rows(&path);
    let by: HashMap<(&str, &str), &Row> =
        rows.iter().map(|r| ((r.area.as_str(), r.soc.as_str()), r)).collect();
    let areas = areas();
    assert!(areas.len() >= 51, "{}", areas.len());
    for (key, area) in &areas {
        let v = json(&["market", "-y", "4", "-c", key, "-f", "json"]);
        let shown = v["wage_levels"].as_array().unwrap();
        assert_eq!(shown.len(), 3, "{key}");
        for s in shown {
            let soc = s["soc"].as_str().unwrap();
            let row = by[&(area.as_str(), soc)];
            match rule(row) {
                Some(want) => {
                    let inside = want.iter().all(|x| (row.p10.unwrap()..=row.p90.unwrap()).contains(x))
                        && want.windows(2).all(|w| w[0] < w[1]);
                    if !inside {
                        // Hartford's research scientists: p10 = p90, so no levels by the rule.
                        assert_eq!(s["status"], "not_computable", "{key} {soc}: {want:?}");
                        continue;
                    }
                    let got = s["thresholds_usd"].as_array().unwrap_or_else(|| panic!("{key} {soc}: {s}"));
                    for (g, w) in got.iter().zip(want) {
                        assert!((g.as_f64().unwrap() - w).abs() <= 0.5 + 1e-9, "{key} {soc}: {g} vs {w}");
                    }
                }
                None => assert_eq!(s["status"], "not_released", "{key} {soc}"),
            }
        }
    }
}

#[test]
fn the_issues_san_francisco_offer_is_level_two() {
    let v = json(&["offer", "185k", "--years", "4", "--city", "sf", "-f", "json"]);
    let l = &v["wage_level"];
    assert_eq!(l["level"], "II");
    assert_eq!(l["lottery_entries"], 2);
    assert_eq!(l["soc"], "15-1252");
    assert_eq!(l["thresholds_usd"], serde_json::json!([144615, 169022, 193430, 217838]));
    assert_eq!(l["next"]["level"], "III");
    assert_eq!(l["next"]["more_usd"], 8430.0);
    let text = stdout(&["offer", "185k", "--years", "4", "--city", "sf"]);
    for want in [
        "Level II: 2 lottery entries",
        "I $144,615, II $169,022, III $193,430, IV $217,838",
        "$8,430 more reaches Level III: 3 lottery entries instead of 2",
        "approximate",
        "May 2025",
        "July-June",
        "employer picks the occupation code",
        "not moved by --as-of",
        "not legal advice",
    ] {
        assert!(text.replace("\n            ", " ").contains(want), "{want}:\n{text}");
    }
}

#[test]
fn soc_and_place_change_the_thresholds_as_the_data_says() {
    let Some(path) = levels_file() else { return skipped("--soc and -c us thresholds") };
    let rows = read_rows(&path);
    for (args, area, soc) in [
        (vec!["-c", "sf", "--soc", "15-2051"], "41860", "15-2051"),
        (vec!["-c", "sf", "--soc", "data-scientist"], "41860", "15-2051"),
        (vec!["-c", "sf", "--soc", "research"], "41860", "15-1221"),
        (vec!["-c", "us"], "99", "15-1252"),
        (vec!["-c", "seattle", "--soc", "ds"], "42660", "15-2051"),
    ] {
        let row = rows.iter().find(|r| r.area == area && r.soc == soc).unwrap();
        let want = rule(row).unwrap();
        let mut all = vec!["offer", "185k", "-y", "4", "-f", "json"];
        all.extend(&args);
        let l = &json(&all)["wage_level"];
        assert_eq!(l["soc"], soc, "{args:?}");
        let got: Vec<f64> =
            l["thresholds_usd"].as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect();
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() <= 0.5 + 1e-9, "{args:?}: {got:?} vs {want:?}");
        }
        let level = want.iter().filter(|t| 185_000.0 >= t.round()).count();
        assert_eq!(l["lottery_entries"], level, "{args:?}");
    }
}

#[test]
fn abroad_there_is_no_level_and_as_of_does_not_move_the_thresholds() {
    let text = stdout(&["offer", "185k", "-y", "4", "-c", "london"]);
    assert!(text.contains("no OEWS level outside the US"), "{text}");
    let l = &json(&["offer", "185k", "-y", "4", "-c", "london", "-f", "json"])["wage_level"];
    assert_eq!((l["status"].as_str(), l["level"].is_null()), (Some("abroad"), true));
    let a = &json(&["offer", "185k", "-y", "4", "-c", "sf", "--as-of", "2024", "-f", "json"])["wage_level"];
    let b = &json(&["offer", "185k", "-y", "4", "-c", "sf", "-f", "json"])["wage_level"];
    assert_eq!(a["thresholds_usd"], b["thresholds_usd"]);
    assert_eq!(a["level"], b["level"]);
}

#[test]
fn another_currency_is_converted_at_the_tables_rate() {
    // €170,000 at the tables' rate, against the dollar thresholds.
    let v = json(&["offer", "170000", "-y", "4", "-c", "sf", "--currency", "EUR", "-f", "json"]);
    let l = &v["wage_level"];
    let usd = l["amount_usd"].as_f64().unwrap();
    assert!(usd > 170_000.0 && usd < 250_000.0, "{usd}");
    let t: Vec<f64> = l["thresholds_usd"].as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect();
    assert_eq!(l["lottery_entries"], t.iter().filter(|x| usd >= **x).count());
    let text = stdout(&["offer", "170000", "-y", "4", "-c", "sf", "--currency", "EUR"]);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains(&format!("(€170,000 = ${} at the tables' rate)", thousands(usd.round() as i64))),
        "{text}"
    );
}

#[test]
fn bad_soc_is_a_one_line_usage_error_naming_the_choices() {
    let err = fails(&["offer", "185k", "-y", "4", "--soc", "15-9999"], 2);
    assert_eq!(
        err,
        "mlsal: error: invalid value `15-9999` for --soc: expected one of: 15-1252 (software-developer), 15-2051 (data-scientist), 15-1221 (research-scientist)\n"
    );
    fails(&["batch", "--soc", "plumber"], 2);
}

#[test]
fn batch_wage_level_equals_offers_and_the_summary_counts_them() {
    let cases = [
        ("4", "sf", "185000", "15-1252"),
        ("4", "sf", "100000", "15-1252"),
        ("10", "seattle", "260000", "15-1252"),
        ("2", "us", "121000", "15-1252"),
        ("4", "london", "185000", "15-1252"),
        ("4", "madison", "120000", "15-1252"),
        ("4", "sf", "185000", "15-2051"),
        ("4", "madison", "120000", "15-2051"),
        ("4", "austin", "150000", "15-1221"),
    ];
    let mut counts = HashMap::new();
    for soc in ["15-1252", "15-2051", "15-1221"] {
        let rows: Vec<_> = cases.iter().filter(|c| c.3 == soc).collect();
        let input: String = std::iter::once("years,city,salary\n".to_string())
            .chain(rows.iter().map(|(y, c, s, _)| format!("{y},{c},{s}\n")))
            .collect();
        let run = batch(&["--soc", soc], input.clone());
        let (head, cells) = csv_rows(&run.stdout);
        let at = |name: &str| head.iter().position(|h| h == name).unwrap();
        for ((y, c, s, _), row) in rows.iter().zip(&cells) {
            let o = json(&["offer", s, "-y", y, "-c", c, "--soc", soc, "-f", "json"]);
            let want = o["wage_level"]["level"].as_str().unwrap_or("");
            assert_eq!(row[at("wage_level")], want, "{c} {s} {soc}");
            assert_eq!(row[at("wage_level_soc")], if want.is_empty() { "" } else { soc }, "{c} {s}");
            *counts.entry((soc, want.to_string())).or_insert(0) += 1;
        }
        // The summary counts the same.
        let run = batch(&["--soc", soc, "--summary", "-f", "json"], input);
        let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let total = v.as_array().unwrap().last().unwrap().clone();
        for (name, level) in [
            ("wage_level_below_i", "below I"),
            ("wage_level_i", "I"),
            ("wage_level_ii", "II"),
            ("wage_level_iii", "III"),
            ("wage_level_iv", "IV"),
            ("wage_level_none", ""),
        ] {
            let n = counts.get(&(soc, level.to_string())).copied().unwrap_or(0);
            assert_eq!(total[name], n, "{soc} {name}");
        }
    }
    assert_eq!(counts[&("15-1252", "".to_string())], 1, "london");
}

#[test]
fn data_check_rejects_levels_off_the_rule() {
    let toml = std::fs::read_to_string(Path::new(ROOT).join("data/market.toml")).unwrap();
    // San Francisco's software developers, Level III no longer the mean.
    let good = "levels = [144615, 169022, 193430, 217838]";
    assert!(toml.contains(good));
    let dir = Temp::new("levels-off");
    dir.write("market.toml", &toml.replace(good, "levels = [144615, 169022, 193431, 217838]"));
    let out = mlsal().args(["data", "check", dir.str()]).output().unwrap();
    let err = String::from_utf8([out.stdout, out.stderr].concat()).unwrap();
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("Level III 193431 must equal the mean 193430"), "{err}");
    let dir = Temp::new("levels-rule");
    dir.write("market.toml", &toml.replace(good, "levels = [144600, 169022, 193430, 217838]"));
    let out = mlsal().args(["data", "check", dir.str()]).output().unwrap();
    let err = String::from_utf8([out.stdout, out.stderr].concat()).unwrap();
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("do not follow the rule") && err.contains("scripts/market.py"), "{err}");
    // A user table without [levels] still reads: offer then says there are none.
    let cut = &toml[..toml.find("\n# [levels]").unwrap()];
    let dir = Temp::new("levels-none");
    dir.write("market.toml", &format!("{cut}\n"));
    let v = json(&["--data", dir.str(), "offer", "185k", "-y", "4", "-c", "sf", "-f", "json"]);
    assert_eq!(v["wage_level"]["status"], "no_data");
}

#[test]
fn market_csv_puts_the_levels_beside_the_bls_rows() {
    let (head, rows) = csv_rows(&stdout(&["market", "-y", "4", "-c", "sf", "-f", "csv"]));
    let at = |name: &str| head.iter().position(|h| h == name).unwrap();
    let bls: Vec<&Vec<String>> = rows.iter().filter(|r| r[at("kind")] == "bls").collect();
    let want = [
        ("15-1252", ["144615", "169022", "193430", "217838"]),
        ("15-2051", ["113758", "144294", "174830", "205366"]),
    ];
    for (row, (soc, levels)) in bls.iter().zip(want) {
        assert!(row[at("name")].starts_with(soc), "{row:?}");
        let got: Vec<&str> = (1..=4).map(|i| row[at(&format!("wage_level_{i}_usd"))].as_str()).collect();
        assert_eq!(got, levels);
    }
    // None abroad.
    let (head, rows) = csv_rows(&stdout(&["market", "-y", "4", "-c", "london", "-f", "csv"]));
    let at = head.iter().position(|h| h == "wage_level_1_usd").unwrap();
    assert!(rows.iter().all(|r| r[at].is_empty()));
}

#[test]
fn whatif_says_how_much_more_reaches_a_close_level() {
    // San Francisco, mid level: the mid $208,000 is $9,838 (4.7%) under Level IV, $217,838.
    let text = stdout(&["whatif", "-y", "4", "-c", "sf"]);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains("a pay at the mid is Level III for software developers (15-1252) here; $9,838 more reaches Level IV: 4 lottery entries instead of 3"),
        "{text}"
    );
    // Abroad, and far from a boundary, nothing is said.
    assert!(!stdout(&["whatif", "-y", "4", "-c", "london"]).contains("OEWS"));
    assert!(!stdout(&["whatif", "-y", "4", "-c", "us"]).contains("OEWS"), "mid $150,000: far from IV");
}
