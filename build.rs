//! Validates the embedded data at build time and compiles it into Rust.
//!
//! Parsing and validating seven TOML files took about half a millisecond, which was most of
//! `mlsal`'s start-up. The shipped tables cannot change after the build, so they are checked
//! here, by the very loader the program uses (`src/data/`), and a build with invalid data
//! fails with each problem's file, line and column. What runs is the validated result,
//! written out as code (`src/embedded.rs` includes it). User data is still parsed and
//! validated at run time.

#[allow(dead_code, unused_imports)]
#[path = "src/error.rs"]
mod error;

#[allow(dead_code, unused_imports)]
#[path = "src/names/mod.rs"]
mod names;

#[allow(dead_code, unused_imports)]
#[path = "src/tables/mod.rs"]
mod tables;

#[allow(dead_code, unused_imports)]
#[path = "src/data/mod.rs"]
mod data;

use std::fmt::Write;

use tables::currency::Currency;
use tables::market::{BlsRow, LevelRow, Levels, Market, NotReleased, SurveyCell};
use tables::pay::{Equity, PayRow};
use tables::wages::{Status, WageChange};
use tables::{Band, Confidence, Entry, Tables, Text};

fn main() {
    for path in ["data", "src/data", "src/tables", "src/names", "src/error.rs", "build.rs"] {
        println!("cargo:rerun-if-changed={path}");
    }
    let tables = match data::load_embedded() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("the data in data/ is invalid:\n{e}");
            std::process::exit(1);
        }
    };
    // A US location with no BLS rows is allowed (`mlsal market` says there are none), but
    // the build names it, so a city added before market.toml maps an area to it is noticed.
    let us = tables.factors[tables::Factor::Location.index()]
        .entries
        .iter()
        .filter(|e| e.country.as_deref() == Some("US"))
        .map(|e| e.key.as_ref());
    for key in tables.market.unserved(us) {
        println!(
            "cargo:warning=market.toml has no BLS rows for US location `{key}`: map an area to it in scripts/market.py"
        );
    }
    let out =
        std::path::Path::new(&std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
    std::fs::write(out, code(&tables)).expect("OUT_DIR is writable");
}

/// Text, borrowed from the binary: no allocation when the tables are built.
fn s(x: &str) -> String {
    format!("Cow::Borrowed({x:?})")
}

fn opt(x: &Option<Text>) -> String {
    x.as_ref().map_or("None".into(), |v| format!("Some({})", s(v)))
}

/// An `f64`, bit for bit.
fn f(x: f64) -> String {
    format!("f64::from_bits({:#x})", x.to_bits())
}

fn confidence(c: Confidence) -> &'static str {
    match c {
        Confidence::High => "Confidence::High",
        Confidence::Medium => "Confidence::Medium",
        Confidence::Low => "Confidence::Low",
    }
}

fn entry(e: &Entry) -> String {
    format!(
        "Entry {{ key: {}, label: {}, aliases: Cow::Borrowed(&[{}]), multiplier: {}, source: {}, confidence: {}, note: {}, country: {}, currency: {}, area_code: {} }}",
        s(&e.key),
        s(&e.label),
        e.aliases.iter().map(|a| s(a)).collect::<Vec<_>>().join(", "),
        f(e.multiplier),
        s(&e.source),
        confidence(e.confidence),
        opt(&e.note),
        opt(&e.country),
        opt(&e.currency),
        opt(&e.area_code),
    )
}

fn band(b: &Band) -> String {
    format!(
        "Band {{ level: {}, label: {}, from_years: {}, to_years: {}, low: {}, mid: {}, high: {}, open_ended: {}, source: {}, confidence: {}, note: {} }}",
        s(&b.level),
        s(&b.label),
        f(b.from_years),
        f(b.to_years),
        f(b.low),
        b.mid.map_or("None".into(), |m| format!("Some({})", f(m))),
        f(b.high),
        b.open_ended,
        s(&b.source),
        confidence(b.confidence),
        opt(&b.note),
    )
}

fn currency(c: &Currency) -> String {
    format!(
        "Currency {{ code: {}, name: {}, per_usd: {}, as_of: {}, source: {} }}",
        s(&c.code),
        s(&c.name),
        f(c.per_usd),
        s(&c.as_of),
        s(&c.source),
    )
}

fn pay_row(r: &PayRow) -> String {
    let equity = match r.equity {
        Equity::Share(x) => format!("Equity::Share({})", f(x)),
        Equity::Options => "Equity::Options".to_string(),
    };
    format!(
        "PayRow {{ level: {}, company_size: {}, bonus_pct: {}, equity: {equity}, source: {}, confidence: {}, note: {} }}",
        s(&r.level),
        s(&r.company_size),
        f(r.bonus_pct),
        s(&r.source),
        confidence(r.confidence),
        opt(&r.note),
    )
}

fn wage_change(w: &WageChange) -> String {
    let status = match w.status {
        Status::Final => "Status::Final",
        Status::Provisional => "Status::Provisional",
    };
    format!(
        "WageChange {{ year: {}, change_pct: {}, period: {}, status: {status}, source: {}, confidence: {}, note: {} }}",
        w.year,
        f(w.change_pct),
        s(&w.period),
        s(&w.source),
        confidence(w.confidence),
        opt(&w.note),
    )
}

fn code(t: &Tables) -> String {
    let mut c = String::from("// Generated by build.rs from data/*.toml, after validation. Do not edit.\n");
    c.push_str("pub static TABLES: Tables = Tables {\n");
    let bands: Vec<String> = t.bands.bands.iter().map(band).collect();
    let _ = writeln!(
        c,
        "        bands: Bands {{ as_of: {}, bands: Cow::Borrowed(&[{}]), basis: Basis::Article, abroad: Cow::Borrowed(&[]) }},",
        s(&t.bands.as_of),
        bands.join(",\n")
    );
    let _ =
        writeln!(c, "        bounds: Bounds {{ floor: {}, cap: {} }},", f(t.bounds.floor), f(t.bounds.cap));
    c.push_str("        factors: [\n");
    for table in &t.factors {
        let entries: Vec<String> = table.entries.iter().map(entry).collect();
        let _ = writeln!(
            c,
            "            FactorTable::new(Factor::{:?}, {}, Cow::Borrowed(&[{}]), {}, Cow::Borrowed(&[{}])),",
            table.factor,
            s(&table.as_of),
            entries.join(",\n"),
            table.default_index(),
            table
                .ambiguous
                .iter()
                .map(|(name, i)| format!("({}, Cow::Borrowed(&{i:?}))", s(name)))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    c.push_str("        ],\n        sources: Cow::Borrowed(&[\n");
    for (k, v) in t.sources.iter() {
        let _ = writeln!(c, "            ({}, {}),", s(k), s(v));
    }
    c.push_str("        ]),\n");
    let rates: Vec<String> = t.currencies.entries.iter().map(currency).collect();
    let _ =
        writeln!(c, "        currencies: Currencies {{ entries: Cow::Borrowed(&[{}]) }},", rates.join(",\n"));
    let grid: Vec<String> = t
        .compensation
        .grid
        .iter()
        .map(|row| format!("Cow::Borrowed(&[{}])", row.iter().map(pay_row).collect::<Vec<_>>().join(",\n")))
        .collect();
    let _ = writeln!(
        c,
        "        compensation: Compensation {{ as_of: {}, grid: Cow::Borrowed(&[{}]) }},",
        s(&t.compensation.as_of),
        grid.join(",\n")
    );
    let wages: Vec<String> = t.wages.entries.iter().map(wage_change).collect();
    let _ = writeln!(
        c,
        "        wages: Wages {{ as_of: {}, series: {}, entries: Cow::Borrowed(&[{}]) }},",
        s(&t.wages.as_of),
        s(&t.wages.series),
        wages.join(",\n")
    );
    c.push_str(
        "        market: LazyMarket::new(market),\n        edges: std::sync::OnceLock::new(),\n        data: Cow::Borrowed(\"builtin\"),\n};\n\n",
    );
    // Code, not data: the market's lists are built on first use (`LazyMarket`), so its
    // pointers cost no relocation at start-up. Its strings stay borrowed.
    let _ = writeln!(c, "fn market() -> Market {{\n    {}\n}}", market(&t.market));
    c
}

/// A list of the market table: built when the table is (owned), its strings borrowed.
fn owned(items: &[String], sep: &str) -> String {
    format!("Cow::Owned(vec![{}])", items.join(sep))
}

fn strings(xs: &[Text]) -> String {
    owned(&xs.iter().map(|x| s(x)).collect::<Vec<_>>(), ", ")
}

fn cell(c: &SurveyCell) -> String {
    format!(
        "SurveyCell {{ title_group: {}, country: {}, level: {}, year: {}, pooled: {}, n: {}, rows: {}, currency: {}, pct: Percentiles({:?}), salaries: Cow::Borrowed(&{:?}) }}",
        s(&c.title_group),
        s(&c.country),
        s(&c.level),
        s(&c.year),
        c.pooled,
        c.n,
        c.rows,
        s(&c.currency),
        c.pct.0,
        &c.salaries[..],
    )
}

fn bls_row(r: &BlsRow) -> String {
    format!(
        "BlsRow {{ area_code: {}, area_title: {}, locations: {}, occ_code: {}, occ_title: {}, employment: {}, pct: Percentiles({:?}) }}",
        s(&r.area_code),
        s(&r.area_title),
        strings(&r.locations),
        s(&r.occ_code),
        s(&r.occ_title),
        r.employment,
        r.pct.0,
    )
}

fn not_released(n: &NotReleased) -> String {
    format!("NotReleased {{ area_code: {}, occ_code: {} }}", s(&n.area_code), s(&n.occ_code))
}

fn level_row(r: &LevelRow) -> String {
    format!(
        "LevelRow {{ area_code: {}, area_title: {}, occ_code: {}, occ_title: {}, mean: {}, p10: {}, p25: {}, p90: {}, levels: {:?} }}",
        s(&r.area_code),
        s(&r.area_title),
        s(&r.occ_code),
        s(&r.occ_title),
        r.mean,
        r.p10,
        r.p25,
        r.p90,
        r.levels,
    )
}

fn levels(l: &Option<Levels>) -> String {
    let Some(l) = l else { return "None".into() };
    format!(
        "Some(Levels {{ source: {}, release: {}, as_of: {}, rule: {}, rows: {}, not_released: {}, not_computable: {} }})",
        s(&l.source),
        s(&l.release),
        s(&l.as_of),
        s(&l.rule),
        owned(&l.rows.iter().map(level_row).collect::<Vec<_>>(), ",\n"),
        owned(&l.not_released.iter().map(not_released).collect::<Vec<_>>(), ", "),
        owned(&l.not_computable.iter().map(not_released).collect::<Vec<_>>(), ", "),
    )
}

fn market(m: &Market) -> String {
    let (sv, b) = (&m.survey, &m.bls);
    let cells: Vec<String> = sv.cells.iter().map(cell).collect();
    let rows: Vec<String> = b.rows.iter().map(bls_row).collect();
    let occupations: Vec<String> =
        b.occupations.iter().map(|(c, t)| format!("({}, {})", s(c), s(t))).collect();
    let not_released: Vec<String> = b.not_released.iter().map(not_released).collect();
    format!(
        "Market {{ min_n: {}, survey: Survey {{ source: {}, licence: {}, as_of: {}, pooled_years: {}, duplicates: {}, us_premium: {}, premium_rule: {}, ml_premium: {}, title_groups: {}, cells: {} }}, bls: Bls {{ source: {}, licence: {}, release: {}, as_of: {}, occupations: {}, rows: {}, not_released: {} }}, levels: {} }}",
        m.min_n,
        s(&sv.source),
        s(&sv.licence),
        s(&sv.as_of),
        s(&sv.pooled_years),
        s(&sv.duplicates),
        f(sv.us_premium),
        s(&sv.premium_rule),
        s(&sv.ml_premium),
        strings(&sv.title_groups),
        owned(&cells, ",\n"),
        s(&b.source),
        s(&b.licence),
        s(&b.release),
        s(&b.as_of),
        owned(&occupations, ", "),
        owned(&rows, ",\n"),
        owned(&not_released, ", "),
        levels(&m.levels),
    )
}
