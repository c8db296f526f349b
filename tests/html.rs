//! HTML reports (`--format html`, issue 26): one self-contained page per command that shows the
//! figures of the command's own CSV, escapes whatever the user typed, loads nothing and gives
//! every chart a text alternative.
//!
//! The first tests read the bytes; the browser tests render each page in headless Chromium
//! (`chromium` on the PATH, or `MLSAL_CHROMIUM`) and read the DOM it built and a screenshot.
//! Without Chromium they print a `SKIP:` line; `scripts/browser-check.sh` installs Debian's
//! `chromium` and runs them.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::mlsal;

/// A team name and a column name that would run or load something if written unescaped.
const SCRIPT: &str = "<script>alert(1)</script>";
const IMG: &str = "\"><img src=x onerror=alert(2)>";

/// The reports the tests render: a name, the command, and the CSV of the same command (the
/// figures the page must show).
fn reports(dir: &Path) -> Vec<(&'static str, Vec<String>, Vec<String>)> {
    let hostile = dir.join("hostile.csv");
    let mut f = std::fs::File::create(&hostile).unwrap();
    writeln!(f, "id,years,city,base_salary,team").unwrap();
    for (i, (years, city, pay, team)) in [
        (4, "sf", 150_000, SCRIPT),
        (2, "seattle", 120_000, SCRIPT),
        (7, "sf", 260_000, IMG),
        (1, "london", 70_000, "ads"),
        (5, "San Francisco", 199_000, IMG),
    ]
    .into_iter()
    .enumerate()
    {
        writeln!(f, "E{i},{years},\"{city}\",{pay},\"{}\"", team.replace('"', "\"\"")).unwrap();
    }
    let s = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let csv_of = |v: &[&str]| {
        let mut c = s(v);
        c.extend(s(&["-f", "csv"]));
        c
    };
    let h = hostile.to_str().unwrap();
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("estimate", vec!["estimate", "--years", "4", "--city", "sf", "--total"]),
        ("offer", vec!["offer", "185000", "--years", "4", "--city", "seattle"]),
        ("market", vec!["market", "--years", "6", "--city", "london"]),
        ("compare", vec!["compare", "--years", "4", "--city", "sf", "--city", "seattle", "--city", "berlin"]),
        ("whatif", vec!["whatif", "--years", "3", "--city", "austin"]),
        ("summary", vec!["batch", h, "--summary", "--by", "team"]),
    ];
    cases
        .into_iter()
        .map(|(name, args)| {
            let mut html = s(&args);
            html.extend(s(&["-f", "html"]));
            (name, html, csv_of(&args))
        })
        .collect()
}

fn run(args: &[String]) -> String {
    let out = mlsal().args(args).output().unwrap();
    // A summary with a bad row still writes its report; the tests' files have none.
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// `s` as the page writes text.
fn escaped(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Every cell of a CSV document.
fn cells(csv: &str) -> Vec<String> {
    csv.lines().flat_map(split_csv).filter(|c| !c.is_empty()).collect()
}

/// One CSV line's cells (quotes as the csv crate writes them; no cell here spans lines).
fn split_csv(line: &str) -> Vec<String> {
    let (mut out, mut cell, mut quoted, mut chars) =
        (Vec::new(), String::new(), false, line.chars().peekable());
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cell)),
            _ => cell.push(c),
        }
    }
    out.push(cell);
    out
}

/// The tags of an HTML document (`<svg viewBox=...>`), text left out: a `<` in text is
/// written `&lt;`, so every `<` followed by a letter opens a tag.
fn tags(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let end = rest.find('>').unwrap_or(rest.len());
            out.push(&rest[..end]);
            rest = &rest[end..];
        }
    }
    out
}

/// Whether any tag of `html` is named `name` or carries attribute `attr`.
fn loads_something(html: &str) -> Option<String> {
    for tag in tags(html) {
        let name = tag.split_whitespace().next().unwrap_or_default().to_ascii_lowercase();
        if ["script", "img", "iframe", "link", "object", "embed", "audio", "video", "source", "image", "use"]
            .contains(&name.as_str())
        {
            return Some(format!("<{tag}>"));
        }
        for attr in [" src=", " srcset=", " data=", " poster=", " background=", " xlink:href=", " action="] {
            if tag.to_ascii_lowercase().contains(attr) {
                return Some(format!("<{tag}>"));
            }
        }
        if tag.contains(" href=") && name != "a" {
            return Some(format!("<{tag}>"));
        }
        if tag.to_ascii_lowercase().contains(" on") && tag.split_whitespace().any(|a| a.starts_with("on")) {
            return Some(format!("<{tag}>"));
        }
    }
    None
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn every_report_is_one_self_contained_html5_page_with_its_csv_figures() {
    let dir = temp();
    for (name, html_args, csv_args) in reports(dir.path()) {
        let html = run(&html_args);
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"), "{name}");
        assert!(html.contains("<meta charset=\"utf-8\">") && html.contains("<title>"), "{name}");
        assert!(html.trim_end().ends_with("</html>"), "{name}");
        // Nothing that runs or loads: no script, no external style, image, frame or font.
        assert_eq!(loads_something(&html), None, "{name}");
        for banned in ["@import", "url(", "@font-face"] {
            assert!(!html.contains(banned), "{name}: {banned}");
        }
        // The figures of the command's own CSV, every cell of it.
        let csv = run(&csv_args);
        for cell in cells(&csv) {
            assert!(html.contains(&escaped(&cell)), "{name}: CSV cell `{cell}` is not on the page");
        }
        // Every chart has a text alternative.
        let charts = html.matches("<svg ").count();
        assert!(charts >= 1, "{name}: no chart");
        for chart in html.split("<svg ").skip(1) {
            let head: Vec<&str> = chart.lines().skip(1).take(2).collect();
            assert!(head[0].starts_with("<title>") && head[1].starts_with("<desc>"), "{name}: {head:?}");
            assert!(head[1].len() > "<desc></desc>".len() + 10, "{name}: an empty description");
        }
        assert!(html.contains("mlsal "), "{name}: the version");
        if name != "summary" {
            assert!(html.len() < 100_000, "{name}: {} bytes", html.len());
        }
    }
}

#[test]
fn what_the_user_typed_is_escaped() {
    let dir = temp();
    let (_, args, _) = reports(dir.path()).into_iter().find(|r| r.0 == "summary").unwrap();
    let html = run(&args);
    assert!(html.contains(&escaped(SCRIPT)) && html.contains(&escaped(IMG)));
    assert!(!html.contains(SCRIPT) && loads_something(&html).is_none());
    // A hostile column name too.
    let path = dir.path().join("column.csv");
    std::fs::write(
        &path,
        format!("years,city,base_salary,\"{}\"\n4,sf,150000,a\n", IMG.replace('"', "\"\"")),
    )
    .unwrap();
    let html = run(&[
        "batch".into(),
        path.to_str().unwrap().into(),
        "--summary".into(),
        "--by".into(),
        IMG.into(),
        "-f".into(),
        "html".into(),
    ]);
    assert!(html.contains(&escaped(IMG)) && loads_something(&html).is_none());
}

#[test]
fn the_check_for_loads_sees_them() {
    assert!(loads_something("<p>x</p><img src=x>").is_some());
    assert!(loads_something("<svg onload=alert(1)>").is_some());
    assert!(loads_something("<link rel=stylesheet href=x>").is_some());
    assert!(loads_something("<p>&lt;img src=x&gt;</p><a href=\"https://x\">x</a>").is_none());
}

#[test]
fn html_rows_are_refused_without_a_summary() {
    let dir = temp();
    let path = dir.path().join("p.csv");
    std::fs::write(&path, "years,city\n4,sf\n").unwrap();
    let out = mlsal().args(["batch", path.to_str().unwrap(), "-f", "html"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--format html is for --summary"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

/// Chromium, when this machine has it.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("MLSAL_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    ["chromium", "chromium-browser", "google-chrome"].iter().find_map(|name| {
        std::env::var_os("PATH")?.to_str()?.split(':').map(|d| Path::new(d).join(name)).find(|p| p.is_file())
    })
}

/// Runs headless Chromium on `page` with `args` (`--dump-dom`, `--screenshot=...`), with no
/// network of its own; returns stdout.
fn browse(chromium: &Path, page: &Path, args: &[String]) -> String {
    let profile = temp();
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(out.status.success(), "chromium: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn reports_render_in_a_real_browser() {
    let Some(chromium) = chromium() else {
        let _ = writeln!(
            std::io::stderr(),
            "SKIP: chromium is not on this machine (scripts/browser-check.sh installs it)"
        );
        return;
    };
    let dir = temp();
    // A blank page's screenshot, to tell a drawn page from an empty one.
    let blank = dir.path().join("blank.html");
    std::fs::write(&blank, "<!DOCTYPE html><html lang=\"en\"><title>x</title></html>").unwrap();
    let blank_png = dir.path().join("blank.png");
    browse(
        &chromium,
        &blank,
        &[format!("--screenshot={}", blank_png.display()), "--window-size=1000,1200".into()],
    );
    let blank_size = std::fs::metadata(&blank_png).map(|m| m.len()).unwrap_or(0);
    for (name, html_args, csv_args) in reports(dir.path()) {
        let page = dir.path().join(format!("{name}.html"));
        std::fs::write(&page, run(&html_args)).unwrap();
        // One start of the browser for both: the DOM on stdout, and the screenshot.
        let png = dir.path().join(format!("{name}.png"));
        let dom = browse(
            &chromium,
            &page,
            &[
                "--dump-dom".into(),
                format!("--screenshot={}", png.display()),
                "--window-size=1000,1200".into(),
            ],
        );
        // The browser built the page: its DOM holds the figures, as text.
        assert!(dom.contains("<main>") && dom.contains("</svg>"), "{name}: {dom:.300}");
        for cell in cells(&run(&csv_args)) {
            assert!(
                dom.contains(&escaped(&cell).replace("&#39;", "'").replace("&quot;", "\"")),
                "{name}: `{cell}`"
            );
        }
        // Nothing that runs or loads got into the DOM, whatever the input held.
        assert_eq!(loads_something(&dom), None, "{name}: in the DOM");
        if name == "summary" {
            assert!(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{name}: the team name as text");
            assert!(
                dom.contains("\"&gt;&lt;img src=x onerror=alert(2)&gt;"),
                "{name}: the team name as text"
            );
        }
        let size = std::fs::metadata(&png).map(|m| m.len()).unwrap_or(0);
        assert!(
            size > 4 * blank_size.max(1000),
            "{name}: a screenshot of {size} bytes (blank: {blank_size})"
        );
    }
}

#[test]
fn an_html_output_path_is_a_report() {
    let dir = temp();
    let path = dir.path().join("Offer.HTML");
    let out = mlsal()
        .args(["offer", "185000", "--years", "4", "--city", "seattle", "-o"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty());
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("Offer report"));
}

/// The market report shows the wage levels its JSON has (issue 26: the same figures as the
/// JSON), each threshold with its thousands separator.
#[test]
fn the_market_report_has_the_wage_levels_of_its_json() {
    let json: serde_json::Value =
        serde_json::from_str(&run(&s(&["market", "-y", "6", "-c", "sf", "-f", "json"]))).unwrap();
    let html = run(&s(&["market", "-y", "6", "-c", "sf", "-f", "html"]));
    let levels = json[0]["wage_levels"].as_array().unwrap();
    assert!(!levels.is_empty());
    for l in levels {
        for t in l["thresholds_usd"].as_array().unwrap() {
            let n = t.as_i64().unwrap();
            let shown = format!("{},{:03}", n / 1000, n % 1000);
            assert!(html.contains(&shown), "{shown} of {} not on the page", l["soc"]);
        }
    }
    assert!(html.contains("H-1B wage levels"));
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}
