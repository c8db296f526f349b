//! The input's columns: which are profile columns, which pass through, which holds the pay
//! to review, and what the output calls them.

use std::collections::HashSet;

use rustc_hash::FxHashMap;

use super::mapping::Mapping;
use super::problem::{Problem, listed};
use crate::error::{Error, printable};
use crate::names::fold;
use crate::tables::{Column, Factor};
use crate::view::batch::{CONVERTED_COLUMNS, PACKAGE_COLUMNS, RESULT_COLUMNS, REVIEW_COLUMNS};
use crate::view::estimate::TOTAL_COLUMNS;
use crate::view::raise::RAISE_COLUMNS;

/// The names a pay column goes by (case, spaces, `_` and `-` folded).
pub(crate) const PAY_COLUMNS: [&str; 6] =
    ["base_salary", "salary", "base_pay", "current_salary", "annual_salary", "pay"];

/// The largest pay read: beyond it a typo (an extra zero or two) is likelier than a salary.
pub const MAX_PAY: f64 = 1e7;

/// The column named `name`: as given, else the one whose name folds to the same (`Team` for
/// `team`), else `NAME_N`, column N of a name given more than once, as the output calls it
/// (`salary_4`). A name that is no column is a usage error listing the columns; a name of
/// several columns is one naming each as `NAME_N`.
pub(crate) fn column(names: &[String], name: &str, flag: &'static str) -> Result<usize, Error> {
    let exact: Vec<usize> = (0..names.len()).filter(|&i| names[i] == name.trim()).collect();
    let found = match exact[..] {
        [] => {
            let folded = fold(name);
            (0..names.len()).filter(|&i| fold(&names[i]) == folded).collect()
        }
        _ => exact,
    };
    match found[..] {
        [i] => Ok(i),
        [] => numbered(names, name).ok_or_else(|| Error::InvalidValue {
            flag,
            value: name.to_string(),
            reason: format!("no such column (columns: {})", listed(names, "`")),
        }),
        _ => Err(Error::InvalidValue {
            flag,
            value: name.to_string(),
            reason: format!(
                "{} columns have that name: name one by its number, {}",
                found.len(),
                numbered_names(names, &found)
            ),
        }),
    }
}

/// `salary_4`: column 4 (from 1), if its name is `salary` (or folds to it) and another
/// column's name is the same.
fn numbered(names: &[String], name: &str) -> Option<usize> {
    let (base, n) = name.trim().rsplit_once('_')?;
    let i = n.parse::<usize>().ok()?.checked_sub(1)?;
    let folded = fold(base);
    let same = |j: usize| names[j] == base || fold(&names[j]) == folded;
    (i < names.len() && same(i) && (0..names.len()).any(|j| j != i && same(j))).then_some(i)
}

/// `` `salary_3` or `salary_4` ``: columns named alike, each by its name and number.
fn numbered_names(names: &[String], at: &[usize]) -> String {
    let each: Vec<String> = at.iter().map(|&i| format!("`{}_{}`", printable(&names[i]), i + 1)).collect();
    each.join(" or ")
}

/// The pay column: `--pay-column`'s, else the one column with a pay name; none without one.
/// Two candidates are a usage error naming both.
pub fn pay_column(names: &[String], flag: Option<&str>) -> Result<Option<usize>, Error> {
    if let Some(name) = flag {
        return column(names, name, "--pay-column").map(Some);
    }
    let pay: Vec<String> = PAY_COLUMNS.iter().map(|p| fold(p)).collect();
    let mut found: Vec<usize> = (0..names.len()).filter(|&i| pay.contains(&fold(&names[i]))).collect();
    // An earlier pay review's output holds its input's pay column as given and its `pay`, that
    // pay as it read it, in the row's `currency`. The pay as given is read again (a bad one
    // gives the same error), unless that run converted it (its `pay_rate`): then the given pay
    // is in another currency than `currency`, and its `pay`, in `currency`, is read.
    if found.len() > 1 && names.iter().any(|n| n == "compa_ratio") {
        let converted = names.iter().any(|n| n == "pay_rate");
        found.retain(|&i| (names[i] == "pay") == converted);
    }
    match found[..] {
        [] => Ok(None),
        [i] => Ok(Some(i)),
        [a, b, ..] if names[a] == names[b] => Err(Error::Usage {
            message: format!(
                "columns {} and {} are both named `{}` and could each be the pay column: name the one to review with --pay-column, {}",
                a + 1,
                b + 1,
                printable(&names[a]),
                numbered_names(names, &[a, b])
            ),
        }),
        [a, b, ..] => Err(Error::Usage {
            message: format!(
                "columns `{}` and `{}` could each be the pay column: name the one to review with --pay-column",
                printable(&names[a]),
                printable(&names[b])
            ),
        }),
    }
}

/// `--by level` and `--by verdict` with no input column of that name: the result columns, by
/// these indices past any column's.
pub(crate) const BY_LEVEL: usize = usize::MAX;
pub(crate) const BY_VERDICT: usize = usize::MAX - 1;

/// The output's name of a `--by` column: the input column's, or the result column's.
pub(crate) fn by_name(names: &[String], i: usize) -> String {
    match i {
        BY_LEVEL => "level".into(),
        BY_VERDICT => "verdict".into(),
        i => names[i].clone(),
    }
}

/// The names a currency column goes by (folded as [`PAY_COLUMNS`]).
pub(crate) const CURRENCY_COLUMNS: [&str; 5] =
    ["currency", "pay_currency", "salary_currency", "base_salary_currency", "currency_code"];

/// The currency column (the currency each row's pay is in), if any: the one column with a
/// currency name. Two are a usage error naming both, as two pay columns are.
pub(crate) fn currency_column(names: &[String]) -> Result<Option<usize>, Error> {
    let currency: Vec<String> = CURRENCY_COLUMNS.iter().map(|c| fold(c)).collect();
    let found: Vec<usize> = (0..names.len()).filter(|&i| currency.contains(&fold(&names[i]))).collect();
    match found[..] {
        [] => Ok(None),
        [i] => Ok(Some(i)),
        [a, b, ..] => Err(Error::Usage {
            message: format!(
                "columns `{}` and `{}` could each be the pay's currency column: give one of them",
                printable(&names[a]),
                printable(&names[b])
            ),
        }),
    }
}

/// A column name that is likely a typo of a currency column's (`curency`), with that name:
/// one edit away, two for a name of ten letters or more, as [`Column::misspelt`].
fn currency_misspelt(name: &str) -> Option<&'static str> {
    if name.len() > crate::names::MAX_TYPO_CHARS {
        return None;
    }
    let folded = fold(name);
    CURRENCY_COLUMNS.into_iter().find(|c| {
        let c = fold(c);
        strsim::osa_distance(&folded, &c) <= if c.len() >= 10 { 2 } else { 1 }
    })
}

/// The column named `name` (case, spaces, `_` and `-` folded), if any: `bonus` and `equity`,
/// the yearly parts of a package beside the pay.
fn named(names: &[String], name: &str) -> Option<usize> {
    names.iter().position(|n| fold(n) == name)
}

/// Words in a column's name (folded) that say which profile field it holds, though it is not
/// named as a profile column is (`Highest Degree`, `Job Level`, `Office`, `Hire Date`).
const PROFILE_WORDS: [(&str, Column); 22] = [
    ("degree", Column::Factor(Factor::Education)),
    ("educat", Column::Factor(Factor::Education)),
    ("qualification", Column::Factor(Factor::Education)),
    ("level", Column::Level),
    ("grade", Column::Level),
    ("seniority", Column::Level),
    ("title", Column::Level),
    ("band", Column::Level),
    ("locat", Column::Factor(Factor::Location)),
    ("office", Column::Factor(Factor::Location)),
    ("country", Column::Factor(Factor::Location)),
    ("city", Column::Factor(Factor::Location)),
    ("region", Column::Factor(Factor::Location)),
    ("worksite", Column::Factor(Factor::Location)),
    ("industry", Column::Factor(Factor::Industry)),
    ("sector", Column::Factor(Factor::Industry)),
    ("companysize", Column::Factor(Factor::CompanySize)),
    ("headcount", Column::Factor(Factor::CompanySize)),
    ("experience", Column::Years),
    ("tenure", Column::Years),
    ("hiredate", Column::Years),
    ("specializ", Column::Factor(Factor::Specialization)),
];

/// The profile column a pass-through column's name says it holds, if any: [`PROFILE_WORDS`],
/// and `years` in a name that is not `years` (`Years in Role`).
fn looks_like(name: &str) -> Option<Column> {
    if name.len() > crate::names::MAX_TYPO_CHARS {
        return None;
    }
    let folded = fold(name).replace(['\'', '’'], "");
    let specialis = folded.contains("specialis").then_some(Column::Factor(Factor::Specialization));
    let years = folded.contains("years").then_some(Column::Years);
    PROFILE_WORDS.iter().find(|(word, _)| folded.contains(word)).map(|&(_, c)| c).or(specialis).or(years)
}

/// Whether `name` is a column an earlier run of mlsal wrote: a result (`bands`, `level`), or
/// an input column it kept as `input_NAME`. Such columns are never read, and go unremarked.
fn earlier_result(name: &str) -> bool {
    const ESTIMATE: [&str; 11] = [
        "capped",
        "open_ended",
        "raw_multiplier",
        "blend",
        "base",
        "factors",
        "wage_growth",
        "profile",
        "exchange",
        "data",
        "bonus",
    ];
    name.starts_with("input_")
        || [
            &RESULT_COLUMNS[..],
            &TOTAL_COLUMNS,
            &REVIEW_COLUMNS,
            &CONVERTED_COLUMNS,
            &PACKAGE_COLUMNS,
            &RAISE_COLUMNS,
            &ESTIMATE,
        ]
        .iter()
        .any(|names| names.contains(&name))
}

/// The input's columns.
#[derive(Clone, Debug)]
pub struct Layout {
    /// The names as given, spaces and all. For JSON Lines, the first line's keys, then the profile
    /// columns it left out, so a later line may give them.
    pub names: Vec<String>,
    /// Where each profile column is, in [`Column::ALL`] order.
    pub at: [Option<usize>; Column::COUNT],
    /// Names that pass through but look like a misspelt profile column, with the column.
    pub misspelt: Vec<(String, &'static str)>,
    /// The pay column, when the pay is reviewed (see `review`), and the `currency` column the
    /// pay is read in, if any.
    pub pay: Option<usize>,
    pub currency: Option<usize>,
    /// With a pay column and no currency column, a name that looks like a misspelt one
    /// (`curency`), with the name it is near.
    pub currency_misspelt: Option<(String, &'static str)>,
    /// With a pay column, the `bonus` and `equity` columns, if any: the pay is then the base of
    /// a package, and its total is reviewed too.
    pub bonus: Option<usize>,
    pub equity: Option<usize>,
    /// The value maps and file-wide defaults ([`Mapping`]): what a cell is read as.
    pub(crate) mapping: Mapping,
    /// Columns that pass through but look like a profile field (`Highest Degree`), with the
    /// profile column each looks like.
    pub unread: Vec<(String, &'static str)>,
    /// JSON Lines: each name's column, for [`Layout::index`] (a wide object's every key was a
    /// scan of every name: 3,000 keys on 3,000 lines took 19 s).
    by_name: FxHashMap<String, usize>,
}

impl Layout {
    /// Finds the profile columns among `names`. A profile column given twice, or none at all,
    /// is an error; so is a CSV header with neither `years` nor `level` (every row would fail).
    pub fn new(names: Vec<String>, jsonl: bool) -> Result<Layout, Problem> {
        Layout::mapped(names, jsonl, &Mapping::default())
    }

    /// [`Layout::new`], with `--map`'s columns read as the profile columns they name.
    pub(crate) fn mapped(mut names: Vec<String>, jsonl: bool, mapping: &Mapping) -> Result<Layout, Problem> {
        let mut mapped: Vec<Option<Column>> = vec![None; names.len()];
        // A name that is no column is refused by `check_mapped`, as a flag's error.
        for (name, column) in &mapping.columns {
            if let Ok(i) = self::column(&names, name, "--map") {
                mapped[i] = Some(*column);
            }
        }
        let mut layout = Layout {
            names: Vec::new(),
            at: [None; Column::COUNT],
            misspelt: Vec::new(),
            pay: None,
            currency: None,
            currency_misspelt: None,
            bonus: None,
            equity: None,
            mapping: mapping.clone(),
            unread: Vec::new(),
            by_name: FxHashMap::default(),
        };
        for (i, name) in names.iter().enumerate() {
            match mapped[i].or_else(|| Column::parse(name)).map(Column::index) {
                Some(s) => match layout.at[s] {
                    Some(j) => {
                        return Err(Problem::Repeated { first: names[j].clone(), second: name.clone() });
                    }
                    None => layout.at[s] = Some(i),
                },
                None => layout.misspelt.extend(Column::misspelt(name).map(|c| (name.clone(), c.name()))),
            }
        }
        // A column that passes through but looks like a profile field, and no typo of one.
        let misspelt: HashSet<&str> = layout.misspelt.iter().map(|(n, _)| n.as_str()).collect();
        for (i, name) in names.iter().enumerate() {
            if !layout.at.contains(&Some(i))
                && !misspelt.contains(name.as_str())
                && !earlier_result(name)
                && let Some(column) = looks_like(name)
            {
                layout.unread.push((name.clone(), column.name()));
            }
        }
        if !names.is_empty() && layout.at.iter().all(Option::is_none) {
            let unread = layout.unread.first().cloned();
            return Err(Problem::NoProfileColumn {
                misspelt: layout.misspelt.first().cloned(),
                unread,
                names,
            });
        }
        if jsonl {
            for (at, column) in layout.at.iter_mut().zip(Column::ALL.map(Column::name)) {
                if at.is_none() {
                    *at = Some(names.len());
                    names.push(column.to_string());
                }
            }
        } else if layout.at[0].is_none() && layout.at[1].is_none() {
            let misspelt =
                layout.misspelt.iter().find(|(_, column)| ["years", "level"].contains(column)).cloned();
            let unread =
                layout.unread.iter().find(|(_, column)| ["years", "level"].contains(column)).cloned();
            return Err(Problem::NoExperienceColumn { misspelt, unread, names });
        }
        for (i, name) in names.iter().enumerate() {
            layout.by_name.entry(name.clone()).or_insert(i);
        }
        layout.names = names;
        Ok(layout)
    }

    /// Each `--map` (or map file) column is a column of the input: a usage error naming the
    /// columns, else. An input with no columns at all has none to map.
    pub(crate) fn check_mapped(&self) -> Result<(), Error> {
        if !self.names.is_empty() {
            for (name, _) in &self.mapping.columns {
                column(&self.names, name, "--map")?;
            }
        }
        Ok(())
    }

    /// Finds the pay column (`flag`, `--pay-column`'s name, else by its name) and, if there is one, the
    /// `currency` column it is read in; with `--summary` (`by`, the `--by` names), the group
    /// columns, as the summary needs a pay column.
    pub fn review(&mut self, flag: Option<&str>, by: Option<&[String]>) -> Result<Option<Vec<usize>>, Error> {
        self.pay = pay_column(&self.names, flag)?;
        if let Some(pay) = self.pay.filter(|&i| !self.passes(i)) {
            return Err(Error::InvalidValue {
                flag: "--pay-column",
                value: self.names[pay].clone(),
                reason: "that is a profile column: name the column of today's pay".into(),
            });
        }
        if self.pay.is_some() {
            self.currency = currency_column(&self.names)?;
            if self.currency.is_none() {
                self.currency_misspelt = self
                    .names
                    .iter()
                    .enumerate()
                    .filter(|&(i, _)| self.passes(i) && Some(i) != self.pay)
                    .find_map(|(_, n)| currency_misspelt(n).map(|c| (n.clone(), c)));
            }
            let part = |name| named(&self.names, name).filter(|&i| self.passes(i) && Some(i) != self.pay);
            (self.bonus, self.equity) = (part("bonus"), part("equity"));
        }
        match (by, self.pay) {
            (None, _) => Ok(None),
            (Some(_), None) => Err(Error::Usage {
                message: format!(
                    "--summary needs a pay column: none of the columns is named {} (or give --pay-column)",
                    PAY_COLUMNS.join(", ")
                ),
            }),
            (Some(by), Some(_)) => {
                let mut found: Vec<usize> = Vec::with_capacity(by.len());
                for b in by {
                    // A result column, when no input column has its name.
                    let i = match column(&self.names, b, "--by") {
                        Err(_) if fold(b) == "level" => BY_LEVEL,
                        Err(_) if fold(b) == "verdict" => BY_VERDICT,
                        found => found.map_err(|e| match e {
                            Error::InvalidValue { flag, value, reason } => Error::InvalidValue {
                                flag,
                                value,
                                reason: format!("{reason}, or a result column: `level`, `verdict`"),
                            },
                            e => e,
                        })?,
                    };
                    if found.contains(&i) {
                        return Err(Error::InvalidValue {
                            flag: "--by",
                            value: b.clone(),
                            reason: format!(
                                "column `{}` is already a group column: give each once",
                                printable(&by_name(&self.names, i))
                            ),
                        });
                    }
                    found.push(i);
                }
                Ok(Some(found))
            }
        }
    }

    /// No pay is reviewed after all: no pay column, nor the columns read with it.
    pub fn no_review(&mut self) {
        (self.pay, self.currency, self.currency_misspelt, self.bonus, self.equity) =
            (None, None, None, None, None);
    }

    /// The factor column `i` is the profile column of (`city`: location), if any.
    pub fn factor_of(&self, i: usize) -> Option<crate::tables::Factor> {
        let at = self.at.iter().position(|&a| a == Some(i))?;
        match Column::ALL[at] {
            Column::Factor(f) => Some(f),
            _ => None,
        }
    }

    /// Whether the pay is the base of a package: a `bonus` or `equity` column beside it.
    pub fn package(&self) -> bool {
        self.bonus.is_some() || self.equity.is_some()
    }

    /// Whether column `i` passes through (is not a profile column).
    pub fn passes(&self, i: usize) -> bool {
        !self.at.contains(&Some(i))
    }

    /// The column of a JSON Lines key: the same name as on the first line, or another
    /// spelling of a profile column (`location` for `city`).
    pub fn index(&self, key: &str) -> Option<usize> {
        self.by_name.get(key).copied().or_else(|| Column::parse(key).and_then(|c| self.at[c.index()]))
    }

    /// The output's names for the input columns: as given, but one named like a result column
    /// is kept as `input_NAME`, and a name given again (two `id` columns, two with no name)
    /// gets its column's number (`id_3`, `column_4`), so no output has two columns (or JSON
    /// keys) of one name: in JSON the second would hide the first.
    pub fn output_names(&self) -> Vec<String> {
        let review = if self.pay.is_some() { &REVIEW_COLUMNS[..] } else { &[] };
        let package = if self.package() { &PACKAGE_COLUMNS[..] } else { &[] };
        // `data` too: every JSON row ends with it (which tables). A budget's columns whether
        // or not this run has one: an earlier run's raises are its input, not this run's.
        let result = |n: &str| {
            n == "data"
                || RAISE_COLUMNS.contains(&n)
                || RESULT_COLUMNS.contains(&n)
                || TOTAL_COLUMNS.contains(&n)
                || review.contains(&n)
                || (!review.is_empty() && CONVERTED_COLUMNS.contains(&n))
                || package.contains(&n)
        };
        let given: HashSet<&str> = self.names.iter().map(String::as_str).collect();
        let mut taken: HashSet<String> = HashSet::with_capacity(self.names.len());
        let mut names = Vec::with_capacity(self.names.len());
        for (i, name) in self.names.iter().enumerate() {
            let mut name = if result(name) { format!("input_{name}") } else { name.clone() };
            if taken.contains(&name) {
                name = match name.is_empty() {
                    true => format!("column_{}", i + 1),
                    false => format!("{name}_{}", i + 1),
                };
                while taken.contains(&name) || given.contains(name.as_str()) {
                    name.push('_');
                }
            }
            taken.insert(name.clone());
            names.push(name);
        }
        names
    }
}
