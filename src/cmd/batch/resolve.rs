//! Rows to profiles: `ProfileSpec::resolve`, memoized.
//!
//! Every row goes through the same lookup as `mlsal estimate`, so batch and estimate cannot
//! disagree; but a million rows hold a few dozen distinct values, so each value is resolved
//! once and remembered by its raw bytes. A row whose every value is remembered costs a few
//! table probes and no allocation ([`Resolver::recall`]); any other row is resolved whole by
//! `ProfileSpec::resolve`, which also gives its error message. Each distinct experience is
//! also remembered with its [`Base`] (its place on the bands), computed once.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::Columns;
use super::record::{Cell, Fields};
use crate::error::Error;
use crate::model::{Base, Experience, Profile, ProfileSpec, base, parse_years};
use crate::tables::{Factor, Tables};

/// Distinct values remembered per column; past this, values are resolved every time, so
/// memory stays flat even on an input of all-different values.
const MEMO_LIMIT: usize = 4096;

/// FxHash (rustc's hasher): the keys are short and the memo is bounded, so speed beats
/// SipHash's resistance to crafted collisions here.
#[derive(Default)]
struct FxHasher(u64);

impl FxHasher {
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::K);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            self.add(u64::from_le_bytes(word));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }

    fn write_u128(&mut self, n: u128) {
        self.add(n as u64);
        self.add((n >> 64) as u64);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type Fx = BuildHasherDefault<FxHasher>;

/// A cell's raw bytes to what they resolved to: short cells by their packed form in an
/// open-addressed table (a multiply, a shift and usually one compare per probe: the values
/// of a column are few, so the table stays small and in cache), long ones by their bytes.
struct Memo<V> {
    /// Packed keys ([`Cell::packed`]); an empty slot has a high word of 0 (a packed key has
    /// its length, 1 to 15, in its top byte). The length is a power of two, or 0 before the
    /// first key.
    keys: Vec<(u64, u64)>,
    values: Vec<V>,
    /// Keys in `keys`.
    short: usize,
    long: HashMap<Box<[u8]>, V, Fx>,
}

impl<V> Default for Memo<V> {
    fn default() -> Self {
        Memo { keys: Vec::new(), values: Vec::new(), short: 0, long: HashMap::default() }
    }
}

impl<V: Copy + Default> Memo<V> {
    /// The first slot to probe for `key` in a table of `len` slots (a power of two).
    #[inline]
    fn slot((lo, hi): (u64, u64), len: usize) -> usize {
        let x = lo ^ hi.rotate_left(29);
        (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & (len - 1)
    }

    #[inline]
    fn get(&self, cell: &Cell) -> Option<V> {
        match cell.packed {
            Some(key) => self.get_short(key),
            None => self.long.get(cell.raw).copied(),
        }
    }

    #[inline]
    fn get_short(&self, (lo, hi): (u64, u64)) -> Option<V> {
        if self.keys.is_empty() {
            return None;
        }
        let mask = self.keys.len() - 1;
        let mut i = Self::slot((lo, hi), self.keys.len());
        loop {
            let (klo, khi) = self.keys[i];
            if (klo ^ lo) | (khi ^ hi) == 0 {
                return Some(self.values[i]);
            }
            if khi == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    fn remember(&mut self, cell: &Cell, value: V) {
        if self.len() >= MEMO_LIMIT {
            return;
        }
        match cell.packed {
            Some(key) => self.insert_short(key, value),
            None => {
                self.long.insert(cell.raw.into(), value);
            }
        }
    }

    fn insert_short(&mut self, key: (u64, u64), value: V) {
        // At most half full, so probes stay short and an empty slot always ends them.
        if 2 * (self.short + 1) > self.keys.len() {
            let len = (self.keys.len() * 2).max(16);
            let keys = std::mem::replace(&mut self.keys, vec![(0, 0); len]);
            let values = std::mem::replace(&mut self.values, vec![V::default(); len]);
            self.short = 0;
            for (k, v) in keys.into_iter().zip(values).filter(|(k, _)| k.1 != 0) {
                self.insert_short(k, v);
            }
        }
        let mask = self.keys.len() - 1;
        let mut i = Self::slot(key, self.keys.len());
        while self.keys[i].1 != 0 && self.keys[i] != key {
            i = (i + 1) & mask;
        }
        if self.keys[i].1 == 0 {
            self.short += 1;
        }
        self.keys[i] = key;
        self.values[i] = value;
    }

    fn len(&self) -> usize {
        self.short + self.long.len()
    }
}

/// Resolves rows against the tables, remembering what it has resolved.
pub struct Resolver<'t> {
    tables: &'t Tables,
    defaults: [usize; 5],
    /// A `years` cell to its index in `bases`.
    years: Memo<u32>,
    /// The base of each distinct number of years seen (`years: Some(y)`).
    bases: Vec<Base>,
    /// A `level` cell to its band.
    levels: Memo<u32>,
    /// The base of each band, picked as a level.
    band_bases: Vec<Base>,
    factors: [Memo<u32>; 5],
}

/// A row's cells, trimmed, with empty ones as `None` (empty takes the default).
struct Cells<'r> {
    years: Option<Cell<'r>>,
    level: Option<Cell<'r>>,
    factors: [Option<Cell<'r>>; 5],
}

impl<'t> Resolver<'t> {
    pub fn new(tables: &'t Tables) -> Self {
        Resolver {
            tables,
            defaults: Factor::ALL.map(|f| tables.factor(f).default_index()),
            years: Memo::default(),
            bases: Vec::new(),
            levels: Memo::default(),
            band_bases: (0..tables.bands.bands.len()).map(|i| base(tables, Experience::Level(i))).collect(),
            factors: Default::default(),
        }
    }

    /// A row from memory alone, without allocating: its experience's base (exactly
    /// `model::base` of its experience) and its factor indices. `None` when a value has not
    /// been seen, or the row is bad: [`profile`](Self::profile) then resolves it.
    pub fn recall<F: Fields>(&self, columns: &Columns, row: &F) -> Option<(&Base, [usize; 5])> {
        let cell = |i: Option<usize>| i.and_then(|i| row.cell(i));
        let base = self.experience(columns, row)?;
        let mut factors = self.defaults;
        for ((slot, memo), at) in factors.iter_mut().zip(&self.factors).zip(columns.factors) {
            if let Some(c) = cell(at) {
                *slot = memo.get(&c)? as usize;
            }
        }
        Some((base, factors))
    }

    /// The base of a row's experience from memory alone (the first half of [`recall`](Self::recall)).
    #[inline]
    pub fn experience<F: Fields>(&self, columns: &Columns, row: &F) -> Option<&Base> {
        let cell = |i: Option<usize>| i.and_then(|i| row.cell(i));
        match (cell(columns.years), cell(columns.level)) {
            (Some(years), None) => Some(&self.bases[self.years.get(&years)? as usize]),
            (None, Some(level)) => Some(&self.band_bases[self.levels.get(&level)? as usize]),
            _ => None,
        }
    }

    /// The profile of one row: from memory when every value has been seen, else resolved.
    pub fn profile<F: Fields>(&mut self, columns: &Columns, row: &F) -> Result<Profile, Error> {
        let cell = |i: Option<usize>| i.and_then(|i| row.cell(i));
        let cells = Cells {
            years: cell(columns.years),
            level: cell(columns.level),
            factors: columns.factors.map(cell),
        };
        let years = match &cells.years {
            Some(c) => Some(self.years(columns, c)?),
            None => None,
        };
        match self.remembered(years, &cells) {
            Some(profile) => Ok(profile),
            None => self.resolve(columns, years, &cells),
        }
    }

    /// Years as `parse_years` reads them (remembered: a file holds few distinct values).
    fn years(&mut self, columns: &Columns, cell: &Cell) -> Result<f64, Error> {
        if let Some(i) = self.years.get(cell) {
            return Ok(self.bases[i as usize].years.unwrap_or_default());
        }
        let y = parse_years(utf8(cell.raw, columns.name(columns.years))?)?;
        if self.years.len() < MEMO_LIMIT {
            self.years.remember(cell, self.bases.len() as u32);
            self.bases.push(base(self.tables, Experience::Years(y)));
        }
        Ok(y)
    }

    fn remembered(&self, years: Option<f64>, cells: &Cells) -> Option<Profile> {
        let experience = match (years, &cells.level) {
            (Some(y), None) => Experience::Years(y),
            (None, Some(level)) => Experience::Level(self.levels.get(level)? as usize),
            // Neither or both: `resolve` says what is wrong.
            _ => return None,
        };
        let mut factors = self.defaults;
        for ((slot, memo), cell) in factors.iter_mut().zip(&self.factors).zip(&cells.factors) {
            if let Some(cell) = cell {
                *slot = memo.get(cell)? as usize;
            }
        }
        Some(Profile { experience, factors })
    }

    /// The whole row through `ProfileSpec::resolve`, as `estimate` resolves its flags; what it
    /// finds is remembered for the rows after.
    fn resolve(&mut self, columns: &Columns, years: Option<f64>, cells: &Cells) -> Result<Profile, Error> {
        if years.is_none() && cells.level.is_none() {
            return Err(Error::NoExperience);
        }
        let mut factors = [None; 5];
        for ((slot, cell), at) in factors.iter_mut().zip(&cells.factors).zip(columns.factors) {
            *slot = cell.map(|c| utf8(c.raw, columns.name(at))).transpose()?;
        }
        let level = cells.level.map(|c| utf8(c.raw, columns.name(columns.level))).transpose()?;
        let spec = ProfileSpec { years, level, factors };
        let profile = spec.resolve(self.tables)?;
        if let (Some(cell), Experience::Level(i)) = (&cells.level, profile.experience) {
            self.levels.remember(cell, i as u32);
        }
        for ((memo, cell), &index) in self.factors.iter_mut().zip(&cells.factors).zip(&profile.factors) {
            if let Some(cell) = cell {
                memo.remember(cell, index as u32);
            }
        }
        Ok(profile)
    }
}

fn utf8<'a>(raw: &'a [u8], column: &str) -> Result<&'a str, Error> {
    std::str::from_utf8(raw).map_err(|_| Error::NotUtf8 { column: column.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::batch::record::Record;
    use crate::data::load_embedded;

    fn columns() -> Columns {
        Columns::from_names(
            ["years", "level", "city", "education", "specialization", "industry", "company_size"]
                .map(String::from)
                .to_vec(),
        )
        .unwrap()
    }

    /// Every key and alias of every table, through the memo (twice, so the second pass is
    /// remembered), gives exactly what `ProfileSpec::resolve` gives.
    #[test]
    fn memoized_rows_resolve_like_profile_spec() {
        let t = load_embedded().unwrap();
        let cols = columns();
        let mut r = Resolver::new(&t);
        for pass in 0..2 {
            for f in Factor::ALL {
                for e in &t.factor(f).entries {
                    for name in std::iter::once(&e.key).chain(&e.aliases) {
                        let mut cells = [""; 7];
                        cells[0] = "4";
                        cells[2 + f.index()] = name;
                        let record = Record::from(&cells[..]);
                        let recalled = r.recall(&cols, &record).map(|(b, f)| (*b, f));
                        let got = r.profile(&cols, &record).unwrap();
                        let mut spec = ProfileSpec::<&str> { years: Some(4.0), ..Default::default() };
                        spec.factors[f.index()] = Some(name);
                        let want = spec.resolve(&t).unwrap();
                        assert_eq!(got, want, "pass {pass}: {f} {name}");
                        // Recalled exactly when seen before (the same key may be an alias of
                        // another table's, so only the second pass is sure to be remembered).
                        if pass == 1 {
                            assert_eq!(
                                recalled,
                                Some((base(&t, want.experience), want.factors)),
                                "{f} {name}"
                            );
                        }
                        assert_eq!(
                            r.recall(&cols, &record).map(|(b, f)| (*b, f)),
                            Some((base(&t, want.experience), want.factors))
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn errors_are_profile_specs_errors() {
        let t = load_embedded().unwrap();
        let cols = columns();
        let mut r = Resolver::new(&t);
        let row = |cells: [&str; 7]| Record::from(&cells[..]);
        let err = r.profile(&cols, &row(["4", "", "seatle", "", "", "", ""])).unwrap_err();
        let spec =
            ProfileSpec { years: Some(4.0), factors: [Some("seatle"), None, None, None, None], level: None };
        assert_eq!(err.to_string(), spec.resolve(&t).unwrap_err().to_string());
        let err = r.profile(&cols, &row(["4", "mid", "", "", "", "", ""])).unwrap_err();
        assert!(err.to_string().contains("not both"), "{err}");
        let err = r.profile(&cols, &row(["", "", "sf", "", "", "", ""])).unwrap_err();
        assert!(matches!(err, Error::NoExperience));
        let err = r.profile(&cols, &row(["-1", "", "", "", "", "", ""])).unwrap_err();
        assert!(matches!(err, Error::InvalidYears { .. }));
        let bad = Record::from(&[&b"4"[..], b"", b"s\xfff", b"", b"", b"", b""][..]);
        assert_eq!(r.profile(&cols, &bad).unwrap_err().to_string(), "column `city` is not valid UTF-8");
    }

    #[test]
    fn levels_are_remembered_and_empty_cells_take_defaults() {
        let t = load_embedded().unwrap();
        let cols = columns();
        let mut r = Resolver::new(&t);
        let row = Record::from(&["", " Senior ", "", "", "", "", ""][..]);
        assert!(r.recall(&cols, &row).is_none(), "nothing seen yet");
        for _ in 0..2 {
            let p = r.profile(&cols, &row).unwrap();
            assert_eq!(p.experience, Experience::Level(t.bands.find("senior").unwrap()));
            assert_eq!(p.factors, Factor::ALL.map(|f| t.factor(f).default_index()));
            let (b, factors) = r.recall(&cols, &row).unwrap();
            assert_eq!((*b, factors), (base(&t, p.experience), p.factors));
        }
    }

    /// Years are remembered with their base: each distinct value once, recalled as
    /// `model::base` places it (bands, the blend, the bounds of each band).
    #[test]
    fn years_are_recalled_with_their_base() {
        let t = load_embedded().unwrap();
        let cols = columns();
        let mut r = Resolver::new(&t);
        let values = ["0", "2", "2.0", "2.5", "2.25", " 3 ", "5", "5.01", "60", "1e1"];
        for pass in 0..2 {
            for y in values {
                let row = Record::from(&[y, "", "", "", "", "", ""][..]);
                let p = r.profile(&cols, &row).unwrap();
                let want = base(&t, Experience::Years(parse_years(y).unwrap()));
                assert_eq!(p.experience, Experience::Years(parse_years(y).unwrap()), "{pass} {y}");
                assert_eq!(r.recall(&cols, &row).map(|(b, _)| *b), Some(want), "{pass} {y}");
            }
        }
        assert_eq!(r.bases.len(), values.len(), "each value computed once");
        // Bad rows are never recalled: bad years, both years and level, neither.
        for cells in
            [["-1", "", "", "", "", "", ""], ["4", "mid", "", "", "", "", ""], ["", "", "sf", "", "", "", ""]]
        {
            let row = Record::from(&cells[..]);
            assert!(r.profile(&cols, &row).is_err());
            assert!(r.recall(&cols, &row).is_none(), "{cells:?}");
        }
    }

    #[test]
    fn the_memo_is_bounded_and_keeps_short_and_long_keys_apart() {
        let mut m = Memo::default();
        let mut r = Record::default();
        for i in 0..MEMO_LIMIT + 10 {
            r.set_line(format!("{i},{i:0>20}").as_bytes(), b',');
            m.remember(&r.cell(i % 2).unwrap(), i);
        }
        assert_eq!(m.len(), MEMO_LIMIT);
        r.set_line(b"8,00000000000000000007", b',');
        assert_eq!((m.get(&r.cell(0).unwrap()), m.get(&r.cell(1).unwrap())), (Some(8), Some(7)));
        r.set_line(b"7,00000000000000000008", b',');
        assert_eq!((m.get(&r.cell(0).unwrap()), m.get(&r.cell(1).unwrap())), (None, None));
        r.set_line(b"6", b',');
        assert_eq!(m.get(&r.cell(0).unwrap()), Some(6));
    }
}
