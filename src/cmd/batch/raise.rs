//! `batch --budget`: the glue of a raise budget's two passes (model::raise does the sums).
//!
//! Pass 1 reviews every row as the review does but writes nothing: each reviewed row's
//! [`RowIn`] goes into the chunk's [`Tally`] (lift costs by compa-ratio bin, pay, matrix
//! units), merged in the deliverer. [`Plan::new`] then finds the lift threshold. Pass 2
//! reviews and writes the rows again, and each chunk hands the deliverer, per row, where its
//! raise cells go in its bytes ([`Marked`]); the deliverer, in input order, gives each its
//! raise ([`Allocator`]) and splices the cells in. With `--summary`, the marks carry the
//! row's group instead. Memory: a histogram and the marks of the chunks in flight.

use std::io::{self, Read, Seek};
use std::path::PathBuf;

use rustc_hash::FxHashMap;

use crate::error::Error;
use crate::input::Record;
use crate::model::amount;
use crate::model::raise::{After, Allocator, Budget, LiftTo, RaiseGroup, RowIn};
use crate::model::review::{Review, compa_ratio, position_pct};
use crate::output::RowBytes;
use crate::tables::matrix::Matrix;
use crate::view::raise::push_cells;

/// What a row's raise needs from the run.
pub(crate) struct RaiseJob<'a> {
    pub(crate) matrix: &'a Matrix,
    pub(crate) perf: Option<usize>,
    pub(crate) lift: LiftTo,
    /// Pass 1: tally, write nothing.
    pub(crate) tally: bool,
    /// Each rating's name and aliases as bytes, to find a cell that is one as typed without
    /// folding it (folding allocates: a fifth of a budget run's time).
    pub(crate) names: Vec<(Vec<u8>, usize)>,
}

/// A matrix's rating names as bytes, for [`RaiseJob::names`].
pub(crate) fn rating_names(matrix: &Matrix) -> Vec<(Vec<u8>, usize)> {
    let mut names = Vec::new();
    for (i, r) in matrix.ratings.iter().enumerate() {
        for n in std::iter::once(&r.rating).chain(&r.aliases) {
            names.push((n.trim().as_bytes().to_vec(), i));
        }
    }
    names
}

/// A row of pass 2: where its cells go in the chunk's output (or its group's key, with
/// `--summary`), and its review's figures (`None` for a row with an error).
#[derive(Debug)]
pub(crate) struct Marked {
    pub(crate) at: usize,
    pub(crate) key: Vec<u8>,
    pub(crate) row: Option<RowIn>,
}

impl RaiseJob<'_> {
    /// A reviewed row's figures; a performance cell the matrix does not know counts in
    /// `unrated` and weighs 0.
    pub(crate) fn row_in(&self, record: &Record, review: &Review, unrated: &mut u64) -> RowIn {
        let rating = match self.perf {
            None => Some(self.matrix.default),
            Some(i) => {
                let cell = record.get(i).unwrap_or_default().trim_ascii();
                match self.names.iter().find(|(n, _)| n == cell) {
                    Some(&(_, r)) => Some(r),
                    None => std::str::from_utf8(cell).ok().and_then(|c| self.matrix.rating(c)),
                }
            }
        };
        // The matrix weighs the row where its lift leaves it: the band of its compa-ratio (to
        // two decimals, as shown) or position at the lifted pay.
        let Some(r) = rating else {
            *unrated += 1;
            return RowIn::new(crate::model::cents(review.amount), review.range, self.lift, |_| 0.0);
        };
        let pay = crate::model::cents(review.amount);
        let weight = |lifted: i64| {
            let [low, mid, high] = review.range;
            let (compa, position) = match lifted == pay {
                true => (review.compa_ratio, review.position_pct),
                false => {
                    let amount = lifted as f64 / 100.0;
                    (compa_ratio(amount, mid), position_pct(amount, low, high))
                }
            };
            compa.map_or(0.0, |c| self.matrix.ratings[r].weights[self.matrix.band(c, position)])
        };
        RowIn::new(pay, review.range, self.lift, weight)
    }
}

/// The budget as given: `3%` (of the reviewed pay) or an amount in `currency`, whole units.
pub(crate) fn budget(text: &str, currency: &str) -> Result<Budget, Error> {
    let bad = |reason: String| Error::InvalidValue { flag: "--budget", value: text.to_string(), reason };
    let t = text.trim();
    if let Some(p) = t.strip_suffix('%') {
        return match p.trim().parse::<f64>() {
            // Above 0, as an amount is at least 1: a budget of nothing is refused either way.
            Ok(p) if p.is_finite() && p > 0.0 && p <= 100.0 => Ok(Budget::Percent(p)),
            _ => Err(bad("a percent of the reviewed pay is above 0% and at most 100% (3%, 2.5%)".into())),
        };
    }
    match amount::read(t, currency, 1e13) {
        Ok(a) if a >= 0.0 => Ok(Budget::Amount(a.round() as i64)),
        Ok(_) => Err(bad("a budget is not negative".into())),
        Err(e) => {
            Err(bad(format!("{e}: give a percent of the reviewed pay (3%) or an amount (450k, 450000)")))
        }
    }
}

/// The deliverer's side of pass 2: the allocator, and the groups with `--summary`.
pub(crate) struct Splicer {
    pub(crate) alloc: Allocator,
    pub(crate) rows: RowBytes,
    pub(crate) groups: FxHashMap<Vec<u8>, RaiseGroup>,
    buf: Vec<u8>,
}

impl Splicer {
    pub(crate) fn new(alloc: Allocator, rows: RowBytes) -> Splicer {
        Splicer { alloc, rows, groups: FxHashMap::default(), buf: Vec::new() }
    }

    fn after(&mut self, m: &Marked) -> Option<(RowIn, After)> {
        m.row.map(|r| (r, After::of(&r, self.alloc.next(&r))))
    }

    /// A chunk's rows, `written`, with their raise cells spliced in.
    pub(crate) fn splice(&mut self, written: &[u8], marks: &[Marked]) -> &[u8] {
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        let mut from = 0;
        for m in marks {
            let at = m.at;
            buf.extend_from_slice(&written[from..at]);
            let after = self.after(m);
            push_cells(&mut buf, self.rows, after.as_ref().map(|(_, a)| a));
            from = at;
        }
        buf.extend_from_slice(&written[from..]);
        self.buf = buf;
        &self.buf
    }

    /// Counts a chunk's rows in their groups (`--summary`).
    pub(crate) fn count(&mut self, marks: Vec<Marked>) {
        for m in marks {
            let after = self.after(&m);
            self.groups.entry(m.key).or_default().add(after.as_ref().map(|(r, a)| (r, *a)));
        }
    }
}

/// Where a budget's second pass reads its input again: the file, opened again by its path,
/// or standard input's temporary copy ([`spool`]).
pub(crate) enum Again {
    Path(PathBuf),
    Spooled(std::fs::File),
}

impl Again {
    /// The input again, from its start.
    pub(crate) fn open(self) -> Result<Box<dyn Read + Send>, Error> {
        match self {
            Again::Path(path) => {
                let file = std::fs::File::open(&path)
                    .map_err(|source| Error::Io { path: path.display().to_string(), source })?;
                Ok(Box::new(file))
            }
            Again::Spooled(file) => Ok(Box::new(file)),
        }
    }
}

/// Standard input (or any reader) kept in a temporary file for the second pass: the reader
/// for the first pass and the file for the second. The file is made readable by its owner
/// only (mode 0600), in the temporary directory, and removed from it as soon as both handles
/// are open, before a byte is written: an HR file never has a name there, so a signal (^C)
/// leaves nothing behind, and the space is freed when the handles close.
pub(crate) fn spool(mut reader: Box<dyn Read + Send>) -> Result<(Box<dyn Read + Send>, Again), Error> {
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let path = std::env::temp_dir().join(format!("mlsal-budget-{}-{nanos}.tmp", std::process::id()));
    let io_err = |source| Error::Io { path: path.display().to_string(), source };
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut first = options.open(&path).map_err(io_err)?;
    let second = std::fs::File::open(&path);
    let removed = std::fs::remove_file(&path);
    let second = second.map_err(io_err)?;
    removed.map_err(io_err)?;
    io::copy(&mut reader, &mut first).map_err(io_err)?;
    first.seek(io::SeekFrom::Start(0)).map_err(io_err)?;
    Ok((Box::new(first), Again::Spooled(second)))
}
