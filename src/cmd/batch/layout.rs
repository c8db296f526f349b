//! The input's columns: which are profile columns, which pass through, and what the output
//! calls them.

use super::Problem;
use super::record::Record;
use crate::cli::InputFormat;
use crate::names::fold;
use crate::render::TOTAL_COLUMNS;
use crate::tables::Factor;

/// The profile columns, by the names the output gives them (the long flag names; `location`,
/// `company-size` and `size` are read too). Their order is the order of [`Layout::at`].
pub const COLUMNS: [&str; 7] =
    ["years", "level", "city", "education", "specialization", "industry", "company_size"];

/// The result columns, after the input's own; with `--total`, [`TOTAL_COLUMNS`] come before
/// `error`.
pub const RESULT_COLUMNS: [&str; 10] =
    ["level", "multiplier", "low", "mid", "high", "currency", "pay_year", "wage_factor", "bands", "error"];

/// The profile column a name means, as its index in [`COLUMNS`] (case, spaces, `-` and `_`
/// folded, as for values).
pub fn slot(name: &str) -> Option<usize> {
    match fold(name).as_str() {
        "years" => Some(0),
        "level" => Some(1),
        _ => Factor::parse(name).map(|f| 2 + f.index()),
    }
}

/// The profile column a name is likely a typo of (`yeras`, `compnay_size`): one edit away (a
/// swap of two letters is one edit), two for a name of ten letters or more.
pub fn misspelt(name: &str) -> Option<&'static str> {
    let folded = fold(name);
    let names =
        COLUMNS.iter().map(|c| (*c, *c)).chain([("location", "city"), ("specialisation", "specialization")]);
    names.map(|(typed, column)| (fold(typed), column)).find_map(|(typed, column)| {
        let near = if typed.len() >= 10 { 2 } else { 1 };
        (strsim::osa_distance(&folded, &typed) <= near).then_some(column)
    })
}

/// The input's columns.
#[derive(Clone, Debug)]
pub struct Layout {
    /// The names as given (trimmed). For JSON Lines, the first line's keys, then the profile
    /// columns it left out, so a later line may give them.
    pub names: Vec<String>,
    /// Where each profile column is, in [`COLUMNS`] order.
    pub at: [Option<usize>; 7],
    /// Names that pass through but look like a misspelt profile column, with the column.
    pub misspelt: Vec<(String, &'static str)>,
    /// JSON Lines: pass-through values are kept as JSON.
    pub jsonl: bool,
}

impl Layout {
    /// Reads the columns from the first chunk: a CSV header (taken off the chunk, with the
    /// number of lines it took), or the keys of the first JSON object (whose line stays, as
    /// the first row). `None` when the chunk holds nothing but blank space.
    pub fn read(input: InputFormat, chunk: &mut Vec<u8>) -> anyhow::Result<Option<(Layout, u64)>> {
        if input == InputFormat::Jsonl {
            let Some(line) = chunk.split(|&b| b == b'\n').map(<[u8]>::trim_ascii).find(|l| !l.is_empty())
            else {
                return Ok(None);
            };
            // A first line that is not an object names no columns: it is then the first row's
            // error, like any bad line, and nothing after it is lost.
            return Ok(Some((Layout::new(super::json::keys(line), true)?, 0)));
        }
        let (mut parser, mut header, mut taken) = (csv_core::Reader::new(), Record::default(), 0);
        loop {
            let Some(n) = header.read(&mut parser, &chunk[taken..]) else {
                return Ok(None);
            };
            taken += n;
            if !header.blank() {
                break;
            }
        }
        let mut names = Vec::with_capacity(header.len());
        for i in 0..header.len() {
            let name = header.get(i).unwrap_or_default();
            let name = std::str::from_utf8(name).map_err(|_| Problem::HeaderNotUtf8 { column: i + 1 })?;
            names.push(name.trim().to_string());
        }
        let lines = memchr::memchr_iter(b'\n', &chunk[..taken]).count() as u64;
        chunk.drain(..taken);
        Ok(Some((Layout::new(names, false)?, lines)))
    }

    /// Finds the profile columns among `names`. A profile column given twice, or none at all,
    /// is an error; so is a CSV header with neither `years` nor `level` (every row would fail).
    pub fn new(mut names: Vec<String>, jsonl: bool) -> Result<Layout, Problem> {
        let mut layout = Layout { names: Vec::new(), at: [None; 7], misspelt: Vec::new(), jsonl };
        for (i, name) in names.iter().enumerate() {
            match slot(name) {
                Some(s) => match layout.at[s] {
                    Some(j) => {
                        return Err(Problem::Repeated { first: names[j].clone(), second: name.clone() });
                    }
                    None => layout.at[s] = Some(i),
                },
                None => layout.misspelt.extend(misspelt(name).map(|column| (name.clone(), column))),
            }
        }
        if !names.is_empty() && layout.at.iter().all(Option::is_none) {
            return Err(Problem::NoProfileColumn { misspelt: layout.misspelt.first().cloned(), names });
        }
        if jsonl {
            for (at, column) in layout.at.iter_mut().zip(COLUMNS) {
                if at.is_none() {
                    *at = Some(names.len());
                    names.push(column.to_string());
                }
            }
        } else if layout.at[0].is_none() && layout.at[1].is_none() {
            let misspelt =
                layout.misspelt.iter().find(|(_, column)| ["years", "level"].contains(column)).cloned();
            return Err(Problem::NoExperienceColumn { misspelt, names });
        }
        layout.names = names;
        Ok(layout)
    }

    /// Whether column `i` passes through (is not a profile column).
    pub fn passes(&self, i: usize) -> bool {
        !self.at.contains(&Some(i))
    }

    /// The column of a JSON Lines key: the same name as on the first line, or another
    /// spelling of a profile column (`location` for `city`).
    pub fn index(&self, key: &str) -> Option<usize> {
        self.names.iter().position(|n| n == key).or_else(|| slot(key).and_then(|s| self.at[s]))
    }

    /// The output's names for the input columns: as given, but one named like a result column
    /// is kept as `input_NAME`, so no output has two columns (or JSON keys) of one name.
    pub fn output_names(&self) -> Vec<String> {
        let taken = |n: &str| RESULT_COLUMNS.contains(&n) || TOTAL_COLUMNS.contains(&n);
        self.names.iter().map(|n| if taken(n) { format!("input_{n}") } else { n.clone() }).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(names: &[&str]) -> Result<Layout, Problem> {
        Layout::new(names.iter().map(|s| s.to_string()).collect(), false)
    }

    #[test]
    fn profile_columns_in_any_order_with_forgiving_names_and_the_rest_passed_through() {
        let l = layout(&["id", "City", "years", "company-size", "name"]).unwrap();
        assert_eq!(l.at, [Some(2), None, Some(1), None, None, None, Some(3)]);
        assert!(l.passes(0) && l.passes(4) && !l.passes(1));
        assert!(l.misspelt.is_empty());
        let l = layout(&["level", "mid"]).unwrap();
        assert_eq!(l.output_names(), ["input_level", "input_mid"]);
    }

    #[test]
    fn near_misses_are_noted_and_far_ones_are_not() {
        for (name, column) in [("yeras", "years"), ("compnay_size", "company_size"), ("Year", "years")] {
            assert_eq!(misspelt(name), Some(column), "{name}");
        }
        for name in ["employee_id", "name", "team", "title", "site", "location_id", "company", "label"] {
            assert_eq!(misspelt(name), None, "{name}");
        }
        let l = layout(&["yeras", "years", "citty"]).unwrap();
        assert_eq!(l.misspelt, [("yeras".to_string(), "years"), ("citty".to_string(), "city")]);
    }

    #[test]
    fn bad_headers_say_what_is_wrong() {
        let e = layout(&["years", "city", "location"]).unwrap_err().to_string();
        assert!(e.contains("`city` and `location`"), "{e}");
        let e = layout(&["employee_id", "yeras"]).unwrap_err().to_string();
        assert!(
            e.starts_with("no profile column among `employee_id`, `yeras` (is `yeras` meant to be `years`?)"),
            "{e}"
        );
        let e = layout(&["city"]).unwrap_err().to_string();
        assert!(e.contains("no `years` or `level` column"), "{e}");
        // JSON Lines: every profile column is a column, so a later line may give it.
        let l = Layout::new(vec!["id".into(), "years".into()], true).unwrap();
        assert_eq!(l.names.len(), 8);
        assert_eq!((l.index("location"), l.index("id"), l.index("town")), (Some(3), Some(0), None));
    }
}
