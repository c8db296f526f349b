//! The guide's profile-grid table ("How close to real pay") is `scripts/grid.py`'s output for
//! this very binary: stacked factors held to the edge of the data, measured, never typed by
//! hand. It needs only the binary and the project's tables, and `python3`; without `python3` it
//! says so (`SKIP:`). The README shows no grid table.
//!
//! Regenerate it with `cargo build && python3 scripts/grid.py --write`.

use std::io::Write;
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

#[test]
fn the_guide_grid_is_what_the_script_prints_for_this_binary() {
    let run = Command::new("python3")
        .args(["scripts/grid.py", "--check", "docs/GUIDE.md", "--mlsal", env!("CARGO_BIN_EXE_mlsal")])
        .current_dir(ROOT)
        .output();
    let out = match run {
        Ok(out) => out,
        Err(e) => {
            let _ = writeln!(
                std::io::stderr(),
                "SKIP: the guide's grid: python3 is needed to run scripts/grid.py: {e}"
            );
            return;
        }
    };
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// What the table must show, read from the guide itself: no mid above the location-adjusted
/// p90 on either band set, and the edge said wherever it binds.
#[test]
fn no_grid_mid_lies_above_the_location_adjusted_p90() {
    let guide = std::fs::read_to_string(format!("{ROOT}/docs/GUIDE.md")).unwrap();
    assert!(guide.contains("python3 scripts/grid.py --write"), "the guide says how to regenerate it");
    let start = guide.find("<!-- grid.py: begin -->").expect("begin marker");
    let end = guide.find("<!-- grid.py: end -->").expect("end marker");
    let all = guide[start..end].lines().find(|l| l.starts_with("| **all**")).expect("the all row");
    let cells: Vec<&str> = all.trim_matches('|').split('|').map(str::trim).collect();
    assert_eq!(cells[1], "5,508", "{all}");
    let share = |c: &str| c.trim_end_matches('%').parse::<f64>().unwrap();
    assert!(share(cells[3]) <= 2.0 && share(cells[6]) <= 2.0, "above p90: {all}");
}
