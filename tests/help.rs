//! Help, man pages and completions: generated from the command line's own definition, each
//! complete (every command, every flag, the values a flag takes) and never pointing at a page
//! or a command that does not exist.

mod common;

use common::{fails, mlsal};

fn stdout(args: &[&str]) -> String {
    let out = mlsal().args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// `mlsal\-data\-check(1)` -> `["data", "check"]`, for every page a page refers to.
fn referenced_pages(roff: &str) -> Vec<Vec<String>> {
    roff.split("mlsal\\-")
        .skip(1)
        .filter_map(|rest| {
            let end = rest.find("(1)")?;
            let name = &rest[..end];
            (!name.contains(char::is_whitespace)).then(|| name.split("\\-").map(str::to_string).collect())
        })
        .collect()
}

/// The long flags (`--years`) that `mlsal help COMMAND` lists.
fn long_flags(help: &str) -> Vec<String> {
    help.split_whitespace()
        .filter(|w| w.starts_with("--") && w.len() > 2)
        .map(|w| w.trim_end_matches([',', '.', ')']).split('=').next().unwrap().to_string())
        .filter(|w| w[2..].chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        .collect()
}

#[test]
fn every_page_the_man_pages_name_is_generated_and_documents_every_flag() {
    let mut todo = vec![Vec::<String>::new()];
    let mut seen = Vec::new();
    while let Some(path) = todo.pop() {
        if seen.contains(&path) {
            continue;
        }
        let args: Vec<&str> = std::iter::once("man").chain(path.iter().map(String::as_str)).collect();
        let roff = stdout(&args);
        assert!(roff.contains(".TH"), "{args:?}");
        let help_args: Vec<&str> = std::iter::once("help").chain(path.iter().map(String::as_str)).collect();
        for flag in long_flags(&stdout(&help_args)) {
            let escaped = flag.replace('-', "\\-");
            assert!(roff.contains(&escaped), "`mlsal {}` page lacks {flag}", path.join(" "));
        }
        todo.extend(referenced_pages(&roff));
        seen.push(path);
    }
    // mlsal itself, its eleven commands and data's three actions, at least.
    assert!(seen.len() >= 14, "{seen:?}");
    assert!(seen.contains(&vec!["data".to_string(), "check".to_string()]));
}

#[test]
fn help_has_its_own_help_and_explains_commands() {
    assert!(stdout(&["help", "--help"]).contains("Usage: mlsal help"));
    assert!(stdout(&["help", "estimate"]).contains("--years"));
    assert!(stdout(&["help", "data", "check"]).contains("Usage: mlsal data check"));
    assert!(stdout(&["help"]).contains("Usage: mlsal"));
    let err = fails(&["help", "estimat"], 2);
    assert!(err.contains("unknown command `estimat`: did you mean `estimate`?"), "{err}");
    let err = fails(&["man", "data", "chek"], 2);
    assert!(err.contains("did you mean `check`?"), "{err}");
}

#[test]
fn completions_offer_the_values_of_the_built_in_tables() {
    for shell in ["bash", "zsh", "fish"] {
        let script = stdout(&["completions", shell]);
        for value in
            ["remote-us", "san-jose", "bangalore", "big-tech", "phd", "deep-learning", "senior", "GBP"]
        {
            assert!(script.contains(value), "{shell} completions lack `{value}`");
        }
        for format in ["jsonl", "tsv"] {
            assert!(script.contains(format), "{shell} completions lack format `{format}`");
        }
        // `--soc` (offer, batch): the three occupations' codes, and where the shell shows a
        // value's description, its title (the flag's own help names the codes in lower case).
        for (soc, title) in [("15-1252", "Software Developers"), ("15-2051", "Data Scientists")] {
            assert!(script.contains(soc), "{shell} completions lack SOC code `{soc}`");
            if shell != "bash" {
                assert!(script.contains(title), "{shell} completions lack `{title}`");
            }
        }
    }
}

#[test]
fn values_offered_to_completion_are_not_a_closed_list() {
    // Aliases and any case still work: the keys are offered, not enforced by the parser.
    let out = stdout(&["estimate", "--years", "4", "--city", "San Francisco", "-z", "Big Tech", "-f", "csv"]);
    assert!(out.contains(",sf,"), "{out}");
    let err = fails(&["estimate", "--years", "4", "--city", "seatle"], 2);
    assert!(err.contains("did you mean `seattle`?"), "{err}");
}

/// Each command is described by its own line of `mlsal --help` everywhere it is described:
/// its `-h`, `mlsal help`'s command list, its man page and the completion scripts. (Building
/// a command's arguments late once let a shared argument struct's comment replace them all.)
#[test]
fn every_command_keeps_its_own_description() {
    let top = stdout(&["--help"]);
    let commands: Vec<(&str, &str)> = top
        .lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        // A command's line, not the continuation of a long description.
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.trim_start().split_once(char::is_whitespace))
        .map(|(name, about)| (name, about.trim()))
        .filter(|(_, about)| !about.is_empty())
        .collect();
    assert!(commands.len() >= 10, "{top}");
    let help = stdout(&["help"]);
    let man = stdout(&["man"]);
    let fish = stdout(&["completions", "fish"]);
    for (name, about) in &commands {
        let own = stdout(&[name, "-h"]);
        assert!(own.starts_with(about), "{name} -h: {own}");
        assert!(help.contains(about), "mlsal help lists {name} as: {help}");
        // roff escapes `-` as `\-`; the first words are enough to recognise the text.
        let words: String = about.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
        assert!(man.replace("\\-", "-").contains(&words), "man: {name}: {words}");
        assert!(stdout(&["man", name]).replace("\\-", "-").contains(&words), "man {name}");
        assert!(fish.contains(&words), "fish completions: {name}: {words}");
    }
    for text in [&help, &man, &fish] {
        assert!(!text.contains("every command takes"), "{text}");
    }
}

/// `--help`, `mlsal help` and every man page carry EXIT STATUS, ENVIRONMENT and an EXAMPLE;
/// a page cited by its dashed name (`data-export`) exists (issue 31).
#[test]
fn help_and_man_pages_close_with_exit_status_environment_and_an_example() {
    for command in ["estimate", "list", "compare", "whatif", "offer", "market", "batch", "data"] {
        let help = common::stdout(&[command, "--help"]);
        for section in ["EXIT STATUS:", "ENVIRONMENT:", "EXAMPLE:", "CLICOLOR_FORCE", "MLSAL_DATA"] {
            assert!(help.contains(section), "{command} --help lacks {section}");
        }
    }
    for page in [&[][..], &["estimate"], &["batch"], &["data", "check"], &["data-export"], &["data-path"]] {
        let roff = common::stdout(&[&["man"][..], page].concat());
        for section in [".SH \"EXIT STATUS\"", ".SH \"ENVIRONMENT\"", ".SH \"EXAMPLE\""] {
            assert!(roff.contains(section), "man {page:?} lacks {section}");
        }
    }
    let help = common::stdout(&["help", "data", "export"]);
    assert!(help.contains("EXIT STATUS:"), "{help}");
}

/// Bash completion offers no file names for numeric and column-name options, and only
/// directories for `--data` (issue 31).
#[test]
fn completion_offers_no_files_for_numbers_and_directories_for_data() {
    let script = common::stdout(&["completions", "bash"]);
    let case = |flag: &str| {
        let at = script.find(&format!("                {flag})")).unwrap_or_else(|| panic!("{flag}"));
        script[at..].lines().take(8).collect::<Vec<_>>().join("\n")
    };
    for flag in ["--years", "--round", "--as-of", "--by", "--pay-column", "--bonus"] {
        let arm = case(flag);
        assert!(!arm.contains("compgen -f"), "{flag} offers files: {arm}");
    }
    let data = case("--data");
    assert!(data.contains("plusdirs") && !data.contains("compgen -f"), "{data}");
}

/// The bash completion script, run in bash: `mlsal WORDS<TAB>` in `dir`, its candidates.
fn bash_complete(script: &std::path::Path, dir: &std::path::Path, words: &[&str]) -> Vec<String> {
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{}' 2>/dev/null; COMP_WORDS=(mlsal {}); COMP_CWORD={}; _mlsal mlsal '{}' '{}' 2>/dev/null; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        quoted.join(" "),
        words.len(),
        words.last().unwrap(),
        words.get(words.len().wrapping_sub(2)).unwrap_or(&"mlsal"),
    );
    let out = std::process::Command::new("bash").arg("-c").arg(program).current_dir(dir).output().unwrap();
    String::from_utf8(out.stdout).unwrap().lines().map(String::from).filter(|l| !l.is_empty()).collect()
}

/// The case of `option` in `command`'s part of the bash script (`mlsal__subcmd__estimate`).
fn bash_case<'s>(script: &'s str, command: &str, option: &str) -> &'s str {
    let start =
        script.find(&format!("        mlsal__subcmd__{command})\n")).unwrap_or_else(|| panic!("{command}"));
    let part = &script[start..];
    let part = &part[..part[1..].find("\n        mlsal__").map_or(part.len(), |i| i + 1)];
    let case = part.find(&format!(" {option})\n")).unwrap_or_else(|| panic!("{command} {option}"));
    let case = &part[case..];
    &case[..case.find(";;").unwrap()]
}

/// bash completion offers the commands after `mlsal help` and `mlsal man`, no file names for
/// numbers and column names, and only directories for `--data` (issue 31).
#[test]
fn bash_completion_offers_commands_after_help_and_no_files_for_numbers_or_columns() {
    let dir = common::Temp::new("complete");
    dir.write("zz-file.csv", "years\n4\n");
    std::fs::create_dir(dir.path().join("zz-dir")).unwrap();
    let script_text = stdout(&["completions", "bash"]);
    let script = dir.path().join("mlsal.bash");
    std::fs::write(&script, &script_text).unwrap();
    for command in ["help", "man"] {
        let offered = bash_complete(&script, dir.path(), &[command, ""]);
        for name in [
            "estimate",
            "list",
            "compare",
            "whatif",
            "offer",
            "market",
            "data",
            "batch",
            "completions",
            "check",
        ] {
            assert!(offered.iter().any(|o| o == name), "mlsal {command} <TAB>: {offered:?}");
        }
        assert_eq!(bash_complete(&script, dir.path(), &[command, "est"]), ["estimate"]);
    }
    // Every command the top-level help lists is offered.
    let offered = bash_complete(&script, dir.path(), &["help", ""]);
    let top = stdout(&["--help"]);
    let lines = top.lines().skip_while(|l| *l != "Commands:").skip(1).take_while(|l| !l.is_empty());
    for line in lines.filter(|l| !l.starts_with("   ")) {
        let name = line.split_whitespace().next().unwrap();
        assert!(offered.iter().any(|o| o == name), "{name}: {offered:?}");
    }
    let numbers_and_columns: [(&str, &str); 15] = [
        ("estimate", "--years"),
        ("estimate", "--round"),
        ("estimate", "--as-of"),
        ("compare", "--years"),
        ("whatif", "--top"),
        ("offer", "--soc"),
        ("offer", "--bonus"),
        ("batch", "--by"),
        ("batch", "--equity-by"),
        ("batch", "--equity-ref"),
        ("batch", "--pay-column"),
        ("batch", "--map"),
        ("batch", "--map-values"),
        ("batch", "--soc"),
        ("batch", "--round"),
    ];
    for (command, option) in numbers_and_columns {
        let case = bash_case(&script_text, command, option);
        assert!(!case.contains("compgen -f") && !case.contains("filenames"), "{command} {option}: {case}");
        let offered = bash_complete(&script, dir.path(), &[command, option, "zz"]);
        // At most the word as typed, never a file or directory name.
        assert!(offered.iter().all(|o| o == "zz"), "{command} {option} zz<TAB>: {offered:?}");
    }
    for command in ["estimate", "batch", "list"] {
        let case = bash_case(&script_text, command, "--data");
        assert!(case.contains("plusdirs") && !case.contains("compgen -f"), "{command} --data: {case}");
    }
    // A file is still offered where a file is asked for.
    let offered = bash_complete(&script, dir.path(), &["batch", "--map-file", "zz"]);
    assert!(offered.iter().any(|o| o == "zz-file.csv"), "{offered:?}");
}
