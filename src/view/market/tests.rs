//! The words, JSON and chart of real pay.

use super::*;
use crate::output::width;

#[test]
fn ordinals() {
    let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 34, 90, 111].map(ordinal).to_vec();
    assert_eq!(
        got,
        ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "34th", "90th", "111th"]
    );
}

#[test]
fn scales_are_round_and_hold_every_value() {
    let s = Scale::new(82_460, 240_000, 50);
    assert!(s.lo <= 82_460.0 && s.hi >= 240_000.0, "{s:?}");
    assert!((s.hi - s.lo) / s.step <= 7.0);
    assert_eq!(s.at(s.lo as i64), 0);
    assert_eq!(s.at(s.hi as i64), 49);
    let mut last = 0;
    for x in (80_000..=250_000).step_by(1000) {
        let c = s.at(x);
        assert!(c >= last, "monotone");
        last = c;
    }
}

#[test]
fn compact_tick_labels() {
    assert_eq!(compact(150_000.0, "USD"), "$150k");
    assert_eq!(compact(125_000.0, "GBP"), "£125k");
    assert_eq!(compact(1_500_000.0, "JPY"), "¥1.5M");
    assert_eq!(compact(90_000.0, "CHF"), "CHF 90k");
    assert_eq!(compact(12_500.0, "USD"), "$12.5k");
}

#[test]
fn a_spread_draws_whiskers_box_and_median_where_the_scale_puts_them() {
    let s = Scale { lo: 0.0, hi: 100.0, width: 101, step: 20.0 };
    let line: Vec<char> = draw(&Strip::Spread([10, 25, 50, 75, 90]), &s, Some((40, 95))).chars().collect();
    assert_eq!(
        (line[10], line[24], line[25], line[50], line[75], line[76], line[90]),
        ('├', '─', '▒', '█', '▒', '─', '┤')
    );
    assert_eq!(line[95], '┊', "a guide past the whisker");
    assert_eq!(line[9], ' ');
    let line: Vec<char> = draw(&Strip::Spread([10, 25, 50, 60, 90]), &s, Some((70, 95))).chars().collect();
    assert_eq!(line[70], '┼', "a guide across a whisker");
    let line = draw(&Strip::Range { low: 20, mid: 30, high: 40, open: true }, &s, None);
    let chars: Vec<char> = line.chars().collect();
    assert_eq!((chars[20], chars[30], chars[40], chars[35], chars[41]), ('╞', '╪', '╡', '═', '+'));
    let line = draw(&Strip::Range { low: 20, mid: 60, high: 100, open: true }, &s, None);
    assert!(line.ends_with("╡+"), "an open top at the edge goes after it: {line}");
}

#[test]
fn wrap_keeps_lines_within_the_width() {
    let text = "word ".repeat(60);
    let lines = wrap(&text, "    ");
    assert!(lines.len() > 1 && lines.iter().all(|l| width(l) <= TEXT_WIDTH && l.starts_with("    ")));
}

#[test]
fn wide_labels_and_words_are_measured_in_columns() {
    // 東京 takes four columns: seven of them are 28, too wide for a label. Twelve characters
    // (24 columns) and the ellipsis fit; a thirteenth would not.
    let cut = label(&"東京".repeat(7));
    assert_eq!(cut, format!("{}…", "東京".repeat(6)));
    assert!(width(&cut) <= LABEL_MAX);
    assert_eq!(label("survey US mid 2024"), "survey US mid 2024");
    let lines = wrap(&"東京 ".repeat(40), "");
    assert!(lines.len() > 1 && lines.iter().all(|l| width(l) <= TEXT_WIDTH), "{lines:?}");
    assert_eq!(lines[0], "東京 ".repeat(16).trim_end(), "16 words of 4 columns and their spaces: 79");
}
