//! Rows already priced, by the rest of their line.
//!
//! A file of profiles repeats itself: a million rows hold a few thousand distinct
//! combinations of city, education, specialization, industry and company size. When the
//! experience is the first or the last column, everything else on a simple line is one run of
//! bytes, and the row's factors, its multiplier and the multiplier's text depend on those
//! bytes alone. Remembering them by those bytes turns five cell lookups, the product of the
//! multipliers and its formatting into one lookup: the run is read as eight words (masked past
//! its end), hashed, and compared word by word, with no branch on its length.
//!
//! What is remembered is exactly what the cell-by-cell path computed the first time (see
//! `Job::rows`): the same bytes can only give the same factors.

use super::Columns;
use super::record::{Line, word};
use super::sink::Text;

/// The longest run remembered (eight words).
const MAX_KEY: usize = 64;

/// Rows remembered at most, per thread: memory stays bounded whatever the input (about
/// 100 bytes each).
const MAX_ROWS: usize = 1 << 14;

/// Where the run of factor cells is on a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rest {
    /// After the first field (the experience is first).
    AfterFirst,
    /// Before the last field (the experience is last).
    BeforeLast,
}

/// A line's key: its run of factor cells as eight words, its length, and its hash.
#[derive(Clone, Copy, Debug)]
pub struct Key {
    words: [u64; 8],
    len: usize,
    hash: u64,
}

/// What a remembered row gives: its factor indices, the multiplier applied and its text.
#[derive(Clone, Copy, Debug)]
pub struct Row {
    pub factors: [usize; 5],
    pub multiplier: f64,
    pub text: Option<Text>,
}

struct Slot {
    key: [u64; 8],
    len: usize,
    row: Row,
}

pub struct Known {
    rest: Option<Rest>,
    /// Open-addressed, at most half full: `index + 1` into `rows`, 0 for empty.
    table: Vec<u32>,
    rows: Vec<Slot>,
}

impl Known {
    /// Rows of `columns` remembered by their factor cells, if the experience column is first
    /// or last (and is the only one: with both `years` and `level`, nothing is remembered).
    pub fn new(columns: &Columns) -> Self {
        let last = columns.names.len().saturating_sub(1);
        let rest = match (columns.years, columns.level) {
            (Some(0), None) | (None, Some(0)) => Some(Rest::AfterFirst),
            (Some(i), None) | (None, Some(i)) if i == last => Some(Rest::BeforeLast),
            _ => None,
        };
        Known { rest, table: Vec::new(), rows: Vec::new() }
    }

    /// The key of `line`: `None` when rows of this layout are not remembered or the run is
    /// too long.
    #[inline]
    pub fn key(&self, line: &Line) -> Option<Key> {
        let ends = line.ends();
        let (start, end) = match self.rest? {
            Rest::AfterFirst => (ends.first()? + 1, *ends.last()?),
            Rest::BeforeLast => (0, *ends.get(ends.len().checked_sub(2)?)?),
        };
        let len = end.checked_sub(start)?;
        if len > MAX_KEY {
            return None;
        }
        let bytes = line.bytes();
        let mut words = [0u64; 8];
        let mut hash = len as u64;
        for (k, w) in words.iter_mut().enumerate() {
            *w = word(bytes, start + 8 * k, len.saturating_sub(8 * k).min(8));
            hash = (hash.rotate_left(5) ^ *w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
        Some(Key { words, len, hash })
    }

    /// The row remembered under `key`.
    #[inline]
    pub fn get(&self, key: &Key) -> Option<&Row> {
        if self.table.is_empty() {
            return None;
        }
        let mask = self.table.len() - 1;
        let mut i = (key.hash >> 32) as usize & mask;
        loop {
            let slot = &self.rows[self.table[i].checked_sub(1)? as usize];
            let differ = slot.key.iter().zip(&key.words).fold(0, |acc, (a, b)| acc | (a ^ b));
            if differ == 0 && slot.len == key.len {
                return Some(&slot.row);
            }
            i = (i + 1) & mask;
        }
    }

    /// Remembers `row` under `key` (unless [`MAX_ROWS`] are remembered already).
    pub fn insert(&mut self, key: &Key, row: Row) {
        if self.rows.len() >= MAX_ROWS || self.get(key).is_some() {
            return;
        }
        if 2 * (self.rows.len() + 1) > self.table.len() {
            self.table = vec![0; (self.table.len() * 2).max(64)];
            let mask = self.table.len() - 1;
            for (n, slot) in self.rows.iter().enumerate() {
                let hash = Known::rehash(&slot.key, slot.len);
                Known::place(&mut self.table, mask, hash, n);
            }
        }
        let mask = self.table.len() - 1;
        Known::place(&mut self.table, mask, key.hash, self.rows.len());
        self.rows.push(Slot { key: key.words, len: key.len, row });
    }

    fn place(table: &mut [u32], mask: usize, hash: u64, n: usize) {
        let mut i = (hash >> 32) as usize & mask;
        while table[i] != 0 {
            i = (i + 1) & mask;
        }
        table[i] = n as u32 + 1;
    }

    /// The hash [`key`](Self::key) gives for these words.
    fn rehash(words: &[u64; 8], len: usize) -> u64 {
        words
            .iter()
            .fold(len as u64, |hash, w| (hash.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::batch::input::scan_line;

    fn columns(header: &str) -> Columns {
        Columns::from_names(header.split(',').map(String::from).collect()).unwrap()
    }

    fn row(n: usize) -> Row {
        Row { factors: [n; 5], multiplier: n as f64, text: None }
    }

    /// Keys of the lines in `text` (one per line), for `header`.
    fn keys(known: &Known, text: &[u8]) -> Vec<Option<Key>> {
        let mut out = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let (ends, taken) = scan_line(&text[at..]).unwrap();
            out.push(known.key(&Line::new(&text[at..], ends.as_slice())));
            at += taken;
        }
        out
    }

    #[test]
    fn the_key_is_the_run_of_factor_cells_and_equal_runs_give_equal_keys() {
        let k = Known::new(&columns("years,city,education"));
        let got = keys(&k, b"4,sf,phd\n5,sf,phd\r\n 2.5 ,sf,phd\n4,sf,phd \n4,sf,\n");
        let (a, b, c, d, e) =
            (got[0].unwrap(), got[1].unwrap(), got[2].unwrap(), got[3].unwrap(), got[4].unwrap());
        assert_eq!((a.words, a.len, a.hash), (b.words, b.len, b.hash), "the years differ only");
        assert_eq!((a.words, a.hash), (c.words, c.hash));
        assert_ne!(a.words, d.words, "a trailing space is part of the run");
        assert_ne!((a.words, a.len), (e.words, e.len));
        // The run starts right after the first comma and ends right at the line's end.
        let got = keys(&k, b"4,sf,phd\n4,xf,phd\n4,sf,phx\n");
        assert_ne!(got[0].unwrap().words, got[1].unwrap().words);
        assert_ne!(got[0].unwrap().words, got[2].unwrap().words);
        let last = Known::new(&columns("city,education,years"));
        let got = keys(&last, b"sf,phd,4\nsf,phd,12\nxf,phd,4\nsf,phx,4\n");
        assert_eq!(got[0].unwrap().words, got[1].unwrap().words);
        assert_eq!(got[0].unwrap().len, 6);
        assert_ne!(got[0].unwrap().words, got[2].unwrap().words);
        assert_ne!(got[0].unwrap().words, got[3].unwrap().words);
        // Experience in the middle, or both years and level: not remembered.
        assert!(Known::new(&columns("city,years,education")).rest.is_none());
        assert!(Known::new(&columns("years,city,level")).rest.is_none());
    }

    #[test]
    fn runs_are_told_apart_whatever_their_length_and_long_ones_are_not_kept() {
        let k = Known::new(&columns("years,city,education"));
        let mut text = Vec::new();
        for n in 0..70 {
            text.extend_from_slice(format!("4,{},x\n", "a".repeat(n)).as_bytes());
        }
        let got = keys(&k, &text);
        let mut known = Known::new(&columns("years,city,education"));
        for (n, key) in got.iter().enumerate() {
            match key {
                Some(key) => known.insert(key, row(n)),
                None => assert!(n + 2 > MAX_KEY, "{n}"),
            }
        }
        for (n, key) in got.iter().enumerate() {
            if let Some(key) = key {
                assert_eq!(known.get(key).map(|r| r.factors[0]), Some(n), "{n}");
            }
        }
    }

    #[test]
    fn the_table_grows_and_stops_at_its_bound() {
        let mut known = Known::new(&columns("years,city"));
        let mut text = Vec::new();
        for n in 0..MAX_ROWS + 100 {
            text.extend_from_slice(format!("4,{n}\n").as_bytes());
        }
        let got: Vec<Key> = keys(&known, &text).into_iter().map(Option::unwrap).collect();
        for (n, key) in got.iter().enumerate() {
            known.insert(key, row(n));
        }
        assert_eq!(known.rows.len(), MAX_ROWS);
        assert_eq!(known.get(&got[0]).map(|r| r.factors[0]), Some(0));
        assert_eq!(known.get(&got[MAX_ROWS - 1]).map(|r| r.factors[0]), Some(MAX_ROWS - 1));
        assert!(known.get(&got[MAX_ROWS]).is_none());
    }
}
