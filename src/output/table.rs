//! Aligned text tables, the one place that knows how wide a cell is. Every text table of
//! mlsal (`estimate`, `compare`, `whatif`, `offer`, `market`, `list`) is built here, so they
//! all pad the same way: by display width (`東京` takes four columns, a combining accent
//! none), never by bytes or `char`s, and never with trailing blanks.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use super::style::{Paint, Style};

/// How many terminal columns `s` takes.
pub(crate) fn width(s: &str) -> usize {
    // Printable ASCII is one column a byte: most cells, measured without the width tables.
    if s.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return s.len();
    }
    s.width()
}

/// `s` padded with spaces to `columns` display columns, for a line that is not a [`Table`]
/// (a chart label, a wrapped note).
pub(crate) fn pad(s: &str, columns: usize) -> String {
    let mut out = s.to_string();
    push_spaces(&mut out, columns.saturating_sub(width(s)));
    out
}

fn push_spaces(out: &mut String, mut n: usize) {
    const SPACES: &str = "                                ";
    while n > 0 {
        let k = n.min(SPACES.len());
        out.push_str(&SPACES[..k]);
        n -= k;
    }
}

/// One aligned cell: its text and its paint. Widths are measured on the text alone, so
/// colour never shifts a column.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Cell {
    pub text: String,
    pub paint: Paint,
}

impl Cell {
    pub(crate) fn new(text: impl Into<String>, paint: Paint) -> Cell {
        Cell { text: text.into(), paint }
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell { text, paint: Paint::Plain }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::from(text.to_string())
    }
}

struct Row {
    cells: Vec<Cell>,
    /// Free text after the aligned cells: not measured, not padded, painted by the caller.
    tail: String,
    /// A header: plain cells, the whole line painted dim once trimmed.
    header: bool,
}

/// Rows of cells, each column as wide as its widest cell (or its minimum), written with an
/// indent and a gap between columns. A row may be shorter than others and may end in a
/// free tail, which is how a label-and-value line shares a column with a table.
pub(crate) struct Table {
    indent: &'static str,
    gaps: Vec<&'static str>,
    min: Vec<usize>,
    /// Columns whose cells are padded on the left (figures), by index.
    right: Vec<bool>,
    rows: Vec<Row>,
}

impl Default for Table {
    fn default() -> Self {
        Table::new()
    }
}

/// The gap between columns unless [`Table::gap_after`] says otherwise.
const GAP: &str = "  ";

impl Table {
    /// An empty table, indented by two spaces, two spaces between columns.
    pub(crate) fn new() -> Table {
        Table { indent: "  ", gaps: Vec::new(), min: Vec::new(), right: Vec::new(), rows: Vec::new() }
    }

    /// Column `column` is at least `columns` wide, even if every cell is narrower.
    pub(crate) fn min_width(mut self, column: usize, columns: usize) -> Table {
        if self.min.len() <= column {
            self.min.resize(column + 1, 0);
        }
        self.min[column] = columns;
        self
    }

    /// Column `column` is aligned right, as a column of figures is (`69,030` under `940`).
    pub(crate) fn align_right(mut self, column: usize) -> Table {
        if self.right.len() <= column {
            self.right.resize(column + 1, false);
        }
        self.right[column] = true;
        self
    }

    /// The gap after column `column` is `gap` instead of two spaces.
    pub(crate) fn gap_after(mut self, column: usize, gap: &'static str) -> Table {
        if self.gaps.len() <= column {
            self.gaps.resize(column + 1, GAP);
        }
        self.gaps[column] = gap;
        self
    }

    /// Adds a row of aligned cells.
    pub(crate) fn row<C: Into<Cell>>(&mut self, cells: impl IntoIterator<Item = C>) {
        self.row_with_tail(cells, String::new());
    }

    /// Adds a row of aligned cells followed by `tail`, free text (it may carry its own
    /// colour) that neither widens nor is padded to any column.
    pub(crate) fn row_with_tail<C: Into<Cell>>(&mut self, cells: impl IntoIterator<Item = C>, tail: String) {
        let cells = cells.into_iter().map(Into::into).collect();
        self.rows.push(Row { cells, tail, header: false });
    }

    /// Adds a header row: plain text, aligned like the rest, painted dim as a whole.
    pub(crate) fn header<C: Into<Cell>>(&mut self, cells: impl IntoIterator<Item = C>) {
        let cells = cells.into_iter().map(Into::into).collect();
        self.rows.push(Row { cells, tail: String::new(), header: true });
    }

    fn gap(&self, after: usize) -> &'static str {
        self.gaps.get(after).copied().unwrap_or(GAP)
    }

    /// The width of each column: its widest cell, or its minimum.
    fn widths(&self) -> Vec<usize> {
        let columns = self.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0).max(self.min.len());
        let mut widths = vec![0; columns];
        for (w, min) in widths.iter_mut().zip(&self.min) {
            *w = *min;
        }
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(&row.cells) {
                *w = (*w).max(width(&cell.text));
            }
        }
        widths
    }

    /// The lines of the table, without line ends.
    /// The same rows as an HTML table (a free tail becomes the row's last cell; a header row
    /// the column names), so a report shows what the text shows, cell for cell.
    pub(crate) fn to_html(&self, caption: &str) -> super::html::Table {
        let mut t = super::html::Table { caption: caption.into(), ..Default::default() };
        let width =
            self.rows.iter().map(|r| r.cells.len() + usize::from(!r.tail.is_empty())).max().unwrap_or(0);
        for row in &self.rows {
            let mut cells: Vec<super::html::Text> =
                row.cells.iter().map(|c| c.text.as_str().into()).collect();
            if !row.tail.is_empty() {
                cells.resize_with(width - 1, Default::default);
                cells.push(row.tail.as_str().into());
            }
            if row.header {
                t.columns = cells.into_iter().map(|c| c.text).collect();
            } else {
                t.rows.push(cells);
            }
        }
        if t.columns.is_empty() {
            t.columns = vec![String::new(); width];
        }
        t.numeric = (0..width).map(|i| self.right.get(i).copied().unwrap_or(false)).collect();
        t
    }

    pub(crate) fn lines(&self, style: &Style) -> Vec<String> {
        let widths = self.widths();
        // Every line fits in this much before colour: no line grows as it is written.
        let room = self.indent.len()
            + widths.iter().enumerate().map(|(i, w)| w + self.gap(i).len()).sum::<usize>()
            + self.rows.iter().map(|r| r.tail.len()).max().unwrap_or(0);
        self.rows
            .iter()
            .map(|row| {
                // Cells are painted one by one, a header as a whole once trimmed.
                let cell_style = if row.header { Style::plain() } else { *style };
                let mut line = String::with_capacity(room);
                line.push_str(self.indent);
                // Where the line ends once trailing padding and empty cells are dropped.
                let mut end = line.len();
                for (i, cell) in row.cells.iter().enumerate() {
                    if i > 0 {
                        line.push_str(self.gap(i - 1));
                    }
                    let blank = widths[i].saturating_sub(width(&cell.text));
                    let right = self.right.get(i).copied().unwrap_or(false);
                    if right {
                        push_spaces(&mut line, blank);
                    }
                    if !cell.text.is_empty() {
                        cell_style.push_painted(&mut line, cell.paint, &cell.text);
                        end = line.len();
                    }
                    if !right {
                        push_spaces(&mut line, blank);
                    }
                }
                if !row.tail.is_empty() {
                    line.push_str(row.cells.len().checked_sub(1).map_or("", |last| self.gap(last)));
                    line.push_str(&row.tail);
                    end = line.len();
                }
                line.truncate(end);
                if row.header {
                    let mut dim = String::with_capacity(line.len() + 8);
                    dim.push_str(self.indent);
                    style.push_painted(&mut dim, Paint::Dim, &line[self.indent.len()..]);
                    dim
                } else {
                    line
                }
            })
            .collect()
    }

    /// Writes the table, one line per row.
    pub(crate) fn write(&self, w: &mut dyn Write, style: &Style) -> io::Result<()> {
        for mut line in self.lines(style) {
            line.push('\n');
            w.write_all(line.as_bytes())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_widths_are_the_width_tables() {
        for s in ["", "abc", "x1.30  $180,000", "~ !", "a\tb", "東京", "é"] {
            assert_eq!(width(s), s.width(), "{s:?}");
        }
    }

    fn plain(t: &Table) -> Vec<String> {
        t.lines(&Style::plain())
    }

    #[test]
    fn width_counts_display_columns() {
        assert_eq!(width("Zürich"), 6);
        assert_eq!(width("東京"), 4, "two columns per CJK character");
        assert_eq!(width("Cafe\u{301}"), 4, "a combining accent takes no column");
        assert_eq!(width("$180,000 – $240,000+"), 20);
        assert_eq!(width("¥28,908,000 → ₹1,000"), 20);
    }

    #[test]
    fn columns_line_up_with_wide_and_combining_labels() {
        let mut t = Table::new();
        t.header(["city", "mid"]);
        t.row(["東京", "$1"]);
        t.row(["Zu\u{308}rich", "$22"]);
        t.row(["sf", "$333"]);
        let lines = plain(&t);
        assert_eq!(lines, ["  city    mid", "  東京    $1", "  Zu\u{308}rich  $22", "  sf      $333"]);
        // The second column starts at the same terminal column on every line.
        let starts: Vec<usize> = lines.iter().map(|l| width(&l[..l.find('$').unwrap_or(4)])).collect();
        assert_eq!(starts[1..], [10, 10, 10]);
    }

    #[test]
    fn no_trailing_blanks_and_tails_take_no_width() {
        let mut t = Table::new().min_width(0, 6).gap_after(0, " ");
        t.row_with_tail(["base"], "a long free text".to_string());
        t.row(["x", "wide cell", ""]);
        t.row(["y", "", ""]);
        t.row_with_tail(["z", ""], "tail".to_string());
        assert_eq!(
            plain(&t),
            ["  base   a long free text", "  x      wide cell", "  y", "  z                 tail"]
        );
    }

    #[test]
    fn right_aligned_columns_pad_on_the_left() {
        let mut t = Table::new().align_right(1);
        t.header(["USD", "n"]);
        t.row(["東京", "940"]);
        t.row(["survey", "69,030"]);
        t.row(["none", ""]);
        assert_eq!(plain(&t), ["  USD          n", "  東京       940", "  survey  69,030", "  none"]);
    }

    #[test]
    fn colour_does_not_move_columns() {
        let mut t = Table::new();
        t.header(["a", "b"]);
        t.row([Cell::new("1", Paint::Good), Cell::from("2")]);
        let coloured = t.lines(&Style::colored());
        assert!(coloured[0].starts_with("  \x1b") && coloured[0].ends_with("\x1b[0m"), "{coloured:?}");
        assert!(coloured[1].contains("\x1b"), "{coloured:?}");
        let stripped: Vec<String> =
            coloured.iter().map(|l| anstream::adapter::strip_str(l).to_string()).collect();
        assert_eq!(stripped, plain(&t));
    }
}
