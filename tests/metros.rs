//! The US metros of data/location.toml are the rule applied to the BLS figures the project
//! carries (data/sources/oews-metros-may2025.csv), recomputed here independently of
//! scripts/metros.py: multiplier = geometric mean of (metro median / US median) for software
//! developers (15-1252) and data scientists (15-2051), or the first ratio alone where BLS did
//! not release the second; rounded half up to 0.01.

mod common;

use std::collections::{BTreeMap, HashMap};

const CSV: &str = include_str!("../data/sources/oews-metros-may2025.csv");
const TOML: &str = include_str!("../data/location.toml");

/// `area code -> (software-developer median, data-scientist median if released)`.
fn medians() -> BTreeMap<String, (f64, Option<f64>)> {
    let mut out: BTreeMap<String, (f64, Option<f64>)> = BTreeMap::new();
    for row in csv::Reader::from_reader(CSV.as_bytes()).records() {
        let row = row.unwrap();
        let (area, occ, median) = (&row[1], &row[3], &row[8]);
        let slot = out.entry(area.to_string()).or_insert((f64::NAN, None));
        match occ {
            "15-1252" => slot.0 = median.parse().unwrap(),
            "15-2051" => slot.1 = median.parse().ok(),
            other => panic!("unexpected occupation {other}"),
        }
    }
    out
}

fn entries() -> Vec<toml::Table> {
    let doc: toml::Table = TOML.parse().unwrap();
    doc["entry"].as_array().unwrap().iter().map(|e| e.as_table().unwrap().clone()).collect()
}

#[test]
fn every_us_multiplier_is_the_rule_applied_to_the_csv() {
    let medians = medians();
    let (us_sd, us_ds) = medians["99"];
    let us_ds = us_ds.unwrap();
    let mut checked = 0;
    for e in entries() {
        let Some(code) = e.get("area_code").and_then(|c| c.as_str()) else { continue };
        let (sd, ds) = medians[code];
        let exact = match ds {
            Some(ds) => (sd / us_sd * ds / us_ds).sqrt(),
            None => sd / us_sd,
        };
        let rule = (exact * 100.0 + 0.5).floor() / 100.0;
        let table = e["multiplier"].as_float().unwrap();
        assert_eq!(table, rule, "{}: exact {exact}", e["key"]);
        checked += 1;
    }
    assert_eq!(checked, 50);
}

#[test]
fn every_metro_of_the_csv_has_one_location_and_us_stays_neutral() {
    let codes: Vec<String> = medians().into_keys().filter(|c| c != "99").collect();
    assert_eq!(codes.len(), 50);
    let entries = entries();
    for code in &codes {
        let n = entries.iter().filter(|e| e.get("area_code").and_then(|c| c.as_str()) == Some(code)).count();
        assert_eq!(n, 1, "area {code}");
    }
    for key in ["us", "remote-us"] {
        let e = entries.iter().find(|e| e["key"].as_str() == Some(key)).unwrap();
        assert_eq!(e["multiplier"].as_float(), Some(1.0), "{key}");
    }
    let out = common::json_2024(&["estimate", "-f", "json"]);
    let bands: Vec<(i64, i64)> = out
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["low"].as_i64().unwrap(), e["high"].as_i64().unwrap()))
        .collect();
    assert_eq!(bands, [(90_000, 120_000), (120_000, 160_000), (160_000, 200_000)]);
}

#[test]
fn names_are_unique_once_folded_and_ambiguous_names_are_nobodys() {
    let fold = |s: &str| {
        s.chars().filter(|c| !matches!(c, ' ' | '\t' | '-' | '_' | ',')).collect::<String>().to_lowercase()
    };
    let mut owner: HashMap<String, String> = HashMap::new();
    for e in entries() {
        let key = e["key"].as_str().unwrap().to_string();
        let aliases = e.get("aliases").and_then(|a| a.as_array()).cloned().unwrap_or_default();
        for name in
            std::iter::once(key.clone()).chain(aliases.iter().map(|a| a.as_str().unwrap().to_string()))
        {
            if let Some(prev) = owner.insert(fold(&name), key.clone()) {
                panic!("`{name}` is a name of both `{prev}` and `{key}`");
            }
        }
    }
    let doc: toml::Table = TOML.parse().unwrap();
    let ambiguous = doc["ambiguous"].as_table().unwrap();
    assert!(ambiguous.contains_key("arlington"));
    for (name, keys) in ambiguous {
        assert!(!owner.contains_key(&fold(name)), "`{name}` is ambiguous and an alias");
        let err = common::fails(&["estimate", "--as-of", "2024", "--years", "4", "--city", name], 2);
        for key in keys.as_array().unwrap() {
            assert!(err.contains(&format!("`{}`", key.as_str().unwrap())), "{err}");
        }
    }
}

#[test]
fn new_metros_and_their_cities_are_priced() {
    for (city, key) in [
        ("phoenix", "phoenix"),
        ("St. Paul", "minneapolis"),
        ("Bellevue", "seattle"),
        ("Fort Worth", "dallas"),
        ("Cambridge MA", "boston"),
        ("salt lake city", "salt-lake-city"),
    ] {
        let out = common::json_2024(&["estimate", "--years", "4", "--city", city, "-f", "json"]);
        assert_eq!(out["factors"][0]["key"], key, "{city}");
    }
}

#[test]
fn list_location_shows_us_places_apart_from_the_rest() {
    let out = common::mlsal().args(["list", "location"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let groups: Vec<&str> = text.split("\n\n").collect();
    assert_eq!(groups.len(), 2, "{text}");
    assert!(groups[0].starts_with("location (--city), in the US, as of "), "{text}");
    assert!(groups[1].starts_with("location (--city), outside the US, as of "), "{text}");
    let us: Vec<&str> = groups[0].lines().skip(1).map(|l| l.split_whitespace().next().unwrap()).collect();
    assert_eq!(us.len(), 52, "50 metros, us and remote-us");
    assert_eq!(&us[..2], ["us", "remote-us"]);
    assert!(groups[1].lines().skip(1).all(|l| !l.contains("S29")));
    let json = common::json(&["list", "location", "-f", "json"]);
    let sf = json.as_array().unwrap().iter().find(|e| e["key"] == "sf").unwrap();
    assert_eq!(sf["area_code"], "41860");
}
