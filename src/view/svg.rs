//! The charts of the HTML reports, as shapes on a view box (`output::html` writes them): a
//! range with marks on it, ranges on one scale, a percentile spread, people placed in their
//! ranges, and a histogram. Each chart says in its description what it shows, with the figures.

use crate::output::html::{Anchor, Chart, Shape, Tone};
use crate::output::money;

/// The width of every chart's view box; the page scales it to the column.
const WIDTH: f64 = 720.0;
/// Room on the left for row labels in charts with rows.
const LABEL: f64 = 200.0;
const RIGHT: f64 = 24.0;
/// The most characters of a row label that fit in [`LABEL`] at the charts' font size.
const LABEL_CHARS: usize = 30;

/// A linear money scale from `lo` to `hi` onto `x0..x1`, with round tick marks.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Scale {
    lo: f64,
    hi: f64,
    x0: f64,
    x1: f64,
}

impl Scale {
    /// A scale that holds every value, padded a little and widened to round numbers.
    pub(crate) fn over(values: impl IntoIterator<Item = f64>, x0: f64, x1: f64) -> Scale {
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for v in values.into_iter().filter(|v| v.is_finite()) {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        if !lo.is_finite() {
            (lo, hi) = (0.0, 1.0);
        }
        if hi <= lo {
            (lo, hi) = (lo - lo.abs().max(1.0) * 0.1, hi + hi.abs().max(1.0) * 0.1);
        }
        let pad = (hi - lo) * 0.06;
        let step = nice_step((hi - lo + 2.0 * pad) / 5.0);
        // Amounts and ratios are never negative: the axis need not be either.
        let lo = if lo >= 0.0 {
            ((lo - pad) / step).floor().max(0.0) * step
        } else {
            ((lo - pad) / step).floor() * step
        };
        let hi = ((hi + pad) / step).ceil() * step;
        Scale { lo, hi, x0, x1 }
    }

    pub(crate) fn x(&self, v: f64) -> f64 {
        self.x0 + (v - self.lo) / (self.hi - self.lo) * (self.x1 - self.x0)
    }

    /// Round values across the scale, for grid lines and their labels.
    fn ticks(&self) -> Vec<f64> {
        let step = nice_step((self.hi - self.lo) / 5.0);
        let mut v = (self.lo / step).ceil() * step;
        let mut out = Vec::new();
        while v <= self.hi + step * 1e-9 {
            out.push(v);
            v += step;
        }
        out
    }
}

/// 1, 2 or 5 times a power of ten, at least `raw`. By multiplication, not `log10`: a libm call
/// would cost every start-up the loading of libm (see `market::chart::Scale`).
fn nice_step(raw: f64) -> f64 {
    if raw.is_nan() || raw <= 0.0 {
        return 1.0;
    }
    let mut p = 1.0;
    while p * 10.0 <= raw {
        p *= 10.0;
    }
    while p > raw {
        p /= 10.0;
    }
    let m = raw / p;
    p * if m <= 1.0 {
        1.0
    } else if m <= 2.0 {
        2.0
    } else if m <= 5.0 {
        5.0
    } else {
        10.0
    }
}

/// What a chart's axis counts: money in a currency, or a ratio (a compa-ratio).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Unit<'a> {
    Money(&'a str),
    Ratio,
}

impl Unit<'_> {
    /// An axis label: `$180k`, `0.95`.
    fn short(self, v: f64) -> String {
        match self {
            Unit::Money(c) => short_money(v, c),
            Unit::Ratio => format!("{v:.2}"),
        }
    }

    /// A figure in full: `$180,000`, `0.95`.
    fn full(self, v: f64) -> String {
        match self {
            Unit::Money(c) => full(v, c),
            Unit::Ratio => format!("{v:.2}"),
        }
    }
}

/// A short money label for an axis: `$180k`, `£1.2m`.
fn short_money(v: f64, currency: &str) -> String {
    let sym = money(0, currency).replace('0', "");
    let (n, unit) = if v.abs() >= 1e6 {
        (v / 1e6, "m")
    } else if v.abs() >= 1e3 {
        (v / 1e3, "k")
    } else {
        (v, "")
    };
    let n = if n.fract().abs() < 1e-9 { format!("{}", n as i64) } else { format!("{n:.1}") };
    format!("{}{n}{unit}", sym.trim())
}

/// A money figure in full: `$180,000`.
fn full(v: f64, currency: &str) -> String {
    money(v.round() as i64, currency)
}

/// A spread at the positions `x` of its p10, p25, median, p75 and p90: the whiskers (their
/// ends `whisker` high either side of `y`) and the box ([`quartile_box`]) in `tone`.
fn spread_shapes(shapes: &mut Vec<Shape>, x: [f64; 5], y: f64, whisker: f64, half: f64, tone: Tone) {
    shapes.push(Shape::Line { x1: x[0], y1: y, x2: x[4], y2: y, tone: Some(Tone::Range) });
    for x in [x[0], x[4]] {
        shapes.push(Shape::Line { x1: x, y1: y - whisker, x2: x, y2: y + whisker, tone: Some(Tone::Range) });
    }
    quartile_box(shapes, x[1], x[2], x[3], y, half, tone);
}

/// A spread's figures in words, for a chart's description.
fn spread_words(q: [f64; 5], unit: Unit) -> String {
    format!(
        "10th percentile {}, 25th {}, median {}, 75th {}, 90th {}",
        unit.full(q[0]),
        unit.full(q[1]),
        unit.full(q[2]),
        unit.full(q[3]),
        unit.full(q[4])
    )
}

/// An amount marked across a chart at `x`: its line from `top` to `bottom` and its label at
/// `label_y` above, in its tone; returns its words for the chart's description.
fn marked(
    shapes: &mut Vec<Shape>,
    x: f64,
    (label_y, top, bottom): (f64, f64, f64),
    m: &Mark,
    currency: &str,
) -> String {
    let said = format!("{} {}", m.label, full(m.value, currency));
    shapes.push(Shape::Line { x1: x, y1: top, x2: x, y2: bottom, tone: Some(m.tone) });
    shapes.push(text(x, label_y, Anchor::Middle, said.clone(), Some(m.tone)));
    format!("; {said}")
}

/// The box of a spread: p25 to p75 (at `x25`, `x75`), `half` high either side of `y`, and the
/// median's line (at `x50`) a little taller.
fn quartile_box(shapes: &mut Vec<Shape>, x25: f64, x50: f64, x75: f64, y: f64, half: f64, tone: Tone) {
    shapes.push(Shape::Rect { x: x25, y: y - half, w: x75 - x25, h: 2.0 * half, tone: Some(tone) });
    let tick = half + 2.0;
    shapes.push(Shape::Line { x1: x50, y1: y - tick, x2: x50, y2: y + tick, tone: Some(Tone::Range) });
}

fn text(x: f64, y: f64, anchor: Anchor, s: impl Into<String>, tone: Option<Tone>) -> Shape {
    Shape::Text { x, y, anchor, text: s.into(), tone, fit: None }
}

/// Grid lines and their labels under rows from `top` to `bottom`.
fn axis(shapes: &mut Vec<Shape>, scale: &Scale, unit: Unit, top: f64, bottom: f64) {
    for t in scale.ticks() {
        let x = scale.x(t);
        shapes.push(Shape::Line { x1: x, y1: top, x2: x, y2: bottom, tone: None });
        shapes.push(text(x, bottom + 14.0, Anchor::Middle, unit.short(t), Some(Tone::Muted)));
    }
}

/// A point marked on a chart: an amount with its label and verdict.
#[derive(Clone, Debug)]
pub(crate) struct Mark {
    pub value: f64,
    pub label: String,
    pub tone: Tone,
}

/// What a row of a row chart draws.
#[derive(Clone, Debug)]
pub(crate) enum Bar {
    /// A range with its mid (mlsal's estimate): a solid bar and a tick.
    Range { low: f64, mid: f64, high: f64 },
    /// A distribution: p10 to p90 whiskers, p25 to p75 box, the median.
    Spread([f64; 5]),
    /// Nothing to draw, and why (said in the row).
    Missing(String),
}

impl Bar {
    /// mlsal's range of whole amounts: low, mid, high.
    pub(crate) fn range([low, mid, high]: [i64; 3]) -> Bar {
        Bar::Range { low: low as f64, mid: mid as f64, high: high as f64 }
    }
}

/// One row of a row chart: its label, what it draws, and marks on it.
#[derive(Clone, Debug)]
pub(crate) struct Strip {
    pub label: String,
    pub bar: Bar,
    pub marks: Vec<Mark>,
}

/// Rows on one money scale (a market's survey cell and BLS rows beside mlsal's range, compared
/// places, levels), with marks (an offer) as coloured lines and, when given, the ends of a
/// range (`guides`) drawn through every row.
pub(crate) fn strips(title: &str, unit: Unit, rows: &[Strip], guides: Option<(f64, f64)>) -> Chart {
    let row_h = 30.0;
    let top = 10.0;
    let bottom = top + row_h * rows.len() as f64;
    let values = rows.iter().flat_map(|r| {
        let bar: Vec<f64> = match &r.bar {
            Bar::Range { low, high, .. } => vec![*low, *high],
            Bar::Spread(q) => vec![q[0], q[4]],
            Bar::Missing(_) => Vec::new(),
        };
        bar.into_iter().chain(r.marks.iter().map(|m| m.value))
    });
    let scale = Scale::over(values, LABEL, WIDTH - RIGHT);
    let mut shapes = Vec::new();
    axis(&mut shapes, &scale, unit, top, bottom);
    if let Some((lo, hi)) = guides {
        for v in [lo, hi] {
            let x = scale.x(v);
            shapes.push(Shape::Line { x1: x, y1: top, x2: x, y2: bottom, tone: Some(Tone::Muted) });
        }
    }
    let mut desc = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let y = top + row_h * i as f64 + row_h / 2.0;
        let label = clip(&r.label, LABEL_CHARS);
        shapes.push(Shape::Text {
            x: LABEL - 8.0,
            y: y + 4.0,
            anchor: Anchor::End,
            text: label,
            tone: None,
            fit: Some(LABEL - 12.0),
        });
        let mut said = match &r.bar {
            Bar::Range { low, mid, high } => {
                let (x0, x1) = (scale.x(*low), scale.x(*high));
                shapes.push(Shape::Rect { x: x0, y: y - 7.0, w: x1 - x0, h: 14.0, tone: Some(Tone::Range) });
                let xm = scale.x(*mid);
                shapes.push(Shape::Line {
                    x1: xm,
                    y1: y - 9.0,
                    x2: xm,
                    y2: y + 9.0,
                    tone: Some(Tone::Range),
                });
                format!("{}: {} to {}, mid {}", r.label, unit.full(*low), unit.full(*high), unit.full(*mid))
            }
            Bar::Spread(q) => {
                spread_shapes(&mut shapes, q.map(|v| scale.x(v)), y, 5.0, 7.0, Tone::Muted);
                format!("{}: {}", r.label, spread_words(*q, unit))
            }
            Bar::Missing(why) => {
                shapes.push(text(LABEL + 4.0, y + 4.0, Anchor::Start, why.clone(), Some(Tone::Muted)));
                format!("{}: {why}", r.label)
            }
        };
        for m in &r.marks {
            let x = scale.x(m.value);
            shapes.push(Shape::Line { x1: x, y1: y - 12.0, x2: x, y2: y + 12.0, tone: Some(m.tone) });
            said.push_str(&format!("; {} {}", m.label, unit.full(m.value)));
        }
        desc.push(said);
    }
    Chart { title: title.into(), desc: desc.join(". "), width: WIDTH, height: bottom + 22.0, shapes }
}

/// One range drawn large (an estimate, the range an offer is judged against): the band, its
/// mid, the ends labelled in full, and marks above it.
pub(crate) fn range_bar(title: &str, currency: &str, low: f64, mid: f64, high: f64, marks: &[Mark]) -> Chart {
    let scale = Scale::over([low, high].into_iter().chain(marks.iter().map(|m| m.value)), 40.0, WIDTH - 40.0);
    let (y, h) = (46.0, 22.0);
    let mut shapes = Vec::new();
    axis(&mut shapes, &scale, Unit::Money(currency), 30.0, 86.0);
    let (x0, x1, xm) = (scale.x(low), scale.x(high), scale.x(mid));
    shapes.push(Shape::Rect { x: x0, y, w: x1 - x0, h, tone: Some(Tone::Range) });
    shapes.push(Shape::Line { x1: xm, y1: y - 4.0, x2: xm, y2: y + h + 4.0, tone: Some(Tone::Range) });
    shapes.push(text(x0, y + h + 14.0, Anchor::Middle, full(low, currency), None));
    shapes.push(text(x1, y + h + 14.0, Anchor::Middle, full(high, currency), None));
    shapes.push(text(xm, y - 8.0, Anchor::Middle, format!("mid {}", full(mid, currency)), Some(Tone::Muted)));
    let mut desc =
        format!("The range {} to {}, mid {}", full(low, currency), full(high, currency), full(mid, currency));
    for m in marks {
        desc.push_str(&marked(&mut shapes, scale.x(m.value), (11.0, 14.0, y + h + 4.0), m, currency));
    }
    Chart { title: title.into(), desc, width: WIDTH, height: 108.0, shapes }
}

/// A percentile spread (p10 to p90 whiskers, p25 to p75 box, the median) with an amount's
/// rank marked.
pub(crate) fn spread(title: &str, currency: &str, q: [f64; 5], mark: Option<&Mark>) -> Chart {
    let scale = Scale::over(q.into_iter().chain(mark.map(|m| m.value)), 40.0, WIDTH - 40.0);
    let y = 50.0;
    let mut shapes = Vec::new();
    axis(&mut shapes, &scale, Unit::Money(currency), 26.0, 80.0);
    let x = |v: f64| scale.x(v);
    spread_shapes(&mut shapes, q.map(x), y, 6.0, 10.0, Tone::Range);
    for (v, name) in q.iter().zip(["p10", "p25", "median", "p75", "p90"]) {
        shapes.push(text(x(*v), y + 24.0, Anchor::Middle, name, Some(Tone::Muted)));
    }
    let mut desc = spread_words(q, Unit::Money(currency));
    if let Some(m) = mark {
        desc.push_str(&marked(&mut shapes, x(m.value), (12.0, 16.0, y + 14.0), m, currency));
    }
    Chart { title: title.into(), desc, width: WIDTH, height: 100.0, shapes }
}

/// A person placed in their range: position 0 is their range's low end, 100 its high end.
#[derive(Clone, Debug)]
pub(crate) struct Dot {
    pub label: String,
    pub position_pct: f64,
    pub tone: Tone,
}

/// People placed in their ranges, a dot each on a 0-100% axis (below-range dots left of 0,
/// above-range right of 100, clamped to the chart), jittered in rows so they do not hide each
/// other.
pub(crate) fn dots(title: &str, dots: &[Dot], counts: &str) -> Chart {
    let (lo, hi) = (-50.0, 150.0);
    let x = |p: f64| 40.0 + (p.clamp(lo, hi) - lo) / (hi - lo) * (WIDTH - 80.0);
    let lanes = 9usize;
    let (top, lane_h) = (16.0, 9.0);
    let bottom = top + lane_h * lanes as f64 + 8.0;
    let mut shapes = vec![Shape::Rect {
        x: x(0.0),
        y: top - 4.0,
        w: x(100.0) - x(0.0),
        h: bottom - top,
        tone: Some(Tone::Muted),
    }];
    for (p, label) in [(0.0, "low"), (50.0, "mid"), (100.0, "high")] {
        shapes.push(Shape::Line { x1: x(p), y1: top - 6.0, x2: x(p), y2: bottom, tone: Some(Tone::Range) });
        shapes.push(text(x(p), bottom + 14.0, Anchor::Middle, label, Some(Tone::Muted)));
    }
    shapes.push(text(x(lo), bottom + 14.0, Anchor::Start, "below range", Some(Tone::Below)));
    shapes.push(text(x(hi), bottom + 14.0, Anchor::End, "above range", Some(Tone::Above)));
    for (i, d) in dots.iter().enumerate() {
        let lane = (i * 7) % lanes;
        shapes.push(Shape::Circle {
            cx: x(d.position_pct),
            cy: top + lane_h * lane as f64 + 4.0,
            r: 3.5,
            tone: Some(d.tone),
            title: d.label.clone(),
        });
    }
    Chart { title: title.into(), desc: counts.into(), width: WIDTH, height: bottom + 24.0, shapes }
}

/// A histogram of positions in range (0 the low end, 100 the high end), bars coloured by the
/// verdict their bin falls in.
pub(crate) fn histogram(title: &str, bins: &[(f64, f64, u64)], counts: &str) -> Chart {
    let (top, bottom) = (10.0, 110.0);
    let (lo, hi) = (bins.first().map_or(0.0, |b| b.0), bins.last().map_or(100.0, |b| b.1));
    let x = |p: f64| 40.0 + (p - lo) / (hi - lo).max(1e-9) * (WIDTH - 80.0);
    let max = bins.iter().map(|b| b.2).max().unwrap_or(0).max(1) as f64;
    let mut shapes = Vec::new();
    for &(a, b, n) in bins {
        let h = n as f64 / max * (bottom - top);
        let tone = if b <= 0.0 {
            Tone::Below
        } else if a >= 100.0 {
            Tone::Above
        } else {
            Tone::Within
        };
        shapes.push(Shape::Rect { x: x(a) + 0.5, y: bottom - h, w: x(b) - x(a) - 1.0, h, tone: Some(tone) });
    }
    for (p, label) in [(0.0, "low"), (50.0, "mid"), (100.0, "high")] {
        if (lo..=hi).contains(&p) {
            shapes.push(Shape::Line { x1: x(p), y1: top, x2: x(p), y2: bottom, tone: Some(Tone::Muted) });
            shapes.push(text(x(p), bottom + 14.0, Anchor::Middle, label, Some(Tone::Muted)));
        }
    }
    Chart { title: title.into(), desc: counts.into(), width: WIDTH, height: bottom + 24.0, shapes }
}

/// `s` in at most `n` characters: the middle left out (`specialization: ge…→ rl`), so two
/// labels that differ at their end stay different.
fn clip(s: &str, n: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= n {
        return s.to_string();
    }
    let tail = (n - 1) / 2;
    let head = n - 1 - tail;
    let mut out: String = chars[..head].iter().collect();
    out.push('…');
    out.extend(&chars[chars.len() - tail..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scale_holds_its_values_on_round_ends() {
        let s = Scale::over([167_000.0, 222_000.0], 0.0, 100.0);
        assert!(s.lo <= 167_000.0 && s.hi >= 222_000.0);
        assert_eq!(s.lo % 10_000.0, 0.0);
        assert!(s.x(167_000.0) > 0.0 && s.x(222_000.0) < 100.0);
        let t = s.ticks();
        assert!(t.len() >= 3 && t.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(7_300.0), 10_000.0);
        assert_eq!(nice_step(1_500.0), 2_000.0);
        assert_eq!(nice_step(40.0), 50.0);
    }

    #[test]
    fn clipped_labels_keep_both_ends() {
        assert_eq!(clip("short", 24), "short");
        let a = clip("specialization: general → research", 24);
        let b = clip("specialization: general → a rl", 24);
        assert_eq!(a.chars().count(), 24);
        assert_ne!(a, b);
        assert!(a.starts_with("special") && a.ends_with("research"), "{a}");
    }

    #[test]
    fn short_labels() {
        assert_eq!(short_money(180_000.0, "USD"), "$180k");
        assert_eq!(short_money(1_250_000.0, "USD"), "$1.2m");
    }

    #[test]
    fn a_range_bar_says_its_figures() {
        let c = range_bar(
            "r",
            "USD",
            167_000.0,
            194_000.0,
            222_000.0,
            &[Mark { value: 185_000.0, label: "offer".into(), tone: Tone::Within }],
        );
        assert!(
            c.desc.contains("$167,000") && c.desc.contains("$222,000") && c.desc.contains("offer $185,000")
        );
    }
}
