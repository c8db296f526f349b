//! JSON Lines in: a line's values read into a row's cells, keeping the pass-through values
//! as JSON (`view::batch::Writer` writes them back as they were, from `Input::Json`).

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::error::Category;
use serde_json::value::RawValue;

use super::layout::Layout;
use super::problem::Problem;
use crate::input::Record;
use crate::tables::Column;

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
pub(crate) fn keys(line: &[u8]) -> Option<Vec<String>> {
    let (mut seen, mut profile, mut columns) = (HashSet::new(), [false; Column::ALL.len()], Vec::new());
    let mut de = serde_json::Deserializer::from_slice(line);
    entries(&mut de, |key, _| {
        let new = match Column::parse(&key) {
            Some(c) => !std::mem::replace(&mut profile[c.index()], true),
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
pub(crate) fn read_line<'b>(
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
            (None, Some(key)) => Err(Problem::UnknownKey {
                suggestion: Column::misspelt(&key).map(Column::name),
                key: key.into_owned(),
            }),
            (None, None) => Ok(()),
        },
    };
    if shape.is_ok() {
        from_factors(layout, slots);
    }
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

/// One of the `factors` that `estimate` and `compare` write in JSON: the factor and its key.
#[derive(serde::Deserialize)]
struct Factor<'b> {
    factor: Text<'b>,
    #[serde(borrow)]
    key: &'b RawValue,
}

/// An earlier output of `estimate` or `compare` in JSON names its profile's factors in its
/// `factors` array, by their keys: a profile column the object does not give takes its key
/// there, so the row is priced again as it was.
fn from_factors<'b>(layout: &Layout, slots: &mut [Option<&'b RawValue>]) {
    let Some(at) = layout.index("factors").filter(|&i| layout.passes(i)) else { return };
    let Some(value) = slots[at].filter(|v| v.get().starts_with('[')) else { return };
    let Ok(factors) = serde_json::from_str::<Vec<Factor<'b>>>(value.get()) else { return };
    for Factor { factor: Text(name), key } in factors {
        if let Some(i) = Column::parse(&name).and_then(|c| layout.at[c.index()])
            && slots[i].is_none()
        {
            slots[i] = Some(key);
        }
    }
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
