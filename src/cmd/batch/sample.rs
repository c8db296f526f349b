//! Whether a column found by its name to hold the pay (`pay`, `salary`) does: its cells in
//! the first piece of the input, read as amounts. A pay grade (`L5`) in a column called `pay`
//! is no pay to review.

use super::json;
use super::layout::{Layout, MAX_PAY};
use crate::input::record::Record;
use crate::input::{InputFormat, Records};
use crate::model::amount;

/// Rows looked at, at most: enough to tell a column of amounts from one of grades.
const SAMPLE_ROWS: usize = 200;

/// Of the first rows of `chunk` (whole records, after the header), how many have a non-empty
/// cell in column `pay`, and how many of those are not amounts.
pub(crate) fn not_amounts(chunk: &[u8], input: InputFormat, layout: &Layout, pay: usize) -> (usize, usize) {
    let (mut filled, mut bad) = (0, 0);
    let mut count = |cell: &[u8], json: bool| {
        let Ok(text) = std::str::from_utf8(cell) else {
            filled += 1;
            bad += 1;
            return;
        };
        let text = if json { text.trim().trim_matches('"') } else { text.trim() };
        if text.is_empty() || text == "null" {
            return;
        }
        filled += 1;
        if amount::parse(text, MAX_PAY).is_err() {
            bad += 1;
        }
    };
    let mut record = Record::default();
    // TSV and a JSON array are converted to CSV and JSON Lines before any chunk is read.
    match input {
        InputFormat::Csv | InputFormat::Tsv => {
            let mut parser = csv_core::Reader::new();
            let mut records = Records::new(chunk, &mut parser);
            let mut rows = 0;
            while let Some((start, end)) = records.next(&mut parser, &mut record) {
                if record.blank(&chunk[start..end]) {
                    continue;
                }
                count(record.get(pay).unwrap_or_default(), false);
                rows += 1;
                if rows == SAMPLE_ROWS || end == chunk.len() {
                    break;
                }
            }
        }
        InputFormat::Jsonl | InputFormat::Json => {
            let mut slots = vec![None; layout.names.len()];
            let lines = chunk.split(|&b| b == b'\n').map(<[u8]>::trim_ascii).filter(|l| !l.is_empty());
            for line in lines.take(SAMPLE_ROWS) {
                if json::read_line(line, layout, &mut slots, &mut record).is_ok() {
                    count(record.get(pay).unwrap_or_default(), true);
                }
            }
        }
    }
    (filled, bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(names: &[&str]) -> Layout {
        Layout::new(names.iter().map(|n| n.to_string()).collect(), false).unwrap()
    }

    #[test]
    fn grades_are_not_amounts_and_salaries_are() {
        let l = layout(&["years", "pay"]);
        assert_eq!(not_amounts(b"4,L5\n5,L6\n6,\n", InputFormat::Csv, &l, 1), (2, 2));
        assert_eq!(not_amounts(b"4,150000\n5,$160k\n6,TBD\n", InputFormat::Csv, &l, 1), (3, 1));
    }
}
