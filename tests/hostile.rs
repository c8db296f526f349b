//! What a hostile user tries (issue 10): each class of defect, with a test that would catch
//! it again.

mod common;

use common::fails;

/// `mlsal list >&-`: the results cannot be written, so it must not report success. A reader
/// that went away is another matter (tests/pipes.rs): that stays quiet with 0.
#[cfg(target_os = "linux")]
#[test]
fn a_closed_stdout_is_an_error() {
    let bin = assert_cmd::cargo::cargo_bin("mlsal");
    for args in ["list", "estimate --years 4", "--help", "man"] {
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("exec \"$0\" {args} >&-"))
            .arg(&bin)
            .env("RUST_BACKTRACE", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args}: {stderr}");
        assert!(stderr.starts_with("mlsal: error: standard output is closed"), "{args}: {stderr}");
    }
    // Redirected to /dev/null is a choice, not a loss.
    let out =
        std::process::Command::new(&bin).arg("list").stdout(std::process::Stdio::null()).output().unwrap();
    assert!(out.status.success());
}

/// A suggestion for a long value is no suggestion, and costs nothing: the value is quoted
/// back cut short, on one line.
#[test]
fn long_values_are_refused_without_a_far_fetched_suggestion() {
    let junk = "seattle".repeat(10_000);
    let err = fails(&["estimate", "--years", "4", "--city", &junk], 2);
    assert!(!err.contains("did you mean"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.len() < 300, "{err}");
    let err = fails(&["estimate", "--years", "4", "--currency", &junk], 2);
    assert!(!err.contains("did you mean"), "{err}");
}
