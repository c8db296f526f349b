//! The strip chart: a survey cell, BLS rows and mlsal's range drawn on one shared scale, so
//! that one look says whether the model is low. Plain text that reads without colour.

use super::{LABEL_MAX, TEXT_WIDTH};
use crate::output::{Style, money, pad, width};

/// What one row of the strip chart draws.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Strip {
    /// mlsal's range: `╞═══╪═══╡`, with `+` after an open top.
    Range { low: i64, mid: i64, high: i64, open: bool },
    /// A distribution: p10-p90 whiskers, p25-p75 box, median.
    Spread([i64; 5]),
    /// Nothing to draw, and why.
    Missing(String),
}

/// One labelled row of the chart, with the range whose ends are drawn through it as guides.
#[derive(Clone, Debug)]
pub(crate) struct ChartRow {
    pub label: String,
    pub strip: Strip,
    pub guides: Option<(i64, i64)>,
}

/// A linear scale from `lo` to `hi` over `width` cells, with round ticks.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Scale {
    pub lo: f64,
    pub hi: f64,
    pub width: usize,
    pub step: f64,
}

impl Scale {
    /// The smallest round scale (steps of 1, 2, 2.5, 4 or 5 times a power of ten, as many as
    /// leave room for their labels) that holds `min..=max`.
    pub(crate) fn new(min: i64, max: i64, width: usize) -> Scale {
        let max = max.max(min + 1);
        // A tenth of the span's power of ten, by integer logarithm: the only use of `log10`
        // and `powf` was here, and they cost every start-up the loading of libm.
        let mut power = 10f64.powi(max.abs_diff(min).ilog10() as i32 - 1);
        let (min, max) = (min as f64, max as f64);
        // Room for a tick label (`$250k`) and two spaces at every step.
        let most = (width / 7).clamp(2, 8) as f64;
        loop {
            for m in [1.0, 2.0, 2.5, 4.0, 5.0] {
                let step = m * power;
                let (lo, hi) = ((min / step).floor() * step, (max / step).ceil() * step);
                if (hi - lo) / step <= most {
                    return Scale { lo, hi, width, step };
                }
            }
            power *= 10.0;
        }
    }

    /// The cell of `x`: 0 at `lo`, `width - 1` at `hi`.
    pub(crate) fn at(&self, x: i64) -> usize {
        let t = ((x as f64 - self.lo) / (self.hi - self.lo)).clamp(0.0, 1.0);
        (t * (self.width - 1) as f64).round() as usize
    }

    pub(crate) fn ticks(&self) -> Vec<f64> {
        let n = ((self.hi - self.lo) / self.step).round() as usize;
        (0..=n).map(|i| self.lo + i as f64 * self.step).collect()
    }
}

/// `$150k`, `£1.2M`, `CHF 90k`: a tick label.
pub(crate) fn compact(x: f64, currency: &str) -> String {
    let zero = money(0, currency);
    let symbol = zero.strip_suffix('0').unwrap_or("");
    let (v, unit) = if x.abs() >= 1e6 { (x / 1e6, "M") } else { (x / 1e3, "k") };
    // As many decimals as the value has (up to 3), so evenly spaced ticks never get unevenly
    // rounded labels (`₹1.25M`, not `₹1.2M` beside `₹1.5M`).
    let places = (0..3).find(|&d| {
        let scaled = v * 10f64.powi(d);
        (scaled - scaled.round()).abs() < 1e-6
    });
    let digits = format!("{v:.*}", places.unwrap_or(3) as usize);
    format!("{symbol}{digits}{unit}")
}

/// Draws one strip on `scale`: `width` cells, plus `+` after an open top.
pub(crate) fn draw(strip: &Strip, scale: &Scale, guides: Option<(i64, i64)>) -> String {
    let mut cells = vec![' '; scale.width];
    if let (Some((a, b)), false) = (guides, matches!(strip, Strip::Missing(_))) {
        cells[scale.at(a)] = '┊';
        cells[scale.at(b)] = '┊';
    }
    let mut tail = "";
    match strip {
        Strip::Missing(why) => {
            let text: Vec<char> = why.chars().take(scale.width).collect();
            cells[..text.len()].copy_from_slice(&text);
        }
        Strip::Range { low, mid, high, open } => {
            let (l, m, h) = (scale.at(*low), scale.at(*mid), scale.at(*high));
            cells[l..=h].fill('═');
            cells[l] = '╞';
            cells[h] = '╡';
            cells[m] = '╪';
            match cells.get_mut(h + 1) {
                Some(c) if *open => *c = '+',
                _ if *open => tail = "+",
                _ => {}
            }
        }
        Strip::Spread(p) => {
            let [c10, c25, c50, c75, c90] = p.map(|x| scale.at(x));
            for c in &mut cells[c10..=c90] {
                *c = if *c == '┊' { '┼' } else { '─' };
            }
            cells[c10] = '├';
            cells[c90] = '┤';
            cells[c25..=c75].fill('▒');
            cells[c50] = '█';
        }
    }
    let mut line: String = cells.into_iter().collect();
    line.push_str(tail);
    line
}

/// The key to the chart's marks.
pub(crate) const LEGEND: &str = "├─┤ p10-p90  ▒ p25-p75  █ median  ╞═╪═╡ mlsal's range and mid  ┊ its ends";

/// `label` cut to [`LABEL_MAX`] display columns, an ellipsis taking the last.
pub(super) fn label(s: &str) -> String {
    if width(s) <= LABEL_MAX {
        return s.to_string();
    }
    let (mut cut, mut columns) = (String::new(), 0);
    for c in s.chars() {
        columns += width(c.encode_utf8(&mut [0; 4]));
        if columns > LABEL_MAX - 1 {
            break;
        }
        cut.push(c);
    }
    format!("{cut}…")
}

/// The chart: a tick line, then each row's label and strip, every row on one scale. Rows
/// separated by `None` get a blank line between them.
pub(crate) fn chart(rows: &[Option<ChartRow>], currency: &str, style: &Style) -> Vec<String> {
    let present = || rows.iter().flatten();
    let width_label = present().map(|r| width(&r.label)).max().unwrap_or(0);
    // Two spaces before, two between, one for an open top's `+`.
    let cells = TEXT_WIDTH - 2 - width_label - 2 - 1 - 1;
    let values = present().flat_map(|r| match &r.strip {
        Strip::Range { low, high, .. } => vec![*low, *high],
        Strip::Spread(p) => vec![p[0], p[4]],
        Strip::Missing(_) => vec![],
    });
    let (min, max) = values.fold((i64::MAX, i64::MIN), |(a, b), x| (a.min(x), b.max(x)));
    if min > max {
        return Vec::new();
    }
    let scale = Scale::new(min, max, cells);
    let lead = " ".repeat(2 + width_label + 2);
    let mut ticks = vec![' '; cells + 8];
    let mut marks = vec![' '; cells];
    let mut free = 0;
    for t in scale.ticks() {
        let c = scale.at(t.round() as i64);
        marks[c] = '╷';
        // A tick label is digits, a unit and a currency sign or code: one column a `char`.
        let text: Vec<char> = compact(t, currency).chars().collect();
        let start = c.saturating_sub(text.len() / 2);
        if start < free || start + text.len() > ticks.len() {
            continue;
        }
        ticks[start..start + text.len()].copy_from_slice(&text);
        free = start + text.len() + 1;
    }
    let mut out = vec![
        format!("{lead}{}", ticks.iter().collect::<String>().trim_end()),
        format!("{lead}{}", marks.iter().collect::<String>().trim_end()),
    ];
    for row in rows {
        let Some(row) = row else {
            out.push(String::new());
            continue;
        };
        let strip = draw(&row.strip, &scale, row.guides);
        let strip = match row.strip {
            Strip::Range { .. } => style.good(strip.trim_end()),
            _ => strip.trim_end().to_string(),
        };
        out.push(format!("  {}  {strip}", pad(&row.label, width_label)).trim_end().to_string());
    }
    out
}

/// Word-wraps `text` to [`TEXT_WIDTH`], every line starting with `indent`.
pub(crate) fn wrap(text: &str, indent: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::from(indent);
    for word in text.split_whitespace() {
        let fits = width(&line) + 1 + width(word) <= TEXT_WIDTH;
        if line.len() > indent.len() && !fits {
            lines.push(std::mem::replace(&mut line, String::from(indent)));
        }
        if line.len() > indent.len() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if line.len() > indent.len() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod label_tests {
    use super::*;

    /// A label says its tick's value: evenly spaced ticks have evenly spaced labels.
    #[test]
    fn tick_labels_keep_the_decimals_their_ticks_have() {
        let labels: Vec<String> =
            [1_000_000.0, 1_250_000.0, 1_500_000.0, 1_750_000.0].iter().map(|x| compact(*x, "INR")).collect();
        assert_eq!(labels, ["₹1M", "₹1.25M", "₹1.5M", "₹1.75M"]);
        assert_eq!(compact(12_500.0, "USD"), "$12.5k");
        assert_eq!(compact(240_000.0, "USD"), "$240k");
        assert_eq!(compact(2_125_000.0, "INR"), "₹2.125M");
    }
}
