//! JSON Lines in, JSON (Lines) out: a line's values read into a row's cells, keeping the
//! pass-through values as JSON; a row written as one object.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::error::Category;
use serde_json::value::RawValue;

use super::layout::{COLUMNS, Layout, RESULT_COLUMNS, misspelt, slot};
use super::record::Record;
use super::review::REVIEW_COLUMNS;
use super::rows::{Input, Job, OPTIONS, review_cells, total_amounts};
use super::{Flaw, Problem};
use crate::model::Estimate;
use crate::model::review::Review;
use crate::view::estimate::TOTAL_COLUMNS;

type Line<'b> = serde_json::Deserializer<serde_json::de::SliceRead<'b>>;

/// Hands each key of the object `de` reads to `each`, with its value as written, in order,
/// repeats included. Anything after the object is left to the caller.
fn entries<'b>(de: &mut Line<'b>, each: impl FnMut(Cow<'b, str>, &'b RawValue)) -> serde_json::Result<()> {
    de.deserialize_map(Entries(each))
}

struct Entries<F>(F);

impl<'b, F: FnMut(Cow<'b, str>, &'b RawValue)> Visitor<'b> for Entries<F> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'b>>(mut self, mut map: A) -> Result<(), A::Error> {
        while let Some(Text(key)) = map.next_key()? {
            (self.0)(key, map.next_value()?);
        }
        Ok(())
    }
}

/// A key or a string value's text, borrowed from the line unless it has escapes.
#[derive(serde::Deserialize)]
#[serde(transparent)]
struct Text<'b>(#[serde(borrow)] Cow<'b, str>);

/// The columns an object names, in order; `None` for a line that is no object. A key given
/// again, or another name of a profile column already named (`location` after `city`), is no
/// new column: it makes that line's row bad, as it would on any other line ([`read_line`]),
/// and the run goes on.
pub(super) fn keys(line: &[u8]) -> Option<Vec<String>> {
    let (mut seen, mut profile, mut columns) = (HashSet::new(), [false; COLUMNS.len()], Vec::new());
    let mut de = serde_json::Deserializer::from_slice(line);
    entries(&mut de, |key, _| {
        let new = match slot(&key) {
            Some(s) => !std::mem::replace(&mut profile[s], true),
            None => seen.insert(key.clone()),
        };
        if new {
            columns.push(key.into_owned());
        }
    })
    .ok()?;
    Some(columns)
}

/// Reads one JSON Lines object: each key's value into its column's slot, and each slot's text
/// into `record` (a value that is no text, like an array, as its JSON). A key that is no
/// column, or a profile value that is no text, makes the row bad; the rest is still read.
pub(super) fn read_line<'b>(
    line: &'b [u8],
    layout: &Layout,
    slots: &mut [Option<&'b RawValue>],
    record: &mut Record,
) -> Result<(), Problem> {
    slots.fill(None);
    // The first key that is no column, and the first column given twice (whose first value is
    // kept: the row is bad anyway).
    let (mut unknown, mut repeated) = (None, None);
    let mut de = serde_json::Deserializer::from_slice(line);
    let read = entries(&mut de, |key, value| match layout.index(&key) {
        Some(i) if slots[i].is_some() => drop(repeated.get_or_insert(i)),
        Some(i) => slots[i] = Some(value),
        None => drop(unknown.get_or_insert(key)),
    });
    let mut shape = match read.and_then(|()| de.end()) {
        Err(e) => {
            slots.fill(None);
            Err(match line.first() {
                Some(&first) if e.classify() == Category::Data && first != b'{' => {
                    Problem::NotObject { what: kind(first) }
                }
                // `{...}\r{...}`: serde_json reads past the `\r` as blank space.
                _ if e.classify() == Category::Syntax
                    && line
                        .split(|&b| b == b'\r')
                        .skip(1)
                        .any(|next| next.trim_ascii().starts_with(b"{")) =>
                {
                    Problem::CrLines
                }
                _ => Problem::Json(e),
            })
        }
        Ok(()) => match (repeated, unknown) {
            (Some(column), _) => Err(repeated_key(line, layout, column)),
            (None, Some(key)) => {
                Err(Problem::UnknownKey { suggestion: misspelt(&key), key: key.into_owned() })
            }
            (None, None) => Ok(()),
        },
    };
    record.clear();
    for (i, slot) in slots.iter().enumerate() {
        match slot.map(|value| (value, cell_text(value))) {
            None => record.push_field(b""),
            Some((_, Some(text))) => record.push_field(text.as_bytes()),
            Some((value, None)) => {
                if !layout.passes(i) && shape.is_ok() {
                    shape =
                        Err(Problem::NotText { column: layout.names[i].clone(), value: value.get().into() });
                }
                record.push_field(value.get().as_bytes());
            }
        }
    }
    shape
}

/// A JSON value as a cell: a string's text, a number as written, `null` as empty; `None` for
/// `true`, `false`, an object or an array (which a profile value cannot be).
fn cell_text(value: &RawValue) -> Option<Cow<'_, str>> {
    let raw = value.get();
    match raw.as_bytes().first()? {
        b'"' => serde_json::from_str::<Text>(raw).ok().map(|Text(text)| text),
        b'n' => Some(Cow::Borrowed("")),
        b'-' | b'0'..=b'9' => Some(Cow::Borrowed(raw)),
        _ => None,
    }
}

/// What a JSON value that starts with `first` is, for a message.
fn kind(first: u8) -> &'static str {
    match first {
        b'[' => "an array",
        b'"' => "a string",
        b't' | b'f' => "a boolean",
        b'n' => "null",
        _ => "a number",
    }
}

/// The two keys of `line` that name `column` (found again only for a bad line).
fn repeated_key(line: &[u8], layout: &Layout, column: usize) -> Problem {
    let mut keys = Vec::new();
    let _ = entries(&mut serde_json::Deserializer::from_slice(line), |key, _| {
        if layout.index(&key) == Some(column) {
            keys.push(key.into_owned());
        }
    });
    let mut keys = keys.into_iter();
    let first = keys.next().unwrap_or_default();
    let second = keys.next().unwrap_or_else(|| first.clone());
    Problem::RepeatedKey { first, second }
}

/// A JSON Lines or JSON row: the input's columns (strings, or with JSON Lines input the values
/// as they were, `null` where the row omits a key), then the results (`null` for a bad row).
pub(super) struct JsonRow<'r, 'a> {
    pub job: &'r Job<'a>,
    pub record: &'r Record,
    pub input: Input<'r>,
    pub result: Result<&'r Estimate<'a>, &'r Flaw>,
    /// With a pay column, the row's review (`None` for a bad row).
    pub review: Option<&'r Review<'a>>,
}

impl Serialize for JsonRow<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let job = self.job;
        let mut map = s.serialize_map(None)?;
        for (i, name) in job.names.iter().enumerate() {
            match self.input {
                // As given, profile and pass-through keys alike: each value with its JSON type,
                // and `null` for a key the row omits.
                Input::Json(raw) => map.serialize_entry(name, &raw[i])?,
                _ => map.serialize_entry(
                    name,
                    &String::from_utf8_lossy(self.record.get(i).unwrap_or_default()),
                )?,
            }
        }
        let e = match self.result {
            Ok(e) => e,
            Err(flaw) => {
                let totals = if job.opts.total { &TOTAL_COLUMNS[..] } else { &[] };
                let review = if job.layout.pay.is_some() { &REVIEW_COLUMNS[..] } else { &[] };
                for name in RESULT_COLUMNS[..RESULT_COLUMNS.len() - 1].iter().chain(totals).chain(review) {
                    map.serialize_entry(name, &())?;
                }
                map.serialize_entry("error", &flaw.message)?;
                return map.end();
            }
        };
        map.serialize_entry("level", job.level(e.placement))?;
        // As in CSV: `1`, not `1.0`.
        match e.multiplier {
            m if m.fract() == 0.0 && m.abs() < 1e15 => map.serialize_entry("multiplier", &(m as i64))?,
            m => map.serialize_entry("multiplier", &m)?,
        }
        map.serialize_entry("low", &e.low)?;
        map.serialize_entry("mid", &e.mid)?;
        map.serialize_entry("high", &e.high)?;
        map.serialize_entry("currency", e.currency)?;
        map.serialize_entry("pay_year", &e.pay.year)?;
        map.serialize_entry("wage_factor", &e.pay.factor)?;
        map.serialize_entry("bands", job.tables.bands.basis.as_str())?;
        if let Some(t) = e.total.as_ref().filter(|_| job.opts.total) {
            for (name, amount) in TOTAL_COLUMNS.iter().zip(total_amounts(t)) {
                match amount {
                    Some(amount) => map.serialize_entry(name, &amount)?,
                    None => map.serialize_entry(name, OPTIONS)?,
                }
            }
        }
        if let Some(r) = self.review {
            // As `offer --format json` gives them: numbers (whole ones as integers), the
            // survey percentile as a number (null without a cell).
            let [_, _, _, _, percentile] = review_cells(r);
            map.serialize_entry("compa_ratio", &r.compa_ratio)?;
            map.serialize_entry("position_pct", &r.position_pct)?;
            match r.gap_to_mid {
                g if g.fract() == 0.0 && g.abs() < 9e15 => map.serialize_entry("gap_to_mid", &(g as i64))?,
                g => map.serialize_entry("gap_to_mid", &g)?,
            }
            map.serialize_entry("verdict", r.verdict.as_str())?;
            map.serialize_entry("survey_percentile", &percentile.parse::<f64>().ok())?;
        }
        map.serialize_entry("error", &())?;
        map.end()
    }
}
