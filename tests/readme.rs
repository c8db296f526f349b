//! Runs every example in README.md, so the documented output cannot drift from the real one.
//!
//! A ```console block holds `$ mlsal ARGS` lines, each followed by its expected output:
//! stdout, then stderr. A command whose expected output has an `mlsal: error:` line must fail;
//! any other must succeed. Blocks whose command is not `mlsal` (like `cargo run`) are skipped.

mod common;

/// Splits a command line the way a shell would for simple quoting ("a b", 'a b').
fn split(line: &str) -> Vec<String> {
    let (mut words, mut cur, mut quote, mut any) = (Vec::new(), String::new(), None, false);
    for c in line.chars() {
        match (quote, c) {
            (None, '"' | '\'') => (quote, any) = (Some(c), true),
            (Some(q), c) if c == q => quote = None,
            (None, c) if c.is_whitespace() => {
                if any {
                    words.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            (_, c) => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        words.push(cur);
    }
    words
}

struct Example {
    line: usize,
    args: Vec<String>,
    expected: String,
}

fn examples(readme: &str) -> Vec<Example> {
    let mut out: Vec<Example> = Vec::new();
    let mut in_block = false;
    let mut current: Option<Example> = None;
    for (i, line) in readme.lines().enumerate() {
        if !in_block {
            in_block = line.trim_end() == "```console";
            continue;
        }
        if line.starts_with("```") {
            in_block = false;
            out.extend(current.take());
            continue;
        }
        if let Some(cmd) = line.strip_prefix("$ ") {
            out.extend(current.take());
            let words = split(cmd);
            if words.first().map(String::as_str) == Some("mlsal") {
                current = Some(Example { line: i + 1, args: words[1..].to_vec(), expected: String::new() });
            }
        } else if let Some(ex) = current.as_mut() {
            ex.expected.push_str(line);
            ex.expected.push('\n');
        }
    }
    out
}

/// The day the README's examples are run on: 2026-11-29, as seconds since 1970.
const README_TODAY: &str = "1795910400";

#[test]
fn every_readme_example_prints_what_the_readme_says() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let examples = examples(&readme);
    assert!(examples.len() >= 5, "expected README examples, found {}", examples.len());
    for ex in examples {
        // The ages of the tables are counted to 2026-11-29, so the README's stay true.
        let out = common::mlsal().env("SOURCE_DATE_EPOCH", README_TODAY).args(&ex.args).output().unwrap();
        let got = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        let trim = |s: &str| s.lines().map(str::trim_end).collect::<Vec<_>>().join("\n");
        assert_eq!(trim(&got), trim(&ex.expected), "README.md line {}: mlsal {:?}", ex.line, ex.args);
        let should_fail = ex.expected.lines().any(|l| l.starts_with("mlsal: error:"));
        assert_eq!(
            !out.status.success(),
            should_fail,
            "README.md line {}: exit status {}",
            ex.line,
            out.status
        );
    }
}

#[test]
fn split_handles_quotes() {
    assert_eq!(
        split(r#"mlsal estimate --city "new york" -e 'phd'"#),
        ["mlsal", "estimate", "--city", "new york", "-e", "phd"]
    );
}
