//! HTML: one self-contained page (inline CSS and SVG, no script, nothing fetched) for a person
//! to read, print or forward.
//!
//! A view builds a [`Page`] of typed blocks and charts; this module alone turns it into bytes,
//! so every string that reaches the page, whoever typed it (an id, a team, a column name), goes
//! through one escaper, [`Esc`]. A chart is a list of [`Shape`]s on a `viewBox`, so it scales
//! with the page and stays sharp at any zoom; each carries a `<title>` and `<desc>`, and the
//! view puts its figures in a table beside it for a screen reader or a text-only mail client.

use std::fmt;
use std::io::{self, Write};

/// A whole report: a heading, blocks in order, and a footer line (mlsal's version, the date of
/// the tables).
#[derive(Clone, Debug, Default)]
pub(crate) struct Page {
    /// The `<title>` and the page's heading.
    pub title: String,
    pub blocks: Vec<Block>,
    /// Small print at the bottom.
    pub footer: Vec<String>,
}

/// What a view can put on a page.
#[derive(Clone, Debug)]
pub(crate) enum Block {
    /// A section heading (`<h2>`).
    Heading(String),
    /// A lead sentence, with the verdict it states (coloured, and said in words too).
    Lead(String, Option<Tone>),
    /// Label and value pairs (`<dl>`).
    Facts(Vec<(String, String)>),
    /// A table with a caption; numeric columns are right-aligned.
    Table(Table),
    /// A chart: an SVG with its own title and description.
    Chart(Chart),
    /// Short paragraphs in a smaller type.
    Notes(Vec<String>),
    /// A bulleted list of lines.
    List(Vec<String>),
    /// Preformatted text (a terminal table, aligned in a monospace font).
    Pre(String),
    /// Sources cited: key, citation, and the address when there is one.
    Sources(Vec<Source>),
}

/// A table block.
#[derive(Clone, Debug, Default)]
pub(crate) struct Table {
    pub caption: String,
    pub columns: Vec<String>,
    /// Which columns hold numbers (right-aligned, tabular figures).
    pub numeric: Vec<bool>,
    pub rows: Vec<Vec<Text>>,
}

/// A cell or label: the words, and a tone when it states a verdict.
#[derive(Clone, Debug, Default)]
pub(crate) struct Text {
    pub text: String,
    pub tone: Option<Tone>,
}

impl<S: Into<String>> From<S> for Text {
    fn from(s: S) -> Text {
        Text { text: s.into(), tone: None }
    }
}

/// A verdict's colour class; the words beside it say the same, so colour is never the only
/// carrier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tone {
    Below,
    Within,
    Above,
    /// Neutral emphasis (the estimate's range, a mid).
    Range,
    /// Secondary marks (quartiles, a market cell).
    Muted,
}

impl Tone {
    fn class(self) -> &'static str {
        match self {
            Tone::Below => "below",
            Tone::Within => "within",
            Tone::Above => "above",
            Tone::Range => "range",
            Tone::Muted => "muted",
        }
    }
}

/// A source cited on the page.
#[derive(Clone, Debug)]
pub(crate) struct Source {
    pub key: String,
    pub citation: String,
    pub url: Option<String>,
}

/// An SVG chart on a `width` x `height` view box.
#[derive(Clone, Debug, Default)]
pub(crate) struct Chart {
    /// The chart's accessible name (`<title>`), also shown as its caption.
    pub title: String,
    /// What the chart shows, in words with its figures (`<desc>`).
    pub desc: String,
    pub width: f64,
    pub height: f64,
    pub shapes: Vec<Shape>,
}

/// A shape in a chart; classes pick colours from the page's style sheet.
#[derive(Clone, Debug)]
pub(crate) enum Shape {
    Rect {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        tone: Option<Tone>,
    },
    Line {
        x1: f64,
        y1: f64,
        x2: f64,
        y2: f64,
        tone: Option<Tone>,
    },
    Circle {
        cx: f64,
        cy: f64,
        r: f64,
        tone: Option<Tone>,
        title: String,
    },
    /// A label; with `fit`, squeezed to at most that width (`textLength`) when it may be wider.
    Text {
        x: f64,
        y: f64,
        anchor: Anchor,
        text: String,
        tone: Option<Tone>,
        fit: Option<f64>,
    },
}

/// Where a label sits on its point.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Anchor {
    Start,
    Middle,
    End,
}

/// Text made safe for HTML element content and quoted attribute values: `&`, `<`, `>`, `"`
/// and `'` become entities, so nothing a user typed can open a tag or close an attribute.
pub(crate) struct Esc<'a>(pub &'a str);

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        let mut last = 0;
        for (i, c) in s.char_indices() {
            let entity = match c {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                // A bidirectional override or isolate would reorder what follows it (`evil`
                // shown as `live`): it is named instead, as a text, never obeyed.
                '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
                    f.write_str(&s[last..i])?;
                    write!(f, "&lt;U+{:04X}&gt;", c as u32)?;
                    last = i + c.len_utf8();
                    continue;
                }
                _ => continue,
            };
            f.write_str(&s[last..i])?;
            f.write_str(entity)?;
            last = i + 1;
        }
        f.write_str(&s[last..])
    }
}

/// A coordinate with at most one decimal: enough on a view box of hundreds, and short.
struct Coord(f64);

impl fmt::Display for Coord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let x = (self.0 * 10.0).round() / 10.0;
        if x.fract() == 0.0 { write!(f, "{}", x as i64) } else { write!(f, "{x:.1}") }
    }
}

/// The footer line every report carries: which mlsal made it.
pub(crate) fn version_line() -> String {
    format!("Made by mlsal {}, a command-line salary estimator for ML engineers.", env!("CARGO_PKG_VERSION"))
}

const STYLE: &str = include_str!("html.css");

/// Writes `page` as one HTML5 document.
pub(crate) fn write(w: &mut dyn Write, page: &Page) -> io::Result<()> {
    writeln!(w, "<!DOCTYPE html>")?;
    writeln!(w, "<html lang=\"en\">")?;
    writeln!(w, "<head>")?;
    writeln!(w, "<meta charset=\"utf-8\">")?;
    writeln!(w, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")?;
    // Nothing on the page may load anything: no script, no network, no frames.
    writeln!(
        w,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
    )?;
    writeln!(w, "<meta name=\"generator\" content=\"mlsal {}\">", env!("CARGO_PKG_VERSION"))?;
    writeln!(w, "<title>{}</title>", Esc(&page.title))?;
    writeln!(w, "<style>\n{STYLE}</style>")?;
    writeln!(w, "</head>")?;
    writeln!(w, "<body>")?;
    writeln!(w, "<main>")?;
    writeln!(w, "<h1>{}</h1>", Esc(&page.title))?;
    for block in &page.blocks {
        write_block(w, block)?;
    }
    writeln!(w, "</main>")?;
    writeln!(w, "<footer>")?;
    for line in &page.footer {
        writeln!(w, "<p>{}</p>", Esc(line))?;
    }
    writeln!(w, "</footer>")?;
    writeln!(w, "</body>")?;
    writeln!(w, "</html>")
}

fn tone_class(tone: Option<Tone>) -> String {
    tone.map_or_else(String::new, |t| format!(" class=\"{}\"", t.class()))
}

fn write_block(w: &mut dyn Write, block: &Block) -> io::Result<()> {
    match block {
        Block::Heading(h) => writeln!(w, "<h2>{}</h2>", Esc(h)),
        Block::Lead(text, tone) => {
            let mark = match tone {
                Some(Tone::Below) => "▼ ",
                Some(Tone::Above) => "▲ ",
                Some(Tone::Within) => "● ",
                _ => "",
            };
            writeln!(w, "<p class=\"lead\"><span{}>{mark}</span>{}</p>", tone_class(*tone), Esc(text))
        }
        Block::Facts(facts) => {
            writeln!(w, "<dl>")?;
            for (label, value) in facts {
                writeln!(w, "<dt>{}</dt><dd>{}</dd>", Esc(label), Esc(value))?;
            }
            writeln!(w, "</dl>")
        }
        Block::Table(t) => write_table(w, t),
        Block::Chart(c) => write_chart(w, c),
        Block::Notes(notes) => {
            for n in notes {
                writeln!(w, "<p class=\"note\">{}</p>", Esc(n))?;
            }
            Ok(())
        }
        Block::Pre(text) => writeln!(w, "<pre>{}</pre>", Esc(text)),
        Block::List(items) => {
            writeln!(w, "<ul>")?;
            for i in items {
                writeln!(w, "<li>{}</li>", Esc(i))?;
            }
            writeln!(w, "</ul>")
        }
        Block::Sources(sources) => {
            writeln!(w, "<ul class=\"sources\">")?;
            for s in sources {
                write!(w, "<li><b>{}</b> {}", Esc(&s.key), Esc(&s.citation))?;
                // A citation's address is a link to follow, never anything the page loads.
                if let Some(url) =
                    s.url.as_deref().filter(|u| u.starts_with("https://") || u.starts_with("http://"))
                {
                    write!(w, " <a href=\"{}\" rel=\"noreferrer\">{}</a>", Esc(url), Esc(url))?;
                }
                writeln!(w, "</li>")?;
            }
            writeln!(w, "</ul>")
        }
    }
}

fn write_table(w: &mut dyn Write, t: &Table) -> io::Result<()> {
    writeln!(w, "<div class=\"scroll\"><table>")?;
    if !t.caption.is_empty() {
        writeln!(w, "<caption>{}</caption>", Esc(&t.caption))?;
    }
    let num = |i: usize| t.numeric.get(i).copied().unwrap_or(false);
    write!(w, "<thead><tr>")?;
    for (i, c) in t.columns.iter().enumerate() {
        let class = if num(i) { " class=\"num\"" } else { "" };
        write!(w, "<th scope=\"col\"{class}>{}</th>", Esc(c))?;
    }
    writeln!(w, "</tr></thead>")?;
    writeln!(w, "<tbody>")?;
    for row in &t.rows {
        write!(w, "<tr>")?;
        for (i, cell) in row.iter().enumerate() {
            let mut classes = Vec::new();
            if num(i) {
                classes.push("num");
            }
            if let Some(tone) = cell.tone {
                classes.push(tone.class());
            }
            if classes.is_empty() {
                write!(w, "<td>{}</td>", Esc(&cell.text))?;
            } else {
                write!(w, "<td class=\"{}\">{}</td>", classes.join(" "), Esc(&cell.text))?;
            }
        }
        writeln!(w, "</tr>")?;
    }
    writeln!(w, "</tbody>")?;
    writeln!(w, "</table></div>")
}

fn write_chart(w: &mut dyn Write, c: &Chart) -> io::Result<()> {
    writeln!(w, "<figure>")?;
    writeln!(
        w,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" role=\"img\">",
        Coord(c.width),
        Coord(c.height)
    )?;
    writeln!(w, "<title>{}</title>", Esc(&c.title))?;
    writeln!(w, "<desc>{}</desc>", Esc(&c.desc))?;
    for s in &c.shapes {
        match s {
            Shape::Rect { x, y, w: width, h, tone } => writeln!(
                w,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{}/>",
                Coord(*x),
                Coord(*y),
                Coord(width.max(0.0)),
                Coord(h.max(0.0)),
                tone_class(*tone)
            )?,
            Shape::Line { x1, y1, x2, y2, tone } => writeln!(
                w,
                "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"{}/>",
                Coord(*x1),
                Coord(*y1),
                Coord(*x2),
                Coord(*y2),
                tone_class(*tone)
            )?,
            Shape::Circle { cx, cy, r, tone, title } => writeln!(
                w,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"{}><title>{}</title></circle>",
                Coord(*cx),
                Coord(*cy),
                Coord(*r),
                tone_class(*tone),
                Esc(title)
            )?,
            Shape::Text { x, y, anchor, text, tone, fit } => {
                let anchor = match anchor {
                    Anchor::Start => "start",
                    Anchor::Middle => "middle",
                    Anchor::End => "end",
                };
                // 11px type: about 6 units a small letter, 7.5 a capital, 10 a W or M (a low
                // guess, so a label that fits is never stretched); one that may not fit is
                // squeezed to its room rather than cut by the chart's edge.
                let width: f64 = text
                    .chars()
                    .map(|c| match c {
                        'W' | 'M' | 'm' | 'w' | '@' | '%' => 10.0,
                        'A'..='Z' => 7.5,
                        c if c.is_ascii() => 6.0,
                        _ => 7.0,
                    })
                    .sum();
                let squeeze = match fit {
                    Some(room) if width > *room => {
                        format!(" textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\"", Coord(*room))
                    }
                    _ => String::new(),
                };
                writeln!(
                    w,
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\"{}{squeeze}>{}</text>",
                    Coord(*x),
                    Coord(*y),
                    tone_class(*tone),
                    Esc(text)
                )?
            }
        }
    }
    writeln!(w, "</svg>")?;
    writeln!(w, "<figcaption>{}</figcaption>", Esc(&c.title))?;
    writeln!(w, "</figure>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_markup_character() {
        let s = Esc("<script>alert('x')</script> & \"><img src=x onerror=y>").to_string();
        assert_eq!(
            s,
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;&gt;&lt;img src=x onerror=y&gt;"
        );
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('"') && !s.contains('\''));
        assert_eq!(Esc("plain £95,000").to_string(), "plain £95,000");
        assert_eq!(Esc("a\u{202E}evil").to_string(), "a&lt;U+202E&gt;evil");
    }

    #[test]
    fn a_page_is_one_document_with_everything_escaped() {
        let page = Page {
            title: "A <b>team</b>".into(),
            blocks: vec![
                Block::Lead("x < y".into(), Some(Tone::Below)),
                Block::Table(Table {
                    caption: "c".into(),
                    columns: vec!["<id>".into()],
                    numeric: vec![false],
                    rows: vec![vec![Text::from("\"><img src=x>")]],
                }),
                Block::Chart(Chart {
                    title: "t<".into(),
                    desc: "d>".into(),
                    width: 100.0,
                    height: 10.0,
                    shapes: vec![Shape::Text {
                        x: 1.25,
                        y: 2.0,
                        anchor: Anchor::Start,
                        text: "<svg onload=1>".into(),
                        tone: None,
                        fit: None,
                    }],
                }),
                Block::Sources(vec![Source {
                    key: "S1".into(),
                    citation: "BLS".into(),
                    url: Some("javascript:alert(1)".into()),
                }]),
            ],
            footer: vec!["mlsal".into()],
        };
        let mut out = Vec::new();
        write(&mut out, &page).unwrap();
        let html = String::from_utf8(out).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
        assert!(html.contains("<title>A &lt;b&gt;team&lt;/b&gt;</title>"));
        assert!(!html.contains("<img") && !html.contains("<b>team") && !html.contains("<svg onload"));
        // A link that is not http(s) is not written as one.
        assert!(!html.contains("javascript:"));
        assert!(html.contains("x=\"1.3\"") || html.contains("x=\"1.2\""));
        assert!(html.trim_end().ends_with("</html>"));
    }
}
